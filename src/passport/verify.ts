import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { AppContext } from '../context.js';
import { publishedKeys, VISA_ALG } from './keys.js';
import { APPROVAL_CLAIM, PASSPORT_TYP, VISA_TYP } from './issue.js';
import { currentApproval, userIsActive } from './store.js';
import { requirementIdFromUrl, type VisaObject } from './visas.js';

/**
 * Checks passports and visas that this Gatehouse issued, for a service inside Gatehouse that is handed them
 * (the DRS endpoint's POST body): each token's signature against Gatehouse's own published keys, `iss` =
 * PUBLIC_URL, `exp` against ctx.clock, and then, beyond what a signature proves, that what the visa asserts
 * still holds: its approval is still APPROVED and unexpired, and the account is not disabled (docs/adr/0022).
 *
 * Each string is a Passport JWT (typ vnd.ga4gh.passport+jwt, its visas checked one by one) or a single visa.
 * Tokens of another issuer, forged, expired or no longer current are left out; the answer is null when no
 * valid Gatehouse token remains, when they name different users, or when that user is disabled.
 */
export async function userFromPassports(ctx: AppContext, passports: string[]): Promise<{ userId: string; grantedRequirementIds: string[] } | null> {
  const now = ctx.clock.now();
  const issuer = ctx.config.publicUrl;
  const keys = createLocalJWKSet({ keys: await publishedKeys(ctx.db, now) });
  const verify = async (token: string, typ: string): Promise<JWTPayload | null> => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, algorithms: [VISA_ALG], typ, currentDate: now, requiredClaims: ['sub', 'iat', 'exp'] });
      return payload;
    } catch {
      return null;
    }
  };

  const visas: JWTPayload[] = [];
  const subjects = new Set<string>();
  for (const token of passports.slice(0, 100)) {
    if (typeof token !== 'string') continue;
    let typ: string | undefined;
    try {
      typ = decodeProtectedHeader(token).typ;
    } catch {
      continue;
    }
    if (typ === PASSPORT_TYP) {
      const passport = await verify(token, PASSPORT_TYP);
      if (!passport) continue;
      subjects.add(passport.sub!);
      const inner = Array.isArray(passport.ga4gh_passport_v1) ? passport.ga4gh_passport_v1 : [];
      for (const visa of inner.slice(0, 500)) {
        const payload = typeof visa === 'string' ? await verify(visa, VISA_TYP) : null;
        if (payload) visas.push(payload);
      }
    } else {
      const payload = await verify(token, VISA_TYP);
      if (payload) visas.push(payload);
    }
  }
  for (const v of visas) subjects.add(v.sub!);
  if (subjects.size !== 1) return null;
  const sub = [...subjects][0];
  if (!/^\d{1,15}$/.test(sub)) return null;
  const userId = Number(sub);
  if (!(await userIsActive(ctx.db, userId))) return null;

  const granted = new Set<number>();
  for (const v of visas) {
    const visa = v.ga4gh_visa_v1 as Partial<VisaObject> | undefined;
    // Gatehouse issues no conditions; a visa with conditions is not one of ours to honour (Passport v1.2).
    if (!visa || typeof visa !== 'object' || visa.conditions !== undefined || typeof visa.value !== 'string') continue;
    if (visa.type !== 'ControlledAccessGrants' && visa.type !== 'AcceptedTermsAndPolicies') continue;
    const approvalId = v[APPROVAL_CLAIM];
    const arId = requirementIdFromUrl(issuer, visa.value);
    if (typeof approvalId !== 'number' || arId === null || granted.has(arId)) continue;
    if (await currentApproval(ctx.db, approvalId, userId, arId, now)) granted.add(arId);
  }
  return { userId: sub, grantedRequirementIds: [...granted].sort((a, b) => a - b).map(String) };
}
