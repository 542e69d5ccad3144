import { Link } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import type { Page } from '../../types.js';
import type { DataAccessRequest } from '../requests/model.js';

/**
 * What a data page offers for a ManagedACT requirement: "Request access", or — when the caller already has a
 * request for it (as requestor or accessor) — that request: pending with ACT, or a draft to continue. It reads
 * GET /requests/mine from the shared cache, so a request submitted elsewhere shows here without a reload.
 */
export function RequestAccess({ accessRequirementId, entityId }: { accessRequirementId: number; entityId?: string }) {
  const mine = useApi<Page<DataAccessRequest>>('/requests/mine', { accessRequirementId, limit: 20 });
  const requests = mine.data?.items ?? [];
  const pending = requests.find((r) => r.state === 'SUBMITTED');
  const draft = requests.find((r) => r.state === 'DRAFT' && r.role !== 'accessor');
  if (pending) {
    return (
      <div className="action-body" data-testid="request-pending">
        <Link className="btn btn-secondary btn-small" to={`/requests/${pending.id}`}>Request pending</Link>
        <span className="muted small">
          {pending.role === 'accessor' ? `You are an accessor on ${pending.requestor.displayName}'s request` : 'Your data access request'} is waiting for ACT's review.
        </span>
      </div>
    );
  }
  if (draft) {
    return (
      <div className="action-body" data-testid="request-draft">
        <Link className="btn btn-primary btn-small" to={`/requests/${draft.id}`}>Continue your request</Link>
        <span className="muted small">Your draft is not submitted yet.</span>
      </div>
    );
  }
  const q = new URLSearchParams({ accessRequirementId: String(accessRequirementId), ...(entityId ? { entityId } : {}) });
  return (
    <div className="action-body">
      <Link className="btn btn-primary btn-small" to={`/requests/new?${q.toString()}`}>Request access</Link>
      <span className="muted small">An ACT member reviews your data access request.</span>
    </div>
  );
}
