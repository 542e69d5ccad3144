import type { Sql } from '../infra/db.js';
import { ACT_TEAM } from '../infra/ids.js';
import { AR_COLUMNS, findRequirement, type ArRow } from '../accessrequirements/store.js';
import type { Answers, FormField } from './form.js';
import type { RequestState, SubmissionState } from './machine.js';

/**
 * The SQL of requests, submissions, their attachments and approvals, with row types. Reads only; the writes are
 * in the use cases, inside their transactions.
 */

// bigint[] arrives as text from node-postgres and as numbers from PGlite.
const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);

export interface RequestRow {
  id: number;
  access_requirement_id: number;
  requestor_id: number;
  state: RequestState;
  form_version: number;
  answers: Answers;
  accessor_ids: number[];
  current_submission_id: number | null;
  version: number;
  etag: string;
  created_at: Date;
  modified_at: Date;
}

const REQUEST_COLUMNS = 'id, access_requirement_id, requestor_id, state, form_version, answers, accessor_ids, current_submission_id, version, etag, created_at, modified_at';

const requestRow = (r: RequestRow): RequestRow => ({
  ...r, accessor_ids: ids(r.accessor_ids), current_submission_id: r.current_submission_id === null ? null : Number(r.current_submission_id),
});

export async function findRequest(sql: Sql, id: number, opts: { lock?: boolean } = {}): Promise<RequestRow | null> {
  const row = await sql.maybeOne<RequestRow>(
    `SELECT ${REQUEST_COLUMNS} FROM data_access_requests WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row && requestRow(row);
}

export async function findRequestFor(sql: Sql, arId: number, requestorId: number): Promise<RequestRow | null> {
  const row = await sql.maybeOne<RequestRow>(
    // The open request (one at most) before any revoked one, the newest revoked first.
    `SELECT ${REQUEST_COLUMNS} FROM data_access_requests WHERE access_requirement_id = $1 AND requestor_id = $2
     ORDER BY (state = 'REVOKED'), id DESC LIMIT 1`,
    [arId, requestorId],
  );
  return row && requestRow(row);
}

export async function requestsWhere(sql: Sql, where: string, params: unknown[], tail = 'ORDER BY id'): Promise<RequestRow[]> {
  const rows = await sql.query<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM data_access_requests WHERE ${where} ${tail}`, params);
  return rows.map(requestRow);
}

export interface SubmissionRow {
  id: number;
  request_id: number;
  access_requirement_id: number;
  version: number;
  state: SubmissionState;
  form_version: number;
  access_requirement_version: number;
  fields: FormField[];
  answers: Answers;
  accessor_ids: number[];
  changed_fields: string[];
  submitted_by: number;
  submitted_at: Date;
  /** The reviewer's decision, kept when the state moves on (APPROVED → EXPIRED or REVOKED). */
  decision: 'APPROVED' | 'REJECTED' | null;
  decided_by: number | null;
  decided_at: Date | null;
  reason: string | null;
  email_subject: string | null;
  email_body: string | null;
  expires_on: Date | null;
  closed_at: Date | null;
  returned_by: number | null;
  returned_at: Date | null;
  /** The AR's rule by which the system decided (decided_by is then null). */
  decided_rule: string | null;
}

export const SUBMISSION_COLUMNS = `s.id, s.request_id, s.access_requirement_id, s.version, s.state, s.form_version, s.access_requirement_version,
  s.fields, s.answers, s.accessor_ids, s.changed_fields, s.submitted_by, s.submitted_at, s.decision, s.decided_by, s.decided_at, s.reason,
  s.email_subject, s.email_body, s.expires_on, s.closed_at, s.returned_by, s.returned_at, s.decided_rule`;

export const submissionRow = (r: SubmissionRow): SubmissionRow => ({
  ...r, accessor_ids: ids(r.accessor_ids), changed_fields: r.changed_fields ?? [],
  decided_by: r.decided_by === null ? null : Number(r.decided_by), returned_by: r.returned_by === null ? null : Number(r.returned_by),
});

export async function findSubmission(sql: Sql, id: number): Promise<SubmissionRow | null> {
  const row = await sql.maybeOne<SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM request_submissions s WHERE s.id = $1`, [id]);
  return row && submissionRow(row);
}

export async function submissionsWhere(sql: Sql, where: string, params: unknown[], tail = 'ORDER BY s.id'): Promise<SubmissionRow[]> {
  const rows = await sql.query<SubmissionRow>(`SELECT ${SUBMISSION_COLUMNS} FROM request_submissions s WHERE ${where} ${tail}`, params);
  return rows.map(submissionRow);
}

/** Every version of each request, oldest first. */
export async function versionsOf(sql: Sql, requestIds: readonly number[]): Promise<Map<number, { id: number; version: number; state: SubmissionState; submittedOn: string }[]>> {
  const rows = await sql.query<{ id: number; request_id: number; version: number; state: SubmissionState; submitted_at: Date }>(
    'SELECT id, request_id, version, state, submitted_at FROM request_submissions WHERE request_id = ANY ($1::bigint[]) ORDER BY request_id, version',
    [requestIds],
  );
  const map = new Map<number, { id: number; version: number; state: SubmissionState; submittedOn: string }[]>();
  for (const r of rows) {
    const list = map.get(r.request_id) ?? [];
    list.push({ id: r.id, version: r.version, state: r.state, submittedOn: r.submitted_at.toISOString() });
    map.set(r.request_id, list);
  }
  return map;
}

// ---- The access requirement as requests see it ---------------------------------------------------------

/** The access requirements capability's row (its store module reads it). */
export type RequirementRow = ArRow;
export { findRequirement };

/** An AR by id, deleted or not (a request outlives the AR it was for). */
export async function anyRequirement(sql: Sql, id: number): Promise<RequirementRow> {
  return sql.one<RequirementRow>(`SELECT ${AR_COLUMNS} FROM access_requirements WHERE id = $1`, [id]);
}

export async function requirementsByIds(sql: Sql, ids: readonly number[]): Promise<RequirementRow[]> {
  return sql.query<RequirementRow>(`SELECT ${AR_COLUMNS} FROM access_requirements WHERE id = ANY ($1::bigint[])`, [ids]);
}

/** The entities the AR is bound to, with their names. */
export async function boundEntities(sql: Sql, arId: number): Promise<{ id: number; name: string }[]> {
  return sql.query<{ id: number; name: string }>(
    `SELECT e.id, e.name FROM access_requirement_subjects s JOIN entities e ON e.id = s.subject_id
     WHERE s.access_requirement_id = $1 AND s.subject_type = 'entity' AND e.trashed_at IS NULL ORDER BY e.id`,
    [arId],
  );
}

// ---- Users ---------------------------------------------------------------------------------------------

export interface UserBadge {
  id: number;
  username: string;
  displayName: string;
  isCertified: boolean;
  isValidated: boolean;
  active: boolean;
}

export async function userBadges(sql: Sql, userIds: readonly number[]): Promise<Map<number, UserBadge>> {
  if (userIds.length === 0) return new Map();
  const rows = await sql.query<{ id: number; username: string; display_name: string; is_certified: boolean; is_validated: boolean; status: string }>(
    'SELECT id, username, display_name, is_certified, is_validated, status FROM users WHERE id = ANY ($1::bigint[])',
    [[...new Set(userIds)]],
  );
  return new Map(rows.map((r) => [r.id, {
    id: r.id, username: r.username, displayName: r.display_name, isCertified: r.is_certified, isValidated: r.is_validated, active: r.status === 'active',
  }]));
}

/** Of these users, those holding an APPROVED, unexpired approval for the AR now (from any source). */
export async function approvedNow(sql: Sql, arId: number, userIds: readonly number[], now: Date): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await sql.query<{ accessor_id: number }>(
    `SELECT DISTINCT accessor_id FROM approvals WHERE access_requirement_id = $1 AND accessor_id = ANY ($2::bigint[])
       AND state = 'APPROVED' AND (expires_on IS NULL OR expires_on > $3)`,
    [arId, [...new Set(userIds)], now],
  );
  return new Set(rows.map((r) => Number(r.accessor_id)));
}

/** The users told of a new submission: active ACT members and the AR's validated delegated reviewers (invited ones too). */
export async function reviewerIds(sql: Sql, arId: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT u.id FROM users u WHERE u.status = 'active' AND (
       EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = $2 AND m.user_id = u.id)
       OR (u.is_validated AND EXISTS (
         SELECT 1 FROM access_requirement_acl a
         WHERE a.access_requirement_id = $1 AND 'REVIEW_SUBMISSIONS' = ANY (a.access_types)
           AND (a.principal_id = u.id OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = a.principal_id AND m.user_id = u.id))))
       -- External reviewers invited for every request of the AR (invitations.ts).
       OR (u.is_validated AND EXISTS (SELECT 1 FROM invited_reviewers g
         WHERE g.user_id = u.id AND g.access_requirement_id = $1 AND g.request_id IS NULL AND g.ended_at IS NULL)))
     ORDER BY u.id`,
    [arId, ACT_TEAM],
  );
  return rows.map((r) => Number(r.id));
}

export async function actMemberIds(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT u.id FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND u.status = 'active' ORDER BY u.id`,
    [ACT_TEAM],
  );
  return rows.map((r) => Number(r.id));
}

// ---- Approvals granted by requests ---------------------------------------------------------------------

export interface RequestApprovalRow {
  approval_id: number;
  request_id: number;
  accessor_id: number;
  submission_id: number;
  expires_on: Date | null;
}

/** The request's approvals that still stand (APPROVED; expired or not). */
export async function liveApprovals(sql: Sql, requestId: number, opts: { lock?: boolean } = {}): Promise<RequestApprovalRow[]> {
  const rows = await sql.query<RequestApprovalRow>(
    `SELECT ra.approval_id, ra.request_id, ra.accessor_id, ra.submission_id, a.expires_on
     FROM request_approvals ra JOIN approvals a ON a.id = ra.approval_id
     WHERE ra.request_id = $1 AND a.state = 'APPROVED' ORDER BY ra.accessor_id${opts.lock ? ' FOR UPDATE OF a' : ''}`,
    [requestId],
  );
  return rows.map((r) => ({ ...r, approval_id: Number(r.approval_id), accessor_id: Number(r.accessor_id), submission_id: Number(r.submission_id) }));
}

// ---- Attachments ---------------------------------------------------------------------------------------

export interface AttachmentRow {
  id: number;
  request_id: number;
  field_key: string;
  blob_id: number;
  storage_key: string;
  size: number;
  md5: string;
  content_type: string;
  file_name: string;
  uploaded_by: number;
  uploaded_at: Date;
  removed_at: Date | null;
  /** Attached to a remark of the thread rather than to a field. */
  remark_id: number | null;
}

export async function attachments(sql: Sql, where: string, params: unknown[]): Promise<AttachmentRow[]> {
  return sql.query<AttachmentRow>(
    `SELECT ra.id, ra.request_id, ra.field_key, ra.blob_id, b.storage_key, b.size, b.md5, b.content_type, b.file_name,
       ra.uploaded_by, ra.uploaded_at, ra.removed_at, ra.remark_id
     FROM request_attachments ra JOIN blobs b ON b.id = ra.blob_id WHERE ${where} ORDER BY ra.id`,
    params,
  );
}

export const attachmentJson = (a: AttachmentRow) => ({
  id: a.id,
  fieldKey: a.field_key,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
  md5: a.md5,
  uploadedOn: a.uploaded_at.toISOString(),
  downloadUrl: `/api/v1/requests/${a.request_id}/attachments/${a.id}`,
});
export type AttachmentView = ReturnType<typeof attachmentJson>;
