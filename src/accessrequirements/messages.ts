import { formatEntityId } from '../infra/ids.js';

/**
 * Every sentence a user sees from the access-requirements capability. `staleEtag` is worded as SPEC §4 words
 * it and clients match on it; change the others freely, but here only.
 */
export const arMessages = {
  staleEtag: 'Access Requirement was updated since you last fetched it, retrieve it again and reapply the update.',
  notFound: (id: number) => `There is no access requirement ${id}.`,
  typeImmutable: 'The type of an access requirement cannot change; create a new access requirement instead.',
  nameBlank: 'Give the access requirement a name.',
  teamNotFound: (teamId: number) => `There is no team ${teamId}.`,
  roleTeam: 'The Administrators and ACT teams are roles; access requirements cannot be bound to them.',
  lockOnTeam: 'A Lock applies to entities only; it cannot be bound to a team.',
  alreadyBound: (subject: string) => `The access requirement is bound to ${subject} already.`,
  notBound: (subject: string) => `The access requirement is not bound to ${subject}.`,
  subjectEntity: (entityId: number) => `entity ${formatEntityId(entityId)}`,
  subjectTeam: (teamId: number) => `team ${teamId}`,
  blobNotFound: (blobId: number) => `There is no stored file ${blobId} to use as the DUC template.`,
  batchTooLarge: (max: number, size: number) =>
    `Restriction information is given for at most ${max} entities at a time; this request has ${size}.`,

  // The access requirement's own ACL
  aclForbidden: 'Only ACT and the reviewers of this access requirement may see its ACL.',
  principalNotFound: (principalId: number) => `There is no user, team or group ${principalId}.`,
  principalSpecial: (principalId: number) =>
    `Principal ${principalId} is PUBLIC, AUTHENTICATED or ANONYMOUS; grant REVIEW_SUBMISSIONS and EXEMPTION_ELIGIBLE to users, teams or groups.`,
  duplicatePrincipal: (principalId: number) => `Principal ${principalId} appears more than once; list each principal once.`,

  // Approvals
  approvalNotFound: (id: number) => `There is no access approval ${id}.`,
  accessorNotUser: (principalId: number) =>
    `Principal ${principalId} is not a user. Approvals count for their accessor alone, never for a team; approve each user.`,
  accessorNotActive: (username: string) => `${username}'s account is disabled; they cannot be approved.`,
  lockNotApprovable: 'A Lock cannot be approved; ACT removes the lock by deleting or unbinding it.',
  managedNeedsRequest:
    'This access requirement is approved by ACT through a data access request; submit a request for it instead.',
  actOnlyGrants: 'Only ACT grants approvals for this kind of access requirement.',
  expiryInPast: 'The expiry date must be in the future.',
  alreadyRevoked: (id: number) => `Access approval ${id} was revoked already.`,
  approvalsForbidden: 'Only ACT, the reviewers of an access requirement and the accessors themselves may list approvals.',
  mustBeCertified: 'You must be certified to accept this requirement.',
  mustBeValidated: 'You must have a validated profile to accept this requirement.',
  mustBeCertifiedAndValidated: 'You must be certified and have a validated profile to accept this requirement.',
  versionRequired: 'Say which version of the terms you read (body.version): an acceptance must name the text it accepts.',
  termsChanged: (name: string, shown: number, current: number) =>
    `The terms of "${name}" changed since you read them (you read version ${shown}; version ${current} is in force). Read the current text and accept it.`,

  // Team access requirements (SPEC §4: they must be met to join the team)
  teamRequirementsUnmet: (ids: readonly number[]) =>
    `Every access requirement of this team must be met before joining it; not met yet: ${ids.join(', ')}.`,

  // Locks and data types
  lockName: (entityName: string, entityId: number) => `Locked: ${entityName} (${formatEntityId(entityId)})`,
  alreadyLocked: (entityId: number) => `${formatEntityId(entityId)} is locked already; ACT must act on the existing lock.`,
  lockForbidden: 'Only a Data Owner (CHANGE_PERMISSIONS on the entity) or ACT may lock an entity.',

  notices: {
    granted: (arName: string, expiresOn: Date | null) => ({
      subject: `You were approved for "${arName}"`,
      body: `ACT approved you for the access requirement "${arName}"` +
        (expiresOn ? `; the approval expires on ${expiresOn.toISOString().slice(0, 10)}.` : '; the approval does not expire.'),
    }),
    revoked: (arName: string, reason: string) => ({
      subject: `Your approval for "${arName}" was revoked`,
      body: `ACT revoked your approval for the access requirement "${arName}".\n\nReason: ${reason}`,
    }),
    expired: (arName: string) => ({
      subject: `Your approval for "${arName}" has expired`,
      body: `Your approval for the access requirement "${arName}" has expired, so the data it protects is no longer ` +
        'available to you. Submit a renewal to regain access.',
    }),
    locked: (who: string, entityName: string, entityId: number, reason: string) => ({
      subject: `${who} locked ${entityName} (${formatEntityId(entityId)})`,
      body: `${who} locked ${entityName} (${formatEntityId(entityId)}); nobody can download it until ACT acts.\n\nReason: ${reason}`,
    }),
  },
} as const;
