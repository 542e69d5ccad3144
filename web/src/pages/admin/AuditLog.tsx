import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { AuditEntry, ChainVerification, DownloadRecordEntry, Page, UserSummary } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, StateBadge, Tabs, When, formatBytes } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';
import { UserPicker } from '../../ui/UserPicker.js';
import { PrincipalPicker } from '../../ui/PrincipalPicker.js';
import { EntityPicker, type PickedEntity } from '../../ui/EntityPicker.js';
import { entityUrl } from '../../ui/entities.js';
import { Coded, auditWords, humanise, ruleWords } from '../../ui/words.js';

const LIMIT = 50;
const FILTERS = ['action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The kinds of target the log names; the filter offers them as words. */
const TARGET_TYPES = ['user', 'entity', 'team', 'group', 'access-requirement', 'access-approval', 'data-access-request', 'verification',
  'egress-incident', 'egress-source', 'egress-bypass-request', 'form-field-template', 'runtime', 'token', 'terms'] as const;

type PickedTarget = { kind: 'user'; user: UserSummary } | { kind: 'entity'; entity: PickedEntity } | { kind: 'principal'; name: string };

/** A target by name where it has one (user, entity, team, group, access requirement), else its kind and number. */
function TargetCell({ entry: a }: { entry: AuditEntry }) {
  const kind = humanise(a.targetType!).toLowerCase();
  const link = a.targetType === 'entity' ? entityUrl(a.targetId!) : a.targetType === 'user' ? `/admin/users/${a.targetId}`
    : a.targetType === 'team' ? `/teams/${a.targetId}` : a.targetType === 'access-requirement' ? `/act/access-requirements/${a.targetId}` : undefined;
  if (!a.targetName) return <span title={`${a.targetType} ${a.targetId}`}>{kind} <span className="muted">{a.targetType === 'entity' ? a.targetId : `#${a.targetId}`}</span></span>;
  const name = a.targetType === 'user' ? `@${a.targetName}` : a.targetName;
  return <span title={`${a.targetType} ${a.targetId}`}>{link ? <Link className="inline-link" to={link}>{name}</Link> : name} <span className="muted small">{kind}</span></span>;
}

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
  const [user, setUser] = useState<UserSummary | null>(null);
  const [file, setFile] = useState<PickedEntity | null>(null);
  const presetUser = useApi<UserSummary>(applied.userId && !user ? `/users/${applied.userId}` : null);
  useEffect(() => {
    if (presetUser.data && !user) setUser(presetUser.data);
  }, [presetUser.data, user]);
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
    setUser(null);
    setFile(null);
    setParams(new URLSearchParams({ view: 'downloads' }));
  };
  const setOffset = offsetSetter(params, setParams);
  const filtered = DOWNLOAD_FILTERS.some((k) => applied[k]);

  return (
    <Card>
      <form className="toolbar" onSubmit={apply} noValidate>
        <UserPicker label="User" id="downloads-user" value={user} onChange={(u) => { setUser(u); setDraft({ ...draft, userId: u ? String(u.id) : '' }); }} />
        <EntityPicker label="File" id="downloads-file" allowId types={['file']} value={file} onChange={(f) => { setFile(f); setDraft({ ...draft, entityId: f?.id ?? '' }); }} />
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
          <div tabIndex={0} className="table-wrap">
            <table className="table table-dense" data-testid="downloads-table">
              <thead><tr><th scope="col">When</th><th scope="col">User</th><th scope="col">File</th><th scope="col" className="num">Version</th><th scope="col" className="num">Bytes</th><th scope="col">MD5</th><th scope="col">Client</th><th scope="col">Result</th></tr></thead>
              <tbody>
                {page.data.items.map((d) => (
                  <tr key={d.id}>
                    <td className="nowrap"><When at={d.at} /></td>
                    <td className="nowrap">{d.userName ? <>@{d.userName}</> : <span className="muted">anonymous</span>}</td>
                    <td>{d.fileName ? <Link to={entityUrl(d.entityId)} title={d.entityId}>{d.fileName}</Link> : <span className="muted">{d.entityId}</span>}</td>
                    <td className="num">{d.version ?? <span className="muted">—</span>}</td>
                    <td className="num nowrap" title={`${d.bytes} bytes`}>{formatBytes(d.bytes)}</td>
                    <td>{d.md5 ? <code className="muted small" title={d.md5}>{d.md5.slice(0, 10)}…</code> : <span className="muted">—</span>}</td>
                    <td className="small">{d.client || <span className="muted">—</span>}</td>
                    <td className="nowrap"><StateBadge state={d.result} />{d.rule && <span className="muted small"> <Coded code={d.rule} words={ruleWords} /></span>}</td>
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
  const [actor, setActor] = useState<UserSummary | null>(null);
  const [target, setTarget] = useState<PickedTarget | null>(null);
  // Opened with ?actorId= (a link, or a reload): the picker shows that user by name.
  const presetActor = useApi<UserSummary>(applied.actorId && !actor ? `/users/${applied.actorId}` : null);
  useEffect(() => {
    if (presetActor.data && !actor) setActor(presetActor.data);
  }, [presetActor.data, actor]);
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
    setActor(null);
    setTarget(null);
    setParams(new URLSearchParams());
  };
  const setOffset = offsetSetter(params, setParams);
  const filtered = FILTERS.some((k) => applied[k]);

  return (
    <>
      <Card>
        <form className="toolbar" onSubmit={apply} noValidate>
          <div className="field"><label htmlFor="audit-action">Action starts with</label><input id="audit-action" type="text" placeholder="e.g. auth. or team." value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} /></div>
          <UserPicker label="Actor" id="audit-actor" value={actor} onChange={(u) => { setActor(u); setDraft({ ...draft, actorId: u ? String(u.id) : '' }); }} />
          <div className="field"><label htmlFor="audit-target-type">Target type</label>
            <select id="audit-target-type" value={draft.targetType} onChange={(e) => { setTarget(null); setDraft({ ...draft, targetType: e.target.value, targetId: '' }); }}>
              <option value="">any</option>
              {TARGET_TYPES.map((t) => <option key={t} value={t}>{humanise(t).toLowerCase()}</option>)}
            </select>
          </div>
          {draft.targetType === 'user' ? (
            <UserPicker label="Target user" id="audit-target-id" value={target?.kind === 'user' ? target.user : null}
              onChange={(u) => { setTarget(u ? { kind: 'user', user: u } : null); setDraft({ ...draft, targetId: u ? String(u.id) : '' }); }} />
          ) : draft.targetType === 'entity' ? (
            <EntityPicker label="Target entity" id="audit-target-id" allowId value={target?.kind === 'entity' ? target.entity : null}
              onChange={(e) => { setTarget(e ? { kind: 'entity', entity: e } : null); setDraft({ ...draft, targetId: e?.id ?? '' }); }} />
          ) : draft.targetType === 'team' || draft.targetType === 'group' ? (
            target?.kind === 'principal' ? (
              <div className="field"><span className="label-like">Target {draft.targetType}</span><div className="picked"><strong>{target.name}</strong>
                <button type="button" className="btn btn-ghost btn-small" onClick={() => { setTarget(null); setDraft({ ...draft, targetId: '' }); }}>Change</button></div></div>
            ) : (
              <PrincipalPicker label={`Target ${draft.targetType}`} id="audit-target-id" kinds={[draft.targetType]}
                onPick={(p) => { setTarget({ kind: 'principal', name: p.name }); setDraft({ ...draft, targetId: String(p.id) }); }} />
            )
          ) : draft.targetType ? (
            <div className="field narrow-field"><label htmlFor="audit-target-id">Target number</label><input id="audit-target-id" type="text" value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} /></div>
          ) : null}
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
            <div tabIndex={0} className="table-wrap">
              <table className="table table-dense" data-testid="audit-table">
                <thead><tr><th scope="col" className="num">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Details</th><th scope="col">Hash</th></tr></thead>
                <tbody>
                  {page.data.items.map((a) => {
                    const details = a.details && typeof a.details === 'object' && Object.keys(a.details).length ? JSON.stringify(a.details, null, 2) : null;
                    return (
                      <tr key={a.seq}>
                        <td className="num muted">{a.seq}</td>
                        <td className="nowrap"><When at={a.at} /></td>
                        <td className="nowrap" data-testid="audit-actor-cell">{a.actorName ? <>@{a.actorName}</> : a.actorId != null ? <span className="muted">a deleted user</span> : <span className="muted">system</span>}</td>
                        <td className="nowrap"><Coded code={a.action} words={auditWords} /></td>
                        <td>{a.targetType ? <TargetCell entry={a} /> : <span className="muted">—</span>}</td>
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
