/**
 * The records section of the benchmark (`npm run bench -- --only records`; issue 11 "make it correct and fast at a
 * million entities"): an ACL change that makes a project of 100,000 files public (10,000 with --size small), in ONE
 * request, with the snapshots of every file whose effective state changed (docs/adr/0020-audit-records.md).
 *
 * It runs a Gatehouse in this process on the embedded database (PGlite, in memory) and, when the bench's server is
 * reachable, on PostgreSQL (a database of its own, `gatehouse_bench_records`, dropped and created at every run).
 * The project is generated with SQL (a folder per 1,000 files, triggers off, as bench/generate.ts does) and its
 * files' first snapshots written by the same statement the application uses, so that the timed request holds only
 * the change. Measured, each by wall clock around `PUT /api/v1/entities/:id/acl` and then around the expansion of
 * what it queued (what entitySnapshotExpansionJob does, src/audit/records.ts):
 *   - make public: every file's state changes, so one snapshot per entity is written;
 *   - add AUTHENTICATED READ too: nobody's effective state changes, so the project's snapshot alone is written;
 *   - make private again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../src/infra/config.js';
import { systemClock } from '../src/infra/clock.js';
import { createGatehouse, type Gatehouse } from '../src/server.js';
import { createUser } from '../src/identity/users.js';
import { DEMO_TERMS_VERSION } from '../src/demo/demo.js';
import { INLINE_SUBTREE_LIMIT, expandSnapshots, recordSnapshots } from '../src/entities/records.js';
import { connect, fmtInt, fmtMs, log, serverUrl, type SizeName } from './common.js';
import type { ReportSink } from './egress.js';

export const RECORDS_DATABASE = 'gatehouse_bench_records';
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const FILES_PER_FOLDER = 1000;
/** The issue's bound for the request on the embedded database (docs/adr/0020). */
const TARGET_MS = 2000;

export interface RecordsOptions {
  size: SizeName;
  report: ReportSink;
  quiet: (section: string) => Promise<void>;
}

export const filesFor = (size: SizeName) => (size === 'full' ? 100_000 : 10_000);

interface Measured {
  /** The request. */
  ms: number;
  /** Snapshots the request wrote. */
  written: number;
  /** The expansion of what the request queued (the job's work), and the snapshots it wrote. */
  expandMs: number;
  expanded: number;
}

export async function start(databaseUrl: string | null, dataDir: string): Promise<Gatehouse> {
  const config = loadConfig({}, {
    dataDir, databaseUrl, passwordHashLog2N: 10, loginRateLimitPerMinute: 1000, loginAddressLimitPerMinute: 100_000,
    loginLockoutAfter: 1000, publicUrl: 'http://gatehouse.bench', demo: false,
  });
  return createGatehouse({ config, log: pino({ level: 'silent' }), clock: systemClock, inMemory: databaseUrl === null, workers: false });
}

/** Builds the project and returns a function that times one ACL change. */
export async function prepare(gh: Gatehouse, files: number) {
  const db = gh.ctx.db;
  await db.query('INSERT INTO platform_terms (version, body, published_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [DEMO_TERMS_VERSION, 'Use the data responsibly.', new Date()]);
  const password = 'bench records password';
  const ownerId = await db.tx(async (sql) => {
    const id = await createUser(sql, systemClock, { username: 'owner', email: 'owner@bench.test', displayName: 'Owner', password },
      { actorId: null, passwordHashLog2N: 10 });
    await sql.query('UPDATE users SET terms_version = $2, is_certified = true WHERE id = $1', [id, DEMO_TERMS_VERSION]);
    return id;
  });
  const login = await gh.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'owner', password } });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  const cookie = `gh_session=${login.cookies.find((c) => c.name === 'gh_session')!.value}`;
  const created = await gh.app.inject({ method: 'POST', url: '/api/v1/entities', headers: { cookie }, payload: { type: 'project', name: 'Big project' } });
  if (created.statusCode !== 201) throw new Error(`project: ${created.statusCode} ${created.body}`);
  const projectId = Number(created.json().id.replace(/^syn/, ''));

  const t0 = performance.now();
  const folders = Math.ceil(files / FILES_PER_FOLDER);
  await db.tx(async (sql) => {
    // Generated data, not changes: no access-change log rows (the index loads the tables when it opens).
    await sql.query('SET LOCAL session_replication_role = replica');
    await sql.query(
      `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
       SELECT nextval('entity_id_seq'), $1, 'folder', 'folder ' || g, $1, md5(g::text), $2, now(), $2, now()
       FROM generate_series(1, $3::int) g`,
      [projectId, ownerId, folders],
    );
    await sql.query(
      `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
       SELECT nextval('entity_id_seq'), f.id, 'file', 'file ' || g || '.csv', $1, md5(g::text), $2, now(), $2, now()
       FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM entities WHERE parent_id = $1) f
       JOIN generate_series(0, $3::int - 1) g ON g / $4 = f.n`,
      [projectId, ownerId, files, FILES_PER_FOLDER],
    );
  });
  const generatedMs = performance.now() - t0;
  const t1 = performance.now();
  const initial = await db.tx(async (sql) => (await recordSnapshots(sql, systemClock, projectId, 'created', ownerId, 'subtree')) + (await expandSnapshots(sql)));
  const initialMs = performance.now() - t1;
  await db.query('ANALYZE');
  // The generated rows left no access-change log, so the decision index never hears of them: the timed requests
  // decide on the project alone (which it knows) and write the records from the tables, as in production.
  await gh.app.inject({ method: 'GET', url: `/api/v1/entities/syn${projectId}/acl`, headers: { cookie } });

  const count = async () => (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM entity_snapshots')).n;
  const change = async (entries: { principalId: number; accessTypes: string[] }[]): Promise<Measured> => {
    const before = await count();
    const started = performance.now();
    const res = await gh.app.inject({ method: 'PUT', url: `/api/v1/entities/syn${projectId}/acl`, headers: { cookie }, payload: { entries } });
    const ms = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`ACL change: ${res.statusCode} ${res.body}`);
    const written = (await count()) - before;
    const t = performance.now();
    const expanded = await db.tx((sql) => expandSnapshots(sql));
    return { ms, written, expandMs: performance.now() - t, expanded };
  };
  return { ownerId, projectId, folders, generatedMs, initial, initialMs, change };
}

async function measure(label: string, gh: Gatehouse, opts: RecordsOptions, pglite: boolean): Promise<void> {
  const files = filesFor(opts.size);
  const { ownerId, folders, generatedMs, initial, initialMs, change } = await prepare(gh, files);
  const entities = files + folders + 1;
  log(`records (${label}): ${fmtInt(entities)} entities generated in ${fmtMs(generatedMs)}, first snapshots (${fmtInt(initial)}) in ${fmtMs(initialMs)}`);
  await opts.quiet(`records ${label}`);
  const owner = { principalId: ownerId, accessTypes: ALL };
  const pub = await change([owner, { principalId: 1, accessTypes: ['READ'] }]);
  const none = await change([owner, { principalId: 1, accessTypes: ['READ'] }, { principalId: 2, accessTypes: ['READ'] }]);
  const priv = await change([owner]);
  const section = `records (${label})`;
  const verdict = (m: Measured) => (pglite ? (m.ms <= TARGET_MS ? 'PASS' : 'FAIL') : undefined);
  const note = (m: Measured) => `${fmtInt(m.written)} snapshot(s) in the request` +
    (entities > INLINE_SUBTREE_LIMIT ? `, ${fmtInt(m.expanded)} queued and expanded after it in ${fmtMs(m.expandMs)}` : '');
  opts.report.add(section, `make a project of ${fmtInt(files)} files public: the request`, fmtMs(pub.ms),
    `${note(pub)} (${fmtInt(entities)} entities)${pglite ? `; target ≤ ${fmtMs(TARGET_MS)}` : ''}`, verdict(pub));
  opts.report.add(section, '  the same change: request and expansion together', fmtMs(pub.ms + pub.expandMs), `${fmtInt(pub.written + pub.expanded)} snapshots`);
  opts.report.add(section, 'an ACL change that changes no effective state below', fmtMs(none.ms), note(none));
  opts.report.add(section, '  request and expansion together', fmtMs(none.ms + none.expandMs), `${fmtInt(none.written + none.expanded)} snapshot(s)`);
  opts.report.add(section, 'make it private again: the request', fmtMs(priv.ms), note(priv), verdict(priv));
  opts.report.add(section, '  request and expansion together', fmtMs(priv.ms + priv.expandMs), `${fmtInt(priv.written + priv.expanded)} snapshots`);
  opts.report.add(section, 'the first snapshots of the generated subtree, one statement', fmtMs(initialMs), `${fmtInt(initial)} rows`);
  opts.report.figure(`records.${label}`, { files, entities, makePublic: pub, unchanged: none, makePrivate: priv, initial: { ms: initialMs, written: initial } });
}

export async function runRecordsSection(opts: RecordsOptions): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-records-'));
  try {
    const embedded = await start(null, dataDir);
    try {
      await measure('PGlite', embedded, opts, true);
    } finally {
      await embedded.stop();
    }
    let admin;
    try {
      admin = await connect(serverUrl());
    } catch (err) {
      log(`records: PostgreSQL at ${new URL(serverUrl()).host} not reachable (${(err as Error).message}); embedded only`);
      return;
    }
    await admin.query(`DROP DATABASE IF EXISTS ${RECORDS_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${RECORDS_DATABASE}`);
    const url = new URL(serverUrl());
    url.pathname = `/${RECORDS_DATABASE}`;
    const server = await start(url.toString(), dataDir);
    try {
      await measure('PostgreSQL', server, opts, false);
    } finally {
      await server.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${RECORDS_DATABASE} WITH (FORCE)`);
      await admin.end();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
