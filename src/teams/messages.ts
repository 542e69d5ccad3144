/**
 * Every sentence a user sees from the teams capability: problem details and the notices (in-app and by
 * email) that membership changes send. Clients may match on `roleTeam`; change it with the contract.
 */
export const teamMessages = {
  notFound: (teamId: number) => `There is no team ${teamId}.`,
  userNotFound: (userId: number) => `There is no user ${userId}.`,
  userDisabled: (username: string) => `${username}'s account is disabled; they cannot join a team.`,
  roleTeam: "Manage administrators and ACT members from the user's roles.",
  roleTeamDetails: "The Administrators and ACT teams are built in; their name and description cannot be changed.",
  notManager: (team: string, what: string) => `Only managers of ${team} and platform administrators may ${what}.`,
  nameBlank: 'Give the team a name.',
  nameTaken: (name: string) => `A team named "${name}" exists already; choose another name.`,
  notMember: (username: string, team: string) => `${username} is not a member of ${team}.`,
  youAreNotMember: (team: string) => `You are not a member of ${team}.`,
  alreadyMember: (username: string, team: string) => `${username} is a member of ${team} already.`,
  youAreMember: (team: string) => `You are a member of ${team} already.`,
  lastManager: (team: string) =>
    `${team} must keep at least one manager. Make another member a manager first.`,
  requestOpen: (team: string) => `You have asked to join ${team} already; the managers have not answered yet.`,
  theyRequested: (username: string, team: string) =>
    `${username} has asked to join ${team} already; accept their request instead.`,
  youAreInvited: (team: string) => `You have been invited to ${team}; accept the invitation instead.`,
  alreadyInvited: (username: string, team: string) => `${username} has been invited to ${team} already.`,
  requestNotFound: (requestId: number, team: string) => `There is no membership request ${requestId} for ${team}.`,
  requestNotOpen: (state: string) => `This request was ${state} already.`,
  noOpenRequest: (team: string) => `You have no open request to join ${team}.`,
  invitationNotFound: (invitationId: number) => `There is no invitation ${invitationId} for you.`,
  teamInvitationNotFound: (invitationId: number, team: string) => `There is no invitation ${invitationId} to ${team}.`,
  invitationNotOpen: (state: string) => `This invitation was ${state} already.`,

  notices: {
    membershipRequested: (who: string, username: string, team: string, message: string) => ({
      subject: `${who} asks to join ${team}`,
      body: `${who} (${username}) asks to join ${team}.${quoted(message)}\n\nAccept or reject the request on the team's page.`,
    }),
    membershipAccepted: (team: string, by: string) => ({
      subject: `You are now a member of ${team}`,
      body: `${by} accepted your request to join ${team}.`,
    }),
    membershipRejected: (team: string, by: string) => ({
      subject: `Your request to join ${team} was declined`,
      body: `${by} declined your request to join ${team}.`,
    }),
    invited: (team: string, by: string, message: string) => ({
      subject: `${by} invites you to join ${team}`,
      body: `${by} invites you to join ${team}.${quoted(message)}\n\nAccept or decline the invitation on the team's page.`,
    }),
    invitationAccepted: (team: string, who: string) => ({
      subject: `${who} joined ${team}`,
      body: `${who} accepted your invitation and is now a member of ${team}.`,
    }),
    invitationDeclined: (team: string, who: string) => ({
      subject: `${who} declined to join ${team}`,
      body: `${who} declined your invitation to join ${team}.`,
    }),
    added: (team: string, by: string, manager: boolean) => ({
      subject: `You were added to ${team}`,
      body: `${by} added you to ${team}${manager ? ' as a manager' : ''}.`,
    }),
    removed: (team: string, by: string) => ({
      subject: `You were removed from ${team}`,
      body: `${by} removed you from ${team}.`,
    }),
    managerGranted: (team: string, by: string) => ({
      subject: `You are now a manager of ${team}`,
      body: `${by} made you a manager of ${team}: you can add and remove members and answer membership requests.`,
    }),
    managerRevoked: (team: string, by: string) => ({
      subject: `You are no longer a manager of ${team}`,
      body: `${by} made you an ordinary member of ${team}.`,
    }),
  },
} as const;

function quoted(message: string): string {
  return message ? `\n\nMessage: "${message}"` : '';
}
