import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Job } from '../jobs.js';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';

/**
 * Limits on guessing passwords and codes, kept in the database (table signin_limits, migration 0060) so that N
 * Gatehouse processes allow together what one allows.
 *
 * - Per account: at most `perMinute` attempts a minute, whatever their outcome. The key is the account's id when
 *   the name typed is a user's username or email, else the name as typed, so that an unknown name is limited
 *   exactly like a known one (nothing tells them apart).
 * - Per client address: at most `addressPerMinute` failed attempts a minute over all accounts, which stops one
 *   address from trying one password on many accounts. It counts failures only, and is set well above the
 *   per-account limit, so that one person mistyping a password does not lock out everyone behind the same address.
 * - Lockout: after `lockoutAfter` failures in a row the account refuses every attempt, right or wrong, for
 *   `lockoutMinutes`; each lockout in a row lasts twice as long as the one before, up to a day. The owner is told
 *   (in the app and by email) at each lockout. A successful sign-in ends the run of failures.
 */

export interface SigninLimitSettings {
  perMinute: number;
  addressPerMinute: number;
  lockoutAfter: number;
  lockoutMinutes: number;
}

export interface SigninAttempt {
  /** `user:<id>` for an account that exists, else `name:<what was typed>`; see accountKey. */
  account: string;
  /** The client address as Fastify resolved it (TRUSTED_PROXIES decides whether X-Forwarded-For counts). */
  address: string;
}

const MAX_LOCKOUT_MS = 24 * 3_600_000;

export const accountKey = (userId: number | null, typed: string) =>
  userId !== null ? `user:${userId}` : `name:${typed.trim().toLowerCase().slice(0, 200)}`;

const minuteOf = (now: Date) => new Date(Math.floor(now.getTime() / 60_000) * 60_000);

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

function tooMany(detail: string, code: string, retryAfterSeconds: number): Problem {
  return new Problem(429, code, detail, { retryAfterSeconds });
}

/**
 * Counts one attempt under (scope, key) in the current minute and refuses it when more than `max` were made.
 * One statement, so that concurrent attempts on any number of processes are counted exactly.
 */
export async function countAttempt(sql: Sql, clock: Clock, scope: string, key: string, max: number): Promise<void> {
  const now = clock.now();
  const minute = minuteOf(now);
  const row = await sql.one<{ attempts: number; locked_until: Date | null }>(
    `INSERT INTO signin_limits (scope, key, window_start, attempts) VALUES ($1, $2, $3, 1)
     ON CONFLICT (scope, key) DO UPDATE SET
       attempts = CASE WHEN signin_limits.window_start < $3 THEN 1 ELSE signin_limits.attempts + 1 END,
       window_start = GREATEST(signin_limits.window_start, $3)
     RETURNING attempts, locked_until`,
    [scope, key, minute],
  );
  if (row.locked_until && row.locked_until > now) {
    throw tooMany(
      `Too many failed sign-ins for this account: it is locked until ${row.locked_until.toISOString()}. Its owner has been told.`,
      'ACCOUNT_LOCKED', secondsUntil(row.locked_until, now),
    );
  }
  if (row.attempts > max) {
    throw tooMany(`Too many attempts. Try again in ${secondsUntil(new Date(minute.getTime() + 60_000), now)} seconds.`,
      'RATE_LIMITED', secondsUntil(new Date(minute.getTime() + 60_000), now));
  }
}

/** Before the password is checked: counts the attempt for the account and refuses it over a limit or when locked. */
export async function admitSignin(sql: Sql, clock: Clock, settings: SigninLimitSettings, attempt: SigninAttempt): Promise<void> {
  const now = clock.now();
  const address = await sql.maybeOne<{ attempts: number; window_start: Date }>(
    `SELECT attempts, window_start FROM signin_limits WHERE scope = 'address' AND key = $1`, [attempt.address]);
  const minute = minuteOf(now);
  if (address && address.window_start >= minute && address.attempts >= settings.addressPerMinute) {
    const wait = secondsUntil(new Date(minute.getTime() + 60_000), now);
    throw tooMany(`Too many failed sign-ins from your network. Try again in ${wait} seconds.`, 'RATE_LIMITED', wait);
  }
  await countAttempt(sql, clock, 'account', attempt.account, settings.perMinute);
}

/**
 * After a wrong password or code: counts the failure for the address and the account, and locks the account
 * when the run of failures reaches the limit. `userId` is the account's owner (null for an unknown name), who is
 * told of a lockout. Call it outside the transaction that failed, so that the count is kept.
 */
export async function recordSigninFailure(
  sql: Sql, clock: Clock, publicUrl: string, settings: SigninLimitSettings, attempt: SigninAttempt, userId: number | null,
): Promise<void> {
  const now = clock.now();
  const minute = minuteOf(now);
  await sql.query(
    `INSERT INTO signin_limits (scope, key, window_start, attempts) VALUES ('address', $1, $2, 1)
     ON CONFLICT (scope, key) DO UPDATE SET
       attempts = CASE WHEN signin_limits.window_start < $2 THEN 1 ELSE signin_limits.attempts + 1 END,
       window_start = GREATEST(signin_limits.window_start, $2)`,
    [attempt.address, minute],
  );
  if (settings.lockoutAfter <= 0) return;
  // Each failure is counted atomically; the lockout is taken by whichever failure still finds the run at the
  // limit, so concurrent failures lock once.
  const row = await sql.one<{ failures: number; lockouts: number }>(
    `INSERT INTO signin_limits AS l (scope, key, window_start, attempts, failures) VALUES ('account', $1, $2, 0, 1)
     ON CONFLICT (scope, key) DO UPDATE SET failures = l.failures + 1
     RETURNING failures, lockouts`,
    [attempt.account, minute],
  );
  if (row.failures < settings.lockoutAfter) return;
  const lockMs = Math.min(MAX_LOCKOUT_MS, settings.lockoutMinutes * 60_000 * 2 ** Math.min(row.lockouts, 20));
  const until = new Date(now.getTime() + lockMs);
  const locked = await sql.query<{ lockouts: number }>(
    `UPDATE signin_limits SET failures = 0, lockouts = lockouts + 1, locked_until = $3
     WHERE scope = 'account' AND key = $1 AND failures >= $2 RETURNING lockouts`,
    [attempt.account, settings.lockoutAfter, until],
  );
  if (locked.length === 0 || userId === null) return;
  const minutes = Math.round(lockMs / 60_000);
  await appendAudit(sql, clock, {
    actorId: null, action: 'auth.account-locked', targetType: 'user', targetId: userId,
    details: { failures: settings.lockoutAfter, address: attempt.address, lockedUntil: until.toISOString(), lockoutsInARow: locked[0].lockouts },
  });
  await notifyUser(sql, clock, publicUrl, {
    kind: 'account.locked', userId, link: '/profile',
    subject: 'Sign-in to your account was locked',
    body: `There were ${settings.lockoutAfter} failed attempts in a row to sign in to your Gatehouse account, the last from ${attempt.address}. `
      + `Sign-in is locked for ${minutes} minutes, until ${until.toISOString()}. If this was you, wait and try again. `
      + 'If it was not, someone is guessing your password: choose a strong one when you can sign in again, turn on two-factor authentication, and tell the platform administrators.',
  });
}

/** After a successful sign-in: the run of failures and of lockouts ends. */
export async function recordSigninSuccess(sql: Sql, attempt: SigninAttempt): Promise<void> {
  await sql.query(
    `UPDATE signin_limits SET failures = 0, lockouts = 0, locked_until = NULL WHERE scope = 'account' AND key = $1 AND (failures > 0 OR lockouts > 0)`,
    [attempt.account],
  );
}

/** An admin lifts a lockout (and the run of failures) of an account. */
export async function unlockSignin(sql: Sql, clock: Clock, userId: number, actorId: number | null): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE signin_limits SET failures = 0, lockouts = 0, locked_until = NULL WHERE scope = 'account' AND key = $1 RETURNING key`,
    [accountKey(userId, '')],
  );
  if (rows.length > 0) await appendAudit(sql, clock, { actorId, action: 'auth.account-unlocked', targetType: 'user', targetId: userId });
  return rows.length > 0;
}

/**
 * Forgets counters nobody needs any more (called by the job loop): a minute window over an hour old with no run of
 * failures, and any account left alone for a day after its last lockout ended, so that lockouts stop doubling.
 */
export async function pruneSigninLimits(sql: Sql, now: Date): Promise<number> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const rows = await sql.query(
    `DELETE FROM signin_limits
     WHERE (window_start < $1 AND failures = 0 AND lockouts = 0 AND locked_until IS NULL)
        OR (window_start < $2 AND (locked_until IS NULL OR locked_until < $2))
     RETURNING key`,
    [hourAgo, dayAgo],
  );
  return rows.length;
}

export const signinLimitsPruneJob: Job = {
  name: 'signin-limits-prune',
  everyMs: 10 * 60_000,
  async run(ctx) {
    await pruneSigninLimits(ctx.db, ctx.clock.now());
  },
};

export const signinLimitSettings = (ctx: AppContext): SigninLimitSettings => ({
  perMinute: ctx.config.loginRateLimitPerMinute,
  addressPerMinute: ctx.config.loginAddressLimitPerMinute,
  lockoutAfter: ctx.config.loginLockoutAfter,
  lockoutMinutes: ctx.config.loginLockoutMinutes,
});

/**
 * A preHandler for routes where a signed-in user types a secret (current password, TOTP or recovery code): at most
 * LOGIN_RATE_LIMIT_PER_MINUTE attempts a minute per user and route, over all processes.
 */
export const perUserGuessLimit = (ctx: AppContext) => async (request: FastifyRequest): Promise<void> => {
  const userId = request.caller.user?.id;
  if (userId === undefined) return; // the handler answers 401
  await countAttempt(ctx.db, ctx.clock, `guess:${request.routeOptions.url}`, String(userId), ctx.config.loginRateLimitPerMinute);
};
