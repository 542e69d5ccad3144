-- Gatehouse's own downloads as egress (SPEC §10; src/egress/downloads.ts, docs/adr/0017): every download a user
-- is served is an amount of egress, counted in the sliding windows of the policy before its first byte is sent.

-- One amount per download and project: a single file or a range of it is one row; a download-list archive is one
-- row per project it draws from (the windows and incidents are per project).
CREATE TABLE egress_downloads (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  project_id bigint REFERENCES entities (id),
  -- The runtime whose token asked for the download (access_tokens.runtime_id), if any.
  runtime_id bigint REFERENCES runtimes (id),
  -- file: a whole file; range: one byte range of it; archive: files of the download list, zipped.
  kind text NOT NULL CHECK (kind IN ('file', 'range', 'archive')),
  entity_ids bigint[] NOT NULL,
  data_class text NOT NULL CHECK (data_class IN ('row-level', 'summary')),
  at timestamptz NOT NULL,
  -- The bytes counted: reserved when the download starts, set to what went out when it broke off early.
  bytes bigint NOT NULL CHECK (bytes >= 0),
  -- serving: counted and under way; served; failed: broke off (bytes = what went out); refused: never started,
  -- not counted.
  state text NOT NULL CHECK (state IN ('serving', 'served', 'failed', 'refused')),
  -- Let through by a bypass window.
  bypassed boolean NOT NULL DEFAULT false,
  -- The incident it opened or joined.
  incident_id bigint REFERENCES egress_incidents (id),
  -- Why it was refused: the stable code (EGRESS_SUSPENDED, SUMMARY_DOWNLOAD_TOO_LARGE).
  refusal text
);
-- The windows read a user's recent amounts; the dashboard reads a project's.
CREATE INDEX egress_downloads_user ON egress_downloads (user_id, at);
CREATE INDEX egress_downloads_project ON egress_downloads (project_id, at);
CREATE INDEX egress_downloads_incident ON egress_downloads (incident_id) WHERE incident_id IS NOT NULL;

-- An API token made for a runtime: what it downloads is counted against that runtime too.
ALTER TABLE access_tokens ADD COLUMN runtime_id bigint REFERENCES runtimes (id);
