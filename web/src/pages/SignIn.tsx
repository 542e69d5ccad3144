import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, asProblem, type ApiProblem } from '../api.js';
import { useSession } from '../session.js';
import type { Me } from '../types.js';
import { Brand } from '../ui/layout.js';
import { Alert } from '../ui/bits.js';
import { Field, FormProblem, SubmitButton } from '../ui/forms.js';

type Step = 'password' | 'totp' | 'recovery';

/**
 * Sign-in in one or two steps: username and password, then — when the account has two-factor
 * authentication (the API answers 401 TOTP_REQUIRED) — the 6-digit code or a recovery code.
 * With single sign-on set up, a button goes to the provider instead; the server sends the browser back
 * to `/signin?error=<code>` when that fails, or to `/signin?oidc=totp` for the code of an account with 2FA.
 */
export function SignInPage() {
  const { setMe, endedBecause } = useSession();
  const [step, setStep] = useState<Step>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const codeRef = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const [sso, setSso] = useState<{ enabled: boolean; displayName: string }>();
  const [ssoError, setSsoError] = useState<string>();
  /** The code step follows single sign-on rather than a password. */
  const [afterSso, setAfterSso] = useState(false);

  useEffect(() => {
    document.title = 'Sign in · Gatehouse';
    const params = new URLSearchParams(location.search);
    const error = params.get('error') ?? undefined;
    if (params.get('oidc') === 'totp') {
      setAfterSso(true);
      setStep('totp');
    }
    api.get<{ enabled: boolean; displayName: string; error?: { message: string } }>('/auth/oidc', { error })
      .then((answer) => {
        setSso(answer);
        setSsoError(answer.error?.message);
      })
      .catch(() => setSsoError(error ? 'Single sign-on failed. Try again.' : undefined));
    // Once read, the address goes back to the home page: signing in then shows it, and a reload shows no old error.
    if (error || params.has('oidc')) navigate('/', { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (step !== 'password') codeRef.current?.focus();
  }, [step]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setProblem(undefined);
    try {
      const body: Record<string, string> = afterSso ? {} : { username: username.trim(), password };
      if (step === 'totp') body.totp = code.trim();
      if (step === 'recovery') body.recoveryCode = recoveryCode.trim();
      if (afterSso) {
        const { user, returnTo } = await api.post<{ user: Me; returnTo: string }>('/auth/oidc/totp', body, { expect401: true });
        navigate(returnTo, { replace: true });
        setMe(user);
        return;
      }
      const { user } = await api.post<{ user: Me }>('/auth/login', body, { expect401: true });
      setMe(user);
    } catch (err) {
      const p = asProblem(err);
      if (afterSso && (p.code === 'OIDC_2FA_EXPIRED' || p.code === 'USER_DISABLED')) {
        startOver();
        setProblem(p);
      } else if (p.code === 'TOTP_REQUIRED') {
        setStep('totp');
      } else {
        if (p.code === 'INVALID_CREDENTIALS' || p.code === 'USER_DISABLED') {
          setStep('password');
          setCode('');
          setRecoveryCode('');
        }
        setProblem(p);
      }
    } finally {
      setPending(false);
    }
  };

  function startOver() {
    setAfterSso(false);
    setStep('password');
    setCode('');
    setRecoveryCode('');
    setPassword('');
    setProblem(undefined);
  }

  const returnTo = location.pathname === '/signin' ? '/' : `${location.pathname}${location.search}`;


  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="auth-brand"><Brand /></div>
        {step === 'password' ? (
          <>
            <h1>Sign in</h1>
            <p className="muted">Governance for controlled-access research data.</p>
          </>
        ) : (
          <>
            <h1>Two-factor authentication</h1>
            <p className="muted">
              {step === 'totp'
                ? 'Enter the 6-digit code from your authenticator app.'
                : 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each code works once.'}
            </p>
          </>
        )}
        {endedBecause && step === 'password' && !problem && !ssoError && <Alert tone="warning">{endedBecause}</Alert>}
        {ssoError && step === 'password' && !problem && <Alert tone="error" testId="signin-sso-error">{ssoError}</Alert>}
        <form onSubmit={submit} noValidate data-testid={`signin-${step}`}>
          <FormProblem problem={problem} fields={['username', 'password', 'totp', 'recoveryCode']} />
          {step === 'password' ? (
            <>
              <Field label="Username or email" name="username" problem={problem} id="signin-username">
                <input type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
              </Field>
              <Field label="Password" name="password" problem={problem} id="signin-password">
                <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
              </Field>
              <SubmitButton pending={pending} pendingText="Signing in…" className="btn btn-primary btn-block">Sign in</SubmitButton>
              {sso?.enabled && (
                <div className="auth-links">
                  <a className="btn btn-secondary btn-block" href={`/api/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`} data-testid="signin-sso">
                    Sign in with {sso.displayName}
                  </a>
                </div>
              )}
            </>
          ) : step === 'totp' ? (
            <>
              <Field label="Authentication code" name="totp" problem={problem} id="signin-totp">
                <input ref={codeRef} type="text" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" maxLength={6} className="code-input"
                  value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} placeholder="123456" />
              </Field>
              <SubmitButton pending={pending} pendingText="Verifying…" className="btn btn-primary btn-block" disabled={code.length !== 6}>Verify</SubmitButton>
              <div className="auth-links">
                <button type="button" className="link-button" onClick={() => { setStep('recovery'); setProblem(undefined); }}>Use a recovery code</button>
                <button type="button" className="link-button" onClick={startOver}>Back</button>
              </div>
            </>
          ) : (
            <>
              <Field label="Recovery code" name="recoveryCode" problem={problem} id="signin-recovery">
                <input ref={codeRef} type="text" autoComplete="off" autoCapitalize="none" spellCheck={false} value={recoveryCode} onChange={(e) => setRecoveryCode(e.target.value)} className="mono" />
              </Field>
              <SubmitButton pending={pending} pendingText="Verifying…" className="btn btn-primary btn-block" disabled={!recoveryCode.trim()}>Verify</SubmitButton>
              <div className="auth-links">
                <button type="button" className="link-button" onClick={() => { setStep('totp'); setProblem(undefined); }}>Use the authenticator app</button>
                <button type="button" className="link-button" onClick={startOver}>Back</button>
              </div>
            </>
          )}
        </form>
      </div>
      <p className="auth-footer muted small">API documentation: <a href="/api/docs">/api/docs</a></p>
    </div>
  );
}
