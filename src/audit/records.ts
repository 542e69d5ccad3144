import type { Sql } from '../infra/db.js';
import type { Job } from '../jobs.js';
import { expandSnapshots } from '../entities/records.js';

/**
 * The records read back at an instant (SPEC §11 "Records"; docs/adr/0020-audit-records.md): what an entity was,
 * what tiers a user held and which approvals, at any instant. Each is the latest record at or before the instant;
 * the writers (src/entities/records.ts, src/identity/tiers.ts, the approvals trigger of migration 0150) make sure
 * that every change of that state leaves one, descendants included.
 */

export interface EntityStateAt {
  isPublic: boolean;
  isRestricted: boolean;
  isControlled: boolean;
  inTrash: boolean;
  benefactorId: number;
  /** The managed groups of the project's authorization domain, ascending. */
  authorizationDomain: number[];
  /** The ARs bound on the entity or above it, ascending. */
  effectiveAccessRequirements: number[];
  projectId: number;
  parentId: number | null;
  name: string;
  type: 'project' | 'folder' | 'file';
  version: number | null;
  dataType: 'SENSITIVE_DATA' | 'OPEN_DATA';
  hasLocalAcl: boolean;
  hasLocalAccessRequirement: boolean;
  /** The snapshot this state comes from: when and through which change. */
  since: Date;
  change: string;
}

const ids = (raw: unknown): number[] => (Array.isArray(raw) ? raw.map(Number) : []);

/**
 * The entity's effective state at the instant; null before it existed and after it was purged. Subtree changes
 * still queued are expanded first (each at its own instant), so the answer never misses one.
 */
export async function entityStateAt(sql: Sql, entityId: number, instant: Date): Promise<EntityStateAt | null> {
  await expandSnapshots(sql);
  const row = await sql.maybeOne<{
    at: Date; change: string; version: number | null; name: string; type: EntityStateAt['type']; parent_id: number | null;
    project_id: number; benefactor_id: number; data_type: EntityStateAt['dataType']; in_trash: boolean; is_public: boolean;
    is_restricted: boolean; is_controlled: boolean; effective_access_requirements: unknown; authorization_domain: unknown;
    has_local_acl: boolean; has_local_access_requirement: boolean;
  }>(
    `SELECT at, change, version, name, type, parent_id, project_id, benefactor_id, data_type, in_trash, is_public,
            is_restricted, is_controlled, effective_access_requirements, authorization_domain, has_local_acl,
            has_local_access_requirement
     FROM entity_snapshots WHERE entity_id = $1 AND at <= $2 ORDER BY at DESC, id DESC LIMIT 1`,
    [entityId, instant],
  );
  if (!row || row.change === 'purged') return null;
  return {
    isPublic: row.is_public,
    isRestricted: row.is_restricted,
    isControlled: row.is_controlled,
    inTrash: row.in_trash,
    benefactorId: Number(row.benefactor_id),
    authorizationDomain: ids(row.authorization_domain),
    effectiveAccessRequirements: ids(row.effective_access_requirements),
    projectId: Number(row.project_id),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    name: row.name,
    type: row.type,
    version: row.version,
    dataType: row.data_type,
    hasLocalAcl: row.has_local_acl,
    hasLocalAccessRequirement: row.has_local_access_requirement,
    since: new Date(row.at),
    change: row.change,
  };
}

export interface UserTiersAt {
  /** Had accepted the platform terms in force at the instant (true when none were published yet). */
  registered: boolean;
  certified: boolean;
  validated: boolean;
  twoFactor: boolean;
  /** The account was enabled (not disabled by an admin or an egress incident). */
  active: boolean;
}

/**
 * The user's tiers at the instant, from user_tier_events; null before the account existed. A tier with no event
 * yet is not held (accounts start with none), except `active`, which accounts start with.
 */
export async function userTiersAt(sql: Sql, userId: number, instant: Date): Promise<UserTiersAt | null> {
  const user = await sql.maybeOne<{ created_at: Date }>('SELECT created_at FROM users WHERE id = $1', [userId]);
  if (!user || new Date(user.created_at) > instant) return null;
  const rows = await sql.query<{ tier: string; change: 'granted' | 'revoked'; at: Date }>(
    `SELECT DISTINCT ON (tier) tier, change, at FROM user_tier_events
     WHERE user_id = $1 AND at <= $2 ORDER BY tier, at DESC, id DESC`,
    [userId, instant],
  );
  const last = new Map(rows.map((r) => [r.tier, r]));
  const held = (tier: string, initially = false) => (last.has(tier) ? last.get(tier)!.change === 'granted' : initially);
  // Registered means: accepted the terms in force then. Acceptances before those terms were published do not
  // count (publishing new terms also writes a revocation, except the very first terms, which have none to revoke).
  const terms = await sql.maybeOne<{ published_at: Date }>(
    'SELECT published_at FROM platform_terms WHERE published_at <= $1 ORDER BY published_at DESC, version DESC LIMIT 1', [instant],
  );
  const registration = last.get('registered');
  const registered = terms === null
    || (registration !== undefined && registration.change === 'granted' && new Date(registration.at) >= new Date(terms.published_at));
  return {
    registered,
    certified: held('certified'),
    validated: held('validated'),
    twoFactor: held('2fa'),
    active: held('active', true),
  };
}

export interface ApprovalAt {
  approvalId: number;
  accessRequirementId: number;
  /** The AR version the user agreed to (renewals move it to the version then in force). */
  accessRequirementVersion: number;
  expiresOn: Date | null;
  source: string;
  /** When it was granted or last renewed. */
  since: Date;
}

/**
 * The approvals the user held at the instant: the latest event of each approval at or before the instant says
 * APPROVED, and its expiry (if any) is after the instant. An approval past its expiry is not held even before
 * the expiry job has revoked it: expiry is implicit in expires_on, as the decision engine reads it.
 */
export async function approvalsAt(sql: Sql, userId: number, instant: Date): Promise<ApprovalAt[]> {
  const rows = await sql.query<{
    approval_id: number; access_requirement_id: number; access_requirement_version: number; state: string;
    expires_on: Date | null; source: string; at: Date;
  }>(
    `SELECT * FROM (
       SELECT DISTINCT ON (approval_id) approval_id, access_requirement_id, access_requirement_version, state, expires_on, source, at
       FROM approval_events WHERE accessor_id = $1 AND at <= $2 ORDER BY approval_id, at DESC, id DESC
     ) last
     WHERE state = 'APPROVED' AND (expires_on IS NULL OR expires_on > $2)
     ORDER BY access_requirement_id, approval_id`,
    [userId, instant],
  );
  return rows.map((r) => ({
    approvalId: Number(r.approval_id),
    accessRequirementId: Number(r.access_requirement_id),
    accessRequirementVersion: r.access_requirement_version,
    expiresOn: r.expires_on === null ? null : new Date(r.expires_on),
    source: r.source,
    since: new Date(r.at),
  }));
}

/**
 * Expands the subtree snapshots that changes above large subtrees queued (src/entities/records.ts), every 2 s.
 * Safe with several processes: the queue's rows are taken FOR UPDATE, and one expanded is deleted.
 */
export const entitySnapshotExpansionJob: Job = {
  name: 'audit-records.expand-snapshots',
  everyMs: 2000,
  async run(ctx) {
    const written = await ctx.db.tx((sql) => expandSnapshots(sql));
    if (written > 0) ctx.log.info({ written }, 'queued entity snapshots expanded');
  },
};
