import { messages } from './messages.js';
import {
  ACCESS_TYPES,
  ACT_TEAM,
  NOT_SHAREABLE,
  PUBLIC,
  PUBLIC_PRINCIPALS,
  higherRestrictionLevel,
  restrictionLevelOf,
  type AccessType,
  type Action,
  type ActionRequired,
  type Decision,
  type EntityType,
  type RestrictionLevel,
  type RuleName,
} from './model.js';
import {
  ACCESS_BIT,
  ANONYMOUS_PRINCIPALS,
  type Acl,
  type AclBits,
  type DecisionState,
  type EntityRecord,
  type PathFacts,
  type Caller,
  type UserFacts,
  callerOf,
  sortedIds,
} from './state.js';

/**
 * The decision engine: a pure function of a DecisionState and a request (SPEC §5–§7). Each action is a chain of
 * named rules evaluated in order; the first rule that decides wins and is reported with its message and the
 * actions that would lift a denial.
 */

export interface DecisionRequest {
  /** null for an anonymous caller. */
  readonly userId: number | null;
  readonly entityId: number;
  readonly action: Action;
  /** Epoch milliseconds; approvals are judged unexpired against it. */
  readonly now: number;
  /** CREATE only: the type of the child to be created (absent = not a project). */
  readonly createType?: EntityType;
  /** SHARE only: the access types the sharer wants to grant; absent = "may this user share at all". */
  readonly shareChange?: readonly AccessType[];
}

/** Rules that appear in the chains; checkMove and checkAclChange have rules of their own. */
export type ChainRuleName = Exclude<
  RuleName,
  | 'GRANT_IF_ACT'
  | 'DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS'
  | 'GRANT_IF_ACCESS_RESTRICTIONS_KEPT'
  | 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC'
  | 'GRANT_IF_NOT_MADE_PUBLIC'
>;

/**
 * The chains of §5, rule for rule. DENY_IF_USER_DISABLED heads every chain so that a disabled account is never
 * granted anything, even through a check run on its behalf (§1.3, §2).
 */
export const CHAINS: Readonly<Record<Action, readonly ChainRuleName[]>> = {
  DOWNLOAD: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
    'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
    'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET',
    'GRANT_IF_OPEN_DATA_WITH_READ',
    'DENY_IF_ANONYMOUS',
    'DENY_IF_EGRESS_SUSPENDED',
    'GRANT_IF_HAS_DOWNLOAD',
    'DENY',
  ],
  READ: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
    'GRANT_IF_HAS_READ',
    'DENY',
  ],
  UPDATE: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
    'DENY_IF_ANONYMOUS',
    'DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED',
    'GRANT_IF_HAS_UPDATE',
    'DENY',
  ],
  CREATE: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
    'DENY_IF_ANONYMOUS',
    'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED',
    'GRANT_IF_HAS_CREATE',
    'DENY',
  ],
  DELETE: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'GRANT_IF_ADMIN', // before IN_TRASH: an admin may purge
    'DENY_IF_IN_TRASH',
    'DENY_IF_ANONYMOUS',
    'GRANT_IF_HAS_DELETE',
    'DENY',
  ],
  CHANGE_PERMISSIONS: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_ANONYMOUS',
    'GRANT_IF_HAS_CHANGE_PERMISSIONS',
    'DENY',
  ],
  SHARE: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_ANONYMOUS',
    'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS',
    'GRANT_IF_HAS_SHARE',
    'DENY',
  ],
  CHANGE_SETTINGS: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_ANONYMOUS',
    'DENY_IF_NOT_CERTIFIED',
    'GRANT_IF_USER_IS_CREATOR',
    'GRANT_IF_HAS_CHANGE_SETTINGS',
    'DENY',
  ],
  MODERATE: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_ANONYMOUS',
    'GRANT_IF_HAS_MODERATE',
    'DENY',
  ],
  COMPUTE: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
    'DENY_IF_ANONYMOUS',
    'DENY_IF_EGRESS_SUSPENDED',
    'GRANT_IF_HAS_COMPUTE',
    'DENY',
  ],
  REMOVE_ACL: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'DENY_IF_PARENT_IS_ROOT',
    'GRANT_IF_ADMIN',
    'DENY_IF_ANONYMOUS',
    'GRANT_IF_HAS_CHANGE_PERMISSIONS',
    'DENY',
  ],
  // Reading the ACL, not the data: whoever may change the ACL (CHANGE_PERMISSIONS, or SHARE, which adds to it)
  // may read it, inside the authorization domain or not (§9: an owner outside the AD can still share, and a PUT
  // replaces the whole ACL). Everyone else needs READ, under the AD like READ itself.
  READ_ACL: [
    'DENY_IF_USER_DISABLED',
    'DENY_IF_DOES_NOT_EXIST',
    'DENY_IF_IN_TRASH',
    'GRANT_IF_ADMIN',
    'GRANT_IF_HAS_CHANGE_PERMISSIONS',
    'GRANT_IF_HAS_SHARE',
    'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
    'GRANT_IF_HAS_READ',
    'DENY',
  ],
};

/** The access type an action is about: used by the final DENY message and by RequestDownload. */
const ACTION_ACCESS_TYPE: Readonly<Record<Action, AccessType>> = {
  READ: 'READ',
  DOWNLOAD: 'DOWNLOAD',
  CREATE: 'CREATE',
  UPDATE: 'UPDATE',
  DELETE: 'DELETE',
  CHANGE_PERMISSIONS: 'CHANGE_PERMISSIONS',
  SHARE: 'SHARE',
  CHANGE_SETTINGS: 'CHANGE_SETTINGS',
  MODERATE: 'MODERATE',
  COMPUTE: 'COMPUTE',
  REMOVE_ACL: 'CHANGE_PERMISSIONS',
  READ_ACL: 'READ',
};

/**
 * Actions that an authorization domain constrains (§9); the chains above place the rule accordingly. READ_ACL is
 * constrained for those who may only read it, so its denials offer to join the domain as READ's do.
 */
const AD_CONSTRAINED: ReadonlySet<Action> = new Set<Action>(['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'COMPUTE', 'READ_ACL']);

const NO_ACTIONS: readonly ActionRequired[] = Object.freeze([]);

/** Granted decisions carry nothing request-specific, so one frozen object per rule serves every call. */
const GRANTED = new Map<RuleName, Decision>();
function granted(rule: RuleName): Decision {
  let decision = GRANTED.get(rule);
  if (decision === undefined) {
    decision = Object.freeze({ granted: true, rule, message: null, status: 200, actionsRequired: NO_ACTIONS });
    GRANTED.set(rule, decision);
  }
  return decision;
}

const LACK_ACCESS = Object.fromEntries(ACCESS_TYPES.map((t) => [t, messages.lackAccess(t)])) as Record<
  AccessType,
  string
>;

/** Facts of a user the state does not know: nothing of their own is granted. */
const UNKNOWN_USER: UserFacts = {
  isAdmin: false,
  isCertified: false,
  isValidated: false,
  has2fa: false,
  egressSuspended: false,
  disabled: false,
  acceptedTerms: false,
};
const ANONYMOUS: Caller = callerOf({ ...UNKNOWN_USER, acceptedTerms: true }, ANONYMOUS_PRINCIPALS);
const PUBLIC_ONLY: ReadonlySet<number> = new Set([PUBLIC]);
const PUBLIC_ONLY_IDS = sortedIds(PUBLIC_ONLY);
const MISSING: EntityRecord = Object.freeze({
  id: -1,
  parentId: null,
  type: 'folder',
  trashed: false,
  dataType: 'SENSITIVE_DATA',
  createdBy: -1,
});

const enum ArScan {
  NotScanned,
  Unmet,
  TwoFaMissing,
  Clear,
}

const NO_PATH: PathFacts = Object.freeze({
  inTrash: false,
  benefactorId: -1,
  benefactorAcl: undefined,
  benefactorBits: undefined,
  projectId: -1,
  domainGroups: Object.freeze([]) as readonly number[],
  accessRequirementIds: Object.freeze([]) as readonly number[],
});

/**
 * Everything a chain may consult, computed once per request. What the path decides comes from the state
 * (`DecisionState.path`), kept there per entity; the AR scan is done lazily because only DOWNLOAD needs it.
 */
class Context {
  readonly exists: boolean;
  readonly entity: EntityRecord;
  readonly path: PathFacts;
  readonly facts: UserFacts;
  /** Every principal of the caller; used for AR ACLs. */
  readonly principals: ReadonlySet<number>;
  /**
   * The principals that count on entity ACLs. A signed-in user who has not accepted the current terms of use may
   * only read public content (§2), so only PUBLIC counts for them.
   */
  readonly aclPrincipals: ReadonlySet<number>;
  /** principals ascending, for merging with an ACL's principal ids. */
  readonly principalIds: Float64Array;
  /** aclPrincipals ascending. */
  readonly aclPrincipalIds: Float64Array;
  /** The terms-of-use restriction above applies. */
  readonly termsPending: boolean;
  action: Action = 'READ';
  createType: EntityType | undefined = undefined;
  shareChange: readonly AccessType[] | undefined = undefined;
  private arScan: ArScan = ArScan.NotScanned;
  /** The access types the caller holds on the benefactor ACL, as ACCESS_BIT masks; -1 until computed. */
  private accessBits = -1;
  private uploader: boolean | undefined = undefined;

  constructor(
    readonly state: DecisionState,
    readonly userId: number | null,
    readonly entityId: number,
    readonly now: number,
  ) {
    const caller =
      userId === null ? ANONYMOUS : (state.caller(userId) ?? callerOf(UNKNOWN_USER, state.principals(userId)));
    this.facts = caller;
    this.principals = caller.principals;
    this.principalIds = caller.principalIds;
    this.termsPending = userId !== null && !this.facts.acceptedTerms;
    this.aclPrincipals = this.termsPending ? PUBLIC_ONLY : this.principals;
    this.aclPrincipalIds = this.termsPending ? PUBLIC_ONLY_IDS : this.principalIds;

    const entity = state.entity(entityId);
    this.exists = entity !== undefined;
    this.entity = entity ?? MISSING;
    this.path = entity === undefined ? NO_PATH : state.path(entity);
  }

  get inTrash(): boolean {
    return this.path.inTrash;
  }

  get benefactorId(): number {
    return this.path.benefactorId;
  }

  get benefactorAcl(): Acl | undefined {
    return this.path.benefactorAcl;
  }

  get projectId(): number {
    return this.path.projectId;
  }

  get isAdmin(): boolean {
    return this.userId !== null && this.facts.isAdmin;
  }

  has(accessType: AccessType): boolean {
    if (this.accessBits < 0) this.accessBits = heldBits(this.path.benefactorBits, this.aclPrincipalIds);
    return (this.accessBits & ACCESS_BIT[accessType]) !== 0;
  }

  /** UPDATE and DELETE through the benefactor ACL (§3); only a signed-in user can be one. */
  isDataContributor(): boolean {
    return this.userId !== null && this.has('UPDATE') && this.has('DELETE');
  }

  isUploader(): boolean {
    if (this.uploader === undefined) {
      this.uploader =
        this.userId !== null && this.entity.type === 'file' && this.state.uploaderOf(this.entityId) === this.userId;
    }
    return this.uploader;
  }

  isApproved(accessRequirementId: number): boolean {
    if (this.userId === null) return false;
    // A Lock can never be approved, whatever approvals the store may hold (§4).
    const requirement = this.state.accessRequirement(accessRequirementId);
    if (requirement === undefined || requirement.type === 'Lock') return false;
    return this.state.hasApproval(this.userId, accessRequirementId, this.now);
  }

  isExemptionEligible(accessRequirementId: number): boolean {
    const acl = this.state.accessRequirementAcl(accessRequirementId);
    if (acl === undefined) return false;
    for (const principalId of this.principals) {
      if (acl.get(principalId)?.has('EXEMPTION_ELIGIBLE') === true) return true;
    }
    return false;
  }

  /** §7: exemption needs both grants, so it ends as soon as either is removed. */
  isExempt(accessRequirementId: number): boolean {
    return this.isDataContributor() && this.isExemptionEligible(accessRequirementId);
  }

  /** Met: an approval held by the user alone, or being the uploader of this file (§4). */
  isMet(accessRequirementId: number): boolean {
    return this.isUploader() || this.isApproved(accessRequirementId);
  }

  /** One walk answers both rule 5 (any unmet, non-exempt AR) and rule 6 (any AR requiring 2FA). */
  scanAccessRequirements(): ArScan {
    if (this.arScan !== ArScan.NotScanned) return this.arScan;
    let twoFaMissing = false;
    const ids = this.path.accessRequirementIds;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!this.isMet(id) && !this.isExempt(id)) return (this.arScan = ArScan.Unmet);
      if (!twoFaMissing && !this.facts.has2fa && this.state.accessRequirement(id)?.requires2fa === true) {
        twoFaMissing = true;
      }
    }
    return (this.arScan = twoFaMissing ? ArScan.TwoFaMissing : ArScan.Clear);
  }

  isInAuthorizationDomain(): boolean {
    const groups = this.path.domainGroups;
    if (groups.length === 0) return true;
    if (this.userId === null) return false;
    for (let i = 0; i < groups.length; i++) {
      if (!this.state.isGroupMember(this.userId, groups[i])) return false;
    }
    return true;
  }
}

/** The union of the access types the principals (ascending) hold on an ACL, as ACCESS_BIT masks. */
function heldBits(bits: AclBits | undefined, principalIds: Float64Array): number {
  if (bits === undefined) return 0;
  // Both lists are ascending: one merge, no hashing.
  let held = 0;
  let i = 0;
  let j = 0;
  while (i < bits.length && j < principalIds.length) {
    const a = bits[i];
    const p = principalIds[j];
    if (a === p) {
      held |= bits[i + 1];
      i += 2;
      j++;
    } else if (a < p) i += 2;
    else j++;
  }
  return held;
}

type Rule = (c: Context) => Decision | undefined;

const RULES: Readonly<Record<ChainRuleName, Rule>> = {
  DENY_IF_USER_DISABLED: (c) =>
    c.facts.disabled ? deny(c, 'DENY_IF_USER_DISABLED', messages.userDisabled) : undefined,
  DENY_IF_DOES_NOT_EXIST: (c) =>
    c.exists ? undefined : deny(c, 'DENY_IF_DOES_NOT_EXIST', messages.doesNotExist(c.entityId), 404),
  DENY_IF_IN_TRASH: (c) => (c.inTrash ? deny(c, 'DENY_IF_IN_TRASH', messages.inTrash(c.entityId)) : undefined),
  GRANT_IF_ADMIN: (c) => (c.isAdmin ? granted('GRANT_IF_ADMIN') : undefined),
  DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN: (c) =>
    c.isInAuthorizationDomain()
      ? undefined
      : deny(c, 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN', messages.notInAuthorizationDomain),
  DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS: (c) =>
    c.scanAccessRequirements() === ArScan.Unmet
      ? deny(c, 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS', messages.unmetAccessRequirements)
      : undefined,
  DENY_IF_TWO_FA_REQUIREMENT_NOT_MET: (c) =>
    c.scanAccessRequirements() === ArScan.TwoFaMissing
      ? deny(c, 'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET', messages.twoFaRequired)
      : undefined,
  GRANT_IF_OPEN_DATA_WITH_READ: (c) =>
    c.entity.dataType === 'OPEN_DATA' && c.has('READ') ? granted('GRANT_IF_OPEN_DATA_WITH_READ') : undefined,
  DENY_IF_ANONYMOUS: (c) =>
    c.userId === null ? deny(c, 'DENY_IF_ANONYMOUS', messages.anonymousReadOnly) : undefined,
  DENY_IF_EGRESS_SUSPENDED: (c) =>
    c.facts.egressSuspended ? deny(c, 'DENY_IF_EGRESS_SUSPENDED', messages.egressSuspended) : undefined,
  GRANT_IF_HAS_DOWNLOAD: (c) => (c.has('DOWNLOAD') ? granted('GRANT_IF_HAS_DOWNLOAD') : undefined),
  GRANT_IF_HAS_READ: (c) => (c.has('READ') ? granted('GRANT_IF_HAS_READ') : undefined),
  DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED: (c) =>
    c.entity.type !== 'project' && !c.facts.isCertified
      ? deny(c, 'DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED', messages.certifiedOnly)
      : undefined,
  GRANT_IF_HAS_UPDATE: (c) => (c.has('UPDATE') ? granted('GRANT_IF_HAS_UPDATE') : undefined),
  DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED: (c) =>
    c.createType !== 'project' && !c.facts.isCertified
      ? deny(c, 'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED', messages.certifiedOnly)
      : undefined,
  GRANT_IF_HAS_CREATE: (c) => (c.has('CREATE') ? granted('GRANT_IF_HAS_CREATE') : undefined),
  GRANT_IF_HAS_DELETE: (c) => (c.has('DELETE') ? granted('GRANT_IF_HAS_DELETE') : undefined),
  GRANT_IF_HAS_CHANGE_PERMISSIONS: (c) =>
    c.has('CHANGE_PERMISSIONS') ? granted('GRANT_IF_HAS_CHANGE_PERMISSIONS') : undefined,
  DENY_IF_SHARE_EXCEEDS_OWN_ACCESS: (c) => {
    // Part of §5's GRANT_IF_HAS_SHARE: a sharer passes on a subset of their own types, never SHARE or
    // CHANGE_PERMISSIONS. Named apart so that the denial says why.
    if (c.shareChange === undefined || !c.has('SHARE')) return undefined;
    const notAllowed = ACCESS_TYPES.filter((t) => c.shareChange?.includes(t) && (NOT_SHAREABLE.has(t) || !c.has(t)));
    return notAllowed.length === 0
      ? undefined
      : deny(c, 'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS', messages.shareExceedsOwnAccess(notAllowed));
  },
  GRANT_IF_HAS_SHARE: (c) => (c.has('SHARE') ? granted('GRANT_IF_HAS_SHARE') : undefined),
  DENY_IF_NOT_CERTIFIED: (c) =>
    c.facts.isCertified ? undefined : deny(c, 'DENY_IF_NOT_CERTIFIED', messages.certifiedOnly),
  GRANT_IF_USER_IS_CREATOR: (c) =>
    !c.termsPending && c.userId !== null && c.entity.createdBy === c.userId
      ? granted('GRANT_IF_USER_IS_CREATOR')
      : undefined,
  GRANT_IF_HAS_CHANGE_SETTINGS: (c) =>
    c.has('CHANGE_SETTINGS') ? granted('GRANT_IF_HAS_CHANGE_SETTINGS') : undefined,
  GRANT_IF_HAS_MODERATE: (c) => (c.has('MODERATE') ? granted('GRANT_IF_HAS_MODERATE') : undefined),
  GRANT_IF_HAS_COMPUTE: (c) => (c.has('COMPUTE') ? granted('GRANT_IF_HAS_COMPUTE') : undefined),
  DENY_IF_PARENT_IS_ROOT: (c) =>
    c.entity.parentId === null ? deny(c, 'DENY_IF_PARENT_IS_ROOT', messages.cannotRemoveProjectAcl) : undefined,
  DENY: (c) => deny(c, 'DENY', LACK_ACCESS[ACTION_ACCESS_TYPE[c.action]]),
};

const COMPILED = new Map<Action, readonly Rule[]>(
  (Object.keys(CHAINS) as Action[]).map((action) => [action, CHAINS[action].map((name) => RULES[name])]),
);

function run(c: Context, action: Action, createType?: EntityType, shareChange?: readonly AccessType[]): Decision {
  const chain = COMPILED.get(action);
  if (chain === undefined) throw new TypeError(`unknown action: ${String(action)}`);
  c.action = action;
  c.createType = createType;
  c.shareChange = shareChange;
  for (let i = 0; i < chain.length; i++) {
    const decision = chain[i](c);
    if (decision !== undefined) return decision;
  }
  // Every chain ends in DENY, so this is unreachable; fail closed all the same.
  return deny(c, 'DENY', LACK_ACCESS[ACTION_ACCESS_TYPE[action]]);
}

/**
 * CHAINS.DOWNLOAD unrolled, for the hot path: the same rules in the same order, but each called from a call site
 * of its own so that the JIT can inline it (the loop in run() calls every rule from one site).
 */
const DOWNLOAD_RULES = CHAINS.DOWNLOAD.map((name) => RULES[name]);
if (DOWNLOAD_RULES.length !== 12) throw new Error('runDownload must be unrolled again: CHAINS.DOWNLOAD changed length');
const [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11] = DOWNLOAD_RULES;

function runDownload(c: Context): Decision {
  c.action = 'DOWNLOAD';
  return (
    d0(c) ?? d1(c) ?? d2(c) ?? d3(c) ?? d4(c) ?? d5(c) ?? d6(c) ?? d7(c) ?? d8(c) ?? d9(c) ?? d10(c) ?? d11(c) ??
    deny(c, 'DENY', LACK_ACCESS.DOWNLOAD)
  );
}

function deny(c: Context, rule: ChainRuleName, message: string, status: 403 | 404 = 403): Decision {
  return { granted: false, rule, message, status, actionsRequired: actionsFor(c, rule) };
}

/** A denial that nothing on the actions-required list could lift. */
function denyOutright(rule: RuleName, message: string, status: 403 | 404 = 403): Decision {
  return { granted: false, rule, message, status, actionsRequired: NO_ACTIONS };
}

/** Denials that no action of the user can lift. */
const FINAL_DENIALS: ReadonlySet<ChainRuleName> = new Set<ChainRuleName>([
  'DENY_IF_USER_DISABLED',
  'DENY_IF_DOES_NOT_EXIST',
  'DENY_IF_IN_TRASH',
  'DENY_IF_PARENT_IS_ROOT',
]);

/**
 * §6. For DOWNLOAD the full list; for the other actions what applies to them (authorization domain, terms).
 * Signing in is a precondition rather than an action, so an anonymous caller gets none. The list describes the
 * user as if the terms were accepted, since AcceptTermsOfUse is itself on the list.
 */
function actionsFor(c: Context, rule: ChainRuleName): readonly ActionRequired[] {
  if (c.userId === null || FINAL_DENIALS.has(rule)) return NO_ACTIONS;
  const actions: ActionRequired[] = [];
  if (c.action === 'DOWNLOAD') downloadActions(c, actions);
  if (AD_CONSTRAINED.has(c.action)) {
    const missing = missingDomainGroups(c);
    if (missing.length > 0) actions.push({ type: 'JoinAuthorizationDomain', groups: missing });
  }
  if (c.termsPending) actions.push({ type: 'AcceptTermsOfUse' });
  return actions.length === 0 ? NO_ACTIONS : actions;
}

function downloadActions(c: Context, actions: ActionRequired[]): void {
  // As if the terms were accepted: the user's own principals count, not only PUBLIC.
  const held = heldBits(c.path.benefactorBits, c.principalIds);
  const contributor = (held & ACCESS_BIT.UPDATE) !== 0 && (held & ACCESS_BIT.DELETE) !== 0;
  let twoFa = false;
  for (const id of c.path.accessRequirementIds) {
    if (!c.facts.has2fa && c.state.accessRequirement(id)?.requires2fa === true) twoFa = true;
    const eligible = c.isExemptionEligible(id);
    if (c.isMet(id) || (contributor && eligible)) continue;
    const teams = contributor ? joinableExemptionTeams(c, id) : [];
    actions.push(
      teams.length > 0
        ? { type: 'MeetAccessRequirement', accessRequirementId: id, exemptionEligibleTeamIds: teams }
        : { type: 'MeetAccessRequirement', accessRequirementId: id },
    );
  }
  if (twoFa) actions.push({ type: 'EnableTwoFa' });
  if (actions.length > 0 || c.benefactorId < 0) return;
  const canByPermission =
    (held & ACCESS_BIT.DOWNLOAD) !== 0 || (c.entity.dataType === 'OPEN_DATA' && (held & ACCESS_BIT.READ) !== 0);
  if (!canByPermission) actions.push({ type: 'RequestDownload', benefactorId: c.benefactorId });
}

/** Teams granted EXEMPTION_ELIGIBLE on the AR that the user is not in yet; ADMIN and ACT are not joined on request. */
function joinableExemptionTeams(c: Context, accessRequirementId: number): number[] {
  const acl = c.state.accessRequirementAcl(accessRequirementId);
  if (acl === undefined) return [];
  const teams: number[] = [];
  for (const [principalId, types] of acl) {
    if (
      types.has('EXEMPTION_ELIGIBLE') &&
      principalId > ACT_TEAM &&
      c.state.isTeam(principalId) &&
      !c.principals.has(principalId)
    ) {
      teams.push(principalId);
    }
  }
  return teams.sort(byNumber);
}

function missingDomainGroups(c: Context): number[] {
  const groups = c.path.domainGroups;
  if (groups.length === 0) return [];
  const missing: number[] = [];
  for (const groupId of groups) {
    if (c.userId === null || !c.state.isGroupMember(c.userId, groupId)) missing.push(groupId);
  }
  return [...new Set(missing)].sort(byNumber);
}

function byNumber(a: number, b: number): number {
  return a - b;
}

// ---- Public API ---------------------------------------------------------------------------------------------

/** Decides one action on one entity for one caller (§5). */
export function decide(state: DecisionState, request: DecisionRequest): Decision {
  const c = new Context(state, request.userId, request.entityId, request.now);
  if (request.action === 'DOWNLOAD') return runDownload(c);
  return run(c, request.action, request.createType, request.shareChange);
}

/** §6: what would lift a denied DOWNLOAD, in the specified order; empty when DOWNLOAD is granted. */
export function actionsRequired(
  state: DecisionState,
  userId: number | null,
  entityId: number,
  now: number,
): readonly ActionRequired[] {
  return decide(state, { userId, entityId, action: 'DOWNLOAD', now }).actionsRequired;
}

export interface PermissionsSummary {
  readonly canView: boolean;
  readonly canDownload: boolean;
  readonly canEdit: boolean;
  readonly canAddChild: boolean;
  readonly canDelete: boolean;
  readonly canChangePermissions: boolean;
  readonly canChangeSettings: boolean;
  readonly canModerate: boolean;
  readonly canShare: boolean;
  readonly canCompute: boolean;
  readonly canMove: boolean;
  readonly canPublicRead: boolean;
  readonly isDataContributor: boolean;
  readonly isOpenData: boolean;
  readonly isCertified: boolean;
}

/** §3's summary for the caller; undefined when the entity does not exist. */
export function permissionsSummary(
  state: DecisionState,
  userId: number | null,
  entityId: number,
  now: number,
): PermissionsSummary | undefined {
  const c = new Context(state, userId, entityId, now);
  if (!c.exists) return undefined;
  const can = (action: Action): boolean => run(c, action).granted;
  const canEdit = can('UPDATE');
  const canChangePermissions = can('CHANGE_PERMISSIONS');
  return {
    canView: can('READ'),
    canDownload: can('DOWNLOAD'),
    canEdit,
    canAddChild: can('CREATE'),
    canDelete: can('DELETE'),
    canChangePermissions,
    canChangeSettings: can('CHANGE_SETTINGS'),
    canModerate: can('MODERATE'),
    canShare: can('SHARE'),
    canCompute: can('COMPUTE'),
    // As the move endpoint decides: UPDATE on the entity (projects do not move); CREATE on the target and the
    // move rule are checked per target.
    canMove: canEdit && c.entity.type !== 'project',
    canPublicRead: c.benefactorAcl?.get(PUBLIC)?.has('READ') === true,
    isDataContributor: c.isDataContributor(),
    isOpenData: c.entity.dataType === 'OPEN_DATA',
    isCertified: c.facts.isCertified,
  };
}

export interface RestrictionDetail {
  readonly accessRequirementId: number;
  /** The user holds an APPROVED, unexpired approval (never for a Lock). */
  readonly isApproved: boolean;
  /** The AR no longer stands in the way: approved, uploader of this file, or exempt. */
  readonly isMet: boolean;
  readonly isExempt: boolean;
}

export interface RestrictionInformation {
  readonly restrictionLevel: RestrictionLevel;
  readonly hasUnmetAccessRequirement: boolean;
  /** One per distinct AR on the path, ascending by id. */
  readonly restrictionDetails: readonly RestrictionDetail[];
}

/** §6 for one entity; undefined when the entity does not exist. */
export function restrictionInformation(
  state: DecisionState,
  userId: number | null,
  entityId: number,
  now: number,
): RestrictionInformation | undefined {
  const c = new Context(state, userId, entityId, now);
  if (!c.exists) return undefined;
  let restrictionLevel: RestrictionLevel = 'OPEN';
  let hasUnmetAccessRequirement = false;
  const restrictionDetails: RestrictionDetail[] = [];
  for (const id of c.path.accessRequirementIds) {
    restrictionLevel = higherRestrictionLevel(restrictionLevel, restrictionLevelOf(state.accessRequirement(id)?.type));
    const isApproved = c.isApproved(id);
    const isExempt = c.isExempt(id);
    const isMet = isApproved || c.isUploader() || isExempt;
    if (!isMet) hasUnmetAccessRequirement = true;
    restrictionDetails.push({ accessRequirementId: id, isApproved, isMet, isExempt });
  }
  return { restrictionLevel, hasUnmetAccessRequirement, restrictionDetails };
}

/**
 * The move rule of §3: outside ACT (admins count as ACT here, as everywhere else they are let through), a user
 * may not move an entity to where fewer ARs apply. The ARs bound to the entity itself travel with it, so what
 * must survive are those it inherits today. Permission to move (UPDATE, CREATE on the target) is decided apart.
 */
export function checkMove(
  state: DecisionState,
  userId: number | null,
  entityId: number,
  newParentId: number,
): Decision {
  const c = new Context(state, userId, entityId, 0);
  if (c.facts.disabled) return denyOutright('DENY_IF_USER_DISABLED', messages.userDisabled);
  if (!c.exists) return denyOutright('DENY_IF_DOES_NOT_EXIST', messages.doesNotExist(entityId), 404);
  const target = state.entity(newParentId);
  if (target === undefined) return denyOutright('DENY_IF_DOES_NOT_EXIST', messages.doesNotExist(newParentId), 404);
  if (userId === null) return denyOutright('DENY_IF_ANONYMOUS', messages.anonymousReadOnly);
  if (c.isAdmin) return granted('GRANT_IF_ADMIN');
  if (c.principals.has(ACT_TEAM)) return granted('GRANT_IF_ACT');
  const parent = state.parent(c.entity);
  if (parent !== undefined) {
    const kept = new Set(state.path(target).accessRequirementIds);
    for (const id of state.path(parent).accessRequirementIds) {
      if (!kept.has(id)) {
        return denyOutright('DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS', messages.moveToFewerRestrictions);
      }
    }
  }
  return granted('GRANT_IF_ACCESS_RESTRICTIONS_KEPT');
}

/**
 * §9: an entity under an authorization domain may not be shared with PUBLIC, AUTHENTICATED or ANONYMOUS, by anyone.
 * `principalIds` are the principals the new ACL would hold. Who may change the ACL is decided apart.
 */
export function checkAclChange(state: DecisionState, entityId: number, principalIds: Iterable<number>): Decision {
  const c = new Context(state, null, entityId, 0);
  if (!c.exists) return denyOutright('DENY_IF_DOES_NOT_EXIST', messages.doesNotExist(entityId), 404);
  if (state.authorizationDomain(c.projectId).length > 0) {
    for (const principalId of principalIds) {
      if (PUBLIC_PRINCIPALS.has(principalId)) {
        return denyOutright('DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC', messages.authorizationDomainMadePublic);
      }
    }
  }
  return granted('GRANT_IF_NOT_MADE_PUBLIC');
}

/** ARs bound to a team that the user has not met; joining needs every one met (§4). Ascending ids. */
export function unmetTeamAccessRequirements(
  state: DecisionState,
  userId: number,
  teamId: number,
  now: number,
): number[] {
  const c = new Context(state, userId, -1, now);
  return [...new Set(state.accessRequirementIdsOnTeam(teamId))].filter((id) => !c.isApproved(id)).sort(byNumber);
}
