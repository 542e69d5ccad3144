import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { requireAdmin, requireUser } from '../identity/caller.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { notFound } from '../infra/problem.js';

const OutboxItem = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  kind: Type.String(),
  recipient: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const NotificationItem = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export function outboxRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/outbox', {
    schema: {
      tags: ['notifications'],
      summary: 'Every outbound message, newest first, with its delivery state (admins)',
      querystring: Type.Object({
        ...PageQuery,
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')])),
        recipient: Type.Optional(Type.String({ description: 'Part of the recipient address' })),
      }),
      response: { 200: Type.Intersect([Page(OutboxItem), Type.Object({ smtpConfigured: Type.Boolean() })]) },
    },
  }, async (request) => {
    requireAdmin(request);
    const q = request.query;
    const where = `($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR recipient ILIKE '%' || $2 || '%')`;
    const params = [q.status ?? null, q.recipient ?? null];
    const rows = await ctx.db.query<{ id: number; channel: string; kind: string; recipient: string; subject: string; body: string; status: string; attempts: number; last_error: string | null; created_at: Date; sent_at: Date | null }>(
      `SELECT id, channel, kind, recipient, subject, body, status, attempts, last_error, created_at, sent_at
       FROM outbox WHERE ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM outbox WHERE ${where}`, params);
    return {
      ...pageOf(rows.map((r) => ({
        id: r.id, channel: r.channel, kind: r.kind, recipient: r.recipient, subject: r.subject, body: r.body,
        status: r.status, attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at?.toISOString() ?? null,
      })), count, q),
      smtpConfigured: ctx.config.smtpUrl !== null,
    };
  });

  app.get('/api/v1/notifications', {
    schema: {
      tags: ['notifications'],
      summary: 'My in-app notifications, newest first',
      querystring: Type.Object({ ...PageQuery, unread: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Intersect([Page(NotificationItem), Type.Object({ unread: Type.Integer() })]) },
    },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const q = request.query;
    const rows = await ctx.db.query<{ id: number; kind: string; title: string; body: string; link: string | null; created_at: Date; read_at: Date | null }>(
      `SELECT id, kind, title, body, link, created_at, read_at FROM notifications
       WHERE user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL) ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [user.id, q.unread ?? null, q.limit ?? 50, q.offset ?? 0],
    );
    const counts = await ctx.db.one<{ total: number; unread: number }>(
      `SELECT count(*) FILTER (WHERE $2::boolean IS NOT TRUE OR read_at IS NULL)::int AS total,
              count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notifications WHERE user_id = $1`,
      [user.id, q.unread ?? null],
    );
    return {
      ...pageOf(rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString(), read: r.read_at !== null })), counts.total, q),
      unread: counts.unread,
    };
  });

  app.post('/api/v1/notifications/:id/read', {
    schema: { tags: ['notifications'], summary: 'Mark a notification read', params: Type.Object({ id: Type.String() }), response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const id = parseId(request.params.id, 'notification id');
    const rows = await ctx.db.query('UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id', [id, user.id, ctx.clock.now()]);
    if (rows.length === 0) throw notFound(`You have no notification ${id}.`);
    reply.status(204).send(null);
  });
}
