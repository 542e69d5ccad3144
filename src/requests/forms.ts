import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { badRequest, conflict, forbidden, notFound, preconditionFailed, unauthenticated, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { actorFor, assertActUser, isActUser, type RequestUser } from './access.js';
import {
  checkReminders, designFields, formFields, LIMITS, sameFields, termsOf, type FieldDesign, type FieldType, type FormField, type TemplateField,
} from './form.js';
import { requestMessages as msg } from './messages.js';
import { findRequirement, type RequirementRow } from './store.js';

/**
 * Request forms and the field template library (SPEC §8): ACT designs one form per ManagedACT AR. A form that
 * requests use (a request answers it, or a submission did) is versioned: a change makes a new version, which
 * new requests and renewals answer, while open requests keep theirs. A change to a form nothing uses yet
 * rewrites its current version.
 */

export interface StoredForm {
  accessRequirementId: number;
  version: number;
  etag: string | null;
  instructions: string;
  reminderDays: number;
  secondReminderDays: number | null;
  /** ACT's own fields, in order (the fields always present are added from the AR's settings). */
  custom: FormField[];
  modifiedBy: number | null;
  modifiedOn: string | null;
}

interface VersionRow {
  version: number;
  instructions: string;
  reminder_days: number;
  second_reminder_days: number | null;
  created_by: number | null;
  created_at: Date;
  etag: string;
  current_version: number;
}

interface FieldRow {
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string[];
  template_id: number | null;
}

export const DEFAULT_REMINDER_DAYS = 30;

/** The stored form version (the current one when version is undefined); null when the AR has no form yet. */
export async function loadForm(sql: Sql, arId: number, version?: number): Promise<StoredForm | null> {
  const row = await sql.maybeOne<VersionRow>(
    `SELECT v.version, v.instructions, v.reminder_days, v.second_reminder_days, v.created_by, v.created_at, f.etag, f.current_version
     FROM request_forms f JOIN request_form_versions v ON v.access_requirement_id = f.access_requirement_id
     WHERE f.access_requirement_id = $1 AND v.version = coalesce($2::int, f.current_version)`,
    [arId, version ?? null],
  );
  if (!row) return null;
  const fields = await sql.query<FieldRow>(
    `SELECT key, label, description, type, optional, options, template_id FROM request_form_fields
     WHERE access_requirement_id = $1 AND form_version = $2 ORDER BY position`,
    [arId, row.version],
  );
  return {
    accessRequirementId: arId,
    version: row.version,
    etag: row.version === row.current_version ? row.etag : null,
    instructions: row.instructions,
    reminderDays: row.reminder_days,
    secondReminderDays: row.second_reminder_days,
    custom: fields.map((f) => ({
      key: f.key, label: f.label, description: f.description, type: f.type, optional: f.optional, options: f.options ?? [],
      builtin: false, readOnly: false, templateId: f.template_id === null ? null : Number(f.template_id),
    })),
    modifiedBy: row.created_by,
    modifiedOn: row.created_at.toISOString(),
  };
}

/** The form of an AR that has none yet: the fields always present and the AR's instructions. */
function defaultForm(ar: RequirementRow): StoredForm {
  const instructions = typeof ar.settings.instructions === 'string' ? ar.settings.instructions : '';
  return {
    accessRequirementId: ar.id, version: 0, etag: null, instructions, reminderDays: DEFAULT_REMINDER_DAYS, secondReminderDays: null,
    custom: [], modifiedBy: null, modifiedOn: null,
  };
}

/** The live ManagedACT AR, or the 404/400 a caller gets. */
export async function managedRequirement(sql: Sql, arId: number): Promise<RequirementRow> {
  const ar = await findRequirement(sql, arId);
  if (!ar) throw notFound(msg.requirementNotFound(arId), 'ACCESS_REQUIREMENT_NOT_FOUND');
  if (ar.type !== 'ManagedACT') throw badRequest('NOT_MANAGED_ACT', msg.notManaged(arId));
  return ar;
}

/**
 * The current form, created (version 1, the AR's instructions, no extra fields) when the AR has none: a request
 * always answers a stored version. Call inside the transaction that makes the request.
 */
export async function ensureForm(ctx: AppContext, sql: Sql, ar: RequirementRow): Promise<StoredForm> {
  const existing = await loadForm(sql, ar.id);
  if (existing) return existing;
  const form = defaultForm(ar);
  const now = ctx.clock.now();
  // ON CONFLICT: two requests opened at once both find no form; one creates it.
  await sql.query(
    `INSERT INTO request_forms (access_requirement_id, current_version, etag, created_at, modified_at) VALUES ($1, 1, $2, $3, $3)
     ON CONFLICT DO NOTHING`,
    [ar.id, randomUUID(), now],
  );
  await sql.query(
    `INSERT INTO request_form_versions (access_requirement_id, version, instructions, reminder_days, created_at)
     VALUES ($1, 1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [ar.id, form.instructions, form.reminderDays, now],
  );
  return (await loadForm(sql, ar.id))!;
}

// ---- Views ---------------------------------------------------------------------------------------------

export async function formView(sql: Sql, ar: RequirementRow, form: StoredForm, view: 'designer' | 'requestor') {
  const terms = termsOf(ar.settings);
  const ducBlobId = typeof ar.settings.ducTemplateBlobId === 'number' ? ar.settings.ducTemplateBlobId : null;
  const duc = ducBlobId === null ? null : await sql.maybeOne<{ file_name: string }>('SELECT file_name FROM blobs WHERE id = $1', [ducBlobId]);
  const inUse = form.version > 0 && (await formInUse(sql, ar.id, form.version));
  return {
    accessRequirementId: ar.id,
    accessRequirementName: ar.name,
    view,
    version: form.version,
    etag: form.etag,
    instructions: form.instructions,
    fields: formFields(terms, form.custom),
    reminderDays: form.reminderDays,
    secondReminderDays: form.secondReminderDays,
    accessorRules: { certifiedRequired: terms.certifiedRequired, validatedRequired: terms.validatedRequired },
    expirationDays: terms.expirationDays,
    iduPublic: terms.iduPublic,
    ducTemplate: duc && ducBlobId !== null
      ? { blobId: ducBlobId, fileName: duc.file_name, downloadUrl: `/api/v1/access-requirements/${ar.id}/form/duc-template` }
      : null,
    inUse,
    modifiedBy: form.modifiedBy,
    modifiedOn: form.modifiedOn,
  };
}
export type FormView = Awaited<ReturnType<typeof formView>>;

async function formInUse(sql: Sql, arId: number, version: number): Promise<boolean> {
  const row = await sql.maybeOne(
    `SELECT 1 WHERE EXISTS (SELECT 1 FROM data_access_requests WHERE access_requirement_id = $1 AND form_version = $2)
       OR EXISTS (SELECT 1 FROM request_submissions WHERE access_requirement_id = $1 AND form_version = $2)`,
    [arId, version],
  );
  return row !== null;
}

/**
 * The form of an AR. ACT gets the designer's view unless it asks for the requestor's (the preview); everyone
 * else signed in gets the requestor's view. A version number gives that version.
 */
export async function getForm(ctx: AppContext, user: RequestUser | null, arId: number, opts: { as?: 'requestor'; version?: number } = {}): Promise<FormView> {
  if (!user) throw unauthenticated(msg.signInToRequest);
  const ar = await managedRequirement(ctx.db, arId);
  const form = opts.version === undefined
    ? (await loadForm(ctx.db, arId)) ?? defaultForm(ar)
    : await loadForm(ctx.db, arId, opts.version);
  if (!form) throw notFound(msg.formVersionNotFound(arId, opts.version!), 'FORM_VERSION_NOT_FOUND');
  const designer = isActUser(user) && opts.as !== 'requestor';
  return formView(ctx.db, ar, form, designer ? 'designer' : 'requestor');
}

export async function listFormVersions(ctx: AppContext, user: RequestUser, arId: number) {
  const actor = await actorFor(ctx, user, arId);
  if (!actor.isAct && !actor.isDelegatedReviewer) throw forbidden('REVIEWER_REQUIRED', msg.reviewForbidden);
  await managedRequirement(ctx.db, arId);
  const rows = await ctx.db.query<{ version: number; created_by: number | null; created_at: Date; fields: number }>(
    `SELECT v.version, v.created_by, v.created_at,
       (SELECT count(*)::int FROM request_form_fields f WHERE f.access_requirement_id = v.access_requirement_id AND f.form_version = v.version) AS fields
     FROM request_form_versions v WHERE v.access_requirement_id = $1 ORDER BY v.version DESC`,
    [arId],
  );
  return { items: rows.map((r) => ({ version: r.version, modifiedBy: r.created_by, modifiedOn: r.created_at.toISOString(), customFields: r.fields })) };
}

// ---- Design (ACT) --------------------------------------------------------------------------------------

export interface FormInput {
  instructions?: string;
  fields: FieldDesign[];
  reminderDays?: number;
  secondReminderDays?: number | null;
  etag?: string;
}

export async function putForm(ctx: AppContext, user: RequestUser, arId: number, input: FormInput): Promise<FormView> {
  if (!isActUser(user)) throw forbidden('ACT_REQUIRED', msg.designForbidden);
  return ctx.db.tx(async (sql) => {
    const ar = await managedRequirement(sql, arId);
    // The form row is the lock: concurrent designers take turns, and the etag tells the later one.
    const lock = await sql.maybeOne<{ etag: string; current_version: number }>(
      'SELECT etag, current_version FROM request_forms WHERE access_requirement_id = $1 FOR UPDATE',
      [arId],
    );
    if (input.etag !== undefined && input.etag !== (lock?.etag ?? null)) throw preconditionFailed(msg.staleForm);
    const current = lock ? (await loadForm(sql, arId))! : defaultForm(ar);
    const templates = await templateMap(sql);
    const usedBefore = (await sql.query<{ key: string }>('SELECT DISTINCT key FROM request_form_fields WHERE access_requirement_id = $1', [arId])).map((r) => r.key);
    const { fields, errors } = designFields(input.fields, templates, usedBefore);
    const next = {
      instructions: input.instructions ?? current.instructions,
      reminderDays: input.reminderDays ?? current.reminderDays,
      secondReminderDays: input.secondReminderDays === undefined ? current.secondReminderDays : input.secondReminderDays,
    };
    if (next.instructions.length > LIMITS.instructions) errors.push({ field: 'body.instructions', message: `must be at most ${LIMITS.instructions} characters` });
    errors.push(...checkReminders(next));
    if (errors.length > 0) throw validationFailed(`The form is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);

    const unchanged = lock !== null && sameFields(fields, current.custom) && next.instructions === current.instructions &&
      next.reminderDays === current.reminderDays && next.secondReminderDays === current.secondReminderDays;
    if (unchanged) return formView(sql, ar, current, 'designer');

    const now = ctx.clock.now();
    let version: number;
    let newVersion: boolean;
    if (!lock) {
      version = 1;
      newVersion = true;
      await sql.query(
        `INSERT INTO request_forms (access_requirement_id, current_version, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, 1, $2, $3, $4, $3, $4)`,
        [arId, randomUUID(), user.id, now],
      );
    } else if (await formInUse(sql, arId, lock.current_version)) {
      version = lock.current_version + 1;
      newVersion = true;
    } else {
      version = lock.current_version;
      newVersion = false;
      await sql.query('DELETE FROM request_form_fields WHERE access_requirement_id = $1 AND form_version = $2', [arId, version]);
      await sql.query('DELETE FROM request_form_versions WHERE access_requirement_id = $1 AND version = $2', [arId, version]);
    }
    await sql.query(
      `INSERT INTO request_form_versions (access_requirement_id, version, instructions, reminder_days, second_reminder_days, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [arId, version, next.instructions, next.reminderDays, next.secondReminderDays, user.id, now],
    );
    let position = 0;
    for (const f of fields) {
      await sql.query(
        `INSERT INTO request_form_fields (access_requirement_id, form_version, key, position, label, description, type, optional, options, template_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [arId, version, f.key, position++, f.label, f.description, f.type, f.optional, JSON.stringify(f.options), f.templateId],
      );
    }
    await sql.query(
      'UPDATE request_forms SET current_version = $2, etag = $3, modified_by = $4, modified_at = $5 WHERE access_requirement_id = $1',
      [arId, version, randomUUID(), user.id, now],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request-form.updated', targetType: 'access-requirement', targetId: arId,
      details: { version, newVersion, previousVersion: lock?.current_version ?? null, fields: fields.map((f) => f.key) },
    });
    return formView(sql, ar, (await loadForm(sql, arId))!, 'designer');
  });
}

// ---- The field template library -----------------------------------------------------------------------

interface TemplateRow {
  id: number;
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string[];
  modified_by: number | null;
  modified_at: Date;
  retired_at: Date | null;
}

const TEMPLATE_COLUMNS = 'id, key, label, description, type, optional, options, modified_by, modified_at, retired_at';

const templateJson = (r: TemplateRow) => ({
  id: Number(r.id),
  key: r.key,
  label: r.label,
  description: r.description,
  type: r.type,
  optional: r.optional,
  options: r.options ?? [],
  retired: r.retired_at !== null,
  modifiedBy: r.modified_by,
  modifiedOn: r.modified_at.toISOString(),
});
export type FieldTemplateView = ReturnType<typeof templateJson>;

async function templateMap(sql: Sql): Promise<Map<number, TemplateField>> {
  const rows = await sql.query<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM form_field_templates`);
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), key: r.key, label: r.label, description: r.description, type: r.type, optional: r.optional, options: r.options ?? [] }]));
}

export async function listTemplates(ctx: AppContext, user: RequestUser, opts: { includeRetired?: boolean } = {}) {
  const all = opts.includeRetired === true && isActUser(user);
  const rows = await ctx.db.query<TemplateRow>(
    `SELECT ${TEMPLATE_COLUMNS} FROM form_field_templates WHERE $1::boolean OR retired_at IS NULL ORDER BY label, id`,
    [all],
  );
  return { items: rows.map(templateJson) };
}

export interface TemplateInput {
  key?: string;
  label?: string;
  description?: string;
  type?: FieldType;
  optional?: boolean;
  options?: string[];
}

function checkTemplate(input: Required<Omit<TemplateInput, 'key'>> & { key: string }) {
  const { errors, fields } = designFields([{ label: input.label, description: input.description, type: input.type, optional: input.optional, options: input.options }], new Map());
  const mapped = errors.map((e) => ({ field: e.field.replace('body.fields.0', 'body'), message: e.message }));
  if (!/^[a-z][a-z0-9-]{0,59}$/.test(input.key)) mapped.push({ field: 'body.key', message: 'must be a lowercase letter followed by lowercase letters, digits or dashes (at most 60)' });
  if (mapped.length > 0) throw validationFailed(`The field template is not valid: ${mapped.map((e) => `${e.field} ${e.message}`).join('; ')}.`, mapped);
  return fields[0];
}

const keyFromLabel = (label: string) =>
  label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'field';

export async function createTemplate(ctx: AppContext, user: RequestUser, input: TemplateInput): Promise<FieldTemplateView> {
  assertActUser(user);
  const label = (input.label ?? '').trim();
  const key = input.key ?? keyFromLabel(label);
  const field = checkTemplate({ key, label, description: input.description ?? '', type: input.type ?? 'short-text', optional: input.optional ?? false, options: input.options ?? [] });
  return ctx.db.tx(async (sql) => {
    const now = ctx.clock.now();
    const row = await sql.maybeOne<TemplateRow>(
      `INSERT INTO form_field_templates (key, label, description, type, optional, options, created_by, created_at, modified_by, modified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $8) ON CONFLICT (key) DO NOTHING RETURNING ${TEMPLATE_COLUMNS}`,
      [key, field.label, field.description, field.type, field.optional, JSON.stringify(field.options), user.id, now],
    );
    if (!row) throw conflict('TEMPLATE_KEY_TAKEN', msg.templateKeyTaken(key));
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'form-field-template.created', targetType: 'form-field-template', targetId: row.id, details: { key, label: field.label, type: field.type },
    });
    return templateJson(row);
  });
}

/** Changes a template; forms that use it keep their copy of the field until ACT saves them again. */
export async function updateTemplate(ctx: AppContext, user: RequestUser, id: number, input: TemplateInput): Promise<FieldTemplateView> {
  assertActUser(user);
  return ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM form_field_templates WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw notFound(msg.templateNotFound(id), 'FIELD_TEMPLATE_NOT_FOUND');
    if (input.key !== undefined && input.key !== row.key) {
      throw validationFailed('The request is not valid: body.key cannot change (forms refer to it).', [{ field: 'body.key', message: 'cannot change' }]);
    }
    const field = checkTemplate({
      key: row.key, label: (input.label ?? row.label).trim(), description: input.description ?? row.description,
      type: input.type ?? row.type, optional: input.optional ?? row.optional, options: input.options ?? row.options ?? [],
    });
    const updated = await sql.one<TemplateRow>(
      `UPDATE form_field_templates SET label = $2, description = $3, type = $4, optional = $5, options = $6, modified_by = $7, modified_at = $8
       WHERE id = $1 RETURNING ${TEMPLATE_COLUMNS}`,
      [id, field.label, field.description, field.type, field.optional, JSON.stringify(field.options), user.id, ctx.clock.now()],
    );
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'form-field-template.updated', targetType: 'form-field-template', targetId: id, details: { label: field.label, type: field.type },
    });
    return templateJson(updated);
  });
}

/** Retires a template: no longer offered; forms that use it keep their field. */
export async function retireTemplate(ctx: AppContext, user: RequestUser, id: number): Promise<void> {
  assertActUser(user);
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ retired_at: Date | null }>('SELECT retired_at FROM form_field_templates WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw notFound(msg.templateNotFound(id), 'FIELD_TEMPLATE_NOT_FOUND');
    if (row.retired_at) return;
    await sql.query('UPDATE form_field_templates SET retired_at = $2, modified_by = $3, modified_at = $2 WHERE id = $1', [id, ctx.clock.now(), user.id]);
    await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'form-field-template.retired', targetType: 'form-field-template', targetId: id });
  });
}
