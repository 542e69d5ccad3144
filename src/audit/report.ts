import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';

/**
 * The audit report's data (SPEC §11; src/audit/README.md "Reports"): everything the document says, assembled once
 * from the runs, their findings and the triage trail, as plain JSON. The HTML (reporthtml.ts), PDF (reportpdf.ts),
 * spreadsheet (reportxlsx.ts) and CSVs (reportcsv.ts) are all drawn from this one model, so they say the same
 * thing; approving a report stores the model as it was (reports.ts).
 */

export const QUERIES = [
  'restriction-change', 'top-downloaders', 'md5-duplicates', 'unqualified-access', 'repeated-downloads',
  'exfiltration-correlation', 'tier-revoked-downloads', 'self-approval', 'terms-changed-after-approval',
] as const;
export type QueryName = (typeof QUERIES)[number];
export const FINDING_STATES = ['new', 'contacted', 'explained', 'incident', 'closed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** What each query looks for, in the words of the report's method section (after the seed's threat scenarios). */
export const QUERY_TEXT: Record<QueryName, { title: string; threat: string; method: string; action: string }> = {
  'restriction-change': {
    title: 'Restriction change of state',
    threat: 'Data handling and data loss: a controlled or restricted data set becomes less protected while public.',
    method: 'Compares the entity snapshots at each change in the period and lists the public entities whose access requirements were removed or relaxed, or whose public flag changed, classified by the use cases of the audit procedure (access requirement removed from a public entity; made public, private and public again with less restriction; test project public; access requirement added and made public).',
    action: 'The project owner or community manager of each project is contacted; a reply showing an unintended change opens a governance incident.',
  },
  'top-downloaders': {
    title: 'Top downloaders',
    threat: 'Data access and data loss: a user with significant access shares it, or an account with broad access is compromised.',
    method: 'Counts the files each user downloaded in the period from the download records and lists the 20 users with the most, with the bytes and their five main projects.',
    action: 'Each account holder is asked to confirm that their credentials have not been shared or lost; a reply showing loss of control opens a governance incident.',
  },
  'md5-duplicates': {
    title: 'MD5 duplicates',
    threat: 'Data handling: a controlled or restricted file is copied into a public place with weaker access controls.',
    method: 'Matches the MD5 checksum of every controlled or restricted file with the other files of the same content and lists the public copies that are less restricted or less controlled than their source, source and copy side by side.',
    action: 'The owner of the copy is contacted; proliferation beyond the original terms opens a governance incident.',
  },
  'unqualified-access': {
    title: 'Unqualified access',
    threat: 'Data access: a user downloads controlled data without the qualification it requires.',
    method: 'Replays every download of controlled data in the period against the approvals and exemptions in force at that instant, and lists the downloads made without any.',
    action: 'The Access and Compliance Team reviews each download with the user and the data contributor.',
  },
  'repeated-downloads': {
    title: 'Repeated downloads',
    threat: 'Data access: a single file is downloaded many times by a single user, a sign of shared access.',
    method: 'Lists each user and file downloaded more times in a day than the threshold set for the run.',
    action: 'The user is asked why the file was downloaded repeatedly.',
  },
  'exfiltration-correlation': {
    title: 'Exfiltration correlation',
    threat: 'Data loss: large-scale download activity next to data leaving the platform.',
    method: 'Puts each user’s large download activity beside the egress incidents and alerts raised for that user in the period.',
    action: 'The security engineer reviews the pair with the egress incident.',
  },
  'tier-revoked-downloads': {
    title: 'Downloads after a tier was revoked',
    threat: 'Data access: a user keeps downloading after losing the certification or validation a data set requires.',
    method: 'Lists the downloads made after a user’s certification or validation was revoked, from the user tier history (which the original warehouse audit could not see).',
    action: 'The Access and Compliance Team reviews the access the user still holds.',
  },
  'self-approval': {
    title: 'Self-approval',
    threat: 'Data access: an approval granted by the person who receives it.',
    method: 'Lists the approvals in the period whose approver is also the accessor.',
    action: 'The Access and Compliance Team reviews the approval.',
  },
  'terms-changed-after-approval': {
    title: 'Terms changed after approval',
    threat: 'Data handling: the terms of an access requirement change after users were approved under the old text.',
    method: 'Compares the access requirement snapshots (text and settings, which the original warehouse audit could not see) and lists the new versions published while approvals of an earlier version stay in force.',
    action: 'The Access and Compliance Team decides whether the approved users must accept the new terms.',
  },
};

export const STATE_TEXT: Record<FindingState, string> = {
  new: 'New', contacted: 'Contacted', explained: 'Explained', incident: 'Incident', closed: 'Closed',
};

export interface ReportPeriod {
  runId: number;
  label: string;
  from: string;
  to: string;
  engine: string;
  finishedAt: string | null;
  counts: Record<string, number>;
}

export interface ReportRow {
  findingId: number;
  /** Which period (its label) found it; an annual report keeps each finding once, under the first period. */
  period: string;
  occurredAt: string;
  summary: string;
  useCase: string | null;
  projectId: string | null;
  projectName: string | null;
  userName: string | null;
  state: FindingState;
  owner: string | null;
  reply: string | null;
  /** The detail's other plain facts, e.g. files, bytes and top projects for top downloaders. */
  facts: Record<string, string | number>;
}

export interface QuerySection {
  query: QueryName;
  title: string;
  threat: string;
  method: string;
  action: string;
  total: number;
  byState: Record<FindingState, number>;
  /** Totals per period label. */
  byPeriod: Record<string, number>;
  factColumns: string[];
  rows: ReportRow[];
}

export interface Bar { label: string; value: number; note?: string }
export interface TriageEntry { at: string; findingId: number; query: QueryName; actor: string | null; kind: string; body: string }

export interface ReportModel {
  reportId: number;
  kind: 'periodic' | 'annual';
  title: string;
  organisation: string;
  periods: ReportPeriod[];
  preparedBy: string;
  generatedAt: string;
  queries: QuerySection[];
  charts: {
    downloadsByWeek: Bar[];
    topDownloaders: Bar[];
    changesPerProject: Bar[];
    /** Per query, the number of findings in each state. */
    findingsByState: { label: string; values: Record<FindingState, number> }[];
  };
  pivots: {
    changesByProject: { projectId: string | null; project: string; total: number; byUseCase: Record<string, number> }[];
    duplicatesByProject: { projectId: string | null; project: string; total: number }[];
    findingsByQueryAndState: { query: string; values: Record<FindingState, number>; total: number }[];
    downloaderResponses: { user: string; files: number; bytes: number; state: FindingState; reply: string | null }[];
  };
  triageLog: TriageEntry[];
  totals: { findings: number; incidents: number; explained: number; closed: number; open: number; downloads: number; downloadBytes: number };
}

/** The approval block and the review history, added to the model when a document is drawn. */
export interface ReportStatus {
  state: 'draft' | 'submitted' | 'rejected' | 'approved';
  reviews: { at: string; actor: string; action: 'submitted' | 'approved' | 'rejected'; comment: string }[];
  approvedBy: string | null;
  approvedAt: string | null;
}

/** Gatehouse has no configured organisation name yet; the document names the platform itself. */
export const ORGANISATION = 'Gatehouse';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "1 January 2026" (UTC, as the runs' periods are). */
export const longDate = (iso: string) => {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};
/** A period [from, to) in words: its last day is the day before `to`. */
export const periodText = (from: string, to: string) => `${longDate(from)} – ${longDate(new Date(new Date(to).getTime() - 1).toISOString())}`;
/** "H1 2026", "Q3–Q4 2025", or the dates when the period is not a half-year. */
function periodLabel(from: Date, to: Date): string {
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
  const aligned = from.getUTCDate() === 1 && to.getUTCDate() === 1 && from.getUTCHours() === 0 && to.getUTCHours() === 0;
  if (aligned && months === 6 && from.getUTCMonth() % 6 === 0) return `${from.getUTCMonth() === 0 ? 'H1' : 'H2'} ${from.getUTCFullYear()}`;
  return periodText(from.toISOString(), to.toISOString());
}

const iso = (d: Date | string) => new Date(d).toISOString();
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return i === 0 ? `${bytes.toLocaleString('en-GB')} bytes` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}
export const thousands = (n: number) => n.toLocaleString('en-GB');

/** The plain facts of a detail worth a column: everything but the sentence, nested values flattened to text. */
function factsOf(query: QueryName, detail: Record<string, unknown>): Record<string, string | number> {
  const facts: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'summary' || value === null || value === undefined) continue;
    if (query === 'top-downloaders' && key === 'topProjects' && Array.isArray(value)) {
      facts.topProjects = value.map((p: { name?: string; projectId?: string | number; files?: number }) => `${p.name ?? p.projectId} (${thousands(num(p.files))})`).join('; ');
    } else if (typeof value === 'number' || typeof value === 'string') facts[key] = value;
    else if (typeof value === 'boolean') facts[key] = value ? 'yes' : 'no';
    else facts[key] = JSON.stringify(value);
  }
  return facts;
}

export interface RunRow { id: number | string; period_from: Date | string; period_to: Date | string; engine: string; state: string; finished_at: Date | string | null; counts: Record<string, number> }
interface FindingRow {
  run_id: number | string; id: number | string; query: QueryName; use_case: string | null; project_id: number | string | null;
  occurred_at: Date | string; finding_detail: Record<string, unknown>; run_detail: Record<string, unknown>; state: FindingState;
  reply: string | null; owner_name: string | null; user_name: string | null; project_name: string | null;
}

export async function loadRuns(sql: Sql, runIds: readonly number[]): Promise<RunRow[]> {
  const rows = await sql.query<RunRow>(
    'SELECT id, period_from, period_to, engine, state, finished_at, counts FROM audit_runs WHERE id IN (SELECT unnest($1::bigint[])) ORDER BY period_from, id', [runIds]);
  return rows;
}

export const periodsOf = (runs: readonly RunRow[]): ReportPeriod[] => runs.map((r) => ({
  runId: Number(r.id), label: periodLabel(new Date(r.period_from), new Date(r.period_to)), from: iso(r.period_from), to: iso(r.period_to),
  engine: r.engine, finishedAt: r.finished_at ? iso(r.finished_at) : null, counts: r.counts ?? {},
}));

export const titleOf = (kind: 'periodic' | 'annual', periods: readonly ReportPeriod[]) => (kind === 'annual'
  ? `Annual security audit report ${periods.map((p) => p.label).join(' and ')}`
  : `Security audit report ${periods[0]?.label ?? ''}`);

/** Assembles the report of the given runs from the findings and triage as they are now. */
export async function assembleReport(sql: Sql, input: { reportId: number; kind: 'periodic' | 'annual'; runIds: readonly number[]; preparedBy: string; now: Date }): Promise<ReportModel> {
  const runs = await loadRuns(sql, input.runIds);
  const periods = periodsOf(runs);
  const labelOf = new Map(periods.map((p) => [p.runId, p.label]));
  const findings = await sql.query<FindingRow>(
    `SELECT rf.run_id, f.id, f.query, f.use_case, f.project_id, f.occurred_at, f.detail AS finding_detail, rf.detail AS run_detail,
            f.state, f.reply, o.display_name AS owner_name, u.display_name AS user_name, p.name AS project_name
     FROM audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id
     LEFT JOIN users o ON o.id = f.owner_id LEFT JOIN users u ON u.id = f.user_id LEFT JOIN entities p ON p.id = f.project_id
     WHERE rf.run_id IN (SELECT unnest($1::bigint[]))
     ORDER BY f.query, f.occurred_at, f.id`, [input.runIds]);
  const runOrder = new Map(periods.map((p, i) => [p.runId, i]));
  findings.sort((a, b) => (runOrder.get(Number(a.run_id))! - runOrder.get(Number(b.run_id))!));
  const seen = new Set<number>();
  const rowsByQuery = new Map<QueryName, ReportRow[]>();
  for (const f of findings) {
    const id = Number(f.id);
    if (seen.has(id)) continue;
    seen.add(id);
    // The facts as the run saw them, over the finding's own (the run's view is the one the period reports).
    const detail = { ...(f.finding_detail ?? {}), ...(f.run_detail ?? {}) };
    const row: ReportRow = {
      findingId: id, period: labelOf.get(Number(f.run_id))!, occurredAt: iso(f.occurred_at), summary: String(detail.summary ?? ''),
      useCase: f.use_case, projectId: f.project_id === null ? null : formatEntityId(Number(f.project_id)), projectName: f.project_name,
      userName: f.user_name, state: f.state, owner: f.owner_name, reply: f.reply, facts: factsOf(f.query, detail),
    };
    if (!rowsByQuery.has(f.query)) rowsByQuery.set(f.query, []);
    rowsByQuery.get(f.query)!.push(row);
  }
  for (const rows of rowsByQuery.values()) rows.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.findingId - b.findingId);
  const top = rowsByQuery.get('top-downloaders');
  if (top) top.sort((a, b) => num(b.facts.files) - num(a.facts.files) || a.findingId - b.findingId);

  const emptyStates = (): Record<FindingState, number> => ({ new: 0, contacted: 0, explained: 0, incident: 0, closed: 0 });
  // The six queries of the seed always have a section (a query without findings says so); the three more only
  // when they found something.
  const shown = QUERIES.filter((q, i) => i < 6 || (rowsByQuery.get(q)?.length ?? 0) > 0);
  const queries: QuerySection[] = shown.map((q) => {
    const rows = rowsByQuery.get(q) ?? [];
    const byState = emptyStates();
    const byPeriod: Record<string, number> = Object.fromEntries(periods.map((p) => [p.label, 0]));
    const factColumns: string[] = [];
    for (const r of rows) {
      byState[r.state]++;
      byPeriod[r.period]++;
      for (const k of Object.keys(r.facts)) if (!factColumns.includes(k)) factColumns.push(k);
    }
    return { query: q, ...QUERY_TEXT[q], total: rows.length, byState, byPeriod, factColumns, rows };
  });

  // Downloads over time: the served download records of the periods, by week from each period's start.
  const weeks: Bar[] = [];
  let downloads = 0;
  let downloadBytes = 0;
  for (const p of periods) {
    const rows = await sql.query<{ week: number; n: number | string; bytes: number | string }>(
      `SELECT floor(extract(epoch FROM (at - $1::timestamptz)) / 604800)::int AS week, count(*) AS n, coalesce(sum(bytes), 0) AS bytes
       FROM download_records WHERE at >= $1::timestamptz AND at < $2::timestamptz AND result = 'served' GROUP BY 1 ORDER BY 1`, [p.from, p.to]);
    const byWeek = new Map(rows.map((r) => [Number(r.week), r]));
    const count = Math.ceil((new Date(p.to).getTime() - new Date(p.from).getTime()) / 604_800_000);
    for (let w = 0; w < count; w++) {
      const r = byWeek.get(w);
      const start = new Date(new Date(p.from).getTime() + w * 604_800_000);
      weeks.push({ label: `${start.getUTCDate()} ${MONTHS[start.getUTCMonth()].slice(0, 3)}${w === 0 || start.getUTCMonth() === 0 && start.getUTCDate() <= 7 ? ` ${start.getUTCFullYear()}` : ''}`, value: num(r?.n), note: formatBytes(num(r?.bytes)) });
      downloads += num(r?.n);
      downloadBytes += num(r?.bytes);
    }
  }

  const perUser = new Map<string, { files: number; bytes: number }>();
  for (const r of top ?? []) {
    const name = r.userName ?? 'unknown user';
    const acc = perUser.get(name) ?? { files: 0, bytes: 0 };
    acc.files += num(r.facts.files);
    acc.bytes += num(r.facts.bytes);
    perUser.set(name, acc);
  }
  const topDownloaders = [...perUser].map(([label, v]) => ({ label, value: v.files, note: formatBytes(v.bytes) }))
    .sort((a, b) => b.value - a.value).slice(0, 20);

  const changesByProject = new Map<string, { projectId: string | null; project: string; total: number; byUseCase: Record<string, number> }>();
  for (const r of rowsByQuery.get('restriction-change') ?? []) {
    const key = r.projectId ?? '';
    const acc = changesByProject.get(key) ?? { projectId: r.projectId, project: r.projectName ?? (r.projectId ?? 'No project'), total: 0, byUseCase: {} };
    acc.total++;
    const uc = r.useCase ?? 'unclassified';
    acc.byUseCase[uc] = (acc.byUseCase[uc] ?? 0) + 1;
    changesByProject.set(key, acc);
  }
  const changes = [...changesByProject.values()].sort((a, b) => b.total - a.total || a.project.localeCompare(b.project));
  const duplicates = new Map<string, { projectId: string | null; project: string; total: number }>();
  for (const r of rowsByQuery.get('md5-duplicates') ?? []) {
    const key = r.projectId ?? '';
    const acc = duplicates.get(key) ?? { projectId: r.projectId, project: r.projectName ?? (r.projectId ?? 'No project'), total: 0 };
    acc.total++;
    duplicates.set(key, acc);
  }

  const ids = [...seen];
  const events = await sql.query<{ at: Date | string; finding_id: number | string; query: QueryName; actor: string | null; kind: string; body: string }>(
    `SELECT e.at, e.finding_id, f.query, a.display_name AS actor, e.kind, e.body
     FROM audit_finding_events e JOIN audit_findings f ON f.id = e.finding_id LEFT JOIN users a ON a.id = e.actor_id
     WHERE e.finding_id IN (SELECT unnest($1::bigint[])) AND e.kind NOT IN ('raised', 'found-again')
     ORDER BY e.at, e.id`, [ids]);
  const triageLog = events.map((e) => ({ at: iso(e.at), findingId: Number(e.finding_id), query: e.query, actor: e.actor, kind: e.kind, body: e.body }));

  const all = queries.flatMap((q) => q.rows);
  const count = (s: FindingState) => all.filter((r) => r.state === s).length;
  const title = titleOf(input.kind, periods);
  return {
    reportId: input.reportId, kind: input.kind, title, organisation: ORGANISATION, periods, preparedBy: input.preparedBy,
    generatedAt: input.now.toISOString(), queries,
    charts: {
      downloadsByWeek: weeks, topDownloaders,
      // The chart shows the 15 projects with the most changes; the pivot lists every project.
      changesPerProject: changes.slice(0, 15).map((c) => ({ label: c.project, value: c.total })),
      findingsByState: queries.map((q) => ({ label: q.title, values: q.byState })),
    },
    pivots: {
      changesByProject: changes,
      duplicatesByProject: [...duplicates.values()].sort((a, b) => b.total - a.total),
      findingsByQueryAndState: queries.map((q) => ({ query: q.title, values: q.byState, total: q.total })),
      downloaderResponses: (top ?? []).map((r) => ({ user: r.userName ?? 'unknown user', files: num(r.facts.files), bytes: num(r.facts.bytes), state: r.state, reply: r.reply })),
    },
    triageLog,
    totals: { findings: all.length, incidents: count('incident'), explained: count('explained'), closed: count('closed'), open: count('new') + count('contacted'), downloads, downloadBytes },
  };
}

/** "Top downloaders" → "top downloaders"; an acronym (MD5) stays. */
const lowerFirst = (t: string) => (/^[A-Z]{2}/.test(t) ? t : t[0].toLowerCase() + t.slice(1));

/** The executive summary in sentences, shared by every format. */
export function executiveSummary(m: ReportModel): string[] {
  const periods = m.periods.map((p) => `${p.label} (${periodText(p.from, p.to)})`).join(' and ');
  const out: string[] = [];
  out.push(`This report covers ${m.kind === 'annual' ? 'the two audit cycles' : 'the audit cycle'} ${periods}. In ${m.kind === 'annual' ? 'these periods' : 'this period'} ${thousands(m.totals.downloads)} file downloads (${formatBytes(m.totals.downloadBytes)}) were served.`);
  const found = m.queries.filter((q) => q.total > 0);
  if (found.length === 0) out.push('The audit queries raised no findings.');
  else {
    out.push(`The audit queries raised ${thousands(m.totals.findings)} finding${m.totals.findings === 1 ? '' : 's'}: ${found.map((q) => `${q.total} from ${lowerFirst(q.title)}`).join(', ')}.`);
    const none = m.queries.filter((q) => q.total === 0);
    if (none.length) out.push(`${none.map((q) => q.title).join(', ')} found nothing.`);
  }
  if (m.totals.findings > 0) {
    out.push(`${m.totals.explained + m.totals.closed} finding${m.totals.explained + m.totals.closed === 1 ? ' was' : 's were'} explained or closed after triage; ${m.totals.open} ${m.totals.open === 1 ? 'is' : 'are'} still awaiting a reply or review.`);
    out.push(m.totals.incidents === 0
      ? 'No governance incident was raised.'
      : `${m.totals.incidents} finding${m.totals.incidents === 1 ? '' : 's'} led to a governance incident${m.totals.incidents === 1 ? '' : 's'}, investigated under the data breach procedure.`);
  }
  return out;
}

/** The record sources the queries read, for the method section. */
export const RECORD_SOURCES = [
  'Entity snapshots written on every change (restriction, public flag, effective access requirements, project and benefactor).',
  'Access control list and access requirement snapshots, including the text and settings of each requirement version.',
  'User tier history (registered, certified, validated), with every grant and revocation.',
  'File blobs with their MD5 checksum and size, and the download records (time, user, file, bytes, project, result).',
  'Decision denials and the egress events and incidents of the egress monitor.',
];

export const CONSTRAINT_TEXT = 'Unlike the data warehouse the audit procedure was written for, these records include user tiers and changes to the text of access requirements, so the corresponding queries can report on them. A query still sees only its period: a change is compared with the state before it within the records kept.';

const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
/** "1 Jan 2026", for table cells. */
export const shortDate = (iso: string) => {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** The seed's use cases of the restriction change query, in words. */
const USE_CASE_TEXT: Record<string, string> = {
  'ar-removed': 'AR removed', 'exposed-again': 'Exposed again', 'test-project-public': 'Test project public', 'ar-added-public': 'AR added, made public',
};
export const useCaseText = (u: string | null) => (u ? USE_CASE_TEXT[u] ?? u.replaceAll('-', ' ').replace(/^./, (c) => c.toUpperCase()) : '—');
export const REVIEW_TEXT = { submitted: 'Submitted for review', approved: 'Approved', rejected: 'Rejected' } as const;

/** What the triage trail's kinds read as in the log. */
export const EVENT_TEXT: Record<string, string> = {
  note: 'Note', owner: 'Owner changed', state: 'State changed', contact: 'Contacted', reply: 'Reply recorded', incident: 'Incident raised',
};

/** The outcome of a finding's triage in a few words: the reply, or what it is waiting for. */
export function outcomeText(r: ReportRow): string {
  if (r.reply) return r.reply;
  const owner = r.owner ? ` (owner: ${r.owner})` : '';
  if (r.state === 'new') return `Not yet triaged${owner}`;
  if (r.state === 'contacted') return `Awaiting a reply${owner}`;
  return r.owner ? `Owner: ${r.owner}` : '—';
}

export interface DocColumn { head: string; width: number; numeric?: boolean; text(r: ReportRow): string }

/** The columns of a query's table in the HTML and the PDF (the spreadsheet and CSV have every fact). */
export function documentColumns(m: ReportModel, q: QuerySection): DocColumn[] {
  const cols: DocColumn[] = [{ head: '#', width: 5, numeric: true, text: (r) => String(r.findingId) }];
  // A top downloader is a whole period's count: its date is the period's start, which the period column says.
  if (q.query !== 'top-downloaders') cols.push({ head: 'Date', width: 12, text: (r) => shortDate(r.occurredAt) });
  if (m.periods.length > 1 || q.query === 'top-downloaders') cols.push({ head: 'Period', width: 9, text: (r) => r.period });
  if (q.query === 'top-downloaders') {
    cols.push({ head: 'User', width: 12, text: (r) => r.userName ?? '—' });
    cols.push({ head: 'Files', width: 8, numeric: true, text: (r) => thousands(num(r.facts.files)) });
    cols.push({ head: 'Bytes', width: 9, numeric: true, text: (r) => formatBytes(num(r.facts.bytes)) });
    cols.push({ head: 'Top projects', width: 20, text: (r) => String(r.facts.topProjects ?? '—') });
  } else {
    cols.push({ head: 'Finding', width: 36, text: (r) => r.summary });
  }
  if (q.query === 'restriction-change') cols.push({ head: 'Use case', width: 11, text: (r) => useCaseText(r.useCase) });
  cols.push({ head: 'State', width: 10, text: (r) => STATE_TEXT[r.state] });
  cols.push({ head: 'Reply / outcome', width: 22, text: outcomeText });
  const total = cols.reduce((a, c) => a + c.width, 0);
  return cols.map((c) => ({ ...c, width: c.width / total }));
}

/** A query section's outcome in one sentence: how many findings (per cycle in an annual report) and their states. */
export function outcomeSentence(m: ReportModel, q: QuerySection): string {
  if (q.total === 0) return `The query found nothing in ${m.periods.length > 1 ? 'either period' : 'the period'}.`;
  const counts = FINDING_STATES.filter((s) => q.byState[s] > 0).map((s) => `${q.byState[s]} ${STATE_TEXT[s].toLowerCase()}`).join(', ');
  const perPeriod = m.periods.length > 1 ? ` (${m.periods.map((p) => `${q.byPeriod[p.label] ?? 0} in ${p.label}`).join(', ')})` : '';
  return `The query raised ${q.total} finding${q.total === 1 ? '' : 's'}${perPeriod}. Triage outcome: ${counts}.`;
}
