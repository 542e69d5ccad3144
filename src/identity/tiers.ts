import { Type, type Static } from '@sinclair/typebox';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';

/**
 * A user's tiers (SPEC §2): *registered* (accepted the terms of use now in force), *certified* (passed the
 * quiz or granted by ACT), *validated* (identity verification approved by ACT). The users row holds the
 * current state and user_tier_events the history; changeTier writes both, with an audit entry, in the
 * caller's transaction, so that they never disagree.
 */
export type Tier = 'registered' | 'certified' | 'validated';
/**
 * The history also follows two facts the audits read beside the tiers (SPEC §11): two-factor authentication
 * ('2fa': enrolled, removed or reset) and the account itself ('active': disabled or enabled again).
 */
export type TierHistoryKind = Tier | '2fa' | 'active';

export interface TierChange {
  userId: number;
  tier: 'certified' | 'validated';
  granted: boolean;
  /** How it happened: quiz-passed, act-granted, act-revoked, verification-approved, verification-revoked. */
  how: string;
  actorId: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const column = { certified: 'is_certified', validated: 'is_validated' } as const;

/** Grants or revokes certified or validated. Returns false, writing nothing, when the user already is in that state. */
export async function changeTier(sql: Sql, clock: Clock, change: TierChange): Promise<boolean> {
  const col = column[change.tier];
  const row = await sql.maybeOne<{ current: boolean }>(`SELECT ${col} AS current FROM users WHERE id = $1 FOR UPDATE`, [change.userId]);
  if (!row) throw notFound(`There is no user ${change.userId}.`);
  if (row.current === change.granted) return false;
  await sql.query(`UPDATE users SET ${col} = $2 WHERE id = $1`, [change.userId, change.granted]);
  await recordTierEvent(sql, clock, { ...change, tier: change.tier });
  return true;
}

/**
 * The history row alone, for a change whose own audit entry the caller writes (2FA, account disabled): every
 * path that changes a tier, 2FA or the account's status writes one, in the transaction of the change.
 */
export async function recordTierHistory(
  sql: Sql,
  clock: Clock,
  change: Omit<TierChange, 'tier'> & { tier: TierHistoryKind },
): Promise<void> {
  await sql.query(
    `INSERT INTO user_tier_events (user_id, tier, change, how, actor_id, reason, details, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [change.userId, change.tier, change.granted ? 'granted' : 'revoked', change.how, change.actorId, change.reason ?? null,
      JSON.stringify(change.details ?? {}), clock.now()],
  );
}

/** The history row and audit entry of a tier change whose users column the caller has updated. */
export async function recordTierEvent(
  sql: Sql,
  clock: Clock,
  change: Omit<TierChange, 'tier'> & { tier: Tier },
): Promise<void> {
  const verb = change.granted ? 'granted' : 'revoked';
  await recordTierHistory(sql, clock, change);
  await appendAudit(sql, clock, {
    actorId: change.actorId,
    action: `tier.${change.tier}-${verb}`,
    targetType: 'user',
    targetId: change.userId,
    details: { how: change.how, ...(change.reason ? { reason: change.reason } : {}), ...(change.details ?? {}) },
  });
}

export const TierEventSchema = Type.Object({
  tier: Type.Union([Type.Literal('registered'), Type.Literal('certified'), Type.Literal('validated'), Type.Literal('2fa'), Type.Literal('active')],
    { description: "The tiers, and two facts beside them: '2fa' (two-factor authentication on or off) and 'active' (the account enabled or disabled)" }),
  change: Type.Union([Type.Literal('granted'), Type.Literal('revoked')]),
  how: Type.String({ description: 'terms-accepted, terms-updated, quiz-passed, act-granted, act-revoked, verification-approved, verification-revoked, 2fa-enrolled, 2fa-removed, 2fa-reset, account-disabled, account-enabled, …' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});

export const TiersSchema = Type.Object({
  registered: Type.Boolean({ description: 'Has accepted the terms of use now in force' }),
  certified: Type.Boolean(),
  validated: Type.Boolean(),
  history: Type.Array(TierEventSchema, { description: 'Oldest first' }),
});
export type Tiers = Static<typeof TiersSchema>;

/** A user's tiers now and their history. */
export async function loadTiers(sql: Sql, userId: number): Promise<Tiers> {
  const user = await sql.maybeOne<{ terms_version: string | null; current_terms: string | null; is_certified: boolean; is_validated: boolean }>(
    `SELECT terms_version, is_certified, is_validated,
            (SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1) AS current_terms
     FROM users WHERE id = $1`,
    [userId],
  );
  if (!user) throw notFound(`There is no user ${userId}.`);
  const events = await sql.query<{ tier: TierHistoryKind; change: 'granted' | 'revoked'; how: string; actor_id: number | null; actor_name: string | null; reason: string | null; at: Date }>(
    `SELECT e.tier, e.change, e.how, e.actor_id, a.display_name AS actor_name, e.reason, e.at
     FROM user_tier_events e LEFT JOIN users a ON a.id = e.actor_id
     WHERE e.user_id = $1 ORDER BY e.at, e.id`,
    [userId],
  );
  return {
    registered: user.current_terms === null || user.terms_version === user.current_terms,
    certified: user.is_certified,
    validated: user.is_validated,
    history: events.map((e) => ({
      tier: e.tier, change: e.change, how: e.how, actorId: e.actor_id, actorName: e.actor_name, reason: e.reason, at: e.at.toISOString(),
    })),
  };
}
