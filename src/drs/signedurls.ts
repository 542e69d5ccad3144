import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { forbidden, Problem } from '../infra/problem.js';
import { loadCallerUser, USER_DISABLED_MESSAGE } from '../identity/caller.js';
import { downloadTarget, writeDownloadRecords, type Client } from '../entities/downloads.js';

/**
 * DRS access URLs (GA4GH DRS `AccessURL`): Gatehouse's own download route, GET /api/v1/entities/{id}/download,
 * with `version` and a `signature` query parameter. The signature is a JWT (HS256) naming the user it was issued
 * to, the file and the version, and expiring DRS_ACCESS_URL_TTL_SECONDS after issue (5 minutes by default).
 *
 * Whoever holds the URL downloads as that user, without a bearer token, until it expires. It is not a grant: the
 * download route takes the DOWNLOAD decision again when the URL is used, so an access removed after the URL was
 * issued is not served (SPEC §1.3), and the download is recorded and counted as egress as every other one is
 * (its record says client_kind 'drs').
 */

const AUDIENCE = 'gatehouse:drs-access-url';
const ANONYMOUS_SUBJECT = 'anonymous';

export interface AccessGrant {
  /** Null: issued to an anonymous caller (open data). */
  userId: number | null;
  entityId: number;
  version: number;
}

/**
 * The signing key: DRS_SIGNING_KEY, or the one kept in the database, made by the first process that signs. Checking
 * a signature never makes one (a server that never signed has nothing to check against), so a refused download
 * writes nothing.
 */
const keys = new WeakMap<AppContext, Uint8Array>();

/** Cached once found; not while missing, as another process may make it at any time. */
async function signingKey(ctx: AppContext, make: boolean): Promise<Uint8Array | null> {
  const cached = keys.get(ctx);
  if (cached) return cached;
  const key = await loadKey(ctx, make);
  if (key) keys.set(ctx, key);
  return key;
}

async function loadKey(ctx: AppContext, make: boolean): Promise<Uint8Array | null> {
  if (ctx.config.drsSigningKey) return new Uint8Array(Buffer.from(ctx.config.drsSigningKey, 'base64'));
  if (make) {
    await ctx.db.query(
      'INSERT INTO drs_signing_key (id, secret, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING',
      [randomBytes(32).toString('base64'), ctx.clock.now()],
    );
  }
  const row = await ctx.db.maybeOne<{ secret: string }>('SELECT secret FROM drs_signing_key WHERE id = 1');
  return row ? new Uint8Array(Buffer.from(row.secret, 'base64')) : null;
}

/** The signature for a download of the version by the user, and when it expires. */
export async function signAccess(ctx: AppContext, grant: AccessGrant): Promise<{ signature: string; expiresAt: Date }> {
  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  const exp = now + ctx.config.drsAccessUrlTtlSeconds;
  const signature = await new SignJWT({ ent: grant.entityId, ver: grant.version })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(grant.userId === null ? ANONYMOUS_SUBJECT : String(grant.userId))
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign((await signingKey(ctx, true))!);
  return { signature, expiresAt: new Date(exp * 1000) };
}

/** The URL a DRS client fetches the bytes from. */
export function accessUrl(publicUrl: string, entityId: number, version: number, signature: string): string {
  return `${publicUrl}/api/v1/entities/${formatEntityId(entityId)}/download?version=${version}&signature=${encodeURIComponent(signature)}`;
}

const invalid = (detail: string) => forbidden('ACCESS_URL_INVALID', detail);

/**
 * The caller a signed download URL stands for, once its signature, audience, expiry and target are checked. A
 * problem (403) for an altered, foreign or expired URL, one for another file or version, or one whose user has
 * since been disabled.
 */
export async function verifyAccess(
  ctx: AppContext, signature: string, entityId: number, version: number | undefined, client: Client,
): Promise<{ id: number; acceptedTerms: boolean } | null> {
  const key = await signingKey(ctx, false);
  if (!key) throw invalid('This signed download URL is not valid: this server has never signed one. Ask the DRS service for a new one.');
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(signature, key, {
      algorithms: ['HS256'], audience: AUDIENCE, currentDate: ctx.clock.now(), requiredClaims: ['exp', 'sub'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      const exp = typeof err.payload.exp === 'number' ? new Date(err.payload.exp * 1000).toISOString() : 'an earlier time';
      // The signature is good: the attempt is the named user's, and recorded as their refused download.
      const userId = /^\d+$/.test(err.payload.sub ?? '') ? Number(err.payload.sub) : null;
      if (err.payload.ent === entityId && version !== undefined && err.payload.ver === version) await recordExpired(ctx, userId, entityId, version, client);
      throw forbidden('ACCESS_URL_EXPIRED',
        `This download URL expired at ${exp}. Ask the DRS service for a new one: GET /ga4gh/drs/v1/objects/${formatEntityId(entityId)}.${version ?? 1}/access/https.`,
        { expiredAt: exp });
    }
    if (err instanceof Problem) throw err;
    throw invalid('This signed download URL is not valid: it was altered, cut short, or signed by another server. Ask the DRS service for a new one.');
  }
  if (claims.ent !== entityId || claims.ver !== version) {
    throw invalid(`This signed download URL is for ${formatEntityId(Number(claims.ent))} version ${String(claims.ver)}, not for the file and version asked for.`);
  }
  if (claims.sub === ANONYMOUS_SUBJECT) return null;
  const loaded = /^\d+$/.test(claims.sub ?? '') ? await loadCallerUser(ctx.db, Number(claims.sub)) : null;
  if (!loaded) throw invalid('This signed download URL names a user who does not exist.');
  if (loaded.disabled) throw forbidden('USER_DISABLED', USER_DISABLED_MESSAGE);
  return { id: loaded.user.id, acceptedTerms: loaded.user.acceptedTerms };
}

/** A download refused because its URL expired: a denied record, as any refused download leaves (SPEC §11). */
async function recordExpired(ctx: AppContext, userId: number | null, entityId: number, version: number, client: Client): Promise<void> {
  const target = await downloadTarget(ctx.db, entityId, version);
  if (!target) return;
  await writeDownloadRecords(ctx.db, ctx.clock.now(), [{
    userId, entityId, version, blobId: target.blobId, md5: target.md5, bytes: 0, projectId: target.projectId,
    client: client.userAgent, clientKind: client.kind, result: 'denied', rule: 'ACCESS_URL_EXPIRED',
  }]);
}
