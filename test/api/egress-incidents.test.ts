import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
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
  gh = await startTestGatehouse({ orchestratorUrl, orchestratorSecret: 'orchestrator-secret', sessionTtlHours: 24 * 365 });
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
    expect(notices[0].body).toContain(`active in your account at ${gh.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
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
      gh.clock.advance(30_000);
      await egressStopRetryJob.run(gh.ctx);
      expect(await runtimeStatus(runtimeId)).toBe('stop_failed');
    } finally {
      answer = { status: 200, body: '{"stopping":true}' };
    }
    // Another process running the job in the same round finds the runtime claimed: the orchestrator is not asked.
    const asked = received.length;
    await egressStopRetryJob.run(gh.ctx);
    expect(received.length).toBe(asked);
    expect(await runtimeStatus(runtimeId)).toBe('stop_failed');
    gh.clock.advance(30_000);
    await egressStopRetryJob.run(gh.ctx);
    expect(received.length).toBe(asked + 1);
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
    const results = await Promise.all([0, 1, 2, 3].map(() => post(event(gh, { runtimeId, bytes: 150 * MiB }))));
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    expect(await incidentsOf(user.id)).toHaveLength(1);
    expect(await noticesOf(user.id)).toHaveLength(1);
    const suspensions = await gh.ctx.db.query(`SELECT 1 FROM audit_log WHERE action = 'egress.escalated' AND details->>'userId' = $1 AND details->'actions' ? 'suspend'`, [String(user.id)]);
    expect(suspensions).toHaveLength(1);
  });
});

async function openIncident(bytes = 150 * MiB) {
  const r = await researcher();
  expect((await post(event(gh, { runtimeId: r.runtimeId, bytes }))).statusCode).toBe(200);
  const [incident] = await incidentsOf(r.user.id);
  return { ...r, incidentId: Number(incident.id) };
}

describe('the incidents API', () => {
  it('lists incidents for engineers only; the user sees their own without the assessment; others get 404', async () => {
    const { user, incidentId } = await openIncident();
    const list = await gh.as(sec).get(`/api/v1/egress/incidents?user=${user.username}&state=awaiting-user`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: incidentId, userId: user.id, state: 'awaiting-user', counting: 'counted' }] });
    const refused = await gh.as(user).get('/api/v1/egress/incidents');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('SECURITY_REQUIRED');
    expect((await gh.as(user).put(`/api/v1/egress/incidents/${incidentId}/assessment`, { notes: 'x' })).statusCode).toBe(403);

    expect((await gh.as(sec).put(`/api/v1/egress/incidents/${incidentId}/assessment`, {
      method: 'SQL export', amountBytes: 150 * MiB, piiInvolved: false, maliciousIntentSuspected: false, rate: '150 MiB in 5 min',
      manualOrScripted: 'manual', ports: [443], notes: 'Looks like a results table.',
    })).statusCode).toBe(200);
    const own = await gh.as(user).get(`/api/v1/egress/incidents/${incidentId}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().questions).toHaveLength(3);
    expect(own.json()).not.toHaveProperty('assessment');
    const full = (await gh.as(sec).get(`/api/v1/egress/incidents/${incidentId}`)).json();
    expect(full.assessment).toMatchObject({ method: 'SQL export', ports: [443] });
    const other = await researcher();
    expect((await gh.as(other.user).get(`/api/v1/egress/incidents/${incidentId}`)).statusCode).toBe(404);
    expect((await gh.as(sec).get('/api/v1/egress/incidents/999999')).statusCode).toBe(404);
  });

  it('the user answers the questions; the incident moves to under-review and the engineers are told', async () => {
    const { user, incidentId } = await openIncident();
    const res = await gh.as(user).post(`/api/v1/egress/incidents/${incidentId}/answers`, { answers: ['Yes, I ran a query.', 'SELECT count(*) …', 'Nothing was downloaded.'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'under-review', answers: [{ answer: 'Yes, I ran a query.' }, {}, {}] });
    const told = await gh.ctx.db.query(`SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'egress.incident-answered'`, [sec.id]);
    expect(told).toHaveLength(1);
    expect((await gh.as(user).post(`/api/v1/egress/incidents/${incidentId}/answers`, { answers: ['only one'] })).statusCode).toBe(400);
  });

  it('reinstating an account egress disabled enables it, lifts the suspension and tells the user; a second decision is 409', async () => {
    const { user, project, incidentId } = await openIncident(101 * 1024 * MiB);
    expect((await gh.ctx.db.one<{ status: string }>('SELECT status FROM users WHERE id = $1', [user.id])).status).toBe('disabled');
    const res = await gh.as(sec).post(`/api/v1/egress/incidents/${incidentId}/decision`, { decision: 'reinstate', reason: 'A mis-tagged backup job.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'closed-reinstated', decision: 'reinstate', decisionReason: 'A mis-tagged backup job.', decidedBy: sec.id });
    const u = await gh.ctx.db.one<{ status: string; egress_suspended_until: Date | null }>('SELECT status, egress_suspended_until FROM users WHERE id = $1', [user.id]);
    expect(u).toMatchObject({ status: 'active', egress_suspended_until: null });
    const told = await gh.ctx.db.query<{ body: string }>(`SELECT body FROM notifications WHERE user_id = $1 AND kind = 'egress.incident-decided'`, [user.id]);
    expect(told[0].body).toContain('A mis-tagged backup job.');
    // Enabling ends the sessions of before: the user signs in again, and may download.
    const back = { ...user, cookie: await signIn(gh, user.username, user.password) };
    expect((await decide(back, project.id, 'DOWNLOAD')).granted).toBe(true);
    const again = await gh.as(sec).post(`/api/v1/egress/incidents/${incidentId}/decision`, { decision: 'remediated', reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('EGRESS_INCIDENT_CLOSED');
  });

  it('an incident judged a false positive is not counted next time', async () => {
    const { user, runtimeId, incidentId } = await openIncident();
    expect((await gh.as(sec).post(`/api/v1/egress/incidents/${incidentId}/decision`, { decision: 'false-positive', reason: 'Monitor misread.' })).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) {
      gh.clock.advance(3 * 3600_000);
      expect((await post(event(gh, { runtimeId, bytes: 150 * MiB }))).statusCode).toBe(200);
    }
    expect(await incidentsOf(user.id)).toHaveLength(3);
    // Two counted incidents, not three: suspended, not disabled.
    expect((await gh.ctx.db.one<{ status: string }>('SELECT status FROM users WHERE id = $1', [user.id])).status).toBe('active');
  });
});

describe('bypass windows', () => {
  it('egress within the cap of a window is let through (a bypassed incident, no suspension); past the cap it counts', async () => {
    const { user, project, runtimeId } = await researcher();
    const grant = await gh.as(sec).post('/api/v1/egress/bypass-windows', { userId: user.id, capBytes: 200 * MiB, reason: 'Approved export of model weights.' });
    expect(grant.statusCode, grant.body).toBe(201);
    expect((await gh.as(user).post('/api/v1/egress/bypass-windows', { userId: user.id, capBytes: 1, reason: 'me' })).statusCode).toBe(403);
    expect((await post(event(gh, { runtimeId, bytes: 150 * MiB }))).statusCode).toBe(200);
    expect(await incidentsOf(user.id)).toMatchObject([{ counting: 'bypassed', state: 'open' }]);
    expect(await noticesOf(user.id)).toHaveLength(0);
    expect((await decide(user, project.id, 'DOWNLOAD')).granted).toBe(true);

    gh.clock.advance(60_000);
    expect((await post(event(gh, { runtimeId, bytes: 100 * MiB }))).statusCode).toBe(200);
    const list = await incidentsOf(user.id);
    expect(list.map((i) => i.counting)).toEqual(['bypassed', 'counted']);
    expect((await decide(user, project.id, 'DOWNLOAD')).rule).toBe('DENY_IF_EGRESS_SUSPENDED');
    const revoked = await gh.as(sec).delete(`/api/v1/egress/bypass-windows/${grant.json().id}`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const audit = await gh.ctx.db.query(`SELECT action FROM audit_log WHERE action LIKE 'egress.bypass-%' AND target_id = $1`, [String(user.id)]);
    expect(audit).toHaveLength(2);
  });
});

describe('the policy routes', () => {
  it('an engineer reads the policy, saves a new version on top of the one in force, and lists the versions; others are refused', async () => {
    const current = await gh.as(sec).get('/api/v1/egress/policy');
    expect(current.statusCode, current.body).toBe(200);
    const { version, policy } = current.json();
    const saved = await gh.as(sec).put('/api/v1/egress/policy', { expectedVersion: version, policy: { ...policy, lookBackDays: 180 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: version + 1, policy: { lookBackDays: 180 }, createdBy: sec.id });
    const stale = await gh.as(sec).put('/api/v1/egress/policy', { expectedVersion: version, policy });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('EGRESS_POLICY_STALE');
    const versions = (await gh.as(sec).get('/api/v1/egress/policy/versions')).json();
    expect(versions.items[0].version).toBe(version + 1);
    expect((await gh.as(owner).get('/api/v1/egress/policy')).statusCode).toBe(403);
    // Put back for the other tests of this file.
    expect((await gh.as(sec).put('/api/v1/egress/policy', { expectedVersion: version + 1, policy })).statusCode).toBe(200);
  });
});
