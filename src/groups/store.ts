import type { Sql } from '../infra/db.js';
import type { GroupRole } from './rules.js';

/** The SQL of managed groups and their members. Membership through nested groups is resolved here, recursively. */

export interface GroupRow {
  id: number;
  name: string;
  description: string;
  access_instructions: string | null;
  created_by: number | null;
  created_at: Date;
}

export interface Group {
  id: number;
  name: string;
  description: string;
  accessInstructions: string | null;
  memberCount: number;
  adminCount: number;
  createdAt: string;
  createdBy: number | null;
  /** My own row in the group, if any. */
  myRole: GroupRole | null;
  /** I am in it, directly or through nested groups (what authorization domains count). */
  isMember: boolean;
  /** I may manage it: an admin directly, through a group that is an admin, or a platform admin. */
  isAdmin: boolean;
  /** Its members come from an allowlist (a third-party group). */
  thirdParty: boolean;
  /** How many projects have it in their authorization domain. */
  authorizationDomainCount: number;
  /** When I asked for access and it is still open; null otherwise. */
  accessRequestedAt: string | null;
}

export interface Member {
  principalId: number;
  type: 'user' | 'group';
  name: string;
  displayName: string;
  role: GroupRole;
  source: 'manual' | 'allowlist';
  addedAt: string;
}

export interface Slice {
  limit?: number;
  offset?: number;
}

/** The groups a principal is in, directly or through nesting (a CTE named `mine`; $1 = the principal). */
export const MY_GROUPS_CTE = `
  mine (id) AS (
    SELECT group_id FROM group_members WHERE member_id = $1
    UNION
    SELECT m.group_id FROM group_members m JOIN mine ON m.member_id = mine.id
  )`;

const GROUP_COLUMNS = 'g.id, g.name, g.description, g.access_instructions, g.created_by, g.created_at';

export async function findByName(sql: Sql, name: string, lock = false): Promise<GroupRow | null> {
  return sql.maybeOne<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM managed_groups g WHERE lower(g.name) = lower($1)${lock ? ' FOR UPDATE' : ''}`,
    [name],
  );
}

export async function findById(sql: Sql, id: number): Promise<GroupRow | null> {
  return sql.maybeOne<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM managed_groups g WHERE g.id = $1`, [id]);
}

/** Groups named by id or by name (any case). */
export async function groupRefs(sql: Sql, ids: readonly number[], names: readonly string[]): Promise<{ id: number; name: string }[]> {
  const rows = await sql.query<{ id: number; name: string }>(
    `SELECT id, name FROM managed_groups WHERE id = ANY ($1::bigint[]) OR lower(name) = ANY ($2::text[]) ORDER BY id`,
    [ids, names.map((n) => n.trim().toLowerCase())],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

interface ViewRow extends GroupRow {
  member_count: number;
  admin_count: number;
  my_role: GroupRole | null;
  is_member: boolean;
  is_admin: boolean;
  third_party: boolean;
  domain_count: number;
  access_requested_at: Date | string | null;
}

const VIEW_SELECT = `
  SELECT ${GROUP_COLUMNS},
    (SELECT count(*)::int FROM group_members x WHERE x.group_id = g.id) AS member_count,
    (SELECT count(*)::int FROM group_members x WHERE x.group_id = g.id AND x.role = 'admin') AS admin_count,
    (SELECT x.role FROM group_members x WHERE x.group_id = g.id AND x.member_id = $1) AS my_role,
    g.id IN (SELECT id FROM mine) AS is_member,
    EXISTS (SELECT 1 FROM group_members x WHERE x.group_id = g.id AND x.role = 'admin'
            AND (x.member_id = $1 OR x.member_id IN (SELECT id FROM mine))) AS is_admin,
    EXISTS (SELECT 1 FROM group_allowlists a WHERE a.group_id = g.id) AS third_party,
    (SELECT count(*)::int FROM authorization_domain_groups d WHERE d.group_id = g.id) AS domain_count,
    (SELECT r.requested_at FROM group_access_requests r WHERE r.group_id = g.id AND r.user_id = $1) AS access_requested_at
  FROM managed_groups g`;

function toView(row: ViewRow, viewerIsPlatformAdmin: boolean): Group {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    accessInstructions: row.access_instructions,
    memberCount: row.member_count,
    adminCount: row.admin_count,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    myRole: row.my_role,
    isMember: row.is_member,
    isAdmin: row.is_admin || viewerIsPlatformAdmin,
    thirdParty: row.third_party,
    authorizationDomainCount: row.domain_count,
    accessRequestedAt: row.access_requested_at === null ? null : new Date(row.access_requested_at).toISOString(),
  };
}

export async function getGroup(sql: Sql, viewerId: number, viewerIsPlatformAdmin: boolean, groupId: number): Promise<Group | null> {
  const row = await sql.maybeOne<ViewRow>(`WITH RECURSIVE ${MY_GROUPS_CTE} ${VIEW_SELECT} WHERE g.id = $2`, [viewerId, groupId]);
  return row ? toView(row, viewerIsPlatformAdmin) : null;
}

/** The groups I am in (directly or nested), or with `q` every group whose name contains it; by name. */
export async function listGroups(sql: Sql, viewerId: number, viewerIsPlatformAdmin: boolean, filter: { q?: string; all?: boolean }, slice: Slice) {
  const where = `WHERE ($2::boolean OR g.id IN (SELECT id FROM mine)) AND ($3::text IS NULL OR lower(g.name) LIKE '%' || lower($3) || '%')`;
  const params = [viewerId, filter.all ?? false, filter.q ?? null];
  const rows = await sql.query<ViewRow>(
    `WITH RECURSIVE ${MY_GROUPS_CTE} ${VIEW_SELECT} ${where} ORDER BY lower(g.name) LIMIT $4 OFFSET $5`,
    [...params, slice.limit ?? 50, slice.offset ?? 0],
  );
  const { count } = await sql.one<{ count: number }>(
    `WITH RECURSIVE ${MY_GROUPS_CTE} SELECT count(*)::int AS count FROM managed_groups g ${where}`, params);
  return { items: rows.map((r) => toView(r, viewerIsPlatformAdmin)), total: count };
}

interface MemberRow {
  member_id: number;
  kind: 'user' | 'group';
  name: string;
  display_name: string;
  role: GroupRole;
  source: 'manual' | 'allowlist';
  added_at: Date;
}

const MEMBER_SELECT = `
  SELECT m.member_id, p.kind, coalesce(u.username, g.name) AS name, coalesce(u.display_name, g.name) AS display_name,
         m.role, m.source, m.added_at
  FROM group_members m
  JOIN principals p ON p.id = m.member_id
  LEFT JOIN users u ON u.id = m.member_id
  LEFT JOIN managed_groups g ON g.id = m.member_id`;

const memberView = (r: MemberRow): Member => ({
  principalId: Number(r.member_id),
  type: r.kind,
  name: r.name,
  displayName: r.display_name,
  role: r.role,
  source: r.source,
  addedAt: new Date(r.added_at).toISOString(),
});

/** Direct members, admins first, then by name. */
export async function listMembers(sql: Sql, groupId: number, slice: Slice) {
  const rows = await sql.query<MemberRow>(
    `${MEMBER_SELECT} WHERE m.group_id = $1 ORDER BY m.role = 'admin' DESC, lower(coalesce(u.username, g.name)) LIMIT $2 OFFSET $3`,
    [groupId, slice.limit ?? 50, slice.offset ?? 0],
  );
  const { count } = await sql.one<{ count: number }>('SELECT count(*)::int AS count FROM group_members WHERE group_id = $1', [groupId]);
  return { items: rows.map(memberView), total: count };
}

export async function getMember(sql: Sql, groupId: number, memberId: number): Promise<Member | null> {
  const row = await sql.maybeOne<MemberRow>(`${MEMBER_SELECT} WHERE m.group_id = $1 AND m.member_id = $2`, [groupId, memberId]);
  return row ? memberView(row) : null;
}

/** In the group directly or through nested groups, as admin or member. */
export async function isMember(sql: Sql, groupId: number, userId: number): Promise<boolean> {
  const row = await sql.one<{ yes: boolean }>(`WITH RECURSIVE ${MY_GROUPS_CTE} SELECT $2::bigint IN (SELECT id FROM mine) AS yes`, [userId, groupId]);
  return row.yes;
}

/** An admin directly, or through a group (nested) that is an admin of the group. */
export async function isAdmin(sql: Sql, groupId: number, userId: number): Promise<boolean> {
  const row = await sql.one<{ yes: boolean }>(
    `WITH RECURSIVE ${MY_GROUPS_CTE}
     SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = $2 AND role = 'admin'
                    AND (member_id = $1 OR member_id IN (SELECT id FROM mine))) AS yes`,
    [userId, groupId],
  );
  return row.yes;
}

/** Every active user who administers the group, directly or as a (nested) member of an admin group. */
export async function adminUserIds(sql: Sql, groupId: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `WITH RECURSIVE admins (id) AS (
       SELECT member_id FROM group_members WHERE group_id = $1 AND role = 'admin'
       UNION
       SELECT m.member_id FROM group_members m JOIN admins a ON m.group_id = a.id
     )
     SELECT u.id FROM users u JOIN admins a ON a.id = u.id WHERE u.status = 'active' ORDER BY u.id`,
    [groupId],
  );
  return rows.map((r) => Number(r.id));
}

/** True when `target` is `group` or inside it, at any depth: adding `group` to `target` would make a cycle. */
export async function contains(sql: Sql, group: number, target: number): Promise<boolean> {
  const row = await sql.one<{ yes: boolean }>(
    `WITH RECURSIVE below (id) AS (
       SELECT $1::bigint
       UNION
       SELECT m.member_id FROM group_members m JOIN below b ON m.group_id = b.id
     )
     SELECT $2::bigint IN (SELECT id FROM below) AS yes`,
    [group, target],
  );
  return row.yes;
}

export async function adminCount(sql: Sql, groupId: number): Promise<number> {
  const { count } = await sql.one<{ count: number }>(
    `SELECT count(*)::int AS count FROM group_members WHERE group_id = $1 AND role = 'admin'`, [groupId]);
  return count;
}
