import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import { useMe, useSession } from '../../session.js';
import type { UserSummary } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, LoadError, Loading, PageHeader, StateBadge, When, PageSkeleton } from '../../ui/bits.js';
import { Checkbox, Field, FormProblem, SubmitButton } from '../../ui/forms.js';
import { UserEgress } from '../egress/UserEgress.js';

function Roles({ user, onSaved }: { user: UserSummary; onSaved(u: UserSummary): void }) {
  const me = useMe();
  const { refresh } = useSession();
  const [admin, setAdmin] = useState(!!user.isAdmin);
  const [act, setAct] = useState(!!user.isAct);
  const [security, setSecurity] = useState(!!user.isSecurity);
  const [governance, setGovernance] = useState(!!user.isGovernance);
  useEffect(() => {
    setAdmin(!!user.isAdmin);
    setAct(!!user.isAct);
    setSecurity(!!user.isSecurity);
    setGovernance(!!user.isGovernance);
  }, [user.isAdmin, user.isAct, user.isSecurity, user.isGovernance]);
  const save = useAction(async () => {
    onSaved(await api.put<UserSummary>(`/users/${user.id}/roles`, { admin, act, security, governance }));
    if (user.id === me.id) await refresh();
  });
  const changed = admin !== !!user.isAdmin || act !== !!user.isAct || security !== !!user.isSecurity || governance !== !!user.isGovernance;
  return (
    <Card title="Roles" id="roles">
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void save.run(); }} noValidate>
        <FormProblem problem={save.problem} fields={['admin', 'act', 'security', 'governance']} />
        <Checkbox label="Platform administrator" checked={admin} onChange={setAdmin} id="role-admin" />
        <Checkbox label="Access and Compliance Team (ACT)" checked={act} onChange={setAct} id="role-act" />
        <Checkbox label="Security Engineer (egress monitoring)" checked={security} onChange={setSecurity} id="role-security" />
        <Checkbox label="Director of Governance" checked={governance} onChange={setGovernance} id="role-governance" />
        {user.id === me.id && admin === false && user.isAdmin && <p className="field-error">You are removing your own administrator role.</p>}
        <SubmitButton pending={save.pending} disabled={!changed}>Save roles</SubmitButton>
      </form>
    </Card>
  );
}

function Status({ user, onSaved }: { user: UserSummary; onSaved(u: UserSummary): void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const disabled = user.status === 'disabled';
  const change = useAction(async () => {
    onSaved(await api.post<UserSummary>(`/users/${user.id}/${disabled ? 'enable' : 'disable'}`, { reason: reason.trim() }));
    setReason('');
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    void change.run();
  };
  return (
    <Card title={<>Status {user.status && <StateBadge state={user.status} />}</>} id="status">
      {disabled && (
        <p data-testid="disabled-by">
          Disabled{user.disabledBy ? <> by <Link to={`/admin/users/${user.disabledBy.id}`}>{user.disabledBy.username}</Link></> : ' by the system'}
          {user.disabledAt && <> on <When at={user.disabledAt} /></>}
          {user.disabledReason && <>, reason: <em>{user.disabledReason}</em></>}
        </p>
      )}
      <form onSubmit={onSubmit} noValidate>
        <FormProblem problem={change.problem} fields={['reason']} />
        <Field label={disabled ? 'Reason for enabling' : 'Reason for disabling'} name="reason" problem={change.problem}
          error={missing ? 'Give a reason; it is recorded in the audit log.' : undefined} id="status-reason"
          hint={disabled
            ? 'Their earlier sessions end, and the access tokens revoked when the account was disabled stay revoked: they sign in again and create new tokens.'
            : 'A disabled user is refused on every call at once; their sessions stop working and their access tokens are revoked for good.'}>
          <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <SubmitButton pending={change.pending} variant={disabled ? 'primary' : 'danger'}>{disabled ? 'Enable user' : 'Disable user'}</SubmitButton>
      </form>
    </Card>
  );
}

function Certification({ user, onSaved }: { user: UserSummary; onSaved(): void }) {
  const [reason, setReason] = useState('');
  const set = useAction(async (certified: boolean) => {
    await api.post(`/users/${user.id}/certification`, { certified, reason: reason.trim() });
    setReason('');
    onSaved();
  });
  return (
    <Card title={<>Certification {user.isCertified ? <Badge tone="success">certified</Badge> : <Badge>not certified</Badge>}</>} id="certification">
      <form onSubmit={(e) => { e.preventDefault(); void set.run(!user.isCertified); }} noValidate>
        <FormProblem problem={set.problem} fields={['reason']} />
        <Field label="Reason" name="reason" problem={set.problem} id="certification-reason"><input type="text" value={reason} onChange={(e) => setReason(e.target.value)} /></Field>
        <SubmitButton pending={set.pending} variant={user.isCertified ? 'danger' : 'primary'}>{user.isCertified ? 'Revoke certification' : 'Certify user'}</SubmitButton>
      </form>
    </Card>
  );
}

export function UserDetailPage() {
  const { id } = useParams();
  const me = useMe();
  const location = useLocation();
  const user = useApi<UserSummary>(`/users/${id}`);
  const [notice, setNotice] = useState<string | undefined>((location.state as { created?: boolean } | null)?.created ? 'User created.' : undefined);
  const reset2fa = useAction(async () => {
    user.setData(await api.post<UserSummary>(`/users/${id}/reset-2fa`));
    setNotice('Two-factor authentication was reset; the user can sign in with the password alone and enrol again.');
  });
  const unlock = useAction(async () => {
    await api.post(`/users/${id}/unlock-signin`);
    user.reload();
    setNotice('Sign-in unlocked; the count of failed attempts starts again.');
  });
  const saved = (message: string) => (u: UserSummary) => {
    user.setData(u);
    setNotice(message);
  };

  if (user.loading && !user.data) return <PageSkeleton what="Loading the user" />;
  if (user.error) return <><PageHeader title="User" /><LoadError problem={user.error} retry={user.reload} /></>;
  const u = user.data!;
  return (
    <>
      <p className="breadcrumb"><Link to="/admin/users">Users</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title={u.displayName} subtitle={<>@{u.username} {u.status && <StateBadge state={u.status} />}</>} />
      {notice && <Alert tone="success" testId="user-notice">{notice}</Alert>}
      <div className="grid-2">
        <Card title="Account" id="account">
          <dl className="facts">
            <dt>Username</dt><dd>{u.username}</dd>
            <dt>Email</dt><dd>{u.email ?? '—'}</dd>
            <dt>Created</dt><dd><When at={u.createdAt} /></dd>
            <dt>Tiers</dt><dd>{u.isCertified ? <Badge tone="success">certified</Badge> : <Badge>not certified</Badge>} {u.isValidated ? <Badge tone="success">validated</Badge> : <Badge>not validated</Badge>}</dd>
            <dt>Two-factor</dt>
            <dd>
              {u.twoFactorEnabled ? <Badge tone="success">on</Badge> : <Badge>off</Badge>}{' '}
              {u.twoFactorEnabled && <ConfirmButton onConfirm={() => reset2fa.run()} confirmText="Confirm reset">Reset 2FA</ConfirmButton>}
            </dd>
            {u.signinLockedUntil && <>
              <dt>Sign-in</dt>
              <dd data-testid="signin-locked">
                <Badge tone="danger">locked</Badge> after failed attempts, until <When at={u.signinLockedUntil} />{' '}
                <ConfirmButton onConfirm={() => unlock.run()} confirmText="Confirm unlock">Unlock</ConfirmButton>
              </dd>
            </>}
          </dl>
          <FormProblem problem={reset2fa.problem ?? unlock.problem} />
          <p className="small"><Link to={`/admin/audit-log?actorId=${u.id}`}>What this user did (audit log) →</Link></p>
          <p className="small"><Link to={`/act/decisions?userId=${u.id}`}>Why can or can't this user do something? (decision explainer) →</Link></p>
        </Card>
        <Status user={u} onSaved={saved(u.status === 'disabled' ? 'User enabled.' : 'User disabled.')} />
        <Roles user={u} onSaved={saved('Roles saved.')} />
        {(me.isAct || me.isAdmin) && <Certification user={u} onSaved={() => { setNotice('Certification changed.'); user.reload(); }} />}
      </div>
      {(me.isSecurity || me.isAdmin) && <UserEgress user={u} />}
    </>
  );
}
