import { useId, useState } from 'react';
import { useApi, useDebounced } from '../hooks.js';
import type { Group, Page, PrincipalType, Team, UserSummary } from '../types.js';
import { Badge } from './bits.js';

export interface PickedPrincipal {
  id: number;
  /** Username, team name or group name. */
  name: string;
  displayName: string;
  type: Exclude<PrincipalType, 'special'>;
}

const typeLabel: Record<PickedPrincipal['type'], string> = { user: 'person', team: 'team', group: 'group' };

/**
 * Finds people, teams (and, when asked, managed groups) by the start of their name (GET /users?q=, /teams?q=,
 * /groups?all=true&q=) and picks one. Like UserPicker, the results are buttons ("Choose alice", "Choose team Lab").
 */
export function PrincipalPicker({ label, onPick, exclude = [], kinds = ['user', 'team'], error, id, placeholder }: {
  label: string; onPick(p: PickedPrincipal): void; exclude?: number[]; kinds?: PickedPrincipal['type'][]; error?: string; id?: string; placeholder?: string;
}) {
  const generated = useId().replace(/:/g, '');
  const inputId = id ?? `principal-${generated}`;
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const users = useApi<Page<UserSummary>>(query && kinds.includes('user') ? '/users' : null, { q: query, limit: 6 });
  const teams = useApi<Page<Team>>(query && kinds.includes('team') ? '/teams' : null, { q: query, limit: 6 });
  const groups = useApi<Page<Group>>(query && kinds.includes('group') ? '/groups' : null, { q: query, all: true, limit: 6 });

  const found: PickedPrincipal[] = [
    ...(users.data?.items ?? []).map((u) => ({ id: u.id, name: u.username, displayName: u.displayName, type: 'user' as const })),
    // The Administrators and ACT teams are roles: sharing with them is done through the roles, not here.
    ...(teams.data?.items ?? []).filter((t) => t.id > 5).map((t) => ({ id: t.id, name: t.name, displayName: t.name, type: 'team' as const })),
    ...(groups.data?.items ?? []).map((g) => ({ id: g.id, name: g.name, displayName: g.name, type: 'group' as const })),
  ].filter((p) => !exclude.includes(p.id));
  const loading = users.loading || teams.loading || groups.loading;
  const failed = users.error ?? teams.error ?? groups.error;
  const pick = (p: PickedPrincipal) => {
    onPick(p);
    setQ('');
  };

  return (
    <div className={`field user-picker${error ? ' field-invalid' : ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} type="search" autoComplete="off" value={q} placeholder={placeholder ?? 'Type a name'}
        onChange={(e) => setQ(e.target.value)} aria-describedby={error ? `${inputId}-error` : undefined} aria-invalid={error ? true : undefined} />
      {error && <p className="field-error" id={`${inputId}-error`}>{error}</p>}
      {query && q.trim() && (
        <ul className="picker-results" aria-label="Matching people and teams">
          {loading && found.length === 0 ? <li className="muted small">Searching…</li>
            : failed && found.length === 0 ? <li className="field-error">{failed.detail}</li>
            : found.length === 0 ? <li className="muted small">Nothing matches “{query}”.</li>
            : found.map((p) => (
              <li key={`${p.type}-${p.id}`}>
                <button type="button" className="picker-option" onClick={() => pick(p)}
                  aria-label={p.type === 'user' ? `Choose ${p.name}` : `Choose ${typeLabel[p.type]} ${p.name}`}>
                  <strong>{p.displayName}</strong> {p.type === 'user' ? <span className="muted">@{p.name}</span> : <Badge>{typeLabel[p.type]}</Badge>}
                </button>
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}
