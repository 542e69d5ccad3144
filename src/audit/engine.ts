/**
 * Where the audit's SQL runs (SPEC §11 "Scale"): the operational PostgreSQL (or PGlite), or DuckDB over the
 * Parquet export. The queries are written once, in SQL both engines run: parameters `$1…` with explicit casts
 * (`$1::timestamptz`), no jsonb operators, arrays only through `unnest`; the column `at` quoted (`s."at"`): it is
 * a keyword in DuckDB.
 */
export interface AuditEngine {
  readonly kind: 'postgres' | 'duckdb';
  /** Runs one statement; ids and counts come back as numbers, timestamps as Date, booleans as booleans. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close?(): Promise<void>;
}

/**
 * Every table and column the audit's queries read (src/audit/queries/), so that the Parquet export writes exactly
 * these and DuckDB runs the same SQL. Keep in step with the queries: a column missing here fails on DuckDB only.
 */
export const AUDIT_TABLES: Readonly<Record<string, readonly string[]>> = {
  entity_snapshots: ['id', 'at', 'actor_id', 'entity_id', 'version', 'name', 'type', 'parent_id', 'project_id', 'benefactor_id',
    'in_trash', 'is_public', 'is_restricted', 'is_controlled', 'effective_access_requirements'],
  download_records: ['id', 'at', 'user_id', 'entity_id', 'version', 'bytes', 'project_id', 'client', 'result'],
  user_tier_events: ['id', 'user_id', 'tier', 'change', 'how', 'actor_id', 'at'],
  approval_events: ['id', 'at', 'approval_id', 'access_requirement_id', 'access_requirement_version', 'accessor_id', 'state',
    'expires_on', 'source', 'actor_id', 'change'],
  access_requirement_snapshots: ['id', 'at', 'actor_id', 'access_requirement_id', 'version', 'type', 'name', 'terms', 'settings'],
  access_requirement_acl: ['access_requirement_id', 'principal_id', 'access_types'],
  acl_snapshots: ['id', 'at', 'entity_id', 'entries'],
  file_versions: ['entity_id', 'version', 'blob_id'],
  blobs: ['id', 'md5', 'size'],
  egress_incidents: ['id', 'user_id', 'project_id', 'first_event_at', 'last_event_at', 'bytes', 'state'],
  users: ['id', 'username', 'display_name', 'is_certified', 'is_validated', 'totp_enabled_at'],
  access_requirements: ['id', 'type', 'settings'],
  entities: ['id', 'name', 'description', 'type', 'parent_id', 'project_id', 'created_by', 'modified_by'],
  team_members: ['team_id', 'user_id', 'added_at'],
  teams: ['id', 'name'],
};
