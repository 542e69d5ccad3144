import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useSession } from '../../session.js';
import { ACCESS_TYPES, type AccessType, type AclEntry, type AclPreset, type Entity, type EntityAcl, type Permissions, type PathItem } from '../../types.js';
import { Alert, Badge, ConfirmButton, LoadError, Loading } from '../../ui/bits.js';
import { Checkbox, FormProblem, SubmitButton } from '../../ui/forms.js';
import { Dialog } from '../../ui/overlays.js';
import { PrincipalPicker } from '../../ui/PrincipalPicker.js';
import { UserName, entityUrl, principalLabel } from '../../ui/entities.js';

const PUBLIC = 1;

/** POST /entities/{id}/authorization-domain/sharing-check: who would still be kept out by the domain (issue 9 item 9). */
interface SharingCheck {
  groups: { id: number; name: string }[];
  canMakePublic: boolean;
  publicRefusal: string | null;
  principals: { principalId: number; checked: boolean; missingGroups: { id: number; name: string }[] }[];
}

/** Asked again whenever the principals in the draft change, so that a warning shows before Save. */
function useSharingCheck(entityId: string, principalIds: number[]): SharingCheck | undefined {
  const [check, setCheck] = useState<SharingCheck>();
  const key = [...principalIds].sort((a, b) => a - b).join(',');
  useEffect(() => {
    let live = true;
    api.post<SharingCheck>(`/entities/${entityId}/authorization-domain/sharing-check`, { principalIds: key ? key.split(',').map(Number) : [] })
      .then((c) => { if (live) setCheck(c); }, () => { if (live) setCheck(undefined); });
    return () => { live = false; };
  }, [entityId, key]);
  return check;
}

const AUTHENTICATED = 2;

interface DraftEntry extends AclEntry {
  /** Added in this dialog, not saved yet. */
  isNew?: boolean;
}

const sameTypes = (a: readonly AccessType[], b: readonly AccessType[]) => a.length === b.length && a.every((t) => b.includes(t));
const ordered = (types: Iterable<AccessType>) => {
  const set = new Set(types);
  return ACCESS_TYPES.filter((t) => set.has(t));
};

const typeHelp: Record<AccessType, string> = {
  READ: 'see it and its metadata',
  DOWNLOAD: 'download files',
  CREATE: 'add files and folders',
  UPDATE: 'change and move',
  DELETE: 'move to the trash',
  CHANGE_PERMISSIONS: 'change these settings',
  CHANGE_SETTINGS: 'change settings such as storage',
  MODERATE: 'moderate discussions',
  SHARE: 'share with others (only what they hold)',
  COMPUTE: 'start analysis runtimes',
};

function PresetSelect({ entry, presets, disabled, onChange }: { entry: DraftEntry; presets: AclPreset[]; disabled?: boolean; onChange(types: AccessType[]): void }) {
  const matching = presets.find((p) => sameTypes(p.accessTypes, entry.accessTypes));
  const id = `access-${entry.principalId}`;
  return (
    <>
      <select id={id} value={matching?.name ?? '__custom'} disabled={disabled} aria-label={`Access for ${entry.principalName}`}
        onChange={(e) => {
          const preset = presets.find((p) => p.name === e.target.value);
          if (preset) onChange([...preset.accessTypes]);
        }}>
        {presets.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
        {!matching && <option value="__custom">{entry.accessTypes.length === 0 ? 'Nothing' : `Custom (${entry.accessTypes.length} access ${entry.accessTypes.length === 1 ? 'type' : 'types'})`}</option>}
      </select>
    </>
  );
}

function PrincipalCell({ entry }: { entry: DraftEntry }) {
  const { me } = useSession();
  if (entry.principalType === 'special') {
    return <span className="principal"><strong>{principalLabel(entry)}</strong> <Badge tone="warning">{entry.principalId === PUBLIC ? 'public' : 'signed-in users'}</Badge></span>;
  }
  if (entry.principalType === 'user') {
    return (
      <span className="principal">
        <strong>{me && me.id === entry.principalId ? me.displayName || me.username : entry.isNew ? entry.principalName : <UserName id={entry.principalId} />}</strong>{' '}
        <span className="muted">@{entry.principalName}</span>
        {me && me.id === entry.principalId && <span className="muted"> (you)</span>}
      </span>
    );
  }
  return (
    <span className="principal">
      {entry.principalType === 'team' ? <Link to={`/teams/${entry.principalId}`}><strong>{entry.principalName}</strong></Link> : <Link to={`/groups/${encodeURIComponent(entry.principalName)}`}><strong>{entry.principalName}</strong></Link>}
      {' '}<Badge>{entry.principalType}</Badge>
    </span>
  );
}

/**
 * The sharing settings of an entity (SPEC §3): the ACL that governs it (its own, or inherited from its
 * benefactor, with a link there), each principal with a preset (Can view … Administrator) or, in the advanced
 * view, every access type; people and teams added with a picker; public access; restoring inheritance. Who holds
 * CHANGE_PERMISSIONS changes anything; who holds SHARE only adds. Every refusal is shown here, in the dialog.
 */
export function SharingDialog({ entity, permissions, path, onClose, onSaved }: {
  entity: Entity; permissions: Permissions | undefined; path: PathItem[]; onClose(): void; onSaved(): void;
}) {
  const { me } = useSession();
  const acl = useApi<EntityAcl>(`/entities/${entity.id}/acl`);
  const presets = useApi<AclPreset[]>('/acl-presets');
  const [draft, setDraft] = useState<DraftEntry[]>([]);
  const [dirty, setDirty] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const [notice, setNotice] = useState<string>();

  useEffect(() => {
    if (acl.data) {
      setDraft(acl.data.entries.map((e) => ({ ...e })));
      setDirty(false);
    }
  }, [acl.data]);

  const canChange = !!permissions?.canChangePermissions;
  const canShare = canChange || !!permissions?.canShare;
  const benefactorId = acl.data?.benefactorId;
  const benefactorName = path.find((p) => p.id === benefactorId)?.name ?? benefactorId;
  const existing = new Set((acl.data?.entries ?? []).map((e) => e.principalId));
  const mayEditEntry = (e: DraftEntry) => canChange || e.isNew;

  const change = (principalId: number, accessTypes: AccessType[]) => {
    setDraft((d) => d.map((e) => (e.principalId === principalId ? { ...e, accessTypes: ordered(accessTypes) } : e)));
    setDirty(true);
    setNotice(undefined);
  };
  const remove = (principalId: number) => {
    setDraft((d) => d.filter((e) => e.principalId !== principalId));
    setDirty(true);
    setNotice(undefined);
  };
  const add = (entry: DraftEntry) => {
    setDraft((d) => (d.some((e) => e.principalId === entry.principalId) ? d : [...d, entry]));
    setDirty(true);
    setNotice(undefined);
  };
  const hasPrincipal = (id: number) => draft.some((e) => e.principalId === id);
  const togglePublic = (id: number, on: boolean) => {
    if (on) add({ principalId: id, principalName: id === PUBLIC ? 'PUBLIC' : 'AUTHENTICATED', principalType: 'special', accessTypes: ['READ'], isNew: !existing.has(id) });
    else remove(id);
  };

  const [localError, setLocalError] = useState<string>();
  const domainCheck = useSharingCheck(entity.id, draft.filter((e) => e.principalType !== 'special').map((e) => e.principalId));
  const outside = new Map((domainCheck?.principals ?? []).filter((p) => p.missingGroups.length > 0).map((p) => [p.principalId, p.missingGroups]));
  const save = useAction(async () => {
    const saved = await api.put<EntityAcl>(`/entities/${entity.id}/acl`, {
      entries: draft.map((e) => ({ principalId: e.principalId, accessTypes: e.accessTypes })),
      etag: acl.data?.etag,
    });
    acl.setData(saved);
    setNotice(acl.data?.inherited ? `Saved. This ${entity.type} now has its own sharing settings.` : 'Sharing settings saved.');
    onSaved();
  });
  const restore = useAction(async () => {
    await api.delete(`/entities/${entity.id}/acl`);
    acl.reload();
    setNotice(`This ${entity.type} inherits its sharing settings again.`);
    onSaved();
  });
  const stale = save.problem?.status === 412;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const empty = draft.find((x) => x.accessTypes.length === 0);
    setLocalError(empty ? `Give ${principalLabel(empty)} at least one access type, or remove them.` : undefined);
    if (!empty) void save.run();
  };

  return (
    <Dialog title="Sharing settings" subtitle={<>{entity.name} <span className="muted">· {entity.id}</span></>} onClose={onClose} wide testId="sharing-dialog">
      {(acl.loading && !acl.data) || (presets.loading && !presets.data) ? <Loading what="Loading the sharing settings" />
        : acl.error ? <LoadError problem={acl.error} retry={acl.reload} />
        : presets.error ? <LoadError problem={presets.error} retry={presets.reload} />
        : acl.data && presets.data && (
          <form onSubmit={onSubmit} noValidate>
            {acl.data.inherited ? (
              <Alert tone="info" testId="sharing-inherited">
                Sharing settings inherited from <Link to={entityUrl(acl.data.benefactorId)} onClick={onClose}><strong>{benefactorName}</strong></Link> ({acl.data.benefactorId}).
                {canChange && <> Changing them here gives this {entity.type} its own settings; it then stops following {benefactorName}.</>}
              </Alert>
            ) : (
              <div className="sharing-own" data-testid="sharing-own">
                <span>This {entity.type} has its own sharing settings{entity.type === 'project' ? ' (a project always has them).' : '.'}</span>
                {entity.type !== 'project' && canChange && (
                  <ConfirmButton variant="secondary" confirmText="Confirm: inherit again" onConfirm={() => restore.run()}>Restore inheritance</ConfirmButton>
                )}
              </div>
            )}
            {notice && !dirty && <Alert tone="success" testId="sharing-notice">{notice}</Alert>}
            <FormProblem problem={restore.problem} />
            {!canShare && <p className="muted small">You can see who has access, but not change it.</p>}
            {canShare && !canChange && <p className="muted small">You may share: add people and teams with access you hold yourself. Changing or removing existing access needs the Administrator level.</p>}

            <div tabIndex={0} className="table-wrap">
              <table className="table table-dense sharing-table" data-testid="acl-table">
                <thead>
                  <tr><th scope="col">Who</th><th scope="col">Access</th>{canShare && <th scope="col"><span className="sr-only">Remove</span></th>}</tr>
                </thead>
                <tbody>
                  {draft.length === 0 && <tr><td colSpan={3} className="muted">Nobody has access but the administrators of the platform.</td></tr>}
                  {draft.map((e) => (
                    <tr key={e.principalId} data-testid={`acl-row-${e.principalName}`}>
                      <td><PrincipalCell entry={e} />{e.isNew && <> <Badge tone="info">new</Badge></>}
                        {outside.has(e.principalId) && (
                          <p className="small ad-outside" data-testid={`ad-outside-${e.principalName}`}>
                            <Badge tone="warning">outside the domain</Badge>{' '}
                            Not in {outside.get(e.principalId)!.map((g) => g.name).join(', ')}: will not get access until they join.
                          </p>
                        )}
                      </td>
                      <td className="access-cell">
                        <PresetSelect entry={e} presets={presets.data!} disabled={!mayEditEntry(e)} onChange={(t) => change(e.principalId, t)} />
                        {advanced && (
                          <fieldset className="access-types" disabled={!mayEditEntry(e)}>
                            <legend className="sr-only">Access types for {e.principalName}</legend>
                            {ACCESS_TYPES.map((t) => (
                              <label key={t} className="access-type" title={typeHelp[t]}>
                                <input type="checkbox" checked={e.accessTypes.includes(t)} aria-label={`${t} for ${e.principalName}`}
                                  onChange={(ev) => change(e.principalId, ev.target.checked ? [...e.accessTypes, t] : e.accessTypes.filter((x) => x !== t))} />
                                <span>{t}</span>
                              </label>
                            ))}
                          </fieldset>
                        )}
                      </td>
                      {canShare && (
                        <td className="actions">
                          {mayEditEntry(e) && !(e.principalId === me?.id && !me.isAdmin) && (
                            <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove ${e.principalName}`} onClick={() => remove(e.principalId)}>Remove</button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Checkbox label="Show every access type (advanced)" checked={advanced} onChange={setAdvanced} id="sharing-advanced" />

            {canShare && (
              <div className="sharing-add">
                <PrincipalPicker label="Add people or teams" id="sharing-add" kinds={['user', 'team', 'group']} placeholder="Type a username, name, team or group"
                  exclude={draft.map((e) => e.principalId)}
                  onPick={(p) => add({ principalId: p.id, principalName: p.name, principalType: p.type, accessTypes: ['READ'], isNew: true })} />
                {domainCheck && !domainCheck.canMakePublic && !hasPrincipal(PUBLIC) && !hasPrincipal(AUTHENTICATED) ? (
                  <div className="sharing-public" data-testid="sharing-public-disabled">
                    <p className="label-like">Make public</p>
                    <p className="small muted">
                      Not possible here: {entity.type === 'project' ? 'this project has' : `this ${entity.type} is in a project with`} an authorization domain ({domainCheck.groups.map((g) => g.name).join(', ')}).
                      {' '}Share with those groups, or with people in them, instead.
                    </p>
                  </div>
                ) : (
                <fieldset className="sharing-public">
                  <legend className="label-like">Make public</legend>
                  <Checkbox id="sharing-authenticated" checked={hasPrincipal(AUTHENTICATED)} disabled={!canChange && existing.has(AUTHENTICATED)}
                    onChange={(on) => togglePublic(AUTHENTICATED, on)} label="All signed-in users" />
                  <Checkbox id="sharing-public" checked={hasPrincipal(PUBLIC)} disabled={!canChange && existing.has(PUBLIC)}
                    onChange={(on) => togglePublic(PUBLIC, on)} label="Everyone, including visitors who are not signed in" />
                  <p className="field-hint">Each gets <em>Can view</em>; choose another level in the list above.</p>
                </fieldset>
                )}
              </div>
            )}

            {/* Refusals show here, beside the button that met them: the dialog may be scrolled. */}
            <div className="dialog-problems">
              {stale ? (
                <div className="alert alert-error" role="alert" data-testid="form-problem">
                  <div className="alert-content">{save.problem!.detail}</div>
                  <button type="button" className="btn btn-secondary btn-small" onClick={() => { save.reset(); acl.reload(); }}>Reload the settings</button>
                </div>
              ) : <FormProblem problem={save.problem} />}
              {localError && <Alert tone="error">{localError}</Alert>}
            </div>
            <div className="dialog-footer">
              {canShare && <SubmitButton pending={save.pending} pendingText="Saving…" disabled={!dirty || stale}>Save sharing settings</SubmitButton>}
              {dirty && <button type="button" className="btn btn-ghost" onClick={() => { setDraft(acl.data!.entries.map((x) => ({ ...x }))); setDirty(false); save.reset(); }}>Undo changes</button>}
              <span className="spacer" />
              <button type="button" className="btn btn-secondary" onClick={onClose}>Close</button>
            </div>
          </form>
        )}
    </Dialog>
  );
}
