import { expect } from 'vitest';
import { signIn, type TestGatehouse, type TestUser } from '../harness.js';
import type { AccessType } from '../../src/decisions/model.js';

/**
 * Shared set-up for the access-requirements tests. Entities are written with SQL (the entities capability is
 * built beside this one); everything under test goes through the HTTP API.
 */

export const ALL_ACCESS: AccessType[] = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
export const CAN_DOWNLOAD: AccessType[] = ['READ', 'DOWNLOAD'];
export const CONTRIBUTOR: AccessType[] = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE'];

export const syn = (id: number) => `syn${id}`;

export const STALE_ETAG = 'Access Requirement was updated since you last fetched it, retrieve it again and reapply the update.';
export const UNMET = 'There are unmet access requirements that must be met to read content in the requested container.';

export function fixtures(gh: TestGatehouse) {
  const sql = () => gh.ctx.db;

  async function insertEntity(type: 'project' | 'folder' | 'file', name: string, parentId: number | null, createdBy: number): Promise<number> {
    return gh.ctx.db.tx(async (tx) => {
      const { id } = await tx.one<{ id: number }>("SELECT nextval('entity_id_seq')::bigint AS id");
      const projectId = parentId === null
        ? id
        : (await tx.one<{ project_id: number }>('SELECT project_id FROM entities WHERE id = $1', [parentId])).project_id;
      await tx.query(
        `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, $2, $3, $4, $5, md5(random()::text), $6, $7, $6, $7)`,
        [id, parentId, type, name, projectId, createdBy, gh.clock.now()],
      );
      return id;
    });
  }

  /** Gives the entity its own ACL with exactly these entries. */
  async function setAcl(entityId: number, entries: Record<number, AccessType[]>): Promise<void> {
    await gh.ctx.db.tx(async (tx) => {
      await tx.query('DELETE FROM acl_entries WHERE entity_id = $1', [entityId]);
      await tx.query(
        `INSERT INTO acls (entity_id, etag, modified_at) VALUES ($1, md5(random()::text), $2)
         ON CONFLICT (entity_id) DO UPDATE SET etag = EXCLUDED.etag`,
        [entityId, gh.clock.now()],
      );
      for (const [principalId, types] of Object.entries(entries)) {
        await tx.query('INSERT INTO acl_entries (entity_id, principal_id, access_types) VALUES ($1, $2, $3)', [entityId, Number(principalId), types]);
      }
    });
  }

  return {
    /** A project owned by `owner` (every access type) plus the extra ACL entries given. */
    async project(owner: TestUser, name: string, extra: Record<number, AccessType[]> = {}) {
      const id = await insertEntity('project', name, null, owner.id);
      await setAcl(id, { [owner.id]: ALL_ACCESS, ...extra });
      return id;
    },
    folder: (parentId: number, name: string, createdBy: TestUser) => insertEntity('folder', name, parentId, createdBy.id),
    /** A file; its creator is its uploader, who meets every AR on it. */
    file: (parentId: number, name: string, uploader: TestUser) => insertEntity('file', name, parentId, uploader.id),
    setAcl,
    /** Sessions end when the test clock moves past their lifetime: sign these users in again. */
    async signInAgain(...users: TestUser[]) {
      for (const u of users) u.cookie = await signIn(gh, u.username, u.password);
    },
    async trash(entityId: number, by: TestUser) {
      await sql().query('UPDATE entities SET trashed_at = $2, trashed_by = $3 WHERE id = $1', [entityId, gh.clock.now(), by.id]);
    },

    async team(manager: TestUser, name: string, members: TestUser[] = []) {
      const res = await gh.as(manager).post('/api/v1/teams', { name });
      expect(res.statusCode, res.body).toBe(201);
      const teamId = res.json().id as number;
      for (const m of members) {
        const added = await gh.as(manager).post(`/api/v1/teams/${teamId}/members`, { userId: m.id });
        expect(added.statusCode, added.body).toBe(200);
      }
      return teamId;
    },

    /** Creates an AR as `act` and returns it. */
    async requirement(act: TestUser, body: Record<string, unknown>) {
      const res = await gh.as(act).post('/api/v1/access-requirements', { name: `AR ${Math.random().toString(36).slice(2, 8)}`, ...body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; etag: string; version: number; type: string; settings: Record<string, unknown>; subjects: { type: string; id: string | number }[] };
    },

    async bind(act: TestUser, arId: number, entityId: number) {
      const res = await gh.as(act).post(`/api/v1/access-requirements/${arId}/subjects`, { type: 'entity', id: syn(entityId) });
      expect(res.statusCode, res.body).toBe(201);
    },

    async approve(act: TestUser, arId: number, user: TestUser, extra: Record<string, unknown> = {}) {
      const res = await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: arId, accessorId: user.id, ...extra });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; expiresOn: string | null; state: string };
    },

    /** The DOWNLOAD decision for a user, through the decisions API. */
    async download(user: TestUser, entityId: number) {
      const res = await gh.as(user).post('/api/v1/decisions', { entityId: syn(entityId), action: 'DOWNLOAD' });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { granted: boolean; rule: string; message: string | null; actionsRequired: Record<string, unknown>[] };
    },

    async actions(user: TestUser | null, entityId: number) {
      const res = await gh.as(user).get(`/api/v1/entities/${syn(entityId)}/actions-required`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { entityId: string; canDownload: boolean; rule: string; message: string | null; actions: Record<string, unknown>[] };
    },

    async restriction(user: TestUser | null, entityId: number) {
      const res = await gh.as(user).get(`/api/v1/entities/${syn(entityId)}/restriction-information`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        entityId: string; restrictionLevel: string; hasUnmetAccessRequirement: boolean;
        restrictionDetails: { accessRequirementId: number; isApproved: boolean; isMet: boolean; isExempt: boolean }[];
      };
    },

    /** Row counts that any write of this capability would move. */
    async totals() {
      const row = await sql().one<Record<string, number>>(
        `SELECT (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM access_requirements)::int AS requirements,
           (SELECT count(*) FROM access_requirement_versions)::int AS versions, (SELECT count(*) FROM access_requirement_subjects)::int AS subjects,
           (SELECT count(*) FROM access_requirement_acl)::int AS acl, (SELECT count(*) FROM approvals)::int AS approvals,
           (SELECT count(*) FROM access_requirement_snapshots)::int AS snapshots, (SELECT count(*) FROM entity_snapshots)::int AS entity_snapshots,
           (SELECT count(*) FROM outbox)::int AS outbox`,
      );
      return row;
    },

    async auditActions(targetType: string, targetId: string | number) {
      const rows = await sql().query<{ action: string; actor_id: number | null; details: Record<string, unknown> }>(
        'SELECT action, actor_id, details FROM audit_log WHERE target_type = $1 AND target_id = $2 ORDER BY seq',
        [targetType, String(targetId)],
      );
      return rows;
    },

    async emailsTo(user: TestUser) {
      return sql().query<{ kind: string; subject: string; body: string }>(
        'SELECT kind, subject, body FROM outbox WHERE recipient_user_id = $1 ORDER BY id',
        [user.id],
      );
    },
  };
}
