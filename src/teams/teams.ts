import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { ADMIN_TEAM, ROLE_TEAMS } from '../infra/ids.js';
import { conflict, forbidden, notFound, validationFailed } from '../infra/problem.js';
import { assertTeamRequirementsMet } from '../accessrequirements/team-requirements.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam, notifyUser } from '../notifications/outbox.js';
import { teamMessages as msg } from './messages.js';
import * as store from './store.js';
import type { Invitation, InvitationState, Member, MembershipRequest, RequestState, Slice, Team, TeamRole } from './store.js';

/**
 * Team use cases (SPEC §2): one exported function per operation, each one transaction holding the change,
 * its audit entry and its notifications (outbox).
 *
 * Consistency rule: membership lives only in team_members and nothing caches it. A caller's principal set is
 * read from that table on every request (src/identity/caller.ts), so once a removal is acknowledged the very
 * next request no longer counts the team (SPEC §1.3, "no stale grant").
 *
 * The ADMIN and ACT teams are roles: they change only through the user's roles (PUT /users/{id}/roles).
 */

/** Who acts: the signed-in user. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
}

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 2000;
export const MESSAGE_MAX = 2000;

export const isRoleTeam = (teamId: number) => ROLE_TEAMS.includes(teamId);

interface TeamRef {
  id: number;
  name: string;
}

interface UserRef {
  id: number;
  username: string;
  displayName: string;
  active: boolean;
}

const teamLink = (teamId: number) => `/teams/${teamId}`;

// ---------------------------------------------------------------------------------------------------------
// Reads

export async function getTeam(ctx: AppContext, actor: Actor, teamId: number): Promise<Team> {
  const team = await store.getTeam(ctx.db, actor.id, teamId);
  if (!team) throw notFound(msg.notFound(teamId));
  return team;
}

export async function findTeams(ctx: AppContext, actor: Actor, q: string | undefined, slice: Slice) {
  return store.findTeams(ctx.db, actor.id, q, slice);
}

export async function myTeams(ctx: AppContext, actor: Actor): Promise<Team[]> {
  return store.teamsOfUser(ctx.db, actor.id);
}

export async function listMembers(ctx: AppContext, teamId: number, slice: Slice) {
  await findTeam(ctx.db, teamId);
  return store.listMembers(ctx.db, teamId, slice);
}

export async function listRequests(ctx: AppContext, actor: Actor, teamId: number, state: RequestState | undefined, slice: Slice) {
  const team = await findTeam(ctx.db, teamId);
  await requireManager(ctx.db, team, actor, 'see its membership requests');
  return store.listRequests(ctx.db, teamId, state, slice);
}

export async function listInvitations(ctx: AppContext, actor: Actor, teamId: number, state: InvitationState | undefined, slice: Slice) {
  const team = await findTeam(ctx.db, teamId);
  await requireManager(ctx.db, team, actor, 'see its invitations');
  return store.listInvitations(ctx.db, teamId, state, slice);
}

export async function myInvitations(ctx: AppContext, actor: Actor): Promise<Invitation[]> {
  return store.openInvitationsOf(ctx.db, actor.id);
}

// ---------------------------------------------------------------------------------------------------------
// The team itself

export async function createTeam(ctx: AppContext, actor: Actor, input: { name: string; description?: string }): Promise<Team> {
  const name = teamName(input.name);
  const description = (input.description ?? '').trim();
  return guardName(name, () => ctx.db.tx(async (sql) => {
    await assertNameFree(sql, name, null);
    const now = ctx.clock.now();
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO principals (id, kind) VALUES (nextval('principal_id_seq'), 'team') RETURNING id`,
    );
    await sql.query(
      'INSERT INTO teams (id, name, description, created_by, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, name, description, actor.id, now],
    );
    await sql.query(
      'INSERT INTO team_members (team_id, user_id, is_manager, added_by, added_at) VALUES ($1, $2, true, $2, $3)',
      [id, actor.id, now],
    );
    await audit(ctx, sql, actor, 'team.created', id, { name, description });
    return (await store.getTeam(sql, actor.id, id))!;
  }));
}

export async function updateTeam(ctx: AppContext, actor: Actor, teamId: number, input: { name?: string; description?: string }): Promise<Team> {
  const name = input.name === undefined ? undefined : teamName(input.name);
  const description = input.description?.trim();
  return guardName(name ?? '', () => ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    if (isRoleTeam(teamId)) throw forbidden('ROLE_TEAM', msg.roleTeamDetails);
    await requireManager(sql, team, actor, 'change its name or description');
    const current = await sql.one<{ name: string; description: string }>('SELECT name, description FROM teams WHERE id = $1', [teamId]);
    const changes: Record<string, { from: string; to: string }> = {};
    if (name !== undefined && name !== current.name) {
      await assertNameFree(sql, name, teamId);
      changes.name = { from: current.name, to: name };
    }
    if (description !== undefined && description !== current.description) {
      changes.description = { from: current.description, to: description };
    }
    if (Object.keys(changes).length > 0) {
      await sql.query('UPDATE teams SET name = $2, description = $3 WHERE id = $1',
        [teamId, changes.name?.to ?? current.name, changes.description?.to ?? current.description]);
      await audit(ctx, sql, actor, 'team.updated', teamId, { changes });
    }
    return (await store.getTeam(sql, actor.id, teamId))!;
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Members

export async function addMember(ctx: AppContext, actor: Actor, teamId: number, userId: number, manager: boolean): Promise<Member> {
  await assertTeamRequirementsMet(ctx, userId, teamId);
  return ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    await requireManager(sql, team, actor, 'add members');
    const user = await findUser(sql, userId);
    if (!user.active) throw conflict('USER_NOT_ACTIVE', msg.userDisabled(user.username));
    if (await roleOf(sql, teamId, userId)) throw conflict('ALREADY_MEMBER', msg.alreadyMember(user.username, team.name));
    await join(ctx, sql, team, user.id, actor.id, manager);
    await audit(ctx, sql, actor, 'team.member-added', teamId, { userId, username: user.username, manager });
    await notify(ctx, sql, userId, 'team.member-added', teamId, msg.notices.added(team.name, actor.displayName, manager));
    return (await store.getMember(sql, teamId, userId))!;
  });
}

export async function setManager(ctx: AppContext, actor: Actor, teamId: number, userId: number, manager: boolean): Promise<Member> {
  return ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    await requireManager(sql, team, actor, 'choose its managers');
    const member = await store.getMember(sql, teamId, userId);
    if (!member) throw notFound(msg.notMember((await findUser(sql, userId)).username, team.name));
    if (member.isManager === manager) return member;
    if (!manager && (await managerCount(sql, teamId)) <= 1) throw conflict('LAST_MANAGER', msg.lastManager(team.name));
    await sql.query('UPDATE team_members SET is_manager = $3 WHERE team_id = $1 AND user_id = $2', [teamId, userId, manager]);
    await audit(ctx, sql, actor, manager ? 'team.manager-granted' : 'team.manager-revoked', teamId, { userId, username: member.username });
    if (userId !== actor.id) {
      const notice = manager ? msg.notices.managerGranted(team.name, actor.displayName) : msg.notices.managerRevoked(team.name, actor.displayName);
      await notify(ctx, sql, userId, manager ? 'team.manager-granted' : 'team.manager-revoked', teamId, notice);
    }
    return (await store.getMember(sql, teamId, userId))!;
  });
}

/** A manager removes a member, or a member leaves (userId is the actor). */
export async function removeMember(ctx: AppContext, actor: Actor, teamId: number, userId: number): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    const leaving = userId === actor.id;
    if (!leaving) await requireManager(sql, team, actor, 'remove members');
    const role = await roleOf(sql, teamId, userId);
    if (!role) {
      throw notFound(leaving ? msg.youAreNotMember(team.name) : msg.notMember((await findUser(sql, userId)).username, team.name));
    }
    if (role === 'manager' && (await managerCount(sql, teamId)) <= 1) throw conflict('LAST_MANAGER', msg.lastManager(team.name));
    const { username } = await findUser(sql, userId);
    await sql.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
    if (leaving) {
      await audit(ctx, sql, actor, 'team.member-left', teamId, { userId, username });
    } else {
      await audit(ctx, sql, actor, 'team.member-removed', teamId, { userId, username });
      await notify(ctx, sql, userId, 'team.member-removed', teamId, msg.notices.removed(team.name, actor.displayName));
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Membership requests

export async function requestMembership(ctx: AppContext, actor: Actor, teamId: number, message: string): Promise<MembershipRequest> {
  const text = message.trim();
  return ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    if (await roleOf(sql, teamId, actor.id)) throw conflict('ALREADY_MEMBER', msg.youAreMember(team.name));
    if (await openRequestId(sql, teamId, actor.id)) throw conflict('ALREADY_REQUESTED', msg.requestOpen(team.name));
    if (await openInvitationId(sql, teamId, actor.id)) throw conflict('INVITATION_PENDING', msg.youAreInvited(team.name));
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO team_membership_requests (team_id, user_id, message, state, created_at)
       VALUES ($1, $2, $3, 'open', $4) RETURNING id`,
      [teamId, actor.id, text, ctx.clock.now()],
    );
    await audit(ctx, sql, actor, 'team.membership-requested', teamId, { requestId: id, userId: actor.id });
    await notifyTeam(sql, ctx.clock, ctx.config.publicUrl, teamId, {
      kind: 'team.membership-requested',
      link: teamLink(teamId),
      ...msg.notices.membershipRequested(actor.displayName, actor.username, team.name, text),
    }, { managersOnly: true });
    return (await store.getRequest(sql, id))!;
  });
}

export async function decideRequest(ctx: AppContext, actor: Actor, teamId: number, requestId: number, decision: 'accept' | 'reject'): Promise<MembershipRequest> {
  if (decision === 'accept') {
    const pending = await store.getRequest(ctx.db, requestId);
    if (pending && pending.teamId === teamId) await assertTeamRequirementsMet(ctx, pending.userId, teamId);
  }
  return ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    await requireManager(sql, team, actor, 'answer membership requests');
    const request = await store.getRequest(sql, requestId);
    if (!request || request.teamId !== teamId) throw notFound(msg.requestNotFound(requestId, team.name));
    if (request.state !== 'open') throw conflict('REQUEST_NOT_OPEN', msg.requestNotOpen(request.state));
    const now = ctx.clock.now();
    if (decision === 'accept') {
      // join() closes this request as accepted, with any open invitation.
      await join(ctx, sql, team, request.userId, actor.id, false);
      await audit(ctx, sql, actor, 'team.membership-accepted', teamId, { requestId, userId: request.userId, username: request.username });
      await notify(ctx, sql, request.userId, 'team.membership-accepted', teamId, msg.notices.membershipAccepted(team.name, actor.displayName));
    } else {
      await sql.query(`UPDATE team_membership_requests SET state = 'rejected', decided_by = $2, decided_at = $3 WHERE id = $1`,
        [requestId, actor.id, now]);
      await audit(ctx, sql, actor, 'team.membership-rejected', teamId, { requestId, userId: request.userId, username: request.username });
      await notify(ctx, sql, request.userId, 'team.membership-rejected', teamId, msg.notices.membershipRejected(team.name, actor.displayName));
    }
    return (await store.getRequest(sql, requestId))!;
  });
}

export async function withdrawRequest(ctx: AppContext, actor: Actor, teamId: number): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    const requestId = await openRequestId(sql, teamId, actor.id);
    if (!requestId) throw notFound(msg.noOpenRequest(team.name));
    await sql.query(`UPDATE team_membership_requests SET state = 'withdrawn', decided_by = $2, decided_at = $3 WHERE id = $1`,
      [requestId, actor.id, ctx.clock.now()]);
    await audit(ctx, sql, actor, 'team.membership-withdrawn', teamId, { requestId, userId: actor.id });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Invitations

export async function invite(ctx: AppContext, actor: Actor, teamId: number, userId: number, message: string): Promise<Invitation> {
  const text = message.trim();
  return ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    await requireManager(sql, team, actor, 'invite users');
    const user = await findUser(sql, userId);
    if (!user.active) throw conflict('USER_NOT_ACTIVE', msg.userDisabled(user.username));
    if (await roleOf(sql, teamId, userId)) throw conflict('ALREADY_MEMBER', msg.alreadyMember(user.username, team.name));
    if (await openInvitationId(sql, teamId, userId)) throw conflict('ALREADY_INVITED', msg.alreadyInvited(user.username, team.name));
    if (await openRequestId(sql, teamId, userId)) throw conflict('REQUEST_PENDING', msg.theyRequested(user.username, team.name));
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO team_invitations (team_id, user_id, invited_by, message, state, created_at)
       VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id`,
      [teamId, userId, actor.id, text, ctx.clock.now()],
    );
    await audit(ctx, sql, actor, 'team.invitation-sent', teamId, { invitationId: id, userId, username: user.username });
    await notify(ctx, sql, userId, 'team.invited', teamId, msg.notices.invited(team.name, actor.displayName, text));
    return (await store.getInvitation(sql, id))!;
  });
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, teamId: number, invitationId: number): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const team = await lockTeam(sql, teamId);
    refuseRoleTeam(team);
    await requireManager(sql, team, actor, 'revoke invitations');
    const invitation = await store.getInvitation(sql, invitationId);
    if (!invitation || invitation.teamId !== teamId) throw notFound(msg.teamInvitationNotFound(invitationId, team.name));
    if (invitation.state !== 'open') throw conflict('INVITATION_NOT_OPEN', msg.invitationNotOpen(invitation.state));
    await sql.query(`UPDATE team_invitations SET state = 'revoked', decided_at = $2 WHERE id = $1`, [invitationId, ctx.clock.now()]);
    await audit(ctx, sql, actor, 'team.invitation-revoked', teamId, { invitationId, userId: invitation.userId, username: invitation.username });
  });
}

/** The invitee accepts (and joins) or declines. Someone else's invitation is not found. */
export async function answerInvitation(ctx: AppContext, actor: Actor, invitationId: number, answer: 'accept' | 'decline'): Promise<void> {
  if (answer === 'accept') {
    const pending = await store.getInvitation(ctx.db, invitationId);
    if (pending && pending.userId === actor.id) await assertTeamRequirementsMet(ctx, actor.id, pending.teamId);
  }
  await ctx.db.tx(async (sql) => {
    const found = await store.getInvitation(sql, invitationId);
    if (!found || found.userId !== actor.id) throw notFound(msg.invitationNotFound(invitationId));
    const team = await lockTeam(sql, found.teamId);
    refuseRoleTeam(team);
    const invitation = (await store.getInvitation(sql, invitationId))!;
    if (invitation.state !== 'open') throw conflict('INVITATION_NOT_OPEN', msg.invitationNotOpen(invitation.state));
    const now = ctx.clock.now();
    if (answer === 'accept') {
      await sql.query(`UPDATE team_invitations SET state = 'accepted', decided_at = $2 WHERE id = $1`, [invitationId, now]);
      if (!(await roleOf(sql, team.id, actor.id))) await join(ctx, sql, team, actor.id, invitation.invitedBy, false);
      await audit(ctx, sql, actor, 'team.invitation-accepted', team.id, { invitationId, userId: actor.id, invitedBy: invitation.invitedBy });
      await notify(ctx, sql, invitation.invitedBy, 'team.invitation-accepted', team.id, msg.notices.invitationAccepted(team.name, actor.displayName));
    } else {
      await sql.query(`UPDATE team_invitations SET state = 'declined', decided_at = $2 WHERE id = $1`, [invitationId, now]);
      await audit(ctx, sql, actor, 'team.invitation-declined', team.id, { invitationId, userId: actor.id, invitedBy: invitation.invitedBy });
      await notify(ctx, sql, invitation.invitedBy, 'team.invitation-declined', team.id, msg.notices.invitationDeclined(team.name, actor.displayName));
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

/** The team, or a 404. */
async function findTeam(sql: Sql, teamId: number): Promise<TeamRef> {
  const team = await sql.maybeOne<TeamRef>('SELECT id, name FROM teams WHERE id = $1', [teamId]);
  if (!team) throw notFound(msg.notFound(teamId));
  return team;
}

/**
 * The team, locked for the rest of the transaction: changes to one team take turns, so that two managers
 * demoting each other at once cannot leave the team without a manager.
 */
async function lockTeam(sql: Sql, teamId: number): Promise<TeamRef> {
  const team = await sql.maybeOne<TeamRef>('SELECT id, name FROM teams WHERE id = $1 FOR UPDATE', [teamId]);
  if (!team) throw notFound(msg.notFound(teamId));
  return team;
}

function refuseRoleTeam(team: TeamRef): void {
  if (isRoleTeam(team.id)) throw forbidden('ROLE_TEAM', msg.roleTeam);
}

async function roleOf(sql: Sql, teamId: number, userId: number): Promise<TeamRole | null> {
  const row = await sql.maybeOne<{ is_manager: boolean }>(
    'SELECT is_manager FROM team_members WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
  return row ? (row.is_manager ? 'manager' : 'member') : null;
}

/** A team's managers manage it, and platform admins manage every team (SPEC §2); their acts are audited as theirs. */
async function requireManager(sql: Sql, team: TeamRef, actor: Actor, what: string): Promise<void> {
  const { manages } = await sql.one<{ manages: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM team_members WHERE user_id = $2 AND ((team_id = $1 AND is_manager) OR team_id = ${ADMIN_TEAM})) AS manages`,
    [team.id, actor.id]);
  if (!manages) throw forbidden('NOT_TEAM_MANAGER', msg.notManager(team.name, what));
}

async function managerCount(sql: Sql, teamId: number): Promise<number> {
  const { count } = await sql.one<{ count: number }>(
    'SELECT count(*)::int AS count FROM team_members WHERE team_id = $1 AND is_manager', [teamId]);
  return count;
}

async function findUser(sql: Sql, userId: number): Promise<UserRef> {
  const row = await sql.maybeOne<{ id: number; username: string; display_name: string; status: string }>(
    'SELECT id, username, display_name, status FROM users WHERE id = $1', [userId]);
  if (!row) throw notFound(msg.userNotFound(userId));
  return { id: row.id, username: row.username, displayName: row.display_name, active: row.status === 'active' };
}

async function openRequestId(sql: Sql, teamId: number, userId: number): Promise<number | null> {
  const row = await sql.maybeOne<{ id: number }>(
    `SELECT id FROM team_membership_requests WHERE team_id = $1 AND user_id = $2 AND state = 'open'`, [teamId, userId]);
  return row?.id ?? null;
}

async function openInvitationId(sql: Sql, teamId: number, userId: number): Promise<number | null> {
  const row = await sql.maybeOne<{ id: number }>(
    `SELECT id FROM team_invitations WHERE team_id = $1 AND user_id = $2 AND state = 'open'`, [teamId, userId]);
  return row?.id ?? null;
}

/**
 * Makes the user a member. However they joined, their open request counts as accepted and an open
 * invitation is no longer needed.
 */
async function join(ctx: AppContext, sql: Sql, team: TeamRef, userId: number, addedBy: number, manager: boolean): Promise<void> {
  const now = ctx.clock.now();
  await sql.query(
    `INSERT INTO team_members (team_id, user_id, is_manager, added_by, added_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (team_id, user_id) DO NOTHING`,
    [team.id, userId, manager, addedBy, now],
  );
  await sql.query(
    `UPDATE team_membership_requests SET state = 'accepted', decided_by = $3, decided_at = $4
     WHERE team_id = $1 AND user_id = $2 AND state = 'open'`,
    [team.id, userId, addedBy, now],
  );
  await sql.query(
    `UPDATE team_invitations SET state = 'revoked', decided_at = $3 WHERE team_id = $1 AND user_id = $2 AND state = 'open'`,
    [team.id, userId, now],
  );
}

async function audit(ctx: AppContext, sql: Sql, actor: Actor, action: string, teamId: number, details: Record<string, unknown>): Promise<void> {
  await appendAudit(sql, ctx.clock, { actorId: actor.id, action, targetType: 'team', targetId: teamId, details });
}

async function notify(ctx: AppContext, sql: Sql, userId: number, kind: string, teamId: number, notice: { subject: string; body: string }): Promise<void> {
  await notifyUser(sql, ctx.clock, ctx.config.publicUrl, { kind, userId, link: teamLink(teamId), ...notice });
}

function teamName(raw: string): string {
  const name = raw.trim();
  if (!name) throw validationFailed(msg.nameBlank, [{ field: 'body.name', message: 'must not be blank' }]);
  if (name.length > NAME_MAX) {
    throw validationFailed(`A team name has at most ${NAME_MAX} characters.`, [{ field: 'body.name', message: `must NOT have more than ${NAME_MAX} characters` }]);
  }
  return name;
}

async function assertNameFree(sql: Sql, name: string, exceptTeamId: number | null): Promise<void> {
  const taken = await sql.maybeOne<{ id: number }>(
    'SELECT id FROM teams WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::bigint', [name, exceptTeamId]);
  if (taken) throw conflict('TEAM_NAME_TAKEN', msg.nameTaken(name));
}

/** Two teams created with one name at the same moment: the unique index decides, and the loser hears why. */
async function guardName<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message?: string };
    if (e.code === '23505' && (e.constraint === 'teams_name_key' || e.message?.includes('teams_name_key'))) {
      throw conflict('TEAM_NAME_TAKEN', msg.nameTaken(name));
    }
    throw err;
  }
}
