import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { formatEntityId, parseEntityId, parseId } from '../infra/ids.js';
import { notFound } from '../infra/problem.js';
import { canSee } from '../entities/access.js';
import { requireSecurity, requireUser } from '../identity/caller.js';
import { bypassRequestMessages as m } from './bypassrequest.messages.js';
import { decideRequest, fileRequest, SELECT, withdrawRequest, type RequestRow } from './bypassrequests.js';

/**
 * Large data download requests (SPEC §10): a user asks for a bypass window; a security engineer approves or
 * declines. The use cases are in bypassrequests.ts.
 */
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['egress'];
const State = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('declined'), Type.Literal('withdrawn')]);
const Bytes = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Bytes' });
export const MAX_JUSTIFICATION = 4000;

const RequestSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  username: Type.String(),
  projectId: nullable(Type.String()),
  bytes: Type.Integer(),
  from: nullable(date),
  until: nullable(date),
  justification: Type.String(),
  state: State,
  createdAt: date,
  decidedBy: nullable(Type.Integer()),
  decidedAt: nullable(date),
  decisionReason: nullable(Type.String()),
  bypassWindowId: nullable(Type.Integer()),
  window: nullable(Type.Object({ from: date, until: date, capBytes: Type.Integer(), revokedAt: nullable(date) }, { description: 'The bypass window the approval granted' })),
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const n = (v: number | string | null) => (v === null ? null : Number(v));
const view = (r: RequestRow) => ({
  id: Number(r.id), userId: Number(r.user_id), username: r.username,
  projectId: r.project_id === null ? null : formatEntityId(Number(r.project_id)), bytes: Number(r.requested_bytes),
  from: iso(r.wanted_from), until: iso(r.wanted_until), justification: r.justification, state: r.state, createdAt: iso(r.created_at)!,
  decidedBy: n(r.decided_by), decidedAt: iso(r.decided_at), decisionReason: r.decision_reason, bypassWindowId: n(r.bypass_window_id),
  window: r.bypass_window_id === null ? null
    : { from: iso(r.window_from)!, until: iso(r.window_until)!, capBytes: Number(r.window_cap), revokedAt: iso(r.window_revoked_at) },
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Large data download request id' }) });

export function egressBypassRequestRoutes(app: Http, ctx: AppContext): void {
  const load = async (id: number) => ctx.db.maybeOne<RequestRow>(`${SELECT} WHERE r.id = $1`, [id]);

  app.post('/api/v1/egress/bypass-requests', {
    schema: {
      tags, summary: 'Ask for a bypass window for a large transfer (any signed-in user, for themself); the security engineers are told',
      body: Type.Object({
        bytes: Bytes,
        projectId: Type.Optional(Type.String({ maxLength: 40, description: 'The project the data is from, e.g. syn123' })),
        from: Type.Optional(date), until: Type.Optional(date),
        justification: Type.String({ minLength: 1, maxLength: MAX_JUSTIFICATION }),
      }, { additionalProperties: false }),
      response: { 201: RequestSchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const b = request.body;
    const projectId = b.projectId === undefined ? null : parseEntityId(b.projectId);
    // A project the user cannot see is answered as one that does not exist: no probing of ids.
    if (projectId !== null && !(await canSee(ctx, user.id, projectId))) throw notFound(m.projectNotFound(formatEntityId(projectId)), 'PROJECT_NOT_FOUND');
    const id = await ctx.db.tx((sql) => fileRequest(sql, ctx.clock, ctx.config.publicUrl, {
      userId: user.id, username: user.username, bytes: b.bytes, projectId,
      from: b.from ? new Date(b.from) : null, until: b.until ? new Date(b.until) : null, justification: b.justification,
    }));
    reply.status(201);
    return view((await load(id))!);
  });

  app.get('/api/v1/egress/bypass-requests', {
    schema: {
      tags, summary: "Large data download requests, newest first: a user's own; every one for security engineers and admins",
      querystring: Type.Object({ ...PageQuery, state: Type.Optional(State), userId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }),
      response: { 200: Page(RequestSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const q = request.query;
    const engineer = user.isSecurity || user.isAdmin;
    const where: string[] = [];
    const args: unknown[] = [];
    // Others' requests are not there for a user: the filter is their own id whatever they ask.
    if (!engineer) where.push(`r.user_id = $${args.push(user.id)}`);
    else if (q.userId !== undefined) where.push(`r.user_id = $${args.push(q.userId)}`);
    if (q.state) where.push(`r.state = $${args.push(q.state)}`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM egress_bypass_requests r ${w}`, args);
    const rows = await ctx.db.query<RequestRow>(`${SELECT} ${w} ORDER BY r.created_at DESC, r.id DESC LIMIT $${args.push(q.limit ?? 50)} OFFSET $${args.push(q.offset ?? 0)}`, args);
    return pageOf(rows.map(view), total, q);
  });

  app.get('/api/v1/egress/bypass-requests/:id', {
    schema: { tags, summary: 'One large data download request: for the requester and security engineers; 404 for anyone else', params: IdParams, response: { 200: RequestSchema } },
  }, async (request) => {
    const user = requireUser(request);
    const id = parseId(request.params.id, 'request id');
    const row = await load(id);
    if (!row || (!user.isSecurity && !user.isAdmin && Number(row.user_id) !== user.id)) throw notFound(m.notFound(id), 'BYPASS_REQUEST_NOT_FOUND');
    return view(row);
  });

  app.post('/api/v1/egress/bypass-requests/:id/decision', {
    schema: {
      tags, summary: 'Approve (a bypass window is granted, cap = capBytes or the bytes asked for) or decline; the user is told (security engineers)',
      params: IdParams,
      body: Type.Object({
        decision: Type.Union([Type.Literal('approve'), Type.Literal('decline')]),
        reason: Type.String({ minLength: 1, maxLength: 2000 }),
        capBytes: Type.Optional(Bytes), from: Type.Optional(date), until: Type.Optional(date),
      }, { additionalProperties: false }),
      response: { 200: RequestSchema },
    },
  }, async (request) => {
    const eng = requireSecurity(request);
    const id = parseId(request.params.id, 'request id');
    const b = request.body;
    await ctx.db.tx((sql) => decideRequest(sql, ctx.clock, ctx.config.publicUrl, eng.id, id, {
      decision: b.decision, reason: b.reason, capBytes: b.capBytes, from: b.from ? new Date(b.from) : undefined, until: b.until ? new Date(b.until) : undefined,
    }));
    return view((await load(id))!);
  });

  app.post('/api/v1/egress/bypass-requests/:id/withdraw', {
    schema: { tags, summary: 'The requester withdraws a pending request', params: IdParams, response: { 200: RequestSchema } },
  }, async (request) => {
    const user = requireUser(request);
    const id = parseId(request.params.id, 'request id');
    await ctx.db.tx((sql) => withdrawRequest(sql, ctx.clock, user.id, id));
    return view((await load(id))!);
  });
}
