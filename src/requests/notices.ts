import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { formatEntityId } from '../infra/ids.js';
import { badRequest, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { assertActUser, type RequestUser } from './access.js';
import { requestMessages as msg } from './messages.js';
import { boundEntities, userBadges, type RequestRow, type RequirementRow, type SubmissionRow } from './store.js';
import {
  isTemplateKind, PLACEHOLDERS, renderTemplate, TEMPLATE_KINDS, unknownPlaceholders, ymd, type Template, type TemplateKind, type TemplateVars,
} from './templates.js';

/**
 * The notices of the request life cycle, email and in-app, rendered from the templates ACT edits and written
 * to the outbox in the caller's transaction (SPEC §8, §12).
 */

export const links = {
  request: (requestId: number) => `/requests/${requestId}`,
  review: (submissionId: number) => `/act/requests?submission=${submissionId}`,
  requirement: (arId: number) => `/access-requirements/${arId}`,
  entity: (entityId: number) => `/entities/${formatEntityId(entityId)}`,
};

export const noticeKind = (kind: TemplateKind) => `request.${kind}`;

export async function loadTemplate(sql: Sql, kind: TemplateKind): Promise<Template> {
  const row = await sql.one<{ subject: string; body: string }>('SELECT subject, body FROM request_notification_templates WHERE kind = $1', [kind]);
  return row;
}

export interface NoticeSubject {
  ar: RequirementRow;
  request: RequestRow;
  submission?: SubmissionRow | null;
  extra?: TemplateVars;
}

/** The values of every placeholder for a request (and submission). */
export async function noticeVars(sql: Sql, ctx: AppContext, s: NoticeSubject): Promise<TemplateVars> {
  const base = ctx.config.publicUrl;
  const entities = await boundEntities(sql, s.ar.id);
  const accessorIds = s.submission?.accessor_ids ?? s.request.accessor_ids;
  const users = await userBadges(sql, [s.request.requestor_id, ...accessorIds]);
  const requestor = users.get(s.request.requestor_id);
  const answers = s.submission?.answers ?? s.request.answers;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    arName: s.ar.name,
    arId: String(s.ar.id),
    arLink: `${base}${links.requirement(s.ar.id)}`,
    terms: s.ar.terms,
    datasetNames: entities.map((e) => e.name).join(', '),
    datasetLinks: entities.map((e) => `${base}${links.entity(e.id)}`).join('\n') || `${base}${links.requirement(s.ar.id)}`,
    requestId: String(s.request.id),
    requestLink: `${base}${links.request(s.request.id)}`,
    ...(s.submission ? {
      reviewLink: `${base}${links.review(s.submission.id)}`,
      submissionId: String(s.submission.id),
      version: String(s.submission.version),
      expiresOn: ymd(s.submission.expires_on),
    } : {}),
    requestorName: requestor?.displayName ?? '',
    requestorUsername: requestor?.username ?? '',
    studyLead: text(answers.studyLead),
    institution: text(answers.institution),
    accessors: accessorIds.map((id) => users.get(id)?.displayName ?? String(id)).join(', '),
    ...s.extra,
  };
}

/** Renders a template for a request; what a reviewer sees before approving, and what is sent. */
export async function renderNotice(sql: Sql, ctx: AppContext, kind: TemplateKind, s: NoticeSubject): Promise<Template> {
  return renderTemplate(await loadTemplate(sql, kind), await noticeVars(sql, ctx, s));
}

/** Sends one rendered notice to each user once (in the app and by email), in the current transaction. */
export async function sendNotice(
  sql: Sql,
  ctx: AppContext,
  kind: TemplateKind,
  recipients: readonly number[],
  message: Template,
  link: string,
): Promise<void> {
  for (const userId of [...new Set(recipients)]) {
    await notifyUser(sql, ctx.clock, ctx.config.publicUrl, { kind: noticeKind(kind), userId, subject: message.subject, body: message.body, link });
  }
}

// ---- Editing the templates (ACT) -----------------------------------------------------------------------

export async function listTemplates(ctx: AppContext, user: RequestUser) {
  assertActUser(user);
  const rows = await ctx.db.query<{ kind: TemplateKind; subject: string; body: string; modified_by: number | null; modified_at: Date }>(
    'SELECT kind, subject, body, modified_by, modified_at FROM request_notification_templates',
  );
  rows.sort((a, b) => TEMPLATE_KINDS.indexOf(a.kind) - TEMPLATE_KINDS.indexOf(b.kind));
  return {
    placeholders: Object.entries(PLACEHOLDERS).map(([name, description]) => ({ name, description })),
    items: rows.map((r) => ({ kind: r.kind, subject: r.subject, body: r.body, modifiedBy: r.modified_by, modifiedOn: r.modified_at.toISOString() })),
  };
}

export async function putTemplate(ctx: AppContext, user: RequestUser, kind: string, input: Template) {
  assertActUser(user);
  if (!isTemplateKind(kind)) throw notFound(msg.templateKindUnknown(kind), 'TEMPLATE_NOT_FOUND');
  const subject = input.subject.trim();
  const body = input.body.trim();
  const errors: { field: string; message: string }[] = [];
  if (!subject) errors.push({ field: 'body.subject', message: 'must not be blank' });
  if (!body) errors.push({ field: 'body.body', message: 'must not be blank' });
  const unknown = [...unknownPlaceholders(subject), ...unknownPlaceholders(body)];
  if (unknown.length > 0) errors.push({ field: 'body', message: msg.placeholdersUnknown([...new Set(unknown)]) });
  if (errors.length > 0) throw badRequest('VALIDATION_FAILED', `The template is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, { errors });
  return ctx.db.tx(async (sql) => {
    const now = ctx.clock.now();
    await sql.query(
      'UPDATE request_notification_templates SET subject = $2, body = $3, modified_by = $4, modified_at = $5 WHERE kind = $1',
      [kind, subject, body, user.id, now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request-notification-template.updated', targetType: 'request-notification-template', targetId: kind, details: { subject },
    });
    return { kind, subject, body, modifiedBy: user.id, modifiedOn: now.toISOString() };
  });
}
