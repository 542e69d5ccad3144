import type { TestGatehouse } from './harness.js';

/**
 * Hand-built record histories for the audit's tests: rows written straight into the record tables (entity,
 * AR and tier histories, downloads, approvals through their trigger), so that each test knows the right answer.
 */
export function history(gh: TestGatehouse) {
  const db = gh.ctx.db;
  let nextEntity = 700_000 + Math.floor(Math.random() * 1000) * 100;
  let nextAr = 9_800_000 + Math.floor(Math.random() * 1000) * 100;
  let nextBlob = 0;
  const t = (s: string) => new Date(s);

  async function entity(type: 'project' | 'folder' | 'file', name: string, opts: { parent?: { id: number; projectId: number }; createdBy: number; description?: string }) {
    const id = ++nextEntity;
    const projectId = opts.parent ? opts.parent.projectId : id;
    await db.query(
      `INSERT INTO entities (id, parent_id, type, name, description, project_id, etag, created_by, created_at, modified_by, modified_at, current_version)
       VALUES ($1, $2, $3, $4, $5, $6, 'e', $7, '2024-01-01', $7, '2024-01-01', $8)`,
      [id, opts.parent?.id ?? null, type, name, opts.description ?? '', projectId, opts.createdBy, type === 'file' ? 1 : null]);
    return { id, projectId, parentId: opts.parent?.id ?? null, type, name };
  }

  type E = Awaited<ReturnType<typeof entity>>;
  interface State { localAr?: boolean; public?: boolean; restricted?: boolean; controlled?: boolean; ars?: number[]; benefactorId?: number; version?: number; actorId?: number | null; trash?: boolean }

  async function snap(e: E, at: string, s: State = {}) {
    await db.query(
      `INSERT INTO entity_snapshots (at, change, actor_id, entity_id, version, name, type, parent_id, project_id, benefactor_id, data_type,
         in_trash, is_public, is_restricted, is_controlled, effective_access_requirements, authorization_domain, created_at, modified_at,
         has_local_acl, has_local_access_requirement)
       VALUES ($1, 'test', $2, $3, $4, $5, $6, $7, $8, $9, 'SENSITIVE_DATA', $10, $11, $12, $13, $14::bigint[], '{}', '2024-01-01', $1, $15, $16)`,
      [t(at), s.actorId ?? null, e.id, e.type === 'file' ? s.version ?? 1 : null, e.name, e.type, e.parentId, e.projectId, s.benefactorId ?? e.projectId,
        s.trash ?? false, s.public ?? false, s.restricted ?? false, s.controlled ?? false, s.ars ?? [],
        (s.benefactorId ?? e.projectId) === e.id, s.localAr ?? false]);
  }

  async function content(e: E, md5: string, version = 1) {
    const blob = await db.one<{ id: number }>(
      `INSERT INTO blobs (storage_key, size, md5, content_type, file_name, created_at) VALUES ($1, 100, $2, 'text/plain', 'f.txt', '2024-01-01') RETURNING id`,
      [`audit-test-${e.id}-${++nextBlob}`, md5]);
    const owner = await db.one<{ created_by: number }>('SELECT created_by FROM entities WHERE id = $1', [e.id]);
    await db.query(`INSERT INTO file_versions (entity_id, version, blob_id, created_by, created_at) VALUES ($1, $2, $3, $4, '2024-01-01')`, [e.id, version, blob.id, owner.created_by]);
  }

  async function download(userId: number, e: E, at: string, opts: { bytes?: number; result?: string } = {}) {
    const r = await db.one<{ id: number }>(
      `INSERT INTO download_records (at, user_id, entity_id, version, bytes, project_id, client, result) VALUES ($1, $2, $3, 1, $4, $5, 'web', $6) RETURNING id`,
      [t(at), userId, e.id, opts.bytes ?? 1000, e.projectId, opts.result ?? 'served']);
    return Number(r.id);
  }

  async function requirement(type: 'TermsOfUse' | 'SelfSign' | 'ManagedACT' | 'Lock', name: string, opts: { at?: string; terms?: string; settings?: Record<string, unknown> } = {}) {
    const id = ++nextAr;
    await db.query(
      `INSERT INTO access_requirements (id, type, name, terms, settings, etag, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, 'e', '2024-01-01', '2024-01-01')`,
      [id, type, name, opts.terms ?? '', JSON.stringify(opts.settings ?? {})]);
    await arSnapshot(id, opts.at ?? '2024-01-01', { type, name, version: 1, terms: opts.terms ?? '', settings: opts.settings ?? {} });
    return id;
  }

  async function arSnapshot(id: number, at: string, s: { type: string; name: string; version: number; terms: string; settings?: Record<string, unknown>; actorId?: number }) {
    await db.query(
      `INSERT INTO access_requirement_snapshots (at, change, actor_id, access_requirement_id, version, type, name, terms, settings, subjects)
       VALUES ($1, 'test', $2, $3, $4, $5, $6, $7, $8, '[]')`,
      [t(at), s.actorId ?? null, id, s.version, s.type, s.name, s.terms, JSON.stringify(s.settings ?? {})]);
  }

  /** An approval granted at `at` (the trigger writes its event), by `by` (default: ACT, not the accessor). */
  async function approve(arId: number, accessorId: number, at: string, opts: { expires?: string; by?: number | null; source?: string; version?: number } = {}) {
    const r = await db.one<{ id: number }>(
      `INSERT INTO approvals (access_requirement_id, accessor_id, submitter_id, access_requirement_version, state, expires_on, source, created_by, created_at, modified_by, modified_at)
       VALUES ($1, $2, $2, $3, 'APPROVED', $4, $5, $6, $7, $6, $7) RETURNING id`,
      [arId, accessorId, opts.version ?? 1, opts.expires ? t(opts.expires) : null, opts.source ?? 'act', opts.by ?? null, t(at)]);
    return Number(r.id);
  }

  async function revoke(approvalId: number, at: string) {
    await db.query(`UPDATE approvals SET state = 'REVOKED', modified_at = $2 WHERE id = $1`, [approvalId, t(at)]);
  }

  async function tier(userId: number, tierName: string, change: 'granted' | 'revoked', at: string) {
    const r = await db.one<{ id: number }>(
      `INSERT INTO user_tier_events (user_id, tier, change, how, at) VALUES ($1, $2, $3, 'test', $4) RETURNING id`, [userId, tierName, change, t(at)]);
    return Number(r.id);
  }

  async function team(name: string, members: number[], addedAt = '2024-01-01') {
    const { id } = await db.one<{ id: number }>(`INSERT INTO principals (id, kind) VALUES (nextval('principal_id_seq'), 'team') RETURNING id`);
    await db.query(`INSERT INTO teams (id, name, created_at) VALUES ($1, $2, '2024-01-01')`, [id, name]);
    for (const m of members) await db.query(`INSERT INTO team_members (team_id, user_id, added_at) VALUES ($1, $2, $3)`, [id, m, t(addedAt)]);
    return Number(id);
  }

  async function incident(userId: number, first: string, last: string, bytes: number) {
    const r = await db.one<{ id: number }>(
      `INSERT INTO egress_incidents (incident_key, user_id, first_event_at, last_event_at, bytes, state, counting, created_at)
       VALUES ($1, $2, $3, $4, $5, 'open', 'counted', $3) RETURNING id`,
      [`test:${Math.random()}`, userId, t(first), t(last), bytes]);
    return Number(r.id);
  }

  return { entity, snap, content, download, requirement, arSnapshot, approve, revoke, tier, team, incident };
}
