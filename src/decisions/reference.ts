import { messages } from './messages.js';
import {
  ACCESS_TYPES,
  ACT_TEAM,
  ADMIN_TEAM,
  ANONYMOUS,
  AUTHENTICATED,
  PUBLIC,
  type AccessRequirementAccessType,
  type AccessRequirementType,
  type AccessType,
  type ActionRequired,
  type DataType,
  type Decision,
  type EntityType,
  type RestrictionLevel,
  type RuleName,
} from './model.js';
import type { DecisionRequest, PermissionsSummary, RestrictionInformation } from './engine.js';

/**
 * A second, deliberately naive evaluator of SPEC §5–§7, used only by the differential test. It shares nothing
 * with engine.ts but the vocabulary and the message catalogue: it reads plain lists, recomputes everything on
 * every call, and spells each chain out as a sequence of ifs. Slow on purpose; never use it to serve.
 */

export interface RawEntity {
  id: number;
  parentId: number | null;
  type: EntityType;
  trashed: boolean;
  dataType: DataType;
  createdBy: number;
  uploadedBy: number | null;
}

export interface RawUser {
  id: number;
  isCertified: boolean;
  isValidated: boolean;
  has2fa: boolean;
  egressSuspended: boolean;
  disabled: boolean;
  acceptedTerms: boolean;
}

export interface RawApproval {
  id: number;
  accessRequirementId: number;
  accessorId: number;
  state: 'APPROVED' | 'REVOKED';
  expiresOn: number | null;
}

export interface RawState {
  entities: RawEntity[];
  /** Entities that have an ACL of their own (possibly with no entries). */
  aclOwners: number[];
  aclEntries: { entityId: number; principalId: number; accessType: AccessType }[];
  accessRequirements: { id: number; type: AccessRequirementType; requires2fa: boolean }[];
  entityBindings: { accessRequirementId: number; entityId: number }[];
  teamBindings: { accessRequirementId: number; teamId: number }[];
  accessRequirementAclEntries: {
    accessRequirementId: number;
    principalId: number;
    accessType: AccessRequirementAccessType;
  }[];
  authorizationDomains: { projectId: number; groupId: number }[];
  users: RawUser[];
  teams: number[];
  memberships: { groupId: number; memberId: number }[];
  approvals: RawApproval[];
}

export function emptyRawState(): RawState {
  return {
    entities: [],
    aclOwners: [],
    aclEntries: [],
    accessRequirements: [],
    entityBindings: [],
    teamBindings: [],
    accessRequirementAclEntries: [],
    authorizationDomains: [],
    users: [],
    teams: [ADMIN_TEAM, ACT_TEAM],
    memberships: [],
    approvals: [],
  };
}

// ---- plain helpers --------------------------------------------------------------------------------------------

function findEntity(raw: RawState, id: number): RawEntity | undefined {
  return raw.entities.find((e) => e.id === id);
}

/** The entity, then its parent, up to the top. */
function pathOf(raw: RawState, entity: RawEntity): RawEntity[] {
  const path: RawEntity[] = [entity];
  let parentId = entity.parentId;
  while (parentId !== null) {
    const parent = findEntity(raw, parentId);
    if (parent === undefined) break;
    path.push(parent);
    parentId = parent.parentId;
  }
  return path;
}

function principalsOf(raw: RawState, userId: number | null): number[] {
  if (userId === null) return [PUBLIC, ANONYMOUS];
  const result = [userId, PUBLIC, AUTHENTICATED];
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of raw.memberships) {
      if (result.includes(m.memberId) && !result.includes(m.groupId)) {
        result.push(m.groupId);
        grew = true;
      }
    }
  }
  return result;
}

interface Who {
  userId: number | null;
  principals: number[];
  /** Principals that count on entity ACLs: PUBLIC alone for a user who has not accepted the terms. */
  aclPrincipals: number[];
  termsPending: boolean;
  isAdmin: boolean;
  isCertified: boolean;
  has2fa: boolean;
  egressSuspended: boolean;
  disabled: boolean;
}

function who(raw: RawState, userId: number | null): Who {
  const principals = principalsOf(raw, userId);
  if (userId === null) {
    return {
      userId,
      principals,
      aclPrincipals: principals,
      termsPending: false,
      isAdmin: false,
      isCertified: false,
      has2fa: false,
      egressSuspended: false,
      disabled: false,
    };
  }
  const user = raw.users.find((u) => u.id === userId);
  const acceptedTerms = user !== undefined && user.acceptedTerms;
  return {
    userId,
    principals,
    aclPrincipals: acceptedTerms ? principals : [PUBLIC],
    termsPending: !acceptedTerms,
    isAdmin: user !== undefined && principals.includes(ADMIN_TEAM),
    isCertified: user !== undefined && user.isCertified,
    has2fa: user !== undefined && user.has2fa,
    egressSuspended: user !== undefined && user.egressSuspended,
    disabled: user !== undefined && user.disabled,
  };
}

function benefactorOf(raw: RawState, path: RawEntity[]): RawEntity | undefined {
  return path.find((e) => raw.aclOwners.includes(e.id));
}

function granting(raw: RawState, benefactor: RawEntity | undefined, principals: number[], type: AccessType): boolean {
  if (benefactor === undefined) return false;
  return raw.aclEntries.some(
    (a) => a.entityId === benefactor.id && principals.includes(a.principalId) && a.accessType === type,
  );
}

function accessRequirementsOn(raw: RawState, entities: RawEntity[]): number[] {
  const ids: number[] = [];
  for (const b of raw.entityBindings) {
    if (entities.some((e) => e.id === b.entityId) && !ids.includes(b.accessRequirementId)) {
      ids.push(b.accessRequirementId);
    }
  }
  return ids.sort((a, b) => a - b);
}

function typeOf(raw: RawState, accessRequirementId: number): AccessRequirementType | undefined {
  return raw.accessRequirements.find((r) => r.id === accessRequirementId)?.type;
}

function approved(raw: RawState, w: Who, accessRequirementId: number, now: number): boolean {
  if (w.userId === null) return false;
  const type = typeOf(raw, accessRequirementId);
  if (type === undefined || type === 'Lock') return false;
  return raw.approvals.some(
    (a) =>
      a.accessRequirementId === accessRequirementId &&
      a.accessorId === w.userId &&
      a.state === 'APPROVED' &&
      (a.expiresOn === null || a.expiresOn > now),
  );
}

function eligible(raw: RawState, w: Who, accessRequirementId: number): boolean {
  return raw.accessRequirementAclEntries.some(
    (e) =>
      e.accessRequirementId === accessRequirementId &&
      e.accessType === 'EXEMPTION_ELIGIBLE' &&
      w.principals.includes(e.principalId),
  );
}

function allow(rule: RuleName): Decision {
  return { granted: true, rule, message: null, status: 200, actionsRequired: [] };
}

// ---- decisions ------------------------------------------------------------------------------------------------

export function referenceDecide(raw: RawState, req: DecisionRequest): Decision {
  const w = who(raw, req.userId);
  const entity = findEntity(raw, req.entityId);
  const path = entity === undefined ? [] : pathOf(raw, entity);
  const project = path[path.length - 1];
  const benefactor = benefactorOf(raw, path);
  const has = (type: AccessType): boolean => granting(raw, benefactor, w.aclPrincipals, type);
  const adGroups = raw.authorizationDomains.filter((d) => d.projectId === project?.id).map((d) => d.groupId);
  const missingGroups = [...new Set(adGroups.filter((g) => !w.principals.includes(g)))].sort((a, b) => a - b);
  const arIds = accessRequirementsOn(raw, path);

  const actionsOf = (rule: RuleName): ActionRequired[] => {
    if (w.userId === null) return [];
    const hopeless = ['DENY_IF_USER_DISABLED', 'DENY_IF_DOES_NOT_EXIST', 'DENY_IF_IN_TRASH', 'DENY_IF_PARENT_IS_ROOT'];
    if (hopeless.includes(rule)) return [];
    const out: ActionRequired[] = [];
    if (req.action === 'DOWNLOAD' && entity !== undefined) {
      const fullHas = (type: AccessType): boolean => granting(raw, benefactor, w.principals, type);
      const fullContributor = fullHas('UPDATE') && fullHas('DELETE');
      const uploader = entity.type === 'file' && entity.uploadedBy === w.userId;
      for (const id of arIds) {
        if (uploader || approved(raw, w, id, req.now) || (fullContributor && eligible(raw, w, id))) continue;
        const teams: number[] = [];
        if (fullContributor) {
          for (const e of raw.accessRequirementAclEntries) {
            if (
              e.accessRequirementId === id &&
              e.accessType === 'EXEMPTION_ELIGIBLE' &&
              e.principalId > ACT_TEAM &&
              raw.teams.includes(e.principalId) &&
              !w.principals.includes(e.principalId) &&
              !teams.includes(e.principalId)
            ) {
              teams.push(e.principalId);
            }
          }
        }
        teams.sort((a, b) => a - b);
        out.push(
          teams.length > 0
            ? { type: 'MeetAccessRequirement', accessRequirementId: id, exemptionEligibleTeamIds: teams }
            : { type: 'MeetAccessRequirement', accessRequirementId: id },
        );
      }
      const anyTwoFa = arIds.some((id) => raw.accessRequirements.find((r) => r.id === id)?.requires2fa === true);
      if (anyTwoFa && !w.has2fa) out.push({ type: 'EnableTwoFa' });
      if (out.length === 0 && benefactor !== undefined) {
        const mayDownload = fullHas('DOWNLOAD') || (entity.dataType === 'OPEN_DATA' && fullHas('READ'));
        if (!mayDownload) out.push({ type: 'RequestDownload', benefactorId: benefactor.id });
      }
    }
    if (['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'COMPUTE', 'READ_ACL'].includes(req.action) && missingGroups.length > 0) {
      out.push({ type: 'JoinAuthorizationDomain', groups: missingGroups });
    }
    if (w.termsPending) out.push({ type: 'AcceptTermsOfUse' });
    return out;
  };
  const refuse = (rule: RuleName, message: string, status: 403 | 404 = 403): Decision => ({
    granted: false,
    rule,
    message,
    status,
    actionsRequired: actionsOf(rule),
  });
  const lack = (type: AccessType): Decision => refuse('DENY', `You lack ${type} access to the requested entity.`);

  if (w.disabled) return refuse('DENY_IF_USER_DISABLED', 'User is disabled.');
  if (entity === undefined) {
    return refuse('DENY_IF_DOES_NOT_EXIST', `Resource: 'syn${req.entityId}' does not exist`, 404);
  }
  const inTrash = path.some((e) => e.trashed);
  const trashDenial = (): Decision => refuse('DENY_IF_IN_TRASH', `Entity syn${entity.id} is in trash can.`);
  const adDenial = (): Decision | undefined =>
    missingGroups.length > 0
      ? refuse('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN', messages.notInAuthorizationDomain)
      : undefined;
  const anonymousDenial = (): Decision | undefined =>
    w.userId === null ? refuse('DENY_IF_ANONYMOUS', messages.anonymousReadOnly) : undefined;

  switch (req.action) {
    case 'READ': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const ad = adDenial();
      if (ad) return ad;
      if (has('READ')) return allow('GRANT_IF_HAS_READ');
      return lack('READ');
    }
    case 'DOWNLOAD': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const ad = adDenial();
      if (ad) return ad;
      const contributor = w.userId !== null && has('UPDATE') && has('DELETE');
      const uploader = entity.type === 'file' && w.userId !== null && entity.uploadedBy === w.userId;
      const blocking = arIds.filter(
        (id) => !(uploader || approved(raw, w, id, req.now)) && !(contributor && eligible(raw, w, id)),
      );
      if (blocking.length > 0) {
        return refuse('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS', messages.unmetAccessRequirements);
      }
      const needsTwoFa = arIds.some((id) => raw.accessRequirements.find((r) => r.id === id)?.requires2fa === true);
      if (needsTwoFa && !w.has2fa) return refuse('DENY_IF_TWO_FA_REQUIREMENT_NOT_MET', messages.twoFaRequired);
      if (entity.dataType === 'OPEN_DATA' && has('READ')) return allow('GRANT_IF_OPEN_DATA_WITH_READ');
      const anon = anonymousDenial();
      if (anon) return anon;
      if (w.egressSuspended) return refuse('DENY_IF_EGRESS_SUSPENDED', messages.egressSuspended);
      if (has('DOWNLOAD')) return allow('GRANT_IF_HAS_DOWNLOAD');
      return lack('DOWNLOAD');
    }
    case 'UPDATE': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const ad = adDenial();
      if (ad) return ad;
      const anon = anonymousDenial();
      if (anon) return anon;
      if (entity.type !== 'project' && !w.isCertified) {
        return refuse('DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED', messages.certifiedOnly);
      }
      if (has('UPDATE')) return allow('GRANT_IF_HAS_UPDATE');
      return lack('UPDATE');
    }
    case 'CREATE': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const ad = adDenial();
      if (ad) return ad;
      const anon = anonymousDenial();
      if (anon) return anon;
      if (req.createType !== 'project' && !w.isCertified) {
        return refuse('DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED', messages.certifiedOnly);
      }
      if (has('CREATE')) return allow('GRANT_IF_HAS_CREATE');
      return lack('CREATE');
    }
    case 'DELETE': {
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      if (inTrash) return trashDenial();
      const anon = anonymousDenial();
      if (anon) return anon;
      if (has('DELETE')) return allow('GRANT_IF_HAS_DELETE');
      return lack('DELETE');
    }
    case 'CHANGE_PERMISSIONS': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const anon = anonymousDenial();
      if (anon) return anon;
      if (has('CHANGE_PERMISSIONS')) return allow('GRANT_IF_HAS_CHANGE_PERMISSIONS');
      return lack('CHANGE_PERMISSIONS');
    }
    case 'SHARE': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const anon = anonymousDenial();
      if (anon) return anon;
      if (!has('SHARE')) return lack('SHARE');
      if (req.shareChange !== undefined) {
        const requested = req.shareChange;
        const refused = ACCESS_TYPES.filter(
          (t) => requested.includes(t) && (t === 'SHARE' || t === 'CHANGE_PERMISSIONS' || !has(t)),
        );
        if (refused.length > 0) {
          return refuse('DENY_IF_SHARE_EXCEEDS_OWN_ACCESS', messages.shareExceedsOwnAccess(refused));
        }
      }
      return allow('GRANT_IF_HAS_SHARE');
    }
    case 'CHANGE_SETTINGS': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const anon = anonymousDenial();
      if (anon) return anon;
      if (!w.isCertified) return refuse('DENY_IF_NOT_CERTIFIED', messages.certifiedOnly);
      if (!w.termsPending && entity.createdBy === w.userId) return allow('GRANT_IF_USER_IS_CREATOR');
      if (has('CHANGE_SETTINGS')) return allow('GRANT_IF_HAS_CHANGE_SETTINGS');
      return lack('CHANGE_SETTINGS');
    }
    case 'MODERATE': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const anon = anonymousDenial();
      if (anon) return anon;
      if (has('MODERATE')) return allow('GRANT_IF_HAS_MODERATE');
      return lack('MODERATE');
    }
    case 'COMPUTE': {
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const ad = adDenial();
      if (ad) return ad;
      const anon = anonymousDenial();
      if (anon) return anon;
      if (w.egressSuspended) return refuse('DENY_IF_EGRESS_SUSPENDED', messages.egressSuspended);
      if (has('COMPUTE')) return allow('GRANT_IF_HAS_COMPUTE');
      return lack('COMPUTE');
    }
    case 'REMOVE_ACL': {
      if (inTrash) return trashDenial();
      if (entity.parentId === null) return refuse('DENY_IF_PARENT_IS_ROOT', messages.cannotRemoveProjectAcl);
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      const anon = anonymousDenial();
      if (anon) return anon;
      if (has('CHANGE_PERMISSIONS')) return allow('GRANT_IF_HAS_CHANGE_PERMISSIONS');
      return lack('CHANGE_PERMISSIONS');
    }
    case 'READ_ACL': {
      // Whoever may change the ACL may read it, in the domain or not; anyone else reads it as they read data.
      if (inTrash) return trashDenial();
      if (w.isAdmin) return allow('GRANT_IF_ADMIN');
      if (has('CHANGE_PERMISSIONS')) return allow('GRANT_IF_HAS_CHANGE_PERMISSIONS');
      if (has('SHARE')) return allow('GRANT_IF_HAS_SHARE');
      const ad = adDenial();
      if (ad) return ad;
      if (has('READ')) return allow('GRANT_IF_HAS_READ');
      return lack('READ');
    }
  }
}

export function referencePermissionsSummary(
  raw: RawState,
  userId: number | null,
  entityId: number,
  now: number,
): PermissionsSummary | undefined {
  const entity = findEntity(raw, entityId);
  if (entity === undefined) return undefined;
  const can = (action: DecisionRequest['action']): boolean =>
    referenceDecide(raw, { userId, entityId, action, now }).granted;
  const w = who(raw, userId);
  const benefactor = benefactorOf(raw, pathOf(raw, entity));
  return {
    canView: can('READ'),
    canDownload: can('DOWNLOAD'),
    canEdit: can('UPDATE'),
    canAddChild: can('CREATE'),
    canDelete: can('DELETE'),
    canChangePermissions: can('CHANGE_PERMISSIONS'),
    canChangeSettings: can('CHANGE_SETTINGS'),
    canModerate: can('MODERATE'),
    canShare: can('SHARE'),
    canCompute: can('COMPUTE'),
    canMove: can('UPDATE') && entity.type !== 'project',
    canPublicRead: granting(raw, benefactor, [PUBLIC], 'READ'),
    isDataContributor:
      userId !== null &&
      granting(raw, benefactor, w.aclPrincipals, 'UPDATE') &&
      granting(raw, benefactor, w.aclPrincipals, 'DELETE'),
    isOpenData: entity.dataType === 'OPEN_DATA',
    isCertified: w.isCertified,
  };
}

export function referenceRestrictionInformation(
  raw: RawState,
  userId: number | null,
  entityId: number,
  now: number,
): RestrictionInformation | undefined {
  const entity = findEntity(raw, entityId);
  if (entity === undefined) return undefined;
  const w = who(raw, userId);
  const path = pathOf(raw, entity);
  const benefactor = benefactorOf(raw, path);
  const contributor =
    userId !== null &&
    granting(raw, benefactor, w.aclPrincipals, 'UPDATE') &&
    granting(raw, benefactor, w.aclPrincipals, 'DELETE');
  const uploader = userId !== null && entity.type === 'file' && entity.uploadedBy === userId;
  const details = accessRequirementsOn(raw, path).map((id) => {
    const isApproved = approved(raw, w, id, now);
    const isExempt = contributor && eligible(raw, w, id);
    return { accessRequirementId: id, isApproved, isMet: isApproved || uploader || isExempt, isExempt };
  });
  const types = details.map((d) => typeOf(raw, d.accessRequirementId));
  let level: RestrictionLevel = 'OPEN';
  if (types.some((t) => t === 'TermsOfUse' || t === 'SelfSign')) level = 'RESTRICTED_BY_TERMS_OF_USE';
  if (types.some((t) => t !== 'TermsOfUse' && t !== 'SelfSign')) level = 'CONTROLLED_BY_ACT';
  return {
    restrictionLevel: level,
    hasUnmetAccessRequirement: details.some((d) => !d.isMet),
    restrictionDetails: details,
  };
}

export function referenceCheckMove(
  raw: RawState,
  userId: number | null,
  entityId: number,
  newParentId: number,
): Decision {
  const w = who(raw, userId);
  const no = (rule: RuleName, message: string, status: 403 | 404 = 403): Decision => ({
    granted: false,
    rule,
    message,
    status,
    actionsRequired: [],
  });
  if (w.disabled) return no('DENY_IF_USER_DISABLED', messages.userDisabled);
  const entity = findEntity(raw, entityId);
  if (entity === undefined) return no('DENY_IF_DOES_NOT_EXIST', messages.doesNotExist(entityId), 404);
  const target = findEntity(raw, newParentId);
  if (target === undefined) return no('DENY_IF_DOES_NOT_EXIST', messages.doesNotExist(newParentId), 404);
  if (userId === null) return no('DENY_IF_ANONYMOUS', messages.anonymousReadOnly);
  if (w.isAdmin) return allow('GRANT_IF_ADMIN');
  if (w.principals.includes(ACT_TEAM)) return allow('GRANT_IF_ACT');
  const inherited = accessRequirementsOn(raw, pathOf(raw, entity).slice(1));
  const after = accessRequirementsOn(raw, pathOf(raw, target));
  if (inherited.some((id) => !after.includes(id))) {
    return no('DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS', messages.moveToFewerRestrictions);
  }
  return allow('GRANT_IF_ACCESS_RESTRICTIONS_KEPT');
}

export function referenceCheckAclChange(raw: RawState, entityId: number, principalIds: number[]): Decision {
  const entity = findEntity(raw, entityId);
  if (entity === undefined) {
    return {
      granted: false,
      rule: 'DENY_IF_DOES_NOT_EXIST',
      message: messages.doesNotExist(entityId),
      status: 404,
      actionsRequired: [],
    };
  }
  const path = pathOf(raw, entity);
  const project = path[path.length - 1];
  const hasDomain = raw.authorizationDomains.some((d) => d.projectId === project.id);
  if (hasDomain && principalIds.some((p) => p === PUBLIC || p === AUTHENTICATED || p === ANONYMOUS)) {
    return {
      granted: false,
      rule: 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC',
      message: messages.authorizationDomainMadePublic,
      status: 403,
      actionsRequired: [],
    };
  }
  return allow('GRANT_IF_NOT_MADE_PUBLIC');
}

export function referenceUnmetTeamAccessRequirements(
  raw: RawState,
  userId: number,
  teamId: number,
  now: number,
): number[] {
  const w = who(raw, userId);
  const ids = [...new Set(raw.teamBindings.filter((b) => b.teamId === teamId).map((b) => b.accessRequirementId))];
  return ids.filter((id) => !approved(raw, w, id, now)).sort((a, b) => a - b);
}
