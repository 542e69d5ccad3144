import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import type { StoredBlob } from '../infra/blobs.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, notFound, preconditionFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { messages } from '../decisions/messages.js';
import { authorize, type Actor, type Viewer } from './access.js';
import { assertMayCreateIn, assertNameFree, cleanName, loadView, lockParent, nameTakenOnRace, newEtag } from './entities.js';
import { entityMessages as msg } from './messages.js';
import { recordEntitySnapshot } from './records.js';
import * as store from './store.js';
import type { EntityView } from './store.js';

/**
 * Files and their versions (SPEC §3). The bytes are stored before the transaction (ctx.blobs computes size, MD5
 * and SHA-256 as they stream in); the transaction adds the blob record, the entity and the version. The caller
 * removes the stored bytes when the use case fails, so nothing refers to them.
 */

export const COMMENT_MAX = 1000;

/** Bytes stored by ctx.blobs, with what the uploader said of them. */
export interface UploadedBlob extends StoredBlob {
  fileName: string;
  contentType: string;
}

async function insertBlob(sql: Sql, blob: UploadedBlob, actorId: number, at: Date): Promise<number> {
  const row = await sql.one<{ id: number }>(
    `INSERT INTO blobs (storage_key, size, md5, sha256, content_type, file_name, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [blob.storageKey, blob.size, blob.md5, blob.sha256, blob.contentType, blob.fileName, actorId, at],
  );
  return Number(row.id);
}

function cleanComment(raw: string | undefined): string {
  const comment = (raw ?? '').trim();
  if (comment.length > COMMENT_MAX) {
    throw badRequest('VALIDATION_FAILED', `The request is not valid: body.comment must have at most ${COMMENT_MAX} characters.`);
  }
  return comment;
}

/** Checks made before any byte is stored, so that a refused upload stores nothing. */
export async function assertMayUpload(ctx: AppContext, actor: Actor, parentId: number): Promise<void> {
  await assertMayCreateIn(ctx, actor, parentId, 'file');
}

export interface NewFile {
  parentId: number;
  /** The entity's name; the uploaded file's name when absent. */
  name?: string;
  comment?: string;
  blob: UploadedBlob;
}

/** A new file (CREATE on the parent), version 1. */
export async function createFile(ctx: AppContext, actor: Actor, input: NewFile): Promise<EntityView> {
  const name = cleanName(input.name ?? input.blob.fileName);
  const comment = cleanComment(input.comment);
  await assertMayUpload(ctx, actor, input.parentId);
  const id = await ctx.db.tx(async (sql) => {
    const parent = await lockParent(sql, input.parentId);
    await assertNameFree(sql, input.parentId, name);
    const now = ctx.clock.now();
    const blobId = await insertBlob(sql, input.blob, actor.id, now);
    const id = await store.nextEntityId(sql);
    try {
      await sql.query(
        `INSERT INTO entities (id, parent_id, type, name, project_id, current_version, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, $2, 'file', $3, $4, 1, $5, $6, $7, $6, $7)`,
        [id, input.parentId, name, parent.project_id, newEtag(), actor.id, now],
      );
    } catch (err) {
      throw nameTakenOnRace(err, input.parentId, name);
    }
    await sql.query(
      'INSERT INTO file_versions (entity_id, version, blob_id, comment, created_by, created_at) VALUES ($1, 1, $2, $3, $4, $5)',
      [id, blobId, comment, actor.id, now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'entity.created', targetType: 'entity', targetId: formatEntityId(id),
      details: { type: 'file', name, parentId: formatEntityId(input.parentId), version: 1, blobId, size: input.blob.size, md5: input.blob.md5 },
    });
    await recordEntitySnapshot(sql, ctx.clock, id, 'created', actor.id);
    return id;
  });
  return loadView(ctx, id);
}

/** UPDATE on a file; checked before the new bytes are stored. */
export async function assertMayAddVersion(ctx: AppContext, actor: Actor, fileId: number): Promise<void> {
  await authorize(ctx, actor, fileId, 'UPDATE');
  const row = await ctx.db.maybeOne<{ type: string }>('SELECT type FROM entities WHERE id = $1', [fileId]);
  if (!row) throw notFound(messages.doesNotExist(fileId));
  if (row.type !== 'file') throw badRequest('NOT_A_FILE', msg.notAFile(fileId));
}

/** A new version of a file: versionNumber + 1, a new etag. */
export async function addVersion(ctx: AppContext, actor: Actor, fileId: number, input: { comment?: string; etag?: string; blob: UploadedBlob }): Promise<EntityView> {
  const comment = cleanComment(input.comment);
  await assertMayAddVersion(ctx, actor, fileId);
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ etag: string; current_version: number }>(
      'SELECT etag, current_version FROM entities WHERE id = $1 FOR UPDATE', [fileId],
    );
    if (!row) throw notFound(messages.doesNotExist(fileId));
    if (input.etag !== undefined && input.etag !== row.etag) throw preconditionFailed(msg.staleEtag(fileId));
    const version = row.current_version + 1;
    const now = ctx.clock.now();
    const blobId = await insertBlob(sql, input.blob, actor.id, now);
    await sql.query(
      'INSERT INTO file_versions (entity_id, version, blob_id, comment, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [fileId, version, blobId, comment, actor.id, now],
    );
    await sql.query(
      'UPDATE entities SET current_version = $2, etag = $3, modified_by = $4, modified_at = $5 WHERE id = $1',
      [fileId, version, newEtag(), actor.id, now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'file.version-added', targetType: 'entity', targetId: formatEntityId(fileId),
      details: { version, blobId, size: input.blob.size, md5: input.blob.md5, fileName: input.blob.fileName },
    });
    await recordEntitySnapshot(sql, ctx.clock, fileId, 'version-added', actor.id);
  });
  return loadView(ctx, fileId);
}

export interface VersionView {
  versionNumber: number;
  size: number;
  md5: string;
  fileName: string;
  contentType: string;
  comment: string;
  createdBy: number;
  createdOn: string;
}

/** Every version of a file, newest first (READ). */
export async function listVersions(ctx: AppContext, viewer: Viewer, fileId: number): Promise<{ items: VersionView[] }> {
  await authorize(ctx, viewer, fileId, 'READ');
  const entity = await ctx.db.maybeOne<{ type: string }>('SELECT type FROM entities WHERE id = $1', [fileId]);
  if (!entity) throw notFound(messages.doesNotExist(fileId));
  if (entity.type !== 'file') throw badRequest('NOT_A_FILE', msg.notAFile(fileId));
  const rows = await ctx.db.query<{ version: number; size: number; md5: string; file_name: string; content_type: string; comment: string; created_by: number; created_at: Date }>(
    `SELECT v.version, b.size, b.md5, b.file_name, b.content_type, v.comment, v.created_by, v.created_at
     FROM file_versions v JOIN blobs b ON b.id = v.blob_id WHERE v.entity_id = $1 ORDER BY v.version DESC`,
    [fileId],
  );
  return {
    items: rows.map((r) => ({
      versionNumber: r.version, size: r.size, md5: r.md5, fileName: r.file_name, contentType: r.content_type,
      comment: r.comment, createdBy: r.created_by, createdOn: r.created_at.toISOString(),
    })),
  };
}
