import {
  createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, importJWK, importSPKI, jwtVerify,
  type JSONWebKeySet, type JWK, type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
import type { AppContext } from '../context.js';
import { DAY } from '../infra/clock.js';
import { badRequest, conflict, notFound, Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { groupMessages as msg } from './messages.js';
import { applyForIssuer, lockIssuerGroups } from './allowlists.js';
import { EXTERNAL_ID_MAX } from './rules.js';
import type { Actor } from './groups.js';

/**
 * External account links (SPEC §9): a user proves they hold an account at a trusted issuer (e.g. eRA Commons)
 * by presenting a JWT assertion that the issuer signed. Gatehouse verifies it with `jose` against the issuer's
 * key (a JWKS URL, an inline JWKS, or a PEM public key) and records the link, which expires after
 * EXTERNAL_LINK_DAYS (30 by default, or the issuer's own `linkDays`). Linking and unlinking apply the
 * allowlists of that issuer's groups at once, in the same transaction.
 *
 * Configuration (EXTERNAL_ACCOUNT_ISSUERS, a JSON list; or `externalAccountIssuers` in the config file):
 *   [{ "issuer": "https://era.example.org",     // the assertion's `iss`
 *      "name": "eRA Commons",                    // shown to users
 *      "jwksUrl": "https://era.example.org/jwks.json" | "jwks": {"keys": [...]} | "publicKey": "-----BEGIN PUBLIC KEY-----…",
 *      "algorithms": ["RS256"],                  // optional; required with publicKey unless RS256
 *      "audience": "https://gatehouse.example.org", // optional; the assertion's `aud`, PUBLIC_URL by default
 *      "idClaim": "sub",                         // optional; the claim holding the external account id
 *      "linkDays": 30 }]                         // optional
 * The assertion must carry `exp`; it must be for this Gatehouse (`aud`).
 */

export interface TrustedIssuer {
  issuer: string;
  name: string;
  audience: string;
  algorithms: string[] | undefined;
  idClaim: string;
  linkDays: number;
  key: () => Promise<JWTVerifyGetKey | Awaited<ReturnType<typeof importJWK>>>;
}

const cache = new WeakMap<object, Map<string, TrustedIssuer>>();

/** The trusted issuers of the configuration, read once per configuration object. */
export function trustedIssuers(ctx: AppContext): Map<string, TrustedIssuer> {
  let issuers = cache.get(ctx.config);
  if (issuers) return issuers;
  issuers = new Map();
  for (const raw of ctx.config.externalAccountIssuers ?? []) {
    try {
      const issuer = readIssuer(raw, ctx.config.publicUrl, ctx.config.externalLinkDays);
      issuers.set(issuer.issuer, issuer);
    } catch (err) {
      ctx.log.error({ err, issuer: (raw as { issuer?: unknown }).issuer }, 'external account issuer ignored: invalid configuration');
    }
  }
  cache.set(ctx.config, issuers);
  return issuers;
}

export const trustedIssuer = (ctx: AppContext, issuer: string): TrustedIssuer | undefined => trustedIssuers(ctx).get(issuer);

function readIssuer(raw: Record<string, unknown>, publicUrl: string, defaultDays: number): TrustedIssuer {
  const text = (key: string) => (typeof raw[key] === 'string' && raw[key] !== '' ? (raw[key] as string) : undefined);
  const issuer = text('issuer');
  if (!issuer) throw new Error('"issuer" is required');
  const algorithms = Array.isArray(raw.algorithms) ? (raw.algorithms as string[]) : undefined;
  let key: TrustedIssuer['key'];
  const jwksUrl = text('jwksUrl');
  const publicKey = text('publicKey');
  if (jwksUrl) {
    const set = createRemoteJWKSet(new URL(jwksUrl));
    key = async () => set;
  } else if (raw.jwks && typeof raw.jwks === 'object') {
    const set = createLocalJWKSet(raw.jwks as JSONWebKeySet);
    key = async () => set;
  } else if (publicKey) {
    const alg = algorithms?.[0] ?? 'RS256';
    let imported: ReturnType<typeof importSPKI> | null = null;
    key = () => (imported ??= importSPKI(publicKey, alg));
  } else if (raw.jwk && typeof raw.jwk === 'object') {
    const jwk = raw.jwk as JWK;
    let imported: ReturnType<typeof importJWK> | null = null;
    key = () => (imported ??= importJWK(jwk, jwk.alg ?? algorithms?.[0]));
  } else {
    throw new Error('one of "jwksUrl", "jwks", "publicKey" or "jwk" is required');
  }
  const linkDays = typeof raw.linkDays === 'number' && raw.linkDays > 0 ? raw.linkDays : defaultDays;
  return {
    issuer,
    name: text('name') ?? issuer,
    audience: text('audience') ?? publicUrl,
    algorithms,
    idClaim: text('idClaim') ?? 'sub',
    linkDays,
    key,
  };
}

export interface ExternalAccountLink {
  id: number;
  issuer: string;
  issuerName: string;
  externalId: string;
  linkedAt: string;
  expiresAt: string;
  expired: boolean;
}

interface LinkRow {
  id: number;
  issuer: string;
  external_id: string;
  linked_at: Date;
  expires_at: Date;
}

function linkView(ctx: AppContext, row: LinkRow): ExternalAccountLink {
  const expiresAt = new Date(row.expires_at);
  return {
    id: Number(row.id),
    issuer: row.issuer,
    issuerName: trustedIssuer(ctx, row.issuer)?.name ?? row.issuer,
    externalId: row.external_id,
    linkedAt: new Date(row.linked_at).toISOString(),
    expiresAt: expiresAt.toISOString(),
    expired: expiresAt.getTime() <= ctx.clock.now().getTime(),
  };
}

export function listIssuers(ctx: AppContext): { issuer: string; name: string; linkDays: number }[] {
  return [...trustedIssuers(ctx).values()].map((i) => ({ issuer: i.issuer, name: i.name, linkDays: i.linkDays }));
}

export async function myLinks(ctx: AppContext, actor: Actor): Promise<ExternalAccountLink[]> {
  const rows = await ctx.db.query<LinkRow>(
    'SELECT id, issuer, external_id, linked_at, expires_at FROM external_account_links WHERE user_id = $1 ORDER BY issuer', [actor.id]);
  return rows.map((r) => linkView(ctx, r));
}

/** Verifies the assertion; the payload, or a 400 that says why not. */
export async function verifyAssertion(ctx: AppContext, assertion: string): Promise<{ issuer: TrustedIssuer; payload: JWTPayload }> {
  let iss: string | undefined;
  try {
    iss = decodeJwt(assertion).iss;
  } catch {
    throw badRequest('INVALID_ASSERTION', msg.assertionMalformed);
  }
  const issuer = iss === undefined ? undefined : trustedIssuer(ctx, iss);
  if (!issuer) throw badRequest('UNTRUSTED_ISSUER', msg.untrustedIssuer(iss ?? '(no issuer)'));
  try {
    const key = await issuer.key();
    const { payload } = await jwtVerify(assertion, key as JWTVerifyGetKey, {
      issuer: issuer.issuer,
      audience: issuer.audience,
      algorithms: issuer.algorithms,
      requiredClaims: ['exp'],
      currentDate: ctx.clock.now(),
    });
    return { issuer, payload };
  } catch (err) {
    throw assertionProblem(err);
  }
}

function assertionProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof errors.JWTExpired) return badRequest('INVALID_ASSERTION', msg.assertionInvalid('it has expired.'));
  if (err instanceof errors.JWTClaimValidationFailed) {
    return badRequest('INVALID_ASSERTION', msg.assertionInvalid(`the "${err.claim}" claim ${err.reason === 'missing' ? 'is missing' : 'is not valid here'}.`));
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return badRequest('INVALID_ASSERTION', msg.assertionInvalid("its signature does not verify with the issuer's key."));
  }
  if (err instanceof errors.JWKSNoMatchingKey) return badRequest('INVALID_ASSERTION', msg.assertionInvalid('no key of the issuer matches it.'));
  if (err instanceof errors.JOSEAlgNotAllowed) return badRequest('INVALID_ASSERTION', msg.assertionInvalid('it is signed with an algorithm the issuer does not use.'));
  const unreachable = err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid
    || (err instanceof TypeError && /fetch/i.test(err.message))
    || (err instanceof errors.JOSEError && /JSON Web Key Set HTTP response/.test(err.message));
  if (unreachable) {
    return new Problem(503, 'ISSUER_UNREACHABLE', "The issuer's keys could not be fetched; try again later.");
  }
  if (err instanceof errors.JOSEError) return badRequest('INVALID_ASSERTION', msg.assertionInvalid(err.message));
  return new Problem(503, 'ISSUER_UNREACHABLE', "The issuer's keys could not be read; try again later.");
}

/** Links (or re-links) my account at the assertion's issuer; my third-party groups follow at once. */
export async function link(ctx: AppContext, actor: Actor, assertion: string): Promise<{ link: ExternalAccountLink; joined: string[]; left: string[] }> {
  const { issuer, payload } = await verifyAssertion(ctx, assertion);
  const rawId = payload[issuer.idClaim];
  const externalId = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).trim() : '';
  if (externalId === '' || externalId.length > EXTERNAL_ID_MAX) throw badRequest('INVALID_ASSERTION', msg.externalIdMissing(issuer.idClaim));
  return guardAccount(() => ctx.db.tx(async (sql) => {
    await lockIssuerGroups(sql, issuer.issuer);
    const other = await sql.maybeOne<{ user_id: number }>(
      'SELECT user_id FROM external_account_links WHERE issuer = $1 AND lower(external_id) = lower($2) AND user_id <> $3',
      [issuer.issuer, externalId, actor.id]);
    if (other) throw conflict('ACCOUNT_LINKED_ELSEWHERE', msg.accountLinkedElsewhere);
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + issuer.linkDays * DAY);
    const row = await sql.one<LinkRow>(
      `INSERT INTO external_account_links (user_id, issuer, external_id, linked_at, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, issuer) DO UPDATE SET external_id = EXCLUDED.external_id, linked_at = EXCLUDED.linked_at,
         expires_at = EXCLUDED.expires_at
       RETURNING id, issuer, external_id, linked_at, expires_at`,
      [actor.id, issuer.issuer, externalId, now, expiresAt]);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'external-account.linked', targetType: 'user', targetId: actor.id,
      details: { issuer: issuer.issuer, externalId, expiresAt: expiresAt.toISOString() },
    });
    const { joined, left } = await applyForIssuer(sql, ctx.clock, issuer.issuer, actor.id, 'account-linked');
    return { link: linkView(ctx, row), joined, left };
  }));
}

/** Removes my link; the third-party groups it brought me into let me go at once. */
export async function unlink(ctx: AppContext, actor: Actor, linkId: number): Promise<{ left: string[] }> {
  return ctx.db.tx(async (sql) => {
    const found = await sql.maybeOne<{ issuer: string }>('SELECT issuer FROM external_account_links WHERE id = $1 AND user_id = $2', [linkId, actor.id]);
    if (!found) throw notFound(msg.linkNotFound(linkId), 'LINK_NOT_FOUND');
    await lockIssuerGroups(sql, found.issuer);
    const row = await sql.maybeOne<LinkRow>(
      'DELETE FROM external_account_links WHERE id = $1 AND user_id = $2 RETURNING id, issuer, external_id, linked_at, expires_at',
      [linkId, actor.id]);
    if (!row) throw notFound(msg.linkNotFound(linkId), 'LINK_NOT_FOUND');
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'external-account.unlinked', targetType: 'user', targetId: actor.id,
      details: { issuer: row.issuer, externalId: row.external_id },
    });
    const { left } = await applyForIssuer(sql, ctx.clock, row.issuer, actor.id, 'account-unlinked');
    return { left };
  });
}

/** Two users linking one external account at the same moment: the unique index decides. */
async function guardAccount<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message?: string };
    if (e.code === '23505' && (e.constraint === 'external_account_links_account' || e.message?.includes('external_account_links_account'))) {
      throw conflict('ACCOUNT_LINKED_ELSEWHERE', msg.accountLinkedElsewhere);
    }
    throw err;
  }
}
