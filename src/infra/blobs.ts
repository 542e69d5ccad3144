import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Problem } from './problem.js';

export interface StoredBlob {
  storageKey: string;
  size: number;
  md5: string;
  /** Hex SHA-256 of the bytes (the GA4GH DRS checksum, src/drs/). */
  sha256: string;
}

/** Bytes start..end of a blob, both inclusive (as in an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where the bytes of files live: the local folder (the embedded default) or an S3-compatible store
 * (src/infra/s3blobs.ts; docs/adr/0013). Every read opens the bytes first and only then returns the stream, so
 * that a missing or unreachable blob is a problem document (BLOB_MISSING 502, STORAGE_UNAVAILABLE 503) raised
 * before any response header is sent. A blob appears under its key only once it is complete.
 */
export interface BlobStore {
  /** "local" or "s3": named in problems and in the log. */
  readonly kind: 'local' | 's3';
  /** Where, for the log and the operator: a folder, or a bucket and prefix at an endpoint. */
  readonly description: string;
  /** Stores the stream with computed size, MD5 and SHA-256; stops with BlobTooLargeError once more than maxBytes arrived. */
  put(input: Readable, maxBytes?: number): Promise<StoredBlob>;
  /** The bytes of the blob (or of the range), once they are known to be there. */
  open(storageKey: string, range?: ByteRange): Promise<Readable>;
  /** The stored size; a problem when the blob is missing or the store cannot be reached. */
  size(storageKey: string): Promise<number>;
  remove(storageKey: string): Promise<void>;
  /** Releases connections (at stop). */
  close?(): void;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes.`);
  }
}

const storageName = (kind: BlobStore['kind']) => (kind === 's3' ? 'the S3-compatible blob store' : 'the local blob folder');

/** The blob's bytes are not in the store although the database refers to them. */
export const blobMissing = (kind: BlobStore['kind']) =>
  new Problem(502, 'BLOB_MISSING', `The stored bytes of this file are missing from ${storageName(kind)}; the administrators can see it in the log.`, { storage: kind });

/** The store cannot be reached or refuses Gatehouse; the bytes may well be there. */
export const storageUnavailable = (kind: BlobStore['kind']) =>
  new Problem(503, 'STORAGE_UNAVAILABLE', `${storageName(kind)[0].toUpperCase()}${storageName(kind).slice(1)} cannot be reached just now; try again later. The administrators can see it in the log.`, { storage: kind });

export const isStoreProblem = (err: unknown): err is Problem =>
  err instanceof Problem && (err.code === 'BLOB_MISSING' || err.code === 'STORAGE_UNAVAILABLE');

export const STORAGE_KEY = /^[0-9a-f-]{36}$/;

/**
 * Bytes on the local disk under DATA_DIR/blobs. A blob is written to a temporary name and renamed when
 * complete, so that a crash never leaves a half-written blob under a real key.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  readonly description: string;

  constructor(private readonly dir: string) {
    mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    this.description = `the folder ${dir}`;
  }

  async put(input: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredBlob> {
    const storageKey = randomUUID();
    const tmp = path.join(this.dir, 'tmp', storageKey);
    const md5 = createHash('md5');
    const sha256 = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
        md5.update(chunk);
        sha256.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, meter, createWriteStream(tmp));
      await rename(tmp, this.pathOf(storageKey));
    } catch (err) {
      await rm(tmp, { force: true });
      throw this.storeError(err, storageKey, 'put');
    }
    return { storageKey, size, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
  }

  async open(storageKey: string, range?: ByteRange): Promise<Readable> {
    // Opened first, so that a missing file is an error here, before the caller sends any header.
    let handle;
    try {
      handle = await open(this.pathOf(storageKey), 'r');
    } catch (err) {
      throw this.storeError(err, storageKey, 'open');
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async size(storageKey: string): Promise<number> {
    try {
      return (await stat(this.pathOf(storageKey))).size;
    } catch (err) {
      throw this.storeError(err, storageKey, 'stat');
    }
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  private pathOf(storageKey: string): string {
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`bad storage key ${storageKey}`);
    return path.join(this.dir, storageKey);
  }

  /** ENOENT: the blob is missing; any other file system error: the folder cannot be used. Others pass. */
  private storeError(err: unknown, storageKey: string, op: string): unknown {
    if (err instanceof BlobTooLargeError || err instanceof Problem) return err;
    const code = (err as NodeJS.ErrnoException).code;
    if (op !== 'put' && code === 'ENOENT') return withCause(blobMissing(this.kind), err, storageKey, this.description);
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && code !== 'ECONNRESET' && code !== 'EPIPE') {
      return withCause(storageUnavailable(this.kind), err, storageKey, this.description);
    }
    return err;
  }
}

/** A store problem that keeps the underlying error, the key and the store for the log (never in the response). */
export function withCause(problem: Problem, cause: unknown, storageKey: string, store: string): Problem {
  return Object.assign(problem, { cause, storageKey, store });
}
