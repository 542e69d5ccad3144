import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

const LIMIT = 4 * 1024 * 1024;

let gh: TestGatehouse;
let carol: TestUser;
let alice: TestUser;
let bob: TestUser;
let dave: TestUser;
let projectId: string;
beforeAll(async () => {
  gh = await startTestGatehouse({ uploadLimitBytes: LIMIT });
  carol = await gh.user('carol', { certified: true });
  alice = await gh.user('alice', { certified: true });
  bob = await gh.user('bob');
  dave = await gh.user('dave', { certified: true });
  projectId = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Files' })).json().id;
});
afterAll(async () => gh?.stop());

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const num = (synId: string) => Number(synId.slice(3));
const md5 = (content: string | Buffer) => createHash('md5').update(content).digest('hex');

interface Part {
  name: string;
  value?: string;
  file?: { name: string; content: string | Buffer; type?: string };
}

/** A multipart/form-data body as a browser would send it, parts in the order given. */
async function form(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const data = new FormData();
  for (const p of parts) {
    if (p.file) {
      const bytes = typeof p.file.content === 'string' ? p.file.content : new Uint8Array(p.file.content);
      data.append(p.name, new Blob([bytes], { type: p.file.type ?? 'text/csv' }), p.file.name);
    } else {
      data.append(p.name, p.value ?? '');
    }
  }
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

async function upload(user: TestUser, parentId: string, fileName: string, content: string | Buffer, extra: Part[] = []) {
  const { payload, headers } = await form([{ name: 'parentId', value: parentId }, ...extra, { name: 'file', file: { name: fileName, content } }]);
  return gh.as(user).post('/api/v1/files', payload, headers);
}

async function folder(user: TestUser, parentId: string, name: string) {
  const res = await gh.as(user).post('/api/v1/entities', { type: 'folder', name, parentId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function share(entityId: string, entries: { principalId: number; accessTypes: string[] }[]) {
  const res = await gh.as(carol).put(`/api/v1/entities/${entityId}/acl`, { entries: [{ principalId: carol.id, accessTypes: ALL }, ...entries] });
  expect(res.statusCode, res.body).toBe(200);
}

const blobFiles = () => readdirSync(path.join(gh.config.dataDir, 'blobs')).filter((f) => f !== 'tmp').length;
const counts = async () => ({
  blobs: (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM blobs')).n,
  entities: (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM entities')).n,
  stored: blobFiles(),
});
const records = (entityId: string) =>
  gh.ctx.db.query<{ user_id: number | null; version: number | null; blob_id: number | null; bytes: number; project_id: number | null; client: string; result: string; rule: string | null }>(
    'SELECT user_id, version, blob_id, bytes, project_id, client, result, rule FROM download_records WHERE entity_id = $1 ORDER BY id', [num(entityId)]);

describe('uploading files', () => {
  it('a contributor uploads a file: size and MD5 are computed, and the file is version 1', async () => {
    const content = 'sample,tissue\nS1,tumor\nS2,normal\n';
    const res = await upload(carol, projectId, 'samples.csv', content);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      name: 'samples.csv', type: 'file', parentId: projectId, projectId, versionNumber: 1, createdBy: carol.id, inTrash: false,
      file: { size: Buffer.byteLength(content), md5: md5(content), contentType: 'text/csv', fileName: 'samples.csv' },
    });
    const blob = await gh.ctx.db.one('SELECT b.size, b.md5, b.created_by FROM file_versions v JOIN blobs b ON b.id = v.blob_id WHERE v.entity_id = $1 AND v.version = 1', [num(file.id)]);
    expect(blob).toEqual({ size: Buffer.byteLength(content), md5: md5(content), created_by: carol.id });
    const created = await gh.ctx.db.one<{ details: Record<string, unknown> }>(`SELECT details FROM audit_log WHERE action = 'entity.created' AND target_id = $1`, [file.id]);
    expect(created.details).toMatchObject({ type: 'file', version: 1, md5: md5(content), size: Buffer.byteLength(content) });
    const snapshot = await gh.ctx.db.one('SELECT change, version, type FROM entity_snapshots WHERE entity_id = $1', [num(file.id)]);
    expect(snapshot).toEqual({ change: 'created', version: 1, type: 'file' });
  });

  it('the name may differ from the file name, and the parent may come after the file in the form', async () => {
    const { payload, headers } = await form([
      { name: 'file', file: { name: 'C:\\Users\\carol\\raw_counts.tsv', content: 'gene\tcount\n', type: 'text/tab-separated-values' } },
      { name: 'name', value: 'Counts table' },
      { name: 'comment', value: 'first cut' },
      { name: 'parentId', value: projectId },
    ]);
    const res = await gh.as(carol).post('/api/v1/files', payload, headers);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Counts table', file: { fileName: 'raw_counts.tsv', contentType: 'text/tab-separated-values' } });
    const versions = (await gh.as(carol).get(`/api/v1/entities/${res.json().id}/versions`)).json();
    expect(versions.items).toEqual([expect.objectContaining({ versionNumber: 1, comment: 'first cut', fileName: 'raw_counts.tsv', createdBy: carol.id })]);
  });

  it('a new version increases the version number and changes the etag; each version stays downloadable', async () => {
    const first = (await upload(carol, projectId, 'variants.vcf', 'v1 calls\n')).json();
    const { payload, headers } = await form([{ name: 'comment', value: 'recalled' }, { name: 'file', file: { name: 'variants-v2.vcf', content: 'v2 calls, more of them\n' } }]);
    const res = await gh.as(carol).post(`/api/v1/entities/${first.id}/versions`, payload, headers);
    expect(res.statusCode, res.body).toBe(200);
    const second = res.json();
    expect(second).toMatchObject({ id: first.id, name: 'variants.vcf', versionNumber: 2, file: { md5: md5('v2 calls, more of them\n'), fileName: 'variants-v2.vcf' } });
    expect(second.etag).not.toBe(first.etag);

    const versions = (await gh.as(carol).get(`/api/v1/entities/${first.id}/versions`)).json().items;
    expect(versions.map((v: { versionNumber: number; comment: string }) => [v.versionNumber, v.comment])).toEqual([[2, 'recalled'], [1, '']]);
    expect((await gh.as(carol).get(`/api/v1/entities/${first.id}/download`)).body).toBe('v2 calls, more of them\n');
    expect((await gh.as(carol).get(`/api/v1/entities/${first.id}/download?version=1`)).body).toBe('v1 calls\n');
    const none = await gh.as(carol).get(`/api/v1/entities/${first.id}/download?version=7`);
    expect(none.json()).toMatchObject({ status: 404, detail: `${first.id} has no version 7.` });
    expect(await gh.ctx.db.query(`SELECT details->>'version' AS v FROM audit_log WHERE action = 'file.version-added' AND target_id = $1`, [first.id])).toEqual([{ v: '2' }]);

    const stale = await form([{ name: 'etag', value: first.etag }, { name: 'file', file: { name: 'v3.vcf', content: 'v3' } }]);
    const refused = await gh.as(carol).post(`/api/v1/entities/${first.id}/versions`, stale.payload, stale.headers);
    expect(refused.statusCode).toBe(412);
    expect((await gh.as(carol).get(`/api/v1/entities/${first.id}`)).json().versionNumber).toBe(2);
  });

  it('versions uploaded at the same time get distinct numbers', async () => {
    const file = (await upload(carol, projectId, 'concurrent.txt', 'v1')).json();
    const bodies = await Promise.all([2, 3, 4].map((n) => form([{ name: 'file', file: { name: `v${n}.txt`, content: `v${n}` } }])));
    const results = await Promise.all(bodies.map((b) => gh.as(carol).post(`/api/v1/entities/${file.id}/versions`, b.payload, b.headers)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const versions = (await gh.as(carol).get(`/api/v1/entities/${file.id}/versions`)).json().items;
    expect(versions.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([4, 3, 2, 1]);
  });

  it('an upload that is refused stores nothing', async () => {
    const before = await counts();
    const hidden = await upload(alice, projectId, 'x.csv', 'a,b\n');
    expect(hidden.json()).toMatchObject({ status: 404, detail: `Resource: '${projectId}' does not exist` });
    const uncertified = await gh.as(bob).post('/api/v1/entities', { type: 'project', name: 'Bob uploads' });
    const bobs = await upload(bob, uncertified.json().id, 'x.csv', 'a,b\n');
    expect(bobs.json()).toMatchObject({ status: 403, code: 'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED', detail: 'Only certified users may create or update content.' });
    const before2 = await counts();
    expect(before2.blobs).toBe(before.blobs);
    expect(before2.stored).toBe(before.stored);
    // The parent after the file: the bytes are stored, then removed again when the upload is refused.
    const late = await form([{ name: 'file', file: { name: 'late.csv', content: 'a,b\n' } }, { name: 'parentId', value: projectId }]);
    expect((await gh.as(alice).post('/api/v1/files', late.payload, late.headers)).statusCode).toBe(404);
    expect(await counts()).toEqual({ ...before2, entities: before2.entities });
  });

  it('bad uploads are 4xx problems and store nothing', async () => {
    await upload(carol, projectId, 'taken.csv', 'a\n');
    const before = await counts();
    const missingFile = await form([{ name: 'parentId', value: projectId }]);
    expect((await gh.as(carol).post('/api/v1/files', missingFile.payload, missingFile.headers)).json()).toMatchObject({ status: 400, code: 'FILE_REQUIRED' });
    const missingParent = await form([{ name: 'file', file: { name: 'a.csv', content: 'a\n' } }]);
    expect((await gh.as(carol).post('/api/v1/files', missingParent.payload, missingParent.headers)).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const unknownField = await form([{ name: 'parentId', value: projectId }, { name: 'colour', value: 'red' }, { name: 'file', file: { name: 'a.csv', content: 'a\n' } }]);
    const unknown = (await gh.as(carol).post('/api/v1/files', unknownField.payload, unknownField.headers)).json();
    expect(unknown).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'body.colour', message: 'is not a known field' }] });
    expect((await upload(carol, projectId, 'TAKEN.csv', 'b\n')).json()).toMatchObject({ status: 409, code: 'NAME_TAKEN' });
    expect((await upload(carol, 'synabc', 'a.csv', 'a\n')).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const tooBig = await upload(carol, projectId, 'big.bin', Buffer.alloc(LIMIT + 1));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().code).toBe('FILE_TOO_LARGE');
    const file = (await gh.ctx.db.one<{ id: number }>(`SELECT id FROM entities WHERE name = 'taken.csv'`)).id;
    const underFile = await upload(carol, `syn${file}`, 'a.csv', 'a\n');
    expect(underFile.json()).toMatchObject({ status: 400, code: 'BAD_PARENT' });
    const json = await gh.as(carol).post('/api/v1/files', { parentId: projectId });
    expect(json.statusCode).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it('JSON routes still refuse multipart bodies', async () => {
    const { payload, headers } = await form([{ name: 'type', value: 'project' }, { name: 'name', value: 'Sneaky' }]);
    const res = await gh.as(carol).post('/api/v1/entities', payload, headers);
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('only files have versions', async () => {
    const res = await gh.as(carol).get(`/api/v1/entities/${projectId}/versions`);
    expect(res.json()).toMatchObject({ status: 400, code: 'NOT_A_FILE' });
  });
});

describe('downloading', () => {
  it('a download streams the bytes with their headers and leaves a served record', async () => {
    const content = 'participant,age\nP1,54\nP2,61\n';
    const file = (await upload(carol, projectId, 'Clinical data ü.csv', content)).json();
    const res = await gh.as(carol).get(`/api/v1/entities/${file.id}/download`, { 'user-agent': 'gatehouse-cli/1.2' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(content);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(content)));
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Clinical data _.csv"; filename*=UTF-8''Clinical%20data%20%C3%BC.csv`);
    const blobId = (await gh.ctx.db.one<{ blob_id: number }>('SELECT blob_id FROM file_versions WHERE entity_id = $1', [num(file.id)])).blob_id;
    expect(await records(file.id)).toEqual([{
      user_id: carol.id, version: 1, blob_id: blobId, bytes: Buffer.byteLength(content), project_id: num(projectId),
      client: 'gatehouse-cli/1.2', result: 'served', rule: 'GRANT_IF_HAS_DOWNLOAD',
    }]);
  });

  it('a user with READ but not DOWNLOAD is refused with the rule, the message and what to ask for; the denial is recorded', async () => {
    const f = await folder(carol, projectId, 'read only');
    await share(f.id, [{ principalId: alice.id, accessTypes: ['READ'] }]);
    const file = (await upload(carol, f.id, 'r.csv', 'x\n')).json();
    const res = await gh.as(alice).get(`/api/v1/entities/${file.id}/download`, { 'user-agent': 'curl/8' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'DENY', rule: 'DENY', detail: 'You lack DOWNLOAD access to the requested entity.',
      actionsRequired: [{ type: 'RequestDownload', benefactorId: f.id }],
    });
    expect(await records(file.id)).toEqual([expect.objectContaining({ user_id: alice.id, result: 'denied', rule: 'DENY', bytes: 0, client: 'curl/8', project_id: num(projectId) })]);
    const denial = await gh.ctx.db.one('SELECT action, rule, message FROM decision_denials WHERE entity_id = $1 AND user_id = $2', [num(file.id), alice.id]);
    expect(denial).toEqual({ action: 'DOWNLOAD', rule: 'DENY', message: 'You lack DOWNLOAD access to the requested entity.' });
  });

  it('a user who cannot READ the file gets 404, and the attempt is recorded', async () => {
    const file = (await upload(carol, projectId, 'secret.csv', 'x\n')).json();
    const res = await gh.as(dave).get(`/api/v1/entities/${file.id}/download`);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe(`Resource: '${file.id}' does not exist`);
    expect(res.body).not.toContain('secret');
    expect(await records(file.id)).toEqual([expect.objectContaining({ user_id: dave.id, result: 'denied', rule: 'DENY' })]);
  });

  it('anonymous callers download open data that is public, and nothing else', async () => {
    const f = await folder(carol, projectId, 'public');
    await share(f.id, [{ principalId: 1, accessTypes: ['READ'] }]);
    const open = (await upload(carol, f.id, 'open.csv', 'open\n')).json();
    const sensitive = (await upload(carol, f.id, 'sensitive.csv', 'sensitive\n')).json();
    await gh.ctx.db.query(`UPDATE entities SET data_type = 'OPEN_DATA' WHERE id = $1`, [num(open.id)]);
    const ok = await gh.as(null).get(`/api/v1/entities/${open.id}/download`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('open\n');
    const refused = await gh.as(null).get(`/api/v1/entities/${sensitive.id}/download`);
    expect(refused.json()).toMatchObject({ status: 403, code: 'DENY_IF_ANONYMOUS', detail: 'Anonymous users have only READ access permission.' });
    expect((await records(open.id))[0]).toMatchObject({ user_id: null, result: 'served' });
  });

  it('a download whose bytes run short is recorded as failed', async () => {
    const content = 'x'.repeat(5000);
    const file = (await upload(carol, projectId, 'short.txt', content)).json();
    const { storage_key } = await gh.ctx.db.one<{ storage_key: string }>(
      'SELECT b.storage_key FROM file_versions v JOIN blobs b ON b.id = v.blob_id WHERE v.entity_id = $1', [num(file.id)]);
    writeFileSync(path.join(gh.config.dataDir, 'blobs', storage_key), content.slice(0, 1000));
    await gh.as(carol).get(`/api/v1/entities/${file.id}/download`).catch(() => undefined);
    expect(await records(file.id)).toEqual([expect.objectContaining({ result: 'failed', bytes: 1000 })]);
  });

  it('a client that hangs up halfway leaves a failed record with the bytes sent', async () => {
    const size = 3 * 1024 * 1024;
    const file = (await upload(carol, projectId, 'large.bin', Buffer.alloc(size, 7))).json();
    await gh.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = gh.app.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/api/v1/entities/${file.id}/download`, headers: { cookie: carol.cookie } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => (req.destroyed ? resolve() : reject(err)));
    });
    let rows: Awaited<ReturnType<typeof records>> = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await records(file.id);
    }
    expect(rows).toEqual([expect.objectContaining({ result: 'failed', user_id: carol.id })]);
    expect(rows[0].bytes).toBeLessThan(size);
  });

  it('folders cannot be downloaded', async () => {
    const res = await gh.as(carol).get(`/api/v1/entities/${projectId}/download`);
    expect(res.json()).toMatchObject({ status: 400, code: 'NOT_A_FILE' });
  });
});
