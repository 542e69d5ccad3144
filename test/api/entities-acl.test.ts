import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let carol: TestUser;
let alice: TestUser;
let bob: TestUser;
let dave: TestUser;
let admin: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  carol = await gh.user('carol', { certified: true });
  alice = await gh.user('alice', { certified: true });
  bob = await gh.user('bob', { certified: true });
  dave = await gh.user('dave', { certified: true });
  admin = await gh.user('root', { admin: true });
});
afterAll(async () => gh?.stop());

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const PUBLIC = 1;
const AUTHENTICATED = 2;
const num = (synId: string) => Number(synId.slice(3));

async function create(user: TestUser, body: Record<string, unknown>) {
  const res = await gh.as(user).post('/api/v1/entities', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const project = (user: TestUser, name: string) => create(user, { type: 'project', name });
const folder = (user: TestUser, parentId: string, name: string) => create(user, { type: 'folder', name, parentId });
const putAcl = (user: TestUser, entityId: string, entries: { principalId: number; accessTypes: string[] }[], etag?: string) =>
  gh.as(user).put(`/api/v1/entities/${entityId}/acl`, etag === undefined ? { entries } : { entries, etag });
const owner = (user: TestUser) => ({ principalId: user.id, accessTypes: ALL });
const aclRows = async () => ({
  acls: (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM acls')).n,
  entries: (await gh.ctx.db.query('SELECT entity_id, principal_id, access_types FROM acl_entries ORDER BY entity_id, principal_id')),
});

describe('reading ACLs', () => {
  it('a folder without an ACL of its own shows its benefactor\'s ACL, marked as inherited', async () => {
    const p = await project(carol, 'Inherit');
    const f = await folder(carol, p.id, 'child');
    const acl = (await gh.as(carol).get(`/api/v1/entities/${f.id}/acl`)).json();
    expect(acl).toMatchObject({ entityId: f.id, benefactorId: p.id, inherited: true });
    expect(acl.entries).toEqual([{ principalId: carol.id, principalName: 'carol', principalType: 'user', accessTypes: ALL }]);
    expect((await gh.as(carol).get(`/api/v1/entities/${f.id}/benefactor`)).json()).toEqual({ benefactorId: p.id });
  });

  it('the presets are the ones the UI offers, each a superset of the one before', async () => {
    const res = await gh.as(null).get('/api/v1/acl-presets');
    expect(res.json()).toEqual([
      { name: 'Can view', accessTypes: ['READ'] },
      { name: 'Can download', accessTypes: ['READ', 'DOWNLOAD'] },
      { name: 'Can edit', accessTypes: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE'] },
      { name: 'Can edit & delete', accessTypes: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE'] },
      { name: 'Administrator', accessTypes: ALL },
    ]);
  });
});

describe('changing ACLs', () => {
  it('the owner shares a folder with a team, a user and all signed-in users; names and types are shown, and access follows at once', async () => {
    const p = await project(carol, 'Share');
    const f = await folder(carol, p.id, 'results');
    const team = (await gh.as(carol).post('/api/v1/teams', { name: 'Tumour board' })).json();
    expect((await gh.as(alice).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(404);

    const res = await putAcl(carol, f.id, [owner(carol), { principalId: team.id, accessTypes: ['READ', 'DOWNLOAD'] },
      { principalId: alice.id, accessTypes: ['DOWNLOAD', 'READ'] }, { principalId: AUTHENTICATED, accessTypes: ['READ'] }]);
    expect(res.statusCode, res.body).toBe(200);
    const acl = res.json();
    expect(acl).toMatchObject({ entityId: f.id, benefactorId: f.id, inherited: false });
    expect(acl.entries).toEqual([
      { principalId: AUTHENTICATED, principalName: 'AUTHENTICATED', principalType: 'special', accessTypes: ['READ'] },
      ...[{ principalId: carol.id, principalName: 'carol', principalType: 'user', accessTypes: ALL },
        { principalId: alice.id, principalName: 'alice', principalType: 'user', accessTypes: ['READ', 'DOWNLOAD'] },
        { principalId: team.id, principalName: 'Tumour board', principalType: 'team', accessTypes: ['READ', 'DOWNLOAD'] }]
        .sort((a, b) => a.principalId - b.principalId),
    ]);
    expect((await gh.as(alice).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    expect((await gh.as(dave).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    expect((await gh.as(alice).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(404);

    const audit = await gh.ctx.db.one<{ actor_id: number; details: { via: string; created: boolean } }>(
      `SELECT actor_id, details FROM audit_log WHERE action = 'acl.changed' AND target_id = $1`, [f.id]);
    expect(audit).toMatchObject({ actor_id: carol.id, details: { via: 'CHANGE_PERMISSIONS', created: true } });
    const snapshot = await gh.ctx.db.query<{ entries: unknown[] }>('SELECT entries FROM acl_snapshots WHERE entity_id = $1', [num(f.id)]);
    expect(snapshot).toHaveLength(1);
    expect(snapshot[0].entries).toContainEqual({ principalId: AUTHENTICATED, accessTypes: ['READ'] });

    // Revoked: the very next request is refused.
    const revoked = await putAcl(carol, f.id, [owner(carol)], acl.etag);
    expect(revoked.statusCode).toBe(200);
    expect((await gh.as(alice).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(404);
  });

  it('an ACL change records a snapshot of every entity that inherits it, and their public state', async () => {
    const p = await project(carol, 'Public state');
    const f = await folder(carol, p.id, 'folder');
    const inner = await folder(carol, f.id, 'inner');
    const own = await folder(carol, f.id, 'own acl');
    expect((await putAcl(carol, own.id, [owner(carol)])).statusCode).toBe(200);
    expect((await putAcl(carol, p.id, [owner(carol), { principalId: PUBLIC, accessTypes: ['READ'] }])).statusCode).toBe(200);
    const rows = await gh.ctx.db.query<{ entity_id: number; is_public: boolean }>(
      `SELECT entity_id, is_public FROM entity_snapshots WHERE change = 'acl-changed' AND entity_id = ANY ($1::bigint[]) ORDER BY entity_id`,
      [[p.id, f.id, inner.id, own.id].map(num)]);
    expect(rows).toEqual([
      { entity_id: num(p.id), is_public: true },
      { entity_id: num(f.id), is_public: true },
      { entity_id: num(inner.id), is_public: true },
      { entity_id: num(own.id), is_public: false },
    ]);
  });

  it('a user with SHARE may grant types they hold, but not SHARE or CHANGE_PERMISSIONS, and may not take anything away', async () => {
    const p = await project(carol, 'Sharing');
    const f = await folder(carol, p.id, 'shared');
    expect((await putAcl(carol, f.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD', 'SHARE'] }])).statusCode).toBe(200);
    const base = [owner(carol), { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD', 'SHARE'] }];

    const ok = await putAcl(alice, f.id, [...base, { principalId: bob.id, accessTypes: ['READ', 'DOWNLOAD'] }]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await gh.as(bob).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    const via = await gh.ctx.db.query<{ via: string }>(`SELECT details->>'via' AS via FROM audit_log WHERE action = 'acl.changed' AND target_id = $1 ORDER BY seq`, [f.id]);
    expect(via.map((v) => v.via)).toEqual(['CHANGE_PERMISSIONS', 'SHARE']);
    const current = [...base, { principalId: bob.id, accessTypes: ['READ', 'DOWNLOAD'] }];

    const before = await aclRows();
    const tooMuch = await putAcl(alice, f.id, [...current, { principalId: dave.id, accessTypes: ['READ', 'UPDATE'] }]);
    expect(tooMuch.statusCode).toBe(403);
    expect(tooMuch.json()).toMatchObject({
      code: 'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS',
      detail: 'You may share only access types you hold yourself, other than SHARE and CHANGE_PERMISSIONS; you may not grant UPDATE.',
    });
    const reshare = await putAcl(alice, f.id, [...current, { principalId: dave.id, accessTypes: ['READ', 'SHARE'] }]);
    expect(reshare.json()).toMatchObject({ status: 403, code: 'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS' });
    expect(reshare.json().detail).toMatch(/you may not grant SHARE\.$/);
    const removal = await putAcl(alice, f.id, base);
    expect(removal.json()).toMatchObject({ status: 403, code: 'DENY', detail: 'You lack CHANGE_PERMISSIONS access to the requested entity.' });
    const noShare = await putAcl(bob, f.id, [...current, { principalId: dave.id, accessTypes: ['READ'] }]);
    expect(noShare.json()).toMatchObject({ status: 403, code: 'DENY', detail: 'You lack CHANGE_PERMISSIONS access to the requested entity.' });
    expect(await aclRows()).toEqual(before);
  });

  it('a user with SHARE on an inheriting folder gives it an ACL of its own, adding to the inherited one', async () => {
    const p = await project(carol, 'Share inherited');
    expect((await putAcl(carol, p.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ', 'SHARE'] }])).statusCode).toBe(200);
    const f = await folder(carol, p.id, 'sub');
    const res = await putAcl(alice, f.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ', 'SHARE'] }, { principalId: bob.id, accessTypes: ['READ'] }]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ benefactorId: f.id, inherited: false });
    expect((await gh.as(bob).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(200);
    expect((await gh.as(bob).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(404);
  });

  it('unknown principals, repeated principals and unknown access types are refused and change nothing', async () => {
    const p = await project(carol, 'Validation');
    const before = await aclRows();
    const unknown = await putAcl(carol, p.id, [owner(carol), { principalId: 987654, accessTypes: ['READ'] }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_PRINCIPAL', principalIds: [987654] });
    const twice = await putAcl(carol, p.id, [owner(carol), { principalId: carol.id, accessTypes: ['READ'] }]);
    expect(twice.json()).toMatchObject({ status: 400, code: 'DUPLICATE_PRINCIPAL' });
    const badType = await putAcl(carol, p.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ', 'OWN'] }]);
    expect(badType.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const empty = await putAcl(carol, p.id, [owner(carol), { principalId: alice.id, accessTypes: [] }]);
    expect(empty.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await aclRows()).toEqual(before);
  });

  it('an ACL fetched before a change cannot overwrite it (412)', async () => {
    const p = await project(carol, 'Stale ACL');
    const { etag } = (await gh.as(carol).get(`/api/v1/entities/${p.id}/acl`)).json();
    expect((await putAcl(carol, p.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ'] }], etag)).statusCode).toBe(200);
    const stale = await putAcl(carol, p.id, [owner(carol), { principalId: bob.id, accessTypes: ['READ'] }], etag);
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('PRECONDITION_FAILED');
    expect((await gh.as(bob).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(404);
  });

  it('an owner cannot take away their own permission to change permissions; an admin can', async () => {
    const p = await project(carol, 'Lock out');
    const res = await putAcl(carol, p.id, [{ principalId: carol.id, accessTypes: ['READ'] }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('OWN_PERMISSION_REMOVED');
    expect((await gh.as(carol).get(`/api/v1/entities/${p.id}/acl`)).json().entries[0].accessTypes).toEqual(ALL);
    const byAdmin = await putAcl(admin, p.id, [{ principalId: carol.id, accessTypes: ['READ'] }]);
    expect(byAdmin.statusCode).toBe(200);
  });

  it('a project with an authorization domain cannot be made public, by anyone', async () => {
    const p = await project(carol, 'Domain');
    const f = await folder(carol, p.id, 'inside');
    const team = (await gh.as(carol).post('/api/v1/teams', { name: 'Consortium' })).json();
    await gh.ctx.db.query('INSERT INTO authorization_domain_groups (project_id, group_id, added_at) VALUES ($1, $2, $3)', [num(p.id), team.id, gh.clock.now()]);
    const message = 'Cannot make authorization domain protected resources public. Share directly with authorization domain groups instead.';
    for (const [user, principalId] of [[carol, PUBLIC], [carol, AUTHENTICATED], [admin, 3]] as const) {
      const res = await putAcl(user, f.id, [owner(carol), { principalId, accessTypes: ['READ'] }]);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC', rule: 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC', detail: message });
    }
    expect((await putAcl(carol, f.id, [owner(carol), { principalId: team.id, accessTypes: ['READ'] }])).statusCode).toBe(200);
  });

  it('removing a folder\'s ACL restores inheritance; a project\'s ACL cannot be removed', async () => {
    const p = await project(carol, 'Remove');
    const f = await folder(carol, p.id, 'private');
    expect((await putAcl(carol, f.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ'] }])).statusCode).toBe(200);
    const ofProject = await gh.as(carol).delete(`/api/v1/entities/${p.id}/acl`);
    expect(ofProject.statusCode).toBe(403);
    expect(ofProject.json()).toMatchObject({ code: 'DENY_IF_PARENT_IS_ROOT', detail: 'Cannot remove the ACL of a project' });
    const byAlice = await gh.as(alice).delete(`/api/v1/entities/${f.id}/acl`);
    expect(byAlice.json()).toMatchObject({ status: 403, code: 'DENY', detail: 'You lack CHANGE_PERMISSIONS access to the requested entity.' });

    expect((await gh.as(carol).delete(`/api/v1/entities/${f.id}/acl`)).statusCode).toBe(204);
    expect((await gh.as(carol).get(`/api/v1/entities/${f.id}/acl`)).json()).toMatchObject({ benefactorId: p.id, inherited: true });
    expect((await gh.as(alice).get(`/api/v1/entities/${f.id}`)).statusCode).toBe(404);
    const last = await gh.ctx.db.query('SELECT entries FROM acl_snapshots WHERE entity_id = $1 ORDER BY id DESC LIMIT 1', [num(f.id)]);
    expect(last).toEqual([{ entries: null }]);
    expect(await gh.ctx.db.query(`SELECT actor_id FROM audit_log WHERE action = 'acl.removed' AND target_id = $1`, [f.id])).toEqual([{ actor_id: carol.id }]);
    expect((await gh.ctx.db.query(`SELECT benefactor_id FROM entity_snapshots WHERE entity_id = $1 AND change = 'acl-removed'`, [num(f.id)]))).toEqual([{ benefactor_id: num(p.id) }]);
    const again = await gh.as(carol).delete(`/api/v1/entities/${f.id}/acl`);
    expect(again.json()).toMatchObject({ status: 409, code: 'ACL_INHERITED' });
  });
});

describe('shared with me', () => {
  it('lists the folders and files shared with me or a team of mine inside projects I cannot open, and nothing else', async () => {
    const p = await project(carol, 'Sharing Source');
    const direct = await folder(carol, p.id, 'For Alice');
    const viaTeam = await folder(carol, p.id, 'For the team');
    const everyone = await folder(carol, p.id, 'For everyone');
    await folder(carol, p.id, 'Not shared');
    const team = (await gh.as(bob).post('/api/v1/teams', { name: 'Shared-with-me readers' })).json();
    expect((await gh.as(bob).post(`/api/v1/teams/${team.id}/members`, { userId: alice.id })).statusCode).toBeLessThan(300);
    expect((await putAcl(carol, direct.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ'] }])).statusCode).toBe(200);
    expect((await putAcl(carol, viaTeam.id, [owner(carol), { principalId: team.id, accessTypes: ['READ', 'DOWNLOAD'] }])).statusCode).toBe(200);
    expect((await putAcl(carol, everyone.id, [owner(carol), { principalId: AUTHENTICATED, accessTypes: ['READ'] }])).statusCode).toBe(200);

    const shared = async (user: TestUser | null) => {
      const res = await gh.as(user).get('/api/v1/entities/shared');
      expect(res.statusCode, res.body).toBe(200);
      // (Other tests of this file share things too: look at this project's.)
      return res.json().items.filter((e: { projectId: string }) => e.projectId === p.id).map((e: { name: string }) => e.name);
    };
    // Alice cannot open the project, so this is how she finds them; "every signed-in user" is not "me".
    expect((await gh.as(alice).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(404);
    expect(await shared(alice)).toEqual(['For Alice', 'For the team']);
    // What carol created herself is hers, not shared with her; nothing for anonymous callers.
    expect(await shared(carol)).toEqual([]);
    expect(await shared(null)).toEqual([]);
    // Unsharing, or moving to the trash, takes it off the list at once.
    expect((await gh.as(carol).delete(`/api/v1/entities/${direct.id}/acl`)).statusCode).toBe(204);
    expect((await gh.as(carol).delete(`/api/v1/entities/${viaTeam.id}`)).statusCode).toBeLessThan(300);
    expect(await shared(alice)).toEqual([]);
  });
});

describe('permissions summary', () => {
  it('tells the caller what they may do', async () => {
    const p = await project(carol, 'Summary');
    expect((await putAcl(carol, p.id, [owner(carol), { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] }])).statusCode).toBe(200);
    const mine = (await gh.as(carol).get(`/api/v1/entities/${p.id}/permissions`)).json();
    // A project never moves; what is inside it moves for whoever may edit it, as the move endpoint decides.
    expect(mine).toMatchObject({ canView: true, canDownload: true, canEdit: true, canDelete: true, canChangePermissions: true, canShare: true,
      canMove: false, isDataContributor: true, canPublicRead: false, isOpenData: false, isCertified: true });
    const alices = (await gh.as(alice).get(`/api/v1/entities/${p.id}/permissions`)).json();
    expect(alices).toMatchObject({ canView: true, canDownload: true, canEdit: false, canAddChild: false, canDelete: false,
      canChangePermissions: false, canShare: false, isDataContributor: false });
    const f = await folder(carol, p.id, 'Inside');
    expect((await gh.as(carol).get(`/api/v1/entities/${f.id}/permissions`)).json()).toMatchObject({ canEdit: true, canMove: true });
    expect((await gh.as(alice).get(`/api/v1/entities/${f.id}/permissions`)).json()).toMatchObject({ canEdit: false, canMove: false });
    expect((await gh.as(dave).get(`/api/v1/entities/${p.id}/permissions`)).statusCode).toBe(404);
  });
});
