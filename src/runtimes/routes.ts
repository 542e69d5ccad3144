import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseEntityId, parseId } from '../infra/ids.js';
import { requireUser } from '../identity/caller.js';
import * as runtimes from './runtimes.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union([Type.Literal('running'), Type.Literal('stopping'), Type.Literal('stopped'), Type.Literal('stop_failed')]);
const Kind = Type.Union([Type.Literal('vm'), Type.Literal('notebook'), Type.Literal('other')]);

const RuntimeSchema = Type.Object({
  id: Type.Integer(),
  projectId: Type.String(),
  userId: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  kind: Kind,
  externalId: nullable(Type.String({ description: "The orchestrator's own id" })),
  status: Status,
  createdAt: date,
  stopRequestedAt: nullable(date),
  stopRequestedBy: nullable(Type.Integer()),
  stopReason: nullable(Type.String()),
  stoppedAt: nullable(date),
  orchestratorResult: nullable(Type.Object({
    delivered: Type.Boolean(),
    status: nullable(Type.Integer()),
    body: nullable(Type.String()),
    error: nullable(Type.String()),
    at: date,
  })),
});

const IdParams = Type.Object({ id: Type.String({ description: 'Runtime id' }) });
const tags = ['runtimes'];

/** Analysis runtimes (SPEC §9): the API a compute orchestrator calls, and stopping through the orchestrator. */
export function runtimeRoutes(app: Http, ctx: AppContext): void {
  app.post('/api/v1/runtimes', {
    schema: {
      tags,
      summary: 'Register an analysis runtime in a project (COMPUTE on the project; the authorization domain applies)',
      body: Type.Object({
        projectId: Type.Union([Type.String({ pattern: '^(?:[sS][yY][nN])?\\d{1,15}$' }), Type.Integer({ minimum: 1 })]),
        name: Type.String({ minLength: 1, maxLength: 256 }),
        kind: Kind,
        externalId: Type.Optional(Type.String({ maxLength: 256 })),
      }, { additionalProperties: false }),
      response: { 201: RuntimeSchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const { projectId, name, kind, externalId } = request.body;
    const created = await runtimes.registerRuntime(ctx, user, { projectId: parseEntityId(String(projectId)), name, kind, externalId });
    reply.status(201);
    return created;
  });

  app.get('/api/v1/runtimes', {
    schema: {
      tags,
      summary: 'My runtimes, newest first (platform administrators: everyone\'s, userId filters)',
      querystring: Type.Object({
        ...PageQuery,
        projectId: Type.Optional(Type.String()),
        status: Type.Optional(Status),
        userId: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
      response: { 200: Page(RuntimeSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const q = request.query;
    const { items, total } = await runtimes.listRuntimes(ctx, user, {
      projectId: q.projectId === undefined ? undefined : parseEntityId(q.projectId), status: q.status, userId: q.userId,
    }, q);
    return pageOf(items, total, q);
  });

  app.get('/api/v1/runtimes/:id', {
    schema: { tags, summary: 'One runtime (its user, the project owner, platform administrators)', params: IdParams, response: { 200: RuntimeSchema } },
  }, async (request) => runtimes.getRuntime(ctx, requireUser(request), parseId(request.params.id, 'runtime id')));

  app.post('/api/v1/runtimes/:id/stop', {
    schema: {
      tags,
      summary: 'Ask the orchestrator to stop the runtime (signed webhook) and record its answer: stopped, or stop_failed',
      params: IdParams,
      body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
      response: { 200: RuntimeSchema },
    },
    preValidation: async (request) => {
      request.body ??= {};
    },
  }, async (request) => runtimes.stopRuntime(ctx, requireUser(request), parseId(request.params.id, 'runtime id'), request.body.reason ?? ''));
}
