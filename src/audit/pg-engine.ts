import type { Sql } from '../infra/db.js';
import type { AuditEngine } from './engine.js';

/**
 * AuditEngine on the operational PostgreSQL or PGlite. The queries cast their aggregates to bigint, and both
 * drivers give int8 as numbers here (src/infra/db.ts); a BigInt (PGlite with other settings) or a numeric string
 * is turned into a number so that both engines answer alike.
 */
export function pgAuditEngine(sql: Sql): AuditEngine {
  return {
    kind: 'postgres',
    async all<T = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<T[]> {
      const rows = await sql.query<Record<string, unknown>>(text, params);
      for (const row of rows) {
        for (const key of Object.keys(row)) {
          const v = row[key];
          if (typeof v === 'bigint') row[key] = Number(v);
        }
      }
      return rows as T[];
    },
  };
}
