import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Page } from '../../types.js';
import { Alert, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, Tabs, When } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';
import { RequestStateBadge } from './bits.js';
import { REQUEST_STATES, RENEWABLE, stateWords, type DataAccessRequest, type RequestState } from './model.js';

const LIMIT = 25;

/** The actions of one of my requests, as its state allows them. */
function RowActions({ r, onCancel }: { r: DataAccessRequest; onCancel(r: DataAccessRequest): Promise<unknown> }) {
  return (
    <span className="row-actions">
      {r.canEdit && r.state === 'DRAFT' ? <Link className="btn btn-primary btn-small" to={`/requests/${r.id}`}>Continue</Link>
        : <Link className="btn btn-secondary btn-small" to={`/requests/${r.id}`} aria-label={`View request ${r.id}`}>View</Link>}
      {r.canCancel && <ConfirmButton onConfirm={() => onCancel(r)} confirmText="Yes, cancel">Cancel</ConfirmButton>}
      {r.canEdit && RENEWABLE.includes(r.state) && (
        <Link className="btn btn-secondary btn-small" to={`/requests/${r.id}?edit=1`}>{r.state === 'APPROVED' || r.state === 'EXPIRED' ? 'Renew / update' : 'Update and resubmit'}</Link>
      )}
    </span>
  );
}

/**
 * "My requests": the requests I made (or, on the second tab, those where I am an accessor), newest change first,
 * with their state and what I can do with each. Tab, state and page are kept in the address.
 */
export function MyRequestsPage() {
  const [params, setParams] = useSearchParams();
  const role = params.get('role') === 'accessor' ? 'accessor' : 'requestor';
  const state = (REQUEST_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as RequestState) : undefined;
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const list = useApi<Page<DataAccessRequest>>('/requests/mine', { role, state, limit: LIMIT, offset });
  const [notice, setNotice] = useState<string>();
  const cancel = useAction(async (r: DataAccessRequest) => {
    await api.post(`/submissions/${r.currentSubmissionId}/cancel`);
    setNotice(`Request #${r.id} for “${r.accessRequirementName}” was cancelled.`);
    list.reload();
  });
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next, { replace: true });
    setNotice(undefined);
  };
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader title="My requests" subtitle="Data access requests you made, and those that name you as an accessor." />
      {notice && <Alert tone="success" testId="my-requests-notice">{notice}</Alert>}
      <FormProblem problem={cancel.problem} />
      <div className="toolbar my-requests-toolbar">
        <Tabs label="Whose requests" value={role} onChange={(v) => set({ role: v === 'requestor' ? undefined : v })}
          tabs={[{ value: 'requestor', label: 'Requested by me' }, { value: 'accessor', label: 'I am an accessor' }]} />
        <div className="field inline-filter">
          <label htmlFor="my-state">State</label>
          <select id="my-state" value={state ?? ''} onChange={(e) => set({ state: e.target.value || undefined })}>
            <option value="">Any state</option>
            {REQUEST_STATES.map((s) => <option key={s} value={s}>{stateWords[s]}</option>)}
          </select>
        </div>
      </div>
      {list.loading && !list.data ? <Loading what="Loading your requests" /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : items.length === 0 ? (
          <Empty title={state ? `No ${stateWords[state].toLowerCase()} requests` : role === 'accessor' ? 'Nobody has named you as an accessor yet' : 'You have not requested access to anything yet'} icon="inbox">
            {role === 'requestor' && !state && <>To request access, open the data and choose <strong>Request access</strong> in its conditions for use.</>}
          </Empty>
        ) : (
          <>
            <div tabIndex={0} className="table-wrap">
              <table className="table table-cards" data-testid="my-requests-table">
                <thead>
                  <tr>
                    <th scope="col">Request</th><th scope="col">State</th><th scope="col" className="num">Version</th>
                    <th scope="col">Accessors</th><th scope="col">Access</th><th scope="col">Last change</th><th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id} data-testid={`my-request-${r.id}`}>
                      <td>
                        <Link to={`/requests/${r.id}`}><strong>{r.accessRequirementName}</strong></Link>
                        <div className="muted small">#{r.id}{role === 'accessor' && <> · requested by {r.requestor.displayName}</>}</div>
                      </td>
                      <td data-label="State"><RequestStateBadge state={r.state} /></td>
                      <td className="num" data-label="Version">{r.version || <span className="muted">—</span>}</td>
                      <td className="small" data-label="Accessors">{r.accessors.map((a) => a.displayName || a.username).join(', ') || <span className="muted">none</span>}</td>
                      <td className="small nowrap" data-label="Access">
                        {r.activeApproval ? (r.activeApproval.expiresOn ? <>until <When at={r.activeApproval.expiresOn} dateOnly /></> : 'granted') : <span className="muted">none</span>}
                      </td>
                      <td className="nowrap small" data-label="Last change"><When at={r.modifiedOn} /></td>
                      <td className="actions">{role === 'requestor' ? <RowActions r={r} onCancel={(x) => cancel.run(x)} /> : <Link className="btn btn-secondary btn-small" to={`/requests/${r.id}`}>View</Link>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination total={list.data!.total} limit={LIMIT} offset={offset} onOffset={(o) => set({ offset: o ? String(o) : undefined })} />
          </>
        )}
    </>
  );
}
