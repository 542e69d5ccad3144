import { useEffect, type ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { SessionProvider, useMe, useSession } from './session.js';
import { AppLayout, TopBar } from './ui/layout.js';
import { Empty, LoadError, Loading, PageHeader } from './ui/bits.js';
import { SignInPage } from './pages/SignIn.js';
import { TermsGate } from './pages/Terms.js';
import { HomePage } from './pages/Home.js';
import { NotificationsPage } from './pages/Notifications.js';
import { ProfilePage } from './pages/profile/Profile.js';
import { CertificationPage } from './pages/profile/Certification.js';
import { VerificationPage } from './pages/profile/Verification.js';
import { SecurityPage } from './pages/profile/Security.js';
import { TokensPage } from './pages/profile/Tokens.js';
import { TeamsPage } from './pages/teams/Teams.js';
import { TeamPage } from './pages/teams/TeamPage.js';
import { VerificationReviewOnePage, VerificationsReviewPage } from './pages/act/Verifications.js';
import { UsersPage } from './pages/admin/Users.js';
import { UserDetailPage } from './pages/admin/UserDetail.js';
import { OutboxPage } from './pages/admin/Outbox.js';
import { AuditLogPage } from './pages/admin/AuditLog.js';
import { WebhooksPage } from './pages/admin/Webhooks.js';
import { ProjectsPage } from './pages/data/Projects.js';
import { EntityPage } from './pages/data/EntityPage.js';
import { TrashPage } from './pages/data/Trash.js';
import { DownloadListPage } from './pages/data/DownloadList.js';
import { SearchPage } from './pages/data/Search.js';
import { AccessRequirementsPage, NewAccessRequirementPage } from './pages/act/AccessRequirements.js';
import { AccessRequirementPage } from './pages/act/AccessRequirementPage.js';
import { DecisionExplainerPage } from './pages/act/DecisionExplainer.js';
import { NewRequestPage } from './pages/requests/NewRequest.js';
import { RequestPage } from './pages/requests/RequestPage.js';
import { MyRequestsPage } from './pages/requests/MyRequests.js';
import { ApprovedUsesPage, PublicApprovedUses, isPublicApprovedUses } from './pages/requests/ApprovedUses.js';
import { InvitationPage, InvitedReviewPage, InvitedReviewsPage, PublicInvitation, isInvitationPage } from './pages/requests/Invitations.js';
import { ReviewPage } from './pages/act/requests/ReviewPage.js';
import { FormDesignerPage } from './pages/act/requests/FormDesigner.js';
import { FieldLibraryPage } from './pages/act/requests/FieldLibrary.js';
import { NotificationTemplatesPage } from './pages/act/requests/NotificationTemplates.js';
import { ReportsPage } from './pages/act/requests/Reports.js';
import { BlockListPage } from './pages/act/requests/BlockList.js';
import { GroupPage } from './pages/groups/GroupPage.js';
import { GroupsPage } from './pages/groups/Groups.js';
import { ExternalAccountsPage } from './pages/groups/ExternalAccounts.js';
import { ProjectRuntimesPage } from './pages/domains/Runtimes.js';
import { EgressSourcesPage } from './pages/egress/Sources.js';
import { EgressDeliveriesPage, EgressEventsPage } from './pages/egress/Activity.js';
import { EgressIncidentPage, EgressIncidentsPage } from './pages/egress/Incidents.js';
import { EgressDashboardPage } from './pages/egress/Dashboard.js';
import { EgressPolicyPage } from './pages/egress/Policy.js';
import { BypassRequestPage, BypassRequestsPage, NewBypassRequestPage } from './pages/egress/BypassRequests.js';
import { FindingPage } from './pages/audit/Finding.js';
import { AuditTemplatesPage } from './pages/audit/Templates.js';
import { AuditIncidentsPage } from './pages/audit/Incidents.js';
import { AuditReportsPage } from './pages/audit/Reports.js';
import { AuditReportPage } from './pages/audit/Report.js';
import { AuditRunsPage } from './pages/audit/Runs.js';
import { AuditFindingsPage, AuditRunPage } from './pages/audit/Run.js';

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Empty title="There is nothing at this address" icon="search"><Link to="/">Go to the home page</Link></Empty>
    </>
  );
}

/** A page only for some roles; others see why, rather than an empty page full of 403s. */
function RoleOnly({ admin, act, security, auditReader, children }: { admin?: boolean; act?: boolean; security?: boolean; auditReader?: boolean; children: ReactNode }) {
  const me = useMe();
  const allowed = (admin && me.isAdmin) || (act && (me.isAct || me.isAdmin)) || (security && (me.isSecurity || me.isAdmin))
    || (auditReader && (me.isSecurity || me.isAct || me.isGovernance || me.isAdmin));
  if (allowed) return <>{children}</>;
  const who = auditReader ? 'security engineers, the Access and Compliance Team, governance and platform administrators'
    : security ? 'security engineers and platform administrators' : admin && !act ? 'platform administrators' : 'members of the Access and Compliance Team';
  return (
    <>
      <PageHeader title="Not available" />
      <Empty title={`Only ${who} may see this page.`} icon="lock">
        <Link to="/">Go to the home page</Link>
      </Empty>
    </>
  );
}

function ScrollToTop() {
  const { pathname } = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
  return null;
}

function SignedInApp() {
  return (
    <AppLayout>
      <ScrollToTop />
      <Routes>
        <Route path="/" element={<HomePage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/teams" element={<TeamsPage />} />
        <Route path="/teams/:id" element={<TeamPage />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/profile/certification" element={<CertificationPage />} />
        <Route path="/profile/verification" element={<VerificationPage />} />
        <Route path="/profile/security" element={<SecurityPage />} />
        <Route path="/profile/tokens" element={<TokensPage />} />
        <Route path="/act/verifications" element={<RoleOnly act><VerificationsReviewPage /></RoleOnly>} />
        <Route path="/act/verifications/:id" element={<RoleOnly act><VerificationReviewOnePage /></RoleOnly>} />
        <Route path="/egress" element={<RoleOnly security><EgressDashboardPage /></RoleOnly>} />
        <Route path="/egress/sources" element={<RoleOnly security><EgressSourcesPage /></RoleOnly>} />
        <Route path="/egress/policy" element={<RoleOnly security><EgressPolicyPage /></RoleOnly>} />
        <Route path="/egress/events" element={<RoleOnly security><EgressEventsPage /></RoleOnly>} />
        <Route path="/egress/deliveries" element={<RoleOnly security><EgressDeliveriesPage /></RoleOnly>} />
        <Route path="/egress/incidents" element={<RoleOnly security><EgressIncidentsPage /></RoleOnly>} />
        {/* The user an incident concerns opens it from the notification; the server answers 404 to anyone else. */}
        <Route path="/egress/incidents/:id" element={<EgressIncidentPage />} />
        {/* Any signed-in user: their own requests; security engineers: everyone's (the server decides which). */}
        <Route path="/egress/bypass-requests" element={<BypassRequestsPage />} />
        <Route path="/egress/bypass-requests/new" element={<NewBypassRequestPage />} />
        <Route path="/egress/bypass-requests/:id" element={<BypassRequestPage />} />
        {/* Audit readers: security engineers, ACT, governance, admins. */}
        <Route path="/audit" element={<RoleOnly auditReader><AuditRunsPage /></RoleOnly>} />
        <Route path="/audit/runs/:id" element={<RoleOnly auditReader><AuditRunPage /></RoleOnly>} />
        <Route path="/audit/findings" element={<RoleOnly auditReader><AuditFindingsPage /></RoleOnly>} />
        <Route path="/audit/findings/:id" element={<RoleOnly auditReader><FindingPage /></RoleOnly>} />
        <Route path="/audit/templates" element={<RoleOnly auditReader><AuditTemplatesPage /></RoleOnly>} />
        <Route path="/audit/incidents" element={<RoleOnly auditReader><AuditIncidentsPage /></RoleOnly>} />
        <Route path="/audit/reports" element={<RoleOnly auditReader><AuditReportsPage /></RoleOnly>} />
        <Route path="/audit/reports/:id" element={<RoleOnly auditReader><AuditReportPage /></RoleOnly>} />
        <Route path="/admin/users" element={<RoleOnly admin><UsersPage /></RoleOnly>} />
        <Route path="/admin/users/:id" element={<RoleOnly admin><UserDetailPage /></RoleOnly>} />
        <Route path="/admin/outbox" element={<RoleOnly admin><OutboxPage /></RoleOnly>} />
        <Route path="/admin/audit-log" element={<RoleOnly admin><AuditLogPage /></RoleOnly>} />
        <Route path="/admin/webhooks" element={<RoleOnly admin><WebhooksPage /></RoleOnly>} />
        <Route path="/projects" element={<ProjectsPage />} />
        <Route path="/entities/:id" element={<EntityPage />} />
        <Route path="/trash" element={<TrashPage />} />
        <Route path="/download-list" element={<DownloadListPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/requests/new" element={<NewRequestPage />} />
        <Route path="/requests" element={<MyRequestsPage />} />
        <Route path="/requests/:id" element={<RequestPage />} />
        <Route path="/invitations/:token" element={<InvitationPage />} />
        <Route path="/reviewing" element={<InvitedReviewsPage />} />
        <Route path="/reviewing/requests/:id" element={<InvitedReviewPage />} />
        <Route path="/access-requirements/:id/approved-uses" element={<ApprovedUsesPage />} />
        {/* An AR's public URL (the value of its GA4GH visas, src/passport/visas.ts) shows its page. */}
        <Route path="/access-requirements/:id" element={<Navigate to="approved-uses" replace />} />
        <Route path="/act/requests" element={<ReviewPage />} />
        <Route path="/act/requests/reports" element={<ReportsPage />} />
        <Route path="/act/access-requirements/:id/form" element={<RoleOnly act><FormDesignerPage /></RoleOnly>} />
        <Route path="/act/form-field-library" element={<RoleOnly act><FieldLibraryPage /></RoleOnly>} />
        <Route path="/act/notification-templates" element={<RoleOnly act><NotificationTemplatesPage /></RoleOnly>} />
        <Route path="/act/request-blocks" element={<RoleOnly act><BlockListPage /></RoleOnly>} />
        <Route path="/groups" element={<GroupsPage />} />
        <Route path="/groups/:name" element={<GroupPage />} />
        <Route path="/profile/external-accounts" element={<ExternalAccountsPage />} />
        <Route path="/entities/:id/runtimes" element={<ProjectRuntimesPage />} />
        <Route path="/act/access-requirements" element={<RoleOnly act><AccessRequirementsPage /></RoleOnly>} />
        <Route path="/act/access-requirements/new" element={<RoleOnly act><NewAccessRequirementPage /></RoleOnly>} />
        <Route path="/act/access-requirements/:id" element={<RoleOnly act><AccessRequirementPage /></RoleOnly>} />
        <Route path="/act/decisions" element={<RoleOnly act admin><DecisionExplainerPage /></RoleOnly>} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AppLayout>
  );
}

/**
 * What a visitor who is not signed in sees of an entity: the same page, read-only (what is shared with PUBLIC),
 * with "Sign in" in the top bar and "Sign in to request access" in the conditions.
 */
function PublicEntity() {
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <ScrollToTop />
      <TopBar signedIn={false} signInTo={`${pathname}?signin=1`} />
      <main id="main" className="content content-public" tabIndex={-1}>
        <Routes>
          <Route path="/entities/:id" element={<EntityPage />} />
        </Routes>
      </main>
    </div>
  );
}

/**
 * Who sees what: signed out → sign-in (at any address; after signing in the address is shown), except an
 * entity page, which shows what is public until "Sign in" is chosen (`?signin=1`); signed in without the
 * current terms accepted → the terms; otherwise the app.
 */
function Gate() {
  const { me, loadProblem, refresh } = useSession();
  const location = useLocation();
  if (me === undefined) {
    return (
      <div className="shell">
        <TopBar signedIn={false} />
        <main id="main" className="gate">
          {loadProblem ? <LoadError problem={loadProblem} retry={() => void refresh()} /> : <Loading what="Starting Gatehouse" />}
        </main>
      </div>
    );
  }
  if (me === null) {
    if (isPublicApprovedUses(location.pathname, location.search)) return <PublicApprovedUses />;
    if (isInvitationPage(location.pathname, location.search)) return <PublicInvitation />;
    const publicEntity = /^\/entities\/[^/]+\/?$/.test(location.pathname) && !new URLSearchParams(location.search).has('signin');
    return publicEntity ? <PublicEntity /> : <SignInPage />;
  }
  if (!me.acceptedTerms) return <TermsGate />;
  return <SignedInApp />;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </BrowserRouter>
  );
}
