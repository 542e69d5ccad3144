import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, type ApiProblem } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Page } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, When, PageSkeleton } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { entityUrl } from '../../ui/entities.js';
import { PrincipalPicker, type PickedPrincipal } from '../../ui/PrincipalPicker.js';
import { AllowlistCard } from './Allowlist.js';
import { GroupRoleBadge } from './Groups.js';
import { groupUrl, type GroupMember, type GroupRole, type ManagedGroup, type OpenAccessRequest } from './model.js';
import { AccessPending, RequestAccess } from './RequestAccess.js';
import './groups.css';

const LIMIT = 50;

/** A refusal that names projects or entities (`projects: [syn…]`, `entities: [syn…]`): the sentence, with links. */
function ProblemWithLinks({ problem }: { problem: ApiProblem }) {
  const ids = [...((problem.projects as string[] | undefined) ?? []), ...((problem.entities as string[] | undefined) ?? [])];
  const title = problem.code === 'GROUP_USED_AS_AUTHORIZATION_DOMAIN' || problem.code === 'GROUP_IN_ACL' ? 'Not deleted.' : null;
  return (
    <div className="alert alert-error" role="alert" data-testid="group-problem">
      <div className="alert-content">
        {title && <strong>{title} </strong>}
        {problem.detail}
        {problem.code === 'GROUP_USED_AS_AUTHORIZATION_DOMAIN' && (
          <div className="small grp-problem-help">Groups can never be removed from an authorization domain, so the group stays for as long as these projects exist:</div>
        )}
        {ids.length > 0 && (
          <ul className="grp-problem-links">
            {ids.map((id) => <li key={id}><Link to={entityUrl(id)}>{id}</Link></li>)}
          </ul>
        )}
      </div>
    </div>
  );
}

function EditGroup({ group, onSaved, onCancel }: { group: ManagedGroup; onSaved(g: ManagedGroup): void; onCancel(): void }) {
  const [description, setDescription] = useState(group.description ?? '');
  const [instructions, setInstructions] = useState(group.accessInstructions ?? '');
  const save = useAction(async () => onSaved(await api.patch<ManagedGroup>(`/groups/${encodeURIComponent(group.name)}`, {
    description: description.trim(),
    accessInstructions: instructions.trim() ? instructions.trim() : null,
  })));
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); void save.run(); }} noValidate className="narrow" data-testid="edit-group">
      <FormProblem problem={save.problem} fields={['description', 'accessInstructions']} />
      <Field label="Description" name="description" problem={save.problem} id="edit-group-description">
        <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <Field label="Access instructions" name="accessInstructions" problem={save.problem} id="edit-group-instructions"
        hint="Leave empty to have “Request access” email the admins. When set, people asking see these instead and no email is sent.">
        <textarea rows={4} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
      </Field>
      <div className="button-row">
        <SubmitButton pending={save.pending} pendingText="Saving…">Save</SubmitButton>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/** Description and access instructions; admins edit them. */
function AboutCard({ group, onSaved }: { group: ManagedGroup; onSaved(g: ManagedGroup): void }) {
  const [editing, setEditing] = useState(false);
  return (
    <Card title="About this group" id="group-about" testId="group-about"
      actions={group.isAdmin && !editing && <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)}>Edit</button>}>
      {editing ? <EditGroup group={group} onCancel={() => setEditing(false)} onSaved={(g) => { setEditing(false); onSaved(g); }} /> : (
        <dl className="facts">
          <dt>Description</dt><dd>{group.description || <span className="muted">None.</span>}</dd>
          <dt>Access instructions</dt>
          <dd data-testid="group-instructions">{group.accessInstructions
            ? <span className="pre-wrap">{group.accessInstructions}</span>
            : <span className="muted">None: “Request access” emails the admins.</span>}</dd>
          <dt>Created</dt><dd><When at={group.createdAt} dateOnly /></dd>
          <dt>Authorization domain of</dt>
          <dd>{group.authorizationDomainCount === 0 ? <span className="muted">no project</span>
            : <>{group.authorizationDomainCount} {group.authorizationDomainCount === 1 ? 'project' : 'projects'}</>}</dd>
        </dl>
      )}
    </Card>
  );
}

function AddMember({ group, exclude, onAdded }: { group: ManagedGroup; exclude: number[]; onAdded(m: GroupMember): void }) {
  const [picked, setPicked] = useState<PickedPrincipal | null>(null);
  const [role, setRole] = useState<GroupRole>(group.thirdParty ? 'admin' : 'member');
  const add = useAction(async () => {
    if (!picked) return;
    const body = picked.type === 'group' ? { group: picked.name, role } : { userId: picked.id, role };
    const member = await api.post<GroupMember>(`/groups/${encodeURIComponent(group.name)}/members`, body);
    setPicked(null);
    onAdded(member);
  });
  return (
    <form className="grp-add" onSubmit={(e: FormEvent) => { e.preventDefault(); void add.run(); }} noValidate data-testid="add-member">
      <FormProblem problem={add.problem} fields={[]} />
      <div className="inline-fields">
        {picked ? (
          <div className="field">
            <span className="label-like">Add</span>
            <div className="picked" data-testid="picked-member">
              <span><strong>{picked.displayName}</strong> {picked.type === 'user' ? <span className="muted">@{picked.name}</span> : <Badge>group</Badge>}</span>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setPicked(null)}>Change</button>
            </div>
          </div>
        ) : (
          <PrincipalPicker label="Add a person or a group" id="add-member-principal" kinds={['user', 'group']} exclude={exclude}
            placeholder="Username, name, email or group name" onPick={(p) => { add.reset(); setPicked(p); }} />
        )}
        <div className="field">
          <label htmlFor="add-member-role">Role</label>
          <select id="add-member-role" value={role} onChange={(e) => setRole(e.target.value as GroupRole)}>
            <option value="member" disabled={group.thirdParty}>Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div className="inline-submit"><SubmitButton pending={add.pending} pendingText="Adding…" disabled={!picked}>Add</SubmitButton></div>
      </div>
      <p className="muted small grp-add-help">
        {group.thirdParty
          ? 'The members of a third-party group come from its allowlist; you can add admins only.'
          : 'Adding a group makes all its members members of this one. Admins manage the group and count as members.'}
      </p>
    </form>
  );
}

function Members({ group, onChange }: { group: ManagedGroup; onChange(): void }) {
  const me = useMe();
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string>();
  const path = `/groups/${encodeURIComponent(group.name)}/members`;
  const members = useApi<Page<GroupMember>>(path, { limit: LIMIT, offset });
  const change = useAction(async (fn: () => Promise<unknown>, message: string) => {
    await fn();
    setNotice(message);
    members.reload();
    onChange();
  });
  const items = members.data?.items ?? [];
  const canSee = !members.error || members.error.code !== 'NOT_GROUP_MEMBER';
  return (
    <Card title={<>Members {members.data && <span className="muted small">({members.data.total})</span>}</>} id="group-members" testId="group-members">
      {!canSee ? <p className="muted">Only members and admins of {group.name} see who is in it.</p> : <>
        {notice && <Alert tone="success" testId="members-notice">{notice}</Alert>}
        {change.problem && <FormProblem problem={change.problem} />}
        {group.isAdmin && (
          <AddMember group={group} exclude={[group.id, ...items.map((m) => m.principalId)]}
            onAdded={(m) => { setNotice(`${m.type === 'group' ? `Group ${m.name}` : m.displayName} added as ${m.role}.`); members.reload(); onChange(); }} />
        )}
        {members.loading && !members.data ? <Loading what="Loading the members" /> : members.error ? <LoadError problem={members.error} retry={members.reload} />
          : items.length === 0 ? <Empty title="No members" icon="users" />
          : (
            <div tabIndex={0} className="table-wrap">
              <table className="table table-cards" data-testid="members-table">
                <thead><tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Source</th><th scope="col">Since</th>{group.isAdmin && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
                <tbody>
                  {items.map((m) => {
                    const label = m.type === 'group' ? `group ${m.name}` : m.name;
                    return (
                      <tr key={m.principalId} data-testid={`member-${m.name}`}>
                        <td>
                          {m.type === 'group'
                            ? <><Link to={groupUrl(m.name)}><strong>{m.name}</strong></Link> <Badge title="Every member of this group is a member here">group</Badge></>
                            : <><strong>{m.displayName}</strong> <span className="muted">@{m.name}</span>{m.principalId === me.id && <span className="muted"> (you)</span>}</>}
                        </td>
                        <td data-label="Role">{m.role === 'admin' ? <Badge tone="accent">admin</Badge> : <Badge>member</Badge>}</td>
                        <td data-label="Source">{m.source === 'allowlist' ? <Badge tone="warning" title="Brought by the allowlist; the sync keeps it up to date">allowlist</Badge> : <span className="muted small">added</span>}</td>
                        <td className="nowrap" data-label="Since"><When at={m.addedAt} dateOnly /></td>
                        {group.isAdmin && (
                          <td className="actions nowrap">
                            {m.source === 'manual' && (
                              <button type="button" className="btn btn-secondary btn-small" disabled={change.pending || (m.role === 'admin' && group.adminCount <= 1)}
                                title={m.role === 'admin' && group.adminCount <= 1 ? 'A group keeps at least one admin' : undefined}
                                aria-label={m.role === 'admin' ? `Make ${label} a member` : `Make ${label} an admin`}
                                onClick={() => void change.run(() => api.put(`${path}/${m.principalId}`, { role: m.role === 'admin' ? 'member' : 'admin' }),
                                  `${m.type === 'group' ? `Group ${m.name}` : m.displayName} is now ${m.role === 'admin' ? 'a member' : 'an admin'}.`)}>
                                {m.role === 'admin' ? 'Make member' : 'Make admin'}
                              </button>
                            )}{' '}
                            {m.source === 'manual' && m.principalId !== me.id && (
                              <ConfirmButton onConfirm={() => change.run(() => api.delete(`${path}/${m.principalId}`), `${m.type === 'group' ? `Group ${m.name}` : m.displayName} removed.`)}
                                confirmText={`Remove ${label}`}>Remove</ConfirmButton>
                            )}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pagination total={members.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </>}
    </Card>
  );
}

/** A managed group: who is in it, asking to join, and (for its admins) membership, instructions, allowlist, deletion. */
export function GroupPage() {
  const { name = '' } = useParams();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const group = useApi<ManagedGroup>(`/groups/${encodeURIComponent(name)}`);
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const [membersKey, setMembersKey] = useState(0);
  useEffect(() => setNotice((location.state as { notice?: string } | null)?.notice), [name, location.state]);
  const leave = useAction(async () => {
    await api.delete(`/groups/${encodeURIComponent(name)}/members/${me.id}`);
    setNotice(`You left ${name}.`);
    group.reload();
  });
  const remove = useAction(async () => {
    await api.delete(`/groups/${encodeURIComponent(name)}`);
    navigate('/groups', { state: { notice: `Group ${name} deleted.` } });
  });

  if (group.loading && !group.data) return <PageSkeleton what="Loading the group" />;
  if (group.error) return <><PageHeader title={name} /><LoadError problem={group.error} retry={group.reload} /><p><Link to="/groups">← Groups</Link></p></>;
  const g = group.data!;
  const outside = !g.isMember && !g.isAdmin;
  return (
    <>
      <p className="breadcrumb"><Link to="/groups">Groups</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={g.name}
        subtitle={<span className="grp-subtitle">
          <span>Managed group</span>
          <GroupRoleBadge group={g} />
          {g.thirdParty && <Badge tone="warning" title="Its members come from an external allowlist">third-party</Badge>}
          {g.authorizationDomainCount > 0 && <Badge tone="info">authorization domain</Badge>}
          <span className="muted">{g.memberCount} {g.memberCount === 1 ? 'member' : 'members'} · {g.adminCount} {g.adminCount === 1 ? 'admin' : 'admins'}</span>
        </span>}
        actions={<>
          {g.myRole && <ConfirmButton small={false} variant="secondary" confirmText="Confirm leaving" onConfirm={() => leave.run()}>Leave group</ConfirmButton>}
          {g.isAdmin && <ConfirmButton small={false} confirmText={`Delete ${g.name}`} onConfirm={() => remove.run()}>Delete group</ConfirmButton>}
        </>} />
      {notice && <Alert tone="success" testId="group-notice">{notice}</Alert>}
      {leave.problem && <LoadError problem={leave.problem} />}
      {remove.problem && <ProblemWithLinks problem={remove.problem} />}

      {outside && (
        <Card title="Request access" id="group-request" testId="group-request">
          <p>You are not a member of {g.name}.
            {g.accessInstructions ? ' The group explains how to join; ask, and you will see its instructions.' : ' Asking emails every admin of the group; they decide whether to add you.'}</p>
          {g.accessRequestedAt && !g.accessInstructions
            ? <AccessPending group={g.name} since={g.accessRequestedAt} />
            : <RequestAccess group={g.name} withMessage={!g.accessInstructions} />}
        </Card>
      )}
      {g.isAdmin && <AccessRequests group={g} onAdded={() => { group.reload(); setMembersKey((k) => k + 1); }} />}
      <div className="grid-2">
        <AboutCard group={g} onSaved={(saved) => { group.setData(saved); setNotice('Saved.'); }} />
        {(g.isAdmin || g.thirdParty) && <AllowlistCard group={g} onChange={() => { group.reload(); setMembersKey((k) => k + 1); }} />}
      </div>
      <Members key={membersKey} group={g} onChange={() => group.reload()} />
    </>
  );
}

/**
 * The open requests for access (admins): add the person, or decline. Shown only when there are some. A third-party
 * group's members come from its allowlist, so there a request can only be declined (or answered by the list).
 */
function AccessRequests({ group, onAdded }: { group: ManagedGroup; onAdded(): void }) {
  const base = `/groups/${encodeURIComponent(group.name)}`;
  const requests = useApi<{ items: OpenAccessRequest[] }>(`${base}/access-requests`);
  const [notice, setNotice] = useState<string>();
  const act = useAction(async (fn: () => Promise<unknown>, message: string, added: boolean) => {
    await fn();
    setNotice(message);
    requests.reload();
    if (added) onAdded();
  });
  const items = requests.data?.items ?? [];
  if (items.length === 0 && !notice) return null;
  return (
    <Card title={<>Requests for access <span className="muted small">({items.length})</span></>} id="group-access-requests" testId="group-access-requests">
      {notice && <Alert tone="success" testId="access-requests-notice">{notice}</Alert>}
      {act.problem && <FormProblem problem={act.problem} />}
      {items.length === 0 ? <p className="muted">No open requests.</p> : (
        <div tabIndex={0} className="table-wrap">
          <table className="table">
            <thead><tr><th scope="col">Who</th><th scope="col">Message</th><th scope="col">Asked</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.user.id} data-testid={`access-request-${r.user.username}`}>
                  <td><strong>{r.user.displayName}</strong> <span className="muted">@{r.user.username}</span></td>
                  <td className="pre-wrap">{r.message || <span className="muted">—</span>}</td>
                  <td className="nowrap small"><When at={r.requestedAt} /></td>
                  <td className="actions nowrap">
                    {!group.thirdParty && <>
                      <button type="button" className="btn btn-primary btn-small" disabled={act.pending}
                        onClick={() => void act.run(() => api.post(`${base}/members`, { userId: r.user.id }), `${r.user.displayName} added as member.`, true)}>
                        Add as member
                      </button>{' '}
                    </>}
                    <button type="button" className="btn btn-ghost btn-small" disabled={act.pending}
                      onClick={() => void act.run(() => api.delete(`${base}/access-requests/${r.user.id}`), `${r.user.displayName}'s request declined; they were told.`, false)}>
                      Decline
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

