import type { Clock } from '../infra/clock.js';
import type { Sql } from '../infra/db.js';
import { notFound, validationFailed, conflict } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { PLACEHOLDERS, unknownPlaceholders } from './triage.js';

/**
 * The contact templates (migrations/0175_audit_triage.sql): Gatehouse's wording of the seed's emails, edited by
 * ACT. Every edit is a new version; the newest is in force, the older ones are the history (who changed what).
 */
export interface TemplateInfo {
  key: string;
  title: string;
  /** Whom the template is written for. */
  to: 'user' | 'project-owner' | 'community-manager';
}

export const TEMPLATES: readonly TemplateInfo[] = [
  { key: 'top-downloader', title: 'Top downloader: confirm your account activity', to: 'user' },
  { key: 'anomaly-user', title: 'Anomaly notice to a user', to: 'user' },
  { key: 'anomaly-project-owner', title: 'Anomaly notice to project owners', to: 'project-owner' },
  { key: 'anomaly-community-manager', title: 'Anomaly notice to a community manager', to: 'community-manager' },
];

export interface TemplateVersion {
  version: number;
  subject: string;
  body: string;
  changedBy: { id: number; displayName: string } | null;
  changedAt: string;
}

interface VersionRow {
  key: string;
  version: number;
  subject: string;
  body: string;
  changed_by: number | string | null;
  display_name: string | null;
  changed_at: Date | string;
}

const versionOf = (r: VersionRow): TemplateVersion => ({
  version: r.version, subject: r.subject, body: r.body, changedAt: new Date(r.changed_at).toISOString(),
  changedBy: r.changed_by === null ? null : { id: Number(r.changed_by), displayName: r.display_name ?? '' },
});

export async function listTemplates(sql: Sql) {
  const rows = await sql.query<VersionRow>(
    `SELECT t.key, t.version, t.subject, t.body, t.changed_by, u.display_name, t.changed_at
     FROM audit_contact_templates t LEFT JOIN users u ON u.id = t.changed_by ORDER BY t.key, t.version DESC`);
  return TEMPLATES.map((info) => {
    const versions = rows.filter((r) => r.key === info.key).map(versionOf);
    return { ...info, ...versions[0], placeholders: [...PLACEHOLDERS], history: versions };
  });
}

export async function currentTemplate(sql: Sql, key: string): Promise<TemplateInfo & TemplateVersion> {
  const info = TEMPLATES.find((t) => t.key === key);
  const row = info && await sql.maybeOne<VersionRow>(
    `SELECT t.key, t.version, t.subject, t.body, t.changed_by, u.display_name, t.changed_at
     FROM audit_contact_templates t LEFT JOIN users u ON u.id = t.changed_by WHERE t.key = $1 ORDER BY t.version DESC LIMIT 1`, [key]);
  if (!info || !row) throw notFound(`There is no contact template "${key}"; the templates are ${TEMPLATES.map((t) => t.key).join(', ')}.`, 'AUDIT_TEMPLATE_NOT_FOUND');
  return { ...info, ...versionOf(row) };
}

/** Saves a new version. Unknown placeholders are refused (a typo would reach the recipient as "{projet}"). */
export async function saveTemplate(sql: Sql, clock: Clock, actorId: number, key: string, input: { subject: string; body: string; expectedVersion?: number }) {
  const current = await currentTemplate(sql, key);
  const errors = (['subject', 'body'] as const).flatMap((field) => {
    const unknown = unknownPlaceholders(input[field]);
    return unknown.length === 0 ? [] : [{
      field: `body.${field}`, message: `uses unknown placeholders ${unknown.map((p) => `{${p}}`).join(', ')}`, code: 'INVALID' as const,
      sentence: `${field === 'subject' ? 'The subject' : 'The text'} uses ${unknown.map((p) => `{${p}}`).join(', ')}, which Gatehouse does not know; the placeholders are ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
    }];
  });
  if (!input.subject.trim()) errors.push({ field: 'body.subject', message: 'must not be blank', code: 'INVALID', sentence: 'Write a subject.' });
  if (!input.body.trim()) errors.push({ field: 'body.body', message: 'must not be blank', code: 'INVALID', sentence: 'Write the text of the email.' });
  if (errors.length) throw validationFailed(errors.map((e) => e.sentence).join(' '), errors);
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw conflict('AUDIT_TEMPLATE_STALE', `The template was changed meanwhile (it is now version ${current.version}); load it again and redo your change.`, { currentVersion: current.version });
  }
  if (input.subject === current.subject && input.body === current.body) return current;
  const version = current.version + 1;
  await sql.query(
    'INSERT INTO audit_contact_templates (key, version, subject, body, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [key, version, input.subject, input.body, actorId, clock.now()]);
  await appendAudit(sql, clock, {
    actorId, action: 'audit.template-changed', targetType: 'audit-template', targetId: key,
    details: { version, previousVersion: current.version, subjectChanged: input.subject !== current.subject, bodyChanged: input.body !== current.body },
  });
  return currentTemplate(sql, key);
}
