import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';

/**
 * The records of SPEC §11 that entity, ACL and access-requirement changes leave for the audits. Each is written
 * in the transaction of the change, from the database's state inside that transaction. An entity's effective
 * state at any instant is its latest snapshot at or before that instant (src/audit/records.ts): so every change
 * that alters the state of entities below the one changed snapshots those too, the ones whose state changed
 * (docs/adr/0020-audit-records.md).
 */

/**
 * How far a snapshot walk goes from the entity that changed:
 * - `self`: the entity alone (its own row changed: created, renamed, new version, data type);
 * - `subtree`: the entity and every descendant whose effective state changed (trash, restore, move, an AR bound
 *   or unbound, an authorization domain changed);
 * - `inheriting`: like subtree, but the walk stops at descendants with an ACL of their own (an ACL set or removed:
 *   below such a descendant nothing inherits the changed ACL);
 * - `all`: the entity and every descendant, changed or not (purge: the last state of each, for the audits).
 */
export type SnapshotScope = 'self' | 'subtree' | 'inheriting' | 'all';

/**
 * The effective state of an entity and its subtree, in ONE statement (docs/adr/0020-audit-records.md). The
 * changed entity's inherited state (benefactor, ARs on the path, trash) is read once from its ancestors; the
 * walk then goes down the subtree level by level carrying that state, each entity adding what it has of its
 * own (an ACL, bound ARs, trashed_at). Each row is compared with the entity's latest snapshot, and only the
 * rows whose state differs are written, with the changed entity itself always. $1 entity, $2 at, $3 change,
 * $4 actor, $5 descend, $6 write every row, $7 stop at descendants with an ACL of their own.
 */
const SNAPSHOT_SQL = `
  WITH RECURSIVE
  bound AS (
    SELECT s.subject_id AS entity_id, array_agg(DISTINCT ar.id ORDER BY ar.id) AS ids,
           bool_or(ar.type IN ('TermsOfUse', 'SelfSign')) AS restricted, bool_or(ar.type IN ('ManagedACT', 'Lock')) AS controlled
    FROM access_requirement_subjects s
    JOIN access_requirements ar ON ar.id = s.access_requirement_id AND ar.deleted_at IS NULL
    WHERE s.subject_type = 'entity' GROUP BY s.subject_id
  ),
  up AS (
    SELECT p.id, p.parent_id, p.trashed_at, 1 AS level FROM entities r JOIN entities p ON p.id = r.parent_id WHERE r.id = $1
    UNION ALL
    SELECT e.id, e.parent_id, e.trashed_at, up.level + 1 FROM entities e JOIN up ON e.id = up.parent_id
  ),
  above AS (
    SELECT (SELECT up.id FROM up JOIN acls a ON a.entity_id = up.id ORDER BY up.level LIMIT 1) AS benefactor,
           coalesce((SELECT array_agg(DISTINCT x ORDER BY x) FROM up JOIN bound b ON b.entity_id = up.id, unnest(b.ids) AS x), '{}') AS ars,
           coalesce((SELECT bool_or(b.restricted) FROM up JOIN bound b ON b.entity_id = up.id), false) AS restricted,
           coalesce((SELECT bool_or(b.controlled) FROM up JOIN bound b ON b.entity_id = up.id), false) AS controlled,
           coalesce((SELECT bool_or(up.trashed_at IS NOT NULL) FROM up), false) AS in_trash
  ),
  sub AS (
    SELECT r.id, CASE WHEN a.entity_id IS NULL THEN above.benefactor ELSE r.id END AS benefactor,
           CASE WHEN b.ids IS NULL THEN above.ars ELSE (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(above.ars || b.ids) AS x) END AS ars,
           above.restricted OR coalesce(b.restricted, false) AS restricted,
           above.controlled OR coalesce(b.controlled, false) AS controlled,
           above.in_trash OR r.trashed_at IS NOT NULL AS in_trash,
           a.entity_id IS NOT NULL AS has_local_acl, b.entity_id IS NOT NULL AS has_local_ar
    FROM entities r CROSS JOIN above
    LEFT JOIN acls a ON a.entity_id = r.id LEFT JOIN bound b ON b.entity_id = r.id
    WHERE r.id = $1
    UNION ALL
    SELECT e.id, CASE WHEN a.entity_id IS NULL THEN s.benefactor ELSE e.id END,
           CASE WHEN b.ids IS NULL THEN s.ars ELSE (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(s.ars || b.ids) AS x) END,
           s.restricted OR coalesce(b.restricted, false),
           s.controlled OR coalesce(b.controlled, false),
           s.in_trash OR e.trashed_at IS NOT NULL,
           a.entity_id IS NOT NULL, b.entity_id IS NOT NULL
    FROM sub s JOIN entities e ON e.parent_id = s.id
    LEFT JOIN acls a ON a.entity_id = e.id LEFT JOIN bound b ON b.entity_id = e.id
    WHERE $5::boolean AND NOT ($7::boolean AND a.entity_id IS NOT NULL)
  ),
  public_benefactors AS (
    SELECT DISTINCT x.entity_id FROM acl_entries x
    WHERE x.entity_id IN (SELECT DISTINCT benefactor FROM sub) AND x.principal_id IN (1, 2, 3) AND 'READ' = ANY (x.access_types)
  ),
  domains AS (
    SELECT project_id, array_agg(group_id ORDER BY group_id) AS ids FROM authorization_domain_groups
    WHERE project_id IN (SELECT DISTINCT e.project_id FROM sub JOIN entities e ON e.id = sub.id) GROUP BY project_id
  ),
  state AS (
    SELECT e.id, e.current_version, e.name, e.type, e.parent_id, e.project_id, s.benefactor, e.data_type, s.in_trash,
           EXISTS (SELECT 1 FROM public_benefactors p WHERE p.entity_id = s.benefactor) AS is_public,
           s.restricted, s.controlled, s.ars, coalesce(d.ids, '{}') AS ad, s.has_local_acl, s.has_local_ar,
           e.created_at, e.modified_at
    FROM sub s JOIN entities e ON e.id = s.id LEFT JOIN domains d ON d.project_id = e.project_id
  ),
  written AS (
    INSERT INTO entity_snapshots (at, change, actor_id, entity_id, version, name, type, parent_id, project_id,
      benefactor_id, data_type, in_trash, is_public, is_restricted, is_controlled, effective_access_requirements,
      authorization_domain, has_local_acl, has_local_access_requirement, created_at, modified_at)
    SELECT $2, $3, $4, st.id, st.current_version, st.name, st.type, st.parent_id, st.project_id, st.benefactor,
      st.data_type, st.in_trash, st.is_public, st.restricted, st.controlled, st.ars, st.ad, st.has_local_acl,
      st.has_local_ar, st.created_at, st.modified_at
    FROM state st
    LEFT JOIN LATERAL (
      SELECT x.version, x.name, x.type, x.parent_id, x.project_id, x.benefactor_id, x.data_type, x.in_trash, x.is_public,
             x.is_restricted, x.is_controlled, x.effective_access_requirements, x.authorization_domain, x.has_local_acl,
             x.has_local_access_requirement
      FROM entity_snapshots x WHERE x.entity_id = st.id ORDER BY x.at DESC, x.id DESC LIMIT 1
    ) last ON NOT $6::boolean AND st.id <> $1
    WHERE $6::boolean OR st.id = $1 OR last.name IS NULL
       OR (last.version, last.name, last.type, last.parent_id, last.project_id, last.benefactor_id, last.data_type,
           last.in_trash, last.is_public, last.is_restricted, last.is_controlled, last.effective_access_requirements,
           last.authorization_domain, last.has_local_acl, last.has_local_access_requirement)
          IS DISTINCT FROM
          (st.current_version, st.name, st.type, st.parent_id, st.project_id, st.benefactor, st.data_type,
           st.in_trash, st.is_public, st.restricted, st.controlled, st.ars,
           st.ad, st.has_local_acl, st.has_local_ar)
    RETURNING 1
  )
  SELECT count(*)::int AS written FROM written`;

/**
 * Records the effective state of the entity (always) and of the descendants whose state the change altered
 * (per `scope`); returns the number of snapshots written.
 */
export async function recordSnapshots(
  sql: Sql, clock: Clock, entityId: number, change: string, actorId: number | null, scope: SnapshotScope,
): Promise<number> {
  const { written } = await sql.one<{ written: number }>(SNAPSHOT_SQL, [
    entityId, clock.now(), change, actorId, scope !== 'self', scope === 'all', scope === 'inheriting',
  ]);
  return written;
}

/** Records the entity as it now is: benefactor, public and restriction state, effective ARs, AD. */
export async function recordEntitySnapshot(sql: Sql, clock: Clock, entityId: number, change: string, actorId: number | null): Promise<void> {
  await recordSnapshots(sql, clock, entityId, change, actorId, 'self');
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

/**
 * Records an access requirement's text, settings, bindings and own ACL (reviewers, exemption-eligible principals)
 * as they now are.
 */
export async function recordAccessRequirementSnapshot(sql: Sql, clock: Clock, accessRequirementId: number, change: string, actorId: number | null): Promise<void> {
  await sql.query(
    `INSERT INTO access_requirement_snapshots (at, change, actor_id, access_requirement_id, version, type, name, terms, settings, subjects, acl)
     SELECT $2, $3, $4, ar.id, ar.version, ar.type, ar.name, ar.terms, ar.settings,
       coalesce((SELECT jsonb_agg(jsonb_build_object('type', subject_type, 'id', subject_id) ORDER BY subject_type, subject_id)
                 FROM access_requirement_subjects WHERE access_requirement_id = ar.id), '[]'::jsonb),
       coalesce((SELECT jsonb_agg(jsonb_build_object('principalId', principal_id, 'accessTypes', to_jsonb(access_types)) ORDER BY principal_id)
                 FROM access_requirement_acl WHERE access_requirement_id = ar.id), '[]'::jsonb)
     FROM access_requirements ar WHERE ar.id = $1`,
    [accessRequirementId, clock.now(), change, actorId],
  );
}
