import ExcelJS from 'exceljs';
import { FINDING_STATES, STATE_TEXT, executiveSummary, periodText, useCaseText, type ReportModel, type ReportStatus } from './report.js';
import { queryTable } from './reportcsv.js';


/**
 * The report's spreadsheet: a summary sheet, one sheet per query (named by the query), the pivots and the triage
 * log. Each table has a formatted header row that stays in view, columns sized to their content, and a filter.
 */
export const PIVOT_SHEETS = ['Pivot - changes by project', 'Pivot - duplicates by project', 'Pivot - findings by state', 'Pivot - downloader replies'] as const;
export const TRIAGE_SHEET = 'Triage log';

type Cell = string | number | null | Date;

function addTable(wb: ExcelJS.Workbook, name: string, head: string[], rows: Cell[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(head);
  for (const r of rows) ws.addRow(r);
  const header = ws.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF2F6F9F' } };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 22;
  head.forEach((h, i) => {
    const longest = Math.max(h.length, ...rows.slice(0, 500).map((r) => (r[i] instanceof Date ? 18 : String(r[i] ?? '').length)));
    const col = ws.getColumn(i + 1);
    col.width = Math.min(60, Math.max(10, longest + 2));
    if (longest > 60) col.alignment = { wrapText: true, vertical: 'top' };
  });
  if (head.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: head.length } };
  return ws;
}

export async function reportXlsx(m: ReportModel, status: ReportStatus): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = m.preparedBy;
  wb.title = m.title;
  wb.created = new Date(m.generatedAt);

  const summary = wb.addWorksheet('Summary');
  summary.getColumn(1).width = 22;
  summary.getColumn(2).width = 100;
  summary.addRow([m.title]).font = { bold: true, size: 14 };
  summary.addRow(['Organisation', m.organisation]);
  for (const p of m.periods) summary.addRow([`Period ${p.label}`, `${periodText(p.from, p.to)} (run ${p.runId})`]);
  summary.addRow(['Prepared by', m.preparedBy]);
  summary.addRow(['Generated', new Date(m.generatedAt)]);
  summary.addRow(['Status', status.state === 'approved' ? `Approved by ${status.approvedBy} on ${status.approvedAt?.slice(0, 10)}` : status.state]);
  summary.addRow([]);
  for (const s of executiveSummary(m)) summary.addRow(['', s]).getCell(2).alignment = { wrapText: true };
  summary.getColumn(1).font = { bold: true };

  for (const q of m.queries) {
    const t = queryTable(q);
    addTable(wb, q.query, t.head, t.rows.map((r) => r.map((c, i) => (i === 2 && typeof c === 'string' ? new Date(c) : c))));
  }

  const useCases = [...new Set(m.pivots.changesByProject.flatMap((p) => Object.keys(p.byUseCase)))].sort();
  addTable(wb, PIVOT_SHEETS[0], ['Project id', 'Project', ...useCases.map(useCaseText), 'Total'],
    m.pivots.changesByProject.map((p) => [p.projectId, p.project, ...useCases.map((u) => p.byUseCase[u] ?? 0), p.total]));
  addTable(wb, PIVOT_SHEETS[1], ['Project id', 'Project of the copy', 'Duplicates'], m.pivots.duplicatesByProject.map((p) => [p.projectId, p.project, p.total]));
  addTable(wb, PIVOT_SHEETS[2], ['Query', ...FINDING_STATES.map((s) => STATE_TEXT[s]), 'Total'],
    m.pivots.findingsByQueryAndState.map((r) => [r.query, ...FINDING_STATES.map((s) => r.values[s]), r.total]));
  addTable(wb, PIVOT_SHEETS[3], ['User', 'Files', 'Bytes', 'State', 'Reply'], m.pivots.downloaderResponses.map((r) => [r.user, r.files, r.bytes, r.state, r.reply]));
  addTable(wb, TRIAGE_SHEET, ['When', 'Finding', 'Query', 'By', 'What', 'Text'],
    m.triageLog.map((e) => [new Date(e.at), e.findingId, e.query, e.actor, e.kind, e.body]));
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => { if (c.value instanceof Date) c.numFmt = 'yyyy-mm-dd hh:mm'; }));

  return Buffer.from(await wb.xlsx.writeBuffer());
}
