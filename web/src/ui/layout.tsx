import { useEffect, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { usePopup } from '../hooks.js';
import { api } from '../api.js';
import { useMe, useSession } from '../session.js';
import type { Page, Notification } from '../types.js';
import { Avatar, Badge } from './bits.js';
import { Icon } from './icons.js';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
  testId?: string;
  /** Other addresses under this entry (the entity pages under Projects). */
  also?: RegExp;
}

interface NavSection {
  title?: string;
  items: NavItem[];
}

/** The left navigation: what everyone has, then what the user's roles add. */
function navFor(me: { isAdmin: boolean; isAct: boolean; isSecurity: boolean; isGovernance?: boolean }, reviewer: boolean, invitedReviewer = false): NavSection[] {
  const sections: NavSection[] = [
    {
      items: [
        { to: '/', label: 'Home', end: true },
        { to: '/notifications', label: 'Notifications' },
        { to: '/teams', label: 'Teams' },
        { to: '/groups', label: 'Groups' },
      ],
    },
    {
      title: 'My account',
      items: [
        { to: '/profile', label: 'Profile & tiers', end: true },
        { to: '/profile/certification', label: 'Certification' },
        { to: '/profile/verification', label: 'Identity verification' },
        { to: '/profile/security', label: 'Security' },
        { to: '/profile/tokens', label: 'Access tokens' },
        { to: '/profile/external-accounts', label: 'External accounts' },
      ],
    },
  ];
  sections.splice(1, 0, {
    title: 'Data',
    items: [
      { to: '/projects', label: 'Projects', also: /^\/entities\// },
      { to: '/download-list', label: 'Download list' },
      ...(!me.isSecurity && !me.isAdmin ? [{ to: '/egress/bypass-requests', label: 'Large data downloads' }] : []),
      { to: '/requests', label: 'My requests' },
      ...(!me.isAct && !me.isAdmin && reviewer ? [{ to: '/act/requests', label: 'Requests to review' }] : []),
      ...(!me.isAct && !me.isAdmin && invitedReviewer ? [{ to: '/reviewing', label: 'Invited reviews', also: /^\/reviewing\// }] : []),
      { to: '/trash', label: 'Trash' },
    ],
  });
  if (me.isAct || me.isAdmin) {
    sections.push({
      title: 'Access & Compliance',
      items: [
        { to: '/act/verifications', label: 'Verification requests' },
        { to: '/act/access-requirements', label: 'Access requirements' },
        { to: '/act/requests', label: 'Data access requests' },
        { to: '/act/request-blocks', label: 'Blocked requestors' },
        { to: '/act/form-field-library', label: 'Form field library' },
        { to: '/act/notification-templates', label: 'Notification templates' },
        { to: '/act/decisions', label: 'Decision explainer' },
      ],
    });
  }
  if (me.isSecurity || me.isAdmin) {
    sections.push({
      title: 'Egress',
      items: [
        { to: '/egress', label: 'Dashboard', end: true },
        { to: '/egress/incidents', label: 'Incidents' },
        { to: '/egress/bypass-requests', label: 'Large downloads' },
        { to: '/egress/events', label: 'Events' },
        { to: '/egress/deliveries', label: 'Deliveries' },
        { to: '/egress/sources', label: 'Sources' },
        { to: '/egress/policy', label: 'Policy' },
      ],
    });
  }
  if (me.isAct || me.isSecurity || me.isGovernance || me.isAdmin) {
    sections.push({ title: 'Audit', items: [
      { to: '/audit', label: 'Audits', end: true, also: /^\/audit\/runs\// },
      { to: '/audit/findings', label: 'Findings', also: /^\/audit\/findings\// },
      { to: '/audit/reports', label: 'Reports', also: /^\/audit\/reports\// },
      { to: '/audit/incidents', label: 'Incident log' },
      { to: '/audit/templates', label: 'Contact templates' },
    ] });
  }
  if (me.isAdmin) {
    sections.push({
      title: 'Administration',
      items: [
        { to: '/admin/users', label: 'Users' },
        { to: '/admin/outbox', label: 'Outbox' },
        { to: '/admin/audit-log', label: 'Audit log' },
        { to: '/admin/webhooks', label: 'Webhooks' },
      ],
    });
  }
  return sections;
}

export function Brand() {
  return (
    <span className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="currentColor" opacity="0.18" />
        <path d="M9 24V12l7-5 7 5v12h-5v-6h-4v6z" fill="currentColor" />
      </svg>
      <span className="brand-name">Gatehouse</span>
    </span>
  );
}

function UserMenu() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const { open, setOpen, ref } = usePopup();


  return (
    <div className="user-menu" ref={ref}>
      <button type="button" className="user-menu-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="user-menu"
        aria-label={`Your account: ${me.displayName || me.username}`}>
        <Avatar name={me.displayName || me.username} />
        <span className="user-menu-name">{me.displayName || me.username}</span>
        <span aria-hidden="true" className="caret">▾</span>
      </button>
      {open && (
        <div className="user-menu-panel" role="menu">
          <div className="user-menu-who">
            <strong>{me.displayName}</strong>
            <span className="muted small">@{me.username}</span>
            <span className="role-badges">
              {me.isAdmin && <Badge tone="accent">Admin</Badge>}
              {me.isAct && <Badge tone="accent">ACT</Badge>}
              {me.isSecurity && <Badge tone="accent">Security</Badge>}
            </span>
          </div>
          <Link role="menuitem" to="/profile">Profile &amp; tiers</Link>
          <Link role="menuitem" to="/profile/security">Security</Link>
          <Link role="menuitem" to="/profile/tokens">Access tokens</Link>
          <Link role="menuitem" to="/egress/bypass-requests/new">Large data download request</Link>
          <button type="button" role="menuitem" className="menu-signout" onClick={async () => {
            await signOut();
            navigate('/', { replace: true });
          }}>Sign out</button>
        </div>
      )}
    </div>
  );
}

function NotificationBell() {
  const { countsVersion } = useSession();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    api.get<Page<Notification> & { unread: number }>('/notifications', { limit: 1 }, controller.signal)
      .then((page) => setUnread(page.unread), () => {});
    return () => controller.abort();
  }, [countsVersion, location.pathname]);
  return (
    <Link to="/notifications" className="bell" aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'} data-testid="bell">
      <Icon name="bell" />
      {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : unread}</span>}
    </Link>
  );
}

/**
 * The search box of the header, on every page: Enter opens /search?q=… (the results page keeps its filters in the
 * address). On the results page it shows the query being looked at.
 */
function HeaderSearch() {
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === '/search' ? new URLSearchParams(location.search).get('q') ?? '' : '';
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (!q) return;
    // A new query starts over from the first page; the filters chosen on the results page stay.
    const params = location.pathname === '/search' ? new URLSearchParams(location.search) : new URLSearchParams();
    params.set('q', q);
    params.delete('offset');
    navigate(`/search?${params.toString()}`);
  };
  return (
    <form role="search" className="topbar-search" onSubmit={submit} aria-label="Search data">
      <label htmlFor="header-search" className="sr-only">Search projects, folders and files</label>
      <span className="topbar-search-icon" aria-hidden="true"><Icon name="search" size={16} /></span>
      <input id="header-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search data"
        autoComplete="off" enterKeyHint="search" maxLength={200} data-testid="header-search" />
    </form>
  );
}

/** The state of the folding navigation (narrow windows only; at desktop width the navigation always shows). */
interface NavToggle {
  open: boolean;
  toggle(): void;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

export function TopBar({ signedIn = true, signInTo, nav }: { signedIn?: boolean; signInTo?: string; nav?: NavToggle }) {
  const { me } = useSession();
  // Not on the terms page: until the terms are accepted there is nothing to search.
  const searchable = signedIn && !!me?.acceptedTerms;
  return (
    <header className="topbar">
      {nav && (
        <button type="button" ref={nav.buttonRef} className="nav-toggle" aria-controls="main-nav" aria-expanded={nav.open} onClick={nav.toggle} data-testid="nav-toggle">
          <span className="nav-toggle-icon" aria-hidden="true" />
          <span className="nav-toggle-label">Menu</span>
        </button>
      )}
      <Link to="/" className="topbar-brand" aria-label="Gatehouse home"><Brand /></Link>
      {searchable ? <HeaderSearch /> : <div className="topbar-spacer" />}
      {!signedIn && signInTo && <Link to={signInTo} className="btn btn-small topbar-signin">Sign in</Link>}
      {signedIn && (
        <>
          <NotificationBell />
          <UserMenu />
        </>
      )}
    </header>
  );
}

/** True when ACT has named the user (or a team of theirs) a reviewer of some access requirement. */
function useReviewer(me: { isAdmin: boolean; isAct: boolean }): boolean {
  const [reviewer, setReviewer] = useState(false);
  const staff = me.isAct || me.isAdmin;
  useEffect(() => {
    if (staff) return;
    let live = true;
    api.get<{ items: unknown[] }>('/reviews').then((r) => live && setReviewer(r.items.length > 0), () => undefined);
    return () => {
      live = false;
    };
  }, [staff]);
  return reviewer;
}

/** True when the user accepted an invitation to review (src/requests/invitations.ts). */
function useInvitedReviewer(me: { isAdmin: boolean; isAct: boolean }): boolean {
  const [invited, setInvited] = useState(false);
  const staff = me.isAct || me.isAdmin;
  useEffect(() => {
    if (staff) return;
    let live = true;
    api.get<{ items: unknown[] }>('/invitations/reviewing').then((r) => live && setInvited(r.items.length > 0), () => undefined);
    return () => {
      live = false;
    };
  }, [staff]);
  return invited;
}

/**
 * The navigation behind "Menu" on a narrow window: opening it moves focus to its first link; Escape closes it and
 * gives focus back to the button; choosing a link (or going anywhere else) closes it, and so does a click beside it.
 */
function useFoldingNav(pathname: string) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const navRef = useRef<HTMLElement>(null);
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    navRef.current?.querySelector<HTMLElement>('a')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  return { open, buttonRef, navRef, close: () => setOpen(false), toggle: () => setOpen((o) => !o) };
}

export function AppLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { pathname } = useLocation();
  const sections = navFor(me, useReviewer(me), useInvitedReviewer(me));
  const nav = useFoldingNav(pathname);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <TopBar nav={nav} />
      <div className="shell-body">
        {nav.open && <div className="nav-backdrop" aria-hidden="true" onClick={nav.close} />}
        <nav id="main-nav" ref={nav.navRef} className={`sidenav${nav.open ? ' sidenav-open' : ''}`} aria-label="Main"
          onClick={(e) => { if ((e.target as HTMLElement).closest('a')) nav.close(); }}>
          {sections.map((section, i) => (
            <div className="sidenav-section" key={section.title ?? i}>
              {section.title && <h2 className="sidenav-title">{section.title}</h2>}
              <ul>
                {section.items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end} className={({ isActive }) => `sidenav-link${isActive || item.also?.test(pathname) ? ' active' : ''}`}>{item.label}</NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
