import { useState, type MouseEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api.js';
import { useAction, useApi } from '../hooks.js';
import { write } from '../queries.js';
import { useSession } from '../session.js';
import type { Notification, Page } from '../types.js';
import { Badge, Empty, LoadError, Loading, PageHeader, Pagination, Tabs, When } from '../ui/bits.js';
import { FormProblem } from '../ui/forms.js';

const LIMIT = 25;

/** A link inside the web app (followed by the router), not the API or another site. */
const inApp = (link: string) => link.startsWith('/') && !link.startsWith('/api/');

/**
 * Opening a notification marks it read. The link is followed at once; the read is recorded alongside, and the
 * bell asks again for its count when the server has it (the bell also asks on every change of page).
 */
export function useOpenNotification(onRead?: (id: number) => void) {
  const { countsChanged } = useSession();
  return (_e: MouseEvent, n: Notification) => {
    if (n.read) return;
    void write(() => api.post(`/notifications/${n.id}/read`), [['/notifications']]).then(() => {
      onRead?.(n.id);
      countsChanged();
    }, () => undefined);
  };
}

/** The notification's title as a link to what it is about (or as text when it has no link). */
export function NotificationTitle({ n, open }: { n: Notification; open: (e: MouseEvent, n: Notification) => void }) {
  const title = <strong>{n.title}</strong>;
  if (!n.link) return title;
  return inApp(n.link)
    ? <Link to={n.link} onClick={(e) => open(e, n)} data-testid="notification-link">{title}</Link>
    : <a href={n.link} onClick={(e) => open(e, n)} data-testid="notification-link">{title}</a>;
}

/**
 * The notification's text with its addresses as links: the one that leads to what it is about (written as the
 * server's public address, which may not be this page's origin) is followed inside the app, and marks it read.
 */
export function NotificationBody({ n, open }: { n: Notification; open: (e: MouseEvent, n: Notification) => void }) {
  const parts = n.body.split(/(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/);
  return (
    <p className="notification-body">
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        let here: string | null = null;
        try {
          const url = new URL(part);
          here = `${url.pathname}${url.search}`;
        } catch { /* not an address after all */ }
        return n.link && here === n.link && inApp(n.link)
          ? <Link key={i} to={n.link} onClick={(e) => open(e, n)}>{part}</Link>
          : <a key={i} href={part} rel="noreferrer">{part}</a>;
      })}
    </p>
  );
}

/** What the notification is about, in words; the code stays in the tooltip. */
export const KindBadge = ({ n }: { n: Notification }) => <Badge title={n.kind}>{n.kindText}</Badge>;

export function NotificationsPage() {
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [offset, setOffset] = useState(0);
  const { countsChanged } = useSession();
  const page = useApi<Page<Notification> & { unread: number }>('/notifications', { unread: filter === 'unread' ? true : undefined, limit: LIMIT, offset });
  const markedRead = (ids: number[]) => page.setData((cur) => cur && {
    ...cur,
    items: cur.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)),
    unread: Math.max(0, cur.unread - cur.items.filter((n) => ids.includes(n.id) && !n.read).length),
  });
  const markRead = useAction(async (id: number) => {
    await api.post(`/notifications/${id}/read`);
    markedRead([id]);
    countsChanged();
  });
  const markAll = useAction(async () => {
    await api.post('/notifications/read-all');
    page.setData((cur) => cur && { ...cur, items: cur.items.map((n) => ({ ...n, read: true })), unread: 0 });
    countsChanged();
    if (filter === 'unread') page.reload();
  });
  const open = useOpenNotification((id) => markedRead([id]));
  const unread = page.data?.unread ?? 0;

  return (
    <>
      <PageHeader title="Notifications" subtitle={page.data ? (unread === 0 ? 'All read' : `${unread} unread`) : undefined}
        actions={unread > 0 && (
          <button type="button" className="btn btn-secondary" disabled={markAll.pending} onClick={() => void markAll.run()} data-testid="mark-all-read">Mark all read</button>
        )} />
      <Tabs label="Which notifications" value={filter} onChange={(v) => { setFilter(v); setOffset(0); }}
        tabs={[{ value: 'all', label: 'All' }, { value: 'unread', label: 'Unread' }]} />
      <FormProblem problem={markRead.problem ?? markAll.problem} />
      {page.loading && !page.data ? <Loading what="Loading notifications" />
        : page.error ? <LoadError problem={page.error} retry={page.reload} />
        : page.data && page.data.items.length === 0 ? (
          <Empty title={filter === 'unread' ? 'Nothing unread' : 'No notifications yet'} icon="bell">
            Invitations, decisions on your requests and other news arrive here.
          </Empty>
        ) : (
          <ul className="item-list notifications" data-testid="notifications">
            {page.data?.items.map((n) => (
              <li key={n.id} className={`item${n.read ? '' : ' unread'}`} data-testid="notification" data-read={n.read}>
                <div className="item-main">
                  <div className="notification-title">
                    {!n.read && <span className="dot" role="img" aria-label="unread" />}
                    <NotificationTitle n={n} open={open} /> <KindBadge n={n} />
                  </div>
                  {n.body && <NotificationBody n={n} open={open} />}
                  <div className="muted small"><When at={n.createdAt} />{n.read ? ' · read' : ''}</div>
                </div>
                <div className="item-actions">
                  {n.link && (inApp(n.link)
                    ? <Link className="btn btn-secondary btn-small" to={n.link} onClick={(e) => open(e, n)}>Open</Link>
                    : <a className="btn btn-secondary btn-small" href={n.link} onClick={(e) => open(e, n)}>Open</a>)}
                  {!n.read && <button type="button" className="btn btn-ghost btn-small" onClick={() => void markRead.run(n.id)}>Mark read</button>}
                </div>
              </li>
            ))}
          </ul>
        )}
      {page.data && <Pagination total={page.data.total} limit={LIMIT} offset={offset} onOffset={setOffset} />}
    </>
  );
}
