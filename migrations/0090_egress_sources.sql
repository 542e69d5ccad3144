-- Egress (SPEC §10), first slice: the Security Engineer and Director of Governance roles, egress sources with
-- their signing secrets, every delivery posted to the events endpoint, and the events accepted from them.

-- Role teams with fixed ids, like ADMIN (4) and ACT (5) (src/infra/ids.ts). Ids below 1000 are never handed out
-- by principal_id_seq; 6 and 7 were free.
INSERT INTO principals (id, kind) VALUES (6, 'team'), (7, 'team');
INSERT INTO teams (id, name, description, created_at) VALUES
  (6, 'Security Engineers', 'Security engineers: see egress, run egress incidents and manage egress sources.', now()),
  (7, 'Directors of Governance', 'Directors of Governance: oversee audits of access and its use.', now());

-- A network monitor (or other system) that posts egress events, signed with one of its secrets.
CREATE TABLE egress_sources (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
  description text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('active', 'disabled')),
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  disabled_at timestamptz,
  disabled_by bigint REFERENCES users (id)
);
CREATE UNIQUE INDEX egress_sources_name_key ON egress_sources (name);

-- A source's HMAC secrets. The raw secret is needed to verify a signature, so it is kept encrypted
-- (AES-256-GCM under the egress key, docs/adr/0016), never in clear. A secret is active until retired_at,
-- which is set when it is retired explicitly or, on rotation, to the end of the grace period.
CREATE TABLE egress_source_secrets (
  id bigserial PRIMARY KEY,
  source_id bigint NOT NULL REFERENCES egress_sources (id),
  -- iv.ciphertext.tag, base64url each
  secret_encrypted text NOT NULL,
  -- The first characters of the secret, to tell secrets apart in lists.
  hint text NOT NULL,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  retired_at timestamptz,
  retired_by bigint REFERENCES users (id)
);
CREATE INDEX egress_source_secrets_source ON egress_source_secrets (source_id, created_at);

-- Every request posted to POST /api/v1/egress/events, accepted or refused.
CREATE TABLE egress_deliveries (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL,
  -- The source as named in the request header, and the source it resolved to (null when unknown).
  source_name text,
  source_id bigint REFERENCES egress_sources (id),
  remote_address text,
  -- partial: a batch of which some events were refused (see refusals).
  result text NOT NULL CHECK (result IN ('accepted', 'partial', 'refused')),
  -- Stable code of why it was refused (BAD_SIGNATURE, STALE_TIMESTAMP, …); null when accepted.
  reason text,
  detail text,
  body_bytes integer NOT NULL,
  -- The raw body up to a cap; body_truncated tells whether it was cut.
  body text NOT NULL,
  body_truncated boolean NOT NULL,
  events_accepted integer NOT NULL DEFAULT 0,
  events_duplicate integer NOT NULL DEFAULT 0,
  events_refused integer NOT NULL DEFAULT 0,
  -- The events refused in the delivery: [{index, eventId, code, detail}].
  refusals jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX egress_deliveries_received ON egress_deliveries (received_at DESC, id DESC);
CREATE INDEX egress_deliveries_result ON egress_deliveries (result, received_at DESC, id DESC);

CREATE TABLE egress_events (
  id bigserial PRIMARY KEY,
  source_id bigint NOT NULL REFERENCES egress_sources (id),
  delivery_id bigint NOT NULL REFERENCES egress_deliveries (id),
  -- The source's own id for the event: a replay of it is a duplicate.
  source_event_id text NOT NULL,
  -- Attribution: null user means unattributed. The user and runtime as the source named them are kept too.
  user_id bigint REFERENCES users (id),
  runtime_id bigint REFERENCES runtimes (id),
  project_id bigint REFERENCES entities (id),
  claimed_user text,
  claimed_runtime text,
  claimed_project text,
  attributed_by text NOT NULL CHECK (attributed_by IN ('runtime', 'user', 'none')),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  window_start timestamptz NOT NULL,
  window_seconds integer NOT NULL CHECK (window_seconds >= 0),
  observed_at timestamptz NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX egress_events_source_event ON egress_events (source_id, source_event_id);
CREATE INDEX egress_events_user ON egress_events (user_id, observed_at);
CREATE INDEX egress_events_project ON egress_events (project_id, observed_at);
CREATE INDEX egress_events_observed ON egress_events (observed_at DESC, id DESC);
