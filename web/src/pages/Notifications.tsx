import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api.js';
import { useAction, useApi } from '../hooks.js';
import { useSession } from '../session.js';
import type { Notification, Page } from '../types.js';
import { Badge, Empty, LoadError, Loading, PageHeader, Pagination, Tabs, When } from '../ui/bits.js';
import { FormProblem } from '../ui/forms.js';

const LIMIT = 25;

/** What a notice is about, in words: its kind (e.g. egress.incident) is a code for programs, not for people. */
const AREAS: Record<string, string> = {
  'access-approval': 'Access', 'access-requirement': 'Access', account: 'Account', egress: 'Security review',
  team: 'Teams', verification: 'Identity verification', request: 'Access request', group: 'Groups',
};
const areaOf = (kind: string) => {
  const area = kind.split('.')[0];
  return AREAS[area] ?? area.charAt(0).toUpperCase() + area.slice(1).replaceAll('-', ' ');
};

export function NotificationsPage() {
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [offset, setOffset] = useState(0);
  const { countsChanged } = useSession();
  const page = useApi<Page<Notification> & { unread: number }>('/notifications', { unread: filter === 'unread' ? true : undefined, limit: LIMIT, offset });
  const markRead = useAction(async (ids: number[]) => {
    for (const id of ids) await api.post(`/notifications/${id}/read`);
    page.setData((cur) => cur && {
      ...cur,
      items: cur.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)),
      unread: Math.max(0, cur.unread - ids.length),
    });
    countsChanged();
  });
  const unreadHere = (page.data?.items ?? []).filter((n) => !n.read).map((n) => n.id);

  return (
    <>
      <PageHeader title="Notifications" subtitle={page.data ? `${page.data.unread} unread` : undefined}
        actions={unreadHere.length > 0 && (
          <button type="button" className="btn btn-secondary" disabled={markRead.pending} onClick={() => void markRead.run(unreadHere)}>Mark all on this page read</button>
        )} />
      <Tabs label="Which notifications" value={filter} onChange={(v) => { setFilter(v); setOffset(0); }}
        tabs={[{ value: 'all', label: 'All' }, { value: 'unread', label: 'Unread' }]} />
      <FormProblem problem={markRead.problem} />
      {page.loading && !page.data ? <Loading what="Loading notifications" />
        : page.error ? <LoadError problem={page.error} retry={page.reload} />
        : page.data && page.data.items.length === 0 ? (
          <Empty title={filter === 'unread' ? 'Nothing unread' : 'No notifications yet'} icon="bell">
            Invitations, decisions on your requests and other news arrive here.
          </Empty>
        ) : (
          <ul className="item-list notifications" data-testid="notifications">
            {page.data?.items.map((n) => (
              <li key={n.id} className={`item${n.read ? '' : ' unread'}`}>
                <div className="item-main">
                  <div className="notification-title">
                    {!n.read && <span className="dot" aria-label="unread" />}
                    <strong>{n.title}</strong> <Badge>{areaOf(n.kind)}</Badge>
                  </div>
                  {n.body && <p className="notification-body">{n.body}</p>}
                  <div className="muted small"><When at={n.createdAt} /></div>
                </div>
                <div className="item-actions">
                  {n.link && (n.link.startsWith('/') && !n.link.startsWith('/api/')
                    ? <Link className="btn btn-secondary btn-small" to={n.link} onClick={() => { if (!n.read) void markRead.run([n.id]); }}>Open</Link>
                    : <a className="btn btn-secondary btn-small" href={n.link} onClick={() => { if (!n.read) void markRead.run([n.id]); }}>Open</a>)}
                  {!n.read && <button type="button" className="btn btn-ghost btn-small" onClick={() => void markRead.run([n.id])}>Mark read</button>}
                </div>
              </li>
            ))}
          </ul>
        )}
      {page.data && <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />}
    </>
  );
}
