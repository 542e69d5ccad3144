/**
 * Where the audit's SQL runs (SPEC §11 "Scale"): the operational PostgreSQL (or PGlite), or DuckDB over the
 * Parquet export. The queries are written once, in SQL both engines run: parameters `$1…` with explicit casts
 * (`$1::timestamptz`), no jsonb operators, arrays only through `unnest`.
 */
export interface AuditEngine {
  readonly kind: 'postgres' | 'duckdb';
  /** Runs one statement; ids and counts come back as numbers, timestamps as Date, booleans as booleans. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close?(): Promise<void>;
}
