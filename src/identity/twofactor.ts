import { randomInt } from 'node:crypto';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { badRequest, conflict } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { secretHash } from './secrets.js';
import { recordTierHistory } from './tiers.js';
import { acceptTotp, checkTotp, newTotpSecret, TOTP_REUSED_MESSAGE } from './totp.js';

/**
 * Two-factor authentication with TOTP. Enrolment keeps the new secret in totp_pending_secret until the user
 * proves with a code that their app has it; only then does sign-in ask for codes. Recovery codes are stored
 * as secretHash(code in lower case), which is how sign-in checks them.
 */
export const RECOVERY_CODE_COUNT = 10;

// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A code like `k7m2-q9xa-4fbe` (60 bits). */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Replaces the user's recovery codes with a new set; returns the codes, which are not stored in clear. */
async function replaceRecoveryCodes(sql: Sql, userId: number): Promise<string[]> {
  await sql.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  for (const code of codes) {
    await sql.query('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [userId, secretHash(code.toLowerCase())]);
  }
  return [...codes];
}

interface TotpState {
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: Date | null;
}

const lockState = (sql: Sql, userId: number) =>
  sql.one<TotpState>('SELECT totp_secret, totp_pending_secret, totp_enabled_at FROM users WHERE id = $1 FOR UPDATE', [userId]);

/** Starts (or restarts) enrolment: a new secret waits for verification. */
export async function startEnrolment(sql: Sql, userId: number): Promise<string> {
  const state = await lockState(sql, userId);
  if (state.totp_enabled_at) {
    throw conflict('TWO_FACTOR_ENABLED', 'Two-factor authentication is on already. Turn it off first to enrol a new device.');
  }
  const secret = newTotpSecret();
  await sql.query('UPDATE users SET totp_pending_secret = $2 WHERE id = $1', [userId, secret]);
  return secret;
}

/** Turns 2FA on when the code matches the pending secret; returns the first recovery codes. */
export async function completeEnrolment(sql: Sql, clock: Clock, publicUrl: string, userId: number, code: string): Promise<string[]> {
  const state = await lockState(sql, userId);
  if (state.totp_enabled_at) throw conflict('TWO_FACTOR_ENABLED', 'Two-factor authentication is on already.');
  if (!state.totp_pending_secret) throw conflict('NO_ENROLMENT', 'Start enrolment first: it gives the secret to add to your authenticator app.');
  if (!(await checkTotp(state.totp_pending_secret, code.trim(), clock.now()))) {
    throw badRequest('INVALID_TOTP', 'That code is not valid. Check that your authenticator app shows Gatehouse, and enter its current code.');
  }
  // The enrolment code only proves that the app has the pending secret; the signed-in user gains nothing by
  // using it again, so it is not recorded as a used step (sign-in and 2FA changes are: acceptTotp).
  await sql.query('UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $2 WHERE id = $1', [userId, clock.now()]);
  const codes = await replaceRecoveryCodes(sql, userId);
  await recordTierHistory(sql, clock, { userId, tier: '2fa', granted: true, how: '2fa-enrolled', actorId: userId });
  await appendAudit(sql, clock, { actorId: userId, action: 'user.2fa-enabled', targetType: 'user', targetId: userId });
  await notifyUser(sql, clock, publicUrl, {
    kind: 'account.2fa-enabled', userId, link: '/profile',
    subject: 'Two-factor authentication is on',
    body: 'Two-factor authentication was turned on for your account. If this was not you, contact the platform administrators at once.',
  });
  return codes;
}

/**
 * Proves possession of the second factor: a current TOTP code, or an unused recovery code (which is used
 * up by this). Throws INVALID_CODE otherwise.
 */
async function proveSecondFactor(sql: Sql, clock: Clock, userId: number, code: string): Promise<TotpState> {
  const state = await lockState(sql, userId);
  if (!state.totp_enabled_at || !state.totp_secret) throw conflict('TWO_FACTOR_NOT_ENABLED', 'Two-factor authentication is not on.');
  const given = code.trim();
  let ok: boolean;
  if (/^\d{6}$/.test(given)) {
    const outcome = await acceptTotp(sql, userId, state.totp_secret, given, clock.now());
    if (outcome === 'reused') throw badRequest('TOTP_REUSED', TOTP_REUSED_MESSAGE);
    ok = outcome === 'ok';
  } else {
    ok = (await sql.query(
      'UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id',
      [userId, secretHash(given.toLowerCase()), clock.now()],
    )).length > 0;
  }
  if (!ok) throw badRequest('INVALID_CODE', 'That is neither the current code of your authenticator app nor an unused recovery code.');
  return state;
}

export async function disableTwoFactor(sql: Sql, clock: Clock, publicUrl: string, userId: number, code: string): Promise<void> {
  await proveSecondFactor(sql, clock, userId, code);
  await sql.query('UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL WHERE id = $1', [userId]);
  await sql.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  await recordTierHistory(sql, clock, { userId, tier: '2fa', granted: false, how: '2fa-removed', actorId: userId });
  await appendAudit(sql, clock, { actorId: userId, action: 'user.2fa-disabled', targetType: 'user', targetId: userId });
  await notifyUser(sql, clock, publicUrl, {
    kind: 'account.2fa-disabled', userId, link: '/profile',
    subject: 'Two-factor authentication is off',
    body: 'Two-factor authentication was turned off for your account. If this was not you, contact the platform administrators at once.',
  });
}

export async function regenerateRecoveryCodes(sql: Sql, clock: Clock, userId: number, code: string): Promise<string[]> {
  await proveSecondFactor(sql, clock, userId, code);
  const codes = await replaceRecoveryCodes(sql, userId);
  await appendAudit(sql, clock, { actorId: userId, action: 'user.2fa-recovery-codes-replaced', targetType: 'user', targetId: userId });
  return codes;
}
