import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DEFAULT_POLICY, type EgressPolicy } from '../../src/egress/policy.js';
import { loadPolicy, savePolicy } from '../../src/egress/policystore.js';

/**
 * Gatehouse's own downloads are egress (SPEC §10; src/egress/downloads.ts): counted per user before the first byte,
 * refused with §5's message when they would suspend, summary data up to its limit, bypass windows, download-list
 * archives, ranges, and tokens made for a runtime. The policy here watches 1,000 bytes in 5 minutes so that small
 * files cross it.
 */
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const SUSPENDED = 'Downloads are suspended for your account pending a security review.';
const LIMIT = 1000;

let gh: TestGatehouse;
let owner: TestUser;
let sec: TestUser;
let act: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse({ orchestratorUrl: null });
  owner = await gh.user('owner', { certified: true });
  sec = await gh.user('sec', { security: true });
  act = await gh.user('act', { act: true });
  const policy: EgressPolicy = {
    ...DEFAULT_POLICY,
    thresholds: { monitor: DEFAULT_POLICY.thresholds.monitor, download: [{ windowSeconds: 300, bytes: LIMIT }] },
    summaryDownloadMaxBytes: 500,
  };
  await savePolicy(gh.ctx.db, gh.clock, null, policy, (await loadPolicy(gh.ctx.db)).version);
});
afterAll(async () => {
  await gh?.stop();
});

async function upload(parentId: string, fileName: string, bytes: number): Promise<string> {
  const data = new FormData();
  data.append('parentId', parentId);
  data.append('file', new Blob(['x'.repeat(bytes)], { type: 'text/plain' }), fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  const res = await gh.as(owner).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

let users = 0;
/** A fresh researcher with READ and DOWNLOAD on a project of their own, holding files of 600 and 300 bytes. */
async function researcher() {
  const user = await gh.user(`researcher${++users}`, { certified: true });
  const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: `Project ${users}` })).json() as { id: string };
  const acl = await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
    { principalId: owner.id, accessTypes: ALL }, { principalId: user.id, accessTypes: ['READ', 'DOWNLOAD', 'COMPUTE'] },
  ] });
  expect(acl.statusCode, acl.body).toBe(200);
  const big = await upload(project.id, 'big.csv', 600);
  const small = await upload(project.id, 'small.csv', 300);
  return { user, project, big, small };
}

const download = (user: TestUser, id: string, headers: Record<string, string> = {}) =>
  gh.as(user).get(`/api/v1/entities/${id}/download`, headers);
/** The user's counted downloads (bigints as numbers on both databases). */
async function amounts(userId: number) {
  const rows = await gh.ctx.db.query<{ kind: string; bytes: string; state: string; data_class: string; bypassed: boolean; incident_id: string | null; refusal: string | null; runtime_id: string | null }>(
    'SELECT kind, bytes, state, data_class, bypassed, incident_id, refusal, runtime_id FROM egress_downloads WHERE user_id = $1 ORDER BY id', [userId]);
  const n = (v: string | number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({ ...r, bytes: Number(r.bytes), incident_id: n(r.incident_id), runtime_id: n(r.runtime_id) }));
}
const decide = async (user: TestUser, entityId: string) => (await gh.as(user).post('/api/v1/decisions', { entityId, action: 'DOWNLOAD' })).json();

describe('a Gatehouse download', () => {
  it('under the thresholds is served and counted with its bytes', async () => {
    const { user, big } = await researcher();
    const res = await download(user, big);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toHaveLength(600);
    expect(await amounts(user.id)).toMatchObject([{ kind: 'file', bytes: 600, state: 'served', data_class: 'row-level', refusal: null }]);
  });

  it('that would cross a suspending threshold is refused before any byte, with §5\'s message, and suspends the user at once', async () => {
    const { user, project, big, small } = await researcher();
    expect((await download(user, big)).statusCode).toBe(200);
    const refused = await download(user, big);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'EGRESS_SUSPENDED', detail: SUSPENDED });

    // The suspension is in the decision index: the next decision is denied, a small file too.
    expect(await decide(user, project.id)).toMatchObject({ granted: false, rule: 'DENY_IF_EGRESS_SUSPENDED', message: SUSPENDED });
    expect((await download(user, small)).statusCode).toBe(403);

    const rows = await amounts(user.id);
    expect(rows.slice(0, 2)).toMatchObject([{ state: 'served', bytes: 600 }, { state: 'refused', refusal: 'EGRESS_SUSPENDED' }]);
    const incidents = await gh.ctx.db.query<{ id: string; state: string; bytes: string; actions: { kind: string; source?: string }[] }>(
      'SELECT id, state, bytes, actions FROM egress_incidents WHERE user_id = $1', [user.id]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0].state).toBe('awaiting-user');
    expect(incidents[0].actions.map((a) => a.kind)).toEqual(['refuse-download', 'open-incident', 'notify-user', 'suspend', 'stop-runtimes']);
    expect(rows[1].incident_id).toBe(Number(incidents[0].id));
    const notices = await gh.ctx.db.query<{ title: string; body: string }>(`SELECT title, body FROM notifications WHERE user_id = $1 AND kind = 'egress.incident'`, [user.id]);
    expect(notices).toHaveLength(1);
    expect(notices[0].title).toBe('Unusually large downloads from your account');
    expect(notices[0].body).toContain('SQL query or other method');
    // The refusal is a download record of its own, with the reason.
    const records = await gh.ctx.db.query<{ result: string; rule: string | null; bytes: number }>(
      `SELECT result, rule, bytes::int AS bytes FROM download_records WHERE user_id = $1 ORDER BY id`, [user.id]);
    expect(records.slice(0, 2)).toMatchObject([{ result: 'served', bytes: 600 }, { result: 'denied', rule: 'EGRESS_SUSPENDED', bytes: 0 }]);

    // The engineer reinstates: downloads work again, and the refused bytes never counted.
    const decided = await gh.as(sec).post(`/api/v1/egress/incidents/${incidents[0].id}/decision`, { decision: 'reinstate', reason: 'A planned export.' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await download(user, small)).statusCode).toBe(200);
  });

  it('counts a range request by the bytes of the range', async () => {
    const { user, big } = await researcher();
    const res = await download(user, big, { range: 'bytes=0-99' });
    expect(res.statusCode).toBe(206);
    expect(await amounts(user.id)).toMatchObject([{ kind: 'range', bytes: 100, state: 'served' }]);
    // Ten ranges of 100 bytes reach the limit; the eleventh would cross it.
    for (let i = 1; i < 10; i++) expect((await download(user, big, { range: 'bytes=0-99' })).statusCode).toBe(206);
    expect((await download(user, big, { range: 'bytes=0-0' })).json().code).toBe('EGRESS_SUSPENDED');
  });

  it('as a download-list archive that would cross the threshold is refused whole, and the list is kept', async () => {
    const { user, big, small } = await researcher();
    expect((await gh.as(user).post('/api/v1/download-list', { entityIds: [big, small, ] })).statusCode).toBe(200);
    const first = await gh.as(user).post('/api/v1/download-list/package', {});
    expect(first.statusCode, first.body).toBe(200);
    expect(await amounts(user.id)).toMatchObject([{ kind: 'archive', bytes: 900, state: 'served' }]);

    expect((await gh.as(user).post('/api/v1/download-list', { entityIds: [big] })).statusCode).toBe(200);
    const second = await gh.as(user).post('/api/v1/download-list/package', {});
    expect(second.statusCode).toBe(403);
    expect(second.json()).toMatchObject({ code: 'EGRESS_SUSPENDED', detail: SUSPENDED });
    const list = (await gh.as(user).get('/api/v1/download-list')).json();
    expect(JSON.stringify(list)).toContain(big);
  });

  it('of summary data is served up to the summary limit without counting; larger is refused without a suspension', async () => {
    const { user, project } = await researcher();
    const summary = (await gh.as(owner).post('/api/v1/entities', { type: 'folder', name: 'summary', parentId: project.id })).json().id as string;
    const marked = await gh.as(owner).put(`/api/v1/entities/${summary}/data-class`, { dataClass: 'summary' });
    expect(marked.statusCode, marked.body).toBe(200);
    const fits = await upload(summary, 'frequencies.tsv', 400);
    const tooBig = await upload(summary, 'all-frequencies.tsv', 700);
    expect((await gh.as(user).get(`/api/v1/entities/${fits}`)).json()).toMatchObject({ dataClass: null, effectiveDataClass: 'summary' });

    // Three summary downloads of 400 bytes: 1,200 bytes, more than the row-level limit, and none is counted there.
    for (let i = 0; i < 3; i++) expect((await download(user, fits)).statusCode).toBe(200);
    const refused = await download(user, tooBig);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'SUMMARY_DOWNLOAD_TOO_LARGE', limitBytes: 500 });
    expect(refused.json().detail).toContain('larger than the 500 bytes allowed');
    expect(await decide(user, project.id)).toMatchObject({ granted: true });
    const rows = await amounts(user.id);
    expect(rows.map((r) => [r.data_class, r.state])).toEqual([['summary', 'served'], ['summary', 'served'], ['summary', 'served'], ['summary', 'refused']]);
    expect(await gh.ctx.db.query('SELECT 1 FROM egress_incidents WHERE user_id = $1', [user.id])).toHaveLength(0);
  });

  it('inside a bypass window is let through up to its cap and marked bypassed; beyond the cap it is refused', async () => {
    const { user, big } = await researcher();
    const grant = await gh.as(sec).post('/api/v1/egress/bypass-windows', { userId: user.id, capBytes: 1500, reason: 'Approved transfer to the partner site.' });
    expect(grant.statusCode, grant.body).toBe(201);
    expect((await download(user, big)).statusCode).toBe(200);
    expect((await download(user, big)).statusCode).toBe(200); // 1,200 bytes: over the threshold, within the cap
    expect((await download(user, big)).json().code).toBe('EGRESS_SUSPENDED'); // 1,800: over the cap
    const rows = await amounts(user.id);
    expect(rows.map((r) => [r.state, r.bypassed])).toEqual([['served', true], ['served', true], ['refused', false]]);
    const incidents = await gh.ctx.db.query<{ counting: string }>('SELECT counting FROM egress_incidents WHERE user_id = $1 ORDER BY id', [user.id]);
    expect(incidents.map((i) => i.counting)).toEqual(['bypassed', 'counted']);
  });

  it('two downloads at once that together cross the threshold never both go out', async () => {
    const { user, big } = await researcher();
    const results = await Promise.all([download(user, big), download(user, big)]);
    const served = results.filter((r) => r.statusCode === 200);
    expect(served.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.statusCode === 403).every((r) => r.json().code === 'EGRESS_SUSPENDED')).toBe(true);
    expect(await decide(user, big)).toMatchObject({ granted: false, rule: 'DENY_IF_EGRESS_SUSPENDED' });
  });

  it('through a token made for a runtime is counted against that runtime', async () => {
    const { user, project, small } = await researcher();
    const runtime = await gh.as(user).post('/api/v1/runtimes', { projectId: project.id, name: 'notebook', kind: 'notebook' });
    expect(runtime.statusCode, runtime.body).toBe(201);
    const made = await gh.as(user).post('/api/v1/tokens', { name: 'notebook token', runtimeId: runtime.json().id });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().details.runtimeId).toBe(runtime.json().id);
    const res = await gh.app.inject({ method: 'GET', url: `/api/v1/entities/${small}/download`, headers: { authorization: `Bearer ${made.json().token}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await amounts(user.id))[0].runtime_id).toBe(runtime.json().id);

    // Someone else's runtime, or none at all: refused, and no token is made.
    const other = await gh.user(`other${users}`, { certified: true });
    expect((await gh.as(other).post('/api/v1/tokens', { name: 'theirs', runtimeId: runtime.json().id })).json().code).toBe('RUNTIME_NOT_FOUND');
    expect(await gh.ctx.db.query('SELECT 1 FROM access_tokens WHERE user_id = $1', [other.id])).toHaveLength(0);
  });
});

describe('marking data row-level or summary', () => {
  it('is for ACT, admins and whoever may change the permissions; it is inherited, audited, and null inherits again', async () => {
    const { user, project, big } = await researcher();
    const refused = await gh.as(user).put(`/api/v1/entities/${project.id}/data-class`, { dataClass: 'summary' });
    expect(refused.statusCode).toBe(403);
    expect((await gh.as(user).get(`/api/v1/entities/${big}`)).json().effectiveDataClass).toBe('row-level');

    expect((await gh.as(act).put(`/api/v1/entities/${project.id}/data-class`, { dataClass: 'summary' })).json())
      .toMatchObject({ dataClass: 'summary', effectiveDataClass: 'summary' });
    expect((await gh.as(owner).put(`/api/v1/entities/${big}/data-class`, { dataClass: 'row-level' })).statusCode).toBe(200);
    expect((await gh.as(user).get(`/api/v1/entities/${big}`)).json()).toMatchObject({ dataClass: 'row-level', effectiveDataClass: 'row-level' });
    const cleared = await gh.as(owner).put(`/api/v1/entities/${big}/data-class`, { dataClass: null });
    expect(cleared.json()).toMatchObject({ dataClass: null, effectiveDataClass: 'summary' });
    const audit = await gh.ctx.db.query<{ details: { from: string | null; to: string | null } }>(
      `SELECT details FROM audit_log WHERE action = 'entity.data-class-changed' AND target_id = $1 ORDER BY seq`, [big]);
    expect(audit.map((a) => a.details)).toEqual([{ from: null, to: 'row-level' }, { from: 'row-level', to: null }]);

    const bad = await gh.as(act).put(`/api/v1/entities/${big}/data-class`, { dataClass: 'aggregate' });
    expect(bad.statusCode).toBe(400);
    expect((await gh.as(user).get(`/api/v1/entities/${big}`)).json().dataClass).toBeNull();
  });
});

describe('the egress metrics', () => {
  it('read the database, so every process reports the incidents, suspended users and refused downloads alike', async () => {
    const { user, big } = await researcher();
    const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    const before = (await gh.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect((await download(user, big)).statusCode).toBe(200);
    expect((await download(user, big)).statusCode).toBe(403);
    const after = (await gh.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(value(after, 'gatehouse_egress_downloads_refused{reason="EGRESS_SUSPENDED"}')).toBe(value(before, 'gatehouse_egress_downloads_refused{reason="EGRESS_SUSPENDED"}') + 1);
    expect(value(after, 'gatehouse_egress_users{status="suspended"}')).toBe(value(before, 'gatehouse_egress_users{status="suspended"}') + 1);
    expect(value(after, 'gatehouse_egress_incidents{state="awaiting-user"}')).toBe(value(before, 'gatehouse_egress_incidents{state="awaiting-user"}') + 1);
    expect(after).toMatch(/^gatehouse_egress_runtime_stops_pending \d+$/m);
  });
});

describe("an incident's context", () => {
  it("shows the engineer the incident's downloads, the user's other downloads, runtimes and earlier incidents; nobody else", async () => {
    const { user, project, big, small } = await researcher();
    const runtime = await gh.as(user).post('/api/v1/runtimes', { projectId: project.id, name: 'vm', kind: 'vm' });
    expect(runtime.statusCode, runtime.body).toBe(201);
    expect((await download(user, big)).statusCode).toBe(200);
    expect((await download(user, big)).statusCode).toBe(403);
    const [{ id: first }] = await gh.ctx.db.query<{ id: string }>('SELECT id FROM egress_incidents WHERE user_id = $1', [user.id]);
    expect((await gh.as(sec).post(`/api/v1/egress/incidents/${first}/decision`, { decision: 'remediated', reason: 'Told to use the workspace.' })).statusCode).toBe(200);
    await gh.ctx.db.query('UPDATE users SET egress_suspended_until = NULL WHERE id = $1', [user.id]);
    gh.clock.advance(6 * 60_000);
    expect((await download(user, small)).statusCode).toBe(200);
    expect((await download(user, big)).statusCode).toBe(200);
    expect((await download(user, big)).statusCode).toBe(403);
    const [, { id: second }] = await gh.ctx.db.query<{ id: string }>('SELECT id FROM egress_incidents WHERE user_id = $1 ORDER BY id', [user.id]);

    const res = await gh.as(sec).get(`/api/v1/egress/incidents/${second}/context`);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    const inIt = c.timeline.filter((t: { inIncident: boolean }) => t.inIncident);
    expect(inIt).toMatchObject([{ source: 'download', bytes: 600, state: 'refused', detail: 'file download, row-level', projectId: project.id }]);
    expect(c.timeline.filter((t: { state: string }) => t.state === 'served')).toHaveLength(3);
    expect(c.runtimes).toMatchObject([{ id: runtime.json().id, name: 'vm', projectId: project.id }]);
    expect(c.earlierIncidents).toMatchObject([{ id: Number(first), state: 'closed-remediated' }]);
    expect(c.thresholds.download).toEqual([{ windowSeconds: 300, bytes: LIMIT }]);

    expect((await gh.as(user).get(`/api/v1/egress/incidents/${second}/context`)).json().code).toBe('SECURITY_REQUIRED');
    expect((await gh.as(sec).get('/api/v1/egress/incidents/999999/context')).json().code).toBe('EGRESS_INCIDENT_NOT_FOUND');
  });
});
