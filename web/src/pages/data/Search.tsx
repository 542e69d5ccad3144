import { Fragment, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import type { Entity, EntityType, Page, RestrictionLevel } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, formatBytes } from '../../ui/bits.js';
import { Checkbox, Field } from '../../ui/forms.js';
import { EntityIcon, RestrictionBadge, entityUrl, restrictionLabel } from '../../ui/entities.js';

/** One hit of GET /search (src/entities/search.routes.ts). */
interface SearchHit {
  id: string;
  name: string;
  type: EntityType;
  description: string;
  snippet: string | null;
  projectId: string;
  path: { id: string; name: string | null; type: EntityType }[];
  restrictionLevel: RestrictionLevel;
  hasUnmetAccessRequirement: boolean;
  canDownload: boolean | null;
  modifiedOn: string;
  file?: { size: number; md5: string; contentType: string; fileName: string };
}

type SearchAnswer = Page<SearchHit> & { terms: string[] };

const LIMIT = 20;
const TYPES: { value: EntityType; label: string }[] = [
  { value: 'project', label: 'Projects' },
  { value: 'folder', label: 'Folders' },
  { value: 'file', label: 'Files' },
];
const LEVELS: RestrictionLevel[] = ['OPEN', 'RESTRICTED_BY_TERMS_OF_USE', 'CONTROLLED_BY_ACT'];

/** The text with every word that begins with one of the terms marked. */
function Highlighted({ text, terms }: { text: string; terms: string[] }): ReactNode {
  if (terms.length === 0) return text;
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})`, 'giu');
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(<mark key={m.index}>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** Where the hit lives: its ancestors as links, a folder the viewer may not open as words without a link. */
function HitPath({ path }: { path: SearchHit['path'] }) {
  if (path.length === 0) return <span className="muted small">Project</span>;
  return (
    <nav aria-label="Location" className="search-path">
      <ol>
        {path.map((p, i) => (
          <Fragment key={p.id}>
            <li>
              {p.name === null
                ? <span className="muted" title="You cannot open this folder">(a {p.type} you cannot open)</span>
                : <Link to={entityUrl(p.id)}>{p.name}</Link>}
            </li>
            {i < path.length - 1 && <li aria-hidden="true" className="search-path-sep">/</li>}
          </Fragment>
        ))}
      </ol>
    </nav>
  );
}

function HitCard({ hit, terms }: { hit: SearchHit; terms: string[] }) {
  return (
    <li className="search-hit" data-testid={`hit-${hit.name}`}>
      <div className="search-hit-head">
        <Link to={entityUrl(hit.id)} className="entity-link search-hit-name">
          <EntityIcon type={hit.type} />
          <span><Highlighted text={hit.name} terms={terms} /></span>
        </Link>
        <span className="search-hit-badges">
          <RestrictionBadge info={hit} />
          {hit.canDownload === true && <Badge tone="success" title="You can download this file now">Can download</Badge>}
          {hit.canDownload === false && <Badge tone="neutral" title="You cannot download this file yet: open it to see what is missing">Cannot download yet</Badge>}
        </span>
      </div>
      <HitPath path={hit.path} />
      {hit.snippet && <p className="search-hit-snippet"><Highlighted text={hit.snippet} terms={terms} /></p>}
      {hit.file && (
        <p className="muted small search-hit-file">
          {formatBytes(hit.file.size)} · {hit.file.contentType} · <span className="mono" title="MD5">MD5 {hit.file.md5}</span>
        </p>
      )}
    </li>
  );
}

/**
 * Search results (issue 9 item 2): what the header's search box found among the projects, folders and files the
 * viewer can READ, with filters kept in the address so that a result page can be shared and reloaded.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const projectId = params.get('projectId') ?? '';
  const type = (params.get('type') ?? '') as EntityType | '';
  const restriction = (params.get('restriction') ?? '') as RestrictionLevel | '';
  const canDownload = params.get('canDownload') === 'true';
  const offset = Math.max(0, Number(params.get('offset')) || 0);

  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'offset') next.delete('offset');
    setParams(next);
  };

  const results = useApi<SearchAnswer>(q ? '/search' : null, {
    q, projectId, type: canDownload ? 'file' : type, restriction, canDownload: canDownload ? true : undefined, limit: LIMIT, offset,
  });
  const projects = useApi<Page<Entity>>('/entities', { type: 'project', limit: 500 });

  // The filters in force, in words: "files you can download, controlled, in Tumour Atlas".
  const filtersUsed = [
    canDownload ? 'files you can download' : TYPES.find((t) => t.value === type)?.label.toLowerCase(),
    restriction && restrictionLabel(restriction).toLowerCase(),
    projectId && `in ${projects.data?.items.find((p) => p.id === projectId)?.name ?? projectId}`,
  ].filter(Boolean) as string[];

  return (
    <>
      <PageHeader title="Search" subtitle={q ? <>Results for <strong>“{q}”</strong> among the projects, folders and files you can see.</> : 'Search projects, folders and files by name, description, file name, type or MD5.'} />
      <Card>
        <div className="toolbar search-filters" role="group" aria-label="Filters">
          <Field label="Project" id="search-project">
            <select value={projectId} onChange={(e) => set('projectId', e.target.value)}>
              <option value="">All projects</option>
              {projects.data?.items.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </Field>
          <Field label="Type" id="search-type">
            <select value={canDownload ? 'file' : type} disabled={canDownload} onChange={(e) => set('type', e.target.value)}>
              <option value="">Everything</option>
              {TYPES.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
            </select>
          </Field>
          <Field label="Restriction" id="search-restriction">
            <select value={restriction} onChange={(e) => set('restriction', e.target.value)}>
              <option value="">Any</option>
              {LEVELS.map((l) => <option key={l} value={l}>{restrictionLabel(l)}</option>)}
            </select>
          </Field>
          <div className="search-download-filter">
            <Checkbox id="search-can-download" label="Only files I can download" checked={canDownload} onChange={(on) => set('canDownload', on ? 'true' : null)} />
          </div>
        </div>
      </Card>
      {!q ? (
        <Empty title="Type what you are looking for in the search box above" icon="search">Words match the start of words in names and descriptions; an MD5 finds the file with that content.</Empty>
      ) : results.error?.code === 'SEARCH_QUERY_TOO_SHORT' ? (
        <Empty title={`“${q}” is too short to search for`} icon="search">{results.error.detail}</Empty>
      ) : results.error ? (
        <LoadError problem={results.error} retry={results.reload} />
      ) : !results.data || (results.loading && results.data.items.length === 0) ? (
        <Loading what="Searching" />
      ) : results.data.total === 0 ? (
        <Empty title={`Nothing found for “${q}”`} icon="search">
          {filtersUsed.length > 0
            ? <>Nothing matches with these filters ({filtersUsed.join(', ')}). <button type="button" className="link-button" onClick={() => setParams(new URLSearchParams({ q }))}>Search without filters</button></>
            : 'Nothing you can see matches these words. Try fewer or shorter words, or ask the project’s owner to share it with you.'}
        </Empty>
      ) : (
        <section aria-label="Results" aria-busy={results.loading || undefined}>
          <p className="muted small" data-testid="search-total" role="status">
            {results.data.total} {results.data.total === 1 ? 'result' : 'results'}{filtersUsed.length ? ` (${filtersUsed.join(', ')})` : ''}
          </p>
          <ul className="search-hits" data-testid="search-hits">
            {results.data.items.map((hit) => <HitCard key={hit.id} hit={hit} terms={results.data!.terms} />)}
          </ul>
          {results.data.total > LIMIT && <Pagination total={results.data.total} limit={LIMIT} offset={offset} onOffset={(o) => set('offset', o ? String(o) : null)} />}
        </section>
      )}
    </>
  );
}
