import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net, { type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { enqueueEmail } from '../../src/notifications/outbox.js';
import { deliverDueEmails, smtpTransport } from '../../src/notifications/worker.js';

/**
 * The email worker against SMTP servers that misbehave on loopback: one that accepts the connection and never
 * says a word, one that greets and then never answers. While the worker waits for them, Gatehouse answers.
 */

// Short limits, so that each stall ends within the test; the defaults are 10 s, 10 s and 30 s.
const TIMEOUTS = { smtpConnectionTimeoutMs: 2_000, smtpGreetingTimeoutMs: 2_000, smtpSocketTimeoutMs: 2_000 };

let gh: TestGatehouse;
let admin: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse(TIMEOUTS);
  admin = await gh.user('postmistress', { admin: true });
});
afterAll(async () => gh?.stop());

const transportFor = (url: string) => smtpTransport(url, {
  connectionTimeoutMs: gh.config.smtpConnectionTimeoutMs, greetingTimeoutMs: gh.config.smtpGreetingTimeoutMs, socketTimeoutMs: gh.config.smtpSocketTimeoutMs,
});

async function until(cond: () => boolean, what: string, ms = 5_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Accepts TCP connections and never writes a byte. */
async function silentServer() {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    open: () => open.size,
    close: () => new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A real SMTP server that greets, then never answers MAIL FROM. */
async function stallingServer() {
  let connected = 0;
  let open = 0;
  let stalled = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 100,
    onConnect(_session, cb) {
      connected++;
      open++;
      cb();
    },
    onClose() {
      open--;
    },
    onMailFrom() {
      stalled++; // and never calls back
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    connected: () => connected,
    open: () => open,
    stalled: () => stalled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What must work while the worker waits on SMTP: an admin's page, and the message's own row is not locked. */
async function gatehouseAnswers(outboxId: number) {
  const started = performance.now();
  const page = await gh.as(admin).get('/api/v1/outbox');
  expect(page.statusCode).toBe(200);
  // NOWAIT fails at once (55P03) if a transaction still holds the row.
  await gh.ctx.db.tx((sql) => sql.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE NOWAIT', [outboxId]));
  return performance.now() - started;
}

describe('a mail server that does not answer', () => {
  it('accepts TCP and never greets: the API answers while the connection is held, and the greeting timeout ends the attempt', async () => {
    const smtp = await silentServer();
    try {
      const id = await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.silent', to: 'a@example.org', subject: 'Hello', body: 'b' }));
      const started = performance.now();
      const delivery = deliverDueEmails(gh.ctx.db, gh.clock, transportFor(smtp.url), 'gatehouse@test');
      await until(() => smtp.open() === 1, 'the worker to connect');
      const took = await gatehouseAnswers(id);
      // The answer came while the worker still waited for a greeting on its open connection.
      expect(smtp.open()).toBe(1);
      expect(took).toBeLessThan(2_000);

      expect(await delivery).toEqual({ sent: 0, failed: 1 });
      expect(performance.now() - started).toBeLessThan(gh.config.smtpGreetingTimeoutMs + 3_000);
      const row = await gh.ctx.db.one<{ status: string; attempts: number; last_error: string; claimed_until: Date | null }>(
        'SELECT status, attempts, last_error, claimed_until FROM outbox WHERE id = $1', [id]);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, claimed_until: null });
      expect(row.last_error).toMatch(/greeting|timeout/i);
      expect(smtp.accepted()).toBe(1);
    } finally {
      await smtp.close();
    }
  }, 15_000);

  it('greets and then stalls: the API answers while the server sits on MAIL FROM, and the socket timeout ends the attempt', async () => {
    const smtp = await stallingServer();
    try {
      const id = await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.stalled', to: 'b@example.org', subject: 'Hello', body: 'b' }));
      const delivery = deliverDueEmails(gh.ctx.db, gh.clock, transportFor(smtp.url), 'gatehouse@test');
      await until(() => smtp.stalled() === 1, 'the server to receive MAIL FROM');
      const took = await gatehouseAnswers(id);
      expect(smtp.open()).toBe(1);
      expect(smtp.stalled()).toBe(1);
      expect(took).toBeLessThan(2_000);

      expect(await delivery).toEqual({ sent: 0, failed: 1 });
      const row = await gh.ctx.db.one<{ status: string; attempts: number; last_error: string }>('SELECT status, attempts, last_error FROM outbox WHERE id = $1', [id]);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toMatch(/timeout/i);
    } finally {
      await smtp.close();
    }
  }, 15_000);

  it('stops the round at a server that times out instead of waiting on it once per message', async () => {
    const smtp = await silentServer();
    try {
      await gh.ctx.db.query("UPDATE outbox SET status = 'sent' WHERE status = 'pending'");
      for (const to of ['c@example.org', 'd@example.org', 'e@example.org']) {
        await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.round', to, subject: 'Hello', body: 'b' }));
      }
      expect(await deliverDueEmails(gh.ctx.db, gh.clock, transportFor(smtp.url), 'gatehouse@test')).toEqual({ sent: 0, failed: 1 });
      expect(smtp.accepted()).toBe(1);
      const rows = await gh.ctx.db.query<{ attempts: number }>("SELECT attempts FROM outbox WHERE kind = 'test.round' ORDER BY id");
      expect(rows.map((r) => r.attempts)).toEqual([1, 0, 0]);
    } finally {
      await smtp.close();
    }
  }, 15_000);
});

describe('configuration', () => {
  it('has SMTP timeouts and a retry period of three days by default', async () => {
    const { loadConfig } = await import('../../src/infra/config.js');
    expect(loadConfig({})).toMatchObject({ smtpConnectionTimeoutMs: 10_000, smtpGreetingTimeoutMs: 10_000, smtpSocketTimeoutMs: 30_000, emailRetryHours: 72, outboxLeaseSeconds: 300 });
    expect(loadConfig({ EMAIL_RETRY_HOURS: '24', SMTP_GREETING_TIMEOUT_MS: '5000' })).toMatchObject({ emailRetryHours: 24, smtpGreetingTimeoutMs: 5000 });
  });
});
