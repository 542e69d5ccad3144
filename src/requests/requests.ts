import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { badRequest, notFound, preconditionFailed, Problem, validationFailed } from '../infra/problem.js';
import { describeFieldErrors, fieldErrors } from '../infra/fielderrors.js';
import { appendAudit } from '../auditlog/log.js';
import { findUserId } from '../identity/users.js';
import { actorFor, reviewerNotValidated, type RequestUser } from './access.js';
import {
  approvalExpiry, attachmentIds, changedFields, checkAnswers, LIMITS, mergeAnswers, missingFields, termsOf,
  type Answers, type FieldError, type FormField,
} from './form.js';
import { ensureForm, managedRequirement } from './forms.js';
import { revokeApprovals, grantForSubmission } from './grants.js';
import { activeBlocks, addBlocks, requestRules } from './blocks.js';
import {
  evolve, handle, viewRefusal, type Actor, type Command, type Event, type RefusedAccessor, type RequestError, type RequestSnapshot,
} from './machine.js';
import { requestMessages as msg } from './messages.js';
import { links, renderNotice, sendNotice } from './notices.js';
import {
  anyRequirement, attachments, findRequest, findRequestFor, findSubmission, liveApprovals, reviewerIds, submissionsWhere, userBadges,
  type RequestRow, type RequirementRow, type SubmissionRow,
} from './store.js';
import { accessorProblem, requestView, submissionViews, workingForm, type RequestView, type SubmissionView } from './views.js';

/**
 * Data access request use cases (SPEC §8): one exported function per operation. Each loads the request under a
 * row lock, asks the state machine (machine.ts), and writes what its events say — state, submission, approvals,
 * audit entries and notices — in one transaction.
 */

export const snapshotOf = (r: RequestRow): RequestSnapshot => ({
  state: r.state,
  requestorId: r.requestor_id,
  currentSubmissionId: r.current_submission_id,
  version: r.version,
});

/**
 * The request as the machine sees it to decide on it: with who decided its current submission, how and when, so
 * that a second reviewer is told (ALREADY_DECIDED) rather than answered as if their decision counted.
 */
export async function decisionSnapshot(sql: Sql, request: RequestRow): Promise<RequestSnapshot> {
  const snapshot = snapshotOf(request);
  const current = request.current_submission_id === null ? null : await findSubmission(sql, request.current_submission_id);
  const returned = current && current.state === 'RETURNED' && current.returned_by !== null ? { by: current.returned_by, comment: current.reason ?? '' } : null;
  if (!current || current.decision === null || current.decided_at === null) return { ...snapshot, decision: null, returned };
  const by = current.decided_by === null ? null : Number(current.decided_by);
  const name = by === null ? (current.decided_rule ? msg.systemDecider(current.decided_rule) : undefined) : (await userBadges(sql, [by])).get(by)?.displayName;
  return {
    ...snapshot,
    returned,
    decision: {
      outcome: current.decision, by, byName: name ?? msg.unknownReviewer, at: current.decided_at.toISOString(),
      reason: current.decision === 'REJECTED' ? current.reason : null,
    },
  };
}

/** The machine's error as a problem document; REVIEWER_NOT_VALIDATED carries the link to the verification page. */
export const problemOf = (ctx: AppContext, e: RequestError): Problem =>
  e.code === 'REVIEWER_NOT_VALIDATED' ? reviewerNotValidated(ctx) : new Problem(e.status, e.code, e.detail, e.extra ?? {});

/** The outcome's events, or the named error as a problem document. */
function decide(ctx: AppContext, snapshot: RequestSnapshot, actor: Actor, command: Command): Event[] {
  const outcome = handle(snapshot, actor, command);
  if (!outcome.ok) throw problemOf(ctx, outcome.error);
  return outcome.events;
}

const today = (ctx: AppContext) => ctx.clock.now().toISOString().slice(0, 10);

// ---- Opening a request --------------------------------------------------------------------------------

/**
 * Opens the caller's request for an AR: the saved one when there is one (a draft comes back as it was left),
 * else a new draft answering the current form, with the caller as first accessor.
 */
export async function openRequest(ctx: AppContext, user: RequestUser, arId: number): Promise<{ request: RequestView; created: boolean }> {
  return ctx.db.tx(async (sql) => {
    const ar = await managedRequirement(sql, arId);
    const existing = await findRequestFor(sql, arId, user.id);
    if (existing) return { request: await requestView(ctx, sql, existing, user.id), created: false };
    const form = await ensureForm(ctx, sql, ar);
    const now = ctx.clock.now();
    const inserted = await sql.maybeOne<{ id: number }>(
      `INSERT INTO data_access_requests (access_requirement_id, requestor_id, state, form_version, answers, accessor_ids, etag, created_at, modified_at)
       VALUES ($1, $2, 'DRAFT', $3, '{}', $4, $5, $6, $6) ON CONFLICT (access_requirement_id, requestor_id) WHERE state <> 'REVOKED' DO NOTHING RETURNING id`,
      [arId, user.id, form.version, [user.id], randomUUID(), now],
    );
    // A second open racing the first finds the first's request.
    if (!inserted) return { request: await requestView(ctx, sql, (await findRequestFor(sql, arId, user.id))!, user.id), created: false };
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request.created', targetType: 'data-access-request', targetId: inserted.id,
      details: { accessRequirementId: arId, formVersion: form.version },
    });
    return { request: await requestView(ctx, sql, (await findRequest(sql, inserted.id))!, user.id), created: true };
  });
}

// ---- Reading ------------------------------------------------------------------------------------------

/** The request and the caller as the machine sees them, or a 404 when the caller may not see it. */
export async function visibleRequest(ctx: AppContext, user: RequestUser, requestId: number): Promise<{ request: RequestRow; actor: Actor & { kind: 'user' } }> {
  const request = await findRequest(ctx.db, requestId);
  if (!request) throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  const actor = await actorFor(ctx, user, request.access_requirement_id, request.id);
  const refusal = viewRefusal(snapshotOf(request), request.accessor_ids, actor);
  if (refusal === 'REVIEWER_NOT_VALIDATED') throw reviewerNotValidated(ctx);
  if (refusal) throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  return { request, actor };
}

export async function getRequest(ctx: AppContext, user: RequestUser, requestId: number): Promise<RequestView> {
  const { request } = await visibleRequest(ctx, user, requestId);
  return requestView(ctx, ctx.db, request, user.id);
}

/** Every submitted version of a request, oldest first (the "view versions" dialog). */
export async function requestVersions(ctx: AppContext, user: RequestUser, requestId: number): Promise<{ items: SubmissionView[] }> {
  const { actor } = await visibleRequest(ctx, user, requestId);
  const rows = await submissionsWhere(ctx.db, 's.request_id = $1', [requestId], 'ORDER BY s.version');
  return { items: await submissionViews(ctx, ctx.db, rows, { withEmail: actor.isAct || actor.isDelegatedReviewer }) };
}

/** Re-reads the request under a row lock inside the transaction. */
async function lockRequest(sql: Sql, requestId: number): Promise<RequestRow> {
  const row = await findRequest(sql, requestId, { lock: true });
  if (!row) throw notFound(msg.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  return row;
}

// ---- Editing the draft --------------------------------------------------------------------------------

export interface DraftInput {
  answers?: Record<string, unknown>;
  /** The whole list of accessors, by user id or user name. */
  accessors?: (string | number)[];
  addAccessor?: string | number;
  removeAccessor?: number;
  etag?: string;
}

/**
 * Saves the working copy. Bad answers or accessors change nothing: every problem is listed. An accessor added
 * who fails the AR's certified/validated rules is refused with a message; accessors already on the request are
 * kept (they are flagged in the view, and submitting checks them again).
 */
export async function saveDraft(ctx: AppContext, user: RequestUser, requestId: number, input: DraftInput): Promise<RequestView> {
  const { actor } = await visibleRequest(ctx, user, requestId);
  return ctx.db.tx(async (sql) => {
    const request = await lockRequest(sql, requestId);
    decide(ctx, snapshotOf(request), actor, { type: 'SaveDraft' });
    if (input.etag !== undefined && input.etag !== request.etag) throw preconditionFailed(msg.staleRequest);
    const ar = await managedRequirement(sql, request.access_requirement_id);
    const form = await workingForm(ctx, sql, ar, request);
    const errors = checkAnswers(form.fields, input.answers ?? {}, today(ctx));
    errors.push(...(await checkReferences(sql, request, form.fields, input.answers ?? {})));

    let accessorIds = request.accessor_ids;
    const refused: RefusedAccessor[] = [];
    const wanted = input.accessors ?? (input.addAccessor !== undefined ? [...accessorIds, input.addAccessor] : undefined);
    if (wanted) {
      const resolved: number[] = [];
      const terms = termsOf(ar.settings);
      for (const [i, idOrName] of wanted.entries()) {
        const id = await findUserId(sql, idOrName);
        if (id === null) {
          errors.push({ field: input.accessors ? `body.accessors.${i}` : 'body.user', message: msg.userNotFound(idOrName) });
          continue;
        }
        if (resolved.includes(id)) continue;
        if (!accessorIds.includes(id)) {
          const badge = (await userBadges(sql, [id])).get(id);
          const problem = accessorProblem(badge, terms, idOrName);
          if (problem) {
            refused.push({ userId: id, username: badge?.username ?? String(idOrName), message: problem });
            continue;
          }
        }
        resolved.push(id);
      }
      if (resolved.length > LIMITS.accessors) errors.push({ field: 'body.accessors', message: msg.tooManyAccessors(LIMITS.accessors) });
      accessorIds = resolved;
    }
    if (input.removeAccessor !== undefined) {
      if (!accessorIds.includes(input.removeAccessor)) throw notFound(msg.notAccessor(input.removeAccessor), 'NOT_AN_ACCESSOR');
      accessorIds = accessorIds.filter((id) => id !== input.removeAccessor);
    }
    if (errors.length > 0) throw validationFailed(`The request is not valid: ${describeFieldErrors(errors)}.`, errors);
    if (refused.length > 0) {
      throw badRequest(refused.length === 1 && input.addAccessor !== undefined ? 'ACCESSOR_REFUSED' : 'ACCESSORS_REFUSED',
        refused.map((r) => r.message).join(' '), { refused });
    }
    const answers = mergeAnswers(request.answers, input.answers ?? {});
    const now = ctx.clock.now();
    await sql.query(
      `UPDATE data_access_requests SET answers = $2, accessor_ids = $3, form_version = $4, etag = $5, modified_at = $6 WHERE id = $1`,
      [requestId, JSON.stringify(answers), accessorIds, form.version, randomUUID(), now],
    );
    return requestView(ctx, sql, (await findRequest(sql, requestId))!, user.id);
  });
}

/** Attachment answers must name files uploaded to this request for that field; user lists, existing users. */
async function checkReferences(sql: Sql, request: RequestRow, fields: readonly FormField[], given: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const files = await attachments(sql, 'ra.request_id = $1 AND ra.removed_at IS NULL', [request.id]);
  for (const [key, value] of Object.entries(given)) {
    const field = byKey.get(key);
    if (!field || !Array.isArray(value)) continue;
    if (field.type === 'attachment') {
      const ok = value.every((id) => files.some((f) => f.id === id && f.field_key === key));
      if (!ok) errors.push({ field: `body.answers.${key}`, message: msg.attachmentNotOnField(field.label), label: field.label });
    } else if (field.type === 'user-list' && key !== 'accessors' && value.length > 0) {
      const found = await userBadges(sql, value as number[]);
      if (found.size !== new Set(value).size) errors.push({ field: `body.answers.${key}`, message: msg.unknownUsers(field.label), label: field.label, code: 'NOT_FOUND' });
    }
  }
  return errors;
}

// ---- Submitting --------------------------------------------------------------------------------------

/**
 * Submits the working copy as a new version. A request already submitted answers with its pending submission
 * (a retry; created: false). Missing required fields are all listed; accessors who fail the AR's rules now are
 * refused. Accessors dropped since the access last granted lose it at once.
 */
export async function submitRequest(ctx: AppContext, user: RequestUser, requestId: number, input: { etag?: string } = {}): Promise<{ submission: SubmissionView; created: boolean }> {
  const { actor } = await visibleRequest(ctx, user, requestId);
  return ctx.db.tx(async (sql) => {
    const request = await lockRequest(sql, requestId);
    const snapshot = snapshotOf(request);
    const ar = await managedRequirement(sql, request.access_requirement_id);
    const terms = termsOf(ar.settings);
    const form = await workingForm(ctx, sql, ar, request);
    const keys = new Set(form.fields.map((f) => f.key));
    const answers: Answers = Object.fromEntries(Object.entries(request.answers).filter(([k]) => keys.has(k)));
    const missing = missingFields(form.fields, answers, request.accessor_ids);
    const badges = await userBadges(sql, request.accessor_ids);
    const refused: RefusedAccessor[] = [];
    for (const id of request.accessor_ids) {
      const problem = accessorProblem(badges.get(id), terms, id);
      if (problem) refused.push({ userId: id, username: badges.get(id)?.username ?? String(id), message: problem });
    }
    // Answers saved in a draft may have gone stale (an "access until" date now past; a file removed). They are
    // reported with the missing fields, in one answer.
    const invalid = checkAnswers(form.fields, answers, today(ctx));
    const live = new Set((await attachments(sql, 'ra.request_id = $1 AND ra.removed_at IS NULL', [requestId])).map((a) => a.id));
    if (attachmentIds(form.fields, answers).some((id) => !live.has(id))) {
      invalid.push({ field: 'body.answers', message: 'names attachments that were removed', sentence: 'An attached file was removed; attach it again or remove it from the answer.' });
    }
    const { id: submissionId } = await sql.one<{ id: number }>("SELECT nextval('request_submissions_id_seq')::bigint AS id");
    const blocked = await activeBlocks(sql, ar.id, [request.requestor_id, ...request.accessor_ids], ctx.clock.now());
    const auto = await requestRules(sql, ar.id);
    const allAccessorsValidated = request.accessor_ids.length > 0 && request.accessor_ids.every((id) => badges.get(id)?.isValidated === true);
    const events = decide(ctx, snapshot, actor, {
      type: 'Submit', submissionId: Number(submissionId), missing, refusedAccessors: refused, invalid: fieldErrors(invalid), blocked, auto, allAccessorsValidated,
    });
    // Submitting what is already submitted (a retry) answers with the pending submission.
    if (events.length === 0) return { submission: await oneSubmission(ctx, sql, request.current_submission_id!), created: false };
    if (input.etag !== undefined && input.etag !== request.etag) throw preconditionFailed(msg.staleRequest);
    if (invalid.length > 0) throw validationFailed(`The request is not valid: ${describeFieldErrors(invalid)}.`, invalid);

    let state = snapshot;
    for (const event of events) {
      if (event.type === 'AutoApproved' || event.type === 'AutoRejected') {
        // The system decides by the AR's rule, in the same transaction: recorded with the rule, no reviewer.
        const decided = (await findRequest(sql, requestId))!;
        if (event.type === 'AutoApproved') await writeApproval(ctx, sql, decided, event.submissionId, { approverId: null, rule: event.rule, name: msg.systemDecider(event.rule) });
        else await writeRejection(ctx, sql, decided, event.submissionId, event.reason, { approverId: null, rule: event.rule, name: msg.systemDecider(event.rule) });
        state = evolve(state, event);
        continue;
      }
      if (event.type !== 'Submitted') continue;
      const previous = request.current_submission_id === null ? null : await findSubmission(sql, Number(request.current_submission_id));
      const changed = previous ? changedFields(form.fields, { answers: previous.answers, accessorIds: previous.accessor_ids }, { answers, accessorIds: request.accessor_ids }) : [];
      const now = ctx.clock.now();
      await sql.query(
        `INSERT INTO request_submissions (id, request_id, access_requirement_id, version, state, form_version, access_requirement_version,
           fields, answers, accessor_ids, changed_fields, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, 'SUBMITTED', $5, $6, $7, $8, $9, $10, $11, $12)`,
        [event.submissionId, requestId, ar.id, event.version, form.version, ar.version, JSON.stringify(form.fields), JSON.stringify(answers),
          request.accessor_ids, changed, user.id, now],
      );
      state = evolve(state, event);
      await sql.query(
        `UPDATE data_access_requests SET state = $2, current_submission_id = $3, version = $4, form_version = $5, answers = $6, etag = $7, modified_at = $8
         WHERE id = $1`,
        [requestId, state.state, event.submissionId, event.version, form.version, JSON.stringify(answers), randomUUID(), now],
      );
      // Accessors the requestor took off the request lose the access it granted them at once.
      const kept = new Set(request.accessor_ids);
      const dropped = (await liveApprovals(sql, requestId, { lock: true })).filter((l) => !kept.has(l.accessor_id));
      await revokeApprovals(ctx, sql, dropped, user.id, msg.requestorRemoved);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'request.submitted', targetType: 'data-access-request', targetId: requestId,
        details: {
          accessRequirementId: ar.id, submissionId: event.submissionId, version: event.version, renewal: event.renewal,
          accessors: request.accessor_ids, changedFields: changed, removedAccessors: dropped.map((d) => d.accessor_id),
        },
      });
      const submission = (await findSubmission(sql, event.submissionId))!;
      const updated = (await findRequest(sql, requestId))!;
      if (dropped.length > 0) {
        await sendNotice(sql, ctx, 'removed', dropped.map((d) => d.accessor_id), await renderNotice(sql, ctx, 'removed', { ar, request: updated, submission }), links.requirement(ar.id));
      }
      const reviewers = (await reviewerIds(sql, ar.id)).filter((id) => id !== user.id);
      await sendNotice(sql, ctx, 'submitted', reviewers, await renderNotice(sql, ctx, 'submitted', { ar, request: updated, submission }), links.review(event.submissionId));
    }
    return { submission: await oneSubmission(ctx, sql, state.currentSubmissionId!), created: true };
  });
}

async function oneSubmission(ctx: AppContext, sql: Sql, submissionId: number, opts: { withEmail?: boolean } = {}): Promise<SubmissionView> {
  return (await submissionViews(ctx, sql, [(await findSubmission(sql, submissionId))!], opts))[0];
}

// ---- Submissions: cancel, decide, revoke --------------------------------------------------------------

/** The submission and the caller as the machine sees them; 404 when the caller may not see its request. */
async function visibleSubmission(ctx: AppContext, user: RequestUser, submissionId: number) {
  const submission = await findSubmission(ctx.db, submissionId);
  if (!submission) throw notFound(msg.submissionNotFound(submissionId), 'SUBMISSION_NOT_FOUND');
  const request = (await findRequest(ctx.db, submission.request_id))!;
  const actor = await actorFor(ctx, user, request.access_requirement_id, request.id);
  // A delegated reviewer not validated yet was told by GET /reviews that this waits for them: say why they may not.
  const refusal = viewRefusal(snapshotOf(request), [...request.accessor_ids, ...submission.accessor_ids], actor);
  if (refusal === 'REVIEWER_NOT_VALIDATED') throw reviewerNotValidated(ctx);
  if (refusal) throw notFound(msg.submissionNotFound(submissionId), 'SUBMISSION_NOT_FOUND');
  return { submission, request, actor };
}

export async function getSubmission(ctx: AppContext, user: RequestUser, submissionId: number): Promise<SubmissionView> {
  const { actor } = await visibleSubmission(ctx, user, submissionId);
  return oneSubmission(ctx, ctx.db, submissionId, { withEmail: actor.isAct || actor.isDelegatedReviewer });
}

/** The requestor withdraws a submission awaiting review; ACT and the reviewers are told. */
export async function cancelSubmission(ctx: AppContext, user: RequestUser, submissionId: number): Promise<SubmissionView> {
  const { request: seen, actor } = await visibleSubmission(ctx, user, submissionId);
  return ctx.db.tx(async (sql) => {
    const request = await lockRequest(sql, seen.id);
    const events = decide(ctx, snapshotOf(request), actor, { type: 'Cancel', submissionId });
    for (const event of events) {
      if (event.type !== 'Cancelled') continue;
      const now = ctx.clock.now();
      await closeSubmission(sql, submissionId, 'CANCELLED', now);
      await sql.query('UPDATE data_access_requests SET state = $2, etag = $3, modified_at = $4 WHERE id = $1', [request.id, 'CANCELLED', randomUUID(), now]);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'request.cancelled', targetType: 'data-access-request', targetId: request.id, details: { submissionId },
      });
      const ar = (await requirementRow(sql, request.access_requirement_id));
      const submission = (await findSubmission(sql, submissionId))!;
      const reviewers = (await reviewerIds(sql, ar.id)).filter((id) => id !== user.id);
      await sendNotice(sql, ctx, 'cancelled', reviewers, await renderNotice(sql, ctx, 'cancelled', { ar, request, submission }), links.review(submissionId));
    }
    return oneSubmission(ctx, sql, submissionId);
  });
}

async function closeSubmission(sql: Sql, submissionId: number, state: string, now: Date): Promise<void> {
  await sql.query('UPDATE request_submissions SET state = $2, closed_at = $3 WHERE id = $1', [submissionId, state, now]);
}

const requirementRow = (sql: Sql, arId: number): Promise<RequirementRow> => anyRequirement(sql, arId);

export interface DecisionInput {
  decision: 'APPROVED' | 'REJECTED';
  reason?: string;
  /** The approval email as the reviewer edited it; the template's rendering when left out. */
  email?: { subject: string; body: string };
}

/**
 * What approving would do, for the reviewer to check first: who gets access (with badges and the already
 * approved mark) and until when, whose access ends (dropped from a renewal), and the email that would be sent.
 */
export async function decisionPreview(ctx: AppContext, user: RequestUser, submissionId: number) {
  const { submission, request, actor } = await visibleSubmission(ctx, user, submissionId);
  const outcome = handle(await decisionSnapshot(ctx.db, request), actor, { type: 'Approve', submissionId });
  if (!outcome.ok && outcome.error.status === 403) throw problemOf(ctx, outcome.error);
  const sql = ctx.db;
  const ar = await requirementRow(sql, request.access_requirement_id);
  const expiresOn = approvalExpiry(ctx.clock.now(), termsOf(ar.settings).expirationDays, submission.answers.accessUntil);
  const live = await liveApprovals(sql, request.id);
  const keep = new Set(submission.accessor_ids);
  const removed = live.filter((l) => !keep.has(l.accessor_id)).map((l) => l.accessor_id);
  const badges = await userBadges(sql, [request.requestor_id, ...submission.accessor_ids, ...removed]);
  const email = await renderNotice(sql, ctx, 'approved', { ar, request, submission: { ...submission, expires_on: expiresOn } });
  const view = await oneSubmission(ctx, sql, submissionId, { withEmail: true });
  const who = (id: number) => ({ id, username: badges.get(id)?.username ?? '', displayName: badges.get(id)?.displayName ?? '' });
  return {
    submission: view,
    canDecide: outcome.ok && outcome.events.length > 0,
    summary: {
      accessors: view.accessors,
      renewed: live.filter((l) => keep.has(l.accessor_id)).map((l) => who(l.accessor_id)),
      removed: removed.map(who),
      expiresOn: expiresOn?.toISOString() ?? null,
    },
    approvalEmail: { ...email, recipients: [...new Set([request.requestor_id, ...submission.accessor_ids])].map(who) },
  };
}

/** ACT or a reviewer approves (with the email, edited or not) or rejects (with the reason) a submission. */
export async function decideSubmission(ctx: AppContext, user: RequestUser, submissionId: number, input: DecisionInput): Promise<SubmissionView> {
  const { request: seen, actor } = await visibleSubmission(ctx, user, submissionId);
  if (input.email && (!input.email.subject.trim() || !input.email.body.trim())) {
    throw validationFailed(msg.emailBlank, [{ field: 'body.email', message: 'needs a subject and a body' }]);
  }
  return ctx.db.tx(async (sql) => {
    const request = await lockRequest(sql, seen.id);
    const command: Command = input.decision === 'APPROVED'
      ? { type: 'Approve', submissionId }
      : { type: 'Reject', submissionId, reason: input.reason ?? '' };
    const events = decide(ctx, await decisionSnapshot(sql, request), actor, command);
    for (const event of events) {
      const who = { approverId: user.id, rule: null, name: user.displayName };
      if (event.type === 'Approved') await writeApproval(ctx, sql, request, submissionId, who, input.email);
      else if (event.type === 'Rejected') await writeRejection(ctx, sql, request, submissionId, event.reason, who);
    }
    return oneSubmission(ctx, sql, submissionId, { withEmail: true });
  });
}

/** Who decided: a reviewer, or the system by the AR's rule (approverId null). */
interface Decider {
  approverId: number | null;
  rule: string | null;
  name: string;
}

/** Writes an approval of the submission: approvals granted or renewed, the submission and request, audit, notices. */
async function writeApproval(ctx: AppContext, sql: Sql, request: RequestRow, submissionId: number, who: Decider, edited?: { subject: string; body: string }): Promise<void> {
  const now = ctx.clock.now();
  const submission = (await findSubmission(sql, submissionId))!;
  // An AR deleted since the submission grants nothing: approving it is refused (404).
  const ar = await managedRequirement(sql, request.access_requirement_id);
  const expiresOn = approvalExpiry(now, termsOf(ar.settings).expirationDays, submission.answers.accessUntil);
  const grants = await grantForSubmission(ctx, sql, {
    ar, requestId: request.id, requestorId: request.requestor_id, submissionId, accessorIds: submission.accessor_ids,
    approverId: who.approverId, expiresOn,
  });
  const decided: SubmissionRow = { ...submission, expires_on: expiresOn };
  const email = edited
    ? { subject: edited.subject.trim(), body: edited.body }
    : await renderNotice(sql, ctx, 'approved', { ar, request, submission: decided });
  await sql.query(
    `UPDATE request_submissions SET state = 'APPROVED', decision = 'APPROVED', decided_by = $2, decided_at = $3, email_subject = $4, email_body = $5, expires_on = $6,
       decided_rule = $7
     WHERE id = $1`,
    [submissionId, who.approverId, now, email.subject, email.body, expiresOn, who.rule],
  );
  await sql.query('UPDATE data_access_requests SET state = $2, etag = $3, modified_at = $4 WHERE id = $1', [request.id, 'APPROVED', randomUUID(), now]);
  await appendAudit(sql, ctx.clock, {
    actorId: who.approverId, action: 'request.approved', targetType: 'data-access-request', targetId: request.id,
    details: {
      accessRequirementId: ar.id, submissionId, version: submission.version, accessors: submission.accessor_ids,
      expiresOn: expiresOn?.toISOString() ?? null, granted: grants.granted, renewed: grants.renewed,
      removedAccessors: grants.removed.map((r) => r.accessor_id), emailEdited: edited !== undefined,
      ...(who.rule ? { by: 'system', rule: who.rule } : {}),
    },
  });
  await sendNotice(sql, ctx, 'approved', [request.requestor_id, ...submission.accessor_ids], email, links.request(request.id));
  if (grants.removed.length > 0) {
    await sendNotice(sql, ctx, 'removed', grants.removed.map((r) => r.accessor_id), await renderNotice(sql, ctx, 'removed', { ar, request, submission }), links.requirement(ar.id));
  }
}

/** Writes a rejection of the submission with its reason: the submission and request, audit, the requestor's notice. */
async function writeRejection(ctx: AppContext, sql: Sql, request: RequestRow, submissionId: number, reason: string, who: Decider): Promise<void> {
  const now = ctx.clock.now();
  const submission = (await findSubmission(sql, submissionId))!;
  const ar = await requirementRow(sql, request.access_requirement_id);
  await sql.query(
    `UPDATE request_submissions SET state = 'REJECTED', decision = 'REJECTED', decided_by = $2, decided_at = $3, reason = $4, closed_at = $3, decided_rule = $5 WHERE id = $1`,
    [submissionId, who.approverId, now, reason, who.rule],
  );
  await sql.query('UPDATE data_access_requests SET state = $2, etag = $3, modified_at = $4 WHERE id = $1', [request.id, 'REJECTED', randomUUID(), now]);
  await appendAudit(sql, ctx.clock, {
    actorId: who.approverId, action: 'request.rejected', targetType: 'data-access-request', targetId: request.id,
    details: { accessRequirementId: ar.id, submissionId, version: submission.version, reason, ...(who.rule ? { by: 'system', rule: who.rule } : {}) },
  });
  const message = await renderNotice(sql, ctx, 'rejected', { ar, request, submission, extra: { reason, reviewerName: who.name } });
  await sendNotice(sql, ctx, 'rejected', [request.requestor_id], message, links.request(request.id));
}

export interface BlockInput {
  /** Block the requestor from the AR. */
  requestor?: boolean;
  /** Block these accessors of the revoked submission. */
  accessorIds?: number[];
  /** Why; the revocation's reason when left out. */
  reason?: string;
  /** When the block ends (ISO 8601); never when left out (until ACT lifts it). */
  until?: string;
}

/**
 * ACT revokes an approved request: every approval it granted ends at once; requestor and accessors are told.
 * With `block`, the requestor and/or accessors are also put on the AR's block list.
 */
export async function revokeSubmission(ctx: AppContext, user: RequestUser, submissionId: number, reason: string, block?: BlockInput): Promise<SubmissionView> {
  const { request: seen, actor, submission: seenSubmission } = await visibleSubmission(ctx, user, submissionId);
  const blockUsers = block ? [...(block.requestor ? [seen.requestor_id] : []), ...(block.accessorIds ?? [])] : [];
  if (block) {
    const errors: FieldError[] = [];
    (block.accessorIds ?? []).forEach((id, i) => {
      if (!seenSubmission.accessor_ids.includes(id)) errors.push({ field: `body.block.accessorIds.${i}`, message: msg.notAccessor(id) });
    });
    if (block.until !== undefined && !(new Date(block.until).getTime() > ctx.clock.now().getTime())) {
      errors.push({ field: 'body.block.until', message: msg.blockUntilPast });
    }
    if (blockUsers.length === 0) errors.push({ field: 'body.block', message: msg.blockNobody });
    if (errors.length > 0) throw validationFailed(`The block is not valid: ${describeFieldErrors(errors)}.`, errors);
  }
  return ctx.db.tx(async (sql) => {
    const request = await lockRequest(sql, seen.id);
    const events = decide(ctx, snapshotOf(request), actor, {
      type: 'Revoke', submissionId, reason,
      ...(block ? { block: { userIds: blockUsers, reason: block.reason ?? '', until: block.until ? new Date(block.until).toISOString() : null } } : {}),
    });
    for (const event of events) {
      if (event.type === 'Blocked') {
        await addBlocks(ctx, sql, { arId: request.access_requirement_id, requestId: request.id, userIds: event.userIds, reason: event.reason, until: event.until, by: user.id });
        continue;
      }
      if (event.type !== 'Revoked') continue;
      const now = ctx.clock.now();
      const live = await liveApprovals(sql, request.id, { lock: true });
      const revoked = await revokeApprovals(ctx, sql, live, user.id, msg.revokedWithRequest(event.reason));
      await sql.query(`UPDATE request_submissions SET state = 'REVOKED', reason = $2, closed_at = $3 WHERE id = $1`, [submissionId, event.reason, now]);
      await sql.query('UPDATE data_access_requests SET state = $2, etag = $3, modified_at = $4 WHERE id = $1', [request.id, 'REVOKED', randomUUID(), now]);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'request.revoked', targetType: 'data-access-request', targetId: request.id,
        details: { submissionId, reason: event.reason, approvals: revoked },
      });
      const ar = await requirementRow(sql, request.access_requirement_id);
      const submission = (await findSubmission(sql, submissionId))!;
      const message = await renderNotice(sql, ctx, 'revoked', { ar, request, submission, extra: { reason: event.reason, reviewerName: user.displayName } });
      await sendNotice(sql, ctx, 'revoked', [request.requestor_id, ...live.map((l) => l.accessor_id)], message, links.request(request.id));
    }
    return oneSubmission(ctx, sql, submissionId, { withEmail: true });
  });
}
