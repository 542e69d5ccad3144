import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api.js';
import { useAction, useApi } from '../../../hooks.js';
import { useMe } from '../../../session.js';
import { Alert, Card, LoadError, Loading, When } from '../../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../../ui/forms.js';
import { Dialog } from '../../../ui/overlays.js';
import { MarksLegend, PersonLine, RequestStateBadge } from '../../requests/bits.js';
import { AnswersView } from '../../requests/RequestEditor.js';
import { autoRuleWords, type DecisionPreview, type Submission } from '../../requests/model.js';
import { Thread } from '../../requests/Thread.js';

/** Approve: what approving does (who gets access until when, whose access ends) and the email, editable. */
function ApproveDialog({ submission, onClose, onDone }: { submission: Submission; onClose(): void; onDone(s: Submission): void }) {
  const preview = useApi<DecisionPreview>(`/submissions/${submission.id}/decision`);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  useEffect(() => {
    if (preview.data) {
      setSubject(preview.data.approvalEmail.subject);
      setBody(preview.data.approvalEmail.body);
    }
  }, [preview.data]);
  const approve = useAction(async () => {
    onDone(await api.post<Submission>(`/submissions/${submission.id}/decision`, { decision: 'APPROVED', email: { subject, body } }));
  });
  const p = preview.data;
  return (
    <Dialog title={`Approve request #${submission.requestId}`} subtitle={`Version ${submission.version} · ${submission.accessRequirementName}`} onClose={onClose} wide testId="approve-dialog">
      {preview.loading && !p ? <Loading what="Preparing the summary" /> : preview.error ? <LoadError problem={preview.error} retry={preview.reload} /> : p && (
        <form noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); void approve.run(); }} className="approve-form">
          {!p.canDecide && <Alert tone="warning">You cannot decide on this submission.</Alert>}
          <section className="approve-summary" data-testid="approve-summary">
            <h3 className="subhead-small">Access will be granted to</h3>
            <ul className="plain-list">
              {p.summary.accessors.map((a) => (
                <li key={a.id}>
                  <PersonLine user={a} approved={a.alreadyApproved} />
                  {p.summary.renewed.some((r) => r.id === a.id) && <span className="muted small"> — renewed</span>}
                  {!a.eligible && a.problem && <div className="field-error small">{a.problem}</div>}
                </li>
              ))}
            </ul>
            <p className="small"><strong>Until:</strong> {p.summary.expiresOn ? <When at={p.summary.expiresOn} dateOnly /> : 'it does not expire'}</p>
            {p.summary.removed.length > 0 && (
              <p className="small removed-note"><strong>Access ends for:</strong> {p.summary.removed.map((u) => `${u.displayName} (@${u.username})`).join(', ')} — no longer on the request.</p>
            )}
          </section>
          <h3 className="subhead-small">Email sent on approval</h3>
          <p className="small muted">To: {p.approvalEmail.recipients.map((u) => `${u.displayName} (@${u.username})`).join(', ')}</p>
          <FormProblem problem={approve.problem} fields={['email', 'email.subject', 'email.body']} />
          <Field label="Subject" name="email.subject" problem={approve.problem} id="approve-subject">
            <input type="text" value={subject} onChange={(e) => setSubject(e.target.value)} />
          </Field>
          <Field label="Message" name="email" problem={approve.problem} id="approve-body">
            <textarea rows={12} value={body} onChange={(e) => setBody(e.target.value)} className="email-body" />
          </Field>
          <div className="button-row">
            <SubmitButton pending={approve.pending} pendingText="Approving…" disabled={!p.canDecide}>Approve and send the email</SubmitButton>
            <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

const REASON_LABELS = {
  reject: 'Reason for rejecting (sent to the requestor)',
  revoke: 'Reason for revoking (sent to the requestor and accessors)',
  return: 'What should the requestor change? (sent to them; the request is not rejected)',
} as const;
const SUBMIT_LABELS = { reject: 'Reject request', revoke: 'Revoke access', return: 'Return for changes' } as const;

/**
 * Reject, revoke or return for changes: a reason (a comment, for a return) is required and sent to the requestor
 * (and, for a revocation, the accessors). Revoking may also block the requestor and accessors from the AR.
 */
function ReasonForm({ kind, submission, onDone, onCancel }: { kind: 'reject' | 'revoke' | 'return'; submission: Submission; onDone(s: Submission): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [blocked, setBlocked] = useState<number[]>([]);
  const [blockReason, setBlockReason] = useState('');
  const [until, setUntil] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const people = [submission.requestor, ...submission.accessors.filter((a) => a.id !== submission.requestor.id)];
  const act = useAction(async () => {
    if (kind === 'return') {
      const returned = await api.post<{ submission: Submission; remark: { id: number } | null }>(`/submissions/${submission.id}/return`, { comment: reason.trim() });
      if (file && returned.remark) {
        const form = new FormData();
        form.append('file', file, file.name);
        await api.post(`/requests/${submission.requestId}/remarks/${returned.remark.id}/attachments`, form);
      }
      onDone(returned.submission);
      return;
    }
    const path = kind === 'reject' ? `/submissions/${submission.id}/decision` : `/submissions/${submission.id}/revoke`;
    const block = blocked.length === 0 ? undefined : {
      requestor: blocked.includes(submission.requestor.id),
      accessorIds: blocked.filter((id) => id !== submission.requestor.id && submission.accessors.some((a) => a.id === id)),
      ...(blockReason.trim() ? { reason: blockReason.trim() } : {}),
      ...(until ? { until: new Date(`${until}T00:00:00Z`).toISOString() } : {}),
    };
    const bodyOf = kind === 'reject' ? { decision: 'REJECTED', reason: reason.trim() } : { reason: reason.trim(), ...(block ? { block } : {}) };
    onDone(await api.post<Submission>(path, bodyOf));
  });
  return (
    <form className="reason-form decision-reason" noValidate data-testid={`${kind}-form`}
      onSubmit={(e) => { e.preventDefault(); setMissing(!reason.trim()); if (reason.trim()) void act.run(); }}>
      <FormProblem problem={act.problem} fields={['reason', 'comment', 'block', 'block.until', 'block.reason']} />
      <Field label={REASON_LABELS[kind]} name={kind === 'return' ? 'comment' : 'reason'} problem={act.problem}
        id={`${kind}-reason`} error={missing ? 'Give a reason; the requestor reads it.' : undefined}>
        <textarea rows={3} value={reason} onChange={(e) => { setReason(e.target.value); setMissing(false); }} autoFocus data-testid={`${kind}-text`} />
      </Field>
      {kind === 'return' && <label className="small block-person">Attach a file to your comment (optional) <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="return-file" /></label>}
      {kind === 'revoke' && (
        <fieldset className="block-options" data-testid="block-options">
          <legend className="small"><strong>Also block from this access requirement</strong> (their new requests are refused)</legend>
          {people.map((p) => (
            <label key={p.id} className="small block-person">
              <input type="checkbox" checked={blocked.includes(p.id)} onChange={(e) => setBlocked(e.target.checked ? [...blocked, p.id] : blocked.filter((id) => id !== p.id))} />
              {' '}{p.displayName || p.username} <span className="muted">@{p.username}{p.id === submission.requestor.id ? ' · requestor' : ' · accessor'}</span>
            </label>
          ))}
          {blocked.length > 0 && (
            <>
              <Field label="Reason for the block (the revocation's reason when left empty)" name="block.reason" problem={act.problem} id="block-reason">
                <input type="text" value={blockReason} onChange={(e) => setBlockReason(e.target.value)} />
              </Field>
              <Field label="Blocked until (empty: until ACT lifts it)" name="block.until" problem={act.problem} id="block-until">
                <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
              </Field>
            </>
          )}
        </fieldset>
      )}
      <div className="button-row">
        <SubmitButton pending={act.pending} variant={kind === 'return' ? 'primary' : 'danger'}>{SUBMIT_LABELS[kind]}</SubmitButton>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/**
 * One submission under review: who asks, for whom (with marks), every answer with the fields changed since the
 * previous version highlighted, every earlier version, and Approve (summary and email) / Reject (reason) /
 * Revoke (ACT).
 */
export function SubmissionDetail({ submissionId, onChanged }: { submissionId: number; onChanged(): void }) {
  const me = useMe();
  const [viewing, setViewing] = useState(submissionId);
  const sub = useApi<Submission>(`/submissions/${viewing}`);
  const [mode, setMode] = useState<'approve' | 'reject' | 'revoke' | 'return' | null>(null);
  const [notice, setNotice] = useState<string>();
  const s = sub.data;

  const done = (next: Submission, message: string) => {
    sub.setData(next);
    setMode(null);
    setNotice(message);
    onChanged();
  };

  return (
    <Card id="submission-detail" testId="submission-detail"
      title={s ? <>Request #{s.requestId} · version {s.version} <RequestStateBadge state={s.state} /></> : `Submission #${viewing}`}
      actions={s && <Link className="small" to={`/requests/${s.requestId}`}>Open the request page</Link>}>
      {sub.loading && !s ? <Loading what="Loading the submission" /> : sub.error ? <LoadError problem={sub.error} retry={sub.reload} /> : s && (
        <>
          {notice && <Alert tone="success" testId="decision-notice">{notice}</Alert>}
          {s.versions.length > 1 && (
            <div className="version-switch" role="group" aria-label="Versions">
              <span className="muted small">Versions:</span>
              {s.versions.map((v) => (
                <button key={v.id} type="button" className={`btn btn-small ${v.id === s.id ? 'btn-primary' : 'btn-secondary'}`} aria-pressed={v.id === s.id}
                  onClick={() => { setViewing(v.id); setMode(null); setNotice(undefined); }}>
                  v{v.version} <span className="sr-only">({v.state})</span>
                </button>
              ))}
            </div>
          )}
          {!s.isCurrent && (
            <Alert tone="warning" testId="earlier-version">
              This is version {s.version}, an earlier version of the request (now version {s.versions[s.versions.length - 1]?.version}).{' '}
              <button type="button" className="link-button" onClick={() => setViewing(s.versions[s.versions.length - 1].id)}>See the current version</button>
            </Alert>
          )}
          <dl className="facts submission-facts">
            <dt>Access requirement</dt><dd>{s.accessRequirementName} <span className="muted small">(#{s.accessRequirementId}, version {s.accessRequirementVersion}; form version {s.formVersion})</span></dd>
            <dt>Requestor</dt><dd><PersonLine user={s.requestor} /></dd>
            <dt>Submitted</dt><dd><When at={s.submittedOn} /></dd>
            {s.decidedOn && <><dt>{s.state === 'CANCELLED' ? 'Cancelled' : 'Decided'}</dt><dd><When at={s.decidedOn} />{s.decidedBy && <> by {s.decidedBy.displayName}</>}</dd></>}
            {s.returnedOn && <><dt>Returned</dt><dd><When at={s.returnedOn} />{s.returnedBy && <> by {s.returnedBy.displayName}</>}</dd></>}
            {s.decidedByRule && <><dt>Decided by</dt><dd data-testid="decided-by-rule">Gatehouse: {autoRuleWords[s.decidedByRule] ?? s.decidedByRule}</dd></>}
            {s.reason && <><dt>{s.state === 'RETURNED' ? 'What to change' : 'Reason'}</dt><dd>“{s.reason}”</dd></>}
            {s.state === 'APPROVED' && <><dt>Access until</dt><dd>{s.expiresOn ? <When at={s.expiresOn} dateOnly /> : 'does not expire'}</dd></>}
          </dl>
          {s.changedFields.length > 0 && (
            <p className="small changed-note" data-testid="changed-note">
              <span className="changed-badge">changed</span> {s.changedFields.length} {s.changedFields.length === 1 ? 'field' : 'fields'} changed since version {s.version - 1}:{' '}
              {s.changedFields.map((k) => s.fields.find((f) => f.key === k)?.label ?? k).join(', ')}.
            </p>
          )}
          <AnswersView fields={s.fields} answers={s.answers} accessors={s.accessors} attachments={s.attachments} requestor={s.requestor}
            changed={s.changedFields} previousVersion={s.version > 1 ? s.version - 1 : undefined} />
          <MarksLegend />
          {s.email && (
            <details className="sent-email">
              <summary>Approval email as sent</summary>
              <p className="small"><strong>{s.email.subject}</strong></p>
              <pre className="email-preview">{s.email.body}</pre>
            </details>
          )}

          {s.isCurrent && (
            <div className="decision-bar" data-testid="decision-bar">
              {s.state === 'SUBMITTED' && mode === null && (
                <>
                  <button type="button" className="btn btn-primary" onClick={() => setMode('approve')} data-testid="approve">Approve…</button>
                  <button type="button" className="btn btn-secondary" onClick={() => setMode('return')} data-testid="return">Return with comment…</button>
                  <button type="button" className="btn btn-danger-outline" onClick={() => setMode('reject')} data-testid="reject">Reject…</button>
                </>
              )}
              {s.state === 'APPROVED' && (me.isAct || me.isAdmin) && mode === null && (
                <button type="button" className="btn btn-danger-outline" onClick={() => setMode('revoke')} data-testid="revoke">Revoke…</button>
              )}
              {s.state === 'RETURNED' && <span className="muted small">Returned for changes: it waits for the requestor to resubmit.</span>}
              {s.state !== 'SUBMITTED' && s.state !== 'APPROVED' && s.state !== 'RETURNED' && <span className="muted small">Decided: nothing more to do on this version.</span>}
            </div>
          )}
          {mode === 'approve' && <ApproveDialog submission={s} onClose={() => setMode(null)} onDone={(n) => done(n, 'Approved. The accessors have access now and the email is on its way.')} />}
          {(mode === 'reject' || mode === 'revoke' || mode === 'return') && (
            <ReasonForm kind={mode} submission={s} onCancel={() => setMode(null)}
              onDone={(n) => done(n, mode === 'reject' ? 'Rejected. The requestor was sent the reason.'
                : mode === 'return' ? 'Returned for changes. The requestor was sent your comment.' : 'Revoked. Every approval of this request has ended.')} />
          )}
          <Thread requestId={s.requestId} reviewer requestor={me.id === s.requestor.id} />
        </>
      )}
    </Card>
  );
}
