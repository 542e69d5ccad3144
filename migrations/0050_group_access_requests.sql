-- Open requests for access to a managed group: one per user and group, kept until the user is added (by an admin
-- or an allowlist) or an admin dismisses it. Asking again while one is open tells nobody again. What happened to
-- each request is in the audit log.
CREATE TABLE group_access_requests (
  group_id bigint NOT NULL REFERENCES managed_groups (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id),
  message text NOT NULL DEFAULT '',
  requested_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
