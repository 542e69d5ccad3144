-- Data access requests, round 2 (issue 14): returning a submission for changes (RETURNED), remarks on a request
-- (private to reviewers or visible to the requestor, with attachments), decisions the system takes by an AR's
-- rule, and a new request after a revoked one (copy as new).

ALTER TABLE data_access_requests DROP CONSTRAINT data_access_requests_state_check;
ALTER TABLE data_access_requests ADD CONSTRAINT data_access_requests_state_check
  CHECK (state IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'REVOKED', 'RETURNED'));
ALTER TABLE request_submissions DROP CONSTRAINT request_submissions_state_check;
ALTER TABLE request_submissions ADD CONSTRAINT request_submissions_state_check
  CHECK (state IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'REVOKED', 'RETURNED'));

-- One working copy per requestor and AR, except revoked ones: after a revocation the requestor starts anew
-- (and a block, if ACT set one, refuses that new request at submission).
ALTER TABLE data_access_requests DROP CONSTRAINT data_access_requests_access_requirement_id_requestor_id_key;
CREATE UNIQUE INDEX data_access_requests_open ON data_access_requests (access_requirement_id, requestor_id) WHERE state <> 'REVOKED';
CREATE INDEX data_access_requests_requirement ON data_access_requests (access_requirement_id, requestor_id);

-- Who returned a submission and when (the comment is its reason and a remark of the thread); the rule of a
-- decision the system took (decided_by is then NULL).
ALTER TABLE request_submissions ADD COLUMN returned_by bigint REFERENCES users (id);
ALTER TABLE request_submissions ADD COLUMN returned_at timestamptz;
ALTER TABLE request_submissions ADD COLUMN decided_rule text CHECK (decided_rule IN ('APPROVE_WHEN_VALIDATED', 'REJECT_WHEN_BLOCKED'));
-- An approval granted by the system's rule has no approving user.
ALTER TABLE request_approvals ALTER COLUMN approved_by DROP NOT NULL;

-- The thread of a request: remarks of reviewers and ACT (private: reviewers only; visible: the requestor too),
-- the comments of returns, and the requestor's answers to visible remarks.
CREATE TABLE request_remarks (
  id bigserial PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES data_access_requests (id) ON DELETE CASCADE,
  -- The version it was written on (NULL on a draft never submitted).
  submission_id bigint REFERENCES request_submissions (id),
  kind text NOT NULL CHECK (kind IN ('remark', 'return', 'answer')),
  visibility text NOT NULL CHECK (visibility IN ('private', 'visible')),
  reply_to bigint REFERENCES request_remarks (id) ON DELETE CASCADE,
  author_id bigint NOT NULL REFERENCES users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  created_at timestamptz NOT NULL
);
CREATE INDEX request_remarks_request ON request_remarks (request_id, id);

-- A file attached to a remark rather than to a field of the form.
ALTER TABLE request_attachments ADD COLUMN remark_id bigint REFERENCES request_remarks (id) ON DELETE CASCADE;

ALTER TABLE request_notification_templates DROP CONSTRAINT request_notification_templates_kind_check;
ALTER TABLE request_notification_templates ADD CONSTRAINT request_notification_templates_kind_check
  CHECK (kind IN ('submitted', 'approved', 'rejected', 'cancelled', 'reminder', 'expired', 'revoked', 'removed', 'returned', 'remark'));
INSERT INTO request_notification_templates (kind, subject, body, modified_at) VALUES
  ('returned', 'Your request for {{arName}} was returned for changes',
   E'{{reviewerName}} returned your request for {{arName}} (version {{version}}) so that you can change it. It was not rejected.\n\nWhat to change: {{reason}}\n\nEdit and resubmit it here: {{requestLink}}', now()),
  ('remark', '{{authorName}} wrote about the request for {{arName}}',
   E'{{authorName}} wrote about the request of {{requestorName}} for {{arName}}:\n\n{{remark}}\n\nRead and answer it here: {{remarkLink}}', now());
