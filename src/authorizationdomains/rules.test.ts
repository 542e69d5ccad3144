import { describe, expect, it } from 'vitest';
import {
  CONSTRAINED_ACTIONS,
  checkCopy,
  checkCreation,
  checkNoRemoval,
  checkNotPublic,
  cloneDomain,
  isConstrained,
  isViolation,
  missingGroups,
  planAddition,
  resolveGroups,
  type DomainViolation,
  type GroupRef,
} from './rules.js';
import { decide, checkAclChange } from '../decisions/engine.js';
import { ACCESS_TYPES, ACTIONS, ANONYMOUS, AUTHENTICATED, PUBLIC, type Action } from '../decisions/model.js';
import { MemoryState } from '../decisions/state.js';

const TCGA: GroupRef = { id: 30, name: 'TCGA-dbGaP-Authorized' };
const TARGET: GroupRef = { id: 31, name: 'Target' };
const LAB: GroupRef = { id: 32, name: 'Tiffs_Test_Group' };
const ALL_GROUPS = [TCGA, TARGET, LAB];

/** Every subset of the three groups, for exhaustive checks. */
const SUBSETS: GroupRef[][] = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => ALL_GROUPS.filter((_, i) => mask & (1 << i)));

const member = (...groups: GroupRef[]) => (id: number) => groups.some((g) => g.id === id);
const names = (groups: readonly GroupRef[]) => groups.map((g) => g.name);

describe('naming the groups of a domain', () => {
  it('finds groups by name whatever the case, or by id, each once', () => {
    expect(resolveGroups(['target', ' TCGA-dbGaP-Authorized ', 31, 'TARGET'], ALL_GROUPS)).toEqual({ groups: [TARGET, TCGA] });
  });

  it('names every group that does not exist', () => {
    const result = resolveGroups(['Target', 'nope', 99, 'nope'], ALL_GROUPS);
    expect(isViolation(result)).toBe(true);
    expect(result).toMatchObject({ status: 404, code: 'GROUP_NOT_FOUND', detail: 'There is no managed group with the names nope, 99.' });
    expect(resolveGroups(['ghost'], ALL_GROUPS)).toMatchObject({ detail: 'There is no managed group named ghost.' });
  });

  it('an empty request resolves to no groups', () => {
    expect(resolveGroups([], ALL_GROUPS)).toEqual({ groups: [] });
  });
});

describe('creating a project with an authorization domain', () => {
  it('for every domain and every set of memberships, the creator must be in every group, and the failing ones are named', () => {
    for (const domain of SUBSETS) {
      for (const memberships of SUBSETS) {
        const violation = checkCreation(domain, member(...memberships));
        const missing = domain.filter((g) => !memberships.includes(g));
        if (missing.length === 0) {
          expect(violation).toBeNull();
        } else {
          expect(violation).toMatchObject({ status: 403, code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP', groups: missing });
          for (const g of missing) expect(violation!.detail).toContain(g.name);
          for (const g of domain.filter((x) => memberships.includes(x))) expect(violation!.detail).not.toContain(g.name);
        }
      }
    }
  });

  it('says which single group fails in words a user reads', () => {
    expect(checkCreation([TCGA, TARGET], member(TCGA))?.detail).toBe(
      'You are not a member of the group Target; only a member of every group of an authorization domain may create a project with it.',
    );
    expect(checkCreation([TCGA, TARGET], member())?.detail).toBe(
      'You are not a member of the groups TCGA-dbGaP-Authorized, Target; only a member of every group of an authorization domain may create a project with it.',
    );
  });

  it('a project without a domain needs no membership', () => {
    expect(checkCreation([], member())).toBeNull();
  });
});

describe('adding groups to a domain (add-only)', () => {
  it('for every current domain, request and membership: adds exactly the new groups the user is in, or names the others', () => {
    for (const current of SUBSETS) {
      for (const requested of SUBSETS) {
        for (const memberships of SUBSETS) {
          const result = planAddition({ current, requested, isMember: member(...memberships), aclPrincipalIds: [100] });
          const fresh = requested.filter((g) => !current.includes(g));
          const notIn = fresh.filter((g) => !memberships.includes(g));
          if (notIn.length > 0) {
            expect(result).toMatchObject({ status: 403, code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP', groups: notIn });
          } else {
            expect(result).toEqual({ added: fresh, domain: [...current, ...fresh] });
          }
        }
      }
    }
  });

  it('adding a group already in the domain changes nothing, even for a user outside it', () => {
    expect(planAddition({ current: [TCGA], requested: [TCGA], isMember: member(), aclPrincipalIds: [PUBLIC] }))
      .toEqual({ added: [], domain: [TCGA] });
  });

  it('a project shared with PUBLIC, AUTHENTICATED or ANONYMOUS anywhere cannot gain a domain', () => {
    for (const publicId of [PUBLIC, AUTHENTICATED, ANONYMOUS]) {
      const result = planAddition({ current: [], requested: [TCGA], isMember: member(TCGA), aclPrincipalIds: [100, publicId] });
      expect(result).toMatchObject({
        status: 409,
        code: 'AUTHORIZATION_DOMAIN_ON_PUBLIC_PROJECT',
        detail: 'Cannot make authorization domain protected resources public. Share directly with authorization domain groups instead.',
      });
    }
  });

  it('never removes: any change that leaves a group out is refused and names it', () => {
    for (const current of SUBSETS) {
      for (const remaining of SUBSETS) {
        const violation = checkNoRemoval(current, remaining);
        const removed = current.filter((g) => !remaining.includes(g));
        if (removed.length === 0) expect(violation).toBeNull();
        else expect(violation).toMatchObject({ status: 409, code: 'AUTHORIZATION_DOMAIN_ADD_ONLY', groups: removed });
      }
    }
    expect(checkNoRemoval([TCGA, TARGET], [TCGA])?.detail).toBe(
      'Groups cannot be removed from an authorization domain; this change would remove Target. Groups can only be added.',
    );
  });
});

describe('nested membership', () => {
  it('a user in a group nested (twice) inside a domain group is a member of it for creation and decisions', () => {
    const state = new MemoryState();
    const [outer, middle, inner, user] = [30, 31, 32, 100];
    for (const g of [outer, middle, inner]) state.addTeam(g);
    state.setUser(user);
    state.addMember(outer, middle);
    state.addMember(middle, inner);
    state.addMember(inner, user);
    const isMember = (id: number) => state.isGroupMember(user, id);
    expect(checkCreation([{ id: outer, name: 'outer' }], isMember)).toBeNull();
    state.removeMember(middle, inner);
    expect(checkCreation([{ id: outer, name: 'outer' }], isMember)).toMatchObject({ groups: [{ id: outer }] });
  });

  it('missing groups are those the user is not in, in the domain order', () => {
    expect(missingGroups([TARGET, TCGA, LAB], member(TCGA))).toEqual([TARGET, LAB]);
    expect(missingGroups([], member())).toEqual([]);
  });
});

describe('clones and copies', () => {
  it('a clone keeps every group of the source and adds the new ones, each once', () => {
    for (const source of SUBSETS) {
      for (const added of SUBSETS) {
        const domain = cloneDomain(source, added);
        expect(domain.slice(0, source.length)).toEqual(source);
        expect(new Set(domain.map((g) => g.id))).toEqual(new Set([...source, ...added].map((g) => g.id)));
        expect(domain.length).toBe(new Set(domain.map((g) => g.id)).size);
      }
    }
    expect(cloneDomain([TCGA])).toEqual([TCGA]);
  });

  it('a copy is allowed exactly when the destination domain contains every group of the source', () => {
    for (const source of SUBSETS) {
      for (const destination of SUBSETS) {
        const violation = checkCopy(source, destination);
        const missing = source.filter((g) => !destination.includes(g));
        if (missing.length === 0) expect(violation).toBeNull();
        else {
          expect(violation).toMatchObject({ status: 422, code: 'AUTHORIZATION_DOMAIN_MISSING_ON_DESTINATION', groups: missing });
          expect(violation!.detail).toBe(
            `Source has an authorization domain containing the groups ${names(missing).join(', ')}, which are missing on the destination`,
          );
        }
      }
    }
  });

  it('the seed example: a TCGA + test-group destination imports from TCGA only, the test group only, both, or none', () => {
    const destination = [TCGA, LAB];
    for (const source of [[TCGA], [LAB], [TCGA, LAB], []]) expect(checkCopy(source, destination)).toBeNull();
    expect(checkCopy([TCGA, TARGET], destination)?.detail).toBe(
      'Source has an authorization domain containing the groups Target, which are missing on the destination',
    );
  });
});

describe('public sharing', () => {
  it('an AD project refuses PUBLIC, AUTHENTICATED and ANONYMOUS; a project without a domain refuses nothing', () => {
    for (const domain of SUBSETS) {
      for (const principal of [PUBLIC, AUTHENTICATED, ANONYMOUS, 100, 30]) {
        const violation = checkNotPublic(domain, [principal]);
        const refused = domain.length > 0 && [PUBLIC, AUTHENTICATED, ANONYMOUS].includes(principal);
        expect(violation === null).toBe(!refused);
      }
    }
  });

  it('agrees with the engine rule that guards ACL changes', () => {
    const state = new MemoryState();
    state.setUser(100);
    state.addTeam(TCGA.id);
    state.addEntity({ id: 10, parentId: null, type: 'project', createdBy: 100 });
    state.addEntity({ id: 11, parentId: 10, type: 'folder', createdBy: 100 });
    state.setAcl(10, [[100, ACCESS_TYPES]]);
    for (const domain of [[], [TCGA]] as GroupRef[][]) {
      state.setAuthorizationDomain(10, domain.map((g) => g.id));
      for (const principal of [PUBLIC, AUTHENTICATED, ANONYMOUS, 100]) {
        const engine = checkAclChange(state, 11, [principal]);
        const ours: DomainViolation | null = checkNotPublic(domain, [principal]);
        expect(engine.granted).toBe(ours === null);
        if (ours) expect(engine.message).toBe(ours.detail);
      }
    }
  });
});

describe('an owner outside the domain', () => {
  // The owner holds every access type on the project but is in no group of its domain.
  const OWNER = 100;
  const setup = (certified: boolean) => {
    const state = new MemoryState();
    state.setUser(OWNER, { isCertified: certified });
    state.addTeam(TCGA.id);
    state.addEntity({ id: 10, parentId: null, type: 'project', createdBy: OWNER });
    state.addEntity({ id: 11, parentId: 10, type: 'folder', createdBy: OWNER });
    state.setAcl(10, [[OWNER, ACCESS_TYPES]]);
    state.setAuthorizationDomain(10, [TCGA.id]);
    return state;
  };

  it('the constrained actions are READ, DOWNLOAD, CREATE, UPDATE and COMPUTE', () => {
    expect([...CONSTRAINED_ACTIONS].sort()).toEqual(['COMPUTE', 'CREATE', 'DOWNLOAD', 'READ', 'UPDATE']);
  });

  it('for every action and entity: denied with the AD message exactly on the constrained actions, granted on the rest', () => {
    const state = setup(true);
    for (const action of ACTIONS as readonly Action[]) {
      if (action === 'REMOVE_ACL') continue; // a chain of its own about inheritance, not about the domain
      for (const entityId of [10, 11]) {
        const d = decide(state, { userId: OWNER, entityId, action, now: 0, createType: 'folder' });
        if (isConstrained(action)) {
          expect(d, `${action} on ${entityId}`).toMatchObject({
            granted: false,
            rule: 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
            message: 'You are not a member of every group in the authorization domain of this project.',
          });
        } else {
          expect(d.granted, `${action} on ${entityId}: ${d.rule}`).toBe(true);
        }
      }
    }
  });

  it('joining the domain group lifts every constrained denial at once', () => {
    const state = setup(true);
    state.addMember(TCGA.id, OWNER);
    for (const action of CONSTRAINED_ACTIONS) {
      expect(decide(state, { userId: OWNER, entityId: 11, action, now: 0, createType: 'folder' }).granted).toBe(true);
    }
  });
});
