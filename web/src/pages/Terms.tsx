import { api } from '../api.js';
import { useState } from 'react';
import { useApi, useAction } from '../hooks.js';
import { useSession } from '../session.js';
import type { Me, Terms } from '../types.js';
import { TopBar } from '../ui/layout.js';
import { Alert, LoadError, Loading, When } from '../ui/bits.js';
import { Checkbox, FormProblem } from '../ui/forms.js';
import { TermsText } from '../ui/consent.js';

/**
 * Before anything else, a user who has not accepted the current terms of use reads and accepts them: the text,
 * a checkbox, a button; the version read is sent, and terms changed meanwhile are loaded again to be read.
 */
export function TermsGate() {
  const { setMe, signOut } = useSession();
  const terms = useApi<Terms>('/terms');
  const [ticked, setTicked] = useState(false);
  const accept = useAction(async (version: string) => {
    try {
      const me = await api.post<Me>('/terms/accept', { version });
      setMe(me);
    } catch (e) {
      if ((e as { code?: string }).code === 'TERMS_VERSION_MISMATCH') {
        setTicked(false);
        terms.reload();
      }
      throw e;
    }
  });

  return (
    <div className="shell">
      <TopBar />
      <main id="main" className="gate">
        <div className="gate-card card" data-testid="terms-gate">
          <div className="card-body">
            <h1>Platform terms of use</h1>
            {terms.loading && <Loading what="Loading the terms" />}
            {terms.error && <LoadError problem={terms.error} retry={terms.reload} />}
            {terms.data && (
              <>
                <p className="muted">
                  Version {terms.data.version}, published <When at={terms.data.publishedAt} dateOnly />.
                  {terms.data.acceptedVersion
                    ? ` You accepted version ${terms.data.acceptedVersion}; the terms have changed since.`
                    : ' Read and accept them to use Gatehouse.'}
                </p>
                <div className="terms-body">
                  <TermsText text={terms.data.body} label="Terms of use text" testId="terms-body" />
                </div>
                {accept.problem?.code === 'TERMS_VERSION_MISMATCH' ? (
                  <Alert tone="warning" testId="terms-changed">
                    The terms changed while you were reading them; the current version ({terms.data.version}) is shown above. Read it before you accept.
                  </Alert>
                ) : (
                  <FormProblem problem={accept.problem} />
                )}
                <Checkbox id="accept-platform-terms" checked={ticked} onChange={setTicked}
                  label={<>I have read and accept the platform terms of use (version {terms.data.version})</>} />
                <div className="button-row">
                  <button type="button" className="btn btn-primary" disabled={!ticked || accept.pending} onClick={() => void accept.run(terms.data!.version)}>
                    {accept.pending ? 'Accepting…' : 'Accept the terms'}
                  </button>
                  <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>Sign out</button>
                </div>
              </>
            )}
          </div>
        </div>
      </main>
    </div>
  );
}
