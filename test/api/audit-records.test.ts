import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, HOUR, MINUTE } from '../../src/infra/clock.js';
import { loadConfig } from '../../src/infra/config.js';
import { totpCode } from '../../src/identity/totp.js';
import { approvalsAt, entityStateAt, userTiersAt } from '../../src/audit/records.js';
import { pruneRecords } from '../../src/audit/retention.js';
import { INLINE_SUBTREE_LIMIT, expandSnapshots, recordSnapshots } from '../../src/entities/records.js';
import { DEMO_TERMS_VERSION } from '../../src/demo/demo.js';

/**
 * The records are complete (SPEC §11, issue 11; docs/adr/0020-audit-records.md): the state of a file whose own row
 * never changed, at instants before, between and after changes made above it through the API; tiers with 2FA;
 * approvals held, revoked and expired; download records with MD5 and the kind of client.
 */
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const PUBLIC = 1;
const num = (id: string) => Number(id.replace(/^syn/, ''));

let gh: TestGatehouse;
let owner: TestUser;
let act: TestUser;
let admin: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse({ orchestratorUrl: null });
  owner = await gh.user('owner', { certified: true, act: true });
  act = await gh.user('acty', { act: true });
  admin = await gh.user('root', { admin: true });
});
afterAll(async () => {
  await gh?.stop();
});

async function entity(type: 'project' | 'folder', name: string, parentId?: string): Promise<{ id: string; etag: string }> {
  const res = await gh.as(owner).post('/api/v1/entities', { type, name, ...(parentId ? { parentId } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function upload(parentId: string, fileName: string, content: string): Promise<string> {
  const data = new FormData();
  data.append('parentId', parentId);
  data.append('file', new Blob([content], { type: 'text/plain' }), fileName);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  const res = await gh.as(owner).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function ok(res: { statusCode: number; body: string }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
}

/** Moves the test clock on by a minute and returns an instant within it (an instant "between" two changes). */
function tick(): Date {
  const before = gh.clock.now();
  gh.clock.advance(MINUTE);
  return new Date(before.getTime() + MINUTE / 2);
}

async function state(id: string, at: Date) {
  return entityStateAt(gh.ctx.db, num(id), at);
}

async function snapshotCount(): Promise<number> {
  return (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM entity_snapshots')).n;
}

describe('the effective state of a file whose own row never changed', () => {
  it('follows an ACL change on its project (public, then private) and an AR bound then unbound on its folder', async () => {
    const project = await entity('project', 'Cohort study');
    const folder = await entity('folder', 'raw', project.id);
    const deeper = await entity('folder', 'batch-1', folder.id);
    const file = await upload(deeper.id, 'reads.csv', 'a,b\n1,2\n');
    const sibling = await upload(project.id, 'readme.txt', 'hello\n');
    const beforeAll_ = tick();

    await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: PUBLIC, accessTypes: ['READ'] },
    ] }));
    const publicBetween = tick();

    const ar = await gh.as(act).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'Cohort terms', terms: 'Do not re-identify.' });
    await ok(ar, 201);
    const bind = await gh.as(act).post(`/api/v1/access-requirements/${ar.json().id}/subjects`, { type: 'entity', id: folder.id });
    await ok(bind, 201);
    const boundBetween = tick();

    await ok(await gh.as(act).delete(`/api/v1/access-requirements/${ar.json().id}/subjects/entity/${folder.id}`));
    const unboundBetween = tick();

    await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [{ principalId: owner.id, accessTypes: ALL }] }));
    const privateAfter = tick();

    const arId = Number(ar.json().id);
    const at = async (instant: Date) => {
      const s = (await state(file, instant))!;
      return { isPublic: s.isPublic, isRestricted: s.isRestricted, isControlled: s.isControlled, ars: s.effectiveAccessRequirements, benefactor: s.benefactorId, inTrash: s.inTrash };
    };
    const base = { isControlled: false, inTrash: false, benefactor: num(project.id) };
    expect(await at(beforeAll_)).toEqual({ ...base, isPublic: false, isRestricted: false, ars: [] });
    expect(await at(publicBetween)).toEqual({ ...base, isPublic: true, isRestricted: false, ars: [] });
    expect(await at(boundBetween)).toEqual({ ...base, isPublic: true, isRestricted: true, ars: [arId] });
    expect(await at(unboundBetween)).toEqual({ ...base, isPublic: true, isRestricted: false, ars: [] });
    expect(await at(privateAfter)).toEqual({ ...base, isPublic: false, isRestricted: false, ars: [] });

    // The file's own row never changed: it has its creation and one record per change of its state.
    const own = await gh.ctx.db.query<{ change: string }>('SELECT change FROM entity_snapshots WHERE entity_id = $1 ORDER BY at, id', [num(file)]);
    expect(own.map((r) => r.change)).toEqual(['created', 'acl-changed', 'access-requirement-bound', 'access-requirement-unbound', 'acl-changed']);
    // The AR on the folder never restricted the file beside the folder, so the binding left it no record.
    const beside = await gh.ctx.db.query<{ change: string }>('SELECT change FROM entity_snapshots WHERE entity_id = $1 ORDER BY at, id', [num(sibling)]);
    expect(beside.map((r) => r.change)).toEqual(['created', 'acl-changed', 'acl-changed']);
    expect((await state(sibling, boundBetween))!.isRestricted).toBe(false);
    // The folder itself says the AR is its own; the file inherits it.
    const f = (await state(folder.id, boundBetween))!;
    expect([f.hasLocalAccessRequirement, f.isRestricted]).toEqual([true, true]);
    expect((await state(file, boundBetween))!.hasLocalAccessRequirement).toBe(false);
    expect((await state(project.id, publicBetween))!.hasLocalAcl).toBe(true);
    expect((await state(file, publicBetween))!.hasLocalAcl).toBe(false);
    // Before the file existed there is no state.
    expect(await state(file, new Date(Date.parse('2020-01-01')))).toBeNull();
  });

  it('an ACL change that changes nothing below writes the changed entity alone', async () => {
    const project = await entity('project', 'Quiet project');
    const folder = await entity('folder', 'data', project.id);
    await upload(folder.id, 'x.csv', 'x\n');
    await upload(folder.id, 'y.csv', 'y\n');
    tick();
    const before = await snapshotCount();
    // A collaborator added: nobody's public, restricted or benefactor state changes.
    await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: act.id, accessTypes: ['READ'] },
    ] }));
    expect(await snapshotCount()).toBe(before + 1);
    // A folder given its own ACL becomes the benefactor of what is below it: the folder and both files.
    tick();
    await ok(await gh.as(owner).put(`/api/v1/entities/${folder.id}/acl`, { entries: [{ principalId: owner.id, accessTypes: ALL }] }));
    expect(await snapshotCount()).toBe(before + 4);
  });

  it('follows a move into and out of a restricted folder, trash and restore, and a group added to the domain', async () => {
    const project = await entity('project', 'Moving project');
    const open = await entity('folder', 'open', project.id);
    const locked = await entity('folder', 'controlled', project.id);
    const inner = await entity('folder', 'inner', open.id);
    const file = await upload(inner.id, 'cohort.vcf', 'ACGT\n');
    const ar = await gh.as(act).post('/api/v1/access-requirements', {
      type: 'ManagedACT', name: 'Controlled cohort', subjects: [{ type: 'entity', id: locked.id }],
    });
    await ok(ar, 201);
    const arId = Number(ar.json().id);
    const beforeMove = tick();

    const moveTo = async (id: string, parentId: string) => {
      const current = (await gh.as(owner).get(`/api/v1/entities/${id}`)).json();
      await ok(await gh.as(owner).put(`/api/v1/entities/${id}`, { parentId, etag: current.etag }));
    };
    await moveTo(inner.id, locked.id);
    const inside = tick();
    await moveTo(inner.id, open.id);
    const outside = tick();

    expect((await state(file, beforeMove))!).toMatchObject({ isControlled: false, effectiveAccessRequirements: [], parentId: num(inner.id) });
    expect((await state(file, inside))!).toMatchObject({ isControlled: true, effectiveAccessRequirements: [arId] });
    expect((await state(file, outside))!).toMatchObject({ isControlled: false, effectiveAccessRequirements: [] });

    await ok(await gh.as(owner).delete(`/api/v1/entities/${open.id}`), 204);
    const trashed = tick();
    await ok(await gh.as(owner).post(`/api/v1/entities/${open.id}/restore`));
    const restored = tick();
    expect((await state(file, trashed))!.inTrash).toBe(true);
    expect((await state(file, restored))!.inTrash).toBe(false);
    expect((await state(file, outside))!.inTrash).toBe(false);

    const group = await gh.as(owner).post('/api/v1/groups', { name: 'cohort-consented' });
    await ok(group, 201);
    await ok(await gh.as(owner).post(`/api/v1/projects/${project.id}/authorization-domain`, { groups: ['cohort-consented'] }));
    const domained = tick();
    expect((await state(file, restored))!.authorizationDomain).toEqual([]);
    expect((await state(file, domained))!.authorizationDomain).toEqual([Number(group.json().id)]);
  });

  it('above a large subtree the request queues the descendants, and each is recorded at the change\'s instant', async () => {
    const project = await entity('project', 'Large project');
    const folder = await entity('folder', 'bulk', project.id);
    const named = await upload(folder.id, 'named.csv', 'n\n');
    // More files than are snapshotted in the request (rows made directly: thousands of uploads would be slow).
    await gh.ctx.db.tx(async (sql) => {
      await sql.query(
        `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
         SELECT nextval('entity_id_seq'), $1, 'file', 'bulk ' || g, $2, md5(g::text), $3, $4, $3, $4
         FROM generate_series(1, $5::int) g`,
        [num(folder.id), num(project.id), owner.id, gh.clock.now(), INLINE_SUBTREE_LIMIT]);
      await recordSnapshots(sql, gh.clock, num(folder.id), 'created', owner.id, 'subtree');
    });
    await expandSnapshots(gh.ctx.db);
    const bulk = (await gh.ctx.db.one<{ id: number }>(`SELECT id FROM entities WHERE name = 'bulk 1' AND parent_id = $1`, [num(folder.id)])).id;
    const before = tick();
    const count = await snapshotCount();
    await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: PUBLIC, accessTypes: ['READ'] },
    ] }));
    // The request wrote the project's snapshot and queued the rest.
    expect(await snapshotCount()).toBe(count + 1);
    expect((await gh.ctx.db.query('SELECT 1 FROM entity_snapshot_expansions'))).toHaveLength(1);
    const between = tick();
    // The next write to the tree expands the queue first, so the rename is not seen at the ACL change's instant.
    const current = (await gh.as(owner).get(`/api/v1/entities/${named}`)).json();
    await ok(await gh.as(owner).put(`/api/v1/entities/${named}`, { name: 'renamed.csv', etag: current.etag }));
    const after = tick();
    expect((await gh.ctx.db.query('SELECT 1 FROM entity_snapshot_expansions'))).toHaveLength(0);
    expect(await snapshotCount()).toBe(count + 1 + INLINE_SUBTREE_LIMIT + 2 + 1);
    expect((await state(named, before))!).toMatchObject({ isPublic: false, name: 'named.csv' });
    expect((await state(named, between))!).toMatchObject({ isPublic: true, name: 'named.csv', change: 'acl-changed' });
    expect((await state(named, after))!).toMatchObject({ isPublic: true, name: 'renamed.csv' });
    expect((await entityStateAt(gh.ctx.db, bulk, before))!.isPublic).toBe(false);
    expect((await entityStateAt(gh.ctx.db, bulk, between))!.isPublic).toBe(true);
  });

  it('a reader of the state expands what is queued', async () => {
    const project = (await gh.ctx.db.one<{ id: number }>(`SELECT id FROM entities WHERE name = 'Large project'`)).id;
    const file = (await gh.ctx.db.one<{ id: number }>(`SELECT id FROM entities WHERE name = 'bulk 2' AND project_id = $1`, [project])).id;
    const publicBefore = tick();
    await ok(await gh.as(owner).put(`/api/v1/entities/syn${project}/acl`, { entries: [{ principalId: owner.id, accessTypes: ALL }] }));
    expect((await gh.ctx.db.query('SELECT 1 FROM entity_snapshot_expansions'))).toHaveLength(1);
    const privateAfter = tick();
    expect((await entityStateAt(gh.ctx.db, file, publicBefore))!.isPublic).toBe(true);
    expect((await entityStateAt(gh.ctx.db, file, privateAfter))!.isPublic).toBe(false);
    expect((await gh.ctx.db.query('SELECT 1 FROM entity_snapshot_expansions'))).toHaveLength(0);
  });

  it('a purge right after a queued change leaves the change recorded at its instant first', async () => {
    const project = (await gh.ctx.db.one<{ id: number }>(`SELECT id FROM entities WHERE name = 'Large project'`)).id;
    const scratch = await entity('folder', 'scratch', `syn${project}`);
    const file = await upload(scratch.id, 'tmp.csv', 't\n');
    const before = tick();
    await ok(await gh.as(owner).put(`/api/v1/entities/syn${project}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: PUBLIC, accessTypes: ['READ'] },
    ] }));
    expect((await gh.ctx.db.query('SELECT 1 FROM entity_snapshot_expansions'))).toHaveLength(1);
    const between = tick();
    await ok(await gh.as(owner).delete(`/api/v1/entities/${scratch.id}?purge=true`), 204);
    const after = tick();
    expect((await state(file, before))!.isPublic).toBe(false);
    expect((await state(file, between))!.isPublic).toBe(true);
    expect(await state(file, after)).toBeNull();
  });

  it('a purged file has no state after the purge, and its state before stays known', async () => {
    const project = await entity('project', 'Purged project');
    const folder = await entity('folder', 'tmp', project.id);
    const file = await upload(folder.id, 'scratch.txt', 'scratch\n');
    const alive = tick();
    await ok(await gh.as(owner).delete(`/api/v1/entities/${folder.id}?purge=true`), 204);
    const gone = tick();
    expect((await state(file, alive))!.name).toBe('scratch.txt');
    expect(await state(file, gone)).toBeNull();
  });
});

describe('user tiers at an instant', () => {
  it('registered, certified, validated and two-factor, each as it was', async () => {
    const uma = await gh.user('uma', { acceptedTerms: false });
    const start = tick();
    await ok(await gh.as(uma).post('/api/v1/terms/accept', { version: DEMO_TERMS_VERSION }));
    const registered = tick();
    await ok(await gh.as(act).post(`/api/v1/users/${uma.id}/certification`, { certified: true, reason: 'Passed on paper.' }));
    const certified = tick();

    const { secret } = (await gh.as(uma).post('/api/v1/me/2fa/enroll')).json();
    await ok(await gh.as(uma).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) }));
    const enrolled = tick();
    await ok(await gh.as(admin).post(`/api/v1/users/${uma.id}/reset-2fa`));
    const reset = tick();
    await ok(await gh.as(act).post(`/api/v1/users/${uma.id}/certification`, { certified: false, reason: 'Certified by mistake.' }));
    const uncertified = tick();
    await ok(await gh.as(admin).post(`/api/v1/users/${uma.id}/disable`, { reason: 'Left the lab.' }));
    const disabled = tick();

    const tiers = (at: Date) => userTiersAt(gh.ctx.db, uma.id, at);
    const none = { registered: false, certified: false, validated: false, twoFactor: false, active: true };
    expect(await tiers(start)).toEqual(none);
    expect(await tiers(registered)).toEqual({ ...none, registered: true });
    expect(await tiers(certified)).toEqual({ ...none, registered: true, certified: true });
    expect(await tiers(enrolled)).toEqual({ ...none, registered: true, certified: true, twoFactor: true });
    expect(await tiers(reset)).toEqual({ ...none, registered: true, certified: true });
    expect(await tiers(uncertified)).toEqual({ ...none, registered: true });
    expect(await tiers(disabled)).toEqual({ ...none, registered: true, active: false });
    expect(await tiers(new Date('2020-01-01'))).toBeNull();

    // The history the user's page shows names the 2FA events.
    const history = await gh.ctx.db.query<{ tier: string; change: string; how: string }>(
      `SELECT tier, change, how FROM user_tier_events WHERE user_id = $1 AND tier IN ('2fa', 'active') ORDER BY at, id`, [uma.id]);
    expect(history).toEqual([
      { tier: '2fa', change: 'granted', how: '2fa-enrolled' },
      { tier: '2fa', change: 'revoked', how: '2fa-reset' },
      { tier: 'active', change: 'revoked', how: 'account-disabled' },
    ]);
  });

  it('turning 2FA off oneself is in the history too', async () => {
    const vic = await gh.user('vic');
    const { secret } = (await gh.as(vic).post('/api/v1/me/2fa/enroll')).json();
    await ok(await gh.as(vic).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) }));
    const on = tick();
    gh.clock.advance(60_000);
    await ok(await gh.as(vic).post('/api/v1/me/2fa/disable', { code: await totpCode(secret, gh.clock.now()) }), 204);
    const off = tick();
    expect((await userTiersAt(gh.ctx.db, vic.id, on))!.twoFactor).toBe(true);
    expect((await userTiersAt(gh.ctx.db, vic.id, off))!.twoFactor).toBe(false);
  });
});

describe('approvals at an instant', () => {
  it('held once granted, not after revocation, and not after expiry even before the expiry job ran', async () => {
    const wes = await gh.user('wes', { certified: true });
    const a = await gh.as(act).post('/api/v1/access-requirements', { type: 'ManagedACT', name: 'Cohort A' });
    const b = await gh.as(act).post('/api/v1/access-requirements', { type: 'ManagedACT', name: 'Cohort B' });
    await ok(a, 201);
    await ok(b, 201);
    const before = tick();
    const granted = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: a.json().id, accessorId: wes.id });
    await ok(granted, 201);
    const expiresOn = new Date(gh.clock.now().getTime() + 2 * DAY);
    await ok(await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: b.json().id, accessorId: wes.id, expiresOn: expiresOn.toISOString() }), 201);
    const both = tick();
    await ok(await gh.as(act).post(`/api/v1/access-approvals/${granted.json().id}/revoke`, { reason: 'Left the study.' }));
    const revoked = tick();

    const held = async (at: Date) => (await approvalsAt(gh.ctx.db, wes.id, at)).map((x) => x.accessRequirementId);
    expect(await held(before)).toEqual([]);
    expect(await held(both)).toEqual([Number(a.json().id), Number(b.json().id)]);
    expect(await held(revoked)).toEqual([Number(b.json().id)]);
    // Past its expiry: not held, though nothing revoked it yet.
    expect(await held(new Date(expiresOn.getTime() + HOUR))).toEqual([]);
    expect(await held(new Date(expiresOn.getTime() - HOUR))).toEqual([Number(b.json().id)]);

    const events = await gh.ctx.db.query<{ change: string }>(
      'SELECT change FROM approval_events WHERE accessor_id = $1 ORDER BY at, id', [wes.id]);
    expect(events.map((e) => e.change)).toEqual(['granted', 'granted', 'revoked']);
  });
});

describe('download records', () => {
  it('name the MD5, version, project, rule and kind of client: web session, API token, runtime token; denials too', async () => {
    const project = await entity('project', 'Download project');
    const file = await upload(project.id, 'counts.tsv', 'gene\tcount\nTP53\t4\n');
    const reader = await gh.user('reader', { certified: true });
    const outsider = await gh.user('outsider', { certified: true });
    await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: reader.id, accessTypes: ['READ', 'DOWNLOAD', 'COMPUTE'] },
    ] }));
    const md5 = (await gh.ctx.db.one<{ md5: string }>(
      'SELECT b.md5 FROM entities e JOIN file_versions v ON v.entity_id = e.id AND v.version = e.current_version JOIN blobs b ON b.id = v.blob_id WHERE e.id = $1',
      [num(file)])).md5;

    await ok(await gh.as(reader).get(`/api/v1/entities/${file}/download`));
    const token = await gh.as(reader).post('/api/v1/tokens', { name: 'cli' });
    await ok(token, 201);
    await ok(await gh.app.inject({ method: 'GET', url: `/api/v1/entities/${file}/download`, headers: { authorization: `Bearer ${token.json().token}` } }));
    const runtime = await gh.as(reader).post('/api/v1/runtimes', { projectId: project.id, name: 'notebook', kind: 'notebook' });
    await ok(runtime, 201);
    const runtimeToken = await gh.as(reader).post('/api/v1/tokens', { name: 'notebook token', runtimeId: runtime.json().id });
    await ok(runtimeToken, 201);
    await ok(await gh.app.inject({ method: 'GET', url: `/api/v1/entities/${file}/download`, headers: { authorization: `Bearer ${runtimeToken.json().token}` } }));
    const refused = await gh.as(outsider).get(`/api/v1/entities/${file}/download`);
    expect(refused.statusCode).toBe(404);

    const rows = await gh.ctx.db.query<{ user_id: number; result: string; client_kind: string; md5: string | null; version: number; project_id: number; rule: string; bytes: number }>(
      'SELECT user_id, result, client_kind, md5, version, project_id, rule, bytes FROM download_records WHERE entity_id = $1 ORDER BY id', [num(file)]);
    const served = { result: 'served', md5, version: 1, project_id: num(project.id), rule: 'GRANT_IF_HAS_DOWNLOAD', bytes: 18 };
    expect(rows.map((r) => ({ ...r, user_id: Number(r.user_id), project_id: Number(r.project_id), bytes: Number(r.bytes) }))).toEqual([
      { ...served, user_id: reader.id, client_kind: 'web' },
      { ...served, user_id: reader.id, client_kind: 'token' },
      { ...served, user_id: reader.id, client_kind: 'runtime' },
      { user_id: outsider.id, result: 'denied', client_kind: 'web', md5, version: 1, project_id: num(project.id), rule: 'DENY', bytes: 0 },
    ]);
  });
});

// New terms unregister everyone, and retention moves the clock 400 days on: both come last.
describe('new platform terms', () => {
  it('registration lapses at their publication until they are accepted', async () => {
    const yan = await gh.user('yan', { acceptedTerms: false });
    await ok(await gh.as(yan).post('/api/v1/terms/accept', { version: DEMO_TERMS_VERSION }));
    const registered = tick();
    await ok(await gh.as(admin).post('/api/v1/terms', { version: 'terms-2', body: 'New terms.' }), 201);
    const lapsed = tick();
    await ok(await gh.as(yan).post('/api/v1/terms/accept', { version: 'terms-2' }));
    const again = tick();
    const registeredAt = async (at: Date) => (await userTiersAt(gh.ctx.db, yan.id, at))!.registered;
    expect([await registeredAt(registered), await registeredAt(lapsed), await registeredAt(again)]).toEqual([true, false, true]);
  });
});

describe('retention', () => {
  it('is refused under four quarters, with a message that says so', () => {
    expect(() => loadConfig({ RECORDS_RETENTION_DAYS: '180' })).toThrow(
      'RECORDS_RETENTION_DAYS is 180, but the audit needs at least four quarters of records: set 366 days or more, or leave it unset to keep every record.');
    expect(loadConfig({ RECORDS_RETENTION_DAYS: '400' }).recordsRetentionDays).toBe(400);
    expect(loadConfig({}).recordsRetentionDays).toBeNull();
  });

  it('deletes records older than the cut but keeps the latest state of each entity at the cut', async () => {
    await ok(await gh.as(owner).post('/api/v1/terms/accept', { version: 'terms-2' }));
    const project = await entity('project', 'Old project');
    const file = await upload(project.id, 'old.txt', 'old\n');
    const created = tick();
    await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: PUBLIC, accessTypes: ['READ'] },
    ] }));
    const madePublic = tick();
    gh.clock.advance(400 * DAY);
    const cut = new Date(gh.clock.now().getTime() - 366 * DAY);
    const pruned = await gh.ctx.db.tx((sql) => pruneRecords(sql, cut));
    expect(pruned.deleted.entity_snapshots).toBeGreaterThan(0);
    const left = await gh.ctx.db.query<{ change: string }>('SELECT change FROM entity_snapshots WHERE entity_id = $1', [num(file)]);
    expect(left.map((r) => r.change)).toEqual(['acl-changed']);
    // The state at the cut is still known; the state before the last change before the cut is not kept.
    expect((await state(file, cut))!.isPublic).toBe(true);
    expect((await state(file, madePublic))!.isPublic).toBe(true);
    expect(await state(file, created)).toBeNull();
  });
});
