import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { enqueueEmail, notifyUser } from '../../src/notifications/outbox.js';
import { claimEmail, deliverDueEmails, recordFailure, recordSent, smtpTransport, type MailMessage } from '../../src/notifications/worker.js';
import { requestFixtures } from './requests-fixtures.js';

let gh: TestGatehouse;
beforeAll(async () => {
  // Sessions outlive the days the clock is moved by.
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
});
afterAll(async () => gh?.stop());

/** A real SMTP server on loopback that keeps what it receives, and can be told to refuse (at RCPT, or after DATA). */
async function startSmtp() {
  const received: { to: string; raw: string }[] = [];
  let refuse = false;
  let refuseData = false;
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
        cb(refuseData ? Object.assign(new Error('try again later'), { responseCode: 451 }) : undefined);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    refuse: (on: boolean) => (refuse = on),
    refuseData: (on: boolean) => (refuseData = on),
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

  it('keeps one Message-ID across attempts, so that a receiver can drop the duplicate of a message it already has', async () => {
    const smtp = await startSmtp();
    try {
      const id = await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.twice', to: 'twice@example.org', subject: 'Twice', body: 'b' }));
      const transport = smtpTransport(smtp.url);
      // The server takes the whole message and then answers 451: the sender cannot know it arrived, and sends again.
      smtp.refuseData(true);
      expect(await deliverDueEmails(gh.ctx.db, gh.clock, transport, 'Gatehouse <gatehouse@gatehouse.test>')).toEqual({ sent: 0, failed: 1 });
      smtp.refuseData(false);
      gh.clock.advance(31_000);
      expect(await deliverDueEmails(gh.ctx.db, gh.clock, transport, 'Gatehouse <gatehouse@gatehouse.test>')).toEqual({ sent: 1, failed: 0 });
      expect(smtp.received).toHaveLength(2);
      const ids = smtp.received.map((r) => /^Message-ID: (.*)$/im.exec(r.raw)?.[1]);
      expect(ids[0]).toMatch(/^<gatehouse\.\d+\.[0-9a-f]+@gatehouse\.test>$/);
      expect(ids[1]).toBe(ids[0]);
      const row = await gh.ctx.db.one<{ message_id: string }>('SELECT message_id FROM outbox WHERE id = $1', [id]);
      expect(row.message_id).toBe(ids[0]);
    } finally {
      await smtp.close();
    }
  });

  it("returns a crashed worker's claim after the lease, and records an outcome only from the lease holder", async () => {
    const id = await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.lease', to: 'lease@example.org', subject: 'Lease', body: 'b' }));
    const sent: MailMessage[] = [];
    const recording = { sendMail: async (m: MailMessage) => void sent.push(m) };
    // A worker claims the message and dies before it sends.
    const crashed = (await claimEmail(gh.ctx.db, gh.clock, 300_000, 'test'))!;
    expect(crashed).toMatchObject({ id });
    // While its lease lasts, nobody else sends the message.
    expect(await deliverDueEmails(gh.ctx.db, gh.clock, recording, 'gatehouse@test')).toEqual({ sent: 0, failed: 0 });
    gh.clock.advance(300_001);
    expect(await deliverDueEmails(gh.ctx.db, gh.clock, recording, 'gatehouse@test')).toEqual({ sent: 1, failed: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0].messageId).toBe(crashed.messageId);
    // The old holder comes back: its outcome, either way, is not recorded.
    expect(await recordFailure(gh.ctx.db, gh.clock, crashed, 'late', { retryHours: 72, publicUrl: '' })).toBe('lost');
    expect(await recordSent(gh.ctx.db, gh.clock, crashed)).toBe(false);
    const row = await gh.ctx.db.one<{ status: string; attempts: number; last_error: string | null; claim_token: string | null }>(
      'SELECT status, attempts, last_error, claim_token FROM outbox WHERE id = $1', [id]);
    expect(row).toEqual({ status: 'sent', attempts: 1, last_error: null, claim_token: null });
  });

  it('retries with backoff capped at 30 minutes for three days, then marks the message failed and tells the admins once', async () => {
    const admin = await gh.user('postmaster', { admin: true });
    const ids = [];
    for (const to of ['nobody@example.org', 'noone@example.org']) {
      ids.push(await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.doomed', to, subject: 'Doomed', body: 'b' })));
    }
    const start = gh.clock.now().getTime();
    const broken = { sendMail: async () => { throw new Error('connection refused'); } };
    const opts = { retryHours: gh.config.emailRetryHours, publicUrl: gh.config.publicUrl };
    expect(gh.config.emailRetryHours).toBe(72);
    const gaps: number[] = [];
    let last = start;
    for (;;) {
      const due = await gh.ctx.db.maybeOne<{ next_attempt_at: Date }>(
        "SELECT min(next_attempt_at) AS next_attempt_at FROM outbox WHERE kind = 'test.doomed' AND status = 'pending' HAVING count(*) > 0");
      if (!due) break;
      gh.clock.set(due.next_attempt_at);
      gaps.push(due.next_attempt_at.getTime() - last);
      last = due.next_attempt_at.getTime();
      await deliverDueEmails(gh.ctx.db, gh.clock, broken, 'gatehouse@test', opts);
      // Still pending an hour in, after more than 8 attempts.
      if (gaps.length === 12) {
        const rows = await gh.ctx.db.query<{ status: string }>("SELECT status FROM outbox WHERE kind = 'test.doomed'");
        expect(rows.map((r) => r.status)).toEqual(['pending', 'pending']);
      }
      expect(gaps.length).toBeLessThan(400);
    }
    expect(Math.max(...gaps)).toBe(30 * 60_000);
    expect(gaps.slice(1, 5)).toEqual([30_000, 60_000, 120_000, 240_000]);
    const rows = await gh.ctx.db.query<{ status: string; attempts: number; failed_at: Date }>("SELECT status, attempts, failed_at FROM outbox WHERE kind = 'test.doomed' ORDER BY id");
    for (const row of rows) {
      expect(row.status).toBe('failed');
      expect(row.attempts).toBeGreaterThan(140);
      // The last attempt is at the end of the three days.
      expect(row.failed_at.getTime()).toBe(start + 72 * 3_600_000);
    }
    // One notice to the admin (not one per message), in the app and by email, linking to the failed messages.
    const notices = (await gh.as(admin).get('/api/v1/notifications')).json() as { items: { kind: string; title: string; body: string; link: string }[] };
    const failedNotices = notices.items.filter((n) => n.kind === 'outbox.failed');
    expect(failedNotices).toHaveLength(1);
    expect(failedNotices[0]).toMatchObject({ title: 'Emails could not be delivered', link: '/admin/outbox?status=failed' });
    expect(failedNotices[0].body).toMatch(/72 hours[\s\S]*connection refused/);
    const mail = await gh.ctx.db.query("SELECT id FROM outbox WHERE kind = 'outbox.failed' AND recipient = 'postmaster@example.org'");
    expect(mail).toHaveLength(1);
    // And a metric to alert on.
    const metrics = await gh.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('gatehouse_outbox_messages{state="failed"} 2');
  });

  it('shows pending, failing and failed messages on the admin outbox page, with the last error and the next attempt', async () => {
    const admin = await gh.user('postmaster2', { admin: true });
    await gh.ctx.db.query("UPDATE outbox SET status = 'sent' WHERE kind = 'outbox.failed'");
    const id = await gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, { kind: 'test.failing', to: 'flaky@example.org', subject: 's', body: 'b' }));
    await deliverDueEmails(gh.ctx.db, gh.clock, { sendMail: async () => { throw new Error('451 try later'); } }, 'gatehouse@test', { limit: 1 });
    const res = await gh.as(admin).get('/api/v1/outbox?status=failed');
    expect(res.json()).toMatchObject({ smtpConfigured: false, total: 2, items: [{ kind: 'test.doomed', status: 'failed', failing: false, lastError: 'connection refused', nextAttemptAt: null }, { kind: 'test.doomed' }] });
    const failing = (await gh.as(admin).get('/api/v1/outbox?status=failing')).json();
    expect(failing).toMatchObject({ total: 1, items: [{ id, status: 'pending', failing: true, attempts: 1, lastError: '451 try later' }] });
    expect(failing.items[0].nextAttemptAt).toBe(new Date(gh.clock.now().getTime() + 30_000).toISOString());
    expect(failing.items[0].retryUntil).toBe(new Date(gh.clock.now().getTime() + 72 * 3_600_000).toISOString());
    expect(failing.counts).toMatchObject({ failing: 1, failed: 2 });
  });

  it('lets admins retry one failed message or all of them, audited; others may not', async () => {
    const admin = await gh.user('postmaster3', { admin: true });
    const someone = await gh.user('someone');
    const [first, second] = (await gh.ctx.db.query<{ id: number }>("SELECT id FROM outbox WHERE kind = 'test.doomed' ORDER BY id")).map((r) => Number(r.id));
    expect((await gh.as(someone).post(`/api/v1/outbox/${first}/retry`)).statusCode).toBe(403);
    expect((await gh.as(someone).post('/api/v1/outbox/retry-failed')).statusCode).toBe(403);
    expect((await gh.as(admin).post('/api/v1/outbox/999999/retry')).statusCode).toBe(404);

    const one = await gh.as(admin).post(`/api/v1/outbox/${first}/retry`);
    expect(one.statusCode).toBe(200);
    // A retried message waits like a new one until an attempt fails again; the audit entry keeps its last error.
    expect(one.json()).toMatchObject({ id: first, status: 'pending', failing: false, lastError: null, failedAt: null, nextAttemptAt: gh.clock.now().toISOString(),
      retryUntil: new Date(gh.clock.now().getTime() + 72 * 3_600_000).toISOString() });
    const waiting = (await gh.as(admin).get('/api/v1/outbox?status=waiting')).json();
    expect(waiting.items.map((m: { id: number }) => m.id)).toContain(first);
    expect(waiting.counts).toMatchObject({ failed: 1 });
    expect(waiting.counts.pending).toBe(waiting.total);
    const all = await gh.as(admin).post('/api/v1/outbox/retry-failed');
    expect(all.json()).toEqual({ retried: 1 });
    expect((await gh.as(admin).get('/api/v1/outbox?status=failed')).json()).toMatchObject({ total: 0, counts: { failed: 0 } });
    const audit = await gh.ctx.db.query<{ action: string; actor_id: number; target_id: string | null; details: Record<string, unknown> }>(
      "SELECT action, actor_id, target_id, details FROM audit_log WHERE action LIKE 'outbox.%' ORDER BY seq");
    expect(audit).toEqual([
      { action: 'outbox.retried', actor_id: admin.id, target_id: String(first), details: { previousStatus: 'failed', attempts: expect.any(Number), lastError: 'connection refused' } },
      { action: 'outbox.retried-failed', actor_id: admin.id, target_id: null, details: { count: 1, ids: [second] } },
    ]);

    // The mail server works again: both go out.
    const sent: MailMessage[] = [];
    await deliverDueEmails(gh.ctx.db, gh.clock, { sendMail: async (m) => void sent.push(m) }, 'gatehouse@test');
    expect(sent.map((m) => m.to).filter((to) => to.startsWith('no'))).toEqual(['nobody@example.org', 'noone@example.org']);
    const again = await gh.as(admin).post(`/api/v1/outbox/${first}/retry`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'OUTBOX_MESSAGE_SENT' });
  });
});

describe('the emails of the request life cycle', () => {
  it('prints the review link of request.submitted once', async () => {
    const f = requestFixtures(gh);
    const act = await gh.user('arnold', { act: true, certified: true, validated: true });
    const owner = await gh.user('ottilie', { certified: true });
    const ada = await gh.user('adeline', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [ada]);
    const request = await f.filled(ada, ar.id);
    const submission = await f.submit(ada, request.id);
    const [email] = await f.emails({ to: act, kind: 'request.submitted' });
    const link = `http://gatehouse.test/act/requests?submission=${submission.id}`;
    expect(email.body.split(link)).toHaveLength(2);
    expect(email.body).toContain(`Review it here: ${link}`);
  });
});
