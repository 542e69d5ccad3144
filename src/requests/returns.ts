import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { actorFor, reviewerNotValidated, type RequestUser } from './access.js';
import { handle, viewRefusal } from './machine.js';
import { requestMessages as msg } from './messages.js';
import { links, renderNotice, sendNotice } from './notices.js';
import { insertRemark, remarkViews, type RemarkView } from './remarks.js';
import { decisionSnapshot, problemOf, snapshotOf } from './requests.js';
import { anyRequirement, findRequest, findSubmission } from './store.js';
import { submissionViews, type SubmissionView } from './views.js';

/**
 * Return for changes (issue 14): a reviewer sends a submitted version back to the requestor with a comment
 * saying what to fix. The request becomes RETURNED — not rejected: nothing is decided, the public listing and
 * the audit queries do not count it, and the requestor's email says so. The comment opens (or continues) the
 * request's thread as a visible remark, to which files may be attached; the requestor edits and resubmits, a
 * new version with its changed fields marked.
 */
export async function returnSubmission(ctx: AppContext, user: RequestUser, submissionId: number, comment: string): Promise<{ submission: SubmissionView; remark: RemarkView | null }> {
  const seen = await findSubmission(ctx.db, submissionId);
  const seenRequest = seen && (await findRequest(ctx.db, seen.request_id));
  if (!seen || !seenRequest) throw notFound(msg.submissionNotFound(submissionId), 'SUBMISSION_NOT_FOUND');
  const actor = await actorFor(ctx, user, seenRequest.access_requirement_id, seenRequest.id);
  const refusal = viewRefusal(snapshotOf(seenRequest), [...seenRequest.accessor_ids, ...seen.accessor_ids], actor);
  if (refusal === 'REVIEWER_NOT_VALIDATED') throw reviewerNotValidated(ctx);
  if (refusal) throw notFound(msg.submissionNotFound(submissionId), 'SUBMISSION_NOT_FOUND');
  return ctx.db.tx(async (sql) => {
    const request = (await findRequest(sql, seenRequest.id, { lock: true }))!;
    const outcome = handle(await decisionSnapshot(sql, request), actor, { type: 'Return', submissionId, comment });
    if (!outcome.ok) throw problemOf(ctx, outcome.error);
    let remark = null;
    for (const event of outcome.events) {
      if (event.type !== 'Returned') continue;
      const now = ctx.clock.now();
      await sql.query(
        `UPDATE request_submissions SET state = 'RETURNED', returned_by = $2, returned_at = $3, reason = $4, closed_at = $3 WHERE id = $1`,
        [submissionId, user.id, now, event.comment],
      );
      await sql.query('UPDATE data_access_requests SET state = $2, etag = $3, modified_at = $4 WHERE id = $1', [request.id, 'RETURNED', randomUUID(), now]);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'request.returned', targetType: 'data-access-request', targetId: request.id,
        details: { accessRequirementId: request.access_requirement_id, submissionId, comment: event.comment },
      });
      // The comment is the first word of the thread on this version; the returned email is its notice.
      remark = await insertRemark(ctx, sql, request, { kind: 'return', visibility: 'visible', replyTo: null, author: user, body: event.comment, notify: false });
      const ar = await anyRequirement(sql, request.access_requirement_id);
      const submission = (await findSubmission(sql, submissionId))!;
      const message = await renderNotice(sql, ctx, 'returned', { ar, request, submission, extra: { reason: event.comment, reviewerName: user.displayName } });
      await sendNotice(sql, ctx, 'returned', [request.requestor_id], message, links.request(request.id));
    }
    const [view] = await submissionViews(ctx, sql, [(await findSubmission(sql, submissionId))!], { withEmail: true });
    return { submission: view, remark: remark && (await remarkViews(sql, [remark]))[0] };
  });
}
