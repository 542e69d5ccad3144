import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Entity, Page, Permissions } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, When, type Tone, PageSkeleton } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { EntityIcon, entityUrl } from '../../ui/entities.js';
import type { Runtime, RuntimeStatus } from '../groups/model.js';
import '../groups/groups.css';

const LIMIT = 25;

/** "Contents | Runtimes" under a project's header: links, so that each has its own address. */
export function ProjectTabs({ projectId, current }: { projectId: string; current: 'contents' | 'runtimes' }) {
  const tabs = [
    { key: 'contents', label: 'Contents', to: entityUrl(projectId) },
    { key: 'runtimes', label: 'Runtimes', to: `${entityUrl(projectId)}/runtimes` },
  ] as const;
  return (
    <nav className="tabs ad-tabs" aria-label="Project">
      {tabs.map((t) => (
        <Link key={t.key} to={t.to} className={`tab${t.key === current ? ' tab-active' : ''}`} aria-current={t.key === current ? 'page' : undefined}>{t.label}</Link>
      ))}
    </nav>
  );
}

const statusTone: Record<RuntimeStatus, Tone> = { running: 'success', stopping: 'info', stopped: 'neutral', stop_failed: 'danger' };
const statusLabel: Record<RuntimeStatus, string> = { running: 'running', stopping: 'stopping', stopped: 'stopped', stop_failed: 'stop failed' };
const kindLabel = { vm: 'Virtual machine', notebook: 'Notebook', other: 'Other' } as const;

/** What the orchestrator answered when asked to stop the runtime. */
export function OrchestratorResult({ runtime }: { runtime: Runtime }) {
  const r = runtime.orchestratorResult;
  if (!r) return runtime.status === 'running' ? null : <span className="muted small">no answer recorded</span>;
  return (
    <div className="rt-result" data-testid={`orchestrator-${runtime.id}`}>
      {r.delivered
        ? <><Badge tone="success">acknowledged</Badge> <span className="muted">HTTP {r.status} · <When at={r.at} /></span></>
        : <><Badge tone="danger">not stopped</Badge> <span>{r.error ?? 'The orchestrator did not acknowledge.'}</span> <span className="muted">· <When at={r.at} /></span></>}
      {r.body && <pre>{r.body}</pre>}
    </div>
  );
}

function Register({ projectId, onRegistered }: { projectId: string; onRegistered(r: Runtime): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Runtime['kind']>('notebook');
  const [externalId, setExternalId] = useState('');
  const register = useAction(async () => {
    const r = await api.post<Runtime>('/runtimes', { projectId, name: name.trim(), kind, ...(externalId.trim() ? { externalId: externalId.trim() } : {}) });
    setName('');
    setExternalId('');
    onRegistered(r);
  });
  return (
    <form onSubmit={(e: FormEvent) => { e.preventDefault(); void register.run(); }} noValidate data-testid="register-runtime">
      <FormProblem problem={register.problem} fields={['name', 'kind', 'externalId']} />
      <div className="inline-fields">
        <Field label="Runtime name" name="name" problem={register.problem} id="runtime-name">
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={256} placeholder="e.g. survival-analysis notebook" />
        </Field>
        <Field label="Kind" name="kind" problem={register.problem} id="runtime-kind">
          <select value={kind} onChange={(e) => setKind(e.target.value as Runtime['kind'])}>
            <option value="notebook">Notebook</option>
            <option value="vm">Virtual machine</option>
            <option value="other">Other</option>
          </select>
        </Field>
        <Field label="Orchestrator's id (optional)" name="externalId" problem={register.problem} id="runtime-external-id">
          <input type="text" value={externalId} onChange={(e) => setExternalId(e.target.value)} maxLength={256} placeholder="e.g. nb-4f2a" />
        </Field>
        <div className="inline-submit"><SubmitButton pending={register.pending} pendingText="Registering…" disabled={!name.trim()}>Register runtime</SubmitButton></div>
      </div>
      <p className="muted small">Normally the compute orchestrator registers runtimes through the API when it starts them; this registers one by hand.</p>
    </form>
  );
}

/** A project's analysis runtimes: the ones I registered (all of them for platform administrators); register, stop. */
export function ProjectRuntimesPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const entity = useApi<Entity>(`/entities/${id}`);
  const perms = useApi<Permissions>(`/entities/${id}/permissions`);
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string>();
  const runtimes = useApi<Page<Runtime>>('/runtimes', { projectId: id, limit: LIMIT, offset });
  const stop = useAction(async (r: Runtime) => {
    const after = await api.post<Runtime>(`/runtimes/${r.id}/stop`, {});
    setNotice(after.status === 'stopped'
      ? `${after.name} stopped: the orchestrator acknowledged (HTTP ${after.orchestratorResult?.status}).`
      : `${after.name} was not stopped: ${after.orchestratorResult?.error ?? 'the orchestrator did not acknowledge'}. You can ask again.`);
    runtimes.reload();
  });

  if (entity.loading && !entity.data) return <PageSkeleton what="Loading the project" />;
  if (entity.error) return <><PageHeader title={id} /><LoadError problem={entity.error} retry={entity.reload} /><p><Link to="/projects">← My projects</Link></p></>;
  const e = entity.data!;
  if (e.type !== 'project') {
    return <><PageHeader title={e.name} /><Empty title="Runtimes belong to projects" icon="project"><Link to={entityUrl(e.projectId)}>Open its project</Link></Empty></>;
  }
  const items = runtimes.data?.items ?? [];
  const canCompute = !!perms.data?.canCompute;
  return (
    <>
      <nav className="breadcrumb" aria-label="Path"><Link to="/projects">Projects</Link> <span aria-hidden="true">/</span></nav>
      <PageHeader title={e.name} subtitle={<span className="entity-subtitle"><EntityIcon type="project" size={16} /> <span className="entity-type">project</span><span className="muted"> · </span><code>{e.id}</code></span>} />
      <ProjectTabs projectId={e.id} current="runtimes" />
      {notice && <Alert tone={/not stopped/.test(notice) ? 'warning' : 'success'} testId="runtime-notice">{notice}</Alert>}
      {stop.problem && <LoadError problem={stop.problem} />}
      <Card title={<>{me.isAdmin ? 'Runtimes in this project' : 'My runtimes in this project'} {runtimes.data && <span className="muted small">({runtimes.data.total})</span>}</>} id="runtimes" testId="runtimes">
        {runtimes.loading && !runtimes.data ? <Loading /> : runtimes.error ? <LoadError problem={runtimes.error} retry={runtimes.reload} />
          : items.length === 0 ? <Empty title="No runtimes" icon="list">{canCompute ? 'Runtimes registered here are listed with their state.' : 'You have no runtime in this project.'}</Empty>
          : (
            <div tabIndex={0} className="table-wrap">
              <table className="table" data-testid="runtimes-table">
                <thead><tr><th scope="col">Runtime</th><th scope="col">Kind</th><th scope="col">User</th><th scope="col">Started</th><th scope="col">State</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id} data-testid={`runtime-${r.name}`}>
                      <td><strong>{r.name}</strong>{r.externalId && <div className="muted small"><code>{r.externalId}</code></div>}</td>
                      <td>{kindLabel[r.kind]}</td>
                      <td>@{r.username}</td>
                      <td className="nowrap"><When at={r.createdAt} /></td>
                      <td>
                        <Badge tone={statusTone[r.status]}>{statusLabel[r.status]}</Badge>
                        {r.stopReason && <div className="muted small">“{r.stopReason}”</div>}
                        <OrchestratorResult runtime={r} />
                      </td>
                      <td className="actions">
                        {r.status !== 'stopped' && (
                          <ConfirmButton onConfirm={() => stop.run(r)} confirmText={`Stop ${r.name}`}>{r.status === 'stop_failed' ? 'Stop again' : 'Stop'}</ConfirmButton>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pagination total={runtimes.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
        {items.length > 0 && <p className="muted small">Stopping asks the compute orchestrator, through its signed webhook, to stop the runtime; its answer is recorded here.</p>}
      </Card>
      <Card title="Register a runtime" id="register-runtime">
        {perms.loading && !perms.data ? <Loading /> : canCompute ? (
          <Register projectId={e.id} onRegistered={(r) => { setNotice(`${r.name} registered.`); setOffset(0); runtimes.reload(); }} />
        ) : (
          <p className="muted" data-testid="runtime-no-compute">Registering an analysis runtime here needs the <strong>COMPUTE</strong> access to this project (“start analysis runtimes”, given in its
            {' '}sharing settings) and, when the project has an authorization domain, membership in every group of it.</p>
        )}
      </Card>
    </>
  );
}
