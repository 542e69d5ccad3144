import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { appendAudit } from '../auditlog/log.js';
import type { GroupRole } from './rules.js';

/**
 * The only code that writes group_members. Every change lands in the audit log, in the same transaction, with
 * its cause, so that "why was this user in that group on that day" has an answer.
 *
 * Consistency: each write adds a row to the access change log (trigger of migrations/0030_groups.sql), and the
 * decision index applies it before the next decision on any process (docs/adr/0007): removing a user from an
 * authorization-domain group takes their access away on the very next request.
 */

/** Why a membership changed. */
export type MembershipCause =
  | 'group-created'
  | 'admin-added'
  | 'admin-removed'
  | 'role-changed'
  | 'left'
  | 'allowlist-sync'
  | 'account-linked'
  | 'account-unlinked'
  | 'allowlist-removed'
  | 'group-deleted';

export interface MembershipChange {
  groupId: number;
  groupName: string;
  memberId: number;
  memberType: 'user' | 'group';
  memberName: string;
  /** The user who made the change; null for the sync job. */
  actorId: number | null;
  cause: MembershipCause;
}

export async function insertMember(sql: Sql, clock: Clock, change: MembershipChange & { role: GroupRole; source: 'manual' | 'allowlist' }): Promise<void> {
  await sql.query(
    `INSERT INTO group_members (group_id, member_id, role, source, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [change.groupId, change.memberId, change.role, change.source, change.actorId, clock.now()],
  );
  await audit(sql, clock, 'group.member-added', change, { role: change.role, source: change.source });
  // A request for access is answered by the membership, whoever made it.
  await sql.query('DELETE FROM group_access_requests WHERE group_id = $1 AND user_id = $2', [change.groupId, change.memberId]);
}

export async function deleteMember(sql: Sql, clock: Clock, change: MembershipChange): Promise<void> {
  const removed = await sql.query<{ role: GroupRole; source: string }>(
    'DELETE FROM group_members WHERE group_id = $1 AND member_id = $2 RETURNING role, source',
    [change.groupId, change.memberId],
  );
  if (removed.length === 0) return;
  await audit(sql, clock, 'group.member-removed', change, { role: removed[0].role, source: removed[0].source });
}

export async function updateRole(sql: Sql, clock: Clock, change: MembershipChange & { from: GroupRole; to: GroupRole }): Promise<void> {
  await sql.query('UPDATE group_members SET role = $3 WHERE group_id = $1 AND member_id = $2', [change.groupId, change.memberId, change.to]);
  await audit(sql, clock, 'group.member-role-changed', change, { from: change.from, to: change.to });
}

async function audit(sql: Sql, clock: Clock, action: string, change: MembershipChange, extra: Record<string, unknown>): Promise<void> {
  await appendAudit(sql, clock, {
    actorId: change.actorId,
    action,
    targetType: 'group',
    targetId: change.groupId,
    details: {
      group: change.groupName,
      memberId: change.memberId,
      memberType: change.memberType,
      memberName: change.memberName,
      cause: change.cause,
      ...extra,
    },
  });
}
