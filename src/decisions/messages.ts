import { formatEntityId } from '../infra/ids.js';
import type { AccessType } from './model.js';

/**
 * Every message a user can see from a decision, worded exactly as SPEC §2, §3, §5 and §9 word them.
 * Clients match on some of these strings, so change them only together with the specification.
 */
export const messages = {
  userDisabled: 'User is disabled.',
  doesNotExist: (entityId: number): string => `Resource: '${formatEntityId(entityId)}' does not exist`,
  inTrash: (entityId: number): string => `Entity ${formatEntityId(entityId)} is in trash can.`,
  notInAuthorizationDomain: 'You are not a member of every group in the authorization domain of this project.',
  unmetAccessRequirements:
    'There are unmet access requirements that must be met to read content in the requested container.',
  twoFaRequired: 'You need to enable two factor authentication to access the requested entity.',
  anonymousReadOnly: 'Anonymous users have only READ access permission.',
  egressSuspended: 'Downloads are suspended for your account pending a security review.',
  lackAccess: (accessType: AccessType): string => `You lack ${accessType} access to the requested entity.`,
  certifiedOnly: 'Only certified users may create or update content.',
  cannotRemoveProjectAcl: 'Cannot remove the ACL of a project',
  shareExceedsOwnAccess: (notAllowed: readonly AccessType[]): string =>
    `You may share only access types you hold yourself, other than SHARE and CHANGE_PERMISSIONS; ` +
    `you may not grant ${notAllowed.join(', ')}.`,
  moveToFewerRestrictions: 'Cannot move restricted entity to a location having fewer access restrictions.',
  authorizationDomainMadePublic:
    'Cannot make authorization domain protected resources public. ' +
    'Share directly with authorization domain groups instead.',
} as const;
