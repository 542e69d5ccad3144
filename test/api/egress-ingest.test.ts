import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, hmac, send } from '../egress.js';

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];

let gh: TestGatehouse;
let root: TestUser;
let sec: TestUser;
let analyst: TestUser;
let secret: string;
const SOURCE = 'zeek';

beforeAll(async () => {
  gh = await startTestGatehouse({ egressBodyLimitBytes: 256 * 1024, egressStoredBodyBytes: 4096 });
  root = await gh.user('root', { admin: true });
  sec = await gh.user('sec', { security: true });
  analyst = await gh.user('analyst', { certified: true });
  const res = await gh.as(sec).post('/api/v1/egress/sources', { name: SOURCE });
  secret = res.json().secret;
});
afterAll(async () => gh?.stop());

const post = (body: unknown, o: Partial<Parameters<typeof send>[2]> = {}) => send(gh, body, { source: SOURCE, secrets: [secret], ...o });

async function events(query = '') {
  const res = await gh.as(sec).get(`/api/v1/egress/events?limit=500${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Record<string, unknown>[] };
}
async function refusedDeliveries() {
  const res = await gh.as(sec).get('/api/v1/egress/deliveries?result=refused&limit=500');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Record<string, unknown>[] };
}
async function metric(name: string, reason?: string): Promise<number> {
  const text = (await gh.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(reason ? `${name}{reason="${reason}"}` : `${name} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a signed event', () => {
  it('naming a known user is stored, attributed to that user, and listed for the engineer', async () => {
    const e = event(gh, { user: 'analyst', bytes: 5_000_000, kind: 'query-result' });
    const res = await post(e);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, duplicates: 0, refused: 0, results: [{ index: 0, eventId: e.eventId, result: 'accepted', attributed: true }] });
    const listed = (await events(`&user=analyst`)).items.find((x) => x.eventId === e.eventId);
    expect(listed).toMatchObject({ source: SOURCE, userId: analyst.id, username: 'analyst', attributed: true, attributedBy: 'user', bytes: 5_000_000, kind: 'query-result', payload: e.payload });
  });

  it('a replayed event id is answered as a duplicate (200) and nothing new is stored', async () => {
    const e = event(gh, { user: analyst.id });
    const first = await post(e);
    const before = (await events()).total;
    const again = await post(e);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, results: [{ result: 'duplicate', id: first.json().results[0].id }] });
    expect((await events()).total).toBe(before);
  });

  it('two concurrent deliveries of one event id store it once', async () => {
    const e = event(gh, { user: 'analyst' });
    const answers = await Promise.all([post(e), post(e)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers.map((a) => a.json().results[0].result).sort()).toEqual(['accepted', 'duplicate']);
    expect((await events()).items.filter((x) => x.eventId === e.eventId)).toHaveLength(1);
  });
});

describe('attribution', () => {
  it('a registered runtime gives the user and the project, by its id or the orchestrator\'s id for it', async () => {
    const owner = await gh.user('owner', { certified: true });
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Egress project' })).json();
    await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [{ principalId: owner.id, accessTypes: ALL }, { principalId: analyst.id, accessTypes: ['READ', 'COMPUTE'] }] });
    const runtime = await gh.as(analyst).post('/api/v1/runtimes', { projectId: project.id, name: 'nb-1', kind: 'notebook', externalId: 'k8s/ns/nb-1' });
    expect(runtime.statusCode, runtime.body).toBe(201);
    const byId = event(gh, { runtimeId: runtime.json().id });
    const byExternal = event(gh, { runtimeId: 'k8s/ns/nb-1', user: 'someone-else' });
    const res = await post([byId, byExternal]);
    expect(res.json()).toMatchObject({ accepted: 2 });
    const listed = (await events(`&project=${project.id}`)).items;
    for (const e of [byId, byExternal]) {
      expect(listed.find((x) => x.eventId === e.eventId)).toMatchObject({ userId: analyst.id, projectId: project.id, runtimeId: runtime.json().id, attributedBy: 'runtime' });
    }
    expect(listed.find((x) => x.eventId === byExternal.eventId)).toMatchObject({ claimed: { user: 'someone-else', runtimeId: 'k8s/ns/nb-1' } });
  });

  it('an unknown user and an unknown runtime are stored unattributed, never dropped, and listed as such', async () => {
    const e1 = event(gh, { user: 'nobody-here' });
    const e2 = event(gh, { runtimeId: 987654 });
    const e3 = event(gh, {});
    const res = await post([e1, e2, e3]);
    expect(res.json()).toMatchObject({ accepted: 3, results: [{ attributed: false }, { attributed: false }, { attributed: false }] });
    const unattributed = (await events('&attributed=false')).items;
    expect(unattributed.map((x) => x.eventId)).toEqual(expect.arrayContaining([e1.eventId, e2.eventId, e3.eventId]));
    expect(unattributed.find((x) => x.eventId === e1.eventId)).toMatchObject({ userId: null, attributedBy: 'none', claimed: { user: 'nobody-here' } });
    expect((await events('&attributed=true')).items.map((x) => x.eventId)).not.toContain(e1.eventId);
  });
});

describe('refused deliveries: stored with the reason, answered with a problem document', () => {
  async function expectRefused(res: Awaited<ReturnType<typeof post>>, status: number, code: string) {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem).toMatchObject({ status, code });
    const stored = (await refusedDeliveries()).items.find((d) => d.id === problem.deliveryId);
    expect(stored, `delivery ${problem.deliveryId} is listed`).toMatchObject({ result: 'refused', reason: code, remoteAddress: '127.0.0.1' });
    return stored!;
  }

  it('a forged signature', async () => {
    const before = await metric('gatehouse_egress_deliveries_refused_total', 'BAD_SIGNATURE');
    const body = event(gh, { user: 'analyst' });
    const stored = await expectRefused(await post(body, { secrets: ['gh_egs_not-the-secret'] }), 401, 'BAD_SIGNATURE');
    expect(stored).toMatchObject({ sourceName: SOURCE, body: JSON.stringify(body), bodyTruncated: false });
    expect((await events()).items.map((x) => x.eventId)).not.toContain(body.eventId);
    expect(await metric('gatehouse_egress_deliveries_refused_total', 'BAD_SIGNATURE')).toBe(before + 1);
    // Stored once.
    expect((await refusedDeliveries()).items.filter((d) => d.body === JSON.stringify(body))).toHaveLength(1);
  });

  it('a body changed after signing', async () => {
    const raw = JSON.stringify(event(gh, { bytes: 10 }));
    const t = Math.floor(gh.clock.now().getTime() / 1000);
    const res = await gh.app.inject({
      method: 'POST', url: '/api/v1/egress/events', payload: raw.replace('"bytes":10', '"bytes":1'),
      headers: { 'content-type': 'application/json', 'gatehouse-source': SOURCE, 'gatehouse-signature': `t=${t},v1=${hmac(secret, t, raw)}` },
    });
    await expectRefused(res, 401, 'BAD_SIGNATURE');
  });

  it('a stale timestamp and a future one (more than 5 minutes off); 5 minutes is still accepted', async () => {
    const now = Math.floor(gh.clock.now().getTime() / 1000);
    await expectRefused(await post(event(gh), { t: now - 301 }), 401, 'STALE_TIMESTAMP');
    await expectRefused(await post(event(gh), { t: now + 301 }), 401, 'FUTURE_TIMESTAMP');
    expect((await post(event(gh), { t: now - 300 })).statusCode).toBe(200);
    expect((await post(event(gh), { t: now + 300 })).statusCode).toBe(200);
  });

  it('a missing or malformed signature header, and a missing source header', async () => {
    await expectRefused(await post(event(gh), { headers: { 'gatehouse-signature': '' } }), 401, 'SIGNATURE_REQUIRED');
    await expectRefused(await post(event(gh), { headers: { 'gatehouse-signature': 'sha256=abc' } }), 401, 'BAD_SIGNATURE_HEADER');
    await expectRefused(await post(event(gh), { headers: { 'gatehouse-source': '' } }), 401, 'SOURCE_REQUIRED');
  });

  it('a body in another charset, refused before it is read, is stored too', async () => {
    const stored = await expectRefused(await post(event(gh), { contentType: 'application/json; charset=latin1' }), 415, 'UNSUPPORTED_CHARSET');
    expect(stored).toMatchObject({ sourceName: SOURCE });
    expect((await refusedDeliveries()).items.filter((d) => d.reason === 'UNSUPPORTED_CHARSET')).toHaveLength(1);
  });

  it('an unknown source', async () => {
    const stored = await expectRefused(await post(event(gh), { source: 'no-such-monitor' }), 401, 'UNKNOWN_SOURCE');
    expect(stored).toMatchObject({ sourceName: 'no-such-monitor', sourceId: null });
  });

  it('malformed JSON, correctly signed', async () => {
    const stored = await expectRefused(await post('{"eventId": "x", '), 400, 'MALFORMED_JSON');
    expect(stored.body).toBe('{"eventId": "x", ');
  });

  it('a single event with schema errors, with the field named', async () => {
    const res = await post({ ...event(gh), bytes: -5, surprise: true });
    await expectRefused(res, 400, 'VALIDATION_FAILED');
    expect(res.json().detail).toMatch(/bytes/);
    expect(res.json().detail).toMatch(/surprise/);
    const badDate = await post(event(gh, { observedAt: 'yesterday' }));
    await expectRefused(badDate, 400, 'VALIDATION_FAILED');
    expect(badDate.json().detail).toMatch(/observedAt/);
    await expectRefused(await post([]), 400, 'EMPTY_BATCH');
    await expectRefused(await post(42), 400, 'VALIDATION_FAILED');
  });

  it('an oversized body, and a batch of more than 500 events; the stored body is capped', async () => {
    const big = JSON.stringify(event(gh, { payload: { blob: 'x'.repeat(300 * 1024) } }));
    const stored = await expectRefused(await post(big), 413, 'PAYLOAD_TOO_LARGE');
    expect(stored).toMatchObject({ bodyBytes: big.length });
    const many = Array.from({ length: 501 }, () => event(gh, { payload: {} }));
    const batch = await expectRefused(await post(many), 413, 'BATCH_TOO_LARGE');
    expect(batch).toMatchObject({ bodyTruncated: true });
    expect((batch.body as string).length).toBe(4096);
  });

  it('an oversized body sent without a length (chunked) is cut off at the limit, refused and stored capped', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const res = await gh.app.inject({
      method: 'POST', url: '/api/v1/egress/events', payload: Readable.from(Array.from({ length: 8 }, () => chunk)),
      headers: { 'content-type': 'application/json', 'gatehouse-source': SOURCE, 'gatehouse-signature': `t=1,v1=${'0'.repeat(64)}`, 'transfer-encoding': 'chunked' },
    });
    const stored = await expectRefused(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(stored).toMatchObject({ bodyTruncated: true });
    expect(stored.bodyBytes).toBeGreaterThan(256 * 1024);
    expect(stored.bodyBytes).toBeLessThan(8 * 64 * 1024);
    expect((stored.body as string).length).toBe(4096);
  });

  it('a source with no active secret refuses everything (fail closed)', async () => {
    const created = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'closed' })).json();
    await gh.as(sec).post(`/api/v1/egress/sources/${created.source.id}/secrets/${created.secretId}/retire`);
    await expectRefused(await send(gh, event(gh), { source: 'closed', secrets: [created.secret] }), 401, 'NO_ACTIVE_SECRET');
  });

  it('a secret that cannot be decrypted (another EGRESS_SECRET_KEY) verifies nothing (fail closed)', async () => {
    const created = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'other-key' })).json();
    // As if sealed by a process with a different key: the stored ciphertext no longer opens.
    await gh.ctx.db.query(`UPDATE egress_source_secrets SET secret_encrypted = 'AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA' WHERE id = $1`, [created.secretId]);
    const res = await send(gh, event(gh), { source: 'other-key', secrets: [created.secret] });
    await expectRefused(res, 401, 'NO_ACTIVE_SECRET');
    expect(res.json().detail).toMatch(/EGRESS_SECRET_KEY/);
  });

  it('a batch with one bad event: the good ones are stored, the bad one refused with its reason, each answered', async () => {
    const good1 = event(gh, { user: 'analyst' });
    const bad = { ...event(gh), kind: 'Not A Kind' };
    const good2 = event(gh);
    const before = await metric('gatehouse_egress_events_refused_total', 'VALIDATION_FAILED');
    const res = await post([good1, bad, good2, good1]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 2, duplicates: 1, refused: 1,
      results: [
        { index: 0, eventId: good1.eventId, result: 'accepted' },
        { index: 1, eventId: bad.eventId, result: 'refused', code: 'VALIDATION_FAILED' },
        { index: 2, eventId: good2.eventId, result: 'accepted' },
        { index: 3, eventId: good1.eventId, result: 'duplicate' },
      ],
    });
    expect(res.json().results[1].detail).toMatch(/kind/);
    const ids = (await events()).items.map((x) => x.eventId);
    expect(ids).toEqual(expect.arrayContaining([good1.eventId, good2.eventId]));
    expect(ids).not.toContain(bad.eventId);
    const partial = (await gh.as(sec).get('/api/v1/egress/deliveries?result=partial')).json().items[0];
    expect(partial).toMatchObject({ id: res.json().deliveryId, eventsAccepted: 2, eventsDuplicate: 1, eventsRefused: 1, refusals: [{ index: 1, code: 'VALIDATION_FAILED' }] });
    expect(await metric('gatehouse_egress_events_refused_total', 'VALIDATION_FAILED')).toBe(before + 1);
  });

  it('a batch whose every event is refused is a refused delivery', async () => {
    const res = await post([{ eventId: 'a' }, { eventId: 'b' }]);
    await expectRefused(res, 400, 'ALL_EVENTS_REFUSED');
    expect(res.json().results).toHaveLength(2);
  });
});

describe('the audit log and metrics', () => {
  it('a refused delivery is audited with its reason and source, never its body; an accepted one with its events', async () => {
    const body = event(gh, { payload: { secretish: 'do-not-log-this' } });
    const refused = await post(body, { secrets: ['wrong'] });
    const accepted = await post(event(gh, { user: 'analyst' }));
    const log = (await gh.as(root).get('/api/v1/audit-log?action=egress.delivery&limit=200')).json().items as { action: string; targetId: string; details: Record<string, unknown> }[];
    const r = log.find((e) => e.targetId === String(refused.json().deliveryId));
    expect(r).toMatchObject({ action: 'egress.delivery-refused', details: { source: SOURCE, reason: 'BAD_SIGNATURE' } });
    expect(JSON.stringify(r)).not.toContain('do-not-log-this');
    const a = log.find((e) => e.targetId === String(accepted.json().deliveryId));
    expect(a).toMatchObject({ action: 'egress.delivery-accepted', details: { source: SOURCE, accepted: [accepted.json().results[0].id] } });
    expect(await metric('gatehouse_egress_events_accepted_total')).toBeGreaterThan(0);
  });

  it('the rest of the app still takes JSON only: the raw parser is for the events route alone', async () => {
    const res = await gh.as(sec).post('/api/v1/egress/sources', 'name=plain', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
  });

  it('the OpenAPI document describes the events endpoint with its event schema', async () => {
    const doc = (await gh.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/egress/events'].post;
    expect(JSON.stringify(op.requestBody)).toContain('eventId');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['gatehouse-source', 'gatehouse-signature']));
  });

  it('events are filtered by time and source, and paged', async () => {
    const later = new Date(gh.clock.now().getTime() + 3600_000).toISOString();
    expect((await events(`&from=${encodeURIComponent(later)}`)).total).toBe(0);
    const page = (await gh.as(sec).get(`/api/v1/egress/events?source=${SOURCE}&limit=2&offset=1`)).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(3);
    expect((await events('&source=unknown-source')).total).toBe(0);
  });
});
