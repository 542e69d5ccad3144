import type { ByteRange } from './blobs.js';
import { Problem } from './problem.js';

/**
 * HTTP Range for file downloads (RFC 9110 §14): one range of bytes, `bytes=a-b`, `bytes=a-` or `bytes=-n`.
 * A header that is not a single bytes range, or an If-Range that names another version, is ignored and the whole
 * file is sent (as §14.2 allows); a range that starts past the end is a 416 problem.
 */
export type RangeAnswer = { kind: 'whole' } | { kind: 'partial'; range: ByteRange };

export function requestedRange(header: string | undefined, size: number, etag: string, ifRange?: string): RangeAnswer {
  if (header === undefined || size === 0) return { kind: 'whole' };
  // If-Range with a date, or with another entity tag: the client's copy is not this one, send it all.
  if (ifRange !== undefined && ifRange.trim() !== etag) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  let start: number;
  let end: number;
  if (match[1] === '') {
    // The last n bytes.
    const n = Number(match[2]);
    if (n === 0) throw rangeNotSatisfiable(size);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (!Number.isSafeInteger(start) || match[2] !== '' && Number(match[2]) < start) return { kind: 'whole' };
    if (start >= size) throw rangeNotSatisfiable(size);
  }
  return { kind: 'partial', range: { start, end } };
}

export function rangeNotSatisfiable(size: number): Problem {
  return new Problem(416, 'RANGE_NOT_SATISFIABLE', `The range asked for is not within the file, which has ${size} bytes.`, { size });
}
