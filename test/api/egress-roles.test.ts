import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let root: TestUser;
let alice: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  root = await gh.user('root', { admin: true });
  alice = await gh.user('alice');
});
afterAll(async () => gh?.stop());

describe('Security Engineer and Director of Governance roles', () => {
  it('an admin grants both roles; the user summary, /me and the audit log show them, and revoking takes them away', async () => {
    const before = await gh.as(alice).get('/api/v1/me');
    expect(before.json()).toMatchObject({ isSecurity: false, isGovernance: false });

    const granted = await gh.as(root).put(`/api/v1/users/${alice.id}/roles`, { admin: false, act: false, security: true, governance: true });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ isAdmin: false, isAct: false, isSecurity: true, isGovernance: true });
    expect((await gh.as(alice).get('/api/v1/me')).json()).toMatchObject({ isSecurity: true, isGovernance: true, isAdmin: false });
    expect((await gh.as(root).get(`/api/v1/users/${alice.id}`)).json()).toMatchObject({ isSecurity: true, isGovernance: true });

    // Leaving security and governance out keeps them as they are.
    const kept = await gh.as(root).put(`/api/v1/users/${alice.id}/roles`, { admin: false, act: true });
    expect(kept.json()).toMatchObject({ isAct: true, isSecurity: true, isGovernance: true });

    const revoked = await gh.as(root).put(`/api/v1/users/${alice.id}/roles`, { admin: false, act: false, security: false, governance: true });
    expect(revoked.json()).toMatchObject({ isSecurity: false, isGovernance: true });
    expect((await gh.as(alice).get('/api/v1/me')).json()).toMatchObject({ isSecurity: false, isGovernance: true });

    const log = (await gh.as(root).get(`/api/v1/audit-log?targetType=user&targetId=${alice.id}&limit=50`)).json();
    const actions = (log.items as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['role.security-granted', 'role.governance-granted', 'role.security-revoked']));
  });

  it('only admins set roles; others are refused', async () => {
    const res = await gh.as(alice).put(`/api/v1/users/${alice.id}/roles`, { admin: false, act: false, security: true });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ADMIN_REQUIRED');
  });

  it('the role teams are not managed from the team page', async () => {
    const teams = (await gh.as(root).get('/api/v1/teams?limit=100')).json();
    const security = (teams.items as { id: number; name: string; canManage: boolean }[]).find((t) => t.id === 6);
    expect(security).toMatchObject({ name: 'Security Engineers', canManage: false });
    const governance = (teams.items as { id: number; name: string; canManage: boolean }[]).find((t) => t.id === 7);
    expect(governance).toMatchObject({ name: 'Directors of Governance', canManage: false });
    for (const res of [
      await gh.as(root).post('/api/v1/teams/6/members', { userId: alice.id }),
      await gh.as(root).post('/api/v1/teams/7/members', { userId: alice.id }),
      await gh.as(alice).post('/api/v1/teams/6/membership-requests', {}),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('ROLE_TEAM');
    }
  });
});
