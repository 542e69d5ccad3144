import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { history } from '../audit-history.js';
import { runAuditCommand } from '../../src/audit/cli.js';
import { executeRun, recordFinding } from '../../src/audit/run.js';
import { notifyAuditDue } from '../../src/audit/schedule.js';
import { auditRunsSettled } from '../../src/audit/runs.routes.js';

/** Audit runs through the API: start, progress, findings with names, pivot, reproducibility, schedule, CLI. */
let gh: TestGatehouse;
let sam: TestUser;
let act: TestUser;
let bob: TestUser;
let project: { id: number; projectId: number };
let file: { id: number };

beforeAll(async () => {
  gh = await startTestGatehouse({ sessionTtlHours: 24 * 365 });
  sam = await gh.user('sam', { security: true });
  act = await gh.user('actor', { act: true });
  bob = await gh.user('bob', { certified: true });
  const h = history(gh);
  // The harness's clock is 2 March 2026: the default period is 1 July – 31 December 2025.
  const p = await h.entity('project', 'Cohort Study', { createdBy: sam.id });
  const folder = await h.entity('folder', 'raw', { parent: p, createdBy: sam.id });
  const f = await h.entity('file', 'genotypes.csv', { parent: folder, createdBy: sam.id });
  const t = await h.entity('project', 'Sam test project', { createdBy: sam.id });
  const ar = await h.requirement('ManagedACT', 'Cohort DUA');
  await h.snap(p, '2025-01-01', { public: true });
  await h.snap(f, '2025-01-01', { public: true, controlled: true, ars: [ar] });
  await h.snap(f, '2025-08-01T10:00:00Z', { public: true, actorId: sam.id });
  await h.snap(t, '2025-01-01', { public: false });
  await h.snap(t, '2025-09-01', { public: true });
  for (let i = 0; i < 3; i++) await h.download(bob.id, f, `2025-08-0${i + 2}T10:00:00Z`);
  project = p;
  file = f;
});
afterAll(async () => {
  await auditRunsSettled();
  await gh?.stop();
});

async function waitFor(id: number) {
  for (let i = 0; i < 200; i++) {
    const r = (await gh.as(sam).get(`/api/v1/audit/runs/${id}`)).json();
    if (r.state !== 'running') return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}
const runCount = async () => (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_runs')).n;

describe('who may run and read audits', () => {
  it('a researcher may not read runs; ACT may read but not start one', async () => {
    const r = await gh.as(bob).get('/api/v1/audit/runs');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('AUDIT_ACCESS_REQUIRED');
    expect((await gh.as(act).get('/api/v1/audit/runs')).statusCode).toBe(200);
    const start = await gh.as(act).post('/api/v1/audit/runs', {});
    expect(start.statusCode).toBe(403);
    expect(start.json().code).toBe('SECURITY_REQUIRED');
    expect((await gh.as(sam).get('/api/v1/audit/runs/999999')).json().code).toBe('AUDIT_RUN_NOT_FOUND');
  });

  it('a period that ends before it starts, or in the future, is refused and starts nothing', async () => {
    const before = await runCount();
    for (const body of [{ from: '2025-07-01', to: '2025-06-30' }, { from: '2026-01-01', to: '2026-12-31' }, { from: '2025-02-30' }]) {
      const r = await gh.as(sam).post('/api/v1/audit/runs', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe('AUDIT_PERIOD_INVALID');
    }
    const bad = await gh.as(sam).post('/api/v1/audit/runs', { settings: { testProjectPattern: '(' } });
    expect(bad.json().code).toBe('AUDIT_SETTINGS_INVALID');
    expect(await runCount()).toBe(before);
  });
});

describe('an audit run', () => {
  let runId: number;

  it('starts with 202 over the default period, shows its progress, and finishes with counts per query', async () => {
    const r = await gh.as(sam).post('/api/v1/audit/runs', { settings: { topDownloaders: 5 } });
    expect(r.statusCode, r.body).toBe(202);
    const started = r.json();
    expect(started).toMatchObject({ from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', state: 'running', startedBy: { username: 'sam' } });
    expect(started.progress.stepsTotal).toBe(9);
    runId = started.id;
    const run = await waitFor(runId);
    expect(run.state).toBe('finished');
    expect(run.progress).toEqual({ step: 'done', stepsDone: 9, stepsTotal: 9 });
    expect(run.settings.topDownloaders).toBe(5);
    expect(run.settings.repeatedDownloadsThreshold).toBe(10);
    expect(run.counts).toMatchObject({ 'restriction-change': 2, 'top-downloaders': 1, 'md5-duplicates': 0 });
    const log = await gh.ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'audit.run-%' AND target_id = $1 ORDER BY seq`, [String(runId)]);
    expect(log.map((l) => l.action)).toEqual(['audit.run-started', 'audit.run-finished']);
    const list = (await gh.as(act).get('/api/v1/audit/runs')).json();
    expect(list.items[0]).toMatchObject({ id: runId, state: 'finished' });
  });

  it("lists the run's findings with names, filtered by query, use case and project", async () => {
    const all = (await gh.as(act).get(`/api/v1/audit/runs/${runId}/findings?query=restriction-change`)).json();
    expect(all.total).toBe(2);
    const removed = all.items.find((f: { useCase: string }) => f.useCase === 'ar-removed');
    expect(removed).toMatchObject({
      query: 'restriction-change', state: 'new', raisedBy: 'periodic', projectId: `syn${project.id}`, projectName: 'Cohort Study',
      entityId: `syn${file.id}`, entityName: 'genotypes.csv', entityPath: 'Cohort Study / raw / genotypes.csv', user: { username: 'sam' },
    });
    expect(removed.summary).toContain('went from controlled to open');
    expect(removed.action).toMatch(/community manager/);
    const test = (await gh.as(act).get(`/api/v1/audit/runs/${runId}/findings?useCase=test-project-public`)).json();
    expect(test.items.map((f: { projectName: string }) => f.projectName)).toEqual(['Sam test project']);
    const byProject = (await gh.as(act).get(`/api/v1/audit/runs/${runId}/findings?projectId=syn${project.id}`)).json();
    expect(byProject.items.map((f: { query: string }) => f.query).sort()).toEqual(['restriction-change', 'top-downloaders']);
    const top = (await gh.as(act).get(`/api/v1/audit/runs/${runId}/findings?query=top-downloaders`)).json().items[0];
    expect(top.user.username).toBe('bob');
    expect(top.detail).toMatchObject({ files: 3, distinctFiles: 1, topProjects: [{ name: 'Cohort Study', files: 3 }] });
  });

  it('pivots restriction changes by project and use case', async () => {
    const pivot = (await gh.as(act).get(`/api/v1/audit/runs/${runId}/pivot`)).json();
    expect(pivot.restrictionChanges).toEqual(expect.arrayContaining([
      { projectId: `syn${project.id}`, projectName: 'Cohort Study', total: 1, byUseCase: { 'ar-removed': 1 } },
      expect.objectContaining({ projectName: 'Sam test project', total: 1, byUseCase: { 'test-project-public': 1 } }),
    ]));
    expect(pivot.md5Duplicates).toEqual([]);
  });

  it('is reproducible: the same period again finds the same findings, found again, not duplicated', async () => {
    const first = (await gh.as(sam).get(`/api/v1/audit/runs/${runId}/findings?limit=500`)).json();
    const again = (await gh.as(sam).post('/api/v1/audit/runs', { from: '2025-07-01', to: '2025-12-31', settings: { topDownloaders: 5 } })).json();
    expect(again).toMatchObject({ from: '2025-07-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    await waitFor(again.id);
    const second = (await gh.as(sam).get(`/api/v1/audit/runs/${again.id}/findings?limit=500`)).json();
    const prints = (p: { items: { fingerprint: string; id: number }[] }) => p.items.map((f) => [f.fingerprint, f.id]).sort();
    expect(prints(second)).toEqual(prints(first));
    const events = await gh.ctx.db.query<{ kind: string }>('SELECT kind FROM audit_finding_events WHERE finding_id = $1 ORDER BY id', [first.items[0].id]);
    expect(events.map((e) => e.kind)).toEqual(['raised', 'found-again']);
  });

  it('refuses a second run while one is running; a run whose process died no longer blocks', async () => {
    const now = gh.clock.now();
    const { id } = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_runs (period_from, period_to, state, progress, started_at) VALUES ('2025-01-01', '2025-07-01', 'running', $1, $2) RETURNING id`,
      [JSON.stringify({ step: 'top-downloaders', stepsDone: 1, stepsTotal: 9, updatedAt: now.toISOString() }), now]);
    const r = await gh.as(sam).post('/api/v1/audit/runs', {});
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'AUDIT_RUN_IN_PROGRESS', runId: Number(id) });
    gh.clock.advance(2 * 60 * 60_000);
    const next = await gh.as(sam).post('/api/v1/audit/runs', {});
    expect(next.statusCode).toBe(202);
    await waitFor(next.json().id);
    expect((await gh.as(sam).get(`/api/v1/audit/runs/${id}`)).json()).toMatchObject({ state: 'failed', error: expect.stringContaining('stopped') });
  });

  it('a run that cannot finish is recorded as failed, with the reason', async () => {
    const { id } = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_runs (period_from, period_to, state, settings, started_at) VALUES ('2025-01-01', '2025-07-01', 'running', $1, $2) RETURNING id`,
      [JSON.stringify({ testProjectPattern: '(' }), gh.clock.now()]);
    const run = await executeRun(gh.ctx, Number(id));
    expect(run).toMatchObject({ state: 'failed', error: expect.stringContaining('testProjectPattern') });
    expect((await gh.as(sam).get(`/api/v1/audit/runs/${id}`)).json()).toMatchObject({ state: 'failed' });
  });

  it('lists findings across runs, including one the continuous audit raised that no run has found yet', async () => {
    await gh.ctx.db.tx((sql) => recordFinding(sql, gh.ctx, null, {
      query: 'unqualified-access', fingerprint: 'unqualified-access:424242', useCase: 'no-approval', projectId: project.id, entityId: file.id,
      userId: bob.id, requestId: null, occurredAt: new Date('2026-03-01'), detail: { summary: 'Bob downloaded genotypes.csv without qualifying.' },
    }));
    const r = (await gh.as(act).get('/api/v1/audit/findings?query=unqualified-access')).json();
    expect(r.items).toEqual([expect.objectContaining({ fingerprint: 'unqualified-access:424242', raisedBy: 'continuous', summary: 'Bob downloaded genotypes.csv without qualifying.' })]);
    expect((await gh.as(act).get('/api/v1/audit/findings')).json().total).toBe(4);
  });
});

describe('the schedule', () => {
  it('is due in the first two weeks of July for January – June, tells the security engineers once, and not after the run', async () => {
    const early = (await gh.as(sam).get('/api/v1/audit/schedule')).json();
    expect(early).toMatchObject({ inWindow: false, due: false, window: { from: '2026-07-01T00:00:00.000Z', to: '2026-07-15T00:00:00.000Z' } });
    gh.clock.set('2026-07-03T08:00:00Z');
    const s = (await gh.as(act).get('/api/v1/audit/schedule')).json();
    expect(s).toMatchObject({ due: true, inWindow: true, proposedPeriod: { from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' } });
    expect(s.lastRun).toMatchObject({ state: 'failed', error: expect.stringContaining('testProjectPattern') });
    expect(await notifyAuditDue(gh.ctx)).toBe(true);
    expect(await notifyAuditDue(gh.ctx)).toBe(false);
    const notices = await gh.ctx.db.query<{ user_id: number; title: string; link: string }>(`SELECT user_id, title, link FROM notifications WHERE kind = 'audit.run-due'`);
    expect(notices).toEqual([{ user_id: sam.id, title: 'An audit is due: 1 January – 30 June 2026', link: '/audit' }]);
    const mail = await gh.ctx.db.query<{ subject: string }>(`SELECT subject FROM outbox WHERE kind = 'audit.run-due'`);
    expect(mail).toHaveLength(1);
    const run = (await gh.as(sam).post('/api/v1/audit/runs', {})).json();
    await waitFor(run.id);
    expect((await gh.as(sam).get('/api/v1/audit/schedule')).json().due).toBe(false);
  });
});

describe('gatehouse audit run', () => {
  it('prints a progress bar on stderr and the findings per query on stdout', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runAuditCommand(gh.ctx, ['run', '--from', '2025-07-01', '--to', '2025-12-31'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('1 July – 31 December 2025');
    expect(stderr).toContain('[##############################] 9/9 done');
    expect(stdout).toMatch(/Restriction change of state\s+2\n/);
    expect(stdout).toMatch(/Top downloaders\s+1\n/);
    expect(await runAuditCommand(gh.ctx, ['run', '--from', '2025-07-01', '--to', '2025-06-01'], { stdout: () => {}, stderr: (s) => (stderr = s) })).toBe(64);
    expect(stderr).toContain('AUDIT_PERIOD_INVALID');
  });
});
