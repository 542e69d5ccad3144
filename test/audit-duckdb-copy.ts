import { DuckDBInstance } from '@duckdb/node-api';
import type { Sql } from '../src/infra/db.js';
import { AUDIT_TABLES, type AuditEngine } from '../src/audit/engine.js';

/**
 * For the tests only: the record tables of AUDIT_TABLES copied from the database into an in-memory DuckDB, with the
 * types PostgreSQL has, and an AuditEngine over them — so that every query's SQL is run on DuckDB as written and
 * its findings compared with PostgreSQL's. (The real DuckDB engine reads the Parquet export.)
 */
export async function duckdbCopy(sql: Sql): Promise<AuditEngine> {
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  const types: Record<string, string> = { bigint: 'BIGINT', integer: 'INTEGER', text: 'VARCHAR', boolean: 'BOOLEAN', 'timestamp with time zone': 'TIMESTAMPTZ', jsonb: 'JSON' };
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (v instanceof Date) return `TIMESTAMPTZ '${v.toISOString()}'`;
    if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    return `'${text.replace(/'/g, "''")}'`;
  };
  for (const [table, cols] of Object.entries(AUDIT_TABLES)) {
    const info = await sql.query<{ column_name: string; data_type: string; udt_name: string }>(
      'SELECT column_name, data_type, udt_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()', [table]);
    const defs = cols.map((c) => {
      const i = info.find((x) => x.column_name === c);
      if (!i) throw new Error(`AUDIT_TABLES names ${table}.${c}, which the database does not have`);
      const t = i.data_type === 'ARRAY' ? (i.udt_name === '_int8' ? 'BIGINT[]' : 'VARCHAR[]') : types[i.data_type];
      if (!t) throw new Error(`${table}.${c}: no DuckDB type for ${i.data_type}`);
      return { c, t };
    });
    await duck.run(`CREATE TABLE ${table} (${defs.map((d) => `"${d.c}" ${d.t}`).join(', ')})`);
    const rows = await sql.query<Record<string, unknown>>(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${table}`);
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => `(${defs.map((d) => `${literal(r[d.c])}::${d.t}`).join(', ')})`);
      await duck.run(`INSERT INTO ${table} VALUES ${chunk.join(', ')}`);
    }
  }
  const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);
  return {
    kind: 'duckdb',
    async all<T>(text: string, params: readonly unknown[] = []) {
      const values = params.map((p) => (p instanceof Date ? p.toISOString() : p)) as never;
      const reader = await duck.runAndReadAll(text, values);
      return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]))) as T[];
    },
    async close() {
      duck.closeSync();
    },
  };
}
