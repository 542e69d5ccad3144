import { Type, type TSchema } from '@sinclair/typebox';
import { ActionRequiredSchema } from '../decisions/http.js';
import { DESCRIPTION_MAX, NAME_MAX, TERMS_MAX } from './requirements.js';

/** The JSON shapes of the access-requirements API (docs/contract/issue3-api.md). Entity ids are `syn…` strings. */

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ArType = Type.Union([Type.Literal('TermsOfUse'), Type.Literal('SelfSign'), Type.Literal('ManagedACT'), Type.Literal('Lock')]);
export const RestrictionLevel = Type.Union([Type.Literal('OPEN'), Type.Literal('RESTRICTED_BY_TERMS_OF_USE'), Type.Literal('CONTROLLED_BY_ACT')]);
const Settings = Type.Object({}, {
  additionalProperties: true,
  description: 'Per type: TermsOfUse {requires2fa}; SelfSign {certifiedRequired, validatedRequired, requires2fa}; ' +
    'ManagedACT {certifiedRequired, validatedRequired, ducRequired, ducTemplateBlobId, irbRequired, attachmentsRequired, ' +
    'expirationDays (0 = never), iduRequired, iduPublic, requires2fa, instructions}; Lock {}. Unknown keys are refused.',
});

export const SubjectSchema = Type.Object({
  type: Type.Union([Type.Literal('entity'), Type.Literal('team')]),
  id: Type.Union([Type.String(), Type.Integer()], { description: 'An entity id (syn123) or a team id' }),
  name: Type.Optional(nullable(Type.String({ description: 'The entity or team name; null when the caller may not READ the entity' }))),
  path: Type.Optional(nullable(Type.String({ description: 'Entities: the names above it, the project first, joined by " / "; null when hidden' }))),
});

export const SubjectInput = Type.Object({
  type: Type.Union([Type.Literal('entity'), Type.Literal('team')]),
  // The description is also the sentence a person reads when the pattern fails (src/infra/fielderrors.ts).
  id: Type.Union([Type.String({ pattern: '^(syn|SYN)?\\d{1,15}$', description: 'Must be an entity id, like syn123, or a team id.' }), Type.Integer({ minimum: 1 })], { description: 'An entity id (syn123) or a team id' }),
}, { additionalProperties: false });

export const AccessRequirementSchema = Type.Object({
  id: Type.Integer(),
  type: ArType,
  name: Type.String(),
  description: Type.String(),
  terms: Type.String({ description: 'Click-wrap text (TermsOfUse, SelfSign), instructions (ManagedACT), reason (Lock)' }),
  settings: Settings,
  version: Type.Integer({ description: 'Goes up by one with every update of the text or settings' }),
  etag: Type.String({ description: 'Send it back with an update; it changes with every change' }),
  subjects: Type.Array(SubjectSchema),
  createdBy: nullable(Type.Integer()),
  createdOn: date,
  modifiedBy: nullable(Type.Integer()),
  modifiedOn: date,
  restrictionLevel: RestrictionLevel,
});

export const NewAccessRequirementBody = Type.Object({
  type: ArType,
  name: Type.String({ minLength: 1, maxLength: NAME_MAX }),
  description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
  terms: Type.Optional(Type.String({ maxLength: TERMS_MAX })),
  settings: Type.Optional(Settings),
  subjects: Type.Optional(Type.Array(SubjectInput, { maxItems: 100, description: 'Bind at once to these entities or teams' })),
}, { additionalProperties: false });

export const UpdateAccessRequirementBody = Type.Object({
  type: Type.Optional(ArType),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX })),
  description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
  terms: Type.Optional(Type.String({ maxLength: TERMS_MAX })),
  settings: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Laid over the current settings' })),
  etag: Type.String({ minLength: 1, description: 'The etag of the version the change is based on' }),
}, { additionalProperties: false });

export const VersionSchema = Type.Object({
  accessRequirementId: Type.Integer(),
  version: Type.Integer(),
  type: ArType,
  name: Type.String(),
  description: Type.String(),
  terms: Type.String(),
  settings: Settings,
  modifiedBy: nullable(Type.Integer()),
  modifiedOn: date,
});

const ArAccessType = Type.Union([Type.Literal('REVIEW_SUBMISSIONS'), Type.Literal('EXEMPTION_ELIGIBLE')]);

export const ArAclSchema = Type.Object({
  accessRequirementId: Type.Integer(),
  entries: Type.Array(Type.Object({
    principalId: Type.Integer(),
    principalName: Type.String(),
    principalType: Type.Union([Type.Literal('user'), Type.Literal('team'), Type.Literal('group'), Type.Literal('special')]),
    accessTypes: Type.Array(ArAccessType),
  })),
});

export const ArAclBody = Type.Object({
  entries: Type.Array(Type.Object({
    principalId: Type.Integer({ minimum: 1 }),
    accessTypes: Type.Array(ArAccessType, { minItems: 1 }),
  }, { additionalProperties: false }), { maxItems: 1000 }),
}, { additionalProperties: false });

const ApprovalState = Type.Union([Type.Literal('APPROVED'), Type.Literal('REVOKED')]);

export const ApprovalSchema = Type.Object({
  id: Type.Integer(),
  accessRequirementId: Type.Integer(),
  accessorId: Type.Integer(),
  accessorName: Type.String(),
  submitterId: Type.Integer(),
  accessRequirementVersion: Type.Integer(),
  state: ApprovalState,
  expiresOn: nullable(date),
  source: Type.String({ description: 'act (granted by ACT), self (click-wrap), request (a data access request)' }),
  revokedReason: nullable(Type.String()),
  createdOn: date,
  modifiedOn: date,
  modifiedBy: nullable(Type.Integer()),
});

/** Informed consent: the version of the AR's text the user read (its `version`). Checked in the use case so that a missing one is named. */
export const AcceptBody = Type.Union([
  Type.Object({
    version: Type.Optional(Type.Integer({ minimum: 1, description: "Required (400 naming body.version without it; left optional here so that the refusal names it): the AR's version whose text (and, for SelfSign, tier conditions) the user read" })),
  }, { additionalProperties: false }),
  Type.Null(),
]);

export const ApprovalQuery = Type.Object({
  accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })),
  accessorId: Type.Optional(Type.Integer({ minimum: 1 })),
  state: Type.Optional(ApprovalState),
});

export const GrantBody = Type.Object({
  accessRequirementId: Type.Integer({ minimum: 1 }),
  accessorId: Type.Integer({ minimum: 1 }),
  expiresOn: Type.Optional(nullable(Type.String({ format: 'date-time', description: "Default: the AR's expiration period; null: never" }))),
}, { additionalProperties: false });

export const StatusSchema = Type.Object({
  accessRequirementId: Type.Integer(),
  accessRequirementVersion: Type.Integer(),
  isApproved: Type.Boolean({ description: 'I hold an APPROVED, unexpired approval (never for a Lock)' }),
  expiresOn: nullable(date),
  approvals: Type.Array(ApprovalSchema),
});

export const RestrictionInformationSchema = Type.Object({
  entityId: Type.String(),
  restrictionLevel: RestrictionLevel,
  hasUnmetAccessRequirement: Type.Boolean(),
  filesYouUploaded: Type.Optional(Type.Object({
    count: Type.Integer({ description: 'Files below (not in the trash) the caller uploaded: every requirement on them is met for their uploader (SPEC §4)' }),
    total: Type.Integer({ description: 'Files below, not in the trash' }),
  }, { description: 'Only on the single-entity route, for a folder or project with a requirement the signed-in caller has not met, when they uploaded files below it' })),
  restrictionDetails: Type.Array(Type.Object({
    accessRequirementId: Type.Integer(),
    isApproved: Type.Boolean(),
    isMet: Type.Boolean(),
    isExempt: Type.Boolean(),
    exemption: Type.Optional(nullable(Type.Object({
      reason: Type.Literal('data contributor', { description: 'The user holds UPDATE and DELETE on the entity (SPEC §7)' }),
      eligibleThrough: Type.Array(Type.Object({
        kind: Type.Union([Type.Literal('user'), Type.Literal('team'), Type.Literal('group')]),
        id: Type.Integer(),
        name: Type.String(),
      }), { description: 'The principals of the AR\'s EXEMPTION_ELIGIBLE entries the user is or belongs to' }),
    }, { description: 'Why the user is exempt; null when not exempt' }))),
  })),
});

export const ActionsRequiredSchema = Type.Object({
  entityId: Type.String(),
  canDownload: Type.Boolean(),
  rule: Type.String({ description: 'The rule of the DOWNLOAD chain that decided' }),
  message: nullable(Type.String()),
  actions: Type.Array(ActionRequiredSchema),
});

export const EntityIdInput = Type.Union([Type.String({ pattern: '^(syn|SYN)?\\d{1,15}$' }), Type.Integer({ minimum: 1 })]);
