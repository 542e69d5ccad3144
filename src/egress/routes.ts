import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import client from 'prom-client';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseEntityId, parseId } from '../infra/ids.js';
import { Problem } from '../infra/problem.js';
import { requireSecurity } from '../identity/caller.js';
import { findUserId } from '../identity/users.js';
import { loadEgressKey, secretBox, type SecretBox } from './secretbox.js';
import * as sources from './sources.js';
import { ingestDelivery, type Delivery, type IngestMetrics } from './ingest.js';
import { EgressDeliveryBody } from './events.js';
import { listDeliveries, listEvents } from './records.js';
import { SIGNATURE_HEADER, SOURCE_HEADER } from './signature.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['egress'];

const SecretSchema = Type.Object({
  id: Type.Integer(),
  hint: Type.String({ description: 'The first characters of the secret' }),
  createdAt: date,
  retiredAt: nullable(date),
  active: Type.Boolean({ description: 'Verifies signatures now' }),
});
const SourceSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: date,
  createdBy: nullable(Type.Integer()),
  disabledAt: nullable(date),
  secrets: Type.Array(SecretSchema),
  activeSecrets: Type.Integer({ description: 'With none, every delivery is refused (fail closed)' }),
  lastDeliveryAt: nullable(date),
});
const CreatedSecretSchema = Type.Object({
  source: SourceSchema,
  secret: Type.String({ description: 'Shown once: Gatehouse keeps it encrypted and never shows it again' }),
  secretId: Type.Integer(),
});
const ResultSchema = Type.Object({
  index: Type.Integer({ description: 'Position in the batch (0 for a single event)' }),
  eventId: nullable(Type.String()),
  result: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('refused')]),
  id: Type.Optional(Type.Integer({ description: 'The stored event (accepted, duplicate)' })),
  attributed: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.String({ description: 'Why refused' })),
  detail: Type.Optional(Type.String()),
});
const IngestAnswer = Type.Object({
  deliveryId: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  refused: Type.Integer(),
  results: Type.Array(ResultSchema),
});
const EventSchema = Type.Object({
  id: Type.Integer(),
  sourceId: Type.Integer(),
  source: Type.String(),
  deliveryId: Type.Integer(),
  eventId: Type.String({ description: "The source's id for the event" }),
  attributed: Type.Boolean({ description: 'False: neither a known runtime nor a known user was named' }),
  attributedBy: Type.Union([Type.Literal('runtime'), Type.Literal('user'), Type.Literal('none')]),
  userId: nullable(Type.Integer()),
  username: nullable(Type.String()),
  runtimeId: nullable(Type.Integer()),
  projectId: nullable(Type.String()),
  claimed: Type.Object({ user: nullable(Type.String()), runtimeId: nullable(Type.String()), projectId: nullable(Type.String()) }, { description: 'As the source named them' }),
  bytes: Type.Integer(),
  windowStart: date,
  windowSeconds: Type.Integer(),
  observedAt: date,
  kind: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  receivedAt: date,
});
const DeliveryResult = Type.Union([Type.Literal('accepted'), Type.Literal('partial'), Type.Literal('refused')]);
const DeliverySchema = Type.Object({
  id: Type.Integer(),
  receivedAt: date,
  sourceName: nullable(Type.String({ description: 'As named in the Gatehouse-Source header' })),
  sourceId: nullable(Type.Integer({ description: 'Null when no source has that name' })),
  remoteAddress: nullable(Type.String()),
  result: DeliveryResult,
  reason: nullable(Type.String({ description: 'The code the delivery was refused with' })),
  detail: nullable(Type.String()),
  bodyBytes: Type.Integer(),
  body: Type.String({ description: 'The raw body as received, up to EGRESS_STORED_BODY_BYTES' }),
  bodyTruncated: Type.Boolean(),
  eventsAccepted: Type.Integer(),
  eventsDuplicate: Type.Integer(),
  eventsRefused: Type.Integer(),
  refusals: Type.Array(Type.Object({ index: Type.Integer(), eventId: nullable(Type.String()), code: Type.String(), detail: Type.String() })),
});

const IdParams = Type.Object({ id: Type.String({ description: 'Egress source id' }) });
const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

/** The raw body of an egress delivery, read by the parser of that route alone. */
interface RawBody {
  raw: Buffer;
  size: number;
  oversized: boolean;
}

/**
 * Egress (SPEC §10), first slice: sources and their secrets, signed ingestion of events, and what the security
 * engineer reads. Everything here is for security engineers and admins, except the ingestion, which a source
 * calls with its signature instead of a user's credentials.
 */
export function egressRoutes(app: Http, ctx: AppContext): void {
  // The key is read (or generated) when first needed, not when a command line tool builds the app.
  let box: SecretBox | null = null;
  const secrets = () => (box ??= secretBox(loadEgressKey(ctx.config.egressSecretKey, ctx.config.dataDir)));
  const metrics = ingestMetrics(app);

  app.get('/api/v1/egress/sources', {
    schema: { tags, summary: 'Egress sources (security engineers)', querystring: Type.Object(PageQuery), response: { 200: Page(SourceSchema) } },
  }, async (request) => {
    requireSecurity(request);
    const { items, total } = await sources.listSources(ctx.db, ctx.clock, request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/egress/sources', {
    schema: {
      tags, summary: 'Create an egress source (security engineers); its first secret is in the answer, once',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 63, description: 'Sent by the monitor in the Gatehouse-Source header' }),
        description: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: false }),
      response: { 201: CreatedSecretSchema },
    },
  }, async (request, reply) => {
    const user = requireSecurity(request);
    const created = await ctx.db.tx((sql) => sources.createSource(sql, ctx.clock, secrets(), user.id, request.body));
    reply.status(201).header('cache-control', 'no-store');
    return created;
  });

  app.get('/api/v1/egress/sources/:id', {
    schema: { tags, summary: 'One egress source with its secrets (not their values)', params: IdParams, response: { 200: SourceSchema } },
  }, async (request) => {
    requireSecurity(request);
    return sources.getSource(ctx.db, ctx.clock, parseId(request.params.id, 'egress source id'));
  });

  app.post('/api/v1/egress/sources/:id/secrets', {
    schema: {
      tags,
      summary: 'Rotate: add a secret (shown once); the active one keeps verifying for the grace period or until retired',
      params: IdParams,
      body: Type.Object({
        graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 90, description: 'How long the current secret keeps verifying; EGRESS_ROTATION_GRACE_HOURS by default' })),
      }, { additionalProperties: false }),
      response: { 201: CreatedSecretSchema },
    },
  }, async (request, reply) => {
    const user = requireSecurity(request);
    const id = parseId(request.params.id, 'egress source id');
    const created = await ctx.db.tx((sql) => sources.rotateSecret(sql, ctx.clock, secrets(), user.id, id, request.body.graceHours ?? ctx.config.egressRotationGraceHours));
    reply.status(201).header('cache-control', 'no-store');
    return created;
  });

  app.post('/api/v1/egress/sources/:id/secrets/:secretId/retire', {
    schema: {
      tags, summary: 'Retire a secret now; with no active secret left, every delivery of the source is refused',
      params: Type.Object({ id: Type.String(), secretId: Type.String() }), response: { 200: SourceSchema },
    },
  }, async (request) => {
    const user = requireSecurity(request);
    const id = parseId(request.params.id, 'egress source id');
    const secretId = parseId(request.params.secretId, 'secret id');
    return ctx.db.tx((sql) => sources.retireSecret(sql, ctx.clock, user.id, id, secretId));
  });

  for (const [verb, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    app.post(`/api/v1/egress/sources/:id/${verb}`, {
      schema: {
        tags, summary: verb === 'disable' ? 'Disable a source: its deliveries are refused (and stored)' : 'Enable a disabled source again',
        params: IdParams, body: ReasonBody, response: { 200: SourceSchema },
      },
    }, async (request) => {
      const user = requireSecurity(request);
      const id = parseId(request.params.id, 'egress source id');
      return ctx.db.tx((sql) => sources.setSourceStatus(sql, ctx.clock, user.id, id, status, request.body.reason ?? ''));
    });
  }

  app.get('/api/v1/egress/events', {
    schema: {
      tags, summary: 'Egress events received, newest first (security engineers)',
      querystring: Type.Object({
        ...PageQuery,
        user: Type.Optional(Type.String({ maxLength: 254, description: 'User id or username' })),
        project: Type.Optional(Type.String({ maxLength: 40, description: 'Project entity id' })),
        source: Type.Optional(Type.String({ maxLength: 63, description: 'Source name' })),
        attributed: Type.Optional(Type.Boolean({ description: 'false: only the unattributed events' })),
        from: Type.Optional(Type.String({ format: 'date-time', description: 'Observed at or after' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'Observed before' })),
      }),
      response: { 200: Page(EventSchema) },
    },
  }, async (request) => {
    requireSecurity(request);
    const q = request.query;
    const none = pageOf([], 0, q);
    let userId: number | undefined;
    if (q.user) {
      const found = /^\d{16,}$/.test(q.user) ? null : await findUserId(ctx.db, q.user);
      if (!found) return none;
      userId = found;
    }
    let sourceId: number | undefined;
    if (q.source) {
      const found = await ctx.db.maybeOne<{ id: number }>('SELECT id FROM egress_sources WHERE name = $1', [q.source.trim().toLowerCase()]);
      if (!found) return none;
      sourceId = found.id;
    }
    const { items, total } = await listEvents(ctx.db, {
      userId, sourceId, projectId: q.project ? parseEntityId(q.project) : undefined, attributed: q.attributed,
      from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    }, q);
    return pageOf(items, total, q);
  });

  app.get('/api/v1/egress/deliveries', {
    schema: {
      tags, summary: 'Deliveries received on the events endpoint, refused ones included, newest first (security engineers)',
      querystring: Type.Object({
        ...PageQuery,
        result: Type.Optional(DeliveryResult),
        sourceId: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
      response: { 200: Page(DeliverySchema) },
    },
  }, async (request) => {
    requireSecurity(request);
    const { items, total } = await listDeliveries(ctx.db, request.query, request.query);
    return pageOf(items, total, request.query);
  });

  app.get('/api/v1/egress/deliveries/floods', {
    schema: {
      tags, summary: 'Addresses that sent more refused deliveries in a minute than are stored: counted per address and minute, newest first (security engineers)',
      querystring: Type.Object({ ...PageQuery }),
      response: {
        200: Page(Type.Object({
          remoteAddress: Type.String(), minute: Type.String({ format: 'date-time' }), deliveries: Type.Integer({ description: 'Refused deliveries counted, not stored' }),
          sourceName: Type.Union([Type.String(), Type.Null()]), lastReason: Type.String(),
          firstAt: Type.String({ format: 'date-time' }), lastAt: Type.String({ format: 'date-time' }),
        })),
      },
    },
  }, async (request) => {
    requireSecurity(request);
    const rows = await ctx.db.query<{ remote_address: string; minute: Date; deliveries: number; source_name: string | null; last_reason: string; first_at: Date; last_at: Date }>(
      'SELECT * FROM egress_refused_floods ORDER BY minute DESC, remote_address LIMIT $1 OFFSET $2', [request.query.limit ?? 50, request.query.offset ?? 0]);
    const { n } = await ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM egress_refused_floods');
    return pageOf(rows.map((r) => ({
      remoteAddress: r.remote_address, minute: new Date(r.minute).toISOString(), deliveries: r.deliveries, sourceName: r.source_name,
      lastReason: r.last_reason, firstAt: new Date(r.first_at).toISOString(), lastAt: new Date(r.last_at).toISOString(),
    })), n, request.query);
  });

  // The raw body is read only inside this scope: the signature is over the exact bytes sent. Everywhere else
  // the app keeps its JSON parser.
  app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypeBoxTypeProvider>();
    const limit = ctx.config.egressBodyLimitBytes;
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', (request, payload, done) => {
      // Declared too large: refused without reading a byte (and stored with what was declared).
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        done(null, { raw: Buffer.alloc(0), size: declared, oversized: true } satisfies RawBody);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let finished = false;
      payload.on('data', (chunk: Buffer) => {
        if (finished) return;
        size += chunk.length;
        chunks.push(chunk);
        if (size > limit) {
          finished = true;
          done(null, { raw: Buffer.concat(chunks), size, oversized: true } satisfies RawBody);
        }
      });
      payload.on('end', () => {
        if (!finished) done(null, { raw: Buffer.concat(chunks), size, oversized: false } satisfies RawBody);
      });
      payload.on('error', (err) => {
        if (!finished) done(err, undefined);
      });
    });
    // An error before the handler (a charset refused, the connection cut) is still a delivery: stored, then answered.
    scoped.setErrorHandler(async (error, request) => {
      const problem = error instanceof Problem ? error : new Problem(400, (error as { code?: string }).code ?? 'BAD_REQUEST', (error as Error).message);
      if (problem.status >= 500) throw error;
      const stored = await ingestDelivery(ctx, secrets(), metrics, { ...deliveryOf(request, { raw: Buffer.alloc(0), size: 0, oversized: false }), preRefused: problem });
      throw stored.problem ?? problem;
    });

    scoped.post('/api/v1/egress/events', {
      schema: {
        tags,
        summary: 'Receive egress events from a registered source (signed; one event or a batch of up to 500)',
        description: 'Headers: Gatehouse-Source: <source name>; Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> '
          + '(several v1 while a secret is rotated). A timestamp more than 5 minutes off is refused; a replayed eventId is answered as a '
          + 'duplicate. Every delivery is stored, refused ones too (GET /api/v1/egress/deliveries). A batch answers per event.',
        security: [],
        headers: Type.Object({
          'gatehouse-source': Type.Optional(Type.String({ description: 'The source name' })),
          'gatehouse-signature': Type.Optional(Type.String({ description: 't=<unix seconds>,v1=<hex>' })),
        }),
        body: EgressDeliveryBody,
        response: { 200: IngestAnswer },
      },
      // The body is checked by the use case, after the signature, event by event: a schema error must be stored too.
      validatorCompiler: () => () => true,
    }, async (request, reply) => {
      const outcome = await ingestDelivery(ctx, secrets(), metrics, deliveryOf(request, request.body as unknown as RawBody | undefined));
      if (outcome.problem) {
        // Answered here rather than thrown: the scope's error handler would store the delivery a second time.
        if (outcome.problem.status === 413) reply.header('connection', 'close');
        if (outcome.problem.status === 429) reply.header('retry-after', String(outcome.problem.extra?.retryAfterSeconds as number | undefined ?? 60));
        const plainReply = reply as unknown as FastifyReply;
        return plainReply.status(outcome.problem.status).type('application/problem+json').send(outcome.problem.toJSON(request.url.split('?')[0]));
      }
      return { deliveryId: outcome.deliveryId, accepted: outcome.accepted, duplicates: outcome.duplicates, refused: outcome.refused, results: outcome.results };
    });
  });
}

function deliveryOf(request: { headers: Record<string, string | string[] | undefined>; ip: string }, body: RawBody | undefined): Delivery {
  const header = (name: string) => {
    const v = request.headers[name];
    return typeof v === 'string' && v.trim() ? v.trim() : null;
  };
  const b = Buffer.isBuffer((body as RawBody | undefined)?.raw) ? body! : { raw: Buffer.alloc(0), size: 0, oversized: false };
  return { sourceName: header(SOURCE_HEADER)?.toLowerCase() ?? null, signature: header(SIGNATURE_HEADER), raw: b.raw, size: b.size, oversized: b.oversized, remoteAddress: request.ip };
}

function ingestMetrics(app: Http): IngestMetrics {
  const registers = [app.metrics];
  const accepted = new client.Counter({ name: 'gatehouse_egress_events_accepted_total', help: 'Egress events accepted and stored', registers });
  const duplicates = new client.Counter({ name: 'gatehouse_egress_events_duplicate_total', help: 'Egress events received again (replayed event id)', registers });
  const refused = new client.Counter({ name: 'gatehouse_egress_events_refused_total', help: 'Egress events refused, by reason', labelNames: ['reason'], registers });
  const deliveries = new client.Counter({ name: 'gatehouse_egress_deliveries_refused_total', help: 'Egress deliveries refused as a whole, by reason', labelNames: ['reason'], registers });
  return {
    eventAccepted: (n) => accepted.inc(n),
    eventDuplicate: (n) => duplicates.inc(n),
    eventRefused: (reason) => refused.inc({ reason }),
    deliveryRefused: (reason) => deliveries.inc({ reason }),
  };
}
