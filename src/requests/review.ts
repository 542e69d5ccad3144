import type { AppContext } from '../context.js';
import { forbidden } from '../infra/problem.js';
import { findUserId } from '../identity/users.js';
import { reviews } from '../accessrequirements/requirements.js';
import { actorFor, isActUser, reviewerNotValidated, verificationUrl, type RequestUser } from './access.js';
import { ERRORS, type RequestState, type SubmissionState } from './machine.js';
import { managedRequirement } from './forms.js';
import { requestMessages as msg } from './messages.js';
import { requestsWhere, submissionsWhere, userBadges } from './store.js';
import { invitedRequirementIds } from './invitedreviewers.js';
import { requestView, submissionViews } from './views.js';

/**
 * What reviewers and ACT read (SPEC §8): the review table with its filters, a request's versions, the
 * requestor's own requests, and the queries ACT needs for audits.
 */

/** ACT, or a validated delegated reviewer of this AR; else the named 403. */
export async function assertReviewer(ctx: AppContext, user: RequestUser, arId: number): Promise<void> {
  const actor = await actorFor(ctx, user, arId);
  if (actor.isAct) return;
  if (!actor.isDelegatedReviewer) throw forbidden('REVIEWER_REQUIRED', msg.reviewForbidden);
  if (!actor.isValidated) throw reviewerNotValidated(ctx);
}

export interface ReviewableRequirement {
  accessRequirementId: number;
  name: string;
  /** Requests whose newest version is SUBMITTED: what waits for a reviewer. */
  awaitingReview: number;
  /** False for a delegated reviewer who is not validated: they are named, but may not review yet. */
  mayReview: boolean;
  /** When mayReview is false: why (the REVIEWER_NOT_VALIDATED sentence the review endpoints answer) and where to lift it. */
  note?: string;
  verificationUrl?: string;
}

/**
 * The ManagedACT access requirements whose requests the caller reviews: every one for ACT, those whose ACL gives
 * one of the caller's principals REVIEW_SUBMISSIONS for a delegated reviewer. By name.
 */
export async function reviewableRequirements(ctx: AppContext, user: RequestUser): Promise<ReviewableRequirement[]> {
  const act = isActUser(user);
  const state = await ctx.decisions.state();
  const rows = await ctx.db.query<{ id: number; name: string; awaiting: number }>(
    `SELECT ar.id, ar.name,
            (SELECT count(*)::int FROM data_access_requests r JOIN request_submissions s ON s.id = r.current_submission_id
              WHERE s.access_requirement_id = ar.id AND s.state = 'SUBMITTED') AS awaiting
       FROM access_requirements ar
      WHERE ar.type = 'ManagedACT' AND ar.deleted_at IS NULL
      ORDER BY lower(ar.name), ar.id`,
  );
  const mayReview = act || user.isValidated;
  // What the review endpoints would answer this caller, said here already: the same reason and the same link.
  const blocked = mayReview ? {} : { note: ERRORS.REVIEWER_NOT_VALIDATED.detail, verificationUrl: verificationUrl(ctx) };
  const invited = act ? new Set<number>() : await invitedRequirementIds(ctx.db, user.id);
  return rows
    .filter((r) => act || reviews(state, user.id, r.id) || invited.has(Number(r.id)))
    .map((r) => ({ accessRequirementId: r.id, name: r.name, awaitingReview: r.awaiting, mayReview, ...blocked }));
}

export interface ReviewFilter {
  /** Required unless the caller is ACT (who may look across every AR). */
  accessRequirementId?: number;
  state?: SubmissionState;
  submittedFrom?: string;
  submittedTo?: string;
  /** User id or user name. */
  requestor?: string;
  accessor?: string;
  /** Only this submission (the link of the "submitted" notice). */
  submission?: number;
  /** Every version of each request, not only the newest. */
  allVersions?: boolean;
  /** newest (the default) or oldest submission first: waiting requests as a queue. */
  order?: 'newest' | 'oldest';
  limit: number;
  offset: number;
}

/**
 * The review table: one row per request (its newest version) unless every version is asked for, newest
 * submission first (or oldest first, as a queue), each with the fields changed since the previous version and the list of all versions.
 */
export async function listSubmissions(ctx: AppContext, user: RequestUser, filter: ReviewFilter) {
  if (filter.accessRequirementId === undefined) {
    if (!isActUser(user)) throw forbidden('ACT_REQUIRED', msg.actOnly);
  } else {
    await managedRequirement(ctx.db, filter.accessRequirementId);
    await assertReviewer(ctx, user, filter.accessRequirementId);
  }
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.accessRequirementId !== undefined) add((p) => `s.access_requirement_id = ${p}`, filter.accessRequirementId);
  if (filter.submission !== undefined) add((p) => `s.id = ${p}`, filter.submission);
  else if (!filter.allVersions) where.push('s.id = (SELECT r.current_submission_id FROM data_access_requests r WHERE r.id = s.request_id)');
  if (filter.state) add((p) => `s.state = ${p}`, filter.state);
  if (filter.submittedFrom) add((p) => `s.submitted_at >= ${p}`, new Date(filter.submittedFrom));
  if (filter.submittedTo) add((p) => `s.submitted_at < ${p}`, new Date(filter.submittedTo));
  for (const [key, clause] of [['requestor', (p: string) => `(SELECT r.requestor_id FROM data_access_requests r WHERE r.id = s.request_id) = ${p}`],
    ['accessor', (p: string) => `${p} = ANY (s.accessor_ids)`]] as const) {
    const raw = filter[key];
    if (raw === undefined || raw.trim() === '') continue;
    const id = await findUserId(ctx.db, raw.trim());
    add(clause, id ?? 0);
  }
  const clause = where.length > 0 ? where.join(' AND ') : 'true';
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM request_submissions s WHERE ${clause}`, params);
  const page = await submissionsWhere(ctx.db, `${clause}`, params, `ORDER BY ${filter.order === 'oldest' ? 's.submitted_at, s.id' : 's.submitted_at DESC, s.id DESC'} LIMIT ${Number(filter.limit)} OFFSET ${Number(filter.offset)}`);
  return { items: await submissionViews(ctx, ctx.db, page, { withEmail: true }), total };
}

/** The caller's requests (as requestor, or where they are an accessor), newest change first. */
export async function listMine(ctx: AppContext, user: RequestUser, filter: { role?: 'requestor' | 'accessor'; accessRequirementId?: number; state?: RequestState; limit: number; offset: number }) {
  const where: string[] = [];
  const params: unknown[] = [user.id];
  if (filter.role === 'requestor') where.push('requestor_id = $1');
  else if (filter.role === 'accessor') where.push('$1 = ANY (accessor_ids) AND requestor_id <> $1');
  else where.push('(requestor_id = $1 OR $1 = ANY (accessor_ids))');
  if (filter.accessRequirementId !== undefined) {
    params.push(filter.accessRequirementId);
    where.push(`access_requirement_id = $${params.length}`);
  }
  if (filter.state) {
    params.push(filter.state);
    where.push(`state = $${params.length}`);
  }
  const clause = where.join(' AND ');
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM data_access_requests WHERE ${clause}`, params);
  const rows = await requestsWhere(ctx.db, clause, params, `ORDER BY modified_at DESC, id DESC LIMIT ${Number(filter.limit)} OFFSET ${Number(filter.offset)}`);
  const items = [];
  for (const r of rows) items.push({ ...(await requestView(ctx, ctx.db, r, user.id)), role: r.requestor_id === user.id ? 'requestor' as const : 'accessor' as const });
  return { items, total };
}

// ---- Queries for audits (ACT; a reviewer for their AR) ------------------------------------------------

async function assertAuditScope(ctx: AppContext, user: RequestUser, arId: number | undefined): Promise<void> {
  if (arId === undefined) {
    if (!isActUser(user)) throw forbidden('ACT_REQUIRED', msg.actOnly);
    return;
  }
  await managedRequirement(ctx.db, arId);
  await assertReviewer(ctx, user, arId);
}

/** Submissions awaiting review, oldest first, with how long they have waited. */
export async function awaitingReview(ctx: AppContext, user: RequestUser, filter: { accessRequirementId?: number }) {
  await assertAuditScope(ctx, user, filter.accessRequirementId);
  const rows = await ctx.db.query<{ id: number; request_id: number; access_requirement_id: number; name: string; version: number; requestor_id: number; submitted_at: Date; accessors: number }>(
    `SELECT s.id, s.request_id, s.access_requirement_id, ar.name, s.version, r.requestor_id, s.submitted_at, cardinality(s.accessor_ids) AS accessors
     FROM request_submissions s JOIN data_access_requests r ON r.id = s.request_id AND r.current_submission_id = s.id
     JOIN access_requirements ar ON ar.id = s.access_requirement_id
     WHERE s.state = 'SUBMITTED' AND ($1::bigint IS NULL OR s.access_requirement_id = $1)
     ORDER BY s.submitted_at, s.id`,
    [filter.accessRequirementId ?? null],
  );
  const badges = await userBadges(ctx.db, rows.map((r) => r.requestor_id));
  const now = ctx.clock.now().getTime();
  return {
    items: rows.map((r) => ({
      submissionId: r.id,
      requestId: r.request_id,
      accessRequirementId: r.access_requirement_id,
      accessRequirementName: r.name,
      version: r.version,
      requestor: { id: r.requestor_id, username: badges.get(r.requestor_id)?.username ?? '', displayName: badges.get(r.requestor_id)?.displayName ?? '' },
      accessorCount: Number(r.accessors),
      submittedOn: r.submitted_at.toISOString(),
      waitingDays: Math.floor((now - r.submitted_at.getTime()) / 86_400_000),
    })),
  };
}

/**
 * Approvals granted in a period and who granted them: each approved submission (with its accessors) and each
 * approval ACT granted directly, newest first.
 */
export async function approvalsInPeriod(ctx: AppContext, user: RequestUser, filter: { from: string; to: string; accessRequirementId?: number }) {
  await assertAuditScope(ctx, user, filter.accessRequirementId);
  const from = new Date(filter.from);
  const to = new Date(filter.to);
  const rows = await ctx.db.query<{
    source: string; at: Date; access_requirement_id: number; name: string; approver_id: number | null; submission_id: number | null;
    request_id: number | null; version: number | null; accessor_ids: unknown; expires_on: Date | null; state: string; requestor_id: number | null;
  }>(
    `SELECT 'request' AS source, s.decided_at AS at, s.access_requirement_id, ar.name, s.decided_by AS approver_id, s.id AS submission_id,
       s.request_id, s.version, s.accessor_ids, s.expires_on, s.state, r.requestor_id
     FROM request_submissions s JOIN access_requirements ar ON ar.id = s.access_requirement_id JOIN data_access_requests r ON r.id = s.request_id
     WHERE s.decision = 'APPROVED' AND s.decided_at >= $1 AND s.decided_at < $2 AND ($3::bigint IS NULL OR s.access_requirement_id = $3)
     UNION ALL
     SELECT a.source, a.created_at, a.access_requirement_id, ar.name, a.created_by, NULL, NULL, NULL, ARRAY[a.accessor_id], a.expires_on, a.state, NULL
     FROM approvals a JOIN access_requirements ar ON ar.id = a.access_requirement_id
     WHERE a.source = 'act' AND a.created_at >= $1 AND a.created_at < $2 AND ($3::bigint IS NULL OR a.access_requirement_id = $3)
     ORDER BY 2 DESC`,
    [from, to, filter.accessRequirementId ?? null],
  );
  const ids = (v: unknown) => (Array.isArray(v) ? v.map(Number) : []);
  const badges = await userBadges(ctx.db, rows.flatMap((r) => [...ids(r.accessor_ids), ...(r.approver_id ? [r.approver_id] : []), ...(r.requestor_id ? [r.requestor_id] : [])]));
  const who = (id: number | null) => (id === null ? null : { id, username: badges.get(id)?.username ?? '', displayName: badges.get(id)?.displayName ?? '' });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    items: rows.map((r) => ({
      source: r.source as 'request' | 'act',
      approvedOn: r.at.toISOString(),
      approvedBy: who(r.approver_id),
      accessRequirementId: Number(r.access_requirement_id),
      accessRequirementName: r.name,
      submissionId: r.submission_id === null ? null : Number(r.submission_id),
      requestId: r.request_id === null ? null : Number(r.request_id),
      version: r.version,
      requestor: who(r.requestor_id === null ? null : Number(r.requestor_id)),
      accessors: ids(r.accessor_ids).map((id) => who(id)!),
      expiresOn: r.expires_on?.toISOString() ?? null,
      state: r.state,
    })),
  };
}

/** The users who hold an approval for the AR now, since when (their earliest standing approval) and until when. */
export async function accessorsOf(ctx: AppContext, user: RequestUser, arId: number) {
  await assertAuditScope(ctx, user, arId);
  const now = ctx.clock.now();
  const rows = await ctx.db.query<{ accessor_id: number; since: Date; expires_on: Date | null; never: boolean; sources: string[]; request_ids: unknown }>(
    `SELECT a.accessor_id, min(a.created_at) AS since, max(a.expires_on) AS expires_on, bool_or(a.expires_on IS NULL) AS never,
       array_agg(DISTINCT a.source) AS sources,
       array_remove(array_agg(DISTINCT ra.request_id), NULL) AS request_ids
     FROM approvals a LEFT JOIN request_approvals ra ON ra.approval_id = a.id
     WHERE a.access_requirement_id = $1 AND a.state = 'APPROVED' AND (a.expires_on IS NULL OR a.expires_on > $2)
     GROUP BY a.accessor_id ORDER BY min(a.created_at), a.accessor_id`,
    [arId, now],
  );
  const badges = await userBadges(ctx.db, rows.map((r) => Number(r.accessor_id)));
  return {
    accessRequirementId: arId,
    items: rows.map((r) => {
      const b = badges.get(Number(r.accessor_id));
      return {
        user: { id: Number(r.accessor_id), username: b?.username ?? '', displayName: b?.displayName ?? '', isCertified: b?.isCertified ?? false, isValidated: b?.isValidated ?? false },
        since: r.since.toISOString(),
        expiresOn: r.never ? null : r.expires_on?.toISOString() ?? null,
        sources: [...r.sources].sort(),
        requestIds: (Array.isArray(r.request_ids) ? r.request_ids : []).map(Number),
      };
    }),
  };
}
