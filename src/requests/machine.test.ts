import { describe, expect, it } from 'vitest';
import {
  COMMAND_TYPES, evolve, handle, mayEdit, mayView, REQUEST_STATES, viewRefusal,
  type Actor, type Command, type CommandType, type Outcome, type RequestSnapshot, type RequestState,
} from './machine.js';

/**
 * Every command in every state by every role, with the events it causes or the error that refuses it. The
 * expected tables are written out by hand, row by row, so that they read as the rules and do not repeat the
 * code's logic.
 */

const REQUESTOR = 1;
const ACT_REQUESTOR = 7;
const CURRENT = 10;

const ROLES = {
  requestor: { kind: 'user', id: REQUESTOR, isAct: false, isDelegatedReviewer: false, isValidated: true },
  accessor: { kind: 'user', id: 2, isAct: false, isDelegatedReviewer: false, isValidated: true },
  act: { kind: 'user', id: 3, isAct: true, isDelegatedReviewer: false, isValidated: false },
  reviewer: { kind: 'user', id: 4, isAct: false, isDelegatedReviewer: true, isValidated: true },
  unvalidatedReviewer: { kind: 'user', id: 5, isAct: false, isDelegatedReviewer: true, isValidated: false },
  stranger: { kind: 'user', id: 6, isAct: false, isDelegatedReviewer: false, isValidated: true },
  actRequestor: { kind: 'user', id: ACT_REQUESTOR, isAct: true, isDelegatedReviewer: false, isValidated: true },
  system: { kind: 'system' },
} as const satisfies Record<string, Actor>;
type Role = keyof typeof ROLES;
const ROLE_NAMES = Object.keys(ROLES) as Role[];

const DECIDED_AT = '2026-01-15T09:30:00.000Z';
const REASON = 'The DUC is not signed.';
const COMMENT = 'Attach the signed DUC, please.';

/**
 * The request in the state, as the machine sees it for the role. A decided submission (APPROVED, REJECTED, and
 * EXPIRED or REVOKED after an approval) was decided by the ACT member, so that the table shows who may retry.
 */
function snapshot(state: RequestState, role: Role): RequestSnapshot {
  const outcome = state === 'REJECTED' ? 'REJECTED' : ['APPROVED', 'EXPIRED', 'REVOKED'].includes(state) ? 'APPROVED' : null;
  return {
    state,
    requestorId: role === 'actRequestor' ? ACT_REQUESTOR : REQUESTOR,
    currentSubmissionId: state === 'DRAFT' ? null : CURRENT,
    version: state === 'DRAFT' ? 0 : 1,
    decision: outcome === null ? null : { outcome, by: ROLES.act.id, byName: 'Aron', at: DECIDED_AT, reason: outcome === 'REJECTED' ? REASON : null },
    // A returned submission was returned by the ACT member.
    ...(state === 'RETURNED' ? { returned: { by: ROLES.act.id, comment: COMMENT } } : {}),
  };
}

const COMMANDS: Record<CommandType, Command> = {
  SaveDraft: { type: 'SaveDraft' },
  Submit: { type: 'Submit', submissionId: 11, missing: [], refusedAccessors: [] },
  Cancel: { type: 'Cancel', submissionId: CURRENT },
  Approve: { type: 'Approve', submissionId: CURRENT },
  Reject: { type: 'Reject', submissionId: CURRENT, reason: REASON },
  Revoke: { type: 'Revoke', submissionId: CURRENT, reason: 'Data shared outside the study.' },
  Expire: { type: 'Expire', submissionId: CURRENT },
  Return: { type: 'Return', submissionId: CURRENT, comment: COMMENT },
  // A remark of its own (not an answer), visible to the requestor.
  AddRemark: { type: 'AddRemark', visibility: 'visible', text: 'Is the cohort the 2024 one?', replyTo: null },
  DeleteDraft: { type: 'DeleteDraft' },
  CopyAsNew: { type: 'CopyAsNew' },
};

/** An outcome in one word: the events' types joined, "none" for a retry that changes nothing, or the error code. */
const brief = (o: Outcome) => (o.ok ? (o.events.length === 0 ? 'none' : o.events.map((e) => e.type).join('+')) : o.error.code);

// Columns: requestor, accessor, act, reviewer, unvalidatedReviewer, stranger, actRequestor, system.
type Row = [string, string, string, string, string, string, string, string];
const NR = 'NOT_REQUESTOR';
const RR = 'REVIEWER_REQUIRED';
const RNV = 'REVIEWER_NOT_VALIDATED';
const OWN = 'OWN_REQUEST';
const ACT = 'ACT_REQUIRED';
const SYS = 'SYSTEM_ONLY';
const AD = 'ALREADY_DECIDED';
const SC = 'SUBMISSION_CLOSED';
const NS = 'NOT_SUBMITTED';
const NAD = 'NOT_A_DRAFT';
const RF = 'REMARK_FORBIDDEN';
const REMARK: Row = ['ANSWER_ONLY', RF, 'RemarkAdded', 'RemarkAdded', RNV, RF, 'RemarkAdded', RF];
const COPY: Row = ['CopiedAsNew', NR, NR, NR, NR, NR, 'CopiedAsNew', NR];
const NOT_DRAFT: Row = [NAD, NR, NR, NR, NR, NR, NAD, NR];

const EXPECTED: Record<CommandType, Record<RequestState, Row>> = {
  SaveDraft: {
    DRAFT: ['DraftSaved', NR, NR, NR, NR, NR, 'DraftSaved', NR],
    SUBMITTED: ['REQUEST_UNDER_REVIEW', NR, NR, NR, NR, NR, 'REQUEST_UNDER_REVIEW', NR],
    APPROVED: ['DraftSaved', NR, NR, NR, NR, NR, 'DraftSaved', NR],
    REJECTED: ['DraftSaved', NR, NR, NR, NR, NR, 'DraftSaved', NR],
    CANCELLED: ['DraftSaved', NR, NR, NR, NR, NR, 'DraftSaved', NR],
    EXPIRED: ['DraftSaved', NR, NR, NR, NR, NR, 'DraftSaved', NR],
    REVOKED: ['REQUEST_REVOKED', NR, NR, NR, NR, NR, 'REQUEST_REVOKED', NR],
    RETURNED: ['DraftSaved', NR, NR, NR, NR, NR, 'DraftSaved', NR],
  },
  Submit: {
    DRAFT: ['Submitted', NR, NR, NR, NR, NR, 'Submitted', NR],
    SUBMITTED: ['none', NR, NR, NR, NR, NR, 'none', NR],
    APPROVED: ['Submitted', NR, NR, NR, NR, NR, 'Submitted', NR],
    REJECTED: ['Submitted', NR, NR, NR, NR, NR, 'Submitted', NR],
    CANCELLED: ['Submitted', NR, NR, NR, NR, NR, 'Submitted', NR],
    EXPIRED: ['Submitted', NR, NR, NR, NR, NR, 'Submitted', NR],
    REVOKED: ['REQUEST_REVOKED', NR, NR, NR, NR, NR, 'REQUEST_REVOKED', NR],
    RETURNED: ['Submitted', NR, NR, NR, NR, NR, 'Submitted', NR],
  },
  Cancel: {
    DRAFT: ['NOT_SUBMITTED', NR, NR, NR, NR, NR, 'NOT_SUBMITTED', NR],
    SUBMITTED: ['Cancelled', NR, NR, NR, NR, NR, 'Cancelled', NR],
    APPROVED: ['SUBMISSION_CLOSED', NR, NR, NR, NR, NR, 'SUBMISSION_CLOSED', NR],
    REJECTED: ['SUBMISSION_CLOSED', NR, NR, NR, NR, NR, 'SUBMISSION_CLOSED', NR],
    CANCELLED: ['none', NR, NR, NR, NR, NR, 'none', NR],
    EXPIRED: ['SUBMISSION_CLOSED', NR, NR, NR, NR, NR, 'SUBMISSION_CLOSED', NR],
    REVOKED: ['SUBMISSION_CLOSED', NR, NR, NR, NR, NR, 'SUBMISSION_CLOSED', NR],
    RETURNED: ['SUBMISSION_CLOSED', NR, NR, NR, NR, NR, 'SUBMISSION_CLOSED', NR],
  },
  // Decided submissions were decided by the ACT member: only they, repeating the same decision, retry.
  Approve: {
    DRAFT: [RR, RR, 'NOT_SUBMITTED', 'NOT_SUBMITTED', RNV, RR, OWN, RR],
    SUBMITTED: [RR, RR, 'Approved', 'Approved', RNV, RR, OWN, RR],
    APPROVED: [RR, RR, 'none', AD, RNV, RR, OWN, RR],
    REJECTED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    CANCELLED: [RR, RR, SC, SC, RNV, RR, OWN, RR],
    EXPIRED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    REVOKED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    RETURNED: [RR, RR, SC, SC, RNV, RR, OWN, RR],
  },
  Reject: {
    DRAFT: [RR, RR, 'NOT_SUBMITTED', 'NOT_SUBMITTED', RNV, RR, OWN, RR],
    SUBMITTED: [RR, RR, 'Rejected', 'Rejected', RNV, RR, OWN, RR],
    APPROVED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    REJECTED: [RR, RR, 'none', AD, RNV, RR, OWN, RR],
    CANCELLED: [RR, RR, SC, SC, RNV, RR, OWN, RR],
    EXPIRED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    REVOKED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    RETURNED: [RR, RR, SC, SC, RNV, RR, OWN, RR],
  },
  Revoke: {
    DRAFT: [ACT, ACT, 'NOT_APPROVED', ACT, ACT, ACT, 'NOT_APPROVED', ACT],
    SUBMITTED: [ACT, ACT, 'NOT_APPROVED', ACT, ACT, ACT, 'NOT_APPROVED', ACT],
    APPROVED: [ACT, ACT, 'Revoked', ACT, ACT, ACT, 'Revoked', ACT],
    REJECTED: [ACT, ACT, 'NOT_APPROVED', ACT, ACT, ACT, 'NOT_APPROVED', ACT],
    CANCELLED: [ACT, ACT, 'NOT_APPROVED', ACT, ACT, ACT, 'NOT_APPROVED', ACT],
    EXPIRED: [ACT, ACT, 'NOT_APPROVED', ACT, ACT, ACT, 'NOT_APPROVED', ACT],
    REVOKED: [ACT, ACT, 'none', ACT, ACT, ACT, 'none', ACT],
    RETURNED: [ACT, ACT, 'NOT_APPROVED', ACT, ACT, ACT, 'NOT_APPROVED', ACT],
  },
  Expire: {
    DRAFT: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'NOT_APPROVED'],
    SUBMITTED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'NOT_APPROVED'],
    APPROVED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'Expired'],
    REJECTED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'NOT_APPROVED'],
    CANCELLED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'NOT_APPROVED'],
    EXPIRED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'none'],
    REVOKED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'NOT_APPROVED'],
    RETURNED: [SYS, SYS, SYS, SYS, SYS, SYS, SYS, 'NOT_APPROVED'],
  },
  // Returned by the ACT member: only they, repeating the same comment, retry.
  Return: {
    DRAFT: [RR, RR, NS, NS, RNV, RR, OWN, RR],
    SUBMITTED: [RR, RR, 'Returned', 'Returned', RNV, RR, OWN, RR],
    APPROVED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    REJECTED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    CANCELLED: [RR, RR, SC, SC, RNV, RR, OWN, RR],
    EXPIRED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    REVOKED: [RR, RR, AD, AD, RNV, RR, OWN, RR],
    RETURNED: [RR, RR, 'none', 'ALREADY_RETURNED', RNV, RR, OWN, RR],
  },
  // At any state; the requestor only answers (see the details below).
  AddRemark: {
    DRAFT: REMARK, SUBMITTED: REMARK, APPROVED: REMARK, REJECTED: REMARK, CANCELLED: REMARK, EXPIRED: REMARK, REVOKED: REMARK, RETURNED: REMARK,
  },
  DeleteDraft: {
    DRAFT: ['DraftDeleted', NR, NR, NR, NR, NR, 'DraftDeleted', NR],
    SUBMITTED: NOT_DRAFT, APPROVED: NOT_DRAFT, REJECTED: NOT_DRAFT, CANCELLED: NOT_DRAFT, EXPIRED: NOT_DRAFT, REVOKED: NOT_DRAFT, RETURNED: NOT_DRAFT,
  },
  CopyAsNew: {
    DRAFT: COPY, SUBMITTED: COPY, APPROVED: COPY, REJECTED: COPY, CANCELLED: COPY, EXPIRED: COPY, REVOKED: COPY, RETURNED: COPY,
  },
};

/** The state each event leads to. */
const LEADS_TO: Record<string, RequestState | 'unchanged'> = {
  DraftSaved: 'unchanged', Submitted: 'SUBMITTED', Cancelled: 'CANCELLED', Approved: 'APPROVED', Rejected: 'REJECTED',
  Revoked: 'REVOKED', Expired: 'EXPIRED', ApprovalsLapsed: 'unchanged',
  Returned: 'RETURNED', AutoApproved: 'APPROVED', AutoRejected: 'REJECTED', Blocked: 'unchanged', RemarkAdded: 'unchanged',
  DraftDeleted: 'unchanged', CopiedAsNew: 'unchanged',
};

describe('the request state machine: every command in every state by every role', () => {
  for (const type of COMMAND_TYPES) {
    describe(type, () => {
      for (const state of REQUEST_STATES) {
        it(`in ${state}: ${ROLE_NAMES.map((r, i) => `${r} → ${EXPECTED[type][state][i]}`).join(', ')}`, () => {
          const got = ROLE_NAMES.map((role) => brief(handle(snapshot(state, role), ROLES[role], COMMANDS[type])));
          expect(got).toEqual(EXPECTED[type][state]);
        });
      }
    });
  }

  it('covers every command and every state', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...COMMAND_TYPES].sort());
    for (const type of COMMAND_TYPES) expect(Object.keys(EXPECTED[type]).sort()).toEqual([...REQUEST_STATES].sort());
  });

  it('each event leads to its state, and a refused command leaves the state as it was', () => {
    for (const type of COMMAND_TYPES) {
      for (const state of REQUEST_STATES) {
        for (const role of ROLE_NAMES) {
          const before = snapshot(state, role);
          const outcome = handle(before, ROLES[role], COMMANDS[type]);
          if (!outcome.ok) continue;
          const after = outcome.events.reduce(evolve, before);
          const last = outcome.events.at(-1);
          const expected = last === undefined || LEADS_TO[last.type] === 'unchanged' ? state : LEADS_TO[last.type];
          expect(after.state, `${type} in ${state} by ${role}`).toBe(expected);
        }
      }
    }
  });

  it('every error names its HTTP status and a sentence to show', () => {
    for (const type of COMMAND_TYPES) {
      for (const state of REQUEST_STATES) {
        for (const role of ROLE_NAMES) {
          const outcome = handle(snapshot(state, role), ROLES[role], COMMANDS[type]);
          if (outcome.ok) continue;
          expect([400, 403, 409]).toContain(outcome.error.status);
          expect(outcome.error.detail).toMatch(/\.$/);
        }
      }
    }
  });
});

describe('the request state machine: details', () => {
  const requestor = ROLES.requestor;
  const act = ROLES.act;

  it('a first submission is version 1; a resubmission after a decision is a renewal with the next version', () => {
    const first = handle(snapshot('DRAFT', 'requestor'), requestor, COMMANDS.Submit);
    expect(first).toEqual({ ok: true, events: [{ type: 'Submitted', submissionId: 11, version: 1, renewal: false }] });
    const draft = first.ok ? first.events.reduce(evolve, snapshot('DRAFT', 'requestor')) : null;
    expect(draft).toEqual({ state: 'SUBMITTED', requestorId: REQUESTOR, currentSubmissionId: 11, version: 1, decision: null });
    const renewal = handle({ ...snapshot('APPROVED', 'requestor'), version: 3 }, requestor, { type: 'Submit', submissionId: 12, missing: [], refusedAccessors: [] });
    expect(renewal).toEqual({ ok: true, events: [{ type: 'Submitted', submissionId: 12, version: 4, renewal: true }] });
  });

  it('submitting with required fields empty lists every missing field', () => {
    const missing = [{ key: 'studyLead', label: 'Study lead' }, { key: 'duc', label: 'Data use certificate (DUC)' }];
    const outcome = handle(snapshot('DRAFT', 'requestor'), requestor, { ...COMMANDS.Submit, missing } as Command);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'REQUIRED_FIELDS_MISSING', status: 400,
        detail: 'Fill in every required field before submitting; missing: Study lead, Data use certificate (DUC).',
        extra: {
          missing,
          errors: [
            { field: 'body.answers.studyLead', pointer: '/answers/studyLead', message: 'is required', code: 'REQUIRED', label: 'Study lead', sentence: 'Fill this in.' },
            { field: 'body.answers.duc', pointer: '/answers/duc', message: 'is required', code: 'REQUIRED', label: 'Data use certificate (DUC)', sentence: 'Fill this in.' },
          ],
        },
      },
    });
  });

  it('a submit missing fields lists the invalid answers with them, in one answer', () => {
    const missing = [{ key: 'studyLead', label: 'Study lead' }];
    const invalid = [{ field: 'body.answers.contact', message: 'must be an email address', code: 'NOT_AN_EMAIL' as const, label: 'Contact email' }];
    const outcome = handle(snapshot('DRAFT', 'requestor'), requestor, { ...COMMANDS.Submit, missing, invalid } as Command);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        code: 'REQUIRED_FIELDS_MISSING',
        detail: 'Fill in every required field before submitting; missing: Study lead. Also correct: Contact email.',
        extra: { missing, errors: [{ field: 'body.answers.studyLead', code: 'REQUIRED' }, { field: 'body.answers.contact', code: 'NOT_AN_EMAIL' }] },
      },
    });
  });

  it('submitting with an accessor who fails the rules is refused with their message', () => {
    const refusedAccessors = [{ userId: 9, username: 'bob', message: 'bob must be certified to be an accessor of this request.' }];
    const outcome = handle(snapshot('REJECTED', 'requestor'), requestor, { ...COMMANDS.Submit, refusedAccessors } as Command);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ACCESSORS_REFUSED', status: 400, detail: refusedAccessors[0].message, extra: { refused: refusedAccessors } } });
  });

  it('missing fields are reported before refused accessors, and the state is checked before both', () => {
    const both = { ...COMMANDS.Submit, missing: [{ key: 'institution', label: 'Institution' }], refusedAccessors: [{ userId: 9, username: 'bob', message: 'no.' }] } as Command;
    expect(brief(handle(snapshot('DRAFT', 'requestor'), requestor, both))).toBe('REQUIRED_FIELDS_MISSING');
    expect(brief(handle(snapshot('REVOKED', 'requestor'), requestor, both))).toBe('REQUEST_REVOKED');
    expect(brief(handle(snapshot('SUBMITTED', 'requestor'), requestor, both))).toBe('none');
  });

  it('a reject or revoke without a reason is refused, whatever the state', () => {
    for (const state of REQUEST_STATES) {
      expect(brief(handle(snapshot(state, 'act'), act, { type: 'Reject', submissionId: CURRENT, reason: '  ' }))).toBe('REASON_REQUIRED');
      expect(brief(handle(snapshot(state, 'act'), act, { type: 'Revoke', submissionId: CURRENT, reason: '' }))).toBe('REASON_REQUIRED');
    }
  });

  it('the reason is kept trimmed in the event', () => {
    expect(handle(snapshot('SUBMITTED', 'act'), act, { type: 'Reject', submissionId: CURRENT, reason: '  Unsigned DUC. ' }))
      .toEqual({ ok: true, events: [{ type: 'Rejected', submissionId: CURRENT, reason: 'Unsigned DUC.' }] });
  });

  it('a command about an older version is refused as superseded; expiry of an older version lapses its approvals alone', () => {
    const old = 9;
    for (const state of ['SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED'] as const) {
      expect(brief(handle(snapshot(state, 'requestor'), requestor, { type: 'Cancel', submissionId: old }))).toBe('SUBMISSION_SUPERSEDED');
      expect(brief(handle(snapshot(state, 'act'), act, { type: 'Approve', submissionId: old }))).toBe('SUBMISSION_SUPERSEDED');
      expect(brief(handle(snapshot(state, 'act'), act, { type: 'Reject', submissionId: old, reason: 'x' }))).toBe('SUBMISSION_SUPERSEDED');
      expect(brief(handle(snapshot(state, 'act'), act, { type: 'Revoke', submissionId: old, reason: 'x' }))).toBe('SUBMISSION_SUPERSEDED');
      const lapsed = handle(snapshot(state, 'requestor'), ROLES.system, { type: 'Expire', submissionId: old });
      expect(lapsed).toEqual({ ok: true, events: [{ type: 'ApprovalsLapsed', submissionId: old }] });
      expect(lapsed.ok && lapsed.events.reduce(evolve, snapshot(state, 'requestor')).state).toBe(state);
    }
  });

  it('the same reviewer deciding twice the same way is a retry that causes nothing: no second approval, no second email', () => {
    let s = snapshot('SUBMITTED', 'act');
    const first = handle(s, act, COMMANDS.Approve);
    expect(brief(first)).toBe('Approved');
    if (first.ok) s = { ...first.events.reduce(evolve, s), decision: { outcome: 'APPROVED', by: act.id, byName: 'Aron', at: DECIDED_AT, reason: null } };
    expect(handle(s, act, COMMANDS.Approve)).toEqual({ ok: true, events: [] });
    const rejected = snapshot('REJECTED', 'act');
    expect(handle(rejected, act, COMMANDS.Reject)).toEqual({ ok: true, events: [] });
    // The same reviewer with another reason is not repeating the command: the new reason would never be sent.
    expect(brief(handle(rejected, act, { ...COMMANDS.Reject, reason: 'Another reason.' } as Command))).toBe(AD);
  });

  it('anyone else deciding on a decided submission is refused with 409, naming who decided, how and when', () => {
    const approved = handle(snapshot('APPROVED', 'reviewer'), ROLES.reviewer, COMMANDS.Approve);
    expect(approved).toEqual({
      ok: false,
      error: {
        code: 'ALREADY_DECIDED', status: 409,
        detail: 'Aron already approved this submission on 2026-01-15 09:30 UTC; your decision was not recorded.',
        extra: { decidedBy: { id: ROLES.act.id, displayName: 'Aron' }, decision: 'APPROVED', decidedAt: DECIDED_AT },
      },
    });
    const rejected = handle(snapshot('REJECTED', 'reviewer'), ROLES.reviewer, COMMANDS.Approve);
    expect(!rejected.ok && rejected.error.detail).toBe('Aron already rejected this submission on 2026-01-15 09:30 UTC; your decision was not recorded.');
    // The one who decided, changing their mind, is refused too: a decision stands.
    expect(brief(handle(snapshot('APPROVED', 'act'), act, COMMANDS.Reject))).toBe(AD);
    // A decision whose author is not known is no one's retry.
    const unknown = { ...snapshot('APPROVED', 'act'), decision: { outcome: 'APPROVED' as const, by: null, byName: 'a former user', at: DECIDED_AT, reason: null } };
    expect(brief(handle(unknown, act, COMMANDS.Approve))).toBe(AD);
    // Without the facts of the decision (a snapshot that does not carry them) the submission is only closed.
    expect(brief(handle({ ...snapshot('APPROVED', 'act'), decision: null }, act, COMMANDS.Approve))).toBe(SC);
  });

  it('who may see a request: requestor, accessors, ACT, validated delegated reviewers, the system', () => {
    const s = snapshot('SUBMITTED', 'requestor');
    const seen = ROLE_NAMES.filter((role) => mayView(s, [2], ROLES[role]));
    expect(seen).toEqual(['requestor', 'accessor', 'act', 'reviewer', 'actRequestor', 'system']);
  });

  it('a delegated reviewer not validated yet is told why they may not see a request; anyone else who may not is not told it exists', () => {
    const s = snapshot('SUBMITTED', 'requestor');
    const refusals = Object.fromEntries(ROLE_NAMES.map((role) => [role, viewRefusal(s, [2], ROLES[role])]));
    expect(refusals).toEqual({
      requestor: null, accessor: null, act: null, reviewer: null, unvalidatedReviewer: 'REVIEWER_NOT_VALIDATED',
      stranger: 'NOT_VISIBLE', actRequestor: null, system: null,
    });
  });

  it('the working copy may be edited in every state but SUBMITTED and REVOKED (a returned one too)', () => {
    expect(REQUEST_STATES.filter(mayEdit)).toEqual(['DRAFT', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'RETURNED']);
  });
});

describe('the request state machine: round 2 (return, remarks, blocks, automatic rules)', () => {
  const requestor = ROLES.requestor;
  const act = ROLES.act;
  const submit = (extra: Partial<Command & { type: 'Submit' }>): Command => ({ ...COMMANDS.Submit, ...extra } as Command);
  const blockedBob = { userId: 9, username: 'bob', reason: 'Shared data outside the study.', until: '2027-01-01T00:00:00.000Z' };

  it('a return needs a comment, kept trimmed in the event; the returned request is edited and resubmitted as the next version', () => {
    expect(brief(handle(snapshot('SUBMITTED', 'act'), act, { type: 'Return', submissionId: CURRENT, comment: ' ' }))).toBe('COMMENT_REQUIRED');
    const returned = handle(snapshot('SUBMITTED', 'act'), act, { type: 'Return', submissionId: CURRENT, comment: '  Fix the IRB. ' });
    expect(returned).toEqual({ ok: true, events: [{ type: 'Returned', submissionId: CURRENT, comment: 'Fix the IRB.' }] });
    const again = handle(snapshot('RETURNED', 'requestor'), requestor, { ...COMMANDS.Submit, submissionId: 12 } as Command);
    expect(again).toEqual({ ok: true, events: [{ type: 'Submitted', submissionId: 12, version: 2, renewal: true }] });
    // The same reviewer with another comment is not a retry: that comment would never reach the requestor.
    expect(brief(handle(snapshot('RETURNED', 'act'), act, { type: 'Return', submissionId: CURRENT, comment: 'Another thing.' }))).toBe('ALREADY_RETURNED');
    expect(brief(handle(snapshot('RETURNED', 'act'), act, { type: 'Return', submissionId: 9, comment: COMMENT }))).toBe('SUBMISSION_SUPERSEDED');
  });

  it('the requestor answers a visible remark, visibly; never a private one, and never writes a remark of their own', () => {
    const s = snapshot('SUBMITTED', 'requestor');
    const answer = (visibility: 'private' | 'visible', replyTo: 'private' | 'visible' | null) =>
      brief(handle(s, requestor, { type: 'AddRemark', visibility, text: 'Done.', replyTo: replyTo && { visibility: replyTo } }));
    expect(answer('visible', 'visible')).toBe('RemarkAdded');
    expect(answer('private', 'visible')).toBe('REMARK_PRIVATE');
    expect(answer('visible', 'private')).toBe('ANSWER_ONLY');
    expect(answer('visible', null)).toBe('ANSWER_ONLY');
    expect(handle(s, ROLES.reviewer, { type: 'AddRemark', visibility: 'private', text: 'Check the IRB.', replyTo: null }))
      .toEqual({ ok: true, events: [{ type: 'RemarkAdded', visibility: 'private', answer: false }] });
    expect(brief(handle(s, act, { type: 'AddRemark', visibility: 'visible', text: '  ', replyTo: null }))).toBe('REMARK_TEXT_REQUIRED');
  });

  it('a blocked user is refused at submission with the reason and until when, before any missing field', () => {
    const outcome = handle(snapshot('DRAFT', 'requestor'), requestor, submit({ blocked: [blockedBob], missing: [{ key: 'institution', label: 'Institution' }] }));
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'USER_BLOCKED', status: 403,
        detail: 'bob is blocked from this access requirement until 2027-01-01: Shared data outside the study. Contact ACT.',
        extra: { blocked: [blockedBob] },
      },
    });
    // A retry of a submission already made is still a retry.
    expect(brief(handle(snapshot('SUBMITTED', 'requestor'), requestor, submit({ blocked: [blockedBob] })))).toBe('none');
  });

  it('with reject-when-blocked, the submission is recorded and rejected by the system, naming the rule', () => {
    const auto = { approveWhenValidated: true, rejectWhenBlocked: true };
    const outcome = handle(snapshot('DRAFT', 'requestor'), requestor, submit({ blocked: [blockedBob], auto, allAccessorsValidated: true }));
    expect(outcome).toEqual({
      ok: true,
      events: [
        { type: 'Submitted', submissionId: 11, version: 1, renewal: false },
        { type: 'AutoRejected', submissionId: 11, rule: 'REJECT_WHEN_BLOCKED', reason: 'Rejected automatically: bob is blocked from this access requirement (Shared data outside the study).' },
      ],
    });
    expect(outcome.ok && outcome.events.reduce(evolve, snapshot('DRAFT', 'requestor')).state).toBe('REJECTED');
    // Missing fields still come first: nothing incomplete is recorded.
    expect(brief(handle(snapshot('DRAFT', 'requestor'), requestor, submit({ blocked: [blockedBob], auto, missing: [{ key: 'x', label: 'X' }] })))).toBe('REQUIRED_FIELDS_MISSING');
  });

  it('with approve-when-validated, a submission whose accessors are all validated is approved by the system; otherwise it waits', () => {
    const auto = { approveWhenValidated: true, rejectWhenBlocked: false };
    expect(brief(handle(snapshot('DRAFT', 'requestor'), requestor, submit({ auto, allAccessorsValidated: true })))).toBe('Submitted+AutoApproved');
    expect(brief(handle(snapshot('DRAFT', 'requestor'), requestor, submit({ auto, allAccessorsValidated: false })))).toBe('Submitted');
    expect(brief(handle(snapshot('DRAFT', 'requestor'), requestor, submit({ auto: { ...auto, approveWhenValidated: false }, allAccessorsValidated: true })))).toBe('Submitted');
  });

  it('a revocation may block users (the reason defaults to the revocation\'s); a repeated revocation blocks nobody again', () => {
    const revoke = (block: { userIds: number[]; reason: string; until: string | null }): Command => ({ ...COMMANDS.Revoke, block } as Command);
    expect(handle(snapshot('APPROVED', 'act'), act, revoke({ userIds: [1, 2, 1], reason: ' ', until: null }))).toEqual({
      ok: true,
      events: [
        { type: 'Revoked', submissionId: CURRENT, reason: 'Data shared outside the study.' },
        { type: 'Blocked', userIds: [1, 2], reason: 'Data shared outside the study.', until: null },
      ],
    });
    expect(brief(handle(snapshot('REVOKED', 'act'), act, revoke({ userIds: [1], reason: 'x', until: null })))).toBe('none');
    expect(brief(handle(snapshot('APPROVED', 'act'), act, revoke({ userIds: [], reason: 'x', until: null })))).toBe('Revoked');
  });

  it('only a draft never submitted may be deleted', () => {
    expect(brief(handle({ ...snapshot('DRAFT', 'requestor'), currentSubmissionId: 4 }, requestor, COMMANDS.DeleteDraft))).toBe(NAD);
  });
});
