import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { badRequest, conflict } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { hashPassword, passwordProblem } from './passwords.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
  username: string;
  email: string;
  displayName?: string;
  password?: string;
}

/** Creates a user account (an admin action, the command line, the demo, or single sign-on). */
export async function createUser(
  sql: Sql,
  clock: Clock,
  input: NewUser,
  opts: { actorId: number | null; passwordHashLog2N: number },
): Promise<number> {
  const username = input.username.trim();
  const email = input.email.trim();
  if (!USERNAME_PATTERN.test(username)) {
    throw badRequest('BAD_USERNAME', 'A username has 3 to 40 letters, digits, dots, dashes or underscores, and starts with a letter or digit.');
  }
  if (!EMAIL_PATTERN.test(email)) throw badRequest('BAD_EMAIL', `"${email}" is not an email address.`);
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, username);
    if (problem) throw badRequest('WEAK_PASSWORD', problem);
    passwordHash = await hashPassword(input.password, opts.passwordHashLog2N);
  }
  const taken = await sql.maybeOne<{ username: string }>(
    'SELECT username FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($2)',
    [username, email],
  );
  if (taken) {
    throw taken.username.toLowerCase() === username.toLowerCase()
      ? conflict('USERNAME_TAKEN', `The username "${username}" is taken.`)
      : conflict('EMAIL_TAKEN', `An account with the email ${email} exists already.`);
  }
  const { id } = await sql.one<{ id: number }>(
    `INSERT INTO principals (id, kind) VALUES (nextval('principal_id_seq'), 'user') RETURNING id`,
  );
  await sql.query(
    `INSERT INTO users (id, username, email, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, username, email, input.displayName?.trim() || username, passwordHash, clock.now()],
  );
  await appendAudit(sql, clock, {
    actorId: opts.actorId,
    action: 'user.created',
    targetType: 'user',
    targetId: id,
    details: { username, email },
  });
  return id;
}

/** A user id from an id or a username; null when there is no such user. */
export async function findUserId(sql: Sql, idOrName: string | number): Promise<number | null> {
  const row = /^\d+$/.test(String(idOrName))
    ? await sql.maybeOne<{ id: number }>('SELECT id FROM users WHERE id = $1', [Number(idOrName)])
    : await sql.maybeOne<{ id: number }>('SELECT id FROM users WHERE lower(username) = lower($1)', [String(idOrName)]);
  return row?.id ?? null;
}
