-- Data access requests (SPEC §8): request forms and their versions, the field template library, requests and
-- their submissions (each submission is a version with its answers, accessors and attachments), the approvals
-- each request granted, editable notification templates, and reminder bookkeeping.

-- The governance-maintained library of fields ACT adds to forms.
CREATE TABLE form_field_templates (
  id bigserial PRIMARY KEY,
  -- Stable key; a form field made from a template takes it (prefixed `t-`), so answers compare across versions.
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{0,59}$'),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  type text NOT NULL CHECK (type IN ('short-text', 'long-text', 'date', 'email', 'single-choice', 'multiple-choice',
    'yes-no', 'attachment', 'user-list')),
  optional boolean NOT NULL DEFAULT false,
  options jsonb NOT NULL DEFAULT '[]',
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL,
  -- Retired templates stay for the forms that use them; they are no longer offered.
  retired_at timestamptz
);

INSERT INTO form_field_templates (key, label, description, type, optional, options, created_at, modified_at) VALUES
  ('project-title', 'Project title', 'The title of the research project the data will be used for.', 'short-text', false, '[]', now(), now()),
  ('signing-official', 'Signing official', 'The person at your institution who may sign legal agreements on its behalf (name and title).', 'short-text', false, '[]', now(), now()),
  ('signing-official-email', 'Signing official email', 'Where ACT can reach the signing official.', 'email', false, '[]', now(), now()),
  ('data-security-plan', 'Data security plan', 'Where the data will be stored, who can reach it, and how it is protected.', 'long-text', false, '[]', now(), now()),
  ('irb-approval-date', 'IRB approval date', 'The date your institutional review board approved the project.', 'date', false, '[]', now(), now()),
  ('funding-source', 'Funding source', 'The grant or sponsor funding the project, if any.', 'short-text', true, '[]', now(), now()),
  ('research-area', 'Research area', 'The area that best describes the project.', 'single-choice', false,
    '["Disease research", "Methods development", "Population research", "Other"]', now(), now()),
  ('data-types', 'Data types needed', 'Every kind of data the project needs.', 'multiple-choice', false,
    '["Genomic", "Clinical", "Imaging", "Survey"]', now(), now()),
  ('commercial-use', 'Commercial use', 'Will the data or results be used for commercial purposes?', 'yes-no', false, '[]', now(), now()),
  ('publication-plan', 'Publication plan', 'How and where results will be published.', 'long-text', true, '[]', now(), now()),
  ('collaborators', 'Collaborators', 'Other registered users who collaborate on the project without accessing the data.', 'user-list', true, '[]', now(), now()),
  ('letter-of-support', 'Letter of support', 'A letter from your department supporting the project.', 'attachment', true, '[]', now(), now());

-- One form per ManagedACT access requirement; each change to a form that requests use makes a new version.
CREATE TABLE request_forms (
  access_requirement_id bigint PRIMARY KEY REFERENCES access_requirements (id),
  current_version int NOT NULL,
  etag text NOT NULL,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL
);

CREATE TABLE request_form_versions (
  access_requirement_id bigint NOT NULL REFERENCES request_forms (access_requirement_id),
  version int NOT NULL,
  instructions text NOT NULL DEFAULT '',
  -- Renewal reminders: days before expiry; the second is optional.
  reminder_days int NOT NULL DEFAULT 30 CHECK (reminder_days BETWEEN 1 AND 365),
  second_reminder_days int CHECK (second_reminder_days BETWEEN 1 AND 365),
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (access_requirement_id, version)
);

-- The fields ACT added to a form version. The fields always present (requestor, study lead, institution,
-- accessors, expiry, intended data use, DUC/IRB/other attachments) follow the AR's settings and are not stored.
CREATE TABLE request_form_fields (
  access_requirement_id bigint NOT NULL,
  form_version int NOT NULL,
  key text NOT NULL,
  position int NOT NULL,
  label text NOT NULL,
  description text NOT NULL DEFAULT '',
  type text NOT NULL CHECK (type IN ('short-text', 'long-text', 'date', 'email', 'single-choice', 'multiple-choice',
    'yes-no', 'attachment', 'user-list')),
  optional boolean NOT NULL DEFAULT false,
  options jsonb NOT NULL DEFAULT '[]',
  template_id bigint REFERENCES form_field_templates (id),
  PRIMARY KEY (access_requirement_id, form_version, key),
  FOREIGN KEY (access_requirement_id, form_version) REFERENCES request_form_versions (access_requirement_id, version)
);

-- A data access request: the requestor's working copy for one AR (one per requestor and AR). Its state is that
-- of its newest submission (DRAFT before the first). Renewals edit the working copy and submit it again.
CREATE TABLE data_access_requests (
  id bigserial PRIMARY KEY,
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  requestor_id bigint NOT NULL REFERENCES users (id),
  state text NOT NULL CHECK (state IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'REVOKED')),
  form_version int NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  accessor_ids bigint[] NOT NULL DEFAULT '{}',
  current_submission_id bigint,
  -- How many times it was submitted (its newest version number).
  version int NOT NULL DEFAULT 0,
  etag text NOT NULL,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL,
  UNIQUE (access_requirement_id, requestor_id)
);
CREATE INDEX data_access_requests_requestor ON data_access_requests (requestor_id);
CREATE INDEX data_access_requests_state ON data_access_requests (state);

-- Each submission is a version of its request, frozen: the form it answered, answers, accessors, attachments.
CREATE TABLE request_submissions (
  id bigserial PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES data_access_requests (id),
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  version int NOT NULL,
  state text NOT NULL CHECK (state IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'REVOKED')),
  form_version int NOT NULL,
  access_requirement_version int NOT NULL,
  -- The fields as the requestor saw them (always-present fields included), to show old versions as they were.
  fields jsonb NOT NULL,
  answers jsonb NOT NULL,
  accessor_ids bigint[] NOT NULL,
  -- Keys of the fields that differ from the previous submitted version.
  changed_fields text[] NOT NULL DEFAULT '{}',
  submitted_by bigint NOT NULL REFERENCES users (id),
  submitted_at timestamptz NOT NULL,
  -- The reviewer's decision; the state may move on later (APPROVED → EXPIRED or REVOKED).
  decision text CHECK (decision IN ('APPROVED', 'REJECTED')),
  decided_by bigint REFERENCES users (id),
  decided_at timestamptz,
  reason text,
  -- The approval email as sent (the reviewer may edit it).
  email_subject text,
  email_body text,
  expires_on timestamptz,
  closed_at timestamptz,
  UNIQUE (request_id, version)
);
CREATE INDEX request_submissions_requirement ON request_submissions (access_requirement_id, submitted_at);
CREATE INDEX request_submissions_state ON request_submissions (state, submitted_at);
CREATE INDEX request_submissions_decided ON request_submissions (decided_at) WHERE decision = 'APPROVED';

-- Files attached to a request (DUC, IRB approval, others). Referenced from the answers of attachment fields;
-- a submission keeps the ids it was submitted with, so attachments are never deleted once submitted.
CREATE TABLE request_attachments (
  id bigserial PRIMARY KEY,
  request_id bigint NOT NULL REFERENCES data_access_requests (id),
  field_key text NOT NULL,
  blob_id bigint NOT NULL REFERENCES blobs (id),
  uploaded_by bigint NOT NULL REFERENCES users (id),
  uploaded_at timestamptz NOT NULL,
  -- Removed from the working copy; kept while a submission refers to it.
  removed_at timestamptz
);
CREATE INDEX request_attachments_request ON request_attachments (request_id);

-- The approvals a request granted: one live approval per accessor, renewed in place by a later approval.
CREATE TABLE request_approvals (
  approval_id bigint PRIMARY KEY REFERENCES approvals (id),
  request_id bigint NOT NULL REFERENCES data_access_requests (id),
  accessor_id bigint NOT NULL REFERENCES users (id),
  -- The submission that granted it and the one that last renewed it.
  granted_by_submission_id bigint NOT NULL REFERENCES request_submissions (id),
  submission_id bigint NOT NULL REFERENCES request_submissions (id),
  approved_by bigint NOT NULL REFERENCES users (id),
  approved_at timestamptz NOT NULL
);
CREATE INDEX request_approvals_request ON request_approvals (request_id);

-- Reminder bookkeeping: one row per approval, period (its expiry at the time) and stage. The primary key is
-- what guarantees a reminder is never sent twice, whatever the number of processes.
CREATE TABLE request_reminders (
  approval_id bigint NOT NULL REFERENCES approvals (id),
  period_expires_on timestamptz NOT NULL,
  stage int NOT NULL CHECK (stage IN (1, 2)),
  request_id bigint NOT NULL REFERENCES data_access_requests (id),
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (approval_id, period_expires_on, stage)
);

-- Notification templates ACT edits; placeholders like {{arName}} are filled in when a notice is sent.
CREATE TABLE request_notification_templates (
  kind text PRIMARY KEY CHECK (kind IN ('submitted', 'approved', 'rejected', 'cancelled', 'reminder', 'expired', 'revoked', 'removed')),
  subject text NOT NULL,
  body text NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL
);

INSERT INTO request_notification_templates (kind, subject, body, modified_at) VALUES
  ('submitted', '{{requestorName}} requested access to {{arName}}',
   E'{{requestorName}} ({{requestorUsername}}) has requested access to {{arName}} (version {{version}} of request {{requestId}}).\n\nReview it here: {{reviewLink}}', now()),
  ('approved', 'Your request for {{arName}} was approved',
   E'The Access and Compliance Team has approved the request of {{requestorName}} for use of {{arName}}.\n\nAccessors: {{accessors}}\nAccess expires: {{expiresOn}}\n\nTo use this data you must adhere to its terms of use:\n{{terms}}\n\nThe data can be accessed here: {{datasetLinks}}', now()),
  ('rejected', 'Your request for {{arName}} was rejected',
   E'The Access and Compliance Team has rejected your request for use of {{arName}}.\n\nReason: {{reason}}\n\nTo submit the request again, update it here: {{requestLink}}', now()),
  ('cancelled', '{{requestorName}} cancelled the request for {{arName}}',
   E'{{requestorName}} ({{requestorUsername}}) cancelled version {{version}} of request {{requestId}} for {{arName}}; it no longer needs review.\n\n{{reviewLink}}', now()),
  ('reminder', 'Access to {{arName}} expires on {{expiresOn}}',
   E'Access to {{arName}} granted by the request of {{requestorName}} expires on {{expiresOn}} ({{daysLeft}} days from now).\n\nTo keep access, update and resubmit the request before then: {{requestLink}}', now()),
  ('expired', 'Access to {{arName}} has expired',
   E'The request of {{requestorName}} for {{arName}} has expired, and the access it granted ({{accessors}}) is revoked.\n\nTo regain access, update and resubmit the request: {{requestLink}}', now()),
  ('revoked', 'Access to {{arName}} was revoked',
   E'The Access and Compliance Team revoked the access granted by the request of {{requestorName}} for {{arName}}.\n\nReason: {{reason}}', now()),
  ('removed', 'Your access to {{arName}} has ended',
   E'{{requestorName}} removed you from the accessors of their request for {{arName}}, so your access to the data has ended.', now());
