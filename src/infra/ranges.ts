import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ByteRange } from './blobs.js';
import { contentDisposition } from './uploads.js';
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

/** What a download answer says of its file. */
export interface DownloadedFile {
  fileName: string;
  contentType: string;
  size: number;
  md5: string;
}

/**
 * The range a download request asks for (undefined: the whole file), judged against the file's MD5 as its entity
 * tag. A range outside the file is a 416 problem with `Content-Range: bytes *\/size`.
 */
export function downloadRange(request: FastifyRequest, reply: FastifyReply, file: Pick<DownloadedFile, 'size' | 'md5'>): ByteRange | undefined {
  try {
    const ifRange = request.headers['if-range'];
    const asked = requestedRange(request.headers.range, file.size, `"${file.md5}"`, typeof ifRange === 'string' ? ifRange : undefined);
    return asked.kind === 'partial' ? asked.range : undefined;
  } catch (err) {
    reply.header('content-range', `bytes */${file.size}`);
    throw err;
  }
}

/**
 * Sends stored bytes as a download: whole (200) or the range (206). Always an attachment, never rendered in the
 * app's origin (the bytes are whatever was uploaded): nosniff and a sandboxing policy. Open the bytes before
 * calling it, so that missing ones are a problem document rather than a broken answer.
 */
export function sendDownload(reply: FastifyReply, file: DownloadedFile, bytes: Readable, range: ByteRange | undefined): FastifyReply {
  reply
    .type(file.contentType)
    .header('content-length', range ? range.end - range.start + 1 : file.size)
    .header('accept-ranges', 'bytes')
    .header('content-disposition', contentDisposition(file.fileName))
    .header('etag', `"${file.md5}"`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox");
  if (range) reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
  return reply.send(bytes);
}
