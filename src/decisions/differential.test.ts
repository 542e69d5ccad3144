import { describe, expect, it } from 'vitest';
import {
  CHAINS,
  checkAclChange,
  checkMove,
  decide,
  permissionsSummary,
  restrictionInformation,
  unmetTeamAccessRequirements,
  type DecisionRequest,
} from './engine.js';
import {
  ACCESS_REQUIREMENT_TYPES,
  ACCESS_TYPES,
  ACTIONS,
  ACT_TEAM,
  ADMIN_TEAM,
  ANONYMOUS,
  AUTHENTICATED,
  PUBLIC,
  type AccessRequirementAccessType,
  type AccessType,
  type Action,
  type EntityType,
} from './model.js';
import {
  emptyRawState,
  referenceCheckAclChange,
  referenceCheckMove,
  referenceDecide,
  referencePermissionsSummary,
  referenceRestrictionInformation,
  referenceUnmetTeamAccessRequirements,
  type RawState,
  type RawUser,
} from './reference.js';
import { MemoryState } from './state.js';
import { mulberry32 } from '../../test/prng.js';

/**
 * Random worlds, driven by a seeded PRNG so that any failure replays exactly: every operation is applied both to
 * MemoryState (through its mutation methods) and to the plain lists of the reference evaluator, and checks of
 * every kind are interleaved with the writes. The engine and the reference must agree on every answer.
 */

const USERS = [100, 101, 102, 103, 104, 105, 106, 107];
const UNKNOWN_USER = 199;
const TEAMS = [20, 21, 22, 23, 24, 25];
const ALL_TEAMS = [ADMIN_TEAM, ACT_TEAM, ...TEAMS];

const REQUIREMENTS = [900, 901, 902, 903, 904, 905, 906];
const DAY = 86_400_000;
const MAX_ENTITIES = 70;

class World {
  readonly memory = new MemoryState();
  readonly raw: RawState = emptyRawState();
  now = Date.UTC(2026, 0, 15, 9);
  private nextEntityId = 10;
  private nextApprovalId = 1;
  readonly log: string[] = [];
  /** The user and entity the last operation touched: checks aim at them often, where a bug would show first. */
  focusUser: number | null = null;
  focusEntity: number | null = null;

  constructor(private readonly random: () => number) {
    for (const team of TEAMS) {
      this.memory.addTeam(team);
      this.raw.teams.push(team);
    }
    for (const user of USERS) this.setUser(user, { isCertified: this.chance(0.7) });
    for (const id of REQUIREMENTS) this.addRequirement(id);
    for (let i = 0; i < 3; i++) this.addProject();
  }

  // ---- random choices --------------------------------------------------------------------------------------

  chance(p: number): boolean {
    return this.random() < p;
  }
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  subset<T>(items: readonly T[], p: number): T[] {
    return items.filter(() => this.chance(p));
  }
  entityIds(): number[] {
    return this.raw.entities.map((e) => e.id);
  }
  containers(): number[] {
    return this.raw.entities.filter((e) => e.type !== 'file').map((e) => e.id);
  }
  projects(): number[] {
    return this.raw.entities.filter((e) => e.parentId === null).map((e) => e.id);
  }
  principal(): number {
    const r = this.random();
    if (r < 0.5) return this.pick(USERS);
    if (r < 0.8) return this.pick(ALL_TEAMS);
    return this.pick([PUBLIC, AUTHENTICATED, ANONYMOUS]);
  }
  /** An entity below which the AR applies, if it is bound anywhere. */
  boundEntity(accessRequirementId: number): number | null {
    const bindings = this.raw.entityBindings.filter((b) => b.accessRequirementId === accessRequirementId);
    if (bindings.length === 0) return null;
    const top = this.pick(bindings).entityId;
    return this.pick(this.subtree(top));
  }
  /** Below `id`, including itself. */
  subtree(id: number): number[] {
    const ids = [id];
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of this.raw.entities) {
        if (e.parentId !== null && ids.includes(e.parentId) && !ids.includes(e.id)) {
          ids.push(e.id);
          grew = true;
        }
      }
    }
    return ids;
  }
  /** Whether `group` is, or is nested (transitively) inside, `target`. */
  reaches(group: number, target: number): boolean {
    const seen = [group];
    for (let i = 0; i < seen.length; i++) {
      if (seen[i] === target) return true;
      for (const m of this.raw.memberships) {
        if (m.memberId === seen[i] && !seen.includes(m.groupId)) seen.push(m.groupId);
      }
    }
    return false;
  }

  // ---- operations, applied to both sides ----------------------------------------------------------------------

  setUser(id: number, facts: Partial<Omit<RawUser, 'id'>>): void {
    this.log.push(`setUser ${id} ${JSON.stringify(facts)}`);
    this.memory.setUser(id, facts);
    const existing = this.raw.users.find((u) => u.id === id);
    const base: RawUser = existing ?? {
      id,
      isCertified: false,
      isValidated: false,
      has2fa: false,
      egressSuspended: false,
      disabled: false,
      acceptedTerms: true,
    };
    const next = { ...base, ...facts };
    this.raw.users = this.raw.users.filter((u) => u.id !== id).concat(next);
  }

  addRequirement(id: number): void {
    const type = this.pick(ACCESS_REQUIREMENT_TYPES);
    const requires2fa = this.chance(0.35);
    this.log.push(`addAccessRequirement ${id} ${type} 2fa=${requires2fa}`);
    this.memory.addAccessRequirement({ id, type, requires2fa });
    this.raw.accessRequirements.push({ id, type, requires2fa });
  }

  replaceRequirement(): void {
    const id = this.pick(REQUIREMENTS);
    this.log.push(`removeAccessRequirement ${id}`);
    this.memory.removeAccessRequirement(id);
    const r = this.raw;
    r.accessRequirements = r.accessRequirements.filter((x) => x.id !== id);
    r.entityBindings = r.entityBindings.filter((x) => x.accessRequirementId !== id);
    r.teamBindings = r.teamBindings.filter((x) => x.accessRequirementId !== id);
    r.accessRequirementAclEntries = r.accessRequirementAclEntries.filter((x) => x.accessRequirementId !== id);
    r.approvals = r.approvals.filter((x) => x.accessRequirementId !== id);
    this.addRequirement(id);
  }

  addProject(): void {
    const id = this.nextEntityId++;
    const owner = this.pick(USERS);
    this.log.push(`addEntity project ${id} by ${owner}`);
    this.memory.addEntity({ id, parentId: null, type: 'project', createdBy: owner });
    this.raw.entities.push({
      id,
      parentId: null,
      type: 'project',
      trashed: false,
      dataType: 'SENSITIVE_DATA',
      createdBy: owner,
      uploadedBy: null,
    });
    this.setAcl(id);
  }

  addChild(): void {
    const id = this.nextEntityId++;
    const parentId = this.pick(this.containers());
    const type: EntityType = this.chance(0.5) ? 'file' : 'folder';
    const createdBy = this.pick(USERS);
    const uploadedBy = type === 'file' ? (this.chance(0.7) ? createdBy : this.pick(USERS)) : undefined;
    const dataType = this.chance(0.2) ? 'OPEN_DATA' : 'SENSITIVE_DATA';
    this.log.push(`addEntity ${type} ${id} under ${parentId} by ${createdBy} uploaded by ${uploadedBy} ${dataType}`);
    this.memory.addEntity({ id, parentId, type, createdBy, uploadedBy, dataType });
    this.raw.entities.push({
      id,
      parentId,
      type,
      trashed: false,
      dataType,
      createdBy,
      uploadedBy: uploadedBy ?? null,
    });
  }

  setAcl(entityId = this.pick(this.entityIds())): void {
    const entries = new Map<number, AccessType[]>();
    const count = 1 + this.int(4);
    for (let i = 0; i < count; i++) {
      const everything = this.chance(0.15);
      entries.set(this.principal(), everything ? [...ACCESS_TYPES] : this.subset(ACCESS_TYPES, 0.45));
    }
    this.log.push(`setAcl ${entityId} ${JSON.stringify([...entries])}`);
    if (this.raw.entities.length > 0) this.focusEntity = this.pick(this.subtree(entityId));
    this.memory.setAcl(entityId, entries);
    const r = this.raw;
    if (!r.aclOwners.includes(entityId)) r.aclOwners.push(entityId);
    r.aclEntries = r.aclEntries.filter((a) => a.entityId !== entityId);
    for (const [principalId, types] of entries) {
      for (const accessType of types) r.aclEntries.push({ entityId, principalId, accessType });
    }
  }

  removeAcl(): void {
    const entityId = this.pick(this.entityIds());
    this.log.push(`removeAcl ${entityId}`);
    this.memory.removeAcl(entityId);
    this.raw.aclOwners = this.raw.aclOwners.filter((x) => x !== entityId);
    this.raw.aclEntries = this.raw.aclEntries.filter((a) => a.entityId !== entityId);
  }

  setTrashed(trashed: boolean): void {
    // Trash mostly below projects (a trashed project hides everything) and restore what is actually trashed.
    const candidates = trashed
      ? this.raw.entities.filter((e) => e.parentId !== null || this.chance(0.2))
      : this.raw.entities.filter((e) => e.trashed);
    if (candidates.length === 0) return;
    const entity = this.pick(candidates);
    this.log.push(`${trashed ? 'trash' : 'restore'} ${entity.id}`);
    if (trashed) this.memory.trash(entity.id);
    else this.memory.restore(entity.id);
    entity.trashed = trashed;
  }

  move(): void {
    const movable = this.raw.entities.filter((e) => e.parentId !== null);
    if (movable.length === 0) return;
    const entity = this.pick(movable);
    const below = this.subtree(entity.id);
    const targets = this.containers().filter((id) => !below.includes(id));
    if (targets.length === 0) return;
    const target = this.pick(targets);
    this.log.push(`move ${entity.id} to ${target}`);
    this.memory.move(entity.id, target);
    entity.parentId = target;
  }

  purge(): void {
    const id = this.pick(this.entityIds());
    const gone = this.subtree(id);
    this.log.push(`purge ${id}`);
    this.memory.purge(id);
    const r = this.raw;
    r.entities = r.entities.filter((e) => !gone.includes(e.id));
    r.aclOwners = r.aclOwners.filter((x) => !gone.includes(x));
    r.aclEntries = r.aclEntries.filter((x) => !gone.includes(x.entityId));
    r.entityBindings = r.entityBindings.filter((x) => !gone.includes(x.entityId));
    r.authorizationDomains = r.authorizationDomains.filter((x) => !gone.includes(x.projectId));
    if (this.projects().length === 0) this.addProject();
  }

  setDataType(): void {
    const entity = this.pick(this.raw.entities);
    const dataType = entity.dataType === 'OPEN_DATA' ? 'SENSITIVE_DATA' : 'OPEN_DATA';
    this.log.push(`setDataType ${entity.id} ${dataType}`);
    this.memory.setDataType(entity.id, dataType);
    entity.dataType = dataType;
  }

  bind(): void {
    const arId = this.pick(REQUIREMENTS);
    const entityId = this.pick(this.entityIds());
    this.log.push(`bind ${arId} to ${entityId}`);
    this.focusEntity = this.pick(this.subtree(entityId));
    this.memory.bindAccessRequirement(arId, entityId);
    if (!this.raw.entityBindings.some((b) => b.accessRequirementId === arId && b.entityId === entityId)) {
      this.raw.entityBindings.push({ accessRequirementId: arId, entityId });
    }
  }

  unbind(): void {
    if (this.raw.entityBindings.length === 0) return;
    const { accessRequirementId, entityId } = this.pick(this.raw.entityBindings);
    this.log.push(`unbind ${accessRequirementId} from ${entityId}`);
    this.memory.unbindAccessRequirement(accessRequirementId, entityId);
    this.raw.entityBindings = this.raw.entityBindings.filter(
      (b) => !(b.accessRequirementId === accessRequirementId && b.entityId === entityId),
    );
  }

  bindTeam(): void {
    const arId = this.pick(REQUIREMENTS);
    const teamId = this.pick(TEAMS);
    if (this.chance(0.6)) {
      this.log.push(`bindTeam ${arId} to ${teamId}`);
      this.memory.bindAccessRequirementToTeam(arId, teamId);
      if (!this.raw.teamBindings.some((b) => b.accessRequirementId === arId && b.teamId === teamId)) {
        this.raw.teamBindings.push({ accessRequirementId: arId, teamId });
      }
    } else {
      this.log.push(`unbindTeam ${arId} from ${teamId}`);
      this.memory.unbindAccessRequirementFromTeam(arId, teamId);
      this.raw.teamBindings = this.raw.teamBindings.filter(
        (b) => !(b.accessRequirementId === arId && b.teamId === teamId),
      );
    }
  }

  setRequirementAcl(): void {
    const arId = this.pick(REQUIREMENTS);
    const entries = new Map<number, AccessRequirementAccessType[]>();
    const count = this.int(4);
    for (let i = 0; i < count; i++) {
      // Mostly teams: eligibility is usually managed through team membership (§7).
      entries.set(
        this.chance(0.6) ? this.pick(ALL_TEAMS) : this.principal(),
        this.subset(['EXEMPTION_ELIGIBLE', 'REVIEW_SUBMISSIONS'] as AccessRequirementAccessType[], 0.7),
      );
    }
    this.log.push(`setAccessRequirementAcl ${arId} ${JSON.stringify([...entries])}`);
    this.focusEntity = this.boundEntity(arId);
    this.memory.setAccessRequirementAcl(arId, entries);
    const r = this.raw;
    r.accessRequirementAclEntries = r.accessRequirementAclEntries.filter((e) => e.accessRequirementId !== arId);
    for (const [principalId, types] of entries) {
      for (const accessType of types) {
        r.accessRequirementAclEntries.push({ accessRequirementId: arId, principalId, accessType });
      }
    }
  }

  approve(): void {
    const arId = this.pick(REQUIREMENTS);
    // Mostly users; sometimes a team, whose approval must not count for its members.
    const accessorId = this.chance(0.85) ? this.pick(USERS) : this.pick(TEAMS);
    const r = this.random();
    // Some expire exactly now: an approval is unexpired only strictly before its expiry.
    const expiresOn =
      r < 0.45 ? null : r < 0.55 ? this.now : this.now + Math.round((this.random() - 0.3) * 10 * DAY);
    this.log.push(`approve ${arId} for ${accessorId} until ${expiresOn}`);
    this.focusUser = accessorId;
    this.focusEntity = this.boundEntity(arId);
    const id = this.memory.approve(arId, accessorId, expiresOn);
    expect(id).toBe(this.nextApprovalId);
    this.raw.approvals.push({
      id: this.nextApprovalId++,
      accessRequirementId: arId,
      accessorId,
      state: 'APPROVED',
      expiresOn,
    });
  }

  revoke(): void {
    const live = this.raw.approvals.filter((a) => a.state === 'APPROVED');
    if (live.length === 0) return;
    const approval = this.pick(live);
    this.log.push(`revoke ${approval.id}`);
    this.memory.revoke(approval.id);
    approval.state = 'REVOKED';
  }

  membership(): void {
    // Admins are let through everything, so keep them few.
    const groupId = this.chance(0.04) ? ADMIN_TEAM : this.chance(0.06) ? ACT_TEAM : this.pick(TEAMS);
    const memberId = this.chance(0.75) ? this.pick(USERS) : this.pick(TEAMS);
    const present = this.raw.memberships.some((m) => m.groupId === groupId && m.memberId === memberId);
    if (present && this.chance(0.7)) {
      this.log.push(`removeMember ${memberId} from ${groupId}`);
      this.memory.removeMember(groupId, memberId);
      this.raw.memberships = this.raw.memberships.filter((m) => !(m.groupId === groupId && m.memberId === memberId));
      return;
    }
    if (present || this.reaches(groupId, memberId)) return; // would duplicate or make a cycle
    this.log.push(`addMember ${memberId} to ${groupId}`);
    if (USERS.includes(memberId)) this.focusUser = memberId;
    this.memory.addMember(groupId, memberId);
    this.raw.memberships.push({ groupId, memberId });
  }

  userFacts(): void {
    const facts = ['isCertified', 'isValidated', 'has2fa', 'egressSuspended', 'disabled', 'acceptedTerms'] as const;
    const fact = this.pick(facts);
    // Disabled users are refused everything, so keep them rarer than the other facts.
    const likelihood = fact === 'disabled' ? 0.15 : fact === 'isCertified' || fact === 'has2fa' ? 0.6 : 0.5;
    const value = this.chance(likelihood);
    this.setUser(this.pick(USERS), { [fact]: value });
  }

  authorizationDomain(): void {
    const projectId = this.pick(this.projects());
    if (this.chance(0.7)) {
      const groups = this.subset(TEAMS, 0.12);
      this.log.push(`setAuthorizationDomain ${projectId} ${JSON.stringify(groups)}`);
      this.memory.setAuthorizationDomain(projectId, groups);
      this.raw.authorizationDomains = this.raw.authorizationDomains
        .filter((d) => d.projectId !== projectId)
        .concat(groups.map((groupId) => ({ projectId, groupId })));
    } else {
      const groupId = this.pick(TEAMS);
      this.log.push(`addAuthorizationDomainGroup ${projectId} ${groupId}`);
      this.memory.addAuthorizationDomainGroup(projectId, groupId);
      if (!this.raw.authorizationDomains.some((d) => d.projectId === projectId && d.groupId === groupId)) {
        this.raw.authorizationDomains.push({ projectId, groupId });
      }
    }
  }

  step(): void {
    const r = this.random();
    const n = this.raw.entities.length;
    if (r < 0.12) {
      if (n < MAX_ENTITIES) this.addChild();
      else this.purge();
    } else if (r < 0.14) {
      if (n < MAX_ENTITIES) this.addProject();
    } else if (r < 0.24) this.setAcl();
    else if (r < 0.27) this.removeAcl();
    else if (r < 0.3) this.setTrashed(true);
    else if (r < 0.34) this.setTrashed(false);
    else if (r < 0.39) this.move();
    else if (r < 0.4) this.purge();
    else if (r < 0.43) this.setDataType();
    else if (r < 0.5) this.bind();
    else if (r < 0.54) this.unbind();
    else if (r < 0.56) this.bindTeam();
    else if (r < 0.62) this.setRequirementAcl();
    else if (r < 0.7) this.approve();
    else if (r < 0.73) this.revoke();
    else if (r < 0.83) this.membership();
    else if (r < 0.91) this.userFacts();
    else if (r < 0.95) this.authorizationDomain();
    else if (r < 0.96) this.replaceRequirement();
    else this.now += Math.round(this.random() * 2 * DAY);
  }

  // ---- checks ---------------------------------------------------------------------------------------------

  caller(): number | null {
    if (this.focusUser !== null && this.chance(0.35)) return this.focusUser;
    const r = this.random();
    if (r < 0.12) return null;
    if (r < 0.15) return UNKNOWN_USER;
    return this.pick(USERS);
  }

  target(): number {
    if (this.focusEntity !== null && this.raw.entities.some((e) => e.id === this.focusEntity) && this.chance(0.35)) {
      return this.focusEntity;
    }
    return this.chance(0.04) ? 9_999 : this.pick(this.entityIds());
  }

  request(): DecisionRequest {
    // DOWNLOAD has the longest chain and the actions-required list, so it gets a larger share of the checks.
    const action = this.chance(0.3) ? 'DOWNLOAD' : this.pick(ACTIONS);
    const request: { -readonly [K in keyof DecisionRequest]: DecisionRequest[K] } = {
      userId: this.caller(),
      entityId: this.target(),
      action,
      now: this.now,
    };
    if (action === 'CREATE' && this.chance(0.8)) request.createType = this.pick(['project', 'folder', 'file'] as const);
    if (action === 'SHARE' && this.chance(0.8)) request.shareChange = this.subset(ACCESS_TYPES, 0.25);
    return request;
  }
}

function runSeed(seed: number, steps: number, hits: Map<string, number>): void {
  const random = mulberry32(seed);
  const w = new World(random);
  const context = (what: string): string =>
    `seed ${seed}: ${what}\nlast operations:\n  ${w.log.slice(-15).join('\n  ')}`;

  for (let step = 0; step < steps; step++) {
    w.step();
    for (let k = 0; k < 4; k++) {
      const request = w.request();
      const actual = decide(w.memory, request);
      const expected = referenceDecide(w.raw, request);
      expect(actual, context(`decide ${JSON.stringify(request)}`)).toEqual(expected);
      const key = `${request.action} ${actual.rule}`;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      for (const action of actual.actionsRequired) {
        const offersTeams = action.type === 'MeetAccessRequirement' && action.exemptionEligibleTeamIds !== undefined;
        const kind = offersTeams ? 'JoinExemptionTeam' : action.type;
        hits.set(`ACTION ${kind}`, (hits.get(`ACTION ${kind}`) ?? 0) + 1);
      }
    }
    const userId = w.caller();
    const entityId = w.target();
    const r = random();
    if (r < 0.25) {
      expect(
        restrictionInformation(w.memory, userId, entityId, w.now),
        context(`restrictionInformation ${userId} ${entityId}`),
      ).toEqual(referenceRestrictionInformation(w.raw, userId, entityId, w.now));
    } else if (r < 0.45) {
      expect(
        permissionsSummary(w.memory, userId, entityId, w.now),
        context(`permissionsSummary ${userId} ${entityId}`),
      ).toEqual(referencePermissionsSummary(w.raw, userId, entityId, w.now));
    } else if (r < 0.7) {
      const to = w.target();
      const moved = checkMove(w.memory, userId, entityId, to);
      expect(moved, context(`checkMove ${userId} ${entityId} -> ${to}`)).toEqual(
        referenceCheckMove(w.raw, userId, entityId, to),
      );
      hits.set(`MOVE ${moved.rule}`, (hits.get(`MOVE ${moved.rule}`) ?? 0) + 1);
    } else if (r < 0.85) {
      const principals = [w.principal(), w.principal()];
      expect(
        checkAclChange(w.memory, entityId, principals),
        context(`checkAclChange ${entityId} ${principals}`),
      ).toEqual(referenceCheckAclChange(w.raw, entityId, principals));
    } else if (userId !== null) {
      const teamId = w.pick(TEAMS);
      expect(unmetTeamAccessRequirements(w.memory, userId, teamId, w.now), context(`team ${userId} ${teamId}`)).toEqual(
        referenceUnmetTeamAccessRequirements(w.raw, userId, teamId, w.now),
      );
    }
  }
}

describe('engine against the naive reference evaluator', () => {
  it('agrees on every decision across thousands of random operations, and reaches every rule of every chain', () => {
    const hits = new Map<string, number>();
    for (const seed of [1, 2, 3, 4, 5]) runSeed(seed, 600, hits);
    if (process.env.DECISIONS_COVERAGE) console.log([...hits].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));

    const missing: string[] = [];
    for (const action of Object.keys(CHAINS) as Action[]) {
      for (const rule of CHAINS[action]) {
        if (!hits.has(`${action} ${rule}`)) missing.push(`${action} ${rule}`);
      }
    }
    const moveRules = [
      'GRANT_IF_ADMIN',
      'GRANT_IF_ACT',
      'DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS',
      'GRANT_IF_ACCESS_RESTRICTIONS_KEPT',
    ];
    for (const rule of moveRules) {
      if (!hits.has(`MOVE ${rule}`)) missing.push(`MOVE ${rule}`);
    }
    const kinds = [
      'MeetAccessRequirement',
      'JoinExemptionTeam',
      'EnableTwoFa',
      'RequestDownload',
      'JoinAuthorizationDomain',
      'AcceptTermsOfUse',
    ];
    for (const kind of kinds) {
      if (!hits.has(`ACTION ${kind}`)) missing.push(`ACTION ${kind}`);
    }
    expect(missing, 'rules the random worlds never reached').toEqual([]);
  });
});
