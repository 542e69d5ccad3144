import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { stopRuntimesOfUser } from '../../src/runtimes/runtimes.js';

const SECRET = 'orchestrator-shared-secret';
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];

let gh: TestGatehouse;
let root: TestUser;
let owner: TestUser;
let analyst: TestUser;
let viewer: TestUser;
let server: Server;
let orchestratorUrl: string;
/** What the fake orchestrator received, and what it answers next. */
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let answer = { status: 200, body: '{"stopping":true}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  orchestratorUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/gatehouse`;
  gh = await startTestGatehouse({ orchestratorUrl, orchestratorSecret: SECRET });
  root = await gh.user('root', { admin: true });
  owner = await gh.user('owner', { certified: true });
  analyst = await gh.user('analyst', { certified: true });
  viewer = await gh.user('viewer', { certified: true });
});
afterAll(async () => {
  await gh?.stop();
  server?.close();
});

async function computeProject(name: string) {
  const p = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name })).json();
  const acl = await gh.as(owner).put(`/api/v1/entities/${p.id}/acl`, { entries: [
    { principalId: owner.id, accessTypes: ALL },
    { principalId: analyst.id, accessTypes: ['READ', 'COMPUTE'] },
    { principalId: viewer.id, accessTypes: ['READ'] },
  ] });
  expect(acl.statusCode, acl.body).toBe(200);
  return p as { id: string };
}
async function register(user: TestUser, projectId: string, name = 'notebook-1', extra: Record<string, unknown> = {}) {
  return gh.as(user).post('/api/v1/runtimes', { projectId, name, kind: 'notebook', ...extra });
}

describe('registering runtimes', () => {
  it('a user with COMPUTE on the project registers a runtime; without COMPUTE it is refused with the rule', async () => {
    const p = await computeProject('Compute here');
    const res = await register(analyst, p.id, ' jupyter-7 ', { externalId: 'k8s/ns/jupyter-7' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      projectId: p.id, userId: analyst.id, username: 'analyst', name: 'jupyter-7', kind: 'notebook',
      externalId: 'k8s/ns/jupyter-7', status: 'running', stoppedAt: null, orchestratorResult: null,
    });
    const denied = await register(viewer, p.id);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'DENY', detail: 'You lack COMPUTE access to the requested entity.' });
    const stranger = await gh.user('stranger', { certified: true });
    expect((await register(stranger, p.id)).statusCode).toBe(404);
    expect((await register(analyst, 'syn99999999')).statusCode).toBe(404);
    const folder = (await gh.as(owner).post('/api/v1/entities', { type: 'folder', name: 'f', parentId: p.id })).json();
    expect((await register(owner, folder.id)).json()).toMatchObject({ code: 'NOT_A_PROJECT' });
    expect((await gh.as(null).post('/api/v1/runtimes', { projectId: p.id, name: 'x', kind: 'vm' })).statusCode).toBe(401);
  });

  it('inside an authorization domain, COMPUTE also needs membership of every group', async () => {
    const p = await computeProject('AD compute');
    await gh.as(owner).post('/api/v1/groups', { name: 'Compute-Consent' });
    expect((await gh.as(owner).post(`/api/v1/projects/${p.id}/authorization-domain`, { groups: ['Compute-Consent'] })).statusCode).toBe(200);
    const res = await register(analyst, p.id);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
    await gh.as(owner).post('/api/v1/groups/Compute-Consent/members', { userId: analyst.id });
    expect((await register(analyst, p.id)).statusCode).toBe(201);
  });

  it('lists my runtimes, newest first; a platform administrator sees everyone\'s', async () => {
    const p = await computeProject('Listing');
    await register(analyst, p.id, 'vm-a', { kind: 'vm' });
    gh.clock.advance(1000);
    await register(analyst, p.id, 'vm-b', { kind: 'vm' });
    await register(owner, p.id, 'owner-vm', { kind: 'vm' });
    const mine = (await gh.as(analyst).get(`/api/v1/runtimes?projectId=${p.id}`)).json();
    expect(mine.items.map((r: { name: string }) => r.name)).toEqual(['vm-b', 'vm-a']);
    const all = (await gh.as(root).get(`/api/v1/runtimes?projectId=${p.id}`)).json();
    expect(all.total).toBe(3);
    expect((await gh.as(root).get(`/api/v1/runtimes?projectId=${p.id}&userId=${owner.id}`)).json().items.map((r: { name: string }) => r.name)).toEqual(['owner-vm']);
    // Someone else's runtime is not found by a user who has no say over it.
    expect((await gh.as(viewer).get(`/api/v1/runtimes/${mine.items[0].id}`)).statusCode).toBe(404);
    expect((await gh.as(owner).get(`/api/v1/runtimes/${mine.items[0].id}`)).statusCode).toBe(200);
  });
});

describe('stopping runtimes', () => {
  it('calls the orchestrator with an HMAC-SHA256 signed webhook and records its answer', async () => {
    const p = await computeProject('Stopping');
    const rt = (await register(analyst, p.id, 'to-stop', { externalId: 'vm-42' })).json();
    received.length = 0;
    answer = { status: 200, body: '{"stopping":true}' };
    const res = await gh.as(analyst).post(`/api/v1/runtimes/${rt.id}/stop`, { reason: 'done for today' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'stopped', stopReason: 'done for today', stopRequestedBy: analyst.id, stoppedAt: gh.clock.now().toISOString(),
      orchestratorResult: { delivered: true, status: 200, body: '{"stopping":true}', error: null },
    });

    expect(received).toHaveLength(1);
    const { headers, body } = received[0];
    expect(headers['x-gatehouse-event']).toBe('runtime.stop');
    const timestamp = headers['x-gatehouse-timestamp'] as string;
    expect(Number(timestamp)).toBe(Math.floor(gh.clock.now().getTime() / 1000));
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
    expect(headers['x-gatehouse-signature']).toBe(expected);
    expect(JSON.parse(body)).toMatchObject({
      event: 'runtime.stop', runtimeId: rt.id, externalId: 'vm-42', projectId: p.id, userId: analyst.id,
      username: 'analyst', reason: 'done for today', requestedBy: analyst.id,
    });

    expect((await gh.as(analyst).post(`/api/v1/runtimes/${rt.id}/stop`)).json()).toMatchObject({ code: 'RUNTIME_STOPPED' });
    const audit = (await gh.as(root).get(`/api/v1/audit-log?targetType=runtime&targetId=${rt.id}`)).json().items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['runtime.stopped', 'runtime.stop-requested', 'runtime.registered']);
  });

  it('an orchestrator that refuses, or none configured, leaves the runtime stop_failed; the stop can be asked again', async () => {
    const p = await computeProject('Failing stop');
    const rt = (await register(analyst, p.id, 'stubborn')).json();
    answer = { status: 503, body: 'busy' };
    const failed = (await gh.as(analyst).post(`/api/v1/runtimes/${rt.id}/stop`, {})).json();
    expect(failed).toMatchObject({ status: 'stop_failed', stoppedAt: null, orchestratorResult: { delivered: false, status: 503, body: 'busy', error: 'The orchestrator answered 503.' } });

    gh.ctx.config.orchestratorUrl = null;
    try {
      const none = (await gh.as(analyst).post(`/api/v1/runtimes/${rt.id}/stop`, {})).json();
      expect(none).toMatchObject({ status: 'stop_failed', orchestratorResult: { delivered: false, status: null, error: 'ORCHESTRATOR_URL is not configured.' } });
    } finally {
      gh.ctx.config.orchestratorUrl = orchestratorUrl;
    }
    answer = { status: 202, body: '' };
    expect((await gh.as(analyst).post(`/api/v1/runtimes/${rt.id}/stop`, {})).json()).toMatchObject({ status: 'stopped' });
  });

  it('the project owner and administrators stop others\' runtimes; others cannot', async () => {
    const p = await computeProject('Owner stops');
    const rt = (await register(analyst, p.id, 'victim')).json();
    answer = { status: 200, body: 'ok' };
    expect((await gh.as(viewer).post(`/api/v1/runtimes/${rt.id}/stop`, {})).statusCode).toBe(404);
    expect((await gh.as(owner).post(`/api/v1/runtimes/${rt.id}/stop`, { reason: 'policy' })).json()).toMatchObject({ status: 'stopped', stopRequestedBy: owner.id });
  });

  it('egress enforcement stops every running runtime of a user', async () => {
    const p = await computeProject('Egress');
    await register(viewer, p.id).then((r) => expect(r.statusCode).toBe(403));
    const a = (await register(analyst, p.id, 'e1')).json();
    const b = (await register(analyst, p.id, 'e2')).json();
    answer = { status: 200, body: 'ok' };
    const stopped = await stopRuntimesOfUser(gh.ctx, analyst.id, 'egress incident');
    const ids = stopped.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(stopped.every((r) => r.status === 'stopped' && r.stopReason === 'egress incident' && r.stopRequestedBy === null)).toBe(true);
    expect((await gh.as(analyst).get(`/api/v1/runtimes?status=running`)).json().total).toBe(0);
  });
});
