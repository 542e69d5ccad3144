/**
 * Request forms (SPEC §8), pure: the field types, the fields always present (they follow the AR's settings),
 * checking a form design, checking answers, listing every missing required field, the fields that changed
 * between two versions, and when an approval expires. No I/O.
 */

export const FIELD_TYPES = [
  'short-text', 'long-text', 'date', 'email', 'single-choice', 'multiple-choice', 'yes-no', 'attachment', 'user-list',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FormField {
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  /** The choices of single-choice and multiple-choice fields; empty for the others. */
  options: string[];
  /** Always present: follows the AR's settings, not edited in the form designer. */
  builtin: boolean;
  /** Shown but not answered (the data requestor is whoever submits). */
  readOnly: boolean;
  templateId: number | null;
}

/** A value of an answer: text, date (YYYY-MM-DD), email, choice(s), yes/no, attachment ids or user ids. */
export type Answer = string | boolean | string[] | number[];
export type Answers = Record<string, Answer>;

/** An answer's error: the field's key path, its fragment, and (src/infra/fielderrors.ts) its label, code and sentence. */
export type { FieldError } from '../infra/fielderrors.js';
import type { FieldError, FieldErrorCode } from '../infra/fielderrors.js';

/** The ManagedACT settings a form depends on (SPEC §4). */
export interface ArTerms {
  certifiedRequired: boolean;
  validatedRequired: boolean;
  ducRequired: boolean;
  irbRequired: boolean;
  attachmentsRequired: boolean;
  iduRequired: boolean;
  iduPublic: boolean;
  expirationDays: number;
}

export function termsOf(settings: Record<string, unknown>): ArTerms {
  const flag = (k: string) => settings[k] === true;
  const days = settings.expirationDays;
  return {
    certifiedRequired: flag('certifiedRequired'),
    validatedRequired: flag('validatedRequired'),
    ducRequired: flag('ducRequired'),
    irbRequired: flag('irbRequired'),
    attachmentsRequired: flag('attachmentsRequired'),
    iduRequired: flag('iduRequired'),
    iduPublic: flag('iduPublic'),
    expirationDays: typeof days === 'number' && days > 0 ? days : 0,
  };
}

export const LIMITS = {
  fields: 100,
  label: 200,
  description: 2000,
  options: 50,
  option: 200,
  shortText: 1000,
  longText: 20_000,
  instructions: 20_000,
  attachmentsPerField: 20,
  usersPerField: 100,
  accessors: 100,
} as const;

/** Keys of the fields always present; custom fields may not take them. */
export const BUILTIN_KEYS = ['requestor', 'studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse', 'duc', 'irb', 'attachments'] as const;
export type BuiltinKey = (typeof BUILTIN_KEYS)[number];
export const ATTACHMENT_KEYS: readonly string[] = ['duc', 'irb', 'attachments'];

const builtin = (key: BuiltinKey, label: string, type: FieldType, description: string, optional = false, readOnly = false): FormField => ({
  key, label, description, type, optional, options: [], builtin: true, readOnly, templateId: null,
});

function tierRule(t: ArTerms): string {
  if (t.certifiedRequired && t.validatedRequired) return ' Every accessor must be certified and have a validated profile.';
  if (t.certifiedRequired) return ' Every accessor must be certified.';
  if (t.validatedRequired) return ' Every accessor must have a validated profile.';
  return '';
}

/** The fields at the head of every form, in order. */
export function leadingFields(t: ArTerms): FormField[] {
  const period = t.expirationDays > 0 ? `Access lasts at most ${t.expirationDays} days from approval` : 'Access does not expire unless you ask';
  const fields = [
    builtin('requestor', 'Data requestor', 'user-list', 'You, the user making this request.', false, true),
    builtin('studyLead', 'Study lead', 'short-text', 'The principal investigator who leads the study.'),
    builtin('institution', 'Institution', 'short-text', 'The institution where the study is carried out.'),
    builtin('accessors', 'Accessors', 'user-list',
      `The users who will have access to the data if the request is approved, by user name or id. You are the first; you may remove yourself.${tierRule(t)}`),
    builtin('accessUntil', 'Access until', 'date', `${period}; give an earlier date to end it sooner.`, true),
  ];
  if (t.iduRequired || t.iduPublic) {
    fields.push(builtin('intendedDataUse', 'Intended data use statement', 'long-text',
      'What the data will be used for, in words a member of the public understands.' +
        (t.iduPublic ? ' Approved statements are listed publicly with the study lead and institution.' : ''),
      !t.iduRequired));
  }
  return fields;
}

/** The attachments the AR asks for, at the end of every form. */
export function trailingFields(t: ArTerms): FormField[] {
  const fields: FormField[] = [];
  if (t.ducRequired) fields.push(builtin('duc', 'Data use certificate (DUC)', 'attachment', 'The data use certificate, signed by you and your institution\'s signing official.'));
  if (t.irbRequired) fields.push(builtin('irb', 'IRB approval', 'attachment', 'The approval of your institutional review board.'));
  if (t.attachmentsRequired) fields.push(builtin('attachments', 'Other attachments', 'attachment', 'The other documents this access requirement asks for (see the instructions).'));
  return fields;
}

/** Every field of a form as a requestor sees it: the fields always present around ACT's own fields. */
export function formFields(t: ArTerms, custom: readonly FormField[]): FormField[] {
  return [...leadingFields(t), ...custom, ...trailingFields(t)];
}

// ---- Form design ----------------------------------------------------------------------------------------

export interface FieldDesign {
  key?: string;
  templateId?: number | null;
  label?: string;
  description?: string;
  type?: FieldType;
  optional?: boolean;
  options?: string[];
}

export interface TemplateField {
  id: number;
  key: string;
  label: string;
  description: string;
  type: FieldType;
  optional: boolean;
  options: string[];
}

const KEY_PATTERN = /^[a-z][a-zA-Z0-9-]{0,59}$/;
const CHOICE_TYPES: ReadonlySet<FieldType> = new Set(['single-choice', 'multiple-choice']);

const slug = (label: string) =>
  label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'field';

/**
 * The custom fields of a form version from what the designer sent, in the order sent. A field from the library
 * takes the template's label, type and options unless the designer overrides label, description or optional.
 * Keys sent back keep their answers comparable across versions; new fields get a key from their label.
 * Returns every problem at once.
 */
export function designFields(
  input: readonly FieldDesign[],
  templates: ReadonlyMap<number, TemplateField>,
  usedBefore: Iterable<string> = [],
): { fields: FormField[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fields: FormField[] = [];
  if (input.length > LIMITS.fields) errors.push({ field: 'body.fields', message: `must have at most ${LIMITS.fields} fields` });
  const taken = new Set<string>(BUILTIN_KEYS);
  const sentKeys = new Set<string>();
  input.forEach((f, i) => {
    const at = `body.fields.${i}`;
    const template = f.templateId == null ? undefined : templates.get(f.templateId);
    if (f.templateId != null && !template) errors.push({ field: `${at}.templateId`, message: `is not a field template (${f.templateId})` });
    const label = (f.label ?? template?.label ?? '').trim();
    const type = template?.type ?? f.type;
    const options = (template && f.options === undefined ? template.options : f.options ?? []).map((o) => o.trim());
    if (!label) errors.push({ field: `${at}.label`, message: 'must not be blank' });
    if (label.length > LIMITS.label) errors.push({ field: `${at}.label`, message: `must be at most ${LIMITS.label} characters` });
    if (!type || !FIELD_TYPES.includes(type)) errors.push({ field: `${at}.type`, message: `must be one of ${FIELD_TYPES.join(', ')}` });
    if (template && f.type !== undefined && f.type !== template.type) errors.push({ field: `${at}.type`, message: `must be ${template.type}, the type of the template` });
    const description = (f.description ?? template?.description ?? '').trim();
    if (description.length > LIMITS.description) errors.push({ field: `${at}.description`, message: `must be at most ${LIMITS.description} characters` });
    if (type && CHOICE_TYPES.has(type)) {
      if (options.length < 2) errors.push({ field: `${at}.options`, message: 'must list at least 2 choices' });
      if (options.length > LIMITS.options) errors.push({ field: `${at}.options`, message: `must list at most ${LIMITS.options} choices` });
      if (options.some((o) => !o || o.length > LIMITS.option)) errors.push({ field: `${at}.options`, message: `must be non-blank choices of at most ${LIMITS.option} characters` });
      if (new Set(options).size !== options.length) errors.push({ field: `${at}.options`, message: 'must not repeat a choice' });
    } else if (options.length > 0) {
      errors.push({ field: `${at}.options`, message: 'are only for single-choice and multiple-choice fields' });
    }
    let key = f.key;
    if (key !== undefined) {
      if (!KEY_PATTERN.test(key)) errors.push({ field: `${at}.key`, message: 'must be a letter followed by letters, digits or dashes (at most 60)' });
      else if ((BUILTIN_KEYS as readonly string[]).includes(key)) errors.push({ field: `${at}.key`, message: `is the key of a field always present (${key})` });
      else if (sentKeys.has(key)) errors.push({ field: `${at}.key`, message: `repeats the key ${key}` });
      sentKeys.add(key);
    }
    fields.push({
      key: key ?? '', label, description, type: type ?? 'short-text', optional: f.optional ?? template?.optional ?? false,
      options: type && CHOICE_TYPES.has(type) ? options : [], builtin: false, readOnly: false, templateId: template?.id ?? null,
    });
  });
  // A template is added once.
  const fromTemplates = fields.map((f) => f.templateId).filter((id): id is number => id !== null);
  const twice = fromTemplates.filter((id, i) => fromTemplates.indexOf(id) !== i);
  for (const id of new Set(twice)) errors.push({ field: 'body.fields', message: `adds the field template ${id} more than once` });
  // New fields: a template's field keeps the template's key (its answers stay comparable when it is added back);
  // a custom field gets one from its label that no field of this or an earlier version had.
  for (const k of sentKeys) taken.add(k);
  const before = new Set(usedBefore);
  for (const f of fields) {
    if (f.key) continue;
    const template = f.templateId === null ? undefined : templates.get(f.templateId);
    const base = template ? `t-${template.key}` : `f-${slug(f.label)}`;
    let key = base;
    for (let n = 2; taken.has(key) || (!template && before.has(key)); n++) key = `${base}-${n}`;
    taken.add(key);
    f.key = key;
  }
  return { fields, errors };
}

export interface ReminderDesign {
  reminderDays: number;
  secondReminderDays: number | null;
}

export function checkReminders(r: ReminderDesign): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isInteger(r.reminderDays) || r.reminderDays < 1 || r.reminderDays > 365) {
    errors.push({ field: 'body.reminderDays', message: 'must be a whole number of days from 1 to 365' });
  }
  if (r.secondReminderDays !== null) {
    if (!Number.isInteger(r.secondReminderDays) || r.secondReminderDays < 1 || r.secondReminderDays > 365) {
      errors.push({ field: 'body.secondReminderDays', message: 'must be a whole number of days from 1 to 365' });
    } else if (r.secondReminderDays >= r.reminderDays) {
      errors.push({ field: 'body.secondReminderDays', message: 'must be fewer days before expiry than the first reminder' });
    }
  }
  return errors;
}

/** Whether two designs hold the same fields (then saving makes no new version). */
export const sameFields = (a: readonly FormField[], b: readonly FormField[]) => canonical(a) === canonical(b);

// ---- Answers --------------------------------------------------------------------------------------------

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const isIdList = (v: unknown, max: number): v is number[] =>
  Array.isArray(v) && v.length <= max && v.every((x) => Number.isSafeInteger(x) && (x as number) > 0) && new Set(v).size === v.length;

/**
 * Checks the answers a requestor saves against the fields: every problem at once, keyed `body.answers.<key>`.
 * A null answer clears the field. Required fields may be empty in a draft (submit checks them).
 */
export function checkAnswers(fields: readonly FormField[], answers: Record<string, unknown>, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(answers)) {
    const at = `body.answers.${key}`;
    const field = byKey.get(key);
    // The sentence a person reads beside the field; the label names it (never its key, never a path).
    const err = (message: string, code: FieldErrorCode = 'INVALID', sentence?: string) =>
      errors.push({ field: at, message, code, ...(field ? { label: field.label } : {}), ...(sentence ? { sentence } : {}) });
    if (!field) { err('is not a field of this form', 'UNKNOWN_FIELD'); continue; }
    if (field.readOnly) { err('is filled in by Gatehouse', 'INVALID', 'Is filled in by Gatehouse; leave it as it is.'); continue; }
    if (key === 'accessors') { err('is set with the accessors list, not as an answer'); continue; }
    if (value === null) continue;
    switch (field.type) {
      case 'short-text':
      case 'long-text': {
        const max = field.type === 'short-text' ? LIMITS.shortText : LIMITS.longText;
        if (typeof value !== 'string') err('must be text', 'WRONG_TYPE', 'Must be text.');
        else if (value.length > max) err(`must be at most ${max} characters`, 'TOO_LONG', `Must have at most ${max} characters (it has ${value.length}).`);
        break;
      }
      case 'email':
        if (typeof value !== 'string') err('must be text', 'WRONG_TYPE', 'Must be text.');
        else if (value.trim() !== '' && !EMAIL.test(value.trim())) err('must be an email address', 'NOT_AN_EMAIL');
        break;
      case 'date':
        if (typeof value !== 'string') err('must be a date (YYYY-MM-DD)', 'NOT_A_DATE');
        else if (value !== '' && !isValidDate(value)) err('must be a date (YYYY-MM-DD)', 'NOT_A_DATE');
        else if (key === 'accessUntil' && value !== '' && value <= today) err('must be a date after today', 'TOO_SMALL', 'Must be a date after today.');
        break;
      case 'single-choice':
        if (typeof value !== 'string') err('must be one of the choices', 'NOT_A_CHOICE', 'Choose one of the choices.');
        else if (value !== '' && !field.options.includes(value)) err(`must be one of: ${field.options.join(', ')}`, 'NOT_A_CHOICE', `Choose one of: ${field.options.join(', ')}.`);
        break;
      case 'multiple-choice':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !field.options.includes(v)) || new Set(value).size !== value.length) {
          err(`must be a list of distinct choices among: ${field.options.join(', ')}`, 'NOT_A_CHOICE', `Choose among: ${field.options.join(', ')}.`);
        }
        break;
      case 'yes-no':
        if (typeof value !== 'boolean') err('must be true (yes) or false (no)', 'WRONG_TYPE', 'Answer yes or no.');
        break;
      case 'attachment':
        if (!isIdList(value, LIMITS.attachmentsPerField)) err(`must be a list of at most ${LIMITS.attachmentsPerField} attachment ids`, 'TOO_MANY', `Attach at most ${LIMITS.attachmentsPerField} files here.`);
        break;
      case 'user-list':
        if (!isIdList(value, LIMITS.usersPerField)) err(`must be a list of at most ${LIMITS.usersPerField} user ids`, 'TOO_MANY', `Name at most ${LIMITS.usersPerField} people here.`);
        break;
    }
  }
  return errors;
}

export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** The answers with cleared (null) ones dropped, laid over the saved ones. */
export function mergeAnswers(saved: Answers, given: Record<string, unknown>): Answers {
  const out: Answers = { ...saved };
  for (const [key, value] of Object.entries(given)) {
    if (value === null) delete out[key];
    else out[key] = value as Answer;
  }
  return out;
}

/** Every required field left empty, in form order: a submit that misses any lists them all. */
export function missingFields(fields: readonly FormField[], answers: Answers, accessorIds: readonly number[]): { key: string; label: string }[] {
  return fields
    .filter((f) => !f.optional && !f.readOnly)
    .filter((f) => (f.key === 'accessors' ? accessorIds.length === 0 : isEmpty(answers[f.key])))
    .map((f) => ({ key: f.key, label: f.label }));
}

/** The missing fields as `errors[]` entries: a submit reports them with the invalid answers, in one answer. */
export const missingErrors = (missing: readonly { key: string; label: string }[]): FieldError[] =>
  missing.map((m) => ({
    field: m.key === 'accessors' ? 'body.accessors' : `body.answers.${m.key}`, pointer: m.key === 'accessors' ? '/accessors' : `/answers/${m.key}`,
    message: 'is required', code: 'REQUIRED', label: m.label, sentence: 'Fill this in.',
  }));

export interface VersionContent {
  answers: Answers;
  accessorIds: readonly number[];
}

/** Keys of the fields whose answer differs between two versions (accessors compared as a set), form order first. */
export function changedFields(fields: readonly FormField[], previous: VersionContent, next: VersionContent): string[] {
  const value = (v: VersionContent, key: string): unknown => {
    if (key === 'accessors') return [...v.accessorIds].sort((a, b) => a - b);
    const a = v.answers[key];
    return isEmpty(a) ? null : a;
  };
  const order = fields.map((f) => f.key);
  const keys = new Set([...order, ...Object.keys(previous.answers), ...Object.keys(next.answers), 'accessors']);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...keys]
    .filter((k) => k !== 'requestor' && canonical(value(previous, k)) !== canonical(value(next, k)))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Attachment ids named in the answers of attachment fields. */
export function attachmentIds(fields: readonly FormField[], answers: Answers): number[] {
  const ids: number[] = [];
  for (const f of fields) {
    const v = answers[f.key];
    if (f.type === 'attachment' && Array.isArray(v)) ids.push(...(v as number[]));
  }
  return ids;
}

// ---- Expiry ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/**
 * When the approvals of a submission approved at `now` expire: after the AR's period, or at the start of the
 * day after the date the requestor asked for when that comes first; null when neither limits it.
 */
export function approvalExpiry(now: Date, expirationDays: number, accessUntil: unknown): Date | null {
  const byPeriod = expirationDays > 0 ? new Date(now.getTime() + expirationDays * DAY_MS) : null;
  const asked = typeof accessUntil === 'string' && isValidDate(accessUntil)
    ? new Date(new Date(`${accessUntil}T00:00:00Z`).getTime() + DAY_MS)
    : null;
  if (asked && asked <= now) return byPeriod;
  if (byPeriod && asked) return asked < byPeriod ? asked : byPeriod;
  return byPeriod ?? asked;
}

/** JSON with sorted keys, so that two values compare by content. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
