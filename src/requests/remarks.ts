import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { forbidden, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import type { RequestUser } from './access.js';
import type { UploadedFile } from './attachments.js';
import { handle, mayReview, type Actor, type RemarkVisibility } from './machine.js';
import { requestMessages as msg } from './messages.js';
import { links, renderNotice, sendNotice } from './notices.js';
import { problemOf, snapshotOf, visibleRequest } from './requests.js';
import {
  anyRequirement, attachmentJson, attachments, findRequest, findSubmission, reviewerIds, userBadges, type RequestRow,
} from './store.js';

/**
 * The thread of a request (issue 14): remarks of reviewers and ACT at any state — private (reviewers only) or
 * visible to the requestor — the comments of returns, and the requestor's answers to visible remarks, each with
 * attachments. Every remark is in the request's thread and the audit log; the other side is notified.
 */

export interface RemarkRow {
  id: number;
  request_id: number;
  submission_id: number | null;
  kind: 'remark' | 'return' | 'answer';
  visibility: RemarkVisibility;
  reply_to: number | null;
  author_id: number;
  body: string;
  created_at: Date;
}

const REMARK_COLUMNS = 'id, request_id, submission_id, kind, visibility, reply_to, author_id, body, created_at';
const remarkRow = (r: RemarkRow): RemarkRow => ({
  ...r, id: Number(r.id), request_id: Number(r.request_id), submission_id: r.submission_id === null ? null : Number(r.submission_id),
  reply_to: r.reply_to === null ? null : Number(r.reply_to), author_id: Number(r.author_id),
});


/** Private remarks are the reviewers' own: nobody else learns they exist. */
const seesPrivate = (actor: Actor) => mayReview(actor);

async function findRemark(sql: Sql, requestId: number, remarkId: number, actor: Actor): Promise<RemarkRow> {
  const row = await sql.maybeOne<RemarkRow>(`SELECT ${REMARK_COLUMNS} FROM request_remarks WHERE id = $1 AND request_id = $2`, [remarkId, requestId]);
  if (!row || (row.visibility === 'private' && !seesPrivate(actor))) throw notFound(msg.remarkNotFound(remarkId), 'REMARK_NOT_FOUND');
  return remarkRow(row);
}

export async function remarkViews(sql: Sql, rows: readonly RemarkRow[]) {
  if (rows.length === 0) return [];
  const badges = await userBadges(sql, rows.map((r) => r.author_id));
  const files = await attachments(sql, 'ra.remark_id = ANY ($1::bigint[])', [rows.map((r) => r.id)]);
  const versions = new Map<number, number>();
  for (const id of new Set(rows.flatMap((r) => (r.submission_id === null ? [] : [r.submission_id])))) {
    versions.set(id, (await findSubmission(sql, id))?.version ?? 0);
  }
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    submissionId: r.submission_id,
    version: r.submission_id === null ? null : versions.get(r.submission_id) ?? null,
    kind: r.kind,
    visibility: r.visibility,
    replyTo: r.reply_to,
    author: { id: r.author_id, username: badges.get(r.author_id)?.username ?? '', displayName: badges.get(r.author_id)?.displayName ?? '' },
    body: r.body,
    attachments: files.filter((f) => Number(f.remark_id) === r.id).map(attachmentJson),
    createdOn: r.created_at.toISOString(),
  }));
}
export type RemarkView = Awaited<ReturnType<typeof remarkViews>>[number];

/** The thread, oldest first: reviewers see every remark, the requestor and accessors the visible ones. */
export async function listRemarks(ctx: AppContext, user: RequestUser, requestId: number, page: { limit: number; offset: number }) {
  const { actor } = await visibleRequest(ctx, user, requestId);
  const where = `request_id = $1${seesPrivate(actor) ? '' : " AND visibility = 'visible'"}`;
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM request_remarks WHERE ${where}`, [requestId]);
  const rows = await ctx.db.query<RemarkRow>(`SELECT ${REMARK_COLUMNS} FROM request_remarks WHERE ${where} ORDER BY id LIMIT $2 OFFSET $3`, [requestId, page.limit, page.offset]);
  return { items: await remarkViews(ctx.db, rows.map(remarkRow)), total };
}

/**
 * Writes a remark in the caller's transaction (the machine has allowed it): the row, the audit entry, and the
 * notice to the other side — the requestor for a visible remark of a reviewer, the reviewers for an answer or a
 * private remark (never its author).
 */
export async function insertRemark(
  ctx: AppContext,
  sql: Sql,
  request: RequestRow,
  input: { kind: RemarkRow['kind']; visibility: RemarkVisibility; replyTo: number | null; author: RequestUser; body: string; notify: boolean },
): Promise<RemarkRow> {
  const row = remarkRow(await sql.one<RemarkRow>(
    `INSERT INTO request_remarks (request_id, submission_id, kind, visibility, reply_to, author_id, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${REMARK_COLUMNS}`,
    [request.id, request.current_submission_id, input.kind, input.visibility, input.replyTo, input.author.id, input.body, ctx.clock.now()],
  ));
  await appendAudit(sql, ctx.clock, {
    actorId: input.author.id, action: 'request.remark-added', targetType: 'data-access-request', targetId: request.id,
    details: { remarkId: row.id, kind: input.kind, visibility: input.visibility, replyTo: input.replyTo, submissionId: request.current_submission_id, body: input.body },
  });
  if (input.notify) {
    const toRequestor = input.kind !== 'answer' && input.visibility === 'visible';
    const recipients = toRequestor ? [request.requestor_id] : await reviewerIds(sql, request.access_requirement_id);
    const ar = await anyRequirement(sql, request.access_requirement_id);
    const submission = request.current_submission_id === null ? null : await findSubmission(sql, request.current_submission_id);
    const link = toRequestor || !submission ? links.request(request.id) : links.review(submission.id);
    const message = await renderNotice(sql, ctx, 'remark', {
      ar, request, submission,
      extra: { authorName: input.author.displayName, remark: input.body, remarkLink: `${ctx.config.publicUrl}${link}` },
    });
    await sendNotice(sql, ctx, 'remark', recipients.filter((id) => id !== input.author.id), message, link);
  }
  return row;
}

export interface RemarkInput {
  body: string;
  /** Private to reviewers or visible to the requestor; an answer of the requestor is visible. */
  visibility?: RemarkVisibility;
  /** The remark answered. */
  replyTo?: number;
}

export async function addRemark(ctx: AppContext, user: RequestUser, requestId: number, input: RemarkInput): Promise<RemarkView> {
  const { actor } = await visibleRequest(ctx, user, requestId);
  return ctx.db.tx(async (sql) => {
    const request = (await findRequest(sql, requestId, { lock: true }))!;
    const answered = input.replyTo === undefined ? null : await findRemark(sql, requestId, input.replyTo, actor);
    const visibility = input.visibility ?? (answered?.visibility ?? 'visible');
    const outcome = handle(snapshotOf(request), actor, { type: 'AddRemark', visibility, text: input.body, replyTo: answered && { visibility: answered.visibility } });
    if (!outcome.ok) throw problemOf(ctx, outcome.error);
    const reviewer = mayReview(actor);
    const row = await insertRemark(ctx, sql, request, {
      kind: !reviewer && answered ? 'answer' : 'remark', visibility, replyTo: answered?.id ?? null, author: user, body: input.body.trim(), notify: true,
    });
    // The thread moves the request's etag: whoever edits it sees that something was said.
    await sql.query('UPDATE data_access_requests SET etag = $2 WHERE id = $1', [requestId, randomUUID()]);
    return (await remarkViews(sql, [row]))[0];
  });
}

/** Refuses early (before bytes are stored) anyone but the remark's author attaching a file to it. */
export async function assertMayAttachToRemark(ctx: AppContext, user: RequestUser, requestId: number, remarkId: number): Promise<void> {
  const { actor } = await visibleRequest(ctx, user, requestId);
  const remark = await findRemark(ctx.db, requestId, remarkId, actor);
  if (remark.author_id !== user.id) throw forbidden('NOT_REMARK_AUTHOR', msg.remarkNotYours);
}

/** Attaches a stored file to a remark (its author); visible to whoever sees the remark. */
export async function attachToRemark(ctx: AppContext, user: RequestUser, requestId: number, remarkId: number, file: UploadedFile) {
  await assertMayAttachToRemark(ctx, user, requestId, remarkId);
  return ctx.db.tx(async (sql) => {
    const now = ctx.clock.now();
    const blob = await sql.one<{ id: number }>(
      `INSERT INTO blobs (storage_key, size, md5, content_type, file_name, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [file.storageKey, file.size, file.md5, file.contentType, file.fileName, user.id, now],
    );
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO request_attachments (request_id, field_key, blob_id, uploaded_by, uploaded_at, remark_id) VALUES ($1, 'remark', $2, $3, $4, $5) RETURNING id`,
      [requestId, blob.id, user.id, now, remarkId],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request.remark-attachment-added', targetType: 'data-access-request', targetId: requestId,
      details: { remarkId, attachmentId: Number(id), fileName: file.fileName, md5: file.md5 },
    });
    return attachmentJson((await attachments(sql, 'ra.id = $1', [id]))[0]);
  });
}

/** Whether the user may download a remark's file: whoever sees the remark. */
export async function maySeeRemark(sql: Sql, remarkId: number, actor: Actor): Promise<boolean> {
  const row = await sql.maybeOne<{ visibility: RemarkVisibility }>('SELECT visibility FROM request_remarks WHERE id = $1', [remarkId]);
  return !!row && (row.visibility === 'visible' || seesPrivate(actor));
}
