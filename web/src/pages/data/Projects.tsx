import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Entity, Page } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { entityUrl } from '../../ui/entities.js';
import { EntityTable } from './EntityTable.js';
import { DomainPicker } from '../domains/DomainPicker.js';
import { NoAccessProjects } from '../domains/NoAccessProjects.js';

const LIMIT = 50;

function CreateProject({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [domain, setDomain] = useState<string[]>([]);
  const create = useAction(async () => {
    const project = await api.post<Entity>('/entities', { type: 'project', name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), ...(domain.length ? { authorizationDomain: domain } : {}) });
    navigate(entityUrl(project.id), { state: { notice: 'Project created. You are its administrator: share it to let others in.' } });
  });
  return (
    <Card title="Create a project" id="create-project">
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void create.run(); }} noValidate className="narrow">
        <FormProblem problem={create.problem} fields={['name', 'description', 'authorizationDomain']} />
        <Field label="Project name" name="name" problem={create.problem} id="project-name" hint="Project names are unique on this Gatehouse.">
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={256} autoFocus />
        </Field>
        <Field label="Description (optional)" name="description" problem={create.problem} id="project-description">
          <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <DomainPicker value={domain} onChange={setDomain} problem={create.problem} />
        <div className="button-row">
          <SubmitButton pending={create.pending} pendingText="Creating…" disabled={!name.trim()}>Create project</SubmitButton>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}

/** Opens any entity by its id: how a researcher reaches a folder shared with them inside someone else's project. */
function OpenById() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const match = /^(?:syn)?(\d{1,15})$/i.exec(id.trim());
    if (!match) {
      setError('Entity ids look like syn123.');
      return;
    }
    setError(undefined);
    navigate(entityUrl(`syn${match[1]}`));
  };
  return (
    <form className="open-by-id" onSubmit={submit} noValidate>
      <div className="inline-fields">
        <Field label="Open by id" id="open-entity-id" error={error}><input type="text" value={id} placeholder="syn123" onChange={(e) => setId(e.target.value)} /></Field>
        <div className="inline-submit"><button type="submit" className="btn btn-secondary">Open</button></div>
      </div>
    </form>
  );
}

export function ProjectsPage() {
  const me = useMe();
  const location = useLocation();
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const projects = useApi<Page<Entity>>('/entities', { type: 'project', limit: LIMIT, offset });
  const notice = (location.state as { notice?: string } | null)?.notice;
  const items = projects.data?.items ?? [];
  return (
    <>
      <PageHeader title="Projects" subtitle="The projects you can see, and the folders and files shared with you inside other projects."
        actions={!creating && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>New project</button>} />
      {notice && <Alert tone="success" testId="projects-notice">{notice}</Alert>}
      {creating && <CreateProject onClose={() => setCreating(false)} />}
      <Card title="My projects" id="projects" actions={<OpenById />}>
        {projects.loading && !projects.data ? <Loading what="Loading projects" /> : projects.error ? <LoadError problem={projects.error} retry={projects.reload} />
          : items.length === 0 ? (
            <Empty title="No projects yet" icon="project">
              {me.isCertified ? 'Create a project to upload data and share it.' : 'Create a project to organise data. Uploading files needs the certified tier.'}
            </Empty>
          ) : (
            <>
              <EntityTable items={items} testId="projects-table" />
              <Pagination total={projects.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </>
          )}
      </Card>
      <SharedWithMe />
      <NoAccessProjects />
    </>
  );
}

/** Folders and files whose sharing settings name me or a team of mine, created by others; shown when there are some. */
function SharedWithMe() {
  const [offset, setOffset] = useState(0);
  const shared = useApi<Page<Entity>>('/entities/shared', { limit: LIMIT, offset });
  if (shared.error) return <Card title="Shared with me" id="shared"><LoadError problem={shared.error} retry={shared.reload} /></Card>;
  if (!shared.data || shared.data.total === 0) return null;
  return (
    <Card title={<>Shared with me <span className="muted small">({shared.data.total})</span></>} id="shared">
      <p className="muted small">Folders and files whose sharing settings name you or a team of yours, inside projects that may be closed to you.</p>
      <EntityTable items={shared.data.items} testId="shared-table" />
      <Pagination total={shared.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
    </Card>
  );
}
