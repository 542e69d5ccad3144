/**
 * The sample of checks the benchmark times: seeded, fixed for a given data set.
 *
 * Users are drawn from a pool (all users at small size, 20,000 at full size). For each check, 70 % are on an
 * entity of a project whose ACL names one of the user's principals (directly or through a team) — what a user
 * browses and asks about; 29.5 % on any entity; 0.5 % on an id that does not exist.
 */
import type { Db } from '../src/infra/db.js';
import { AUTHENTICATED, PUBLIC } from '../src/decisions/model.js';
import type { DecisionState } from '../src/decisions/state.js';
import { Rng } from './common.js';

export interface Sample {
  users: Int32Array;
  entities: Int32Array;
  /** Distinct users of the sample. */
  pool: number[];
}

export interface World {
  firstEntityId: number;
  lastEntityId: number;
  /** Project id → [first, last] entity id (the generator writes each project's tree as one id range). */
  projectStarts: number[];
  projectEnds: number[];
  /** principal → indexes into projectStarts of projects whose ACL names it (PUBLIC/AUTHENTICATED left out). */
  principalProjects: Map<number, number[]>;
}

export async function loadWorld(db: Db): Promise<World> {
  const [{ min, max }] = await db.query<{ min: number; max: number }>('SELECT min(id) AS min, max(id) AS max FROM entities');
  const projects = await db.query<{ id: number }>('SELECT id FROM entities WHERE parent_id IS NULL ORDER BY id');
  const projectStarts = projects.map((p) => p.id);
  const projectEnds = projectStarts.map((start, i) => (i + 1 < projectStarts.length ? projectStarts[i + 1] - 1 : max));
  const indexOf = new Map(projectStarts.map((id, i) => [id, i]));
  const principalProjects = new Map<number, number[]>();
  for (const row of await db.query<{ entity_id: number; principal_id: number }>(
    `SELECT a.entity_id, a.principal_id FROM acl_entries a JOIN entities e ON e.id = a.entity_id WHERE e.parent_id IS NULL`,
  )) {
    if (row.principal_id === PUBLIC || row.principal_id === AUTHENTICATED) continue;
    let list = principalProjects.get(row.principal_id);
    if (!list) principalProjects.set(row.principal_id, (list = []));
    list.push(indexOf.get(row.entity_id)!);
  }
  return { firstEntityId: min, lastEntityId: max, projectStarts, projectEnds, principalProjects };
}

/** Projects (indexes) in whose ACL one of the user's principals appears: what the user would browse. */
export function projectsOf(world: World, state: DecisionState, userId: number): number[] {
  const set = new Set<number>();
  for (const principal of state.principals(userId)) for (const p of world.principalProjects.get(principal) ?? []) set.add(p);
  return [...set];
}

/**
 * 70 % of checks are on an entity of a project the user is named in (directly or through a team): what a user
 * browses; 29.5 % on any entity; 0.5 % on an id that does not exist.
 */
export function pickEntity(world: World, rng: Rng, own: number[]): number {
  const x = rng.next();
  if (x < 0.005) return world.lastEntityId + 1 + rng.int(0, 1000);
  if (x < 0.7 && own.length > 0) {
    const p = rng.pick(own);
    return rng.int(world.projectStarts[p], world.projectEnds[p]);
  }
  return rng.int(world.firstEntityId, world.lastEntityId);
}

export function buildSample(world: World, state: DecisionState, userIds: number[], size: number, poolSize: number, seed: number): Sample {
  const rng = new Rng(seed, 101);
  const pool = rng.shuffle([...userIds]).slice(0, poolSize).sort((a, b) => a - b);
  const own = new Map<number, number[]>();
  const users = new Int32Array(size);
  const entities = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const u = rng.pick(pool);
    let list = own.get(u);
    if (!list) own.set(u, (list = projectsOf(world, state, u)));
    users[i] = u;
    entities[i] = pickEntity(world, rng, list);
  }
  return { users, entities, pool };
}

/** Entities whose DOWNLOAD answer depends on the benefactor ACL alone for this user: casl's part. */
export function onlyAclsMatter(state: DecisionState, userId: number, entityId: number): boolean {
  const facts = state.user(userId);
  if (!facts || facts.disabled || facts.isAdmin || !facts.acceptedTerms || facts.egressSuspended) return false;
  const entity = state.entity(entityId);
  if (!entity || entity.dataType === 'OPEN_DATA') return false;
  let projectId = entityId;
  for (let at = state.entity(entityId); at; at = at.parentId === null ? undefined : state.entity(at.parentId)) {
    if (at.trashed) return false;
    if (state.accessRequirementIdsOnEntity(at.id).length > 0) return false;
    projectId = at.id;
  }
  return state.authorizationDomain(projectId).length === 0;
}
