import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { Job } from '../jobs.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { arMessages as msg } from './messages.js';

/**
 * Expired approvals are revoked by a background job and their accessors told (SPEC §4). Decisions never wait for
 * it: an approval past its expiry already counts as unmet (docs/adr/0007, "time-dependent facts"). The job makes
 * the state say so, for lists, audits and the notice.
 *
 * Safe with several processes: each batch claims its rows with FOR UPDATE SKIP LOCKED and re-checks the state in
 * the UPDATE, so an approval is revoked, audited and notified exactly once.
 */

export interface ExpiredApproval {
  id: number;
  accessRequirementId: number;
  accessorId: number;
  expiresOn: Date;
}

/**
 * Other capabilities that must act in the same transaction when approvals expire (data access requests: the
 * request becomes EXPIRED and ACT is told, SPEC §8) add themselves here.
 */
export const approvalExpiryHooks: ((ctx: AppContext, sql: Sql, expired: readonly ExpiredApproval[]) => Promise<void>)[] = [];

const BATCH = 200;

/**
 * Revokes every approval expired at ctx.clock.now(); returns how many. Idempotent. Approvals granted through a
 * data access request are left to the requests' own expiry job, which also expires the request (SPEC §8).
 */
export async function revokeExpiredApprovals(ctx: AppContext): Promise<number> {
  let total = 0;
  for (;;) {
    const count = await ctx.db.tx(async (sql) => {
      const now = ctx.clock.now();
      const rows = await sql.query<{ id: number; access_requirement_id: number; accessor_id: number; expires_on: Date; name: string }>(
        `WITH due AS (
           SELECT id FROM approvals WHERE state = 'APPROVED' AND expires_on <= $1 AND source <> 'request'
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED
         )
         UPDATE approvals a SET state = 'REVOKED', revoked_reason = 'expired', modified_by = NULL, modified_at = $1
         FROM due, access_requirements ar
         WHERE a.id = due.id AND a.state = 'APPROVED' AND ar.id = a.access_requirement_id
         RETURNING a.id, a.access_requirement_id, a.accessor_id, a.expires_on, ar.name`,
        [now, BATCH],
      );
      rows.sort((x, y) => x.id - y.id);
      for (const r of rows) {
        await appendAudit(sql, ctx.clock, {
          actorId: null, action: 'access-approval.expired', targetType: 'access-approval', targetId: r.id,
          details: { accessRequirementId: r.access_requirement_id, accessorId: r.accessor_id, expiresOn: r.expires_on.toISOString() },
        });
        await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
          kind: 'access-approval.expired', userId: r.accessor_id, link: `/access-requirements/${r.access_requirement_id}`,
          ...msg.notices.expired(r.name),
        });
      }
      const expired = rows.map((r) => ({ id: r.id, accessRequirementId: r.access_requirement_id, accessorId: r.accessor_id, expiresOn: r.expires_on }));
      if (expired.length > 0) for (const hook of approvalExpiryHooks) await hook(ctx, sql, expired);
      return rows.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}

export const approvalExpiryJob: Job = {
  name: 'access-approvals.expire',
  everyMs: 60_000,
  run: async (ctx) => {
    const revoked = await revokeExpiredApprovals(ctx);
    if (revoked > 0) ctx.log.info({ revoked }, 'expired access approvals revoked');
  },
};
