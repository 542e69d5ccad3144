import { describe, expect, it } from 'vitest';
import { bucketFor, MAX_BUCKETS, spanOf } from './series.js';

const MIN = 60_000;
const now = new Date('2026-03-02T09:00:00Z');

describe('the bucket size of a span', () => {
  it('is the smallest that keeps to 300 buckets', () => {
    expect(bucketFor(60 * MIN)).toBe(60);
    expect(bucketFor(MAX_BUCKETS * MIN)).toBe(60);
    expect(bucketFor(MAX_BUCKETS * MIN + 1)).toBe(300);
    expect(bucketFor(24 * 60 * MIN)).toBe(300);
    expect(bucketFor(7 * 24 * 60 * MIN)).toBe(3600);
    expect(bucketFor(31 * 24 * 60 * MIN)).toBe(3 * 3600);
  });
});

describe('the span', () => {
  it('defaults to the 24 hours before now, or the 24 hours from `from`', () => {
    expect(spanOf({}, now)).toEqual({ from: new Date('2026-03-01T09:00:00Z'), to: now, bucketSeconds: 300 });
    expect(spanOf({ from: new Date('2026-01-01T00:00:00Z') }, now).to).toEqual(new Date('2026-01-02T00:00:00Z'));
  });
  it('is refused when empty, reversed or longer than 31 days', () => {
    expect(() => spanOf({ from: now, to: now }, now)).toThrow(expect.objectContaining({ code: 'BAD_SPAN' }));
    expect(() => spanOf({ from: now, to: new Date(now.getTime() - 1) }, now)).toThrow(expect.objectContaining({ code: 'BAD_SPAN' }));
    expect(() => spanOf({ from: new Date(now.getTime() - 31 * 86_400_000 - 1), to: now }, now)).toThrow(expect.objectContaining({ code: 'SPAN_TOO_LONG', status: 400 }));
    expect(spanOf({ from: new Date(now.getTime() - 31 * 86_400_000), to: now }, now).bucketSeconds).toBe(3 * 3600);
  });
});
