import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi, useDebounced } from '../../hooks.js';
import type { Page, Team } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { MyInvitations } from './MyInvitations.js';

const LIMIT = 25;

export function RoleBadge({ team }: { team: Team }) {
  if (team.myRole === 'manager') return <Badge tone="accent">manager</Badge>;
  if (team.myRole === 'member') return <Badge tone="info">member</Badge>;
  if (team.myPendingInvitation) return <Badge tone="warning">invited</Badge>;
  if (team.myPendingRequest) return <Badge tone="neutral">requested</Badge>;
  return null;
}

function CreateTeam({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useAction(async () => {
    const team = await api.post<Team>('/teams', { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
    navigate(`/teams/${team.id}`);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  return (
    <Card title="Create a team" id="create-team">
      <form onSubmit={onSubmit} noValidate className="narrow">
        <FormProblem problem={create.problem} fields={['name', 'description']} />
        <Field label="Team name" name="name" problem={create.problem} id="team-name">
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} autoFocus />
        </Field>
        <Field label="Description (optional)" name="description" problem={create.problem} id="team-description">
          <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <div className="button-row">
          <SubmitButton pending={create.pending} pendingText="Creating…">Create team</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
        <p className="muted small">You become the team's first manager.</p>
      </form>
    </Card>
  );
}

function TeamTable({ teams }: { teams: Team[] }) {
  return (
    <div tabIndex={0} className="table-wrap">
      <table className="table" data-testid="teams-table">
        <thead><tr><th scope="col">Team</th><th scope="col">Description</th><th scope="col" className="num">Members</th><th scope="col">Me</th></tr></thead>
        <tbody>
          {teams.map((t) => (
            <tr key={t.id}>
              <td><Link to={`/teams/${t.id}`}><strong>{t.name}</strong></Link></td>
              <td className="clip">{t.description || <span className="muted">—</span>}</td>
              <td className="num">{t.memberCount}</td>
              <td><RoleBadge team={t} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TeamsPage() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const query = useDebounced(q.trim(), 250);
  const mine = useApi<{ items: Team[] }>('/me/teams');
  const all = useApi<Page<Team>>('/teams', { q: query, limit: LIMIT, offset });

  return (
    <>
      <PageHeader title="Teams" subtitle={<span data-testid="list-explainer">People you work with: share data and requests with a team; its managers add members. To gate access to a project, see <Link to="/groups">Groups</Link>.</span>}
        actions={!creating && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>New team</button>} />
      {creating && <CreateTeam onClose={() => setCreating(false)} />}
      <Card title="My invitations" id="team-invitations">
        <MyInvitations compact onChange={() => { mine.reload(); all.reload(); }} />
      </Card>
      <Card title="My teams" id="my-teams">
        {mine.loading && !mine.data ? <Loading /> : mine.error ? <LoadError problem={mine.error} retry={mine.reload} />
          : mine.data && mine.data.items.length === 0 ? <p className="muted">You are not in any team yet. Find one below and request to join, or create one.</p>
          : mine.data && <TeamTable teams={mine.data.items} />}
      </Card>
      <Card title="All teams" id="all-teams">
        <div className="toolbar">
          <div className="field search-field">
            <label htmlFor="team-search">Search teams</label>
            <input id="team-search" type="search" value={q} placeholder="Team name" onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
          </div>
        </div>
        {all.loading && !all.data ? <Loading /> : all.error ? <LoadError problem={all.error} retry={all.reload} />
          : all.data && all.data.items.length === 0 ? <Empty title={query ? `No team matches “${query}”` : 'No teams yet'} icon="users" />
          : all.data && (
            <>
              <TeamTable teams={all.data.items} />
              <Pagination total={all.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </>
          )}
      </Card>
    </>
  );
}
