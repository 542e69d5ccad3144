-- Entities, ACLs, access requirements, approvals, the records of SPEC §11, and the access change log.

ALTER TABLE users ADD COLUMN egress_suspended_until timestamptz;

CREATE SEQUENCE entity_id_seq START 100;

CREATE TABLE entities (
  id bigint PRIMARY KEY DEFAULT nextval('entity_id_seq'),
  parent_id bigint REFERENCES entities (id),
  type text NOT NULL CHECK (type IN ('project', 'folder', 'file')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
  description text NOT NULL DEFAULT '',
  -- The top ancestor; kept on every move so that records and audits can group by project.
  project_id bigint NOT NULL,
  data_type text NOT NULL DEFAULT 'SENSITIVE_DATA' CHECK (data_type IN ('SENSITIVE_DATA', 'OPEN_DATA')),
  -- SPEC §10: row-level or summary data; null inherits from the parent.
  data_class text CHECK (data_class IN ('row-level', 'summary')),
  -- Set on the entity that was moved to the trash; its descendants are in the trash through it.
  trashed_at timestamptz,
  trashed_by bigint REFERENCES users (id),
  current_version int,
  etag text NOT NULL,
  created_by bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  modified_by bigint NOT NULL REFERENCES users (id),
  modified_at timestamptz NOT NULL,
  CHECK ((type = 'project') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX entities_sibling_name ON entities (coalesce(parent_id, 0), lower(name));
CREATE INDEX entities_parent ON entities (parent_id);
CREATE INDEX entities_project ON entities (project_id);

CREATE TABLE file_versions (
  entity_id bigint NOT NULL REFERENCES entities (id),
  version int NOT NULL,
  blob_id bigint NOT NULL REFERENCES blobs (id),
  comment text NOT NULL DEFAULT '',
  created_by bigint NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (entity_id, version)
);
CREATE INDEX file_versions_blob ON file_versions (blob_id);

-- An entity with a row here has its own ACL (it is a benefactor); projects always have one.
CREATE TABLE acls (
  entity_id bigint PRIMARY KEY REFERENCES entities (id),
  etag text NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL
);
CREATE TABLE acl_entries (
  entity_id bigint NOT NULL REFERENCES acls (entity_id) ON DELETE CASCADE,
  principal_id bigint NOT NULL REFERENCES principals (id),
  access_types text[] NOT NULL CHECK (cardinality(access_types) > 0),
  PRIMARY KEY (entity_id, principal_id)
);
CREATE INDEX acl_entries_principal ON acl_entries (principal_id);

CREATE SEQUENCE access_requirement_id_seq START 9600000;
CREATE TABLE access_requirements (
  id bigint PRIMARY KEY DEFAULT nextval('access_requirement_id_seq'),
  type text NOT NULL CHECK (type IN ('TermsOfUse', 'SelfSign', 'ManagedACT', 'Lock')),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock).
  terms text NOT NULL DEFAULT '',
  -- Type-specific settings (certifiedRequired, validatedRequired, requires2fa, expirationDays, …).
  settings jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  etag text NOT NULL,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL,
  deleted_at timestamptz
);
-- Every version an AR has had, the current one included (the previous text is kept, SPEC §4).
CREATE TABLE access_requirement_versions (
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  version int NOT NULL,
  type text NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  terms text NOT NULL,
  settings jsonb NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL,
  PRIMARY KEY (access_requirement_id, version)
);
CREATE TABLE access_requirement_subjects (
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  subject_type text NOT NULL CHECK (subject_type IN ('entity', 'team')),
  subject_id bigint NOT NULL,
  bound_by bigint REFERENCES users (id),
  bound_at timestamptz NOT NULL,
  PRIMARY KEY (access_requirement_id, subject_type, subject_id)
);
CREATE INDEX access_requirement_subjects_subject ON access_requirement_subjects (subject_type, subject_id);
CREATE TABLE access_requirement_acl (
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  principal_id bigint NOT NULL REFERENCES principals (id),
  access_types text[] NOT NULL CHECK (cardinality(access_types) > 0
    AND access_types <@ ARRAY['REVIEW_SUBMISSIONS', 'EXEMPTION_ELIGIBLE']),
  PRIMARY KEY (access_requirement_id, principal_id)
);

CREATE TABLE approvals (
  id bigserial PRIMARY KEY,
  access_requirement_id bigint NOT NULL REFERENCES access_requirements (id),
  accessor_id bigint NOT NULL REFERENCES users (id),
  submitter_id bigint NOT NULL REFERENCES users (id),
  access_requirement_version int NOT NULL,
  state text NOT NULL CHECK (state IN ('APPROVED', 'REVOKED')),
  expires_on timestamptz,
  -- How it was granted: self (click-wrap), act (granted directly), request (a data access request).
  source text NOT NULL DEFAULT 'act',
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL,
  modified_by bigint REFERENCES users (id),
  modified_at timestamptz NOT NULL,
  revoked_reason text
);
CREATE INDEX approvals_requirement_accessor ON approvals (access_requirement_id, accessor_id);
CREATE INDEX approvals_accessor ON approvals (accessor_id);
CREATE INDEX approvals_expiry ON approvals (expires_on) WHERE state = 'APPROVED';

-- The managed groups a project's authorization domain requires (SPEC §9); add-only.
CREATE TABLE authorization_domain_groups (
  project_id bigint NOT NULL REFERENCES entities (id),
  group_id bigint NOT NULL REFERENCES principals (id),
  added_by bigint REFERENCES users (id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, group_id)
);

-- The download list ("cart").
CREATE TABLE download_list (
  user_id bigint NOT NULL REFERENCES users (id),
  entity_id bigint NOT NULL REFERENCES entities (id),
  version int,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, entity_id)
);

-- Records for the audits (SPEC §11).
CREATE TABLE download_records (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id bigint REFERENCES users (id),
  entity_id bigint NOT NULL,
  version int,
  blob_id bigint,
  bytes bigint NOT NULL DEFAULT 0,
  project_id bigint,
  client text NOT NULL DEFAULT '',
  -- served, denied, or failed (the stream broke off).
  result text NOT NULL,
  rule text
);
CREATE INDEX download_records_user ON download_records (user_id, at);
CREATE INDEX download_records_entity ON download_records (entity_id, at);
CREATE INDEX download_records_at ON download_records (at);

CREATE TABLE decision_denials (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id bigint,
  entity_id bigint NOT NULL,
  action text NOT NULL,
  rule text NOT NULL,
  message text NOT NULL
);
CREATE INDEX decision_denials_at ON decision_denials (at);

CREATE TABLE entity_snapshots (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  change text NOT NULL,
  actor_id bigint,
  entity_id bigint NOT NULL,
  version int,
  name text NOT NULL,
  type text NOT NULL,
  parent_id bigint,
  project_id bigint NOT NULL,
  benefactor_id bigint NOT NULL,
  data_type text NOT NULL,
  in_trash boolean NOT NULL,
  is_public boolean NOT NULL,
  is_restricted boolean NOT NULL,
  is_controlled boolean NOT NULL,
  effective_access_requirements bigint[] NOT NULL,
  authorization_domain bigint[] NOT NULL,
  created_at timestamptz NOT NULL,
  modified_at timestamptz NOT NULL
);
CREATE INDEX entity_snapshots_entity ON entity_snapshots (entity_id, at);
CREATE INDEX entity_snapshots_at ON entity_snapshots (at);

CREATE TABLE acl_snapshots (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id bigint,
  entity_id bigint NOT NULL,
  -- null when the ACL was removed (inheritance restored).
  entries jsonb
);
CREATE INDEX acl_snapshots_entity ON acl_snapshots (entity_id, at);

CREATE TABLE access_requirement_snapshots (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  change text NOT NULL,
  actor_id bigint,
  access_requirement_id bigint NOT NULL,
  version int NOT NULL,
  type text NOT NULL,
  name text NOT NULL,
  terms text NOT NULL,
  settings jsonb NOT NULL,
  subjects jsonb NOT NULL
);
CREATE INDEX access_requirement_snapshots_ar ON access_requirement_snapshots (access_requirement_id, at);

-- The access change log (docs/adr/0007-decision-consistency.md). Every write to a table the decision index
-- mirrors adds a row here in the same transaction, through the triggers below. seq has no gaps and follows
-- commit order because it is taken under the write-order lock (the audit log's lock), held until commit.
CREATE TABLE access_changes (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  tbl text NOT NULL,
  op text NOT NULL,
  row jsonb
);

CREATE FUNCTION access_image(tbl text, r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  -- The columns the decision index reads; a write that changes none of them is not logged.
  SELECT CASE tbl
    WHEN 'entities' THEN jsonb_build_object('id', r->'id', 'parent_id', r->'parent_id', 'type', r->'type',
      'data_type', r->'data_type', 'trashed', r->'trashed_at' <> 'null'::jsonb, 'created_by', r->'created_by')
    WHEN 'users' THEN jsonb_build_object('id', r->'id', 'status', r->'status', 'is_certified', r->'is_certified',
      'is_validated', r->'is_validated', 'has_2fa', r->'totp_enabled_at' <> 'null'::jsonb,
      'terms_version', r->'terms_version', 'egress_suspended_until', r->'egress_suspended_until')
    WHEN 'access_requirements' THEN jsonb_build_object('id', r->'id', 'type', r->'type', 'settings', r->'settings',
      'deleted', r->'deleted_at' <> 'null'::jsonb)
    WHEN 'teams' THEN jsonb_build_object('id', r->'id')
    WHEN 'platform_terms' THEN jsonb_build_object('version', r->'version', 'published_at', r->'published_at')
    ELSE r
  END
$$;

CREATE FUNCTION record_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  image jsonb;
BEGIN
  IF TG_OP = 'DELETE' THEN
    image := access_image(TG_TABLE_NAME, to_jsonb(OLD));
  ELSE
    image := access_image(TG_TABLE_NAME, to_jsonb(NEW));
    IF TG_OP = 'UPDATE' AND image = access_image(TG_TABLE_NAME, to_jsonb(OLD)) THEN
      RETURN NULL;
    END IF;
  END IF;
  PERFORM pg_advisory_xact_lock(727002);
  INSERT INTO access_changes (seq, tbl, op, row)
    SELECT coalesce(max(seq), 0) + 1, TG_TABLE_NAME, TG_OP, image FROM access_changes;
  RETURN NULL;
END;
$$;

CREATE TRIGGER entities_access_change AFTER INSERT OR UPDATE OR DELETE ON entities
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER acls_access_change AFTER INSERT OR DELETE ON acls
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER acl_entries_access_change AFTER INSERT OR UPDATE OR DELETE ON acl_entries
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER access_requirements_access_change AFTER INSERT OR UPDATE OR DELETE ON access_requirements
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER access_requirement_subjects_access_change AFTER INSERT OR UPDATE OR DELETE ON access_requirement_subjects
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER access_requirement_acl_access_change AFTER INSERT OR UPDATE OR DELETE ON access_requirement_acl
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER approvals_access_change AFTER INSERT OR UPDATE OR DELETE ON approvals
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER team_members_access_change AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER users_access_change AFTER INSERT OR UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER teams_access_change AFTER INSERT ON teams
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER authorization_domain_groups_access_change AFTER INSERT OR DELETE ON authorization_domain_groups
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER platform_terms_access_change AFTER INSERT OR UPDATE OR DELETE ON platform_terms
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
