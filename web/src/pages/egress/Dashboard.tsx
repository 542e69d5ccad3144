import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import type { EgressIncident, EgressSeries, Page, UserSummary } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, When } from '../../ui/bits.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { EgressChart } from './lazy.js';
import { IncidentTable, ProjectFilter, useProjectFilter } from './Incidents.js';

export const SPANS = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
type Span = (typeof SPANS)[number]['value'];

/** A span ending now; fixed when the span is chosen, so a re-render does not ask again. */
export function useSpan(span: Span, generation = 0): { from: string; to: string } {
  return useMemo(() => {
    const to = Date.now();
    return { from: new Date(to - SPANS.find((s) => s.value === span)!.ms).toISOString(), to: new Date(to).toISOString() };
  }, [span, generation]);
}

/** Whether the user filtered on is suspended or disabled now: what the engineer looks at next. */
export function UserState({ user }: { user: NonNullable<EgressSeries['user']> }) {
  return (
    <p data-testid="egress-user-state">
      @{user.username}:{' '}
      {user.status === 'disabled' ? <><Badge tone="danger">disabled</Badge> {user.disabledReason}</>
        : user.suspended ? <><Badge tone="danger">suspended</Badge> downloads and compute until <When at={user.egressSuspendedUntil} /></>
        : <Badge tone="success">not suspended</Badge>}
    </p>
  );
}

/** Egress of a user (or everyone) and a project (or all) over a span, as a chart with thresholds and incidents. */
export function EgressSeriesCard({ userId, projectId, span, title = 'Egress over time', refresh }: {
  userId?: number; projectId?: string; span: Span; title?: string; refresh?: number;
}) {
  const { from, to } = useSpan(span, refresh);
  const series = useApi<EgressSeries>('/egress/series', { userId, projectId, from, to });
  return (
    <Card title={title} id="egress-series">
      {series.error ? <LoadError problem={series.error} retry={series.reload} />
        : !series.data ? <Loading what="Loading the egress" />
        : <>
          {series.data.user && <UserState user={series.data.user} />}
          <EgressChart series={series.data} />
        </>}
    </Card>
  );
}

/** The security engineer's first page: egress over time with its thresholds and alerts, and the open incidents below. */
export function EgressDashboardPage() {
  const [user, setUser] = useState<UserSummary | null>(null);
  const project = useProjectFilter();
  const [span, setSpan] = useState<Span>('24h');
  const [refresh, setRefresh] = useState(0);
  const open = useApi<Page<EgressIncident>>('/egress/incidents', { open: true, limit: 50, user: user?.username, project: project.projectId });
  return (
    <>
      <PageHeader title="Egress dashboard" subtitle="Row-level egress seen by the network monitors and downloaded from Gatehouse, against the policy's thresholds."
        actions={<button type="button" className="btn btn-secondary" onClick={() => { setRefresh((r) => r + 1); open.reload(); }}>Refresh</button>} />
      <Card>
        <div className="toolbar" data-testid="egress-filters">
          <UserPicker label="User" value={user} onChange={setUser} id="dashboard-user" />
          <ProjectFilter filter={project} id="dashboard-project" />
          <div className="field">
            <label htmlFor="dashboard-span">Span</label>
            <select id="dashboard-span" value={span} onChange={(e) => setSpan(e.target.value as Span)}>
              {SPANS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
            </select>
          </div>
        </div>
      </Card>
      <EgressSeriesCard userId={user?.id} projectId={project.projectId} span={span} refresh={refresh}
        title={`Egress over time${user ? ` of @${user.username}` : ''}${project.projectId ? ` in ${project.projectId}` : ''}`} />
      <Card title="Open incidents" id="open-incidents" actions={<Link to="/egress/incidents" className="small">All incidents →</Link>}>
        {open.error ? <LoadError problem={open.error} retry={open.reload} />
          : !open.data ? <Loading />
          : open.data.items.length === 0 ? <Empty title="No open incidents" />
          : (
            <div tabIndex={0} className="table-wrap">
              <IncidentTable items={open.data.items} testId="open-incidents-table" />
              {open.data.total > open.data.items.length && <p className="muted small">The {open.data.items.length} newest of {open.data.total}; see <Link to="/egress/incidents">all incidents</Link>.</p>}
            </div>
          )}
      </Card>
    </>
  );
}
