/**
 * The audit section of the benchmark (issue 11 "Performance"): `npm run bench -- --only audit [--size small]`.
 *
 * On generated records of one year — full: 10,000,000 downloads, 5,000,000 entity snapshots, and ACL, AR,
 * approval and tier histories beside them; small: 1/100 of each — it times, in one run:
 *   1. the Parquet export (src/audit/export.ts) of the whole year into a fresh directory, and an export again
 *      right after (nothing new: the incremental path's fixed cost);
 *   2. a list of audit-shaped queries, each on PostgreSQL and on DuckDB over the export (src/audit/duckdb-engine.ts),
 *      with the answers of the two checked equal; the totals against the issue's targets (whole audit ≤ 30 s on
 *      PostgreSQL, ≤ 5 s on DuckDB) and their ratio.
 *
 * The queries are `BenchQuery` values: by default the audit run's own (AUDIT_RUN_QUERIES); AUDIT_SHAPED_QUERIES
 * are plain-SQL reads of the same tables, kept for comparing an engine's raw scan speed (`$1` = period start,
 * `$2` = period end, as timestamptz).
 *
 * Database: `gatehouse_bench_audit_<size>` on the bench's server (BENCH_DATABASE_URL, else DATABASE_URL), created,
 * migrated and filled with generate_series (triggers off: session_replication_role = replica), kept and reused
 * (bench_audit_marker) unless --regenerate. Without a server URL in the environment the section is skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openDb, type Db } from '../src/infra/db.js';
import { systemClock } from '../src/infra/clock.js';
import { migrate } from '../src/infra/migrate.js';
import { exportAuditRecords, postgresCopySource } from '../src/audit/export.js';
import { openParquetEngine } from '../src/audit/duckdb-engine.js';
import type { AuditEngine } from '../src/audit/engine.js';
import { AUDIT_QUERIES, DEFAULT_SETTINGS, QUERY_NAMES, QUERY_TITLES } from '../src/audit/queries/index.js';
import { connect, fmtInt, log, serverUrl, type SizeName } from './common.js';
import { backendsOf, cpuSpan } from './measure.js';
import { runEgressSection, type ReportSink } from './egress.js';
import { CONTINUOUS_AUDIT_MEASUREMENTS } from './audit-continuous.js';

/** One timed read: SQL both engines run, or a function over an engine (the audit's own queries). */
export type BenchQuery =
  | {
    name: string;
    sql: string;
    /** Default: [period start, period end]. */
    params?: unknown[] | ((period: [Date, Date]) => unknown[]);
  }
  | { name: string; run: (engine: AuditEngine, period: [Date, Date]) => Promise<unknown[]> };

/**
 * The whole audit: each of the run's queries (src/audit/queries, the nine of a run: the six of §11 and the three
 * beyond them) with the default settings, over the whole period, as `gatehouse audit run` calls them. Its
 * answers are compared as findings (fingerprint and detail, through JSON as they are stored).
 */
export const AUDIT_RUN_QUERIES: readonly BenchQuery[] = QUERY_NAMES.map((name) => ({
  name: QUERY_TITLES[name],
  run: async (engine: AuditEngine, [from, to]: [Date, Date]) => {
    const drafts = await AUDIT_QUERIES[name](engine, { from, to }, DEFAULT_SETTINGS);
    return drafts.map((d) => JSON.parse(JSON.stringify({ fingerprint: d.fingerprint, detail: d.detail })) as unknown)
      .sort((a, b) => ((a as { fingerprint: string }).fingerprint < (b as { fingerprint: string }).fingerprint ? -1 : 1));
  },
}));

export interface AuditBenchOptions {
  size: SizeName;
  report: ReportSink;
  quiet: (part: string) => Promise<void>;
  regenerate?: boolean;
  /** What "the whole audit" is; default AUDIT_RUN_QUERIES. */
  queries?: readonly BenchQuery[];
}

/** Bump when the generated records change, so that an old database is not reused. */
const GENERATOR_VERSION = 2;

interface Volumes {
  downloads: number;
  entitySnapshots: number;
  aclSnapshots: number;
  arSnapshots: number;
  approvals: number;
  approvalEvents: number;
  tierEvents: number;
  denials: number;
  blobs: number;
  users: number;
  projects: number;
  files: number;
  accessRequirements: number;
}

const FULL: Volumes = {
  downloads: 10_000_000, entitySnapshots: 5_000_000, aclSnapshots: 500_000, arSnapshots: 20_000, approvals: 200_000,
  approvalEvents: 400_000, tierEvents: 100_000, denials: 500_000, blobs: 500_000, users: 20_000, projects: 1_000,
  files: 500_000, accessRequirements: 2_000,
};

export function volumesOf(size: SizeName): Volumes {
  if (size === 'full') return FULL;
  return Object.fromEntries(Object.entries(FULL).map(([k, v]) => [k, Math.max(10, Math.round(v / 100))])) as unknown as Volumes;
}

const DAY_MS = 86_400_000;

/**
 * Audit-shaped queries over the period: the reads the six queries make (windows over the snapshot history,
 * downloads joined to the state at their instant, approvals held at an instant, tier revocations, MD5 groups,
 * top lists). Portable SQL: qualified `at` (a keyword in DuckDB), `$n::timestamptz`, sums cast to bigint.
 */
export const AUDIT_SHAPED_QUERIES: readonly BenchQuery[] = [
  {
    name: 'top downloaders (files, bytes, distinct files)',
    sql: `WITH top AS (
            SELECT d.user_id, count(*) AS files, sum(d.bytes)::bigint AS bytes, count(DISTINCT d.entity_id) AS distinct_files
              FROM download_records d WHERE d.at >= $1::timestamptz AND d.at < $2::timestamptz AND d.result = 'served'
             GROUP BY d.user_id ORDER BY files DESC, d.user_id LIMIT 20)
          SELECT t.user_id, u.username, t.files, t.bytes, t.distinct_files FROM top t JOIN users u ON u.id = t.user_id
           ORDER BY t.files DESC, t.user_id`,
  },
  {
    name: 'repeated downloads (user, file ≥ 20 times)',
    sql: `SELECT d.user_id, d.entity_id, count(*) AS downloads, min(d.at) AS first_at
            FROM download_records d WHERE d.at >= $1::timestamptz AND d.at < $2::timestamptz AND d.result = 'served'
           GROUP BY d.user_id, d.entity_id HAVING count(*) >= 20 ORDER BY downloads DESC, d.user_id, d.entity_id LIMIT 1000`,
  },
  {
    name: 'restriction changes of public entities, per project (LAG over snapshots)',
    sql: `WITH s AS (
            SELECT s.entity_id, s.project_id, s.at, s.is_public, s.is_restricted, s.is_controlled,
                   LAG(s.is_public) OVER w AS was_public, LAG(s.is_restricted) OVER w AS was_restricted,
                   LAG(s.is_controlled) OVER w AS was_controlled
              FROM entity_snapshots s WHERE s.at < $2::timestamptz
            WINDOW w AS (PARTITION BY s.entity_id ORDER BY s.at, s.id))
          SELECT s.project_id, count(*) AS changes, count(DISTINCT s.entity_id) AS entities
            FROM s WHERE s.at >= $1::timestamptz AND (s.is_public OR s.was_public)
             AND ((s.was_controlled AND NOT s.is_controlled) OR (s.was_restricted AND NOT s.is_restricted) OR s.was_public <> s.is_public)
           GROUP BY s.project_id ORDER BY changes DESC, s.project_id`,
  },
  {
    name: 'downloads of controlled files without an approval held at that instant',
    sql: `WITH iv AS (
            SELECT s.entity_id, s.at AS since, LEAD(s.at) OVER (PARTITION BY s.entity_id ORDER BY s.at, s.id) AS until,
                   s.is_controlled, s.effective_access_requirements AS ars
              FROM entity_snapshots s WHERE s.at < $2::timestamptz),
          controlled AS (
            SELECT x.entity_id, x.since, x.until, x.ar_id
              FROM (SELECT iv.entity_id, iv.since, iv.until, unnest(iv.ars) AS ar_id FROM iv WHERE iv.is_controlled) x),
          dl AS (
            SELECT d.id, d.user_id, d.at, c.ar_id FROM download_records d
              JOIN controlled c ON c.entity_id = d.entity_id AND d.at >= c.since AND (c.until IS NULL OR d.at < c.until)
             WHERE d.at >= $1::timestamptz AND d.at < $2::timestamptz AND d.result = 'served'),
          held AS (
            SELECT e.accessor_id, e.access_requirement_id, e.state, e.expires_on, e.at AS since,
                   LEAD(e.at) OVER (PARTITION BY e.approval_id ORDER BY e.at, e.id) AS until
              FROM approval_events e WHERE e.at < $2::timestamptz)
          SELECT count(*) AS downloads, count(DISTINCT dl.user_id) AS users, min(dl.id) AS first_id, max(dl.id) AS last_id
            FROM dl WHERE NOT EXISTS (
              SELECT 1 FROM held h WHERE h.accessor_id = dl.user_id AND h.access_requirement_id = dl.ar_id AND h.state = 'APPROVED'
                 AND dl.at >= h.since AND (h.until IS NULL OR dl.at < h.until) AND (h.expires_on IS NULL OR dl.at < h.expires_on))`,
  },
  {
    name: 'downloads after a tier revocation (until granted again)',
    sql: `WITH ev AS (
            SELECT t.id, t.user_id, t.change, t.at, LEAD(t.at) OVER (PARTITION BY t.user_id, t.tier ORDER BY t.at, t.id) AS next_at
              FROM user_tier_events t)
          SELECT ev.id, ev.user_id, count(*) AS downloads, sum(d.bytes)::bigint AS bytes
            FROM ev JOIN download_records d ON d.user_id = ev.user_id AND d.at > ev.at AND (ev.next_at IS NULL OR d.at < ev.next_at)
           WHERE ev.change = 'revoked' AND d.at >= $1::timestamptz AND d.at < $2::timestamptz AND d.result = 'served'
           GROUP BY ev.id, ev.user_id ORDER BY downloads DESC, ev.id LIMIT 100`,
  },
  {
    name: 'MD5 groups of stored files',
    sql: `SELECT b.md5, count(*) AS copies, min(b.id) AS first_blob, max(b.id) AS last_blob, sum(b.size)::bigint AS bytes
            FROM blobs b WHERE b.created_at < $1::timestamptz GROUP BY b.md5 HAVING count(*) > 1
           ORDER BY copies DESC, b.md5 LIMIT 1000`,
    params: ([, to]) => [to],
  },
];

async function generate(url: string, v: Volumes, yearStart: Date, yearEnd: Date): Promise<void> {
  const client = await connect(url);
  try {
    await client.query('SET session_replication_role = replica');
    await client.query('SELECT setseed(0.20260302)');
    const step = async (label: string, sql: string, params: unknown[] = []) => {
      const t0 = performance.now();
      await client.query(sql, params);
      log(`audit: generated ${label} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    };
    const span = `($1::timestamptz + (g::float8 / n) * ($2::timestamptz - $1::timestamptz))`;
    // n: the table's row count, inlined (a parameter would need one type in both places it is used).
    const rows = (sql: string, n: number) => sql.replaceAll('(g::float8 / n)', `(g::float8 / ${n})`).replaceAll('$N', String(n));
    const y = [yearStart, yearEnd];
    // The big tables' secondary indexes are built after their rows (a sorted build instead of 10,000,000 random
    // insertions): their definitions are read from the catalog, so indexes added by later migrations come back too.
    const big = ['download_records', 'entity_snapshots', 'acl_snapshots', 'approval_events', 'user_tier_events', 'decision_denials'];
    const indexes = (await client.query<{ name: string; def: string }>(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`, [big])).rows;
    for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
    const U0 = 10_000; // first user id
    const P0 = 1_000_000; // first project id; files follow
    const F0 = P0 + v.projects;
    const AR0 = 9_600_000;
    const user = (r = 'random()') => `(${U0} + floor(power(${r}, 2) * ${v.users})::bigint)`;
    const file = `(${F0} + floor(random() * ${v.files})::bigint)`;
    // A file's restriction is its own, stable (a hash of its id): < 0.2 controlled, < 0.4 restricted; its AR is
    // one of AR0 + 2k (ManagedACT) or AR0 + 2k + 1 (TermsOfUse), as in the snapshots below. Its public flag is its
    // project's (3 projects in 10). Snapshots keep that state but for 2% (restriction) and 1% (public) of them,
    // so changes of state are what the audit looks for, not every row.
    const stableLevel = (f: string) => `((((${f}) * 7919) % 1000) / 1000.0)`;
    // A user holding an approval of the file's AR (ManagedACT when controlled, TermsOfUse when restricted): approval g has AR AR0 + g % ARs and accessor
    // U0 + (g * 7919) % users (see approvals below); g = ar + ARs * j for j ≥ 1 is one of that AR's approvals.
    const perAr = Math.max(2, Math.floor(v.approvals / v.accessRequirements));
    const holderOf = (f: string) => `(${U0} + (((2 * (((${f}) % ${v.accessRequirements}) / 2) + CASE WHEN ${stableLevel(f)} < 0.2 THEN 0 ELSE 1 END) + ${v.accessRequirements} * (1 + floor(random() * ${perAr - 1})::bigint)) * 7919) % ${v.users})`;
    await step('users', `WITH p AS (INSERT INTO principals (id, kind) SELECT ${U0} + g, 'user' FROM generate_series(0, $1 - 1) g RETURNING id)
      INSERT INTO users (id, username, email, display_name, created_at, is_certified)
      SELECT id, 'user' || id, 'user' || id || '@example.org', 'User ' || id, $2::timestamptz, true FROM p`, [v.users, yearStart]);
    await step('entities', `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
      SELECT ${P0} + g, NULL, 'project', 'project-' || g, ${P0} + g, 'e', ${U0}, $1::timestamptz, ${U0}, $1::timestamptz FROM generate_series(0, ${v.projects - 1}) g
      UNION ALL
      SELECT ${F0} + g, ${P0} + g % ${v.projects}, 'file', 'file-' || g, ${P0} + g % ${v.projects}, 'e', ${U0} + g % ${v.users}, $1::timestamptz,
             ${U0} + g % ${v.users}, $1::timestamptz FROM generate_series(0, ${v.files - 1}) g`, [yearStart]);
    await step('access requirements', `INSERT INTO access_requirements (id, type, name, terms, etag, created_at, modified_at)
      SELECT ${AR0} + g, CASE WHEN g % 2 = 0 THEN 'ManagedACT' ELSE 'TermsOfUse' END, 'AR ' || g, 'Terms of AR ' || g, 'e', $1::timestamptz, $1::timestamptz
        FROM generate_series(0, ${v.accessRequirements - 1}) g`, [yearStart]);
    await step('approvals', `INSERT INTO approvals (id, access_requirement_id, accessor_id, submitter_id, access_requirement_version, state, created_at, modified_at)
      SELECT g, ${AR0} + (g % ${v.accessRequirements}), ${U0} + (g * 7919) % ${v.users}, ${U0} + (g * 7919) % ${v.users}, 1, 'APPROVED', $1::timestamptz, $1::timestamptz
        FROM generate_series(1, ${v.approvals}) g`, [yearStart]);
    await step('download records', rows(`INSERT INTO download_records (at, user_id, entity_id, version, blob_id, bytes, project_id, client, result, rule)
      SELECT ${span}, CASE WHEN ${stableLevel('f')} < 0.4 AND random() < 0.995 THEN ${holderOf('f')} ELSE ${user()} END, f, 1, f - ${F0} + 1, (random() * 50000000)::bigint, ${P0} + (f - ${F0}) % ${v.projects},
             CASE WHEN random() < 0.7 THEN 'api' ELSE 'web' END, CASE WHEN random() < 0.97 THEN 'served' ELSE 'denied' END, 'GRANT'
        FROM (SELECT g, CASE WHEN random() < 0.2 THEN ${F0} + floor(power(random(), 3) * 2000)::bigint ELSE ${file} END AS f
                FROM generate_series(1, $N) g) x`, v.downloads), y);
    await step('entity snapshots', rows(`INSERT INTO entity_snapshots (at, change, actor_id, entity_id, version, name, type, parent_id, project_id,
        benefactor_id, data_type, in_trash, is_public, is_restricted, is_controlled, effective_access_requirements, authorization_domain, created_at, modified_at,
        has_local_acl, has_local_access_requirement)
      SELECT ${span}, 'updated', ${U0}, f, 1, 'file-' || f, 'file', ${P0} + (f - ${F0}) % ${v.projects}, ${P0} + (f - ${F0}) % ${v.projects},
             ${P0} + (f - ${F0}) % ${v.projects}, 'SENSITIVE_DATA', false,
             CASE WHEN random() < 0.01 THEN random() < 0.5 ELSE ((f - ${F0}) % ${v.projects}) % 10 < 3 END, c < 0.4, c < 0.2,
             CASE WHEN c < 0.2 THEN ARRAY[${AR0} + 2 * ((f % ${v.accessRequirements}) / 2)]::bigint[]
                  WHEN c < 0.4 THEN ARRAY[${AR0} + 1 + 2 * ((f % ${v.accessRequirements}) / 2)]::bigint[] ELSE '{}'::bigint[] END,
             '{}', $1::timestamptz, ${span}, false, c < 0.4
        FROM (SELECT g, f, CASE WHEN random() < 0.02 THEN random() ELSE ${stableLevel('f')} END AS c
                FROM (SELECT g, ${file} AS f FROM generate_series(1, $N) g) y) x`, v.entitySnapshots), y);
    await step('ACL snapshots', rows(`INSERT INTO acl_snapshots (at, actor_id, entity_id, entries)
      SELECT ${span}, ${U0}, ${P0} + floor(random() * ${v.projects})::bigint,
             jsonb_build_array(jsonb_build_object('principalId', CASE WHEN random() < 0.3 THEN 2 ELSE ${U0} END, 'accessTypes', jsonb_build_array('READ', 'DOWNLOAD')))
        FROM generate_series(1, $N) g`, v.aclSnapshots), y);
    await step('AR snapshots', rows(`INSERT INTO access_requirement_snapshots (at, change, actor_id, access_requirement_id, version, type, name, terms, settings, subjects)
      SELECT ${span}, 'updated', ${U0}, ${AR0} + g % ${v.accessRequirements}, 1 + g / ${v.accessRequirements},
             CASE WHEN g % 2 = 0 THEN 'ManagedACT' ELSE 'TermsOfUse' END, 'AR ' || g % ${v.accessRequirements}, 'Terms, version ' || g,
             '{"certifiedRequired": true}', '[]' FROM generate_series(1, $N) g`, v.arSnapshots), y);
    // Approval history: each approval granted in the first half of the year; the later events renew or revoke.
    await step('approval events', rows(`INSERT INTO approval_events (at, approval_id, access_requirement_id, access_requirement_version, accessor_id, state, expires_on, source, actor_id, change)
      SELECT CASE WHEN g <= ${v.approvals} THEN $1::timestamptz - random() * interval '100 days' ELSE ${span} END,
             a, ${AR0} + (a % ${v.accessRequirements}), 1, ${U0} + (a * 7919) % ${v.users}, st, $2::timestamptz + interval '200 days', 'act', ${U0},
             CASE WHEN st = 'REVOKED' THEN 'revoked' WHEN g <= ${v.approvals} THEN 'granted' ELSE 'updated' END
        FROM (SELECT g, 1 + (g - 1) % ${v.approvals} AS a, CASE WHEN g > ${v.approvals} AND random() < 0.03 THEN 'REVOKED' ELSE 'APPROVED' END AS st
                FROM generate_series(1, $N) g) x`, v.approvalEvents), y);
    await step('tier events', rows(`INSERT INTO user_tier_events (user_id, tier, change, how, actor_id, details, at)
      SELECT ${U0} + floor(random() * ${v.users})::bigint, 'certified', CASE WHEN random() < 0.05 THEN 'revoked' ELSE 'granted' END, 'act', ${U0}, '{}', ${span}
        FROM generate_series(1, $N) g`, v.tierEvents), y);
    await step('decision denials', rows(`INSERT INTO decision_denials (at, user_id, entity_id, action, rule, message)
      SELECT ${span}, ${user()}, ${file}, 'DOWNLOAD', 'DENY_UNMET_REQUIREMENTS', 'Access requirements not met' FROM generate_series(1, $N) g`, v.denials), y);
    await step('blobs', rows(`INSERT INTO blobs (id, storage_key, size, md5, content_type, file_name, created_by, created_at)
      SELECT g, 'k' || g, (random() * 50000000)::bigint, md5((g % ${Math.round(v.blobs * 0.9)})::text), 'text/csv', 'file-' || g || '.csv', ${U0}, ${span}
        FROM generate_series(1, $N) g`, v.blobs), y);
    const t0 = performance.now();
    for (const i of indexes) await client.query(i.def);
    log(`audit: built ${indexes.length} indexes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await step('VACUUM ANALYZE', 'VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

async function ensureDatabase(size: SizeName, regenerate: boolean): Promise<{ url: string; yearStart: Date; yearEnd: Date; reused: boolean; seconds: number }> {
  const name = `gatehouse_bench_audit_${size}`;
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const admin = await connect(serverUrl());
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (exists && !regenerate) {
      const probe = await connect(url.toString());
      try {
        const marker = await probe.query<{ version: number; year_start: Date; year_end: Date }>(
          'SELECT version, year_start, year_end FROM bench_audit_marker').catch(() => null);
        const m = marker?.rows[0];
        if (m && m.version === GENERATOR_VERSION) return { url: url.toString(), yearStart: m.year_start, yearEnd: m.year_end, reused: true, seconds: 0 };
      } finally {
        await probe.end();
      }
    }
    if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const t0 = performance.now();
  const db = await openDb({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  // One year of complete days, ending at today's UTC midnight.
  const yearEnd = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  const yearStart = new Date(yearEnd.getTime() - 365 * DAY_MS);
  await generate(url.toString(), volumesOf(size), yearStart, yearEnd);
  const client = await connect(url.toString());
  try {
    await client.query('CREATE TABLE bench_audit_marker (version int NOT NULL, year_start timestamptz NOT NULL, year_end timestamptz NOT NULL)');
    await client.query('INSERT INTO bench_audit_marker VALUES ($1, $2, $3)', [GENERATOR_VERSION, yearStart, yearEnd]);
  } finally {
    await client.end();
  }
  return { url: url.toString(), yearStart, yearEnd, reused: false, seconds: (performance.now() - t0) / 1000 };
}

async function timeQueries(engine: AuditEngine, queries: readonly BenchQuery[], period: [Date, Date]) {
  const out: Array<{ name: string; ms: number; rows: unknown[] }> = [];
  for (const q of queries) {
    const t0 = performance.now();
    let rows: unknown[];
    if ('run' in q) rows = await q.run(engine, period);
    else rows = await engine.all(q.sql, typeof q.params === 'function' ? q.params(period) : q.params ?? period);
    out.push({ name: q.name, ms: performance.now() - t0, rows });
  }
  return out;
}

export async function runAuditSection(options: AuditBenchOptions): Promise<void> {
  const { report, size } = options;
  const section = 'audit';
  if (!process.env.BENCH_DATABASE_URL && !process.env.DATABASE_URL) {
    report.add(section, 'Audit section skipped', 'no PostgreSQL',
      'set DATABASE_URL (or BENCH_DATABASE_URL) to a PostgreSQL server: the section generates its records there');
    return;
  }
  const queries = options.queries ?? AUDIT_RUN_QUERIES;
  const v = volumesOf(size);
  const gen = await ensureDatabase(size, options.regenerate ?? false);
  report.add(section, 'Records (one year)', `${fmtInt(v.downloads)} downloads, ${fmtInt(v.entitySnapshots)} entity snapshots`,
    `${fmtInt(v.aclSnapshots)} ACL, ${fmtInt(v.arSnapshots)} AR, ${fmtInt(v.approvalEvents)} approval, ${fmtInt(v.tierEvents)} tier events, ` +
    `${fmtInt(v.denials)} denials, ${fmtInt(v.blobs)} blobs; ${gen.reused ? 'database reused' : `generated in ${gen.seconds.toFixed(0)} s`}`);
  const db: Db = await openDb({ databaseUrl: gen.url, dataDir: os.tmpdir() });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-audit-'));
  try {
    await options.quiet('audit export');
    const copy = await postgresCopySource(gen.url);
    const exported = await exportAuditRecords(db, dir, {
      clock: systemClock, copyFrom: copy, onTable: (t) => log(`audit: exported ${t.table}: ${fmtInt(t.rows)} rows in ${t.seconds.toFixed(1)} s`),
    });
    const slowest = [...exported.tables].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((t) => `${t.table} ${t.seconds.toFixed(1)} s`).join(', ');
    report.add(section, 'Parquet export of the year (first export)', `${exported.seconds.toFixed(1)} s`,
      `${fmtInt(exported.rows)} rows, ${fmtInt(exported.rows / exported.seconds)} rows/s; slowest: ${slowest}`);
    const again = await exportAuditRecords(db, dir, { clock: systemClock, copyFrom: copy });
    await copy.close();
    report.add(section, '  Export again, no new day (incremental)', `${again.seconds.toFixed(1)} s`, `${fmtInt(again.rows)} rows written (reference tables, whole)`);
    report.figure('auditExport', { first: exported.tables, again: again.tables, seconds: exported.seconds });

    const period: [Date, Date] = [gen.yearStart, gen.yearEnd];
    const pgEngine: AuditEngine = { kind: 'postgres', all: (sql, params) => db.query(sql, params) };
    const admin = await connect(serverUrl());
    await options.quiet('audit queries on PostgreSQL');
    const { result: onPg, cpu: pgCpu } = await cpuSpan(() => timeQueries(pgEngine, queries, period), { pgPids: backendsOf(admin, new URL(gen.url).pathname.slice(1)) });
    await admin.end();
    const duck = await openParquetEngine(dir);
    let onDuck: Awaited<ReturnType<typeof timeQueries>>;
    let duckCpu: Awaited<ReturnType<typeof cpuSpan>>['cpu'];
    try {
      await options.quiet('audit queries on DuckDB');
      ({ result: onDuck, cpu: duckCpu } = await cpuSpan(() => timeQueries(duck, queries, period)));
    } finally {
      await duck.close();
    }
    let mismatches = 0;
    for (let i = 0; i < queries.length; i++) {
      const same = isDeepStrictEqual(onPg[i].rows, onDuck[i].rows);
      if (!same) mismatches++;
      report.add(section, `  ${queries[i].name}`, `${(onPg[i].ms / 1000).toFixed(2)} s / ${(onDuck[i].ms / 1000).toFixed(2)} s`,
        `PostgreSQL / DuckDB; ${fmtInt(onPg[i].rows.length)} rows; ${same ? 'same answers' : 'ANSWERS DIFFER'}`);
    }
    const pgTotal = onPg.reduce((s, q) => s + q.ms, 0) / 1000;
    const duckTotal = onDuck.reduce((s, q) => s + q.ms, 0) / 1000;
    const full = size === 'full';
    const target = (limit: number) => (full ? `target ≤ ${limit} s (full size)` : `target ≤ ${limit} s at full size; informative at small`);
    const others = (c: { othersPct: number }) => `others used ${c.othersPct.toFixed(0)}% of a core`;
    report.add(section, `Audit (${queries.length} queries) on PostgreSQL`, `${pgTotal.toFixed(2)} s`,
      `${target(30)}; CPU of the backends ${(pgCpu.pgMs / 1000).toFixed(1)} s (parallel workers not counted); ${others(pgCpu)}`,
      full ? (pgTotal <= 30 ? 'PASS' : 'FAIL') : undefined);
    report.add(section, `Audit (${queries.length} queries) on DuckDB over Parquet`, `${duckTotal.toFixed(2)} s`,
      `${target(5)}; export of the same run ${exported.seconds.toFixed(1)} s; DuckDB CPU ${(duckCpu!.ownMs / 1000).toFixed(1)} s on ${os.cpus().length} cores; ${others(duckCpu!)}`,
      full ? (duckTotal <= 5 ? 'PASS' : 'FAIL') : undefined);
    report.add(section, 'Ratio PostgreSQL / DuckDB', `${(pgTotal / duckTotal).toFixed(1)}×`, 'informative');
    report.add(section, 'Answers equal on both engines', `${queries.length - mismatches}/${queries.length}`, '', mismatches === 0 ? 'PASS' : 'FAIL');
    report.figure('auditQueries', { postgres: onPg.map((q) => ({ name: q.name, ms: q.ms, rows: q.rows.length })), duckdb: onDuck.map((q) => ({ name: q.name, ms: q.ms, rows: q.rows.length })), pgTotal, duckTotal, pgCpu, duckCpu: duckCpu! });
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The continuous audit: its cost to a download and its latency, on the egress section's world.
  await runEgressSection({ size, report, quiet: options.quiet }, CONTINUOUS_AUDIT_MEASUREMENTS);
}
