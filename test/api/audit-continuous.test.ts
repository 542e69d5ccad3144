import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { history } from '../audit-history.js';
import { uploadFile } from '../forms.js';
import { runContinuousAudit } from '../../src/audit/continuous.js';
import { executeRun, startRun } from '../../src/audit/run.js';
import { requestFixtures } from './requests-fixtures.js';

/**
 * The continuous audit (SPEC §11): findings that can be known at the event are raised by the job as soon as the
 * record is written, ACT and the security engineers are told, and the next periodic run finds the same findings
 * again — already triaged — rather than new ones. The test clock stands at 2 March 2026; the events are in
 * February 2026.
 */
let gh: TestGatehouse;
let h: ReturnType<typeof history>;
let owner: TestUser;
let mallory: TestUser;
let act: TestUser;
let sam: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  h = history(gh);
  owner = await gh.user('owner', { certified: true, validated: true });
  mallory = await gh.user('mallory', { certified: true });
  act = await gh.user('aron', { act: true, certified: true });
  sam = await gh.user('sam', { security: true, certified: true });
});
afterAll(async () => gh?.stop());

const continuous = async () => gh.ctx.db.query<{ id: number; fingerprint: string; query: string; use_case: string | null; raised_by: string; state: string }>(
  `SELECT id, fingerprint, query, use_case, raised_by, state FROM audit_findings WHERE raised_by = 'continuous' ORDER BY fingerprint`);

describe('the continuous audit', () => {
  let raisedFingerprints: string[] = [];

  it('raises an AR removed from a public file, an unqualified download and a repeated-download burst from the records alone, and tells ACT and security once each', async () => {
    const p = await h.entity('project', 'Cohort portal', { createdBy: owner.id });
    const relaxed = await h.entity('file', 'genotypes.csv', { parent: p, createdBy: owner.id });
    const controlled = await h.entity('file', 'clinical.csv', { parent: p, createdBy: owner.id });
    const ar = await h.requirement('ManagedACT', 'Cohort DUA', { at: '2026-01-01' });
    await h.snap(p, '2026-01-05', { public: true });
    await h.snap(relaxed, '2026-01-05', { public: true, controlled: true, ars: [ar] });
    await h.snap(controlled, '2026-01-05', { public: true, controlled: true, ars: [ar] });
    // The AR comes off the first file on 10 February; Mallory, never approved, downloads the other on the 15th,
    // and twelve times more within a day.
    await h.snap(relaxed, '2026-02-10T10:00:00Z', { public: true, actorId: owner.id });
    const unqualified = await h.download(mallory.id, controlled, '2026-02-15T09:00:00Z');
    for (let i = 1; i <= 12; i++) await h.download(mallory.id, controlled, `2026-02-15T${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}:00Z`);

    const waiting = (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_checks')).n;
    expect(waiting).toBeGreaterThan(0);
    const raised = await runContinuousAudit(gh.ctx);
    expect(raised).toBeGreaterThanOrEqual(3);
    expect((await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_checks')).n).toBe(0);

    const found = await continuous();
    const byQuery = (q: string) => found.filter((f) => f.query === q);
    expect(byQuery('restriction-change').map((f) => [f.fingerprint, f.use_case])).toEqual([
      [`restriction-change:${relaxed.id}:2026-02-10T10:00:00.000Z`, 'ar-removed'],
    ]);
    expect(byQuery('unqualified-access').map((f) => f.fingerprint)).toContain(`unqualified-access:${unqualified}`);
    expect(byQuery('repeated-downloads').map((f) => f.fingerprint)).toEqual([`repeated-downloads:${mallory.id}:${controlled.id}:2026-02-15`]);
    raisedFingerprints = found.map((f) => f.fingerprint);

    // Running again finds nothing new: the checks are gone and the findings known.
    expect(await runContinuousAudit(gh.ctx)).toBe(0);

    // ACT and the security engineer are told, in the app (and by email), with a link to the findings.
    for (const user of [act, sam]) {
      const notices = await gh.ctx.db.query<{ title: string; link: string }>(
        `SELECT title, link FROM notifications WHERE user_id = $1 AND kind = 'audit.finding-raised'`, [user.id]);
      expect(notices.length).toBeGreaterThan(0);
      expect(notices.every((n) => n.link.startsWith('/audit'))).toBe(true);
    }
    expect((await gh.ctx.db.query(`SELECT 1 FROM notifications WHERE user_id = $1 AND kind = 'audit.finding-raised'`, [mallory.id])).length).toBe(0);
  });

  it('the periodic run over February finds every continuous finding again, keeps its triage, and raises no duplicate', async () => {
    const [first] = await continuous();
    const patched = await gh.as(act).patch(`/api/v1/audit/findings/${first.id}`, { ownerId: act.id, state: 'explained', note: 'Expected: the contributor lifted the DUA.' });
    expect(patched.statusCode, patched.body).toBe(200);

    const run = await startRun(gh.ctx, { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z'), startedBy: sam.id });
    const done = await executeRun(gh.ctx, run.id);
    expect(done.state).toBe('finished');
    const inRun = await gh.ctx.db.query<{ fingerprint: string; raised_by: string; state: string }>(
      `SELECT f.fingerprint, f.raised_by, f.state FROM audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id WHERE rf.run_id = $1`, [run.id]);
    const runFingerprints = new Set(inRun.map((f) => f.fingerprint));
    for (const fp of raisedFingerprints) expect(runFingerprints.has(fp), fp).toBe(true);
    // The two agree: of the queries the continuous audit runs, the run found nothing it had not raised.
    const eventQueries = ['restriction-change', 'md5-duplicates', 'unqualified-access', 'repeated-downloads', 'exfiltration-correlation', 'tier-revoked-downloads', 'self-approval', 'terms-changed-after-approval'];
    const fromRun = inRun.filter((f) => eventQueries.includes(f.fingerprint.split(':')[0])).map((f) => f.fingerprint).sort();
    expect(fromRun).toEqual([...raisedFingerprints].sort());
    // Found again, not raised again: still raised by the continuous audit, still explained.
    expect(inRun.find((f) => f.fingerprint === first.fingerprint)).toMatchObject({ raised_by: 'continuous', state: 'explained' });
    const events = await gh.ctx.db.query<{ kind: string }>('SELECT kind FROM audit_finding_events WHERE finding_id = $1 ORDER BY id', [first.id]);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['raised', 'owner', 'state', 'found-again']));
    expect((await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_findings WHERE fingerprint = $1', [first.fingerprint])).n).toBe(1);
  });

  it("a pair's later burst is raised once, a download inside a known burst's window raises none, and a run agrees", async () => {
    const known = await gh.ctx.db.one<{ id: number; project_id: number; parent_id: number | null; name: string }>(
      `SELECT e.id, e.project_id, e.parent_id, e.name FROM audit_findings f JOIN entities e ON e.id = f.entity_id
       WHERE f.query = 'repeated-downloads' AND f.user_id = $1`, [mallory.id]);
    const file = { id: Number(known.id), projectId: Number(known.project_id), parentId: known.parent_id === null ? null : Number(known.parent_id), type: 'file' as const, name: known.name };
    const bursts = async () => (await continuous()).filter((f) => f.query === 'repeated-downloads').map((f) => f.fingerprint);
    // Within 24 hours of the 15 February burst's first download: part of it, not a new burst (Mallory's download
    // is unqualified, though: that finding is raised).
    await h.download(mallory.id, file, '2026-02-16T08:00:00Z');
    await runContinuousAudit(gh.ctx);
    expect(await bursts()).toEqual([`repeated-downloads:${mallory.id}:${file.id}:2026-02-15`]);
    // Five days later, ten downloads in an afternoon: a second burst.
    for (let i = 0; i < 10; i++) await h.download(mallory.id, file, `2026-02-20T${String(13 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}:00Z`);
    await runContinuousAudit(gh.ctx);
    const both = [`repeated-downloads:${mallory.id}:${file.id}:2026-02-15`, `repeated-downloads:${mallory.id}:${file.id}:2026-02-20`];
    expect(await bursts()).toEqual(both);
    const run = await startRun(gh.ctx, { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z'), startedBy: sam.id });
    expect((await executeRun(gh.ctx, run.id)).state).toBe('finished');
    const inRun = await gh.ctx.db.query<{ fingerprint: string }>(
      `SELECT f.fingerprint FROM audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id WHERE rf.run_id = $1 AND f.query = 'repeated-downloads' ORDER BY 1`, [run.id]);
    expect(inRun.map((f) => f.fingerprint)).toEqual(both);
  });

  it('through the API: a click-wrap unbound from a file of a public project is raised at once, and a copy of controlled content in a public place too', async () => {
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Open portal' })).json();
    expect((await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, {
      entries: [{ principalId: owner.id, accessTypes: ['READ', 'DOWNLOAD', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CREATE'] }, { principalId: 1, accessTypes: ['READ', 'DOWNLOAD'] }],
    })).statusCode).toBe(200);
    const file = (await uploadFile(gh.as(owner), project.id, 'survey.csv', 'id,answer\n1,yes\n')).json();
    const tou = (await gh.as(act).post('/api/v1/access-requirements', {
      type: 'TermsOfUse', name: 'Survey terms', terms: 'Cite the survey.', subjects: [{ type: 'entity', id: file.id }],
    })).json();
    expect(tou.id).toBeDefined();
    // A controlled project holding the same bytes as a file added to the public project later.
    const vault = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Vault' })).json();
    const secret = (await uploadFile(gh.as(owner), vault.id, 'secret.csv', 'id,diagnosis\n1,x\n')).json();
    expect((await gh.as(act).post('/api/v1/access-requirements', {
      type: 'ManagedACT', name: 'Vault DUA', terms: 'Apply.', subjects: [{ type: 'entity', id: vault.id }],
    })).statusCode).toBe(201);
    await runContinuousAudit(gh.ctx);

    gh.clock.advance(60_000);
    const unbound = await gh.as(act).delete(`/api/v1/access-requirements/${tou.id}/subjects/entity/${file.id}`);
    expect(unbound.statusCode, unbound.body).toBeLessThan(300);
    const copy = (await uploadFile(gh.as(owner), project.id, 'copy-of-secret.csv', 'id,diagnosis\n1,x\n')).json();
    await runContinuousAudit(gh.ctx);

    const found = await continuous();
    const numeric = (id: string) => Number(id.replace(/^syn/i, ''));
    expect(found.filter((f) => f.fingerprint.startsWith(`restriction-change:${numeric(file.id)}:`)).map((f) => f.use_case)).toEqual(['ar-removed']);
    expect(found.map((f) => f.fingerprint)).toContain(`md5-duplicates:${numeric(secret.id)}:${numeric(copy.id)}`);
  });
});

describe('approvals granted through a request', () => {
  it('name the reviewer who approved as their granter, so the self-approval query does not take the requestor for one', async () => {
    const f = requestFixtures(gh);
    const rita = await gh.user('rita', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [rita]);
    const request = await f.filled(rita, ar.id);
    const submission = await f.submit(rita, request.id);
    await f.approve(act, submission.id);
    const approval = await gh.ctx.db.one<{ id: number; created_by: number; submitter_id: number }>(
      'SELECT id, created_by, submitter_id FROM approvals WHERE access_requirement_id = $1 AND accessor_id = $2', [ar.id, rita.id]);
    expect(Number(approval.created_by)).toBe(act.id);
    expect(Number(approval.submitter_id)).toBe(rita.id);
    const event = await gh.ctx.db.one<{ actor_id: number }>(`SELECT actor_id FROM approval_events WHERE approval_id = $1 AND change = 'granted'`, [approval.id]);
    expect(Number(event.actor_id)).toBe(act.id);
    await runContinuousAudit(gh.ctx);
    expect((await gh.ctx.db.query(`SELECT 1 FROM audit_findings WHERE fingerprint = $1`, [`self-approval:${approval.id}`])).length).toBe(0);
  });
});
