import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRequirement, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { revokeExpiredApprovals } from '../../src/accessrequirements/expiry.js';
import { assertTeamRequirementsMet } from '../../src/accessrequirements/team-requirements.js';
import { Problem } from '../../src/infra/problem.js';
import { CAN_DOWNLOAD, UNMET, fixtures, syn } from './access-requirements-fixtures.js';

let gh: TestGatehouse;
let act: TestUser;
let owner: TestUser;
let f: ReturnType<typeof fixtures>;

const DAY = 86_400_000;

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = fixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

/** A project `user` may download, behind a new AR of the given type. */
async function restricted(user: TestUser, name: string, body: Record<string, unknown>) {
  const project = await f.project(owner, name, { [user.id]: CAN_DOWNLOAD });
  const ar = await f.requirement(act, { ...body, subjects: [{ type: 'entity', id: syn(project) }] });
  return { project, ar };
}

describe('approvals granted by ACT', () => {
  it('ACT approves a user, who may then download; the user is told in the app and by email', async () => {
    const amy = await gh.user('amy');
    const { project, ar } = await restricted(amy, 'Approved project', { type: 'ManagedACT', name: 'Cohort' });
    expect(await f.download(amy, project)).toMatchObject({ granted: false, rule: 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS', message: UNMET });
    const res = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: ar.id, accessorId: amy.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      accessRequirementId: ar.id, accessorId: amy.id, accessorName: 'Amy', submitterId: act.id, accessRequirementVersion: 1,
      state: 'APPROVED', expiresOn: null, source: 'act', revokedReason: null, modifiedBy: act.id,
    });
    expect(await f.download(amy, project)).toMatchObject({ granted: true, rule: 'GRANT_IF_HAS_DOWNLOAD' });
    expect((await f.emailsTo(amy)).map((e) => [e.kind, e.subject])).toEqual([['access-approval.granted', 'You were approved for "Cohort"']]);
    const notices = (await gh.as(amy).get('/api/v1/notifications')).json().items;
    expect(notices[0]).toMatchObject({ kind: 'access-approval.granted', link: `/access-requirements/${ar.id}` });
    const status = (await gh.as(amy).get(`/api/v1/access-requirements/${ar.id}/status`)).json();
    expect(status).toMatchObject({ accessRequirementId: ar.id, isApproved: true, expiresOn: null });
    expect(status.approvals).toHaveLength(1);
  });

  it("an approval lasts the requirement's expiration period unless ACT says otherwise", async () => {
    const ben = await gh.user('ben');
    const ar = await f.requirement(act, { type: 'ManagedACT', settings: { expirationDays: 30 } });
    const now = gh.clock.now().getTime();
    expect((await f.approve(act, ar.id, ben)).expiresOn).toBe(new Date(now + 30 * DAY).toISOString());
    const chosen = new Date(now + 7 * DAY).toISOString();
    expect((await f.approve(act, ar.id, ben, { expiresOn: chosen })).expiresOn).toBe(chosen);
    expect((await f.approve(act, ar.id, ben, { expiresOn: null })).expiresOn).toBeNull();
    const status = (await gh.as(ben).get(`/api/v1/access-requirements/${ar.id}/status`)).json();
    expect(status).toMatchObject({ isApproved: true, expiresOn: null });
    expect(status.approvals).toHaveLength(3);

    const before = await f.totals();
    const past = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: ar.id, accessorId: ben.id, expiresOn: new Date(now - DAY).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: 'EXPIRY_IN_PAST', detail: 'The expiry date must be in the future.' });
    expect(await f.totals()).toEqual(before);
  });

  it('a user may hold several approvals for one requirement; revoking one leaves the others', async () => {
    const cleo = await gh.user('cleo');
    const { project, ar } = await restricted(cleo, 'Two groups project', { type: 'ManagedACT', name: 'Two groups' });
    const first = await f.approve(act, ar.id, cleo);
    const second = await f.approve(act, ar.id, cleo);
    const revoked = await gh.as(act).post(`/api/v1/access-approvals/${first.id}/revoke`, { reason: 'Group A left the consortium.' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id: first.id, state: 'REVOKED', revokedReason: 'Group A left the consortium.', modifiedBy: act.id });
    expect((await f.download(cleo, project)).granted).toBe(true);
    expect((await f.emailsTo(cleo)).at(-1)).toMatchObject({
      kind: 'access-approval.revoked', subject: 'Your approval for "Two groups" was revoked',
    });
    expect((await f.emailsTo(cleo)).at(-1)!.body).toContain('Reason: Group A left the consortium.');

    await gh.as(act).post(`/api/v1/access-approvals/${second.id}/revoke`, { reason: 'Group B too.' });
    expect(await f.download(cleo, project)).toMatchObject({ granted: false, message: UNMET });
    const before = await f.totals();
    const again = await gh.as(act).post(`/api/v1/access-approvals/${second.id}/revoke`, { reason: 'Twice.' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_REVOKED', detail: `Access approval ${second.id} was revoked already.` });
    const blank = await gh.as(act).post(`/api/v1/access-approvals/${second.id}/revoke`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    const missing = await gh.as(act).post('/api/v1/access-approvals/99999999/revoke', { reason: 'Nothing.' });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'APPROVAL_NOT_FOUND']);
    expect(await f.totals()).toEqual(before);
    expect((await f.auditActions('access-approval', first.id)).map((a) => a.action)).toEqual(['access-approval.granted', 'access-approval.revoked']);
  });

  it('an approval of a team does not count: teams cannot be approved, and a teammate’s approval is theirs alone', async () => {
    const dan = await gh.user('dan');
    const eve = await gh.user('eve');
    const teamId = await f.team(dan, 'Dan and Eve', [eve]);
    const project = await f.project(owner, 'Team project', { [teamId]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(project) }] });
    const before = await f.totals();
    const teamApproval = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: ar.id, accessorId: teamId });
    expect(teamApproval.statusCode).toBe(400);
    expect(teamApproval.json()).toMatchObject({
      code: 'ACCESSOR_NOT_USER',
      detail: `Principal ${teamId} is not a user. Approvals count for their accessor alone, never for a team; approve each user.`,
    });
    expect(await f.totals()).toEqual(before);
    await f.approve(act, ar.id, dan);
    expect((await f.download(dan, project)).granted).toBe(true);
    expect(await f.download(eve, project)).toMatchObject({ granted: false, message: UNMET });
  });

  it('a Lock can never be approved, by ACT or by anyone', async () => {
    const fay = await gh.user('fay');
    const lock = await f.requirement(act, { type: 'Lock' });
    const before = await f.totals();
    const granted = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: lock.id, accessorId: fay.id });
    expect(granted.statusCode).toBe(400);
    expect(granted.json()).toMatchObject({ code: 'LOCK_CANNOT_BE_APPROVED', detail: 'A Lock cannot be approved; ACT removes the lock by deleting or unbinding it.' });
    const accepted = await acceptRequirement(gh, fay, lock.id);
    expect([accepted.statusCode, accepted.json().code]).toEqual([403, 'LOCK_CANNOT_BE_APPROVED']);
    expect(await f.totals()).toEqual(before);
  });

  it('only ACT grants and revokes; unknown or disabled accessors are refused', async () => {
    const gus = await gh.user('gus');
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    const approval = await f.approve(act, ar.id, gus);
    const before = await f.totals();
    const grant = await gh.as(owner).post('/api/v1/access-approvals', { accessRequirementId: ar.id, accessorId: owner.id });
    expect([grant.statusCode, grant.json().code]).toEqual([403, 'ACT_REQUIRED']);
    const revoke = await gh.as(gus).post(`/api/v1/access-approvals/${approval.id}/revoke`, { reason: 'Mine.' });
    expect([revoke.statusCode, revoke.json().code]).toEqual([403, 'ACT_REQUIRED']);
    const unknown = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: ar.id, accessorId: 99999999 });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'USER_NOT_FOUND']);
    const noAr = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: 99999999, accessorId: gus.id });
    expect([noAr.statusCode, noAr.json().code]).toEqual([404, 'ACCESS_REQUIREMENT_NOT_FOUND']);
    await gh.ctx.db.query("UPDATE users SET status = 'disabled' WHERE id = $1", [owner.id]);
    const before2 = await f.totals();
    const disabled = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: ar.id, accessorId: owner.id });
    await gh.ctx.db.query("UPDATE users SET status = 'active' WHERE id = $1", [owner.id]);
    expect([disabled.statusCode, disabled.json().code]).toEqual([409, 'USER_NOT_ACTIVE']);
    expect((await f.totals()).approvals).toBe(before.approvals);
    expect(before2.approvals).toBe(before.approvals);
  });

  it('ACT lists every approval; a user lists their own; a reviewer those of the requirement they review', async () => {
    const hal = await gh.user('hal');
    const ivy = await gh.user('ivy', { validated: true });
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    await f.approve(act, ar.id, hal);
    const listed = (await gh.as(act).get(`/api/v1/access-approvals?accessRequirementId=${ar.id}`)).json();
    expect(listed).toMatchObject({ total: 1, items: [{ accessorId: hal.id, state: 'APPROVED' }] });
    expect((await gh.as(hal).get(`/api/v1/access-approvals?accessorId=${hal.id}`)).json().total).toBe(1);
    const refused = await gh.as(ivy).get(`/api/v1/access-approvals?accessRequirementId=${ar.id}`);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'APPROVALS_FORBIDDEN']);
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: ivy.id, accessTypes: ['REVIEW_SUBMISSIONS'] }] });
    expect((await gh.as(ivy).get(`/api/v1/access-approvals?accessRequirementId=${ar.id}&state=APPROVED`)).json().total).toBe(1);
    expect((await gh.as(act).get(`/api/v1/access-approvals?accessRequirementId=${ar.id}&state=REVOKED`)).json().total).toBe(0);
  });
});

describe('approving oneself (click-wrap)', () => {
  it('a user accepts terms of use and may then download; accepting again keeps the one approval', async () => {
    const jon = await gh.user('jon');
    const { project, ar } = await restricted(jon, 'Terms project', { type: 'TermsOfUse', terms: 'Cite us.' });
    expect((await gh.as(jon).get(`/api/v1/access-requirements/${ar.id}/status`)).json()).toMatchObject({ isApproved: false, expiresOn: null, approvals: [] });
    const accepted = await acceptRequirement(gh, jon, ar.id);
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ accessorId: jon.id, submitterId: jon.id, source: 'self', state: 'APPROVED', expiresOn: null });
    expect((await f.download(jon, project)).granted).toBe(true);
    const again = await acceptRequirement(gh, jon, ar.id);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(accepted.json().id);
    expect((await f.auditActions('access-approval', accepted.json().id)).map((a) => a.action)).toEqual(['access-approval.accepted']);
  });

  it('accepting after the terms changed records the new version', async () => {
    const kim = await gh.user('kim');
    const ar = await f.requirement(act, { type: 'TermsOfUse', terms: 'v1' });
    const first = (await acceptRequirement(gh, kim, ar.id)).json();
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'v2', etag: ar.etag });
    const second = await acceptRequirement(gh, kim, ar.id);
    expect(second.statusCode).toBe(201);
    expect([first.accessRequirementVersion, second.json().accessRequirementVersion]).toEqual([1, 2]);
  });

  it('consent is informed: the version of the text read is recorded on the approval, in the API and in the audit log', async () => {
    const oli = await gh.user('oli');
    const ar = await f.requirement(act, { type: 'TermsOfUse', terms: 'Cite the cohort in every paper.' });
    const updated = (await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Cite the cohort, and share no row.', etag: ar.etag })).json();
    expect(updated.version).toBe(2);
    const accepted = await gh.as(oli).post(`/api/v1/access-requirements/${ar.id}/accept`, { version: 2 });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ accessRequirementVersion: 2, source: 'self', state: 'APPROVED' });
    const listed = (await gh.as(oli).get(`/api/v1/access-approvals?accessorId=${oli.id}`)).json();
    expect(listed.items).toMatchObject([{ id: accepted.json().id, accessRequirementVersion: 2 }]);
    const audit = await f.auditActions('access-approval', accepted.json().id);
    expect(audit).toMatchObject([{ action: 'access-approval.accepted', actor_id: oli.id, details: { accessRequirementVersion: 2, shownVersion: 2 } }]);
  });

  it('accepting a version of the text that is no longer in force is 409 TERMS_CHANGED with the current text, and changes nothing', async () => {
    const pam = await gh.user('pam');
    const { project, ar } = await restricted(pam, 'Changed terms project', { type: 'TermsOfUse', terms: 'Version one.' });
    await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'Version two: no re-identification.', etag: ar.etag });
    const before = await f.totals();
    const stale = await gh.as(pam).post(`/api/v1/access-requirements/${ar.id}/accept`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'TERMS_CHANGED', shownVersion: 1, currentVersion: 2,
      accessRequirement: { id: ar.id, version: 2, terms: 'Version two: no re-identification.' },
    });
    expect(stale.json().detail).toContain('changed since you read them');
    const future = await gh.as(pam).post(`/api/v1/access-requirements/${ar.id}/accept`, { version: 3 });
    expect([future.statusCode, future.json().code]).toEqual([409, 'TERMS_CHANGED']);
    expect(await f.totals()).toEqual(before);
    expect((await f.download(pam, project)).granted).toBe(false);
    expect((await gh.as(pam).post(`/api/v1/access-requirements/${ar.id}/accept`, { version: 2 })).statusCode).toBe(201);
    expect((await f.download(pam, project)).granted).toBe(true);
  });

  it('an acceptance that does not say which version was read is 400 naming body.version, and changes nothing', async () => {
    const quin = await gh.user('quin', { certified: true, validated: true });
    const terms = await f.requirement(act, { type: 'TermsOfUse', terms: 'Read me.' });
    const selfSign = await f.requirement(act, { type: 'SelfSign', terms: 'Sign me.', settings: { certifiedRequired: true } });
    const before = await f.totals();
    for (const ar of [terms, selfSign]) {
      for (const body of [undefined, {}]) {
        const res = await gh.as(quin).post(`/api/v1/access-requirements/${ar.id}/accept`, body);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.version' }] });
      }
      const wrongType = await gh.as(quin).post(`/api/v1/access-requirements/${ar.id}/accept`, { version: 'latest' });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().errors[0].field).toMatch(/^body/);
    }
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(quin).get(`/api/v1/access-approvals?accessorId=${quin.id}`)).json().total).toBe(0);
  });

  it('a SelfSign requirement checks the tiers it asks for, with clear messages', async () => {
    const ar = await f.requirement(act, { type: 'SelfSign', settings: { certifiedRequired: true, validatedRequired: true } });
    const certifiedOnly = await f.requirement(act, { type: 'SelfSign', settings: { certifiedRequired: true } });
    const nobody = await gh.user('nobody');
    const lee = await gh.user('lee', { certified: true });
    const mo = await gh.user('moe', { certified: true, validated: true });
    const before = await f.totals();
    const both = await acceptRequirement(gh, nobody, ar.id);
    expect(both.statusCode).toBe(403);
    expect(both.json()).toMatchObject({ code: 'CERTIFICATION_REQUIRED', detail: 'You must be certified and have a validated profile to accept this requirement.', missing: ['certified', 'validated'] });
    const notCertified = await acceptRequirement(gh, nobody, certifiedOnly.id);
    expect(notCertified.json()).toMatchObject({ code: 'CERTIFICATION_REQUIRED', detail: 'You must be certified to accept this requirement.' });
    const notValidated = await acceptRequirement(gh, lee, ar.id);
    expect(notValidated.json()).toMatchObject({ code: 'VALIDATION_REQUIRED', detail: 'You must have a validated profile to accept this requirement.', missing: ['validated'] });
    expect(await f.totals()).toEqual(before);
    expect((await acceptRequirement(gh, lee, certifiedOnly.id)).statusCode).toBe(201);
    expect((await acceptRequirement(gh, mo, ar.id)).statusCode).toBe(201);
  });

  it('a ManagedACT requirement cannot be self-approved: it goes through a data access request', async () => {
    const ned = await gh.user('ned', { certified: true, validated: true });
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    const before = await f.totals();
    const res = await acceptRequirement(gh, ned, ar.id);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'DATA_ACCESS_REQUEST_REQUIRED',
      detail: 'This access requirement is approved by ACT through a data access request; submit a request for it instead.',
    });
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(null).post(`/api/v1/access-requirements/${ar.id}/accept`)).statusCode).toBe(401);
  });
});

describe('requirements bound to teams', () => {
  it('joining a team needs every requirement bound to it met', async () => {
    const tia = await gh.user('tia');
    const teamId = await f.team(owner, 'Restricted team');
    const ar = await f.requirement(act, { type: 'TermsOfUse', subjects: [{ type: 'team', id: teamId }] });
    const refused = await assertTeamRequirementsMet(gh.ctx, tia.id, teamId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Problem);
    expect((refused as Problem).toJSON()).toMatchObject({
      status: 403,
      code: 'TEAM_ACCESS_REQUIREMENTS_NOT_MET',
      detail: `Every access requirement of this team must be met before joining it; not met yet: ${ar.id}.`,
      accessRequirementIds: [ar.id],
      actionsRequired: [{ type: 'MeetAccessRequirement', accessRequirementId: ar.id }],
    });
    await acceptRequirement(gh, tia, ar.id);
    await expect(assertTeamRequirementsMet(gh.ctx, tia.id, teamId)).resolves.toBeUndefined();
  });
});

describe('expiry', () => {
  it('an approval stops counting at its expiry; the job then revokes it once, tells the accessor and audits it', async () => {
    const ola = await gh.user('ola');
    const pia = await gh.user('pia');
    const project = await f.project(owner, 'Expiring project', { [ola.id]: CAN_DOWNLOAD, [pia.id]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'Expiring', settings: { expirationDays: 10 }, subjects: [{ type: 'entity', id: syn(project) }] });
    const expiring = await f.approve(act, ar.id, ola, { expiresOn: new Date(gh.clock.now().getTime() + DAY).toISOString() });
    const lasting = await f.approve(act, ar.id, pia);
    const forever = await f.approve(act, ar.id, pia, { expiresOn: null });
    expect((await f.download(ola, project)).granted).toBe(true);

    gh.clock.advance(2 * DAY);
    await f.signInAgain(act, owner, ola, pia);
    // Decisions judge expiry at decision time: no need to wait for the job.
    expect(await f.download(ola, project)).toMatchObject({ granted: false, message: UNMET });
    const emailsBefore = (await f.emailsTo(ola)).length;
    expect(await revokeExpiredApprovals(gh.ctx)).toBe(1);
    expect(await revokeExpiredApprovals(gh.ctx)).toBe(0);

    const rows = await gh.ctx.db.query<{ id: number; state: string; revoked_reason: string | null }>(
      'SELECT id, state, revoked_reason FROM approvals WHERE id = ANY ($1::bigint[]) ORDER BY id', [[expiring.id, lasting.id, forever.id]]);
    expect(rows.map((r) => [r.id, r.state, r.revoked_reason])).toEqual([
      [expiring.id, 'REVOKED', 'expired'], [lasting.id, 'APPROVED', null], [forever.id, 'APPROVED', null],
    ]);
    const emails = await f.emailsTo(ola);
    expect(emails.length).toBe(emailsBefore + 1);
    expect(emails.at(-1)).toMatchObject({ kind: 'access-approval.expired', subject: 'Your approval for "Expiring" has expired' });
    expect((await f.auditActions('access-approval', expiring.id)).map((a) => [a.action, a.actor_id])).toEqual([
      ['access-approval.granted', act.id], ['access-approval.expired', null],
    ]);
    gh.clock.advance(10 * DAY);
    await f.signInAgain(act, owner, pia);
    // Other tests' approvals may expire in these ten days too: look at this test's own.
    expect(await revokeExpiredApprovals(gh.ctx)).toBeGreaterThanOrEqual(1);
    const states = await gh.ctx.db.query<{ state: string }>('SELECT state FROM approvals WHERE id = ANY ($1::bigint[]) ORDER BY id', [[lasting.id, forever.id]]);
    expect(states.map((r) => r.state)).toEqual(['REVOKED', 'APPROVED']);
    expect(await f.download(pia, project)).toMatchObject({ granted: true });
  });

  it('two runs at the same time revoke each expired approval exactly once', async () => {
    const users = await Promise.all(['qin', 'rod', 'sue'].map((n) => gh.user(n)));
    const ar = await f.requirement(act, { type: 'ManagedACT', settings: { expirationDays: 1 } });
    const ids = [];
    for (const u of users) ids.push((await f.approve(act, ar.id, u)).id);
    gh.clock.advance(2 * DAY);
    const [a, b] = await Promise.all([revokeExpiredApprovals(gh.ctx), revokeExpiredApprovals(gh.ctx)]);
    expect(a + b).toBe(3);
    const audits = await gh.ctx.db.one<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'access-approval.expired' AND target_id = ANY ($1::text[])", [ids.map(String)]);
    expect(audits.n).toBe(3);
    const mails = await gh.ctx.db.one<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE kind = 'access-approval.expired' AND recipient_user_id = ANY ($1::bigint[])", [users.map((u) => u.id)]);
    expect(mails.n).toBe(3);
  });
});
