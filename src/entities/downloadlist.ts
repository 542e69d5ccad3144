import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { AppContext, DownloadPart } from '../context.js';
import { isStoreProblem } from '../infra/blobs.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, conflict, notFound, Problem } from '../infra/problem.js';
import { actionsRequiredJson, denialProblem } from '../decisions/http.js';
import { messages } from '../decisions/messages.js';
import type { Decision } from '../decisions/model.js';
import { assertVisible, type Actor } from './access.js';
import { downloadTarget, metered, recordOf, writeDownloadRecords, type Client, type DownloadRecord, type DownloadTarget } from './downloads.js';
import { entityMessages as msg } from './messages.js';

/**
 * The download list, or cart (SPEC §6): a user collects files, sees for each whether it can be downloaded now
 * and what would lift the denials (counted per action over the whole list), and downloads the eligible ones as
 * one zip archive. Every decision is one DOWNLOAD decision per file, taken in one batch.
 */

export const MAX_LIST = 1000;

type ActionJson = ReturnType<typeof actionsRequiredJson>[number];

export interface DownloadListView {
  items: {
    entityId: string;
    name: string;
    size: number | null;
    versionNumber: number | null;
    canDownload: boolean;
    message: string | null;
    actionsRequired: ActionJson[];
  }[];
  summary: { eligible: number; ineligible: number; actions: { action: ActionJson; count: number }[] };
}

interface ListRow {
  entity_id: number;
  name: string;
  version: number | null;
  size: number | null;
}

async function listRows(ctx: AppContext, userId: number): Promise<ListRow[]> {
  return ctx.db.query<ListRow>(
    `SELECT l.entity_id, e.name, coalesce(l.version, e.current_version) AS version, b.size
     FROM download_list l
     JOIN entities e ON e.id = l.entity_id
     LEFT JOIN file_versions v ON v.entity_id = e.id AND v.version = coalesce(l.version, e.current_version)
     LEFT JOIN blobs b ON b.id = v.blob_id
     WHERE l.user_id = $1
     ORDER BY l.added_at, l.entity_id`,
    [userId],
  );
}

/** Each distinct action required, with how many files it would unlock, most needed first. */
function aggregate(decisions: readonly Decision[]): { action: ActionJson; count: number }[] {
  const counts = new Map<string, { action: ActionJson; count: number }>();
  for (const decision of decisions) {
    for (const action of actionsRequiredJson(decision.actionsRequired)) {
      const key = JSON.stringify(action);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { action, count: 1 });
    }
  }
  // A stable sort keeps first-seen order among equal counts.
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

export async function getList(ctx: AppContext, actor: Actor): Promise<DownloadListView> {
  const rows = await listRows(ctx, actor.id);
  const decisions = await ctx.decisions.decideMany(actor.id, rows.map((r) => r.entity_id), 'DOWNLOAD');
  const eligible = decisions.filter((d) => d.granted).length;
  return {
    items: rows.map((r, i) => ({
      entityId: formatEntityId(r.entity_id),
      name: r.name,
      size: r.size === null ? null : Number(r.size),
      versionNumber: r.version,
      canDownload: decisions[i].granted,
      message: decisions[i].message,
      actionsRequired: actionsRequiredJson(decisions[i].actionsRequired),
    })),
    summary: { eligible, ineligible: rows.length - eligible, actions: aggregate(decisions) },
  };
}

/** Adds files the caller can see (whether or not they can download them yet); 404 for any they cannot see. */
export async function addToList(ctx: AppContext, actor: Actor, entityIds: readonly number[]): Promise<DownloadListView> {
  const ids = [...new Set(entityIds)];
  const reads = await ctx.decisions.decideMany(actor.id, ids, 'READ');
  for (let i = 0; i < ids.length; i++) {
    if (reads[i].granted) continue;
    // In the trash, or outside the authorization domain: said so to those who can see it, 404 to the others.
    await assertVisible(ctx, actor, ids[i], reads[i]);
    throw denialProblem(reads[i]);
  }
  const types = await ctx.db.query<{ id: number; type: string }>('SELECT id, type FROM entities WHERE id = ANY ($1::bigint[])', [ids]);
  const typeOf = new Map(types.map((t) => [Number(t.id), t.type]));
  for (const id of ids) {
    if (!typeOf.has(id)) throw notFound(messages.doesNotExist(id));
    if (typeOf.get(id) !== 'file') throw badRequest('NOT_A_FILE', msg.notAFile(id));
  }
  await ctx.db.tx(async (sql) => {
    // One user's list changes one request at a time, so that the size limit holds.
    await sql.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [actor.id]);
    await sql.query(
      `INSERT INTO download_list (user_id, entity_id, added_at)
       SELECT $1, unnest($2::bigint[]), $3 ON CONFLICT DO NOTHING`,
      [actor.id, ids, ctx.clock.now()],
    );
    const { count } = await sql.one<{ count: number }>('SELECT count(*)::int AS count FROM download_list WHERE user_id = $1', [actor.id]);
    if (count > MAX_LIST) throw conflict('DOWNLOAD_LIST_FULL', msg.listFull(MAX_LIST));
  });
  return getList(ctx, actor);
}

export async function removeFromList(ctx: AppContext, actor: Actor, entityId: number): Promise<void> {
  const removed = await ctx.db.query('DELETE FROM download_list WHERE user_id = $1 AND entity_id = $2 RETURNING entity_id', [actor.id, entityId]);
  if (removed.length === 0) throw notFound(msg.notOnList(entityId), 'NOT_ON_LIST');
}

export async function clearList(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db.query('DELETE FROM download_list WHERE user_id = $1', [actor.id]);
}

/**
 * One segment of a path inside the archive: no separators, no NUL or control characters, never "." or "..",
 * so an unzip tool writes every entry below the folder it extracts into.
 */
export function safeSegment(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[/\\]/g, '_').trim();
  return cleaned === '' || /^\.+$/.test(cleaned) ? '_' : cleaned;
}

/** "a/name.csv" → "a/name (2).csv" for the second entry of that path in one archive (compared as unzip tools on case-insensitive disks do). */
export function uniquePath(path: string, taken: Set<string>): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  let candidate = path;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    candidate = dot > 0 ? `${dir}${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${dir}${name} (${n})`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** The names from the file's project down to the file: ["Project", "folder", "sub", "README.txt"]. */
async function pathNames(ctx: AppContext, entityId: number): Promise<string[]> {
  const rows = await ctx.db.query<{ name: string }>(
    `WITH RECURSIVE up AS (
       SELECT id, parent_id, project_id, name, 0 AS level FROM entities WHERE id = $1
       UNION ALL
       SELECT e.id, e.parent_id, e.project_id, e.name, u.level + 1 FROM entities e JOIN up u ON e.id = u.parent_id
       WHERE u.id <> u.project_id
     )
     SELECT name FROM up ORDER BY level DESC`,
    [entityId],
  );
  return rows.map((r) => r.name);
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** What each AR on the file's path required and how it is met: "Controlled data (approved); Terms (exempt)". */
async function conditionsMet(ctx: AppContext, userId: number, entityId: number): Promise<string> {
  const info = await ctx.decisions.restrictionInformation(userId, entityId);
  if (!info || info.restrictionDetails.length === 0) return '';
  const names = new Map((await ctx.db.query<{ id: number; name: string }>(
    'SELECT id, name FROM access_requirements WHERE id = ANY ($1::bigint[])', [info.restrictionDetails.map((d) => d.accessRequirementId)],
  )).map((r) => [Number(r.id), r.name]));
  return info.restrictionDetails.map((d) => {
    const how = d.isApproved ? 'approved' : d.isExempt ? 'exempt' : d.isMet ? 'uploader' : 'not met';
    return `${names.get(d.accessRequirementId) ?? `AR ${d.accessRequirementId}`} (${how})`;
  }).join('; ');
}

/** The manifest at the archive's root: one line per file, in archive order. */
export const MANIFEST_NAME = 'manifest.csv';

/**
 * A zip of the files on the list that can be downloaded now. When the archive is complete, each file gets a
 * `served` download record and leaves the list; if the stream breaks off, each gets a `failed` record.
 */
export async function packageList(ctx: AppContext, actor: Actor, client: Client, runtimeId: number | null = null): Promise<{ stream: Readable; fileName: string; files: number }> {
  const rows = await listRows(ctx, actor.id);
  const decisions = await ctx.decisions.decideMany(actor.id, rows.map((r) => r.entity_id), 'DOWNLOAD');
  const targets: { target: DownloadTarget; name: string; conditions: string }[] = [];
  // Each file keeps its place below its project; the manifest's name is taken first so no file can have it.
  const taken = new Set<string>([MANIFEST_NAME]);
  // Files on the list that may not be downloaded now are not asked for (the list shows them as not eligible), so
  // they leave no download record; each packaged file's record names the rule that granted it.
  for (let i = 0; i < rows.length; i++) {
    if (!decisions[i].granted) continue;
    const found = await downloadTarget(ctx.db, rows[i].entity_id, rows[i].version ?? undefined);
    if (!found) continue;
    const target = { ...found, rule: decisions[i].rule };
    const path = (await pathNames(ctx, target.entityId)).map(safeSegment).join('/');
    targets.push({ target, name: uniquePath(path, taken), conditions: await conditionsMet(ctx, actor.id, target.entityId) });
  }
  if (targets.length === 0) throw conflict('NOTHING_TO_PACKAGE', msg.nothingToPackage);
  // Every blob is looked up before the archive starts: once its first bytes are out, a missing one can only break it.
  for (const { target } of targets) {
    try {
      await ctx.blobs.size(target.storageKey);
    } catch (err) {
      if (!isStoreProblem(err)) throw err;
      ctx.log.error({ err, entityId: target.entityId, blobId: target.blobId, store: ctx.blobs.description }, 'the bytes of a file cannot be read from the blob store');
      throw new Problem(err.status, err.code, err.detail, { ...err.extra, entityId: formatEntityId(target.entityId) });
    }
  }

  // Counted as egress before the archive starts, one part per project and class; refused, nothing is sent.
  const parts = new Map<string, DownloadPart & { entityIds: number[] }>();
  for (const { target } of targets) {
    const key = `${target.projectId}:${target.dataClass}`;
    const part = parts.get(key) ?? { projectId: target.projectId, entityIds: [], bytes: 0, dataClass: target.dataClass };
    part.entityIds.push(target.entityId);
    part.bytes += target.size;
    parts.set(key, part);
  }
  let ticket;
  try {
    ticket = await ctx.downloadMeter.count(ctx, { userId: actor.id, runtimeId, kind: 'archive', parts: [...parts.values()] });
  } catch (err) {
    if (err instanceof Problem) {
      await writeDownloadRecords(ctx.db, ctx.clock.now(), targets.map(({ target }) => ({
        ...recordOf(target, actor.id, client, 'denied', 0), rule: err.code,
      })));
    }
    throw err;
  }
  const sent = new Map<number, number>();
  const sentOfParts = () => [...parts.values()].map((p) => p.entityIds.reduce((sum, id) => sum + (sent.get(id) ?? 0), 0));
  const zip = new ZipFile();
  const mtime = ctx.clock.now();
  for (const { target, name } of targets) {
    zip.addReadStreamLazy(name, { mtime, size: target.size }, (callback) => {
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sent.set(target.entityId, (sent.get(target.entityId) ?? 0) + chunk.length);
          done(null, chunk);
        },
      });
      ctx.blobs.open(target.storageKey).then(
        (source) => pipeline(source, counter).catch(() => undefined),
        (err: unknown) => counter.destroy(err as Error),
      );
      callback(null, counter);
    });
  }
  const manifest = [['path', 'entity id', 'version', 'size in bytes', 'md5', 'conditions met'].join(','),
    ...targets.map(({ target, name, conditions }) => [name, formatEntityId(target.entityId), target.version, target.size, target.md5, conditions].map(csvCell).join(','))];
  zip.addBuffer(Buffer.from(manifest.join('\r\n') + '\r\n'), MANIFEST_NAME, { mtime });
  // A blob that cannot be read ends the archive: the client sees a broken download, and the records say failed.
  zip.on('error', (err: Error) => (zip.outputStream as Readable).destroy(err));
  zip.end();

  const records = (result: 'served' | 'failed'): DownloadRecord[] => targets.map(({ target }) =>
    recordOf(target, actor.id, client, result, sent.get(target.entityId) ?? 0));
  const stream = metered(
    ctx,
    zip.outputStream as Readable,
    async () => {
      await ctx.db.tx(async (sql) => {
        await writeDownloadRecords(sql, ctx.clock.now(), records('served'));
        await sql.query('DELETE FROM download_list WHERE user_id = $1 AND entity_id = ANY ($2::bigint[])', [actor.id, targets.map((t) => t.target.entityId)]);
      });
      await ctx.downloadMeter.settle(ctx, ticket, 'served');
    },
    async () => {
      await writeDownloadRecords(ctx.db, ctx.clock.now(), records('failed'));
      await ctx.downloadMeter.settle(ctx, ticket, 'failed', sentOfParts());
    },
  );
  const stamp = mtime.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return { stream, fileName: `gatehouse-download-${stamp}.zip`, files: targets.length };
}
