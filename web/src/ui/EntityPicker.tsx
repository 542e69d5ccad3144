import { useId, useState } from 'react';
import { useApi, useDebounced } from '../hooks.js';
import type { EntityType, Page } from '../types.js';
import { Badge } from './bits.js';

/** A project, folder or file as a picker shows it: its name, the path above it and its type. */
export interface PickedEntity {
  id: string;
  name: string;
  type: EntityType;
  /** The names above it, the project first, joined by " / " ("" for a project). */
  path: string;
}

interface Hit {
  id: string;
  name: string;
  type: EntityType;
  path: { id: string; name: string | null; type: EntityType }[];
}

const pathOf = (hit: Hit) => hit.path.map((p) => p.name ?? p.id).join(' / ');

/** "Project / folder / name", or the name alone for a project. */
export const entityLabel = (e: { name: string; path?: string | null }) => (e.path ? `${e.path} / ${e.name}` : e.name);

/**
 * Finds a project, folder or file the caller can see by its name (or id, or MD5) — GET /search — and picks one.
 * Like UserPicker, the results are buttons ("Choose Alzheimer cohort").
 */
export function EntityPicker({ label, value, onChange, types, error, id, allowId }: {
  label: string; value: PickedEntity | null; onChange(entity: PickedEntity | null): void; types?: EntityType[]; error?: string; id?: string;
  /** Also offer a typed id that search does not show (ACT binds and locks what it may not READ). */
  allowId?: boolean;
}) {
  const generated = useId().replace(/:/g, '');
  const inputId = id ?? `entity-${generated}`;
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const type = types?.length === 1 ? types[0] : undefined;
  const results = useApi<Page<Hit>>(query && !value ? '/search' : null, { q: query, type, limit: 8 });
  const found = (results.data?.items ?? []).filter((h) => !types || types.includes(h.type));
  const typedId = allowId ? /^(?:syn)?(\d{1,15})$/i.exec(query)?.[1] : undefined;
  const unseen = typedId && !results.loading && !found.some((h) => h.id === `syn${typedId}`) ? `syn${typedId}` : undefined;

  if (value) {
    return (
      <div className="field">
        <span className="label-like">{label}</span>
        <div className="picked" data-testid="picked-entity">
          <span><strong>{value.name}</strong> {value.name !== value.id && <span className="muted small">{value.path ? `in ${value.path} · ` : ''}{value.type}</span>}</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => { onChange(null); setQ(''); }}>Change</button>
        </div>
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }
  return (
    <div className={`field user-picker${error ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} type="search" autoComplete="off" value={q} placeholder={types?.length === 1 ? `Type a ${types[0]} name` : 'Type a project, folder or file name'}
        onChange={(e) => setQ(e.target.value)} aria-describedby={error ? `${inputId}-error` : undefined} aria-invalid={error ? true : undefined} />
      {error && <p className="field-error" id={`${inputId}-error`}>{error}</p>}
      {query && (
        <ul className="picker-results" aria-label="Matching projects, folders and files">
          {results.loading ? <li className="muted small">Searching…</li>
            : results.error ? <li className="field-error">{results.error.detail}</li>
            : unseen ? (
              <li>
                <button type="button" className="picker-option" aria-label={`Choose ${unseen}`}
                  onClick={() => onChange({ id: unseen, name: unseen, type: type ?? 'file', path: '' })}>
                  <strong>{unseen}</strong> <span className="muted small">by its id (not shared with you, so its name is hidden)</span>
                </button>
              </li>
            )
            : found.length === 0 ? <li className="muted small">Nothing you can see matches “{query}”.</li>
            : found.map((h) => (
              <li key={h.id}>
                <button type="button" className="picker-option" aria-label={`Choose ${h.name}`}
                  onClick={() => onChange({ id: h.id, name: h.name, type: h.type, path: pathOf(h) })}>
                  <strong>{h.name}</strong> <Badge>{h.type}</Badge>
                  {h.path.length > 0 && <span className="muted small picker-path"> in {pathOf(h)}</span>}
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
