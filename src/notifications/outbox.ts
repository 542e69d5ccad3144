import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';

export interface Email {
  /** What caused it, e.g. `team.membership-requested`. */
  kind: string;
  to: string;
  toUserId?: number | null;
  subject: string;
  body: string;
}

/** Queues an email in the outbox. Call it inside the transaction of the change that causes it. */
export async function enqueueEmail(sql: Sql, clock: Clock, email: Email): Promise<number> {
  const now = clock.now();
  const row = await sql.one<{ id: number }>(
    `INSERT INTO outbox (channel, kind, recipient, recipient_user_id, subject, body, next_attempt_at, created_at)
     VALUES ('email', $1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [email.kind, email.to, email.toUserId ?? null, email.subject, email.body, now],
  );
  return row.id;
}

export interface UserNotice {
  kind: string;
  userId: number;
  subject: string;
  body: string;
  /** Path inside the web app, e.g. `/teams/12`; emails show it as a full URL. */
  link?: string;
}

/**
 * Tells a user something, in the app and by email, in the current transaction. Returns nothing for a
 * user that does not exist (callers pass ids they just read).
 */
export async function notifyUser(sql: Sql, clock: Clock, publicUrl: string, notice: UserNotice): Promise<void> {
  const user = await sql.maybeOne<{ email: string; display_name: string }>(
    'SELECT email, display_name FROM users WHERE id = $1',
    [notice.userId],
  );
  if (!user) return;
  const now = clock.now();
  await sql.query(
    `INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [notice.userId, notice.kind, notice.subject, notice.body, notice.link ?? null, now],
  );
  // The link goes under the text, unless the text already shows it (a template with {{reviewLink}}).
  const url = notice.link ? `${publicUrl}${notice.link}` : null;
  const link = url && !notice.body.includes(url) ? `\n\n${url}` : '';
  await enqueueEmail(sql, clock, {
    kind: notice.kind,
    to: user.email,
    toUserId: notice.userId,
    subject: notice.subject,
    body: `Hello ${user.display_name},\n\n${notice.body}${link}\n\n— Gatehouse`,
  });
}

/** Every active member of a team (e.g. the ACT team), for notices addressed to a role. */
export async function notifyTeam(
  sql: Sql,
  clock: Clock,
  publicUrl: string,
  teamId: number,
  notice: Omit<UserNotice, 'userId'>,
  options: { managersOnly?: boolean } = {},
): Promise<void> {
  const members = await sql.query<{ user_id: number }>(
    `SELECT m.user_id FROM team_members m JOIN users u ON u.id = m.user_id
     WHERE m.team_id = $1 AND u.status = 'active' AND ($2::boolean IS FALSE OR m.is_manager)
     ORDER BY m.user_id`,
    [teamId, options.managersOnly ?? false],
  );
  for (const { user_id } of members) await notifyUser(sql, clock, publicUrl, { ...notice, userId: user_id });
}
