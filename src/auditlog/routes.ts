import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { requireAdmin } from '../identity/caller.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { verifyAuditLog } from './log.js';

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
  hash: Type.String(),
});

export function auditLogRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/audit-log', {
    schema: {
      tags: ['audit log'],
      summary: 'The audit log, newest first (admins)',
      querystring: Type.Object({
        ...PageQuery,
        action: Type.Optional(Type.String({ description: 'Entries whose action starts with this, e.g. "team."' })),
        actorId: Type.Optional(Type.Integer()),
        targetType: Type.Optional(Type.String()),
        targetId: Type.Optional(Type.String()),
      }),
      response: { 200: Page(EntrySchema) },
    },
  }, async (request) => {
    requireAdmin(request);
    const q = request.query;
    const where = `($1::text IS NULL OR a.action LIKE $1 || '%') AND ($2::bigint IS NULL OR a.actor_id = $2)
      AND ($3::text IS NULL OR a.target_type = $3) AND ($4::text IS NULL OR a.target_id = $4)`;
    const params = [q.action ?? null, q.actorId ?? null, q.targetType ?? null, q.targetId ?? null];
    const rows = await ctx.db.query<{ seq: number; at: Date; actor_id: number | null; username: string | null; action: string; target_type: string | null; target_id: string | null; details: unknown; hash: string }>(
      `SELECT a.seq, a.at, a.actor_id, u.username, a.action, a.target_type, a.target_id, a.details, a.hash
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE ${where}
       ORDER BY a.seq DESC LIMIT $5 OFFSET $6`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM audit_log a WHERE ${where}`, params);
    return pageOf(rows.map((r) => ({
      seq: r.seq, at: r.at.toISOString(), actorId: r.actor_id, actorName: r.username, action: r.action,
      targetType: r.target_type, targetId: r.target_id, details: r.details, hash: r.hash,
    })), count, q);
  });

  app.post('/api/v1/audit-log/verify', {
    schema: {
      tags: ['audit log'],
      summary: 'Recompute the hash chain; reports the first broken link (admins)',
      response: { 200: Type.Object({
        ok: Type.Boolean(),
        checked: Type.Integer(),
        firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
      }) },
    },
  }, async (request) => {
    requireAdmin(request);
    return verifyAuditLog(ctx.db);
  });
}
