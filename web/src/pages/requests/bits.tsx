import { Link } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import type { Page } from '../../types.js';
import { Badge } from '../../ui/bits.js';
import { Icon } from '../../ui/icons.js';
import { requestStateTone, stateWords, type Accessor, type DataAccessRequest, type RequestState, type UserBadge } from './model.js';
import './requests.css';

/** A request or submission state as a badge; the raw state in the title (what the API and emails say). */
export function RequestStateBadge({ state }: { state: RequestState }) {
  return <span data-testid="request-state" data-state={state}><Badge tone={requestStateTone(state)} title={state}>{stateWords[state]}</Badge></span>;
}

/** The shield (certified) and the check-badge (validated) beside a user, as in the review table of the seed. */
export function TierMarks({ user }: { user: Pick<UserBadge, 'isCertified' | 'isValidated'> }) {
  return (
    <span className="tier-marks">
      {user.isCertified && <span className="tier-mark tier-mark-certified" title="Certified" data-testid="mark-certified"><Icon name="shield" size={14} /><span className="sr-only">certified</span></span>}
      {user.isValidated && <span className="tier-mark tier-mark-validated" title="Validated profile" data-testid="mark-validated"><Icon name="check" size={14} /><span className="tier-mark-text">validated</span></span>}
    </span>
  );
}

/** A user with their tier marks, and (accessors) the check mark of someone already approved for the AR. */
export function PersonLine({ user, approved, compact }: { user: UserBadge | Accessor; approved?: boolean; compact?: boolean }) {
  return (
    <span className={`person${compact ? ' person-compact' : ''}`}>
      <strong>{user.displayName || user.username}</strong> <span className="muted">@{user.username}</span>
      <TierMarks user={user} />
      {approved && <span className="approved-mark" title="Already approved for this access requirement" data-testid="mark-approved"><Icon name="check" size={12} /> approved</span>}
    </span>
  );
}

/** The legend of the marks, under tables that use them. */
export function MarksLegend() {
  return (
    <p className="marks-legend muted small">
      <span className="tier-mark tier-mark-certified"><Icon name="shield" size={12} /></span> certified ·{' '}
      <span className="tier-mark tier-mark-validated"><Icon name="check" size={12} /><span className="tier-mark-text">validated</span></span> validated profile ·{' '}
      <span className="approved-mark"><Icon name="check" size={12} /> approved</span> holds an approval for this access requirement now
    </p>
  );
}

/**
 * The caller's request for an access requirement, in one line (for the "conditions for use" of an entity):
 * its state and a link to it, or nothing when there is none.
 */
export function MyRequestStatus({ accessRequirementId }: { accessRequirementId: number }) {
  const mine = useApi<Page<DataAccessRequest>>('/requests/mine', { role: 'requestor', accessRequirementId, limit: 1 });
  const request = mine.data?.items[0];
  if (!request) return null;
  return (
    <span className="my-request-status small" data-testid="my-request-status">
      Your request: <RequestStateBadge state={request.state} /> <Link to={`/requests/${request.id}`}>Open it</Link>
    </span>
  );
}
