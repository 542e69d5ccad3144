import type { Sql } from '../infra/db.js';
import { ADMIN_TEAM, ROLE_TEAMS } from '../infra/ids.js';

/**
 * Reads of teams, members, membership requests and invitations, shaped as the API shows them. Every read
 * goes to the tables: nothing here is cached, so a membership change is seen by the very next request.
 */

export type TeamRole = 'manager' | 'member';

export interface Team {
  id: number;
  name: string;
  description: string;
  memberCount: number;
  createdAt: string;
  /** The viewer's place in the team. */
  myRole: TeamRole | null;
  /** The viewer may manage the team: one of its managers, or a platform admin; never a role team (ADMIN, ACT), which changes through users' roles. */
  canManage: boolean;
  myPendingRequest: boolean;
  /** The id of the viewer's open invitation to the team. */
  myPendingInvitation: number | null;
}

export interface Member {
  userId: number;
  username: string;
  displayName: string;
  isManager: boolean;
  addedAt: string;
}

export type RequestState = 'open' | 'accepted' | 'rejected' | 'withdrawn';

export interface MembershipRequest {
  id: number;
  teamId: number;
  userId: number;
  username: string;
  displayName: string;
  message: string;
  state: RequestState;
  createdAt: string;
  decidedAt: string | null;
}

export type InvitationState = 'open' | 'accepted' | 'declined' | 'revoked';

export interface Invitation {
  id: number;
  teamId: number;
  teamName: string;
  userId: number;
  username: string;
  displayName: string;
  /** The user id of the manager who invited. */
  invitedBy: number;
  invitedByName: string;
  message: string;
  state: InvitationState;
  createdAt: string;
  decidedAt: string | null;
}

export interface Slice {
  limit?: number;
  offset?: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

interface TeamRow {
  id: number;
  name: string;
  description: string;
  created_at: Date;
  member_count: number;
  my_role: TeamRole | null;
  can_manage: boolean;
  my_pending_request: boolean;
  my_pending_invitation: number | null;
}

// $1 is always the viewer's user id.
const TEAM_SELECT = `
  SELECT t.id, t.name, t.description, t.created_at,
         (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id) AS member_count,
         (SELECT CASE WHEN m.is_manager THEN 'manager' ELSE 'member' END
            FROM team_members m WHERE m.team_id = t.id AND m.user_id = $1) AS my_role,
         t.id NOT IN (${ROLE_TEAMS.join(', ')}) AND EXISTS (SELECT 1 FROM team_members m
                  WHERE m.user_id = $1 AND ((m.team_id = t.id AND m.is_manager) OR m.team_id = ${ADMIN_TEAM})) AS can_manage,
         EXISTS (SELECT 1 FROM team_membership_requests r
                  WHERE r.team_id = t.id AND r.user_id = $1 AND r.state = 'open') AS my_pending_request,
         (SELECT i.id FROM team_invitations i
           WHERE i.team_id = t.id AND i.user_id = $1 AND i.state = 'open') AS my_pending_invitation
  FROM teams t`;

const teamView = (r: TeamRow): Team => ({
  id: r.id,
  name: r.name,
  description: r.description,
  memberCount: r.member_count,
  createdAt: iso(r.created_at)!,
  myRole: r.my_role,
  canManage: r.can_manage,
  myPendingRequest: r.my_pending_request,
  myPendingInvitation: r.my_pending_invitation,
});

/** `%` and `_` in a search are letters, not wildcards. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function getTeam(sql: Sql, viewerId: number, teamId: number): Promise<Team | null> {
  const row = await sql.maybeOne<TeamRow>(`${TEAM_SELECT} WHERE t.id = $2`, [viewerId, teamId]);
  return row && teamView(row);
}

/** Teams whose name contains q (any case), by name. */
export async function findTeams(sql: Sql, viewerId: number, q: string | undefined, slice: Slice): Promise<{ items: Team[]; total: number }> {
  const pattern = q?.trim() ? `%${likeEscape(q.trim())}%` : null;
  const rows = await sql.query<TeamRow>(
    `${TEAM_SELECT} WHERE ($2::text IS NULL OR t.name ILIKE $2) ORDER BY lower(t.name), t.id LIMIT $3 OFFSET $4`,
    [viewerId, pattern, slice.limit ?? 50, slice.offset ?? 0],
  );
  const { count } = await sql.one<{ count: number }>(
    'SELECT count(*)::int AS count FROM teams t WHERE ($1::text IS NULL OR t.name ILIKE $1)', [pattern]);
  return { items: rows.map(teamView), total: count };
}

export async function teamsOfUser(sql: Sql, userId: number): Promise<Team[]> {
  const rows = await sql.query<TeamRow>(
    `${TEAM_SELECT} WHERE EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = $1)
     ORDER BY lower(t.name), t.id`,
    [userId],
  );
  return rows.map(teamView);
}

interface MemberRow {
  user_id: number;
  username: string;
  display_name: string;
  is_manager: boolean;
  added_at: Date;
}

const MEMBER_SELECT = `
  SELECT m.user_id, u.username, u.display_name, m.is_manager, m.added_at
  FROM team_members m JOIN users u ON u.id = m.user_id`;

const memberView = (r: MemberRow): Member => ({
  userId: r.user_id,
  username: r.username,
  displayName: r.display_name,
  isManager: r.is_manager,
  addedAt: iso(r.added_at)!,
});

/** Managers first, then by username. */
export async function listMembers(sql: Sql, teamId: number, slice: Slice): Promise<{ items: Member[]; total: number }> {
  const rows = await sql.query<MemberRow>(
    `${MEMBER_SELECT} WHERE m.team_id = $1 ORDER BY m.is_manager DESC, lower(u.username) LIMIT $2 OFFSET $3`,
    [teamId, slice.limit ?? 50, slice.offset ?? 0],
  );
  const { count } = await sql.one<{ count: number }>('SELECT count(*)::int AS count FROM team_members WHERE team_id = $1', [teamId]);
  return { items: rows.map(memberView), total: count };
}

export async function getMember(sql: Sql, teamId: number, userId: number): Promise<Member | null> {
  const row = await sql.maybeOne<MemberRow>(`${MEMBER_SELECT} WHERE m.team_id = $1 AND m.user_id = $2`, [teamId, userId]);
  return row && memberView(row);
}

interface RequestRow {
  id: number;
  team_id: number;
  user_id: number;
  username: string;
  display_name: string;
  message: string;
  state: RequestState;
  created_at: Date;
  decided_at: Date | null;
}

const REQUEST_SELECT = `
  SELECT r.id, r.team_id, r.user_id, u.username, u.display_name, r.message, r.state, r.created_at, r.decided_at
  FROM team_membership_requests r JOIN users u ON u.id = r.user_id`;

const requestView = (r: RequestRow): MembershipRequest => ({
  id: r.id,
  teamId: r.team_id,
  userId: r.user_id,
  username: r.username,
  displayName: r.display_name,
  message: r.message,
  state: r.state,
  createdAt: iso(r.created_at)!,
  decidedAt: iso(r.decided_at),
});

/** Newest first. */
export async function listRequests(sql: Sql, teamId: number, state: RequestState | undefined, slice: Slice): Promise<{ items: MembershipRequest[]; total: number }> {
  const where = `r.team_id = $1 AND ($2::text IS NULL OR r.state = $2)`;
  const rows = await sql.query<RequestRow>(
    `${REQUEST_SELECT} WHERE ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT $3 OFFSET $4`,
    [teamId, state ?? null, slice.limit ?? 50, slice.offset ?? 0],
  );
  const { count } = await sql.one<{ count: number }>(
    `SELECT count(*)::int AS count FROM team_membership_requests r WHERE ${where}`, [teamId, state ?? null]);
  return { items: rows.map(requestView), total: count };
}

export async function getRequest(sql: Sql, requestId: number): Promise<MembershipRequest | null> {
  const row = await sql.maybeOne<RequestRow>(`${REQUEST_SELECT} WHERE r.id = $1`, [requestId]);
  return row && requestView(row);
}

interface InvitationRow {
  id: number;
  team_id: number;
  team_name: string;
  user_id: number;
  username: string;
  display_name: string;
  invited_by: number;
  invited_by_name: string;
  message: string;
  state: InvitationState;
  created_at: Date;
  decided_at: Date | null;
}

const INVITATION_SELECT = `
  SELECT i.id, i.team_id, t.name AS team_name, i.user_id, u.username, u.display_name,
         i.invited_by, b.display_name AS invited_by_name, i.message, i.state, i.created_at, i.decided_at
  FROM team_invitations i
  JOIN teams t ON t.id = i.team_id
  JOIN users u ON u.id = i.user_id
  JOIN users b ON b.id = i.invited_by`;

const invitationView = (r: InvitationRow): Invitation => ({
  id: r.id,
  teamId: r.team_id,
  teamName: r.team_name,
  userId: r.user_id,
  username: r.username,
  displayName: r.display_name,
  invitedBy: r.invited_by,
  invitedByName: r.invited_by_name,
  message: r.message,
  state: r.state,
  createdAt: iso(r.created_at)!,
  decidedAt: iso(r.decided_at),
});

/** Newest first. */
export async function listInvitations(sql: Sql, teamId: number, state: InvitationState | undefined, slice: Slice): Promise<{ items: Invitation[]; total: number }> {
  const where = `i.team_id = $1 AND ($2::text IS NULL OR i.state = $2)`;
  const rows = await sql.query<InvitationRow>(
    `${INVITATION_SELECT} WHERE ${where} ORDER BY i.created_at DESC, i.id DESC LIMIT $3 OFFSET $4`,
    [teamId, state ?? null, slice.limit ?? 50, slice.offset ?? 0],
  );
  const { count } = await sql.one<{ count: number }>(
    `SELECT count(*)::int AS count FROM team_invitations i WHERE ${where}`, [teamId, state ?? null]);
  return { items: rows.map(invitationView), total: count };
}

/** A user's open invitations, newest first. */
export async function openInvitationsOf(sql: Sql, userId: number): Promise<Invitation[]> {
  const rows = await sql.query<InvitationRow>(
    `${INVITATION_SELECT} WHERE i.user_id = $1 AND i.state = 'open' ORDER BY i.created_at DESC, i.id DESC`,
    [userId],
  );
  return rows.map(invitationView);
}

export async function getInvitation(sql: Sql, invitationId: number): Promise<Invitation | null> {
  const row = await sql.maybeOne<InvitationRow>(`${INVITATION_SELECT} WHERE i.id = $1`, [invitationId]);
  return row && invitationView(row);
}
