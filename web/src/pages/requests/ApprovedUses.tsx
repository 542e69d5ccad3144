import { useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { apiUrl } from '../../api.js';
import { useApi } from '../../hooks.js';
import type { Page } from '../../types.js';
import { Card, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { Icon } from '../../ui/icons.js';
import { TopBar } from '../../ui/layout.js';
import './requests.css';

interface ApprovedUse {
  studyLead: string;
  institution: string;
  approvedOn: string;
  intendedDataUse: string;
}

type Listing = Page<ApprovedUse> & { accessRequirementId: number; accessRequirementName: string };

const LIMIT = 50;

/**
 * The public listing of approved uses of an access requirement whose intended data use is public (SPEC §8):
 * study lead, institution, approval date and statement, newest first, with the JSON and CSV it is made from.
 * Nobody needs to sign in.
 */
function ApprovedUsesView({ id }: { id: string }) {
  const [offset, setOffset] = useState(0);
  const listing = useApi<Listing>(`/access-requirements/${id}/approved-uses`, { limit: LIMIT, offset });
  const data = listing.data;
  return (
    <>
      <PageHeader title={data ? `Approved uses: ${data.accessRequirementName}` : 'Approved uses'}
        subtitle="Research approved to use these data: the study lead, their institution, when it was approved, and what the data are used for."
        actions={
          <>
            <a className="btn btn-secondary" href={apiUrl(`/access-requirements/${id}/approved-uses`, { format: 'csv' })} download data-testid="approved-uses-csv">
              <Icon name="download" size={16} /> CSV
            </a>
            <a className="btn btn-secondary" href={apiUrl(`/access-requirements/${id}/approved-uses`, { limit: 500 })} data-testid="approved-uses-json">JSON</a>
          </>
        } />
      {listing.loading && !data ? <Loading what="Loading the approved uses" /> : listing.error ? <LoadError problem={listing.error} retry={listing.reload} />
        : data && data.items.length === 0 ? <Empty title="No approved uses yet" icon="list" />
        : data && (
          <Card id="approved-uses" testId="approved-uses">
            <ul className="approved-uses" aria-label="Approved uses">
              {data.items.map((u, i) => (
                <li key={`${u.approvedOn}-${i}`} className="approved-use">
                  <div className="approved-use-head">
                    <strong>{u.studyLead}</strong> <span className="muted">· {u.institution}</span>
                    <span className="muted small approved-use-date">approved <When at={u.approvedOn} dateOnly /></span>
                  </div>
                  <p className="pre-wrap approved-use-text">{u.intendedDataUse || <span className="muted">No statement.</span>}</p>
                </li>
              ))}
            </ul>
            <Pagination total={data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </Card>
        )}
    </>
  );
}

/** `/access-requirements/{id}/approved-uses` for a signed-in user. */
export function ApprovedUsesPage() {
  const { id } = useParams();
  return <ApprovedUsesView key={id} id={id ?? ''} />;
}

/** The address of the public listing, for the gate that lets visitors who are not signed in see it. */
export const isPublicApprovedUses = (pathname: string, search: string) =>
  /^\/access-requirements\/\d+\/approved-uses\/?$/.test(pathname) && !new URLSearchParams(search).has('signin');

/** The same page for a visitor who is not signed in: the top bar with "Sign in", and the listing. */
export function PublicApprovedUses() {
  const { pathname } = useLocation();
  const id = /^\/access-requirements\/(\d+)\/approved-uses/.exec(pathname)?.[1] ?? '';
  return (
    <div className="shell">
      <TopBar signedIn={false} signInTo={`${pathname}?signin=1`} />
      <main id="main" className="content content-public" tabIndex={-1}>
        <ApprovedUsesView id={id} />
      </main>
    </div>
  );
}
