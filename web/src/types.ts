/**
 * The shapes of the API's answers, derived from the server's route schemas through the generated
 * web/src/api-types.gen.ts (`npm run gen:api-types`; docs/adr/0019-web-data-layer.md): a route's schema is the one
 * definition. Each name is the JSON answer of the route it names; the few hand-written types left are marked.
 */
import type { paths } from './api-types.gen.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Success<Rs> = 200 extends keyof Rs ? JsonOf<Rs[200]> : 201 extends keyof Rs ? JsonOf<Rs[201]> : never;
/** The JSON answer (200, else 201) of `method path`. */
export type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer Rs } ? Success<Rs> : never;
/** The JSON answer of GET path. */
export type Get<P extends keyof paths> = Answer<P, 'get'>;
/** One item of a list answer ({ items: [...] }). */
export type Item<T extends { items: readonly unknown[] }> = T['items'][number];

/** Hand-written: a page of a list as the list routes answer it, generic over its items (no schema of its own). */

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type Me = Get<'/api/v1/me'>;

export type Terms = Get<'/api/v1/terms'>;

export type TierName = TierEvent['tier'];

export type TierEvent = Tiers['history'][number];

export type Tiers = Get<'/api/v1/me/tiers'>;

export type Quiz = Get<'/api/v1/certification/quiz'>;

export type QuizResult = Answer<'/api/v1/certification/quiz', 'post'>;

export type VerificationState = Verification['state'];

export type Verification = Get<'/api/v1/verifications/{id}'>;

export type TotpEnrolment = Answer<'/api/v1/me/2fa/enroll', 'post'>;

export type Token = Item<Get<'/api/v1/tokens'>>;

export type UserSummary = Get<'/api/v1/users/{id}'>;

export type Team = Get<'/api/v1/teams/{id}'>;

export type TeamMember = Item<Get<'/api/v1/teams/{id}/members'>>;

export type MembershipRequest = Item<Get<'/api/v1/teams/{id}/membership-requests'>>;

export type TeamInvitation = Item<Get<'/api/v1/teams/{id}/invitations'>>;

export type MyInvitation = Item<Get<'/api/v1/me/invitations'>>;

export type Notification = Item<Get<'/api/v1/notifications'>>;

/** GET /outbox (src/notifications/routes.ts, OutboxItem). */
/** The server's schema says `status: string`; these are its values (src/notifications/outbox.ts). */
export type OutboxMessage = Omit<Item<Get<'/api/v1/outbox'>>, 'status'> & { status: 'pending' | 'sent' | 'failed' };

export type OutboxCounts = OutboxPage['counts'];

export type OutboxPage = Omit<Get<'/api/v1/outbox'>, 'items'> & { items: OutboxMessage[] };

export type AuditEntry = Item<Get<'/api/v1/audit-log'>>;

export type ChainVerification = Answer<'/api/v1/audit-log/verify', 'post'>;

export type DownloadRecordEntry = Item<Get<'/api/v1/audit-log/downloads'>>;

// ---- Entities, ACLs, access requirements and decisions (docs/contract/issue3-api.md) ----

export type EntityType = Entity['type'];
export type DataType = Entity['dataType'];

export type Entity = Get<'/api/v1/entities/{id}'>;

export type PathItem = Item<Get<'/api/v1/entities/{id}/path'>>;

export type FileVersion = Item<Get<'/api/v1/entities/{id}/versions'>>;

export const ACCESS_TYPES = [
  'READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE',
] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

export type PrincipalType = 'user' | 'team' | 'group' | 'special';

export type AclEntry = EntityAcl['entries'][number];

export type EntityAcl = Get<'/api/v1/entities/{id}/acl'>;

export type AclPreset = Get<'/api/v1/acl-presets'>[number];

export type Permissions = Get<'/api/v1/entities/{id}/permissions'>;

export type RestrictionLevel = RestrictionInformation['restrictionLevel'];

export type RestrictionInformation = Get<'/api/v1/entities/{id}/restriction-information'>;

/** Why a viewer is exempt from a requirement, and through whom. */
export type Exemption = NonNullable<RestrictionInformation['restrictionDetails'][number]['exemption']>;

/**
 * Hand-written: the server's schema for an action is one object with optional fields (type: string); this union
 * says which fields go with which type, so that pages can switch on it.
 */
export type ActionRequired =
  | { type: 'MeetAccessRequirement'; accessRequirementId: number; exemptionEligibleTeamIds?: number[] }
  | { type: 'EnableTwoFa' }
  | { type: 'RequestDownload'; benefactorId: string }
  | { type: 'JoinAuthorizationDomain'; groups: number[] }
  | { type: 'AcceptTermsOfUse' };

/** `T` with its list of actions under `K` typed as the ActionRequired union. */
type WithActions<T, K extends keyof T> = Omit<T, K> & { [P in K]: ActionRequired[] };

export type ActionsRequired = WithActions<Get<'/api/v1/entities/{id}/actions-required'>, 'actions'>;

export type ArType = AccessRequirement['type'];

export type AccessRequirement = Get<'/api/v1/access-requirements/{id}'>;

export type ArVersion = Item<Get<'/api/v1/access-requirements/{id}/versions'>>;

export type ArAccessType = ArAcl['entries'][number]['accessTypes'][number];

export type ArAcl = Get<'/api/v1/access-requirements/{id}/acl'>;

export type Approval = Item<Get<'/api/v1/access-approvals'>>;

export type DownloadListItem = WithActions<Item<Get<'/api/v1/download-list'>>, 'actionsRequired'>;

export type DownloadList = Omit<Get<'/api/v1/download-list'>, 'items' | 'summary'> & {
  items: DownloadListItem[];
  summary: Omit<Get<'/api/v1/download-list'>['summary'], 'actions'> & { actions: { action: ActionRequired; count: number }[] };
};

export const DECISION_ACTIONS = [
  'READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'SHARE', 'CHANGE_SETTINGS', 'MODERATE', 'COMPUTE', 'REMOVE_ACL', 'READ_ACL',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export type Decision = WithActions<Answer<'/api/v1/decisions', 'post'>, 'actionsRequired'>;

export type AuthorizationDomain = Get<'/api/v1/projects/{id}/authorization-domain'>;

export type Group = Get<'/api/v1/groups/{name}'>;

/** Egress (SPEC §10): sources, events, deliveries (src/egress/routes.ts). */
export type EgressSecret = EgressSource['secrets'][number];

export type EgressSource = Get<'/api/v1/egress/sources/{id}'>;

export type EgressCreatedSecret = Answer<'/api/v1/egress/sources', 'post'>;

export type EgressEvent = Item<Get<'/api/v1/egress/events'>>;

export type EgressDelivery = Item<Get<'/api/v1/egress/deliveries'>>;

export type EgressIncidentState = EgressIncident['state'];

export type EgressAssessment = NonNullable<EgressIncident['assessment']>;

/** An egress incident; actions, assessment and events are the engineer's only. */
export type EgressIncident = Get<'/api/v1/egress/incidents/{id}'>;

export type EgressThreshold = EgressSeries['thresholds']['monitor'][number];

/** GET /egress/series (src/egress/series.routes.ts): egress over time in buckets, per source. */
export type EgressSeries = Get<'/api/v1/egress/series'>;

export type EgressBypassWindow = Item<Get<'/api/v1/egress/bypass-windows'>>;

export type EgressRuleAction = EgressRule['action'];

/** An escalation rule of the egress policy: from this many incidents in the look-back period, this action. */
export type EgressRule = EgressPolicy['rules'][number];

/** The egress policy (src/egress/policy.ts, EgressPolicySchema; its settings in src/egress/README.md). */
export type EgressPolicy = EgressPolicyStored['policy'];

/** GET /egress/policy and each of GET /egress/policy/versions: one version of the policy (StoredPolicySchema). */
export type EgressPolicyStored = Get<'/api/v1/egress/policy'>;

/** A large data download request: a user asks for a bypass window (GET /api/v1/egress/bypass-requests). */
export type EgressBypassRequest = Get<'/api/v1/egress/bypass-requests/{id}'>;

/** A GA4GH DRS object: a file's version (its checksums and drs:// URI) or a folder as a bundle. */
export type DrsObject = Get<'/ga4gh/drs/v1/objects/{object_id}'>;
