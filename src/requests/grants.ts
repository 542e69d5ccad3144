import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { appendAudit } from '../auditlog/log.js';
import { insertApproval } from '../accessrequirements/approvals.js';
import type { ArRow } from '../accessrequirements/store.js';
import { liveApprovals, type RequestApprovalRow } from './store.js';

/**
 * The approvals a request grants (SPEC §4, §8): one per accessor, created by the first approval and renewed in
 * place by the next, so an accessor never holds two from one request. Approvals are the access requirements
 * capability's rows (created through its insertApproval); request_approvals links them to the request.
 * Each function runs in the caller's transaction and writes an audit entry per approval.
 */

export interface GrantResult {
  granted: number[];
  renewed: number[];
  /** Approvals of accessors no longer on the request, revoked. */
  removed: RequestApprovalRow[];
}

export async function grantForSubmission(
  ctx: AppContext,
  sql: Sql,
  input: { ar: ArRow; requestId: number; requestorId: number; submissionId: number; accessorIds: readonly number[]; approverId: number | null; expiresOn: Date | null },
): Promise<GrantResult> {
  const now = ctx.clock.now();
  const live = await liveApprovals(sql, input.requestId, { lock: true });
  const byAccessor = new Map(live.map((l) => [l.accessor_id, l]));
  const result: GrantResult = { granted: [], renewed: [], removed: [] };
  for (const accessorId of input.accessorIds) {
    const standing = byAccessor.get(accessorId);
    if (standing) {
      await sql.query(
        `UPDATE approvals SET expires_on = $2, access_requirement_version = $3, modified_by = $4, modified_at = $5 WHERE id = $1`,
        [standing.approval_id, input.expiresOn, input.ar.version, input.approverId, now],
      );
      await sql.query('UPDATE request_approvals SET submission_id = $2 WHERE approval_id = $1', [standing.approval_id, input.submissionId]);
      await appendAudit(sql, ctx.clock, {
        actorId: input.approverId, action: 'access-approval.renewed', targetType: 'access-approval', targetId: standing.approval_id,
        details: { accessRequirementId: input.ar.id, accessorId, requestId: input.requestId, submissionId: input.submissionId, expiresOn: input.expiresOn?.toISOString() ?? null },
      });
      result.renewed.push(standing.approval_id);
    } else {
      const approvalId = await insertApproval(sql, ctx, input.ar, accessorId, input.requestorId, input.expiresOn, 'request', input.approverId);
      await sql.query(
        `INSERT INTO request_approvals (approval_id, request_id, accessor_id, granted_by_submission_id, submission_id, approved_by, approved_at)
         VALUES ($1, $2, $3, $4, $4, $5, $6)`,
        [approvalId, input.requestId, accessorId, input.submissionId, input.approverId, now],
      );
      await appendAudit(sql, ctx.clock, {
        actorId: input.approverId, action: 'access-approval.granted', targetType: 'access-approval', targetId: approvalId,
        details: { accessRequirementId: input.ar.id, accessRequirementVersion: input.ar.version, accessorId, requestId: input.requestId, submissionId: input.submissionId, expiresOn: input.expiresOn?.toISOString() ?? null },
      });
      result.granted.push(approvalId);
    }
  }
  const keep = new Set(input.accessorIds);
  const gone = live.filter((l) => !keep.has(l.accessor_id));
  await revokeApprovals(ctx, sql, gone, input.approverId, 'removed from the request');
  result.removed = gone;
  return result;
}

/**
 * Revokes approvals at once (they stop counting on the next decision, SPEC §1.3). `actorId` null = the system.
 * The state is re-checked in the UPDATE, so an approval already revoked is left alone and not audited twice.
 */
export async function revokeApprovals(ctx: AppContext, sql: Sql, rows: readonly RequestApprovalRow[], actorId: number | null, reason: string): Promise<number[]> {
  const revoked: number[] = [];
  for (const row of rows) {
    const done = await sql.query(
      `UPDATE approvals SET state = 'REVOKED', revoked_reason = $2, modified_by = $3, modified_at = $4 WHERE id = $1 AND state = 'APPROVED' RETURNING id`,
      [row.approval_id, reason, actorId, ctx.clock.now()],
    );
    if (done.length === 0) continue;
    await appendAudit(sql, ctx.clock, {
      actorId, action: reason === 'expired' ? 'access-approval.expired' : 'access-approval.revoked', targetType: 'access-approval', targetId: row.approval_id,
      details: { accessorId: row.accessor_id, requestId: row.request_id, submissionId: row.submission_id, reason },
    });
    revoked.push(row.approval_id);
  }
  return revoked;
}
