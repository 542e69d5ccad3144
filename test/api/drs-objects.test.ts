import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { uploadFile, form } from '../forms.js';
import { backfillSha256 } from '../../src/drs/checksums.js';

/**
 * GA4GH DRS 1.4, driven as a DRS client drives it: resolve an object with a bearer token, check its checksums
 * against the bytes, ask for an access URL, fetch the bytes from it without any credential, and see the download
 * recorded and counted like any other.
 */

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const V1 = 'id,age\n1,34\n2,51\n';
const V2 = 'id,age\n1,34\n2,51\n3,29\n';
const OTHER = 'a second file\n';
const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex');
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const num = (synId: string) => Number(synId.slice(3));

let gh: TestGatehouse;
let carol: TestUser;
let alice: TestUser;
let bob: TestUser;
let dave: TestUser;
let aliceToken: string;
let bobToken: string;
let daveToken: string;
let projectId: string;
let folderId: string;
let fileId: string;
let otherId: string;
let privateId: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const drs = (path: string, token?: string) => gh.app.inject({ method: 'GET', url: `/ga4gh/drs/v1${path}`, headers: token ? bearer(token) : {} });
/** Fetches a URL as a client that holds nothing but the URL. */
const fetchUrl = (url: string) => {
  const u = new URL(url);
  expect(u.origin).toBe('http://gatehouse.test');
  return gh.app.inject({ method: 'GET', url: u.pathname + u.search, headers: { 'user-agent': 'drs-client/1.0' } });
};

async function tokenOf(user: TestUser): Promise<string> {
  const res = await gh.as(user).post('/api/v1/tokens', { name: 'drs client' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token;
}

async function share(entityId: string, entries: { principalId: number; accessTypes: string[] }[]) {
  const res = await gh.as(carol).put(`/api/v1/entities/${entityId}/acl`, { entries: [{ principalId: carol.id, accessTypes: ALL }, ...entries] });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  gh = await startTestGatehouse();
  carol = await gh.user('carol', { certified: true });
  alice = await gh.user('alice');
  bob = await gh.user('bob');
  dave = await gh.user('dave');
  [aliceToken, bobToken, daveToken] = [await tokenOf(alice), await tokenOf(bob), await tokenOf(dave)];
  projectId = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Cohort' })).json().id;
  folderId = (await gh.as(carol).post('/api/v1/entities', { type: 'folder', name: 'tables', parentId: projectId })).json().id;
  const up = await uploadFile(gh.as(carol), folderId, 'ages.csv', V1);
  expect(up.statusCode, up.body).toBe(201);
  fileId = up.json().id;
  const { payload, headers } = await form([{ name: 'file', file: { name: 'ages.csv', content: V2, type: 'text/csv' } }]);
  expect((await gh.as(carol).post(`/api/v1/entities/${fileId}/versions`, payload, headers)).statusCode).toBe(200);
  otherId = (await uploadFile(gh.as(carol), projectId, 'notes.txt', OTHER)).json().id;
  const privateFolder = (await gh.as(carol).post('/api/v1/entities', { type: 'folder', name: 'private', parentId: folderId })).json().id;
  privateId = privateFolder;
  await uploadFile(gh.as(carol), privateFolder, 'secret.txt', 'not for alice');
  await share(projectId, [
    { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] },
    { principalId: bob.id, accessTypes: ['READ'] },
  ]);
  await share(privateFolder, []);
});
afterAll(async () => gh?.stop());

describe('GA4GH DRS objects', () => {
  it('service-info says it is a DRS 1.4.0 service of org.ga4gh', async () => {
    const res = await drs('/service-info');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ type: { group: 'org.ga4gh', artifact: 'drs', version: '1.4.0' }, name: 'Gatehouse DRS', id: 'test.gatehouse.drs' });
  });

  it('a file resolves with a bearer token to its current version, with the MD5 and SHA-256 of its bytes', async () => {
    const res = await drs(`/objects/${fileId}`, aliceToken);
    expect(res.statusCode, res.body).toBe(200);
    const object = res.json();
    expect(object).toMatchObject({
      id: `${fileId}.2`, name: 'ages.csv', self_uri: `drs://gatehouse.test/${fileId}.2`, size: Buffer.byteLength(V2), version: '2',
      mime_type: 'text/csv', access_methods: [{ type: 'https', access_id: 'https' }], aliases: [fileId],
    });
    expect(object.checksums).toEqual([{ type: 'md5', checksum: md5(V2) }, { type: 'sha-256', checksum: sha256(V2) }]);
    expect(object.contents).toBeUndefined();
    // The versioned id names that version for good, whatever is current.
    const v1 = (await drs(`/objects/${fileId}.1`, aliceToken)).json();
    expect(v1).toMatchObject({ id: `${fileId}.1`, size: Buffer.byteLength(V1) });
    expect(v1.checksums).toContainEqual({ type: 'sha-256', checksum: sha256(V1) });
    // POST, as DRS clients that send credentials in the body call it, answers the same with the bearer token.
    const posted = await gh.app.inject({ method: 'POST', url: `/ga4gh/drs/v1/objects/${fileId}`, headers: bearer(aliceToken), payload: {} });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toEqual(object);
    const options = await gh.app.inject({ method: 'OPTIONS', url: `/ga4gh/drs/v1/objects/${fileId}`, headers: bearer(aliceToken) });
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json()).toMatchObject({ drs_object_id: `${fileId}.2`, supported_types: ['BearerAuth', 'PassportAuth'] });
  });

  it('the access URL serves the bytes without a credential, recorded as a DRS download and counted as egress', async () => {
    const access = await drs(`/objects/${fileId}.2/access/https`, aliceToken);
    expect(access.statusCode, access.body).toBe(200);
    const bytes = await fetchUrl(access.json().url);
    expect(bytes.statusCode, bytes.body).toBe(200);
    expect(bytes.rawPayload.toString()).toBe(V2);
    expect(sha256(bytes.rawPayload)).toBe(sha256(V2));
    const records = await gh.ctx.db.query<{ user_id: number; result: string; client_kind: string; client: string; version: number; bytes: number; rule: string }>(
      "SELECT user_id, result, client_kind, client, version, bytes, rule FROM download_records WHERE entity_id = $1 AND result = 'served'", [num(fileId)]);
    expect(records).toEqual([{ user_id: alice.id, result: 'served', client_kind: 'drs', client: 'drs-client/1.0', version: 2, bytes: Buffer.byteLength(V2), rule: 'GRANT_IF_HAS_DOWNLOAD' }]);
    const egress = await gh.ctx.db.query<{ bytes: number; state: string }>('SELECT bytes, state FROM egress_downloads WHERE user_id = $1', [alice.id]);
    expect(egress.map((e) => ({ bytes: Number(e.bytes), state: e.state }))).toEqual([{ bytes: Buffer.byteLength(V2), state: 'served' }]);
  });

  it('an access URL works until it expires, then is refused with a clear problem; an altered one never works', async () => {
    const url = (await drs(`/objects/${fileId}/access/https`, aliceToken)).json().url as string;
    expect(url).toContain('version=2');
    gh.clock.advance(4 * 60_000);
    expect((await fetchUrl(url)).statusCode).toBe(200);
    gh.clock.advance(60_000 + 1000);
    const expired = await fetchUrl(url);
    expect(expired.statusCode).toBe(403);
    expect(expired.json()).toMatchObject({ code: 'ACCESS_URL_EXPIRED' });
    expect(expired.json().detail).toMatch(/expired at .*GET \/ga4gh\/drs\/v1\/objects\//);
    // The refused attempt is alice's, recorded as a denied download with its reason.
    expect(await gh.ctx.db.query("SELECT user_id, version, client_kind FROM download_records WHERE rule = 'ACCESS_URL_EXPIRED'"))
      .toEqual([{ user_id: alice.id, version: 2, client_kind: 'drs' }]);

    const fresh = (await drs(`/objects/${fileId}.2/access/https`, aliceToken)).json().url as string;
    const altered = fresh.replace(/signature=([^&]+)/, (_m, sig: string) => `signature=${sig.slice(0, -3)}abc`);
    expect((await fetchUrl(altered)).json()).toMatchObject({ code: 'ACCESS_URL_INVALID' });
    const otherVersion = await fetchUrl(fresh.replace('version=2', 'version=1'));
    expect(otherVersion.statusCode).toBe(403);
    expect(otherVersion.json()).toMatchObject({ code: 'ACCESS_URL_INVALID' });
  });

  it('a URL is no grant: DOWNLOAD taken away after it was issued, it is refused with the deciding rule', async () => {
    const url = (await drs(`/objects/${otherId}/access/https`, aliceToken)).json().url as string;
    await share(projectId, [{ principalId: alice.id, accessTypes: ['READ'] }, { principalId: bob.id, accessTypes: ['READ'] }]);
    try {
      const refused = await fetchUrl(url);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'DENY', rule: 'DENY', detail: 'You lack DOWNLOAD access to the requested entity.' });
    } finally {
      await share(projectId, [{ principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] }, { principalId: bob.id, accessTypes: ['READ'] }]);
    }
  });

  it('a user without DOWNLOAD reads the object but is denied the access URL with the rule and its message, recorded', async () => {
    expect((await drs(`/objects/${fileId}`, bobToken)).statusCode).toBe(200);
    const denied = await drs(`/objects/${fileId}.2/access/https`, bobToken);
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(denied.json()).toMatchObject({
      msg: 'You lack DOWNLOAD access to the requested entity.', status_code: 403, rule: 'DENY', code: 'DENY',
    });
    expect(denied.json().actionsRequired).toEqual([{ type: 'RequestDownload', benefactorId: projectId }]);
    const records = await gh.ctx.db.query<{ result: string; rule: string; client_kind: string }>(
      'SELECT result, rule, client_kind FROM download_records WHERE user_id = $1', [bob.id]);
    expect(records).toEqual([{ result: 'denied', rule: 'DENY', client_kind: 'drs' }]);
  });

  it('an object the caller cannot see is a 404 DRS error, as are ids that name nothing', async () => {
    for (const path of [`/objects/${fileId}`, `/objects/${fileId}.2/access/https`, `/objects/${folderId}`]) {
      const res = await drs(path, daveToken);
      expect(res.statusCode, path).toBe(404);
      expect(res.json()).toMatchObject({ status_code: 404, msg: `Resource: '${path.includes(folderId) ? folderId : fileId}' does not exist` });
    }
    expect((await drs('/objects/syn99999999', aliceToken)).json()).toMatchObject({ status_code: 404 });
    expect((await drs(`/objects/${fileId}.7`, aliceToken)).json()).toMatchObject({ status_code: 404, msg: `${fileId} has no version 7.` });
    expect((await drs(`/objects/${folderId}.1`, aliceToken)).json()).toMatchObject({ status_code: 404, code: 'DRS_OBJECT_NOT_FOUND' });
    expect((await drs('/objects/not-an-id', aliceToken)).json()).toMatchObject({ status_code: 404, code: 'DRS_OBJECT_NOT_FOUND' });
    expect((await drs(`/objects/${fileId}/access/s3`, aliceToken)).json()).toMatchObject({ status_code: 404, code: 'DRS_ACCESS_ID_NOT_FOUND' });
    // Anonymous callers see nothing of a project that is not public.
    expect((await drs(`/objects/${fileId}`)).statusCode).toBe(404);
  });

  it('open data comes to anonymous callers too: the URL is signed for nobody, and the download is recorded as such', async () => {
    const act = await gh.user('olga', { act: true });
    const open = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Open atlas' })).json().id;
    const file = (await uploadFile(gh.as(carol), open, 'atlas.txt', 'open bytes\n')).json().id;
    await share(open, [{ principalId: 1, accessTypes: ['READ'] }]);
    expect((await gh.as(act).put(`/api/v1/entities/${file}/data-type`, { dataType: 'OPEN_DATA' })).statusCode).toBe(200);
    expect((await drs(`/objects/${file}`)).json()).toMatchObject({ id: `${file}.1` });
    const access = await drs(`/objects/${file}/access/https`);
    expect(access.statusCode, access.body).toBe(200);
    expect((await fetchUrl(access.json().url)).rawPayload.toString()).toBe('open bytes\n');
    expect(await gh.ctx.db.query('SELECT user_id, result, client_kind, rule FROM download_records WHERE entity_id = $1', [num(file)]))
      .toEqual([{ user_id: null, result: 'served', client_kind: 'drs', rule: 'GRANT_IF_OPEN_DATA_WITH_READ' }]);
  });

  it('a bad bearer token is a 401 DRS error', async () => {
    const res = await drs(`/objects/${fileId}`, 'gh_pat_nonsense');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status_code: 401, code: 'BAD_TOKEN', msg: 'This access token is not valid.' });
  });

  it('a passport this Gatehouse issued stands for its user in a POST (PassportAuth); a forged or stale one is a 401, never anonymous', async () => {
    const passport = await gh.as(alice).get('/ga4gh/passport/v1/passports');
    expect(passport.statusCode, passport.body).toBe(200);
    const post = (passports: string[]) => gh.app.inject({ method: 'POST', url: `/ga4gh/drs/v1/objects/${fileId}`, payload: { passports } });
    // Alice may READ the file: her passport resolves it as her token would.
    const res = await post([passport.json().passport]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: `${fileId}.2`, checksums: expect.arrayContaining([{ type: 'md5', checksum: md5(V2) }]) });
    // Tampered: the signature no longer matches.
    const [h, p] = passport.json().passport.split('.');
    const forged = await post([`${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`]);
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ status_code: 401, code: 'PASSPORT_NOT_ACCEPTED' });
    expect((await post(['eyJ.a.b'])).json()).toMatchObject({ status_code: 401, code: 'PASSPORT_NOT_ACCEPTED' });
    // Past its lifetime (VISA_LIFETIME_SECONDS, one hour by default), the passport is refused.
    gh.clock.advance(2 * 3_600_000);
    expect((await post([passport.json().passport])).statusCode).toBe(401);
    // The private folder is hidden from Alice: with a fresh passport it is a 404, as with her token.
    const fresh = (await gh.as(alice).get('/ga4gh/passport/v1/passports')).json().passport;
    const hidden = await gh.app.inject({ method: 'POST', url: `/ga4gh/drs/v1/objects/${privateId}`, payload: { passports: [fresh] } });
    expect(hidden.statusCode).toBe(404);
    // OPTIONS says passports are taken.
    const options = await gh.app.inject({ method: 'OPTIONS', url: `/ga4gh/drs/v1/objects/${fileId}`, headers: bearer(aliceToken) });
    expect(options.json().supported_types).toEqual(['BearerAuth', 'PassportAuth']);
  });

  it('a folder is a bundle of what the caller can READ below it, nested bundles expanded on request', async () => {
    const res = await drs(`/objects/${projectId}`, aliceToken);
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json();
    expect(bundle).toMatchObject({ id: projectId, name: 'Cohort', self_uri: `drs://gatehouse.test/${projectId}`, size: Buffer.byteLength(V2) + Buffer.byteLength(OTHER) });
    expect(bundle.access_methods).toBeUndefined();
    expect(bundle.contents).toEqual([
      { name: 'notes.txt', id: `${otherId}.1`, drs_uri: [`drs://gatehouse.test/${otherId}.1`] },
      { name: 'tables', id: folderId, drs_uri: [`drs://gatehouse.test/${folderId}`] },
    ]);
    const folderMd5 = md5(md5(V2));
    expect(bundle.checksums).toContainEqual({ type: 'md5', checksum: md5([md5(OTHER), folderMd5].sort().join('')) });
    const expanded = (await drs(`/objects/${projectId}?expand=true`, aliceToken)).json();
    // The private folder, whose sharing settings leave alice out, is not there.
    expect(expanded.contents[1]).toEqual({
      name: 'tables', id: folderId, drs_uri: [`drs://gatehouse.test/${folderId}`],
      contents: [{ name: 'ages.csv', id: `${fileId}.2`, drs_uri: [`drs://gatehouse.test/${fileId}.2`] }],
    });
    // Carol, who can read the private folder, gets it too.
    const carols = (await gh.app.inject({ method: 'GET', url: `/ga4gh/drs/v1/objects/${folderId}`, headers: { cookie: carol.cookie } })).json();
    expect(carols.contents.map((c: { id: string }) => c.id)).toEqual([`${fileId}.2`, privateId]);
    // A bundle has no bytes to fetch.
    expect((await drs(`/objects/${folderId}/access/https`, aliceToken)).statusCode).toBe(400);
  });

  it('the backfill job gives a blob stored without a SHA-256 its SHA-256, once', async () => {
    await gh.ctx.db.query('UPDATE blobs SET sha256 = NULL WHERE id = (SELECT blob_id FROM file_versions WHERE entity_id = $1 AND version = 1)', [num(fileId)]);
    const before = (await drs(`/objects/${fileId}.1`, aliceToken)).json();
    expect(before.checksums).toEqual([{ type: 'md5', checksum: md5(V1) }]);
    // A folder holding it has an MD5 but no SHA-256 until then.
    expect(await gh.ctx.db.query('SELECT id FROM blobs WHERE sha256 IS NULL')).toHaveLength(1);
    expect(await backfillSha256(gh.ctx)).toEqual({ filled: 1, failed: 0 });
    const after = (await drs(`/objects/${fileId}.1`, aliceToken)).json();
    expect(after.checksums).toEqual([{ type: 'md5', checksum: md5(V1) }, { type: 'sha-256', checksum: sha256(V1) }]);
    expect(await backfillSha256(gh.ctx)).toEqual({ filled: 0, failed: 0 });
  });

  it('bulk requests resolve what they can and list the rest by the status a single request would have had', async () => {
    const post = (url: string, token: string, payload: object) =>
      gh.app.inject({ method: 'POST', url: `/ga4gh/drs/v1${url}`, headers: bearer(token), payload });
    const objects = await post('/objects', aliceToken, { bulk_object_ids: [fileId, `${otherId}.1`, `${fileId}.7`, privateId] });
    expect(objects.statusCode, objects.body).toBe(200);
    expect(objects.json().summary).toEqual({ requested: 4, resolved: 2, unresolved: 2 });
    expect(objects.json().resolved_drs_object.map((o: { id: string }) => o.id)).toEqual([`${fileId}.2`, `${otherId}.1`]);
    expect(objects.json().unresolved_drs_objects).toEqual([{ error_code: 404, object_ids: [`${fileId}.7`, privateId] }]);

    const access = await post('/objects/access', bobToken, { bulk_object_access_ids: [{ bulk_object_id: fileId, bulk_access_ids: ['https', 's3'] }] });
    expect(access.statusCode, access.body).toBe(200);
    expect(access.json()).toMatchObject({
      summary: { requested: 2, resolved: 0, unresolved: 2 },
      unresolved_drs_objects: [{ error_code: 403, object_ids: [fileId] }, { error_code: 404, object_ids: [fileId] }],
    });
    const granted = await post('/objects/access', aliceToken, { bulk_object_access_ids: [{ bulk_object_id: `${otherId}.1`, bulk_access_ids: ['https'] }] });
    const [url] = granted.json().resolved_drs_object_access_urls;
    expect(url).toMatchObject({ drs_object_id: `${otherId}.1`, drs_access_id: 'https' });
    expect((await fetchUrl(url.url)).rawPayload.toString()).toBe(OTHER);

    const tooMany = await post('/objects', aliceToken, { bulk_object_ids: Array.from({ length: 101 }, () => fileId) });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ status_code: 413, code: 'BULK_TOO_LARGE' });
    expect((await drs('/service-info')).json().maxBulkRequestLength).toBe(100);
  });

  it('the OpenAPI document names the DRS schemas as DRS does', async () => {
    const doc = (await gh.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const name of ['DrsObject', 'AccessURL', 'AccessMethod', 'Checksum', 'ContentsObject', 'Error', 'Service']) {
      expect(Object.keys(doc.components.schemas), name).toContain(name);
    }
    expect(doc.paths['/ga4gh/drs/v1/objects/{object_id}/access/{access_id}'].get.responses['200'].content['application/json'].schema.$ref)
      .toBe('#/components/schemas/AccessURL');
  });
});
