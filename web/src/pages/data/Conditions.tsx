import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import { useSession } from '../../session.js';
import type {
  AccessRequirement, ActionRequired, ActionsRequired, AuthorizationDomain, Entity, EntityAcl, Exemption, Group, Page, RestrictionInformation,
} from '../../types.js';
import { Alert, Badge, Card, LoadError, Loading } from '../../ui/bits.js';
import {
  ArTypeBadge, RestrictionBadge, UserName, entityUrl, principalLabel, restrictionExplanation, useAccessRequirement,
} from '../../ui/entities.js';
import { AcceptRequirement, TermsText } from '../../ui/consent.js';
import { RequestStateLine, ViewerConditions, useConditionStatus } from '../../ui/conditions.js';

/** What a ManagedACT requirement asks of a requester, in words. */
export function requirementNotes(ar: AccessRequirement): string[] {
  const s = ar.settings;
  const notes: string[] = [];
  if (s.certifiedRequired) notes.push('certified users only');
  if (s.validatedRequired) notes.push('validated profile');
  if (s.ducRequired) notes.push('data use certificate');
  if (s.irbRequired) notes.push('IRB approval');
  if (s.attachmentsRequired) notes.push('other attachments');
  if (s.iduRequired) notes.push(s.iduPublic ? 'intended data use statement (published)' : 'intended data use statement');
  if (typeof s.expirationDays === 'number' && s.expirationDays > 0) notes.push(`approval lasts ${s.expirationDays} days`);
  if (s.requires2fa) notes.push('two-factor authentication');
  return notes;
}

/** "exempt as data contributor, eligible through team X": the reason, not only the word. */
function ExemptBadge({ exemption }: { exemption?: Exemption | null }) {
  const through = (exemption?.eligibleThrough ?? []).map((p) => p.kind === 'user' ? 'you' : `${p.kind} ${p.name}`);
  return (
    <span data-testid="exempt-reason">
      <Badge tone="accent" title="You hold UPDATE and DELETE here (a data contributor) and are eligible for an exemption.">exempt as data contributor</Badge>
      {through.length > 0 && <span className="muted small"> eligible through {through.join(' or ')}</span>}
    </span>
  );
}

function StateOf({ detail, ar }: { detail?: RestrictionInformation['restrictionDetails'][number]; ar: AccessRequirement }) {
  if (!detail) return null;
  if (detail.isExempt) return <ExemptBadge exemption={detail.exemption} />;
  if (detail.isApproved) return <Badge tone="success">approved</Badge>;
  if (detail.isMet) return <Badge tone="success" title="You uploaded this file: every requirement on it is met for you.">met</Badge>;
  return <Badge tone={ar.type === 'Lock' ? 'danger' : 'warning'}>{ar.type === 'Lock' ? 'locked' : 'not met'}</Badge>;
}

/** The administrators of the sharing settings that govern an entity: who can give DOWNLOAD. */
function BenefactorAdmins({ benefactorId }: { benefactorId: string }) {
  const acl = useApi<EntityAcl>(`/entities/${benefactorId}/acl`);
  const benefactor = useApi<Entity>(`/entities/${benefactorId}`);
  if (acl.loading && !acl.data) return <Loading what="Finding who can give access" />;
  if (acl.error) return <p className="muted small">Ask the people who manage the sharing settings of <Link to={entityUrl(benefactorId)}>{benefactorId}</Link>.</p>;
  const admins = (acl.data?.entries ?? []).filter((e) => e.accessTypes.includes('CHANGE_PERMISSIONS'));
  const where = <Link to={entityUrl(benefactorId)}>{benefactor.data?.name ?? benefactorId}</Link>;
  return (
    <p className="small action-help" data-testid="request-download-help">
      Who may download here is set by the sharing settings of {where}. Ask {admins.length === 1 ? 'its administrator' : 'one of its administrators'} to
      give you <strong>Can download</strong>:{' '}
      {admins.length === 0 ? <span>only the platform administrators can change them.</span> : admins.map((e, i) => (
        <span key={e.principalId}>
          {i > 0 && ', '}
          {e.principalType === 'user' ? <strong><UserName id={e.principalId} /></strong>
            : e.principalType === 'team' ? <Link to={`/teams/${e.principalId}`}>team {e.principalName}</Link>
            : <strong>{principalLabel(e)}</strong>}
          {e.principalType === 'user' && <span className="muted"> (@{e.principalName})</span>}
        </span>
      ))}.
      {' '}Gatehouse does not send the request for you: contact them the way you usually do.
    </p>
  );
}

/** Links to the groups of an authorization domain the user must join. */
function GroupLinks({ ids, projectId }: { ids: number[]; projectId?: string }) {
  const domain = useApi<AuthorizationDomain>(projectId ? `/projects/${projectId}/authorization-domain` : null);
  const all = useApi<Page<Group>>(projectId ? null : '/groups', { all: true, limit: 500 });
  const names = new Map<number, string>();
  for (const g of domain.data?.groups ?? []) names.set(g.id, g.name);
  for (const g of all.data?.items ?? []) names.set(g.id, g.name);
  return (
    <span className="group-links">
      {ids.map((id, i) => (
        <span key={id}>{i > 0 && ', '}{names.has(id) ? <Link to={`/groups/${encodeURIComponent(names.get(id)!)}`}>{names.get(id)}</Link> : <span>group {id}</span>}</span>
      ))}
    </span>
  );
}

function ArName({ id }: { id: number }) {
  const ar = useAccessRequirement(id);
  return <>{ar ? `“${ar.name}”` : `access requirement ${id}`}</>;
}

/**
 * One action that would lift a denial, with the button that does it. `explain` (the decision explainer, for
 * someone else) describes it without buttons.
 */
export function ActionLine({ action, entityId, projectId, onChanged, onTermsChanged, explain, count, showConditions = true }: {
  action: ActionRequired; entityId?: string; projectId?: string; onChanged?(): void; onTermsChanged?(): void; explain?: boolean; count?: number;
  /** The viewer's ✓/✗ per condition of the requirement (off where the panel already shows them). */
  showConditions?: boolean;
}) {
  const { me } = useSession();
  const ar = useAccessRequirement(action.type === 'MeetAccessRequirement' ? action.accessRequirementId : null);
  const status = useConditionStatus(action.type === 'MeetAccessRequirement' && !explain ? entityId : undefined, !!me);
  const mine = action.type === 'MeetAccessRequirement' ? status.data?.items.find((i) => i.accessRequirementId === action.accessRequirementId) : undefined;
  const changed = () => { status.reload(); onChanged?.(); };
  const unlocks = count !== undefined && <span className="muted small"> · unlocks {count} {count === 1 ? 'file' : 'files'}</span>;
  switch (action.type) {
    case 'MeetAccessRequirement': {
      const verb = !ar ? 'Meet' : ar.type === 'ManagedACT' ? 'Get approved for' : ar.type === 'Lock' ? 'Wait for ACT to lift' : 'Accept the terms of';
      const title = <>{verb} <ArName id={action.accessRequirementId} />{unlocks}</>;
      let body = null;
      if (explain) {
        body = <p className="small muted">{ar?.type === 'ManagedACT' ? 'Needs an approved data access request.' : ar?.type === 'Lock' ? 'A lock: only ACT can lift it.' : 'The user accepts its terms.'}{' '}
          {(me?.isAct || me?.isAdmin) && <Link to={`/act/access-requirements/${action.accessRequirementId}`}>Open the requirement</Link>}</p>;
      } else if (!me) {
        body = null;
      } else if (ar && (ar.type === 'TermsOfUse' || ar.type === 'SelfSign')) {
        body = <AcceptRequirement ar={ar} collapsed onAccepted={changed} onTermsChanged={onTermsChanged} />;
      } else if (ar && ar.type === 'ManagedACT') {
        const q = new URLSearchParams({ accessRequirementId: String(ar.id), ...(entityId ? { entityId } : {}) });
        const request = mine?.request;
        // A pending or drafted request is continued, not started again.
        // Where the panel already shows the request's state beside its requirement, it is not said twice.
        body = request && (request.state === 'SUBMITTED' || request.state === 'DRAFT' || request.state === 'APPROVED') ? (
          showConditions ? <div className="action-body"><RequestStateLine request={request} /></div>
            : <p className="small muted">Your request for it is shown above.</p>
        ) : (
          <div className="action-body">
            <Link className="btn btn-primary btn-small" to={`/requests/new?${q.toString()}`}>Request access</Link>
            <span className="muted small">An ACT member reviews your data access request.</span>
            {request && showConditions && <RequestStateLine request={request} />}
          </div>
        );
      } else if (ar && ar.type === 'Lock') {
        body = <p className="small muted">This data is locked until the Access and Compliance Team acts on it; access cannot be requested now.</p>;
      }
      return (
        <li className="action" data-testid="action-meet">
          <div className="action-title">{title}</div>
          {showConditions && mine && !mine.met && <ViewerConditions status={mine} />}
          {body}
          {action.exemptionEligibleTeamIds && action.exemptionEligibleTeamIds.length > 0 && (
            <p className="small action-help">
              As a data contributor you may be exempt instead: ask to join{' '}
              {action.exemptionEligibleTeamIds.map((t, i) => <span key={t}>{i > 0 && ' or '}<Link to={`/teams/${t}`}>team {t}</Link></span>)}.
            </p>
          )}
        </li>
      );
    }
    case 'EnableTwoFa':
      return (
        <li className="action" data-testid="action-2fa">
          <div className="action-title">Turn on two-factor authentication{unlocks}</div>
          {!explain && me && <div className="action-body"><Link className="btn btn-primary btn-small" to="/profile/security">Enable 2FA</Link><span className="muted small">A requirement here asks for it.</span></div>}
          {explain && <p className="small muted">A requirement on the path asks for 2FA and the user has not turned it on.</p>}
        </li>
      );
    case 'RequestDownload':
      return (
        <li className="action" data-testid="action-request-download">
          <div className="action-title">Get download permission{unlocks}</div>
          {explain ? <p className="small muted">The sharing settings of <Link to={entityUrl(action.benefactorId)}>{action.benefactorId}</Link> do not give DOWNLOAD.</p>
            : <BenefactorAdmins benefactorId={action.benefactorId} />}
        </li>
      );
    case 'JoinAuthorizationDomain':
      return (
        <li className="action" data-testid="action-join-domain">
          <div className="action-title">Join the authorization domain{unlocks}</div>
          <p className="small action-help">Only members of every group of the project's authorization domain may use its data. Join: <GroupLinks ids={action.groups} projectId={projectId} /></p>
        </li>
      );
    case 'AcceptTermsOfUse':
      return (
        <li className="action" data-testid="action-platform-terms">
          <div className="action-title">Accept the platform terms of use{unlocks}</div>
          {!me && <p className="small muted">Sign in and accept them.</p>}
        </li>
      );
    default:
      return <li className="action"><div className="action-title">{(action as { type: string }).type}{unlocks}</div></li>;
  }
}

/**
 * "Conditions for use" of an entity (SPEC §4, §6): its restriction level, each access requirement that applies
 * with its text and the caller's state, and what the caller must do to download, with the buttons that do it.
 */
export function ConditionsPanel({ entity, onChanged }: { entity: Entity; onChanged?(): void }) {
  const { me } = useSession();
  const info = useApi<RestrictionInformation>(`/entities/${entity.id}/restriction-information`);
  const ars = useApi<{ items: AccessRequirement[] }>(`/entities/${entity.id}/access-requirements`);
  const actions = useApi<ActionsRequired>(`/entities/${entity.id}/actions-required`);
  const status = useConditionStatus(entity.id, !!me);
  const standing = new Map((status.data?.items ?? []).map((i) => [i.accessRequirementId, i]));
  const [notice, setNotice] = useState<string>();
  const reload = () => {
    status.reload();
    info.reload();
    ars.reload();
    actions.reload();
    onChanged?.();
  };
  const loading = (info.loading && !info.data) || (ars.loading && !ars.data) || (actions.loading && !actions.data);
  const error = info.error ?? ars.error ?? actions.error;
  const details = new Map((info.data?.restrictionDetails ?? []).map((d) => [d.accessRequirementId, d]));
  const what = entity.type === 'file' ? 'this file' : `the files in this ${entity.type}`;

  return (
    <Card title="Conditions for use" id="conditions" testId="conditions" actions={info.data && <RestrictionBadge info={info.data} />}>
      {loading ? <Loading what="Checking the conditions" /> : error ? <LoadError problem={error} retry={reload} /> : info.data && actions.data && (
        <>
          <p className="muted small">{restrictionExplanation(info.data.restrictionLevel)}</p>
          {notice && <Alert tone="success">{notice}</Alert>}
          {(ars.data?.items ?? []).length > 0 && (
            <ul className="ar-list" aria-label="Access requirements">
              {ars.data!.items.map((ar) => (
                <li key={ar.id} className="ar-item" data-testid={`ar-${ar.id}`}>
                  <div className="ar-head">
                    <strong>{ar.name}</strong>
                    <span className="ar-badges"><ArTypeBadge type={ar.type} /> <StateOf detail={details.get(ar.id)} ar={ar} /></span>
                  </div>
                  {ar.terms && <TermsText text={ar.terms} label={`Terms of ${ar.name}`} />}
                  {me && standing.has(ar.id) && <ViewerConditions status={standing.get(ar.id)!} />}
                  {me && <RequestStateLine request={standing.get(ar.id)?.request ?? null} />}
                  {ar.type === 'ManagedACT' && requirementNotes(ar).length > 0 && <p className="muted small ar-notes">Requires: {requirementNotes(ar).join(' · ')}</p>}
                  {ar.type !== 'ManagedACT' && ar.settings.requires2fa === true && <p className="muted small ar-notes">Requires two-factor authentication.</p>}
                  {(me?.isAct || me?.isAdmin) && <Link className="small" to={`/act/access-requirements/${ar.id}`}>Manage (ACT) →</Link>}
                </li>
              ))}
            </ul>
          )}
          {!actions.data.canDownload && info.data.filesYouUploaded && info.data.filesYouUploaded.count > 0 && (
            <Alert tone="info" testId="files-you-uploaded">
              {info.data.filesYouUploaded.count === info.data.filesYouUploaded.total
                ? `You uploaded every file in this ${entity.type}. As their uploader you meet every requirement on them, so each says “met” for you; the conditions here are for everyone else, and for files others add.`
                : `You uploaded ${info.data.filesYouUploaded.count} of the ${info.data.filesYouUploaded.total} files in this ${entity.type}. As their uploader you meet every requirement on those, so they say “met” for you; the conditions here are for the others.`}
            </Alert>
          )}
          {actions.data.canDownload ? (
            <Alert tone="success" testId="can-download">{me ? 'You meet every condition: you can download' : 'Anyone can download'} {what}.</Alert>
          ) : !me ? (
            <div className="conditions-signin" data-testid="signin-to-request">
              <p className="small">{actions.data.message}</p>
              <Link className="btn btn-primary btn-block" to={`${entityUrl(entity.id)}?signin=1`}>Sign in to request access</Link>
            </div>
          ) : (
            <div data-testid="actions-required">
              <h3 className="subhead-small">To download {what}</h3>
              <p className="small muted" data-testid="download-denial">{actions.data.message}</p>
              {actions.data.actions.length > 0 ? (
                <ol className="action-list">
                  {actions.data.actions.map((a, i) => (
                    <ActionLine key={i} action={a} entityId={entity.id} projectId={entity.projectId} onTermsChanged={() => ars.reload()} showConditions={false}
                      onChanged={() => { setNotice('Accepted. The conditions were checked again.'); reload(); }} />
                  ))}
                </ol>
              ) : <p className="small">Nothing you can do here would allow it.</p>}
            </div>
          )}
        </>
      )}
    </Card>
  );
}
