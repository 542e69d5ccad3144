import { randomUUID } from 'node:crypto';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';

/**
 * The events outbound webhooks carry (SPEC §12; docs/adr/0023), and how they are queued: in the transaction of
 * the change, as one `webhook_events` row plus one `webhook_deliveries` row per enabled subscription to its type.
 *
 * The changes are found at one choke point: every access change writes an audit-log entry in its own
 * transaction (src/auditlog/log.ts), and `appendAudit` hands each entry to `enqueueForAuditEntry`, which maps the
 * entry's action to an event type and reads the event's subject (names as well as ids) from the rows the change
 * just wrote. So no capability calls in here, and a new code path that changes access (and audits it, as it
 * must) is covered without a second call to forget.
 *
 * This file imports only infrastructure: the audit log depends on it, and it must not depend back.
 */
export const EVENT_TYPES = [
  'approval.granted',
  'approval.revoked',
  'approval.expired',
  'team.membership_changed',
  'group.membership_changed',
  'authorization_domain.changed',
  'account.disabled',
  'account.enabled',
  'acl.changed',
  'request.state_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** Sent by "send a test event" to one subscription, whatever it subscribes to. */
export const TEST_EVENT = 'webhook.test';

/** What appendAudit writes (the fields read here). */
export interface AuditEntryLike {
  actorId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

type Subject = Record<string, unknown>;
type Details = Record<string, unknown>;
type Builder = (sql: Sql, targetId: string, details: Details) => Promise<Subject | null>;

const entityNumber = (id: string) => Number(id.replace(/^syn/, ''));
const synId = (id: number | string) => `syn${Number(id)}`;

async function user(sql: Sql, id: unknown) {
  if (id === null || id === undefined) return null;
  const row = await sql.maybeOne<{ id: number | string; username: string }>('SELECT id, username FROM users WHERE id = $1', [Number(id)]);
  return row ? { id: Number(row.id), username: row.username } : null;
}

const approval = (how?: string): Builder => async (sql, targetId) => {
  const row = await sql.maybeOne<{
    id: number | string; state: string; source: string; expires_on: Date | null; revoked_reason: string | null;
    ar_id: number | string; ar_name: string; user_id: number | string; username: string;
  }>(
    `SELECT a.id, a.state, a.source, a.expires_on, a.revoked_reason, ar.id AS ar_id, ar.name AS ar_name, u.id AS user_id, u.username
     FROM approvals a JOIN access_requirements ar ON ar.id = a.access_requirement_id JOIN users u ON u.id = a.accessor_id
     WHERE a.id = $1`, [Number(targetId)]);
  if (!row) return null;
  return {
    approval: {
      id: Number(row.id), state: row.state, source: row.source, expiresOn: row.expires_on ? new Date(row.expires_on).toISOString() : null,
      ...(row.revoked_reason ? { reason: row.revoked_reason } : {}), ...(how ? { how } : {}),
    },
    accessRequirement: { id: Number(row.ar_id), name: row.ar_name },
    user: { id: Number(row.user_id), username: row.username },
  };
};

const team = (change: 'added' | 'removed' | 'manager-granted' | 'manager-revoked'): Builder => async (sql, targetId, details) => {
  const t = await sql.maybeOne<{ id: number | string; name: string }>('SELECT id, name FROM teams WHERE id = $1', [Number(targetId)]);
  const u = await user(sql, details.userId);
  if (!t || !u) return null;
  return { team: { id: Number(t.id), name: t.name }, user: u, change };
};

const group = (change: 'added' | 'removed' | 'role-changed'): Builder => async (sql, targetId, details) => {
  const g = await sql.maybeOne<{ id: number | string; name: string }>('SELECT id, name FROM managed_groups WHERE id = $1', [Number(targetId)]);
  const memberType = details.memberType === 'group' ? 'group' : 'user';
  const member = memberType === 'user'
    ? await user(sql, details.memberId)
    : { id: Number(details.memberId), name: String(details.memberName ?? '') };
  return {
    group: { id: Number(targetId), name: g?.name ?? String(details.group ?? '') },
    member: { type: memberType, ...(member ?? { id: Number(details.memberId), name: String(details.memberName ?? '') }) },
    change,
    cause: details.cause ?? null,
    ...(details.role ? { role: details.role } : {}),
    ...(details.to ? { role: details.to, previousRole: details.from } : {}),
  };
};

async function project(sql: Sql, id: number) {
  const row = await sql.maybeOne<{ id: number | string; name: string }>('SELECT id, name FROM entities WHERE id = $1', [id]);
  return row ? { id: synId(row.id), name: row.name } : null;
}

const domain = (change: 'groups-added' | 'created'): Builder => async (sql, targetId, details) => {
  const projectId = entityNumber(targetId);
  const groups = await sql.query<{ id: number | string; name: string }>(
    `SELECT g.id, g.name FROM authorization_domain_groups d JOIN managed_groups g ON g.id = d.group_id WHERE d.project_id = $1 ORDER BY g.id`,
    [projectId]);
  // A clone without an authorization domain changes none.
  if (change === 'created' && groups.length === 0) return null;
  const p = await project(sql, projectId);
  if (!p) return null;
  // groups-added names the groups added ({id, name}, or ids); a clone's domain is new as a whole.
  const added = Array.isArray(details.added)
    ? details.added.map((g: unknown) => Number(typeof g === 'object' && g !== null ? (g as { id: unknown }).id : g))
    : groups.map((g) => Number(g.id));
  return {
    project: p,
    change,
    groups: groups.map((g) => ({ id: Number(g.id), name: g.name })),
    addedGroups: groups.filter((g) => added.includes(Number(g.id))).map((g) => ({ id: Number(g.id), name: g.name })),
  };
};

const account: Builder = async (sql, targetId, details) => {
  const u = await user(sql, targetId);
  return u ? { user: u, reason: typeof details.reason === 'string' ? details.reason : '' } : null;
};

const acl = (change: 'changed' | 'removed'): Builder => async (sql, targetId) => {
  const id = entityNumber(targetId);
  const e = await sql.maybeOne<{ id: number | string; name: string; type: string; project_id: number | string }>(
    'SELECT id, name, type, project_id FROM entities WHERE id = $1', [id]);
  if (!e) return null;
  const entries = await sql.query<{ principal_id: number | string; kind: string; name: string | null; access_types: string[] }>(
    `SELECT a.principal_id, p.kind, coalesce(u.username, t.name, g.name) AS name, a.access_types
     FROM acl_entries a JOIN principals p ON p.id = a.principal_id
       LEFT JOIN users u ON u.id = a.principal_id LEFT JOIN teams t ON t.id = a.principal_id LEFT JOIN managed_groups g ON g.id = a.principal_id
     WHERE a.entity_id = $1 ORDER BY a.principal_id`, [id]);
  return {
    entity: { id: synId(e.id), name: e.name, type: e.type },
    project: Number(e.project_id) === Number(e.id) ? { id: synId(e.id), name: e.name } : await project(sql, Number(e.project_id)),
    // removed: the entity inherits its parent's ACL from now on.
    change,
    entries: entries.map((r) => ({ principal: { id: Number(r.principal_id), type: r.kind, name: r.name }, accessTypes: r.access_types })),
  };
};

const request = (change: string): Builder => async (sql, targetId) => {
  const row = await sql.maybeOne<{
    id: number | string; state: string; ar_id: number | string; ar_name: string; requestor_id: number | string; username: string; accessor_ids: (number | string)[];
  }>(
    `SELECT r.id, r.state, ar.id AS ar_id, ar.name AS ar_name, u.id AS requestor_id, u.username, r.accessor_ids
     FROM data_access_requests r JOIN access_requirements ar ON ar.id = r.access_requirement_id JOIN users u ON u.id = r.requestor_id
     WHERE r.id = $1`, [Number(targetId)]);
  if (!row) return null;
  const accessors = await sql.query<{ id: number | string; username: string }>(
    'SELECT id, username FROM users WHERE id = ANY ($1::bigint[]) ORDER BY id', [row.accessor_ids.map(Number)]);
  return {
    request: { id: Number(row.id), state: row.state, change },
    accessRequirement: { id: Number(row.ar_id), name: row.ar_name },
    requestor: { id: Number(row.requestor_id), username: row.username },
    accessors: accessors.map((a) => ({ id: Number(a.id), username: a.username })),
  };
};

/** Audit action → the event it raises and how its subject is read. Actions not listed raise none. */
export const AUDIT_EVENTS: Readonly<Record<string, [EventType, Builder]>> = {
  'access-approval.granted': ['approval.granted', approval()],
  'access-approval.accepted': ['approval.granted', approval('accepted')],
  'access-approval.renewed': ['approval.granted', approval('renewed')],
  'access-approval.revoked': ['approval.revoked', approval()],
  'access-approval.expired': ['approval.expired', approval()],
  'team.member-added': ['team.membership_changed', team('added')],
  'team.membership-accepted': ['team.membership_changed', team('added')],
  'team.invitation-accepted': ['team.membership_changed', team('added')],
  'team.member-left': ['team.membership_changed', team('removed')],
  'team.member-removed': ['team.membership_changed', team('removed')],
  'team.manager-granted': ['team.membership_changed', team('manager-granted')],
  'team.manager-revoked': ['team.membership_changed', team('manager-revoked')],
  'group.member-added': ['group.membership_changed', group('added')],
  'group.member-removed': ['group.membership_changed', group('removed')],
  'group.member-role-changed': ['group.membership_changed', group('role-changed')],
  'authorization-domain.groups-added': ['authorization_domain.changed', domain('groups-added')],
  'entity.cloned': ['authorization_domain.changed', domain('created')],
  'user.disabled': ['account.disabled', account],
  'user.enabled': ['account.enabled', account],
  'acl.changed': ['acl.changed', acl('changed')],
  'acl.removed': ['acl.changed', acl('removed')],
  'request.created': ['request.state_changed', request('created')],
  'request.submitted': ['request.state_changed', request('submitted')],
  'request.cancelled': ['request.state_changed', request('cancelled')],
  'request.approved': ['request.state_changed', request('approved')],
  'request.rejected': ['request.state_changed', request('rejected')],
  'request.revoked': ['request.state_changed', request('revoked')],
  'request.expired': ['request.state_changed', request('expired')],
};

async function subscribers(sql: Sql, type: string): Promise<number[]> {
  const rows = await sql.query<{ id: number | string }>(
    'SELECT id FROM webhook_subscriptions WHERE enabled AND $1 = ANY (event_types) ORDER BY id', [type]);
  return rows.map((r) => Number(r.id));
}

/** The JSON every delivery of an event sends: its bytes are fixed here and signed as they are on each attempt. */
export function eventBody(id: string, type: string, occurredAt: Date, actor: { id: number; username: string } | null, subject: Subject): string {
  return JSON.stringify({ id, type, occurred_at: occurredAt.toISOString(), actor, subject });
}

/**
 * Queues one event for the given subscriptions (by default, every enabled subscription to its type), in the
 * caller's transaction. Returns the event id, or null when nobody subscribes (then nothing is written).
 */
export async function enqueueWebhookEvent(
  sql: Sql, clock: Clock, type: string, subject: Subject,
  opts: { actorId?: number | null; subscriptionIds?: readonly number[] } = {},
): Promise<string | null> {
  const targets = opts.subscriptionIds ?? await subscribers(sql, type);
  if (targets.length === 0) return null;
  return insertEvent(sql, clock, type, subject, opts.actorId ?? null, targets);
}

async function insertEvent(sql: Sql, clock: Clock, type: string, subject: Subject, actorId: number | null, targets: readonly number[]): Promise<string> {
  const id = randomUUID();
  const now = clock.now();
  const body = eventBody(id, type, now, await user(sql, actorId), subject);
  await sql.query('INSERT INTO webhook_events (id, type, occurred_at, body) VALUES ($1, $2, $3, $4)', [id, type, now, body]);
  await sql.query(
    `INSERT INTO webhook_deliveries (subscription_id, event_id, next_attempt_at, retry_from, created_at)
     SELECT s, $2::uuid, $3, $3, $3 FROM unnest($1::bigint[]) AS s`,
    [targets, id, now]);
  return id;
}

/**
 * Called by appendAudit for every entry, in its transaction: raises the entry's event when the action is one
 * and someone subscribes to it. An action that raises none costs nothing; one that does, one query when
 * nobody subscribes.
 */
export async function enqueueForAuditEntry(sql: Sql, clock: Clock, entry: AuditEntryLike): Promise<void> {
  const mapped = AUDIT_EVENTS[entry.action];
  if (!mapped || entry.targetId === null) return;
  const [type, build] = mapped;
  const targets = await subscribers(sql, type);
  if (targets.length === 0) return;
  const subject = await build(sql, entry.targetId, (entry.details ?? {}) as Details);
  if (subject) await insertEvent(sql, clock, type, subject, entry.actorId, targets);
}
