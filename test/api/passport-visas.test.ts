import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { acceptRequirement, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures } from './access-requirements-fixtures.js';
import { userFromPassports } from '../../src/passport/verify.js';

/** GA4GH passports and visas (SPEC §13; docs/adr/0022), checked the way a downstream service checks them: with jose, against the JWKS. */

let gh: TestGatehouse;
let act: TestUser;
let admin: TestUser;
let f: ReturnType<typeof fixtures>;
const ISS = 'http://gatehouse.test';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  gh = await startTestGatehouse();
  f = fixtures(gh);
  act = await gh.user('aron', { act: true });
  admin = await gh.user('ada', { admin: true });
});
afterAll(async () => gh?.stop());

interface PassportBody {
  iss: string; sub: string; passport: string; ga4gh_passport_v1: string[]; expiresAt: string;
  visas: { jwt: string; ga4gh_visa_v1: { type: string; value: string; source: string; by: string; asserted: number }; expiresAt: string; label: string; accessRequirementId: number | null }[];
}

async function passportOf(user: TestUser, headers?: Record<string, string>): Promise<PassportBody> {
  const res = await gh.as(headers ? null : user).get('/ga4gh/passport/v1/passports', headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as PassportBody;
}

async function jwks(): Promise<JSONWebKeySet> {
  const res = await gh.as(null).get('/.well-known/jwks.json');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as JSONWebKeySet;
}

/** Verifies a visa as a Passport Clearinghouse would: signature against the JWKS, issuer, typ, expiry. */
async function verifyVisa(jwt: string, keys: JSONWebKeySet): Promise<JWTPayload & { ga4gh_visa_v1: Record<string, unknown> }> {
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(keys), { issuer: ISS, algorithms: ['ES256'], typ: 'vnd.ga4gh.visa+jwt', currentDate: gh.clock.now() });
  return payload as JWTPayload & { ga4gh_visa_v1: Record<string, unknown> };
}

const grantsIn = (p: PassportBody) => p.visas.filter((v) => v.ga4gh_visa_v1.type === 'ControlledAccessGrants').map((v) => v.ga4gh_visa_v1.value);

describe('the passport and its visas', () => {
  it('a visa per approval, accepted terms and validated identity, each signed ES256 with jku and kid, verifiable against the JWKS', async () => {
    // The JWKS holds the signing key from the start, before any visa was asked for.
    const early = await jwks();
    expect(early.keys).toHaveLength(1);
    const vera = await gh.user('vera', { validated: true });
    const cohort = await f.requirement(act, { type: 'ManagedACT', name: 'Cohort study' });
    const approvedAt = Math.floor(gh.clock.now().getTime() / 1000);
    await f.approve(act, cohort.id, vera, { expiresOn: new Date(gh.clock.now().getTime() + 30 * DAY).toISOString() });
    const clickwrap = await f.requirement(act, { type: 'TermsOfUse', name: 'Be nice', terms: 'Do not re-identify.' });
    expect((await acceptRequirement(gh, vera, clickwrap.id)).statusCode).toBe(201);

    const p = await passportOf(vera);
    const keys = await jwks();
    expect(keys.keys).toEqual(early.keys);
    expect(keys.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys.keys[0]).not.toHaveProperty('d');
    expect(p).toMatchObject({ iss: ISS, sub: String(vera.id) });
    expect(p.ga4gh_passport_v1).toEqual(p.visas.map((v) => v.jwt));

    const now = Math.floor(gh.clock.now().getTime() / 1000);
    const decoded = await Promise.all(p.ga4gh_passport_v1.map((jwt) => verifyVisa(jwt, keys)));
    for (const [i, visa] of decoded.entries()) {
      expect(decodeProtectedHeader(p.ga4gh_passport_v1[i])).toEqual({ alg: 'ES256', typ: 'vnd.ga4gh.visa+jwt', jku: `${ISS}/.well-known/jwks.json`, kid: keys.keys[0].kid });
      expect(visa).toMatchObject({ iss: ISS, sub: String(vera.id), iat: now, exp: now + 3600 });
      expect(visa.jti).toEqual(expect.any(String));
      expect(visa).not.toHaveProperty('scope');
    }
    expect(new Set(decoded.map((d) => d.jti)).size).toBe(decoded.length);
    const byType = (type: string) => decoded.filter((d) => d.ga4gh_visa_v1.type === type).map((d) => d.ga4gh_visa_v1);
    expect(byType('ControlledAccessGrants')).toEqual([
      { type: 'ControlledAccessGrants', asserted: approvedAt, value: `${ISS}/access-requirements/${cohort.id}`, source: `${ISS}/teams/5`, by: 'dac' },
    ]);
    expect(byType('AcceptedTermsAndPolicies')).toEqual(expect.arrayContaining([
      expect.objectContaining({ value: `${ISS}/access-requirements/${clickwrap.id}`, source: ISS, by: 'self' }),
      expect.objectContaining({ value: expect.stringMatching(/^http:\/\/gatehouse\.test\/api\/v1\/terms\?version=/), source: ISS, by: 'self' }),
    ]));
    expect(byType('ResearcherStatus')).toEqual([expect.objectContaining({ value: `${ISS}/profile/verification`, source: `${ISS}/teams/5`, by: 'so' })]);
    expect(p.visas.find((v) => v.ga4gh_visa_v1.type === 'ControlledAccessGrants')).toMatchObject({ label: 'Cohort study', accessRequirementId: cohort.id });

    // The passport itself: typ vnd.ga4gh.passport+jwt, carrying the same visas.
    const { payload, protectedHeader } = await jwtVerify(p.passport, createLocalJWKSet(keys), { issuer: ISS, typ: 'vnd.ga4gh.passport+jwt', currentDate: gh.clock.now() });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: keys.keys[0].kid });
    expect(payload).toMatchObject({ sub: String(vera.id), ga4gh_passport_v1: p.ga4gh_passport_v1, exp: now + 3600 });
  });

  it('a personal access token gets the same passport; no credential gets 401', async () => {
    const tom = await gh.user('tom');
    const created = await gh.as(tom).post('/api/v1/tokens', { name: 'DRS client' });
    expect(created.statusCode, created.body).toBe(201);
    const p = await passportOf(tom, { authorization: `Bearer ${created.json().token}` });
    expect(p.sub).toBe(String(tom.id));
    expect(p.visas.map((v) => v.ga4gh_visa_v1.type)).toEqual(['AcceptedTermsAndPolicies']);
    const anonymous = await gh.as(null).get('/ga4gh/passport/v1/passports');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a visa expires at the approval\'s expiry when that comes before the lifetime, and an expired approval is in no later passport', async () => {
    const eva = await gh.user('eva');
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'Short grant' });
    const end = new Date(gh.clock.now().getTime() + 20 * 60_000);
    await f.approve(act, ar.id, eva, { expiresOn: end.toISOString() });
    const first = await passportOf(eva);
    const visa = first.visas.find((v) => v.accessRequirementId === ar.id)!;
    expect(visa.expiresAt).toBe(end.toISOString());
    expect((await verifyVisa(visa.jwt, await jwks())).exp).toBe(end.getTime() / 1000);

    gh.clock.advance(21 * 60_000);
    await f.signInAgain(eva);
    expect(grantsIn(await passportOf(eva))).toEqual([]);
    // The visa handed out before has died too.
    await expect(verifyVisa(visa.jwt, await jwks())).rejects.toThrow(/exp/);
  });

  it('a revoked approval disappears from the next passport; another approval of the same AR stays', async () => {
    const rob = await gh.user('rob');
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'Twice approved' });
    const one = await f.approve(act, ar.id, rob);
    const other = await f.approve(act, ar.id, rob);
    expect(grantsIn(await passportOf(rob))).toHaveLength(2);
    const revoked = await gh.as(act).post(`/api/v1/access-approvals/${one.id}/revoke`, { reason: 'Project ended.' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(grantsIn(await passportOf(rob))).toEqual([`${ISS}/access-requirements/${ar.id}`]);
    const revoked2 = await gh.as(act).post(`/api/v1/access-approvals/${other.id}/revoke`, { reason: 'Project ended.' });
    expect(revoked2.statusCode).toBe(200);
    expect(grantsIn(await passportOf(rob))).toEqual([]);
  });

  it('a disabled account gets no passport', async () => {
    const dan = await gh.user('dan');
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    await f.approve(act, ar.id, dan);
    const created = await gh.as(dan).post('/api/v1/tokens', { name: 'script' });
    const token = created.json().token as string;
    expect(grantsIn(await passportOf(dan))).toHaveLength(1);
    expect((await gh.as(admin).post(`/api/v1/users/${dan.id}/disable`, { reason: 'Left the institute.' })).statusCode).toBe(200);
    // By session or by token: "User is disabled." (docs/adr/0009), and no visa.
    for (const res of [await gh.as(dan).get('/ga4gh/passport/v1/passports'), await gh.as(null).get('/ga4gh/passport/v1/passports', { authorization: `Bearer ${token}` })]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'USER_DISABLED', detail: 'User is disabled.' });
      expect(res.body).not.toContain('ga4gh_passport_v1');
    }
  });

  it('a revoked validation takes the ResearcherStatus visa out of the next passport', async () => {
    const iris = await gh.user('iris');
    const form = new FormData();
    for (const [k, v] of Object.entries({ firstName: 'Iris', lastName: 'Ng', institution: 'Example University', location: 'Lyon, France' })) form.append(k, v);
    form.append('files', new Blob(['%PDF-1.4 letter'], { type: 'application/pdf' }), 'letter.pdf');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const submitted = await gh.as(iris).post('/api/v1/verifications', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const id = submitted.json().id as number;
    expect((await gh.as(act).post(`/api/v1/verifications/${id}/decision`, { decision: 'approve' })).statusCode).toBe(200);
    const status = (p: PassportBody) => p.visas.filter((v) => v.ga4gh_visa_v1.type === 'ResearcherStatus').map((v) => v.ga4gh_visa_v1);
    expect(status(await passportOf(iris))).toEqual([expect.objectContaining({ by: 'so', asserted: Math.floor(gh.clock.now().getTime() / 1000) })]);
    expect((await gh.as(act).post(`/api/v1/verifications/${id}/revoke`, { reason: 'Left the institution.' })).statusCode).toBe(200);
    expect(status(await passportOf(iris))).toEqual([]);
  });

  it('a linked single sign-on account is a LinkedIdentities visa with the URI-encoded "sub,iss" value', async () => {
    const lin = await gh.user('lin');
    await gh.ctx.db.query('UPDATE users SET oidc_subject = $2 WHERE id = $1', [lin.id, 'https://idp.example.org/realms/a|b|user,42;x']);
    const p = await passportOf(lin);
    const linked = p.visas.filter((v) => v.ga4gh_visa_v1.type === 'LinkedIdentities');
    expect(linked.map((v) => v.ga4gh_visa_v1)).toEqual([expect.objectContaining({
      value: 'b%7Cuser%2C42%3Bx,https%3A%2F%2Fidp.example.org%2Frealms%2Fa', source: ISS, by: 'system',
    })]);
  });
});

describe('signing keys', () => {
  it('rotation signs with a new key and keeps the old public key in the JWKS until its last visa expires', async () => {
    const kim = await gh.user('kim');
    const before = await passportOf(kim);
    const oldKid = decodeProtectedHeader(before.passport).kid;
    expect((await gh.as(kim).post('/api/v1/admin/visa-keys/rotate')).statusCode).toBe(403);
    const rotated = await gh.as(admin).post('/api/v1/admin/visa-keys/rotate');
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json()).toMatchObject({ retiredKid: oldKid, kid: expect.any(String) });
    const newKid = rotated.json().kid as string;

    const after = await passportOf(kim);
    expect(decodeProtectedHeader(after.passport).kid).toBe(newKid);
    const keys = await jwks();
    expect(keys.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    // A visa signed before the rotation still verifies against the published keys.
    await verifyVisa(before.ga4gh_passport_v1[0], keys);
    const listed = (await gh.as(admin).get('/api/v1/admin/visa-keys')).json();
    expect(listed.items.map((k: { kid: string; state: string }) => [k.kid, k.state])).toEqual([[newKid, 'signing'], [oldKid, 'published']]);
    expect(listed.items[1].publishedUntil).toBe(before.expiresAt);

    // Once every visa the old key signed has expired, it is no longer published.
    gh.clock.advance(HOUR + 1000);
    await f.signInAgain(kim, admin);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
    expect((await gh.as(admin).get('/api/v1/admin/visa-keys')).json().items[1].state).toBe('expired');
  });

  it('the generated private key is kept sealed in the database, under a key-encryption key in DATA_DIR with mode 0600', async () => {
    const { statSync } = await import('node:fs');
    const rows = await gh.ctx.db.query<{ private_jwk_sealed: string }>('SELECT private_jwk_sealed FROM visa_signing_keys');
    for (const r of rows) expect(r.private_jwk_sealed).not.toContain('"d"');
    expect(statSync(`${gh.config.dataDir}/keys/visa-kek.key`).mode & 0o777).toBe(0o600);
  });
});

describe('userFromPassports', () => {
  it('accepts a fresh Gatehouse passport or visa and names the access requirements still granted', async () => {
    const ula = await gh.user('ula');
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'For DRS' });
    const approval = await f.approve(act, ar.id, ula);
    const p = await passportOf(ula);
    expect(await userFromPassports(gh.ctx, [p.passport])).toEqual({ userId: String(ula.id), grantedRequirementIds: [String(ar.id)] });
    const grant = p.visas.find((v) => v.accessRequirementId === ar.id)!.jwt;
    expect(await userFromPassports(gh.ctx, [grant])).toEqual({ userId: String(ula.id), grantedRequirementIds: [String(ar.id)] });

    // Revoked since the visa was minted: the signature is still good, the grant is not.
    await gh.as(act).post(`/api/v1/access-approvals/${approval.id}/revoke`, { reason: 'Ended.' });
    expect(await userFromPassports(gh.ctx, [p.passport])).toEqual({ userId: String(ula.id), grantedRequirementIds: [] });
  });

  it('refuses a forged, expired or other-issuer passport, and a disabled user', async () => {
    const { SignJWT, generateKeyPair } = await import('jose');
    const zed = await gh.user('zed');
    const ar = await f.requirement(act, { type: 'ManagedACT' });
    await f.approve(act, ar.id, zed);
    const p = await passportOf(zed);
    const grant = p.visas.find((v) => v.accessRequirementId === ar.id)!;

    // Forged: the same claims and header, signed with a key that is not Gatehouse's.
    const { privateKey } = await generateKeyPair('ES256');
    const header = decodeProtectedHeader(grant.jwt);
    const claims = JSON.parse(Buffer.from(grant.jwt.split('.')[1], 'base64url').toString()) as JWTPayload;
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: header.typ, jku: header.jku, kid: header.kid }).sign(privateKey);
    expect(await userFromPassports(gh.ctx, [forged])).toBeNull();
    // Tampered: Gatehouse's signature over other claims.
    const [h, , s] = grant.jwt.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: String(act.id) })).toString('base64url')}.${s}`;
    expect(await userFromPassports(gh.ctx, [tampered])).toBeNull();
    expect(await userFromPassports(gh.ctx, ['not a jwt', ''])).toBeNull();

    // Other issuer: a real signature by Gatehouse's own key cannot be had, so sign as another issuer with its own key.
    const other = await new SignJWT({ ga4gh_visa_v1: grant.ga4gh_visa_v1 }).setProtectedHeader({ alg: 'ES256', typ: 'vnd.ga4gh.visa+jwt', kid: 'x' })
      .setIssuer('https://elsewhere.example.org').setSubject(String(zed.id)).setIssuedAt().setExpirationTime('1h').sign(privateKey);
    expect(await userFromPassports(gh.ctx, [other])).toBeNull();

    // Expired.
    gh.clock.advance(HOUR + 1000);
    expect(await userFromPassports(gh.ctx, [p.passport, grant.jwt])).toBeNull();

    // Disabled: a fresh passport of the user is refused from the moment the account is disabled.
    await f.signInAgain(zed, admin);
    const fresh = await passportOf(zed);
    expect(await userFromPassports(gh.ctx, [fresh.passport])).toMatchObject({ userId: String(zed.id) });
    await gh.as(admin).post(`/api/v1/users/${zed.id}/disable`, { reason: 'Account shared.' });
    expect(await userFromPassports(gh.ctx, [fresh.passport])).toBeNull();
  });
});

describe('the OpenAPI document', () => {
  it('documents the JWKS, the passport and the key routes', async () => {
    const doc = (await gh.as(null).get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.paths['/.well-known/jwks.json'].get.responses['200']).toBeDefined();
    expect(doc.paths['/ga4gh/passport/v1/passports'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/admin/visa-keys'].get).toBeDefined();
    expect(doc.paths['/api/v1/admin/visa-keys/rotate'].post).toBeDefined();
  });
});
