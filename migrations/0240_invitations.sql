-- Invitations by email (SPEC §8; src/requests/invitations.ts): a requestor invites an accessor to a request, or
-- ACT invites an external reviewer for one request or for every request of one AR. The link's token is stored as
-- its SHA-256 only: the email (in the outbox) is the one place it is written in full. A draft deleted takes its
-- invitations with it (the audit log keeps what happened).
CREATE TABLE request_invitations (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('accessor', 'reviewer')),
  token_sha256 text NOT NULL UNIQUE,
  email text NOT NULL,
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  -- The request it is about; null for a reviewer invited for every request of the AR.
  request_id bigint REFERENCES data_access_requests (id) ON DELETE CASCADE,
  invited_by bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_by bigint REFERENCES users (id),
  accepted_at timestamptz,
  withdrawn_by bigint REFERENCES users (id),
  withdrawn_at timestamptz,
  CHECK (kind = 'reviewer' OR request_id IS NOT NULL)
);
CREATE INDEX request_invitations_request ON request_invitations (request_id);
CREATE INDEX request_invitations_requirement ON request_invitations (access_requirement_id);

-- Who reviews because they accepted a reviewer invitation: for one request, or (request_id null) for every
-- request of the AR. Ended when ACT withdraws the accepted invitation.
CREATE TABLE invited_reviewers (
  invitation_id bigint PRIMARY KEY REFERENCES request_invitations (id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users (id),
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  request_id bigint REFERENCES data_access_requests (id) ON DELETE CASCADE,
  granted_at timestamptz NOT NULL,
  ended_at timestamptz,
  ended_by bigint REFERENCES users (id)
);
CREATE INDEX invited_reviewers_user ON invited_reviewers (user_id, access_requirement_id) WHERE ended_at IS NULL;
