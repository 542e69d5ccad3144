import { useEffect, useState, type ReactNode } from 'react';
import type { ApiProblem } from '../api.js';
import { Icon, type IconName } from './icons.js';
import { enumWords } from './words.js';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return <span className={`badge badge-${tone}`} title={title}>{children}</span>;
}

const stateTones: Record<string, Tone> = {
  active: 'success', approved: 'success', sent: 'success', accepted: 'success', granted: 'success', served: 'success',
  submitted: 'info', pending: 'info', open: 'info',
  expired: 'neutral', withdrawn: 'neutral', declined: 'neutral', cancelled: 'neutral',
  revoked: 'danger', rejected: 'danger', failed: 'danger', disabled: 'danger', denied: 'danger',
};

/** A state word (active, revoked, submitted, …) as a badge in the colour that state always has. */
export function StateBadge({ state }: { state: string }) {
  // Plain words (approved) read as they are; codes (under-review, CONTROLLED_BY_ACT) as words, the code in a tooltip.
  const plain = /^[a-z]+$/.test(state);
  return <Badge tone={stateTones[state] ?? 'neutral'} title={plain ? undefined : state}>{plain ? state : enumWords(state)}</Badge>;
}

/**
 * Grey blocks shaped like the section that is loading (lines of text, or rows of a table), so headers and the
 * sections already loaded stay in place. Busy for assistive technology, with the words of what loads.
 */
export function Skeleton({ what = 'Loading', shape = 'lines', rows = 3 }: { what?: string; shape?: 'lines' | 'table'; rows?: number }) {
  return (
    <div className={`loading skeleton skeleton-${shape}`} role="status" aria-busy="true" aria-live="polite" data-testid="skeleton">
      <span className="sr-only">{what}…</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" aria-hidden="true">
          {shape === 'table'
            ? <><span className="skeleton-block skeleton-cell-wide" /><span className="skeleton-block" /><span className="skeleton-block" /></>
            : <span className={`skeleton-block skeleton-line-${i % 3}`} />}
        </div>
      ))}
    </div>
  );
}

/** A section loading: its skeleton (lines unless told). */
export function Loading({ what = 'Loading', shape = 'lines', rows }: { what?: string; shape?: 'lines' | 'table'; rows?: number }) {
  return <Skeleton what={what} shape={shape} rows={rows} />;
}

/** A whole page loading: a heading's block and two sections' skeletons, in the layout the page will have. */
export function PageSkeleton({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="page-skeleton" aria-busy="true" data-testid="page-skeleton">
      <div className="page-header" aria-hidden="true"><span className="skeleton-block skeleton-title" /></div>
      <section className="card"><div className="card-body"><Skeleton what={what} rows={3} /></div></section>
      <section className="card" aria-hidden="true"><div className="card-body"><Skeleton what={what} shape="table" rows={4} /></div></section>
    </div>
  );
}

export function Empty({ title, children, icon = 'inbox' }: { title: string; children?: ReactNode; icon?: IconName }) {
  return (
    <div className="empty" data-testid="empty">
      <div className="empty-icon"><Icon name={icon} size={24} /></div>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

/** A problem loading a page or a section, with a retry. */
export function LoadError({ problem, retry }: { problem: ApiProblem; retry?: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      {/* The stable code is for programs and support: kept in the tooltip, not read aloud as words. */}
      <div className="alert-content" title={problem.code || undefined} data-code={problem.code || undefined}>
        <strong>{problem.status === 403 ? 'Not allowed' : problem.status === 404 ? 'Not found' : 'Could not load this'}</strong>
        <span> {problem.detail}</span>
      </div>
      {retry && <button type="button" className="btn btn-secondary btn-small" onClick={retry}>Try again</button>}
    </div>
  );
}

export function Alert({ tone = 'info', children, testId }: { tone?: 'info' | 'success' | 'warning' | 'error'; children: ReactNode; testId?: string }) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div className="alert-content">{children}</div>
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Gatehouse`;
  }, [title]);
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Card({ title, children, actions, id, testId }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; id?: string; testId?: string }) {
  return (
    <section className="card" aria-labelledby={title && id ? `${id}-title` : undefined} id={id} data-testid={testId}>
      {(title || actions) && (
        <div className="card-header">
          {title && <h2 id={id ? `${id}-title` : undefined}>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function When({ at, dateOnly }: { at: string | null | undefined; dateOnly?: boolean }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return <time dateTime={at} title={d.toISOString()}>{(dateOnly ? dayFormat : dateFormat).format(d)}</time>;
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];

/** "in 30 seconds", "5 minutes ago", "tomorrow": the largest unit that fits. */
export function relativeTime(at: string, now = Date.now()): string {
  const ms = new Date(at).getTime() - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size || unit === 'second') return relativeFormat.format(Math.round(ms / size), unit);
  }
  return '';
}

/** A time said relative to now, the date and time in its tooltip; `due` words a time already reached (e.g. "due now"). */
export function FromNow({ at, due }: { at: string | null | undefined; due?: string }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  const text = due && d.getTime() <= Date.now() ? due : relativeTime(at);
  return <time dateTime={at} title={dateFormat.format(d)}>{text}</time>;
}

/** Copies text to the clipboard; says so for a moment. Falls back to selecting when the clipboard is refused. */
export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className="btn btn-secondary btn-small" onClick={copy} data-testid={testId}>
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Select and copy' : label}
    </button>
  );
}

/**
 * A button that asks again in place ("Confirm revoke" / "Cancel") instead of a browser dialog, so that a
 * slip of the mouse does not revoke anything and tests need no dialog handling.
 */
export function ConfirmButton({ children, confirmText, onConfirm, variant = 'danger', disabled, small = true }: {
  children: ReactNode; confirmText?: ReactNode; onConfirm(): void | Promise<unknown>; variant?: 'danger' | 'secondary' | 'primary'; disabled?: boolean; small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const size = small ? ' btn-small' : '';
  if (!asking) {
    return <button type="button" className={`btn btn-${variant === 'danger' ? 'danger-outline' : variant}${size}`} disabled={disabled} onClick={() => setAsking(true)}>{children}</button>;
  }
  return (
    <span className="confirm">
      <button type="button" className={`btn btn-${variant}${size}`} disabled={busy} onClick={async () => {
        setBusy(true);
        try {
          await onConfirm();
        } finally {
          setBusy(false);
          setAsking(false);
        }
      }}>{confirmText ?? <>Confirm {typeof children === 'string' ? children.toLowerCase() : ''}</>}</button>
      <button type="button" className={`btn btn-ghost${size}`} onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}

export function Pagination({ total, limit, offset, onOffset }: { total: number; limit: number; offset: number; onOffset(offset: number): void }) {
  if (total <= limit && offset === 0) return total > 0 ? <p className="pagination muted small">{total} {total === 1 ? 'item' : 'items'}</p> : null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className="pagination" aria-label="Pages">
      <span className="muted small">{from}–{to} of {total}</span>
      <button type="button" className="btn btn-secondary btn-small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>← Previous</button>
      <button type="button" className="btn btn-secondary btn-small" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>Next →</button>
    </nav>
  );
}

export function Tabs<T extends string>({ tabs, value, onChange, label }: { tabs: { value: T; label: ReactNode }[]; value: T; onChange(v: T): void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button key={t.value} type="button" role="tab" aria-selected={t.value === value} className={`tab${t.value === value ? ' tab-active' : ''}`} onClick={() => onChange(t.value)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function Avatar({ name }: { name: string }) {
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]?.toUpperCase()).join('') || '?';
  return <span className="avatar" aria-hidden="true">{initials}</span>;
}

/** Bytes for people, in binary units named as such (KiB, MiB, GiB), as the egress policy and its charts count them. */
export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : n < 1024 ** 3 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024 ** 3).toFixed(2)} GiB`;
