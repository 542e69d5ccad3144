import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { ACT_TEAM, SECURITY_TEAM, GOVERNANCE_TEAM, ADMIN_TEAM, formatEntityId } from '../infra/ids.js';
import { badRequest, conflict, notFound, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { enqueueEmail } from '../notifications/outbox.js';
import {
  checkManualMove, dayText, defaultTemplate, namesText, periodText, renderTemplate, stateAfterContact, stateAfterReply,
  type ContactTarget, type FindingState, type TemplateValues,
} from './triage.js';
import { currentTemplate } from './contacts.js';

/**
 * The triage use cases (src/audit/README.md "Triage"): assign and move a finding, contact someone about it, record
 * the reply. The routes (triage.routes.ts) and the demo call them; each change writes the finding's event and an
 * audit-log entry in one transaction.
 */

export interface TriageActor { id: number; displayName: string }

export interface FindingRow {
  id: number | string; fingerprint: string; query: string; use_case: string | null; project_id: number | string | null;
  entity_id: number | string | null; user_id: number | string | null; request_id: number | string | null;
  occurred_at: Date | string; detail: Record<string, unknown>; raised_by: string; raised_at: Date | string;
  state: FindingState; owner_id: number | string | null; reply: string | null; replied_at: Date | string | null; updated_at: Date | string;
}

export interface PersonRow { id: number | string; display_name: string; username: string; email: string }
export const person = (r: PersonRow) => ({ id: Number(r.id), displayName: r.display_name, username: r.username, email: r.email });
export const iso = (d: Date | string) => new Date(d).toISOString();
export const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function loadRow(sql: Sql, id: number, lock = false): Promise<FindingRow> {
  const row = await sql.maybeOne<FindingRow>(`SELECT * FROM audit_findings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw notFound(`There is no audit finding ${id}.`, 'AUDIT_FINDING_NOT_FOUND');
  return row;
}

/** The project's owners: its creator and the users (directly or through a team) who may change its sharing. */
export async function projectOwners(sql: Sql, projectId: number): Promise<PersonRow[]> {
  return sql.query<PersonRow>(
    `SELECT DISTINCT u.id, u.display_name, u.username, u.email FROM users u
     WHERE u.status = 'active' AND (
       u.id = (SELECT created_by FROM entities WHERE id = $1)
       OR u.id IN (SELECT a.principal_id FROM acl_entries a WHERE a.entity_id = $1 AND 'CHANGE_PERMISSIONS' = ANY (a.access_types))
       OR u.id IN (SELECT m.user_id FROM acl_entries a JOIN team_members m ON m.team_id = a.principal_id
                   WHERE a.entity_id = $1 AND 'CHANGE_PERMISSIONS' = ANY (a.access_types)))
     ORDER BY u.id`, [projectId]);
}

export async function communityManager(sql: Sql, projectId: number): Promise<PersonRow | null> {
  return sql.maybeOne<PersonRow>(
    `SELECT u.id, u.display_name, u.username, u.email FROM project_community_managers c JOIN users u ON u.id = c.user_id WHERE c.project_id = $1`, [projectId]);
}

export async function userRow(sql: Sql, id: number | null): Promise<PersonRow | null> {
  if (id === null) return null;
  return sql.maybeOne<PersonRow>('SELECT id, display_name, username, email FROM users WHERE id = $1', [id]);
}

interface Recipients { recipients: PersonRow[]; reason: string | null }

export async function recipientsFor(sql: Sql, row: FindingRow, to: ContactTarget): Promise<Recipients> {
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
export async function periodOf(sql: Sql, row: FindingRow): Promise<string> {
  const run = await sql.maybeOne<{ period_from: Date; period_to: Date }>(
    `SELECT r.period_from, r.period_to FROM audit_run_findings rf JOIN audit_runs r ON r.id = rf.run_id WHERE rf.finding_id = $1 ORDER BY r.started_at LIMIT 1`, [row.id]);
  if (run) return periodText(new Date(run.period_from), new Date(run.period_to));
  const d = row.detail as { periodFrom?: string; periodTo?: string };
  if (d.periodFrom && d.periodTo) return periodText(new Date(d.periodFrom), new Date(d.periodTo));
  const at = new Date(row.occurred_at);
  const half = at.getUTCMonth() < 6 ? 0 : 6;
  return periodText(new Date(Date.UTC(at.getUTCFullYear(), half, 1)), new Date(Date.UTC(at.getUTCFullYear(), half + 6, 1)));
}

export async function valuesFor(sql: Sql, row: FindingRow, recipients: PersonRow[], auditor: string): Promise<TemplateValues> {
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

export async function addEvent(sql: Sql, at: Date, findingId: number, actorId: number, kind: string, body: string, details: Record<string, unknown> = {}) {
  await sql.query(
    'INSERT INTO audit_finding_events (finding_id, at, actor_id, kind, body, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [findingId, at, actorId, kind, body, JSON.stringify(details)]);
}

const moveProblem = (refusal: NonNullable<ReturnType<typeof checkManualMove>>) =>
  refusal.code === 'AUDIT_NOTE_REQUIRED'
    ? validationFailed(refusal.detail, [{ field: 'body.note', message: 'is required to reopen a closed finding', code: 'REQUIRED', sentence: refusal.detail }])
    : conflict(refusal.code, refusal.detail);


/** Assigns the owner and/or moves the state (a note with it, or a note alone): each change an event and an audit-log entry. */
export async function updateFinding(ctx: Pick<AppContext, 'db' | 'clock'>, actor: TriageActor, id: number, b: { ownerId?: number | null; state?: FindingState; note?: string }): Promise<void> {
  const { clock } = ctx;
  await ctx.db.tx(async (sql) => {
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
}

/** Emails the finding's user, project owners or community manager from a template, through the outbox; the finding becomes contacted. */
export async function contactAbout(ctx: Pick<AppContext, 'db' | 'clock'>, actor: TriageActor, id: number, b: { to: ContactTarget; templateKey?: string; subject?: string; body?: string }): Promise<void> {
  const { clock } = ctx;
  await ctx.db.tx(async (sql) => {
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
}

/** Records the reply received; the finding becomes explained unless another state is asked. */
export async function recordReply(ctx: Pick<AppContext, 'db' | 'clock'>, actor: TriageActor, id: number, b: { from: string; body: string; receivedAt?: string; state?: 'contacted' | 'explained' | 'closed' }): Promise<void> {
  const { clock, db } = ctx;
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
}
