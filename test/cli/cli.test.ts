import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadRecordHash } from '../../src/auditlog/downloads.js';

const run = promisify(execFile);

/**
 * The `gatehouse` command line, run as a user runs it: a separate process on a data directory (embedded
 * database) or, in the PostgreSQL pass, on a database of its own.
 */
let env: NodeJS.ProcessEnv;
let dataDir: string;
let dropDatabase = async () => {};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-'));
  env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PASSWORD_HASH_LOG2N: '10' };
  delete env.DATABASE_URL;
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `gh_cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
});
afterAll(async () => {
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

async function gatehouse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  // Only the PostgreSQL pass can look inside while no command runs; the embedded pass checks through commands.
  const c = new pg.Client({ connectionString: env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('the gatehouse command line', () => {
  it('migrates, then says the database is up to date', async () => {
    const first = await gatehouse('migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Applied 0001_foundation/);
    const again = await gatehouse('migrate');
    expect(again.stdout.trim()).toBe('The database is up to date.');
  }, 180_000);

  it('creates users with roles, disables and enables them with a reason, and resets 2FA', async () => {
    const created = await gatehouse('users', 'create', '--username', 'opal', '--email', 'opal@example.org', '--password', 'a long passphrase', '--admin');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created user opal \(id \d+\)\./);
    const duplicate = await gatehouse('users', 'create', '--username', 'opal', '--email', 'other@example.org', '--password', 'a long passphrase');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('USERNAME_TAKEN: The username "opal" is taken.');
    const noReason = await gatehouse('users', 'disable', 'opal');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('REASON_REQUIRED');
    expect((await gatehouse('users', 'disable', 'opal', '--reason', 'left the consortium')).stdout).toContain('Disabled opal.');
    expect((await gatehouse('users', 'enable', 'opal', '--reason', 'rejoined')).stdout).toContain('Enabled opal.');
    expect((await gatehouse('users', 'grant-act', 'opal')).stdout).toContain('Granted act for opal.');
    expect((await gatehouse('users', 'reset-2fa', 'opal')).stdout).toContain('Two-factor authentication removed for opal.');
    const unknown = await gatehouse('users', 'disable', 'nobody', '--reason', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no user "nobody".');
    if (env.DATABASE_URL) {
      const [user] = await sql<{ status: string }>(`SELECT status FROM users WHERE username = 'opal'`);
      expect(user.status).toBe('active');
      const actions = (await sql<{ action: string }>(`SELECT action FROM audit_log ORDER BY seq`)).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['user.created', 'role.admin-granted', 'user.disabled', 'user.enabled', 'role.act-granted', 'user.2fa-reset']));
    }
  }, 300_000);

  it('verifies the audit log, and reports the first broken entry with exit code 2', async () => {
    const ok = await gatehouse('log', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/The audit log is intact: \d+ entries verified\./);
    expect(ok.stdout).toContain('The download records are intact: 0 records in 0 sealed batches verified.');
    if (!env.DATABASE_URL) return; // the embedded database cannot be altered from outside the process
    // A download record is sealed by the verification, then its bytes are changed behind Gatehouse's back.
    const at = new Date('2026-03-02T09:00:00Z');
    const record = { at, userId: null, entityId: 42, version: 1, blobId: null, bytes: 100, projectId: null, client: 'curl', result: 'served' };
    const [{ id }] = await sql<{ id: number }>(
      `INSERT INTO download_records (at, entity_id, version, bytes, client, result, hash) VALUES ($1, 42, 1, 100, 'curl', 'served', $2) RETURNING id`,
      [at, downloadRecordHash(record)]);
    const sealed = await gatehouse('log', 'verify');
    expect(sealed.code, sealed.stdout).toBe(0);
    expect(sealed.stdout).toContain('The download records are intact: 1 record in 1 sealed batch verified.');
    await sql('UPDATE download_records SET bytes = 1 WHERE id = $1', [id]);
    const altered = await gatehouse('log', 'verify');
    expect(altered.code).toBe(2);
    expect(altered.stdout).toContain(`The download records are BROKEN at record ${id}: download record ${id}: its contents do not match its hash (altered). 0 records before it verified.`);
    await sql('UPDATE download_records SET bytes = 100 WHERE id = $1', [id]);
    await sql('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await sql(`UPDATE audit_log SET details = '{"reason": "forged"}' WHERE seq = 3`);
    const broken = await gatehouse('log', 'verify');
    expect(broken.code).toBe(2);
    expect(broken.stdout).toContain('The audit log is BROKEN at entry 3: contents do not match the recorded hash. 2 entries before it verified.');
  }, 180_000);

  it('loads the demo data only into an empty database', async () => {
    const refused = await gatehouse('demo');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the demo data is loaded only into an empty database');
  }, 120_000);

  it('prints its usage for an unknown command', async () => {
    const res = await gatehouse('frobnicate');
    expect(res.code).toBe(64);
    expect(res.stderr).toContain('Usage: gatehouse <command>');
  });
});
