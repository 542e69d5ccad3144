/**
 * Every sentence a user sees from the data access requests capability, besides the state machine's errors
 * (machine.ts ERRORS) and the notification templates ACT edits (in the database).
 */
export const requestMessages = {
  requirementNotFound: (id: number) => `There is no access requirement ${id}.`,
  notManaged: (id: number) =>
    `Access requirement ${id} is not approved through a data access request (only ManagedACT access requirements have a request form).`,
  requestNotFound: (id: number) => `There is no data access request ${id} that you can see.`,
  submissionNotFound: (id: number) => `There is no submission ${id} that you can see.`,
  attachmentNotFound: (id: number) => `There is no attachment ${id} on this request.`,
  templateNotFound: (id: number) => `There is no field template ${id}.`,
  templateKeyTaken: (key: string) => `There is a field template with the key "${key}" already.`,
  formVersionNotFound: (arId: number, version: number) => `The form of access requirement ${arId} has no version ${version}.`,
  staleForm: 'The form was changed since you last fetched it; retrieve it again and reapply your change.',
  staleRequest: 'The request was changed since you last fetched it; retrieve it again and reapply your change.',
  reviewForbidden: 'Only ACT and the reviewers of this access requirement may see its requests.',
  actOnly: 'Only members of the Access and Compliance Team may do this.',
  designForbidden: 'Only members of the Access and Compliance Team may design request forms.',
  signInToRequest: 'Sign in to request access to this data.',
  userNotFound: (idOrName: string | number) => `There is no user "${idOrName}".`,
  notAccessor: (userId: number) => `User ${userId} is not an accessor of this request.`,
  accessorDisabled: (username: string) => `${username}'s account is disabled; they cannot be an accessor.`,
  accessorMustBe: (username: string, certified: boolean, validated: boolean) =>
    certified && validated
      ? `${username} must be certified and have a validated profile to be an accessor of this request.`
      : certified
        ? `${username} must be certified to be an accessor of this request.`
        : `${username} must have a validated profile to be an accessor of this request.`,
  tooManyAccessors: (max: number) => `A request has at most ${max} accessors.`,
  attachmentNotOnField: (field: string) => `Attachments of "${field}" must be files uploaded to this request for that field.`,
  unknownUsers: (field: string) => `"${field}" names users that do not exist.`,
  notAttachmentField: (key: string) => `"${key}" is not an attachment field of this request's form.`,
  emailBlank: 'The approval email needs a subject and a body.',
  placeholdersUnknown: (names: readonly string[]) => `Unknown placeholders: ${names.map((n) => `{{${n}}}`).join(', ')}.`,
  templateKindUnknown: (kind: string) => `There is no notification template "${kind}".`,
  noPublicListing: (id: number) => `Access requirement ${id} does not list its approved uses publicly.`,
  noDucTemplate: (id: number) => `Access requirement ${id} has no DUC template.`,
  badRange: 'The start of the period must come before its end.',
  requestorRemoved: 'removed from the request',
  revokedWithRequest: (reason: string) => `request revoked: ${reason}`,
  /** Who decided when the system did, by an AR's rule. */
  systemDecider: (rule: string) => `Gatehouse (automatic rule ${rule})`,
  blockUntilPast: 'must be a time in the future',
  blockNobody: 'names nobody to block: choose the requestor or accessors',
  blockNotFound: (id: number) => `There is no block ${id}.`,
  remarkNotFound: (id: number) => `There is no remark ${id} on this request that you can see.`,
  remarkNotYours: 'Only the author of a remark attaches files to it.',
  requestExists: (id: number) => `You already have request ${id} open for this access requirement; edit it instead of starting another.`,
  /** Who decided, when the deciding account is no longer known (in ALREADY_DECIDED). */
  unknownReviewer: 'A reviewer',
} as const;
