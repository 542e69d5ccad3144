import { api } from '../api.js';
import { useApi, useAction } from '../hooks.js';
import { useSession } from '../session.js';
import type { Me, Terms } from '../types.js';
import { TopBar } from '../ui/layout.js';
import { Alert, LoadError, Loading, When } from '../ui/bits.js';
import { FormProblem } from '../ui/forms.js';

/** Before anything else, a user who has not accepted the current terms of use reads and accepts them. */
export function TermsGate() {
  const { setMe, signOut } = useSession();
  const terms = useApi<Terms>('/terms');
  const accept = useAction(async (version: string) => {
    const me = await api.post<Me>('/terms/accept', { version });
    setMe(me);
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
                <div className="terms-body" tabIndex={0} aria-label="Terms of use text" data-testid="terms-body">
                  {terms.data.body}
                </div>
                {accept.problem?.code === 'TERMS_VERSION_MISMATCH' ? (
                  <Alert tone="warning">
                    {accept.problem.detail}{' '}
                    <button type="button" className="link-button" onClick={() => { accept.reset(); terms.reload(); }}>Load the current terms</button>
                  </Alert>
                ) : (
                  <FormProblem problem={accept.problem} />
                )}
                <div className="button-row">
                  <button type="button" className="btn btn-primary" disabled={accept.pending} onClick={() => void accept.run(terms.data!.version)}>
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
