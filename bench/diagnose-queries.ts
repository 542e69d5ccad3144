/**
 * Diagnostic aid (not part of `npm run bench`): the CPU cost, in this Node process (node-postgres) and in the
 * PostgreSQL backends, of each database round trip that one HTTP decision check makes today, issued exactly as
 * the server issues them (pg.Pool of 10, unnamed statements, 16 in flight). Usage:
 *   npx tsx bench/diagnose-queries.ts --size small [--n 5000]
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { benchDatabaseName, benchDatabaseUrl, connect, fmtInt, pgTypes, serverUrl, type SizeName } from './common.js';
import { backendsOf, cpuSpan } from './measure.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const size = opt('--size', 'small') as SizeName;
const n = Number(opt('--n', '5000'));
const admin = await connect(serverUrl());
const pool = new pg.Pool({ connectionString: benchDatabaseUrl(size), max: 10, types: pgTypes });
const { rows: [{ id: userId }] } = await pool.query<{ id: number }>(`SELECT id FROM users WHERE status = 'active' ORDER BY id LIMIT 1`);
const hash = createHash('sha256').update('no such token').digest('hex');
const now = new Date();
const queries: [string, string, unknown[]][] = [
  ['token lookup', 'SELECT id, user_id, expires_at, revoked_at FROM access_tokens WHERE token_hash = $1', [hash]],
  ['loadCallerUser', `SELECT u.id, u.username, u.display_name, u.email, u.status, u.is_certified, u.is_validated, u.terms_version,
            u.totp_enabled_at,
            (SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1) AS current_terms,
            (SELECT array_agg(team_id ORDER BY team_id) FROM team_members WHERE user_id = u.id) AS teams
     FROM users u WHERE u.id = $1`, [userId]],
  ['token last_used_at UPDATE', `UPDATE access_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`, [-1, now]],
  ['index sync (access_changes)', 'SELECT seq, tbl, op, row FROM access_changes WHERE seq > $1 ORDER BY seq LIMIT 5000', [1e12]],
  ['SELECT 1', 'SELECT 1', []],
];
for (let i = 0; i < 50; i++) for (const [, text, values] of queries) await pool.query(text, values);
const pgPids = backendsOf(admin, benchDatabaseName(size));
for (const [name, text, values] of queries) {
  let next = 0;
  const { cpu } = await cpuSpan(async () => {
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next++ < n) await pool.query(text, values);
    }));
  }, { pgPids });
  console.log(`${name.padEnd(30)} ${fmtInt((n * 1000) / cpu.wallMs).padStart(7)}/s   Node ${fmtInt((cpu.ownMs * 1000) / n).padStart(4)} µs   PostgreSQL ${fmtInt((cpu.pgMs * 1000) / n).padStart(4)} µs per query   (others ${cpu.othersPct.toFixed(0)}%)`);
}
await pool.end();
await admin.end();
