import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { startReceiver, verified, type Receiver } from '../webhooks.js';
import { deliverDueWebhooks, webhookSecretBox } from '../../src/webhooks/delivery.js';
import { fixtures, CAN_DOWNLOAD } from './access-requirements-fixtures.js';
import { revokeExpiredApprovals } from '../../src/accessrequirements/expiry.js';
import { requestFixtures } from './requests-fixtures.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TIMEOUT_MS = 400;

let gh: TestGatehouse;
let admin: TestUser;
let act: TestUser;
let owner: TestUser;
let f: ReturnType<typeof fixtures>;
const receivers: Receiver[] = [];

beforeAll(async () => {
  // Loopback is refused by default; the receivers of these tests run there.
  // Sessions outlast the days the clock is moved on by.
  gh = await startTestGatehouse({ webhookAllowedHosts: ['127.0.0.1'], webhookTimeoutMs: TIMEOUT_MS, sessionTtlHours: 24 * 30 });
  f = fixtures(gh);
  admin = await gh.user('root', { admin: true });
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await gh?.stop();
});

const deliver = () => deliverDueWebhooks(gh.ctx, webhookSecretBox(gh.config));
const now = () => Math.floor(gh.clock.now().getTime() / 1000);

async function subscribe(eventTypes: string[], extra: Record<string, unknown> = {}) {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const res = await gh.as(admin).post('/api/v1/webhooks', { url: receiver.url, eventTypes, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  const { subscription, secret } = res.json() as { subscription: { id: number }; secret: string };
  return { receiver, id: subscription.id, secret };
}

async function deliveries(id: number) {
  const res = await gh.as(admin).get(`/api/v1/webhooks/${id}/deliveries`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: number; eventId: string; eventType: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; lastLatencyMs: number | null; nextAttemptAt: string | null; failedAt: string | null }[];
}

async function approval(user: TestUser) {
  const project = await f.project(owner, `Cohort ${user.username}`, { [user.id]: CAN_DOWNLOAD });
  const ar = await f.requirement(act, { type: 'ManagedACT', name: `Cohort AR ${user.username}`, subjects: [{ type: 'entity', id: `syn${project}` }] });
  const granted = await f.approve(act, ar.id, user);
  return { ar, granted };
}

describe('delivery', () => {
  it('an approval granted reaches the subscriber, signed, with the subject named', async () => {
    const { receiver, id, secret } = await subscribe(['approval.granted']);
    const amy = await gh.user('amy');
    const { ar, granted } = await approval(amy);
    expect(receiver.received).toHaveLength(0); // nothing is sent from the request that caused it
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got.headers['gatehouse-event']).toBe('approval.granted');
    expect(got.headers['gatehouse-webhook-id']).toBe(got.json.id);
    expect(got.headers['gatehouse-timestamp']).toBe(String(now()));
    expect(verified(got, [secret], now())).toBe(true);
    expect(verified(got, ['some other secret of enough length'], now())).toBe(false);
    expect(got.json).toMatchObject({
      type: 'approval.granted', occurred_at: gh.clock.now().toISOString(), actor: { id: act.id, username: 'aron' },
      subject: { approval: { id: granted.id, state: 'APPROVED' }, accessRequirement: { id: ar.id, name: 'Cohort AR amy' }, user: { id: amy.id, username: 'amy' } },
    });
    const [d] = await deliveries(id);
    expect(d).toMatchObject({ eventId: got.json.id, eventType: 'approval.granted', status: 'delivered', attempts: 1, lastStatus: 200, nextAttemptAt: null });
    expect(d.lastLatencyMs).toBeGreaterThanOrEqual(0);
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 0 }); // delivered once
  });

  it('a receiver answering 500 is tried again after the backoff, with the same webhook id', async () => {
    const { receiver, id, secret } = await subscribe(['account.disabled']);
    const ben = await gh.user('ben');
    receiver.next(500);
    expect((await gh.as(admin).post(`/api/v1/users/${ben.id}/disable`, { reason: 'Left the institute.' })).statusCode).toBe(200);
    expect(await deliver()).toMatchObject({ retrying: 1 });
    let [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 });
    expect(d.lastError).toContain('answered 500');
    const next = new Date(d.nextAttemptAt!).getTime();
    // 10 s with jitter: between 5 and 10 s from now.
    expect(next - gh.clock.now().getTime()).toBeGreaterThanOrEqual(5_000);
    expect(next - gh.clock.now().getTime()).toBeLessThanOrEqual(10_000);
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 0 }); // not due yet
    gh.clock.advance(11_000);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second.headers['gatehouse-webhook-id']).toBe(first.headers['gatehouse-webhook-id']);
    expect(second.body).toBe(first.body);
    expect(verified(second, [secret], now())).toBe(true);
    expect(second.json).toMatchObject({ type: 'account.disabled', subject: { user: { id: ben.id, username: 'ben' }, reason: 'Left the institute.' } });
    [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
  });

  it('a receiver that never answers is cut off after the timeout, without holding up the round, and tried again', async () => {
    const { receiver, id } = await subscribe(['acl.changed']);
    const quick = await subscribe(['acl.changed']);
    receiver.next('hang');
    const project = await f.project(owner, 'Shared cohort');
    const cara = await gh.user('cara');
    const put = await gh.as(owner).put(`/api/v1/entities/syn${project}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ['READ', 'DOWNLOAD', 'CHANGE_PERMISSIONS'] }, { principalId: cara.id, accessTypes: ['READ'] },
    ] });
    expect(put.statusCode, put.body).toBe(200);
    const started = Date.now();
    expect(await deliver()).toMatchObject({ delivered: 1, retrying: 1 });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2_000);
    expect(quick.receiver.received).toHaveLength(1);
    let [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: `No answer within ${TIMEOUT_MS} ms.` });
    gh.clock.advance(MINUTE);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
    const [hung, answered] = receiver.received;
    expect(answered.headers['gatehouse-webhook-id']).toBe(hung.headers['gatehouse-webhook-id']);
    expect(answered.json.subject).toMatchObject({
      entity: { id: `syn${project}`, name: 'Shared cohort', type: 'project' }, project: { id: `syn${project}`, name: 'Shared cohort' }, change: 'changed',
    });
    expect(answered.json.subject.entries).toContainEqual({ principal: { id: cara.id, type: 'user', name: 'cara' }, accessTypes: ['READ'] });
  });

  it('a delivery still refused when the retry window (a day) ends is failed, shown, and can be sent again', async () => {
    const { receiver, id } = await subscribe(['approval.revoked']);
    receiver.otherwise = 503;
    const dan = await gh.user('dan');
    const { granted } = await approval(dan);
    const start = gh.clock.now().getTime();
    expect((await gh.as(act).post(`/api/v1/access-approvals/${granted.id}/revoke`, { reason: 'Project ended.' })).statusCode).toBe(200);
    let rounds = 0;
    while ((await deliveries(id))[0].status === 'pending') {
      await deliver();
      gh.clock.advance(HOUR);
      if (++rounds > 40) throw new Error('never failed');
    }
    const [d] = await deliveries(id);
    expect(d.status).toBe('failed');
    expect(new Date(d.failedAt!).getTime() - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(new Date(d.failedAt!).getTime() - start).toBeLessThan(26 * HOUR);
    expect(d.attempts).toBe(receiver.received.length);
    expect(new Set(receiver.received.map((r) => r.headers['gatehouse-webhook-id']))).toEqual(new Set([d.eventId]));
    expect((await gh.as(admin).get(`/api/v1/webhooks/${id}/deliveries?status=failed`)).json().total).toBe(1);
    expect((await gh.as(admin).get(`/api/v1/webhooks/${id}`)).json().deliveries).toEqual({ pending: 0, delivered: 0, failed: 1 });
    expect(await deliver()).toMatchObject({ delivered: 0, retrying: 0, failed: 0 }); // given up on

    receiver.otherwise = 204;
    const again = await gh.as(admin).post(`/api/v1/webhooks/${id}/deliveries/${d.id}/redeliver`);
    expect(again.statusCode, again.body).toBe(202);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect((await deliveries(id))[0]).toMatchObject({ status: 'delivered', lastStatus: 204, eventId: d.eventId });
    expect(receiver.received.at(-1)!.headers['gatehouse-webhook-id']).toBe(d.eventId);
    const pending = await gh.as(admin).post(`/api/v1/webhooks/${id}/deliveries/999999/redeliver`);
    expect(pending.statusCode).toBe(404);
  });

  it('a disabled subscription gets no events; one not subscribed to a type gets none of it', async () => {
    const { receiver, id } = await subscribe(['account.enabled']);
    const other = await subscribe(['group.membership_changed']);
    expect((await gh.as(admin).patch(`/api/v1/webhooks/${id}`, { enabled: false })).json()).toMatchObject({ enabled: false });
    const eve = await gh.user('eve');
    await gh.as(admin).post(`/api/v1/users/${eve.id}/disable`, { reason: 'Test.' });
    await gh.as(admin).post(`/api/v1/users/${eve.id}/enable`, { reason: 'Test.' });
    await deliver();
    expect(receiver.received).toHaveLength(0);
    expect(other.receiver.received).toHaveLength(0);
    await gh.as(admin).patch(`/api/v1/webhooks/${id}`, { enabled: true });
    await gh.as(admin).post(`/api/v1/users/${eve.id}/disable`, { reason: 'Again.' });
    await gh.as(admin).post(`/api/v1/users/${eve.id}/enable`, { reason: 'Again.' });
    await deliver();
    expect(receiver.received.map((r) => r.json.type)).toEqual(['account.enabled']);
  });

  it('a team membership change is sent with the team and user named', async () => {
    const { receiver } = await subscribe(['team.membership_changed']);
    const fay = await gh.user('fay');
    await f.team(owner, 'Imaging consortium', [fay]);
    await deliver();
    const added = receiver.received.map((r) => r.json.subject).filter((s) => s.user.id === fay.id);
    expect(added).toEqual([{ team: { id: expect.any(Number), name: 'Imaging consortium' }, user: { id: fay.id, username: 'fay' }, change: 'added' }]);
  });

  it('an approval that lapses is sent by the expiry job, as expired', async () => {
    const { receiver } = await subscribe(['approval.expired']);
    const ivy = await gh.user('ivy');
    const project = await f.project(owner, 'Lapsing cohort', { [ivy.id]: CAN_DOWNLOAD });
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'Lapsing AR', subjects: [{ type: 'entity', id: `syn${project}` }] });
    const granted = await f.approve(act, ar.id, ivy, { expiresOn: new Date(gh.clock.now().getTime() + HOUR).toISOString() });
    gh.clock.advance(2 * HOUR);
    expect(await revokeExpiredApprovals(gh.ctx)).toBeGreaterThanOrEqual(1);
    await deliver();
    expect(receiver.received.map((r) => r.json)).toMatchObject([{
      type: 'approval.expired', actor: null,
      subject: { approval: { id: granted.id }, accessRequirement: { id: ar.id, name: 'Lapsing AR' }, user: { id: ivy.id, username: 'ivy' } },
    }]);
  });

  it('a data access request moving through its states is sent at each step, and its approval as granted', async () => {
    const { receiver } = await subscribe(['request.state_changed', 'approval.granted']);
    const r = requestFixtures(gh);
    const rae = await gh.user('rae', { certified: true, validated: true });
    const ar = await r.managedAr(act, owner, [rae], {}, 'Controlled cohort');
    const { requestId } = await r.approved(rae, act, ar.id);
    await deliver();
    const events = receiver.received.map((x) => x.json);
    // In no guaranteed order (docs/adr/0023).
    expect(events.filter((e) => e.type === 'request.state_changed').map((e) => `${e.subject.request.change} ${e.subject.request.state}`).sort())
      .toEqual(['approved APPROVED', 'created DRAFT', 'submitted SUBMITTED']);
    expect(events.find((e) => e.subject.request?.change === 'approved')!.subject).toMatchObject({
      request: { id: requestId }, accessRequirement: { id: ar.id, name: 'Controlled cohort' }, requestor: { id: rae.id, username: 'rae' },
      accessors: [{ id: rae.id, username: 'rae' }],
    });
    expect(events.filter((e) => e.type === 'approval.granted').map((e) => e.subject.user)).toEqual([{ id: rae.id, username: 'rae' }]);
  });

  it('a managed group membership change and an authorization domain change are sent, named', async () => {
    const { receiver } = await subscribe(['group.membership_changed', 'authorization_domain.changed']);
    const pia = await gh.user('pia', { certified: true });
    const gus = await gh.user('gus2', { certified: true });
    const created = await gh.as(pia).post('/api/v1/groups', { name: 'Consent-A' });
    expect(created.statusCode, created.body).toBe(201);
    const groupId = created.json().id as number;
    expect((await gh.as(pia).post('/api/v1/groups/Consent-A/members', { userId: gus.id })).statusCode).toBe(200);
    const project = await gh.as(pia).post('/api/v1/entities', { type: 'project', name: 'Consented cohort' });
    const projectId = project.json().id as string;
    expect((await gh.as(pia).post(`/api/v1/projects/${projectId}/authorization-domain`, { groups: ['Consent-A'] })).statusCode).toBe(200);
    await deliver();
    const byType = (t: string) => receiver.received.map((r) => r.json).filter((j) => j.type === t);
    expect(byType('group.membership_changed').map((j) => j.subject)).toContainEqual({
      group: { id: groupId, name: 'Consent-A' }, member: { type: 'user', id: gus.id, username: 'gus2' }, change: 'added', cause: 'admin-added', role: 'member',
    });
    expect(byType('authorization_domain.changed').map((j) => j.subject)).toEqual([{
      project: { id: projectId, name: 'Consented cohort' }, change: 'groups-added',
      groups: [{ id: groupId, name: 'Consent-A' }], addedGroups: [{ id: groupId, name: 'Consent-A' }],
    }]);
  });
});

describe('several workers', () => {
  it('two delivery rounds running at once (as on two processes) send each delivery once', async () => {
    const { receiver, id } = await subscribe(['acl.changed']);
    const queued = 24;
    for (let i = 0; i < queued; i++) expect((await gh.as(admin).post(`/api/v1/webhooks/${id}/test`)).statusCode).toBe(202);
    await Promise.all([deliver(), deliver(), deliver()]);
    expect(receiver.received).toHaveLength(queued);
    const listed = (await gh.as(admin).get(`/api/v1/webhooks/${id}/deliveries?limit=100`)).json().items as { status: string; attempts: number }[];
    expect(listed).toHaveLength(queued);
    expect(listed.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.headers['gatehouse-webhook-id'])).size).toBe(queued);
  });
});

describe('secrets and test events', () => {
  it('the secret is shown once; a test event is sent; after a rotation both secrets sign until the grace period ends', async () => {
    const { receiver, id, secret } = await subscribe(['approval.expired'], { description: 'Storage mirror' });
    const view = await gh.as(admin).get(`/api/v1/webhooks/${id}`);
    expect(view.body).not.toContain(secret);
    expect(view.json()).toMatchObject({ description: 'Storage mirror', eventTypes: ['approval.expired'], enabled: true, secrets: [{ hint: secret.slice(0, 11) + '…' }] });

    const test = await gh.as(admin).post(`/api/v1/webhooks/${id}/test`);
    expect(test.statusCode, test.body).toBe(202);
    await deliver();
    expect(receiver.received.at(-1)!.json).toMatchObject({ type: 'webhook.test', actor: { id: admin.id, username: 'root' }, subject: { subscription: { id } } });
    expect(verified(receiver.received.at(-1)!, [secret], now())).toBe(true);

    const rotated = await gh.as(admin).post(`/api/v1/webhooks/${id}/secret`, {});
    expect(rotated.statusCode, rotated.body).toBe(201);
    const fresh = rotated.json().secret as string;
    expect(fresh).not.toBe(secret);
    expect(rotated.json().subscription.secrets).toHaveLength(2);
    await gh.as(admin).post(`/api/v1/webhooks/${id}/test`);
    await deliver();
    const during = receiver.received.at(-1)!;
    expect((during.headers['gatehouse-signature'] as string).split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    expect(verified(during, [secret], now())).toBe(true);
    expect(verified(during, [fresh], now())).toBe(true);

    gh.clock.advance(gh.config.webhookRotationGraceHours * HOUR + 1000);
    await gh.as(admin).post(`/api/v1/webhooks/${id}/test`);
    await deliver();
    const after = receiver.received.at(-1)!;
    expect(verified(after, [fresh], now())).toBe(true);
    expect(verified(after, [secret], now())).toBe(false);
    expect((await gh.as(admin).get(`/api/v1/webhooks/${id}`)).json().secrets).toHaveLength(1);
  });

  it('an admin may give the secret; one too short, or an unknown event type, is refused and saves nothing', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const before = (await gh.as(admin).get('/api/v1/webhooks')).json().total as number;
    const short = await gh.as(admin).post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['acl.changed'], secret: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().code).toBe('WEBHOOK_SECRET_TOO_SHORT');
    const unknown = await gh.as(admin).post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['acl.changed', 'user.sneezed'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'WEBHOOK_EVENT_TYPE_UNKNOWN' });
    expect(unknown.json().detail).toContain('user.sneezed');
    expect((await gh.as(admin).get('/api/v1/webhooks')).json().total).toBe(before);
    const given = 'a-secret-the-storage-team-chose';
    const res = await gh.as(admin).post('/api/v1/webhooks', { url: receiver.url, eventTypes: ['acl.changed'], secret: given });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().secret).toBe(given);
    await gh.as(admin).post(`/api/v1/webhooks/${res.json().subscription.id}/test`);
    await deliver();
    expect(verified(receiver.received[0], [given], now())).toBe(true);
  });
});

describe('who may', () => {
  it('only platform administrators see or change subscriptions', async () => {
    const { id } = await subscribe(['acl.changed']);
    const user = await gh.user('gus');
    for (const who of [user, act]) {
      expect((await gh.as(who).get('/api/v1/webhooks')).statusCode).toBe(403);
      expect((await gh.as(who).post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/x', eventTypes: ['acl.changed'] })).statusCode).toBe(403);
      expect((await gh.as(who).get(`/api/v1/webhooks/${id}/deliveries`)).statusCode).toBe(403);
      expect((await gh.as(who).post(`/api/v1/webhooks/${id}/test`)).statusCode).toBe(403);
      expect((await gh.as(who).post(`/api/v1/webhooks/${id}/secret`, {})).statusCode).toBe(403);
    }
    expect((await gh.as(null).get('/api/v1/webhooks')).statusCode).toBe(401);
    expect((await gh.as(admin).get('/api/v1/webhooks/987654')).statusCode).toBe(404);
  });
});
