import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';

/**
 * Single sign-on against a real OpenID Provider: panva's oidc-provider on a loopback port, with a confidential
 * client registered for Gatehouse's redirect URI. The test is the browser: it follows the provider's redirects
 * with its own cookie jar, and finishes the login interaction programmatically (no HTML forms), the way an
 * identity provider's login page would.
 */

const CLIENT_ID = 'gatehouse';
const CLIENT_SECRET = 'a-long-client-secret-for-the-test';
const REDIRECT_URI = 'http://gatehouse.test/api/v1/auth/oidc/callback';

const accounts: Record<string, { email: string; name: string }> = {
  'op-alice': { email: 'alice@op.example', name: 'Alice Op' },
  'op-bob': { email: 'bob@op.example', name: 'Bob Op' },
};

let server: Server;
let issuer: string;
let gh: TestGatehouse;
/** Who the next login interaction signs in as. */
let nextAccount = 'op-alice';

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'op-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['a-cookie-signing-key-for-the-test'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    findAccount: async (_ctx: unknown, sub: string) => accounts[sub] && {
      accountId: sub,
      claims: async () => ({ sub, email: accounts[sub].email, email_verified: true, name: accounts[sub].name, preferred_username: sub }),
    },
    // A first-party client: the user is not asked to consent, the grant is made here.
    loadExistingGrant: async (ctx: any) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      // The login page: signs in as nextAccount at once and sends the browser back to the provider.
      void provider.interactionFinished(req, res, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false })
        .catch((err: Error) => { res.statusCode = 500; res.end(err.message); });
      return;
    }
    callback(req, res);
  });
  gh = await startTestGatehouse({ oidcIssuer: issuer, oidcClientId: CLIENT_ID, oidcClientSecret: CLIENT_SECRET, oidcDisplayName: 'OP' });
  // The provider signs ID tokens with the real time; Gatehouse checks them with its clock.
  gh.clock.set(new Date());
});
afterAll(async () => {
  await gh?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** A browser at the provider: follows its redirects with a cookie jar until it is sent to Gatehouse. */
async function throughProvider(authorizationUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const gone = !value || attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a));
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(REDIRECT_URI)) return next;
    url = next.href;
  }
  throw new Error('too many redirects at the provider');
}

interface Started {
  flowCookie: string;
  /** Where the provider sent the browser back (Gatehouse's callback with code, state and iss). */
  back: URL;
}

async function signInAtProvider(account: string): Promise<Started> {
  nextAccount = account;
  const start = await gh.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start?returnTo=/projects' });
  expect(start.statusCode).toBe(302);
  const flow = start.cookies.find((c) => c.name.startsWith('gh_oidc_'))!;
  const location = new URL(start.headers.location as string);
  expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  return { flowCookie: `${flow.name}=${flow.value}`, back: await throughProvider(location.href) };
}

const callback = (started: Started, query: URLSearchParams) =>
  gh.app.inject({ method: 'GET', url: `/api/v1/auth/oidc/callback?${query}`, headers: { cookie: started.flowCookie } });

describe('single sign-on with oidc-provider', () => {
  it('the provider advertises the iss parameter of RFC 9207 and sends it', async () => {
    const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    const started = await signInAtProvider('op-alice');
    expect(started.back.searchParams.get('iss')).toBe(issuer);
    expect(started.back.searchParams.get('code')).toBeTruthy();
  });

  it('the authorization code flow with PKCE signs in; a callback without iss, or with another issuer, is refused', async () => {
    for (const change of ['drop', 'other'] as const) {
      const started = await signInAtProvider('op-alice');
      const query = new URLSearchParams(started.back.search);
      if (change === 'drop') query.delete('iss');
      else query.set('iss', 'https://op.evil.example');
      const refused = await callback(started, query);
      expect([refused.statusCode, refused.headers.location], change).toEqual([302, '/signin?error=OIDC_PROVIDER_ERROR']);
      expect(refused.cookies.find((c) => c.name === 'gh_session' && c.value), change).toBeUndefined();
    }
    expect((await gh.ctx.db.maybeOne("SELECT 1 FROM users WHERE email = 'alice@op.example'"))).toBeNull();

    const started = await signInAtProvider('op-alice');
    const ok = await callback(started, started.back.searchParams);
    expect([ok.statusCode, ok.headers.location]).toEqual([302, '/projects']);
    const session = ok.cookies.find((c) => c.name === 'gh_session')!;
    const me = await gh.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `gh_session=${session.value}` } });
    expect(me.json()).toMatchObject({ email: 'alice@op.example', displayName: 'Alice Op' });
    const user = await gh.ctx.db.one<{ oidc_subject: string }>("SELECT oidc_subject FROM users WHERE email = 'alice@op.example'");
    expect(user.oidc_subject).toBe(`${issuer}|op-alice`);
  });

  it('a callback with the code and state of another flow is refused: state is bound to the browser of its flow', async () => {
    const first = await signInAtProvider('op-bob');
    const second = await signInAtProvider('op-bob');
    // The first flow's code and state with the second flow's cookie: the state does not match its cookie.
    const crossed = await callback(second, first.back.searchParams);
    expect(crossed.headers.location).toBe('/signin?error=OIDC_STATE_INVALID');
    expect((await callback(second, second.back.searchParams)).headers.location).toBe('/projects');
  });
});
