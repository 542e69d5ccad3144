import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const SOURCE = 'zeek';
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];

let gh: TestGatehouse;
let owner: TestUser;
let sec: TestUser;
let secret: string;

beforeAll(async () => {
  gh = await startTestGatehouse();
  owner = await gh.user('owner', { certified: true });
  sec = await gh.user('sec', { security: true });
  secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: SOURCE })).json().secret;
});
afterAll(async () => {
  await gh?.stop();
});

let users = 0;
const researcher = () => gh.user(`researcher${++users}`, { certified: true });
const ask = (user: TestUser, body: Record<string, unknown> = {}) =>
  gh.as(user).post('/api/v1/egress/bypass-requests', { bytes: 2 * GiB, justification: 'Export of the approved summary tables for the paper.', ...body });
async function filed(user: TestUser, body: Record<string, unknown> = {}) {
  const res = await ask(user, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; state: string; bytes: number };
}
const decide = (user: TestUser, id: number, body: Record<string, unknown>) => gh.as(user).post(`/api/v1/egress/bypass-requests/${id}/decision`, body);
const notices = (userId: number, kind: string) =>
  gh.ctx.db.query<{ title: string; body: string; link: string }>('SELECT title, body, link FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id', [userId, kind]);
const emails = (userId: number, kind: string) => gh.ctx.db.query(`SELECT 1 FROM outbox WHERE channel = 'email' AND recipient_user_id = $1 AND kind = $2`, [userId, kind]);
const windowsOf = (userId: number) =>
  gh.ctx.db.query<{ id: string; cap_bytes: string; from_at: Date; until_at: Date; reason: string }>('SELECT * FROM egress_bypass_windows WHERE user_id = $1 ORDER BY id', [userId]);
/** Rows of the tables a refused request must leave alone. */
const counts = async () => gh.ctx.db.one<{ requests: number; audit: number; notifications: number; outbox: number; windows: number }>(
  `SELECT (SELECT count(*)::int FROM egress_bypass_requests) AS requests, (SELECT count(*)::int FROM audit_log) AS audit,
          (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(*)::int FROM outbox) AS outbox,
          (SELECT count(*)::int FROM egress_bypass_windows) AS windows`);

describe('a large data download request', () => {
  it('a researcher asks, the security engineers are told; an engineer approves: a bypass window with the bytes asked for, and the researcher is told', async () => {
    const user = await researcher();
    const req = await filed(user);
    expect(req).toMatchObject({ state: 'pending', bytes: 2 * GiB, userId: user.id, from: null, until: null });
    const told = await notices(sec.id, 'egress.bypass-requested');
    expect(told.at(-1)).toMatchObject({ link: `/egress/bypass-requests/${req.id}` });
    expect(told.at(-1)!.body).toContain('2 GiB');
    expect((await emails(sec.id, 'egress.bypass-requested')).length).toBe(told.length);

    const res = await decide(sec, req.id, { decision: 'approve', reason: 'Approved by the data governance board.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'approved', decidedBy: sec.id, decisionReason: 'Approved by the data governance board.' });
    const [w] = await windowsOf(user.id);
    expect(res.json().bypassWindowId).toBe(Number(w.id));
    // The user reads the window they were granted on their request.
    const own = (await gh.as(user).get(`/api/v1/egress/bypass-requests/${req.id}`)).json();
    expect(own.window).toEqual({ from: new Date(w.from_at).toISOString(), until: new Date(w.until_at).toISOString(), capBytes: 2 * GiB, revokedAt: null });
    expect(Number(w.cap_bytes)).toBe(2 * GiB);
    // The policy's default: from the approval, two days.
    expect(new Date(w.from_at).getTime()).toBe(gh.clock.now().getTime());
    expect(new Date(w.until_at).getTime() - new Date(w.from_at).getTime()).toBe(2 * 86_400_000);
    const mine = await notices(user.id, 'egress.bypass-request-decided');
    expect(mine).toHaveLength(1);
    expect(mine[0].title).toContain('approved');
    expect((await emails(user.id, 'egress.bypass-request-decided')).length).toBe(1);
    // The same grant as the engineer's own: audited as egress.bypass-granted, naming the request.
    const audit = await gh.ctx.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE action IN ('egress.bypass-requested', 'egress.bypass-granted', 'egress.bypass-request-decided')
       AND (target_id = $1 OR target_id = $2) ORDER BY seq`, [String(req.id), String(user.id)]);
    expect(audit.map((a) => a.action)).toEqual(['egress.bypass-requested', 'egress.bypass-granted', 'egress.bypass-request-decided']);
    expect(audit[1].details.requestId).toBe(req.id);
    expect((await gh.as(sec).get(`/api/v1/egress/bypass-windows?userId=${user.id}`)).json().total).toBe(1);
  });

  it("the engineer's cap and dates win over the request's", async () => {
    const user = await researcher();
    const from = new Date(gh.clock.now().getTime() + 86_400_000).toISOString();
    const until = new Date(gh.clock.now().getTime() + 5 * 86_400_000).toISOString();
    const req = await filed(user, { from, until });
    expect(req).toMatchObject({ from, until });
    const until2 = new Date(gh.clock.now().getTime() + 3 * 86_400_000).toISOString();
    expect((await decide(sec, req.id, { decision: 'approve', reason: 'Less than asked.', capBytes: GiB, until: until2 })).statusCode).toBe(200);
    const [w] = await windowsOf(user.id);
    expect({ cap: Number(w.cap_bytes), from: new Date(w.from_at).toISOString(), until: new Date(w.until_at).toISOString() }).toEqual({ cap: GiB, from, until: until2 });
  });

  it('decline records the reason and tells the user; no window; a second decision is 409 BYPASS_REQUEST_DECIDED and changes nothing', async () => {
    const user = await researcher();
    const req = await filed(user);
    const res = await decide(sec, req.id, { decision: 'decline', reason: 'Not covered by the data use agreement.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'declined', decisionReason: 'Not covered by the data use agreement.', bypassWindowId: null });
    expect(await windowsOf(user.id)).toHaveLength(0);
    const mine = await notices(user.id, 'egress.bypass-request-decided');
    expect(mine[0].body).toContain('Not covered by the data use agreement.');

    const before = await counts();
    for (const decision of ['approve', 'decline']) {
      const again = await decide(sec, req.id, { decision, reason: 'again' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'BYPASS_REQUEST_DECIDED', state: 'declined' });
    }
    expect(await counts()).toEqual(before);
  });

  it('two engineers deciding at once: one decision wins, the other is 409, and one window is granted', async () => {
    const user = await researcher();
    const sec2 = await gh.user('sec2', { security: true });
    const req = await filed(user);
    const results = await Promise.all([
      decide(sec, req.id, { decision: 'approve', reason: 'Yes.' }),
      decide(sec2, req.id, { decision: 'approve', reason: 'Also yes.' }),
      decide(sec2, req.id, { decision: 'decline', reason: 'No.' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const state = (await gh.as(user).get(`/api/v1/egress/bypass-requests/${req.id}`)).json().state;
    expect(await windowsOf(user.id)).toHaveLength(state === 'approved' ? 1 : 0);
    expect(await notices(user.id, 'egress.bypass-request-decided')).toHaveLength(1);
  });

  it('another researcher can neither see it (404) nor decide it (403); the list shows a user their own, an engineer everyone, with filters', async () => {
    const user = await researcher();
    const other = await researcher();
    const req = await filed(user);
    await filed(other);
    expect((await gh.as(user).get(`/api/v1/egress/bypass-requests/${req.id}`)).statusCode).toBe(200);
    expect((await gh.as(sec).get(`/api/v1/egress/bypass-requests/${req.id}`)).statusCode).toBe(200);
    const hidden = await gh.as(other).get(`/api/v1/egress/bypass-requests/${req.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('BYPASS_REQUEST_NOT_FOUND');
    const before = await counts();
    const refused = await decide(other, req.id, { decision: 'approve', reason: 'me' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('SECURITY_REQUIRED');
    expect((await gh.as(user).post(`/api/v1/egress/bypass-requests/${req.id}/decision`, { decision: 'approve', reason: 'self' })).statusCode).toBe(403);
    expect((await gh.as(other).post(`/api/v1/egress/bypass-requests/${req.id}/withdraw`)).statusCode).toBe(404);
    expect(await counts()).toEqual(before);

    const own = (await gh.as(other).get(`/api/v1/egress/bypass-requests?userId=${user.id}`)).json();
    expect(own.items.every((r: { userId: number }) => r.userId === other.id)).toBe(true);
    expect(own.total).toBe(1);
    const filtered = (await gh.as(sec).get(`/api/v1/egress/bypass-requests?userId=${user.id}&state=pending`)).json();
    expect(filtered).toMatchObject({ total: 1, items: [{ id: req.id, username: user.username }] });
    const all = (await gh.as(sec).get('/api/v1/egress/bypass-requests?limit=1&offset=0')).json();
    expect(all.items).toHaveLength(1);
    expect(all.total).toBeGreaterThan(1);
    expect((await gh.as(sec).get('/api/v1/egress/bypass-requests?limit=501')).statusCode).toBe(400);
    expect((await gh.as(sec).get('/api/v1/egress/bypass-requests?state=lost')).statusCode).toBe(400);
  });

  it('the requester withdraws a pending request; a withdrawn one cannot be withdrawn again nor decided', async () => {
    const user = await researcher();
    const req = await filed(user);
    const res = await gh.as(user).post(`/api/v1/egress/bypass-requests/${req.id}/withdraw`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('withdrawn');
    const again = await gh.as(user).post(`/api/v1/egress/bypass-requests/${req.id}/withdraw`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('BYPASS_REQUEST_NOT_PENDING');
    expect((await decide(sec, req.id, { decision: 'approve', reason: 'late' })).json().code).toBe('BYPASS_REQUEST_DECIDED');
    expect(await windowsOf(user.id)).toHaveLength(0);
  });

  it('a user has at most 5 pending requests: the sixth is 409 BYPASS_REQUESTS_TOO_MANY; a withdrawn one makes room', async () => {
    const user = await researcher();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await filed(user)).id);
    const before = await counts();
    const sixth = await ask(user);
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json()).toMatchObject({ code: 'BYPASS_REQUESTS_TOO_MANY', max: 5 });
    expect(await counts()).toEqual(before);
    expect((await gh.as(user).post(`/api/v1/egress/bypass-requests/${ids[0]}/withdraw`)).statusCode).toBe(200);
    await filed(user);
  });

  it('bad input is a 400 problem with a code, and nothing is written', async () => {
    const user = await researcher();
    const now = gh.clock.now().getTime();
    const cases: [Record<string, unknown>, string][] = [
      [{ bytes: -1 }, 'VALIDATION_FAILED'],
      [{ bytes: 0 }, 'VALIDATION_FAILED'],
      [{ bytes: 1.5 }, 'VALIDATION_FAILED'],
      [{ from: new Date(now + 86_400_000).toISOString(), until: new Date(now).toISOString() }, 'BYPASS_REQUEST_BAD_SPAN'],
      [{ until: new Date(now - 60_000).toISOString() }, 'BYPASS_REQUEST_BAD_SPAN'],
      [{ justification: 'x'.repeat(4001) }, 'VALIDATION_FAILED'],
      [{ justification: '   ' }, 'JUSTIFICATION_REQUIRED'],
      [{ projectId: 'not-an-id' }, 'BAD_ID'],
      [{ projectId: 'syn999999999' }, 'PROJECT_NOT_FOUND'],
      [{ userId: sec.id }, 'VALIDATION_FAILED'],
      [{ from: 'tomorrow' }, 'VALIDATION_FAILED'],
    ];
    const before = await counts();
    for (const [body, code] of cases) {
      const res = await ask(user, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(code === 'PROJECT_NOT_FOUND' ? 404 : 400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code, JSON.stringify(body)).toBe(code);
    }
    const req = await filed(user);
    const mid = await counts();
    for (const body of [
      { decision: 'approve', reason: 'x', capBytes: -5 },
      { decision: 'maybe', reason: 'x' },
      { decision: 'approve', reason: '  ' },
      { decision: 'approve', reason: 'x', from: new Date(now + 2 * 86_400_000).toISOString(), until: new Date(now + 86_400_000).toISOString() },
    ]) {
      const res = await decide(sec, req.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBeTruthy();
    }
    expect((await decide(sec, 999_999, { decision: 'approve', reason: 'x' })).statusCode).toBe(404);
    expect((await gh.as(sec).get('/api/v1/egress/bypass-requests/abc')).json().code).toBe('BAD_ID');
    expect(before.requests + 1).toBe(mid.requests);
    expect(await counts()).toEqual(mid);
  });

  it("a request of a project is kept with the project's id; a project the user cannot see is answered as one that does not exist", async () => {
    const user = await researcher();
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Bypass project' })).json() as { id: string };
    const hidden = await ask(user, { projectId: project.id });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('PROJECT_NOT_FOUND');
    expect((await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: user.id, accessTypes: ['READ'] },
    ] })).statusCode).toBe(200);
    expect((await filed(user, { projectId: project.id }) as { projectId?: string }).projectId).toBe(project.id);
  });
});

describe('an approved request lets the transfer through', () => {
  it('egress above the 100 MiB threshold within the cap is a bypassed incident: no notice, no suspension, downloads still allowed', async () => {
    const user = await researcher();
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Transfer project' })).json() as { id: string };
    expect((await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: user.id, accessTypes: ['READ', 'DOWNLOAD', 'COMPUTE'] },
    ] })).statusCode).toBe(200);
    const runtime = await gh.as(user).post('/api/v1/runtimes', { projectId: project.id, name: 'notebook', kind: 'notebook' });
    expect(runtime.statusCode, runtime.body).toBe(201);
    const req = await filed(user, { bytes: 500 * MiB, projectId: project.id });
    expect((await decide(sec, req.id, { decision: 'approve', reason: 'Approved transfer.' })).statusCode).toBe(200);

    const res = await send(gh, event(gh, { runtimeId: runtime.json().id, bytes: 300 * MiB }), { source: SOURCE, secrets: [secret] });
    expect(res.statusCode, res.body).toBe(200);
    const incidents = await gh.ctx.db.query<{ counting: string; state: string }>('SELECT counting, state FROM egress_incidents WHERE user_id = $1', [user.id]);
    expect(incidents).toMatchObject([{ counting: 'bypassed', state: 'open' }]);
    expect(await notices(user.id, 'egress.incident')).toHaveLength(0);
    const u = await gh.ctx.db.one<{ egress_suspended_until: Date | null }>('SELECT egress_suspended_until FROM users WHERE id = $1', [user.id]);
    expect(u.egress_suspended_until).toBeNull();
    const d = await gh.as(user).post('/api/v1/decisions', { entityId: project.id, action: 'DOWNLOAD' });
    expect(d.json().granted).toBe(true);
  });
});
