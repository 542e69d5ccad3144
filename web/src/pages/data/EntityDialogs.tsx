import { useRef, useState, type FormEvent } from 'react';
import { api, asProblem, upload, type ApiProblem, type UploadProgress } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { write } from '../../queries.js';
import type { Entity, Page, PathItem } from '../../types.js';
import { Alert, Empty, LoadError, Loading, formatBytes } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { Dialog, ProgressBar } from '../../ui/overlays.js';
import { EntityIcon } from '../../ui/entities.js';

/** A 412 (changed since fetched) with a button to fetch the entity again. */
function StaleOrProblem({ problem, fields, onReload }: { problem?: ApiProblem; fields?: string[]; onReload(): void }) {
  if (problem?.status === 412) {
    return (
      <div className="alert alert-error" role="alert" data-testid="form-problem">
        <div className="alert-content">{problem.detail}</div>
        <button type="button" className="btn btn-secondary btn-small" onClick={onReload}>Reload it</button>
      </div>
    );
  }
  return <FormProblem problem={problem} fields={fields} />;
}

export function NewFolderDialog({ parent, onClose, onCreated }: { parent: Entity; onClose(): void; onCreated(folder: Entity): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useAction(async () => {
    onCreated(await api.post<Entity>('/entities', { type: 'folder', name: name.trim(), parentId: parent.id, ...(description.trim() ? { description: description.trim() } : {}) }));
  });
  return (
    <Dialog title="New folder" subtitle={<>in {parent.name}</>} onClose={onClose} testId="new-folder-dialog">
      <form onSubmit={(e) => { e.preventDefault(); void create.run(); }} noValidate>
        <FormProblem problem={create.problem} fields={['name', 'description']} />
        <Field label="Folder name" name="name" problem={create.problem} id="folder-name"><input type="text" value={name} onChange={(e) => setName(e.target.value)} autoFocus /></Field>
        <Field label="Description (optional)" name="description" problem={create.problem} id="folder-description"><textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} /></Field>
        <div className="dialog-footer">
          <SubmitButton pending={create.pending} pendingText="Creating…" disabled={!name.trim()}>Create folder</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Uploads a file into a project or folder (POST /files), or a new version of a file (POST /entities/{id}/versions),
 * as multipart with a progress bar; cancelling aborts the upload.
 */
export function UploadDialog({ parent, file: existing, onClose, onUploaded }: { parent?: Entity; file?: Entity; onClose(): void; onUploaded(entity: Entity): void }) {
  const [chosen, setChosen] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [comment, setComment] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [problem, setProblem] = useState<ApiProblem>();
  const [missing, setMissing] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const pending = progress !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setProblem(undefined);
    const form = new FormData();
    // The parent first: the server refuses an upload it does not allow before it stores any byte.
    if (parent) form.append('parentId', parent.id);
    if (parent && name.trim()) form.append('name', name.trim());
    if (comment.trim()) form.append('comment', comment.trim());
    if (existing) form.append('etag', existing.etag);
    form.append('file', chosen, chosen.name);
    controller.current = new AbortController();
    setProgress({ loaded: 0, total: chosen.size });
    try {
      const entity = existing
        ? await write(() => upload<Entity>('POST', `/entities/${existing.id}/versions`, form, setProgress, controller.current!.signal))
        : await write(() => upload<Entity>('POST', '/files', form, setProgress, controller.current!.signal));
      onUploaded(entity);
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setProblem(asProblem(err));
    } finally {
      setProgress(null);
      controller.current = null;
    }
  };
  const cancel = () => {
    if (controller.current) controller.current.abort();
    else onClose();
  };

  return (
    <Dialog title={existing ? 'Upload a new version' : 'Upload a file'} subtitle={existing ? <>of {existing.name}</> : <>into {parent?.name}</>} onClose={cancel} testId="upload-dialog">
      <form onSubmit={submit} noValidate>
        <FormProblem problem={problem} fields={['file', 'name', 'comment']} />
        <Field label="File" name="file" problem={problem} error={missing ? 'Choose a file to upload.' : undefined} id="upload-file"
          hint={chosen ? `${chosen.name} · ${formatBytes(chosen.size)}` : 'Size and MD5 are computed by the server as it stores the file.'}>
          <input type="file" onChange={(e) => { setChosen(e.target.files?.[0] ?? null); setMissing(false); }} disabled={pending} />
        </Field>
        {!existing && (
          <Field label="Name (optional)" name="name" problem={problem} id="upload-name" hint="The file's own name when left empty.">
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} disabled={pending} />
          </Field>
        )}
        <Field label="Version comment (optional)" name="comment" problem={problem} id="upload-comment">
          <input type="text" value={comment} onChange={(e) => setComment(e.target.value)} disabled={pending} />
        </Field>
        {progress && <ProgressBar loaded={progress.loaded} total={progress.total} label={progress.loaded >= progress.total ? 'Storing and checking…' : `Uploading ${chosen?.name ?? ''}`} />}
        <div className="dialog-footer">
          <SubmitButton pending={pending} pendingText="Uploading…">{existing ? 'Upload version' : 'Upload'}</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={cancel}>{pending ? 'Cancel upload' : 'Cancel'}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function RenameDialog({ entity, onClose, onSaved, onStale }: { entity: Entity; onClose(): void; onSaved(e: Entity): void; onStale(): void }) {
  const [name, setName] = useState(entity.name);
  const [description, setDescription] = useState(entity.description);
  const save = useAction(async () => {
    onSaved(await api.put<Entity>(`/entities/${entity.id}`, { name: name.trim(), description: description.trim(), etag: entity.etag }));
  });
  return (
    <Dialog title={`Rename ${entity.type}`} subtitle={entity.id} onClose={onClose} testId="rename-dialog">
      <form onSubmit={(e) => { e.preventDefault(); void save.run(); }} noValidate>
        <StaleOrProblem problem={save.problem} fields={['name', 'description']} onReload={() => { save.reset(); onStale(); }} />
        <Field label="Name" name="name" problem={save.problem} id="rename-name"><input type="text" value={name} onChange={(e) => setName(e.target.value)} autoFocus /></Field>
        <Field label="Description" name="description" problem={save.problem} id="rename-description"><textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} /></Field>
        <div className="dialog-footer">
          <SubmitButton pending={save.pending} pendingText="Saving…" disabled={!name.trim()}>Save</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Moves an entity: browse to a project or folder (or type its id) and move there. The move rule of SPEC §3
 * ("Cannot move restricted entity to a location having fewer access restrictions.") is shown here when it refuses.
 */
export function MoveDialog({ entity, onClose, onMoved, onStale }: { entity: Entity; onClose(): void; onMoved(e: Entity): void; onStale(): void }) {
  const [at, setAt] = useState<string | null>(entity.parentId);
  const [typed, setTyped] = useState('');
  const path = useApi<{ items: PathItem[] }>(at ? `/entities/${at}/path` : null);
  const folders = useApi<Page<Entity>>(at ? `/entities/${at}/children` : null, { type: 'folder', limit: 200 });
  const projects = useApi<Page<Entity>>(at ? null : '/entities', { type: 'project', limit: 200 });
  const move = useAction(async (to: string) => {
    onMoved(await api.put<Entity>(`/entities/${entity.id}`, { parentId: to, etag: entity.etag }));
  });
  const here = path.data?.items[path.data.items.length - 1];
  const options = at ? (folders.data?.items ?? []).filter((f) => f.id !== entity.id) : (projects.data?.items ?? []);
  const listing = at ? folders : projects;

  return (
    <Dialog title={`Move ${entity.name}`} subtitle="Choose the project or folder to move it to." onClose={onClose} testId="move-dialog">
      <StaleOrProblem problem={move.problem} fields={['parentId']} onReload={() => { move.reset(); onStale(); }} />
      <nav className="mover-path" aria-label="Destination">
        <button type="button" className="link-button" onClick={() => setAt(null)}>All projects</button>
        {(at ? path.data?.items ?? [] : []).map((p) => (
          <span key={p.id}> <span aria-hidden="true" className="muted">/</span> <button type="button" className="link-button" onClick={() => setAt(p.id)}>{p.name}</button></span>
        ))}
      </nav>
      <div className="mover-list">
        {listing.loading && !listing.data ? <Loading /> : listing.error ? <LoadError problem={listing.error} retry={listing.reload} />
          : options.length === 0 ? <Empty title={at ? 'No folders here' : 'No projects'} icon="folder" />
          : (
            <ul className="plain-list">
              {options.map((f) => (
                <li key={f.id}>
                  <button type="button" className="mover-option" onClick={() => setAt(f.id)} aria-label={`Open ${f.name}`}>
                    <EntityIcon type={f.type} size={16} /> <span>{f.name}</span> <span className="muted small">{f.id}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
      </div>
      {at && here && (
        <div className="dialog-footer">
          <button type="button" className="btn btn-primary" disabled={move.pending || at === entity.parentId || here.type === 'file'}
            onClick={() => void move.run(at)}>
            {at === entity.parentId ? 'It is here already' : `Move to ${here.name}`}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
      )}
      <form className="mover-typed" noValidate onSubmit={(e) => { e.preventDefault(); if (typed.trim()) void move.run(typed.trim()); }}>
        <div className="inline-fields">
          <Field label="Or move to the folder with id" id="move-to-id"><input type="text" value={typed} placeholder="syn123" onChange={(e) => setTyped(e.target.value)} /></Field>
          <div className="inline-submit"><SubmitButton pending={move.pending} variant="secondary" disabled={!typed.trim()}>Move</SubmitButton></div>
        </div>
      </form>
      {!at && <Alert tone="info">Pick a project, then a folder in it.</Alert>}
    </Dialog>
  );
}
