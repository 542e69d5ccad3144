import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DecisionIndex } from '../../src/decisions/live.js';
import { decide as engineDecide } from '../../src/decisions/engine.js';

let gh: TestGatehouse;
let root: TestUser;
let pi: TestUser;
let consented: TestUser;
let outsider: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  root = await gh.user('root', { admin: true });
  pi = await gh.user('pia', { certified: true });
  consented = await gh.user('consented', { certified: true });
  outsider = await gh.user('outsider', { certified: true });
  stranger = await gh.user('stranger', { certified: true });
});
afterAll(async () => gh?.stop());

const AD_MESSAGE = 'You are not a member of every group in the authorization domain of this project.';
const PUBLIC_MESSAGE = 'Cannot make authorization domain protected resources public. Share directly with authorization domain groups instead.';
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const EDIT = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE'];

async function group(admin: TestUser, name: string) {
  const res = await gh.as(admin).post('/api/v1/groups', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string };
}
async function addMember(admin: TestUser, groupName: string, body: Record<string, unknown>) {
  const res = await gh.as(admin).post(`/api/v1/groups/${groupName}/members`, body);
  expect(res.statusCode, res.body).toBe(200);
}
async function removeMember(admin: TestUser, groupName: string, principalId: number) {
  const res = await gh.as(admin).delete(`/api/v1/groups/${groupName}/members/${principalId}`);
  expect(res.statusCode, res.body).toBe(204);
}
async function project(user: TestUser, name: string) {
  const res = await gh.as(user).post('/api/v1/entities', { type: 'project', name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; etag: string };
}
async function folder(user: TestUser, parentId: string, name: string) {
  const res = await gh.as(user).post('/api/v1/entities', { type: 'folder', name, parentId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}
async function share(user: TestUser, entityId: string, entries: { principalId: number; accessTypes: string[] }[]) {
  return gh.as(user).put(`/api/v1/entities/${entityId}/acl`, { entries });
}
async function addDomain(user: TestUser, projectId: string, groups: (string | number)[]) {
  return gh.as(user).post(`/api/v1/projects/${projectId}/authorization-domain`, { groups });
}
const decide = async (user: TestUser, entityId: string, action: string) =>
  (await gh.as(user).post('/api/v1/decisions', { entityId, action })).json() as { granted: boolean; rule: string; message: string | null; actionsRequired: { type: string; groups?: number[] }[] };

/** A project of the PI shared for editing with `consented` and `outsider`, with the domain `groups`. */
async function sharedDomainProject(name: string, groups: string[]) {
  const p = await project(pi, name);
  const f = await folder(pi, p.id, 'data');
  expect((await share(pi, p.id, [
    { principalId: pi.id, accessTypes: ALL },
    { principalId: consented.id, accessTypes: EDIT },
    { principalId: outsider.id, accessTypes: EDIT },
  ])).statusCode).toBe(200);
  const res = await addDomain(pi, p.id, groups);
  expect(res.statusCode, res.body).toBe(200);
  return { project: p, folder: f };
}

describe('a project with an authorization domain', () => {
  it('needs both the ACL and membership of every group for READ; the AD is shown to those outside it, with the groups they miss', async () => {
    const a = await group(pi, 'Consent-A');
    const b = await group(pi, 'Consent-B');
    await addMember(pi, 'Consent-A', { userId: consented.id });
    await addMember(pi, 'Consent-B', { userId: consented.id });
    await addMember(pi, 'Consent-A', { userId: outsider.id });
    const { project: p, folder: f } = await sharedDomainProject('Two consents', ['Consent-A', 'consent-b']);

    expect((await gh.as(consented).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    const denied = await gh.as(outsider).get(`/api/v1/entities/${f.id}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN', detail: AD_MESSAGE });
    expect(denied.json().actionsRequired).toContainEqual({ type: 'JoinAuthorizationDomain', groups: [b.id] });
    // A stranger, not in the ACL, does not learn that the project exists.
    expect((await gh.as(stranger).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(404);

    const domain = await gh.as(outsider).get(`/api/v1/projects/${p.id}/authorization-domain`);
    expect(domain.statusCode).toBe(200);
    expect(domain.json()).toEqual({
      projectId: p.id, projectName: 'Two consents',
      groups: [
        { id: a.id, name: 'Consent-A', isMember: true, accessInstructions: null },
        { id: b.id, name: 'Consent-B', isMember: false, accessInstructions: null },
      ],
      missingGroups: [b.id],
    });
    expect((await gh.as(stranger).get(`/api/v1/projects/${p.id}/authorization-domain`)).statusCode).toBe(404);

    // The greyed-out list: shared with me, but outside the domain.
    const noAccess = (await gh.as(outsider).get('/api/v1/me/no-access-projects')).json().items;
    expect(noAccess).toEqual([expect.objectContaining({ projectId: p.id, name: 'Two consents', missingGroups: [b.id] })]);
    expect((await gh.as(consented).get('/api/v1/me/no-access-projects')).json().items).toEqual([]);
    expect((await gh.as(stranger).get('/api/v1/me/no-access-projects')).json().items).toEqual([]);

    // Every constrained action is denied with the AD message; being added to the missing group lifts them all.
    for (const action of ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'COMPUTE']) {
      expect(await decide(outsider, f.id, action)).toMatchObject({ granted: false, rule: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN', message: AD_MESSAGE });
    }
    await addMember(pi, 'Consent-B', { userId: outsider.id });
    expect((await gh.as(outsider).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    expect((await gh.as(outsider).get('/api/v1/me/no-access-projects')).json().items).toEqual([]);
  });

  it('removing a user from an AD group denies their very next READ, with the AD message', async () => {
    await group(pi, 'Revocable');
    await addMember(pi, 'Revocable', { userId: consented.id });
    const { folder: f } = await sharedDomainProject('Revocation', ['Revocable']);
    expect((await gh.as(consented).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    expect(await decide(consented, f.id, 'READ')).toMatchObject({ granted: true });

    await removeMember(pi, 'Revocable', consented.id);
    const next = await gh.as(consented).get(`/api/v1/entities/${f.id}`);
    expect(next.statusCode).toBe(403);
    expect(next.json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN', detail: AD_MESSAGE });
    expect(await decide(consented, f.id, 'READ')).toMatchObject({ granted: false, rule: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN', message: AD_MESSAGE });

    // Leaving on one's own works the same way.
    await addMember(pi, 'Revocable', { userId: consented.id });
    expect(await decide(consented, f.id, 'READ')).toMatchObject({ granted: true });
    await removeMember(consented, 'Revocable', consented.id);
    expect(await decide(consented, f.id, 'READ')).toMatchObject({ granted: false, rule: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
  });

  it('membership through nested groups counts, and ends when the nesting is undone', async () => {
    await group(pi, 'Consortium');
    await group(consented, 'Lab-Consented');
    await addMember(pi, 'Consortium', { group: 'Lab-Consented' });
    await addMember(consented, 'Lab-Consented', { userId: outsider.id });
    const { folder: f } = await sharedDomainProject('Nested', ['Consortium']);
    expect(await decide(outsider, f.id, 'READ')).toMatchObject({ granted: true });

    const lab = (await gh.as(consented).get('/api/v1/groups/Lab-Consented')).json();
    await removeMember(pi, 'Consortium', lab.id);
    expect(await decide(outsider, f.id, 'READ')).toMatchObject({ granted: false, rule: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
  });

  it('data created inside an AD project is covered by its AD', async () => {
    await group(pi, 'Covered');
    await addMember(pi, 'Covered', { userId: consented.id });
    const { folder: f } = await sharedDomainProject('Derived data', ['Covered']);
    const derived = await folder(consented, f.id, 'results');
    expect((await gh.as(consented).get(`/api/v1/entities/${derived.id}`)).statusCode).toBe(200);
    expect((await gh.as(outsider).get(`/api/v1/entities/${derived.id}`)).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
  });
});

describe('changing an authorization domain', () => {
  it('the one adding must be in each group added; the error names the group, and unknown groups are named too', async () => {
    await group(pi, 'Mine');
    await group(root, 'Not-Mine');
    const p = await project(pi, 'Add rules');
    const res = await addDomain(pi, p.id, ['Mine', 'Not-Mine']);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP',
      detail: 'You are not a member of the group Not-Mine; you may add to an authorization domain only groups you are in.',
      groups: [{ name: 'Not-Mine' }],
    });
    const unknown = await addDomain(pi, p.id, ['Mine', 'Nowhere']);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'GROUP_NOT_FOUND', detail: 'There is no managed group named Nowhere.' });
    // Nothing was written by the refused requests.
    expect((await gh.as(pi).get(`/api/v1/projects/${p.id}/authorization-domain`)).json().groups).toEqual([]);
    // Only whoever may change the project's permissions adds groups.
    await share(pi, p.id, [{ principalId: pi.id, accessTypes: ALL }, { principalId: consented.id, accessTypes: EDIT }]);
    await addMember(pi, 'Mine', { userId: consented.id });
    expect((await addDomain(consented, p.id, ['Mine'])).statusCode).toBe(403);
    expect((await addDomain(stranger, p.id, ['Mine'])).statusCode).toBe(404);
    // A folder has no domain of its own.
    const f = await folder(pi, p.id, 'sub');
    expect((await addDomain(pi, f.id, ['Mine'])).json()).toMatchObject({ code: 'NOT_A_PROJECT' });
  });

  it('groups are added later but never removed: every removal attempt is a 409 AUTHORIZATION_DOMAIN_ADD_ONLY', async () => {
    const first = await group(pi, 'First');
    const second = await group(pi, 'Second');
    const p = await project(pi, 'Add only');
    expect((await addDomain(pi, p.id, ['First'])).statusCode).toBe(200);
    const added = await addDomain(pi, p.id, [second.id, 'first']);
    expect(added.statusCode).toBe(200);
    expect(added.json().groups.map((g: { name: string }) => g.name)).toEqual(['First', 'Second']);

    const single = await gh.as(pi).delete(`/api/v1/projects/${p.id}/authorization-domain/Second`);
    expect(single.statusCode).toBe(409);
    expect(single.json()).toMatchObject({
      code: 'AUTHORIZATION_DOMAIN_ADD_ONLY',
      detail: 'Groups cannot be removed from an authorization domain; this change would remove Second. Groups can only be added.',
    });
    expect((await gh.as(pi).delete(`/api/v1/projects/${p.id}/authorization-domain`)).json()).toMatchObject({ code: 'AUTHORIZATION_DOMAIN_ADD_ONLY' });
    const replace = await gh.as(pi).put(`/api/v1/projects/${p.id}/authorization-domain`, { groups: ['First'] });
    expect(replace.statusCode).toBe(409);
    expect(replace.json()).toMatchObject({ code: 'AUTHORIZATION_DOMAIN_ADD_ONLY', groups: [{ id: second.id, name: 'Second' }] });
    expect((await gh.as(admin()).delete(`/api/v1/projects/${p.id}/authorization-domain/First`)).statusCode).toBe(409);
    // A replacement that keeps every group and adds one is an addition.
    await group(pi, 'Third');
    const grown = await gh.as(pi).put(`/api/v1/projects/${p.id}/authorization-domain`, { groups: ['Third', first.id, 'Second'] });
    expect(grown.statusCode, grown.body).toBe(200);
    expect(grown.json().groups.map((g: { name: string }) => g.name)).toEqual(['First', 'Second', 'Third']);

    const audit = (await gh.as(root).get(`/api/v1/audit-log?action=authorization-domain.&targetId=${p.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(Array(3).fill('authorization-domain.groups-added'));
  });

  it('a group used as an authorization domain cannot be deleted (409)', async () => {
    await group(pi, 'Kept');
    const p = await project(pi, 'Keeps a group');
    await addDomain(pi, p.id, ['Kept']);
    const res = await gh.as(pi).delete('/api/v1/groups/Kept');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'GROUP_USED_AS_AUTHORIZATION_DOMAIN', projects: [p.id] });
    expect((await gh.as(pi).get('/api/v1/groups/Kept')).statusCode).toBe(200);
  });
});

describe('public sharing and owners outside the domain', () => {
  it('an AD project cannot be made public, anywhere inside it', async () => {
    await group(pi, 'Private');
    const { project: p, folder: f } = await sharedDomainProject('Never public', ['Private']);
    for (const principalId of [1, 2]) {
      for (const target of [p.id, f.id]) {
        const res = await share(pi, target, [{ principalId: pi.id, accessTypes: ALL }, { principalId, accessTypes: ['READ'] }]);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC', detail: PUBLIC_MESSAGE });
      }
    }
  });

  it('a project shared publicly cannot gain a domain', async () => {
    await group(pi, 'Late');
    const p = await project(pi, 'Public first');
    const f = await folder(pi, p.id, 'open');
    expect((await share(pi, f.id, [{ principalId: pi.id, accessTypes: ALL }, { principalId: 1, accessTypes: ['READ'] }])).statusCode).toBe(200);
    const res = await addDomain(pi, p.id, ['Late']);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'AUTHORIZATION_DOMAIN_ON_PUBLIC_PROJECT', detail: PUBLIC_MESSAGE });
  });

  it('an owner outside the domain can still share and delete, but not read, create, update or compute', async () => {
    await group(pi, 'Owner-Leaves');
    await addMember(pi, 'Owner-Leaves', { userId: consented.id, role: 'admin' });
    const { project: p, folder: f } = await sharedDomainProject('Owner outside', ['Owner-Leaves']);
    await removeMember(consented, 'Owner-Leaves', pi.id);

    expect((await gh.as(pi).get(`/api/v1/entities/${f.id}`)).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
    for (const action of ['CREATE', 'UPDATE', 'COMPUTE', 'DOWNLOAD']) {
      expect((await decide(pi, f.id, action)).rule).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
    }
    // Sharing outside the domain is allowed: the user appears in the ACL and sees the project as "no access".
    const shared = await share(pi, p.id, [
      { principalId: pi.id, accessTypes: ALL },
      { principalId: consented.id, accessTypes: EDIT },
      { principalId: stranger.id, accessTypes: ['READ'] },
    ]);
    expect(shared.statusCode, shared.body).toBe(200);
    expect((await gh.as(stranger).get('/api/v1/me/no-access-projects')).json().items.map((x: { projectId: string }) => x.projectId)).toContain(p.id);
    expect((await decide(pi, f.id, 'DELETE')).granted).toBe(true);
    expect((await gh.as(pi).delete(`/api/v1/entities/${f.id}`)).statusCode).toBe(204);
  });

  it('an owner outside the domain reads the ACL they may change, and adds one entry safely; the data stays closed', async () => {
    await group(pi, 'Owner-Reads-Acl');
    await addMember(pi, 'Owner-Reads-Acl', { userId: consented.id, role: 'admin' });
    const { project: p, folder: f } = await sharedDomainProject('Owner reads ACL', ['Owner-Reads-Acl']);
    await removeMember(consented, 'Owner-Reads-Acl', pi.id);

    const read = await gh.as(pi).get(`/api/v1/entities/${f.id}/acl`);
    expect(read.statusCode, read.body).toBe(200);
    const acl = read.json() as { benefactorId: string; etag: string; entries: { principalId: number; accessTypes: string[] }[] };
    expect(acl.benefactorId).toBe(p.id);
    expect(acl.entries.map((e) => e.principalId).sort()).toEqual([pi.id, consented.id, outsider.id].sort());
    // Read, add one entry, write back with the etag: nothing else in the ACL is lost.
    const next = [...acl.entries.map((e) => ({ principalId: e.principalId, accessTypes: e.accessTypes })), { principalId: stranger.id, accessTypes: ['READ'] }];
    const put = await gh.as(pi).put(`/api/v1/entities/${p.id}/acl`, { entries: next, etag: acl.etag });
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as typeof acl).entries).toHaveLength(4);
    expect((await decide(pi, f.id, 'READ_ACL')).rule).toBe('GRANT_IF_HAS_CHANGE_PERMISSIONS');
    // The data stays closed.
    expect((await gh.as(pi).get(`/api/v1/entities/${f.id}`)).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
    expect((await gh.as(pi).get(`/api/v1/entities/${p.id}/children`)).statusCode).toBe(403);
    // One who may only read, outside the domain, is refused the ACL as the data, with the groups to join.
    const reader = await gh.as(outsider).get(`/api/v1/entities/${f.id}/acl`);
    expect(reader.statusCode).toBe(403);
    expect(reader.json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
  });
});

describe('the decision index', () => {
  it('kept current through the change log, it decides on groups exactly as a fresh full load', async () => {
    const reloads = gh.ctx.decisions.index.stats.reloads;
    const live = await gh.ctx.decisions.state();
    const fresh = await DecisionIndex.open(gh.ctx.db, gh.clock);
    const entities = (await gh.ctx.db.query<{ id: number }>('SELECT id FROM entities ORDER BY id')).map((r) => Number(r.id));
    const users = [root, pi, consented, outsider, stranger].map((u) => u.id);
    let compared = 0;
    for (const userId of users) {
      for (const entityId of entities) {
        for (const action of ['READ', 'DOWNLOAD', 'CREATE', 'COMPUTE', 'DELETE', 'CHANGE_PERMISSIONS'] as const) {
          const a = engineDecide(live, { userId, entityId, action, now: gh.clock.now().getTime(), createType: 'folder' });
          const b = engineDecide(fresh.current, { userId, entityId, action, now: gh.clock.now().getTime(), createType: 'folder' });
          expect(a.rule, `${userId} ${action} syn${entityId}`).toBe(b.rule);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    // Everything above was applied from the change log, without a reload.
    expect(gh.ctx.decisions.index.stats.reloads).toBe(reloads);
  });
});

function admin(): TestUser {
  return root;
}
