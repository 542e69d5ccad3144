import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { requireAdmin } from '../identity/caller.js';
import { EVENT_TYPES } from './events.js';
import { parseAllowlist } from './ssrf.js';
import { webhookSecretBox } from './delivery.js';
import * as subs from './subscriptions.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['webhooks'];

const EventTypeSchema = Type.Unsafe<string>({ type: 'string', enum: [...EVENT_TYPES], description: 'An event type a subscription may ask for' });
const SubscriptionSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean({ description: 'A disabled subscription gets no new events; its pending deliveries wait until it is enabled again' }),
  createdAt: date,
  modifiedAt: date,
  secrets: Type.Array(Type.Object({
    id: Type.Integer(),
    hint: Type.String({ description: 'The first characters of the secret' }),
    createdAt: date,
    retiredAt: nullable(date),
  }), { description: 'The secrets that sign now (two while a rotation’s grace period runs)' }),
  deliveries: Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer() }),
});
const CreatedSchema = Type.Object({
  subscription: SubscriptionSchema,
  secret: Type.String({ description: 'Shown once: Gatehouse keeps it encrypted and never shows it again' }),
});
const DeliverySchema = Type.Object({
  id: Type.Integer(),
  eventId: Type.String({ description: 'The Gatehouse-Webhook-Id header: the same on every attempt' }),
  eventType: Type.String(),
  occurredAt: date,
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  lastStatus: nullable(Type.Integer({ description: 'HTTP status of the last answer' })),
  lastError: nullable(Type.String()),
  lastLatencyMs: nullable(Type.Integer()),
  lastAttemptAt: nullable(date),
  nextAttemptAt: nullable(date),
  deliveredAt: nullable(date),
  failedAt: nullable(date),
});
const IdParams = Type.Object({ id: Type.String({ description: 'Webhook subscription id' }) });
const secretField = Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: `Your own secret (at least ${subs.MIN_GIVEN_SECRET} characters); Gatehouse makes one when left out` }));

/** Outbound webhooks (SPEC §12; docs/adr/0023): platform administrators only. */
export function webhookRoutes(app: Http, ctx: AppContext): void {
  const policy = (): subs.UrlPolicy => ({ allow: parseAllowlist(ctx.config.webhookAllowedHosts) });
  const box = () => webhookSecretBox(ctx.config);

  app.get('/api/v1/webhooks/event-types', {
    schema: { tags, summary: 'The event types a subscription may ask for', response: { 200: Type.Object({ items: Type.Array(EventTypeSchema) }) } },
  }, async (request) => {
    requireAdmin(request);
    return { items: [...EVENT_TYPES] };
  });

  app.get('/api/v1/webhooks', {
    schema: { tags, summary: 'Webhook subscriptions', querystring: Type.Object(PageQuery), response: { 200: Page(SubscriptionSchema) } },
  }, async (request) => {
    requireAdmin(request);
    const { items, total } = await subs.listSubscriptions(ctx.db, ctx.clock, request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/webhooks', {
    schema: {
      tags, summary: 'Subscribe a URL to events; the secret that signs them is in the answer, once',
      body: Type.Object({
        url: Type.String({ minLength: 1, maxLength: 2000 }),
        eventTypes: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 }),
        description: Type.Optional(Type.String({ maxLength: 2000 })),
        secret: secretField,
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 201: CreatedSchema },
    },
  }, async (request, reply) => {
    const user = requireAdmin(request);
    const created = await ctx.db.tx((sql) => subs.createSubscription(sql, ctx.clock, box(), policy(), user.id, request.body));
    reply.status(201).header('cache-control', 'no-store');
    return created;
  });

  app.get('/api/v1/webhooks/:id', {
    schema: { tags, summary: 'One webhook subscription', params: IdParams, response: { 200: SubscriptionSchema } },
  }, async (request) => {
    requireAdmin(request);
    return subs.getSubscription(ctx.db, ctx.clock, parseId(request.params.id, 'webhook subscription id'));
  });

  app.patch('/api/v1/webhooks/:id', {
    schema: {
      tags, summary: 'Change a subscription: its URL, event types, description, or enable/disable it',
      params: IdParams,
      body: Type.Object({
        url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
        eventTypes: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 })),
        description: Type.Optional(Type.String({ maxLength: 2000 })),
        enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: SubscriptionSchema },
    },
  }, async (request) => {
    const user = requireAdmin(request);
    const id = parseId(request.params.id, 'webhook subscription id');
    return ctx.db.tx((sql) => subs.updateSubscription(sql, ctx.clock, policy(), user.id, id, request.body));
  });

  app.post('/api/v1/webhooks/:id/secret', {
    schema: {
      tags, summary: 'Rotate the secret: the new one is in the answer, once; the previous one also signs for the grace period',
      params: IdParams,
      body: Type.Object({
        secret: secretField,
        graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 90, description: 'How long the previous secret still signs; WEBHOOK_ROTATION_GRACE_HOURS by default' })),
      }, { additionalProperties: false }),
      response: { 201: CreatedSchema },
    },
  }, async (request, reply) => {
    const user = requireAdmin(request);
    const id = parseId(request.params.id, 'webhook subscription id');
    const rotated = await ctx.db.tx((sql) => subs.rotateSecret(sql, ctx.clock, box(), user.id, id,
      { secret: request.body.secret, graceHours: request.body.graceHours ?? ctx.config.webhookRotationGraceHours }));
    reply.status(201).header('cache-control', 'no-store');
    return rotated;
  });

  app.post('/api/v1/webhooks/:id/test', {
    schema: {
      tags, summary: 'Queue a webhook.test event to this subscription (sent within a second or so)',
      params: IdParams, response: { 202: Type.Object({ deliveryId: Type.Integer() }) },
    },
  }, async (request, reply) => {
    const user = requireAdmin(request);
    const id = parseId(request.params.id, 'webhook subscription id');
    const deliveryId = await ctx.db.tx((sql) => subs.sendTestEvent(sql, ctx.clock, user.id, id));
    reply.status(202);
    return { deliveryId };
  });

  app.get('/api/v1/webhooks/:id/deliveries', {
    schema: {
      tags, summary: 'A subscription’s deliveries, newest first',
      params: IdParams,
      querystring: Type.Object({ ...PageQuery, status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])) }),
      response: { 200: Page(DeliverySchema) },
    },
  }, async (request) => {
    requireAdmin(request);
    const id = parseId(request.params.id, 'webhook subscription id');
    const { items, total } = await subs.listDeliveries(ctx.db, ctx.clock, id, request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/webhooks/:id/deliveries/:deliveryId/redeliver', {
    schema: {
      tags, summary: 'Send a failed (or delivered) delivery again, with the same webhook id and a fresh retry window',
      params: Type.Object({ id: Type.String(), deliveryId: Type.String() }), response: { 202: Type.Object({ deliveryId: Type.Integer() }) },
    },
  }, async (request, reply) => {
    const user = requireAdmin(request);
    const id = parseId(request.params.id, 'webhook subscription id');
    const deliveryId = parseId(request.params.deliveryId, 'delivery id');
    await ctx.db.tx((sql) => subs.redeliver(sql, ctx.clock, user.id, id, deliveryId));
    reply.status(202);
    return { deliveryId };
  });
}
