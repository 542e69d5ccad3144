import { Link } from 'react-router-dom';
import { useApi } from '../hooks.js';
import { useMe } from '../session.js';
import type { Notification, Page, Verification } from '../types.js';
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
              {n.link && n.link.startsWith('/') && !n.link.startsWith('/api/') ? <Link to={n.link}><strong>{n.title}</strong></Link> : <strong>{n.title}</strong>}
              <div className="muted small"><When at={n.createdAt} /></div>
            </div>
          </li>
        ))}
      </ul>
      <Link to="/notifications" className="small">All notifications ({page.data?.unread ?? 0} unread) →</Link>
    </>
  );
}

function WaitingVerifications() {
  const page = useApi<Page<Verification>>('/verifications', { state: 'submitted', limit: 5 });
  if (page.loading && !page.data) return <Loading what="Loading verification requests" />;
  if (page.error) return <LoadError problem={page.error} retry={page.reload} />;
  const items = page.data?.items ?? [];
  return (
    <>
      <p className="stat" data-testid="verifications-waiting"><span className="stat-number">{page.data?.total ?? 0}</span> waiting for review</p>
      {items.length > 0 && (
        <ul className="item-list compact">
          {items.map((v) => (
            <li key={v.id} className="item">
              <div className="item-main">
                <Link to={`/act/verifications/${v.id}`}><strong>{v.firstName} {v.lastName}</strong></Link> <span className="muted">@{v.username}</span>
                <div className="muted small">{v.institution} · submitted <When at={v.createdAt} /></div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Link to="/act/verifications" className="small">Review verification requests →</Link>
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
        {(me.isAct || me.isAdmin) && (
          <Card title="Verification requests" id="home-act">
            <WaitingVerifications />
          </Card>
        )}
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
