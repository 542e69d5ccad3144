import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Page, Token } from '../../types.js';

/** The parts of a runtime (GET /runtimes) the token form shows. */
interface Runtime {
  id: number;
  name: string;
}
import { Alert, Card, ConfirmButton, CopyButton, Empty, LoadError, Loading, PageHeader, StateBadge, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

const EXPIRY_CHOICES = [7, 30, 90, 180, 366];

export function TokensPage() {
  const tokens = useApi<{ items: Token[] }>('/tokens');
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [runtimeId, setRuntimeId] = useState('');
  const runtimes = useApi<Page<Runtime>>('/runtimes', { status: 'running', limit: 100 });
  const [created, setCreated] = useState<{ token: string; details: Token }>();
  const create = useAction(async () => {
    const answer = await api.post<{ token: string; details: Token }>('/tokens', { name: name.trim(), expiresInDays: days, ...(runtimeId ? { runtimeId: Number(runtimeId) } : {}) });
    setCreated(answer);
    setName('');
    tokens.setData((cur) => ({ items: [answer.details, ...(cur?.items ?? [])] }));
  });
  const revoke = useAction(async (id: number) => {
    const t = await api.delete<Token>(`/tokens/${id}`);
    tokens.setData((cur) => ({ items: (cur?.items ?? []).map((x) => (x.id === id ? t : x)) }));
    if (created?.details.id === id) setCreated(undefined);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };

  return (
    <>
      <PageHeader title="Personal access tokens" subtitle={<>For scripts and the command line: send <code>Authorization: Bearer gh_pat_…</code>. A token acts as you.</>} />
      {created && (
        <section className="card card-highlight" data-testid="new-token-panel" aria-labelledby="new-token-title">
          <div className="card-body">
            <h2 id="new-token-title">Token “{created.details.name}” created</h2>
            <Alert tone="warning">Copy it now: it is shown only once. Gatehouse keeps only a hash of it.</Alert>
            <div className="token-box">
              <code data-testid="new-token">{created.token}</code>
              <CopyButton text={created.token} label="Copy token" testId="copy-token" />
            </div>
            <p className="muted small">Expires <When at={created.details.expiresAt} />.</p>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setCreated(undefined)}>Done, I have copied it</button>
          </div>
        </section>
      )}
      <Card title="Create a token" id="create-token">
        <form onSubmit={onSubmit} noValidate className="inline-form">
          <FormProblem problem={create.problem} fields={['name', 'expiresInDays', 'runtimeId']} />
          <div className="inline-fields">
            <Field label="Token name" name="name" problem={create.problem} id="token-name" hint="What it is for, e.g. “laptop” or “pipeline”.">
              <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
            </Field>
            <Field label="Expires after" name="expiresInDays" problem={create.problem} id="token-days">
              <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
                {EXPIRY_CHOICES.map((d) => <option key={d} value={d}>{d} days</option>)}
              </select>
            </Field>
            {runtimes.data && runtimes.data.items.length > 0 && (
              <Field label="For a runtime" name="runtimeId" problem={create.problem} id="token-runtime" hint="What a runtime's token downloads counts as that runtime's egress.">
                <select value={runtimeId} onChange={(e) => setRuntimeId(e.target.value)}>
                  <option value="">No runtime (me)</option>
                  {runtimes.data.items.map((r) => <option key={r.id} value={r.id}>{r.name} (#{r.id})</option>)}
                </select>
              </Field>
            )}
            <div className="inline-submit">
              <SubmitButton pending={create.pending} pendingText="Creating…">Create token</SubmitButton>
            </div>
          </div>
        </form>
      </Card>
      <Card title="My tokens" id="token-list">
        <FormProblem problem={revoke.problem} />
        {tokens.loading && !tokens.data ? <Loading what="Loading tokens" /> : tokens.error ? <LoadError problem={tokens.error} retry={tokens.reload} />
          : tokens.data && tokens.data.items.length === 0 ? <Empty title="No tokens yet" icon="key">Create one above to use the API from a script.</Empty>
          : tokens.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="tokens-table">
                <thead><tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
                <tbody>
                  {tokens.data.items.map((t) => (
                    <tr key={t.id} data-testid={`token-row-${t.id}`}>
                      <td><strong>{t.name}</strong></td>
                      <td><code className="muted">{t.prefix}…</code></td>
                      <td><StateBadge state={t.state} /></td>
                      <td><When at={t.createdAt} dateOnly /></td>
                      <td><When at={t.expiresAt} dateOnly /></td>
                      <td>{t.lastUsedAt ? <When at={t.lastUsedAt} /> : <span className="muted">never</span>}</td>
                      <td className="actions">{t.state === 'active' && <ConfirmButton onConfirm={() => revoke.run(t.id)}>Revoke</ConfirmButton>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
      </Card>
    </>
  );
}
