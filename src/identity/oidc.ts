import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../infra/config.js';
import type { Clock } from '../infra/clock.js';
import type { Sql } from '../infra/db.js';
import { Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { USER_DISABLED_MESSAGE } from './caller.js';
import { createUser, USERNAME_PATTERN } from './users.js';

/**
 * Single sign-on with an OpenID Connect provider (SPEC §2): the authorization code flow with PKCE, state and
 * nonce, and ID tokens verified with jose against the keys the provider publishes. This module knows the
 * protocol and how a provider's identity maps to a Gatehouse account; the HTTP side is oidc.routes.ts.
 */

/** What the sign-in page shows for each way single sign-on can fail (`/signin?error=<code>`). */
export const OIDC_MESSAGES = {
  OIDC_NOT_CONFIGURED: 'Single sign-on is not set up on this server.',
  OIDC_CANCELLED: 'Single sign-on was cancelled, so you were not signed in.',
  OIDC_PROVIDER_ERROR: 'The single sign-on provider did not sign you in. Try again, or ask an administrator if it keeps happening.',
  OIDC_PROVIDER_UNREACHABLE: 'The single sign-on provider could not be reached. Try again in a moment.',
  OIDC_STATE_INVALID: 'This sign-in attempt has expired or was started in another browser. Start again.',
  OIDC_TOKEN_INVALID: 'The answer of the single sign-on provider could not be verified, so you were not signed in. Try again, or ask an administrator if it keeps happening.',
  OIDC_EMAIL_REQUIRED: 'Your single sign-on account has no usable email address, which a Gatehouse account needs. Ask an administrator for help.',
  OIDC_EMAIL_NOT_VERIFIED: 'Your single sign-on provider has not verified your email address, so Gatehouse cannot use it for your account. Verify it with your provider, or ask an administrator.',
  OIDC_ACCOUNT_LINKED_ELSEWHERE: 'The Gatehouse account with your email address is already linked to another single sign-on identity. Ask an administrator for help.',
  OIDC_SIGNUP_CLOSED: 'There is no Gatehouse account for you yet, and single sign-on does not create accounts here. Ask an administrator to create yours.',
  OIDC_2FA_EXPIRED: 'The two-factor step of your single sign-on has expired. Sign in again.',
  OIDC_FAILED: 'Single sign-on failed. Try again, or ask an administrator if it keeps happening.',
  USER_DISABLED: USER_DISABLED_MESSAGE,
} as const;

export type OidcErrorCode = keyof typeof OIDC_MESSAGES;

export const isOidcErrorCode = (code: string): code is OidcErrorCode => Object.hasOwn(OIDC_MESSAGES, code);

/** A refused single sign-on: `code` is what the user sees, `reason` what the log says. */
export class OidcFailure extends Error {
  constructor(readonly code: OidcErrorCode, readonly reason: string = OIDC_MESSAGES[code]) {
    super(reason);
    this.name = 'OidcFailure';
  }
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  displayName: string;
  scopes: string;
  allowSignup: boolean;
}

/** The single sign-on settings, or null when it is off. A half-done configuration stops the server at start. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.oidcIssuer && !config.oidcClientId) return null;
  if (!config.oidcIssuer || !config.oidcClientId) {
    throw new Error('Single sign-on needs both OIDC_ISSUER and OIDC_CLIENT_ID (or neither).');
  }
  let url: URL;
  try {
    url = new URL(config.oidcIssuer);
  } catch {
    throw new Error(`OIDC_ISSUER is not a URL: ${config.oidcIssuer}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`OIDC_ISSUER must be an https URL: ${config.oidcIssuer}`);
  const scopes = config.oidcScopes.split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return {
    issuer: config.oidcIssuer,
    clientId: config.oidcClientId,
    clientSecret: config.oidcClientSecret || null,
    displayName: config.oidcDisplayName.trim() || 'single sign-on',
    scopes: scopes.join(' '),
    allowSignup: config.oidcAllowSignup,
  };
}

const RETURN_BASE = 'http://gatehouse.invalid';

/**
 * Where to go after signing in: a path on this server, never another origin ("//evil.example",
 * "/\evil.example" and absolute URLs all become "/"), and never back to the sign-in page.
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.length > 2000 || /[\u0000-\u001f\\]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, RETURN_BASE);
  } catch {
    return '/';
  }
  if (url.origin !== RETURN_BASE || url.pathname === '/signin') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

// ---- The flow: state, nonce and PKCE verifier, kept in the browser between start and callback ----

export const FLOW_TTL_MS = 10 * 60_000;
export const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

const random = () => randomBytes(32).toString('base64url');

export function newFlow(returnTo: string, now: Date): Flow {
  return { state: random(), nonce: random(), verifier: random(), returnTo, expiresAt: now.getTime() + FLOW_TTL_MS };
}

export const pkceChallenge = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** The cookie that carries one flow; named after its state so that sign-ins started in two tabs both finish. */
export const flowCookieName = (state: string) => `gh_oidc_${state}`;

export function encodeFlow(flow: Flow): string {
  return Buffer.from(JSON.stringify({ n: flow.nonce, v: flow.verifier, r: flow.returnTo, e: flow.expiresAt })).toString('base64url');
}

/** The flow of a state, or null when its cookie is missing, malformed or expired. */
export function decodeFlow(state: string, value: string | undefined, now: Date): Flow | null {
  if (!value) return null;
  try {
    const o = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { n?: unknown; v?: unknown; r?: unknown; e?: unknown };
    if (typeof o.n !== 'string' || typeof o.v !== 'string' || typeof o.e !== 'number') return null;
    if (o.e <= now.getTime()) return null;
    return { state, nonce: o.n, verifier: o.v, returnTo: safeReturnTo(o.r), expiresAt: o.e };
  } catch {
    return null;
  }
}

// ---- The provider: discovery, authorization URL, code exchange, ID token verification ----

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  /** RFC 9207 §3: the provider puts iss in every authorization response. */
  authorization_response_iss_parameter_supported?: boolean;
}

/** The claims Gatehouse uses, from the verified ID token (and userinfo for what the token left out). */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername: string | null;
  name: string | null;
}

const DISCOVERY_TTL_MS = 60 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;
// Asymmetric algorithms only: a provider's keys are public, so a MAC or "none" must never be accepted.
const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
// Differences between the provider's clock and ours that are still fine.
const CLOCK_TOLERANCE_S = 60;
// An ID token comes straight from the token endpoint; an old one is a replay.
const MAX_ID_TOKEN_AGE_S = 10 * 60;

export class OidcProvider {
  private discovery: { doc: Discovery; jwks: ReturnType<typeof createRemoteJWKSet>; until: number } | null = null;

  constructor(readonly settings: OidcSettings, private readonly log: Logger) {}

  /** The provider's metadata from `${issuer}/.well-known/openid-configuration`, kept for an hour. */
  private async discover(): Promise<{ doc: Discovery; jwks: ReturnType<typeof createRemoteJWKSet> }> {
    if (this.discovery && this.discovery.until > Date.now()) return this.discovery;
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const doc = (await this.fetchJson(url, {})) as Partial<Discovery>;
    for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof doc[key] !== 'string') throw new OidcFailure('OIDC_PROVIDER_UNREACHABLE', `${url} has no ${key}`);
    }
    // The issuer in the metadata is the one ID tokens must name; it must be the configured one (OIDC Discovery §4.3).
    if (doc.issuer!.replace(/\/+$/, '') !== this.settings.issuer.replace(/\/+$/, '')) {
      throw new OidcFailure('OIDC_PROVIDER_UNREACHABLE', `${url} names the issuer ${doc.issuer}, not the configured ${this.settings.issuer}`);
    }
    const jwks = createRemoteJWKSet(new URL(doc.jwks_uri!), { timeoutDuration: FETCH_TIMEOUT_MS });
    this.discovery = { doc: doc as Discovery, jwks, until: Date.now() + DISCOVERY_TTL_MS };
    return this.discovery;
  }

  /** The provider's issuer identifier, as ID tokens name it. */
  async issuer(): Promise<string> {
    return (await this.discover()).doc.issuer;
  }

  /** Whether the provider promises an iss parameter in its authorization responses (RFC 9207 §3). */
  async sendsIssParameter(): Promise<boolean> {
    return (await this.discover()).doc.authorization_response_iss_parameter_supported === true;
  }

  async authorizationUrl(flow: Flow, redirectUri: string): Promise<string> {
    const { doc } = await this.discover();
    const url = new URL(doc.authorization_endpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', this.settings.scopes);
    url.searchParams.set('state', flow.state);
    url.searchParams.set('nonce', flow.nonce);
    url.searchParams.set('code_challenge', pkceChallenge(flow.verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  /** Trades the code for tokens at the token endpoint, proving the flow with the PKCE verifier. */
  async exchangeCode(code: string, verifier: string, redirectUri: string): Promise<{ idToken: string; accessToken: string | null }> {
    const { doc } = await this.discover();
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const { clientId, clientSecret } = this.settings;
    const methods = doc.token_endpoint_auth_methods_supported;
    if (!clientSecret) {
      body.set('client_id', clientId);
    } else if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      body.set('client_id', clientId);
      body.set('client_secret', clientSecret);
    } else {
      // RFC 6749 §2.3.1: both parts are form-encoded before they are joined.
      const basic = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
      headers.authorization = `Basic ${basic}`;
    }
    const answer = (await this.fetchJson(doc.token_endpoint, { method: 'POST', headers, body: body.toString() })) as Record<string, unknown>;
    if (typeof answer.id_token !== 'string') throw new OidcFailure('OIDC_TOKEN_INVALID', 'the token endpoint answered without an id_token');
    return { idToken: answer.id_token, accessToken: typeof answer.access_token === 'string' ? answer.access_token : null };
  }

  /**
   * Verifies an ID token (OIDC Core §3.1.3.7): signed by a key of the provider's JWKS, issued by the provider
   * to this client, with this flow's nonce, not expired and recent. Any failure is OIDC_TOKEN_INVALID.
   */
  async verifyIdToken(idToken: string, nonce: string, now: Date): Promise<JWTPayload & { sub: string }> {
    const { doc, jwks } = await this.discover();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, jwks, {
        issuer: doc.issuer,
        audience: this.settings.clientId,
        algorithms: ID_TOKEN_ALGORITHMS,
        currentDate: now,
        clockTolerance: CLOCK_TOLERANCE_S,
        maxTokenAge: MAX_ID_TOKEN_AGE_S,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (err) {
      // Not a verdict on the token: the keys could not be fetched (a network error is not a JOSEError).
      if (err instanceof joseErrors.JWKSTimeout || !(err instanceof joseErrors.JOSEError)) {
        throw new OidcFailure('OIDC_PROVIDER_UNREACHABLE', `the provider's keys could not be fetched: ${(err as Error).message}`);
      }
      throw new OidcFailure('OIDC_TOKEN_INVALID', `ID token refused (${err.code}): ${err.message}`);
    }
    if (payload.nonce !== nonce) throw new OidcFailure('OIDC_TOKEN_INVALID', 'ID token refused: its nonce is not the one of this sign-in');
    const multipleAudiences = Array.isArray(payload.aud) && payload.aud.length > 1;
    if ((payload.azp !== undefined || multipleAudiences) && payload.azp !== this.settings.clientId) {
      throw new OidcFailure('OIDC_TOKEN_INVALID', `ID token refused: it was issued to ${String(payload.azp)}, not to this client`);
    }
    if (typeof payload.sub !== 'string' || !payload.sub) throw new OidcFailure('OIDC_TOKEN_INVALID', 'ID token refused: no subject');
    return payload as JWTPayload & { sub: string };
  }

  /** The identity in verified claims; what the ID token leaves out (often the email) is asked of userinfo. */
  async identity(claims: JWTPayload & { sub: string }, accessToken: string | null): Promise<ProviderIdentity> {
    const { doc } = await this.discover();
    let merged: Record<string, unknown> = { ...claims };
    if (typeof claims.email !== 'string' && doc.userinfo_endpoint && accessToken) {
      try {
        const info = (await this.fetchJson(doc.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } })) as Record<string, unknown>;
        // Userinfo about another subject must not be used (OIDC Core §5.3.2).
        if (info.sub === claims.sub) merged = { ...info, ...claims, email: info.email, email_verified: info.email_verified };
        else this.log.warn({ issuer: doc.issuer }, 'single sign-on: userinfo names another subject; ignored');
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'single sign-on: userinfo could not be read');
      }
    }
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    const given = [text(merged.given_name), text(merged.family_name)].filter(Boolean).join(' ');
    return {
      issuer: doc.issuer,
      subject: claims.sub,
      email: text(merged.email),
      // Some providers send the flag as a string.
      emailVerified: merged.email_verified === true || merged.email_verified === 'true',
      preferredUsername: text(merged.preferred_username),
      name: text(merged.name) ?? (given || null),
    };
  }

  private async fetchJson(url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (err) {
      throw new OidcFailure('OIDC_PROVIDER_UNREACHABLE', `${url}: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      // A refused code (invalid_grant) is the provider saying no, not being away.
      const code = res.status >= 400 && res.status < 500 ? 'OIDC_PROVIDER_ERROR' : 'OIDC_PROVIDER_UNREACHABLE';
      throw new OidcFailure(code, `${url} answered ${res.status}: ${text.slice(0, 300)}`);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new OidcFailure('OIDC_PROVIDER_UNREACHABLE', `${url} did not answer JSON`);
    }
  }
}

const formEncode = (s: string) => new URLSearchParams({ s }).toString().slice(2);

/** The value users.oidc_subject holds: issuer and subject, since a subject is unique only within its issuer. */
export const oidcSubject = (identity: Pick<ProviderIdentity, 'issuer' | 'subject'>) => `${identity.issuer}|${identity.subject}`;

// ---- Accounts: which Gatehouse user a provider identity is ----

export interface ResolvedAccount {
  userId: number;
  /** How the account was found: already linked, linked now by verified email, or created now. */
  how: 'linked' | 'email' | 'signup';
  totpEnabled: boolean;
}

/**
 * The account of a provider identity: the one linked to it; else the one with its email, when the provider
 * has verified that email, which is linked now; else a new one when sign-up is allowed. A disabled account
 * is refused before anything is linked. Runs in the caller's transaction.
 */
export async function resolveAccount(
  sql: Sql,
  clock: Clock,
  identity: ProviderIdentity,
  opts: { allowSignup: boolean; passwordHashLog2N: number },
): Promise<ResolvedAccount> {
  const subject = oidcSubject(identity);
  type Row = { id: number; status: string; oidc_subject: string | null; totp_enabled_at: Date | null };
  const linked = await sql.maybeOne<Row>('SELECT id, status, oidc_subject, totp_enabled_at FROM users WHERE oidc_subject = $1', [subject]);
  if (linked) {
    if (linked.status === 'disabled') throw new OidcFailure('USER_DISABLED');
    return { userId: linked.id, how: 'linked', totpEnabled: linked.totp_enabled_at !== null };
  }
  const byEmail = identity.email
    ? await sql.maybeOne<Row>('SELECT id, status, oidc_subject, totp_enabled_at FROM users WHERE lower(email) = lower($1)', [identity.email])
    : null;
  if (byEmail) {
    // Linking on an unverified email would let anyone who types someone's address into their provider
    // profile take over that person's account.
    if (!identity.emailVerified) throw new OidcFailure('OIDC_EMAIL_NOT_VERIFIED', `the provider has not verified ${identity.email}, which user ${byEmail.id} has`);
    if (byEmail.status === 'disabled') throw new OidcFailure('USER_DISABLED');
    if (byEmail.oidc_subject) throw new OidcFailure('OIDC_ACCOUNT_LINKED_ELSEWHERE', `user ${byEmail.id} is linked to ${byEmail.oidc_subject}, not ${subject}`);
    await sql.query('UPDATE users SET oidc_subject = $2 WHERE id = $1', [byEmail.id, subject]);
    await appendAudit(sql, clock, {
      actorId: byEmail.id, action: 'user.oidc-linked', targetType: 'user', targetId: byEmail.id,
      details: { issuer: identity.issuer, subject: identity.subject, how: 'email', email: identity.email },
    });
    return { userId: byEmail.id, how: 'email', totpEnabled: byEmail.totp_enabled_at !== null };
  }
  if (!opts.allowSignup) throw new OidcFailure('OIDC_SIGNUP_CLOSED', `no account for ${subject} (${identity.email ?? 'no email'}) and sign-up is off`);
  if (!identity.email) throw new OidcFailure('OIDC_EMAIL_REQUIRED', `no email for ${subject}`);
  // The email is where Gatehouse writes to and is unique: an unverified one could take someone's address.
  if (!identity.emailVerified) throw new OidcFailure('OIDC_EMAIL_NOT_VERIFIED', `the provider has not verified ${identity.email}`);
  const username = await freeUsername(sql, usernameBase(identity));
  let userId: number;
  try {
    userId = await createUser(sql, clock, { username, email: identity.email, displayName: identity.name ?? undefined },
      { actorId: null, passwordHashLog2N: opts.passwordHashLog2N });
  } catch (err) {
    if (err instanceof Problem && err.code === 'BAD_EMAIL') throw new OidcFailure('OIDC_EMAIL_REQUIRED', err.detail);
    throw err;
  }
  await sql.query('UPDATE users SET oidc_subject = $2 WHERE id = $1', [userId, subject]);
  await appendAudit(sql, clock, {
    actorId: userId, action: 'user.oidc-linked', targetType: 'user', targetId: userId,
    details: { issuer: identity.issuer, subject: identity.subject, how: 'signup', email: identity.email },
  });
  return { userId, how: 'signup', totpEnabled: false };
}

/** A username from preferred_username or the email's local part, reduced to what a username may hold. */
export function usernameBase(identity: Pick<ProviderIdentity, 'preferredUsername' | 'email'>): string {
  const raw = (identity.preferredUsername ?? identity.email ?? '').split('@')[0];
  let base = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[._-]+$/, '')
    .slice(0, 40);
  if (!base) base = 'user';
  if (base.length < 3) base = `${base}-user`;
  return base;
}

/** The base itself when free, else base-2, base-3, … (cut so that it stays within 40 characters). */
async function freeUsername(sql: Sql, base: string): Promise<string> {
  for (let n = 1; n <= 50; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    const taken = await sql.maybeOne('SELECT 1 FROM users WHERE lower(username) = lower($1)', [candidate]);
    if (!taken && USERNAME_PATTERN.test(candidate)) return candidate;
  }
  return `${base.slice(0, 27)}-${randomBytes(6).toString('hex')}`;
}
