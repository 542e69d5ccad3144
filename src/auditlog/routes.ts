import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { requireAdmin } from '../identity/caller.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { formatEntityId, parseEntityId } from '../infra/ids.js';
import { Problem } from '../infra/problem.js';
import { verifyLog } from './verify.js';

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  targetName: Type.Union([Type.String(), Type.Null()], { description: 'The username, entity, team, group or access requirement name of the target; null for other kinds or when gone' }),
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

const EntryFilters = {
  action: Type.Optional(Type.String({ maxLength: 200, description: 'Entries whose action starts with this, e.g. "team."' })),
  actorId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  targetType: Type.Optional(Type.String({ maxLength: 100 })),
  targetId: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'At or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Before' })),
};
type EntryQuery = { action?: string; actorId?: number; targetType?: string; targetId?: string; from?: string; to?: string };

function entryFilter(q: EntryQuery) {
  const where = `($1::text IS NULL OR a.action LIKE $1 || '%') AND ($2::bigint IS NULL OR a.actor_id = $2)
    AND ($3::text IS NULL OR a.target_type = $3) AND ($4::text IS NULL OR a.target_id = $4)
    AND ($5::timestamptz IS NULL OR a.at >= $5) AND ($6::timestamptz IS NULL OR a.at < $6)`;
  return { where, params: [q.action ?? null, q.actorId ?? null, q.targetType ?? null, q.targetId ?? null, q.from ?? null, q.to ?? null] };
}

/** The target's name, in the same query as the entries (ids of other kinds, or not numeric, name nothing). */
const TARGET_NAME = `(WITH t AS (SELECT CASE WHEN a.target_id ~ '^(syn)?[0-9]{1,15}$' THEN regexp_replace(a.target_id, '^syn', '')::bigint END AS id)
  SELECT CASE a.target_type
    WHEN 'user' THEN (SELECT x.username FROM users x, t WHERE x.id = t.id)
    WHEN 'entity' THEN (SELECT x.name FROM entities x, t WHERE x.id = t.id)
    WHEN 'team' THEN (SELECT x.name FROM teams x, t WHERE x.id = t.id)
    WHEN 'group' THEN (SELECT x.name FROM managed_groups x, t WHERE x.id = t.id)
    WHEN 'access-requirement' THEN (SELECT x.name FROM access_requirements x, t WHERE x.id = t.id)
  END)`;

/** The most entries one CSV export holds; narrow the filters for more. */
export const CSV_EXPORT_MAX = 100_000;

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditLogRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/audit-log/export.csv', {
    schema: {
      tags: ['audit log'],
      summary: `The audit log entries that match the filters, oldest first, as CSV (admins; at most ${CSV_EXPORT_MAX.toLocaleString('en')} entries, 413 AUDIT_EXPORT_TOO_LARGE beyond)`,
      querystring: Type.Object(EntryFilters),
      produces: ['text/csv'],
    },
  }, async (request, reply) => {
    requireAdmin(request);
    const { where, params } = entryFilter(request.query);
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM audit_log a WHERE ${where}`, params);
    if (count > CSV_EXPORT_MAX) {
      throw new Problem(413, 'AUDIT_EXPORT_TOO_LARGE', `${count.toLocaleString('en')} entries match; an export holds at most ${CSV_EXPORT_MAX.toLocaleString('en')}. Narrow the dates or the filters.`, { matching: count, max: CSV_EXPORT_MAX });
    }
    const rows = await ctx.db.query<{ seq: number; at: Date; actor_id: number | null; username: string | null; action: string; target_type: string | null; target_id: string | null; details: unknown; hash: string }>(
      `SELECT a.seq, a.at, a.actor_id, u.username, a.action, a.target_type, a.target_id, a.details, a.hash
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE ${where} ORDER BY a.seq`, params);
    const lines = ['seq,at,actor_id,actor,action,target_type,target_id,details,hash'];
    for (const r of rows) {
      lines.push([r.seq, r.at.toISOString(), r.actor_id, r.username, r.action, r.target_type, r.target_id, r.details, r.hash].map(csvField).join(','));
    }
    const stamp = ctx.clock.now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="gatehouse-audit-log-${stamp}.csv"`).header('cache-control', 'private, no-store');
    return `${lines.join('\r\n')}\r\n`;
  });


  app.get('/api/v1/audit-log', {
    schema: {
      tags: ['audit log'],
      summary: 'The audit log, newest first (admins)',
      querystring: Type.Object({
        ...PageQuery,
        ...EntryFilters,
      }),
      response: { 200: Page(EntrySchema) },
    },
  }, async (request) => {
    requireAdmin(request);
    const q = request.query;
    const { where, params } = entryFilter(q);
    const rows = await ctx.db.query<{ seq: number; at: Date; actor_id: number | null; username: string | null; action: string; target_type: string | null; target_id: string | null; target_name: string | null; details: unknown; hash: string }>(
      `SELECT a.seq, a.at, a.actor_id, u.username, a.action, a.target_type, a.target_id, ${TARGET_NAME} AS target_name, a.details, a.hash
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE ${where}
       ORDER BY a.seq DESC LIMIT $7 OFFSET $8`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM audit_log a WHERE ${where}`, params);
    return pageOf(rows.map((r) => ({
      seq: r.seq, at: r.at.toISOString(), actorId: r.actor_id, actorName: r.username, action: r.action,
      targetType: r.target_type, targetId: r.target_id, targetName: r.target_name, details: r.details, hash: r.hash,
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
