import { useApi } from '../../hooks.js';
import { useMe } from '../../session.js';
import type { Tiers } from '../../types.js';
import { Badge, Card, Empty, LoadError, Loading, PageHeader, StateBadge, When } from '../../ui/bits.js';
import { PassportPanel } from './Passport.js';

const tierLabels = { registered: 'Registered', certified: 'Certified', validated: 'Validated' } as const;
// The history also names two-factor authentication and the account's status (disabled, enabled again).
const historyLabels: Record<string, string> = { ...tierLabels, '2fa': 'Two-factor authentication', active: 'Account active' };

export function ProfilePage() {
  const me = useMe();
  const tiers = useApi<Tiers>('/me/tiers');
  return (
    <>
      <PageHeader title="Profile & tiers" subtitle="Your account and the tiers that decide which data you may request." />
      <div className="grid-2">
        <Card title="Account" id="account">
          <dl className="facts">
            <dt>Username</dt><dd data-testid="profile-username">{me.username}</dd>
            <dt>Display name</dt><dd>{me.displayName}</dd>
            <dt>Email</dt><dd>{me.email}</dd>
            <dt>Roles</dt>
            <dd>{me.isAdmin || me.isAct ? <>{me.isAdmin && <Badge tone="accent">Admin</Badge>} {me.isAct && <Badge tone="accent">ACT</Badge>}</> : <span className="muted">none</span>}</dd>
            <dt>Two-factor</dt><dd>{me.twoFactorEnabled ? <Badge tone="success">enabled</Badge> : <Badge tone="warning">off</Badge>}</dd>
          </dl>
        </Card>
        <Card title="Tiers" id="tiers">
          {tiers.loading && !tiers.data ? <Loading /> : tiers.error ? <LoadError problem={tiers.error} retry={tiers.reload} /> : tiers.data && (
            <ul className="tier-list">
              {(Object.keys(tierLabels) as (keyof typeof tierLabels)[]).map((t) => (
                <li key={t} data-testid={`tier-state-${t}`}>
                  <span>{tierLabels[t]}</span>
                  {tiers.data![t] ? <Badge tone="success">yes</Badge> : <Badge>no</Badge>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Tier history" id="tier-history">
        {tiers.loading && !tiers.data ? <Loading /> : tiers.error ? null : tiers.data && tiers.data.history.length === 0 ? (
          <Empty title="No changes yet" />
        ) : tiers.data && (
          <div tabIndex={0} className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">When</th><th scope="col">Tier</th><th scope="col">Change</th><th scope="col">How</th><th scope="col">By</th><th scope="col">Reason</th></tr></thead>
              <tbody>
                {tiers.data.history.map((h, i) => (
                  <tr key={i}>
                    <td><When at={h.at} /></td>
                    <td>{historyLabels[h.tier] ?? h.tier}</td>
                    <td><StateBadge state={h.change} /></td>
                    <td>{h.how}</td>
                    <td>{h.actorName ?? <span className="muted">—</span>}</td>
                    <td>{h.reason ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <PassportPanel />
    </>
  );
}
