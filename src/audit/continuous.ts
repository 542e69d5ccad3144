import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { Job } from '../jobs.js';
import { ACT_TEAM, SECURITY_TEAM } from '../infra/ids.js';
import { notifyUser } from '../notifications/outbox.js';
import { pgAuditEngine } from './pg-engine.js';
import type { AuditEngine } from './engine.js';
import {
  DEFAULT_SETTINGS, QUERY_TITLES, exfiltrationCorrelation, md5Duplicates, repeatedDownloads, restrictionChanges, selfApprovals,
  termsChangedAfterApproval, tierRevokedDownloads, unqualifiedAccess,
  type AuditPeriod, type FindingDraft,
} from './queries/index.js';
import { recordFinding } from './run.js';
import { expandSnapshots } from '../entities/records.js';

/**
 * The continuous audit (SPEC §11, src/audit/README.md "Continuous audit"): the findings that can be known at the
 * moment of the event are raised within seconds of it, not at the next half-yearly run. Every statement that
 * writes a download record, an entity snapshot, an approval event, an AR snapshot or an egress incident leaves a
 * row in audit_checks (migration 0190, in the writer's transaction); this job takes those rows and runs the
 * periodic run's own queries narrowed to the records they name — the same SQL, the same fingerprints, so the
 * next periodic run finds the same findings again (already triaged) instead of new ones.
 *
 * | Record written | Queries narrowed to it |
 * | --- | --- |
 * | download_records (served) | unqualified access, downloads after a tier was revoked, repeated downloads, exfiltration correlation |
 * | entity_snapshots | restriction change of state, MD5 duplicates |
 * | approval_events | self and own-team approvals |
 * | access_requirement_snapshots | terms changed after approval |
 * | egress_incidents | exfiltration correlation |
 *
 * Top downloaders is a ranking over a whole period and stays with the periodic run.
 */

/** How far back a narrowed query reads: as far as any periodic run reaches (four quarters and a margin). */
export const CONTINUOUS_LOOKBACK_DAYS = 400;
/** Checks per transaction (a 5-second backlog of a busy server in a few); the download records of a batch's checks are read as one id range. */
const BATCH = 1_000;

export interface Check {
  id: number;
  source: 'download_records' | 'entity_snapshots' | 'approval_events' | 'access_requirement_snapshots' | 'egress_incidents';
  from_id: number;
  to_id: number;
}

export const continuousAuditJob: Job = {
  name: 'audit-continuous',
  everyMs: 5_000,
  run: async (ctx) => void (await runContinuousAudit(ctx)),
};

/**
 * Takes every waiting check, a batch per transaction: the findings it raises, the notices and the check's removal
 * commit together, so a failure leaves the check to be taken again and nothing is raised twice. Several processes
 * share the queue (FOR UPDATE SKIP LOCKED). Returns the findings raised.
 */
export async function runContinuousAudit(ctx: AppContext): Promise<number> {
  let raised = 0;
  for (;;) {
    const batch = await ctx.db.tx(async (sql) => {
      // A queued subtree change becomes snapshots (and checks) before the queue is read (docs/adr/0020).
      await expandSnapshots(sql);
      const checks = (await sql.query<Check>(
        'SELECT id, source, from_id, to_id FROM audit_checks ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED', [BATCH],
      )).map((c) => ({ ...c, id: Number(c.id), from_id: Number(c.from_id), to_id: Number(c.to_id) }));
      if (checks.length === 0) return null;
      const engine = pgAuditEngine(sql);
      const now = ctx.clock.now();
      const period: AuditPeriod = { from: new Date(now.getTime() - CONTINUOUS_LOOKBACK_DAYS * 86_400_000), to: new Date(now.getTime() + 1) };
      const found: { id: number; draft: FindingDraft }[] = [];
      const seen = new Set<string>();
      for (const check of mergeDownloadChecks(checks)) {
        for (const draft of await findingsOf(engine, sql, check, period)) {
          if (seen.has(draft.fingerprint)) continue;
          seen.add(draft.fingerprint);
          // Known already (raised earlier, or by a run): nothing to add at the event; the next run finds it again.
          if (await sql.maybeOne('SELECT 1 FROM audit_findings WHERE fingerprint = $1', [draft.fingerprint])) continue;
          const { id } = await recordFinding(sql, ctx, null, draft);
          found.push({ id, draft });
        }
      }
      await sql.query('DELETE FROM audit_checks WHERE id = ANY ($1::bigint[])', [checks.map((c) => c.id)]);
      if (found.length > 0) await notifyRaised(ctx, sql, found);
      return found.length;
    });
    if (batch === null) return raised;
    raised += batch;
  }
}

/**
 * The batch's download-record checks as one check of the range they span (the other writers' ids inside it are
 * checked too, which is harmless: a finding is raised once per fingerprint), so that a burst of downloads is one
 * statement per query rather than one per download. The other checks as they are.
 */
export function mergeDownloadChecks(checks: readonly Check[]): Check[] {
  const downloads = checks.filter((c) => c.source === 'download_records');
  if (downloads.length <= 1) return [...checks];
  const merged: Check = {
    id: downloads[0].id, source: 'download_records',
    from_id: Math.min(...downloads.map((c) => c.from_id)), to_id: Math.max(...downloads.map((c) => c.to_id)),
  };
  return [merged, ...checks.filter((c) => c.source !== 'download_records')];
}

/**
 * Where a (user, file) pair's bursts can still be new: a burst covers the window from its first download, and the
 * query looks for the next one from the first download at or after that window's end (queries/downloads.ts), so
 * the downloads before the end of the pair's latest known burst cannot start another. Reading from there, not from
 * the start of the period, keeps a sustained burst from re-reading the pair's whole history at every batch; the
 * bursts found, and their fingerprints, are the same.
 */
async function afterKnownBursts(sql: Sql, period: AuditPeriod, pairs: { userId: number; entityId: number }[]): Promise<Map<string, AuditPeriod>> {
  const out = new Map<string, AuditPeriod>();
  if (pairs.length === 0) return out;
  const known = await sql.query<{ user_id: number; entity_id: number; first_at: Date }>(
    `SELECT f.user_id, f.entity_id, max(f.occurred_at) AS first_at FROM audit_findings f
     JOIN unnest($1::bigint[], $2::bigint[]) AS p(user_id, entity_id) ON p.user_id = f.user_id AND p.entity_id = f.entity_id
     WHERE f.query = 'repeated-downloads' GROUP BY f.user_id, f.entity_id`,
    [pairs.map((p) => p.userId), pairs.map((p) => p.entityId)]);
  for (const k of known) {
    const resume = new Date(new Date(k.first_at).getTime() + DEFAULT_SETTINGS.repeatedDownloadsWindowHours * 3_600_000);
    if (resume > period.from) out.set(`${k.user_id}:${k.entity_id}`, { from: resume, to: period.to });
  }
  return out;
}

/** The queries narrowed to one check's records. */
async function findingsOf(engine: AuditEngine, sql: Sql, check: Check, period: AuditPeriod): Promise<FindingDraft[]> {
  const s = DEFAULT_SETTINGS;
  const range = [check.from_id, check.to_id];
  const out: FindingDraft[] = [];
  switch (check.source) {
    case 'download_records': {
      const rows = await sql.query<{ id: number; user_id: number; entity_id: number }>(
        `SELECT id, user_id, entity_id FROM download_records WHERE id BETWEEN $1 AND $2 AND result = 'served' AND user_id IS NOT NULL ORDER BY id`, range);
      const users = new Set<number>();
      // A burst is a (user, file) matter: asked once per pair, not once per download of it.
      const pairs = new Map<string, { userId: number; entityId: number }>();
      if (rows.length > 0) out.push(...await unqualifiedAccess(engine, period, s, { downloadRecordIds: { from: check.from_id, to: check.to_id } }));
      for (const r of rows) {
        pairs.set(`${r.user_id}:${r.entity_id}`, { userId: Number(r.user_id), entityId: Number(r.entity_id) });
        users.add(Number(r.user_id));
      }
      const resumes = await afterKnownBursts(sql, period, [...pairs.values()]);
      for (const [key, pair] of pairs) out.push(...await repeatedDownloads(engine, resumes.get(key) ?? period, s, pair));
      // Only users with a tier revocation, or an egress incident, can have those findings: asked once for the batch.
      const ids = [...users];
      const revoked = new Set((await sql.query<{ user_id: number }>(
        `SELECT DISTINCT user_id FROM user_tier_events WHERE change = 'revoked' AND user_id = ANY ($1::bigint[])`, [ids])).map((r) => Number(r.user_id)));
      const withIncidents = new Set((await sql.query<{ user_id: number }>(
        'SELECT DISTINCT user_id FROM egress_incidents WHERE user_id = ANY ($1::bigint[])', [ids])).map((r) => Number(r.user_id)));
      for (const userId of users) {
        if (revoked.has(userId)) out.push(...await tierRevokedDownloads(engine, period, s, { userId }));
        if (withIncidents.has(userId)) out.push(...await exfiltrationCorrelation(engine, period, s, { userId }));
      }
      return out;
    }
    case 'entity_snapshots': {
      const rows = await sql.query<{ entity_id: number }>(
        'SELECT DISTINCT entity_id FROM entity_snapshots WHERE id BETWEEN $1 AND $2 ORDER BY entity_id', range);
      for (const r of rows) {
        const entityId = Number(r.entity_id);
        out.push(...await restrictionChanges(engine, period, s, { entityId }));
        out.push(...await md5Duplicates(engine, period, s, { entityId }));
      }
      return out;
    }
    case 'approval_events': {
      const rows = await sql.query<{ approval_id: number }>(
        'SELECT DISTINCT approval_id FROM approval_events WHERE id BETWEEN $1 AND $2 ORDER BY approval_id', range);
      for (const r of rows) out.push(...await selfApprovals(engine, period, s, { approvalId: Number(r.approval_id) }));
      return out;
    }
    case 'access_requirement_snapshots': {
      const rows = await sql.query<{ access_requirement_id: number }>(
        'SELECT DISTINCT access_requirement_id FROM access_requirement_snapshots WHERE id BETWEEN $1 AND $2 ORDER BY access_requirement_id', range);
      for (const r of rows) out.push(...await termsChangedAfterApproval(engine, period, s, { accessRequirementId: Number(r.access_requirement_id) }));
      return out;
    }
    case 'egress_incidents': {
      const rows = await sql.query<{ id: number }>('SELECT id FROM egress_incidents WHERE id BETWEEN $1 AND $2 ORDER BY id', range);
      for (const r of rows) out.push(...await exfiltrationCorrelation(engine, period, s, { incidentId: Number(r.id) }));
      return out;
    }
  }
}

/** ACT and the security engineers are told, in the app and by email: one notice per finding, or one for many. */
async function notifyRaised(ctx: AppContext, sql: Sql, found: { id: number; draft: FindingDraft }[]): Promise<void> {
  const notice = found.length <= 3
    ? found.map(({ id, draft }) => ({
      kind: 'audit.finding-raised', subject: `Audit finding: ${QUERY_TITLES[draft.query]}`,
      body: `${draft.detail.summary}\n\nThe continuous audit raised it as it happened; triage it from the finding's page.`,
      link: `/audit/findings/${id}`,
    }))
    : [{
      kind: 'audit.finding-raised', subject: `${found.length} new audit findings`,
      body: `The continuous audit raised ${found.length} findings: ${summarize(found.map((f) => f.draft))}.`,
      link: '/audit/findings',
    }];
  // Someone in both teams is told once.
  const people = await sql.query<{ user_id: number }>(
    `SELECT DISTINCT m.user_id FROM team_members m JOIN users u ON u.id = m.user_id
     WHERE m.team_id IN ($1, $2) AND u.status = 'active' ORDER BY m.user_id`, [ACT_TEAM, SECURITY_TEAM]);
  for (const { user_id } of people) {
    for (const n of notice) await notifyUser(sql, ctx.clock, ctx.config.publicUrl, { ...n, userId: Number(user_id) });
  }
}

function summarize(drafts: FindingDraft[]): string {
  const counts = new Map<string, number>();
  for (const d of drafts) counts.set(QUERY_TITLES[d.query], (counts.get(QUERY_TITLES[d.query]) ?? 0) + 1);
  return [...counts].map(([title, n]) => `${n} × ${title.toLowerCase()}`).join(', ');
}
