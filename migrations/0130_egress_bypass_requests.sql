-- Large data download requests (SPEC §10; src/egress/bypassrequests.ts): a user asks for a bypass window for an
-- approved large transfer; a security engineer approves (a bypass window is granted) or declines.
CREATE TABLE egress_bypass_requests (
  id bigserial PRIMARY KEY,
  -- The requester: a user asks for themself only.
  user_id bigint NOT NULL REFERENCES users (id),
  -- The project the transfer is from, when the user names one (an entity).
  project_id bigint REFERENCES entities (id),
  requested_bytes bigint NOT NULL CHECK (requested_bytes > 0),
  -- Both optional: from defaults to the approval time, until to from + the policy's defaultBypassDays.
  wanted_from timestamptz,
  wanted_until timestamptz,
  CHECK (wanted_from IS NULL OR wanted_until IS NULL OR wanted_until > wanted_from),
  -- Bounded here as in the route schema, so no path can store an unbounded text.
  justification text NOT NULL CHECK (length(justification) BETWEEN 1 AND 4000),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'declined', 'withdrawn')),
  created_at timestamptz NOT NULL,
  decided_by bigint REFERENCES users (id),
  -- Set when the request leaves pending (decided or withdrawn).
  decided_at timestamptz,
  decision_reason text,
  -- The window the approval granted; only an approved request has one.
  bypass_window_id bigint REFERENCES egress_bypass_windows (id),
  CHECK ((state = 'approved') = (bypass_window_id IS NOT NULL))
);
-- A user's own list and the pending count that bounds it.
CREATE INDEX egress_bypass_requests_user ON egress_bypass_requests (user_id, state);
-- The engineers' queue: pending first, oldest first.
CREATE INDEX egress_bypass_requests_state ON egress_bypass_requests (state, created_at);
