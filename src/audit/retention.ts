import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { DAY, HOUR } from '../infra/clock.js';
import type { Job } from '../jobs.js';

/**
 * Retention of the audit's records (SPEC §11; RECORDS_RETENTION_DAYS, default: keep everything). Records older
 * than the cut are deleted, except the latest of each thing at the cut: the state of an entity, an ACL, an AR, a
 * user's tier or an approval before the window stays known, so "the state at an instant" is still exact for
 * every instant after the cut. The setting cannot be under 366 days (src/infra/config.ts): an audit reads the
 * two quarters before it, and the annual report combines two audits.
 *
 * Download records are not deleted here: they are sealed into the audit log's chain (docs/adr/0014), and deleting
 * one would make the verification report it missing.
 */

export const RETENTION_MIN_DAYS = 366;

/** The tables whose rows are states (the latest before the cut is kept per `key`) and those that are events. */
const STATE_TABLES: readonly { table: string; key: string }[] = [
  { table: 'entity_snapshots', key: 'entity_id' },
  { table: 'acl_snapshots', key: 'entity_id' },
  { table: 'access_requirement_snapshots', key: 'access_requirement_id' },
  { table: 'user_tier_events', key: 'user_id, tier' },
  { table: 'approval_events', key: 'approval_id' },
];
const EVENT_TABLES: readonly string[] = ['decision_denials'];

export interface Pruned {
  cut: Date;
  deleted: Record<string, number>;
}

/** Deletes the records older than `cut` (the latest state of each thing at the cut excepted). */
export async function pruneRecords(sql: Sql, cut: Date): Promise<Pruned> {
  const deleted: Record<string, number> = {};
  for (const { table, key } of STATE_TABLES) {
    const cols = key.split(',').map((c) => c.trim());
    const same = cols.map((c) => `n.${c} = s.${c}`).join(' AND ');
    const { count } = await sql.one<{ count: number }>(
      `WITH gone AS (
         DELETE FROM ${table} s WHERE s.at < $1
           AND EXISTS (SELECT 1 FROM ${table} n WHERE ${same} AND n.at < $1 AND (n.at, n.id) > (s.at, s.id))
         RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      [cut],
    );
    deleted[table] = count;
  }
  for (const table of EVENT_TABLES) {
    const { count } = await sql.one<{ count: number }>(
      `WITH gone AS (DELETE FROM ${table} WHERE at < $1 RETURNING 1) SELECT count(*)::int AS count FROM gone`, [cut]);
    deleted[table] = count;
  }
  return { cut, deleted };
}

/** Once an hour: nothing when RECORDS_RETENTION_DAYS is unset. Safe with several processes (a delete is idempotent). */
export const recordsRetentionJob: Job = {
  name: 'audit-records.retention',
  everyMs: HOUR,
  async run(ctx: AppContext) {
    const days = ctx.config.recordsRetentionDays;
    if (days === null) return;
    const cut = new Date(ctx.clock.now().getTime() - days * DAY);
    const pruned = await ctx.db.tx((sql) => pruneRecords(sql, cut));
    const total = Object.values(pruned.deleted).reduce((a, b) => a + b, 0);
    if (total > 0) ctx.log.info({ cut: cut.toISOString(), deleted: pruned.deleted }, 'audit records older than the retention deleted');
  },
};
