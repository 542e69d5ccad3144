import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { appendAudit } from '../../src/auditlog/log.js';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

/** Changes a row behind the application's back, as someone with database access could. */
async function tamper(sqlText: string) {
  await gh.ctx.db.tx(async (sql) => {
    await sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await sql.query(sqlText);
    await sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  });
}

describe('the hash-chained audit log', () => {
  it('records sign-ins and token creation, and an admin sees them newest first', async () => {
    const admin = await gh.user('root', { admin: true });
    const zed = await gh.user('zed');
    await gh.as(zed).post('/api/v1/tokens', { name: 'ci' });
    const res = await gh.as(admin).get(`/api/v1/audit-log?actorId=${zed.id}`);
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['token.created', 'auth.signed-in']);
  });

  it('is refused to non-admins', async () => {
    const ann = await gh.user('ann');
    const res = await gh.as(ann).get('/api/v1/audit-log');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ADMIN_REQUIRED');
  });

  it('cannot be updated or deleted through SQL while its trigger stands', async () => {
    await expect(gh.ctx.db.query("UPDATE audit_log SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    await expect(gh.ctx.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
  });

  it('verifies intact, then reports the first altered entry', async () => {
    const admin = await gh.user('auditor', { admin: true });
    for (let i = 0; i < 5; i++) {
      await gh.ctx.db.tx((sql) => appendAudit(sql, gh.clock, { actorId: admin.id, action: 'test.entry', details: { i, nested: { b: 1, a: [1, 'x'] } } }));
    }
    const ok = await gh.as(admin).post('/api/v1/audit-log/verify');
    expect(ok.json()).toMatchObject({ ok: true });
    const { seq } = await gh.ctx.db.one<{ seq: number }>("SELECT seq FROM audit_log WHERE action = 'test.entry' ORDER BY seq LIMIT 1 OFFSET 2");
    await tamper(`UPDATE audit_log SET details = '{"i": 99}' WHERE seq = ${seq}`);
    const broken = await gh.as(admin).post('/api/v1/audit-log/verify');
    expect(broken.json()).toMatchObject({ ok: false, checked: seq - 1, firstBroken: { seq, reason: 'contents do not match the recorded hash' } });
  });

  it('reports a removed entry', async () => {
    const gh2 = await startTestGatehouse();
    try {
      for (let i = 0; i < 3; i++) await gh2.ctx.db.tx((sql) => appendAudit(sql, gh2.clock, { actorId: null, action: 'test.entry' }));
      await gh2.ctx.db.tx(async (sql) => {
        await sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
        await sql.query('DELETE FROM audit_log WHERE seq = 2');
      });
      const { verifyAuditLog } = await import('../../src/auditlog/log.js');
      expect(await verifyAuditLog(gh2.ctx.db)).toEqual({ ok: false, checked: 1, firstBroken: { seq: 2, reason: 'entry 2 is missing' } });
    } finally {
      await gh2.stop();
    }
  });
});
