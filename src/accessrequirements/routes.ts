import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseEntityId, parseId } from '../infra/ids.js';
import { requireAct, requireUser } from '../identity/caller.js';
import type { Viewer } from '../entities/access.js';
import * as requirements from './requirements.js';
import * as approvals from './approvals.js';
import * as restrictions from './restrictions.js';
import { ConditionStatusSchema, MyConditionsSchema, conditionStatus, myConditions } from './conditions.js';
import { lockEntity } from './lock.js';
import { setDataClass, setDataType } from './data-type.js';
import type { AccessRequirementView, SubjectRef, SubjectType } from './store.js';
import {
  AcceptBody, AccessRequirementSchema, ActionsRequiredSchema, ApprovalQuery, ApprovalSchema, ArAclBody, ArAclSchema, ArType,
  EntityIdInput, GrantBody, NewAccessRequirementBody, RestrictionInformationSchema, StatusSchema, SubjectInput,
  UpdateAccessRequirementBody, VersionSchema,
} from './schemas.js';


const tags = ['access requirements'];
const IdParams = Type.Object({ id: Type.String({ description: 'Access requirement id' }) });
const EntityParams = Type.Object({ id: Type.String({ description: 'Entity id, e.g. syn123' }) });
const NoContent = { 204: Type.Null() };

const arId = (raw: string) => parseId(raw, 'access requirement id');
const entityId = (raw: string | number) => parseEntityId(String(raw));

function subjectOf(type: SubjectType, raw: string | number): SubjectRef {
  return type === 'entity' ? { type, id: entityId(raw) } : { type, id: parseId(raw, 'team id') };
}

/** The signed-in caller, or null: reads of AR texts and restrictions are open to anonymous callers. */
function viewerOf(request: FastifyRequest): Viewer {
  const user = request.caller.user;
  return user ? { id: user.id, acceptedTerms: user.acceptedTerms } : null;
}

/** The AR(s) with their bindings named for this caller. */
const named = async (ctx: AppContext, request: FastifyRequest, view: AccessRequirementView) =>
  (await requirements.withSubjectNames(ctx, request.caller.user?.id ?? null, [view]))[0];

/** Access requirements, approvals and entity restrictions (SPEC §4, §6): HTTP in, one use case out. */
export function accessRequirementRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/access-requirements', {
    schema: {
      tags,
      summary: 'Access requirements, by id; filter by type or by what they are bound to',
      security: [],
      querystring: Type.Object({
        ...PageQuery,
        type: Type.Optional(ArType),
        subjectType: Type.Optional(Type.Union([Type.Literal('entity'), Type.Literal('team')], { default: 'entity' })),
        subjectId: Type.Optional(Type.String({ description: 'Bound directly to this entity (syn123) or team' })),
      }),
      response: { 200: Page(AccessRequirementSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const subject = q.subjectId === undefined ? undefined : subjectOf(q.subjectType ?? 'entity', q.subjectId);
    const { items, total } = await requirements.listRequirements(ctx, {
      type: q.type, subject, limit: q.limit ?? 50, offset: q.offset ?? 0,
    });
    return pageOf(await requirements.withSubjectNames(ctx, request.caller.user?.id ?? null, items), total, q);
  });

  app.post('/api/v1/access-requirements', {
    schema: { tags, summary: 'Create an access requirement (ACT), optionally bound at once', body: NewAccessRequirementBody, response: { 201: AccessRequirementSchema } },
  }, async (request, reply) => {
    const actor = requireAct(request);
    const { subjects, ...rest } = request.body;
    const created = await requirements.createRequirement(ctx, actor, { ...rest, subjects: subjects?.map((s) => subjectOf(s.type, s.id)) });
    reply.status(201);
    return named(ctx, request, created);
  });

  app.get('/api/v1/access-requirements/:id', {
    schema: { tags, summary: 'One access requirement, with its current text and bindings', security: [], params: IdParams, response: { 200: AccessRequirementSchema } },
  }, async (request) => named(ctx, request, await requirements.getRequirement(ctx, arId(request.params.id))));

  app.put('/api/v1/access-requirements/:id', {
    schema: {
      tags,
      summary: 'Update an access requirement (ACT): a new version; needs the current etag (412 when stale)',
      params: IdParams,
      body: UpdateAccessRequirementBody,
      response: { 200: AccessRequirementSchema },
    },
  }, async (request) => {
    const actor = requireAct(request);
    return named(ctx, request, await requirements.updateRequirement(ctx, actor, arId(request.params.id), request.body));
  });

  app.delete('/api/v1/access-requirements/:id', {
    schema: { tags, summary: 'Delete an access requirement (ACT); it stops applying at once', params: IdParams, response: NoContent },
  }, async (request, reply) => {
    const actor = requireAct(request);
    await requirements.deleteRequirement(ctx, actor, arId(request.params.id));
    reply.status(204).send(null);
  });

  app.get('/api/v1/access-requirements/:id/versions', {
    schema: {
      tags, summary: 'Every version of the text and settings, newest first', security: [], params: IdParams,
      querystring: Type.Object(PageQuery), response: { 200: Page(VersionSchema) },
    },
  }, async (request) => {
    const { items, total } = await requirements.listVersions(ctx, arId(request.params.id), { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 });
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/access-requirements/:id/subjects', {
    schema: {
      tags,
      summary: 'Bind to an entity (applies to it and everything below) or to a team (must be met to join) (ACT)',
      params: IdParams,
      body: SubjectInput,
      response: { 201: AccessRequirementSchema },
    },
  }, async (request, reply) => {
    const actor = requireAct(request);
    const result = await requirements.bindSubject(ctx, actor, arId(request.params.id), subjectOf(request.body.type, request.body.id));
    reply.status(201);
    return named(ctx, request, result);
  });

  app.delete('/api/v1/access-requirements/:id/subjects/:type/:subjectId', {
    schema: {
      tags,
      summary: 'Unbind from an entity or a team (ACT)',
      params: Type.Object({ id: Type.String(), type: Type.Union([Type.Literal('entity'), Type.Literal('team')]), subjectId: Type.String() }),
      response: { 200: AccessRequirementSchema },
    },
  }, async (request) => {
    const actor = requireAct(request);
    return named(ctx, request, await requirements.unbindSubject(ctx, actor, arId(request.params.id), subjectOf(request.params.type, request.params.subjectId)));
  });

  app.get('/api/v1/access-requirements/:id/acl', {
    schema: { tags, summary: "The AR's own ACL: REVIEW_SUBMISSIONS and EXEMPTION_ELIGIBLE (ACT and reviewers)", params: IdParams, response: { 200: ArAclSchema } },
  }, async (request) => requirements.getAcl(ctx, requireUser(request), arId(request.params.id)));

  app.put('/api/v1/access-requirements/:id/acl', {
    schema: { tags, summary: "Replace the AR's own ACL (ACT); takes effect on the next decision", params: IdParams, body: ArAclBody, response: { 200: ArAclSchema } },
  }, async (request) => requirements.putAcl(ctx, requireAct(request), arId(request.params.id), request.body.entries));

  app.get('/api/v1/access-requirements/:id/status', {
    schema: { tags, summary: 'Whether I am approved for this access requirement, until when, and my approvals', params: IdParams, response: { 200: StatusSchema } },
  }, async (request) => approvals.approvalStatus(ctx, requireUser(request), arId(request.params.id)));

  app.post('/api/v1/access-requirements/:id/accept', {
    schema: {
      tags,
      summary: 'Approve myself for a TermsOfUse or SelfSign access requirement (click-wrap) after reading its text: ' +
        'send the version read; 409 TERMS_CHANGED (with the current text) when it is not the version in force, 400 without it',
      params: IdParams,
      body: AcceptBody,
      response: { 200: ApprovalSchema, 201: ApprovalSchema },
    },
  }, async (request, reply) => {
    const { approval, created } = await approvals.acceptRequirement(ctx, requireUser(request), arId(request.params.id), request.body?.version);
    reply.status(created ? 201 : 200);
    return approval;
  });

  app.get('/api/v1/access-approvals', {
    schema: {
      tags: ['access approvals'],
      summary: 'Approvals, newest first (ACT; reviewers for their ARs; anyone for their own)',
      querystring: Type.Object({ ...PageQuery, ...ApprovalQuery.properties }),
      response: { 200: Page(ApprovalSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await approvals.listApprovals(ctx, requireUser(request), {
      accessRequirementId: q.accessRequirementId, accessorId: q.accessorId, state: q.state, limit: q.limit ?? 50, offset: q.offset ?? 0,
    });
    return pageOf(items, total, q);
  });

  app.post('/api/v1/access-approvals', {
    schema: { tags: ['access approvals'], summary: 'Approve a user for an access requirement (ACT); the user is told', body: GrantBody, response: { 201: ApprovalSchema } },
  }, async (request, reply) => {
    const approval = await approvals.grantApproval(ctx, requireAct(request), request.body);
    reply.status(201);
    return approval;
  });

  app.post('/api/v1/access-approvals/:id/revoke', {
    schema: {
      tags: ['access approvals'],
      summary: "Revoke one approval (ACT); the accessor's other approvals stay; the accessor is told the reason",
      params: Type.Object({ id: Type.String() }),
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: ApprovalSchema },
    },
  }, async (request) => approvals.revokeApproval(ctx, requireAct(request), parseId(request.params.id, 'approval id'), request.body.reason));

  // ---- On entities ----------------------------------------------------------------------------------------

  app.get('/api/v1/entities/:id/access-requirements', {
    schema: { tags, summary: 'The access requirements on the entity and its ancestors: what applies to it', security: [], params: EntityParams, response: { 200: Type.Object({ items: Type.Array(AccessRequirementSchema) }) } },
  }, async (request) => restrictions.requirementsOnEntity(ctx, viewerOf(request), entityId(request.params.id)));

  app.post('/api/v1/entities/:id/lock', {
    schema: {
      tags,
      summary: 'Lock an entity until ACT acts (Data Owner or ACT): a Lock access requirement bound to it',
      params: EntityParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false }),
      response: { 201: AccessRequirementSchema },
    },
  }, async (request, reply) => {
    const result = await lockEntity(ctx, requireUser(request), entityId(request.params.id), request.body.reason);
    reply.status(201);
    return named(ctx, request, result);
  });

  app.put('/api/v1/entities/:id/data-type', {
    schema: {
      tags,
      summary: 'Set the data type of an entity (ACT or admin); OPEN_DATA is not inherited',
      params: EntityParams,
      body: Type.Object({ dataType: Type.Union([Type.Literal('OPEN_DATA'), Type.Literal('SENSITIVE_DATA')]) }, { additionalProperties: false }),
      response: { 200: Type.Object({ entityId: Type.String(), dataType: Type.String(), etag: Type.String() }) },
    },
  }, async (request) => setDataType(ctx, requireAct(request), entityId(request.params.id), request.body.dataType));

  app.put('/api/v1/entities/:id/data-class', {
    schema: {
      tags,
      summary: 'Mark an entity row-level or summary data, inherited down the tree; null inherits again (ACT, admin, or CHANGE_PERMISSIONS). Summary downloads have a size limit; row-level egress is watched (SPEC §10)',
      params: EntityParams,
      body: Type.Object({
        dataClass: Type.Union([Type.Literal('row-level'), Type.Literal('summary'), Type.Null()]),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          entityId: Type.String(),
          dataClass: Type.Union([Type.Literal('row-level'), Type.Literal('summary'), Type.Null()]),
          effectiveDataClass: Type.Union([Type.Literal('row-level'), Type.Literal('summary')]),
          etag: Type.String(),
        }),
      },
    },
  }, async (request) => setDataClass(ctx, requireUser(request), entityId(request.params.id), request.body.dataClass));

  app.post('/api/v1/entities/restriction-information', {
    schema: {
      tags,
      summary: `Restriction information for up to ${restrictions.MAX_RESTRICTION_BATCH} entities`,
      security: [],
      body: Type.Object({ entityIds: Type.Array(EntityIdInput, { minItems: 1 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(RestrictionInformationSchema) }) },
    },
  }, async (request) => restrictions.restrictionInformation(ctx, viewerOf(request), request.body.entityIds.map(entityId)));

  app.get('/api/v1/entities/:id/restriction-information', {
    schema: { tags, summary: 'Restriction level and, per access requirement, whether I am approved, meet it or am exempt', security: [], params: EntityParams, response: { 200: RestrictionInformationSchema } },
  }, async (request) => (await restrictions.restrictionInformation(ctx, viewerOf(request), [entityId(request.params.id)], { withUploads: true })).items[0]);

  app.get('/api/v1/entities/:id/condition-status', {
    schema: {
      tags,
      summary: 'Per access requirement on the entity: which of its conditions I meet (certified, validated, 2FA, terms, approval) and my request',
      security: [], params: EntityParams, response: { 200: ConditionStatusSchema },
    },
  }, async (request) => conditionStatus(ctx, viewerOf(request), entityId(request.params.id)));

  app.get('/api/v1/access-requirements/:id/my-conditions', {
    schema: {
      tags,
      summary: 'Which conditions of this access requirement I meet (certified, validated, 2FA, terms or approval) and my request, apart from any entity',
      params: IdParams, response: { 200: MyConditionsSchema },
    },
  }, async (request) => myConditions(ctx, requireUser(request), arId(request.params.id)));

  app.get('/api/v1/entities/:id/actions-required', {
    schema: { tags, summary: 'Whether I can download the entity now, and what would lift a denial (SPEC §6)', security: [], params: EntityParams, response: { 200: ActionsRequiredSchema } },
  }, async (request) => restrictions.actionsRequired(ctx, viewerOf(request), entityId(request.params.id)));
}
