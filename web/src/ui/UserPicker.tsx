import { useId, useState } from 'react';
import { useApi, useDebounced } from '../hooks.js';
import type { Page, UserSummary } from '../types.js';

/**
 * Finds a user by the start of their username, display name or email (GET /users?q=) and picks one.
 * The results are buttons, so that keyboard and browser tests pick the same way.
 */
export function UserPicker({ label, value, onChange, exclude = [], error, id }: {
  label: string; value: UserSummary | null; onChange(user: UserSummary | null): void; exclude?: number[]; error?: string; id?: string;
}) {
  const generated = useId().replace(/:/g, '');
  const inputId = id ?? `user-${generated}`;
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const results = useApi<Page<UserSummary>>(query && !value ? '/users' : null, { q: query, limit: 8 });
  const found = (results.data?.items ?? []).filter((u) => !exclude.includes(u.id));

  if (value) {
    return (
      <div className="field">
        <span className="label-like">{label}</span>
        <div className="picked" data-testid="picked-user">
          <span><strong>{value.displayName}</strong> <span className="muted">@{value.username}</span></span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => { onChange(null); setQ(''); }}>Change</button>
        </div>
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }
  return (
    <div className={`field user-picker${error ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} type="search" autoComplete="off" value={q} placeholder="Type a username, name or email"
        onChange={(e) => setQ(e.target.value)} aria-describedby={error ? `${inputId}-error` : undefined} aria-invalid={error ? true : undefined} />
      {error && <p className="field-error" id={`${inputId}-error`}>{error}</p>}
      {query && (
        <ul className="picker-results" aria-label="Matching users">
          {results.loading ? <li className="muted small">Searching…</li>
            : results.error ? <li className="field-error">{results.error.detail}</li>
            : found.length === 0 ? <li className="muted small">No user matches “{query}”.</li>
            : found.map((u) => (
              <li key={u.id}>
                <button type="button" className="picker-option" onClick={() => onChange(u)} aria-label={`Choose ${u.username}`}>
                  <strong>{u.displayName}</strong> <span className="muted">@{u.username}</span>
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
