import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, requestFixtures } from './requests-fixtures.js';

/** Issue 14: the block list on revocation, and the automatic handling of submissions, through the HTTP API. */

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => gh?.stop());

const researcher = (name: string) => gh.user(name, { certified: true, validated: true });

/** A new request for the AR from the revoked one (copy as new), resubmitted. */
async function startAgain(user: TestUser, revokedRequestId: number) {
  return f.ok(await gh.as(user).post(`/api/v1/requests/${revokedRequestId}/copy`, {}), 201);
}

describe('revoke with a block list', () => {
  it('ACT revokes and blocks the requestor and an accessor: their new request is refused at submission with the reason; lifting the block lets it through', async () => {
    const [rita, bob, cleo] = [await researcher('rita'), await researcher('bob'), await researcher('cleo')];
    const ar = await f.managedAr(act, owner, [rita, bob, cleo]);
    const { requestId, submission } = await f.approved(rita, act, ar.id, [rita.id, bob.id]);
    const until = new Date(gh.clock.now().getTime() + 90 * DAY).toISOString();

    // Bad input changes nothing: cleo is not an accessor of this request; the end must be in the future.
    const before = await f.totals();
    const bad = await gh.as(act).post(`/api/v1/submissions/${submission.id}/revoke`, { reason: 'Data shared.', block: { accessorIds: [cleo.id], until: '2000-01-01T00:00:00Z' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.block.accessorIds.0', 'body.block.until']);
    expect(await f.totals()).toEqual(before);
    expect((await gh.as(rita).post(`/api/v1/submissions/${submission.id}/revoke`, { reason: 'x', block: { requestor: true } })).statusCode).toBe(403);

    const revoked = await f.ok(await gh.as(act).post(`/api/v1/submissions/${submission.id}/revoke`, {
      reason: 'Data were shared outside the study.', block: { requestor: true, accessorIds: [bob.id], reason: 'Shared the data with another lab.', until },
    }));
    expect(revoked).toMatchObject({ state: 'REVOKED' });
    const list = await f.ok(await gh.as(act).get(`/api/v1/request-blocks?accessRequirementId=${ar.id}`));
    expect(list.total).toBe(2);
    expect(list.items.map((b: { user: { username: string }; reason: string; until: string; active: boolean; requestId: number }) => [b.user.username, b.reason, b.until, b.active, b.requestId]).sort())
      .toEqual([['bob', 'Shared the data with another lab.', until, true, requestId], ['rita', 'Shared the data with another lab.', until, true, requestId]]);
    expect((await gh.as(rita).get('/api/v1/request-blocks')).statusCode).toBe(403);

    // Rita starts again from the revoked request: the copy is a draft, its submission refused with the reason.
    const again = await startAgain(rita, requestId);
    expect(again).toMatchObject({ state: 'DRAFT', accessRequirementId: ar.id });
    const refused = await gh.as(rita).post(`/api/v1/requests/${again.id}/submit`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'USER_BLOCKED', blocked: [{ userId: rita.id, reason: 'Shared the data with another lab.', until }, { userId: bob.id }] });
    expect(refused.json().detail).toContain(`rita is blocked from this access requirement until ${until.slice(0, 10)}: Shared the data with another lab`);
    // Cleo was never blocked; her own request for the AR is not refused.
    const cleos = await f.filled(cleo, ar.id);
    expect((await f.submit(cleo, cleos.id)).state).toBe('SUBMITTED');

    // ACT lifts the blocks; the submission goes through.
    for (const b of list.items) {
      const lifted = await f.ok(await gh.as(act).post(`/api/v1/request-blocks/${b.id}/lift`, {}));
      expect(lifted).toMatchObject({ active: false, liftedBy: { id: act.id } });
    }
    expect((await f.ok(await gh.as(act).get(`/api/v1/request-blocks?accessRequirementId=${ar.id}`))).items).toEqual([]);
    expect((await f.ok(await gh.as(act).get(`/api/v1/request-blocks?accessRequirementId=${ar.id}&all=true`))).total).toBe(2);
    expect((await f.submit(rita, again.id)).state).toBe('SUBMITTED');
    expect((await f.audit('request-block.added')).length).toBeGreaterThanOrEqual(2);
    expect((await f.audit('request-block.lifted')).length).toBeGreaterThanOrEqual(2);
    expect((await gh.as(act).post('/api/v1/request-blocks/999999/lift', {})).json()).toMatchObject({ code: 'BLOCK_NOT_FOUND' });
  });

  it('a block ends on its own at its end date', async () => {
    const dana = await researcher('dana');
    const ar = await f.managedAr(act, owner, [dana]);
    const { requestId, submission } = await f.approved(dana, act, ar.id);
    const until = new Date(gh.clock.now().getTime() + 10 * DAY).toISOString();
    await f.ok(await gh.as(act).post(`/api/v1/submissions/${submission.id}/revoke`, { reason: 'Late report.', block: { requestor: true, until } }));
    const again = await startAgain(dana, requestId);
    expect((await gh.as(dana).post(`/api/v1/requests/${again.id}/submit`, {})).json()).toMatchObject({ code: 'USER_BLOCKED' });
    gh.clock.advance(11 * DAY);
    expect((await f.submit(dana, again.id)).state).toBe('SUBMITTED');
  });
});

describe('automatic handling of submissions', () => {
  it('approve when every accessor is validated: approved on submission by the system, with the rule; otherwise it waits for review', async () => {
    const [vera, uma] = [await researcher('vera'), await gh.user('uma', { certified: true, validated: false })];
    const ar = await f.managedAr(act, owner, [vera, uma], { validatedRequired: false });
    expect((await gh.as(vera).put(`/api/v1/access-requirements/${ar.id}/request-rules`, { approveWhenValidated: true })).statusCode).toBe(403);
    expect(await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/request-rules`, { approveWhenValidated: true })))
      .toEqual({ accessRequirementId: ar.id, approveWhenValidated: true, rejectWhenBlocked: false });

    const request = await f.filled(vera, ar.id);
    const submitted = await f.submit(vera, request.id);
    expect(submitted).toMatchObject({ state: 'APPROVED', decidedBy: null, decidedByRule: 'APPROVE_WHEN_VALIDATED' });
    expect(await f.canDownload(vera, ar.projectId)).toBe(true);
    const [audit] = (await f.audit('request.approved')).filter((a) => a.target_id === String(request.id));
    expect(audit).toMatchObject({ actor_id: null, details: { by: 'system', rule: 'APPROVE_WHEN_VALIDATED' } });
    expect((await f.emails({ to: vera, kind: 'request.approved' }))).toHaveLength(1);
    const approvals = await f.ok(await gh.as(act).get(`/api/v1/request-audits/approvals?from=2000-01-01&to=2100-01-01&accessRequirementId=${ar.id}`));
    expect(approvals.items).toMatchObject([{ source: 'request', approvedBy: null, requestId: request.id }]);

    // With an accessor not validated, it waits for a reviewer.
    const ugo = await researcher('ugo');
    const other = await f.filled(ugo, ar.id, {}, [ugo.id, uma.id]);
    expect((await f.submit(ugo, other.id)).state).toBe('SUBMITTED');
  });

  it('reject when blocked: the submission is recorded and rejected by the system, naming the rule and the block', async () => {
    const walt = await researcher('walt');
    const ar = await f.managedAr(act, owner, [walt]);
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/request-rules`, { approveWhenValidated: true, rejectWhenBlocked: true }));
    // Approved automatically first, then revoked with a block.
    const first = await f.filled(walt, ar.id);
    const v1 = await f.submit(walt, first.id);
    expect(v1.state).toBe('APPROVED');
    await f.ok(await gh.as(act).post(`/api/v1/submissions/${v1.id}/revoke`, { reason: 'Broke the terms.', block: { requestor: true } }));
    const again = await startAgain(walt, first.id);
    await f.clearOutbox();
    const rejected = await f.submit(walt, again.id);
    expect(rejected).toMatchObject({
      state: 'REJECTED', decidedBy: null, decidedByRule: 'REJECT_WHEN_BLOCKED',
      reason: 'Rejected automatically: walt is blocked from this access requirement (Broke the terms).',
    });
    const [mail] = await f.emails({ to: walt, kind: 'request.rejected' });
    expect(mail.body).toContain('walt is blocked from this access requirement');
    const [audit] = (await f.audit('request.rejected')).filter((a) => a.target_id === String(again.id));
    expect(audit).toMatchObject({ actor_id: null, details: { by: 'system', rule: 'REJECT_WHEN_BLOCKED' } });
    expect(await f.canDownload(walt, ar.projectId)).toBe(false);
  });
});
