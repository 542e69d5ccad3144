import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { badRequest, notFound, unprocessable } from '../infra/problem.js';
import { newSecret } from '../identity/secrets.js';
import { appendAudit } from '../auditlog/log.js';
import type { SecretBox } from '../egress/secretbox.js';
import { EVENT_TYPES, TEST_EVENT, enqueueWebhookEvent } from './events.js';
import { checkUrl, resolverWithin, type Allowlist, type Resolver } from './ssrf.js';

/**
 * Webhook subscriptions (admins): a URL, the event types it wants, its secrets, enabled or not; and what admins
 * do with deliveries (a test event, a redelivery). Secrets are kept encrypted in the egress secret box.
 */
export const WEBHOOK_SECRET_PREFIX = 'gh_whs_';
export const MIN_GIVEN_SECRET = 24;

export interface SubscriptionView {
  id: number;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  modifiedAt: string;
  secrets: { id: number; hint: string; createdAt: string; retiredAt: string | null }[];
  deliveries: { pending: number; delivered: number; failed: number };
}

interface SubscriptionRow {
  id: number | string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  created_at: Date;
  modified_at: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

async function views(sql: Sql, rows: SubscriptionRow[], now: Date): Promise<SubscriptionView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const secrets = await sql.query<{ id: number | string; subscription_id: number | string; hint: string; created_at: Date; retired_at: Date | null }>(
    `SELECT id, subscription_id, hint, created_at, retired_at FROM webhook_secrets
     WHERE subscription_id = ANY ($1::bigint[]) AND (retired_at IS NULL OR retired_at > $2) ORDER BY id`, [ids, now]);
  const counts = await sql.query<{ subscription_id: number | string; status: string; n: number }>(
    `SELECT subscription_id, status, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = ANY ($1::bigint[]) GROUP BY 1, 2`, [ids]);
  return rows.map((r) => {
    const id = Number(r.id);
    const count = (status: string) => counts.find((c) => Number(c.subscription_id) === id && c.status === status)?.n ?? 0;
    return {
      id, url: r.url, description: r.description, eventTypes: r.event_types, enabled: r.enabled,
      createdAt: iso(r.created_at)!, modifiedAt: iso(r.modified_at)!,
      secrets: secrets.filter((s) => Number(s.subscription_id) === id)
        .map((s) => ({ id: Number(s.id), hint: s.hint, createdAt: iso(s.created_at)!, retiredAt: iso(s.retired_at) })),
      deliveries: { pending: count('pending'), delivered: count('delivered'), failed: count('failed') },
    };
  });
}

const SELECT = 'SELECT id, url, description, event_types, enabled, created_at, modified_at FROM webhook_subscriptions';

export async function listSubscriptions(sql: Sql, clock: Clock, slice: { limit?: number; offset?: number }) {
  const rows = await sql.query<SubscriptionRow>(`${SELECT} ORDER BY id LIMIT $1 OFFSET $2`, [slice.limit ?? 50, slice.offset ?? 0]);
  const { count } = await sql.one<{ count: number }>('SELECT count(*)::int AS count FROM webhook_subscriptions');
  return { items: await views(sql, rows, clock.now()), total: count };
}

export async function getSubscription(sql: Sql, clock: Clock, id: number, lock = false): Promise<SubscriptionView> {
  const row = await sql.maybeOne<SubscriptionRow>(`${SELECT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw notFound(`There is no webhook subscription ${id}.`, 'WEBHOOK_NOT_FOUND');
  return (await views(sql, [row], clock.now()))[0];
}

export interface UrlPolicy {
  allow: Allowlist;
  resolve?: Resolver;
}

async function assertUrl(raw: string, policy: UrlPolicy): Promise<string> {
  const check = await checkUrl(raw.trim(), policy.allow, policy.resolve ?? resolverWithin(5_000));
  if (!check.ok) throw unprocessable('WEBHOOK_URL_REFUSED', `Gatehouse will not send webhooks to ${raw.trim()}: ${check.reason}.`, { reason: check.reason });
  return check.url.toString();
}

function eventTypes(types: readonly string[]): string[] {
  const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) throw badRequest('WEBHOOK_EVENT_TYPE_UNKNOWN', `There is no event type ${unknown.join(', ')}; the types are ${EVENT_TYPES.join(', ')}.`);
  if (types.length === 0) throw badRequest('WEBHOOK_EVENT_TYPES_EMPTY', 'Choose at least one event type.');
  return [...new Set(types)].sort();
}

function secretOf(given: string | undefined): string {
  if (given === undefined) return WEBHOOK_SECRET_PREFIX + newSecret(32);
  if (given.length < MIN_GIVEN_SECRET) throw badRequest('WEBHOOK_SECRET_TOO_SHORT', `A secret must be at least ${MIN_GIVEN_SECRET} characters long; leave it out and Gatehouse makes one.`);
  return given;
}

async function addSecret(sql: Sql, clock: Clock, box: SecretBox, subscriptionId: number, secret: string): Promise<number> {
  const row = await sql.one<{ id: number | string }>(
    'INSERT INTO webhook_secrets (subscription_id, secret_encrypted, hint, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [subscriptionId, box.seal(secret), `${secret.slice(0, secret.startsWith(WEBHOOK_SECRET_PREFIX) ? WEBHOOK_SECRET_PREFIX.length + 4 : 4)}…`, clock.now()]);
  return Number(row.id);
}

export interface CreateInput {
  url: string;
  eventTypes: string[];
  description?: string;
  secret?: string;
  enabled?: boolean;
}

export async function createSubscription(sql: Sql, clock: Clock, box: SecretBox, policy: UrlPolicy, actorId: number, input: CreateInput) {
  const url = await assertUrl(input.url, policy);
  const types = eventTypes(input.eventTypes);
  const secret = secretOf(input.secret);
  const now = clock.now();
  const row = await sql.one<{ id: number | string }>(
    `INSERT INTO webhook_subscriptions (url, description, event_types, enabled, created_by, created_at, modified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [url, (input.description ?? '').trim(), types, input.enabled ?? true, actorId, now]);
  const id = Number(row.id);
  await addSecret(sql, clock, box, id, secret);
  await appendAudit(sql, clock, { actorId, action: 'webhook.subscription-created', targetType: 'webhook-subscription', targetId: id, details: { url, eventTypes: types, secretGiven: input.secret !== undefined } });
  return { subscription: await getSubscription(sql, clock, id), secret };
}

export async function updateSubscription(
  sql: Sql, clock: Clock, policy: UrlPolicy, actorId: number, id: number,
  input: { url?: string; eventTypes?: string[]; description?: string; enabled?: boolean },
): Promise<SubscriptionView> {
  const before = await getSubscription(sql, clock, id, true);
  const url = input.url === undefined ? before.url : await assertUrl(input.url, policy);
  const types = input.eventTypes === undefined ? before.eventTypes : eventTypes(input.eventTypes);
  const description = input.description === undefined ? before.description : input.description.trim();
  const enabled = input.enabled ?? before.enabled;
  await sql.query('UPDATE webhook_subscriptions SET url = $2, event_types = $3, description = $4, enabled = $5, modified_at = $6 WHERE id = $1',
    [id, url, types, description, enabled, clock.now()]);
  const changes: Record<string, unknown> = {};
  if (url !== before.url) changes.url = { from: before.url, to: url };
  if (types.join() !== before.eventTypes.join()) changes.eventTypes = { from: before.eventTypes, to: types };
  if (description !== before.description) changes.description = description;
  if (enabled !== before.enabled) changes.enabled = enabled;
  if (Object.keys(changes).length > 0) {
    await appendAudit(sql, clock, { actorId, action: enabled !== before.enabled ? (enabled ? 'webhook.subscription-enabled' : 'webhook.subscription-disabled') : 'webhook.subscription-updated', targetType: 'webhook-subscription', targetId: id, details: changes });
  }
  return getSubscription(sql, clock, id);
}

/**
 * A new secret, shown once. The secrets active until now keep signing (every delivery carries one v1 signature
 * per active secret) for the grace period, so the receiver can switch over without a refused delivery.
 */
export async function rotateSecret(sql: Sql, clock: Clock, box: SecretBox, actorId: number, id: number, input: { secret?: string; graceHours: number }) {
  await getSubscription(sql, clock, id, true);
  const secret = secretOf(input.secret);
  const now = clock.now();
  const until = new Date(now.getTime() + input.graceHours * 3_600_000);
  await sql.query('UPDATE webhook_secrets SET retired_at = $2 WHERE subscription_id = $1 AND (retired_at IS NULL OR retired_at > $2)', [id, until]);
  const secretId = await addSecret(sql, clock, box, id, secret);
  await appendAudit(sql, clock, { actorId, action: 'webhook.secret-rotated', targetType: 'webhook-subscription', targetId: id, details: { secretId, previousSignUntil: until.toISOString() } });
  return { subscription: await getSubscription(sql, clock, id), secret };
}

/** Queues a `webhook.test` event to this subscription alone (enabled or not: it is how an admin tries one). */
export async function sendTestEvent(sql: Sql, clock: Clock, actorId: number, id: number): Promise<number> {
  const s = await getSubscription(sql, clock, id);
  const eventId = await enqueueWebhookEvent(sql, clock, TEST_EVENT, { subscription: { id: s.id, url: s.url }, message: 'A test event sent from Gatehouse by an administrator.' },
    { actorId, subscriptionIds: [id] });
  const row = await sql.one<{ id: number | string }>('SELECT id FROM webhook_deliveries WHERE event_id = $1 AND subscription_id = $2', [eventId, id]);
  await appendAudit(sql, clock, { actorId, action: 'webhook.test-sent', targetType: 'webhook-subscription', targetId: id, details: { eventId } });
  return Number(row.id);
}

/** Sends a failed (or delivered) delivery again, with the same event id, for a fresh retry window. */
export async function redeliver(sql: Sql, clock: Clock, actorId: number, subscriptionId: number, deliveryId: number): Promise<void> {
  const row = await sql.maybeOne<{ status: string }>('SELECT status FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2 FOR UPDATE', [deliveryId, subscriptionId]);
  if (!row) throw notFound(`Webhook subscription ${subscriptionId} has no delivery ${deliveryId}.`, 'WEBHOOK_DELIVERY_NOT_FOUND');
  if (row.status === 'pending') throw unprocessable('WEBHOOK_DELIVERY_PENDING', `Delivery ${deliveryId} is still being tried; it can be sent again once it has failed or been delivered.`);
  const now = clock.now();
  await sql.query(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, retry_from = $2, failed_at = NULL, claimed_until = NULL, claim_token = NULL WHERE id = $1`,
    [deliveryId, now]);
  await appendAudit(sql, clock, { actorId, action: 'webhook.redelivered', targetType: 'webhook-subscription', targetId: subscriptionId, details: { deliveryId, previousStatus: row.status } });
}

export interface DeliveryView {
  id: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastLatencyMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export async function listDeliveries(sql: Sql, clock: Clock, subscriptionId: number, q: { status?: string; limit?: number; offset?: number }) {
  await getSubscription(sql, clock, subscriptionId);
  const rows = await sql.query<{
    id: number | string; event_id: string; type: string; occurred_at: Date; status: DeliveryView['status']; attempts: number; last_status: number | null;
    last_error: string | null; last_latency_ms: number | null; last_attempt_at: Date | null; next_attempt_at: Date; delivered_at: Date | null; failed_at: Date | null;
  }>(
    `SELECT d.id, d.event_id, e.type, e.occurred_at, d.status, d.attempts, d.last_status, d.last_error, d.last_latency_ms, d.last_attempt_at,
            d.next_attempt_at, d.delivered_at, d.failed_at
     FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
     WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2) ORDER BY d.id DESC LIMIT $3 OFFSET $4`,
    [subscriptionId, q.status ?? null, q.limit ?? 50, q.offset ?? 0]);
  const { count } = await sql.one<{ count: number }>(
    'SELECT count(*)::int AS count FROM webhook_deliveries WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)', [subscriptionId, q.status ?? null]);
  const items: DeliveryView[] = rows.map((r) => ({
    id: Number(r.id), eventId: r.event_id, eventType: r.type, occurredAt: iso(r.occurred_at)!, status: r.status, attempts: r.attempts,
    lastStatus: r.last_status, lastError: r.last_error, lastLatencyMs: r.last_latency_ms, lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null, deliveredAt: iso(r.delivered_at), failedAt: iso(r.failed_at),
  }));
  return { items, total: count };
}
