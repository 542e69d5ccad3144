-- Triage of audit findings (SPEC §11; src/audit/README.md "Triage"): each project's community manager, the
-- contact templates ACT edits (every version kept), and the governance incident log.

-- A project's community manager (the seed names one per portal); at most one per project.
CREATE TABLE project_community_managers (
  project_id bigint PRIMARY KEY REFERENCES entities (id),
  user_id bigint NOT NULL REFERENCES users (id),
  set_by bigint REFERENCES users (id),
  set_at timestamptz NOT NULL
);

-- The emails ACT sends from a finding, by key; each edit is a new version, the newest in force.
CREATE TABLE audit_contact_templates (
  key text NOT NULL,
  version int NOT NULL CHECK (version > 0),
  subject text NOT NULL,
  body text NOT NULL,
  changed_by bigint REFERENCES users (id),
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (key, version)
);

INSERT INTO audit_contact_templates (key, version, subject, body, changed_by, changed_at) VALUES
('top-downloader', 1, 'Gatehouse security audit: please confirm your account activity',
'Dear {name},

Your Gatehouse account was identified during the routine security audit of {period} as having downloaded a large number of files. This may be expected from the way you use Gatehouse, or it may mean that your account has been compromised or shared.

Please reply to this email to confirm that you are not aware of any breach of your Gatehouse credentials and that you have not shared them with anyone else.

Thank you,
{auditor}, Access and Compliance Team', NULL, now()),
('anomaly-project-owner', 1, 'Gatehouse security audit: files in {project} flagged for review',
'Dear {name},

You are an owner of the project {project}. During the regular security audit of {period}, the following files were identified as anomalies:

{entities}

Please reply to this email to tell us whether these access changes were intended. If they were not, we will help you restore the right restrictions.

Thank you,
{auditor}, Access and Compliance Team', NULL, now()),
('anomaly-community-manager', 1, 'Gatehouse security audit: files in {project} flagged for review',
'Dear {name},

As the community manager of {project}, we are letting you know that the following files were identified as anomalies during the regular security audit of {period}:

{entities}

Please reply to this email to tell us whether these changes were intended, or whether the project''s owners should be contacted to restore the right restrictions.

Thank you,
{auditor}, Access and Compliance Team', NULL, now()),
('anomaly-user', 1, 'Gatehouse security audit: activity on your account',
'Dear {name},

During the regular security audit of {period}, activity of your Gatehouse account on {entities} was identified as an anomaly.

Please reply to this email to explain this activity, and to confirm that you have not shared your Gatehouse credentials with anyone else.

Thank you,
{auditor}, Access and Compliance Team', NULL, now());

-- The governance incident log: raised from one or more findings, closed with a resolution. When a ticket webhook
-- is configured, ticket_outbox_id is the outbox message that posts it (its delivery state is the ticket's).
CREATE TABLE governance_incidents (
  id bigserial PRIMARY KEY,
  finding_ids bigint[] NOT NULL CHECK (cardinality(finding_ids) > 0),
  title text NOT NULL,
  description text NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  opened_by bigint NOT NULL REFERENCES users (id),
  opened_at timestamptz NOT NULL,
  closed_by bigint REFERENCES users (id),
  closed_at timestamptz,
  resolution text,
  ticket_outbox_id bigint REFERENCES outbox (id),
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX governance_incidents_opened ON governance_incidents (opened_at DESC);
