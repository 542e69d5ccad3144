import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';
import { projectRoot } from './root.js';

// Any constant works; it only has to be the same for every Gatehouse process.
const MIGRATION_LOCK = 727001;

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the numbered plain-SQL files of migrations/ that have not run yet, each in its own
 * transaction, under an advisory lock so that several processes starting at once apply each file once.
 */
export async function migrate(db: Db, dir = path.join(projectRoot(), 'migrations')): Promise<MigrationResult> {
  const files = readdirSync(dir)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort();
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    await db.tx(async (sql) => {
      await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await sql.maybeOne('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (done) return;
      await runScript(db, readFileSync(path.join(dir, file), 'utf8'));
      await sql.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    });
  }
  return { applied };
}

/** Runs a script of several statements (no parameters) inside the current transaction. */
async function runScript(db: Db, script: string): Promise<void> {
  for (const statement of splitStatements(script)) await db.query(statement);
}

/**
 * Splits on semicolons outside quotes, comments and dollar-quoted bodies, so that migrations can
 * hold functions. Extended-protocol queries (used by both drivers) take one statement at a time.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === '-' && script[i + 1] === '-') {
      i = script.indexOf('\n', i);
      if (i < 0) i = script.length;
    } else if (c === '/' && script[i + 1] === '*') {
      i = script.indexOf('*/', i + 2) + 2;
    } else if (c === "'" || c === '"') {
      i = script.indexOf(c, i + 1) + 1;
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i));
      if (tag) i = script.indexOf(tag[0], i + tag[0].length) + tag[0].length;
      else i++;
    } else if (c === ';') {
      out.push(script.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(script.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
}
