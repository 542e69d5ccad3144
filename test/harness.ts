import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/infra/config.js';
import { ManualClock } from '../src/infra/clock.js';
import { createGatehouse, type Gatehouse } from '../src/server.js';
import { createUser } from '../src/identity/users.js';
import { setRole } from '../src/identity/admin.js';
import { DEMO_TERMS_VERSION } from '../src/demo/demo.js';
import type { MailTransport } from '../src/notifications/worker.js';

/**
 * One Gatehouse per test file, on the embedded database (in memory) or, when DATABASE_URL is set, on a
 * fresh database created on that server for this file and dropped afterwards.
 */
export interface TestGatehouse extends Gatehouse {
  clock: ManualClock;
  config: Config;
  /** Calls the API as a user (by session cookie) or anonymously. */
  as(user: TestUser | null): ApiClient;
  /** Creates an active user who accepted the terms; roles and tiers as asked. */
  user(name: string, opts?: { admin?: boolean; act?: boolean; security?: boolean; governance?: boolean; certified?: boolean; validated?: boolean; acceptedTerms?: boolean }): Promise<TestUser>;
  sentMail: { to: string; subject: string; text: string }[];
}

export interface TestUser {
  id: number;
  username: string;
  password: string;
  cookie: string;
}

export interface ApiClient {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export const TEST_PASSWORD = 'correct horse battery';

export async function startTestGatehouse(overrides: Partial<Config> = {}): Promise<TestGatehouse> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: string | null = null;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const name = `gh_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({}, {
    dataDir, databaseUrl, passwordHashLog2N: 10, loginRateLimitPerMinute: 1000, loginAddressLimitPerMinute: 100_000, loginLockoutAfter: 1000,
    publicUrl: 'http://gatehouse.test',
    demo: false, ...overrides,
  });
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const sentMail: TestGatehouse['sentMail'] = [];
  const mailTransport: MailTransport = { sendMail: async (m) => void sentMail.push(m) };
  const gh = await createGatehouse({ config, log: pino({ level: 'silent' }), clock, inMemory: true, workers: false, mailTransport });
  await gh.ctx.db.query(
    'INSERT INTO platform_terms (version, body, published_at) VALUES ($1, $2, $3)',
    [DEMO_TERMS_VERSION, 'Use the data responsibly.', clock.now()],
  );

  const request = (cookie: string | null) => {
    const send = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      gh.app.inject({
        method: method as 'GET',
        url,
        headers: { ...(cookie ? { cookie } : {}), ...headers },
        ...(body === undefined ? {} : typeof body === 'string' || Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
      });
    return {
      get: (url: string, headers?: Record<string, string>) => send('GET', url, undefined, headers),
      post: (url: string, body?: unknown, headers?: Record<string, string>) => send('POST', url, body ?? {}, headers),
      put: (url: string, body?: unknown, headers?: Record<string, string>) => send('PUT', url, body ?? {}, headers),
      patch: (url: string, body?: unknown, headers?: Record<string, string>) => send('PATCH', url, body ?? {}, headers),
      delete: (url: string, headers?: Record<string, string>) => send('DELETE', url, undefined, headers),
    };
  };

  const harness: TestGatehouse = {
    ...gh,
    clock,
    config,
    sentMail,
    as: (user) => request(user?.cookie ?? null),
    async user(name, opts = {}) {
      const id = await gh.ctx.db.tx(async (sql) => {
        const id = await createUser(sql, clock, { username: name, email: `${name}@example.org`, displayName: name[0].toUpperCase() + name.slice(1), password: TEST_PASSWORD },
          { actorId: null, passwordHashLog2N: config.passwordHashLog2N });
        if (opts.admin) await setRole(sql, clock, id, 'admin', true, null);
        if (opts.act) await setRole(sql, clock, id, 'act', true, null);
        if (opts.security) await setRole(sql, clock, id, 'security', true, null);
        if (opts.governance) await setRole(sql, clock, id, 'governance', true, null);
        await sql.query('UPDATE users SET terms_version = $2, is_certified = $3, is_validated = $4 WHERE id = $1',
          [id, opts.acceptedTerms === false ? null : DEMO_TERMS_VERSION, opts.certified ?? false, opts.validated ?? false]);
        return id;
      });
      const cookie = await signIn(gh, name, TEST_PASSWORD);
      return { id, username: name, password: TEST_PASSWORD, cookie };
    },
    async stop() {
      await gh.stop();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Signs in and returns the Cookie header value for the session. */
export async function signIn(gh: Gatehouse, username: string, password: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await gh.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...extra } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'gh_session');
  return `gh_session=${cookie!.value}`;
}

/**
 * Serves a test Gatehouse over real HTTP on a free local port (for browser tests) and returns its base URL.
 * The test clock is set to the wall clock first: a browser drops a session cookie whose expiry is already
 * in the past, so sessions must expire in real time. The clock still stands still until the test moves it.
 */
export async function listenForBrowser(gh: TestGatehouse): Promise<string> {
  gh.clock.set(new Date());
  const address = await gh.app.listen({ port: 0, host: '127.0.0.1' });
  return address.replace('0.0.0.0', '127.0.0.1');
}

/**
 * A user accepts a TermsOfUse or SelfSign access requirement as the web app does: reads its current version
 * (the text shown) and accepts that version. Returns the accept response.
 */
export async function acceptRequirement(gh: TestGatehouse, user: TestUser, accessRequirementId: number) {
  const ar = await gh.as(user).get(`/api/v1/access-requirements/${accessRequirementId}`);
  const version = ar.statusCode === 200 ? (ar.json() as { version: number }).version : 1;
  return gh.as(user).post(`/api/v1/access-requirements/${accessRequirementId}/accept`, { version });
}
