import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { Alert, Card, ConfirmButton, LoadError, Loading, PageHeader, When, PageSkeleton } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';
import { entityUrl, useAccessRequirement } from '../../ui/entities.js';
import { requirementNotes } from '../data/Conditions.js';
import { PersonLine, RequestStateBadge } from './bits.js';
import { AnswersView, RequestEditor } from './RequestEditor.js';
import { RequestInvitations } from './Invitations.js';
import { autoRuleWords, RENEWABLE, stateWords, type DataAccessRequest, type RequestForm, type Submission } from './model.js';
import { useMe } from '../../session.js';
import { Thread } from './Thread.js';

/** What happened to a request, oldest first: started, each version submitted and decided, and what it waits for now. */
function Timeline({ request, submissions }: { request: DataAccessRequest; submissions: Submission[] }) {
  return (
    <ol className="timeline" data-testid="timeline">
      <li className="timeline-item">
        <span className="timeline-dot" aria-hidden="true" />
        <div><strong>Started</strong><div className="muted small"><When at={request.createdOn} /></div></div>
      </li>
      {submissions.map((s) => (
        <li key={s.id} className="timeline-group">
          <div className="timeline-item">
            <span className="timeline-dot timeline-dot-info" aria-hidden="true" />
            <div>
              <strong>Version {s.version} submitted</strong>
              <div className="muted small"><When at={s.submittedOn} /></div>
            </div>
          </div>
          {s.state !== 'SUBMITTED' && (
            <div className="timeline-item">
              <span className={`timeline-dot timeline-dot-${s.state.toLowerCase()}`} aria-hidden="true" />
              <div>
                <strong>{stateWords[s.state]}</strong>{s.decidedBy && <span className="small"> by {s.decidedBy.displayName}</span>}
                {s.returnedBy && <span className="small"> by {s.returnedBy.displayName}</span>}
                {s.decidedByRule && <div className="small" data-testid="decided-by-rule">By Gatehouse, {autoRuleWords[s.decidedByRule] ?? s.decidedByRule}.</div>}
                <div className="muted small"><When at={s.decidedOn ?? s.returnedOn ?? null} /></div>
                {s.reason && <div className="small timeline-reason">“{s.reason}”</div>}
                {s.state === 'APPROVED' && <div className="small">{s.expiresOn ? <>Access until <When at={s.expiresOn} dateOnly /></> : 'Access does not expire'}</div>}
              </div>
            </div>
          )}
        </li>
      ))}
      {request.state === 'RETURNED' && (
        <li className="timeline-item timeline-now">
          <span className="timeline-dot timeline-dot-pending" aria-hidden="true" />
          <div><strong>Waiting for changes</strong><div className="muted small">The requestor edits the request and submits it again.</div></div>
        </li>
      )}
      {(request.state === 'DRAFT' || request.state === 'SUBMITTED') && (
        <li className="timeline-item timeline-now">
          <span className="timeline-dot timeline-dot-pending" aria-hidden="true" />
          <div>
            <strong>{request.state === 'DRAFT' ? 'Not submitted yet' : 'Awaiting review'}</strong>
            <div className="muted small">{request.state === 'DRAFT' ? 'Saved as a draft.' : 'The Access and Compliance Team reviews it; you get an email when they decide.'}</div>
          </div>
        </li>
      )}
    </ol>
  );
}

function AboutRequirement({ arId, form }: { arId: number; form?: RequestForm }) {
  const ar = useAccessRequirement(arId);
  if (!ar) return null;
  const notes = requirementNotes(ar);
  return (
    <Card title="Conditions" id="request-conditions">
      {ar.description && <p className="small">{ar.description}</p>}
      {ar.terms && <div className="terms-box small">{ar.terms}</div>}
      {notes.length > 0 && <p className="muted small">Requires: {notes.join(' · ')}.</p>}
      {form?.iduPublic && (
        <p className="small">Approved uses are listed publicly: <Link to={`/access-requirements/${arId}/approved-uses`}>see them</Link>.</p>
      )}
    </Card>
  );
}

/**
 * A data access request (`/requests/{id}`): the form while it is a draft, or the answers and the status timeline
 * afterwards; cancel while SUBMITTED, update and submit again after a decision; every version.
 */
export function RequestPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const entityId = params.get('entityId');
  const editRequested = params.get('edit') === '1';
  const request = useApi<DataAccessRequest>(`/requests/${id}`);
  const submissions = useApi<{ items: Submission[] }>(`/requests/${id}/submissions`);
  const r = request.data;
  const form = useApi<RequestForm>(r ? `/access-requirements/${r.accessRequirementId}/form` : null, r ? { version: r.formVersion } : undefined);
  const [notice, setNotice] = useState<string>();
  const me = useMe();
  const navigate = useNavigate();
  const copy = useAction(async () => {
    const next = await api.post<DataAccessRequest>(`/requests/${r!.id}/copy`, {});
    navigate(`/requests/${next.id}`);
  });
  const remove = useAction(async () => {
    await api.delete(`/requests/${r!.id}`);
    navigate('/requests');
  });
  const cancel = useAction(async () => {
    await api.post(`/submissions/${r!.currentSubmissionId}/cancel`);
    setNotice('Your request was cancelled. You can update it and submit it again.');
    request.reload();
    submissions.reload();
  });

  if (request.loading && !r) return <PageSkeleton what="Loading the request" />;
  if (request.error || !r) {
    return <><PageHeader title="Data access request" />{request.error && <LoadError problem={request.error} retry={request.reload} />}</>;
  }

  const subs = submissions.data?.items ?? [];
  const current = subs.find((s) => s.id === r.currentSubmissionId);
  const renewal = r.canEdit && RENEWABLE.includes(r.state);
  const editing = r.canEdit && (r.state === 'DRAFT' || (renewal && editRequested));
  const setEditing = (on: boolean) => {
    const next = new URLSearchParams(params);
    if (on) next.set('edit', '1');
    else next.delete('edit');
    setParams(next, { replace: true });
    setNotice(undefined);
  };

  return (
    <>
      <p className="breadcrumb">
        {entityId ? <Link to={entityUrl(entityId)}>← Back to the data ({entityId})</Link> : <><Link to="/requests">My requests</Link> <span aria-hidden="true">/</span></>}
      </p>
      <PageHeader title={r.accessRequirementName}
        subtitle={<span className="request-subtitle">Data access request #{r.id} <RequestStateBadge state={r.state} />{r.version > 0 && <span className="muted"> · version {r.version}</span>}</span>}
        actions={
          <>
            {r.canCancel && <ConfirmButton small={false} onConfirm={() => cancel.run()} confirmText="Yes, cancel the request">Cancel request</ConfirmButton>}
            {renewal && !editing && <button type="button" className="btn btn-primary" onClick={() => setEditing(true)} data-testid="update-request">{r.state === 'RETURNED' ? 'Edit and resubmit' : 'Update request'}</button>}
            {r.canCopy && r.state !== 'DRAFT' && <button type="button" className="btn btn-secondary" onClick={() => void copy.run()} disabled={copy.pending} data-testid="copy-request">Copy as new</button>}
            {r.canDelete && <ConfirmButton small={false} onConfirm={() => remove.run()} confirmText="Yes, delete the draft">Delete draft</ConfirmButton>}
          </>
        } />
      {notice && <Alert tone="success" testId="request-notice">{notice}</Alert>}
      <FormProblem problem={cancel.problem ?? copy.problem ?? remove.problem} />
      {r.state === 'RETURNED' && r.returned && (
        <Alert tone="warning" testId="request-returned">
          {r.returned.by.displayName} returned version {r.version} for changes (it was not rejected): “{r.returned.comment}”
          {r.canEdit && !editing && ' Edit the request and submit it again; the reviewers see what you changed.'}
        </Alert>
      )}
      {r.state === 'SUBMITTED' && r.canCancel && (
        <Alert tone="info">Your request is awaiting review. It cannot be changed now; cancel it if you need to change something, then submit it again.</Alert>
      )}
      {current && (r.state === 'REJECTED' || r.state === 'EXPIRED' || r.state === 'CANCELLED') && r.canEdit && !editing && (
        <Alert tone={r.state === 'REJECTED' ? 'error' : 'warning'} testId="request-outcome">
          {r.state === 'REJECTED' ? <>Version {current.version} was rejected{current.decidedBy && <> by {current.decidedBy.displayName}</>}{current.reason ? <>: “{current.reason}”</> : '.'}</>
            : r.state === 'EXPIRED' ? <>The access this request granted has expired.</>
            : <>You cancelled version {current.version}.</>}
          {' '}Update the request to submit it again.
        </Alert>
      )}
      {r.state === 'REVOKED' && <Alert tone="warning">The Access and Compliance Team revoked this request. It cannot be updated or submitted again; contact them{r.canCopy ? ', or start a new request from it with “Copy as new”' : ''}.</Alert>}
      {r.activeApproval && (
        <Alert tone="success" testId="active-approval">
          Access granted to {r.activeApproval.accessors.map((a) => a.displayName || a.username).join(', ')}
          {r.activeApproval.expiresOn ? <> until <When at={r.activeApproval.expiresOn} dateOnly /></> : ' (does not expire)'}.
          {renewal && !editing && ' Update the request to renew it or to change the accessors.'}
        </Alert>
      )}

      <div className="request-layout">
        <div className="request-main">
          {editing ? (
            <Card title={renewal ? 'Update your request' : 'Request form'} id="request-form-card">
              {form.data?.instructions && <div className="instructions" data-testid="instructions"><h3 className="subhead-small">Instructions</h3><p className="pre-wrap">{form.data.instructions}</p></div>}
              <RequestEditor key={`${r.id}-${r.formVersion}-${r.version}`} request={r} form={form.data} onRequest={(next) => request.setData(next)} renewal={renewal}
                onCancelEdit={renewal ? () => setEditing(false) : undefined}
                onSubmitted={(s) => {
                  setEditing(false);
                  // Shown at once as submitted; the reload brings the rest (timeline, versions).
                  request.setData((prev) => prev && { ...prev, state: 'SUBMITTED', canEdit: false, canSubmit: false, canCancel: true, currentSubmissionId: s.id, version: s.version });
                  setNotice(`Submitted as version ${s.version}. The Access and Compliance Team has been told; you get an email when they decide.`);
                  request.reload();
                  submissions.reload();
                  window.scrollTo(0, 0);
                }} />
            </Card>
          ) : (
            <Card title={current ? `Version ${current.version} as submitted` : 'Answers'} id="request-answers">
              {!r.canEdit && r.state === 'DRAFT' && <p className="muted small">Only {r.requestor.displayName} can fill in this draft.</p>}
              {current
                ? <AnswersView fields={current.fields} answers={current.answers} accessors={current.accessors} attachments={current.attachments} requestor={current.requestor} />
                : <AnswersView fields={r.fields} answers={r.answers} accessors={r.accessors} attachments={r.attachments} requestor={r.requestor} />}
            </Card>
          )}
          <Thread requestId={r.id} reviewer={me.isAct || me.isAdmin || (me.id !== r.requestor.id && !r.accessors.some((a) => a.id === me.id))} requestor={me.id === r.requestor.id} />
          {subs.length > 1 && (
            <Card title="Earlier versions" id="request-versions" testId="request-versions">
              <ol className="version-list" reversed>
                {[...subs].reverse().filter((s) => s.id !== r.currentSubmissionId).map((s) => (
                  <li key={s.id} className="version-item">
                    <details>
                      <summary><strong>Version {s.version}</strong> <RequestStateBadge state={s.state} /> <span className="muted small">submitted <When at={s.submittedOn} /></span></summary>
                      <AnswersView fields={s.fields} answers={s.answers} accessors={s.accessors} attachments={s.attachments} requestor={s.requestor} changed={s.changedFields} previousVersion={s.version > 1 ? s.version - 1 : undefined} />
                    </details>
                  </li>
                ))}
              </ol>
            </Card>
          )}
        </div>
        <aside className="request-side">
          <Card title="Status" id="request-status" testId="request-status">
            <p className="status-line"><RequestStateBadge state={r.state} /></p>
            <p className="small">Requested by <PersonLine user={r.requestor} compact /></p>
            {submissions.error ? <LoadError problem={submissions.error} retry={submissions.reload} /> : <Timeline request={r} submissions={subs} />}
          </Card>
          <AboutRequirement arId={r.accessRequirementId} form={form.data} />
          <RequestInvitations request={r} />
        </aside>
      </div>
    </>
  );
}
