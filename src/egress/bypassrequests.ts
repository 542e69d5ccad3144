import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { SECURITY_TEAM } from '../infra/ids.js';
import { badRequest, conflict, forbidden, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam, notifyUser } from '../notifications/outbox.js';
import { grantBypassWindow } from './bypasswindows.js';
import { bypassRequestMessages as m } from './bypassrequest.messages.js';

/**
 * Large data download requests (SPEC §10, bypass windows): a user asks for a bypass window for an approved large
 * transfer; a security engineer approves it (a bypass window is granted, through grantBypassWindow like the
 * engineer's own grant) or declines it. States:
 *
 *   pending ──approve──▶ approved (bypass_window_id set)
 *      │ ├────decline──▶ declined
 *      └──────withdraw─▶ withdrawn (the requester)
 *
 * Every change runs in one transaction with its audit entry and its notices.
 */
export type RequestState = 'pending' | 'approved' | 'declined' | 'withdrawn';
export type Command = { kind: 'approve' | 'decline'; engineer: true } | { kind: 'withdraw'; byRequester: boolean };

/** At most this many pending requests per user: a queue of engineers' work, not a place to store wishes. */
export const MAX_PENDING = 5;

/** The pure rule: which state a command leads to, or the problem it is refused with. */
export function transition(id: number, state: RequestState, c: Command): RequestState {
  if (c.kind === 'withdraw') {
    if (!c.byRequester) throw forbidden('BYPASS_REQUEST_NOT_REQUESTER', m.notRequester);
    if (state !== 'pending') throw conflict('BYPASS_REQUEST_NOT_PENDING', m.notPending(id, state));
    return 'withdrawn';
  }
  if (state !== 'pending') throw conflict('BYPASS_REQUEST_DECIDED', m.decided(id, state), { state });
  return c.kind === 'approve' ? 'approved' : 'declined';
}

export interface RequestRow {
  id: number | string; user_id: number | string; username: string; project_id: number | string | null; requested_bytes: number | string;
  wanted_from: Date | string | null; wanted_until: Date | string | null; justification: string; state: RequestState; created_at: Date | string;
  decided_by: number | string | null; decided_at: Date | string | null; decision_reason: string | null; bypass_window_id: number | string | null;
  window_from: Date | string | null; window_until: Date | string | null; window_cap: number | string | null; window_revoked_at: Date | string | null;
}
/** A request with its requester's name and, once approved, the window granted (the user cannot list windows). */
export const SELECT = `SELECT r.*, u.username, w.from_at AS window_from, w.until_at AS window_until, w.cap_bytes AS window_cap, w.revoked_at AS window_revoked_at
  FROM egress_bypass_requests r JOIN users u ON u.id = r.user_id LEFT JOIN egress_bypass_windows w ON w.id = r.bypass_window_id`;

export interface NewRequest {
  userId: number;
  username: string;
  bytes: number;
  projectId: number | null;
  from: Date | null;
  until: Date | null;
  justification: string;
}

const checkSpan = (from: Date | null, until: Date | null, now: Date) => {
  // A wanted until alone is compared with the default from: now (the approval cannot be earlier).
  if (until && until <= (from ?? now)) throw badRequest('BYPASS_REQUEST_BAD_SPAN', m.untilBeforeFrom);
};

export async function fileRequest(sql: Sql, clock: Clock, publicUrl: string, r: NewRequest): Promise<number> {
  const justification = r.justification.trim();
  if (!justification) throw badRequest('JUSTIFICATION_REQUIRED', m.justificationRequired);
  const now = clock.now();
  checkSpan(r.from, r.until, now);
  if (r.projectId !== null && !(await sql.maybeOne(`SELECT 1 FROM entities WHERE id = $1 AND type = 'project'`, [r.projectId]))) {
    throw notFound(m.projectNotFound(`syn${r.projectId}`), 'PROJECT_NOT_FOUND');
  }
  // The user's row is locked so that two requests at once are counted one after the other.
  await sql.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [r.userId]);
  const { pending } = await sql.one<{ pending: number }>(
    `SELECT count(*)::int AS pending FROM egress_bypass_requests WHERE user_id = $1 AND state = 'pending'`, [r.userId]);
  if (pending >= MAX_PENDING) throw conflict('BYPASS_REQUESTS_TOO_MANY', m.tooManyPending(MAX_PENDING), { max: MAX_PENDING });
  const row = await sql.one<{ id: number | string }>(
    `INSERT INTO egress_bypass_requests (user_id, project_id, requested_bytes, wanted_from, wanted_until, justification, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [r.userId, r.projectId, r.bytes, r.from, r.until, justification, now]);
  const id = Number(row.id);
  await appendAudit(sql, clock, {
    actorId: r.userId, action: 'egress.bypass-requested', targetType: 'egress-bypass-request', targetId: id,
    details: { bytes: r.bytes, projectId: r.projectId, from: r.from, until: r.until },
  });
  await notifyTeam(sql, clock, publicUrl, SECURITY_TEAM, {
    kind: 'egress.bypass-requested', subject: m.requestedSubject(id, r.username),
    body: m.requestedBody(r.username, r.bytes, justification), link: `/egress/bypass-requests/${id}`,
  });
  return id;
}

export interface Decision {
  decision: 'approve' | 'decline';
  reason: string;
  capBytes?: number;
  from?: Date;
  until?: Date;
}

export async function decideRequest(sql: Sql, clock: Clock, publicUrl: string, engineerId: number, id: number, d: Decision): Promise<void> {
  const reason = d.reason.trim();
  if (!reason) throw badRequest('REASON_REQUIRED', m.reasonRequired);
  const row = await sql.maybeOne<RequestRow>(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
  if (!row) throw notFound(m.notFound(id), 'BYPASS_REQUEST_NOT_FOUND');
  const state = transition(id, row.state, { kind: d.decision, engineer: true });
  const userId = Number(row.user_id);
  const now = clock.now();
  let windowId: number | null = null;
  let cap = 0;
  if (state === 'approved') {
    // The engineer's dates win, then the user's; a wanted start already past begins now.
    const wantedFrom = row.wanted_from === null ? null : new Date(row.wanted_from);
    const from = d.from ?? (wantedFrom && wantedFrom > now ? wantedFrom : undefined);
    const until = d.until ?? (row.wanted_until === null ? undefined : new Date(row.wanted_until));
    if (until && until <= (from ?? now)) throw badRequest('BYPASS_REQUEST_BAD_SPAN', m.untilBeforeFrom);
    cap = d.capBytes ?? Number(row.requested_bytes);
    const w = await grantBypassWindow(sql, clock, engineerId, { userId, from, until, capBytes: cap, reason, details: { requestId: id } });
    windowId = Number(w.id);
    await notifyUser(sql, clock, publicUrl, {
      kind: 'egress.bypass-request-decided', userId, subject: m.approvedSubject(id),
      body: m.approvedBody(cap, new Date(w.from_at), new Date(w.until_at), reason), link: `/egress/bypass-requests/${id}`,
    });
  } else {
    await notifyUser(sql, clock, publicUrl, {
      kind: 'egress.bypass-request-decided', userId, subject: m.declinedSubject(id), body: m.declinedBody(reason), link: `/egress/bypass-requests/${id}`,
    });
  }
  await sql.query(
    `UPDATE egress_bypass_requests SET state = $2, decided_by = $3, decided_at = $4, decision_reason = $5, bypass_window_id = $6 WHERE id = $1`,
    [id, state, engineerId, now, reason, windowId]);
  await appendAudit(sql, clock, {
    actorId: engineerId, action: 'egress.bypass-request-decided', targetType: 'egress-bypass-request', targetId: id,
    details: { userId, decision: d.decision, reason, windowId, ...(windowId !== null ? { capBytes: cap } : {}) },
  });
}

export async function withdrawRequest(sql: Sql, clock: Clock, userId: number, id: number): Promise<void> {
  const row = await sql.maybeOne<RequestRow>(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
  // Another user's request is not there for them: 404, as for reading it.
  if (!row || Number(row.user_id) !== userId) throw notFound(m.notFound(id), 'BYPASS_REQUEST_NOT_FOUND');
  const state = transition(id, row.state, { kind: 'withdraw', byRequester: true });
  await sql.query('UPDATE egress_bypass_requests SET state = $2, decided_at = $3 WHERE id = $1', [id, state, clock.now()]);
  await appendAudit(sql, clock, { actorId: userId, action: 'egress.bypass-request-withdrawn', targetType: 'egress-bypass-request', targetId: id });
}
