import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { revokeExpiredApprovals } from '../../src/accessrequirements/expiry.js';
import { expireRequests, runRequestExpiry, sendRenewalReminders } from '../../src/requests/expiry.js';
import { requestFixtures } from './requests-fixtures.js';

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
const at = (iso: string) => gh.clock.set(iso);
const requestState = async (user: TestUser, id: number) => (await f.ok(await gh.as(user).get(`/api/v1/requests/${id}`))).state;

describe('renewal reminders', () => {
  it('a reminder goes to the requestor and the accessors 30 days before expiry, and never twice', async () => {
    at('2026-03-02T09:00:00Z');
    const [ann, bea, cid] = [await researcher('ann'), await researcher('bea'), await researcher('cid')];
    const ar = await f.managedAr(act, owner, [bea, cid], { expirationDays: 100 });
    const { requestId, submission } = await f.approved(ann, act, ar.id, [bea.id, cid.id]);
    expect(submission.expiresOn).toBe('2026-06-10T09:00:00.000Z');
    await f.clearOutbox();

    at('2026-05-11T08:00:00Z');
    await runRequestExpiry(gh.ctx);
    expect(await f.emails({ kind: 'request.reminder' })).toEqual([]);

    at('2026-05-11T10:00:00Z');
    expect((await runRequestExpiry(gh.ctx)).reminded).toBe(1);
    const sent = await f.emails({ kind: 'request.reminder' });
    expect(sent.map((m) => m.recipient_user_id).sort()).toEqual([ann.id, bea.id, cid.id].sort());
    expect(sent[0].subject).toMatch(/expires on 2026-06-10$/);
    expect(sent[0].body).toContain(`http://gatehouse.test/requests/${requestId}`);

    for (const later of ['2026-05-11T10:05:00Z', '2026-05-20T00:00:00Z', '2026-06-09T00:00:00Z']) {
      at(later);
      await runRequestExpiry(gh.ctx);
    }
    expect(await f.emails({ kind: 'request.reminder' })).toHaveLength(3);
    expect(await f.audit('request.reminder-sent')).toHaveLength(1);
  });

  it('an optional second reminder goes out when configured, once; and nobody is reminded while a renewal awaits review', async () => {
    at('2026-03-02T09:00:00Z');
    const dan = await researcher('dan');
    const ar = await f.managedAr(act, owner, [dan], { expirationDays: 60 });
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, { fields: [], reminderDays: 20, secondReminderDays: 5 }));
    await f.approved(dan, act, ar.id);
    await f.clearOutbox();
    at('2026-04-11T09:00:00Z');
    await sendRenewalReminders(gh.ctx);
    at('2026-04-20T09:00:00Z');
    await sendRenewalReminders(gh.ctx);
    expect(await f.emails({ to: dan, kind: 'request.reminder' })).toHaveLength(1);
    at('2026-04-26T10:00:00Z');
    await sendRenewalReminders(gh.ctx);
    await sendRenewalReminders(gh.ctx);
    const both = await f.emails({ to: dan, kind: 'request.reminder' });
    expect(both).toHaveLength(2);
    expect(both[1].body).toContain('(5 days from now)');

    // A renewal submitted in the window: no reminder to renew while it is reviewed.
    const eva = await researcher('eva');
    const ar2 = await f.managedAr(act, owner, [eva], { expirationDays: 60 });
    at('2026-03-02T09:00:00Z');
    const second = await f.approved(eva, act, ar2.id);
    at('2026-04-15T09:00:00Z');
    await f.save(eva, second.requestId, { answers: { institution: 'Renewed University' } });
    await f.submit(eva, second.requestId);
    await sendRenewalReminders(gh.ctx);
    expect(await f.emails({ to: eva, kind: 'request.reminder' })).toEqual([]);
  });

  it('a renewal starts a new period, reminded again before its own expiry', async () => {
    at('2026-03-02T09:00:00Z');
    const fox = await researcher('fox');
    const ar = await f.managedAr(act, owner, [fox], { expirationDays: 60 });
    const { requestId } = await f.approved(fox, act, ar.id);
    at('2026-04-10T09:00:00Z');
    await sendRenewalReminders(gh.ctx);
    expect(await f.emails({ to: fox, kind: 'request.reminder' })).toHaveLength(1);
    await f.save(fox, requestId, { answers: { institution: 'Second University' } });
    const v2 = await f.submit(fox, requestId);
    await f.approve(act, v2.id);
    at('2026-05-09T09:00:00Z');
    await sendRenewalReminders(gh.ctx);
    expect(await f.emails({ to: fox, kind: 'request.reminder' })).toHaveLength(1);
    at('2026-05-15T09:00:00Z');
    await sendRenewalReminders(gh.ctx);
    at('2026-05-20T09:00:00Z');
    await sendRenewalReminders(gh.ctx);
    const reminders = await f.emails({ to: fox, kind: 'request.reminder' });
    expect(reminders).toHaveLength(2);
    expect(reminders[0].subject).toMatch(/expires on 2026-05-01$/);
    expect(reminders[1].subject).toMatch(/expires on 2026-06-09$/);
  });
});

describe('expiry', () => {
  it('at expiry the approvals are revoked, the request becomes EXPIRED, and accessors, requestor and ACT are told; running again does nothing', async () => {
    at('2026-03-02T09:00:00Z');
    const [gil, hue] = [await researcher('gil'), await researcher('hue')];
    const ar = await f.managedAr(act, owner, [gil, hue], { expirationDays: 30 });
    const { requestId, submission } = await f.approved(gil, act, ar.id, [gil.id, hue.id]);
    await f.clearOutbox();

    at('2026-04-01T08:59:59Z');
    await expireRequests(gh.ctx);
    expect(await requestState(gil, requestId)).toBe('APPROVED');
    expect(await f.canDownload(hue, ar.projectId)).toBe(true);

    at('2026-04-01T09:00:00Z');
    // Decisions never wait for the job: the approval is unmet the moment it expires.
    expect(await f.canDownload(hue, ar.projectId)).toBe(false);
    expect(await expireRequests(gh.ctx)).toBe(1);
    expect(await requestState(gil, requestId)).toBe('EXPIRED');
    const sub = await f.ok(await gh.as(act).get(`/api/v1/submissions/${submission.id}`));
    expect(sub).toMatchObject({ state: 'EXPIRED', requestState: 'EXPIRED' });
    const approvals = await f.ok(await gh.as(act).get(`/api/v1/access-approvals?accessRequirementId=${ar.id}`));
    expect(approvals.items.map((a: { state: string; revokedReason: string }) => [a.state, a.revokedReason])).toEqual([['REVOKED', 'expired'], ['REVOKED', 'expired']]);
    const told = (await f.emails({ kind: 'request.expired' })).map((m) => m.recipient_user_id).sort();
    expect(told).toEqual([gil.id, hue.id, act.id].sort());
    expect(await f.audit('request.expired')).toHaveLength(1);

    const totals = await f.totals();
    await runRequestExpiry(gh.ctx);
    at('2026-04-02T09:00:00Z');
    await runRequestExpiry(gh.ctx);
    expect(await f.totals()).toEqual(totals);
  });

  it('after expiry the requestor renews and, once approved, has access again', async () => {
    at('2026-03-02T09:00:00Z');
    const ida = await researcher('ida');
    const ar = await f.managedAr(act, owner, [ida], { expirationDays: 30 });
    const { requestId } = await f.approved(ida, act, ar.id);
    at('2026-04-05T09:00:00Z');
    await runRequestExpiry(gh.ctx);
    expect(await requestState(ida, requestId)).toBe('EXPIRED');
    const v2 = await f.submit(ida, requestId);
    expect(v2.version).toBe(2);
    await f.approve(act, v2.id);
    expect(await f.canDownload(ida, ar.projectId)).toBe(true);
    expect(await requestState(ida, requestId)).toBe('APPROVED');
  });

  it('two processes running the job at once expire and remind each request once', async () => {
    at('2026-03-02T09:00:00Z');
    const [jan, kai] = [await researcher('jan'), await researcher('kai')];
    const ar = await f.managedAr(act, owner, [jan, kai], { expirationDays: 40 });
    const first = await f.approved(jan, act, ar.id);
    const second = await f.approved(kai, act, ar.id);
    await f.clearOutbox();
    at('2026-04-01T09:00:00Z');
    await Promise.all([runRequestExpiry(gh.ctx), runRequestExpiry(gh.ctx), runRequestExpiry(gh.ctx)]);
    expect((await f.emails({ kind: 'request.reminder' })).map((m) => m.recipient_user_id).sort()).toEqual([jan.id, kai.id].sort());
    at('2026-04-12T09:00:00Z');
    await Promise.all([runRequestExpiry(gh.ctx), runRequestExpiry(gh.ctx), runRequestExpiry(gh.ctx)]);
    expect(await requestState(jan, first.requestId)).toBe('EXPIRED');
    expect(await requestState(kai, second.requestId)).toBe('EXPIRED');
    expect((await f.emails({ kind: 'request.expired', to: jan })).length).toBe(1);
    expect((await f.emails({ kind: 'request.expired', to: act })).length).toBe(2);
  });

  it("the access requirements' generic expiry job leaves approvals of a request to the request expiry, which expires the request once", async () => {
    at('2026-03-02T09:00:00Z');
    const lou = await researcher('lou');
    const ar = await f.managedAr(act, owner, [lou], { expirationDays: 10 });
    const { requestId } = await f.approved(lou, act, ar.id);
    await f.clearOutbox();
    at('2026-03-13T09:00:00Z');
    expect(await revokeExpiredApprovals(gh.ctx)).toBe(0);
    expect(await requestState(lou, requestId)).toBe('APPROVED');
    expect(await f.emails({ kind: 'access-approval.expired' })).toHaveLength(0);
    await runRequestExpiry(gh.ctx);
    expect(await requestState(lou, requestId)).toBe('EXPIRED');
    expect((await f.emails({ kind: 'request.expired' })).map((m) => m.recipient_user_id).sort()).toEqual([lou.id, act.id].sort());
    const totals = await f.totals();
    await runRequestExpiry(gh.ctx);
    await revokeExpiredApprovals(gh.ctx);
    expect(await f.totals()).toEqual(totals);
  });

  it('an earlier version whose approvals run out while a renewal is reviewed lapses alone; the renewal stays under review', async () => {
    at('2026-03-02T09:00:00Z');
    const mo = await researcher('mona');
    const ar = await f.managedAr(act, owner, [mo], { expirationDays: 30 });
    const { requestId, submission: v1 } = await f.approved(mo, act, ar.id);
    at('2026-03-25T09:00:00Z');
    await f.save(mo, requestId, { answers: { institution: 'Still here' } });
    const v2 = await f.submit(mo, requestId);
    at('2026-04-02T09:00:00Z');
    await runRequestExpiry(gh.ctx);
    expect(await requestState(mo, requestId)).toBe('SUBMITTED');
    expect((await f.ok(await gh.as(act).get(`/api/v1/submissions/${v1.id}`))).state).toBe('EXPIRED');
    expect(await f.canDownload(mo, ar.projectId)).toBe(false);
    expect(await f.emails({ to: mo, kind: 'request.expired' })).toHaveLength(1);
    await f.approve(act, v2.id);
    expect(await f.canDownload(mo, ar.projectId)).toBe(true);
  });
});
