import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { startS3, type TestS3 } from '../s3.js';
import { form, md5, uploadFile } from '../forms.js';
import type { S3BlobStore } from '../../src/infra/s3blobs.js';

const LIMIT = 16 * 1024 * 1024;
const num = (synId: string) => Number(synId.slice(3));

let s3: TestS3;
let gh: TestGatehouse;
let carol: TestUser;
let projectId: string;

beforeAll(async () => {
  s3 = await startS3();
  gh = await startTestGatehouse({ ...s3.config('gatehouse/blobs'), uploadLimitBytes: LIMIT });
  carol = await gh.user('carol', { certified: true });
  projectId = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'On S3' })).json().id;
});
afterAll(async () => {
  await gh?.stop();
  await s3?.stop();
});

const store = () => gh.ctx.blobs as S3BlobStore;
const storageKeyOf = async (fileId: string) => (await gh.ctx.db.one<{ storage_key: string }>(
  'SELECT b.storage_key FROM entities e JOIN file_versions v ON v.entity_id = e.id AND v.version = e.current_version JOIN blobs b ON b.id = v.blob_id WHERE e.id = $1',
  [num(fileId)])).storage_key;
/** The object keys s3rver holds in the bucket (its file store keeps each object as <key>._S3rver_object). */
const objectKeys = (): string[] => {
  const root = path.join(s3.directory, s3.bucket);
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('._S3rver_object') ? [path.relative(root, path.join(dir, d.name)).replace(/\._S3rver_object$/, '')] : []);
  return walk(root);
};
const localBlobs = () => readdirSync(path.join(gh.config.dataDir), { withFileTypes: true }).map((d) => d.name).filter((n) => n === 'blobs');
const records = (entityId: string) =>
  gh.ctx.db.query<{ bytes: number; result: string }>('SELECT bytes, result FROM download_records WHERE entity_id = $1 ORDER BY id', [num(entityId)]);

describe('blobs in an S3-compatible store (BLOB_STORE=s3://bucket/prefix)', () => {
  it('an upload is stored as an object under the prefix, nothing on the local disk, and downloads whole', async () => {
    const content = 'sample,tissue\nS1,tumor\n';
    const res = await uploadFile(gh.as(carol), projectId, 'samples.csv', content);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file).toMatchObject({ size: content.length, md5: md5(content) });
    const key = await storageKeyOf(res.json().id);
    expect(objectKeys()).toContain(`gatehouse/blobs/${key}`);
    expect(localBlobs()).toEqual([]);
    const down = await gh.as(carol).get(`/api/v1/entities/${res.json().id}/download`);
    expect(down.statusCode).toBe(200);
    expect(down.body).toBe(content);
    expect(down.headers).toMatchObject({ etag: `"${md5(content)}"`, 'accept-ranges': 'bytes', 'content-length': String(content.length) });
    expect(await records(res.json().id)).toEqual([{ bytes: content.length, result: 'served' }]);
  });

  it('a large file goes up as a multipart upload in parts and comes back byte for byte', async () => {
    const size = 2 * store().partSize + 12345;
    const content = Buffer.alloc(size);
    for (let i = 0; i + 4 <= size; i += 4) content.writeUInt32LE((i * 2654435761) >>> 0, i);
    const res = await uploadFile(gh.as(carol), projectId, 'genome.bin', content);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file).toMatchObject({ size, md5: md5(content) });
    const down = await gh.as(carol).get(`/api/v1/entities/${res.json().id}/download`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.length).toBe(size);
    expect(md5(down.rawPayload)).toBe(md5(content));
  });

  it('ranged reads: 206 with Content-Range for a range, a suffix and an open end; 416 problem outside the file', async () => {
    const content = '0123456789abcdefghij';
    const file = (await uploadFile(gh.as(carol), projectId, 'ranges.txt', content)).json();
    const url = `/api/v1/entities/${file.id}/download`;
    const part = await gh.as(carol).get(url, { range: 'bytes=2-5' });
    expect(part.statusCode).toBe(206);
    expect(part.body).toBe('2345');
    expect(part.headers).toMatchObject({ 'content-range': 'bytes 2-5/20', 'content-length': '4' });
    const suffix = await gh.as(carol).get(url, { range: 'bytes=-3' });
    expect([suffix.statusCode, suffix.body, suffix.headers['content-range']]).toEqual([206, 'hij', 'bytes 17-19/20']);
    const open = await gh.as(carol).get(url, { range: 'bytes=15-' });
    expect([open.statusCode, open.body, open.headers['content-range']]).toEqual([206, 'fghij', 'bytes 15-19/20']);
    const clipped = await gh.as(carol).get(url, { range: 'bytes=18-100' });
    expect([clipped.statusCode, clipped.body, clipped.headers['content-range']]).toEqual([206, 'ij', 'bytes 18-19/20']);

    const outside = await gh.as(carol).get(url, { range: 'bytes=20-' });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(outside.headers['content-range']).toBe('bytes */20');
    expect(outside.json()).toMatchObject({ status: 416, code: 'RANGE_NOT_SATISFIABLE', size: 20 });

    // Another version's entity tag in If-Range, or several ranges: the whole file.
    const stale = await gh.as(carol).get(url, { range: 'bytes=2-5', 'if-range': '"0123"' });
    expect([stale.statusCode, stale.body]).toEqual([200, content]);
    const current = await gh.as(carol).get(url, { range: 'bytes=2-5', 'if-range': `"${md5(content)}"` });
    expect([current.statusCode, current.body]).toEqual([206, '2345']);
    const several = await gh.as(carol).get(url, { range: 'bytes=0-1,4-5' });
    expect([several.statusCode, several.body]).toEqual([200, content]);

    expect((await records(file.id)).map((r) => [r.result, r.bytes])).toEqual([
      ['served', 4], ['served', 3], ['served', 5], ['served', 2], ['failed', 0], ['served', 20], ['served', 4], ['served', 20],
    ]);
  });

  it('a declared MD5 that does not match what arrived is refused and nothing is kept', async () => {
    const before = objectKeys().length;
    const blobs = (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM blobs')).n;
    const wrong = await uploadFile(gh.as(carol), projectId, 'tampered.csv', 'a,b\n', [{ name: 'md5', value: md5('something else') }]);
    expect(wrong.statusCode, wrong.body).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'MD5_MISMATCH', md5: md5('a,b\n') });
    expect(objectKeys().length).toBe(before);
    expect((await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM blobs')).n).toBe(blobs);
    const right = await uploadFile(gh.as(carol), projectId, 'checked.csv', 'a,b\n', [{ name: 'md5', value: md5('a,b\n').toUpperCase() }]);
    expect(right.statusCode, right.body).toBe(201);
  });

  it('an upload over the limit is refused with 413 and leaves no object, even past the first part', async () => {
    const before = objectKeys();
    const res = await uploadFile(gh.as(carol), projectId, 'huge.bin', Buffer.alloc(LIMIT + 1024, 1));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json()).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(objectKeys()).toEqual(before);
  });

  it('an object missing from the bucket is a 502 BLOB_MISSING problem naming the store, recorded as failed', async () => {
    const file = (await uploadFile(gh.as(carol), projectId, 'lost.csv', 'gone\n')).json();
    await store().remove(await storageKeyOf(file.id));
    const res = await gh.as(carol).get(`/api/v1/entities/${file.id}/download`);
    expect(res.statusCode).toBe(502);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 502, code: 'BLOB_MISSING', storage: 's3' });
    expect(res.json().detail).toContain('S3-compatible blob store');
    expect(await records(file.id)).toEqual([{ bytes: 0, result: 'failed' }]);
    const ranged = await gh.as(carol).get(`/api/v1/entities/${file.id}/download`, { range: 'bytes=0-1' });
    expect(ranged.json()).toMatchObject({ status: 502, code: 'BLOB_MISSING' });

    // The download list packages nothing, and says which file is missing.
    expect((await gh.as(carol).post('/api/v1/download-list', { entityIds: [file.id] })).statusCode).toBe(200);
    const pkg = await gh.as(carol).post('/api/v1/download-list/package');
    expect(pkg.statusCode).toBe(502);
    expect(pkg.json()).toMatchObject({ code: 'BLOB_MISSING', storage: 's3', entityId: file.id });
    await gh.as(carol).delete('/api/v1/download-list');
  });

  // Last: it stops the S3 server.
  it('an unreachable store is a 503 STORAGE_UNAVAILABLE problem for downloads and uploads, not a 500', async () => {
    const file = (await uploadFile(gh.as(carol), projectId, 'later.csv', 'later\n')).json();
    await s3.stop();
    const res = await gh.as(carol).get(`/api/v1/entities/${file.id}/download`);
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE', storage: 's3' });
    expect(await records(file.id)).toEqual([{ bytes: 0, result: 'failed' }]);
    const up = await uploadFile(gh.as(carol), projectId, 'refused.csv', 'x\n');
    expect(up.statusCode, up.body).toBe(503);
    expect(up.json()).toMatchObject({ code: 'STORAGE_UNAVAILABLE', storage: 's3' });
    expect((await gh.as(carol).get(`/api/v1/entities/${projectId}/children`)).json().items?.map((e: { name: string }) => e.name) ?? []).not.toContain('refused.csv');
  });
});

describe('choosing the store', () => {
  it('BLOB_STORE must be local or s3://bucket/prefix, and the two keys go together', async () => {
    const { openBlobStore } = await import('../../src/server.js');
    const { loadConfig } = await import('../../src/infra/config.js');
    const { pino } = await import('pino');
    const log = pino({ level: 'silent' });
    expect(() => openBlobStore(loadConfig({ BLOB_STORE: 'ftp://x' }), log)).toThrow(/BLOB_STORE/);
    expect(() => openBlobStore(loadConfig({ BLOB_STORE: 's3://Bad_Bucket' }), log)).toThrow(/BLOB_STORE/);
    expect(() => openBlobStore(loadConfig({ BLOB_STORE: 's3://bucket', S3_ACCESS_KEY_ID: 'a' }), log)).toThrow(/together/);
    const config = loadConfig({ BLOB_STORE: 's3://bucket/a/b/', S3_ENDPOINT: 'http://127.0.0.1:1', S3_FORCE_PATH_STYLE: 'true' });
    expect(config).toMatchObject({ blobStore: 's3://bucket/a/b/', s3Endpoint: 'http://127.0.0.1:1', s3ForcePathStyle: true });
    const s3Store = openBlobStore(config, log) as S3BlobStore;
    expect([s3Store.kind, s3Store.bucket, s3Store.prefix]).toEqual(['s3', 'bucket', 'a/b/']);
    s3Store.close();
  });
});
