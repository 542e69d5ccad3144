import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useSession } from '../../session.js';
import type { Page, Verification, VerificationState } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, StateBadge, Tabs, When } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { VerificationDetails } from '../profile/Verification.js';

const LIMIT = 20;
type Filter = VerificationState | 'all';

/** One request with what the reviewer can do to it: approve or reject a submitted one, revoke an approved one. */
function Review({ v, onDecided }: { v: Verification; onDecided(v: Verification): void }) {
  const [mode, setMode] = useState<'idle' | 'reject' | 'revoke'>('idle');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const { refresh } = useSession();
  const decide = useAction(async (what: 'approve' | 'reject' | 'revoke') => {
    const answer = what === 'revoke'
      ? await api.post<Verification>(`/verifications/${v.id}/revoke`, { reason: reason.trim() })
      : await api.post<Verification>(`/verifications/${v.id}/decision`, { decision: what, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setMode('idle');
    setReason('');
    onDecided(answer);
    void refresh();
  });
  const withReason = (what: 'reject' | 'revoke') => {
    if (!reason.trim()) {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    void decide.run(what);
  };

  return (
    <Card id={`verification-${v.id}`} testId={`verification-${v.id}`}
      title={<>{v.firstName} {v.lastName} <span className="muted small">@{v.username}</span> <StateBadge state={v.state} /></>}
      actions={<span className="muted small">#{v.id} · <When at={v.createdAt} /></span>}>
      <VerificationDetails v={v} />
      <FormProblem problem={decide.problem} fields={['reason']} />
      {v.state === 'submitted' && mode === 'idle' && (
        <div className="button-row">
          <button type="button" className="btn btn-primary" disabled={decide.pending} onClick={() => void decide.run('approve')}>Approve</button>
          <button type="button" className="btn btn-danger-outline" onClick={() => setMode('reject')}>Reject…</button>
        </div>
      )}
      {v.state === 'approved' && mode === 'idle' && (
        <div className="button-row">
          <button type="button" className="btn btn-danger-outline" onClick={() => setMode('revoke')}>Revoke…</button>
        </div>
      )}
      {mode !== 'idle' && (
        <form className="reason-form" noValidate onSubmit={(e) => { e.preventDefault(); withReason(mode); }}>
          <Field label={mode === 'reject' ? 'Reason for rejecting (sent to the user)' : 'Reason for revoking (sent to the user)'} name="reason"
            problem={decide.problem} error={reasonMissing ? 'Give a reason; the user will read it.' : undefined} id={`reason-${v.id}`}>
            <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          </Field>
          <div className="button-row">
            <SubmitButton pending={decide.pending} variant="danger">{mode === 'reject' ? 'Reject request' : 'Revoke validation'}</SubmitButton>
            <button type="button" className="btn btn-ghost" onClick={() => { setMode('idle'); setReasonMissing(false); decide.reset(); }}>Cancel</button>
          </div>
        </form>
      )}
    </Card>
  );
}

export function VerificationsReviewPage() {
  const [filter, setFilter] = useState<Filter>('submitted');
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<string>();
  // The waiting ones are a queue: the one that has waited longest comes first.
  const page = useApi<Page<Verification>>('/verifications', { state: filter === 'all' ? undefined : filter, order: filter === 'submitted' ? 'oldest' : undefined, limit: LIMIT, offset });
  return (
    <>
      <PageHeader title="Verification requests" subtitle="Approve a user's identity to make them validated; revoke it when it no longer holds." />
      <Tabs label="Requests by state" value={filter} onChange={(f) => { setFilter(f); setOffset(0); setNotice(undefined); }}
        tabs={[{ value: 'submitted', label: 'Waiting (oldest first)' }, { value: 'approved', label: 'Approved' }, { value: 'rejected', label: 'Rejected' }, { value: 'revoked', label: 'Revoked' }, { value: 'all', label: 'All' }]} />
      {notice && <Alert tone="success">{notice}</Alert>}
      {page.loading && !page.data ? <Loading what="Loading requests" /> : page.error ? <LoadError problem={page.error} retry={page.reload} />
        : page.data && page.data.items.length === 0 ? <Empty title={filter === 'submitted' ? 'Nothing waiting for review' : 'No requests here'} icon="check" />
        : page.data && (
          <>
            {page.data.items.map((v) => (
              <Review key={v.id} v={v} onDecided={(after) => {
                setNotice(`Request #${after.id} of @${after.username} is now ${after.state}.`);
                page.reload();
              }} />
            ))}
            <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </>
        )}
    </>
  );
}

/** One request, as linked from the notification sent to ACT when it was submitted. */
export function VerificationReviewOnePage() {
  const { id } = useParams();
  const v = useApi<Verification>(`/verifications/${id}`);
  const [notice, setNotice] = useState<string>();
  return (
    <>
      <p className="breadcrumb"><Link to="/act/verifications">Verification requests</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={`Verification request #${id}`} />
      {notice && <Alert tone="success">{notice}</Alert>}
      {v.loading && !v.data ? <Loading what="Loading the request" /> : v.error ? <LoadError problem={v.error} retry={v.reload} /> : v.data && (
        <Review v={v.data} onDecided={(after) => {
          setNotice(`Request #${after.id} of @${after.username} is now ${after.state}.`);
          v.setData(after);
        }} />
      )}
    </>
  );
}
