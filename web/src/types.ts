/** The shapes of the API's answers (docs/contract/issue2-api.md). */

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  isAct: boolean;
  /** Security Engineer: sees egress. */
  isSecurity: boolean;
  /** Director of Governance. */
  isGovernance: boolean;
  isCertified: boolean;
  isValidated: boolean;
  acceptedTerms: boolean;
  twoFactorEnabled: boolean;
}

export interface Terms {
  version: string;
  body: string;
  publishedAt: string;
  acceptedVersion: string | null;
}

export type TierName = 'registered' | 'certified' | 'validated';

export interface TierEvent {
  tier: TierName;
  change: 'granted' | 'revoked';
  how: string;
  actorId: number | null;
  actorName: string | null;
  reason: string | null;
  at: string;
}

export interface Tiers {
  registered: boolean;
  certified: boolean;
  validated: boolean;
  history: TierEvent[];
}

export interface Quiz {
  version: string;
  passingScore: number;
  questions: { id: string; prompt: string; options: { id: string; text: string }[] }[];
}

export interface QuizResult {
  passed: boolean;
  correct: number;
  total: number;
  passingScore: number;
  incorrect: string[];
}

export type VerificationState = 'submitted' | 'approved' | 'rejected' | 'revoked' | 'withdrawn';

export interface Verification {
  id: number;
  userId: number;
  username: string;
  state: VerificationState;
  firstName: string;
  lastName: string;
  institution: string;
  location: string;
  orcid: string | null;
  note: string | null;
  attachments: { blobId: number | string; fileName: string; size: number; contentType: string }[];
  createdAt: string;
  decidedAt: string | null;
  decidedBy: number | string | null;
  reason: string | null;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

export interface Token {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
  /** The runtime the token was made for, if any (its downloads count as that runtime's egress). */
  runtimeId?: number | null;
}

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  isCertified: boolean;
  isValidated: boolean;
  // Admins see these too.
  email?: string;
  status?: 'active' | 'disabled';
  isAdmin?: boolean;
  isAct?: boolean;
  isSecurity?: boolean;
  isGovernance?: boolean;
  twoFactorEnabled?: boolean;
  createdAt?: string;
  disabledReason?: string | null;
  disabledAt?: string | null;
  /** The admin who disabled the account; null when the system did. */
  disabledBy?: { id: number; username: string } | null;
  /** Set while sign-in is locked after failed attempts. */
  signinLockedUntil?: string | null;
}

export interface Team {
  id: number;
  name: string;
  description: string | null;
  memberCount: number;
  createdAt: string;
  myRole: 'manager' | 'member' | null;
  /** A manager of the team, or a platform admin. */
  canManage: boolean;
  myPendingRequest: boolean;
  myPendingInvitation: number | null;
}

export interface TeamMember {
  userId: number;
  username: string;
  displayName: string;
  isManager: boolean;
  addedAt: string;
}

export interface MembershipRequest {
  id: number;
  userId: number;
  username: string;
  displayName: string;
  message: string | null;
  state: string;
  createdAt: string;
  decidedAt: string | null;
}

export interface TeamInvitation {
  id: number;
  teamId?: number;
  userId?: number;
  username?: string;
  displayName?: string;
  invitedBy?: number | null;
  invitedByName?: string | null;
  message: string | null;
  state?: 'open' | 'accepted' | 'declined' | 'revoked';
  createdAt: string;
}

export interface MyInvitation {
  id: number;
  teamId: number;
  teamName: string;
  invitedBy: number | null;
  invitedByName: string | null;
  message: string | null;
  createdAt: string;
}

export interface Notification {
  id: number;
  /** A code for programs (request.submitted); people read kindText. */
  kind: string;
  kindText: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

/** GET /outbox (src/notifications/routes.ts, OutboxItem). */
export interface OutboxMessage {
  id: number;
  channel: string;
  kind: string;
  kindText: string;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'failed';
  /** Pending and its last attempt failed: being retried. */
  failing: boolean;
  attempts: number;
  lastError: string | null;
  /** When a pending message is tried next. */
  nextAttemptAt: string | null;
  /** When a pending message stops being retried and is marked failed. */
  retryUntil: string | null;
  failedAt: string | null;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxCounts {
  /** Waiting: not yet tried since written or retried. */
  pending: number;
  failing: number;
  failed: number;
}

export interface OutboxPage extends Page<OutboxMessage> {
  smtpConfigured: boolean;
  counts: OutboxCounts;
  retryHours: number;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetName?: string | null;
  details: unknown;
  hash: string;
}

export interface ChainVerification {
  /** The chain and the download records both hold. */
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
  /** Absent when the chain is broken. */
  downloads?: { ok: boolean; checked: number; batches: number; firstBroken?: { recordId: number | null; sealSeq: number | null; reason: string } };
}

export interface DownloadRecordEntry {
  id: number;
  at: string;
  userId: number | null;
  userName: string | null;
  entityId: string;
  fileName: string | null;
  version: number | null;
  bytes: number;
  md5: string | null;
  projectId: string | null;
  client: string;
  result: 'served' | 'denied' | 'failed';
  rule: string | null;
  sealedSeq: number | null;
}

// ---- Entities, ACLs, access requirements and decisions (docs/contract/issue3-api.md) ----

export type EntityType = 'project' | 'folder' | 'file';
export type DataType = 'SENSITIVE_DATA' | 'OPEN_DATA';

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  parentId: string | null;
  projectId: string;
  description: string;
  dataType: DataType;
  dataClass: 'row-level' | 'summary' | null;
  /** In force: its own mark or the nearest marked ancestor's (SPEC §10). */
  effectiveDataClass: 'row-level' | 'summary';
  createdBy: number;
  createdOn: string;
  modifiedBy: number;
  modifiedOn: string;
  etag: string;
  inTrash: boolean;
  versionNumber: number | null;
  file?: { size: number; md5: string; contentType: string; fileName: string };
}

export interface PathItem {
  id: string;
  name: string;
  type: EntityType;
}

export interface FileVersion {
  versionNumber: number;
  size: number;
  md5: string;
  fileName: string;
  contentType: string;
  comment: string;
  createdBy: number;
  createdOn: string;
}

export const ACCESS_TYPES = [
  'READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE',
] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export type PrincipalType = 'user' | 'team' | 'group' | 'special';

export interface AclEntry {
  principalId: number;
  principalName: string;
  principalType: PrincipalType;
  accessTypes: AccessType[];
}

export interface EntityAcl {
  entityId: string;
  benefactorId: string;
  inherited: boolean;
  etag: string;
  entries: AclEntry[];
}

export interface AclPreset {
  name: string;
  accessTypes: AccessType[];
}

export interface Permissions {
  canView: boolean;
  canDownload: boolean;
  canEdit: boolean;
  canAddChild: boolean;
  canDelete: boolean;
  canChangePermissions: boolean;
  canChangeSettings: boolean;
  canModerate: boolean;
  canShare: boolean;
  canCompute: boolean;
  canMove: boolean;
  canPublicRead: boolean;
  isDataContributor: boolean;
  isOpenData: boolean;
  isCertified: boolean;
}

export type RestrictionLevel = 'OPEN' | 'RESTRICTED_BY_TERMS_OF_USE' | 'CONTROLLED_BY_ACT';

/** Why a user is exempt from an AR: a data contributor, eligible through themselves or a team or group. */
export interface Exemption {
  reason: 'data contributor';
  eligibleThrough: { kind: 'user' | 'team' | 'group'; id: number; name: string }[];
}

export interface RestrictionInformation {
  entityId: string;
  restrictionLevel: RestrictionLevel;
  hasUnmetAccessRequirement: boolean;
  restrictionDetails: { accessRequirementId: number; isApproved: boolean; isMet: boolean; isExempt: boolean; exemption?: Exemption | null }[];
}

export type ActionRequired =
  | { type: 'MeetAccessRequirement'; accessRequirementId: number; exemptionEligibleTeamIds?: number[] }
  | { type: 'EnableTwoFa' }
  | { type: 'RequestDownload'; benefactorId: string }
  | { type: 'JoinAuthorizationDomain'; groups: number[] }
  | { type: 'AcceptTermsOfUse' };

export interface ActionsRequired {
  entityId: string;
  canDownload: boolean;
  rule: string;
  message: string | null;
  actions: ActionRequired[];
}

export type ArType = 'TermsOfUse' | 'SelfSign' | 'ManagedACT' | 'Lock';

export interface AccessRequirement {
  id: number;
  type: ArType;
  name: string;
  description: string;
  terms: string;
  settings: Record<string, unknown>;
  version: number;
  etag: string;
  subjects: { type: 'entity' | 'team'; id: string | number; name?: string | null; path?: string | null }[];
  createdBy: number | null;
  createdOn: string;
  modifiedBy: number | null;
  modifiedOn: string;
  restrictionLevel: RestrictionLevel;
}

export interface ArVersion {
  accessRequirementId: number;
  version: number;
  type: ArType;
  name: string;
  description: string;
  terms: string;
  settings: Record<string, unknown>;
  modifiedBy: number | null;
  modifiedOn: string;
}

export type ArAccessType = 'REVIEW_SUBMISSIONS' | 'EXEMPTION_ELIGIBLE';

export interface ArAcl {
  accessRequirementId: number;
  entries: { principalId: number; principalName: string; principalType: PrincipalType; accessTypes: ArAccessType[] }[];
}

export interface Approval {
  id: number;
  accessRequirementId: number;
  accessorId: number;
  accessorName: string;
  submitterId: number;
  accessRequirementVersion: number;
  state: 'APPROVED' | 'REVOKED';
  expiresOn: string | null;
  source: string;
  revokedReason: string | null;
  createdOn: string;
  modifiedOn: string;
  modifiedBy: number | null;
}

export interface DownloadListItem {
  entityId: string;
  name: string;
  size: number | null;
  versionNumber: number | null;
  canDownload: boolean;
  message: string | null;
  actionsRequired: ActionRequired[];
}

export interface DownloadList {
  items: DownloadListItem[];
  summary: { eligible: number; ineligible: number; actions: { action: ActionRequired; count: number }[] };
}

export const DECISION_ACTIONS = [
  'READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'SHARE', 'CHANGE_SETTINGS', 'MODERATE', 'COMPUTE', 'REMOVE_ACL', 'READ_ACL',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface Decision {
  userId: number | null;
  entityId: string;
  action: string;
  granted: boolean;
  rule: string;
  message: string | null;
  status: number;
  actionsRequired: ActionRequired[];
}

export interface AuthorizationDomain {
  projectId: string;
  projectName: string;
  groups: { id: number; name: string; isMember: boolean; accessInstructions: string | null }[];
  missingGroups: number[];
}

export interface Group {
  id: number;
  name: string;
  description: string | null;
  accessInstructions: string | null;
  memberCount: number;
  adminCount: number;
  createdAt: string;
  myRole: 'admin' | 'member' | null;
  isMember: boolean;
  isAdmin: boolean;
  thirdParty: boolean;
}

/** Egress (SPEC §10): sources, events, deliveries (src/egress/routes.ts). */
export interface EgressSecret {
  id: number;
  hint: string;
  createdAt: string;
  retiredAt: string | null;
  active: boolean;
}

export interface EgressSource {
  id: number;
  name: string;
  description: string;
  status: 'active' | 'disabled';
  createdAt: string;
  createdBy: number | null;
  disabledAt: string | null;
  secrets: EgressSecret[];
  activeSecrets: number;
  lastDeliveryAt: string | null;
}

export interface EgressCreatedSecret {
  source: EgressSource;
  secret: string;
  secretId: number;
}

export interface EgressEvent {
  id: number;
  sourceId: number;
  source: string;
  deliveryId: number;
  eventId: string;
  attributed: boolean;
  attributedBy: 'runtime' | 'user' | 'none';
  userId: number | null;
  username: string | null;
  runtimeId: number | null;
  projectId: string | null;
  claimed: { user: string | null; runtimeId: string | null; projectId: string | null };
  bytes: number;
  windowStart: string;
  windowSeconds: number;
  observedAt: string;
  kind: string;
  payload: Record<string, unknown>;
  receivedAt: string;
}

export interface EgressDelivery {
  id: number;
  receivedAt: string;
  sourceName: string | null;
  sourceId: number | null;
  remoteAddress: string | null;
  result: 'accepted' | 'partial' | 'refused';
  reason: string | null;
  detail: string | null;
  bodyBytes: number;
  body: string;
  bodyTruncated: boolean;
  eventsAccepted: number;
  eventsDuplicate: number;
  eventsRefused: number;
  refusals: { index: number; eventId: string | null; code: string; detail: string }[];
}

export type EgressIncidentState = 'open' | 'awaiting-user' | 'under-review' | 'closed-false-positive' | 'closed-remediated' | 'closed-reinstated';

export interface EgressAssessment {
  method?: string;
  amountBytes?: number;
  piiInvolved?: boolean;
  maliciousIntentSuspected?: boolean;
  rate?: string;
  manualOrScripted?: 'manual' | 'scripted' | 'unknown';
  ports?: number[];
  notes?: string;
}

/** An egress incident; actions, assessment and events are the engineer's only. */
export interface EgressIncident {
  id: number;
  userId: number;
  username: string;
  projectId: string | null;
  runtimeIds: number[];
  firstEventAt: string;
  lastEventAt: string;
  bytes: number;
  state: EgressIncidentState;
  counting: 'counted' | 'bypassed';
  questions: string[];
  answers: { question: string; answer: string }[] | null;
  answeredAt: string | null;
  decision: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  actions?: Record<string, unknown>[];
  assessment?: EgressAssessment | null;
  assessedAt?: string | null;
  eventIds?: number[];
}

export interface EgressThreshold {
  windowSeconds: number;
  bytes: number;
}

/** GET /egress/series (src/egress/series.routes.ts): egress over time in buckets, per source. */
export interface EgressSeries {
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: { start: string; monitor: number; download: number }[];
  totals: { monitor: number; download: number };
  thresholds: { policyVersion: number; monitor: EgressThreshold[]; download: EgressThreshold[]; highVolumeBytes: number };
  incidents: { id: number; userId: number; username: string; projectId: string | null; firstEventAt: string; lastEventAt: string; bytes: number; state: EgressIncidentState; counting: 'counted' | 'bypassed' }[];
  user: { id: number; username: string; status: string; disabledReason: string | null; egressSuspendedUntil: string | null; suspended: boolean } | null;
}

export interface EgressBypassWindow {
  id: number;
  userId: number;
  from: string;
  until: string;
  capBytes: number;
  reason: string;
  grantedBy: number | null;
  grantedAt: string;
  revokedAt: string | null;
}

export type EgressRuleAction = 'notify' | 'suspend' | 'disable';

/** An escalation rule of the egress policy: from this many incidents in the look-back period, this action. */
export interface EgressRule {
  fromCount: number;
  action: EgressRuleAction;
  /** Only for action suspend. */
  suspendMinutes?: number;
}

/** The egress policy (src/egress/policy.ts, EgressPolicySchema; its settings in src/egress/README.md). */
export interface EgressPolicy {
  thresholds: { monitor: EgressThreshold[]; download: EgressThreshold[] };
  highVolumeBytes: number;
  incidentMergeMinutes: number;
  lookBackDays: number;
  rules: EgressRule[];
  summaryDownloadMaxBytes: number;
  defaultBypassDays: number;
  /** `{time}` stands for the incident's time. */
  questions: string[];
}

/** GET /egress/policy and each of GET /egress/policy/versions: one version of the policy (StoredPolicySchema). */
export interface EgressPolicyStored {
  version: number;
  policy: EgressPolicy;
  createdAt: string;
  /** Null for version 1, the defaults. */
  createdBy: number | null;
  createdByName: string | null;
}

/** A large data download request: a user asks for a bypass window (GET /api/v1/egress/bypass-requests). */
export interface EgressBypassRequest {
  id: number;
  userId: number;
  username: string;
  projectId: string | null;
  bytes: number;
  from: string | null;
  until: string | null;
  justification: string;
  state: 'pending' | 'approved' | 'declined' | 'withdrawn';
  createdAt: string;
  decidedBy: number | null;
  decidedAt: string | null;
  decisionReason: string | null;
  bypassWindowId: number | null;
  /** The bypass window the approval granted. */
  window: { from: string; until: string; capBytes: number; revokedAt: string | null } | null;
}
