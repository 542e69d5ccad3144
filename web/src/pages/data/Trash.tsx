import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { Entity, Page } from '../../types.js';
import { Alert, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, When, formatBytes } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';
import { EntityIcon, UserName, entityUrl } from '../../ui/entities.js';

const LIMIT = 50;

/** What was moved to the trash and may be restored or purged by the caller (SPEC §3). */
export function TrashPage() {
  const [offset, setOffset] = useState(0);
  const [notice, setNotice] = useState<{ text: string; id?: string }>();
  const trash = useApi<Page<Entity>>('/trash', { limit: LIMIT, offset });
  const act = useAction(async (e: Entity, what: 'restore' | 'purge') => {
    if (what === 'restore') await api.post(`/entities/${e.id}/restore`);
    else await api.delete(`/entities/${e.id}?purge=true`);
    setNotice(what === 'restore' ? { text: `“${e.name}” was restored.`, id: e.id } : { text: `“${e.name}” was deleted for good.` });
    trash.reload();
  });
  const items = trash.data?.items ?? [];
  return (
    <>
      <PageHeader title="Trash" subtitle="Projects, folders and files moved to the trash that you may restore. Purging deletes them for good." />
      {notice && <Alert tone="success" testId="trash-notice">{notice.text}{notice.id && <> <Link to={entityUrl(notice.id)}>Open it</Link></>}</Alert>}
      <FormProblem problem={act.problem} />
      <Card>
        {trash.loading && !trash.data ? <Loading what="Loading the trash" /> : trash.error ? <LoadError problem={trash.error} retry={trash.reload} />
          : items.length === 0 ? <Empty title="The trash is empty" icon="trash" />
          : (
            <>
              <div tabIndex={0} className="table-wrap">
                <table className="table table-cards" data-testid="trash-table">
                  <thead><tr><th scope="col">Name</th><th scope="col">Was in</th><th scope="col" className="num">Size</th><th scope="col">Last changed</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.id} data-testid={`trash-row-${e.name}`}>
                        <td className="name-cell fill-cell"><span className="entity-link"><EntityIcon type={e.type} /><span className="entity-name">{e.name}</span></span><div className="muted small">{e.type} · {e.id}</div></td>
                        <td data-label="Was in">{e.parentId ? <Link to={entityUrl(e.parentId)}>{e.parentId}</Link> : <span className="muted">top level (project)</span>}</td>
                        <td className="num nowrap" data-label="Size">{e.file ? formatBytes(e.file.size) : <span className="muted">—</span>}</td>
                        <td className="nowrap" data-label="Last changed"><When at={e.modifiedOn} /><div className="muted small">by <UserName id={e.modifiedBy} /></div></td>
                        <td className="actions">
                          <button type="button" className="btn btn-secondary btn-small" disabled={act.pending} onClick={() => void act.run(e, 'restore')} aria-label={`Restore ${e.name}`}>Restore</button>{' '}
                          <ConfirmButton onConfirm={() => act.run(e, 'purge')} confirmText="Delete for good">Purge</ConfirmButton>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination total={trash.data!.total} limit={LIMIT} offset={offset} onOffset={setOffset} />
            </>
          )}
      </Card>
    </>
  );
}
