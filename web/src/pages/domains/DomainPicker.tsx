import { Link } from 'react-router-dom';
import type { ApiProblem } from '../../api.js';
import { useApi } from '../../hooks.js';
import type { Page } from '../../types.js';
import { Loading } from '../../ui/bits.js';
import { Checkbox } from '../../ui/forms.js';
import type { ManagedGroup } from '../groups/model.js';
import '../groups/groups.css';

/** The groups a refusal names (`groups: [{id, name}]`), e.g. NOT_IN_AUTHORIZATION_DOMAIN_GROUP. */
export const problemGroups = (problem?: ApiProblem): { id: number; name: string }[] =>
  Array.isArray(problem?.groups) ? (problem.groups as { id: number; name: string }[]) : [];

/** The message a domain refusal shows beside the picker: not in a group, or a group that does not exist. */
export function domainError(problem?: ApiProblem): string | undefined {
  if (!problem) return undefined;
  if (problem.code === 'NOT_IN_AUTHORIZATION_DOMAIN_GROUP' || problem.code === 'GROUP_NOT_FOUND') return problem.detail;
  return problem.fieldError('authorizationDomain');
}

/**
 * Chooses the managed groups of an authorization domain among the groups I am in (GET /groups): a new project's
 * domain, or the groups a clone adds. `fixed` are shown ticked and locked (a clone keeps its source's groups).
 */
export function DomainPicker({ value, onChange, problem, fixed = [], legend = 'Authorization domain (optional)', id = 'ad-picker' }: {
  value: string[]; onChange(names: string[]): void; problem?: ApiProblem; fixed?: string[]; legend?: string; id?: string;
}) {
  const mine = useApi<Page<ManagedGroup>>('/groups', { limit: 200 });
  const error = domainError(problem);
  const failing = new Set(problemGroups(problem).map((g) => g.name.toLowerCase()));
  const fixedSet = new Set(fixed.map((n) => n.toLowerCase()));
  const groups = (mine.data?.items ?? []).filter((g) => g.isMember);
  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name] : value.filter((n) => n !== name));
  // A failing group that is not (any more) in my list still shows, ticked, so that it can be unticked.
  const extra = value.filter((n) => !groups.some((g) => g.name === n) && !fixedSet.has(n.toLowerCase()));
  return (
    <fieldset className={`ad-picker${error ? ' field-invalid' : ''}`} data-testid={id} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend>{legend}</legend>
      {mine.loading && !mine.data ? <Loading what="Loading your groups" />
        : mine.error ? <p className="field-error">{mine.error.detail}</p>
        : groups.length === 0 && fixed.length === 0 ? (
          <p className="muted small">You are not in any managed group. <Link to="/groups">Create or join a group</Link> to protect a project with an authorization domain.</p>
        ) : (
          <div className="ad-picker-options">
            {fixed.map((name) => (
              <div key={`fixed-${name}`} className="ad-picker-fixed" title="Inherited from the source: an authorization domain follows every clone">
                <Checkbox label={<>{name} <span className="muted small">(kept)</span></>} checked disabled onChange={() => {}} id={`${id}-fixed-${name}`} />
              </div>
            ))}
            {groups.filter((g) => !fixedSet.has(g.name.toLowerCase())).map((g) => (
              <div key={g.id} className={failing.has(g.name.toLowerCase()) ? 'ad-picker-failing' : undefined}>
                <Checkbox label={g.name} checked={value.includes(g.name)} onChange={(on) => toggle(g.name, on)} id={`${id}-${g.name}`} />
              </div>
            ))}
            {extra.map((name) => (
              <div key={`extra-${name}`} className="ad-picker-failing">
                <Checkbox label={name} checked onChange={() => toggle(name, false)} id={`${id}-extra-${name}`} />
              </div>
            ))}
          </div>
        )}
      <p className="field-hint" id={`${id}-hint`}>
        Only people in <strong>every</strong> chosen group (and given access by sharing) can use the data. You must be in each group.
        Groups can be added later but <strong>never removed</strong>, and the domain follows every clone.
      </p>
      {error && <p className="field-error" id={`${id}-error`} role="alert" data-testid="error-authorizationDomain">{error}</p>}
    </fieldset>
  );
}
