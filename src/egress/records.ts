import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';

/** What the security engineer reads: stored egress events and deliveries, filtered and paged. */

export interface EventFilter {
  userId?: number;
  projectId?: number;
  sourceId?: number;
  attributed?: boolean;
  from?: Date;
  to?: Date;
}

interface EventRow {
  id: number;
  source_id: number;
  source_name: string;
  delivery_id: number;
  source_event_id: string;
  user_id: number | null;
  username: string | null;
  runtime_id: number | null;
  project_id: number | null;
  claimed_user: string | null;
  claimed_runtime: string | null;
  claimed_project: string | null;
  attributed_by: 'runtime' | 'user' | 'none';
  bytes: number | string;
  window_start: Date;
  window_seconds: number;
  observed_at: Date;
  kind: string;
  payload: Record<string, unknown>;
  received_at: Date;
}

export async function listEvents(sql: Sql, f: EventFilter, slice: { limit?: number; offset?: number }) {
  const where = `($1::bigint IS NULL OR e.user_id = $1) AND ($2::bigint IS NULL OR e.project_id = $2) AND ($3::bigint IS NULL OR e.source_id = $3)
    AND ($4::boolean IS NULL OR (e.user_id IS NOT NULL) = $4) AND ($5::timestamptz IS NULL OR e.observed_at >= $5)
    AND ($6::timestamptz IS NULL OR e.observed_at < $6)`;
  const params = [f.userId ?? null, f.projectId ?? null, f.sourceId ?? null, f.attributed ?? null, f.from ?? null, f.to ?? null];
  const rows = await sql.query<EventRow>(
    `SELECT e.*, s.name AS source_name, u.username FROM egress_events e JOIN egress_sources s ON s.id = e.source_id
     LEFT JOIN users u ON u.id = e.user_id WHERE ${where} ORDER BY e.observed_at DESC, e.id DESC LIMIT $7 OFFSET $8`,
    [...params, slice.limit ?? 50, slice.offset ?? 0]);
  const { count } = await sql.one<{ count: number }>(`SELECT count(*)::int AS count FROM egress_events e WHERE ${where}`, params);
  return {
    total: count,
    items: rows.map((r) => ({
      id: r.id, sourceId: r.source_id, source: r.source_name, deliveryId: r.delivery_id, eventId: r.source_event_id,
      attributed: r.user_id !== null, attributedBy: r.attributed_by,
      userId: r.user_id, username: r.username, runtimeId: r.runtime_id, projectId: r.project_id === null ? null : formatEntityId(Number(r.project_id)),
      claimed: { user: r.claimed_user, runtimeId: r.claimed_runtime, projectId: r.claimed_project },
      bytes: Number(r.bytes), windowStart: r.window_start.toISOString(), windowSeconds: r.window_seconds, observedAt: r.observed_at.toISOString(),
      kind: r.kind, payload: r.payload, receivedAt: r.received_at.toISOString(),
    })),
  };
}

interface DeliveryRow {
  id: number;
  received_at: Date;
  source_name: string | null;
  source_id: number | null;
  remote_address: string | null;
  result: 'accepted' | 'partial' | 'refused';
  reason: string | null;
  detail: string | null;
  body_bytes: number;
  body: string;
  body_truncated: boolean;
  events_accepted: number;
  events_duplicate: number;
  events_refused: number;
  refusals: { index: number; eventId: string | null; code: string; detail: string }[];
}

export async function listDeliveries(sql: Sql, f: { result?: 'accepted' | 'partial' | 'refused'; sourceId?: number }, slice: { limit?: number; offset?: number }) {
  const where = '($1::text IS NULL OR d.result = $1) AND ($2::bigint IS NULL OR d.source_id = $2)';
  const params = [f.result ?? null, f.sourceId ?? null];
  const rows = await sql.query<DeliveryRow>(`SELECT d.* FROM egress_deliveries d WHERE ${where} ORDER BY d.received_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
    [...params, slice.limit ?? 50, slice.offset ?? 0]);
  const { count } = await sql.one<{ count: number }>(`SELECT count(*)::int AS count FROM egress_deliveries d WHERE ${where}`, params);
  return {
    total: count,
    items: rows.map((r) => ({
      id: r.id, receivedAt: r.received_at.toISOString(), sourceName: r.source_name, sourceId: r.source_id, remoteAddress: r.remote_address,
      result: r.result, reason: r.reason, detail: r.detail, bodyBytes: r.body_bytes, body: r.body, bodyTruncated: r.body_truncated,
      eventsAccepted: r.events_accepted, eventsDuplicate: r.events_duplicate, eventsRefused: r.events_refused, refusals: r.refusals,
    })),
  };
}
