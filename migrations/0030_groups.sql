-- Managed groups, third-party allowlists, external account links and analysis runtimes (SPEC §9).
-- Authorization domains themselves live in authorization_domain_groups (0010).

-- A managed group is a principal (principals.kind = 'group'), so ACLs and authorization domains name it by id.
CREATE TABLE managed_groups (
  id bigint PRIMARY KEY REFERENCES principals (id),
  name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_-]{1,60}$'),
  description text NOT NULL DEFAULT '',
  -- When set, "request access" answers with these instead of emailing the admins.
  access_instructions text,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX managed_groups_name_key ON managed_groups (lower(name));

-- Direct members: users or other groups, as admin or member. Both roles count as membership (SPEC §9).
CREATE TABLE group_members (
  group_id bigint NOT NULL REFERENCES managed_groups (id),
  member_id bigint NOT NULL REFERENCES principals (id),
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  -- manual (an admin added it) or allowlist (the third-party sync did).
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'allowlist')),
  added_by bigint REFERENCES users (id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, member_id),
  CHECK (group_id <> member_id)
);
CREATE INDEX group_members_member ON group_members (member_id);

-- A member is a user or a managed group, and nesting never makes a cycle. The check runs under the write-order
-- lock (the one record_access_change takes), so two concurrent nestings cannot both pass.
CREATE FUNCTION group_members_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member_kind text;
BEGIN
  SELECT kind INTO member_kind FROM principals WHERE id = NEW.member_id;
  IF member_kind IS NULL OR member_kind NOT IN ('user', 'group') THEN
    RAISE EXCEPTION 'group member % is not a user or a managed group', NEW.member_id
      USING ERRCODE = '23514', CONSTRAINT = 'group_members_member_kind';
  END IF;
  IF member_kind = 'group' THEN
    PERFORM pg_advisory_xact_lock(727002);
    IF EXISTS (
      WITH RECURSIVE below (id) AS (
        SELECT NEW.member_id
        UNION
        SELECT m.member_id FROM group_members m JOIN below b ON m.group_id = b.id
      )
      SELECT 1 FROM below WHERE id = NEW.group_id
    ) THEN
      RAISE EXCEPTION 'adding group % to group % would make a cycle', NEW.member_id, NEW.group_id
        USING ERRCODE = '23514', CONSTRAINT = 'group_members_no_cycle';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER group_members_check BEFORE INSERT OR UPDATE OF group_id, member_id ON group_members
  FOR EACH ROW EXECUTE FUNCTION group_members_check();

-- The decision index mirrors groups and their members (docs/adr/0007). A role change is not logged: admin and
-- member count alike for decisions.
CREATE TRIGGER managed_groups_access_change AFTER INSERT ON managed_groups
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER group_members_access_change AFTER INSERT OR DELETE ON group_members
  FOR EACH ROW EXECUTE FUNCTION record_access_change();

-- A user's link to an account at a trusted external issuer (e.g. eRA Commons), proven by a signed assertion.
CREATE TABLE external_account_links (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  issuer text NOT NULL,
  external_id text NOT NULL,
  linked_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX external_account_links_user_issuer ON external_account_links (user_id, issuer);
-- One external account belongs to one Gatehouse user.
CREATE UNIQUE INDEX external_account_links_account ON external_account_links (issuer, lower(external_id));

-- A third-party group's allowlist: external account ids of one issuer, from a file, a URL or an upload.
CREATE TABLE group_allowlists (
  group_id bigint PRIMARY KEY REFERENCES managed_groups (id),
  issuer text NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('file', 'url', 'upload')),
  -- The file path or the URL; null for an upload.
  source text,
  -- Lower-cased external ids, as last read from the source.
  entries text[] NOT NULL DEFAULT '{}',
  -- When the entries were read; a list older than its validity counts as empty (fail closed).
  fetched_at timestamptz,
  validity_hours int NOT NULL CHECK (validity_hours > 0),
  last_fetch_attempt_at timestamptz,
  last_fetch_error text,
  last_sync_at timestamptz,
  configured_by bigint REFERENCES users (id),
  configured_at timestamptz NOT NULL
);

-- Analysis runtimes (VMs, notebooks) registered in a project by a user with COMPUTE there.
CREATE TABLE runtimes (
  id bigserial PRIMARY KEY,
  project_id bigint NOT NULL REFERENCES entities (id),
  user_id bigint NOT NULL REFERENCES users (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
  kind text NOT NULL CHECK (kind IN ('vm', 'notebook', 'other')),
  -- The orchestrator's own id for it.
  external_id text,
  status text NOT NULL CHECK (status IN ('running', 'stopping', 'stopped', 'stop_failed')),
  created_at timestamptz NOT NULL,
  stop_requested_at timestamptz,
  stop_requested_by bigint REFERENCES users (id),
  stop_reason text,
  stopped_at timestamptz,
  -- What the orchestrator answered to the last stop request: {delivered, status?, body?, error?, at}.
  orchestrator_result jsonb
);
CREATE INDEX runtimes_user ON runtimes (user_id, created_at);
CREATE INDEX runtimes_project ON runtimes (project_id, created_at);
