import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, conflict, notFound, preconditionFailed, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { denialProblem } from '../decisions/http.js';
import { messages } from '../decisions/messages.js';
import { ACCESS_TYPES, PUBLIC_PRINCIPALS, type EntityType } from '../decisions/model.js';
import type { PermissionsSummary } from '../decisions/engine.js';
import { assertVisible, authorize, readable, recordDenial, seeable, type Actor, type Viewer } from './access.js';
import { entityMessages as msg } from './messages.js';
import { recordAclSnapshot, recordEntitySnapshot, recordSnapshots } from './records.js';
import { assertCopyAllowed, resolveForCreation, writeDomain } from '../authorizationdomains/domains.js';
import * as store from './store.js';
import type { EntityView } from './store.js';

/**
 * Entity use cases (SPEC §3): one exported function per operation. Each change is one transaction holding the
 * change, its audit entry and its records (entity and ACL snapshots); decisions are taken before it, on the
 * committed state (docs/adr/0007).
 */

export const NAME_MAX = 256;
export const DESCRIPTION_MAX = 4000;

export const newEtag = (): string => randomUUID();

/** A name as stored: trimmed, one line, no path separators. Throws a validation problem naming `field`. */
export function cleanName(raw: string, field = 'body.name'): string {
  const name = raw.trim();
  if (!name) throw validationFailed(`The request is not valid: ${field} ${msg.nameBlank}.`, [{ field, message: msg.nameBlank }]);
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name === '.' || name === '..') {
    throw validationFailed(`The request is not valid: ${field} ${msg.nameInvalid}.`, [{ field, message: msg.nameInvalid }]);
  }
  if (name.length > NAME_MAX) {
    const message = `must have at most ${NAME_MAX} characters`;
    throw validationFailed(`The request is not valid: ${field} ${message}.`, [{ field, message }]);
  }
  return name;
}

/** 409 NAME_TAKEN when a sibling has the name already, whatever the case (also one in the trash). */
export async function assertNameFree(sql: Sql, parentId: number | null, name: string, exceptId: number | null = null): Promise<void> {
  const sibling = await store.sameNameSibling(sql, parentId, name, exceptId);
  if (!sibling) return;
  const inTrash = sibling.trashed || (parentId !== null && (await store.pathOf(sql, sibling.id)).some((p) => p.trashed));
  throw conflict('NAME_TAKEN', inTrash ? msg.nameTakenInTrash(name, parentId) : msg.nameTaken(name, parentId), {
    existingId: formatEntityId(sibling.id),
  });
}

/** A concurrent insert of the same name that slipped past assertNameFree, as the same 409. */
export function nameTakenOnRace(err: unknown, parentId: number | null, name: string): unknown {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505' && (e.constraint === 'entities_sibling_name' || /entities_sibling_name/.test(e.message ?? ''))) {
    return conflict('NAME_TAKEN', msg.nameTaken(name, parentId));
  }
  return err;
}

export async function loadView(ctx: AppContext, id: number): Promise<EntityView> {
  const row = await store.getEntity(ctx.db, id);
  if (!row) throw notFound(messages.doesNotExist(id));
  return store.entityView(row);
}

// ---------------------------------------------------------------------------------------------------------
// Reads

export async function getEntity(ctx: AppContext, viewer: Viewer, id: number): Promise<EntityView> {
  await authorize(ctx, viewer, id, 'READ');
  return loadView(ctx, id);
}

export interface Slice {
  limit?: number;
  offset?: number;
}

function page<T>(ids: T[], slice: Slice): T[] {
  const offset = slice.offset ?? 0;
  return ids.slice(offset, offset + (slice.limit ?? 50));
}

/** Children the caller can READ (with includeTrash, also those trashed themselves that the caller can see). */
export async function listChildren(ctx: AppContext, viewer: Viewer, parentId: number, filter: { type?: EntityType; includeTrash?: boolean }, slice: Slice) {
  await authorize(ctx, viewer, parentId, 'READ');
  const userId = viewer?.id ?? null;
  const ids = await store.childIds(ctx.db, parentId, filter.type, filter.includeTrash === true);
  let visible = await readable(ctx, userId, ids);
  if (filter.includeTrash) {
    // A trashed child is denied READ by the trash rule; it is listed to those who could read it otherwise.
    const shown = new Set(visible);
    const trashed = (await store.getEntities(ctx.db, ids.filter((id) => !shown.has(id)))).filter((r) => r.trashed_at).map((r) => r.id);
    for (const id of await seeable(ctx, userId, trashed)) shown.add(id);
    visible = ids.filter((id) => shown.has(id));
  }
  const rows = await store.getEntities(ctx.db, page(visible, slice));
  return { items: rows.map(store.entityView), total: visible.length };
}

/** The projects the caller can READ, by name: the home list. */
export async function listProjects(ctx: AppContext, viewer: Viewer, slice: Slice) {
  const visible = await readable(ctx, viewer?.id ?? null, await store.projectIds(ctx.db));
  const rows = await store.getEntities(ctx.db, page(visible, slice));
  return { items: rows.map(store.entityView), total: visible.length };
}

/**
 * "Shared with me": folders and files whose own sharing settings name the caller, or a team or group of theirs
 * (not PUBLIC or every signed-in user), that someone else created and that the caller can READ. Projects are in
 * listProjects.
 */
export async function listShared(ctx: AppContext, viewer: Viewer, slice: Slice) {
  if (viewer === null) return { items: [], total: 0 };
  const state = await ctx.decisions.state();
  const principals = [...state.principals(viewer.id)].filter((p) => !PUBLIC_PRINCIPALS.has(p));
  const visible = await readable(ctx, viewer.id, await store.sharedEntityIds(ctx.db, principals, viewer.id));
  const rows = await store.getEntities(ctx.db, page(visible, slice));
  return { items: rows.map(store.entityView), total: visible.length };
}

/** The entity and its ancestors, root first. */
export async function entityPath(ctx: AppContext, viewer: Viewer, id: number) {
  await authorize(ctx, viewer, id, 'READ');
  const path = await store.pathOf(ctx.db, id);
  return { items: path.map((p) => ({ id: formatEntityId(p.id), name: p.name, type: p.type })) };
}

/** SPEC §3's permissions summary for the caller; 404 when they cannot see the entity. */
export async function permissions(ctx: AppContext, viewer: Viewer, id: number): Promise<PermissionsSummary> {
  await assertVisible(ctx, viewer, id);
  const summary = await ctx.decisions.permissions(viewer?.id ?? null, id);
  if (!summary) throw notFound(messages.doesNotExist(id));
  return summary;
}

export async function benefactor(ctx: AppContext, viewer: Viewer, id: number) {
  await assertVisible(ctx, viewer, id);
  const path = await store.pathOf(ctx.db, id);
  const nearest = [...path].reverse().find((p) => p.hasAcl);
  if (!nearest) throw notFound(messages.doesNotExist(id));
  return { benefactorId: formatEntityId(nearest.id) };
}

// ---------------------------------------------------------------------------------------------------------
// Changes

export interface NewContainer {
  type: 'project' | 'folder';
  name: string;
  parentId?: number;
  description?: string;
  /** Projects only: the managed groups (names or ids) of its authorization domain; the creator must be in each. */
  authorizationDomain?: (string | number)[];
}

/**
 * Creates a project (any signed-in user who accepted the terms; its ACL gives the creator every access type) or a
 * folder (CREATE on the parent).
 */
export async function createContainer(ctx: AppContext, actor: Actor, input: NewContainer): Promise<EntityView> {
  const name = cleanName(input.name);
  const description = (input.description ?? '').trim();
  if (input.type === 'project' && input.parentId !== undefined) throw badRequest('VALIDATION_FAILED', msg.projectHasNoParent);
  if (input.type === 'folder' && input.parentId === undefined) throw badRequest('VALIDATION_FAILED', msg.parentRequired);
  const parentId = input.type === 'folder' ? input.parentId! : null;
  if (parentId !== null) await assertMayCreateIn(ctx, actor, parentId, 'folder');
  if (input.type === 'folder' && input.authorizationDomain?.length) throw badRequest('VALIDATION_FAILED', msg.domainOnProjectsOnly);
  const domain = await resolveForCreation(ctx, actor.id, input.authorizationDomain ?? []);

  const id = await ctx.db.tx(async (sql) => {
    let projectId: number | undefined;
    if (parentId === null) {
      await assertNameFree(sql, null, name);
    } else {
      projectId = (await lockParent(sql, parentId)).project_id;
      await assertNameFree(sql, parentId, name);
    }
    const id = await store.nextEntityId(sql);
    projectId ??= id; // a project is its own project
    const now = ctx.clock.now();
    try {
      await sql.query(
        `INSERT INTO entities (id, parent_id, type, name, description, project_id, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9)`,
        [id, parentId, input.type, name, description, projectId, newEtag(), actor.id, now],
      );
    } catch (err) {
      throw nameTakenOnRace(err, parentId, name);
    }
    const details: Record<string, unknown> = { type: input.type, name, parentId: parentId === null ? null : formatEntityId(parentId) };
    if (input.type === 'project') {
      await store.writeAcl(sql, id, [{ principalId: actor.id, accessTypes: ACCESS_TYPES }], newEtag(), actor.id, now);
      await recordAclSnapshot(sql, ctx.clock, id, actor.id);
      details.acl = [{ principalId: actor.id, accessTypes: ACCESS_TYPES }];
      if (domain.length > 0) {
        await writeDomain(sql, ctx.clock, id, domain, actor.id);
        details.authorizationDomain = domain;
      }
    }
    await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'entity.created', targetType: 'entity', targetId: formatEntityId(id), details });
    await recordEntitySnapshot(sql, ctx.clock, id, 'created', actor.id);
    return id;
  });
  return loadView(ctx, id);
}

/** CREATE on the parent for a child of this type; the parent must hold children. */
export async function assertMayCreateIn(ctx: AppContext, actor: Actor, parentId: number, type: EntityType): Promise<void> {
  await authorize(ctx, actor, parentId, 'CREATE', { createType: type });
  const parent = await store.getEntity(ctx.db, parentId);
  if (!parent) throw notFound(messages.doesNotExist(parentId));
  if (parent.type === 'file') throw badRequest('BAD_PARENT', msg.parentIsFile(parentId));
}

/** Locks the parent row against a concurrent purge or move while a child is added. */
export async function lockParent(sql: Sql, parentId: number): Promise<{ project_id: number; type: EntityType }> {
  const parent = await sql.maybeOne<{ project_id: number; type: EntityType }>(
    'SELECT project_id, type FROM entities WHERE id = $1 FOR SHARE', [parentId],
  );
  if (!parent) throw notFound(messages.doesNotExist(parentId));
  if (parent.type === 'file') throw badRequest('BAD_PARENT', msg.parentIsFile(parentId));
  return parent;
}

export interface EntityChange {
  name?: string;
  description?: string;
  parentId?: number;
  etag: string;
}

/**
 * Renames, describes and moves (UPDATE on the entity; a move also needs CREATE on the new parent and the move
 * rule of SPEC §3). The etag must be the current one (412 otherwise).
 */
export async function updateEntity(ctx: AppContext, actor: Actor, id: number, change: EntityChange): Promise<EntityView> {
  await authorize(ctx, actor, id, 'UPDATE');
  const current = await store.getEntity(ctx.db, id);
  if (!current) throw notFound(messages.doesNotExist(id));
  const name = change.name === undefined ? undefined : cleanName(change.name);
  const description = change.description?.trim();
  const moveTo = change.parentId !== undefined && change.parentId !== current.parent_id ? change.parentId : undefined;
  if (moveTo !== undefined) await assertMayMove(ctx, actor, current, moveTo);

  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ etag: string; parent_id: number | null; name: string; description: string }>(
      'SELECT etag, parent_id, name, description FROM entities WHERE id = $1 FOR UPDATE', [id],
    );
    if (!row) throw notFound(messages.doesNotExist(id));
    if (row.etag !== change.etag) throw preconditionFailed(msg.staleEtag(id));
    const parentId = moveTo ?? row.parent_id;
    const newName = name ?? row.name;
    if (moveTo !== undefined || (name !== undefined && name !== row.name)) await assertNameFree(sql, parentId, newName, id);
    let projectId: number | undefined;
    if (moveTo !== undefined) {
      projectId = (await lockParent(sql, moveTo)).project_id;
      // The new parent may have been moved below this entity since the checks above.
      if ((await store.pathOf(sql, moveTo)).some((p) => p.id === id)) throw badRequest('MOVE_UNDER_ITSELF', msg.moveUnderItself(id));
    }
    const now = ctx.clock.now();
    try {
      await sql.query(
        `UPDATE entities SET name = $2, description = $3, parent_id = $4, etag = $5, modified_by = $6, modified_at = $7 WHERE id = $1`,
        [id, newName, description ?? row.description, parentId, newEtag(), actor.id, now],
      );
    } catch (err) {
      throw nameTakenOnRace(err, parentId, newName);
    }
    const changed: Record<string, unknown> = {};
    if (newName !== row.name) changed.name = { from: row.name, to: newName };
    if (description !== undefined && description !== row.description) changed.description = true;
    if (moveTo !== undefined) {
      const ids = (await store.subtree(sql, id)).map((s) => s.id);
      await sql.query('UPDATE entities SET project_id = $2 WHERE id = ANY ($1::bigint[]) AND project_id <> $2', [ids, projectId]);
      await appendAudit(sql, ctx.clock, {
        actorId: actor.id, action: 'entity.moved', targetType: 'entity', targetId: formatEntityId(id),
        details: { from: formatEntityId(row.parent_id!), to: formatEntityId(moveTo), entities: ids.length },
      });
      await recordSnapshots(sql, ctx.clock, id, 'moved', actor.id, 'subtree');
    }
    if (Object.keys(changed).length > 0 || moveTo === undefined) {
      await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'entity.updated', targetType: 'entity', targetId: formatEntityId(id), details: changed });
      if (moveTo === undefined) await recordEntitySnapshot(sql, ctx.clock, id, 'updated', actor.id);
    }
  });
  return loadView(ctx, id);
}

async function assertMayMove(ctx: AppContext, actor: Actor, entity: store.EntityRow, newParentId: number): Promise<void> {
  if (entity.type === 'project') throw badRequest('PROJECT_CANNOT_MOVE', msg.projectCannotMove);
  await authorize(ctx, actor, newParentId, 'CREATE', { createType: entity.type });
  const path = await store.pathOf(ctx.db, newParentId);
  if (path.length === 0) throw notFound(messages.doesNotExist(newParentId));
  if (path[path.length - 1].type === 'file') throw badRequest('BAD_PARENT', msg.parentIsFile(newParentId));
  if (path.some((p) => p.id === entity.id)) throw badRequest('MOVE_UNDER_ITSELF', msg.moveUnderItself(entity.id));
  // Moving into another project is an import: its authorization domain must contain every group of the source's.
  await assertCopyAllowed(ctx.db, entity.project_id, path[0].id);
  const rule = await ctx.decisions.checkMove(actor.id, entity.id, newParentId);
  if (!rule.granted) {
    await recordDenial(ctx, actor.id, entity.id, 'UPDATE', rule);
    throw denialProblem(rule);
  }
}
