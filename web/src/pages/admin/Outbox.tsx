import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi, useDebounced } from '../../hooks.js';
import type { OutboxMessage, OutboxPage as OutboxAnswer } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, Empty, FromNow, LoadError, Loading, PageHeader, Pagination, When, type Tone } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';

const LIMIT = 50;
/** While messages wait or are retried, the page asks again this often: their state changes without a click. */
const REFRESH_MS = 10_000;

type State = 'waiting' | 'failing' | 'failed' | 'sent';

/** The four states an admin tells apart; the API says failing beside status pending. */
const stateOf = (m: OutboxMessage): State => (m.status === 'pending' ? (m.failing ? 'failing' : 'waiting') : m.status);

const STATES: Record<State, { label: string; tone: Tone; words: string }> = {
  waiting: { label: 'Waiting', tone: 'info', words: 'Waiting to be sent' },
  failing: { label: 'Failing', tone: 'warning', words: 'Retrying after errors' },
  failed: { label: 'Failed', tone: 'danger', words: 'Gave up retrying' },
  sent: { label: 'Sent', tone: 'success', words: 'Delivered to the mail server' },
};

const FILTERS: { value: string; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'pending', label: 'Not delivered yet (waiting or failing)' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'failing', label: 'Failing (retrying)' },
  { value: 'failed', label: 'Failed (gave up)' },
  { value: 'sent', label: 'Sent' },
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function CountTile({ state, count, active, onPick, hint }: { state: State; count: number; active: boolean; onPick(): void; hint: string }) {
  return (
    <button type="button" className={`count-tile count-tile-${state}${active ? ' count-tile-active' : ''}`} aria-pressed={active} onClick={onPick}
      data-testid={`count-${state}`}>
      <span className="count-tile-number">{count}</span>
      <span className="count-tile-label">{STATES[state].label}</span>
      <span className="count-tile-hint">{hint}</span>
    </button>
  );
}

function NextAttempt({ m }: { m: OutboxMessage }) {
  const state = stateOf(m);
  if (state === 'sent') return <span className="muted">None: sent <FromNow at={m.sentAt} /></span>;
  if (state === 'failed') return <span className="muted">None: given up <FromNow at={m.failedAt} /></span>;
  return (
    <>
      <FromNow at={m.nextAttemptAt} due="due now" />
      {state === 'failing' && m.retryUntil && <div className="muted small">gives up <FromNow at={m.retryUntil} /></div>}
    </>
  );
}

export function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const [recipient, setRecipient] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [notice, setNotice] = useState<string>();
  const recipientQuery = useDebounced(recipient.trim(), 250);
  const page = useApi<OutboxAnswer>('/outbox', { status, recipient: recipientQuery, limit: LIMIT, offset });
  const counts = page.data?.counts;

  const toggle = (id: number) => setOpen((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  const busy = counts ? counts.pending + counts.failing > 0 : false;
  const { reload } = page;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [busy, reload]);

  const retryOne = useAction(async (m: OutboxMessage) => {
    setNotice(undefined);
    await api.post<OutboxMessage>(`/outbox/${m.id}/retry`);
    setNotice(`The message to ${m.recipient} (“${m.subject}”) is waiting to be sent again now.`);
  });
  const retryAll = useAction(async () => {
    setNotice(undefined);
    const { retried } = await api.post<{ retried: number }>('/outbox/retry-failed');
    setNotice(retried === 0 ? 'There were no failed messages to retry.' : `${plural(retried, 'failed message')} ${retried === 1 ? 'is' : 'are'} waiting to be sent again now.`);
  });
  const [retrying, setRetrying] = useState<number>();
  const problem = retryOne.problem ?? retryAll.problem;

  // A new filter is a new question: the answer to the last action goes.
  const setStatus = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('status', value);
    else next.delete('status');
    setParams(next);
    setOffset(0);
    setNotice(undefined);
    retryOne.reset();
    retryAll.reset();
  };

  const failed = counts?.failed ?? 0;
  return (
    <>
      <PageHeader title="Outbox" subtitle="Every email Gatehouse sends, written with the change that caused it, and its delivery state."
        actions={failed > 0 && (
          <ConfirmButton variant="primary" small={false} disabled={retryAll.pending}
            confirmText={`Retry ${plural(failed, 'failed message')} now`}
            onConfirm={async () => { retryOne.reset(); await retryAll.run(); page.reload(); }}>
            Retry all failed
          </ConfirmButton>
        )} />
      {page.data && !page.data.smtpConfigured && (
        <Alert tone="warning" testId="smtp-not-configured">
          <strong>SMTP is not configured.</strong> Messages are kept here and not delivered. Set <code>SMTP_URL</code> to send them.
        </Alert>
      )}
      {notice && <Alert tone="success" testId="outbox-notice">{notice}</Alert>}
      <FormProblem problem={problem} />
      {counts && (
        <div className="count-tiles" role="group" aria-label="Messages not delivered">
          <CountTile state="waiting" count={counts.pending} active={status === 'waiting'} onPick={() => setStatus(status === 'waiting' ? '' : 'waiting')}
            hint="queued to be sent" />
          <CountTile state="failing" count={counts.failing} active={status === 'failing'} onPick={() => setStatus(status === 'failing' ? '' : 'failing')}
            hint="retrying after errors" />
          <CountTile state="failed" count={counts.failed} active={status === 'failed'} onPick={() => setStatus(status === 'failed' ? '' : 'failed')}
            hint={`gave up after ${page.data?.retryHours ?? 72} hours`} />
        </div>
      )}
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="outbox-status">State</label>
            <select id="outbox-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              {FILTERS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
            </select>
          </div>
          <div className="field search-field">
            <label htmlFor="outbox-recipient">Recipient</label>
            <input id="outbox-recipient" type="search" value={recipient} placeholder="Part of an address" onChange={(e) => { setRecipient(e.target.value); setOffset(0); }} />
          </div>
        </div>
        {page.loading && !page.data ? <Loading what="Loading messages" /> : page.error ? <LoadError problem={page.error} retry={page.reload} />
          : page.data && page.data.items.length === 0 ? <Empty title="No messages" icon="mail">{status || recipientQuery ? 'Nothing matches these filters.' : 'Nothing has been sent yet.'}</Empty>
          : page.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table table-cards outbox-table" data-testid="outbox-table">
                <thead>
                  <tr>
                    <th scope="col"><span className="sr-only">Details</span></th><th scope="col">Message</th><th scope="col">State</th>
                    <th scope="col" className="num">Attempts</th><th scope="col">Last error</th><th scope="col">Next attempt</th>
                    <th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.items.map((m) => {
                    const expanded = open.has(m.id);
                    const state = stateOf(m);
                    return [
                      <tr key={m.id} className={expanded ? 'row-open' : undefined} data-testid={`outbox-row-${m.id}`}>
                        <td className="card-toggle">
                          <button type="button" className="expander" aria-expanded={expanded} aria-controls={`outbox-body-${m.id}`} onClick={() => toggle(m.id)}
                            aria-label={`${expanded ? 'Hide' : 'Show'} message ${m.id}`}>{expanded ? '▾' : '▸'}</button>
                        </td>
                        <td className="card-title">
                          <strong className="outbox-subject">{m.subject}</strong>
                          <div className="outbox-recipient">to {m.recipient}</div>
                          <div className="muted small"><span title={m.kind}>{m.kindText}</span> · written <FromNow at={m.createdAt} /></div>
                        </td>
                        <td data-label="State">
                          <div>
                            <Badge tone={STATES[state].tone}>{STATES[state].label}</Badge>
                            <div className="muted small outbox-state-words">{STATES[state].words}</div>
                          </div>
                        </td>
                        <td data-label="Attempts" className="num">{m.attempts}</td>
                        <td data-label="Last error" className="outbox-error">
                          {m.lastError ? <span className="error-text">{m.lastError}</span> : <span className="muted">—</span>}
                        </td>
                        <td data-label="Next attempt" className="outbox-next"><div><NextAttempt m={m} /></div></td>
                        <td className="actions card-actions-cell">
                          {(state === 'failing' || state === 'failed') && (
                            <button type="button" className="btn btn-secondary btn-small" disabled={retryOne.pending}
                              aria-label={`Retry now: message ${m.id} to ${m.recipient}`}
                              onClick={async () => {
                                setRetrying(m.id);
                                retryAll.reset();
                                await retryOne.run(m);
                                setRetrying(undefined);
                                page.reload();
                              }}>
                              {retryOne.pending && retrying === m.id ? 'Retrying…' : 'Retry now'}
                            </button>
                          )}
                        </td>
                      </tr>,
                      expanded && (
                        <tr key={`${m.id}-body`} className="row-detail" id={`outbox-body-${m.id}`}>
                          <td className="card-spacer" />
                          <td colSpan={6}>
                            <dl className="facts outbox-facts">
                              <dt>Message-ID</dt><dd>{m.messageId ? <code>{m.messageId}</code> : <span className="muted">set at the first attempt</span>}</dd>
                              <dt>Channel</dt><dd>{m.channel}</dd>
                              <dt>Written</dt><dd><When at={m.createdAt} /></dd>
                              {m.sentAt && <><dt>Sent</dt><dd><When at={m.sentAt} /></dd></>}
                              {m.nextAttemptAt && <><dt>Next attempt</dt><dd><When at={m.nextAttemptAt} /></dd></>}
                              {m.retryUntil && <><dt>Retried until</dt><dd><When at={m.retryUntil} /></dd></>}
                              {m.failedAt && <><dt>Given up</dt><dd><When at={m.failedAt} /></dd></>}
                            </dl>
                            <pre className="message-body">{m.body}</pre>
                          </td>
                        </tr>
                      ),
                    ];
                  })}
                </tbody>
              </table>
              <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}
