import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AppContext } from '../context.js';
import type { Db } from '../infra/db.js';
import type { Job } from '../jobs.js';
import { loadEgressKey, secretBox, type SecretBox } from '../egress/secretbox.js';
import { sign, signatureHeader } from '../egress/signature.js';
import { afterFailure } from './schedule.js';
import { checkUrl, parseAllowlist, type Resolver } from './ssrf.js';

/**
 * The delivery worker (docs/adr/0023). Each round claims due deliveries with a lease (one short statement,
 * FOR UPDATE SKIP LOCKED, so several processes share the work and never take the same row), sends them with no
 * transaction open, at most WEBHOOK_CONCURRENCY at once, each cut off after WEBHOOK_TIMEOUT_MS, and records each
 * outcome only while its lease is held. A process killed mid-send leaves a lease that ends; the delivery is then
 * due again (at-least-once), with the same Gatehouse-Webhook-Id.
 *
 *   POST <subscription url>
 *   Content-Type: application/json
 *   Gatehouse-Webhook-Id: <event id>           (the same on every attempt: receivers drop duplicates by it)
 *   Gatehouse-Event: <event type>
 *   Gatehouse-Timestamp: <unix seconds of this attempt>
 *   Gatehouse-Signature: t=<the same seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>[,v1=…]
 *
 * the scheme of incoming egress events (src/egress/signature.ts), one v1 per active secret.
 */
export const WEBHOOK_ID_HEADER = 'gatehouse-webhook-id';
export const WEBHOOK_EVENT_HEADER = 'gatehouse-event';
export const WEBHOOK_TIMESTAMP_HEADER = 'gatehouse-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'gatehouse-signature';
/** How much of a receiver's answer is read (and kept in the error) before the connection is dropped. */
const ANSWER_BYTES = 2048;

interface Claim {
  id: number;
  url: string;
  subscriptionId: number;
  eventId: string;
  type: string;
  body: string;
  attempts: number;
  retryFrom: Date;
  token: string;
}

async function claimOne(db: Db, now: Date, leaseMs: number): Promise<Claim | null> {
  const token = randomBytes(12).toString('hex');
  const row = await db.maybeOne<{ id: number | string; subscription_id: number | string; event_id: string; attempts: number; retry_from: Date }>(
    `UPDATE webhook_deliveries SET claimed_until = $2, claim_token = $3
     WHERE id = (SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until <= $1)
                   AND (s.enabled OR EXISTS (SELECT 1 FROM webhook_events e WHERE e.id = d.event_id AND e.type = 'webhook.test'))
                 ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
     RETURNING id, subscription_id, event_id, attempts, retry_from`,
    [now, new Date(now.getTime() + leaseMs), token]);
  if (!row) return null;
  const more = await db.one<{ url: string; type: string; body: string }>(
    'SELECT s.url, e.type, e.body FROM webhook_subscriptions s, webhook_events e WHERE s.id = $1 AND e.id = $2', [row.subscription_id, row.event_id]);
  return {
    id: Number(row.id), subscriptionId: Number(row.subscription_id), eventId: row.event_id, attempts: row.attempts,
    retryFrom: new Date(row.retry_from), token, ...more,
  };
}

async function activeSecrets(db: Db, box: SecretBox, subscriptionId: number, now: Date): Promise<string[]> {
  const rows = await db.query<{ secret_encrypted: string }>(
    'SELECT secret_encrypted FROM webhook_secrets WHERE subscription_id = $1 AND (retired_at IS NULL OR retired_at > $2) ORDER BY id DESC', [subscriptionId, now]);
  return rows.map((r) => box.open(r.secret_encrypted)).filter((s): s is string => s !== null);
}

export interface Outcome {
  status: number | null;
  error: string | null;
  latencyMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  allowedHosts: readonly string[];
  resolve?: Resolver;
}

/**
 * One attempt: checks the URL's addresses (SSRF), connects only to an address so checked, and gives up after
 * timeoutMs whatever the receiver does (a slow DNS answer, a silent socket, a body that never ends).
 */
export async function post(url: string, headers: Record<string, string>, body: string, opts: SendOptions): Promise<Outcome> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): Outcome => ({ status, error, latencyMs: Math.round(performance.now() - started) });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const check = await Promise.race([
      checkUrl(url, parseAllowlist(opts.allowedHosts), opts.resolve),
      new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('timeout')), { once: true })),
    ]);
    if (!check.ok) return done(null, `Refused: ${check.reason}.`);
    const [address] = check.addresses;
    const lookup: LookupFunction = (_host, options, callback) => {
      if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family: isIP(address) }]);
      else callback(null, address, isIP(address));
    };
    const client = check.url.protocol === 'https:' ? https : http;
    return await new Promise<Outcome>((resolve) => {
      const req = client.request(check.url, {
        method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, signal: controller.signal,
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < ANSWER_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_BYTES).trim();
          resolve(done(status, status >= 200 && status < 300 ? null : `The receiver answered ${status}${text ? `: ${text.slice(0, 300)}` : ''}.`));
        });
        res.on('error', (err) => resolve(done(res.statusCode ?? null, failure(err, controller, opts.timeoutMs))));
      });
      req.on('error', (err) => resolve(done(null, failure(err, controller, opts.timeoutMs))));
      req.end(body);
    });
  } catch (err) {
    return done(null, failure(err, controller, opts.timeoutMs));
  } finally {
    clearTimeout(timer);
  }
}

function failure(err: unknown, controller: AbortController, timeoutMs: number): string {
  if (controller.signal.aborted) return `No answer within ${timeoutMs} ms.`;
  const e = err as { code?: string; message?: string };
  return `The receiver could not be reached: ${e.code ?? e.message ?? String(err)}.`;
}

export interface DeliveryRound {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends what is due: `concurrency` lanes, each claiming and sending one delivery at a time, until nothing is
 * due or `limit` attempts were made in this round.
 */
export async function deliverDueWebhooks(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'log'>, box: SecretBox,
  options: { limit?: number; random?: () => number; resolve?: Resolver } = {},
): Promise<DeliveryRound> {
  const { db, clock, config } = ctx;
  const limit = options.limit ?? 100;
  const random = options.random ?? Math.random;
  // The attempt is cut off at the timeout; the margin covers recording it.
  const leaseMs = config.webhookTimeoutMs + 5_000;
  const round: DeliveryRound = { delivered: 0, retrying: 0, failed: 0 };
  let budget = limit;
  const lane = async () => {
    while (budget > 0) {
      budget--;
      const claim = await claimOne(db, clock.now(), leaseMs);
      if (!claim) return;
      const attemptAt = clock.now();
      const t = Math.floor(attemptAt.getTime() / 1000);
      const secrets = await activeSecrets(db, box, claim.subscriptionId, attemptAt);
      const outcome: Outcome = secrets.length === 0
        ? { status: null, error: 'The subscription has no secret that can be read (WEBHOOK secrets are encrypted with EGRESS_SECRET_KEY); Gatehouse sends nothing unsigned.', latencyMs: 0 }
        : await post(claim.url, {
          'content-type': 'application/json',
          'user-agent': 'Gatehouse-Webhooks',
          [WEBHOOK_ID_HEADER]: claim.eventId,
          [WEBHOOK_EVENT_HEADER]: claim.type,
          [WEBHOOK_TIMESTAMP_HEADER]: String(t),
          [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(t, secrets.map((s) => sign(s, t, claim.body))),
        }, claim.body, { timeoutMs: config.webhookTimeoutMs, allowedHosts: config.webhookAllowedHosts, resolve: options.resolve });
      const result = await record(db, clock.now(), claim, outcome, config.webhookRetryHours, random());
      if (result === 'lost') ctx.log.warn({ deliveryId: claim.id }, 'webhooks: lease lost before the outcome was recorded');
      else round[result]++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, ctx.config.webhookConcurrency) }, lane));
  return round;
}

async function record(db: Db, now: Date, claim: Claim, outcome: Outcome, retryHours: number, random: number): Promise<'delivered' | 'retrying' | 'failed' | 'lost'> {
  const attempts = claim.attempts + 1;
  if (outcome.error === null) {
    const rows = await db.query(
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = $3, last_status = $4, last_error = NULL, last_latency_ms = $5,
         last_attempt_at = $6, delivered_at = $6, claimed_until = NULL, claim_token = NULL
       WHERE id = $1 AND claim_token = $2 RETURNING id`,
      [claim.id, claim.token, attempts, outcome.status, outcome.latencyMs, now]);
    return rows.length > 0 ? 'delivered' : 'lost';
  }
  const next = afterFailure({ now, attempts, retryFrom: claim.retryFrom, retryHours, random });
  const rows = await db.query(
    `UPDATE webhook_deliveries SET status = $3, attempts = $4, last_status = $5, last_error = $6, last_latency_ms = $7, last_attempt_at = $8,
       next_attempt_at = coalesce($9, next_attempt_at), failed_at = $10, claimed_until = NULL, claim_token = NULL
     WHERE id = $1 AND claim_token = $2 RETURNING id`,
    [claim.id, claim.token, next.status, attempts, outcome.status, outcome.error.slice(0, 1000), outcome.latencyMs, now,
      next.status === 'pending' ? next.nextAttemptAt : null, next.status === 'failed' ? now : null]);
  if (rows.length === 0) return 'lost';
  return next.status === 'failed' ? 'failed' : 'retrying';
}

const boxes = new WeakMap<object, SecretBox>();
/** The egress secret box of this configuration, opened when first needed (not when a command line tool builds the app). */
export function webhookSecretBox(config: AppContext['config']): SecretBox {
  let box = boxes.get(config);
  if (!box) boxes.set(config, (box = secretBox(loadEgressKey(config.egressSecretKey, config.dataDir))));
  return box;
}

export const webhookDeliveryJob: Job = {
  name: 'webhooks.deliver',
  everyMs: 1_000,
  async run(ctx) {
    const round = await deliverDueWebhooks(ctx, webhookSecretBox(ctx.config));
    if (round.delivered || round.retrying || round.failed) ctx.log.info(round, 'webhook deliveries');
  },
};
