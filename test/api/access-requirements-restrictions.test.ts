import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRequirement, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { loadAccessRequirementsDemo } from '../../src/accessrequirements/demo.js';
import { CAN_DOWNLOAD, CONTRIBUTOR, UNMET, fixtures, syn } from './access-requirements-fixtures.js';

let gh: TestGatehouse;
let act: TestUser;
let admin: TestUser;
let owner: TestUser;
let f: ReturnType<typeof fixtures>;

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = fixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  admin = await gh.user('ada', { admin: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

const PUBLIC = 1;

describe('restriction information', () => {
  it('an entity without requirements is OPEN', async () => {
    const project = await f.project(owner, 'Open project');
    expect(await f.restriction(owner, project)).toEqual({
      entityId: syn(project), restrictionLevel: 'OPEN', hasUnmetAccessRequirement: false, restrictionDetails: [],
    });
  });

  it('the level is the highest among the requirements on the path, with each one detailed in id order', async () => {
    const reader = await gh.user('rhea');
    const project = await f.project(owner, 'Levels project', { [reader.id]: CAN_DOWNLOAD });
    const folder = await f.folder(project, 'raw', owner);
    const terms = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'entity', id: syn(project) }] });
    expect((await f.restriction(reader, folder)).restrictionLevel).toBe('RESTRICTED_BY_TERMS_OF_USE');
    const managed = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(folder) }] });
    await acceptRequirement(gh, reader, terms.id);
    expect(await f.restriction(reader, folder)).toEqual({
      entityId: syn(folder),
      restrictionLevel: 'CONTROLLED_BY_ACT',
      hasUnmetAccessRequirement: true,
      restrictionDetails: [
        { accessRequirementId: terms.id, isApproved: true, isMet: true, isExempt: false, exemption: null },
        { accessRequirementId: managed.id, isApproved: false, isMet: false, isExempt: false, exemption: null },
      ],
    });
    expect((await f.restriction(reader, project)).restrictionLevel).toBe('RESTRICTED_BY_TERMS_OF_USE');
  });

  it('a batch answers for up to 50 entities; 51 are refused', async () => {
    const project = await f.project(owner, 'Batch project');
    const ids = [project];
    for (let i = 0; i < 49; i++) ids.push(await f.folder(project, `f${i}`, owner));
    const ok = await gh.as(owner).post('/api/v1/entities/restriction-information', { entityIds: ids.map(syn) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items.map((i: { entityId: string }) => i.entityId)).toEqual(ids.map(syn));
    const tooMany = await gh.as(owner).post('/api/v1/entities/restriction-information', { entityIds: [...ids, project].map(syn) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({
      code: 'BATCH_TOO_LARGE', detail: 'Restriction information is given for at most 50 entities at a time; this request has 51.',
    });
    const empty = await gh.as(owner).post('/api/v1/entities/restriction-information', { entityIds: [] });
    expect(empty.statusCode).toBe(400);
  });

  it('an entity the caller cannot read is reported as not existing; one in the trash says so', async () => {
    const stranger = await gh.user('stranger');
    const project = await f.project(owner, 'Private project');
    for (const path of [`/api/v1/entities/${syn(project)}/restriction-information`, `/api/v1/entities/${syn(project)}/actions-required`, `/api/v1/entities/${syn(project)}/access-requirements`]) {
      const res = await gh.as(stranger).get(path);
      expect([res.statusCode, res.json().detail], path).toEqual([404, `Resource: '${syn(project)}' does not exist`]);
    }
    const batch = await gh.as(stranger).post('/api/v1/entities/restriction-information', { entityIds: [syn(project)] });
    expect(batch.statusCode).toBe(404);
    const missing = await gh.as(owner).get('/api/v1/entities/syn77777777/restriction-information');
    expect(missing.json().detail).toBe("Resource: 'syn77777777' does not exist");
    const bad = await gh.as(owner).get('/api/v1/entities/abc/restriction-information');
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'BAD_ID']);
    const folder = await f.folder(project, 'binned', owner);
    await f.trash(folder, owner);
    const trashed = await gh.as(owner).get(`/api/v1/entities/${syn(folder)}/restriction-information`);
    expect(trashed.statusCode).toBe(403);
    expect(trashed.json()).toMatchObject({ code: 'DENY_IF_IN_TRASH', detail: `Entity ${syn(folder)} is in trash can.` });
  });

  it('anonymous callers see the restrictions of public content', async () => {
    const project = await f.project(owner, 'Public project', { [PUBLIC]: ['READ'] });
    const ar = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'entity', id: syn(project) }] });
    expect(await f.restriction(null, project)).toMatchObject({
      restrictionLevel: 'RESTRICTED_BY_TERMS_OF_USE', hasUnmetAccessRequirement: true,
      restrictionDetails: [{ accessRequirementId: ar.id, isApproved: false, isMet: false, isExempt: false, exemption: null }],
    });
    expect((await gh.as(null).get(`/api/v1/entities/${syn(project)}/access-requirements`)).json().items.map((a: { id: number }) => a.id)).toEqual([ar.id]);
    // Signing in is a precondition, not an action: an anonymous caller is offered none.
    expect(await f.actions(null, project)).toMatchObject({ canDownload: false, rule: 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS', actions: [] });
  });
});

describe('actions required for a download', () => {
  it('a user lacking approvals is told to meet each unmet requirement, in id order', async () => {
    const uma = await gh.user('uma');
    const project = await f.project(owner, 'Two requirements', { [uma.id]: CAN_DOWNLOAD });
    const folder = await f.folder(project, 'data', owner);
    const first = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'entity', id: syn(folder) }] });
    const second = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    expect(await f.actions(uma, folder)).toEqual({
      entityId: syn(folder), canDownload: false, rule: 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS', message: UNMET,
      actions: [
        { type: 'MeetAccessRequirement', accessRequirementId: first.id },
        { type: 'MeetAccessRequirement', accessRequirementId: second.id },
      ],
    });
    await acceptRequirement(gh, uma, first.id);
    await f.approve(act, second.id, uma);
    expect(await f.actions(uma, folder)).toEqual({
      entityId: syn(folder), canDownload: true, rule: 'GRANT_IF_HAS_DOWNLOAD', message: null, actions: [],
    });
  });

  it('a requirement asking for two-factor authentication adds EnableTwoFa after the unmet requirements', async () => {
    const val = await gh.user('val');
    const project = await f.project(owner, 'Two-factor project', { [val.id]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'TermsOfUse', settings: { requires2fa: true }, subjects: [{ type: 'entity', id: syn(project) }] });
    expect((await f.actions(val, project)).actions).toEqual([{ type: 'MeetAccessRequirement', accessRequirementId: ar.id }, { type: 'EnableTwoFa' }]);
    await acceptRequirement(gh, val, ar.id);
    expect(await f.actions(val, project)).toMatchObject({
      canDownload: false, rule: 'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET',
      message: 'You need to enable two factor authentication to access the requested entity.',
      actions: [{ type: 'EnableTwoFa' }],
    });
  });

  it('with every requirement met, a user without DOWNLOAD is asked to request it from the benefactor', async () => {
    const wes = await gh.user('wes');
    const project = await f.project(owner, 'Read-only project', { [wes.id]: ['READ'] });
    const file = await f.file(project, 'table.csv', owner);
    const ar = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'entity', id: syn(project) }] });
    await acceptRequirement(gh, wes, ar.id);
    expect(await f.actions(wes, file)).toEqual({
      entityId: syn(file), canDownload: false, rule: 'DENY', message: 'You lack DOWNLOAD access to the requested entity.',
      actions: [{ type: 'RequestDownload', benefactorId: syn(project) }],
    });
  });

  it('the uploader of a file meets every requirement on it without an approval', async () => {
    const uploader = await gh.user('upton', { certified: true });
    const project = await f.project(owner, 'Uploads project', { [uploader.id]: CONTRIBUTOR });
    const file = await f.file(project, 'mine.vcf', uploader);
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    expect(await f.restriction(uploader, file)).toMatchObject({
      hasUnmetAccessRequirement: false,
      restrictionDetails: [{ accessRequirementId: ar.id, isApproved: false, isMet: true, isExempt: false, exemption: null }],
    });
    expect((await f.download(uploader, file)).granted).toBe(true);
    expect((await f.download(uploader, project)).granted).toBe(false);
  });
});

describe('data contributor exemptions', () => {
  it('a contributor who is exemption-eligible downloads without approval', async () => {
    const cora = await gh.user('cora', { certified: true });
    const project = await f.project(owner, 'Exempt project', { [cora.id]: CONTRIBUTOR });
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    expect(await f.download(cora, project)).toMatchObject({ granted: false, message: UNMET });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: cora.id, accessTypes: ['EXEMPTION_ELIGIBLE'] }] });
    expect(await f.download(cora, project)).toMatchObject({ granted: true, rule: 'GRANT_IF_HAS_DOWNLOAD' });
    expect((await f.restriction(cora, project)).restrictionDetails).toEqual([
      { accessRequirementId: ar.id, isApproved: false, isMet: true, isExempt: true,
        exemption: { reason: 'data contributor', eligibleThrough: [{ kind: 'user', id: cora.id, name: 'cora' }] } },
    ]);
  });

  it('removing either grant ends the exemption at once', async () => {
    const dora = await gh.user('dora', { certified: true });
    const project = await f.project(owner, 'Ending exemption', { [dora.id]: CONTRIBUTOR });
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: dora.id, accessTypes: ['EXEMPTION_ELIGIBLE'] }] });
    expect((await f.download(dora, project)).granted).toBe(true);
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [] });
    expect(await f.download(dora, project)).toMatchObject({ granted: false, message: UNMET });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: dora.id, accessTypes: ['EXEMPTION_ELIGIBLE'] }] });
    expect((await f.download(dora, project)).granted).toBe(true);
    await f.setAcl(project, { [owner.id]: CONTRIBUTOR, [dora.id]: CAN_DOWNLOAD });
    expect(await f.download(dora, project)).toMatchObject({ granted: false, message: UNMET });
  });

  it('a contributor outside the exemption-eligible team is offered to join it, and is exempt once in it', async () => {
    const ezra = await gh.user('ezra', { certified: true });
    const project = await f.project(owner, 'Eligible team project', { [ezra.id]: CONTRIBUTOR });
    const teamId = await f.team(act, 'Cohort contributors');
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: teamId, accessTypes: ['EXEMPTION_ELIGIBLE'] }] });
    expect((await f.actions(ezra, project)).actions).toEqual([
      { type: 'MeetAccessRequirement', accessRequirementId: ar.id, exemptionEligibleTeamIds: [teamId] },
    ]);
    await gh.as(act).post(`/api/v1/teams/${teamId}/members`, { userId: ezra.id });
    expect(await f.actions(ezra, project)).toMatchObject({ canDownload: true, actions: [] });
    expect((await f.restriction(ezra, project)).restrictionDetails[0]).toMatchObject({ isExempt: true, isMet: true,
      exemption: { reason: 'data contributor', eligibleThrough: [{ kind: 'team', id: teamId, name: 'Cohort contributors' }] } });
  });

  it('a reader who is exemption-eligible but not a contributor is not exempt', async () => {
    const finn = await gh.user('finn');
    const project = await f.project(owner, 'Reader project', { [finn.id]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: finn.id, accessTypes: ['EXEMPTION_ELIGIBLE'] }] });
    expect(await f.download(finn, project)).toMatchObject({ granted: false, message: UNMET });
    expect((await f.restriction(finn, project)).restrictionDetails[0]).toMatchObject({ isExempt: false, isMet: false, exemption: null });
  });
});

describe('locks', () => {
  it('a Data Owner locks an entity; nobody can download it until ACT deletes the lock, and ACT is told', async () => {
    const gina = await gh.user('gina');
    const project = await f.project(owner, 'Locked project', { [gina.id]: CAN_DOWNLOAD });
    const folder = await f.folder(project, 'Leaky folder', owner);
    const res = await gh.as(owner).post(`/api/v1/entities/${syn(folder)}/lock`, { reason: 'Identifiable data was uploaded here by mistake.' });
    expect(res.statusCode, res.body).toBe(201);
    const lock = res.json();
    expect(lock).toMatchObject({
      type: 'Lock', name: `Locked: Leaky folder (${syn(folder)})`, terms: 'Identifiable data was uploaded here by mistake.',
      settings: {}, subjects: [{ type: 'entity', id: syn(folder) }], createdBy: owner.id, restrictionLevel: 'CONTROLLED_BY_ACT',
    });
    expect(await f.actions(gina, folder)).toMatchObject({ canDownload: false, actions: [{ type: 'MeetAccessRequirement', accessRequirementId: lock.id }] });
    expect((await f.download(owner, folder)).granted).toBe(false);
    expect((await f.download(admin, folder)).granted).toBe(true);
    expect((await f.download(gina, project)).granted).toBe(true);
    expect((await f.emailsTo(act)).at(-1)).toMatchObject({ kind: 'access-requirement.entity-locked', subject: `Olga locked Leaky folder (${syn(folder)})` });
    expect((await f.auditActions('entity', syn(folder))).map((a) => a.action)).toEqual(['entity.locked']);

    const again = await gh.as(owner).post(`/api/v1/entities/${syn(folder)}/lock`, { reason: 'Again.' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'ALREADY_LOCKED']);
    expect((await gh.as(act).delete(`/api/v1/access-requirements/${lock.id}`)).statusCode).toBe(204);
    expect((await f.download(gina, folder)).granted).toBe(true);
  });

  it('ACT may lock any entity; a user without CHANGE_PERMISSIONS may not, and one who cannot read it is told it does not exist', async () => {
    const hank = await gh.user('hank');
    const stranger = await gh.user('ivan');
    const project = await f.project(owner, 'Lock refusals', { [hank.id]: CAN_DOWNLOAD });
    const before = await f.totals();
    const denied = await gh.as(hank).post(`/api/v1/entities/${syn(project)}/lock`, { reason: 'Mine now.' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'DENY', rule: 'DENY', detail: 'You lack CHANGE_PERMISSIONS access to the requested entity.' });
    const hidden = await gh.as(stranger).post(`/api/v1/entities/${syn(project)}/lock`, { reason: 'Hmm.' });
    expect([hidden.statusCode, hidden.json().detail]).toEqual([404, `Resource: '${syn(project)}' does not exist`]);
    const blank = await gh.as(owner).post(`/api/v1/entities/${syn(project)}/lock`, { reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(await f.totals()).toEqual(before);
    const byAct = await gh.as(act).post(`/api/v1/entities/${syn(project)}/lock`, { reason: 'Audit finding 12.' });
    expect(byAct.statusCode, byAct.body).toBe(201);
    const unbound = await gh.as(act).delete(`/api/v1/access-requirements/${byAct.json().id}/subjects/entity/${syn(project)}`);
    expect(unbound.statusCode).toBe(200);
    expect((await f.download(hank, project)).granted).toBe(true);
  });
});

describe('data type', () => {
  it('ACT marks an entity OPEN_DATA: a reader may then download it, but not what is below it', async () => {
    const jill = await gh.user('jill');
    const project = await f.project(owner, 'Open data project', { [jill.id]: ['READ'] });
    const folder = await f.folder(project, 'open', owner);
    const child = await f.file(folder, 'inside.txt', owner);
    const res = await gh.as(act).put(`/api/v1/entities/${syn(folder)}/data-type`, { dataType: 'OPEN_DATA' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ entityId: syn(folder), dataType: 'OPEN_DATA' });
    expect(await f.download(jill, folder)).toMatchObject({ granted: true, rule: 'GRANT_IF_OPEN_DATA_WITH_READ' });
    expect(await f.download(jill, child)).toMatchObject({ granted: false, rule: 'DENY' });
    const snapshots = await gh.ctx.db.query<{ change: string; data_type: string }>('SELECT change, data_type FROM entity_snapshots WHERE entity_id = $1', [folder]);
    expect(snapshots).toEqual([{ change: 'data-type-changed', data_type: 'OPEN_DATA' }]);
    expect((await f.auditActions('entity', syn(folder)))[0]).toMatchObject({ action: 'entity.data-type-changed', details: { from: 'SENSITIVE_DATA', to: 'OPEN_DATA' } });
  });

  it('only ACT or an admin sets the data type', async () => {
    const project = await f.project(owner, 'Data type refusals');
    const before = await f.totals();
    const byOwner = await gh.as(owner).put(`/api/v1/entities/${syn(project)}/data-type`, { dataType: 'OPEN_DATA' });
    expect([byOwner.statusCode, byOwner.json().code]).toEqual([403, 'ACT_REQUIRED']);
    const badValue = await gh.as(act).put(`/api/v1/entities/${syn(project)}/data-type`, { dataType: 'PUBLIC' });
    expect(badValue.statusCode).toBe(400);
    const missing = await gh.as(act).put('/api/v1/entities/syn66666666/data-type', { dataType: 'OPEN_DATA' });
    expect(missing.statusCode).toBe(404);
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(admin).put(`/api/v1/entities/${syn(project)}/data-type`, { dataType: 'OPEN_DATA' })).statusCode).toBe(200);
  });
});

describe('demo data', () => {
  it('the demo binds a ManagedACT requirement to the raw folder and terms of use to the summary folder', async () => {
    const carol = await gh.user('carol', { certified: true });
    const project = await f.project(carol, 'Cancer Genomics Cohort');
    const raw = await f.folder(project, 'raw', carol);
    const summary = await f.folder(project, 'summary', carol);
    await loadAccessRequirementsDemo(gh.ctx, { act: act.id, carol: carol.id });
    const onRaw = (await gh.as(carol).get(`/api/v1/entities/${syn(raw)}/access-requirements`)).json().items;
    expect(onRaw).toHaveLength(1);
    expect(onRaw[0]).toMatchObject({
      type: 'ManagedACT', name: 'Cancer Genomics Cohort — controlled access', createdBy: act.id,
      settings: { certifiedRequired: true, validatedRequired: true, ducRequired: true, expirationDays: 365, iduRequired: true, iduPublic: true },
    });
    const onSummary = (await gh.as(carol).get(`/api/v1/entities/${syn(summary)}/access-requirements`)).json().items;
    expect(onSummary.map((a: { type: string }) => a.type)).toEqual(['TermsOfUse']);
  });
});
