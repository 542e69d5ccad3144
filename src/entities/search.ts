import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId, parseEntityId } from '../infra/ids.js';
import { badRequest } from '../infra/problem.js';
import type { EntityType, RestrictionLevel } from '../decisions/model.js';
import type { Viewer } from './access.js';
import * as store from './store.js';

/**
 * Search over projects, folders and files (issue 9 item 2): by name and description (PostgreSQL full-text search,
 * every word a prefix), by a name that begins with the query, by exact MD5, by file name and by content type.
 *
 * Nothing here decides access. SQL finds candidates without looking at permissions; every candidate is then
 * decided by the engine (READ, in one batch; DOWNLOAD for the "I can download" filter), and only what the caller
 * may READ is counted, filtered, paged and described. Trashed entities are left out by SQL (trashed themselves)
 * and by the engine (DENY_IF_IN_TRASH, for those in the trash through a folder above them).
 *
 * The bounded candidate set. SQL returns at most MAX_CANDIDATES ids, best matches first, and the total counts the
 * readable ones among them. The alternative (fetching candidates page by page until enough readable ones are
 * found) costs as many round trips as there are hidden matches in front of the visible ones, and still has to
 * read every match to give an exact total. The limit: a query matching more than MAX_CANDIDATES entities on the
 * whole platform sees only the readable ones among its MAX_CANDIDATES best matches. The answer never says
 * whether the bound was reached: that would tell the caller how many entities match, hidden ones included.
 */

export const MAX_CANDIDATES = 5000;
export const SEARCH_LIMIT_MAX = 100;
export const QUERY_MAX = 200;
const MAX_TERMS = 12;

/** Must stay identical to the expression of the index entities_search (migrations/0160_entity_search.sql). */
const SEARCH_VECTOR = `to_tsvector('simple', regexp_replace(e.name || ' ' || e.description, '[^[:alnum:]]+', ' ', 'g'))`;

export interface SearchQuery {
  /** As typed, trimmed. */
  text: string;
  /** Lower-case words (letters and digits), each searched as a prefix. */
  terms: string[];
  md5: string | null;
  entityId: number | null;
}

/** The query as the SQL needs it; 400 SEARCH_QUERY_TOO_SHORT when it has fewer than two letters or digits. */
export function parseQuery(raw: string): SearchQuery {
  const text = raw.trim();
  const terms = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_TERMS);
  if (terms.join('').length < 2) {
    throw badRequest('SEARCH_QUERY_TOO_SHORT', 'Type at least two letters or digits to search.', { errors: [{ field: 'querystring.q', message: 'needs at least two letters or digits' }] });
  }
  const md5 = /^[0-9a-f]{32}$/i.test(text) ? text.toLowerCase() : null;
  const synId = /^syn\d{1,15}$/i.test(text) ? parseEntityId(text) : null;
  return { text, terms, md5, entityId: synId };
}

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface CandidateFilter {
  projectId?: number;
  type?: EntityType;
}

/**
 * Ids of entities not trashed themselves that match, best first: the exact name, then names beginning with the
 * query, then by full-text rank, then by name. No decisions here.
 */
export async function candidateIds(sql: Sql, query: SearchQuery, filter: CandidateFilter, max = MAX_CANDIDATES): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `WITH q AS (SELECT to_tsquery('simple', $1) AS q),
     hits AS (
       SELECT e.id FROM entities e, q WHERE ${SEARCH_VECTOR} @@ q.q
       UNION SELECT e.id FROM entities e WHERE lower(e.name) LIKE $2 ESCAPE '\\'
       UNION SELECT e.id FROM entities e WHERE e.id = $4::bigint
       UNION SELECT e.id FROM blobs b
               JOIN file_versions v ON v.blob_id = b.id
               JOIN entities e ON e.id = v.entity_id AND e.current_version = v.version, q
             WHERE b.md5 = $3::text
                OR lower(b.content_type) LIKE $2 ESCAPE '\\'
                OR to_tsvector('simple', regexp_replace(b.file_name, '[^[:alnum:]]+', ' ', 'g')) @@ q.q
     )
     SELECT e.id FROM hits JOIN entities e ON e.id = hits.id, q
     WHERE e.trashed_at IS NULL
       AND ($5::bigint IS NULL OR e.project_id = $5)
       AND ($6::text IS NULL OR e.type = $6)
     ORDER BY lower(e.name) = $7 DESC, lower(e.name) LIKE $2 ESCAPE '\\' DESC, ts_rank(${SEARCH_VECTOR}, q.q) DESC, lower(e.name), e.id
     LIMIT $8`,
    [
      query.terms.map((t) => `${t}:*`).join(' & '), likePrefix(query.text), query.md5, query.entityId,
      filter.projectId ?? null, filter.type ?? null, query.text.toLowerCase(), max,
    ],
  );
  return rows.map((r) => Number(r.id));
}

export interface SearchInput extends CandidateFilter {
  q: string;
  restriction?: RestrictionLevel;
  /** true: files the caller can download now; false: files they cannot. */
  canDownload?: boolean;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: string;
  name: string;
  type: EntityType;
  description: string;
  /** A piece of the description around the first word that matched; null when the description is empty. */
  snippet: string | null;
  projectId: string;
  /** The ancestors, the project first; the name of one the caller cannot READ is null. */
  path: { id: string; name: string | null; type: EntityType }[];
  restrictionLevel: RestrictionLevel;
  hasUnmetAccessRequirement: boolean;
  /** Files: the DOWNLOAD decision now; null for projects and folders. */
  canDownload: boolean | null;
  modifiedOn: string;
  file?: { size: number; md5: string; contentType: string; fileName: string };
}

export async function search(ctx: AppContext, viewer: Viewer, input: SearchInput) {
  const query = parseQuery(input.q);
  const userId = viewer?.id ?? null;
  const type = input.canDownload === undefined ? input.type : 'file';
  if (input.canDownload !== undefined && input.type !== undefined && input.type !== 'file') {
    throw badRequest('SEARCH_FILTER_CONFLICT', 'Only files can be downloaded: leave the type out, or choose files, with "I can download".', {
      errors: [{ field: 'querystring.type', message: 'must be file with canDownload' }],
    });
  }
  const candidates = await candidateIds(ctx.db, query, { projectId: input.projectId, type });

  // Decisions come from the engine, in bulk; nothing below sees an id it was not granted READ on.
  const reads = await ctx.decisions.decideMany(userId, candidates, 'READ');
  let visible = candidates.filter((_, i) => reads[i].granted);

  const types = new Map((await typesOf(ctx.db, visible)).map((r) => [r.id, r.type]));
  const downloadable = new Map<number, boolean>();
  const wantDownload = async (ids: number[]) => {
    const files = ids.filter((id) => types.get(id) === 'file' && !downloadable.has(id));
    const decisions = await ctx.decisions.decideMany(userId, files, 'DOWNLOAD');
    files.forEach((id, i) => downloadable.set(id, decisions[i].granted));
  };
  if (input.canDownload !== undefined) {
    await wantDownload(visible);
    visible = visible.filter((id) => downloadable.get(id) === input.canDownload);
  }

  const restrictions = new Map<number, { restrictionLevel: RestrictionLevel; hasUnmetAccessRequirement: boolean }>();
  const wantRestrictions = async (ids: number[]) => {
    for (const id of ids) {
      if (restrictions.has(id)) continue;
      const info = await ctx.decisions.restrictionInformation(userId, id);
      if (info) restrictions.set(id, info);
    }
  };
  if (input.restriction) {
    await wantRestrictions(visible);
    visible = visible.filter((id) => restrictions.get(id)?.restrictionLevel === input.restriction);
  }

  const offset = input.offset ?? 0;
  const limit = input.limit ?? 20;
  const pageIds = visible.slice(offset, offset + limit);
  await wantDownload(pageIds);
  await wantRestrictions(pageIds);
  const rows = await store.getEntities(ctx.db, pageIds);

  // Ancestors are named only where the caller may READ them: a file shared with them inside a closed project
  // shows where it lives without telling the names of folders they were never given.
  const paths = new Map<number, store.PathItem[]>();
  for (const row of rows) paths.set(row.id, (await store.pathOf(ctx.db, row.id)).slice(0, -1));
  const ancestorIds = [...new Set([...paths.values()].flat().map((p) => p.id))];
  const ancestorReads = await ctx.decisions.decideMany(userId, ancestorIds, 'READ');
  const namedAncestors = new Set(ancestorIds.filter((_, i) => ancestorReads[i].granted));

  const items: SearchHit[] = rows.map((row) => {
    const view = store.entityView(row);
    const info = restrictions.get(row.id) ?? { restrictionLevel: 'CONTROLLED_BY_ACT' as const, hasUnmetAccessRequirement: true };
    return {
      id: view.id,
      name: view.name,
      type: view.type,
      description: view.description,
      snippet: snippetOf(view.description, query.terms),
      projectId: view.projectId,
      path: paths.get(row.id)!.map((p) => ({ id: formatEntityId(p.id), name: namedAncestors.has(p.id) ? p.name : null, type: p.type })),
      restrictionLevel: info.restrictionLevel,
      hasUnmetAccessRequirement: info.hasUnmetAccessRequirement,
      canDownload: view.type === 'file' ? downloadable.get(row.id) ?? false : null,
      modifiedOn: view.modifiedOn,
      ...(view.file ? { file: view.file } : {}),
    };
  });
  return { items, total: visible.length, limit, offset, terms: query.terms };
}

async function typesOf(sql: Sql, ids: number[]): Promise<{ id: number; type: EntityType }[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<{ id: number; type: EntityType }>('SELECT id, type FROM entities WHERE id = ANY ($1::bigint[])', [ids]);
  return rows.map((r) => ({ id: Number(r.id), type: r.type }));
}

const SNIPPET = 160;

/** About SNIPPET characters of the description, around the first word that begins with one of the terms. */
export function snippetOf(description: string, terms: readonly string[]): string | null {
  const text = description.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const lower = text.toLowerCase();
  let at = -1;
  for (const term of terms) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u');
    const found = re.exec(lower);
    if (found && (at < 0 || found.index < at)) at = found.index;
  }
  if (text.length <= SNIPPET) return text;
  const start = at < 0 ? 0 : Math.max(0, at - 40);
  const end = Math.min(text.length, start + SNIPPET);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
