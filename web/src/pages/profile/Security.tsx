import { useState, type FormEvent } from 'react';
import { api, type ApiProblem } from '../../api.js';
import { useAction } from '../../hooks.js';
import { useMe, useSession } from '../../session.js';
import type { TotpEnrolment } from '../../types.js';
import { Alert, Badge, Card, CopyButton, PageHeader } from '../../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../../ui/forms.js';

/** Recovery codes, shown once, with copy and download. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`Gatehouse recovery codes\n\n${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'gatehouse-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="recovery" data-testid="recovery-codes-panel">
      <Alert tone="warning">
        <strong>Save these recovery codes now.</strong> They are shown only once. Each one signs you in once if you lose
        your authenticator app.
      </Alert>
      <ol className="code-grid" data-testid="recovery-codes">
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ol>
      <div className="button-row">
        <CopyButton text={text} label="Copy codes" />
        <button type="button" className="btn btn-secondary btn-small" onClick={download}>Download .txt</button>
        <button type="button" className="btn btn-primary" onClick={onDone}>I have saved the codes</button>
      </div>
    </div>
  );
}

function CodeInput({ value, onChange, label, name, problem, id, allowRecovery }: {
  value: string; onChange(v: string): void; label: string; name: string; problem?: ApiProblem; id: string; allowRecovery?: boolean;
}) {
  return (
    <Field label={label} name={name} problem={problem} id={id}>
      <input type="text" inputMode={allowRecovery ? 'text' : 'numeric'} autoComplete="one-time-code" className={allowRecovery ? 'mono' : 'code-input'}
        maxLength={allowRecovery ? 64 : 6} value={value} onChange={(e) => onChange(allowRecovery ? e.target.value : e.target.value.replace(/\D/g, ''))} placeholder={allowRecovery ? '123456 or a recovery code' : '123456'} />
    </Field>
  );
}

function TwoFactor() {
  const me = useMe();
  const { refresh } = useSession();
  const [enrolment, setEnrolment] = useState<TotpEnrolment>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<{ codes: string[]; because: 'enabled' | 'renewed' }>();
  const [message, setMessage] = useState<string>();
  const [disableCode, setDisableCode] = useState('');
  const [regenCode, setRegenCode] = useState('');

  const enroll = useAction(async () => {
    setMessage(undefined);
    setEnrolment(await api.post<TotpEnrolment>('/me/2fa/enroll'));
    setCode('');
  });
  const verify = useAction(async () => {
    const r = await api.post<{ recoveryCodes: string[] }>('/me/2fa/verify', { code: code.trim() });
    setRecoveryCodes({ codes: r.recoveryCodes, because: 'enabled' });
    setEnrolment(undefined);
    await refresh();
  });
  const disable = useAction(async () => {
    await api.post('/me/2fa/disable', { code: disableCode.trim() });
    setDisableCode('');
    setMessage('Two-factor authentication is now off.');
    await refresh();
  });
  const regenerate = useAction(async () => {
    const r = await api.post<{ recoveryCodes: string[] }>('/me/2fa/recovery-codes', { code: regenCode.trim() });
    setRegenCode('');
    setRecoveryCodes({ codes: r.recoveryCodes, because: 'renewed' });
  });

  const submit = (action: { run(): Promise<unknown> }) => (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };

  const status = me.twoFactorEnabled ? <Badge tone="success">on</Badge> : <Badge tone="warning">off</Badge>;

  return (
    <Card title={<>Two-factor authentication {status}</>} id="two-factor" testId="two-factor">
      {message && <Alert tone="success">{message}</Alert>}
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes.codes} onDone={() => {
          setRecoveryCodes(undefined);
          setMessage(recoveryCodes.because === 'renewed'
            ? 'Your new recovery codes are active; the old ones no longer work.'
            : 'Two-factor authentication is on. Signing in now asks for a code from your app.');
        }} />
      ) : enrolment ? (
        <div className="enrol" data-testid="totp-enrolment">
          <ol className="steps">
            <li>Scan this QR code with an authenticator app (e.g. FreeOTP, Aegis, Google Authenticator, 1Password).</li>
            <li>Or enter this key by hand: <code className="secret" data-testid="totp-secret">{enrolment.secret}</code> <CopyButton text={enrolment.secret} label="Copy key" /></li>
            <li>Enter the 6-digit code the app shows, to confirm.</li>
          </ol>
          <div className="enrol-grid">
            <img className="qr" src={enrolment.qrDataUrl} alt="QR code for your authenticator app" width={184} height={184} />
            <form onSubmit={submit(verify)} noValidate>
              <FormProblem problem={verify.problem} fields={['code']} />
              <CodeInput label="6-digit code" name="code" id="totp-verify-code" value={code} onChange={setCode} problem={verify.problem} />
              <div className="button-row">
                <SubmitButton pending={verify.pending} pendingText="Verifying…" disabled={code.length !== 6}>Verify and turn on</SubmitButton>
                <button type="button" className="btn btn-ghost" onClick={() => { setEnrolment(undefined); verify.reset(); }}>Cancel</button>
              </div>
            </form>
          </div>
        </div>
      ) : me.twoFactorEnabled ? (
        <div className="stack">
          <p>Signing in asks for a code from your authenticator app after your password.</p>
          <div className="grid-2 tight">
            <form onSubmit={submit(regenerate)} noValidate className="subform">
              <h3>New recovery codes</h3>
              <p className="muted small">Replaces your recovery codes; the old ones stop working.</p>
              <FormProblem problem={regenerate.problem} fields={['code']} />
              <CodeInput label="Current code" name="code" id="totp-regen-code" value={regenCode} onChange={setRegenCode} problem={regenerate.problem} allowRecovery />
              <SubmitButton pending={regenerate.pending} variant="secondary" disabled={!regenCode.trim()}>Generate new codes</SubmitButton>
            </form>
            <form onSubmit={submit(disable)} noValidate className="subform">
              <h3>Turn off</h3>
              <p className="muted small">Enter a current code or a recovery code to turn two-factor authentication off.</p>
              <FormProblem problem={disable.problem} fields={['code']} />
              <CodeInput label="Code to turn off" name="code" id="totp-disable-code" value={disableCode} onChange={setDisableCode} problem={disable.problem} allowRecovery />
              <SubmitButton pending={disable.pending} variant="danger" disabled={!disableCode.trim()}>Turn off two-factor</SubmitButton>
            </form>
          </div>
        </div>
      ) : (
        <div className="stack">
          <p>Add a second step to signing in: a 6-digit code from an authenticator app on your phone.</p>
          <FormProblem problem={enroll.problem} />
          <div>
            <button type="button" className="btn btn-primary" onClick={() => void enroll.run()} disabled={enroll.pending}>
              {enroll.pending ? 'Starting…' : 'Set up two-factor authentication'}
            </button>
          </div>
        </div>
      )}
    </Card>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await api.post('/me/password', { currentPassword: current, newPassword: next });
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (next !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void change.run();
  };
  const p = change.problem;
  return (
    <Card title="Change password" id="change-password">
      {done && <Alert tone="success" testId="password-changed">Your password was changed. Your other sessions have been signed out.</Alert>}
      <form onSubmit={onSubmit} noValidate className="narrow">
        <FormProblem problem={p} fields={['currentPassword', 'newPassword']} />
        <Field label="Current password" name="currentPassword" problem={p} id="current-password">
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field label="New password" name="newPassword" problem={p} id="new-password" hint="A long passphrase of several words is best.">
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <Field label="New password again" id="confirm-password" error={mismatch ? 'The two new passwords differ.' : undefined}>
          <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </Field>
        <SubmitButton pending={change.pending} pendingText="Changing…" disabled={!current || !next || !confirm}>Change password</SubmitButton>
      </form>
    </Card>
  );
}

export function SecurityPage() {
  return (
    <>
      <PageHeader title="Security" subtitle="Two-factor authentication and your password." />
      <TwoFactor />
      <ChangePassword />
    </>
  );
}
