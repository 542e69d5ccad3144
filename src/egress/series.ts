import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, notFound } from '../infra/problem.js';
import { loadPolicy } from './policystore.js';

/**
 * Egress over time for the dashboard (SPEC §10): the bytes of a span in buckets, per source — `monitor` (the
 * attributed events of egress_events, by observed_at) and `download` (Gatehouse's own row-level downloads of
 * egress_downloads that were counted: serving, served, failed; by at) — with the thresholds of the policy in force
 * and the incidents that began in the span. Summary downloads and refused ones are not egress the windows count,
 * so they are not drawn either.
 *
 * Buckets are aligned on the Unix epoch (UTC), so the same bucket always has the same start; the first and the
 * last bucket may be partly outside the span, and only what is inside [from, to) is counted.
 */

export const DEFAULT_SPAN_MS = 24 * 3_600_000;
export const MAX_SPAN_DAYS = 31;
/** At most this many buckets: the smallest bucket size that keeps to it is chosen. */
export const MAX_BUCKETS = 300;
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
export const BUCKET_SECONDS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 86_400] as const;

export interface SeriesQuery {
  userId?: number;
  projectId?: number;
  from?: Date;
  to?: Date;
}

/** The span asked for, its defaults filled in, checked: 400 BAD_SPAN (to not after from), 400 SPAN_TOO_LONG. */
export function spanOf(q: { from?: Date; to?: Date }, now: Date): { from: Date; to: Date; bucketSeconds: number } {
  const to = q.to ?? (q.from ? new Date(q.from.getTime() + DEFAULT_SPAN_MS) : now);
  const from = q.from ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
  const span = to.getTime() - from.getTime();
  // A default that falls outside the years 1 to 9999 (to: year 1, from: year 9999) is no date the database takes.
  if (from.getTime() < FIRST_INSTANT || to.getTime() > LAST_INSTANT) {
    throw badRequest('BAD_SPAN', `The span ${from.toISOString()} to ${to.toISOString()} must lie within the years 1 to 9999.`);
  }
  if (span <= 0) throw badRequest('BAD_SPAN', `"to" (${to.toISOString()}) must be after "from" (${from.toISOString()}).`);
  if (span > MAX_SPAN_DAYS * 86_400_000) {
    throw badRequest('SPAN_TOO_LONG', `The span is at most ${MAX_SPAN_DAYS} days; ${from.toISOString()} to ${to.toISOString()} is longer.`, { maxDays: MAX_SPAN_DAYS });
  }
  return { from, to, bucketSeconds: bucketFor(span) };
}

export function bucketFor(spanMs: number): number {
  return BUCKET_SECONDS.find((s) => Math.ceil(spanMs / (s * 1000)) <= MAX_BUCKETS) ?? BUCKET_SECONDS[BUCKET_SECONDS.length - 1];
}

interface BucketRow { b: number | string; bytes: number | string }
interface IncidentRow {
  id: number | string; user_id: number | string; username: string; project_id: number | string | null;
  first_event_at: Date | string; last_event_at: Date | string; bytes: number | string; state: string; counting: 'counted' | 'bypassed';
}
interface UserRow { id: number | string; username: string; status: string; disabled_reason: string | null; egress_suspended_until: Date | string | null }

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function egressSeries(sql: Sql, now: Date, q: SeriesQuery) {
  const { from, to, bucketSeconds } = spanOf(q, now);
  let user: UserRow | null = null;
  if (q.userId !== undefined) {
    user = await sql.maybeOne<UserRow>('SELECT id, username, status, disabled_reason, egress_suspended_until FROM users WHERE id = $1', [q.userId]);
    if (!user) throw notFound(`There is no user ${q.userId}.`, 'USER_NOT_FOUND');
  }
  if (q.projectId !== undefined) {
    const project = await sql.maybeOne('SELECT id FROM entities WHERE id = $1', [q.projectId]);
    if (!project) throw notFound(`There is no entity ${formatEntityId(q.projectId)}.`, 'ENTITY_NOT_FOUND');
  }
  const args = [q.userId ?? null, q.projectId ?? null, from, to, bucketSeconds];
  const monitor = await sql.query<BucketRow>(
    `SELECT floor(extract(epoch FROM observed_at) / $5::int)::bigint AS b, sum(bytes)::bigint AS bytes
       FROM egress_events
      WHERE user_id IS NOT NULL AND ($1::bigint IS NULL OR user_id = $1) AND ($2::bigint IS NULL OR project_id = $2)
        AND observed_at >= $3 AND observed_at < $4
      GROUP BY 1`, args);
  const download = await sql.query<BucketRow>(
    `SELECT floor(extract(epoch FROM at) / $5::int)::bigint AS b, sum(bytes)::bigint AS bytes
       FROM egress_downloads
      WHERE state IN ('serving', 'served', 'failed') AND data_class = 'row-level'
        AND ($1::bigint IS NULL OR user_id = $1) AND ($2::bigint IS NULL OR project_id = $2)
        AND at >= $3 AND at < $4
      GROUP BY 1`, args);
  const incidents = await sql.query<IncidentRow>(
    `SELECT i.id, i.user_id, u.username, i.project_id, i.first_event_at, i.last_event_at, i.bytes, i.state, i.counting
       FROM egress_incidents i JOIN users u ON u.id = i.user_id
      WHERE ($1::bigint IS NULL OR i.user_id = $1) AND ($2::bigint IS NULL OR i.project_id = $2)
        AND i.first_event_at >= $3 AND i.first_event_at < $4
      ORDER BY i.first_event_at, i.id LIMIT 500`, args.slice(0, 4));
  const { version, policy } = await loadPolicy(sql);

  // Every bucket of the span, empty ones too: the chart's time axis is then even.
  const size = bucketSeconds * 1000;
  const first = Math.floor(from.getTime() / size);
  const last = Math.floor((to.getTime() - 1) / size);
  const byBucket = new Map<number, { monitor: number; download: number }>();
  for (let b = first; b <= last; b++) byBucket.set(b, { monitor: 0, download: 0 });
  // Every row is in [from, to), so in a listed bucket; the check only keeps a surprise from becoming a 500.
  for (const r of monitor) { const b = byBucket.get(Number(r.b)); if (b) b.monitor += Number(r.bytes); }
  for (const r of download) { const b = byBucket.get(Number(r.b)); if (b) b.download += Number(r.bytes); }

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucketSeconds,
    buckets: [...byBucket].map(([b, v]) => ({ start: new Date(b * size).toISOString(), ...v })),
    totals: {
      monitor: monitor.reduce((s, r) => s + Number(r.bytes), 0),
      download: download.reduce((s, r) => s + Number(r.bytes), 0),
    },
    thresholds: { policyVersion: version, monitor: policy.thresholds.monitor, download: policy.thresholds.download, highVolumeBytes: policy.highVolumeBytes },
    incidents: incidents.map((r) => ({
      id: Number(r.id), userId: Number(r.user_id), username: r.username,
      projectId: r.project_id === null ? null : formatEntityId(Number(r.project_id)),
      firstEventAt: iso(r.first_event_at)!, lastEventAt: iso(r.last_event_at)!, bytes: Number(r.bytes), state: r.state, counting: r.counting,
    })),
    user: user && {
      id: Number(user.id), username: user.username, status: user.status, disabledReason: user.disabled_reason,
      egressSuspendedUntil: iso(user.egress_suspended_until),
      suspended: user.egress_suspended_until !== null && new Date(user.egress_suspended_until).getTime() > now.getTime(),
    },
  };
}
