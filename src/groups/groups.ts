import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, conflict, forbidden, notFound, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { groupMessages as msg } from './messages.js';
import { deleteMember, insertMember, updateRole } from './membership.js';
import { groupNameProblem, type GroupRole } from './rules.js';
import * as store from './store.js';
import type { Group, GroupRow, Member, Slice } from './store.js';

/**
 * Managed-group use cases (SPEC §9): one exported function per operation, each one transaction holding the
 * change, its audit entries and its notices (outbox). Changes to one group take turns on its row lock.
 */

/** Who acts: the signed-in user. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

export const groupLink = (name: string) => `/groups/${name}`;

// ---------------------------------------------------------------------------------------------------------
// Reads

export async function getGroup(ctx: AppContext, actor: Actor, name: string): Promise<Group> {
  const row = await findGroup(ctx.db, name);
  return (await store.getGroup(ctx.db, actor.id, actor.isAdmin, row.id))!;
}

export async function listGroups(ctx: AppContext, actor: Actor, filter: { q?: string; all?: boolean }, slice: Slice) {
  return store.listGroups(ctx.db, actor.id, actor.isAdmin, filter, slice);
}

/** Members, admins and platform administrators see who is in a group. */
export async function listMembers(ctx: AppContext, actor: Actor, name: string, slice: Slice) {
  const group = await findGroup(ctx.db, name);
  if (!actor.isAdmin && !(await store.isMember(ctx.db, group.id, actor.id)) && !(await store.isAdmin(ctx.db, group.id, actor.id))) {
    throw forbidden('NOT_GROUP_MEMBER', msg.notMemberToSee(group.name));
  }
  return store.listMembers(ctx.db, group.id, slice);
}

// ---------------------------------------------------------------------------------------------------------
// The group itself

export interface GroupInput {
  name: string;
  description?: string;
  accessInstructions?: string | null;
}

/** Any signed-in user creates a group and becomes its admin. */
export async function createGroup(ctx: AppContext, actor: Actor, input: GroupInput): Promise<Group> {
  const name = groupName(input.name);
  const description = (input.description ?? '').trim();
  const instructions = cleanInstructions(input.accessInstructions);
  return guardName(name, () => ctx.db.tx(async (sql) => {
    if (await store.findByName(sql, name)) throw conflict('GROUP_NAME_TAKEN', msg.nameTaken(name));
    const now = ctx.clock.now();
    const { id: rawId } = await sql.one<{ id: number }>(
      `INSERT INTO principals (id, kind) VALUES (nextval('principal_id_seq'), 'group') RETURNING id`,
    );
    const id = Number(rawId);
    await sql.query(
      `INSERT INTO managed_groups (id, name, description, access_instructions, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, name, description, instructions, actor.id, now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'group.created', targetType: 'group', targetId: id,
      details: { name, description, accessInstructions: instructions },
    });
    await insertMember(sql, ctx.clock, {
      groupId: id, groupName: name, memberId: actor.id, memberType: 'user', memberName: actor.username,
      actorId: actor.id, cause: 'group-created', role: 'admin', source: 'manual',
    });
    return (await store.getGroup(sql, actor.id, actor.isAdmin, id))!;
  }));
}

/** Admins change the description and the access instructions (null clears them). */
export async function updateGroup(ctx: AppContext, actor: Actor, name: string, input: { description?: string; accessInstructions?: string | null }): Promise<Group> {
  return ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'change it');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const description = input.description?.trim();
    if (description !== undefined && description !== group.description) changes.description = { from: group.description, to: description };
    if (input.accessInstructions !== undefined) {
      const instructions = cleanInstructions(input.accessInstructions);
      if (instructions !== group.access_instructions) changes.accessInstructions = { from: group.access_instructions, to: instructions };
    }
    if (Object.keys(changes).length > 0) {
      await sql.query('UPDATE managed_groups SET description = $2, access_instructions = $3 WHERE id = $1', [
        group.id,
        changes.description ? changes.description.to : group.description,
        changes.accessInstructions ? changes.accessInstructions.to : group.access_instructions,
      ]);
      await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'group.updated', targetType: 'group', targetId: group.id, details: { changes } });
    }
    return (await store.getGroup(sql, actor.id, actor.isAdmin, group.id))!;
  });
}

/**
 * Admins delete a group. A group in an authorization domain is never deleted (409, SPEC §9); nor one still
 * named in an ACL, which would otherwise grant through a group nobody can see any more.
 */
export async function deleteGroup(ctx: AppContext, actor: Actor, name: string): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'delete it');
    const projects = await sql.query<{ project_id: number }>(
      'SELECT project_id FROM authorization_domain_groups WHERE group_id = $1 ORDER BY project_id', [group.id]);
    if (projects.length > 0) {
      const ids = projects.map((p) => formatEntityId(Number(p.project_id)));
      throw conflict('GROUP_USED_AS_AUTHORIZATION_DOMAIN', msg.usedAsDomain(group.name, ids), { projects: ids });
    }
    const entities = await sql.query<{ entity_id: number }>(
      'SELECT entity_id FROM acl_entries WHERE principal_id = $1 ORDER BY entity_id LIMIT 20', [group.id]);
    if (entities.length > 0) {
      const ids = entities.map((e) => formatEntityId(Number(e.entity_id)));
      throw conflict('GROUP_IN_ACL', msg.usedInAcl(group.name, ids), { entities: ids });
    }
    if (await sql.maybeOne('SELECT 1 FROM access_requirement_acl WHERE principal_id = $1 LIMIT 1', [group.id])) {
      throw conflict('GROUP_IN_ACL', msg.usedInRequirementAcl(group.name));
    }
    await sql.query('DELETE FROM group_allowlists WHERE group_id = $1', [group.id]);
    for (const m of (await store.listMembers(sql, group.id, { limit: 1_000_000 })).items) {
      await deleteMember(sql, ctx.clock, {
        groupId: group.id, groupName: group.name, memberId: m.principalId, memberType: m.type, memberName: m.name,
        actorId: actor.id, cause: 'group-deleted',
      });
    }
    const parents = await sql.query<GroupRow>(
      `SELECT g.id, g.name FROM group_members m JOIN managed_groups g ON g.id = m.group_id WHERE m.member_id = $1`, [group.id]);
    for (const parent of parents) {
      await deleteMember(sql, ctx.clock, {
        groupId: Number(parent.id), groupName: parent.name, memberId: group.id, memberType: 'group', memberName: group.name,
        actorId: actor.id, cause: 'group-deleted',
      });
    }
    // The principal stays: its id may be in old records (snapshots, audit entries) and is never reused.
    await sql.query('DELETE FROM managed_groups WHERE id = $1', [group.id]);
    await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'group.deleted', targetType: 'group', targetId: group.id, details: { name: group.name } });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Members

export interface NewMember {
  userId?: number;
  /** The name of a group to nest. */
  group?: string;
  role?: GroupRole;
}

/** Admins add a user or a group, as admin or member. Nesting never makes a cycle. */
export async function addMember(ctx: AppContext, actor: Actor, name: string, input: NewMember): Promise<Member> {
  if ((input.userId === undefined) === (input.group === undefined)) throw badRequest('VALIDATION_FAILED', msg.oneMember);
  const role = input.role ?? 'member';
  return ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'add members');
    if (role === 'member' && (await isThirdParty(sql, group.id))) throw conflict('GROUP_FED_BY_ALLOWLIST', msg.fedByAllowlist(group.name));
    let member: { id: number; type: 'user' | 'group'; name: string; displayName: string };
    if (input.userId !== undefined) {
      const user = await sql.maybeOne<{ id: number; username: string; display_name: string; status: string }>(
        'SELECT id, username, display_name, status FROM users WHERE id = $1', [input.userId]);
      if (!user) throw notFound(msg.userNotFound(input.userId));
      if (user.status !== 'active') throw conflict('USER_NOT_ACTIVE', msg.userDisabled(user.username));
      member = { id: Number(user.id), type: 'user', name: user.username, displayName: user.display_name };
    } else {
      const nested = await store.findByName(sql, input.group!);
      if (!nested) throw notFound(msg.memberGroupNotFound(input.group!), 'GROUP_NOT_FOUND');
      member = { id: Number(nested.id), type: 'group', name: nested.name, displayName: nested.name };
      // Under the write-order lock, so that two nestings made at once cannot close a cycle between them.
      await sql.query('SELECT pg_advisory_xact_lock(727002)');
      if (await store.contains(sql, member.id, group.id)) throw conflict('GROUP_CYCLE', msg.cycle(member.name, group.name));
    }
    if (await store.getMember(sql, group.id, member.id)) throw conflict('ALREADY_MEMBER', msg.alreadyMember(member.name, group.name));
    await insertMember(sql, ctx.clock, {
      groupId: group.id, groupName: group.name, memberId: member.id, memberType: member.type, memberName: member.name,
      actorId: actor.id, cause: 'admin-added', role, source: 'manual',
    });
    if (member.type === 'user' && member.id !== actor.id) {
      await notify(ctx, sql, member.id, 'group.member-added', group.name, msg.notices.added(group.name, actor.displayName, role));
    }
    return (await store.getMember(sql, group.id, member.id))!;
  });
}

/** Admins make a member an admin or an ordinary member; a group keeps at least one admin. */
export async function setRole(ctx: AppContext, actor: Actor, name: string, memberId: number, role: GroupRole): Promise<Member> {
  return ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'choose its admins');
    const member = await store.getMember(sql, group.id, memberId);
    if (!member) throw notFound(msg.notMember(String(memberId), group.name), 'NOT_GROUP_MEMBER');
    if (member.role === role) return member;
    if (role === 'member' && (await store.adminCount(sql, group.id)) <= 1) throw conflict('LAST_ADMIN', msg.lastAdmin(group.name));
    await updateRole(sql, ctx.clock, {
      groupId: group.id, groupName: group.name, memberId, memberType: member.type, memberName: member.name,
      actorId: actor.id, cause: 'role-changed', from: member.role, to: role,
    });
    return (await store.getMember(sql, group.id, memberId))!;
  });
}

/** Admins remove a member; anyone may leave (their own user id). Takes effect on the very next decision. */
export async function removeMember(ctx: AppContext, actor: Actor, name: string, memberId: number): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    const leaving = memberId === actor.id;
    if (!leaving) await requireAdmin(sql, group, actor, 'remove members');
    const member = await store.getMember(sql, group.id, memberId);
    if (!member) throw notFound(leaving ? msg.youAreNotMember(group.name) : msg.notMember(String(memberId), group.name), 'NOT_GROUP_MEMBER');
    if (member.role === 'member' && (await isThirdParty(sql, group.id))) throw conflict('GROUP_FED_BY_ALLOWLIST', msg.fedByAllowlist(group.name));
    if (member.role === 'admin' && (await store.adminCount(sql, group.id)) <= 1) throw conflict('LAST_ADMIN', msg.lastAdmin(group.name));
    await deleteMember(sql, ctx.clock, {
      groupId: group.id, groupName: group.name, memberId, memberType: member.type, memberName: member.name,
      actorId: actor.id, cause: leaving ? 'left' : 'admin-removed',
    });
    if (!leaving && member.type === 'user') {
      await notify(ctx, sql, memberId, 'group.member-removed', group.name, msg.notices.removed(group.name, actor.displayName));
    }
  });
}

export type AccessRequestResult =
  | { requested: true; notifiedAdmins: number; accessInstructions: null; alreadyRequestedAt: string | null }
  | { requested: false; notifiedAdmins: 0; accessInstructions: string; alreadyRequestedAt: null };

/**
 * Anyone signed in may ask for access: every admin is emailed (and told in the app), unless the group has access
 * instructions, which are then the answer instead. The request stays open until the user is added or an admin
 * dismisses it; asking again meanwhile tells nobody again.
 */
export async function requestAccess(ctx: AppContext, actor: Actor, name: string, message: string): Promise<AccessRequestResult> {
  const text = message.trim();
  return ctx.db.tx(async (sql) => {
    const group = await findGroup(sql, name);
    if (await store.isMember(sql, group.id, actor.id)) throw conflict('ALREADY_MEMBER', msg.youAreMember(group.name));
    if (group.access_instructions) {
      return { requested: false, notifiedAdmins: 0, accessInstructions: group.access_instructions, alreadyRequestedAt: null };
    }
    // One statement, so that two requests at once cannot both tell the admins (nor fail on the key).
    // (xmax = 0 only for a row this statement inserted; the no-op update returns the open request's row.)
    const { requested_at: since, inserted } = await sql.one<{ requested_at: Date | string; inserted: boolean }>(
      `INSERT INTO group_access_requests (group_id, user_id, message, requested_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, user_id) DO UPDATE SET requested_at = group_access_requests.requested_at
       RETURNING requested_at, (xmax = 0) AS inserted`,
      [group.id, actor.id, text, ctx.clock.now()],
    );
    if (!inserted) {
      return { requested: true, notifiedAdmins: 0, accessInstructions: null, alreadyRequestedAt: new Date(since).toISOString() };
    }
    const admins = await store.adminUserIds(sql, group.id);
    for (const adminId of admins) {
      await notify(ctx, sql, adminId, 'group.access-requested', group.name,
        msg.notices.accessRequested(actor.displayName, actor.username, group.name, text));
    }
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'group.access-requested', targetType: 'group', targetId: group.id,
      details: { userId: actor.id, message: text, notified: admins },
    });
    return { requested: true, notifiedAdmins: admins.length, accessInstructions: null, alreadyRequestedAt: null };
  });
}

export interface OpenAccessRequest {
  user: { id: number; username: string; displayName: string };
  message: string;
  requestedAt: string;
}

/** The open requests for access, oldest first (the group's admins and platform admins). */
export async function listAccessRequests(ctx: AppContext, actor: Actor, name: string): Promise<OpenAccessRequest[]> {
  const group = await findGroup(ctx.db, name);
  await requireAdmin(ctx.db, group, actor, 'see requests for access');
  const rows = await ctx.db.query<{ id: number; username: string; display_name: string; message: string; requested_at: Date | string }>(
    `SELECT u.id, u.username, u.display_name, r.message, r.requested_at
       FROM group_access_requests r JOIN users u ON u.id = r.user_id
      WHERE r.group_id = $1 ORDER BY r.requested_at, u.id`, [group.id]);
  return rows.map((r) => ({
    user: { id: Number(r.id), username: r.username, displayName: r.display_name },
    message: r.message,
    requestedAt: new Date(r.requested_at).toISOString(),
  }));
}

/** An admin turns a request down: it is closed (the user may ask again) and the user is told. */
export async function dismissAccessRequest(ctx: AppContext, actor: Actor, name: string, userId: number): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'dismiss requests for access');
    const removed = await sql.query('DELETE FROM group_access_requests WHERE group_id = $1 AND user_id = $2 RETURNING user_id', [group.id, userId]);
    if (removed.length === 0) throw notFound(msg.noAccessRequest(userId, group.name), 'ACCESS_REQUEST_NOT_FOUND');
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'group.access-request-dismissed', targetType: 'group', targetId: group.id, details: { userId },
    });
    await notify(ctx, sql, userId, 'group.access-request-dismissed', group.name, msg.notices.accessRequestDismissed(group.name, actor.displayName));
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

export async function findGroup(sql: Sql, name: string): Promise<GroupRow> {
  const group = await store.findByName(sql, name);
  if (!group) throw notFound(msg.notFound(name), 'GROUP_NOT_FOUND');
  return { ...group, id: Number(group.id) };
}

/** The group, locked for the rest of the transaction: changes to one group take turns. */
export async function lockGroup(sql: Sql, name: string): Promise<GroupRow> {
  const group = await store.findByName(sql, name, true);
  if (!group) throw notFound(msg.notFound(name), 'GROUP_NOT_FOUND');
  return { ...group, id: Number(group.id) };
}

export async function requireAdmin(sql: Sql, group: GroupRow, actor: Actor, what: string): Promise<void> {
  if (actor.isAdmin) return;
  if (!(await store.isAdmin(sql, group.id, actor.id))) throw forbidden('NOT_GROUP_ADMIN', msg.notAdmin(group.name, what));
}

async function isThirdParty(sql: Sql, groupId: number): Promise<boolean> {
  return (await sql.maybeOne('SELECT 1 FROM group_allowlists WHERE group_id = $1', [groupId])) !== null;
}

async function notify(ctx: AppContext, sql: Sql, userId: number, kind: string, groupName: string, notice: { subject: string; body: string }): Promise<void> {
  await notifyUser(sql, ctx.clock, ctx.config.publicUrl, { kind, userId, link: groupLink(groupName), ...notice });
}

function groupName(raw: string): string {
  const name = raw.trim();
  const problem = groupNameProblem(name);
  if (problem) throw validationFailed(problem, [{ field: 'body.name', message: problem }]);
  return name;
}

function cleanInstructions(raw: string | null | undefined): string | null {
  const text = raw?.trim() ?? '';
  return text === '' ? null : text;
}

/** Two groups created with one name at the same moment: the unique index decides, and the loser hears why. */
async function guardName<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { code?: string; constraint?: string; message?: string };
    if (e.code === '23505' && (e.constraint === 'managed_groups_name_key' || e.message?.includes('managed_groups_name_key'))) {
      throw conflict('GROUP_NAME_TAKEN', msg.nameTaken(name));
    }
    throw err;
  }
}
