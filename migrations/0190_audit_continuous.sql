-- The continuous audit (SPEC §11; src/audit/continuous.ts): every statement that writes a record the audit's
-- event-time queries read leaves one row here, in its own transaction, naming the id range it wrote. A job takes
-- the rows (FOR UPDATE SKIP LOCKED, so several processes share the work), runs those queries narrowed to the
-- records, raises what they find, and deletes the row in the same transaction: nothing written is missed, and a
-- check that fails is taken again. One row per statement, not per record, so that an ACL change snapshotting
-- 100,000 files adds one row.
CREATE TABLE audit_checks (
  id bigserial PRIMARY KEY,
  -- Which record table: download_records, entity_snapshots, approval_events, access_requirement_snapshots,
  -- egress_incidents.
  source text NOT NULL,
  -- The ids the statement wrote lie in [from_id, to_id] (other transactions' ids may interleave: checking them
  -- too is harmless, a finding is raised once per fingerprint).
  from_id bigint NOT NULL,
  to_id bigint NOT NULL,
  enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION enqueue_audit_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_checks (source, from_id, to_id)
  SELECT TG_TABLE_NAME, min(id), max(id) FROM written HAVING count(*) > 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER download_records_audit AFTER INSERT ON download_records
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION enqueue_audit_check();
CREATE TRIGGER entity_snapshots_audit AFTER INSERT ON entity_snapshots
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION enqueue_audit_check();
CREATE TRIGGER approval_events_audit AFTER INSERT ON approval_events
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION enqueue_audit_check();
CREATE TRIGGER access_requirement_snapshots_audit AFTER INSERT ON access_requirement_snapshots
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION enqueue_audit_check();
CREATE TRIGGER egress_incidents_audit AFTER INSERT ON egress_incidents
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION enqueue_audit_check();

-- Approvals granted through a data access request named the requestor as their creator; they name the reviewer
-- who approved (src/accessrequirements/approvals.ts insertApproval), as the audit's self-approval query reads.
-- Changing created_by alone leaves no approval event (the trigger skips it); the grant events are corrected too.
UPDATE approvals a SET created_by = ra.approved_by,
  modified_by = CASE WHEN a.modified_at = a.created_at THEN ra.approved_by ELSE a.modified_by END
FROM request_approvals ra
WHERE ra.approval_id = a.id AND a.source = 'request' AND ra.approved_by IS NOT NULL AND a.created_by IS DISTINCT FROM ra.approved_by;
UPDATE approval_events e SET actor_id = a.created_by
FROM approvals a
WHERE e.approval_id = a.id AND a.source = 'request' AND e.change = 'granted' AND e.at = a.created_at;
