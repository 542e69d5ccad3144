import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { checkEvent, parseBody, type CheckedEvent, type Refusal } from './events.js';
import { checkSignature, parseSignatureHeader, TOLERANCE_SECONDS } from './signature.js';
import { sourceForVerification } from './sources.js';
import { escalateEvent, stopUserRuntimes } from './incidents.js';
import type { SecretBox } from './secretbox.js';

/**
 * Receiving a delivery on POST /api/v1/egress/events. Every delivery is stored, refused ones too, with why
 * (docs/adr/0016): a misconfigured or forged monitor must be visible to the security engineer, not silent.
 * The order of checks: size, source, signature (over the raw bytes, before any parsing), then the body.
 */
export interface Delivery {
  sourceName: string | null;
  signature: string | null;
  /** The raw body as received (at most the body limit plus one chunk when oversized). */
  raw: Buffer;
  size: number;
  oversized: boolean;
  remoteAddress: string;
  /** Refused before the body was read (e.g. a charset the server does not take). */
  preRefused?: Problem;
}

export type EventResult =
  | { index: number; eventId: string | null; result: 'accepted'; id: number; attributed: boolean }
  | { index: number; eventId: string | null; result: 'duplicate'; id: number }
  | { index: number; eventId: string | null; result: 'refused'; code: string; detail: string };

export interface IngestOutcome {
  deliveryId: number;
  /** Set when the whole delivery is refused: the answer is this problem document. */
  problem: Problem | null;
  results: EventResult[];
  accepted: number;
  duplicates: number;
  refused: number;
}

export interface IngestMetrics {
  eventAccepted(n: number): void;
  eventDuplicate(n: number): void;
  eventRefused(code: string): void;
  deliveryRefused(code: string): void;
}

const refuse = (status: number, code: string, detail: string) => new Problem(status, code, detail);

export async function ingestDelivery(ctx: AppContext, box: SecretBox, metrics: IngestMetrics, d: Delivery): Promise<IngestOutcome> {
  const now = ctx.clock.now();
  if (d.preRefused) return storeRefused(ctx, metrics, d, d.preRefused, null);
  const problem = await deliveryProblem(ctx, box, d, now);
  if (problem) return storeRefused(ctx, metrics, d, problem.problem, problem.sourceId);
  const parsed = parseBody(d.raw);
  const source = (await ctx.db.one<{ id: number }>('SELECT id FROM egress_sources WHERE name = $1', [d.sourceName])).id;
  if (!parsed.ok) return storeRefused(ctx, metrics, d, refuse(parsed.status, parsed.code, parsed.detail), source);
  const checked = parsed.events.map((e) => checkEvent(e));
  // One event, refused: the delivery is refused (a problem document); in a batch, each event answers for itself.
  if (!parsed.batch && !checked[0].ok) {
    const { refusal } = checked[0];
    return storeRefused(ctx, metrics, d, new Problem(400, refusal.code, refusal.detail), source, [{ index: 0, eventId: eventIdOf(parsed.events[0]), ...refusal }]);
  }
  const stopUsers = new Set<number>();
  const outcome = await ctx.db.tx(async (sql) => {
    const { id: deliveryId } = await insertDelivery(sql, ctx.config.egressStoredBodyBytes, d, now, source, 'accepted', null);
    const results: EventResult[] = [];
    for (const [index, c] of checked.entries()) {
      const eventId = eventIdOf(parsed.events[index]);
      if (!c.ok) {
        results.push({ index, eventId, result: 'refused', ...c.refusal });
        continue;
      }
      const stored = await storeEvent(sql, source, deliveryId, c.event, now);
      const { attribution, ...result } = stored;
      results.push({ index, ...result });
      // Escalation (SPEC §10), in this transaction: an attributed event is a known user's egress.
      if (stored.result === 'accepted' && attribution?.userId != null) {
        const escalated = await escalateEvent(sql, ctx.clock, ctx.config.publicUrl, {
          id: stored.id, userId: attribution.userId, projectId: attribution.projectId, runtimeId: attribution.runtimeId,
          bytes: c.event.bytes, observedAt: c.event.observedAt,
        });
        if (escalated.stopRuntimes) stopUsers.add(attribution.userId);
      }
    }
    const counts = tally(results);
    const refusals = results.filter((r) => r.result === 'refused').map((r) => ({ index: r.index, eventId: r.eventId, code: r.code, detail: r.detail }));
    const result = counts.refused === 0 ? 'accepted' : counts.accepted + counts.duplicates === 0 ? 'refused' : 'partial';
    const reason = result === 'refused' ? 'ALL_EVENTS_REFUSED' : null;
    await sql.query(
      `UPDATE egress_deliveries SET result = $2, reason = $3, events_accepted = $4, events_duplicate = $5, events_refused = $6, refusals = $7 WHERE id = $1`,
      [deliveryId, result, reason, counts.accepted, counts.duplicates, counts.refused, JSON.stringify(refusals)]);
    await appendAudit(sql, ctx.clock, {
      actorId: null, action: `egress.delivery-${result}`, targetType: 'egress-delivery', targetId: deliveryId,
      details: {
        source: d.sourceName, ...(reason ? { reason } : {}),
        accepted: results.flatMap((r) => (r.result === 'accepted' ? [r.id] : [])), duplicates: counts.duplicates,
        refused: refusals.map((r) => ({ index: r.index, code: r.code })),
      },
    });
    metrics.eventAccepted(counts.accepted);
    metrics.eventDuplicate(counts.duplicates);
    for (const r of refusals) metrics.eventRefused(r.code);
    if (reason) metrics.deliveryRefused(reason);
    const all = result === 'refused'
      ? new Problem(400, 'ALL_EVENTS_REFUSED', 'Every event of the batch was refused; see results.', { deliveryId, results })
      : null;
    return { deliveryId, problem: all, results, ...counts };
  });
  // The orchestrator is called after commit; a stop it did not acknowledge is retried by the job (incidents.ts).
  for (const userId of stopUsers) await stopUserRuntimes(ctx, userId);
  return outcome;
}

const eventIdOf = (value: unknown): string | null => {
  const id = (value as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' ? id.slice(0, 200) : null;
};

const tally = (results: EventResult[]) => ({
  accepted: results.filter((r) => r.result === 'accepted').length,
  duplicates: results.filter((r) => r.result === 'duplicate').length,
  refused: results.filter((r) => r.result === 'refused').length,
});

async function deliveryProblem(ctx: AppContext, box: SecretBox, d: Delivery, now: Date): Promise<{ problem: Problem; sourceId: number | null } | null> {
  if (d.oversized) {
    return { problem: refuse(413, 'PAYLOAD_TOO_LARGE', `The body is larger than the ${ctx.config.egressBodyLimitBytes} bytes accepted here; send smaller batches.`), sourceId: null };
  }
  if (!d.sourceName) return { problem: refuse(401, 'SOURCE_REQUIRED', 'Name the egress source in the Gatehouse-Source header.'), sourceId: null };
  const source = await sourceForVerification(ctx.db, box, d.sourceName, now);
  if (!source) return { problem: refuse(401, 'UNKNOWN_SOURCE', `There is no egress source named "${d.sourceName.slice(0, 100)}".`), sourceId: null };
  const sourceId = source.id;
  if (!d.signature) return { problem: refuse(401, 'SIGNATURE_REQUIRED', 'Sign the request: send the Gatehouse-Signature header (t=<unix seconds>,v1=<hex HMAC-SHA256>).'), sourceId };
  const parsed = parseSignatureHeader(d.signature);
  if (!parsed) {
    return { problem: refuse(401, 'BAD_SIGNATURE_HEADER', 'The Gatehouse-Signature header is not of the form t=<unix seconds>,v1=<64 hex digits>[,v1=…].'), sourceId };
  }
  // Fail closed: a source with no secret it can verify with accepts nothing.
  if (source.secrets.length === 0) {
    const why = source.unreadable > 0 ? 'its secrets cannot be decrypted with this server\'s EGRESS_SECRET_KEY' : 'it has no active secret';
    return { problem: refuse(401, 'NO_ACTIVE_SECRET', `Egress source ${source.name} cannot be verified: ${why}. Every delivery is refused until a secret is added.`), sourceId };
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  switch (checkSignature(parsed, d.raw, source.secrets, nowSeconds)) {
    case 'stale':
      return { problem: refuse(401, 'STALE_TIMESTAMP', `The signature's timestamp is ${nowSeconds - parsed.timestamp} s old; at most ${TOLERANCE_SECONDS} s is accepted. Check the monitor's clock.`), sourceId };
    case 'future':
      return { problem: refuse(401, 'FUTURE_TIMESTAMP', `The signature's timestamp is ${parsed.timestamp - nowSeconds} s ahead; at most ${TOLERANCE_SECONDS} s is accepted. Check the monitor's clock.`), sourceId };
    case 'mismatch':
      return { problem: refuse(401, 'BAD_SIGNATURE', 'The signature does not match the body with any active secret of this source.'), sourceId };
    case 'ok':
      break;
  }
  // After the signature, so that a disabled source's name cannot be probed without its secret.
  if (source.status === 'disabled') return { problem: refuse(403, 'SOURCE_DISABLED', `Egress source ${source.name} is disabled.`), sourceId };
  return null;
}

async function insertDelivery(sql: Sql, storedBytes: number, d: Delivery, now: Date, sourceId: number | null, result: string, problem: Problem | null) {
  const cap = Math.max(0, Math.min(d.raw.length, storedBytes));
  // Text columns hold no U+0000; the raw bytes are kept as UTF-8 with those replaced.
  const body = d.raw.subarray(0, cap).toString('utf8').replace(/\u0000/g, '\uFFFD');
  return sql.one<{ id: number }>(
    `INSERT INTO egress_deliveries (received_at, source_name, source_id, remote_address, result, reason, detail, body_bytes, body, body_truncated)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [now, d.sourceName?.slice(0, 200) ?? null, sourceId, d.remoteAddress, result, problem?.code ?? null, problem?.detail ?? null,
      Math.min(d.size, 2_147_483_647), body, cap < d.size]);
}

/**
 * An address past its refused deliveries for the minute: counted in egress_refused_floods (one row per address and
 * minute), not stored, and answered 429. Null when the delivery is to be stored as usual.
 */
async function floodProblem(ctx: AppContext, d: Delivery, problem: Problem): Promise<Problem | null> {
  const now = ctx.clock.now();
  const { n } = await ctx.db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM egress_deliveries WHERE remote_address = $1 AND result = 'refused' AND received_at > $2`,
    [d.remoteAddress, new Date(now.getTime() - 60_000)]);
  if (n < ctx.config.egressRefusedPerAddressPerMinute) return null;
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  await ctx.db.query(
    `INSERT INTO egress_refused_floods (remote_address, minute, deliveries, source_name, last_reason, first_at, last_at)
     VALUES ($1, $2, 1, $3, $4, $5, $5)
     ON CONFLICT (remote_address, minute) DO UPDATE SET deliveries = egress_refused_floods.deliveries + 1,
       source_name = EXCLUDED.source_name, last_reason = EXCLUDED.last_reason, last_at = EXCLUDED.last_at`,
    [d.remoteAddress, minute, d.sourceName?.slice(0, 200) ?? null, problem.code, now]);
  const retryAfter = Math.max(1, Math.ceil((minute.getTime() + 60_000 - now.getTime()) / 1000));
  return new Problem(429, 'TOO_MANY_REFUSED_DELIVERIES',
    `More than ${ctx.config.egressRefusedPerAddressPerMinute} deliveries from this address were refused in the last minute; ` +
    `this one (${problem.code}: ${problem.detail}) is counted, not stored. Fix the monitor's configuration, then send again.`,
    { retryAfterSeconds: retryAfter, reason: problem.code });
}

async function storeRefused(ctx: AppContext, metrics: IngestMetrics, d: Delivery, problem: Problem, sourceId: number | null,
  refusals: (Refusal & { index: number; eventId: string | null })[] = []): Promise<IngestOutcome> {
  const flood = await floodProblem(ctx, d, problem);
  if (flood) {
    metrics.deliveryRefused(flood.code);
    return { deliveryId: 0, problem: flood, results: [], accepted: 0, duplicates: 0, refused: refusals.length };
  }
  const deliveryId = await ctx.db.tx(async (sql) => {
    const { id } = await insertDelivery(sql, ctx.config.egressStoredBodyBytes, d, ctx.clock.now(), sourceId, 'refused', problem);
    if (refusals.length) await sql.query('UPDATE egress_deliveries SET events_refused = $2, refusals = $3 WHERE id = $1', [id, refusals.length, JSON.stringify(refusals)]);
    // Small on purpose: the reason and the source, never the body.
    await appendAudit(sql, ctx.clock, {
      actorId: null, action: 'egress.delivery-refused', targetType: 'egress-delivery', targetId: id,
      details: { source: d.sourceName?.slice(0, 100) ?? null, reason: problem.code, remoteAddress: d.remoteAddress },
    });
    return id;
  });
  metrics.deliveryRefused(problem.code);
  for (const r of refusals) metrics.eventRefused(r.code);
  const results: EventResult[] = refusals.map((r) => ({ index: r.index, eventId: r.eventId, result: 'refused', code: r.code, detail: r.detail }));
  const withId = new Problem(problem.status, problem.code, problem.detail, { ...problem.extra, deliveryId, ...(results.length ? { results } : {}) });
  return { deliveryId, problem: withId, results, accepted: 0, duplicates: 0, refused: refusals.length };
}

interface Attribution {
  userId: number | null;
  runtimeId: number | null;
  projectId: number | null;
  by: 'runtime' | 'user' | 'none';
}

/** A registered runtime gives the user and the project; else a known user; else the event is unattributed (kept). */
async function attribute(sql: Sql, e: CheckedEvent): Promise<Attribution> {
  let projectId: number | null = null;
  const entity = e.project && /^(?:syn)?(\d{1,15})$/i.exec(e.project.trim());
  if (entity) projectId = (await sql.maybeOne<{ id: number }>('SELECT id FROM entities WHERE id = $1', [Number(entity[1])]))?.id ?? null;
  if (e.runtime) {
    const runtime = /^\d{1,15}$/.test(e.runtime)
      ? await sql.maybeOne<{ id: number; user_id: number; project_id: number }>('SELECT id, user_id, project_id FROM runtimes WHERE id = $1', [Number(e.runtime)])
      : null;
    const found = runtime ?? await sql.maybeOne<{ id: number; user_id: number; project_id: number }>(
      'SELECT id, user_id, project_id FROM runtimes WHERE external_id = $1 ORDER BY created_at DESC LIMIT 1', [e.runtime]);
    if (found) return { userId: found.user_id, runtimeId: found.id, projectId: found.project_id, by: 'runtime' };
  }
  if (e.user) {
    const user = /^\d{1,15}$/.test(e.user)
      ? await sql.maybeOne<{ id: number }>('SELECT id FROM users WHERE id = $1', [Number(e.user)])
      : await sql.maybeOne<{ id: number }>('SELECT id FROM users WHERE lower(username) = lower($1)', [e.user]);
    if (user) return { userId: user.id, runtimeId: null, projectId, by: 'user' };
  }
  return { userId: null, runtimeId: null, projectId, by: 'none' };
}

async function storeEvent(sql: Sql, sourceId: number, deliveryId: number, e: CheckedEvent, now: Date):
  Promise<{ eventId: string; result: 'accepted'; id: number; attributed: boolean; attribution?: Attribution } | { eventId: string; result: 'duplicate'; id: number; attribution?: Attribution }> {
  const a = await attribute(sql, e);
  // The unique (source, event id) index decides: a replay, or two deliveries of one event at once, store it once.
  const inserted = await sql.maybeOne<{ id: number }>(
    `INSERT INTO egress_events (source_id, delivery_id, source_event_id, user_id, runtime_id, project_id, claimed_user, claimed_runtime,
       claimed_project, attributed_by, bytes, window_start, window_seconds, observed_at, kind, payload, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (source_id, source_event_id) DO NOTHING RETURNING id`,
    [sourceId, deliveryId, e.eventId, a.userId, a.runtimeId, a.projectId, e.user, e.runtime, e.project, a.by, e.bytes,
      e.windowStart, e.windowSeconds, e.observedAt, e.kind, JSON.stringify(e.payload), now]);
  if (inserted) return { eventId: e.eventId, result: 'accepted', id: Number(inserted.id), attributed: a.userId !== null, attribution: a };
  const existing = await sql.one<{ id: number }>('SELECT id FROM egress_events WHERE source_id = $1 AND source_event_id = $2', [sourceId, e.eventId]);
  return { eventId: e.eventId, result: 'duplicate', id: existing.id };
}
