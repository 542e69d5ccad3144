import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as T from '../web/src/types.js';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/gen-api-types.js';

/**
 * The web app's API types are generated from the server's OpenAPI document (docs/adr/0019-web-data-layer.md):
 * regenerated here in memory, they must equal web/src/api-types.gen.ts, so that a route schema changed without
 * regenerating fails `npm test`.
 */
describe('the web app\'s generated API types', () => {
  it('match the server\'s OpenAPI document (else run `npm run gen:api-types`)', async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      expect.fail(`web/src/api-types.gen.ts is out of date with the route schemas (first difference at line ${line + 1}: ` +
        `${JSON.stringify(a[line] ?? '')} ≠ ${JSON.stringify(b[line] ?? '')}). Run \`npm run gen:api-types\` and commit the result.`);
    }
  }, 60_000);

  it('give every derived type of web/src/types.ts a shape (a route renamed would make it never, and pages unchecked)', () => {
    expect(Object.values(derivedTypesAreDefined).every((v) => v === true)).toBe(true);
  });
});

/** Checked by the typechecker (`npm test` runs it first): each derived name is a real type, not never or unknown. */
type Defined<X> = [X] extends [never] ? false : unknown extends X ? false : true;
const derivedTypesAreDefined: {
  Me: Defined<T.Me>;
  Terms: Defined<T.Terms>;
  TierName: Defined<T.TierName>;
  TierEvent: Defined<T.TierEvent>;
  Tiers: Defined<T.Tiers>;
  Quiz: Defined<T.Quiz>;
  QuizResult: Defined<T.QuizResult>;
  VerificationState: Defined<T.VerificationState>;
  Verification: Defined<T.Verification>;
  TotpEnrolment: Defined<T.TotpEnrolment>;
  Token: Defined<T.Token>;
  UserSummary: Defined<T.UserSummary>;
  Team: Defined<T.Team>;
  TeamMember: Defined<T.TeamMember>;
  MembershipRequest: Defined<T.MembershipRequest>;
  TeamInvitation: Defined<T.TeamInvitation>;
  MyInvitation: Defined<T.MyInvitation>;
  Notification: Defined<T.Notification>;
  OutboxMessage: Defined<T.OutboxMessage>;
  OutboxCounts: Defined<T.OutboxCounts>;
  OutboxPage: Defined<T.OutboxPage>;
  AuditEntry: Defined<T.AuditEntry>;
  ChainVerification: Defined<T.ChainVerification>;
  DownloadRecordEntry: Defined<T.DownloadRecordEntry>;
  EntityType: Defined<T.EntityType>;
  DataType: Defined<T.DataType>;
  Entity: Defined<T.Entity>;
  PathItem: Defined<T.PathItem>;
  FileVersion: Defined<T.FileVersion>;
  AccessType: Defined<T.AccessType>;
  PrincipalType: Defined<T.PrincipalType>;
  AclEntry: Defined<T.AclEntry>;
  EntityAcl: Defined<T.EntityAcl>;
  AclPreset: Defined<T.AclPreset>;
  Permissions: Defined<T.Permissions>;
  RestrictionLevel: Defined<T.RestrictionLevel>;
  RestrictionInformation: Defined<T.RestrictionInformation>;
  ActionRequired: Defined<T.ActionRequired>;
  ActionsRequired: Defined<T.ActionsRequired>;
  ArType: Defined<T.ArType>;
  AccessRequirement: Defined<T.AccessRequirement>;
  ArVersion: Defined<T.ArVersion>;
  ArAccessType: Defined<T.ArAccessType>;
  ArAcl: Defined<T.ArAcl>;
  Approval: Defined<T.Approval>;
  DownloadListItem: Defined<T.DownloadListItem>;
  DownloadList: Defined<T.DownloadList>;
  DecisionAction: Defined<T.DecisionAction>;
  Decision: Defined<T.Decision>;
  AuthorizationDomain: Defined<T.AuthorizationDomain>;
  Group: Defined<T.Group>;
  EgressSecret: Defined<T.EgressSecret>;
  EgressSource: Defined<T.EgressSource>;
  EgressCreatedSecret: Defined<T.EgressCreatedSecret>;
  EgressEvent: Defined<T.EgressEvent>;
  EgressDelivery: Defined<T.EgressDelivery>;
  EgressIncidentState: Defined<T.EgressIncidentState>;
  EgressAssessment: Defined<T.EgressAssessment>;
  EgressIncident: Defined<T.EgressIncident>;
  EgressThreshold: Defined<T.EgressThreshold>;
  EgressSeries: Defined<T.EgressSeries>;
  EgressBypassWindow: Defined<T.EgressBypassWindow>;
  EgressRuleAction: Defined<T.EgressRuleAction>;
  EgressRule: Defined<T.EgressRule>;
  EgressPolicy: Defined<T.EgressPolicy>;
  EgressPolicyStored: Defined<T.EgressPolicyStored>;
  EgressBypassRequest: Defined<T.EgressBypassRequest>;
} = {
  Me: true,
  Terms: true,
  TierName: true,
  TierEvent: true,
  Tiers: true,
  Quiz: true,
  QuizResult: true,
  VerificationState: true,
  Verification: true,
  TotpEnrolment: true,
  Token: true,
  UserSummary: true,
  Team: true,
  TeamMember: true,
  MembershipRequest: true,
  TeamInvitation: true,
  MyInvitation: true,
  Notification: true,
  OutboxMessage: true,
  OutboxCounts: true,
  OutboxPage: true,
  AuditEntry: true,
  ChainVerification: true,
  DownloadRecordEntry: true,
  EntityType: true,
  DataType: true,
  Entity: true,
  PathItem: true,
  FileVersion: true,
  AccessType: true,
  PrincipalType: true,
  AclEntry: true,
  EntityAcl: true,
  AclPreset: true,
  Permissions: true,
  RestrictionLevel: true,
  RestrictionInformation: true,
  ActionRequired: true,
  ActionsRequired: true,
  ArType: true,
  AccessRequirement: true,
  ArVersion: true,
  ArAccessType: true,
  ArAcl: true,
  Approval: true,
  DownloadListItem: true,
  DownloadList: true,
  DecisionAction: true,
  Decision: true,
  AuthorizationDomain: true,
  Group: true,
  EgressSecret: true,
  EgressSource: true,
  EgressCreatedSecret: true,
  EgressEvent: true,
  EgressDelivery: true,
  EgressIncidentState: true,
  EgressAssessment: true,
  EgressIncident: true,
  EgressThreshold: true,
  EgressSeries: true,
  EgressBypassWindow: true,
  EgressRuleAction: true,
  EgressRule: true,
  EgressPolicy: true,
  EgressPolicyStored: true,
  EgressBypassRequest: true,
};
