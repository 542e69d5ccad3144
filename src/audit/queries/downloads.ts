import type { AuditEngine } from '../engine.js';
import {
  type AuditPeriod, type AuditSettings, type FindingDraft, type QueryFilter,
  betweenText, bytesText, count, day, entityNames, idList, iso, synId, toDate, toNum, toNumOrNull, pushTo, userNames, who,
} from './model.js';

/**
 * Query 2, top downloaders: the users with most files downloaded (served) in the period, ties broken by bytes then
 * user id so that a run is reproducible; with their bytes, distinct files and top 5 projects. With a user filter,
 * that user's finding if they are in the top.
 */
export async function topDownloaders(engine: AuditEngine, period: AuditPeriod, settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const top = await engine.all<{ user_id: unknown; files: unknown; bytes: unknown; distinct_files: unknown; rank: unknown }>(
    `WITH d AS (
       SELECT user_id, entity_id, bytes FROM download_records
       WHERE result = 'served' AND user_id IS NOT NULL AND "at" >= $1::timestamptz AND "at" < $2::timestamptz
     ),
     u AS (
       SELECT user_id, count(*) AS files, CAST(sum(bytes) AS bigint) AS bytes, count(DISTINCT entity_id) AS distinct_files
       FROM d GROUP BY user_id
     ),
     r AS (SELECT user_id, files, bytes, distinct_files, ROW_NUMBER() OVER (ORDER BY files DESC, bytes DESC, user_id) AS rank FROM u)
     SELECT user_id, files, bytes, distinct_files, rank FROM r
     WHERE rank <= $3::bigint AND ($4::bigint IS NULL OR user_id = $4::bigint) ORDER BY rank`,
    [period.from, period.to, settings.topDownloaders, filter.userId ?? null]);
  if (top.length === 0) return [];
  const ids = top.map((r) => toNum(r.user_id));
  const projects = await engine.all<{ user_id: unknown; project_id: unknown; files: unknown; rn: unknown }>(
    `WITH p AS (
       SELECT user_id, project_id, count(*) AS files FROM download_records
       WHERE result = 'served' AND "at" >= $1::timestamptz AND "at" < $2::timestamptz AND user_id IN (${idList(ids)})
       GROUP BY user_id, project_id
     )
     SELECT user_id, project_id, files FROM (
       SELECT user_id, project_id, files, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY files DESC, project_id) AS rn FROM p
     ) x WHERE rn <= 5 ORDER BY user_id, rn`,
    [period.from, period.to]);
  const projectNames = await entityNames(engine, projects.map((p) => toNum(p.project_id)).filter((n) => !Number.isNaN(n)));
  const names = await userNames(engine, ids);
  return top.map((r) => {
    const userId = toNum(r.user_id);
    const files = toNum(r.files);
    const bytes = toNum(r.bytes);
    const topProjects = projects.filter((p) => toNum(p.user_id) === userId).map((p) => {
      const projectId = toNumOrNull(p.project_id);
      return { projectId, name: projectId === null ? null : projectNames.get(projectId)?.name ?? null, files: toNum(p.files) };
    });
    return {
      query: 'top-downloaders', fingerprint: `top-downloaders:${iso(period.from)}:${iso(period.to)}:${userId}`, useCase: null,
      projectId: topProjects[0]?.projectId ?? null, entityId: null, userId, requestId: null, occurredAt: period.from,
      detail: {
        summary: `${who(names, userId)} downloaded ${count(files, 'file')} (${bytesText(bytes)}) from ${count(topProjects.length === 5 ? 5 : topProjects.length, 'project')}${topProjects.length === 5 ? ' or more' : ''} ${betweenText(period)}.`,
        action: 'Contact the account holder with the top-downloader email and record the reply.',
        rank: toNum(r.rank), files, bytes, distinctFiles: toNum(r.distinct_files), topProjects,
      },
    } satisfies FindingDraft;
  });
}

/**
 * Query 5, repeated downloads: one user downloading one file at least `repeatedDownloadsThreshold` times within
 * `repeatedDownloadsWindowHours`. A burst starts at the first download that has the threshold within the window
 * after it and covers the window; the next burst is looked for after it. One finding per burst, keyed by the day of
 * its first download.
 */
export async function repeatedDownloads(engine: AuditEngine, period: AuditPeriod, settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const rows = await engine.all<{ id: unknown; at: unknown; user_id: unknown; entity_id: unknown; project_id: unknown; bytes: unknown }>(
    `WITH d AS (
       SELECT r.id, r."at", r.user_id, r.entity_id, r.project_id, r.bytes FROM download_records r
       WHERE r.result = 'served' AND r.user_id IS NOT NULL AND r."at" >= $1::timestamptz AND r."at" < $2::timestamptz
         AND ($4::bigint IS NULL OR r.user_id = $4::bigint) AND ($5::bigint IS NULL OR r.entity_id = $5::bigint)
         AND ($6::bigint IS NULL OR EXISTS (SELECT 1 FROM download_records x
              WHERE x.id = $6::bigint AND x.user_id = r.user_id AND x.entity_id = r.entity_id))
     ),
     pairs AS (SELECT user_id, entity_id FROM d GROUP BY user_id, entity_id HAVING count(*) >= $3::bigint)
     SELECT d.id, d."at", d.user_id, d.entity_id, d.project_id, d.bytes FROM d JOIN pairs p ON p.user_id = d.user_id AND p.entity_id = d.entity_id
     ORDER BY d.user_id, d.entity_id, d."at", d.id`,
    [period.from, period.to, settings.repeatedDownloadsThreshold, filter.userId ?? null, filter.entityId ?? null, filter.downloadRecordId ?? null]);
  const windowMs = settings.repeatedDownloadsWindowHours * 3_600_000;
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${toNum(r.user_id)}:${toNum(r.entity_id)}`;
    pushTo(groups, key, r);
  }
  const bursts: { userId: number; entityId: number; projectId: number | null; downloads: { id: number; at: Date; bytes: number }[] }[] = [];
  for (const g of groups.values()) {
    const list = g.map((r) => ({ id: toNum(r.id), at: toDate(r.at), bytes: toNum(r.bytes) }));
    let i = 0;
    while (i < list.length) {
      const last = i + settings.repeatedDownloadsThreshold - 1;
      if (last < list.length && list[last].at.getTime() - list[i].at.getTime() < windowMs) {
        let j = last;
        while (j + 1 < list.length && list[j + 1].at.getTime() - list[i].at.getTime() < windowMs) j++;
        bursts.push({ userId: toNum(g[0].user_id), entityId: toNum(g[0].entity_id), projectId: toNumOrNull(g[0].project_id), downloads: list.slice(i, j + 1) });
        i = j + 1;
      } else i++;
    }
  }
  const names = await userNames(engine, bursts.map((b) => b.userId));
  const entities = await entityNames(engine, bursts.map((b) => b.entityId));
  return bursts.map((b) => {
    const first = b.downloads[0].at;
    const e = entities.get(b.entityId);
    return {
      query: 'repeated-downloads', fingerprint: `repeated-downloads:${b.userId}:${b.entityId}:${iso(first).slice(0, 10)}`, useCase: null,
      projectId: e?.projectId ?? b.projectId, entityId: b.entityId, userId: b.userId, requestId: null, occurredAt: first,
      detail: {
        summary: `${who(names, b.userId)} downloaded ${e?.name ?? 'file'} (${synId(b.entityId)}) ${count(b.downloads.length, 'time')} within ${settings.repeatedDownloadsWindowHours} hours from ${day(first)}.`,
        action: 'Ask the user why the file was downloaded so often (shared account or access?).',
        entityName: e?.name ?? null, downloads: b.downloads.length, bytes: b.downloads.reduce((s, d) => s + d.bytes, 0),
        firstAt: iso(first), lastAt: iso(b.downloads[b.downloads.length - 1].at), downloadIds: b.downloads.map((d) => d.id),
        threshold: settings.repeatedDownloadsThreshold, windowHours: settings.repeatedDownloadsWindowHours,
      },
    } satisfies FindingDraft;
  });
}

/**
 * Query 6, exfiltration correlation: a user's egress incident (its alerts from first to last, in the period) with
 * at least `largeDownloadBytes` downloaded from Gatehouse within `correlationWindowHours` before or after it.
 */
export async function exfiltrationCorrelation(engine: AuditEngine, period: AuditPeriod, settings: AuditSettings, filter: QueryFilter = {}): Promise<FindingDraft[]> {
  const rows = await engine.all<{ incident_id: unknown; user_id: unknown; project_id: unknown; first_event_at: unknown; last_event_at: unknown; egress_bytes: unknown; state: string; downloads: unknown; bytes: unknown; projects: unknown }>(
    `WITH i AS (
       SELECT id, user_id, project_id, first_event_at, last_event_at, bytes, state FROM egress_incidents
       WHERE first_event_at >= $1::timestamptz AND first_event_at < $2::timestamptz
         AND ($5::bigint IS NULL OR user_id = $5::bigint) AND ($6::bigint IS NULL OR id = $6::bigint)
     )
     SELECT i.id AS incident_id, i.user_id, i.project_id, i.first_event_at, i.last_event_at, i.bytes AS egress_bytes, i.state,
       count(*) AS downloads, CAST(sum(d.bytes) AS bigint) AS bytes, count(DISTINCT d.project_id) AS projects
     FROM i JOIN download_records d ON d.user_id = i.user_id AND d.result = 'served'
       AND d."at" >= i.first_event_at - CAST($3 AS interval) AND d."at" <= i.last_event_at + CAST($3 AS interval)
     GROUP BY i.id, i.user_id, i.project_id, i.first_event_at, i.last_event_at, i.bytes, i.state
     HAVING sum(d.bytes) >= $4::bigint
     ORDER BY i.first_event_at, i.id`,
    [period.from, period.to, `${settings.correlationWindowHours * 3600} seconds`, settings.largeDownloadBytes, filter.userId ?? null, filter.incidentId ?? null]);
  const names = await userNames(engine, rows.map((r) => toNum(r.user_id)));
  return rows.map((r) => {
    const userId = toNum(r.user_id);
    const incidentId = toNum(r.incident_id);
    const bytes = toNum(r.bytes);
    const first = toDate(r.first_event_at);
    return {
      query: 'exfiltration-correlation', fingerprint: `exfiltration-correlation:${userId}:${incidentId}`, useCase: null,
      projectId: toNumOrNull(r.project_id), entityId: null, userId, requestId: null, occurredAt: first,
      detail: {
        summary: `${who(names, userId)} downloaded ${bytesText(bytes)} in ${count(toNum(r.downloads), 'download')} within ${settings.correlationWindowHours} hours of egress incident ${incidentId} (${bytesText(toNum(r.egress_bytes))} sent out, from ${day(first)}).`,
        action: 'Read the egress incident beside the downloads; raise an incident if data left through the workspace.',
        incidentId, incidentState: r.state, firstEventAt: iso(first), lastEventAt: iso(toDate(r.last_event_at)),
        egressBytes: toNum(r.egress_bytes), downloads: toNum(r.downloads), bytes, projects: toNum(r.projects),
        windowHours: settings.correlationWindowHours,
      },
    } satisfies FindingDraft;
  });
}
