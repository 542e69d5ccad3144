-- Data access requests, round 2 (issue 14): the block list of an AR and its automatic handling of submissions.

-- Users ACT blocked from requesting an AR, when it revoked a request: a blocked user's submission is refused
-- (or rejected by the system, by the AR's rule). A block ends at `until` or when ACT lifts it.
CREATE TABLE request_blocks (
  id bigserial PRIMARY KEY,
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  user_id bigint NOT NULL REFERENCES users (id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 5000),
  until timestamptz,
  -- The revoked request that led to it.
  request_id bigint REFERENCES data_access_requests (id),
  created_by bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  lifted_by bigint REFERENCES users (id),
  lifted_at timestamptz
);
CREATE INDEX request_blocks_user ON request_blocks (access_requirement_id, user_id) WHERE lifted_at IS NULL;

-- An AR's automatic handling of submissions (ACT sets it; no row = neither rule).
CREATE TABLE request_rules (
  access_requirement_id bigint PRIMARY KEY REFERENCES access_requirements (id),
  approve_when_validated boolean NOT NULL DEFAULT false,
  reject_when_blocked boolean NOT NULL DEFAULT false,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL
);
