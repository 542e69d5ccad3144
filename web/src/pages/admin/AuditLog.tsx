import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { AuditEntry, ChainVerification, Page } from '../../types.js';
import { Alert, Card, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';

const LIMIT = 50;
const FILTERS = ['action', 'actorId', 'targetType', 'targetId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

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
        ? <Alert tone="success" testId="chain-result"><strong>The chain is intact.</strong> {result.checked} entries checked; every hash links to the one before.</Alert>
        : <Alert tone="error" testId="chain-result"><strong>The chain is broken</strong> at entry #{result.firstBroken?.seq}: {result.firstBroken?.reason} ({result.checked} entries checked).</Alert>)}
    </div>
  );
}

export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const applied: Filters = { action: params.get('action') ?? '', actorId: params.get('actorId') ?? '', targetType: params.get('targetType') ?? '', targetId: params.get('targetId') ?? '' };
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [draft, setDraft] = useState<Filters>(applied);
  const [open, setOpen] = useState<number | null>(null);
  const page = useApi<Page<AuditEntry>>('/audit-log', { ...applied, limit: LIMIT, offset });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  };
  const clear = () => {
    setDraft({ action: '', actorId: '', targetType: '', targetId: '' });
    setParams(new URLSearchParams());
  };
  const setOffset = (o: number) => {
    const next = new URLSearchParams(params);
    if (o) next.set('offset', String(o));
    else next.delete('offset');
    setParams(next);
  };
  const filtered = FILTERS.some((k) => applied[k]);

  return (
    <>
      <PageHeader title="Audit log" subtitle="Append-only and hash-chained: each entry's hash covers the one before it." actions={<ChainCheck />} />
      <Card>
        <form className="toolbar" onSubmit={apply} noValidate>
          <div className="field"><label htmlFor="audit-action">Action starts with</label><input id="audit-action" type="text" placeholder="e.g. auth. or team." value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} /></div>
          <div className="field narrow-field"><label htmlFor="audit-actor">Actor id</label><input id="audit-actor" type="text" inputMode="numeric" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })} /></div>
          <div className="field"><label htmlFor="audit-target-type">Target type</label><input id="audit-target-type" type="text" placeholder="e.g. user" value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })} /></div>
          <div className="field narrow-field"><label htmlFor="audit-target-id">Target id</label><input id="audit-target-id" type="text" value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} /></div>
          <div className="toolbar-buttons">
            <button type="submit" className="btn btn-primary">Filter</button>
            {filtered && <button type="button" className="btn btn-ghost" onClick={clear}>Clear</button>}
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
