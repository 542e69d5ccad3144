import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { CAN_DOWNLOAD, STALE_ETAG, UNMET, fixtures, syn } from './access-requirements-fixtures.js';

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

describe('creating and versioning access requirements', () => {
  it('ACT creates a ManagedACT requirement whose unspecified settings take their defaults', async () => {
    const res = await gh.as(act).post('/api/v1/access-requirements', {
      type: 'ManagedACT', name: '  Cohort access ', terms: 'Request access.', settings: { certifiedRequired: true, expirationDays: 365 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ar = res.json();
    expect(ar).toMatchObject({
      type: 'ManagedACT', name: 'Cohort access', terms: 'Request access.', version: 1, subjects: [],
      createdBy: act.id, modifiedBy: act.id, restrictionLevel: 'CONTROLLED_BY_ACT',
    });
    expect(ar.settings).toEqual({
      certifiedRequired: true, validatedRequired: false, ducRequired: false, ducTemplateBlobId: null, irbRequired: false,
      attachmentsRequired: false, expirationDays: 365, iduRequired: false, iduPublic: false, requires2fa: false, instructions: '',
    });
    expect(ar.etag).toEqual(expect.any(String));
    const fetched = await gh.as(owner).get(`/api/v1/access-requirements/${ar.id}`);
    expect(fetched.json()).toEqual(ar);
  });

  it('each type reports its restriction level', async () => {
    for (const [type, level] of [['TermsOfUse', 'RESTRICTED_BY_TERMS_OF_USE'], ['SelfSign', 'RESTRICTED_BY_TERMS_OF_USE'], ['ManagedACT', 'CONTROLLED_BY_ACT'], ['Lock', 'CONTROLLED_BY_ACT']]) {
      const ar = await f.requirement(act, { type });
      expect((await gh.as(null).get(`/api/v1/access-requirements/${ar.id}`)).json().restrictionLevel).toBe(level);
    }
  });

  it('a user outside ACT can neither create, update nor delete a requirement; an admin can', async () => {
    const ar = await f.requirement(act, { type: 'TermsOfUse', terms: 'Be nice.' });
    const before = await f.totals();
    const created = await gh.as(owner).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'Mine' });
    const updated = await gh.as(owner).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Be mean.', etag: ar.etag });
    const deleted = await gh.as(owner).delete(`/api/v1/access-requirements/${ar.id}`);
    for (const res of [created, updated, deleted]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ACT_REQUIRED', detail: 'Only members of the Access and Compliance Team may do this.' });
    }
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(null).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'Anon' })).statusCode).toBe(401);
    expect((await gh.as(admin).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'By admin' })).statusCode).toBe(201);
  });

  it('settings are checked against their type, unknown keys are refused, and a refused request changes nothing', async () => {
    const before = await f.totals();
    const unknownKey = await gh.as(act).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'ToU', settings: { certifiedRequired: true } });
    expect(unknownKey.statusCode).toBe(400);
    expect(unknownKey.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.settings.certifiedRequired', message: 'is not a known field' }] });

    const badValue = await gh.as(act).post('/api/v1/access-requirements', { type: 'ManagedACT', name: 'M', settings: { expirationDays: -1, iduPublic: 'yes' } });
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.settings.expirationDays', 'body.settings.iduPublic']);

    const noBlob = await gh.as(act).post('/api/v1/access-requirements', { type: 'ManagedACT', name: 'M', settings: { ducRequired: true, ducTemplateBlobId: 424242 } });
    expect(noBlob.statusCode).toBe(404);
    expect(noBlob.json().code).toBe('BLOB_NOT_FOUND');

    const badType = await gh.as(act).post('/api/v1/access-requirements', { type: 'Whatever', name: 'W' });
    expect(badType.statusCode).toBe(400);
    const blank = await gh.as(act).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: '   ' });
    expect(blank.statusCode).toBe(400);
    const badSubject = await gh.as(act).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'T', subjects: [{ type: 'entity', id: 'syn99999999' }] });
    expect(badSubject.statusCode).toBe(404);
    expect(badSubject.json().detail).toBe("Resource: 'syn99999999' does not exist");
    expect(await f.totals()).toEqual(before);
  });

  it('an update makes a new version with a new etag, and the previous text is kept', async () => {
    const ar = await f.requirement(act, { type: 'SelfSign', terms: 'Version one.', settings: { certifiedRequired: true } });
    const res = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Version two.', settings: { validatedRequired: true }, etag: ar.etag });
    expect(res.statusCode, res.body).toBe(200);
    const updated = res.json();
    expect(updated).toMatchObject({ version: 2, terms: 'Version two.', settings: { certifiedRequired: true, validatedRequired: true, requires2fa: false } });
    expect(updated.etag).not.toBe(ar.etag);

    const versions = (await gh.as(owner).get(`/api/v1/access-requirements/${ar.id}/versions`)).json();
    expect(versions.total).toBe(2);
    expect(versions.items.map((v: { version: number; terms: string }) => [v.version, v.terms])).toEqual([[2, 'Version two.'], [1, 'Version one.']]);
    expect(versions.items[1].settings).toEqual({ certifiedRequired: true, validatedRequired: false, requires2fa: false });
  });

  it('an update with a stale etag is refused with the exact message and changes nothing', async () => {
    const ar = await f.requirement(act, { type: 'TermsOfUse', terms: 'First.' });
    const first = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Second.', etag: ar.etag });
    expect(first.statusCode).toBe(200);
    const before = await f.totals();
    const stale = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Third.', etag: ar.etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ status: 412, detail: STALE_ETAG });
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(act).get(`/api/v1/access-requirements/${ar.id}`)).json()).toMatchObject({ version: 2, terms: 'Second.' });
  });

  it('an update without an etag, or changing the type, is refused', async () => {
    const ar = await f.requirement(act, { type: 'TermsOfUse' });
    const noEtag = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'x' });
    expect(noEtag.statusCode).toBe(400);
    expect(noEtag.json().errors).toMatchObject([{ field: 'body.etag', message: "must have required property 'etag'" }]);
    const typeChange = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { type: 'ManagedACT', etag: ar.etag });
    expect(typeChange.statusCode).toBe(400);
    expect(typeChange.json().code).toBe('TYPE_IMMUTABLE');
    const badSettings = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { settings: { expirationDays: 3 }, etag: ar.etag });
    expect(badSettings.statusCode).toBe(400);
    expect(badSettings.json().errors).toMatchObject([{ field: 'body.settings.expirationDays', message: 'is not a known field' }]);
  });

  it('an update that changes nothing makes no new version', async () => {
    const ar = await f.requirement(act, { type: 'TermsOfUse', terms: 'Same.' });
    const res = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Same.', settings: { requires2fa: false }, etag: ar.etag });
    expect(res.json()).toMatchObject({ version: 1, etag: ar.etag });
  });

  it('every change is in the audit log and the AR records keep each text with its bindings', async () => {
    const project = await f.project(owner, 'Audited project');
    const ar = await f.requirement(act, { type: 'TermsOfUse', terms: 'Old terms.', subjects: [{ type: 'entity', id: syn(project) }] });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'New terms.', etag: ar.etag });
    await gh.as(act).delete(`/api/v1/access-requirements/${ar.id}`);
    const audit = await f.auditActions('access-requirement', ar.id);
    expect(audit.map((a) => a.action)).toEqual([
      'access-requirement.created', 'access-requirement.bound', 'access-requirement.updated', 'access-requirement.deleted',
    ]);
    expect(audit.every((a) => a.actor_id === act.id)).toBe(true);
    expect(audit[3].details).toMatchObject({ subjects: [{ type: 'entity', id: syn(project) }] });
    const snapshots = await gh.ctx.db.query<{ change: string; version: number; terms: string; subjects: unknown }>(
      'SELECT change, version, terms, subjects FROM access_requirement_snapshots WHERE access_requirement_id = $1 ORDER BY id', [ar.id]);
    expect(snapshots).toEqual([
      { change: 'created', version: 1, terms: 'Old terms.', subjects: [{ type: 'entity', id: project }] },
      { change: 'updated', version: 2, terms: 'New terms.', subjects: [{ type: 'entity', id: project }] },
      { change: 'deleted', version: 2, terms: 'New terms.', subjects: [] },
    ]);
    const entitySnapshots = await gh.ctx.db.query<{ change: string; effective_access_requirements: number[]; is_restricted: boolean }>(
      'SELECT change, effective_access_requirements, is_restricted FROM entity_snapshots WHERE entity_id = $1 ORDER BY id', [project]);
    expect(entitySnapshots.map((s) => [s.change, s.effective_access_requirements.map(Number), s.is_restricted])).toEqual([
      ['access-requirement-bound', [ar.id], true],
      ['access-requirement-deleted', [], false],
    ]);
  });

  it('deleting a requirement lifts it from every entity at once, and it is gone', async () => {
    const reader = await gh.user('rita');
    const project = await f.project(owner, 'Deletion project', { [reader.id]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    expect(await f.download(reader, project)).toMatchObject({ granted: false, message: UNMET });
    expect((await gh.as(act).delete(`/api/v1/access-requirements/${ar.id}`)).statusCode).toBe(204);
    expect(await f.download(reader, project)).toMatchObject({ granted: true, rule: 'GRANT_IF_HAS_DOWNLOAD' });
    const gone = await gh.as(act).get(`/api/v1/access-requirements/${ar.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'ACCESS_REQUIREMENT_NOT_FOUND', detail: `There is no access requirement ${ar.id}.` });
    expect((await gh.as(act).delete(`/api/v1/access-requirements/${ar.id}`)).statusCode).toBe(404);
  });
});

describe('binding requirements to entities and teams', () => {
  it('a requirement bound to a folder applies to it and everything below, not to its siblings', async () => {
    const project = await f.project(owner, 'Binding project');
    const raw = await f.folder(project, 'raw', owner);
    const file = await f.file(raw, 'reads.bam', owner);
    const other = await f.folder(project, 'other', owner);
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    const bound = await gh.as(act).post(`/api/v1/access-requirements/${ar.id}/subjects`, { type: 'entity', id: syn(raw) });
    expect(bound.statusCode, bound.body).toBe(201);
    // ACT binds what it may not READ: the binding is named only for those who may see the folder.
    expect(bound.json().subjects).toEqual([{ type: 'entity', id: syn(raw), name: null, path: null }]);
    expect((await gh.as(owner).get(`/api/v1/access-requirements/${ar.id}`)).json().subjects)
      .toEqual([{ type: 'entity', id: syn(raw), name: 'raw', path: 'Binding project' }]);
    expect(bound.json().version).toBe(1);
    expect(bound.json().etag).not.toBe(ar.etag);

    const onFile = (await gh.as(owner).get(`/api/v1/entities/${syn(file)}/access-requirements`)).json();
    expect(onFile.items.map((a: { id: number }) => a.id)).toEqual([ar.id]);
    expect((await gh.as(owner).get(`/api/v1/entities/${syn(other)}/access-requirements`)).json().items).toEqual([]);
    expect((await f.restriction(owner, file)).restrictionLevel).toBe('CONTROLLED_BY_ACT');
    expect((await f.restriction(owner, other)).restrictionLevel).toBe('OPEN');

    const listed = (await gh.as(owner).get(`/api/v1/access-requirements?subjectId=${syn(raw)}`)).json();
    expect(listed.items.map((a: { id: number }) => a.id)).toEqual([ar.id]);
    expect(listed.items[0].subjects).toEqual([{ type: 'entity', id: syn(raw), name: 'raw', path: 'Binding project' }]);
    expect((await gh.as(owner).get(`/api/v1/access-requirements?subjectId=${syn(raw)}&type=TermsOfUse`)).json().total).toBe(0);
  });

  it('binding twice, to a missing entity or team, to a role team, or a Lock to a team, is refused and changes nothing', async () => {
    const project = await f.project(owner, 'Refusals project');
    const ar = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'entity', id: syn(project) }] });
    const lock = await f.requirement(act, { type: 'Lock' });
    const teamId = await f.team(owner, 'Binding refusals');
    const before = await f.totals();
    const cases: [number, unknown, number, string][] = [
      [ar.id, { type: 'entity', id: syn(project) }, 409, 'ALREADY_BOUND'],
      [ar.id, { type: 'entity', id: 'syn88888888' }, 404, 'NOT_FOUND'],
      [ar.id, { type: 'team', id: 77777777 }, 404, 'TEAM_NOT_FOUND'],
      [ar.id, { type: 'team', id: 5 }, 400, 'ROLE_TEAM'],
      [lock.id, { type: 'team', id: teamId }, 400, 'LOCK_ON_TEAM'],
      [ar.id, { type: 'folder', id: syn(project) }, 400, 'VALIDATION_FAILED'],
      [99999999, { type: 'entity', id: syn(project) }, 404, 'ACCESS_REQUIREMENT_NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await gh.as(act).post(`/api/v1/access-requirements/${id}/subjects`, body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await f.totals()).toEqual(before);
  });

  it('unbinding stops the requirement applying at the next decision', async () => {
    const reader = await gh.user('ulla');
    const project = await f.project(owner, 'Unbinding project', { [reader.id]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'entity', id: syn(project) }] });
    expect((await f.download(reader, project)).granted).toBe(false);
    const res = await gh.as(act).delete(`/api/v1/access-requirements/${ar.id}/subjects/entity/${syn(project)}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().subjects).toEqual([]);
    expect((await f.download(reader, project)).granted).toBe(true);
    const again = await gh.as(act).delete(`/api/v1/access-requirements/${ar.id}/subjects/entity/${syn(project)}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'NOT_BOUND', detail: `The access requirement is not bound to entity ${syn(project)}.` });
    const snapshots = await gh.ctx.db.query<{ change: string }>('SELECT change FROM entity_snapshots WHERE entity_id = $1 ORDER BY id', [project]);
    expect(snapshots.map((s) => s.change)).toEqual(['access-requirement-bound', 'access-requirement-unbound']);
  });

  it('a requirement bound to a team is listed with the team', async () => {
    const teamId = await f.team(owner, 'Bound team');
    const ar = await f.requirement(act, { type: 'SelfSign', subjects: [{ type: 'team', id: teamId }] });
    expect(ar.subjects).toEqual([{ type: 'team', id: teamId, name: 'Bound team' }]);
    const listed = (await gh.as(owner).get(`/api/v1/access-requirements?subjectType=team&subjectId=${teamId}`)).json();
    expect(listed.items.map((a: { id: number }) => a.id)).toEqual([ar.id]);
    const unbound = await gh.as(act).delete(`/api/v1/access-requirements/${ar.id}/subjects/team/${teamId}`);
    expect(unbound.json().subjects).toEqual([]);
  });

  it('only ACT binds and unbinds', async () => {
    const project = await f.project(owner, 'Only ACT binds');
    const ar = await f.requirement(act, { type: 'TermsOfUse' });
    const bind = await gh.as(owner).post(`/api/v1/access-requirements/${ar.id}/subjects`, { type: 'entity', id: syn(project) });
    expect([bind.statusCode, bind.json().code]).toEqual([403, 'ACT_REQUIRED']);
    const unbind = await gh.as(owner).delete(`/api/v1/access-requirements/${ar.id}/subjects/entity/${syn(project)}`);
    expect([unbind.statusCode, unbind.json().code]).toEqual([403, 'ACT_REQUIRED']);
  });
});

describe("the requirement's own ACL", () => {
  it('ACT grants REVIEW_SUBMISSIONS and EXEMPTION_ELIGIBLE; reviewers may read the ACL, others may not', async () => {
    const reviewer = await gh.user('rene', { validated: true });
    const stranger = await gh.user('stan');
    const teamId = await f.team(owner, 'Eligible contributors');
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    const res = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, {
      entries: [
        { principalId: reviewer.id, accessTypes: ['REVIEW_SUBMISSIONS'] },
        { principalId: teamId, accessTypes: ['EXEMPTION_ELIGIBLE', 'EXEMPTION_ELIGIBLE'] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      accessRequirementId: ar.id,
      entries: [
        { principalId: reviewer.id, principalName: 'rene', principalType: 'user', accessTypes: ['REVIEW_SUBMISSIONS'] },
        { principalId: teamId, principalName: 'Eligible contributors', principalType: 'team', accessTypes: ['EXEMPTION_ELIGIBLE'] },
      ].sort((a, b) => a.principalId - b.principalId),
    });
    expect((await gh.as(reviewer).get(`/api/v1/access-requirements/${ar.id}/acl`)).json()).toEqual(res.json());
    const refused = await gh.as(stranger).get(`/api/v1/access-requirements/${ar.id}/acl`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'AR_ACL_FORBIDDEN', detail: 'Only ACT and the reviewers of this access requirement may see its ACL.' });
    const audit = await f.auditActions('access-requirement', ar.id);
    expect(audit.at(-1)).toMatchObject({ action: 'access-requirement.acl-changed', details: { before: [] } });
  });

  it('other access types, unknown or special principals, repeated principals and non-ACT editors are refused, changing nothing', async () => {
    const someone = await gh.user('sam');
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: someone.id, accessTypes: ['REVIEW_SUBMISSIONS'] }] });
    const before = await f.totals();
    const cases: [unknown, number, string, typeof act][] = [
      [{ entries: [{ principalId: someone.id, accessTypes: ['READ'] }] }, 400, 'VALIDATION_FAILED', act],
      [{ entries: [{ principalId: someone.id, accessTypes: [] }] }, 400, 'VALIDATION_FAILED', act],
      [{ entries: [{ principalId: 55555555, accessTypes: ['EXEMPTION_ELIGIBLE'] }] }, 404, 'PRINCIPAL_NOT_FOUND', act],
      [{ entries: [{ principalId: 2, accessTypes: ['EXEMPTION_ELIGIBLE'] }] }, 400, 'SPECIAL_PRINCIPAL', act],
      [{ entries: [{ principalId: someone.id, accessTypes: ['EXEMPTION_ELIGIBLE'] }, { principalId: someone.id, accessTypes: ['REVIEW_SUBMISSIONS'] }] }, 400, 'DUPLICATE_PRINCIPAL', act],
      [{ entries: [] }, 403, 'ACT_REQUIRED', someone],
    ];
    for (const [body, status, code, who] of cases) {
      const res = await gh.as(who).put(`/api/v1/access-requirements/${ar.id}/acl`, body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/acl`)).json().entries).toEqual([
      { principalId: someone.id, principalName: 'sam', principalType: 'user', accessTypes: ['REVIEW_SUBMISSIONS'] },
    ]);
  });
});
