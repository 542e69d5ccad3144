import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { StoredBlob } from '../infra/blobs.js';
import { badRequest, notFound } from '../infra/problem.js';
import { actorFor, reviewerNotValidated, type RequestUser } from './access.js';
import { handle, mayReview, type Actor } from './machine.js';
import { requestMessages as msg } from './messages.js';
import { managedRequirement } from './forms.js';
import { attachmentJson, attachments, findRequest, type AttachmentView } from './store.js';
import { problemOf, snapshotOf } from './requests.js';
import { workingForm } from './views.js';
import { maySeeRemark } from './remarks.js';

/**
 * Files attached to a request (DUC, IRB approval, others): uploaded by the requestor while the request may be
 * edited, each to an attachment field; downloaded by the requestor, ACT and the AR's reviewers. A file stays
 * stored while any submission refers to it.
 */

export interface UploadedFile extends StoredBlob {
  fileName: string;
  contentType: string;
}

/** Refuses early (before bytes are stored) a caller who may not attach files to this request now. */
export async function assertMayAttach(ctx: AppContext, user: RequestUser, requestId: number): Promise<Actor> {
  const request = await findRequest(ctx.db, requestId);
  if (!request) throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  const actor = await actorFor(ctx, user, request.access_requirement_id, request.id);
  const outcome = handle(snapshotOf(request), actor, { type: 'SaveDraft' });
  if (!outcome.ok) {
    if (user.id !== request.requestor_id && !request.accessor_ids.includes(user.id) && !mayReview(actor)) {
      throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
    }
    throw problemOf(ctx, outcome.error);
  }
  return actor;
}

/** Adds the stored file to the request and to the answer of its field. */
export async function addAttachment(ctx: AppContext, user: RequestUser, requestId: number, fieldKey: string, file: UploadedFile): Promise<AttachmentView> {
  const actor = await assertMayAttach(ctx, user, requestId);
  return ctx.db.tx(async (sql) => {
    const request = (await findRequest(sql, requestId, { lock: true }))!;
    const outcome = handle(snapshotOf(request), actor, { type: 'SaveDraft' });
    if (!outcome.ok) throw problemOf(ctx, outcome.error);
    const ar = await managedRequirement(sql, request.access_requirement_id);
    const form = await workingForm(ctx, sql, ar, request);
    const field = form.fields.find((f) => f.key === fieldKey);
    if (!field || field.type !== 'attachment') throw badRequest('NOT_AN_ATTACHMENT_FIELD', msg.notAttachmentField(fieldKey));
    const now = ctx.clock.now();
    const blob = await sql.one<{ id: number }>(
      `INSERT INTO blobs (storage_key, size, md5, content_type, file_name, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [file.storageKey, file.size, file.md5, file.contentType, file.fileName, user.id, now],
    );
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO request_attachments (request_id, field_key, blob_id, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [requestId, fieldKey, blob.id, user.id, now],
    );
    const current = Array.isArray(request.answers[fieldKey]) ? (request.answers[fieldKey] as number[]) : [];
    await sql.query(
      `UPDATE data_access_requests SET answers = $2, form_version = $3, etag = $4, modified_at = $5 WHERE id = $1`,
      [requestId, JSON.stringify({ ...request.answers, [fieldKey]: [...current, Number(id)] }), form.version, randomUUID(), now],
    );
    return attachmentJson((await attachments(sql, 'ra.id = $1', [id]))[0]);
  });
}

/** Takes a file off the working copy (it stays stored for the submissions that name it). */
export async function removeAttachment(ctx: AppContext, user: RequestUser, requestId: number, attachmentId: number): Promise<void> {
  const actor = await assertMayAttach(ctx, user, requestId);
  await ctx.db.tx(async (sql) => {
    const request = (await findRequest(sql, requestId, { lock: true }))!;
    const outcome = handle(snapshotOf(request), actor, { type: 'SaveDraft' });
    if (!outcome.ok) throw problemOf(ctx, outcome.error);
    const [file] = await attachments(sql, 'ra.id = $1 AND ra.request_id = $2 AND ra.removed_at IS NULL AND ra.remark_id IS NULL', [attachmentId, requestId]);
    if (!file) throw notFound(msg.attachmentNotFound(attachmentId), 'ATTACHMENT_NOT_FOUND');
    const now = ctx.clock.now();
    await sql.query('UPDATE request_attachments SET removed_at = $2 WHERE id = $1', [attachmentId, now]);
    const answer = request.answers[file.field_key];
    const answers = Array.isArray(answer)
      ? { ...request.answers, [file.field_key]: (answer as number[]).filter((id) => id !== attachmentId) }
      : request.answers;
    await sql.query('UPDATE data_access_requests SET answers = $2, etag = $3, modified_at = $4 WHERE id = $1', [requestId, JSON.stringify(answers), randomUUID(), now]);
  });
}

/** An attachment's bytes for the requestor, ACT and the AR's reviewers; 404 for anyone else. */
/** The attachment a user may download, or a problem; the caller opens its bytes (whole or a range). */
export async function findAttachmentFile(ctx: AppContext, user: RequestUser, requestId: number, attachmentId: number): Promise<{ storageKey: string; fileName: string; contentType: string; size: number; md5: string }> {
  const request = await findRequest(ctx.db, requestId);
  const [file] = request ? await attachments(ctx.db, 'ra.id = $1 AND ra.request_id = $2', [attachmentId, requestId]) : [];
  if (!request || !file) throw notFound(msg.attachmentNotFound(attachmentId), 'ATTACHMENT_NOT_FOUND');
  const actor = await actorFor(ctx, user, request.access_requirement_id, request.id);
  if (user.id !== request.requestor_id && !mayReview(actor)) {
    if (actor.isDelegatedReviewer && !actor.isValidated) throw reviewerNotValidated(ctx);
    throw notFound(msg.attachmentNotFound(attachmentId), 'ATTACHMENT_NOT_FOUND');
  }
  // A file of a private remark is the reviewers' alone.
  if (file.remark_id !== null && !(await maySeeRemark(ctx.db, Number(file.remark_id), actor))) throw notFound(msg.attachmentNotFound(attachmentId), 'ATTACHMENT_NOT_FOUND');
  return { storageKey: file.storage_key, fileName: file.file_name, contentType: file.content_type, size: file.size, md5: file.md5 };
}
