import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { ROLE_TEAMS, parseEntityId } from '../infra/ids.js';
import { badRequest, conflict, forbidden, notFound, preconditionFailed, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { recordAccessRequirementSnapshot, recordSnapshots } from '../entities/records.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import type { AccessRequirementAccessType, AccessRequirementType } from '../decisions/model.js';
import type { DecisionState } from '../decisions/state.js';
import { arMessages as msg } from './messages.js';
import { resolveSettings, type Settings } from './settings.js';
import * as store from './store.js';
import type { AccessRequirementView, ArRow, SubjectRef } from './store.js';

/**
 * Access requirement use cases (SPEC §4): one exported function per operation. Each write is one transaction
 * holding the change, its audit entry and the §11 records (AR snapshot; when a binding moves, snapshots of the
 * entity and of the descendants whose effective ARs changed).
 *
 * None of these calls ctx.decisions inside a transaction: the decision index syncs by reading the change log,
 * and must only ever read committed rows (docs/adr/0007).
 */

/** Who acts: the signed-in user (CallerUser fits). */
export interface Actor {
  id: number;
  displayName: string;
  isAct: boolean;
  isAdmin: boolean;
}

export const NAME_MAX = 256;
export const DESCRIPTION_MAX = 5_000;
export const TERMS_MAX = 100_000;

export function assertAct(actor: Actor): void {
  if (!actor.isAct && !actor.isAdmin) throw forbidden('ACT_REQUIRED', 'Only members of the Access and Compliance Team may do this.');
}

export const newEtag = () => randomUUID();

// ---------------------------------------------------------------------------------------------------------
// Reads (anyone may read an AR's text: it is what a user must agree to)

export async function getRequirement(ctx: AppContext, id: number): Promise<AccessRequirementView> {
  const row = await store.findRequirement(ctx.db, id);
  if (!row) throw notFound(msg.notFound(id), 'ACCESS_REQUIREMENT_NOT_FOUND');
  return store.view(ctx.db, row);
}

/**
 * Names the bindings of these views for a caller: teams by name, entities by name and path where the caller may
 * READ the entity (the AR texts are public; the names of what they protect are not). One query for every view.
 */
export async function withSubjectNames(ctx: AppContext, userId: number | null, views: AccessRequirementView[]): Promise<AccessRequirementView[]> {
  const refs: SubjectRef[] = views.flatMap((v) => v.subjects.map((s) => (s.type === 'entity'
    ? { type: 'entity' as const, id: parseEntityId(s.id) } : { type: 'team' as const, id: s.id })));
  if (refs.length === 0) return views;
  const names = await store.subjectNames(ctx.db, refs);
  const entityIds = names.filter((n) => n.type === 'entity').map((n) => n.id);
  const reads = await ctx.decisions.decideMany(userId, entityIds, 'READ');
  const readable = new Set(entityIds.filter((_, i) => reads[i].granted));
  const byKey = new Map(names.map((n) => [`${n.type}:${n.id}`, n]));
  return views.map((v) => ({
    ...v,
    subjects: v.subjects.map((s) => {
      if (s.type === 'team') return { ...s, name: byKey.get(`team:${s.id}`)?.name ?? null };
      const id = parseEntityId(s.id);
      const named = readable.has(id) ? byKey.get(`entity:${id}`) : undefined;
      return { ...s, name: named?.name ?? null, path: named?.path ?? null };
    }),
  }));
}

export async function listRequirements(ctx: AppContext, filter: store.RequirementFilter) {
  return store.listRequirements(ctx.db, filter);
}

export async function listVersions(ctx: AppContext, id: number, slice: { limit: number; offset: number }) {
  // Versions of a deleted AR stay readable to ACT through the records; here only live ones.
  await getRequirement(ctx, id);
  return store.listVersions(ctx.db, id, slice);
}

// ---------------------------------------------------------------------------------------------------------
// Create, update, delete (ACT)

export interface NewRequirement {
  type: AccessRequirementType;
  name: string;
  description?: string;
  terms?: string;
  settings?: unknown;
  subjects?: SubjectRef[];
}

export async function createRequirement(ctx: AppContext, actor: Actor, input: NewRequirement): Promise<AccessRequirementView> {
  assertAct(actor);
  const name = requirementName(input.name);
  const settings = resolveSettings(input.type, input.settings);
  return ctx.db.tx(async (sql) => {
    const row = await insertRequirement(ctx, sql, actor, {
      type: input.type, name, description: (input.description ?? '').trim(), terms: input.terms ?? '', settings,
    });
    for (const subject of input.subjects ?? []) await bindInTx(ctx, sql, actor, row, subject);
    await recordAccessRequirementSnapshot(sql, ctx.clock, row.id, 'created', actor.id);
    return store.view(sql, (await store.findRequirement(sql, row.id))!);
  });
}

/** Inserts an AR with its first version and audit entry; the caller binds and records the snapshot. */
export async function insertRequirement(
  ctx: AppContext,
  sql: Sql,
  actor: Actor,
  input: { type: AccessRequirementType; name: string; description: string; terms: string; settings: Settings },
): Promise<ArRow> {
  await assertBlob(sql, input.settings);
  const now = ctx.clock.now();
  const row = await sql.one<ArRow>(
    `INSERT INTO access_requirements (type, name, description, terms, settings, version, etag, created_by, created_at, modified_by, modified_at)
     VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $7, $8) RETURNING ${store.AR_COLUMNS}`,
    [input.type, input.name, input.description, input.terms, JSON.stringify(input.settings), newEtag(), actor.id, now],
  );
  await store.insertVersion(sql, row);
  await appendAudit(sql, ctx.clock, {
    actorId: actor.id, action: 'access-requirement.created', targetType: 'access-requirement', targetId: row.id,
    details: { type: row.type, name: row.name, version: 1, settings: row.settings },
  });
  return row;
}

export interface RequirementUpdate {
  type?: AccessRequirementType;
  name?: string;
  description?: string;
  terms?: string;
  settings?: unknown;
  etag: string;
}

/**
 * A new version: fields left out keep their value, settings sent are laid over the current ones. The previous
 * version stays in access_requirement_versions. An update that changes nothing makes no version.
 */
export async function updateRequirement(ctx: AppContext, actor: Actor, id: number, input: RequirementUpdate): Promise<AccessRequirementView> {
  assertAct(actor);
  const name = input.name === undefined ? undefined : requirementName(input.name);
  return ctx.db.tx(async (sql) => {
    const row = await lockRequirement(sql, id);
    if (input.etag !== row.etag) throw preconditionFailed(msg.staleEtag);
    if (input.type !== undefined && input.type !== row.type) throw badRequest('TYPE_IMMUTABLE', msg.typeImmutable);
    const settings = input.settings === undefined ? row.settings : resolveSettings(row.type, input.settings, row.settings);
    const next = {
      name: name ?? row.name,
      description: input.description === undefined ? row.description : input.description.trim(),
      terms: input.terms ?? row.terms,
      settings,
    };
    const changed: string[] = (['name', 'description', 'terms'] as const).filter((k) => next[k] !== row[k]);
    const settingsChanged = canonical(next.settings) !== canonical(row.settings);
    if (settingsChanged) changed.push('settings');
    if (changed.length === 0) return store.view(sql, row);
    if (settingsChanged) await assertBlob(sql, next.settings as Settings);
    const now = ctx.clock.now();
    const updated = await sql.one<ArRow>(
      `UPDATE access_requirements SET name = $2, description = $3, terms = $4, settings = $5, version = version + 1,
         etag = $6, modified_by = $7, modified_at = $8
       WHERE id = $1 RETURNING ${store.AR_COLUMNS}`,
      [id, next.name, next.description, next.terms, JSON.stringify(next.settings), newEtag(), actor.id, now],
    );
    await store.insertVersion(sql, updated);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'access-requirement.updated', targetType: 'access-requirement', targetId: id,
      details: { version: updated.version, previousVersion: row.version, changed, ...(settingsChanged ? { settings: updated.settings } : {}) },
    });
    await recordAccessRequirementSnapshot(sql, ctx.clock, id, 'updated', actor.id);
    return store.view(sql, updated);
  });
}

/**
 * Deletes an AR: it stops applying to every subject at once. Its versions, approvals and records stay for the
 * audits; the entities it was bound to get a snapshot without it.
 */
export async function deleteRequirement(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  assertAct(actor);
  await ctx.db.tx(async (sql) => {
    const row = await lockRequirement(sql, id);
    const subjects = (await store.subjectsOf(sql, [id])).get(id) ?? [];
    const now = ctx.clock.now();
    await sql.query(
      'UPDATE access_requirements SET deleted_at = $2, etag = $3, modified_by = $4, modified_at = $2 WHERE id = $1',
      [id, now, newEtag(), actor.id],
    );
    await sql.query('DELETE FROM access_requirement_subjects WHERE access_requirement_id = $1', [id]);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'access-requirement.deleted', targetType: 'access-requirement', targetId: id,
      details: { type: row.type, name: row.name, version: row.version, subjects: subjects.map(store.subjectJson) },
    });
    await recordAccessRequirementSnapshot(sql, ctx.clock, id, 'deleted', actor.id);
    for (const s of subjects) {
      if (s.type === 'entity') await recordSnapshots(sql, ctx.clock, s.id, 'access-requirement-deleted', actor.id, 'subtree');
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Bindings (ACT)

export async function bindSubject(ctx: AppContext, actor: Actor, id: number, subject: SubjectRef): Promise<AccessRequirementView> {
  assertAct(actor);
  return ctx.db.tx(async (sql) => {
    const row = await lockRequirement(sql, id);
    await bindInTx(ctx, sql, actor, row, subject);
    await recordAccessRequirementSnapshot(sql, ctx.clock, id, 'bound', actor.id);
    return store.view(sql, (await store.findRequirement(sql, id))!);
  });
}

/** Binds in the current transaction: checks the subject, writes the binding, its audit entry and entity record. */
export async function bindInTx(ctx: AppContext, sql: Sql, actor: Actor, row: ArRow, subject: SubjectRef): Promise<void> {
  await assertSubject(sql, row, subject);
  const label = subjectLabel(subject);
  const inserted = await sql.query(
    `INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_by, bound_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [row.id, subject.type, subject.id, actor.id, ctx.clock.now()],
  );
  if (inserted.length === 0) throw conflict('ALREADY_BOUND', msg.alreadyBound(label));
  // Subjects are part of the AR's representation, so its etag changes; its version (the text) does not.
  await sql.query('UPDATE access_requirements SET etag = $2 WHERE id = $1', [row.id, newEtag()]);
  await appendAudit(sql, ctx.clock, {
    actorId: actor.id, action: 'access-requirement.bound', targetType: 'access-requirement', targetId: row.id,
    details: { subject: store.subjectJson(subject), type: row.type, version: row.version },
  });
  if (subject.type === 'entity') await recordSnapshots(sql, ctx.clock, subject.id, 'access-requirement-bound', actor.id, 'subtree');
}

export async function unbindSubject(ctx: AppContext, actor: Actor, id: number, subject: SubjectRef): Promise<AccessRequirementView> {
  assertAct(actor);
  return ctx.db.tx(async (sql) => {
    const row = await lockRequirement(sql, id);
    const deleted = await sql.query(
      `DELETE FROM access_requirement_subjects WHERE access_requirement_id = $1 AND subject_type = $2 AND subject_id = $3 RETURNING 1`,
      [id, subject.type, subject.id],
    );
    if (deleted.length === 0) throw notFound(msg.notBound(subjectLabel(subject)), 'NOT_BOUND');
    await sql.query('UPDATE access_requirements SET etag = $2 WHERE id = $1', [id, newEtag()]);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'access-requirement.unbound', targetType: 'access-requirement', targetId: id,
      details: { subject: store.subjectJson(subject), type: row.type, version: row.version },
    });
    await recordAccessRequirementSnapshot(sql, ctx.clock, id, 'unbound', actor.id);
    if (subject.type === 'entity') await recordSnapshots(sql, ctx.clock, subject.id, 'access-requirement-unbound', actor.id, 'subtree');
    return store.view(sql, (await store.findRequirement(sql, id))!);
  });
}

// ---------------------------------------------------------------------------------------------------------
// The AR's own ACL: REVIEW_SUBMISSIONS and EXEMPTION_ELIGIBLE (SPEC §4, §7)

export interface AclEntryInput {
  principalId: number;
  accessTypes: AccessRequirementAccessType[];
}

/** ACT, admins, and whoever may review this AR's requests (through any of their principals). */
export async function getAcl(ctx: AppContext, actor: Actor, id: number) {
  await getRequirement(ctx, id);
  if (!actor.isAct && !actor.isAdmin && !(await isReviewer(ctx, actor.id, id))) {
    throw forbidden('AR_ACL_FORBIDDEN', msg.aclForbidden);
  }
  return { accessRequirementId: id, entries: await store.aclEntries(ctx.db, id) };
}

/** Whether the user holds REVIEW_SUBMISSIONS on the AR, as the decision index sees it now. */
export async function isReviewer(ctx: AppContext, userId: number, accessRequirementId: number): Promise<boolean> {
  return reviews(await ctx.decisions.state(), userId, accessRequirementId);
}

/** One of the user's principals holds REVIEW_SUBMISSIONS on the AR's ACL (on an index already synced). */
export function reviews(state: DecisionState, userId: number, accessRequirementId: number): boolean {
  const acl = state.accessRequirementAcl(accessRequirementId);
  if (!acl) return false;
  for (const principalId of state.principals(userId)) {
    if (acl.get(principalId)?.has('REVIEW_SUBMISSIONS')) return true;
  }
  return false;
}

/** Replaces the AR's ACL. Exemptions it grants or removes take effect on the next decision (SPEC §7). */
export async function putAcl(ctx: AppContext, actor: Actor, id: number, entries: AclEntryInput[]) {
  assertAct(actor);
  const seen = new Set<number>();
  for (const e of entries) {
    if (seen.has(e.principalId)) throw badRequest('DUPLICATE_PRINCIPAL', msg.duplicatePrincipal(e.principalId));
    seen.add(e.principalId);
    if (e.accessTypes.length === 0) {
      throw validationFailed('The request is not valid: every entry needs at least one access type.', [{ field: 'body.entries.accessTypes', message: 'must NOT have fewer than 1 items' }]);
    }
  }
  return ctx.db.tx(async (sql) => {
    await lockRequirement(sql, id);
    const kinds = await sql.query<{ id: number; kind: string }>('SELECT id, kind FROM principals WHERE id = ANY ($1::bigint[])', [[...seen]]);
    for (const e of entries) {
      const kind = kinds.find((k) => k.id === e.principalId)?.kind;
      if (!kind) throw notFound(msg.principalNotFound(e.principalId), 'PRINCIPAL_NOT_FOUND');
      if (kind === 'special') throw badRequest('SPECIAL_PRINCIPAL', msg.principalSpecial(e.principalId));
    }
    const before = await store.aclEntries(sql, id);
    await sql.query('DELETE FROM access_requirement_acl WHERE access_requirement_id = $1 AND NOT (principal_id = ANY ($2::bigint[]))', [id, [...seen]]);
    for (const e of entries) {
      const types = [...new Set(e.accessTypes)].sort();
      // Upsert rather than delete-and-insert: an unchanged entry writes nothing to the access change log.
      await sql.query(
        `INSERT INTO access_requirement_acl (access_requirement_id, principal_id, access_types) VALUES ($1, $2, $3)
         ON CONFLICT (access_requirement_id, principal_id) DO UPDATE SET access_types = EXCLUDED.access_types
         WHERE access_requirement_acl.access_types IS DISTINCT FROM EXCLUDED.access_types`,
        [id, e.principalId, types],
      );
    }
    const after = await store.aclEntries(sql, id);
    const brief = (list: store.AclEntryView[]) => list.map((e) => ({ principalId: e.principalId, accessTypes: e.accessTypes }));
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'access-requirement.acl-changed', targetType: 'access-requirement', targetId: id,
      details: { before: brief(before), after: brief(after) },
    });
    await recordAccessRequirementSnapshot(sql, ctx.clock, id, 'acl-changed', actor.id);
    return { accessRequirementId: id, entries: after };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

export async function lockRequirement(sql: Sql, id: number): Promise<ArRow> {
  const row = await store.findRequirement(sql, id, { lock: true });
  if (!row) throw notFound(msg.notFound(id), 'ACCESS_REQUIREMENT_NOT_FOUND');
  return row;
}

function requirementName(raw: string): string {
  const name = raw.trim();
  if (!name) throw validationFailed(msg.nameBlank, [{ field: 'body.name', message: 'must not be blank' }]);
  return name;
}

async function assertSubject(sql: Sql, row: ArRow, subject: SubjectRef): Promise<void> {
  if (subject.type === 'entity') {
    // FOR SHARE: a purge of the entity waits for this binding, or this binding sees the entity gone.
    const entity = await sql.maybeOne('SELECT id FROM entities WHERE id = $1 FOR SHARE', [subject.id]);
    if (!entity) throw notFound(decisionMessages.doesNotExist(subject.id));
    return;
  }
  if (row.type === 'Lock') throw badRequest('LOCK_ON_TEAM', msg.lockOnTeam);
  if (ROLE_TEAMS.includes(subject.id)) throw badRequest('ROLE_TEAM', msg.roleTeam);
  const team = await sql.maybeOne('SELECT id FROM teams WHERE id = $1', [subject.id]);
  if (!team) throw notFound(msg.teamNotFound(subject.id), 'TEAM_NOT_FOUND');
}

async function assertBlob(sql: Sql, settings: Settings): Promise<void> {
  const blobId = (settings as { ducTemplateBlobId?: number | null }).ducTemplateBlobId;
  if (blobId === undefined || blobId === null) return;
  const blob = await sql.maybeOne('SELECT id FROM blobs WHERE id = $1', [blobId]);
  if (!blob) throw notFound(msg.blobNotFound(blobId), 'BLOB_NOT_FOUND');
}

const subjectLabel = (s: SubjectRef) => (s.type === 'entity' ? msg.subjectEntity(s.id) : msg.subjectTeam(s.id));

/** JSON with sorted keys, so that two settings objects compare by content. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
