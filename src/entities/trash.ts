import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { conflict, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { denialProblem } from '../decisions/http.js';
import { messages } from '../decisions/messages.js';
import { assertVisible, authorize, decideManyOutOfTrash, decideOutOfTrash, recordDenial, type Actor } from './access.js';
import { loadView, newEtag, type Slice } from './entities.js';
import { entityMessages as msg } from './messages.js';
import { recordAclSnapshot, recordSnapshots } from './records.js';
import * as store from './store.js';
import type { EntityView } from './store.js';

/**
 * The trash (SPEC §3). Trashing sets trashed_at on the entity alone: the engine finds everything below it in the
 * trash as it walks the path, so trashing a large folder is one write. Restoring and purging are for whoever
 * may DELETE the entity as it would be out of the trash; purging deletes the subtree for good, the records of
 * SPEC §11 (snapshots, download records, blobs) excepted.
 */

const PURGE_AUDIT_IDS = 1000;

/** The nearest entity of the path (the entity included) that was moved to the trash itself. */
function trashedOnPath(path: store.PathItem[]): store.PathItem | undefined {
  return [...path].reverse().find((p) => p.trashed);
}

export async function moveToTrash(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  await authorize(ctx, actor, id, 'DELETE');
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ id: number }>('SELECT id FROM entities WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notFound(messages.doesNotExist(id));
    // Only an admin gets here for an entity in the trash already (GRANT_IF_ADMIN comes before the trash rule).
    if (trashedOnPath(await store.pathOf(sql, id))) throw conflict('ALREADY_IN_TRASH', msg.alreadyInTrash(id));
    await sql.query('UPDATE entities SET trashed_at = $2, trashed_by = $3, etag = $4 WHERE id = $1', [id, ctx.clock.now(), actor.id, newEtag()]);
    const ids = (await store.subtree(sql, id)).map((s) => s.id);
    await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'entity.trashed', targetType: 'entity', targetId: formatEntityId(id), details: { entities: ids.length } });
    await recordSnapshots(sql, ctx.clock, id, 'trashed', actor.id, 'subtree');
  });
}

/** DELETE on the entity as it would be out of the trash; on a denial, 404 or the 403 problem. */
async function assertMayDeleteOutOfTrash(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const decision = await decideOutOfTrash(ctx, actor.id, id, 'DELETE');
  if (decision.granted) return;
  await recordDenial(ctx, actor.id, id, 'DELETE', decision);
  await assertVisible(ctx, actor, id, decision);
  throw denialProblem(decision);
}

export async function restoreFromTrash(ctx: AppContext, actor: Actor, id: number): Promise<EntityView> {
  await assertMayDeleteOutOfTrash(ctx, actor, id);
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ trashed: boolean }>('SELECT trashed_at IS NOT NULL AS trashed FROM entities WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notFound(messages.doesNotExist(id));
    const above = trashedOnPath((await store.pathOf(sql, id)).slice(0, -1));
    if (!row.trashed) {
      throw conflict(above ? 'IN_TRASH_THROUGH_PARENT' : 'NOT_IN_TRASH', above ? msg.inTrashThroughParent(id, above.id) : msg.notInTrash(id));
    }
    if (above) throw conflict('PARENT_IN_TRASH', msg.parentInTrash(id, above.id));
    await sql.query('UPDATE entities SET trashed_at = NULL, trashed_by = NULL, etag = $2 WHERE id = $1', [id, newEtag()]);
    const ids = (await store.subtree(sql, id)).map((s) => s.id);
    await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'entity.restored', targetType: 'entity', targetId: formatEntityId(id), details: { entities: ids.length } });
    await recordSnapshots(sql, ctx.clock, id, 'restored', actor.id, 'subtree');
  });
  return loadView(ctx, id);
}

/**
 * Deletes the entity and everything below it for good, children first (the parent_id foreign key), with their
 * ACLs, file versions, bindings, download-list entries and authorization domain. Blobs stay: they are records.
 */
export async function purge(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const decision = await ctx.decisions.decide({ userId: actor.id, entityId: id, action: 'DELETE' });
  if (!decision.granted) {
    if (decision.rule === 'DENY_IF_IN_TRASH') await assertMayDeleteOutOfTrash(ctx, actor, id);
    else await authorize(ctx, actor, id, 'DELETE');
  }
  await ctx.db.tx(async (sql) => {
    const root = await sql.maybeOne<{ name: string; type: string }>('SELECT name, type FROM entities WHERE id = $1 FOR UPDATE', [id]);
    if (!root) throw notFound(messages.doesNotExist(id));
    const nodes = await store.subtree(sql, id);
    const ids = nodes.map((n) => n.id);
    // The last state of each, for the audits: what was purged, from where.
    await recordSnapshots(sql, ctx.clock, id, 'purged', actor.id, 'all');
    const withAcl = await sql.query<{ entity_id: number }>('SELECT entity_id FROM acls WHERE entity_id = ANY ($1::bigint[])', [ids]);
    try {
      await sql.query('DELETE FROM download_list WHERE entity_id = ANY ($1::bigint[])', [ids]);
      await sql.query('DELETE FROM file_versions WHERE entity_id = ANY ($1::bigint[])', [ids]);
      await sql.query(`DELETE FROM access_requirement_subjects WHERE subject_type = 'entity' AND subject_id = ANY ($1::bigint[])`, [ids]);
      await sql.query('DELETE FROM authorization_domain_groups WHERE project_id = ANY ($1::bigint[])', [ids]);
      await sql.query('DELETE FROM acl_entries WHERE entity_id = ANY ($1::bigint[])', [ids]);
      await sql.query('DELETE FROM acls WHERE entity_id = ANY ($1::bigint[])', [ids]);
      const deepest = nodes.reduce((max, n) => Math.max(max, n.depth), 0);
      for (let depth = deepest; depth >= 0; depth--) {
        const level = nodes.filter((n) => n.depth === depth).map((n) => n.id);
        await sql.query('DELETE FROM entities WHERE id = ANY ($1::bigint[])', [level]);
      }
    } catch (err) {
      // Another capability's rows still refer to the subtree: refuse rather than fail.
      if ((err as { code?: string }).code === '23503') throw conflict('PURGE_BLOCKED', msg.purgeBlocked(id));
      throw err;
    }
    for (const { entity_id } of withAcl) await recordAclSnapshot(sql, ctx.clock, entity_id, actor.id);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'entity.purged', targetType: 'entity', targetId: formatEntityId(id),
      // The ids of a large subtree are in its snapshots; the entry names the first ones.
      details: { name: root.name, type: root.type, entities: ids.length, ids: ids.slice(0, PURGE_AUDIT_IDS).map(formatEntityId) },
    });
  });
}

/** Entities in the trash (moved there themselves) that the caller may restore, most recently trashed first. */
export async function listTrash(ctx: AppContext, actor: Actor, slice: Slice) {
  const ids = await store.trashedRootIds(ctx.db);
  const decisions = await decideManyOutOfTrash(ctx, actor.id, ids, 'DELETE');
  const mine = ids.filter((_, i) => decisions[i].granted);
  const offset = slice.offset ?? 0;
  const rows = await store.getEntities(ctx.db, mine.slice(offset, offset + (slice.limit ?? 50)));
  return { items: rows.map(store.entityView), total: mine.length };
}
