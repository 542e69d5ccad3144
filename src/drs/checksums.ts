import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import { MINUTE } from '../infra/clock.js';
import type { Job } from '../jobs.js';

/**
 * SHA-256 for the blobs stored before Gatehouse computed it on upload (migration 0210). A run claims a batch of
 * blobs without one under a lease (FOR UPDATE SKIP LOCKED, then sha256_claimed_at): several processes take
 * different blobs, and the blobs of a process that died mid-way are taken again once the lease ran out. The bytes
 * are read outside any transaction, with the MD5 beside the SHA-256: bytes whose MD5 is not the one recorded on
 * upload are not the uploaded ones, and get no SHA-256 (logged for the administrators). Writing the SHA-256 only
 * where none is set makes a second run over the same blob change nothing.
 */

export const SHA256_BATCH = 20;
export const SHA256_LEASE_MS = 15 * MINUTE;

export interface BackfillResult {
  filled: number;
  /** Missing from the store, unreadable, or holding other bytes than were uploaded. */
  failed: number;
}

export async function backfillSha256(ctx: AppContext, batch = SHA256_BATCH): Promise<BackfillResult> {
  const now = ctx.clock.now();
  const claimed = await ctx.db.tx((sql) => sql.query<{ id: string | number; storage_key: string; md5: string }>(
    `UPDATE blobs SET sha256_claimed_at = $1
     WHERE id IN (
       SELECT id FROM blobs
       WHERE sha256 IS NULL AND (sha256_claimed_at IS NULL OR sha256_claimed_at < $2)
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, storage_key, md5`,
    [now, new Date(now.getTime() - SHA256_LEASE_MS), batch],
  ));
  const result: BackfillResult = { filled: 0, failed: 0 };
  for (const blob of claimed) {
    const id = Number(blob.id);
    try {
      const sha256 = createHash('sha256');
      const md5 = createHash('md5');
      for await (const chunk of await ctx.blobs.open(blob.storage_key)) {
        sha256.update(chunk as Buffer);
        md5.update(chunk as Buffer);
      }
      if (md5.digest('hex') !== blob.md5) {
        ctx.log.error({ blobId: id, store: ctx.blobs.description }, 'a blob holds other bytes than were uploaded (its MD5 differs); no SHA-256 recorded');
        result.failed++;
        continue;
      }
      await ctx.db.query('UPDATE blobs SET sha256 = $2, sha256_claimed_at = NULL WHERE id = $1 AND sha256 IS NULL', [id, sha256.digest('hex')]);
      result.filled++;
    } catch (err) {
      ctx.log.warn({ err, blobId: id, store: ctx.blobs.description }, 'could not read a blob to compute its SHA-256; tried again later');
      result.failed++;
    }
  }
  return result;
}

/** Fills missing SHA-256 checksums a batch a minute until none is missing; then each run is one indexed query. */
export const sha256BackfillJob: Job = {
  name: 'drs.sha256-backfill',
  everyMs: MINUTE,
  run: async (ctx) => {
    const { filled, failed } = await backfillSha256(ctx);
    if (filled || failed) ctx.log.info({ filled, failed }, 'SHA-256 checksums computed for stored blobs');
  },
};
