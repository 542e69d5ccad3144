import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/infra/db.js';

/**
 * The PostgreSQL connections of a Gatehouse: a connection the server ends is reported, not a crash, and close()
 * returns only when every connection has closed, so the database can be dropped right after.
 */
const serverUrl = process.env.DATABASE_URL;

describe.skipIf(!serverUrl)('PostgreSQL connections', () => {
  const name = `gh_test_conn_${randomBytes(6).toString('hex')}`;
  let url: string;
  const admin = () => new pg.Client({ connectionString: serverUrl });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(serverUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
  });

  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  const backendsOf = async () => {
    const c = admin();
    await c.connect();
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
    await c.end();
    return rows.map((r) => r.pid);
  };

  it('reports an idle connection that the server terminates, and goes on with a new one', async () => {
    const errors: Error[] = [];
    const db = await openDb({ databaseUrl: url, dataDir: '', onConnectionError: (err) => errors.push(err) });
    try {
      await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')));
      const pids = await backendsOf();
      expect(pids.length).toBeGreaterThanOrEqual(1);
      const c = admin();
      await c.connect();
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await c.end();
      // Each idle connection is reported as the server ends it; then the pool connects afresh.
      await expect.poll(() => errors.length).toBe(pids.length);
      for (const err of errors) expect(err.message).toMatch(/terminat/i);
      expect(await db.one<{ n: number }>('SELECT 41 + 1 AS n')).toEqual({ n: 42 });
    } finally {
      await db.close();
    }
  });

  it('closes every connection before close() returns, so the database can be dropped at once', async () => {
    const errors: Error[] = [];
    const db = await openDb({ databaseUrl: url, dataDir: '', onConnectionError: (err) => errors.push(err) });
    await Promise.all([1, 2, 3, 4].map(() => db.query('SELECT pg_sleep(0.05)')));
    expect((await backendsOf()).length).toBeGreaterThanOrEqual(2);
    await db.close();
    // Dropping with FORCE terminates any connection still open: none of ours may be among them.
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await c.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors).toEqual([]);
  });
});
