import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';
import { DEFAULT_POLICY } from '../../src/egress/policy.js';

/**
 * GET /api/v1/egress/series: the dashboard's egress over time. Monitor events are posted as a monitor posts them;
 * Gatehouse's downloads are written into egress_downloads directly (their writer is not on this branch), in every
 * state and data class, to prove which ones count.
 */
const MiB = 1024 * 1024;
const SOURCE = 'zeek';
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (minutesAfterT0: number) => new Date(T0.getTime() + minutesAfterT0 * 60_000);

let gh: TestGatehouse;
let sec: TestUser;
let rita: TestUser;
let ruth: TestUser;
let secret: string;
let p1: string;
let p2: string;

interface Series {
  from: string; to: string; bucketSeconds: number;
  buckets: { start: string; monitor: number; download: number }[];
  totals: { monitor: number; download: number };
  thresholds: { policyVersion: number; monitor: { windowSeconds: number; bytes: number }[]; download: { windowSeconds: number; bytes: number }[]; highVolumeBytes: number };
  incidents: { id: number; userId: number; username: string; projectId: string | null; firstEventAt: string; bytes: number; state: string }[];
  user: { id: number; username: string; status: string; egressSuspendedUntil: string | null; suspended: boolean } | null;
}

const post = (fields: Record<string, unknown>) => send(gh, event(gh, fields), { source: SOURCE, secrets: [secret] });
const series = (query: string) => gh.as(sec).get(`/api/v1/egress/series?${query}`);
const span = (from: Date, to: Date) => `from=${from.toISOString()}&to=${to.toISOString()}`;

async function download(user: TestUser, project: string, when: Date, bytes: number, state: string, dataClass = 'row-level') {
  await gh.ctx.db.query(
    `INSERT INTO egress_downloads (user_id, project_id, kind, entity_ids, data_class, at, bytes, state, refusal)
     VALUES ($1, $2, 'file', '{}', $3, $4, $5, $6, $7)`,
    [user.id, Number(project.slice(3)), dataClass, when, bytes, state, state === 'refused' ? 'EGRESS_SUSPENDED' : null]);
}

beforeAll(async () => {
  gh = await startTestGatehouse();
  const owner = await gh.user('owner', { certified: true });
  sec = await gh.user('sec', { security: true });
  rita = await gh.user('rita', { certified: true });
  ruth = await gh.user('ruth', { certified: true });
  secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: SOURCE })).json().secret;
  p1 = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Project one' })).json().id;
  p2 = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Project two' })).json().id;

  // Rita in project one: 10 MiB and 20 MiB in two different 5-minute buckets, then 150 MiB, an alert.
  for (const [minutes, bytes] of [[1, 10 * MiB], [2, 0], [12, 20 * MiB]] as const) {
    { const r = await post({ user: 'rita', projectId: p1, bytes, observedAt: at(minutes).toISOString() }); expect(r.statusCode, r.body).toBe(200); expect(r.json().accepted, r.body).toBe(1); }
  }
  { const r = await post({ user: 'rita', projectId: p1, bytes: 150 * MiB, observedAt: at(30).toISOString() }); expect(r.statusCode, r.body).toBe(200); expect(r.json().accepted, r.body).toBe(1); }
  // Ruth in project two: 3 MiB; and an event nobody is known for, which is not drawn.
  { const r = await post({ user: 'ruth', projectId: p2, bytes: 3 * MiB, observedAt: at(12).toISOString() }); expect(r.statusCode, r.body).toBe(200); expect(r.json().accepted, r.body).toBe(1); }
  { const r = await post({ user: 'nobody-known', projectId: p2, bytes: 99 * MiB, observedAt: at(12).toISOString() }); expect(r.statusCode, r.body).toBe(200); expect(r.json().accepted, r.body).toBe(1); }

  // Rita's downloads: served, failed (what went out), serving count; refused and summary do not.
  await download(rita, p1, at(3), 5 * MiB, 'served');
  await download(rita, p1, at(4), 1 * MiB, 'failed');
  await download(rita, p1, at(13), 2 * MiB, 'serving');
  await download(rita, p1, at(13), 50 * MiB, 'refused');
  await download(rita, p1, at(13), 7 * MiB, 'served', 'summary');
  await download(ruth, p2, at(14), 4 * MiB, 'served');
  gh.clock.set(at(60));
});
afterAll(async () => {
  await gh?.stop();
});

describe('egress over time', () => {
  it("a user's buckets sum the monitor's bytes and the row-level downloads that were counted; refused and summary downloads are left out", async () => {
    const res = await series(`userId=${rita.id}&${span(T0, at(60))}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as Series;
    expect(s.bucketSeconds).toBe(60);
    expect(s.buckets).toHaveLength(60);
    expect(s.totals).toEqual({ monitor: 180 * MiB, download: 8 * MiB });
    const bucket = (minutes: number) => s.buckets.find((b) => b.start === at(minutes).toISOString())!;
    expect(bucket(1)).toMatchObject({ monitor: 10 * MiB, download: 0 });
    expect(bucket(3)).toMatchObject({ monitor: 0, download: 5 * MiB });
    expect(bucket(4)).toMatchObject({ download: 1 * MiB });
    expect(bucket(12)).toMatchObject({ monitor: 20 * MiB });
    expect(bucket(13)).toMatchObject({ download: 2 * MiB });
    expect(bucket(30)).toMatchObject({ monitor: 150 * MiB });
    expect(s.buckets.reduce((sum, b) => sum + b.monitor, 0)).toBe(s.totals.monitor);
    // The alert suspended her for 10 minutes from when Gatehouse acted (T0); an hour on, that is over.
    expect(s.user).toEqual({ id: rita.id, username: 'rita', status: 'active', disabledReason: null, egressSuspendedUntil: at(10).toISOString(), suspended: false });
  });

  it('draws the thresholds of the policy in force and the alert with its id, state and bytes', async () => {
    const s = (await series(`userId=${rita.id}&${span(T0, at(60))}`)).json() as Series;
    expect(s.thresholds).toEqual({ policyVersion: 1, monitor: DEFAULT_POLICY.thresholds.monitor, download: DEFAULT_POLICY.thresholds.download, highVolumeBytes: DEFAULT_POLICY.highVolumeBytes });
    expect(s.incidents).toHaveLength(1);
    const [incident] = await gh.ctx.db.query<{ id: string }>('SELECT id FROM egress_incidents WHERE user_id = $1', [rita.id]);
    expect(s.incidents[0]).toMatchObject({ id: Number(incident.id), userId: rita.id, username: 'rita', projectId: p1, firstEventAt: at(30).toISOString(), state: 'awaiting-user' });
    // Before the alert, the span has no incident.
    expect(((await series(`userId=${rita.id}&${span(T0, at(30))}`)).json() as Series).incidents).toEqual([]);
  });

  it('filters by project and by user; with neither, every attributed user is counted', async () => {
    const two = (await series(`projectId=${p2}&${span(T0, at(60))}`)).json() as Series;
    expect(two.totals).toEqual({ monitor: 3 * MiB, download: 4 * MiB });
    expect(two.incidents).toEqual([]);
    expect(two.user).toBeNull();
    const ruthInOne = (await series(`userId=${ruth.id}&projectId=${p1}&${span(T0, at(60))}`)).json() as Series;
    expect(ruthInOne.totals).toEqual({ monitor: 0, download: 0 });
    const all = (await series(span(T0, at(60)))).json() as Series;
    expect(all.totals).toEqual({ monitor: 183 * MiB, download: 12 * MiB });
  });

  it('defaults to the last 24 hours, and picks the bucket size from the span', async () => {
    const s = (await series('')).json() as Series;
    expect(s.to).toBe(at(60).toISOString());
    expect(s.from).toBe(new Date(at(60).getTime() - 86_400_000).toISOString());
    expect(s.bucketSeconds).toBe(300);
    expect(s.totals.monitor).toBe(183 * MiB);
    expect(s.buckets.find((b) => b.start === at(10).toISOString())).toMatchObject({ monitor: 20 * MiB + 3 * MiB });
    const week = (await series(span(at(-7 * 1440), at(0)))).json() as Series;
    expect(week.bucketSeconds).toBe(3600);
    expect(week.buckets).toHaveLength(168);
    const month = (await series(span(at(-31 * 1440), at(0)))).json() as Series;
    expect(month.bucketSeconds).toBe(3 * 3600);
  });
});

describe("the dashboard's incident queue", () => {
  it('lists the open incidents of a user (open=true), and none of them as closed (open=false)', async () => {
    const open = (await gh.as(sec).get(`/api/v1/egress/incidents?open=true&user=rita&project=${p1}`)).json();
    expect(open.items.map((i: { username: string; state: string }) => [i.username, i.state])).toEqual([['rita', 'awaiting-user']]);
    expect((await gh.as(sec).get('/api/v1/egress/incidents?open=false&user=rita')).json().total).toBe(0);
    expect((await gh.as(sec).get(`/api/v1/egress/incidents?open=true&project=${p2}`)).json().total).toBe(0);
  });
});

describe('who may read it, and bad input', () => {
  it('the OpenAPI document describes the route, its query and its answer', async () => {
    const doc = (await gh.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/egress/series'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['from', 'projectId', 'to', 'userId']);
    expect(JSON.stringify(op.responses['200'])).toContain('bucketSeconds');
    expect(op.summary).toMatch(/^Egress over time/);
  });

  it('a researcher is refused with SECURITY_REQUIRED', async () => {
    const res = await gh.as(rita).get('/api/v1/egress/series');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('SECURITY_REQUIRED');
  });

  it.each([
    ['to before from', span(at(10), at(0)), 400, 'BAD_SPAN'],
    ['to equal to from', span(at(0), at(0)), 400, 'BAD_SPAN'],
    ['a span longer than 31 days', span(at(-32 * 1440), at(0)), 400, 'SPAN_TOO_LONG'],
    ['from alone, 40 days ago (to is from + 24 h)', `from=${at(-40 * 1440).toISOString()}`, 200, null],
    ['to alone, a year ago', 'to=2025-03-02T09:00:00Z', 200, null],
    ['the first day of year 1', 'from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z', 200, null],
    ['to early in year 1 (from would be in year 0)', 'to=0001-01-01T05:00:00Z', 400, 'BAD_SPAN'],
    ['from late in year 9999 (to would be in year 10000)', 'from=9999-12-31T20:00:00Z', 400, 'BAD_SPAN'],
    ['a date that is not a date-time', 'from=yesterday', 400, 'VALIDATION_FAILED'],
    ['a project that is not an entity id', 'projectId=project-one', 400, 'BAD_ID'],
    ['a project that does not exist', 'projectId=syn999999', 404, 'ENTITY_NOT_FOUND'],
    ['a user that does not exist', 'userId=999999', 404, 'USER_NOT_FOUND'],
    ['a user id that is not a number', 'userId=rita', 400, 'VALIDATION_FAILED'],
    ['an unknown parameter', 'bucket=60', 400, 'VALIDATION_FAILED'],
  ])('%s: %s', async (_what, query, status, code) => {
    const res = await series(query as string);
    expect(res.statusCode, res.body).toBe(status);
    if (code) {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
    }
  });
});
