import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import client from 'prom-client';
import { Problem } from './problem.js';
import { describeFieldErrors, fromAjv, MAX_FIELD_ERRORS, onePerField } from './fielderrors.js';
import { enterRequestScope } from './requestscope.js';
import {
  boundNumbers, clientError, coerceTextFields, frameworkError, instantFormats, MAX_PARAM_LENGTH, refuseForeignCharset, refuseNulCharacters,
} from './boundary.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The documentation page's way back to the web app (served as /api/docs/static/theme/back-to-app.js). */
const BACK_TO_APP_JS = `document.addEventListener('DOMContentLoaded', function () {
  var bar = document.createElement('nav');
  bar.className = 'gh-back-bar';
  bar.setAttribute('aria-label', 'Gatehouse');
  var link = document.createElement('a');
  link.href = '/';
  link.textContent = '\u2190 Back to Gatehouse';
  bar.appendChild(link);
  document.body.insertBefore(bar, document.body.firstChild);
});
`;
const BACK_TO_APP_CSS = `.gh-back-bar { background: #1f2a44; padding: 10px 20px; font: 600 15px/1.4 system-ui, sans-serif; }
.gh-back-bar a { color: #fff; text-decoration: none; }
.gh-back-bar a:hover, .gh-back-bar a:focus-visible { text-decoration: underline; outline: 2px solid #fff; outline-offset: 2px; }
`;

export type Http = FastifyInstance<any, any, any, Logger, TypeBoxTypeProvider>;

export interface HttpOptions {
  log: Logger;
  bodyLimitBytes: number;
  publicUrl: string;
  version: string;
  /** Proxies whose X-Forwarded-* headers are believed (addresses or CIDRs); none by default (docs/adr/0015). */
  trustedProxies?: string[];
}

/**
 * A Fastify server that knows nothing of Gatehouse's capabilities: JSON-schema validation (bodies are not
 * coerced, unknown fields are refused where a schema says so), RFC 9457 problem documents for every error,
 * the OpenAPI document, Prometheus metrics and health probes.
 */
export async function createHttpServer(opts: HttpOptions): Promise<Http> {
  const app = Fastify({
    loggerInstance: opts.log,
    bodyLimit: opts.bodyLimitBytes,
    trustProxy: opts.trustedProxies?.length ? opts.trustedProxies : false,
    ajv: undefined,
    // Router settings go in routerOptions: given at the top level, Fastify 5 warns (FSTDEP022) and Fastify 6 drops them.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkError, clientErrorHandler: clientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // First hook of every request: what the request does from here on runs in its scope.
  app.addHook('onRequest', (_request, _reply, done) => enterRequestScope(done));
  // Bad input is refused here for every route, before a handler or the database sees it (src/infra/boundary.ts).
  app.addHook('preParsing', refuseForeignCharset);
  app.addHook('preValidation', refuseNulCharacters);

  // JSON bodies are taken as sent. Query strings, path parameters and headers arrive as text: a field is read
  // as the number or boolean its schema asks for only when spelled plainly (src/infra/boundary.ts), never by
  // Ajv's loose coercion. Infinity and NaN are no numbers (JSON.parse reads 1e309 as Infinity).
  const strict = addFormats(new Ajv({ allErrors: true, verbose: true, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false, strictNumbers: true }));
  const rfc3339 = fullFormats as unknown as Record<'date' | 'date-time', { validate: (s: string) => boolean }>;
  for (const [name, validate] of Object.entries(instantFormats({ date: rfc3339.date.validate, dateTime: rfc3339['date-time'].validate }))) {
    strict.addFormat(name, { type: 'string', validate });
  }
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const validate = strict.compile(schema);
    if (httpPart === 'body') return validate;
    const validateText = (data: unknown) => {
      coerceTextFields(schema, data);
      const valid = validate(data);
      validateText.errors = validate.errors;
      return valid;
    };
    validateText.errors = validate.errors;
    return validateText;
  });

  app.addSchema({
    $id: 'Problem',
    type: 'object',
    description: 'RFC 9457 problem document',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', description: 'Stable machine-readable error code' },
      instance: { type: 'string' },
    },
    required: ['type', 'title', 'status', 'detail', 'code'],
    additionalProperties: true,
  });

  // Every route documents its errors as problem documents, and every number it accepts has bounds.
  app.addHook('onRoute', (route) => {
    if (!route.schema) return;
    for (const part of ['params', 'querystring', 'headers', 'body'] as const) {
      if (route.schema[part]) route.schema[part] = boundNumbers(route.schema[part]);
    }
    if (route.schema.hide) return;
    const response = (route.schema.response ??= {}) as Record<string, unknown>;
    response['4xx'] ??= { $ref: 'Problem#' };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gatehouse API',
        version: opts.version,
        description:
          'Governance server for controlled-access research data. Errors are RFC 9457 problem documents with a stable `code`.',
      },
      servers: [{ url: opts.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gh_session' },
          token: { type: 'http', scheme: 'bearer', description: 'Personal access token (gh_pat_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (json.$id as string) ?? `def-${i}` },
  });
  // The documentation page sends its own policy: no inline script either, but Swagger UI sets inline styles; never
  // framed, as every page (src/infra/security.ts).
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // A bar with a way back to the app: a same-origin script and style sheet, so the policy below needs no change.
    theme: { title: 'Gatehouse API', js: [{ filename: 'back-to-app.js', content: BACK_TO_APP_JS }], css: [{ filename: 'back-to-app.css', content: BACK_TO_APP_CSS }] },
    staticCSP: true,
    transformStaticCSP: (policy) => policy
      .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'")
      .replace(/style-src ([^;]*)/, "style-src 'self' 'unsafe-inline'")
      .replace(/img-src ([^;]*)/, "img-src 'self' data:")
      .replace(/ ?upgrade-insecure-requests;?/, opts.publicUrl.startsWith('https://') ? ' upgrade-insecure-requests;' : ''),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(cookie);

  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
    // A limit says when to come back (RFC 9110 §10.2.3), in the header and in the document.
    if (typeof problem.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(problem.extra.retryAfterSeconds));
    reply
      .status(problem.status)
      .type('application/problem+json')
      .send(problem.toJSON(request.url.split('?')[0]));
  });

  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'gatehouse_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.decorate('metrics', registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: client.Registry;
  }
}

/** Any error of a request as the problem it answers with (exported for routes that answer in another format, src/drs/). */
export function toProblem(error: FastifyError | Problem, request: FastifyRequest): Problem {
  if (error instanceof Problem) return error;
  const err = error as FastifyError & { validation?: { keyword: string; instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string };
  if (err.validation) {
    // Fields are named as the ADR on errors says: body.x, query.x, params.x, headers.x; each with a code and a
    // sentence for people (src/infra/fielderrors.ts).
    const part = err.validationContext === 'querystring' ? 'query' : err.validationContext ?? 'body';
    const errors = onePerField(err.validation.map((v) => fromAjv(part, v))).slice(0, MAX_FIELD_ERRORS);
    return new Problem(400, 'VALIDATION_FAILED', `The request is not valid: ${describeFieldErrors(errors)}.`, { errors });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted here; send application/json.`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem(400, 'BAD_CONTENT_LENGTH', 'The Content-Length header does not match the body.');
  }
  if (err instanceof SyntaxError) return new Problem(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  const database = databaseProblem(err);
  if (database) return database;
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new Problem(err.statusCode, err.code ?? 'BAD_REQUEST', err.message);
  }
  return new Problem(500, 'INTERNAL', 'Something went wrong on the server. It has been logged.');
}

/**
 * A database error that the input caused, as a 4xx (PGlite and pg both carry the SQLSTATE in `.code`): a use case
 * that missed a check must still not answer 500. Other SQLSTATEs are the server's fault and stay 500.
 */
export function databaseProblem(err: { code?: unknown; severity?: unknown }): Problem | null {
  const code = typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : null;
  if (!code) return null;
  switch (code) {
    case '23505':
      return new Problem(409, 'CONFLICT', 'That conflicts with something that already exists.');
    case '23503':
      return new Problem(409, 'REFERENCE_CONFLICT', 'That refers to something that does not exist, or something else still refers to it.');
    case '23P01':
      return new Problem(409, 'CONFLICT', 'That conflicts with something that already exists.');
    case '23502':
    case '23514':
      return new Problem(400, 'BAD_VALUE', 'A value in the request is missing or not allowed.');
    case '22001':
      return new Problem(400, 'VALUE_TOO_LONG', 'A value in the request is longer than the server can store.');
    case '54000':
      return new Problem(400, 'VALUE_TOO_LARGE', 'A value in the request is larger than the server can store or index.');
    case '22021':
    case '22P05':
      return new Problem(400, 'BAD_TEXT', 'A text value in the request holds a character the server cannot store (such as U+0000).');
    case '22007':
    case '22008':
      return new Problem(400, 'BAD_DATETIME', 'A date or time in the request is malformed or out of range.');
  }
  // Class 22, data exception: a value out of range or malformed (22P02, 22003, an unterminated LIKE escape …).
  if (code.startsWith('22')) return new Problem(400, 'BAD_VALUE', 'A value in the request is out of range or malformed.');
  return null;
}
