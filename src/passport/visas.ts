import { ACT_TEAM } from '../infra/ids.js';

/**
 * Which GA4GH visas a user holds right now (GA4GH Passport v1.2, SPEC §13): a pure function of what the
 * database says about the user at this moment. No I/O here: store.ts loads the snapshot, issue.ts signs.
 *
 * Revocation is by reissue (docs/adr/0022): a visa is never stored, each passport is built anew from the
 * snapshot, so a revoked or expired approval, a disabled account or a revoked validation is simply absent
 * from the next passport, and the visas already handed out die at their short `exp`.
 *
 *   ManagedACT approval            → ControlledAccessGrants   (by: dac,  source: the ACT team's page)
 *   platform terms accepted        → AcceptedTermsAndPolicies (by: self, source: this Gatehouse)
 *   TermsOfUse / SelfSign approval → AcceptedTermsAndPolicies (by: self, source: this Gatehouse)
 *   validated tier                 → ResearcherStatus         (by: so,   source: the ACT team's page)
 *   linked OIDC / external account → LinkedIdentities         (by: system, value "<sub>,<iss>" URI-encoded)
 */
export const VISA_TYPES = ['ControlledAccessGrants', 'AcceptedTermsAndPolicies', 'ResearcherStatus', 'LinkedIdentities'] as const;
export type VisaType = (typeof VISA_TYPES)[number];
export type VisaBy = 'self' | 'peer' | 'system' | 'so' | 'dac';

/** The `ga4gh_visa_v1` claim, with the Passport specification's claim names. */
export interface VisaObject {
  type: VisaType;
  /** Seconds since the epoch: when the assertion was made (not when the visa was minted: that is `iat`). */
  asserted: number;
  value: string;
  source: string;
  by: VisaBy;
  conditions?: unknown[][];
}

export interface PassportSnapshot {
  userId: number;
  disabled: boolean;
  /** The platform terms in force and when this user accepted them; null when not accepted (or none published). */
  terms: { version: string; acceptedAt: Date } | null;
  /** When ACT validated the user's identity; null when not validated (never, or revoked). */
  validatedAt: Date | null;
  /** APPROVED approvals of live ARs (the store leaves out revoked ones and deleted ARs). */
  approvals: {
    id: number;
    accessRequirementId: number;
    type: 'ManagedACT' | 'TermsOfUse' | 'SelfSign' | 'Lock';
    name: string;
    grantedAt: Date;
    expiresOn: Date | null;
  }[];
  /** Accounts at other issuers that are this user: the single sign-on identity, external account links. */
  links: { issuer: string; subject: string; linkedAt: Date; expiresAt: Date | null }[];
}

export interface IssuerSettings {
  /** PUBLIC_URL: the visas' `iss`, and the base of every URL they carry. */
  publicUrl: string;
  lifetimeSeconds: number;
}

/** A visa before it is signed: its claim, its `exp`, and what Gatehouse needs to check it again later. */
export interface VisaDraft {
  visa: VisaObject;
  exp: number;
  /** The approval it stands for (ControlledAccessGrants, AcceptedTermsAndPolicies of an AR); re-checked on use. */
  approvalId: number | null;
  accessRequirementId: number | null;
  /** What a person reads for `value`: the AR's name, "Platform terms of use v2", … */
  label: string;
}

/** The ACT team's page: the Data Access Committee of this Gatehouse, the `source` of its grants. */
export const actUrl = (publicUrl: string) => `${publicUrl}/teams/${ACT_TEAM}`;
/** An access requirement's public identifier; the web app shows the AR there. */
export const requirementUrl = (publicUrl: string, id: number) => `${publicUrl}/access-requirements/${id}`;
export const termsUrl = (publicUrl: string, version: string) => `${publicUrl}/api/v1/terms?version=${encodeURIComponent(version)}`;
/** The page that says how identities are verified (the researcher status this Gatehouse vouches for). */
export const researcherStatusUrl = (publicUrl: string) => `${publicUrl}/profile/verification`;

/** The AR id in a `value` that requirementUrl made, or null. */
export function requirementIdFromUrl(publicUrl: string, value: string): number | null {
  const prefix = `${publicUrl}/access-requirements/`;
  if (!value.startsWith(prefix)) return null;
  const rest = value.slice(prefix.length);
  return /^\d{1,15}$/.test(rest) ? Number(rest) : null;
}

/** LinkedIdentities `value`: semicolon-separated "<uri-encoded-sub>,<uri-encoded-iss>" entries, no spaces. */
export function linkedIdentitiesValue(links: readonly { subject: string; issuer: string }[]): string {
  return links.map((l) => `${encodeURIComponent(l.subject)},${encodeURIComponent(l.issuer)}`).join(';');
}

export function parseLinkedIdentities(value: string): { subject: string; issuer: string }[] {
  return value.split(';').filter(Boolean).map((entry) => {
    const [sub, iss] = entry.split(',');
    return { subject: decodeURIComponent(sub ?? ''), issuer: decodeURIComponent(iss ?? '') };
  });
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The visas the user holds at `now`, each expiring at the lifetime or earlier when what it asserts ends sooner. */
export function visaDrafts(snapshot: PassportSnapshot, settings: IssuerSettings, now: Date): VisaDraft[] {
  if (snapshot.disabled) return [];
  const { publicUrl } = settings;
  const nowS = seconds(now);
  const until = (end: Date | null) => Math.min(nowS + settings.lifetimeSeconds, end === null ? Infinity : seconds(end));
  const drafts: VisaDraft[] = [];

  if (snapshot.terms) {
    drafts.push({
      visa: { type: 'AcceptedTermsAndPolicies', asserted: seconds(snapshot.terms.acceptedAt), value: termsUrl(publicUrl, snapshot.terms.version), source: publicUrl, by: 'self' },
      exp: until(null), approvalId: null, accessRequirementId: null, label: `Platform terms of use, version ${snapshot.terms.version}`,
    });
  }
  if (snapshot.validatedAt) {
    drafts.push({
      visa: { type: 'ResearcherStatus', asserted: seconds(snapshot.validatedAt), value: researcherStatusUrl(publicUrl), source: actUrl(publicUrl), by: 'so' },
      exp: until(null), approvalId: null, accessRequirementId: null, label: 'Identity validated by the Access and Compliance Team',
    });
  }
  for (const a of snapshot.approvals) {
    if (a.expiresOn !== null && a.expiresOn.getTime() <= now.getTime()) continue;
    if (a.type === 'Lock') continue;
    const grant = a.type === 'ManagedACT';
    drafts.push({
      visa: grant
        ? { type: 'ControlledAccessGrants', asserted: seconds(a.grantedAt), value: requirementUrl(publicUrl, a.accessRequirementId), source: actUrl(publicUrl), by: 'dac' }
        : { type: 'AcceptedTermsAndPolicies', asserted: seconds(a.grantedAt), value: requirementUrl(publicUrl, a.accessRequirementId), source: publicUrl, by: 'self' },
      exp: until(a.expiresOn), approvalId: a.id, accessRequirementId: a.accessRequirementId, label: a.name,
    });
  }
  for (const link of snapshot.links) {
    if (link.expiresAt !== null && link.expiresAt.getTime() <= now.getTime()) continue;
    drafts.push({
      visa: { type: 'LinkedIdentities', asserted: seconds(link.linkedAt), value: linkedIdentitiesValue([link]), source: publicUrl, by: 'system' },
      exp: until(link.expiresAt), approvalId: null, accessRequirementId: null, label: `${link.subject} at ${link.issuer}`,
    });
  }
  // A visa whose assertion ends within this second would be dead on arrival.
  return drafts.filter((d) => d.exp > nowS);
}
