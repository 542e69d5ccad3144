import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type JWK } from 'jose';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { createGatehouse, type Gatehouse } from '../../src/server.js';

/** Where the visa signing key comes from (docs/adr/0022): a configured key file, or the database shared by every process. */

describe('a signing key given by VISA_SIGNING_KEY_FILE', () => {
  let gh: TestGatehouse;
  let admin: TestUser;
  let dir: string;
  let publicJwk: JWK;
  let kid: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-visa-key-'));
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    publicJwk = await exportJWK(publicKey);
    kid = await calculateJwkThumbprint(jwk);
    const file = path.join(dir, 'visa.jwk');
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
    gh = await startTestGatehouse({ visaSigningKeyFile: file });
    admin = await gh.user('ada', { admin: true });
  });
  afterAll(async () => {
    await gh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs with that key, publishes only its public half, and rotation is refused with a reason', async () => {
    const p = (await gh.as(admin).get('/ga4gh/passport/v1/passports')).json() as { passport: string; ga4gh_passport_v1: string[] };
    expect(decodeProtectedHeader(p.passport).kid).toBe(kid);
    const keys = (await gh.as(null).get('/.well-known/jwks.json')).json() as { keys: JWK[] };
    expect(keys.keys).toEqual([{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }]);
    await jwtVerify(p.ga4gh_passport_v1[0], createLocalJWKSet({ keys: [{ ...publicJwk, kid }] }), { currentDate: gh.clock.now() });
    const rows = await gh.ctx.db.query<{ private_jwk_sealed: string | null; source: string }>('SELECT private_jwk_sealed, source FROM visa_signing_keys');
    expect(rows).toEqual([{ private_jwk_sealed: null, source: 'file' }]);

    const rotate = await gh.as(admin).post('/api/v1/admin/visa-keys/rotate');
    expect(rotate.statusCode).toBe(409);
    expect(rotate.json()).toMatchObject({ code: 'VISA_KEY_FROM_FILE' });
  });
});

// Several processes share one PostgreSQL: only there can two Gatehouses open the same database.
describe.runIf(Boolean(process.env.DATABASE_URL))('several processes on one PostgreSQL', () => {
  let gh: TestGatehouse;
  let user: TestUser;
  const others: { gatehouse: Gatehouse; dir: string }[] = [];
  const kek = randomBytes(32).toString('base64');

  beforeAll(async () => {
    gh = await startTestGatehouse({ visaKeyEncryptionKey: kek });
    user = await gh.user('pia');
  });
  afterAll(async () => {
    for (const o of others) {
      await o.gatehouse.stop();
      rmSync(o.dir, { recursive: true, force: true });
    }
    await gh?.stop();
  });

  /** Another process: same database and configuration, its own DATA_DIR. */
  async function anotherProcess(overrides: Record<string, unknown>): Promise<Gatehouse> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-second-'));
    const gatehouse = await createGatehouse({ config: { ...gh.config, dataDir: dir, ...overrides }, log: pino({ level: 'silent' }), clock: gh.clock, workers: false });
    others.push({ gatehouse, dir });
    return gatehouse;
  }
  const passportFrom = (g: Gatehouse) => g.app.inject({ method: 'GET', url: '/ga4gh/passport/v1/passports', headers: { cookie: user.cookie } });

  it('every process signs with the same key and publishes the same JWKS', async () => {
    const first = (await gh.as(user).get('/ga4gh/passport/v1/passports')).json() as { passport: string };
    const second = await anotherProcess({ visaKeyEncryptionKey: kek });
    const res = await passportFrom(second);
    expect(res.statusCode, res.body).toBe(200);
    expect(decodeProtectedHeader(res.json().passport).kid).toBe(decodeProtectedHeader(first.passport).kid);
    const jwks = await second.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.json()).toEqual((await gh.as(null).get('/.well-known/jwks.json')).json());
  });

  it('a process with another key-encryption key cannot read the signing key and says so, signing nothing', async () => {
    const stranger = await anotherProcess({ visaKeyEncryptionKey: randomBytes(32).toString('base64') });
    const res = await passportFrom(stranger);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'VISA_KEY_UNREADABLE' });
  });
});
