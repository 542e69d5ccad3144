import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { signIn, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { runAllowlistJob } from '../../src/groups/allowlists.js';
import { capabilityJobs } from '../../src/background.js';

const ERA = 'https://era.example.org';
const RAS = 'https://ras.example.org';
const REMOTE = 'https://remote-keys.example.org';
const DOWN = 'https://down.example.org';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let gh: TestGatehouse;
let root: TestUser;
let ada: TestUser; // group admin
let ben: TestUser;
let cleo: TestUser;
let dan: TestUser;
let eraKey: CryptoKey;
let rasKey: CryptoKey;
let remoteKey: CryptoKey;
let otherKey: CryptoKey;
let server: Server;
let baseUrl: string;
const served: Record<string, { status: number; body: string }> = {};
let allowlistDir: string;

beforeAll(async () => {
  const era = await generateKeyPair('ES256', { extractable: true });
  const ras = await generateKeyPair('RS256', { extractable: true });
  const remote = await generateKeyPair('ES256', { extractable: true });
  eraKey = era.privateKey;
  rasKey = ras.privateKey;
  remoteKey = remote.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  served['/jwks.json'] = { status: 200, body: JSON.stringify({ keys: [{ ...(await exportJWK(remote.publicKey)), alg: 'ES256', kid: 'r1' }] }) };
  server = createServer((req, res) => {
    const page = served[req.url ?? ''] ?? { status: 404, body: 'not here' };
    res.writeHead(page.status, { 'content-type': req.url?.endsWith('.json') ? 'application/json' : 'text/plain' }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  allowlistDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-allowlists-'));
  gh = await startTestGatehouse({
    allowlistDir,
    externalAccountIssuers: [
      { issuer: ERA, name: 'eRA Commons', jwks: { keys: [{ ...(await exportJWK(era.publicKey)), alg: 'ES256' }] } },
      { issuer: RAS, name: 'NIH RAS', publicKey: await exportSPKI(ras.publicKey), algorithms: ['RS256'], idClaim: 'era_id', linkDays: 10 },
      { issuer: REMOTE, name: 'Remote', jwksUrl: `${baseUrl}/jwks.json` },
      { issuer: DOWN, name: 'Down', jwksUrl: `${baseUrl}/no-keys.json` },
    ],
  });
  root = await gh.user('root', { admin: true });
  ada = await gh.user('ada', { certified: true });
  ben = await gh.user('ben', { certified: true });
  cleo = await gh.user('cleo', { certified: true });
  dan = await gh.user('dan', { certified: true });
});
afterAll(async () => {
  await gh?.stop();
  server?.close();
});

/** Moves time on; sessions last hours, so everyone signs in again. */
async function advance(ms: number) {
  gh.clock.advance(ms);
  for (const user of [root, ada, ben, cleo, dan]) user.cookie = await signIn(gh, user.username, user.password);
}

/** An assertion as the issuer signs it: for this Gatehouse, expiring in 5 minutes unless told. */
async function assertion(key: CryptoKey, claims: Record<string, unknown>, opts: { alg?: string; iss?: string; aud?: string; expiresIn?: number; kid?: string } = {}) {
  const now = Math.floor(gh.clock.now().getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'ES256', ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuer(opts.iss ?? ERA)
    .setAudience(opts.aud ?? 'http://gatehouse.test')
    .setIssuedAt(now)
    .setExpirationTime(now + (opts.expiresIn ?? 300))
    .sign(key);
}
const link = async (user: TestUser, token: string) => gh.as(user).post('/api/v1/me/external-accounts', { assertion: token });
async function linkEra(user: TestUser, externalId: string) {
  const res = await link(user, await assertion(eraKey, { sub: externalId }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { link: { id: number; expiresAt: string }; joined: string[]; left: string[] };
}
async function createGroup(name: string) {
  const res = await gh.as(ada).post('/api/v1/groups', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}
async function upload(group: string, content: string, extra: Record<string, unknown> = {}) {
  const res = await gh.as(ada).put(`/api/v1/groups/${group}/allowlist`, { issuer: ERA, source: 'upload', content, ...extra });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function memberNames(group: string) {
  const res = await gh.as(root).get(`/api/v1/groups/${group}/members?limit=500`);
  return (res.json().items as { name: string; role: string }[]).filter((m) => m.role === 'member').map((m) => m.name).sort();
}
async function membershipAudit(groupId: number) {
  const res = await gh.as(root).get(`/api/v1/audit-log?targetType=group&targetId=${groupId}&action=group.member&limit=500`);
  return (res.json().items as { action: string; details: { memberName: string; cause: string } }[]).reverse()
    .map((e) => `${e.action === 'group.member-added' ? '+' : '-'}${e.details.memberName}:${e.details.cause}`);
}

describe('linking external accounts', () => {
  it('a user links an account with an assertion signed by a trusted issuer; the link expires after 30 days', async () => {
    const res = await link(ben, await assertion(eraKey, { sub: 'BEN_ERA' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      link: { issuer: ERA, issuerName: 'eRA Commons', externalId: 'BEN_ERA', expired: false,
        linkedAt: gh.clock.now().toISOString(), expiresAt: new Date(gh.clock.now().getTime() + 30 * DAY).toISOString() },
      joined: [], left: [],
    });
    expect((await gh.as(ben).get('/api/v1/me/external-accounts')).json().items).toHaveLength(1);
    expect((await gh.as(ben).get('/api/v1/external-account-issuers')).json().items.map((i: { name: string }) => i.name))
      .toEqual(['eRA Commons', 'NIH RAS', 'Remote', 'Down']);
    const audit = (await gh.as(root).get(`/api/v1/audit-log?action=external-account.&actorId=${ben.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'external-account.linked', details: { issuer: ERA, externalId: 'BEN_ERA' } });
  });

  it('keys from a PEM public key (with its own id claim and link period) and from a JWKS URL work too', async () => {
    const ras = await link(cleo, await assertion(rasKey, { era_id: 'cleo_ras' }, { alg: 'RS256', iss: RAS }));
    expect(ras.statusCode, ras.body).toBe(201);
    expect(ras.json().link).toMatchObject({ externalId: 'cleo_ras', expiresAt: new Date(gh.clock.now().getTime() + 10 * DAY).toISOString() });
    const remote = await link(cleo, await assertion(remoteKey, { sub: 'cleo-remote' }, { iss: REMOTE, kid: 'r1' }));
    expect(remote.statusCode, remote.body).toBe(201);
  });

  it('refuses assertions that are forged, expired, for another audience, from an unknown issuer, or without an id', async () => {
    const cases: [string, Promise<string>, string, string][] = [
      ['wrong key', assertion(otherKey, { sub: 'x' }), 'INVALID_ASSERTION', "The assertion was not accepted: its signature does not verify with the issuer's key."],
      ['expired', assertion(eraKey, { sub: 'x' }, { expiresIn: -10 }), 'INVALID_ASSERTION', 'The assertion was not accepted: it has expired.'],
      ['audience', assertion(eraKey, { sub: 'x' }, { aud: 'https://elsewhere' }), 'INVALID_ASSERTION', 'The assertion was not accepted: the "aud" claim is not valid here.'],
      ['issuer', assertion(eraKey, { sub: 'x' }, { iss: 'https://evil.example' }), 'UNTRUSTED_ISSUER', 'https://evil.example is not a trusted issuer of external accounts here.'],
      ['no id', assertion(eraKey, {}), 'INVALID_ASSERTION', 'The assertion carries no external account id (claim "sub").'],
      ['RS256 key, ES256 said', assertion(rasKey, { era_id: 'x' }, { alg: 'RS256', iss: ERA }), 'INVALID_ASSERTION', ''],
    ];
    for (const [what, token, code, detail] of cases) {
      const res = await link(dan, await token);
      expect(res.statusCode, what).toBe(400);
      expect(res.json().code, what).toBe(code);
      if (detail) expect(res.json().detail, what).toBe(detail);
    }
    const down = await link(dan, await assertion(remoteKey, { sub: 'x' }, { iss: DOWN }));
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('ISSUER_UNREACHABLE');
    expect((await link(dan, 'not-a-jwt')).json()).toMatchObject({ code: 'INVALID_ASSERTION', detail: 'The assertion is not a signed JWT.' });
    expect((await gh.as(dan).get('/api/v1/me/external-accounts')).json().items).toEqual([]);
  });

  it('one external account belongs to one Gatehouse user', async () => {
    const res = await link(dan, await assertion(eraKey, { sub: 'ben_era' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ACCOUNT_LINKED_ELSEWHERE');
  });
});

describe('third-party groups', () => {
  it('an uploaded allowlist makes the users with a link on it members at once; others and manual members leave', async () => {
    const g = await createGroup('TCGA-Controlled');
    await gh.as(ada).post('/api/v1/groups/TCGA-Controlled/members', { userId: dan.id });
    const res = await upload('TCGA-Controlled', '# dbGaP authorized\nBEN_ERA,approved\nsomeone_else\n');
    expect(res.allowlist).toMatchObject({ group: 'TCGA-Controlled', issuer: ERA, issuerName: 'eRA Commons', source: 'upload', entryCount: 2, fresh: true, validityHours: 24 });
    expect(res.sync).toEqual({ added: [ben.id], removed: [dan.id], fresh: true, fetchError: null });
    expect(await memberNames('TCGA-Controlled')).toEqual(['ben']);
    expect((await gh.as(ada).get('/api/v1/groups/TCGA-Controlled')).json()).toMatchObject({ thirdParty: true });
    // Its members come from the list only.
    expect((await gh.as(ada).post('/api/v1/groups/TCGA-Controlled/members', { userId: cleo.id })).json()).toMatchObject({ code: 'GROUP_FED_BY_ALLOWLIST' });
    expect((await gh.as(ada).delete(`/api/v1/groups/TCGA-Controlled/members/${ben.id}`)).json()).toMatchObject({ code: 'GROUP_FED_BY_ALLOWLIST' });
    expect((await gh.as(ada).post('/api/v1/groups/TCGA-Controlled/members', { userId: cleo.id, role: 'admin' })).statusCode).toBe(200);
    expect(await membershipAudit(g.id)).toEqual([
      '+ada:group-created', '+dan:admin-added', '-dan:allowlist-sync', '+ben:allowlist-sync', '+cleo:admin-added',
    ]);
  });

  it('linking and unlinking change membership at once, and decisions follow on the next request', async () => {
    const g = await createGroup('GTEx');
    await upload('GTEx', 'dan_era\n');
    expect(await memberNames('GTEx')).toEqual([]);
    const p = (await gh.as(ada).post('/api/v1/entities', { type: 'project', name: 'GTEx data' })).json();
    await gh.as(ada).put(`/api/v1/entities/${p.id}/acl`, { entries: [
      { principalId: ada.id, accessTypes: ['READ', 'CHANGE_PERMISSIONS', 'DELETE'] }, { principalId: dan.id, accessTypes: ['READ'] },
    ] });
    expect((await gh.as(ada).post(`/api/v1/projects/${p.id}/authorization-domain`, { groups: ['GTEx'] })).statusCode).toBe(200);
    expect((await gh.as(dan).get(`/api/v1/entities/${p.id}`)).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });

    const linked = await linkEra(dan, 'DAN_ERA');
    expect(linked.joined).toEqual(['GTEx']);
    expect((await gh.as(dan).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(200);

    const unlinked = await gh.as(dan).delete(`/api/v1/me/external-accounts/${linked.link.id}`);
    expect(unlinked.json()).toEqual({ left: ['GTEx'] });
    expect((await gh.as(dan).get(`/api/v1/entities/${p.id}`)).json()).toMatchObject({ code: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' });
    expect((await gh.as(dan).delete(`/api/v1/me/external-accounts/${linked.link.id}`)).statusCode).toBe(404);
    expect(await membershipAudit(g.id)).toEqual(['+ada:group-created', '+dan:account-linked', '-dan:account-unlinked']);
  });

  it('the job syncs every 6 hours by default; an expired link and a list past its validity end membership (fail closed)', async () => {
    expect(capabilityJobs.map((j) => j.name)).toContain('groups.allowlist-sync');
    const g = await createGroup('Target');
    await linkEra(cleo, 'cleo_era');
    await upload('Target', 'cleo_era\nben_era\n', { validityHours: 48 });
    expect(await memberNames('Target')).toEqual(['ben', 'cleo']);

    // 29 days on: the list was re-uploaded so that it is fresh, and cleo renewed her link; ben's (day 0) still holds.
    await advance(29 * DAY);
    await upload('Target', 'cleo_era\nben_era\n', { validityHours: 48 });
    await linkEra(cleo, 'cleo_era');
    await runAllowlistJob(gh.ctx);
    expect(await memberNames('Target')).toEqual(['ben', 'cleo']);
    // Day 30: ben's link has expired; the next pass of the job removes him.
    await advance(DAY + HOUR);
    await runAllowlistJob(gh.ctx);
    expect(await memberNames('Target')).toEqual(['cleo']);
    expect((await gh.as(ben).get('/api/v1/me/external-accounts')).json().items[0]).toMatchObject({ expired: true });
    // Two days after the upload the list is stale: it counts as empty, and cleo leaves too.
    await advance(DAY);
    await runAllowlistJob(gh.ctx);
    expect(await memberNames('Target')).toEqual([]);
    expect((await gh.as(ada).get('/api/v1/groups/Target/allowlist')).json()).toMatchObject({ fresh: false, entryCount: 2 });
    expect(await membershipAudit(g.id)).toEqual([
      '+ada:group-created', '+ben:allowlist-sync', '+cleo:allowlist-sync', '-ben:allowlist-sync', '-cleo:allowlist-sync',
    ]);
    // Relinking ben renews his link.
    const relinked = await linkEra(ben, 'BEN_ERA');
    expect(relinked.link.expiresAt).toBe(new Date(gh.clock.now().getTime() + 30 * DAY).toISOString());
  });

  it('a list from a URL (platform administrators) is read again by each sync; one that cannot be read keeps its age and goes stale', async () => {
    await createGroup('From-Url');
    await linkEra(cleo, 'cleo_era');
    served['/list.txt'] = { status: 200, body: 'cleo_era\n' };
    const body = { issuer: ERA, source: 'url', url: `${baseUrl}/list.txt`, validityHours: 12 };
    const refused = await gh.as(ada).put('/api/v1/groups/From-Url/allowlist', body);
    expect(refused.statusCode).toBe(403);
    const res = await gh.as(root).put('/api/v1/groups/From-Url/allowlist', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().allowlist).toMatchObject({ source: 'url', url: `${baseUrl}/list.txt`, entryCount: 1 });
    expect(await memberNames('From-Url')).toEqual(['cleo']);

    // On demand: the list changed at the source.
    served['/list.txt'] = { status: 200, body: '["dan_era"]' };
    await linkEra(dan, 'dan_era');
    const synced = await gh.as(ada).post('/api/v1/groups/From-Url/allowlist/sync');
    expect(synced.statusCode, synced.body).toBe(200);
    expect(synced.json()).toEqual({ added: [dan.id], removed: [cleo.id], fresh: true, fetchError: null });
    expect(await memberNames('From-Url')).toEqual(['dan']);
    expect((await gh.as(ben).post('/api/v1/groups/From-Url/allowlist/sync')).statusCode).toBe(403);

    // Within the 6-hour sync interval the job does not read the source again.
    served['/list.txt'] = { status: 200, body: 'cleo_era\ndan_era\n' };
    await advance(HOUR);
    await runAllowlistJob(gh.ctx);
    expect(await memberNames('From-Url')).toEqual(['dan']);
    // The source breaks: the members stay while the list is valid, and leave once it is not.
    served['/list.txt'] = { status: 500, body: 'oops' };
    await advance(6 * HOUR); // past the 6-hour sync interval: the job reads the source again
    await runAllowlistJob(gh.ctx);
    const broken = (await gh.as(ada).get('/api/v1/groups/From-Url/allowlist')).json();
    expect(broken).toMatchObject({ fresh: true, lastFetchError: `${baseUrl}/list.txt answered 500.` });
    expect(await memberNames('From-Url')).toEqual(['dan']);
    await advance(6 * HOUR);
    await runAllowlistJob(gh.ctx);
    expect(await memberNames('From-Url')).toEqual([]);
    // A URL that cannot be read is refused when configured.
    const bad = await gh.as(root).put('/api/v1/groups/From-Url/allowlist', { ...body, url: `${baseUrl}/missing.txt` });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('ALLOWLIST_FETCH_FAILED');
  });

  it('a list from a file must be inside the allowlist directory', async () => {
    await createGroup('From-File');
    writeFileSync(path.join(allowlistDir, 'target.csv'), 'external_id\ncleo_era,x\n');
    const res = await gh.as(root).put('/api/v1/groups/From-File/allowlist', { issuer: ERA, source: 'file', path: 'target.csv' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().allowlist).toMatchObject({ source: 'file', path: path.join(allowlistDir, 'target.csv'), entryCount: 2 });
    expect(await memberNames('From-File')).toEqual(['cleo']);
    for (const outside of ['../etc/passwd', '/etc/passwd']) {
      const refused = await gh.as(root).put('/api/v1/groups/From-File/allowlist', { issuer: ERA, source: 'file', path: outside });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().code).toBe('ALLOWLIST_FILE_OUTSIDE');
    }
  });

  it('refuses lists of untrusted issuers and malformed uploads; removing the list lets its members go', async () => {
    const g = await createGroup('Removable');
    expect((await gh.as(ada).put('/api/v1/groups/Removable/allowlist', { issuer: 'https://nobody', source: 'upload', content: 'x' })).json())
      .toMatchObject({ code: 'UNTRUSTED_ISSUER' });
    expect((await gh.as(ada).put('/api/v1/groups/Removable/allowlist', { issuer: ERA, source: 'upload', content: '[{"no": 1}]' })).json())
      .toMatchObject({ code: 'ALLOWLIST_INVALID' });
    expect((await gh.as(ben).put('/api/v1/groups/Removable/allowlist', { issuer: ERA, source: 'upload', content: 'x' })).statusCode).toBe(403);
    await upload('Removable', '', { entries: undefined, content: 'cleo_era' });
    expect(await memberNames('Removable')).toEqual(['cleo']);
    expect((await gh.as(ada).delete('/api/v1/groups/Removable/allowlist')).statusCode).toBe(204);
    expect(await memberNames('Removable')).toEqual([]);
    expect((await gh.as(ada).get('/api/v1/groups/Removable')).json()).toMatchObject({ thirdParty: false });
    expect((await membershipAudit(g.id)).slice(-1)).toEqual(['-cleo:allowlist-removed']);
    expect((await gh.as(ada).post('/api/v1/groups/Removable/allowlist/sync')).json()).toMatchObject({ code: 'NO_ALLOWLIST' });
  });
});
