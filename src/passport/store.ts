import type { Sql } from '../infra/db.js';
import type { PassportSnapshot } from './visas.js';

/**
 * What the visas of one user are made from, read in one go from the tables of identity and access requirements
 * (users and their tier history, platform_terms, approvals, external_account_links). Read-only.
 */
export async function loadPassportSnapshot(sql: Sql, userId: number, now: Date): Promise<PassportSnapshot | null> {
  const user = await sql.maybeOne<{
    status: string; terms_version: string | null; current_terms: string | null; terms_at: Date | null; created_at: Date;
    is_validated: boolean; validated_at: Date | null; oidc_subject: string | null; oidc_linked_at: Date | null;
  }>(
    `SELECT u.status, u.terms_version, u.is_validated, u.oidc_subject, u.created_at,
            (SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1) AS current_terms,
            (SELECT max(at) FROM user_tier_events WHERE user_id = u.id AND tier = 'registered' AND change = 'granted') AS terms_at,
            (SELECT max(at) FROM user_tier_events WHERE user_id = u.id AND tier = 'validated' AND change = 'granted') AS validated_at,
            (SELECT max(at) FROM audit_log WHERE target_type = 'user' AND target_id = u.id::text AND action = 'user.oidc-linked') AS oidc_linked_at
     FROM users u WHERE u.id = $1`,
    [userId],
  );
  if (!user) return null;
  const approvals = await sql.query<{ id: number; access_requirement_id: number; type: PassportSnapshot['approvals'][number]['type']; name: string; created_at: Date; expires_on: Date | null }>(
    `SELECT ap.id, ap.access_requirement_id, ar.type, ar.name, ap.created_at, ap.expires_on
     FROM approvals ap JOIN access_requirements ar ON ar.id = ap.access_requirement_id
     WHERE ap.accessor_id = $1 AND ap.state = 'APPROVED' AND ar.deleted_at IS NULL
       AND (ap.expires_on IS NULL OR ap.expires_on > $2)
     ORDER BY ap.access_requirement_id, ap.id`,
    [userId, now],
  );
  const external = await sql.query<{ issuer: string; external_id: string; linked_at: Date; expires_at: Date }>(
    'SELECT issuer, external_id, linked_at, expires_at FROM external_account_links WHERE user_id = $1 AND expires_at > $2 ORDER BY issuer',
    [userId, now],
  );
  const links: PassportSnapshot['links'] = [];
  if (user.oidc_subject) {
    // users.oidc_subject is "<issuer>|<subject>" (src/identity/oidc.ts); an issuer URL has no "|".
    const bar = user.oidc_subject.indexOf('|');
    if (bar > 0) {
      links.push({ issuer: user.oidc_subject.slice(0, bar), subject: user.oidc_subject.slice(bar + 1), linkedAt: user.oidc_linked_at ?? user.created_at, expiresAt: null });
    }
  }
  for (const e of external) links.push({ issuer: e.issuer, subject: e.external_id, linkedAt: e.linked_at, expiresAt: e.expires_at });
  const acceptedTerms = user.current_terms !== null && user.terms_version === user.current_terms;
  return {
    userId,
    disabled: user.status === 'disabled',
    terms: acceptedTerms ? { version: user.current_terms!, acceptedAt: user.terms_at ?? user.created_at } : null,
    validatedAt: user.is_validated ? (user.validated_at ?? user.created_at) : null,
    approvals: approvals.map((a) => ({
      id: Number(a.id), accessRequirementId: Number(a.access_requirement_id), type: a.type, name: a.name, grantedAt: a.created_at, expiresOn: a.expires_on,
    })),
    links,
  };
}

/** For re-checking a visa on use: is this approval still APPROVED, unexpired, of this user and AR, the AR live? */
export async function currentApproval(sql: Sql, approvalId: number, userId: number, accessRequirementId: number, now: Date): Promise<boolean> {
  const row = await sql.maybeOne(
    `SELECT 1 FROM approvals ap JOIN access_requirements ar ON ar.id = ap.access_requirement_id
     WHERE ap.id = $1 AND ap.accessor_id = $2 AND ap.access_requirement_id = $3 AND ap.state = 'APPROVED'
       AND ar.deleted_at IS NULL AND (ap.expires_on IS NULL OR ap.expires_on > $4)`,
    [approvalId, userId, accessRequirementId, now],
  );
  return row !== null;
}

export async function userIsActive(sql: Sql, userId: number): Promise<boolean> {
  const row = await sql.maybeOne<{ status: string }>('SELECT status FROM users WHERE id = $1', [userId]);
  return row?.status === 'active';
}
