import { parseArgs } from 'node:util';
import type { AppContext } from '../context.js';
import { Problem } from '../infra/problem.js';
import { QUERY_TITLES, periodText } from './queries/index.js';
import { executeRun, startRun, type RunProgress } from './run.js';
import { parsePeriodBound } from './runs.routes.js';
import type { AuditEngine } from './engine.js';
import { openParquetEngine, type ParquetEngine } from './duckdb-engine.js';

const help = `Usage: gatehouse audit <subcommand>

  run [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--engine postgres|duckdb --from-parquet DIR]
      Runs the security audit over the period (default: the two quarters before today; --to includes that day),
      with a progress bar on standard error and the findings per query on standard output. Exit status 0 when
      the run finished. With --engine duckdb the records are read from a Parquet export (gatehouse audit export)
      through embedded DuckDB; the findings are stored in Gatehouse's database as with the default engine.

  export --to DIR [--settle-minutes N]
      Writes the records as Parquet files partitioned by day (see README, "Audit records as Parquet").`;

/** `gatehouse audit …`: one subcommand per case. */
export async function runAuditCommand(ctx: AppContext, args: string[], out: { stdout: (s: string) => void; stderr: (s: string) => void } = {
  stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s),
}): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'run':
      return auditRun(ctx, rest, out);
    default:
      out.stdout(`${help}\n`);
      return sub === undefined || sub === 'help' ? 0 : 64;
  }
}

async function auditRun(ctx: AppContext, args: string[], out: { stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  let values: { from?: string; to?: string; engine?: string; 'from-parquet'?: string };
  try {
    ({ values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, engine: { type: 'string' }, 'from-parquet': { type: 'string' } } }));
  } catch (err) {
    out.stderr(`${(err as Error).message}\n${help}\n`);
    return 64;
  }
  const engineKind = values.engine ?? (values['from-parquet'] ? 'duckdb' : 'postgres');
  if (engineKind !== 'postgres' && engineKind !== 'duckdb') {
    out.stderr(`--engine must be postgres or duckdb, not "${engineKind}".\n`);
    return 64;
  }
  if (engineKind === 'duckdb' && !values['from-parquet']) {
    out.stderr('--engine duckdb reads a Parquet export: give its directory with --from-parquet DIR.\n');
    return 64;
  }
  let engine: ParquetEngine | undefined;
  if (engineKind === 'duckdb') {
    try {
      engine = await openParquetEngine(values['from-parquet']!);
    } catch (err) {
      out.stderr(`${(err as Error).message}\n`);
      return 66;
    }
  }
  try {
    return await auditRunWith(ctx, values, engineKind, engine, out);
  } finally {
    await engine?.close();
  }
}

async function auditRunWith(
  ctx: AppContext, values: { from?: string; to?: string }, engineKind: 'postgres' | 'duckdb', engine: AuditEngine | undefined,
  out: { stdout: (s: string) => void; stderr: (s: string) => void },
): Promise<number> {
  let runId: number;
  try {
    const run = await startRun(ctx, {
      from: values.from === undefined ? undefined : parsePeriodBound(values.from, 'from'),
      to: values.to === undefined ? undefined : parsePeriodBound(values.to, 'to'),
      startedBy: null,
      engineKind,
    });
    runId = run.id;
    out.stderr(`Audit run ${run.id}: ${periodText({ from: new Date(run.period_from), to: new Date(run.period_to) })}\n`);
  } catch (err) {
    if (err instanceof Problem) {
      out.stderr(`${err.detail} (${err.code})\n`);
      return err.status === 409 ? 75 : 64;
    }
    throw err;
  }
  const bar = (p: RunProgress) => {
    const width = 30;
    const filled = Math.round((p.stepsDone / p.stepsTotal) * width);
    const step = p.step === 'done' ? 'done' : p.step ? QUERY_TITLES[p.step] : '';
    out.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.stepsDone}/${p.stepsTotal} ${step.padEnd(40)}`);
  };
  const run = await executeRun(ctx, runId, { onProgress: bar, ...(engine ? { engine } : {}) });
  out.stderr('\n');
  if (run.state !== 'finished') {
    out.stderr(`The audit run failed: ${run.error}\n`);
    return 1;
  }
  const width = Math.max(...Object.values(QUERY_TITLES).map((t) => t.length));
  const lines = Object.entries(QUERY_TITLES).map(([q, title]) => `${title.padEnd(width)}  ${run.counts[q] ?? 0}`);
  out.stdout(`Audit run ${run.id} finished: findings per query\n${lines.join('\n')}\n`);
  return 0;
}
