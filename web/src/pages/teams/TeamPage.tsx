import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe, useSession } from '../../session.js';
import type { AccessRequirement, MembershipRequest, Page, Team, TeamInvitation, TeamMember, UserSummary } from '../../types.js';
import { AcceptRequirement } from '../../ui/consent.js';
import { ArTypeBadge } from '../../ui/entities.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, When, PageSkeleton } from '../../ui/bits.js';
import { Checkbox, Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { RoleBadge } from './Teams.js';
import { RequestAccess } from '../data/RequestAccess.js';

const LIMIT = 50;

function EditTeam({ team, onSaved, onCancel }: { team: Team; onSaved(t: Team): void; onCancel(): void }) {
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description ?? '');
  const save = useAction(async () => onSaved(await api.patch<Team>(`/teams/${team.id}`, { name: name.trim(), description: description.trim() })));
  return (
    <Card title="Edit team" id="edit-team">
      <form onSubmit={(e) => { e.preventDefault(); void save.run(); }} noValidate className="narrow">
        <FormProblem problem={save.problem} fields={['name', 'description']} />
        <Field label="Team name" name="name" problem={save.problem} id="edit-team-name"><input type="text" value={name} onChange={(e) => setName(e.target.value)} /></Field>
        <Field label="Description" name="description" problem={save.problem} id="edit-team-description"><textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} /></Field>
        <div className="button-row">
          <SubmitButton pending={save.pending}>Save</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}

/** One requirement bound to the team, with the caller's standing and, for terms, the text to read and accept. */
function TeamRequirement({ ar, onAccepted }: { ar: AccessRequirement; onAccepted(): void }) {
  const status = useApi<{ isApproved: boolean; approvals: { accessRequirementVersion: number; state: string }[] }>(`/access-requirements/${ar.id}/status`);
  const approved = status.data?.isApproved;
  const version = status.data?.approvals.find((a) => a.state === 'APPROVED')?.accessRequirementVersion;
  return (
    <li className="ar-item" data-testid={`team-ar-${ar.id}`}>
      <div className="ar-head">
        <strong>{ar.name}</strong>
        <span className="ar-badges"><ArTypeBadge type={ar.type} /> {status.data && (approved
          ? <Badge tone="success">accepted{version ? ` (version ${version})` : ''}</Badge>
          : <Badge tone="warning">not met</Badge>)}</span>
      </div>
      {status.data && !approved && (ar.type === 'TermsOfUse' || ar.type === 'SelfSign') && (
        <AcceptRequirement ar={ar} onAccepted={() => { status.reload(); onAccepted(); }} />
      )}
      {status.data && !approved && ar.type === 'ManagedACT' && (
        <RequestAccess accessRequirementId={ar.id} />
      )}
    </li>
  );
}

/** The access requirements a user must meet before joining (SPEC §4), each read and accepted here. */
function TeamRequirements({ team }: { team: Team }) {
  const ars = useApi<Page<AccessRequirement>>('/access-requirements', { subjectType: 'team', subjectId: String(team.id), limit: 50 });
  const [notice, setNotice] = useState<string>();
  const items = ars.data?.items ?? [];
  if (ars.error) return <LoadError problem={ars.error} retry={ars.reload} />;
  if (items.length === 0) return null;
  return (
    <div className="team-requirements" data-testid="team-requirements">
      <h3 className="subhead-small">Before you can join</h3>
      <p className="small muted">Every member of this team must meet {items.length === 1 ? 'this requirement' : 'these requirements'}.</p>
      {notice && <Alert tone="success">{notice}</Alert>}
      <ul className="ar-list" aria-label="Requirements to join">
        {items.map((ar) => <TeamRequirement key={ar.id} ar={ar} onAccepted={() => setNotice(`You accepted the terms of “${ar.name}”.`)} />)}
      </ul>
    </div>
  );
}

/** What a user who is not a member can do: answer an invitation, or ask to join. */
function JoinPanel({ team, onChange }: { team: Team; onChange(): void }) {
  const [message, setMessage] = useState('');
  const { countsChanged } = useSession();
  const act = useAction(async (what: 'request' | 'withdraw' | 'accept' | 'decline') => {
    if (what === 'request') await api.post(`/teams/${team.id}/membership-requests`, message.trim() ? { message: message.trim() } : {});
    if (what === 'withdraw') await api.delete(`/teams/${team.id}/membership-requests/mine`);
    if (what === 'accept' || what === 'decline') await api.post(`/invitations/${team.myPendingInvitation}/${what}`);
    setMessage('');
    countsChanged();
    onChange();
  });
  if (team.myPendingInvitation) {
    return (
      <Card title="You are invited to this team" id="join">
        <TeamRequirements team={team} />
        <FormProblem problem={act.problem} />
        <div className="button-row">
          <button type="button" className="btn btn-primary" disabled={act.pending} onClick={() => void act.run('accept')}>Accept invitation</button>
          <button type="button" className="btn btn-secondary" disabled={act.pending} onClick={() => void act.run('decline')}>Decline invitation</button>
        </div>
      </Card>
    );
  }
  if (team.myPendingRequest) {
    return (
      <Card title="Membership requested" id="join">
        <TeamRequirements team={team} />
        <FormProblem problem={act.problem} />
        <p>Your request to join is waiting for a manager of the team.</p>
        <ConfirmButton variant="secondary" onConfirm={() => act.run('withdraw')} small={false}>Withdraw request</ConfirmButton>
      </Card>
    );
  }
  return (
    <Card title="Join this team" id="join">
      <TeamRequirements team={team} />
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void act.run('request'); }} noValidate className="narrow">
        <FormProblem problem={act.problem} fields={['message']} />
        <Field label="Message to the managers (optional)" name="message" problem={act.problem} id="request-message">
          <textarea rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />
        </Field>
        <SubmitButton pending={act.pending} pendingText="Sending…">Request membership</SubmitButton>
      </form>
    </Card>
  );
}

function Members({ team, isManager, onChange }: { team: Team; isManager: boolean; onChange(): void }) {
  const me = useMe();
  const [offset, setOffset] = useState(0);
  const members = useApi<Page<TeamMember>>(`/teams/${team.id}/members`, { limit: LIMIT, offset });
  const [adding, setAdding] = useState<UserSummary | null>(null);
  const [asManager, setAsManager] = useState(false);
  const change = useAction(async (fn: () => Promise<unknown>) => {
    await fn();
    members.reload();
    onChange();
  });
  const add = useAction(async () => {
    if (!adding) return;
    await api.post(`/teams/${team.id}/members`, { userId: adding.id, ...(asManager ? { manager: true } : {}) });
    setAdding(null);
    setAsManager(false);
    members.reload();
    onChange();
  });
  const memberIds = (members.data?.items ?? []).map((m) => m.userId);

  return (
    <Card title={`Members (${members.data?.total ?? team.memberCount})`} id="members">
      <FormProblem problem={change.problem} />
      {isManager && (
        <form className="inline-form add-member" onSubmit={(e) => { e.preventDefault(); void add.run(); }} noValidate>
          <FormProblem problem={add.problem} fields={['userId']} />
          <div className="inline-fields">
            <UserPicker label="Add member" id="add-member-user" value={adding} onChange={setAdding} exclude={memberIds} error={add.problem?.fieldError('userId')} />
            <Checkbox label="as manager" checked={asManager} onChange={setAsManager} id="add-member-manager" />
            <div className="inline-submit"><SubmitButton pending={add.pending} disabled={!adding}>Add</SubmitButton></div>
          </div>
        </form>
      )}
      {members.loading && !members.data ? <Loading /> : members.error ? <LoadError problem={members.error} retry={members.reload} />
        : members.data && members.data.items.length === 0 ? <Empty title="No members" />
        : members.data && (
          <div tabIndex={0} className="table-wrap">
            <table className="table table-cards" data-testid="members-table">
              <thead><tr><th scope="col">Name</th><th scope="col">Username</th><th scope="col">Role</th><th scope="col">Since</th>{isManager && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
              <tbody>
                {members.data.items.map((m) => (
                  <tr key={m.userId}>
                    <td>{m.displayName}{m.userId === me.id && <span className="muted"> (you)</span>}</td>
                    <td data-label="Username">@{m.username}</td>
                    <td data-label="Role">{m.isManager ? <Badge tone="accent">manager</Badge> : <Badge>member</Badge>}</td>
                    <td data-label="Since"><When at={m.addedAt} dateOnly /></td>
                    {isManager && (
                      <td className="actions">
                        <button type="button" className="btn btn-secondary btn-small" disabled={change.pending}
                          onClick={() => void change.run(() => api.put(`/teams/${team.id}/members/${m.userId}`, { manager: !m.isManager }))}
                          aria-label={m.isManager ? `Make ${m.username} a member` : `Make ${m.username} a manager`}>
                          {m.isManager ? 'Make member' : 'Make manager'}
                        </button>{' '}
                        {m.userId !== me.id && <ConfirmButton onConfirm={() => change.run(() => api.delete(`/teams/${team.id}/members/${m.userId}`))}>Remove</ConfirmButton>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination total={members.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </div>
        )}
    </Card>
  );
}

function MembershipRequests({ team, onChange }: { team: Team; onChange(): void }) {
  const requests = useApi<Page<MembershipRequest>>(`/teams/${team.id}/membership-requests`, { state: 'open' });
  const decide = useAction(async (id: number, verb: 'accept' | 'reject') => {
    await api.post(`/teams/${team.id}/membership-requests/${id}/${verb}`);
    requests.reload();
    onChange();
  });
  const items = requests.data?.items ?? [];
  return (
    <Card title={<>Membership requests {items.length > 0 && <Badge tone="info">{requests.data?.total}</Badge>}</>} id="membership-requests">
      <FormProblem problem={decide.problem} />
      {requests.loading && !requests.data ? <Loading /> : requests.error ? <LoadError problem={requests.error} retry={requests.reload} />
        : items.length === 0 ? <p className="muted">No requests waiting.</p>
        : (
          <ul className="item-list" data-testid="membership-requests">
            {items.map((r) => (
              <li key={r.id} className="item">
                <div className="item-main">
                  <strong>{r.displayName}</strong> <span className="muted">@{r.username}</span>
                  <div className="muted small">asked <When at={r.createdAt} /></div>
                  {r.message && <p className="quote">{r.message}</p>}
                </div>
                <div className="item-actions">
                  <button type="button" className="btn btn-primary btn-small" disabled={decide.pending} onClick={() => void decide.run(r.id, 'accept')} aria-label={`Accept ${r.username}`}>Accept</button>
                  <button type="button" className="btn btn-secondary btn-small" disabled={decide.pending} onClick={() => void decide.run(r.id, 'reject')} aria-label={`Reject ${r.username}`}>Reject</button>
                </div>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

function Invitations({ team }: { team: Team }) {
  const invitations = useApi<Page<TeamInvitation>>(`/teams/${team.id}/invitations`, { state: 'open' });
  const [invitee, setInvitee] = useState<UserSummary | null>(null);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState<string>();
  const invite = useAction(async () => {
    if (!invitee) return;
    await api.post(`/teams/${team.id}/invitations`, { userId: invitee.id, ...(message.trim() ? { message: message.trim() } : {}) });
    setSent(`Invitation sent to ${invitee.displayName}.`);
    setInvitee(null);
    setMessage('');
    invitations.reload();
  });
  const revoke = useAction(async (id: number) => {
    await api.delete(`/teams/${team.id}/invitations/${id}`);
    invitations.reload();
  });
  const items = (invitations.data?.items ?? []).filter((i) => !i.state || i.state === 'open');
  return (
    <Card title="Invitations" id="invitations">
      {sent && <Alert tone="success">{sent}</Alert>}
      <form onSubmit={(e) => { e.preventDefault(); setSent(undefined); void invite.run(); }} noValidate className="narrow">
        <FormProblem problem={invite.problem} fields={['userId', 'message']} />
        <UserPicker label="Invite a user" id="invite-user" value={invitee} onChange={setInvitee} error={invite.problem?.fieldError('userId')} />
        <Field label="Message (optional)" name="message" problem={invite.problem} id="invite-message">
          <input type="text" value={message} onChange={(e) => setMessage(e.target.value)} />
        </Field>
        <SubmitButton pending={invite.pending} disabled={!invitee}>Send invitation</SubmitButton>
      </form>
      <h3 className="subhead">Waiting for an answer</h3>
      <FormProblem problem={revoke.problem} />
      {invitations.loading && !invitations.data ? <Loading /> : invitations.error ? <LoadError problem={invitations.error} retry={invitations.reload} />
        : items.length === 0 ? <p className="muted">No open invitations.</p>
        : (
          <ul className="item-list compact" data-testid="team-invitations">
            {items.map((i) => (
              <li key={i.id} className="item">
                <div className="item-main">
                  <strong>{i.displayName ?? i.username ?? `user ${i.userId}`}</strong>{i.username && <span className="muted"> @{i.username}</span>}
                  <div className="muted small">invited{i.invitedByName && <> by {i.invitedByName}</>} <When at={i.createdAt} />{i.message && <> · “{i.message}”</>}</div>
                </div>
                <div className="item-actions"><ConfirmButton onConfirm={() => revoke.run(i.id)}>Revoke</ConfirmButton></div>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

export function TeamPage() {
  const { id } = useParams();
  const me = useMe();
  const team = useApi<Team>(`/teams/${id}`);
  const [editing, setEditing] = useState(false);
  const leave = useAction(async () => {
    await api.delete(`/teams/${id}/members/${me.id}`);
    team.reload();
  });

  if (team.loading && !team.data) return <PageSkeleton what="Loading the team" />;
  if (team.error) return <><PageHeader title="Team" /><LoadError problem={team.error} retry={team.reload} /><p><Link to="/teams">← All teams</Link></p></>;
  const t = team.data!;
  const isManager = t.canManage;
  return (
    <>
      <p className="breadcrumb"><Link to="/teams">Teams</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={t.name} subtitle={<>{t.description || <span className="muted">No description.</span>} <RoleBadge team={t} /></>}
        actions={<>
          {isManager && !editing && <button type="button" className="btn btn-secondary" onClick={() => setEditing(true)}>Edit team</button>}
          {t.myRole && <ConfirmButton onConfirm={() => leave.run()} small={false} confirmText="Confirm leaving">Leave team</ConfirmButton>}
        </>} />
      <FormProblem problem={leave.problem} />
      {editing && <EditTeam team={t} onCancel={() => setEditing(false)} onSaved={(saved) => { team.setData(saved); setEditing(false); }} />}
      {!t.myRole && <JoinPanel team={t} onChange={team.reload} />}
      <Members team={t} isManager={isManager} onChange={team.reload} />
      {isManager && (
        <div className="grid-2">
          <MembershipRequests team={t} onChange={team.reload} />
          <Invitations team={t} />
        </div>
      )}
    </>
  );
}
