import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { badRequest, conflict } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import type { AuditEngine } from './engine.js';
import { pgAuditEngine } from './pg-engine.js';
import { expandSnapshots } from '../entities/records.js';
import {
  AUDIT_QUERIES, DEFAULT_SETTINGS, QUERY_NAMES, type AuditPeriod, type AuditSettings, type FindingDraft, type QueryName,
} from './queries/index.js';

/**
 * The periodic audit run (SPEC §11): one row in audit_runs over [from, to), each query in turn with its progress,
 * findings upserted by fingerprint (new ones raised by 'periodic', known ones found again), the run's own view of
 * each in audit_run_findings, then the counts. The same period and settings give the same findings.
 */

export interface RunProgress {
  step: QueryName | 'done' | null;
  stepsDone: number;
  stepsTotal: number;
  updatedAt: string;
}

export interface RunRow {
  id: number;
  period_from: Date;
  period_to: Date;
  engine: 'postgres' | 'duckdb';
  state: 'running' | 'finished' | 'failed';
  progress: Partial<RunProgress>;
  settings: Partial<AuditSettings>;
  counts: Record<string, number>;
  error: string | null;
  started_by: number | null;
  started_at: Date;
  finished_at: Date | null;
}

const RUN_LOCK = 727011;
/** A running run whose progress has not moved for this long is taken for dead (its process stopped). */
export const STALE_RUN_MS = 60 * 60_000;

/** The two quarters before `now` (UTC): in January–March, 1 July – 31 December of the year before. */
export function defaultPeriod(now: Date): AuditPeriod {
  const quarter = Math.floor(now.getUTCMonth() / 3);
  const to = new Date(Date.UTC(now.getUTCFullYear(), quarter * 3, 1));
  const from = new Date(Date.UTC(now.getUTCFullYear(), quarter * 3 - 6, 1));
  return { from, to };
}

/** The settings a run uses: the defaults, overridden per run; refused when one makes no sense. */
export function runSettings(overrides: Partial<AuditSettings> = {}): AuditSettings {
  const s = { ...DEFAULT_SETTINGS, ...overrides };
  try {
    new RegExp(s.testProjectPattern, 'i');
  } catch {
    throw badRequest('AUDIT_SETTINGS_INVALID', `testProjectPattern is not a regular expression: ${s.testProjectPattern}`);
  }
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof AuditSettings)[]) {
    if (key === 'testProjectPattern') continue;
    const v = s[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < (key === 'exposedMinHours' ? 0 : 1)) {
      throw badRequest('AUDIT_SETTINGS_INVALID', `${key} must be a positive number.`);
    }
  }
  return s;
}

export interface StartRunInput {
  from?: Date;
  to?: Date;
  settings?: Partial<AuditSettings>;
  startedBy: number | null;
  engineKind?: 'postgres' | 'duckdb';
}

/** Checks the period, refuses a second run while one is going, and records the new run as running. */
export async function startRun(ctx: AppContext, input: StartRunInput): Promise<RunRow> {
  const now = ctx.clock.now();
  const proposed = defaultPeriod(now);
  // A bound left out is the proposed period's.
  const from = input.from ?? proposed.from;
  const to = input.to ?? proposed.to;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw badRequest('AUDIT_PERIOD_INVALID', 'The period needs valid dates.');
  if (to <= from) throw badRequest('AUDIT_PERIOD_INVALID', 'The period must end after it starts.');
  if (to > now) throw badRequest('AUDIT_PERIOD_INVALID', 'The period cannot end in the future: records after now do not exist yet.');
  const settings = runSettings(input.settings);
  return ctx.db.tx(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [RUN_LOCK]);
    const running = await sql.query<RunRow>(`SELECT * FROM audit_runs WHERE state = 'running' ORDER BY id`);
    for (const r of running) {
      const last = Date.parse(r.progress.updatedAt ?? '') || new Date(r.started_at).getTime();
      if (now.getTime() - last < STALE_RUN_MS) {
        throw conflict('AUDIT_RUN_IN_PROGRESS', `Audit run ${r.id} is still running; wait for it to finish.`, { runId: Number(r.id) });
      }
      await sql.query(`UPDATE audit_runs SET state = 'failed', error = $2, finished_at = $3 WHERE id = $1`,
        [r.id, 'The run stopped without finishing (its process ended).', now]);
    }
    const progress: RunProgress = { step: null, stepsDone: 0, stepsTotal: QUERY_NAMES.length, updatedAt: now.toISOString() };
    const run = await sql.one<RunRow>(
      `INSERT INTO audit_runs (period_from, period_to, engine, state, progress, settings, started_by, started_at)
       VALUES ($1, $2, $3, 'running', $4, $5, $6, $7) RETURNING *`,
      [from, to, input.engineKind ?? 'postgres', JSON.stringify(progress), JSON.stringify(settings), input.startedBy, now]);
    await appendAudit(sql, ctx.clock, {
      actorId: input.startedBy, action: 'audit.run-started', targetType: 'audit-run', targetId: Number(run.id),
      details: { from: from.toISOString(), to: to.toISOString(), settings },
    });
    return normalize(run);
  });
}

export function normalize(r: RunRow): RunRow {
  return { ...r, id: Number(r.id), started_by: r.started_by === null ? null : Number(r.started_by) };
}

/**
 * Runs every query of a started run, in order, and finishes it (or records why it failed). `engine` is where the
 * records are read (default: the operational database); findings and run rows are always written to ctx.db.
 * `onProgress` is told after each step (the command line's progress bar).
 */
export async function executeRun(ctx: AppContext, runId: number, options: { engine?: AuditEngine; onProgress?: (p: RunProgress) => void } = {}): Promise<RunRow> {
  const engine = options.engine ?? pgAuditEngine(ctx.db);
  const run = normalize(await ctx.db.one<RunRow>('SELECT * FROM audit_runs WHERE id = $1', [runId]));
  const period = { from: new Date(run.period_from), to: new Date(run.period_to) };
  const counts: Record<string, number> = {};
  let done = 0;
  const progress = async (step: RunProgress['step']) => {
    const p: RunProgress = { step, stepsDone: done, stepsTotal: QUERY_NAMES.length, updatedAt: ctx.clock.now().toISOString() };
    await ctx.db.query('UPDATE audit_runs SET progress = $2 WHERE id = $1', [runId, JSON.stringify(p)]);
    options.onProgress?.(p);
  };
  try {
    const settings = runSettings(run.settings);
    // Large subtree changes are snapshotted just after their request (docs/adr/0020): write them before reading.
    await ctx.db.tx((sql) => expandSnapshots(sql));
    for (const name of QUERY_NAMES) {
      await progress(name);
      const drafts = dedupe(await AUDIT_QUERIES[name](engine, period, settings));
      await ctx.db.tx(async (sql) => {
        for (const d of drafts) await recordFinding(sql, ctx, runId, d);
      });
      counts[name] = drafts.length;
      done++;
    }
    await progress('done');
    return await finish(ctx, run, 'finished', counts, null);
  } catch (err) {
    ctx.log.error({ err, runId }, 'audit run failed');
    return finish(ctx, run, 'failed', counts, err instanceof Error ? err.message : String(err));
  }
}

async function finish(ctx: AppContext, run: RunRow, state: 'finished' | 'failed', counts: Record<string, number>, error: string | null): Promise<RunRow> {
  return ctx.db.tx(async (sql) => {
    const row = await sql.one<RunRow>(
      `UPDATE audit_runs SET state = $2, counts = $3, error = $4, finished_at = $5 WHERE id = $1 RETURNING *`,
      [run.id, state, JSON.stringify(counts), error, ctx.clock.now()]);
    await appendAudit(sql, ctx.clock, {
      actorId: run.started_by, action: 'audit.run-finished', targetType: 'audit-run', targetId: run.id, details: { state, counts, error },
    });
    return normalize(row);
  });
}

function dedupe(drafts: FindingDraft[]): FindingDraft[] {
  const seen = new Set<string>();
  return drafts.filter((d) => (seen.has(d.fingerprint) ? false : (seen.add(d.fingerprint), true)));
}

/**
 * Stores one finding: raised when new (raised_by 'periodic' for a run, 'continuous' without one), found again
 * when its fingerprint is known; with a run, that run's view of it. Returns the finding's id and whether it is new.
 */
export async function recordFinding(sql: Sql, ctx: Pick<AppContext, 'clock'>, runId: number | null, d: FindingDraft): Promise<{ id: number; created: boolean }> {
  const now = ctx.clock.now();
  const inserted = await sql.maybeOne<{ id: number }>(
    `INSERT INTO audit_findings (fingerprint, query, use_case, project_id, entity_id, user_id, request_id, occurred_at, detail, raised_by, raised_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (fingerprint) DO NOTHING RETURNING id`,
    [d.fingerprint, d.query, d.useCase, d.projectId, d.entityId, d.userId, d.requestId, d.occurredAt, JSON.stringify(d.detail),
      runId === null ? 'continuous' : 'periodic', now]);
  const id = inserted ? Number(inserted.id) : Number((await sql.one<{ id: number }>('SELECT id FROM audit_findings WHERE fingerprint = $1', [d.fingerprint])).id);
  await sql.query(
    `INSERT INTO audit_finding_events (finding_id, at, actor_id, kind, body, details) VALUES ($1, $2, NULL, $3, $4, $5)`,
    [id, now, inserted ? 'raised' : 'found-again', d.detail.summary, JSON.stringify(runId === null ? {} : { runId })]);
  if (runId !== null) {
    await sql.query(
      `INSERT INTO audit_run_findings (run_id, finding_id, detail) VALUES ($1, $2, $3) ON CONFLICT (run_id, finding_id) DO UPDATE SET detail = EXCLUDED.detail`,
      [runId, id, JSON.stringify(d.detail)]);
  }
  return { id, created: inserted !== null };
}
