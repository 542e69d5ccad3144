import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId, parseEntityId } from '../infra/ids.js';
import { badRequest, notFound, unprocessable } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { ACCESS_TYPES } from '../decisions/model.js';
import { authorize, type Actor } from '../entities/access.js';
import { assertMayCreateIn, assertNameFree, cleanName, loadView, lockParent, nameTakenOnRace, newEtag } from '../entities/entities.js';
import { recordAccessRequirementSnapshot, recordAclSnapshot, recordSnapshots } from '../entities/records.js';
import * as entityStore from '../entities/store.js';
import type { EntityView } from '../entities/store.js';
import { assertCopyAllowed, domainOf, resolveForClone, writeDomain } from './domains.js';
import type { GroupKey, GroupRef } from './rules.js';

/**
 * Clones and copies (SPEC §9).
 *
 * - **Clone** a project: its tree and metadata (names, descriptions, data classes) go into a new project of the
 *   caller, whose authorization domain is the source's plus any groups added: the AD follows every clone. Blobs
 *   are not copied: a copied file points to the same stored bytes.
 * - **Copy** (import) a folder or file into another container: allowed only when the destination project's
 *   domain contains every group of the source project's (422 with the §9 message otherwise).
 *
 * What is copied, and why:
 * - Only what the caller may READ; a file only when the caller may DOWNLOAD it (else it is listed in `skipped`):
 *   a copy makes its creator the file's uploader and owner, which must give no more than downloading and
 *   uploading the bytes again would.
 * - The access requirements that apply to a copied entity are bound to its copy (those bound to it, and for the
 *   copy's root those inherited from above it), so that restrictions follow the data.
 * - Entities in the trash are not copied; ACLs inside the tree are not copied (the new project's ACL gives the
 *   caller every access type; a copy inherits the ACL of where it lands).
 *
 * Decisions are taken before the transaction; the copy is one transaction (all or nothing).
 */

export const MAX_COPY = 10_000;

export interface CopyResult {
  entity: EntityView;
  authorizationDomain: GroupRef[];
  copied: number;
  skipped: string[];
}

interface SourceRow {
  id: number;
  parent_id: number | null;
  type: 'project' | 'folder' | 'file';
  name: string;
  description: string;
  data_class: string | null;
  trashed: boolean;
  depth: number;
  blob_id: number | null;
  version: number | null;
}

/** The source subtree, parents before children. */
async function sourceTree(sql: Sql, rootId: number): Promise<SourceRow[]> {
  return sql.query<SourceRow>(
    `WITH RECURSIVE sub AS (
       SELECT id, 0 AS depth FROM entities WHERE id = $1
       UNION ALL
       SELECT e.id, sub.depth + 1 FROM entities e JOIN sub ON e.parent_id = sub.id
     )
     SELECT e.id, e.parent_id, e.type, e.name, e.description, e.data_class, e.trashed_at IS NOT NULL AS trashed,
            sub.depth, v.blob_id, e.current_version AS version
     FROM sub JOIN entities e ON e.id = sub.id
     LEFT JOIN file_versions v ON v.entity_id = e.id AND v.version = e.current_version
     ORDER BY sub.depth, e.id LIMIT $2`,
    [rootId, MAX_COPY + 2],
  );
}

interface Plan {
  /** Source rows to copy below the root, parents before children. */
  rows: SourceRow[];
  skipped: number[];
}

/** What the caller may copy below `root`: READ on each entity, DOWNLOAD on each file; nothing in the trash. */
async function plan(ctx: AppContext, actor: Actor, tree: SourceRow[]): Promise<Plan> {
  if (tree.length > MAX_COPY + 1) throw unprocessable('COPY_TOO_LARGE', `At most ${MAX_COPY} entities are copied at once.`);
  const below = tree.slice(1).filter((r) => !r.trashed);
  const read = await ctx.decisions.decideMany(actor.id, below.map((r) => r.id), 'READ');
  const files = below.filter((r) => r.type === 'file');
  const download = await ctx.decisions.decideMany(actor.id, files.map((r) => r.id), 'DOWNLOAD');
  const readable = new Set(below.filter((_, i) => read[i].granted).map((r) => r.id));
  const downloadable = new Set(files.filter((_, i) => download[i].granted).map((r) => r.id));
  const kept = new Set<number>([tree[0].id]);
  const rows: SourceRow[] = [];
  const skipped: number[] = [];
  for (const row of below) {
    // Parents come first: a child is kept only when its parent was.
    if (row.parent_id === null || !kept.has(row.parent_id) || !readable.has(row.id)) continue;
    if (row.type === 'file' && (!downloadable.has(row.id) || row.blob_id === null)) {
      skipped.push(row.id);
      continue;
    }
    kept.add(row.id);
    rows.push(row);
  }
  return { rows, skipped };
}

/** Inserts the copies below `newRootId`, binds the ARs that applied to their sources; returns new ids. */
async function insertCopies(
  ctx: AppContext, sql: Sql, actor: Actor, source: { root: SourceRow; rootCopyId: number; projectId: number }, rows: SourceRow[],
): Promise<Map<number, number>> {
  const now = ctx.clock.now();
  const ids = new Map<number, number>([[source.root.id, source.rootCopyId]]);
  for (const row of rows) {
    const id = await entityStore.nextEntityId(sql);
    ids.set(row.id, id);
    const parentId = ids.get(row.parent_id!)!;
    const isFile = row.type === 'file';
    await sql.query(
      `INSERT INTO entities (id, parent_id, type, name, description, project_id, data_class, current_version, etag, created_by, created_at, modified_by, modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11)`,
      [id, parentId, row.type, row.name, row.description, source.projectId, row.data_class, isFile ? 1 : null, newEtag(), actor.id, now],
    );
    if (isFile) {
      await sql.query(
        'INSERT INTO file_versions (entity_id, version, blob_id, comment, created_by, created_at) VALUES ($1, 1, $2, $3, $4, $5)',
        [id, row.blob_id, `Copied from ${formatEntityId(row.id)} version ${row.version}`, actor.id, now],
      );
    }
  }
  return ids;
}

/** Binds to each copy the ARs bound to its source; the copy root also gets those inherited from above its source. */
async function carryAccessRequirements(ctx: AppContext, sql: Sql, actor: Actor, ids: Map<number, number>, sourceRootId: number): Promise<number[]> {
  const bindings = await sql.query<{ access_requirement_id: number; subject_id: number }>(
    `SELECT s.access_requirement_id, s.subject_id FROM access_requirement_subjects s
     JOIN access_requirements a ON a.id = s.access_requirement_id AND a.deleted_at IS NULL
     WHERE s.subject_type = 'entity' AND s.subject_id = ANY ($1::bigint[])`,
    [[...ids.keys()]],
  );
  const inherited = await sql.query<{ access_requirement_id: number }>(
    `WITH RECURSIVE up AS (
       SELECT parent_id AS id FROM entities WHERE id = $1
       UNION ALL
       SELECT e.parent_id FROM entities e JOIN up ON e.id = up.id WHERE up.id IS NOT NULL
     )
     SELECT DISTINCT s.access_requirement_id FROM up
     JOIN access_requirement_subjects s ON s.subject_type = 'entity' AND s.subject_id = up.id
     JOIN access_requirements a ON a.id = s.access_requirement_id AND a.deleted_at IS NULL`,
    [sourceRootId],
  );
  const pairs = [
    ...bindings.map((b) => [Number(b.access_requirement_id), ids.get(Number(b.subject_id))!] as const),
    ...inherited.map((b) => [Number(b.access_requirement_id), ids.get(sourceRootId)!] as const),
  ];
  const now = ctx.clock.now();
  const touched = new Set<number>();
  for (const [arId, entityId] of pairs) {
    await sql.query(
      `INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_by, bound_at)
       VALUES ($1, 'entity', $2, $3, $4) ON CONFLICT DO NOTHING`,
      [arId, entityId, actor.id, now],
    );
    touched.add(arId);
  }
  for (const arId of touched) await recordAccessRequirementSnapshot(sql, ctx.clock, arId, 'bound-to-copy', actor.id);
  return [...touched].sort((a, b) => a - b);
}

async function sourceRoot(sql: Sql, id: number): Promise<SourceRow & { project_id: number }> {
  const row = await sql.maybeOne<SourceRow & { project_id: number }>(
    `SELECT e.id, e.parent_id, e.type, e.name, e.description, e.data_class, e.trashed_at IS NOT NULL AS trashed, 0 AS depth,
            v.blob_id, e.current_version AS version, e.project_id
     FROM entities e LEFT JOIN file_versions v ON v.entity_id = e.id AND v.version = e.current_version WHERE e.id = $1`,
    [id],
  );
  if (!row) throw notFound(decisionMessages.doesNotExist(id));
  return { ...row, id: Number(row.id), project_id: Number(row.project_id) };
}

export interface CloneInput {
  name: string;
  description?: string;
  /** Groups added to the source's domain. */
  authorizationDomain?: GroupKey[];
}

/** Clones a project (READ on it) into a new project of the caller with the source's domain plus the groups added. */
export async function cloneProject(ctx: AppContext, actor: Actor, sourceId: number, input: CloneInput): Promise<CopyResult> {
  const name = cleanName(input.name);
  await authorize(ctx, actor, sourceId, 'READ');
  const root = await sourceRoot(ctx.db, sourceId);
  if (root.type !== 'project') throw badRequest('NOT_A_PROJECT', `${formatEntityId(sourceId)} is not a project; copy folders and files with POST /entities/{id}/copy.`);
  const domain = await resolveForClone(ctx, actor.id, sourceId, input.authorizationDomain ?? []);
  const { rows, skipped } = await plan(ctx, actor, await sourceTree(ctx.db, sourceId));
  const description = input.description === undefined ? root.description : input.description.trim();

  const id = await ctx.db.tx(async (sql) => {
    await assertNameFree(sql, null, name);
    const id = await entityStore.nextEntityId(sql);
    const now = ctx.clock.now();
    try {
      await sql.query(
        `INSERT INTO entities (id, parent_id, type, name, description, project_id, data_class, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, NULL, 'project', $2, $3, $1, $4, $5, $6, $7, $6, $7)`,
        [id, name, description, root.data_class, newEtag(), actor.id, now],
      );
    } catch (err) {
      throw nameTakenOnRace(err, null, name);
    }
    await entityStore.writeAcl(sql, id, [{ principalId: actor.id, accessTypes: ACCESS_TYPES }], newEtag(), actor.id, now);
    await recordAclSnapshot(sql, ctx.clock, id, actor.id);
    await writeDomain(sql, ctx.clock, id, domain, actor.id);
    const ids = await insertCopies(ctx, sql, actor, { root, rootCopyId: id, projectId: id }, rows);
    const ars = await carryAccessRequirements(ctx, sql, actor, ids, sourceId);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'entity.cloned', targetType: 'entity', targetId: formatEntityId(id),
      details: {
        source: formatEntityId(sourceId), name, authorizationDomain: domain, copied: rows.length,
        skipped: skipped.map(formatEntityId), accessRequirements: ars,
      },
    });
    await recordSnapshots(sql, ctx.clock, id, 'created', actor.id, 'subtree');
    return id;
  });
  return { entity: await loadView(ctx, id), authorizationDomain: domain, copied: rows.length, skipped: skipped.map(formatEntityId) };
}

export interface CopyInput {
  /** The project or folder to copy into. */
  destinationId: number;
  /** The copy's name; the source's when absent. */
  name?: string;
}

/**
 * Copies a folder (with what is below it) or a file into another container: READ on the source (DOWNLOAD for
 * files), CREATE in the destination, and the destination's domain must contain every group of the source's.
 */
export async function copyEntity(ctx: AppContext, actor: Actor, sourceId: number, input: CopyInput): Promise<CopyResult> {
  await authorize(ctx, actor, sourceId, 'READ');
  const root = await sourceRoot(ctx.db, sourceId);
  if (root.type === 'project') throw badRequest('COPY_PROJECT', `${formatEntityId(sourceId)} is a project; clone it with POST /entities/${formatEntityId(sourceId)}/clone.`);
  if (root.type === 'file') await authorize(ctx, actor, sourceId, 'DOWNLOAD');
  if (root.type === 'file' && root.blob_id === null) throw badRequest('NOT_A_FILE', `${formatEntityId(sourceId)} has no version to copy.`);
  await assertMayCreateIn(ctx, actor, input.destinationId, root.type);
  const destination = await entityStore.getEntity(ctx.db, input.destinationId);
  if (!destination) throw notFound(decisionMessages.doesNotExist(input.destinationId));
  await assertCopyAllowed(ctx.db, root.project_id, Number(destination.project_id));
  if ((await entityStore.pathOf(ctx.db, input.destinationId)).some((p) => p.id === sourceId)) {
    throw badRequest('COPY_INTO_ITSELF', `Cannot copy ${formatEntityId(sourceId)} into itself or into one of its own folders.`);
  }
  const name = cleanName(input.name ?? root.name);
  const { rows, skipped } = root.type === 'folder' ? await plan(ctx, actor, await sourceTree(ctx.db, sourceId)) : { rows: [], skipped: [] };

  const id = await ctx.db.tx(async (sql) => {
    const parent = await lockParent(sql, input.destinationId);
    const projectId = Number(parent.project_id);
    // The destination may have moved to another project since the check above.
    await assertCopyAllowed(sql, root.project_id, projectId);
    await assertNameFree(sql, input.destinationId, name);
    const id = await entityStore.nextEntityId(sql);
    const now = ctx.clock.now();
    try {
      await sql.query(
        `INSERT INTO entities (id, parent_id, type, name, description, project_id, data_class, current_version, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11)`,
        [id, input.destinationId, root.type, name, root.description, projectId, root.data_class, root.type === 'file' ? 1 : null, newEtag(), actor.id, now],
      );
    } catch (err) {
      throw nameTakenOnRace(err, input.destinationId, name);
    }
    if (root.type === 'file') {
      await sql.query(
        'INSERT INTO file_versions (entity_id, version, blob_id, comment, created_by, created_at) VALUES ($1, 1, $2, $3, $4, $5)',
        [id, root.blob_id, `Copied from ${formatEntityId(sourceId)} version ${root.version}`, actor.id, now],
      );
    }
    const ids = await insertCopies(ctx, sql, actor, { root, rootCopyId: id, projectId }, rows);
    const ars = await carryAccessRequirements(ctx, sql, actor, ids, sourceId);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'entity.copied', targetType: 'entity', targetId: formatEntityId(id),
      details: {
        source: formatEntityId(sourceId), destination: formatEntityId(input.destinationId), name, copied: rows.length + 1,
        skipped: skipped.map(formatEntityId), accessRequirements: ars,
      },
    });
    await recordSnapshots(sql, ctx.clock, id, 'created', actor.id, 'subtree');
    return id;
  });
  const entity = await loadView(ctx, id);
  return {
    entity,
    authorizationDomain: await domainOf(ctx.db, parseEntityId(entity.projectId)),
    copied: rows.length + 1,
    skipped: skipped.map(formatEntityId),
  };
}
