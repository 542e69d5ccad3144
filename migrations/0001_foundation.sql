-- Foundation: principals, users and their tiers, sign-in, teams, blobs, audit log, outbox.

-- Users, teams and managed groups share one id space, so that an ACL entry names any of them.
CREATE TABLE principals (
  id bigint PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('special', 'user', 'team', 'group'))
);
CREATE SEQUENCE principal_id_seq START 1000;
-- Fixed ids: PUBLIC, AUTHENTICATED, ANONYMOUS, the ADMIN team, the ACT team (src/infra/ids.ts).
INSERT INTO principals (id, kind) VALUES (1, 'special'), (2, 'special'), (3, 'special'), (4, 'team'), (5, 'team');

CREATE TABLE users (
  id bigint PRIMARY KEY REFERENCES principals (id),
  username text NOT NULL,
  email text NOT NULL,
  display_name text NOT NULL,
  -- scrypt$N$r$p$salt$hash; null for an account that signs in only through single sign-on.
  password_hash text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  disabled_at timestamptz,
  disabled_by bigint REFERENCES users (id),
  disabled_reason text,
  -- Current tier state; user_tier_events is the history. Both change in one transaction.
  terms_version text,
  is_certified boolean NOT NULL DEFAULT false,
  is_validated boolean NOT NULL DEFAULT false,
  totp_secret text,
  totp_pending_secret text,
  totp_enabled_at timestamptz,
  oidc_subject text,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_oidc_subject_key ON users (oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE user_tier_events (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  tier text NOT NULL CHECK (tier IN ('registered', 'certified', 'validated')),
  change text NOT NULL CHECK (change IN ('granted', 'revoked')),
  -- How it happened: terms-accepted, quiz-passed, act-granted, act-revoked, verification-approved, ...
  how text NOT NULL,
  actor_id bigint REFERENCES users (id),
  reason text,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL
);
CREATE INDEX user_tier_events_user ON user_tier_events (user_id, at);

CREATE TABLE platform_terms (
  version text PRIMARY KEY,
  body text NOT NULL,
  published_at timestamptz NOT NULL,
  published_by bigint REFERENCES users (id)
);

CREATE TABLE quiz_attempts (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  quiz_version text NOT NULL,
  answers jsonb NOT NULL,
  correct int NOT NULL,
  total int NOT NULL,
  passed boolean NOT NULL,
  at timestamptz NOT NULL
);

-- A stored file: bytes under DATA_DIR/blobs/<key>, with size and MD5 computed on upload.
CREATE TABLE blobs (
  id bigserial PRIMARY KEY,
  storage_key text NOT NULL UNIQUE,
  size bigint NOT NULL,
  md5 text NOT NULL,
  content_type text NOT NULL,
  file_name text NOT NULL,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL
);

CREATE TABLE verification_requests (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  state text NOT NULL CHECK (state IN ('submitted', 'approved', 'rejected', 'revoked', 'withdrawn')),
  first_name text NOT NULL,
  last_name text NOT NULL,
  institution text NOT NULL,
  location text NOT NULL DEFAULT '',
  orcid text,
  note text NOT NULL DEFAULT '',
  decided_by bigint REFERENCES users (id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL
);
CREATE INDEX verification_requests_user ON verification_requests (user_id, created_at);
CREATE INDEX verification_requests_state ON verification_requests (state, created_at);

CREATE TABLE verification_attachments (
  request_id bigint NOT NULL REFERENCES verification_requests (id),
  blob_id bigint NOT NULL REFERENCES blobs (id),
  PRIMARY KEY (request_id, blob_id)
);

CREATE TABLE recovery_codes (
  user_id bigint NOT NULL REFERENCES users (id),
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie's secret; the secret itself is never stored.
  id text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  user_agent text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE access_tokens (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  -- The first characters of the token, to recognise it in a list.
  token_prefix text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);

CREATE TABLE teams (
  id bigint PRIMARY KEY REFERENCES principals (id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));
INSERT INTO teams (id, name, description, created_at) VALUES
  (4, 'Administrators', 'Platform administrators: every decision grants them access.', now()),
  (5, 'ACT', 'Access and Compliance Team: manages access requirements and reviews data access requests.', now());

CREATE TABLE team_members (
  team_id bigint NOT NULL REFERENCES teams (id),
  user_id bigint NOT NULL REFERENCES users (id),
  is_manager boolean NOT NULL DEFAULT false,
  added_by bigint REFERENCES users (id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE team_membership_requests (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams (id),
  user_id bigint NOT NULL REFERENCES users (id),
  message text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('open', 'accepted', 'rejected', 'withdrawn')),
  decided_by bigint REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX team_membership_requests_open ON team_membership_requests (team_id, user_id) WHERE state = 'open';

CREATE TABLE team_invitations (
  id bigserial PRIMARY KEY,
  team_id bigint NOT NULL REFERENCES teams (id),
  user_id bigint NOT NULL REFERENCES users (id),
  invited_by bigint NOT NULL REFERENCES users (id),
  message text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('open', 'accepted', 'declined', 'revoked')),
  decided_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX team_invitations_open ON team_invitations (team_id, user_id) WHERE state = 'open';

CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id bigint,
  action text NOT NULL,
  target_type text,
  target_id text,
  details jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- Append-only for the application; the hash chain catches changes made around this trigger.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Outbound messages, written in the transaction of the change that causes them.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- What caused it, e.g. team.membership-requested; for filtering the outbox page.
  kind text NOT NULL,
  recipient text NOT NULL,
  recipient_user_id bigint REFERENCES users (id),
  subject text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_created ON outbox (created_at);

-- In-app notifications, written beside the email in the same transaction.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
