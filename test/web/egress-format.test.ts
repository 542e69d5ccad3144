import { describe, expect, it } from 'vitest';
import { byteTicks, formatIec, formatSeconds, lowestThreshold, timeTicks } from '../../web/src/pages/egress/format.js';

/** The numbers the egress charts print (web/src/pages/egress/format.ts): axes that read plainly. */
const MiB = 1024 * 1024;

describe('egress chart labels', () => {
  it('bytes in binary units, as the policy sets its thresholds', () => {
    expect([0, 1023, 1536, 100 * MiB, 1.5 * 1024 * MiB, 100 * 1024 * 1024 * MiB].map(formatIec)).toEqual(['0 B', '1023 B', '1.5 KiB', '100 MiB', '1.5 GiB', '100 TiB']);
    expect([300, 3600, 86_400, 2 * 86_400, 45].map(formatSeconds)).toEqual(['5 min', '1 h', '1 day', '2 days', '45 s']);
  });
  it('byte ticks are round numbers of one unit, above the highest value', () => {
    expect(byteTicks(150 * MiB).map(formatIec)).toEqual(['0 B', '50 MiB', '100 MiB', '150 MiB', '200 MiB']);
    expect(byteTicks(3 * 1024 * MiB).map(formatIec)).toEqual(['0 B', '1 GiB', '2 GiB', '3 GiB', '4 GiB']);
    expect(byteTicks(0)).toEqual([0, 1024]);
  });
  it('time ticks fall on a round step, about eight over the span', () => {
    const from = Date.parse('2026-03-02T09:07:00Z');
    const { ticks, step } = timeTicks(from, from + 3_600_000);
    expect(step).toBe(10 * 60_000);
    expect(ticks.every((t) => new Date(t).getMinutes() % 10 === 0 && t >= from && t <= from + 3_600_000)).toBe(true);
    expect(timeTicks(from, from + 7 * 86_400_000).step).toBe(86_400_000);
  });
  it('the threshold drawn is the lowest of either source, the shorter window on a tie', () => {
    expect(lowestThreshold({ thresholds: {
      monitor: [{ windowSeconds: 600, bytes: 100 * MiB }, { windowSeconds: 300, bytes: 100 * MiB }],
      download: [{ windowSeconds: 3600, bytes: 200 * MiB }],
    } })).toEqual({ windowSeconds: 300, bytes: 100 * MiB, source: 'monitor' });
    expect(lowestThreshold({ thresholds: { monitor: [], download: [] } })).toBeNull();
  });
});
