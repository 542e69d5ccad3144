import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatehouse, type Gatehouse } from '../../src/server.js';
import { totpCode } from '../../src/identity/totp.js';
import { startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';

/** Sign-in limits per account and per address, kept in the database (src/identity/signinlimits.ts). */

const PER_MINUTE = 4;
const LOCK_AFTER = 6;

let gh: TestGatehouse;
let admin: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse({
    loginRateLimitPerMinute: PER_MINUTE, loginAddressLimitPerMinute: 20, loginLockoutAfter: LOCK_AFTER, loginLockoutMinutes: 15,
  });
  admin = await gh.user('admin', { admin: true });
});
afterAll(async () => gh?.stop());

let address = 0;
/** Each test signs in from an address of its own, unless it says otherwise. */
const nextAddress = () => `192.0.2.${++address}`;

const login = (username: string, password: string, from: string, extra: Record<string, string> = {}, app = gh.app) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: from, payload: { username, password, ...extra } });

async function wrong(username: string, from: string, n: number, app?: Gatehouse['app']): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await login(username, 'not the password', from, {}, app)).statusCode);
  return statuses;
}

describe('the per-account limit', () => {
  it('wrong passwords for one account do not lock out others behind the same address', async () => {
    await gh.user('alma');
    await gh.user('bert');
    gh.clock.advance(61_000); // past the minute of the harness's own sign-ins
    const office = nextAddress();
    const statuses = await wrong('alma', office, PER_MINUTE + 2);
    expect(statuses.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(401));
    expect(statuses.slice(PER_MINUTE)).toEqual([429, 429]);
    const limited = await login('alma', TEST_PASSWORD, office);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Someone else in the same office signs in as usual.
    expect((await login('bert', TEST_PASSWORD, office)).statusCode).toBe(200);
  });

  it('changing the address does not give an account more guesses, and the limit ends with its minute', async () => {
    await gh.user('cleo');
    gh.clock.advance(61_000);
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 3; i++) statuses.push((await login('cleo', 'guess', nextAddress())).statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_MINUTE);
    expect(statuses.at(-1)).toBe(429);
    gh.clock.advance(61_000);
    expect((await login('cleo', TEST_PASSWORD, nextAddress())).statusCode).toBe(200);
  });

  it('an unknown username is limited exactly like a known one, by the name as typed', async () => {
    const statuses = await wrong('nobody-at-all', nextAddress(), PER_MINUTE + 1);
    expect(statuses).toEqual([...Array(PER_MINUTE).fill(401), 429]);
    // The account is the same whether named by username or email.
    const dora = await gh.user('dora');
    gh.clock.advance(61_000);
    const from = nextAddress();
    await wrong('dora', from, PER_MINUTE / 2);
    await wrong('dora@example.org', from, PER_MINUTE / 2);
    expect((await login('DORA', TEST_PASSWORD, from)).statusCode).toBe(429);
    expect(dora.id).toBeGreaterThan(0);
    gh.clock.advance(61_000);
  });
});

describe('the per-address limit', () => {
  it('one address trying one password on many accounts is stopped, other addresses are not', async () => {
    const from = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await login(`spray${i}`, 'Summer2026!', from)).statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    await gh.user('emil');
    expect((await login('emil', TEST_PASSWORD, from)).json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await login('emil', TEST_PASSWORD, nextAddress())).statusCode).toBe(200);
    gh.clock.advance(61_000);
  });
});

describe('account lockout', () => {
  it('locks an account after failures in a row, refuses even the right password, tells the owner, and doubles', async () => {
    const fay = await gh.user('fay');
    // Spread over minutes, under the per-minute limit: only the lockout stops this.
    for (let i = 0; i < LOCK_AFTER; i++) {
      expect((await login('fay', 'wrong', nextAddress())).statusCode).toBe(401);
      gh.clock.advance(20_000);
    }
    const locked = await login('fay', TEST_PASSWORD, nextAddress());
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);

    const notices = (await gh.as(fay).get('/api/v1/notifications')).json();
    expect(JSON.stringify(notices)).toContain('Sign-in to your account was locked');
    const mail = await gh.ctx.db.query<{ subject: string; body: string }>(`SELECT subject, body FROM outbox WHERE kind = 'account.locked' AND recipient_user_id = $1`, [fay.id]);
    expect(mail).toHaveLength(1);
    expect(mail[0].body).toMatch(/locked for 15 minutes/);

    // An admin sees the lockout.
    const shown = (await gh.as(admin).get(`/api/v1/users/${fay.id}`)).json();
    const until = Date.parse(shown.signinLockedUntil);
    expect(until).toBeGreaterThan(gh.clock.now().getTime());
    expect(until).toBeLessThanOrEqual(gh.clock.now().getTime() + 15 * 60_000);

    // After the lockout, the next run of failures locks for twice as long.
    gh.clock.advance(15 * 60_000 + 1000);
    expect((await gh.as(admin).get(`/api/v1/users/${fay.id}`)).json().signinLockedUntil).toBeNull();
    for (let i = 0; i < LOCK_AFTER; i++) {
      await login('fay', 'wrong', nextAddress());
      gh.clock.advance(20_000);
    }
    const again = await login('fay', TEST_PASSWORD, nextAddress());
    expect(again.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(29 * 60);
    const audit = await gh.ctx.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_type = 'user' AND target_id = $1 AND action = 'auth.account-locked'`, [String(fay.id)]);
    expect(audit).toHaveLength(2);

    // An admin lifts it; the right password works and ends the run.
    const notAdmin = await gh.as(fay).post(`/api/v1/users/${fay.id}/unlock-signin`);
    expect(notAdmin.statusCode).toBe(403);
    const unlocked = await gh.as(admin).post(`/api/v1/users/${fay.id}/unlock-signin`);
    expect(unlocked.json()).toEqual({ unlocked: true });
    expect((await login('fay', TEST_PASSWORD, nextAddress())).statusCode).toBe(200);
    expect((await gh.as(admin).post('/api/v1/users/999999/unlock-signin')).statusCode).toBe(404);
  });

  it('a success ends the run of failures', async () => {
    await gh.user('gus');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < LOCK_AFTER - 1; i++) {
        await login('gus', 'wrong', nextAddress());
        gh.clock.advance(20_000);
      }
      expect((await login('gus', TEST_PASSWORD, nextAddress())).statusCode).toBe(200);
      gh.clock.advance(20_000);
    }
  });

  it('wrong second-factor codes count as failures; asking for the code does not', async () => {
    const hal = await gh.user('hal');
    const { secret } = (await gh.as(hal).post('/api/v1/me/2fa/enroll')).json();
    await gh.as(hal).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
    gh.clock.advance(31_000);
    const from = nextAddress();
    const asked = await login('hal', TEST_PASSWORD, from);
    expect(asked.json()).toMatchObject({ code: 'TOTP_REQUIRED' });
    for (let i = 0; i < LOCK_AFTER; i++) {
      const wrongCode = (await totpCode(secret, gh.clock.now())) === '000000' ? '111111' : '000000';
      expect((await login('hal', TEST_PASSWORD, nextAddress(), { totp: wrongCode })).json().code).toBe('INVALID_TOTP');
      gh.clock.advance(20_000);
    }
    const locked = await login('hal', TEST_PASSWORD, nextAddress(), { totp: await totpCode(secret, gh.clock.now()) });
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });
});

describe('codes typed by a signed-in user', () => {
  it('are limited per user and route, in the database', async () => {
    const ida = await gh.user('ida');
    gh.clock.advance(61_000);
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 1; i++) {
      statuses.push((await gh.as(ida).post('/api/v1/me/password', { currentPassword: 'wrong', newPassword: 'a new long passphrase' })).statusCode);
    }
    expect(statuses).toEqual([...Array(PER_MINUTE).fill(400), 429]);
    gh.clock.advance(61_000);
  });
});

/** PGlite keeps its database inside one process; two processes share only a PostgreSQL server. */
describe.skipIf(!process.env.DATABASE_URL)('two processes on one database', () => {
  let other: Gatehouse;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-second-'));
    other = await createGatehouse({ config: { ...gh.config, dataDir }, log: pino({ level: 'silent' }), clock: gh.clock, workers: false });
  });
  afterAll(async () => {
    await other?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('allow together what one allows, per account and to the lockout', async () => {
    await gh.user('jon');
    gh.clock.advance(61_000);
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 2; i++) {
      statuses.push((await login('jon', 'guess', nextAddress(), {}, i % 2 ? other.app : gh.app)).statusCode);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_MINUTE);
    gh.clock.advance(61_000);
    await gh.user('kim');
    gh.clock.advance(61_000);
    const concurrent = await Promise.all(Array.from({ length: PER_MINUTE * 3 }, (_, i) =>
      login('kim', 'guess', nextAddress(), {}, i % 2 ? other.app : gh.app)));
    expect(concurrent.filter((r) => r.statusCode === 401)).toHaveLength(PER_MINUTE);
  });
});
