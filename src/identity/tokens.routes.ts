import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { badRequest, notFound } from '../infra/problem.js';
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
});

interface TokenRow {
  id: number;
  name: string;
  token_prefix: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
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
  });

  app.get('/api/v1/tokens', {
    schema: { tags: ['tokens'], summary: 'My personal access tokens (never the secret)', response: { 200: Type.Object({ items: Type.Array(TokenSchema) }) } },
  }, async (request) => {
    const user = requireUser(request, { allowWithoutTerms: true });
    const rows = await ctx.db.query<TokenRow>(
      'SELECT id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at FROM access_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC',
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
    const row = await ctx.db.tx(async (sql) => {
      const created = await sql.one<TokenRow>(
        `INSERT INTO access_tokens (user_id, name, token_hash, token_prefix, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at`,
        [user.id, name, secretHash(secret), secret.slice(0, TOKEN_PREFIX.length + 4), now, expires],
      );
      await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'token.created', targetType: 'token', targetId: created.id, details: { name, expiresAt: expires.toISOString() } });
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
         RETURNING id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at`,
        [id, user.id, ctx.clock.now()],
      );
      if (!row) throw notFound(`You have no token ${id}.`);
      await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'token.revoked', targetType: 'token', targetId: id });
      return view(row);
    });
  });
}
