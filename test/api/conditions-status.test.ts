import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from './requests-fixtures.js';

/**
 * GET /entities/{id}/condition-status (issue 9 item 5): per access requirement, which of its conditions the
 * viewer meets, from the decision state, and the viewer's own request with its state and the end of access.
 * POST /entities/{id}/authorization-domain/sharing-check (item 9): who would be shared with and kept out.
 */
let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true, validated: true });
});
afterAll(async () => gh?.stop());

const status = async (user: TestUser | null, entityId: string) => {
  const res = await gh.as(user).get(`/api/v1/entities/${entityId}/condition-status`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { accessRequirementId: number; met: boolean; exempt: boolean; conditions: { kind: string; met: boolean }[]; request: { id: number; state: string; expiresAt: string | null } | null }[] };
};

describe('the conditions a viewer meets, before anything is refused', () => {
  it('a certified researcher without a validated profile sees certified met, validated not, and no request yet', async () => {
    const bob = await gh.user('bob', { certified: true });
    const ar = await f.managedAr(act, owner, [bob]);
    const [item] = (await status(bob, `syn${ar.projectId}`)).items;
    expect(item).toEqual({
      accessRequirementId: ar.id, met: false, exempt: false, request: null,
      conditions: [{ kind: 'certified', met: true }, { kind: 'validated', met: false }, { kind: 'approved', met: false }],
    });
  });

  it('a submitted request shows as SUBMITTED; once approved, APPROVED with the date access ends, and every condition is met', async () => {
    const rita = await gh.user('rita', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [rita]);
    const entity = `syn${ar.projectId}`;
    const request = await f.filled(rita, ar.id);
    const submission = await f.submit(rita, request.id);
    const pending = (await status(rita, entity)).items[0];
    expect(pending).toMatchObject({ met: false, request: { id: request.id, state: 'SUBMITTED', expiresAt: null } });
    await f.approve(act, submission.id);
    const approved = (await status(rita, entity)).items[0];
    expect(approved.met).toBe(true);
    expect(approved.conditions.every((c) => c.met)).toBe(true);
    expect(approved.request).toMatchObject({ id: request.id, state: 'APPROVED' });
    // The AR's approvals last 365 days from the decision.
    const days = (new Date(approved.request!.expiresAt!).getTime() - gh.clock.now().getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(365);
  });

  it('accepting a TermsOfUse turns its termsAccepted condition to met; 2FA shows as its own condition', async () => {
    const tess = await gh.user('tess');
    const ar = await f.managedAr(act, owner, [tess]);
    const entity = `syn${ar.projectId}`;
    const tou = (await gh.as(act).post('/api/v1/access-requirements', {
      type: 'TermsOfUse', name: 'Be kind', terms: 'Be kind to the data.', settings: { requires2fa: true }, subjects: [{ type: 'entity', id: entity }],
    })).json();
    const before = (await status(tess, entity)).items.find((i) => i.accessRequirementId === tou.id)!;
    expect(before.conditions).toEqual([{ kind: 'twoFactor', met: false }, { kind: 'termsAccepted', met: false }]);
    expect((await gh.as(tess).post(`/api/v1/access-requirements/${tou.id}/accept`, { version: tou.version })).statusCode).toBe(201);
    const after = (await status(tess, entity)).items.find((i) => i.accessRequirementId === tou.id)!;
    expect(after.conditions).toEqual([{ kind: 'twoFactor', met: false }, { kind: 'termsAccepted', met: true }]);
    // Accepted, but the download still needs 2FA: not met.
    expect(after.met).toBe(false);
  });

  it('an entity the viewer cannot see is a 404, as every other read of it', async () => {
    const eve = await gh.user('eve');
    const ar = await f.managedAr(act, owner, []);
    expect((await gh.as(eve).get(`/api/v1/entities/syn${ar.projectId}/condition-status`)).statusCode).toBe(404);
  });
});

describe('the sharing check of an authorization-domain project', () => {
  it('names the groups a user to be added is not in, and says the project cannot be made public', async () => {
    const carol = await gh.user('carol');
    const dan = await gh.user('dan');
    expect((await gh.as(carol).post('/api/v1/groups', { name: 'tumour-board' })).statusCode).toBe(201);
    const project = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Board data', authorizationDomain: ['tumour-board'] })).json();
    expect(project.id).toBeDefined();
    const res = await gh.as(carol).post(`/api/v1/entities/${project.id}/authorization-domain/sharing-check`, { principalIds: [carol.id, dan.id] });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.canMakePublic).toBe(false);
    expect(body.publicRefusal).toContain('Cannot make authorization domain protected resources public');
    expect(body.principals).toEqual([
      { principalId: carol.id, checked: true, missingGroups: [] },
      { principalId: dan.id, checked: true, missingGroups: [{ id: body.groups[0].id, name: 'tumour-board' }] },
    ]);
    // Someone who cannot read the project learns nothing.
    expect((await gh.as(dan).post(`/api/v1/entities/${project.id}/authorization-domain/sharing-check`, { principalIds: [dan.id] })).statusCode).toBe(404);
  });

  it('a project without a domain may be made public and keeps nobody out', async () => {
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Open data' })).json();
    const res = (await gh.as(owner).post(`/api/v1/entities/${project.id}/authorization-domain/sharing-check`, { principalIds: [act.id] })).json();
    expect(res).toMatchObject({ groups: [], canMakePublic: true, publicRefusal: null, principals: [{ principalId: act.id, missingGroups: [] }] });
  });

  it('only someone who may change the sharing settings is told who is in which group', async () => {
    const reader = await gh.user('rhea');
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Read only here' })).json();
    expect((await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, {
      entries: [{ principalId: owner.id, accessTypes: ['READ', 'DOWNLOAD', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CREATE'] }, { principalId: reader.id, accessTypes: ['READ'] }],
    })).statusCode).toBe(200);
    const refused = await gh.as(reader).post(`/api/v1/entities/${project.id}/authorization-domain/sharing-check`, { principalIds: [act.id] });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });
});
