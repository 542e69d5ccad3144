import type { Get, Item } from '../../types.js';

/** The audit's answers, from the route schemas (web/src/types.ts shows how). */
export type AuditRun = Get<'/api/v1/audit/runs/{id}'>;
export type AuditSchedule = Get<'/api/v1/audit/schedule'>;
export type AuditFindingsPage = Get<'/api/v1/audit/runs/{id}/findings'>;
export type AuditFinding = Item<AuditFindingsPage>;
export type AuditPivot = Get<'/api/v1/audit/runs/{id}/pivot'>;

export const QUERY_TITLES: Record<string, string> = {
  'restriction-change': 'Restriction change of state',
  'top-downloaders': 'Top downloaders',
  'md5-duplicates': 'MD5 duplicates',
  'unqualified-access': 'Unqualified access',
  'repeated-downloads': 'Repeated downloads',
  'exfiltration-correlation': 'Exfiltration correlation',
  'tier-revoked-downloads': 'Downloads after a tier was revoked',
  'self-approval': 'Self and own-team approvals',
  'terms-changed-after-approval': 'Terms changed after approval',
};
export const QUERIES = Object.keys(QUERY_TITLES);

/** The seed's use cases and the other classifications, in words. */
export const USE_CASES: Record<string, string> = {
  'ar-removed': 'AR removed from a public entity',
  'exposed-again': 'Public again, less restricted',
  'test-project-public': 'Test project public',
  'ar-added-public': 'AR added and made public',
  'made-public': 'Made public',
  'made-private': 'Made private',
  'less-restricted-copy': 'Less restricted public copy',
  'no-approval': 'No approval',
  'approval-revoked': 'Approval revoked',
  'approval-expired': 'Approval expired',
  lock: 'Locked',
  'no-2fa': 'No two-factor authentication',
  'tier-missing': 'Tier missing',
  self: 'Granted to themself',
  'own-team': 'Granted to their own team',
  certified: 'Certification revoked',
  validated: 'Validation revoked',
  registered: 'Registration revoked',
};
/** Short names of the restriction-change use cases, for the pivot's columns. */
const SHORT: Record<string, string> = {
  'ar-removed': 'AR removed', 'exposed-again': 'Exposed again', 'test-project-public': 'Test project', 'ar-added-public': 'AR added',
  'made-public': 'Made public', 'made-private': 'Made private',
};
export const useCaseShort = (u: string) => SHORT[u] ?? USE_CASES[u] ?? u;
export const useCaseWords = (u: string | null) => (u === null ? '—' : USE_CASES[u] ?? u);

/** The use cases a query can give, for its filter. */
export const QUERY_USE_CASES: Record<string, string[]> = {
  'restriction-change': ['ar-removed', 'exposed-again', 'test-project-public', 'ar-added-public', 'made-public', 'made-private'],
  'unqualified-access': ['no-approval', 'approval-revoked', 'approval-expired', 'lock', 'no-2fa', 'tier-missing'],
  'self-approval': ['self', 'own-team'],
};

export const FINDING_STATES: Record<string, string> = { new: 'New', contacted: 'Contacted', explained: 'Explained', incident: 'Incident', closed: 'Closed' };
export const RUN_STATES: Record<string, string> = { running: 'Running', finished: 'Finished', failed: 'Failed' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const day = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
/** [1 Jan, 1 Jul) as people say it: "1 January – 30 June 2026" (the end is exclusive, the last day is shown). */
export function periodText(from: string, to: string): string {
  const f = new Date(from);
  const last = new Date(new Date(to).getTime() - 1);
  return f.getUTCFullYear() === last.getUTCFullYear() ? `${f.getUTCDate()} ${MONTHS[f.getUTCMonth()]} – ${day(last)}` : `${day(f)} – ${day(last)}`;
}
/** YYYY-MM-DD of the last day of a period ending (exclusive) at `to`. */
export const lastDay = (to: string) => new Date(new Date(to).getTime() - 1).toISOString().slice(0, 10);
