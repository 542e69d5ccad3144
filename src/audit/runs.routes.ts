import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { formatEntityId, parseEntityId, parseId } from '../infra/ids.js';
import { badRequest, notFound } from '../infra/problem.js';
import { requireAuditReader, requireSecurity } from '../identity/caller.js';
import { DEFAULT_SETTINGS, QUERY_NAMES, type QueryName } from './queries/index.js';
import { executeRun, startRun, type RunRow } from './run.js';
import { auditSchedule } from './schedule.js';

/**
 * Audit runs and their findings (SPEC §11, src/audit/README.md "Runs"): start a run over a period (security
 * engineers), follow its progress, read its findings with names, the pivot by project, and the schedule.
 * A finding's own page and triage are in the triage routes.
 */
const tags = ['audit'];
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Query = Type.Unsafe<QueryName>(Type.Union(QUERY_NAMES.map((q) => Type.Literal(q))));
const FINDING_STATES = ['new', 'contacted', 'explained', 'incident', 'closed'] as const;
const FindingState = Type.Unsafe<(typeof FINDING_STATES)[number]>(Type.Union(FINDING_STATES.map((s) => Type.Literal(s))));
const Person = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });

const SettingsSchema = Type.Object({
  repeatedDownloadsThreshold: Type.Integer({ minimum: 2, maximum: 1_000_000, description: 'Repeated downloads: this many downloads of one file by one user …' }),
  repeatedDownloadsWindowHours: Type.Integer({ minimum: 1, maximum: 24 * 366, description: '… within this many hours' }),
  largeDownloadBytes: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Exfiltration correlation: bytes downloaded next to an egress incident that count as large' }),
  correlationWindowHours: Type.Integer({ minimum: 1, maximum: 24 * 366, description: 'Exfiltration correlation: hours before and after the incident' }),
  testProjectPattern: Type.String({ minLength: 1, maxLength: 200, description: "A test project's name or description matches this regular expression (case-insensitive)" }),
  exposedMinHours: Type.Integer({ minimum: 0, maximum: 24 * 366, description: 'Public → private → public: an exposure longer than this lists its downloads' }),
  topDownloaders: Type.Integer({ minimum: 1, maximum: 1000, description: 'Top downloaders: how many users' }),
});

const RunSchema = Type.Object({
  id: Type.Integer(),
  from: date,
  to: Type.String({ format: 'date-time', description: 'End of the period, exclusive' }),
  engine: Type.Union([Type.Literal('postgres'), Type.Literal('duckdb')]),
  state: Type.Union([Type.Literal('running'), Type.Literal('finished'), Type.Literal('failed')]),
  progress: Type.Object({
    step: nullable(Type.String({ description: 'The query running now, or done' })),
    stepsDone: Type.Integer(),
    stepsTotal: Type.Integer(),
  }),
  settings: SettingsSchema,
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'Findings per query, when finished' }),
  error: nullable(Type.String()),
  startedBy: nullable(Person),
  startedAt: date,
  finishedAt: nullable(date),
});

const FindingSchema = Type.Object({
  id: Type.Integer(),
  fingerprint: Type.String(),
  query: Query,
  useCase: nullable(Type.String()),
  summary: Type.String(),
  action: nullable(Type.String({ description: 'What the finding needs, from the seed’s use-case tables' })),
  state: FindingState,
  owner: nullable(Person),
  projectId: nullable(Type.String()),
  projectName: nullable(Type.String()),
  entityId: nullable(Type.String()),
  entityName: nullable(Type.String()),
  entityPath: nullable(Type.String({ description: 'Project / folder / … / entity' })),
  user: nullable(Person),
  occurredAt: date,
  raisedBy: Type.Union([Type.Literal('continuous'), Type.Literal('periodic')]),
  raisedAt: date,
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'The facts as the query found them (in a run: as that run saw them)' }),
});

const FindingFilters = {
  ...PageQuery,
  query: Type.Optional(Query),
  projectId: Type.Optional(Type.String({ maxLength: 40, description: 'syn123' })),
  state: Type.Optional(FindingState),
  ownerId: Type.Optional(Type.Integer({ minimum: 1 })),
  useCase: Type.Optional(Type.String({ maxLength: 60 })),
};

const PeriodSchema = Type.Object({ from: date, to: date });
const ScheduleSchema = Type.Object({
  due: Type.Boolean({ description: 'Inside a window and no run yet for the proposed period' }),
  inWindow: Type.Boolean({ description: 'In the first two weeks of January or July' }),
  window: PeriodSchema,
  proposedPeriod: PeriodSchema,
  lastRun: nullable(RunSchema),
});

const PivotSchema = Type.Object({
  restrictionChanges: Type.Array(Type.Object({
    projectId: nullable(Type.String()), projectName: nullable(Type.String()), total: Type.Integer(),
    byUseCase: Type.Record(Type.String(), Type.Integer()),
  })),
  md5Duplicates: Type.Array(Type.Object({ projectId: nullable(Type.String()), projectName: nullable(Type.String()), total: Type.Integer() })),
});

const DateInput = Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}(T.*)?$', description: 'YYYY-MM-DD or an ISO date-time' });
const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Audit run id' }) });

/** A bare date: `from` starts that day, `to` includes that day (the period ends at the start of the next one), UTC. */
export function parsePeriodBound(raw: string, bound: 'from' | 'to'): Date {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const d = new Date(bare ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(d.getTime()) || (bare && d.toISOString().slice(0, 10) !== raw)) throw badRequest('AUDIT_PERIOD_INVALID', `${raw} is not a date.`);
  return bare && bound === 'to' ? new Date(d.getTime() + 86_400_000) : d;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

interface RunViewRow extends RunRow { username: string | null; display_name: string | null }
const RUN_SELECT = `SELECT r.*, u.username, u.display_name FROM audit_runs r LEFT JOIN users u ON u.id = r.started_by`;

function runView(r: RunViewRow) {
  const p = r.progress ?? {};
  return {
    id: Number(r.id), from: iso(r.period_from)!, to: iso(r.period_to)!, engine: r.engine, state: r.state,
    progress: { step: p.step ?? null, stepsDone: p.stepsDone ?? 0, stepsTotal: p.stepsTotal ?? QUERY_NAMES.length },
    settings: { ...DEFAULT_SETTINGS, ...r.settings }, counts: r.counts ?? {}, error: r.error,
    startedBy: r.started_by === null ? null : { id: Number(r.started_by), username: r.username ?? '', displayName: r.display_name ?? '' },
    startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at),
  };
}

interface FindingRow {
  id: number; fingerprint: string; query: (typeof QUERY_NAMES)[number]; use_case: string | null; project_id: number | null; entity_id: number | null;
  user_id: number | null; occurred_at: Date; raised_by: 'continuous' | 'periodic'; raised_at: Date; state: (typeof FINDING_STATES)[number]; owner_id: number | null;
  detail: Record<string, unknown>; project_name: string | null; entity_name: string | null; username: string | null; user_display_name: string | null;
  owner_username: string | null; owner_display_name: string | null;
}

/** Lists findings (of one run, with that run's detail, or of all), filtered, with the names people read. */
type FindingQuery = { query?: string; projectId?: string; state?: string; ownerId?: number; useCase?: string; limit?: number; offset?: number };
async function listFindings(ctx: AppContext, runId: number | null, q: FindingQuery) {
  const args: unknown[] = [];
  const where: string[] = [];
  if (runId !== null) where.push(`rf.run_id = $${args.push(runId)}`);
  if (q.query) where.push(`f.query = $${args.push(q.query)}`);
  if (q.projectId) where.push(`f.project_id = $${args.push(parseEntityId(q.projectId))}`);
  if (q.state) where.push(`f.state = $${args.push(q.state)}`);
  if (q.ownerId) where.push(`f.owner_id = $${args.push(q.ownerId)}`);
  if (q.useCase) where.push(`f.use_case = $${args.push(q.useCase)}`);
  const from = runId === null ? 'audit_findings f' : 'audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id';
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} ${w}`, args);
  const rows = await ctx.db.query<FindingRow>(
    `SELECT f.id, f.fingerprint, f.query, f.use_case, f.project_id, f.entity_id, f.user_id, f.occurred_at, f.raised_by, f.raised_at,
       f.state, f.owner_id, ${runId === null ? 'f.detail' : 'rf.detail'} AS detail,
       p.name AS project_name, e.name AS entity_name, u.username, u.display_name AS user_display_name,
       o.username AS owner_username, o.display_name AS owner_display_name
     FROM ${from}
     LEFT JOIN entities p ON p.id = f.project_id LEFT JOIN entities e ON e.id = f.entity_id
     LEFT JOIN users u ON u.id = f.user_id LEFT JOIN users o ON o.id = f.owner_id
     ${w} ORDER BY f.query, f.occurred_at, f.id LIMIT $${args.push(q.limit ?? 50)} OFFSET $${args.push(q.offset ?? 0)}`, args);
  const entityIds = rows.map((r) => num(r.entity_id)).filter((id): id is number => id !== null);
  const paths = new Map<number, string>();
  if (entityIds.length) {
    for (const p of await ctx.db.query<{ origin: number; path: string }>(
      `WITH RECURSIVE p AS (
         SELECT id AS origin, id, parent_id, name, 0 AS level FROM entities WHERE id = ANY ($1::bigint[])
         UNION ALL
         SELECT p.origin, e.id, e.parent_id, e.name, p.level + 1 FROM entities e JOIN p ON e.id = p.parent_id
       )
       SELECT origin, string_agg(name, ' / ' ORDER BY level DESC) AS path FROM p GROUP BY origin`, [entityIds])) {
      paths.set(Number(p.origin), p.path);
    }
  }
  const items = rows.map((r) => {
    const detail = r.detail ?? {};
    const projectId = num(r.project_id);
    const entityId = num(r.entity_id);
    return {
      id: Number(r.id), fingerprint: r.fingerprint, query: r.query, useCase: r.use_case,
      summary: typeof detail.summary === 'string' ? detail.summary : '', action: typeof detail.action === 'string' ? detail.action : null,
      state: r.state, owner: r.owner_id === null ? null : { id: Number(r.owner_id), username: r.owner_username ?? '', displayName: r.owner_display_name ?? '' },
      projectId: projectId === null ? null : formatEntityId(projectId), projectName: r.project_name,
      entityId: entityId === null ? null : formatEntityId(entityId), entityName: r.entity_name, entityPath: entityId === null ? null : paths.get(entityId) ?? null,
      user: r.user_id === null ? null : { id: Number(r.user_id), username: r.username ?? '', displayName: r.user_display_name ?? '' },
      occurredAt: iso(r.occurred_at)!, raisedBy: r.raised_by, raisedAt: iso(r.raised_at)!, detail,
    };
  });
  return pageOf(items, total, q);
}

/** The runs started by this process that are still going (their requests answered long ago). */
const inFlight = new Set<Promise<void>>();
/** Resolves when every run this process started has finished: for shutdown and for tests that must not race one. */
export async function auditRunsSettled(): Promise<void> {
  while (inFlight.size) await Promise.all([...inFlight]);
}

export function auditRunRoutes(app: Http, ctx: AppContext): void {
  const loadRun = async (raw: string) => {
    const id = parseId(raw, 'audit run id');
    const row = await ctx.db.maybeOne<RunViewRow>(`${RUN_SELECT} WHERE r.id = $1`, [id]);
    if (!row) throw notFound(`There is no audit run ${id}.`, 'AUDIT_RUN_NOT_FOUND');
    return row;
  };

  app.post('/api/v1/audit/runs', {
    schema: {
      tags, summary: 'Start an audit run over a period (security engineers); it goes on after the answer (202) — follow its progress on GET',
      body: Type.Object({
        from: Type.Optional(DateInput), to: Type.Optional(Type.String({ ...DateInput, description: 'YYYY-MM-DD (that day included) or an ISO date-time (exclusive)' })),
        settings: Type.Optional(Type.Partial(SettingsSchema, { additionalProperties: false })),
      }, { additionalProperties: false }),
      response: { 202: RunSchema },
    },
  }, async (request, reply) => {
    const user = requireSecurity(request);
    const b = request.body;
    const run = await startRun(ctx, {
      from: b.from === undefined ? undefined : parsePeriodBound(b.from, 'from'),
      to: b.to === undefined ? undefined : parsePeriodBound(b.to, 'to'),
      settings: b.settings, startedBy: user.id,
    });
    // The run goes on after the answer; executeRun records its own failure.
    const going = executeRun(ctx, run.id).then(() => {}, (err) => ctx.log.error({ err, runId: run.id }, 'audit run failed'));
    inFlight.add(going);
    void going.finally(() => inFlight.delete(going));
    reply.code(202);
    return runView({ ...run, username: user.username, display_name: user.displayName });
  });

  app.get('/api/v1/audit/runs', {
    schema: { tags, summary: 'Audit runs, newest first', querystring: Type.Object(PageQuery), response: { 200: Page(RunSchema) } },
  }, async (request) => {
    requireAuditReader(request);
    const q = request.query;
    const { total } = await ctx.db.one<{ total: number }>('SELECT count(*)::int AS total FROM audit_runs');
    const rows = await ctx.db.query<RunViewRow>(`${RUN_SELECT} ORDER BY r.started_at DESC, r.id DESC LIMIT $1 OFFSET $2`, [q.limit ?? 50, q.offset ?? 0]);
    return pageOf(rows.map(runView), total, q);
  });

  app.get('/api/v1/audit/runs/:id', {
    schema: { tags, summary: 'One audit run, with its progress while it runs', params: IdParams, response: { 200: RunSchema } },
  }, async (request) => {
    requireAuditReader(request);
    return runView(await loadRun(request.params.id));
  });

  app.get('/api/v1/audit/runs/:id/findings', {
    schema: {
      tags, summary: "A run's findings as it found them, filtered, with project, entity (and path), user and owner names",
      params: IdParams, querystring: Type.Object(FindingFilters), response: { 200: Page(FindingSchema) },
    },
  }, async (request) => {
    requireAuditReader(request);
    const run = await loadRun(request.params.id);
    return listFindings(ctx, Number(run.id), request.query as FindingQuery);
  });

  app.get('/api/v1/audit/runs/:id/pivot', {
    schema: { tags, summary: "The run's pivots by project: restriction changes (by use case) and MD5 duplicates", params: IdParams, response: { 200: PivotSchema } },
  }, async (request) => {
    requireAuditReader(request);
    const run = await loadRun(request.params.id);
    const rows = await ctx.db.query<{ query: string; project_id: number | null; name: string | null; use_case: string | null; n: number }>(
      `SELECT f.query, f.project_id, p.name, f.use_case, count(*)::int AS n
       FROM audit_run_findings rf JOIN audit_findings f ON f.id = rf.finding_id LEFT JOIN entities p ON p.id = f.project_id
       WHERE rf.run_id = $1 AND f.query IN ('restriction-change', 'md5-duplicates')
       GROUP BY f.query, f.project_id, p.name, f.use_case`, [run.id]);
    const pivot = (query: string) => {
      const by = new Map<string, { projectId: string | null; projectName: string | null; total: number; byUseCase: Record<string, number> }>();
      for (const r of rows.filter((x) => x.query === query)) {
        const key = String(r.project_id);
        const e = by.get(key) ?? { projectId: r.project_id === null ? null : formatEntityId(Number(r.project_id)), projectName: r.name, total: 0, byUseCase: {} };
        e.total += r.n;
        if (r.use_case) e.byUseCase[r.use_case] = (e.byUseCase[r.use_case] ?? 0) + r.n;
        by.set(key, e);
      }
      return [...by.values()].sort((a, b) => b.total - a.total || String(a.projectName).localeCompare(String(b.projectName)));
    };
    return { restrictionChanges: pivot('restriction-change'), md5Duplicates: pivot('md5-duplicates').map(({ byUseCase: _, ...rest }) => rest) };
  });

  app.get('/api/v1/audit/findings', {
    schema: {
      tags, summary: 'Every finding, across runs and those the continuous audit raised, filtered',
      querystring: Type.Object(FindingFilters), response: { 200: Page(FindingSchema) },
    },
  }, async (request) => {
    requireAuditReader(request);
    return listFindings(ctx, null, request.query as FindingQuery);
  });

  app.get('/api/v1/audit/schedule', {
    schema: { tags, summary: 'Whether an audit is due (first two weeks of January and July), the proposed period, the last run', response: { 200: ScheduleSchema } },
  }, async (request) => {
    requireAuditReader(request);
    const s = await auditSchedule(ctx);
    const last = s.lastRun ? await ctx.db.one<RunViewRow>(`${RUN_SELECT} WHERE r.id = $1`, [s.lastRun.id]) : null;
    return {
      due: s.due, inWindow: s.inWindow,
      window: { from: s.window.from.toISOString(), to: s.window.to.toISOString() },
      proposedPeriod: { from: s.proposedPeriod.from.toISOString(), to: s.proposedPeriod.to.toISOString() },
      lastRun: last ? runView(last) : null,
    };
  });
}


