-- The security audit (SPEC §11; src/audit/README.md): runs over a period, the findings they raise, and the
-- triage trail of each finding. A finding is the problem itself, not one run's row: it is identified by a
-- fingerprint (the query and the facts that make it, e.g. "unqualified-access:download:123"), so the same problem
-- found by the continuous audit within a minute and by the next periodic run is one finding, triaged once.

CREATE TABLE audit_runs (
  id bigserial PRIMARY KEY,
  -- The period the run reads: [period_from, period_to).
  period_from timestamptz NOT NULL,
  period_to timestamptz NOT NULL CHECK (period_to > period_from),
  -- Where the records were read: the operational database, or Parquet files through DuckDB.
  engine text NOT NULL DEFAULT 'postgres' CHECK (engine IN ('postgres', 'duckdb')),
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'failed')),
  -- {step, stepsDone, stepsTotal}: what the run is doing, for the progress bar.
  progress jsonb NOT NULL DEFAULT '{}',
  -- The settings the queries ran with (repeated-download threshold, large-download bytes, …), kept for
  -- reproducibility.
  settings jsonb NOT NULL DEFAULT '{}',
  -- Findings per query, when finished: {"top-downloaders": 20, …}.
  counts jsonb NOT NULL DEFAULT '{}',
  error text,
  started_by bigint REFERENCES users (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX audit_runs_started ON audit_runs (started_at DESC);

CREATE TABLE audit_findings (
  id bigserial PRIMARY KEY,
  fingerprint text NOT NULL UNIQUE,
  -- restriction-change, top-downloaders, md5-duplicates, unqualified-access, repeated-downloads,
  -- exfiltration-correlation, tier-revoked-downloads, self-approval, terms-changed-after-approval
  query text NOT NULL,
  -- The seed's use case (restriction-change: ar-removed, exposed-again, test-project-public, ar-added-public; …).
  use_case text,
  -- What the finding is about, for filters and links (any may be null).
  project_id bigint,
  entity_id bigint,
  user_id bigint,
  request_id bigint,
  -- When the event happened (the change, the download, the first of the burst).
  occurred_at timestamptz NOT NULL,
  -- The finding's facts as the query found them (both states side by side, counts, downloads while exposed, …).
  detail jsonb NOT NULL DEFAULT '{}',
  -- Who raised it first: the continuous audit (within a minute of the event) or a periodic run.
  raised_by text NOT NULL CHECK (raised_by IN ('continuous', 'periodic')),
  raised_at timestamptz NOT NULL,
  -- Triage (src/audit/triage.ts).
  state text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'contacted', 'explained', 'incident', 'closed')),
  owner_id bigint REFERENCES users (id),
  reply text,
  replied_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX audit_findings_query ON audit_findings (query, occurred_at);
CREATE INDEX audit_findings_project ON audit_findings (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX audit_findings_open ON audit_findings (state, owner_id);

-- The findings each run found (a run finds again what the continuous audit or an earlier run raised), with the
-- facts as that run saw them.
CREATE TABLE audit_run_findings (
  run_id bigint NOT NULL REFERENCES audit_runs (id),
  finding_id bigint NOT NULL REFERENCES audit_findings (id),
  detail jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, finding_id)
);
CREATE INDEX audit_run_findings_finding ON audit_run_findings (finding_id);

-- A finding's trail: notes, owner and state changes, contacts sent, replies recorded, incidents raised.
CREATE TABLE audit_finding_events (
  id bigserial PRIMARY KEY,
  finding_id bigint NOT NULL REFERENCES audit_findings (id),
  at timestamptz NOT NULL,
  actor_id bigint REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('raised', 'found-again', 'note', 'owner', 'state', 'contact', 'reply', 'incident')),
  body text NOT NULL DEFAULT '',
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_finding_events_finding ON audit_finding_events (finding_id, at);

-- The history of every approval (SPEC §11 "approvals and exemptions at any instant"): one row per grant,
-- renewal, revocation or change of expiry, written in the transaction of the change (src/audit/README.md).
CREATE TABLE approval_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  approval_id bigint NOT NULL REFERENCES approvals (id),
  access_requirement_id bigint NOT NULL,
  access_requirement_version int NOT NULL,
  accessor_id bigint NOT NULL,
  -- The state from this instant on: APPROVED until expires_on (null: no end), or REVOKED.
  state text NOT NULL CHECK (state IN ('APPROVED', 'REVOKED')),
  expires_on timestamptz,
  source text NOT NULL,
  actor_id bigint,
  change text NOT NULL
);
CREATE INDEX approval_events_accessor ON approval_events (accessor_id, access_requirement_id, at);
CREATE INDEX approval_events_at ON approval_events (at);

-- Every write to approvals leaves its event, whichever code path made it: a trigger, so no path can forget.
-- The time is the change's own (modified_at, from Gatehouse's clock), the actor its modified_by.
CREATE FUNCTION record_approval_event() RETURNS trigger LANGUAGE plpgsql AS $$
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
         WHEN NEW.state = 'REVOKED' AND OLD.state <> 'REVOKED' THEN 'revoked'
         WHEN NEW.state = 'APPROVED' AND OLD.state <> 'APPROVED' THEN 'granted'
         ELSE 'updated' END);
  RETURN NULL;
END
$$;
CREATE TRIGGER approvals_events AFTER INSERT OR UPDATE ON approvals FOR EACH ROW EXECUTE FUNCTION record_approval_event();

-- The approvals made before this migration: their grant, and their revocation if revoked.
INSERT INTO approval_events (at, approval_id, access_requirement_id, access_requirement_version, accessor_id, state,
  expires_on, source, actor_id, change)
SELECT created_at, id, access_requirement_id, access_requirement_version, accessor_id, 'APPROVED', expires_on, source,
  created_by, 'granted' FROM approvals;
INSERT INTO approval_events (at, approval_id, access_requirement_id, access_requirement_version, accessor_id, state,
  expires_on, source, actor_id, change)
SELECT modified_at, id, access_requirement_id, access_requirement_version, accessor_id, 'REVOKED', expires_on, source,
  modified_by, 'revoked' FROM approvals WHERE state = 'REVOKED';
