import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { forbidden, unauthenticated } from '../infra/problem.js';
import { loadCallerUser } from './caller.js';
import { MeSchema } from './schemas.js';
import { checkSecondFactor, isWrongSecondFactor, setSessionCookie, startSession } from './signin.js';
import { accountKey, admitSignin, recordSigninFailure, recordSigninSuccess, signinLimitSettings } from './signinlimits.js';
import { newSecret, secretHash } from './secrets.js';
import {
  decodeFlow, encodeFlow, flowCookieName, FLOW_TTL_MS, isOidcErrorCode, newFlow, OIDC_MESSAGES, OidcFailure, OidcProvider,
  oidcSettings, resolveAccount, safeReturnTo, STATE_PATTERN, type OidcErrorCode, type OidcSettings,
} from './oidc.js';

/*
 * Single sign-on over HTTP (SPEC §2; the protocol is in oidc.ts):
 *   GET  /api/v1/auth/oidc            — whether it is on, the button's text, and the message of an error code
 *   GET  /api/v1/auth/oidc/start      — to the provider, with state, nonce and PKCE challenge
 *   GET  /api/v1/auth/oidc/callback   — back from the provider: verify, find or create the account, sign in
 *   POST /api/v1/auth/oidc/totp       — the second step for an account with two-factor authentication
 * The browser is always redirected, never shown a JSON error: failures go to /signin?error=<code>.
 *
 * The flow's state, nonce and verifier live in a short-lived HttpOnly cookie rather than a table: starting a
 * sign-in is anonymous, so a table would let anyone fill it, and a cookie needs no clean-up, no migration and
 * works on every server instance. It needs no signature: every value in it is random and checked against what
 * comes back (state in the cookie's name, nonce in the ID token, verifier at the token endpoint), and the
 * return path is checked again when used; someone who edits their own cookie only spoils their own sign-in.
 *
 * The second step of an account with 2FA is different: it is a row of oidc_second_steps (only a verified ID
 * token of an existing account makes one, so anonymous callers cannot fill the table), deleted by the success
 * that starts the session, so its cookie works once (issue 8).
 */

const CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const COOKIE_PATH = '/api/v1/auth/oidc';
/** The secret of the pending second step (a row of oidc_second_steps) of an account with 2FA. */
const SECOND_STEP_COOKIE = 'gh_oidc_2fa';
const SECOND_STEP_TTL_S = 5 * 60;

const StatusSchema = Type.Object({
  enabled: Type.Boolean(),
  displayName: Type.String({ description: 'The button reads "Sign in with <displayName>"' }),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { description: 'The message for ?error=<code>' })),
});

const SecondStepBody = Type.Object(
  {
    totp: Type.Optional(Type.String({ maxLength: 12, description: 'The 6-digit code' })),
    recoveryCode: Type.Optional(Type.String({ maxLength: 64, description: 'A one-time recovery code instead of the 6-digit code' })),
  },
  { additionalProperties: false },
);

export function oidcRoutes(app: Http, ctx: AppContext): void {
  oidcSettings(ctx.config); // A half-done configuration stops the server here.
  let cached: OidcProvider | null = null;
  const provider = (): OidcProvider | null => {
    const settings = oidcSettings(ctx.config);
    if (!settings) return null;
    if (!cached || !sameSettings(cached.settings, settings)) cached = new OidcProvider(settings, ctx.log);
    return cached;
  };
  const secure = () => ctx.config.publicUrl.startsWith('https://');
  const redirectUri = () => `${ctx.config.publicUrl}${CALLBACK_PATH}`;

  const fail = (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    let code: OidcErrorCode = 'OIDC_FAILED';
    if (err instanceof OidcFailure) {
      code = err.code;
      request.log.warn({ code, reason: err.reason }, 'single sign-on refused');
    } else {
      request.log.error({ err }, 'single sign-on failed');
    }
    return reply.redirect(`/signin?error=${code}`, 302);
  };

  app.get('/api/v1/auth/oidc', {
    schema: {
      tags: ['auth'],
      summary: 'Whether single sign-on is set up, for the sign-in page; with ?error=<code>, the message to show',
      security: [],
      querystring: Type.Object({ error: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: { 200: StatusSchema },
    },
  }, async (request) => {
    const settings = oidcSettings(ctx.config);
    const { error } = request.query;
    // Only messages of the catalogue are shown, so a crafted link cannot put its own words on the sign-in page.
    const code = error ? (isOidcErrorCode(error) ? error : 'OIDC_FAILED') : null;
    return {
      enabled: settings !== null,
      displayName: settings?.displayName ?? ctx.config.oidcDisplayName,
      ...(code ? { error: { code, message: OIDC_MESSAGES[code] } } : {}),
    };
  });

  app.get('/api/v1/auth/oidc/start', {
    schema: {
      tags: ['auth'],
      summary: 'Starts single sign-on: redirects to the provider, and later back to returnTo (a path on this server)',
      security: [],
      querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
    },
  }, async (request, reply) => {
    const oidc = provider();
    if (!oidc) return fail(request, reply, new OidcFailure('OIDC_NOT_CONFIGURED'));
    const flow = newFlow(safeReturnTo(request.query.returnTo), ctx.clock.now());
    let location: string;
    try {
      location = await oidc.authorizationUrl(flow, redirectUri());
    } catch (err) {
      return fail(request, reply, err);
    }
    reply.setCookie(flowCookieName(flow.state), encodeFlow(flow), {
      path: COOKIE_PATH, httpOnly: true, secure: secure(), maxAge: FLOW_TTL_MS / 1000,
      // Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
      sameSite: 'lax',
    });
    return reply.redirect(location, 302);
  });

  app.get('/api/v1/auth/oidc/callback', {
    schema: {
      tags: ['auth'],
      summary: 'Where the provider sends the browser back: signs in and redirects to returnTo, or to /signin?error=<code>',
      security: [],
      querystring: Type.Object({
        code: Type.Optional(Type.String({ maxLength: 4000 })),
        state: Type.Optional(Type.String({ maxLength: 200 })),
        error: Type.Optional(Type.String({ maxLength: 200 })),
        error_description: Type.Optional(Type.String({ maxLength: 2000 })),
        iss: Type.Optional(Type.String({ maxLength: 2000 })),
      }, { additionalProperties: true }),
    },
  }, async (request, reply) => {
    const { code, state, error, error_description: errorDescription, iss } = request.query;
    const now = ctx.clock.now();
    const stateOk = state !== undefined && STATE_PATTERN.test(state);
    const flow = stateOk ? decodeFlow(state, request.cookies[flowCookieName(state)], now) : null;
    // One use only: the flow's cookie goes whatever the outcome.
    if (stateOk) reply.clearCookie(flowCookieName(state), { path: COOKIE_PATH });
    try {
      const oidc = provider();
      if (!oidc) throw new OidcFailure('OIDC_NOT_CONFIGURED');
      if (error) {
        throw new OidcFailure(error === 'access_denied' ? 'OIDC_CANCELLED' : 'OIDC_PROVIDER_ERROR',
          `the provider answered ${error}${errorDescription ? `: ${errorDescription}` : ''}`);
      }
      if (!flow) throw new OidcFailure('OIDC_STATE_INVALID', stateOk ? 'no cookie for this state, or it expired' : 'no state, or a malformed one');
      if (!code) throw new OidcFailure('OIDC_PROVIDER_ERROR', 'the provider sent no code');
      // RFC 9207: a provider that names itself must be ours (a mix-up attack sends another provider's code here),
      // and one that promises to name itself must do so (§2.4): an answer without iss is then not its own.
      if (iss === undefined && await oidc.sendsIssParameter()) {
        throw new OidcFailure('OIDC_PROVIDER_ERROR', 'the answer has no iss, although the provider advertises authorization_response_iss_parameter_supported');
      }
      if (iss !== undefined && iss !== await oidc.issuer()) throw new OidcFailure('OIDC_PROVIDER_ERROR', `the answer names the issuer ${iss}`);
      const tokens = await oidc.exchangeCode(code, flow.verifier, redirectUri());
      const claims = await oidc.verifyIdToken(tokens.idToken, flow.nonce, now);
      const identity = await oidc.identity(claims, tokens.accessToken);
      const settings = oidc.settings;
      const stepSecret = newSecret();
      const signedIn = await withRetryOnConflict(() => ctx.db.tx(async (sql) => {
        const account = await resolveAccount(sql, ctx.clock, identity, { allowSignup: settings.allowSignup, passwordHashLog2N: ctx.config.passwordHashLog2N });
        if (account.totpEnabled) {
          // SSO does not stand in for the account's second factor (see the README). The pending step lives on the
          // server, so that it is used up by the first success (a replayed cookie finds nothing).
          await sql.query('DELETE FROM oidc_second_steps WHERE expires_at <= $1', [now]);
          await sql.query(
            'INSERT INTO oidc_second_steps (id, user_id, issuer, return_to, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
            [secretHash(stepSecret), account.userId, identity.issuer, flow.returnTo, now, new Date(now.getTime() + SECOND_STEP_TTL_S * 1000)],
          );
          return { account, session: null };
        }
        const session = await startSession(sql, ctx, request, account.userId, { via: 'oidc', with: 'oidc', issuer: identity.issuer, account: account.how });
        return { account, session };
      }));
      if (!signedIn.session) {
        reply.setCookie(SECOND_STEP_COOKIE, stepSecret, { path: COOKIE_PATH, httpOnly: true, secure: secure(), sameSite: 'lax', maxAge: SECOND_STEP_TTL_S });
        return reply.redirect('/signin?oidc=totp', 302);
      }
      setSessionCookie(reply, ctx, signedIn.session);
      return reply.redirect(flow.returnTo, 302);
    } catch (err) {
      return fail(request, reply, err);
    }
  });

  app.post('/api/v1/auth/oidc/totp', {
    schema: {
      tags: ['auth'],
      summary: 'The second step of single sign-on for an account with two-factor authentication; sets the session cookie',
      security: [],
      body: SecondStepBody,
      response: { 200: Type.Object({ user: MeSchema, returnTo: Type.String() }) },
    },
  }, async (request, reply) => {
    const { totp, recoveryCode } = request.body;
    const now = ctx.clock.now();
    const oidc = provider();
    const secret = request.cookies[SECOND_STEP_COOKIE];
    const expired = () => unauthenticated(OIDC_MESSAGES.OIDC_2FA_EXPIRED, 'OIDC_2FA_EXPIRED');
    if (!oidc || !secret) throw expired();
    const stepId = secretHash(secret);
    const pending = await ctx.db.maybeOne<{ user_id: number; issuer: string; return_to: string }>(
      'SELECT user_id, issuer, return_to FROM oidc_second_steps WHERE id = $1 AND expires_at > $2', [stepId, now]);
    if (!pending || pending.issuer !== await oidc.issuer()) {
      reply.clearCookie(SECOND_STEP_COOKIE, { path: COOKIE_PATH });
      throw expired();
    }
    const row = await ctx.db.maybeOne<{ id: number; status: string; totp_secret: string | null; totp_enabled_at: Date | null }>(
      'SELECT id, status, totp_secret, totp_enabled_at FROM users WHERE id = $1', [pending.user_id]);
    if (!row) throw expired();
    if (row.status === 'disabled') {
      await ctx.db.query('DELETE FROM oidc_second_steps WHERE id = $1', [stepId]);
      reply.clearCookie(SECOND_STEP_COOKIE, { path: COOKIE_PATH });
      throw forbidden('USER_DISABLED', OIDC_MESSAGES.USER_DISABLED);
    }
    // The code is guessed against the same per-account limits and lockout as a password sign-in.
    const limits = signinLimitSettings(ctx);
    const attempt = { account: accountKey(row.id, ''), address: request.ip };
    await admitSignin(ctx.db, ctx.clock, limits, attempt);
    const session = await ctx.db.tx(async (sql) => {
      // Single use: the step is taken in the transaction that starts the session. A second request with the same
      // cookie waits for this row and then finds it gone; a wrong code rolls back, and the step stays usable.
      const taken = await sql.query('DELETE FROM oidc_second_steps WHERE id = $1 AND expires_at > $2 RETURNING id', [stepId, now]);
      if (taken.length === 0) throw expired();
      const factor = await checkSecondFactor(sql, row, { totp, recoveryCode }, now);
      await recordSigninSuccess(sql, attempt);
      const how = factor === 'none' ? 'oidc' : `oidc+${factor}`;
      return startSession(sql, ctx, request, row.id, { via: 'oidc', with: how, issuer: pending.issuer, account: 'linked' });
    }).catch(async (err: unknown) => {
      if (isWrongSecondFactor(err)) await ctx.db.tx((sql) => recordSigninFailure(sql, ctx.clock, ctx.config.publicUrl, limits, attempt, row.id));
      throw err;
    });
    reply.clearCookie(SECOND_STEP_COOKIE, { path: COOKIE_PATH });
    setSessionCookie(reply, ctx, session);
    const loaded = await loadCallerUser(ctx.db, row.id);
    return { user: loaded!.user, returnTo: safeReturnTo(pending.return_to) };
  });
}

const sameSettings = (a: OidcSettings, b: OidcSettings) =>
  a.issuer === b.issuer && a.clientId === b.clientId && a.clientSecret === b.clientSecret && a.scopes === b.scopes
  && a.displayName === b.displayName && a.allowSignup === b.allowSignup;

/** Two first sign-ins of one person at once (two tabs) collide on a unique index; the second try finds the account. */
async function withRetryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return fn();
    throw err;
  }
}
