import { describe, expect, it } from 'vitest';
import {
  CHAINS,
  actionsRequired,
  checkAclChange,
  checkMove,
  decide,
  permissionsSummary,
  restrictionInformation,
  unmetTeamAccessRequirements,
  type DecisionRequest,
} from './engine.js';
import {
  ACCESS_TYPES,
  ACT_TEAM,
  ADMIN_TEAM,
  AUTHENTICATED,
  PUBLIC,
  type AccessType,
  type Action,
  type ActionRequired,
  type Decision,
  type RuleName,
} from './model.js';
import { MemoryState } from './state.js';

const NOW = Date.UTC(2026, 0, 15, 9);
const DAY = 86_400_000;

// Users
const OWNER = 100;
const CONSUMER = 101;
const CONTRIBUTOR = 102;
const ADMIN = 103;
const ACT_MEMBER = 104;
const STRANGER = 105;
// Teams and managed groups
const LAB = 20;
const EXEMPT_TEAM = 21;
const OTHER_EXEMPT_TEAM = 22;
const AD_A = 30;
const AD_B = 31;
const AD_A_CHILD = 32;
// Entities: PROJECT > FOLDER > { FILE, CONTRIBUTED_FILE }, and a second project OTHER_PROJECT > OTHER_FOLDER
const PROJECT = 10;
const FOLDER = 11;
const FILE = 12;
const CONTRIBUTED_FILE = 13;
const OTHER_PROJECT = 40;
const OTHER_FOLDER = 41;
// Access requirements
const TERMS = 900;
const MANAGED = 901;
const LOCK = 902;
const SELF_SIGN = 903;

const ALL: AccessType[] = [...ACCESS_TYPES];
const CAN_DOWNLOAD: AccessType[] = ['READ', 'DOWNLOAD'];
const CAN_EDIT_AND_DELETE: AccessType[] = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE'];

function world(): MemoryState {
  const s = new MemoryState();
  s.setUser(OWNER, { isCertified: true, has2fa: true });
  s.setUser(CONSUMER, { isCertified: true });
  s.setUser(CONTRIBUTOR, { isCertified: true });
  s.setUser(ADMIN);
  s.setUser(ACT_MEMBER, { isCertified: true });
  s.setUser(STRANGER);
  for (const team of [LAB, EXEMPT_TEAM, OTHER_EXEMPT_TEAM, AD_A, AD_B, AD_A_CHILD]) s.addTeam(team);
  s.addMember(ADMIN_TEAM, ADMIN);
  s.addMember(ACT_TEAM, ACT_MEMBER);

  s.addEntity({ id: PROJECT, parentId: null, type: 'project', createdBy: OWNER });
  s.setAcl(PROJECT, [
    [OWNER, ALL],
    [CONSUMER, CAN_DOWNLOAD],
    [CONTRIBUTOR, CAN_EDIT_AND_DELETE],
  ]);
  s.addEntity({ id: FOLDER, parentId: PROJECT, type: 'folder', createdBy: OWNER });
  s.addEntity({ id: FILE, parentId: FOLDER, type: 'file', createdBy: OWNER });
  s.addEntity({ id: CONTRIBUTED_FILE, parentId: FOLDER, type: 'file', createdBy: CONTRIBUTOR });
  s.addEntity({ id: OTHER_PROJECT, parentId: null, type: 'project', createdBy: OWNER });
  s.setAcl(OTHER_PROJECT, [[OWNER, ALL]]);
  s.addEntity({ id: OTHER_FOLDER, parentId: OTHER_PROJECT, type: 'folder', createdBy: OWNER });

  s.addAccessRequirement({ id: TERMS, type: 'TermsOfUse' });
  s.addAccessRequirement({ id: MANAGED, type: 'ManagedACT', certifiedRequired: true });
  s.addAccessRequirement({ id: LOCK, type: 'Lock' });
  s.addAccessRequirement({ id: SELF_SIGN, type: 'SelfSign', requires2fa: true });
  return s;
}

function check(
  s: MemoryState,
  userId: number | null,
  entityId: number,
  action: Action,
  extra: Partial<DecisionRequest> = {},
): Decision {
  return decide(s, { userId, entityId, action, now: NOW, ...extra });
}

const ANONYMOUS_MESSAGE = 'Anonymous users have only READ access permission.';
const notFound = (id: number): string => `Resource: 'syn${id}' does not exist`;

function expectGranted(decision: Decision, rule: RuleName): void {
  expect(decision).toEqual({ granted: true, rule, message: null, status: 200, actionsRequired: [] });
}

function expectDenied(
  decision: Decision,
  rule: RuleName,
  message: string,
  actions: ActionRequired[] = [],
  status: 403 | 404 = 403,
): void {
  expect(decision).toEqual({ granted: false, rule, message, status, actionsRequired: actions });
}

const meet = (accessRequirementId: number, exemptionEligibleTeamIds?: number[]): ActionRequired =>
  exemptionEligibleTeamIds === undefined
    ? { type: 'MeetAccessRequirement', accessRequirementId }
    : { type: 'MeetAccessRequirement', accessRequirementId, exemptionEligibleTeamIds };

describe('DOWNLOAD chain', () => {
  it('follows §5 rule for rule, headed by the disabled-account guard', () => {
    expect(CHAINS.DOWNLOAD).toEqual([
      'DENY_IF_USER_DISABLED',
      'DENY_IF_DOES_NOT_EXIST',
      'DENY_IF_IN_TRASH',
      'GRANT_IF_ADMIN',
      'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET',
      'GRANT_IF_OPEN_DATA_WITH_READ',
      'DENY_IF_ANONYMOUS',
      'DENY_IF_EGRESS_SUSPENDED',
      'GRANT_IF_HAS_DOWNLOAD',
      'DENY',
    ]);
  });

  it('a download of an entity that does not exist is a 404 naming the syn id', () => {
    expectDenied(check(world(), CONSUMER, 999, 'DOWNLOAD'), 'DENY_IF_DOES_NOT_EXIST', notFound(999), [], 404);
    expect(notFound(999)).toBe("Resource: 'syn999' does not exist");
  });

  it('a file whose folder is in the trash is in the trash too', () => {
    const s = world();
    s.trash(FOLDER);
    expectDenied(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'DENY_IF_IN_TRASH', 'Entity syn12 is in trash can.');
    s.restore(FOLDER);
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('an admin is granted before the authorization domain and the access requirements are looked at', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    s.bindAccessRequirement(LOCK, FOLDER);
    expectGranted(check(s, ADMIN, FILE, 'DOWNLOAD'), 'GRANT_IF_ADMIN');
  });

  it('even an admin cannot download from the trash', () => {
    const s = world();
    s.trash(FILE);
    expectDenied(check(s, ADMIN, FILE, 'DOWNLOAD'), 'DENY_IF_IN_TRASH', 'Entity syn12 is in trash can.');
  });

  it('a consumer outside one group of the authorization domain is told which group to join', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_B, AD_A]);
    s.addMember(AD_A, CONSUMER);
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
      'You are not a member of every group in the authorization domain of this project.',
      [{ type: 'JoinAuthorizationDomain', groups: [AD_B] }],
    );
    s.addMember(AD_B, CONSUMER);
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('membership of an authorization domain group can come through a nested group', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    s.addMember(AD_A, AD_A_CHILD);
    s.addMember(AD_A_CHILD, CONSUMER);
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
    s.removeMember(AD_A_CHILD, CONSUMER);
    expect(check(s, CONSUMER, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
  });

  it('an AR bound to an ancestor applies to the file and lists one MeetAccessRequirement per unmet AR', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, PROJECT);
    s.bindAccessRequirement(TERMS, FOLDER);
    s.bindAccessRequirement(TERMS, FILE); // bound twice on the path, listed once
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      'There are unmet access requirements that must be met to read content in the requested container.',
      [meet(TERMS), meet(MANAGED)],
    );
    s.approve(TERMS, CONSUMER);
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      'There are unmet access requirements that must be met to read content in the requested container.',
      [meet(MANAGED)],
    );
    s.approve(MANAGED, CONSUMER, NOW + DAY);
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('an approval held by a team does not count for its members', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.addMember(LAB, CONSUMER);
    s.approve(MANAGED, LAB);
    expect(check(s, CONSUMER, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
  });

  it('an expired approval does not count, and one expiring exactly now has expired', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.approve(MANAGED, CONSUMER, NOW - 1);
    s.approve(MANAGED, CONSUMER, NOW);
    expect(check(s, CONSUMER, FILE, 'DOWNLOAD').actionsRequired).toEqual([meet(MANAGED)]);
    s.approve(MANAGED, CONSUMER, NOW + 1);
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
    expect(check(s, CONSUMER, FILE, 'DOWNLOAD', { now: NOW + 1 }).rule).toBe(
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
    );
  });

  it('revoking one of two approvals for the same AR leaves access through the other', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    const first = s.approve(MANAGED, CONSUMER);
    const second = s.approve(MANAGED, CONSUMER);
    s.revoke(first);
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
    s.revoke(second);
    expect(check(s, CONSUMER, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
  });

  it('a Lock cannot be lifted by an approval', () => {
    const s = world();
    s.bindAccessRequirement(LOCK, FOLDER);
    s.approve(LOCK, CONSUMER);
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      'There are unmet access requirements that must be met to read content in the requested container.',
      [meet(LOCK)],
    );
  });

  it('a contributor who is exemption-eligible downloads through a Lock without approval', () => {
    const s = world();
    s.bindAccessRequirement(LOCK, FOLDER);
    s.setAccessRequirementAcl(LOCK, [[EXEMPT_TEAM, ['EXEMPTION_ELIGIBLE']]]);
    s.addMember(EXEMPT_TEAM, CONTRIBUTOR);
    expectGranted(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('a contributor outside the eligible teams is offered to join them', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.setAccessRequirementAcl(MANAGED, [
      [OTHER_EXEMPT_TEAM, ['EXEMPTION_ELIGIBLE']],
      [EXEMPT_TEAM, ['EXEMPTION_ELIGIBLE']],
      [LAB, ['REVIEW_SUBMISSIONS']],
      [ACT_TEAM, ['EXEMPTION_ELIGIBLE']],
      [STRANGER, ['EXEMPTION_ELIGIBLE']],
    ]);
    expectDenied(
      check(s, CONTRIBUTOR, FILE, 'DOWNLOAD'),
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      'There are unmet access requirements that must be met to read content in the requested container.',
      [meet(MANAGED, [EXEMPT_TEAM, OTHER_EXEMPT_TEAM])],
    );
    // A consumer is no data contributor, so joining would not help and is not offered.
    expect(check(s, CONSUMER, FILE, 'DOWNLOAD').actionsRequired).toEqual([meet(MANAGED)]);
  });

  it('an exemption ends as soon as either the eligibility or the contributor grant is removed', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.setAccessRequirementAcl(MANAGED, [[EXEMPT_TEAM, ['EXEMPTION_ELIGIBLE']]]);
    s.addMember(EXEMPT_TEAM, CONTRIBUTOR);
    expectGranted(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');

    s.removeMember(EXEMPT_TEAM, CONTRIBUTOR); // ACT withdraws eligibility
    expect(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');

    s.addMember(EXEMPT_TEAM, CONTRIBUTOR);
    s.setAcl(PROJECT, [
      [OWNER, ALL],
      [CONTRIBUTOR, ['READ', 'DOWNLOAD', 'UPDATE']], // the Data Administrator takes DELETE away
    ]);
    expect(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
  });

  it('an exemption is per entity: a contributor of one folder is not exempt in another', () => {
    const s = world();
    s.setAcl(FOLDER, [[CONTRIBUTOR, CAN_EDIT_AND_DELETE]]);
    s.setAcl(OTHER_FOLDER, [[CONTRIBUTOR, CAN_DOWNLOAD]]);
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.bindAccessRequirement(MANAGED, OTHER_FOLDER);
    s.setAccessRequirementAcl(MANAGED, [[CONTRIBUTOR, ['EXEMPTION_ELIGIBLE']]]);
    expectGranted(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
    expect(check(s, CONTRIBUTOR, OTHER_FOLDER, 'DOWNLOAD').rule).toBe(
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
    );
  });

  it('the uploader of a file meets every AR on that file, and only on that file', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.bindAccessRequirement(LOCK, FOLDER);
    s.setAcl(FOLDER, [[CONTRIBUTOR, CAN_DOWNLOAD]]);
    expectGranted(check(s, CONTRIBUTOR, CONTRIBUTED_FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
    expect(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
    expect(check(s, CONTRIBUTOR, FOLDER, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
  });

  it('any AR on the path that requires 2FA demands 2FA even when it is met', () => {
    const s = world();
    s.bindAccessRequirement(SELF_SIGN, PROJECT);
    s.approve(SELF_SIGN, CONSUMER);
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_TWO_FA_REQUIREMENT_NOT_MET',
      'You need to enable two factor authentication to access the requested entity.',
      [{ type: 'EnableTwoFa' }],
    );
    s.setUser(CONSUMER, { has2fa: true });
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('an exempt contributor still needs 2FA, and the uploader too', () => {
    const s = world();
    s.bindAccessRequirement(SELF_SIGN, FOLDER);
    s.setAccessRequirementAcl(SELF_SIGN, [[CONTRIBUTOR, ['EXEMPTION_ELIGIBLE']]]);
    expect(check(s, CONTRIBUTOR, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_TWO_FA_REQUIREMENT_NOT_MET');
    expect(check(s, CONTRIBUTOR, CONTRIBUTED_FILE, 'DOWNLOAD').rule).toBe('DENY_IF_TWO_FA_REQUIREMENT_NOT_MET');
  });

  it('unmet ARs come before the 2FA requirement, and both are listed as actions', () => {
    const s = world();
    s.bindAccessRequirement(SELF_SIGN, FOLDER);
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.approve(SELF_SIGN, CONSUMER);
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS',
      'There are unmet access requirements that must be met to read content in the requested container.',
      [meet(MANAGED), { type: 'EnableTwoFa' }],
    );
  });

  it('open data readable by PUBLIC is downloaded anonymously, before the anonymous rule', () => {
    const s = world();
    s.setAcl(FOLDER, [[PUBLIC, ['READ']]]);
    s.setDataType(FILE, 'OPEN_DATA');
    expectGranted(check(s, null, FILE, 'DOWNLOAD'), 'GRANT_IF_OPEN_DATA_WITH_READ');
  });

  it('open data is not inherited: the folder holding it is not open', () => {
    const s = world();
    s.setAcl(FOLDER, [[PUBLIC, ['READ']]]);
    s.setDataType(FOLDER, 'OPEN_DATA');
    expect(check(s, null, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_ANONYMOUS');
  });

  it('open data still needs its ARs met', () => {
    const s = world();
    s.setAcl(FOLDER, [[PUBLIC, ['READ']]]);
    s.setDataType(FILE, 'OPEN_DATA');
    s.bindAccessRequirement(TERMS, FILE);
    expect(check(s, null, FILE, 'DOWNLOAD').rule).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
  });

  it('an anonymous caller may not download sensitive data even when PUBLIC may read it', () => {
    const s = world();
    s.setAcl(FOLDER, [[PUBLIC, ['READ', 'DOWNLOAD']]]);
    expectDenied(check(s, null, FILE, 'DOWNLOAD'), 'DENY_IF_ANONYMOUS', ANONYMOUS_MESSAGE);
  });

  it('a user whose egress is suspended cannot download, and nothing on the list lifts it', () => {
    const s = world();
    s.setUser(CONSUMER, { egressSuspended: true });
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY_IF_EGRESS_SUSPENDED',
      'Downloads are suspended for your account pending a security review.',
    );
  });

  it('a download permission granted through a team counts', () => {
    const s = world();
    s.setAcl(FOLDER, [[LAB, CAN_DOWNLOAD]]);
    s.addMember(LAB, STRANGER);
    expectGranted(check(s, STRANGER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('a reader without DOWNLOAD is told to ask the benefactor for it', () => {
    const s = world();
    s.setAcl(FOLDER, [[STRANGER, ['READ']]]);
    expectDenied(
      check(s, STRANGER, FILE, 'DOWNLOAD'),
      'DENY',
      'You lack DOWNLOAD access to the requested entity.',
      [{ type: 'RequestDownload', benefactorId: FOLDER }],
    );
  });

  it('RequestDownload is offered only when nothing else is unmet', () => {
    const s = world();
    s.setAcl(FOLDER, [[STRANGER, ['READ']]]);
    s.bindAccessRequirement(TERMS, FOLDER);
    expect(check(s, STRANGER, FILE, 'DOWNLOAD').actionsRequired).toEqual([meet(TERMS)]);
  });

  it('actions come in the order of §6: ARs, 2FA, then the authorization domain', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    s.bindAccessRequirement(SELF_SIGN, FOLDER);
    s.bindAccessRequirement(TERMS, FOLDER);
    expect(actionsRequired(s, CONSUMER, FILE, NOW)).toEqual([
      meet(TERMS),
      meet(SELF_SIGN),
      { type: 'EnableTwoFa' },
      { type: 'JoinAuthorizationDomain', groups: [AD_A] },
    ]);
  });

  it('nothing is required of a user who may download', () => {
    expect(actionsRequired(world(), CONSUMER, FILE, NOW)).toEqual([]);
  });
});

describe('READ chain', () => {
  it('grants READ from the benefactor ACL, the nearest one up the path', () => {
    const s = world();
    s.setAcl(FOLDER, [[STRANGER, ['READ']]]);
    expectGranted(check(s, STRANGER, FILE, 'READ'), 'GRANT_IF_HAS_READ');
    // FOLDER's ACL alone governs FILE: the project's grants to CONSUMER no longer reach it.
    expectDenied(check(s, CONSUMER, FILE, 'READ'), 'DENY', 'You lack READ access to the requested entity.');
    s.removeAcl(FOLDER);
    expectGranted(check(s, CONSUMER, FILE, 'READ'), 'GRANT_IF_HAS_READ');
  });

  it('refuses what does not exist with 404 and what is trashed with 403', () => {
    const s = world();
    expectDenied(check(s, OWNER, 77, 'READ'), 'DENY_IF_DOES_NOT_EXIST', "Resource: 'syn77' does not exist", [], 404);
    s.trash(PROJECT);
    expectDenied(check(s, OWNER, FILE, 'READ'), 'DENY_IF_IN_TRASH', 'Entity syn12 is in trash can.');
  });

  it('lets an admin read inside an authorization domain the admin is not in', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectGranted(check(s, ADMIN, FILE, 'READ'), 'GRANT_IF_ADMIN');
    expectDenied(
      check(s, OWNER, FILE, 'READ'),
      'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
      'You are not a member of every group in the authorization domain of this project.',
      [{ type: 'JoinAuthorizationDomain', groups: [AD_A] }],
    );
  });

  it('lets an anonymous caller read public content but not content inside an authorization domain', () => {
    const s = world();
    s.setAcl(PROJECT, [[PUBLIC, ['READ']]]);
    expectGranted(check(s, null, FILE, 'READ'), 'GRANT_IF_HAS_READ');
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectDenied(
      check(s, null, FILE, 'READ'),
      'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
      'You are not a member of every group in the authorization domain of this project.',
    );
  });

  it('does not need ARs to be met: they govern downloads', () => {
    const s = world();
    s.bindAccessRequirement(LOCK, FOLDER);
    expectGranted(check(s, CONSUMER, FILE, 'READ'), 'GRANT_IF_HAS_READ');
  });

  it('an entity with no ACL anywhere on its path is readable by nobody but admins', () => {
    const s = world();
    s.removeAcl(PROJECT);
    expectDenied(check(s, OWNER, FILE, 'READ'), 'DENY', 'You lack READ access to the requested entity.');
    expectGranted(check(s, ADMIN, FILE, 'READ'), 'GRANT_IF_ADMIN');
  });
});

describe('UPDATE chain', () => {
  it('asks for certification except on a project', () => {
    const s = world();
    s.setAcl(PROJECT, [[STRANGER, ['READ', 'UPDATE']]]);
    expectDenied(
      check(s, STRANGER, FOLDER, 'UPDATE'),
      'DENY_IF_NOT_PROJECT_AND_NOT_CERTIFIED',
      'Only certified users may create or update content.',
    );
    expectGranted(check(s, STRANGER, PROJECT, 'UPDATE'), 'GRANT_IF_HAS_UPDATE');
  });

  it('runs its rules in order: trash, admin, domain, anonymous, certification, grant, deny', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expect(check(s, CONTRIBUTOR, FILE, 'UPDATE').rule).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
    expect(check(s, null, FILE, 'UPDATE').rule).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
    s.setAuthorizationDomain(OTHER_PROJECT, []);
    expectDenied(check(s, null, OTHER_FOLDER, 'UPDATE'), 'DENY_IF_ANONYMOUS', ANONYMOUS_MESSAGE);
    s.addMember(AD_A, CONTRIBUTOR);
    s.addMember(AD_A, CONSUMER);
    expectGranted(check(s, CONTRIBUTOR, FILE, 'UPDATE'), 'GRANT_IF_HAS_UPDATE');
    expectDenied(check(s, CONSUMER, FILE, 'UPDATE'), 'DENY', 'You lack UPDATE access to the requested entity.');
    expectGranted(check(s, ADMIN, FILE, 'UPDATE'), 'GRANT_IF_ADMIN');
    s.trash(FILE);
    expect(check(s, ADMIN, FILE, 'UPDATE').rule).toBe('DENY_IF_IN_TRASH');
  });
});

describe('CREATE chain', () => {
  it('lets an uncertified user create a project but not a folder or a file', () => {
    const s = world();
    s.setAcl(PROJECT, [[STRANGER, ['READ', 'CREATE']]]);
    expectGranted(check(s, STRANGER, PROJECT, 'CREATE', { createType: 'project' }), 'GRANT_IF_HAS_CREATE');
    for (const createType of ['folder', 'file', undefined] as const) {
      expectDenied(
        check(s, STRANGER, PROJECT, 'CREATE', { createType }),
        'DENY_IF_CREATE_TYPE_IS_NOT_PROJECT_AND_NOT_CERTIFIED',
        'Only certified users may create or update content.',
      );
    }
  });

  it('is decided on the parent, which must exist, be out of the trash and in reach of the domain', () => {
    const s = world();
    expectDenied(check(s, OWNER, 555, 'CREATE'), 'DENY_IF_DOES_NOT_EXIST', notFound(555), [], 404);
    expectGranted(check(s, CONTRIBUTOR, FOLDER, 'CREATE', { createType: 'file' }), 'GRANT_IF_HAS_CREATE');
    expectDenied(check(s, CONSUMER, FOLDER, 'CREATE'), 'DENY', 'You lack CREATE access to the requested entity.');
    expect(check(s, null, FOLDER, 'CREATE').rule).toBe('DENY_IF_ANONYMOUS');
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expect(check(s, CONTRIBUTOR, FOLDER, 'CREATE').rule).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
    expectGranted(check(s, ADMIN, FOLDER, 'CREATE'), 'GRANT_IF_ADMIN');
    s.trash(FOLDER);
    expectDenied(check(s, CONTRIBUTOR, FOLDER, 'CREATE'), 'DENY_IF_IN_TRASH', 'Entity syn11 is in trash can.');
  });
});

describe('DELETE chain', () => {
  it('lets an admin purge what is already in the trash; others meet the trash rule', () => {
    const s = world();
    s.trash(FILE);
    expectGranted(check(s, ADMIN, FILE, 'DELETE'), 'GRANT_IF_ADMIN');
    expectDenied(check(s, OWNER, FILE, 'DELETE'), 'DENY_IF_IN_TRASH', 'Entity syn12 is in trash can.');
  });

  it('is not constrained by the authorization domain: an owner outside it can still delete', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectGranted(check(s, OWNER, FILE, 'DELETE'), 'GRANT_IF_HAS_DELETE');
  });

  it('refuses anonymous callers and users without DELETE', () => {
    const s = world();
    expectDenied(check(s, null, FILE, 'DELETE'), 'DENY_IF_ANONYMOUS', ANONYMOUS_MESSAGE);
    expectDenied(check(s, CONSUMER, FILE, 'DELETE'), 'DENY', 'You lack DELETE access to the requested entity.');
    expectDenied(check(s, ADMIN, 404, 'DELETE'), 'DENY_IF_DOES_NOT_EXIST', notFound(404), [], 404);
  });
});

describe('CHANGE_PERMISSIONS, MODERATE and CHANGE_SETTINGS chains', () => {
  it('CHANGE_PERMISSIONS: trash, admin, anonymous, grant, deny; the domain does not constrain it', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectGranted(check(s, OWNER, FOLDER, 'CHANGE_PERMISSIONS'), 'GRANT_IF_HAS_CHANGE_PERMISSIONS');
    expectDenied(
      check(s, CONTRIBUTOR, FOLDER, 'CHANGE_PERMISSIONS'),
      'DENY',
      'You lack CHANGE_PERMISSIONS access to the requested entity.',
    );
    expect(check(s, null, FOLDER, 'CHANGE_PERMISSIONS').rule).toBe('DENY_IF_ANONYMOUS');
    expectGranted(check(s, ADMIN, FOLDER, 'CHANGE_PERMISSIONS'), 'GRANT_IF_ADMIN');
    s.trash(FOLDER);
    expect(check(s, ADMIN, FOLDER, 'CHANGE_PERMISSIONS').rule).toBe('DENY_IF_IN_TRASH');
  });

  it('MODERATE: trash, admin, anonymous, grant, deny', () => {
    const s = world();
    expectGranted(check(s, OWNER, PROJECT, 'MODERATE'), 'GRANT_IF_HAS_MODERATE');
    expectDenied(check(s, CONSUMER, PROJECT, 'MODERATE'), 'DENY', 'You lack MODERATE access to the requested entity.');
    expect(check(s, null, PROJECT, 'MODERATE').rule).toBe('DENY_IF_ANONYMOUS');
    expectGranted(check(s, ADMIN, PROJECT, 'MODERATE'), 'GRANT_IF_ADMIN');
  });

  it('CHANGE_SETTINGS: certification first, then the creator, then the ACL', () => {
    const s = world();
    s.setAcl(FOLDER, [[STRANGER, ['CHANGE_SETTINGS']], [CONSUMER, ['CHANGE_SETTINGS']]]);
    expectDenied(
      check(s, STRANGER, FOLDER, 'CHANGE_SETTINGS'),
      'DENY_IF_NOT_CERTIFIED',
      'Only certified users may create or update content.',
    );
    expectGranted(check(s, CONTRIBUTOR, CONTRIBUTED_FILE, 'CHANGE_SETTINGS'), 'GRANT_IF_USER_IS_CREATOR');
    expectGranted(check(s, CONSUMER, FILE, 'CHANGE_SETTINGS'), 'GRANT_IF_HAS_CHANGE_SETTINGS');
    expectDenied(
      check(s, CONTRIBUTOR, FILE, 'CHANGE_SETTINGS'),
      'DENY',
      'You lack CHANGE_SETTINGS access to the requested entity.',
    );
    expect(check(s, null, FILE, 'CHANGE_SETTINGS').rule).toBe('DENY_IF_ANONYMOUS');
    expectGranted(check(s, ADMIN, FILE, 'CHANGE_SETTINGS'), 'GRANT_IF_ADMIN');
  });
});

describe('SHARE chain', () => {
  it('a sharer may grant a subset of their own types', () => {
    const s = world();
    s.setAcl(FOLDER, [[CONSUMER, ['READ', 'DOWNLOAD', 'SHARE']]]);
    expectGranted(check(s, CONSUMER, FOLDER, 'SHARE', { shareChange: ['READ', 'DOWNLOAD'] }), 'GRANT_IF_HAS_SHARE');
    expectGranted(check(s, CONSUMER, FOLDER, 'SHARE'), 'GRANT_IF_HAS_SHARE');
  });

  it('a sharer may not grant types they lack, nor SHARE or CHANGE_PERMISSIONS', () => {
    const s = world();
    s.setAcl(FOLDER, [[CONSUMER, ['READ', 'DOWNLOAD', 'SHARE', 'CHANGE_PERMISSIONS']]]);
    expectDenied(
      check(s, CONSUMER, FOLDER, 'SHARE', { shareChange: ['READ', 'UPDATE', 'SHARE', 'CHANGE_PERMISSIONS'] }),
      'DENY_IF_SHARE_EXCEEDS_OWN_ACCESS',
      'You may share only access types you hold yourself, other than SHARE and CHANGE_PERMISSIONS; ' +
        'you may not grant UPDATE, CHANGE_PERMISSIONS, SHARE.',
    );
  });

  it('without SHARE the request is denied whatever it asks, and an admin may share anything', () => {
    const s = world();
    expectDenied(
      check(s, CONTRIBUTOR, FOLDER, 'SHARE', { shareChange: ['READ'] }),
      'DENY',
      'You lack SHARE access to the requested entity.',
    );
    expectGranted(check(s, ADMIN, FOLDER, 'SHARE', { shareChange: ['SHARE', 'CHANGE_PERMISSIONS'] }), 'GRANT_IF_ADMIN');
    expect(check(s, null, FOLDER, 'SHARE').rule).toBe('DENY_IF_ANONYMOUS');
  });

  it('the domain does not constrain sharing', () => {
    const s = world();
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectGranted(check(s, OWNER, FOLDER, 'SHARE', { shareChange: ['READ'] }), 'GRANT_IF_HAS_SHARE');
  });
});

describe('COMPUTE chain', () => {
  it('trash, admin, domain, anonymous, egress suspension, grant, deny', () => {
    const s = world();
    expectGranted(check(s, OWNER, PROJECT, 'COMPUTE'), 'GRANT_IF_HAS_COMPUTE');
    expectDenied(check(s, CONSUMER, PROJECT, 'COMPUTE'), 'DENY', 'You lack COMPUTE access to the requested entity.');
    s.setUser(OWNER, { egressSuspended: true });
    expectDenied(
      check(s, OWNER, PROJECT, 'COMPUTE'),
      'DENY_IF_EGRESS_SUSPENDED',
      'Downloads are suspended for your account pending a security review.',
    );
    expect(check(s, null, PROJECT, 'COMPUTE').rule).toBe('DENY_IF_ANONYMOUS');
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectDenied(
      check(s, OWNER, PROJECT, 'COMPUTE'),
      'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
      'You are not a member of every group in the authorization domain of this project.',
      [{ type: 'JoinAuthorizationDomain', groups: [AD_A] }],
    );
    expectGranted(check(s, ADMIN, PROJECT, 'COMPUTE'), 'GRANT_IF_ADMIN');
  });
});

describe('REMOVE_ACL chain', () => {
  it('a project keeps its ACL, even against an admin', () => {
    const s = world();
    const decision = check(s, ADMIN, PROJECT, 'REMOVE_ACL');
    expectDenied(decision, 'DENY_IF_PARENT_IS_ROOT', 'Cannot remove the ACL of a project');
  });

  it('a folder ACL can be removed by whoever may change permissions', () => {
    const s = world();
    s.setAcl(FOLDER, [[OWNER, ['CHANGE_PERMISSIONS']]]);
    expectGranted(check(s, OWNER, FOLDER, 'REMOVE_ACL'), 'GRANT_IF_HAS_CHANGE_PERMISSIONS');
    expectGranted(check(s, ADMIN, FOLDER, 'REMOVE_ACL'), 'GRANT_IF_ADMIN');
    expectDenied(
      check(s, CONSUMER, FOLDER, 'REMOVE_ACL'),
      'DENY',
      'You lack CHANGE_PERMISSIONS access to the requested entity.',
    );
    expect(check(s, null, FOLDER, 'REMOVE_ACL').rule).toBe('DENY_IF_ANONYMOUS');
    s.trash(PROJECT);
    expect(check(s, OWNER, FOLDER, 'REMOVE_ACL').rule).toBe('DENY_IF_IN_TRASH');
    expect(check(s, OWNER, PROJECT, 'REMOVE_ACL').rule).toBe('DENY_IF_IN_TRASH');
  });
});

describe('READ_ACL chain', () => {
  it('whoever may change the ACL reads it outside the authorization domain; the data stays closed', () => {
    const s = world();
    s.setAcl(PROJECT, [
      [OWNER, ALL],
      [CONSUMER, CAN_DOWNLOAD],
      [STRANGER, ['READ', 'SHARE']],
    ]);
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    expectGranted(check(s, OWNER, FOLDER, 'READ_ACL'), 'GRANT_IF_HAS_CHANGE_PERMISSIONS');
    expectGranted(check(s, STRANGER, FOLDER, 'READ_ACL'), 'GRANT_IF_HAS_SHARE');
    expect(check(s, OWNER, FOLDER, 'READ').rule).toBe('DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN');
    // One who may only read it reads it as they read the data: in the domain, with the groups to join.
    expectDenied(
      check(s, CONSUMER, FOLDER, 'READ_ACL'),
      'DENY_IF_NOT_IN_AUTHORIZATION_DOMAIN',
      'You are not a member of every group in the authorization domain of this project.',
      [{ type: 'JoinAuthorizationDomain', groups: [AD_A] }],
    );
    s.addMember(AD_A, CONSUMER);
    expectGranted(check(s, CONSUMER, FOLDER, 'READ_ACL'), 'GRANT_IF_HAS_READ');
    s.addMember(AD_A, CONTRIBUTOR); // no longer on the ACL
    expectDenied(check(s, CONTRIBUTOR, FOLDER, 'READ_ACL'), 'DENY', 'You lack READ access to the requested entity.');
    expectGranted(check(s, ADMIN, FOLDER, 'READ_ACL'), 'GRANT_IF_ADMIN');
    s.trash(FOLDER);
    expect(check(s, OWNER, FOLDER, 'READ_ACL').rule).toBe('DENY_IF_IN_TRASH');
  });
});

describe('accounts', () => {
  it('a disabled account is refused everything, even an admin', () => {
    const s = world();
    s.setUser(ADMIN, { disabled: true });
    for (const action of Object.keys(CHAINS) as Action[]) {
      expectDenied(check(s, ADMIN, FILE, action), 'DENY_IF_USER_DISABLED', 'User is disabled.');
    }
    expectDenied(check(s, ADMIN, 999, 'READ'), 'DENY_IF_USER_DISABLED', 'User is disabled.');
  });

  it('a user who has not accepted the current terms may only read public content', () => {
    const s = world();
    s.setAcl(FOLDER, [[PUBLIC, ['READ']], [CONSUMER, ALL]]);
    s.setUser(CONSUMER, { acceptedTerms: false });
    expectGranted(check(s, CONSUMER, FILE, 'READ'), 'GRANT_IF_HAS_READ');
    expectDenied(
      check(s, CONSUMER, FILE, 'DOWNLOAD'),
      'DENY',
      'You lack DOWNLOAD access to the requested entity.',
      [{ type: 'AcceptTermsOfUse' }],
    );
    expectDenied(
      check(s, CONSUMER, PROJECT, 'READ'),
      'DENY',
      'You lack READ access to the requested entity.',
      [{ type: 'AcceptTermsOfUse' }],
    );
    expect(check(s, CONSUMER, FILE, 'CHANGE_SETTINGS').rule).toBe('DENY');
    s.setUser(CONSUMER, { acceptedTerms: true });
    expectGranted(check(s, CONSUMER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
  });

  it('an AUTHENTICATED grant reaches every signed-in user but not anonymous callers', () => {
    const s = world();
    s.setAcl(FOLDER, [[AUTHENTICATED, CAN_DOWNLOAD]]);
    expectGranted(check(s, STRANGER, FILE, 'DOWNLOAD'), 'GRANT_IF_HAS_DOWNLOAD');
    expect(check(s, null, FILE, 'READ').rule).toBe('DENY');
  });

  it('a user id the state does not know is granted nothing of its own', () => {
    const s = world();
    s.setAcl(FOLDER, [[4242, ALL]]);
    expect(check(s, 4242, FILE, 'READ').rule).toBe('DENY');
  });
});

describe('permissionsSummary', () => {
  it('summarises what the caller may do', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    expect(permissionsSummary(s, CONTRIBUTOR, CONTRIBUTED_FILE, NOW)).toEqual({
      canView: true,
      canDownload: true,
      canEdit: true,
      canAddChild: true,
      canDelete: true,
      canChangePermissions: false,
      canChangeSettings: true,
      canModerate: false,
      canShare: false,
      canCompute: false,
      canMove: true,
      canPublicRead: false,
      isDataContributor: true,
      isOpenData: false,
      isCertified: true,
    });
    // OWNER uploaded FILE and so meets its ARs, but the folder itself stays restricted for them.
    expect(permissionsSummary(s, OWNER, FILE, NOW)).toMatchObject({ canDownload: true, canMove: true, canShare: true });
    expect(permissionsSummary(s, OWNER, FOLDER, NOW)).toMatchObject({ canDownload: false, canEdit: true });
  });

  it('shows public read and open data, and is undefined for what does not exist', () => {
    const s = world();
    s.setAcl(FOLDER, [[PUBLIC, ['READ']]]);
    s.setDataType(FILE, 'OPEN_DATA');
    expect(permissionsSummary(s, null, FILE, NOW)).toMatchObject({
      canView: true,
      canDownload: true,
      canEdit: false,
      canPublicRead: true,
      isOpenData: true,
      isCertified: false,
      isDataContributor: false,
    });
    expect(permissionsSummary(s, OWNER, 9999, NOW)).toBeUndefined();
  });
});

describe('restrictionInformation', () => {
  it('an entity with no AR is OPEN with nothing unmet', () => {
    expect(restrictionInformation(world(), CONSUMER, FILE, NOW)).toEqual({
      restrictionLevel: 'OPEN',
      hasUnmetAccessRequirement: false,
      restrictionDetails: [],
    });
  });

  it('the level is the highest among the ARs on the path', () => {
    const s = world();
    s.bindAccessRequirement(TERMS, PROJECT);
    expect(restrictionInformation(s, CONSUMER, FILE, NOW)?.restrictionLevel).toBe('RESTRICTED_BY_TERMS_OF_USE');
    s.bindAccessRequirement(LOCK, FILE);
    expect(restrictionInformation(s, CONSUMER, FILE, NOW)?.restrictionLevel).toBe('CONTROLLED_BY_ACT');
    expect(restrictionInformation(s, CONSUMER, FOLDER, NOW)?.restrictionLevel).toBe('RESTRICTED_BY_TERMS_OF_USE');
  });

  it('reports approval, exemption and the uploader per AR', () => {
    const s = world();
    s.bindAccessRequirement(TERMS, FOLDER);
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.bindAccessRequirement(LOCK, FOLDER);
    s.setAccessRequirementAcl(MANAGED, [[CONTRIBUTOR, ['EXEMPTION_ELIGIBLE']]]);
    s.approve(TERMS, CONTRIBUTOR);
    s.approve(LOCK, CONTRIBUTOR);
    expect(restrictionInformation(s, CONTRIBUTOR, FILE, NOW)).toEqual({
      restrictionLevel: 'CONTROLLED_BY_ACT',
      hasUnmetAccessRequirement: true,
      restrictionDetails: [
        { accessRequirementId: TERMS, isApproved: true, isMet: true, isExempt: false },
        { accessRequirementId: MANAGED, isApproved: false, isMet: true, isExempt: true },
        { accessRequirementId: LOCK, isApproved: false, isMet: false, isExempt: false },
      ],
    });
    expect(restrictionInformation(s, CONTRIBUTOR, CONTRIBUTED_FILE, NOW)).toMatchObject({
      hasUnmetAccessRequirement: false,
      restrictionDetails: [
        { accessRequirementId: TERMS, isMet: true },
        { accessRequirementId: MANAGED, isMet: true },
        { accessRequirementId: LOCK, isApproved: false, isMet: true },
      ],
    });
    expect(restrictionInformation(s, CONTRIBUTOR, 31337, NOW)).toBeUndefined();
  });
});

describe('the move rule', () => {
  it('a user outside ACT may not move a restricted entity to where fewer ARs apply', () => {
    const s = world();
    s.bindAccessRequirement(MANAGED, FOLDER);
    s.bindAccessRequirement(TERMS, FILE);
    expectDenied(
      checkMove(s, OWNER, FILE, OTHER_FOLDER),
      'DENY_IF_MOVE_TO_FEWER_ACCESS_RESTRICTIONS',
      'Cannot move restricted entity to a location having fewer access restrictions.',
    );
    expectGranted(checkMove(s, ACT_MEMBER, FILE, OTHER_FOLDER), 'GRANT_IF_ACT');
    expectGranted(checkMove(s, ADMIN, FILE, OTHER_FOLDER), 'GRANT_IF_ADMIN');
    s.bindAccessRequirement(MANAGED, OTHER_PROJECT);
    expectGranted(checkMove(s, OWNER, FILE, OTHER_FOLDER), 'GRANT_IF_ACCESS_RESTRICTIONS_KEPT');
  });

  it('ARs bound to the entity itself travel with it', () => {
    const s = world();
    s.bindAccessRequirement(LOCK, FOLDER);
    expectGranted(checkMove(s, OWNER, FOLDER, OTHER_PROJECT), 'GRANT_IF_ACCESS_RESTRICTIONS_KEPT');
  });

  it('names whichever of the entity and the destination does not exist', () => {
    const s = world();
    expectDenied(checkMove(s, OWNER, 8, FOLDER), 'DENY_IF_DOES_NOT_EXIST', "Resource: 'syn8' does not exist", [], 404);
    expectDenied(checkMove(s, OWNER, FILE, 9), 'DENY_IF_DOES_NOT_EXIST', "Resource: 'syn9' does not exist", [], 404);
    expect(checkMove(s, null, FILE, FOLDER).rule).toBe('DENY_IF_ANONYMOUS');
  });
});

describe('ACL changes under an authorization domain', () => {
  it('an AD project cannot be made public, by anyone', () => {
    const s = world();
    expectGranted(checkAclChange(s, FOLDER, [PUBLIC, OWNER]), 'GRANT_IF_NOT_MADE_PUBLIC');
    s.setAuthorizationDomain(PROJECT, [AD_A]);
    for (const principal of [PUBLIC, AUTHENTICATED]) {
      expectDenied(
        checkAclChange(s, FOLDER, [OWNER, principal]),
        'DENY_IF_AUTHORIZATION_DOMAIN_MADE_PUBLIC',
        'Cannot make authorization domain protected resources public. ' +
          'Share directly with authorization domain groups instead.',
      );
    }
    expectGranted(checkAclChange(s, FOLDER, [OWNER, AD_A]), 'GRANT_IF_NOT_MADE_PUBLIC');
  });
});

describe('team access requirements', () => {
  it('lists the ARs of a team the user has not met, ignoring approvals of a Lock', () => {
    const s = world();
    s.bindAccessRequirementToTeam(TERMS, LAB);
    s.bindAccessRequirementToTeam(LOCK, LAB);
    s.approve(LOCK, STRANGER);
    expect(unmetTeamAccessRequirements(s, STRANGER, LAB, NOW)).toEqual([TERMS, LOCK]);
    s.approve(TERMS, STRANGER);
    expect(unmetTeamAccessRequirements(s, STRANGER, LAB, NOW)).toEqual([LOCK]);
    expect(unmetTeamAccessRequirements(s, STRANGER, EXEMPT_TEAM, NOW)).toEqual([]);
  });
});
