import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Db, Sql } from '../infra/db.js';
import { MINUTE, type Clock } from '../infra/clock.js';
import type { Job } from '../jobs.js';
import { canonicalJson } from './chain.js';
import { appendAudit } from './log.js';

/**
 * Download records in the verifiable log (SPEC §1.6, docs/adr/0014). A download writes its record with a hash of
 * the record's content and takes no lock; a sealer (a job, and the first step of every verification) takes the
 * unsealed records in id order, a batch at a time, and appends ONE `downloads.sealed` audit entry per batch with
 * the batch's ids, count and hash. From then on the audit log's chain vouches for the batch: a record deleted,
 * altered or added is found by `verifyDownloadRecords`, and so is a record sealed later than SEAL_WITHIN_MS
 * after its time (a sealer that stopped, or a record back-dated by hand).
 */

export const SEAL_ACTION = 'downloads.sealed';
// Sealers take turns on this lock (downloads never take it), so that a record is in one batch only.
export const SEAL_LOCK = 727003;
/** Records per seal: bounds the sealing transaction and what verification holds in memory. */
export const SEAL_BATCH = 5000;
/** A record must be sealed within this of its time; the job runs every minute. */
export const SEAL_WITHIN_MS = 60 * MINUTE;

/** What a record's hash covers: the record as the audits read it (SPEC §11), without its id. */
export interface DownloadRecordContent {
  at: Date;
  userId: number | null;
  entityId: number;
  version: number | null;
  blobId: number | null;
  bytes: number;
  projectId: number | null;
  client: string;
  result: string;
  rule?: string | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function downloadRecordHash(r: DownloadRecordContent): string {
  return sha256(canonicalJson({
    at: r.at.toISOString(), userId: r.userId, entityId: r.entityId, version: r.version, blobId: r.blobId, bytes: r.bytes,
    projectId: r.projectId, client: r.client, result: r.result, rule: r.rule ?? null,
  }));
}

/** The hash of a batch: SHA-256 over "id hash" lines in id order, so that moving, adding or dropping a record changes it. */
export function batchHash(records: readonly { id: number; hash: string }[]): string {
  const h = createHash('sha256');
  for (const r of records) h.update(`${r.id} ${r.hash}\n`);
  return h.digest('hex');
}

/** Ids as runs of consecutive ids, [first, last] each: a batch's ids in a few numbers (ids are rarely not consecutive). */
export function idRuns(ids: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const id of ids) {
    const last = runs[runs.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

function* idsOf(runs: readonly [number, number][]): Generator<number> {
  for (const [first, last] of runs) for (let id = first; id <= last; id++) yield id;
}

/** The details of a `downloads.sealed` entry. */
export interface SealDetails {
  firstId: number;
  lastId: number;
  count: number;
  hash: string;
  ids: [number, number][];
  /** Only on the first seal: records up to this id were written before sealing began, and are exempt from the bound. */
  baselineThrough?: number;
}

interface RecordRow {
  id: number;
  at: Date;
  user_id: number | null;
  entity_id: number;
  version: number | null;
  blob_id: number | null;
  bytes: number;
  project_id: number | null;
  client: string;
  result: string;
  rule: string | null;
  hash: string | null;
  sealed_seq: number | null;
}

const RECORD_COLUMNS = 'id, at, user_id, entity_id, version, blob_id, bytes, project_id, client, result, rule, hash, sealed_seq';

const contentOf = (r: RecordRow): DownloadRecordContent => ({
  at: new Date(r.at), userId: r.user_id, entityId: Number(r.entity_id), version: r.version, blobId: r.blob_id,
  bytes: Number(r.bytes), projectId: r.project_id, client: r.client, result: r.result, rule: r.rule,
});

/** Seals every record not sealed yet, a batch per audit entry; returns how many. Safe with several processes. */
export async function sealDownloadRecords(db: Db, clock: Clock): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.tx((sql) => sealBatch(sql, clock));
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

async function sealBatch(sql: Sql, clock: Clock): Promise<number> {
  await sql.query('SELECT pg_advisory_xact_lock($1)', [SEAL_LOCK]);
  const rows = await sql.query<RecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM download_records WHERE sealed_seq IS NULL ORDER BY id LIMIT $1`, [SEAL_BATCH]);
  if (!rows.length) return 0;
  // Records written before migration 0080 have no hash yet; the seal gives them one.
  const records = rows.map((r) => ({ id: Number(r.id), hash: r.hash ?? downloadRecordHash(contentOf(r)) }));
  const ids = records.map((r) => r.id);
  const details: SealDetails = {
    firstId: ids[0], lastId: ids[ids.length - 1], count: ids.length, hash: batchHash(records), ids: idRuns(ids),
  };
  const firstSeal = (await sql.maybeOne('SELECT 1 FROM download_records WHERE sealed_seq IS NOT NULL LIMIT 1')) === null;
  if (firstSeal) {
    details.baselineThrough = (await sql.one<{ max: number }>('SELECT max(id) AS max FROM download_records')).max;
  }
  const seq = await appendAudit(sql, clock, {
    actorId: null, action: SEAL_ACTION, targetType: 'download_records', targetId: `${details.firstId}-${details.lastId}`,
    details: { ...details },
  });
  await sql.query(
    `UPDATE download_records d SET sealed_seq = $1, hash = v.hash
     FROM unnest($2::bigint[], $3::text[]) AS v (id, hash) WHERE d.id = v.id`,
    [seq, ids, records.map((r) => r.hash)],
  );
  return rows.length;
}

/** Seals new download records every minute (src/jobs.ts). */
export const downloadSealJob: Job = {
  name: 'downloads.seal',
  everyMs: MINUTE,
  run: async (ctx: AppContext) => {
    await sealDownloadRecords(ctx.db, ctx.clock);
  },
};

export interface DownloadsVerifyResult {
  ok: boolean;
  /** Sealed records found intact. */
  checked: number;
  /** Seals checked. */
  batches: number;
  /** The first record (or, when no single record is to blame, the batch) that does not hold, and why. */
  firstBroken?: { recordId: number | null; sealSeq: number | null; reason: string };
}

interface SealRow {
  seq: number;
  at: Date;
  details: SealDetails;
}

/**
 * Checks every sealed batch against its `downloads.sealed` entry, in log order, then that no record claims a
 * seal the log does not have. Trusts the seal entries: verify the audit log's chain first (src/auditlog/verify.ts).
 */
export async function verifyDownloadRecords(sql: Sql, onProgress?: (checked: number) => void): Promise<DownloadsVerifyResult> {
  let checked = 0;
  let batches = 0;
  let afterSeq = 0;
  let baselineThrough = 0;
  for (;;) {
    // Seals a chunk at a time, up to about SEAL_BATCH records by their own counts.
    const seals = await sql.query<SealRow>(
      `SELECT seq, at, details FROM audit_log WHERE action = $1 AND seq > $2 ORDER BY seq LIMIT 100`, [SEAL_ACTION, afterSeq]);
    if (!seals.length) break;
    const chunk: SealRow[] = [];
    let expected = 0;
    for (const seal of seals) {
      if (chunk.length && expected + seal.details.count > SEAL_BATCH) break;
      chunk.push(seal);
      expected += seal.details.count;
    }
    const rows = await sql.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM download_records WHERE sealed_seq = ANY ($1::bigint[]) ORDER BY sealed_seq, id`,
      [chunk.map((s) => s.seq)],
    );
    const bySeal = new Map<number, RecordRow[]>();
    for (const r of rows) {
      const seq = Number(r.sealed_seq);
      if (!bySeal.has(seq)) bySeal.set(seq, []);
      bySeal.get(seq)!.push(r);
    }
    for (const seal of chunk) {
      if (batches === 0) baselineThrough = seal.details.baselineThrough ?? 0;
      const broken = checkBatch(seal, bySeal.get(Number(seal.seq)) ?? [], baselineThrough);
      if (broken) return { ok: false, checked: checked + broken.intact, batches, firstBroken: broken.at };
      checked += seal.details.count;
      batches++;
    }
    afterSeq = Number(chunk[chunk.length - 1].seq);
    onProgress?.(checked);
  }
  const stray = await sql.maybeOne<{ id: number; sealed_seq: number }>(
    `SELECT d.id, d.sealed_seq FROM download_records d
     WHERE d.sealed_seq IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = d.sealed_seq AND a.action = $1)
     ORDER BY d.id LIMIT 1`,
    [SEAL_ACTION],
  );
  if (stray) {
    const id = Number(stray.id);
    return { ok: false, checked, batches, firstBroken: {
      recordId: id, sealSeq: Number(stray.sealed_seq),
      reason: `download record ${id} names audit entry #${stray.sealed_seq} as its seal, which sealed no download records: it was added`,
    } };
  }
  return { ok: true, checked, batches };
}

/** The first thing wrong with one batch, in id order, and how many of its records held before it; null when intact. */
function checkBatch(seal: SealRow, found: RecordRow[], baselineThrough: number):
  { intact: number; at: NonNullable<DownloadsVerifyResult['firstBroken']> } | null {
  const seq = Number(seal.seq);
  const sealedAt = new Date(seal.at);
  const broken = (recordId: number | null, reason: string, intact: number) => ({ intact, at: { recordId, sealSeq: seq, reason } });
  const expected = idsOf(seal.details.ids);
  let next = expected.next();
  let intact = 0;
  for (const row of found) {
    const id = Number(row.id);
    if (next.done || id < next.value) {
      return broken(id, `download record ${id} is not one of the records sealed in audit entry #${seq}: it was added`, intact);
    }
    if (id > next.value) {
      return broken(next.value, `download record ${next.value}, sealed in audit entry #${seq}, is missing`, intact);
    }
    if (row.hash !== downloadRecordHash(contentOf(row))) {
      return broken(id, `download record ${id}: its contents do not match its hash (altered)`, intact);
    }
    const at = new Date(row.at);
    if (id > baselineThrough && sealedAt.getTime() - at.getTime() > SEAL_WITHIN_MS) {
      return broken(id, `download record ${id} of ${at.toISOString()} was sealed only at ${sealedAt.toISOString()}, `
        + `more than ${SEAL_WITHIN_MS / MINUTE} minutes later`, intact);
    }
    intact++;
    next = expected.next();
  }
  if (!next.done) return broken(next.value, `download record ${next.value}, sealed in audit entry #${seq}, is missing`, intact);
  if (batchHash(found.map((r) => ({ id: Number(r.id), hash: r.hash! }))) !== seal.details.hash) {
    return broken(null, `the records sealed in audit entry #${seq} (ids ${seal.details.firstId}–${seal.details.lastId}) `
      + 'do not match its hash: a record was altered and given a new hash', intact);
  }
  return null;
}
