import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Page } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { RUN_STATES, lastDay, periodText, type AuditRun, type AuditSchedule } from './words.js';

const LIMIT = 20;

/** The audit's home (/audit): whether one is due, starting one over a period, and the runs so far. */
export function AuditRunsPage() {
  const me = useMe();
  const schedule = useApi<AuditSchedule>('/audit/schedule');
  const [offset, setOffset] = useState(0);
  const runs = useApi<Page<AuditRun>>('/audit/runs', { limit: LIMIT, offset });
  const canStart = me.isSecurity || me.isAdmin;
  return (
    <>
      <PageHeader title="Audit" subtitle="The half-yearly security audit: the queries of the audit over a period, their findings and their triage." />
      <Card title="Schedule" testId="audit-schedule">
        {schedule.loading && !schedule.data ? <Loading /> : schedule.error ? <LoadError problem={schedule.error} retry={schedule.reload} /> : schedule.data && (
          <>
            {schedule.data.due
              ? <Alert tone="warning" testId="audit-due">An audit is due: {periodText(schedule.data.proposedPeriod.from, schedule.data.proposedPeriod.to)}.</Alert>
              : <p data-testid="audit-next">
                  {schedule.data.inWindow
                    ? <>The audit of {periodText(schedule.data.proposedPeriod.from, schedule.data.proposedPeriod.to)} has been run. </>
                    : <>Audits are due in the first two weeks of January and July; the next is due {periodText(schedule.data.window.from, schedule.data.window.to)}. </>}
                </p>}
            {schedule.data.lastRun && (
              <p className="muted">Last run: <Link to={`/audit/runs/${schedule.data.lastRun.id}`}>{periodText(schedule.data.lastRun.from, schedule.data.lastRun.to)}</Link>, {RUN_STATES[schedule.data.lastRun.state].toLowerCase()}.</p>
            )}
            {canStart && <StartForm schedule={schedule.data} />}
          </>
        )}
      </Card>
      <Card title="Runs">
        {runs.loading && !runs.data ? <Loading shape="table" /> : runs.error ? <LoadError problem={runs.error} retry={runs.reload} />
          : runs.data && runs.data.items.length === 0 ? <Empty title="No audit has been run yet" />
          : runs.data && (
            <div tabIndex={0} className="table-wrap">
              <RunTable runs={runs.data.items} />
              <Pagination total={runs.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}

function RunTable({ runs }: { runs: AuditRun[] }) {
  return (
    <table className="table table-cards" data-testid="audit-runs">
      <thead><tr><th scope="col">Period</th><th scope="col">State</th><th scope="col">Findings</th><th scope="col">Started by</th><th scope="col">Started</th></tr></thead>
      <tbody>
        {runs.map((r) => {
          const total = Object.values(r.counts).reduce((s, n) => s + n, 0);
          return (
            <tr key={r.id}>
              <td data-label="Period"><Link to={`/audit/runs/${r.id}`}>{periodText(r.from, r.to)}</Link></td>
              <td data-label="State"><RunState run={r} /></td>
              <td data-label="Findings">{r.state === 'finished' ? total : '—'}</td>
              <td data-label="Started by">{r.startedBy ? <>{r.startedBy.displayName} <span className="muted">@{r.startedBy.username}</span></> : 'command line'}</td>
              <td data-label="Started"><When at={r.startedAt} /></td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RunState({ run }: { run: AuditRun }) {
  if (run.state === 'running') return <Badge tone="info">Running: {run.progress.stepsDone} of {run.progress.stepsTotal}</Badge>;
  return <Badge tone={run.state === 'finished' ? 'success' : 'danger'}>{RUN_STATES[run.state]}</Badge>;
}

/** Start a run: the proposed period, editable; the last day is included. */
function StartForm({ schedule }: { schedule: AuditSchedule }) {
  const navigate = useNavigate();
  const [from, setFrom] = useState(schedule.proposedPeriod.from.slice(0, 10));
  const [to, setTo] = useState(lastDay(schedule.proposedPeriod.to));
  useEffect(() => {
    setFrom(schedule.proposedPeriod.from.slice(0, 10));
    setTo(lastDay(schedule.proposedPeriod.to));
  }, [schedule.proposedPeriod.from, schedule.proposedPeriod.to]);
  const start = useAction((body: { from: string; to: string }) => api.post<AuditRun>('/audit/runs', body));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const run = await start.run({ from, to });
    if (run) navigate(`/audit/runs/${run.id}`);
  };
  return (
    <form onSubmit={submit} className="audit-start" aria-label="Start an audit">
      <FormProblem problem={start.problem} fields={['from', 'to']} />
      <div className="toolbar">
        <Field label="From" name="from" problem={start.problem} id="audit-from">
          <input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </Field>
        <Field label="To (included)" name="to" problem={start.problem} id="audit-to">
          <input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </Field>
        <SubmitButton pending={start.pending} pendingText="Starting…">Start the audit</SubmitButton>
      </div>
    </form>
  );
}
