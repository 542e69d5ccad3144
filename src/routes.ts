import type { AppContext } from './context.js';
import type { Http } from './infra/http.js';
import { tokenRoutes } from './identity/tokens.routes.js';
import { auditLogRoutes } from './auditlog/routes.js';
import { outboxRoutes } from './notifications/routes.js';
import { decisionRoutes } from './decisions/routes.js';
import { identityRoutes } from './identity/routes.js';
import { teamRoutes } from './teams/routes.js';
import { accessRequirementRoutes } from './accessrequirements/routes.js';
import { entityRoutes } from './entities/routes.js';
import { searchRoutes } from './entities/search.routes.js';
import { groupRoutes } from './groups/routes.js';
import { authorizationDomainRoutes } from './authorizationdomains/routes.js';
import { runtimeRoutes } from './runtimes/routes.js';
import { requestRoutes } from './requests/routes.js';
import { invitationRoutes } from './requests/invitations.routes.js';
import { egressRoutes } from './egress/routes.js';
import { egressIncidentRoutes } from './egress/incident.routes.js';
import { egressSeriesRoutes } from './egress/series.routes.js';
import { egressBypassRequestRoutes } from './egress/bypassrequest.routes.js';
import { auditTriageRoutes } from './audit/triage.routes.js';
import { auditReportRoutes } from './audit/reports.routes.js';
import { auditRunRoutes } from './audit/runs.routes.js';
import { webhookRoutes } from './webhooks/routes.js';
import { passportRoutes } from './passport/routes.js';
import { drsRoutes } from './drs/routes.js';

/** Each capability's HTTP routes. A capability adds one line here. */
export const capabilityRoutes: ((app: Http, ctx: AppContext) => void)[] = [
  tokenRoutes,
  auditLogRoutes,
  outboxRoutes,
  decisionRoutes,
  identityRoutes,
  teamRoutes,
  accessRequirementRoutes,
  entityRoutes,
  searchRoutes,
  groupRoutes,
  authorizationDomainRoutes,
  runtimeRoutes,
  requestRoutes,
  invitationRoutes,
  egressRoutes,
  egressIncidentRoutes,
  egressSeriesRoutes,
  egressBypassRequestRoutes,
  auditTriageRoutes,
  auditReportRoutes,
  auditRunRoutes,
  webhookRoutes,
  passportRoutes,
  drsRoutes,
];
