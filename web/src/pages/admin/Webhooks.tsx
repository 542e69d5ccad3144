import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Answer, Get, Page } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, CopyButton, Empty, FromNow, LoadError, Loading, PageHeader, When, type Tone } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

type Subscription = Get<'/api/v1/webhooks/{id}'>;
type Created = Answer<'/api/v1/webhooks', 'post'>;
type Delivery = Get<'/api/v1/webhooks/{id}/deliveries'>['items'][number];

/** Event types in words (the code stays in the tooltip and in what the receiver gets). */
const EVENT_WORDS: Record<string, string> = {
  'approval.granted': 'Approval granted',
  'approval.revoked': 'Approval revoked',
  'approval.expired': 'Approval expired',
  'team.membership_changed': 'Team membership changed',
  'group.membership_changed': 'Managed group membership changed',
  'authorization_domain.changed': 'Authorization domain changed',
  'account.disabled': 'Account disabled',
  'account.enabled': 'Account enabled',
  'acl.changed': 'Sharing settings (ACL) changed',
  'request.state_changed': 'Data access request changed state',
  'webhook.test': 'Test event',
};
const eventWords = (type: string) => EVENT_WORDS[type] ?? type;

const STATUS: Record<Delivery['status'], { label: string; tone: Tone }> = {
  pending: { label: 'Waiting', tone: 'info' },
  delivered: { label: 'Delivered', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
};
/** While deliveries wait, the page asks again this often. */
const REFRESH_MS = 3_000;

function NewSecret({ created, onDone }: { created: Created; onDone(): void }) {
  return (
    <section className="card card-highlight" data-testid="new-webhook-secret" aria-labelledby="new-webhook-secret-title">
      <div className="card-body">
        <h2 id="new-webhook-secret-title">Signing secret for {created.subscription.url}</h2>
        <Alert tone="warning">Copy it now into the receiver's configuration: it is shown only once.</Alert>
        <div className="token-box">
          <code data-testid="webhook-secret">{created.secret}</code>
          <CopyButton text={created.secret} label="Copy secret" testId="copy-webhook-secret" />
        </div>
        <p className="muted small">
          Each call carries <code>Gatehouse-Webhook-Id</code> (the same on every retry), <code>Gatehouse-Event</code>,{' '}
          <code>Gatehouse-Timestamp</code> and <code>Gatehouse-Signature: t=…,v1=…</code>, an HMAC-SHA256 of the timestamp, a dot and the body
          (see the README, “Outbound webhooks”). After a rotation, the previous secret signs too until its grace period ends.
        </p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onDone}>Done, I have copied it</button>
      </div>
    </section>
  );
}

function CreateSubscription({ types, onCreated }: { types: string[]; onCreated(c: Created): void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [ownSecret, setOwnSecret] = useState(false);
  const [secret, setSecret] = useState('');
  const create = useAction(async () => {
    onCreated(await api.post<Created>('/webhooks', {
      url: url.trim(), eventTypes: [...chosen], ...(description.trim() ? { description: description.trim() } : {}), ...(ownSecret ? { secret } : {}),
    }));
    setUrl('');
    setDescription('');
    setChosen(new Set());
    setSecret('');
    setOwnSecret(false);
  });
  const p = create.problem;
  const toggle = (t: string) => setChosen((s) => {
    const next = new Set(s);
    if (next.has(t)) next.delete(t);
    else next.add(t);
    return next;
  });
  return (
    <Card title="Add a subscription" id="create-webhook">
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void create.run(); }} noValidate>
        <FormProblem problem={p} fields={['url', 'description', 'eventTypes', 'secret']} />
        <div className="form-grid">
          <Field label="Receiver URL" name="url" problem={p} id="webhook-url" hint="Where Gatehouse POSTs the events, e.g. https://storage.example.org/gatehouse-events">
            <input type="url" autoComplete="off" value={url} onChange={(e) => setUrl(e.target.value)} />
          </Field>
          <Field label="Description (optional)" name="description" problem={p} id="webhook-description">
            <input type="text" value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </div>
        <fieldset className="webhook-types">
          <legend>Events to send</legend>
          {types.map((t) => (
            <label key={t} className="checkbox" title={t}>
              <input type="checkbox" checked={chosen.has(t)} onChange={() => toggle(t)} /> {eventWords(t)}
            </label>
          ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={ownSecret} onChange={(e) => setOwnSecret(e.target.checked)} /> Use a secret of my own (otherwise Gatehouse makes one)
        </label>
        {ownSecret && (
          <Field label="Secret" name="secret" problem={p} id="webhook-own-secret" hint="At least 24 characters">
            <input type="password" autoComplete="new-password" value={secret} onChange={(e) => setSecret(e.target.value)} />
          </Field>
        )}
        <SubmitButton pending={create.pending} pendingText="Adding…" disabled={!url.trim() || chosen.size === 0}>Add subscription</SubmitButton>
      </form>
    </Card>
  );
}

function Deliveries({ subscription, onTick }: { subscription: Subscription; onTick(): void }) {
  const page = useApi<Page<Delivery>>(`/webhooks/${subscription.id}/deliveries`, { limit: 10 });
  const [notice, setNotice] = useState<string>();
  const redeliver = useAction(async (d: Delivery) => {
    await api.post(`/webhooks/${subscription.id}/deliveries/${d.id}/redeliver`);
    setNotice(`${eventWords(d.eventType)} (${d.eventId}) will be sent again now, with the same webhook id.`);
  });
  const waiting = page.data?.items.some((d) => d.status === 'pending') ?? false;
  const { reload } = page;
  useEffect(() => {
    if (!waiting) return;
    // The subscription's counts change with its deliveries.
    const timer = setInterval(() => { reload(); onTick(); }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [waiting, reload, onTick]);
  if (page.loading && !page.data) return <Loading />;
  if (page.error) return <LoadError problem={page.error} retry={page.reload} />;
  const items = page.data?.items ?? [];
  return (
    <>
      {notice && <Alert tone="success">{notice}</Alert>}
      <FormProblem problem={redeliver.problem} />
      {items.length === 0 ? <p className="muted">No deliveries yet.</p> : (
        <div tabIndex={0} className="table-wrap" role="region" aria-label={`Recent deliveries to ${subscription.url}`}>
          <table className="table webhook-deliveries">
            <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Answer</th><th scope="col">Time taken</th><th scope="col">Next attempt</th><th scope="col" /></tr></thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid={`delivery-${d.id}`}>
                  <td><span title={d.eventType}>{eventWords(d.eventType)}</span><div className="muted small"><When at={d.occurredAt} /></div></td>
                  <td><Badge tone={STATUS[d.status].tone}>{STATUS[d.status].label}</Badge></td>
                  <td>{d.attempts}</td>
                  <td>{d.lastStatus !== null ? <>HTTP {d.lastStatus}</> : d.attempts > 0 ? 'no answer' : '—'}
                    {d.lastError && <div className="muted small webhook-error">{d.lastError}</div>}</td>
                  <td>{d.lastLatencyMs !== null ? `${d.lastLatencyMs} ms` : '—'}</td>
                  <td>{d.status === 'pending' ? <FromNow at={d.nextAttemptAt} due="due now" /> : d.status === 'failed' ? <span className="muted">gave up <FromNow at={d.failedAt} /></span> : <span className="muted">—</span>}</td>
                  <td>{d.status !== 'pending' && (
                    <button type="button" className="btn btn-secondary btn-small" disabled={redeliver.pending} onClick={() => void redeliver.run(d)}>Redeliver</button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(page.data?.total ?? 0) > items.length && <p className="muted small">The 10 most recent of {page.data!.total} deliveries.</p>}
    </>
  );
}

function SubscriptionCard({ subscription, onSecret, onTick }: { subscription: Subscription; onSecret(c: Created): void; onTick(): void }) {
  const [notice, setNotice] = useState<string>();
  const test = useAction(async () => {
    await api.post(`/webhooks/${subscription.id}/test`);
    setNotice('A test event is on its way; its delivery shows below.');
  });
  const rotate = useAction(async () => onSecret(await api.post<Created>(`/webhooks/${subscription.id}/secret`, {})));
  const toggle = useAction(async () => api.patch(`/webhooks/${subscription.id}`, { enabled: !subscription.enabled }));
  const problem = test.problem ?? rotate.problem ?? toggle.problem;
  const { pending, delivered, failed } = subscription.deliveries;
  return (
    <Card
      title={<><span className="webhook-url">{subscription.url}</span> {subscription.enabled ? <Badge tone="success">enabled</Badge> : <Badge>disabled</Badge>}</>}
      testId={`webhook-${subscription.id}`}
      actions={(
        <div className="button-row">
          <button type="button" className="btn btn-secondary btn-small" disabled={test.pending} onClick={() => void test.run()}>Send test event</button>
          <ConfirmButton variant="secondary" onConfirm={() => void rotate.run()}
            confirmText="Make a new secret? The current one keeps signing for the grace period.">Rotate secret</ConfirmButton>
          <ConfirmButton variant={subscription.enabled ? 'danger' : 'secondary'} onConfirm={() => void toggle.run()}
            confirmText={subscription.enabled ? 'Disable? It gets no new events until enabled again.' : 'Enable again?'}>
            {subscription.enabled ? 'Disable' : 'Enable'}
          </ConfirmButton>
        </div>
      )}
    >
      <FormProblem problem={problem} />
      {notice && <Alert tone="success" testId="webhook-notice">{notice}</Alert>}
      {subscription.description && <p>{subscription.description}</p>}
      <p className="webhook-event-list">{subscription.eventTypes.map((t) => <Badge key={t} title={t}>{eventWords(t)}</Badge>)}</p>
      <p className="muted small">
        Added <When at={subscription.createdAt} /> · {delivered} delivered · {pending} waiting · {failed > 0 ? <strong>{failed} failed</strong> : '0 failed'}
        {' · '}signing with {subscription.secrets.map((s) => <code key={s.id} title={s.retiredAt ? 'Stops signing at the end of the grace period' : undefined}>{s.hint}{s.retiredAt ? ' (until ' : ''}{s.retiredAt && <When at={s.retiredAt} />}{s.retiredAt ? ')' : ''} </code>)}
      </p>
      <h3 className="webhook-subtitle">Recent deliveries</h3>
      <Deliveries subscription={subscription} onTick={onTick} />
    </Card>
  );
}

export function WebhooksPage() {
  const list = useApi<Page<Subscription>>('/webhooks', { limit: 100 });
  const types = useApi<{ items: string[] }>('/webhooks/event-types');
  const [created, setCreated] = useState<Created>();
  return (
    <>
      <PageHeader title="Outbound webhooks"
        subtitle="Storage systems subscribe here to access changes (approvals, memberships, sharing settings, accounts) to mirror them. Every event is signed, sent at least once, and retried for a day." />
      {created && <NewSecret created={created} onDone={() => setCreated(undefined)} />}
      {types.data && <CreateSubscription types={types.data.items} onCreated={setCreated} />}
      {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : list.data && list.data.items.length === 0 ? <Empty title="No subscriptions yet">Add one for each system that mirrors access.</Empty>
        : list.data?.items.map((s) => <SubscriptionCard key={s.id} subscription={s} onSecret={setCreated} onTick={list.reload} />)}
    </>
  );
}
