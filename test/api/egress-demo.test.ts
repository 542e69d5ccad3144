import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, loadDemo } from '../../src/demo/demo.js';
import { DEMO_SOURCE } from '../../src/egress/demo.js';
import { egressStopRetryJob } from '../../src/egress/incidents.js';
import { signIn, startTestGatehouse, type TestGatehouse } from '../harness.js';

/**
 * The egress demo as a newcomer meets it after `npm start`: the demo loaded as the CLI loads it (loadDemo on an
 * empty database, the clock at "now"), then read through the API as Sam the security engineer and as Alice.
 */
let gh: TestGatehouse;
let users: Record<string, number>;
beforeAll(async () => {
  gh = await startTestGatehouse();
  users = await loadDemo(gh.ctx);
});
afterAll(async () => gh?.stop());

const as = async (username: string) => {
  const cookie = await signIn(gh, username, DEMO_PASSWORD);
  return { get: (url: string) => gh.app.inject({ method: 'GET', url, headers: { cookie } }) };
};
const MiB = 1024 * 1024;
const DAY = 86_400_000;

describe('the egress demo', () => {
  it('has a security engineer among the demo sign-ins', async () => {
    expect(demoUsers.find((u) => u.username === 'sam')?.role).toMatch(/security engineer/);
    const me = (await (await as('sam')).get('/api/v1/me')).json();
    expect(me).toMatchObject({ username: 'sam', isSecurity: true, isAdmin: false });
  });

  it('the engineer sees a recent incident awaiting Alice\'s answers and a reinstated one of three weeks ago', async () => {
    const sam = await as('sam');
    const res = await sam.get('/api/v1/egress/incidents');
    expect(res.statusCode).toBe(200);
    const [recent, old] = res.json().items;
    expect(res.json().total).toBe(2);
    expect(recent).toMatchObject({ username: 'alice', state: 'awaiting-user', bytes: 200 * MiB, answers: null, decision: null });
    expect(recent.eventIds).toHaveLength(2);
    expect(recent.questions).toHaveLength(3);
    expect(recent.actions.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['open-incident', 'notify-user', 'suspend', 'stop-runtimes', 'join-incident']));
    const age = (iso: string) => gh.clock.now().getTime() - new Date(iso).getTime();
    expect(age(recent.firstEventAt)).toBe(2 * DAY);
    expect(old).toMatchObject({
      username: 'alice', state: 'closed-reinstated', bytes: 180 * MiB, decision: 'reinstate', decidedBy: users.sam, assessedBy: users.sam,
      assessment: expect.objectContaining({ manualOrScripted: 'manual', piiInvolved: false, ports: [443] }),
    });
    expect(old.answers).toHaveLength(3);
    expect(old.answers[1].answer).toContain('curl');
    expect(old.decisionReason).toMatch(/Accidental upload/);
    expect(age(old.firstEventAt)).toBe(21 * DAY);
  });

  it('the events page holds the incidents\' events and one unattributed event; the deliveries, one refused for its signature', async () => {
    const sam = await as('sam');
    const events = (await sam.get('/api/v1/egress/events')).json();
    expect(events.items).toHaveLength(4);
    expect(events.items.every((e: { source: string }) => e.source === DEMO_SOURCE)).toBe(true);
    const unattributed = (await sam.get('/api/v1/egress/events?attributed=false')).json().items;
    expect(unattributed).toEqual([expect.objectContaining({ attributed: false, userId: null, claimed: expect.objectContaining({ user: 'jdoe', runtimeId: 'workbench/vm-7f3c' }) })]);
    const attributed = (await sam.get('/api/v1/egress/events?attributed=true')).json().items;
    expect(attributed.map((e: { username: string; attributedBy: string }) => [e.username, e.attributedBy])).toEqual([
      ['alice', 'runtime'], ['alice', 'runtime'], ['alice', 'runtime'],
    ]);
    const refused = (await sam.get('/api/v1/egress/deliveries?result=refused')).json().items;
    expect(refused).toEqual([expect.objectContaining({ result: 'refused', reason: 'BAD_SIGNATURE' })]);
    const sources = (await sam.get('/api/v1/egress/sources')).json().items;
    expect(sources).toEqual([expect.objectContaining({ name: DEMO_SOURCE, status: 'active', activeSecrets: 1 })]);
  });

  it('Alice was told, sees the questions of the open incident, and is not locked out: her suspension has ended', async () => {
    const alice = await as('alice');
    const notices = (await alice.get('/api/v1/notifications')).json().items;
    // Newest first by when they were sent: the demo's older notices come after today's.
    expect(notices.map((x: { title: string }) => x.title)).toEqual([
      expect.any(String), expect.any(String),
      'Unusual data egress from your account', expect.stringMatching(/^Your egress incident \d+ is closed$/), 'Unusual data egress from your account',
    ]);
    expect(notices[0].title).not.toMatch(/egress/);
    const recentId = Number(notices[2].link.split('/').pop());
    const incident = (await alice.get(`/api/v1/egress/incidents/${recentId}`)).json();
    expect(incident).toMatchObject({ state: 'awaiting-user', answers: null });
    expect(incident.assessment).toBeUndefined();
    expect(incident.questions[0]).toContain(`${incident.firstEventAt.slice(0, 16).replace('T', ' ')} UTC`);

    const file = await gh.ctx.db.one<{ id: number }>(`SELECT id FROM entities WHERE name = 'participants.csv'`);
    const download = await alice.get(`/api/v1/entities/${file.id}/download`);
    expect(download.statusCode).toBe(200);
    const runtimes = (await alice.get('/api/v1/runtimes')).json().items;
    // No orchestrator in the demo: the stop was asked for and could not be delivered.
    expect(runtimes).toEqual([expect.objectContaining({ externalId: 'workbench/vm-alice-01', status: 'stop_failed' })]);
  });

  it('without an orchestrator the stop retry job does nothing (no audit entries every 30 s)', async () => {
    const before = await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    await egressStopRetryJob.run(gh.ctx);
    expect((await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).n).toBe(before.n);
  });
});
