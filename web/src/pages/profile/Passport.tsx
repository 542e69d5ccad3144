import { Link } from 'react-router-dom';
import { useApi } from '../../hooks.js';
import type { Get } from '../../types.js';
import { Badge, Card, CopyButton, Empty, LoadError, Loading, When } from '../../ui/bits.js';

/** GET /ga4gh/passport/v1/passports: the passport minted for this view (docs/adr/0022). */
export type Passport = Get<'/ga4gh/passport/v1/passports'>;
type Visa = Passport['visas'][number];

const TYPE_WORDS: Record<Visa['ga4gh_visa_v1']['type'], string> = {
  ControlledAccessGrants: 'Controlled access granted',
  AcceptedTermsAndPolicies: 'Terms accepted',
  ResearcherStatus: 'Researcher status',
  LinkedIdentities: 'Linked account',
};

const BY_WORDS: Record<Visa['ga4gh_visa_v1']['by'], string> = {
  dac: 'the Access and Compliance Team, as data access committee',
  self: 'you (click-through)',
  so: 'the Access and Compliance Team, as signing official',
  system: 'Gatehouse, from its records',
  peer: 'a peer',
};

const seconds = (s: number) => new Date(s * 1000).toISOString();

/** What the visa's value stands for, as words, linking to its page when Gatehouse has one. */
function VisaValue({ visa }: { visa: Visa }) {
  const { value, type } = visa.ga4gh_visa_v1;
  if (visa.accessRequirementId !== null) {
    return <Link to={`/access-requirements/${visa.accessRequirementId}/approved-uses`} title={value}>{visa.label}</Link>;
  }
  if (type === 'LinkedIdentities') return <span title={value}>{visa.label}</span>;
  return <a href={value} title={value} target="_blank" rel="noreferrer">{visa.label}</a>;
}

/** The profile's "GA4GH passport" panel: the visas a GA4GH service would see, and the passport to hand to a tool. */
export function PassportPanel() {
  const passport = useApi<Passport>('/ga4gh/passport/v1/passports');
  const p = passport.data;
  return (
    <Card
      title="GA4GH passport"
      id="ga4gh-passport"
      testId="ga4gh-passport"
      actions={p && (
        <div className="button-row">
          <CopyButton text={JSON.stringify({ ga4gh_passport_v1: p.ga4gh_passport_v1 }, null, 2)} label="Copy passport JSON" testId="copy-passport-json" />
          <CopyButton text={p.passport} label="Copy signed passport" testId="copy-passport-jwt" />
          <button type="button" className="btn btn-secondary btn-small" onClick={passport.reload}>Mint again</button>
        </div>
      )}
    >
      <p className="small muted">
        Services that follow the GA4GH Passport standard read these signed statements (visas) instead of asking Gatehouse.
        Each is valid for a short time only: a fresh passport shows what holds now.
      </p>
      {passport.loading && !p ? <Loading /> : passport.error ? <LoadError problem={passport.error} retry={passport.reload} /> : p && (
        p.visas.length === 0 ? <Empty title="No visas yet">Accept the platform terms or get an access approval to receive visas.</Empty> : (
          <>
            <ul className="passport-visas" data-testid="passport-visas">
              {p.visas.map((v) => (
                <li key={v.jwt} className="passport-visa" data-testid="passport-visa">
                  <div className="passport-visa-head">
                    <Badge tone={v.ga4gh_visa_v1.type === 'ControlledAccessGrants' ? 'success' : 'neutral'} title={v.ga4gh_visa_v1.type}>{TYPE_WORDS[v.ga4gh_visa_v1.type]}</Badge>
                    <VisaValue visa={v} />
                  </div>
                  <dl className="facts passport-visa-facts">
                    <dt>Asserted by</dt><dd title={v.ga4gh_visa_v1.by}>{BY_WORDS[v.ga4gh_visa_v1.by]}</dd>
                    <dt>Asserted</dt><dd><When at={seconds(v.ga4gh_visa_v1.asserted)} /></dd>
                    <dt>Expires</dt><dd><When at={v.expiresAt} /></dd>
                  </dl>
                </li>
              ))}
            </ul>
            <p className="small muted">Passport issued <When at={p.issuedAt} />, valid until <When at={p.expiresAt} />. Verify with the keys at <a href="/.well-known/jwks.json">/.well-known/jwks.json</a>.</p>
          </>
        )
      )}
    </Card>
  );
}
