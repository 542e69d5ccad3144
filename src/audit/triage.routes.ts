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

interface FindingRow {
  id: number | string; fingerprint: string; query: string; use_case: string | null; project_id: number | string | null;
  entity_id: number | string | null; user_id: number | string | null; request_id: number | string | null;
  occurred_at: Date | string; detail: Record<string, unknown>; raised_by: string; raised_at: Date | string;
  state: FindingState; owner_id: number | string | null; reply: string | null; replied_at: Date | string | null; updated_at: Date | string;
}

interface PersonRow { id: number | string; display_name: string; username: string; email: string }
const person = (r: PersonRow) => ({ id: Number(r.id), displayName: r.display_name, username: r.username, email: r.email });
const iso = (d: Date | string) => new Date(d).toISOString();
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** ACT and security engineers (and platform admins) triage; the other audit readers only read. */
function requireTriager(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isAct && !user.isSecurity && !user.isAdmin) {
    throw forbidden('AUDIT_TRIAGE_REQUIRED', 'Only the Access and Compliance Team, security engineers and platform administrators may triage audit findings.');
  }
  return user;
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Finding id' }) });

async function loadRow(sql: Sql, id: number, lock = false): Promise<FindingRow> {
  const row = await sql.maybeOne<FindingRow>(`SELECT * FROM audit_findings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw notFound(`There is no audit finding ${id}.`, 'AUDIT_FINDING_NOT_FOUND');
  return row;
}

/** The project's owners: its creator and the users (directly or through a team) who may change its sharing. */
async function projectOwners(sql: Sql, projectId: number): Promise<PersonRow[]> {
  return sql.query<PersonRow>(
    `SELECT DISTINCT u.id, u.display_name, u.username, u.email FROM users u
     WHERE u.status = 'active' AND (
       u.id = (SELECT created_by FROM entities WHERE id = $1)
       OR u.id IN (SELECT a.principal_id FROM acl_entries a WHERE a.entity_id = $1 AND 'CHANGE_PERMISSIONS' = ANY (a.access_types))
       OR u.id IN (SELECT m.user_id FROM acl_entries a JOIN team_members m ON m.team_id = a.principal_id
                   WHERE a.entity_id = $1 AND 'CHANGE_PERMISSIONS' = ANY (a.access_types)))
     ORDER BY u.id`, [projectId]);
}

async function communityManager(sql: Sql, projectId: number): Promise<PersonRow | null> {
  return sql.maybeOne<PersonRow>(
    `SELECT u.id, u.display_name, u.username, u.email FROM project_community_managers c JOIN users u ON u.id = c.user_id WHERE c.project_id = $1`, [projectId]);
}

async function userRow(sql: Sql, id: number | null): Promise<PersonRow | null> {
  if (id === null) return null;
  return sql.maybeOne<PersonRow>('SELECT id, display_name, username, email FROM users WHERE id = $1', [id]);
}

interface Recipients { recipients: PersonRow[]; reason: string | null }

async function recipientsFor(sql: Sql, row: FindingRow, to: ContactTarget): Promise<Recipients> {
  const projectId = num(row.project_id);
  if (to === 'user') {
    const u = await userRow(sql, num(row.user_id));
    return u ? { recipients: [u], reason: null } : { recipients: [], reason: 'This finding is not about a user.' };
  }
  if (projectId === null) return { recipients: [], reason: 'This finding is not about a project.' };
  if (to === 'community-manager') {
    const cm = await communityManager(sql, projectId);
    return cm ? { recipients: [cm], reason: null } : { recipients: [], reason: 'The project has no community manager; set one on the project page, or contact its owners.' };
  }
  const owners = await projectOwners(sql, projectId);
  return owners.length ? { recipients: owners, reason: null } : { recipients: [], reason: 'The project has no active owner.' };
}

/** The period the finding belongs to: its first run's, else the detail's, else the half-year of the event. */
async function periodOf(sql: Sql, row: FindingRow): Promise<string> {
  const run = await sql.maybeOne<{ period_from: Date; period_to: Date }>(
    `SELECT r.period_from, r.period_to FROM audit_run_findings rf JOIN audit_runs r ON r.id = rf.run_id WHERE rf.finding_id = $1 ORDER BY r.started_at LIMIT 1`, [row.id]);
  if (run) return periodText(new Date(run.period_from), new Date(run.period_to));
  const d = row.detail as { periodFrom?: string; periodTo?: string };
  if (d.periodFrom && d.periodTo) return periodText(new Date(d.periodFrom), new Date(d.periodTo));
  const at = new Date(row.occurred_at);
  const half = at.getUTCMonth() < 6 ? 0 : 6;
  return periodText(new Date(Date.UTC(at.getUTCFullYear(), half, 1)), new Date(Date.UTC(at.getUTCFullYear(), half + 6, 1)));
}

async function valuesFor(sql: Sql, row: FindingRow, recipients: PersonRow[], auditor: string): Promise<TemplateValues> {
  const projectId = num(row.project_id);
  const entityId = num(row.entity_id);
  const project = projectId === null ? null : await sql.maybeOne<{ name: string }>('SELECT name FROM entities WHERE id = $1', [projectId]);
  const entities: string[] = [];
  if (entityId !== null) {
    const e = await sql.maybeOne<{ name: string }>('SELECT name FROM entities WHERE id = $1', [entityId]);
    if (e) entities.push(`${e.name} (${formatEntityId(entityId)})`);
  }
  const listed = (row.detail as { entities?: { id?: string | number; name?: string }[] }).entities;
  for (const e of Array.isArray(listed) ? listed : []) {
    const id = typeof e.id === 'number' ? formatEntityId(e.id) : e.id;
    const text = [e.name, id ? `(${id})` : ''].filter(Boolean).join(' ');
    if (text && !entities.includes(text)) entities.push(text);
  }
  return {
    name: namesText(recipients.map((r) => r.display_name)),
    project: project ? `${project.name} (${formatEntityId(projectId!)})` : 'the project',
    entities: entities.length ? entities.map((e) => `- ${e}`).join('\n') : 'the files named in the finding',
    period: await periodOf(sql, row),
    auditor,
  };
}

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

async function addEvent(sql: Sql, at: Date, findingId: number, actorId: number, kind: string, body: string, details: Record<string, unknown> = {}) {
  await sql.query(
    'INSERT INTO audit_finding_events (finding_id, at, actor_id, kind, body, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [findingId, at, actorId, kind, body, JSON.stringify(details)]);
}

const moveProblem = (refusal: NonNullable<ReturnType<typeof checkManualMove>>) =>
  refusal.code === 'AUDIT_NOTE_REQUIRED'
    ? validationFailed(refusal.detail, [{ field: 'body.note', message: 'is required to reopen a closed finding', code: 'REQUIRED', sentence: refusal.detail }])
    : conflict(refusal.code, refusal.detail);

const text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });

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
    await db.tx(async (sql) => {
      const row = await loadRow(sql, id, true);
      const now = clock.now();
      if (b.ownerId !== undefined && b.ownerId !== num(row.owner_id)) {
        if (b.ownerId !== null) {
          const eligible = await sql.maybeOne<{ display_name: string }>(
            `SELECT u.display_name FROM users u WHERE u.id = $1 AND u.status = 'active'
               AND EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id AND m.team_id = ANY ($2::bigint[]))`,
            [b.ownerId, [ACT_TEAM, SECURITY_TEAM, GOVERNANCE_TEAM, ADMIN_TEAM]]);
          if (!eligible) {
            const sentence = 'The owner of a finding must be an active member of the Access and Compliance Team, a security engineer or in governance.';
            throw badRequest('AUDIT_OWNER_NOT_ELIGIBLE', sentence, { errors: [{ field: 'body.ownerId', pointer: '/ownerId', message: 'must be an ACT, security or governance member', code: 'INVALID', sentence }] });
          }
        }
        await sql.query('UPDATE audit_findings SET owner_id = $2, updated_at = $3 WHERE id = $1', [id, b.ownerId, now]);
        const name = b.ownerId === null ? null : (await userRow(sql, b.ownerId))!.display_name;
        await addEvent(sql, now, id, actor.id, 'owner', name ? `Assigned to ${name}` : 'Unassigned', { from: num(row.owner_id), to: b.ownerId });
        await appendAudit(sql, clock, { actorId: actor.id, action: 'audit.finding-assigned', targetType: 'audit-finding', targetId: id, details: { from: num(row.owner_id), to: b.ownerId } });
      }
      if (b.state !== undefined && b.state !== row.state) {
        const refusal = checkManualMove(row.state, b.state, b.note);
        if (refusal) throw moveProblem(refusal);
        await sql.query('UPDATE audit_findings SET state = $2, updated_at = $3 WHERE id = $1', [id, b.state, now]);
        await addEvent(sql, now, id, actor.id, 'state', b.note?.trim() ?? '', { from: row.state, to: b.state });
        await appendAudit(sql, clock, { actorId: actor.id, action: 'audit.finding-state', targetType: 'audit-finding', targetId: id, details: { from: row.state, to: b.state } });
      } else if (b.note?.trim()) {
        await addEvent(sql, now, id, actor.id, 'note', b.note.trim());
        await appendAudit(sql, clock, { actorId: actor.id, action: 'audit.finding-noted', targetType: 'audit-finding', targetId: id });
      }
    });
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
    await db.tx(async (sql) => {
      const row = await loadRow(sql, id, true);
      const next = stateAfterContact(row.state);
      if (next === null) throw conflict('AUDIT_FINDING_CLOSED', `Finding ${id} is closed; reopen it before contacting anyone about it.`);
      const { recipients, reason } = await recipientsFor(sql, row, b.to);
      if (recipients.length === 0) throw conflict('AUDIT_CONTACT_UNAVAILABLE', reason ?? 'Nobody can be contacted this way.', { to: b.to });
      const templateKey = b.templateKey ?? defaultTemplate(b.to, row.query);
      const template = await currentTemplate(sql, templateKey);
      const values = await valuesFor(sql, row, recipients, actor.displayName);
      const subject = renderTemplate(b.subject ?? template.subject, values).trim();
      const body = renderTemplate(b.body ?? template.body, values).trim();
      if (!subject || !body) {
        const field = subject ? 'body' : 'subject';
        throw validationFailed(`Write the ${field} of the email.`, [{ field: `body.${field}`, message: 'must not be blank', code: 'REQUIRED' }]);
      }
      const outboxIds: number[] = [];
      for (const r of recipients) {
        outboxIds.push(await enqueueEmail(sql, clock, { kind: 'audit.contact', to: r.email, toUserId: Number(r.id), subject, body }));
      }
      const now = clock.now();
      await sql.query('UPDATE audit_findings SET state = $2, updated_at = $3 WHERE id = $1', [id, next, now]);
      const who = b.to === 'user' ? 'the user' : b.to === 'project-owner' ? 'the project owners' : 'the community manager';
      await addEvent(sql, now, id, actor.id, 'contact', `To ${who} (${namesText(recipients.map((r) => `${r.display_name} <${r.email}>`))})\nSubject: ${subject}\n\n${body}`, {
        to: b.to, recipients: recipients.map((r) => ({ id: Number(r.id), email: r.email })), subject, templateKey, templateVersion: template.version,
        edited: b.subject !== undefined || b.body !== undefined, outboxIds, from: row.state, state: next,
      });
      await appendAudit(sql, clock, {
        actorId: actor.id, action: 'audit.finding-contacted', targetType: 'audit-finding', targetId: id,
        details: { to: b.to, recipientIds: recipients.map((r) => Number(r.id)), templateKey, templateVersion: template.version, outboxIds },
      });
    });
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
    const receivedAt = b.receivedAt ? new Date(b.receivedAt) : clock.now();
    if (receivedAt.getTime() > clock.now().getTime() + 60_000) {
      throw validationFailed('A reply cannot be received in the future.', [{ field: 'body.receivedAt', message: 'must not be in the future', code: 'INVALID', sentence: 'A reply cannot be received in the future.' }]);
    }
    await db.tx(async (sql) => {
      const row = await loadRow(sql, id, true);
      const next = stateAfterReply(row.state, b.state);
      if (next === null) throw conflict('AUDIT_FINDING_CLOSED', `Finding ${id} is closed; reopen it before recording a reply.`);
      const now = clock.now();
      const replyText = `From ${b.from.trim()}, ${dayText(receivedAt)}:\n${b.body.trim()}`;
      const all = row.reply ? `${row.reply}\n\n${replyText}` : replyText;
      await sql.query('UPDATE audit_findings SET reply = $2, replied_at = $3, state = $4, updated_at = $5 WHERE id = $1', [id, all, receivedAt, next, now]);
      await addEvent(sql, now, id, actor.id, 'reply', b.body.trim(), { from: b.from.trim(), receivedAt: receivedAt.toISOString(), stateFrom: row.state, state: next });
      await appendAudit(sql, clock, { actorId: actor.id, action: 'audit.finding-reply', targetType: 'audit-finding', targetId: id, details: { from: b.from.trim(), state: next } });
    });
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
