/**
 * Time spans of the egress policy (SPEC §10), pure: every time is epoch milliseconds, passed in.
 *
 * Two edge rules, one for each kind of span, each chosen to fail towards enforcement:
 *
 * - **"Within D of t"** (sliding windows, the incident merge, the look-back) is closed at both ends:
 *   s is within D of t when |t − s| ≤ D. An amount exactly 5 minutes old is in the 5-minute window; one
 *   5 minutes and 1 ms old is not. Erring by one millisecond counts an amount, never misses one.
 * - **"From … until"** (bypass windows, suspensions, like approvals' expiry) is half-open: [from, until).
 *   A bypass window no longer lets anything through at its `until`; a suspension has ended at its `until`
 *   (as the decision index reads `egress_suspended_until`, src/decisions/live.ts).
 */

/** s lies within `spanMs` of t, before or after, ends included. */
export const within = (s: number, t: number, spanMs: number): boolean => Math.abs(t - s) <= spanMs;

/** s lies in the sliding window of `spanMs` that ends at t: t − spanMs ≤ s ≤ t. */
export const inWindowEndingAt = (s: number, t: number, spanMs: number): boolean => s <= t && t - s <= spanMs;

/** t lies in [from, until). */
export const inInterval = (t: number, from: number, until: number): boolean => from <= t && t < until;

export interface Timed {
  at: number;
  bytes: number;
}

export interface WindowLimit {
  windowSeconds: number;
  bytes: number;
}

/** One sliding window length read for a new amount: the fullest such window that holds it, and whether it is over. */
export interface WindowReading {
  windowSeconds: number;
  limitBytes: number;
  /** Where that window ends: the new amount's time, or later when a late amount fills a later window more. */
  endsAt: number;
  /** Bytes in that window, the new amount included. */
  totalBytes: number;
  /** totalBytes > limitBytes: a limit is a quantity allowed, so reaching it exactly is not crossing it. */
  crossed: boolean;
}

/**
 * Reads each window length for `next` added to the past amounts. Every window of that length that holds `next`
 * is considered, not only the one ending at `next.at`: a monitor's event that arrives late may fill a window
 * ending at an amount recorded after it. The total of a window only grows when its end reaches an amount, so
 * the ends worth reading are `next.at` and the times of the later amounts within the length after it.
 * Ties go to the earliest end.
 */
export function readWindows(limits: readonly WindowLimit[], past: readonly Timed[], next: Timed): WindowReading[] {
  return limits.map((limit) => {
    const span = limit.windowSeconds * 1000;
    const ends = [next.at, ...past.filter((a) => a.at > next.at && a.at - next.at <= span).map((a) => a.at).sort((x, y) => x - y)];
    let endsAt = next.at;
    let totalBytes = -1;
    for (const end of ends) {
      let total = next.bytes;
      for (const a of past) if (inWindowEndingAt(a.at, end, span)) total += a.bytes;
      if (total > totalBytes) [endsAt, totalBytes] = [end, total];
    }
    return { windowSeconds: limit.windowSeconds, limitBytes: limit.bytes, endsAt, totalBytes, crossed: totalBytes > limit.bytes };
  });
}

/** Bytes of the amounts that fall in [from, until). */
export function bytesInInterval(amounts: readonly Timed[], from: number, until: number): number {
  let total = 0;
  for (const a of amounts) if (inInterval(a.at, from, until)) total += a.bytes;
  return total;
}
