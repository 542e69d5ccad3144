import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { form, uploadFile } from '../forms.js';
import { requestFixtures, type Ar } from './requests-fixtures.js';

/**
 * The local blob folder (the embedded default): bytes that the database refers to but that are gone from
 * DATA_DIR/blobs are a 502 BLOB_MISSING problem naming the store, on every route that serves stored bytes,
 * never a 500 or a response that breaks off after its headers.
 */
let gh: TestGatehouse;
let f: ReturnType<typeof requestFixtures>;
let act: TestUser;
let owner: TestUser;
let rae: TestUser;
let iris: TestUser;
let ar: Ar;
let fileId: string;
let requestId: number;
let attachmentId: number;
let verification: { id: number; attachments: { blobId: number }[] };

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = requestFixtures(gh);
  act = await gh.user('aron', { act: true, certified: true, validated: true });
  owner = await gh.user('olga', { certified: true });
  rae = await gh.user('rae', { certified: true, validated: true });
  iris = await gh.user('iris');
  const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Local bytes' })).json();
  fileId = (await uploadFile(gh.as(owner), project.id, 'cohort.csv', 'id,age\n1,40\n')).json().id;
  ar = await f.managedAr(act, owner, [rae]);
  const { etag } = await f.ok(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}`));
  const duc = f.multipart({ etag }, { name: 'DUC template.docx', content: 'template' });
  await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form/duc-template`, duc.payload, duc.headers));
  const request = await f.filled(rae, ar.id);
  requestId = request.id;
  attachmentId = request.answers.duc[0];
  await f.submit(rae, requestId);
  const v = await form([
    { name: 'firstName', value: 'Rae' }, { name: 'lastName', value: 'Ng' }, { name: 'institution', value: 'Example University' },
    { name: 'location', value: 'Lyon' }, { name: 'files', file: { name: 'letter.pdf', content: '%PDF-1.4 letter' } },
  ]);
  const submitted = await gh.as(iris).post('/api/v1/verifications', v.payload, v.headers);
  expect(submitted.statusCode, submitted.body).toBe(201);
  verification = submitted.json();

  // Every stored blob disappears from the folder behind Gatehouse's back.
  const dir = path.join(gh.config.dataDir, 'blobs');
  for (const name of readdirSync(dir)) if (name !== 'tmp') rmSync(path.join(dir, name));
});
afterAll(async () => gh?.stop());

const expectBlobMissing = (res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): any }) => {
  expect(res.statusCode, res.body).toBe(502);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({ status: 502, code: 'BLOB_MISSING', storage: 'local' });
  expect(res.json().detail).toContain('local blob folder');
};

describe('a blob missing from the local folder', () => {
  it('a file download is a 502 BLOB_MISSING problem, recorded as a failed download', async () => {
    expectBlobMissing(await gh.as(owner).get(`/api/v1/entities/${fileId}/download`));
    expectBlobMissing(await gh.as(owner).get(`/api/v1/entities/${fileId}/download`, { range: 'bytes=0-3' }));
    const records = await gh.ctx.db.query('SELECT result, bytes FROM download_records WHERE entity_id = $1', [Number(fileId.slice(3))]);
    expect(records).toEqual([{ result: 'failed', bytes: 0 }, { result: 'failed', bytes: 0 }]);
  });

  it('the download-list package names the missing file', async () => {
    await f.ok(await gh.as(owner).post('/api/v1/download-list', { entityIds: [fileId] }));
    const res = await gh.as(owner).post('/api/v1/download-list/package');
    expectBlobMissing(res);
    expect(res.json().entityId).toBe(fileId);
  });

  it('a request attachment, the DUC template and a verification document are 502 problems', async () => {
    expectBlobMissing(await gh.as(rae).get(`/api/v1/requests/${requestId}/attachments/${attachmentId}`));
    expectBlobMissing(await gh.as(rae).get(`/api/v1/access-requirements/${ar.id}/form/duc-template`));
    expectBlobMissing(await gh.as(act).get(`/api/v1/verifications/${verification.id}/attachments/${verification.attachments[0].blobId}`));
  });

  it('the attachments export is a 502 problem before the archive starts', async () => {
    expectBlobMissing(await gh.as(act).get(`/api/v1/access-requirements/${ar.id}/exports/attachments?from=2026-03-01&to=2026-04-01`));
  });
});
