import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId, parseEntityId, parseId, ACT_TEAM, SECURITY_TEAM, GOVERNANCE_TEAM, ADMIN_TEAM } from '../infra/ids.js';
import { badRequest, conflict, forbidden, notFound, validationFailed } from '../infra/problem.js';
import { requireAuditReader, requireUser, type CallerUser } from '../identity/caller.js';
import { appendAudit } from '../auditlog/log.js';
import { enqueueEmail } from '../notifications/outbox.js';
import { pathOf } from '../entities/store.js';
import { authorize } from '../entities/access.js';
import {
  checkManualMove, dayText, defaultTemplate, manualMoves, namesText, periodText, renderTemplate, stateAfterContact, stateAfterReply,
  type ContactTarget, type FindingState, type TemplateValues,
} from './triage.js';
import { TEMPLATES, currentTemplate, listTemplates, saveTemplate } from './contacts.js';
import { findingsOf, loadIncident, raiseIncident } from './incidents.js';
import { governanceIncidentRoutes, IncidentSchema } from './incidents.routes.js';
import {
  addEvent, communityManager, contactAbout, iso, loadRow, num, person, recipientsFor, recordReply, updateFinding, userRow, valuesFor,
  type FindingRow,
} from './triagecases.js';

/**
 * Triage of one finding (src/audit/README.md "Triage"): the case file (GET), owner and state (PATCH), notes,
 * contacts sent through the outbox from the templates, replies, and incidents; the templates; a project's
 * community manager. Each change writes the finding's event and an audit-log entry in one transaction.
 */
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['audit'];
const State = Type.Union([Type.Literal('new'), Type.Literal('contacted'), Type.Literal('explained'), Type.Literal('incident'), Type.Literal('closed')]);
const Target = Type.Union([Type.Literal('user'), Type.Literal('project-owner'), Type.Literal('community-manager')]);
const TemplateKey = Type.String({ maxLength: 60, description: `One of ${TEMPLATES.map((t) => t.key).join(', ')}` });
const Person = Type.Object({ id: Type.Integer(), displayName: Type.String(), username: Type.String(), email: Type.String() });
const Actor = Type.Object({ id: Type.Integer(), displayName: Type.String() });
const PathItem = Type.Object({ id: Type.String(), name: Type.String() });

const ContactOption = Type.Object({
  to: Target,
  available: Type.Boolean(),
  reason: nullable(Type.String({ description: 'Why nobody can be contacted this way (no community manager set, …)' })),
  recipients: Type.Array(Person),
  templateKey: Type.String({ description: 'The template used when none is named' }),
  subject: Type.String({ description: 'The template filled in for these recipients' }),
  body: Type.String(),
});

const FindingSchema = Type.Object({
  id: Type.Integer(),
  fingerprint: Type.String(),
  query: Type.String(),
  useCase: nullable(Type.String()),
  summary: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: date,
  raisedBy: Type.String(),
  raisedAt: date,
  updatedAt: date,
  state: State,
  allowedStates: Type.Array(State, { description: 'The states PATCH may move it to now' }),
  owner: nullable(Actor),
  reply: nullable(Type.String()),
  repliedAt: nullable(date),
  project: nullable(Type.Object({ id: Type.String(), name: Type.String(), communityManager: nullable(Person) })),
  entity: nullable(Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), path: Type.Array(PathItem) })),
  user: nullable(Person),
  request: nullable(Type.Object({ id: Type.Integer(), link: Type.String() })),
  events: Type.Array(Type.Object({
    id: Type.Integer(), at: date, kind: Type.String(), body: Type.String(), details: Type.Record(Type.String(), Type.Unknown()), actor: nullable(Actor),
  })),
  runs: Type.Array(Type.Object({ id: Type.Integer(), periodFrom: date, periodTo: date, state: Type.String(), startedAt: date })),
  contacts: Type.Array(ContactOption),
  incidents: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), state: Type.String(), openedAt: date })),
  ticketWebhookConfigured: Type.Boolean({ description: 'Whether raising an incident can post the ticket webhook (AUDIT_TICKET_WEBHOOK_URL)' }),
});

/** ACT and security engineers (and platform admins) triage; the other audit readers only read. */
function requireTriager(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isAct && !user.isSecurity && !user.isAdmin) {
    throw forbidden('AUDIT_TRIAGE_REQUIRED', 'Only the Access and Compliance Team, security engineers and platform administrators may triage audit findings.');
  }
  return user;
}

const text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });
const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Finding id' }) });

async function findingView(sql: Sql, row: FindingRow, viewer: CallerUser, ticketWebhookConfigured: boolean) {
  const id = Number(row.id);
  const projectId = num(row.project_id);
  const entityId = num(row.entity_id);
  const project = projectId === null ? null : await sql.maybeOne<{ name: string }>('SELECT name FROM entities WHERE id = $1', [projectId]);
  const cm = projectId === null ? null : await communityManager(sql, projectId);
  const entity = entityId === null ? null : await sql.maybeOne<{ name: string; type: string }>('SELECT name, type FROM entities WHERE id = $1', [entityId]);
  const path = entity ? await pathOf(sql, entityId!) : [];
  const owner = await userRow(sql, num(row.owner_id));
  const events = await sql.query<{ id: number | string; at: Date; kind: string; body: string; details: Record<string, unknown>; actor_id: number | string | null; display_name: string | null }>(
    `SELECT e.id, e.at, e.kind, e.body, e.details, e.actor_id, u.display_name FROM audit_finding_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.finding_id = $1 ORDER BY e.at, e.id`, [id]);
  const runs = await sql.query<{ id: number | string; period_from: Date; period_to: Date; state: string; started_at: Date }>(
    `SELECT r.id, r.period_from, r.period_to, r.state, r.started_at FROM audit_run_findings rf JOIN audit_runs r ON r.id = rf.run_id
     WHERE rf.finding_id = $1 ORDER BY r.started_at`, [id]);
  const incidents = await sql.query<{ id: number | string; title: string; state: string; opened_at: Date }>(
    'SELECT id, title, state, opened_at FROM governance_incidents WHERE $1 = ANY (finding_ids) ORDER BY id', [id]);
  const contacts = [];
  for (const to of ['user', 'project-owner', 'community-manager'] as const) {
    const { recipients, reason } = await recipientsFor(sql, row, to);
    const templateKey = defaultTemplate(to, row.query);
    const template = await currentTemplate(sql, templateKey);
    const values = await valuesFor(sql, row, recipients, viewer.displayName);
    contacts.push({
      to, available: recipients.length > 0, reason, recipients: recipients.map(person), templateKey,
      subject: renderTemplate(template.subject, values), body: renderTemplate(template.body, values),
    });
  }
  const user = await userRow(sql, num(row.user_id));
  return {
    id, fingerprint: row.fingerprint, query: row.query, useCase: row.use_case,
    summary: typeof row.detail?.summary === 'string' ? row.detail.summary : row.fingerprint,
    detail: row.detail ?? {}, occurredAt: iso(row.occurred_at), raisedBy: row.raised_by, raisedAt: iso(row.raised_at), updatedAt: iso(row.updated_at),
    state: row.state, allowedStates: [...manualMoves(row.state)],
    owner: owner ? { id: Number(owner.id), displayName: owner.display_name } : null,
    reply: row.reply, repliedAt: row.replied_at === null ? null : iso(row.replied_at),
    project: project ? { id: formatEntityId(projectId!), name: project.name, communityManager: cm ? person(cm) : null } : null,
    entity: entity ? { id: formatEntityId(entityId!), name: entity.name, type: entity.type, path: path.map((p) => ({ id: formatEntityId(p.id), name: p.name })) } : null,
    user: user ? person(user) : null,
    request: row.request_id === null ? null : { id: Number(row.request_id), link: `/requests/${row.request_id}` },
    events: events.map((e) => ({
      id: Number(e.id), at: iso(e.at), kind: e.kind, body: e.body, details: e.details ?? {},
      actor: e.actor_id === null ? null : { id: Number(e.actor_id), displayName: e.display_name ?? '' },
    })),
    runs: runs.map((r) => ({ id: Number(r.id), periodFrom: iso(r.period_from), periodTo: iso(r.period_to), state: r.state, startedAt: iso(r.started_at) })),
    contacts,
    incidents: incidents.map((i) => ({ id: Number(i.id), title: i.title, state: i.state, openedAt: iso(i.opened_at) })),
    ticketWebhookConfigured,
  };
}

export function auditTriageRoutes(app: Http, ctx: AppContext): void {
  const { db, clock } = ctx;
  const view = async (id: number, viewer: CallerUser) => findingView(db, await loadRow(db, id), viewer, !!ctx.config.auditTicketWebhookUrl);

  app.get('/api/v1/audit/findings/:id', {
    schema: { tags, summary: 'One audit finding as a case file: names and links, the trail, the runs that found it, and whom it offers to contact (audit readers)', params: IdParams, response: { 200: FindingSchema } },
  }, async (request) => {
    const viewer = requireAuditReader(request);
    return view(parseId(request.params.id, 'finding id'), viewer);
  });

  app.patch('/api/v1/audit/findings/:id', {
    schema: {
      tags, summary: "Assign a finding's owner or move its state (ACT, security); each change is an event and an audit-log entry",
      params: IdParams,
      body: Type.Object({
        ownerId: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
        state: Type.Optional(State),
        note: Type.Optional(Type.String({ maxLength: 10_000, description: 'Why; required to reopen a closed finding' })),
      }, { additionalProperties: false }),
      response: { 200: FindingSchema },
    },
  }, async (request) => {
    const actor = requireTriager(request);
    const id = parseId(request.params.id, 'finding id');
    const b = request.body;
    await updateFinding(ctx, actor, id, b);
    return view(id, actor);
  });

  app.post('/api/v1/audit/findings/:id/notes', {
    schema: { tags, summary: 'Add a note to the finding\'s trail', params: IdParams, body: Type.Object({ body: text(1, 10_000) }, { additionalProperties: false }), response: { 201: FindingSchema } },
  }, async (request, reply) => {
    const actor = requireTriager(request);
    const id = parseId(request.params.id, 'finding id');
    const body = request.body.body.trim();
    if (!body) throw validationFailed('Write the note.', [{ field: 'body.body', message: 'must not be blank', code: 'REQUIRED', sentence: 'Write the note.' }]);
    await db.tx(async (sql) => {
      await loadRow(sql, id, true);
      const now = clock.now();
      await sql.query('UPDATE audit_findings SET updated_at = $2 WHERE id = $1', [id, now]);
      await addEvent(sql, now, id, actor.id, 'note', body);
      await appendAudit(sql, clock, { actorId: actor.id, action: 'audit.finding-noted', targetType: 'audit-finding', targetId: id });
    });
    reply.status(201);
    return view(id, actor);
  });

  app.post('/api/v1/audit/findings/:id/contacts', {
    schema: {
      tags, summary: 'Email the user, the project\'s owners or its community manager from a template (filled in unless subject and body are given), through the outbox; the finding becomes contacted',
      params: IdParams,
      body: Type.Object({
        to: Target,
        templateKey: Type.Optional(TemplateKey),
        subject: Type.Optional(text(1, 500)),
        body: Type.Optional(text(1, 20_000)),
      }, { additionalProperties: false }),
      response: { 201: FindingSchema },
    },
  }, async (request, reply) => {
    const actor = requireTriager(request);
    const id = parseId(request.params.id, 'finding id');
    const b = request.body;
    await contactAbout(ctx, actor, id, b);
    reply.status(201);
    return view(id, actor);
  });

  app.post('/api/v1/audit/findings/:id/replies', {
    schema: {
      tags, summary: 'Record the reply received; the finding becomes explained unless another state is asked',
      params: IdParams,
      body: Type.Object({
        from: text(1, 300),
        body: text(1, 50_000),
        receivedAt: Type.Optional(date),
        state: Type.Optional(Type.Union([Type.Literal('contacted'), Type.Literal('explained'), Type.Literal('closed')], { description: 'Default explained (a finding under incident stays so)' })),
      }, { additionalProperties: false }),
      response: { 201: FindingSchema },
    },
  }, async (request, reply) => {
    const actor = requireTriager(request);
    const id = parseId(request.params.id, 'finding id');
    const b = request.body;
    await recordReply(ctx, actor, id, b);
    reply.status(201);
    return view(id, actor);
  });

  app.post('/api/v1/audit/findings/:id/incidents', {
    schema: {
      tags, summary: 'Raise a governance incident from the finding (it becomes incident); posts the ticket webhook when configured, unless notify is false',
      params: IdParams,
      body: Type.Object({
        title: text(1, 300),
        description: text(1, 20_000),
        notify: Type.Optional(Type.Boolean({ description: 'Post the ticket webhook; default: when AUDIT_TICKET_WEBHOOK_URL is set' })),
      }, { additionalProperties: false }),
      response: { 201: IncidentSchema },
    },
  }, async (request, reply) => {
    const actor = requireTriager(request);
    const id = parseId(request.params.id, 'finding id');
    const b = request.body;
    for (const field of ['title', 'description'] as const) {
      if (!b[field].trim()) throw validationFailed(`Write the incident's ${field}.`, [{ field: `body.${field}`, message: 'must not be blank', code: 'REQUIRED' }]);
    }
    const incidentId = await db.tx(async (sql) => {
      const row = await loadRow(sql, id, true);
      const [f] = await findingsOf(sql, [id]);
      return raiseIncident(sql, ctx, actor, { id, state: row.state, query: row.query, summary: f.summary }, b);
    });
    reply.status(201);
    return loadIncident(db, incidentId);
  });

  app.get('/api/v1/audit/templates', {
    schema: {
      tags, summary: 'The contact templates in force, with their history (audit readers)',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            key: Type.String(), title: Type.String(), to: Target, version: Type.Integer(), subject: Type.String(), body: Type.String(),
            changedBy: nullable(Actor), changedAt: date, placeholders: Type.Array(Type.String()),
            history: Type.Array(Type.Object({ version: Type.Integer(), subject: Type.String(), body: Type.String(), changedBy: nullable(Actor), changedAt: date })),
          })),
        }),
      },
    },
  }, async (request) => {
    requireAuditReader(request);
    return { items: await listTemplates(db) };
  });

  app.put('/api/v1/audit/templates/:key', {
    schema: {
      tags, summary: 'Save a new version of a contact template (ACT); placeholders {name}, {project}, {entities}, {period}, {auditor}',
      params: Type.Object({ key: Type.String({ maxLength: 60 }) }),
      body: Type.Object({ subject: text(1, 500), body: text(1, 20_000), expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ key: Type.String(), title: Type.String(), to: Target, version: Type.Integer(), subject: Type.String(), body: Type.String(), changedBy: nullable(Actor), changedAt: date }) },
    },
  }, async (request) => {
    const actor = requireTriager(request);
    return db.tx((sql) => saveTemplate(sql, clock, actor.id, request.params.key, request.body));
  });

  const CommunityManagerSchema = Type.Object({ projectId: Type.String(), communityManager: nullable(Person) });
  const loadProject = async (raw: string) => {
    const id = parseEntityId(raw);
    const e = await db.maybeOne<{ type: string; name: string }>('SELECT type, name FROM entities WHERE id = $1', [id]);
    return { id, e };
  };
  const cmView = async (projectId: number, reader: boolean) => {
    const cm = await communityManager(db, projectId);
    // Anyone who sees the project sees who its community manager is; the address only to the audit and the project's admins.
    return { projectId: formatEntityId(projectId), communityManager: cm ? { ...person(cm), email: reader ? cm.email : '' } : null };
  };

  app.get('/api/v1/entities/:id/community-manager', {
    schema: { tags: ['entities'], summary: "A project's community manager (anyone who can read the project)", params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 200: CommunityManagerSchema } },
  }, async (request) => {
    const viewer = request.caller.user;
    const { id, e } = await loadProject(request.params.id);
    await authorize(ctx, viewer, id, 'READ');
    if (e?.type !== 'project') throw badRequest('AUDIT_NOT_A_PROJECT', `${formatEntityId(id)} is a ${e?.type ?? 'entity'}; only a project has a community manager.`);
    const admin = !!viewer && (viewer.isAct || viewer.isSecurity || viewer.isGovernance || viewer.isAdmin
      || (await ctx.decisions.decide({ userId: viewer.id, entityId: id, action: 'CHANGE_PERMISSIONS' })).granted);
    return cmView(id, admin);
  });

  app.put('/api/v1/entities/:id/community-manager', {
    schema: {
      tags: ['entities'], summary: "Set or clear a project's community manager (ACT, or the project's admins)",
      params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
      body: Type.Object({ userId: nullable(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 200: CommunityManagerSchema },
    },
  }, async (request) => {
    const actor = requireUser(request);
    const { id, e } = await loadProject(request.params.id);
    if (!actor.isAct && !actor.isAdmin) await authorize(ctx, actor, id, 'CHANGE_PERMISSIONS');
    else if (!e) throw notFound(`${formatEntityId(id)} does not exist.`);
    if (e?.type !== 'project') throw badRequest('AUDIT_NOT_A_PROJECT', `${formatEntityId(id)} is a ${e?.type ?? 'entity'}; only a project has a community manager.`);
    const userId = request.body.userId;
    await db.tx(async (sql) => {
      const before = await sql.maybeOne<{ user_id: number | string }>('SELECT user_id FROM project_community_managers WHERE project_id = $1 FOR UPDATE', [id]);
      if (num(before?.user_id ?? null) === userId) return;
      if (userId === null) {
        await sql.query('DELETE FROM project_community_managers WHERE project_id = $1', [id]);
      } else {
        const u = await sql.maybeOne<{ id: number }>(`SELECT id FROM users WHERE id = $1 AND status = 'active'`, [userId]);
        if (!u) {
          const sentence = `There is no active user ${userId} to be the community manager.`;
          throw badRequest('AUDIT_USER_NOT_FOUND', sentence, { errors: [{ field: 'body.userId', pointer: '/userId', message: 'must be an active user', code: 'NOT_FOUND', sentence }] });
        }
        await sql.query(
          `INSERT INTO project_community_managers (project_id, user_id, set_by, set_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (project_id) DO UPDATE SET user_id = EXCLUDED.user_id, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
          [id, userId, actor.id, clock.now()]);
      }
      await appendAudit(sql, clock, {
        actorId: actor.id, action: 'audit.community-manager-set', targetType: 'entity', targetId: formatEntityId(id),
        details: { from: num(before?.user_id ?? null), to: userId },
      });
    });
    return cmView(id, true);
  });

  // The governance incident log, raised from findings above: its routes live beside its use cases.
  governanceIncidentRoutes(app, ctx);
}
