import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { AccessRequirement, Approval, ArAccessType, ArAcl, ArVersion, Page, UserSummary } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, StateBadge, Tabs, When, PageSkeleton } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { ArTypeBadge, UserName, entityUrl, forgetAccessRequirement, restrictionLabel } from '../../ui/entities.js';
import { RequirementTools } from './requests/ReviewPage.js';
import { PrincipalPicker } from '../../ui/PrincipalPicker.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { EntityPicker, type PickedEntity } from '../../ui/EntityPicker.js';
import { ArForm, settingLabel, uploadDucTemplate, type ArFormValues } from './ArForm.js';
import { InviteReviewerCard } from '../requests/Invitations.js';

type Tab = 'settings' | 'bindings' | 'acl' | 'approvals' | 'versions';

function SettingsTab({ ar, onSaved, onReload }: { ar: AccessRequirement; onSaved(ar: AccessRequirement): void; onReload(): void }) {
  const save = useAction(async (v: ArFormValues) => {
    const saved = await api.put<AccessRequirement>(`/access-requirements/${ar.id}`, {
      name: v.name, description: v.description, terms: v.terms, settings: v.settings, etag: ar.etag,
    });
    forgetAccessRequirement(ar.id);
    if (v.ducTemplate) {
      await uploadDucTemplate(ar.id, saved.etag, v.ducTemplate);
      onSaved(await api.get<AccessRequirement>(`/access-requirements/${ar.id}`));
    } else onSaved(saved);
  });
  const stale = save.problem?.status === 412;
  return (
    <Card title={`Version ${ar.version}`} id="ar-settings" actions={<span className="muted small">changed <When at={ar.modifiedOn} /> by <UserName id={ar.modifiedBy} /></span>}>
      {/* The form starts again from the current version whenever it changes (a save, or "retrieve it again"). */}
      <ArForm key={ar.etag} ar={ar} onSubmit={(v) => void save.run(v)} problem={stale ? undefined : save.problem} pending={save.pending}
        submitLabel="Save as a new version"
        banner={stale && (
          <div className="alert alert-error" role="alert" data-testid="stale-etag">
            <div className="alert-content">{save.problem!.detail}</div>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => { save.reset(); onReload(); }}>Retrieve it again</button>
          </div>
        )} />
    </Card>
  );
}

/** A binding by name: "Project / folder / name" for an entity the viewer may see, the team's name for a team. */
function BoundSubject({ subject: s }: { subject: AccessRequirement['subjects'][number] }) {
  if (s.type === 'team') return <span><Link to={`/teams/${s.id}`}>{s.name ?? `a team`}</Link> <span className="muted small">team</span></span>;
  return s.name
    ? <span><Link to={entityUrl(String(s.id))}>{s.name}</Link>{s.path && <span className="muted small"> in {s.path}</span>}</span>
    : <span><Link to={entityUrl(String(s.id))}>{s.id}</Link> <span className="muted small">not shared with you, so its name is hidden</span></span>;
}

function BindingsTab({ ar, onChanged }: { ar: AccessRequirement; onChanged(ar: AccessRequirement): void }) {
  const [kind, setKind] = useState<'entity' | 'team'>('entity');
  const [entity, setEntity] = useState<PickedEntity | null>(null);
  const [team, setTeam] = useState<{ id: number; name: string } | null>(null);
  const bind = useAction(async () => {
    const id = kind === 'entity' ? entity?.id : team?.id;
    onChanged(await api.post<AccessRequirement>(`/access-requirements/${ar.id}/subjects`, { type: kind, id }));
    setEntity(null);
    setTeam(null);
  });
  const unbind = useAction(async (type: string, id: string | number) => {
    onChanged(await api.delete<AccessRequirement>(`/access-requirements/${ar.id}/subjects/${type}/${id}`));
  });
  return (
    <Card title="Bound to" id="ar-bindings" testId="ar-bindings">
      <p className="muted small">Bound to an entity, it applies to the entity and everything below it; bound to a team, it must be met to join the team.</p>
      <FormProblem problem={unbind.problem} />
      {ar.subjects.length === 0 ? <p className="muted">Not bound to anything yet: it applies nowhere.</p> : (
        <ul className="item-list compact" data-testid="ar-subjects">
          {ar.subjects.map((s) => (
            <li key={`${s.type}-${s.id}`} className="item">
              <div className="item-main" data-testid="ar-subject"><BoundSubject subject={s} /></div>
              <div className="item-actions"><ConfirmButton onConfirm={() => unbind.run(s.type, s.id)} confirmText="Confirm unbind">Unbind</ConfirmButton></div>
            </li>
          ))}
        </ul>
      )}
      <form className="reason-form" noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void bind.run(); }}>
        <FormProblem problem={bind.problem} fields={['id']} />
        <div className="inline-fields">
          <Field label="Bind to" id="bind-kind">
            <select value={kind} onChange={(e) => setKind(e.target.value as 'entity' | 'team')}>
              <option value="entity">an entity</option>
              {ar.type !== 'Lock' && <option value="team">a team</option>}
            </select>
          </Field>
          {kind === 'entity' ? (
            <EntityPicker label="Entity" id="bind-entity" allowId value={entity} onChange={setEntity} error={bind.problem?.fieldError('id')} />
          ) : team ? (
            <div className="field"><span className="label-like">Team</span><div className="picked"><strong>{team.name}</strong><button type="button" className="btn btn-ghost btn-small" onClick={() => setTeam(null)}>Change</button></div></div>
          ) : (
            <PrincipalPicker label="Team" id="bind-team" kinds={['team']} onPick={(p) => setTeam({ id: p.id, name: p.name })} placeholder="Type a team name" />
          )}
          <div className="inline-submit"><SubmitButton pending={bind.pending} disabled={kind === 'entity' ? !entity : !team}>Bind</SubmitButton></div>
        </div>
      </form>
    </Card>
  );
}

const arAccessLabels: Record<ArAccessType, string> = {
  REVIEW_SUBMISSIONS: 'Reviews requests',
  EXEMPTION_ELIGIBLE: 'Exemption eligible',
};

function AclTab({ ar }: { ar: AccessRequirement }) {
  const acl = useApi<ArAcl>(`/access-requirements/${ar.id}/acl`);
  const [draft, setDraft] = useState<ArAcl['entries']>([]);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    if (acl.data) {
      setDraft(acl.data.entries);
      setDirty(false);
    }
  }, [acl.data]);
  const save = useAction(async () => {
    acl.setData(await api.put<ArAcl>(`/access-requirements/${ar.id}/acl`, { entries: draft.map((e) => ({ principalId: e.principalId, accessTypes: e.accessTypes })) }));
    setNotice('Saved. It applies from the next decision.');
  });
  const toggle = (principalId: number, t: ArAccessType, on: boolean) => {
    setDraft((d) => d.map((e) => (e.principalId === principalId ? { ...e, accessTypes: on ? [...e.accessTypes, t] : e.accessTypes.filter((x) => x !== t) } : e)));
    setDirty(true);
    setNotice(undefined);
  };
  const empty = draft.find((e) => e.accessTypes.length === 0);
  return (
    <Card title="Reviewers and exemptions" id="ar-acl" testId="ar-acl">
      <p className="muted small">
        <strong title="REVIEW_SUBMISSIONS">Reviews requests</strong>: may review and decide the data access requests of this requirement.{' '}
        <strong title="EXEMPTION_ELIGIBLE">Exemption eligible</strong>: data contributors of an entity (UPDATE and DELETE on it) among them are exempt from this requirement there.
      </p>
      {notice && <Alert tone="success">{notice}</Alert>}
      <FormProblem problem={save.problem} />
      {acl.loading && !acl.data ? <Loading /> : acl.error ? <LoadError problem={acl.error} retry={acl.reload} /> : (
        <>
          {draft.length === 0 ? <p className="muted">Nobody yet: only ACT reviews the requests, and nobody is exempt.</p> : (
            <div tabIndex={0} className="table-wrap">
              <table className="table table-dense" data-testid="ar-acl-table">
                <thead><tr><th scope="col">Who</th><th scope="col">Reviews requests</th><th scope="col">Exemption eligible</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
                <tbody>
                  {draft.map((e) => (
                    <tr key={e.principalId}>
                      <td><strong>{e.principalName}</strong> <Badge>{e.principalType === 'user' ? 'person' : e.principalType}</Badge></td>
                      {(['REVIEW_SUBMISSIONS', 'EXEMPTION_ELIGIBLE'] as const).map((t) => (
                        <td key={t}><input type="checkbox" checked={e.accessTypes.includes(t)} aria-label={`${arAccessLabels[t]}: ${e.principalName}`} onChange={(ev) => toggle(e.principalId, t, ev.target.checked)} /></td>
                      ))}
                      <td className="actions"><button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${e.principalName}`}
                        onClick={() => { setDraft((d) => d.filter((x) => x.principalId !== e.principalId)); setDirty(true); }}>Remove</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="inline-fields acl-add">
            <PrincipalPicker label="Add a user, team or group" id="ar-acl-add" kinds={['user', 'team', 'group']} exclude={draft.map((e) => e.principalId)}
              onPick={(p) => { setDraft((d) => [...d, { principalId: p.id, principalName: p.name, principalType: p.type, accessTypes: ['REVIEW_SUBMISSIONS'] }]); setDirty(true); }} />
          </div>
          {empty && <p className="field-error">Give {empty.principalName} at least one of the two, or remove them.</p>}
          <div className="button-row">
            <button type="button" className="btn btn-primary" disabled={!dirty || !!empty || save.pending} onClick={() => void save.run()}>Save reviewers and exemptions</button>
            {dirty && <button type="button" className="btn btn-ghost" onClick={() => { setDraft(acl.data?.entries ?? []); setDirty(false); }}>Undo changes</button>}
          </div>
        </>
      )}
    </Card>
  );
}

function RevokeForm({ approval, onDone }: { approval: Approval; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [open, setOpen] = useState(false);
  const revoke = useAction(async () => {
    await api.post(`/access-approvals/${approval.id}/revoke`, { reason: reason.trim() });
    onDone();
  });
  if (!open) return <button type="button" className="btn btn-danger-outline btn-small" onClick={() => setOpen(true)} aria-label={`Revoke approval of ${approval.accessorName}`}>Revoke…</button>;
  return (
    <form className="revoke-form" noValidate onSubmit={(e) => { e.preventDefault(); setMissing(!reason.trim()); if (reason.trim()) void revoke.run(); }}>
      <FormProblem problem={revoke.problem} fields={['reason']} />
      <Field label={`Reason (sent to ${approval.accessorName})`} name="reason" problem={revoke.problem} id={`revoke-${approval.id}`} error={missing ? 'Give a reason; the user reads it.' : undefined}>
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      </Field>
      <div className="button-row">
        <SubmitButton pending={revoke.pending} variant="danger">Revoke approval</SubmitButton>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)}>Cancel</button>
      </div>
    </form>
  );
}

function ApprovalsTab({ ar }: { ar: AccessRequirement }) {
  const me = useMe();
  const [state, setState] = useState<'all' | 'APPROVED' | 'REVOKED'>('APPROVED');
  const [offset, setOffset] = useState(0);
  const approvals = useApi<Page<Approval>>('/access-approvals', { accessRequirementId: ar.id, state: state === 'all' ? undefined : state, limit: 25, offset });
  const [user, setUser] = useState<UserSummary | null>(null);
  const [expires, setExpires] = useState('');
  const [notice, setNotice] = useState<string>();
  const [granted, setGranted] = useState(0);
  const grant = useAction(async () => {
    if (!user) return;
    const body: Record<string, unknown> = { accessRequirementId: ar.id, accessorId: user.id };
    if (expires) body.expiresOn = new Date(`${expires}T23:59:59`).toISOString();
    const a = await api.post<Approval>('/access-approvals', body);
    setNotice(`${a.accessorName} is approved${a.expiresOn ? ` until ${new Date(a.expiresOn).toLocaleDateString()}` : ''}.`);
    setUser(null);
    setGranted((n) => n + 1);
    setExpires('');
    approvals.reload();
  });
  const items = approvals.data?.items ?? [];
  return (
    <Card title="Approvals" id="ar-approvals" testId="ar-approvals">
      {notice && <Alert tone="success">{notice}</Alert>}
      {ar.type === 'Lock' ? <p className="muted">A lock cannot be approved; unbind or delete it to lift it.</p> : (
        <form className="reason-form" noValidate onSubmit={(e) => { e.preventDefault(); setNotice(undefined); void grant.run(); }}>
          <FormProblem problem={grant.problem} fields={['accessorId', 'expiresOn']} />
          <div className="inline-fields">
            <UserPicker key={granted} label="Approve a user" id="grant-user" value={user} onChange={setUser} error={grant.problem?.fieldError('accessorId')} />
            <Field label="Expires on (optional)" name="expiresOn" problem={grant.problem} id="grant-expires"
              hint={ar.type === 'ManagedACT' && Number(ar.settings.expirationDays) > 0 ? `Default: in ${String(ar.settings.expirationDays)} days.` : 'Default: never.'}>
              <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
            </Field>
            <div className="inline-submit"><SubmitButton pending={grant.pending} disabled={!user}>Approve</SubmitButton></div>
          </div>
        </form>
      )}
      <Tabs label="Approvals by state" value={state} onChange={(s) => { setState(s); setOffset(0); }}
        tabs={[{ value: 'APPROVED', label: 'Approved' }, { value: 'REVOKED', label: 'Revoked' }, { value: 'all', label: 'All' }]} />
      {approvals.loading && !approvals.data ? <Loading /> : approvals.error ? <LoadError problem={approvals.error} retry={approvals.reload} />
        : items.length === 0 ? <Empty title="No approvals here" icon="check" />
        : (
          <>
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="approvals-table">
                <thead><tr><th scope="col">Accessor</th><th scope="col">State</th><th scope="col">How</th><th scope="col" className="num">AR version</th><th scope="col">Expires</th><th scope="col">Since</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id}>
                      <td>{me.isAdmin ? <Link to={`/admin/users/${a.accessorId}`}>{a.accessorName}</Link> : a.accessorName}</td>
                      <td><StateBadge state={a.state.toLowerCase()} />{a.revokedReason && <div className="muted small">“{a.revokedReason}”</div>}</td>
                      <td className="small">{a.source === 'self' ? 'accepted the terms' : a.source === 'act' ? <>granted by <UserName id={a.modifiedBy} /></> : a.source === 'request' ? 'data access request' : a.source}</td>
                      <td className="num">{a.accessRequirementVersion}</td>
                      <td className="nowrap">{a.expiresOn ? <When at={a.expiresOn} dateOnly /> : <span className="muted">never</span>}</td>
                      <td className="nowrap"><When at={a.createdOn} dateOnly /></td>
                      <td className="actions">{a.state === 'APPROVED' && <RevokeForm approval={a} onDone={() => { setNotice(`The approval of ${a.accessorName} was revoked.`); approvals.reload(); }} />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination total={approvals.data!.total} limit={25} offset={offset} onOffset={setOffset} />
          </>
        )}
    </Card>
  );
}

function VersionsTab({ ar }: { ar: AccessRequirement }) {
  const versions = useApi<Page<ArVersion>>(`/access-requirements/${ar.id}/versions`, { limit: 100 });
  return (
    <Card title="Versions" id="ar-versions" testId="ar-versions">
      {versions.loading && !versions.data ? <Loading /> : versions.error ? <LoadError problem={versions.error} retry={versions.reload} /> : (
        <ol className="version-list" reversed>
          {(versions.data?.items ?? []).map((v) => (
            <li key={v.version} className="version-item">
              <details open={v.version === ar.version}>
                <summary>
                  <strong>Version {v.version}</strong> {v.version === ar.version && <Badge tone="info">current</Badge>}{' '}
                  <span className="muted small"><When at={v.modifiedOn} /> by <UserName id={v.modifiedBy} /></span>
                </summary>
                <dl className="facts version-facts">
                  <dt>Name</dt><dd>{v.name}</dd>
                  <dt>Description</dt><dd>{v.description || <span className="muted">—</span>}</dd>
                  <dt>Text</dt><dd><div className="terms-text">{v.terms || <span className="muted">—</span>}</div></dd>
                  <dt>Settings</dt>
                  <dd>
                    {Object.entries(v.settings).length === 0 ? <span className="muted">none</span> : (
                      <ul className="settings-list">
                        {Object.entries(v.settings).map(([k, val]) => <li key={k}><span title={k}>{settingLabel(k)}</span>: {typeof val === 'boolean' ? (val ? 'yes' : 'no') : val === null || val === '' ? <span className="muted">—</span> : k === 'ducTemplateBlobId' ? 'a stored file' : String(val)}</li>)}
                      </ul>
                    )}
                  </dd>
                </dl>
              </details>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** ACT: one access requirement — settings (new versions), bindings, its own ACL, approvals, history. */
export function AccessRequirementPage() {
  const { id } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = (params.get('tab') ?? 'settings') as Tab;
  const ar = useApi<AccessRequirement>(`/access-requirements/${id}`);
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const remove = useAction(async () => {
    await api.delete(`/access-requirements/${id}`);
    forgetAccessRequirement(Number(id));
    navigate('/act/access-requirements');
  });

  if (ar.loading && !ar.data) return <PageSkeleton what="Loading the access requirement" />;
  if (ar.error) return <><PageHeader title="Access requirement" /><LoadError problem={ar.error} retry={ar.reload} /></>;
  const a = ar.data!;
  const setTab = (t: Tab) => {
    setParams(t === 'settings' ? {} : { tab: t }, { replace: true });
    setNotice(undefined);
  };
  return (
    <>
      <p className="breadcrumb"><Link to="/act/access-requirements">Access requirements</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={a.name}
        subtitle={<span className="ar-subtitle"><ArTypeBadge type={a.type} /> <span className="muted">#{a.id} · version {a.version} · restriction: <span title={a.restrictionLevel} data-testid="ar-level">{restrictionLabel(a.restrictionLevel)}</span></span></span>}
        actions={<ConfirmButton small={false} onConfirm={() => remove.run()} confirmText="Delete for good">Delete</ConfirmButton>} />
      {a.type === 'ManagedACT' && <div className="ar-page-tools"><RequirementTools ar={a} current="settings" /></div>}
      {notice && <Alert tone="success" testId="ar-notice">{notice}</Alert>}
      <FormProblem problem={remove.problem} />
      <Tabs label="Access requirement" value={tab} onChange={setTab}
        tabs={[
          { value: 'settings', label: 'Settings' },
          { value: 'bindings', label: `Bound to (${a.subjects.length})` },
          { value: 'acl', label: 'Reviewers & exemptions' },
          { value: 'approvals', label: 'Approvals' },
          { value: 'versions', label: 'Versions' },
        ]} />
      {tab === 'settings' && <SettingsTab ar={a} onReload={ar.reload} onSaved={(saved) => { ar.setData(saved); setNotice(`Saved as version ${saved.version}.`); }} />}
      {tab === 'bindings' && <BindingsTab ar={a} onChanged={(saved) => { ar.setData(saved); forgetAccessRequirement(a.id); setNotice('Bindings saved.'); }} />}
      {tab === 'acl' && <AclTab ar={a} />}
      {tab === 'acl' && a.type === 'ManagedACT' && <InviteReviewerCard accessRequirementId={a.id} />}
      {tab === 'approvals' && <ApprovalsTab ar={a} />}
      {tab === 'versions' && <VersionsTab ar={a} />}
    </>
  );
}
