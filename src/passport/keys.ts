import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { conflict, Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { secretBox, type SecretBox } from '../egress/secretbox.js';
import { loadOrCreateKey } from '../infra/keyfile.js';

/**
 * The ES256 keys that sign visas and passports (docs/adr/0022). One approach for every deployment: the keys
 * live in the table visa_signing_keys, so every process of a deployment on one PostgreSQL signs with the same
 * key and publishes the same JWKS. The private half is sealed with AES-256-GCM (src/egress/secretbox.ts) under
 * the visa key-encryption key: VISA_KEY_ENCRYPTION_KEY (the same on every process), else DATA_DIR/keys/visa-kek.key
 * (mode 0600), made on first start. With VISA_SIGNING_KEY_FILE, the operator's private JWK signs instead, and the
 * table holds only its public half.
 *
 * Exactly one key signs (a partial unique index); rotating retires it and makes a new one. A retired key stays in
 * /.well-known/jwks.json until the last thing it signed expires (last_expires_at, raised at every signing).
 */

export const VISA_ALG = 'ES256';

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

export interface VisaKeyInfo {
  kid: string;
  source: 'generated' | 'file';
  state: 'signing' | 'published' | 'expired';
  createdAt: string;
  retiredAt: string | null;
  /** Until when the key is listed in the JWKS: null while it signs. */
  publishedUntil: string | null;
}

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_jwk_sealed: string | null;
  source: 'generated' | 'file';
  created_at: Date;
  retired_at: Date | null;
  last_expires_at: Date | null;
}

/** Per application: imported private keys by kid, the sealing box, the configured key file. */
interface KeyCache {
  privateKeys: Map<string, CryptoKey>;
  box?: SecretBox;
  fileKey?: { kid: string; publicJwk: JWK; key: CryptoKey };
}
const caches = new WeakMap<AppContext, KeyCache>();
const cacheOf = (ctx: AppContext) => {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = { privateKeys: new Map() }));
  return cache;
};

export function loadVisaKek(configured: string | null, dataDir: string): Buffer {
  return loadOrCreateKey('VISA_KEY_ENCRYPTION_KEY', configured, path.join(dataDir, 'keys', 'visa-kek.key'));
}

const boxOf = (ctx: AppContext) => {
  const cache = cacheOf(ctx);
  return (cache.box ??= secretBox(loadVisaKek(ctx.config.visaKeyEncryptionKey, ctx.config.dataDir)));
};

const publicPart = (jwk: JWK, kid: string): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: VISA_ALG, use: 'sig' });

/** The operator's key from VISA_SIGNING_KEY_FILE: a private EC P-256 JWK; its kid is its own or its thumbprint. */
async function readKeyFile(file: string): Promise<{ kid: string; publicJwk: JWK; key: CryptoKey }> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (err) {
    throw new Error(`VISA_SIGNING_KEY_FILE ${file} is not readable JSON: ${(err as Error).message}`);
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) {
    throw new Error(`VISA_SIGNING_KEY_FILE ${file} must hold a private EC P-256 JWK (kty "EC", crv "P-256", with "d") for ES256.`);
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  const key = (await importJWK({ ...jwk, alg: VISA_ALG }, VISA_ALG)) as CryptoKey;
  return { kid, publicJwk: publicPart(jwk, kid), key };
}

async function newKeyRow(): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK; key: CryptoKey }> {
  const { privateKey } = await generateKeyPair(VISA_ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return { kid, publicJwk: publicPart(privateJwk, kid), privateJwk: { ...privateJwk, kid, alg: VISA_ALG }, key: privateKey };
}

/** The key that signs now: the configured file's, or the table's active one (made on first use). */
export async function signingKey(ctx: AppContext): Promise<SigningKey> {
  const cache = cacheOf(ctx);
  if (ctx.config.visaSigningKeyFile) {
    await ensureSigningKey(ctx);
    const file = cache.fileKey!;
    return { kid: file.kid, key: file.key };
  }
  const row = await ensureSigningKey(ctx);
  return { kid: row.kid, key: await privateKeyOf(ctx, row) };
}

/**
 * Makes sure a key signs, without opening it: the configured file's key registered, or a generated one (first
 * start, or the key file was taken out of the configuration). The JWKS calls it too, so it is never empty.
 */
export async function ensureSigningKey(ctx: AppContext): Promise<KeyRow> {
  const cache = cacheOf(ctx);
  if (ctx.config.visaSigningKeyFile) {
    const file = (cache.fileKey ??= await readKeyFile(ctx.config.visaSigningKeyFile));
    await registerFileKey(ctx, file.kid, file.publicJwk);
    return (await activeRow(ctx.db))!;
  }
  const row = await activeRow(ctx.db);
  if (row && row.source !== 'file') return row;
  const made = await newKeyRow();
  await ctx.db.tx(async (sql) => {
    const current = await sql.maybeOne<{ kid: string; source: string }>('SELECT kid, source FROM visa_signing_keys WHERE retired_at IS NULL FOR UPDATE');
    if (current && current.source !== 'file') return; // another process made one meanwhile
    if (current) await sql.query('UPDATE visa_signing_keys SET retired_at = $2 WHERE kid = $1', [current.kid, ctx.clock.now()]);
    const inserted = await sql.query(
      `INSERT INTO visa_signing_keys (kid, public_jwk, private_jwk_sealed, source, created_at) VALUES ($1, $2, $3, 'generated', $4)
       ON CONFLICT DO NOTHING RETURNING kid`,
      [made.kid, JSON.stringify(made.publicJwk), boxOf(ctx).seal(JSON.stringify(made.privateJwk)), ctx.clock.now()],
    );
    if (inserted.length) {
      await appendAudit(sql, ctx.clock, { actorId: null, action: 'visa-key.created', targetType: 'visa-key', targetId: made.kid, details: { retiredKid: current?.kid ?? null } });
    }
  });
  const active = await activeRow(ctx.db);
  if (!active) throw new Problem(503, 'VISA_KEY_UNAVAILABLE', 'No visa signing key could be made; try again in a moment.');
  return active;
}

async function activeRow(sql: Sql): Promise<KeyRow | null> {
  return sql.maybeOne<KeyRow>('SELECT * FROM visa_signing_keys WHERE retired_at IS NULL');
}

async function privateKeyOf(ctx: AppContext, row: KeyRow): Promise<CryptoKey> {
  const cache = cacheOf(ctx);
  const cached = cache.privateKeys.get(row.kid);
  if (cached) return cached;
  const opened = row.private_jwk_sealed ? boxOf(ctx).open(row.private_jwk_sealed) : null;
  if (!opened) {
    ctx.log.error({ kid: row.kid }, 'the visa signing key cannot be decrypted: is VISA_KEY_ENCRYPTION_KEY the same on every process?');
    throw new Problem(503, 'VISA_KEY_UNREADABLE',
      'The visa signing key cannot be read by this server (it was sealed under another key-encryption key). Ask an administrator: every process needs the same VISA_KEY_ENCRYPTION_KEY.');
  }
  const key = (await importJWK(JSON.parse(opened) as JWK, VISA_ALG)) as CryptoKey;
  cache.privateKeys.set(row.kid, key);
  return key;
}

/** Makes the configured file's key the one that signs (retiring any other), once per change of file. */
async function registerFileKey(ctx: AppContext, kid: string, publicJwk: JWK): Promise<void> {
  const active = await activeRow(ctx.db);
  if (active?.kid === kid) return;
  await ctx.db.tx(async (sql) => {
    const current = await sql.maybeOne<{ kid: string }>('SELECT kid FROM visa_signing_keys WHERE retired_at IS NULL FOR UPDATE');
    if (current?.kid === kid) return;
    if (current) await sql.query('UPDATE visa_signing_keys SET retired_at = $2 WHERE kid = $1', [current.kid, ctx.clock.now()]);
    await sql.query(
      `INSERT INTO visa_signing_keys (kid, public_jwk, source, created_at) VALUES ($1, $2, 'file', $3)
       ON CONFLICT (kid) DO UPDATE SET retired_at = NULL, retired_by = NULL`,
      [kid, JSON.stringify(publicJwk), ctx.clock.now()],
    );
    await appendAudit(sql, ctx.clock, { actorId: null, action: 'visa-key.from-file', targetType: 'visa-key', targetId: kid, details: { retiredKid: current?.kid ?? null } });
  });
}

/** Records that something signed with `kid` lives until `exp` (seconds): the key stays published that long. */
export async function noteSigned(sql: Sql, kid: string, exp: number): Promise<void> {
  const until = new Date(exp * 1000);
  await sql.query('UPDATE visa_signing_keys SET last_expires_at = $2 WHERE kid = $1 AND (last_expires_at IS NULL OR last_expires_at < $2)', [kid, until]);
}

/** The public keys a verifier needs now: the signing key and every retired key whose visas have not all expired. */
export async function publishedKeys(sql: Sql, now: Date): Promise<JWK[]> {
  const rows = await sql.query<{ public_jwk: JWK }>(
    'SELECT public_jwk FROM visa_signing_keys WHERE retired_at IS NULL OR last_expires_at > $1 ORDER BY created_at DESC, kid',
    [now],
  );
  return rows.map((r) => r.public_jwk);
}

export async function listVisaKeys(sql: Sql, now: Date): Promise<VisaKeyInfo[]> {
  const rows = await sql.query<KeyRow>('SELECT * FROM visa_signing_keys ORDER BY created_at DESC, kid');
  return rows.map((r) => {
    const publishedUntil = r.retired_at === null ? null : r.last_expires_at ?? r.retired_at;
    return {
      kid: r.kid,
      source: r.source,
      state: r.retired_at === null ? 'signing' : publishedUntil && publishedUntil > now ? 'published' : 'expired',
      createdAt: r.created_at.toISOString(),
      retiredAt: r.retired_at?.toISOString() ?? null,
      publishedUntil: publishedUntil?.toISOString() ?? null,
    };
  });
}

/**
 * Retires the signing key and makes a new one (admins, `gatehouse passport rotate-key`). Visas signed before
 * keep verifying: the old public key stays published until they expire. Refused when a key file is configured:
 * the operator rotates by replacing the file.
 */
export async function rotateVisaKey(ctx: AppContext, actorId: number | null): Promise<{ kid: string; retiredKid: string | null }> {
  if (ctx.config.visaSigningKeyFile) {
    throw conflict('VISA_KEY_FROM_FILE', 'The visa signing key comes from VISA_SIGNING_KEY_FILE: rotate it by putting a new key in that file and restarting.');
  }
  const made = await newKeyRow();
  return ctx.db.tx(async (sql) => {
    const current = await sql.maybeOne<{ kid: string }>('SELECT kid FROM visa_signing_keys WHERE retired_at IS NULL FOR UPDATE');
    const now = ctx.clock.now();
    if (current) await sql.query('UPDATE visa_signing_keys SET retired_at = $2, retired_by = $3 WHERE kid = $1', [current.kid, now, actorId]);
    await sql.query(
      `INSERT INTO visa_signing_keys (kid, public_jwk, private_jwk_sealed, source, created_at) VALUES ($1, $2, $3, 'generated', $4)`,
      [made.kid, JSON.stringify(made.publicJwk), boxOf(ctx).seal(JSON.stringify(made.privateJwk)), now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId, action: 'visa-key.rotated', targetType: 'visa-key', targetId: made.kid, details: { retiredKid: current?.kid ?? null },
    });
    return { kid: made.kid, retiredKid: current?.kid ?? null };
  });
}
