import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { conflict, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { actorFor, type RequestUser } from './access.js';
import { ensureForm, managedRequirement } from './forms.js';
import { handle, viewRefusal } from './machine.js';
import { requestMessages as msg } from './messages.js';
import { problemOf, snapshotOf } from './requests.js';
import { attachments, findRequest, findRequestFor } from './store.js';
import { requestView, type RequestView } from './views.js';

/**
 * Copy as new and delete draft (issue 14). A requestor starts a new request from any of theirs — for the same
 * AR once the old one is revoked, or for another AR — with every answer and accessor copied and the files kept
 * (the new request's attachments name the same stored bytes). A draft never submitted may be deleted: it
 * leaves nothing behind but its audit entries.
 */

async function ownRequest(ctx: AppContext, user: RequestUser, requestId: number) {
  const request = await findRequest(ctx.db, requestId);
  if (!request) throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  const actor = await actorFor(ctx, user, request.access_requirement_id, request.id);
  if (viewRefusal(snapshotOf(request), request.accessor_ids, actor)) throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  return { request, actor };
}

export async function copyAsNew(ctx: AppContext, user: RequestUser, requestId: number, input: { accessRequirementId?: number } = {}): Promise<RequestView> {
  const { request: source, actor } = await ownRequest(ctx, user, requestId);
  const outcome = handle(snapshotOf(source), actor, { type: 'CopyAsNew' });
  if (!outcome.ok) throw problemOf(ctx, outcome.error);
  const arId = input.accessRequirementId ?? source.access_requirement_id;
  return ctx.db.tx(async (sql) => {
    const ar = await managedRequirement(sql, arId);
    const open = await findRequestFor(sql, arId, user.id);
    if (open && open.state !== 'REVOKED') throw conflict('REQUEST_EXISTS', msg.requestExists(open.id), { requestId: open.id });
    const form = await ensureForm(ctx, sql, ar);
    const now = ctx.clock.now();
    const inserted = await sql.maybeOne<{ id: number }>(
      `INSERT INTO data_access_requests (access_requirement_id, requestor_id, state, form_version, answers, accessor_ids, etag, created_at, modified_at)
       VALUES ($1, $2, 'DRAFT', $3, '{}', $4, $5, $6, $6) ON CONFLICT (access_requirement_id, requestor_id) WHERE state <> 'REVOKED' DO NOTHING RETURNING id`,
      [arId, user.id, form.version, source.accessor_ids, randomUUID(), now],
    );
    if (!inserted) {
      const raced = (await findRequestFor(sql, arId, user.id))!;
      throw conflict('REQUEST_EXISTS', msg.requestExists(raced.id), { requestId: raced.id });
    }
    const newId = Number(inserted.id);
    // The files of the working copy come along: new attachment rows over the same stored bytes.
    const files = await attachments(sql, 'ra.request_id = $1 AND ra.removed_at IS NULL AND ra.remark_id IS NULL', [source.id]);
    const renamed = new Map<number, number>();
    for (const f of files) {
      const { id } = await sql.one<{ id: number }>(
        'INSERT INTO request_attachments (request_id, field_key, blob_id, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [newId, f.field_key, f.blob_id, f.uploaded_by, f.uploaded_at],
      );
      renamed.set(f.id, Number(id));
    }
    const answers = Object.fromEntries(Object.entries(source.answers).map(([key, value]) => [
      key,
      Array.isArray(value) && files.some((f) => f.field_key === key) ? value.flatMap((id) => (renamed.has(Number(id)) ? [renamed.get(Number(id))!] : [])) : value,
    ]));
    await sql.query('UPDATE data_access_requests SET answers = $2 WHERE id = $1', [newId, JSON.stringify(answers)]);
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request.created', targetType: 'data-access-request', targetId: newId,
      details: { accessRequirementId: arId, formVersion: form.version, copiedFrom: source.id, attachments: [...renamed.values()] },
    });
    return requestView(ctx, sql, (await findRequest(sql, newId))!, user.id);
  });
}

/** The requestor deletes a draft never submitted, with its files and thread. */
export async function deleteDraft(ctx: AppContext, user: RequestUser, requestId: number): Promise<void> {
  const { actor } = await ownRequest(ctx, user, requestId);
  await ctx.db.tx(async (sql) => {
    const request = (await findRequest(sql, requestId, { lock: true }))!;
    const outcome = handle(snapshotOf(request), actor, { type: 'DeleteDraft' });
    if (!outcome.ok) throw problemOf(ctx, outcome.error);
    for (const event of outcome.events) {
      if (event.type !== 'DraftDeleted') continue;
      // The stored bytes stay: a copy of this draft may name them.
      await sql.query('DELETE FROM request_attachments WHERE request_id = $1', [requestId]);
      await sql.query('DELETE FROM request_remarks WHERE request_id = $1', [requestId]);
      await sql.query('DELETE FROM data_access_requests WHERE id = $1', [requestId]);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'request.deleted', targetType: 'data-access-request', targetId: requestId,
        details: { accessRequirementId: request.access_requirement_id, answers: request.answers, accessors: request.accessor_ids },
      });
    }
  });
}
