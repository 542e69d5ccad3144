import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { badRequest, conflict, notFound } from '../infra/problem.js';
import { parseId } from '../infra/ids.js';
import { appendAudit } from '../auditlog/log.js';
import { requireUser } from './caller.js';
import { newSecret, secretHash, TOKEN_PREFIX } from './secrets.js';

const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  state: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  runtimeId: Type.Union([Type.Integer(), Type.Null()], { description: 'The runtime the token was made for: its downloads count as that runtime\'s egress' }),
});

interface TokenRow {
  id: number;
  name: string;
  token_prefix: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  runtime_id: number | string | null;
}

const MAX_DAYS = 366;

export function tokenRoutes(app: Http, ctx: AppContext): void {
  const view = (row: TokenRow) => ({
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    state: row.revoked_at ? 'revoked' as const : row.expires_at <= ctx.clock.now() ? 'expired' as const : 'active' as const,
    runtimeId: row.runtime_id === null ? null : Number(row.runtime_id),
  });

  app.get('/api/v1/tokens', {
    schema: { tags: ['tokens'], summary: 'My personal access tokens (never the secret)', response: { 200: Type.Object({ items: Type.Array(TokenSchema) }) } },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const rows = await ctx.db.query<TokenRow>(
      'SELECT id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at, runtime_id FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC',
      [user.id],
    );
    return { items: rows.map(view) };
  });

  app.post('/api/v1/tokens', {
    schema: {
      tags: ['tokens'],
      summary: 'Create a personal access token; the secret is in this answer only',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DAYS, default: 90 })),
        runtimeId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'One of my running runtimes, to give the token to' })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ token: Type.String({ description: 'Shown once; use as "Authorization: Bearer <token>"' }), details: TokenSchema }) },
    },
  }, async (request, reply) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const name = request.body.name.trim();
    if (!name) throw badRequest('VALIDATION_FAILED', 'Give the token a name, so that you can recognise it later.');
    const secret = TOKEN_PREFIX + newSecret();
    const now = ctx.clock.now();
    const expires = new Date(now.getTime() + (request.body.expiresInDays ?? 90) * 86_400_000);
    const runtimeId = request.body.runtimeId ?? null;
    const row = await ctx.db.tx(async (sql) => {
      if (runtimeId !== null) {
        const runtime = await sql.maybeOne<{ status: string }>('SELECT status FROM runtimes WHERE id = $1 AND user_id = $2', [runtimeId, user.id]);
        if (!runtime) throw notFound(`You have no runtime ${runtimeId}.`, 'RUNTIME_NOT_FOUND');
        if (runtime.status !== 'running') throw conflict('RUNTIME_NOT_RUNNING', `Runtime ${runtimeId} is ${runtime.status.replace('_', ' ')}; a token can be made only for a running runtime.`);
      }
      const created = await sql.one<TokenRow>(
        `INSERT INTO access_tokens (user_id, name, token_hash, token_prefix, created_at, expires_at, runtime_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at, runtime_id`,
        [user.id, name, secretHash(secret), secret.slice(0, TOKEN_PREFIX.length + 4), now, expires, runtimeId],
      );
      await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'token.created', targetType: 'token', targetId: created.id, details: { name, expiresAt: expires.toISOString(), runtimeId } });
      return created;
    });
    reply.status(201);
    return { token: secret, details: view(row) };
  });

  app.delete('/api/v1/tokens/:id', {
    schema: {
      tags: ['tokens'],
      summary: 'Revoke one of my tokens; it stops working at once',
      params: Type.Object({ id: Type.String() }),
      response: { 200: TokenSchema },
    },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const id = parseId(request.params.id, 'token id');
    return ctx.db.tx(async (sql) => {
      const row = await sql.maybeOne<TokenRow>(
        `UPDATE access_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND user_id = $2
         RETURNING id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at, runtime_id`,
        [id, user.id, ctx.clock.now()],
      );
      if (!row) throw notFound(`You have no token ${id}.`);
      await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'token.revoked', targetType: 'token', targetId: id });
      return view(row);
    });
  });
}
