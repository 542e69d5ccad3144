import {
  CONSTRAINT_TEXT, EVENT_TEXT, FINDING_STATES, QUERY_TEXT, RECORD_SOURCES, STATE_TEXT, REVIEW_TEXT, documentColumns, executiveSummary, outcomeSentence, formatBytes, longDate, periodText,
  shortDate, thousands, useCaseText,
  type QuerySection, type ReportModel, type ReportStatus,
} from './report.js';
import { reportCharts, STATE_COLOURS, type Chart, type Shape } from './reportcharts.js';

/**
 * The report as one standalone HTML document (docs/adr/0021): inline CSS, inline SVG charts, no script, made to be
 * read on screen and printed on A4. The web app shows this same document (web/src/pages/audit/Report.tsx).
 */

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const n = (v: number) => +v.toFixed(2);

export function svgOf(chart: Chart): string {
  const shape = (s: Shape) => {
    if (s.t === 'rect') return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill}"/>`;
    if (s.t === 'line') return `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}" stroke="${s.stroke}" stroke-width="${s.width}"/>`;
    return `<text x="${n(s.x)}" y="${n(s.y)}" font-size="${s.size}" text-anchor="${s.anchor}" fill="${s.fill}"${s.bold ? ' font-weight="bold"' : ''}>${esc(s.text)}</text>`;
  };
  return `<svg class="chart" data-chart="${chart.id}" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}" role="img" aria-label="${esc(`${chart.title}. ${chart.caption}`)}" font-family="Helvetica, Arial, sans-serif">${chart.shapes.map(shape).join('')}</svg>`;
}

const figure = (chart: Chart, number: number) =>
  `<figure><div class="chart-box">${svgOf(chart)}</div><figcaption><strong>Figure ${number}.</strong> ${esc(chart.title)}: ${esc(chart.caption)}</figcaption></figure>`;

const table = (head: string[], rows: string[][], numeric: number[] = []) => `<div class="table"><table>
<thead><tr>${head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td data-label="${esc(head[i])}"${numeric.includes(i) ? ' class="num"' : c.length <= 12 ? ' class="short"' : ''}>${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>`;

export const FACT_LABELS: Record<string, string> = {
  files: 'Files', bytes: 'Bytes', distinctFiles: 'Distinct files', topProjects: 'Top projects',
};
export const factLabel = (k: string) => FACT_LABELS[k] ?? k.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/^./, (c) => c.toUpperCase());
const MAX_ROWS = 200;

function querySection(m: ReportModel, q: QuerySection, index: number, figures: { n: number }, charts: ReturnType<typeof reportCharts>): string {
  let chart = '';
  if (q.query === 'top-downloaders') chart = figure(charts.downloaders, figures.n++);
  if (q.query === 'restriction-change') chart = figure(charts.changes, figures.n++);
  const cols = documentColumns(m, q);
  const head = cols.map((c) => c.head);
  const rows = q.rows.slice(0, MAX_ROWS).map((r) => cols.map((c) => (c.head === 'State' ? `<span class="state state-${r.state}">${STATE_TEXT[r.state]}</span>` : esc(c.text(r)))));
  const more = q.rows.length > MAX_ROWS ? `<p class="note">The first ${MAX_ROWS} of ${thousands(q.rows.length)} findings are listed; the spreadsheet and the CSV hold them all.</p>` : '';
  return `<section class="query" id="q-${q.query}">
<h2>${index}. ${esc(q.title)}</h2>
<p><strong>Threat.</strong> ${esc(q.threat)}</p>
<p><strong>What the query looks for.</strong> ${esc(q.method)}</p>
<p><strong>Follow-up.</strong> ${esc(q.action)}</p>
<p class="outcome"><strong>Outcome.</strong> ${esc(outcomeSentence(m, q))}</p>
${chart}
${q.total > 0 ? table(head, rows, cols.flatMap((c, i) => (c.numeric ? [i] : []))) + more : ''}
</section>`;
}

export function reportHtml(m: ReportModel, status: ReportStatus): string {
  const charts = reportCharts(m);
  const figures = { n: 1 };
  const periods = m.periods.map((p) => `${esc(p.label)}: ${esc(periodText(p.from, p.to))}`).join('<br>');
  const approved = status.state === 'approved';
  const statusText = approved ? `Approved by ${esc(status.approvedBy)} on ${esc(longDate(status.approvedAt!))}`
    : status.state === 'submitted' ? 'Submitted for approval by the Director of Governance'
      : status.state === 'rejected' ? 'Returned for changes by the Director of Governance' : 'Draft';
  const activity = `${figure(charts.downloads, figures.n++)}${figure(charts.states, figures.n++)}`;
  let section = 3;
  const querySections = m.queries.map((q) => querySection(m, q, section++, figures, charts)).join('\n');
  const useCases = [...new Set(m.pivots.changesByProject.flatMap((p) => Object.keys(p.byUseCase)))].sort();
  const pivots = `<section id="pivots"><h2>${section++}. Pivot summaries</h2>
<h3>Restriction changes by project</h3>
${m.pivots.changesByProject.length === 0 ? '<p>No restriction changes were found.</p>' : table(['Project', ...useCases.map(useCaseText), 'Total'],
    m.pivots.changesByProject.map((p) => [esc(p.projectId ? `${p.project} (${p.projectId})` : p.project), ...useCases.map((u) => String(p.byUseCase[u] ?? 0)), `<strong>${p.total}</strong>`]),
    [...useCases.map((_, i) => i + 1), useCases.length + 1])}
<h3>MD5 duplicates by project</h3>
${m.pivots.duplicatesByProject.length === 0 ? '<p>No MD5 duplicates were found.</p>' : table(['Project of the copy', 'Duplicates'], m.pivots.duplicatesByProject.map((p) => [esc(p.projectId ? `${p.project} (${p.projectId})` : p.project), String(p.total)]), [1])}
<h3>Findings by query and triage state</h3>
${table(['Query', ...FINDING_STATES.map((s) => STATE_TEXT[s]), 'Total'], m.pivots.findingsByQueryAndState.map((r) => [esc(r.query), ...FINDING_STATES.map((s) => String(r.values[s])), `<strong>${r.total}</strong>`]), [1, 2, 3, 4, 5, 6])}
<h3>Top downloaders' responses</h3>
${m.pivots.downloaderResponses.length === 0 ? '<p>No top downloaders were found.</p>' : table(['User', 'Files', 'Bytes', 'State', 'Response'], m.pivots.downloaderResponses.map((r) => [esc(r.user), thousands(r.files), esc(formatBytes(r.bytes)), STATE_TEXT[r.state], esc(r.reply ?? 'No reply recorded')]), [1, 2])}
</section>`;
  const triage = `<section id="triage"><h2>${section++}. Triage log</h2>
${m.triageLog.length === 0 ? '<p>No triage was recorded for these findings.</p>' : `<p>Every note, contact, reply, change of owner or state and incident recorded on the findings of this report, in time order.</p>${table(['When', 'Finding', 'Query', 'By', 'What', 'Text'],
    m.triageLog.map((e) => [esc(shortDate(e.at)), String(e.findingId), esc(QUERY_TEXT[e.query]?.title ?? e.query), esc(e.actor ?? 'Gatehouse'), esc(EVENT_TEXT[e.kind] ?? e.kind), esc(e.body)]), [1])}`}
</section>`;
  const reviews = status.reviews.length === 0 ? '<p>The report has not been submitted for review yet.</p>'
    : table(['When', 'Who', 'Action', 'Comment'], status.reviews.map((r) => [esc(shortDate(r.at)), esc(r.actor), esc(REVIEW_TEXT[r.action]), esc(r.comment || '—')]));
  const approval = `<section id="approval"><h2>${section++}. Review and approval</h2>
<p>The Director of Governance reviews the report before it is submitted to the IRB at the continuing review and to HITRUST.</p>
${reviews}
<div class="signature"><div><span class="label">Status</span><span>${statusText}</span></div>
<div><span class="label">Approved by</span><span>${approved ? esc(status.approvedBy) : '&nbsp;'}</span></div>
<div><span class="label">Date</span><span>${approved ? esc(longDate(status.approvedAt!)) : '&nbsp;'}</span></div></div>
</section>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title)} — ${esc(m.organisation)}</title>
<style>${CSS}</style></head>
<body><main class="report">
<header class="title-page">
<p class="org">${esc(m.organisation)}</p>
<h1>${esc(m.title)}</h1>
<p class="subtitle">Periodic security audit of data access, data handling and data loss</p>
<dl>
<dt>Period${m.periods.length > 1 ? 's' : ''}</dt><dd>${periods}</dd>
<dt>Prepared by</dt><dd>${esc(m.preparedBy)}, security engineer, with the Access and Compliance Team</dd>
<dt>Date</dt><dd>${esc(longDate(m.generatedAt))}</dd>
<dt>Status</dt><dd class="status status-${status.state}">${statusText}</dd>
<dt>For</dt><dd>The IRB (continuing review) and HITRUST</dd>
</dl>
<nav class="contents" aria-label="Contents"><p class="contents-title">Contents</p><ol>
<li><a href="#summary">Executive summary</a></li><li><a href="#method">Method</a></li>
${m.queries.map((q) => `<li><a href="#q-${q.query}">${esc(q.title)}</a></li>`).join('')}
<li><a href="#pivots">Pivot summaries</a></li><li><a href="#triage">Triage log</a></li><li><a href="#approval">Review and approval</a></li>
</ol></nav>
</header>
<section id="summary"><h2>1. Executive summary</h2>${executiveSummary(m).map((s) => `<p>${esc(s)}</p>`).join('')}</section>
<section id="method"><h2>2. Method</h2>
<p>The audit looks for three threat scenarios to data held in ${esc(m.organisation)}: <em>data access</em> (controlled data accessed without qualification, or significant access shared), <em>data handling</em> (a controlled or restricted data set copied or exposed without its access controls) and <em>data loss</em> (an account with extensive access compromised, data leaving the platform). Each query below targets one of them; its findings are triaged by the Access and Compliance Team, who contact the people concerned and raise a governance incident when a reply shows a breach.</p>
<h3>Queries</h3>
<ul>${m.queries.map((q) => `<li><strong>${esc(q.title)}.</strong> ${esc(q.method)}</li>`).join('')}</ul>
<h3>Record sources</h3>
<ul>${RECORD_SOURCES.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<p>${esc(CONSTRAINT_TEXT)}</p>
<h3>Activity in the period</h3>
${activity}
</section>
${querySections}
${pivots}
${triage}
${approval}
<footer><p>${esc(m.organisation)} · ${esc(m.title)} · report ${m.reportId} · generated ${esc(longDate(m.generatedAt))}</p></footer>
</main></body></html>`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f4; color: #1f2933; font: 15px/1.55 Georgia, 'Times New Roman', serif; }
.report { max-width: 860px; margin: 24px auto; background: #fff; padding: 56px 64px; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1, h2, h3, .org, .subtitle, dt, th, figcaption, .state, footer, .signature { font-family: Helvetica, Arial, sans-serif; }
h1 { font-size: 30px; line-height: 1.2; margin: 8px 0 6px; }
h2 { font-size: 21px; margin: 40px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #2f6f9f; }
h3 { font-size: 16px; margin: 24px 0 8px; }
.title-page { padding: 40px 0 32px; border-bottom: 1px solid #cbd2d9; }
.org { text-transform: uppercase; letter-spacing: .12em; color: #2f6f9f; font-weight: bold; margin: 0; }
.subtitle { color: #52606d; margin: 0 0 28px; }
.contents { margin-top: 32px; font-family: Helvetica, Arial, sans-serif; font-size: 14px; }
.contents-title { color: #52606d; font-size: 13px; text-transform: uppercase; letter-spacing: .05em; margin: 0 0 6px; }
.contents ol { margin: 0; padding-left: 1.6em; columns: 2; column-gap: 32px; }
.contents a { color: #1f2933; text-decoration: none; }
.contents a:hover { text-decoration: underline; }
dl { display: grid; grid-template-columns: 9em 1fr; gap: 8px 16px; margin: 0; }
dt { color: #52606d; font-size: 13px; text-transform: uppercase; letter-spacing: .05em; padding-top: 2px; }
dd { margin: 0; }
.status-approved { color: #276749; font-weight: bold; }
.status-rejected { color: #9b2c2c; font-weight: bold; }
figure { margin: 20px 0; break-inside: avoid; }
svg.chart { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 12.5px; color: #52606d; margin-top: 6px; }
.table { overflow-x: auto; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { text-align: left; background: #e4ebf1; font-size: 12px; padding: 6px 8px; border-bottom: 1px solid #9aa5b1; }
td { padding: 6px 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
td.num, td.short { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.state { font-size: 12px; white-space: nowrap; padding: 1px 6px; border-radius: 3px; color: #fff; }
${Object.entries(STATE_COLOURS).map(([s, c]) => `.state-${s} { background: ${c}; }`).join('\n')}
.outcome { background: #f5f7fa; border-left: 3px solid #2f6f9f; padding: 8px 12px; }
.note { font-size: 13px; color: #52606d; }
.signature { margin-top: 28px; border: 1px solid #9aa5b1; padding: 12px 16px; display: grid; gap: 10px; }
.signature div { display: grid; grid-template-columns: 9em 1fr; gap: 16px; }
.signature span:last-child { border-bottom: 1px dotted #9aa5b1; min-height: 1.5em; }
.label { color: #52606d; font-size: 13px; text-transform: uppercase; letter-spacing: .05em; }
footer { margin-top: 48px; font-size: 12px; color: #7b8794; border-top: 1px solid #e4e7eb; }
@media (max-width: 640px) {
  body { font-size: 15px; }
  /* Charts keep a readable size and scroll sideways; tables become one card per row, each value labelled. */
  .chart-box { overflow-x: auto; }
  .chart-box svg.chart { max-width: none; width: 560px; }
  .table { overflow: visible; }
  table, tbody, tr, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid #d9e2ec; border-radius: 4px; margin-bottom: 10px; padding: 4px 0; }
  td { display: grid; grid-template-columns: 7.5em minmax(0, 1fr); gap: 8px; border-bottom: none; padding: 3px 10px; text-align: left; }
  td.num { text-align: left; }
  td.short, td.num { white-space: normal; }
  td::before { content: attr(data-label); font-family: Helvetica, Arial, sans-serif; font-size: 11px; color: #52606d; text-transform: uppercase; letter-spacing: .04em; padding-top: 2px; }
  td > .state { justify-self: start; }
  .report { margin: 0; padding: 20px 16px; box-shadow: none; }
  h1 { font-size: 24px; }
  .contents ol { columns: 1; }
  dl, .signature div { grid-template-columns: 1fr; gap: 2px; }
  dd { margin-bottom: 10px; }
  table { font-size: 12px; }
}
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .report { margin: 0; padding: 0; box-shadow: none; max-width: none; }
  .title-page { min-height: 240mm; }
  .contents { margin-top: 60mm; }
  #summary, #pivots, #triage, #approval { break-before: page; }
  section.query { break-before: auto; }
  h2, h3 { break-after: avoid; }
  .table { overflow: visible; }
}
`;
