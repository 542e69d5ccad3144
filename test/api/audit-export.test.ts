import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { uploadFile } from '../forms.js';
import { EXPORT_TABLES, exportAuditRecords as exportWith, postgresCopySource, readManifest, type CopySource, type ExportOptions, type ExportResult } from '../../src/audit/export.js';
import { openParquetEngine, ParquetExportMissingError, type ParquetEngine } from '../../src/audit/duckdb-engine.js';
import { runAuditExportCommand } from '../../src/audit/export.cli.js';
import * as engineModule from '../../src/audit/engine.js';
import type { AuditEngine } from '../../src/audit/engine.js';

/** The tables and columns the audit's queries read (engine.ts, once the queries land): each must be exported. */
const AUDIT_TABLES = (engineModule as Record<string, unknown>).AUDIT_TABLES as Record<string, readonly string[]> | undefined;

/**
 * The records as Parquet (SPEC §11 "Scale"): `gatehouse audit export --to DIR` writes one Hive partition per
 * complete UTC day and table, incrementally, with a manifest; DuckDB over the files answers the audit's SQL as
 * the database does. Histories: a project, a file and a download made through the API, and records on earlier
 * days inserted as the record writers leave them.
 */
let gh: TestGatehouse;
let carol: TestUser;
let alice: TestUser;
let bob: TestUser;
let dir: string;
const engines: ParquetEngine[] = [];
/** On PostgreSQL the export takes the COPY path, as the command does; on PGlite the JSON batches. */
let copy: CopySource | undefined;
const exportAuditRecords = (db: typeof gh.ctx.db, to: string, options: ExportOptions) => exportWith(db, to, { copyFrom: copy, ...options });

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const num = (synId: string) => Number(synId.slice(3));

/** The operational database as an engine (the queries helper's src/audit/pg-engine.ts does the same). */
const pgEngine = (): AuditEngine => ({ kind: 'postgres', all: (sql, params) => gh.ctx.db.query(sql, params) });
const parquet = async () => {
  const engine = await openParquetEngine(dir);
  engines.push(engine);
  return engine;
};

async function download(at: string, user: TestUser, entityId: number, bytes: number, result = 'served'): Promise<void> {
  await gh.ctx.db.query(
    `INSERT INTO download_records (at, user_id, entity_id, version, blob_id, bytes, project_id, client, result, rule)
     VALUES ($1, $2, $3, 1, NULL, $4, 500, 'api', $5, 'GRANT')`, [at, user.id, entityId, bytes, result]);
}

async function snapshot(at: string, entityId: number, isPublic: boolean, ars: number[], change = 'updated'): Promise<void> {
  await gh.ctx.db.query(
    `INSERT INTO entity_snapshots (at, change, actor_id, entity_id, version, name, type, parent_id, project_id, benefactor_id, data_type,
       in_trash, is_public, is_restricted, is_controlled, effective_access_requirements, authorization_domain, created_at, modified_at,
       has_local_acl, has_local_access_requirement)
     VALUES ($1, $2, $3, $4, 1, $5, 'file', 500, 500, 500, 'SENSITIVE_DATA', false, $6, $7, $8, $9::bigint[], '{}', '2026-02-01T00:00:00Z', $1, false, false)`,
    [at, change, carol.id, entityId, `file-${entityId}.csv`, isPublic, ars.length > 0, ars.includes(9600001), ars]);
}

async function tierEvent(at: string, user: TestUser, change: 'granted' | 'revoked'): Promise<void> {
  await gh.ctx.db.query(
    `INSERT INTO user_tier_events (user_id, tier, change, how, actor_id, reason, details, at)
     VALUES ($1, 'certified', $2, 'act', $3, 'test', '{"note": "quoted \\"text\\""}', $4)`, [user.id, change, carol.id, at]);
}

beforeAll(async () => {
  gh = await startTestGatehouse();
  carol = await gh.user('carol', { certified: true });
  alice = await gh.user('alice', { certified: true });
  bob = await gh.user('bob');
  dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-export-'));
  if (gh.config.databaseUrl) copy = await postgresCopySource(gh.config.databaseUrl);

  // Earlier days: three days of records, one of them across the UTC midnight.
  await snapshot('2026-02-27T10:00:00Z', 1001, false, [9600001], 'created');
  await snapshot('2026-02-28T08:00:00Z', 1001, true, [9600001]);
  await snapshot('2026-02-28T23:59:59.999Z', 1001, true, []);
  await snapshot('2026-03-01T00:00:00Z', 1002, true, [9600001, 9600002], 'created');
  await download('2026-02-27T11:00:00Z', alice, 1001, 1000);
  await download('2026-02-28T09:00:00Z', alice, 1001, 1000);
  await download('2026-02-28T09:05:00Z', alice, 1001, 1000);
  await download('2026-03-01T00:00:00Z', bob, 1002, 2_000_000_000_000);
  await download('2026-03-01T12:00:00Z', bob, 1002, 0, 'denied');
  await tierEvent('2026-02-28T12:00:00Z', alice, 'revoked');

  // Today (2026-03-02, the test clock's day) through the API: a project, a file, its ACL, a download.
  const project = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Exported' })).json();
  const upload = await uploadFile(gh.as(carol), project.id, 'samples.csv', 'sample,tissue\nS1,tumor\n');
  expect(upload.statusCode, upload.body).toBe(201);
  const acl = await gh.as(carol).put(`/api/v1/entities/${project.id}/acl`, { entries: [
    { principalId: carol.id, accessTypes: ALL }, { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] },
  ] });
  expect(acl.statusCode, acl.body).toBe(200);
  const res = await gh.as(alice).get(`/api/v1/entities/${upload.json().id}/download`);
  expect(res.statusCode, res.body).toBe(200);
  expect(num(upload.json().id)).toBeGreaterThan(0);
});

afterAll(async () => {
  for (const e of engines) await e.close();
  await copy?.close();
  await gh?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const partitions = (table: string) => readdirSync(path.join(dir, table)).filter((d) => d.startsWith('date=')).sort();
const filesOf = (table: string, day: string) => readdirSync(path.join(dir, table, `date=${day}`)).filter((f) => f.endsWith('.parquet'));

describe('gatehouse audit export --to DIR', () => {
  let first: ExportResult;

  it('writes each complete UTC day of each record table as a Hive partition, and reference tables whole', async () => {
    first = await exportAuditRecords(gh.ctx.db, dir, { clock: gh.clock });
    // The clock says 2026-03-02 09:00: today is not complete, so the API's records of today wait.
    expect(partitions('download_records')).toEqual(['date=2026-02-27', 'date=2026-02-28', 'date=2026-03-01']);
    expect(partitions('entity_snapshots')).toEqual(['date=2026-02-27', 'date=2026-02-28', 'date=2026-03-01']);
    expect(partitions('user_tier_events')).toEqual(['date=2026-02-28']);
    for (const day of ['2026-02-27', '2026-02-28', '2026-03-01']) expect(filesOf('download_records', day)).toHaveLength(1);
    expect(partitions('acl_snapshots')).toEqual([]);
    for (const t of ['entities', 'users', 'team_members', 'access_requirements', 'egress_incidents']) {
      expect(readdirSync(path.join(dir, t))).toEqual(['snapshot.parquet']);
    }
    // No staging leftovers, no lock.
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    const downloads = first.tables.find((t) => t.table === 'download_records')!;
    expect(downloads).toMatchObject({ days: ['2026-02-27', '2026-02-28', '2026-03-01'], rows: 5, lateDays: [] });
  });

  it('describes what it wrote in the manifest: format, version, columns with both types, days with rows', async () => {
    const manifest = readManifest(dir)!;
    expect(manifest).toMatchObject({ format: 1, gatehouseVersion: '0.1.0', exportedAt: '2026-03-02T09:00:00.000Z', settleMinutes: 60, partitionColumn: 'date' });
    expect(Object.keys(manifest.tables).sort()).toEqual(EXPORT_TABLES.map((t) => t.name).sort());
    const downloads = manifest.tables.download_records;
    expect(downloads).toMatchObject({ layout: 'daily', timeColumn: 'at', files: 'download_records/date=*/*.parquet', lastCompleteDay: '2026-03-01', rows: 5 });
    expect(Object.fromEntries(Object.entries(downloads.days).map(([d, v]) => [d, v.rows]))).toEqual({ '2026-02-27': 1, '2026-02-28': 2, '2026-03-01': 2 });
    expect(downloads.days['2026-02-27'].files[0]).toMatch(/^download_records\/date=2026-02-27\/part-.*\.parquet$/);
    // Every column of the table, those added by later migrations (the seal) included, read from the database.
    const dbColumns = await gh.ctx.db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'download_records' ORDER BY ordinal_position");
    expect(downloads.columns.map((c) => c.name)).toEqual(dbColumns.map((c) => c.column_name));
    const types = Object.fromEntries(manifest.tables.entity_snapshots.columns.map((c) => [c.name, [c.pgType, c.type]]));
    expect(types).toMatchObject({
      id: ['int8', 'BIGINT'], at: ['timestamptz', 'TIMESTAMP WITH TIME ZONE'], is_public: ['bool', 'BOOLEAN'], name: ['text', 'VARCHAR'],
      effective_access_requirements: ['_int8', 'BIGINT[]'], version: ['int4', 'INTEGER'],
    });
    expect(manifest.tables.user_tier_events.columns.find((c) => c.name === 'details')).toEqual({ name: 'details', pgType: 'jsonb', type: 'VARCHAR' });
    // Reference tables are whole; users without their secrets.
    expect(manifest.tables.users).toMatchObject({ layout: 'snapshot', files: 'users/snapshot.parquet', rows: 3, days: {} });
    expect(manifest.tables.users.columns.map((c) => c.name)).not.toContain('password_hash');
    expect(manifest.tables.users.columns.map((c) => c.name)).not.toContain('totp_secret');
  });

  it.skipIf(AUDIT_TABLES === undefined)('exports every table and column the audit reads (AUDIT_TABLES)', () => {
    const manifest = readManifest(dir)!;
    for (const [table, columns] of Object.entries(AUDIT_TABLES!)) {
      expect(manifest.tables[table], table).toBeDefined();
      const exported = manifest.tables[table].columns.map((c) => c.name);
      for (const column of columns) expect(exported, `${table}.${column}`).toContain(column);
    }
  });

  it('exports again only the days that completed since, and reading everything gives each row once', async () => {
    const before = Object.fromEntries(['2026-02-27', '2026-02-28', '2026-03-01'].map((d) => [d, statSync(path.join(dir, 'download_records', `date=${d}`, filesOf('download_records', d)[0])).mtimeMs]));
    gh.clock.set('2026-03-04T00:30:00Z');
    await download('2026-03-03T10:00:00Z', alice, 1001, 500);
    await download('2026-03-04T00:10:00Z', alice, 1001, 500); // today: not yet
    await snapshot('2026-03-03T10:00:00Z', 1001, false, []);
    const second = await exportAuditRecords(gh.ctx.db, dir, { clock: gh.clock });
    const downloads = second.tables.find((t) => t.table === 'download_records')!;
    // 03-02 (the API's download) and 03-03; 03-04 is today; 03-03 ended only 30 minutes ago but settle is 60.
    expect(downloads.days).toEqual(['2026-03-02']);
    gh.clock.set('2026-03-04T01:00:00Z');
    const third = await exportAuditRecords(gh.ctx.db, dir, { clock: gh.clock });
    expect(third.tables.find((t) => t.table === 'download_records')!.days).toEqual(['2026-03-03']);
    expect(third.tables.find((t) => t.table === 'entity_snapshots')!.days).toEqual(['2026-03-03']);
    expect(third.tables.find((t) => t.table === 'user_tier_events')!).toMatchObject({ days: [], rows: 0 });
    for (const [d, mtime] of Object.entries(before)) {
      expect(statSync(path.join(dir, 'download_records', `date=${d}`, filesOf('download_records', d)[0])).mtimeMs).toBe(mtime);
    }
    const manifest = readManifest(dir)!;
    expect(manifest.tables.download_records.lastCompleteDay).toBe('2026-03-03');
    expect(manifest.exportedAt).toBe('2026-03-04T01:00:00.000Z');

    const duck = await parquet();
    const cutoff = new Date('2026-03-04T00:00:00Z');
    const inDb = await gh.ctx.db.query<{ id: number }>('SELECT id FROM download_records WHERE at < $1 ORDER BY id', [cutoff]);
    const inFiles = await duck.all<{ id: number }>('SELECT id FROM download_records ORDER BY id');
    expect(inFiles).toEqual(inDb);
    const [{ rows, ids }] = await duck.all<{ rows: number; ids: number }>('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM entity_snapshots');
    expect(rows).toBe(ids);
    expect(rows).toBe(Number((await gh.ctx.db.one<{ n: number }>('SELECT count(*) AS n FROM entity_snapshots WHERE at < $1', [cutoff])).n));
  });

  it('rewrites a day already written when the database now holds rows of it that the export had not seen', async () => {
    await download('2026-02-28T15:00:00Z', bob, 1001, 42); // a late record, stamped two days back
    const late = await exportAuditRecords(gh.ctx.db, dir, { clock: gh.clock });
    expect(late.tables.find((t) => t.table === 'download_records')!).toMatchObject({ days: ['2026-02-28'], lateDays: ['2026-02-28'], rows: 3 });
    expect(filesOf('download_records', '2026-02-28')).toHaveLength(1);
    expect(readManifest(dir)!.tables.download_records.days['2026-02-28'].rows).toBe(3);
    const duck = await parquet();
    const [{ rows, ids }] = await duck.all<{ rows: number; ids: number }>(
      "SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM download_records d WHERE d.at >= '2026-02-28T00:00:00Z'::timestamptz AND d.at < '2026-03-01T00:00:00Z'::timestamptz");
    expect([rows, ids]).toEqual([3, 3]);
  });

  it('refuses a directory another export is writing to, and a DuckDB engine over a directory without an export', async () => {
    const busy = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-export-busy-'));
    try {
      const writing = exportAuditRecords(gh.ctx.db, busy, { clock: gh.clock });
      await expect(exportAuditRecords(gh.ctx.db, busy, { clock: gh.clock })).rejects.toThrow(/Another export \(process \d+\) is writing to this directory/);
      await writing;
      await expect(openParquetEngine(path.join(busy, 'nothing'))).rejects.toBeInstanceOf(ParquetExportMissingError);
    } finally {
      rmSync(busy, { recursive: true, force: true });
    }
  });

  it('prints what it wrote: tables, days, rows and seconds', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const target = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-export-cli-'));
    try {
      const code = await runAuditExportCommand(gh.config, ['--to', target], { db: gh.ctx.db, copyFrom: copy, clock: gh.clock, out: (l) => out.push(l), err: (l) => err.push(l) });
      expect(code, err.join('\n')).toBe(0);
      const text = out.join('\n');
      expect(text).toMatch(/download_records\s+5 days \(2026-02-27 … 2026-03-03\)\s+8 rows\s+\d+\.\d\d s/);
      expect(text).toMatch(/users\s+whole table\s+3 rows/);
      expect(text).toMatch(/acl_snapshots\s+1 day \(2026-03-02\)\s+\d+ rows/);
      expect(out[out.length - 1]).toMatch(new RegExp(`^Exported \\d+ rows \\(5 days\\) to ${target} in \\d+\\.\\d s; manifest: ${target}/manifest.json$`));
      expect(await runAuditExportCommand(gh.config, [], { db: gh.ctx.db, out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(64);
      expect(err.join('\n')).toContain('export needs --to DIR.');
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});

describe('the two ways the rows travel', () => {
  it.skipIf(!process.env.DATABASE_URL)('COPY (PostgreSQL) and JSON batches give the same files, table by table, row by row', async () => {
    const viaCopy = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-export-copy-'));
    const viaJson = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-export-json-'));
    try {
      await exportWith(gh.ctx.db, viaCopy, { clock: gh.clock, copyFrom: copy, copyPartDays: 1 }); // a COPY per day
      await exportWith(gh.ctx.db, viaJson, { clock: gh.clock, batchRows: 2 }); // several batches per table
      const a = await openParquetEngine(viaCopy);
      const b = await openParquetEngine(viaJson);
      engines.push(a, b);
      expect(a.manifest.tables).toEqual(Object.fromEntries(Object.entries(b.manifest.tables).map(([name, t]) => [name, {
        ...t, days: Object.fromEntries(Object.entries(t.days).map(([d, v]) => [d, { ...v, files: a.manifest.tables[name].days[d]?.files }])),
      }])));
      for (const table of EXPORT_TABLES) {
        const rowsA = await a.all(`SELECT * FROM ${table.name} ORDER BY ALL`);
        expect(await b.all(`SELECT * FROM ${table.name} ORDER BY ALL`), table.name).toEqual(rowsA);
      }
      const [{ n }] = await a.all<{ n: number }>('SELECT count(*) AS n FROM download_records');
      expect(n).toBe(8);
    } finally {
      rmSync(viaCopy, { recursive: true, force: true });
      rmSync(viaJson, { recursive: true, force: true });
    }
  });
});

describe('the audit\'s SQL on DuckDB over the export answers as on the database', () => {
  // Everything up to the last exported instant, so both engines see the same rows.
  const from = new Date('2026-02-01T00:00:00Z');
  const to = new Date('2026-03-04T00:00:00Z');
  const queries: Array<{ name: string; sql: string; params: unknown[] }> = [
    {
      name: 'entity state intervals (LEAD over the snapshots)',
      sql: `SELECT s.entity_id, s.at, s.is_public, s.is_restricted, s.is_controlled,
                   LEAD(s.at) OVER (PARTITION BY s.entity_id ORDER BY s.at, s.id) AS until
              FROM entity_snapshots s WHERE s.at < $1::timestamptz ORDER BY s.entity_id, s.at, s.id`,
      params: [to],
    },
    {
      name: 'downloads by user in the period, with the users table',
      sql: `SELECT u.username, u.display_name, count(*) AS files, sum(d.bytes)::bigint AS bytes, count(DISTINCT d.entity_id) AS distinct_files,
                   min(d.at) AS first_at
              FROM download_records d JOIN users u ON u.id = d.user_id
             WHERE d.at >= $1::timestamptz AND d.at < $2::timestamptz AND d.result = 'served'
             GROUP BY u.username, u.display_name ORDER BY files DESC, u.username`,
      params: [from, to],
    },
    {
      name: 'effective access requirements (unnest)',
      sql: `SELECT x.ar_id, count(*) AS snapshots, count(DISTINCT x.entity_id) AS entities
              FROM (SELECT s.entity_id, unnest(s.effective_access_requirements) AS ar_id FROM entity_snapshots s WHERE s.at < $1::timestamptz) x
             GROUP BY x.ar_id ORDER BY x.ar_id`,
      params: [to],
    },
    {
      name: 'tier revocations followed by downloads (timestamptz and text parameters, a JSON document)',
      sql: `SELECT t.user_id, t.at AS revoked_at, t.details, count(d.id) AS downloads_after
              FROM user_tier_events t LEFT JOIN download_records d ON d.user_id = t.user_id AND d.at > t.at AND d.at < $1::timestamptz
             WHERE t.change = $2::text GROUP BY t.user_id, t.at, t.details ORDER BY t.user_id`,
      params: [to, 'revoked'],
    },
  ];

  for (const q of queries) {
    it(q.name, async () => {
      const duck = await parquet();
      const expected = await pgEngine().all(q.sql, q.params);
      const actual = await duck.all(q.sql, q.params);
      expect(expected.length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });
  }

  it('sees the same columns, in the same order, as the database, without the partition column', async () => {
    const duck = await parquet();
    for (const table of ['download_records', 'entity_snapshots', 'users']) {
      const [dbRow] = await gh.ctx.db.query(`SELECT * FROM ${table} LIMIT 1`);
      const [duckRow] = await duck.all(`SELECT * FROM ${table} LIMIT 1`);
      const expectedColumns = table === 'users' ? readManifest(dir)!.tables.users.columns.map((c) => c.name) : Object.keys(dbRow);
      expect(Object.keys(duckRow)).toEqual(expectedColumns);
    }
  });
});

describe('a column added to a record table by a later migration', () => {
  it('is exported without a change to the export, and reads as NULL in the days written before it', async () => {
    await gh.ctx.db.query('ALTER TABLE download_records ADD COLUMN audit_export_probe text');
    await download('2026-03-05T08:00:00Z', alice, 1001, 7);
    await gh.ctx.db.query("UPDATE download_records SET audit_export_probe = 'new' WHERE at >= '2026-03-05T00:00:00Z'");
    gh.clock.set('2026-03-06T09:00:00Z');
    const result = await exportAuditRecords(gh.ctx.db, dir, { clock: gh.clock });
    expect(result.tables.find((t) => t.table === 'download_records')!.days).toEqual(['2026-03-04', '2026-03-05']);
    expect(readManifest(dir)!.tables.download_records.columns.at(-1)).toEqual({ name: 'audit_export_probe', pgType: 'text', type: 'VARCHAR' });
    const duck = await parquet();
    const rows = await duck.all<{ day: string; probe: string | null; n: number }>(
      `SELECT CAST(CAST(d.at AS DATE) AS VARCHAR) AS day, d.audit_export_probe AS probe, count(*) AS n
         FROM download_records d GROUP BY 1, 2 ORDER BY 1`);
    expect(rows.map((r) => [r.day, r.probe])).toEqual([
      ['2026-02-27', null], ['2026-02-28', null], ['2026-03-01', null], ['2026-03-02', null], ['2026-03-03', null], ['2026-03-04', null], ['2026-03-05', 'new'],
    ]);
  });
});
