/**
 * The baseline "a naive server": the full DOWNLOAD chain of SPEC §5 evaluated per check by PostgreSQL, one
 * statement per check — a recursive CTE for the path, then the benefactor ACL, trash, admin, authorization
 * domain, ARs on the path with approvals, uploader and §7 exemptions, 2FA, OPEN_DATA and egress suspension.
 *
 * It is written to be as kind to PostgreSQL as such a design allows: one round trip (not one per rule), a
 * prepared statement (named, so planned once per connection), every lookup on an index the schema already has,
 * and it runs on several connections at once (see run.ts) while the engine runs on one thread.
 *
 * It returns the deciding rule's name, so that its answers can be compared with the engine's.
 */
export const NAIVE_DOWNLOAD_SQL = `
WITH RECURSIVE
  u AS (
    SELECT status,
           totp_enabled_at IS NOT NULL AS has_2fa,
           coalesce(egress_suspended_until > $3::timestamptz, false) AS suspended,
           (SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1) IS NULL
             OR terms_version = (SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1)
             AS accepted
    FROM users WHERE id = $1::bigint
  ),
  -- Managed groups the user is in, directly or through nested groups (§9).
  groups AS (
    SELECT group_id AS id FROM group_members WHERE member_id = $1::bigint
    UNION
    SELECT gm.group_id FROM group_members gm JOIN groups g ON gm.member_id = g.id
  ),
  principals AS (
    SELECT $1::bigint AS id UNION ALL SELECT 1 UNION ALL SELECT 2
    UNION ALL SELECT team_id FROM team_members WHERE user_id = $1::bigint
    UNION ALL SELECT id FROM groups
  ),
  -- A user who has not accepted the current terms of use counts only as PUBLIC on entity ACLs (SPEC §2).
  acl_principals AS (
    SELECT id FROM principals WHERE coalesce((SELECT accepted FROM u), false)
    UNION SELECT 1
  ),
  path AS (
    SELECT id, parent_id, trashed_at, 0 AS depth FROM entities WHERE id = $2::bigint
    UNION ALL
    SELECT e.id, e.parent_id, e.trashed_at, p.depth + 1 FROM entities e JOIN path p ON e.id = p.parent_id
  ),
  ent AS (SELECT type, data_type, created_by FROM entities WHERE id = $2::bigint),
  benefactor AS (SELECT p.id FROM path p JOIN acls a ON a.entity_id = p.id ORDER BY p.depth LIMIT 1),
  project AS (SELECT id FROM path WHERE parent_id IS NULL),
  granted_types AS (
    SELECT DISTINCT unnest(ae.access_types) AS t FROM acl_entries ae
    WHERE ae.entity_id = (SELECT id FROM benefactor) AND ae.principal_id IN (SELECT id FROM acl_principals)
  ),
  ars AS (
    SELECT DISTINCT ar.id, ar.type, coalesce((ar.settings->>'requires2fa')::boolean, false) AS requires2fa
    FROM path p
    JOIN access_requirement_subjects s ON s.subject_type = 'entity' AND s.subject_id = p.id
    JOIN access_requirements ar ON ar.id = s.access_requirement_id AND ar.deleted_at IS NULL
  )
SELECT CASE
  WHEN (SELECT status FROM u) = 'disabled' THEN 'DENY_IF_USER_DISABLED'
  WHEN NOT EXISTS (SELECT 1 FROM ent) THEN 'DENY_IF_DOES_NOT_EXIST'
  WHEN EXISTS (SELECT 1 FROM path WHERE trashed_at IS NOT NULL) THEN 'DENY_IF_IN_TRASH'
  WHEN EXISTS (SELECT 1 FROM u) AND EXISTS (SELECT 1 FROM principals WHERE id = 4) THEN 'GRANT_IF_ADMIN'
  WHEN EXISTS (
    SELECT 1 FROM authorization_domain_groups g
    WHERE g.project_id = (SELECT id FROM project) AND g.group_id NOT IN (SELECT id FROM principals)
  ) THEN 'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN'
  WHEN EXISTS (
    SELECT 1 FROM ars a WHERE NOT (
      -- the uploader of a file meets every AR on it
      ((SELECT type FROM ent) = 'file' AND (SELECT created_by FROM ent) = $1::bigint)
      -- an APPROVED, unexpired approval held by the user (never for a Lock)
      OR (a.type <> 'Lock' AND EXISTS (
        SELECT 1 FROM approvals ap
        WHERE ap.access_requirement_id = a.id AND ap.accessor_id = $1::bigint AND ap.state = 'APPROVED'
          AND (ap.expires_on IS NULL OR ap.expires_on > $3::timestamptz)))
      -- §7: data contributor (UPDATE and DELETE on the benefactor) and EXEMPTION_ELIGIBLE on the AR's ACL
      OR (EXISTS (SELECT 1 FROM granted_types WHERE t = 'UPDATE')
          AND EXISTS (SELECT 1 FROM granted_types WHERE t = 'DELETE')
          AND EXISTS (
            SELECT 1 FROM access_requirement_acl aa
            WHERE aa.access_requirement_id = a.id AND aa.principal_id IN (SELECT id FROM principals)
              AND 'EXEMPTION_ELIGIBLE' = ANY (aa.access_types)))
    )
  ) THEN 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS'
  WHEN NOT coalesce((SELECT has_2fa FROM u), false) AND EXISTS (SELECT 1 FROM ars WHERE requires2fa)
    THEN 'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET'
  WHEN (SELECT data_type FROM ent) = 'OPEN_DATA' AND EXISTS (SELECT 1 FROM granted_types WHERE t = 'READ')
    THEN 'GRANT_IF_OPEN_DATA_WITH_READ'
  WHEN coalesce((SELECT suspended FROM u), false) THEN 'DENY_IF_EGRESS_SUSPENDED'
  WHEN EXISTS (SELECT 1 FROM granted_types WHERE t = 'DOWNLOAD') THEN 'GRANT_IF_HAS_DOWNLOAD'
  ELSE 'DENY'
END AS rule`;
