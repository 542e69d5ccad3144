import type { AppContext } from '../context.js';
import { ACT_TEAM, formatEntityId } from '../infra/ids.js';
import { conflict, notFound, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam } from '../notifications/outbox.js';
import { recordAccessRequirementSnapshot } from '../entities/records.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { authorize } from '../entities/access.js';
import { arMessages as msg } from './messages.js';
import { bindInTx, insertRequirement, type Actor } from './requirements.js';
import * as store from './store.js';
import type { AccessRequirementView } from './store.js';

/**
 * A Data Owner (CHANGE_PERMISSIONS on the entity) or ACT locks an entity (SPEC §4): a Lock AR bound to it, which
 * nobody can approve, so nothing below it can be downloaded until ACT deletes or unbinds the lock. ACT is told.
 */
export async function lockEntity(ctx: AppContext, actor: Actor, entityId: number, rawReason: string): Promise<AccessRequirementView> {
  const reason = rawReason.trim();
  if (!reason) throw validationFailed('Say why the entity is locked; ACT reads it.', [{ field: 'body.reason', message: 'must not be blank' }]);
  // Decided before the transaction: the decision index only ever reads committed changes. A caller who cannot
  // see the entity is told it does not exist; one who can gets the denial (SPEC §5).
  if (!actor.isAct && !actor.isAdmin) await authorize(ctx, actor, entityId, 'CHANGE_PERMISSIONS');
  return ctx.db.tx(async (sql) => {
    const entity = await sql.maybeOne<{ name: string }>('SELECT name FROM entities WHERE id = $1 FOR SHARE', [entityId]);
    if (!entity) throw notFound(decisionMessages.doesNotExist(entityId));
    const locked = await sql.maybeOne(
      `SELECT 1 FROM access_requirement_subjects s JOIN access_requirements ar ON ar.id = s.access_requirement_id
       WHERE s.subject_type = 'entity' AND s.subject_id = $1 AND ar.type = 'Lock' AND ar.deleted_at IS NULL`,
      [entityId],
    );
    if (locked) throw conflict('ALREADY_LOCKED', msg.alreadyLocked(entityId));
    const row = await insertRequirement(ctx, sql, actor, {
      type: 'Lock', name: msg.lockName(entity.name, entityId), description: '', terms: reason, settings: {},
    });
    await bindInTx(ctx, sql, actor, row, { type: 'entity', id: entityId });
    await recordAccessRequirementSnapshot(sql, ctx.clock, row.id, 'created', actor.id);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'entity.locked', targetType: 'entity', targetId: formatEntityId(entityId),
      details: { accessRequirementId: row.id, reason },
    });
    await notifyTeam(sql, ctx.clock, ctx.config.publicUrl, ACT_TEAM, {
      kind: 'access-requirement.entity-locked', link: `/access-requirements/${row.id}`,
      ...msg.notices.locked(actor.displayName, entity.name, entityId, reason),
    });
    return store.view(sql, (await store.findRequirement(sql, row.id))!);
  });
}
