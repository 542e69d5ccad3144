import type { QuerySection } from './report.js';
import { factLabel } from './reporthtml.js';

/**
 * One query's findings as a table: the same columns in the CSV and in the query's sheet of the spreadsheet.
 */
export function queryTable(q: QuerySection): { head: string[]; rows: (string | number | null)[][] } {
  const head = ['Finding', 'Period', 'Occurred at', 'Summary', 'Use case', 'Project id', 'Project', 'User', 'State', 'Owner', 'Reply', ...q.factColumns.map(factLabel)];
  const rows = q.rows.map((r) => [
    r.findingId, r.period, r.occurredAt, r.summary, r.useCase, r.projectId, r.projectName, r.userName, r.state, r.owner, r.reply,
    ...q.factColumns.map((k) => r.facts[k] ?? null),
  ]);
  return { head, rows };
}

/**
 * RFC 4180: fields quoted when they hold a comma, quote or line break, lines ended by CRLF. A text that a
 * spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe: findings quote names that
 * users chose.
 */
export function toCsv(head: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const field = (v: string | number | null) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return String(v);
    const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [head, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export const queryCsv = (q: QuerySection) => {
  const t = queryTable(q);
  return toCsv(t.head, t.rows);
};
