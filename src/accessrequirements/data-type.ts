import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { recordEntitySnapshot } from '../entities/records.js';
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
