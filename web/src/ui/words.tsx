import type { ReactNode } from 'react';

/**
 * Codes as words (issue 9 item 3). The API keeps its stable codes — decision rules, enum values, audit actions —
 * for programs; people read these words, with the code kept in a tooltip. A code not in the catalogue still
 * reads as words ("Some new code" from SOME_NEW_CODE), never as a blank.
 */

/** SOME_NEW_CODE, some-new-code, some_new.code, someNewCode → "Some new code". */
export function humanise(code: string): string {
  const words = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s._-]+/)
    .filter(Boolean)
    .map((w) => (w.length > 1 && w === w.toUpperCase() && !/^[A-Z]+$/.test(w) ? w : w.toLowerCase()));
  const text = words.join(' ').replace(/\b(act|ad|id|md5|duc|irb|idu|csv|2fa|oidc|ar|acl|url|api)\b/g, (w) => w.toUpperCase());
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : code;
}

const RULES: Record<string, string> = {
  DENY: 'Denied: not shared with this access',
  DENY_IF_ANONYMOUS: 'Denied: not signed in',
  DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC: 'Denied: a project in an authorization domain cannot be made public',
  DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED: 'Denied: only certified users add folders and files',
  DENY_IF_DOES_NOT_EXIST: 'Denied: it does not exist',
  DENY_IF_EGRESS_SUSPENDED: 'Denied: downloads suspended after data-egress incidents',
  DENY_IF_IN_TRASH: 'Denied: it is in the trash',
  DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS: 'Denied: the move would lift access restrictions',
  DENY_IF_NOT_CERTIFIED: 'Denied: not a certified user',
  DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS: 'Denied: access requirements not met',
  DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN: 'Denied: not a member of the authorization domain',
  DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED: 'Denied: only certified users change folders and files',
  DENY_IF_PARENT_IS_ROOT: 'Denied: only projects sit at the top',
  DENY_IF_SHARE_EXCEEDS_OWN_ACCESS: 'Denied: cannot share more than one has',
  DENY_IF_TWO_FA_REQUIREMENT_NOT_MET: 'Denied: two-factor authentication required',
  DENY_IF_USER_DISABLED: 'Denied: the account is disabled',
  GRANT_IF_ACCESS_RESTRICTIONS_KEPT: 'Granted: the access restrictions stay the same',
  GRANT_IF_ACT: 'Granted: member of the Access and Compliance Team',
  GRANT_IF_ADMIN: 'Granted: platform administrator',
  GRANT_IF_HAS_CHANGE_PERMISSIONS: 'Granted: may change sharing settings',
  GRANT_IF_HAS_CHANGE_SETTINGS: 'Granted: may change settings',
  GRANT_IF_HAS_COMPUTE: 'Granted: may start runtimes',
  GRANT_IF_HAS_CREATE: 'Granted: may add',
  GRANT_IF_HAS_DELETE: 'Granted: may delete',
  GRANT_IF_HAS_DOWNLOAD: 'Granted: may download',
  GRANT_IF_HAS_MODERATE: 'Granted: may moderate',
  GRANT_IF_HAS_READ: 'Granted: may view',
  GRANT_IF_HAS_SHARE: 'Granted: may share',
  GRANT_IF_HAS_UPDATE: 'Granted: may edit',
  GRANT_IF_NOT_MADE_PUBLIC: 'Granted: not made public',
  GRANT_IF_OPEN_DATA_WITH_READ: 'Granted: open data, viewable',
  GRANT_IF_USER_IS_CREATOR: 'Granted: created it',
};

const ENUMS: Record<string, string> = {
  OPEN: 'Open', RESTRICTED_BY_TERMS_OF_USE: 'Restricted by terms of use', CONTROLLED_BY_ACT: 'Controlled by ACT', OPEN_DATA: 'Open data',
  TermsOfUse: 'Terms of use', SelfSign: 'Self-sign', ManagedACT: 'Managed by ACT', Lock: 'Lock',
  REVIEW_SUBMISSIONS: 'Reviews requests', EXEMPTION_ELIGIBLE: 'Exemption eligible',
  READ: 'View', DOWNLOAD: 'Download', CREATE: 'Add', UPDATE: 'Edit', DELETE: 'Delete', CHANGE_PERMISSIONS: 'Change sharing',
  SHARE: 'Share', CHANGE_SETTINGS: 'Change settings', MODERATE: 'Moderate', COMPUTE: 'Compute', REMOVE_ACL: 'Restore inheritance',
  READ_ACL: 'View sharing', MAKE_PUBLIC: 'Make public',
  'awaiting-user': 'Awaiting the user', 'under-review': 'Under review', 'closed-false-positive': 'Closed: false positive',
  'closed-remediated': 'Closed: remediated', 'closed-reinstated': 'Closed: reinstated',
};

const AUDIT: Record<string, string> = {
  'auth.signed-in': 'Signed in',
  'auth.account-locked': 'Account locked',
  'auth.account-unlocked': 'Account unlocked',
  'demo.loaded': 'Demo data loaded',
  'acl.changed': 'Sharing changed',
  'acl.removed': 'Sharing reset to inherited',
  'terms.published': 'Platform terms published',
  'access-requirement.acl-changed': 'Access requirement reviewers and exemptions changed',
  'request.reminder-sent': 'Request reminder sent',
  'user.oidc-linked': 'Single sign-on account linked',
};

/** A decision rule (DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN) as a sentence. */
export const ruleWords = (code: string) => RULES[code] ?? humanise(code);
/** An enum value (CONTROLLED_BY_ACT, ManagedACT, DOWNLOAD, under-review) as words. */
export const enumWords = (code: string) => ENUMS[code] ?? humanise(code);
/** An audit action (request.submitted) as words: "Request submitted". */
export const auditWords = (code: string) => AUDIT[code] ?? humanise(code);

/** The words, with the code in a tooltip for whoever needs to quote it. */
export function Coded({ code, words, className, testId }: { code: string; words?: (code: string) => string; className?: string; testId?: string }): ReactNode {
  return <span className={className} title={code} data-code={code} data-testid={testId}>{(words ?? enumWords)(code)}</span>;
}

/**
 * A server message that quotes codes ("You lack CHANGE_PERMISSIONS access …"): each code reads as its words,
 * lower-case, with the code in a tooltip; the exact text stays in the title of the whole.
 */
export function Worded({ text, testId }: { text: string; testId?: string }): ReactNode {
  // Codes with an underscore, and the single-word access types (CREATE, SHARE, …) the catalogue knows.
  const parts = text.split(/\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|READ|DOWNLOAD|CREATE|UPDATE|DELETE|SHARE|MODERATE|COMPUTE)\b/);
  if (parts.length === 1) return <span data-testid={testId}>{text}</span>;
  return (
    <span title={text} data-testid={testId}>
      {parts.map((p, i) => (i % 2 === 1 ? <span key={i} title={p}>{enumWords(p).toLowerCase()}</span> : p))}
    </span>
  );
}
