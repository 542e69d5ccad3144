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

export async function restrictionInformation(ctx: AppContext, viewer: Viewer, entityIds: readonly number[], options: { withUploads?: boolean } = {}) {
  if (entityIds.length > MAX_RESTRICTION_BATCH) {
    throw badRequest('BATCH_TOO_LARGE', msg.batchTooLarge(MAX_RESTRICTION_BATCH, entityIds.length));
  }
  const userId = viewer?.id ?? null;
  const reads = await ctx.decisions.decideMany(userId, entityIds, 'READ');
  for (const [i, id] of entityIds.entries()) await assertReadable(ctx, viewer, id, reads[i]);
  const infos = await Promise.all(entityIds.map((id) => ctx.decisions.restrictionInformation(userId, id)));
  const exemptIds = [...new Set(infos.flatMap((info) => info?.restrictionDetails.filter((d) => d.isExempt).map((d) => d.accessRequirementId) ?? []))];
  const through = userId === null || exemptIds.length === 0 ? new Map<number, Eligible[]>() : await eligibleThrough(ctx, userId, exemptIds);
  const uploads = new Map<number, { count: number; total: number }>();
  if (options.withUploads && userId !== null) {
    const state = await ctx.decisions.state();
    for (const [i, id] of entityIds.entries()) {
      if (!infos[i]?.hasUnmetAccessRequirement || state.entity(id)?.type === 'file') continue;
      // Said only when there is something to explain: the viewer uploaded some of the files below.
      const below = await filesUploadedBelow(ctx, userId, id);
      if (below.count > 0) uploads.set(id, below);
    }
  }
  return {
    items: entityIds.map((id, i) => {
      const info = infos[i];
      // Purged between the two reads: as if it never existed.
      if (!info) throw notFound(decisionMessages.doesNotExist(id));
      return {
        entityId: formatEntityId(id),
        restrictionLevel: info.restrictionLevel,
        hasUnmetAccessRequirement: info.hasUnmetAccessRequirement,
        ...(uploads.has(id) ? { filesYouUploaded: uploads.get(id)! } : {}),
        restrictionDetails: info.restrictionDetails.map((d) => ({
          ...d,
          exemption: d.isExempt ? { reason: 'data contributor' as const, eligibleThrough: through.get(d.accessRequirementId) ?? [] } : null,
        })),
      };
    }),
  };
}

/**
 * Of the files below a folder or project (not in the trash), how many the viewer uploaded. Their uploader meets
 * every requirement on them (SPEC §4), so a folder whose requirements the viewer has not met may hold files that
 * say "met" for them; the panel says why rather than appear to contradict itself.
 */
async function filesUploadedBelow(ctx: AppContext, userId: number, entityId: number): Promise<{ count: number; total: number }> {
  const row = await ctx.db.one<{ count: number; total: number }>(
    `WITH RECURSIVE below AS (
       SELECT id, type, created_by FROM entities WHERE parent_id = $1 AND trashed_at IS NULL
       UNION ALL
       SELECT e.id, e.type, e.created_by FROM entities e JOIN below b ON e.parent_id = b.id WHERE e.trashed_at IS NULL
     )
     SELECT count(*) FILTER (WHERE type = 'file' AND created_by = $2)::int AS count, count(*) FILTER (WHERE type = 'file')::int AS total FROM below`,
    [entityId, userId],
  );
  return { count: Number(row.count), total: Number(row.total) };
}

interface Eligible { kind: 'user' | 'team' | 'group'; id: number; name: string }

/**
 * Why an exempt user is exemption-eligible: the principals the decision engine itself matched — the user, or any
 * team or group they are in (through nested groups too) that the AR's ACL gives EXEMPTION_ELIGIBLE — named in one
 * query. Read from the decision state, so the explanation cannot disagree with the decision.
 */
async function eligibleThrough(ctx: AppContext, userId: number, arIds: readonly number[]): Promise<Map<number, Eligible[]>> {
  const state = await ctx.decisions.state();
  const mine = state.principals(userId);
  const matched = new Map<number, number[]>();
  for (const arId of arIds) {
    const acl = state.accessRequirementAcl(arId);
    const ids = acl === undefined ? [] : [...acl].filter(([p, types]) => mine.has(p) && types.has('EXEMPTION_ELIGIBLE')).map(([p]) => p);
    matched.set(arId, ids.sort((a, b) => a - b));
  }
  const ids = [...new Set([...matched.values()].flat())];
  const rows = ids.length === 0 ? [] : await ctx.db.query<{ id: number; kind: Eligible['kind']; name: string }>(
    `SELECT p.id, p.kind, coalesce(u.username, t.name, g.name) AS name
     FROM principals p
     LEFT JOIN users u ON u.id = p.id
     LEFT JOIN teams t ON t.id = p.id
     LEFT JOIN managed_groups g ON g.id = p.id
     WHERE p.id = ANY ($1::bigint[]) AND p.kind <> 'special'`,
    [ids],
  );
  const named = new Map(rows.map((r) => [Number(r.id), { kind: r.kind, id: Number(r.id), name: r.name }]));
  return new Map([...matched].map(([arId, list]) => [arId, list.flatMap((p) => named.get(p) ?? [])]));
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
