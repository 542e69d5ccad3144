import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import type { EntityType } from '../decisions/model.js';

/** The SQL of the entity tree: rows, views, paths and subtrees. No decisions here. */

export interface EntityRow {
  id: number;
  parent_id: number | null;
  type: EntityType;
  name: string;
  description: string;
  project_id: number;
  data_type: 'SENSITIVE_DATA' | 'OPEN_DATA';
  data_class: 'row-level' | 'summary' | null;
  effective_data_class: 'row-level' | 'summary' | null;
  trashed_at: Date | null;
  trashed_by: number | null;
  current_version: number | null;
  etag: string;
  created_by: number;
  created_at: Date;
  modified_by: number;
  modified_at: Date;
  /** The entity or an ancestor is in the trash. */
  in_trash: boolean;
  // The current version's blob (files only).
  blob_id: number | null;
  size: number | null;
  md5: string | null;
  content_type: string | null;
  file_name: string | null;
  storage_key: string | null;
}

export interface EntityView {
  id: string;
  name: string;
  type: EntityType;
  parentId: string | null;
  projectId: string;
  description: string;
  dataType: 'SENSITIVE_DATA' | 'OPEN_DATA';
  dataClass: 'row-level' | 'summary' | null;
  /** The class in force: its own or the nearest marked ancestor's; row-level when none is marked. */
  effectiveDataClass: 'row-level' | 'summary';
  createdBy: number;
  createdOn: string;
  modifiedBy: number;
  modifiedOn: string;
  etag: string;
  inTrash: boolean;
  versionNumber: number | null;
  file?: { size: number; md5: string; contentType: string; fileName: string };
}

/**
 * The data class in force on entity `e.id`: its own mark, else the nearest marked ancestor's (inherited down the tree
 * like an access requirement), else null (row-level).
 */
export const EFFECTIVE_DATA_CLASS = `WITH RECURSIVE up AS (
    SELECT a.id, a.parent_id, a.data_class, 0 AS depth FROM entities a WHERE a.id = e.id
    UNION ALL
    SELECT p.id, p.parent_id, p.data_class, up.depth + 1 FROM entities p JOIN up ON p.id = up.parent_id WHERE up.data_class IS NULL
  ) SELECT data_class FROM up WHERE data_class IS NOT NULL ORDER BY depth LIMIT 1`;

const SELECT_ENTITY = `
  SELECT e.id, e.parent_id, e.type, e.name, e.description, e.project_id, e.data_type, e.data_class, e.trashed_at,
         e.trashed_by, e.current_version, e.etag, e.created_by, e.created_at, e.modified_by, e.modified_at,
         EXISTS (
           WITH RECURSIVE up AS (
             SELECT x.id, x.parent_id, x.trashed_at FROM entities x WHERE x.id = e.id
             UNION ALL
             SELECT p.id, p.parent_id, p.trashed_at FROM entities p JOIN up ON p.id = up.parent_id
           )
           SELECT 1 FROM up WHERE up.trashed_at IS NOT NULL
         ) AS in_trash,
         (${EFFECTIVE_DATA_CLASS}) AS effective_data_class,
         b.id AS blob_id, b.size, b.md5, b.content_type, b.file_name, b.storage_key
  FROM entities e
  LEFT JOIN file_versions v ON v.entity_id = e.id AND v.version = e.current_version
  LEFT JOIN blobs b ON b.id = v.blob_id`;

export async function getEntity(sql: Sql, id: number): Promise<EntityRow | null> {
  return sql.maybeOne<EntityRow>(`${SELECT_ENTITY} WHERE e.id = $1`, [id]);
}

/** Rows for the ids, in the order of the ids; missing ids are left out. */
export async function getEntities(sql: Sql, ids: readonly number[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<EntityRow>(`${SELECT_ENTITY} WHERE e.id = ANY ($1::bigint[])`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function entityView(row: EntityRow): EntityView {
  const view: EntityView = {
    id: formatEntityId(row.id),
    name: row.name,
    type: row.type,
    parentId: row.parent_id === null ? null : formatEntityId(row.parent_id),
    projectId: formatEntityId(row.project_id),
    description: row.description,
    dataType: row.data_type,
    dataClass: row.data_class,
    effectiveDataClass: row.effective_data_class ?? 'row-level',
    createdBy: row.created_by,
    createdOn: row.created_at.toISOString(),
    modifiedBy: row.modified_by,
    modifiedOn: row.modified_at.toISOString(),
    etag: row.etag,
    inTrash: row.in_trash,
    versionNumber: row.current_version,
  };
  if (row.type === 'file' && row.blob_id !== null) {
    view.file = { size: row.size!, md5: row.md5!, contentType: row.content_type!, fileName: row.file_name! };
  }
  return view;
}

/** Ids of the children, folders before files, by name; trashed children only when asked. */
export async function childIds(sql: Sql, parentId: number, type: EntityType | undefined, includeTrashed: boolean): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM entities
     WHERE parent_id = $1 AND ($2::text IS NULL OR type = $2) AND ($3 OR trashed_at IS NULL)
     ORDER BY CASE type WHEN 'folder' THEN 0 ELSE 1 END, lower(name), id`,
    [parentId, type ?? null, includeTrashed],
  );
  return rows.map((r) => r.id);
}

export async function projectIds(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM entities WHERE parent_id IS NULL AND trashed_at IS NULL ORDER BY lower(name), id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Folders and files, not in the trash themselves, whose own ACL names one of `principalIds` and that someone else
 * created; by name.
 */
export async function sharedEntityIds(sql: Sql, principalIds: readonly number[], userId: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT e.id FROM entities e
      WHERE e.parent_id IS NOT NULL AND e.trashed_at IS NULL AND e.created_by IS DISTINCT FROM $2
        AND EXISTS (SELECT 1 FROM acl_entries a WHERE a.entity_id = e.id AND a.principal_id = ANY ($1::bigint[]))
      ORDER BY lower(e.name), e.id`,
    [principalIds, userId],
  );
  return rows.map((r) => r.id);
}

/** Entities moved to the trash themselves (not through an ancestor), most recent first. */
export async function trashedRootIds(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT e.id FROM entities e
     WHERE e.trashed_at IS NOT NULL AND NOT EXISTS (
       WITH RECURSIVE up AS (
         SELECT p.id, p.parent_id, p.trashed_at FROM entities p WHERE p.id = e.parent_id
         UNION ALL
         SELECT q.id, q.parent_id, q.trashed_at FROM entities q JOIN up ON q.id = up.parent_id
       )
       SELECT 1 FROM up WHERE up.trashed_at IS NOT NULL)
     ORDER BY e.trashed_at DESC, e.id DESC`,
  );
  return rows.map((r) => r.id);
}

export interface PathItem {
  id: number;
  name: string;
  type: EntityType;
  trashed: boolean;
  hasAcl: boolean;
}

/** The entity and its ancestors, root first. */
export async function pathOf(sql: Sql, id: number): Promise<PathItem[]> {
  const rows = await sql.query<{ id: number; name: string; type: EntityType; trashed: boolean; has_acl: boolean }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, 0 AS level FROM entities WHERE id = $1
       UNION ALL
       SELECT e.id, e.parent_id, up.level + 1 FROM entities e JOIN up ON e.id = up.parent_id
     )
     SELECT e.id, e.name, e.type, e.trashed_at IS NOT NULL AS trashed,
            EXISTS (SELECT 1 FROM acls a WHERE a.entity_id = e.id) AS has_acl
     FROM up JOIN entities e ON e.id = up.id ORDER BY up.level DESC`,
    [id],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, trashed: r.trashed, hasAcl: r.has_acl }));
}

/** The entity and everything below it, deepest last. */
export async function subtree(sql: Sql, id: number): Promise<{ id: number; depth: number }[]> {
  return sql.query<{ id: number; depth: number }>(
    `WITH RECURSIVE sub AS (
       SELECT id, 0 AS depth FROM entities WHERE id = $1
       UNION ALL
       SELECT e.id, sub.depth + 1 FROM entities e JOIN sub ON e.parent_id = sub.id
     )
     SELECT id, depth FROM sub ORDER BY depth, id`,
    [id],
  );
}

/** The entity and the descendants whose permissions come from its ACL (or would, if it had one). */
export async function inheritingSubtree(sql: Sql, id: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `WITH RECURSIVE sub AS (
       SELECT id FROM entities WHERE id = $1
       UNION ALL
       SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id
       WHERE NOT EXISTS (SELECT 1 FROM acls a WHERE a.entity_id = e.id)
     )
     SELECT id FROM sub ORDER BY id`,
    [id],
  );
  return rows.map((r) => r.id);
}

/** A sibling with the same name, whatever the case (the unique index entities_sibling_name). */
export async function sameNameSibling(sql: Sql, parentId: number | null, name: string, exceptId: number | null): Promise<{ id: number; trashed: boolean } | null> {
  return sql.maybeOne<{ id: number; trashed: boolean }>(
    `SELECT id, trashed_at IS NOT NULL AS trashed FROM entities
     WHERE coalesce(parent_id, 0) = coalesce($1::bigint, 0) AND lower(name) = lower($2) AND ($3::bigint IS NULL OR id <> $3)`,
    [parentId, name, exceptId],
  );
}

export async function nextEntityId(sql: Sql): Promise<number> {
  const { id } = await sql.one<{ id: number }>(`SELECT nextval('entity_id_seq')::bigint AS id`);
  return Number(id);
}

export interface AclEntryRow {
  principal_id: number;
  access_types: string[];
  kind: 'special' | 'user' | 'team' | 'group';
  name: string;
}

const SPECIAL_NAMES = `CASE p.id WHEN 1 THEN 'PUBLIC' WHEN 2 THEN 'AUTHENTICATED' WHEN 3 THEN 'ANONYMOUS' END`;

/** An entity's own ACL with the principals' names; null when it inherits. */
export async function ownAcl(sql: Sql, entityId: number): Promise<{ etag: string; entries: AclEntryRow[] } | null> {
  const acl = await sql.maybeOne<{ etag: string }>('SELECT etag FROM acls WHERE entity_id = $1', [entityId]);
  if (!acl) return null;
  const entries = await sql.query<AclEntryRow>(
    `SELECT x.principal_id, x.access_types, p.kind,
            coalesce(u.username, t.name, g.name, ${SPECIAL_NAMES}, 'principal ' || p.id) AS name
     FROM acl_entries x
     JOIN principals p ON p.id = x.principal_id
     LEFT JOIN users u ON u.id = p.id
     LEFT JOIN teams t ON t.id = p.id
     LEFT JOIN managed_groups g ON g.id = p.id
     WHERE x.entity_id = $1
     ORDER BY CASE p.kind WHEN 'special' THEN 0 ELSE 1 END, p.id`,
    [entityId],
  );
  return { etag: acl.etag, entries };
}

export async function existingPrincipals(sql: Sql, ids: readonly number[]): Promise<Set<number>> {
  const rows = await sql.query<{ id: number }>('SELECT id FROM principals WHERE id = ANY ($1::bigint[])', [ids]);
  return new Set(rows.map((r) => Number(r.id)));
}

/** Replaces the entity's own ACL (creating it when the entity inherited). */
export async function writeAcl(sql: Sql, entityId: number, entries: readonly { principalId: number; accessTypes: readonly string[] }[], etag: string, actorId: number, at: Date): Promise<void> {
  await sql.query(
    `INSERT INTO acls (entity_id, etag, modified_by, modified_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (entity_id) DO UPDATE SET etag = EXCLUDED.etag, modified_by = EXCLUDED.modified_by, modified_at = EXCLUDED.modified_at`,
    [entityId, etag, actorId, at],
  );
  const keep = entries.map((e) => e.principalId);
  await sql.query('DELETE FROM acl_entries WHERE entity_id = $1 AND NOT (principal_id = ANY ($2::bigint[]))', [entityId, keep]);
  for (const entry of entries) {
    // An unchanged entry is not rewritten, so the access change log holds only what changed.
    await sql.query(
      `INSERT INTO acl_entries (entity_id, principal_id, access_types) VALUES ($1, $2, $3)
       ON CONFLICT (entity_id, principal_id) DO UPDATE SET access_types = EXCLUDED.access_types
       WHERE acl_entries.access_types IS DISTINCT FROM EXCLUDED.access_types`,
      [entityId, entry.principalId, entry.accessTypes],
    );
  }
}
