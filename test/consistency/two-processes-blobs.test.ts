import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatehouse, type Gatehouse } from '../../src/server.js';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { startS3, type TestS3 } from '../s3.js';
import { form, md5, uploadFile } from '../forms.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** A second Gatehouse on the same PostgreSQL database with a DATA_DIR of its own, as a second host would run it. */
async function secondProcess(gh: TestGatehouse, overrides: Partial<TestGatehouse['config']> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-second-'));
  const other = await createGatehouse({ config: { ...gh.config, dataDir, ...overrides }, log: pino({ level: 'silent' }), clock: gh.clock, workers: false });
  return { other, dataDir };
}
const get = (g: Gatehouse, url: string, user: TestUser, headers: Record<string, string> = {}) =>
  g.app.inject({ method: 'GET', url, headers: { cookie: user.cookie, ...headers } });

/** PGlite keeps its database inside one process; two processes share only a PostgreSQL server. */
describe.skipIf(!onPostgres)('two Gatehouse processes, separate DATA_DIRs, one PostgreSQL database', () => {
  describe('and one S3-compatible bucket', () => {
    let s3: TestS3;
    let gh: TestGatehouse;
    let other: Gatehouse;
    let otherDir: string;
    let carol: TestUser;
    let projectId: string;

    beforeAll(async () => {
      s3 = await startS3();
      gh = await startTestGatehouse(s3.config('shared'));
      ({ other, dataDir: otherDir } = await secondProcess(gh));
      carol = await gh.user('carol', { certified: true });
      projectId = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Shared bytes' })).json().id;
    });
    afterAll(async () => {
      await other?.stop();
      await gh?.stop();
      await s3?.stop();
      if (otherDir) rmSync(otherDir, { recursive: true, force: true });
    });

    it('each serves the files uploaded through the other, whole and in ranges', async () => {
      const first = await uploadFile(gh.as(carol), projectId, 'first.csv', 'uploaded on the first\n');
      expect(first.statusCode, first.body).toBe(201);
      const onOther = await get(other, `/api/v1/entities/${first.json().id}/download`, carol);
      expect([onOther.statusCode, onOther.body]).toEqual([200, 'uploaded on the first\n']);
      const ranged = await get(other, `/api/v1/entities/${first.json().id}/download`, carol, { range: 'bytes=12-16' });
      expect([ranged.statusCode, ranged.body, ranged.headers['content-range']]).toEqual([206, 'the f', 'bytes 12-16/22']);

      const content = Buffer.alloc(6 * 1024 * 1024 + 7, 3);
      const { payload, headers } = await form([
        { name: 'parentId', value: projectId }, { name: 'file', file: { name: 'second.bin', content } },
      ]);
      const second = await other.app.inject({ method: 'POST', url: '/api/v1/files', payload, headers: { ...headers, cookie: carol.cookie } });
      expect(second.statusCode, second.body).toBe(201);
      const back = await gh.as(carol).get(`/api/v1/entities/${second.json().id}/download`);
      expect(back.statusCode).toBe(200);
      expect(md5(back.rawPayload)).toBe(md5(content));
    });
  });

  describe('but each with its own local blob folder', () => {
    let gh: TestGatehouse;
    let other: Gatehouse;
    let otherDir: string;

    beforeAll(async () => {
      gh = await startTestGatehouse();
      ({ other, dataDir: otherDir } = await secondProcess(gh));
    });
    afterAll(async () => {
      await other?.stop();
      await gh?.stop();
      if (otherDir) rmSync(otherDir, { recursive: true, force: true });
    });

    it('a file uploaded through one is a clear 502 BLOB_MISSING problem on the other, not a 500', async () => {
      const carol = await gh.user('carol', { certified: true });
      const project = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Local bytes' })).json();
      const file = (await uploadFile(gh.as(carol), project.id, 'here.csv', 'only here\n')).json();
      const res = await get(other, `/api/v1/entities/${file.id}/download`, carol);
      expect(res.statusCode).toBe(502);
      expect(res.json()).toMatchObject({ code: 'BLOB_MISSING', storage: 'local' });
    });
  });
});
