import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formFields, termsOf, type ArTerms, type FormField } from './form.js';
import { ensureForm, loadForm } from './forms.js';
import { mayEdit, type RequestState } from './machine.js';
import { requestMessages as msg } from './messages.js';
import {
  anyRequirement, approvedNow, attachmentJson, attachments, findSubmission, liveApprovals, requirementsByIds, userBadges, versionsOf,
  type RequestRow, type RequirementRow, type SubmissionRow, type UserBadge,
} from './store.js';

/** The JSON the API answers with for requests and submissions. */

export interface AccessorView {
  id: number;
  username: string;
  displayName: string;
  isCertified: boolean;
  isValidated: boolean;
  /** Holds an approval for the AR now (the check mark of the review table). */
  alreadyApproved: boolean;
  /** Meets the AR's accessor rules now; `problem` says why not. */
  eligible: boolean;
  problem: string | null;
}

/** Why a user cannot be an accessor of a request for this AR now; null when they can. */
export function accessorProblem(badge: UserBadge | undefined, terms: ArTerms, idOrName: string | number): string | null {
  if (!badge) return msg.userNotFound(idOrName);
  if (!badge.active) return msg.accessorDisabled(badge.username);
  const needCertified = terms.certifiedRequired && !badge.isCertified;
  const needValidated = terms.validatedRequired && !badge.isValidated;
  if (needCertified || needValidated) return msg.accessorMustBe(badge.username, needCertified, needValidated);
  return null;
}

const userJson = (id: number, badges: Map<number, UserBadge>) => {
  const b = badges.get(id);
  return { id, username: b?.username ?? '', displayName: b?.displayName ?? '', isCertified: b?.isCertified ?? false, isValidated: b?.isValidated ?? false };
};

function accessorViews(ids: readonly number[], badges: Map<number, UserBadge>, approved: Set<number>, terms: ArTerms): AccessorView[] {
  return ids.map((id) => {
    const problem = accessorProblem(badges.get(id), terms, id);
    return { ...userJson(id, badges), alreadyApproved: approved.has(id), eligible: problem === null, problem };
  });
}

/**
 * The fields the working copy answers: its own form version while a draft; the current form when the requestor
 * edits after a decision (a renewal answers the form in force).
 */
export async function workingForm(ctx: AppContext, sql: Sql, ar: RequirementRow, request: RequestRow): Promise<{ version: number; fields: FormField[] }> {
  const renewal = request.state !== 'DRAFT' && mayEdit(request.state);
  const form = renewal ? await ensureForm(ctx, sql, ar) : (await loadForm(sql, ar.id, request.form_version))!;
  return { version: form.version, fields: formFields(termsOf(ar.settings), form.custom) };
}

export async function requestView(ctx: AppContext, sql: Sql, request: RequestRow, viewerId: number) {
  const ar = await anyRequirement(sql, request.access_requirement_id);
  const terms = termsOf(ar.settings);
  const form = await workingForm(ctx, sql, ar, request);
  const now = ctx.clock.now();
  const live = await liveApprovals(sql, request.id);
  const badges = await userBadges(sql, [request.requestor_id, ...request.accessor_ids, ...live.map((l) => l.accessor_id)]);
  const approved = await approvedNow(sql, ar.id, request.accessor_ids, now);
  const files = await attachments(sql, 'ra.request_id = $1 AND ra.removed_at IS NULL AND ra.remark_id IS NULL', [request.id]);
  const versions = (await versionsOf(sql, [request.id])).get(request.id) ?? [];
  const isRequestor = viewerId === request.requestor_id;
  const standing = live.filter((l) => l.expires_on === null || l.expires_on > now);
  const current = request.state === 'RETURNED' && request.current_submission_id !== null ? await findSubmission(sql, request.current_submission_id) : null;
  const returner = current?.returned_by ? (await userBadges(sql, [current.returned_by])).get(current.returned_by) : undefined;
  const expiries = standing.map((l) => l.expires_on);
  return {
    id: request.id,
    accessRequirementId: ar.id,
    accessRequirementName: ar.name,
    state: request.state,
    requestor: userJson(request.requestor_id, badges),
    formVersion: form.version,
    fields: form.fields,
    answers: request.answers,
    accessors: accessorViews(request.accessor_ids, badges, approved, terms),
    accessorRules: { certifiedRequired: terms.certifiedRequired, validatedRequired: terms.validatedRequired },
    attachments: files.map(attachmentJson),
    currentSubmissionId: request.current_submission_id,
    version: versions.length,
    submissions: versions,
    /** The access this request grants now: who, and until when (null = does not expire). */
    activeApproval: standing.length === 0 ? null : {
      accessors: standing.map((l) => userJson(l.accessor_id, badges)),
      expiresOn: expiries.some((e) => e === null) ? null : new Date(Math.max(...expiries.map((e) => e!.getTime()))).toISOString(),
    },
    canEdit: isRequestor && mayEdit(request.state),
    canSubmit: isRequestor && mayEdit(request.state),
    canCancel: isRequestor && request.state === 'SUBMITTED',
    /** What the reviewer asked to change, while the request is RETURNED. */
    returned: current && current.returned_at ? {
      comment: current.reason ?? '',
      by: { id: current.returned_by ?? 0, displayName: returner?.displayName ?? '' },
      on: current.returned_at.toISOString(),
      submissionId: current.id,
    } : null,
    canDelete: isRequestor && request.state === 'DRAFT' && request.current_submission_id === null,
    canCopy: isRequestor,
    etag: request.etag,
    createdOn: request.created_at.toISOString(),
    modifiedOn: request.modified_at.toISOString(),
  };
}
export type RequestView = Awaited<ReturnType<typeof requestView>>;

/**
 * Submissions as the review table shows them: answers with the fields they answered, accessors with badges and
 * the already-approved mark, attachments, the fields changed since the previous version, and every version.
 */
export async function submissionViews(ctx: AppContext, sql: Sql, rows: readonly SubmissionRow[], opts: { withEmail?: boolean } = {}) {
  if (rows.length === 0) return [];
  const now = ctx.clock.now();
  const requests = await sql.query<{ id: number; requestor_id: number; current_submission_id: number | null; state: RequestState }>(
    'SELECT id, requestor_id, current_submission_id, state FROM data_access_requests WHERE id = ANY ($1::bigint[])',
    [[...new Set(rows.map((r) => r.request_id))]],
  );
  const requestById = new Map(requests.map((r) => [Number(r.id), r]));
  const ars = await requirementsByIds(sql, [...new Set(rows.map((r) => r.access_requirement_id))]);
  const arById = new Map(ars.map((a) => [Number(a.id), a]));
  const userIds = rows.flatMap((r) => [r.submitted_by, ...r.accessor_ids, ...(r.decided_by ? [r.decided_by] : []), ...(r.returned_by ? [r.returned_by] : []), requestById.get(r.request_id)?.requestor_id ?? 0]);
  const badges = await userBadges(sql, userIds);
  const approvedByAr = new Map<number, Set<number>>();
  for (const arId of arById.keys()) {
    const ids = rows.filter((r) => r.access_requirement_id === arId).flatMap((r) => r.accessor_ids);
    approvedByAr.set(arId, await approvedNow(sql, arId, ids, now));
  }
  const files = await attachments(sql, 'ra.request_id = ANY ($1::bigint[])', [[...requestById.keys()]]);
  const versions = await versionsOf(sql, [...requestById.keys()]);
  return rows.map((s) => {
    const ar = arById.get(s.access_requirement_id)!;
    const request = requestById.get(s.request_id)!;
    const named = new Set(s.fields.filter((f) => f.type === 'attachment').flatMap((f) => (Array.isArray(s.answers[f.key]) ? (s.answers[f.key] as number[]) : [])));
    return {
      id: s.id,
      requestId: s.request_id,
      accessRequirementId: s.access_requirement_id,
      accessRequirementName: ar.name,
      version: s.version,
      state: s.state,
      isCurrent: Number(request.current_submission_id) === s.id,
      requestState: request.state,
      formVersion: s.form_version,
      accessRequirementVersion: s.access_requirement_version,
      requestor: userJson(request.requestor_id, badges),
      fields: s.fields,
      answers: s.answers,
      accessors: accessorViews(s.accessor_ids, badges, approvedByAr.get(ar.id) ?? new Set(), termsOf(ar.settings)),
      attachments: files.filter((a) => a.request_id === s.request_id && named.has(a.id)).map(attachmentJson),
      changedFields: s.changed_fields,
      submittedOn: s.submitted_at.toISOString(),
      decidedOn: s.decided_at?.toISOString() ?? null,
      decidedBy: s.decided_by === null ? null : { id: s.decided_by, displayName: badges.get(s.decided_by)?.displayName ?? '' },
      reason: s.reason,
      /** The AR's rule by which the system decided (decidedBy is then null). */
      decidedByRule: s.decided_rule,
      returnedBy: s.returned_by === null ? null : { id: s.returned_by, displayName: badges.get(s.returned_by)?.displayName ?? '' },
      returnedOn: s.returned_at?.toISOString() ?? null,
      expiresOn: s.expires_on?.toISOString() ?? null,
      email: opts.withEmail && s.email_subject !== null ? { subject: s.email_subject, body: s.email_body ?? '' } : null,
      versions: versions.get(s.request_id) ?? [],
    };
  });
}
export type SubmissionView = Awaited<ReturnType<typeof submissionViews>>[number];
