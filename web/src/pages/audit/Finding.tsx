import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Answer, Get, UserSummary } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, PageHeader, PageSkeleton, When, formatBytes, type Tone } from '../../ui/bits.js';
import { Checkbox, Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { Dialog } from '../../ui/overlays.js';
import { UserPicker } from '../../ui/UserPicker.js';

/**
 * One audit finding read as a case file (src/audit/README.md "Triage"): what was found in a sentence, both states
 * side by side, links to what it is about, the trail, and the triage panel (owner, state, note, contact, reply,
 * incident).
 */
export type Finding = Get<'/api/v1/audit/findings/{id}'>;
type FindingState = Finding['state'];
type Contact = Finding['contacts'][number];
type Incident = Answer<'/api/v1/audit/findings/{id}/incidents', 'post'>;

export const FINDING_STATE_LABELS: Record<FindingState, string> = {
  new: 'New', contacted: 'Contacted, awaiting reply', explained: 'Explained', incident: 'Incident', closed: 'Closed',
};
export const findingTone = (s: FindingState): Tone => (s === 'incident' ? 'danger' : s === 'closed' ? 'neutral' : s === 'explained' ? 'success' : s === 'contacted' ? 'info' : 'warning');

const QUERY_LABELS: Record<string, string> = {
  'restriction-change': 'Restriction change of state', 'top-downloaders': 'Top downloader', 'md5-duplicates': 'MD5 duplicate',
  'unqualified-access': 'Unqualified access', 'repeated-downloads': 'Repeated downloads', 'exfiltration-correlation': 'Exfiltration correlation',
  'tier-revoked-downloads': 'Downloads after a revoked tier', 'self-approval': 'Self-approval', 'terms-changed-after-approval': 'Terms changed after approval',
};
export const queryLabel = (q: string) => QUERY_LABELS[q] ?? q;
const TO_LABELS: Record<Contact['to'], string> = { user: 'The user', 'project-owner': 'The project owners', 'community-manager': 'The community manager' };
const EVENT_LABELS: Record<string, string> = {
  raised: 'Raised', 'found-again': 'Found again', note: 'Note', owner: 'Owner', state: 'State', contact: 'Contact sent', reply: 'Reply received', incident: 'Incident',
};

/** The seed's use cases of a restriction change, in its words. */
const USE_CASES: Record<string, string> = {
  'ar-removed': 'Access requirement removed from a public entity',
  'exposed-again': 'Public, then private, then public again with less restriction',
  'test-project-public': 'Test project made public',
  'ar-added-public': 'Access requirement added and made public',
};

/** The pairs of the detail shown side by side, when the finding has them. */
const PAIRS: [string, string, string, string][] = [
  ['before', 'after', 'Before', 'After'], ['source', 'duplicate', 'Source', 'Duplicate'], ['was', 'now', 'Was', 'Now'],
];
const words = (k: string) => k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());

function plain(v: unknown): ReactNode {
  if (v === null || v === undefined) return <span className="muted">—</span>;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return v.toLocaleString('en-GB');
  if (typeof v === 'string') return /^syn\d+$/.test(v) ? <Link to={`/entities/${v}`}>{v}</Link> : v;
  if (Array.isArray(v)) {
    return <ul className="plain-list">{v.slice(0, 20).map((x, k) => <li key={k}>{typeof x === 'object' && x !== null ? Object.values(x as object).map(String).join(' · ') : plain(x)}</li>)}</ul>;
  }
  return <code className="small">{JSON.stringify(v)}</code>;
}

/** A detail's fact in words: bytes as sizes, the top projects as links with their counts. */
function fact(key: string, v: unknown): ReactNode {
  if (/bytes$/i.test(key) && typeof v === 'number') return <>{formatBytes(v)} <span className="muted small">({v.toLocaleString('en-GB')} bytes)</span></>;
  if (key === 'topProjects' && Array.isArray(v)) {
    return (
      <ul className="plain-list">
        {(v as { projectId?: string; name?: string; files?: number }[]).map((p, k) => (
          <li key={k}>{p.projectId ? <Link to={`/entities/${p.projectId}`}>{p.name ?? p.projectId}</Link> : p.name}{typeof p.files === 'number' && <span className="muted"> · {p.files.toLocaleString('en-GB')} files</span>}</li>
        ))}
      </ul>
    );
  }
  return plain(v);
}

function SideBySide({ detail }: { detail: Record<string, unknown> }) {
  const pair = PAIRS.find(([a, b]) => typeof detail[a] === 'object' && detail[a] !== null && typeof detail[b] === 'object' && detail[b] !== null);
  if (!pair) return null;
  const [a, b, la, lb] = pair;
  const left = detail[a] as Record<string, unknown>;
  const right = detail[b] as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table audit-compare" data-testid="finding-compare">
        <thead><tr><th scope="col"><span className="sr-only">Fact</span></th><th scope="col">{la}</th><th scope="col">{lb}</th></tr></thead>
        <tbody>
          {keys.map((k) => {
            const changed = JSON.stringify(left[k]) !== JSON.stringify(right[k]);
            return (
              <tr key={k} className={changed ? 'audit-changed' : undefined}>
                <th scope="row">{words(k)}</th><td>{plain(left[k])}</td><td>{plain(right[k])}{changed && <span className="sr-only"> (changed)</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Facts({ f }: { f: Finding }) {
  const me = useMe();
  const skip = new Set(['summary', ...PAIRS.flatMap(([a, b]) => [a, b])]);
  const rest = Object.entries(f.detail).filter(([k]) => !skip.has(k));
  return (
    <dl className="facts">
      {f.user && <><dt>User</dt><dd data-testid="finding-user">{me.isAdmin ? <Link to={`/admin/users/${f.user.id}`}>{f.user.displayName}</Link> : <strong>{f.user.displayName}</strong>} <span className="muted">@{f.user.username} · {f.user.email}</span></dd></>}
      {f.project && <><dt>Project</dt><dd><Link to={`/entities/${f.project.id}`}>{f.project.name}</Link> <span className="muted">{f.project.id}</span></dd></>}
      {f.entity && f.entity.id !== f.project?.id && (
        <><dt>{words(f.entity.type)}</dt><dd data-testid="finding-entity">
          {f.entity.path.map((p, k) => <span key={p.id}>{k > 0 && <span className="muted"> / </span>}<Link to={`/entities/${p.id}`}>{p.name}</Link></span>)}
          {' '}<span className="muted">{f.entity.id}</span>
        </dd></>
      )}
      {f.request && <><dt>Request</dt><dd><Link to={f.request.link}>Data access request {f.request.id}</Link></dd></>}
      {f.project && <><dt>Community manager</dt><dd>{f.project.communityManager ? <>{f.project.communityManager.displayName} <span className="muted">{f.project.communityManager.email}</span></> : <span className="muted">none set</span>}</dd></>}
      <dt>Happened</dt><dd><When at={f.occurredAt} /></dd>
      <dt>Raised</dt><dd><When at={f.raisedAt} /> by the {f.raisedBy === 'continuous' ? 'continuous audit' : 'periodic audit'}</dd>
      {f.useCase && <><dt>Use case</dt><dd>{USE_CASES[f.useCase] ?? words(f.useCase)}</dd></>}
      <dt>Found by</dt>
      <dd>{f.runs.length === 0 ? <span className="muted">no run yet</span> : f.runs.map((r, k) => (
        <span key={r.id}>{k > 0 && ', '}<Link to={`/audit/runs/${r.id}`}>run {r.id}</Link> <span className="muted">(<When at={r.periodFrom} dateOnly /> – <When at={new Date(new Date(r.periodTo).getTime() - 1).toISOString()} dateOnly />)</span></span>
      ))}</dd>
      {rest.map(([k, v]) => <div key={k} className="facts-row"><dt>{words(k)}</dt><dd>{fact(k, v)}</dd></div>)}
    </dl>
  );
}

function Trail({ f }: { f: Finding }) {
  return (
    <Card title="Trail" testId="finding-trail">
      {f.events.length === 0 ? <Empty title="Nothing recorded yet" /> : (
        <ol className="audit-trail">
          {[...f.events].reverse().map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <div className="audit-trail-head">
                <Badge tone={e.kind === 'incident' ? 'danger' : e.kind === 'contact' || e.kind === 'reply' ? 'info' : 'neutral'}>{EVENT_LABELS[e.kind] ?? e.kind}</Badge>
                <span className="muted small"><When at={e.at} />{e.actor ? ` · ${e.actor.displayName}` : ' · Gatehouse'}</span>
              </div>
              {e.kind === 'state' && <p className="small">{FINDING_STATE_LABELS[e.details.from as FindingState] ?? String(e.details.from)} → {FINDING_STATE_LABELS[e.details.to as FindingState] ?? String(e.details.to)}</p>}
              {e.kind === 'reply' && <p className="small muted">From {String(e.details.from)}, received <When at={String(e.details.receivedAt)} /></p>}
              {e.body && <div className="audit-trail-body">{e.body}</div>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function ContactDialog({ f, onClose, onDone }: { f: Finding; onClose(): void; onDone(f: Finding): void }) {
  const first = f.contacts.find((c) => c.available) ?? f.contacts[0];
  const [to, setTo] = useState<Contact['to']>(first.to);
  const chosen = f.contacts.find((c) => c.to === to)!;
  const [subject, setSubject] = useState(chosen.subject);
  const [body, setBody] = useState(chosen.body);
  const choose = (next: Contact['to']) => {
    const c = f.contacts.find((x) => x.to === next)!;
    setTo(next); setSubject(c.subject); setBody(c.body);
  };
  const send = useAction(async () => {
    // Unchanged text is sent by naming the template, so that the trail says it was not edited.
    const edited = subject !== chosen.subject || body !== chosen.body;
    onDone(await api.post<Finding>(`/audit/findings/${f.id}/contacts`, { to, templateKey: chosen.templateKey, ...(edited ? { subject, body } : {}) }));
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void send.run(); };
  return (
    <Dialog title="Contact about this finding" subtitle="The email goes out through the outbox; the text sent is kept in the trail." onClose={onClose} wide testId="contact-dialog">
      <form onSubmit={submit} noValidate>
        <FormProblem problem={send.problem} fields={['subject', 'body']} />
        <fieldset className="audit-recipients">
          <legend>To</legend>
          {f.contacts.map((c) => (
            <label key={c.to} className={`radio-row${c.available ? '' : ' disabled'}`}>
              <input type="radio" name="contact-to" value={c.to} checked={to === c.to} disabled={!c.available} onChange={() => choose(c.to)} />
              <span><strong>{TO_LABELS[c.to]}</strong>{' '}
                {c.available ? <span className="muted">{c.recipients.map((r) => `${r.displayName} <${r.email}>`).join(', ')}</span> : <span className="muted">— {c.reason}</span>}
              </span>
            </label>
          ))}
        </fieldset>
        <p className="muted small">Template: <Link to="/audit/templates">{chosen.templateKey}</Link>, filled in; edit it before sending if needed.</p>
        <Field label="Subject" name="subject" problem={send.problem} id="contact-subject">
          <input type="text" value={subject} maxLength={500} onChange={(e) => setSubject(e.target.value)} />
        </Field>
        <Field label="Text" name="body" problem={send.problem} id="contact-body">
          <textarea rows={14} value={body} maxLength={20_000} onChange={(e) => setBody(e.target.value)} />
        </Field>
        <div className="dialog-footer">
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
          <SubmitButton pending={send.pending} disabled={!chosen.available} pendingText="Sending…">Send email</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}

function ReplyDialog({ f, onClose, onDone }: { f: Finding; onClose(): void; onDone(f: Finding): void }) {
  const lastContact = [...f.events].reverse().find((e) => e.kind === 'contact');
  const lastTo = (lastContact?.details.recipients as { email: string }[] | undefined)?.[0]?.email ?? f.user?.email ?? '';
  const [from, setFrom] = useState(lastTo);
  const [body, setBody] = useState('');
  const [receivedAt, setReceivedAt] = useState('');
  const [state, setState] = useState<'explained' | 'contacted' | 'closed'>('explained');
  const save = useAction(async () => {
    onDone(await api.post<Finding>(`/audit/findings/${f.id}/replies`, {
      from: from.trim(), body, ...(receivedAt ? { receivedAt: new Date(receivedAt).toISOString() } : {}), ...(f.state === 'incident' && state === 'explained' ? {} : { state }),
    }));
  });
  const [missing, setMissing] = useState<string[]>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = [!from.trim() && 'from', !body.trim() && 'body'].filter(Boolean) as string[];
    setMissing(m);
    if (m.length === 0) void save.run();
  };
  return (
    <Dialog title="Record the reply" subtitle="Paste the answer received; it is kept on the finding for the report." onClose={onClose} wide testId="reply-dialog">
      <form onSubmit={submit} noValidate>
        <FormProblem problem={save.problem} fields={['from', 'body', 'receivedAt', 'state']} />
        <div className="grid-2">
          <Field label="From" name="from" problem={save.problem} id="reply-from" error={missing.includes('from') ? 'Who replied.' : undefined}>
            <input type="text" value={from} maxLength={300} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field label="Received" name="receivedAt" problem={save.problem} id="reply-received" hint="Leave empty for now.">
            <input type="datetime-local" value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} />
          </Field>
        </div>
        <Field label="Reply" name="body" problem={save.problem} id="reply-body" error={missing.includes('body') ? 'Paste the reply.' : undefined}>
          <textarea rows={8} value={body} onChange={(e) => setBody(e.target.value)} />
        </Field>
        <Field label="Then the finding is" name="state" problem={save.problem} id="reply-state">
          <select value={state} onChange={(e) => setState(e.target.value as typeof state)}>
            <option value="explained">{f.state === 'incident' ? 'Still an incident (reply recorded)' : 'Explained'}</option>
            <option value="contacted">Still awaiting a reply</option>
            <option value="closed">Closed</option>
          </select>
        </Field>
        <div className="dialog-footer">
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
          <SubmitButton pending={save.pending} pendingText="Saving…">Record reply</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}

function IncidentDialog({ f, onClose, onDone }: { f: Finding; onClose(): void; onDone(i: Incident): void }) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState(`${f.summary}\n\n${f.reply ? `Reply received:\n${f.reply}\n` : ''}`);
  const [notify, setNotify] = useState(f.ticketWebhookConfigured);
  const [missing, setMissing] = useState<string[]>([]);
  const raise = useAction(async () => {
    onDone(await api.post<Incident>(`/audit/findings/${f.id}/incidents`, { title: title.trim(), description, notify }));
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = [!title.trim() && 'title', !description.trim() && 'description'].filter(Boolean) as string[];
    setMissing(m);
    if (m.length === 0) void raise.run();
  };
  return (
    <Dialog title="Raise an incident" subtitle="Records it in the governance incident log; the finding becomes an incident." onClose={onClose} wide testId="incident-dialog">
      <form onSubmit={submit} noValidate>
        <FormProblem problem={raise.problem} fields={['title', 'description']} />
        <Field label="Title" name="title" problem={raise.problem} id="incident-title" error={missing.includes('title') ? 'Give the incident a title.' : undefined}>
          <input type="text" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label="Description" name="description" problem={raise.problem} id="incident-description" error={missing.includes('description') ? 'Describe the incident.' : undefined}>
          <textarea rows={8} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        {f.ticketWebhookConfigured
          ? <Checkbox id="incident-notify" label="Also open a ticket in the ticket system (signed webhook)" checked={notify} onChange={setNotify} />
          : <p className="muted small">No ticket system is configured: the incident is recorded in Gatehouse only.</p>}
        <div className="dialog-footer">
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
          <SubmitButton pending={raise.pending} variant="danger" pendingText="Raising…">Raise incident</SubmitButton>
        </div>
      </form>
    </Dialog>
  );
}

function TriagePanel({ f, onSaved, open }: { f: Finding; onSaved(f: Finding): void; open(d: 'contact' | 'reply' | 'incident'): void }) {
  const me = useMe();
  const [owner, setOwner] = useState<UserSummary | null>(null);
  const [state, setState] = useState<FindingState | ''>('');
  const [note, setNote] = useState('');
  const assign = useAction(async (u: UserSummary | null) => onSaved(await api.patch<Finding>(`/audit/findings/${f.id}`, { ownerId: u ? u.id : null })));
  const save = useAction(async () => {
    if (state) onSaved(await api.patch<Finding>(`/audit/findings/${f.id}`, { state, ...(note.trim() ? { note } : {}) }));
    else onSaved(await api.post<Finding>(`/audit/findings/${f.id}/notes`, { body: note }));
    setState(''); setNote('');
  });
  const triager = me.isAct || me.isSecurity || me.isAdmin;
  if (!triager) {
    return <Card title="Triage"><p>Owner: {f.owner?.displayName ?? 'nobody'}. Only ACT and security engineers triage findings.</p></Card>;
  }
  const submit = (e: FormEvent) => { e.preventDefault(); if (state || note.trim()) void save.run(); };
  const closed = f.state === 'closed';
  return (
    <Card title="Triage" testId="triage-panel">
      <div className="audit-owner">
        {f.owner ? (
          <>
          <span className="label-like">Owner</span>
          <div className="picked" data-testid="finding-owner">
            <strong>{f.owner.displayName}</strong>
            <span className="audit-owner-actions">
              {f.owner.id !== me.id && <button type="button" className="btn btn-ghost btn-small" disabled={assign.pending} onClick={() => void assign.run({ id: me.id } as UserSummary)}>Take it</button>}
              <button type="button" className="btn btn-ghost btn-small" disabled={assign.pending} onClick={() => void assign.run(null)}>Unassign</button>
            </span>
          </div>
          </>
        ) : (
          <>
            <UserPicker label="Owner" value={owner} onChange={(u) => { setOwner(null); if (u) void assign.run(u); }} id="finding-owner-picker" error={assign.problem?.fieldError('ownerId')} />
            <button type="button" className="btn btn-secondary btn-small" disabled={assign.pending} onClick={() => void assign.run({ id: me.id } as UserSummary)}>Assign to me</button>
          </>
        )}
        {assign.problem && !assign.problem.fieldError('ownerId') && <LoadError problem={assign.problem} />}
      </div>
      <div className="audit-actions">
        <button type="button" className="btn btn-primary" disabled={closed} onClick={() => open('contact')}>Contact…</button>
        <button type="button" className="btn btn-secondary" disabled={closed} onClick={() => open('reply')}>Record reply</button>
        <button type="button" className="btn btn-danger" disabled={closed} onClick={() => open('incident')}>Raise incident</button>
      </div>
      {closed && <p className="muted small">A closed finding is reopened first (state New, with a note).</p>}
      <form onSubmit={submit} noValidate className="audit-state-form">
        <FormProblem problem={save.problem} fields={['note', 'state']} />
        <Field label="Move to" name="state" problem={save.problem} id="finding-state">
          <select value={state} onChange={(e) => setState(e.target.value as FindingState | '')}>
            <option value="">Keep {FINDING_STATE_LABELS[f.state].toLowerCase()}</option>
            {f.allowedStates.map((s) => <option key={s} value={s}>{s === 'new' && closed ? 'New (reopen)' : FINDING_STATE_LABELS[s]}</option>)}
          </select>
        </Field>
        <Field label="Note" name="note" problem={save.problem} id="finding-note" hint={closed ? 'Say why it is reopened.' : 'Kept in the trail.'}>
          <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <SubmitButton pending={save.pending} variant="secondary" disabled={!state && !note.trim()} pendingText="Saving…">{state ? 'Save' : 'Add note'}</SubmitButton>
      </form>
    </Card>
  );
}

export function FindingPage() {
  const { id } = useParams();
  const finding = useApi<Finding>(`/audit/findings/${id}`);
  const [dialog, setDialog] = useState<'contact' | 'reply' | 'incident' | null>(null);
  const [notice, setNotice] = useState<ReactNode>();
  if (finding.loading && !finding.data) return <PageSkeleton />;
  if (finding.error) return <LoadError problem={finding.error} retry={finding.reload} />;
  const f = finding.data!;
  const saved = (next: Finding, message?: ReactNode) => { finding.setData(next); setDialog(null); setNotice(message); };
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/audit/findings">Findings</Link> <span className="muted">/</span> <span>Finding {f.id}</span></nav>
      <PageHeader
        title={`${queryLabel(f.query)}: finding ${f.id}`}
        subtitle={<span className="audit-subtitle"><Badge tone={findingTone(f.state)}>{FINDING_STATE_LABELS[f.state]}</Badge> <span className="muted">{f.owner ? `Owner: ${f.owner.displayName}` : 'No owner'}</span></span>}
      />
      {notice && <Alert tone="success" testId="finding-notice">{notice}</Alert>}
      <div className="audit-case">
        <div className="audit-case-summary">
          <Card title="What was found" testId="finding-summary">
            <p className="audit-summary">{f.summary}</p>
            <SideBySide detail={f.detail} />
            <Facts f={f} />
          </Card>
        </div>
        <aside className="audit-case-aside">
          <TriagePanel f={f} onSaved={(n) => saved(n)} open={setDialog} />
        </aside>
        <div className="audit-case-main">
          {f.reply && (
            <Card title="Reply received" testId="finding-reply">
              <div className="audit-trail-body">{f.reply}</div>
            </Card>
          )}
          {f.incidents.length > 0 && (
            <Card title="Incidents" testId="finding-incidents">
              <ul className="plain-list">
                {f.incidents.map((i) => <li key={i.id}><Link to={`/audit/incidents?incident=${i.id}`}>Incident {i.id}: {i.title}</Link> <Badge tone={i.state === 'open' ? 'danger' : 'neutral'}>{i.state}</Badge></li>)}
              </ul>
            </Card>
          )}
          <Trail f={f} />
        </div>
      </div>
      {dialog === 'contact' && <ContactDialog f={f} onClose={() => setDialog(null)} onDone={(n) => saved(n, 'Email queued in the outbox; the finding is marked contacted.')} />}
      {dialog === 'reply' && <ReplyDialog f={f} onClose={() => setDialog(null)} onDone={(n) => saved(n, 'Reply recorded.')} />}
      {dialog === 'incident' && (
        <IncidentDialog f={f} onClose={() => setDialog(null)} onDone={(i) => {
          setDialog(null);
          finding.reload();
          setNotice(<>Incident {i.id} recorded in the <Link to={`/audit/incidents?incident=${i.id}`}>governance incident log</Link>{i.ticket.status === 'pending' ? '; the ticket is being posted.' : '.'}</>);
        }} />
      )}
    </>
  );
}
