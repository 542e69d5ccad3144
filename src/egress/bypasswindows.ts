import { Type, type TSchema } from '@sinclair/typebox';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { badRequest, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { loadPolicy } from './policystore.js';

/**
 * Bypass windows (SPEC §10): a span in which a user's egress up to a cap is let through. One way to grant one,
 * used by the engineer's own grant (incident.routes.ts) and by an approved large data download request
 * (bypassrequests.ts), so both are checked, stored and audited alike.
 */
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const BypassSchema = Type.Object({
  id: Type.Integer(), userId: Type.Integer(), from: date, until: date, capBytes: Type.Integer(), reason: Type.String(),
  grantedBy: nullable(Type.Integer()), grantedAt: date, revokedAt: nullable(date),
});

export interface BypassRow {
  id: number | string; user_id: number | string; from_at: Date | string; until_at: Date | string; cap_bytes: number | string; reason: string;
  granted_by: number | string | null; granted_at: Date | string; revoked_at: Date | string | null;
}
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const bypassView = (r: BypassRow) => ({
  id: Number(r.id), userId: Number(r.user_id), from: iso(r.from_at)!, until: iso(r.until_at)!, capBytes: Number(r.cap_bytes), reason: r.reason,
  grantedBy: r.granted_by === null ? null : Number(r.granted_by), grantedAt: iso(r.granted_at)!, revokedAt: iso(r.revoked_at),
});

export interface BypassGrant {
  userId: number;
  /** Now when absent. */
  from?: Date;
  /** The policy's defaultBypassDays after from when absent. */
  until?: Date;
  capBytes: number;
  reason: string;
  /** Added to the audit entry's details (e.g. the request it answers). */
  details?: Record<string, unknown>;
}

/** Grants a bypass window in the caller's transaction and audits it (`egress.bypass-granted`). */
export async function grantBypassWindow(sql: Sql, clock: Clock, actorId: number, g: BypassGrant): Promise<BypassRow> {
  const { policy } = await loadPolicy(sql);
  const from = g.from ?? clock.now();
  const until = g.until ?? new Date(from.getTime() + policy.defaultBypassDays * 86_400_000);
  if (until <= from) throw badRequest('VALIDATION_FAILED', 'until must be after from.');
  if (!(await sql.maybeOne('SELECT 1 FROM users WHERE id = $1', [g.userId]))) throw notFound(`There is no user ${g.userId}.`);
  const reason = g.reason.trim();
  const row = await sql.one<BypassRow>(
    `INSERT INTO egress_bypass_windows (user_id, from_at, until_at, cap_bytes, reason, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [g.userId, from, until, g.capBytes, reason, actorId, clock.now()]);
  await appendAudit(sql, clock, {
    actorId, action: 'egress.bypass-granted', targetType: 'user', targetId: g.userId,
    details: { windowId: Number(row.id), from, until, capBytes: g.capBytes, reason, ...g.details },
  });
  return row;
}
