import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { Job } from '../jobs.js';
import { appendAudit } from '../auditlog/log.js';
import type { ExpiredApproval } from '../accessrequirements/expiry.js';
import { revokeApprovals } from './grants.js';
import { evolve, handle, type Actor, type Event } from './machine.js';
import { links, renderNotice, sendNotice } from './notices.js';
import { actMemberIds, anyRequirement, findRequest, findSubmission, type RequestApprovalRow, type RequestRow, type RequirementRow } from './store.js';
import { snapshotOf } from './requests.js';

/**
 * Renewal reminders and expiry of requests (SPEC §8), run by a background job and by tests with the test clock.
 *
 * Reminders go to the requestor and accessors `reminderDays` before an approval expires (the form's setting,
 * 30 by default) and again `secondReminderDays` before when set. request_reminders holds one row per approval,
 * period (its expiry at the time: a renewal starts a new period) and stage; its primary key means a reminder
 * is never sent twice, whatever the number of processes. Nobody is reminded while a renewal awaits review.
 *
 * At expiry the approvals are revoked, the request becomes EXPIRED (when the expiring approvals are its
 * current version's), and accessors, requestor and ACT are told. Each request is handled in its own
 * transaction, claimed with FOR UPDATE SKIP LOCKED, so processes never do the same work twice.
 */

const SYSTEM: Actor = { kind: 'system' };
const DAY = 86_400_000;
const BATCH = 100;

const requirementOf = (sql: Sql, arId: number): Promise<RequirementRow> => anyRequirement(sql, arId);

// ---- Reminders ----------------------------------------------------------------------------------------

interface DueRow {
  approval_id: number;
  accessor_id: number;
  request_id: number;
  submission_id: number;
  expires_on: Date;
  stage: number;
}

/** Approvals in a reminder window whose due stage has not been sent for their current period. */
const DUE = `
  SELECT a.id AS approval_id, ra.accessor_id, ra.request_id, ra.submission_id, a.expires_on,
    CASE WHEN v.second_reminder_days IS NOT NULL AND a.expires_on <= $1::timestamptz + make_interval(days => v.second_reminder_days)
      THEN 2 ELSE 1 END AS stage
  FROM request_approvals ra
  JOIN approvals a ON a.id = ra.approval_id
  JOIN data_access_requests r ON r.id = ra.request_id
  JOIN request_forms f ON f.access_requirement_id = r.access_requirement_id
  JOIN request_form_versions v ON v.access_requirement_id = f.access_requirement_id AND v.version = f.current_version
  WHERE a.state = 'APPROVED' AND a.expires_on > $1 AND a.expires_on <= $1::timestamptz + make_interval(days => v.reminder_days)
    AND r.state <> 'SUBMITTED'`;

/** Sends the reminders due at ctx.clock.now(); returns how many requests were reminded. Idempotent. */
export async function sendRenewalReminders(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const candidates = await ctx.db.query<{ request_id: number }>(
    `SELECT DISTINCT d.request_id FROM (${DUE}) d
     WHERE NOT EXISTS (SELECT 1 FROM request_reminders rr WHERE rr.approval_id = d.approval_id AND rr.period_expires_on = d.expires_on AND rr.stage = d.stage)
     ORDER BY d.request_id LIMIT $2`,
    [now, BATCH * 10],
  );
  let reminded = 0;
  for (const { request_id } of candidates) {
    const sent = await ctx.db.tx(async (sql) => {
      const request = await sql.maybeOne<{ id: number }>('SELECT id FROM data_access_requests WHERE id = $1 FOR UPDATE SKIP LOCKED', [request_id]);
      if (!request) return false;
      const due = await sql.query<DueRow>(`${DUE} AND ra.request_id = $2 ORDER BY a.id`, [now, request_id]);
      const claimed: DueRow[] = [];
      for (const d of due) {
        let mine = false;
        for (let stage = 1; stage <= d.stage; stage++) {
          // Stages skipped (the job did not run during the first window) are recorded, not sent.
          const rows = await sql.query(
            `INSERT INTO request_reminders (approval_id, period_expires_on, stage, request_id, sent_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING RETURNING stage`,
            [d.approval_id, d.expires_on, stage, request_id, now],
          );
          if (stage === d.stage && rows.length > 0) mine = true;
        }
        if (mine) claimed.push(d);
      }
      if (claimed.length === 0) return false;
      const row = (await findRequest(sql, request_id))!;
      const ar = await requirementOf(sql, row.access_requirement_id);
      const submission = await findSubmission(sql, claimed[0].submission_id);
      const expiresOn = new Date(Math.min(...claimed.map((c) => c.expires_on.getTime())));
      const stage = Math.max(...claimed.map((c) => c.stage));
      const message = await renderNotice(sql, ctx, 'reminder', {
        ar, request: row, submission: submission && { ...submission, expires_on: expiresOn },
        extra: { daysLeft: String(Math.ceil((expiresOn.getTime() - now.getTime()) / DAY)) },
      });
      const recipients = [row.requestor_id, ...claimed.map((c) => Number(c.accessor_id))];
      await appendAudit(sql, ctx.clock, {
        actorId: null, action: 'request.reminder-sent', targetType: 'data-access-request', targetId: request_id,
        details: { stage, expiresOn: expiresOn.toISOString(), approvals: claimed.map((c) => Number(c.approval_id)), recipients: [...new Set(recipients)] },
      });
      await sendNotice(sql, ctx, 'reminder', recipients, message, links.request(request_id));
      return true;
    });
    if (sent) reminded++;
  }
  return reminded;
}

// ---- Expiry ------------------------------------------------------------------------------------------

/** Expires what is due at ctx.clock.now(); returns how many requests were touched. Idempotent. */
export async function expireRequests(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const candidates = await ctx.db.query<{ request_id: number }>(
    `SELECT ra.request_id FROM request_approvals ra JOIN approvals a ON a.id = ra.approval_id WHERE a.state = 'APPROVED' AND a.expires_on <= $1
     UNION
     SELECT r.id FROM data_access_requests r JOIN request_submissions s ON s.id = r.current_submission_id
     WHERE r.state = 'APPROVED' AND s.expires_on <= $1
     ORDER BY 1 LIMIT $2`,
    [now, BATCH * 10],
  );
  let touched = 0;
  for (const { request_id } of candidates) {
    const done = await ctx.db.tx(async (sql) => {
      const locked = await sql.maybeOne('SELECT id FROM data_access_requests WHERE id = $1 FOR UPDATE SKIP LOCKED', [request_id]);
      if (!locked) return false;
      const request = (await findRequest(sql, Number(request_id)))!;
      const due = await sql.query<RequestApprovalRow>(
        `SELECT ra.approval_id, ra.request_id, ra.accessor_id, ra.submission_id, a.expires_on
         FROM request_approvals ra JOIN approvals a ON a.id = ra.approval_id
         WHERE ra.request_id = $1 AND a.state = 'APPROVED' AND a.expires_on <= $2 ORDER BY a.id FOR UPDATE OF a SKIP LOCKED`,
        [request.id, now],
      );
      const bySubmission = new Map<number, RequestApprovalRow[]>();
      for (const d of due) {
        const list = bySubmission.get(Number(d.submission_id)) ?? [];
        list.push({ ...d, approval_id: Number(d.approval_id), accessor_id: Number(d.accessor_id), submission_id: Number(d.submission_id) });
        bySubmission.set(Number(d.submission_id), list);
      }
      const current = request.current_submission_id === null ? null : await findSubmission(sql, request.current_submission_id);
      if (request.state === 'APPROVED' && current?.expires_on && current.expires_on <= now && !bySubmission.has(current.id)) {
        bySubmission.set(current.id, []);
      }
      let changed = false;
      for (const [submissionId, rows] of [...bySubmission].sort((a, b) => a[0] - b[0])) {
        const revoked = await revokeApprovals(ctx, sql, rows, null, 'expired');
        const fresh = (await findRequest(sql, request.id))!;
        const outcome = handle(snapshotOf(fresh), SYSTEM, { type: 'Expire', submissionId });
        const events = outcome.ok ? outcome.events : [];
        // Nothing to tell when another process took these approvals, or when the request is already expired.
        if (revoked.length === 0 && !events.some((e) => e.type === 'Expired')) continue;
        await applyExpiry(ctx, sql, fresh, submissionId, events, rows.filter((r) => revoked.includes(r.approval_id)).map((r) => r.accessor_id), { notifyAccessors: true });
        changed = true;
      }
      return changed;
    });
    if (done) touched++;
  }
  return touched;
}

/**
 * Records what an expiry did to a request: the state (EXPIRED when its current version's approvals ran out),
 * the audit entry and the notices — accessors (unless already told), requestor, and ACT on a request expiring.
 */
async function applyExpiry(
  ctx: AppContext,
  sql: Sql,
  request: RequestRow,
  submissionId: number,
  events: readonly Event[],
  accessorsRevoked: readonly number[],
  opts: { notifyAccessors: boolean },
): Promise<void> {
  const now = ctx.clock.now();
  const ar = await requirementOf(sql, request.access_requirement_id);
  const submission = await findSubmission(sql, submissionId);
  const expired = events.some((e) => e.type === 'Expired');
  if (expired) {
    let state = snapshotOf(request);
    for (const e of events) state = evolve(state, e);
    await sql.query('UPDATE data_access_requests SET state = $2, modified_at = $3 WHERE id = $1', [request.id, state.state, now]);
  }
  // The version whose approvals ran out is EXPIRED, whether or not a newer version stands in front of it.
  if (expired || events.some((e) => e.type === 'ApprovalsLapsed')) {
    await sql.query(`UPDATE request_submissions SET state = 'EXPIRED', closed_at = $2 WHERE id = $1 AND state = 'APPROVED'`, [submissionId, now]);
  }
  await appendAudit(sql, ctx.clock, {
    actorId: null, action: expired ? 'request.expired' : 'request.approvals-lapsed', targetType: 'data-access-request', targetId: request.id,
    details: { submissionId, accessorsRevoked },
  });
  const message = await renderNotice(sql, ctx, 'expired', {
    ar, request, submission, extra: { accessors: await names(sql, accessorsRevoked.length > 0 ? accessorsRevoked : submission?.accessor_ids ?? []) },
  });
  const recipients = [request.requestor_id, ...(opts.notifyAccessors ? accessorsRevoked : [])];
  await sendNotice(sql, ctx, 'expired', recipients, message, links.request(request.id));
  if (expired) {
    const act = (await actMemberIds(sql)).filter((id) => !recipients.includes(id));
    await sendNotice(sql, ctx, 'expired', act, message, submission ? links.review(submission.id) : links.requirement(ar.id));
  }
}

async function names(sql: Sql, userIds: readonly number[]): Promise<string> {
  if (userIds.length === 0) return '';
  const rows = await sql.query<{ display_name: string }>('SELECT display_name FROM users WHERE id = ANY ($1::bigint[]) ORDER BY id', [userIds]);
  return rows.map((r) => r.display_name).join(', ');
}

/**
 * When the access requirements capability's own expiry job revokes a request's approvals first (both jobs look
 * at expired approvals), it calls this in its transaction: the request still becomes EXPIRED and the requestor
 * and ACT are told. That job already told each accessor, so they are not told again.
 */
export async function onApprovalsExpired(ctx: AppContext, sql: Sql, expired: readonly ExpiredApproval[]): Promise<void> {
  if (expired.length === 0) return;
  const rows = await sql.query<{ approval_id: number; request_id: number; submission_id: number; accessor_id: number }>(
    'SELECT approval_id, request_id, submission_id, accessor_id FROM request_approvals WHERE approval_id = ANY ($1::bigint[]) ORDER BY request_id, approval_id',
    [expired.map((e) => e.id)],
  );
  const byRequest = new Map<number, Map<number, number[]>>();
  for (const l of rows) {
    const subs = byRequest.get(Number(l.request_id)) ?? new Map<number, number[]>();
    subs.set(Number(l.submission_id), [...(subs.get(Number(l.submission_id)) ?? []), Number(l.accessor_id)]);
    byRequest.set(Number(l.request_id), subs);
  }
  for (const [requestId, subs] of byRequest) {
    for (const [submissionId, accessors] of subs) {
      const request = (await findRequest(sql, requestId, { lock: true }))!;
      const outcome = handle(snapshotOf(request), SYSTEM, { type: 'Expire', submissionId });
      if (!outcome.ok || outcome.events.length === 0) continue;
      await applyExpiry(ctx, sql, request, submissionId, outcome.events, accessors, { notifyAccessors: false });
    }
  }
}

/** Reminders, then expiry: what the job does each time it runs. */
export async function runRequestExpiry(ctx: AppContext): Promise<{ reminded: number; expired: number }> {
  const reminded = await sendRenewalReminders(ctx);
  const expired = await expireRequests(ctx);
  return { reminded, expired };
}

export const requestExpiryJob: Job = {
  name: 'requests.expiry',
  everyMs: 60_000,
  run: async (ctx) => {
    const { reminded, expired } = await runRequestExpiry(ctx);
    if (reminded > 0 || expired > 0) ctx.log.info({ reminded, expired }, 'request reminders and expiry');
  },
};
