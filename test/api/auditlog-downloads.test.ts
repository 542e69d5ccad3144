import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { md5, uploadFile } from '../forms.js';
import { downloadRecordHash, downloadSealJob, SEAL_ACTION, SEAL_BATCH, SEAL_LOCK } from '../../src/auditlog/downloads.js';
import { AUDIT_LOCK } from '../../src/auditlog/log.js';

/**
 * Download records are in the verifiable log (SPEC §1.6, docs/adr/0014): each is hashed when written, sealed in
 * batches into the hash-chained audit log, and `POST /audit-log/verify` names the first record that was deleted,
 * altered or added behind Gatehouse's back, or sealed later than the bound allows.
 */
let gh: TestGatehouse;
let admin: TestUser;
let carol: TestUser;
let alice: TestUser;
let fileId: string;
const content = 'sample,tissue\nS1,tumor\n';
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const num = (synId: string) => Number(synId.slice(3));

beforeAll(async () => {
  gh = await startTestGatehouse();
  admin = await gh.user('root', { admin: true });
  carol = await gh.user('carol', { certified: true });
  alice = await gh.user('alice', { certified: true });
  const project = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Sealed' })).json();
  const upload = await uploadFile(gh.as(carol), project.id, 'samples.csv', content);
  expect(upload.statusCode, upload.body).toBe(201);
  fileId = upload.json().id;
  const acl = await gh.as(carol).put(`/api/v1/entities/${project.id}/acl`, { entries: [
    { principalId: carol.id, accessTypes: ALL }, { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] },
  ] });
  expect(acl.statusCode, acl.body).toBe(200);
});
afterAll(async () => gh?.stop());

const download = async (user: TestUser) => {
  const res = await gh.as(user).get(`/api/v1/entities/${fileId}/download`, { 'user-agent': 'gatehouse-test/1.0' });
  expect(res.statusCode, res.body).toBe(200);
};
const verify = async () => {
  const res = await gh.as(admin).post('/api/v1/audit-log/verify');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const lastRecordOf = (user: TestUser) =>
  gh.ctx.db.one<{ id: number; bytes: number; hash: string | null; sealed_seq: number | null }>(
    'SELECT id, bytes, hash, sealed_seq FROM download_records WHERE user_id = $1 ORDER BY id DESC LIMIT 1', [user.id]);

const COLUMNS = 'id, at, user_id, entity_id, version, blob_id, bytes, project_id, client, result, rule, hash, sealed_seq';
/** Runs `check` with one download record changed behind the application's back, then puts the record back. */
async function whileTampered<T>(id: number, tamper: string, check: () => Promise<T>): Promise<T> {
  const row = await gh.ctx.db.one<Record<string, unknown>>(`SELECT ${COLUMNS} FROM download_records WHERE id = $1`, [id]);
  await gh.ctx.db.query(tamper, [id]);
  try {
    return await check();
  } finally {
    const columns = COLUMNS.split(', ');
    await gh.ctx.db.query('DELETE FROM download_records WHERE id = $1', [id]);
    await gh.ctx.db.query(`INSERT INTO download_records (${COLUMNS}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => row[c]));
  }
}

describe('sealing download records into the audit log', () => {
  it('a download leaves a hashed record, and the sealing job puts it into the chain with records from before sealing began', async () => {
    // A record written before migration 0080: no hash, a year old. The first seal takes it in as the baseline.
    await gh.ctx.db.query(
      `INSERT INTO download_records (at, user_id, entity_id, version, blob_id, bytes, project_id, client, result)
       VALUES ('2025-03-01T10:00:00Z', $1, $2, 1, NULL, 0, NULL, 'old-client', 'failed')`, [carol.id, num(fileId)]);
    await download(alice);
    const before = await lastRecordOf(alice);
    expect(before).toMatchObject({ bytes: content.length, sealed_seq: null });
    expect(before.hash).toMatch(/^[0-9a-f]{64}$/);

    await downloadSealJob.run(gh.ctx);
    const after = await lastRecordOf(alice);
    expect(after.sealed_seq).not.toBeNull();
    const seal = await gh.ctx.db.one<{ action: string; details: Record<string, unknown> }>('SELECT action, details FROM audit_log WHERE seq = $1', [after.sealed_seq]);
    expect(seal.action).toBe(SEAL_ACTION);
    const ids = (await gh.ctx.db.query<{ id: number }>('SELECT id FROM download_records ORDER BY id')).map((r) => r.id);
    expect(seal.details).toMatchObject({ firstId: ids[0], lastId: ids[ids.length - 1], count: ids.length, ids: [[ids[0], ids[ids.length - 1]]], baselineThrough: ids[ids.length - 1] });
    const legacy = await gh.ctx.db.one<{ hash: string | null }>(`SELECT hash FROM download_records WHERE client = 'old-client'`);
    expect(legacy.hash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing new: the job appends nothing.
    const entries = async () => (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).n;
    const count = await entries();
    await downloadSealJob.run(gh.ctx);
    expect(await entries()).toBe(count);
  });

  it('verification seals new records first, then passes and says how many it checked', async () => {
    await download(carol);
    await download(alice);
    // A denied download and one outside the file are records too.
    const stranger = await gh.user('sam');
    expect((await gh.as(stranger).get(`/api/v1/entities/${fileId}/download`)).statusCode).toBe(404);
    expect((await gh.as(alice).get(`/api/v1/entities/${fileId}/download`, { range: 'bytes=5000-' })).statusCode).toBe(416);
    const results = (await gh.ctx.db.query<{ result: string }>('SELECT result FROM download_records WHERE sealed_seq IS NULL ORDER BY id')).map((r) => r.result);
    expect(results).toEqual(['served', 'served', 'denied', 'failed']);
    const total = (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM download_records')).n;
    const result = await verify();
    expect(result).toMatchObject({ ok: true, downloads: { ok: true, checked: total, batches: 2 } });
    expect((await lastRecordOf(carol)).sealed_seq).not.toBeNull();
  });

  it('a record that commits after a higher id was sealed goes into the next batch, and verification still passes', async () => {
    // Ids come from a sequence and commits come in any order: this id is taken first, its record written last.
    const { id: lateId } = await gh.ctx.db.one<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('download_records', 'id')) AS id`);
    await download(carol);
    await downloadSealJob.run(gh.ctx);
    const at = gh.clock.now();
    const late = { at, userId: carol.id, entityId: num(fileId), version: 1, blobId: null, bytes: 0, projectId: null, client: 'late', result: 'failed' };
    await gh.ctx.db.query(
      `INSERT INTO download_records (id, at, user_id, entity_id, version, bytes, client, result, hash)
       VALUES ($1, $2, $3, $4, 1, 0, 'late', 'failed', $5)`, [lateId, at, carol.id, num(fileId), downloadRecordHash(late)]);
    expect((await verify()).ok).toBe(true);
    const { sealed_seq: lateSeal } = await gh.ctx.db.one<{ sealed_seq: number }>('SELECT sealed_seq FROM download_records WHERE id = $1', [lateId]);
    expect(lateSeal).toBeGreaterThan((await lastRecordOf(carol)).sealed_seq!);
  });

  it.runIf(process.env.DATABASE_URL)('downloads go on while a sealer and an audit-log append hold their locks', async () => {
    const pg = (await import('pg')).default;
    const other = new pg.Client({ connectionString: gh.config.databaseUrl! });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock($1), pg_advisory_xact_lock($2)', [AUDIT_LOCK, SEAL_LOCK]);
      const started = Date.now();
      await download(alice);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await lastRecordOf(alice)).sealed_seq).toBeNull();
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('a deleted record breaks verification, which names it', async () => {
    const { id, sealed_seq: seq } = await lastRecordOf(carol);
    const result = await whileTampered(id, 'DELETE FROM download_records WHERE id = $1', verify);
    expect(result).toMatchObject({ ok: false, downloads: { ok: false, firstBroken: {
      recordId: id, sealSeq: seq, reason: `download record ${id}, sealed in audit entry #${seq}, is missing`,
    } } });
    expect((await verify()).ok).toBe(true);
  });

  it('a record whose bytes were changed breaks verification, which names it', async () => {
    const { id, sealed_seq: seq } = await lastRecordOf(alice);
    const result = await whileTampered(id, 'UPDATE download_records SET bytes = 1 WHERE id = $1', verify);
    expect(result.downloads.firstBroken).toEqual({ recordId: id, sealSeq: seq, reason: `download record ${id}: its contents do not match its hash (altered)` });
  });

  it('a record given to another user, with its hash recomputed, breaks its batch', async () => {
    const row = await gh.ctx.db.one<{ id: number; at: Date; entity_id: number; version: number; blob_id: number; bytes: number; project_id: number; client: string; result: string; rule: string | null; sealed_seq: number }>(
      'SELECT id, at, entity_id, version, blob_id, bytes, project_id, client, result, rule, sealed_seq FROM download_records WHERE user_id = $1 ORDER BY id DESC LIMIT 1', [alice.id]);
    const forged = downloadRecordHash({
      at: row.at, userId: carol.id, entityId: row.entity_id, version: row.version, blobId: row.blob_id, bytes: row.bytes,
      projectId: row.project_id, client: row.client, result: row.result, rule: row.rule,
    });
    const result = await whileTampered(row.id, `UPDATE download_records SET user_id = ${carol.id}, hash = '${forged}' WHERE id = $1`, verify);
    expect(result.downloads.firstBroken).toMatchObject({ recordId: null, sealSeq: row.sealed_seq });
    expect(result.downloads.firstBroken.reason).toContain(`the records sealed in audit entry #${row.sealed_seq}`);
    expect((await verify()).ok).toBe(true);
  });

  it('a record added to a sealed batch breaks verification, which names it', async () => {
    const { sealed_seq: seq } = await lastRecordOf(alice);
    const at = gh.clock.now();
    const fake = { at, userId: alice.id, entityId: num(fileId), version: 1, blobId: null, bytes: 10, projectId: null, client: 'x', result: 'served' };
    const { id } = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO download_records (at, user_id, entity_id, version, bytes, client, result, hash, sealed_seq)
       VALUES ($1, $2, $3, 1, 10, 'x', 'served', $4, $5) RETURNING id`, [at, alice.id, num(fileId), downloadRecordHash(fake), seq]);
    try {
      expect((await verify()).downloads.firstBroken).toEqual({
        recordId: id, sealSeq: seq, reason: `download record ${id} is not one of the records sealed in audit entry #${seq}: it was added`,
      });
      // Pointing it at an entry that sealed nothing does not hide it either.
      await gh.ctx.db.query('UPDATE download_records SET sealed_seq = 1 WHERE id = $1', [id]);
      expect((await verify()).downloads.firstBroken).toEqual({
        recordId: id, sealSeq: 1, reason: `download record ${id} names audit entry #1 as its seal, which sealed no download records: it was added`,
      });
    } finally {
      await gh.ctx.db.query('DELETE FROM download_records WHERE id = $1', [id]);
    }
    expect((await verify()).ok).toBe(true);
  });

  it('more records than one batch holds are sealed in several entries, and verify as such', async () => {
    const at = gh.clock.now();
    const n = SEAL_BATCH + 1;
    const hash = downloadRecordHash({ at, userId: null, entityId: num(fileId), version: 1, blobId: null, bytes: 1, projectId: null, client: 'bulk', result: 'served' });
    await gh.ctx.db.query(
      `INSERT INTO download_records (at, entity_id, version, bytes, client, result, hash)
       SELECT $1, $2, 1, 1, 'bulk', 'served', $3 FROM generate_series(1, $4)`, [at, num(fileId), hash, n]);
    const before = await verify();
    const seals = await gh.ctx.db.query<{ count: number }>(
      `SELECT (a.details->>'count')::int AS count FROM audit_log a WHERE a.action = $1 AND a.seq IN (SELECT DISTINCT sealed_seq FROM download_records WHERE client = 'bulk') ORDER BY a.seq`, [SEAL_ACTION]);
    expect(seals).toEqual([{ count: SEAL_BATCH }, { count: 1 }]);
    expect(before).toMatchObject({ ok: true, downloads: { ok: true } });
    const { id } = await gh.ctx.db.one<{ id: number }>(`SELECT max(id) AS id FROM download_records WHERE client = 'bulk'`);
    const broken = await whileTampered(id, 'DELETE FROM download_records WHERE id = $1', verify);
    expect(broken.downloads.firstBroken).toMatchObject({ recordId: id, reason: expect.stringContaining('is missing') });
    expect(broken.downloads.checked).toBe(before.downloads.checked - 1);
  });

  it('a back-dated record is sealed late, and verification names it', async () => {
    const at = new Date(gh.clock.now().getTime() - 2 * 24 * 3600_000);
    const fake = { at, userId: null, entityId: num(fileId), version: 1, blobId: null, bytes: 10, projectId: null, client: 'x', result: 'served' };
    const { id } = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO download_records (at, user_id, entity_id, version, bytes, client, result, hash)
       VALUES ($1, NULL, $2, 1, 10, 'x', 'served', $3) RETURNING id`, [at, num(fileId), downloadRecordHash(fake)]);
    const result = await verify();
    const { sealed_seq: seq } = await gh.ctx.db.one<{ sealed_seq: number }>('SELECT sealed_seq FROM download_records WHERE id = $1', [id]);
    expect(result.downloads.firstBroken).toEqual({
      recordId: id, sealSeq: seq,
      reason: `download record ${id} of ${at.toISOString()} was sealed only at ${gh.clock.now().toISOString()}, more than 60 minutes later`,
    });
  });
});

describe('the download records in the audit log API', () => {
  it('an admin sees who downloaded what, newest first, with the file, version, bytes, MD5, client and result', async () => {
    const res = await gh.as(admin).get(`/api/v1/audit-log/downloads?userId=${alice.id}&entityId=${fileId}&result=served&limit=1`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ limit: 1, offset: 0 });
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.items[0]).toMatchObject({
      userId: alice.id, userName: 'alice', entityId: fileId, fileName: 'samples.csv', version: 1, bytes: content.length,
      md5: md5(content), client: 'gatehouse-test/1.0', result: 'served', rule: 'GRANT_IF_HAS_DOWNLOAD',
    });
    expect(page.items[0].sealedSeq).toEqual(expect.any(Number));
  });

  it('filters by time', async () => {
    const now = gh.clock.now();
    const later = new Date(now.getTime() + 1000).toISOString();
    expect((await gh.as(admin).get(`/api/v1/audit-log/downloads?from=${later}`)).json().total).toBe(0);
    const before = await gh.as(admin).get(`/api/v1/audit-log/downloads?to=${encodeURIComponent(now.toISOString())}&userId=${carol.id}`);
    expect(before.json().items.map((d: { client: string }) => d.client)).toEqual(['old-client']);
  });

  it('is refused to non-admins, and bounds its paging', async () => {
    const res = await gh.as(alice).get('/api/v1/audit-log/downloads');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ADMIN_REQUIRED');
    expect((await gh.as(null).get('/api/v1/audit-log/downloads')).statusCode).toBe(401);
    const tooMany = await gh.as(admin).get('/api/v1/audit-log/downloads?limit=501');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().code).toBe('VALIDATION_FAILED');
    const badFile = await gh.as(admin).get('/api/v1/audit-log/downloads?entityId=nope');
    expect(badFile.json().code).toBe('BAD_ID');
  });
});
