import { FINDING_STATES, STATE_TEXT, thousands, type Bar, type FindingState, type ReportModel } from './report.js';

/**
 * The report's charts as shapes (docs/adr/0021): one pure layout of rectangles, lines and texts at fixed sizes,
 * which the HTML writes as inline SVG and the PDF draws as vector graphics with the same coordinates. No charting
 * library: the four charts are bars, and the same geometry in both documents matters more than features.
 */
export type Shape =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: string }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number }
  | { t: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; fill: string; bold?: boolean };

export interface Chart { id: string; title: string; caption: string; width: number; height: number; shapes: Shape[] }

export const CHART_WIDTH = 640;
const INK = '#1f2933';
const MUTED = '#52606d';
const GRID = '#d9e2ec';
const BAR = '#2f6f9f';
export const STATE_COLOURS: Record<FindingState, string> = {
  new: '#9aa5b1', contacted: '#e0a53b', explained: '#3f8f5f', incident: '#c0392b', closed: '#2f6f9f',
};

/** Long labels keep their start and end ("Alzheimer's Disease Kn…Portal 2"): names often differ only at the end. */
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 10).trimEnd()}…${s.slice(-9).trimStart()}` : s);
/** 1, 2, 5, 10, 20, 50 … : a round step so that the axis has about `ticks` lines. */
function niceStep(max: number, ticks: number): number {
  const raw = Math.max(max, 1) / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
const short = (n: number) => (n >= 1_000_000 ? `${+(n / 1_000_000).toFixed(1)}M` : n >= 10_000 ? `${+(n / 1000).toFixed(1)}k` : thousands(n));

function empty(width: number, text: string): Shape[] {
  return [
    { t: 'rect', x: 0, y: 0, w: width, h: 60, fill: '#f5f7fa' },
    { t: 'text', x: width / 2, y: 35, text, size: 12, anchor: 'middle', fill: MUTED },
  ];
}

/** Vertical bars over time, with a value axis. */
export function columnChart(bars: readonly Bar[], width = CHART_WIDTH, height = 240): { shapes: Shape[]; height: number } {
  if (bars.every((b) => b.value === 0)) return { shapes: empty(width, 'No downloads were served in the period.'), height: 60 };
  const left = 48, right = 8, top = 10, bottom = 34;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = Math.max(...bars.map((b) => b.value));
  const step = niceStep(max, 4);
  const axisMax = Math.ceil(max / step) * step;
  const shapes: Shape[] = [];
  for (let v = 0; v <= axisMax; v += step) {
    const y = top + plotH - (v / axisMax) * plotH;
    shapes.push({ t: 'line', x1: left, y1: y, x2: width - right, y2: y, stroke: GRID, width: 0.75 });
    shapes.push({ t: 'text', x: left - 6, y: y + 3.5, text: short(v), size: 9, anchor: 'end', fill: MUTED });
  }
  const slot = plotW / bars.length;
  const every = Math.max(1, Math.ceil(bars.length / 9));
  bars.forEach((b, i) => {
    const h = (b.value / axisMax) * plotH;
    shapes.push({ t: 'rect', x: left + i * slot + slot * 0.15, y: top + plotH - h, w: slot * 0.7, h, fill: BAR });
    if (i % every === 0) shapes.push({ t: 'text', x: left + i * slot + slot / 2, y: height - bottom + 14, text: b.label, size: 9, anchor: 'middle', fill: MUTED });
  });
  shapes.push({ t: 'line', x1: left, y1: top + plotH, x2: width - right, y2: top + plotH, stroke: MUTED, width: 1 });
  shapes.push({ t: 'text', x: left + plotW / 2, y: height - 4, text: 'Week starting', size: 9, anchor: 'middle', fill: MUTED });
  return { shapes, height };
}

/** Horizontal bars, one per label, the value (and its note) at the end of each bar. */
export function barChart(bars: readonly Bar[], emptyText: string, width = CHART_WIDTH): { shapes: Shape[]; height: number } {
  if (bars.length === 0) return { shapes: empty(width, emptyText), height: 60 };
  const labelW = 170, valueW = 120, row = 22, top = 4;
  const plotW = width - labelW - valueW;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const shapes: Shape[] = [];
  bars.forEach((b, i) => {
    const y = top + i * row;
    shapes.push({ t: 'text', x: labelW - 8, y: y + 14, text: clip(b.label, 28), size: 10, anchor: 'end', fill: INK });
    const w = Math.max(1, (b.value / max) * plotW);
    shapes.push({ t: 'rect', x: labelW, y: y + 4, w, h: row - 8, fill: BAR });
    shapes.push({ t: 'text', x: labelW + w + 6, y: y + 14, text: b.note ? `${thousands(b.value)} · ${b.note}` : thousands(b.value), size: 9.5, anchor: 'start', fill: MUTED });
  });
  shapes.push({ t: 'line', x1: labelW, y1: top, x2: labelW, y2: top + bars.length * row, stroke: MUTED, width: 1 });
  return { shapes, height: top + bars.length * row + 6 };
}

/** One stacked bar per query, a segment per triage state, with a legend above. */
export function stackedChart(rows: readonly { label: string; values: Record<FindingState, number> }[], width = CHART_WIDTH): { shapes: Shape[]; height: number } {
  const shapes: Shape[] = [];
  let x = 170;
  for (const s of FINDING_STATES) {
    shapes.push({ t: 'rect', x, y: 4, w: 10, h: 10, fill: STATE_COLOURS[s] });
    shapes.push({ t: 'text', x: x + 14, y: 13, text: STATE_TEXT[s], size: 9.5, anchor: 'start', fill: INK });
    x += 24 + STATE_TEXT[s].length * 6;
  }
  const labelW = 170, valueW = 50, row = 22, top = 24;
  const plotW = width - labelW - valueW;
  const totals = rows.map((r) => FINDING_STATES.reduce((a, s) => a + r.values[s], 0));
  const max = Math.max(...totals, 1);
  rows.forEach((r, i) => {
    const y = top + i * row;
    shapes.push({ t: 'text', x: labelW - 8, y: y + 14, text: clip(r.label, 28), size: 10, anchor: 'end', fill: INK });
    let at = labelW;
    for (const s of FINDING_STATES) {
      if (!r.values[s]) continue;
      const w = (r.values[s] / max) * plotW;
      shapes.push({ t: 'rect', x: at, y: y + 4, w, h: row - 8, fill: STATE_COLOURS[s] });
      at += w;
    }
    shapes.push({ t: 'text', x: at + 6, y: y + 14, text: thousands(totals[i]), size: 9.5, anchor: 'start', fill: MUTED });
  });
  shapes.push({ t: 'line', x1: labelW, y1: top, x2: labelW, y2: top + rows.length * row, stroke: MUTED, width: 1 });
  return { shapes, height: top + rows.length * row + 6 };
}

/** The report's four charts, in the order the document shows them. */
export function reportCharts(m: ReportModel): Record<'downloads' | 'downloaders' | 'changes' | 'states', Chart> {
  const d = columnChart(m.charts.downloadsByWeek);
  const t = barChart(m.charts.topDownloaders, 'The top downloaders query found no downloads.');
  const c = barChart(m.charts.changesPerProject, 'No restriction changes were found.');
  const s = stackedChart(m.charts.findingsByState);
  return {
    downloads: { id: 'downloads', title: 'Downloads over time', caption: 'Files downloaded per week (served download records).', width: CHART_WIDTH, ...d },
    downloaders: { id: 'downloaders', title: 'Top downloaders', caption: 'Files downloaded by each of the top downloaders, with the bytes.', width: CHART_WIDTH, ...t },
    changes: { id: 'changes', title: 'Restriction changes per project', caption: m.pivots.changesByProject.length > 15 ? 'Restriction change of state findings per project, the 15 projects with the most (the pivot summary lists all).' : 'Restriction change of state findings per project.', width: CHART_WIDTH, ...c },
    states: { id: 'states', title: 'Findings by triage state', caption: 'Findings of each query by their state after triage.', width: CHART_WIDTH, ...s },
  };
}
