import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, requestFixtures, type Ar } from './requests-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;
let ar: Ar;
let other: Ar;
let [amy, ben, cal, dot]: TestUser[] = [];
const ids: Record<string, number> = {};

/**
 * One AR with three requests in different states, and a second AR: amy approved (v1), then renewed with a
 * changed institution (v2, awaiting review); ben submitted with cal as accessor; cal's own request rejected.
 */
beforeAll(async () => {
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
  amy = await gh.user('amy', { certified: true, validated: true });
  ben = await gh.user('ben', { certified: true, validated: true });
  cal = await gh.user('cal', { certified: true, validated: true });
  dot = await gh.user('dot', { certified: true, validated: false });
  ar = await f.managedAr(act, owner, [amy, ben, cal], { certifiedRequired: true, validatedRequired: false });
  other = await f.managedAr(act, owner, []);

  const a = await f.approved(amy, act, ar.id);
  ids.amyRequest = a.requestId;
  ids.amyV1 = a.submission.id;
  gh.clock.advance(10 * DAY);
  await f.save(amy, a.requestId, { answers: { institution: 'Moved University' }, accessors: [amy.id, 'dot'] });
  ids.amyV2 = (await f.submit(amy, a.requestId)).id;
  gh.clock.advance(1 * DAY);
  const b = await f.filled(ben, ar.id, {}, [ben.id, cal.id]);
  ids.benRequest = b.id;
  ids.benV1 = (await f.submit(ben, b.id)).id;
  gh.clock.advance(1 * DAY);
  const c = await f.filled(cal, ar.id);
  ids.calV1 = (await f.submit(cal, c.id)).id;
  await f.reject(act, ids.calV1, 'Incomplete.');
  const o = await f.filled(amy, other.id);
  ids.otherV1 = (await f.submit(amy, o.id)).id;
});
afterAll(async () => gh?.stop());

const table = async (user: TestUser, query = '', arId = ar.id) => {
  const res = await gh.as(user).get(`/api/v1/access-requirements/${arId}/submissions${query}`);
  return { status: res.statusCode, body: res.json() };
};
const rows = (body: { items: { id: number }[] }) => body.items.map((s) => s.id);

describe('the review table', () => {
  it('lists the newest version of each request, newest first, with filters by state, dates, requestor and accessor', async () => {
    const all = await table(act);
    expect(all.status).toBe(200);
    expect(rows(all.body)).toEqual([ids.calV1, ids.benV1, ids.amyV2]);
    expect(all.body.total).toBe(3);
    expect(rows((await table(act, '?state=SUBMITTED')).body)).toEqual([ids.benV1, ids.amyV2]);
    expect(rows((await table(act, '?state=REJECTED')).body)).toEqual([ids.calV1]);
    expect(rows((await table(act, '?requestor=ben')).body)).toEqual([ids.benV1]);
    expect(rows((await table(act, `?requestor=${amy.id}`)).body)).toEqual([ids.amyV2]);
    expect(rows((await table(act, '?accessor=cal')).body)).toEqual([ids.calV1, ids.benV1]);
    expect(rows((await table(act, '?requestor=nobody-at-all')).body)).toEqual([]);
    const start = '2026-03-02T09:00:00Z';
    const since = new Date(new Date(start).getTime() + 11 * DAY).toISOString();
    expect(rows((await table(act, `?submittedFrom=${since}`)).body)).toEqual([ids.calV1, ids.benV1]);
    expect(rows((await table(act, `?submittedTo=${since}`)).body)).toEqual([ids.amyV2]);
    expect(rows((await table(act, '?allVersions=true')).body)).toEqual([ids.calV1, ids.benV1, ids.amyV2, ids.amyV1]);
    expect(rows((await table(act, '?limit=1&offset=1')).body)).toEqual([ids.benV1]);
  });

  it('the link in the "submitted" notice opens the table filtered to that submission', async () => {
    const [mail] = (await f.emails({ to: act, kind: 'request.submitted' })).filter((m) => m.body.includes(`submission=${ids.benV1}`));
    expect(mail).toBeDefined();
    const filtered = await table(act, `?submission=${ids.benV1}`);
    expect(rows(filtered.body)).toEqual([ids.benV1]);
  });

  it('shows badges for certified and validated accessors and marks those already approved', async () => {
    const [row] = (await table(act, `?submission=${ids.amyV2}`)).body.items;
    expect(row.accessors).toEqual([
      { id: amy.id, username: 'amy', displayName: 'Amy', isCertified: true, isValidated: true, alreadyApproved: true, eligible: true, problem: null },
      { id: dot.id, username: 'dot', displayName: 'Dot', isCertified: true, isValidated: false, alreadyApproved: false, eligible: true, problem: null },
    ]);
    expect(row.requestor).toEqual({ id: amy.id, username: 'amy', displayName: 'Amy', isCertified: true, isValidated: true });
  });

  it('highlights the fields changed since the previous submitted version, and every earlier version can be opened', async () => {
    const [row] = (await table(act, `?submission=${ids.amyV2}`)).body.items;
    expect(row).toMatchObject({ version: 2, state: 'SUBMITTED', changedFields: ['institution', 'accessors'], answers: { institution: 'Moved University' } });
    expect(row.versions.map((v: { id: number; version: number; state: string }) => [v.id, v.version, v.state])).toEqual([[ids.amyV1, 1, 'APPROVED'], [ids.amyV2, 2, 'SUBMITTED']]);
    const old = await f.ok(await gh.as(act).get(`/api/v1/submissions/${ids.amyV1}`));
    expect(old).toMatchObject({ version: 1, isCurrent: false, answers: { institution: 'University of Example' }, email: { subject: expect.stringContaining('was approved') } });
    expect(old.attachments).toHaveLength(1);
    expect(old.fields.map((x: { key: string }) => x.key)).toContain('duc');
  });

  it('ACT sees the table across access requirements; no one else does', async () => {
    const across = await f.ok(await gh.as(act).get('/api/v1/submissions?state=SUBMITTED'));
    expect(across.items.map((s: { id: number }) => s.id)).toEqual([ids.otherV1, ids.benV1, ids.amyV2]);
    const refused = await gh.as(ben).get('/api/v1/submissions');
    expect(refused.statusCode).toBe(403);
    expect((await table(ben)).status).toBe(403);
  });
});

describe('delegated reviewers', () => {
  it('a validated user with REVIEW_SUBMISSIONS on the AR sees and decides only that AR\'s requests, and is told of new ones', async () => {
    const rev = await gh.user('rev', { certified: true, validated: true });
    const unvalidated = await gh.user('unval', { certified: true, validated: false });
    const team = await f.ok(await gh.as(act).post('/api/v1/teams', { name: 'Cohort reviewers' }), 201);
    await f.ok(await gh.as(act).post(`/api/v1/teams/${team.id}/members`, { userId: unvalidated.id }));
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, {
      entries: [{ principalId: rev.id, accessTypes: ['REVIEW_SUBMISSIONS'] }, { principalId: team.id, accessTypes: ['REVIEW_SUBMISSIONS'] }],
    }));

    // What each one reviews, and how much waits there: the way in for a delegated reviewer.
    const reviewsOf = async (user: TestUser) => (await f.ok(await gh.as(user).get('/api/v1/reviews'))).items;
    expect(await reviewsOf(rev)).toEqual([{ accessRequirementId: ar.id, name: expect.any(String), awaitingReview: 2, mayReview: true }]);
    expect(await reviewsOf(unvalidated)).toEqual([{ accessRequirementId: ar.id, name: expect.any(String), awaitingReview: 2, mayReview: false, note: expect.any(String), verificationUrl: expect.any(String) }]);
    expect(await reviewsOf(ben)).toEqual([]);
    const actReviews = await reviewsOf(act);
    expect(actReviews.map((r: { accessRequirementId: number }) => r.accessRequirementId).sort()).toEqual([ar.id, other.id].sort());
    expect(actReviews.find((r: { accessRequirementId: number }) => r.accessRequirementId === other.id)).toMatchObject({ awaitingReview: 1, mayReview: true });
    expect((await gh.as(null).get('/api/v1/reviews')).statusCode).toBe(401);

    expect(rows((await table(rev, '?state=SUBMITTED')).body)).toEqual([ids.benV1, ids.amyV2]);
    const elsewhere = await table(rev, '', other.id);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body).toMatchObject({ code: 'REVIEWER_REQUIRED' });
    expect((await gh.as(rev).get(`/api/v1/submissions/${ids.otherV1}`)).statusCode).toBe(404);
    expect((await gh.as(rev).post(`/api/v1/submissions/${ids.otherV1}/decision`, { decision: 'APPROVED' })).statusCode).toBe(404);
    const notValidated = await table(unvalidated);
    expect(notValidated).toMatchObject({ status: 403, body: { code: 'REVIEWER_NOT_VALIDATED' } });

    const approved = await f.approve(rev, ids.benV1);
    expect(approved).toMatchObject({ state: 'APPROVED', decidedBy: { id: rev.id, displayName: 'Rev' } });
    expect(await f.canDownload(cal, ar.projectId)).toBe(true);
    const revoke = await gh.as(rev).post(`/api/v1/submissions/${ids.benV1}/revoke`, { reason: 'Testing' });
    expect(revoke.json()).toMatchObject({ code: 'ACT_REQUIRED' });

    await f.clearOutbox();
    const eli = await gh.user('eli', { certified: true, validated: true });
    const request = await f.filled(eli, ar.id);
    await f.submit(eli, request.id);
    const told = (await f.emails({ kind: 'request.submitted' })).map((m) => m.recipient_user_id).sort((x, y) => x - y);
    expect(told).toEqual([act.id, rev.id].sort((x, y) => x - y));
  });
});

describe('a delegated reviewer who is not validated yet', () => {
  it('is told the request waits for them, and deciding on it answers 403 REVIEWER_NOT_VALIDATED with the link to verification', async () => {
    const own = await f.managedAr(act, owner, []);
    const fay = await gh.user('fay', { certified: true, validated: true });
    const pending = await gh.user('pending', { certified: true, validated: false });
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${own.id}/acl`, {
      entries: [{ principalId: pending.id, accessTypes: ['REVIEW_SUBMISSIONS'] }],
    }));
    const submission = await f.submit(fay, (await f.filled(fay, own.id)).id);
    const reason = 'A delegated reviewer must have a validated profile to decide on requests.';
    const link = '/profile/verification';

    // GET /reviews: the item waits for them, with the same reason and link as the endpoints below.
    const reviews = (await f.ok(await gh.as(pending).get('/api/v1/reviews'))).items;
    expect(reviews).toEqual([{ accessRequirementId: own.id, name: expect.any(String), awaitingReview: 1, mayReview: false, note: reason, verificationUrl: expect.stringMatching(/\/profile\/verification$/) }]);

    const refused = { status: 403, code: 'REVIEWER_NOT_VALIDATED', detail: reason, verificationUrl: expect.stringMatching(/\/profile\/verification$/) };
    for (const decision of [{ decision: 'APPROVED' }, { decision: 'REJECTED', reason: 'No.' }]) {
      const res = await gh.as(pending).post(`/api/v1/submissions/${submission.id}/decision`, decision);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject(refused);
    }
    for (const path of [`/api/v1/submissions/${submission.id}`, `/api/v1/submissions/${submission.id}/decision`, `/api/v1/access-requirements/${own.id}/submissions`]) {
      const res = await gh.as(pending).get(path);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(403);
      expect(res.json()).toMatchObject(refused);
    }
    expect(reviews[0].verificationUrl.endsWith(link)).toBe(true);
    // Nothing was decided; someone who is no reviewer at all still learns nothing of the submission.
    expect((await f.ok(await gh.as(fay).get(`/api/v1/submissions/${submission.id}`))).state).toBe('SUBMITTED');
    expect((await gh.as(dot).post(`/api/v1/submissions/${submission.id}/decision`, { decision: 'APPROVED' })).json()).toMatchObject({ status: 404, code: 'SUBMISSION_NOT_FOUND' });
  });
});

describe('two reviewers on one submission', () => {
  it('the second is refused with 409 naming who decided, how and when; only the same reviewer repeating it is a retry', async () => {
    const own = await f.managedAr(act, owner, []);
    const gil = await gh.user('gil', { certified: true, validated: true });
    const first = await gh.user('rhea', { certified: true, validated: true });
    const second = await gh.user('ravi', { certified: true, validated: true });
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${own.id}/acl`, {
      entries: [first, second].map((u) => ({ principalId: u.id, accessTypes: ['REVIEW_SUBMISSIONS'] })),
    }));
    const submission = await f.submit(gil, (await f.filled(gil, own.id)).id);
    await f.clearOutbox();
    const approvedAt = gh.clock.now().toISOString();
    await f.approve(first, submission.id);
    gh.clock.advance(60_000);

    const counts = async () => (await gh.ctx.db.one<{ approvals: number; audit: number }>(
      `SELECT (SELECT count(*)::int FROM approvals WHERE access_requirement_id = $1) AS approvals,
              (SELECT count(*)::int FROM audit_log WHERE action IN ('request.approved', 'request.rejected')) AS audit`, [own.id]));
    const before = await counts();
    const mails = (await f.emails()).length;
    const refused = {
      status: 409, code: 'ALREADY_DECIDED',
      detail: `Rhea already approved this submission on ${approvedAt.slice(0, 10)} ${approvedAt.slice(11, 16)} UTC; your decision was not recorded.`,
      decidedBy: { id: first.id, displayName: 'Rhea' }, decision: 'APPROVED', decidedAt: approvedAt,
    };
    for (const [who, body] of [
      [second, { decision: 'APPROVED' }], [second, { decision: 'REJECTED', reason: 'Too late.' }],
      [act, { decision: 'APPROVED' }], [first, { decision: 'REJECTED', reason: 'Changed my mind.' }],
    ] as const) {
      const res = await gh.as(who).post(`/api/v1/submissions/${submission.id}/decision`, body);
      expect(res.statusCode, `${who.username}: ${res.body}`).toBe(409);
      expect(res.json()).toMatchObject(refused);
    }
    // The same reviewer repeating the same decision is a harmless retry: 200, nothing granted, sent or logged twice.
    const retry = await gh.as(first).post(`/api/v1/submissions/${submission.id}/decision`, { decision: 'APPROVED' });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ state: 'APPROVED', decidedBy: { id: first.id } });
    expect(await counts()).toEqual(before);
    expect((await f.emails()).length).toBe(mails);
    // The preview tells the second reviewer they cannot decide.
    expect((await f.ok(await gh.as(second).get(`/api/v1/submissions/${submission.id}/decision`))).canDecide).toBe(false);
  });
});

describe('queries for audits', () => {
  it('requests awaiting review, oldest first, with how long they waited', async () => {
    const res = await f.ok(await gh.as(act).get('/api/v1/request-audits/awaiting-review'));
    const mine = res.items.filter((i: { accessRequirementId: number }) => i.accessRequirementId === ar.id || i.accessRequirementId === other.id);
    expect(mine[0]).toMatchObject({ submissionId: ids.amyV2, requestor: { username: 'amy' }, version: 2, accessorCount: 2 });
    expect(mine.map((i: { submissionId: number }) => i.submissionId)).toContain(ids.otherV1);
    expect(mine.map((i: { submissionId: number }) => i.submissionId)).not.toContain(ids.calV1);
    expect((await gh.as(amy).get('/api/v1/request-audits/awaiting-review')).statusCode).toBe(403);
  });

  it('approvals in a period and who approved them', async () => {
    const from = '2026-03-01';
    const to = '2026-04-01';
    const res = await f.ok(await gh.as(act).get(`/api/v1/request-audits/approvals?from=${from}&to=${to}&accessRequirementId=${ar.id}`));
    const bySubmission = new Map(res.items.map((i: { submissionId: number }) => [i.submissionId, i]));
    expect(bySubmission.get(ids.amyV1)).toMatchObject({ source: 'request', approvedBy: { username: 'aron' }, requestor: { username: 'amy' }, accessors: [{ username: 'amy' }] });
    expect(bySubmission.has(ids.calV1)).toBe(false);
    const none = await f.ok(await gh.as(act).get(`/api/v1/request-audits/approvals?from=2025-01-01&to=2025-02-01`));
    expect(none.items).toEqual([]);
  });

  it('the accessors of an access requirement and since when they have access', async () => {
    const res = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/accessors`));
    const amyRow = res.items.find((i: { user: { id: number } }) => i.user.id === amy.id);
    expect(amyRow).toMatchObject({ since: '2026-03-02T09:00:00.000Z', sources: ['request'], requestIds: [ids.amyRequest] });
    expect(res.items.map((i: { user: { username: string } }) => i.user.username)).toEqual(expect.arrayContaining(['amy', 'ben', 'cal']));
    expect((await gh.as(amy).get(`/api/v1/access-requirements/${ar.id}/accessors`)).statusCode).toBe(403);
  });
});
