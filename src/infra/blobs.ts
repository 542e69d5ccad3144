import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredBlob {
  storageKey: string;
  size: number;
  md5: string;
}

/**
 * Bytes on the local disk under DATA_DIR/blobs. A blob is written to a temporary name and renamed when
 * complete, so that a crash never leaves a half-written blob under a real key.
 */
export class BlobStore {
  constructor(private readonly dir: string) {
    mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  }

  /** Stores the stream; stops with an error once more than maxBytes arrived. */
  async put(input: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredBlob> {
    const storageKey = randomUUID();
    const tmp = path.join(this.dir, 'tmp', storageKey);
    const md5 = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BlobTooLargeError(maxBytes));
        md5.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, meter, createWriteStream(tmp));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    await rename(tmp, this.pathOf(storageKey));
    return { storageKey, size, md5: md5.digest('hex') };
  }

  open(storageKey: string): Readable {
    return createReadStream(this.pathOf(storageKey));
  }

  async size(storageKey: string): Promise<number> {
    return (await stat(this.pathOf(storageKey))).size;
  }

  async remove(storageKey: string): Promise<void> {
    await rm(this.pathOf(storageKey), { force: true });
  }

  private pathOf(storageKey: string): string {
    if (!/^[0-9a-f-]{36}$/.test(storageKey)) throw new Error(`bad storage key ${storageKey}`);
    return path.join(this.dir, storageKey);
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes.`);
  }
}
