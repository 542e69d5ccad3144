import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../../hooks.js';
import { useMe } from '../../../session.js';
import type { AccessRequirement, Page } from '../../../types.js';
import { Alert, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../../ui/bits.js';
import { MarksLegend, PersonLine, RequestStateBadge } from '../../requests/bits.js';
import { REQUEST_STATES, stateWords, type Submission } from '../../requests/model.js';
import { SubmissionDetail } from './SubmissionDetail.js';
import '../../requests/requests.css';

const LIMIT = 25;
const FILTERS = ['accessRequirementId', 'state', 'submittedFrom', 'submittedTo', 'requestor', 'accessor', 'submission', 'order', 'offset'] as const;
type Filter = (typeof FILTERS)[number];

/** The ManagedACT access requirements, for the "which requirement" choice (ACT sees all of them). */
export function useManagedRequirements() {
  return useApi<Page<AccessRequirement>>('/access-requirements', { type: 'ManagedACT', limit: 500 });
}

/** An access requirement whose requests the caller reviews (GET /reviews). */
export interface Reviewable {
  accessRequirementId: number;
  name: string;
  awaitingReview: number;
  mayReview: boolean;
  /** When mayReview is false: why, and the verification page (absolute when PUBLIC_URL is set). */
  note?: string;
  verificationUrl?: string;
}

/** What the caller reviews: every ManagedACT requirement for ACT, those naming them as reviewer otherwise. */
export function useReviews() {
  return useApi<{ items: Reviewable[] }>('/reviews');
}

/** The links of one access requirement's request tools: form, reports, public listing, its settings. */
export function RequirementTools({ ar, current }: { ar: AccessRequirement; current?: 'requests' | 'form' | 'reports' | 'settings' }) {
  const me = useMe();
  const act = me.isAct || me.isAdmin;
  return (
    <nav className="ar-tools" aria-label={`Tools for ${ar.name}`}>
      {current !== 'requests' && <Link to={`/act/requests?accessRequirementId=${ar.id}`}>Requests</Link>}
      {act && current !== 'form' && <Link to={`/act/access-requirements/${ar.id}/form`}>Request form</Link>}
      {current !== 'reports' && <Link to={`/act/requests/reports?accessRequirementId=${ar.id}`}>Exports &amp; audit</Link>}
      {ar.settings.iduPublic === true && <Link to={`/access-requirements/${ar.id}/approved-uses`}>Public listing</Link>}
      {act && current !== 'settings' && <Link to={`/act/access-requirements/${ar.id}`}>Settings</Link>}
    </nav>
  );
}

/**
 * The review table (`/act/requests`): the newest version of each request, across access requirements for ACT or
 * for one (`?accessRequirementId=`, what delegated reviewers use), with filters kept in the address. `?submission=`
 * (the link in the "submitted" notice) narrows the table to that submission and opens it below.
 */
export function ReviewPage() {
  const me = useMe();
  const act = me.isAct || me.isAdmin;
  const [params, setParams] = useSearchParams();
  const get = (k: Filter) => params.get(k) ?? '';
  const submissionParam = get('submission');
  const arParam = get('accessRequirementId');
  // A delegated reviewer who follows a notice link has only the submission: find its access requirement first.
  const lookup = useApi<Submission>(!act && submissionParam && !arParam ? `/submissions/${submissionParam}` : null);
  // (Only while the address names a submission: the lookup keeps its last answer when it is no longer asked.)
  const arId = arParam || (submissionParam && lookup.data ? String(lookup.data.accessRequirementId) : '');
  const offset = Math.max(0, Number(get('offset')) || 0);
  const query = {
    state: get('state') || undefined,
    submittedFrom: get('submittedFrom') || undefined,
    submittedTo: get('submittedTo') || undefined,
    requestor: get('requestor') || undefined,
    accessor: get('accessor') || undefined,
    submission: submissionParam || undefined,
    order: get('order') === 'oldest' ? 'oldest' : undefined,
    limit: LIMIT,
    offset,
  };
  const path = arId ? `/access-requirements/${arId}/submissions` : act ? '/submissions' : null;
  const list = useApi<Page<Submission>>(path, query);
  const ars = useManagedRequirements();
  const ar = ars.data?.items.find((a) => String(a.id) === arId);
  // The choice offered: ACT may look at any requirement, a delegated reviewer at those they review.
  const reviews = useReviews();
  const choices = act
    ? (ars.data?.items ?? []).map((a) => ({ id: a.id, name: a.name }))
    : (reviews.data?.items ?? []).map((r) => ({ id: r.accessRequirementId, name: r.name }));

  const set = (changes: Partial<Record<Filter, string>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('offset' in changes)) next.delete('offset');
    setParams(next);
  };

  // Text filters apply when the form is sent (not at each key press); choices apply at once.
  const [requestor, setRequestor] = useState(get('requestor'));
  const [accessor, setAccessor] = useState(get('accessor'));
  useEffect(() => {
    setRequestor(params.get('requestor') ?? '');
    setAccessor(params.get('accessor') ?? '');
  }, [params]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    set({ requestor: requestor.trim(), accessor: accessor.trim() });
  };
  const filtered = FILTERS.some((k) => k !== 'accessRequirementId' && k !== 'offset' && get(k));
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader title={ar ? `Requests: ${ar.name}` : act ? 'Data access requests' : 'Requests to review'}
        subtitle={ar ? <RequirementTools ar={ar} current="requests" />
          : act ? 'Review the requests of every access requirement managed by ACT.' : 'The access requirements whose reviewers include you.'}
        actions={<Link className="btn btn-secondary" to={`/act/requests/reports${arId ? `?accessRequirementId=${arId}` : ''}`}>Exports &amp; audit</Link>} />

      <form className="filters" onSubmit={apply} aria-label="Filters" data-testid="review-filters">
        <div className="field">
          <label htmlFor="f-ar">Access requirement</label>
          <select id="f-ar" value={arId} onChange={(e) => set({ accessRequirementId: e.target.value, submission: '' })}>
            {act ? <option value="">All access requirements</option> : <option value="">Choose…</option>}
            {choices.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-state">State</label>
          <select id="f-state" value={get('state')} onChange={(e) => set({ state: e.target.value })}>
            <option value="">Any state</option>
            {REQUEST_STATES.filter((s) => s !== 'DRAFT').map((s) => <option key={s} value={s}>{stateWords[s]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-order">Order</label>
          <select id="f-order" value={get('order') === 'oldest' ? 'oldest' : ''} onChange={(e) => set({ order: e.target.value })}>
            <option value="">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">Submitted from</label>
          <input id="f-from" type="date" value={get('submittedFrom')} onChange={(e) => set({ submittedFrom: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="f-to">Submitted before</label>
          <input id="f-to" type="date" value={get('submittedTo')} onChange={(e) => set({ submittedTo: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="f-requestor">Requestor</label>
          <input id="f-requestor" type="search" placeholder="name or id" value={requestor} onChange={(e) => setRequestor(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-accessor">Accessor</label>
          <input id="f-accessor" type="search" placeholder="name or id" value={accessor} onChange={(e) => setAccessor(e.target.value)} />
        </div>
        <div className="filters-buttons">
          <button type="submit" className="btn btn-secondary">Apply</button>
          {filtered && <button type="button" className="btn btn-ghost" onClick={() => setParams(arId ? { accessRequirementId: arId } : {})}>Clear filters</button>}
        </div>
      </form>

      {submissionParam && (
        <Alert tone="info" testId="one-submission">
          Showing submission #{submissionParam} only. <button type="button" className="link-button" onClick={() => set({ submission: '' })}>Show every request</button>
        </Alert>
      )}

      {!path ? (
        lookup.error ? <LoadError problem={lookup.error} /> : lookup.loading || reviews.loading ? <Loading /> : (
          <ReviewList reviews={reviews.data?.items ?? []} onChoose={(id) => set({ accessRequirementId: String(id) })} />
        )
      ) : list.loading && !list.data ? <Loading what="Loading the requests" /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : items.length === 0 ? <Empty title={filtered ? 'No request matches these filters' : 'No requests yet'} icon="inbox" />
        : (
          <>
            <div tabIndex={0} className="table-wrap table-contained">
              <table className="table review-table" data-testid="review-table">
                <thead>
                  <tr>
                    <th scope="col">Request</th>
                    {!arId && <th scope="col">Access requirement</th>}
                    <th scope="col">Requestor</th>
                    <th scope="col">Accessors</th>
                    <th scope="col">Submitted</th>
                    <th scope="col">State</th>
                    <th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => {
                    const open = submissionParam === String(s.id);
                    return (
                      <tr key={s.id} className={open ? 'row-open' : undefined} data-testid={`review-row-${s.id}`}>
                        <td className="nowrap">
                          <strong>#{s.requestId}</strong> <span className="muted small">v{s.version}</span>
                          {s.changedFields.length > 0 && <div className="small changed-count">{s.changedFields.length} changed</div>}
                        </td>
                        {!arId && <td className="small">{s.accessRequirementName}</td>}
                        <td><PersonLine user={s.requestor} compact /></td>
                        <td>
                          <ul className="plain-list accessor-cell">
                            {s.accessors.map((a) => <li key={a.id}><PersonLine user={a} approved={a.alreadyApproved} compact /></li>)}
                          </ul>
                        </td>
                        <td className="nowrap small"><When at={s.submittedOn} /></td>
                        <td><RequestStateBadge state={s.state} /></td>
                        <td className="actions">
                          <button type="button" className={`btn btn-small ${s.state === 'SUBMITTED' ? 'btn-primary' : 'btn-secondary'}`} aria-label={`Review request ${s.requestId}`}
                            onClick={() => set({ submission: String(s.id), ...(arId ? {} : {}) })}>{s.state === 'SUBMITTED' ? 'Review' : 'Open'}</button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <MarksLegend />
            <Pagination total={list.data!.total} limit={LIMIT} offset={offset} onOffset={(o) => set({ offset: o ? String(o) : '' })} />
          </>
        )}

      {submissionParam && (
        <SubmissionDetail key={submissionParam} submissionId={Number(submissionParam)} onChanged={list.reload} />
      )}
    </>
  );
}

/** A delegated reviewer's way in: the requirements they review, with what waits for them. */
function ReviewList({ reviews, onChoose }: { reviews: Reviewable[]; onChoose: (accessRequirementId: number) => void }) {
  if (reviews.length === 0) {
    return (
      <Empty title="You review no access requirement" icon="list">
        ACT names the reviewers of each access requirement; when it names you (or a team you are in), its requests show here.
      </Empty>
    );
  }
  return (
    <div tabIndex={0} className="table-wrap">
      <table className="table" data-testid="my-reviews">
        <thead>
          <tr><th>Access requirement</th><th className="num">Waiting for review</th><th /></tr>
        </thead>
        <tbody>
          {reviews.map((r) => (
            <tr key={r.accessRequirementId}>
              <td>{r.name} <span className="muted small">#{r.accessRequirementId}</span></td>
              <td className="num">{r.awaitingReview}</td>
              <td className="actions">
                {r.mayReview
                  ? <button type="button" className="btn btn-secondary btn-small" onClick={() => onChoose(r.accessRequirementId)}>Review requests</button>
                  : <span className="muted small">{r.note ?? 'Reviewers must be validated.'} <Link to="/profile/verification">Validate your identity to review</Link></span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
