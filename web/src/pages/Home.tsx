import { Link } from 'react-router-dom';
import { useApi } from '../hooks.js';
import { useMe } from '../session.js';
import type { Notification, Page } from '../types.js';
import { NotificationTitle, useOpenNotification } from './Notifications.js';
import { Alert, Badge, Card, LoadError, Loading, PageHeader, When } from '../ui/bits.js';
import { MyInvitations } from './teams/MyInvitations.js';
import { Icon } from '../ui/icons.js';

function TierTile({ name, has, description, next }: { name: string; has: boolean; description: string; next?: { to: string; label: string } }) {
  return (
    <div className={`tier-tile${has ? ' tier-has' : ''}`} data-testid={`tier-${name.toLowerCase()}`}>
      <div className="tier-tile-head">
        <span className="tier-icon" aria-hidden="true">{has ? <Icon name="check" size={14} /> : null}</span>
        <strong>{name}</strong>
      </div>
      <p className="tier-state">{has ? 'Yes' : 'Not yet'}</p>
      <p className="muted small">{description}</p>
      {!has && next && <Link to={next.to} className="small">{next.label} →</Link>}
    </div>
  );
}

function UnreadNotifications() {
  const page = useApi<Page<Notification> & { unread: number }>('/notifications', { unread: true, limit: 5 });
  const open = useOpenNotification((id) => page.setData((cur) => cur && { ...cur, items: cur.items.filter((n) => n.id !== id), unread: Math.max(0, cur.unread - 1) }));
  if (page.loading && !page.data) return <Loading what="Loading notifications" />;
  if (page.error) return <LoadError problem={page.error} retry={page.reload} />;
  const items = page.data?.items ?? [];
  if (items.length === 0) return <p className="muted">No unread notifications.</p>;
  return (
    <>
      <ul className="item-list compact">
        {items.map((n) => (
          <li key={n.id} className="item">
            <div className="item-main">
              <NotificationTitle n={n} open={open} />
              <div className="muted small"><span title={n.kind}>{n.kindText}</span> · <When at={n.createdAt} /></div>
            </div>
          </li>
        ))}
      </ul>
      <Link to="/notifications" className="small">All notifications ({page.data?.unread ?? 0} unread) →</Link>
    </>
  );
}

interface ActQueue {
  requests: {
    waiting: number;
    oldest: { submissionId: number; requestId: number; accessRequirementId: number; accessRequirementName: string; requestor: { id: number; username: string; displayName: string }; submittedOn: string; waitingDays: number }[];
  };
  verifications: {
    waiting: number;
    oldest: { id: number; userId: number; username: string; name: string; institution: string; submittedOn: string; waitingDays: number }[];
  };
}

const waited = (days: number) => (days === 0 ? 'today' : days === 1 ? '1 day' : `${days} days`);

/** A count of what waits, as a link to its queue. */
function QueueCount({ n, one, many, to, testId }: { n: number; one: string; many: string; to: string; testId: string }) {
  return (
    <p className="stat" data-testid={testId}>
      <Link to={to}><span className="stat-number">{n}</span> {n === 1 ? one : many}</Link>
    </p>
  );
}

/** ACT's home: what waits for review, oldest first, each count a link to its queue. */
function ActQueueCards() {
  const queue = useApi<ActQueue>('/act/queue');
  if (queue.loading && !queue.data) return <Card title="Waiting for review" id="home-act"><Loading what="Loading what waits for review" /></Card>;
  if (queue.error || !queue.data) return <Card title="Waiting for review" id="home-act"><LoadError problem={queue.error!} retry={queue.reload} /></Card>;
  const { requests, verifications } = queue.data;
  return (
    <>
      <Card title="Data access requests" id="home-act-requests" actions={<Link to="/act/requests?state=SUBMITTED&order=oldest" className="small">Review queue →</Link>}>
        <QueueCount n={requests.waiting} one="request waiting for review" many="requests waiting for review" to="/act/requests?state=SUBMITTED&order=oldest" testId="requests-waiting" />
        {requests.oldest.length > 0 && (
          <>
            <p className="muted small">Oldest first:</p>
            <ol className="item-list compact" data-testid="requests-oldest">
              {requests.oldest.map((r) => (
                <li key={r.submissionId} className="item">
                  <div className="item-main">
                    <Link to={`/act/requests?submission=${r.submissionId}`}><strong>{r.requestor.displayName || r.requestor.username}</strong></Link>{' '}
                    <span className="muted">for {r.accessRequirementName}</span>
                    <div className="muted small">waiting {waited(r.waitingDays)} · submitted <When at={r.submittedOn} /></div>
                  </div>
                </li>
              ))}
            </ol>
          </>
        )}
      </Card>
      <Card title="Verification requests" id="home-act" actions={<Link to="/act/verifications" className="small">Review verification requests →</Link>}>
        <QueueCount n={verifications.waiting} one="verification request waiting for review" many="verification requests waiting for review" to="/act/verifications" testId="verifications-waiting" />
        {verifications.oldest.length > 0 && (
          <>
            <p className="muted small">Oldest first:</p>
            <ol className="item-list compact">
              {verifications.oldest.map((v) => (
                <li key={v.id} className="item">
                  <div className="item-main">
                    <Link to={`/act/verifications/${v.id}`}><strong>{v.name}</strong></Link> <span className="muted">@{v.username}</span>
                    <div className="muted small">{v.institution} · waiting {waited(v.waitingDays)} · submitted <When at={v.submittedOn} /></div>
                  </div>
                </li>
              ))}
            </ol>
          </>
        )}
      </Card>
    </>
  );
}

export function HomePage() {
  const me = useMe();
  return (
    <>
      <PageHeader title={`Welcome, ${me.displayName || me.username}`} subtitle={
        <>Signed in as <strong>@{me.username}</strong>{me.isAdmin && <> · <Badge tone="accent">Admin</Badge></>}{me.isAct && <> · <Badge tone="accent">ACT</Badge></>}</>
      } />
      {!me.twoFactorEnabled && (
        <Alert tone="info">
          Protect your account with two-factor authentication. <Link to="/profile/security">Set it up</Link>
        </Alert>
      )}
      <div className="grid-2">
        {(me.isAct || me.isAdmin) && <ActQueueCards />}
        <Card title="My tiers" id="home-tiers" actions={<Link to="/profile" className="small">History →</Link>}>
          <div className="tiers">
            <TierTile name="Registered" has={me.acceptedTerms} description="Has accepted the platform terms of use." />
            <TierTile name="Certified" has={me.isCertified} description="Passed the certification quiz, or certified by ACT."
              next={{ to: '/profile/certification', label: 'Take the quiz' }} />
            <TierTile name="Validated" has={me.isValidated} description="Identity verified by the Access and Compliance Team."
              next={{ to: '/profile/verification', label: 'Request verification' }} />
          </div>
        </Card>
        <Card title="Team invitations" id="home-invitations" actions={<Link to="/teams" className="small">Teams →</Link>}>
          <MyInvitations compact />
        </Card>
        <Card title="Unread notifications" id="home-notifications">
          <UnreadNotifications />
        </Card>
        {me.isAdmin && (
          <Card title="Administration" id="home-admin">
            <ul className="link-list">
              <li><Link to="/admin/users">Users</Link><span className="muted small">Create, disable, reset 2FA, roles</span></li>
              <li><Link to="/admin/outbox">Outbox</Link><span className="muted small">Every email and its delivery state</span></li>
              <li><Link to="/admin/audit-log">Audit log</Link><span className="muted small">Who did what, with chain verification</span></li>
              <li><a href="/api/docs">API documentation</a><span className="muted small">OpenAPI 3.1, interactive</span></li>
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
