import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { conflict, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { recordTierEvent } from './tiers.js';

/**
 * The platform terms of use. The terms in force are the ones published last; a user is *registered* while
 * users.terms_version equals them, so publishing new terms makes every user accept again.
 */
export interface Terms {
  version: string;
  body: string;
  publishedAt: Date;
}

export async function currentTerms(sql: Sql): Promise<Terms | null> {
  const row = await sql.maybeOne<{ version: string; body: string; published_at: Date }>(
    'SELECT version, body, published_at FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1',
  );
  return row ? { version: row.version, body: row.body, publishedAt: row.published_at } : null;
}

export async function mustHaveTerms(sql: Sql): Promise<Terms> {
  const terms = await currentTerms(sql);
  if (!terms) throw notFound('No terms of use have been published yet.', 'NO_TERMS');
  return terms;
}

/**
 * Records that the user accepted the terms in force, naming the version they read (consent is informed): a
 * version not in force is refused with the current text (409) and changes nothing. Nothing changes when they
 * had accepted already.
 */
export async function acceptTerms(sql: Sql, clock: Clock, userId: number, version: string): Promise<void> {
  const terms = await mustHaveTerms(sql);
  if (terms.version !== version) {
    throw conflict('TERMS_VERSION_MISMATCH', `The terms of use in force are version ${terms.version}, not ${version}. Read them again and accept that version.`,
      { shownVersion: version, currentVersion: terms.version, current: { version: terms.version, body: terms.body, publishedAt: terms.publishedAt.toISOString() } });
  }
  const user = await sql.one<{ terms_version: string | null }>('SELECT terms_version FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (user.terms_version === terms.version) return;
  await sql.query('UPDATE users SET terms_version = $2 WHERE id = $1', [userId, terms.version]);
  await recordTierEvent(sql, clock, {
    userId, tier: 'registered', granted: true, how: 'terms-accepted', actorId: userId, details: { version: terms.version },
  });
}

/**
 * Publishes new terms: from now on every user must accept them. Each user who was registered loses the
 * tier, which their history shows.
 */
export async function publishTerms(sql: Sql, clock: Clock, input: { version: string; body: string }, actorId: number): Promise<Terms> {
  const version = input.version.trim();
  const body = input.body.trim();
  const previous = await currentTerms(sql);
  if (await sql.maybeOne('SELECT 1 FROM platform_terms WHERE version = $1', [version])) {
    throw conflict('TERMS_VERSION_EXISTS', `Terms of use version ${version} exist already; give the new terms a new version.`);
  }
  // The newest terms are those in force; never publish at or before the previous ones (a clock that
  // stood still or moved back would otherwise leave the old terms in force).
  let at = clock.now();
  if (previous && at.getTime() <= previous.publishedAt.getTime()) at = new Date(previous.publishedAt.getTime() + 1);
  await sql.query('INSERT INTO platform_terms (version, body, published_at, published_by) VALUES ($1, $2, $3, $4)', [version, body, at, actorId]);
  if (previous) {
    await sql.query(
      `INSERT INTO user_tier_events (user_id, tier, change, how, actor_id, reason, details, at)
       SELECT id, 'registered', 'revoked', 'terms-updated', $2, 'New terms of use were published.', jsonb_build_object('version', $1::text), $3
       FROM users WHERE terms_version = $4`,
      [version, actorId, clock.now(), previous.version],
    );
  }
  await appendAudit(sql, clock, {
    actorId, action: 'terms.published', targetType: 'terms', targetId: version, details: { previousVersion: previous?.version ?? null },
  });
  return { version, body, publishedAt: at };
}
