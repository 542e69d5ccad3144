/**
 * The @casl/ability baseline: the ACL-only part of the DOWNLOAD decision — "does one of the user's principals hold
 * DOWNLOAD on the entity's benefactor ACL" — with everything arranged in casl's favour:
 *
 * - casl has no notion of a hierarchy, so each entity is handed to casl as a ready subject with its benefactor
 *   (variant "benefactor") or its benefactor's DOWNLOAD principals (variant "acl-attributes") already resolved.
 *   Resolving them (the path walk the engine does on every call) is done before timing and not counted.
 * - Abilities are built per user once, before timing, and cached across checks (as a server would cache them);
 *   the build time is reported apart.
 * - The subject type is fixed through `detectSubjectType`, so casl skips its detection.
 *
 * Two realistic ways of writing the rules are measured and the faster one is the baseline:
 * - "benefactor": one rule per user, `can('download', 'Entity', { benefactorId: { $in: [...] } })`, the list being
 *   every benefactor whose ACL grants one of the user's principals DOWNLOAD (the casl documentation's pattern of
 *   conditions on the subject's attributes, with the permission data in the rule);
 * - "acl-attributes": one rule per user, `can('download', 'Entity', { downloaders: { $in: principals } })`, the
 *   subject carrying its benefactor ACL's DOWNLOAD principals (the permission data on the subject).
 */
import { createMongoAbility, type MongoAbility } from '@casl/ability';
import type { DecisionState } from '../src/decisions/state.js';
import { AUTHENTICATED, PUBLIC } from '../src/decisions/model.js';

export type CaslAbility = MongoAbility;
export interface BenefactorSubject {
  benefactorId: number;
}
export interface AclSubject {
  downloaders: number[];
}

const NO_DOWNLOADERS: number[] = [];

/** The entity's benefactor (the nearest entity with an ACL), -1 when none; what casl is handed for free. */
export function benefactorOf(state: DecisionState, entityId: number): number {
  for (let at = state.entity(entityId); at !== undefined; at = at.parentId === null ? undefined : state.entity(at.parentId)) {
    if (state.acl(at.id) !== undefined) return at.id;
  }
  return -1;
}

/** The principals the engine matches on entity ACLs: only PUBLIC for a user who has not accepted the terms (§2). */
export function aclPrincipals(state: DecisionState, userId: number): number[] {
  const facts = state.user(userId);
  if (facts === undefined || !facts.acceptedTerms) return [PUBLIC];
  return [...state.principals(userId)];
}

export class CaslBaseline {
  /** principal → benefactor ids whose ACL grants it DOWNLOAD. */
  private readonly downloadable = new Map<number, number[]>();
  private readonly downloadersOf = new Map<number, number[]>();

  /** `entityIds`: every entity id there is (to find every ACL). */
  constructor(private readonly state: DecisionState, entityIds: Iterable<number>) {
    for (const id of entityIds) {
      const acl = state.acl(id);
      if (acl === undefined) continue;
      const downloaders: number[] = [];
      for (const [principal, types] of acl) {
        if (!types.has('DOWNLOAD')) continue;
        downloaders.push(principal);
        let list = this.downloadable.get(principal);
        if (list === undefined) this.downloadable.set(principal, (list = []));
        list.push(id);
      }
      this.downloadersOf.set(id, downloaders);
    }
  }

  abilityByBenefactor(userId: number): CaslAbility {
    const ids = new Set<number>();
    for (const principal of aclPrincipals(this.state, userId)) {
      for (const id of this.downloadable.get(principal) ?? []) ids.add(id);
    }
    return createMongoAbility(
      [{ action: 'download', subject: 'Entity', conditions: { benefactorId: { $in: [...ids] } } }],
      { detectSubjectType: () => 'Entity' },
    );
  }

  abilityByAclAttributes(userId: number): CaslAbility {
    return createMongoAbility(
      [{ action: 'download', subject: 'Entity', conditions: { downloaders: { $in: aclPrincipals(this.state, userId) } } }],
      { detectSubjectType: () => 'Entity' },
    );
  }

  benefactorSubject(entityId: number): BenefactorSubject {
    return { benefactorId: benefactorOf(this.state, entityId) };
  }

  aclSubject(entityId: number): AclSubject {
    const benefactor = benefactorOf(this.state, entityId);
    return { downloaders: this.downloadersOf.get(benefactor) ?? NO_DOWNLOADERS };
  }

  /** How many benefactors grant PUBLIC or AUTHENTICATED DOWNLOAD: every user's list starts with these. */
  publicDownloadBenefactors(): number {
    return (this.downloadable.get(PUBLIC)?.length ?? 0) + (this.downloadable.get(AUTHENTICATED)?.length ?? 0);
  }
}
