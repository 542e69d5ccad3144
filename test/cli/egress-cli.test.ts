import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { openDb } from '../../src/infra/db.js';
import { loadConfig } from '../../src/infra/config.js';

const run = promisify(execFile);

/** `gatehouse egress send` against a test Gatehouse served over real HTTP, and the role commands. */
let gh: TestGatehouse;
let sec: TestUser;
let url: string;
let dir: string;

beforeAll(async () => {
  gh = await startTestGatehouse();
  // First: it sets the clock to the wall clock, which the command signs with; sessions are made after it.
  url = await listenForBrowser(gh);
  sec = await gh.user('sec', { security: true });
  await gh.user('analyst');
  dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-egress-cli-'));
});
afterAll(async () => {
  await gh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function gatehouse(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gatehouse egress send', () => {
  it('signs and posts a test event; the engineer sees it attributed; a wrong secret is shown refused', async () => {
    const created = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'zeek-cli' })).json();
    const secretFile = path.join(dir, 'zeek.secret');
    writeFileSync(secretFile, `${created.secret}\n`);
    // The clock follows real time here, as the command signs with the wall clock.
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', PUBLIC_URL: 'http://127.0.0.1:9' };
    delete env.DATABASE_URL;
    const sent = await gatehouse(env, 'egress', 'send', '--source', 'zeek-cli', '--secret-file', secretFile, '--user', 'analyst', '--bytes', '4096', '--url', url);
    expect(sent.stdout + sent.stderr).toContain("→ 200");
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('→ 200');
    expect(sent.stdout).toMatch(/"accepted": 1/);
    const events = (await gh.as(sec).get('/api/v1/egress/events?source=zeek-cli')).json();
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({ username: 'analyst', bytes: 4096, attributed: true, kind: 'network' });

    writeFileSync(secretFile, 'gh_egs_wrong');
    const refused = await gatehouse(env, 'egress', 'send', '--source', 'zeek-cli', '--secret-file', secretFile, '--user', 'analyst', '--bytes', '1', '--url', url);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('→ 401');
    expect(refused.stdout).toContain('BAD_SIGNATURE');
    const deliveries = (await gh.as(sec).get('/api/v1/egress/deliveries?result=refused')).json();
    expect(deliveries.items[0]).toMatchObject({ sourceName: 'zeek-cli', reason: 'BAD_SIGNATURE' });

    const unreachable = await gatehouse(env, 'egress', 'send', '--source', 'zeek-cli', '--secret-file', secretFile, '--bytes', '1');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Could not reach http://127.0.0.1:9/api/v1/egress/events');
  }, 180_000);
});

describe('gatehouse users grant-security and grant-governance', () => {
  it('grant and revoke the roles, recorded in the database', async () => {
    const dataDir = path.join(dir, 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PASSWORD_HASH_LOG2N: '10' };
    delete env.DATABASE_URL;
    expect((await gatehouse(env, 'users', 'create', '--username', 'sally', '--email', 'sally@example.org', '--password', 'a long passphrase', '--governance')).code).toBe(0);
    expect((await gatehouse(env, 'users', 'grant-security', 'sally')).stdout).toContain('Granted security for sally.');
    expect((await gatehouse(env, 'users', 'revoke-governance', 'sally')).stdout).toContain('Revoked governance for sally.');
    const db = await openDb(loadConfig({}, { dataDir, databaseUrl: null }));
    try {
      const teams = (await db.query<{ team_id: number }>(
        `SELECT m.team_id FROM team_members m JOIN users u ON u.id = m.user_id WHERE u.username = 'sally' ORDER BY m.team_id`)).map((r) => Number(r.team_id));
      expect(teams).toEqual([6]);
      const actions = (await db.query<{ action: string }>('SELECT action FROM audit_log ORDER BY seq')).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['role.governance-granted', 'role.security-granted', 'role.governance-revoked']));
    } finally {
      await db.close();
    }
  }, 180_000);
});
