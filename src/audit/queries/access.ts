import type { AuditEngine } from '../engine.js';
import {
  type AuditPeriod, type AuditSettings, type FindingDraft, type QueryFilter,
  chunks, count, day, entityNames, idList, instant, iso, synId, toDate, toNum, toNumOrNull, pushTo, latestAt, userNames, valuesTable, who,
} from './model.js';

const ADMIN_TEAM = 4;
const PUBLIC = 1;
const AUTHENTICATED = 2;

/** Why a download was unqualified, most serious first; a finding's use case is its first reason. */
export const UNQUALIFIED_REASONS = ['no-approval', 'approval-revoked', 'approval-expired', 'lock', 'no-2fa', 'tier-missing'] as const;
export type UnqualifiedReason = (typeof UNQUALIFIED_REASONS)[number];

interface TierEvent { tier: string; change: string; at: Date }
interface UserTiers { events: TierEvent[]; isCertified: boolean; isValidated: boolean; totpEnabledAt: Date | null }

/**
 * The user's tier at an instant, from user_tier_events. A user with no event of that tier at all (an account made
 * before tier history was kept) falls back on the current flag; 2FA without '2fa' events on when TOTP was enabled.
 */
export function hadTier(u: UserTiers, tier: 'certified' | 'validated' | '2fa', at: Date): boolean {
  const events = u.events.filter((e) => e.tier === tier);
  if (events.length === 0) {
    if (tier === '2fa') return u.totpEnabledAt !== null && u.totpEnabledAt <= at;
    return tier === 'certified' ? u.isCertified : u.isValidated;
  }
  const last = [...events].reverse().find((e) => e.at <= at);
  return last?.change === 'granted';
}

async function tiersOf(engine: AuditEngine, userIds: Iterable<number>, to: Date): Promise<Map<number, UserTiers>> {
  const list = idList(userIds);
  const out = new Map<number, UserTiers>();
  if (list === 'NULL') return out;
  for (const r of await engine.all<{ id: unknown; is_certified: boolean; is_validated: boolean; totp_enabled_at: unknown }>(
    `SELECT id, is_certified, is_validated, totp_enabled_at FROM users WHERE id IN (${list})`)) {
    out.set(toNum(r.id), { events: [], isCertified: Boolean(r.is_certified), isValidated: Boolean(r.is_validated), totpEnabledAt: r.totp_enabled_at === null ? null : toDate(r.totp_enabled_at) });
  }
  for (const r of await engine.all<{ user_id: unknown; tier: string; change: string; at: unknown }>(
    `SELECT user_id, tier, change, "at" FROM user_tier_events WHERE user_id IN (${list}) AND "at" < $1::timestamptz ORDER BY user_id, "at", id`, [to])) {
    out.get(toNum(r.user_id))?.events.push({ tier: r.tier, change: r.change, at: toDate(r.at) });
  }
  return out;
}

interface ArVersion { at: Date; version: number; type: string; settings: Record<string, unknown> }

/**
 * Query 4, unqualified access: each served download of a file that was restricted or controlled at that instant,
 * replayed against the decision engine's AR rules (src/decisions/engine.ts, rules 5 and 6) on the records of that
 * instant: every effective AR must be met — an APPROVED, unexpired approval held then (never for a Lock), or being
 * the file's uploader — or exempt (UPDATE and DELETE on the benefactor's ACL then, and EXEMPTION_ELIGIBLE on the AR);
 * an AR requiring 2FA needs 2FA then, unless exempt; an AR met by approval that requires the certified or validated
 * tier needs it then. Administrators then (ADMIN team) are granted before those rules and are skipped.
 *
 * Limits, said in the detail: exemption eligibility and team memberships are read as they are now (their history
 * is not recorded yet), managed groups are not among the principals, and authorization domains are not replayed.
 */
export async function unqualifiedAccess(engine: AuditEngine, period: AuditPeriod, _settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const rows = await engine.all<{ download_id: unknown; at: unknown; user_id: unknown; entity_id: unknown; project_id: unknown; bytes: unknown; benefactor_id: unknown; ar_id: unknown; approved: unknown; revoked: unknown; last_expiry: unknown }>(
    `WITH dl AS (
       SELECT id, "at", user_id, entity_id, project_id, bytes FROM download_records
       WHERE result = 'served' AND user_id IS NOT NULL AND "at" >= $1::timestamptz AND "at" < $2::timestamptz
         AND ($3::bigint IS NULL OR id BETWEEN $3::bigint AND $6::bigint) AND ($4::bigint IS NULL OR user_id = $4::bigint)
         AND ($5::bigint IS NULL OR entity_id = $5::bigint)
     ),
     -- Each snapshot's interval [since, until) of the downloaded files: the state at a download is the interval's
     -- that holds its instant (a range join, not a window over every (download, snapshot) pair).
     iv AS (
       SELECT entity_id, "at" AS since, LEAD("at") OVER (PARTITION BY entity_id ORDER BY "at", id) AS until,
         benefactor_id, effective_access_requirements, is_restricted, is_controlled
       FROM entity_snapshots WHERE "at" < $2::timestamptz AND entity_id IN (SELECT entity_id FROM dl)
     ),
     cur AS (
       SELECT dl.id AS download_id, dl.user_id, dl."at", dl.entity_id, dl.project_id, dl.bytes, iv.benefactor_id, iv.effective_access_requirements
       FROM dl JOIN iv ON iv.entity_id = dl.entity_id AND iv.since <= dl."at" AND (iv.until IS NULL OR dl."at" < iv.until)
       WHERE iv.is_restricted OR iv.is_controlled
     ),
     dar AS (SELECT download_id, user_id, "at", entity_id, project_id, bytes, benefactor_id, unnest(effective_access_requirements) AS ar_id FROM cur),
     -- Each approval's states as intervals, likewise: the state held at a download is the one whose interval holds it.
     aiv AS (
       SELECT accessor_id, access_requirement_id, state, expires_on, "at" AS since,
         LEAD("at") OVER (PARTITION BY approval_id ORDER BY "at", id) AS until
       FROM approval_events WHERE "at" < $2::timestamptz AND accessor_id IN (SELECT user_id FROM dar)
     ),
     held AS (
       SELECT dar.download_id, dar.ar_id,
         max(CASE WHEN a.state = 'APPROVED' AND (a.expires_on IS NULL OR a.expires_on > dar."at") THEN 1 ELSE 0 END) AS approved,
         max(CASE WHEN a.state = 'REVOKED' THEN 1 ELSE 0 END) AS revoked,
         max(CASE WHEN a.state = 'APPROVED' THEN a.expires_on END) AS last_expiry
       FROM dar JOIN aiv a ON a.accessor_id = dar.user_id AND a.access_requirement_id = dar.ar_id
         AND a.since <= dar."at" AND (a.until IS NULL OR dar."at" < a.until)
       GROUP BY dar.download_id, dar.ar_id
     )
     SELECT dar.download_id, dar."at", dar.user_id, dar.entity_id, dar.project_id, dar.bytes, dar.benefactor_id, dar.ar_id,
       coalesce(held.approved, 0) AS approved, coalesce(held.revoked, 0) AS revoked, held.last_expiry
     FROM dar LEFT JOIN held ON held.download_id = dar.download_id AND held.ar_id = dar.ar_id
     ORDER BY dar.download_id, dar.ar_id`,
    [period.from, period.to, filter.downloadRecordIds?.from ?? filter.downloadRecordId ?? null, filter.userId ?? null, filter.entityId ?? null,
      filter.downloadRecordIds?.to ?? filter.downloadRecordId ?? null]);
  if (rows.length === 0) return [];

  const userIds = new Set(rows.map((r) => toNum(r.user_id)));
  const arIds = new Set(rows.map((r) => toNum(r.ar_id)));
  const entityIds = new Set(rows.map((r) => toNum(r.entity_id)));
  const benefactorIds = new Set(rows.map((r) => toNum(r.benefactor_id)));
  const tiers = await tiersOf(engine, userIds, period.to);
  const entities = await entityNames(engine, entityIds);

  const arVersions = new Map<number, ArVersion[]>();
  for (const r of await engine.all<{ access_requirement_id: unknown; at: unknown; version: unknown; type: string; settings: string }>(
    `SELECT access_requirement_id, "at", version, type, CAST(settings AS text) AS settings FROM access_requirement_snapshots
     WHERE access_requirement_id IN (${idList(arIds)}) AND "at" < $1::timestamptz ORDER BY access_requirement_id, "at", id`, [period.to])) {
    const id = toNum(r.access_requirement_id);
    pushTo(arVersions, id, { at: toDate(r.at), version: toNum(r.version), type: r.type, settings: parse(r.settings) });
  }
  const arNow = new Map<number, ArVersion>();
  for (const r of await engine.all<{ id: unknown; type: string; settings: string }>(
    `SELECT id, type, CAST(settings AS text) AS settings FROM access_requirements WHERE id IN (${idList(arIds)})`)) {
    arNow.set(toNum(r.id), { at: new Date(0), version: 0, type: r.type, settings: parse(r.settings) });
  }
  const arAt = (id: number, at: Date) => latestAt(arVersions.get(id), at) ?? arNow.get(id) ?? null;

  const eligible = new Map<number, Set<number>>();
  for (const r of await engine.all<{ access_requirement_id: unknown; principal_id: unknown; access_type: string }>(
    `SELECT access_requirement_id, principal_id, access_type FROM (
       SELECT access_requirement_id, principal_id, unnest(access_types) AS access_type FROM access_requirement_acl
       WHERE access_requirement_id IN (${idList(arIds)})) x WHERE access_type = 'EXEMPTION_ELIGIBLE'`)) {
    const id = toNum(r.access_requirement_id);
    if (!eligible.has(id)) eligible.set(id, new Set());
    eligible.get(id)!.add(toNum(r.principal_id));
  }
  const memberships = new Map<number, { teamId: number; addedAt: Date }[]>();
  for (const r of await engine.all<{ team_id: unknown; user_id: unknown; added_at: unknown }>(
    `SELECT team_id, user_id, added_at FROM team_members WHERE user_id IN (${idList(userIds)})`)) {
    const id = toNum(r.user_id);
    pushTo(memberships, id, { teamId: toNum(r.team_id), addedAt: toDate(r.added_at) });
  }
  const acls = new Map<number, { at: Date; entries: { principalId: number; accessTypes: string[] }[] | null }[]>();
  for (const r of await engine.all<{ entity_id: unknown; at: unknown; entries: string | null }>(
    `SELECT entity_id, "at", CAST(entries AS text) AS entries FROM acl_snapshots WHERE entity_id IN (${idList(benefactorIds)}) AND "at" < $1::timestamptz ORDER BY entity_id, "at", id`, [period.to])) {
    const id = toNum(r.entity_id);
    pushTo(acls, id, { at: toDate(r.at), entries: r.entries === null ? null : JSON.parse(r.entries) });
  }
  const principalsAt = (userId: number, at: Date) => new Set([userId, PUBLIC, AUTHENTICATED, ...(memberships.get(userId) ?? []).filter((m) => m.addedAt <= at).map((m) => m.teamId)]);
  const contributorAt = (userId: number, benefactorId: number, at: Date) => {
    const acl = latestAt(acls.get(benefactorId), at);
    if (!acl?.entries) return false;
    const principals = principalsAt(userId, at);
    const held = new Set(acl.entries.filter((e) => principals.has(e.principalId)).flatMap((e) => e.accessTypes));
    return held.has('UPDATE') && held.has('DELETE');
  };

  const byDownload = new Map<number, typeof rows>();
  for (const r of rows) {
    const id = toNum(r.download_id);
    pushTo(byDownload, id, r);
  }
  const drafts: FindingDraft[] = [];
  for (const [downloadId, list] of byDownload) {
    const first = list[0];
    const at = toDate(first.at);
    const userId = toNum(first.user_id);
    const entityId = toNum(first.entity_id);
    const principals = principalsAt(userId, at);
    if (principals.has(ADMIN_TEAM)) continue;
    const u = tiers.get(userId) ?? { events: [], isCertified: false, isValidated: false, totpEnabledAt: null };
    const uploader = entities.get(entityId)?.createdBy === userId;
    const unmet: { accessRequirementId: number; version: number | null; type: string | null; reasons: UnqualifiedReason[]; lastExpiry: string | null }[] = [];
    for (const r of list) {
      const arId = toNum(r.ar_id);
      const ar = arAt(arId, at);
      const isLock = ar?.type === 'Lock';
      const approved = !isLock && toNum(r.approved) === 1;
      const exempt = contributorAt(userId, toNum(r.benefactor_id), at) && [...(eligible.get(arId) ?? [])].some((p) => principals.has(p));
      const reasons: UnqualifiedReason[] = [];
      const lastExpiry = r.last_expiry === null || r.last_expiry === undefined ? null : toDate(r.last_expiry);
      if (!approved && !uploader && !exempt) {
        if (isLock) reasons.push('lock');
        else if (toNum(r.revoked) === 1) reasons.push('approval-revoked');
        else if (lastExpiry !== null && lastExpiry <= at) reasons.push('approval-expired');
        else reasons.push('no-approval');
      }
      if (!exempt && ar?.settings.requires2fa === true && !hadTier(u, '2fa', at)) reasons.push('no-2fa');
      if (approved && !uploader && !exempt && ((ar?.settings.certifiedRequired === true && !hadTier(u, 'certified', at)) || (ar?.settings.validatedRequired === true && !hadTier(u, 'validated', at)))) {
        reasons.push('tier-missing');
      }
      if (reasons.length) unmet.push({ accessRequirementId: arId, version: ar?.version || null, type: ar?.type ?? null, reasons, lastExpiry: lastExpiry ? iso(lastExpiry) : null });
    }
    if (unmet.length === 0) continue;
    const all = unmet.flatMap((x) => x.reasons);
    const useCase = UNQUALIFIED_REASONS.find((r) => all.includes(r))!;
    drafts.push({
      query: 'unqualified-access', fingerprint: `unqualified-access:${downloadId}`, useCase,
      projectId: entities.get(entityId)?.projectId ?? toNumOrNull(first.project_id), entityId, userId, requestId: null, occurredAt: at,
      detail: {
        summary: '', action: 'A defect or a bypass: find out how the download was served, and explain it.',
        downloadRecordId: downloadId, entityName: entities.get(entityId)?.name ?? null, bytes: toNum(first.bytes), unmet,
        limits: 'Exemption eligibility and team memberships as they are now; managed groups and authorization domains not replayed.',
      },
    });
  }
  const names = await userNames(engine, drafts.map((d) => d.userId!));
  for (const d of drafts) {
    const unmet = d.detail.unmet as { accessRequirementId: number; reasons: string[]; lastExpiry: string | null }[];
    const why = unmet.map((x) => `AR ${x.accessRequirementId}: ${x.reasons.map((r) => REASON_WORDS[r as UnqualifiedReason](x.lastExpiry)).join(', ')}`).join('; ');
    d.detail.summary = `${who(names, d.userId)} downloaded ${d.detail.entityName ?? 'a file'} (${synId(d.entityId)}) on ${instant(d.occurredAt)} without qualifying (${why}).`;
  }
  return drafts;
}

const REASON_WORDS: Record<UnqualifiedReason, (expiry: string | null) => string> = {
  'no-approval': () => 'no approval',
  'approval-revoked': () => 'approval revoked',
  'approval-expired': (e) => (e ? `approval expired on ${day(new Date(e))}` : 'approval expired'),
  lock: () => 'locked',
  'no-2fa': () => 'no two-factor authentication',
  'tier-missing': () => 'certified or validated tier missing',
};

function parse(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null ? v : {};
  } catch {
    return {};
  }
}

/**
 * Beyond the seed: a tier revoked (certified, validated, …) while the user went on downloading — served downloads
 * in the period after the revocation and before the tier was granted again. One finding per revocation.
 */
export async function tierRevokedDownloads(engine: AuditEngine, period: AuditPeriod, _settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const rows = await engine.all<{ id: unknown; user_id: unknown; tier: string; at: unknown; how: string; actor_id: unknown; until: unknown; downloads: unknown; bytes: unknown; first_at: unknown; last_at: unknown; files: unknown }>(
    `WITH r AS (
       SELECT id, user_id, tier, "at", how, actor_id FROM user_tier_events
       WHERE change = 'revoked' AND "at" < $2::timestamptz AND ($3::bigint IS NULL OR user_id = $3::bigint)
     ),
     g AS (
       SELECT r.id, min(e."at") AS until FROM r JOIN user_tier_events e
         ON e.user_id = r.user_id AND e.tier = r.tier AND e.change = 'granted' AND e."at" > r."at"
       GROUP BY r.id
     )
     SELECT r.id, r.user_id, r.tier, r."at", r.how, r.actor_id, g.until, count(*) AS downloads, CAST(sum(d.bytes) AS bigint) AS bytes,
       min(d."at") AS first_at, max(d."at") AS last_at, count(DISTINCT d.entity_id) AS files
     FROM r LEFT JOIN g ON g.id = r.id
     JOIN download_records d ON d.user_id = r.user_id AND d.result = 'served' AND d."at" > r."at"
       AND d."at" >= $1::timestamptz AND d."at" < $2::timestamptz AND (g.until IS NULL OR d."at" < g.until)
     GROUP BY r.id, r.user_id, r.tier, r."at", r.how, r.actor_id, g.until
     ORDER BY r."at", r.id`,
    [period.from, period.to, filter.userId ?? null]);
  const names = await userNames(engine, rows.map((r) => toNum(r.user_id)));
  return rows.map((r) => {
    const userId = toNum(r.user_id);
    const at = toDate(r.at);
    const n = toNum(r.downloads);
    return {
      query: 'tier-revoked-downloads', fingerprint: `tier-revoked-downloads:${userId}:${toNum(r.id)}`, useCase: r.tier,
      projectId: null, entityId: null, userId, requestId: null, occurredAt: at,
      detail: {
        summary: `${who(names, userId)} lost the ${r.tier} tier on ${day(at)} (${r.how}) and downloaded ${count(n, 'file')} afterwards (${count(toNum(r.files), 'distinct file')}).`,
        action: 'Check that these downloads did not need the revoked tier; ask the user if they did.',
        tierEventId: toNum(r.id), tier: r.tier, revokedAt: iso(at), how: r.how, revokedBy: toNumOrNull(r.actor_id),
        regrantedAt: r.until === null || r.until === undefined ? null : iso(toDate(r.until)), downloads: n, bytes: toNum(r.bytes), files: toNum(r.files),
        firstDownloadAt: iso(toDate(r.first_at)), lastDownloadAt: iso(toDate(r.last_at)),
      },
    } satisfies FindingDraft;
  });
}

/**
 * Beyond the seed: an approval granted (not self-signed: source ≠ 'self') by a reviewer to themselves (`self`), or
 * to someone who shared a team with them at that instant (`own-team`; memberships as recorded now).
 */
export async function selfApprovals(engine: AuditEngine, period: AuditPeriod, _settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const rows = await engine.all<{ id: unknown; approval_id: unknown; at: unknown; access_requirement_id: unknown; accessor_id: unknown; actor_id: unknown; source: string; team_id: unknown }>(
    `WITH g AS (
       SELECT id, approval_id, "at", access_requirement_id, accessor_id, actor_id, source FROM approval_events
       WHERE change = 'granted' AND source <> 'self' AND actor_id IS NOT NULL
         AND "at" >= $1::timestamptz AND "at" < $2::timestamptz
         AND ($3::bigint IS NULL OR approval_id = $3::bigint) AND ($4::bigint IS NULL OR access_requirement_id = $4::bigint)
     ),
     pairs AS (
       SELECT m1.user_id AS reviewer, m2.user_id AS accessor, m1.team_id, m1.added_at AS reviewer_at, m2.added_at AS accessor_at
       FROM team_members m1 JOIN team_members m2 ON m2.team_id = m1.team_id AND m2.user_id <> m1.user_id
     )
     SELECT g.id, g.approval_id, g."at", g.access_requirement_id, g.accessor_id, g.actor_id, g.source, p.team_id
     FROM g LEFT JOIN pairs p ON p.reviewer = g.actor_id AND p.accessor = g.accessor_id AND p.reviewer_at <= g."at" AND p.accessor_at <= g."at"
     WHERE g.actor_id = g.accessor_id OR p.team_id IS NOT NULL
     ORDER BY g."at", g.id, p.team_id`,
    [period.from, period.to, filter.approvalId ?? null, filter.accessRequirementId ?? null]);
  const byApproval = new Map<number, { row: (typeof rows)[number]; teams: number[] }>();
  for (const r of rows) {
    const id = toNum(r.approval_id);
    const e = byApproval.get(id) ?? { row: r, teams: [] };
    if (r.team_id !== null && r.team_id !== undefined && !e.teams.includes(toNum(r.team_id))) e.teams.push(toNum(r.team_id));
    byApproval.set(id, e);
  }
  const teamNames = new Map<number, string>();
  const teamIds = [...byApproval.values()].flatMap((e) => e.teams);
  if (teamIds.length) {
    for (const t of await engine.all<{ id: unknown; name: string }>(`SELECT id, name FROM teams WHERE id IN (${idList(teamIds)})`)) teamNames.set(toNum(t.id), t.name);
  }
  const names = await userNames(engine, [...byApproval.values()].flatMap((e) => [toNum(e.row.actor_id), toNum(e.row.accessor_id)]));
  return [...byApproval.entries()].map(([approvalId, { row, teams }]) => {
    const reviewer = toNum(row.actor_id);
    const accessor = toNum(row.accessor_id);
    const self = reviewer === accessor;
    const at = toDate(row.at);
    const teamList = teams.map((t) => teamNames.get(t) ?? `team ${t}`).join(', ');
    return {
      query: 'self-approval', fingerprint: `self-approval:${approvalId}`, useCase: self ? 'self' : 'own-team',
      projectId: null, entityId: null, userId: accessor, requestId: null, occurredAt: at,
      detail: {
        summary: self
          ? `${who(names, reviewer)} granted themself approval ${approvalId} of AR ${toNum(row.access_requirement_id)} on ${day(at)} (${row.source}).`
          : `${who(names, reviewer)} granted approval ${approvalId} of AR ${toNum(row.access_requirement_id)} to ${who(names, accessor)}, a member of their own team (${teamList}), on ${day(at)}.`,
        action: 'Have another reviewer check the approval; revoke it if it does not stand.',
        approvalId, accessRequirementId: toNum(row.access_requirement_id), reviewerId: reviewer, accessorId: accessor, source: row.source,
        teams: teams.map((t) => ({ teamId: t, name: teamNames.get(t) ?? null })),
      },
    } satisfies FindingDraft;
  });
}

/**
 * Beyond the seed: an AR whose terms changed in the period while approvals granted under earlier terms were held;
 * the finding lists who agreed to which version.
 */
export async function termsChangedAfterApproval(engine: AuditEngine, period: AuditPeriod, _settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const changes = await engine.all<{ access_requirement_id: unknown; at: unknown; version: unknown; name: string; terms: string; prev_terms: string; prev_version: unknown; actor_id: unknown }>(
    `WITH s AS (
       SELECT id, "at", access_requirement_id, version, name, terms, actor_id,
         LAG(terms) OVER (PARTITION BY access_requirement_id ORDER BY "at", id) AS prev_terms,
         LAG(version) OVER (PARTITION BY access_requirement_id ORDER BY "at", id) AS prev_version
       FROM access_requirement_snapshots
       WHERE "at" < $2::timestamptz AND ($3::bigint IS NULL OR access_requirement_id = $3::bigint)
     )
     SELECT access_requirement_id, "at", version, name, terms, prev_terms, prev_version, actor_id FROM s
     WHERE "at" >= $1::timestamptz AND prev_terms IS NOT NULL AND prev_terms <> terms
     ORDER BY "at", id`,
    [period.from, period.to, filter.accessRequirementId ?? null]);
  // The approvals held at each change: every change of a slice joined, as a table, to the approvals' state intervals.
  type Held = { approval_id: unknown; accessor_id: unknown; access_requirement_version: unknown; granted_at: unknown };
  const heldAt = changes.map((): Held[] => []);
  for (const [n, slice] of chunks(changes.map((c, k) => ({ c, k }))).entries()) {
    const offset = n * 2_000;
    const table = valuesTable('c', ['k', 'ar_id', 't'], slice.map(({ c, k }) => [k - offset, toNum(c.access_requirement_id), toDate(c.at)]))!;
    for (const r of await engine.all<Held & { k: unknown }>(
      `WITH c AS (SELECT * FROM ${table}),
       aiv AS (
         SELECT approval_id, accessor_id, access_requirement_id, access_requirement_version, state, expires_on, "at" AS since,
           LEAD("at") OVER (PARTITION BY approval_id ORDER BY "at", id) AS until,
           min("at") OVER (PARTITION BY approval_id) AS granted_at
         FROM approval_events WHERE "at" < $1::timestamptz AND access_requirement_id IN (SELECT ar_id FROM c)
       )
       SELECT c.k, a.approval_id, a.accessor_id, a.access_requirement_version, a.granted_at
       FROM c JOIN aiv a ON a.access_requirement_id = c.ar_id AND a.since <= c.t AND (a.until IS NULL OR c.t < a.until)
       WHERE a.state = 'APPROVED' AND (a.expires_on IS NULL OR a.expires_on > c.t)
       ORDER BY c.k, a.approval_id`, [period.to])) heldAt[offset + toNum(r.k)].push(r);
  }
  const drafts: FindingDraft[] = [];
  for (const [k, c] of changes.entries()) {
    const arId = toNum(c.access_requirement_id);
    const at = toDate(c.at);
    const held = heldAt[k];
    if (held.length === 0) continue;
    drafts.push({
      query: 'terms-changed-after-approval', fingerprint: `terms-changed-after-approval:${arId}:${toNum(c.version)}`, useCase: null,
      projectId: null, entityId: null, userId: toNumOrNull(c.actor_id), requestId: null, occurredAt: at,
      detail: {
        summary: '', action: 'Decide whether the holders must agree to the new terms; ask them to, or record why not.',
        accessRequirementId: arId, name: c.name, version: toNum(c.version), previousVersion: toNumOrNull(c.prev_version),
        previousTerms: c.prev_terms, terms: c.terms,
        approvals: held.map((h) => ({ approvalId: toNum(h.approval_id), accessorId: toNum(h.accessor_id), agreedToVersion: toNum(h.access_requirement_version), grantedAt: iso(toDate(h.granted_at)) })),
      },
    });
  }
  const names = await userNames(engine, drafts.flatMap((d) => [...(d.detail.approvals as { accessorId: number }[]).map((a) => a.accessorId), ...(d.userId === null ? [] : [d.userId])]));
  for (const d of drafts) {
    const approvals = d.detail.approvals as { accessorId: number; agreedToVersion: number; username?: string | null }[];
    for (const a of approvals) a.username = names.get(a.accessorId)?.username ?? null;
    d.detail.summary = `The terms of AR ${d.detail.accessRequirementId} (${d.detail.name}) changed on ${day(d.occurredAt)}${d.userId === null ? '' : ` by ${who(names, d.userId)}`} (version ${d.detail.version}) while ${count(approvals.length, 'approval')} granted under earlier terms were held.`;
  }
  return drafts;
}
