import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../src/infra/config.js';
import { createHttpServer, type Http } from '../../src/infra/http.js';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';

/** The browser-facing defences (docs/adr/0013): forwarded headers believed only from configured proxies. */
const silent = pino({ level: 'silent' });

async function bareServer(opts: { trustedProxies?: string[]; publicUrl?: string } = {}): Promise<Http> {
  const publicUrl = opts.publicUrl ?? 'http://gatehouse.test';
  const app = await createHttpServer({ log: silent, bodyLimitBytes: 1024, publicUrl, version: 'test', trustedProxies: opts.trustedProxies });
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
      limited = await startTestGatehouse({ loginRateLimitPerMinute: LIMIT, trustedProxies: ['10.0.0.0/8'] });
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
