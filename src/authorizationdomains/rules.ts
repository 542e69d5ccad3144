import { PUBLIC_PRINCIPALS, type Action } from '../decisions/model.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { domainMessages as msg } from './messages.js';

/**
 * The rules of authorization domains (SPEC §9) as pure functions: no database, no clock. The use cases
 * (domains.ts) read the facts, ask these functions, and turn a violation into a problem document.
 *
 * Whether a user may READ, DOWNLOAD, … inside an AD project is not decided here: that is the engine's
 * DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN rule (src/decisions). These functions decide what may be done to a
 * domain: create it, add to it, copy out of it, clone it.
 */

/** A managed group as the rules see it. */
export interface GroupRef {
  readonly id: number;
  readonly name: string;
}

/** A refused change: the HTTP status, the stable code, the sentence, and the groups concerned. */
export interface DomainViolation {
  readonly status: 403 | 404 | 409 | 422;
  readonly code: string;
  readonly detail: string;
  readonly groups: readonly GroupRef[];
}

/** The actions an authorization domain constrains (SPEC §9); DELETE, SHARE and the others only need the ACL. */
export const CONSTRAINED_ACTIONS: ReadonlySet<Action> = new Set<Action>(['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'COMPUTE']);

export const isConstrained = (action: Action): boolean => CONSTRAINED_ACTIONS.has(action);

/** Groups in their first order, each once (by id). */
export function distinctGroups(groups: readonly GroupRef[]): GroupRef[] {
  const seen = new Set<number>();
  return groups.filter((g) => !seen.has(g.id) && seen.add(g.id));
}

/** A group asked for by name (any case) or by id. */
export type GroupKey = string | number;

/**
 * Resolves the groups a request names against the groups that exist; names match whatever the case.
 * Every unknown one is named in the violation.
 */
export function resolveGroups(requested: readonly GroupKey[], known: readonly GroupRef[]): { groups: GroupRef[] } | DomainViolation {
  const byName = new Map(known.map((g) => [g.name.toLowerCase(), g]));
  const byId = new Map(known.map((g) => [g.id, g]));
  const found: GroupRef[] = [];
  const unknown: string[] = [];
  for (const key of requested) {
    const group = typeof key === 'number' ? byId.get(key) : byName.get(key.trim().toLowerCase());
    if (group) found.push(group);
    else unknown.push(String(key));
  }
  if (unknown.length > 0) {
    return { status: 404, code: 'GROUP_NOT_FOUND', detail: msg.unknownGroups([...new Set(unknown)]), groups: [] };
  }
  return { groups: distinctGroups(found) };
}

export const isViolation = (x: unknown): x is DomainViolation =>
  typeof x === 'object' && x !== null && 'code' in x && 'detail' in x && 'status' in x;

/**
 * A project created with an authorization domain: the creator must be in every group (directly or through
 * nested groups; admin or member). The violation names each group the creator is not in.
 */
export function checkCreation(domain: readonly GroupRef[], isMember: (groupId: number) => boolean): DomainViolation | null {
  const missing = distinctGroups(domain).filter((g) => !isMember(g.id));
  if (missing.length === 0) return null;
  return { status: 403, code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP', detail: msg.creatorNotInGroups(missing.map((g) => g.name)), groups: missing };
}

export interface AdditionFacts {
  /** The domain as it is. */
  current: readonly GroupRef[];
  /** The groups asked to be added (those already there are ignored). */
  requested: readonly GroupRef[];
  /** Whether the user adding them is in the group. */
  isMember: (groupId: number) => boolean;
  /** Principals granted anything in an ACL anywhere inside the project. */
  aclPrincipalIds: Iterable<number>;
}

/**
 * Groups can be added to a domain later, never removed (SPEC §9). The one adding must be in every group added
 * (as at creation), and a project shared publicly cannot gain a domain: an AD project cannot be public.
 * Returns the groups actually added (possibly none).
 */
export function planAddition(facts: AdditionFacts): { added: GroupRef[]; domain: GroupRef[] } | DomainViolation {
  const have = new Set(facts.current.map((g) => g.id));
  const added = distinctGroups(facts.requested).filter((g) => !have.has(g.id));
  if (added.length === 0) return { added, domain: distinctGroups(facts.current) };
  const notIn = added.filter((g) => !facts.isMember(g.id));
  if (notIn.length > 0) {
    return { status: 403, code: 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP', detail: msg.adderNotInGroups(notIn.map((g) => g.name)), groups: notIn };
  }
  const domain = distinctGroups([...facts.current, ...added]);
  const publicRule = checkNotPublic(domain, facts.aclPrincipalIds);
  if (publicRule) return { ...publicRule, status: 409, code: 'AUTHORIZATION_DOMAIN_ON_PUBLIC_PROJECT' };
  return { added, domain };
}

/**
 * A change that would leave out any group of the domain is refused: domains are add-only. `remaining` is the
 * domain the change asks for (for a removal: the current one without the groups named).
 */
export function checkNoRemoval(current: readonly GroupRef[], remaining: readonly GroupRef[]): DomainViolation | null {
  const keep = new Set(remaining.map((g) => g.id));
  const removed = distinctGroups(current).filter((g) => !keep.has(g.id));
  if (removed.length === 0) return null;
  return { status: 409, code: 'AUTHORIZATION_DOMAIN_ADD_ONLY', detail: msg.addOnly(removed.map((g) => g.name)), groups: removed };
}

/** The domain of a clone: the source's, plus any groups added (SPEC §9: the AD follows every clone). */
export function cloneDomain(source: readonly GroupRef[], added: readonly GroupRef[] = []): GroupRef[] {
  return distinctGroups([...source, ...added]);
}

/**
 * Copying or importing entities into another project: the destination's domain must contain every group of
 * the source's (a destination may be stricter, never looser). 422 with the SPEC §9 message naming the groups
 * missing on the destination.
 */
export function checkCopy(source: readonly GroupRef[], destination: readonly GroupRef[]): DomainViolation | null {
  const have = new Set(destination.map((g) => g.id));
  const missing = distinctGroups(source).filter((g) => !have.has(g.id));
  if (missing.length === 0) return null;
  return { status: 422, code: 'AUTHORIZATION_DOMAIN_MISSING_ON_DESTINATION', detail: msg.missingOnDestination(missing.map((g) => g.name)), groups: missing };
}

/**
 * An AD project cannot be made public: no PUBLIC, AUTHENTICATED or ANONYMOUS entry in any ACL under it. The
 * ACL side of this rule is the engine's checkAclChange; this is the same rule seen from the domain side.
 */
export function checkNotPublic(domain: readonly GroupRef[], aclPrincipalIds: Iterable<number>): DomainViolation | null {
  if (domain.length === 0) return null;
  for (const id of aclPrincipalIds) {
    if (PUBLIC_PRINCIPALS.has(id)) {
      return { status: 403, code: 'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC', detail: decisionMessages.authorizationDomainMadePublic, groups: [] };
    }
  }
  return null;
}

/** The groups of the domain a user is not in, in the domain's order: what "no access" shows with a request button each. */
export function missingGroups(domain: readonly GroupRef[], isMember: (groupId: number) => boolean): GroupRef[] {
  return distinctGroups(domain).filter((g) => !isMember(g.id));
}
