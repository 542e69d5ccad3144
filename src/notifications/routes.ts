import { Type } from '@sinclair/typebox';
import client from 'prom-client';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { appendAudit } from '../auditlog/log.js';
import type { Http } from '../infra/http.js';
import { requireAdmin, requireUser } from '../identity/caller.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { conflict, notFound } from '../infra/problem.js';
import { kindText } from './kinds.js';

const OutboxItem = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  kind: Type.String({ description: 'What caused it, a code for programs, e.g. team.invited' }),
  kindText: Type.String({ description: 'The kind in words, for people' }),
  recipient: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  status: Type.String({ description: 'pending (waiting or being retried), sent, or failed (given up on; an admin can retry it)' }),
  failing: Type.Boolean({ description: 'Pending and its last attempt failed: being retried (lastError says why, nextAttemptAt when next)' }),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When a pending message is tried next' }),
  retryUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When a pending message stops being retried and is marked failed' }),
  failedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()], { description: 'The Message-ID of every attempt; set at the first' }),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const OutboxCounts = Type.Object({
  pending: Type.Integer({ description: 'Waiting: pending, not yet tried since it was written or retried by an admin' }),
  failing: Type.Integer({ description: 'Pending and its last attempt failed: being retried' }),
  failed: Type.Integer({ description: 'Given up on; an admin must retry them' }),
});

interface OutboxRow {
  id: number; channel: string; kind: string; recipient: string; subject: string; body: string; status: string; attempts: number;
  last_error: string | null; next_attempt_at: Date; retry_from: Date; failed_at: Date | null; message_id: string | null;
  created_at: Date; sent_at: Date | null;
}

const COLUMNS = `id, channel, kind, recipient, subject, body, status, attempts, last_error, next_attempt_at,
  coalesce(retry_from, created_at) AS retry_from, failed_at, message_id, created_at, sent_at`;

// Failing means that the last attempt failed: a delivery clears last_error, and so does an admin's retry, which
// starts the message afresh (the audit entry keeps the error it had).
const STATUS_FILTER: Record<string, string> = {
  pending: "status = 'pending'",
  waiting: "status = 'pending' AND last_error IS NULL",
  failing: "status = 'pending' AND last_error IS NOT NULL",
  sent: "status = 'sent'",
  failed: "status = 'failed'",
};

async function outboxCounts(sql: Sql): Promise<{ pending: number; failing: number; failed: number }> {
  return sql.one(
    `SELECT (SELECT count(*) FROM outbox WHERE ${STATUS_FILTER.waiting})::int AS pending,
            (SELECT count(*) FROM outbox WHERE ${STATUS_FILTER.failing})::int AS failing,
            (SELECT count(*) FROM outbox WHERE ${STATUS_FILTER.failed})::int AS failed`,
  );
}

const NotificationItem = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'What caused it, a code for programs, e.g. request.submitted' }),
  kindText: Type.String({ description: 'The kind in words, for people, e.g. "Data access request submitted"' }),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()], { description: 'Path inside the web app of what it is about' }),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export function outboxRoutes(app: Http, ctx: AppContext): void {
  const view = (r: OutboxRow) => {
    const pending = r.status === 'pending';
    return {
      id: Number(r.id), channel: r.channel, kind: r.kind, kindText: kindText(r.kind), recipient: r.recipient, subject: r.subject, body: r.body,
      status: r.status, failing: pending && r.last_error !== null, attempts: r.attempts, lastError: r.last_error,
      nextAttemptAt: pending ? r.next_attempt_at.toISOString() : null,
      retryUntil: pending ? new Date(r.retry_from.getTime() + ctx.config.emailRetryHours * 3_600_000).toISOString() : null,
      failedAt: r.failed_at?.toISOString() ?? null, messageId: r.message_id,
      createdAt: r.created_at.toISOString(), sentAt: r.sent_at?.toISOString() ?? null,
    };
  };

  // For alerts: a failed message is one nobody will receive unless an admin retries it.
  new client.Gauge({
    name: 'gatehouse_outbox_messages',
    help: 'Outbound messages not yet delivered: pending (not yet failed), failing (being retried), failed (given up on; an admin must retry)',
    labelNames: ['state'],
    registers: [app.metrics],
    async collect() {
      const counts = await outboxCounts(ctx.db);
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });

  app.get('/api/v1/outbox', {
    schema: {
      tags: ['notifications'],
      summary: 'Every outbound message, newest first, with its delivery state (admins)',
      querystring: Type.Object({
        ...PageQuery,
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('waiting'), Type.Literal('failing'), Type.Literal('sent'), Type.Literal('failed')], {
          description: 'pending: waiting or failing; waiting: not yet tried (since written or retried); failing: pending and its last attempt failed',
        })),
        recipient: Type.Optional(Type.String({ description: 'Part of the recipient address' })),
      }),
      response: { 200: Type.Intersect([Page(OutboxItem), Type.Object({ smtpConfigured: Type.Boolean(), counts: OutboxCounts, retryHours: Type.Integer() })]) },
    },
  }, async (request) => {
    requireAdmin(request);
    const q = request.query;
    const where = `(${q.status ? STATUS_FILTER[q.status] : 'true'}) AND ($1::text IS NULL OR recipient ILIKE '%' || $1 || '%')`;
    const params = [q.recipient ?? null];
    const rows = await ctx.db.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM outbox WHERE ${where} ORDER BY id DESC LIMIT $2 OFFSET $3`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM outbox WHERE ${where}`, params);
    return {
      ...pageOf(rows.map(view), count, q),
      smtpConfigured: ctx.config.smtpUrl !== null,
      counts: await outboxCounts(ctx.db),
      retryHours: ctx.config.emailRetryHours,
    };
  });

  // A retry makes the message due now and starts a new retry period, so that it is tried again for as long
  // as a new message would be. It waits like a new message until an attempt fails again: its last error is
  // cleared here and kept in the audit entry.
  const RETRY_SET = `status = 'pending', next_attempt_at = $1, retry_from = $1, failed_at = NULL, last_error = NULL`;

  app.post('/api/v1/outbox/:id/retry', {
    schema: {
      tags: ['notifications'],
      summary: 'Send a failed or pending message now, and retry it for a new period (admins; audited)',
      params: Type.Object({ id: Type.String() }),
      response: { 200: OutboxItem },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    const id = parseId(request.params.id, 'outbox message id');
    return ctx.db.tx(async (sql) => {
      const row = await sql.maybeOne<{ status: string; attempts: number; last_error: string | null }>(
        'SELECT status, attempts, last_error FROM outbox WHERE id = $1 FOR UPDATE', [id]);
      if (!row) throw notFound(`There is no outbox message ${id}.`, 'OUTBOX_MESSAGE_NOT_FOUND');
      if (row.status === 'sent') throw conflict('OUTBOX_MESSAGE_SENT', `Message ${id} was already delivered; it is not sent again.`);
      await sql.query(`UPDATE outbox SET ${RETRY_SET} WHERE id = $2`, [ctx.clock.now(), id]);
      await appendAudit(sql, ctx.clock, {
        actorId: admin.id, action: 'outbox.retried', targetType: 'outbox-message', targetId: id,
        details: { previousStatus: row.status, attempts: row.attempts, lastError: row.last_error },
      });
      return view((await sql.one<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id])));
    });
  });

  app.post('/api/v1/outbox/retry-failed', {
    schema: {
      tags: ['notifications'],
      summary: 'Send every failed message again, and retry them for a new period (admins; audited)',
      response: { 200: Type.Object({ retried: Type.Integer({ description: 'How many failed messages are due again' }) }) },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    return ctx.db.tx(async (sql) => {
      const rows = await sql.query<{ id: number }>(
        `UPDATE outbox SET ${RETRY_SET} WHERE status = 'failed' RETURNING id`, [ctx.clock.now()]);
      const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      if (ids.length > 0) {
        await appendAudit(sql, ctx.clock, {
          actorId: admin.id, action: 'outbox.retried-failed', targetType: 'outbox',
          details: { count: ids.length, ids: ids.slice(0, 1000) },
        });
      }
      return { retried: ids.length };
    });
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
       WHERE user_id = $1 AND ($2::boolean IS NOT TRUE OR read_at IS NULL) ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [user.id, q.unread ?? null, q.limit ?? 50, q.offset ?? 0],
    );
    const counts = await ctx.db.one<{ total: number; unread: number }>(
      `SELECT count(*) FILTER (WHERE $2::boolean IS NOT TRUE OR read_at IS NULL)::int AS total,
              count(*) FILTER (WHERE read_at IS NULL)::int AS unread FROM notifications WHERE user_id = $1`,
      [user.id, q.unread ?? null],
    );
    return {
      ...pageOf(rows.map((r) => ({ id: r.id, kind: r.kind, kindText: kindText(r.kind), title: r.title, body: r.body, link: r.link, createdAt: r.created_at.toISOString(), read: r.read_at !== null })), counts.total, q),
      unread: counts.unread,
    };
  });

  app.post('/api/v1/notifications/:id/read', {
    schema: {
      tags: ['notifications'],
      summary: 'Mark one of my notifications read (the web app does it when the notification is opened); marking it again changes nothing. 404 for another user\'s',
      params: Type.Object({ id: Type.String() }),
      response: { 204: Type.Null() },
    },
  }, async (request, reply) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const id = parseId(request.params.id, 'notification id');
    const rows = await ctx.db.query('UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id', [id, user.id, ctx.clock.now()]);
    if (rows.length === 0) throw notFound(`You have no notification ${id}.`, 'NOTIFICATION_NOT_FOUND');
    reply.status(204).send(null);
  });

  app.post('/api/v1/notifications/read-all', {
    schema: {
      tags: ['notifications'],
      summary: 'Mark every unread notification of mine read ("Mark all read"), on every page; returns how many were unread',
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: { 200: Type.Object({ marked: Type.Integer({ description: 'How many notifications were unread and are now read' }), unread: Type.Integer({ description: 'Unread now: 0' }) }) },
    },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const rows = await ctx.db.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL RETURNING id', [user.id, ctx.clock.now()]);
    return { marked: rows.length, unread: 0 };
  });
}
