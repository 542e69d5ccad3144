import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { DecisionIndex } from '../../src/decisions/live.js';
import { decide } from '../../src/decisions/engine.js';
import { ACTIONS, type Action } from '../../src/decisions/model.js';
import { buildWorld, insertEntity, insertRequirement, prng, randomWrite, setAclEntry, type World } from './world.js';

let gh: TestGatehouse;
let world: World;
beforeAll(async () => {
  gh = await startTestGatehouse();
  world = await buildWorld(gh);
});
afterAll(async () => gh?.stop());

/** Every decision of the world, from the server's live index (synced) and from a fresh full load. */
async function compareWithFreshLoad(label: string) {
  const users = [null, ...world.users.map((u) => u.id)];
  const fresh = await DecisionIndex.open(gh.ctx.db, gh.clock);
  const now = gh.clock.now().getTime();
  for (const action of ACTIONS) {
    for (const entityId of world.entities) {
      const live = await gh.ctx.decisions.decideForUsers(entityId, users, action as Action);
      users.forEach((userId, i) => {
        const expected = decide(fresh.current, { userId, entityId, action, now });
        expect({ label, userId, entityId, action, ...live[i] }).toEqual({ label, userId, entityId, action, ...expected });
      });
    }
  }
}

describe('the decision index never decides on a state older than the last committed write', () => {
  it('after each of 120 random committed writes, the live index decides exactly as a fresh full load', async () => {
    const rnd = prng(20261121);
    await gh.ctx.decisions.index.sync();
    const reloadsBefore = gh.ctx.decisions.index.stats.reloads;
    for (let i = 0; i < 120; i++) {
      const what = await randomWrite(gh, world, rnd);
      // Time moves too: expiring approvals must lapse at decision time.
      gh.clock.advance(rnd.int(3) * 3_600_000);
      await compareWithFreshLoad(`write ${i}: ${what}`);
    }
    // Every write was applied incrementally: no full reload after the first load.
    expect(gh.ctx.decisions.index.stats.reloads).toBe(reloadsBefore);
    expect(gh.ctx.decisions.index.stats.applied).toBeGreaterThan(50);
  }, 240_000);

  /** A project with a folder and a file, owned by the first user, untouched by the random writes. */
  async function freshProject(name: string) {
    const owner = world.users[0];
    return gh.ctx.db.tx(async (sql) => {
      const project = await insertEntity(sql, gh, 'project', name, null, owner.id);
      await setAclEntry(sql, gh, project, owner.id, ['READ', 'DOWNLOAD', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS']);
      const folder = await insertEntity(sql, gh, 'folder', 'data', project, owner.id);
      const file = await insertEntity(sql, gh, 'file', 'data.csv', folder, owner.id);
      return { project, folder, file };
    });
  }

  it('a revocation committed while checks are in flight is honoured by every check asked after the commit', async () => {
    const reader = await gh.user('reader1');
    const { project, file } = await freshProject('Revocations');
    const db = gh.ctx.db;
    await setAclEntry(db, gh, project, reader.id, ['READ', 'DOWNLOAD']);
    const check = () => gh.ctx.decisions.decide({ userId: reader.id, entityId: file, action: 'DOWNLOAD' });
    expect((await check()).granted).toBe(true);
    for (let i = 0; i < 30; i++) {
      const before = Array.from({ length: 10 }, check);
      const revoke = db.tx((sql) => setAclEntry(sql, gh, project, reader.id, null));
      const during = Array.from({ length: 10 }, check);
      await revoke;
      expect(await check()).toMatchObject({ granted: false, rule: 'DENY', message: 'You lack DOWNLOAD access to the requested entity.' });
      await Promise.all([...before, ...during]);
      await db.tx((sql) => setAclEntry(sql, gh, project, reader.id, ['READ', 'DOWNLOAD']));
      expect((await check()).granted).toBe(true);
    }
  });

  it('a team removal, a move to the trash, a new AR binding and a disabled account each deny the very next check', async () => {
    const reader = await gh.user('reader2');
    const { project, file } = await freshProject('Removals');
    // The random writes moved the clock past the world users' sessions: a new manager creates the team.
    const manager = await gh.user('manager2');
    const created = await gh.as(manager).post('/api/v1/teams', { name: 'Readers' });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json().id as number;
    const db = gh.ctx.db;
    await setAclEntry(db, gh, project, team, ['READ', 'DOWNLOAD']);
    await db.query('INSERT INTO team_members (team_id, user_id, added_at) VALUES ($1, $2, now())', [team, reader.id]);
    const check = () => gh.ctx.decisions.decide({ userId: reader.id, entityId: file, action: 'DOWNLOAD' });
    expect((await check()).granted).toBe(true);

    await db.query('DELETE FROM team_members WHERE team_id = $1 AND user_id = $2', [team, reader.id]);
    expect(await check()).toMatchObject({ granted: false, rule: 'DENY' });
    await db.query('INSERT INTO team_members (team_id, user_id, added_at) VALUES ($1, $2, now())', [team, reader.id]);
    expect((await check()).granted).toBe(true);

    await db.query('UPDATE entities SET trashed_at = now() WHERE id = $1', [project]);
    expect(await check()).toMatchObject({ granted: false, rule: 'DENY_IF_IN_TRASH', message: `Entity syn${file} is in trash can.` });
    await db.query('UPDATE entities SET trashed_at = NULL WHERE id = $1', [project]);

    const ar = await insertRequirement(db, gh, 'ManagedACT');
    await db.query(`INSERT INTO access_requirement_subjects (access_requirement_id, subject_type, subject_id, bound_at) VALUES ($1, 'entity', $2, now())`, [ar, project]);
    expect(await check()).toMatchObject({ granted: false, rule: 'DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS' });
    await db.query(`DELETE FROM access_requirement_subjects WHERE access_requirement_id = $1`, [ar]);
    expect((await check()).granted).toBe(true);

    await db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [reader.id]);
    expect(await check()).toMatchObject({ granted: false, message: 'User is disabled.' });
    await db.query(`UPDATE users SET status = 'active' WHERE id = $1`, [reader.id]);
    expect((await check()).granted).toBe(true);
  });

  it('reloads from scratch when the change log was pruned past its position', async () => {
    const index = await DecisionIndex.open(gh.ctx.db, gh.clock);
    const reloads = index.stats.reloads;
    await setAclEntry(gh.ctx.db, gh, world.projects[0], world.users[2].id, ['READ']);
    await setAclEntry(gh.ctx.db, gh, world.projects[0], world.users[2].id, ['READ', 'DOWNLOAD']);
    await gh.ctx.db.query('DELETE FROM access_changes WHERE seq <= (SELECT max(seq) - 1 FROM access_changes)');
    await index.sync();
    expect(index.stats.reloads).toBe(reloads + 1);
    const d = decide(index.current, { userId: world.users[2].id, entityId: world.projects[0], action: 'READ', now: gh.clock.now().getTime() });
    const live = await gh.ctx.decisions.decide({ userId: world.users[2].id, entityId: world.projects[0], action: 'READ' });
    expect(d).toEqual(live);
  });
});
