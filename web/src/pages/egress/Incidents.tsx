import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi, useDebounced } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { EgressAssessment, EgressEvent, EgressIncident, EgressIncidentState, EgressPolicyStored, Page, UserSummary } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { Checkbox, FormProblem, SubmitButton } from '../../ui/forms.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { EgressEventsTimeline } from './lazy.js';
import { formatIec, lowestThreshold } from './format.js';

const LIMIT = 25;
const STATES = ['', 'open', 'awaiting-user', 'under-review', 'closed-false-positive', 'closed-remediated', 'closed-reinstated'] as const;
/** The states in words (the API's codes are for programs); the user the incident concerns is addressed as "you". */
const STATE_LABELS: Record<EgressIncidentState, string> = {
  open: 'Open, user not notified', 'awaiting-user': "Awaiting the user's answers", 'under-review': 'Under review',
  'closed-false-positive': 'Closed: false positive', 'closed-remediated': 'Closed: remediated', 'closed-reinstated': 'Closed: reinstated',
};
const stateLabel = (state: EgressIncidentState, mine = false) =>
  mine && state === 'awaiting-user' ? 'Awaiting your answers' : mine && state === 'under-review' ? 'Your answers are being reviewed' : STATE_LABELS[state];

/** The incidents as a table, each linking to its page. */
export function IncidentTable({ items, testId = 'egress-incidents' }: { items: EgressIncident[]; testId?: string }) {
  return (
    <table className="table table-cards" data-testid={testId}>
      <thead><tr><th scope="col">Incident</th><th scope="col">User</th><th scope="col">Project</th><th scope="col">Bytes</th><th scope="col">First event</th><th scope="col">State</th></tr></thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id}>
            <td data-label="Incident"><Link to={`/egress/incidents/${i.id}`}>#{i.id}</Link>{i.counting === 'bypassed' && <> <Badge tone="info">bypassed</Badge></>}</td>
            <td data-label="User">@{i.username}</td>
            <td data-label="Project">{i.projectId ? <Link to={`/entities/${i.projectId}`}>{i.projectId}</Link> : '—'}</td>
            <td data-label="Bytes">{formatIec(i.bytes)}</td>
            <td data-label="First event"><When at={i.firstEventAt} /></td>
            <td data-label="State"><Badge tone={i.state.startsWith('closed-') ? 'neutral' : 'warning'} title={i.state}>{stateLabel(i.state)}</Badge></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A project filter: an entity id (syn123), checked before it is sent. */
export function useProjectFilter(): { text: string; setText(v: string): void; projectId: string | undefined; error: string | undefined } {
  const [text, setText] = useState('');
  const debounced = useDebounced(text.trim(), 300);
  const valid = /^(syn)?\d{1,15}$/i.test(debounced);
  return {
    text, setText,
    projectId: valid ? (debounced.toLowerCase().startsWith('syn') ? debounced.toLowerCase() : `syn${debounced}`) : undefined,
    error: debounced && !valid ? 'An entity id, like syn123.' : undefined,
  };
}

export function ProjectFilter({ filter, id = 'project-filter' }: { filter: ReturnType<typeof useProjectFilter>; id?: string }) {
  return (
    <div className={`field narrow-field${filter.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Project</label>
      <input id={id} type="search" placeholder="syn123" value={filter.text} onChange={(e) => filter.setText(e.target.value)}
        aria-invalid={filter.error ? true : undefined} aria-describedby={filter.error ? `${id}-error` : undefined} />
      {filter.error && <p className="field-error" id={`${id}-error`}>{filter.error}</p>}
    </div>
  );
}

/** The security engineer's queue of egress incidents, newest first, by state, user and project. */
export function EgressIncidentsPage() {
  const [state, setState] = useState('');
  const [user, setUser] = useState<UserSummary | null>(null);
  const project = useProjectFilter();
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [user, project.projectId]);
  const list = useApi<Page<EgressIncident>>('/egress/incidents', {
    limit: LIMIT, offset, ...(state ? { state } : {}), user: user?.username, project: project.projectId,
  });
  return (
    <>
      <PageHeader title="Egress incidents" subtitle="Alerts of the egress policy, grouped per user and project. Answer, assess and decide each." />
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="incident-state">State</label>
            <select id="incident-state" value={state} onChange={(e) => { setState(e.target.value); setOffset(0); }}>
              {STATES.map((s) => <option key={s} value={s}>{s ? STATE_LABELS[s] : 'All'}</option>)}
            </select>
          </div>
          <UserPicker label="User" value={user} onChange={setUser} id="incident-user" />
          <ProjectFilter filter={project} id="incident-project" />
        </div>
        {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
          : list.data && list.data.items.length === 0 ? <Empty title="No egress incidents match" />
          : list.data && (
            <div className="table-wrap">
              <IncidentTable items={list.data.items} />
              <Pagination total={list.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}

/** One incident: for the user it concerns, the questions and an answer form; for the engineer also the assessment and the decision. */
export function EgressIncidentPage() {
  const { id } = useParams();
  const me = useMe();
  const incident = useApi<EgressIncident>(`/egress/incidents/${id}`);
  if (incident.loading && !incident.data) return <Loading />;
  if (incident.error) return <LoadError problem={incident.error} retry={incident.reload} />;
  const i = incident.data!;
  const engineer = me.isSecurity || me.isAdmin;
  const closed = i.state.startsWith('closed-');
  return (
    <>
      <PageHeader title={`Egress incident #${i.id}`} subtitle={<>@{i.username}, {formatIec(i.bytes)} from <When at={i.firstEventAt} /> to <When at={i.lastEventAt} /></>} />
      <Card title="State" testId="incident-state">
        <Badge tone={closed ? 'neutral' : 'warning'}>{stateLabel(i.state, i.userId === me.id)}</Badge>
        {i.userId === me.id && !closed && (
          <p>More data left your workspace than the egress policy allows. While a security engineer reviews it, your downloads
            and compute may be suspended and your runtimes stopped. Answer the questions below; you will be told of the decision.</p>
        )}
        {i.decisionReason && <p><strong>Reason:</strong> {i.decisionReason}{i.decidedAt && <> (<When at={i.decidedAt} />)</>}</p>}
      </Card>
      <Answers incident={i} mine={i.userId === me.id} onDone={incident.reload} />
      {engineer && <IncidentTimeline incident={i} />}
      {engineer && <IncidentEvents incident={i} />}
      {engineer && <ActionsTaken incident={i} />}
      {engineer && <Assessment incident={i} onDone={incident.reload} />}
      {engineer && !closed && <Decision incident={i} onDone={incident.reload} />}
    </>
  );
}

/** The engineer's timeline of the incident's monitor events, with the policy's lowest threshold. */
function IncidentTimeline({ incident }: { incident: EgressIncident }) {
  const ids = new Set(incident.eventIds ?? []);
  const events = useApi<Page<EgressEvent>>(ids.size ? '/egress/events' : null, {
    user: incident.username, from: incident.firstEventAt, to: new Date(new Date(incident.lastEventAt).getTime() + 1).toISOString(), limit: 500,
  });
  const policy = useApi<EgressPolicyStored>('/egress/policy');
  const mine = (events.data?.items ?? []).filter((e) => ids.has(e.id));
  return (
    <Card title="Timeline" id="incident-timeline">
      {ids.size === 0 ? <Empty title="No monitor events in this incident" />
        : events.error ? <LoadError problem={events.error} retry={events.reload} />
        : !events.data ? <Loading what="Loading the events" />
        : <EgressEventsTimeline events={mine} threshold={policy.data ? lowestThreshold(policy.data.policy) : null} />}
      {mine.length > 0 && <p className="muted small">{mine.length} {mine.length === 1 ? 'event' : 'events'}, {formatIec(mine.reduce((s, e) => s + e.bytes, 0))} in all.</p>}
    </Card>
  );
}

function Answers({ incident, mine, onDone }: { incident: EgressIncident; mine: boolean; onDone(): void }) {
  const [answers, setAnswers] = useState<string[]>(incident.questions.map((_, k) => incident.answers?.[k]?.answer ?? ''));
  const send = useAction(async () => { await api.post(`/egress/incidents/${incident.id}/answers`, { answers }); onDone(); });
  const submit = (e: FormEvent) => { e.preventDefault(); void send.run(); };
  if (!mine) {
    return (
      <Card title="The user's answers" testId="incident-given-answers">
        {incident.answers ? <dl className="qa-list">{incident.answers.map((a, k) => <div key={k}><dt>{a.question}</dt><dd>{a.answer}</dd></div>)}</dl> : <Empty title="Not answered yet" />}
      </Card>
    );
  }
  return (
    <Card title="Questions from the security team">
      {incident.answeredAt && <Alert tone="success">You answered <When at={incident.answeredAt} />. You may change your answers.</Alert>}
      <form onSubmit={submit} data-testid="incident-answers">
        {incident.questions.map((q, k) => (
          <div className="field" key={k}>
            <label htmlFor={`answer-${k}`}>{q}</label>
            <textarea id={`answer-${k}`} required maxLength={10_000} value={answers[k]} onChange={(e) => setAnswers(answers.map((a, j) => (j === k ? e.target.value : a)))} />
          </div>
        ))}
        <FormProblem problem={send.problem} />
        <SubmitButton pending={send.pending}>Send answers</SubmitButton>
      </form>
    </Card>
  );
}

/** The monitor's events that make up the incident (the engineer's only). */
function IncidentEvents({ incident }: { incident: EgressIncident }) {
  const until = new Date(new Date(incident.lastEventAt).getTime() + 1).toISOString();
  const events = useApi<Page<EgressEvent>>('/egress/events', { user: String(incident.userId), from: incident.firstEventAt, to: until, limit: 100 });
  const ids = new Set(incident.eventIds ?? []);
  const mine = (events.data?.items ?? []).filter((e) => ids.has(e.id));
  return (
    <Card title={`Events (${ids.size})`}>
      {events.loading && !events.data ? <Loading /> : events.error ? <LoadError problem={events.error} retry={events.reload} />
        : mine.length === 0 ? <Empty title="No events to show" />
        : (
          <div className="table-wrap">
            <table className="table" data-testid="incident-events">
              <thead><tr><th scope="col">Observed</th><th scope="col">Bytes</th><th scope="col">Runtime</th><th scope="col">Kind</th><th scope="col">Source</th></tr></thead>
              <tbody>
                {mine.map((e) => (
                  <tr key={e.id}>
                    <td><When at={e.observedAt} /></td>
                    <td>{formatIec(e.bytes)}<div className="muted small">in {e.windowSeconds} s</div></td>
                    <td>{e.claimed.runtimeId ?? (e.runtimeId !== null ? `#${e.runtimeId}` : '—')}</td>
                    <td>{e.kind}</td>
                    <td>{e.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </Card>
  );
}

/** What the escalation did, in words (the incident's `actions`, each with its time). */
function ActionsTaken({ incident }: { incident: EgressIncident }) {
  const said = (a: Record<string, unknown>) => {
    switch (a.kind) {
      case 'open-incident': return a.counting === 'bypassed' ? 'Incident opened, within a bypass window (not counted)' : 'Incident opened';
      case 'join-incident': return 'A further event joined the incident';
      case 'mark-bypassed': return 'Let through by a bypass window';
      case 'notify-user': return 'The user was sent the questions';
      case 'suspend': return <>Downloads and compute suspended until <When at={String(a.until)} /></>;
      case 'stop-runtimes': return "The user's runtimes were asked to stop";
      case 'disable-account': return a.reason === 'high-volume' ? 'Account disabled (high-volume egress)' : 'Account disabled (third incident in the look-back period)';
      default: return String(a.kind);
    }
  };
  const actions = incident.actions ?? [];
  if (actions.length === 0) return null;
  return (
    <Card title="What Gatehouse did">
      <ul className="plain-list" data-testid="incident-actions">
        {actions.map((a, k) => <li key={k}>{said(a)} <span className="muted small">(<When at={String(a.at)} />)</span></li>)}
      </ul>
    </Card>
  );
}

function Assessment({ incident, onDone }: { incident: EgressIncident; onDone(): void }) {
  const [a, setA] = useState<EgressAssessment>(incident.assessment ?? {});
  const [ports, setPorts] = useState((incident.assessment?.ports ?? []).join(', '));
  const save = useAction(async () => {
    const list = ports.split(/[\s,]+/).filter(Boolean).map(Number);
    await api.put(`/egress/incidents/${incident.id}/assessment`, { ...a, ports: list });
    onDone();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void save.run(); };
  return (
    <Card title="Assessment">
      {incident.assessedAt && <Alert tone="success">Assessment saved <When at={incident.assessedAt} />.</Alert>}
      <form onSubmit={submit} data-testid="incident-assessment">
        <div className="field"><label htmlFor="a-method">Method</label><input id="a-method" maxLength={2000} value={a.method ?? ''} onChange={(e) => setA({ ...a, method: e.target.value })} /></div>
        <div className="field">
          <label htmlFor="a-amount">Amount (bytes)</label>
          <input id="a-amount" type="number" min={0} value={a.amountBytes ?? ''} onChange={(e) => setA({ ...a, amountBytes: e.target.value === '' ? undefined : Number(e.target.value) })} />
          {a.amountBytes !== undefined && <p className="muted small">{formatIec(a.amountBytes)}</p>}
        </div>
        <div className="field"><label htmlFor="a-rate">Rate</label><input id="a-rate" maxLength={200} value={a.rate ?? ''} onChange={(e) => setA({ ...a, rate: e.target.value })} /></div>
        <div className="field">
          <label htmlFor="a-manual">Manual or scripted</label>
          <select id="a-manual" value={a.manualOrScripted ?? 'unknown'} onChange={(e) => setA({ ...a, manualOrScripted: e.target.value as EgressAssessment['manualOrScripted'] })}>
            <option value="unknown">Unknown</option><option value="manual">Manual</option><option value="scripted">Scripted</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-ports">Ports</label>
          <input id="a-ports" inputMode="numeric" placeholder="e.g. 22, 443" value={ports} onChange={(e) => setPorts(e.target.value)} />
        </div>
        <Checkbox label="PII involved" checked={a.piiInvolved ?? false} onChange={(v) => setA({ ...a, piiInvolved: v })} />
        <Checkbox label="Malicious intent suspected" checked={a.maliciousIntentSuspected ?? false} onChange={(v) => setA({ ...a, maliciousIntentSuspected: v })} />
        <div className="field"><label htmlFor="a-notes">Notes</label><textarea id="a-notes" maxLength={10_000} value={a.notes ?? ''} onChange={(e) => setA({ ...a, notes: e.target.value })} /></div>
        <FormProblem problem={save.problem} />
        <SubmitButton pending={save.pending}>Save assessment</SubmitButton>
      </form>
    </Card>
  );
}

function Decision({ incident, onDone }: { incident: EgressIncident; onDone(): void }) {
  const [decision, setDecision] = useState<'false-positive' | 'remediated' | 'reinstate'>('remediated');
  const [reason, setReason] = useState('');
  const decide = useAction(async () => { await api.post(`/egress/incidents/${incident.id}/decision`, { decision, reason }); onDone(); });
  const submit = (e: FormEvent) => { e.preventDefault(); void decide.run(); };
  return (
    <Card title="Decision">
      <form onSubmit={submit} data-testid="incident-decision">
        <div className="field">
          <label htmlFor="d-decision">Decision</label>
          <select id="d-decision" value={decision} onChange={(e) => setDecision(e.target.value as typeof decision)}>
            <option value="remediated">Remediated</option>
            <option value="false-positive">False positive (no longer counted)</option>
            <option value="reinstate">Reinstate (enable the account, lift the suspension)</option>
          </select>
        </div>
        <div className="field"><label htmlFor="d-reason">Reason (the user is told)</label><textarea id="d-reason" required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} /></div>
        <FormProblem problem={decide.problem} />
        <SubmitButton pending={decide.pending}>Decide</SubmitButton>
      </form>
    </Card>
  );
}
