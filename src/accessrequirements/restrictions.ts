import type { AppContext } from '../context.js';
import { badRequest, notFound } from '../infra/problem.js';
import { formatEntityId } from '../infra/ids.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { actionsRequiredJson, denialProblem } from '../decisions/http.js';
import type { Decision } from '../decisions/model.js';
import { assertVisible, recordDenial, type Viewer } from '../entities/access.js';
import { arMessages as msg } from './messages.js';
import * as store from './store.js';

/**
 * What restricts an entity and what would lift it (SPEC §6), read from ctx.decisions only: the restriction
 * level, per AR whether it is approved, met or exempt, and the actions required for a denied DOWNLOAD.
 */

export const MAX_RESTRICTION_BATCH = 50;

/**
 * Existence must not leak (SPEC §5): these reads take the READ decision first and answer as the entity endpoints
 * do (src/entities/access.ts): 404 for a caller who cannot see the entity at all, else the real denial (in the
 * trash; outside the authorization domain, with the groups to join), each denial recorded for the audits.
 */
async function assertReadable(ctx: AppContext, viewer: Viewer, entityId: number, read: Decision): Promise<void> {
  if (read.granted) return;
  await recordDenial(ctx, viewer?.id ?? null, entityId, 'READ', read);
  await assertVisible(ctx, viewer, entityId, read);
  throw denialProblem(read);
}

export async function restrictionInformation(ctx: AppContext, viewer: Viewer, entityIds: readonly number[]) {
  if (entityIds.length > MAX_RESTRICTION_BATCH) {
    throw badRequest('BATCH_TOO_LARGE', msg.batchTooLarge(MAX_RESTRICTION_BATCH, entityIds.length));
  }
  const userId = viewer?.id ?? null;
  const reads = await ctx.decisions.decideMany(userId, entityIds, 'READ');
  for (const [i, id] of entityIds.entries()) await assertReadable(ctx, viewer, id, reads[i]);
  const infos = await Promise.all(entityIds.map((id) => ctx.decisions.restrictionInformation(userId, id)));
  const exemptIds = [...new Set(infos.flatMap((info) => info?.restrictionDetails.filter((d) => d.isExempt).map((d) => d.accessRequirementId) ?? []))];
  const through = userId === null || exemptIds.length === 0 ? new Map<number, Eligible[]>() : await eligibleThrough(ctx, userId, exemptIds);
  return {
    items: entityIds.map((id, i) => {
      const info = infos[i];
      // Purged between the two reads: as if it never existed.
      if (!info) throw notFound(decisionMessages.doesNotExist(id));
      return {
        entityId: formatEntityId(id),
        restrictionLevel: info.restrictionLevel,
        hasUnmetAccessRequirement: info.hasUnmetAccessRequirement,
        restrictionDetails: info.restrictionDetails.map((d) => ({
          ...d,
          exemption: d.isExempt ? { reason: 'data contributor' as const, eligibleThrough: through.get(d.accessRequirementId) ?? [] } : null,
        })),
      };
    }),
  };
}

interface Eligible { kind: 'user' | 'team' | 'group'; id: number; name: string }

/** Why an exempt user is exemption-eligible: the user, or the teams and groups they are in, named on the AR's ACL. */
async function eligibleThrough(ctx: AppContext, userId: number, arIds: readonly number[]): Promise<Map<number, Eligible[]>> {
  const rows = await ctx.db.query<{ access_requirement_id: number; kind: Eligible['kind']; id: number; name: string }>(
    `SELECT a.access_requirement_id, p.kind, p.id, coalesce(u.username, t.name, g.name) AS name
     FROM access_requirement_acl a
     JOIN principals p ON p.id = a.principal_id
     LEFT JOIN users u ON u.id = p.id
     LEFT JOIN teams t ON t.id = p.id
     LEFT JOIN managed_groups g ON g.id = p.id
     WHERE a.access_requirement_id = ANY ($1::bigint[]) AND 'EXEMPTION_ELIGIBLE' = ANY (a.access_types)
       AND (p.id = $2
            OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = p.id AND m.user_id = $2)
            OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = p.id AND m.member_id = $2))
     ORDER BY a.access_requirement_id, p.id`,
    [arIds, userId],
  );
  const byAr = new Map<number, Eligible[]>();
  for (const r of rows) {
    const list = byAr.get(Number(r.access_requirement_id)) ?? [];
    list.push({ kind: r.kind, id: Number(r.id), name: r.name });
    byAr.set(Number(r.access_requirement_id), list);
  }
  return byAr;
}

/** §6: whether the caller can download now, and if not, what would lift the denial, in the specified order. */
export async function actionsRequired(ctx: AppContext, viewer: Viewer, entityId: number) {
  const userId = viewer?.id ?? null;
  await assertReadable(ctx, viewer, entityId, await ctx.decisions.decide({ userId, entityId, action: 'READ' }));
  const download = await ctx.decisions.decide({ userId, entityId, action: 'DOWNLOAD' });
  return {
    entityId: formatEntityId(entityId),
    canDownload: download.granted,
    rule: download.rule,
    message: download.message,
    actions: actionsRequiredJson(download.actionsRequired),
  };
}

/** The ARs that apply to the entity: those bound to it and to every ancestor, ascending by id. */
export async function requirementsOnEntity(ctx: AppContext, viewer: Viewer, entityId: number) {
  await assertReadable(ctx, viewer, entityId, await ctx.decisions.decide({ userId: viewer?.id ?? null, entityId, action: 'READ' }));
  const state = await ctx.decisions.state();
  const ids = new Set<number>();
  for (let at = state.entity(entityId); at; at = at.parentId === null ? undefined : state.entity(at.parentId)) {
    for (const id of state.accessRequirementIdsOnEntity(at.id)) ids.add(id);
  }
  return { items: await store.requirementsByIds(ctx.db, [...ids].sort((a, b) => a - b)) };
}
