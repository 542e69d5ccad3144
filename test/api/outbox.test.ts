import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { enqueueEmail, notifyUser } from '../../src/notifications/outbox.js';
import { deliverDueEmails, MAX_ATTEMPTS, smtpTransport } from '../../src/notifications/worker.js';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

/** A real SMTP server on loopback that keeps what it receives, and can be told to refuse. */
async function startSmtp() {
  const received: { to: string; raw: string }[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      cb(refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }) : undefined);
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    refuse: (on: boolean) => (refuse = on),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the outbox', () => {
  it('keeps a message written in a transaction that rolls back out of the outbox', async () => {
    const before = await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    await expect(gh.ctx.db.tx(async (sql) => {
      await enqueueEmail(sql, gh.clock, { kind: 'test', to: 'x@example.org', subject: 's', body: 'b' });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    const after = await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    expect(after.n).toBe(before.n);
  });

  it('delivers over SMTP, and retries with backoff when the server refuses', async () => {
    const smtp = await startSmtp();
    try {
      const user = await gh.user('mailee');
      await gh.ctx.db.tx((sql) => notifyUser(sql, gh.clock, gh.config.publicUrl, {
        kind: 'test.notice', userId: user.id, subject: 'Hello from Gatehouse', body: 'Your request was approved.', link: '/requests/1',
      }));
      const transport = smtpTransport(smtp.url);
      smtp.refuse(true);
      expect(await deliverDueEmails(gh.ctx.db, gh.clock, transport, 'gatehouse@test')).toEqual({ sent: 0, failed: 1 });
      const failed = await gh.ctx.db.one<{ status: string; attempts: number; last_error: string }>("SELECT status, attempts, last_error FROM outbox WHERE kind = 'test.notice'");
      expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
      expect(failed.last_error).toMatch(/mailbox unavailable/);
      // Not due again until the backoff has passed.
      expect(await deliverDueEmails(gh.ctx.db, gh.clock, transport, 'gatehouse@test')).toEqual({ sent: 0, failed: 0 });
      smtp.refuse(false);
      gh.clock.advance(31_000);
      expect(await deliverDueEmails(gh.ctx.db, gh.clock, transport, 'gatehouse@test')).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].to).toBe('mailee@example.org');
      expect(smtp.received[0].raw).toContain('Subject: Hello from Gatehouse');
      expect(smtp.received[0].raw).toContain('http://gatehouse.test/requests/1');
      const notices = await gh.as(user).get('/api/v1/notifications');
      expect(notices.json()).toMatchObject({ unread: 1, items: [{ title: 'Hello from Gatehouse', link: '/requests/1', read: false }] });
    } finally {
      await smtp.close();
    }
  });

  it('gives up after the last attempt and marks the message failed', async () => {
    await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.doomed', to: 'nobody@example.org', subject: 's', body: 'b' }));
    const broken = { sendMail: async () => { throw new Error('connection refused'); } };
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDueEmails(gh.ctx.db, gh.clock, broken, 'gatehouse@test');
      gh.clock.advance(3_600_000);
    }
    const row = await gh.ctx.db.one<{ status: string; attempts: number }>("SELECT status, attempts FROM outbox WHERE kind = 'test.doomed'");
    expect(row).toEqual({ status: 'failed', attempts: MAX_ATTEMPTS });
  });

  it('shows every message on the admin outbox page, with whether SMTP is configured', async () => {
    const admin = await gh.user('postmaster', { admin: true });
    const res = await gh.as(admin).get('/api/v1/outbox?status=failed');
    expect(res.json()).toMatchObject({ smtpConfigured: false, total: 1, items: [{ kind: 'test.doomed', status: 'failed', lastError: 'connection refused' }] });
  });
});
