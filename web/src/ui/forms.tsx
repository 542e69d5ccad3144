import { Children, cloneElement, useId, type ButtonHTMLAttributes, type ReactElement, type ReactNode } from 'react';
import type { ApiProblem } from '../api.js';

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
    <div className={`field${message ? ' field-invalid' : ''}`}>
      <label htmlFor={controlId}>{label}</label>
      {control}
      {hint && <p className="field-hint" id={`${controlId}-hint`}>{hint}</p>}
      {message && <p className="field-error" id={`${controlId}-error`} role="alert" data-testid={name ? `error-${name}` : undefined}>{message}</p>}
    </div>
  );
}

/**
 * The problem a form failed with, when it is not about one of the form's own fields (those show beside
 * the field): the `detail` sentence, and any field errors the form has no field for.
 */
export function FormProblem({ problem, fields = [] }: { problem?: ApiProblem; fields?: string[] }) {
  if (!problem) return null;
  if (problem.isAbout(fields)) {
    const count = problem.errors?.length ?? 1;
    // One field's message beside it is enough; several get a summary to look for.
    return count > 1 ? <p className="form-summary" role="alert">Please correct the {count} fields marked below.</p> : null;
  }
  return (
    <div className="alert alert-error" role="alert" data-testid="form-problem">
      <div className="alert-content">{problem.detail}</div>
    </div>
  );
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
