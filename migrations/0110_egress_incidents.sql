-- Egress incidents (SPEC §10; src/egress/incidents.ts): what escalate decided for a user's alerts, the events that
-- made each incident, and the bypass windows a security engineer grants.
CREATE TABLE egress_incidents (
  id bigserial PRIMARY KEY,
  -- escalate's key for the incident (newIncidentKey: "<source>:<event id>").
  incident_key text NOT NULL,
  user_id bigint NOT NULL REFERENCES users (id),
  project_id bigint REFERENCES entities (id),
  runtime_ids bigint[] NOT NULL DEFAULT '{}',
  first_event_at timestamptz NOT NULL,
  last_event_at timestamptz NOT NULL,
  bytes bigint NOT NULL CHECK (bytes >= 0),
  state text NOT NULL CHECK (state IN ('open', 'awaiting-user', 'under-review', 'closed-false-positive', 'closed-remediated', 'closed-reinstated')),
  -- counted: an alert that counts towards escalation; bypassed: inside a bypass window.
  counting text NOT NULL CHECK (counting IN ('counted', 'bypassed')),
  -- Every action carried out for it: [{kind, at, outcome, ...}].
  actions jsonb NOT NULL DEFAULT '[]',
  notified_at timestamptz,
  -- The user's answers to the policy's questions: [{question, answer}]; late answers are accepted.
  answers jsonb,
  answered_at timestamptz,
  -- The engineer's assessment (method, amount, PII, intent, rate, manual or scripted, ports, notes).
  assessment jsonb,
  assessed_by bigint REFERENCES users (id),
  assessed_at timestamptz,
  decision text CHECK (decision IN ('false-positive', 'remediated', 'reinstate')),
  decision_reason text,
  decided_by bigint REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX egress_incidents_key ON egress_incidents (user_id, incident_key);
CREATE INDEX egress_incidents_user ON egress_incidents (user_id, first_event_at);
CREATE INDEX egress_incidents_state ON egress_incidents (state, first_event_at DESC);

CREATE TABLE egress_incident_events (
  incident_id bigint NOT NULL REFERENCES egress_incidents (id),
  event_id bigint NOT NULL REFERENCES egress_events (id),
  PRIMARY KEY (incident_id, event_id)
);

-- A span in which a user's egress up to a cap is let through (from inclusive, until exclusive).
CREATE TABLE egress_bypass_windows (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  from_at timestamptz NOT NULL,
  until_at timestamptz NOT NULL CHECK (until_at > from_at),
  cap_bytes bigint NOT NULL CHECK (cap_bytes > 0),
  reason text NOT NULL,
  granted_by bigint REFERENCES users (id),
  granted_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by bigint REFERENCES users (id)
);
CREATE INDEX egress_bypass_windows_user ON egress_bypass_windows (user_id, until_at);
