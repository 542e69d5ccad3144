import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { assertActUser, type RequestUser } from './access.js';
import { managedRequirement } from './forms.js';
import type { AutoRules, BlockedUser } from './machine.js';
import { requestMessages as msg } from './messages.js';
import { userBadges } from './store.js';

/**
 * The block list of an AR (issue 14): users ACT blocked when it revoked a request. A block stands until its end
 * date or until ACT lifts it; while it stands, a submission naming the user is refused (machine.ts USER_BLOCKED)
 * or, by the AR's rule, rejected by the system. Also the AR's automatic handling of submissions (request rules).
 */

interface BlockRow {
  id: number;
  access_requirement_id: number;
  user_id: number;
  reason: string;
  until: Date | null;
  request_id: number | null;
  created_by: number;
  created_at: Date;
  lifted_by: number | null;
  lifted_at: Date | null;
}

const STANDING = '(b.lifted_at IS NULL AND (b.until IS NULL OR b.until > $NOW))';

/** Who of these users is blocked from the AR now, with the reason and end of their block. */
export async function activeBlocks(sql: Sql, arId: number, userIds: readonly number[], now: Date): Promise<BlockedUser[]> {
  if (userIds.length === 0) return [];
  const rows = await sql.query<{ user_id: number; reason: string; until: Date | null; username: string }>(
    `SELECT DISTINCT ON (b.user_id) b.user_id, b.reason, b.until, u.username FROM request_blocks b JOIN users u ON u.id = b.user_id
     WHERE b.access_requirement_id = $1 AND b.user_id = ANY ($2::bigint[]) AND ${STANDING.replace('$NOW', '$3')}
     ORDER BY b.user_id, b.until DESC NULLS FIRST`,
    [arId, [...new Set(userIds)], now],
  );
  return rows.map((r) => ({ userId: Number(r.user_id), username: r.username, reason: r.reason, until: r.until?.toISOString() ?? null }));
}

/** Puts the users on the AR's block list (in the caller's transaction); a user blocked already keeps their block. */
export async function addBlocks(
  ctx: AppContext,
  sql: Sql,
  input: { arId: number; requestId: number; userIds: readonly number[]; reason: string; until: string | null; by: number },
): Promise<number[]> {
  const now = ctx.clock.now();
  const standing = new Set((await activeBlocks(sql, input.arId, input.userIds, now)).map((b) => b.userId));
  const added: number[] = [];
  for (const userId of input.userIds) {
    if (standing.has(userId)) continue;
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO request_blocks (access_requirement_id, user_id, reason, until, request_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [input.arId, userId, input.reason, input.until, input.requestId, input.by, now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: input.by, action: 'request-block.added', targetType: 'request-block', targetId: Number(id),
      details: { accessRequirementId: input.arId, userId, requestId: input.requestId, reason: input.reason, until: input.until },
    });
    added.push(Number(id));
  }
  return added;
}

async function blockViews(sql: Sql, rows: BlockRow[], now: Date) {
  const ars = rows.length === 0 ? [] : await sql.query<{ id: number; name: string }>('SELECT id, name FROM access_requirements WHERE id = ANY ($1::bigint[])', [[...new Set(rows.map((r) => r.access_requirement_id))]]);
  const arName = new Map(ars.map((a) => [Number(a.id), a.name]));
  const badges = await userBadges(sql, rows.flatMap((r) => [r.user_id, r.created_by, ...(r.lifted_by ? [r.lifted_by] : [])]));
  const who = (id: number) => ({ id, username: badges.get(id)?.username ?? '', displayName: badges.get(id)?.displayName ?? '' });
  return rows.map((r) => ({
    id: Number(r.id),
    accessRequirementId: Number(r.access_requirement_id),
    accessRequirementName: arName.get(Number(r.access_requirement_id)) ?? '',
    user: who(Number(r.user_id)),
    reason: r.reason,
    until: r.until?.toISOString() ?? null,
    requestId: r.request_id === null ? null : Number(r.request_id),
    blockedBy: who(Number(r.created_by)),
    blockedOn: r.created_at.toISOString(),
    liftedBy: r.lifted_by === null ? null : who(Number(r.lifted_by)),
    liftedOn: r.lifted_at?.toISOString() ?? null,
    active: r.lifted_at === null && (r.until === null || r.until > now),
  }));
}
export type BlockView = Awaited<ReturnType<typeof blockViews>>[number];

const BLOCK_COLUMNS = 'b.id, b.access_requirement_id, b.user_id, b.reason, b.until, b.request_id, b.created_by, b.created_at, b.lifted_by, b.lifted_at';

/** The block list (ACT): standing blocks unless `all`, newest first. */
export async function listBlocks(ctx: AppContext, user: RequestUser, q: { accessRequirementId?: number; all?: boolean; limit: number; offset: number }) {
  assertActUser(user);
  const now = ctx.clock.now();
  const where = ['($1::bigint IS NULL OR b.access_requirement_id = $1)', `($3::boolean OR ${STANDING.replace('$NOW', '$2')})`];
  const params = [q.accessRequirementId ?? null, now, q.all ?? false];
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM request_blocks b WHERE ${where.join(' AND ')}`, params);
  const rows = await ctx.db.query<BlockRow>(
    `SELECT ${BLOCK_COLUMNS} FROM request_blocks b WHERE ${where.join(' AND ')} ORDER BY b.created_at DESC, b.id DESC LIMIT $4 OFFSET $5`,
    [...params, q.limit, q.offset],
  );
  return { items: await blockViews(ctx.db, rows, now), total };
}

/** ACT lifts a block: the user may submit requests for the AR again. Lifting a lifted block changes nothing. */
export async function liftBlock(ctx: AppContext, user: RequestUser, blockId: number) {
  assertActUser(user);
  return ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM request_blocks b WHERE b.id = $1 FOR UPDATE`, [blockId]);
    if (!row) throw notFound(msg.blockNotFound(blockId), 'BLOCK_NOT_FOUND');
    const now = ctx.clock.now();
    if (row.lifted_at === null) {
      await sql.query('UPDATE request_blocks SET lifted_by = $2, lifted_at = $3 WHERE id = $1', [blockId, user.id, now]);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'request-block.lifted', targetType: 'request-block', targetId: blockId,
        details: { accessRequirementId: Number(row.access_requirement_id), userId: Number(row.user_id) },
      });
    }
    const lifted = (await sql.maybeOne<BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM request_blocks b WHERE b.id = $1`, [blockId]))!;
    return (await blockViews(sql, [lifted], now))[0];
  });
}

// ---- Automatic handling of submissions --------------------------------------------------------------------

export async function requestRules(sql: Sql, arId: number): Promise<AutoRules> {
  const row = await sql.maybeOne<{ approve_when_validated: boolean; reject_when_blocked: boolean }>(
    'SELECT approve_when_validated, reject_when_blocked FROM request_rules WHERE access_requirement_id = $1', [arId]);
  return { approveWhenValidated: row?.approve_when_validated ?? false, rejectWhenBlocked: row?.reject_when_blocked ?? false };
}

export async function getRules(ctx: AppContext, user: RequestUser, arId: number) {
  assertActUser(user);
  await managedRequirement(ctx.db, arId);
  return { accessRequirementId: arId, ...(await requestRules(ctx.db, arId)) };
}

/** ACT sets the AR's automatic handling of submissions. */
export async function putRules(ctx: AppContext, user: RequestUser, arId: number, input: Partial<AutoRules>) {
  assertActUser(user);
  return ctx.db.tx(async (sql) => {
    await managedRequirement(sql, arId);
    const rules = { ...(await requestRules(sql, arId)), ...input };
    await sql.query(
      `INSERT INTO request_rules (access_requirement_id, approve_when_validated, reject_when_blocked, modified_by, modified_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (access_requirement_id) DO UPDATE SET approve_when_validated = $2, reject_when_blocked = $3, modified_by = $4, modified_at = $5`,
      [arId, rules.approveWhenValidated, rules.rejectWhenBlocked, user.id, ctx.clock.now()],
    );
    await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'request-rules.updated', targetType: 'access-requirement', targetId: arId, details: rules });
    return { accessRequirementId: arId, ...rules };
  });
}
