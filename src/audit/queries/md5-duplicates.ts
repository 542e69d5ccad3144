import type { AuditEngine } from '../engine.js';
import { histories, type SnapshotRow } from './restriction-change.js';
import {
  type AuditPeriod, type AuditSettings, type FindingDraft, type QueryFilter,
  LEVEL_NAMES, count, day, entityNames, iso, level, synId, toDate, toNum, toNumOrNull, userNames, who,
} from './model.js';

/**
 * Query 3, MD5 duplicates: a file whose content (the MD5 of its current version's blob) was ever controlled or
 * restricted up to the period's end — the source — present as another file that is, at the period's end, public
 * and less restricted than the source was at its most — the duplicate. Whether the copy was uploaded before or
 * after the source was restricted, it is the same finding. `breachFrom` is when the duplicate became an exposure:
 * the later of the source reaching its most restricted state and the start of the duplicate's current public,
 * less restricted run; everyone who downloaded the duplicate from then to the period's end is listed.
 */
export async function md5Duplicates(engine: AuditEngine, period: AuditPeriod, _settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const pairs = await engine.all<{ md5: string; source_id: unknown; dup_id: unknown; max_level: unknown }>(
    `WITH h AS (
       SELECT s.id, s.entity_id, s.version, s.is_public, s.in_trash,
         (CASE WHEN s.is_controlled THEN 2 WHEN s.is_restricted THEN 1 ELSE 0 END) AS lvl,
         ROW_NUMBER() OVER (PARTITION BY s.entity_id ORDER BY s."at" DESC, s.id DESC) AS rn
       FROM entity_snapshots s WHERE s.type = 'file' AND s."at" < $1::timestamptz
     ),
     latest AS (
       SELECT h.entity_id, h.is_public, h.in_trash, h.lvl, b.md5 FROM h
       JOIN file_versions v ON v.entity_id = h.entity_id AND v.version = h.version
       JOIN blobs b ON b.id = v.blob_id
       WHERE h.rn = 1
     ),
     peak AS (SELECT entity_id, max(lvl) AS max_level FROM h GROUP BY entity_id)
     SELECT src.md5, src.entity_id AS source_id, dup.entity_id AS dup_id, p.max_level
     FROM latest src JOIN peak p ON p.entity_id = src.entity_id
     JOIN latest dup ON dup.md5 = src.md5 AND dup.entity_id <> src.entity_id
     WHERE p.max_level >= 1 AND dup.is_public AND NOT dup.in_trash AND dup.lvl < p.max_level
       AND ($2::bigint IS NULL OR src.entity_id = $2::bigint OR dup.entity_id = $2::bigint)
     ORDER BY src.entity_id, dup.entity_id`,
    [period.to, filter.entityId ?? null]);
  if (pairs.length === 0) return [];
  const ids = new Set<number>();
  for (const p of pairs) {
    ids.add(toNum(p.source_id));
    ids.add(toNum(p.dup_id));
  }
  const hist = await histories(engine, period.to, ids);
  const lvl = (s: SnapshotRow) => level({ is_controlled: s.isControlled, is_restricted: s.isRestricted });
  const ents = await entityNames(engine, ids);
  const projectIds = new Set<number>();
  for (const h of hist.values()) projectIds.add(h[h.length - 1].projectId);
  const projects = await entityNames(engine, projectIds);
  const drafts: FindingDraft[] = [];
  const people = new Set<number>();
  // One finding per duplicate: of the sources with its content, the most restricted, restricted first (then lowest id).
  const peakOf = (id: number, maxLevel: number) => hist.get(id)!.find((s) => lvl(s) === maxLevel)!.at.getTime();
  const chosen = new Map<number, (typeof pairs)[number]>();
  for (const p of pairs) {
    const dupId = toNum(p.dup_id);
    const best = chosen.get(dupId);
    const rank = (x: (typeof pairs)[number]) => [-toNum(x.max_level), peakOf(toNum(x.source_id), toNum(x.max_level)), toNum(x.source_id)];
    if (!best || compare(rank(p), rank(best)) < 0) chosen.set(dupId, p);
  }
  for (const p of [...chosen.values()].sort((a, b) => toNum(a.source_id) - toNum(b.source_id) || toNum(a.dup_id) - toNum(b.dup_id))) {
    const sourceId = toNum(p.source_id);
    const dupId = toNum(p.dup_id);
    const maxLevel = toNum(p.max_level);
    const sh = hist.get(sourceId)!;
    const dh = hist.get(dupId)!;
    const sourcePeak = sh.find((s) => lvl(s) === maxLevel)!;
    let runStart = dh.length - 1;
    while (runStart > 0 && dh[runStart - 1].isPublic && lvl(dh[runStart - 1]) < maxLevel) runStart--;
    const breachFrom = new Date(Math.max(sourcePeak.at.getTime(), dh[runStart].at.getTime()));
    if (breachFrom >= period.to) continue;
    const downloads = (await engine.all<{ id: unknown; at: unknown; user_id: unknown; bytes: unknown }>(
      `SELECT id, "at", user_id, bytes FROM download_records
       WHERE entity_id = $1::bigint AND result = 'served' AND "at" >= $2::timestamptz AND "at" < $3::timestamptz ORDER BY "at", id`,
      [dupId, breachFrom, period.to])).map((r) => ({ id: toNum(r.id), at: iso(toDate(r.at)), userId: toNumOrNull(r.user_id), bytes: toNum(r.bytes) }));
    const side = (h: SnapshotRow[], was: SnapshotRow) => {
      const now = h[h.length - 1];
      const e = ents.get(now.entityId);
      if (e?.createdBy) people.add(e.createdBy);
      if (e?.modifiedBy) people.add(e.modifiedBy);
      return {
        entityId: now.entityId, name: now.name, projectId: now.projectId, projectName: projects.get(now.projectId)?.name ?? null,
        createdBy: e?.createdBy ?? null, modifiedBy: e?.modifiedBy ?? null,
        wasControlled: was.isControlled, isControlled: now.isControlled, wasRestricted: was.isRestricted, isRestricted: now.isRestricted,
        isPublic: now.isPublic, level: LEVEL_NAMES[lvl(now)],
      };
    };
    const dupWas = runStart > 0 ? dh[runStart - 1] : dh[runStart];
    for (const d of downloads) if (d.userId !== null) people.add(d.userId);
    drafts.push({
      query: 'md5-duplicates', fingerprint: `md5-duplicates:${sourceId}:${dupId}`, useCase: 'less-restricted-copy',
      projectId: dh[dh.length - 1].projectId, entityId: dupId, userId: ents.get(dupId)?.createdBy ?? null, requestId: null, occurredAt: breachFrom,
      detail: {
        summary: '', action: 'Contact the community manager (the security engineer when the project has none); if a breach is confirmed, contact the downloaders listed.',
        md5: p.md5, breachFrom: iso(breachFrom), source: side(sh, sourcePeak), duplicate: side(dh, dupWas), downloads,
      },
    });
  }
  const names = await userNames(engine, people);
  for (const d of drafts) {
    const x = d.detail as unknown as { source: { name: string; entityId: number; level: string }; duplicate: { name: string; entityId: number; level: string; createdBy: number | null; projectName: string | null }; downloads: { userId: number | null }[] };
    const downloaders = new Set(x.downloads.map((dl) => dl.userId)).size;
    d.detail.summary = `${x.duplicate.name} (${synId(x.duplicate.entityId)}) in ${x.duplicate.projectName ?? 'a project'} is a public, ${x.duplicate.level} copy of the ${x.source.level === 'open' ? 'formerly restricted' : x.source.level} file ${x.source.name} (${synId(x.source.entityId)}), since ${day(d.occurredAt)}; uploaded by ${who(names, x.duplicate.createdBy)}; ${count(x.downloads.length, 'download')} by ${count(downloaders, 'user')} since.`;
    const enrich = (id: number | null) => (id === null ? null : names.get(id)?.username ?? null);
    (d.detail.source as Record<string, unknown>).createdByUsername = enrich((d.detail.source as { createdBy: number | null }).createdBy);
    (d.detail.duplicate as Record<string, unknown>).createdByUsername = enrich(x.duplicate.createdBy);
    for (const dl of d.detail.downloads as { userId: number | null; username?: string | null }[]) dl.username = enrich(dl.userId);
  }
  return drafts;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
