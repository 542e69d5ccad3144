import { Type, type Static } from '@sinclair/typebox';
import { appendAudit } from '../auditlog/log.js';
import type { Clock } from '../infra/clock.js';
import type { Sql } from '../infra/db.js';
import { badRequest, conflict, validationFailed } from '../infra/problem.js';
import { EgressPolicySchema, validatePolicy, type EgressPolicy } from './policy.js';

/**
 * The egress policy in the database (migrations/0100_egress_policy.sql): one row per version, never changed. The
 * policy in force is the newest version; version 1, the defaults, is written by the migration.
 *
 * Saving is optimistic: the editor says which version they edited, and a save on top of a newer version is
 * refused (409 EGRESS_POLICY_STALE) instead of silently undoing someone else's change. Saves take turns on an
 * advisory lock, so two saves of the same version cannot both succeed.
 */

// Saves of the policy take turns on this lock (after it, the audit log's own, 727002).
export const EGRESS_POLICY_LOCK = 727100;

export const StoredPolicySchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  policy: EgressPolicySchema,
  createdAt: Type.String({ format: 'date-time' }),
  /** Null for version 1, the defaults. */
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdByName: Type.Union([Type.String(), Type.Null()]),
});
export type StoredPolicy = Static<typeof StoredPolicySchema>;

/** The body of a save: the whole policy and the version it was edited from. */
export const SavePolicyBodySchema = Type.Object({
  expectedVersion: Type.Integer({ minimum: 1, description: 'The version the policy was edited from' }),
  policy: EgressPolicySchema,
}, { additionalProperties: false });

interface Row {
  version: number;
  policy: EgressPolicy | string;
  created_at: Date | string;
  created_by: number | string | null;
  username: string | null;
}

const SELECT = `SELECT v.version, v.policy, v.created_at, v.created_by, u.username
  FROM egress_policy_versions v LEFT JOIN users u ON u.id = v.created_by`;

const toStored = (r: Row): StoredPolicy => ({
  version: Number(r.version),
  policy: typeof r.policy === 'string' ? JSON.parse(r.policy) as EgressPolicy : r.policy,
  createdAt: new Date(r.created_at).toISOString(),
  createdBy: r.created_by === null ? null : Number(r.created_by),
  createdByName: r.username,
});

/** The policy in force: the newest version. */
export async function loadPolicy(sql: Sql): Promise<StoredPolicy> {
  const row = await sql.maybeOne<Row>(`${SELECT} ORDER BY v.version DESC LIMIT 1`);
  if (!row) throw new Error('The egress policy has no version: migration 0100_egress_policy has not run.');
  return toStored(row);
}

/** One version of the policy, or null. */
export async function loadPolicyVersion(sql: Sql, version: number): Promise<StoredPolicy | null> {
  const row = await sql.maybeOne<Row>(`${SELECT} WHERE v.version = $1`, [version]);
  return row ? toStored(row) : null;
}

/** The versions, newest first. */
export async function listPolicyVersions(sql: Sql, limit = 50): Promise<StoredPolicy[]> {
  return (await sql.query<Row>(`${SELECT} ORDER BY v.version DESC LIMIT $1`, [limit])).map(toStored);
}

/**
 * Saves `policy` as the next version, if it is valid (else 400 VALIDATION_FAILED naming every bad field) and
 * `expectedVersion` is the version in force (else 409 EGRESS_POLICY_STALE), and records the change in the audit
 * log with the old and new values. Call it inside a transaction: the lock, the new row and the audit entry
 * commit together. Every save is a new version, also one that changes nothing (the audit entry then lists no
 * changed settings).
 */
export async function savePolicy(
  sql: Sql, clock: Clock, actorId: number | null, policy: unknown, expectedVersion: number,
): Promise<StoredPolicy> {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
    throw badRequest('VALIDATION_FAILED', 'expectedVersion must be the version of the policy you edited (1 or more).',
      { errors: [{ field: 'expectedVersion', message: 'must be an integer of 1 or more' }] });
  }
  const problems = validatePolicy(policy);
  if (problems.length > 0) {
    throw validationFailed(`The egress policy is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`, problems);
  }
  const next = policy as EgressPolicy;

  await sql.query('SELECT pg_advisory_xact_lock($1)', [EGRESS_POLICY_LOCK]);
  const current = await loadPolicy(sql);
  if (current.version !== expectedVersion) {
    const by = current.createdByName ?? 'Gatehouse';
    throw conflict('EGRESS_POLICY_STALE',
      `The egress policy was changed since you opened it: version ${current.version} (by ${by}, ${current.createdAt}) is in force, ` +
      `and you edited version ${expectedVersion}. Reload the policy and make your change again.`,
      { currentVersion: current.version });
  }

  const version = current.version + 1;
  const at = clock.now();
  await sql.query(
    'INSERT INTO egress_policy_versions (version, policy, created_at, created_by) VALUES ($1, $2, $3, $4)',
    [version, JSON.stringify(next), at, actorId],
  );
  await appendAudit(sql, clock, {
    actorId,
    action: 'egress.policy-changed',
    targetType: 'egress-policy',
    targetId: version,
    details: { fromVersion: current.version, toVersion: version, changed: changedSettings(current.policy, next), old: current.policy, new: next },
  });
  return (await loadPolicyVersion(sql, version))!;
}

/** The top-level settings whose values differ, in the policy's order. */
export function changedSettings(before: EgressPolicy, after: EgressPolicy): string[] {
  return Object.keys(EgressPolicySchema.properties).filter((key) =>
    canonical(before[key as keyof EgressPolicy]) !== canonical(after[key as keyof EgressPolicy]));
}

/** JSON with object keys sorted: jsonb does not keep the order keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v);
}
