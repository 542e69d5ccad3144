/**
 * The shapes of the data access requests API (docs/contract/issue4-api.md) and the few helpers the request pages
 * share. Kept beside the pages rather than in src/types.ts: only these pages use them.
 */
import { sentenceOf, type ApiProblem } from '../../api.js';
import type { Tone } from '../../ui/bits.js';

export const FIELD_TYPES = [
  'short-text', 'long-text', 'date', 'email', 'single-choice', 'multiple-choice', 'yes-no', 'attachment', 'user-list',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const fieldTypeLabel: Record<FieldType, string> = {
  'short-text': 'Short text',
  'long-text': 'Long text',
  date: 'Date',
  email: 'Email',
  'single-choice': 'Single choice',
  'multiple-choice': 'Multiple choice',
  'yes-no': 'Yes / no',
  attachment: 'Attachment',
  'user-list': 'List of users',
};

export const isChoice = (t: FieldType) => t === 'single-choice' || t === 'multiple-choice';

export interface FormField {
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string[];
  builtin: boolean;
  readOnly: boolean;
  templateId: number | null;
}

export type AnswerValue = string | boolean | string[] | number[] | null;
export type Answers = Record<string, AnswerValue>;

export interface RequestForm {
  accessRequirementId: number;
  accessRequirementName: string;
  view: 'designer' | 'requestor';
  version: number;
  etag: string | null;
  instructions: string;
  fields: FormField[];
  reminderDays: number;
  secondReminderDays: number | null;
  accessorRules: { certifiedRequired: boolean; validatedRequired: boolean };
  expirationDays: number;
  iduPublic: boolean;
  ducTemplate: { blobId: number; fileName: string; downloadUrl: string } | null;
  inUse: boolean;
  modifiedBy: number | null;
  modifiedOn: string | null;
}

export interface FieldTemplate {
  id: number;
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string[];
  retired: boolean;
  modifiedBy: number | null;
  modifiedOn: string;
}

export interface UserRef {
  id: number;
  username: string;
  displayName: string;
}

export interface UserBadge extends UserRef {
  isCertified: boolean;
  isValidated: boolean;
}

export interface Accessor extends UserBadge {
  alreadyApproved: boolean;
  eligible: boolean;
  problem: string | null;
}

export interface Attachment {
  id: number;
  fieldKey: string;
  fileName: string;
  contentType: string;
  size: number;
  md5: string;
  uploadedOn: string;
  downloadUrl: string;
}

export const REQUEST_STATES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'REVOKED', 'RETURNED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export type SubmissionState = Exclude<RequestState, 'DRAFT'>;

export interface VersionRef {
  id: number;
  version: number;
  state: SubmissionState;
  submittedOn: string;
}

export interface DataAccessRequest {
  id: number;
  /** What every accessor must be (issue 9 item 5: shown beside each candidate before adding). */
  accessorRules?: { certifiedRequired: boolean; validatedRequired: boolean };
  accessRequirementId: number;
  accessRequirementName: string;
  state: RequestState;
  requestor: UserBadge;
  formVersion: number;
  fields: FormField[];
  answers: Answers;
  accessors: Accessor[];
  attachments: Attachment[];
  currentSubmissionId: number | null;
  version: number;
  submissions: VersionRef[];
  activeApproval: { accessors: UserBadge[]; expiresOn: string | null } | null;
  canEdit: boolean;
  canSubmit: boolean;
  canCancel: boolean;
  /** While RETURNED: what the reviewer asked to change. */
  returned?: { comment: string; by: { id: number; displayName: string }; on: string; submissionId: number } | null;
  canDelete?: boolean;
  canCopy?: boolean;
  etag: string;
  createdOn: string;
  modifiedOn: string;
  role?: 'requestor' | 'accessor';
}

export interface Submission {
  id: number;
  requestId: number;
  accessRequirementId: number;
  accessRequirementName: string;
  version: number;
  state: SubmissionState;
  isCurrent: boolean;
  requestState: RequestState;
  formVersion: number;
  accessRequirementVersion: number;
  requestor: UserBadge;
  fields: FormField[];
  answers: Answers;
  accessors: Accessor[];
  attachments: Attachment[];
  changedFields: string[];
  submittedOn: string;
  decidedOn: string | null;
  decidedBy: { id: number; displayName: string } | null;
  reason: string | null;
  /** The automatic rule by which the system decided (decidedBy is then null). */
  decidedByRule?: string | null;
  returnedBy?: { id: number; displayName: string } | null;
  returnedOn?: string | null;
  expiresOn: string | null;
  email: { subject: string; body: string } | null;
  versions: VersionRef[];
}

export interface DecisionPreview {
  submission: Submission;
  canDecide: boolean;
  summary: { accessors: Accessor[]; renewed: UserRef[]; removed: UserRef[]; expiresOn: string | null };
  approvalEmail: { subject: string; body: string; recipients: UserRef[] };
}

export interface MissingField {
  key: string;
  label: string;
}

export interface RefusedAccessor {
  userId: number;
  username: string;
  message: string;
}

/** States after which the requestor may update the request and submit it again (a renewal). */
export const RENEWABLE: RequestState[] = ['APPROVED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'RETURNED'];

const stateTone: Record<RequestState, Tone> = {
  DRAFT: 'neutral', SUBMITTED: 'info', APPROVED: 'success', REJECTED: 'danger', CANCELLED: 'neutral', EXPIRED: 'warning', REVOKED: 'danger',
  RETURNED: 'warning',
};
export const requestStateTone = (s: RequestState) => stateTone[s];

export const stateWords: Record<RequestState, string> = {
  DRAFT: 'Draft',
  SUBMITTED: 'Awaiting review',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  REVOKED: 'Revoked',
  RETURNED: 'Returned for changes',
};

/** One entry of a request's thread: a remark, the comment of a return, or the requestor's answer. */
export interface Remark {
  id: number;
  requestId: number;
  submissionId: number | null;
  version: number | null;
  kind: 'remark' | 'return' | 'answer';
  visibility: 'private' | 'visible';
  replyTo: number | null;
  author: UserRef;
  body: string;
  attachments: Attachment[];
  createdOn: string;
}

export const remarkKindWords: Record<Remark['kind'], string> = { remark: 'Remark', return: 'Returned for changes', answer: 'Answer' };

/** The automatic rules by which the system decides on submission, as words. */
export const autoRuleWords: Record<string, string> = {
  APPROVE_WHEN_VALIDATED: 'approved automatically: every accessor is validated and nobody is blocked',
  REJECT_WHEN_BLOCKED: 'rejected automatically: someone on the request is blocked',
};

export interface RequestBlock {
  id: number;
  accessRequirementId: number;
  accessRequirementName: string;
  user: UserRef;
  reason: string;
  until: string | null;
  requestId: number | null;
  blockedBy: UserRef;
  blockedOn: string;
  liftedBy: UserRef | null;
  liftedOn: string | null;
  active: boolean;
}

/** `missing` of a REQUIRED_FIELDS_MISSING problem. */
export function missingOf(problem: ApiProblem | undefined): MissingField[] {
  const missing = problem?.code === 'REQUIRED_FIELDS_MISSING' ? problem.missing : undefined;
  return Array.isArray(missing) ? (missing as MissingField[]) : [];
}

/** `refused` of an ACCESSOR(S)_REFUSED problem. */
export function refusedOf(problem: ApiProblem | undefined): RefusedAccessor[] {
  const refused = problem && /^ACCESSORS?_REFUSED$/.test(problem.code) ? problem.refused : undefined;
  return Array.isArray(refused) ? (refused as RefusedAccessor[]) : [];
}

/** The sentence the server gave about one answer (`body.answers.<key>`), other than its being required. */
export function answerError(problem: ApiProblem | undefined, key: string): string | undefined {
  // Required fields left empty are marked from `missing` (the mark goes once the field is answered).
  const entry = problem?.errors?.find((e) => e.code !== 'REQUIRED' && e.field === `body.answers.${key}` || e.field === `answers.${key}` || (key === 'accessors' && e.field === 'body.accessors'));
  return entry ? sentenceOf(entry) : undefined;
}

/** Whether an answer counts as given (the server's rule: non-blank text, a choice, at least one item). */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value === 'boolean') return true;
  return value.length > 0;
}

/** An answer as text, for read-only views and for comparing versions. */
export function answerText(field: FormField, value: AnswerValue | undefined, attachments: Attachment[] = [], users: Map<number, UserRef> = new Map()): string {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0) || value === '') return '';
  switch (field.type) {
    case 'yes-no':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'multiple-choice':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'attachment':
      return Array.isArray(value) ? (value as number[]).map((id) => attachments.find((a) => a.id === id)?.fileName ?? `file ${id}`).join(', ') : '';
    case 'user-list':
      return Array.isArray(value) ? (value as number[]).map((id) => users.get(id)?.username ?? `user ${id}`).join(', ') : '';
    default:
      return String(value);
  }
}

export const dateOnly = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');
