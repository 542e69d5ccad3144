import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, conflict, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { authorize } from '../entities/access.js';
import { callOrchestrator, type OrchestratorResult } from './orchestrator.js';

/**
 * Analysis runtimes (SPEC §9): VMs and notebooks that a compute orchestrator registers in a project on behalf of
 * a user who holds COMPUTE there (decided by the engine: the COMPUTE chain, authorization domain included).
 * Gatehouse lists them and can ask the orchestrator to stop them (signed webhook, orchestrator.ts); egress
 * enforcement (SPEC §10) stops a user's runtimes with stopRuntimesOfUser.
 */

export const RUNTIME_KINDS = ['vm', 'notebook', 'other'] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];
export type RuntimeStatus = 'running' | 'stopping' | 'stopped' | 'stop_failed';

export interface Runtime {
  id: number;
  projectId: string;
  userId: number;
  username: string;
  name: string;
  kind: RuntimeKind;
  externalId: string | null;
  status: RuntimeStatus;
  createdAt: string;
  stopRequestedAt: string | null;
  stopRequestedBy: number | null;
  stopReason: string | null;
  stoppedAt: string | null;
  orchestratorResult: OrchestratorResult | null;
}

export interface Actor {
  id: number;
  isAdmin: boolean;
}

interface RuntimeRow {
  id: number;
  project_id: number;
  user_id: number;
  username: string;
  name: string;
  kind: RuntimeKind;
  external_id: string | null;
  status: RuntimeStatus;
  created_at: Date;
  stop_requested_at: Date | null;
  stop_requested_by: number | null;
  stop_reason: string | null;
  stopped_at: Date | null;
  orchestrator_result: OrchestratorResult | null;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

const view = (r: RuntimeRow): Runtime => ({
  id: Number(r.id),
  projectId: formatEntityId(Number(r.project_id)),
  userId: Number(r.user_id),
  username: r.username,
  name: r.name,
  kind: r.kind,
  externalId: r.external_id,
  status: r.status,
  createdAt: new Date(r.created_at).toISOString(),
  stopRequestedAt: iso(r.stop_requested_at),
  stopRequestedBy: r.stop_requested_by === null ? null : Number(r.stop_requested_by),
  stopReason: r.stop_reason,
  stoppedAt: iso(r.stopped_at),
  orchestratorResult: r.orchestrator_result,
});

const SELECT = `SELECT r.*, u.username FROM runtimes r JOIN users u ON u.id = r.user_id`;

async function load(sql: Sql, id: number): Promise<RuntimeRow | null> {
  return sql.maybeOne<RuntimeRow>(`${SELECT} WHERE r.id = $1`, [id]);
}

const notFoundRuntime = (id: number) => notFound(`There is no runtime ${id}.`, 'RUNTIME_NOT_FOUND');

export interface NewRuntime {
  projectId: number;
  name: string;
  kind: RuntimeKind;
  externalId?: string;
}

/** Registers a runtime in a project: COMPUTE on the project (404 when the caller cannot see it). */
export async function registerRuntime(ctx: AppContext, actor: Actor, input: NewRuntime): Promise<Runtime> {
  const name = input.name.trim();
  if (name === '') throw badRequest('VALIDATION_FAILED', 'Give the runtime a name.');
  await authorize(ctx, actor, input.projectId, 'COMPUTE');
  const project = await ctx.db.maybeOne<{ type: string }>('SELECT type FROM entities WHERE id = $1', [input.projectId]);
  if (!project) throw notFound(decisionMessages.doesNotExist(input.projectId));
  if (project.type !== 'project') {
    throw badRequest('NOT_A_PROJECT', `${formatEntityId(input.projectId)} is not a project; runtimes are registered in projects.`);
  }
  const id = await ctx.db.tx(async (sql) => {
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO runtimes (project_id, user_id, name, kind, external_id, status, created_at)
       VALUES ($1, $2, $3, $4, $5, 'running', $6) RETURNING id`,
      [input.projectId, actor.id, name, input.kind, input.externalId?.trim() || null, ctx.clock.now()],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'runtime.registered', targetType: 'runtime', targetId: Number(id),
      details: { projectId: formatEntityId(input.projectId), name, kind: input.kind, externalId: input.externalId ?? null },
    });
    return Number(id);
  });
  return view((await load(ctx.db, id))!);
}

/** Mine; a platform administrator sees everyone's (and may filter by user). */
export async function listRuntimes(ctx: AppContext, actor: Actor, filter: { projectId?: number; status?: RuntimeStatus; userId?: number }, slice: { limit?: number; offset?: number }) {
  const userId = actor.isAdmin ? (filter.userId ?? null) : actor.id;
  const where = `WHERE ($1::bigint IS NULL OR r.user_id = $1) AND ($2::bigint IS NULL OR r.project_id = $2) AND ($3::text IS NULL OR r.status = $3)`;
  const params = [userId, filter.projectId ?? null, filter.status ?? null];
  const rows = await ctx.db.query<RuntimeRow>(`${SELECT} ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT $4 OFFSET $5`,
    [...params, slice.limit ?? 50, slice.offset ?? 0]);
  const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM runtimes r ${where}`, params);
  return { items: rows.map(view), total: count };
}

/** Its user, a platform administrator, or whoever may change the project's permissions (its owner). */
async function mayManage(ctx: AppContext, actor: Actor, row: RuntimeRow): Promise<boolean> {
  if (actor.isAdmin || Number(row.user_id) === actor.id) return true;
  const d = await ctx.decisions.decide({ userId: actor.id, entityId: Number(row.project_id), action: 'CHANGE_PERMISSIONS' });
  return d.granted;
}

export async function getRuntime(ctx: AppContext, actor: Actor, id: number): Promise<Runtime> {
  const row = await load(ctx.db, id);
  if (!row || !(await mayManage(ctx, actor, row))) throw notFoundRuntime(id);
  return view(row);
}

/**
 * Asks the orchestrator to stop the runtime and records its answer: stopped when it acknowledged (2xx),
 * stop_failed otherwise (the stop can be asked again). The call is made outside any transaction.
 */
export async function stopRuntime(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<Runtime> {
  const row = await load(ctx.db, id);
  if (!row || !(await mayManage(ctx, actor, row))) throw notFoundRuntime(id);
  return stop(ctx, actor.id, id, reason.trim());
}

async function stop(ctx: AppContext, actorId: number | null, id: number, reason: string): Promise<Runtime> {
  const row = await ctx.db.tx(async (sql) => {
    const current = await sql.maybeOne<RuntimeRow>(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    if (!current) throw notFoundRuntime(id);
    if (current.status === 'stopped') throw conflict('RUNTIME_STOPPED', `Runtime ${id} is stopped already.`);
    await sql.query(
      `UPDATE runtimes SET status = 'stopping', stop_requested_at = $2, stop_requested_by = $3, stop_reason = $4 WHERE id = $1`,
      [id, ctx.clock.now(), actorId, reason || null]);
    await appendAudit(sql, ctx.clock, { actorId, action: 'runtime.stop-requested', targetType: 'runtime', targetId: id, details: { reason } });
    return current;
  });
  const result = await callOrchestrator(ctx.config, ctx.clock, 'runtime.stop', {
    runtimeId: id,
    externalId: row.external_id,
    projectId: formatEntityId(Number(row.project_id)),
    userId: Number(row.user_id),
    username: row.username,
    reason,
    requestedBy: actorId,
  });
  await ctx.db.tx(async (sql) => {
    await sql.query(
      `UPDATE runtimes SET status = $2, stopped_at = $3, orchestrator_result = $4 WHERE id = $1`,
      [id, result.delivered ? 'stopped' : 'stop_failed', result.delivered ? ctx.clock.now() : null, JSON.stringify(result)]);
    await appendAudit(sql, ctx.clock, {
      actorId, action: result.delivered ? 'runtime.stopped' : 'runtime.stop-failed', targetType: 'runtime', targetId: id,
      details: { status: result.status, error: result.error },
    });
  });
  return view((await load(ctx.db, id))!);
}

/** Stops every runtime of a user that is not stopped (egress enforcement, SPEC §10). Returns them as they end up. */
export async function stopRuntimesOfUser(ctx: AppContext, userId: number, reason: string, actorId: number | null = null): Promise<Runtime[]> {
  const rows = await ctx.db.query<{ id: number }>(`SELECT id FROM runtimes WHERE user_id = $1 AND status <> 'stopped' ORDER BY id`, [userId]);
  const out: Runtime[] = [];
  for (const { id } of rows) out.push(await stop(ctx, actorId, Number(id), reason));
  return out;
}
