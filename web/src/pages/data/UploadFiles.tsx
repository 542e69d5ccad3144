import { useEffect, useRef, useState, type DragEvent } from 'react';
import { asProblem, upload } from '../../api.js';
import type { Entity } from '../../types.js';
import { formatBytes } from '../../ui/bits.js';
import { Dialog, ProgressBar } from '../../ui/overlays.js';

/** Two at a time: a large file does not hold up the small ones behind it, and the server is not flooded. */
const AT_ONCE = 2;

type State =
  | { kind: 'waiting' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'done'; entity: Entity }
  | { kind: 'failed'; detail: string };

interface Item { key: number; file: File; state: State }

/**
 * Uploads several files into a project or folder (POST /files, one request per file, XMLHttpRequest for its
 * upload progress). Files come from a drop zone or its "Choose files" button; each shows its own state, and a
 * failed one says the server's sentence and can be tried again.
 */
export function UploadFilesDialog({ parent, initial = [], onClose, onUploaded }: {
  parent: Entity; initial?: File[]; onClose(): void; onUploaded(entity: Entity, count: number): void;
}) {
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const nextKey = useRef(0);
  const uploaded = useRef(0);
  const running = useRef(new Map<number, AbortController>());
  const onUploadedRef = useRef(onUploaded);
  onUploadedRef.current = onUploaded;

  const add = (files: Iterable<File>) => {
    const added = [...files].map((file) => ({ key: nextKey.current++, file, state: { kind: 'waiting' } as State }));
    if (added.length) setItems((list) => [...list, ...added]);
  };
  useEffect(() => add(initial), []); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (key: number, state: State) => setItems((list) => list.map((i) => (i.key === key ? { ...i, state } : i)));

  // Starts waiting files while fewer than AT_ONCE are uploading.
  useEffect(() => {
    const start = items.filter((i) => i.state.kind === 'waiting' && !running.current.has(i.key)).slice(0, Math.max(0, AT_ONCE - running.current.size));
    for (const item of start) {
      const controller = new AbortController();
      running.current.set(item.key, controller);
      set(item.key, { kind: 'uploading', loaded: 0, total: item.file.size });
      const form = new FormData();
      // The parent first: the server refuses an upload it does not allow before it stores any byte.
      form.append('parentId', parent.id);
      form.append('file', item.file, item.file.name);
      upload<Entity>('POST', '/files', form, (p) => set(item.key, { kind: 'uploading', ...p }), controller.signal).then(
        (entity) => {
          set(item.key, { kind: 'done', entity });
          onUploadedRef.current(entity, ++uploaded.current);
        },
        (err: unknown) => {
          if ((err as Error).name === 'AbortError') set(item.key, { kind: 'failed', detail: 'The upload was cancelled.' });
          else set(item.key, { kind: 'failed', detail: asProblem(err).detail });
        },
      ).finally(() => {
        running.current.delete(item.key);
        // A slot is free: let the effect start the next waiting file.
        setItems((list) => [...list]);
      });
    }
  }, [items, parent.id]);

  // Closing the dialog cancels what is still going.
  useEffect(() => () => {
    for (const controller of running.current.values()) controller.abort();
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    add(e.dataTransfer?.files ?? []);
  };
  const pending = items.some((i) => i.state.kind === 'waiting' || i.state.kind === 'uploading');
  const done = items.filter((i) => i.state.kind === 'done').length;
  const failed = items.filter((i) => i.state.kind === 'failed').length;

  return (
    <Dialog title="Upload files" subtitle={<>into {parent.name}</>} onClose={onClose} testId="upload-files-dialog">
      <div className={`drop-zone${over ? ' drop-zone-over' : ''}`} data-testid="drop-zone"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
        <p>Drop files here, or</p>
        <button type="button" className="btn btn-secondary" onClick={() => input.current?.click()}>Choose files</button>
        <input ref={input} type="file" multiple className="sr-only" tabIndex={-1} aria-label="Files to upload" data-testid="upload-files-input"
          onChange={(e) => { add(e.target.files ?? []); e.target.value = ''; }} />
        <p className="muted small">Each file is uploaded on its own, two at a time; size and MD5 are computed by the server as it stores it.</p>
      </div>
      {items.length > 0 && (
        <ul className="upload-list" aria-label="Files" data-testid="upload-list">
          {items.map((item) => (
            <li key={item.key} className={`upload-item upload-item-${item.state.kind}`} data-testid="upload-item" data-state={item.state.kind}>
              <div className="upload-item-head">
                <span className="upload-item-name">{item.file.name}</span>
                <span className="muted small">{formatBytes(item.file.size)}</span>
              </div>
              <UploadState item={item} onRetry={() => set(item.key, { kind: 'waiting' })} />
            </li>
          ))}
        </ul>
      )}
      <p className="sr-only" role="status" aria-live="polite">
        {items.length > 0 && `${done} of ${items.length} uploaded${failed ? `, ${failed} failed` : ''}.`}
      </p>
      <div className="dialog-footer">
        <button type="button" className="btn btn-primary" onClick={onClose}>{pending ? 'Cancel the rest' : 'Done'}</button>
        {items.length > 0 && <span className="muted small" data-testid="upload-summary">{done} of {items.length} uploaded{failed ? `, ${failed} failed` : ''}</span>}
      </div>
    </Dialog>
  );
}

function UploadState({ item, onRetry }: { item: Item; onRetry(): void }) {
  const s = item.state;
  if (s.kind === 'waiting') return <span className="muted small">Waiting</span>;
  if (s.kind === 'uploading') {
    return <ProgressBar loaded={s.loaded} total={s.total} label={s.loaded >= s.total ? 'Storing and checking…' : `Uploading ${item.file.name}`} />;
  }
  if (s.kind === 'done') return <span className="upload-done small">✓ Uploaded as {s.entity.name} ({s.entity.id})</span>;
  return (
    <div className="upload-failed" role="alert">
      <span className="small">Failed: {s.detail}</span>
      <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>Retry</button>
    </div>
  );
}
