import type { Sql } from '../infra/db.js';
import { generate, generateSecret, generateURI, verify } from 'otplib';

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, username: string) =>
  generateURI({ issuer: 'Gatehouse', label: username, secret });

/** Accepts the code of the current 30-second step and of the steps just before and after (clock drift). */
export async function checkTotp(secret: string, token: string, now: Date): Promise<boolean> {
  return (await totpStep(secret, token, now)) !== null;
}

/** The 30-second time step whose code `token` is (current, or one before or after), or null when it is none. */
export async function totpStep(secret: string, token: string, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), epochTolerance: 30 });
  // delta: how many 30-second periods away from now the code is (-1, 0 or 1).
  return result.valid ? Math.floor(now.getTime() / 30_000) + result.delta : null;
}

export const TOTP_REUSED_MESSAGE = 'That code was used already. Wait for the next code of your authenticator app and enter it.';

/**
 * Accepts a TOTP code once (RFC 6238 §5.2): the user's last accepted step moves forward to the code's step in
 * one guarded UPDATE, so a code of that step or an earlier one is refused, even by two requests at once.
 * 'invalid' = not a code of the secret now; 'reused' = a valid code whose step was accepted already.
 */
export async function acceptTotp(sql: Sql, userId: number, secret: string, token: string, now: Date): Promise<'ok' | 'invalid' | 'reused'> {
  const step = await totpStep(secret, token, now);
  if (step === null) return 'invalid';
  const moved = await sql.query('UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2 RETURNING id', [userId, step]);
  return moved.length > 0 ? 'ok' : 'reused';
}

/** The current code; for tests and the demo's command line. */
export const totpCode = (secret: string, now: Date) => generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
