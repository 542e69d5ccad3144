import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { parseId } from '../infra/ids.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { requireUser } from '../identity/caller.js';
import * as blocks from './blocks.js';
import * as copies from './copies.js';
import * as remarks from './remarks.js';
import { returnSubmission } from './returns.js';
import { BlockSchema, RemarkBody, RemarkSchema, RequestRulesSchema, RequestSchema, SubmissionSchema } from './schemas.js';

/** Data access requests, round 2 (issue 14): return for changes, the thread, copy and delete, the block list. */
export function requestRound2Routes(app: Http, ctx: AppContext): void {
  const tags = ['data access requests'];
  const IdParams = Type.Object({ id: Type.String() });
  const requestId = (raw: string) => parseId(raw, 'request id');

  app.post('/api/v1/submissions/:id/return', {
    schema: {
      tags,
      summary: 'Return a submitted version to the requestor for changes, with a comment (ACT, reviewers): RETURNED, not rejected; the comment opens the thread (attach files to its remark)',
      params: IdParams,
      body: Type.Object({ comment: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ submission: SubmissionSchema, remark: Type.Union([RemarkSchema, Type.Null()], { description: 'null on a retry' }) }) },
    },
  }, async (request) => returnSubmission(ctx, requireUser(request), parseId(request.params.id, 'submission id'), request.body.comment));

  app.get('/api/v1/requests/:id/remarks', {
    schema: {
      tags,
      summary: "The request's thread, oldest first: remarks, return comments, answers (reviewers see private remarks; the requestor and accessors the visible ones)",
      params: IdParams,
      querystring: Type.Object(PageQuery),
      response: { 200: Page(RemarkSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await remarks.listRemarks(ctx, requireUser(request), requestId(request.params.id), { limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.post('/api/v1/requests/:id/remarks', {
    schema: {
      tags,
      summary: 'Write a remark (ACT, reviewers: private or visible, at any state) or answer a visible one (requestor, with replyTo); the other side is notified',
      params: IdParams,
      body: RemarkBody,
      response: { 201: RemarkSchema },
    },
  }, async (request, reply) => {
    const remark = await remarks.addRemark(ctx, requireUser(request), requestId(request.params.id), request.body);
    reply.status(201);
    return remark;
  });

  app.post('/api/v1/requests/:id/copy', {
    schema: {
      tags,
      summary: 'Start a new request from this one (requestor): every answer and accessor copied, files kept; for the same AR (once revoked) or another',
      params: IdParams,
      body: Type.Object({ accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 201: RequestSchema },
    },
  }, async (request, reply) => {
    const copy = await copies.copyAsNew(ctx, requireUser(request), requestId(request.params.id), request.body);
    reply.status(201);
    return copy;
  });

  app.delete('/api/v1/requests/:id', {
    schema: { tags, summary: 'Delete a draft never submitted (requestor)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await copies.deleteDraft(ctx, requireUser(request), requestId(request.params.id));
    reply.status(204).send(null);
  });

  app.get('/api/v1/request-blocks', {
    schema: {
      tags,
      summary: 'The block list (ACT): users blocked from requesting an access requirement, standing blocks unless all=true, newest first',
      querystring: Type.Object({ ...PageQuery, accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })), all: Type.Optional(Type.Boolean()) }),
      response: { 200: Page(BlockSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await blocks.listBlocks(ctx, requireUser(request), { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.post('/api/v1/request-blocks/:id/lift', {
    schema: { tags, summary: 'Lift a block (ACT): the user may submit requests for the access requirement again', params: IdParams, response: { 200: BlockSchema } },
  }, async (request) => blocks.liftBlock(ctx, requireUser(request), parseId(request.params.id, 'block id')));

  app.get('/api/v1/access-requirements/:id/request-rules', {
    schema: { tags, summary: "The access requirement's automatic handling of submissions (ACT)", params: IdParams, response: { 200: RequestRulesSchema } },
  }, async (request) => blocks.getRules(ctx, requireUser(request), parseId(request.params.id, 'access requirement id')));

  app.put('/api/v1/access-requirements/:id/request-rules', {
    schema: {
      tags,
      summary: "Set the access requirement's automatic handling of submissions (ACT); decisions it takes are recorded as the system's, with the rule",
      params: IdParams,
      body: Type.Object({ approveWhenValidated: Type.Optional(Type.Boolean()), rejectWhenBlocked: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: RequestRulesSchema },
    },
  }, async (request) => blocks.putRules(ctx, requireUser(request), parseId(request.params.id, 'access requirement id'), request.body));
}
