import type { Readable } from 'node:stream';
import { BlobTooLargeError } from './blobs.js';
import { badRequest, Problem } from './problem.js';

/** What every multipart/form-data upload shares: its errors as problem documents, and safe names and types. */

export interface UploadLimits {
  /** Largest file, in bytes. */
  fileBytes: number;
  /** Most files in one form, when the form takes several. */
  files?: number;
  /** What the form is, for the "too many fields" message: "a verification request". */
  form?: string;
}

/** The client's mistakes in an upload, as 4xx problems; anything else is passed through unchanged. */
export function uploadProblem(err: unknown, limits: UploadLimits): unknown {
  if (err instanceof Problem) return err;
  const code = (err as { code?: string }).code;
  if (err instanceof BlobTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
    return new Problem(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${limits.fileBytes} bytes.`);
  }
  switch (code) {
    case 'FST_FILES_LIMIT':
      return badRequest('TOO_MANY_FILES', `Attach at most ${limits.files ?? 1} files.`);
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return badRequest('TOO_MANY_FIELDS', `The form has more fields than ${limits.form ?? 'an upload'} has.`);
    case 'FST_PROTO_VIOLATION':
      return badRequest('VALIDATION_FAILED', 'A form field has a name that is not allowed.');
    case 'FST_MP_PREMATURE_CLOSE':
      return badRequest('UPLOAD_INCOMPLETE', 'The upload ended before the whole form arrived.');
  }
  // busboy's own parse errors (bad boundary, truncated part) are the client's.
  if (err instanceof Error && /multipart|boundary|part terminated|unexpected end/i.test(err.message)) {
    return badRequest('MALFORMED_MULTIPART', `The multipart/form-data body cannot be read: ${err.message}`);
  }
  return err;
}

/** Reads a part nobody wants to its end, so that the parser moves on to the next one. */
export async function drain(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // discard
  }
}

/** The last path segment, without control characters; a name never decides where bytes are stored. */
export function cleanFileName(raw: string, fallback = 'file'): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || fallback;
}

/** A well-formed media type, or application/octet-stream. */
export function cleanContentType(raw: string | undefined): string {
  const value = (raw ?? '').trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(value) && value.length <= 100 ? value : 'application/octet-stream';
}

/** Always a download (never rendered in the app's origin), with the name in ASCII and in UTF-8. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
