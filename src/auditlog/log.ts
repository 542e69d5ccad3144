import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { GENESIS, entryHash, type AuditEntry } from './chain.js';
import { enqueueForAuditEntry } from '../webhooks/events.js';

// Appends take turns on this lock, so that each row's prev_hash is the row before it.
export const AUDIT_LOCK = 727002;

export interface AuditRecord {
  actorId: number | null;
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

/**
 * Appends one entry to the hash-chained audit log. Call it inside the transaction of the change it
 * records: the entry commits or rolls back with the change.
 */
export async function appendAudit(sql: Sql, clock: Clock, record: AuditRecord): Promise<number> {
  await sql.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
  const last = await sql.maybeOne<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const entry: AuditEntry = {
    seq: (last?.seq ?? 0) + 1,
    at: clock.now().toISOString(),
    actorId: record.actorId,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId === undefined ? null : String(record.targetId),
    details: record.details ?? {},
  };
  const prevHash = last?.hash ?? GENESIS;
  await sql.query(
    `INSERT INTO audit_log (seq, at, actor_id, action, target_type, target_id, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [entry.seq, entry.at, entry.actorId, entry.action, entry.targetType, entry.targetId,
      JSON.stringify(entry.details), prevHash, entryHash(prevHash, entry)],
  );
  await enqueueForAuditEntry(sql, clock, entry); // outbound webhooks of access changes, in the same transaction (docs/adr/0023)
  return entry.seq;
}

interface AuditRow {
  seq: number;
  at: Date;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first entry whose link does not hold, and why. */
  firstBroken?: { seq: number; reason: string };
}

/** Recomputes the chain from the start; reports the first entry that was altered, removed or inserted. */
export async function verifyAuditLog(sql: Sql, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  const batch = 5000;
  for (;;) {
    const rows = await sql.query<AuditRow>(
      `SELECT seq, at, actor_id, action, target_type, target_id, details, prev_hash, hash
       FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [expectedSeq, batch],
    );
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'prev_hash does not match the entry before it' } };
      }
      const entry: AuditEntry = {
        seq: row.seq,
        at: new Date(row.at).toISOString(),
        actorId: row.actor_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: row.details,
      };
      if (entryHash(prevHash, entry) !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'contents do not match the recorded hash' } };
      }
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked);
    if (rows.length < batch) return { ok: true, checked };
  }
}
