import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Clock } from '../infra/clock.js';
import type { Sql } from '../infra/db.js';
import type { Job } from '../jobs.js';
import { conflict, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { backoffMs } from '../notifications/worker.js';
import { sign, signatureHeader } from '../egress/signature.js';
import { mayRaiseIncident, type FindingState } from './triage.js';

/**
 * The governance incident log (SPEC §11 "an incident creates a record"): an incident is raised from a finding
 * (which moves to `incident`), and closed with a resolution (its findings close with it). When
 * AUDIT_TICKET_WEBHOOK_URL is set, raising one also queues an outbox message (channel webhook) that the job below
 * POSTs to the ticket system, signed:
 *
 *   POST AUDIT_TICKET_WEBHOOK_URL
 *   Content-Type: application/json
 *   Gatehouse-Event: governance.incident.opened
 *   Gatehouse-Delivery: <outbox id>            (the same on every attempt: a receiver drops duplicates by it)
 *   Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(AUDIT_TICKET_WEBHOOK_SECRET, "<t>.<raw body>")>
 *
 * the scheme of src/egress/signature.ts; the receiver recomputes the HMAC over the raw body and refuses a t more
 * than 5 minutes away from its clock. Any 2xx answer is a delivery; otherwise it is retried with the outbox's
 * backoff (30 s doubling to 30 min) for EMAIL_RETRY_HOURS, then marked failed (the incident shows it).
 */
export const TICKET_KIND = 'audit.incident-ticket';
export const TICKET_EVENT = 'governance.incident.opened';

export interface IncidentRow {
  id: number | string;
  finding_ids: (number | string)[];
  title: string;
  description: string;
  state: 'open' | 'closed';
  opened_by: number | string;
  opened_by_name: string;
  opened_at: Date | string;
  closed_by: number | string | null;
  closed_by_name: string | null;
  closed_at: Date | string | null;
  resolution: string | null;
  ticket_outbox_id: number | string | null;
  ticket_status: 'pending' | 'sent' | 'failed' | null;
  ticket_attempts: number | null;
  ticket_error: string | null;
  ticket_sent_at: Date | string | null;
}

export const INCIDENT_SELECT = `SELECT i.*, ob.display_name AS opened_by_name, cb.display_name AS closed_by_name,
  o.status AS ticket_status, o.attempts AS ticket_attempts, o.last_error AS ticket_error, o.sent_at AS ticket_sent_at
  FROM governance_incidents i JOIN users ob ON ob.id = i.opened_by LEFT JOIN users cb ON cb.id = i.closed_by
  LEFT JOIN outbox o ON o.id = i.ticket_outbox_id`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function incidentView(r: IncidentRow, findings: { id: number; query: string; summary: string; state: string }[]) {
  return {
    id: Number(r.id),
    title: r.title,
    description: r.description,
    state: r.state,
    findings: findings.filter((f) => r.finding_ids.map(Number).includes(f.id)),
    openedBy: { id: Number(r.opened_by), displayName: r.opened_by_name },
    openedAt: iso(r.opened_at)!,
    closedBy: r.closed_by === null ? null : { id: Number(r.closed_by), displayName: r.closed_by_name ?? '' },
    closedAt: iso(r.closed_at),
    resolution: r.resolution,
    ticket: r.ticket_outbox_id === null
      ? { status: 'not-sent' as const, attempts: 0, error: null, sentAt: null }
      : { status: (r.ticket_status ?? 'pending'), attempts: r.ticket_attempts ?? 0, error: r.ticket_error, sentAt: iso(r.ticket_sent_at) },
  };
}

export async function findingsOf(sql: Sql, ids: readonly number[]) {
  const rows = await sql.query<{ id: number | string; query: string; detail: { summary?: string }; state: string }>(
    'SELECT id, query, detail, state FROM audit_findings WHERE id = ANY ($1::bigint[]) ORDER BY id', [ids]);
  return rows.map((r) => ({ id: Number(r.id), query: r.query, summary: r.detail?.summary ?? '', state: r.state }));
}

export async function loadIncident(sql: Sql, id: number) {
  const row = await sql.maybeOne<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1`, [id]);
  if (!row) throw notFound(`There is no governance incident ${id}.`, 'GOVERNANCE_INCIDENT_NOT_FOUND');
  return incidentView(row, await findingsOf(sql, row.finding_ids.map(Number)));
}

export interface RaiseInput {
  title: string;
  description: string;
  /** Post the ticket webhook: by default when it is configured; true when it is not is refused. */
  notify?: boolean;
}

/** Raises an incident from a finding, in the caller's transaction (the finding's row is locked by the caller). */
export async function raiseIncident(
  sql: Sql, ctx: Pick<AppContext, 'config' | 'clock'>, actor: { id: number; displayName: string },
  finding: { id: number; state: FindingState; query: string; summary: string }, input: RaiseInput,
): Promise<number> {
  const { clock, config } = ctx;
  if (!mayRaiseIncident(finding.state)) {
    throw conflict('AUDIT_FINDING_CLOSED', `Finding ${finding.id} is closed; reopen it before raising an incident from it.`);
  }
  const url = config.auditTicketWebhookUrl;
  if (input.notify === true && !url) {
    throw conflict('AUDIT_TICKET_WEBHOOK_NOT_CONFIGURED', 'No ticket webhook is configured (AUDIT_TICKET_WEBHOOK_URL), so the incident cannot be posted as a ticket; raise it without notifying.');
  }
  const now = clock.now();
  const row = await sql.one<{ id: number | string }>(
    `INSERT INTO governance_incidents (finding_ids, title, description, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [[finding.id], input.title.trim(), input.description.trim(), actor.id, now]);
  const id = Number(row.id);
  let outboxId: number | null = null;
  if (url && input.notify !== false) {
    const body = JSON.stringify({
      event: TICKET_EVENT,
      incident: {
        id, title: input.title.trim(), description: input.description.trim(), openedAt: now.toISOString(),
        openedBy: { id: actor.id, displayName: actor.displayName }, url: `${config.publicUrl}/audit/incidents?incident=${id}`,
      },
      findings: [{ id: finding.id, query: finding.query, summary: finding.summary, url: `${config.publicUrl}/audit/findings/${finding.id}` }],
    });
    const o = await sql.one<{ id: number | string }>(
      `INSERT INTO outbox (channel, kind, recipient, subject, body, payload, next_attempt_at, created_at)
       VALUES ('webhook', $1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [TICKET_KIND, url, `Governance incident ${id}: ${input.title.trim()}`.slice(0, 500), body, JSON.stringify({ incidentId: id }), now]);
    outboxId = Number(o.id);
    await sql.query('UPDATE governance_incidents SET ticket_outbox_id = $2 WHERE id = $1', [id, outboxId]);
  }
  await sql.query(`UPDATE audit_findings SET state = 'incident', updated_at = $2 WHERE id = $1`, [finding.id, now]);
  await sql.query(
    `INSERT INTO audit_finding_events (finding_id, at, actor_id, kind, body, details) VALUES ($1, $2, $3, 'incident', $4, $5)`,
    [finding.id, now, actor.id, `Incident ${id} raised: ${input.title.trim()}`, JSON.stringify({ incidentId: id, from: finding.state, ticket: outboxId !== null })]);
  await appendAudit(sql, clock, {
    actorId: actor.id, action: 'governance.incident-opened', targetType: 'governance-incident', targetId: id,
    details: { findingIds: [finding.id], title: input.title.trim(), ticketOutboxId: outboxId },
  });
  return id;
}

/** Closes an incident with its resolution; its findings still under incident close with it (an event each). */
export async function closeIncident(sql: Sql, clock: Clock, actorId: number, id: number, resolution: string): Promise<void> {
  const row = await sql.maybeOne<{ state: string; finding_ids: (number | string)[] }>('SELECT state, finding_ids FROM governance_incidents WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw notFound(`There is no governance incident ${id}.`, 'GOVERNANCE_INCIDENT_NOT_FOUND');
  if (row.state === 'closed') throw conflict('GOVERNANCE_INCIDENT_CLOSED', `Incident ${id} is already closed.`);
  const now = clock.now();
  await sql.query(`UPDATE governance_incidents SET state = 'closed', closed_by = $2, closed_at = $3, resolution = $4 WHERE id = $1`, [id, actorId, now, resolution]);
  const closed = await sql.query<{ id: number | string }>(
    `UPDATE audit_findings SET state = 'closed', updated_at = $2 WHERE id = ANY ($1::bigint[]) AND state = 'incident' RETURNING id`,
    [row.finding_ids.map(Number), now]);
  for (const f of closed) {
    await sql.query(
      `INSERT INTO audit_finding_events (finding_id, at, actor_id, kind, body, details) VALUES ($1, $2, $3, 'state', $4, $5)`,
      [f.id, now, actorId, `Incident ${id} closed: ${resolution}`, JSON.stringify({ from: 'incident', to: 'closed', incidentId: id })]);
  }
  await appendAudit(sql, clock, {
    actorId, action: 'governance.incident-closed', targetType: 'governance-incident', targetId: id,
    details: { resolution, findingsClosed: closed.map((f) => Number(f.id)) },
  });
}

// ---- the ticket webhook's delivery ----------------------------------------------------------------------------

const TIMEOUT_MS = 10_000;

/**
 * Posts the due ticket messages, one at a time: claim with a lease (a short statement), POST with no transaction
 * open, record the outcome while the lease is held, the outbox's way (src/notifications/worker.ts). The signature's
 * timestamp is the attempt's, so a retry an hour later is still fresh to the receiver.
 */
export async function deliverTicketWebhooks(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>, limit = 20): Promise<{ sent: number; failed: number }> {
  const { db, clock, config } = ctx;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const now = clock.now();
    const token = randomBytes(12).toString('hex');
    const claim = await db.maybeOne<{ id: number | string; recipient: string; body: string; retry_from: Date | string; attempts: number }>(
      `UPDATE outbox SET claimed_until = $2, claim_token = $3
       WHERE id = (SELECT id FROM outbox WHERE channel = 'webhook' AND kind = $4 AND status = 'pending' AND next_attempt_at <= $1
                     AND (claimed_until IS NULL OR claimed_until <= $1)
                   ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, recipient, body, coalesce(retry_from, created_at) AS retry_from, attempts`,
      [now, new Date(now.getTime() + 4 * TIMEOUT_MS), token, TICKET_KIND]);
    if (!claim) break;
    const id = Number(claim.id);
    let error: string | null = null;
    const secret = config.auditTicketWebhookSecret;
    if (!secret) {
      error = 'AUDIT_TICKET_WEBHOOK_SECRET is not configured: Gatehouse does not post unsigned tickets.';
    } else {
      const t = Math.floor(clock.now().getTime() / 1000);
      try {
        const res = await fetch(claim.recipient, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'gatehouse-event': TICKET_EVENT,
            'gatehouse-delivery': String(id),
            'gatehouse-signature': signatureHeader(t, [sign(secret, t, claim.body)]),
          },
          body: claim.body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) error = `The ticket system answered ${res.status}.`;
      } catch (err) {
        const e = err as { message?: string; cause?: { message?: string } };
        error = `The ticket system could not be reached: ${e.cause?.message ?? e.message ?? String(err)}`;
      }
    }
    const at = clock.now();
    if (error === null) {
      await db.query(
        `UPDATE outbox SET status = 'sent', sent_at = $3, attempts = attempts + 1, last_error = NULL, claimed_until = NULL, claim_token = NULL
         WHERE id = $1 AND claim_token = $2`, [id, token, at]);
      sent++;
    } else {
      const attempts = claim.attempts + 1;
      const deadline = new Date(claim.retry_from).getTime() + config.emailRetryHours * 3_600_000;
      const giveUp = at.getTime() >= deadline;
      await db.query(
        `UPDATE outbox SET attempts = $3, last_error = $4, status = $5, next_attempt_at = $6, failed_at = $7, claimed_until = NULL, claim_token = NULL
         WHERE id = $1 AND claim_token = $2`,
        [id, token, attempts, error.slice(0, 1000), giveUp ? 'failed' : 'pending',
          new Date(Math.min(at.getTime() + backoffMs(attempts), Math.max(deadline, at.getTime()))), giveUp ? at : null]);
      failed++;
    }
  }
  return { sent, failed };
}

export const auditTicketWebhookJob: Job = {
  name: 'audit-ticket-webhook',
  everyMs: 5_000,
  async run(ctx) {
    await deliverTicketWebhooks(ctx);
  },
};
