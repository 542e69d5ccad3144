import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from './requests-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;
let rae: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
  rae = await gh.user('rae', { certified: true, validated: true });
});
afterAll(async () => gh?.stop());

const keys = (form: { fields: { key: string }[] }) => form.fields.map((x) => x.key);

async function templateId(key: string): Promise<number> {
  const { items } = await f.ok(await gh.as(act).get('/api/v1/form-field-templates'));
  return items.find((t: { key: string }) => t.key === key).id;
}

describe('designing request forms', () => {
  it('ACT designs a form from library and custom fields; the preview shows it as a requestor sees it', async () => {
    const ar = await f.managedAr(act, owner, [], { instructions: 'Attach the signed DUC.' });
    const empty = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/form`));
    expect(empty).toMatchObject({ view: 'designer', version: 0, etag: null, instructions: 'Attach the signed DUC.', reminderDays: 30, secondReminderDays: null, inUse: false });
    expect(keys(empty)).toEqual(['requestor', 'studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse', 'duc']);

    const designed = await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
      instructions: 'Attach the DUC signed by your signing official.',
      fields: [
        { templateId: await templateId('signing-official'), description: 'Name and title of the signing official.' },
        { label: 'Cohort subset', description: 'Which samples you need.', type: 'multiple-choice', options: ['Tumor', 'Normal'] },
        { label: 'Prior publications', type: 'long-text', optional: true },
      ],
      reminderDays: 45,
      secondReminderDays: 10,
    }));
    expect(designed).toMatchObject({ version: 1, instructions: 'Attach the DUC signed by your signing official.', reminderDays: 45, secondReminderDays: 10, inUse: false });
    expect(designed.fields.slice(5, 9)).toEqual([
      { key: 'intendedDataUse', label: 'Intended data use statement', description: expect.any(String), type: 'long-text', optional: false, options: [], builtin: true, readOnly: false, templateId: null },
      { key: 't-signing-official', label: 'Signing official', description: 'Name and title of the signing official.', type: 'short-text', optional: false, options: [], builtin: false, readOnly: false, templateId: expect.any(Number) },
      { key: 'f-cohort-subset', label: 'Cohort subset', description: 'Which samples you need.', type: 'multiple-choice', optional: false, options: ['Tumor', 'Normal'], builtin: false, readOnly: false, templateId: null },
      { key: 'f-prior-publications', label: 'Prior publications', description: '', type: 'long-text', optional: true, options: [], builtin: false, readOnly: false, templateId: null },
    ]);
    expect(keys(designed).at(-1)).toBe('duc');

    const preview = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/form?as=requestor`));
    expect(preview).toMatchObject({ view: 'requestor', version: 1, accessorRules: { certifiedRequired: true, validatedRequired: true }, expirationDays: 365 });
    expect(keys(preview)).toEqual(keys(designed));
    const asResearcher = await f.ok(await gh.as(rae).get(`/api/v1/access-requirements/${ar.id}/form`));
    expect(asResearcher.view).toBe('requestor');
    expect((await f.audit('request-form.updated')).at(-1)).toMatchObject({ actor_id: act.id, target_id: String(ar.id), details: { version: 1, newVersion: true } });
  });

  it('only ACT designs forms', async () => {
    const ar = await f.managedAr(act, owner, []);
    const res = await gh.as(rae).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [] });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ACT_REQUIRED', detail: 'Only members of the Access and Compliance Team may design request forms.' });
  });

  it('a bad design changes nothing and lists every problem', async () => {
    const ar = await f.managedAr(act, owner, []);
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [{ label: 'Title', type: 'short-text' }] }));
    const before = await f.totals();
    const res = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
      fields: [
        { label: ' ', type: 'short-text' },
        { label: 'Pick one', type: 'single-choice', options: ['Only'] },
        { key: 'accessors', label: 'Mine', type: 'user-list' },
      ],
      reminderDays: 0,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toMatchObject([
      { field: 'body.fields.0.label', message: 'must not be blank' },
      { field: 'body.fields.1.options', message: 'must list at least 2 choices' },
      { field: 'body.fields.2.key', message: 'is the key of a field always present (accessors)' },
      { field: 'body.reminderDays', message: 'must be a whole number of days from 1 to 365' },
    ]);
    expect(await f.totals()).toEqual(before);
    const stale = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [], etag: 'old' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toBe('The form was changed since you last fetched it; retrieve it again and reapply your change.');
    const notManaged = await f.ok(await gh.as(act).post('/api/v1/access-requirements', { type: 'SelfSign', name: 'Self' }), 201);
    expect((await gh.as(act).get(`/api/v1/access-requirements/${notManaged.id}/form`)).json()).toMatchObject({ code: 'NOT_MANAGED_ACT' });
  });

  it('changing a form in use makes a new version: open requests keep theirs, new requests answer the new one', async () => {
    const sid = await gh.user('sid', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, []);
    const v1 = await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [{ label: 'Title', type: 'short-text' }] }));
    // Nothing answers version 1 yet: a change rewrites it.
    const stillV1 = await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [{ key: 'f-title', label: 'Project title', type: 'short-text' }], etag: v1.etag }));
    expect(stillV1).toMatchObject({ version: 1, inUse: false });
    const draft = await f.open(rae, ar.id);
    expect(draft.formVersion).toBe(1);
    expect((await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/form`))).inUse).toBe(true);

    const v2 = await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
      fields: [{ key: 'f-title', label: 'Project title', type: 'short-text' }, { label: 'Funding', type: 'short-text' }],
    }));
    expect(v2).toMatchObject({ version: 2, inUse: false });
    const same = await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
      fields: [{ key: 'f-title', label: 'Project title', type: 'short-text' }, { key: 'f-funding', label: 'Funding', type: 'short-text' }],
    }));
    expect(same.version).toBe(2);

    const kept = await f.ok(await gh.as(rae).get(`/api/v1/requests/${draft.id}`));
    expect(kept.formVersion).toBe(1);
    expect(keys(kept)).not.toContain('f-funding');
    const fresh = await f.open(sid, ar.id);
    expect(fresh.formVersion).toBe(2);
    expect(keys(fresh)).toContain('f-funding');
    const old = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/form?version=1`));
    expect(keys(old)).toContain('f-title');
    expect(keys(old)).not.toContain('f-funding');
    const versions = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/form/versions`));
    expect(versions.items.map((v: { version: number; customFields: number }) => [v.version, v.customFields])).toEqual([[2, 2], [1, 1]]);
  });

  it('a renewal answers the form in force when it is updated', async () => {
    const tess = await gh.user('tess', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [tess]);
    const { requestId } = await f.approved(tess, act, ar.id);
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [{ label: 'Data security plan', type: 'long-text' }] }));
    const renewal = await f.ok(await gh.as(tess).get(`/api/v1/requests/${requestId}`));
    expect(keys(renewal)).toContain('f-data-security-plan');
    const res = await gh.as(tess).post(`/api/v1/requests/${requestId}/submit`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().missing).toEqual([{ key: 'f-data-security-plan', label: 'Data security plan' }]);
    await f.save(tess, requestId, { answers: { 'f-data-security-plan': 'Encrypted cluster.' } });
    expect((await f.submit(tess, requestId)).changedFields).toEqual(['f-data-security-plan']);
  });
});

describe('the field template library', () => {
  it('ACT adds, changes and retires library fields; everyone signed in can list them', async () => {
    const listed = await f.ok(await gh.as(rae).get('/api/v1/form-field-templates'));
    expect(listed.items.map((t: { key: string }) => t.key)).toContain('signing-official');
    const created = await f.ok(await gh.as(act).post('/api/v1/form-field-templates', {
      label: 'Ethics committee', description: 'The committee that approved the study.', type: 'single-choice', options: ['Local', 'Central'],
    }), 201);
    expect(created).toMatchObject({ key: 'ethics-committee', type: 'single-choice', options: ['Local', 'Central'], retired: false });
    const taken = await gh.as(act).post('/api/v1/form-field-templates', { key: 'ethics-committee', label: 'Again', type: 'short-text' });
    expect(taken.statusCode).toBe(409);
    const changed = await f.ok(await gh.as(act).put(`/api/v1/form-field-templates/${created.id}`, { options: ['Local', 'Central', 'None'] }));
    expect(changed.options).toEqual(['Local', 'Central', 'None']);
    expect((await gh.as(rae).post('/api/v1/form-field-templates', { label: 'Mine', type: 'short-text' })).statusCode).toBe(403);
    const bad = await gh.as(act).post('/api/v1/form-field-templates', { label: 'Choice', type: 'multiple-choice', options: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toMatchObject([{ field: 'body.options', message: 'must list at least 2 choices' }]);
    expect((await gh.as(act).delete(`/api/v1/form-field-templates/${created.id}`)).statusCode).toBe(204);
    const after = await f.ok(await gh.as(rae).get('/api/v1/form-field-templates'));
    expect(after.items.map((t: { id: number }) => t.id)).not.toContain(created.id);
    const all = await f.ok(await gh.as(act).get('/api/v1/form-field-templates?includeRetired=true'));
    expect(all.items.find((t: { id: number }) => t.id === created.id)).toMatchObject({ retired: true });
  });
});

describe('notification templates', () => {
  it('ACT edits a template; unknown placeholders are refused; the next notice uses the edit', async () => {
    const listed = await f.ok(await gh.as(act).get('/api/v1/request-notification-templates'));
    expect(listed.items.map((t: { kind: string }) => t.kind)).toEqual(['submitted', 'approved', 'rejected', 'cancelled', 'reminder', 'expired', 'revoked', 'removed', 'returned', 'remark']);
    expect(listed.placeholders.map((p: { name: string }) => p.name)).toContain('reviewLink');
    expect((await gh.as(rae).get('/api/v1/request-notification-templates')).statusCode).toBe(403);

    const bad = await gh.as(act).put('/api/v1/request-notification-templates/rejected', { subject: 'About {{arName}}', body: 'Because {{why}}.' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('Unknown placeholders: {{why}}.');
    const edited = await f.ok(await gh.as(act).put('/api/v1/request-notification-templates/rejected', {
      subject: 'Request {{requestId}} for {{arName}}: not approved', body: 'Dear {{requestorName}}, {{reviewerName}} could not approve: {{reason}}\nDatasets: {{datasetLinks}}',
    }));
    expect(edited).toMatchObject({ kind: 'rejected', modifiedBy: act.id });
    expect((await gh.as(act).put('/api/v1/request-notification-templates/unknown', { subject: 'x', body: 'y' })).statusCode).toBe(400);

    const ar = await f.managedAr(act, owner, [], {}, 'Genomes of the North');
    const request = await f.filled(rae, ar.id);
    const submission = await f.submit(rae, request.id);
    await f.reject(act, submission.id, 'The DUC is missing a signature.');
    const [mail] = await f.emails({ to: rae, kind: 'request.rejected' });
    expect(mail.subject).toBe(`Request ${request.id} for Genomes of the North: not approved`);
    expect(mail.body).toContain('Dear Rae, Aron could not approve: The DUC is missing a signature.');
    expect(mail.body).toContain(`Datasets: http://gatehouse.test/entities/syn${ar.projectId}`);
  });

  it('ACT uploads the DUC template with the etag; requestors download it; others and stale etags change nothing', async () => {
    const ar = await f.managedAr(act, owner, [rae]);
    const { etag } = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}`));
    const upload = (user: TestUser, fields: Record<string, string>) => {
      const { payload, headers } = f.multipart(fields, { name: 'DUC template.docx', content: 'Data use certificate template v3', type: 'application/octet-stream' });
      return gh.app.inject({ method: 'PUT', url: `/api/v1/access-requirements/${ar.id}/form/duc-template`, payload, headers: { ...headers, cookie: user.cookie } });
    };
    const blobs = async () => (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM blobs')).n;
    const before = await blobs();
    const notAct = await upload(rae, { etag });
    expect(notAct.statusCode).toBe(403);
    const stale = await upload(act, { etag: 'stale' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toBe('Access Requirement was updated since you last fetched it, retrieve it again and reapply the update.');
    expect(await blobs()).toBe(before);
    const ok = await upload(act, { etag });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ accessRequirementId: ar.id, fileName: 'DUC template.docx' });
    expect(ok.json().etag).not.toBe(etag);
    const download = await gh.as(rae).get(`/api/v1/access-requirements/${ar.id}/form/duc-template`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('Data use certificate template v3');
    expect(download.headers['content-disposition']).toContain('DUC template.docx');
  });
});
