import type { AuditEngine } from '../engine.js';

/** The audit's queries (src/audit/README.md "Queries"), in the order a run takes them. */
export const QUERY_NAMES = [
  'restriction-change', 'top-downloaders', 'md5-duplicates', 'unqualified-access', 'repeated-downloads',
  'exfiltration-correlation', 'tier-revoked-downloads', 'self-approval', 'terms-changed-after-approval',
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

/** [from, to): what a run reads. */
export interface AuditPeriod {
  from: Date;
  to: Date;
}

/** What the queries run with; kept with the run (audit_runs.settings) so that it can be run again alike. */
export interface AuditSettings {
  /** Repeated downloads: this many downloads of one file by one user … */
  repeatedDownloadsThreshold: number;
  /** … within this many hours. */
  repeatedDownloadsWindowHours: number;
  /** Exfiltration correlation: bytes downloaded next to an egress incident that count as large. */
  largeDownloadBytes: number;
  /** Exfiltration correlation: how far before the incident's first alert and after its last one downloads count. */
  correlationWindowHours: number;
  /** A test project: its name or description matches this regular expression (JavaScript syntax, case-insensitive). */
  testProjectPattern: string;
  /** Restriction change, public → private → public: an exposure longer than this lists the downloads made in it. */
  exposedMinHours: number;
  /** Top downloaders: how many users. */
  topDownloaders: number;
}

export const DEFAULT_SETTINGS: AuditSettings = {
  repeatedDownloadsThreshold: 10,
  repeatedDownloadsWindowHours: 24,
  largeDownloadBytes: 1024 ** 3,
  correlationWindowHours: 24,
  testProjectPattern: '\\btest\\b',
  exposedMinHours: 24,
  topDownloaders: 20,
};

/**
 * Narrows a query to one event or one subject, for the continuous audit: a download record, an entity, a user, an
 * access requirement, an approval, an egress incident. Each query uses the fields that make sense for it and
 * ignores the others; with no filter it reads the whole period.
 */
export interface QueryFilter {
  downloadRecordId?: number;
  /** The download records with ids in [from, to] (unqualified access; the continuous audit's batch of checks). */
  downloadRecordIds?: { from: number; to: number };
  entityId?: number;
  userId?: number;
  accessRequirementId?: number;
  approvalId?: number;
  incidentId?: number;
}

/** One finding as a query produced it, before it is stored (audit_findings; fingerprint per README). */
export interface FindingDraft {
  query: QueryName;
  fingerprint: string;
  useCase: string | null;
  projectId: number | null;
  entityId: number | null;
  userId: number | null;
  requestId: number | null;
  occurredAt: Date;
  detail: { summary: string; action?: string } & Record<string, unknown>;
}

export type AuditQuery = (engine: AuditEngine, period: AuditPeriod, settings: AuditSettings, filter?: QueryFilter) => Promise<FindingDraft[]>;

// ---- helpers shared by the queries ------------------------------------------------------------------------

/** controlled (2) → restricted (1) → open (0). */
export const level = (s: { is_controlled: boolean; is_restricted: boolean }) => (s.is_controlled ? 2 : s.is_restricted ? 1 : 0);
export const LEVEL_NAMES = ['open', 'restricted', 'controlled'] as const;

export const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
export const toNum = (v: unknown): number => Number(v);
export const toNumOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const iso = (d: Date) => d.toISOString();
export const synId = (id: number | null) => (id === null ? 'none' : `syn${id}`);

/** Comma-separated integer literals for `IN (…)`: only numbers the queries themselves read go in. */
export function idList(ids: Iterable<number>): string {
  const out = [...new Set([...ids].filter((n) => Number.isSafeInteger(n)))];
  return out.length ? out.join(', ') : 'NULL';
}

/**
 * A small table inlined into a query, `(VALUES (…), (…)) AS name(columns)`, for joining many keys or windows in
 * one statement instead of one statement each (both engines plan it as a hash join). Integers and instants only;
 * instants as UTC literals cast to timestamptz. Empty rows: null (the caller skips the query).
 */
export function valuesTable(name: string, columns: readonly string[], rows: readonly (readonly (number | Date)[])[]): string | null {
  if (rows.length === 0) return null;
  const cell = (v: number | Date) => {
    if (v instanceof Date) return `CAST('${v.toISOString()}' AS timestamptz)`;
    if (!Number.isSafeInteger(v)) throw new Error(`valuesTable: ${v} is not an integer`);
    return `CAST(${v} AS bigint)`;
  };
  return `(VALUES ${rows.map((r) => `(${r.map(cell).join(', ')})`).join(', ')}) AS ${name}(${columns.join(', ')})`;
}

/** Appends `value` to the list kept under `key`. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The last item of `list` (sorted by `at`, oldest first) whose `at` is at or before `at`, by binary search. */
export function latestAt<T extends { at: Date }>(list: readonly T[] | undefined, at: Date): T | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length;
  const t = at.getTime();
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].at.getTime() <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

/** `items` in slices of `size`, for statements that would otherwise grow with the whole period. */
export function chunks<T>(items: readonly T[], size = 2_000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "3 March 2026" (UTC). */
export function day(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
/** "3 March 2026 14:05 UTC". */
export function instant(d: Date): string {
  return `${day(d)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}
/** The period as people say it: [1 Jan, 1 Jul) is "1 January – 30 June 2026". */
export function periodText(p: AuditPeriod): string {
  const last = new Date(p.to.getTime() - 1);
  return p.from.getUTCFullYear() === last.getUTCFullYear()
    ? `${p.from.getUTCDate()} ${MONTHS[p.from.getUTCMonth()]} – ${day(last)}`
    : `${day(p.from)} – ${day(last)}`;
}
/** "between 1 January and 30 June 2026", the period as a sentence reads it. */
export function betweenText(p: AuditPeriod): string {
  const last = new Date(p.to.getTime() - 1);
  const from = p.from.getUTCFullYear() === last.getUTCFullYear() ? `${p.from.getUTCDate()} ${MONTHS[p.from.getUTCMonth()]}` : day(p.from);
  return `between ${from} and ${day(last)}`;
}
export function bytesText(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v >= 100 ? Math.round(v) : Math.round(v * 10) / 10} ${units[i]}`;
}
export const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Names for people and entities, read once per query. */
export async function userNames(engine: AuditEngine, ids: Iterable<number>): Promise<Map<number, { username: string; displayName: string }>> {
  const list = idList(ids);
  const out = new Map<number, { username: string; displayName: string }>();
  if (list === 'NULL') return out;
  for (const r of await engine.all<{ id: unknown; username: string; display_name: string }>(
    `SELECT id, username, display_name FROM users WHERE id IN (${list})`)) {
    out.set(toNum(r.id), { username: r.username, displayName: r.display_name });
  }
  return out;
}
export const who = (names: Map<number, { username: string; displayName: string }>, id: number | null) => {
  if (id === null) return 'an anonymous user';
  const n = names.get(id);
  return n ? `${n.displayName} (${n.username})` : `user ${id}`;
};

export interface EntityName { name: string; description: string; type: string; projectId: number; createdBy: number | null; modifiedBy: number | null }
export async function entityNames(engine: AuditEngine, ids: Iterable<number>): Promise<Map<number, EntityName>> {
  const list = idList(ids);
  const out = new Map<number, EntityName>();
  if (list === 'NULL') return out;
  for (const r of await engine.all<{ id: unknown; name: string; description: string; type: string; project_id: unknown; created_by: unknown; modified_by: unknown }>(
    `SELECT id, name, description, type, project_id, created_by, modified_by FROM entities WHERE id IN (${list})`)) {
    out.set(toNum(r.id), { name: r.name, description: r.description, type: r.type, projectId: toNum(r.project_id), createdBy: toNumOrNull(r.created_by), modifiedBy: toNumOrNull(r.modified_by) });
  }
  return out;
}
