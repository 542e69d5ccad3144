import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import type { UserSummary } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, PageSkeleton, Pagination, Tabs, When } from '../../ui/bits.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { ProjectFilter, useProjectFilter } from '../egress/Incidents.js';
import { RunState } from './Runs.js';
import {
  FINDING_STATES, QUERIES, QUERY_TITLES, QUERY_USE_CASES, periodText, useCaseShort, useCaseWords,
  type AuditFinding, type AuditFindingsPage, type AuditPivot, type AuditRun,
} from './words.js';

const LIMIT = 25;
const POLL_MS = 1000;

/** One audit run (/audit/runs/:id): its progress while it runs, then its findings per query and the pivot by project. */
export function AuditRunPage() {
  const { id } = useParams();
  const run = useApi<AuditRun>(`/audit/runs/${id}`);
  const running = run.data?.state === 'running';
  const { reload } = run;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [running, reload]);
  if (run.loading && !run.data) return <PageSkeleton />;
  if (run.error) return <LoadError problem={run.error} retry={run.reload} />;
  const r = run.data!;
  return (
    <>
      <PageHeader title={`Audit of ${periodText(r.from, r.to)}`}
        subtitle={<>Run #{r.id}, started <When at={r.startedAt} /> by {r.startedBy ? r.startedBy.displayName : 'the command line'} · <Link to="/audit">All runs</Link></>} />
      <Card title="Progress" testId="audit-progress">
        <p><RunState run={r} />{r.finishedAt && <> <span className="muted">finished <When at={r.finishedAt} /></span></>}</p>
        {r.state === 'running' && (
          <>
            <progress max={r.progress.stepsTotal} value={r.progress.stepsDone} aria-label="Audit progress" className="audit-progress" />
            <p className="muted" aria-live="polite">
              Step {Math.min(r.progress.stepsDone + 1, r.progress.stepsTotal)} of {r.progress.stepsTotal}
              {r.progress.step && QUERY_TITLES[r.progress.step] ? `: ${QUERY_TITLES[r.progress.step]}` : ''}
            </p>
          </>
        )}
        {r.state === 'failed' && <Alert tone="error">The run failed: {r.error}</Alert>}
      </Card>
      {r.state === 'finished' && <Findings path={`/audit/runs/${r.id}/findings`} counts={r.counts} />}
      {r.state === 'finished' && <PivotCard runId={r.id} />}
    </>
  );
}

/**
 * Every finding (/audit/findings): those of every run and those the continuous audit raised since, one query at a
 * time — where the notices of the continuous audit and the case file's breadcrumb lead.
 */
export function AuditFindingsPage() {
  return (
    <>
      <PageHeader title="Audit findings" subtitle={<>Every finding of every run, and those the continuous audit raised as they happened · <Link to="/audit">Runs</Link></>} />
      <Findings path="/audit/findings" />
    </>
  );
}

/**
 * The findings of one query at a time (tabs, with the run's counts when there is a run), filtered by use case,
 * project, state and owner.
 */
function Findings({ path, counts }: { path: string; counts?: AuditRun['counts'] }) {
  const [query, setQuery] = useState(() => QUERIES.find((q) => (counts?.[q] ?? 0) > 0) ?? QUERIES[0]);
  const [useCase, setUseCase] = useState('');
  const [state, setState] = useState('');
  const [owner, setOwner] = useState<UserSummary | null>(null);
  const project = useProjectFilter();
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    setOffset(0);
  }, [query, useCase, state, owner, project.projectId]);
  const page = useApi<AuditFindingsPage>(path, {
    query, limit: LIMIT, offset, useCase: useCase || undefined, state: state || undefined, ownerId: owner?.id, projectId: project.projectId,
  });
  const useCases = QUERY_USE_CASES[query];
  return (
    <Card title="Findings" testId="audit-findings">
      <Tabs label="Query" value={query} onChange={(q) => { setQuery(q); setUseCase(''); }}
        tabs={QUERIES.map((q) => ({ value: q, label: counts ? <>{QUERY_TITLES[q]} <Badge tone={(counts[q] ?? 0) > 0 ? 'warning' : 'neutral'}>{counts[q] ?? 0}</Badge></> : QUERY_TITLES[q] }))} />
      <div className="toolbar">
        {useCases && (
          <div className="field">
            <label htmlFor="finding-use-case">Use case</label>
            <select id="finding-use-case" value={useCase} onChange={(e) => setUseCase(e.target.value)}>
              <option value="">All</option>
              {useCases.map((u) => <option key={u} value={u}>{useCaseWords(u)}</option>)}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="finding-state">State</label>
          <select id="finding-state" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">All</option>
            {Object.entries(FINDING_STATES).map(([s, words]) => <option key={s} value={s}>{words}</option>)}
          </select>
        </div>
        <ProjectFilter filter={project} id="finding-project" />
        <UserPicker label="Owner" value={owner} onChange={setOwner} id="finding-owner" />
      </div>
      {page.loading && !page.data ? <Loading shape="table" /> : page.error ? <LoadError problem={page.error} retry={page.reload} />
        : page.data && page.data.items.length === 0 ? <Empty title={`No ${QUERY_TITLES[query].toLowerCase()} findings match`} icon="search" />
        : page.data && (
          <div tabIndex={0} className="table-wrap">
            <FindingTable items={page.data.items} />
            <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </div>
        )}
    </Card>
  );
}

function FindingTable({ items }: { items: AuditFinding[] }) {
  return (
    <table className="table table-cards audit-findings" data-testid="audit-finding-rows">
      <thead><tr><th scope="col">Finding</th><th scope="col">About</th><th scope="col">Use case and action</th><th scope="col">State</th><th scope="col">Owner</th></tr></thead>
      <tbody>
        {items.map((f) => (
          <tr key={f.id}>
            <td data-label="Finding">
              <Link to={`/audit/findings/${f.id}`}>{f.summary || f.fingerprint}</Link>
              <div className="muted small"><When at={f.occurredAt} />{f.raisedBy === 'continuous' ? ' · raised by the continuous audit' : ''}</div>
            </td>
            <td data-label="About">
              {f.entityId && <div><Link to={`/entities/${f.entityId}`}>{f.entityPath ?? f.entityName ?? f.entityId}</Link></div>}
              {!f.entityId && f.projectId && <div><Link to={`/entities/${f.projectId}`}>{f.projectName ?? f.projectId}</Link></div>}
              {f.user && <div>{f.user.displayName} <span className="muted">@{f.user.username}</span></div>}
              {!f.entityId && !f.projectId && !f.user && '—'}
            </td>
            <td data-label="Use case and action">
              {f.useCase && <div><strong>{useCaseWords(f.useCase)}</strong></div>}
              {f.action && <div className="small">{f.action}</div>}
            </td>
            <td data-label="State"><Badge tone={f.state === 'new' ? 'warning' : f.state === 'closed' ? 'neutral' : 'info'}>{FINDING_STATES[f.state]}</Badge></td>
            <td data-label="Owner">{f.owner ? f.owner.displayName : <span className="muted">nobody yet</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The seed's spreadsheet pivots: restriction changes per project (by use case) and MD5 duplicates per project. */
function PivotCard({ runId }: { runId: number }) {
  const pivot = useApi<AuditPivot>(`/audit/runs/${runId}/pivot`);
  if (pivot.loading && !pivot.data) return <Card title="By project"><Loading /></Card>;
  if (pivot.error) return <Card title="By project"><LoadError problem={pivot.error} retry={pivot.reload} /></Card>;
  const p = pivot.data!;
  const useCases = [...new Set(p.restrictionChanges.flatMap((r) => Object.keys(r.byUseCase)))];
  const project = (id: string | null, name: string | null) => (id ? <Link to={`/entities/${id}`}>{name ?? id}</Link> : 'No project');
  return (
    <Card title="By project" testId="audit-pivot">
      <h3>Restriction changes</h3>
      {p.restrictionChanges.length === 0 ? <p className="muted">No restriction changes in this period.</p> : (
        <div tabIndex={0} className="table-wrap">
          <table className="table table-cards audit-pivot-table">
            <thead><tr><th scope="col">Project</th><th scope="col">Changes</th>{useCases.map((u) => <th scope="col" key={u} title={useCaseWords(u)}>{useCaseShort(u)}</th>)}</tr></thead>
            <tbody>
              {p.restrictionChanges.map((r) => (
                <tr key={String(r.projectId)}>
                  <td data-label="Project">{project(r.projectId, r.projectName)}</td>
                  <td data-label="Changes">{r.total}</td>
                  {useCases.map((u) => <td key={u} data-label={useCaseShort(u)}>{r.byUseCase[u] ?? 0}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>MD5 duplicates</h3>
      {p.md5Duplicates.length === 0 ? <p className="muted">No duplicates of restricted content in public places.</p> : (
        <div tabIndex={0} className="table-wrap">
          <table className="table table-cards audit-pivot-table">
            <thead><tr><th scope="col">Project of the copy</th><th scope="col">Duplicates</th></tr></thead>
            <tbody>
              {p.md5Duplicates.map((r) => (
                <tr key={String(r.projectId)}><td data-label="Project of the copy">{project(r.projectId, r.projectName)}</td><td data-label="Duplicates">{r.total}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
