import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { uploadFile } from '../forms.js';
import { backfillSha256, SHA256_LEASE_MS } from '../../src/drs/checksums.js';

/**
 * The SHA-256 backfill for blobs stored before Gatehouse computed it (migration 0210): runs side by side share the
 * work and fill each blob once, a blob whose bytes are not the uploaded ones gets none, and a run that died
 * mid-way leaves its blobs to the next once its lease ran out.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
let gh: TestGatehouse;
let carol: TestUser;
let projectId: string;
const contents = Array.from({ length: 7 }, (_, i) => `file number ${i}\n`);

async function drsChecksums(fileId: string) {
  const res = await gh.app.inject({ method: 'GET', url: `/ga4gh/drs/v1/objects/${fileId}`, headers: { cookie: carol.cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().checksums as { type: string; checksum: string }[];
}

beforeAll(async () => {
  gh = await startTestGatehouse();
  carol = await gh.user('carol', { certified: true });
  projectId = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Old files' })).json().id;
});
afterAll(async () => gh?.stop());

describe('signed download URLs on a server that never signed one', () => {
  it('are refused, and checking them writes nothing (no signing key is made)', async () => {
    const file = (await uploadFile(gh.as(carol), projectId, 'plain.txt', 'bytes\n')).json().id;
    const res = await gh.app.inject({ method: 'GET', url: `/api/v1/entities/${file}/download?version=1&signature=eyJhbGciOiJIUzI1NiJ9.e30.x` });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'ACCESS_URL_INVALID' });
    expect(await gh.ctx.db.query('SELECT 1 FROM drs_signing_key')).toEqual([]);
    expect(await gh.ctx.db.query('SELECT 1 FROM download_records')).toEqual([]);
  });
});

describe('SHA-256 backfill', () => {
  it('runs side by side fill every blob without a SHA-256 exactly once, with the SHA-256 of its bytes', async () => {
    const ids: string[] = [];
    for (const [i, c] of contents.entries()) ids.push((await uploadFile(gh.as(carol), projectId, `f${i}.txt`, c)).json().id);
    const nulled = (await gh.ctx.db.query('UPDATE blobs SET sha256 = NULL RETURNING id')).length;
    expect(nulled).toBeGreaterThanOrEqual(contents.length);
    expect((await drsChecksums(ids[0])).map((c) => c.type)).toEqual(['md5']);
    const runs = await Promise.all([backfillSha256(gh.ctx, 3), backfillSha256(gh.ctx, 3), backfillSha256(gh.ctx, 3)]);
    const rest = await backfillSha256(gh.ctx, 10);
    expect(runs.reduce((n, r) => n + r.filled, 0) + rest.filled).toBe(nulled);
    expect(await backfillSha256(gh.ctx)).toEqual({ filled: 0, failed: 0 });
    for (const [i, id] of ids.entries()) {
      expect(await drsChecksums(id)).toContainEqual({ type: 'sha-256', checksum: sha256(contents[i]) });
    }
  });

  it('a blob whose stored bytes are not the uploaded ones gets no SHA-256; a claimed blob is taken again after the lease', async () => {
    const up = await uploadFile(gh.as(carol), projectId, 'changed.txt', 'as uploaded\n');
    const row = await gh.ctx.db.one<{ id: number; storage_key: string }>(
      'SELECT b.id, b.storage_key FROM blobs b JOIN file_versions v ON v.blob_id = b.id WHERE v.entity_id = $1', [Number(up.json().id.slice(3))]);
    await gh.ctx.db.query('UPDATE blobs SET sha256 = NULL WHERE id = $1', [row.id]);
    writeFileSync(path.join(gh.config.dataDir, 'blobs', row.storage_key), 'changed on disk\n');
    expect(await backfillSha256(gh.ctx)).toEqual({ filled: 0, failed: 1 });
    expect((await drsChecksums(up.json().id)).map((c) => c.type)).toEqual(['md5']);
    // Claimed by that run: not taken again until the lease ran out.
    writeFileSync(path.join(gh.config.dataDir, 'blobs', row.storage_key), 'as uploaded\n');
    expect(await backfillSha256(gh.ctx)).toEqual({ filled: 0, failed: 0 });
    gh.clock.advance(SHA256_LEASE_MS + 1000);
    expect(await backfillSha256(gh.ctx)).toEqual({ filled: 1, failed: 0 });
    expect(await drsChecksums(up.json().id)).toContainEqual({ type: 'sha-256', checksum: sha256('as uploaded\n') });
  });
});
