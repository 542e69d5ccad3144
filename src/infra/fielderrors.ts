import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
/**
 * Field errors written for people (docs/adr/0003-error-format.md). Each entry of a problem's `errors[]` keeps
 * `field` (`body.answers.email`) and `message` (the short fragment scripts already read, "must be an email
 * address") and adds what a person and a client need: `pointer` (RFC 6901, into the request part), a stable
 * `code`, the field's `label` where the server knows it (request form answers), and `sentence`, the words a
 * person reads beside the field. A schema's pattern never reaches the sentence; it stays in `params.pattern`.
 */

export type FieldErrorCode =
  | 'REQUIRED' | 'UNKNOWN_FIELD' | 'WRONG_TYPE' | 'NOT_AN_EMAIL' | 'NOT_A_URL' | 'NOT_A_DATE' | 'NOT_A_DATE_TIME' | 'BAD_FORMAT'
  | 'TOO_SMALL' | 'TOO_LARGE' | 'TOO_SHORT' | 'TOO_LONG' | 'TOO_FEW' | 'TOO_MANY' | 'NOT_UNIQUE' | 'PATTERN_MISMATCH' | 'NOT_A_CHOICE'
  | 'NOT_FOUND' | 'INVALID';

export interface FieldError {
  field: string;
  message: string;
  pointer?: string;
  code?: FieldErrorCode;
  label?: string;
  sentence?: string;
  params?: Record<string, unknown>;
}

/** A problem lists at most this many fields: a body of thousands of bad items must not make an answer as large. */
export const MAX_FIELD_ERRORS = 100;

const PARTS = new Set(['body', 'query', 'params', 'headers', 'querystring']);

/** `body.answers.email` → `/answers/email`. */
export function pointerOf(field: string): string {
  const [first, ...rest] = field.split('.');
  const path = PARTS.has(first) ? rest : [first, ...rest];
  return path.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const asSentence = (s: string) => { const t = capital(s.trim()); return /[.!?]$/.test(t) ? t : `${t}.`; };
const list = (values: unknown[]) => values.slice(0, 10).map(String).join(', ') + (values.length > 10 ? ', …' : '');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const TYPE_WORDS: Record<string, string> = {
  integer: 'Must be a whole number.', number: 'Must be a number.', string: 'Must be text.', boolean: 'Must be yes or no.',
  array: 'Must be a list.', object: 'Must be a set of fields.', null: 'Must be empty.',
};

/** The sentence for a code, or null when only the fragment's own words fit. */
function sentenceOf(code: FieldErrorCode, params: Record<string, unknown>, description?: string): string | null {
  const n = params.limit as number;
  switch (code) {
    case 'REQUIRED': return 'Fill this in.';
    case 'UNKNOWN_FIELD': return 'Is not a field this form knows.';
    case 'WRONG_TYPE': return TYPE_WORDS[String(params.type)] ?? 'Has the wrong kind of value.';
    case 'NOT_AN_EMAIL': return 'Must be an email address, like name@example.org.';
    case 'NOT_A_URL': return 'Must be a web address, like https://example.org.';
    case 'NOT_A_DATE': return 'Must be a date (YYYY-MM-DD).';
    case 'NOT_A_DATE_TIME': return 'Must be a date and time.';
    case 'BAD_FORMAT': return 'Is not in the expected format.';
    case 'PATTERN_MISMATCH': return description ? asSentence(description) : 'Is not in the expected format.';
    case 'TOO_SMALL': return typeof n === 'number' ? (params.exclusive ? `Must be more than ${n}.` : `Must be ${n} or more.`) : null;
    case 'TOO_LARGE': return typeof n === 'number' ? (params.exclusive ? `Must be less than ${n}.` : `Must be ${n} or less.`) : null;
    case 'TOO_SHORT': return typeof n === 'number' ? (n <= 1 ? 'Fill this in.' : `Must have at least ${plural(n, 'character')}.`) : null;
    case 'TOO_LONG': return typeof n === 'number' ? `Must have at most ${plural(n, 'character')}.` : null;
    case 'TOO_FEW': return typeof n === 'number' ? `Must have at least ${plural(n, 'item')}.` : null;
    case 'TOO_MANY': return typeof n === 'number' ? `Must have at most ${plural(n, 'item')}.` : null;
    case 'NOT_UNIQUE': return 'Must not repeat an item.';
    case 'NOT_A_CHOICE': return Array.isArray(params.allowed) ? `Must be one of: ${list(params.allowed)}.` : 'Must be one of the choices.';
    default: return null;
  }
}

/** The code of a fragment written by hand in a use case ("is required", "must be at most 200 characters"). */
function codeOfMessage(message: string): FieldErrorCode {
  if (/^(is required|must not be blank|must have required property)/i.test(message)) return 'REQUIRED';
  if (/not a known field/i.test(message)) return 'UNKNOWN_FIELD';
  if (/must be an email/i.test(message)) return 'NOT_AN_EMAIL';
  if (/must be a date/i.test(message)) return 'NOT_A_DATE';
  if (/(at most \d+ characters|more than \d+ characters)/i.test(message)) return 'TOO_LONG';
  if (/^must be one of/i.test(message)) return 'NOT_A_CHOICE';
  if (/^there is no /i.test(message)) return 'NOT_FOUND';
  return 'INVALID';
}

/** The entry with its pointer, code and sentence filled in (what is given is kept). */
export function forPeople(e: FieldError, description?: string): FieldError {
  const code = e.code ?? codeOfMessage(e.message);
  const params = e.params ?? {};
  const sentence = e.sentence ?? sentenceOf(code, params, description) ?? asSentence(e.message);
  return { ...e, pointer: e.pointer ?? pointerOf(e.field), code, sentence };
}

/** Entries for people, at most MAX_FIELD_ERRORS of them. */
export const fieldErrors = (errors: readonly FieldError[]) => errors.slice(0, MAX_FIELD_ERRORS).map((e) => forPeople(e));

/** "Signing official email must be an email address; body.name is required" for a problem's `detail`. */
export const describeFieldErrors = (errors: readonly FieldError[]) =>
  errors.slice(0, 10).map((e) => `${e.label ?? e.field} ${e.message}`).join('; ') + (errors.length > 10 ? `; and ${errors.length - 10} more` : '');

interface AjvError { keyword: string; instancePath: string; message?: string; params?: Record<string, unknown>; parentSchema?: { description?: unknown } }

/** One of Ajv's errors (allErrors) for a request part, as an entry for people. */
export function fromAjv(part: string, v: AjvError): FieldError {
  const p = v.params ?? {};
  const extra = p.additionalProperty ?? p.missingProperty;
  const path = [...v.instancePath.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')), ...(extra ? [String(extra)] : [])];
  const field = [part, ...path].join('.');
  const message = p.additionalProperty ? 'is not a known field' : v.message ?? 'is invalid';
  const description = typeof v.parentSchema?.description === 'string' ? v.parentSchema.description : undefined;
  let code: FieldErrorCode;
  let params: Record<string, unknown> = {};
  switch (v.keyword) {
    case 'required': code = 'REQUIRED'; break;
    case 'additionalProperties': code = 'UNKNOWN_FIELD'; break;
    case 'type': code = 'WRONG_TYPE'; params = { type: Array.isArray(p.type) ? p.type[0] : p.type }; break;
    case 'format': {
      const format = String(p.format);
      code = format === 'email' ? 'NOT_AN_EMAIL' : format === 'uri' || format === 'url' ? 'NOT_A_URL' : format === 'date' ? 'NOT_A_DATE' : format === 'date-time' ? 'NOT_A_DATE_TIME' : 'BAD_FORMAT';
      params = { format };
      break;
    }
    case 'minimum': case 'exclusiveMinimum': code = 'TOO_SMALL'; params = { limit: p.limit, exclusive: v.keyword.startsWith('exclusive') }; break;
    case 'maximum': case 'exclusiveMaximum': code = 'TOO_LARGE'; params = { limit: p.limit, exclusive: v.keyword.startsWith('exclusive') }; break;
    case 'minLength': code = 'TOO_SHORT'; params = { limit: p.limit }; break;
    case 'maxLength': code = 'TOO_LONG'; params = { limit: p.limit }; break;
    case 'minItems': code = 'TOO_FEW'; params = { limit: p.limit }; break;
    case 'maxItems': code = 'TOO_MANY'; params = { limit: p.limit }; break;
    case 'uniqueItems': code = 'NOT_UNIQUE'; break;
    // The expression is for machines; the sentence says the field's own hint, or that the format is not the expected one.
    case 'pattern': code = 'PATTERN_MISMATCH'; params = { pattern: p.pattern }; break;
    case 'enum': code = 'NOT_A_CHOICE'; params = { allowed: p.allowedValues }; break;
    case 'const': code = 'NOT_A_CHOICE'; params = { allowed: [p.allowedValue] }; break;
    default: code = 'INVALID';
  }
  return forPeople({ field, message, code, params }, description);
}

/**
 * Ajv with allErrors reports, for a value that fails a union (`anyOf`), each branch's failure and then the union's:
 * a person needs one sentence per field. Keep the first entry per field, preferring a REQUIRED or UNKNOWN_FIELD one.
 */
export function onePerField(errors: readonly FieldError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const e of errors) {
    const seen = byField.get(e.field);
    if (!seen || (seen.code === 'INVALID' && e.code !== 'INVALID')) byField.set(e.field, e);
  }
  return [...byField.values()];
}

/** One of TypeBox's `Value.Errors` (settings checked in a use case) under `prefix`, as an entry for people. */
export function fromTypeBox(prefix: string, e: ValueError): FieldError {
  const field = [prefix, ...e.path.split('/').filter(Boolean)].join('.');
  const schema = e.schema as Record<string, unknown>;
  const T = ValueErrorType;
  const message = e.type === T.ObjectAdditionalProperties ? 'is not a known field' : e.message.charAt(0).toLowerCase() + e.message.slice(1);
  const limit = (key: string) => ({ limit: schema[key] });
  const byType: Partial<Record<ValueErrorType, [FieldErrorCode, Record<string, unknown>?]>> = {
    [T.ObjectRequiredProperty]: ['REQUIRED'],
    [T.ObjectAdditionalProperties]: ['UNKNOWN_FIELD'],
    [T.Integer]: ['WRONG_TYPE', { type: 'integer' }], [T.Number]: ['WRONG_TYPE', { type: 'number' }], [T.String]: ['WRONG_TYPE', { type: 'string' }],
    [T.Boolean]: ['WRONG_TYPE', { type: 'boolean' }], [T.Array]: ['WRONG_TYPE', { type: 'array' }], [T.Object]: ['WRONG_TYPE', { type: 'object' }],
    [T.IntegerMinimum]: ['TOO_SMALL', limit('minimum')], [T.NumberMinimum]: ['TOO_SMALL', limit('minimum')],
    [T.IntegerMaximum]: ['TOO_LARGE', limit('maximum')], [T.NumberMaximum]: ['TOO_LARGE', limit('maximum')],
    [T.IntegerExclusiveMinimum]: ['TOO_SMALL', { ...limit('exclusiveMinimum'), exclusive: true }],
    [T.IntegerExclusiveMaximum]: ['TOO_LARGE', { ...limit('exclusiveMaximum'), exclusive: true }],
    [T.StringMinLength]: ['TOO_SHORT', limit('minLength')], [T.StringMaxLength]: ['TOO_LONG', limit('maxLength')],
    [T.ArrayMinItems]: ['TOO_FEW', limit('minItems')], [T.ArrayMaxItems]: ['TOO_MANY', limit('maxItems')],
    [T.StringPattern]: ['PATTERN_MISMATCH', { pattern: schema.pattern }],
    [T.StringFormat]: [schema.format === 'email' ? 'NOT_AN_EMAIL' : schema.format === 'date' ? 'NOT_A_DATE' : schema.format === 'date-time' ? 'NOT_A_DATE_TIME' : 'BAD_FORMAT', { format: schema.format }],
  };
  const [code, params] = byType[e.type] ?? ['INVALID' as const];
  return forPeople({ field, message, code, ...(params ? { params } : {}) }, typeof schema.description === 'string' && code === 'PATTERN_MISMATCH' ? schema.description : undefined);
}
