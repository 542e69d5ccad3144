import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from './requests-fixtures.js';

/** Issue 14: return for changes and the thread of remarks, through the HTTP API. */

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

const researcher = (name: string) => gh.user(name, { certified: true, validated: true });

async function reviewerOf(arId: number, name: string) {
  const rev = await researcher(name);
  await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${arId}/acl`, { entries: [{ principalId: rev.id, accessTypes: ['REVIEW_SUBMISSIONS'] }] }));
  return rev;
}

const thread = async (user: TestUser, requestId: number) =>
  (await f.ok(await gh.as(user).get(`/api/v1/requests/${requestId}/remarks`))).items as { id: number; kind: string; visibility: string; body: string; author: { username: string }; version: number | null; replyTo: number | null; attachments: { fileName: string; downloadUrl: string }[] }[];

describe('return for changes', () => {
  it('a reviewer returns a request with a comment; the requestor edits and resubmits twice; the reviewer sees the whole thread', async () => {
    const rita = await researcher('rita');
    const ar = await f.managedAr(act, owner, [rita]);
    const rev = await reviewerOf(ar.id, 'rev');
    const request = await f.filled(rita, ar.id);
    const v1 = await f.submit(rita, request.id);
    await f.clearOutbox();

    const returned = await f.ok(await gh.as(rev).post(`/api/v1/submissions/${v1.id}/return`, { comment: 'Name the study lead in full.' }));
    expect(returned.submission).toMatchObject({ state: 'RETURNED', requestState: 'RETURNED', reason: 'Name the study lead in full.', decidedBy: null, returnedBy: { id: rev.id } });
    expect(returned.remark).toMatchObject({ kind: 'return', visibility: 'visible', body: 'Name the study lead in full.', version: 1 });
    // The reviewer attaches an example to the comment.
    const { payload, headers } = f.multipart({}, { name: 'example.pdf', content: 'how to fill it in' });
    const file = await f.ok(await gh.as(rev).post(`/api/v1/requests/${request.id}/remarks/${returned.remark.id}/attachments`, payload, headers), 201);

    // The requestor is told it was returned, not rejected, and sees what to change.
    const mails = await f.emails({ to: rita });
    expect(mails.map((m) => m.kind)).toEqual(['request.returned']);
    expect(mails[0].subject).toContain('returned for changes');
    expect(mails[0].body).toContain('It was not rejected.');
    expect(mails[0].body).toContain('Name the study lead in full.');
    const seen = await f.ok(await gh.as(rita).get(`/api/v1/requests/${request.id}`));
    expect(seen).toMatchObject({ state: 'RETURNED', canEdit: true, canSubmit: true, returned: { comment: 'Name the study lead in full.', by: { id: rev.id }, submissionId: v1.id } });
    const download = await gh.as(rita).get(file.downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('how to fill it in');
    // Nothing is decided: a returned version cannot be approved; it waits for the requestor, not for review.
    expect((await gh.as(act).post(`/api/v1/submissions/${v1.id}/decision`, { decision: 'APPROVED' })).json()).toMatchObject({ code: 'SUBMISSION_CLOSED' });
    expect((await gh.as(act).post(`/api/v1/submissions/${v1.id}/return`, { comment: 'Something else.' })).json()).toMatchObject({ code: 'ALREADY_RETURNED' });

    // Edit every field, resubmit: version 2 with the changed field marked.
    await f.save(rita, request.id, { answers: { studyLead: 'Dr. Rita Levi-Montalcini' } });
    const v2 = await f.submit(rita, request.id);
    expect(v2).toMatchObject({ version: 2, state: 'SUBMITTED', changedFields: ['studyLead'] });
    await f.ok(await gh.as(act).post(`/api/v1/submissions/${v2.id}/return`, { comment: 'Give the institution its full name.' }));
    await f.save(rita, request.id, { answers: { institution: 'University of Example, Turin' } });
    const v3 = await f.submit(rita, request.id);
    expect(v3).toMatchObject({ version: 3, changedFields: ['institution'] });

    const all = await thread(rev, request.id);
    expect(all.map((r) => [r.kind, r.author.username, r.version, r.body])).toEqual([
      ['return', 'rev', 1, 'Name the study lead in full.'],
      ['return', 'aron', 2, 'Give the institution its full name.'],
    ]);
    expect(all[0].attachments.map((a) => a.fileName)).toEqual(['example.pdf']);
    const versions = await f.ok(await gh.as(rev).get(`/api/v1/requests/${request.id}/submissions`));
    expect(versions.items.map((s: { state: string }) => s.state)).toEqual(['RETURNED', 'RETURNED', 'SUBMITTED']);
    await f.approve(rev, v3.id);
    expect((await f.audit('request.returned')).filter((a) => a.target_id === String(request.id))).toHaveLength(2);
  });

  it('a returned request is neither an approval nor a rejection: not in the public listing, the audit queries or the rejected emails', async () => {
    const rosa = await researcher('rosa');
    const ar = await f.managedAr(act, owner, [rosa], { iduPublic: true });
    const request = await f.filled(rosa, ar.id);
    const v1 = await f.submit(rosa, request.id);
    await f.ok(await gh.as(act).post(`/api/v1/submissions/${v1.id}/return`, { comment: 'Attach the IRB approval.' }));
    expect((await f.ok(await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/approved-uses`))).items).toEqual([]);
    const approvals = await f.ok(await gh.as(act).get(`/api/v1/request-audits/approvals?from=2000-01-01&to=2100-01-01&accessRequirementId=${ar.id}`));
    expect(approvals.items).toEqual([]);
    const waiting = await f.ok(await gh.as(act).get(`/api/v1/request-audits/awaiting-review?accessRequirementId=${ar.id}`));
    expect(waiting.items).toEqual([]);
    expect((await f.emails({ to: rosa, kind: 'request.rejected' }))).toEqual([]);
    expect((await f.audit('request.rejected')).filter((a) => a.target_id === String(request.id))).toEqual([]);
    // Only once resubmitted and approved does it count.
    await f.submit(rosa, request.id);
    const v2 = (await f.ok(await gh.as(rosa).get(`/api/v1/requests/${request.id}`))).currentSubmissionId;
    await f.approve(act, v2);
    expect((await f.ok(await gh.as(null).get(`/api/v1/access-requirements/${ar.id}/approved-uses`))).items).toHaveLength(1);
  });

  it('a return needs a comment and a reviewer; the requestor cannot return their own request', async () => {
    const tom = await researcher('tom');
    const ar = await f.managedAr(act, owner, [tom]);
    const request = await f.filled(tom, ar.id);
    const v1 = await f.submit(tom, request.id);
    const blank = await gh.as(act).post(`/api/v1/submissions/${v1.id}/return`, { comment: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'COMMENT_REQUIRED' });
    const own = await gh.as(tom).post(`/api/v1/submissions/${v1.id}/return`, { comment: 'Fix it.' });
    expect(own.statusCode).toBe(403);
    expect(own.json()).toMatchObject({ code: 'REVIEWER_REQUIRED' });
    expect((await f.ok(await gh.as(tom).get(`/api/v1/requests/${request.id}`))).state).toBe('SUBMITTED');
  });
});

describe('remarks', () => {
  it('private remarks are the reviewers\' alone; visible ones reach the requestor, who answers; every remark is audited and notified to the other side', async () => {
    const paul = await researcher('paul');
    const ar = await f.managedAr(act, owner, [paul]);
    const rev = await reviewerOf(ar.id, 'rhea');
    const request = await f.filled(paul, ar.id);
    await f.submit(paul, request.id);
    await f.clearOutbox();

    const secret = await f.ok(await gh.as(rev).post(`/api/v1/requests/${request.id}/remarks`, { body: 'His lab had an incident last year.', visibility: 'private' }), 201);
    const { payload, headers } = f.multipart({}, { name: 'incident.pdf', content: 'incident report' });
    const secretFile = await f.ok(await gh.as(rev).post(`/api/v1/requests/${request.id}/remarks/${secret.id}/attachments`, payload, headers), 201);
    const asked = await f.ok(await gh.as(act).post(`/api/v1/requests/${request.id}/remarks`, { body: 'Which cohort year do you need?', visibility: 'visible' }), 201);

    // The requestor sees the visible remark only, cannot open the private one or its file, and answers.
    expect((await thread(paul, request.id)).map((r) => r.body)).toEqual(['Which cohort year do you need?']);
    expect((await gh.as(paul).get(secretFile.downloadUrl)).statusCode).toBe(404);
    const toSecret = await gh.as(paul).post(`/api/v1/requests/${request.id}/remarks`, { body: 'What incident?', replyTo: secret.id });
    expect(toSecret.statusCode).toBe(404);
    expect(toSecret.json()).toMatchObject({ code: 'REMARK_NOT_FOUND' });
    const unprompted = await gh.as(paul).post(`/api/v1/requests/${request.id}/remarks`, { body: 'Hello?' });
    expect(unprompted.statusCode).toBe(403);
    expect(unprompted.json()).toMatchObject({ code: 'ANSWER_ONLY' });
    const answer = await f.ok(await gh.as(paul).post(`/api/v1/requests/${request.id}/remarks`, { body: 'The 2024 cohort.', replyTo: asked.id }), 201);
    expect(answer).toMatchObject({ kind: 'answer', visibility: 'visible', replyTo: asked.id });

    // Reviewers see the whole thread.
    expect((await thread(rev, request.id)).map((r) => [r.kind, r.visibility, r.author.username, r.body])).toEqual([
      ['remark', 'private', 'rhea', 'His lab had an incident last year.'],
      ['remark', 'visible', 'aron', 'Which cohort year do you need?'],
      ['answer', 'visible', 'paul', 'The 2024 cohort.'],
    ]);
    expect((await gh.as(rev).get(secretFile.downloadUrl)).body).toBe('incident report');

    // Notices go to the other side: the requestor only of the visible remark; the reviewers of the answer.
    const toPaul = await f.emails({ to: paul, kind: 'request.remark' });
    expect(toPaul.map((m) => m.body.includes('Which cohort year do you need?'))).toEqual([true]);
    const toRev = await f.emails({ to: rev, kind: 'request.remark' });
    expect(toRev.some((m) => m.body.includes('The 2024 cohort.'))).toBe(true);
    expect((await f.emails({ to: act, kind: 'request.remark' })).some((m) => m.body.includes('His lab had an incident'))).toBe(true);
    expect((await f.audit('request.remark-added')).filter((a) => a.target_id === String(request.id)).map((a) => a.details.visibility)).toEqual(['private', 'visible', 'visible']);
  });

  it('remarks may be written at any state, even on a draft or a decided request; strangers cannot see the thread', async () => {
    const nina = await researcher('nina');
    const stranger = await researcher('stan');
    const ar = await f.managedAr(act, owner, [nina]);
    const draft = await f.open(nina, ar.id);
    await f.ok(await gh.as(act).post(`/api/v1/requests/${draft.id}/remarks`, { body: 'Start with the DUC.', visibility: 'visible' }), 201);
    await f.attach(nina, draft.id, 'duc');
    await f.save(nina, draft.id, { answers: { studyLead: 'Dr. Nina', institution: 'University of Example', intendedDataUse: 'Studying variants.' } });
    await f.approve(act, (await f.submit(nina, draft.id)).id);
    const requestId = draft.id as number;
    await f.ok(await gh.as(act).post(`/api/v1/requests/${requestId}/remarks`, { body: 'Approved for one year.', visibility: 'visible' }), 201);
    expect((await thread(nina, requestId)).map((r) => [r.body, r.version])).toEqual([['Start with the DUC.', null], ['Approved for one year.', 1]]);
    expect((await gh.as(stranger).get(`/api/v1/requests/${requestId}/remarks`)).statusCode).toBe(404);
    const blank = await gh.as(act).post(`/api/v1/requests/${requestId}/remarks`, { body: ' ', visibility: 'private' });
    expect(blank.json()).toMatchObject({ code: 'REMARK_TEXT_REQUIRED' });
  });
});
