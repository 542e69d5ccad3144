-- Complete records for the audit (SPEC §11, issue 11; docs/adr/0020-audit-records.md).

-- Entity snapshots: two scalar facts the audit's queries read without arrays. has_local_acl: the entity is its
-- own benefactor. has_local_access_requirement: an AR is bound on the entity itself (not only inherited).
ALTER TABLE entity_snapshots ADD COLUMN has_local_acl boolean;
ALTER TABLE entity_snapshots ADD COLUMN has_local_access_requirement boolean;
UPDATE entity_snapshots SET has_local_acl = (benefactor_id = entity_id);
-- A binding on the entity at the snapshot's time: the AR's latest snapshot at that time names the entity.
UPDATE entity_snapshots s SET has_local_access_requirement = EXISTS (
  SELECT 1 FROM unnest(s.effective_access_requirements) AS ar (id)
  JOIN LATERAL (
    SELECT a.subjects FROM access_requirement_snapshots a
    WHERE a.access_requirement_id = ar.id AND a.at <= s.at ORDER BY a.at DESC, a.id DESC LIMIT 1
  ) last ON true
  WHERE last.subjects @> jsonb_build_array(jsonb_build_object('type', 'entity', 'id', s.entity_id)));
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
