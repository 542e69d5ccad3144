import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, conflict, notFound, preconditionFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { denialProblem } from '../decisions/http.js';
import { messages } from '../decisions/messages.js';
import { ACCESS_TYPES, type AccessType } from '../decisions/model.js';
import type { Acl } from '../decisions/state.js';
import { aclOf, assertVisible, authorize, decideWithAcl, effectiveAcl, recordDenial, type Actor, type Viewer } from './access.js';
import { newEtag } from './entities.js';
import { entityMessages as msg } from './messages.js';
import { recordAclSnapshot, recordSnapshots } from './records.js';
import * as store from './store.js';

/**
 * ACLs (SPEC §3). An entity's benefactor is the nearest entity, itself or an ancestor, with an ACL of its own;
 * that ACL alone governs it. An ACL is changed with CHANGE_PERMISSIONS, or with SHARE when the change only adds
 * access types the sharer holds (never SHARE or CHANGE_PERMISSIONS). An entity under an authorization domain is
 * never shared with PUBLIC, AUTHENTICATED or ANONYMOUS.
 */

/** The presets the UI offers, each a superset of the one before (SPEC §3). */
export const ACL_PRESETS: readonly { name: string; accessTypes: readonly AccessType[] }[] = [
  { name: 'Can view', accessTypes: ['READ'] },
  { name: 'Can download', accessTypes: ['READ', 'DOWNLOAD'] },
  { name: 'Can edit', accessTypes: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE'] },
  { name: 'Can edit & delete', accessTypes: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE'] },
  { name: 'Administrator', accessTypes: ACCESS_TYPES },
];

export interface AclEntryInput {
  principalId: number;
  accessTypes: AccessType[];
}

export interface AclView {
  entityId: string;
  benefactorId: string;
  inherited: boolean;
  etag: string;
  entries: { principalId: number; principalName: string; principalType: 'special' | 'user' | 'team' | 'group'; accessTypes: AccessType[] }[];
}

/** Access types in the catalogue's order, each once. */
const ordered = (types: Iterable<AccessType>): AccessType[] => {
  const set = new Set(types);
  return ACCESS_TYPES.filter((t) => set.has(t));
};

async function aclView(ctx: AppContext, entityId: number): Promise<AclView> {
  const path = await store.pathOf(ctx.db, entityId);
  const benefactor = [...path].reverse().find((p) => p.hasAcl);
  if (!benefactor) throw notFound(messages.doesNotExist(entityId));
  const acl = await store.ownAcl(ctx.db, benefactor.id);
  if (!acl) throw notFound(messages.doesNotExist(entityId));
  return {
    entityId: formatEntityId(entityId),
    benefactorId: formatEntityId(benefactor.id),
    inherited: benefactor.id !== entityId,
    etag: acl.etag,
    entries: acl.entries.map((e) => ({
      principalId: e.principal_id,
      principalName: e.name,
      principalType: e.kind,
      accessTypes: ordered(e.access_types as AccessType[]),
    })),
  };
}

/**
 * The ACL that governs the entity: its own, or its benefactor's. The READ_ACL chain decides: anyone who can READ
 * the entity, and whoever may change the ACL (CHANGE_PERMISSIONS or SHARE) even outside the authorization domain,
 * since a PUT replaces the whole ACL and they must see what they change. The data stays closed to them.
 */
export async function getAcl(ctx: AppContext, viewer: Viewer, entityId: number): Promise<AclView> {
  await authorize(ctx, viewer, entityId, 'READ_ACL');
  return aclView(ctx, entityId);
}

function validateEntries(entries: readonly AclEntryInput[]): AclEntryInput[] {
  const seen = new Set<number>();
  for (const e of entries) {
    if (seen.has(e.principalId)) throw badRequest('DUPLICATE_PRINCIPAL', msg.duplicatePrincipal(e.principalId));
    seen.add(e.principalId);
  }
  return entries.map((e) => ({ principalId: e.principalId, accessTypes: ordered(e.accessTypes) }));
}

/** The types the new ACL adds to the current one; null when it also takes something away. */
function additions(current: Acl, next: Acl): AccessType[] | null {
  for (const [principalId, types] of current) {
    const kept = next.get(principalId);
    for (const t of types) if (!kept?.has(t)) return null;
  }
  const added = new Set<AccessType>();
  for (const [principalId, types] of next) {
    const had = current.get(principalId);
    for (const t of types) if (!had?.has(t)) added.add(t);
  }
  return ordered(added);
}

/**
 * Creates or replaces the entity's own ACL. CHANGE_PERMISSIONS may change anything but may not take away the
 * caller's own CHANGE_PERMISSIONS; SHARE may only add (ctx.decisions.share decides which types).
 */
export async function putAcl(ctx: AppContext, actor: Actor, entityId: number, input: { entries: AclEntryInput[]; etag?: string }): Promise<AclView> {
  await assertVisible(ctx, actor, entityId);
  const entries = validateEntries(input.entries);
  const next = aclOf(entries);
  const current = await effectiveAcl(ctx, entityId);
  if (!current) throw notFound(messages.doesNotExist(entityId));
  const own = await store.ownAcl(ctx.db, entityId);
  if (input.etag !== undefined && own && own.etag !== input.etag) throw preconditionFailed(msg.staleAclEtag(entityId));

  const changePermissions = await ctx.decisions.decide({ userId: actor.id, entityId, action: 'CHANGE_PERMISSIONS' });
  let via: 'CHANGE_PERMISSIONS' | 'SHARE' = 'CHANGE_PERMISSIONS';
  if (!changePermissions.granted) {
    const added = additions(current.acl, next);
    const share = added === null ? null : await ctx.decisions.share(actor.id, entityId, added);
    if (!share?.granted) {
      // A sharer asking for too much is told what they may not grant; anyone else lacks CHANGE_PERMISSIONS.
      const denial = share && share.rule === 'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS' ? share : changePermissions;
      await recordDenial(ctx, actor.id, entityId, denial === share ? 'SHARE' : 'CHANGE_PERMISSIONS', denial);
      throw denialProblem(denial);
    }
    via = 'SHARE';
  } else if (changePermissions.rule !== 'GRANT_IF_ADMIN') {
    const after = await decideWithAcl(ctx, actor.id, entityId, next, 'CHANGE_PERMISSIONS');
    if (!after.granted) throw badRequest('OWN_PERMISSION_REMOVED', msg.ownChangePermissionsRemoved);
  }

  const principalIds = entries.map((e) => e.principalId);
  const known = await store.existingPrincipals(ctx.db, principalIds);
  const unknown = principalIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw badRequest('UNKNOWN_PRINCIPAL', msg.unknownPrincipals(unknown), { principalIds: unknown });

  const domainRule = await ctx.decisions.checkAclChange(entityId, principalIds);
  if (!domainRule.granted) {
    await recordDenial(ctx, actor.id, entityId, via, domainRule);
    throw denialProblem(domainRule);
  }

  await ctx.db.tx(async (sql) => {
    const entity = await sql.maybeOne('SELECT id FROM entities WHERE id = $1 FOR UPDATE', [entityId]);
    if (!entity) throw notFound(messages.doesNotExist(entityId));
    // The change was decided on the ACL as read above; refuse it if the ACL changed since.
    const locked = await sql.maybeOne<{ etag: string }>('SELECT etag FROM acls WHERE entity_id = $1 FOR UPDATE', [entityId]);
    if ((locked?.etag ?? null) !== (own?.etag ?? null)) throw preconditionFailed(msg.staleAclEtag(entityId));
    await store.writeAcl(sql, entityId, entries, newEtag(), actor.id, ctx.clock.now());
    await recordAclSnapshot(sql, ctx.clock, entityId, actor.id);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'acl.changed', targetType: 'entity', targetId: formatEntityId(entityId),
      details: { via, created: own === null, entries },
    });
    await recordSnapshots(sql, ctx.clock, entityId, 'acl-changed', actor.id, 'inheriting');
  });
  return aclView(ctx, entityId);
}

/** Deletes the entity's own ACL so that it inherits again (the REMOVE_ACL chain: never a project's). */
export async function removeAcl(ctx: AppContext, actor: Actor, entityId: number): Promise<void> {
  await authorize(ctx, actor, entityId, 'REMOVE_ACL');
  await ctx.db.tx(async (sql) => {
    const entity = await sql.maybeOne('SELECT id FROM entities WHERE id = $1 FOR UPDATE', [entityId]);
    if (!entity) throw notFound(messages.doesNotExist(entityId));
    const own = await store.ownAcl(sql, entityId);
    if (!own) {
      const path = await store.pathOf(sql, entityId);
      const benefactor = [...path].reverse().find((p) => p.hasAcl);
      throw conflict('ACL_INHERITED', msg.aclInherited(entityId, benefactor?.id ?? entityId));
    }
    await sql.query('DELETE FROM acl_entries WHERE entity_id = $1', [entityId]);
    await sql.query('DELETE FROM acls WHERE entity_id = $1', [entityId]);
    await recordAclSnapshot(sql, ctx.clock, entityId, actor.id);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'acl.removed', targetType: 'entity', targetId: formatEntityId(entityId),
      details: { entries: own.entries.map((e) => ({ principalId: e.principal_id, accessTypes: e.access_types })) },
    });
    await recordSnapshots(sql, ctx.clock, entityId, 'acl-removed', actor.id, 'inheriting');
  });
}
