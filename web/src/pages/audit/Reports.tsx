import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Get, Page } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When, type Tone } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { periodText, type AuditRun } from './words.js';

/**
 * The audit reports (SPEC §11): each audit's report and the annual one, their state in the review by the Director of
 * Governance, and the way in to each (src/audit/reports.routes.ts). Security engineers create them from finished runs.
 */
export type AuditReport = Get<'/api/v1/audit/reports/{id}'>;
const LIMIT = 25;
const STATES = ['', 'draft', 'submitted', 'rejected', 'approved'] as const;
export const reportTone = (s: AuditReport['state']): Tone => (s === 'approved' ? 'success' : s === 'submitted' ? 'warning' : s === 'rejected' ? 'danger' : 'neutral');
export const STATE_WORDS: Record<AuditReport['state'], string> = {
  draft: 'Draft', submitted: 'Awaiting review', rejected: 'Returned for changes', approved: 'Approved',
};
const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
/** [from, to) in words: the last day is the day before `to`. */
export const periodWords = (p: { from: string; to: string }) => `${day(p.from)} – ${day(new Date(new Date(p.to).getTime() - 1).toISOString())}`;

export function AuditReportsPage() {
  const me = useMe();
  const engineer = me.isSecurity || me.isAdmin;
  const [state, setState] = useState<string>('');
  const [offset, setOffset] = useState(0);
  const list = useApi<Page<AuditReport>>('/audit/reports', { limit: LIMIT, offset, ...(state ? { state } : {}) });
  return (
    <>
      <PageHeader title="Audit reports"
        subtitle="The report of each half-year audit and the annual report that combines two, reviewed by the Director of Governance before they go to the IRB and HITRUST." />
      {engineer && <NewReport />}
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="report-state">State</label>
            <select id="report-state" value={state} onChange={(e) => { setState(e.target.value); setOffset(0); }}>
              {STATES.map((s) => <option key={s} value={s}>{s ? STATE_WORDS[s] : 'All'}</option>)}
            </select>
          </div>
        </div>
        {list.loading && !list.data ? <Loading shape="table" /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
          : list.data && list.data.items.length === 0 ? <Empty title="No audit reports match" icon="inbox" />
          : list.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table table-cards" data-testid="audit-reports">
                <thead><tr>
                  <th scope="col">Report</th><th scope="col">Kind</th><th scope="col">Periods</th><th scope="col">State</th>
                  <th scope="col">Created</th><th scope="col">Files</th>
                </tr></thead>
                <tbody>
                  {list.data.items.map((r) => (
                    <tr key={r.id} data-testid={`audit-report-${r.id}`}>
                      <td className="card-title"><Link to={`/audit/reports/${r.id}`}>{r.title}</Link></td>
                      <td data-label="Kind">{r.kind === 'annual' ? 'Annual' : 'Periodic'}</td>
                      <td data-label="Periods">{r.periods.map((p) => <div key={p.runId}>{p.label} <span className="small muted">({periodWords(p)})</span></div>)}</td>
                      <td data-label="State"><Badge tone={reportTone(r.state)}>{STATE_WORDS[r.state]}</Badge></td>
                      <td data-label="Created"><When at={r.createdAt} dateOnly /> <span className="small muted">by {r.createdBy.name}</span></td>
                      <td data-label="Files" className="nowrap">
                        <a href={r.links.pdf} download>PDF</a> · <a href={r.links.xlsx} download>Spreadsheet</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pagination total={list.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}

/** A security engineer drafts a report: of one finished run, or of two for the annual report, chosen by their period. */
function NewReport() {
  const navigate = useNavigate();
  const [kind, setKind] = useState<'periodic' | 'annual'>('periodic');
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const runs = useApi<Page<AuditRun>>('/audit/runs', { limit: 100 });
  const finished = (runs.data?.items ?? []).filter((r) => r.state === 'finished');
  const create = useAction(async () => {
    const body = kind === 'periodic' ? { kind, runId: Number(first) } : { kind, runIds: [first, second].filter(Boolean).map(Number) };
    const r = await api.post<AuditReport>('/audit/reports', body);
    navigate(`/audit/reports/${r.id}`);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  const options = finished.map((r) => (
    <option key={r.id} value={r.id}>{periodText(r.from, r.to)} (started {day(r.startedAt)})</option>
  ));
  return (
    <Card title="New report">
      <form onSubmit={submit} className="audit-report-new" noValidate>
        <FormProblem problem={create.problem} fields={['kind', 'runId', 'runIds']} />
        <Field label="Kind" name="kind" problem={create.problem}>
          <select id="ar-kind" value={kind} onChange={(e) => setKind(e.target.value as 'periodic' | 'annual')}>
            <option value="periodic">Periodic: one audit run</option>
            <option value="annual">Annual: two audit cycles</option>
          </select>
        </Field>
        <Field label={kind === 'annual' ? 'First run' : 'Audit run'} name={kind === 'annual' ? 'runIds' : 'runId'} problem={create.problem} hint="A finished audit, by its period.">
          <select id="ar-run" value={first} onChange={(e) => setFirst(e.target.value)}>
            <option value="">{runs.loading && !runs.data ? 'Loading the runs…' : finished.length === 0 ? 'No finished audit yet' : 'Choose a run'}</option>
            {options}
          </select>
        </Field>
        {kind === 'annual' && (
          <Field label="Second run" hint="The other half-year cycle.">
            <select id="ar-run2" value={second} onChange={(e) => setSecond(e.target.value)}>
              <option value="">Choose a run</option>
              {options}
            </select>
          </Field>
        )}
        <div className="button-row"><SubmitButton pending={create.pending} pendingText="Creating…">Create draft</SubmitButton></div>
      </form>
    </Card>
  );
}
