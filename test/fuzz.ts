/**
 * A schema-driven fuzzer over Gatehouse's own OpenAPI document (issue 8). From each operation's parameters and
 * request body it makes a bounded, seeded set of requests: some valid-shaped (with ids and names that exist, so
 * that a request gets past the schema into the use case) and most hostile (NUL characters, numbers a database
 * cannot hold, wrong types, missing and extra fields, very long and odd text, broken JSON and media types).
 *
 * Nothing here knows a route: what is sent follows from the document. `test/api/fuzz.test.ts` sends it and
 * judges the answers; `WriteWatch` sees every row a request writes, to catch a refused request that wrote.
 */
import type { Db } from '../src/infra/db.js';
import { mulberry32 } from './prng.js';

type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export interface Operation {
  method: string;
  /** As in the document: /api/v1/teams/{id} */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: Schema;
  bodyRequired: boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What was mutated, for the report. */
  note: string;
}

/**
 * Values that exist in the database, so that valid-shaped requests reach the use case: ids by what they name
 * (the path segment before a parameter, `teams/{id}`, or a field's name, `teamId`), and group names.
 */
export interface Pools {
  ids: Record<string, number[]>;
  names: string[];
}

/** What an id names, from the resource segment before it or from a field name: teams/{id} → team, userIds → user. */
export function idKind(segmentOrField: string): string {
  return segmentOrField.replace(/Ids?$|_ids?$/, '').replace(/-/g, '').replace(/ies$/, 'y').replace(/s$/, '').toLowerCase();
}

/** Every operation of an OpenAPI 3.1 document. */
export function operationsOf(doc: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }>; required?: boolean } | undefined);
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters as Parameter[] | undefined) ?? [],
        body: content?.content?.['application/json']?.schema,
        bodyRequired: content?.required ?? false,
      });
    }
  }
  return ops;
}

/** mulberry32: small, fast and the same on every machine. */
export function prng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/** FNV-1a, to give each operation its own seed: adding a route does not change what another one is sent. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A number JSON.stringify cannot write (1e309 is Infinity once parsed; -0 and 1.0 are spelled as sent). */
class RawJson {
  constructor(readonly text: string) {}
}

const HOSTILE_STRINGS = [
  '\u0000', 'a\u0000b', '', ' ', '\t\n\r', 'x'.repeat(5_000), 'y'.repeat(300_000), '\uD800', '\uDFFF\uD800', '\u202Eevil', '\uFEFFbom',
  'Z\u0351\u0352\u0353\u0354\u0355\u0356', '👩‍👩‍👧‍👦', '\u2028\u2029', 'ǅǈǋ', 'ﬁ', 'İı', '%00', '%', '../../etc/passwd', "' OR 1=1 --",
  '"; DROP TABLE users; --', '\\', '\\\\x00', '${7*7}', '<script>alert(1)</script>', 'syn', 'syn-1', 'syn0', 'SYN1', 'syn99999999999999999999',
  '0', '-1', '1.5', '1e309', 'NaN', 'Infinity', '0x10', '9007199254740993', '99999999999999999999', 'true', 'null', '[]', '{}',
  '2026-13-45', '2026-02-30T25:61:00Z', '0000-01-01T00:00:00Z', '275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00Z',
  '9999-12-31T23:59:59.999Z', '1970-01-01', 'now', 'epoch', 'infinity', '-infinity', 'allballs', '%_\\', '*', '_', 'ａｄｍｉｎ',
];

const EDGE_DATE_TIMES = [
  '2026-06-30T23:59:60Z', '2026-03-02t09:00:00z', '2026-03-02 09:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00',
  '2026-03-02T09:00:00.123456789Z', '2026-03-02T09:00:00-23:59', '0001-01-01T00:00:00+23:59', '9999-12-31T23:59:59-23:59',
];

const HOSTILE_NUMBERS: unknown[] = [
  -1, 0, -0, 1.5, 0.1, -2147483649, 2147483648, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 5e-324,
  new RawJson('1e309'), new RawJson('-1e309'), new RawJson('1.0'), new RawJson('-0'), new RawJson('1E2'), new RawJson('123456789012345678901234567890'),
];

const WRONG_TYPES: unknown[] = [null, true, false, [], [null], {}, { a: 1 }, 'text', 7, [[['deep']]], { '\u0000': 1 }, { __proto__x: 1 }];

/** Path segments: over the router's limit, not a number, NUL, odd encodings. */
const HOSTILE_SEGMENTS = [
  'x'.repeat(1001), 'x'.repeat(999), '%00', 'a%00b', 'abc', '-1', '0', '1.5', '1e309', '1e3', '9007199254740993', '999999999999999',
  '99999999999999999999', 'syn0', 'syn-1', 'syn999999999999999', 'SYN1', '%20', '%2F..%2F', '%E2%80%AE', '%FF', '%C0%AF', '%25', 'null',
  'undefined', '%F0%9F%91%A9', '١٢٣', '0x1', '+1', '01', ' 1', 'Infinity', '__proto__', 'constructor', 'mine', '%5B%5D',
];

/** Whole bodies that are no object of the schema, or no JSON at all. */
const HOSTILE_BODIES: [string, string][] = [
  ['null', 'application/json'], ['[]', 'application/json'], ['"text"', 'application/json'], ['123', 'application/json'],
  ['1e309', 'application/json'], ['true', 'application/json'], ['{', 'application/json'], ['', 'application/json'],
  ['{"a":1}{"b":2}', 'application/json'], ['\u0000', 'application/json'], ['{"__proto__":{"isAdmin":true}}', 'application/json'],
  ['{"constructor":{"prototype":{"isAdmin":true}}}', 'application/json'], ['['.repeat(20_000), 'application/json'],
  [`${'['.repeat(3000)}${']'.repeat(3000)}`, 'application/json'], [`{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`, 'application/json'],
  ['{"x":"\\ud800"}', 'application/json'], ['{"x":"\\u0000"}', 'application/json'], ['\uFEFF{}', 'application/json'],
  ['{}', 'text/plain'], ['a=1&b=2', 'application/x-www-form-urlencoded'], ['{}', 'application/json; charset=utf-16'],
  ['{}', 'application/json; charset=latin1'], ['{}', 'application/xml'], ['{}', ''], ['{}', 'application/json, text/plain'],
  ['--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n', 'multipart/form-data; boundary=x'],
  ['--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated', 'multipart/form-data; boundary=x'],
  ['garbage', 'multipart/form-data; boundary=x'], ['garbage', 'multipart/form-data'], ['{"a":1}', 'application/octet-stream'],
];

const HOSTILE_HEADERS: Record<string, string>[] = [
  { authorization: 'Bearer gh_pat_not-a-real-token' }, { authorization: 'Bearer ' }, { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: `Bearer gh_pat_${'x'.repeat(5000)}` }, { cookie: 'gh_session=garbage' }, { cookie: `gh_session=${'%'.repeat(300)}` },
  { range: 'bytes=99999999999999999999-' }, { range: 'bytes=-0' }, { range: 'bytes=5-1' }, { range: 'bytes=0-0,1-1,2-2' }, { range: 'pages=1-2' },
  { 'if-range': '"x"' }, { 'if-match': '"\u00ff"' }, { 'if-none-match': '*' }, { 'if-modified-since': 'yesterday' },
  { 'x-forwarded-for': 'not-an-ip, ::1' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { accept: 'application/xml' },
  { 'accept-encoding': 'br;q=2, *;q=-1' }, { 'content-length': '99999999999' },
];

/** Request generation for one operation; `count` cases, each a list of mutations of a valid-shaped request. */
export class Generator {
  constructor(private readonly rng: Rng, private readonly pools: Pools) {}

  cases(op: Operation, count: number): FuzzRequest[] {
    const out: FuzzRequest[] = [];
    for (let i = 0; i < count; i++) {
      // The first three cases are valid-shaped (they reach the use case), the fourth valid but for one field at an
      // edge the schema admits (a leap second, the longest text, the largest number); the others break one thing each.
      const upload = !op.body && (op.method === 'POST' || op.method === 'PUT');
      const kind = i === 2 && upload ? 'multipart' : i < 3 ? 'valid' : i === 3 ? 'edge' : this.rng.pick(this.kinds(op));
      out.push(this.case(op, kind));
    }
    return out;
  }

  private kinds(op: Operation): string[] {
    const kinds = ['path', 'path', 'header', 'body-whole', 'edge'];
    if (op.parameters.some((p) => p.in === 'query')) kinds.push('query', 'query', 'query-extra');
    if (op.body) kinds.push('body-field', 'body-field', 'body-field', 'body-missing', 'body-extra');
    // No JSON body in the document: an upload (multipart/form-data, read by the handler) or a plain action.
    else if (op.method === 'POST' || op.method === 'PUT') kinds.push('multipart', 'multipart', 'multipart');
    return kinds;
  }

  /** In an edge case every optional field is present, so that the one at an edge is not the only one. */
  private edge = false;

  private case(op: Operation, kind: string): FuzzRequest {
    const rng = this.rng;
    this.edge = kind === 'edge';
    const notes: string[] = [kind];
    let path = op.path;
    const pathParams = op.parameters.filter((p) => p.in === 'path');
    const hostileParam = kind === 'path' && pathParams.length > 0 ? rng.pick(pathParams).name : null;
    for (const p of pathParams) {
      let value: string;
      if (p.name === hostileParam) {
        value = rng.pick(HOSTILE_SEGMENTS);
        notes.push(`params.${p.name}=${value.slice(0, 40)}`);
      } else {
        value = encodeText(this.pathValue(op, p));
      }
      path = path.replace(`{${p.name}}`, value);
    }

    const query: string[] = [];
    const queryParams = op.parameters.filter((p) => p.in === 'query');
    const hostileQuery = kind === 'query' && queryParams.length > 0 ? rng.pick(queryParams).name : null;
    // An edge case puts one field at an edge: a query parameter or a field of the body. Dates weigh more.
    const weight = (schema: Schema | undefined) => (/"format"/.test(JSON.stringify(schema ?? {})) ? 3 : 1);
    const edgeTargets = kind !== 'edge' ? [] : [
      ...queryParams.flatMap((p) => Array<string>(weight(p.schema)).fill(`query.${p.name}`)),
      ...(op.body ? [...Array<string>(Math.max(1, queryParams.length)).fill('body')] : []),
    ];
    const edgeTarget = edgeTargets.length ? rng.pick(edgeTargets) : null;
    for (const p of queryParams) {
      if (edgeTarget === `query.${p.name}`) {
        const value = this.edgeValue(p.schema);
        query.push(`${p.name}=${encodeText(String(value))}`);
        notes.push(`query.${p.name}=${describe(value)}`);
      } else if (p.name === hostileQuery) {
        const raw = rng.pick([
          ...HOSTILE_SEGMENTS.map((s) => s.length > 1000 ? 'q'.repeat(1500) : s),
          encodeText(rng.pick(HOSTILE_STRINGS).slice(0, 3000)), '', 'a&x=1', 'TRUE', 'yes', '1,2',
          // Values of the right shape but at an edge: what the schema admits and a use case may still trip on.
          encodeText(String(this.valid(p.schema ?? { type: 'string' }, p.name))), ...EDGE_DATE_TIMES.map(encodeText),
        ]);
        // Sometimes twice: ?limit=1&limit=2 is read as an array.
        const twice = rng.chance(0.15);
        query.push(`${p.name}=${raw}`);
        if (twice) query.push(`${p.name}=${raw}`);
        notes.push(`query.${p.name}=${raw.slice(0, 40)}${twice ? ' (twice)' : ''}`);
      } else if (p.required || this.edge || rng.chance(kind === 'valid' ? 0.6 : 0.3)) {
        query.push(`${p.name}=${encodeText(String(this.valid(p.schema ?? { type: 'string' }, p.name)))}`);
      }
    }
    if (kind === 'query-extra') {
      const extra = rng.pick(['unknown=1', '__proto__=x', 'constructor[prototype]=1', 'a[b]=c', '=', '&&&', '%00=1', 'x=%']);
      query.push(extra);
      notes.push(`query ${extra}`);
    }

    const headers: Record<string, string> = {};
    let payload: string | Buffer | undefined;
    if (op.body) {
      let body = this.valid(op.body, undefined);
      if (kind === 'body-field' || edgeTarget === 'body') {
        const [mutated, where] = this.mutateOne(body, op.body, kind === 'edge' ? (s) => this.edgeValue(s) : (s) => this.hostile(s));
        body = mutated;
        notes.push(`body${where}`);
      } else if (kind === 'body-missing') {
        const required = (op.body.required as string[] | undefined) ?? [];
        if (required.length > 0 && body && typeof body === 'object') {
          const name = rng.pick(required);
          delete (body as Record<string, unknown>)[name];
          notes.push(`without body.${name}`);
        } else {
          body = undefined;
          notes.push('no body');
        }
      } else if (kind === 'body-extra' && body && typeof body === 'object' && !Array.isArray(body)) {
        const key = rng.pick(['extra', 'isAdmin', '__proto__', 'id', '\u202E', 'x'.repeat(300), '']);
        (body as Record<string, unknown>)[key] = rng.pick([1, 'x', null, { nested: true }]);
        notes.push(`extra body.${key.slice(0, 20)}`);
      }
      if (body !== undefined) {
        payload = toJsonText(body);
        headers['content-type'] = 'application/json';
      }
    }
    if (kind === 'body-whole') {
      const [text, type] = rng.pick(HOSTILE_BODIES);
      payload = text;
      if (type) headers['content-type'] = type;
      else delete headers['content-type'];
      notes.push(`body ${JSON.stringify(text.slice(0, 30))} as ${type || '(no type)'}`);
    }
    if (kind === 'multipart') {
      const [body, type, note] = this.multipart();
      payload = body;
      headers['content-type'] = type;
      notes.push(note);
    }
    if (kind === 'header') {
      const extra = rng.pick(HOSTILE_HEADERS);
      Object.assign(headers, extra);
      notes.push(`header ${JSON.stringify(extra).slice(0, 60)}`);
    }
    const url = query.length ? `${path}?${query.join('&')}` : path;
    return { method: op.method, url, headers, payload, note: notes.join(' ') };
  }

  /** A multipart/form-data form: a file with an odd name or type, and fields the handler may or may not know. */
  private multipart(): [Buffer, string, string] {
    const rng = this.rng;
    const boundary = `fuzz${rng.int(0, 1e9)}`;
    const parts: Buffer[] = [];
    const notes: string[] = [];
    // Mostly with a parent that exists first, as an upload of a file names where it goes.
    if (rng.chance(0.7)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="parentId"\r\n\r\nsyn${this.idOf('entity')}\r\n`));
    const fields = rng.int(0, 2);
    for (let i = 0; i < fields; i++) {
      const name = rng.pick(['parentId', 'name', 'fieldKey', 'field', 'key', 'md5', 'description', 'kind', 'file', '__proto__', 'x\u0000', '']);
      const value = rng.pick([`syn${this.idOf('entity')}`, String(this.idOf('any')), 'a\u0000b', 'x'.repeat(20_000), '', 'duc', 'attachments', '0'.repeat(32), rng.pick(HOSTILE_STRINGS)]);
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
      notes.push(`${name}=${describe(value)}`);
    }
    if (rng.chance(0.8)) {
      const filename = rng.pick(['a.txt', 'x'.repeat(5000), '../../etc/passwd', 'a\u0000b.txt', '', '𝕏.pdf', '\u202Etxt.exe', 'a"b.txt', 'CON', '.']);
      const type = rng.pick(['text/plain', 'application/pdf', 'x'.repeat(300), '', 'text/html; charset=utf-16', 'image/svg+xml']);
      const content = rng.pick([Buffer.from('hello'), Buffer.alloc(0), Buffer.from([0, 0xff, 0xfe, 0])]);
      parts.push(Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` + (type ? `Content-Type: ${type}\r\n` : '') + '\r\n'),
        content, Buffer.from('\r\n'),
      ]));
      notes.push(`file ${describe(filename)} as ${describe(type)}`);
    }
    if (rng.chance(0.9)) parts.push(Buffer.from(`--${boundary}--\r\n`));
    else notes.push('unterminated');
    return [Buffer.concat(parts), `multipart/form-data; boundary=${boundary}`, `multipart ${notes.join(', ')}`];
  }

  /** Ids of a kind that exist, else any id that exists. */
  private idOf(kind: string): number {
    const ids = this.pools.ids[kind] ?? this.pools.ids.any;
    return this.rng.pick(ids.length ? ids : [1]);
  }

  /** A path parameter that names something that exists (or almost). */
  private pathValue(op: Operation, p: Parameter): string {
    const rng = this.rng;
    if (p.schema?.enum) return String(rng.pick(p.schema.enum as unknown[]));
    if (p.name === 'name' || p.name === 'group') return rng.pick(this.pools.names);
    if (p.name === 'type') return rng.pick(['entity', 'team', 'Entity']);
    if (p.name === 'kind') return rng.pick(['approved', 'rejected', 'revoked', 'reminder', 'expiring', 'nonsense']);
    const segments = op.path.split('/');
    const before = segments[segments.indexOf(`{${p.name}}`) - 1] ?? '';
    // The parameter's own name when it says what it is (userId, blobId), else the segment before it.
    const kind = p.name === 'id' || p.name === 'rid' || p.name === 'iid' ? idKind(before) : idKind(p.name);
    const id = this.idOf(kind === 'project' || kind === 'downloadlist' ? 'entity' : kind);
    if (/syn/i.test(p.description ?? '') || kind === 'entity' || kind === 'project') return rng.chance(0.8) ? `syn${id}` : String(id);
    return String(id);
  }

  /** A value of the schema's shape, preferring small numbers and values that exist. */
  valid(schema: Schema | undefined, name: string | undefined, depth = 0): unknown {
    const rng = this.rng;
    if (!schema || typeof schema !== 'object') return 'x';
    if (schema.const !== undefined) return schema.const;
    if (Array.isArray(schema.enum)) return rng.pick(schema.enum as unknown[]);
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(schema[key])) return this.valid(rng.pick(schema[key] as Schema[]), name, depth);
    }
    if (Array.isArray(schema.allOf)) {
      const merged: Schema = {};
      for (const part of schema.allOf as Schema[]) Object.assign(merged, part);
      return this.valid(merged, name, depth);
    }
    if (schema.default !== undefined && rng.chance(0.2)) return schema.default;
    const type = Array.isArray(schema.type) ? rng.pick(schema.type as string[]) : (schema.type as string | undefined);
    switch (type) {
      case 'null':
        return null;
      case 'boolean':
        return rng.chance(0.5);
      case 'integer':
      case 'number': {
        const lo = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 0;
        const hi = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - 1 : 1000;
        const idLike = name !== undefined && /id$/i.test(name);
        const candidates = [lo, hi, ...(idLike ? [this.idOf(idKind(name)), this.idOf(idKind(name))] : [1, 2, 3, 7, 30, 90, 365])]
          .filter((n) => n >= lo && n <= hi);
        return candidates.length ? rng.pick(candidates) : lo;
      }
      case 'array': {
        const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const max = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, min + 3);
        const n = depth > 4 ? min : rng.int(min, Math.max(min, max));
        return Array.from({ length: n }, () => this.valid(schema.items as Schema | undefined, name?.replace(/s$/, ''), depth + 1));
      }
      case 'object': {
        const out: Record<string, unknown> = {};
        const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
        const required = new Set((schema.required as string[] | undefined) ?? []);
        for (const [key, sub] of Object.entries(props)) {
          if (required.has(key) || (depth < 4 && (this.edge || rng.chance(0.5)))) out[key] = this.valid(sub, key, depth + 1);
        }
        return out;
      }
      case 'string':
      default:
        return this.text(schema, name);
    }
  }

  private text(schema: Schema, name: string | undefined): string {
    const rng = this.rng;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
    // Dates the format admits, plain ones and odd ones: a leap second, lower case, a space, year 0, far offsets.
    if (schema.format === 'date-time') {
      return rng.chance(0.5)
        ? rng.pick(['2026-03-02T09:00:00Z', '2026-06-01T00:00:00.000Z', '2027-01-01T00:00:00Z', '2025-01-01T00:00:00Z'])
        : rng.pick(EDGE_DATE_TIMES);
    }
    if (schema.format === 'date') return rng.pick(['2026-03-02', '2026-12-31', '2025-01-01', '0000-01-01', '9999-12-31', '2024-02-29']);
    // Text the schema admits but a use case may not expect: only blanks, invisible, or as long as allowed in
    // characters outside the BMP (maxLength counts code points; a UTF-16 length would be twice that).
    if (rng.chance(0.2)) {
      const edge = rng.pick([' ', '\u200b', '𝕏', 'é', '\u0301', '\t']);
      const n = rng.chance(0.5) ? Math.max(min, 1) : Math.min(max, 10_000);
      if (n >= min && n <= max && (typeof schema.pattern !== 'string' || new RegExp(schema.pattern, 'u').test(edge.repeat(n)))) return edge.repeat(n);
    }
    if (schema.format === 'email') return rng.pick(['fuzz@example.org', 'alice@demo.gatehouse.test']);
    const candidates: string[] = [];
    if (name && /id$/i.test(name)) {
      const id = this.idOf(idKind(name));
      candidates.push(...(idKind(name) === 'entity' ? [`syn${id}`, String(id)] : [String(id), `syn${id}`]));
    }
    if (name && /name|group/i.test(name)) candidates.push(rng.pick(this.pools.names));
    candidates.push(`fuzz ${rng.int(0, 9999)}`, 'a', String(rng.int(1, 30)), `syn${this.idOf('entity')}`);
    if (typeof schema.pattern === 'string') {
      const re = new RegExp(schema.pattern);
      const found = candidates.find((c) => re.test(c) && c.length >= min && c.length <= max);
      if (found) return found;
    }
    const text = candidates.find((c) => c.length >= min && c.length <= max) ?? 'x'.repeat(Math.max(min, 1));
    return text.length < min ? text.padEnd(min, 'x') : text;
  }

  /** Replaces one node of a valid value (or the value itself) with something hostile for its schema. */
  private mutateOne(value: unknown, schema: Schema, replace: (schema: Schema | undefined) => unknown): [unknown, string] {
    const rng = this.rng;
    const nodes: { path: string; schema: Schema | undefined; set: (v: unknown) => void }[] = [];
    let root = value;
    nodes.push({ path: '', schema, set: (v) => void (root = v) });
    const walk = (v: unknown, s: Schema | undefined, path: string, depth: number) => {
      if (depth > 5 || !v || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        v.forEach((item, i) => {
          nodes.push({ path: `${path}.${i}`, schema: s?.items as Schema | undefined, set: (x) => void (v[i] = x) });
          walk(item, s?.items as Schema | undefined, `${path}.${i}`, depth + 1);
        });
        return;
      }
      const props = (s?.properties as Record<string, Schema> | undefined) ?? {};
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        nodes.push({ path: `${path}.${k}`, schema: props[k], set: (x) => void ((v as Record<string, unknown>)[k] = x) });
        walk(item, props[k], `${path}.${k}`, depth + 1);
      }
    };
    walk(value, schema, '', 0);
    // Prefer a field over the whole body; the whole body is body-whole's job.
    const node = nodes.length > 1 ? rng.pick(nodes.slice(1)) : nodes[0];
    const hostile = replace(node.schema);
    node.set(hostile);
    return [root, `${node.path}=${describe(hostile)}`];
  }

  /** A value the schema admits, at an edge: an odd date, the longest or blankest text, the extreme numbers. */
  edgeValue(schema: Schema | undefined): unknown {
    const rng = this.rng;
    if (!schema) return this.valid(schema, undefined);
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (Array.isArray(schema[key])) return this.edgeValue(rng.pick(schema[key] as Schema[]));
    }
    if (schema.enum || schema.const !== undefined) return this.valid(schema, undefined);
    if (schema.format === 'date-time') return rng.pick(EDGE_DATE_TIMES);
    if (schema.format === 'date') return rng.pick(['0001-01-01', '9999-12-31', '2024-02-29', '2026-02-28']);
    const type = Array.isArray(schema.type) ? rng.pick(schema.type as string[]) : schema.type;
    if (type === 'integer' || type === 'number') {
      const lo = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const hi = typeof schema.maximum === 'number' ? schema.maximum : 2 ** 31 - 1;
      return rng.pick([lo, hi, hi - 1, lo + 1]);
    }
    if (type === 'string') {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const max = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 10_000, 10_000);
      const unit = rng.pick([' ', '\u200b', '𝕏', 'é', '\u0301', 'x', '%', '_', '\\', "'"]);
      const n = rng.pick([max, Math.max(min, 1)]);
      const text = unit.repeat(n);
      if (typeof schema.pattern !== 'string' || new RegExp(schema.pattern, 'u').test(text)) return text;
      return this.valid(schema, undefined);
    }
    if (type === 'array') {
      const max = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 50, 1000);
      const item = this.valid(schema.items as Schema | undefined, undefined);
      return rng.pick([[], Array<unknown>(max).fill(item)]).slice(0, Math.max(max, typeof schema.minItems === 'number' ? schema.minItems : 0));
    }
    return this.valid(schema, undefined);
  }

  private hostile(schema: Schema | undefined): unknown {
    const rng = this.rng;
    const types = JSON.stringify(schema ?? {});
    const pools: unknown[][] = [WRONG_TYPES];
    if (/"string"/.test(types)) pools.push(HOSTILE_STRINGS, HOSTILE_STRINGS);
    if (/"integer"|"number"/.test(types)) pools.push(HOSTILE_NUMBERS, HOSTILE_NUMBERS);
    if (/"array"/.test(types)) pools.push([Array.from({ length: 1000 }, (_, i) => i + 1), Array(5).fill('\u0000'), [1, 1, 1], [-1]]);
    if (pools.length === 1) pools.push(HOSTILE_STRINGS, HOSTILE_NUMBERS);
    return rng.pick(rng.pick(pools));
  }
}

/** Percent-encoding that does not throw on a lone surrogate: it goes as the bytes of U+FFFD. */
function encodeText(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

function describe(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
}

/** JSON text, with RawJson written as is. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}

/** One row written, as the trigger saw it. */
export interface Write {
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
  old: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
}

/**
 * A write a refused request may make, because recording the refusal is the point. Everything else a refused
 * request writes is a partial write.
 */
export interface AllowedWrite {
  table: string;
  /** Only these columns changed (an UPDATE). */
  columns?: string[];
  /** Only rows like this. */
  rows?: (row: Record<string, unknown>) => boolean;
  op?: Write['op'];
  why: string;
}

/**
 * Sees every row written to the database, by a trigger on every table. Cheaper and more precise than hashing
 * every table around each request: a check is one query, and it names the table and the row. Sequences are
 * not rows: a refused INSERT may use up an id, which changes no content.
 */
export class WriteWatch {
  private constructor(private readonly db: Db) {}

  static async install(db: Db): Promise<WriteWatch> {
    await db.query(`CREATE TABLE fuzz_writes (seq bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL, old_row jsonb, new_row jsonb)`);
    await db.query(`CREATE FUNCTION fuzz_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          INSERT INTO fuzz_writes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP);
        ELSIF TG_OP = 'INSERT' THEN
          INSERT INTO fuzz_writes (tbl, op, new_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW));
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO fuzz_writes (tbl, op, old_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD));
        ELSIF to_jsonb(OLD) IS DISTINCT FROM to_jsonb(NEW) THEN
          INSERT INTO fuzz_writes (tbl, op, old_row, new_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD), to_jsonb(NEW));
        END IF;
        RETURN NULL;
      END $$`);
    const tables = await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'fuzz_writes' ORDER BY 1`,
    );
    for (const { name } of tables) {
      await db.query(`CREATE TRIGGER fuzz_rows AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_record()`);
      await db.query(`CREATE TRIGGER fuzz_truncate AFTER TRUNCATE ON "${name}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz_record()`);
    }
    return new WriteWatch(db);
  }

  /** The rows written since the last call. */
  async take(): Promise<Write[]> {
    const rows = await this.db.query<{ tbl: string; op: Write['op']; old_row: Write['old']; new_row: Write['new'] }>(
      'DELETE FROM fuzz_writes RETURNING seq, tbl, op, old_row, new_row',
    );
    return rows.map((r) => ({ table: r.tbl, op: r.op, old: r.old_row, new: r.new_row }));
  }
}

/** The writes that no rule allows. */
export function disallowed(writes: Write[], allowed: AllowedWrite[]): Write[] {
  return writes.filter((w) => !allowed.some((a) => {
    if (a.table !== w.table || (a.op && a.op !== w.op)) return false;
    if (a.rows && !a.rows((w.new ?? w.old)!)) return false;
    if (a.columns) {
      if (w.op !== 'UPDATE' || !w.old || !w.new) return false;
      const changed = Object.keys(w.new).filter((k) => JSON.stringify(w.new![k]) !== JSON.stringify(w.old![k]));
      return changed.every((k) => a.columns!.includes(k));
    }
    return true;
  }));
}

/** Why a response breaks the contract, or null: below 500, and every error an RFC 9457 problem document with a code. */
export function contractBreach(res: { statusCode: number; headers: Record<string, unknown>; body: string }): string | null {
  if (res.statusCode >= 500) return 'status ≥ 500';
  if (res.statusCode < 400) return null;
  if (!/^application\/problem\+json/.test(String(res.headers['content-type'] ?? ''))) return `content-type ${String(res.headers['content-type'] ?? '(none)')}`;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return 'body is no JSON';
  }
  for (const key of ['type', 'title', 'code'] as const) if (typeof doc?.[key] !== 'string' || doc[key] === '') return `no ${key}`;
  if (doc.status !== res.statusCode) return `status ${String(doc.status)} in the body`;
  return null;
}
