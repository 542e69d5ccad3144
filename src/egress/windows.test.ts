import { describe, expect, it } from 'vitest';
import { bytesInInterval, inInterval, inWindowEndingAt, readWindows, within } from './windows.js';

const T = Date.UTC(2026, 2, 2, 9);
const MIN = 60_000;
const FIVE = { windowSeconds: 300, bytes: 100 };

describe('"within D of t" is closed at both ends', () => {
  it('counts exactly D before and after, not one millisecond more', () => {
    expect(within(T - 5 * MIN, T, 5 * MIN)).toBe(true);
    expect(within(T - 5 * MIN - 1, T, 5 * MIN)).toBe(false);
    expect(within(T + 5 * MIN, T, 5 * MIN)).toBe(true);
    expect(within(T + 5 * MIN + 1, T, 5 * MIN)).toBe(false);
  });

  it('a sliding window ending at t holds t − D ≤ s ≤ t and nothing after t', () => {
    expect(inWindowEndingAt(T, T, 5 * MIN)).toBe(true);
    expect(inWindowEndingAt(T - 5 * MIN, T, 5 * MIN)).toBe(true);
    expect(inWindowEndingAt(T - 5 * MIN - 1, T, 5 * MIN)).toBe(false);
    expect(inWindowEndingAt(T + 1, T, 5 * MIN)).toBe(false);
  });
});

describe('"from … until" is half-open', () => {
  it('holds its from, not its until', () => {
    expect(inInterval(T, T, T + MIN)).toBe(true);
    expect(inInterval(T - 1, T, T + MIN)).toBe(false);
    expect(inInterval(T + MIN - 1, T, T + MIN)).toBe(true);
    expect(inInterval(T + MIN, T, T + MIN)).toBe(false);
  });

  it('sums the bytes in the interval only', () => {
    const amounts = [{ at: T - 1, bytes: 1 }, { at: T, bytes: 10 }, { at: T + MIN - 1, bytes: 100 }, { at: T + MIN, bytes: 1000 }];
    expect(bytesInInterval(amounts, T, T + MIN)).toBe(110);
  });
});

describe('reading the sliding windows', () => {
  it('an amount exactly five minutes old is in the five-minute window, one a millisecond older is not', () => {
    expect(readWindows([FIVE], [{ at: T - 5 * MIN, bytes: 60 }], { at: T, bytes: 41 })[0])
      .toEqual({ windowSeconds: 300, limitBytes: 100, endsAt: T, totalBytes: 101, crossed: true });
    expect(readWindows([FIVE], [{ at: T - 5 * MIN - 1, bytes: 60 }], { at: T, bytes: 41 })[0])
      .toEqual({ windowSeconds: 300, limitBytes: 100, endsAt: T, totalBytes: 41, crossed: false });
    expect(readWindows([FIVE], [{ at: T - 5 * MIN + 1, bytes: 60 }], { at: T, bytes: 41 })[0].crossed).toBe(true);
  });

  it('reaching the limit exactly is not crossing it; one byte more is', () => {
    expect(readWindows([FIVE], [{ at: T - MIN, bytes: 60 }], { at: T, bytes: 40 })[0]).toMatchObject({ totalBytes: 100, crossed: false });
    expect(readWindows([FIVE], [{ at: T - MIN, bytes: 60 }], { at: T, bytes: 41 })[0]).toMatchObject({ totalBytes: 101, crossed: true });
  });

  it('reads each window on its own, in the order of the limits', () => {
    const limits = [FIVE, { windowSeconds: 600, bytes: 100 }, { windowSeconds: 3600, bytes: 150 }];
    const past = [{ at: T - 7 * MIN, bytes: 70 }, { at: T - 30 * MIN, bytes: 50 }];
    expect(readWindows(limits, past, { at: T, bytes: 31 })).toEqual([
      { windowSeconds: 300, limitBytes: 100, endsAt: T, totalBytes: 31, crossed: false },
      { windowSeconds: 600, limitBytes: 100, endsAt: T, totalBytes: 101, crossed: true },
      { windowSeconds: 3600, limitBytes: 150, endsAt: T, totalBytes: 151, crossed: true },
    ]);
  });

  it('a late amount is read in every window that holds it: one ending at a later amount counts', () => {
    // Recorded already: 60 at T+4 min. Arriving late: 41 that left at T. The window (T−1 min, T+4 min] holds both.
    expect(readWindows([FIVE], [{ at: T + 4 * MIN, bytes: 60 }], { at: T, bytes: 41 })[0])
      .toEqual({ windowSeconds: 300, limitBytes: 100, endsAt: T + 4 * MIN, totalBytes: 101, crossed: true });
    // Exactly five minutes later is still in a window with it; a millisecond more is not.
    expect(readWindows([FIVE], [{ at: T + 5 * MIN, bytes: 60 }], { at: T, bytes: 41 })[0]).toMatchObject({ totalBytes: 101, crossed: true });
    expect(readWindows([FIVE], [{ at: T + 5 * MIN + 1, bytes: 60 }], { at: T, bytes: 41 })[0]).toMatchObject({ endsAt: T, totalBytes: 41, crossed: false });
  });

  it('the fullest window wins: an earlier amount drops out as the window moves to a later one', () => {
    const past = [{ at: T - 4 * MIN, bytes: 50 }, { at: T + 2 * MIN, bytes: 30 }];
    // Ending at T: 50 + 20 = 70. Ending at T+2 min: the amount at T−4 min is 6 minutes old, out; 20 + 30 = 50.
    expect(readWindows([FIVE], past, { at: T, bytes: 20 })[0]).toMatchObject({ endsAt: T, totalBytes: 70 });
    // With a ten-minute window both stay in: 100 at T+2 min, the earliest fullest end.
    expect(readWindows([{ windowSeconds: 600, bytes: 100 }], past, { at: T, bytes: 20 })[0]).toMatchObject({ endsAt: T + 2 * MIN, totalBytes: 100, crossed: false });
  });
});
