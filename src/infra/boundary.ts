import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from './problem.js';

/**
 * The edge of the HTTP server: what no route should have to think about. Bad input is refused here, once,
 * as a 4xx problem document, before any handler or database sees it (docs/adr/0003-error-format.md).
 */

/** Ids are bigint sequences (docs/adr/0004-ids.md) shown as JSON numbers, so they stop where a double stays exact. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;
/** Every other integer of the API (counts, versions, days, offsets) fits a PostgreSQL int. */
export const MAX_INT = 2_147_483_647;
/** Path parameters longer than this are refused with 414; the longest name Gatehouse accepts, percent-encoded, fits. */
export const MAX_PARAM_LENGTH = 1000;

type Schema = Record<string | symbol, unknown>;

const isIdName = (name: string | undefined) => name !== undefined && /(?:^id|Id|Ids|^iid|^seq|Seq)$/.test(name);
const hasType = (schema: Schema, type: string) =>
  schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));

/**
 * A copy of a request schema in which every integer and number without bounds has some: ids up to
 * MAX_ID, every other integer up to MAX_INT, and nothing below -MAX_ID. The original is left alone (TypeBox
 * schemas are shared with responses). References are not followed; shared schemas get their bounds where defined.
 */
export function boundNumbers<T>(schema: T, name?: string): T {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const s = { ...(schema as Schema) };
  if (hasType(s, 'integer') || hasType(s, 'number')) {
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = isIdName(name) || hasType(s, 'number') ? MAX_ID : MAX_INT;
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = -MAX_ID;
  }
  if (s.properties && typeof s.properties === 'object') {
    s.properties = Object.fromEntries(Object.entries(s.properties as Schema).map(([k, v]) => [k, boundNumbers(v, k)]));
  }
  if (s.patternProperties && typeof s.patternProperties === 'object') {
    s.patternProperties = Object.fromEntries(Object.entries(s.patternProperties as Schema).map(([k, v]) => [k, boundNumbers(v)]));
  }
  for (const key of ['additionalProperties', 'not', 'if', 'then', 'else', 'contains'] as const) {
    if (s[key] && typeof s[key] === 'object') s[key] = boundNumbers(s[key]);
  }
  if (Array.isArray(s.items)) s.items = s.items.map((v) => boundNumbers(v, name));
  else if (s.items && typeof s.items === 'object') s.items = boundNumbers(s.items, name);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    if (Array.isArray(s[key])) s[key] = (s[key] as unknown[]).map((v) => boundNumbers(v, name));
  }
  return s as T;
}

/** Where the first U+0000 is in a parsed value (a string, or a key or string anywhere inside), as `part.a.0.b`; else null. */
export function findNul(value: unknown, part: string): string | null {
  // Iterative: a deeply nested body must not overflow the stack.
  const stack: [unknown, string][] = [[value, part]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${at}.${i}`]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${at}.${JSON.stringify(k).slice(1, -1)}`;
        stack.push([child, `${at}.${k}`]);
      }
    }
  }
  return null;
}

/**
 * preValidation: refuses a NUL character in the path, query, headers or JSON body of any route. PostgreSQL
 * cannot store U+0000 in text (SQLSTATE 22021), and no name, message or id of Gatehouse needs it.
 */
export async function refuseNulCharacters(request: FastifyRequest): Promise<void> {
  const field =
    findNul(request.params, 'params') ??
    findNul(request.query, 'query') ??
    findNul(request.headers, 'headers') ??
    findNul(request.body, 'body');
  if (field) {
    throw new Problem(400, 'NUL_CHARACTER', `${field} contains a NUL character (U+0000), which Gatehouse does not accept.`, {
      errors: [{ field, message: 'must not contain a NUL character (U+0000)' }],
    });
  }
}

/** preParsing: a body in another charset than UTF-8 would be read as garbage; refuse it by name instead. */
export async function refuseForeignCharset(request: FastifyRequest): Promise<void> {
  const type = request.headers['content-type'];
  if (!type) return;
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    throw new Problem(415, 'UNSUPPORTED_CHARSET', `The charset "${charset}" is not accepted; send the body as UTF-8.`);
  }
}

/** Errors Fastify's router raises before any route or hook runs (Fastify's `frameworkErrors` option). */
export function frameworkError(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.raw.url?.split('?')[0] ?? '/';
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new Problem(414, 'URI_TOO_LONG', `A path segment of the request is longer than ${MAX_PARAM_LENGTH} characters.`)
      : error.code === 'FST_ERR_BAD_URL'
        ? new Problem(400, 'BAD_URL', 'The request path is not a valid URL (a malformed percent-encoding?).')
        : new Problem(500, 'INTERNAL', 'Something went wrong on the server. It has been logged.');
  if (problem.status >= 500) request.log.error({ err: error }, 'router failed');
  void reply.status(problem.status).type('application/problem+json').send(problem.toJSON(path.slice(0, 200)));
}

/**
 * Node's HTTP parser refuses a request before Fastify sees it (headers over 16 KB, a garbage request line, bad
 * chunked encoding, a slow client). Answer with a problem document written straight onto the socket, then close.
 */
export function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the server accepts (16 KB).']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.']
        : [400, 'MALFORMED_HTTP', 'The request is not well-formed HTTP/1.1.'];
  const body = JSON.stringify(new Problem(status, code, detail).toJSON());
  // A response already under way on this socket cannot be followed by another one.
  const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !pending?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * `date` and `date-time` as RFC 3339 writes them (ajv-formats' check) and as Gatehouse can hold them: a JavaScript
 * Date reads the text (it cannot read a leap second, 23:59:60, which RFC 3339 allows) and PostgreSQL can store it
 * (years 1 to 9999; there is no year 0). Anything else is refused by the schema, naming the field, before a use
 * case turns it into an Invalid Date.
 */
export function instantFormats(rfc3339: { date: (s: string) => boolean; dateTime: (s: string) => boolean }) {
  const inRange = (ms: number) => {
    if (Number.isNaN(ms)) return false;
    const year = new Date(ms).getUTCFullYear();
    return year >= 1 && year <= 9999;
  };
  return {
    date: (s: string) => rfc3339.date(s) && inRange(Date.parse(`${s}T00:00:00Z`)),
    'date-time': (s: string) => rfc3339.dateTime(s) && inRange(Date.parse(s)),
  };
}

const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The JSON types a schema admits, through anyOf/oneOf (an enum or const of strings counts as string). */
function typesOf(schema: Schema): Set<string> {
  const types = new Set<string>();
  const add = (s: unknown) => {
    if (!s || typeof s !== 'object') return;
    const t = (s as Schema).type;
    if (typeof t === 'string') types.add(t);
    else if (Array.isArray(t)) t.forEach((x) => types.add(String(x)));
    else if ((s as Schema).const !== undefined) types.add(typeof (s as Schema).const);
    else if (Array.isArray((s as Schema).enum)) ((s as Schema).enum as unknown[]).forEach((x) => types.add(typeof x));
    for (const key of ['anyOf', 'oneOf'] as const) if (Array.isArray((s as Schema)[key])) ((s as Schema)[key] as unknown[]).forEach(add);
  };
  add(schema);
  return types;
}

/**
 * Reads one text value of a query string, path or header as the type its schema asks for, and only when the
 * text is that type's plain spelling: `42`, `-1.5`, `true`. Anything else stays text and fails validation
 * (Ajv's own coercion would read `0x10` as 16, ` 5` as 5 and `1e309` as Infinity).
 */
function coerceText(schema: unknown, value: unknown): unknown {
  if (!schema || typeof schema !== 'object') return value;
  const types = typesOf(schema as Schema);
  if (types.has('array') && !Array.isArray(value)) return [coerceText((schema as Schema).items, value)];
  if (Array.isArray(value)) return types.has('array') ? value.map((v) => coerceText((schema as Schema).items, v)) : value;
  if (typeof value !== 'string' || types.size === 0 || types.has('string')) return value;
  if ((types.has('integer') || types.has('number')) && DECIMAL.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Coerces, in place, the text fields of a query string, path parameters or headers object to their schema's types. */
export function coerceTextFields(schema: unknown, data: unknown): void {
  if (!schema || typeof schema !== 'object' || !data || typeof data !== 'object') return;
  const properties = (schema as Schema).properties as Schema | undefined;
  if (!properties) return;
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(properties)) {
    if (record[key] !== undefined) record[key] = coerceText(properties[key], record[key]);
  }
}
