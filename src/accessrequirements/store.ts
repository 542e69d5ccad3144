import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import { restrictionLevelOf, type AccessRequirementAccessType, type AccessRequirementType, type RestrictionLevel } from '../decisions/model.js';

/**
 * The SQL of access requirements, their versions, bindings, ACLs and approvals, with the JSON views the API
 * answers with. Writes live in the use cases; this file reads.
 */

export type SubjectType = 'entity' | 'team';

export interface SubjectRef {
  type: SubjectType;
  id: number;
}

export interface ArRow {
  id: number;
  type: AccessRequirementType;
  name: string;
  description: string;
  terms: string;
  settings: Record<string, unknown>;
  version: number;
  etag: string;
  created_by: number | null;
  created_at: Date;
  modified_by: number | null;
  modified_at: Date;
}

export const AR_COLUMNS = 'id, type, name, description, terms, settings, version, etag, created_by, created_at, modified_by, modified_at';

export interface AccessRequirementView {
  id: number;
  type: AccessRequirementType;
  name: string;
  description: string;
  terms: string;
  settings: Record<string, unknown>;
  version: number;
  etag: string;
  subjects: SubjectView[];
  createdBy: number | null;
  createdOn: string;
  modifiedBy: number | null;
  modifiedOn: string;
  restrictionLevel: RestrictionLevel;
}

/** A binding as the API shows it: the name (and, for an entity, its path) only where the caller may see them. */
export type SubjectView = ({ type: 'entity'; id: string } | { type: 'team'; id: number }) & { name?: string | null; path?: string | null };

export const subjectJson = (s: SubjectRef) =>
  s.type === 'entity' ? { type: 'entity' as const, id: formatEntityId(s.id) } : { type: 'team' as const, id: s.id };

/** A live (not deleted) AR; `lock` takes a row lock for an update in the current transaction. */
export async function findRequirement(sql: Sql, id: number, opts: { lock?: boolean } = {}): Promise<ArRow | null> {
  return sql.maybeOne<ArRow>(
    `SELECT ${AR_COLUMNS} FROM access_requirements WHERE id = $1 AND deleted_at IS NULL${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
}

export async function subjectsOf(sql: Sql, ids: readonly number[]): Promise<Map<number, SubjectRef[]>> {
  const rows = await sql.query<{ access_requirement_id: number; subject_type: SubjectType; subject_id: number }>(
    `SELECT access_requirement_id, subject_type, subject_id FROM access_requirement_subjects
     WHERE access_requirement_id = ANY ($1::bigint[]) ORDER BY subject_type, subject_id`,
    [ids],
  );
  const map = new Map<number, SubjectRef[]>();
  for (const r of rows) {
    const list = map.get(r.access_requirement_id) ?? [];
    list.push({ type: r.subject_type, id: r.subject_id });
    map.set(r.access_requirement_id, list);
  }
  return map;
}

export interface SubjectName {
  type: SubjectType;
  id: number;
  name: string;
  /** Entities: the names of its ancestors, the project first, joined by " / " (empty for a project). */
  path: string;
}

/** The names of bound entities (with the path above each) and teams, in one query. */
export async function subjectNames(sql: Sql, subjects: readonly SubjectRef[]): Promise<SubjectName[]> {
  const entityIds = subjects.filter((s) => s.type === 'entity').map((s) => s.id);
  const teamIds = subjects.filter((s) => s.type === 'team').map((s) => s.id);
  if (entityIds.length === 0 && teamIds.length === 0) return [];
  const rows = await sql.query<{ type: SubjectType; id: number; name: string; path: string }>(
    `WITH RECURSIVE up AS (
       SELECT id AS start, id, parent_id, 0 AS level FROM entities WHERE id = ANY ($1::bigint[])
       UNION ALL
       SELECT up.start, e.id, e.parent_id, up.level + 1 FROM entities e JOIN up ON e.id = up.parent_id
     )
     SELECT 'entity' AS type, s.id, s.name,
            COALESCE((SELECT string_agg(a.name, ' / ' ORDER BY up.level DESC) FROM up JOIN entities a ON a.id = up.id
                      WHERE up.start = s.id AND up.level > 0), '') AS path
     FROM entities s WHERE s.id = ANY ($1::bigint[])
     UNION ALL
     SELECT 'team' AS type, t.id, t.name, '' AS path FROM teams t WHERE t.id = ANY ($2::bigint[])`,
    [entityIds, teamIds],
  );
  return rows.map((r) => ({ type: r.type, id: Number(r.id), name: r.name, path: r.path }));
}

export async function views(sql: Sql, rows: readonly ArRow[]): Promise<AccessRequirementView[]> {
  const subjects = await subjectsOf(sql, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    name: r.name,
    description: r.description,
    terms: r.terms,
    settings: r.settings,
    version: r.version,
    etag: r.etag,
    subjects: (subjects.get(r.id) ?? []).map(subjectJson),
    createdBy: r.created_by,
    createdOn: r.created_at.toISOString(),
    modifiedBy: r.modified_by,
    modifiedOn: r.modified_at.toISOString(),
    restrictionLevel: restrictionLevelOf(r.type),
  }));
}

export async function view(sql: Sql, row: ArRow): Promise<AccessRequirementView> {
  return (await views(sql, [row]))[0];
}

export interface RequirementFilter {
  type?: AccessRequirementType;
  subject?: SubjectRef;
  limit: number;
  offset: number;
}

export async function listRequirements(sql: Sql, filter: RequirementFilter): Promise<{ items: AccessRequirementView[]; total: number }> {
  const where = ['ar.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.type) {
    params.push(filter.type);
    where.push(`ar.type = $${params.length}`);
  }
  if (filter.subject) {
    params.push(filter.subject.type, filter.subject.id);
    where.push(`EXISTS (SELECT 1 FROM access_requirement_subjects s WHERE s.access_requirement_id = ar.id
      AND s.subject_type = $${params.length - 1} AND s.subject_id = $${params.length})`);
  }
  const clause = where.join(' AND ');
  const { total } = await sql.one<{ total: number }>(`SELECT count(*)::int AS total FROM access_requirements ar WHERE ${clause}`, params);
  const rows = await sql.query<ArRow>(
    `SELECT ${AR_COLUMNS} FROM access_requirements ar WHERE ${clause} ORDER BY id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: await views(sql, rows), total };
}

export async function requirementsByIds(sql: Sql, ids: readonly number[]): Promise<AccessRequirementView[]> {
  const rows = await sql.query<ArRow>(
    `SELECT ${AR_COLUMNS} FROM access_requirements WHERE id = ANY ($1::bigint[]) AND deleted_at IS NULL ORDER BY id`,
    [ids],
  );
  return views(sql, rows);
}

// ---- Versions -------------------------------------------------------------------------------------------

interface VersionRow {
  version: number;
  type: AccessRequirementType;
  name: string;
  description: string;
  terms: string;
  settings: Record<string, unknown>;
  modified_by: number | null;
  modified_at: Date;
}

export async function insertVersion(sql: Sql, row: ArRow): Promise<void> {
  await sql.query(
    `INSERT INTO access_requirement_versions (access_requirement_id, version, type, name, description, terms, settings, modified_by, modified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [row.id, row.version, row.type, row.name, row.description, row.terms, JSON.stringify(row.settings), row.modified_by, row.modified_at],
  );
}

export async function listVersions(sql: Sql, id: number, slice: { limit: number; offset: number }) {
  const { total } = await sql.one<{ total: number }>(
    'SELECT count(*)::int AS total FROM access_requirement_versions WHERE access_requirement_id = $1',
    [id],
  );
  const rows = await sql.query<VersionRow>(
    `SELECT version, type, name, description, terms, settings, modified_by, modified_at FROM access_requirement_versions
     WHERE access_requirement_id = $1 ORDER BY version DESC LIMIT $2 OFFSET $3`,
    [id, slice.limit, slice.offset],
  );
  return {
    total,
    items: rows.map((r) => ({
      accessRequirementId: id,
      version: r.version,
      type: r.type,
      name: r.name,
      description: r.description,
      terms: r.terms,
      settings: r.settings,
      modifiedBy: r.modified_by,
      modifiedOn: r.modified_at.toISOString(),
    })),
  };
}

// ---- The AR's own ACL -----------------------------------------------------------------------------------

export interface AclEntryView {
  principalId: number;
  principalName: string;
  principalType: 'user' | 'team' | 'group' | 'special';
  accessTypes: AccessRequirementAccessType[];
}

const SPECIAL_NAMES: Record<number, string> = { 1: 'PUBLIC', 2: 'AUTHENTICATED', 3: 'ANONYMOUS' };

export async function aclEntries(sql: Sql, id: number): Promise<AclEntryView[]> {
  const rows = await sql.query<{ principal_id: number; kind: AclEntryView['principalType']; name: string | null; access_types: AccessRequirementAccessType[] }>(
    `SELECT a.principal_id, p.kind, coalesce(u.username, t.name) AS name, a.access_types
     FROM access_requirement_acl a JOIN principals p ON p.id = a.principal_id
     LEFT JOIN users u ON u.id = a.principal_id LEFT JOIN teams t ON t.id = a.principal_id
     WHERE a.access_requirement_id = $1 ORDER BY a.principal_id`,
    [id],
  );
  return rows.map((r) => ({
    principalId: r.principal_id,
    principalName: r.name ?? SPECIAL_NAMES[r.principal_id] ?? `principal ${r.principal_id}`,
    principalType: r.kind,
    accessTypes: [...r.access_types].sort(),
  }));
}

// ---- Approvals ------------------------------------------------------------------------------------------

export interface ApprovalRow {
  id: number;
  access_requirement_id: number;
  accessor_id: number;
  accessor_name: string;
  submitter_id: number;
  access_requirement_version: number;
  state: 'APPROVED' | 'REVOKED';
  expires_on: Date | null;
  source: string;
  created_by: number | null;
  created_at: Date;
  modified_by: number | null;
  modified_at: Date;
  revoked_reason: string | null;
}

export const APPROVAL_SELECT = `
  SELECT a.id, a.access_requirement_id, a.accessor_id, u.display_name AS accessor_name, a.submitter_id,
    a.access_requirement_version, a.state, a.expires_on, a.source, a.created_by, a.created_at, a.modified_by,
    a.modified_at, a.revoked_reason
  FROM approvals a JOIN users u ON u.id = a.accessor_id`;

export const approvalJson = (r: ApprovalRow) => ({
  id: r.id,
  accessRequirementId: r.access_requirement_id,
  accessorId: r.accessor_id,
  accessorName: r.accessor_name,
  submitterId: r.submitter_id,
  accessRequirementVersion: r.access_requirement_version,
  state: r.state,
  expiresOn: r.expires_on?.toISOString() ?? null,
  source: r.source,
  revokedReason: r.revoked_reason,
  createdOn: r.created_at.toISOString(),
  modifiedOn: r.modified_at.toISOString(),
  modifiedBy: r.modified_by,
});

export type ApprovalView = ReturnType<typeof approvalJson>;

export async function findApproval(sql: Sql, id: number): Promise<ApprovalRow | null> {
  return sql.maybeOne<ApprovalRow>(`${APPROVAL_SELECT} WHERE a.id = $1`, [id]);
}

export interface ApprovalFilter {
  accessRequirementId?: number;
  accessorId?: number;
  state?: 'APPROVED' | 'REVOKED';
  limit: number;
  offset: number;
}

export async function listApprovals(sql: Sql, filter: ApprovalFilter): Promise<{ items: ApprovalView[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`a.${column} = $${params.length}`);
  };
  add('access_requirement_id', filter.accessRequirementId);
  add('accessor_id', filter.accessorId);
  add('state', filter.state);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { total } = await sql.one<{ total: number }>(`SELECT count(*)::int AS total FROM approvals a ${clause}`, params);
  const rows = await sql.query<ApprovalRow>(
    `${APPROVAL_SELECT} ${clause} ORDER BY a.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items: rows.map(approvalJson), total };
}
