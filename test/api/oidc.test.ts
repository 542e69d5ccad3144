import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { totpCode } from '../../src/identity/totp.js';

/**
 * Single sign-on against a real (fake) OpenID provider on a loopback port: discovery, JWKS, an /authorize
 * that sends the browser straight back with a code, a /token that checks the client secret and the PKCE
 * verifier and answers an ID token signed with jose, and /userinfo.
 */

const CLIENT_ID = 'gatehouse-test';
const CLIENT_SECRET = 'test-client-secret';

interface Identity {
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
}

/** How the next ID token is spoiled, for the tests that it is refused. */
interface Tamper {
  aud?: string;
  nonce?: string;
  iss?: string;
  /** Seconds added to the issue and expiry times (negative: in the past). */
  shiftSeconds?: number;
  otherKey?: boolean;
  /** Leave email out of the ID token; /userinfo still has it. */
  emailOnlyInUserinfo?: boolean;
  /** The iss parameter of the authorization response (RFC 9207): another value, or null to leave it out. */
  responseIss?: string | null;
}

interface FakeProvider {
  issuer: string;
  identity: Identity;
  tamper: Tamper;
  /** The query of the last /authorize call. */
  lastAuthorize: URLSearchParams | null;
  /** Whether the metadata says authorization_response_iss_parameter_supported (RFC 9207), and the answer has iss. */
  issParameter: boolean;
  close(): Promise<void>;
}

async function startProvider(now: () => Date): Promise<FakeProvider> {
  const signing = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; identity: Identity }>();
  const accessTokens = new Map<string, Identity>();
  let issuer = '';

  const provider: FakeProvider = { issuer: '', identity: { sub: 'nobody' }, tamper: {}, lastAuthorize: null, issParameter: true, close: async () => {} };

  const idToken = async (identity: Identity, nonce: string): Promise<string> => {
    const t = provider.tamper;
    const claims: JWTPayload = { ...identity, nonce: t.nonce ?? nonce };
    if (t.emailOnlyInUserinfo) {
      delete claims.email;
      delete claims.email_verified;
    }
    const at = Math.floor(now().getTime() / 1000) + (t.shiftSeconds ?? 0);
    const key: CryptoKey = t.otherKey ? other.privateKey : signing.privateKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuer(t.iss ?? issuer)
      .setAudience(t.aud ?? CLIENT_ID)
      .setSubject(identity.sub)
      .setIssuedAt(at)
      .setExpirationTime(at + 300)
      .sign(key);
  };

  const readBody = async (req: IncomingMessage) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    return new URLSearchParams(body);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    void (async () => {
      switch (url.pathname) {
        case '/.well-known/openid-configuration':
          return json(200, {
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            userinfo_endpoint: `${issuer}/userinfo`,
            response_types_supported: ['code'],
            id_token_signing_alg_values_supported: ['RS256'],
            code_challenge_methods_supported: ['S256'],
            token_endpoint_auth_methods_supported: ['client_secret_basic'],
            ...(provider.issParameter ? { authorization_response_iss_parameter_supported: true } : {}),
          });
        case '/jwks':
          return json(200, { keys: [jwk] });
        case '/authorize': {
          provider.lastAuthorize = url.searchParams;
          const q = url.searchParams;
          const redirect = new URL(q.get('redirect_uri')!);
          if (q.get('client_id') !== CLIENT_ID) {
            redirect.searchParams.set('error', 'unauthorized_client');
          } else {
            const code = randomBytes(16).toString('hex');
            codes.set(code, { nonce: q.get('nonce')!, challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')!, identity: { ...provider.identity } });
            redirect.searchParams.set('code', code);
          }
          redirect.searchParams.set('state', q.get('state')!);
          const iss = provider.tamper.responseIss === undefined ? (provider.issParameter ? issuer : null) : provider.tamper.responseIss;
          if (iss !== null) redirect.searchParams.set('iss', iss);
          res.writeHead(302, { location: redirect.toString() });
          return res.end();
        }
        case '/token': {
          const form = await readBody(req);
          const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
          if (req.headers.authorization !== basic) return json(401, { error: 'invalid_client' });
          const grant = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          if (!grant || form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== grant.redirectUri
            || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
            return json(400, { error: 'invalid_grant' });
          }
          const accessToken = randomBytes(16).toString('hex');
          accessTokens.set(accessToken, grant.identity);
          return json(200, { token_type: 'Bearer', access_token: accessToken, expires_in: 300, id_token: await idToken(grant.identity, grant.nonce) });
        }
        case '/userinfo': {
          const identity = accessTokens.get(String(req.headers.authorization).replace(/^Bearer /, ''));
          return identity ? json(200, identity) : json(401, { error: 'invalid_token' });
        }
        default:
          return json(404, { error: 'not_found' });
      }
    })().catch((err: unknown) => json(500, { error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.issuer = issuer;
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}

let gh: TestGatehouse;
let idp: FakeProvider;
let admin: TestUser;

beforeAll(async () => {
  let clock: (() => Date) | null = null;
  idp = await startProvider(() => clock!());
  gh = await startTestGatehouse({
    oidcIssuer: idp.issuer, oidcClientId: CLIENT_ID, oidcClientSecret: CLIENT_SECRET, oidcDisplayName: 'Example University',
  });
  clock = () => gh.clock.now();
  admin = await gh.user('root', { admin: true });
});
afterAll(async () => {
  await gh?.stop();
  await idp?.close();
});
beforeEach(() => {
  idp.tamper = {};
  gh.config.oidcAllowSignup = true;
});

interface SsoResult {
  /** Where the callback sent the browser. */
  location: string;
  /** The Cookie header of the new session, when one was made. */
  session: string | null;
  /** Cookies the callback set, by name. */
  cookies: Record<string, string>;
}

/** A browser's single sign-on: start, the provider's /authorize, then the callback with the flow's cookie. */
async function sso(identity: Identity, returnTo = '/projects'): Promise<SsoResult> {
  idp.identity = identity;
  const start = await gh.app.inject({ method: 'GET', url: `/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}` });
  expect(start.statusCode).toBe(302);
  const flow = start.cookies.find((c) => c.name.startsWith('gh_oidc_'))!;
  const authorize = await fetch(start.headers.location as string, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const back = new URL(authorize.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe('http://gatehouse.test/api/v1/auth/oidc/callback');
  const callback = await gh.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: `${flow.name}=${flow.value}` } });
  expect(callback.statusCode).toBe(302);
  const cookies = Object.fromEntries(callback.cookies.map((c) => [c.name, c.value]));
  return { location: callback.headers.location as string, session: cookies.gh_session ? `gh_session=${cookies.gh_session}` : null, cookies };
}

const me = (cookie: string) => gh.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
const userCount = async () => (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM users')).n;
const auditOf = (userId: number) =>
  gh.ctx.db.query<{ action: string; details: Record<string, unknown> }>(
    `SELECT action, details FROM audit_log WHERE target_type = 'user' AND target_id = $1 ORDER BY seq`, [String(userId)]);

describe('single sign-on: the sign-in page', () => {
  it('tells the sign-in page that single sign-on is on and what the button says', async () => {
    const res = await gh.as(null).get('/api/v1/auth/oidc');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ enabled: true, displayName: 'Example University' });
  });

  it('gives the readable message of an error code, and only messages of its own', async () => {
    const known = (await gh.as(null).get('/api/v1/auth/oidc?error=USER_DISABLED')).json();
    expect(known.error).toEqual({ code: 'USER_DISABLED', message: 'User is disabled.' });
    const crafted = (await gh.as(null).get(`/api/v1/auth/oidc?error=${encodeURIComponent('Call +1 555 0100 now')}`)).json();
    expect(crafted.error.code).toBe('OIDC_FAILED');
    expect(crafted.error.message).not.toContain('555');
  });

  it('without an issuer configured, the page offers no button and start explains that it is off', async () => {
    const issuer = gh.config.oidcIssuer;
    const clientId = gh.config.oidcClientId;
    gh.config.oidcIssuer = null;
    gh.config.oidcClientId = null;
    try {
      expect((await gh.as(null).get('/api/v1/auth/oidc')).json()).toMatchObject({ enabled: false });
      const start = await gh.as(null).get('/api/v1/auth/oidc/start');
      expect(start.headers.location).toBe('/signin?error=OIDC_NOT_CONFIGURED');
    } finally {
      gh.config.oidcIssuer = issuer;
      gh.config.oidcClientId = clientId;
    }
  });

  it('start sends the browser to the provider with state, nonce and an S256 PKCE challenge, kept in an HttpOnly cookie', async () => {
    const start = await gh.as(null).get('/api/v1/auth/oidc/start?returnTo=/teams');
    expect(start.statusCode).toBe(302);
    const to = new URL(start.headers.location as string);
    expect(`${to.origin}${to.pathname}`).toBe(`${idp.issuer}/authorize`);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code', client_id: CLIENT_ID, scope: 'openid email profile', code_challenge_method: 'S256',
      redirect_uri: 'http://gatehouse.test/api/v1/auth/oidc/callback',
    });
    const state = to.searchParams.get('state')!;
    expect(to.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = start.cookies.find((c) => c.name === `gh_oidc_${state}`);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/auth/oidc', maxAge: 600 });
    // Nothing secret travels in the clear: the verifier is in the cookie, only its hash goes to the provider.
    expect(start.headers.location).not.toContain(JSON.parse(Buffer.from(cookie!.value, 'base64url').toString()).v);
  });
});

describe('single sign-on: accounts', () => {
  it('a first sign-in creates the account and a session that works on /me, and lands on returnTo', async () => {
    const before = await userCount();
    const result = await sso({ sub: 'u-100', email: 'Nadia.Roy@uni.example', email_verified: true, preferred_username: 'nroy', name: 'Nadia Roy' });
    expect(result.location).toBe('/projects');
    expect(result.session).not.toBeNull();
    expect(await userCount()).toBe(before + 1);
    const res = await me(result.session!);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'nroy', displayName: 'Nadia Roy', email: 'Nadia.Roy@uni.example', acceptedTerms: false });
    const row = await gh.ctx.db.one<{ oidc_subject: string; password_hash: string | null }>('SELECT oidc_subject, password_hash FROM users WHERE id = $1', [res.json().id]);
    expect(row).toEqual({ oidc_subject: `${idp.issuer}|u-100`, password_hash: null });
    const audit = await auditOf(res.json().id);
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.oidc-linked', 'auth.signed-in']);
    expect(audit[1].details).toMatchObject({ how: 'signup', subject: 'u-100', issuer: idp.issuer });
    expect(audit[2].details).toMatchObject({ via: 'oidc', with: 'oidc' });
    // The flow's cookie is used once: the callback clears it.
    expect(Object.entries(result.cookies).some(([name, value]) => name.startsWith('gh_oidc_') && value === '')).toBe(true);
  });

  it('a second sign-in reuses the account, even after the email at the provider changed', async () => {
    const first = await sso({ sub: 'u-200', email: 'omar@uni.example', email_verified: true, preferred_username: 'omar' });
    const id = (await me(first.session!)).json().id;
    const before = await userCount();
    const second = await sso({ sub: 'u-200', email: 'omar.k@uni.example', email_verified: true, preferred_username: 'omar.k' });
    expect((await me(second.session!)).json()).toMatchObject({ id, username: 'omar' });
    expect(await userCount()).toBe(before);
  });

  it('a username is taken from the email when there is no preferred_username, and made unique', async () => {
    await gh.user('petra');
    const result = await sso({ sub: 'u-300', email: 'petra@elsewhere.example', email_verified: true });
    expect((await me(result.session!)).json().username).toBe('petra-2');
  });

  it('an existing account is linked by a verified email, and the link is audited', async () => {
    const maria = await gh.user('maria');
    const result = await sso({ sub: 'u-400', email: 'MARIA@example.org', email_verified: true, preferred_username: 'mgarcia' });
    expect((await me(result.session!)).json()).toMatchObject({ id: maria.id, username: 'maria' });
    const audit = await auditOf(maria.id);
    expect(audit.find((a) => a.action === 'user.oidc-linked')?.details).toMatchObject({ how: 'email', subject: 'u-400' });
    expect(audit.at(-1)).toMatchObject({ action: 'auth.signed-in', details: { via: 'oidc' } });
  });

  it('an email the provider has not verified links nothing', async () => {
    const quinn = await gh.user('quinn');
    const result = await sso({ sub: 'u-500', email: 'quinn@example.org', email_verified: false });
    expect(result).toMatchObject({ location: '/signin?error=OIDC_EMAIL_NOT_VERIFIED', session: null });
    const row = await gh.ctx.db.one<{ oidc_subject: string | null }>('SELECT oidc_subject FROM users WHERE id = $1', [quinn.id]);
    expect(row.oidc_subject).toBeNull();
  });

  it('an account linked to another identity is not taken over through its email', async () => {
    await sso({ sub: 'u-600', email: 'rosa@uni.example', email_verified: true, preferred_username: 'rosa' });
    const result = await sso({ sub: 'u-601', email: 'rosa@uni.example', email_verified: true });
    expect(result).toMatchObject({ location: '/signin?error=OIDC_ACCOUNT_LINKED_ELSEWHERE', session: null });
  });

  it('the email is read from userinfo when the ID token leaves it out', async () => {
    idp.tamper = { emailOnlyInUserinfo: true };
    const result = await sso({ sub: 'u-700', email: 'sami@uni.example', email_verified: true, preferred_username: 'sami' });
    expect((await me(result.session!)).json()).toMatchObject({ username: 'sami', email: 'sami@uni.example' });
  });

  it('with sign-up off, a stranger is refused but linked accounts and verified emails still sign in', async () => {
    const linked = await sso({ sub: 'u-800', email: 'tomas@uni.example', email_verified: true, preferred_username: 'tomas' });
    const tomasId = (await me(linked.session!)).json().id;
    const uma = await gh.user('uma');
    gh.config.oidcAllowSignup = false;
    const before = await userCount();
    const stranger = await sso({ sub: 'u-801', email: 'stranger@uni.example', email_verified: true });
    expect(stranger).toMatchObject({ location: '/signin?error=OIDC_SIGNUP_CLOSED', session: null });
    expect(await userCount()).toBe(before);
    expect((await me((await sso({ sub: 'u-800' })).session!)).json().id).toBe(tomasId);
    expect((await me((await sso({ sub: 'u-802', email: 'uma@example.org', email_verified: true })).session!)).json().id).toBe(uma.id);
  });

  it('a disabled user is refused with "User is disabled." and gets no session', async () => {
    const first = await sso({ sub: 'u-900', email: 'vera@uni.example', email_verified: true, preferred_username: 'vera' });
    const vera = (await me(first.session!)).json();
    const disabled = await gh.as(admin).post(`/api/v1/users/${vera.id}/disable`, { reason: 'Left the institute' });
    expect(disabled.statusCode).toBe(200);
    const result = await sso({ sub: 'u-900', email: 'vera@uni.example', email_verified: true });
    expect(result).toMatchObject({ location: '/signin?error=USER_DISABLED', session: null });
    expect((await gh.as(null).get('/api/v1/auth/oidc?error=USER_DISABLED')).json().error.message).toBe('User is disabled.');
    // A disabled account found by its email is refused too, and not linked.
    const wes = await gh.user('wes');
    await gh.as(admin).post(`/api/v1/users/${wes.id}/disable`, { reason: 'Left' });
    expect((await sso({ sub: 'u-901', email: 'wes@example.org', email_verified: true })).location).toBe('/signin?error=USER_DISABLED');
    expect((await gh.ctx.db.one<{ s: string | null }>('SELECT oidc_subject AS s FROM users WHERE id = $1', [wes.id])).s).toBeNull();
  });
});

describe('single sign-on: refusals', () => {
  const refusals: [string, Tamper][] = [
    ['issued to another client (wrong audience)', { aud: 'someone-else' }],
    ['with the nonce of another sign-in', { nonce: 'not-this-sign-in' }],
    ['expired', { shiftSeconds: -3600 }],
    ['signed by a key that is not the provider\'s', { otherKey: true }],
    ['from another issuer', { iss: 'https://evil.example' }],
  ];
  for (const [what, tamper] of refusals) {
    it(`an ID token ${what} is refused with a clear error and no session`, async () => {
      const before = await userCount();
      idp.tamper = tamper;
      const result = await sso({ sub: `bad-${what}`, email: `bad${before}@uni.example`, email_verified: true, preferred_username: 'mallory' });
      expect(result).toMatchObject({ location: '/signin?error=OIDC_TOKEN_INVALID', session: null });
      expect(await userCount()).toBe(before);
      const page = (await gh.as(null).get('/api/v1/auth/oidc?error=OIDC_TOKEN_INVALID')).json();
      expect(page.error.message).toMatch(/could not be verified, so you were not signed in/);
    });
  }

  it('RFC 9207: when the provider advertises the iss parameter, a callback without it or with another issuer is refused', async () => {
    for (const [responseIss, reason] of [[null, 'no iss'], ['https://evil.example', 'another issuer']] as const) {
      const before = await userCount();
      idp.tamper = { responseIss };
      const result = await sso({ sub: `mixup-${reason}`, email: `mixup${before}@uni.example`, email_verified: true });
      expect(result, reason).toMatchObject({ location: '/signin?error=OIDC_PROVIDER_ERROR', session: null });
      expect(await userCount()).toBe(before);
    }
    idp.tamper = {};
    expect((await sso({ sub: 'mixup-ok', email: 'mixup-ok@uni.example', email_verified: true })).session).not.toBeNull();
  });

  it('RFC 9207: a provider that does not advertise the iss parameter may leave it out', async () => {
    idp.issParameter = false;
    // Another display name makes Gatehouse read the provider's metadata afresh.
    gh.config.oidcDisplayName = 'Example University (no iss)';
    try {
      expect((await sso({ sub: 'no-iss-ok', email: 'no-iss@uni.example', email_verified: true })).session).not.toBeNull();
      idp.tamper = { responseIss: 'https://evil.example' };
      expect((await sso({ sub: 'no-iss-ok' })).location).toBe('/signin?error=OIDC_PROVIDER_ERROR');
    } finally {
      idp.issParameter = true;
      gh.config.oidcDisplayName = 'Example University';
    }
  });

  it('a callback without the cookie of its flow is refused (a forged or replayed callback)', async () => {
    idp.identity = { sub: 'u-1000', email: 'xena@uni.example', email_verified: true };
    const start = await gh.as(null).get('/api/v1/auth/oidc/start');
    const back = new URL((await fetch(start.headers.location as string, { redirect: 'manual' })).headers.get('location')!);
    const res = await gh.as(null).get(`${back.pathname}${back.search}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/signin?error=OIDC_STATE_INVALID');
    expect(res.cookies.find((c) => c.name === 'gh_session')).toBeUndefined();
  });

  it('a flow older than ten minutes is refused', async () => {
    idp.identity = { sub: 'u-1001', email: 'yuri@uni.example', email_verified: true };
    const start = await gh.as(null).get('/api/v1/auth/oidc/start');
    const flow = start.cookies.find((c) => c.name.startsWith('gh_oidc_'))!;
    const back = new URL((await fetch(start.headers.location as string, { redirect: 'manual' })).headers.get('location')!);
    gh.clock.advance(11 * 60_000);
    const res = await gh.as(null).get(`${back.pathname}${back.search}`, { cookie: `${flow.name}=${flow.value}` });
    expect(res.headers.location).toBe('/signin?error=OIDC_STATE_INVALID');
  });

  it('a sign-in cancelled at the provider says so', async () => {
    const start = await gh.as(null).get('/api/v1/auth/oidc/start');
    const flow = start.cookies.find((c) => c.name.startsWith('gh_oidc_'))!;
    const state = new URL(start.headers.location as string).searchParams.get('state')!;
    const res = await gh.as(null).get(`/api/v1/auth/oidc/callback?error=access_denied&state=${state}`, { cookie: `${flow.name}=${flow.value}` });
    expect(res.headers.location).toBe('/signin?error=OIDC_CANCELLED');
  });

  it('returnTo that leaves this server is ignored: the user lands on the home page', async () => {
    let n = 0;
    for (const returnTo of ['https://evil.example/x', '//evil.example/x', '/\\evil.example/x', 'javascript:alert(1)', '/signin?error=X']) {
      const result = await sso({ sub: 'u-1100', email: 'zoe@uni.example', email_verified: true, preferred_username: 'zoe' }, returnTo);
      expect(result.location, returnTo).toBe('/');
      n++;
    }
    expect(n).toBe(5);
    expect((await sso({ sub: 'u-1100' }, '/entities/syn1?tab=files')).location).toBe('/entities/syn1?tab=files');
  });
});

describe('single sign-on with two-factor authentication', () => {
  it('an account with 2FA still needs its code after single sign-on; the code then signs in', async () => {
    const ada = await gh.user('ada');
    const { secret } = (await gh.as(ada).post('/api/v1/me/2fa/enroll')).json();
    expect((await gh.as(ada).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) })).statusCode).toBe(200);

    const result = await sso({ sub: 'u-1200', email: 'ada@example.org', email_verified: true }, '/teams');
    expect(result).toMatchObject({ location: '/signin?oidc=totp', session: null });
    const step = `gh_oidc_2fa=${result.cookies.gh_oidc_2fa}`;
    const post = (body: object, cookie = step) =>
      gh.app.inject({ method: 'POST', url: '/api/v1/auth/oidc/totp', payload: body, headers: { cookie } });

    expect((await post({})).json().code).toBe('TOTP_REQUIRED');
    const wrong = await post({ totp: '000000' === await totpCode(secret, gh.clock.now()) ? '111111' : '000000' });
    expect(wrong.json().code).toBe('INVALID_TOTP');
    expect((await post({ totp: '123456' }, '')).json().code).toBe('OIDC_2FA_EXPIRED');

    const ok = await post({ totp: await totpCode(secret, gh.clock.now()) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ user: { id: ada.id, twoFactorEnabled: true }, returnTo: '/teams' });
    const session = ok.cookies.find((c) => c.name === 'gh_session')!;
    expect((await me(`gh_session=${session.value}`)).json().id).toBe(ada.id);
    expect((await auditOf(ada.id)).at(-1)).toMatchObject({ action: 'auth.signed-in', details: { via: 'oidc', with: 'oidc+totp' } });
  });

  it('the two-factor step is single-use: its cookie cannot start a second session after the first succeeded', async () => {
    const cleo = await gh.user('cleo');
    const { secret } = (await gh.as(cleo).post('/api/v1/me/2fa/enroll')).json();
    const verified = await gh.as(cleo).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
    const recoveryCodes: string[] = verified.json().recoveryCodes;
    const result = await sso({ sub: 'u-1250', email: 'cleo@example.org', email_verified: true }, '/teams');
    const cookie = `gh_oidc_2fa=${result.cookies.gh_oidc_2fa}`;
    const post = (body: object) => gh.app.inject({ method: 'POST', url: '/api/v1/auth/oidc/totp', payload: body, headers: { cookie } });
    gh.clock.advance(30_000);
    const first = await post({ totp: await totpCode(secret, gh.clock.now()) });
    expect(first.statusCode).toBe(200);
    // A replay of the same cookie, with a fresh code or a recovery code, is refused and makes no session.
    gh.clock.advance(30_000);
    for (const body of [{ totp: await totpCode(secret, gh.clock.now()) }, { recoveryCode: recoveryCodes[0] }]) {
      const replay = await post(body);
      expect([replay.statusCode, replay.json().code]).toEqual([401, 'OIDC_2FA_EXPIRED']);
      expect(replay.cookies.find((c) => c.name === 'gh_session' && c.value)).toBeUndefined();
    }
    const signIns = (await auditOf(cleo.id)).filter((e) => e.action === 'auth.signed-in' && e.details.via === 'oidc');
    expect(signIns).toHaveLength(1);
    // The recovery code was not used up by the refused replay.
    expect((await gh.as(null).post('/api/v1/auth/login', { username: 'cleo', password: cleo.password, recoveryCode: recoveryCodes[0] })).statusCode).toBe(200);
  });

  it('a wrong code keeps the two-factor step usable; two requests racing with one step make one session', async () => {
    const dora = await gh.user('dora');
    const { secret } = (await gh.as(dora).post('/api/v1/me/2fa/enroll')).json();
    const verified = await gh.as(dora).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
    const recoveryCodes: string[] = verified.json().recoveryCodes;
    const result = await sso({ sub: 'u-1260', email: 'dora@example.org', email_verified: true });
    const cookie = `gh_oidc_2fa=${result.cookies.gh_oidc_2fa}`;
    const post = (body: object) => gh.app.inject({ method: 'POST', url: '/api/v1/auth/oidc/totp', payload: body, headers: { cookie } });
    expect((await post({ recoveryCode: 'aaaa-bbbb-cccc' })).json().code).toBe('INVALID_RECOVERY_CODE');
    gh.clock.advance(30_000);
    const both = await Promise.all([post({ totp: await totpCode(secret, gh.clock.now()) }), post({ recoveryCode: recoveryCodes[1] })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('the two-factor step expires with the ID token that proved the first step', async () => {
    const boris = await gh.user('boris');
    const { secret } = (await gh.as(boris).post('/api/v1/me/2fa/enroll')).json();
    await gh.as(boris).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
    const result = await sso({ sub: 'u-1300', email: 'boris@example.org', email_verified: true });
    gh.clock.advance(20 * 60_000);
    const late = await gh.app.inject({
      method: 'POST', url: '/api/v1/auth/oidc/totp', payload: { totp: await totpCode(secret, gh.clock.now()) },
      headers: { cookie: `gh_oidc_2fa=${result.cookies.gh_oidc_2fa}` },
    });
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('OIDC_2FA_EXPIRED');
  });
});
