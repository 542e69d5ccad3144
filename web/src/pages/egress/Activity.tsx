import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi, useDebounced } from '../../hooks.js';
import type { EgressDelivery, EgressEvent, Page } from '../../types.js';
/** Refused deliveries of one address past the per-minute limit: counted, not stored (GET /egress/deliveries/floods). */
interface RefusedFlood {
  remoteAddress: string;
  minute: string;
  deliveries: number;
  sourceName: string | null;
  lastReason: string;
}

import { Coded } from '../../ui/words.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When, formatBytes } from '../../ui/bits.js';

const LIMIT = 25;

/** Egress events received; the unattributed ones stand out, as someone has to find out whose they were. */
export function EgressEventsPage() {
  const [attributed, setAttributed] = useState('');
  const [user, setUser] = useState('');
  const [source, setSource] = useState('');
  const [offset, setOffset] = useState(0);
  const q = { user: useDebounced(user.trim()), source: useDebounced(source.trim().toLowerCase()) };
  const events = useApi<Page<EgressEvent>>('/egress/events', {
    limit: LIMIT, offset, ...(attributed ? { attributed } : {}), ...(q.user ? { user: q.user } : {}), ...(q.source ? { source: q.source } : {}),
  });
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setOffset(0); };
  return (
    <>
      <PageHeader title="Egress events" subtitle="Events posted by network monitors, newest first. An unattributed event named neither a known user nor a registered runtime." />
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="egress-attributed">Attribution</label>
            <select id="egress-attributed" value={attributed} onChange={(e) => reset(setAttributed)(e.target.value)}>
              <option value="">All</option>
              <option value="false">Unattributed only</option>
              <option value="true">Attributed only</option>
            </select>
          </div>
          <div className="field search-field">
            <label htmlFor="egress-user">User</label>
            <input id="egress-user" type="search" value={user} placeholder="Username or id" onChange={(e) => reset(setUser)(e.target.value)} />
          </div>
          <div className="field search-field">
            <label htmlFor="egress-source">Source</label>
            <input id="egress-source" type="search" value={source} placeholder="Source name" onChange={(e) => reset(setSource)(e.target.value)} />
          </div>
        </div>
        {events.loading && !events.data ? <Loading /> : events.error ? <LoadError problem={events.error} retry={events.reload} />
          : events.data && events.data.items.length === 0 ? <Empty title="No egress events match" />
          : events.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="egress-events">
                <thead><tr><th scope="col">Observed</th><th scope="col">User</th><th scope="col">Project</th><th scope="col">Bytes</th><th scope="col">Window</th><th scope="col">Kind</th><th scope="col">Source</th></tr></thead>
                <tbody>
                  {events.data.items.map((e) => (
                    <tr key={e.id} className={e.attributed ? undefined : 'row-warning'} data-testid={e.attributed ? undefined : 'unattributed-event'}>
                      <td><When at={e.observedAt} /></td>
                      <td>
                        {e.attributed && e.userId !== null
                          ? <><Link to={`/admin/users/${e.userId}`}>@{e.username}</Link>{e.attributedBy === 'runtime' && <div className="muted small">via runtime {e.runtimeId}</div>}</>
                          : <><Badge tone="warning">unattributed</Badge><div className="muted small">named: {e.claimed.user ?? '—'}{e.claimed.runtimeId ? `, runtime ${e.claimed.runtimeId}` : ''}</div></>}
                      </td>
                      <td>{e.projectId ? <Link to={`/entities/${e.projectId}`}>{e.projectId}</Link> : <span className="muted">{e.claimed.projectId ?? '—'}</span>}</td>
                      <td>{formatBytes(e.bytes)}</td>
                      <td className="small">{e.windowSeconds} s from <When at={e.windowStart} /></td>
                      <td><Coded code={e.kind} /></td>
                      <td>{e.source}<div className="muted small">{e.eventId}</div></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pagination total={events.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}

/** Deliveries received, refused ones first in mind: a misconfigured or forged monitor shows here. */
export function EgressDeliveriesPage() {
  const [result, setResult] = useState('refused');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<number | null>(null);
  const deliveries = useApi<Page<EgressDelivery>>('/egress/deliveries', { limit: LIMIT, offset, ...(result ? { result } : {}) });
  const floods = useApi<Page<RefusedFlood>>('/egress/deliveries/floods', { limit: 20 });
  return (
    <>
      <PageHeader title="Egress deliveries" subtitle="Every request to the events endpoint is kept, refused ones with the reason and the start of the body." />
      {floods.data && floods.data.items.length > 0 && (
        <Card title="Refused too often to keep each one">
          <p className="small">These addresses sent more refused deliveries in a minute than are stored one by one; the rest were counted and answered "429 Too Many Requests". A monitor in a loop with a wrong secret looks like this.</p>
          <div tabIndex={0} className="table-wrap">
            <table className="table" data-testid="egress-floods">
              <thead><tr><th scope="col">Minute</th><th scope="col">From</th><th scope="col">Source named</th><th scope="col">Counted</th><th scope="col">Last reason</th></tr></thead>
              <tbody>
                {floods.data.items.map((f) => (
                  <tr key={`${f.remoteAddress}-${f.minute}`}>
                    <td><When at={f.minute} /></td>
                    <td><code>{f.remoteAddress}</code></td>
                    <td>{f.sourceName ?? <span className="muted">none</span>}</td>
                    <td>{f.deliveries}</td>
                    <td><code>{f.lastReason}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="delivery-result">Result</label>
            <select id="delivery-result" value={result} onChange={(e) => { setResult(e.target.value); setOffset(0); }}>
              <option value="refused">Refused</option>
              <option value="partial">Partly refused batches</option>
              <option value="accepted">Accepted</option>
              <option value="">All</option>
            </select>
          </div>
        </div>
        {deliveries.loading && !deliveries.data ? <Loading /> : deliveries.error ? <LoadError problem={deliveries.error} retry={deliveries.reload} />
          : deliveries.data && deliveries.data.items.length === 0 ? <Empty title={result === 'refused' ? 'No refused deliveries' : 'No deliveries'} />
          : deliveries.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="egress-deliveries">
                <thead><tr><th scope="col">Received</th><th scope="col">Source</th><th scope="col">From</th><th scope="col">Result</th><th scope="col">Reason</th><th scope="col">Events</th><th scope="col" /></tr></thead>
                <tbody>
                  {deliveries.data.items.map((d) => (
                    <Fragment key={d.id}>
                      <tr>
                        <td><When at={d.receivedAt} /></td>
                        <td>{d.sourceName ?? <span className="muted">none named</span>}{d.sourceName && d.sourceId === null && <div className="muted small">unknown source</div>}</td>
                        <td><code>{d.remoteAddress ?? '—'}</code></td>
                        <td><Badge tone={d.result === 'accepted' ? 'success' : d.result === 'partial' ? 'warning' : 'danger'}>{d.result}</Badge></td>
                        <td>{d.reason ? <><code>{d.reason}</code><div className="small">{d.detail}</div></> : <span className="muted">—</span>}</td>
                        <td className="small">{d.eventsAccepted + d.eventsDuplicate + d.eventsRefused === 0
                          ? <span className="muted">none read</span>
                          : <>{d.eventsAccepted} accepted · {d.eventsDuplicate} duplicate · {d.eventsRefused} refused</>}</td>
                        <td>
                          <button type="button" className="btn btn-ghost btn-small" aria-expanded={open === d.id} aria-controls={`delivery-body-${d.id}`}
                            onClick={() => setOpen(open === d.id ? null : d.id)}>{open === d.id ? 'Hide' : 'Body'}</button>
                        </td>
                      </tr>
                      {open === d.id && (
                        <tr className="row-detail" id={`delivery-body-${d.id}`}>
                          <td colSpan={7}>
                            {d.refusals.length > 0 && (
                              <ul className="small">
                                {d.refusals.map((r) => <li key={r.index}>Event {r.index}{r.eventId ? ` (${r.eventId})` : ''}: <code>{r.code}</code> {r.detail}</li>)}
                              </ul>
                            )}
                            <p className="muted small">{formatBytes(d.bodyBytes)}{d.bodyTruncated ? ', cut to what is stored' : ''}</p>
                            <pre className="message-body">{d.body || '(empty)'}</pre>
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                </tbody>
              </table>
              <Pagination total={deliveries.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}
