import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let admin: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  admin = await gh.user('root', { admin: true });
});
afterAll(async () => gh?.stop());

const auditActions = async (userId: number) =>
  (await gh.ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_type = 'user' AND target_id = $1 ORDER BY seq`, [String(userId)]))
    .map((r) => r.action);

describe('finding users', () => {
  it('a user finds others by the start of their username or of a word of their name, without seeing their email', async () => {
    const amy = await gh.user('amysmith');
    await gh.user('amelia');
    await gh.user('bert');
    const byName = (await gh.as(amy).get('/api/v1/users?q=am')).json();
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['amelia', 'amysmith']);
    expect(byName.total).toBe(2);
    expect(byName.items[0]).toEqual({ id: expect.any(Number), username: 'amelia', displayName: 'Amelia', isCertified: false, isValidated: false });

    await gh.ctx.db.query(`UPDATE users SET display_name = 'Bert van Dijk' WHERE username = 'bert'`);
    expect((await gh.as(amy).get('/api/v1/users?q=dij')).json().items.map((u: { username: string }) => u.username)).toEqual(['bert']);
  });

  it('an email address finds a user only when whole, except for admins', async () => {
    const cat = await gh.user('cat');
    await gh.user('dora');
    expect((await gh.as(cat).get('/api/v1/users?q=dora@exa')).json().total).toBe(0);
    expect((await gh.as(cat).get('/api/v1/users?q=DORA@example.org')).json().items.map((u: { username: string }) => u.username)).toEqual(['dora']);
    const forAdmin = (await gh.as(admin).get('/api/v1/users?q=dora@exa')).json();
    expect(forAdmin.items[0]).toMatchObject({ username: 'dora', email: 'dora@example.org', status: 'active', isAdmin: false, isAct: false, twoFactorEnabled: false });
  });

  it('one user can be looked up by id; an unknown id is a 404', async () => {
    const edna = await gh.user('edna');
    expect((await gh.as(edna).get(`/api/v1/users/${admin.id}`)).json()).toEqual({
      id: admin.id, username: 'root', displayName: 'Root', isCertified: false, isValidated: false,
    });
    expect((await gh.as(edna).get('/api/v1/users/987654')).statusCode).toBe(404);
    expect((await gh.as(edna).get('/api/v1/users/abc')).json().code).toBe('BAD_ID');
    expect((await gh.as(null).get('/api/v1/users')).statusCode).toBe(401);
  });
});

describe('managing users', () => {
  it('an admin creates a user who signs in and must accept the terms first', async () => {
    const res = await gh.as(admin).post('/api/v1/users', { username: 'fred', email: 'fred@example.org', displayName: 'Fred F', password: 'a long and secret passphrase' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'fred', displayName: 'Fred F', email: 'fred@example.org', status: 'active' });
    const signedIn = await gh.as(null).post('/api/v1/auth/login', { username: 'fred', password: 'a long and secret passphrase' });
    expect(signedIn.json().user.acceptedTerms).toBe(false);
    const taken = await gh.as(admin).post('/api/v1/users', { username: 'FRED', email: 'other@example.org', password: 'another long password' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('USERNAME_TAKEN');
  });

  it('an admin disables a user: their next call is refused by session and by token, and sign-in too; enabling lets them sign in anew', async () => {
    const gil = await gh.user('gil');
    const { token } = (await gh.as(gil).post('/api/v1/tokens', { name: 'cli' })).json();
    const res = await gh.as(admin).post(`/api/v1/users/${gil.id}/disable`, { reason: 'Left the institution.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'disabled', disabledReason: 'Left the institution.',
      disabledAt: gh.clock.now().toISOString(), disabledBy: { id: admin.id, username: admin.username } });
    // The admin's user page says who disabled the account and when.
    expect((await gh.as(admin).get(`/api/v1/users/${gil.id}`)).json()).toMatchObject({
      disabledAt: gh.clock.now().toISOString(), disabledBy: { id: admin.id, username: admin.username } });

    const bySession = await gh.as(gil).get('/api/v1/me');
    expect(bySession.statusCode).toBe(403);
    expect(bySession.json()).toMatchObject({ code: 'USER_DISABLED', detail: 'User is disabled.' });
    const byToken = await gh.as(null).get('/api/v1/me', { authorization: `Bearer ${token}` });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().detail).toBe('User is disabled.');
    const signIn = await gh.as(null).post('/api/v1/auth/login', { username: 'gil', password: TEST_PASSWORD });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().code).toBe('USER_DISABLED');

    gh.clock.advance(60_000);
    const enabled = await gh.as(admin).post(`/api/v1/users/${gil.id}/enable`, { reason: 'Came back.' });
    expect(enabled.json()).toMatchObject({ status: 'active', disabledReason: null, disabledAt: null, disabledBy: null });
    // The token from before was revoked for good when the account was disabled (docs/adr/0009).
    const oldToken = await gh.as(null).get('/api/v1/me', { authorization: `Bearer ${token}` });
    expect(oldToken.statusCode).toBe(401);
    expect(oldToken.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(oldToken.json().detail).toMatch(/revoked when the account was disabled on \d{4}-\d\d-\d\d\. Create a new one\./);
    const relogin = await gh.as(null).post('/api/v1/auth/login', { username: 'gil', password: TEST_PASSWORD });
    expect(relogin.statusCode).toBe(200);
    const cookie = `gh_session=${relogin.cookies.find((c) => c.name === 'gh_session')!.value}`;
    const listed = (await gh.app.inject({ url: '/api/v1/tokens', headers: { cookie } })).json();
    expect(listed.items ?? listed).toEqual([expect.objectContaining({ name: 'cli', state: 'revoked' })]);
    const fresh = (await gh.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie }, payload: { name: 'cli again' } })).json();
    expect((await gh.as(null).get('/api/v1/me', { authorization: `Bearer ${fresh.token}` })).statusCode).toBe(200);
    // The session from before the account was disabled does not come back.
    expect((await gh.as(gil).get('/api/v1/me')).statusCode).toBe(401);
    expect(await auditActions(gil.id)).toEqual(expect.arrayContaining(['user.disabled', 'user.enabled']));
    const details = await gh.ctx.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE target_type = 'user' AND target_id = $1 AND action IN ('user.disabled', 'user.enabled') ORDER BY seq`, [String(gil.id)]);
    expect(details.map((d) => [d.action, d.details.tokensRevoked])).toEqual([['user.disabled', 1], ['user.enabled', 1]]);
  });

  it('admins grant and remove the admin and ACT roles', async () => {
    const hana = await gh.user('hana');
    const res = await gh.as(admin).put(`/api/v1/users/${hana.id}/roles`, { admin: false, act: true });
    expect(res.json()).toMatchObject({ isAdmin: false, isAct: true });
    expect((await gh.as(hana).get('/api/v1/me')).json()).toMatchObject({ isAct: true, isAdmin: false });
    expect((await gh.as(hana).get('/api/v1/verifications')).statusCode).toBe(200);
    await gh.as(admin).put(`/api/v1/users/${hana.id}/roles`, { admin: false, act: false });
    expect((await gh.as(hana).get('/api/v1/me')).json().isAct).toBe(false);
    expect(await auditActions(hana.id)).toEqual(expect.arrayContaining(['role.act-granted', 'role.act-revoked']));

    const own = await gh.as(admin).put(`/api/v1/users/${admin.id}/roles`, { admin: false, act: false });
    expect(own.statusCode).toBe(409);
    expect((await gh.as(admin).get('/api/v1/me')).json().isAdmin).toBe(true);
  });

  it('bad inputs and non-admins change nothing', async () => {
    const ivan = await gh.user('ivan');
    const jade = await gh.user('jade');
    const before = await auditActions(jade.id);

    const noReason = await gh.as(admin).post(`/api/v1/users/${jade.id}/disable`, { reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('REASON_REQUIRED');
    const missingReason = await gh.as(admin).post(`/api/v1/users/${jade.id}/disable`, {});
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json().code).toBe('VALIDATION_FAILED');
    const unknown = await gh.as(admin).post('/api/v1/users/999999/disable', { reason: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect((await gh.as(admin).put('/api/v1/users/999999/roles', { admin: true, act: false })).statusCode).toBe(404);
    expect((await gh.as(admin).post('/api/v1/users/999999/reset-2fa')).statusCode).toBe(404);
    const self = await gh.as(admin).post(`/api/v1/users/${admin.id}/disable`, { reason: 'oops' });
    expect(self.json().code).toBe('CANNOT_DISABLE_SELF');

    const notAdmin = await gh.as(ivan).post(`/api/v1/users/${jade.id}/disable`, { reason: 'I do not like Jade.' });
    expect(notAdmin.statusCode).toBe(403);
    expect(notAdmin.json().code).toBe('ADMIN_REQUIRED');
    expect((await gh.as(ivan).put(`/api/v1/users/${ivan.id}/roles`, { admin: true, act: true })).statusCode).toBe(403);
    expect((await gh.as(ivan).post('/api/v1/users', { username: 'kid', email: 'kid@example.org', password: 'a long password here' })).statusCode).toBe(403);

    expect((await gh.as(jade).get('/api/v1/me')).json()).toMatchObject({ username: 'jade', isAdmin: false });
    expect((await gh.as(ivan).get('/api/v1/me')).json()).toMatchObject({ isAdmin: false, isAct: false });
    expect(await auditActions(jade.id)).toEqual(before);
    expect((await gh.as(admin).get('/api/v1/users?q=kid')).json().total).toBe(0);
  });
});
