import { Type, type TLiteral, type TSchema } from '@sinclair/typebox';
import { FIELD_TYPES, type FieldType } from './form.js';
import { REQUEST_STATES, type RequestState } from './machine.js';
import { TEMPLATE_KINDS } from './templates.js';

/** The JSON schemas of the requests API (docs/contract/issue4-api.md). */

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)) as unknown as [TLiteral<T>]);

export const FieldTypeSchema = literals<FieldType>(FIELD_TYPES);
export const RequestStateSchema = literals<RequestState>(REQUEST_STATES);
export const SubmissionStateSchema = literals(REQUEST_STATES.filter((s) => s !== 'DRAFT'));

export const FieldSchema = Type.Object({
  key: Type.String({ description: 'Stable within the form; answers are keyed by it' }),
  label: Type.String(),
  description: Type.String({ description: 'Shown to requestors' }),
  type: FieldTypeSchema,
  optional: Type.Boolean({ description: 'Fields are required unless optional' }),
  options: Type.Array(Type.String(), { description: 'Choices of single-choice and multiple-choice fields' }),
  builtin: Type.Boolean({ description: 'Always present (follows the AR settings); not edited in the designer' }),
  readOnly: Type.Boolean({ description: 'Shown, not answered (the data requestor)' }),
  templateId: nullable(Type.Integer()),
});

export const FormSchema = Type.Object({
  accessRequirementId: Type.Integer(),
  accessRequirementName: Type.String(),
  view: Type.Union([Type.Literal('designer'), Type.Literal('requestor')]),
  version: Type.Integer({ description: '0 until ACT saves the form or a request opens it' }),
  etag: nullable(Type.String()),
  instructions: Type.String(),
  fields: Type.Array(FieldSchema),
  reminderDays: Type.Integer(),
  secondReminderDays: nullable(Type.Integer()),
  accessorRules: Type.Object({ certifiedRequired: Type.Boolean(), validatedRequired: Type.Boolean() }),
  expirationDays: Type.Integer({ description: '0 = approvals never expire' }),
  iduPublic: Type.Boolean(),
  ducTemplate: nullable(Type.Object({ blobId: Type.Integer(), fileName: Type.String(), downloadUrl: Type.String() })),
  inUse: Type.Boolean({ description: 'A request answers this version: saving a change makes a new version' }),
  modifiedBy: nullable(Type.Integer()),
  modifiedOn: nullable(date),
});

export const FieldDesignSchema = Type.Object({
  key: Type.Optional(Type.String({ description: 'Send back the key of an existing field; leave out for a new one' })),
  templateId: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
  label: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  type: Type.Optional(FieldTypeSchema),
  optional: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 200 })),
}, { additionalProperties: false });

export const FormBody = Type.Object({
  instructions: Type.Optional(Type.String({ maxLength: 100_000 })),
  fields: Type.Array(FieldDesignSchema, { maxItems: 500, description: "ACT's own fields, in order (the fields always present are not sent)" }),
  reminderDays: Type.Optional(Type.Integer()),
  secondReminderDays: Type.Optional(nullable(Type.Integer())),
  etag: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const FieldTemplateSchema = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  label: Type.String(),
  description: Type.String(),
  type: FieldTypeSchema,
  optional: Type.Boolean(),
  options: Type.Array(Type.String()),
  retired: Type.Boolean(),
  modifiedBy: nullable(Type.Integer()),
  modifiedOn: date,
});

export const FieldTemplateBody = Type.Object({
  key: Type.Optional(Type.String({ maxLength: 60 })),
  label: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  type: Type.Optional(FieldTypeSchema),
  optional: Type.Optional(Type.Boolean()),
  options: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 200 })),
}, { additionalProperties: false });

const UserRef = {
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
};
export const UserBadgeSchema = Type.Object({ ...UserRef, isCertified: Type.Boolean(), isValidated: Type.Boolean() });
export const UserRefSchema = Type.Object(UserRef);

export const AccessorSchema = Type.Object({
  ...UserRef,
  isCertified: Type.Boolean(),
  isValidated: Type.Boolean(),
  alreadyApproved: Type.Boolean({ description: 'Holds an approval for this AR now' }),
  eligible: Type.Boolean({ description: "Meets the AR's certified/validated rules now" }),
  problem: nullable(Type.String()),
});

export const AttachmentSchema = Type.Object({
  id: Type.Integer(),
  fieldKey: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  md5: Type.String(),
  uploadedOn: date,
  downloadUrl: Type.String(),
});

export const VersionRefSchema = Type.Object({ id: Type.Integer(), version: Type.Integer(), state: SubmissionStateSchema, submittedOn: date });

const Answers = Type.Record(Type.String(), Type.Unknown(), { description: 'Answers by field key' });

export const RequestSchema = Type.Object({
  id: Type.Integer(),
  accessRequirementId: Type.Integer(),
  accessRequirementName: Type.String(),
  state: RequestStateSchema,
  requestor: UserBadgeSchema,
  formVersion: Type.Integer(),
  fields: Type.Array(FieldSchema, { description: 'The form the working copy answers' }),
  answers: Answers,
  accessors: Type.Array(AccessorSchema),
  accessorRules: Type.Object({ certifiedRequired: Type.Boolean(), validatedRequired: Type.Boolean() }, { description: 'What every accessor must be, to show who qualifies before adding them' }),
  attachments: Type.Array(AttachmentSchema),
  currentSubmissionId: nullable(Type.Integer()),
  version: Type.Integer({ description: 'How many times it was submitted' }),
  submissions: Type.Array(VersionRefSchema),
  activeApproval: nullable(Type.Object({ accessors: Type.Array(UserBadgeSchema), expiresOn: nullable(date) })),
  canEdit: Type.Boolean(),
  canSubmit: Type.Boolean(),
  canCancel: Type.Boolean(),
  returned: nullable(Type.Object({
    comment: Type.String(), by: Type.Object({ id: Type.Integer(), displayName: Type.String() }), on: date, submissionId: Type.Integer(),
  }, { description: 'While RETURNED: what the reviewer asked to change' })),
  canDelete: Type.Boolean({ description: 'A draft never submitted: the requestor may delete it' }),
  canCopy: Type.Boolean({ description: 'The requestor may start a new request from this one' }),
  etag: Type.String(),
  createdOn: date,
  modifiedOn: date,
  role: Type.Optional(Type.Union([Type.Literal('requestor'), Type.Literal('accessor')])),
});

export const SubmissionSchema = Type.Object({
  id: Type.Integer(),
  requestId: Type.Integer(),
  accessRequirementId: Type.Integer(),
  accessRequirementName: Type.String(),
  version: Type.Integer(),
  state: SubmissionStateSchema,
  isCurrent: Type.Boolean({ description: 'The newest version of its request' }),
  requestState: RequestStateSchema,
  formVersion: Type.Integer(),
  accessRequirementVersion: Type.Integer(),
  requestor: UserBadgeSchema,
  fields: Type.Array(FieldSchema, { description: 'The fields as the requestor answered them' }),
  answers: Answers,
  accessors: Type.Array(AccessorSchema),
  attachments: Type.Array(AttachmentSchema),
  changedFields: Type.Array(Type.String(), { description: 'Keys of the fields changed since the previous version' }),
  submittedOn: date,
  decidedOn: nullable(date),
  decidedBy: nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() })),
  reason: nullable(Type.String({ description: 'Why it was rejected or revoked, or what to change when RETURNED' })),
  decidedByRule: nullable(Type.String({ description: 'The automatic rule by which the system decided (decidedBy is then null)' })),
  returnedBy: nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() })),
  returnedOn: nullable(date),
  expiresOn: nullable(date),
  email: nullable(Type.Object({ subject: Type.String(), body: Type.String() }, { description: 'The approval email as sent (reviewers only)' })),
  versions: Type.Array(VersionRefSchema),
});

export const DecisionBody = Type.Object({
  decision: Type.Union([Type.Literal('APPROVED'), Type.Literal('REJECTED')]),
  reason: Type.Optional(Type.String({ maxLength: 5000, description: 'Required to reject; sent to the requestor' })),
  email: Type.Optional(Type.Object({
    subject: Type.String({ maxLength: 500 }),
    body: Type.String({ maxLength: 50_000 }),
  }, { additionalProperties: false, description: 'The approval email as edited; the template when left out' })),
}, { additionalProperties: false });

export const DecisionPreviewSchema = Type.Object({
  submission: SubmissionSchema,
  canDecide: Type.Boolean(),
  summary: Type.Object({
    accessors: Type.Array(AccessorSchema),
    renewed: Type.Array(UserRefSchema, { description: 'Accessors whose approval from this request is renewed' }),
    removed: Type.Array(UserRefSchema, { description: 'Accessors dropped from the request; their approval ends' }),
    expiresOn: nullable(date),
  }),
  approvalEmail: Type.Object({ subject: Type.String(), body: Type.String(), recipients: Type.Array(UserRefSchema) }),
});

export const TemplateKindSchema = literals(TEMPLATE_KINDS);
export const NotificationTemplateSchema = Type.Object({
  kind: TemplateKindSchema,
  subject: Type.String(),
  body: Type.String(),
  modifiedBy: nullable(Type.Integer()),
  modifiedOn: date,
});

export const ApprovedUseSchema = Type.Object({
  studyLead: Type.String(),
  institution: Type.String(),
  approvedOn: date,
  intendedDataUse: Type.String(),
});

const instant = (description: string) => Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], { description });
export const PeriodQuery = Type.Object({
  from: instant('Start of the period (inclusive): a date (UTC midnight) or a date-time'),
  to: instant('End of the period (exclusive): a date (UTC midnight) or a date-time'),
});
export const OptionalPeriod = {
  submittedFrom: Type.Optional(instant('Submitted at or after')),
  submittedTo: Type.Optional(instant('Submitted before')),
};

// ---- Round 2 (issue 14): the thread, blocks, request rules --------------------------------------------

const Who = Type.Object(UserRef);
export const RemarkVisibilitySchema = Type.Union([Type.Literal('private'), Type.Literal('visible')]);

export const RemarkSchema = Type.Object({
  id: Type.Integer(),
  requestId: Type.Integer(),
  submissionId: nullable(Type.Integer({ description: 'The version it was written on; null on a draft never submitted' })),
  version: nullable(Type.Integer()),
  kind: Type.Union([Type.Literal('remark'), Type.Literal('return'), Type.Literal('answer')], { description: 'return: the comment of a return for changes; answer: the requestor answering' }),
  visibility: RemarkVisibilitySchema,
  replyTo: nullable(Type.Integer()),
  author: Who,
  body: Type.String(),
  attachments: Type.Array(AttachmentSchema),
  createdOn: date,
});

export const RemarkBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
  visibility: Type.Optional(RemarkVisibilitySchema),
  replyTo: Type.Optional(Type.Integer({ minimum: 1, description: 'The remark answered' })),
}, { additionalProperties: false });

export const BlockSchema = Type.Object({
  id: Type.Integer(),
  accessRequirementId: Type.Integer(),
  accessRequirementName: Type.String(),
  user: Who,
  reason: Type.String(),
  until: nullable(date),
  requestId: nullable(Type.Integer()),
  blockedBy: Who,
  blockedOn: date,
  liftedBy: nullable(Who),
  liftedOn: nullable(date),
  active: Type.Boolean(),
});

export const BlockBody = Type.Object({
  requestor: Type.Optional(Type.Boolean({ description: 'Block the requestor' })),
  accessorIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 200, description: 'Block these accessors of the revoked version' })),
  reason: Type.Optional(Type.String({ maxLength: 5000, description: "The revocation's reason when left out" })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'When the block ends; never (until lifted) when left out' })),
}, { additionalProperties: false });

export const RequestRulesSchema = Type.Object({
  accessRequirementId: Type.Integer(),
  approveWhenValidated: Type.Boolean({ description: 'Approve on submission when every accessor is validated and nobody is blocked' }),
  rejectWhenBlocked: Type.Boolean({ description: 'Record and reject a submission naming a blocked user (instead of refusing it)' }),
});
