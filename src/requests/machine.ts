/**
 * The life cycle of a data access request (SPEC §8), as a pure function: `handle(snapshot, actor, command)`
 * returns the events the command causes, or the named error that refuses it. `evolve` folds an event into the
 * snapshot. No I/O, no clock: the use cases in requests.ts load the snapshot under a row lock, call `handle`,
 * write what the events say, and store the evolved snapshot, all in one transaction.
 *
 *   DRAFT → SUBMITTED → APPROVED | REJECTED;  SUBMITTED → CANCELLED (requestor);
 *   APPROVED → EXPIRED (the expiry job) | REVOKED (ACT);
 *   APPROVED, REJECTED, CANCELLED, EXPIRED → (edit the working copy) → SUBMITTED again: a renewal, a new version.
 *   SUBMITTED → RETURNED (a reviewer, with a comment) → (the requestor edits) → SUBMITTED again, a new version.
 *   Submit may be decided at once by the AR's automatic rules (AutoApproved, AutoRejected: the system, with the
 *   rule), or refused (USER_BLOCKED) when someone on it is on the AR's block list. Revoke may add blocks.
 *   At any state: AddRemark (reviewers and ACT, private or visible; the requestor answers visible ones).
 *   DRAFT (never submitted) → DeleteDraft (gone); CopyAsNew starts a new draft from any request.
 *
 * Commands a retry could repeat are idempotent: submitting a request that is already submitted, and deciding,
 * cancelling, revoking or expiring a submission a second time the same way, cause no events (nothing is
 * approved, notified or recorded twice). A decision is a retry only when the same reviewer repeats it (the same
 * way, with the same reason); any other decision on a submission already decided is refused with ALREADY_DECIDED,
 * naming who decided, how and when, so that no reviewer believes a decision counted that did not.
 */

import { missingErrors, type FieldError } from './form.js';

export const REQUEST_STATES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'REVOKED', 'RETURNED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
/** Submissions have every state but DRAFT. */
export type SubmissionState = Exclude<RequestState, 'DRAFT'>;

export interface RequestSnapshot {
  state: RequestState;
  requestorId: number;
  /** The newest submission (the request's current version); null before the first. */
  currentSubmissionId: number | null;
  /** How many times the request was submitted. */
  version: number;
  /** The reviewer's decision on the current submission, once decided (the state may have moved on since). */
  decision?: DecisionFacts | null;
  /** Who returned the current submission to the requestor, with what comment (RETURNED). */
  returned?: { by: number; comment: string } | null;
}

/** Who decided on a submission, how and when: what a second reviewer is told. */
export interface DecisionFacts {
  outcome: 'APPROVED' | 'REJECTED';
  /** null when the deciding account is not known (it is then no one's retry). */
  by: number | null;
  byName: string;
  /** ISO 8601. */
  at: string;
  /** The rejection reason; null for an approval. */
  reason: string | null;
}

/**
 * Who gives the command. A user carries the facts the rules need: ACT (or admin), holding REVIEW_SUBMISSIONS on
 * the AR's ACL (a delegated reviewer), validated. The system is the expiry job.
 */
export type Actor =
  | { kind: 'user'; id: number; isAct: boolean; isDelegatedReviewer: boolean; isValidated: boolean }
  | { kind: 'system' };

export interface MissingField {
  key: string;
  label: string;
}

export interface RefusedAccessor {
  userId: number;
  username: string;
  message: string;
}

/** Someone on the request who is on the AR's block list now (the requestor or an accessor). */
export interface BlockedUser {
  userId: number;
  username: string;
  reason: string;
  /** ISO 8601; null = until ACT lifts the block. */
  until: string | null;
}

/** The AR's automatic handling of submissions (request rules, set by ACT). */
export interface AutoRules {
  /** Approve on submission when every accessor is validated and nobody is blocked (low-risk data). */
  approveWhenValidated: boolean;
  /** Record the submission and reject it when someone on it is blocked (instead of refusing to submit). */
  rejectWhenBlocked: boolean;
}

export const AUTO_RULES = { approve: 'APPROVE_WHEN_VALIDATED', reject: 'REJECT_WHEN_BLOCKED' } as const;
export type AutoRule = (typeof AUTO_RULES)[keyof typeof AUTO_RULES];

export type RemarkVisibility = 'private' | 'visible';

export type Command =
  | { type: 'SaveDraft' }
  | {
    type: 'Submit'; submissionId: number; missing: readonly MissingField[]; refusedAccessors: readonly RefusedAccessor[]; invalid?: readonly FieldError[];
    /** Who on the request is blocked from its AR now. */
    blocked?: readonly BlockedUser[];
    auto?: AutoRules;
    /** Every accessor has a validated profile (what approveWhenValidated needs). */
    allAccessorsValidated?: boolean;
  }
  | { type: 'Cancel'; submissionId: number }
  | { type: 'Approve'; submissionId: number }
  | { type: 'Reject'; submissionId: number; reason: string }
  | { type: 'Revoke'; submissionId: number; reason: string; block?: { userIds: readonly number[]; reason: string; until: string | null } }
  | { type: 'Expire'; submissionId: number }
  | { type: 'Return'; submissionId: number; comment: string }
  | { type: 'AddRemark'; visibility: RemarkVisibility; text: string; replyTo?: { visibility: RemarkVisibility } | null }
  | { type: 'DeleteDraft' }
  | { type: 'CopyAsNew' };

export type CommandType = Command['type'];
export const COMMAND_TYPES: readonly CommandType[] = [
  'SaveDraft', 'Submit', 'Cancel', 'Approve', 'Reject', 'Revoke', 'Expire', 'Return', 'AddRemark', 'DeleteDraft', 'CopyAsNew',
];

export type Event =
  | { type: 'DraftSaved' }
  | { type: 'Submitted'; submissionId: number; version: number; renewal: boolean }
  | { type: 'Cancelled'; submissionId: number }
  | { type: 'Approved'; submissionId: number }
  | { type: 'Rejected'; submissionId: number; reason: string }
  | { type: 'Revoked'; submissionId: number; reason: string }
  | { type: 'Expired'; submissionId: number }
  /** The approvals of an earlier version ran out while a newer version is pending or closed: no state change. */
  | { type: 'ApprovalsLapsed'; submissionId: number }
  | { type: 'Returned'; submissionId: number; comment: string }
  /** Decisions the system took on submission, by the AR's rule. */
  | { type: 'AutoApproved'; submissionId: number; rule: AutoRule }
  | { type: 'AutoRejected'; submissionId: number; rule: AutoRule; reason: string }
  /** ACT revoking also put these users on the AR's block list. */
  | { type: 'Blocked'; userIds: number[]; reason: string; until: string | null }
  | { type: 'RemarkAdded'; visibility: RemarkVisibility; answer: boolean }
  | { type: 'DraftDeleted' }
  | { type: 'CopiedAsNew' };

export const ERRORS = {
  NOT_REQUESTOR: { status: 403, detail: 'Only the requestor may change, submit or cancel this request.' },
  REVIEWER_REQUIRED: { status: 403, detail: 'Only ACT and the reviewers of this access requirement may decide on its requests.' },
  REVIEWER_NOT_VALIDATED: { status: 403, detail: 'A delegated reviewer must have a validated profile to decide on requests.' },
  OWN_REQUEST: { status: 403, detail: 'You cannot decide on your own request; another reviewer must.' },
  ACT_REQUIRED: { status: 403, detail: 'Only members of the Access and Compliance Team may revoke a request.' },
  SYSTEM_ONLY: { status: 403, detail: 'Requests expire on their own when their approvals run out; ACT revokes a request instead.' },
  REQUEST_UNDER_REVIEW: { status: 409, detail: 'This request is submitted and awaiting review, so it cannot be changed. Cancel it first to change it.' },
  REQUEST_REVOKED: { status: 409, detail: 'ACT revoked this request; it cannot be updated or submitted again. Contact ACT.' },
  NOT_SUBMITTED: { status: 409, detail: 'This request has not been submitted, so there is nothing to decide or cancel.' },
  SUBMISSION_SUPERSEDED: { status: 409, detail: 'This submission is not the current version of its request; act on the newest version.' },
  SUBMISSION_CLOSED: { status: 409, detail: 'This submission was already decided, cancelled or closed; it cannot be changed now.' },
  ALREADY_DECIDED: { status: 409, detail: 'This submission was already decided by another reviewer; your decision was not recorded.' },
  NOT_APPROVED: { status: 409, detail: 'Only an approved request can be revoked or expire.' },
  REASON_REQUIRED: { status: 400, detail: 'Give a reason; it is sent to the requestor.' },
  REQUIRED_FIELDS_MISSING: { status: 400, detail: 'Fill in every required field before submitting.' },
  ACCESSORS_REFUSED: { status: 400, detail: 'Some accessors do not meet the requirements of this access requirement.' },
  COMMENT_REQUIRED: { status: 400, detail: 'Say what the requestor should change; the comment is sent to them.' },
  ALREADY_RETURNED: { status: 409, detail: 'This submission was already returned to the requestor; add a remark instead.' },
  USER_BLOCKED: { status: 403, detail: 'Someone on this request is blocked from this access requirement, so it cannot be submitted.' },
  REMARK_TEXT_REQUIRED: { status: 400, detail: 'Write the remark before sending it.' },
  REMARK_FORBIDDEN: { status: 403, detail: 'Only ACT, the reviewers of this access requirement and the requestor may write remarks on a request.' },
  ANSWER_ONLY: { status: 403, detail: 'As the requestor you answer the remarks of reviewers; choose the remark you answer.' },
  REMARK_PRIVATE: { status: 403, detail: 'Only reviewers write private remarks; your answer is visible to the reviewers.' },
  NOT_A_DRAFT: { status: 409, detail: 'Only a draft that was never submitted can be deleted; its versions stay on record.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface RequestError {
  code: ErrorCode;
  status: number;
  detail: string;
  extra?: Record<string, unknown>;
}

export type Outcome = { ok: true; events: Event[] } | { ok: false; error: RequestError };

const fail = (code: ErrorCode, detail: string = ERRORS[code].detail, extra?: Record<string, unknown>): Outcome => ({
  ok: false,
  error: { code, status: ERRORS[code].status, detail, ...(extra ? { extra } : {}) },
});
const emit = (...events: Event[]): Outcome => ({ ok: true, events });

const isRequestor = (s: RequestSnapshot, a: Actor) => a.kind === 'user' && a.id === s.requestorId;

/** Why this actor may not decide (approve or reject) on the request; null when they may. */
function reviewRefusal(s: RequestSnapshot, a: Actor): Outcome | null {
  if (a.kind !== 'user') return fail('REVIEWER_REQUIRED');
  if (!a.isAct && !a.isDelegatedReviewer) return fail('REVIEWER_REQUIRED');
  if (!a.isAct && !a.isValidated) return fail('REVIEWER_NOT_VALIDATED');
  if (a.id === s.requestorId) return fail('OWN_REQUEST');
  return null;
}

/**
 * A decision or cancellation names the submission it is about: the current one, pending. The same command
 * again on a submission already closed that way is a retry, answered with no events.
 */
function onPending(s: RequestSnapshot, submissionId: number, doneState: SubmissionState, event: Event): Outcome {
  if (s.state === 'DRAFT' || s.currentSubmissionId === null) return fail('NOT_SUBMITTED');
  if (submissionId !== s.currentSubmissionId) return fail('SUBMISSION_SUPERSEDED');
  if (s.state === 'SUBMITTED') return emit(event);
  if (s.state === doneState) return emit();
  return fail('SUBMISSION_CLOSED', `This submission is ${s.state} already; it cannot be changed now.`);
}

const OUTCOME_WORDS = { APPROVED: 'approved', REJECTED: 'rejected' } as const;

/** "2026-01-15T09:30:00.000Z" → "2026-01-15 09:30 UTC". */
const minuteUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The refusal of a decision on a submission decided already: who decided, how and when. */
export function alreadyDecided(d: DecisionFacts): Outcome {
  return fail('ALREADY_DECIDED',
    `${d.byName} already ${OUTCOME_WORDS[d.outcome]} this submission on ${minuteUtc(d.at)}; your decision was not recorded.`,
    { decidedBy: d.by === null ? null : { id: d.by, displayName: d.byName }, decision: d.outcome, decidedAt: d.at });
}

/**
 * Approve and Reject: the current submission, pending. Once it is decided, only the same reviewer repeating the
 * same decision (a rejection with the same reason) is a retry, answered with no events; any other decision is
 * refused, naming who decided, how and when.
 */
function onUndecided(s: RequestSnapshot, actor: Actor, command: Command & { type: 'Approve' | 'Reject' }, event: Event): Outcome {
  if (s.state === 'DRAFT' || s.currentSubmissionId === null) return fail('NOT_SUBMITTED');
  if (command.submissionId !== s.currentSubmissionId) return fail('SUBMISSION_SUPERSEDED');
  if (s.state === 'SUBMITTED') return emit(event);
  const d = s.decision;
  if (!d) return fail('SUBMISSION_CLOSED', `This submission is ${s.state} already; it cannot be changed now.`);
  const outcome = command.type === 'Approve' ? 'APPROVED' : 'REJECTED';
  const sameReason = command.type === 'Approve' || (d.reason ?? '').trim() === command.reason.trim();
  const retry = actor.kind === 'user' && d.by === actor.id && d.outcome === outcome && s.state === outcome && sameReason;
  return retry ? emit() : alreadyDecided(d);
}

/** Revoke and Expire act on the current, approved submission. */
function onApproved(s: RequestSnapshot, submissionId: number, doneState: SubmissionState, event: Event): Outcome {
  if (s.currentSubmissionId === null || submissionId !== s.currentSubmissionId) {
    return s.state === 'DRAFT' || s.currentSubmissionId === null ? fail('NOT_APPROVED') : fail('SUBMISSION_SUPERSEDED');
  }
  if (s.state === 'APPROVED') return emit(event);
  if (s.state === doneState) return emit();
  return fail('NOT_APPROVED');
}

/** The refusal of a blocked user's submission: who, why, and until when. */
function blockedRefusal(blocked: readonly BlockedUser[]): Outcome {
  const lines = blocked.map((b) => `${b.username} is blocked from this access requirement${b.until ? ` until ${b.until.slice(0, 10)}` : ''}: ${b.reason.trim().replace(/[.\s]+$/, '')}`);
  return fail('USER_BLOCKED', `${lines.join('; ')}. Contact ACT.`, { blocked });
}

/** The sentence recorded as the reason of a rejection by the REJECT_WHEN_BLOCKED rule. */
export const blockedReason = (blocked: readonly BlockedUser[]) =>
  `Rejected automatically: ${blocked.map((b) => `${b.username} is blocked from this access requirement (${b.reason.trim().replace(/[.\s]+$/, '')})`).join('; ')}.`;

export function handle(s: RequestSnapshot, actor: Actor, command: Command): Outcome {
  switch (command.type) {
    case 'SaveDraft': {
      if (!isRequestor(s, actor)) return fail('NOT_REQUESTOR');
      if (s.state === 'SUBMITTED') return fail('REQUEST_UNDER_REVIEW');
      if (s.state === 'REVOKED') return fail('REQUEST_REVOKED');
      return emit({ type: 'DraftSaved' });
    }
    case 'Submit': {
      if (!isRequestor(s, actor)) return fail('NOT_REQUESTOR');
      // Submitting again what is already submitted (a retry) changes nothing.
      if (s.state === 'SUBMITTED') return emit();
      if (s.state === 'REVOKED') return fail('REQUEST_REVOKED');
      const blocked = command.blocked ?? [];
      // A blocked user is told at once, before any field: nothing they fill in would change the answer.
      if (blocked.length > 0 && !command.auto?.rejectWhenBlocked) return blockedRefusal(blocked);
      // Every missing field and every invalid answer at once: the requestor fixes them all in one pass.
      if (command.missing.length > 0) {
        const invalid = command.invalid ?? [];
        return fail('REQUIRED_FIELDS_MISSING',
          `Fill in every required field before submitting; missing: ${command.missing.map((m) => m.label).join(', ')}.` +
            (invalid.length > 0 ? ` Also correct: ${invalid.map((e) => e.label ?? e.field).join(', ')}.` : ''),
          { missing: command.missing, errors: [...missingErrors(command.missing), ...invalid] });
      }
      if (command.refusedAccessors.length > 0) {
        return fail('ACCESSORS_REFUSED', command.refusedAccessors.map((r) => r.message).join(' '), { refused: command.refusedAccessors });
      }
      const submitted: Event = { type: 'Submitted', submissionId: command.submissionId, version: s.version + 1, renewal: s.version > 0 };
      if (blocked.length > 0) {
        return emit(submitted, { type: 'AutoRejected', submissionId: command.submissionId, rule: AUTO_RULES.reject, reason: blockedReason(blocked) });
      }
      if (command.auto?.approveWhenValidated && command.allAccessorsValidated) {
        return emit(submitted, { type: 'AutoApproved', submissionId: command.submissionId, rule: AUTO_RULES.approve });
      }
      return emit(submitted);
    }
    case 'Cancel': {
      if (!isRequestor(s, actor)) return fail('NOT_REQUESTOR');
      return onPending(s, command.submissionId, 'CANCELLED', { type: 'Cancelled', submissionId: command.submissionId });
    }
    case 'Approve': {
      const refusal = reviewRefusal(s, actor);
      if (refusal) return refusal;
      return onUndecided(s, actor, command, { type: 'Approved', submissionId: command.submissionId });
    }
    case 'Reject': {
      const refusal = reviewRefusal(s, actor);
      if (refusal) return refusal;
      const reason = command.reason.trim();
      if (!reason) return fail('REASON_REQUIRED');
      return onUndecided(s, actor, command, { type: 'Rejected', submissionId: command.submissionId, reason });
    }
    case 'Revoke': {
      if (actor.kind !== 'user' || !actor.isAct) return fail('ACT_REQUIRED');
      const reason = command.reason.trim();
      if (!reason) return fail('REASON_REQUIRED');
      const revoked = onApproved(s, command.submissionId, 'REVOKED', { type: 'Revoked', submissionId: command.submissionId, reason });
      const block = command.block;
      if (!revoked.ok || revoked.events.length === 0 || !block || block.userIds.length === 0) return revoked;
      return emit(...revoked.events, { type: 'Blocked', userIds: [...new Set(block.userIds)], reason: block.reason.trim() || reason, until: block.until });
    }
    case 'Expire': {
      if (actor.kind !== 'system') return fail('SYSTEM_ONLY');
      // An earlier version's approvals can outlive it while a renewal is pending or closed; they lapse alone.
      if (s.currentSubmissionId !== null && command.submissionId !== s.currentSubmissionId) {
        return emit({ type: 'ApprovalsLapsed', submissionId: command.submissionId });
      }
      return onApproved(s, command.submissionId, 'EXPIRED', { type: 'Expired', submissionId: command.submissionId });
    }
    case 'Return': {
      const refusal = reviewRefusal(s, actor);
      if (refusal) return refusal;
      const comment = command.comment.trim();
      if (!comment) return fail('COMMENT_REQUIRED');
      if (s.state === 'DRAFT' || s.currentSubmissionId === null) return fail('NOT_SUBMITTED');
      if (command.submissionId !== s.currentSubmissionId) return fail('SUBMISSION_SUPERSEDED');
      if (s.state === 'SUBMITTED') return emit({ type: 'Returned', submissionId: command.submissionId, comment });
      if (s.state === 'RETURNED') {
        // The same reviewer repeating the same return is a retry; any other return would be a comment never sent.
        const r = s.returned;
        return r && actor.kind === 'user' && r.by === actor.id && r.comment.trim() === comment ? emit() : fail('ALREADY_RETURNED');
      }
      if (s.decision) return alreadyDecided(s.decision);
      return fail('SUBMISSION_CLOSED', `This submission is ${s.state} already; it cannot be changed now.`);
    }
    case 'AddRemark': {
      if (actor.kind !== 'user') return fail('REMARK_FORBIDDEN');
      if (!command.text.trim()) return fail('REMARK_TEXT_REQUIRED');
      // Reviewers and ACT write remarks at any state, private or visible; that includes answering one.
      if (mayReview(actor)) return emit({ type: 'RemarkAdded', visibility: command.visibility, answer: !!command.replyTo });
      if (isRequestor(s, actor)) {
        if (!command.replyTo || command.replyTo.visibility !== 'visible') return fail('ANSWER_ONLY');
        if (command.visibility !== 'visible') return fail('REMARK_PRIVATE');
        return emit({ type: 'RemarkAdded', visibility: 'visible', answer: true });
      }
      if (actor.isDelegatedReviewer && !actor.isValidated) return fail('REVIEWER_NOT_VALIDATED');
      return fail('REMARK_FORBIDDEN');
    }
    case 'DeleteDraft': {
      if (!isRequestor(s, actor)) return fail('NOT_REQUESTOR');
      if (s.state !== 'DRAFT' || s.currentSubmissionId !== null) return fail('NOT_A_DRAFT');
      return emit({ type: 'DraftDeleted' });
    }
    case 'CopyAsNew': {
      // Any request of theirs, whatever its state: the copy is a new draft, the original stays as it is.
      if (!isRequestor(s, actor)) return fail('NOT_REQUESTOR');
      return emit({ type: 'CopiedAsNew' });
    }
  }
}

/** The snapshot after an event. */
export function evolve(s: RequestSnapshot, event: Event): RequestSnapshot {
  switch (event.type) {
    case 'DraftSaved':
    case 'ApprovalsLapsed':
    case 'Blocked':
    case 'RemarkAdded':
    case 'DraftDeleted':
    case 'CopiedAsNew':
      return s;
    case 'Returned':
      return { ...s, state: 'RETURNED' };
    case 'AutoApproved':
      return { ...s, state: 'APPROVED' };
    case 'AutoRejected':
      return { ...s, state: 'REJECTED' };
    case 'Submitted':
      // A new version, not decided yet.
      return { ...s, state: 'SUBMITTED', currentSubmissionId: event.submissionId, version: event.version, decision: null };
    case 'Cancelled':
      return { ...s, state: 'CANCELLED' };
    case 'Approved':
      return { ...s, state: 'APPROVED' };
    case 'Rejected':
      return { ...s, state: 'REJECTED' };
    case 'Revoked':
      return { ...s, state: 'REVOKED' };
    case 'Expired':
      return { ...s, state: 'EXPIRED' };
  }
}

/** Who may see a request: its requestor and accessors, ACT, and its AR's validated delegated reviewers. */
export function mayView(s: RequestSnapshot, accessorIds: readonly number[], actor: Actor): boolean {
  if (actor.kind === 'system') return true;
  return actor.id === s.requestorId || accessorIds.includes(actor.id) || mayReview(actor);
}

/**
 * Why the actor may not see the request, or null when they may (mayView). A delegated reviewer who is not
 * validated yet knows the request exists (GET /reviews counts it as waiting for them), so they are told what
 * stands in the way, REVIEWER_NOT_VALIDATED, rather than that it does not exist; anyone else who may not see it
 * gets NOT_VISIBLE, which the use cases answer with a 404 so that existence does not leak.
 */
export function viewRefusal(s: RequestSnapshot, accessorIds: readonly number[], actor: Actor): 'REVIEWER_NOT_VALIDATED' | 'NOT_VISIBLE' | null {
  if (mayView(s, accessorIds, actor)) return null;
  if (actor.kind === 'user' && actor.isDelegatedReviewer && !actor.isValidated) return 'REVIEWER_NOT_VALIDATED';
  return 'NOT_VISIBLE';
}

/** ACT, or a delegated reviewer with a validated profile (SPEC §8). */
export function mayReview(actor: Actor): boolean {
  return actor.kind === 'system' || actor.isAct || (actor.isDelegatedReviewer && actor.isValidated);
}

/** Whether the requestor may edit the working copy in this state (the same answer SaveDraft gives). */
export const mayEdit = (state: RequestState): boolean => state !== 'SUBMITTED' && state !== 'REVOKED';
