import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db, Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { ADMIN_TEAM } from '../infra/ids.js';
import { notifyUser } from './outbox.js';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The same for every attempt at one outbox message, so that a receiver can drop a duplicate. */
  messageId?: string;
}

export interface MailTransport {
  sendMail(message: MailMessage): Promise<unknown>;
}

/** The longest wait between two attempts. */
export const MAX_BACKOFF_MS = 30 * 60_000;

/** Delay before attempt n+1: 30 s, 1 min, 2 min, … capped at 30 minutes. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_MS);

/** Kind of the notice admins get when an email is given up on (never itself a reason for another notice). */
export const FAILED_NOTICE_KIND = 'outbox.failed';

export interface DeliveryOptions {
  /** At most this many messages per round. */
  limit: number;
  /** How long a message is retried, from its creation (or an admin's retry), before it is marked failed. */
  retryHours: number;
  /** How long a claim lasts; a send still running after half of it counts as failed. */
  leaseMs: number;
  /** For the link in the admins' notice. */
  publicUrl: string;
  log?: Logger;
}

const deliveryDefaults: DeliveryOptions = { limit: 20, retryHours: 72, leaseMs: 300_000, publicUrl: '' };

export interface Claim {
  id: number;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  messageId: string;
  /** Proves that this worker holds the lease; the outcome is recorded only with it. */
  token: string;
}

/** The domain of the sender's address, for Message-IDs (`<…@example.org>`). */
export function messageIdDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)/.exec(from);
  return m ? m[1] : 'gatehouse.invalid';
}

/**
 * Claims the next due email in one statement (its own short transaction): writes a lease that ends at
 * now + leaseMs and a fresh token. A message whose lease has ended (its worker died or hung) is due again.
 * The Message-ID is fixed at the first claim and kept for every later attempt.
 */
export async function claimEmail(db: Db, clock: Clock, leaseMs: number, domain: string): Promise<Claim | null> {
  const now = clock.now();
  const token = randomBytes(12).toString('hex');
  const row = await db.maybeOne<{ id: number; kind: string; recipient: string; subject: string; body: string; message_id: string }>(
    `UPDATE outbox SET claimed_until = $2, claim_token = $3,
       message_id = coalesce(message_id, '<gatehouse.' || id::text || '.' || $3::text || '@' || $4::text || '>')
     WHERE id = (SELECT id FROM outbox
                 WHERE channel = 'email' AND status = 'pending' AND next_attempt_at <= $1
                   AND (claimed_until IS NULL OR claimed_until <= $1)
                 ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, recipient, subject, body, message_id`,
    [now, new Date(now.getTime() + leaseMs), token, domain],
  );
  if (!row) return null;
  return { id: Number(row.id), kind: row.kind, recipient: row.recipient, subject: row.subject, body: row.body, messageId: row.message_id, token };
}

/** Records a delivery; false when the lease was lost (another worker took the message after it ended). */
export async function recordSent(db: Db, clock: Clock, claim: Claim): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox SET status = 'sent', sent_at = $3, attempts = attempts + 1, last_error = NULL,
       claimed_until = NULL, claim_token = NULL
     WHERE id = $1 AND claim_token = $2 RETURNING id`,
    [claim.id, claim.token, clock.now()],
  );
  return rows.length > 0;
}

/**
 * Records a failed attempt, if this worker still holds the lease: the next attempt after the backoff, or,
 * once the retry period has passed, status failed and a notice to the platform admins.
 */
export async function recordFailure(
  db: Db,
  clock: Clock,
  claim: Claim,
  error: string,
  opts: Pick<DeliveryOptions, 'retryHours' | 'publicUrl'>,
): Promise<'retrying' | 'failed' | 'lost'> {
  return db.tx(async (sql) => {
    const row = await sql.maybeOne<{ attempts: number; retry_from: Date }>(
      'SELECT attempts, coalesce(retry_from, created_at) AS retry_from FROM outbox WHERE id = $1 AND claim_token = $2 FOR UPDATE',
      [claim.id, claim.token],
    );
    if (!row) return 'lost';
    const now = clock.now().getTime();
    const attempts = row.attempts + 1;
    const deadline = row.retry_from.getTime() + opts.retryHours * 3_600_000;
    const giveUp = now >= deadline;
    // The last attempt is at the end of the retry period, not a backoff past it.
    const next = new Date(Math.min(now + backoffMs(attempts), Math.max(deadline, now)));
    await sql.query(
      `UPDATE outbox SET attempts = $2, last_error = $3, status = $4, next_attempt_at = $5, failed_at = $6,
         claimed_until = NULL, claim_token = NULL
       WHERE id = $1`,
      [claim.id, attempts, error.slice(0, 1000), giveUp ? 'failed' : 'pending', next, giveUp ? new Date(now) : null],
    );
    if (giveUp && claim.kind !== FAILED_NOTICE_KIND) await tellAdmins(sql, clock, claim, error, opts);
    return giveUp ? 'failed' : 'retrying';
  });
}

/**
 * Tells every active platform admin, in the app (and by email), that an email was given up on. An admin who
 * has not yet read the previous such notice gets no second one: an outage of days gives one notice, not
 * thousands; the Outbox page lists every failed message.
 */
async function tellAdmins(sql: Sql, clock: Clock, claim: Claim, error: string, opts: Pick<DeliveryOptions, 'retryHours' | 'publicUrl'>) {
  const admins = await sql.query<{ id: number }>(
    `SELECT u.id FROM team_members m JOIN users u ON u.id = m.user_id
     WHERE m.team_id = $1 AND u.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.kind = $2 AND n.read_at IS NULL)
     ORDER BY u.id`,
    [ADMIN_TEAM, FAILED_NOTICE_KIND],
  );
  for (const admin of admins) {
    await notifyUser(sql, clock, opts.publicUrl, {
      kind: FAILED_NOTICE_KIND,
      userId: Number(admin.id),
      subject: 'Emails could not be delivered',
      body: `Gatehouse stopped trying to send an email to ${claim.recipient} ("${claim.subject}") after ${opts.retryHours} hours of failed attempts. `
        + `The last error was: ${error.slice(0, 300)}\n\nThe Outbox lists every failed message; send them again from there once the mail server works.`,
      link: '/admin/outbox?status=failed',
    });
  }
}

/** Errors that say the server (not this message) is the problem: the rest of the round would fail the same way. */
const SERVER_ERRORS = new Set(['ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'EDNS', 'EAUTH', 'ETLS', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * Sends the emails that are due, at most `limit`, one at a time: claim (a short transaction), send with no
 * transaction open, record the outcome (another short transaction, only while the lease is held). A crash
 * between the send and the record sends the message again after the lease (at-least-once delivery), with
 * the same Message-ID.
 */
export async function deliverDueEmails(
  db: Db,
  clock: Clock,
  transport: MailTransport,
  from: string,
  options: Partial<DeliveryOptions> = {},
): Promise<{ sent: number; failed: number }> {
  const opts = { ...deliveryDefaults, ...options };
  const domain = messageIdDomain(from);
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < opts.limit; i++) {
    const claim = await claimEmail(db, clock, opts.leaseMs, domain);
    if (!claim) break;
    try {
      await withDeadline(
        transport.sendMail({ from, to: claim.recipient, subject: claim.subject, text: claim.body, messageId: claim.messageId }),
        opts.leaseMs / 2,
      );
    } catch (err) {
      const message = String((err as Error).message ?? err);
      const outcome = await recordFailure(db, clock, claim, message, opts);
      if (outcome === 'lost') opts.log?.warn({ outboxId: claim.id }, 'outbox: lease lost before the failure was recorded');
      else opts.log?.warn({ outboxId: claim.id, outcome, err: message }, 'outbox: sending failed');
      failed++;
      if (SERVER_ERRORS.has((err as { code?: string }).code ?? '')) break;
      continue;
    }
    if (await recordSent(db, clock, claim)) sent++;
    else opts.log?.warn({ outboxId: claim.id }, 'outbox: lease lost before the delivery was recorded (it may be sent twice, with one Message-ID)');
  }
  return { sent, failed };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`sending took longer than ${Math.round(ms / 1000)} s`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export interface SmtpTimeouts {
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

/** An SMTP transport whose every phase has a time limit: connecting, the greeting, and each later exchange. */
export function smtpTransport(smtpUrl: string, timeouts: SmtpTimeouts = { connectionTimeoutMs: 10_000, greetingTimeoutMs: 10_000, socketTimeoutMs: 30_000 }): MailTransport {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeouts.connectionTimeoutMs,
    greetingTimeout: timeouts.greetingTimeoutMs,
    socketTimeout: timeouts.socketTimeoutMs,
  });
}

/** Polls the outbox until stopped. Without SMTP_URL there is no worker: messages stay in the outbox page. */
export function startOutboxWorker(opts: {
  db: Db;
  clock: Clock;
  transport: MailTransport;
  from: string;
  pollMs: number;
  log: Logger;
  delivery?: Partial<DeliveryOptions>;
}): () => Promise<void> {
  let stopped = false;
  let busy = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    busy = true;
    try {
      const { sent, failed } = await deliverDueEmails(opts.db, opts.clock, opts.transport, opts.from, { log: opts.log, ...opts.delivery });
      if (sent || failed) opts.log.info({ sent, failed }, 'outbox delivery');
    } catch (err) {
      opts.log.error({ err }, 'outbox worker failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => {
    // A round still sending (a slow server) is not queued behind by more rounds.
    if (busy) return;
    running = running.then(tick);
  }, opts.pollMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
