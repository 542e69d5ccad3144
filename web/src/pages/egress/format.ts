import type { EgressThreshold } from '../../types.js';

/** Numbers of the egress pages: bytes in binary units, window lengths, axis ticks. No recharts here (lazy.tsx). */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB", 104857600 → "100 MiB": binary units, as the policy's thresholds are set. */
export function formatIec(n: number): string {
  if (n < 1024) return `${n} B`;
  let k = 0;
  let v = n;
  while (v >= 1024 && k < UNITS.length - 1) {
    v /= 1024;
    k++;
  }
  return `${v < 10 && !Number.isInteger(v) ? v.toFixed(1) : Math.round(v)} ${UNITS[k]}`;
}

/** "5 min", "1 h", "2 days". */
export function formatSeconds(s: number): string {
  if (s % 86_400 === 0) return `${s / 86_400} ${s === 86_400 ? 'day' : 'days'}`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** Axis ticks on round numbers of a binary unit (0, 25 MiB, 50 MiB, …), so the labels read plainly. */
export function byteTicks(max: number, count = 4): number[] {
  if (max <= 0) return [0, 1024];
  let unit = 1;
  while (unit * 1024 <= max) unit *= 1024;
  const rough = max / unit / count;
  const step = ([1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => s >= rough) ?? 1000) * unit;
  // Room above the highest value, so a marker or a point at the top is not cut.
  const ticks = [0];
  while (ticks[ticks.length - 1] < max * 1.08) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** The lowest of the policy's thresholds (either source): the first line egress crosses. */
export function lowestThreshold(series: { thresholds: { monitor: EgressThreshold[]; download: EgressThreshold[] } }): (EgressThreshold & { source: string }) | null {
  const all = [
    ...series.thresholds.monitor.map((t) => ({ ...t, source: 'monitor' })),
    ...series.thresholds.download.map((t) => ({ ...t, source: 'download' })),
  ];
  return all.reduce<(EgressThreshold & { source: string }) | null>((low, t) => (!low || t.bytes < low.bytes || (t.bytes === low.bytes && t.windowSeconds < low.windowSeconds) ? t : low), null);
}


const TICK_STEPS_MS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2 * 1440, 7 * 1440].map((m) => m * 60_000);

/**
 * Time-axis ticks on round local times (every 10 min, 3 h, 1 day, …), about `count` of them over [from, to]; the
 * step is returned too, to choose how a tick reads.
 */
export function timeTicks(from: number, to: number, count = 8): { ticks: number[]; step: number } {
  const step = TICK_STEPS_MS.find((s) => (to - from) / s <= count) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
  // Local time: the offset from UTC, so that 3-hour ticks fall on 00:00, 03:00, … where the reader is.
  const offset = -new Date(from).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return { ticks, step };
}
