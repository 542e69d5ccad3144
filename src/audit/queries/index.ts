import type { AuditQuery, QueryName } from './model.js';
import { restrictionChanges } from './restriction-change.js';
import { md5Duplicates } from './md5-duplicates.js';
import { exfiltrationCorrelation, repeatedDownloads, topDownloaders } from './downloads.js';
import { selfApprovals, termsChangedAfterApproval, tierRevokedDownloads, unqualifiedAccess } from './access.js';

export * from './model.js';
export { restrictionChanges, classifyChange, RESTRICTION_USE_CASES, RESTRICTION_ACTIONS } from './restriction-change.js';
export { md5Duplicates } from './md5-duplicates.js';
export { topDownloaders, repeatedDownloads, exfiltrationCorrelation } from './downloads.js';
export { unqualifiedAccess, tierRevokedDownloads, selfApprovals, termsChangedAfterApproval, UNQUALIFIED_REASONS, hadTier } from './access.js';

/** Each query by name, in the order a run takes them (src/audit/README.md "Queries"). */
export const AUDIT_QUERIES: Readonly<Record<QueryName, AuditQuery>> = {
  'restriction-change': restrictionChanges,
  'top-downloaders': topDownloaders,
  'md5-duplicates': md5Duplicates,
  'unqualified-access': unqualifiedAccess,
  'repeated-downloads': repeatedDownloads,
  'exfiltration-correlation': exfiltrationCorrelation,
  'tier-revoked-downloads': tierRevokedDownloads,
  'self-approval': selfApprovals,
  'terms-changed-after-approval': termsChangedAfterApproval,
};

export const QUERY_TITLES: Readonly<Record<QueryName, string>> = {
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
