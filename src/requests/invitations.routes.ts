import { Type, type TLiteral, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { parseId } from '../infra/ids.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { requireUser } from '../identity/caller.js';
import { setSessionCookie } from '../identity/signin.js';
import { MeSchema } from '../identity/schemas.js';
import { REQUEST_STATES } from './machine.js';
import * as invitations from './invitations.js';

/**
 * Invitations by email (SPEC §8; src/requests/invitations.ts): HTTP in, one use case out. The token of a link is
 * taken in request bodies only, never in an address, and no answer carries it.
 */

const tags = ['data access requests'];
const IdParams = Type.Object({ id: Type.String() });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)) as unknown as [TLiteral<T>]);
const date = Type.String({ format: 'date-time' });

const KindSchema = Type.Union([Type.Literal('accessor'), Type.Literal('reviewer')]);
const StatusSchema = literals(invitations.INVITATION_STATUSES);
const Email = Type.String({ minLength: 3, maxLength: 320 });
const Token = Type.String({ minLength: 1, maxLength: 200, description: 'The token of the invitation link (the last part of /invitations/{token})' });

const InvitationSchema = Type.Object({
  id: Type.Integer(),
  kind: KindSchema,
  email: Type.String({ description: 'Where the invitation was sent' }),
  status: StatusSchema,
  accessRequirement: Type.Object({ id: Type.Integer(), name: Type.String() }),
  requestId: nullable(Type.Integer({ description: 'null: a reviewer of every request of the access requirement' })),
  invitedBy: Type.Object({ id: Type.Integer(), displayName: Type.String() }),
  createdOn: date,
  expiresOn: date,
  acceptedBy: nullable(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })),
  acceptedOn: nullable(date),
  withdrawnOn: nullable(date),
}, { description: 'An invitation by email; its token is only in the email' });

const ListQuery = Type.Object({ ...PageQuery, status: Type.Optional(StatusSchema) });

export function invitationRoutes(app: Http, ctx: AppContext): void {
  app.post('/api/v1/requests/:id/invitations', {
    schema: {
      tags,
      summary: 'Invite someone by email to join the request as an accessor (requestor); they get a single-use link that expires',
      params: IdParams,
      body: Type.Object({ email: Email }, { additionalProperties: false }),
      response: { 201: InvitationSchema },
    },
  }, async (request, reply) => {
    const created = await invitations.inviteAccessor(ctx, requireUser(request), parseId(request.params.id, 'request id'), request.body.email);
    reply.status(201);
    return created;
  });

  app.get('/api/v1/requests/:id/invitations', {
    schema: {
      tags, summary: 'The accessor invitations of a request, newest first (requestor, ACT); ?status=pending for those waiting',
      params: IdParams, querystring: ListQuery, response: { 200: Page(InvitationSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await invitations.listRequestInvitations(ctx, requireUser(request), parseId(request.params.id, 'request id'),
      { status: q.status, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.post('/api/v1/reviewer-invitations', {
    schema: {
      tags,
      summary: 'Invite an external reviewer by email (ACT), for one request (requestId) or for every request of an access requirement (accessRequirementId)',
      body: Type.Object({
        email: Email,
        accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })),
        requestId: Type.Optional(Type.Integer({ minimum: 1 })),
      }, { additionalProperties: false }),
      response: { 201: InvitationSchema },
    },
  }, async (request, reply) => {
    const created = await invitations.inviteReviewer(ctx, requireUser(request), request.body);
    reply.status(201);
    return created;
  });

  app.get('/api/v1/reviewer-invitations', {
    schema: {
      tags, summary: 'Reviewer invitations, newest first (ACT), of an access requirement or of a request',
      querystring: Type.Object({ ...ListQuery.properties, accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })), requestId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Page(InvitationSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await invitations.listReviewerInvitations(ctx, requireUser(request), { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.post('/api/v1/invitations/:id/withdraw', {
    schema: {
      tags,
      summary: 'Withdraw an invitation (its inviter, the requestor, ACT): a pending one can no longer be accepted; an accepted reviewer invitation ends that reviewer\'s access',
      params: IdParams,
      response: { 200: InvitationSchema },
    },
  }, async (request) => invitations.withdrawInvitation(ctx, requireUser(request), parseId(request.params.id, 'invitation id')));

  app.post('/api/v1/invitations/open', {
    schema: {
      tags,
      summary: 'What an invitation link is for (anyone holding the link, signed in or not): the request or access requirement, who invited, its status',
      security: [],
      body: Type.Object({ token: Token }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          kind: KindSchema,
          status: StatusSchema,
          email: Type.String(),
          accessRequirement: Type.Object({ id: Type.Integer(), name: Type.String() }),
          request: nullable(Type.Object({ id: Type.Integer(), title: Type.String(), requestorName: Type.String() })),
          invitedBy: Type.Object({ displayName: Type.String() }),
          expiresOn: date,
          accessorRules: Type.Object({ certifiedRequired: Type.Boolean(), validatedRequired: Type.Boolean() }),
          signedInAs: nullable(Type.Object({ username: Type.String(), matches: Type.Boolean({ description: "The account's email is the invited address" }) })),
        }),
      },
    },
  }, async (request) => invitations.openInvitation(ctx, request.caller.user, request.body.token));

  app.post('/api/v1/invitations/accept', {
    schema: {
      tags,
      summary: "Accept an invitation (the account of the invited address): join the request as an accessor (the AR's accessor rules apply), or become its reviewer",
      body: Type.Object({ token: Token }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          kind: KindSchema, accessRequirementId: Type.Integer(), requestId: nullable(Type.Integer()),
          link: Type.String({ description: 'Where the web app goes next' }),
        }),
      },
    },
  }, async (request) => invitations.acceptInvitation(ctx, requireUser(request), request.body.token));

  app.post('/api/v1/invitations/account', {
    schema: {
      tags,
      summary: 'Create an account with the address an invitation was sent to, and sign in (anyone holding a usable invitation link)',
      security: [],
      body: Type.Object({
        token: Token,
        username: Type.String({ minLength: 1, maxLength: 40 }),
        displayName: Type.String({ maxLength: 200 }),
        password: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ user: MeSchema }) },
    },
  }, async (request, reply) => {
    const { token, ...input } = request.body;
    const { session, user } = await invitations.createAccountForInvitation(ctx, request, token, input);
    setSessionCookie(reply, ctx, session);
    reply.status(201);
    return { user };
  });

  app.get('/api/v1/invitations/reviewing', {
    schema: {
      tags,
      summary: 'What I review because I accepted a reviewer invitation: single requests, or every request of an access requirement',
      response: {
        200: Type.Object({
          mayReview: Type.Boolean({ description: 'False until the reviewer has a validated profile' }),
          items: Type.Array(Type.Object({
            accessRequirement: Type.Object({ id: Type.Integer(), name: Type.String() }),
            request: nullable(Type.Object({ id: Type.Integer(), state: literals(REQUEST_STATES), currentSubmissionId: nullable(Type.Integer()) })),
            since: date,
          })),
        }),
      },
    },
  }, async (request) => invitations.reviewingByInvitation(ctx, requireUser(request)));
}
