import { describe, expect, it } from 'vitest';
import { afterFailure, backoffMs, MAX_DELAY_MS } from './schedule.js';

describe('the webhook retry schedule', () => {
  it('doubles from 10 s, with half of each delay random, and stops growing at an hour', () => {
    expect([1, 2, 3].map((n) => backoffMs(n, 0))).toEqual([5_000, 10_000, 20_000]);
    expect([1, 2, 3].map((n) => backoffMs(n, 1))).toEqual([10_000, 20_000, 40_000]);
    expect(backoffMs(30, 1)).toBe(MAX_DELAY_MS);
    expect(backoffMs(30, 0)).toBe(MAX_DELAY_MS / 2);
  });

  it('retries until the window ends, the last attempt at its end, then gives up', () => {
    const retryFrom = new Date('2026-03-02T09:00:00Z');
    const late = new Date(retryFrom.getTime() + 24 * 3_600_000 - 60_000);
    expect(afterFailure({ now: late, attempts: 40, retryFrom, retryHours: 24, random: 1 }))
      .toEqual({ status: 'pending', nextAttemptAt: new Date(retryFrom.getTime() + 24 * 3_600_000) });
    expect(afterFailure({ now: new Date(retryFrom.getTime() + 24 * 3_600_000), attempts: 41, retryFrom, retryHours: 24, random: 0.5 }))
      .toEqual({ status: 'failed' });
  });
});
