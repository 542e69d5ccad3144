import type { AppContext } from '../context.js';
import type { Job } from '../jobs.js';
import { SECURITY_TEAM } from '../infra/ids.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam } from '../notifications/outbox.js';
import { periodText, type AuditPeriod } from './queries/model.js';
import { defaultPeriod, normalize, type RunRow } from './run.js';

/**
 * When an audit is due (the seed's timeline): in the first two weeks of January and July, over the two quarters
 * before. `window` is the current window when inside one, else the next; `due` is true inside a window while no
 * run (running or finished) covers the proposed period.
 */
export interface Schedule {
  due: boolean;
  inWindow: boolean;
  window: AuditPeriod;
  proposedPeriod: AuditPeriod;
  lastRun: RunRow | null;
}

const WINDOW_DAYS = 14;

export function auditWindow(now: Date): { window: AuditPeriod; inWindow: boolean } {
  const y = now.getUTCFullYear();
  const starts = [Date.UTC(y, 0, 1), Date.UTC(y, 6, 1), Date.UTC(y + 1, 0, 1)];
  for (const start of starts) {
    const end = start + WINDOW_DAYS * 86_400_000;
    if (now.getTime() < end) return { window: { from: new Date(start), to: new Date(end) }, inWindow: now.getTime() >= start };
  }
  throw new Error('unreachable');
}

export async function auditSchedule(ctx: AppContext): Promise<Schedule> {
  const now = ctx.clock.now();
  const { window, inWindow } = auditWindow(now);
  const proposedPeriod = defaultPeriod(now);
  const last = await ctx.db.maybeOne<RunRow>('SELECT * FROM audit_runs ORDER BY started_at DESC, id DESC LIMIT 1');
  const covered = await ctx.db.maybeOne(
    `SELECT 1 FROM audit_runs WHERE state IN ('running', 'finished') AND period_from = $1 AND period_to = $2 LIMIT 1`,
    [proposedPeriod.from, proposedPeriod.to]);
  return { due: inWindow && covered === null, inWindow, window, proposedPeriod, lastRun: last ? normalize(last) : null };
}

const NOTICE_LOCK = 727012;

/**
 * Tells the security engineers, once per half-year, that an audit is due. The audit log entry
 * `audit.run-due-notified` (target: the proposed period) is the mark that it was sent, taken under a lock, so
 * several processes send it once.
 */
export async function notifyAuditDue(ctx: AppContext): Promise<boolean> {
  const s = await auditSchedule(ctx);
  if (!s.due) return false;
  const key = `${s.proposedPeriod.from.toISOString()}/${s.proposedPeriod.to.toISOString()}`;
  return ctx.db.tx(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [NOTICE_LOCK]);
    const sent = await sql.maybeOne(`SELECT 1 FROM audit_log WHERE action = 'audit.run-due-notified' AND target_id = $1 LIMIT 1`, [key]);
    if (sent) return false;
    await appendAudit(sql, ctx.clock, { actorId: null, action: 'audit.run-due-notified', targetType: 'audit-period', targetId: key });
    const period = periodText(s.proposedPeriod);
    await notifyTeam(sql, ctx.clock, ctx.config.publicUrl, SECURITY_TEAM, {
      kind: 'audit.run-due',
      subject: `An audit is due: ${period}`,
      body: `The half-yearly security audit of ${period} is due (first two weeks of ${s.window.from.getUTCMonth() === 0 ? 'January' : 'July'}). Start it from the Audit page, or with \`gatehouse audit run\`.`,
      link: '/audit',
    });
    return true;
  });
}

export const auditDueJob: Job = { name: 'audit-due', everyMs: 60 * 60_000, run: async (ctx) => void (await notifyAuditDue(ctx)) };
