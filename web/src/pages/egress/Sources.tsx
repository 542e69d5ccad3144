import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { EgressCreatedSecret, EgressSource, Page } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, CopyButton, Empty, LoadError, Loading, PageHeader, StateBadge, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

/** The secret just created or rotated in, shown once (only its encryption is kept). */
function NewSecret({ created, onDone }: { created: EgressCreatedSecret; onDone(): void }) {
  return (
    <section className="card card-highlight" data-testid="new-egress-secret" aria-labelledby="new-egress-secret-title">
      <div className="card-body">
        <h2 id="new-egress-secret-title">Secret for “{created.source.name}”</h2>
        <Alert tone="warning">Copy it now into the monitor's configuration: it is shown only once.</Alert>
        <div className="token-box">
          <code data-testid="egress-secret">{created.secret}</code>
          <CopyButton text={created.secret} label="Copy secret" testId="copy-egress-secret" />
        </div>
        <p className="muted small">
          The monitor sends <code>Gatehouse-Source: {created.source.name}</code> and <code>Gatehouse-Signature: t=…,v1=…</code> (see the README,
          “Connecting a network monitor”). Try it with <code>gatehouse egress send --source {created.source.name} --secret-file F --user U --bytes 1024</code>.
        </p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onDone}>Done, I have copied it</button>
      </div>
    </section>
  );
}

function CreateSource({ onCreated }: { onCreated(c: EgressCreatedSecret): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useAction(async () => {
    onCreated(await api.post<EgressCreatedSecret>('/egress/sources', { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) }));
    setName('');
    setDescription('');
  });
  const p = create.problem;
  return (
    <Card title="Add a source" id="create-source">
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void create.run(); }} noValidate>
        <FormProblem problem={p} fields={['name', 'description']} />
        <div className="form-grid">
          <Field label="Name" name="name" problem={p} id="source-name" hint="Lower-case letters, digits, dots and dashes, e.g. zeek-vpc">
            <input type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Description (optional)" name="description" problem={p} id="source-description">
            <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <SubmitButton pending={create.pending} pendingText="Creating…" disabled={!name.trim()}>Create source</SubmitButton>
      </form>
    </Card>
  );
}

function SourceCard({ source, onChanged, onSecret }: { source: EgressSource; onChanged(s: EgressSource): void; onSecret(c: EgressCreatedSecret): void }) {
  const rotate = useAction(async () => {
    const created = await api.post<EgressCreatedSecret>(`/egress/sources/${source.id}/secrets`, {});
    onChanged(created.source);
    onSecret(created);
  });
  const retire = useAction(async (secretId: number) => onChanged(await api.post<EgressSource>(`/egress/sources/${source.id}/secrets/${secretId}/retire`, {})));
  const toggle = useAction(async () => onChanged(await api.post<EgressSource>(`/egress/sources/${source.id}/${source.status === 'active' ? 'disable' : 'enable'}`, {})));
  const problem = rotate.problem ?? retire.problem ?? toggle.problem;
  return (
    <Card
      title={<>{source.name} <StateBadge state={source.status} /> {source.activeSecrets === 0 && <Badge tone="danger" title="Every delivery is refused">no active secret</Badge>}</>}
      testId={`source-${source.name}`}
      actions={(
        <div className="button-row">
          <button type="button" className="btn btn-secondary btn-small" disabled={rotate.pending || source.activeSecrets >= 2}
            title={source.activeSecrets >= 2 ? 'Retire a secret first: at most two are active' : undefined} onClick={() => void rotate.run()}>Rotate secret</button>
          <ConfirmButton variant={source.status === 'active' ? 'danger' : 'secondary'} onConfirm={() => void toggle.run()}
            confirmText={source.status === 'active' ? `Disable ${source.name}? Its deliveries will be refused.` : `Enable ${source.name} again?`}>
            {source.status === 'active' ? 'Disable' : 'Enable'}
          </ConfirmButton>
        </div>
      )}
    >
      <FormProblem problem={problem} />
      {source.description && <p>{source.description}</p>}
      <p className="muted small">Created <When at={source.createdAt} />{source.lastDeliveryAt ? <> · last delivery <When at={source.lastDeliveryAt} /></> : ' · no delivery yet'}</p>
      <div tabIndex={0} className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Secret</th><th scope="col">Created</th><th scope="col">Verifies until</th><th scope="col" /></tr></thead>
          <tbody>
            {source.secrets.map((s) => (
              <tr key={s.id}>
                <td><code>{s.hint}…</code> {s.active ? <Badge tone="success">active</Badge> : <Badge>retired</Badge>}</td>
                <td><When at={s.createdAt} /></td>
                <td>{s.retiredAt ? <When at={s.retiredAt} /> : <span className="muted">until retired</span>}</td>
                <td>{s.active && (
                  <ConfirmButton onConfirm={() => void retire.run(s.id)}
                    confirmText={source.activeSecrets === 1 ? 'Retire the last active secret? Every delivery of this source will be refused.' : 'Retire this secret now?'}>
                    Retire
                  </ConfirmButton>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function EgressSourcesPage() {
  const sources = useApi<Page<EgressSource>>('/egress/sources', { limit: 100 });
  const [created, setCreated] = useState<EgressCreatedSecret>();
  const replace = (s: EgressSource) => sources.setData((cur) => cur && { ...cur, items: cur.items.map((x) => (x.id === s.id ? s : x)) });
  return (
    <>
      <PageHeader title="Egress sources" subtitle="Network monitors that post signed egress events. Each has one or two active secrets, so a secret can be rotated without a refused delivery." />
      {created && <NewSecret created={created} onDone={() => setCreated(undefined)} />}
      <CreateSource onCreated={(c) => { setCreated(c); sources.reload(); }} />
      {sources.loading && !sources.data ? <Loading /> : sources.error ? <LoadError problem={sources.error} retry={sources.reload} />
        : sources.data && sources.data.items.length === 0 ? <Empty title="No egress sources yet">Add one for each network monitor.</Empty>
        : sources.data?.items.map((s) => <SourceCard key={s.id} source={s} onChanged={replace} onSecret={setCreated} />)}
    </>
  );
}
