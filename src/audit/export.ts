/**
 * The audit's records as Parquet (SPEC §11 "Scale"): `gatehouse audit export --to DIR`.
 *
 * Layout (Hive-style, what DuckDB, Trino, Spark and Snowflake read as a partitioned table):
 *
 *   DIR/manifest.json                                   what is there: tables, columns and types, days, rows
 *   DIR/<record table>/date=YYYY-MM-DD/part-<uuid>.parquet   the rows whose time column falls on that UTC day
 *   DIR/<reference table>/snapshot.parquet               the whole table as of the export, rewritten every time
 *
 * Incremental: a day is written once it is complete — its end plus SETTLE (an hour by default, for rows that
 * are still updated shortly after they are written, such as a download in progress) lies in the past. Today's
 * partial day is never written. A next export writes the days after the last one written, and rewrites an
 * earlier day only if the database now holds more rows for it than the manifest says (late rows); a day the
 * database holds fewer rows for (retention) is left as exported. The manifest is written last, atomically: an
 * export that breaks off leaves the previous manifest, and the days it had begun are written again next time.
 * (Late rows are noticed by one count of the rows before the last day written against the manifest's total, so
 * an export with nothing new is cheap; rows deleted by retention can hide as many late rows.)
 *
 * How the rows travel, never as JavaScript objects, into a DuckDB staging table with the manifest's column types,
 * which one `COPY … (FORMAT parquet, PARTITION_BY (date))` then writes (one file per day and export, sorted by id):
 *   - on PostgreSQL with a URL (`copyFrom: postgresCopySource(url)`): `COPY (SELECT …) TO STDOUT (FORMAT csv)`
 *     in parts of 16 days, each streamed to a file that DuckDB's parallel CSV reader loads while the database
 *     writes the next part — about twice as fast as JSON;
 *   - otherwise (PGlite, or a Db only): batches of `batchRows` by keyset on id (from the smallest id of the days
 *     to write), each one newline-delimited JSON text built by the database (row_to_json), the next batch read
 *     while DuckDB loads the current one. Only `Db.query`.
 * Both give the same files (test/api/audit-export.test.ts compares them).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Clock } from '../infra/clock.js';
import { DAY, HOUR } from '../infra/clock.js';
import type { Db } from '../infra/db.js';
import { expandSnapshots } from '../entities/records.js';
import { projectRoot } from '../infra/root.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 1;
/** The Hive partition column (a UTC date). */
export const PARTITION_COLUMN = 'date';
export const SNAPSHOT_FILE = 'snapshot.parquet';

/**
 * A table the export writes. `daily`: a record table, partitioned by the UTC day of `time`; `snapshot`: a
 * reference table written whole. `columns`: only these (a table with secrets, such as users); otherwise every
 * column the table has (read from information_schema at each export, so columns added by later migrations are
 * exported without a change here). `key`: the column the reads page on (unique, increasing); none: one read.
 */
export interface ExportTable {
  name: string;
  layout: 'daily' | 'snapshot';
  time?: string;
  key?: string;
  columns?: readonly string[];
}

/**
 * The records the audit reads. When engine.ts exports AUDIT_TABLES (table → columns the queries read), this list
 * must hold each of its tables (test/api/audit-export.test.ts checks it), with all their columns.
 */
export const EXPORT_TABLES: readonly ExportTable[] = [
  { name: 'entity_snapshots', layout: 'daily', time: 'at', key: 'id' },
  { name: 'acl_snapshots', layout: 'daily', time: 'at', key: 'id' },
  { name: 'access_requirement_snapshots', layout: 'daily', time: 'at', key: 'id' },
  { name: 'user_tier_events', layout: 'daily', time: 'at', key: 'id' },
  { name: 'approval_events', layout: 'daily', time: 'at', key: 'id' },
  { name: 'download_records', layout: 'daily', time: 'at', key: 'id' },
  { name: 'decision_denials', layout: 'daily', time: 'at', key: 'id' },
  // A blob never changes once stored.
  { name: 'blobs', layout: 'daily', time: 'created_at', key: 'id' },
  // received_at is Gatehouse's clock; observed_at is the source's and may lie in a day already written.
  { name: 'egress_events', layout: 'daily', time: 'received_at', key: 'id' },
  // state and bytes settle when the download ends (within SETTLE of its day's end).
  { name: 'egress_downloads', layout: 'daily', time: 'at', key: 'id' },
  // An incident changes for weeks (state, actions, decision): written whole.
  { name: 'egress_incidents', layout: 'snapshot', key: 'id' },
  { name: 'entities', layout: 'snapshot', key: 'id',
    columns: ['id', 'name', 'type', 'parent_id', 'project_id', 'created_by', 'modified_by', 'created_at', 'modified_at', 'description', 'data_type', 'trashed_at'] },
  // Never the password hash, TOTP secrets or the single sign-on subject.
  { name: 'users', layout: 'snapshot', key: 'id', columns: ['id', 'username', 'display_name', 'email', 'status', 'created_at', 'is_certified', 'is_validated', 'totp_enabled_at'] },
  { name: 'team_members', layout: 'snapshot' },
  { name: 'access_requirements', layout: 'snapshot', key: 'id' },
  { name: 'access_requirement_acl', layout: 'snapshot' },
  { name: 'file_versions', layout: 'snapshot' },
  { name: 'teams', layout: 'snapshot', key: 'id' },
];

export const DEFAULT_SETTLE_MS = HOUR;
const DEFAULT_BATCH_ROWS = 100_000;

export interface ManifestColumn {
  name: string;
  /** The PostgreSQL type (information_schema udt_name: int8, timestamptz, _int8, jsonb, …). */
  pgType: string;
  /** The Parquet/DuckDB type. */
  type: string;
}

export interface ManifestDay {
  rows: number;
  files: string[];
  exportedAt: string;
}

export interface ManifestTable {
  layout: 'daily' | 'snapshot';
  /** daily: the column whose UTC date is the partition `date`. */
  timeColumn: string | null;
  /** The path of the table's files under DIR, as a glob engines read. */
  files: string;
  columns: ManifestColumn[];
  /** daily: each day written, with its row count. */
  days: Record<string, ManifestDay>;
  /** daily: the last day written; days after it are written by the next export. */
  lastCompleteDay: string | null;
  rows: number;
  exportedAt: string;
}

export interface Manifest {
  format: number;
  gatehouseVersion: string;
  exportedAt: string;
  /** Days end at UTC midnight; a day is written once its end is this long past. */
  settleMinutes: number;
  partitionColumn: string;
  tables: Record<string, ManifestTable>;
}

export interface TableExportResult {
  table: string;
  layout: 'daily' | 'snapshot';
  /** The days written by this export (daily tables). */
  days: string[];
  /** The days rewritten because the database held rows the previous export had not seen. */
  lateDays: string[];
  rows: number;
  seconds: number;
}

export interface ExportResult {
  dir: string;
  tables: TableExportResult[];
  rows: number;
  seconds: number;
  manifest: Manifest;
}

export interface ExportOptions {
  clock: Clock;
  tables?: readonly ExportTable[];
  settleMs?: number;
  batchRows?: number;
  /** Called after each table. */
  onTable?: (result: TableExportResult) => void;
  /** The fast path on PostgreSQL (postgresCopySource); without it, JSON batches through the Db. */
  copyFrom?: CopySource;
  /** Days per COPY part (default 16). */
  copyPartDays?: number;
}

/** Runs `COPY (query) TO STDOUT (FORMAT csv)` into a file, in UTC and ISO dates. */
export interface CopySource {
  copyToFile(query: string, file: string): Promise<void>;
  close(): Promise<void>;
}

/** A CopySource on its own connection to the same PostgreSQL (pg-copy-streams). */
export async function postgresCopySource(databaseUrl: string): Promise<CopySource> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("SET TimeZone = 'UTC'");
  await client.query("SET DateStyle = 'ISO, YMD'");
  await client.query('SET extra_float_digits = 3');
  return {
    async copyToFile(query, file) {
      await pipeline(client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT csv)`)), createWriteStream(file));
    },
    close: () => client.end(),
  };
}

export class ExportInUseError extends Error {
  constructor(readonly lockFile: string, readonly pid: number) {
    super(`Another export (process ${pid}) is writing to this directory; if it is no longer running, remove ${lockFile}.`);
  }
}

/** PostgreSQL (udt_name) → Parquet/DuckDB. Anything else is exported as its text. */
const TYPE_MAP: Record<string, string> = {
  int8: 'BIGINT', int4: 'INTEGER', int2: 'SMALLINT', bool: 'BOOLEAN', text: 'VARCHAR', varchar: 'VARCHAR',
  timestamptz: 'TIMESTAMP WITH TIME ZONE', timestamp: 'TIMESTAMP', date: 'DATE', float8: 'DOUBLE', float4: 'FLOAT',
  numeric: 'DOUBLE', jsonb: 'VARCHAR', json: 'VARCHAR', uuid: 'VARCHAR',
  _int8: 'BIGINT[]', _int4: 'INTEGER[]', _text: 'VARCHAR[]', _bool: 'BOOLEAN[]',
};

export function duckdbType(pgType: string): string {
  return TYPE_MAP[pgType] ?? 'VARCHAR';
}

/** How a column is selected for the JSON batch: JSON documents and unknown types as text. */
function selectExpr(c: ManifestColumn): string {
  const id = quoteIdent(c.name);
  if (c.pgType === 'jsonb' || c.pgType === 'json' || !(c.pgType in TYPE_MAP)) return `${id}::text AS ${id}`;
  return id;
}

/** The same for CSV: arrays as JSON text too ('[1,2]', which DuckDB casts to a list). */
function csvSelectExpr(c: ManifestColumn): string {
  const id = quoteIdent(c.name);
  if (c.pgType.startsWith('_') && c.pgType in TYPE_MAP) return `array_to_json(${id})::text AS ${id}`;
  return selectExpr(c);
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function readManifest(dir: string): Manifest | null {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${file} has format ${manifest.format}; this Gatehouse reads format ${MANIFEST_FORMAT}.`);
  return manifest;
}

function gatehouseVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** Writes the records into dir (created if need be), incrementally against dir's manifest. */
export async function exportAuditRecords(db: Db, dir: string, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  dir = path.resolve(dir);
  // The records name users and what they downloaded: a new export directory is readable by its owner only.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const release = lock(dir);
  const tmp = path.join(dir, `.tmp-${process.pid}-${randomUUID().slice(0, 8)}`);
  mkdirSync(tmp);
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: path.join(tmp, 'spill') });
  const duck = await instance.connect();
  try {
    await duck.run("SET TimeZone = 'UTC'");
    // Large subtree changes are snapshotted just after their request (docs/adr/0020): write them first.
    await db.tx((sql) => expandSnapshots(sql));
    const previous = readManifest(dir);
    const now = options.clock.now();
    const exportedAt = now.toISOString();
    // The first instant not yet complete: days before it are written.
    const completeBefore = Math.floor((now.getTime() - settleMs) / DAY) * DAY;
    const manifest: Manifest = {
      format: MANIFEST_FORMAT, gatehouseVersion: gatehouseVersion(), exportedAt, settleMinutes: settleMs / 60_000,
      partitionColumn: PARTITION_COLUMN, tables: { ...(previous?.tables ?? {}) },
    };
    const results: TableExportResult[] = [];
    for (const table of options.tables ?? EXPORT_TABLES) {
      const t0 = performance.now();
      const columns = await columnsOf(db, table);
      const job: TableJob = { db, duck, dir, tmp, table, columns, batchRows, exportedAt, copy: options.copyFrom ?? null,
        copyPartDays: options.copyPartDays ?? DEFAULT_COPY_PART_DAYS };
      const result = table.layout === 'daily'
        ? await exportDaily(job, previous?.tables[table.name] ?? null, new Date(completeBefore), manifest)
        : await exportSnapshot(job, manifest);
      result.seconds = (performance.now() - t0) / 1000;
      results.push(result);
      options.onTable?.(result);
    }
    writeFileSync(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    renameSync(path.join(tmp, MANIFEST_FILE), path.join(dir, MANIFEST_FILE));
    return {
      dir, tables: results, rows: results.reduce((n, r) => n + r.rows, 0), seconds: (performance.now() - started) / 1000, manifest,
    };
  } finally {
    duck.closeSync();
    instance.closeSync();
    rmSync(tmp, { recursive: true, force: true });
    release();
  }
}

interface TableJob {
  db: Db;
  duck: DuckDBConnection;
  dir: string;
  tmp: string;
  table: ExportTable;
  columns: ManifestColumn[];
  batchRows: number;
  exportedAt: string;
  copy: CopySource | null;
  copyPartDays: number;
}

async function columnsOf(db: Db, table: ExportTable): Promise<ManifestColumn[]> {
  const rows = await db.query<{ name: string; pg_type: string }>(
    `SELECT column_name AS name, udt_name AS pg_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [table.name]);
  if (rows.length === 0) throw new Error(`the table ${table.name} does not exist (are the migrations applied?)`);
  const chosen = table.columns ? rows.filter((r) => table.columns!.includes(r.name)) : rows;
  return chosen.filter((r) => r.name !== PARTITION_COLUMN).map((r) => ({ name: r.name, pgType: r.pg_type, type: duckdbType(r.pg_type) }));
}

async function createStage(job: TableJob): Promise<void> {
  await job.duck.run('DROP TABLE IF EXISTS stage');
  await job.duck.run(`CREATE TABLE stage (${job.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`);
}

/**
 * Reads the rows matching `where` (params from $3 on) into the staging table, in batches keyed on the table's
 * key after `after` ($1; limit $2), the next batch read while DuckDB loads the current one.
 */
async function stage(job: TableJob, where: string, params: unknown[], after: number | null): Promise<number> {
  const { table, columns } = job;
  const select = columns.map(selectExpr).join(', ');
  const from = quoteIdent(table.name);
  const fetch = (cursor: number | null): Promise<{ data: string | null; last: number | null; n: number }> => {
    if (!table.key) {
      if (where) throw new Error(`${table.name} has no key to read it by day`);
      return job.db.one(`SELECT string_agg(row_to_json(b)::text, E'\\n') AS data, NULL AS last, count(*)::int AS n
        FROM (SELECT ${select} FROM ${from}) b`);
    }
    const key = quoteIdent(table.key);
    return job.db.one(`SELECT string_agg(row_to_json(b)::text, E'\\n') AS data, max(b.${key}) AS last, count(*)::int AS n
      FROM (SELECT ${select} FROM ${from} WHERE ($1::bigint IS NULL OR ${key} > $1::bigint) ${where ? `AND ${where}` : ''}
            ORDER BY ${key} LIMIT $2) b`, [cursor, job.batchRows, ...params]);
  };
  const structure = `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}`;
  const file = path.join(job.tmp, 'batch.ndjson');
  let rows = 0;
  let pending = fetch(after);
  for (;;) {
    const batch = await pending;
    if (batch.n === 0 || batch.data === null) break;
    const more = table.key !== undefined && batch.n === job.batchRows;
    if (more) pending = fetch(Number(batch.last));
    writeFileSync(file, batch.data);
    await job.duck.run(`INSERT INTO stage SELECT * FROM read_json(${sqlString(file)}, format = 'newline_delimited',
      columns = ${structure}, maximum_object_size = 1073741824)`);
    rows += batch.n;
    if (!more) break;
  }
  return rows;
}

/** At most this many days per COPY: the next part is copied out of PostgreSQL while DuckDB loads the current one. */
const DEFAULT_COPY_PART_DAYS = 16;

/**
 * Loads the rows of the ranges (or, with none, the whole table) into the staging table through COPY … csv, part
 * after part, the database writing part i + 1 while DuckDB reads part i.
 */
async function stageByCopy(job: TableJob, ranges: Array<{ from: Date; to: Date }> | null): Promise<number> {
  const { table, columns } = job;
  const time = table.time ? quoteIdent(table.time) : null;
  const parts: Array<{ from: Date; to: Date } | null> = [];
  if (ranges === null) parts.push(null);
  else {
    for (const r of ranges) {
      for (let from = r.from.getTime(); from < r.to.getTime(); from += job.copyPartDays * DAY) {
        parts.push({ from: new Date(from), to: new Date(Math.min(from + job.copyPartDays * DAY, r.to.getTime())) });
      }
    }
  }
  const select = `SELECT ${columns.map(csvSelectExpr).join(', ')} FROM ${quoteIdent(table.name)}`;
  const copyPart = async (i: number): Promise<string> => {
    const part = parts[i];
    const where = part
      ? ` WHERE ${time} >= ${sqlString(part.from.toISOString())}::timestamptz AND ${time} < ${sqlString(part.to.toISOString())}::timestamptz`
      : '';
    const file = path.join(job.tmp, `${table.name}-${i}.csv`);
    await job.copy!.copyToFile(select + where, file);
    return file;
  };
  const structure = `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}`;
  const count = async () => Number((await job.duck.runAndReadAll('SELECT count(*) AS n FROM stage')).getRowObjectsJS()[0].n);
  const before = await count();
  let pending = parts.length ? copyPart(0) : null;
  for (let i = 0; pending; i++) {
    const file = await pending;
    pending = i + 1 < parts.length ? copyPart(i + 1) : null;
    try {
      if (statSync(file).size > 0) {
        await job.duck.run(`INSERT INTO stage SELECT * FROM read_csv(${sqlString(file)}, header = false, delim = ',', quote = '"', escape = '"',
          allow_quoted_nulls = false, columns = ${structure})`);
      }
    } catch (err) {
      await pending?.catch(() => undefined);
      throw err;
    } finally {
      rmSync(file, { force: true });
    }
  }
  return (await count()) - before;
}

async function exportDaily(job: TableJob, before: ManifestTable | null, completeBefore: Date, manifest: Manifest): Promise<TableExportResult> {
  const { table, duck } = job;
  const time = quoteIdent(table.time!);
  const key = quoteIdent(table.key!);
  const tableDir = path.join(job.dir, table.name);
  mkdirSync(tableDir, { recursive: true });
  const days: Record<string, ManifestDay> = { ...(before?.days ?? {}) };
  // What the database holds per complete day, and the smallest id of each (where reading a day starts). Days
  // already written are counted one by one only when, together, they hold more rows than the manifest says.
  const perDay = (from: Date | null) => job.db.query<{ day: string; rows: number; min_id: number }>(
    `SELECT to_char((${time} AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::bigint AS rows, min(${key}) AS min_id
       FROM ${quoteIdent(table.name)} WHERE ${time} < $1 AND ($2::timestamptz IS NULL OR ${time} >= $2::timestamptz) GROUP BY 1 ORDER BY 1`,
    [completeBefore, from]);
  const known = before?.lastCompleteDay ? new Date(dayStart(before.lastCompleteDay).getTime() + DAY) : null;
  let counts: Awaited<ReturnType<typeof perDay>>;
  if (known) {
    const { n } = await job.db.one<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${quoteIdent(table.name)} WHERE ${time} < $1`, [known]);
    const exported = Object.values(days).reduce((sum, d) => sum + d.rows, 0);
    counts = await perDay(Number(n) > exported ? null : known);
  } else {
    counts = await perDay(null);
  }
  const toWrite = counts.filter((c) => !days[c.day] || Number(c.rows) > days[c.day].rows);
  const lateDays = toWrite.filter((c) => days[c.day]).map((c) => c.day);
  // Contiguous runs of days to write: one keyset scan each.
  const runs: Array<{ from: string; to: string; minId: number }> = [];
  for (const c of toWrite) {
    const last = runs[runs.length - 1];
    if (last && Date.parse(`${c.day}T00:00:00Z`) - Date.parse(`${last.to}T00:00:00Z`) === DAY) {
      last.to = c.day;
      last.minId = Math.min(last.minId, Number(c.min_id));
    } else {
      runs.push({ from: c.day, to: c.day, minId: Number(c.min_id) });
    }
  }
  await createStage(job);
  let rows = 0;
  const end = (day: string) => new Date(dayStart(day).getTime() + DAY);
  if (job.copy) {
    rows = await stageByCopy(job, runs.map((r) => ({ from: dayStart(r.from), to: end(r.to) })));
  } else {
    for (const run of runs) rows += await stage(job, `${time} >= $3 AND ${time} < $4`, [dayStart(run.from), end(run.to)], run.minId - 1);
  }
  const written: string[] = [];
  if (rows > 0) {
    const staged = (await duck.runAndReadAll(
      `SELECT CAST(CAST(${time} AS DATE) AS VARCHAR) AS day, count(*)::BIGINT AS n FROM stage GROUP BY 1 ORDER BY 1`)).getRowObjectsJS();
    // A day is replaced whole: files of an earlier export of it, or of one that broke off, go first.
    for (const r of staged) rmSync(path.join(tableDir, `${PARTITION_COLUMN}=${r.day as string}`), { recursive: true, force: true });
    const exportId = randomUUID().slice(0, 8);
    await duck.run(`COPY (SELECT *, CAST(${time} AS DATE) AS ${PARTITION_COLUMN} FROM stage ORDER BY ${key})
      TO ${sqlString(tableDir)} (FORMAT parquet, PARTITION_BY (${PARTITION_COLUMN}), OVERWRITE_OR_IGNORE,
      FILENAME_PATTERN ${sqlString(`part-${exportId}-{i}`)})`);
    for (const r of staged) {
      const day = r.day as string;
      const partition = `${PARTITION_COLUMN}=${day}`;
      const files = readdirSync(path.join(tableDir, partition)).filter((f) => f.endsWith('.parquet')).map((f) => `${table.name}/${partition}/${f}`);
      days[day] = { rows: Number(r.n), files, exportedAt: job.exportedAt };
      written.push(day);
    }
  }
  await duck.run('DROP TABLE stage');
  const allDays = Object.keys(days).sort();
  manifest.tables[table.name] = {
    // The columns of the newest files: a column added since the last day written appears with the next day
    // written (engines read files without it as NULL, but need one file that has it).
    layout: 'daily', timeColumn: table.time!, files: `${table.name}/${PARTITION_COLUMN}=*/*.parquet`,
    columns: written.length || !before ? job.columns : before.columns,
    days: Object.fromEntries(allDays.map((d) => [d, days[d]])),
    lastCompleteDay: allDays.length ? allDays[allDays.length - 1] : (before?.lastCompleteDay ?? null),
    rows: allDays.reduce((n, d) => n + days[d].rows, 0), exportedAt: job.exportedAt,
  };
  return { table: table.name, layout: 'daily', days: written, lateDays: lateDays.filter((d) => written.includes(d)), rows, seconds: 0 };
}

async function exportSnapshot(job: TableJob, manifest: Manifest): Promise<TableExportResult> {
  const { table } = job;
  const tableDir = path.join(job.dir, table.name);
  mkdirSync(tableDir, { recursive: true });
  await createStage(job);
  const rows = job.copy ? await stageByCopy(job, null) : await stage(job, '', [], null);
  const order = table.key ? `ORDER BY ${quoteIdent(table.key)}` : '';
  const part = path.join(job.tmp, `${table.name}.parquet`);
  await job.duck.run(`COPY (SELECT * FROM stage ${order}) TO ${sqlString(part)} (FORMAT parquet)`);
  renameSync(part, path.join(tableDir, SNAPSHOT_FILE));
  await job.duck.run('DROP TABLE stage');
  manifest.tables[table.name] = {
    layout: 'snapshot', timeColumn: null, files: `${table.name}/${SNAPSHOT_FILE}`, columns: job.columns, days: {},
    lastCompleteDay: null, rows, exportedAt: job.exportedAt,
  };
  return { table: table.name, layout: 'snapshot', days: [], lateDays: [], rows, seconds: 0 };
}

/** One export at a time per directory: DIR/.export.lock holds the writer's pid. */
function lock(dir: string): () => void {
  const file = path.join(dir, '.export.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (alive(pid)) throw new ExportInUseError(file, pid);
      rmSync(file, { force: true }); // left by an export that died
    }
  }
  throw new ExportInUseError(file, Number(readFileSync(file, 'utf8')));
}

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
