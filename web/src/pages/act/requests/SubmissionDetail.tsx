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
import type { DecisionPreview, Submission } from '../../requests/model.js';

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

/** Reject or revoke: a reason is required, and sent to the requestor (and, for a revocation, the accessors). */
function ReasonForm({ kind, submission, onDone, onCancel }: { kind: 'reject' | 'revoke'; submission: Submission; onDone(s: Submission): void; onCancel(): void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const act = useAction(async () => {
    const path = kind === 'reject' ? `/submissions/${submission.id}/decision` : `/submissions/${submission.id}/revoke`;
    const bodyOf = kind === 'reject' ? { decision: 'REJECTED', reason: reason.trim() } : { reason: reason.trim() };
    onDone(await api.post<Submission>(path, bodyOf));
  });
  return (
    <form className="reason-form decision-reason" noValidate data-testid={`${kind}-form`}
      onSubmit={(e) => { e.preventDefault(); setMissing(!reason.trim()); if (reason.trim()) void act.run(); }}>
      <FormProblem problem={act.problem} fields={['reason']} />
      <Field label={kind === 'reject' ? 'Reason for rejecting (sent to the requestor)' : 'Reason for revoking (sent to the requestor and accessors)'} name="reason" problem={act.problem}
        id={`${kind}-reason`} error={missing ? 'Give a reason; the requestor reads it.' : undefined}>
        <textarea rows={3} value={reason} onChange={(e) => { setReason(e.target.value); setMissing(false); }} autoFocus />
      </Field>
      <div className="button-row">
        <SubmitButton pending={act.pending} variant="danger">{kind === 'reject' ? 'Reject request' : 'Revoke access'}</SubmitButton>
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
  const [mode, setMode] = useState<'approve' | 'reject' | 'revoke' | null>(null);
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
            {s.reason && <><dt>Reason</dt><dd>“{s.reason}”</dd></>}
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
                  <button type="button" className="btn btn-danger-outline" onClick={() => setMode('reject')} data-testid="reject">Reject…</button>
                </>
              )}
              {s.state === 'APPROVED' && (me.isAct || me.isAdmin) && mode === null && (
                <button type="button" className="btn btn-danger-outline" onClick={() => setMode('revoke')} data-testid="revoke">Revoke…</button>
              )}
              {s.state !== 'SUBMITTED' && s.state !== 'APPROVED' && <span className="muted small">Decided: nothing more to do on this version.</span>}
            </div>
          )}
          {mode === 'approve' && <ApproveDialog submission={s} onClose={() => setMode(null)} onDone={(n) => done(n, 'Approved. The accessors have access now and the email is on its way.')} />}
          {(mode === 'reject' || mode === 'revoke') && (
            <ReasonForm kind={mode} submission={s} onCancel={() => setMode(null)}
              onDone={(n) => done(n, mode === 'reject' ? 'Rejected. The requestor was sent the reason.' : 'Revoked. Every approval of this request has ended.')} />
          )}
        </>
      )}
    </Card>
  );
}
