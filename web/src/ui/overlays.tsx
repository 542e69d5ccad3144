import { useEffect, useId, useRef, type ReactNode } from 'react';
import { usePopup } from '../hooks.js';

/**
 * A modal dialog (the native <dialog>, so focus stays inside and Escape closes it). Render it only while it is
 * open: `{open && <Dialog …/>}`. It does not close on a click outside, so that a slip does not lose a form.
 */
export function Dialog({ title, subtitle, onClose, children, wide, testId }: {
  title: ReactNode; subtitle?: ReactNode; onClose(): void; children: ReactNode; wide?: boolean; testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `d${useId().replace(/:/g, '')}`;
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby={titleId} data-testid={testId}
      onCancel={(e) => { e.preventDefault(); onCloseRef.current(); }}>
      <div className="dialog-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {subtitle && <p className="dialog-subtitle">{subtitle}</p>}
        </div>
        <button type="button" className="dialog-close" aria-label="Close dialog" onClick={() => onCloseRef.current()}>×</button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

export interface MenuItem {
  label: string;
  onSelect(): void;
  danger?: boolean;
  hidden?: boolean;
}

/** A button that opens a short list of actions (Rename, Move, …). Closes on a click outside, Escape or navigation. */
export function MenuButton({ label, items, testId }: { label: string; items: MenuItem[]; testId?: string }) {
  const { open, setOpen, ref } = usePopup();
  const shown = items.filter((i) => !i.hidden);
  if (shown.length === 0) return null;
  return (
    <div className="menu" ref={ref}>
      <button type="button" className="btn btn-secondary" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid={testId}>
        {label} <span aria-hidden="true" className="caret-dark">▾</span>
      </button>
      {open && (
        <div className="menu-panel" role="menu">
          {shown.map((item) => (
            <button key={item.label} type="button" role="menuitem" className={item.danger ? 'menu-danger' : undefined}
              onClick={() => { setOpen(false); item.onSelect(); }}>{item.label}</button>
          ))}
        </div>
      )}
    </div>
  );
}

/** A progress bar with its numbers, for uploads. */
export function ProgressBar({ loaded, total, label }: { loaded: number; total: number; label: string }) {
  const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  return (
    <div className="progress" data-testid="upload-progress">
      <div className="progress-label"><span>{label}</span><span className="muted small">{percent}%</span></div>
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
