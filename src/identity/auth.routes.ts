import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { forbidden, Problem, unauthenticated } from '../infra/problem.js';
import { loadCallerUser, requireUser, USER_DISABLED_MESSAGE } from './caller.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { checkSecondFactor, isWrongSecondFactor, setSessionCookie, startSession } from './signin.js';
import { accountKey, admitSignin, recordSigninFailure, recordSigninSuccess, signinLimitSettings } from './signinlimits.js';
import { SESSION_COOKIE } from './authenticate.js';
import { MeSchema } from './schemas.js';

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totp: Type.Optional(Type.String({ maxLength: 12, description: 'The 6-digit code, when 2FA is enabled' })),
    recoveryCode: Type.Optional(Type.String({ maxLength: 64, description: 'A one-time recovery code instead of the 6-digit code' })),
  },
  { additionalProperties: false },
);

const INVALID_CREDENTIALS = 'Wrong username or password.';

export function authRoutes(app: Http, ctx: AppContext): void {
  // Compared against when the username is unknown, so that both cases take the same time.
  const dummyHash = hashPassword('not-a-password-of-anyone', ctx.config.passwordHashLog2N);

  const limits = signinLimitSettings(ctx);

  app.post('/api/v1/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with a password (and a TOTP or recovery code when 2FA is enabled); sets the session cookie',
      security: [],
      body: LoginBody,
      response: { 200: Type.Object({ user: MeSchema }) },
    },
  }, async (request, reply) => {
    const { username, password, totp, recoveryCode } = request.body;
    const row = await ctx.db.maybeOne<{ id: number; password_hash: string | null; status: string; totp_secret: string | null; totp_enabled_at: Date | null }>(
      'SELECT id, password_hash, status, totp_secret, totp_enabled_at FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($1)',
      [username.trim()],
    );
    // Limits per account and per address, shared by every process (signinlimits.ts), before any password is checked.
    const attempt = { account: accountKey(row?.id ?? null, username), address: request.ip };
    await admitSignin(ctx.db, ctx.clock, limits, attempt);
    const failed = async (problem: Problem) => {
      await ctx.db.tx((sql) => recordSigninFailure(sql, ctx.clock, ctx.config.publicUrl, limits, attempt, row?.id ?? null));
      return problem;
    };
    const ok = row?.password_hash
      ? await verifyPassword(password, row.password_hash)
      : (await verifyPassword(password, await dummyHash), false);
    if (!row || !ok) throw await failed(unauthenticated(INVALID_CREDENTIALS, 'INVALID_CREDENTIALS'));
    if (row.status === 'disabled') throw forbidden('USER_DISABLED', USER_DISABLED_MESSAGE);
    const session = await ctx.db.tx(async (sql) => {
      const factor = await checkSecondFactor(sql, row, { totp, recoveryCode }, ctx.clock.now());
      await recordSigninSuccess(sql, attempt);
      return startSession(sql, ctx, request, row.id, { with: factor === 'none' ? 'password' : `password+${factor}` });
    }).catch(async (err: unknown) => {
      // A wrong code counts like a wrong password; asking for the code (TOTP_REQUIRED) does not.
      throw isWrongSecondFactor(err) ? await failed(err) : err;
    });
    setSessionCookie(reply, ctx, session);
    const loaded = await loadCallerUser(ctx.db, row.id);
    return { user: loaded!.user };
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out: ends the session of the cookie', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    if (request.caller.sessionId) await ctx.db.query('DELETE FROM sessions WHERE id = $1', [request.caller.sessionId]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.status(204).send(null);
  });

  app.get('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: MeSchema } },
  }, async (request) => requireUser(request, { allowWithoutTerms: true }));
}
