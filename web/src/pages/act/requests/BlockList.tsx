import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../../api.js';
import { useAction, useApi } from '../../../hooks.js';
import type { Page } from '../../../types.js';
import { Alert, Badge, Card, ConfirmButton, Empty, LoadError, Loading, PageHeader, Pagination, When } from '../../../ui/bits.js';
import { FormProblem } from '../../../ui/forms.js';
import type { RequestBlock } from '../../requests/model.js';
import '../../requests/requests.css';

const LIMIT = 50;

/** ACT's block list (`/act/request-blocks`): who is blocked from requesting which access requirement, and lifting. */
export function BlockListPage() {
  const [all, setAll] = useState(false);
  const [offset, setOffset] = useState(0);
  const list = useApi<Page<RequestBlock>>('/request-blocks', { all: all ? 'true' : undefined, limit: LIMIT, offset });
  const [notice, setNotice] = useState<string>();
  const lift = useAction(async (b: RequestBlock) => {
    await api.post(`/request-blocks/${b.id}/lift`, {});
    setNotice(`${b.user.displayName || b.user.username} may request ${b.accessRequirementName} again.`);
  });
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Blocked requestors" subtitle="Users ACT blocked from requesting an access requirement when it revoked a request. Their new requests are refused at submission." />
      {notice && <Alert tone="success" testId="block-notice">{notice}</Alert>}
      <FormProblem problem={lift.problem} />
      <Card>
        <label className="small"><input type="checkbox" checked={all} onChange={(e) => { setAll(e.target.checked); setOffset(0); }} /> Show lifted and ended blocks too</label>
        {list.loading && !list.data ? <Loading what="Loading the block list" shape="table" /> : list.error ? <LoadError problem={list.error} retry={list.reload} /> : items.length === 0 ? (
          <Empty title="Nobody is blocked">Block a requestor or accessors when you revoke a request.</Empty>
        ) : (
          <div tabIndex={0} className="table-wrap table-contained">
            <table className="table block-table" data-testid="block-table">
              <thead><tr><th>Who</th><th>Access requirement</th><th>Reason</th><th>Until</th><th>Blocked</th><th /></tr></thead>
              <tbody>
                {items.map((b) => (
                  <tr key={b.id} data-testid="block-row">
                    <td data-label="Who"><strong>{b.user.displayName || b.user.username}</strong> <span className="muted small">@{b.user.username}</span></td>
                    <td data-label="Access requirement">{b.accessRequirementName}{b.requestId !== null && <div className="small"><Link to={`/requests/${b.requestId}`}>the revoked request</Link></div>}</td>
                    <td data-label="Reason">{b.reason}</td>
                    <td data-label="Until">{b.until ? <When at={b.until} dateOnly /> : 'until lifted'}</td>
                    <td data-label="Blocked" className="small"><When at={b.blockedOn} /> by {b.blockedBy.displayName}</td>
                    <td>
                      {b.active
                        ? <ConfirmButton onConfirm={() => lift.run(b)} confirmText="Yes, lift the block" variant="primary">Lift block</ConfirmButton>
                        : <Badge tone="neutral">{b.liftedOn ? <>Lifted by {b.liftedBy?.displayName}</> : 'Ended'}</Badge>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {list.data && <Pagination total={list.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />}
      </Card>
    </>
  );
}
