import { useState } from 'react';
import { useApi, useDebounced } from '../../hooks.js';
import type { OutboxMessage, Page } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, StateBadge, When } from '../../ui/bits.js';

const LIMIT = 50;

export function OutboxPage() {
  const [status, setStatus] = useState('');
  const [recipient, setRecipient] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const recipientQuery = useDebounced(recipient.trim(), 250);
  const page = useApi<Page<OutboxMessage> & { smtpConfigured: boolean }>('/outbox', { status, recipient: recipientQuery, limit: LIMIT, offset });
  const toggle = (id: number) => setOpen((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });

  return (
    <>
      <PageHeader title="Outbox" subtitle="Every email Gatehouse sends, written with the change that caused it, and its delivery state." />
      {page.data && !page.data.smtpConfigured && (
        <Alert tone="warning" testId="smtp-not-configured">
          <strong>SMTP is not configured.</strong> Messages are kept here and not delivered. Set <code>SMTP_URL</code> to send them.
        </Alert>
      )}
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="outbox-status">Status</label>
            <select id="outbox-status" value={status} onChange={(e) => { setStatus(e.target.value); setOffset(0); }}>
              <option value="">All</option>
              <option value="pending">Pending</option>
              <option value="sent">Sent</option>
              <option value="failed">Failed</option>
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
            <div className="table-wrap">
              <table className="table" data-testid="outbox-table">
                <thead><tr><th scope="col"><span className="sr-only">Expand</span></th><th scope="col">Created</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col" className="num">Attempts</th><th scope="col">Sent</th></tr></thead>
                <tbody>
                  {page.data.items.map((m) => {
                    const expanded = open.has(m.id);
                    return [
                      <tr key={m.id} className={expanded ? 'row-open' : undefined}>
                        <td>
                          <button type="button" className="expander" aria-expanded={expanded} aria-controls={`outbox-body-${m.id}`} onClick={() => toggle(m.id)}
                            aria-label={`${expanded ? 'Hide' : 'Show'} message ${m.id}`}>{expanded ? '▾' : '▸'}</button>
                        </td>
                        <td className="nowrap"><When at={m.createdAt} /></td>
                        <td>{m.recipient}</td>
                        <td>{m.subject}</td>
                        <td><code className="small">{m.kind}</code></td>
                        <td><StateBadge state={m.status} /></td>
                        <td className="num">{m.attempts}</td>
                        <td className="nowrap"><When at={m.sentAt} /></td>
                      </tr>,
                      expanded && (
                        <tr key={`${m.id}-body`} className="row-detail" id={`outbox-body-${m.id}`}>
                          <td />
                          <td colSpan={7}>
                            {m.lastError && <Alert tone="error">Last error: {m.lastError}</Alert>}
                            <div className="muted small">Channel: {m.channel}</div>
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
