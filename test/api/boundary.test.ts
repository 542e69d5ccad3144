import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { databaseProblem } from '../../src/infra/http.js';

let gh: TestGatehouse;
let admin: TestUser;
let address: { host: string; port: number };

beforeAll(async () => {
  gh = await startTestGatehouse({ bodyLimitBytes: 64 * 1024 });
  admin = await gh.user('adele', { admin: true });
  await gh.app.listen({ port: 0, host: '127.0.0.1' });
  const a = gh.app.server.address() as net.AddressInfo;
  address = { host: '127.0.0.1', port: a.port };
});
afterAll(async () => gh?.stop());

/** An RFC 9457 problem document with the given status and code (docs/adr/0003-error-format.md). */
function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const doc = JSON.parse(res.body) as Record<string, unknown>;
  expect(doc).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  return doc;
}

const field = (res: LightMyRequestResponse) => (res.json().errors as { field: string }[]).map((e) => e.field);
const count = async (table: string) => (await gh.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n;

/** Sends raw bytes to the listening server and returns what comes back before it closes (or 5 s pass). */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, address.host);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => (chunks.length ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes, () => socket.end());
  });
}

/** The first HTTP response of a raw exchange, parsed. */
function parseResponse(text: string) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const statusCode = Number(statusLine.split(' ')[1]);
  let body = rest.join('\r\n\r\n');
  if (headers['content-length']) body = body.slice(0, Number(headers['content-length']));
  return { statusCode, headers, body };
}

describe('a NUL character is refused at the boundary, naming the field', () => {
  it('in a sign-in body, from an anonymous caller', async () => {
    const res = await gh.as(null).post('/api/v1/auth/login', { username: 'a\u0000', password: 'x' });
    expectProblem(res, 400, 'NUL_CHARACTER');
    expect(field(res)).toEqual(['body.username']);
  });

  it('in a query string', async () => {
    const res = await gh.as(admin).get('/api/v1/teams?q=%00');
    expectProblem(res, 400, 'NUL_CHARACTER');
    expect(field(res)).toEqual(['query.q']);
  });

  it('in a path parameter', async () => {
    const res = await gh.as(admin).get('/api/v1/groups/a%00b');
    expectProblem(res, 400, 'NUL_CHARACTER');
    expect(field(res)).toEqual(['params.name']);
  });

  it('in a body that would create something, and nothing is written', async () => {
    const [teams, log] = [await count('teams'), await count('audit_log')];
    const res = await gh.as(admin).post('/api/v1/teams', { name: 'a\u0000' });
    expectProblem(res, 400, 'NUL_CHARACTER');
    expect(field(res)).toEqual(['body.name']);
    expect([await count('teams'), await count('audit_log')]).toEqual([teams, log]);
  });

  it('deep inside a body, and in a field name', async () => {
    const nested = await gh.as(admin).post('/api/v1/decisions/batch', { action: 'READ', entityIds: ['syn1', 'syn\u00002'] });
    expect(field(nested)).toEqual(['body.entityIds.1']);
    const key = await gh.as(admin).post('/api/v1/teams', { name: 'ok', ['x\u0000']: 1 });
    expectProblem(key, 400, 'NUL_CHARACTER');
  });
});

describe('numbers are bounded and never coerced from something else', () => {
  it('an offset of 1e309 (Infinity) is a 400 naming query.offset', async () => {
    const res = await gh.as(admin).get('/api/v1/entities?offset=1e309');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(field(res)).toContain('query.offset');
  });

  it('an offset beyond any page is refused, a large one within bounds is an empty page', async () => {
    expectProblem(await gh.as(admin).get('/api/v1/entities?offset=9007199254740993'), 400, 'VALIDATION_FAILED');
    const far = await gh.as(admin).get('/api/v1/entities?offset=2000000000');
    expect(far.statusCode).toBe(200);
    expect(far.json()).toMatchObject({ items: [], offset: 2000000000 });
  });

  it('1e309 in a JSON body is no integer', async () => {
    const res = await gh.as(admin).post('/api/v1/decisions', '{"entityId":"syn1","action":"READ","userId":1e309}', { 'content-type': 'application/json' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(field(res)).toContain('body.userId');
  });

  it('an id beyond 2^53 in a JSON body is refused', async () => {
    const res = await gh.as(admin).post('/api/v1/decisions/batch', { action: 'READ', entityId: 'syn1', userIds: [2 ** 53 + 2] });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('query numbers must be written plainly: hex, padded or empty text is refused, not read as a number', async () => {
    for (const limit of ['0x10', '%205', '1e1x', '']) {
      const res = await gh.as(admin).get(`/api/v1/teams?limit=${limit}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    const plain = await gh.as(admin).get('/api/v1/teams?limit=16&offset=0');
    expect(plain.json()).toMatchObject({ limit: 16, offset: 0 });
  });

  it('a JSON body is taken as sent: a number where a string is expected is refused', async () => {
    const res = await gh.as(admin).post('/api/v1/teams', { name: 12345 });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const decision = await gh.as(admin).post('/api/v1/decisions', { entityId: true, action: 'READ' });
    expectProblem(decision, 400, 'VALIDATION_FAILED');
  });
});

describe('dates are refused by the schema when Gatehouse could not hold them', () => {
  it('a leap second (RFC 3339 allows it, a JavaScript Date cannot read it) is a 400 naming the field, not a 500', async () => {
    const res = await gh.as(admin).get('/api/v1/submissions?submittedFrom=2026-06-30T23:59:60Z');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(field(res)).toContain('query.submittedFrom');
  });

  it('year 0 (PostgreSQL has none) is refused by the schema, not by the database', async () => {
    for (const at of ['0000-01-01', '0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00']) {
      const res = await gh.as(admin).get(`/api/v1/submissions?submittedFrom=${encodeURIComponent(at)}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(field(res), at).toContain('query.submittedFrom');
    }
  });

  it('odd but readable spellings stay accepted', async () => {
    for (const at of ['2026-03-02t09:00:00z', '2026-03-02 09:00:00Z', '9999-12-31T23:59:59+14:00', '0001-01-01', '2024-02-29']) {
      expect((await gh.as(admin).get(`/api/v1/submissions?submittedFrom=${encodeURIComponent(at)}`)).statusCode, at).toBe(200);
    }
  });
});

describe('framework errors are problem documents', () => {
  it('a path parameter over the limit is a 414 problem; a long one below it reaches the route', async () => {
    expectProblem(await gh.as(admin).get(`/api/v1/groups/${'a'.repeat(1500)}`), 414, 'URI_TOO_LONG');
    const long = await gh.as(admin).get(`/api/v1/groups/${'a'.repeat(150)}`);
    expect(long.statusCode).toBe(404);
    expect(long.json().code).toBe('GROUP_NOT_FOUND');
  });

  it('a body in UTF-16 is a 415 problem', async () => {
    const res = await gh.as(admin).post('/api/v1/teams', '{"name":"x"}', { 'content-type': 'application/json; charset=utf-16' });
    expectProblem(res, 415, 'UNSUPPORTED_CHARSET');
    const utf8 = await gh.as(admin).post('/api/v1/teams', '{"name":"utf8 team"}', { 'content-type': 'application/json; charset=UTF-8' });
    expect(utf8.statusCode).toBe(201);
  });

  it('a JSON null where an object is expected is a 400 problem', async () => {
    expectProblem(await gh.as(admin).post('/api/v1/teams', 'null', { 'content-type': 'application/json' }), 400, 'VALIDATION_FAILED');
  });

  it('an unknown route and an unknown method are 404 problems', async () => {
    expectProblem(await gh.as(null).get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await gh.as(null).delete('/api/v1/auth/login'), 404, 'NOT_FOUND');
  });
});

describe('errors from Node’s HTTP parser are problem documents too', () => {
  it('a 20 KB header is a 431 problem', async () => {
    const res = parseResponse(await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expectProblem(res, 431, 'HEADERS_TOO_LARGE');
  });

  it('a 20 KB URL is a 431 problem', async () => {
    const res = parseResponse(await raw(`GET /api/v1/teams?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expectProblem(res, 431, 'HEADERS_TOO_LARGE');
  });

  it('a garbage request line is a 400 problem', async () => {
    const res = parseResponse(await raw('HELLO THERE\r\n\r\n'));
    expectProblem(res, 400, 'MALFORMED_HTTP');
  });

  it('bad chunked encoding is a 400 problem', async () => {
    const res = parseResponse(await raw(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n'));
    expectProblem(res, 400, 'MALFORMED_HTTP');
  });

  it('an oversized body is answered with a 413 problem, not a dropped connection', async () => {
    const body = JSON.stringify({ username: 'x'.repeat(200_000), password: 'y' });
    const res = parseResponse(await raw(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('a database error the input caused is a 4xx, never a 500', () => {
  const failing: [string, string, number, string][] = [
    ["SELECT $1::text", 'NUL in text', 400, 'BAD_TEXT'],
    ["SELECT 'x'::int", 'text for a number', 400, 'BAD_VALUE'],
    ['SELECT 2147483648::int', 'a number out of range', 400, 'BAD_VALUE'],
    ["DO $$ DECLARE v varchar(2); BEGIN v := 'abcdef'; END $$", 'a string too long', 400, 'VALUE_TOO_LONG'],
    ["SELECT '2026-13-45'::date", 'an impossible date', 400, 'BAD_DATETIME'],
    ["SELECT 'ab' LIKE 'a\\'", 'a LIKE pattern ending in an escape', 400, 'BAD_VALUE'],
    ['INSERT INTO teams (id, name) VALUES (4, NULL)', 'a missing value', 400, 'BAD_VALUE'],
    ["INSERT INTO team_members (team_id, user_id, is_manager, added_at) VALUES (999999999, 999999999, false, now())", 'a reference to nothing', 409, 'REFERENCE_CONFLICT'],
  ];
  for (const [sql, what, status, code] of failing) {
    it(`${what}: ${status} ${code}`, async () => {
      const error = await gh.ctx.db.query(sql, sql.includes('$1') ? ['a\u0000'] : []).then(() => null, (e: unknown) => e);
      expect(error, sql).not.toBeNull();
      expect(databaseProblem(error as { code?: string }), `${sql} → ${(error as { code?: string }).code}`).toMatchObject({ status, code });
    });
  }

  it('a programming error stays a 500', async () => {
    const error = await gh.ctx.db.query('SELECT no_such_column FROM teams').then(() => null, (e: unknown) => e);
    expect(databaseProblem(error as { code?: string })).toBeNull();
  });
});
