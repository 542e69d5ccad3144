import { ANONYMOUS, AUTHENTICATED, PUBLIC } from '../infra/ids.js';

/**
 * Vocabulary of the decision core (SPEC §3–§7). Ids are numbers everywhere inside the core; an entity id
 * becomes `syn<n>` only when it is written into a message (messages.ts).
 */

/** Access types that an entity ACL can grant (§3). */
export const ACCESS_TYPES = [
  'READ',
  'DOWNLOAD',
  'CREATE',
  'UPDATE',
  'DELETE',
  'CHANGE_PERMISSIONS',
  'CHANGE_SETTINGS',
  'MODERATE',
  'SHARE',
  'COMPUTE',
] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

/** Access types a holder of SHARE may never pass on (§3). */
export const NOT_SHAREABLE: ReadonlySet<AccessType> = new Set<AccessType>(['SHARE', 'CHANGE_PERMISSIONS']);

/**
 * The actions that have a decision chain in §5; REMOVE_ACL restores inheritance by deleting an entity's own ACL;
 * READ_ACL reads the ACL that governs an entity (whoever may change it may read it, §9: an owner outside the
 * authorization domain can still share, so they must see what they share).
 */
export const ACTIONS = [
  'READ',
  'DOWNLOAD',
  'CREATE',
  'UPDATE',
  'DELETE',
  'CHANGE_PERMISSIONS',
  'SHARE',
  'CHANGE_SETTINGS',
  'MODERATE',
  'COMPUTE',
  'REMOVE_ACL',
  'READ_ACL',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ENTITY_TYPES = ['project', 'folder', 'file'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** OPEN_DATA is set only by ACT or an admin and is not inherited (§3). */
export type DataType = 'OPEN_DATA' | 'SENSITIVE_DATA';

export const ACCESS_REQUIREMENT_TYPES = ['TermsOfUse', 'SelfSign', 'ManagedACT', 'Lock'] as const;
export type AccessRequirementType = (typeof ACCESS_REQUIREMENT_TYPES)[number];

/** The part of an AccessRequirement that decisions read. */
export interface AccessRequirement {
  readonly id: number;
  readonly type: AccessRequirementType;
  /** Any AR on the path with this set makes 2FA mandatory for DOWNLOAD, met or not (§5 rule 6). */
  readonly requires2fa: boolean;
  /** Checked when a user approves a SelfSign AR or submits a ManagedACT request, not at download. */
  readonly certifiedRequired: boolean;
  readonly validatedRequired: boolean;
}

/** The two access types of an AR's own ACL (§4). */
export type AccessRequirementAccessType = 'REVIEW_SUBMISSIONS' | 'EXEMPTION_ELIGIBLE';

export type RestrictionLevel = 'OPEN' | 'RESTRICTED_BY_TERMS_OF_USE' | 'CONTROLLED_BY_ACT';

const LEVEL_RANK: Record<RestrictionLevel, number> = {
  OPEN: 0,
  RESTRICTED_BY_TERMS_OF_USE: 1,
  CONTROLLED_BY_ACT: 2,
};

export function restrictionLevelOf(type: AccessRequirementType | undefined): RestrictionLevel {
  // An AR the state cannot describe is treated as the strictest kind: fail closed.
  if (type === 'TermsOfUse' || type === 'SelfSign') return 'RESTRICTED_BY_TERMS_OF_USE';
  return 'CONTROLLED_BY_ACT';
}

export function higherRestrictionLevel(a: RestrictionLevel, b: RestrictionLevel): RestrictionLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** Special principals (§2), fixed by the first migration (docs/adr/0004-ids.md). */
export { PUBLIC, AUTHENTICATED, ANONYMOUS, ADMIN_TEAM, ACT_TEAM } from '../infra/ids.js';

/** The principals that make content public: an AD project may not grant them anything (§9). */
export const PUBLIC_PRINCIPALS: ReadonlySet<number> = new Set([PUBLIC, AUTHENTICATED, ANONYMOUS]);

/** Every rule name a Decision can carry. The §5 names are kept verbatim. */
export type RuleName =
  | 'DENY_IF_USER_DISABLED'
  | 'DENY_IF_DOES_NOT_EXIST'
  | 'DENY_IF_IN_TRASH'
  | 'GRANT_IF_ADMIN'
  | 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN'
  | 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS'
  | 'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET'
  | 'GRANT_IF_OPEN_DATA_WITH_READ'
  | 'DENY_IF_ANONYMOUS'
  | 'DENY_IF_EGRESS_SUSPENDED'
  | 'GRANT_IF_HAS_DOWNLOAD'
  | 'GRANT_IF_HAS_READ'
  | 'DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED'
  | 'GRANT_IF_HAS_UPDATE'
  | 'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED'
  | 'GRANT_IF_HAS_CREATE'
  | 'GRANT_IF_HAS_DELETE'
  | 'GRANT_IF_HAS_CHANGE_PERMISSIONS'
  | 'GRANT_IF_HAS_SHARE'
  | 'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS'
  | 'DENY_IF_NOT_CERTIFIED'
  | 'GRANT_IF_USER_IS_CREATOR'
  | 'GRANT_IF_HAS_CHANGE_SETTINGS'
  | 'GRANT_IF_HAS_MODERATE'
  | 'GRANT_IF_HAS_COMPUTE'
  | 'DENY_IF_PARENT_IS_ROOT'
  | 'DENY'
  // Move rule (§3)
  | 'GRANT_IF_ACT'
  | 'DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS'
  | 'GRANT_IF_ACCESS_RESTRICTIONS_KEPT'
  // ACL content rule for authorization domains (§9)
  | 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC'
  | 'GRANT_IF_NOT_MADE_PUBLIC';

/** What would lift a denial (§6). */
export type ActionRequired =
  | {
      readonly type: 'MeetAccessRequirement';
      readonly accessRequirementId: number;
      /** Present for a data contributor: teams eligible for exemption that the user may ask to join (§7). */
      readonly exemptionEligibleTeamIds?: number[];
    }
  | { readonly type: 'EnableTwoFa' }
  | { readonly type: 'RequestDownload'; readonly benefactorId: number }
  | { readonly type: 'JoinAuthorizationDomain'; readonly groups: number[] }
  | { readonly type: 'AcceptTermsOfUse' };

export interface Decision {
  readonly granted: boolean;
  readonly rule: RuleName;
  /** The catalogue message of a denial; null when granted. */
  readonly message: string | null;
  readonly status: 200 | 403 | 404;
  /** Empty when granted. Shared and frozen: copy before changing. */
  readonly actionsRequired: readonly ActionRequired[];
}
