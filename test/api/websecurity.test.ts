import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/infra/config.js';
import { createHttpServer, type Http } from '../../src/infra/http.js';
import { registerWebSecurity } from '../../src/infra/security.js';
import { totpCode } from '../../src/identity/totp.js';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

/**
 * The browser-facing defences (docs/adr/0015): forwarded headers believed only from configured proxies,
 * cross-site writes with the session cookie refused, bodies of the media type a route consumes, and security
 * headers on every answer.
 */
const EVIL = 'http://evil.example';
const silent = pino({ level: 'silent' });

async function bareServer(opts: { trustedProxies?: string[]; publicUrl?: string } = {}): Promise<Http> {
  const publicUrl = opts.publicUrl ?? 'http://gatehouse.test';
  const app = await createHttpServer({ log: silent, bodyLimitBytes: 1024, publicUrl, version: 'test', trustedProxies: opts.trustedProxies });
  await registerWebSecurity(app, { publicUrl, sessionCookie: 'gh_session' });
  app.get('/ip', async (request) => ({ ip: request.ip, protocol: request.protocol }));
  return app;
}

describe('forwarded headers', () => {
  it('TRUSTED_PROXIES is a comma-separated list of addresses and CIDR ranges, empty by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1,::1, fd00::/8 , loopback' }).trustedProxies)
      .toEqual(['10.0.0.0/8', '192.0.2.1', '::1', 'fd00::/8', 'loopback']);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow('TRUSTED_PROXIES: not an address or CIDR range: 10.0.0.0/33');
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.internal' })).toThrow('TRUSTED_PROXIES: not an address or CIDR range: proxy.internal');
  });

  it('X-Forwarded-For is ignored by default: the address is the TCP peer', async () => {
    const app = await bareServer();
    const res = await app.inject({ url: '/ip', remoteAddress: '198.51.100.20', headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' } });
    expect(res.json()).toEqual({ ip: '198.51.100.20', protocol: 'http' });
    await app.close();
  });

  it('X-Forwarded-For is believed from a configured proxy only', async () => {
    const app = await bareServer({ trustedProxies: ['10.0.0.0/8', '192.0.2.1'] });
    const viaProxy = await app.inject({ url: '/ip', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' } });
    expect(viaProxy.json()).toEqual({ ip: '203.0.113.9', protocol: 'https' });
    const viaOther = await app.inject({ url: '/ip', remoteAddress: '192.0.2.1', headers: { 'x-forwarded-for': '203.0.113.10' } });
    expect(viaOther.json().ip).toBe('203.0.113.10');
    const direct = await app.inject({ url: '/ip', remoteAddress: '198.51.100.20', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(direct.json().ip).toBe('198.51.100.20');
    // A client cannot smuggle an address past the proxy: only the hop the proxy saw is believed.
    const chained = await app.inject({ url: '/ip', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '1.2.3.4, 203.0.113.9' } });
    expect(chained.json().ip).toBe('203.0.113.9');
    await app.close();
  });

  describe('the sign-in limit', () => {
    const LIMIT = 3;
    let limited: TestGatehouse;
    beforeAll(async () => {
      limited = await startTestGatehouse({ loginAddressLimitPerMinute: LIMIT, trustedProxies: ['10.0.0.0/8'] });
    });
    afterAll(async () => limited?.stop());

    /** Wrong passwords for a new username each time, from one peer, each with a new forged X-Forwarded-For. */
    async function guesses(peer: string, tag: string, n: number): Promise<number[]> {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) {
        const res = await limited.app.inject({
          method: 'POST', url: '/api/v1/auth/login', remoteAddress: peer,
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
          payload: { username: `${tag}${i}`, password: 'not the password' },
        });
        statuses.push(res.statusCode);
      }
      return statuses;
    }

    it('a new forged X-Forwarded-For per request from an untrusted client gets no more attempts', async () => {
      const statuses = await guesses('198.51.100.7', 'forger', 4 * LIMIT);
      expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(LIMIT);
      expect(statuses.at(-1)).toBe(429);
    });

    it('behind a trusted proxy, each forwarded address is limited on its own', async () => {
      const statuses = await guesses('10.0.0.5', 'proxied', 4 * LIMIT);
      expect(statuses).not.toContain(429);
      expect(new Set(statuses)).toEqual(new Set([401]));
    });
  });
});

/** One Gatehouse for the cross-site tests (PUBLIC_URL http://gatehouse.test). */
let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

describe('cross-site writes and body media types', () => {
  let admin: TestUser;
  let rita: TestUser;
  beforeAll(async () => {
    admin = await gh.user('admina', { admin: true });
    rita = await gh.user('rita');
  });

  /** A raw request as a browser would send it: the cookie, and only the headers given. */
  const raw = (method: 'POST' | 'PUT' | 'DELETE', url: string, user: TestUser | null, headers: Record<string, string>, payload?: string | Buffer) =>
    gh.app.inject({ method, url, headers: { ...(user ? { cookie: user.cookie } : {}), ...headers }, ...(payload === undefined ? {} : { payload }) });

  const expectProblem = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, code });
    expect(res.json().detail).toEqual(expect.any(String));
  };

  async function turnOnTwoFactor(user: TestUser): Promise<void> {
    const { secret } = (await gh.as(user).post('/api/v1/me/2fa/enroll')).json();
    const verified = await gh.as(user).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
    expect(verified.statusCode).toBe(200);
  }
  const twoFactorOn = async (user: TestUser) => (await gh.as(user).get('/api/v1/me')).json().twoFactorEnabled as boolean;

  it("a page on another site cannot use an admin's cookie to reset a user's 2FA", async () => {
    await turnOnTwoFactor(rita);
    // What a cross-site <form method=post enctype=text/plain> sends: the cookie, Origin, text/plain, no body.
    const forged = await raw('POST', `/api/v1/users/${rita.id}/reset-2fa`, admin, { origin: EVIL, 'content-type': 'text/plain' }, '');
    expectProblem(forged, 403, 'CSRF_REJECTED');
    expect(forged.json().detail).toContain(EVIL);
    const modern = await raw('POST', `/api/v1/users/${rita.id}/reset-2fa`, admin, { origin: EVIL, 'sec-fetch-site': 'cross-site' });
    expectProblem(modern, 403, 'CSRF_REJECTED');
    expect(await twoFactorOn(rita)).toBe(true);

    // The admin's own page may.
    const own = await raw('POST', `/api/v1/users/${rita.id}/reset-2fa`, admin, { origin: 'http://gatehouse.test', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode, own.body).toBe(200);
    expect(await twoFactorOn(rita)).toBe(false);
  });

  it('Sec-Fetch-Site decides when present; otherwise Origin must be PUBLIC_URL', async () => {
    const create = (name: string, headers: Record<string, string>) =>
      raw('POST', '/api/v1/teams', rita, { 'content-type': 'application/json', ...headers }, JSON.stringify({ name }));
    for (const [name, headers] of [
      ['t-cross', { 'sec-fetch-site': 'cross-site' }],
      ['t-same-site', { 'sec-fetch-site': 'same-site', origin: 'http://other.gatehouse.test' }],
      ['t-origin', { origin: EVIL }],
      ['t-null', { origin: 'null' }],
      ['t-port', { origin: 'http://gatehouse.test:8443' }],
      ['t-https', { origin: 'https://gatehouse.test' }],
    ] as const) {
      expectProblem(await create(name, headers), 403, 'CSRF_REJECTED');
    }
    for (const [name, headers] of [
      ['t-fetch-same', { 'sec-fetch-site': 'same-origin' }],
      ['t-fetch-none', { 'sec-fetch-site': 'none' }],
      ['t-origin-same', { origin: 'http://gatehouse.test' }],
      // Neither header: not a browser (curl, a script with the cookie), or one too old to send either (docs/adr/0015).
      ['t-neither', {}],
    ] as const) {
      const res = await create(name, headers);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
    }
    const teams = (await gh.as(rita).get('/api/v1/teams?limit=100')).json().items.map((t: { name: string }) => t.name);
    expect(teams).not.toContain('t-cross');
    expect(teams).not.toContain('t-origin');
  });

  it('every cookie write is checked, DELETE and PUT too; reads are not', async () => {
    const { details } = (await gh.as(rita).post('/api/v1/tokens', { name: 'kept', expiresInDays: 30 })).json();
    expectProblem(await raw('DELETE', `/api/v1/tokens/${details.id}`, rita, { origin: EVIL }), 403, 'CSRF_REJECTED');
    expectProblem(await raw('PUT', `/api/v1/users/${rita.id}/roles`, admin, { origin: EVIL, 'content-type': 'application/json' },
      JSON.stringify({ admin: true, act: true })), 403, 'CSRF_REJECTED');
    expect((await gh.as(rita).get('/api/v1/me')).json().isAdmin).toBe(false);
    const read = await gh.app.inject({ url: '/api/v1/tokens', headers: { cookie: rita.cookie, origin: EVIL, 'sec-fetch-site': 'cross-site' } });
    expect(read.statusCode).toBe(200);
    expect(read.json().items.find((t: { id: number }) => t.id === details.id).state).toBe('active');
  });

  it('a personal access token is not subject to the check (no browser sends it on its own)', async () => {
    const { token } = (await gh.as(rita).post('/api/v1/tokens', { name: 'script', expiresInDays: 30 })).json();
    const res = await gh.app.inject({
      method: 'POST', url: '/api/v1/teams',
      headers: { authorization: `Bearer ${token}`, origin: EVIL, 'sec-fetch-site': 'cross-site' },
      payload: { name: 'made-by-token' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('a write without the session cookie is not checked for its origin, but still needs a JSON body', async () => {
    const login = await raw('POST', '/api/v1/auth/login', null, { origin: EVIL, 'content-type': 'application/json' },
      JSON.stringify({ username: 'rita', password: 'wrong password!' }));
    expectProblem(login, 401, 'INVALID_CREDENTIALS');
    // A cross-site form cannot send application/json, so it cannot sign a victim in to the attacker's account.
    const form = await raw('POST', '/api/v1/auth/login', null, { origin: EVIL, 'content-type': 'text/plain' },
      JSON.stringify({ username: 'rita', password: 'wrong password!' }));
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body that is not JSON is refused with 415 where JSON is expected, with or without a body schema', async () => {
    const asText = await raw('POST', '/api/v1/teams', rita, { 'content-type': 'text/plain' }, JSON.stringify({ name: 'plain' }));
    expectProblem(asText, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(asText.json().detail).toContain('application/json');
    const form = await raw('POST', '/api/v1/teams', rita, { 'content-type': 'application/x-www-form-urlencoded' }, 'name=form');
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const noBody = await raw('POST', '/api/v1/teams', rita, {});
    expectProblem(noBody, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const untyped = await raw('POST', '/api/v1/teams', rita, {}, JSON.stringify({ name: 'untyped' }));
    expectProblem(untyped, 415, 'UNSUPPORTED_MEDIA_TYPE');

    // A route without a body: an empty text/plain request (what a cross-site form sends) is refused too...
    await turnOnTwoFactor(rita);
    const emptyText = await raw('POST', `/api/v1/users/${rita.id}/reset-2fa`, admin, { 'content-type': 'text/plain' }, '');
    expectProblem(emptyText, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await twoFactorOn(rita)).toBe(true);
    // ...while no body at all, or a JSON one, is fine.
    const bare = await raw('POST', `/api/v1/users/${rita.id}/reset-2fa`, admin, {});
    expect(bare.statusCode, bare.body).toBe(200);
    expect(await twoFactorOn(rita)).toBe(false);
    const created = await raw('POST', '/api/v1/teams', rita, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ name: 'json-team' }));
    expect(created.statusCode, created.body).toBe(201);
  });

  it('multipart upload routes take multipart/form-data and nothing else', async () => {
    const json = await raw('POST', '/api/v1/files', rita, { 'content-type': 'application/json' }, '{}');
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(json.json().detail).toContain('multipart/form-data');
    const form = new FormData();
    form.append('parentId', 'syn0');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const multipart = await raw('POST', '/api/v1/files', rita, { 'content-type': request.headers.get('content-type')! }, Buffer.from(await request.arrayBuffer()));
    expect(multipart.statusCode).not.toBe(415);
  });

  it('an unknown route is a 404 whatever the body', async () => {
    expectProblem(await raw('POST', '/api/v1/nothing-here', rita, { 'content-type': 'text/plain' }, 'x'), 404, 'NOT_FOUND');
  });
});

describe('security headers', () => {
  const csp = (res: LightMyRequestResponse) => String(res.headers['content-security-policy'] ?? '');

  it('every answer, page, API, problem or not found, carries the policy: own scripts only, never framed, nosniff, no referrer', async () => {
    const answers = await Promise.all([
      gh.app.inject({ url: '/' }), gh.app.inject({ url: '/signin' }), gh.app.inject({ url: '/api/v1/me' }),
      gh.app.inject({ url: '/api/v1/no-such-route' }), gh.app.inject({ url: '/health' }),
      gh.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } }),
    ]);
    for (const res of answers) {
      const policy = csp(res);
      expect(policy, res.raw.req.url).toContain("default-src 'self'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // PUBLIC_URL is http here: no HSTS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('HSTS and upgrade-insecure-requests when PUBLIC_URL is https', async () => {
    const app = await bareServer({ publicUrl: 'https://gatehouse.example.org' });
    const res = await app.inject({ url: '/ip' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(csp(res)).toContain('upgrade-insecure-requests');
    await app.close();
  });

  it('the API documentation page keeps a policy that lets it run', async () => {
    const res = await gh.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(csp(res)).toContain("frame-ancestors 'none'");
    expect(csp(res)).not.toContain('upgrade-insecure-requests');
    expect(res.body).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script for the policy to block
  });
});
