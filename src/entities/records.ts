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
 * A change above more entities than this defers their snapshots (docs/adr/0020-audit-records.md): the request
 * writes the changed entity's snapshot and queues the rest, expanded at the change's instant by
 * `entitySnapshotExpansionJob`, by the next write that could alter the state, or by the next reader.
 */
export const INLINE_SUBTREE_LIMIT = 5000;

/**
 * Records the effective state of the entity (always) and of the descendants whose state the change altered
 * (per `scope`), through record_entity_snapshots (migration 0170: one set-based statement). Returns the number of
 * snapshots written now; the descendants of a subtree above INLINE_SUBTREE_LIMIT are queued, not counted here.
 */
export async function recordSnapshots(
  sql: Sql, clock: Clock, entityId: number, change: string, actorId: number | null, scope: SnapshotScope,
): Promise<number> {
  const at = clock.now();
  // A queued change must be recorded before anything later is: its expansion compares with the latest snapshots.
  // (Writes to the state's tables expand the queue by trigger; this covers a snapshot taken before any write, as
  // a purge's is.)
  await expandSnapshots(sql);
  const run = (descend: boolean, writeAll: boolean, stopAtAcl: boolean) => sql.one<{ written: number }>(
    'SELECT record_entity_snapshots($1, $2, $3, $4, $5, $6, $7, true) AS written',
    [entityId, at, change, actorId, descend, writeAll, stopAtAcl]).then((r) => r.written);
  if (scope === 'self' || scope === 'all') return run(scope === 'all', scope === 'all', false);
  const stopAtAcl = scope === 'inheriting';
  // How many entities the walk would visit, counted no further than the limit.
  const { n } = await sql.one<{ n: number }>(
    `WITH RECURSIVE sub AS (
       SELECT id FROM entities WHERE id = $1
       UNION ALL
       SELECT e.id FROM entities e JOIN sub ON e.parent_id = sub.id
       WHERE NOT ($2::boolean AND EXISTS (SELECT 1 FROM acls a WHERE a.entity_id = e.id))
     )
     SELECT count(*)::int AS n FROM (SELECT 1 FROM sub LIMIT $3) x`,
    [entityId, stopAtAcl, INLINE_SUBTREE_LIMIT + 1],
  );
  if (n <= INLINE_SUBTREE_LIMIT) return run(true, false, stopAtAcl);
  const written = await run(false, false, false);
  await sql.query(
    'INSERT INTO entity_snapshot_expansions (at, entity_id, change, actor_id, stop_at_acl) VALUES ($1, $2, $3, $4, $5)',
    [at, entityId, change, actorId, stopAtAcl],
  );
  return written;
}

/** Expands every queued subtree change (in order); returns the snapshots written. */
export async function expandSnapshots(sql: Sql): Promise<number> {
  const { written } = await sql.one<{ written: number }>('SELECT expand_entity_snapshots() AS written');
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
