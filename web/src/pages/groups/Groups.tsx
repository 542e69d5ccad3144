import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi, useDebounced } from '../../hooks.js';
import type { Page } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { GROUP_NAME_MAX, GROUP_NAME_RULE, groupNameProblem, groupUrl, type ManagedGroup } from './model.js';
import './groups.css';

const LIMIT = 25;

export function GroupRoleBadge({ group }: { group: ManagedGroup }) {
  if (group.myRole === 'admin') return <Badge tone="accent">admin</Badge>;
  if (group.myRole === 'member') return <Badge tone="info">member</Badge>;
  if (group.isMember) return <Badge tone="info" title="Through a group that is a member of this one">member (nested)</Badge>;
  if (group.isAdmin) return <Badge tone="accent" title="Platform administrators manage every group">manages</Badge>;
  return <Badge>not a member</Badge>;
}

function CreateGroup({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [instructions, setInstructions] = useState('');
  const create = useAction(async () => {
    const group = await api.post<ManagedGroup>('/groups', {
      name: name.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(instructions.trim() ? { accessInstructions: instructions.trim() } : {}),
    });
    navigate(groupUrl(group.name), { state: { notice: `Group ${group.name} created. You are its admin: add the members.` } });
  });
  const local = groupNameProblem(name.trim());
  return (
    <Card title="Create a managed group" id="create-group">
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); if (!local) void create.run(); }} noValidate className="narrow">
        <FormProblem problem={create.problem} fields={['name', 'description', 'accessInstructions']} />
        <Field label="Group name" name="name" problem={create.problem} id="group-name" error={local ?? undefined} hint={GROUP_NAME_RULE}>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={GROUP_NAME_MAX + 20} autoFocus
            spellCheck={false} autoComplete="off" placeholder="e.g. tcga-lung-analysts" />
        </Field>
        <Field label="Description (optional)" name="description" problem={create.problem} id="group-description">
          <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field label="Access instructions (optional)" name="accessInstructions" problem={create.problem} id="group-instructions"
          hint="When set, “Request access” shows these to the person asking instead of emailing the admins (e.g. “Apply through dbGaP, then …”).">
          <textarea rows={3} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
        </Field>
        <div className="button-row">
          <SubmitButton pending={create.pending} pendingText="Creating…" disabled={!name.trim() || !!local}>Create group</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
        <p className="muted small">You become the group's first admin. Admins add and remove members, and can make other members admins.</p>
      </form>
    </Card>
  );
}

function GroupTable({ groups, testId }: { groups: ManagedGroup[]; testId: string }) {
  return (
    <div tabIndex={0} className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead><tr><th scope="col">Group</th><th scope="col">Description</th><th scope="col" className="num">Members</th><th scope="col">Me</th></tr></thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id} data-testid={`group-row-${g.name}`}>
              <td className="nowrap">
                <Link to={groupUrl(g.name)}><strong>{g.name}</strong></Link>
                {g.thirdParty && <> <Badge tone="warning" title="Its members come from an external allowlist">third-party</Badge></>}
                {g.authorizationDomainCount > 0 && <> <Badge tone="info" title="Projects whose authorization domain has this group">domain of {g.authorizationDomainCount} {g.authorizationDomainCount === 1 ? 'project' : 'projects'}</Badge></>}
              </td>
              <td className="clip">{g.description || <span className="muted">—</span>}</td>
              <td className="num">{g.memberCount}</td>
              <td><GroupRoleBadge group={g} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** My managed groups, every group (to find one to ask for), and creating one. */
export function GroupsPage() {
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const query = useDebounced(q.trim(), 250);
  const mine = useApi<Page<ManagedGroup>>('/groups', { limit: 200 });
  const all = useApi<Page<ManagedGroup>>('/groups', { all: true, q: query, limit: LIMIT, offset });
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <>
      <PageHeader title="Groups"
        subtitle={<span data-testid="list-explainer">Managed groups gate access: a project's authorization domain names them and admits only members of every one; group admins approve who joins. To share with the people you work with, see <Link to="/teams">Teams</Link>.</span>}
        actions={!creating && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>New group</button>} />
      {notice && <Alert tone="success" testId="groups-notice">{notice}</Alert>}
      {creating && <CreateGroup onClose={() => setCreating(false)} />}
      <Card title="My groups" id="my-groups">
        {mine.loading && !mine.data ? <Loading /> : mine.error ? <LoadError problem={mine.error} retry={mine.reload} />
          : mine.data && mine.data.items.length === 0 ? <p className="muted">You are not in any group yet. Find one below and request access, or create one.</p>
          : mine.data && <GroupTable groups={mine.data.items} testId="my-groups-table" />}
      </Card>
      <Card title="All groups" id="all-groups">
        <div className="toolbar">
          <div className="field search-field">
            <label htmlFor="group-search">Search groups</label>
            <input id="group-search" type="search" value={q} placeholder="Part of the name" onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
          </div>
        </div>
        {all.loading && !all.data ? <Loading /> : all.error ? <LoadError problem={all.error} retry={all.reload} />
          : all.data && all.data.items.length === 0 ? <Empty title={query ? `No group matches “${query}”` : 'No groups yet'} icon="users" />
          : all.data && (
            <>
              <GroupTable groups={all.data.items} testId="all-groups-table" />
              <Pagination total={all.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </>
          )}
      </Card>
    </>
  );
}
