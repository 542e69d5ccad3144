import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { apiUrl } from '../../../api.js';
import { useApi } from '../../../hooks.js';
import { useMe } from '../../../session.js';
import { Card, Empty, LoadError, Loading, PageHeader, Tabs, When } from '../../../ui/bits.js';
import { Icon } from '../../../ui/icons.js';
import { PersonLine, RequestStateBadge } from '../../requests/bits.js';
import type { RequestState, UserBadge, UserRef } from '../../requests/model.js';
import { RequirementTools, useManagedRequirements } from './ReviewPage.js';
import '../../requests/requests.css';

type Tab = 'awaiting' | 'approvals' | 'accessors' | 'exports';

interface Awaiting {
  submissionId: number; requestId: number; accessRequirementId: number; accessRequirementName: string; version: number;
  requestor: UserRef; accessorCount: number; submittedOn: string; waitingDays: number;
}

interface ApprovalRow {
  source: 'request' | 'act'; approvedOn: string; approvedBy: UserRef | null; accessRequirementId: number; accessRequirementName: string;
  submissionId: number | null; requestId: number | null; version: number | null; requestor: UserRef | null; accessors: UserRef[];
  expiresOn: string | null; state: string;
}

interface AccessorRow {
  user: UserBadge; since: string; expiresOn: string | null; sources: string[]; requestIds: number[];
}

const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const who = (u: UserRef | null) => (u ? `${u.displayName} (@${u.username})` : '—');

function AwaitingReview({ arId }: { arId: string }) {
  const list = useApi<{ items: Awaiting[] }>('/request-audits/awaiting-review', { accessRequirementId: arId || undefined });
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <LoadError problem={list.error} retry={list.reload} />;
  const items = list.data?.items ?? [];
  if (items.length === 0) return <Empty title="Nothing awaits review" icon="check" />;
  return (
    <div tabIndex={0} className="table-wrap">
      <table className="table" data-testid="awaiting-table">
        <thead><tr><th scope="col">Request</th><th scope="col">Access requirement</th><th scope="col">Requestor</th><th scope="col" className="num">Accessors</th><th scope="col">Submitted</th><th scope="col" className="num">Waiting</th><th scope="col"><span className="sr-only">Open</span></th></tr></thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.submissionId}>
              <td>#{a.requestId} <span className="muted small">v{a.version}</span></td>
              <td className="small">{a.accessRequirementName}</td>
              <td className="small">{who(a.requestor)}</td>
              <td className="num">{a.accessorCount}</td>
              <td className="small nowrap"><When at={a.submittedOn} /></td>
              <td className={`num${a.waitingDays > 14 ? ' overdue' : ''}`}>{a.waitingDays} {a.waitingDays === 1 ? 'day' : 'days'}</td>
              <td className="actions"><Link className="btn btn-secondary btn-small" to={`/act/requests?accessRequirementId=${a.accessRequirementId}&submission=${a.submissionId}`}>Review</Link></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Period({ from, to, onChange, submitLabel = 'Show' }: { from: string; to: string; onChange(from: string, to: string): void; submitLabel?: string }) {
  const [f, setF] = useState(from);
  const [t, setT] = useState(to);
  return (
    <form className="inline-fields period-form" onSubmit={(e: FormEvent) => { e.preventDefault(); onChange(f, t); }}>
      <div className="field"><label htmlFor="period-from">From</label><input id="period-from" type="date" value={f} onChange={(e) => setF(e.target.value)} /></div>
      <div className="field"><label htmlFor="period-to">Until (not included)</label><input id="period-to" type="date" value={t} onChange={(e) => setT(e.target.value)} /></div>
      <div className="inline-submit"><button type="submit" className="btn btn-secondary">{submitLabel}</button></div>
    </form>
  );
}

function Approvals({ arId, from, to, setPeriod }: { arId: string; from: string; to: string; setPeriod(from: string, to: string): void }) {
  const list = useApi<{ items: ApprovalRow[] }>('/request-audits/approvals', { from, to, accessRequirementId: arId || undefined });
  const items = list.data?.items ?? [];
  return (
    <>
      <Period from={from} to={to} onChange={setPeriod} />
      {list.loading && !list.data ? <Loading /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : items.length === 0 ? <Empty title="No approvals in this period" icon="check" />
        : (
          <div tabIndex={0} className="table-wrap">
            <table className="table" data-testid="approvals-audit-table">
              <thead><tr><th scope="col">Approved</th><th scope="col">By</th><th scope="col">Access requirement</th><th scope="col">Request</th><th scope="col">Accessors</th><th scope="col">Until</th><th scope="col">Now</th></tr></thead>
              <tbody>
                {items.map((a, i) => (
                  <tr key={`${a.source}-${a.submissionId ?? i}-${a.approvedOn}`}>
                    <td className="small nowrap"><When at={a.approvedOn} /></td>
                    <td className="small">{who(a.approvedBy)}</td>
                    <td className="small">{a.accessRequirementName}</td>
                    <td className="small">{a.source === 'request' ? <>#{a.requestId} v{a.version} <span className="muted">by {who(a.requestor)}</span></> : <span className="muted">granted directly by ACT</span>}</td>
                    <td className="small">{a.accessors.map((u) => u.displayName || u.username).join(', ')}</td>
                    <td className="small nowrap">{a.expiresOn ? <When at={a.expiresOn} dateOnly /> : 'never'}</td>
                    <td>{/^[A-Z]+$/.test(a.state) && a.state !== 'DRAFT' ? <RequestStateBadge state={a.state as RequestState} /> : <span className="small">{a.state}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </>
  );
}

function Accessors({ arId }: { arId: string }) {
  const list = useApi<{ items: AccessorRow[] }>(arId ? `/access-requirements/${arId}/accessors` : null);
  if (!arId) return <Empty title="Choose an access requirement" icon="users" />;
  if (list.loading && !list.data) return <Loading />;
  if (list.error) return <LoadError problem={list.error} retry={list.reload} />;
  const items = list.data?.items ?? [];
  if (items.length === 0) return <Empty title="Nobody holds an approval now" icon="users" />;
  return (
    <div tabIndex={0} className="table-wrap">
      <table className="table" data-testid="accessors-table">
        <thead><tr><th scope="col">Accessor</th><th scope="col">Since</th><th scope="col">Until</th><th scope="col">Through</th></tr></thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.user.id}>
              <td><PersonLine user={a.user} compact /></td>
              <td className="small nowrap"><When at={a.since} dateOnly /></td>
              <td className="small nowrap">{a.expiresOn ? <When at={a.expiresOn} dateOnly /> : 'never'}</td>
              <td className="small">
                {a.sources.map((s) => (s === 'request' ? 'request' : s === 'act' ? 'ACT grant' : 'accepted terms')).join(', ')}
                {a.requestIds.length > 0 && <> {a.requestIds.map((r) => <Link key={r} to={`/requests/${r}`} className="request-ref">#{r}</Link>)}</>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Exports({ arId, from, to, setPeriod }: { arId: string; from: string; to: string; setPeriod(from: string, to: string): void }) {
  if (!arId) return <Empty title="Choose an access requirement" icon="download" />;
  const bad = !(from && to && from < to);
  return (
    <>
      <p className="small">For the data contributor: every DUC and attachment of the submissions made in a period, as one zip with an index, and the requests with every answer as CSV (one row per version).</p>
      <Period from={from} to={to} onChange={setPeriod} submitLabel="Use this period" />
      {bad ? <p className="field-error">The start of the period must come before its end.</p> : (
        <div className="button-row export-buttons">
          <a className="btn btn-primary" href={apiUrl(`/access-requirements/${arId}/exports/attachments`, { from, to })} download data-testid="export-zip">
            <Icon name="download" size={16} /> Attachments (zip)
          </a>
          <a className="btn btn-secondary" href={apiUrl(`/access-requirements/${arId}/exports/requests`, { from, to })} download data-testid="export-csv">
            <Icon name="download" size={16} /> Requests (CSV)
          </a>
        </div>
      )}
      <p className="muted small">Submissions made from {from || '…'} (included) until {to || '…'} (not included), in UTC.</p>
    </>
  );
}

/**
 * Exports and audit queries (`/act/requests/reports`): requests awaiting review, approvals in a period and who
 * approved them, the accessors of an access requirement and since when, and the zip/CSV exports. Tab, requirement
 * and period are kept in the address.
 */
export function ReportsPage() {
  const me = useMe();
  const act = me.isAct || me.isAdmin;
  const [params, setParams] = useSearchParams();
  const tab = (['awaiting', 'approvals', 'accessors', 'exports'].includes(params.get('tab') ?? '') ? params.get('tab') : 'awaiting') as Tab;
  const arId = params.get('accessRequirementId') ?? '';
  const from = params.get('from') ?? monthsAgo(3);
  const to = params.get('to') ?? tomorrow();
  const ars = useManagedRequirements();
  const ar = ars.data?.items.find((a) => String(a.id) === arId);
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const setPeriod = (f: string, t: string) => set({ from: f, to: t });
  return (
    <>
      <p className="breadcrumb"><Link to={`/act/requests${arId ? `?accessRequirementId=${arId}` : ''}`}>Data access requests</Link> <span aria-hidden="true">/</span></p>
      <PageHeader title="Exports & audit" subtitle={ar ? <RequirementTools ar={ar} current="reports" /> : 'Queries for audits, and exports for data contributors.'} />
      <div className="toolbar">
        <div className="field inline-filter">
          <label htmlFor="r-ar">Access requirement</label>
          <select id="r-ar" value={arId} onChange={(e) => set({ accessRequirementId: e.target.value })}>
            <option value="">{act ? 'All access requirements' : 'Choose…'}</option>
            {(ars.data?.items ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
      </div>
      <Tabs label="Reports" value={tab} onChange={(t) => set({ tab: t === 'awaiting' ? '' : t })}
        tabs={[
          { value: 'awaiting', label: 'Awaiting review' },
          { value: 'approvals', label: 'Approvals in a period' },
          { value: 'accessors', label: 'Accessors' },
          { value: 'exports', label: 'Exports' },
        ]} />
      <Card id={`report-${tab}`}>
        {tab === 'awaiting' && <AwaitingReview arId={arId} />}
        {tab === 'approvals' && <Approvals arId={arId} from={from} to={to} setPeriod={setPeriod} />}
        {tab === 'accessors' && <Accessors arId={arId} />}
        {tab === 'exports' && <Exports arId={arId} from={from} to={to} setPeriod={setPeriod} />}
      </Card>
    </>
  );
}
