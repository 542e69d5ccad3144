import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, postForDownload } from '../../api.js';
import { useAction, useApi } from '../../hooks.js';
import type { ActionRequired, DownloadList } from '../../types.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, formatBytes } from '../../ui/bits.js';
import { FormProblem } from '../../ui/forms.js';
import { Icon } from '../../ui/icons.js';
import { entityUrl } from '../../ui/entities.js';
import { ActionLine } from './Conditions.js';

const actionKey = (a: ActionRequired) => JSON.stringify(a);

/**
 * The download list (SPEC §6): each file with whether it can be downloaded now, the actions that would unlock
 * the others (with how many files each unlocks), and the eligible files as one zip.
 */
export function DownloadListPage() {
  const list = useApi<DownloadList>('/download-list');
  const [notice, setNotice] = useState<string>();
  const remove = useAction(async (id: string) => {
    await api.delete(`/download-list/${id}`);
    list.reload();
  });
  const clear = useAction(async () => {
    await api.delete('/download-list');
    list.reload();
  });
  const zip = useAction(async () => {
    const headers = await postForDownload('/download-list/package', {}, 'download.zip');
    const count = headers.get('x-file-count');
    setNotice(`Your zip of ${count ?? 'the eligible'} ${count === '1' ? 'file' : 'files'} is downloading. Files served leave the list.`);
    list.reload();
  });
  const items = list.data?.items ?? [];
  const summary = list.data?.summary;
  // An example file for each action, so that "Request access" can name the data it is for.
  const exampleOf = new Map<string, string>();
  for (const item of items) for (const a of item.actionsRequired) if (!exampleOf.has(actionKey(a))) exampleOf.set(actionKey(a), item.entityId);

  return (
    <>
      <PageHeader title="Download list" subtitle="Collect files from anywhere, see what stands between you and each, and download the ready ones together."
        actions={items.length > 0 && <ConfirmButton small={false} variant="secondary" onConfirm={() => clear.run()} confirmText="Confirm: empty the list">Empty the list</ConfirmButton>} />
      {notice && <Alert tone="success" testId="download-list-notice">{notice}</Alert>}
      <FormProblem problem={zip.problem ?? remove.problem ?? clear.problem} />
      {list.loading && !list.data ? <Loading what="Loading your download list" /> : list.error ? <LoadError problem={list.error} retry={list.reload} />
        : items.length === 0 ? (
          <Card><Empty title="Your download list is empty" icon="cart">Open a file and choose <strong>Add to download list</strong>, or select files in a folder.</Empty></Card>
        ) : (
          <div className="entity-layout">
            <div className="entity-main">
              <Card title={`Files (${items.length})`} id="download-items">
                <div tabIndex={0} className="table-wrap">
                  <table className="table download-table" data-testid="download-list-table">
                    <thead><tr><th scope="col">File</th><th scope="col" className="num">Size</th><th scope="col">Now</th><th scope="col"><span className="sr-only">Remove</span></th></tr></thead>
                    <tbody>
                      {items.map((item) => (
                        <tr key={item.entityId} data-testid={`download-row-${item.name}`}>
                          <td className="name-cell fill-cell">
                            <Link to={entityUrl(item.entityId)} className="entity-link"><Icon name="file" size={18} /><span className="entity-name">{item.name}</span></Link>
                            <div className="muted small">{item.entityId}{item.versionNumber !== null && <> · version {item.versionNumber}</>}</div>
                            {!item.canDownload && item.message && <div className="small denial">{item.message}</div>}
                          </td>
                          <td className="num nowrap">{item.size === null ? <span className="muted">—</span> : formatBytes(item.size)}</td>
                          <td>{item.canDownload ? <Badge tone="success">ready</Badge> : <Badge tone="warning">{item.actionsRequired.length === 1 ? '1 action' : `${item.actionsRequired.length} actions`} needed</Badge>}</td>
                          <td className="actions"><button type="button" className="btn btn-ghost btn-small" disabled={remove.pending} onClick={() => void remove.run(item.entityId)} aria-label={`Remove ${item.name}`}>Remove</button></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </Card>
            </div>
            <aside className="entity-aside">
              <Card title="Download" id="download-summary" testId="download-summary">
                <p className="stat"><span className="stat-number">{summary?.eligible ?? 0}</span> ready · {summary?.ineligible ?? 0} not yet</p>
                <button type="button" className="btn btn-primary btn-block" disabled={!summary?.eligible || zip.pending} onClick={() => void zip.run()}>
                  <Icon name="download" size={16} /> {zip.pending ? 'Preparing the zip…' : 'Download eligible files as zip'}
                </button>
                <p className="small muted">A large transfer? <Link to="/egress/bypass-requests/new">Ask for a large data download</Link> first, so that the egress monitors let it through.</p>
              </Card>
              {summary && summary.actions.length > 0 && (
                <Card title="To unlock the others" id="download-actions" testId="download-actions">
                  <ol className="action-list">
                    {summary.actions.map((a) => (
                      <ActionLine key={actionKey(a.action)} action={a.action} count={a.count} entityId={exampleOf.get(actionKey(a.action))}
                        onChanged={() => { setNotice('Accepted. The list was checked again.'); list.reload(); }} />
                    ))}
                  </ol>
                </Card>
              )}
            </aside>
          </div>
        )}
    </>
  );
}
