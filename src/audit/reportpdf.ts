import PDFDocument from 'pdfkit';
import {
  CONSTRAINT_TEXT, EVENT_TEXT, FINDING_STATES, QUERY_TEXT, RECORD_SOURCES, STATE_TEXT, REVIEW_TEXT, documentColumns, executiveSummary, outcomeSentence, formatBytes, longDate, periodText,
  shortDate, thousands, useCaseText,
  type QuerySection, type ReportModel, type ReportStatus,
} from './report.js';
import { reportCharts, STATE_COLOURS, type Chart } from './reportcharts.js';

/**
 * The report as a PDF for the IRB and HITRUST (docs/adr/0021): the sections of the HTML document, the same charts
 * drawn as vector graphics from the same shapes (reportcharts.ts), headings in the outline, a page number on every
 * page. Uncompressed, so that its text can be searched without a PDF library.
 */
const A4 = { w: 595.28, h: 841.89 };
const M = { top: 64, bottom: 64, left: 56, right: 56 };
const WIDTH = A4.w - M.left - M.right;
const BLUE = '#2f6f9f';
const INK = '#1f2933';
const MUTED = '#52606d';
const SERIF = 'Times-Roman';
const SANS = 'Helvetica';
const SANS_BOLD = 'Helvetica-Bold';
const MAX_ROWS = 200;

type Doc = PDFKit.PDFDocument;
const bottom = (doc: Doc) => A4.h - M.bottom;
const ensure = (doc: Doc, height: number) => { if (doc.y + height > bottom(doc)) doc.addPage(); };

/** The numbered sections and the page each starts on, for the contents on the title page. */
const contentsOf = new WeakMap<Doc, { text: string; page: number }[]>();

function heading(doc: Doc, text: string, level: 1 | 2) {
  ensure(doc, level === 1 ? 80 : 50);
  if (level === 1) {
    contentsOf.get(doc)?.push({ text, page: doc.bufferedPageRange().count });
    doc.moveDown(0.6).font(SANS_BOLD).fontSize(16).fillColor(INK).text(text, M.left, doc.y, { width: WIDTH });
    doc.moveTo(M.left, doc.y + 2).lineTo(M.left + WIDTH, doc.y + 2).lineWidth(1.5).strokeColor(BLUE).stroke();
    doc.moveDown(0.6);
    doc.outline.addItem(text);
  } else {
    doc.moveDown(0.5).font(SANS_BOLD).fontSize(12).fillColor(INK).text(text, M.left, doc.y, { width: WIDTH }).moveDown(0.3);
  }
}
function para(doc: Doc, text: string, opts: { lead?: string; muted?: boolean } = {}) {
  doc.fillColor(opts.muted ? MUTED : INK);
  if (opts.lead) doc.font('Times-Bold').fontSize(11).text(`${opts.lead} `, M.left, doc.y, { width: WIDTH, continued: true });
  doc.font(SERIF).fontSize(11).text(text, opts.lead ? undefined : M.left, opts.lead ? undefined : doc.y, { width: WIDTH, lineGap: 1.5 }).moveDown(0.45);
}
function bullets(doc: Doc, items: string[]) {
  for (const item of items) {
    ensure(doc, 30);
    const y = doc.y;
    doc.font(SERIF).fontSize(11).fillColor(INK).text('•', M.left + 4, y, { lineBreak: false });
    doc.text(item, M.left + 18, y, { width: WIDTH - 18, lineGap: 1.5 }).moveDown(0.25);
  }
  doc.moveDown(0.3);
}

function drawChart(doc: Doc, chart: Chart, number: number) {
  const scale = WIDTH / chart.width;
  const h = chart.height * scale;
  ensure(doc, h + 30);
  const x0 = M.left;
  const y0 = doc.y + 4;
  doc.save();
  doc.translate(x0, y0).scale(scale);
  for (const s of chart.shapes) {
    if (s.t === 'rect') doc.rect(s.x, s.y, s.w, s.h).fillColor(s.fill).fill();
    else if (s.t === 'line') doc.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).lineWidth(s.width).strokeColor(s.stroke).stroke();
    else {
      doc.font(s.bold ? SANS_BOLD : SANS).fontSize(s.size).fillColor(s.fill);
      const w = doc.widthOfString(s.text);
      const x = s.anchor === 'end' ? s.x - w : s.anchor === 'middle' ? s.x - w / 2 : s.x;
      // SVG places text by its baseline, PDFKit by the top of the line.
      doc.text(s.text, x, s.y - s.size * 0.8, { lineBreak: false });
    }
  }
  doc.restore();
  doc.x = M.left;
  doc.y = y0 + h + 6;
  doc.font(SANS).fontSize(8.5).fillColor(MUTED).text(`Figure ${number}. ${chart.title}: ${chart.caption}`, M.left, doc.y, { width: WIDTH });
  doc.moveDown(0.8);
}

/** A table that breaks across pages, its header repeated on each. Widths are fractions of the text width. */
function table(doc: Doc, head: string[], rows: string[][], widths: number[], numeric: number[] = []) {
  const cols = widths.map((w) => w * WIDTH);
  const pad = 3;
  const size = 8.5;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i] - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], header: boolean) => {
    const font = header ? SANS_BOLD : SANS;
    const h = rowHeight(cells, font);
    const y = doc.y;
    if (header) doc.rect(M.left, y, WIDTH, h).fillColor('#e4ebf1').fill();
    let x = M.left;
    cells.forEach((c, i) => {
      doc.font(font).fontSize(size).fillColor(INK).text(c, x + pad, y + pad, { width: cols[i] - 2 * pad, align: numeric.includes(i) ? 'right' : 'left' });
      x += cols[i];
    });
    doc.moveTo(M.left, y + h).lineTo(M.left + WIDTH, y + h).lineWidth(header ? 0.8 : 0.4).strokeColor(header ? '#9aa5b1' : '#d9e2ec').stroke();
    doc.x = M.left;
    doc.y = y + h;
  };
  ensure(doc, rowHeight(head, SANS_BOLD) + 24);
  drawRow(head, true);
  for (const r of rows) {
    if (doc.y + rowHeight(r, SANS) > bottom(doc)) {
      doc.addPage();
      drawRow(head, true);
    }
    drawRow(r, false);
  }
  doc.moveDown(0.8);
}

function querySection(doc: Doc, m: ReportModel, q: QuerySection, index: number, charts: ReturnType<typeof reportCharts>, figures: { n: number }) {
  // A section starts a page unless the one in progress has room for its text and the start of its table.
  if (doc.y > M.top + 10) ensure(doc, 330);
  heading(doc, `${index}. ${q.title}`, 1);
  para(doc, q.threat, { lead: 'Threat.' });
  para(doc, q.method, { lead: 'What the query looks for.' });
  para(doc, q.action, { lead: 'Follow-up.' });
  para(doc, outcomeSentence(m, q), { lead: 'Outcome.' });
  if (q.query === 'top-downloaders') drawChart(doc, charts.downloaders, figures.n++);
  if (q.query === 'restriction-change') drawChart(doc, charts.changes, figures.n++);
  if (q.total === 0) return;
  const cols = documentColumns(m, q);
  table(doc, cols.map((c) => c.head), q.rows.slice(0, MAX_ROWS).map((r) => cols.map((c) => c.text(r))), cols.map((c) => c.width), cols.flatMap((c, i) => (c.numeric ? [i] : [])));
  if (q.rows.length > MAX_ROWS) para(doc, `The first ${MAX_ROWS} of ${thousands(q.rows.length)} findings are listed; the spreadsheet and the CSV hold them all.`, { muted: true });
}

export function reportPdf(m: ReportModel, status: ReportStatus): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: M, compress: false, bufferPages: true, info: { Title: m.title, Author: m.preparedBy, Subject: `${m.organisation} security audit`, Creator: 'Gatehouse' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const charts = reportCharts(m);
  const figures = { n: 1 };
  const contents: { text: string; page: number }[] = [];
  contentsOf.set(doc, contents);
  const approved = status.state === 'approved';
  const statusText = approved ? `Approved by ${status.approvedBy} on ${longDate(status.approvedAt!)}`
    : status.state === 'submitted' ? 'Submitted for approval by the Director of Governance'
      : status.state === 'rejected' ? 'Returned for changes by the Director of Governance' : 'Draft';

  // Title page.
  doc.y = 200;
  doc.font(SANS_BOLD).fontSize(11).fillColor(BLUE).text(m.organisation.toUpperCase(), M.left, doc.y, { characterSpacing: 1.5 });
  doc.moveDown(0.5).font(SANS_BOLD).fontSize(26).fillColor(INK).text(m.title, { width: WIDTH });
  doc.moveDown(0.3).font(SANS).fontSize(13).fillColor(MUTED).text('Periodic security audit of data access, data handling and data loss', { width: WIDTH });
  doc.moveDown(2.5);
  const field = (label: string, value: string) => {
    const y = doc.y;
    doc.font(SANS_BOLD).fontSize(9).fillColor(MUTED).text(label.toUpperCase(), M.left, y + 1.5, { width: 110 });
    doc.font(SERIF).fontSize(12).fillColor(INK).text(value, M.left + 120, y, { width: WIDTH - 120 });
    doc.moveDown(0.7);
  };
  field(m.periods.length > 1 ? 'Periods' : 'Period', m.periods.map((p) => `${p.label}: ${periodText(p.from, p.to)}`).join('\n'));
  field('Prepared by', `${m.preparedBy}, security engineer, with the Access and Compliance Team`);
  field('Date', longDate(m.generatedAt));
  field('Status', statusText);
  field('For', 'The IRB (continuing review) and HITRUST');

  doc.addPage();
  heading(doc, '1. Executive summary', 1);
  for (const s of executiveSummary(m)) para(doc, s);
  heading(doc, '2. Method', 1);
  para(doc, `The audit looks for three threat scenarios to data held in ${m.organisation}: data access (controlled data accessed without qualification, or significant access shared), data handling (a controlled or restricted data set copied or exposed without its access controls) and data loss (an account with extensive access compromised, data leaving the platform). Each query below targets one of them; its findings are triaged by the Access and Compliance Team, who contact the people concerned and raise a governance incident when a reply shows a breach.`);
  heading(doc, 'Queries', 2);
  bullets(doc, m.queries.map((q) => `${q.title}. ${q.method}`));
  heading(doc, 'Record sources', 2);
  bullets(doc, RECORD_SOURCES);
  para(doc, CONSTRAINT_TEXT);
  heading(doc, 'Activity in the period', 2);
  drawChart(doc, charts.downloads, figures.n++);
  drawChart(doc, charts.states, figures.n++);

  let section = 3;
  for (const q of m.queries) querySection(doc, m, q, section++, charts, figures);

  doc.addPage();
  heading(doc, `${section++}. Pivot summaries`, 1);
  heading(doc, 'Restriction changes by project', 2);
  const useCases = [...new Set(m.pivots.changesByProject.flatMap((p) => Object.keys(p.byUseCase)))].sort();
  if (m.pivots.changesByProject.length === 0) para(doc, 'No restriction changes were found.');
  else {
    const uw = Math.min(0.14, 0.6 / Math.max(1, useCases.length));
    table(doc, ['Project', ...useCases.map(useCaseText), 'Total'],
      m.pivots.changesByProject.map((p) => [p.projectId ? `${p.project} (${p.projectId})` : p.project, ...useCases.map((u) => String(p.byUseCase[u] ?? 0)), String(p.total)]),
      [1 - uw * useCases.length - 0.1, ...useCases.map(() => uw), 0.1], [...useCases.map((_, i) => i + 1), useCases.length + 1]);
  }
  heading(doc, 'MD5 duplicates by project', 2);
  if (m.pivots.duplicatesByProject.length === 0) para(doc, 'No MD5 duplicates were found.');
  else table(doc, ['Project of the copy', 'Duplicates'], m.pivots.duplicatesByProject.map((p) => [p.projectId ? `${p.project} (${p.projectId})` : p.project, String(p.total)]), [0.8, 0.2], [1]);
  heading(doc, 'Findings by query and triage state', 2);
  table(doc, ['Query', ...FINDING_STATES.map((s) => STATE_TEXT[s]), 'Total'],
    m.pivots.findingsByQueryAndState.map((r) => [r.query, ...FINDING_STATES.map((s) => String(r.values[s])), String(r.total)]),
    [0.34, 0.11, 0.11, 0.11, 0.11, 0.11, 0.11], [1, 2, 3, 4, 5, 6]);
  heading(doc, "Top downloaders' responses", 2);
  if (m.pivots.downloaderResponses.length === 0) para(doc, 'No top downloaders were found.');
  else table(doc, ['User', 'Files', 'Bytes', 'State', 'Response'],
    m.pivots.downloaderResponses.map((r) => [r.user, thousands(r.files), formatBytes(r.bytes), STATE_TEXT[r.state], r.reply ?? 'No reply recorded']),
    [0.22, 0.1, 0.12, 0.12, 0.44], [1, 2]);

  doc.addPage();
  heading(doc, `${section++}. Triage log`, 1);
  if (m.triageLog.length === 0) para(doc, 'No triage was recorded for these findings.');
  else {
    para(doc, 'Every note, contact, reply, change of owner or state and incident recorded on the findings of this report, in time order.');
    table(doc, ['When', 'Finding', 'Query', 'By', 'What', 'Text'],
      m.triageLog.map((e) => [shortDate(e.at), String(e.findingId), QUERY_TEXT[e.query]?.title ?? e.query, e.actor ?? 'Gatehouse', EVENT_TEXT[e.kind] ?? e.kind, e.body]), [0.12, 0.08, 0.19, 0.13, 0.12, 0.36], [1]);
  }

  doc.addPage();
  heading(doc, `${section++}. Review and approval`, 1);
  para(doc, 'The Director of Governance reviews the report before it is submitted to the IRB at the continuing review and to HITRUST.');
  if (status.reviews.length === 0) para(doc, 'The report has not been submitted for review yet.');
  else table(doc, ['When', 'Who', 'Action', 'Comment'], status.reviews.map((r) => [shortDate(r.at), r.actor, REVIEW_TEXT[r.action], r.comment || '—']), [0.16, 0.2, 0.14, 0.5]);
  ensure(doc, 110);
  const boxY = doc.y + 8;
  doc.rect(M.left, boxY, WIDTH, 96).lineWidth(0.8).strokeColor('#9aa5b1').stroke();
  doc.y = boxY + 12;
  const line = (label: string, value: string) => {
    const y = doc.y;
    doc.font(SANS_BOLD).fontSize(9).fillColor(MUTED).text(label.toUpperCase(), M.left + 14, y + 2, { width: 100 });
    doc.font(SERIF).fontSize(11).fillColor(INK).text(value, M.left + 124, y, { width: WIDTH - 140 });
    doc.moveTo(M.left + 124, y + 14).lineTo(M.left + WIDTH - 14, y + 14).dash(1, { space: 2 }).lineWidth(0.5).strokeColor('#9aa5b1').stroke().undash();
    doc.y = y + 26;
  };
  line('Status', statusText);
  line('Approved by', approved ? status.approvedBy ?? '' : '');
  line('Date', approved ? longDate(status.approvedAt!) : '');

  // The contents, on the title page, now that each section's page is known.
  doc.switchToPage(0);
  doc.y = 560;
  doc.font(SANS_BOLD).fontSize(9).fillColor(MUTED).text('CONTENTS', M.left, doc.y);
  doc.moveDown(0.5);
  for (const c of contents) {
    const y = doc.y;
    doc.font(SERIF).fontSize(10.5).fillColor(INK).text(c.text, M.left, y, { width: WIDTH - 40, lineBreak: false });
    doc.text(String(c.page), M.left, y, { width: WIDTH, align: 'right', lineBreak: false });
    doc.y = y + 15;
  }

  // Page numbers and the running footer, once the page count is known; the footer sits in the bottom margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.font(SANS).fontSize(8).fillColor('#7b8794');
    if (i > range.start) doc.text(`${m.organisation} · ${m.title}`, M.left, A4.h - 40, { width: WIDTH * 0.75, lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, M.left, A4.h - 40, { width: WIDTH, align: 'right', lineBreak: false });
    doc.page.margins.bottom = M.bottom;
  }
  doc.end();
  return done;
}
