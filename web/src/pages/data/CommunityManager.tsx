import { useApi, useAction } from '../../hooks.js';
import { api } from '../../api.js';
import { useSession } from '../../session.js';
import type { Entity, Get, Permissions, UserSummary } from '../../types.js';
import { Card, LoadError } from '../../ui/bits.js';
import { UserPicker } from '../../ui/UserPicker.js';

/** A project's community manager (the audit contacts them about anomalies): set by ACT or the project's admins. */
type CommunityManager = Get<'/api/v1/entities/{id}/community-manager'>;

export function CommunityManagerCard({ project, permissions }: { project: Entity; permissions: Permissions | undefined }) {
  const { me } = useSession();
  const cm = useApi<CommunityManager>(`/entities/${project.id}/community-manager`);
  const set = useAction(async (u: UserSummary | null) => cm.setData(await api.put<CommunityManager>(`/entities/${project.id}/community-manager`, { userId: u ? u.id : null })));
  const canSet = !!me && (me.isAct || me.isAdmin || !!permissions?.canChangePermissions);
  const current = cm.data?.communityManager ?? null;
  if (cm.error) return <LoadError problem={cm.error} retry={cm.reload} />;
  if (!cm.data) return null;
  return (
    <Card title="Community manager" testId="community-manager">
      {current ? (
        <div className="picked">
          <span><strong>{current.displayName}</strong> <span className="muted">@{current.username}</span></span>
          {canSet && <button type="button" className="btn btn-ghost btn-small" disabled={set.pending} onClick={() => void set.run(null)}>Remove</button>}
        </div>
      ) : canSet ? (
        <UserPicker label="Set a community manager" value={null} onChange={(u) => { if (u) void set.run(u); }} id="community-manager-picker" error={set.problem?.fieldError('userId')} />
      ) : <p className="muted small">None set.</p>}
      <p className="muted small">The security audit contacts them about anomalies in this project.</p>
      {set.problem && !set.problem.fieldError('userId') && <LoadError problem={set.problem} />}
    </Card>
  );
}
