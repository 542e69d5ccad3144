import {
  ACCESS_TYPES,
  ACT_TEAM,
  ADMIN_TEAM,
  ANONYMOUS,
  AUTHENTICATED,
  PUBLIC,
  type AccessRequirement,
  type AccessRequirementAccessType,
  type AccessRequirementType,
  type AccessType,
  type DataType,
  type EntityType,
} from './model.js';

export interface EntityRecord {
  readonly id: number;
  readonly parentId: number | null;
  readonly type: EntityType;
  /**
   * True when this entity itself was moved to the trash. Everything below it is in the trash too; the engine
   * derives that while it walks the path, so trashing a folder is one write, not one per descendant.
   */
  readonly trashed: boolean;
  readonly dataType: DataType;
  readonly createdBy: number;
}

export type Acl = ReadonlyMap<number, ReadonlySet<AccessType>>;
export type AccessRequirementAcl = ReadonlyMap<number, ReadonlySet<AccessRequirementAccessType>>;

export interface UserFacts {
  readonly isAdmin: boolean;
  readonly isCertified: boolean;
  readonly isValidated: boolean;
  readonly has2fa: boolean;
  readonly egressSuspended: boolean;
  readonly disabled: boolean;
  /** Has accepted the current platform terms of use (§2). */
  readonly acceptedTerms: boolean;
}

/** A caller as a decision needs it: the facts and the principals, in one record (one lookup, one object). */
export interface Caller extends UserFacts {
  /** Own id + PUBLIC + AUTHENTICATED + every team and group, directly or through nesting. */
  readonly principals: ReadonlySet<number>;
  /** The same principals, ascending. */
  readonly principalIds: Float64Array;
}

/**
 * Principal ids, ascending, for merging with an ACL's (AclBits). Doubles, not 32-bit integers: ids are exact up to
 * 2^53 and nothing may wrap.
 */
export function sortedIds(ids: Iterable<number>): Float64Array {
  return Float64Array.from(ids).sort();
}

/**
 * A map from integer ids to values, held in a plain array (ids come from a sequence, so they are dense) and in a
 * Map for an id far beyond the ones held so far. A lookup is one indexed load instead of a hash probe: at a million
 * entities that is one cache miss less per decision. The array never jumps by more than MAX_GAP empty slots.
 */
class IdTable<T> {
  private static readonly MAX_GAP = 1 << 20;
  private readonly dense: (T | undefined)[] = [];
  private readonly sparse = new Map<number, T>();

  get(id: number): T | undefined {
    const value = this.dense[id];
    return value !== undefined || this.sparse.size === 0 ? value : this.sparse.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, value: T): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.dense.length + IdTable.MAX_GAP)) {
      this.sparse.set(id, value);
      return;
    }
    // Grown one slot at a time, so that the array keeps V8's fast elements (a far write would make it a dictionary).
    while (this.dense.length <= id) this.dense.push(undefined);
    this.dense[id] = value;
    this.sparse.delete(id);
  }

  delete(id: number): void {
    if (Number.isInteger(id) && id >= 0 && id < this.dense.length) this.dense[id] = undefined;
    this.sparse.delete(id);
  }

  clear(): void {
    this.dense.length = 0;
    this.sparse.clear();
  }
}

/** A Caller of one fixed shape (a class), so that the engine's reads of it stay monomorphic. */
export function callerOf(f: UserFacts, principals: ReadonlySet<number>, principalIds = sortedIds(principals)): Caller {
  return Object.freeze(new CallerRecord(f, principals, principalIds));
}

/** What a decision reads first comes first (see StoredEntity). */
class CallerRecord implements Caller {
  readonly principalIds: Float64Array;
  readonly principals: ReadonlySet<number>;
  readonly acceptedTerms: boolean;
  readonly disabled: boolean;
  readonly isAdmin: boolean;
  readonly egressSuspended: boolean;
  readonly has2fa: boolean;
  readonly isCertified: boolean;
  readonly isValidated: boolean;
  constructor(f: UserFacts, principals: ReadonlySet<number>, principalIds: Float64Array) {
    this.principalIds = principalIds;
    this.principals = principals;
    this.acceptedTerms = f.acceptedTerms;
    this.disabled = f.disabled;
    this.isAdmin = f.isAdmin;
    this.egressSuspended = f.egressSuspended;
    this.has2fa = f.has2fa;
    this.isCertified = f.isCertified;
    this.isValidated = f.isValidated;
  }
}

/**
 * What the path from an entity up to its project decides, the same for every caller: an index may keep these per
 * entity and only recompute them after a write that can change a path (docs/adr/0012-path-facts.md).
 */
export interface PathFacts {
  /** The entity or an ancestor is in the trash. */
  readonly inTrash: boolean;
  /** The nearest entity, itself or an ancestor, with an ACL; -1 when there is none. */
  readonly benefactorId: number;
  readonly benefactorAcl: Acl | undefined;
  /** The benefactor's ACL as bit masks of access types (bit i = ACCESS_TYPES[i]); undefined when there is none. */
  readonly benefactorBits: AclBits | undefined;
  /** The top of the path: the project whose authorization domain applies. */
  readonly projectId: number;
  /** The managed groups of that project's authorization domain; empty when it has none. */
  readonly domainGroups: readonly number[];
  /** Distinct ids of every AR bound to the entity or an ancestor, ascending. */
  readonly accessRequirementIds: readonly number[];
}

/** Bit masks per access type, in ACCESS_TYPES order. */
export const ACCESS_BIT: Readonly<Record<AccessType, number>> = Object.freeze(
  Object.fromEntries(ACCESS_TYPES.map((t, i) => [t, 1 << i])) as Record<AccessType, number>,
);

/**
 * An ACL as one array of pairs, ascending by principal: [principalId₀, mask₀, principalId₁, mask₁, …], where a
 * mask holds the principal's access types as ACCESS_BIT bits. One array, so that checking it touches one object.
 */
export type AclBits = Float64Array;

const aclBits = new WeakMap<Acl, AclBits>();

/** The ACL as bit masks; computed once per ACL object (ACLs are replaced, never changed in place). */
export function bitsOf(acl: Acl): AclBits {
  let bits = aclBits.get(acl);
  if (bits === undefined) {
    const entries = [...acl].sort((a, b) => a[0] - b[0]);
    bits = new Float64Array(2 * entries.length);
    for (let i = 0; i < entries.length; i++) {
      let mask = 0;
      for (const t of entries[i][1]) mask |= ACCESS_BIT[t];
      bits[2 * i] = entries[i][0];
      bits[2 * i + 1] = mask;
    }
    aclBits.set(acl, bits);
  }
  return bits;
}

/** Walks the path of `entity` up to its project. */
export function walkPath(state: DecisionState, entity: EntityRecord): PathFacts {
  const parent = state.parent(entity);
  return extendPath(state, entity, parent === undefined ? undefined : walkPath(state, parent));
}

/**
 * The path facts of `entity` from those of its parent (undefined at the top). An entity with nothing of its own
 * (no ACL, no AR bound, not itself in the trash) gets its parent's very record, so that siblings share one.
 */
export function extendPath(state: DecisionState, entity: EntityRecord, parent: PathFacts | undefined): PathFacts {
  const acl = state.acl(entity.id);
  const bound = state.accessRequirementIdsOnEntity(entity.id);
  if (parent !== undefined && acl === undefined && bound.length === 0 && !entity.trashed) return parent;
  const benefactorAcl = acl ?? parent?.benefactorAcl;
  const projectId = parent?.projectId ?? entity.id;
  let ids = parent?.accessRequirementIds ?? NO_IDS;
  if (bound.length > 0) ids = Object.freeze([...new Set([...ids, ...bound])].sort((a, b) => a - b));
  return Object.freeze({
    inTrash: entity.trashed || parent?.inTrash === true,
    benefactorId: acl !== undefined ? entity.id : (parent?.benefactorId ?? -1),
    benefactorAcl,
    benefactorBits: benefactorAcl === undefined ? undefined : bitsOf(benefactorAcl),
    projectId,
    domainGroups: parent?.domainGroups ?? state.authorizationDomain(projectId),
    accessRequirementIds: ids,
  });
}

/**
 * The read-only view of the world a decision is taken on. Every call must be answerable from an in-memory index
 * in O(1) (or O(depth) for the few that walk); the engine walks the entity path itself. Implementations must
 * return the same objects across calls where they can, since decide() is on the hot path.
 */
export interface DecisionState {
  entity(id: number): EntityRecord | undefined;
  /**
   * The parent of a record this state returned, undefined at the top. The engine walks paths with it, so an
   * index that links records to their parents answers by following a pointer instead of a lookup.
   */
  parent(entity: EntityRecord): EntityRecord | undefined;
  /** The entity's own ACL, undefined when it inherits. */
  acl(entityId: number): Acl | undefined;
  /** What the entity's path decides; `walkPath(this, entity)`, or a kept copy no write has made stale. */
  path(entity: EntityRecord): PathFacts;
  /** ARs bound directly to the entity (not those of its ancestors). */
  accessRequirementIdsOnEntity(entityId: number): readonly number[];
  /** ARs bound to a team: they must be met to join it (§4). */
  accessRequirementIdsOnTeam(teamId: number): readonly number[];
  accessRequirement(id: number): AccessRequirement | undefined;
  accessRequirementAcl(accessRequirementId: number): AccessRequirementAcl | undefined;
  /** The managed groups of a project's authorization domain; empty when it has none. */
  authorizationDomain(projectId: number): readonly number[];
  /** Undefined for an id the state does not know; the engine then grants that user nothing of its own. */
  user(userId: number): UserFacts | undefined;
  /** Own id + PUBLIC + AUTHENTICATED + every team and group the user is in, directly or through nesting. */
  principals(userId: number): ReadonlySet<number>;
  /** user() and principals() in one record; undefined for an id the state does not know. */
  caller(userId: number): Caller | undefined;
  /** Membership (admin or member) directly or through nested groups (§9). */
  isGroupMember(userId: number, groupId: number): boolean;
  isTeam(principalId: number): boolean;
  /** An APPROVED approval whose accessor is this user and which has not expired at `now` (epoch ms). */
  hasApproval(userId: number, accessRequirementId: number, now: number): boolean;
  /** The user who uploaded the file; undefined for folders and projects. */
  uploaderOf(fileId: number): number | undefined;
}

/** The principals of a caller with no credentials (§2). */
export const ANONYMOUS_PRINCIPALS: ReadonlySet<number> = new Set([PUBLIC, ANONYMOUS]);

export interface NewEntity {
  id: number;
  parentId: number | null;
  type: EntityType;
  createdBy: number;
  dataType?: DataType;
  /** Files only; defaults to createdBy. */
  uploadedBy?: number;
}

export interface NewAccessRequirement {
  id: number;
  type: AccessRequirementType;
  requires2fa?: boolean;
  certifiedRequired?: boolean;
  validatedRequired?: boolean;
}

/** The stored facts of a user; isAdmin is not among them because it follows membership of the ADMIN team. */
export type StoredUserFacts = Omit<UserFacts, 'isAdmin'>;

export type ApprovalState = 'APPROVED' | 'REVOKED';

/**
 * The fields a decision reads come first, so that they share the object's first cache line (an object's fields
 * are laid out in the order they are defined).
 */
class StoredEntity implements EntityRecord {
  /** The path facts as of `pathVersion` of the state that holds this entity. */
  path: PathFacts | undefined = undefined;
  pathVersion = -1;
  readonly type: EntityType;
  dataType: DataType;
  readonly uploadedBy: number | undefined;
  trashed = false;
  readonly id: number;
  parentId: number | null;
  /** Kept in step with parentId, so that walking up a path needs no lookup. */
  parent: StoredEntity | undefined;
  readonly createdBy: number;
  constructor(
    id: number,
    parentId: number | null,
    parent: StoredEntity | undefined,
    type: EntityType,
    dataType: DataType,
    createdBy: number,
    uploadedBy: number | undefined,
  ) {
    this.type = type;
    this.dataType = dataType;
    this.uploadedBy = uploadedBy;
    this.id = id;
    this.parentId = parentId;
    this.parent = parent;
    this.createdBy = createdBy;
  }
}

interface StoredApproval {
  readonly id: number;
  readonly accessRequirementId: number;
  readonly accessorId: number;
  state: ApprovalState;
  /** Epoch ms; null = never expires. */
  readonly expiresOn: number | null;
}

/** A user's approvals for one AR, with the end of the latest APPROVED one: what a decision reads. */
interface HeldApprovals {
  /** Epoch ms until which the user holds the AR: Infinity for one that never expires, -Infinity for none. */
  until: number;
  readonly approvals: StoredApproval[];
}

function approvedUntil(approvals: readonly StoredApproval[]): number {
  let until = -Infinity;
  for (const a of approvals) if (a.state === 'APPROVED') until = Math.max(until, a.expiresOn ?? Infinity);
  return until;
}

const NO_IDS: readonly number[] = Object.freeze([]);

const DEFAULT_USER: StoredUserFacts = {
  isCertified: false,
  isValidated: false,
  has2fa: false,
  egressSuspended: false,
  disabled: false,
  acceptedTerms: true,
};

/**
 * A DecisionState held in Maps, with the mutations the server's write paths need. Derived data (a user's
 * transitive principals and facts) is cached and dropped on every write that could change it, so a read after a
 * write never sees the old state (SPEC §1.3).
 */
export class MemoryState implements DecisionState {
  private readonly entities = new IdTable<StoredEntity>();
  private readonly children = new Map<number, Set<number>>();
  private readonly acls = new Map<number, Map<number, Set<AccessType>>>();
  private readonly entityBindings = new Map<number, number[]>();
  private readonly teamBindings = new Map<number, number[]>();
  private readonly requirements = new Map<number, AccessRequirement>();
  private readonly requirementAcls = new Map<number, Map<number, Set<AccessRequirementAccessType>>>();
  private readonly domains = new Map<number, number[]>();
  private readonly users = new Map<number, StoredUserFacts>();
  private readonly teams = new Set<number>([ADMIN_TEAM, ACT_TEAM]);
  /** group → direct members (users or groups), and the reverse. */
  private readonly members = new Map<number, Set<number>>();
  private readonly memberOf = new Map<number, Set<number>>();
  /** accessRequirementId → accessorId → approvals. */
  private readonly approvals = new Map<number, Map<number, HeldApprovals>>();
  private readonly approvalsById = new Map<number, StoredApproval>();
  private nextApprovalId = 1;

  /**
   * Bumped by every write that can change some entity's path facts: ACLs, trash, moves, purges, AR bindings,
   * AR removal and authorization domains. Kept path facts of an older version are recomputed when next asked for.
   */
  private pathVersion = 0;

  private readonly callerCache = new IdTable<Caller>();

  // ---- DecisionState --------------------------------------------------------------------------------------

  entity(id: number): EntityRecord | undefined {
    return this.entities.get(id);
  }

  parent(entity: EntityRecord): EntityRecord | undefined {
    if (entity instanceof StoredEntity) return entity.parent;
    return entity.parentId === null ? undefined : this.entities.get(entity.parentId);
  }

  acl(entityId: number): Acl | undefined {
    return this.acls.get(entityId);
  }

  path(entity: EntityRecord): PathFacts {
    if (!(entity instanceof StoredEntity)) return walkPath(this, entity);
    if (entity.pathVersion !== this.pathVersion || entity.path === undefined) {
      // Through the parent's kept record: one step per entity, and siblings with nothing of their own share it.
      entity.path = extendPath(this, entity, entity.parent === undefined ? undefined : this.path(entity.parent));
      entity.pathVersion = this.pathVersion;
    }
    return entity.path;
  }

  accessRequirementIdsOnEntity(entityId: number): readonly number[] {
    return this.entityBindings.get(entityId) ?? NO_IDS;
  }

  accessRequirementIdsOnTeam(teamId: number): readonly number[] {
    return this.teamBindings.get(teamId) ?? NO_IDS;
  }

  accessRequirement(id: number): AccessRequirement | undefined {
    return this.requirements.get(id);
  }

  accessRequirementAcl(accessRequirementId: number): AccessRequirementAcl | undefined {
    return this.requirementAcls.get(accessRequirementId);
  }

  authorizationDomain(projectId: number): readonly number[] {
    return this.domains.get(projectId) ?? NO_IDS;
  }

  user(userId: number): UserFacts | undefined {
    return this.caller(userId);
  }

  principals(userId: number): ReadonlySet<number> {
    // A user the state does not know (only in tests) may still be in groups; that is computed every time.
    return this.caller(userId)?.principals ?? this.reachable(userId);
  }

  caller(userId: number): Caller | undefined {
    const cached = this.callerCache.get(userId);
    if (cached !== undefined) return cached;
    const stored = this.users.get(userId);
    if (stored === undefined) return undefined;
    const principals = this.reachable(userId);
    const caller = callerOf({ ...stored, isAdmin: principals.has(ADMIN_TEAM) }, principals);
    this.callerCache.set(userId, caller);
    return caller;
  }

  /** The user's own id, PUBLIC, AUTHENTICATED and every group reached through memberships. */
  private reachable(userId: number): ReadonlySet<number> {
    const result = new Set<number>([userId, PUBLIC, AUTHENTICATED]);
    const pending = [userId];
    while (pending.length > 0) {
      const groups = this.memberOf.get(pending.pop() as number);
      if (groups === undefined) continue;
      for (const group of groups) {
        if (!result.has(group)) {
          result.add(group);
          pending.push(group);
        }
      }
    }
    return result;
  }

  isGroupMember(userId: number, groupId: number): boolean {
    return this.principals(userId).has(groupId);
  }

  isTeam(principalId: number): boolean {
    return this.teams.has(principalId);
  }

  hasApproval(userId: number, accessRequirementId: number, now: number): boolean {
    const held = this.approvals.get(accessRequirementId)?.get(userId);
    return held !== undefined && held.until > now;
  }

  uploaderOf(fileId: number): number | undefined {
    return this.entities.get(fileId)?.uploadedBy;
  }

  // ---- Entities and ACLs ----------------------------------------------------------------------------------

  addEntity(entity: NewEntity): void {
    if (this.entities.has(entity.id)) throw new Error(`entity ${entity.id} already exists`);
    const parent = entity.parentId === null ? undefined : this.entities.get(entity.parentId);
    if (entity.parentId !== null && parent === undefined) throw new Error(`parent ${entity.parentId} does not exist`);
    this.entities.set(
      entity.id,
      new StoredEntity(
        entity.id,
        entity.parentId,
        parent,
        entity.type,
        entity.dataType ?? 'SENSITIVE_DATA',
        entity.createdBy,
        entity.type === 'file' ? (entity.uploadedBy ?? entity.createdBy) : undefined,
      ),
    );
    if (entity.parentId !== null) this.childrenOf(entity.parentId).add(entity.id);
  }

  setDataType(entityId: number, dataType: DataType): void {
    this.stored(entityId).dataType = dataType;
  }

  /** Replaces the entity's own ACL (creating it when the entity inherited). */
  setAcl(entityId: number, entries: Iterable<readonly [number, Iterable<AccessType>]>): void {
    this.pathVersion++;
    this.stored(entityId);
    const acl = new Map<number, Set<AccessType>>();
    for (const [principalId, types] of entries) acl.set(principalId, new Set(types));
    this.acls.set(entityId, acl);
  }

  /** Deletes the entity's own ACL so that it inherits again. */
  removeAcl(entityId: number): void {
    this.pathVersion++;
    this.acls.delete(entityId);
  }

  trash(entityId: number): void {
    this.pathVersion++;
    this.stored(entityId).trashed = true;
  }

  restore(entityId: number): void {
    this.pathVersion++;
    this.stored(entityId).trashed = false;
  }

  move(entityId: number, newParentId: number): void {
    this.pathVersion++;
    const entity = this.stored(entityId);
    const parent = this.stored(newParentId);
    for (let at: number | null = newParentId; at !== null; at = this.stored(at).parentId) {
      if (at === entityId) throw new Error(`cannot move ${entityId} below itself`);
    }
    if (entity.parentId !== null) this.children.get(entity.parentId)?.delete(entityId);
    entity.parentId = newParentId;
    entity.parent = parent;
    this.childrenOf(newParentId).add(entityId);
  }

  /** Deletes the entity and everything below it for good, with their ACLs, bindings and domain. */
  purge(entityId: number): void {
    this.pathVersion++;
    const entity = this.stored(entityId);
    if (entity.parentId !== null) this.children.get(entity.parentId)?.delete(entityId);
    const pending = [entityId];
    while (pending.length > 0) {
      const id = pending.pop() as number;
      const kids = this.children.get(id);
      if (kids !== undefined) pending.push(...kids);
      this.children.delete(id);
      this.entities.delete(id);
      this.acls.delete(id);
      this.entityBindings.delete(id);
      this.domains.delete(id);
    }
  }

  // ---- Access requirements and approvals ------------------------------------------------------------------

  addAccessRequirement(requirement: NewAccessRequirement): void {
    if (this.requirements.has(requirement.id)) throw new Error(`access requirement ${requirement.id} already exists`);
    this.storeRequirement(requirement);
  }

  /** Replaces what decisions read of an existing AR (a new version); bindings, ACL and approvals stay. */
  updateAccessRequirement(requirement: NewAccessRequirement): void {
    this.requirement(requirement.id);
    this.storeRequirement(requirement);
  }

  private storeRequirement(requirement: NewAccessRequirement): void {
    this.requirements.set(
      requirement.id,
      Object.freeze({
        id: requirement.id,
        type: requirement.type,
        requires2fa: requirement.requires2fa ?? false,
        certifiedRequired: requirement.certifiedRequired ?? false,
        validatedRequired: requirement.validatedRequired ?? false,
      }),
    );
  }

  /** Deletes the AR with its bindings, ACL and approvals. */
  removeAccessRequirement(id: number): void {
    this.pathVersion++;
    this.requirements.delete(id);
    this.requirementAcls.delete(id);
    for (const held of this.approvals.get(id)?.values() ?? []) {
      for (const a of held.approvals) this.approvalsById.delete(a.id);
    }
    this.approvals.delete(id);
    for (const map of [this.entityBindings, this.teamBindings]) {
      for (const [key, ids] of map) {
        const kept = ids.filter((x) => x !== id);
        if (kept.length === 0) map.delete(key);
        else if (kept.length !== ids.length) map.set(key, kept);
      }
    }
  }

  bindAccessRequirement(accessRequirementId: number, entityId: number): void {
    this.pathVersion++;
    this.requirement(accessRequirementId);
    this.stored(entityId);
    bind(this.entityBindings, entityId, accessRequirementId);
  }

  unbindAccessRequirement(accessRequirementId: number, entityId: number): void {
    this.pathVersion++;
    unbind(this.entityBindings, entityId, accessRequirementId);
  }

  bindAccessRequirementToTeam(accessRequirementId: number, teamId: number): void {
    this.requirement(accessRequirementId);
    this.team(teamId);
    bind(this.teamBindings, teamId, accessRequirementId);
  }

  unbindAccessRequirementFromTeam(accessRequirementId: number, teamId: number): void {
    unbind(this.teamBindings, teamId, accessRequirementId);
  }

  /** Replaces the AR's own ACL. */
  setAccessRequirementAcl(
    accessRequirementId: number,
    entries: Iterable<readonly [number, Iterable<AccessRequirementAccessType>]>,
  ): void {
    this.requirement(accessRequirementId);
    const acl = new Map<number, Set<AccessRequirementAccessType>>();
    for (const [principalId, types] of entries) acl.set(principalId, new Set(types));
    this.requirementAcls.set(accessRequirementId, acl);
  }

  /** Records an APPROVED approval and returns its id; a user may hold several for one AR. */
  approve(accessRequirementId: number, accessorId: number, expiresOn: number | null = null): number {
    this.requirement(accessRequirementId);
    const approval: StoredApproval = {
      id: this.nextApprovalId++,
      accessRequirementId,
      accessorId,
      state: 'APPROVED',
      expiresOn,
    };
    let byAccessor = this.approvals.get(accessRequirementId);
    if (byAccessor === undefined) this.approvals.set(accessRequirementId, (byAccessor = new Map()));
    const held = byAccessor.get(accessorId);
    if (held === undefined) byAccessor.set(accessorId, { until: approvedUntil([approval]), approvals: [approval] });
    else {
      held.approvals.push(approval);
      held.until = approvedUntil(held.approvals);
    }
    this.approvalsById.set(approval.id, approval);
    return approval.id;
  }

  /** Revokes one approval; the accessor's other approvals for the same AR stay. */
  revoke(approvalId: number): void {
    const approval = this.approvalsById.get(approvalId);
    if (approval === undefined) throw new Error(`approval ${approvalId} does not exist`);
    approval.state = 'REVOKED';
    const held = this.approvals.get(approval.accessRequirementId)?.get(approval.accessorId);
    if (held !== undefined) held.until = approvedUntil(held.approvals);
  }

  // ---- Users, teams, groups, authorization domains --------------------------------------------------------

  /** Adds or replaces a user; unspecified facts take the defaults of a registered, uncertified user. */
  setUser(userId: number, facts: Partial<StoredUserFacts> = {}): void {
    this.users.set(userId, { ...(this.users.get(userId) ?? DEFAULT_USER), ...facts });
    this.callerCache.delete(userId);
  }

  /** Registers a team or managed group; both are principals that can hold members. */
  addTeam(teamId: number): void {
    this.teams.add(teamId);
  }

  addMember(groupId: number, memberId: number): void {
    this.team(groupId);
    if (memberId === groupId || (this.teams.has(memberId) && this.reaches(groupId, memberId))) {
      throw new Error(`adding ${memberId} to ${groupId} would make a cycle`);
    }
    let set = this.members.get(groupId);
    if (set === undefined) this.members.set(groupId, (set = new Set()));
    set.add(memberId);
    let of = this.memberOf.get(memberId);
    if (of === undefined) this.memberOf.set(memberId, (of = new Set()));
    of.add(groupId);
    this.membershipChanged();
  }

  removeMember(groupId: number, memberId: number): void {
    this.members.get(groupId)?.delete(memberId);
    this.memberOf.get(memberId)?.delete(groupId);
    this.membershipChanged();
  }

  /** Sets a project's authorization domain; groups are added later with addAuthorizationDomainGroup. */
  setAuthorizationDomain(projectId: number, groupIds: Iterable<number>): void {
    this.pathVersion++;
    this.stored(projectId);
    const ids = [...new Set(groupIds)];
    for (const id of ids) this.team(id);
    if (ids.length === 0) this.domains.delete(projectId);
    else this.domains.set(projectId, ids);
  }

  addAuthorizationDomainGroup(projectId: number, groupId: number): void {
    this.setAuthorizationDomain(projectId, [...this.authorizationDomain(projectId), groupId]);
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private membershipChanged(): void {
    // Nesting means one change can reach many users; dropping everything is simple and never stale.
    this.callerCache.clear();
  }

  /** True when `target` is `from` or a group that `from` is (transitively) a member of. */
  private reaches(from: number, target: number): boolean {
    const seen = new Set<number>([from]);
    const pending = [from];
    while (pending.length > 0) {
      const at = pending.pop() as number;
      if (at === target) return true;
      for (const group of this.memberOf.get(at) ?? []) {
        if (!seen.has(group)) {
          seen.add(group);
          pending.push(group);
        }
      }
    }
    return false;
  }

  private stored(entityId: number): StoredEntity {
    const entity = this.entities.get(entityId);
    if (entity === undefined) throw new Error(`entity ${entityId} does not exist`);
    return entity;
  }

  private childrenOf(entityId: number): Set<number> {
    let set = this.children.get(entityId);
    if (set === undefined) this.children.set(entityId, (set = new Set()));
    return set;
  }

  private requirement(id: number): AccessRequirement {
    const requirement = this.requirements.get(id);
    if (requirement === undefined) throw new Error(`access requirement ${id} does not exist`);
    return requirement;
  }

  private team(id: number): void {
    if (!this.teams.has(id)) throw new Error(`team ${id} does not exist`);
  }
}

function bind(map: Map<number, number[]>, key: number, accessRequirementId: number): void {
  const ids = map.get(key);
  // Arrays are replaced, never mutated, so a reader holding the old one keeps a consistent snapshot.
  if (ids === undefined) map.set(key, [accessRequirementId]);
  else if (!ids.includes(accessRequirementId)) map.set(key, [...ids, accessRequirementId]);
}

function unbind(map: Map<number, number[]>, key: number, accessRequirementId: number): void {
  const ids = map.get(key);
  if (ids === undefined) return;
  const kept = ids.filter((x) => x !== accessRequirementId);
  if (kept.length === 0) map.delete(key);
  else map.set(key, kept);
}
