import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtherProcess, type OtherProcess } from './process.js';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { insertEntity, setAclEntry } from './world.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * PGlite keeps its database inside one process, so two processes can share only a PostgreSQL server; this test
 * runs in the PostgreSQL pass of the suite.
 */
describe.skipIf(!onPostgres)('two Gatehouse processes sharing one PostgreSQL', () => {
  let gh: TestGatehouse;
  let other: OtherProcess;
  let otherUrl: string;

  beforeAll(async () => {
    gh = await startTestGatehouse();
    // The second process runs on the wall clock: tokens and sessions made here must be valid there.
    gh.clock.set(new Date());
    other = await startOtherProcess(gh);
    otherUrl = other.url;
  }, 90_000);

  afterAll(async () => {
    other?.stop();
    await gh?.stop();
  });

  it('a revocation acknowledged by one process is honoured by the other process\'s very next check', async () => {
    const owner = await gh.user('owner');
    const reader = await gh.user('reader');
    const token = (await gh.as(reader).post('/api/v1/tokens', { name: 'second process' })).json().token as string;
    const { project, file } = await gh.ctx.db.tx(async (sql) => {
      const project = await insertEntity(sql, gh, 'project', 'Shared', null, owner.id);
      await setAclEntry(sql, gh, project, owner.id, ['READ', 'DOWNLOAD', 'CHANGE_PERMISSIONS']);
      const file = await insertEntity(sql, gh, 'file', 'cohort.vcf', project, owner.id);
      return { project, file };
    });
    const checkOnOther = async () => {
      const res = await fetch(`${otherUrl}/api/v1/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ entityId: `syn${file}`, action: 'DOWNLOAD' }),
      });
      expect(res.status).toBe(200);
      return res.json() as Promise<{ granted: boolean; rule: string; message: string | null }>;
    };
    for (let i = 0; i < 25; i++) {
      // Acknowledged by this process: the transaction has committed when the call returns.
      await gh.ctx.db.tx((sql) => setAclEntry(sql, gh, project, reader.id, ['READ', 'DOWNLOAD']));
      expect(await checkOnOther()).toMatchObject({ granted: true, rule: 'GRANT_IF_HAS_DOWNLOAD' });
      await gh.ctx.db.tx((sql) => setAclEntry(sql, gh, project, reader.id, null));
      expect(await checkOnOther()).toMatchObject({ granted: false, rule: 'DENY', message: 'You lack DOWNLOAD access to the requested entity.' });
    }
  }, 120_000);

  it('a token revoked, or an account disabled, through one process is refused by the other on its next request', async () => {
    const user = await gh.user('tokenholder');
    const me = (token: string) => fetch(`${otherUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) {
      const created = (await gh.as(user).post('/api/v1/tokens', { name: `t${i}` })).json();
      // The other process resolves and caches the caller…
      expect((await me(created.token)).status).toBe(200);
      expect((await me(created.token)).status).toBe(200);
      // …and drops it with the revocation acknowledged here.
      expect((await gh.as(user).delete(`/api/v1/tokens/${created.details.id}`)).statusCode).toBe(200);
      const after = await me(created.token);
      expect(after.status).toBe(401);
      expect(((await after.json()) as { code: string }).code).toBe('TOKEN_REVOKED');
    }
    const admin = await gh.user('operator', { admin: true });
    const { token } = (await gh.as(user).post('/api/v1/tokens', { name: 'last' })).json();
    expect((await me(token)).status).toBe(200);
    expect((await gh.as(admin).post(`/api/v1/users/${user.id}/disable`, { reason: 'left the consortium' })).statusCode).toBe(200);
    const disabled = await me(token);
    expect(disabled.status).toBe(403);
    expect(((await disabled.json()) as { detail: string }).detail).toBe('User is disabled.');
  }, 120_000);
});
