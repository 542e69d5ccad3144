import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { MINUTE } from '../infra/clock.js';
import { badRequest, forbidden, notFound, unprocessable } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import type { Job } from '../jobs.js';
import { trustedIssuer } from './externalaccounts.js';
import { groupMessages as msg } from './messages.js';
import { deleteMember, insertMember, type MembershipCause } from './membership.js';
import { AllowlistFormatError, eligibleUsers, isAllowlistFresh, parseAllowlist, planSync } from './rules.js';
import { lockGroup, requireAdmin, type Actor } from './groups.js';

/**
 * Third-party groups (SPEC §9): a managed group whose members are set from an external allowlist of external
 * account ids (from a file, a URL or an upload). A sync sets the members to the users with an unexpired external
 * account link whose id is on the list; admins are untouched. A list older than its validity period counts as
 * empty: fail closed, the members leave.
 *
 * When it runs: on demand (POST /groups/{name}/allowlist/sync), when the list is configured, when a user links
 * or unlinks an account (for that user), and from the job below. The job looks every 5 minutes: a group whose
 * last sync is older than ALLOWLIST_SYNC_MINUTES (6 hours by default) has its list read again and is synced;
 * every other group is re-applied without reading the list, so that an expired link or a list past its validity
 * takes effect within minutes rather than at the next full sync.
 */

export type AllowlistSource = 'upload' | 'url' | 'file';

export interface AllowlistView {
  group: string;
  issuer: string;
  issuerName: string | null;
  source: AllowlistSource;
  url: string | null;
  path: string | null;
  entryCount: number;
  fetchedAt: string | null;
  validityHours: number;
  validUntil: string | null;
  fresh: boolean;
  lastFetchAttemptAt: string | null;
  lastFetchError: string | null;
  lastSyncAt: string | null;
  configuredBy: number | null;
  configuredAt: string;
}

export interface SyncResult {
  added: number[];
  removed: number[];
  fresh: boolean;
  fetchError: string | null;
}

interface AllowlistRow {
  group_id: number;
  issuer: string;
  source_kind: AllowlistSource;
  source: string | null;
  entries: string[];
  fetched_at: Date | null;
  validity_hours: number;
  last_fetch_attempt_at: Date | null;
  last_fetch_error: string | null;
  last_sync_at: Date | null;
  configured_by: number | null;
  configured_at: Date;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

function view(ctx: AppContext, groupName: string, row: AllowlistRow): AllowlistView {
  const fetchedAt = row.fetched_at === null ? null : new Date(row.fetched_at);
  return {
    group: groupName,
    issuer: row.issuer,
    issuerName: trustedIssuer(ctx, row.issuer)?.name ?? null,
    source: row.source_kind,
    url: row.source_kind === 'url' ? row.source : null,
    path: row.source_kind === 'file' ? row.source : null,
    entryCount: row.entries.length,
    fetchedAt: iso(fetchedAt),
    validityHours: row.validity_hours,
    validUntil: fetchedAt === null ? null : new Date(fetchedAt.getTime() + row.validity_hours * 3_600_000).toISOString(),
    fresh: isAllowlistFresh(fetchedAt, row.validity_hours, ctx.clock.now()),
    lastFetchAttemptAt: iso(row.last_fetch_attempt_at),
    lastFetchError: row.last_fetch_error,
    lastSyncAt: iso(row.last_sync_at),
    configuredBy: row.configured_by === null ? null : Number(row.configured_by),
    configuredAt: new Date(row.configured_at).toISOString(),
  };
}

async function allowlistOf(sql: Sql, groupId: number): Promise<AllowlistRow | null> {
  return sql.maybeOne<AllowlistRow>('SELECT * FROM group_allowlists WHERE group_id = $1', [groupId]);
}

// ---------------------------------------------------------------------------------------------------------
// Use cases

export async function getAllowlist(ctx: AppContext, actor: Actor, name: string): Promise<AllowlistView> {
  return ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'see its allowlist');
    const row = await allowlistOf(sql, group.id);
    if (!row) throw notFound(msg.allowlistMissing(group.name), 'NO_ALLOWLIST');
    return view(ctx, group.name, row);
  });
}

export interface AllowlistInput {
  issuer: string;
  source: AllowlistSource;
  /** Upload: the list as text (one id per line, or CSV, or JSON). */
  content?: string;
  /** Upload: the ids as a JSON array. */
  entries?: string[];
  url?: string;
  path?: string;
  validityHours?: number;
}

/**
 * Feeds a group from an allowlist (group admins upload; only platform administrators name a file or a URL, which
 * the server itself reads). The list is read at once (a list that cannot be read is refused) and the members are
 * synced in the same transaction as the configuration.
 */
export async function configureAllowlist(ctx: AppContext, actor: Actor, name: string, input: AllowlistInput): Promise<{ allowlist: AllowlistView; sync: SyncResult }> {
  if (!trustedIssuer(ctx, input.issuer)) throw badRequest('UNTRUSTED_ISSUER', msg.untrustedIssuer(input.issuer));
  if (input.source !== 'upload' && !actor.isAdmin) throw forbidden('ADMIN_REQUIRED', msg.allowlistSourceAdminOnly);
  let source: string | null = null;
  let entries: string[];
  if (input.source === 'upload') {
    if (input.content === undefined && input.entries === undefined) throw badRequest('VALIDATION_FAILED', msg.allowlistSourceRequired('upload'));
    entries = parse(input.content ?? JSON.stringify(input.entries));
  } else {
    source = input.source === 'url' ? checkUrl(input.url) : await checkFile(ctx, input.path);
    try {
      entries = await fetchEntries(ctx, input.source, source);
    } catch (err) {
      throw unprocessable('ALLOWLIST_FETCH_FAILED', msg.allowlistFetchFailed(reason(err)));
    }
  }
  const validityHours = input.validityHours ?? ctx.config.allowlistValidityHours;
  return ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'configure its allowlist');
    const now = ctx.clock.now();
    await sql.query(
      `INSERT INTO group_allowlists (group_id, issuer, source_kind, source, entries, fetched_at, validity_hours,
         last_fetch_attempt_at, last_fetch_error, last_sync_at, configured_by, configured_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $6, NULL, $6, $8, $6)
       ON CONFLICT (group_id) DO UPDATE SET issuer = EXCLUDED.issuer, source_kind = EXCLUDED.source_kind,
         source = EXCLUDED.source, entries = EXCLUDED.entries, fetched_at = EXCLUDED.fetched_at,
         validity_hours = EXCLUDED.validity_hours, last_fetch_attempt_at = EXCLUDED.last_fetch_attempt_at,
         last_fetch_error = NULL, last_sync_at = EXCLUDED.last_sync_at, configured_by = EXCLUDED.configured_by,
         configured_at = EXCLUDED.configured_at`,
      [group.id, input.issuer, input.source, source, entries, now, validityHours, actor.id],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'group.allowlist-configured', targetType: 'group', targetId: group.id,
      details: { issuer: input.issuer, source: input.source, location: source, entries: entries.length, validityHours },
    });
    const sync = await applyAllowlist(sql, ctx.clock, group, actor.id, 'allowlist-sync');
    return { allowlist: view(ctx, group.name, (await allowlistOf(sql, group.id))!), sync: { ...sync, fetchError: null } };
  });
}

/** The group becomes an ordinary group again; the members the allowlist brought leave. */
export async function removeAllowlist(ctx: AppContext, actor: Actor, name: string): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const group = await lockGroup(sql, name);
    await requireAdmin(sql, group, actor, 'remove its allowlist');
    const row = await allowlistOf(sql, group.id);
    if (!row) throw notFound(msg.allowlistMissing(group.name), 'NO_ALLOWLIST');
    const fed = await sql.query<{ member_id: number; username: string }>(
      `SELECT m.member_id, u.username FROM group_members m JOIN users u ON u.id = m.member_id
       WHERE m.group_id = $1 AND m.source = 'allowlist' AND m.role = 'member' ORDER BY m.member_id`, [group.id]);
    for (const m of fed) {
      await deleteMember(sql, ctx.clock, {
        groupId: group.id, groupName: group.name, memberId: Number(m.member_id), memberType: 'user', memberName: m.username,
        actorId: actor.id, cause: 'allowlist-removed',
      });
    }
    await sql.query('DELETE FROM group_allowlists WHERE group_id = $1', [group.id]);
    await appendAudit(sql, ctx.clock, { actorId: actor.id, action: 'group.allowlist-removed', targetType: 'group', targetId: group.id, details: { issuer: row.issuer } });
  });
}

/** On demand (group admins): read the list again when it comes from a file or a URL, then sync. */
export async function syncNow(ctx: AppContext, actor: Actor, name: string): Promise<SyncResult> {
  const group = await ctx.db.tx(async (sql) => {
    const g = await lockGroup(sql, name);
    await requireAdmin(sql, g, actor, 'sync its allowlist');
    if (!(await allowlistOf(sql, g.id))) throw notFound(msg.allowlistMissing(g.name), 'NO_ALLOWLIST');
    return g;
  });
  const result = await syncGroup(ctx, group.id, actor.id);
  if (!result) throw notFound(msg.allowlistMissing(group.name), 'NO_ALLOWLIST');
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Syncing

/**
 * Reads the list again (file or URL; an upload has nothing to read), then applies it. A list that cannot be read
 * keeps its entries and its age, and so empties the group once it is older than its validity. Null when the
 * group has no allowlist (any more).
 */
export async function syncGroup(ctx: AppContext, groupId: number, actorId: number | null): Promise<SyncResult | null> {
  const row = await allowlistOf(ctx.db, groupId);
  if (!row) return null;
  let fetched: string[] | null = null;
  let fetchError: string | null = null;
  if (row.source_kind !== 'upload' && row.source) {
    try {
      fetched = await fetchEntries(ctx, row.source_kind, row.source);
    } catch (err) {
      fetchError = reason(err);
    }
  }
  return ctx.db.tx(async (sql) => {
    const group = await sql.maybeOne<{ id: number; name: string }>('SELECT id, name FROM managed_groups WHERE id = $1 FOR UPDATE', [groupId]);
    if (!group || !(await allowlistOf(sql, groupId))) return null;
    const now = ctx.clock.now();
    if (fetched) {
      await sql.query(
        `UPDATE group_allowlists SET entries = $2, fetched_at = $3, last_fetch_attempt_at = $3, last_fetch_error = NULL WHERE group_id = $1`,
        [groupId, fetched, now]);
    } else if (fetchError) {
      await sql.query('UPDATE group_allowlists SET last_fetch_attempt_at = $2, last_fetch_error = $3 WHERE group_id = $1', [groupId, now, fetchError]);
    }
    const result = await applyAllowlist(sql, ctx.clock, { id: Number(group.id), name: group.name }, actorId, 'allowlist-sync');
    await sql.query('UPDATE group_allowlists SET last_sync_at = $2 WHERE group_id = $1', [groupId, now]);
    await appendAudit(sql, ctx.clock, {
      actorId, action: 'group.allowlist-synced', targetType: 'group', targetId: groupId,
      details: { added: result.added, removed: result.removed, fresh: result.fresh, fetched: fetched !== null, fetchError },
    });
    return { ...result, fetchError };
  });
}

/**
 * Sets the members (role member) to the eligible users, in the caller's transaction. Admins stay. Writes nothing
 * when nothing changes. The group row must be locked by the caller.
 */
export async function applyAllowlist(sql: Sql, clock: Clock, group: { id: number; name: string }, actorId: number | null, cause: MembershipCause): Promise<Omit<SyncResult, 'fetchError'>> {
  const row = await allowlistOf(sql, group.id);
  if (!row) return { added: [], removed: [], fresh: false };
  const now = clock.now();
  const fetchedAt = row.fetched_at === null ? null : new Date(row.fetched_at);
  const fresh = isAllowlistFresh(fetchedAt, row.validity_hours, now);
  const links = fresh
    ? await sql.query<{ user_id: number; external_id: string; expires_at: Date }>(
      `SELECT l.user_id, l.external_id, l.expires_at FROM external_account_links l JOIN users u ON u.id = l.user_id
       WHERE l.issuer = $1 AND lower(l.external_id) = ANY ($2::text[]) AND u.status = 'active'`,
      [row.issuer, row.entries])
    : [];
  const eligible = eligibleUsers(
    { entries: row.entries, fetchedAt, validityHours: row.validity_hours },
    links.map((l) => ({ userId: Number(l.user_id), externalId: l.external_id, expiresAt: new Date(l.expires_at) })),
    now,
  );
  const current = await sql.query<{ member_id: number; role: 'admin' | 'member'; kind: string; name: string }>(
    `SELECT m.member_id, m.role, p.kind, coalesce(u.username, g.name, '') AS name FROM group_members m
     JOIN principals p ON p.id = m.member_id LEFT JOIN users u ON u.id = m.member_id LEFT JOIN managed_groups g ON g.id = m.member_id
     WHERE m.group_id = $1`, [group.id]);
  const plan = planSync(current.map((m) => ({ memberId: Number(m.member_id), role: m.role, isUser: m.kind === 'user' })), eligible);
  const names = new Map(current.map((m) => [Number(m.member_id), m]));
  for (const memberId of plan.remove) {
    const m = names.get(memberId)!;
    await deleteMember(sql, clock, {
      groupId: group.id, groupName: group.name, memberId, memberType: m.kind === 'user' ? 'user' : 'group', memberName: m.name,
      actorId, cause,
    });
  }
  if (plan.add.length > 0) {
    const users = await sql.query<{ id: number; username: string }>('SELECT id, username FROM users WHERE id = ANY ($1::bigint[])', [plan.add]);
    const usernames = new Map(users.map((u) => [Number(u.id), u.username]));
    for (const userId of plan.add) {
      await insertMember(sql, clock, {
        groupId: group.id, groupName: group.name, memberId: userId, memberType: 'user', memberName: usernames.get(userId) ?? String(userId),
        actorId, cause, role: 'member', source: 'allowlist',
      });
    }
  }
  return { added: plan.add, removed: plan.remove, fresh };
}

/**
 * After a user linked or unlinked an account of `issuer`: every group fed by that issuer's lists is applied at
 * once, in the caller's transaction. Group rows are locked in id order first, as every sync locks them.
 */
export async function applyForIssuer(sql: Sql, clock: Clock, issuer: string, actorId: number, cause: MembershipCause): Promise<{ joined: string[]; left: string[] }> {
  const groups = await lockIssuerGroups(sql, issuer);
  const joined: string[] = [];
  const left: string[] = [];
  for (const g of groups) {
    const result = await applyAllowlist(sql, clock, { id: Number(g.id), name: g.name }, actorId, cause);
    if (result.added.includes(actorId)) joined.push(g.name);
    if (result.removed.includes(actorId)) left.push(g.name);
  }
  return { joined, left };
}

/**
 * Locks the groups fed by the issuer's lists, in id order. Call it before any other write of the transaction:
 * syncs lock a group before the write-order lock, so taking them the other way round could deadlock.
 */
export async function lockIssuerGroups(sql: Sql, issuer: string): Promise<{ id: number; name: string }[]> {
  return sql.query<{ id: number; name: string }>(
    `SELECT g.id, g.name FROM managed_groups g JOIN group_allowlists a ON a.group_id = g.id
     WHERE a.issuer = $1 ORDER BY g.id FOR UPDATE OF g`, [issuer]);
}

/** One pass of the job: full syncs for the groups that are due, re-application (no reading) for the others. */
export async function runAllowlistJob(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - ctx.config.allowlistSyncMinutes * MINUTE);
  const groups = await ctx.db.query<{ group_id: number }>('SELECT group_id FROM group_allowlists ORDER BY group_id');
  for (const { group_id } of groups) {
    const groupId = Number(group_id);
    // Claiming the run by moving last_sync_at first: of several processes, one does the full sync.
    const claimed = await ctx.db.maybeOne(
      `UPDATE group_allowlists SET last_sync_at = $2 WHERE group_id = $1 AND (last_sync_at IS NULL OR last_sync_at <= $3) RETURNING group_id`,
      [groupId, now, cutoff]);
    try {
      if (claimed) {
        await syncGroup(ctx, groupId, null);
      } else {
        await ctx.db.tx(async (sql) => {
          const group = await sql.maybeOne<{ id: number; name: string }>('SELECT id, name FROM managed_groups WHERE id = $1 FOR UPDATE', [groupId]);
          if (group) await applyAllowlist(sql, ctx.clock, { id: groupId, name: group.name }, null, 'allowlist-sync');
        });
      }
    } catch (err) {
      ctx.log.error({ err, groupId }, 'allowlist sync failed');
    }
  }
}

export const ALLOWLIST_JOB = 'groups.allowlist-sync';
export const allowlistJob: Job = { name: ALLOWLIST_JOB, everyMs: 5 * MINUTE, run: runAllowlistJob };

// ---------------------------------------------------------------------------------------------------------
// Reading lists

const FETCH_TIMEOUT_MS = 30_000;
const MAX_LIST_BYTES = 32 * 1024 * 1024;

function parse(content: string): string[] {
  try {
    return parseAllowlist(content);
  } catch (err) {
    if (err instanceof AllowlistFormatError) throw badRequest('ALLOWLIST_INVALID', err.message);
    throw err;
  }
}

function checkUrl(raw: string | undefined): string {
  if (!raw) throw badRequest('VALIDATION_FAILED', msg.allowlistSourceRequired('url'));
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('VALIDATION_FAILED', msg.allowlistUrlInvalid);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('VALIDATION_FAILED', msg.allowlistUrlInvalid);
  return url.toString();
}

const allowlistDir = (ctx: AppContext) => path.resolve(ctx.config.allowlistDir ?? path.join(ctx.config.dataDir, 'allowlists'));

/** A path inside the allowlist directory (after resolving links), or a 400. */
async function checkFile(ctx: AppContext, raw: string | undefined): Promise<string> {
  if (!raw) throw badRequest('VALIDATION_FAILED', msg.allowlistSourceRequired('file'));
  const dir = allowlistDir(ctx);
  const resolved = path.resolve(dir, raw);
  if (!isInside(dir, resolved)) throw badRequest('ALLOWLIST_FILE_OUTSIDE', msg.allowlistFileOutside(dir));
  return resolved;
}

const isInside = (dir: string, file: string) => file.startsWith(dir + path.sep);

async function fetchEntries(ctx: AppContext, kind: 'url' | 'file', source: string): Promise<string[]> {
  let text: string;
  if (kind === 'file') {
    const dir = await realpath(allowlistDir(ctx)).catch(() => allowlistDir(ctx));
    const real = await realpath(source);
    if (!isInside(dir, real)) throw new Error(msg.allowlistFileOutside(dir));
    text = await readFile(real, 'utf8');
  } else {
    const response = await fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok) throw new Error(`${source} answered ${response.status}.`);
    text = await response.text();
  }
  if (text.length > MAX_LIST_BYTES) throw new Error('the list is larger than 32 MiB.');
  return parseAllowlist(text);
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string; name?: string };
  if (e.code === 'ENOENT') return 'the file does not exist.';
  if (e.name === 'TimeoutError') return 'the source did not answer in time.';
  return e.message ?? String(err);
}

