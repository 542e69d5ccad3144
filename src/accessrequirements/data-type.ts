import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { recordEntitySnapshot } from '../entities/records.js';
import { authorize } from '../entities/access.js';
import { EFFECTIVE_DATA_CLASS } from '../entities/store.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import type { DataType } from '../decisions/model.js';
import { assertAct, newEtag, type Actor } from './requirements.js';

/**
 * An entity's data type (SPEC §3): SENSITIVE_DATA by default; OPEN_DATA, set only by ACT or an admin, lets
 * whoever may READ the entity download it (§5 rule 7). Not inherited: it is set per entity.
 */
export async function setDataType(ctx: AppContext, actor: Actor, entityId: number, dataType: DataType) {
  assertAct(actor);
  return ctx.db.tx(async (sql) => {
    const entity = await sql.maybeOne<{ data_type: DataType; etag: string }>(
      'SELECT data_type, etag FROM entities WHERE id = $1 FOR UPDATE',
      [entityId],
    );
    if (!entity) throw notFound(decisionMessages.doesNotExist(entityId));
    if (entity.data_type === dataType) return { entityId: formatEntityId(entityId), dataType, etag: entity.etag };
    const etag = newEtag();
    await sql.query(
      'UPDATE entities SET data_type = $2, etag = $3, modified_by = $4, modified_at = $5 WHERE id = $1',
      [entityId, dataType, etag, actor.id, ctx.clock.now()],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'entity.data-type-changed', targetType: 'entity', targetId: formatEntityId(entityId),
      details: { from: entity.data_type, to: dataType },
    });
    await recordEntitySnapshot(sql, ctx.clock, entityId, 'data-type-changed', actor.id);
    return { entityId: formatEntityId(entityId), dataType, etag };
  });
}

export type DataClass = 'row-level' | 'summary';

/**
 * An entity's class of data (SPEC §10): `row-level` data is what the egress thresholds watch; `summary` data may be
 * downloaded up to the policy's size limit and is not counted. Inherited down the tree like an access requirement:
 * null clears the entity's own mark, so that it inherits again. Set by ACT, an admin, or whoever may change the
 * entity's permissions (its data administrator).
 */
export async function setDataClass(ctx: AppContext, actor: Actor, entityId: number, dataClass: DataClass | null) {
  if (!actor.isAct && !actor.isAdmin) await authorize(ctx, actor, entityId, 'CHANGE_PERMISSIONS');
  return ctx.db.tx(async (sql) => {
    const entity = await sql.maybeOne<{ data_class: DataClass | null; etag: string }>(
      'SELECT data_class, etag FROM entities WHERE id = $1 FOR UPDATE', [entityId]);
    if (!entity) throw notFound(decisionMessages.doesNotExist(entityId));
    let etag = entity.etag;
    if (entity.data_class !== dataClass) {
      etag = newEtag();
      await sql.query(
        'UPDATE entities SET data_class = $2, etag = $3, modified_by = $4, modified_at = $5 WHERE id = $1',
        [entityId, dataClass, etag, actor.id, ctx.clock.now()]);
      await appendAudit(sql, ctx.clock, {
        actorId: actor.id, action: 'entity.data-class-changed', targetType: 'entity', targetId: formatEntityId(entityId),
        details: { from: entity.data_class, to: dataClass },
      });
    }
    const effective = await sql.one<{ data_class: DataClass | null }>(
      `SELECT (${EFFECTIVE_DATA_CLASS}) AS data_class FROM entities e WHERE e.id = $1`, [entityId]);
    return { entityId: formatEntityId(entityId), dataClass, effectiveDataClass: effective.data_class ?? 'row-level', etag };
  });
}
