import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppContext, MeterTicket } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { ByteRange } from '../infra/blobs.js';
import { badRequest, notFound, Problem } from '../infra/problem.js';
import { downloadRecordHash, type DownloadRecordContent } from '../auditlog/downloads.js';
import { denialProblem } from '../decisions/http.js';
import { messages } from '../decisions/messages.js';
import type { Caller } from '../identity/caller.js';
import { assertVisible, recordDenial, type Viewer } from './access.js';
import { entityMessages as msg } from './messages.js';
import { EFFECTIVE_DATA_CLASS } from './store.js';

/**
 * Downloads (SPEC §5, §11). Bytes are served only after a DOWNLOAD decision, and every attempt leaves a download
 * record: `served` with the bytes once the whole file went out, `denied` with the deciding rule, `failed` with the
 * bytes sent so far when the stream broke off. The record of a served download is written before its last bytes
 * are released, so a client that has the whole file can count on the record being there.
 */

export interface DownloadTarget {
  entityId: number;
  projectId: number;
  version: number;
  blobId: number;
  storageKey: string;
  size: number;
  md5: string;
  fileName: string;
  contentType: string;
  /** The class of data, the nearest one marked on the file or above it; row-level when none is (SPEC §10). */
  dataClass: 'row-level' | 'summary';
  /** The rule that granted the download, for its record (null when not decided one by one). */
  rule: string | null;
}

/**
 * A download record as written (its time is the write's); the audit log's seals hash the fields of
 * DownloadRecordContent. The blob's MD5 and the kind of client are written beside them (migration 0170): the MD5
 * follows from the blob, which never changes, and the kind from how the caller signed in.
 */
export interface DownloadRecord extends Omit<DownloadRecordContent, 'at' | 'result'> {
  result: 'served' | 'denied' | 'failed';
  md5: string | null;
  clientKind: ClientKind;
}

export const CLIENT_MAX = 256;

/**
 * How the downloader called: the web app (a session), a personal access token, a runtime's token, anonymously, or
 * through a signed GA4GH DRS access URL (src/drs/signedurls.ts).
 */
export type ClientKind = 'web' | 'token' | 'runtime' | 'anonymous' | 'drs';

/** The client of a download, for its records: the User-Agent and the kind. */
export interface Client {
  userAgent: string;
  kind: ClientKind;
}

export function clientOf(userAgent: string | undefined, caller: Pick<Caller, 'via' | 'runtimeId'>): Client {
  const kind: ClientKind = caller.via === 'session' ? 'web'
    : caller.via === 'token' ? (caller.runtimeId !== undefined && caller.runtimeId !== null ? 'runtime' : 'token')
      : 'anonymous';
  return { userAgent: (userAgent ?? '').slice(0, CLIENT_MAX), kind };
}

/** A download through a signed DRS access URL: whoever holds the URL, as the user it was issued to. */
export const drsClient = (userAgent: string | undefined): Client => ({ userAgent: (userAgent ?? '').slice(0, CLIENT_MAX), kind: 'drs' });

/**
 * Each record carries the hash of its content and takes no lock; the sealing job puts it into the audit log's
 * chain within a minute or so (src/auditlog/downloads.ts, docs/adr/0014).
 */
export async function writeDownloadRecords(sql: Sql, at: Date, records: readonly DownloadRecord[]): Promise<void> {
  for (const r of records) {
    await sql.query(
      `INSERT INTO download_records (at, user_id, entity_id, version, blob_id, bytes, project_id, client, result, rule, hash, md5, client_kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [at, r.userId, r.entityId, r.version, r.blobId, r.bytes, r.projectId, r.client, r.result, r.rule ?? null,
        downloadRecordHash({ ...r, at }), r.md5, r.clientKind],
    );
  }
}

/** A version of a file with its blob; undefined version = the current one. */
export async function downloadTarget(sql: Sql, entityId: number, version: number | undefined): Promise<DownloadTarget | null> {
  const row = await sql.maybeOne<{
    project_id: number; version: number; blob_id: number; storage_key: string; size: number; md5: string; file_name: string; content_type: string;
    data_class: 'row-level' | 'summary' | null;
  }>(
    `SELECT e.project_id, v.version, b.id AS blob_id, b.storage_key, b.size, b.md5, b.file_name, b.content_type,
       (${EFFECTIVE_DATA_CLASS}) AS data_class
     FROM entities e
     JOIN file_versions v ON v.entity_id = e.id AND v.version = coalesce($2::int, e.current_version)
     JOIN blobs b ON b.id = v.blob_id
     WHERE e.id = $1`,
    [entityId, version ?? null],
  );
  if (!row) return null;
  return {
    entityId, projectId: row.project_id, version: row.version, blobId: Number(row.blob_id), storageKey: row.storage_key,
    size: Number(row.size), md5: row.md5, fileName: row.file_name, contentType: row.content_type, dataClass: row.data_class ?? 'row-level',
    rule: null,
  };
}

/**
 * DOWNLOAD on the file, then the version asked for. A denial is recorded (download record and decision denial)
 * and answered as 404 when the caller cannot see the file, else 403 with the rule and the actions required.
 */
export async function authorizeDownload(ctx: AppContext, viewer: Viewer, entityId: number, version: number | undefined, client: Client): Promise<DownloadTarget> {
  const userId = viewer?.id ?? null;
  const decision = await ctx.decisions.decide({ userId, entityId, action: 'DOWNLOAD' });
  const entity = await ctx.db.maybeOne<{ type: string; project_id: number }>('SELECT type, project_id FROM entities WHERE id = $1', [entityId]);
  if (!decision.granted) {
    // The record names what would have been served (version, blob, MD5) when the file and version exist.
    const wanted = entity?.type === 'file' ? await downloadTarget(ctx.db, entityId, version) : null;
    await writeDownloadRecords(ctx.db, ctx.clock.now(), [{
      userId, entityId, version: wanted?.version ?? version ?? null, blobId: wanted?.blobId ?? null, bytes: 0,
      projectId: entity?.project_id ?? null, client: client.userAgent, clientKind: client.kind, md5: wanted?.md5 ?? null,
      result: 'denied', rule: decision.rule,
    }]);
    await recordDenial(ctx, userId, entityId, 'DOWNLOAD', decision);
    await assertVisible(ctx, viewer, entityId, decision);
    throw denialProblem(decision);
  }
  if (!entity) throw notFound(messages.doesNotExist(entityId));
  if (entity.type !== 'file') throw badRequest('NOT_A_FILE', msg.notAFile(entityId));
  const target = await downloadTarget(ctx.db, entityId, version);
  if (!target) throw notFound(msg.noSuchVersion(entityId, version ?? 0));
  return { ...target, rule: decision.rule };
}

/** A download granted but not served (a range outside the file): a failed record with no bytes. */
export async function recordUnserved(ctx: AppContext, target: DownloadTarget, userId: number | null, client: Client): Promise<void> {
  await writeDownloadRecords(ctx.db, ctx.clock.now(), [recordOf(target, userId, client, 'failed', 0)]);
}

/** Who downloads: the user (null: anonymous) and the runtime whose token asks, if any. */
export interface Downloader {
  userId: number | null;
  runtimeId: number | null;
}

export function recordOf(t: DownloadTarget, userId: number | null, client: Client, result: DownloadRecord['result'], bytes: number): DownloadRecord {
  return {
    userId, entityId: t.entityId, version: t.version, blobId: t.blobId, md5: t.md5, bytes, projectId: t.projectId,
    client: client.userAgent, clientKind: client.kind, result, rule: t.rule,
  };
}

/**
 * Passes `source` through, counting bytes. When the source ended, `onEnd(bytes)` runs before the last bytes are
 * released (an error from it breaks the stream); when the stream is torn down first, `onBreak(bytes)` runs.
 */
export function metered(ctx: AppContext, source: Readable, onEnd: (bytes: number) => Promise<void>, onBreak: (bytes: number) => Promise<void>): Readable {
  let bytes = 0;
  let settled = false;
  const settle = async (fn: (bytes: number) => Promise<void>) => {
    if (settled) return;
    settled = true;
    await fn(bytes);
  };
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      settle(onEnd).then(() => done(), (err: Error) => done(err));
    },
  });
  meter.on('close', () => {
    settle(onBreak).catch((err: unknown) => ctx.log.error({ err }, 'could not record a broken download'));
  });
  pipeline(source, meter).catch(() => undefined);
  return meter;
}

/**
 * The bytes of the version (or of one range of it), recording the download as served (all bytes asked for went
 * out) or failed (broke off). The blob is opened before this returns, so that a missing blob or an unreachable
 * store is a problem (BLOB_MISSING 502, STORAGE_UNAVAILABLE 503) before any header is sent; it is recorded as failed.
 */
export async function openDownload(ctx: AppContext, target: DownloadTarget, who: Downloader, client: Client, range?: ByteRange): Promise<Readable> {
  const userId = who.userId;
  const expected = range ? range.end - range.start + 1 : target.size;
  // Counted as egress before anything is opened: a refused download sends nothing and is recorded as denied.
  let ticket: MeterTicket | null;
  try {
    ticket = await ctx.downloadMeter.count(ctx, {
      userId, runtimeId: who.runtimeId, kind: range ? 'range' : 'file',
      parts: [{ projectId: target.projectId, entityIds: [target.entityId], bytes: expected, dataClass: target.dataClass }],
    });
  } catch (err) {
    if (err instanceof Problem) {
      await writeDownloadRecords(ctx.db, ctx.clock.now(), [{ ...recordOf(target, userId, client, 'denied', 0), rule: err.code }]);
    }
    throw err;
  }
  let source: Readable;
  try {
    source = await ctx.blobs.open(target.storageKey, range);
  } catch (err) {
    ctx.log.error({ err, entityId: target.entityId, blobId: target.blobId, store: ctx.blobs.description }, 'the bytes of a file cannot be read from the blob store');
    await writeDownloadRecords(ctx.db, ctx.clock.now(), [recordOf(target, userId, client, 'failed', 0)]);
    await ctx.downloadMeter.settle(ctx, ticket, 'failed', [0]);
    throw err;
  }
  return metered(
    ctx,
    source,
    async (bytes) => {
      const complete = bytes === expected;
      await writeDownloadRecords(ctx.db, ctx.clock.now(), [recordOf(target, userId, client, complete ? 'served' : 'failed', bytes)]);
      await ctx.downloadMeter.settle(ctx, ticket, complete ? 'served' : 'failed', [bytes]);
      if (!complete) throw new Error(`blob ${target.blobId} gave ${bytes} bytes, not ${expected}`);
    },
    async (bytes) => {
      await writeDownloadRecords(ctx.db, ctx.clock.now(), [recordOf(target, userId, client, 'failed', bytes)]);
      await ctx.downloadMeter.settle(ctx, ticket, 'failed', [bytes]);
    },
  );
}
