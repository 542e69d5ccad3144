import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { EgressBypassRequest, Page } from '../../types.js';
import { Alert, Badge, Card, Empty, LoadError, Loading, PageHeader, Pagination, When, PageSkeleton } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { Dialog } from '../../ui/overlays.js';

/**
 * Large data download requests (SPEC §10): a user asks for a bypass window for an approved large transfer; a
 * security engineer approves (a bypass window is granted) or declines. One list for both: a user's own, or the
 * engineers' queue of everyone's.
 */
const LIMIT = 25;
const UNITS = [['MiB', 1024 ** 2], ['GiB', 1024 ** 3], ['TiB', 1024 ** 4]] as const;
type Unit = (typeof UNITS)[number][0];
const STATES = ['', 'pending', 'approved', 'declined', 'withdrawn'];
const MAX_JUSTIFICATION = 4000;

/** Sizes in binary units, named as such (the policy's thresholds are in MiB). */
export function formatSize(bytes: number): string {
  for (const [name, unit] of [...UNITS].reverse()) if (bytes >= unit) return `${Number((bytes / unit).toFixed(2))} ${name}`;
  return `${bytes} bytes`;
}
/** The largest unit that shows the bytes as a whole-ish number, for prefilling a size field. */
function splitSize(bytes: number): { amount: string; unit: Unit } {
  for (const [name, unit] of [...UNITS].reverse()) if (bytes >= unit) return { amount: String(Number((bytes / unit).toFixed(3))), unit: name };
  return { amount: String(Number((bytes / 1024 ** 2).toFixed(3))), unit: 'MiB' };
}
const toBytes = (amount: string, unit: Unit) => Math.round(Number(amount) * UNITS.find(([n]) => n === unit)![1]);
/** <input type="datetime-local"> speaks local time without a zone; the API speaks instants. */
const localToIso = (v: string) => (v ? new Date(v).toISOString() : undefined);
const isoToLocal = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const tone = (s: EgressBypassRequest['state']) => (s === 'approved' ? 'success' : s === 'pending' ? 'warning' : s === 'declined' ? 'danger' : 'neutral');

function SizeInput({ id, amount, unit, onChange }: { id: string; amount: string; unit: Unit; onChange(amount: string, unit: Unit): void }) {
  return (
    <div className="size-input">
      <input id={id} type="number" min="0.001" step="any" required inputMode="decimal" value={amount} onChange={(e) => onChange(e.target.value, unit)} />
      <select aria-label="Unit" value={unit} onChange={(e) => onChange(amount, e.target.value as Unit)}>
        {UNITS.map(([n]) => <option key={n} value={n}>{n}</option>)}
      </select>
    </div>
  );
}

/** A user's own requests, or every one for security engineers, with approve and decline. */
export function BypassRequestsPage() {
  const me = useMe();
  const engineer = me.isSecurity || me.isAdmin;
  const [state, setState] = useState(engineer ? 'pending' : '');
  const [offset, setOffset] = useState(0);
  const [deciding, setDeciding] = useState<{ request: EgressBypassRequest; decision: 'approve' | 'decline' }>();
  const list = useApi<Page<EgressBypassRequest>>('/egress/bypass-requests', { limit: LIMIT, offset, ...(state ? { state } : {}) });
  return (
    <>
      <PageHeader title={engineer ? 'Large data download requests' : 'My large data download requests'}
        subtitle={engineer ? 'Users ask for a bypass window for an approved large transfer. Approve (a bypass window is granted) or decline each.'
          : 'Ask a security engineer to let an approved large transfer through the egress limits for a while.'}
        actions={<Link className="btn btn-primary" to="/egress/bypass-requests/new">New request</Link>} />
      <Card>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="bypass-state">State</label>
            <select id="bypass-state" value={state} onChange={(e) => { setState(e.target.value); setOffset(0); }}>
              {STATES.map((s) => <option key={s} value={s}>{s || 'All'}</option>)}
            </select>
          </div>
        </div>
        {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
          : list.data && list.data.items.length === 0 ? <Empty title={engineer ? 'No requests match' : 'You have no requests that match'} />
          : list.data && (
            <div tabIndex={0} className="table-wrap">
              <table className="table table-cards" data-testid="bypass-requests">
                <thead><tr>
                  <th scope="col">Request</th><th scope="col">State</th><th scope="col">Size</th>{engineer && <th scope="col">User</th>}<th scope="col">Project</th>
                  <th scope="col">Asked</th>{engineer && <th scope="col"><span className="sr-only">Decide</span></th>}
                </tr></thead>
                <tbody>
                  {list.data.items.map((r) => (
                    <tr key={r.id} data-testid={`bypass-request-${r.id}`}>
                      <td className="card-title"><Link to={`/egress/bypass-requests/${r.id}`}>#{r.id}</Link><div className="small muted clamp">{r.justification}</div></td>
                      <td data-label="State"><Badge tone={tone(r.state)}>{r.state}</Badge></td>
                      <td data-label="Size" className="nowrap">{formatSize(r.bytes)}</td>
                      {engineer && <td data-label="User">@{r.username}</td>}
                      <td data-label="Project">{r.projectId ?? '—'}</td>
                      <td data-label="Asked"><When at={r.createdAt} /></td>
                      {engineer && (
                        <td>{r.state === 'pending' && (
                          <div className="button-row bypass-decide">
                            <button type="button" className="btn btn-primary btn-small" onClick={() => setDeciding({ request: r, decision: 'approve' })}>Approve</button>
                            <button type="button" className="btn btn-secondary btn-small" onClick={() => setDeciding({ request: r, decision: 'decline' })}>Decline</button>
                          </div>
                        )}</td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pagination total={list.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
      {deciding && <DecisionDialog request={deciding.request} decision={deciding.decision} onClose={() => setDeciding(undefined)}
        onDone={() => { setDeciding(undefined); list.reload(); }} />}
    </>
  );
}

/** The form a user fills in to ask for a bypass window. */
export function NewBypassRequestPage() {
  const navigate = useNavigate();
  const [amount, setAmount] = useState('');
  const [unit, setUnit] = useState<Unit>('GiB');
  const [projectId, setProjectId] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [justification, setJustification] = useState('');
  const [checked, setChecked] = useState(false);
  const sizeError = !(Number(amount) > 0) ? 'Enter how much data you will move out, e.g. 20 GiB.' : undefined;
  const justificationError = !justification.trim() ? 'Say what the transfer is and why it is approved.' : undefined;
  const file = useAction(async () => {
    const r = await api.post<EgressBypassRequest>('/egress/bypass-requests', {
      bytes: toBytes(amount, unit), justification,
      ...(projectId.trim() ? { projectId: projectId.trim() } : {}), from: localToIso(from), until: localToIso(until),
    });
    navigate(`/egress/bypass-requests/${r.id}`);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (!sizeError && !justificationError) void file.run();
  };
  return (
    <>
      <p className="breadcrumb"><Link to="/egress/bypass-requests">My large data download requests</Link></p>
      <PageHeader title="Large data download request"
        subtitle="Moving more data out than the egress policy allows (e.g. an approved export of results) looks like a leak to the monitors. Ask for a bypass window first: a security engineer reviews the request, and while the window is open your egress up to its size is let through." />
      <Card>
        <form onSubmit={submit} data-testid="bypass-request-form" noValidate className="narrow">
          <Field label="How much data" name="bytes" problem={file.problem} error={checked ? sizeError : undefined} hint="The total you expect to move out during the window." id="br-size">
            <SizeInput id="br-size" amount={amount} unit={unit} onChange={(a, u) => { setAmount(a); setUnit(u); }} />
          </Field>
          <Field label="Project (optional)" name="projectId" problem={file.problem} hint="The project the data comes from, e.g. syn123.">
            <input id="br-project" maxLength={40} value={projectId} onChange={(e) => setProjectId(e.target.value)} />
          </Field>
          <div className="field-row">
            <Field label="From (optional)" name="from" problem={file.problem} hint="When the engineer approves, if empty.">
              <input id="br-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
            </Field>
            <Field label="Until (optional)" name="until" problem={file.problem} hint="Two days after the start, if empty.">
              <input id="br-until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
            </Field>
          </div>
          <Field label="Justification" name="justification" problem={file.problem} error={checked ? justificationError : undefined} hint={`What the transfer is, where it goes, and who approved it (${justification.length}/${MAX_JUSTIFICATION}).`}>
            <textarea id="br-justification" required maxLength={MAX_JUSTIFICATION} rows={5} value={justification} onChange={(e) => setJustification(e.target.value)} />
          </Field>
          <FormProblem problem={file.problem} fields={['bytes', 'projectId', 'from', 'until', 'justification']} />
          <SubmitButton pending={file.pending}>Send request</SubmitButton>
        </form>
      </Card>
    </>
  );
}

/** One request: its state for the requester (with withdraw while pending); approve and decline for engineers. */
export function BypassRequestPage() {
  const { id } = useParams();
  const me = useMe();
  const request = useApi<EgressBypassRequest>(`/egress/bypass-requests/${id}`);
  const [deciding, setDeciding] = useState<'approve' | 'decline'>();
  const withdraw = useAction(async () => { await api.post(`/egress/bypass-requests/${id}/withdraw`); request.reload(); });
  if (request.loading && !request.data) return <PageSkeleton />;
  if (request.error) return <LoadError problem={request.error} retry={request.reload} />;
  const r = request.data!;
  const engineer = me.isSecurity || me.isAdmin;
  return (
    <>
      <p className="breadcrumb"><Link to="/egress/bypass-requests">{engineer ? 'Large data download requests' : 'My large data download requests'}</Link></p>
      <PageHeader title={`Large data download request #${r.id}`} subtitle={<>@{r.username}, {formatSize(r.bytes)}, asked <When at={r.createdAt} /></>} />
      <Card title="State" testId="bypass-request-state">
        <p><Badge tone={tone(r.state)}>{r.state}</Badge></p>
        {r.state === 'pending' && <p className="muted">Waiting for a security engineer. You are told when it is decided.</p>}
        {r.window && (r.window.revokedAt
          ? <Alert tone="warning">The bypass window granted was revoked <When at={r.window.revokedAt} />.</Alert>
          : <Alert tone="success" testId="bypass-window">A bypass window is granted (#{r.bypassWindowId}): up to {formatSize(r.window.capBytes)} of egress is let through
            from <When at={r.window.from} /> until <When at={r.window.until} />.</Alert>)}
        {r.decisionReason && <p>{r.decisionReason}</p>}
        {r.decidedAt && <p className="small muted">{r.state === 'withdrawn' ? 'Withdrawn' : 'Decided'} <When at={r.decidedAt} /></p>}
      </Card>
      <Card title="Request">
        <dl className="facts">
          <div><dt>Size</dt><dd>{formatSize(r.bytes)}</dd></div>
          <div><dt>Project</dt><dd>{r.projectId ?? '—'}</dd></div>
          <div><dt>From</dt><dd>{r.from ? <When at={r.from} /> : 'when approved'}</dd></div>
          <div><dt>Until</dt><dd>{r.until ? <When at={r.until} /> : 'the policy\'s default (two days)'}</dd></div>
        </dl>
        <h3>Justification</h3>
        <p className="pre-wrap">{r.justification}</p>
      </Card>
      {r.state === 'pending' && (
        <div className="button-row">
          {engineer && <button type="button" className="btn btn-primary" onClick={() => setDeciding('approve')}>Approve</button>}
          {engineer && <button type="button" className="btn btn-secondary" onClick={() => setDeciding('decline')}>Decline</button>}
          {r.userId === me.id && <button type="button" className="btn btn-secondary" disabled={withdraw.pending} onClick={() => void withdraw.run()}>Withdraw</button>}
        </div>
      )}
      <FormProblem problem={withdraw.problem} />
      {deciding && <DecisionDialog request={r} decision={deciding} onClose={() => setDeciding(undefined)} onDone={() => { setDeciding(undefined); request.reload(); }} />}
    </>
  );
}

/** Approve (cap and dates prefilled from the request) or decline, with the reason the user is told. */
function DecisionDialog({ request: r, decision, onClose, onDone }: { request: EgressBypassRequest; decision: 'approve' | 'decline'; onClose(): void; onDone(): void }) {
  const initial = splitSize(r.bytes);
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState<Unit>(initial.unit);
  const [from, setFrom] = useState(isoToLocal(r.from));
  const [until, setUntil] = useState(isoToLocal(r.until));
  const [reason, setReason] = useState('');
  const approve = decision === 'approve';
  const decide = useAction(async () => {
    await api.post(`/egress/bypass-requests/${r.id}/decision`, approve
      ? { decision, reason, capBytes: toBytes(amount, unit), from: localToIso(from), until: localToIso(until) }
      : { decision, reason });
    onDone();
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void decide.run(); };
  return (
    <Dialog title={`${approve ? 'Approve' : 'Decline'} request #${r.id}`} subtitle={<>@{r.username} asks for {formatSize(r.bytes)}</>} onClose={onClose} testId="bypass-decision">
      <form onSubmit={submit}>
        <p className="pre-wrap small">{r.justification}</p>
        {approve && (
          <>
            <Field label="Cap" name="capBytes" problem={decide.problem} hint="Egress up to this much, over the whole window, is let through." id="bd-cap">
              <SizeInput id="bd-cap" amount={amount} unit={unit} onChange={(a, u) => { setAmount(a); setUnit(u); }} />
            </Field>
            <div className="field-row">
              <Field label="From" name="from" problem={decide.problem} hint="Now, if empty."><input id="bd-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} /></Field>
              <Field label="Until" name="until" problem={decide.problem} hint="The policy's default after the start, if empty."><input id="bd-until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} /></Field>
            </div>
          </>
        )}
        <Field label="Reason (the user is told)" name="reason" problem={decide.problem}>
          <textarea id="bd-reason" required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <FormProblem problem={decide.problem} fields={['capBytes', 'from', 'until', 'reason']} />
        <div className="button-row">
          <SubmitButton pending={decide.pending} variant={approve ? 'primary' : 'danger'}>{approve ? 'Approve and open the window' : 'Decline'}</SubmitButton>
          <button type="button" className="btn btn-secondary" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
