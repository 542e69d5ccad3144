import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Logger } from 'pino';
import {
  blobMissing, BlobTooLargeError, storageUnavailable, STORAGE_KEY, withCause,
  type BlobStore, type ByteRange, type StoredBlob,
} from './blobs.js';
import { Problem } from './problem.js';

export interface S3Settings {
  /** s3://bucket/prefix */
  url: string;
  endpoint: string | null;
  region: string | null;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  forcePathStyle: boolean;
  /** The largest upload accepted: parts are made large enough to stay within S3's 10,000 parts. */
  maxUploadBytes: number;
}

export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** s3://bucket/some/prefix → { bucket, prefix: "some/prefix/" }. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new Error(`BLOB_STORE: "${url}" is not s3://bucket or s3://bucket/prefix`);
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1], prefix: prefix ? `${prefix}/` : '' };
}

/**
 * Blobs as objects in an S3-compatible store (AWS S3, MinIO, Ceph RGW, …) under `prefix + storageKey`.
 *
 * - Uploads stream through @aws-sdk/lib-storage: one PutObject below the part size, else a multipart upload with
 *   a few parts in memory at a time, never the whole file. An object exists only once the upload is complete
 *   (S3 shows a multipart object only after CompleteMultipartUpload); on any error the multipart upload is aborted.
 * - Size and MD5 are computed as the bytes stream through, and checked against what the store says it holds
 *   (HeadObject: ContentLength, and the ETag, which S3 computes from the bytes it received: the MD5 of a single
 *   PUT, or the MD5 of the parts' MD5s with "-N" for a multipart upload; skipped under SSE-KMS/SSE-C, where the
 *   ETag is not an MD5). A mismatch removes the object and refuses the upload.
 * - Reads send GetObject (with Range) and return the body only once the store answered, so that NoSuchKey is a
 *   BLOB_MISSING and an unreachable endpoint a STORAGE_UNAVAILABLE problem before any header goes out.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  readonly description: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly partSize: number;
  private readonly client: S3Client;

  constructor(settings: S3Settings, private readonly log: Logger) {
    const { bucket, prefix } = parseS3Url(settings.url);
    this.bucket = bucket;
    this.prefix = prefix;
    this.partSize = Math.max(MIN_PART_BYTES, Math.ceil(settings.maxUploadBytes / MAX_PARTS));
    this.description = `s3://${bucket}/${prefix}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`;
    this.client = new S3Client({
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      // An endpoint of one's own still needs a region to sign with; S3-compatible stores accept us-east-1.
      region: settings.region ?? (settings.endpoint ? 'us-east-1' : undefined),
      forcePathStyle: settings.forcePathStyle,
      // Without both keys, the SDK's default chain (environment, profile, instance or pod role).
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
      // Gatehouse checks MD5 and size itself (above); the SDK's newer default CRC32 trailers (aws-chunked
      // bodies) are refused by many S3-compatible stores.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A store that does not connect, or stalls, is an error in seconds rather than a request that hangs.
      requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000 },
      maxAttempts: 3,
    });
  }

  private keyOf(storageKey: string): string {
    if (!STORAGE_KEY.test(storageKey)) throw new Error(`bad storage key ${storageKey}`);
    return this.prefix + storageKey;
  }

  async put(input: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredBlob> {
    const storageKey = randomUUID();
    const Key = this.keyOf(storageKey);
    const partSize = this.partSize;
    const whole = createHash('md5');
    const sha256 = createHash('sha256');
    const partDigests: Buffer[] = [];
    let part = createHash('md5');
    let inPart = 0;
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
        whole.update(chunk);
        sha256.update(chunk);
        // The parts' MD5s, cut where lib-storage cuts its parts (every partSize bytes), for a multipart ETag.
        let offset = 0;
        while (offset < chunk.length) {
          const take = Math.min(partSize - inPart, chunk.length - offset);
          part.update(chunk.subarray(offset, offset + take));
          inPart += take;
          offset += take;
          if (inPart === partSize) {
            partDigests.push(part.digest());
            part = createHash('md5');
            inPart = 0;
          }
        }
        done(null, chunk);
      },
    });
    // As the local store does: an error on either side ends both (the meter's error reaches the upload).
    pipeline(input, meter).catch(() => undefined);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body: meter, ContentType: 'application/octet-stream' },
      partSize,
      queueSize: 2,
      // Aborted below, so that a failing abort (or a store without AbortMultipartUpload) cannot hide the cause.
      leavePartsOnError: true,
    });
    try {
      await upload.done();
    } catch (err) {
      meter.destroy();
      if (upload.uploadId) {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: upload.uploadId }))
          .catch((abortErr: unknown) => this.log.warn({ err: abortErr, key: Key }, 'could not abort a multipart upload; a lifecycle rule removes its parts'));
      }
      if (err instanceof BlobTooLargeError) throw err;
      // The client's own stream broke (hung up, bad multipart): not the store's fault, passed on as it is.
      if (meter.errored && meter.errored === err) throw err;
      throw this.storeError(err, storageKey, 'put');
    }
    if (inPart > 0 || partDigests.length === 0) partDigests.push(part.digest());
    const md5 = whole.digest('hex');
    const stored = await this.head(storageKey);
    const etag = (stored.ETag ?? '').replace(/"/g, '').toLowerCase();
    const multipartEtag = `${createHash('md5').update(Buffer.concat(partDigests)).digest('hex')}-${partDigests.length}`;
    const encrypted = Boolean(stored.SSECustomerAlgorithm) || /kms/i.test(stored.ServerSideEncryption ?? '');
    const sizeOk = stored.ContentLength === size;
    const md5Ok = encrypted || etag === md5 || etag === multipartEtag;
    if (!sizeOk || !md5Ok) {
      this.log.error({ key: Key, size, storedSize: stored.ContentLength, md5, etag, multipartEtag }, 'the blob store holds other bytes than were uploaded');
      await this.remove(storageKey).catch(() => undefined);
      throw new Problem(502, 'BLOB_STORE_MISMATCH', 'The blob store stored other bytes than were uploaded; nothing was kept. Try the upload again.', { storage: this.kind });
    }
    return { storageKey, size, md5, sha256: sha256.digest('hex') };
  }

  async open(storageKey: string, range?: ByteRange): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({
        Bucket: this.bucket, Key: this.keyOf(storageKey), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }));
      const body = res.Body;
      if (!body) throw new Error('GetObject answered without a body');
      // In Node the body is an http.IncomingMessage; a PassThrough gives the caller a plain Readable to destroy.
      const out = new PassThrough();
      (body as Readable).on('error', (err) => out.destroy(err)).pipe(out);
      out.on('close', () => (body as Readable).destroy());
      return out;
    } catch (err) {
      throw this.storeError(err, storageKey, 'get');
    }
  }

  async size(storageKey: string): Promise<number> {
    return (await this.head(storageKey)).ContentLength ?? 0;
  }

  private async head(storageKey: string): Promise<HeadObjectCommandOutput> {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(storageKey) }));
    } catch (err) {
      throw this.storeError(err, storageKey, 'head');
    }
  }

  async remove(storageKey: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(storageKey) }));
  }

  /** Whether the bucket answers (at start, to warn early of a wrong endpoint, bucket or key). */
  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  close(): void {
    this.client.destroy();
  }

  /** NoSuchKey / 404: the blob is missing; anything else from the store or the network: unavailable. */
  private storeError(err: unknown, storageKey: string, op: string): Problem {
    if (err instanceof Problem) return err;
    const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode;
    const missing = op !== 'put' && (e.name === 'NoSuchKey' || e.Code === 'NoSuchKey' || (e.name === 'NotFound' && status === 404) || (op === 'head' && status === 404));
    return withCause(missing ? blobMissing(this.kind) : storageUnavailable(this.kind), err, storageKey, this.description);
  }
}
