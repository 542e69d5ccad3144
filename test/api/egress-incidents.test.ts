import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';
import { egressStopRetryJob } from '../../src/egress/incidents.js';

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const MiB = 1024 * 1024;
const SOURCE = 'zeek';

let gh: TestGatehouse;
let owner: TestUser;
let sec: TestUser;
let secret: string;
let server: Server;
const received: string[] = [];
let answer = { status: 200, body: '{"stopping":true}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(body);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const orchestratorUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/gatehouse`;
  gh = await startTestGatehouse({ orchestratorUrl, orchestratorSecret: 'orchestrator-secret' });
  owner = await gh.user('owner', { certified: true });
  sec = await gh.user('sec', { security: true });
  secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: SOURCE })).json().secret;
});
afterAll(async () => {
  await gh?.stop();
  server?.close();
});

const post = (body: unknown) => send(gh, body, { source: SOURCE, secrets: [secret] });

let users = 0;
/** A fresh researcher with COMPUTE and DOWNLOAD on a project of their own, a running runtime and a file in it. */
async function researcher() {
  const user = await gh.user(`researcher${++users}`, { certified: true });
  const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: `Project ${users}` })).json() as { id: string };
  const acl = await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
    { principalId: owner.id, accessTypes: ALL }, { principalId: user.id, accessTypes: ['READ', 'DOWNLOAD', 'COMPUTE'] },
  ] });
  expect(acl.statusCode, acl.body).toBe(200);
  const runtime = await gh.as(user).post('/api/v1/runtimes', { projectId: project.id, name: 'notebook', kind: 'notebook' });
  expect(runtime.statusCode, runtime.body).toBe(201);
  return { user, project, runtimeId: runtime.json().id as number };
}

async function incidentsOf(userId: number) {
  return gh.ctx.db.query<{ id: number; state: string; counting: string; bytes: string; actions: unknown[] }>(
    'SELECT id, state, counting, bytes, actions FROM egress_incidents WHERE user_id = $1 ORDER BY id', [userId]);
}
async function noticesOf(userId: number) {
  return gh.ctx.db.query<{ title: string; body: string; link: string }>(`SELECT title, body, link FROM notifications WHERE user_id = $1 AND kind = 'egress.incident'`, [userId]);
}
async function decide(user: TestUser, entityId: string, action: string) {
  const res = await gh.as(user).post('/api/v1/decisions', { entityId, action });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { granted: boolean; rule: string; message: string | null };
}
const runtimeStatus = async (id: number) => (await gh.ctx.db.one<{ status: string }>('SELECT status FROM runtimes WHERE id = $1', [id])).status;

describe('a monitor event over a threshold', () => {
  it('opens an incident, tells the user once with the questions, suspends downloads and compute, and stops the runtimes', async () => {
    const { user, project, runtimeId } = await researcher();
    expect((await decide(user, project.id, 'DOWNLOAD')).granted).toBe(true);
    const before = received.length;
    const res = await post(event(gh, { runtimeId, bytes: 150 * MiB }));
    expect(res.statusCode, res.body).toBe(200);

    const [incident] = await incidentsOf(user.id);
    expect(incident).toMatchObject({ state: 'awaiting-user', counting: 'counted' });
    const notices = await noticesOf(user.id);
    expect(notices).toHaveLength(1);
    expect(notices[0].link).toBe(`/egress/incidents/${incident.id}`);
    expect(notices[0].body).toContain(`active in your account at ${gh.clock.now().toISOString()}`);
    expect(notices[0].body).toContain('SQL query or other method');

    const denied = await decide(user, project.id, 'DOWNLOAD');
    expect(denied).toMatchObject({ granted: false, rule: 'DENY_IF_EGRESS_SUSPENDED', message: 'Downloads are suspended for your account pending a security review.' });
    expect((await decide(user, project.id, 'COMPUTE')).rule).toBe('DENY_IF_EGRESS_SUSPENDED');
    expect(await runtimeStatus(runtimeId)).toBe('stopped');
    expect(received.slice(before).some((b) => JSON.parse(b).runtimeId === runtimeId)).toBe(true);

    // A second alert within 90 minutes joins the incident: no second incident, no second notice.
    gh.clock.advance(30 * 60_000);
    expect((await post(event(gh, { runtimeId, bytes: 150 * MiB }))).statusCode).toBe(200);
    const after = await incidentsOf(user.id);
    expect(after).toHaveLength(1);
    expect(Number(after[0].bytes)).toBe(300 * MiB);
    expect(await noticesOf(user.id)).toHaveLength(1);
    const audit = await gh.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'egress.escalated' AND details->>'userId' = $1`, [String(user.id)]);
    expect(audit.length).toBe(2);
  });

  it('an event under every threshold is only accounted: no incident, no notice', async () => {
    const { user, project, runtimeId } = await researcher();
    expect((await post(event(gh, { runtimeId, bytes: 10 * MiB }))).statusCode).toBe(200);
    expect(await incidentsOf(user.id)).toHaveLength(0);
    expect((await decide(user, project.id, 'DOWNLOAD')).granted).toBe(true);
  });

  it('an orchestrator that is down leaves the runtime stop_failed; the retry job stops it once it is back', async () => {
    const { user, runtimeId } = await researcher();
    answer = { status: 503, body: 'busy' };
    try {
      expect((await post(event(gh, { runtimeId, bytes: 150 * MiB }))).statusCode).toBe(200);
      expect(await incidentsOf(user.id)).toHaveLength(1);
      expect(await runtimeStatus(runtimeId)).toBe('stop_failed');
      await egressStopRetryJob.run(gh.ctx);
      expect(await runtimeStatus(runtimeId)).toBe('stop_failed');
    } finally {
      answer = { status: 200, body: '{"stopping":true}' };
    }
    await egressStopRetryJob.run(gh.ctx);
    expect(await runtimeStatus(runtimeId)).toBe('stopped');
  });

  it('the third incident in the look-back period disables the account, naming the incident', async () => {
    const { user, runtimeId } = await researcher();
    for (let i = 0; i < 3; i++) {
      expect((await post(event(gh, { runtimeId, bytes: 150 * MiB }))).statusCode).toBe(200);
      gh.clock.advance(3 * 3600_000);
    }
    const list = await incidentsOf(user.id);
    expect(list).toHaveLength(3);
    const u = await gh.ctx.db.one<{ status: string; disabled_reason: string }>('SELECT status, disabled_reason FROM users WHERE id = $1', [user.id]);
    expect(u.status).toBe('disabled');
    expect(u.disabled_reason).toContain(`Egress incident ${list[2].id}`);
  });

  it('high volume disables the account at once', async () => {
    const { user, runtimeId } = await researcher();
    expect((await post(event(gh, { runtimeId, bytes: 101 * 1024 * MiB }))).statusCode).toBe(200);
    expect((await gh.ctx.db.one<{ status: string }>('SELECT status FROM users WHERE id = $1', [user.id])).status).toBe('disabled');
    expect(await incidentsOf(user.id)).toHaveLength(1);
  });

  it('two events of one user at once make one incident, one notice and one suspension', async () => {
    const { user, runtimeId } = await researcher();
    const results = await Promise.all([post(event(gh, { runtimeId, bytes: 150 * MiB })), post(event(gh, { runtimeId, bytes: 150 * MiB }))]);
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(await incidentsOf(user.id)).toHaveLength(1);
    expect(await noticesOf(user.id)).toHaveLength(1);
    const suspensions = await gh.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'egress.escalated' AND details->>'userId' = $1 AND details->'actions' ? 'suspend'`, [String(user.id)]);
    expect(suspensions).toHaveLength(1);
  });
});
