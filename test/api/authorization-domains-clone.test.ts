import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRequirement, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let root: TestUser;
let act: TestUser;
let pia: TestUser;
let member: TestUser;
let viewer: TestUser;
let outsider: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  root = await gh.user('root', { admin: true });
  act = await gh.user('actor', { act: true, certified: true });
  pia = await gh.user('pia', { certified: true });
  member = await gh.user('member', { certified: true });
  viewer = await gh.user('viewer', { certified: true });
  outsider = await gh.user('outsider', { certified: true });
  for (const name of ['Cohort-A', 'Cohort-B', 'Other-C']) {
    expect((await gh.as(pia).post('/api/v1/groups', { name })).statusCode).toBe(201);
  }
  for (const user of [member, viewer]) {
    await gh.as(pia).post('/api/v1/groups/Cohort-A/members', { userId: user.id });
  }
  await gh.as(pia).post('/api/v1/groups/Cohort-B/members', { userId: member.id });
});
afterAll(async () => gh?.stop());

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const MISSING = (groups: string) => `Source has an authorization domain containing the groups ${groups}, which are missing on the destination`;

async function form(parentId: string, fileName: string, content: string) {
  const data = new FormData();
  data.append('parentId', parentId);
  data.append('file', new Blob([content], { type: 'text/csv' }), fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}
async function upload(user: TestUser, parentId: string, fileName: string, content: string) {
  const { payload, headers } = await form(parentId, fileName, content);
  const res = await gh.as(user).post('/api/v1/files', payload, headers);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; file: { md5: string } };
}
async function create(user: TestUser, body: Record<string, unknown>) {
  return gh.as(user).post('/api/v1/entities', body);
}
async function project(user: TestUser, name: string, groups: string[] = []) {
  const res = await create(user, { type: 'project', name, ...(groups.length ? { authorizationDomain: groups } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; etag: string };
}
async function folder(user: TestUser, parentId: string, name: string) {
  const res = await create(user, { type: 'folder', name, parentId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; etag: string };
}
const domainNames = async (user: TestUser, projectId: string) =>
  ((await gh.as(user).get(`/api/v1/projects/${projectId}/authorization-domain`)).json().groups as { name: string }[]).map((g) => g.name);
const childNames = async (user: TestUser, id: string) =>
  ((await gh.as(user).get(`/api/v1/entities/${id}/children?limit=500`)).json().items as { name: string }[]).map((c) => c.name);
const count = async (table: string) => (await gh.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;

describe('creating a project with an authorization domain', () => {
  it('the creator names the groups; the project is born inside them', async () => {
    const p = await project(member, 'Born in A and B', ['Cohort-A', 'cohort-b']);
    expect(await domainNames(member, p.id)).toEqual(['Cohort-A', 'Cohort-B']);
    const audit = (await gh.as(root).get(`/api/v1/audit-log?action=entity.created&targetId=${p.id}`)).json().items[0];
    expect(audit.details.authorizationDomain.map((g: { name: string }) => g.name)).toEqual(['Cohort-A', 'Cohort-B']);
    const snapshot = await gh.ctx.db.one<{ authorization_domain: number[] }>(
      'SELECT authorization_domain FROM entity_snapshots WHERE entity_id = $1 ORDER BY id DESC LIMIT 1', [Number(p.id.slice(3))]);
    expect(snapshot.authorization_domain.length).toBe(2);
  });

  it('a creator outside a group is refused, the error naming the group, and nothing is created', async () => {
    const before = await count('entities');
    const res = await create(viewer, { type: 'project', name: 'Not allowed', authorizationDomain: ['Cohort-A', 'Cohort-B'] });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP',
      detail: 'You are not a member of the group Cohort-B; only a member of every group of an authorization domain may create a project with it.',
      groups: [{ name: 'Cohort-B' }],
    });
    expect((await create(viewer, { type: 'project', name: 'Unknown', authorizationDomain: ['Ghosts'] })).json())
      .toMatchObject({ code: 'GROUP_NOT_FOUND', detail: 'There is no managed group named Ghosts.' });
    const p = await project(viewer, 'Plain');
    expect((await create(viewer, { type: 'folder', name: 'f', parentId: p.id, authorizationDomain: ['Cohort-A'] })).json())
      .toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await count('entities')).toBe(before + 1);
  });

  it('a group shared on an ACL shows its name there', async () => {
    const p = await project(pia, 'Named group', ['Cohort-A']);
    const g = (await gh.as(pia).get('/api/v1/groups/Cohort-A')).json();
    const acl = await gh.as(pia).put(`/api/v1/entities/${p.id}/acl`, { entries: [{ principalId: pia.id, accessTypes: ALL }, { principalId: g.id, accessTypes: ['READ'] }] });
    expect(acl.statusCode, acl.body).toBe(200);
    expect(acl.json().entries).toContainEqual({ principalId: g.id, principalName: 'Cohort-A', principalType: 'group', accessTypes: ['READ'] });
  });
});

describe('cloning a project', () => {
  it('copies the tree and metadata, not the blobs, into a new project whose domain is the source\'s plus the groups added', async () => {
    const source = await project(member, 'Primary data', ['Cohort-A']);
    const raw = await folder(member, source.id, 'raw');
    const file = await upload(member, raw.id, 'calls.csv', 'sample,variant\n1,A>G\n');
    await folder(member, raw.id, 'empty');
    const blobs = await count('blobs');

    const res = await gh.as(member).post(`/api/v1/entities/${source.id}/clone`, { name: 'My analysis', authorizationDomain: ['Cohort-B'] });
    expect(res.statusCode, res.body).toBe(201);
    const clone = res.json();
    expect(clone).toMatchObject({ entity: { name: 'My analysis', type: 'project', parentId: null }, copied: 3, skipped: [] });
    expect(clone.authorizationDomain.map((g: { name: string }) => g.name)).toEqual(['Cohort-A', 'Cohort-B']);
    expect(await domainNames(member, clone.entity.id)).toEqual(['Cohort-A', 'Cohort-B']);
    expect(await childNames(member, clone.entity.id)).toEqual(['raw']);
    const rawCopy = (await gh.as(member).get(`/api/v1/entities/${clone.entity.id}/children`)).json().items[0];
    expect(await childNames(member, rawCopy.id)).toEqual(['empty', 'calls.csv']);
    const fileCopy = (await gh.as(member).get(`/api/v1/entities/${rawCopy.id}/children?type=file`)).json().items[0];
    expect(fileCopy.id).not.toBe(file.id);
    expect(fileCopy.file.md5).toBe(file.file.md5);
    expect(await count('blobs')).toBe(blobs); // no bytes copied
    const download = await gh.as(member).get(`/api/v1/entities/${fileCopy.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('sample,variant\n1,A>G\n');

    // The AD follows the clone: viewer (in A, not B) cannot open it even when shared with.
    await gh.as(member).put(`/api/v1/entities/${clone.entity.id}/acl`, { entries: [{ principalId: member.id, accessTypes: ALL }, { principalId: viewer.id, accessTypes: ['READ'] }] });
    expect((await gh.as(viewer).get(`/api/v1/entities/${fileCopy.id}`)).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
    const audit = (await gh.as(root).get(`/api/v1/audit-log?action=entity.cloned&targetId=${clone.entity.id}`)).json().items[0];
    expect(audit.details).toMatchObject({ source: source.id, copied: 3, skipped: [] });
  });

  it('the cloner needs READ (AD included) and must be in every group added', async () => {
    const source = await project(member, 'Clone rules', ['Cohort-A']);
    await gh.as(member).put(`/api/v1/entities/${source.id}/acl`, { entries: [
      { principalId: member.id, accessTypes: ALL }, { principalId: viewer.id, accessTypes: ['READ', 'DOWNLOAD'] }, { principalId: outsider.id, accessTypes: ['READ'] },
    ] });
    expect((await gh.as(outsider).post(`/api/v1/entities/${source.id}/clone`, { name: 'x' })).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
    const notIn = await gh.as(viewer).post(`/api/v1/entities/${source.id}/clone`, { name: 'x', authorizationDomain: ['Cohort-B'] });
    expect(notIn.statusCode).toBe(403);
    expect(notIn.json()).toMatchObject({ code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP', groups: [{ name: 'Cohort-B' }] });
    expect((await gh.as(root).post(`/api/v1/entities/${source.id}/clone`, { name: 'x' })).json()).toMatchObject({ code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP' });
    expect((await gh.as(viewer).post(`/api/v1/entities/${source.id}/clone`, { name: 'Clone rules' })).json()).toMatchObject({ code: 'NAME_TAKEN' });
    const f = await folder(member, source.id, 'sub');
    expect((await gh.as(member).post(`/api/v1/entities/${f.id}/clone`, { name: 'y' })).json()).toMatchObject({ code: 'NOT_A_PROJECT' });
    expect((await gh.as(viewer).post(`/api/v1/entities/${source.id}/clone`, { name: 'Viewer copy' })).statusCode).toBe(201);
  });

  it('copies only what the cloner may read, and files only when they may download them; access requirements follow the copies', async () => {
    const source = await project(pia, 'Restricted source', ['Cohort-A']);
    const open = await folder(pia, source.id, 'open');
    const hidden = await folder(pia, source.id, 'hidden');
    const kept = await upload(pia, open.id, 'kept.txt', 'kept');
    const viewOnly = await upload(pia, open.id, 'view-only.txt', 'no');
    await upload(pia, hidden.id, 'secret.txt', 'secret');
    await gh.as(pia).put(`/api/v1/entities/${source.id}/acl`, { entries: [{ principalId: pia.id, accessTypes: ALL }, { principalId: member.id, accessTypes: ['READ', 'DOWNLOAD'] }] });
    await gh.as(pia).put(`/api/v1/entities/${hidden.id}/acl`, { entries: [{ principalId: pia.id, accessTypes: ALL }] });
    await gh.as(pia).put(`/api/v1/entities/${viewOnly.id}/acl`, { entries: [{ principalId: pia.id, accessTypes: ALL }, { principalId: member.id, accessTypes: ['READ'] }] });
    const ar = await gh.as(act).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'Cite the cohort', terms: 'Cite us.', subjects: [{ type: 'entity', id: open.id }] });
    expect(ar.statusCode, ar.body).toBe(201);
    expect((await acceptRequirement(gh, member, ar.json().id)).statusCode).toBe(201);

    const res = await gh.as(member).post(`/api/v1/entities/${source.id}/clone`, { name: 'Partial clone' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ copied: 2, skipped: [viewOnly.id] });
    expect(await childNames(member, res.json().entity.id)).toEqual(['open']);
    const openCopy = (await gh.as(member).get(`/api/v1/entities/${res.json().entity.id}/children`)).json().items[0];
    expect(await childNames(member, openCopy.id)).toEqual(['kept.txt']);
    const ars = (await gh.as(member).get(`/api/v1/entities/${openCopy.id}/access-requirements`)).json();
    expect((ars.items ?? ars).map((a: { id: number }) => a.id)).toContain(ar.json().id);
    expect(kept.id).not.toBe(openCopy.id);
  });
});

describe('copying entities into another project', () => {
  it('is refused with the §9 message unless the destination domain contains every group of the source\'s', async () => {
    const source = await project(member, 'Copy source', ['Cohort-A', 'Cohort-B']);
    const data = await folder(member, source.id, 'data');
    await upload(member, data.id, 'table.tsv', 'x\ty\n');
    const plain = await project(member, 'Copy plain');
    const onlyA = await project(member, 'Copy only A', ['Cohort-A']);
    const stricter = await project(member, 'Copy stricter', ['Cohort-B', 'Cohort-A']);

    for (const [dest, missing] of [[plain, 'Cohort-A, Cohort-B'], [onlyA, 'Cohort-B']] as const) {
      const res = await gh.as(member).post(`/api/v1/entities/${data.id}/copy`, { destinationId: dest.id });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'AUTHORIZATION_DOMAIN_MISSING_ON_DESTINATION', detail: MISSING(missing) });
    }
    const ok = await gh.as(member).post(`/api/v1/entities/${data.id}/copy`, { destinationId: stricter.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ entity: { name: 'data', parentId: stricter.id, projectId: stricter.id }, copied: 2, skipped: [] });
    expect(await childNames(member, ok.json().entity.id)).toEqual(['table.tsv']);
    // Less restricted data may go into a more restricted project.
    const loose = await folder(member, plain.id, 'public-ish');
    expect((await gh.as(member).post(`/api/v1/entities/${loose.id}/copy`, { destinationId: onlyA.id })).statusCode).toBe(201);
    // Same name again: 409; into itself: 400; a single file with a new name.
    expect((await gh.as(member).post(`/api/v1/entities/${data.id}/copy`, { destinationId: stricter.id })).json()).toMatchObject({ code: 'NAME_TAKEN' });
    expect((await gh.as(member).post(`/api/v1/entities/${data.id}/copy`, { destinationId: data.id })).json()).toMatchObject({ code: 'COPY_INTO_ITSELF' });
    const fileId = (await gh.as(member).get(`/api/v1/entities/${data.id}/children`)).json().items[0].id;
    const single = await gh.as(member).post(`/api/v1/entities/${fileId}/copy`, { destinationId: data.id, name: 'table-copy.tsv' });
    expect(single.statusCode, single.body).toBe(201);
    expect(single.json()).toMatchObject({ entity: { name: 'table-copy.tsv', type: 'file' }, copied: 1 });
    expect((await gh.as(member).post(`/api/v1/entities/${source.id}/copy`, { destinationId: stricter.id })).json()).toMatchObject({ code: 'COPY_PROJECT' });
  });

  it('moving into another project follows the same rule', async () => {
    const source = await project(member, 'Move source', ['Cohort-A']);
    const f = await folder(member, source.id, 'moving');
    const plain = await project(member, 'Move plain');
    const res = await gh.as(member).put(`/api/v1/entities/${f.id}`, { parentId: plain.id, etag: f.etag });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'AUTHORIZATION_DOMAIN_MISSING_ON_DESTINATION', detail: MISSING('Cohort-A') });
    const same = await project(member, 'Move same', ['Cohort-A']);
    expect((await gh.as(member).put(`/api/v1/entities/${f.id}`, { parentId: same.id, etag: f.etag })).statusCode).toBe(200);
  });
});
