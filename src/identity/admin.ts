import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { ACT_TEAM, ADMIN_TEAM, GOVERNANCE_TEAM, SECURITY_TEAM } from '../infra/ids.js';
import { badRequest, conflict, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { recordTierHistory } from './tiers.js';

/** Administrative use cases, shared by the admin API and the command line. */

async function mustExist(sql: Sql, userId: number): Promise<{ status: string; username: string }> {
  const row = await sql.maybeOne<{ status: string; username: string }>('SELECT status, username FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (!row) throw notFound(`There is no user ${userId}.`);
  return row;
}

/**
 * Disables an account: every later call of the user, by session or token, is refused with "User is disabled."
 * Its personal access tokens are revoked for good here (docs/adr/0009): they keep answering USER_DISABLED while
 * the account is disabled, and TOKEN_REVOKED after it is enabled again. Sessions are kept until the account is
 * enabled again (and end then): deleting them here would turn that refusal into a bare "Sign in to continue."
 */
export async function disableUser(sql: Sql, clock: Clock, userId: number, actorId: number | null, reason: string): Promise<void> {
  if (!reason.trim()) throw badRequest('REASON_REQUIRED', 'Say why the account is disabled; the reason is recorded.');
  if (userId === actorId) throw conflict('CANNOT_DISABLE_SELF', 'You cannot disable your own account.');
  const user = await mustExist(sql, userId);
  if (user.status === 'disabled') throw conflict('ALREADY_DISABLED', `${user.username} is disabled already.`);
  const now = clock.now();
  await sql.query(`UPDATE users SET status = 'disabled', disabled_at = $2, disabled_by = $3, disabled_reason = $4 WHERE id = $1`,
    [userId, now, actorId, reason.trim()]);
  const tokens = await sql.query(
    `UPDATE access_tokens SET revoked_at = $2, revoked_reason = '${DISABLED_REVOKE_REASON}'
     WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING id`, [userId, now]);
  await recordTierHistory(sql, clock, { userId, tier: 'active', granted: false, how: 'account-disabled', actorId, reason: reason.trim() });
  await appendAudit(sql, clock, {
    actorId, action: 'user.disabled', targetType: 'user', targetId: userId, details: { reason: reason.trim(), tokensRevoked: tokens.length },
  });
}

/** Why a token was revoked when its account was disabled (access_tokens.revoked_reason). */
export const DISABLED_REVOKE_REASON = 'account-disabled';

export interface Reenabled {
  sessionsEnded: number;
  /** Tokens revoked when the account was disabled; they stay revoked. */
  tokensRevoked: number;
}

/** Enables a disabled account. What was signed in before stays out: sessions end, tokens stay revoked. */
export async function enableUser(sql: Sql, clock: Clock, userId: number, actorId: number | null, reason: string): Promise<Reenabled> {
  if (!reason.trim()) throw badRequest('REASON_REQUIRED', 'Say why the account is enabled again; the reason is recorded.');
  const user = await mustExist(sql, userId);
  if (user.status === 'active') throw conflict('ALREADY_ACTIVE', `${user.username} is active already.`);
  const disabledAt = (await sql.one<{ disabled_at: Date | null }>('SELECT disabled_at FROM users WHERE id = $1', [userId])).disabled_at;
  await sql.query(`UPDATE users SET status = 'active', disabled_at = NULL, disabled_by = NULL, disabled_reason = NULL WHERE id = $1`, [userId]);
  const sessions = await sql.query('DELETE FROM sessions WHERE user_id = $1 RETURNING user_id', [userId]);
  const { count } = await sql.one<{ count: number }>(
    `SELECT count(*)::int AS count FROM access_tokens WHERE user_id = $1 AND revoked_reason = '${DISABLED_REVOKE_REASON}' AND revoked_at >= $2`,
    [userId, disabledAt ?? new Date(0)]);
  const outcome = { sessionsEnded: sessions.length, tokensRevoked: count };
  await recordTierHistory(sql, clock, { userId, tier: 'active', granted: true, how: 'account-enabled', actorId, reason: reason.trim() });
  await appendAudit(sql, clock, { actorId, action: 'user.enabled', targetType: 'user', targetId: userId, details: { reason: reason.trim(), ...outcome } });
  return outcome;
}

/** Removes two-factor authentication, e.g. for a user who lost both device and recovery codes. */
export async function resetTwoFactor(sql: Sql, clock: Clock, userId: number, actorId: number | null): Promise<void> {
  await mustExist(sql, userId);
  const had = await sql.one<{ on: boolean }>('SELECT totp_enabled_at IS NOT NULL AS on FROM users WHERE id = $1', [userId]);
  if (had.on) await recordTierHistory(sql, clock, { userId, tier: '2fa', granted: false, how: '2fa-reset', actorId });
  await sql.query('UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL WHERE id = $1', [userId]);
  await sql.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  await appendAudit(sql, clock, { actorId, action: 'user.2fa-reset', targetType: 'user', targetId: userId });
}

export const ROLES = ['admin', 'act', 'security', 'governance'] as const;
export type Role = (typeof ROLES)[number];
const roleTeam: Record<Role, number> = { admin: ADMIN_TEAM, act: ACT_TEAM, security: SECURITY_TEAM, governance: GOVERNANCE_TEAM };

/**
 * Grants or removes a role: platform admin, ACT, Security Engineer or Director of Governance (members of those
 * teams are managers of them).
 */
export async function setRole(sql: Sql, clock: Clock, userId: number, role: Role, granted: boolean, actorId: number | null): Promise<void> {
  await mustExist(sql, userId);
  const team = roleTeam[role];
  if (granted) {
    await sql.query(`INSERT INTO team_members (team_id, user_id, is_manager, added_by, added_at) VALUES ($1, $2, true, $3, $4)
                     ON CONFLICT (team_id, user_id) DO NOTHING`, [team, userId, actorId, clock.now()]);
  } else {
    await sql.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [team, userId]);
  }
  await appendAudit(sql, clock, { actorId, action: granted ? `role.${role}-granted` : `role.${role}-revoked`, targetType: 'user', targetId: userId });
}
