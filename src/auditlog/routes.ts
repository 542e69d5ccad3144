import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { requireAdmin } from '../identity/caller.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { formatEntityId, parseEntityId } from '../infra/ids.js';
import { verifyLog } from './verify.js';

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

const DownloadSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: Type.Union([Type.Integer(), Type.Null()], { description: 'Null for an anonymous caller' }),
  userName: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.String({ description: 'The file, e.g. syn123' }),
  fileName: Type.Union([Type.String(), Type.Null()], { description: "The entity's name" }),
  version: Type.Union([Type.Integer(), Type.Null()]),
  bytes: Type.Integer({ description: 'Bytes that went out' }),
  md5: Type.Union([Type.String(), Type.Null()], { description: 'Of the version served; null when denied' }),
  projectId: Type.Union([Type.String(), Type.Null()]),
  client: Type.String({ description: 'The User-Agent' }),
  result: Type.Union([Type.Literal('served'), Type.Literal('denied'), Type.Literal('failed')]),
  rule: Type.Union([Type.String(), Type.Null()], { description: 'The rule that denied it' }),
  sealedSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'The downloads.sealed audit entry that sealed it; null until sealed' }),
});

const BrokenDownload = Type.Object({
  recordId: Type.Union([Type.Integer(), Type.Null()]),
  sealSeq: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.String(),
});

const VerificationSchema = Type.Object({
  ok: Type.Boolean({ description: 'The chain and the download records both hold' }),
  checked: Type.Integer({ description: 'Audit log entries verified' }),
  firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
  downloads: Type.Optional(Type.Object({
    ok: Type.Boolean(),
    checked: Type.Integer({ description: 'Sealed download records verified' }),
    batches: Type.Integer({ description: 'downloads.sealed entries checked' }),
    firstBroken: Type.Optional(BrokenDownload),
  }, { description: 'Absent when the chain is broken: its seals cannot be trusted then' })),
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

  app.get('/api/v1/audit-log/downloads', {
    schema: {
      tags: ['audit log'],
      summary: 'Download records, newest first (admins)',
      querystring: Type.Object({
        ...PageQuery,
        userId: Type.Optional(Type.Integer({ minimum: 1 })),
        entityId: Type.Optional(Type.String({ description: 'The file, e.g. syn123' })),
        from: Type.Optional(Type.String({ format: 'date-time', description: 'At or after' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'Before' })),
        result: Type.Optional(Type.Union([Type.Literal('served'), Type.Literal('denied'), Type.Literal('failed')])),
      }),
      response: { 200: Page(DownloadSchema) },
    },
  }, async (request) => {
    requireAdmin(request);
    const q = request.query;
    const where = `($1::bigint IS NULL OR d.user_id = $1) AND ($2::bigint IS NULL OR d.entity_id = $2)
      AND ($3::timestamptz IS NULL OR d.at >= $3) AND ($4::timestamptz IS NULL OR d.at < $4)
      AND ($5::text IS NULL OR d.result = $5)`;
    const params = [q.userId ?? null, q.entityId === undefined ? null : parseEntityId(q.entityId), q.from ?? null, q.to ?? null, q.result ?? null];
    const rows = await ctx.db.query<{
      id: number; at: Date; user_id: number | null; username: string | null; entity_id: number; name: string | null; version: number | null;
      bytes: number; md5: string | null; project_id: number | null; client: string; result: 'served' | 'denied' | 'failed'; rule: string | null; sealed_seq: number | null;
    }>(
      `SELECT d.id, d.at, d.user_id, u.username, d.entity_id, e.name, d.version, d.bytes, b.md5, d.project_id, d.client, d.result, d.rule, d.sealed_seq
       FROM download_records d LEFT JOIN users u ON u.id = d.user_id LEFT JOIN entities e ON e.id = d.entity_id
         LEFT JOIN blobs b ON b.id = d.blob_id
       WHERE ${where} ORDER BY d.id DESC LIMIT $6 OFFSET $7`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM download_records d WHERE ${where}`, params);
    return pageOf(rows.map((r) => ({
      id: Number(r.id), at: r.at.toISOString(), userId: r.user_id, userName: r.username, entityId: formatEntityId(Number(r.entity_id)),
      fileName: r.name, version: r.version, bytes: Number(r.bytes), md5: r.md5,
      projectId: r.project_id === null ? null : formatEntityId(Number(r.project_id)), client: r.client, result: r.result,
      rule: r.rule, sealedSeq: r.sealed_seq === null ? null : Number(r.sealed_seq),
    })), count, q);
  });

  app.post('/api/v1/audit-log/verify', {
    schema: {
      tags: ['audit log'],
      summary: 'Seal new download records, recompute the hash chain, check the download records; reports the first broken link (admins)',
      response: { 200: VerificationSchema },
    },
  }, async (request) => {
    requireAdmin(request);
    return verifyLog(ctx.db, ctx.clock);
  });
}
