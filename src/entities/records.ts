import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';

/**
 * The records of SPEC §11 that entity, ACL and access-requirement changes leave for the audits. Each is written
 * in the transaction of the change, from the database's state inside that transaction.
 */

/** The entity and its ancestors, nearest first (level 0 = the entity). */
export const PATH_SQL = `
  WITH RECURSIVE path AS (
    SELECT id, parent_id, 0 AS level FROM entities WHERE id = $1
    UNION ALL
    SELECT e.id, e.parent_id, p.level + 1 FROM entities e JOIN path p ON e.id = p.parent_id
  )`;

/** Records the entity as it now is: benefactor, public and restriction state, effective ARs, AD. */
export async function recordEntitySnapshot(sql: Sql, clock: Clock, entityId: number, change: string, actorId: number | null): Promise<void> {
  await sql.query(
    `${PATH_SQL},
     benefactor AS (
       SELECT p.id FROM path p JOIN acls a ON a.entity_id = p.id ORDER BY p.level LIMIT 1
     ),
     ars AS (
       SELECT DISTINCT ar.id, ar.type FROM path p
       JOIN access_requirement_subjects s ON s.subject_type = 'entity' AND s.subject_id = p.id
       JOIN access_requirements ar ON ar.id = s.access_requirement_id AND ar.deleted_at IS NULL
     ),
     trash AS (
       SELECT bool_or(e.trashed_at IS NOT NULL) AS in_trash FROM path p JOIN entities e ON e.id = p.id
     )
     INSERT INTO entity_snapshots (at, change, actor_id, entity_id, version, name, type, parent_id, project_id,
       benefactor_id, data_type, in_trash, is_public, is_restricted, is_controlled, effective_access_requirements,
       authorization_domain, created_at, modified_at)
     SELECT $2, $3, $4, e.id, e.current_version, e.name, e.type, e.parent_id, e.project_id,
       (SELECT id FROM benefactor), e.data_type, (SELECT in_trash FROM trash),
       EXISTS (SELECT 1 FROM acl_entries x WHERE x.entity_id = (SELECT id FROM benefactor)
               AND x.principal_id IN (1, 2, 3) AND 'READ' = ANY (x.access_types)),
       EXISTS (SELECT 1 FROM ars WHERE type IN ('TermsOfUse', 'SelfSign')),
       EXISTS (SELECT 1 FROM ars WHERE type IN ('ManagedACT', 'Lock')),
       coalesce((SELECT array_agg(id ORDER BY id) FROM ars), '{}'),
       coalesce((SELECT array_agg(group_id ORDER BY group_id) FROM authorization_domain_groups WHERE project_id = e.project_id), '{}'),
       e.created_at, e.modified_at
     FROM entities e WHERE e.id = $1`,
    [entityId, clock.now(), change, actorId],
  );
}

/** Records an entity's own ACL as it now is; `null` entries when it was removed (inheritance restored). */
export async function recordAclSnapshot(sql: Sql, clock: Clock, entityId: number, actorId: number | null): Promise<void> {
  await sql.query(
    `INSERT INTO acl_snapshots (at, actor_id, entity_id, entries)
     SELECT $2, $3, $1, CASE WHEN EXISTS (SELECT 1 FROM acls WHERE entity_id = $1) THEN
       coalesce((SELECT jsonb_agg(jsonb_build_object('principalId', principal_id, 'accessTypes', to_jsonb(access_types)) ORDER BY principal_id)
                 FROM acl_entries WHERE entity_id = $1), '[]'::jsonb) END`,
    [entityId, clock.now(), actorId],
  );
}

/** Records an access requirement's text, settings and bindings as they now are. */
export async function recordAccessRequirementSnapshot(sql: Sql, clock: Clock, accessRequirementId: number, change: string, actorId: number | null): Promise<void> {
  await sql.query(
    `INSERT INTO access_requirement_snapshots (at, change, actor_id, access_requirement_id, version, type, name, terms, settings, subjects)
     SELECT $2, $3, $4, ar.id, ar.version, ar.type, ar.name, ar.terms, ar.settings,
       coalesce((SELECT jsonb_agg(jsonb_build_object('type', subject_type, 'id', subject_id) ORDER BY subject_type, subject_id)
                 FROM access_requirement_subjects WHERE access_requirement_id = ar.id), '[]'::jsonb)
     FROM access_requirements ar WHERE ar.id = $1`,
    [accessRequirementId, clock.now(), change, actorId],
  );
}

/**
 * recordEntitySnapshot for many entities in one statement: a change to a folder (move, trash, ACL) changes the
 * project, trash state, benefactor or public state of everything below it, and each gets its own record.
 */
export async function recordEntitySnapshots(sql: Sql, clock: Clock, entityIds: readonly number[], change: string, actorId: number | null): Promise<void> {
  if (entityIds.length === 0) return;
  await sql.query(
    `WITH RECURSIVE path AS (
       SELECT id AS origin, id, parent_id, 0 AS level FROM entities WHERE id = ANY ($1::bigint[])
       UNION ALL
       SELECT p.origin, e.id, e.parent_id, p.level + 1 FROM entities e JOIN path p ON e.id = p.parent_id
     ),
     benefactor AS (
       SELECT DISTINCT ON (p.origin) p.origin, p.id FROM path p JOIN acls a ON a.entity_id = p.id ORDER BY p.origin, p.level
     ),
     ars AS (
       SELECT DISTINCT p.origin, ar.id, ar.type FROM path p
       JOIN access_requirement_subjects s ON s.subject_type = 'entity' AND s.subject_id = p.id
       JOIN access_requirements ar ON ar.id = s.access_requirement_id AND ar.deleted_at IS NULL
     ),
     trash AS (
       SELECT p.origin, bool_or(e.trashed_at IS NOT NULL) AS in_trash FROM path p JOIN entities e ON e.id = p.id GROUP BY p.origin
     )
     INSERT INTO entity_snapshots (at, change, actor_id, entity_id, version, name, type, parent_id, project_id,
       benefactor_id, data_type, in_trash, is_public, is_restricted, is_controlled, effective_access_requirements,
       authorization_domain, created_at, modified_at)
     SELECT $2, $3, $4, e.id, e.current_version, e.name, e.type, e.parent_id, e.project_id,
       b.id, e.data_type, t.in_trash,
       EXISTS (SELECT 1 FROM acl_entries x WHERE x.entity_id = b.id
               AND x.principal_id IN (1, 2, 3) AND 'READ' = ANY (x.access_types)),
       EXISTS (SELECT 1 FROM ars WHERE ars.origin = e.id AND ars.type IN ('TermsOfUse', 'SelfSign')),
       EXISTS (SELECT 1 FROM ars WHERE ars.origin = e.id AND ars.type IN ('ManagedACT', 'Lock')),
       coalesce((SELECT array_agg(ars.id ORDER BY ars.id) FROM ars WHERE ars.origin = e.id), '{}'),
       coalesce((SELECT array_agg(group_id ORDER BY group_id) FROM authorization_domain_groups WHERE project_id = e.project_id), '{}'),
       e.created_at, e.modified_at
     FROM entities e JOIN trash t ON t.origin = e.id LEFT JOIN benefactor b ON b.origin = e.id
     ORDER BY e.id`,
    [entityIds, clock.now(), change, actorId],
  );
}
