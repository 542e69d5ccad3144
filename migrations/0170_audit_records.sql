-- Complete records for the audit (SPEC §11, issue 11; docs/adr/0020-audit-records.md).

-- Entity snapshots: two scalar facts the audit's queries read without arrays. has_local_acl: the entity is its
-- own benefactor. has_local_access_requirement: an AR is bound on the entity itself (not only inherited).
ALTER TABLE entity_snapshots ADD COLUMN has_local_acl boolean;
ALTER TABLE entity_snapshots ADD COLUMN has_local_access_requirement boolean;
UPDATE entity_snapshots SET has_local_acl = (benefactor_id = entity_id);
-- A binding on the entity itself, for snapshots written before this migration (best effort: an AR of its effective
-- set that an AR snapshot ever named the entity as a subject of, and that its parent's snapshot of the time did
-- not have; the AR's own snapshot of a binding is written just after the entity's, so "the AR's bindings at that
-- instant" would miss it).
UPDATE entity_snapshots s SET has_local_access_requirement = EXISTS (
  SELECT 1 FROM unnest(s.effective_access_requirements) AS ar (id)
  WHERE EXISTS (
      SELECT 1 FROM access_requirement_snapshots a
      WHERE a.access_requirement_id = ar.id
        AND a.subjects @> jsonb_build_array(jsonb_build_object('type', 'entity', 'id', s.entity_id)))
    AND NOT coalesce((
      SELECT ar.id = ANY (p.effective_access_requirements) FROM entity_snapshots p
      WHERE p.entity_id = s.parent_id AND p.at <= s.at ORDER BY p.at DESC, p.id DESC LIMIT 1), false));
ALTER TABLE entity_snapshots ALTER COLUMN has_local_acl SET NOT NULL;
ALTER TABLE entity_snapshots ALTER COLUMN has_local_access_requirement SET NOT NULL;
-- The latest snapshot of an entity at an instant (entityStateAt, the subtree comparison): ties at one instant
-- are broken by id.
CREATE INDEX entity_snapshots_entity_latest ON entity_snapshots (entity_id, at DESC, id DESC);
DROP INDEX entity_snapshots_entity;

-- AR snapshots also keep the AR's own ACL (REVIEW_SUBMISSIONS, EXEMPTION_ELIGIBLE): who was exempt when.
-- Null on snapshots written before this migration (not known).
ALTER TABLE access_requirement_snapshots ADD COLUMN acl jsonb;

-- Tier history: two-factor authentication ('2fa': enrolled or removed) and the account itself ('active':
-- enabled or disabled) join registered, certified and validated.
ALTER TABLE user_tier_events DROP CONSTRAINT user_tier_events_tier_check;
ALTER TABLE user_tier_events ADD CONSTRAINT user_tier_events_tier_check
  CHECK (tier IN ('registered', 'certified', 'validated', '2fa', 'active'));
-- Their past, from the audit log (which has recorded every such change from the start).
INSERT INTO user_tier_events (user_id, tier, change, how, actor_id, details, at)
SELECT target_id::bigint, '2fa', CASE action WHEN 'user.2fa-enabled' THEN 'granted' ELSE 'revoked' END,
  CASE action WHEN 'user.2fa-enabled' THEN '2fa-enrolled' WHEN 'user.2fa-disabled' THEN '2fa-removed' ELSE '2fa-reset' END,
  actor_id, jsonb_build_object('from', 'audit-log', 'seq', seq), at
FROM audit_log WHERE action IN ('user.2fa-enabled', 'user.2fa-disabled', 'user.2fa-reset')
  AND target_type = 'user' AND EXISTS (SELECT 1 FROM users u WHERE u.id::text = audit_log.target_id);
INSERT INTO user_tier_events (user_id, tier, change, how, actor_id, reason, details, at)
SELECT target_id::bigint, 'active', CASE action WHEN 'user.enabled' THEN 'granted' ELSE 'revoked' END,
  CASE action WHEN 'user.enabled' THEN 'account-enabled' ELSE 'account-disabled' END,
  actor_id, details->>'reason', jsonb_build_object('from', 'audit-log', 'seq', seq), at
FROM audit_log WHERE action IN ('user.enabled', 'user.disabled')
  AND target_type = 'user' AND EXISTS (SELECT 1 FROM users u WHERE u.id::text = audit_log.target_id);
-- 2FA on today with no recorded enrolment (set outside the application): enrolled at totp_enabled_at.
INSERT INTO user_tier_events (user_id, tier, change, how, details, at)
SELECT u.id, '2fa', 'granted', '2fa-enrolled', '{"from": "users"}', u.totp_enabled_at FROM users u
WHERE u.totp_enabled_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM user_tier_events e WHERE e.user_id = u.id AND e.tier = '2fa');
CREATE INDEX user_tier_events_tier ON user_tier_events (user_id, tier, at);

-- Download records: the blob's MD5 (the MD5-duplicates query joins on it), and the kind of client: the web app
-- (a session), a personal access token, a runtime's token, or nobody signed in. `client` stays the User-Agent.
ALTER TABLE download_records ADD COLUMN md5 text;
ALTER TABLE download_records ADD COLUMN client_kind text CHECK (client_kind IN ('web', 'token', 'runtime', 'anonymous'));
UPDATE download_records d SET md5 = b.md5 FROM blobs b WHERE b.id = d.blob_id;
-- Before this migration the kind was not kept; only anonymous downloads are known for sure.
UPDATE download_records SET client_kind = 'anonymous' WHERE user_id IS NULL;
CREATE INDEX download_records_md5 ON download_records (md5) WHERE md5 IS NOT NULL;

-- Approval events name renewals and expiries as such (the trigger of 0150 called both "updated"/"revoked").
CREATE OR REPLACE FUNCTION record_approval_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.state = OLD.state AND NEW.expires_on IS NOT DISTINCT FROM OLD.expires_on
     AND NEW.access_requirement_version = OLD.access_requirement_version AND NEW.modified_at = OLD.modified_at THEN
    RETURN NULL;
  END IF;
  INSERT INTO approval_events (at, approval_id, access_requirement_id, access_requirement_version, accessor_id,
    state, expires_on, source, actor_id, change)
  VALUES (NEW.modified_at, NEW.id, NEW.access_requirement_id, NEW.access_requirement_version, NEW.accessor_id,
    NEW.state, NEW.expires_on, NEW.source, NEW.modified_by,
    CASE WHEN TG_OP = 'INSERT' THEN 'granted'
         WHEN NEW.state = 'REVOKED' AND OLD.state <> 'REVOKED' AND NEW.revoked_reason = 'expired' THEN 'expired'
         WHEN NEW.state = 'REVOKED' AND OLD.state <> 'REVOKED' THEN 'revoked'
         WHEN NEW.state = 'APPROVED' AND OLD.state <> 'APPROVED' THEN 'granted'
         WHEN NEW.state = 'APPROVED' AND NEW.expires_on IS DISTINCT FROM OLD.expires_on THEN 'renewed'
         ELSE 'updated' END);
  RETURN NULL;
END
$$;
UPDATE approval_events e SET change = 'expired' FROM approvals a
WHERE a.id = e.approval_id AND e.change = 'revoked' AND a.revoked_reason = 'expired' AND a.state = 'REVOKED'
  AND e.at = a.modified_at;

-- The effective state of an entity and of its subtree, as snapshots (docs/adr/0020-audit-records.md): ONE statement
-- that reads the changed entity's inherited state from its ancestors once, walks the subtree down level by level
-- carrying it (each entity adding its own ACL, bound ARs, trashed_at), compares each row with the entity's latest
-- snapshot and writes only the rows that differ. Parameters: the entity, the instant, the change, the actor;
-- descend (false: the entity alone); write_all (every row, changed or not: purge); stop_at_acl (do not go below
-- a descendant with an ACL of its own: an ACL change); write_root (the entity itself is always written).
-- Returns the number of snapshots written. JIT off: the planner cannot tell how deep the walk goes, estimates it
-- huge, and PostgreSQL would spend seconds compiling a statement that runs in milliseconds.
CREATE FUNCTION record_entity_snapshots(bigint, timestamptz, text, bigint, boolean, boolean, boolean, boolean)
RETURNS int LANGUAGE sql SET jit = off AS $fn$
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
  ) last ON NOT $6::boolean AND NOT ($8::boolean AND st.id = $1)
  WHERE $6::boolean OR ($8::boolean AND st.id = $1) OR last.name IS NULL
     OR (last.version, last.name, last.type, last.parent_id, last.project_id, last.benefactor_id, last.data_type,
         last.in_trash, last.is_public, last.is_restricted, last.is_controlled, last.effective_access_requirements,
         last.authorization_domain, last.has_local_acl, last.has_local_access_requirement)
        IS DISTINCT FROM
        (st.current_version, st.name, st.type, st.parent_id, st.project_id, st.benefactor, st.data_type,
         st.in_trash, st.is_public, st.restricted, st.controlled, st.ars,
         st.ad, st.has_local_acl, st.has_local_ar)
  RETURNING 1
)
SELECT count(*)::int AS written FROM written
$fn$;

-- Subtree snapshots deferred from the request (a change above more than a few thousand entities): the change's
-- entity, instant and scope. Expanded, in order, by whichever comes first: the expansion job (every 2 s), the next
-- write to a table the state is computed from (the triggers below: that write must not be seen by an expansion
-- of an earlier change), or a reader of the state (entityStateAt, an audit run). So every expansion computes the
-- state exactly as it was right after its change, and the snapshots carry the change's own instant.
CREATE TABLE entity_snapshot_expansions (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  entity_id bigint NOT NULL,
  change text NOT NULL,
  actor_id bigint,
  stop_at_acl boolean NOT NULL
);

CREATE FUNCTION expand_entity_snapshots() RETURNS int LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  n int := 0;
BEGIN
  FOR r IN SELECT * FROM entity_snapshot_expansions ORDER BY id FOR UPDATE LOOP
    n := n + record_entity_snapshots(r.entity_id, r.at, r.change, r.actor_id, true, false, r.stop_at_acl, false);
    DELETE FROM entity_snapshot_expansions WHERE id = r.id;
  END LOOP;
  RETURN n;
END
$fn$;

CREATE FUNCTION expand_entity_snapshots_first() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM entity_snapshot_expansions) THEN
    PERFORM expand_entity_snapshots();
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER entities_expand_snapshots BEFORE INSERT OR UPDATE OR DELETE ON entities
  FOR EACH STATEMENT EXECUTE FUNCTION expand_entity_snapshots_first();
CREATE TRIGGER acls_expand_snapshots BEFORE INSERT OR UPDATE OR DELETE ON acls
  FOR EACH STATEMENT EXECUTE FUNCTION expand_entity_snapshots_first();
CREATE TRIGGER acl_entries_expand_snapshots BEFORE INSERT OR UPDATE OR DELETE ON acl_entries
  FOR EACH STATEMENT EXECUTE FUNCTION expand_entity_snapshots_first();
CREATE TRIGGER access_requirements_expand_snapshots BEFORE INSERT OR UPDATE OR DELETE ON access_requirements
  FOR EACH STATEMENT EXECUTE FUNCTION expand_entity_snapshots_first();
CREATE TRIGGER access_requirement_subjects_expand_snapshots BEFORE INSERT OR UPDATE OR DELETE ON access_requirement_subjects
  FOR EACH STATEMENT EXECUTE FUNCTION expand_entity_snapshots_first();
CREATE TRIGGER authorization_domain_groups_expand_snapshots BEFORE INSERT OR UPDATE OR DELETE ON authorization_domain_groups
  FOR EACH STATEMENT EXECUTE FUNCTION expand_entity_snapshots_first();
