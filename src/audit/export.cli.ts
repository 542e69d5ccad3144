import { parseArgs } from 'node:util';
import type { Config } from '../infra/config.js';
import { openDb, type Db } from '../infra/db.js';
import { systemClock, type Clock } from '../infra/clock.js';
import { exportAuditRecords, ExportInUseError, postgresCopySource, type CopySource, type TableExportResult } from './export.js';

export const exportHelp = `Usage: gatehouse audit export --to DIR [--settle-minutes N]

  Writes the audit's records as Parquet under DIR (Hive-style DIR/<table>/date=YYYY-MM-DD/*.parquet, reference
  tables as DIR/<table>/snapshot.parquet) with DIR/manifest.json. Incremental: only the days not written yet,
  and only complete days (a day is written once its end, UTC, is --settle-minutes past; default 60). Run it
  again, e.g. daily, to add the new days. DuckDB, Trino, Spark and Snowflake read the files (see README).`;

export interface ExportCommandDeps {
  /** The database (tests); otherwise opened from config and closed after. */
  db?: Db;
  /** With deps.db: the COPY path to use, if any (otherwise JSON batches through the Db). */
  copyFrom?: CopySource;
  clock?: Clock;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** `gatehouse audit export --to DIR`: prints what it wrote (tables, days, rows, seconds). Exit status. */
export async function runAuditExportCommand(config: Config, args: string[], deps: ExportCommandDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => console.log(line));
  const err = deps.err ?? ((line: string) => console.error(line));
  let values: { to?: string; 'settle-minutes'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { to: { type: 'string' }, 'settle-minutes': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    err(`${(e as Error).message}\n\n${exportHelp}`);
    return 64;
  }
  if (values.help) {
    out(exportHelp);
    return 0;
  }
  if (!values.to) {
    err(`export needs --to DIR.\n\n${exportHelp}`);
    return 64;
  }
  const settle = Number(values['settle-minutes'] ?? '60');
  if (!Number.isFinite(settle) || settle < 0) {
    err(`--settle-minutes must be a number of minutes ≥ 0, not "${values['settle-minutes']}".`);
    return 64;
  }
  const db = deps.db ?? (await openDb(config));
  // On PostgreSQL the rows travel by COPY; PGlite (one connection, in process) reads them in JSON batches.
  const copy = deps.db ? deps.copyFrom : config.databaseUrl ? await postgresCopySource(config.databaseUrl) : undefined;
  try {
    const result = await exportAuditRecords(db, values.to, {
      clock: deps.clock ?? systemClock,
      copyFrom: copy,
      settleMs: settle * 60_000,
      onTable: (t) => out(describe(t)),
    });
    const days = new Set(result.tables.flatMap((t) => t.days)).size;
    out(`Exported ${fmt(result.rows)} rows (${days === 0 ? 'no new day' : `${days} ${days === 1 ? 'day' : 'days'}`}) to ${result.dir} in ${result.seconds.toFixed(1)} s; manifest: ${result.dir}/manifest.json`);
    return 0;
  } catch (e) {
    if (e instanceof ExportInUseError) {
      err(e.message);
      return 1;
    }
    throw e;
  } finally {
    if (!deps.db) {
      await copy?.close();
      await db.close();
    }
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

function describe(t: TableExportResult): string {
  const what = t.layout === 'snapshot'
    ? 'whole table'
    : t.days.length === 0
      ? 'no new day'
      : `${t.days.length} ${t.days.length === 1 ? 'day' : 'days'} (${t.days[0]}${t.days.length > 1 ? ` … ${t.days[t.days.length - 1]}` : ''})` +
        (t.lateDays.length ? `, ${t.lateDays.length} rewritten for late rows (${t.lateDays.join(', ')})` : '');
  return `  ${t.table.padEnd(30)} ${what.padEnd(44)} ${fmt(t.rows).padStart(12)} rows  ${t.seconds.toFixed(2).padStart(7)} s`;
}
