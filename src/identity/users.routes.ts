import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import type { Sql } from '../infra/db.js';
import { ACT_TEAM, ADMIN_TEAM, GOVERNANCE_TEAM, SECURITY_TEAM, parseId } from '../infra/ids.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { conflict, notFound } from '../infra/problem.js';
import { disableUser, enableUser, resetTwoFactor, setRole } from './admin.js';
import { unlockSignin } from './signinlimits.js';
import { requireAdmin, requireUser } from './caller.js';
import { createUser } from './users.js';

const UserSummarySchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  isCertified: Type.Boolean(),
  isValidated: Type.Boolean(),
  // Only for admins:
  email: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  isAdmin: Type.Optional(Type.Boolean()),
  isAct: Type.Optional(Type.Boolean()),
  isSecurity: Type.Optional(Type.Boolean({ description: 'Security Engineer' })),
  isGovernance: Type.Optional(Type.Boolean({ description: 'Director of Governance' })),
  twoFactorEnabled: Type.Optional(Type.Boolean()),
  createdAt: Type.Optional(Type.String({ format: 'date-time' })),
  disabledReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  disabledAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the account was disabled; null while active' })),
  disabledBy: Type.Optional(Type.Union([Type.Object({ id: Type.Integer(), username: Type.String() }), Type.Null()], { description: 'The admin who disabled the account; null while active or when disabled by the system' })),
  signinLockedUntil: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Set while sign-in is locked after failed attempts' })),
}, { description: 'A user; email, status, roles, 2FA, creation, disabled reason and sign-in lockout are shown to admins only' });

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  is_certified: boolean;
  is_validated: boolean;
  email: string;
  status: 'active' | 'disabled';
  is_admin: boolean;
  is_act: boolean;
  is_security: boolean;
  is_governance: boolean;
  totp_enabled_at: Date | null;
  created_at: Date;
  disabled_reason: string | null;
  disabled_at: Date | null;
  disabled_by: number | null;
  disabled_by_username: string | null;
  locked_until: Date | null;
}

const SELECT = `SELECT u.id, u.username, u.display_name, u.is_certified, u.is_validated, u.email, u.status, u.totp_enabled_at, u.created_at,
                       u.disabled_reason, u.disabled_at, u.disabled_by,
                       (SELECT d.username FROM users d WHERE d.id = u.disabled_by) AS disabled_by_username,
                       (SELECT l.locked_until FROM signin_limits l WHERE l.scope = 'account' AND l.key = 'user:' || u.id AND l.locked_until IS NOT NULL) AS locked_until,
                       EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = ${ADMIN_TEAM} AND m.user_id = u.id) AS is_admin,
                       EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = ${ACT_TEAM} AND m.user_id = u.id) AS is_act,
                       EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = ${SECURITY_TEAM} AND m.user_id = u.id) AS is_security,
                       EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = ${GOVERNANCE_TEAM} AND m.user_id = u.id) AS is_governance
                FROM users u`;

const summary = (r: UserRow, forAdmin: boolean, now: Date) => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  isCertified: r.is_certified,
  isValidated: r.is_validated,
  ...(forAdmin
    ? {
      email: r.email,
      status: r.status,
      isAdmin: r.is_admin,
      isAct: r.is_act,
      isSecurity: r.is_security,
      isGovernance: r.is_governance,
      twoFactorEnabled: r.totp_enabled_at !== null,
      createdAt: r.created_at.toISOString(),
      disabledReason: r.disabled_reason,
      disabledAt: r.disabled_at ? r.disabled_at.toISOString() : null,
      disabledBy: r.disabled_by === null ? null : { id: Number(r.disabled_by), username: r.disabled_by_username ?? '' },
      signinLockedUntil: r.locked_until && r.locked_until > now ? r.locked_until.toISOString() : null,
    }
    : {}),
});

async function loadSummary(sql: Sql, id: number, forAdmin: boolean, now: Date) {
  const row = await sql.maybeOne<UserRow>(`${SELECT} WHERE u.id = $1`, [id]);
  if (!row) throw notFound(`There is no user ${id}.`);
  return summary(row, forAdmin, now);
}

const IdParams = Type.Object({ id: Type.String() });
const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 2000, description: 'Why; recorded in the audit log' }) }, { additionalProperties: false });

export function userRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/users', {
    schema: {
      tags: ['users'],
      summary: 'Find users by the start of their username, of a word of their name, or by email',
      description: 'Everyone finds users by a whole email address; admins also by its start, and see more about each user.',
      querystring: Type.Object({
        ...PageQuery,
        q: Type.Optional(Type.String({ maxLength: 200 })),
        status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')], { description: 'Admins only' })),
      }),
      response: { 200: Page(UserSummarySchema) },
    },
  }, async (request) => {
    const caller = requireUser(request);
    const q = request.query;
    const term = q.q?.trim().toLowerCase() || null;
    // Email prefixes are for admins: anyone else could learn addresses by trying prefixes.
    const where = `($1::text IS NULL OR starts_with(lower(u.username), $1) OR starts_with(lower(u.display_name), $1)
                     OR position(' ' || $1 IN lower(u.display_name)) > 0
                     OR CASE WHEN $2::boolean THEN starts_with(lower(u.email), $1) ELSE lower(u.email) = $1 END)
                   AND ($3::text IS NULL OR u.status = $3)`;
    const params = [term, caller.isAdmin, caller.isAdmin ? q.status ?? null : null];
    const rows = await ctx.db.query<UserRow>(`${SELECT} WHERE ${where} ORDER BY lower(u.username) LIMIT $4 OFFSET $5`,
      [...params, q.limit ?? 50, q.offset ?? 0]);
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM users u WHERE ${where}`, params);
    return pageOf(rows.map((r) => summary(r, caller.isAdmin, ctx.clock.now())), count, q);
  });

  app.get('/api/v1/users/:id', {
    schema: { tags: ['users'], summary: 'One user', params: IdParams, response: { 200: UserSummarySchema } },
  }, async (request) => {
    const caller = requireUser(request);
    return loadSummary(ctx.db, parseId(request.params.id, 'user id'), caller.isAdmin, ctx.clock.now());
  });

  app.post('/api/v1/users', {
    schema: {
      tags: ['users'],
      summary: 'Create a user account (admins); the user accepts the terms of use at first sign-in',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 40 }),
        email: Type.String({ minLength: 1, maxLength: 254 }),
        displayName: Type.Optional(Type.String({ maxLength: 200 })),
        password: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 201: UserSummarySchema },
    },
  }, async (request, reply) => {
    const admin = requireAdmin(request);
    const id = await ctx.db.tx((sql) => createUser(sql, ctx.clock, request.body, { actorId: admin.id, passwordHashLog2N: ctx.config.passwordHashLog2N }));
    reply.status(201);
    return loadSummary(ctx.db, id, true, ctx.clock.now());
  });

  app.post('/api/v1/users/:id/disable', {
    schema: {
      tags: ['users'],
      summary: 'Disable an account (admins): every later call of the user is refused',
      params: IdParams, body: ReasonBody, response: { 200: UserSummarySchema },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    const id = parseId(request.params.id, 'user id');
    return ctx.db.tx(async (sql) => {
      await disableUser(sql, ctx.clock, id, admin.id, request.body.reason);
      return loadSummary(sql, id, true, ctx.clock.now());
    });
  });

  app.post('/api/v1/users/:id/enable', {
    schema: {
      tags: ['users'],
      summary: 'Enable a disabled account again (admins); its earlier sessions end and its access tokens stay revoked: the user signs in anew and creates new tokens',
      params: IdParams, body: ReasonBody, response: { 200: UserSummarySchema },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    const id = parseId(request.params.id, 'user id');
    return ctx.db.tx(async (sql) => {
      await enableUser(sql, ctx.clock, id, admin.id, request.body.reason);
      return loadSummary(sql, id, true, ctx.clock.now());
    });
  });

  app.post('/api/v1/users/:id/unlock-signin', {
    schema: {
      tags: ['users'],
      summary: 'Lift the sign-in lockout of an account after failed attempts (admins)',
      params: IdParams, response: { 200: Type.Object({ unlocked: Type.Boolean({ description: 'False when the account was not locked' }) }) },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    const id = parseId(request.params.id, 'user id');
    return ctx.db.tx(async (sql) => {
      await loadSummary(sql, id, true, ctx.clock.now());
      return { unlocked: await unlockSignin(sql, ctx.clock, id, admin.id) };
    });
  });

  app.post('/api/v1/users/:id/reset-2fa', {
    schema: {
      tags: ['users'],
      summary: 'Remove two-factor authentication of a user who lost their device and recovery codes (admins)',
      params: IdParams, response: { 200: UserSummarySchema },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    const id = parseId(request.params.id, 'user id');
    return ctx.db.tx(async (sql) => {
      await resetTwoFactor(sql, ctx.clock, id, admin.id);
      return loadSummary(sql, id, true, ctx.clock.now());
    });
  });

  app.put('/api/v1/users/:id/roles', {
    schema: {
      tags: ['users'],
      summary: 'Set whether a user is a platform admin, an ACT member, a Security Engineer and a Director of Governance (admins)',
      description: 'security and governance may be left out: they then stay as they are.',
      params: IdParams,
      body: Type.Object({
        admin: Type.Boolean(), act: Type.Boolean(),
        security: Type.Optional(Type.Boolean({ description: 'Security Engineer' })),
        governance: Type.Optional(Type.Boolean({ description: 'Director of Governance' })),
      }, { additionalProperties: false }),
      response: { 200: UserSummarySchema },
    },
  }, async (request) => {
    const admin = requireAdmin(request);
    const id = parseId(request.params.id, 'user id');
    return ctx.db.tx(async (sql) => {
      const before = await loadSummary(sql, id, true, ctx.clock.now());
      if (id === admin.id && !request.body.admin) {
        throw conflict('CANNOT_REMOVE_OWN_ADMIN', 'You cannot remove your own admin role; ask another admin.');
      }
      if (before.isAdmin !== request.body.admin) await setRole(sql, ctx.clock, id, 'admin', request.body.admin, admin.id);
      if (before.isAct !== request.body.act) await setRole(sql, ctx.clock, id, 'act', request.body.act, admin.id);
      const { security, governance } = request.body;
      if (security !== undefined && before.isSecurity !== security) await setRole(sql, ctx.clock, id, 'security', security, admin.id);
      if (governance !== undefined && before.isGovernance !== governance) await setRole(sql, ctx.clock, id, 'governance', governance, admin.id);
      return loadSummary(sql, id, true, ctx.clock.now());
    });
  });
}
