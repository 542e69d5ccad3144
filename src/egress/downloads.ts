import type { AppContext, DownloadMeter, DownloadPart, MeteredDownload, MeterTicket } from '../context.js';
import { Problem } from '../infra/problem.js';
import { applyActions, loadHistory, lockUserEgress, stopUserRuntimes } from './incidents.js';
import {
  assess, type EgressAction, type EgressAmount, type EgressEvent, type EgressHistory, type EgressPolicy,
} from './policy.js';
import { loadPolicy, type StoredPolicy } from './policystore.js';

/**
 * Gatehouse's own downloads as egress (SPEC §10, docs/adr/0017). Before the first byte of a download is sent, its
 * bytes are counted in the user's sliding windows; a download that `escalate` refuses (it would suspend or disable,
 * or it is summary data over the limit) is refused with §5's message and never started, and what the policy says
 * to do about it (the incident, the notice, the suspension) is done before the refusal is answered.
 *
 * The counters are rows of egress_downloads in the database, not memory: every process reads the same ones.
 *
 *   reserve ── INSERT the amounts (state serving) ── committed, visible to every process
 *      │
 *   read ───── the user's download amounts of the longest window, and whether a bypass window is open
 *      │
 *      ├─ no window crossed, no bypass window, no summary over the limit ──► serve   (the common case: 2 statements)
 *      └─ otherwise ── the user's turn (row lock), full history, assess each amount ──► serve, or refuse
 *
 * Why that never misses a threshold across processes: each download's amounts are committed before it reads the
 * others'. Of two downloads at once, the one that reads second sees the first; if together they cross a window, it
 * takes the slow path and is refused there. A download that reads first and sees no crossing is under every
 * threshold with everything committed before it, so it is right to serve it. Reading a little too much (a download
 * reserved but about to fail) can only send a download to the slow path, never past a threshold.
 */

/** Counted and refused downloads, as HTTP problems. */
export const EGRESS_REFUSALS = {
  'refuse-download': { status: 403, code: 'EGRESS_SUSPENDED' },
  'refuse-summary-download': { status: 403, code: 'SUMMARY_DOWNLOAD_TOO_LARGE' },
} as const;

type Refusal = Extract<EgressAction, { kind: 'refuse-download' | 'refuse-summary-download' }>;

const isRefusal = (a: EgressAction): a is Refusal => a.kind === 'refuse-download' || a.kind === 'refuse-summary-download';

/**
 * Counts a download of `userId` before it is served (anonymous downloads of open data are nobody's egress). Throws
 * the refusal's problem when the policy refuses it; the caller then sends nothing.
 */
export async function countDownload(ctx: AppContext, { userId, runtimeId, kind, parts }: MeteredDownload): Promise<MeterTicket | null> {
  if (userId === null || parts.length === 0) return null;
  const at = ctx.clock.now();
  const rows = await ctx.db.query<{ id: number | string }>(
    `INSERT INTO egress_downloads (user_id, project_id, runtime_id, kind, entity_ids, data_class, at, bytes, state)
     SELECT $1, p.project_id, $2, $3, string_to_array(p.entity_ids, ',')::bigint[], p.data_class, $4, p.bytes, 'serving'
     FROM jsonb_to_recordset($5::jsonb) AS p (project_id bigint, entity_ids text, data_class text, bytes bigint)
     RETURNING id`,
    [userId, runtimeId, kind, at, JSON.stringify(parts.map((p) => ({ project_id: p.projectId, entity_ids: p.entityIds.join(','), data_class: p.dataClass, bytes: p.bytes })))]);
  // bigserial ids follow the order of the rows inserted, which is the order of the parts.
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  let policy = policies.get(ctx.db) ?? await freshPolicy(ctx);
  let quiet = await underEveryThreshold(ctx, policy, userId, at.getTime(), ids, parts);
  // The read also says which policy is in force: a newer one than the one kept here is loaded, and read with.
  if (quiet.policyVersion !== policy.version) {
    policy = await freshPolicy(ctx);
    quiet = await underEveryThreshold(ctx, policy, userId, at.getTime(), ids, parts);
  }
  if (quiet.under) return { ids };
  return escalateDownload(ctx, policy.policy, userId, runtimeId, at, ids, parts);
}

/**
 * The policy in force, kept per database between downloads: versions are never changed, and every download's read
 * of its window also reads the newest version number, so a newer policy is used from the first download after it
 * was saved, on every process.
 */
const policies = new WeakMap<object, StoredPolicy>();
async function freshPolicy(ctx: AppContext): Promise<StoredPolicy> {
  const stored = await loadPolicy(ctx.db);
  policies.set(ctx.db, stored);
  return stored;
}

/**
 * The common case, decided without the user's lock: no bypass window open, no summary part over the limit, and the
 * user's download windows (everything committed so far, this download's parts included) crossed by none of its parts.
 */
async function underEveryThreshold(
  ctx: AppContext, stored: StoredPolicy, userId: number, now: number, ids: readonly number[], parts: readonly DownloadPart[],
): Promise<{ under: boolean; policyVersion: number }> {
  const policy = stored.policy;
  const longest = Math.max(...policy.thresholds.download.map((t) => t.windowSeconds)) * 1000;
  const rows = await ctx.db.query<{ kind: 'amount' | 'bypass' | 'policy'; id: number | string; at: Date | string | null; bytes: number | string }>(
    `SELECT 'amount' AS kind, id, at, bytes FROM egress_downloads
       WHERE user_id = $1 AND at >= $2 AND state <> 'refused' AND data_class = 'row-level'
     UNION ALL
     SELECT 'bypass', id, from_at, cap_bytes FROM egress_bypass_windows
       WHERE user_id = $1 AND revoked_at IS NULL AND from_at <= $3 AND until_at > $3
     UNION ALL
     SELECT 'policy', max(version), NULL, 0 FROM egress_policy_versions`,
    [userId, new Date(now - longest), new Date(now)]);
  const policyVersion = Number(rows.find((r) => r.kind === 'policy')?.id ?? 0);
  if (rows.some((r) => r.kind === 'bypass')) return { under: false, policyVersion };
  const mine = new Set(ids);
  const amounts: EgressAmount[] = rows.filter((r) => r.kind === 'amount' && !mine.has(Number(r.id)))
    .map((r) => ({ source: 'download', at: new Date(r.at!).getTime(), bytes: Number(r.bytes), projectId: null, runtimeId: null }));
  const history: EgressHistory = { amounts, incidents: [], bypassWindows: [], suspendedUntil: null, accountDisabled: false };
  const under = parts.every((p, i) => {
    const event = eventOf(userId, ids[i], null, now, p);
    const quiet = assess(policy, history, event, now).actions.length === 0;
    amounts.push(event);
    return quiet;
  });
  return { under, policyVersion };
}

const eventOf = (userId: number, id: number, runtimeId: number | null, at: number, p: DownloadPart): EgressEvent => ({
  id: String(id), userId, source: 'download', at, bytes: p.bytes, projectId: p.projectId, runtimeId, dataClass: p.dataClass,
});

/**
 * The user's turn: each part assessed against the full history, in order, and what the policy says carried out. A
 * refused part refuses the whole download (nothing of it is sent); the amounts are then kept as refused, uncounted.
 */
async function escalateDownload(
  ctx: AppContext, policy: EgressPolicy, userId: number, runtimeId: number | null, at: Date, ids: number[], parts: readonly DownloadPart[],
): Promise<MeterTicket> {
  const outcome = await ctx.db.tx(async (sql) => {
    await lockUserEgress(sql, userId);
    const now = ctx.clock.now().getTime();
    const loaded = await loadHistory(sql, userId, now, policy.lookBackDays, { downloadIds: ids });
    // Each part is in the history of the next (an archive's parts of one project join one incident).
    const amounts = [...loaded.amounts];
    const incidents = [...loaded.incidents];
    let refusal: Refusal | null = null;
    let stop = false;
    for (let i = 0; i < parts.length && refusal === null; i++) {
      const event = eventOf(userId, ids[i], runtimeId, at.getTime(), parts[i]);
      const { actions } = assess(policy, { ...loaded, amounts, incidents }, event, now);
      const done = await applyActions(sql, ctx.clock, ctx.config.publicUrl, policy,
        { source: 'download', id: ids[i], userId, projectId: parts[i].projectId, runtimeId, bytes: parts[i].bytes, at }, actions);
      stop ||= done.stopRuntimes;
      refusal = actions.find(isRefusal) ?? null;
      if (actions.some((a) => a.kind === 'mark-bypassed')) await sql.query('UPDATE egress_downloads SET bypassed = true WHERE id = $1', [ids[i]]);
      amounts.push(event);
      for (const a of actions) {
        if (a.kind === 'open-incident') incidents.push({ key: a.incidentKey, projectId: parts[i].projectId, openedAt: at.getTime(), state: a.state });
      }
    }
    if (refusal) {
      await sql.query(`UPDATE egress_downloads SET state = 'refused', refusal = $2 WHERE id = ANY ($1::bigint[])`,
        [ids, EGRESS_REFUSALS[refusal.kind].code]);
    }
    return { refusal, stop };
  });
  if (outcome.stop) await stopUserRuntimes(ctx, userId);
  if (outcome.refusal) {
    const { status, code } = EGRESS_REFUSALS[outcome.refusal.kind];
    throw new Problem(status, code, outcome.refusal.message,
      outcome.refusal.kind === 'refuse-summary-download' ? { limitBytes: outcome.refusal.limitBytes } : {});
  }
  return { ids };
}

/**
 * A counted download ended: served in full, or broken off after `sentBytes` (per part, in the order counted), which
 * is what is counted from then on.
 */
export async function settleDownload(ctx: AppContext, counted: MeterTicket | null, result: 'served' | 'failed', sentBytes?: readonly number[]): Promise<void> {
  if (counted === null) return;
  if (result === 'served') {
    await ctx.db.query(`UPDATE egress_downloads SET state = 'served' WHERE id = ANY ($1::bigint[])`, [counted.ids]);
    return;
  }
  await ctx.db.query(
    `UPDATE egress_downloads d SET state = 'failed', bytes = LEAST(d.bytes, s.bytes)
     FROM unnest($1::bigint[], $2::bigint[]) AS s (id, bytes) WHERE d.id = s.id`,
    [counted.ids, counted.ids.map((_, i) => sentBytes?.[i] ?? 0)]);
}

/** The meter the entities capability counts its downloads with (wired in src/server.ts). */
export const egressDownloadMeter: DownloadMeter = { count: countDownload, settle: settleDownload };
