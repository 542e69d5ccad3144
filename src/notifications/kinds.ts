/**
 * What a notification is about, in words. Its kind (`request.submitted`) is a code for programs: the API keeps it,
 * and people read this. Pure; one catalogue for every capability's notices.
 */
const KIND_TEXT: Record<string, string> = {
  'request.submitted': 'Data access request submitted',
  'request.approved': 'Data access request approved',
  'request.rejected': 'Data access request rejected',
  'request.cancelled': 'Data access request cancelled',
  'request.reminder': 'Access about to expire',
  'request.expired': 'Access expired',
  'request.revoked': 'Access revoked',
  'request.removed': 'Removed from a data access request',
  'verification.submitted': 'Identity verification requested',
  'verification.approved': 'Identity verified',
  'verification.rejected': 'Identity verification rejected',
  'verification.revoked': 'Identity verification revoked',
  'certification.granted': 'Certified',
  'certification.revoked': 'Certification revoked',
  'access-approval.granted': 'Access granted',
  'access-approval.revoked': 'Access revoked',
  'access-approval.expired': 'Access expired',
  'access-requirement.entity-locked': 'Data locked',
  'account.password-changed': 'Password changed',
  'account.locked': 'Sign-in locked',
  'account.2fa-enabled': 'Two-factor authentication turned on',
  'account.2fa-disabled': 'Two-factor authentication turned off',
  'team.member-added': 'Added to a team',
  'team.member-removed': 'Removed from a team',
  'team.manager-granted': 'Made a team manager',
  'team.manager-revoked': 'No longer a team manager',
  'team.membership-requested': 'Asked to join a team',
  'team.membership-accepted': 'Team membership accepted',
  'team.membership-rejected': 'Team membership declined',
  'team.invited': 'Invited to a team',
  'group.member-added': 'Added to a group',
  'group.member-removed': 'Removed from a group',
  'group.access-requested': 'Asked to join a group',
  'group.access-request-dismissed': 'Group request dismissed',
  'egress.incident': 'Egress incident',
  'egress.incident-answered': 'Egress incident answered',
  'egress.incident-decided': 'Egress incident decided',
  'egress.bypass-requested': 'Large data download requested',
  'egress.bypass-request-decided': 'Large data download decided',
  'audit.run-due': 'A security audit is due',
  'audit.finding-raised': 'Audit finding raised',
  'audit.contact': 'Message from the security audit',
  'audit.report-submitted': 'Audit report to review',
  'audit.report-rejected': 'Audit report sent back',
  'audit.report-approved': 'Audit report approved',
};

const AREA_TEXT: Record<string, string> = {
  request: 'Data access request', verification: 'Identity verification', certification: 'Certification',
  'access-approval': 'Access', 'access-requirement': 'Access requirement', account: 'Account', team: 'Team',
  group: 'Group', egress: 'Egress', audit: 'Security audit',
};

/** `request.submitted` → "Data access request submitted"; a kind not in the catalogue reads as its words. */
export function kindText(kind: string): string {
  const known = KIND_TEXT[kind];
  if (known) return known;
  const [area, ...rest] = kind.split('.');
  const words = (s: string) => s.replaceAll(/[-_]/g, ' ');
  const head = AREA_TEXT[area] ?? words(area).replace(/^./, (c) => c.toUpperCase());
  return rest.length === 0 ? head : `${head}: ${words(rest.join(' '))}`;
}
