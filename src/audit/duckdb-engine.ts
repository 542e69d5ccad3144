/**
 * The audit's SQL on the Parquet export (src/audit/export.ts), through embedded DuckDB:
 * `gatehouse audit run --engine duckdb --from-parquet DIR`.
 *
 * Each exported table becomes a view with the database's name and exactly the database's columns (the Hive
 * partition column `date` is left out), so the queries written for PostgreSQL run unchanged. A table with no
 * rows exported yet is an empty table of the manifest's types. Files of older exports that lack a column added
 * since read it as NULL (union_by_name). Results are converted to what the PostgreSQL engine gives: BIGINT and
 * HUGEINT (sum, count) as numbers, timestamps and dates as Date, lists as arrays, JSON documents (jsonb columns)
 * parsed. DuckDB runs in UTC.
 */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { AuditEngine } from './engine.js';
import { quoteIdent, readManifest, sqlString, type Manifest } from './export.js';

export interface ParquetEngine extends AuditEngine {
  readonly kind: 'duckdb';
  readonly manifest: Manifest;
  close(): Promise<void>;
}

export class ParquetExportMissingError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} holds no audit export (no manifest.json): write one with \`gatehouse audit export --to ${dir}\`.`);
  }
}

export interface ParquetEngineOptions {
  /** DuckDB worker threads; DuckDB's default is one per core. */
  threads?: number;
}

export async function openParquetEngine(dir: string, options: ParquetEngineOptions = {}): Promise<ParquetEngine> {
  dir = path.resolve(dir);
  const manifest = readManifest(dir);
  if (!manifest) throw new ParquetExportMissingError(dir);
  const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
  const setup = await instance.connect();
  try {
    await setup.run("SET GLOBAL TimeZone = 'UTC'");
    // The footers of the files are read once per engine, not once per query (checked against the file's mtime).
    await setup.run('SET GLOBAL parquet_metadata_cache = true');
    for (const [name, table] of Object.entries(manifest.tables)) {
      // JSON documents are text in the files; as JSON in the view, results give them parsed, as PostgreSQL does.
      const columns = table.columns
        .map((c) => c.pgType === 'jsonb' || c.pgType === 'json' ? `CAST(${quoteIdent(c.name)} AS JSON) AS ${quoteIdent(c.name)}` : quoteIdent(c.name))
        .join(', ');
      const hasFiles = table.layout === 'snapshot' || Object.keys(table.days).length > 0;
      if (!hasFiles) {
        await setup.run(`CREATE TABLE ${quoteIdent(name)} (${table.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`);
        continue;
      }
      const files = sqlString(path.join(dir, table.files));
      const source = table.layout === 'daily'
        ? `read_parquet(${files}, hive_partitioning = true, union_by_name = true)`
        : `read_parquet(${files})`;
      await setup.run(`CREATE VIEW ${quoteIdent(name)} AS SELECT ${columns} FROM ${source}`);
    }
  } finally {
    setup.closeSync();
  }
  let closed = false;
  return {
    kind: 'duckdb',
    manifest,
    async all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      if (closed) throw new Error('the DuckDB engine is closed');
      // A connection per statement: statements may run side by side (DuckDB's connections are cheap).
      const connection = await instance.connect();
      try {
        const reader = await connection.runAndReadAll(sql, params.map(toDuck) as never);
        const json = reader.columnTypes().map((t, i) => (t.alias === 'JSON' ? reader.columnName(i) : null)).filter((n) => n !== null);
        return reader.getRowObjectsJS().map((row) => {
          const out = fromDuck(row) as Record<string, unknown>;
          for (const name of json) if (typeof out[name] === 'string') out[name] = JSON.parse(out[name]);
          return out as T;
        });
      } finally {
        connection.closeSync();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      instance.closeSync();
    },
  };
}

/** Parameters: a Date as its ISO text (the SQL casts it: `$1::timestamptz`), bigint kept, the rest as given. */
function toDuck(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

function fromDuck(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value === null || value instanceof Date || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromDuck);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromDuck(v)]));
}
