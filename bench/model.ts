/**
 * The benchmark's data set, built in memory from a seed (bench/generate.ts writes it to PostgreSQL).
 *
 * Shape (all fractions are of the size's counts; see bench/README.md):
 * - users: 0.5 % disabled, 98 % accepted the platform terms, 40 % certified, 15 % validated, 20 % with 2FA,
 *   0.1 % egress-suspended; a few admins and ACT members. Every user is in 0–8 teams (mean ≈ 3), team sizes
 *   heavily skewed (a few consortium-sized teams, many small ones).
 * - projects: one per ~500 entities, sizes log-normal; each is a folder tree up to 12 levels deep (project =
 *   level 1), files at the leaves. Every project has an ACL (owner: all types; 1–3 teams and 0–4 users with the
 *   UI presets); 3 % grant PUBLIC READ, 3 % AUTHENTICATED READ+DOWNLOAD; 1 % (at least one) have an
 *   authorization domain: a managed group (§9) holding most of the project's users, in 30 % of cases through a
 *   nested group; the group is also granted READ+DOWNLOAD on the project. Other managed groups (one per 20
 *   projects in all) have random members.
 *   ~5 % of folders have their own ACL. ~0.3 % of folders and ~0.5 % of files are in the trash; ~0.3 % of files
 *   (5 % in public projects) are OPEN_DATA.
 * - access requirements: TermsOfUse 35 %, SelfSign 25 %, ManagedACT 35 %, Lock 5 %; some require 2FA; 0.5 %
 *   deleted. Bound to ~10 % of projects and folders (and 0.2 % of files), each project drawing from a small pool of
 *   its own ARs; 2 % also bound to a team. AR ACLs: REVIEW_SUBMISSIONS for ACT (and some delegated reviewers);
 *   ~20 % grant EXEMPTION_ELIGIBLE to a team of the project, ~5 % to the project owner.
 * - approvals: spread over ARs by how often they are bound; 75 % go to users who can see a project the AR is bound
 *   in, 25 % to anyone; 8 % REVOKED; 55 % never expire, 35 % expire in the future, 10 % have expired (still
 *   APPROVED: the expiry job has not run yet). Users may hold several approvals for one AR.
 */
import { ACCESS_TYPES } from '../src/decisions/model.js';
import { ADMIN_TEAM, ACT_TEAM, AUTHENTICATED, PUBLIC } from '../src/infra/ids.js';
import { Rng, type Size } from './common.js';

export const MAX_DEPTH = 12;
export const FIRST_USER_ID = 1000;
export const FIRST_ENTITY_ID = 100;
export const FIRST_AR_ID = 9_600_000;

export const ENTITY_PROJECT = 0;
export const ENTITY_FOLDER = 1;
export const ENTITY_FILE = 2;

export const PRESETS = {
  view: ['READ'],
  download: ['READ', 'DOWNLOAD'],
  edit: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE'],
  editDelete: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE'],
  admin: [...ACCESS_TYPES],
} as const satisfies Record<string, readonly string[]>;
type Preset = readonly string[];

export type ArType = 'TermsOfUse' | 'SelfSign' | 'ManagedACT' | 'Lock';

export interface Model {
  size: Size;
  seed: number;
  /** Generation time, epoch ms; approval expiries are relative to it. */
  now: number;
  users: {
    count: number;
    disabled: Uint8Array;
    acceptedTerms: Uint8Array;
    certified: Uint8Array;
    validated: Uint8Array;
    twoFa: Uint8Array;
    egressSuspended: Uint8Array;
  };
  teams: { count: number; firstId: number };
  /** Managed groups (§9): ids after the teams'. */
  groups: { count: number; firstId: number };
  /** [groupId, memberId (user or group), role] */
  groupMembers: [number, number, 'admin' | 'member'][];
  /** [teamId, userId, isManager] */
  memberships: { team: Int32Array; user: Int32Array; manager: Uint8Array; length: number };
  entities: {
    count: number;
    /** Index of the parent, -1 for projects. */
    parent: Int32Array;
    type: Uint8Array;
    /** Index of the project. */
    project: Int32Array;
    depth: Uint8Array;
    createdBy: Int32Array;
    openData: Uint8Array;
    trashed: Uint8Array;
  };
  /** entity index → [principalId, accessTypes][] */
  acls: Map<number, [number, Preset][]>;
  /** project entity index → group ids */
  authorizationDomains: Map<number, number[]>;
  accessRequirements: { type: ArType; settings: Record<string, unknown>; deleted: boolean }[];
  /** [arIndex, entityIndex] */
  entityBindings: [number, number][];
  /** [arIndex, teamId] */
  teamBindings: [number, number][];
  /** arIndex → [principalId, types][] */
  arAcls: [number, string[]][][];
  approvals: {
    length: number;
    ar: Int32Array;
    accessor: Int32Array;
    submitter: Int32Array;
    revoked: Uint8Array;
    /** epoch ms, or NaN for never */
    expiresOn: Float64Array;
    createdOffsetDays: Uint16Array;
  };
  stats: Record<string, unknown>;
}

export const userId = (i: number) => FIRST_USER_ID + i;
export const entityId = (i: number) => FIRST_ENTITY_ID + i;
export const arId = (i: number) => FIRST_AR_ID + i;

const DAY = 86_400_000;

export function buildModel(size: Size, seed: number, now: number): Model {
  const U = size.users;
  const T = size.teams;
  const N = size.entities;
  const A = size.accessRequirements;
  const firstTeamId = FIRST_USER_ID + U;
  const teamId = (j: number) => firstTeamId + j;

  // ---- Users ----------------------------------------------------------------------------------------------
  const ur = new Rng(seed, 1);
  const users = {
    count: U,
    disabled: new Uint8Array(U),
    acceptedTerms: new Uint8Array(U),
    certified: new Uint8Array(U),
    validated: new Uint8Array(U),
    twoFa: new Uint8Array(U),
    egressSuspended: new Uint8Array(U),
  };
  const privileged = size.admins + size.act;
  for (let i = 0; i < U; i++) {
    const special = i < privileged;
    users.disabled[i] = !special && ur.chance(0.005) ? 1 : 0;
    users.acceptedTerms[i] = special || ur.chance(0.98) ? 1 : 0;
    users.certified[i] = special || ur.chance(0.4) ? 1 : 0;
    users.validated[i] = special || (users.certified[i] === 1 && ur.chance(0.37)) ? 1 : 0;
    users.twoFa[i] = special || ur.chance(0.2) ? 1 : 0;
    users.egressSuspended[i] = !special && ur.chance(0.001) ? 1 : 0;
  }
  /** A user who is neither admin nor ACT. */
  const ordinaryUser = (r: Rng) => privileged + Math.floor(r.next() * (U - privileged));

  // ---- Teams and memberships -------------------------------------------------------------------------------
  const tr = new Rng(seed, 2);
  const mTeam: number[] = [];
  const mUser: number[] = [];
  const mManager: number[] = [];
  const teamMembers: number[][] = Array.from({ length: T }, () => []);
  for (let i = 0; i < U; i++) {
    if (i < size.admins) {
      mTeam.push(ADMIN_TEAM), mUser.push(userId(i)), mManager.push(0);
    } else if (i < privileged) {
      mTeam.push(ACT_TEAM), mUser.push(userId(i)), mManager.push(0);
    }
    if (tr.chance(0.15)) continue;
    const k = 1 + Math.floor(tr.next() * tr.next() * 8);
    const chosen = new Set<number>();
    for (let n = 0; n < k; n++) chosen.add(tr.skewed(T, 2));
    for (const j of chosen) {
      mTeam.push(teamId(j));
      mUser.push(userId(i));
      mManager.push(teamMembers[j].length === 0 || tr.chance(0.03) ? 1 : 0);
      teamMembers[j].push(userId(i));
    }
  }
  const memberships = {
    team: Int32Array.from(mTeam),
    user: Int32Array.from(mUser),
    manager: Uint8Array.from(mManager),
    length: mTeam.length,
  };

  // ---- Projects and trees ----------------------------------------------------------------------------------
  const er = new Rng(seed, 3);
  const P = Math.max(4, Math.round(N / 500));
  const weights = Array.from({ length: P }, () => Math.exp(1.1 * er.gaussian()));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const budget = N - P;
  const projectSizes = weights.map((w) => Math.floor((w / weightSum) * budget));
  let rest = budget - projectSizes.reduce((a, b) => a + b, 0);
  for (let p = 0; rest > 0; p = (p + 1) % P, rest--) projectSizes[p]++;

  const entities = {
    count: N,
    parent: new Int32Array(N),
    type: new Uint8Array(N),
    project: new Int32Array(N),
    depth: new Uint8Array(N),
    createdBy: new Int32Array(N),
    openData: new Uint8Array(N),
    trashed: new Uint8Array(N),
  };
  const acls = new Map<number, [number, Preset][]>();
  const authorizationDomains = new Map<number, number[]>();
  const projectIndexes: number[] = [];
  /** project entity index → its ACL's users and teams (for approvals and exemptions). */
  const projectTeams = new Map<number, number[]>();
  const projectUsers = new Map<number, number[]>();
  const projectOwner = new Map<number, number>();
  const publicProjects = new Set<number>();
  let next = 0;

  // Managed groups: made for authorization domains as projects need them, the rest at random afterwards.
  const G = Math.max(3, Math.round(P / 20));
  const firstGroupId = firstTeamId + T;
  const groupMembers: [number, number, 'admin' | 'member'][] = [];
  let groups = 0;
  const newGroup = (r: Rng, members: Iterable<number>): number => {
    const id = firstGroupId + groups++;
    let first = true;
    for (const m of members) {
      groupMembers.push([id, m, first || r.chance(0.02) ? 'admin' : 'member']);
      first = false;
    }
    return id;
  };
  /** Users of a project: its direct ACL users and up to 300 members of its ACL teams. */
  const domainMembers = (r: Rng, direct: number[], teams: number[]): Set<number> => {
    const members = new Set<number>(direct);
    for (const t of teams) {
      const list = teamMembers[t - firstTeamId];
      for (let n = 0; n < Math.min(list.length, 300); n++) if (r.chance(0.9)) members.add(list[n]);
    }
    return members;
  };

  const presetFor = (r: Rng, contributorBias: number): Preset => {
    const x = r.next();
    if (x < 0.3 - contributorBias / 2) return PRESETS.view;
    if (x < 0.7 - contributorBias) return PRESETS.download;
    if (x < 0.9 - contributorBias / 2) return PRESETS.edit;
    return PRESETS.editDelete;
  };

  const add = (parent: number, type: number, project: number, depth: number, createdBy: number): number => {
    const i = next++;
    entities.parent[i] = parent;
    entities.type[i] = type;
    entities.project[i] = project < 0 ? i : project;
    entities.depth[i] = depth;
    entities.createdBy[i] = createdBy;
    return i;
  };

  for (let p = 0; p < P; p++) {
    const owner = userId(ordinaryUser(er));
    const project = add(-1, ENTITY_PROJECT, -1, 1, owner);
    projectIndexes.push(project);
    projectOwner.set(project, owner);
    // At least one project with an authorization domain, whatever the size.
    const hasDomain = er.chance(0.01) || p === 1;
    const entries = new Map<number, Preset>([[owner, PRESETS.admin]]);
    const teams: number[] = [];
    const nTeams = er.int(1, 3);
    for (let n = 0; n < nTeams; n++) {
      const t = teamId(er.skewed(T, 1.5));
      teams.push(t);
      entries.set(t, presetFor(er, 0));
    }
    const direct: number[] = [owner];
    const creators: number[] = [owner];
    const nUsers = er.int(0, 4);
    for (let n = 0; n < nUsers; n++) {
      const u = userId(ordinaryUser(er));
      const preset = presetFor(er, 0.15);
      if (entries.has(u)) continue;
      entries.set(u, preset);
      direct.push(u);
      if (preset === PRESETS.editDelete || preset === PRESETS.edit) creators.push(u);
    }
    if (!hasDomain) {
      const x = er.next();
      if (x < 0.03) {
        entries.set(PUBLIC, PRESETS.view);
        publicProjects.add(project);
      } else if (x < 0.06) {
        entries.set(AUTHENTICATED, PRESETS.download);
        publicProjects.add(project);
      }
    } else if (groups < G) {
      const members = domainMembers(er, direct, teams);
      let group: number;
      if (er.chance(0.3) && groups + 2 <= G) {
        // The project's users are in a group nested in the domain's group.
        const inner = newGroup(er, members);
        group = newGroup(er, [userId(ordinaryUser(er)), inner]);
      } else {
        group = newGroup(er, members);
      }
      authorizationDomains.set(project, [group]);
      entries.set(group, PRESETS.download);
    }
    acls.set(project, [...entries]);
    projectTeams.set(project, [...new Set(teams)]);
    projectUsers.set(project, direct);

    const creator = () => (er.chance(0.5) ? owner : er.pick(creators));
    // Depth-first, with an explicit stack: [parent index, parent depth, entities to create below it].
    const stack: [number, number, number][] = [[project, 1, projectSizes[p]]];
    while (stack.length > 0) {
      const [parent, depth, below] = stack.pop()!;
      if (below <= 0) continue;
      if (depth + 1 >= MAX_DEPTH || below <= 2) {
        for (let n = 0; n < below; n++) add(parent, ENTITY_FILE, project, depth + 1, creator());
        continue;
      }
      const folders = Math.min(below, er.chance(0.35) ? 1 : er.int(2, 5));
      const files = Math.min(below - folders, Math.floor(er.next() * er.next() * Math.min(below - folders, 120)));
      for (let n = 0; n < files; n++) add(parent, ENTITY_FILE, project, depth + 1, creator());
      let remaining = below - folders - files;
      const shares = Array.from({ length: folders }, () => 0.05 + er.next() * er.next());
      const shareSum = shares.reduce((a, b) => a + b, 0);
      const budgets = shares.map((s) => Math.floor((s / shareSum) * remaining));
      remaining -= budgets.reduce((a, b) => a + b, 0);
      budgets[0] += remaining;
      for (let n = 0; n < folders; n++) {
        const folder = add(parent, ENTITY_FOLDER, project, depth + 1, creator());
        stack.push([folder, depth + 1, budgets[n]]);
      }
    }
  }
  if (next !== N) throw new Error(`generator made ${next} entities, expected ${N}`);
  while (groups < G) {
    const members = new Set<number>();
    const n = 5 + er.skewed(200, 2);
    for (let k = 0; k < n; k++) members.add(userId(ordinaryUser(er)));
    // Now and then a group holds an earlier one (never a later one: no cycles).
    if (groups > 0 && er.chance(0.2)) members.add(firstGroupId + er.int(0, groups - 1));
    newGroup(er, members);
  }

  // Folder ACLs, trash, OPEN_DATA.
  const ar = new Rng(seed, 4);
  let folderAcls = 0;
  for (let i = 0; i < N; i++) {
    const type = entities.type[i];
    const project = entities.project[i];
    if (type === ENTITY_FOLDER) {
      if (ar.chance(0.05)) {
        folderAcls++;
        const entries = new Map<number, Preset>([[projectOwner.get(project)!, PRESETS.admin]]);
        const n = ar.int(1, 3);
        for (let k = 0; k < n; k++) {
          const principal = ar.chance(0.6)
            ? (ar.chance(0.5) ? ar.pick(projectTeams.get(project)!) : teamId(ar.skewed(T, 1.5)))
            : (ar.chance(0.5) ? ar.pick(projectUsers.get(project)!) : userId(ordinaryUser(ar)));
          if (!entries.has(principal)) entries.set(principal, presetFor(ar, 0.1));
        }
        if (!authorizationDomains.has(project) && ar.chance(0.01)) entries.set(PUBLIC, PRESETS.view);
        acls.set(i, [...entries]);
      }
      if (ar.chance(0.003)) entities.trashed[i] = 1;
    } else if (type === ENTITY_FILE) {
      if (ar.chance(0.005)) entities.trashed[i] = 1;
      if (ar.chance(publicProjects.has(project) ? 0.05 : 0.003)) entities.openData[i] = 1;
    }
  }

  // ---- Access requirements ---------------------------------------------------------------------------------
  const qr = new Rng(seed, 5);
  const accessRequirements: Model['accessRequirements'] = [];
  for (let k = 0; k < A; k++) {
    const x = qr.next();
    const type: ArType = x < 0.35 ? 'TermsOfUse' : x < 0.6 ? 'SelfSign' : x < 0.95 ? 'ManagedACT' : 'Lock';
    const settings: Record<string, unknown> = {};
    if (type === 'SelfSign') {
      settings.certifiedRequired = qr.chance(0.5);
      settings.validatedRequired = qr.chance(0.2);
      settings.requires2fa = qr.chance(0.03);
    } else if (type === 'ManagedACT') {
      settings.certifiedRequired = qr.chance(0.6);
      settings.validatedRequired = qr.chance(0.4);
      settings.ducRequired = qr.chance(0.5);
      settings.irbRequired = qr.chance(0.3);
      settings.requires2fa = qr.chance(0.12);
      settings.expirationDays = qr.chance(0.5) ? 365 : 0;
    }
    accessRequirements.push({ type, settings, deleted: qr.chance(0.005) });
  }
  // Each project draws its bindings from a small pool of ARs; the pools together use every AR at least once
  // where the number of bindings allows.
  const order = qr.shuffle(Array.from({ length: A }, (_, k) => k));
  let cursor = 0;
  const pools = new Map<number, number[]>();
  const arHomes: Set<number>[] = Array.from({ length: A }, () => new Set());
  const poolOf = (project: number): number[] => {
    let pool = pools.get(project);
    if (pool === undefined) {
      const n = qr.chance(0.6) ? 1 : qr.int(2, 4);
      pool = [];
      for (let k = 0; k < n; k++) pool.push(cursor < A ? order[cursor++] : qr.int(0, A - 1));
      pools.set(project, pool);
    }
    return pool;
  };
  const entityBindings: [number, number][] = [];
  const bindingCount = new Float64Array(A);
  for (let i = 0; i < N; i++) {
    const type = entities.type[i];
    const p = type === ENTITY_FILE ? 0.002 : 0.1;
    if (!qr.chance(p)) continue;
    const pool = poolOf(entities.project[i]);
    const chosen = new Set<number>([qr.pick(pool)]);
    if (pool.length > 1 && qr.chance(0.15)) chosen.add(qr.pick(pool));
    for (const k of chosen) {
      entityBindings.push([k, i]);
      bindingCount[k]++;
      arHomes[k].add(entities.project[i]);
    }
  }
  const teamBindings: [number, number][] = [];
  for (let k = 0; k < A; k++) if (qr.chance(0.02)) teamBindings.push([k, teamId(qr.int(0, T - 1))]);

  const actUsers = Array.from({ length: size.act }, (_, n) => userId(size.admins + n));
  const arAcls: [number, string[]][][] = [];
  let exemptionGrants = 0;
  for (let k = 0; k < A; k++) {
    const entries = new Map<number, Set<string>>([[ACT_TEAM, new Set(['REVIEW_SUBMISSIONS'])]]);
    const grant = (principal: number, type: string) => {
      let set = entries.get(principal);
      if (!set) entries.set(principal, (set = new Set()));
      set.add(type);
    };
    if (qr.chance(0.3)) grant(qr.chance(0.5) ? qr.pick(actUsers) : userId(ordinaryUser(qr)), 'REVIEW_SUBMISSIONS');
    const homes = [...arHomes[k]];
    if (qr.chance(0.2)) {
      exemptionGrants++;
      const home = homes.length > 0 ? qr.pick(homes) : -1;
      grant(home >= 0 && qr.chance(0.7) ? qr.pick(projectTeams.get(home)!) : teamId(qr.skewed(T, 1.5)), 'EXEMPTION_ELIGIBLE');
    }
    if (homes.length > 0 && qr.chance(0.05)) {
      exemptionGrants++;
      grant(projectOwner.get(qr.pick(homes))!, 'EXEMPTION_ELIGIBLE');
    }
    arAcls.push([...entries].map(([principal, types]) => [principal, [...types].sort()]));
  }

  // ---- Approvals --------------------------------------------------------------------------------------------
  const pr = new Rng(seed, 6);
  const M = size.approvals;
  const cumulative = new Float64Array(A);
  let acc = 0;
  for (let k = 0; k < A; k++) {
    acc += accessRequirements[k].type === 'Lock' ? 0 : bindingCount[k] + 0.5;
    cumulative[k] = acc;
  }
  /** Users who can see a project the AR is bound in: direct ACL users and members of ACL teams. */
  const candidates = new Map<number, number[]>();
  const candidatesOf = (k: number): number[] => {
    let list = candidates.get(k);
    if (list === undefined) {
      const set = new Set<number>();
      for (const project of arHomes[k]) {
        for (const u of projectUsers.get(project)!) set.add(u);
        for (const t of projectTeams.get(project)!) {
          const members = teamMembers[t - firstTeamId];
          const step = Math.max(1, Math.floor(members.length / 500));
          for (let n = 0; n < members.length; n += step) set.add(members[n]);
        }
      }
      list = [...set];
      candidates.set(k, list);
    }
    return list;
  };
  const approvals = {
    length: M,
    ar: new Int32Array(M),
    accessor: new Int32Array(M),
    submitter: new Int32Array(M),
    revoked: new Uint8Array(M),
    expiresOn: new Float64Array(M),
    createdOffsetDays: new Uint16Array(M),
  };
  for (let n = 0; n < M; n++) {
    const k = pr.weighted(cumulative);
    const list = candidatesOf(k);
    const accessor = list.length > 0 && pr.chance(0.75) ? pr.pick(list) : userId(pr.int(0, U - 1));
    approvals.ar[n] = k;
    approvals.accessor[n] = accessor;
    approvals.submitter[n] = pr.chance(0.85) ? accessor : userId(pr.int(0, U - 1));
    approvals.revoked[n] = pr.chance(0.08) ? 1 : 0;
    const x = pr.next();
    approvals.expiresOn[n] = x < 0.55 ? NaN : x < 0.9 ? now + pr.int(30, 730) * DAY : now - pr.int(1, 365) * DAY;
    approvals.createdOffsetDays[n] = pr.int(1, 1000);
  }

  // ---- Statistics --------------------------------------------------------------------------------------------
  const depthHistogram: Record<number, number> = {};
  let files = 0;
  let folders = 0;
  let trashed = 0;
  let openData = 0;
  for (let i = 0; i < N; i++) {
    depthHistogram[entities.depth[i]] = (depthHistogram[entities.depth[i]] ?? 0) + 1;
    if (entities.type[i] === ENTITY_FILE) files++;
    if (entities.type[i] === ENTITY_FOLDER) folders++;
    trashed += entities.trashed[i];
    openData += entities.openData[i];
  }
  let aclEntries = 0;
  for (const entries of acls.values()) aclEntries += entries.length;
  const stats = {
    entities: N,
    projects: P,
    folders,
    files,
    maxDepth: Math.max(...Object.keys(depthHistogram).map(Number)),
    depthHistogram,
    acls: acls.size,
    folderAcls,
    aclEntries,
    publicProjects: publicProjects.size,
    authorizationDomains: authorizationDomains.size,
    trashedRoots: trashed,
    openDataFiles: openData,
    users: U,
    teams: T,
    memberships: memberships.length,
    groups: G,
    groupMembers: groupMembers.length,
    accessRequirements: A,
    entityBindings: entityBindings.length,
    teamBindings: teamBindings.length,
    exemptionGrants,
    approvals: M,
  };

  return {
    size,
    seed,
    now,
    users,
    teams: { count: T, firstId: firstTeamId },
    groups: { count: G, firstId: firstGroupId },
    groupMembers,
    memberships,
    entities,
    acls,
    authorizationDomains,
    accessRequirements,
    entityBindings,
    teamBindings,
    arAcls,
    approvals,
    stats,
  };
}
