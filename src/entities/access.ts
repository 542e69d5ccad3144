import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../infra/problem.js';
import { decide } from '../decisions/engine.js';
import { denialProblem } from '../decisions/http.js';
import { messages } from '../decisions/messages.js';
import type { AccessType, Action, Decision, EntityType } from '../decisions/model.js';
import { walkPath, type Acl, type DecisionState, type EntityRecord } from '../decisions/state.js';

/**
 * How the entity endpoints ask for decisions and answer denials (SPEC §5). Every decision comes from the engine
 * through ctx.decisions; nothing here re-implements a rule.
 *
 * Existence must not leak: an endpoint answers "Resource: 'synN' does not exist" (404) unless the caller can see
 * the entity at all, i.e. unless the engine would grant them READ if nothing were in the trash and no project had
 * an authorization domain (their ACL grants READ, or they are an admin). A caller who can see it gets the real
 * denial with its rule, message and actions required: "Entity synN is in trash can.", the authorization domain
 * message with the groups to join, or the lack of the access type.
 *
 * Never call these inside a transaction: the decision index syncs with committed writes only (docs/adr/0007).
 */

/** The caller of a read: null when anonymous. */
export type Viewer = { id: number; acceptedTerms?: boolean } | null;

/** The signed-in caller of a change (they have accepted the terms of use). */
export interface Actor {
  id: number;
}

export interface DecideOptions {
  createType?: EntityType;
}

/** Decides the action; on a denial records it and throws 404 (cannot see it) or the 403 denial problem. */
export async function authorize(ctx: AppContext, viewer: Viewer, entityId: number, action: Action, options: DecideOptions = {}): Promise<Decision> {
  const decision = await ctx.decisions.decide({ userId: viewer?.id ?? null, entityId, action, createType: options.createType });
  if (decision.granted) return decision;
  await recordDenial(ctx, viewer?.id ?? null, entityId, action, decision);
  await assertVisible(ctx, viewer, entityId, decision);
  throw denialProblem(decision);
}

/** Throws the 404 of a caller who cannot see the entity; `decision` is any denial just taken on it. */
export async function assertVisible(ctx: AppContext, viewer: Viewer, entityId: number, decision?: Decision): Promise<void> {
  if (decision?.rule !== 'DENY_IF_DOES_NOT_EXIST' && (await canSee(ctx, viewer?.id ?? null, entityId))) return;
  // Whether the entity exists or not, a user who has not accepted the terms is told the same thing.
  if (viewer && viewer.acceptedTerms === false) {
    throw forbidden('TERMS_NOT_ACCEPTED', 'Accept the platform terms of use before you do this (see your profile).');
  }
  throw notFound(messages.doesNotExist(entityId));
}

/** The entity exists and the caller would be granted READ if nothing were in the trash and no AD applied. */
export async function canSee(ctx: AppContext, userId: number | null, entityId: number): Promise<boolean> {
  return (await seeable(ctx, userId, [entityId])).length === 1;
}

/** The ids, in their order, that the caller can see (canSee). */
export async function seeable(ctx: AppContext, userId: number | null, entityIds: readonly number[]): Promise<number[]> {
  const view = new StateView(await ctx.decisions.state(), { ignoreTrash: true, ignoreDomains: true });
  const now = ctx.clock.now().getTime();
  return entityIds.filter((entityId) => decide(view, { userId, entityId, action: 'READ', now }).granted);
}

/**
 * The decision on an entity as it would be out of the trash. Restoring and purging are for "whoever may delete"
 * (SPEC §3), which the DELETE chain cannot say of an entity in the trash: DENY_IF_IN_TRASH decides first.
 */
export async function decideOutOfTrash(ctx: AppContext, userId: number | null, entityId: number, action: Action): Promise<Decision> {
  return (await decideManyOutOfTrash(ctx, userId, [entityId], action))[0];
}

export async function decideManyOutOfTrash(ctx: AppContext, userId: number | null, entityIds: readonly number[], action: Action): Promise<Decision[]> {
  const view = new StateView(await ctx.decisions.state(), { ignoreTrash: true });
  const now = ctx.clock.now().getTime();
  return entityIds.map((entityId) => decide(view, { userId, entityId, action, now }));
}

/** The decision as it would be if the entity's own ACL were `acl`: "would I lock myself out?". */
export async function decideWithAcl(ctx: AppContext, userId: number, entityId: number, acl: Acl, action: Action): Promise<Decision> {
  const state = await ctx.decisions.state();
  return decide(new StateView(state, { acls: new Map([[entityId, acl]]) }), { userId, entityId, action, now: ctx.clock.now().getTime() });
}

/** Ids the caller can READ now, in the given order. */
export async function readable(ctx: AppContext, userId: number | null, ids: readonly number[]): Promise<number[]> {
  const decisions = await ctx.decisions.decideMany(userId, ids, 'READ');
  return ids.filter((_, i) => decisions[i].granted);
}

export async function recordDenial(ctx: AppContext, userId: number | null, entityId: number, action: Action, decision: Decision): Promise<void> {
  await ctx.db.query(
    'INSERT INTO decision_denials (at, user_id, entity_id, action, rule, message) VALUES ($1, $2, $3, $4, $5, $6)',
    [ctx.clock.now(), userId, entityId, action, decision.rule, decision.message ?? ''],
  );
}

/** The benefactor's ACL from the decision index: the entity's own, or its nearest ancestor's. */
export async function effectiveAcl(ctx: AppContext, entityId: number): Promise<{ benefactorId: number; acl: Acl } | null> {
  const state = await ctx.decisions.state();
  const entity = state.entity(entityId);
  if (!entity) return null;
  const { benefactorId, benefactorAcl } = state.path(entity);
  return benefactorAcl === undefined ? null : { benefactorId, acl: benefactorAcl };
}

export function aclOf(entries: readonly { principalId: number; accessTypes: readonly AccessType[] }[]): Acl {
  return new Map(entries.map((e) => [e.principalId, new Set(e.accessTypes)]));
}

interface ViewOptions {
  /** As if nothing were in the trash. */
  ignoreTrash?: boolean;
  /** As if no project had an authorization domain. */
  ignoreDomains?: boolean;
  /** Own ACLs to use instead of the stored ones. */
  acls?: ReadonlyMap<number, Acl>;
}

const NO_GROUPS: readonly number[] = Object.freeze([]);

/** A DecisionState seen through a hypothesis; everything not named in the options is the state itself. */
class StateView implements DecisionState {
  private readonly untrashed = new Map<number, EntityRecord>();
  constructor(private readonly state: DecisionState, private readonly options: ViewOptions) {}

  entity(id: number): EntityRecord | undefined {
    const entity = this.state.entity(id);
    if (!entity || !entity.trashed || !this.options.ignoreTrash) return entity;
    let copy = this.untrashed.get(id);
    if (!copy) this.untrashed.set(id, (copy = { ...entity, trashed: false }));
    return copy;
  }
  /** Through entity(), so that ancestors are seen through the hypothesis too. */
  parent(entity: EntityRecord): EntityRecord | undefined {
    return entity.parentId === null ? undefined : this.entity(entity.parentId);
  }
  acl(entityId: number) {
    return this.options.acls?.get(entityId) ?? this.state.acl(entityId);
  }
  /** Walked afresh: the hypothesis may change trash and ACLs anywhere on the path. */
  path(entity: EntityRecord) {
    return walkPath(this, entity);
  }
  accessRequirementIdsOnEntity(entityId: number) {
    return this.state.accessRequirementIdsOnEntity(entityId);
  }
  accessRequirementIdsOnTeam(teamId: number) {
    return this.state.accessRequirementIdsOnTeam(teamId);
  }
  accessRequirement(id: number) {
    return this.state.accessRequirement(id);
  }
  accessRequirementAcl(accessRequirementId: number) {
    return this.state.accessRequirementAcl(accessRequirementId);
  }
  authorizationDomain(projectId: number) {
    return this.options.ignoreDomains ? NO_GROUPS : this.state.authorizationDomain(projectId);
  }
  user(userId: number) {
    return this.state.user(userId);
  }
  principals(userId: number) {
    return this.state.principals(userId);
  }
  caller(userId: number) {
    return this.state.caller(userId);
  }
  isGroupMember(userId: number, groupId: number) {
    return this.state.isGroupMember(userId, groupId);
  }
  isTeam(principalId: number) {
    return this.state.isTeam(principalId);
  }
  hasApproval(userId: number, accessRequirementId: number, now: number) {
    return this.state.hasApproval(userId, accessRequirementId, now);
  }
  uploaderOf(fileId: number) {
    return this.state.uploaderOf(fileId);
  }
}
