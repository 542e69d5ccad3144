import type { AuditEngine } from '../engine.js';
import {
  type AuditPeriod, type AuditSettings, type FindingDraft, type QueryFilter,
  LEVEL_NAMES, chunks, count, entityNames, idList, instant, iso, level, synId, toDate, toNum, toNumOrNull, pushTo, userNames, valuesTable, who,
} from './model.js';

/**
 * Query 1, restriction change of state: an entity public at some time in the period whose restriction level
 * dropped (controlled → restricted → open) while public, or whose public flag changed. Each change is classified
 * by the seed's four use cases ("Change of State Audit Use Cases"), in this order:
 *
 * - `exposed-again`: made public again (public → private → public) less restricted than when it was last public;
 *   when it stayed exposed longer than `exposedMinHours`, the downloads made while exposed are listed.
 * - `ar-removed`: public before and after, and an AR / click-wrap no longer applies; `setting` says whether the AR
 *   was the entity's own (`local`) or came from its parent (`inherited`).
 * - `test-project-public`: made public (or created public, for a project) in a test project: its name or
 *   description matches `testProjectPattern` (case-insensitive).
 * - `ar-added-public`: made public while under an AR (internal QA: is it in the conditions-for-use listing?).
 * - `made-public` / `made-private`: the public flag changed with none of the above; kept for the pivot and so that a
 *   later exposure can be compared.
 */
export const RESTRICTION_USE_CASES = ['exposed-again', 'ar-removed', 'test-project-public', 'ar-added-public', 'made-public', 'made-private'] as const;
export type RestrictionUseCase = (typeof RESTRICTION_USE_CASES)[number];

export interface SnapshotRow {
  id: number;
  at: Date;
  entityId: number;
  type: string;
  name: string;
  parentId: number | null;
  projectId: number;
  benefactorId: number;
  actorId: number | null;
  isPublic: boolean;
  isRestricted: boolean;
  isControlled: boolean;
  accessRequirementIds: number[];
}

const lvl = (s: SnapshotRow) => level({ is_controlled: s.isControlled, is_restricted: s.isRestricted });

export interface Classified {
  useCase: RestrictionUseCase;
  /** For ar-removed and the public flag: the entity's own setting or its parent's. */
  setting: 'local' | 'inherited';
  removedAccessRequirementIds: number[];
  addedAccessRequirementIds: number[];
  /** exposed-again: the last public state before, which was more restricted. */
  earlierPublic: SnapshotRow | null;
}

/**
 * The use case of the change from `prev` (null: the entity's first record) to `cur`, or null when it is no
 * finding. Pure: `history` is the entity's records before `cur`, oldest first; `parentBefore` the parent's state
 * just before the change; `isTestProject` the pattern's verdict on the project.
 */
export function classifyChange(history: readonly SnapshotRow[], cur: SnapshotRow, parentBefore: SnapshotRow | null, isTestProject: boolean): Classified | null {
  const prev = history.length ? history[history.length - 1] : null;
  const removed = prev ? prev.accessRequirementIds.filter((id) => !cur.accessRequirementIds.includes(id)) : [];
  const added = prev ? cur.accessRequirementIds.filter((id) => !prev.accessRequirementIds.includes(id)) : cur.accessRequirementIds;
  const base = { removedAccessRequirementIds: removed, addedAccessRequirementIds: added, earlierPublic: null };
  const publicSetting: 'local' | 'inherited' = cur.benefactorId === cur.entityId ? 'local' : 'inherited';
  if (!prev) {
    if (cur.type === 'project' && cur.isPublic && isTestProject) return { ...base, useCase: 'test-project-public', setting: 'local' };
    return null;
  }
  if (prev.isPublic && cur.isPublic) {
    if (lvl(cur) >= lvl(prev)) return null;
    // The AR came from the parent if the parent had it just before the change.
    const inherited = removed.length > 0 && parentBefore !== null && removed.every((id) => parentBefore.accessRequirementIds.includes(id));
    return { ...base, useCase: 'ar-removed', setting: inherited ? 'inherited' : 'local' };
  }
  if (!prev.isPublic && cur.isPublic) {
    const earlierPublic = [...history].reverse().find((s) => s.isPublic) ?? null;
    if (earlierPublic && lvl(earlierPublic) > lvl(cur)) return { ...base, useCase: 'exposed-again', setting: publicSetting, earlierPublic };
    if (isTestProject) return { ...base, useCase: 'test-project-public', setting: publicSetting };
    if (lvl(cur) >= 1) return { ...base, useCase: 'ar-added-public', setting: publicSetting };
    return { ...base, useCase: 'made-public', setting: publicSetting };
  }
  if (prev.isPublic && !cur.isPublic) return { ...base, useCase: 'made-private', setting: publicSetting };
  return null;
}

export const RESTRICTION_ACTIONS: Record<RestrictionUseCase, string> = {
  'ar-removed': 'Look for a governance ticket that accounts for the change; otherwise contact the community manager (the security engineer first when the project has no community manager). If the access setting was inherited by accident, ACT contacts the project owner.',
  'exposed-again': 'If it was public for more than a day, check the downloads made while it was exposed; if any, contact the community manager.',
  'test-project-public': 'Contact the community manager (or the project owner when there is none) to ask whether the project can be made private.',
  'ar-added-public': 'Internal QA: do not contact the community manager; ACT checks that the project is listed in the conditions-for-use listing.',
  'made-public': 'Check that the entity is meant to be public.',
  'made-private': 'No action by itself: recorded so that a later public state can be compared.',
};

const state = (s: SnapshotRow) => ({
  snapshotId: s.id, at: iso(s.at), isPublic: s.isPublic, isRestricted: s.isRestricted, isControlled: s.isControlled,
  level: LEVEL_NAMES[lvl(s)], accessRequirementIds: s.accessRequirementIds, benefactorId: s.benefactorId,
});

interface Raw {
  id: unknown; at: unknown; entity_id: unknown; type: string; name: string; parent_id: unknown; project_id: unknown;
  benefactor_id: unknown; actor_id: unknown; is_public: boolean; is_restricted: boolean; is_controlled: boolean;
}

export async function histories(engine: AuditEngine, to: Date, entityIds: Iterable<number>): Promise<Map<number, SnapshotRow[]>> {
  const list = idList(entityIds);
  const out = new Map<number, SnapshotRow[]>();
  if (list === 'NULL') return out;
  const rows = await engine.all<Raw>(
    `SELECT id, "at", entity_id, type, name, parent_id, project_id, benefactor_id, actor_id, is_public, is_restricted, is_controlled
     FROM entity_snapshots WHERE "at" < $1::timestamptz AND entity_id IN (${list}) ORDER BY entity_id, "at", id`, [to]);
  const ars = await engine.all<{ id: unknown; ar_id: unknown }>(
    `SELECT id, unnest(effective_access_requirements) AS ar_id
     FROM entity_snapshots WHERE "at" < $1::timestamptz AND entity_id IN (${list})`, [to]);
  const arsOf = new Map<number, number[]>();
  for (const r of ars) {
    const id = toNum(r.id);
    pushTo(arsOf, id, toNum(r.ar_id));
  }
  for (const r of rows) {
    const s: SnapshotRow = {
      id: toNum(r.id), at: toDate(r.at), entityId: toNum(r.entity_id), type: r.type, name: r.name, parentId: toNumOrNull(r.parent_id),
      projectId: toNum(r.project_id), benefactorId: toNum(r.benefactor_id), actorId: toNumOrNull(r.actor_id),
      isPublic: Boolean(r.is_public), isRestricted: Boolean(r.is_restricted), isControlled: Boolean(r.is_controlled),
      accessRequirementIds: (arsOf.get(toNum(r.id)) ?? []).sort((a, b) => a - b),
    };
    pushTo(out, s.entityId, s);
  }
  return out;
}

const LEVEL_SQL = (t: string) => `(CASE WHEN ${t}.is_controlled THEN 2 WHEN ${t}.is_restricted THEN 1 ELSE 0 END)`;

export async function restrictionChanges(engine: AuditEngine, period: AuditPeriod, settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const candidates = await engine.all<{ entity_id: unknown }>(
    `WITH s AS (
       SELECT id, "at", entity_id, type, is_public, is_restricted, is_controlled,
         LAG(id) OVER (PARTITION BY entity_id ORDER BY "at", id) AS prev_id
       FROM entity_snapshots
       WHERE "at" < $2::timestamptz AND ($3::bigint IS NULL OR entity_id = $3::bigint)
     )
     SELECT DISTINCT cur.entity_id FROM s cur LEFT JOIN s prev ON prev.id = cur.prev_id
     WHERE cur."at" >= $1::timestamptz
       AND ((prev.id IS NULL AND cur.type = 'project' AND cur.is_public)
         OR (prev.id IS NOT NULL AND (prev.is_public <> cur.is_public
             OR (cur.is_public AND ${LEVEL_SQL('cur')} < ${LEVEL_SQL('prev')}))))
     ORDER BY cur.entity_id`,
    [period.from, period.to, filter.entityId ?? null]);
  const hist = await histories(engine, period.to, candidates.map((r) => toNum(r.entity_id)));
  const parentIds = new Set<number>();
  const projectIds = new Set<number>();
  for (const h of hist.values()) for (const s of h) {
    if (s.parentId !== null) parentIds.add(s.parentId);
    projectIds.add(s.projectId);
  }
  const parents = await histories(engine, period.to, parentIds);
  const projects = await entityNames(engine, projectIds);
  const testPattern = new RegExp(settings.testProjectPattern, 'i');
  const isTest = (projectId: number) => {
    const p = projects.get(projectId);
    return p !== undefined && (testPattern.test(p.name) || testPattern.test(p.description));
  };
  const before = (rows: SnapshotRow[] | undefined, at: Date) => [...(rows ?? [])].reverse().find((s) => s.at < at) ?? null;

  const drafts: FindingDraft[] = [];
  const pendingExposures: { draft: FindingDraft; entityId: number; from: Date; to: Date }[] = [];
  for (const [entityId, h] of hist) {
    for (let i = 0; i < h.length; i++) {
      const cur = h[i];
      if (cur.at < period.from) continue;
      const c = classifyChange(h.slice(0, i), cur, cur.parentId === null ? null : before(parents.get(cur.parentId), cur.at), isTest(cur.projectId));
      if (!c) continue;
      const prev = i > 0 ? h[i - 1] : null;
      const next = h[i + 1];
      const project = projects.get(cur.projectId);
      const detail: FindingDraft['detail'] = {
        summary: '',
        action: RESTRICTION_ACTIONS[c.useCase],
        entityName: cur.name,
        entityType: cur.type,
        projectName: project?.name ?? null,
        before: prev ? state(prev) : null,
        after: state(cur),
        setting: c.setting,
        removedAccessRequirementIds: c.removedAccessRequirementIds,
        addedAccessRequirementIds: c.addedAccessRequirementIds,
        changedBy: cur.actorId,
      };
      if (c.earlierPublic) detail.earlierPublic = state(c.earlierPublic);
      const draft: FindingDraft = {
        query: 'restriction-change', fingerprint: `restriction-change:${entityId}:${iso(cur.at)}`, useCase: c.useCase,
        projectId: cur.projectId, entityId, userId: cur.actorId, requestId: null, occurredAt: cur.at, detail,
      };
      drafts.push(draft);
      if (c.useCase === 'exposed-again') {
        const end = next && next.at < period.to ? next.at : period.to;
        pendingExposures.push({ draft, entityId, from: cur.at, to: end });
      }
    }
  }

  const actors = new Set<number>();
  for (const d of drafts) if (d.userId !== null) actors.add(d.userId);
  const exposureDownloads = new Map<FindingDraft, { id: number; at: Date; userId: number | null; bytes: number }[]>();
  const checked: { draft: FindingDraft; entityId: number; from: Date; to: Date }[] = [];
  for (const e of pendingExposures) {
    const hours = (e.to.getTime() - e.from.getTime()) / 3_600_000;
    const longEnough = hours > settings.exposedMinHours;
    exposureDownloads.set(e.draft, []);
    if (longEnough) checked.push(e);
    e.draft.detail.exposure = { from: iso(e.from), to: iso(e.to), hours: Math.round(hours * 10) / 10, downloadsChecked: longEnough, downloads: [] };
  }
  // The downloads of every exposure, a slice of exposures per statement (windows joined as a table).
  for (const slice of chunks(checked)) {
    const windows = valuesTable('w', ['k', 'entity_id', 'since', 'until'], slice.map((e, k) => [k, e.entityId, e.from, e.to]))!;
    const from = new Date(Math.min(...slice.map((e) => e.from.getTime())));
    const to = new Date(Math.max(...slice.map((e) => e.to.getTime())));
    for (const r of await engine.all<{ k: unknown; id: unknown; at: unknown; user_id: unknown; bytes: unknown }>(
      `SELECT w.k, d.id, d."at", d.user_id, d.bytes FROM ${windows}
       JOIN download_records d ON d.entity_id = w.entity_id AND d."at" >= w.since AND d."at" < w.until
       WHERE d.result = 'served' AND d."at" >= $1::timestamptz AND d."at" < $2::timestamptz
       ORDER BY w.k, d."at", d.id`, [from, to])) {
      const d = { id: toNum(r.id), at: toDate(r.at), userId: toNumOrNull(r.user_id), bytes: toNum(r.bytes) };
      if (d.userId !== null) actors.add(d.userId);
      exposureDownloads.get(slice[toNum(r.k)].draft)!.push(d);
    }
  }
  const names = await userNames(engine, actors);
  for (const [draft, downloads] of exposureDownloads) {
    const exposure = draft.detail.exposure as { downloads: unknown[] };
    exposure.downloads = downloads.map((d) => ({ id: d.id, at: iso(d.at), userId: d.userId, username: d.userId === null ? null : names.get(d.userId)?.username ?? null, bytes: d.bytes }));
  }
  for (const d of drafts) d.detail.summary = summary(d, names);
  return drafts;
}

function summary(d: FindingDraft, names: Map<number, { username: string; displayName: string }>): string {
  const x = d.detail as unknown as {
    entityName: string; entityType: string; projectName: string | null; setting: string; before: { level: string } | null;
    after: { level: string }; earlierPublic?: { level: string }; exposure?: { hours: number; downloads: unknown[]; downloadsChecked: boolean };
  };
  const what = `the ${x.entityType} ${x.entityName} (${synId(d.entityId)})`;
  const when = instant(d.occurredAt);
  const by = d.userId === null ? '' : ` by ${who(names, d.userId)}`;
  switch (d.useCase as RestrictionUseCase) {
    case 'ar-removed':
      return `The public ${what.slice(4)} went from ${x.before?.level} to ${x.after.level} on ${when}${by}; the access requirement was ${x.setting === 'local' ? 'set on the entity itself' : 'inherited from its parent'}.`;
    case 'exposed-again': {
      const e = x.exposure!;
      const dl = e.downloadsChecked ? `, ${count(e.downloads.length, 'download')} while exposed` : '';
      return `${cap(what)} was made public again on ${when}${by} as ${x.after.level}, less restricted than when it was last public (${x.earlierPublic?.level}); exposed ${e.hours} hours${dl}.`;
    }
    case 'test-project-public':
      return d.entityId === d.projectId
        ? `The test project ${x.entityName} (${synId(d.entityId)}) is public since ${when}${by}.`
        : `${cap(what)} in the test project ${x.projectName ?? ''} is public since ${when}${by}.`;
    case 'ar-added-public':
      return `${cap(what)} was made public on ${when}${by} under an access requirement (${x.after.level}).`;
    case 'made-public':
      return `${cap(what)} was made public on ${when}${by} (${x.after.level}; public setting ${x.setting}).`;
    case 'made-private':
      return `${cap(what)} was made private on ${when}${by}.`;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
