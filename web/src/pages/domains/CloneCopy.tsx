import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Entity, Page } from '../../types.js';
import { Alert, Loading } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { Dialog } from '../../ui/overlays.js';
import { entityUrl } from '../../ui/entities.js';
import type { CopyResult, Domain } from '../groups/model.js';
import { DomainBadges } from './DomainCard.js';
import { DomainPicker } from './DomainPicker.js';
import '../groups/groups.css';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function copiedSentence(r: CopyResult): string {
  const skipped = r.skipped.length ? ` ${plural(r.skipped.length, 'file')} not copied: you may not download ${r.skipped.length === 1 ? 'it' : 'them'}.` : '';
  const domain = r.authorizationDomain.length ? ` Authorization domain: ${r.authorizationDomain.map((g) => g.name).join(', ')}.` : '';
  return `${plural(r.copied, 'entity', 'entities')} copied (names, descriptions and file metadata; the stored bytes are shared, not duplicated).${skipped}${domain}`;
}

/** Clone a project: a new project of mine with its tree and metadata, whose domain is the source's plus any groups added. */
export function CloneProjectDialog({ project, onClose }: { project: Entity; onClose(): void }) {
  const navigate = useNavigate();
  const domain = useApi<Domain>(`/projects/${project.id}/authorization-domain`);
  const [name, setName] = useState(`Copy of ${project.name}`);
  const [description, setDescription] = useState(project.description ?? '');
  const [added, setAdded] = useState<string[]>([]);
  const clone = useAction(async () => {
    const r = await api.post<CopyResult>(`/entities/${project.id}/clone`, {
      name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), ...(added.length ? { authorizationDomain: added } : {}),
    });
    onClose();
    navigate(entityUrl(r.entity.id), { state: { notice: `Cloned from ${project.name}. ${copiedSentence(r)}` } });
  });
  const source = domain.data?.groups ?? [];
  return (
    <Dialog title={`Clone ${project.name}`} subtitle="A new project of yours with the same folders, files and descriptions. Sharing settings inside are not copied." onClose={onClose} testId="clone-dialog" wide>
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void clone.run(); }} noValidate>
        <FormProblem problem={clone.problem} fields={['name', 'description', 'authorizationDomain']} />
        <Field label="Name of the new project" name="name" problem={clone.problem} id="clone-name">
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={256} autoFocus />
        </Field>
        <Field label="Description (optional)" name="description" problem={clone.problem} id="clone-description">
          <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {domain.loading && !domain.data ? <Loading /> : (
          <>
            {source.length > 0 && (
              <div className="field">
                <span className="label-like">Authorization domain kept from the source</span>
                <DomainBadges groups={source} />
              </div>
            )}
            <DomainPicker id="clone-domain" value={added} onChange={setAdded} problem={clone.problem} fixed={source.map((g) => g.name)}
              legend={source.length ? 'Groups to add to the domain (optional)' : 'Authorization domain of the clone (optional)'} />
          </>
        )}
        <div className="dialog-footer">
          <SubmitButton pending={clone.pending} pendingText="Cloning…" disabled={!name.trim()}>Clone project</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Copy a folder (with what is below it) or a file into another project or folder. Refused (422) unless the
 * destination's authorization domain has every group of the source's.
 */
export function CopyEntityDialog({ entity, onClose }: { entity: Entity; onClose(): void }) {
  const projects = useApi<Page<Entity>>('/entities', { type: 'project', limit: 200 });
  const [destination, setDestination] = useState('');
  const [typed, setTyped] = useState('');
  const [name, setName] = useState('');
  const [done, setDone] = useState<CopyResult>();
  const target = typed.trim() || destination;
  const copy = useAction(async () => {
    const match = /^(?:syn)?(\d{1,15})$/i.exec(target);
    if (!match) return;
    setDone(await api.post<CopyResult>(`/entities/${entity.id}/copy`, { destinationId: `syn${match[1]}`, ...(name.trim() ? { name: name.trim() } : {}) }));
  });
  const choices = (projects.data?.items ?? []).filter((p) => p.id !== entity.projectId);
  const badId = !!typed.trim() && !/^(?:syn)?\d{1,15}$/i.test(typed.trim());
  return (
    <Dialog title={`Copy ${entity.name} to another project`} onClose={onClose} testId="copy-dialog"
      subtitle={entity.type === 'folder' ? 'The folder and everything below it that you may read; files only when you may download them.' : 'A new file pointing to the same stored bytes.'}>
      {done ? (
        <>
          <Alert tone="success" testId="copy-result">
            Copied as <Link to={entityUrl(done.entity.id)} onClick={onClose}>{done.entity.name}</Link> ({done.entity.id}). {copiedSentence(done)}
          </Alert>
          <div className="dialog-footer">
            <Link className="btn btn-primary" to={entityUrl(done.entity.id)} onClick={onClose}>Open the copy</Link>
            <button type="button" className="btn btn-ghost" onClick={onClose}>Close</button>
          </div>
        </>
      ) : (
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); void copy.run(); }} noValidate>
          {copy.problem?.code === 'AUTHORIZATION_DOMAIN_MISSING_ON_DESTINATION' ? (
            <div className="alert alert-error" role="alert" data-testid="copy-refused">
              <div className="alert-content">
                <strong>The destination is less protected than the source.</strong> {copy.problem.detail}.
                <div className="small">Copy into a project whose authorization domain includes those groups, or add them to the destination's domain first.</div>
              </div>
            </div>
          ) : <FormProblem problem={copy.problem} fields={['name']} />}
          <Field label="Destination project" id="copy-destination" hint="Its authorization domain must include every group of this project's domain.">
            {projects.loading && !projects.data ? <select disabled><option>Loading…</option></select> : (
              <select value={destination} onChange={(e) => { setDestination(e.target.value); setTyped(''); copy.reset(); }}>
                <option value="">Choose a project…</option>
                {choices.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.id})</option>)}
              </select>
            )}
          </Field>
          <Field label="Or a project or folder id" id="copy-destination-id" error={badId ? 'Entity ids look like syn123.' : undefined}>
            <input type="text" value={typed} placeholder="syn123" onChange={(e) => { setTyped(e.target.value); copy.reset(); }} />
          </Field>
          <Field label="Name of the copy (optional)" name="name" problem={copy.problem} id="copy-name">
            <input type="text" value={name} placeholder={entity.name} onChange={(e) => setName(e.target.value)} maxLength={256} />
          </Field>
          <div className="dialog-footer">
            <SubmitButton pending={copy.pending} pendingText="Copying…" disabled={!target || badId}>Copy</SubmitButton>
            <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
