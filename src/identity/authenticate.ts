import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { forbidden, unauthenticated } from '../infra/problem.js';
import { anonymousCaller, loadCallerUser, USER_DISABLED_MESSAGE, type Caller } from './caller.js';
import { secretHash, TOKEN_PREFIX } from './secrets.js';
import { DISABLED_REVOKE_REASON } from './admin.js';
import { requestScope } from '../infra/requestscope.js';
import { CallerCache, sessionKey, tokenKey, type CachedCaller } from './callercache.js';

export const SESSION_COOKIE = 'gh_session';

/** A token's last use is written at most this often per process (the token list shows it to the minute). */
const LAST_USED_WRITE_MS = 60_000;

/**
 * Resolves every request's caller from the session cookie or a bearer token. A bad or expired bearer
 * token is a 401 (a script should stop, not silently act as anonymous); a stale cookie is ignored.
 * A disabled account is refused on every call.
 *
 * A request with a credential first syncs the decision index (docs/adr/0007); the caller then comes from a cache
 * that the same change log keeps current (docs/adr/0011). The request's decisions reuse that sync: it started
 * after the request arrived (src/infra/requestscope.ts).
 */
export function registerAuthentication(app: Http, ctx: AppContext): void {
  const cache = new CallerCache();
  const lastUsedWrite = new Map<number, number>();
  ctx.decisions.index.onChange((change) => cache.apply(change));
  app.decorateRequest('caller', null as unknown as Caller);
  app.addHook('onRequest', async (request) => {
    request.caller = anonymousCaller;
    const resolved = await resolve(request, ctx, cache, lastUsedWrite);
    if (!resolved) return;
    if (resolved.disabled) throw forbidden('USER_DISABLED', USER_DISABLED_MESSAGE);
    request.caller = resolved.caller;
  });
}

async function resolve(request: FastifyRequest, ctx: AppContext, cache: CallerCache, lastUsedWrite: Map<number, number>): Promise<CachedCaller | null> {
  const header = request.headers.authorization;
  const cookie = header ? undefined : request.cookies[SESSION_COOKIE];
  if (!header && !cookie) return null;
  let token: string | undefined;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !match[1].startsWith(TOKEN_PREFIX)) {
      throw unauthenticated('The Authorization header must be "Bearer gh_pat_…" with a personal access token.', 'BAD_TOKEN');
    }
    token = match[1];
  }
  await ctx.decisions.index.sync(requestScope.getStore()?.arrivedAt);
  const now = ctx.clock.now();
  const hash = secretHash(token ?? cookie!);
  const key = token ? tokenKey(hash) : sessionKey(hash);
  const startedAt = cache.begin();
  let entry = cache.get(key, now.getTime());
  if (!entry) {
    const found = token ? await lookUpToken(ctx, hash, now) : await lookUpSession(ctx, hash, now);
    if (!found) return null;
    entry = found;
    cache.put(key, entry, startedAt);
  }
  if (entry.tokenId !== undefined && now.getTime() - (lastUsedWrite.get(entry.tokenId) ?? 0) >= LAST_USED_WRITE_MS) {
    lastUsedWrite.set(entry.tokenId, now.getTime());
    await ctx.db.query(
      `UPDATE access_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
      [entry.tokenId, now],
    );
  }
  return entry;
}

async function lookUpToken(ctx: AppContext, hash: string, now: Date): Promise<CachedCaller> {
  const token = await ctx.db.maybeOne<{ id: number; user_id: number; expires_at: Date; revoked_at: Date | null; revoked_reason: string | null; runtime_id: number | string | null }>(
    'SELECT id, user_id, expires_at, revoked_at, revoked_reason, runtime_id FROM access_tokens WHERE token_hash = $1',
    [hash],
  );
  if (!token) throw unauthenticated('This access token is not valid.', 'BAD_TOKEN');
  const loaded = await loadCallerUser(ctx.db, token.user_id);
  if (!loaded) throw unauthenticated('This access token is not valid.', 'BAD_TOKEN');
  if (token.revoked_at) {
    // Revoked by disabling the account (docs/adr/0009): "User is disabled." while it is, then revoked for good.
    if (token.revoked_reason === DISABLED_REVOKE_REASON && loaded.disabled) throw forbidden('USER_DISABLED', USER_DISABLED_MESSAGE);
    throw unauthenticated(token.revoked_reason === DISABLED_REVOKE_REASON
      ? `This access token was revoked when the account was disabled on ${token.revoked_at.toISOString().slice(0, 10)}. Create a new one.`
      : 'This access token has been revoked.', 'TOKEN_REVOKED');
  }
  if (token.expires_at <= now) throw unauthenticated('This access token has expired.', 'TOKEN_EXPIRED');
  return {
    caller: { user: loaded.user, principals: loaded.principals, via: 'token', ...(token.runtime_id === null ? {} : { runtimeId: Number(token.runtime_id) }) },
    disabled: loaded.disabled,
    userId: token.user_id,
    expiresAt: token.expires_at.getTime(),
    tokenId: token.id,
  };
}

async function lookUpSession(ctx: AppContext, sessionId: string, now: Date): Promise<CachedCaller | null> {
  const session = await ctx.db.maybeOne<{ user_id: number; expires_at: Date }>(
    'SELECT user_id, expires_at FROM sessions WHERE id = $1',
    [sessionId],
  );
  if (!session || session.expires_at <= now) return null;
  const loaded = await loadCallerUser(ctx.db, session.user_id);
  if (!loaded) return null;
  return {
    caller: { user: loaded.user, principals: loaded.principals, via: 'session', sessionId },
    disabled: loaded.disabled,
    userId: session.user_id,
    expiresAt: session.expires_at.getTime(),
  };
}
