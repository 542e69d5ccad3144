import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';

export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export const MAX_ATTEMPTS = 8;

/** Delay before attempt n+1: 30 s, 1 min, 2 min, … capped at one hour. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);

interface DueRow {
  id: number;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Sends the emails that are due, at most `limit`. Rows are claimed with SKIP LOCKED, so that several
 * Gatehouse processes share the work without sending a message twice in the usual case; a crash between
 * the send and the commit sends it again (at-least-once delivery).
 */
export async function deliverDueEmails(
  db: Db,
  clock: Clock,
  transport: MailTransport,
  from: string,
  limit = 20,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.tx(async (sql) => {
      const row = await sql.maybeOne<DueRow>(
        `SELECT id, recipient, subject, body, attempts FROM outbox
         WHERE channel = 'email' AND status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [clock.now()],
      );
      if (!row) return false;
      try {
        await transport.sendMail({ from, to: row.recipient, subject: row.subject, text: row.body });
        await sql.query(`UPDATE outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL
                         WHERE id = $1`, [row.id, clock.now()]);
        sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const giveUp = attempts >= MAX_ATTEMPTS;
        await sql.query(
          `UPDATE outbox SET attempts = $2, last_error = $3, status = $4, next_attempt_at = $5 WHERE id = $1`,
          [row.id, attempts, String((err as Error).message ?? err).slice(0, 1000), giveUp ? 'failed' : 'pending',
            new Date(clock.now().getTime() + backoffMs(attempts))],
        );
        failed++;
      }
      return true;
    });
    if (!done) break;
  }
  return { sent, failed };
}

export function smtpTransport(smtpUrl: string): MailTransport {
  return nodemailer.createTransport(smtpUrl);
}

/** Polls the outbox until stopped. Without SMTP_URL there is no worker: messages stay in the outbox page. */
export function startOutboxWorker(opts: {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  from: string;
  pollMs: number;
  log: Logger;
}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    try {
      const { sent, failed } = await deliverDueEmails(opts.db, opts.clock, opts.transport, opts.from);
      if (sent || failed) opts.log.info({ sent, failed }, 'outbox delivery');
    } catch (err) {
      opts.log.error({ err }, 'outbox worker failed');
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, opts.pollMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
