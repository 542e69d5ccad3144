import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { badRequest, conflict, notFound } from '../infra/problem.js';
import { newSecret } from '../identity/secrets.js';
import { appendAudit } from '../auditlog/log.js';
import type { SecretBox } from './secretbox.js';

/**
 * Egress sources: the network monitors (or other systems) allowed to post egress events, each with one or two
 * active HMAC secrets. Rotation adds a secret and gives the previous one a grace period, so a monitor can switch
 * without a moment in which its deliveries are refused (docs/adr/0016).
 */
export const MAX_ACTIVE_SECRETS = 2;
export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
/** Egress secrets start with this, so a leaked one is recognised (as gh_pat_ for tokens). */
export const EGRESS_SECRET_PREFIX = 'gh_egs_';

export interface SourceSecret {
  id: number;
  hint: string;
  createdAt: string;
  /** When it stops verifying (retired explicitly, or the end of a rotation's grace period); null while open-ended. */
  retiredAt: string | null;
  active: boolean;
}

export interface EgressSource {
  id: number;
  name: string;
  description: string;
  status: 'active' | 'disabled';
  createdAt: string;
  createdBy: number | null;
  disabledAt: string | null;
  secrets: SourceSecret[];
  activeSecrets: number;
  lastDeliveryAt: string | null;
}

interface SourceRow {
  id: number;
  name: string;
  description: string;
  status: 'active' | 'disabled';
  created_at: Date;
  created_by: number | null;
  disabled_at: Date | null;
  last_delivery_at: Date | null;
}
interface SecretRow {
  id: number;
  source_id: number;
  hint: string;
  created_at: Date;
  retired_at: Date | null;
  secret_encrypted: string;
}

const isActive = (s: { retired_at: Date | null }, now: Date) => s.retired_at === null || s.retired_at > now;

const SOURCE_SELECT = `SELECT s.id, s.name, s.description, s.status, s.created_at, s.created_by, s.disabled_at,
         (SELECT max(d.received_at) FROM egress_deliveries d WHERE d.source_id = s.id) AS last_delivery_at
  FROM egress_sources s`;

async function views(sql: Sql, rows: SourceRow[], now: Date): Promise<EgressSource[]> {
  if (rows.length === 0) return [];
  const secrets = await sql.query<SecretRow>(
    'SELECT id, source_id, hint, created_at, retired_at, secret_encrypted FROM egress_source_secrets WHERE source_id = ANY($1::bigint[]) ORDER BY created_at, id',
    [rows.map((r) => r.id)]);
  return rows.map((r) => {
    const own = secrets.filter((s) => Number(s.source_id) === Number(r.id)).map((s) => ({
      id: s.id, hint: s.hint, createdAt: s.created_at.toISOString(), retiredAt: s.retired_at?.toISOString() ?? null, active: isActive(s, now),
    }));
    return {
      id: r.id, name: r.name, description: r.description, status: r.status, createdAt: r.created_at.toISOString(), createdBy: r.created_by,
      disabledAt: r.disabled_at?.toISOString() ?? null, secrets: own, activeSecrets: own.filter((s) => s.active).length,
      lastDeliveryAt: r.last_delivery_at?.toISOString() ?? null,
    };
  });
}

export async function getSource(sql: Sql, clock: Clock, id: number): Promise<EgressSource> {
  const row = await sql.maybeOne<SourceRow>(`${SOURCE_SELECT} WHERE s.id = $1`, [id]);
  if (!row) throw notFound(`There is no egress source ${id}.`, 'SOURCE_NOT_FOUND');
  return (await views(sql, [row], clock.now()))[0];
}

export async function listSources(sql: Sql, clock: Clock, slice: { limit?: number; offset?: number }) {
  const rows = await sql.query<SourceRow>(`${SOURCE_SELECT} ORDER BY s.name LIMIT $1 OFFSET $2`, [slice.limit ?? 50, slice.offset ?? 0]);
  const { count } = await sql.one<{ count: number }>('SELECT count(*)::int AS count FROM egress_sources');
  return { items: await views(sql, rows, clock.now()), total: count };
}

async function lockSource(sql: Sql, id: number): Promise<SourceRow> {
  const row = await sql.maybeOne<SourceRow>('SELECT id, name, status FROM egress_sources WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw notFound(`There is no egress source ${id}.`, 'SOURCE_NOT_FOUND');
  return row;
}

async function addSecret(sql: Sql, clock: Clock, box: SecretBox, sourceId: number, actorId: number): Promise<{ id: number; secret: string }> {
  const secret = EGRESS_SECRET_PREFIX + newSecret(32);
  const { id } = await sql.one<{ id: number }>(
    `INSERT INTO egress_source_secrets (source_id, secret_encrypted, hint, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [sourceId, box.seal(secret), secret.slice(0, EGRESS_SECRET_PREFIX.length + 4), actorId, clock.now()]);
  return { id, secret };
}

export interface CreatedSecret {
  source: EgressSource;
  /** Shown once: only its encryption is stored. */
  secret: string;
  secretId: number;
}

export async function createSource(sql: Sql, clock: Clock, box: SecretBox, actorId: number, input: { name: string; description?: string }): Promise<CreatedSecret> {
  const name = input.name.trim().toLowerCase();
  if (!SOURCE_NAME.test(name)) {
    throw badRequest('BAD_SOURCE_NAME', 'A source name is 1 to 63 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.');
  }
  if (await sql.maybeOne('SELECT id FROM egress_sources WHERE name = $1', [name])) {
    throw conflict('SOURCE_EXISTS', `There is an egress source named ${name} already.`);
  }
  const { id } = await sql.one<{ id: number }>(
    `INSERT INTO egress_sources (name, description, status, created_by, created_at) VALUES ($1, $2, 'active', $3, $4) RETURNING id`,
    [name, (input.description ?? '').trim(), actorId, clock.now()]);
  const secret = await addSecret(sql, clock, box, id, actorId);
  await appendAudit(sql, clock, { actorId, action: 'egress.source-created', targetType: 'egress-source', targetId: id, details: { name, secretId: secret.id } });
  return { source: await getSource(sql, clock, id), secret: secret.secret, secretId: secret.id };
}

/**
 * Adds a secret; the secrets active until now stay active for the grace period (or until they are retired), so
 * the monitor can switch without a refused delivery. Refused when two are active already: retire one first.
 */
export async function rotateSecret(sql: Sql, clock: Clock, box: SecretBox, actorId: number, sourceId: number, graceHours: number): Promise<CreatedSecret> {
  await lockSource(sql, sourceId);
  const now = clock.now();
  const active = (await sql.query<SecretRow>('SELECT id, retired_at FROM egress_source_secrets WHERE source_id = $1', [sourceId])).filter((s) => isActive(s, now));
  if (active.length >= MAX_ACTIVE_SECRETS) {
    throw conflict('TOO_MANY_SECRETS', `This source has ${MAX_ACTIVE_SECRETS} active secrets already; retire one before adding another.`);
  }
  const until = new Date(now.getTime() + graceHours * 3600_000);
  for (const s of active) {
    if (s.retired_at === null || s.retired_at > until) {
      await sql.query('UPDATE egress_source_secrets SET retired_at = $2, retired_by = $3 WHERE id = $1', [s.id, until, actorId]);
    }
  }
  const secret = await addSecret(sql, clock, box, sourceId, actorId);
  await appendAudit(sql, clock, {
    actorId, action: 'egress.secret-rotated', targetType: 'egress-source', targetId: sourceId,
    details: { secretId: secret.id, previous: active.map((s) => s.id), previousValidUntil: until.toISOString() },
  });
  return { source: await getSource(sql, clock, sourceId), secret: secret.secret, secretId: secret.id };
}

/** Retires a secret now. Retiring the last one leaves the source unable to deliver: every delivery is refused. */
export async function retireSecret(sql: Sql, clock: Clock, actorId: number, sourceId: number, secretId: number): Promise<EgressSource> {
  await lockSource(sql, sourceId);
  const now = clock.now();
  const secret = await sql.maybeOne<SecretRow>('SELECT id, retired_at FROM egress_source_secrets WHERE id = $1 AND source_id = $2', [secretId, sourceId]);
  if (!secret) throw notFound(`Egress source ${sourceId} has no secret ${secretId}.`, 'SECRET_NOT_FOUND');
  if (!isActive(secret, now)) throw conflict('SECRET_RETIRED', `Secret ${secretId} is retired already.`);
  await sql.query('UPDATE egress_source_secrets SET retired_at = $2, retired_by = $3 WHERE id = $1', [secretId, now, actorId]);
  await appendAudit(sql, clock, { actorId, action: 'egress.secret-retired', targetType: 'egress-source', targetId: sourceId, details: { secretId } });
  return getSource(sql, clock, sourceId);
}

export async function setSourceStatus(sql: Sql, clock: Clock, actorId: number, sourceId: number, status: 'active' | 'disabled', reason: string): Promise<EgressSource> {
  const row = await lockSource(sql, sourceId);
  if (row.status === status) throw conflict(status === 'disabled' ? 'SOURCE_DISABLED' : 'SOURCE_ACTIVE', `Egress source ${row.name} is ${status} already.`);
  const now = clock.now();
  await sql.query('UPDATE egress_sources SET status = $2, disabled_at = $3, disabled_by = $4 WHERE id = $1',
    [sourceId, status, status === 'disabled' ? now : null, status === 'disabled' ? actorId : null]);
  await appendAudit(sql, clock, {
    actorId, action: status === 'disabled' ? 'egress.source-disabled' : 'egress.source-enabled', targetType: 'egress-source', targetId: sourceId,
    details: { name: row.name, reason: reason.trim() },
  });
  return getSource(sql, clock, sourceId);
}

/** What verifying a delivery needs: the source by its header name, and its active secrets in clear. */
export interface SourceForVerification {
  id: number;
  name: string;
  status: 'active' | 'disabled';
  secrets: string[];
  /** Active secrets that could not be decrypted (a different EGRESS_SECRET_KEY): they never verify. */
  unreadable: number;
}

export async function sourceForVerification(sql: Sql, box: SecretBox, name: string, now: Date): Promise<SourceForVerification | null> {
  const row = await sql.maybeOne<SourceRow>('SELECT id, name, status FROM egress_sources WHERE name = $1', [name]);
  if (!row) return null;
  const secrets = (await sql.query<SecretRow>('SELECT id, retired_at, secret_encrypted FROM egress_source_secrets WHERE source_id = $1', [row.id]))
    .filter((s) => isActive(s, now));
  const opened = secrets.map((s) => box.open(s.secret_encrypted));
  return {
    id: row.id, name: row.name, status: row.status,
    secrets: opened.filter((s): s is string => s !== null), unreadable: opened.filter((s) => s === null).length,
  };
}
