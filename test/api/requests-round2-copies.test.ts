import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from './requests-fixtures.js';

/** Issue 14: copy as new and delete draft, through the HTTP API. */

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

describe('copy as new', () => {
  it('a new request for another AR from an old one: every answer and accessor copied, the files kept and downloadable', async () => {
    const [rita, bob] = [await researcher('rita'), await researcher('bob')];
    const first = await f.managedAr(act, owner, [rita, bob]);
    const second = await f.managedAr(act, owner, [rita, bob]);
    const { requestId } = await f.approved(rita, act, first.id, [rita.id, bob.id]);
    const old = await f.ok(await gh.as(rita).get(`/api/v1/requests/${requestId}`));

    const copy = await f.ok(await gh.as(rita).post(`/api/v1/requests/${requestId}/copy`, { accessRequirementId: second.id }), 201);
    expect(copy).toMatchObject({
      state: 'DRAFT', accessRequirementId: second.id, version: 0, canDelete: true,
      answers: { studyLead: 'Dr. rita', institution: 'University of Example', intendedDataUse: 'Studying variants.' },
    });
    expect(copy.id).not.toBe(requestId);
    expect(copy.accessors.map((a: { id: number }) => a.id)).toEqual([rita.id, bob.id]);
    expect(copy.attachments.map((a: { fileName: string; md5: string }) => [a.fileName, a.md5])).toEqual(old.attachments.map((a: { fileName: string; md5: string }) => [a.fileName, a.md5]));
    expect(copy.answers.duc).toEqual(copy.attachments.map((a: { id: number }) => a.id));
    expect((await gh.as(rita).get(copy.attachments[0].downloadUrl)).body).toBe('DUC of rita');
    // The copy submits as it is; the old request is untouched.
    expect((await f.submit(rita, copy.id)).state).toBe('SUBMITTED');
    expect((await f.ok(await gh.as(rita).get(`/api/v1/requests/${requestId}`))).state).toBe('APPROVED');
    expect((await f.audit('request.created')).find((a) => a.target_id === String(copy.id))?.details).toMatchObject({ copiedFrom: requestId });
  });

  it('one open request per AR: a copy for an AR the requestor has an open request for is refused, naming it; only the requestor copies', async () => {
    const tom = await researcher('tom');
    const ar = await f.managedAr(act, owner, [tom]);
    const request = await f.filled(tom, ar.id);
    const before = await f.totals();
    const twice = await gh.as(tom).post(`/api/v1/requests/${request.id}/copy`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'REQUEST_EXISTS', requestId: request.id });
    const byAct = await gh.as(act).post(`/api/v1/requests/${request.id}/copy`, {});
    expect(byAct.statusCode).toBe(403);
    expect(byAct.json()).toMatchObject({ code: 'NOT_REQUESTOR' });
    expect(await f.totals()).toEqual(before);
  });
});

describe('delete draft', () => {
  it('the requestor deletes a draft never submitted; it is gone, and opening the form starts afresh', async () => {
    const nina = await researcher('nina');
    const ar = await f.managedAr(act, owner, [nina]);
    const draft = await f.filled(nina, ar.id);
    expect((await gh.as(act).delete(`/api/v1/requests/${draft.id}`)).json()).toMatchObject({ code: 'NOT_REQUESTOR' });
    const res = await gh.as(nina).delete(`/api/v1/requests/${draft.id}`);
    expect(res.statusCode).toBe(204);
    expect((await gh.as(nina).get(`/api/v1/requests/${draft.id}`)).statusCode).toBe(404);
    expect((await f.ok(await gh.as(nina).get('/api/v1/requests/mine'))).items).toEqual([]);
    const fresh = await f.open(nina, ar.id, 201);
    expect(fresh).toMatchObject({ state: 'DRAFT', answers: {} });
    expect((await f.audit('request.deleted')).map((a) => a.target_id)).toContain(String(draft.id));
  });

  it('a request once submitted cannot be deleted', async () => {
    const otto = await researcher('otto');
    const ar = await f.managedAr(act, owner, [otto]);
    const request = await f.filled(otto, ar.id);
    const v1 = await f.submit(otto, request.id);
    await f.ok(await gh.as(otto).post(`/api/v1/submissions/${v1.id}/cancel`, {}));
    const res = await gh.as(otto).delete(`/api/v1/requests/${request.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'NOT_A_DRAFT' });
    expect((await f.ok(await gh.as(otto).get(`/api/v1/requests/${request.id}`))).state).toBe('CANCELLED');
  });
});
