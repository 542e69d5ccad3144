import { useState, type ReactNode } from 'react';
import { useApi, useDebounced } from '../../hooks.js';
import type { Page, UserSummary } from '../../types.js';
import { UserName } from '../../ui/entities.js';
import type { AnswerValue, FormField } from './model.js';

/** The id of a field's control: the label, the missing-field summary and the tests find it by this. */
export const fieldId = (key: string) => `field-${key}`;

/**
 * One field of a request form: its label (with "optional" when it is), the description ACT wrote, the control,
 * and the message about it (missing, invalid). Choice and yes/no fields are a fieldset whose legend is the label.
 */
export function FieldShell({ field, error, group, changed, children, extra }: {
  field: FormField; error?: string; group?: boolean; changed?: ReactNode; children: ReactNode; extra?: ReactNode;
}) {
  const id = fieldId(field.key);
  const label = (
    <>
      {field.label}
      {field.optional && <span className="optional-mark"> (optional)</span>}
      {changed}
    </>
  );
  const hint = field.description ? <p className="field-hint field-description" id={`${id}-hint`}>{field.description}</p> : null;
  const message = error ? <p className="field-error" id={`${id}-error`} role="alert" data-testid={`error-${field.key}`}>{error}</p> : null;
  if (group) {
    return (
      <fieldset className={`field request-field field-group${error ? ' field-invalid' : ''}`} id={id} data-field={field.key}
        aria-describedby={[field.description ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
        <legend>{label}</legend>
        {hint}
        {children}
        {extra}
        {message}
      </fieldset>
    );
  }
  return (
    <div className={`field request-field${error ? ' field-invalid' : ''}`} data-field={field.key}>
      <label htmlFor={id}>{label}</label>
      {hint}
      {children}
      {extra}
      {message}
    </div>
  );
}

const describedBy = (field: FormField, error?: string) =>
  [field.description ? `${fieldId(field.key)}-hint` : '', error ? `${fieldId(field.key)}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * The control of one answerable field (not attachments, not the accessors: the form renders those itself), as a
 * requestor fills it in. `disabled` for read-only previews.
 */
export function FieldControl({ field, value, onChange, error, disabled, changed }: {
  field: FormField; value: AnswerValue | undefined; onChange(v: AnswerValue): void; error?: string; disabled?: boolean; changed?: ReactNode;
}) {
  const id = fieldId(field.key);
  const common = { id, disabled, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(field, error) } as const;
  const text = typeof value === 'string' ? value : '';
  switch (field.type) {
    case 'short-text':
      return <FieldShell field={field} error={error} changed={changed}><input type="text" {...common} value={text} onChange={(e) => onChange(e.target.value)} /></FieldShell>;
    case 'email':
      return <FieldShell field={field} error={error} changed={changed}><input type="email" {...common} value={text} onChange={(e) => onChange(e.target.value)} /></FieldShell>;
    case 'date':
      return <FieldShell field={field} error={error} changed={changed}><input type="date" className="narrow-field" {...common} value={text} onChange={(e) => onChange(e.target.value || null)} /></FieldShell>;
    case 'long-text':
      return <FieldShell field={field} error={error} changed={changed}><textarea rows={5} {...common} value={text} onChange={(e) => onChange(e.target.value)} /></FieldShell>;
    case 'single-choice':
      if (field.options.length > 6) {
        return (
          <FieldShell field={field} error={error} changed={changed}>
            <select {...common} value={text} onChange={(e) => onChange(e.target.value || null)}>
              <option value="">Choose…</option>
              {field.options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          </FieldShell>
        );
      }
      return (
        <FieldShell field={field} error={error} group changed={changed}>
          <div className="choice-list">
            {field.options.map((o, i) => (
              <label key={o} className="choice">
                <input type="radio" name={id} id={`${id}-${i}`} value={o} checked={text === o} disabled={disabled} onChange={() => onChange(o)} />
                <span>{o}</span>
              </label>
            ))}
          </div>
        </FieldShell>
      );
    case 'multiple-choice': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <FieldShell field={field} error={error} group changed={changed}>
          <div className="choice-list">
            {field.options.map((o, i) => (
              <label key={o} className="choice">
                <input type="checkbox" id={`${id}-${i}`} checked={chosen.includes(o)} disabled={disabled}
                  onChange={(e) => onChange(e.target.checked ? field.options.filter((x) => x === o || chosen.includes(x)) : chosen.filter((x) => x !== o))} />
                <span>{o}</span>
              </label>
            ))}
          </div>
        </FieldShell>
      );
    }
    case 'yes-no':
      return (
        <FieldShell field={field} error={error} group changed={changed}>
          <div className="choice-list choice-inline">
            {[true, false].map((v) => (
              <label key={String(v)} className="choice">
                <input type="radio" name={id} id={`${id}-${v ? 'yes' : 'no'}`} checked={value === v} disabled={disabled} onChange={() => onChange(v)} />
                <span>{v ? 'Yes' : 'No'}</span>
              </label>
            ))}
          </div>
        </FieldShell>
      );
    case 'user-list':
      return (
        <FieldShell field={field} error={error} group changed={changed}>
          <UserListInput field={field} value={Array.isArray(value) ? (value as number[]) : []} onChange={onChange} disabled={disabled} />
        </FieldShell>
      );
    default:
      return null;
  }
}

/** A list of users (a user-list field other than the accessors): names with Remove, and a search to add one. */
function UserListInput({ field, value, onChange, disabled }: { field: FormField; value: number[]; onChange(v: number[]): void; disabled?: boolean }) {
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const results = useApi<Page<UserSummary>>(query && !disabled ? '/users' : null, { q: query, limit: 6 });
  const found = (results.data?.items ?? []).filter((u) => !value.includes(u.id));
  const inputId = `${fieldId(field.key)}-search`;
  return (
    <div className="user-list-input">
      {value.length > 0 && (
        <ul className="chip-list" aria-label={`${field.label}: chosen users`}>
          {value.map((id) => (
            <li key={id} className="chip">
              <UserName id={id} />
              {!disabled && <button type="button" className="chip-remove" aria-label={`Remove user ${id} from ${field.label}`} onClick={() => onChange(value.filter((x) => x !== id))}>×</button>}
            </li>
          ))}
        </ul>
      )}
      <div className="user-picker">
        <label htmlFor={inputId} className="sr-only">Add a user to {field.label}</label>
        <input id={inputId} type="search" autoComplete="off" value={q} disabled={disabled} placeholder="Add a user: type a username or name" onChange={(e) => setQ(e.target.value)} />
        {query && !disabled && (
          <ul className="picker-results" aria-label="Matching users">
            {results.loading ? <li className="muted small">Searching…</li>
              : found.length === 0 ? <li className="muted small">No user matches “{query}”.</li>
              : found.map((u) => (
                <li key={u.id}>
                  <button type="button" className="picker-option" aria-label={`Choose ${u.username}`} onClick={() => { onChange([...value, u.id]); setQ(''); }}>
                    <strong>{u.displayName}</strong> <span className="muted">@{u.username}</span>
                  </button>
                </li>
              ))}
          </ul>
        )}
      </div>
    </div>
  );
}
