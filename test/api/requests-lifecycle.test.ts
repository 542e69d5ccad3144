import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, requestFixtures } from './requests-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;

beforeAll(async () => {
  // Sessions outlive the months the clock is moved by.
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

const researcher = (name: string) => gh.user(name, { certified: true, validated: true });

describe('opening a request and saving the draft', () => {
  it('a researcher opens the form and is its first accessor; reopening the form brings the saved draft back', async () => {
    const rita = await researcher('rita');
    const ar = await f.managedAr(act, owner, [rita]);
    const opened = await f.open(rita, ar.id);
    expect(opened).toMatchObject({
      accessRequirementId: ar.id, state: 'DRAFT', version: 0, currentSubmissionId: null, canEdit: true, canCancel: false, answers: {},
      requestor: { id: rita.id, username: 'rita' },
      accessors: [{ id: rita.id, username: 'rita', isCertified: true, isValidated: true, eligible: true, alreadyApproved: false, problem: null }],
    });
    expect(opened.fields.map((x: { key: string }) => x.key)).toEqual(['requestor', 'studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse', 'duc']);
    await f.save(rita, opened.id, { answers: { studyLead: 'Dr. Rita', institution: 'Example University' } });
    const reopened = await f.open(rita, ar.id, 200);
    expect(reopened).toMatchObject({ id: opened.id, state: 'DRAFT', answers: { studyLead: 'Dr. Rita', institution: 'Example University' } });
    expect((await f.ok(await gh.as(rita).get(`/api/v1/requests/${opened.id}`))).answers).toEqual({ studyLead: 'Dr. Rita', institution: 'Example University' });
    expect((await f.audit('request.created')).filter((a) => a.target_id === String(opened.id))).toHaveLength(1);
  });

  it('signed-out visitors are asked to sign in before they see the form or open a request', async () => {
    const ar = await f.managedAr(act, owner, []);
    const form = await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/form`);
    expect(form.statusCode).toBe(401);
    expect(form.json()).toMatchObject({ code: 'UNAUTHENTICATED', detail: 'Sign in to request access to this data.' });
    expect((await gh.as(null).post('/api/v1/requests', { accessRequirementId: ar.id })).statusCode).toBe(401);
  });

  it('only ManagedACT access requirements take requests', async () => {
    const tom = await researcher('tom');
    const tou = await f.ok(await gh.as(act).post('/api/v1/access-requirements', { type: 'TermsOfUse', name: 'Click-wrap', terms: 'Be nice.' }), 201);
    const res = await gh.as(tom).post('/api/v1/requests', { accessRequirementId: tou.id });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'NOT_MANAGED_ACT' });
    expect((await gh.as(tom).post('/api/v1/requests', { accessRequirementId: 999999 })).statusCode).toBe(404);
  });

  it('accessors are added by user name or id; one who fails the certified/validated rules is refused with a message and not added', async () => {
    const [rosa, carl, dora] = [await researcher('rosa'), await researcher('carl'), await researcher('dora')];
    const uma = await gh.user('uma', { certified: false, validated: false });
    await gh.user('vic', { certified: true, validated: false });
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(rosa, ar.id);
    const byName = await f.ok(await gh.as(rosa).post(`/api/v1/requests/${request.id}/accessors`, { user: 'carl' }));
    expect(byName.accessors.map((a: { username: string }) => a.username)).toEqual(['rosa', 'carl']);
    const byId = await f.ok(await gh.as(rosa).post(`/api/v1/requests/${request.id}/accessors`, { user: dora.id }));
    expect(byId.accessors.map((a: { id: number }) => a.id)).toEqual([rosa.id, carl.id, dora.id]);

    const before = await f.totals();
    const refused = await gh.as(rosa).post(`/api/v1/requests/${request.id}/accessors`, { user: 'uma' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'ACCESSOR_REFUSED', detail: 'uma must be certified and have a validated profile to be an accessor of this request.',
      refused: [{ userId: uma.id, username: 'uma' }],
    });
    const partly = await gh.as(rosa).put(`/api/v1/requests/${request.id}`, { accessors: [rosa.id, 'vic', 'carl'] });
    expect(partly.statusCode).toBe(400);
    expect(partly.json()).toMatchObject({ code: 'ACCESSORS_REFUSED', detail: 'vic must have a validated profile to be an accessor of this request.' });
    const unknown = await gh.as(rosa).post(`/api/v1/requests/${request.id}/accessors`, { user: 'nobody-here' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toMatchObject([{ field: 'body.user', message: 'There is no user "nobody-here".' }]);
    expect(await f.totals()).toEqual(before);

    const withoutMe = await f.ok(await gh.as(rosa).delete(`/api/v1/requests/${request.id}/accessors/${rosa.id}`));
    expect(withoutMe.accessors.map((a: { username: string }) => a.username)).toEqual(['carl', 'dora']);
  });

  it('a requestor who fails the rules starts as a flagged accessor, and cannot submit until they are removed or qualify', async () => {
    const ben = await gh.user('ben', { certified: false });
    const carla = await researcher('carla');
    const ar = await f.managedAr(act, owner, []);
    const request = await f.filled(ben, ar.id);
    expect(request.accessors).toEqual([expect.objectContaining({ id: ben.id, eligible: false, problem: 'ben must be certified and have a validated profile to be an accessor of this request.' })]);
    const refused = await gh.as(ben).post(`/api/v1/requests/${request.id}/submit`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'ACCESSORS_REFUSED', refused: [{ userId: ben.id, username: 'ben' }] });
    await f.save(ben, request.id, { accessors: ['carla'] });
    expect((await f.submit(ben, request.id)).accessors.map((a: { id: number }) => a.id)).toEqual([carla.id]);
  });

  it('bad answers change nothing, and every problem is listed', async () => {
    const rene = await researcher('rene');
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(rene, ar.id);
    await f.save(rene, request.id, { answers: { studyLead: 'Dr. Rene' } });
    const before = await f.totals();
    const res = await gh.as(rene).put(`/api/v1/requests/${request.id}`, {
      answers: { studyLead: 42, institution: 'Fine', accessUntil: 'next year', duc: [123456], unknownField: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toMatchObject([
      { field: 'body.answers.studyLead', message: 'must be text' },
      { field: 'body.answers.accessUntil', message: 'must be a date (YYYY-MM-DD)' },
      { field: 'body.answers.unknownField', message: 'is not a field of this form' },
      { field: 'body.answers.duc', message: 'Attachments of "Data use certificate (DUC)" must be files uploaded to this request for that field.' },
    ]);
    expect(await f.totals()).toEqual(before);
    const stale = await gh.as(rene).put(`/api/v1/requests/${request.id}`, { answers: { institution: 'X' }, etag: 'not-the-etag' });
    expect(stale.statusCode).toBe(412);
    expect(await f.totals()).toEqual(before);
  });

  it('submitting with required fields empty lists every missing field and submits nothing', async () => {
    const sara = await researcher('sara');
    const ar = await f.managedAr(act, owner, [], { irbRequired: true });
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
      fields: [{ label: 'Project title', type: 'short-text' }, { label: 'Funding', type: 'short-text', optional: true }],
    }));
    const request = await f.open(sara, ar.id);
    await f.save(sara, request.id, { answers: { institution: 'Example University' }, accessors: [] });
    const before = await f.totals();
    const res = await gh.as(sara).post(`/api/v1/requests/${request.id}/submit`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'REQUIRED_FIELDS_MISSING',
      detail: 'Fill in every required field before submitting; missing: Study lead, Accessors, Intended data use statement, Project title, Data use certificate (DUC), IRB approval.',
      missing: [
        { key: 'studyLead', label: 'Study lead' }, { key: 'accessors', label: 'Accessors' },
        { key: 'intendedDataUse', label: 'Intended data use statement' }, { key: 'f-project-title', label: 'Project title' },
        { key: 'duc', label: 'Data use certificate (DUC)' }, { key: 'irb', label: 'IRB approval' },
      ],
    });
    expect(await f.totals()).toEqual(before);
  });

  it('attachments go to attachment fields and are downloaded by the requestor, ACT and reviewers only', async () => {
    const tina = await researcher('tina');
    const stranger = await researcher('stan');
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(tina, ar.id);
    const file = await f.attach(tina, request.id, 'duc', 'signed duc.pdf', 'signed by Tina');
    expect(file).toMatchObject({ fieldKey: 'duc', fileName: 'signed duc.pdf', size: 14, downloadUrl: `/api/v1/requests/${request.id}/attachments/${file.id}` });
    const after = await f.ok(await gh.as(tina).get(`/api/v1/requests/${request.id}`));
    expect(after.answers.duc).toEqual([file.id]);
    for (const who of [tina, act]) {
      const res = await gh.as(who).get(file.downloadUrl);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('signed by Tina');
      expect(res.headers['content-disposition']).toContain('signed duc.pdf');
      expect(res.headers['accept-ranges']).toBe('bytes');
    }
    // One range of it, as every stored file (RFC 9110 §14), and a range outside it is a 416 problem.
    const part = await gh.as(act).get(file.downloadUrl, { range: 'bytes=10-13' });
    expect([part.statusCode, part.body, part.headers['content-range']]).toEqual([206, 'Tina', 'bytes 10-13/14']);
    const outside = await gh.as(act).get(file.downloadUrl, { range: 'bytes=14-' });
    expect([outside.statusCode, outside.json().code, outside.headers['content-range']]).toEqual([416, 'RANGE_NOT_SATISFIABLE', 'bytes */14']);
    expect((await gh.as(stranger).get(file.downloadUrl)).statusCode).toBe(404);
    expect((await gh.as(null).get(file.downloadUrl)).statusCode).toBe(401);

    const before = await f.totals();
    const { payload, headers } = f.multipart({ fieldKey: 'studyLead' }, { name: 'x.pdf', content: 'x' });
    const wrong = await gh.as(tina).post(`/api/v1/requests/${request.id}/attachments`, payload, headers);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'NOT_AN_ATTACHMENT_FIELD' });
    const notMine = await gh.as(stranger).post(`/api/v1/requests/${request.id}/attachments`, payload, headers);
    expect(notMine.statusCode).toBe(404);
    expect(await f.totals()).toEqual(before);

    expect((await gh.as(tina).delete(`/api/v1/requests/${request.id}/attachments/${file.id}`)).statusCode).toBe(204);
    expect((await f.ok(await gh.as(tina).get(`/api/v1/requests/${request.id}`))).answers.duc).toEqual([]);
  });
});

describe('submitting and deciding', () => {
  it('a researcher submits, ACT is told with a link to the review table, approves, and every accessor may download', async () => {
    const [ada, bo] = [await researcher('ada'), await researcher('boris')];
    const ar = await f.managedAr(act, owner, [ada, bo]);
    expect(await f.canDownload(ada, ar.projectId)).toBe(false);
    await f.clearOutbox();
    const request = await f.filled(ada, ar.id, {}, [ada.id, 'boris']);
    const submission = await f.submit(ada, request.id);
    expect(submission).toMatchObject({ version: 1, state: 'SUBMITTED', isCurrent: true, requestState: 'SUBMITTED', changedFields: [], accessors: [{ id: ada.id }, { id: bo.id }] });
    const toAct = await f.emails({ to: act });
    expect(toAct).toHaveLength(1);
    expect(toAct[0]).toMatchObject({ kind: 'request.submitted', subject: `Ada requested access to ${(await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}`))).name}` });
    expect(toAct[0].body).toContain(`http://gatehouse.test/act/requests?submission=${submission.id}`);
    const notice = (await f.ok(await gh.as(act).get('/api/v1/notifications'))).items[0];
    expect(notice).toMatchObject({ kind: 'request.submitted', link: `/act/requests?submission=${submission.id}` });

    const approved = await f.approve(act, submission.id);
    const expires = new Date(gh.clock.now().getTime() + 365 * DAY).toISOString();
    expect(approved).toMatchObject({ state: 'APPROVED', decidedBy: { id: act.id }, expiresOn: expires, requestState: 'APPROVED' });
    expect(await f.canDownload(ada, ar.projectId)).toBe(true);
    expect(await f.canDownload(bo, ar.projectId)).toBe(true);
    const approvals = await f.ok(await gh.as(act).get(`/api/v1/access-approvals?accessRequirementId=${ar.id}`));
    expect(approvals.items.map((a: { accessorId: number; state: string; expiresOn: string; source: string }) => [a.accessorId, a.state, a.expiresOn, a.source]).sort())
      .toEqual([[ada.id, 'APPROVED', expires, 'request'], [bo.id, 'APPROVED', expires, 'request']].sort());
    for (const who of [ada, bo]) {
      const mail = await f.emails({ to: who, kind: 'request.approved' });
      expect(mail).toHaveLength(1);
      expect(mail[0].body).toContain('has approved the request of Ada');
      expect(mail[0].body).toContain('Use the data only for the approved purpose.');
    }
    expect((await f.audit('request.approved')).at(-1)).toMatchObject({ actor_id: act.id, details: { submissionId: submission.id, accessors: [ada.id, bo.id] } });
    expect((await f.ok(await gh.as(bo).get(`/api/v1/requests/${request.id}`))).state).toBe('APPROVED');
  });

  it('the requestor cannot edit a submitted request but can cancel it, once; ACT is told', async () => {
    const cy = await researcher('cyrus');
    const ar = await f.managedAr(act, owner, []);
    const request = await f.filled(cy, ar.id);
    const submission = await f.submit(cy, request.id);
    const edit = await gh.as(cy).put(`/api/v1/requests/${request.id}`, { answers: { institution: 'Elsewhere' } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'REQUEST_UNDER_REVIEW' });
    expect((await gh.as(act).post(`/api/v1/submissions/${submission.id}/cancel`, {})).json()).toMatchObject({ code: 'NOT_REQUESTOR' });
    await f.clearOutbox();
    const cancelled = await f.ok(await gh.as(cy).post(`/api/v1/submissions/${submission.id}/cancel`, {}));
    expect(cancelled).toMatchObject({ state: 'CANCELLED', requestState: 'CANCELLED' });
    expect((await f.emails({ kind: 'request.cancelled' })).map((e) => e.recipient_user_id)).toEqual([act.id]);
    const again = await f.ok(await gh.as(cy).post(`/api/v1/submissions/${submission.id}/cancel`, {}));
    expect(again.state).toBe('CANCELLED');
    expect(await f.emails({ kind: 'request.cancelled' })).toHaveLength(1);
    expect((await gh.as(act).post(`/api/v1/submissions/${submission.id}/decision`, { decision: 'APPROVED' })).json()).toMatchObject({ code: 'SUBMISSION_CLOSED' });
  });

  it('a rejection needs a reason, which is sent to the requestor; access stays closed', async () => {
    const dee = await researcher('dee');
    const ar = await f.managedAr(act, owner, [dee]);
    const request = await f.filled(dee, ar.id);
    const submission = await f.submit(dee, request.id);
    const before = await f.totals();
    const noReason = await gh.as(act).post(`/api/v1/submissions/${submission.id}/decision`, { decision: 'REJECTED', reason: '   ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'REASON_REQUIRED', detail: 'Give a reason; it is sent to the requestor.' });
    expect(await f.totals()).toEqual(before);
    const rejected = await f.reject(act, submission.id, 'The DUC is not signed by your institution.');
    expect(rejected).toMatchObject({ state: 'REJECTED', reason: 'The DUC is not signed by your institution.' });
    const mail = await f.emails({ to: dee, kind: 'request.rejected' });
    expect(mail).toHaveLength(1);
    expect(mail[0].body).toContain('Reason: The DUC is not signed by your institution.');
    expect(mail[0].body).toContain(`http://gatehouse.test/requests/${request.id}`);
    expect(await f.canDownload(dee, ar.projectId)).toBe(false);
  });

  it('a retried submit or approval does nothing twice: one submission, one approval per accessor, one email', async () => {
    const eve = await researcher('eve');
    const ar = await f.managedAr(act, owner, [eve]);
    const request = await f.filled(eve, ar.id);
    const first = await f.submit(eve, request.id, 201);
    const second = await f.submit(eve, request.id, 200);
    expect(second.id).toBe(first.id);
    await f.approve(act, first.id);
    const totals = await f.totals();
    const again = await f.approve(act, first.id);
    expect(again.state).toBe('APPROVED');
    expect(await f.totals()).toEqual(totals);
    expect(await f.emails({ to: eve, kind: 'request.approved' })).toHaveLength(1);
    const reject = await gh.as(act).post(`/api/v1/submissions/${first.id}/decision`, { decision: 'REJECTED', reason: 'Changed my mind.' });
    expect(reject.statusCode).toBe(409);
    // A decision stands: the refusal names who decided it, how and when.
    expect(reject.json()).toMatchObject({ code: 'ALREADY_DECIDED', decision: 'APPROVED', decidedBy: { id: act.id } });
  });

  it('before approving, the reviewer sees a summary and the email, and may edit the email that is sent', async () => {
    const fay = await researcher('fay');
    const gus = await researcher('gus');
    const ar = await f.managedAr(act, owner, [fay], { expirationDays: 90 });
    const request = await f.filled(fay, ar.id, {}, [fay.id, gus.id]);
    const submission = await f.submit(fay, request.id);
    const preview = await f.ok(await gh.as(act).get(`/api/v1/submissions/${submission.id}/decision`));
    expect(preview).toMatchObject({
      canDecide: true,
      summary: { expiresOn: new Date(gh.clock.now().getTime() + 90 * DAY).toISOString(), removed: [], renewed: [] },
      approvalEmail: { recipients: [{ id: fay.id }, { id: gus.id }] },
    });
    expect(preview.summary.accessors.map((a: { username: string }) => a.username)).toEqual(['fay', 'gus']);
    expect(preview.approvalEmail.body).toContain('Accessors: Fay, Gus');
    expect((await gh.as(fay).get(`/api/v1/submissions/${submission.id}/decision`)).json()).toMatchObject({ code: 'REVIEWER_REQUIRED' });
    const edited = { subject: 'Welcome to the cohort', body: `${preview.approvalEmail.body}\n\nPlease acknowledge the cohort in publications.` };
    const approved = await f.approve(act, submission.id, { email: edited });
    expect(approved.email).toEqual(edited);
    for (const who of [fay, gus]) {
      const [mail] = await f.emails({ to: who, kind: 'request.approved' });
      expect(mail.subject).toBe('Welcome to the cohort');
      expect(mail.body).toContain('Please acknowledge the cohort in publications.');
    }
  });

  it('nobody decides on their own request, and a stranger cannot see a request at all', async () => {
    const ari = await gh.user('ari', { act: true, certified: true, validated: true });
    const stranger = await researcher('sol');
    const ar = await f.managedAr(act, owner, []);
    const request = await f.filled(ari, ar.id);
    const submission = await f.submit(ari, request.id);
    const own = await gh.as(ari).post(`/api/v1/submissions/${submission.id}/decision`, { decision: 'APPROVED' });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'OWN_REQUEST', detail: 'You cannot decide on your own request; another reviewer must.' });
    expect((await gh.as(stranger).get(`/api/v1/requests/${request.id}`)).statusCode).toBe(404);
    expect((await gh.as(stranger).get(`/api/v1/submissions/${submission.id}`)).statusCode).toBe(404);
    const decision = await gh.as(stranger).post(`/api/v1/submissions/${submission.id}/decision`, { decision: 'APPROVED' });
    expect(decision.statusCode).toBe(404);
    expect((await f.approve(act, submission.id)).state).toBe('APPROVED');
  });
});

describe('renewal and revocation', () => {
  it('after approval the requestor updates and resubmits: a new version; accessors removed lose access at once, others are renewed or added', async () => {
    const [hal, ivy, jon, kim] = [await researcher('hal'), await researcher('ivy'), await researcher('jon'), await researcher('kim')];
    const ar = await f.managedAr(act, owner, [hal, ivy, jon, kim]);
    const { requestId, submission: v1 } = await f.approved(hal, act, ar.id, [hal.id, ivy.id, jon.id]);
    const halApproval = (await f.ok(await gh.as(hal).get(`/api/v1/access-requirements/${ar.id}/status`))).approvals[0];
    expect(await f.canDownload(jon, ar.projectId)).toBe(true);

    gh.clock.advance(100 * DAY);
    await f.save(hal, requestId, { accessors: [hal.id, 'ivy', 'kim'], answers: { institution: 'New University' } });
    expect((await f.ok(await gh.as(hal).get(`/api/v1/requests/${requestId}`))).state).toBe('APPROVED');
    expect(await f.canDownload(jon, ar.projectId)).toBe(true);
    const v2 = await f.submit(hal, requestId);
    expect(v2).toMatchObject({ version: 2, state: 'SUBMITTED', changedFields: ['institution', 'accessors'] });
    expect(await f.canDownload(jon, ar.projectId)).toBe(false);
    expect(await f.canDownload(ivy, ar.projectId)).toBe(true);
    expect(await f.canDownload(kim, ar.projectId)).toBe(false);
    expect(await f.emails({ to: jon, kind: 'request.removed' })).toHaveLength(1);

    const preview = await f.ok(await gh.as(act).get(`/api/v1/submissions/${v2.id}/decision`));
    expect(preview.summary.renewed.map((u: { username: string }) => u.username)).toEqual(['hal', 'ivy']);
    const approved = await f.approve(act, v2.id);
    const expires = new Date(gh.clock.now().getTime() + 365 * DAY).toISOString();
    expect(approved).toMatchObject({ state: 'APPROVED', expiresOn: expires });
    expect(await f.canDownload(kim, ar.projectId)).toBe(true);
    const renewed = (await f.ok(await gh.as(hal).get(`/api/v1/access-requirements/${ar.id}/status`))).approvals;
    expect(renewed).toEqual([expect.objectContaining({ id: halApproval.id, state: 'APPROVED', expiresOn: expires })]);
    const versions = await f.ok(await gh.as(act).get(`/api/v1/requests/${requestId}/submissions`));
    expect(versions.items.map((s: { id: number; version: number; state: string }) => [s.id, s.version, s.state])).toEqual([[v1.id, 1, 'APPROVED'], [v2.id, 2, 'APPROVED']]);
  });

  it('after a rejection or a cancellation the requestor may update and resubmit', async () => {
    const lea = await researcher('lea');
    const ar = await f.managedAr(act, owner, [lea]);
    const request = await f.filled(lea, ar.id);
    const v1 = await f.submit(lea, request.id);
    await f.reject(act, v1.id, 'Describe the intended use in more detail.');
    await f.save(lea, request.id, { answers: { intendedDataUse: 'A detailed description of the study.' } });
    const v2 = await f.submit(lea, request.id);
    expect(v2).toMatchObject({ version: 2, changedFields: ['intendedDataUse'] });
    await f.ok(await gh.as(lea).post(`/api/v1/submissions/${v2.id}/cancel`, {}));
    const v3 = await f.submit(lea, request.id);
    expect(v3).toMatchObject({ version: 3, changedFields: [] });
    await f.approve(act, v3.id);
    expect(await f.canDownload(lea, ar.projectId)).toBe(true);
  });

  it('ACT revokes an approved request: every accessor loses access at once and is told; the request cannot be renewed', async () => {
    const max = await researcher('max');
    const ned = await researcher('ned');
    const ar = await f.managedAr(act, owner, [max, ned]);
    const { requestId, submission } = await f.approved(max, act, ar.id, [max.id, ned.id]);
    const noReason = await gh.as(act).post(`/api/v1/submissions/${submission.id}/revoke`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect((await gh.as(max).post(`/api/v1/submissions/${submission.id}/revoke`, { reason: 'Mine' })).json()).toMatchObject({ code: 'ACT_REQUIRED' });
    const revoked = await f.ok(await gh.as(act).post(`/api/v1/submissions/${submission.id}/revoke`, { reason: 'Data were shared outside the study.' }));
    expect(revoked).toMatchObject({ state: 'REVOKED', requestState: 'REVOKED', reason: 'Data were shared outside the study.' });
    expect(await f.canDownload(max, ar.projectId)).toBe(false);
    expect(await f.canDownload(ned, ar.projectId)).toBe(false);
    for (const who of [max, ned]) {
      const [mail] = await f.emails({ to: who, kind: 'request.revoked' });
      expect(mail.body).toContain('Reason: Data were shared outside the study.');
    }
    const renew = await gh.as(max).put(`/api/v1/requests/${requestId}`, { answers: { institution: 'Again' } });
    expect(renew.statusCode).toBe(409);
    expect(renew.json()).toMatchObject({ code: 'REQUEST_REVOKED' });
  });

  it('my requests page lists what I asked for and where I am an accessor, with their state', async () => {
    const ola = await researcher('ola');
    const pia = await researcher('pia');
    const ar1 = await f.managedAr(act, owner, []);
    const ar2 = await f.managedAr(act, owner, []);
    const r1 = await f.filled(ola, ar1.id, {}, [ola.id, pia.id]);
    await f.submit(ola, r1.id);
    await f.open(ola, ar2.id);
    const mine = await f.ok(await gh.as(ola).get('/api/v1/requests/mine'));
    expect(mine.items.map((r: { accessRequirementId: number; state: string; role: string }) => [r.accessRequirementId, r.state, r.role])).toEqual([
      [ar2.id, 'DRAFT', 'requestor'], [ar1.id, 'SUBMITTED', 'requestor'],
    ]);
    const asAccessor = await f.ok(await gh.as(pia).get('/api/v1/requests/mine?role=accessor'));
    expect(asAccessor.items.map((r: { id: number; role: string; canEdit: boolean }) => [r.id, r.role, r.canEdit])).toEqual([[r1.id, 'accessor', false]]);
    const onEntity = await f.ok(await gh.as(ola).get(`/api/v1/requests/mine?accessRequirementId=${ar1.id}`));
    expect(onEntity.total).toBe(1);
  });
});
