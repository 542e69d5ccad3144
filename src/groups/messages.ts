/**
 * Every sentence a user sees from managed groups, allowlists and external accounts: problem details and the
 * notices (in-app and by email) that membership changes send.
 */
export const groupMessages = {
  notFound: (name: string) => `There is no managed group named ${name}.`,
  nameTaken: (name: string) => `A group named "${name}" exists already; choose another name.`,
  notAdmin: (group: string, what: string) => `Only admins of ${group} may ${what}.`,
  notMemberToSee: (group: string) => `Only members and admins of ${group} may see its members.`,
  userNotFound: (userId: number) => `There is no user ${userId}.`,
  userDisabled: (username: string) => `${username}'s account is disabled; they cannot join a group.`,
  memberGroupNotFound: (name: string) => `There is no managed group named ${name} to add.`,
  oneMember: 'Name either a user (userId) or a group (group), not both.',
  alreadyMember: (who: string, group: string) => `${who} is a member of ${group} already.`,
  notMember: (who: string, group: string) => `${who} is not a member of ${group}.`,
  youAreNotMember: (group: string) => `You are not a member of ${group}.`,
  cycle: (member: string, group: string) =>
    `${member} cannot become a member of ${group}: ${group} is already inside ${member}, and groups cannot contain themselves.`,
  lastAdmin: (group: string) => `${group} must keep at least one admin. Make another member an admin first.`,
  youAreMember: (group: string) => `You are a member of ${group} already.`,
  noAccessRequest: (userId: number, group: string) => `User ${userId} has no open request for access to ${group}.`,
  usedAsDomain: (group: string, projects: readonly string[]) =>
    `${group} is in the authorization domain of ${projects.join(', ')} and cannot be deleted.`,
  usedInAcl: (group: string, entities: readonly string[]) =>
    `${group} is named in the sharing settings of ${entities.join(', ')}; remove it there before deleting the group.`,
  usedInRequirementAcl: (group: string) =>
    `${group} is named in the ACL of an access requirement; ACT must remove it there before the group is deleted.`,
  fedByAllowlist: (group: string) =>
    `The members of ${group} come from its allowlist; add or remove admins only, or remove the allowlist first.`,

  allowlistMissing: (group: string) => `${group} has no allowlist.`,
  untrustedIssuer: (issuer: string) => `${issuer} is not a trusted issuer of external accounts here.`,
  allowlistSourceAdminOnly: 'Only platform administrators may feed a group from a file or a URL; group admins may upload a list.',
  allowlistFileOutside: (dir: string) => `An allowlist file must be inside ${dir}.`,
  allowlistUrlInvalid: 'An allowlist URL must be an http or https URL.',
  allowlistSourceRequired: (kind: string) =>
    kind === 'upload' ? 'An uploaded allowlist needs its content (or entries).' : kind === 'url' ? 'Give the URL of the allowlist.' : 'Give the path of the allowlist file.',
  allowlistFetchFailed: (why: string) => `The allowlist could not be read: ${why}`,

  assertionInvalid: (why: string) => `The assertion was not accepted: ${why}`,
  assertionMalformed: 'The assertion is not a signed JWT.',
  externalIdMissing: (claim: string) => `The assertion carries no external account id (claim "${claim}").`,
  accountLinkedElsewhere: 'This external account is linked to another Gatehouse user already.',
  linkNotFound: (id: number) => `You have no external account link ${id}.`,

  notices: {
    accessRequested: (who: string, username: string, group: string, message: string) => ({
      subject: `${who} asks for access to ${group}`,
      body: `${who} (${username}) asks to be added to the managed group ${group}.${quoted(message)}\n\nAdd them on the group's page if they should have access.`,
    }),
    added: (group: string, by: string, role: string) => ({
      subject: `You were added to ${group}`,
      body: `${by} added you to the managed group ${group}${role === 'admin' ? ' as an admin' : ''}.`,
    }),
    accessRequestDismissed: (group: string, by: string) => ({
      subject: `Your request for access to ${group} was declined`,
      body: `${by} declined your request to join the managed group ${group}. You may ask again with more about who you are and why you need access.`,
    }),
    removed: (group: string, by: string) => ({
      subject: `You were removed from ${group}`,
      body: `${by} removed you from the managed group ${group}.`,
    }),
  },
} as const;

function quoted(message: string): string {
  return message ? `\n\nMessage: "${message}"` : '';
}
