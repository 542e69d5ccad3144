/**
 * The retry schedule of webhook deliveries (docs/adr/0023), pure. After failed attempt n the next one waits
 * 10 s · 2^(n−1), capped at one hour, with "equal jitter" (half the delay fixed, half random), so that receivers
 * coming back after an outage are not hit by every queued delivery in the same second. Attempts go on for the
 * retry window (WEBHOOK_RETRY_HOURS, a day by default) from the event (or an admin's redelivery); the last one is
 * at the window's end, and a failure then marks the delivery failed.
 */
export const FIRST_DELAY_MS = 10_000;
export const MAX_DELAY_MS = 3_600_000;

export function backoffMs(attempts: number, random: number): number {
  const delay = Math.min(FIRST_DELAY_MS * 2 ** Math.max(attempts - 1, 0), MAX_DELAY_MS);
  return Math.round(delay / 2 + (delay / 2) * Math.min(Math.max(random, 0), 1));
}

export type AfterFailure = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

export function afterFailure(input: { now: Date; attempts: number; retryFrom: Date; retryHours: number; random: number }): AfterFailure {
  const now = input.now.getTime();
  const deadline = input.retryFrom.getTime() + input.retryHours * 3_600_000;
  if (now >= deadline) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: new Date(Math.min(now + backoffMs(input.attempts, input.random), deadline)) };
}
