import type { AppContext } from '../context.js';
import type { Job } from '../jobs.js';
import type { Clock } from '../infra/clock.js';
import { stopRuntimesOfUser } from '../runtimes/runtimes.js';
import type { Sql } from '../infra/db.js';
import { appendAudit } from '../auditlog/log.js';
import { disableUser } from '../identity/admin.js';
import { notifyUser } from '../notifications/outbox.js';
import {
  egressMessages, escalate, MAX_SPAN_DAYS, type DataClass, type EgressAction, type EgressAmount, type EgressEvent, type EgressHistory,
  type EgressPolicy, type EgressSource, type IncidentState,
} from './policy.js';
import { loadPolicy } from './policystore.js';
import { incidentQuestions, incidentTime } from './review.js';

/**
 * Escalation of a monitor's event (SPEC §10): loads the user's history, asks the pure `escalate` what to do, and
 * does it, in the caller's transaction (the one that stored the event). The user's row is locked first
 * (SELECT … FOR NO KEY UPDATE): two events of one user at once take turns, so they make one incident, one notice and
 * one suspension. Stopping runtimes calls the orchestrator, which is never done inside a transaction: the
 * users whose runtimes must stop are returned, for the caller to stop after commit.
 */
export interface StoredEvent {
  id: number;
  userId: number;
  projectId: number | null;
  runtimeId: number | null;
  bytes: number;
  observedAt: Date;
}

export interface Escalated {
  actions: EgressAction[];
  incidentId: number | null;
  stopRuntimes: boolean;
}

interface IncidentRow {
  id: number | string;
  incident_key: string;
  project_id: number | string | null;
  first_event_at: Date | string;
  state: string;
  counting: 'counted' | 'bypassed';
}

const ms = (d: Date | string) => new Date(d).getTime();
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** The state escalate counts: an engineer's false positive stops counting; a bypassed incident never did. */
const summaryState = (r: IncidentRow): IncidentState =>
  r.state === 'closed-false-positive' ? 'false-positive' : r.counting;

/** What loadHistory leaves out: the amount being escalated (already stored) is the event, not its past. */
export interface HistoryExclusion {
  eventIds?: readonly number[];
  downloadIds?: readonly number[];
}

export async function loadHistory(sql: Sql, userId: number, now: number, lookBackDays: number, exclude: HistoryExclusion = {}): Promise<EgressHistory> {
  const user = await sql.one<{ status: string; egress_suspended_until: Date | string | null }>(
    'SELECT status, egress_suspended_until FROM users WHERE id = $1', [userId]);
  // The longest span a window or a bypass may cover: MAX_SPAN_DAYS (policy.ts) bounds both.
  const since = new Date(now - MAX_SPAN_DAYS * 86_400_000);
  type AmountRow = { bytes: number | string; at: Date | string; project_id: number | string | null; runtime_id: number | string | null; data_class: DataClass | null };
  const events = await sql.query<AmountRow>(
    `SELECT bytes, observed_at AS at, project_id, runtime_id, NULL AS data_class FROM egress_events
     WHERE user_id = $1 AND observed_at >= $2 AND NOT (id = ANY ($3::bigint[]))`,
    [userId, since, exclude.eventIds ?? []]);
  // A refused download sent nothing and is not counted; one under way counts with the bytes it reserved.
  const downloads = await sql.query<AmountRow>(
    `SELECT bytes, at, project_id, runtime_id, data_class FROM egress_downloads
     WHERE user_id = $1 AND at >= $2 AND state <> 'refused' AND NOT (id = ANY ($3::bigint[]))`,
    [userId, since, exclude.downloadIds ?? []]);
  const incidents = await sql.query<IncidentRow>(
    `SELECT id, incident_key, project_id, first_event_at, state, counting FROM egress_incidents WHERE user_id = $1 AND first_event_at >= $2`,
    [userId, new Date(now - (lookBackDays + 1) * 86_400_000)]);
  const windows = await sql.query<{ from_at: Date | string; until_at: Date | string; cap_bytes: number | string; reason: string }>(
    `SELECT from_at, until_at, cap_bytes, reason FROM egress_bypass_windows WHERE user_id = $1 AND revoked_at IS NULL AND until_at > $2`,
    [userId, since]);
  const amount = (source: EgressSource) => (a: AmountRow): EgressAmount => ({
    source, at: ms(a.at), bytes: Number(a.bytes), projectId: num(a.project_id), runtimeId: num(a.runtime_id),
    ...(a.data_class ? { dataClass: a.data_class } : {}),
  });
  return {
    amounts: [...events.map(amount('monitor')), ...downloads.map(amount('download'))],
    incidents: incidents.map((r) => ({
      key: r.incident_key, projectId: num(r.project_id), openedAt: ms(r.first_event_at), state: summaryState(r), closed: r.state.startsWith('closed-'),
    })),
    bypassWindows: windows.map((w) => ({ from: ms(w.from_at), until: ms(w.until_at), capBytes: Number(w.cap_bytes), reason: w.reason })),
    suspendedUntil: user.egress_suspended_until === null ? null : ms(user.egress_suspended_until),
    accountDisabled: user.status === 'disabled',
  };
}

/**
 * Takes the user's egress turn: two amounts of one user, from any source and any process, are escalated one after
 * the other. FOR NO KEY UPDATE, not FOR UPDATE: a stored event holds a key-share lock on the user row (its
 * foreign key), and FOR UPDATE conflicts with key-share locks, so two such transactions could each wait on the other.
 */
export async function lockUserEgress(sql: Sql, userId: number): Promise<void> {
  await sql.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
}

/** The amount being escalated, as stored: a monitor's event or a Gatehouse download. */
export interface EscalatedAmount {
  source: EgressSource;
  /** egress_events.id or egress_downloads.id. */
  id: number;
  userId: number;
  projectId: number | null;
  runtimeId: number | null;
  bytes: number;
  at: Date;
}

/**
 * Carries out escalate's actions for one stored amount, in the caller's transaction (which holds the user's turn,
 * lockUserEgress). Refusals are the caller's to act on (a download is not served); everything else is done here,
 * except stopping runtimes, which is returned for after commit.
 */
export async function applyActions(sql: Sql, clock: Clock, publicUrl: string, policy: EgressPolicy, e: EscalatedAmount, actions: readonly EgressAction[]): Promise<Escalated> {
  const at = clock.now();
  let incidentId: number | null = null;
  let stopRuntimes = false;
  const done: Record<string, unknown>[] = [];

  for (const a of actions) {
    switch (a.kind) {
      case 'open-incident': {
        const row = await sql.one<{ id: number | string }>(
          `INSERT INTO egress_incidents (incident_key, user_id, project_id, runtime_ids, first_event_at, last_event_at, bytes, state, counting, created_at)
           VALUES ($1, $2, $3, $4, $5, $5, $6, 'open', $7, $8) RETURNING id`,
          [a.incidentKey, e.userId, e.projectId, e.runtimeId === null ? [] : [e.runtimeId], e.at, e.bytes, a.state, at]);
        incidentId = Number(row.id);
        done.push({ kind: 'open-incident', at: at.toISOString(), outcome: 'done', counting: a.state, source: e.source });
        break;
      }
      case 'join-incident': {
        const row = await sql.one<{ id: number | string }>(
          `UPDATE egress_incidents SET last_event_at = GREATEST(last_event_at, $3), first_event_at = LEAST(first_event_at, $3), bytes = bytes + $4,
             runtime_ids = CASE WHEN $5::bigint IS NULL OR $5::bigint = ANY (runtime_ids) THEN runtime_ids ELSE array_append(runtime_ids, $5::bigint) END
           WHERE user_id = $1 AND incident_key = $2 RETURNING id`,
          [e.userId, a.incidentKey, e.at, e.bytes, e.runtimeId]);
        incidentId = Number(row.id);
        done.push({ kind: 'join-incident', at: at.toISOString(), outcome: 'done', source: e.source, [e.source === 'monitor' ? 'eventId' : 'downloadId']: e.id });
        break;
      }
      case 'mark-bypassed':
        done.push({ kind: 'mark-bypassed', at: at.toISOString(), outcome: 'done' });
        break;
      case 'notify-user': {
        const time = incidentTime(e.at);
        const questions = incidentQuestions(policy.questions, e.at);
        await notifyUser(sql, clock, publicUrl, {
          kind: 'egress.incident', userId: e.userId, ...egressMessages.incidentNotice(e.source, time, questions),
          link: `/egress/incidents/${incidentId}`,
        });
        await sql.query(`UPDATE egress_incidents SET state = 'awaiting-user', notified_at = $2 WHERE id = $1`, [incidentId, at]);
        done.push({ kind: 'notify-user', at: at.toISOString(), outcome: 'done' });
        break;
      }
      case 'suspend': {
        // Never shortens a suspension in force. The users table feeds the change log, so every process's
        // decision index sees it (DENY_IF_EGRESS_SUSPENDED).
        await sql.query(
          `UPDATE users SET egress_suspended_until = GREATEST(COALESCE(egress_suspended_until, $2), $2) WHERE id = $1`,
          [e.userId, new Date(a.until)]);
        done.push({ kind: 'suspend', at: at.toISOString(), outcome: 'done', until: new Date(a.until).toISOString() });
        break;
      }
      case 'stop-runtimes':
        stopRuntimes = true;
        done.push({ kind: 'stop-runtimes', at: at.toISOString(), outcome: 'requested' });
        break;
      case 'disable-account':
        await disableUser(sql, clock, e.userId, null, `Egress incident ${incidentId}: ${a.reason === 'high-volume' ? 'high-volume egress' : 'third incident in the look-back period'}.`);
        done.push({ kind: 'disable-account', at: at.toISOString(), outcome: 'done', reason: a.reason });
        break;
      case 'refuse-download':
      case 'refuse-summary-download':
        done.push({ kind: a.kind, at: at.toISOString(), outcome: 'done', downloadId: e.id });
        break;
    }
  }
  if (incidentId !== null) {
    if (e.source === 'monitor') {
      await sql.query('INSERT INTO egress_incident_events (incident_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [incidentId, e.id]);
    } else {
      await sql.query('UPDATE egress_downloads SET incident_id = $2 WHERE id = $1', [e.id, incidentId]);
    }
    await sql.query(`UPDATE egress_incidents SET actions = actions || $2::jsonb WHERE id = $1`, [incidentId, JSON.stringify(done)]);
  }
  if (actions.length > 0) {
    await appendAudit(sql, clock, {
      actorId: null, action: 'egress.escalated', targetType: e.source === 'monitor' ? 'egress-event' : 'egress-download', targetId: e.id,
      details: { userId: e.userId, incidentId, source: e.source, bytes: e.bytes, actions: actions.map((a) => a.kind) },
    });
  }
  return { actions: [...actions], incidentId, stopRuntimes };
}

export async function escalateEvent(sql: Sql, clock: Clock, publicUrl: string, e: StoredEvent): Promise<Escalated> {
  await lockUserEgress(sql, e.userId);
  const { policy } = await loadPolicy(sql);
  const now = clock.now().getTime();
  const history = await loadHistory(sql, e.userId, now, policy.lookBackDays, { eventIds: [e.id] });
  const event: EgressEvent = {
    id: String(e.id), userId: e.userId, source: 'monitor', at: e.observedAt.getTime(), bytes: e.bytes, projectId: e.projectId, runtimeId: e.runtimeId,
  };
  const actions = escalate(policy, history, event, now);
  return applyActions(sql, clock, publicUrl, policy, { ...e, source: 'monitor', at: e.observedAt }, actions);
}

/** Why egress stops a runtime (runtimes.stop_reason); the retry job looks for it. */
export const EGRESS_STOP_REASON = 'Egress incident: compute suspended (SPEC §10).';

/**
 * Stops the user's runtimes through the orchestrator (src/runtimes/, the one client), after the escalation has
 * committed. A stop the orchestrator does not acknowledge leaves the runtime stop_failed; egressStopRetryJob asks
 * again until it is stopped.
 */
export async function stopUserRuntimes(ctx: AppContext, userId: number): Promise<void> {
  try {
    await stopRuntimesOfUser(ctx, userId, EGRESS_STOP_REASON);
  } catch {
    // A failed stop is recorded on the runtime (stop_failed) by src/runtimes/; the retry job asks again.
  }
}

/** How long a claimed retry is left to the process that claimed it before another may ask again. */
export const STOP_RETRY_CLAIM_MS = 25_000;
/** A stop still `stopping` this long after it was asked for was cut short (its process died): asked again. */
export const STOP_STUCK_MS = 120_000;

/**
 * Asks again to stop every runtime an egress escalation could not stop. Several processes run this job: each claims
 * the runtimes it retries by moving their stop_requested_at to now in one UPDATE, so the others skip them for
 * STOP_RETRY_CLAIM_MS and the orchestrator is asked once per round, not once per process.
 */
export const egressStopRetryJob: Job = {
  name: 'egress-stop-retry',
  everyMs: 30_000,
  async run(ctx) {
    // With no orchestrator configured (the demo, a deployment without one) a retry could only fail again, and
    // each attempt writes audit entries: wait until one is configured (read at start-up).
    if (!ctx.config.orchestratorUrl) return;
    const now = ctx.clock.now();
    const claimed = await ctx.db.query<{ user_id: number | string }>(
      `UPDATE runtimes SET stop_requested_at = $2
       WHERE stop_reason = $1 AND (
         (status = 'stop_failed' AND (stop_requested_at IS NULL OR stop_requested_at <= $3))
         OR (status = 'stopping' AND stop_requested_at <= $4))
       RETURNING user_id`,
      [EGRESS_STOP_REASON, now, new Date(now.getTime() - STOP_RETRY_CLAIM_MS), new Date(now.getTime() - STOP_STUCK_MS)]);
    const users = [...new Set(claimed.map((r) => Number(r.user_id)))].sort((a, b) => a - b);
    for (const userId of users) await stopUserRuntimes(ctx, userId);
  },
};
