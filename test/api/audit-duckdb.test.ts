import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { history } from '../audit-history.js';
import { exportAuditRecords } from '../../src/audit/export.js';
import { openParquetEngine } from '../../src/audit/duckdb-engine.js';
import { executeRun, startRun } from '../../src/audit/run.js';

/**
 * The whole audit run on the Parquet export through DuckDB (`gatehouse audit run --engine duckdb --from-parquet
 * DIR`) gives the same findings as on the database, on the same histories: every query, the same fingerprints and
 * the same facts.
 */
let gh: TestGatehouse;
let dir: string;
let owner: TestUser;
let mallory: TestUser;
let sam: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-audit-duckdb-'));
  owner = await gh.user('owner', { certified: true, validated: true });
  mallory = await gh.user('mallory', { certified: true });
  sam = await gh.user('sam', { security: true, certified: true });
});
afterAll(async () => {
  await gh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the audit on DuckDB over Parquet', () => {
  it('finds what the run on the database finds, query by query', async () => {
    const h = history(gh);
    const p = await h.entity('project', 'Cohort portal', { createdBy: owner.id });
    const relaxed = await h.entity('file', 'genotypes.csv', { parent: p, createdBy: owner.id });
    const controlled = await h.entity('file', 'clinical.csv', { parent: p, createdBy: owner.id });
    const copy = await h.entity('file', 'copy.csv', { parent: p, createdBy: mallory.id });
    const ar = await h.requirement('ManagedACT', 'Cohort DUA', { at: '2026-01-01' });
    const tou = await h.requirement('TermsOfUse', 'Cite us', { at: '2026-01-01', terms: 'Cite the cohort.' });
    await h.content(controlled, 'aaaabbbbccccddddeeeeffff00001111');
    await h.content(copy, 'aaaabbbbccccddddeeeeffff00001111');
    await h.snap(p, '2026-01-05', { public: true });
    await h.snap(relaxed, '2026-01-05', { public: true, controlled: true, ars: [ar] });
    await h.snap(controlled, '2026-01-05', { public: true, controlled: true, ars: [ar] });
    await h.snap(copy, '2026-02-03', { public: true });
    await h.snap(relaxed, '2026-02-10T10:00:00Z', { public: true, actorId: owner.id });
    await h.approve(tou, owner.id, '2026-01-20', { source: 'self', by: owner.id });
    await h.arSnapshot(tou, '2026-02-12', { type: 'TermsOfUse', name: 'Cite us', version: 2, terms: 'Cite the cohort and its funders.' });
    await h.download(mallory.id, controlled, '2026-02-15T09:00:00Z');
    for (let i = 0; i < 11; i++) await h.download(mallory.id, copy, `2026-02-16T${String(8 + i).padStart(2, '0')}:00:00Z`, { bytes: 2_000_000_000 });
    await h.incident(mallory.id, '2026-02-16T12:00:00Z', '2026-02-16T13:00:00Z', 9_000_000_000);
    const period = { from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') };

    const onDb = await executeRun(gh.ctx, (await startRun(gh.ctx, { ...period, startedBy: sam.id })).id);
    expect(onDb.state).toBe('finished');
    await exportAuditRecords(gh.ctx.db, dir, { clock: gh.clock });
    const engine = await openParquetEngine(dir);
    let onDuck;
    try {
      onDuck = await executeRun(gh.ctx, (await startRun(gh.ctx, { ...period, startedBy: sam.id, engineKind: 'duckdb' })).id, { engine });
    } finally {
      await engine.close();
    }
    expect(onDuck.state, onDuck.error ?? '').toBe('finished');
    expect(onDuck.counts).toEqual(onDb.counts);
    const found = async (runId: number) => gh.ctx.db.query<{ fingerprint: string; detail: Record<string, unknown> }>(
      `SELECT f.fingerprint, rf.detail FROM audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id WHERE rf.run_id = $1 ORDER BY f.fingerprint`, [runId]);
    const a = await found(onDb.id);
    const b = await found(onDuck.id);
    expect(b.map((r) => r.fingerprint)).toEqual(a.map((r) => r.fingerprint));
    expect(b.map((r) => r.detail)).toEqual(a.map((r) => r.detail));
    // The histories above give a finding to every query that has one to give.
    const queries = new Set(a.map((r) => r.fingerprint.split(':')[0]));
    for (const q of ['restriction-change', 'top-downloaders', 'md5-duplicates', 'unqualified-access', 'repeated-downloads', 'exfiltration-correlation', 'terms-changed-after-approval']) {
      expect(queries.has(q), q).toBe(true);
    }
  });
});
