-- Signed-in callers are resolved from memory (docs/adr/0011): the access change log now also carries what
-- invalidates a cached caller — a token revoked or deleted, a session ended, a user's name or email changed.

CREATE OR REPLACE FUNCTION access_image(tbl text, r jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  -- The columns the decision index and the caller cache read; a write that changes none of them is not logged.
  SELECT CASE tbl
    WHEN 'entities' THEN jsonb_build_object('id', r->'id', 'parent_id', r->'parent_id', 'type', r->'type',
      'data_type', r->'data_type', 'trashed', r->'trashed_at' <> 'null'::jsonb, 'created_by', r->'created_by')
    WHEN 'users' THEN jsonb_build_object('id', r->'id', 'status', r->'status', 'is_certified', r->'is_certified',
      'is_validated', r->'is_validated', 'has_2fa', r->'totp_enabled_at' <> 'null'::jsonb,
      'terms_version', r->'terms_version', 'egress_suspended_until', r->'egress_suspended_until',
      'username', r->'username', 'email', r->'email', 'display_name', r->'display_name')
    WHEN 'access_requirements' THEN jsonb_build_object('id', r->'id', 'type', r->'type', 'settings', r->'settings',
      'deleted', r->'deleted_at' <> 'null'::jsonb)
    WHEN 'teams' THEN jsonb_build_object('id', r->'id')
    WHEN 'platform_terms' THEN jsonb_build_object('version', r->'version', 'published_at', r->'published_at')
    WHEN 'access_tokens' THEN jsonb_build_object('token_hash', r->'token_hash', 'user_id', r->'user_id',
      'revoked', r->'revoked_at' <> 'null'::jsonb, 'expires_at', r->'expires_at')
    WHEN 'sessions' THEN jsonb_build_object('id', r->'id', 'user_id', r->'user_id')
    ELSE r
  END
$$;

CREATE TRIGGER access_tokens_access_change AFTER UPDATE OR DELETE ON access_tokens
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
CREATE TRIGGER sessions_access_change AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION record_access_change();
