import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { notFound, Problem } from '../infra/problem.js';
import { authorize, type Viewer } from '../entities/access.js';
import { authorizeDownload, type Client } from '../entities/downloads.js';
import { entityMessages } from '../entities/messages.js';
import { bundleObjectId, drsUri, fileObjectId, parseObjectId, type ObjectRef } from './ids.js';
import { accessUrl, signAccess } from './signedurls.js';

/**
 * The GA4GH DRS view of Gatehouse's entities (DRS 1.4). A file version is a blob object; a folder or project is a
 * bundle of what the caller can READ below it. Reading an object's metadata is READ on the entity (a caller who
 * cannot see it gets 404, as from every resource endpoint, SPEC §5); the bytes need DOWNLOAD, decided when the
 * access URL is asked for and again when it is used. Nothing here re-implements a rule: both go through the
 * entities capability's authorize and authorizeDownload.
 */

/** The one access method of a blob: an HTTPS URL signed for the caller (GET …/access/https). */
export const ACCESS_ID = 'https';
/** Most entities a bundle may hold, all levels together; a larger folder is refused (413), not cut short. */
export const MAX_BUNDLE_ENTRIES = 1000;

export interface Checksum {
  checksum: string;
  type: string;
}

export interface ContentsObject {
  name: string;
  id: string;
  drs_uri: string[];
  contents?: ContentsObject[];
}

export interface DrsObject {
  id: string;
  name: string;
  self_uri: string;
  size: number;
  created_time: string;
  updated_time: string;
  version?: string;
  mime_type?: string;
  checksums: Checksum[];
  access_methods?: { type: 'https'; access_id: string }[];
  contents?: ContentsObject[];
  description?: string;
  aliases?: string[];
}

export const noSuchObject = (raw: string) =>
  notFound(`There is no DRS object "${raw}" here; Gatehouse object ids look like syn123.1 (a file's version) or syn123.`, 'DRS_OBJECT_NOT_FOUND');

function refOf(raw: string): ObjectRef {
  const ref = parseObjectId(raw);
  if (!ref) throw noSuchObject(raw);
  return ref;
}

interface EntityRow {
  type: 'project' | 'folder' | 'file';
  name: string;
  description: string;
  created_at: Date;
  modified_at: Date;
  current_version: number | null;
}

/** GET /objects/{id}: the object, after READ on its entity. */
export async function getObject(ctx: AppContext, viewer: Viewer, rawId: string, expand: boolean): Promise<DrsObject> {
  const ref = refOf(rawId);
  await authorize(ctx, viewer, ref.entityId, 'READ');
  const entity = await ctx.db.maybeOne<EntityRow>(
    'SELECT type, name, description, created_at, modified_at, current_version FROM entities WHERE id = $1', [ref.entityId],
  );
  if (!entity) throw noSuchObject(rawId);
  if (entity.type === 'file') return fileObject(ctx, ref.entityId, ref.version ?? entity.current_version!, entity);
  // Folders and projects have no versions: "syn456.1" names nothing.
  if (ref.version !== undefined) throw noSuchObject(rawId);
  return bundleObject(ctx, viewer, ref.entityId, entity, expand);
}

async function fileObject(ctx: AppContext, entityId: number, version: number, entity: EntityRow): Promise<DrsObject> {
  const row = await ctx.db.maybeOne<{ size: string | number; md5: string; sha256: string | null; content_type: string; created_at: Date }>(
    `SELECT b.size, b.md5, b.sha256, b.content_type, v.created_at
     FROM file_versions v JOIN blobs b ON b.id = v.blob_id WHERE v.entity_id = $1 AND v.version = $2`,
    [entityId, version],
  );
  if (!row) throw notFound(entityMessages.noSuchVersion(entityId, version), 'DRS_OBJECT_NOT_FOUND');
  const id = fileObjectId(entityId, version);
  return {
    id,
    name: entity.name,
    self_uri: drsUri(ctx.config.publicUrl, id),
    size: Number(row.size),
    // A version's bytes never change once stored: created and updated are the same moment.
    created_time: row.created_at.toISOString(),
    updated_time: row.created_at.toISOString(),
    version: String(version),
    mime_type: row.content_type,
    checksums: checksumsOf(row.md5, row.sha256),
    access_methods: [{ type: 'https', access_id: ACCESS_ID }],
    ...(entity.description ? { description: entity.description } : {}),
    aliases: [formatEntityId(entityId)],
  };
}

/** MD5 always; SHA-256 once known (computed on upload, or later by the backfill job for older blobs). */
function checksumsOf(md5: string, sha256: string | null): Checksum[] {
  return [{ checksum: md5, type: 'md5' }, ...(sha256 ? [{ checksum: sha256, type: 'sha-256' }] : [])];
}

interface Node {
  id: number;
  parentId: number;
  type: 'folder' | 'file';
  name: string;
  version: number | null;
  size: number;
  md5: string | null;
  sha256: string | null;
  children: Node[];
}

/**
 * A folder or project as a bundle: what the caller can READ below it, where every folder on the way is readable
 * too (as the entity browser shows it). Its size is the sum of its files' sizes; its checksums follow DRS: the
 * digest of the sorted, concatenated checksums of its direct contents, of each type that every one of them has.
 */
async function bundleObject(ctx: AppContext, viewer: Viewer, entityId: number, entity: EntityRow, expand: boolean): Promise<DrsObject> {
  const rows = await ctx.db.query<{
    id: string | number; parent_id: string | number; type: 'folder' | 'file'; name: string; version: number | null;
    size: string | number | null; md5: string | null; sha256: string | null;
  }>(
    `WITH RECURSIVE tree AS (
       SELECT id, parent_id, type, name, current_version FROM entities WHERE parent_id = $1
       UNION ALL
       SELECT e.id, e.parent_id, e.type, e.name, e.current_version FROM entities e JOIN tree t ON e.parent_id = t.id WHERE t.type <> 'file'
     )
     SELECT t.id, t.parent_id, t.type, t.name, t.current_version AS version, b.size, b.md5, b.sha256
     FROM tree t
     LEFT JOIN file_versions v ON v.entity_id = t.id AND v.version = t.current_version
     LEFT JOIN blobs b ON b.id = v.blob_id
     LIMIT $2`,
    [entityId, MAX_BUNDLE_ENTRIES + 1],
  );
  if (rows.length > MAX_BUNDLE_ENTRIES) {
    throw new Problem(413, 'BUNDLE_TOO_LARGE',
      `${formatEntityId(entityId)} holds more than ${MAX_BUNDLE_ENTRIES} folders and files; ask for its folders one by one.`, { maxEntries: MAX_BUNDLE_ENTRIES });
  }
  const decisions = await ctx.decisions.decideMany(viewer?.id ?? null, rows.map((r) => Number(r.id)), 'READ');
  const nodes = new Map<number, Node>();
  const root: Node = { id: entityId, parentId: 0, type: 'folder', name: entity.name, version: null, size: 0, md5: null, sha256: null, children: [] };
  nodes.set(entityId, root);
  const readable = rows.filter((_, i) => decisions[i].granted).map((r): Node => ({
    id: Number(r.id), parentId: Number(r.parent_id), type: r.type, name: r.name, version: r.version,
    size: Number(r.size ?? 0), md5: r.md5, sha256: r.sha256, children: [],
  }));
  for (const n of readable) nodes.set(n.id, n);
  // A node hangs in the tree only when its parent does: below a folder the caller cannot read, nothing shows.
  const attached = (n: Node): boolean => n.id === entityId || (nodes.has(n.parentId) && attached(nodes.get(n.parentId)!));
  for (const n of readable) if (attached(n)) nodes.get(n.parentId)!.children.push(n);
  for (const n of nodes.values()) n.children.sort((a, b) => a.name.localeCompare(b.name));
  summarise(root);
  const id = bundleObjectId(entityId);
  return {
    id,
    name: entity.name,
    self_uri: drsUri(ctx.config.publicUrl, id),
    size: root.size,
    created_time: entity.created_at.toISOString(),
    updated_time: entity.modified_at.toISOString(),
    checksums: checksumsOf(root.md5!, root.sha256),
    contents: root.children.map((c) => contentsOf(ctx.config.publicUrl, c, expand)),
    ...(entity.description ? { description: entity.description } : {}),
  };
}

/** Fills each folder's size and checksums from its children, bottom up. */
function summarise(node: Node): void {
  if (node.type === 'file') return;
  for (const c of node.children) summarise(c);
  node.size = node.children.reduce((sum, c) => sum + c.size, 0);
  node.md5 = bundleDigest('md5', node.children.map((c) => c.md5!));
  const sha = node.children.map((c) => c.sha256);
  node.sha256 = sha.every((s): s is string => s !== null) ? bundleDigest('sha256', sha) : null;
}

/** DRS bundle checksum: digest(concat(sort(checksums of the direct contents))). */
export function bundleDigest(algorithm: 'md5' | 'sha256', checksums: readonly string[]): string {
  return createHash(algorithm).update([...checksums].sort().join('')).digest('hex');
}

function contentsOf(publicUrl: string, node: Node, expand: boolean): ContentsObject {
  const id = node.type === 'file' ? fileObjectId(node.id, node.version!) : bundleObjectId(node.id);
  return {
    name: node.name,
    id,
    drs_uri: [drsUri(publicUrl, id)],
    ...(expand && node.type === 'folder' ? { contents: node.children.map((c) => contentsOf(publicUrl, c, true)) } : {}),
  };
}

export const noSuchAccessMethod = (accessId: string) =>
  notFound(`There is no access method "${accessId}"; Gatehouse files have one, "${ACCESS_ID}".`, 'DRS_ACCESS_ID_NOT_FOUND');

/**
 * GET /objects/{id}/access/{access_id}: a signed URL of Gatehouse's own download route, after DOWNLOAD on the file
 * (a denial is recorded as any download's is, with its rule, message and actions required). The bytes are
 * counted and recorded when the URL is used, not here.
 */
export async function getAccessUrl(ctx: AppContext, viewer: Viewer, rawId: string, accessId: string, client: Client): Promise<{ url: string }> {
  const ref = refOf(rawId);
  if (accessId !== ACCESS_ID) throw noSuchAccessMethod(accessId);
  const target = await authorizeDownload(ctx, viewer, ref.entityId, ref.version, client);
  const { signature } = await signAccess(ctx, { userId: viewer?.id ?? null, entityId: target.entityId, version: target.version });
  return { url: accessUrl(ctx.config.publicUrl, target.entityId, target.version, signature) };
}

/** The object's canonical id (a bare file id names its current version), after READ: for OPTIONS. */
export async function canonicalId(ctx: AppContext, viewer: Viewer, rawId: string): Promise<string> {
  const ref = refOf(rawId);
  await authorize(ctx, viewer, ref.entityId, 'READ');
  const entity = await ctx.db.maybeOne<{ type: string; current_version: number | null }>('SELECT type, current_version FROM entities WHERE id = $1', [ref.entityId]);
  if (!entity) throw noSuchObject(rawId);
  if (entity.type !== 'file') {
    if (ref.version !== undefined) throw noSuchObject(rawId);
    return bundleObjectId(ref.entityId);
  }
  const version = ref.version ?? entity.current_version!;
  const exists = await ctx.db.maybeOne('SELECT 1 FROM file_versions WHERE entity_id = $1 AND version = $2', [ref.entityId, version]);
  if (!exists) throw notFound(entityMessages.noSuchVersion(ref.entityId, version), 'DRS_OBJECT_NOT_FOUND');
  return fileObjectId(ref.entityId, version);
}

/** Most ids one bulk request may name (service-info's maxBulkRequestLength); more is a 413. */
export const MAX_BULK = 100;

export interface Unresolved {
  error_code: number;
  object_ids: string[];
}

export const bulkTooLarge = (n: number) =>
  new Problem(413, 'BULK_TOO_LARGE', `A bulk request may name at most ${MAX_BULK} objects; this one names ${n}. Split it.`, { maxBulkRequestLength: MAX_BULK });

/**
 * Each item of a bulk request, as the single request would answer it: what resolves, and what does not grouped by
 * the status the single request would have had (404 for what the caller cannot see, 403 for a denial).
 */
async function bulk<T>(ids: readonly string[], one: (id: string) => Promise<T>): Promise<{ resolved: T[]; unresolved: Unresolved[] }> {
  const resolved: T[] = [];
  const byStatus = new Map<number, string[]>();
  for (const id of ids) {
    try {
      resolved.push(await one(id));
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      byStatus.set(err.status, [...(byStatus.get(err.status) ?? []), id]);
    }
  }
  return { resolved, unresolved: [...byStatus].map(([error_code, object_ids]) => ({ error_code, object_ids })) };
}

/** POST /objects: many objects at once. */
export async function getObjects(ctx: AppContext, viewer: Viewer, ids: readonly string[], expand: boolean) {
  if (ids.length > MAX_BULK) throw bulkTooLarge(ids.length);
  const { resolved, unresolved } = await bulk(ids, (id) => getObject(ctx, viewer, id, expand));
  return {
    summary: { requested: ids.length, resolved: resolved.length, unresolved: ids.length - resolved.length },
    resolved_drs_object: resolved,
    unresolved_drs_objects: unresolved,
  };
}

/** POST /objects/access: access URLs for many (object, access id) pairs at once. */
export async function getAccessUrls(
  ctx: AppContext, viewer: Viewer, items: readonly { bulk_object_id: string; bulk_access_ids: readonly string[] }[], client: Client,
) {
  const pairs = items.flatMap((i) => i.bulk_access_ids.map((accessId) => ({ objectId: i.bulk_object_id, accessId })));
  if (pairs.length > MAX_BULK) throw bulkTooLarge(pairs.length);
  const { resolved, unresolved } = await bulk(pairs.map((_, i) => String(i)), async (i) => {
    const { objectId, accessId } = pairs[Number(i)];
    const { url } = await getAccessUrl(ctx, viewer, objectId, accessId, client);
    return { drs_object_id: objectId, drs_access_id: accessId, url };
  });
  return {
    summary: { requested: pairs.length, resolved: resolved.length, unresolved: pairs.length - resolved.length },
    resolved_drs_object_access_urls: resolved,
    unresolved_drs_objects: unresolved.map((u) => ({ error_code: u.error_code, object_ids: u.object_ids.map((i) => pairs[Number(i)].objectId) })),
  };
}
