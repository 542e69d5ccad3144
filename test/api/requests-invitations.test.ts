import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, requestFixtures } from './requests-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;

/** Every API answer of this file, to prove that no invitation token is ever in one. */
const answers: string[] = [];

beforeAll(async () => {
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

type Res = Awaited<ReturnType<ReturnType<TestGatehouse['as']>['get']>>;
const seen = (res: Res) => {
  answers.push(res.body);
  return res;
};
const as = (user: TestUser | null) => {
  const c = gh.as(user);
  return {
    get: async (url: string) => seen(await c.get(url)),
    post: async (url: string, body?: unknown) => seen(await c.post(url, body)),
  };
};

/** The token of the newest invitation email to this address, read from its link (as the person clicks it). */
async function tokenSentTo(email: string): Promise<{ token: string; body: string; subject: string }> {
  const rows = await gh.ctx.db.query<{ body: string; subject: string }>(
    "SELECT body, subject FROM outbox WHERE recipient = $1 AND kind LIKE 'request.%invitation' ORDER BY id DESC LIMIT 1", [email]);
  expect(rows, `an invitation email to ${email}`).toHaveLength(1);
  const match = rows[0].body.match(/http:\/\/gatehouse\.test\/invitations\/([A-Za-z0-9_-]+)/);
  expect(match, rows[0].body).not.toBeNull();
  return { token: match![1], body: rows[0].body, subject: rows[0].subject };
}

/** A person with no account opens the link, creates one with the invited address, and accepts the terms of use. */
async function signUp(token: string, username: string): Promise<TestUser> {
  const res = await gh.as(null).post('/api/v1/invitations/account', { token, username, displayName: username[0].toUpperCase() + username.slice(1), password: 'a long enough passphrase' });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === 'gh_session')!;
  const user: TestUser = { id: (res.json() as { user: { id: number } }).user.id, username, password: 'a long enough passphrase', cookie: `gh_session=${cookie.value}` };
  const terms = await f.ok(await gh.as(user).get('/api/v1/terms'));
  await f.ok(await gh.as(user).post('/api/v1/terms/accept', { version: terms.version }));
  return user;
}

const accept = (user: TestUser, token: string) => as(user).post('/api/v1/invitations/accept', { token });
const certifyAndValidate = async (user: TestUser) => {
  await f.ok(await gh.as(act).post(`/api/v1/users/${user.id}/certification`, { certified: true, reason: 'Passed the quiz on paper.' }));
  // Identity verification is its own capability (tested in identity-verification); here it is the outcome that matters.
  await gh.ctx.db.query('UPDATE users SET is_validated = true WHERE id = $1', [user.id]);
};

describe('inviting accessors by email', () => {
  it('the requestor invites an address; the email carries a link; a new person signs up with it, accepts, and is an accessor', async () => {
    const rita = await gh.user('rita', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [], { certifiedRequired: false, validatedRequired: false });
    const request = await f.open(rita, ar.id);
    await f.clearOutbox();

    const created = await as(rita).post(`/api/v1/requests/${request.id}/invitations`, { email: 'Nina@Lab.example' });
    expect(created.statusCode, created.body).toBe(201);
    const invitation = created.json() as any;
    expect(invitation).toMatchObject({ kind: 'accessor', email: 'Nina@Lab.example', status: 'pending', requestId: request.id, invitedBy: { id: rita.id, displayName: 'Rita' }, acceptedBy: null });
    // Expires after the default 14 days.
    expect(Date.parse(invitation.expiresOn) - gh.clock.now().getTime()).toBe(14 * DAY);

    const { token, body, subject } = await tokenSentTo('Nina@Lab.example');
    expect(subject).toContain('Rita invites you');
    expect(body).toContain(`data access request #${request.id}`);
    expect(body).toMatch(/expires on \d{4}-\d{2}-\d{2}/);

    // The requestor sees it waiting.
    const pending = await f.ok(await as(rita).get(`/api/v1/requests/${request.id}/invitations?status=pending`));
    expect(pending).toMatchObject({ total: 1, items: [{ id: invitation.id, status: 'pending' }] });

    // Anyone holding the link sees what it is for, and is asked to sign in or create an account.
    const opened = await f.ok(await as(null).post('/api/v1/invitations/open', { token }));
    expect(opened).toMatchObject({
      kind: 'accessor', status: 'pending', accessRequirement: { id: ar.id }, invitedBy: { displayName: 'Rita' },
      request: { id: request.id, requestorName: 'Rita' }, signedInAs: null,
    });
    expect((await as(null).post('/api/v1/invitations/accept', { token })).statusCode).toBe(401);

    const nina = await signUp(token, 'nina');
    const accepted = await accept(nina, token);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ kind: 'accessor', requestId: request.id, link: `/requests/${request.id}` });

    const after = await f.ok(await as(rita).get(`/api/v1/requests/${request.id}`));
    expect(after.accessors.map((a: { username: string }) => a.username)).toEqual(['rita', 'nina']);
    // The new accessor sees the request too.
    expect((await as(nina).get(`/api/v1/requests/${request.id}`)).statusCode).toBe(200);
    const listed = await f.ok(await as(rita).get(`/api/v1/requests/${request.id}/invitations`));
    expect(listed.items[0]).toMatchObject({ status: 'accepted', acceptedBy: { id: nina.id, username: 'nina' } });
    // The requestor is told.
    expect((await f.emails({ to: rita, kind: 'request.invitation-accepted' }))).toHaveLength(1);
    // Audit: created and accepted.
    expect((await f.audit('request.invitation-created')).some((a) => a.actor_id === rita.id && a.target_id === String(invitation.id))).toBe(true);
    expect((await f.audit('request.invitation-accepted')).some((a) => a.actor_id === nina.id && a.target_id === String(invitation.id))).toBe(true);

    // Single use: the same link again, by her or anyone, is refused.
    const again = await accept(nina, token);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'INVITATION_USED', detail: 'You accepted this invitation already; an invitation link works once.' });
    expect((await as(null).post('/api/v1/invitations/account', { token, username: 'nina2', displayName: 'N', password: 'a long enough passphrase' })).json()).toMatchObject({ code: 'INVITATION_USED' });
  });

  it('an invitation expires after the configured days; the link then gives INVITATION_EXPIRED', async () => {
    const rosa = await gh.user('rosa', { certified: true, validated: true });
    const eddie = await gh.user('eddie', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(rosa, ar.id);
    await f.ok(await as(rosa).post(`/api/v1/requests/${request.id}/invitations`, { email: 'eddie@example.org' }), 201);
    const { token } = await tokenSentTo('eddie@example.org');
    gh.clock.advance(14 * DAY + 60_000);
    const res = await accept(eddie, token);
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ code: 'INVITATION_EXPIRED' });
    expect(res.json().detail).toMatch(/^This invitation expired on \d{4}-\d{2}-\d{2}\. Ask Rosa to invite you again\.$/);
    expect((await f.ok(await as(null).post('/api/v1/invitations/open', { token }))).status).toBe('expired');
    expect((await f.ok(await as(rosa).get(`/api/v1/requests/${request.id}/invitations?status=expired`))).total).toBe(1);
    expect((await f.ok(await as(rosa).get(`/api/v1/requests/${request.id}`))).accessors).toHaveLength(1);
    // Sign-up with an expired link is refused too, and no account is made.
    const signup = await gh.as(null).post('/api/v1/invitations/account', { token, username: 'edtwo', displayName: 'Ed', password: 'a long enough passphrase' });
    expect(signup.json()).toMatchObject({ code: 'INVITATION_EXPIRED' });
    expect(await gh.ctx.db.maybeOne("SELECT id FROM users WHERE username = 'edtwo'")).toBeNull();
  });

  it('a withdrawn invitation is refused; only the requestor (or ACT) sees and withdraws invitations', async () => {
    const sara = await gh.user('sara', { certified: true, validated: true });
    const walt = await gh.user('walt', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(sara, ar.id);
    const invitation = await f.ok(await as(sara).post(`/api/v1/requests/${request.id}/invitations`, { email: 'walt@example.org' }), 201);
    const { token } = await tokenSentTo('walt@example.org');
    // A second invitation to the same address while one waits is refused.
    expect((await as(sara).post(`/api/v1/requests/${request.id}/invitations`, { email: 'WALT@example.org' })).json()).toMatchObject({ code: 'INVITATION_ALREADY_PENDING', invitationId: invitation.id });
    // Walt may not withdraw it or list them (he cannot see the request): 404.
    expect((await as(walt).post(`/api/v1/invitations/${invitation.id}/withdraw`)).statusCode).toBe(404);
    expect((await as(walt).get(`/api/v1/requests/${request.id}/invitations`)).statusCode).toBe(404);

    const withdrawn = await f.ok(await as(sara).post(`/api/v1/invitations/${invitation.id}/withdraw`));
    expect(withdrawn).toMatchObject({ status: 'withdrawn' });
    expect((await f.audit('request.invitation-withdrawn')).some((a) => a.actor_id === sara.id && a.target_id === String(invitation.id))).toBe(true);
    const res = await accept(walt, token);
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ code: 'INVITATION_WITHDRAWN', detail: 'Sara withdrew this invitation; it can no longer be accepted.' });
    expect((await f.ok(await as(sara).get(`/api/v1/requests/${request.id}/invitations?status=pending`))).total).toBe(0);
    expect((await f.ok(await as(sara).get(`/api/v1/requests/${request.id}/invitations?status=withdrawn`))).items).toMatchObject([{ id: invitation.id }]);
    expect((await f.ok(await as(sara).get(`/api/v1/requests/${request.id}`))).accessors).toHaveLength(1);
  });

  it('someone signed in with another address is refused (INVITATION_WRONG_USER); a bad token is INVITATION_NOT_FOUND', async () => {
    const tina = await gh.user('tina', { certified: true, validated: true });
    const carl = await gh.user('carl', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(tina, ar.id);
    await f.ok(await as(tina).post(`/api/v1/requests/${request.id}/invitations`, { email: 'dana@example.org' }), 201);
    const { token } = await tokenSentTo('dana@example.org');
    expect((await f.ok(await as(carl).post('/api/v1/invitations/open', { token }))).signedInAs).toEqual({ username: 'carl', matches: false });
    const res = await accept(carl, token);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'INVITATION_WRONG_USER', invitedEmail: 'dana@example.org' });
    expect(res.json().detail).toContain('sent to dana@example.org, and you are signed in as carl');
    expect((await f.ok(await as(tina).get(`/api/v1/requests/${request.id}`))).accessors).toHaveLength(1);
    // Still usable by the right person.
    const dana = await gh.user('dana', { certified: true, validated: true });
    expect((await accept(dana, token)).statusCode).toBe(200);

    const bogus = await as(carl).post('/api/v1/invitations/accept', { token: 'not-a-real-token' });
    expect(bogus.statusCode).toBe(404);
    expect(bogus.json()).toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    expect((await as(null).post('/api/v1/invitations/open', { token: 'not-a-real-token' })).statusCode).toBe(404);
  });

  it("a person who fails the AR's accessor rules is refused with the reason and not added; once they meet them, the same link works", async () => {
    const pia = await gh.user('pia', { certified: true, validated: true });
    const uma = await gh.user('uma', { certified: false, validated: false });
    const ar = await f.managedAr(act, owner, []);
    const request = await f.open(pia, ar.id);
    await f.ok(await as(pia).post(`/api/v1/requests/${request.id}/invitations`, { email: 'uma@example.org' }), 201);
    const { token, body } = await tokenSentTo('uma@example.org');
    expect(body).toContain('Accessors of this request must be certified and have a validated profile.');
    const res = await accept(uma, token);
    expect(res.statusCode).toBe(400);
    // The sentence adding her by name gives.
    expect(res.json()).toMatchObject({
      code: 'ACCESSOR_REFUSED', detail: 'uma must be certified and have a validated profile to be an accessor of this request.',
      refused: [{ userId: uma.id, username: 'uma' }],
    });
    expect((await f.ok(await as(pia).get(`/api/v1/requests/${request.id}`))).accessors).toHaveLength(1);
    expect((await f.ok(await as(null).post('/api/v1/invitations/open', { token }))).status).toBe('pending');

    await certifyAndValidate(uma);
    expect((await accept(uma, token)).statusCode).toBe(200);
    expect((await f.ok(await as(pia).get(`/api/v1/requests/${request.id}`))).accessors.map((a: { username: string }) => a.username)).toEqual(['pia', 'uma']);
  });

  it('no accessor joins a request awaiting review; only the requestor invites', async () => {
    const quin = await gh.user('quin', { certified: true, validated: true });
    const vera = await gh.user('vera', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [], { certifiedRequired: false, validatedRequired: false });
    const request = await f.filled(quin, ar.id, {}, [quin.id, vera.id]);
    await f.ok(await as(quin).post(`/api/v1/requests/${request.id}/invitations`, { email: 'xena@example.org' }), 201);
    const { token } = await tokenSentTo('xena@example.org');
    // An accessor may see the request, not invite to it.
    expect((await as(vera).post(`/api/v1/requests/${request.id}/invitations`, { email: 'yan@example.org' })).json()).toMatchObject({ code: 'NOT_REQUESTOR' });
    await f.submit(quin, request.id);
    expect((await as(quin).post(`/api/v1/requests/${request.id}/invitations`, { email: 'yan@example.org' })).json()).toMatchObject({ code: 'REQUEST_UNDER_REVIEW' });
    const xena = await gh.user('xena', { certified: true, validated: true });
    const res = await accept(xena, token);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'REQUEST_UNDER_REVIEW' });
    expect(res.json().detail).toContain('ask Quin');
  });
});

describe('external reviewers invited by ACT', () => {
  it('a reviewer invited for one request sees only that request (404 on others), and decides it once validated', async () => {
    const ana = await gh.user('ana', { certified: true, validated: true });
    const bo = await gh.user('bob', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, []);
    const mine = await f.filled(ana, ar.id);
    const sub = await f.submit(ana, mine.id);
    const other = await f.filled(bo, ar.id);
    const otherSub = await f.submit(bo, other.id);

    // Only ACT invites reviewers.
    expect((await as(ana).post('/api/v1/reviewer-invitations', { email: 'rex@uni.example', requestId: mine.id })).statusCode).toBe(403);
    expect((await as(act).post('/api/v1/reviewer-invitations', { email: 'rex@uni.example' })).json()).toMatchObject({ code: 'SCOPE_REQUIRED' });
    const invitation = await f.ok(await as(act).post('/api/v1/reviewer-invitations', { email: 'rex@uni.example', requestId: mine.id }), 201);
    expect(invitation).toMatchObject({ kind: 'reviewer', requestId: mine.id, accessRequirement: { id: ar.id }, status: 'pending' });
    const { token, body } = await tokenSentTo('rex@uni.example');
    expect(body).toContain(`to review data access request #${mine.id}`);

    const rex = await signUp(token, 'rex');
    // Before accepting: nothing to see.
    expect((await as(rex).get(`/api/v1/requests/${mine.id}`)).statusCode).toBe(404);
    expect(await f.ok(await accept(rex, token))).toMatchObject({ kind: 'reviewer', requestId: mine.id, link: `/reviewing/requests/${mine.id}` });
    expect((await f.audit('request.invitation-accepted')).some((a) => a.actor_id === rex.id)).toBe(true);

    // Like every delegated reviewer, a validated profile first: told why, with the link.
    const notYet = await as(rex).get(`/api/v1/requests/${mine.id}`);
    expect(notYet.statusCode).toBe(403);
    expect(notYet.json()).toMatchObject({ code: 'REVIEWER_NOT_VALIDATED', verificationUrl: 'http://gatehouse.test/profile/verification' });
    expect(await f.ok(await as(rex).get('/api/v1/invitations/reviewing'))).toMatchObject({
      mayReview: false, items: [{ accessRequirement: { id: ar.id }, request: { id: mine.id, state: 'SUBMITTED', currentSubmissionId: sub.id } }],
    });
    await gh.ctx.db.query('UPDATE users SET is_validated = true WHERE id = $1', [rex.id]);

    expect((await as(rex).get(`/api/v1/requests/${mine.id}`)).statusCode).toBe(200);
    expect((await as(rex).get(`/api/v1/submissions/${sub.id}`)).statusCode).toBe(200);
    expect((await as(rex).get(`/api/v1/submissions/${sub.id}/decision`)).statusCode).toBe(200);
    // Nothing else of the AR.
    expect((await as(rex).get(`/api/v1/requests/${other.id}`)).statusCode).toBe(404);
    expect((await as(rex).get(`/api/v1/submissions/${otherSub.id}`)).statusCode).toBe(404);
    expect((await as(rex).post(`/api/v1/submissions/${otherSub.id}/decision`, { decision: 'APPROVED' })).statusCode).toBe(404);
    expect((await as(rex).get(`/api/v1/access-requirements/${ar.id}/submissions`)).statusCode).toBe(403);
    expect((await f.ok(await as(rex).get('/api/v1/reviews'))).items).toEqual([]);

    const decided = await f.approve(rex, sub.id);
    expect(decided).toMatchObject({ state: 'APPROVED', decidedBy: { id: rex.id } });

    // ACT ends the reviewer's access by withdrawing the accepted invitation.
    expect(await f.ok(await as(act).post(`/api/v1/invitations/${invitation.id}/withdraw`))).toMatchObject({ status: 'ended' });
    expect((await as(rex).get(`/api/v1/requests/${mine.id}`)).statusCode).toBe(404);
    expect((await f.audit('request.invited-reviewer-ended')).some((a) => a.actor_id === act.id)).toBe(true);
  });

  it("a reviewer invited for an AR reviews its requests, and no other AR's", async () => {
    const cy = await gh.user('cyd', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [], {}, 'Imaging cohort');
    const otherAr = await f.managedAr(act, owner, []);
    const request = await f.filled(cy, ar.id);
    const sub = await f.submit(cy, request.id);
    const elsewhere = await f.filled(cy, otherAr.id);
    const elsewhereSub = await f.submit(cy, elsewhere.id);

    await f.ok(await as(act).post('/api/v1/reviewer-invitations', { email: 'zoe@uni.example', accessRequirementId: ar.id }), 201);
    const { token } = await tokenSentTo('zoe@uni.example');
    const zoe = await signUp(token, 'zoe');
    await f.ok(await accept(zoe, token));
    await gh.ctx.db.query('UPDATE users SET is_validated = true WHERE id = $1', [zoe.id]);

    expect((await f.ok(await as(zoe).get('/api/v1/reviews'))).items).toMatchObject([{ accessRequirementId: ar.id, name: 'Imaging cohort', awaitingReview: 1, mayReview: true }]);
    const table = await f.ok(await as(zoe).get(`/api/v1/access-requirements/${ar.id}/submissions`));
    expect(table.items.map((s: { id: number }) => s.id)).toEqual([sub.id]);
    expect((await as(zoe).get(`/api/v1/access-requirements/${otherAr.id}/submissions`)).statusCode).toBe(403);
    expect((await as(zoe).get(`/api/v1/submissions/${elsewhereSub.id}`)).statusCode).toBe(404);
    expect(await f.reject(zoe, sub.id, 'The DUC is not signed.')).toMatchObject({ state: 'REJECTED' });

    // Told of the AR's next submission, like the delegated reviewers.
    const dee = await gh.user('dee', { certified: true, validated: true });
    const next = await f.filled(dee, ar.id);
    await f.submit(dee, next.id);
    expect(await f.emails({ to: zoe, kind: 'request.submitted' })).toHaveLength(1);

    const listed = await f.ok(await as(act).get(`/api/v1/reviewer-invitations?accessRequirementId=${ar.id}`));
    expect(listed).toMatchObject({ total: 1, items: [{ status: 'accepted', acceptedBy: { username: 'zoe' }, requestId: null }] });
  });
});

describe('tokens', () => {
  it('are stored as their SHA-256 and never appear in an API answer', async () => {
    const rows = await gh.ctx.db.query<{ token_sha256: string; email: string }>('SELECT token_sha256, email FROM request_invitations');
    expect(rows.length).toBeGreaterThan(5);
    const mails = await gh.ctx.db.query<{ body: string }>("SELECT body FROM outbox WHERE kind LIKE 'request.%invitation'");
    const tokens = mails.map((mail) => mail.body.match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]);
    const hashes = new Set(rows.map((r) => r.token_sha256));
    for (const token of tokens) {
      expect(token.length).toBeGreaterThanOrEqual(40);
      expect(hashes.has(createHash('sha256').update(token).digest('hex'))).toBe(true);
      for (const answer of answers) expect(answer.includes(token)).toBe(false);
    }
    expect(answers.length).toBeGreaterThan(40);
  });
});
