import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../infra/problem.js';
import { USER_DISABLED_MESSAGE } from '../identity/caller.js';
import { noteSigned, signingKey, VISA_ALG } from './keys.js';
import { loadPassportSnapshot } from './store.js';
import { visaDrafts, type VisaObject } from './visas.js';

/** Header `typ` values of the AAI profile v1.2: visas in Visa Document Token format, and passports. */
export const VISA_TYP = 'vnd.ga4gh.visa+jwt';
export const PASSPORT_TYP = 'vnd.ga4gh.passport+jwt';
/** A private (non-GA4GH) claim of Gatehouse's visas: the approval a visa stands for, re-checked by verify.ts. */
export const APPROVAL_CLAIM = 'gatehouse_approval';

export const jwksUrl = (publicUrl: string) => `${publicUrl}/.well-known/jwks.json`;

export interface IssuedVisa {
  jwt: string;
  visa: VisaObject;
  exp: number;
  label: string;
  accessRequirementId: number | null;
}

export interface IssuedPassport {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  /** The signed Passport (AAI "Passport Format"): its `ga4gh_passport_v1` holds the visas below. */
  passport: string;
  visas: IssuedVisa[];
}

/**
 * Mints the user's passport from what holds at this moment (visas.ts): every visa a fresh Visa Document Token
 * (header jku + kid) of VISA_LIFETIME_SECONDS at most, and the passport that carries them.
 */
export async function issuePassport(ctx: AppContext, userId: number): Promise<IssuedPassport> {
  const now = ctx.clock.now();
  const snapshot = await loadPassportSnapshot(ctx.db, userId, now);
  if (!snapshot) throw notFound(`There is no user ${userId}.`);
  if (snapshot.disabled) throw forbidden('USER_DISABLED', USER_DISABLED_MESSAGE);
  const { publicUrl, visaLifetimeSeconds } = ctx.config;
  const drafts = visaDrafts(snapshot, { publicUrl, lifetimeSeconds: visaLifetimeSeconds }, now);
  const { kid, key } = await signingKey(ctx);
  const iat = Math.floor(now.getTime() / 1000);
  const sub = String(userId);
  const visas: IssuedVisa[] = [];
  for (const d of drafts) {
    const jwt = await new SignJWT({ ga4gh_visa_v1: d.visa, ...(d.approvalId !== null ? { [APPROVAL_CLAIM]: d.approvalId } : {}) })
      .setProtectedHeader({ alg: VISA_ALG, typ: VISA_TYP, jku: jwksUrl(publicUrl), kid })
      .setIssuer(publicUrl).setSubject(sub).setIssuedAt(iat).setExpirationTime(d.exp).setJti(randomUUID())
      .sign(key);
    visas.push({ jwt, visa: d.visa, exp: d.exp, label: d.label, accessRequirementId: d.accessRequirementId });
  }
  const exp = iat + visaLifetimeSeconds;
  const passport = await new SignJWT({ ga4gh_passport_v1: visas.map((v) => v.jwt) })
    .setProtectedHeader({ alg: VISA_ALG, typ: PASSPORT_TYP, jku: jwksUrl(publicUrl), kid })
    .setIssuer(publicUrl).setSubject(sub).setIssuedAt(iat).setExpirationTime(exp).setJti(randomUUID())
    .sign(key);
  // Nothing signed outlives the passport: the key stays published until then, also after a rotation.
  await noteSigned(ctx.db, kid, exp);
  return { iss: publicUrl, sub, iat, exp, passport, visas };
}
