import { useApi } from '../../hooks.js';
import type { EgressBypassWindow, EgressIncident, EgressSeries, Page, UserSummary } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, When } from '../../ui/bits.js';
import { EgressChart } from './lazy.js';
import { formatIec } from './format.js';
import { IncidentTable } from './Incidents.js';
import { useSpan } from './Dashboard.js';

/** The "Egress" section of the admin's user page: the last 7 days, the user's incidents, bypass windows and suspension. */
export function UserEgress({ user }: { user: UserSummary }) {
  const { from, to } = useSpan('7d');
  const series = useApi<EgressSeries>('/egress/series', { userId: user.id, from, to });
  const incidents = useApi<Page<EgressIncident>>('/egress/incidents', { user: user.username, limit: 20 });
  const windows = useApi<Page<EgressBypassWindow>>('/egress/bypass-windows', { userId: user.id, limit: 20 });
  const s = series.data?.user;
  const now = Date.now();
  return (
    <Card title="Egress" id="egress" testId="user-egress">
      <dl className="facts">
        <dt>Suspension</dt>
        <dd data-testid="egress-suspension">
          {!s ? '…' : s.suspended
            ? <><Badge tone="danger">suspended</Badge> downloads and compute until <When at={s.egressSuspendedUntil} /></>
            : s.egressSuspendedUntil ? <>Not suspended (the last suspension ended <When at={s.egressSuspendedUntil} />)</> : 'Not suspended'}
        </dd>
        {s?.status === 'disabled' && <><dt>Account</dt><dd><Badge tone="danger">disabled</Badge> {s.disabledReason}</dd></>}
      </dl>
      <h3>Last 7 days</h3>
      {series.error ? <LoadError problem={series.error} retry={series.reload} /> : !series.data ? <Loading what="Loading the egress" /> : <EgressChart series={series.data} height={240} />}
      <h3>Incidents</h3>
      {incidents.error ? <LoadError problem={incidents.error} retry={incidents.reload} />
        : !incidents.data ? <Loading />
        : incidents.data.items.length === 0 ? <p className="muted">No egress incidents.</p>
        : <div tabIndex={0} className="table-wrap"><IncidentTable items={incidents.data.items} testId="user-incidents" /></div>}
      <h3>Bypass windows</h3>
      {windows.error ? <LoadError problem={windows.error} retry={windows.reload} />
        : !windows.data ? <Loading />
        : windows.data.items.length === 0 ? <Empty title="No bypass windows" />
        : (
          <div tabIndex={0} className="table-wrap">
            <table className="table table-cards" data-testid="user-bypass-windows">
              <thead><tr><th scope="col">From</th><th scope="col">Until</th><th scope="col">Cap</th><th scope="col">Reason</th><th scope="col">State</th></tr></thead>
              <tbody>
                {windows.data.items.map((w) => {
                  const state = w.revokedAt ? 'revoked' : new Date(w.until).getTime() <= now ? 'ended' : new Date(w.from).getTime() > now ? 'planned' : 'in force';
                  return (
                    <tr key={w.id}>
                      <td data-label="From"><When at={w.from} /></td>
                      <td data-label="Until"><When at={w.until} /></td>
                      <td data-label="Cap">{formatIec(w.capBytes)}</td>
                      <td data-label="Reason">{w.reason}</td>
                      <td data-label="State"><Badge tone={state === 'in force' ? 'warning' : 'neutral'}>{state}</Badge></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
    </Card>
  );
}
