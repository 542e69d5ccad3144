import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, notFound, Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { assertVisible, authorize, seeable, type Viewer } from '../entities/access.js';
import { recordSnapshots } from '../entities/records.js';
import { domainMessages as msg } from './messages.js';
import {
  checkCopy, checkCreation, checkNoRemoval, cloneDomain, isViolation, missingGroups, planAddition, resolveGroups,
  type DomainViolation, type GroupKey, type GroupRef,
} from './rules.js';

/**
 * Authorization-domain use cases (SPEC §9). The rules are in rules.ts; here they meet the database and the
 * decision index. Membership is read from the decision index (ctx.decisions), the same nested membership the
 * engine's DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN rule uses, so "may create with this group" and "may read with
 * this group" never disagree.
 *
 * The functions at the end (domainOf, resolveForCreation, writeDomain, assertCopyAllowed) are for the entities
 * capability: creating a project with a domain, cloning, copying.
 */

export interface DomainGroupView {
  id: number;
  name: string;
  /** The caller is in it (directly or nested). */
  isMember: boolean;
  accessInstructions: string | null;
}

export interface DomainView {
  projectId: string;
  projectName: string;
  groups: DomainGroupView[];
  /** Ids of the groups the caller is not in: the request-access buttons of a "no access" project. */
  missingGroups: number[];
}

export function violationProblem(v: DomainViolation): Problem {
  return new Problem(v.status, v.code, v.detail, { groups: v.groups.map((g) => ({ id: g.id, name: g.name })) });
}

const orThrow = <T>(result: T | DomainViolation): T => {
  if (isViolation(result)) throw violationProblem(result);
  return result;
};

/** The project's domain, in the order groups were added. */
export async function domainOf(sql: Sql, projectId: number): Promise<GroupRef[]> {
  const rows = await sql.query<{ id: number; name: string }>(
    `SELECT d.group_id AS id, coalesce(g.name, 'group ' || d.group_id) AS name
     FROM authorization_domain_groups d LEFT JOIN managed_groups g ON g.id = d.group_id
     WHERE d.project_id = $1 ORDER BY d.added_at, d.group_id`,
    [projectId],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

/** Groups named by name (any case) or id; a 404 naming every unknown one. */
export async function resolveGroupKeys(sql: Sql, keys: readonly GroupKey[]): Promise<GroupRef[]> {
  const rows = await sql.query<{ id: number; name: string }>(
    'SELECT id, name FROM managed_groups WHERE id = ANY ($1::bigint[]) OR lower(name) = ANY ($2::text[])',
    [keys.filter((k): k is number => typeof k === 'number'), keys.filter((k): k is string => typeof k === 'string').map((k) => k.trim().toLowerCase())],
  );
  return orThrow(resolveGroups(keys, rows.map((r) => ({ id: Number(r.id), name: r.name })))).groups;
}

async function memberTest(ctx: AppContext, userId: number | null): Promise<(groupId: number) => boolean> {
  const state = await ctx.decisions.state();
  return (groupId) => userId !== null && state.isGroupMember(userId, groupId);
}

async function project(sql: Sql, id: number): Promise<{ id: number; name: string; type: string }> {
  const row = await sql.maybeOne<{ id: number; name: string; type: string }>('SELECT id, name, type FROM entities WHERE id = $1', [id]);
  if (!row) throw notFound(decisionMessages.doesNotExist(id));
  if (row.type !== 'project') throw badRequest('NOT_A_PROJECT', msg.notAProject(formatEntityId(id)));
  return { ...row, id: Number(row.id) };
}

async function view(ctx: AppContext, viewerId: number | null, projectId: number): Promise<DomainView> {
  const p = await project(ctx.db, projectId);
  const groups = await domainOf(ctx.db, projectId);
  const isMember = await memberTest(ctx, viewerId);
  const instructions = new Map<number, string | null>();
  if (groups.length > 0) {
    const rows = await ctx.db.query<{ id: number; access_instructions: string | null }>(
      'SELECT id, access_instructions FROM managed_groups WHERE id = ANY ($1::bigint[])', [groups.map((g) => g.id)]);
    for (const r of rows) instructions.set(Number(r.id), r.access_instructions);
  }
  return {
    projectId: formatEntityId(projectId),
    projectName: p.name,
    groups: groups.map((g) => ({ id: g.id, name: g.name, isMember: isMember(g.id), accessInstructions: instructions.get(g.id) ?? null })),
    missingGroups: missingGroups(groups, isMember).map((g) => g.id),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Use cases

/**
 * The domain of a project, for anyone who can see the project: also for a user in its ACL but outside the domain,
 * who needs the missing groups to ask for access.
 */
export async function getDomain(ctx: AppContext, viewer: Viewer, projectId: number): Promise<DomainView> {
  await assertVisible(ctx, viewer, projectId);
  return view(ctx, viewer?.id ?? null, projectId);
}

/**
 * Adds groups to a project's domain (CHANGE_PERMISSIONS on the project; the caller must be in each group added;
 * a project shared publicly cannot gain a domain). Never removes. Takes effect on the very next decision.
 */
export async function addGroups(ctx: AppContext, actor: { id: number }, projectId: number, keys: readonly GroupKey[]): Promise<DomainView> {
  if (keys.length === 0) throw badRequest('VALIDATION_FAILED', msg.noGroupsGiven);
  await authorize(ctx, actor, projectId, 'CHANGE_PERMISSIONS');
  await project(ctx.db, projectId);
  const requested = await resolveGroupKeys(ctx.db, keys);
  const isMember = await memberTest(ctx, actor.id);
  await ctx.db.tx(async (sql) => {
    await sql.query('SELECT id FROM entities WHERE id = $1 FOR UPDATE', [projectId]);
    // Under the write-order lock: no ACL entry or domain group can be written in between.
    await sql.query('SELECT pg_advisory_xact_lock(727002)');
    const current = await domainOf(sql, projectId);
    const principals = await sql.query<{ principal_id: number }>(
      `SELECT DISTINCT x.principal_id FROM acl_entries x JOIN entities e ON e.id = x.entity_id WHERE e.project_id = $1`, [projectId]);
    const plan = orThrow(planAddition({ current, requested, isMember, aclPrincipalIds: principals.map((p) => Number(p.principal_id)) }));
    if (plan.added.length === 0) return;
    await writeDomain(sql, ctx.clock, projectId, plan.added, actor.id);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'authorization-domain.groups-added', targetType: 'entity', targetId: formatEntityId(projectId),
      details: { added: plan.added, domain: plan.domain },
    });
    await recordSnapshots(sql, ctx.clock, projectId, 'authorization-domain-changed', actor.id, 'subtree');
  });
  return view(ctx, actor.id, projectId);
}

/** A full replacement of the domain: groups it adds are added; one that would leave a group out is refused. */
export async function replaceGroups(ctx: AppContext, actor: { id: number }, projectId: number, keys: readonly GroupKey[]): Promise<DomainView> {
  await assertVisible(ctx, actor, projectId);
  await project(ctx.db, projectId);
  const requested = await resolveGroupKeys(ctx.db, keys);
  const removal = checkNoRemoval(await domainOf(ctx.db, projectId), requested);
  if (removal) throw violationProblem(removal);
  if (requested.length === 0) return view(ctx, actor.id, projectId);
  return addGroups(ctx, actor, projectId, requested.map((g) => g.id));
}

/** Every removal is refused (409 AUTHORIZATION_DOMAIN_ADD_ONLY); a group not in the domain is a 404. */
export async function refuseRemoval(ctx: AppContext, viewer: Viewer, projectId: number, key: GroupKey | null): Promise<never> {
  await assertVisible(ctx, viewer, projectId);
  await project(ctx.db, projectId);
  const current = await domainOf(ctx.db, projectId);
  const named = key === null ? current : await resolveGroupKeys(ctx.db, [key]);
  const removal = checkNoRemoval(current, current.filter((g) => !named.some((n) => n.id === g.id)));
  if (removal) throw violationProblem(removal);
  throw notFound(key === null
    ? `${formatEntityId(projectId)} has no authorization domain.`
    : `${named[0].name} is not in the authorization domain of ${formatEntityId(projectId)}.`, 'GROUP_NOT_IN_DOMAIN');
}

export interface NoAccessProject {
  projectId: string;
  /** The project's name; null when only `entity` inside it is shared with me, not the project. */
  name: string | null;
  /** With `entityId`: the folder or file I asked about (shared with me, so named). */
  entity?: { id: string; name: string; type: string };
  groups: { id: number; name: string; isMember: boolean; hasAccessInstructions: boolean }[];
  missingGroups: number[];
}

/**
 * The projects shared with me that I cannot open because I am outside their domain: shown greyed out as
 * "no access", with the groups to ask for (SPEC §9). With `entityId`, the one project holding that folder or
 * file, when its domain is what keeps me out of it: a folder shared with me inside such a project explains
 * itself like the project does. Names are told only of what is shared with me (what I could see but for the
 * domain); anything else gives an empty list, as if the entity were not in a domain.
 */
export async function noAccessProjects(ctx: AppContext, viewer: { id: number }, options: { entityId?: number } = {}): Promise<NoAccessProject[]> {
  let ids: number[];
  let asked: NoAccessProject['entity'];
  if (options.entityId !== undefined) {
    const decision = (await ctx.decisions.decideMany(viewer.id, [options.entityId], 'READ'))[0];
    if (decision.rule !== 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN' || (await seeable(ctx, viewer.id, [options.entityId])).length === 0) return [];
    const row = await ctx.db.maybeOne<{ project_id: number; name: string; type: string }>(
      'SELECT project_id, name, type FROM entities WHERE id = $1', [options.entityId]);
    if (!row) return [];
    ids = [Number(row.project_id)];
    if (ids[0] !== options.entityId) asked = { id: formatEntityId(options.entityId), name: row.name, type: row.type };
  } else {
    const rows = await ctx.db.query<{ project_id: number }>('SELECT DISTINCT project_id FROM authorization_domain_groups ORDER BY project_id');
    const all = rows.map((r) => Number(r.project_id));
    if (all.length === 0) return [];
    const decisions = await ctx.decisions.decideMany(viewer.id, all, 'READ');
    ids = all.filter((_, i) => decisions[i].rule === 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
  }
  const shared = new Set(await seeable(ctx, viewer.id, ids));
  const isMember = await memberTest(ctx, viewer.id);
  const out: NoAccessProject[] = [];
  for (const id of ids) {
    if (!shared.has(id) && !asked) continue;
    const p = await ctx.db.maybeOne<{ name: string }>('SELECT name FROM entities WHERE id = $1', [id]);
    if (!p) continue;
    const groups = await domainOf(ctx.db, id);
    const instructions = await ctx.db.query<{ id: number; has: boolean }>(
      'SELECT id, access_instructions IS NOT NULL AS has FROM managed_groups WHERE id = ANY ($1::bigint[])', [groups.map((g) => g.id)]);
    const has = new Map(instructions.map((r) => [Number(r.id), r.has]));
    out.push({
      projectId: formatEntityId(id),
      name: shared.has(id) ? p.name : null,
      ...(asked ? { entity: asked } : {}),
      groups: groups.map((g) => ({ id: g.id, name: g.name, isMember: isMember(g.id), hasAccessInstructions: has.get(g.id) ?? false })),
      missingGroups: missingGroups(groups, isMember).map((g) => g.id),
    });
  }
  return out.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}

// ---------------------------------------------------------------------------------------------------------
// For the entities capability: projects created with a domain, clones, copies

/**
 * Resolves the groups of a new project's domain and checks that the creator is in every one (SPEC §9).
 * Call before the transaction that creates the project (membership is read from the decision index).
 */
export async function resolveForCreation(ctx: AppContext, creatorId: number, keys: readonly GroupKey[]): Promise<GroupRef[]> {
  if (keys.length === 0) return [];
  const groups = await resolveGroupKeys(ctx.db, keys);
  const violation = checkCreation(groups, await memberTest(ctx, creatorId));
  if (violation) throw violationProblem(violation);
  return groups;
}

/** The domain of a clone of `sourceProjectId`: the source's groups plus `addedKeys`; the cloner must be in every added group. */
export async function resolveForClone(ctx: AppContext, clonerId: number, sourceProjectId: number, addedKeys: readonly GroupKey[] = []): Promise<GroupRef[]> {
  const source = await domainOf(ctx.db, sourceProjectId);
  const added = addedKeys.length === 0 ? [] : await resolveGroupKeys(ctx.db, addedKeys);
  const domain = cloneDomain(source, added);
  const violation = checkCreation(domain, await memberTest(ctx, clonerId));
  if (violation) throw violationProblem(violation);
  return domain;
}

/** Writes domain groups of a project, in the caller's transaction (the project row exists already). */
export async function writeDomain(sql: Sql, clock: Clock, projectId: number, groups: readonly GroupRef[], actorId: number): Promise<void> {
  const now = clock.now();
  for (const g of groups) {
    await sql.query(
      `INSERT INTO authorization_domain_groups (project_id, group_id, added_by, added_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [projectId, g.id, actorId, now],
    );
  }
}

/**
 * Copying or importing entities of one project into another: the destination's domain must contain every group
 * of the source's (422 with the SPEC §9 message otherwise). Same project: always allowed.
 */
export async function assertCopyAllowed(sql: Sql, sourceProjectId: number, destinationProjectId: number): Promise<void> {
  if (sourceProjectId === destinationProjectId) return;
  const violation = checkCopy(await domainOf(sql, sourceProjectId), await domainOf(sql, destinationProjectId));
  if (violation) throw violationProblem(violation);
}

// ---------------------------------------------------------------------------------------------------------
// For the sharing dialog (issue 9 item 9): who would be shared with and still not get in, before saving

const PUBLIC_PRINCIPALS = [1, 2] as const; // PUBLIC, AUTHENTICATED (src/identity)

/**
 * For principals about to be added to an entity's ACL: the groups of its project's domain that each user is
 * not in (SPEC §9: they would appear in the ACL and see the project as "no access"), and whether the entity may
 * be made public, as the engine's own ACL-change rule answers. Anyone who can READ the entity may ask: it tells
 * no more than GET /projects/{id}/authorization-domain and the sharing settings already do.
 */
export async function sharingCheck(ctx: AppContext, viewer: Viewer, entityId: number, principalIds: readonly number[]) {
  // Who is in which managed group is private to its members and admins: only someone who may change the sharing
  // settings (and so is choosing whom to add) is told whether a person is in the domain's groups.
  await authorize(ctx, viewer, entityId, 'CHANGE_PERMISSIONS');
  const project = await ctx.db.maybeOne<{ project_id: number }>('SELECT project_id FROM entities WHERE id = $1', [entityId]);
  if (!project) throw notFound(decisionMessages.doesNotExist(entityId));
  const groups = await domainOf(ctx.db, Number(project.project_id));
  const state = await ctx.decisions.state();
  const inDomain = new Set(groups.map((g) => g.id));
  const publicDecision = await ctx.decisions.checkAclChange(entityId, PUBLIC_PRINCIPALS);
  return {
    groups,
    canMakePublic: publicDecision.granted,
    publicRefusal: publicDecision.granted ? null : publicDecision.message,
    principals: principalIds.map((id) => {
      // A group of the domain itself gets in; a team or another group is judged member by member at decision time.
      const isUser = state.user(id) !== undefined;
      const missing = !isUser || inDomain.has(id) ? [] : groups.filter((g) => !state.isGroupMember(id, g.id));
      return { principalId: id, checked: isUser, missingGroups: missing };
    }),
  };
}
