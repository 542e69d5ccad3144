import type { AppContext } from '../context.js';
import { SECURITY_TEAM } from '../infra/ids.js';
import { badRequest, conflict, notFound } from '../infra/problem.js';
import { enableUser } from '../identity/admin.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam, notifyUser } from '../notifications/outbox.js';
import { egressMessages } from './policy.js';
import { loadPolicy } from './policystore.js';

/**
 * The incident workflow after the alert (SPEC §10, the seed's process): the user answers the security team's
 * questions, the engineer records an assessment and decides. One use case each, in one transaction with its audit
 * entry and notice; the routes (incident.routes.ts) check the caller's role and call these; the demo calls them too.
 */
export type Decision = 'false-positive' | 'remediated' | 'reinstate';

export interface Assessment {
  method?: string;
  amountBytes?: number;
  piiInvolved?: boolean;
  maliciousIntentSuspected?: boolean;
  rate?: string;
  manualOrScripted?: 'manual' | 'scripted' | 'unknown';
  ports?: number[];
  notes?: string;
}

const notYours = (id: number) => notFound(`There is no egress incident ${id}.`, 'EGRESS_INCIDENT_NOT_FOUND');

/** An incident's time as people read it, in the notice and the questions: "2026-03-02 09:00 UTC". */
export const incidentTime = (at: Date | string) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The policy's questions with the incident's time filled in, as the user is asked them. */
export const incidentQuestions = (questions: string[], firstEventAt: Date | string) =>
  questions.map((q) => q.replaceAll('{time}', incidentTime(firstEventAt)));

/** The user the incident concerns answers, one answer per question; late answers are accepted; the engineers are told. */
export async function answerIncident(ctx: AppContext, user: { id: number; username: string }, id: number, given: string[]): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ user_id: number | string; state: string; first_event_at: Date | string }>(
      'SELECT user_id, state, first_event_at FROM egress_incidents WHERE id = $1 FOR UPDATE', [id]);
    if (!row || Number(row.user_id) !== user.id) throw notYours(id);
    const questions = incidentQuestions((await loadPolicy(sql)).policy.questions, row.first_event_at);
    if (given.length !== questions.length) {
      throw badRequest('ANSWER_EVERY_QUESTION', `Answer each of the ${questions.length} questions, in order.`);
    }
    const answers = questions.map((question, i) => ({ question, answer: given[i].trim() }));
    const open = !row.state.startsWith('closed-');
    await sql.query(`UPDATE egress_incidents SET answers = $2, answered_at = $3, state = CASE WHEN $4 THEN 'under-review' ELSE state END WHERE id = $1`,
      [id, JSON.stringify(answers), ctx.clock.now(), open]);
    await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'egress.incident-answered', targetType: 'egress-incident', targetId: id });
    await notifyTeam(sql, ctx.clock, ctx.config.publicUrl, SECURITY_TEAM, {
      kind: 'egress.incident-answered', ...egressMessages.answeredNotice(id, user.username), link: `/egress/incidents/${id}`,
    });
  });
}

/** The engineer's assessment (replaces the previous one). */
export async function assessIncident(ctx: AppContext, engineer: { id: number }, id: number, assessment: Assessment): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ id: number }>('SELECT id FROM egress_incidents WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notYours(id);
    await sql.query('UPDATE egress_incidents SET assessment = $2, assessed_by = $3, assessed_at = $4 WHERE id = $1',
      [id, JSON.stringify(assessment), engineer.id, ctx.clock.now()]);
    await appendAudit(sql, ctx.clock, { actorId: engineer.id, action: 'egress.incident-assessed', targetType: 'egress-incident', targetId: id, details: { assessment } });
  });
}

/**
 * Closes an incident: false-positive (no longer counted), remediated, or reinstate — enables the account if egress
 * disabled it and lifts the suspension, recorded with who and why. The user is told of every decision.
 */
export async function decideIncident(ctx: AppContext, engineer: { id: number }, id: number, decision: Decision, givenReason: string): Promise<void> {
  const reason = givenReason.trim();
  if (!reason) throw badRequest('REASON_REQUIRED', 'Say why; the reason is recorded and the user is told.');
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ user_id: number | string; state: string }>('SELECT user_id, state FROM egress_incidents WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notYours(id);
    if (row.state.startsWith('closed-')) throw conflict('EGRESS_INCIDENT_CLOSED', `Egress incident ${id} is closed already (${row.state}).`);
    const userId = Number(row.user_id);
    const state = decision === 'false-positive' ? 'closed-false-positive' : decision === 'remediated' ? 'closed-remediated' : 'closed-reinstated';
    const now = ctx.clock.now();
    await sql.query(`UPDATE egress_incidents SET state = $2, decision = $3, decision_reason = $4, decided_by = $5, decided_at = $6 WHERE id = $1`,
      [id, state, decision, reason, engineer.id, now]);
    let reenabled = false;
    if (decision === 'reinstate') {
      const u = await sql.one<{ status: string; disabled_reason: string | null }>('SELECT status, disabled_reason FROM users WHERE id = $1 FOR UPDATE', [userId]);
      // Only an account egress disabled is enabled here; one disabled for another reason stays so.
      if (u.status === 'disabled' && (u.disabled_reason ?? '').startsWith('Egress incident')) {
        await enableUser(sql, ctx.clock, userId, engineer.id, `Reinstated after egress incident ${id}: ${reason}`);
        reenabled = true;
      }
      await sql.query('UPDATE users SET egress_suspended_until = NULL WHERE id = $1 AND egress_suspended_until IS NOT NULL', [userId]);
    }
    await appendAudit(sql, ctx.clock, { actorId: engineer.id, action: 'egress.incident-decided', targetType: 'egress-incident', targetId: id, details: { decision, reason, reenabled } });
    await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
      kind: 'egress.incident-decided', userId, ...egressMessages.decidedNotice(id, decision, reason),
      link: `/egress/incidents/${id}`,
    });
  });
}
