import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useSession } from '../../session.js';
import type { MyInvitation } from '../../types.js';
import { Empty, LoadError, Loading, When } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';

/** The team invitations waiting for me, each with Accept and Decline. */
export function MyInvitations({ onChange, compact }: { onChange?(): void; compact?: boolean }) {
  const invitations = useApi<{ items: MyInvitation[] }>('/me/invitations');
  const { countsChanged } = useSession();
  const answer = useAction(async (id: number, verb: 'accept' | 'decline') => {
    await api.post(`/invitations/${id}/${verb}`);
    invitations.setData((cur) => ({ items: (cur?.items ?? []).filter((i) => i.id !== id) }));
    countsChanged();
    onChange?.();
  });

  if (invitations.loading && !invitations.data) return <Loading what="Loading invitations" />;
  if (invitations.error) return <LoadError problem={invitations.error} retry={invitations.reload} />;
  const items = invitations.data?.items ?? [];
  if (items.length === 0) return compact ? <p className="muted">No team invitations.</p> : <Empty title="No invitations" icon="mail">When a team manager invites you, the invitation shows here.</Empty>;
  return (
    <>
      <FormProblem problem={answer.problem} />
      <ul className="item-list" data-testid="my-invitations">
        {items.map((inv) => (
          <li key={inv.id} className="item">
            <div className="item-main">
              <div><strong>Invitation to <Link to={`/teams/${inv.teamId}`}>{inv.teamName}</Link></strong></div>
              <div className="muted small">
                {inv.invitedByName && <>from {inv.invitedByName} · </>}<When at={inv.createdAt} />
              </div>
              {inv.message && <p className="quote">{inv.message}</p>}
            </div>
            <div className="item-actions">
              <button type="button" className="btn btn-primary btn-small" disabled={answer.pending} onClick={() => void answer.run(inv.id, 'accept')} aria-label={`Accept invitation to ${inv.teamName}`}>Accept</button>
              <button type="button" className="btn btn-secondary btn-small" disabled={answer.pending} onClick={() => void answer.run(inv.id, 'decline')} aria-label={`Decline invitation to ${inv.teamName}`}>Decline</button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
