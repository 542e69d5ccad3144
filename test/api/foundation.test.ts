import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/infra/root.js';
import { startTestGatehouse, signIn, TEST_PASSWORD, type TestGatehouse } from '../harness.js';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

describe('sign-in and tokens', () => {
  it('a user signs in with a password and sees themself at /me', async () => {
    const alice = await gh.user('alice');
    const me = await gh.as(alice).get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'alice', isAdmin: false, acceptedTerms: true });
  });

  it('a wrong password is refused with a problem document that does not say which part was wrong', async () => {
    await gh.user('bruno');
    const res = await gh.as(null).post('/api/v1/auth/login', { username: 'bruno', password: 'wrong password!' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', detail: 'Wrong username or password.' });
    const unknown = await gh.as(null).post('/api/v1/auth/login', { username: 'nobody', password: 'wrong password!' });
    expect(unknown.json().detail).toBe('Wrong username or password.');
  });

  it('a personal access token works as a bearer token until it is revoked', async () => {
    const carl = await gh.user('carl');
    const created = await gh.as(carl).post('/api/v1/tokens', { name: 'laptop', expiresInDays: 30 });
    expect(created.statusCode).toBe(201);
    const { token, details } = created.json();
    expect(token).toMatch(/^gh_pat_/);
    const me = await gh.as(null).get('/api/v1/me', { authorization: `Bearer ${token}` });
    expect(me.json().username).toBe('carl');
    const list = await gh.as(carl).get('/api/v1/tokens');
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect(list.json().items[0]).toMatchObject({ name: 'laptop', state: 'active' });
    const revoked = await gh.as(carl).delete(`/api/v1/tokens/${details.id}`);
    expect(revoked.json().state).toBe('revoked');
    const after = await gh.as(null).get('/api/v1/me', { authorization: `Bearer ${token}` });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('TOKEN_REVOKED');
  });

  it('an expired token is refused', async () => {
    const dana = await gh.user('dana');
    const { token } = (await gh.as(dana).post('/api/v1/tokens', { name: 'short', expiresInDays: 1 })).json();
    gh.clock.advance(2 * 86_400_000);
    const res = await gh.as(null).get('/api/v1/me', { authorization: `Bearer ${token}` });
    expect(res.json().code).toBe('TOKEN_EXPIRED');
  });

  it('signing out ends the session', async () => {
    await gh.user('erin');
    const cookie = await signIn(gh, 'erin', TEST_PASSWORD);
    await gh.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    const me = await gh.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('bad input', () => {
  it('malformed JSON is a 400 problem', async () => {
    const res = await gh.as(null).post('/api/v1/auth/login', '{"username": ', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON', status: 400, title: 'Bad Request' });
  });

  it('unknown and wrong-typed fields are named', async () => {
    const res = await gh.as(null).post('/api/v1/auth/login', { username: 'x', password: 5, extra: true });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'body.password', message: 'must be string' }),
      expect.objectContaining({ field: 'body.extra', message: 'is not a known field' }),
    ]));
  });

  it('an oversized body is a 413 problem', async () => {
    const res = await gh.as(null).post('/api/v1/auth/login', { username: 'x'.repeat(2_000_000), password: 'y' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unknown API path is a 404 problem', async () => {
    const res = await gh.as(null).get('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('operations', () => {
  it('serves the OpenAPI 3.1 document with the problem schema', async () => {
    const res = await gh.as(null).get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/login'].post).toBeDefined();
    expect(doc.paths['/api/v1/tokens'].post.responses['4XX'] ?? doc.paths['/api/v1/tokens'].post.responses['4xx']).toBeDefined();
  });

  it('answers health, readiness and metrics', async () => {
    expect((await gh.as(null).get('/health')).json()).toEqual({ status: 'ok' });
    expect((await gh.as(null).get('/ready')).json()).toMatchObject({ status: 'ready' });
    const metrics = await gh.as(null).get('/metrics');
    expect(metrics.body).toContain('gatehouse_http_requests_total');
  });
});

/** `npm test` builds the web app first; without a build there is no page to serve. */
describe.skipIf(!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html')))('the web app', () => {
  it('every client-side route answers GET and HEAD with the app, and an unknown API path stays a problem', async () => {
    for (const url of ['/', '/signin', '/teams/12']) {
      const get = await gh.app.inject({ url });
      expect([url, get.statusCode, get.headers['content-type']]).toEqual([url, 200, expect.stringContaining('text/html')]);
      expect(get.body).toContain('<div id="root">');
      const head = await gh.app.inject({ method: 'HEAD', url });
      expect([url, head.statusCode, head.body]).toEqual([url, 200, '']);
    }
    const api = await gh.app.inject({ method: 'HEAD', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
  });
});
