import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Get, Page } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { queryLabel } from './Finding.js';

/** The governance incident log (src/audit/incidents.ts): incidents raised from findings, and their closing. */
type Incident = Get<'/api/v1/governance/incidents/{id}'>;
const LIMIT = 25;
const TICKET_WORDS: Record<Incident['ticket']['status'], string> = {
  'not-sent': 'no ticket', pending: 'ticket being posted', sent: 'ticket posted', failed: 'ticket could not be posted',
};

function CloseForm({ incident }: { incident: Incident }) {
  const [resolution, setResolution] = useState('');
  const [missing, setMissing] = useState(false);
  const close = useAction(async () => api.patch(`/governance/incidents/${incident.id}`, { state: 'closed', resolution }));
  const submit = (e: FormEvent) => { e.preventDefault(); setMissing(!resolution.trim()); if (resolution.trim()) void close.run(); };
  return (
    <form onSubmit={submit} noValidate className="audit-close-form">
      <FormProblem problem={close.problem} fields={['resolution']} />
      <Field label="Resolution" name="resolution" problem={close.problem} id={`resolution-${incident.id}`} error={missing ? 'Say how the incident was resolved.' : undefined}
        hint="Closing the incident closes its findings.">
        <textarea rows={3} value={resolution} onChange={(e) => setResolution(e.target.value)} />
      </Field>
      <SubmitButton pending={close.pending} variant="secondary" pendingText="Closing…">Close incident</SubmitButton>
    </form>
  );
}

function IncidentCard({ i, highlighted, canClose }: { i: Incident; highlighted: boolean; canClose: boolean }) {
  return (
    <Card title={<>Incident {i.id}: {i.title}</>} id={`incident-${i.id}`} testId="governance-incident">
      <div className={highlighted ? 'audit-highlight' : undefined}>
        <p className="audit-subtitle">
          <Badge tone={i.state === 'open' ? 'danger' : 'neutral'}>{i.state === 'open' ? 'Open' : 'Closed'}</Badge>{' '}
          <Badge tone={i.ticket.status === 'failed' ? 'danger' : i.ticket.status === 'sent' ? 'success' : 'neutral'} title={i.ticket.error ?? undefined}>{TICKET_WORDS[i.ticket.status]}</Badge>
        </p>
        <dl className="facts">
          <dt>Opened</dt><dd><When at={i.openedAt} /> by {i.openedBy.displayName}</dd>
          <dt>Findings</dt>
          <dd><ul className="plain-list">{i.findings.map((f) => <li key={f.id}><Link to={`/audit/findings/${f.id}`}>{queryLabel(f.query)} {f.id}</Link>: {f.summary}</li>)}</ul></dd>
          {i.ticket.error && i.ticket.status !== 'sent' && <><dt>Ticket</dt><dd>{i.ticket.error} ({i.ticket.attempts} {i.ticket.attempts === 1 ? 'attempt' : 'attempts'})</dd></>}
          {i.closedAt && <><dt>Closed</dt><dd><When at={i.closedAt} /> by {i.closedBy?.displayName}</dd></>}
          {i.resolution && <><dt>Resolution</dt><dd className="audit-trail-body">{i.resolution}</dd></>}
        </dl>
        <div className="audit-trail-body">{i.description}</div>
        {i.state === 'open' && canClose && <CloseForm incident={i} />}
      </div>
    </Card>
  );
}

export function AuditIncidentsPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const highlighted = Number(params.get('incident') ?? 0);
  const [state, setState] = useState<'' | 'open' | 'closed'>('');
  const [offset, setOffset] = useState(0);
  const list = useApi<Page<Incident>>('/governance/incidents', { limit: LIMIT, offset, ...(state ? { state } : {}) });
  useEffect(() => {
    if (highlighted && list.data) document.getElementById(`incident-${highlighted}`)?.scrollIntoView({ block: 'start' });
  }, [highlighted, list.data]);
  return (
    <>
      <PageHeader title="Governance incident log" subtitle="Incidents raised from audit findings, with the ticket posted for each, and how each was resolved." />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="incident-log-state">State</label>
          <select id="incident-log-state" value={state} onChange={(e) => { setState(e.target.value as typeof state); setOffset(0); }}>
            <option value="">All</option><option value="open">Open</option><option value="closed">Closed</option>
          </select>
        </div>
      </div>
      {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : list.data!.items.length === 0 ? <Empty title="No incidents">An incident is raised from a finding, with Raise incident.</Empty>
        : <>
            {list.data!.items.map((i) => <IncidentCard key={i.id} i={i} highlighted={i.id === highlighted} canClose={me.isAct || me.isSecurity || me.isAdmin} />)}
            <Pagination total={list.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>}
    </>
  );
}
