import type { Sql } from '../infra/db.js';

/**
 * External reviewers (SPEC §8, invited by ACT by email; src/requests/invitations.ts): whether the user reviews
 * this request, or every request of this AR, because they accepted an invitation. Read by `actorFor` beside the
 * AR's ACL, so an invited reviewer is a delegated reviewer for what they were invited to, and for nothing else:
 * the same rules (validated, not their own request) and the same messages apply. Depends on nothing else of the
 * capability, so that access.ts can read it without an import circle.
 */
export async function isInvitedReviewer(sql: Sql, userId: number, arId: number, requestId?: number): Promise<boolean> {
  const row = await sql.maybeOne<{ found: number }>(
    `SELECT 1 AS found FROM invited_reviewers
      WHERE user_id = $1 AND access_requirement_id = $2 AND ended_at IS NULL
        AND (request_id IS NULL OR request_id = $3::bigint)
      LIMIT 1`,
    [userId, arId, requestId ?? null],
  );
  return row !== null;
}

/** The ARs every request of which the user reviews by invitation (for GET /reviews). */
export async function invitedRequirementIds(sql: Sql, userId: number): Promise<Set<number>> {
  const rows = await sql.query<{ id: number }>(
    `SELECT DISTINCT access_requirement_id AS id FROM invited_reviewers WHERE user_id = $1 AND request_id IS NULL AND ended_at IS NULL`,
    [userId],
  );
  return new Set(rows.map((r) => Number(r.id)));
}
