import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { Problem, unauthenticated } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { newSecret, secretHash } from './secrets.js';
import { acceptTotp, TOTP_REUSED_MESSAGE } from './totp.js';
import { SESSION_COOKIE } from './authenticate.js';

/** What every way of signing in shares (password, single sign-on): the second factor and the session. */

export interface SecondFactorUser {
  id: number;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
}

/**
 * Checks the second factor of a user who enrolled 2FA: a current TOTP code, or an unused recovery code (used up
 * here, in the caller's transaction). Returns which one was used, or 'none' for a user without 2FA.
 */
export async function checkSecondFactor(
  sql: Sql, user: SecondFactorUser, codes: { totp?: string; recoveryCode?: string }, now: Date,
): Promise<'none' | 'totp' | 'recovery-code'> {
  if (!user.totp_enabled_at || !user.totp_secret) return 'none';
  if (codes.recoveryCode) {
    const used = await sql.query(
      'UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id',
      [user.id, secretHash(codes.recoveryCode.trim().toLowerCase()), now],
    );
    if (used.length === 0) throw unauthenticated('That recovery code is not valid or was used already.', 'INVALID_RECOVERY_CODE');
    return 'recovery-code';
  }
  if (!codes.totp) throw new Problem(401, 'TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app.');
  const outcome = await acceptTotp(sql, user.id, user.totp_secret, codes.totp.trim(), now);
  if (outcome === 'reused') throw unauthenticated(TOTP_REUSED_MESSAGE, 'TOTP_REUSED');
  if (outcome === 'invalid') throw unauthenticated('That code is not valid. Check your authenticator app and try again.', 'INVALID_TOTP');
  return 'totp';
}

/** A second factor that was given and is wrong: it counts as a failed sign-in (signinlimits.ts). */
export const isWrongSecondFactor = (err: unknown): err is Problem =>
  err instanceof Problem && ['INVALID_TOTP', 'TOTP_REUSED', 'INVALID_RECOVERY_CODE'].includes(err.code);

export interface NewSession {
  secret: string;
  expires: Date;
}

/** A session row and its auth.signed-in audit entry, in the caller's transaction. */
export async function startSession(sql: Sql, ctx: AppContext, request: FastifyRequest, userId: number, details: Record<string, unknown>): Promise<NewSession> {
  const now = ctx.clock.now();
  const secret = newSecret();
  const expires = new Date(now.getTime() + ctx.config.sessionTtlHours * 3_600_000);
  await sql.query(
    'INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at, user_agent) VALUES ($1, $2, $3, $4, $3, $5)',
    [secretHash(secret), userId, now, expires, String(request.headers['user-agent'] ?? '').slice(0, 300)],
  );
  await appendAudit(sql, ctx.clock, { actorId: userId, action: 'auth.signed-in', targetType: 'user', targetId: userId, details });
  return { secret, expires };
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure behind https (docs/adr/0005). */
export function setSessionCookie(reply: FastifyReply, ctx: AppContext, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https://'), expires: session.expires,
  });
}
