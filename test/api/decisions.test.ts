import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { insertEntity, insertRequirement, setAclEntry } from '../consistency/world.js';

let gh: TestGatehouse;
let owner: TestUser;
let reader: TestUser;
let act: TestUser;
let project: number;
let open: number;
let restricted: number;
let requirement: number;

beforeAll(async () => {
  gh = await startTestGatehouse();
  owner = await gh.user('olga', { certified: true });
  reader = await gh.user('rafael');
  act = await gh.user('acton', { act: true });
  await gh.ctx.db.tx(async (sql) => {
    project = await insertEntity(sql, gh, 'project', 'Cohort', null, owner.id);
    await setAclEntry(sql, gh, project, owner.id, ['READ', 'DOWNLOAD', 'CHANGE_PERMISSIONS']);
    await setAclEntry(sql, gh, project, reader.id, ['READ', 'DOWNLOAD']);
    open = await insertEntity(sql, gh, 'file', 'summary.csv', project, owner.id);
    restricted = await insertEntity(sql, gh, 'file', 'genotypes.vcf', project, owner.id);
    requirement = await insertRequirement(sql, gh, 'ManagedACT');
    await sql.query(`INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_at) VALUES ($1, 'entity', $2, now())`, [requirement, restricted]);
  });
});
afterAll(async () => gh?.stop());

describe('POST /api/v1/decisions', () => {
  it('answers a user about themself with the deciding rule and no message when granted', async () => {
    const res = await gh.as(reader).post('/api/v1/decisions', { entityId: `syn${open}`, action: 'DOWNLOAD' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      userId: reader.id, entityId: `syn${open}`, action: 'DOWNLOAD',
      granted: true, rule: 'GRANT_IF_HAS_DOWNLOAD', message: null, status: 200, actionsRequired: [],
    });
  });

  it('explains a denial with the exact message and the actions that would lift it', async () => {
    const res = await gh.as(reader).post('/api/v1/decisions', { entityId: restricted, action: 'DOWNLOAD' });
    expect(res.json()).toMatchObject({
      granted: false,
      rule: 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      message: 'There are unmet access requirements that must be met to read content in the requested container.',
      status: 403,
      actionsRequired: [{ type: 'MeetAccessRequirement', accessRequirementId: requirement }],
    });
  });

  it('says an unknown entity does not exist, with status 404', async () => {
    const res = await gh.as(reader).post('/api/v1/decisions', { entityId: 'syn999999', action: 'READ' });
    expect(res.json()).toMatchObject({ granted: false, rule: 'DENY_IF_DOES_NOT_EXIST', message: "Resource: 'syn999999' does not exist", status: 404 });
  });

  it('refuses a user asking about someone else, and lets ACT ask about anyone, anonymous included', async () => {
    const refused = await gh.as(reader).post('/api/v1/decisions', { userId: owner.id, entityId: open, action: 'READ' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('DECISIONS_OF_OTHERS');
    const forOwner = await gh.as(act).post('/api/v1/decisions', { userId: owner.id, entityId: open, action: 'CHANGE_PERMISSIONS' });
    expect(forOwner.json()).toMatchObject({ userId: owner.id, granted: true, rule: 'GRANT_IF_HAS_CHANGE_PERMISSIONS' });
    const anonymous = await gh.as(act).post('/api/v1/decisions', { userId: null, entityId: open, action: 'DOWNLOAD' });
    expect(anonymous.json()).toMatchObject({ userId: null, granted: false, rule: 'DENY_IF_ANONYMOUS', message: 'Anonymous users have only READ access permission.' });
  });

  it('refuses malformed requests without deciding anything', async () => {
    const badId = await gh.as(reader).post('/api/v1/decisions', { entityId: 'folder-1', action: 'READ' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().code).toBe('VALIDATION_FAILED');
    const badAction = await gh.as(reader).post('/api/v1/decisions', { entityId: open, action: 'FLY' });
    expect(badAction.statusCode).toBe(400);
    const signedOut = await gh.as(null).post('/api/v1/decisions', { entityId: open, action: 'READ' });
    expect(signedOut.statusCode).toBe(401);
  });
});

describe('POST /api/v1/decisions/batch', () => {
  it('decides one user against many entities in the order asked', async () => {
    const res = await gh.as(reader).post('/api/v1/decisions/batch', { entityIds: [`syn${restricted}`, `syn${open}`, 'syn999999'], action: 'DOWNLOAD' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((d: { entityId: string; rule: string }) => [d.entityId, d.rule])).toEqual([
      [`syn${restricted}`, 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS'],
      [`syn${open}`, 'GRANT_IF_HAS_DOWNLOAD'],
      ['syn999999', 'DENY_IF_DOES_NOT_EXIST'],
    ]);
  });

  it('decides one entity against many users, for ACT', async () => {
    const res = await gh.as(act).post('/api/v1/decisions/batch', { entityId: open, userIds: [owner.id, reader.id, act.id, null], action: 'DOWNLOAD' });
    expect(res.json().items.map((d: { userId: number | null; granted: boolean }) => [d.userId, d.granted])).toEqual([
      [owner.id, true], [reader.id, true], [act.id, false], [null, false],
    ]);
    const refused = await gh.as(reader).post('/api/v1/decisions/batch', { entityId: open, userIds: [owner.id], action: 'READ' });
    expect(refused.statusCode).toBe(403);
  });

  it('accepts 1,000 entities and refuses 1,001', async () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => (i % 2 ? open : restricted));
    const ok = await gh.as(reader).post('/api/v1/decisions/batch', { entityIds: thousand, action: 'READ' });
    expect(ok.json().items).toHaveLength(1000);
    const tooMany = await gh.as(reader).post('/api/v1/decisions/batch', { entityIds: [...thousand, open], action: 'READ' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ code: 'BATCH_TOO_LARGE', detail: 'A batch holds at most 1000 decisions; this one has 1001.' });
  });

  it('refuses a batch that mixes both shapes', async () => {
    const res = await gh.as(act).post('/api/v1/decisions/batch', { entityIds: [open], userIds: [owner.id], action: 'READ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BAD_BATCH');
  });
});

describe('the cost of a decision on the request path', () => {
  it('a signed-in request reads the access change log once, however many decisions it takes', async () => {
    const syncs = () => gh.ctx.decisions.index.stats.syncs;
    let before = syncs();
    expect((await gh.as(reader).post('/api/v1/decisions', { entityId: open, action: 'DOWNLOAD' })).json().granted).toBe(true);
    expect(syncs() - before).toBe(1);
    before = syncs();
    await gh.as(reader).post('/api/v1/decisions/batch', { entityIds: [open, restricted], action: 'DOWNLOAD' });
    expect(syncs() - before).toBe(1);
    // The entity endpoints decide READ (to hide what the caller cannot see) and then the action itself.
    before = syncs();
    expect((await gh.as(reader).get(`/api/v1/entities/syn${open}`)).statusCode).toBe(200);
    expect(syncs() - before).toBe(1);
  });

  it('a write acknowledged before a request is still seen by that request', async () => {
    await setAclEntry(gh.ctx.db, gh, project, reader.id, ['READ']);
    const res = await gh.as(reader).post('/api/v1/decisions', { entityId: open, action: 'DOWNLOAD' });
    expect(res.json()).toMatchObject({ granted: false, rule: 'DENY' });
    await setAclEntry(gh.ctx.db, gh, project, reader.id, ['READ', 'DOWNLOAD']);
  });
});
