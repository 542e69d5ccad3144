import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from './requests-fixtures.js';
import { uploadFile } from '../forms.js';

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

describe('a folder whose requirement the viewer has not met, holding files they uploaded (item 4)', () => {
  it('says how many of the files below the viewer uploaded, so "not met" on the folder and "met" on those files agree', async () => {
    const cora = await gh.user('cora', { certified: true, validated: true });
    const other = await gh.user('otto', { certified: true, validated: true });
    const project = (await gh.as(cora).post('/api/v1/entities', { type: 'project', name: 'Cora uploads' })).json();
    expect((await gh.as(cora).put(`/api/v1/entities/${project.id}/acl`, {
      entries: [{ principalId: cora.id, accessTypes: ['READ', 'DOWNLOAD', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CREATE'] },
        { principalId: other.id, accessTypes: ['READ', 'DOWNLOAD', 'CREATE'] }],
    })).statusCode).toBe(200);
    const folder = (await gh.as(cora).post('/api/v1/entities', { type: 'folder', name: 'Restricted', parentId: project.id })).json();
    const inner = (await gh.as(cora).post('/api/v1/entities', { type: 'folder', name: 'Deeper', parentId: folder.id })).json();
    expect((await uploadFile(gh.as(cora), folder.id, 'a.csv', 'a\n')).statusCode).toBe(201);
    expect((await uploadFile(gh.as(cora), inner.id, 'b.csv', 'b\n')).statusCode).toBe(201);
    expect((await uploadFile(gh.as(other), folder.id, 'c.csv', 'c\n')).statusCode).toBe(201);
    const tou = (await gh.as(act).post('/api/v1/access-requirements', {
      type: 'TermsOfUse', name: 'Folder terms', terms: 'Use with care.', subjects: [{ type: 'entity', id: folder.id }],
    })).json();
    const mine = (await gh.as(cora).get(`/api/v1/entities/${folder.id}/restriction-information`)).json();
    expect(mine.hasUnmetAccessRequirement).toBe(true);
    expect(mine.filesYouUploaded).toEqual({ count: 2, total: 3 });
    // Otto uploaded one of them.
    expect((await gh.as(other).get(`/api/v1/entities/${folder.id}/restriction-information`)).json().filesYouUploaded).toEqual({ count: 1, total: 3 });
    // Once the terms are accepted nothing is unmet, and nothing needs explaining.
    expect((await gh.as(cora).post(`/api/v1/access-requirements/${tou.id}/accept`, { version: tou.version })).statusCode).toBe(201);
    expect((await gh.as(cora).get(`/api/v1/entities/${folder.id}/restriction-information`)).json().filesYouUploaded).toBeUndefined();
    // The batch read used by listings does not count (it would walk every folder of a page).
    const batch = (await gh.as(other).post('/api/v1/entities/restriction-information', { entityIds: [folder.id] })).json();
    expect(batch.items[0].filesYouUploaded).toBeUndefined();
  });
});

describe('my conditions on one requirement, apart from any entity (item 5: team requirements, click-wraps)', () => {
  it('tells a user which tiers a SelfSign asks they meet, from the server, and turns to met once accepted', async () => {
    const nina = await gh.user('nina', { certified: true });
    const ar = (await gh.as(act).post('/api/v1/access-requirements', {
      type: 'SelfSign', name: 'Sign here', terms: 'I will not re-identify anyone.',
      settings: { certifiedRequired: true, validatedRequired: true }, subjects: [],
    })).json();
    const res = await gh.as(nina).get(`/api/v1/access-requirements/${ar.id}/my-conditions`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accessRequirementId: ar.id, met: false, exempt: false, request: null,
      conditions: [{ kind: 'certified', met: true }, { kind: 'validated', met: false }, { kind: 'termsAccepted', met: false }],
    });
    const vera = await gh.user('vera', { certified: true, validated: true });
    expect((await gh.as(vera).post(`/api/v1/access-requirements/${ar.id}/accept`, { version: ar.version })).statusCode).toBe(201);
    expect((await gh.as(vera).get(`/api/v1/access-requirements/${ar.id}/my-conditions`)).json()).toMatchObject({
      met: true, conditions: [{ kind: 'certified', met: true }, { kind: 'validated', met: true }, { kind: 'termsAccepted', met: true }],
    });
    const anonymous = await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/my-conditions`);
    expect(anonymous.statusCode).toBe(401);
    const missing = await gh.as(vera).get('/api/v1/access-requirements/999999/my-conditions');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ACCESS_REQUIREMENT_NOT_FOUND');
  });
});

describe('a folder inside an authorization-domain project explains itself like the project (item 9)', () => {
  it('names the project and the missing groups to someone the folder is shared with, and nothing to anyone else', async () => {
    const gail = await gh.user('gail', { certified: true });
    const sven = await gh.user('sven');
    const nobody = await gh.user('noor');
    expect((await gh.as(gail).post('/api/v1/groups', { name: 'cohort-board' })).statusCode).toBe(201);
    const project = (await gh.as(gail).post('/api/v1/entities', { type: 'project', name: 'Cohort data', authorizationDomain: ['cohort-board'] })).json();
    const folder = (await gh.as(gail).post('/api/v1/entities', { type: 'folder', name: 'Scans', parentId: project.id })).json();
    expect(folder.id, JSON.stringify(folder)).toBeDefined();
    // The folder (not the project) is shared with Sven.
    const shared = await gh.as(gail).put(`/api/v1/entities/${folder.id}/acl`, {
      entries: [{ principalId: gail.id, accessTypes: ['READ', 'DOWNLOAD', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CREATE'] }, { principalId: sven.id, accessTypes: ['READ'] }],
    });
    expect(shared.statusCode, shared.body).toBe(200);
    expect((await gh.as(sven).get(`/api/v1/entities/${folder.id}`)).json().code).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
    const res = await gh.as(sven).get(`/api/v1/me/no-access-projects?entityId=${folder.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const [item] = res.json().items;
    expect(item).toMatchObject({
      projectId: project.id, name: null, entity: { id: folder.id, name: 'Scans', type: 'folder' },
      groups: [{ name: 'cohort-board', isMember: false }],
    });
    expect(item.missingGroups).toEqual([item.groups[0].id]);
    // The project itself is not shared with him: his list of projects does not hold it.
    expect((await gh.as(sven).get('/api/v1/me/no-access-projects')).json().items).toEqual([]);
    // Someone the folder is not shared with learns nothing, and the project's members have nothing to be told.
    expect((await gh.as(nobody).get(`/api/v1/me/no-access-projects?entityId=${folder.id}`)).json().items).toEqual([]);
    expect((await gh.as(gail).get(`/api/v1/me/no-access-projects?entityId=${folder.id}`)).json().items).toEqual([]);
    expect((await gh.as(sven).get('/api/v1/me/no-access-projects?entityId=not-an-id')).statusCode).toBe(400);
  });
});
