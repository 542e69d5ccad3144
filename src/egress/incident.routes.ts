import { Type, type TSchema } from '@sinclair/typebox';
import client from 'prom-client';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseEntityId, parseId, formatEntityId } from '../infra/ids.js';
import { badRequest, notFound } from '../infra/problem.js';
import { requireSecurity, requireUser } from '../identity/caller.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam, notifyUser } from '../notifications/outbox.js';
import { EGRESS_STOP_REASON } from './incidents.js';
import { BypassSchema, bypassView, grantBypassWindow, type BypassRow } from './bypasswindows.js';
import { listPolicyVersions, loadPolicy, savePolicy, SavePolicyBodySchema, StoredPolicySchema } from './policystore.js';
import { answerIncident, assessIncident, decideIncident, incidentQuestions } from './review.js';

/**
 * Egress incidents, bypass windows and the policy (SPEC §10): what the security engineer reads and decides, and
 * the questions the user answers. The escalation that opens incidents is in incidents.ts; answers, assessment and
 * decision are use cases in review.ts.
 */
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['egress'];
const STATES = ['open', 'awaiting-user', 'under-review', 'closed-false-positive', 'closed-remediated', 'closed-reinstated'] as const;
const State = Type.Union([
  Type.Literal('open'), Type.Literal('awaiting-user'), Type.Literal('under-review'),
  Type.Literal('closed-false-positive'), Type.Literal('closed-remediated'), Type.Literal('closed-reinstated'),
]);
const text = (max: number) => Type.String({ maxLength: max });

const AssessmentSchema = Type.Object({
  method: Type.Optional(text(2000)),
  amountBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  piiInvolved: Type.Optional(Type.Boolean()),
  maliciousIntentSuspected: Type.Optional(Type.Boolean()),
  rate: Type.Optional(text(200)),
  manualOrScripted: Type.Optional(Type.Union([Type.Literal('manual'), Type.Literal('scripted'), Type.Literal('unknown')])),
  ports: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 65535 }), { maxItems: 100 })),
  notes: Type.Optional(text(10_000)),
}, { additionalProperties: false });

const IncidentSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  username: Type.String(),
  projectId: nullable(Type.String()),
  runtimeIds: Type.Array(Type.Integer()),
  firstEventAt: date,
  lastEventAt: date,
  bytes: Type.Integer(),
  state: State,
  counting: Type.Union([Type.Literal('counted'), Type.Literal('bypassed')]),
  questions: Type.Array(Type.String(), { description: "The policy's questions, {time} filled in" }),
  answers: nullable(Type.Array(Type.Object({ question: Type.String(), answer: Type.String() }))),
  answeredAt: nullable(date),
  decision: nullable(Type.String()),
  decisionReason: nullable(Type.String()),
  decidedAt: nullable(date),
  // The engineer's only: absent for the user the incident concerns.
  actions: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
  assessment: Type.Optional(nullable(AssessmentSchema)),
  assessedBy: Type.Optional(nullable(Type.Integer())),
  assessedAt: Type.Optional(nullable(date)),
  decidedBy: Type.Optional(nullable(Type.Integer())),
  eventIds: Type.Optional(Type.Array(Type.Integer())),
});

interface Row {
  id: number | string; user_id: number | string; username: string; project_id: number | string | null; runtime_ids: (number | string)[];
  first_event_at: Date | string; last_event_at: Date | string; bytes: number | string; state: (typeof STATES)[number];
  counting: 'counted' | 'bypassed'; actions: Record<string, unknown>[]; answers: { question: string; answer: string }[] | null;
  answered_at: Date | string | null; assessment: Record<string, unknown> | null; assessed_by: number | string | null;
  assessed_at: Date | string | null; decision: string | null; decision_reason: string | null; decided_by: number | string | null;
  decided_at: Date | string | null; event_ids: (number | string)[] | null;
}
const SELECT = `SELECT i.*, u.username,
  (SELECT array_agg(event_id ORDER BY event_id) FROM egress_incident_events e WHERE e.incident_id = i.id) AS event_ids
  FROM egress_incidents i JOIN users u ON u.id = i.user_id`;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const n = (v: number | string | null) => (v === null ? null : Number(v));

function view(r: Row, questions: string[], engineer: boolean) {
  const base = {
    id: Number(r.id), userId: Number(r.user_id), username: r.username,
    projectId: r.project_id === null ? null : formatEntityId(Number(r.project_id)), runtimeIds: (r.runtime_ids ?? []).map(Number),
    firstEventAt: iso(r.first_event_at)!, lastEventAt: iso(r.last_event_at)!, bytes: Number(r.bytes), state: r.state, counting: r.counting,
    questions: incidentQuestions(questions, r.first_event_at), answers: r.answers, answeredAt: iso(r.answered_at),
    decision: r.decision, decisionReason: r.decision_reason, decidedAt: iso(r.decided_at),
  };
  if (!engineer) return base;
  return {
    ...base, actions: r.actions, assessment: r.assessment as never, assessedBy: n(r.assessed_by), assessedAt: iso(r.assessed_at),
    decidedBy: n(r.decided_by), eventIds: (r.event_ids ?? []).map(Number),
  };
}

const TimelineItem = Type.Object({
  source: Type.Union([Type.Literal('monitor'), Type.Literal('download')]),
  id: Type.Integer({ description: 'egress event id or egress download id' }),
  at: date,
  bytes: Type.Integer(),
  projectId: nullable(Type.String()),
  runtimeId: nullable(Type.Integer()),
  detail: Type.String({ description: "The event's kind and source, or the download's kind and state" }),
  state: nullable(Type.String({ description: 'Downloads: serving, served, failed or refused' })),
  inIncident: Type.Boolean(),
});
const IncidentContextSchema = Type.Object({
  timeline: Type.Array(TimelineItem, { description: "The incident's events and downloads, then the user's other downloads of the last 7 days, by time" }),
  runtimes: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), projectId: Type.String(), status: Type.String(), createdAt: date, stopReason: nullable(Type.String()) })),
  earlierIncidents: Type.Array(Type.Object({ id: Type.Integer(), state: State, firstEventAt: date, bytes: Type.Integer(), counting: Type.String() })),
  thresholds: Type.Object({
    monitor: Type.Array(Type.Object({ windowSeconds: Type.Integer(), bytes: Type.Integer() })),
    download: Type.Array(Type.Object({ windowSeconds: Type.Integer(), bytes: Type.Integer() })),
  }),
});

async function incidentContext(ctx: AppContext, row: Row) {
  const id = Number(row.id);
  const userId = Number(row.user_id);
  const since = new Date(ctx.clock.now().getTime() - 7 * 86_400_000);
  const events = await ctx.db.query<{ id: number | string; at: Date | string; bytes: number | string; project_id: number | string | null; runtime_id: number | string | null; kind: string; source: string }>(
    `SELECT e.id, e.observed_at AS at, e.bytes, e.project_id, e.runtime_id, e.kind, s.name AS source
     FROM egress_incident_events ie JOIN egress_events e ON e.id = ie.event_id JOIN egress_sources s ON s.id = e.source_id
     WHERE ie.incident_id = $1 ORDER BY e.observed_at LIMIT 500`, [id]);
  const downloads = await ctx.db.query<{ id: number | string; at: Date | string; bytes: number | string; project_id: number | string | null; runtime_id: number | string | null; kind: string; state: string; data_class: string; incident_id: number | string | null }>(
    `SELECT id, at, bytes, project_id, runtime_id, kind, state, data_class, incident_id FROM egress_downloads
     WHERE incident_id = $1 OR (user_id = $2 AND at >= $3) ORDER BY at DESC LIMIT 200`, [id, userId, since]);
  const runtimes = await ctx.db.query<{ id: number | string; name: string; project_id: number | string; status: string; created_at: Date | string; stop_reason: string | null }>(
    'SELECT id, name, project_id, status, created_at, stop_reason FROM runtimes WHERE user_id = $1 ORDER BY created_at DESC LIMIT 50', [userId]);
  const earlier = await ctx.db.query<{ id: number | string; state: (typeof STATES)[number]; first_event_at: Date | string; bytes: number | string; counting: string }>(
    'SELECT id, state, first_event_at, bytes, counting FROM egress_incidents WHERE user_id = $1 AND id <> $2 ORDER BY first_event_at DESC LIMIT 50', [userId, id]);
  const { policy } = await loadPolicy(ctx.db);
  const project = (v: number | string | null) => (v === null ? null : formatEntityId(Number(v)));
  const timeline = [
    ...events.map((e) => ({
      source: 'monitor' as const, id: Number(e.id), at: iso(e.at)!, bytes: Number(e.bytes), projectId: project(e.project_id), runtimeId: n(e.runtime_id),
      detail: `${e.kind} event from ${e.source}`, state: null, inIncident: true,
    })),
    ...downloads.map((d) => ({
      source: 'download' as const, id: Number(d.id), at: iso(d.at)!, bytes: Number(d.bytes), projectId: project(d.project_id), runtimeId: n(d.runtime_id),
      detail: `${d.kind === 'archive' ? 'download-list archive' : d.kind === 'range' ? 'byte range' : 'file'} download, ${d.data_class}`,
      state: d.state, inIncident: n(d.incident_id) === id,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
  return {
    timeline,
    runtimes: runtimes.map((r) => ({ id: Number(r.id), name: r.name, projectId: formatEntityId(Number(r.project_id)), status: r.status, createdAt: iso(r.created_at)!, stopReason: r.stop_reason })),
    earlierIncidents: earlier.map((e) => ({ id: Number(e.id), state: e.state, firstEventAt: iso(e.first_event_at)!, bytes: Number(e.bytes), counting: e.counting })),
    thresholds: policy.thresholds,
  };
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Egress incident id' }) });
const notYours = (id: number) => notFound(`There is no egress incident ${id}.`, 'EGRESS_INCIDENT_NOT_FOUND');

/**
 * What a security engineer watches, read from the database at each scrape so that every process reports the same
 * figures: incidents by state, users suspended or disabled by egress now, runtimes whose stop the orchestrator has
 * not acknowledged, and Gatehouse downloads refused by the policy.
 */
function egressGauges(app: Http, ctx: AppContext): void {
  const registers = [app.metrics];
  new client.Gauge({
    name: 'gatehouse_egress_incidents', help: 'Egress incidents by state', labelNames: ['state'], registers,
    async collect() {
      const rows = await ctx.db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM egress_incidents GROUP BY state');
      for (const state of STATES) this.set({ state }, rows.find((r) => r.state === state)?.n ?? 0);
    },
  });
  new client.Gauge({
    name: 'gatehouse_egress_users', help: 'Users suspended by egress now, and accounts egress disabled', labelNames: ['status'], registers,
    async collect() {
      const r = await ctx.db.one<{ suspended: number; disabled: number }>(
        `SELECT (SELECT count(*)::int FROM users WHERE egress_suspended_until > $1) AS suspended,
                (SELECT count(*)::int FROM users WHERE status = 'disabled' AND disabled_reason LIKE 'Egress incident%') AS disabled`,
        [ctx.clock.now()]);
      this.set({ status: 'suspended' }, r.suspended);
      this.set({ status: 'disabled' }, r.disabled);
    },
  });
  new client.Gauge({
    name: 'gatehouse_egress_runtime_stops_pending', help: 'Runtimes egress asked to stop that the orchestrator has not acknowledged (retried every 30 s)', registers,
    async collect() {
      this.set((await ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM runtimes WHERE status = 'stop_failed' AND stop_reason = $1`, [EGRESS_STOP_REASON])).n);
    },
  });
  new client.Gauge({
    name: 'gatehouse_egress_downloads_refused', help: 'Gatehouse downloads refused by the egress policy, by reason', labelNames: ['reason'], registers,
    async collect() {
      const rows = await ctx.db.query<{ refusal: string; n: number }>(`SELECT refusal, count(*)::int AS n FROM egress_downloads WHERE state = 'refused' GROUP BY refusal`);
      for (const reason of ['EGRESS_SUSPENDED', 'SUMMARY_DOWNLOAD_TOO_LARGE']) this.set({ reason }, rows.find((r) => r.refusal === reason)?.n ?? 0);
    },
  });
}

export function egressIncidentRoutes(app: Http, ctx: AppContext): void {
  egressGauges(app, ctx);
  const load = async (id: number) => (await ctx.db.maybeOne<Row>(`${SELECT} WHERE i.id = $1`, [id])) ?? null;

  app.get('/api/v1/egress/incidents', {
    schema: {
      tags, summary: 'Egress incidents, newest first (security engineers)',
      querystring: Type.Object({
        ...PageQuery, state: Type.Optional(State),
        open: Type.Optional(Type.Boolean({ description: 'true: only incidents not closed (open, awaiting-user, under-review); false: only closed ones' })),
        user: Type.Optional(Type.String({ maxLength: 254, description: 'User id or username' })),
        project: Type.Optional(Type.String({ maxLength: 40 })),
      }),
      response: { 200: Page(IncidentSchema) },
    },
  }, async (request) => {
    requireSecurity(request);
    const q = request.query;
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.state) where.push(`i.state = $${args.push(q.state)}`);
    if (q.open !== undefined) where.push(q.open ? `i.state NOT LIKE 'closed-%'` : `i.state LIKE 'closed-%'`);
    if (q.user) where.push(/^\d{1,15}$/.test(q.user) ? `i.user_id = $${args.push(Number(q.user))}` : `lower(u.username) = lower($${args.push(q.user)})`);
    if (q.project) where.push(`i.project_id = $${args.push(parseEntityId(q.project))}`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM egress_incidents i JOIN users u ON u.id = i.user_id ${w}`, args);
    const rows = await ctx.db.query<Row>(`${SELECT} ${w} ORDER BY i.first_event_at DESC, i.id DESC LIMIT $${args.push(q.limit ?? 50)} OFFSET $${args.push(q.offset ?? 0)}`, args);
    const { policy } = await loadPolicy(ctx.db);
    return pageOf(rows.map((r) => view(r, policy.questions, true)), total, q);
  });

  app.get('/api/v1/egress/incidents/:id', {
    schema: { tags, summary: 'One egress incident: for the engineer in full, for the user it concerns without the assessment', params: IdParams, response: { 200: IncidentSchema } },
  }, async (request) => {
    const user = requireUser(request);
    const id = parseId(request.params.id, 'egress incident id');
    const row = await load(id);
    const engineer = user.isSecurity || user.isAdmin;
    if (!row || (!engineer && Number(row.user_id) !== user.id)) throw notYours(id);
    return view(row, (await loadPolicy(ctx.db)).policy.questions, engineer);
  });

  app.get('/api/v1/egress/incidents/:id/context', {
    schema: {
      tags, summary: "What the engineer reads beside an incident: its monitor events and Gatehouse downloads, the user's downloads of the last 7 days, runtimes and earlier incidents (security engineers)",
      params: IdParams,
      response: { 200: IncidentContextSchema },
    },
  }, async (request) => {
    requireSecurity(request);
    const id = parseId(request.params.id, 'egress incident id');
    const row = await load(id);
    if (!row) throw notYours(id);
    return incidentContext(ctx, row);
  });

  app.post('/api/v1/egress/incidents/:id/answers', {
    schema: {
      tags, summary: "The user answers the incident's questions (late answers accepted); the engineers are told", params: IdParams,
      body: Type.Object({ answers: Type.Array(Type.String({ minLength: 1, maxLength: 10_000 }), { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
      response: { 200: IncidentSchema },
    },
  }, async (request) => {
    const user = requireUser(request);
    const id = parseId(request.params.id, 'egress incident id');
    await answerIncident(ctx, user, id, request.body.answers);
    return view((await load(id))!, (await loadPolicy(ctx.db)).policy.questions, false);
  });

  app.put('/api/v1/egress/incidents/:id/assessment', {
    schema: { tags, summary: "The engineer's assessment of an incident", params: IdParams, body: AssessmentSchema, response: { 200: IncidentSchema } },
  }, async (request) => {
    const eng = requireSecurity(request);
    const id = parseId(request.params.id, 'egress incident id');
    await assessIncident(ctx, eng, id, request.body);
    return view((await load(id))!, (await loadPolicy(ctx.db)).policy.questions, true);
  });

  app.post('/api/v1/egress/incidents/:id/decision', {
    schema: {
      tags, summary: 'Close an incident: false-positive (no longer counted), remediated, or reinstate (account enabled, suspension lifted)', params: IdParams,
      body: Type.Object({
        decision: Type.Union([Type.Literal('false-positive'), Type.Literal('remediated'), Type.Literal('reinstate')]),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
      }, { additionalProperties: false }),
      response: { 200: IncidentSchema },
    },
  }, async (request) => {
    const eng = requireSecurity(request);
    const id = parseId(request.params.id, 'egress incident id');
    await decideIncident(ctx, eng, id, request.body.decision, request.body.reason);
    return view((await load(id))!, (await loadPolicy(ctx.db)).policy.questions, true);
  });

  app.post('/api/v1/egress/bypass-windows', {
    schema: {
      tags, summary: "Grant a bypass window: the user's egress up to a cap is let through (security engineers)",
      body: Type.Object({
        userId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        from: Type.Optional(date), until: Type.Optional(date),
        capBytes: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
      }, { additionalProperties: false }),
      response: { 201: BypassSchema },
    },
  }, async (request, reply) => {
    const eng = requireSecurity(request);
    const b = request.body;
    const created = await ctx.db.tx(async (sql) => bypassView(await grantBypassWindow(sql, ctx.clock, eng.id, {
      userId: b.userId, from: b.from ? new Date(b.from) : undefined, until: b.until ? new Date(b.until) : undefined, capBytes: b.capBytes, reason: b.reason,
    })));
    reply.status(201);
    return created;
  });

  app.get('/api/v1/egress/bypass-windows', {
    schema: { tags, summary: 'Bypass windows, newest first (security engineers)', querystring: Type.Object({ ...PageQuery, userId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: Page(BypassSchema) } },
  }, async (request) => {
    requireSecurity(request);
    const q = request.query;
    const rows = await ctx.db.query<BypassRow>(
      `SELECT * FROM egress_bypass_windows WHERE ($1::bigint IS NULL OR user_id = $1) ORDER BY id DESC LIMIT $2 OFFSET $3`, [q.userId ?? null, q.limit ?? 50, q.offset ?? 0]);
    const { total } = await ctx.db.one<{ total: number }>('SELECT count(*)::int AS total FROM egress_bypass_windows WHERE ($1::bigint IS NULL OR user_id = $1)', [q.userId ?? null]);
    return pageOf(rows.map(bypassView), total, q);
  });

  app.delete('/api/v1/egress/bypass-windows/:id', {
    schema: { tags, summary: 'Revoke a bypass window now', params: Type.Object({ id: Type.String({ maxLength: 20 }) }), response: { 200: BypassSchema } },
  }, async (request) => {
    const eng = requireSecurity(request);
    const id = parseId(request.params.id, 'bypass window id');
    return ctx.db.tx(async (sql) => {
      const row = await sql.maybeOne<BypassRow>(
        'UPDATE egress_bypass_windows SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL RETURNING *', [id, ctx.clock.now(), eng.id]);
      if (!row) throw notFound(`There is no bypass window ${id} in force.`, 'BYPASS_WINDOW_NOT_FOUND');
      await appendAudit(sql, ctx.clock, { actorId: eng.id, action: 'egress.bypass-revoked', targetType: 'user', targetId: Number(row.user_id), details: { windowId: id } });
      return bypassView(row);
    });
  });

  app.get('/api/v1/egress/policy', {
    schema: { tags, summary: 'The egress policy in force (security engineers)', response: { 200: StoredPolicySchema } },
  }, async (request) => {
    requireSecurity(request);
    return loadPolicy(ctx.db);
  });

  app.put('/api/v1/egress/policy', {
    schema: { tags, summary: 'Save a new version of the egress policy; 409 EGRESS_POLICY_STALE when edited from an older version', body: SavePolicyBodySchema, response: { 200: StoredPolicySchema } },
    // validatePolicy says what is wrong in words, field by field.
    validatorCompiler: () => () => true,
  }, async (request) => {
    const eng = requireSecurity(request);
    const body = request.body as { policy?: unknown; expectedVersion?: unknown } | null;
    return ctx.db.tx((sql) => savePolicy(sql, ctx.clock, eng.id, body?.policy, Number(body?.expectedVersion)));
  });

  app.get('/api/v1/egress/policy/versions', {
    schema: { tags, summary: 'The versions of the egress policy, newest first', response: { 200: Type.Object({ items: Type.Array(StoredPolicySchema) }) } },
  }, async (request) => {
    requireSecurity(request);
    return { items: await listPolicyVersions(ctx.db) };
  });
}
