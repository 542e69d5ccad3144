import { Children, cloneElement, useId, useLayoutEffect, useState, type ButtonHTMLAttributes, type ReactElement, type ReactNode } from 'react';
import { sentenceOf, stripPart, wordsOf, type ApiProblem } from '../api.js';

export { wordsOf };

interface FieldProps {
  label: ReactNode;
  /** The name the server uses for this field in `errors[].field` (without the `body.` prefix). */
  name?: string;
  problem?: ApiProblem;
  /** An error found in the browser before sending (e.g. passwords that differ). */
  error?: string;
  hint?: ReactNode;
  id?: string;
  children: ReactElement<Record<string, unknown>>;
}

/**
 * A label, one control and, beside it, the server's message for that field. The control gets the id,
 * aria-invalid and aria-describedby, so a screen reader reads the message with the field.
 */
export function Field({ label, name, problem, error, hint, id, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? (children.props.id as string | undefined) ?? `f${generated.replace(/:/g, '')}`;
  const message = error ?? (name ? problem?.fieldError(name) : undefined);
  const describedBy = [hint ? `${controlId}-hint` : null, message ? `${controlId}-error` : null].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(Children.only(children), {
    id: controlId,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy,
  });
  return (
    <div className={`field${message ? ' field-invalid' : ''}`} data-field={name}>
      <label htmlFor={controlId}>{label}</label>
      {control}
      {hint && <p className="field-hint" id={`${controlId}-hint`}>{hint}</p>}
      {message && <p className="field-error" id={`${controlId}-error`} role="alert" data-testid={name ? `error-${name}` : undefined}>{message}</p>}
    </div>
  );
}

/**
 * The problem a form failed with. Field errors get a summary that counts the fields ("Please correct 1 field")
 * and lists each by its label, a link that moves to the field; the sentence also shows beside the field. A
 * problem about no field shows its `detail`.
 */
export function FormProblem({ problem, fields = [] }: { problem?: ApiProblem; fields?: string[] }) {
  if (!problem) return null;
  if (problem.fieldNames().length > 0) return <ErrorSummary problem={problem} fields={fields} />;
  if (problem.isAbout(fields)) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="form-problem">
      <div className="alert-content">{problem.detail}</div>
    </div>
  );
}

export interface SummaryItem {
  /** The field's name as the form knows it (`name`, `settings.expirationDays`, `answers.email`). */
  name: string;
  label: string;
  sentence: string;
  /** Moves the focus to the field; absent when the form has no control for it. */
  focus?: () => void;
}

/** "Please correct 3 fields:" and the fields, each once, by label, linked to the field. */
export function ErrorList({ items, intro }: { items: SummaryItem[]; intro?: ReactNode }) {
  if (items.length === 0) return null;
  return (
    <div className="alert alert-error error-summary" role="alert" data-testid="error-summary">
      <div className="alert-content">
        <strong>{intro ?? `Please correct ${items.length} ${items.length === 1 ? 'field' : 'fields'}:`}</strong>
        <ul className="missing-list">
          {items.map((i) => (
            <li key={i.name} data-testid={`summary-${i.name}`}>
              {i.focus
                ? <a href={`#${i.name}`} onClick={(e) => { e.preventDefault(); i.focus!(); }}>{i.label}</a>
                : <span className="error-summary-label">{i.label}</span>}
              {': '}{i.sentence}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The control of a `<Field name=…>` in the page. */
const controlOf = (name: string) =>
  document.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"] :is(input, select, textarea, button, [tabindex])`);

function ErrorSummary({ problem, fields }: { problem: ApiProblem; fields: string[] }) {
  // The labels are the form's own (read from its <label>s once they are in the page), else the server's.
  const [labels, setLabels] = useState<Record<string, string>>({});
  const names = problem.fieldNames();
  useLayoutEffect(() => {
    const found: Record<string, string> = {};
    for (const name of names) {
      const text = document.querySelector(`[data-field="${CSS.escape(name)}"] > label`)?.textContent?.trim();
      if (text) found[name] = text;
    }
    setLabels(found);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [problem]);
  const items = names.map((name) => {
    const entry = problem.errors!.find((e) => stripPart(e.field) === name)!;
    const shown = fields.includes(name) || labels[name] !== undefined;
    return {
      name, label: labels[name] ?? entry.label ?? wordsOf(name), sentence: sentenceOf(entry),
      focus: shown ? () => controlOf(name)?.focus() : undefined,
    };
  });
  return <ErrorList items={items} />;
}

export function Checkbox({ label, checked, onChange, id, disabled }: { label: ReactNode; checked: boolean; onChange(v: boolean): void; id?: string; disabled?: boolean }) {
  const generated = useId();
  const controlId = id ?? `c${generated.replace(/:/g, '')}`;
  return (
    <div className="checkbox">
      <input type="checkbox" id={controlId} checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={controlId}>{label}</label>
    </div>
  );
}

export function SubmitButton({ pending, children, pendingText, variant = 'primary', ...rest }: { pending: boolean; children: ReactNode; pendingText?: string; variant?: 'primary' | 'secondary' | 'danger' } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'>) {
  return (
    <button type="submit" className={`btn btn-${variant}`} disabled={pending || rest.disabled} aria-busy={pending || undefined} {...rest}>
      {pending ? pendingText ?? children : children}
    </button>
  );
}
