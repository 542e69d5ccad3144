import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { AuditEntry, ChainVerification, DownloadRecordEntry, Page } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, StateBadge, Tabs, When, formatBytes } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';

const LIMIT = 50;
const FILTERS = ['action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function ChainCheck() {
  const [result, setResult] = useState<ChainVerification>();
  const verify = useAction(async () => setResult(await api.post<ChainVerification>('/audit-log/verify')));
  return (
    <div className="chain-check">
      <button type="button" className="btn btn-secondary" onClick={() => void verify.run()} disabled={verify.pending}>
        {verify.pending ? 'Verifying…' : 'Verify chain'}
      </button>
      <FormProblem problem={verify.problem} />
      {result && (result.ok
        ? <Alert tone="success" testId="chain-result"><strong>The chain is intact.</strong> {result.checked} entries checked; every hash links to the one before. {plural(result.downloads?.checked ?? 0, 'download record')} in {plural(result.downloads?.batches ?? 0, 'sealed batch', 'sealed batches')} match their seals.</Alert>
        : result.firstBroken
          ? <Alert tone="error" testId="chain-result"><strong>The chain is broken</strong> at entry #{result.firstBroken.seq}: {result.firstBroken.reason} ({result.checked} entries checked).</Alert>
          : <Alert tone="error" testId="chain-result"><strong>The download records are broken:</strong> {result.downloads?.firstBroken?.reason} ({result.checked} entries and {result.downloads?.checked} download records checked).</Alert>)}
    </div>
  );
}

const DOWNLOAD_FILTERS = ['userId', 'entityId', 'from', 'to'] as const;
type DownloadFilters = Record<(typeof DOWNLOAD_FILTERS)[number], string>;

/** A day (yyyy-mm-dd, local time) as the instant it starts; `next` for the day after, so that "to" includes its day. */
function dayStart(day: string, next = false): string | undefined {
  if (!day) return undefined;
  const at = new Date(`${day}T00:00`);
  if (next) at.setDate(at.getDate() + 1);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The download records (SPEC §11): every attempt, served, denied or failed; sealed into the chain within minutes. */
/** Moves a listing to another page by its `offset` in the address. */
const offsetSetter = (params: URLSearchParams, setParams: (p: URLSearchParams) => void) => (offset: number) => {
  const next = new URLSearchParams(params);
  if (offset) next.set('offset', String(offset));
  else next.delete('offset');
  setParams(next);
};

function DownloadsView() {
  const [params, setParams] = useSearchParams();
  const applied: DownloadFilters = { userId: params.get('userId') ?? '', entityId: params.get('entityId') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [draft, setDraft] = useState<DownloadFilters>(applied);
  const page = useApi<Page<DownloadRecordEntry>>('/audit-log/downloads', {
    userId: applied.userId, entityId: applied.entityId, from: dayStart(applied.from), to: dayStart(applied.to, true), limit: LIMIT, offset,
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams({ view: 'downloads' });
    for (const key of DOWNLOAD_FILTERS) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  };
  const clear = () => {
    setDraft({ userId: '', entityId: '', from: '', to: '' });
    setParams(new URLSearchParams({ view: 'downloads' }));
  };
  const setOffset = offsetSetter(params, setParams);
  const filtered = DOWNLOAD_FILTERS.some((k) => applied[k]);

  return (
    <Card>
      <form className="toolbar" onSubmit={apply} noValidate>
        <div className="field narrow-field"><label htmlFor="downloads-user">User id</label><input id="downloads-user" type="text" inputMode="numeric" value={draft.userId} onChange={(e) => setDraft({ ...draft, userId: e.target.value })} /></div>
        <div className="field narrow-field"><label htmlFor="downloads-file">File id</label><input id="downloads-file" type="text" placeholder="syn123" value={draft.entityId} onChange={(e) => setDraft({ ...draft, entityId: e.target.value })} /></div>
        <div className="field"><label htmlFor="downloads-from">From</label><input id="downloads-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} /></div>
        <div className="field"><label htmlFor="downloads-to">To</label><input id="downloads-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} /></div>
        <div className="toolbar-buttons">
          <button type="submit" className="btn btn-primary">Filter</button>
          {filtered && <button type="button" className="btn btn-ghost" onClick={clear}>Clear</button>}
        </div>
      </form>
      {page.loading && !page.data ? <Loading what="Loading the downloads" /> : page.error ? <LoadError problem={page.error} retry={page.reload} />
        : page.data && page.data.items.length === 0 ? <Empty title="No downloads" icon="list">{filtered ? 'Nothing matches these filters.' : 'No one has downloaded anything yet.'}</Empty>
        : page.data && (
          <div className="table-wrap">
            <table className="table table-dense" data-testid="downloads-table">
              <thead><tr><th scope="col">When</th><th scope="col">User</th><th scope="col">File</th><th scope="col" className="num">Version</th><th scope="col" className="num">Bytes</th><th scope="col">MD5</th><th scope="col">Client</th><th scope="col">Result</th></tr></thead>
              <tbody>
                {page.data.items.map((d) => (
                  <tr key={d.id}>
                    <td className="nowrap"><When at={d.at} /></td>
                    <td className="nowrap">{d.userName ? <>{d.userName} <span className="muted small">#{d.userId}</span></> : <span className="muted">anonymous</span>}</td>
                    <td>{d.fileName ?? <span className="muted">—</span>} <span className="muted small">{d.entityId}</span></td>
                    <td className="num">{d.version ?? <span className="muted">—</span>}</td>
                    <td className="num nowrap" title={`${d.bytes} bytes`}>{formatBytes(d.bytes)}</td>
                    <td>{d.md5 ? <code className="muted small" title={d.md5}>{d.md5.slice(0, 10)}…</code> : <span className="muted">—</span>}</td>
                    <td className="small">{d.client || <span className="muted">—</span>}</td>
                    <td className="nowrap"><StateBadge state={d.result} />{d.rule && <span className="muted small"> {d.rule}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
          </div>
        )}
    </Card>
  );
}

export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'downloads' ? 'downloads' : 'entries';
  const tabs = (
    <Tabs label="Audit log view" value={view} onChange={(v) => setParams(v === 'downloads' ? new URLSearchParams({ view: v }) : new URLSearchParams())}
      tabs={[{ value: 'entries', label: 'Entries' }, { value: 'downloads', label: 'Downloads' }]} />
  );
  return (
    <>
      <PageHeader title="Audit log" subtitle="Append-only and hash-chained: each entry's hash covers the one before it; download records are sealed into it in batches." actions={<ChainCheck />} />
      {tabs}
      {view === 'downloads' ? <DownloadsView /> : <EntriesView />}
    </>
  );
}

function EntriesView() {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [draft, setDraft] = useState<Filters>(applied);
  const [open, setOpen] = useState<number | null>(null);
  // Dates are days in the viewer's time zone: from its first instant, to the end of the "to" day.
  const query = { ...applied, from: dayStart(applied.from), to: dayStart(applied.to, true) };
  const page = useApi<Page<AuditEntry>>('/audit-log', { ...query, limit: LIMIT, offset });
  const csv = `/api/v1/audit-log/export.csv?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString()}`;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  };
  const clear = () => {
    setDraft({ action: '', actorId: '', targetType: '', targetId: '', from: '', to: '' });
    setParams(new URLSearchParams());
  };
  const setOffset = offsetSetter(params, setParams);
  const filtered = FILTERS.some((k) => applied[k]);

  return (
    <>
      <Card>
        <form className="toolbar" onSubmit={apply} noValidate>
          <div className="field"><label htmlFor="audit-action">Action starts with</label><input id="audit-action" type="text" placeholder="e.g. auth. or team." value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} /></div>
          <div className="field narrow-field"><label htmlFor="audit-actor">Actor id</label><input id="audit-actor" type="text" inputMode="numeric" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })} /></div>
          <div className="field"><label htmlFor="audit-target-type">Target type</label><input id="audit-target-type" type="text" placeholder="e.g. user" value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })} /></div>
          <div className="field narrow-field"><label htmlFor="audit-target-id">Target id</label><input id="audit-target-id" type="text" value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} /></div>
          <div className="field"><label htmlFor="audit-from">From</label><input id="audit-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} /></div>
          <div className="field"><label htmlFor="audit-to">To</label><input id="audit-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} /></div>
          <div className="toolbar-buttons">
            <button type="submit" className="btn btn-primary">Filter</button>
            {filtered && <button type="button" className="btn btn-ghost" onClick={clear}>Clear</button>}
            <a className="btn btn-secondary" href={csv} download data-testid="audit-csv">Download CSV</a>
          </div>
        </form>
        {page.loading && !page.data ? <Loading what="Loading the audit log" /> : page.error ? <LoadError problem={page.error} retry={page.reload} />
          : page.data && page.data.items.length === 0 ? <Empty title="No entries" icon="list">{filtered ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}</Empty>
          : page.data && (
            <div className="table-wrap">
              <table className="table table-dense" data-testid="audit-table">
                <thead><tr><th scope="col" className="num">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th><th scope="col">Hash</th></tr></thead>
                <tbody>
                  {page.data.items.map((a) => {
                    const details = a.details && typeof a.details === 'object' && Object.keys(a.details).length ? JSON.stringify(a.details, null, 2) : null;
                    return (
                      <tr key={a.seq}>
                        <td className="num muted">{a.seq}</td>
                        <td className="nowrap"><When at={a.at} /></td>
                        <td className="nowrap">{a.actorName ? <>{a.actorName} <span className="muted small">#{a.actorId}</span></> : a.actorId != null ? `#${a.actorId}` : <span className="muted">system</span>}</td>
                        <td className="nowrap"><code>{a.action}</code></td>
                        <td>{a.targetType ? <>{a.targetType} <span className="muted">{a.targetId}</span></> : <span className="muted">—</span>}</td>
                        <td className="details-cell">
                          {details ? (
                            <>
                              <button type="button" className="link-button small" aria-expanded={open === a.seq} onClick={() => setOpen(open === a.seq ? null : a.seq)}>
                                {open === a.seq ? 'Hide' : 'Show'}
                              </button>
                              {open === a.seq && <pre className="json">{details}</pre>}
                            </>
                          ) : <span className="muted">—</span>}
                        </td>
                        <td><code className="muted small" title={a.hash}>{a.hash.slice(0, 10)}…</code></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </div>
          )}
      </Card>
    </>
  );
}
