import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { EgressAssessment, EgressIncident, EgressIncidentState, Page, UserSummary } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When, PageSkeleton } from '../../ui/bits.js';
import { Checkbox, FormProblem, SubmitButton } from '../../ui/forms.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { EntityPicker, type PickedEntity } from '../../ui/EntityPicker.js';
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

/**
 * A filter by project, chosen by name (search-as-you-type over what the viewer can see), or by its id for a
 * project they may not read: an incident or a finding can be about a project its reader is not shared on.
 */
export function useProjectFilter(): { project: PickedEntity | null; setProject(p: PickedEntity | null): void; projectId: string | undefined } {
  const [project, setProject] = useState<PickedEntity | null>(null);
  return { project, setProject, projectId: project?.id };
}

export function ProjectFilter({ filter, id = 'project-filter' }: { filter: ReturnType<typeof useProjectFilter>; id?: string }) {
  return (
    <div className="narrow-field">
      <EntityPicker label="Project" id={id} types={['project']} allowId value={filter.project} onChange={filter.setProject} />
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
            <div tabIndex={0} className="table-wrap">
              <IncidentTable items={list.data.items} />
              <Pagination total={list.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}

/** The engineer's reading of an incident: its timeline, events and downloads, the user's runtimes and earlier incidents. */
function EngineerContext({ incident }: { incident: EgressIncident }) {
  const context = useIncidentContext(incident);
  return <><IncidentTimeline context={context} /><IncidentEvents context={context} /></>;
}

/** One incident: for the user it concerns, the questions and an answer form; for the engineer also the assessment and the decision. */
export function EgressIncidentPage() {
  const { id } = useParams();
  const me = useMe();
  const incident = useApi<EgressIncident>(`/egress/incidents/${id}`);
  if (incident.loading && !incident.data) return <PageSkeleton />;
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
      {engineer && <EngineerContext incident={i} />}
      {engineer && <ActionsTaken incident={i} />}
      {engineer && <Assessment incident={i} onDone={incident.reload} />}
      {engineer && !closed && <Decision incident={i} onDone={incident.reload} />}
    </>
  );
}

/** GET /egress/incidents/{id}/context: what the engineer reads beside an incident. */
interface IncidentContext {
  timeline: { source: 'monitor' | 'download'; id: number; at: string; bytes: number; projectId: string | null; runtimeId: number | null; detail: string; state: string | null; inIncident: boolean }[];
  runtimes: { id: number; name: string; projectId: string; status: string; createdAt: string; stopReason: string | null }[];
  earlierIncidents: { id: number; state: EgressIncidentState; firstEventAt: string; bytes: number; counting: string }[];
  thresholds: { monitor: { windowSeconds: number; bytes: number }[]; download: { windowSeconds: number; bytes: number }[] };
}

function useIncidentContext(incident: EgressIncident) {
  return useApi<IncidentContext>(`/egress/incidents/${incident.id}/context`);
}

/** "2 network monitor events and 1 Gatehouse download". */
function amountsInWords(items: { source: 'monitor' | 'download' }[]): string {
  const events = items.filter((t) => t.source === 'monitor').length;
  const downloads = items.length - events;
  return [
    events > 0 && `${events} network monitor ${events === 1 ? 'event' : 'events'}`,
    downloads > 0 && `${downloads} Gatehouse ${downloads === 1 ? 'download' : 'downloads'}`,
  ].filter(Boolean).join(' and ');
}

/** The engineer's timeline of the incident's monitor events and Gatehouse downloads, with the policy's lowest threshold. */
function IncidentTimeline({ context }: { context: ReturnType<typeof useIncidentContext> }) {
  const mine = (context.data?.timeline ?? []).filter((t) => t.inIncident);
  const policy = context.data ? { thresholds: context.data.thresholds } : null;
  const source = mine.some((t) => t.source === 'monitor') ? 'monitor' : 'download';
  return (
    <Card title="Timeline" id="incident-timeline">
      {context.error ? <LoadError problem={context.error} retry={context.reload} />
        : !context.data ? <Loading what="Loading the events" />
        : mine.length === 0 ? <Empty title="Nothing in this incident to draw" />
        : <EgressEventsTimeline events={mine.map((t) => ({ observedAt: t.at, bytes: t.bytes }))}
            threshold={policy ? lowestThreshold({ thresholds: { monitor: source === 'monitor' ? policy.thresholds.monitor : [], download: source === 'download' ? policy.thresholds.download : [] } }) : null} />}
      {mine.length > 0 && <p className="muted small">{amountsInWords(mine)}, {formatIec(mine.reduce((n, t) => n + t.bytes, 0))} in all.</p>}
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
const DOWNLOAD_STATES: Record<string, string> = { serving: 'under way', served: 'served', failed: 'broke off', refused: 'refused' };

/** The incident's events and downloads, then the user's other downloads of the last 7 days; the runtimes; earlier incidents. */
function IncidentEvents({ context }: { context: ReturnType<typeof useIncidentContext> }) {
  if (context.error) return <Card title="Events and downloads"><LoadError problem={context.error} retry={context.reload} /></Card>;
  if (!context.data) return <Card title="Events and downloads"><Loading /></Card>;
  const { timeline, runtimes, earlierIncidents } = context.data;
  const inIt = timeline.filter((t) => t.inIncident).length;
  return (
    <>
      <Card title={`Events and downloads (${inIt} in the incident)`}>
        {timeline.length === 0 ? <Empty title="No events to show" /> : (
          <div tabIndex={0} className="table-wrap">
            <table className="table table-cards" data-testid="incident-events">
              <thead><tr><th scope="col">When</th><th scope="col">Bytes</th><th scope="col">What</th><th scope="col">Project</th><th scope="col">Runtime</th><th scope="col" /></tr></thead>
              <tbody>
                {[...timeline].reverse().map((t) => (
                  <tr key={`${t.source}-${t.id}`} className={t.inIncident ? 'row-highlight' : undefined}>
                    <td data-label="When"><When at={t.at} /></td>
                    <td data-label="Bytes">{formatIec(t.bytes)}</td>
                    <td data-label="What">{t.detail}{t.state && <> · {DOWNLOAD_STATES[t.state] ?? t.state}</>}</td>
                    <td data-label="Project">{t.projectId ? <Link to={`/entities/${t.projectId}`}>{t.projectId}</Link> : '—'}</td>
                    <td data-label="Runtime">{t.runtimeId !== null ? `#${t.runtimeId}` : '—'}</td>
                    <td data-label="">{t.inIncident ? <Badge tone="warning">in this incident</Badge> : <span className="muted small">other download</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="The user's runtimes">
        {runtimes.length === 0 ? <Empty title="No runtimes" /> : (
          <ul className="plain-list" data-testid="incident-runtimes">
            {runtimes.map((r) => <li key={r.id}>#{r.id} {r.name} in <Link to={`/entities/${r.projectId}`}>{r.projectId}</Link> · {r.status.replace('_', ' ')}{r.stopReason && <span className="muted small"> — {r.stopReason}</span>}</li>)}
          </ul>
        )}
      </Card>
      <Card title="Earlier incidents of the user">
        {earlierIncidents.length === 0 ? <Empty title="None: this is the user's first" /> : (
          <ul className="plain-list" data-testid="incident-earlier">
            {earlierIncidents.map((e) => <li key={e.id}><Link to={`/egress/incidents/${e.id}`}>#{e.id}</Link> · <When at={e.firstEventAt} /> · {formatIec(e.bytes)} · {stateLabel(e.state)}{e.counting === 'bypassed' && ' (bypassed)'}</li>)}
          </ul>
        )}
      </Card>
    </>
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
