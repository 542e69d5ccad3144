import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../webhooks.js';

/**
 * At-least-once across a crash (docs/adr/0023): a Gatehouse process (`gatehouse serve`, a child of the test) commits
 * a change, starts sending its event to a receiver that does not answer, and is killed with SIGKILL before the
 * attempt is recorded. A new process on the same database sends the event again once the lease ends: the receiver
 * gets it, with the same Gatehouse-Webhook-Id. Runs on the embedded database (the data directory survives the
 * process) and on PostgreSQL.
 */
const PASSWORD = 'correct horse battery';
const TIMEOUT_MS = 1_500;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let env: Record<string, string>;
let receiver: Receiver;
let dataDir: string;
let dropDatabase = async () => {};
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-crash-'));
  let databaseUrl = '';
  if (process.env.DATABASE_URL) {
    const name = `gh_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  env = {
    ...process.env as Record<string, string>, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, DEMO: 'false', LOG_LEVEL: 'warn',
    PASSWORD_HASH_LOG2N: '10', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS), HOST: '127.0.0.1',
  };
  for (const [name, extra] of [['root', ['--admin']], ['ben', []]] as const) {
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'users', 'create', '--username', name, '--email', `${name}@example.org`, '--password', PASSWORD, ...extra],
      { env, encoding: 'utf8' });
    expect(made.status, made.stderr + made.stdout).toBe(0);
  }
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await receiver?.close();
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--no-demo'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  children.push(child);
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/ready`)).ok) return url;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Gatehouse did not become ready:\n${output}`);
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return /gh_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

const call = (url: string, cookie: string, method: string, route: string, body?: unknown) =>
  fetch(`${url}${route}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

describe('a process killed between the commit and the delivery', () => {
  it('the event is still delivered after a restart, with the same webhook id', async () => {
    const first = await serve();
    const cookie = await signIn(first, 'root');
    const created = await call(first, cookie, 'POST', '/api/v1/webhooks', { url: receiver.url, eventTypes: ['account.disabled'] });
    expect(created.status).toBe(201);
    const subscriptionId = (await created.json()).subscription.id as number;
    const ben = (await (await call(first, cookie, 'GET', '/api/v1/users?limit=50')).json()).items.find((u: { username: string }) => u.username === 'ben');

    receiver.next('hang');
    const disabled = await call(first, cookie, 'POST', `/api/v1/users/${ben.id}/disable`, { reason: 'Left the institute.' });
    expect(disabled.status).toBe(200); // committed
    await receiver.seen(1); // the worker is sending it, and will never hear back
    children[0].kill('SIGKILL');
    await new Promise((r) => children[0].once('exit', r));

    const second = await serve();
    await receiver.seen(2, 60_000);
    const [lost, delivered] = receiver.received;
    expect(delivered.headers['gatehouse-webhook-id']).toBe(lost.headers['gatehouse-webhook-id']);
    expect(delivered.json).toMatchObject({ type: 'account.disabled', subject: { user: { id: ben.id, username: 'ben' }, reason: 'Left the institute.' } });

    const again = await signIn(second, 'root');
    let items: { status: string; eventId: string }[] = [];
    for (let i = 0; i < 40 && items[0]?.status !== 'delivered'; i++) {
      items = (await (await call(second, again, 'GET', `/api/v1/webhooks/${subscriptionId}/deliveries`)).json()).items;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(items).toMatchObject([{ status: 'delivered', eventId: lost.json.id }]);
  }, 180_000);
});
