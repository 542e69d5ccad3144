import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { parseEntityId } from '../infra/ids.js';
import { requireUser } from '../identity/caller.js';
import type { Viewer } from '../entities/access.js';
import * as domains from './domains.js';
import * as clones from './clones.js';

const DomainSchema = Type.Object({
  projectId: Type.String(),
  projectName: Type.String(),
  groups: Type.Array(Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    isMember: Type.Boolean({ description: 'I am in it, directly or through nested groups' }),
    accessInstructions: Type.Union([Type.String(), Type.Null()]),
  })),
  missingGroups: Type.Array(Type.Integer(), { description: 'Ids of the groups I am not in' }),
});

const NoAccessSchema = Type.Object({
  projectId: Type.String(),
  name: Type.Union([Type.String(), Type.Null()], { description: 'The project\'s name; null when only the asked entity inside it is shared with me' }),
  entity: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }, { description: 'With ?entityId: the folder or file asked about' })),
  groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), isMember: Type.Boolean(), hasAccessInstructions: Type.Boolean() })),
  missingGroups: Type.Array(Type.Integer()),
});

const GroupKeys = Type.Array(
  Type.Union([Type.String({ minLength: 1, maxLength: 100, description: 'Group name' }), Type.Integer({ minimum: 1, description: 'Group id' })]),
  { maxItems: 50 },
);
const CopySchema = Type.Object({
  entity: Type.Object({
    id: Type.String(), name: Type.String(), type: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), projectId: Type.String(),
  }, { additionalProperties: true, description: 'The new project (clone) or the copy, as GET /entities/{id} shows it' }),
  authorizationDomain: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: 'The domain the copy is under' }),
  copied: Type.Integer({ description: 'Entities created (for a clone, not counting the new project)' }),
  skipped: Type.Array(Type.String(), { description: 'Files not copied: I may not DOWNLOAD them' }),
});
const EntityIdInput = Type.Union([Type.String({ pattern: '^(?:[sS][yY][nN])?\\d{1,15}$' }), Type.Integer({ minimum: 1 })]);
const ProjectParams = Type.Object({ id: Type.String({ description: 'Project id (syn…)' }) });
const tags = ['authorization domains'];

const viewerOf = (request: FastifyRequest): Viewer =>
  request.caller.user ? { id: request.caller.user.id, acceptedTerms: request.caller.user.acceptedTerms } : null;

/** Authorization domains of projects (SPEC §9): HTTP in, one use case out. */
export function authorizationDomainRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/projects/:id/authorization-domain', {
    schema: {
      tags,
      summary: 'The groups of a project\'s authorization domain, and those I am missing (anyone who can see the project)',
      params: ProjectParams,
      response: { 200: DomainSchema },
    },
  }, async (request) => domains.getDomain(ctx, viewerOf(request), parseEntityId(request.params.id)));

  app.post('/api/v1/projects/:id/authorization-domain', {
    schema: {
      tags,
      summary: 'Add groups to the domain (CHANGE_PERMISSIONS; I must be in each group added); groups are never removed',
      params: ProjectParams,
      body: Type.Object({ groups: GroupKeys }, { additionalProperties: false }),
      response: { 200: DomainSchema },
    },
  }, async (request) => domains.addGroups(ctx, requireUser(request), parseEntityId(request.params.id), request.body.groups));

  app.post('/api/v1/entities/:id/authorization-domain/sharing-check', {
    schema: {
      tags,
      summary: 'Before saving sharing settings (CHANGE_PERMISSIONS): the domain groups each user to be added is not in, and whether the entity may be made public',
      params: ProjectParams,
      body: Type.Object({ principalIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          groups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
          canMakePublic: Type.Boolean(),
          publicRefusal: Type.Union([Type.String(), Type.Null()]),
          principals: Type.Array(Type.Object({
            principalId: Type.Integer(),
            checked: Type.Boolean({ description: 'A user, whose memberships were checked; false for teams and groups' }),
            missingGroups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
          })),
        }),
      },
    },
  }, async (request) => domains.sharingCheck(ctx, viewerOf(request), parseEntityId(request.params.id), request.body.principalIds));

  app.put('/api/v1/projects/:id/authorization-domain', {
    schema: {
      tags,
      summary: 'Set the domain to these groups: new ones are added; leaving any current group out is refused (409 AUTHORIZATION_DOMAIN_ADD_ONLY)',
      params: ProjectParams,
      body: Type.Object({ groups: GroupKeys }, { additionalProperties: false }),
      response: { 200: DomainSchema },
    },
  }, async (request) => domains.replaceGroups(ctx, requireUser(request), parseEntityId(request.params.id), request.body.groups));

  app.delete('/api/v1/projects/:id/authorization-domain', {
    schema: {
      tags,
      summary: 'Always refused: an authorization domain cannot be removed (409 AUTHORIZATION_DOMAIN_ADD_ONLY)',
      params: ProjectParams,
      response: { 204: Type.Null() },
    },
  }, async (request) => domains.refuseRemoval(ctx, viewerOf(request), parseEntityId(request.params.id), null));

  app.delete('/api/v1/projects/:id/authorization-domain/:group', {
    schema: {
      tags,
      summary: 'Always refused: a group cannot be removed from an authorization domain (409 AUTHORIZATION_DOMAIN_ADD_ONLY)',
      params: Type.Object({ id: Type.String(), group: Type.String({ maxLength: 100, description: 'Group name' }) }),
      response: { 204: Type.Null() },
    },
  }, async (request) => domains.refuseRemoval(ctx, viewerOf(request), parseEntityId(request.params.id), request.params.group));

  app.post('/api/v1/entities/:id/clone', {
    schema: {
      tags,
      summary: 'Clone a project (READ): its tree and metadata, not its blobs, into a new project of mine whose authorization domain is the source\'s plus the groups added',
      params: ProjectParams,
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 256 }),
        description: Type.Optional(Type.String({ maxLength: 4000 })),
        authorizationDomain: Type.Optional(GroupKeys),
      }, { additionalProperties: false }),
      response: { 201: CopySchema },
    },
  }, async (request, reply) => {
    const result = await clones.cloneProject(ctx, requireUser(request), parseEntityId(request.params.id), request.body);
    reply.status(201);
    return result;
  });

  app.post('/api/v1/entities/:id/copy', {
    schema: {
      tags,
      summary: 'Copy a folder or file into a project or folder (CREATE there); 422 unless the destination\'s authorization domain contains every group of the source\'s',
      params: ProjectParams,
      body: Type.Object({
        destinationId: EntityIdInput,
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
      }, { additionalProperties: false }),
      response: { 201: CopySchema },
    },
  }, async (request, reply) => {
    const { destinationId, name } = request.body;
    const result = await clones.copyEntity(ctx, requireUser(request), parseEntityId(request.params.id), {
      destinationId: parseEntityId(String(destinationId)), name,
    });
    reply.status(201);
    return result;
  });

  app.get('/api/v1/me/no-access-projects', {
    schema: {
      tags,
      summary: 'Projects shared with me that I cannot open because I am outside their authorization domain ("no access"), by name; with entityId, the project holding that folder or file if its domain keeps me out of it',
      querystring: Type.Object({ entityId: Type.Optional(EntityIdInput) }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(NoAccessSchema) }) },
    },
  }, async (request) => {
    const { entityId } = request.query;
    return { items: await domains.noAccessProjects(ctx, requireUser(request), entityId === undefined ? {} : { entityId: parseEntityId(String(entityId)) }) };
  });
}
