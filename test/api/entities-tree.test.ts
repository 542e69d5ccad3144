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
  bob = await gh.user('bob');
  dave = await gh.user('dave', { certified: true });
  admin = await gh.user('root', { admin: true, certified: true });
});
afterAll(async () => gh?.stop());

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const num = (synId: string) => Number(synId.slice(3));
const doesNotExist = (synId: string) => `Resource: '${synId}' does not exist`;

async function project(user: TestUser, name: string) {
  const res = await gh.as(user).post('/api/v1/entities', { type: 'project', name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function folder(user: TestUser, parentId: string, name: string) {
  const res = await gh.as(user).post('/api/v1/entities', { type: 'folder', name, parentId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function share(owner: TestUser, entityId: string, entries: { principalId: number; accessTypes: string[] }[]) {
  const res = await gh.as(owner).put(`/api/v1/entities/${entityId}/acl`, { entries: [{ principalId: owner.id, accessTypes: ALL }, ...entries] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const snapshots = (entityId: string) =>
  gh.ctx.db.query<{ change: string; project_id: number; in_trash: boolean; benefactor_id: number; parent_id: number | null }>(
    'SELECT change, project_id, in_trash, benefactor_id, parent_id FROM entity_snapshots WHERE entity_id = $1 ORDER BY id', [num(entityId)]);
const audit = (action: string, target: string) =>
  gh.ctx.db.query<{ actor_id: number; details: Record<string, unknown> }>(
    'SELECT actor_id, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY seq', [action, target]);

describe('projects and folders', () => {
  it('a signed-in user creates a project and gets every access type on it', async () => {
    const p = await project(carol, 'Tumour Atlas');
    expect(p).toMatchObject({ name: 'Tumour Atlas', type: 'project', parentId: null, description: '', dataType: 'SENSITIVE_DATA', dataClass: null,
      createdBy: carol.id, modifiedBy: carol.id, inTrash: false, versionNumber: null });
    expect(p.id).toMatch(/^syn\d+$/);
    expect(p.projectId).toBe(p.id);
    expect(p.etag).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.createdOn).toBe('2026-03-02T09:00:00.000Z');

    const acl = (await gh.as(carol).get(`/api/v1/entities/${p.id}/acl`)).json();
    expect(acl).toMatchObject({ entityId: p.id, benefactorId: p.id, inherited: false });
    expect(acl.entries).toEqual([{ principalId: carol.id, principalName: 'carol', principalType: 'user', accessTypes: ALL }]);

    expect(await audit('entity.created', p.id)).toEqual([expect.objectContaining({ actor_id: carol.id, details: expect.objectContaining({ type: 'project', name: 'Tumour Atlas' }) })]);
    expect(await snapshots(p.id)).toEqual([{ change: 'created', project_id: num(p.id), in_trash: false, benefactor_id: num(p.id), parent_id: null }]);
    const aclSnapshots = await gh.ctx.db.query('SELECT entries FROM acl_snapshots WHERE entity_id = $1', [num(p.id)]);
    expect(aclSnapshots).toEqual([{ entries: [{ principalId: carol.id, accessTypes: ALL }] }]);
  });

  it('an uncertified user may create a project but not a folder in it', async () => {
    const p = await project(bob, 'Bob lab');
    const res = await gh.as(bob).post('/api/v1/entities', { type: 'folder', name: 'data', parentId: p.id });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED', rule: 'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED',
      detail: 'Only certified users may create or update content.', actionsRequired: [],
    });
  });

  it('anonymous callers and users who have not accepted the terms cannot create projects', async () => {
    expect((await gh.as(null).post('/api/v1/entities', { type: 'project', name: 'Nope' })).statusCode).toBe(401);
    const newcomer = await gh.user('newcomer', { acceptedTerms: false });
    const res = await gh.as(newcomer).post('/api/v1/entities', { type: 'project', name: 'Nope' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TERMS_NOT_ACCEPTED');
  });

  it('folders sit under a parent in the same project, and sibling names are unique whatever the case', async () => {
    const p = await project(carol, 'Names');
    const raw = await folder(carol, p.id, 'raw');
    expect(raw).toMatchObject({ parentId: p.id, projectId: p.id, type: 'folder' });
    const nested = await folder(carol, raw.id, 'batch 1');
    expect(nested.projectId).toBe(p.id);

    const clash = await gh.as(carol).post('/api/v1/entities', { type: 'folder', name: 'RAW', parentId: p.id });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'NAME_TAKEN', existingId: raw.id });
    // The same name elsewhere is fine; project names are unique across the platform.
    await folder(carol, raw.id, 'raw');
    const sameProject = await gh.as(dave).post('/api/v1/entities', { type: 'project', name: 'names' });
    expect(sameProject.statusCode).toBe(409);
    expect(sameProject.json().code).toBe('NAME_TAKEN');
  });

  it('of several users creating the same name at once, one succeeds and the others get NAME_TAKEN', async () => {
    const p = await project(carol, 'Race');
    const results = await Promise.all(Array.from({ length: 5 }, () => gh.as(carol).post('/api/v1/entities', { type: 'folder', name: 'same', parentId: p.id })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'NAME_TAKEN')).toBe(true);
  });

  it('bad input is refused with a problem document and creates nothing', async () => {
    const p = await project(carol, 'Bad input');
    const before = await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM entities');
    const cases: [unknown, number, string][] = [
      [{ type: 'folder', name: 'x' }, 400, 'VALIDATION_FAILED'],
      [{ type: 'project', name: 'x', parentId: p.id }, 400, 'VALIDATION_FAILED'],
      [{ type: 'folder', name: 'a/b', parentId: p.id }, 400, 'VALIDATION_FAILED'],
      [{ type: 'folder', name: '   ', parentId: p.id }, 400, 'VALIDATION_FAILED'],
      [{ type: 'folder', name: '..', parentId: p.id }, 400, 'VALIDATION_FAILED'],
      [{ type: 'file', name: 'x', parentId: p.id }, 400, 'VALIDATION_FAILED'],
      [{ type: 'folder', name: 'x', parentId: 'synabc' }, 400, 'VALIDATION_FAILED'],
      [{ type: 'folder', name: 'x', parentId: p.id, colour: 'red' }, 400, 'VALIDATION_FAILED'],
      [{ type: 'folder', name: 'x'.repeat(257), parentId: p.id }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await gh.as(carol).post('/api/v1/entities', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect((await gh.as(carol).get('/api/v1/entities/not-an-id')).json()).toMatchObject({ status: 400, code: 'BAD_ID' });
    expect(await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM entities')).toEqual(before);
  });

  it('bare numbers are accepted as entity ids', async () => {
    const p = await project(carol, 'Bare ids');
    const res = await gh.as(carol).post('/api/v1/entities', { type: 'folder', name: 'f', parentId: num(p.id) });
    expect(res.statusCode).toBe(201);
    expect((await gh.as(carol).get(`/api/v1/entities/${num(p.id)}`)).json().id).toBe(p.id);
  });
});

describe('reading, and what cannot be read does not exist', () => {
  it('a user without READ is told the entity does not exist, exactly as for an id that was never used', async () => {
    const p = await project(carol, 'Private');
    const f = await folder(carol, p.id, 'inner');
    for (const url of [`/api/v1/entities/${f.id}`, `/api/v1/entities/${f.id}/children`, `/api/v1/entities/${f.id}/path`,
      `/api/v1/entities/${f.id}/acl`, `/api/v1/entities/${f.id}/permissions`, `/api/v1/entities/${f.id}/benefactor`]) {
      const hidden = await gh.as(alice).get(url);
      expect(hidden.statusCode, url).toBe(404);
      expect(hidden.json()).toMatchObject({ detail: doesNotExist(f.id) });
    }
    const missing = await gh.as(alice).get('/api/v1/entities/syn99999999');
    expect(missing.statusCode).toBe(404);
    const { instance: _a, ...hiddenBody } = (await gh.as(alice).get(`/api/v1/entities/${f.id}`)).json();
    const { instance: _b, ...missingBody } = missing.json();
    expect({ ...hiddenBody, detail: 'x' }).toEqual({ ...missingBody, detail: 'x' });

    for (const [method, body] of [['put', { name: 'x', etag: f.etag }], ['delete', undefined]] as const) {
      const res = method === 'put' ? await gh.as(alice).put(`/api/v1/entities/${f.id}`, body) : await gh.as(alice).delete(`/api/v1/entities/${f.id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe(doesNotExist(f.id));
    }
    const denials = await gh.ctx.db.query<{ action: string; rule: string }>(
      'SELECT action, rule FROM decision_denials WHERE user_id = $1 AND entity_id = $2 ORDER BY id', [alice.id, num(f.id)]);
    expect(denials.map((d) => d.action)).toEqual(expect.arrayContaining(['READ', 'UPDATE', 'DELETE']));
    expect(denials.every((d) => d.rule === 'DENY')).toBe(true);
    expect((await gh.as(carol).get(`/api/v1/entities/${f.id}`)).json().name).toBe('inner');
  });

  it('a user who has not accepted the terms reads public content only, and is asked to accept them for anything else', async () => {
    const pub = await project(carol, 'Public for newcomers');
    await share(carol, pub.id, [{ principalId: 1, accessTypes: ['READ'] }]);
    const priv = await project(carol, 'Private for newcomers');
    await share(carol, priv.id, [{ principalId: 2, accessTypes: ['READ'] }]);
    const late = await gh.user('late', { acceptedTerms: false });
    expect((await gh.as(late).get(`/api/v1/entities/${pub.id}`)).statusCode).toBe(200);
    for (const id of [priv.id, 'syn99999999']) {
      const res = await gh.as(late).get(`/api/v1/entities/${id}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('TERMS_NOT_ACCEPTED');
    }
    expect((await gh.as(dave).get(`/api/v1/entities/${priv.id}`)).statusCode).toBe(200);
  });

  it('a user who can READ but not UPDATE gets 403 with the rule and the exact message', async () => {
    const p = await project(carol, 'Readable');
    await share(carol, p.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    const res = await gh.as(alice).put(`/api/v1/entities/${p.id}`, { name: 'Mine now', etag: p.etag });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'DENY', rule: 'DENY', detail: 'You lack UPDATE access to the requested entity.', actionsRequired: [] });
    expect((await gh.as(carol).get(`/api/v1/entities/${p.id}`)).json().name).toBe('Readable');
  });

  it('children lists only what the caller can READ, folders first and by name', async () => {
    const p = await project(carol, 'Mixed');
    await share(carol, p.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    const open = await folder(carol, p.id, 'open');
    const closed = await folder(carol, p.id, 'closed');
    await share(carol, closed.id, []);
    const zeta = await folder(carol, p.id, 'Zeta');
    const asCarol = (await gh.as(carol).get(`/api/v1/entities/${p.id}/children`)).json();
    expect(asCarol.items.map((e: { name: string }) => e.name)).toEqual(['closed', 'open', 'Zeta']);
    const asAlice = (await gh.as(alice).get(`/api/v1/entities/${p.id}/children?limit=1`)).json();
    expect(asAlice).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(asAlice.items.map((e: { id: string }) => e.id)).toEqual([open.id]);
    const second = (await gh.as(alice).get(`/api/v1/entities/${p.id}/children?limit=1&offset=1`)).json();
    expect(second.items.map((e: { id: string }) => e.id)).toEqual([zeta.id]);
  });

  it('the home list holds the projects the caller can READ; public ones also for anonymous callers', async () => {
    const mine = await project(dave, 'Dave private');
    const pub = await project(dave, 'Dave public');
    await share(dave, pub.id, [{ principalId: 1, accessTypes: ['READ'] }]);
    const ids = (user: TestUser | null) => gh.as(user).get('/api/v1/entities?type=project&limit=500').then((r) => r.json().items.map((e: { id: string }) => e.id));
    expect(await ids(dave)).toEqual(expect.arrayContaining([mine.id, pub.id]));
    expect(await ids(alice)).toContain(pub.id);
    expect(await ids(alice)).not.toContain(mine.id);
    expect(await ids(null)).toContain(pub.id);
    expect(await ids(null)).not.toContain(mine.id);
    expect((await gh.as(null).get(`/api/v1/entities/${pub.id}`)).statusCode).toBe(200);
  });

  it('the path lists the ancestors, project first', async () => {
    const p = await project(carol, 'Deep');
    const a = await folder(carol, p.id, 'a');
    const b = await folder(carol, a.id, 'b');
    expect((await gh.as(carol).get(`/api/v1/entities/${b.id}/path`)).json()).toEqual({
      items: [{ id: p.id, name: 'Deep', type: 'project' }, { id: a.id, name: 'a', type: 'folder' }, { id: b.id, name: 'b', type: 'folder' }],
    });
    expect((await gh.as(carol).get(`/api/v1/entities/${b.id}/benefactor`)).json()).toEqual({ benefactorId: p.id });
  });
});

describe('changing entities', () => {
  it('a rename needs the current etag: the etag changes, and a stale one gets 412 and changes nothing', async () => {
    const p = await project(carol, 'Etags');
    const f = await folder(carol, p.id, 'old name');
    const renamed = await gh.as(carol).put(`/api/v1/entities/${f.id}`, { name: 'new name', description: 'Sequencing runs', etag: f.etag });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'new name', description: 'Sequencing runs' });
    expect(renamed.json().etag).not.toBe(f.etag);

    const stale = await gh.as(carol).put(`/api/v1/entities/${f.id}`, { name: 'lost update', etag: f.etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED', detail: `${f.id} was changed since you fetched it; fetch it again and reapply your change.` });
    expect((await gh.as(carol).get(`/api/v1/entities/${f.id}`)).json()).toMatchObject({ name: 'new name', etag: renamed.json().etag });
    expect(await audit('entity.updated', f.id)).toEqual([
      expect.objectContaining({ details: { name: { from: 'old name', to: 'new name' }, description: true } }),
    ]);
    expect((await snapshots(f.id)).map((s) => s.change)).toEqual(['created', 'updated']);

    await folder(carol, p.id, 'taken');
    const clash = await gh.as(carol).put(`/api/v1/entities/${f.id}`, { name: 'TAKEN', etag: renamed.json().etag });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('NAME_TAKEN');
  });

  it('a folder moves with everything below it into another project, and their project follows', async () => {
    const from = await project(carol, 'Move from');
    const to = await project(carol, 'Move to');
    const f = await folder(carol, from.id, 'cohort');
    const inner = await folder(carol, f.id, 'inner');
    const moved = await gh.as(carol).put(`/api/v1/entities/${f.id}`, { parentId: to.id, etag: f.etag });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: to.id, projectId: to.id });
    expect((await gh.as(carol).get(`/api/v1/entities/${inner.id}`)).json().projectId).toBe(to.id);
    expect((await gh.as(carol).get(`/api/v1/entities/${from.id}/children`)).json().total).toBe(0);
    expect(await audit('entity.moved', f.id)).toEqual([expect.objectContaining({ details: { from: from.id, to: to.id, entities: 2 } })]);
    expect((await snapshots(inner.id)).at(-1)).toMatchObject({ change: 'moved', project_id: num(to.id), benefactor_id: num(to.id) });
  });

  it('an entity cannot be moved into itself or below itself, and a project cannot be moved', async () => {
    const p = await project(carol, 'Cycles');
    const a = await folder(carol, p.id, 'a');
    const b = await folder(carol, a.id, 'b');
    for (const target of [a.id, b.id]) {
      const res = await gh.as(carol).put(`/api/v1/entities/${a.id}`, { parentId: target, etag: a.etag });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'MOVE_UNDER_ITSELF', detail: `Cannot move ${a.id} into itself or into one of its own folders.` });
    }
    const other = await project(carol, 'Cycles 2');
    const res = await gh.as(carol).put(`/api/v1/entities/${p.id}`, { parentId: other.id, etag: p.etag });
    expect(res.json()).toMatchObject({ status: 400, code: 'PROJECT_CANNOT_MOVE' });
    expect((await gh.as(carol).get(`/api/v1/entities/${a.id}`)).json().parentId).toBe(p.id);
  });

  it('moving needs CREATE on the new parent, and the new parent must be visible', async () => {
    const mine = await project(alice, 'Alice moves');
    const f = await folder(alice, mine.id, 'results');
    const carols = await project(carol, 'Carol target');
    const hidden = await gh.as(alice).put(`/api/v1/entities/${f.id}`, { parentId: carols.id, etag: f.etag });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().detail).toBe(doesNotExist(carols.id));
    await share(carol, carols.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    const denied = await gh.as(alice).put(`/api/v1/entities/${f.id}`, { parentId: carols.id, etag: f.etag });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'DENY', detail: 'You lack CREATE access to the requested entity.' });
  });

  it('a restricted entity cannot move to a place with fewer access requirements', async () => {
    const p = await project(carol, 'Restricted moves');
    const controlled = await folder(carol, p.id, 'controlled');
    const open = await folder(carol, p.id, 'open');
    const file = await folder(carol, controlled.id, 'row-level');
    const now = gh.clock.now();
    const { id: arId } = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO access_requirements (type, name, etag, created_at, modified_at) VALUES ('ManagedACT', 'Controlled', 'e1', $1, $1) RETURNING id`, [now]);
    await gh.ctx.db.query(`INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_at) VALUES ($1, 'entity', $2, $3)`,
      [arId, num(controlled.id), now]);

    const res = await gh.as(carol).put(`/api/v1/entities/${file.id}`, { parentId: open.id, etag: file.etag });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS', detail: 'Cannot move restricted entity to a location having fewer access restrictions.',
    });
    expect((await gh.as(carol).get(`/api/v1/entities/${file.id}`)).json().parentId).toBe(controlled.id);
    // The AR bound to the moved entity itself travels with it.
    const moved = await gh.as(carol).put(`/api/v1/entities/${controlled.id}`, { parentId: open.id, etag: controlled.etag });
    expect(moved.statusCode).toBe(200);
    // An admin may move anything.
    const byAdmin = await gh.as(admin).put(`/api/v1/entities/${file.id}`, { parentId: p.id, etag: file.etag });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
  });
});

describe('the trash', () => {
  it('a trashed folder and everything in it are in the trash for everyone; those who could see it are told so', async () => {
    const p = await project(carol, 'Trash');
    await share(carol, p.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    const f = await folder(carol, p.id, 'old');
    const inner = await folder(carol, f.id, 'inner');
    const res = await gh.as(carol).delete(`/api/v1/entities/${f.id}`);
    expect(res.statusCode).toBe(204);

    for (const [user, id] of [[carol, f.id], [carol, inner.id], [alice, inner.id]] as const) {
      const read = await gh.as(user).get(`/api/v1/entities/${id}`);
      expect(read.statusCode).toBe(403);
      expect(read.json()).toMatchObject({ code: 'DENY_IF_IN_TRASH', detail: `Entity ${id} is in trash can.` });
    }
    expect((await gh.as(dave).get(`/api/v1/entities/${f.id}`)).json().detail).toBe(doesNotExist(f.id));
    expect((await gh.as(carol).get(`/api/v1/entities/${p.id}/children`)).json().total).toBe(0);
    const withTrash = (await gh.as(carol).get(`/api/v1/entities/${p.id}/children?includeTrash=true`)).json();
    expect(withTrash.items).toEqual([expect.objectContaining({ id: f.id, inTrash: true })]);

    const trash = (await gh.as(carol).get('/api/v1/trash')).json();
    expect(trash.items.map((e: { id: string }) => e.id)).toContain(f.id);
    expect(trash.items.map((e: { id: string }) => e.id)).not.toContain(inner.id);
    expect((await gh.as(alice).get('/api/v1/trash')).json().items.map((e: { id: string }) => e.id)).not.toContain(f.id);
    expect((await snapshots(inner.id)).at(-1)).toMatchObject({ change: 'trashed', in_trash: true });
    expect(await audit('entity.trashed', f.id)).toHaveLength(1);

    const again = await gh.as(carol).delete(`/api/v1/entities/${f.id}`);
    expect(again.json()).toMatchObject({ status: 403, code: 'DENY_IF_IN_TRASH' });
  });

  it('whoever may delete restores; not under a parent that is still in the trash', async () => {
    const p = await project(carol, 'Restore');
    await share(carol, p.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    const f = await folder(carol, p.id, 'box');
    const inner = await folder(carol, f.id, 'item');
    await gh.as(carol).delete(`/api/v1/entities/${inner.id}`);
    await gh.as(carol).delete(`/api/v1/entities/${f.id}`);

    const under = await gh.as(carol).post(`/api/v1/entities/${inner.id}/restore`);
    expect(under.statusCode).toBe(409);
    expect(under.json()).toMatchObject({ code: 'PARENT_IN_TRASH', detail: `Cannot restore ${inner.id} while ${f.id} above it is in the trash; restore ${f.id} first.` });
    const byAlice = await gh.as(alice).post(`/api/v1/entities/${f.id}/restore`);
    expect(byAlice.statusCode).toBe(403);
    expect(byAlice.json()).toMatchObject({ code: 'DENY', detail: 'You lack DELETE access to the requested entity.' });
    expect((await gh.as(dave).post(`/api/v1/entities/${f.id}/restore`)).statusCode).toBe(404);

    const restored = await gh.as(carol).post(`/api/v1/entities/${f.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ id: f.id, inTrash: false });
    // The item was trashed on its own before: it stays in the trash.
    expect((await gh.as(carol).get(`/api/v1/entities/${inner.id}`)).json().code).toBe('DENY_IF_IN_TRASH');
    expect((await gh.as(carol).get('/api/v1/trash')).json().items.map((e: { id: string }) => e.id)).toContain(inner.id);
    expect((await gh.as(carol).post(`/api/v1/entities/${inner.id}/restore`)).statusCode).toBe(200);
    expect((await gh.as(alice).get(`/api/v1/entities/${inner.id}`)).statusCode).toBe(200);
    const notTrashed = await gh.as(carol).post(`/api/v1/entities/${inner.id}/restore`);
    expect(notTrashed.json()).toMatchObject({ status: 409, code: 'NOT_IN_TRASH' });
    expect(await audit('entity.restored', f.id)).toHaveLength(1);
  });

  it('purging deletes the subtree for good, with its ACLs, and keeps the records', async () => {
    const p = await project(carol, 'Purge');
    const f = await folder(carol, p.id, 'doomed');
    const inner = await folder(carol, f.id, 'shared');
    await share(carol, inner.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    await gh.as(carol).delete(`/api/v1/entities/${f.id}`);
    const res = await gh.as(carol).delete(`/api/v1/entities/${f.id}?purge=true`);
    expect(res.statusCode, res.body).toBe(204);

    for (const id of [f.id, inner.id]) {
      expect((await gh.as(carol).get(`/api/v1/entities/${id}`)).json()).toMatchObject({ status: 404, detail: doesNotExist(id) });
    }
    const ids = [num(f.id), num(inner.id)];
    expect(await gh.ctx.db.query('SELECT id FROM entities WHERE id = ANY ($1::bigint[])', [ids])).toEqual([]);
    expect(await gh.ctx.db.query('SELECT entity_id FROM acls WHERE entity_id = ANY ($1::bigint[])', [ids])).toEqual([]);
    expect(await gh.ctx.db.query('SELECT entity_id FROM acl_entries WHERE entity_id = ANY ($1::bigint[])', [ids])).toEqual([]);
    expect((await snapshots(inner.id)).at(-1)).toMatchObject({ change: 'purged' });
    const lastAcl = await gh.ctx.db.query('SELECT entries FROM acl_snapshots WHERE entity_id = $1 ORDER BY id DESC LIMIT 1', [num(inner.id)]);
    expect(lastAcl).toEqual([{ entries: null }]);
    expect(await audit('entity.purged', f.id)).toEqual([expect.objectContaining({ details: { name: 'doomed', type: 'folder', entities: 2, ids: [f.id, inner.id] } })]);
    expect((await gh.as(carol).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(200);
  });

  it('a user who may not delete cannot purge, and nothing is deleted', async () => {
    const p = await project(carol, 'No purge');
    await share(carol, p.id, [{ principalId: alice.id, accessTypes: ['READ', 'UPDATE'] }]);
    const res = await gh.as(alice).delete(`/api/v1/entities/${p.id}?purge=true`);
    expect(res.json()).toMatchObject({ status: 403, code: 'DENY', detail: 'You lack DELETE access to the requested entity.' });
    expect((await gh.as(carol).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(200);
  });
});
