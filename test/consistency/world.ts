import type { Sql } from '../../src/infra/db.js';
import type { TestGatehouse, TestUser } from '../harness.js';
import { ACCESS_TYPES, type AccessType } from '../../src/decisions/model.js';
import { mulberry32 } from '../prng.js';

/**
 * A small world of users, teams, entities and access requirements, changed by random committed writes through
 * SQL — the same rows the use cases write, so the access change log sees exactly what production writes produce.
 */
export interface World {
  users: TestUser[];
  teams: number[];
  entities: number[];
  projects: number[];
  requirements: number[];
}

/** A seeded PRNG (mulberry32), so that a failing sequence can be replayed. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

export async function insertEntity(sql: Sql, gh: TestGatehouse, type: 'project' | 'folder' | 'file', name: string, parentId: number | null, createdBy: number): Promise<number> {
  const { id } = await sql.one<{ id: number }>("SELECT nextval('entity_id_seq')::bigint AS id");
  const projectId = parentId === null ? id : (await sql.one<{ project_id: number }>('SELECT project_id FROM entities WHERE id = $1', [parentId])).project_id;
  await sql.query(
    `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
     VALUES ($1, $2, $3, $4, $5, md5(random()::text), $6, $7, $6, $7)`,
    [id, parentId, type, name, projectId, createdBy, gh.clock.now()],
  );
  return id;
}

export async function setAclEntry(sql: Sql, gh: TestGatehouse, entityId: number, principalId: number, types: AccessType[] | null): Promise<void> {
  await sql.query(`INSERT INTO acls (entity_id, etag, modified_at) VALUES ($1, 'e', $2) ON CONFLICT (entity_id) DO NOTHING`, [entityId, gh.clock.now()]);
  if (types === null || types.length === 0) {
    await sql.query('DELETE FROM acl_entries WHERE entity_id = $1 AND principal_id = $2', [entityId, principalId]);
  } else {
    await sql.query(
      `INSERT INTO acl_entries (entity_id, principal_id, access_types) VALUES ($1, $2, $3)
       ON CONFLICT (entity_id, principal_id) DO UPDATE SET access_types = EXCLUDED.access_types`,
      [entityId, principalId, types],
    );
  }
}

export async function insertRequirement(sql: Sql, gh: TestGatehouse, type: string, settings: Record<string, unknown> = {}): Promise<number> {
  const { id } = await sql.one<{ id: number }>(
    `INSERT INTO access_requirements (type, name, settings, etag, created_at, modified_at) VALUES ($1, $1, $2, 'e', $3, $3) RETURNING id`,
    [type, JSON.stringify(settings), gh.clock.now()],
  );
  return id;
}

export async function buildWorld(gh: TestGatehouse): Promise<World> {
  const users = [
    await gh.user('ursula', { certified: true, validated: true }),
    await gh.user('victor', { certified: true }),
    await gh.user('wanda'),
    await gh.user('xavier', { act: true, certified: true }),
  ];
  const world: World = { users, teams: [], entities: [], projects: [], requirements: [] };
  for (const name of ['Lab A', 'Lab B']) {
    const res = await gh.as(users[0]).post('/api/v1/teams', { name });
    world.teams.push(res.json().id);
  }
  await gh.ctx.db.tx(async (sql) => {
    for (let p = 0; p < 2; p++) {
      const project = await insertEntity(sql, gh, 'project', `Project ${p}`, null, users[0].id);
      await setAclEntry(sql, gh, project, users[0].id, [...ACCESS_TYPES]);
      world.projects.push(project);
      world.entities.push(project);
      const folder = await insertEntity(sql, gh, 'folder', 'data', project, users[0].id);
      const sub = await insertEntity(sql, gh, 'folder', 'raw', folder, users[1].id);
      world.entities.push(folder, sub);
      for (let f = 0; f < 2; f++) {
        world.entities.push(await insertEntity(sql, gh, 'file', `f${f}.csv`, f === 0 ? sub : folder, users[f].id));
      }
    }
    world.requirements.push(await insertRequirement(sql, gh, 'TermsOfUse'));
    world.requirements.push(await insertRequirement(sql, gh, 'ManagedACT', { certifiedRequired: true }));
    world.requirements.push(await insertRequirement(sql, gh, 'SelfSign', { requires2fa: true }));
    world.requirements.push(await insertRequirement(sql, gh, 'Lock'));
  });
  return world;
}

const SUBSETS: AccessType[][] = [['READ'], ['READ', 'DOWNLOAD'], ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE'], ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE'], [...ACCESS_TYPES], ['DOWNLOAD']];

/** One random committed write; returns what it did, for the failure message. */
export async function randomWrite(gh: TestGatehouse, world: World, rnd: ReturnType<typeof prng>): Promise<string> {
  const db = gh.ctx.db;
  const now = gh.clock.now();
  const principals = [...world.users.map((u) => u.id), ...world.teams, 1, 2];
  const op = rnd.int(13);
  return db.tx(async (sql) => {
    switch (op) {
      case 0: case 1: {
        const entity = rnd.pick(world.entities);
        const principal = rnd.pick(principals);
        const types = rnd.chance(0.3) ? null : rnd.pick(SUBSETS);
        await setAclEntry(sql, gh, entity, principal, types);
        return `acl ${entity} ${principal} ${types}`;
      }
      case 2: {
        const entity = rnd.pick(world.entities.filter((e) => !world.projects.includes(e)));
        await sql.query('DELETE FROM acls WHERE entity_id = $1', [entity]);
        return `remove acl ${entity}`;
      }
      case 3: {
        const team = rnd.pick(world.teams);
        const user = rnd.pick(world.users).id;
        if (rnd.chance(0.5)) {
          await sql.query('INSERT INTO team_members (team_id, user_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [team, user, now]);
          return `join ${team} ${user}`;
        }
        await sql.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 AND NOT is_manager', [team, user]);
        return `leave ${team} ${user}`;
      }
      case 4: {
        const entity = rnd.pick(world.entities);
        const trash = rnd.chance(0.5);
        await sql.query('UPDATE entities SET trashed_at = $2 WHERE id = $1', [entity, trash ? now : null]);
        return `${trash ? 'trash' : 'restore'} ${entity}`;
      }
      case 5: {
        const ar = rnd.pick(world.requirements);
        const entity = rnd.pick(world.entities);
        if (rnd.chance(0.5)) {
          await sql.query(`INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_at) VALUES ($1, 'entity', $2, $3) ON CONFLICT DO NOTHING`, [ar, entity, now]);
          return `bind ${ar} ${entity}`;
        }
        await sql.query(`DELETE FROM access_requirement_subjects WHERE access_requirement_id = $1 AND subject_id = $2`, [ar, entity]);
        return `unbind ${ar} ${entity}`;
      }
      case 6: {
        const ar = rnd.pick(world.requirements);
        const user = rnd.pick(world.users).id;
        const expires = rnd.chance(0.3) ? new Date(now.getTime() + (rnd.chance(0.5) ? -1 : 1) * 86_400_000) : null;
        await sql.query(
          `INSERT INTO approvals (access_requirement_id, accessor_id, submitter_id, access_requirement_version, state, expires_on, created_at, modified_at)
           VALUES ($1, $2, $2, 1, 'APPROVED', $3, $4, $4)`, [ar, user, expires, now]);
        return `approve ${ar} ${user} until ${expires?.toISOString()}`;
      }
      case 7: {
        const row = await sql.maybeOne<{ id: number }>(`SELECT id FROM approvals WHERE state = 'APPROVED' ORDER BY random() LIMIT 1`);
        if (!row) return 'no approval to revoke';
        await sql.query(`UPDATE approvals SET state = 'REVOKED' WHERE id = $1`, [row.id]);
        return `revoke approval ${row.id}`;
      }
      case 8: {
        const user = rnd.pick(world.users).id;
        const column = rnd.pick(['is_certified', 'is_validated']);
        await sql.query(`UPDATE users SET ${column} = NOT ${column} WHERE id = $1`, [user]);
        return `toggle ${column} ${user}`;
      }
      case 9: {
        const user = rnd.pick(world.users).id;
        const on = rnd.chance(0.5);
        await sql.query('UPDATE users SET totp_enabled_at = $2 WHERE id = $1', [user, on ? now : null]);
        return `2fa ${on} ${user}`;
      }
      case 10: {
        const ar = rnd.pick(world.requirements);
        const principal = rnd.pick([...world.teams, ...world.users.map((u) => u.id)]);
        if (rnd.chance(0.6)) {
          await sql.query(`INSERT INTO access_requirement_acl (access_requirement_id, principal_id, access_types) VALUES ($1, $2, '{EXEMPTION_ELIGIBLE}') ON CONFLICT DO NOTHING`, [ar, principal]);
          return `exempt-eligible ${ar} ${principal}`;
        }
        await sql.query('DELETE FROM access_requirement_acl WHERE access_requirement_id = $1 AND principal_id = $2', [ar, principal]);
        return `not exempt-eligible ${ar} ${principal}`;
      }
      case 11: {
        const entity = rnd.pick(world.entities.filter((e) => !world.projects.includes(e)));
        const target = rnd.pick(world.entities.filter((e) => e !== entity));
        // Only folders and projects take children; never below itself.
        const ok = await sql.maybeOne(
          `WITH RECURSIVE up AS (SELECT id, parent_id FROM entities WHERE id = $2 UNION ALL SELECT e.id, e.parent_id FROM entities e JOIN up ON e.id = up.parent_id)
           SELECT 1 FROM entities t WHERE t.id = $2 AND t.type <> 'file' AND NOT EXISTS (SELECT 1 FROM up WHERE id = $1)`, [entity, target]);
        if (!ok) return `no move ${entity} → ${target}`;
        await sql.query(`UPDATE entities SET parent_id = $2, name = name || '.' || $1 WHERE id = $1`, [entity, target]);
        return `move ${entity} → ${target}`;
      }
      default: {
        const entity = rnd.pick(world.entities);
        const open = rnd.chance(0.5);
        await sql.query('UPDATE entities SET data_type = $2 WHERE id = $1', [entity, open ? 'OPEN_DATA' : 'SENSITIVE_DATA']);
        return `data type ${entity} ${open}`;
      }
    }
  });
}
