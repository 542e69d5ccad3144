import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { requireUser } from '../identity/caller.js';
import * as groups from './groups.js';
import * as allowlists from './allowlists.js';
import * as accounts from './externalaccounts.js';
import { DESCRIPTION_MAX, GROUP_NAME_MAX, INSTRUCTIONS_MAX, MESSAGE_MAX } from './rules.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Role = Type.Union([Type.Literal('admin'), Type.Literal('member')]);

const GroupSchema = Type.Object({
  id: Type.Integer({ description: 'The principal id: ACLs and authorization domains name the group by it' }),
  name: Type.String(),
  description: Type.String(),
  accessInstructions: nullable(Type.String({ description: 'When set, request-access answers with these instead of emailing the admins' })),
  memberCount: Type.Integer({ description: 'Direct members, admins included' }),
  adminCount: Type.Integer(),
  createdAt: date,
  createdBy: nullable(Type.Integer()),
  myRole: nullable(Role),
  isMember: Type.Boolean({ description: 'I am in it, directly or through nested groups' }),
  isAdmin: Type.Boolean({ description: 'I may manage it' }),
  thirdParty: Type.Boolean({ description: 'Its members come from an allowlist' }),
  authorizationDomainCount: Type.Integer({ description: 'Projects whose authorization domain has it' }),
  accessRequestedAt: nullable(date),
});

const AccessRequestSchema = Type.Object({
  user: Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() }),
  message: Type.String(),
  requestedAt: date,
});

const MemberSchema = Type.Object({
  principalId: Type.Integer(),
  type: Type.Union([Type.Literal('user'), Type.Literal('group')]),
  name: Type.String({ description: 'Username, or group name' }),
  displayName: Type.String(),
  role: Role,
  source: Type.Union([Type.Literal('manual'), Type.Literal('allowlist')]),
  addedAt: date,
});

const AllowlistSchema = Type.Object({
  group: Type.String(),
  issuer: Type.String(),
  issuerName: nullable(Type.String()),
  source: Type.Union([Type.Literal('upload'), Type.Literal('url'), Type.Literal('file')]),
  url: nullable(Type.String()),
  path: nullable(Type.String()),
  entryCount: Type.Integer(),
  fetchedAt: nullable(date),
  validityHours: Type.Integer(),
  validUntil: nullable(date),
  fresh: Type.Boolean({ description: 'False once the list is older than its validity: it then counts as empty' }),
  lastFetchAttemptAt: nullable(date),
  lastFetchError: nullable(Type.String()),
  lastSyncAt: nullable(date),
  configuredBy: nullable(Type.Integer()),
  configuredAt: date,
});

const SyncSchema = Type.Object({
  added: Type.Array(Type.Integer(), { description: 'User ids that became members' }),
  removed: Type.Array(Type.Integer(), { description: 'Principal ids that stopped being members' }),
  fresh: Type.Boolean(),
  fetchError: nullable(Type.String()),
});

const LinkSchema = Type.Object({
  id: Type.Integer(),
  issuer: Type.String(),
  issuerName: Type.String(),
  externalId: Type.String(),
  linkedAt: date,
  expiresAt: date,
  expired: Type.Boolean(),
});

const NameParams = Type.Object({ name: Type.String({ maxLength: 200, description: 'Group name (any case)' }) });
const MemberParams = Type.Object({ name: Type.String({ maxLength: 200 }), principalId: Type.String({ description: 'User or group id' }) });
const NoContent = { 204: Type.Null() };
const tags = ['groups'];

/** Managed groups, third-party allowlists and external account links (SPEC §9): HTTP in, one use case out. */
export function groupRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/groups', {
    schema: {
      tags,
      summary: 'The groups I am in (directly or nested), by name; with all=true every group; q filters by name',
      querystring: Type.Object({
        ...PageQuery,
        q: Type.Optional(Type.String({ maxLength: GROUP_NAME_MAX })),
        all: Type.Optional(Type.Boolean({ default: false })),
      }),
      response: { 200: Page(GroupSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const { items, total } = await groups.listGroups(ctx, user, { q: request.query.q, all: request.query.all }, request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/groups', {
    schema: {
      tags,
      summary: 'Create a managed group (letters, digits, "-" and "_", at most 60 characters); I become its admin',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 100 }),
        description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
        accessInstructions: Type.Optional(nullable(Type.String({ maxLength: INSTRUCTIONS_MAX }))),
      }, { additionalProperties: false }),
      response: { 201: GroupSchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const group = await groups.createGroup(ctx, user, request.body);
    reply.status(201);
    return group;
  });

  app.get('/api/v1/groups/:name', {
    schema: { tags, summary: 'A group, with my place in it', params: NameParams, response: { 200: GroupSchema } },
  }, async (request) => groups.getGroup(ctx, requireUser(request), request.params.name));

  app.patch('/api/v1/groups/:name', {
    schema: {
      tags,
      summary: 'Change the description or the access instructions (admins; null clears the instructions)',
      params: NameParams,
      body: Type.Object({
        description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
        accessInstructions: Type.Optional(nullable(Type.String({ maxLength: INSTRUCTIONS_MAX }))),
      }, { additionalProperties: false }),
      response: { 200: GroupSchema },
    },
  }, async (request) => groups.updateGroup(ctx, requireUser(request), request.params.name, request.body));

  app.delete('/api/v1/groups/:name', {
    schema: {
      tags,
      summary: 'Delete a group (admins); 409 when it is in an authorization domain or named in an ACL',
      params: NameParams,
      response: NoContent,
    },
  }, async (request, reply) => {
    await groups.deleteGroup(ctx, requireUser(request), request.params.name);
    reply.status(204).send(null);
  });

  app.get('/api/v1/groups/:name/members', {
    schema: {
      tags,
      summary: 'Direct members, admins first (members, admins and platform administrators)',
      params: NameParams,
      querystring: Type.Object(PageQuery),
      response: { 200: Page(MemberSchema) },
    },
  }, async (request) => {
    const { items, total } = await groups.listMembers(ctx, requireUser(request), request.params.name, request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/groups/:name/members', {
    schema: {
      tags,
      summary: 'Add a user (userId) or a group (group, by name) as admin or member (admins); nesting never makes a cycle',
      params: NameParams,
      body: Type.Object({
        userId: Type.Optional(Type.Integer({ minimum: 1 })),
        group: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        role: Type.Optional(Role),
      }, { additionalProperties: false }),
      response: { 200: MemberSchema },
    },
  }, async (request) => groups.addMember(ctx, requireUser(request), request.params.name, request.body));

  app.put('/api/v1/groups/:name/members/:principalId', {
    schema: {
      tags,
      summary: 'Make a member an admin or an ordinary member (admins); a group keeps at least one admin',
      params: MemberParams,
      body: Type.Object({ role: Role }, { additionalProperties: false }),
      response: { 200: MemberSchema },
    },
  }, async (request) =>
    groups.setRole(ctx, requireUser(request), request.params.name, parseId(request.params.principalId, 'member id'), request.body.role));

  app.delete('/api/v1/groups/:name/members/:principalId', {
    schema: {
      tags,
      summary: 'Remove a member (admins), or leave (my own user id); takes effect on the very next decision',
      params: MemberParams,
      response: NoContent,
    },
  }, async (request, reply) => {
    await groups.removeMember(ctx, requireUser(request), request.params.name, parseId(request.params.principalId, 'member id'));
    reply.status(204).send(null);
  });

  app.post('/api/v1/groups/:name/request-access', {
    schema: {
      tags,
      summary: 'Ask for access: every admin is emailed, or the group\'s access instructions are the answer instead',
      params: NameParams,
      body: Type.Object({ message: Type.Optional(Type.String({ maxLength: MESSAGE_MAX })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          requested: Type.Boolean({ description: 'True when the request stands; false when accessInstructions answer instead' }),
          notifiedAdmins: Type.Integer({ description: 'Admins told now: 0 when the request was open already' }),
          accessInstructions: nullable(Type.String()),
          alreadyRequestedAt: nullable(Type.String({ format: 'date-time', description: 'When an open request was made before: nobody was told again' })),
        }),
      },
    },
    preValidation: async (request) => {
      request.body ??= {};
    },
  }, async (request) => groups.requestAccess(ctx, requireUser(request), request.params.name, request.body.message ?? ''));

  app.get('/api/v1/groups/:name/access-requests', {
    schema: {
      tags,
      summary: 'The open requests for access, oldest first (group admins): adding the user as a member answers one',
      params: NameParams,
      response: { 200: Type.Object({ items: Type.Array(AccessRequestSchema) }) },
    },
  }, async (request) => ({ items: await groups.listAccessRequests(ctx, requireUser(request), request.params.name) }));

  app.delete('/api/v1/groups/:name/access-requests/:userId', {
    schema: {
      tags,
      summary: 'Decline a request for access (group admins): it is closed, the user is told and may ask again',
      params: Type.Object({ name: Type.String(), userId: Type.String() }),
      response: { 204: Type.Null() },
    },
  }, async (request, reply) => {
    await groups.dismissAccessRequest(ctx, requireUser(request), request.params.name, parseId(request.params.userId, 'user id'));
    reply.status(204).send(null);
  });

  // ---- Third-party groups ---------------------------------------------------------------------------------

  app.get('/api/v1/groups/:name/allowlist', {
    schema: { tags, summary: 'The group\'s allowlist: source, size, age, last sync (admins)', params: NameParams, response: { 200: AllowlistSchema } },
  }, async (request) => allowlists.getAllowlist(ctx, requireUser(request), request.params.name));

  app.put('/api/v1/groups/:name/allowlist', {
    schema: {
      tags,
      summary: 'Feed the group from an allowlist of external account ids: an upload (admins), a URL or a server file (platform administrators); read and synced at once',
      params: NameParams,
      body: Type.Object({
        issuer: Type.String({ minLength: 1, description: 'The trusted issuer whose account ids the list holds' }),
        source: Type.Union([Type.Literal('upload'), Type.Literal('url'), Type.Literal('file')]),
        content: Type.Optional(Type.String({ description: 'upload: one id per line (first CSV column), or JSON' })),
        entries: Type.Optional(Type.Array(Type.String({ maxLength: 256 }))),
        url: Type.Optional(Type.String({ maxLength: 2000 })),
        path: Type.Optional(Type.String({ maxLength: 1000, description: 'Relative to ALLOWLIST_DIR' })),
        validityHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 366 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ allowlist: AllowlistSchema, sync: SyncSchema }) },
    },
  }, async (request) => allowlists.configureAllowlist(ctx, requireUser(request), request.params.name, request.body));

  app.delete('/api/v1/groups/:name/allowlist', {
    schema: { tags, summary: 'Stop feeding the group from its allowlist; the members it brought leave (admins)', params: NameParams, response: NoContent },
  }, async (request, reply) => {
    await allowlists.removeAllowlist(ctx, requireUser(request), request.params.name);
    reply.status(204).send(null);
  });

  app.post('/api/v1/groups/:name/allowlist/sync', {
    schema: {
      tags,
      summary: 'Sync now (admins): read the list again (file, URL) and set the members to the users with an unexpired link on it',
      params: NameParams,
      response: { 200: SyncSchema },
    },
  }, async (request) => allowlists.syncNow(ctx, requireUser(request), request.params.name));

  // ---- External accounts ----------------------------------------------------------------------------------

  app.get('/api/v1/external-account-issuers', {
    schema: {
      tags,
      summary: 'The trusted issuers whose accounts can be linked',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ issuer: Type.String(), name: Type.String(), linkDays: Type.Number() })) }) },
    },
  }, async (request) => {
    requireUser(request);
    return { items: accounts.listIssuers(ctx) };
  });

  app.get('/api/v1/me/external-accounts', {
    schema: { tags, summary: 'My linked external accounts', response: { 200: Type.Object({ items: Type.Array(LinkSchema) }) } },
  }, async (request) => ({ items: await accounts.myLinks(ctx, requireUser(request)) }));

  app.post('/api/v1/me/external-accounts', {
    schema: {
      tags,
      summary: 'Link an external account with an assertion (JWT) signed by a trusted issuer; my third-party groups follow at once',
      body: Type.Object({ assertion: Type.String({ minLength: 1, maxLength: 16_384 }) }, { additionalProperties: false }),
      response: {
        201: Type.Object({
          link: LinkSchema,
          joined: Type.Array(Type.String(), { description: 'Groups I became a member of' }),
          left: Type.Array(Type.String(), { description: 'Groups I left (a re-link to another account id)' }),
        }),
      },
    },
  }, async (request, reply) => {
    const result = await accounts.link(ctx, requireUser(request), request.body.assertion);
    reply.status(201);
    return result;
  });

  app.delete('/api/v1/me/external-accounts/:id', {
    schema: {
      tags,
      summary: 'Unlink an external account; the third-party groups it brought me into let me go at once',
      params: Type.Object({ id: Type.String() }),
      response: { 200: Type.Object({ left: Type.Array(Type.String()) }) },
    },
  }, async (request) => accounts.unlink(ctx, requireUser(request), parseId(request.params.id, 'link id')));
}
