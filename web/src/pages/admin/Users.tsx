import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi, useDebounced } from '../../hooks.js';
import type { Page, UserSummary } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, StateBadge, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

const LIMIT = 25;

function CreateUser({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const [form, setForm] = useState({ username: '', email: '', displayName: '', password: '' });
  const create = useAction(async () => {
    const user = await api.post<UserSummary>('/users', {
      username: form.username.trim(), email: form.email.trim(), password: form.password,
      ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
    });
    navigate(`/admin/users/${user.id}`, { state: { created: true } });
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const p = create.problem;
  return (
    <Card title="Create a user" id="create-user">
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void create.run(); }} noValidate>
        <FormProblem problem={p} fields={['username', 'email', 'displayName', 'password']} />
        <div className="form-grid">
          <Field label="Username" name="username" problem={p} id="new-username"><input type="text" autoComplete="off" value={form.username} onChange={set('username')} /></Field>
          <Field label="Email" name="email" problem={p} id="new-email"><input type="email" autoComplete="off" value={form.email} onChange={set('email')} /></Field>
          <Field label="Display name (optional)" name="displayName" problem={p} id="new-display-name"><input type="text" value={form.displayName} onChange={set('displayName')} /></Field>
          <Field label="Initial password" name="password" problem={p} id="new-password" hint="Tell the user to change it after signing in.">
            <input type="password" autoComplete="new-password" value={form.password} onChange={set('password')} />
          </Field>
        </div>
        <div className="button-row">
          <SubmitButton pending={create.pending} pendingText="Creating…">Create user</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}

export function UsersPage() {
  const [q, setQ] = useState('');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const query = useDebounced(q.trim(), 250);
  const users = useApi<Page<UserSummary>>('/users', { q: query, limit: LIMIT, offset });
  return (
    <>
      <PageHeader title="Users" subtitle="Accounts, their status, roles and two-factor authentication."
        actions={!creating && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>New user</button>} />
      {creating && <CreateUser onClose={() => setCreating(false)} />}
      <Card>
        <div className="toolbar">
          <div className="field search-field">
            <label htmlFor="user-search">Search users</label>
            <input id="user-search" type="search" value={q} placeholder="Username, name or email" onChange={(e) => { setQ(e.target.value); setOffset(0); }} />
          </div>
        </div>
        {users.loading && !users.data ? <Loading /> : users.error ? <LoadError problem={users.error} retry={users.reload} />
          : users.data && users.data.items.length === 0 ? <Empty title={query ? `No user matches “${query}”` : 'No users'} />
          : users.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="users-table">
                <thead><tr><th scope="col">User</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Roles</th><th scope="col">Tiers</th><th scope="col">2FA</th><th scope="col">Created</th></tr></thead>
                <tbody>
                  {users.data.items.map((u) => (
                    <tr key={u.id}>
                      <td><Link to={`/admin/users/${u.id}`}><strong>{u.displayName}</strong></Link><div className="muted small">@{u.username}</div></td>
                      <td>{u.email ?? <span className="muted">—</span>}</td>
                      <td>{u.status ? <StateBadge state={u.status} /> : <span className="muted">—</span>}</td>
                      <td>{u.isAdmin && <Badge tone="accent">admin</Badge>} {u.isAct && <Badge tone="accent">ACT</Badge>} {u.isSecurity && <Badge tone="accent">security</Badge>} {u.isGovernance && <Badge tone="accent">governance</Badge>}</td>
                      <td>{u.isCertified && <Badge tone="success">certified</Badge>} {u.isValidated && <Badge tone="success">validated</Badge>}</td>
                      <td>{u.twoFactorEnabled ? <Badge tone="success">on</Badge> : <span className="muted">off</span>}</td>
                      <td><When at={u.createdAt} dateOnly /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pagination total={users.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}
