import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtherProcess, type OtherProcess } from './process.js';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';
import { DEFAULT_POLICY } from '../../src/egress/policy.js';
import { loadPolicy, savePolicy } from '../../src/egress/policystore.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const MiB = 1024 * 1024;

/**
 * Egress across two Gatehouse processes on one PostgreSQL (docs/adr/0017): a suspension made on one is honoured by
 * the other's very next decision, and a user's downloads are counted together wherever they are served, so
 * splitting them between processes does not slip past a threshold. PostgreSQL pass only (PGlite is one process).
 */
describe.skipIf(!onPostgres)('egress across two Gatehouse processes', () => {
  let gh: TestGatehouse;
  let other: OtherProcess;
  let otherUrl: string;
  let owner: TestUser;
  let secret: string;

  beforeAll(async () => {
    gh = await startTestGatehouse();
    gh.clock.set(new Date());
    owner = await gh.user('owner', { certified: true });
    const sec = await gh.user('sec', { security: true });
    secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'zeek' })).json().secret;
    await savePolicy(gh.ctx.db, gh.clock, null,
      { ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, download: [{ windowSeconds: 300, bytes: 1000 }] } },
      (await loadPolicy(gh.ctx.db)).version);
    other = await startOtherProcess(gh, { DATA_DIR: gh.config.dataDir });
    otherUrl = other.url;
  }, 90_000);

  afterAll(async () => {
    other?.stop();
    await gh?.stop();
  });

  let n = 0;
  async function researcherWithFile() {
    const user = await gh.user(`researcher${++n}`, { certified: true });
    const token = (await gh.as(user).post('/api/v1/tokens', { name: 'other process' })).json().token as string;
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: `Shared ${n}` })).json().id as string;
    expect((await gh.as(owner).put(`/api/v1/entities/${project}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: user.id, accessTypes: ['READ', 'DOWNLOAD', 'COMPUTE'] },
    ] })).statusCode).toBe(200);
    const data = new FormData();
    data.append('parentId', project);
    data.append('file', new Blob(['x'.repeat(600)], { type: 'text/plain' }), 'cohort.csv');
    const request = new Request('http://localhost/', { method: 'POST', body: data });
    const file = await gh.as(owner).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
    expect(file.statusCode, file.body).toBe(201);
    return { user, token, file: file.json().id as string };
  }
  const decideOnOther = async (token: string, entityId: string) => {
    const res = await fetch(`${otherUrl}/api/v1/decisions`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entityId, action: 'DOWNLOAD' }),
    });
    expect(res.status).toBe(200);
    return res.json() as Promise<{ granted: boolean; rule: string }>;
  };
  const downloadOnOther = (token: string, entityId: string) =>
    fetch(`${otherUrl}/api/v1/entities/${entityId}/download`, { headers: { authorization: `Bearer ${token}` } });

  it("a monitor's event that suspends a user on one process is honoured by the other's very next decision", async () => {
    for (let i = 0; i < 5; i++) {
      const { user, token, file } = await researcherWithFile();
      expect(await decideOnOther(token, file)).toMatchObject({ granted: true });
      const res = await send(gh, event(gh, { user: user.username, bytes: 150 * MiB, observedAt: new Date().toISOString() }), { source: 'zeek', secrets: [secret], t: Math.floor(Date.now() / 1000) });
      expect(res.statusCode, res.body).toBe(200);
      expect(await decideOnOther(token, file)).toMatchObject({ granted: false, rule: 'DENY_IF_EGRESS_SUSPENDED' });
    }
  }, 120_000);

  it('downloads split between the processes are counted together: the one that crosses is refused, wherever it is', async () => {
    const { user, token, file } = await researcherWithFile();
    const first = await downloadOnOther(token, file);
    expect(first.status).toBe(200);
    expect((await first.text()).length).toBe(600);
    // 1,200 bytes in 5 minutes, the second 600 asked of this process: refused before any byte.
    const second = await gh.as(user).get(`/api/v1/entities/${file}/download`);
    expect(second.statusCode).toBe(403);
    expect(second.json().code).toBe('EGRESS_SUSPENDED');
    // And the suspension made here is in force there at once.
    expect(await decideOnOther(token, file)).toMatchObject({ granted: false, rule: 'DENY_IF_EGRESS_SUSPENDED' });
    const refusedThere = await downloadOnOther(token, file);
    expect(refusedThere.status).toBe(403);
  }, 60_000);
});
