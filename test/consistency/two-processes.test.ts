import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { insertEntity, setAclEntry } from './world.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * PGlite keeps its database inside one process, so two processes can share only a PostgreSQL server; this test
 * runs in the PostgreSQL pass of the suite.
 */
describe.skipIf(!onPostgres)('two Gatehouse processes sharing one PostgreSQL', () => {
  let gh: TestGatehouse;
  let other: ChildProcess;
  let otherUrl: string;
  let output = '';

  beforeAll(async () => {
    gh = await startTestGatehouse();
    // The second process runs on the wall clock: tokens and sessions made here must be valid there.
    gh.clock.set(new Date());
    const port = await freePort();
    otherUrl = `http://127.0.0.1:${port}`;
    other = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--no-demo'], {
      env: {
        ...process.env,
        DATABASE_URL: gh.config.databaseUrl!,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gatehouse-second-')),
        LOG_LEVEL: 'warn',
        DEMO: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    other.stdout!.on('data', (c) => (output += c));
    other.stderr!.on('data', (c) => (output += c));
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(`${otherUrl}/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`the second process did not become ready:\n${output}`);
  }, 90_000);

  afterAll(async () => {
    other?.kill('SIGTERM');
    await gh?.stop();
  });

  it('a revocation acknowledged by one process is honoured by the other process\'s very next check', async () => {
    const owner = await gh.user('owner');
    const reader = await gh.user('reader');
    const token = (await gh.as(reader).post('/api/v1/tokens', { name: 'second process' })).json().token as string;
    const { project, file } = await gh.ctx.db.tx(async (sql) => {
      const project = await insertEntity(sql, gh, 'project', 'Shared', null, owner.id);
      await setAclEntry(sql, gh, project, owner.id, ['READ', 'DOWNLOAD', 'CHANGE_PERMISSIONS']);
      const file = await insertEntity(sql, gh, 'file', 'cohort.vcf', project, owner.id);
      return { project, file };
    });
    const checkOnOther = async () => {
      const res = await fetch(`${otherUrl}/api/v1/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ entityId: `syn${file}`, action: 'DOWNLOAD' }),
      });
      expect(res.status).toBe(200);
      return res.json() as Promise<{ granted: boolean; rule: string; message: string | null }>;
    };
    for (let i = 0; i < 25; i++) {
      // Acknowledged by this process: the transaction has committed when the call returns.
      await gh.ctx.db.tx((sql) => setAclEntry(sql, gh, project, reader.id, ['READ', 'DOWNLOAD']));
      expect(await checkOnOther()).toMatchObject({ granted: true, rule: 'GRANT_IF_HAS_DOWNLOAD' });
      await gh.ctx.db.tx((sql) => setAclEntry(sql, gh, project, reader.id, null));
      expect(await checkOnOther()).toMatchObject({ granted: false, rule: 'DENY', message: 'You lack DOWNLOAD access to the requested entity.' });
    }
  }, 120_000);

  it('a token revoked, or an account disabled, through one process is refused by the other on its next request', async () => {
    const user = await gh.user('tokenholder');
    const me = (token: string) => fetch(`${otherUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) {
      const created = (await gh.as(user).post('/api/v1/tokens', { name: `t${i}` })).json();
      // The other process resolves and caches the caller…
      expect((await me(created.token)).status).toBe(200);
      expect((await me(created.token)).status).toBe(200);
      // …and drops it with the revocation acknowledged here.
      expect((await gh.as(user).delete(`/api/v1/tokens/${created.details.id}`)).statusCode).toBe(200);
      const after = await me(created.token);
      expect(after.status).toBe(401);
      expect(((await after.json()) as { code: string }).code).toBe('TOKEN_REVOKED');
    }
    const admin = await gh.user('operator', { admin: true });
    const { token } = (await gh.as(user).post('/api/v1/tokens', { name: 'last' })).json();
    expect((await me(token)).status).toBe(200);
    expect((await gh.as(admin).post(`/api/v1/users/${user.id}/disable`, { reason: 'left the consortium' })).statusCode).toBe(200);
    const disabled = await me(token);
    expect(disabled.status).toBe(403);
    expect(((await disabled.json()) as { detail: string }).detail).toBe('User is disabled.');
  }, 120_000);
});
