import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseEntityId, parseId, formatEntityId } from '../infra/ids.js';
import { badRequest, notFound } from '../infra/problem.js';
import { requireSecurity, requireUser } from '../identity/caller.js';
import { appendAudit } from '../auditlog/log.js';
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

const BypassSchema = Type.Object({
  id: Type.Integer(), userId: Type.Integer(), from: date, until: date, capBytes: Type.Integer(), reason: Type.String(),
  grantedBy: nullable(Type.Integer()), grantedAt: date, revokedAt: nullable(date),
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

const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Egress incident id' }) });
const notYours = (id: number) => notFound(`There is no egress incident ${id}.`, 'EGRESS_INCIDENT_NOT_FOUND');

export function egressIncidentRoutes(app: Http, ctx: AppContext): void {
  const load = async (id: number) => (await ctx.db.maybeOne<Row>(`${SELECT} WHERE i.id = $1`, [id])) ?? null;

  app.get('/api/v1/egress/incidents', {
    schema: {
      tags, summary: 'Egress incidents, newest first (security engineers)',
      querystring: Type.Object({
        ...PageQuery, state: Type.Optional(State),
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
    const created = await ctx.db.tx(async (sql) => {
      const { policy } = await loadPolicy(sql);
      const from = b.from ? new Date(b.from) : ctx.clock.now();
      const until = b.until ? new Date(b.until) : new Date(from.getTime() + policy.defaultBypassDays * 86_400_000);
      if (until <= from) throw badRequest('VALIDATION_FAILED', 'until must be after from.');
      if (!(await sql.maybeOne('SELECT 1 FROM users WHERE id = $1', [b.userId]))) throw notFound(`There is no user ${b.userId}.`);
      const row = await sql.one<BypassRow>(
        `INSERT INTO egress_bypass_windows (user_id, from_at, until_at, cap_bytes, reason, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [b.userId, from, until, b.capBytes, b.reason.trim(), eng.id, ctx.clock.now()]);
      await appendAudit(sql, ctx.clock, { actorId: eng.id, action: 'egress.bypass-granted', targetType: 'user', targetId: b.userId, details: { windowId: Number(row.id), from, until, capBytes: b.capBytes, reason: b.reason } });
      return bypassView(row);
    });
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

interface BypassRow {
  id: number | string; user_id: number | string; from_at: Date | string; until_at: Date | string; cap_bytes: number | string; reason: string;
  granted_by: number | string | null; granted_at: Date | string; revoked_at: Date | string | null;
}
const bypassView = (r: BypassRow) => ({
  id: Number(r.id), userId: Number(r.user_id), from: iso(r.from_at)!, until: iso(r.until_at)!, capBytes: Number(r.cap_bytes), reason: r.reason,
  grantedBy: n(r.granted_by), grantedAt: iso(r.granted_at)!, revokedAt: iso(r.revoked_at),
});
