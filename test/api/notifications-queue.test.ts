import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { notifyUser } from '../../src/notifications/outbox.js';
import { kindText } from '../../src/notifications/kinds.js';
import { DAY, requestFixtures } from './requests-fixtures.js';

let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
beforeAll(async () => {
  // Sessions outlive the days the clock is moved by.
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
  f = requestFixtures(gh);
});
afterAll(async () => gh?.stop());

const notify = (user: TestUser, kind: string, subject: string, link = '/requests') =>
  gh.ctx.db.tx((sql) => notifyUser(sql, gh.clock, gh.config.publicUrl, { kind, userId: user.id, subject, body: `${subject}.`, link }));

async function verificationBy(user: TestUser) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ firstName: user.username, lastName: 'Tester', institution: 'Example University', location: 'Lyon' })) form.append(k, v);
  form.append('files', new Blob(['%PDF-1.4 letter'], { type: 'application/pdf' }), 'letter.pdf');
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const res = await gh.as(user).post('/api/v1/verifications', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
  return f.ok(res, 201);
}

describe('notifications: read one, read all', () => {
  it('a notification opened is read; the unread count drops by one; marking it again changes nothing', async () => {
    const nia = await gh.user('nia');
    await notify(nia, 'request.submitted', 'A request was submitted');
    await notify(nia, 'team.invited', 'You are invited to Team A', '/teams/1');
    const before = await f.ok(await gh.as(nia).get('/api/v1/notifications'));
    expect(before.unread).toBe(2);
    const [newest] = before.items;
    expect(newest).toMatchObject({ kind: 'team.invited', kindText: 'Invited to a team', link: '/teams/1', read: false });

    expect((await gh.as(nia).post(`/api/v1/notifications/${newest.id}/read`)).statusCode).toBe(204);
    expect((await gh.as(nia).post(`/api/v1/notifications/${newest.id}/read`)).statusCode).toBe(204);
    const after = await f.ok(await gh.as(nia).get('/api/v1/notifications'));
    expect(after.unread).toBe(1);
    expect(after.items.map((n: { read: boolean }) => n.read)).toEqual([true, false]);
  });

  it("another user's notification cannot be marked read: 404, and it stays unread", async () => {
    const owner = await gh.user('owen');
    const other = await gh.user('otto');
    await notify(owner, 'request.approved', 'Your request was approved');
    const [n] = (await f.ok(await gh.as(owner).get('/api/v1/notifications'))).items;
    const res = await gh.as(other).post(`/api/v1/notifications/${n.id}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    expect((await gh.as(other).post('/api/v1/notifications/nope/read')).statusCode).toBe(400);
    expect((await gh.as(null).post(`/api/v1/notifications/${n.id}/read`)).statusCode).toBe(401);
    expect((await f.ok(await gh.as(owner).get('/api/v1/notifications'))).unread).toBe(1);
  });

  it('"mark all read" marks every unread notification of mine read, on every page, and no one else\'s', async () => {
    const mia = await gh.user('mia');
    const max = await gh.user('max');
    for (let i = 0; i < 7; i++) await notify(mia, 'request.submitted', `Request ${i}`);
    await notify(max, 'request.submitted', 'For max');
    expect(await f.ok(await gh.as(mia).post('/api/v1/notifications/read-all'))).toEqual({ marked: 7, unread: 0 });
    const mine = await f.ok(await gh.as(mia).get('/api/v1/notifications?limit=2'));
    expect(mine.unread).toBe(0);
    expect(mine.total).toBe(7);
    expect((await f.ok(await gh.as(mia).get('/api/v1/notifications?unread=true'))).items).toEqual([]);
    expect((await f.ok(await gh.as(max).get('/api/v1/notifications'))).unread).toBe(1);
    // Again: nothing left to mark.
    expect(await f.ok(await gh.as(mia).post('/api/v1/notifications/read-all'))).toEqual({ marked: 0, unread: 0 });
    expect((await gh.as(mia).post('/api/v1/notifications/read-all', { everything: true })).statusCode).toBe(400);
    expect((await gh.as(null).post('/api/v1/notifications/read-all')).statusCode).toBe(401);
  });

  it("the outbox tells each email's kind in words too", async () => {
    const admin = await gh.user('ada', { admin: true });
    const page = await f.ok(await gh.as(admin).get('/api/v1/outbox?recipient=nia@'));
    expect(page.items.map((m: { kind: string; kindText: string }) => [m.kind, m.kindText]))
      .toEqual([['team.invited', 'Invited to a team'], ['request.submitted', 'Data access request submitted']]);
  });

  it('every kind reads as words, never as its code', () => {
    expect(kindText('request.submitted')).toBe('Data access request submitted');
    expect(kindText('verification.submitted')).toBe('Identity verification requested');
    expect(kindText('egress.something-new')).toBe('Egress: something new');
    expect(kindText('brand-new')).toBe('Brand new');
  });
});

describe("ACT's queue", () => {
  it('counts the data access requests and verification requests waiting, oldest first with their age; only ACT may read it', async () => {
    const act = await gh.user('queue-act', { act: true });
    const owner = await gh.user('queue-owner');
    const early = await gh.user('early', { certified: true, validated: true });
    const late = await gh.user('late', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [early, late], {}, 'Cohort queue');
    const vera = await gh.user('vera');
    const vic = await gh.user('vic');

    const empty = await f.ok(await gh.as(act).get('/api/v1/act/queue'));
    expect(empty).toEqual({ requests: { waiting: 0, oldest: [] }, verifications: { waiting: 0, oldest: [] } });

    const first = await f.filled(early, ar.id);
    await f.submit(early, first.id);
    await verificationBy(vera);
    gh.clock.advance(3 * DAY);
    const second = await f.filled(late, ar.id);
    await f.submit(late, second.id);
    await verificationBy(vic);
    gh.clock.advance(1 * DAY);

    const queue = await f.ok(await gh.as(act).get('/api/v1/act/queue'));
    expect(queue.requests.waiting).toBe(2);
    expect(queue.requests.oldest.map((r: { requestor: { username: string }; waitingDays: number; accessRequirementName: string }) =>
      [r.requestor.username, r.waitingDays, r.accessRequirementName])).toEqual([['early', 4, 'Cohort queue'], ['late', 1, 'Cohort queue']]);
    expect(queue.requests.oldest[0]).toMatchObject({ requestId: first.id, accessRequirementId: ar.id });
    expect(queue.verifications.waiting).toBe(2);
    expect(queue.verifications.oldest.map((v: { username: string; waitingDays: number; name: string }) => [v.username, v.waitingDays, v.name]))
      .toEqual([['vera', 4, 'vera Tester'], ['vic', 1, 'vic Tester']]);

    // The review table lists them as a queue when asked: oldest first.
    const names = (page: { items: { requestor: { username: string } }[] }) => page.items.map((x) => x.requestor.username);
    expect(names(await f.ok(await gh.as(act).get('/api/v1/submissions?state=SUBMITTED&order=oldest')))).toEqual(['early', 'late']);
    expect(names(await f.ok(await gh.as(act).get('/api/v1/submissions?state=SUBMITTED')))).toEqual(['late', 'early']);
    expect((await gh.as(act).get('/api/v1/submissions?order=sideways')).statusCode).toBe(400);

    const verifications = (page: { items: { username: string }[] }) => page.items.map((x) => x.username);
    expect(verifications(await f.ok(await gh.as(act).get('/api/v1/verifications?state=submitted&order=oldest')))).toEqual(['vera', 'vic']);
    expect(verifications(await f.ok(await gh.as(act).get('/api/v1/verifications?state=submitted')))).toEqual(['vic', 'vera']);

    // A decision takes a request out of the queue.
    await f.approve(act, queue.requests.oldest[0].submissionId);
    const after = await f.ok(await gh.as(act).get('/api/v1/act/queue'));
    expect(after.requests.waiting).toBe(1);
    expect(after.requests.oldest[0].requestor.username).toBe('late');

    const res = await gh.as(early).get('/api/v1/act/queue');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ACT_REQUIRED' });
    expect((await gh.as(null).get('/api/v1/act/queue')).statusCode).toBe(401);
  });
});
