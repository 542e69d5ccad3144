import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Routes, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { api, asProblem } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useSession } from '../../session.js';
import type { Answer, Get, Me } from '../../types.js';
import { TopBar } from '../../ui/layout.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { SubmissionDetail } from '../act/requests/SubmissionDetail.js';

/**
 * Invitations by email (SPEC §8): the page a link opens (`/invitations/{token}`, signed in or not), the requestor's
 * "Invite by email" card, ACT's "Invite an external reviewer" card, and what an invited reviewer reviews.
 */

type OpenedInvitation = Answer<'/api/v1/invitations/open', 'post'>;
type Invitation = Answer<'/api/v1/requests/{id}/invitations', 'post'>;
type Accepted = Answer<'/api/v1/invitations/accept', 'post'>;
type Reviewing = Get<'/api/v1/invitations/reviewing'>;
type InvitationPage = { items: Invitation[]; total: number; limit: number; offset: number };

/** Invitation statuses in words. */
export const invitationStatusWords: Record<Invitation['status'], string> = {
  pending: 'Waiting to be accepted',
  accepted: 'Accepted',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
  ended: 'Review access ended',
};
const statusTone = { pending: 'info', accepted: 'success', expired: 'neutral', withdrawn: 'neutral', ended: 'neutral' } as const;

/** `/invitations/{token}` (signed out, unless `?signin=1` asks for the sign-in page). */
export const isInvitationPage = (pathname: string, search: string) =>
  /^\/invitations\/[^/]+\/?$/.test(pathname) && !new URLSearchParams(search).has('signin');

function rulesSentence(rules: OpenedInvitation['accessorRules']): string | null {
  if (rules.certifiedRequired && rules.validatedRequired) return 'Accessors of this request must be certified and have a validated profile.';
  if (rules.certifiedRequired) return 'Accessors of this request must be certified.';
  if (rules.validatedRequired) return 'Accessors of this request must have a validated profile.';
  return null;
}

function useOpenedInvitation(token: string, signedInAs: number | null) {
  return useQuery({
    queryKey: ['/invitations/open', token, signedInAs],
    queryFn: () => api.post<OpenedInvitation>('/invitations/open', { token }),
  });
}

/** What the invitation is for: the request, the access requirement, who invited, until when. */
function About({ inv }: { inv: OpenedInvitation }) {
  const rules = inv.kind === 'accessor' ? rulesSentence(inv.accessorRules) : null;
  return (
    <dl className="invitation-facts" data-testid="invitation-facts">
      <dt>{inv.kind === 'accessor' ? 'Join as an accessor of' : 'Review'}</dt>
      <dd>{inv.request ? inv.request.title : `Every data access request for ${inv.accessRequirement.name}`}</dd>
      <dt>Access requirement</dt>
      <dd>{inv.accessRequirement.name}</dd>
      <dt>Invited by</dt>
      <dd>{inv.invitedBy.displayName}</dd>
      <dt>Sent to</dt>
      <dd>{inv.email}</dd>
      <dt>{inv.status === 'expired' ? 'Expired' : 'Expires'}</dt>
      <dd><When at={inv.expiresOn} /></dd>
      {rules && <><dt>Conditions</dt><dd>{rules}</dd></>}
    </dl>
  );
}

function StatusNote({ inv }: { inv: OpenedInvitation }) {
  if (inv.status === 'pending') return null;
  const text = inv.status === 'accepted' || inv.status === 'ended'
    ? 'This invitation was accepted already; an invitation link works once.'
    : inv.status === 'expired'
      ? `This invitation has expired. Ask ${inv.invitedBy.displayName} to invite you again.`
      : `${inv.invitedBy.displayName} withdrew this invitation.`;
  return <Alert tone="warning" testId="invitation-status">{text}</Alert>;
}

/** Signed out: what it is for, then "Sign in" (back here after) or "Create an account" with the invited address. */
function SignedOutInvitation({ token }: { token: string }) {
  const { setMe } = useSession();
  const { pathname } = useLocation();
  const opened = useOpenedInvitation(token, null);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const create = useAction(async () => {
    const { user } = await api.post<{ user: Me }>('/invitations/account', { token, username: username.trim(), displayName: displayName.trim(), password });
    // Signed in: the app shows the terms of use first, then this address again, with "Accept".
    setMe(user);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  if (opened.isLoading) return <Loading what="Opening the invitation" />;
  if (opened.error) return <LoadError problem={asProblem(opened.error)} />;
  const inv = opened.data!;
  return (
    <>
      <PageHeader title="Invitation" subtitle={inv.kind === 'accessor' ? 'To join a data access request' : 'To review data access requests'} />
      <Card id="invitation-card" testId="invitation-card">
        <About inv={inv} />
        <StatusNote inv={inv} />
      </Card>
      {inv.status === 'pending' && (
        <Card title="Sign in or create an account to accept" id="invitation-signin" testId="invitation-signin">
          <p className="small">Already have an account with {inv.email}? Sign in; you come back to this invitation.</p>
          <p><a className="btn btn-primary" href={`${pathname}?signin=1`} data-testid="invitation-signin-link">Sign in</a></p>
          <h3 className="subhead-small">New here? Create an account</h3>
          <form onSubmit={submit} noValidate data-testid="invitation-signup">
            <FormProblem problem={create.problem} fields={['username', 'displayName', 'password']} />
            <Field label="Email" id="inv-email" hint="The address the invitation was sent to.">
              <input type="email" value={inv.email} readOnly />
            </Field>
            <Field label="Username" name="username" problem={create.problem} id="inv-username">
              <input type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} required />
            </Field>
            <Field label="Your name" name="displayName" problem={create.problem} id="inv-name">
              <input type="text" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </Field>
            <Field label="Password" name="password" problem={create.problem} id="inv-password">
              <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </Field>
            <SubmitButton pending={create.pending} pendingText="Creating the account…">Create account</SubmitButton>
          </form>
        </Card>
      )}
    </>
  );
}

/** Signed in: what it is for and "Accept"; refusals say why (wrong account, tiers, expired…). */
function SignedInInvitation({ token, me }: { token: string; me: Me }) {
  const navigate = useNavigate();
  const opened = useOpenedInvitation(token, me.id);
  const [done, setDone] = useState<Accepted>();
  const accept = useAction(async () => {
    const accepted = await api.post<Accepted>('/invitations/accept', { token });
    setDone(accepted);
    return accepted;
  });
  if (opened.isLoading) return <Loading what="Opening the invitation" />;
  if (opened.error) return <><PageHeader title="Invitation" /><LoadError problem={asProblem(opened.error)} /></>;
  const inv = opened.data!;
  return (
    <>
      <PageHeader title="Invitation" subtitle={inv.kind === 'accessor' ? 'To join a data access request' : 'To review data access requests'} />
      <Card id="invitation-card" testId="invitation-card">
        <About inv={inv} />
        {!done && <StatusNote inv={inv} />}
        {done ? (
          <Alert tone="success" testId="invitation-accepted">
            {done.kind === 'accessor' ? 'You are now an accessor of the request.' : 'You are now a reviewer of what you were invited to review.'}{' '}
            <Link to={done.link}>{done.kind === 'accessor' ? 'Open the request' : 'Go to the review'}</Link>
          </Alert>
        ) : inv.status === 'pending' && (
          <>
            {inv.signedInAs && !inv.signedInAs.matches && (
              <Alert tone="warning" testId="invitation-other-account">
                This invitation was sent to {inv.email}, and you are signed in as {inv.signedInAs.username}. Sign out and sign in with the account of {inv.email} (or create one) to accept it.
              </Alert>
            )}
            <FormProblem problem={accept.problem} />
            <div className="form-actions">
              <button type="button" className="btn btn-primary" disabled={accept.pending} onClick={() => void accept.run()} data-testid="invitation-accept">
                {accept.pending ? 'Accepting…' : 'Accept'}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => navigate('/')}>Not now</button>
            </div>
          </>
        )}
      </Card>
    </>
  );
}

/** `/invitations/{token}`: the page an invitation email links to. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { me } = useSession();
  useEffect(() => {
    document.title = 'Invitation · Gatehouse';
  }, []);
  return me ? <SignedInInvitation token={token} me={me} /> : <SignedOutInvitation token={token} />;
}

/** The invitation page for a visitor who is not signed in: "Sign in" in the top bar brings them back here. */
export function PublicInvitation() {
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <TopBar signedIn={false} signInTo={`${pathname}?signin=1`} />
      <main id="main" className="content content-public" tabIndex={-1}>
        <Routes>
          <Route path="/invitations/:token" element={<InvitationPage />} />
        </Routes>
      </main>
    </div>
  );
}

// ---- Lists of invitations, with "Withdraw" -------------------------------------------------------------

function InvitationList({ path, query, empty, showScope }: { path: string; query: Record<string, string | number | undefined>; empty: string; showScope?: boolean }) {
  const [offset, setOffset] = useState(0);
  const list = useApi<InvitationPage>(path, { ...query, limit: 20, offset });
  const withdraw = useAction((id: number) => api.post<Invitation>(`/invitations/${id}/withdraw`));
  if (list.loading && !list.data) return <Loading what="Loading the invitations" />;
  if (list.error) return <LoadError problem={list.error} retry={list.reload} />;
  const items = list.data?.items ?? [];
  if (items.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <>
      <FormProblem problem={withdraw.problem} />
      <ul className="invitation-list" data-testid="invitation-list">
        {items.map((i) => (
          <li key={i.id} className="invitation-item">
            <div className="invitation-who">
              <strong>{i.email}</strong> <Badge tone={statusTone[i.status]}>{invitationStatusWords[i.status]}</Badge>
              <div className="muted small">
                {showScope && <>{i.requestId ? <>Request <Link to={`/requests/${i.requestId}`}>#{i.requestId}</Link></> : <>Every request of {i.accessRequirement.name}</>} · </>}
                {i.acceptedBy ? <>accepted by {i.acceptedBy.displayName} <When at={i.acceptedOn} /></> : <>sent by {i.invitedBy.displayName} <When at={i.createdOn} />; {i.status === 'expired' ? 'expired' : 'expires'} <When at={i.expiresOn} dateOnly /></>}
              </div>
            </div>
            {(i.status === 'pending' || (i.status === 'accepted' && i.kind === 'reviewer')) && (
              <ConfirmButton variant="secondary" onConfirm={() => withdraw.run(i.id)} confirmText={i.status === 'pending' ? 'Yes, withdraw' : 'Yes, end their review access'}>
                {i.status === 'pending' ? 'Withdraw' : 'End access'}
              </ConfirmButton>
            )}
          </li>
        ))}
      </ul>
      {list.data && <Pagination total={list.data.total} limit={list.data.limit} offset={list.data.offset} onOffset={setOffset} />}
    </>
  );
}

function InviteForm({ label, hint, send, testId }: { label: string; hint: string; send(email: string): Promise<unknown>; testId: string }) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string>();
  const invite = useAction(async () => {
    await send(email.trim());
    setSent(email.trim());
    setEmail('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(undefined);
    void invite.run();
  };
  return (
    <form className="invite-form" onSubmit={submit} noValidate data-testid={testId}>
      {sent && <Alert tone="success" testId="invitation-sent">An invitation was sent to {sent}.</Alert>}
      <FormProblem problem={invite.problem} fields={['email']} />
      <Field label={label} name="email" problem={invite.problem} hint={hint}>
        <input type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@institution.org" required />
      </Field>
      <SubmitButton pending={invite.pending} pendingText="Sending…" variant="secondary" disabled={!email.trim()}>Send invitation</SubmitButton>
    </form>
  );
}

/** The requestor's "Invite by email" on the request page: for someone who may not have an account yet. */
export function InviteAccessorsCard({ requestId, canInvite }: { requestId: number; canInvite: boolean }) {
  return (
    <Card title="Invite by email" id="request-invitations" testId="request-invitations">
      {canInvite
        ? <InviteForm label="Email address" testId="invite-accessor" hint="They get a link that works once; they join as an accessor when they accept, if they meet the conditions."
          send={(email) => api.post(`/requests/${requestId}/invitations`, { email })} />
        : <p className="muted small">Invitations can be sent while the request can be changed.</p>}
      <h3 className="subhead-small">Invitations</h3>
      <InvitationList path={`/requests/${requestId}/invitations`} query={{}} empty="No invitations sent." />
    </Card>
  );
}

/** The invitation cards of the request page: the requestor's "Invite by email", ACT's "Invite an external reviewer". */
export function RequestInvitations({ request }: { request: { id: number; accessRequirementId: number; requestor: { id: number }; canEdit: boolean } }) {
  const { me } = useSession();
  if (!me) return null;
  return (
    <>
      {request.requestor.id === me.id && <InviteAccessorsCard requestId={request.id} canInvite={request.canEdit} />}
      {(me.isAct || me.isAdmin) && <InviteReviewerCard accessRequirementId={request.accessRequirementId} requestId={request.id} />}
    </>
  );
}

/** ACT's "Invite an external reviewer", for one request (requestId) or every request of the AR. */
export function InviteReviewerCard({ accessRequirementId, requestId }: { accessRequirementId: number; requestId?: number }) {
  return (
    <Card title="Invite an external reviewer" id="reviewer-invitations" testId="reviewer-invitations">
      <InviteForm label="Reviewer's email address" testId="invite-reviewer"
        hint={requestId ? 'They may review this request only, once they accept and have a validated profile.' : 'They may review every request of this access requirement, once they accept and have a validated profile.'}
        send={(email) => api.post('/reviewer-invitations', requestId ? { email, requestId } : { email, accessRequirementId })} />
      <h3 className="subhead-small">Reviewer invitations</h3>
      <InvitationList path="/reviewer-invitations" query={requestId ? { requestId } : { accessRequirementId }} empty="No reviewer invitations." showScope />
    </Card>
  );
}

// ---- What an invited reviewer reviews ------------------------------------------------------------------

/** `/reviewing`: the requests and access requirements the user was invited to review. */
export function InvitedReviewsPage() {
  const reviewing = useApi<Reviewing>('/invitations/reviewing');
  const items = reviewing.data?.items ?? [];
  return (
    <>
      <PageHeader title="Invited reviews" subtitle="What the Access and Compliance Team invited you to review." />
      {reviewing.loading && !reviewing.data ? <Loading what="Loading" /> : reviewing.error ? <LoadError problem={reviewing.error} retry={reviewing.reload} /> : (
        <>
          {reviewing.data && !reviewing.data.mayReview && (
            <Alert tone="warning" testId="reviewer-not-validated">A reviewer decides with a validated profile. <Link to="/profile/verification">Submit your identity verification</Link>.</Alert>
          )}
          {items.length === 0 ? <Empty title="Nothing to review by invitation" /> : (
            <ul className="invitation-list" data-testid="invited-reviews">
              {items.map((i) => (
                <li key={`${i.accessRequirement.id}-${i.request?.id ?? 'all'}`} className="invitation-item">
                  {i.request
                    ? <Link to={`/reviewing/requests/${i.request.id}`}>Request #{i.request.id} · {i.accessRequirement.name}</Link>
                    : <Link to={`/act/requests?accessRequirementId=${i.accessRequirement.id}`}>Every request of {i.accessRequirement.name}</Link>}
                  <span className="muted small"> since <When at={i.since} dateOnly /></span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** `/reviewing/requests/{id}`: the one request an invited reviewer reviews, with Approve / Reject. */
export function InvitedReviewPage() {
  const { id } = useParams();
  const reviewing = useApi<Reviewing>('/invitations/reviewing');
  const item = reviewing.data?.items.find((i) => String(i.request?.id) === id);
  return (
    <>
      <p className="breadcrumb"><Link to="/reviewing">Invited reviews</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={item ? `Review: ${item.accessRequirement.name}` : 'Review'} />
      {reviewing.loading && !reviewing.data ? <Loading what="Loading" /> : reviewing.error ? <LoadError problem={reviewing.error} retry={reviewing.reload} />
        : !item ? <Empty title="You were not invited to review this request" />
          : item.request?.currentSubmissionId ? <SubmissionDetail submissionId={item.request.currentSubmissionId} onChanged={reviewing.reload} />
            : <Empty title="Nothing submitted yet">The requestor has not submitted this request yet.</Empty>}
    </>
  );
}
