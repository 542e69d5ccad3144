import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { requireUser } from '../identity/caller.js';
import * as teams from './teams.js';
import { DESCRIPTION_MAX, MESSAGE_MAX, NAME_MAX } from './teams.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const TeamSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  memberCount: Type.Integer(),
  createdAt: date,
  myRole: nullable(Type.Union([Type.Literal('manager'), Type.Literal('member')])),
  canManage: Type.Boolean({ description: 'I may manage this team: one of its managers, or a platform admin; false for the role teams (ADMIN, ACT), which change through users\' roles' }),
  myPendingRequest: Type.Boolean({ description: 'I have asked to join and no manager has answered yet' }),
  myPendingInvitation: nullable(Type.Integer({ description: 'The id of my open invitation to this team' })),
});

const MemberSchema = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  isManager: Type.Boolean(),
  addedAt: date,
});

const RequestState = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('withdrawn')]);
const RequestSchema = Type.Object({
  id: Type.Integer(),
  teamId: Type.Integer(),
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  message: Type.String(),
  state: RequestState,
  createdAt: date,
  decidedAt: nullable(date),
});

const InvitationState = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('declined'), Type.Literal('revoked')]);
const InvitationSchema = Type.Object({
  id: Type.Integer(),
  teamId: Type.Integer(),
  teamName: Type.String(),
  userId: Type.Integer({ description: 'The invitee' }),
  username: Type.String(),
  displayName: Type.String(),
  invitedBy: Type.Integer({ description: 'The user id of the manager who invited' }),
  invitedByName: Type.String(),
  message: Type.String(),
  state: InvitationState,
  createdAt: date,
  decidedAt: nullable(date),
});

const MyInvitationSchema = Type.Object({
  id: Type.Integer(),
  teamId: Type.Integer(),
  teamName: Type.String(),
  invitedBy: Type.Integer({ description: 'The user id of the manager who invited' }),
  invitedByName: Type.String(),
  message: Type.String(),
  createdAt: date,
});

const TeamParams = Type.Object({ id: Type.String({ description: 'Team id' }) });
const MemberParams = Type.Object({ id: Type.String({ description: 'Team id' }), userId: Type.String() });
const RequestParams = Type.Object({ id: Type.String({ description: 'Team id' }), rid: Type.String({ description: 'Request id' }) });
const InvitationParams = Type.Object({ id: Type.String({ description: 'Team id' }), iid: Type.String({ description: 'Invitation id' }) });
const Message = Type.String({ maxLength: MESSAGE_MAX });
const NoContent = { 204: Type.Null() };
const tags = ['teams'];

/** Teams (SPEC §2): HTTP in, one use case out. The rules live in teams.ts. */
export function teamRoutes(app: Http, ctx: AppContext): void {
  const teamId = (raw: string) => parseId(raw, 'team id');

  app.get('/api/v1/teams', {
    schema: {
      tags,
      summary: 'Find teams by name, ordered by name',
      querystring: Type.Object({ ...PageQuery, q: Type.Optional(Type.String({ maxLength: NAME_MAX, description: 'Part of the team name, any case' })) }),
      response: { 200: Page(TeamSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const { items, total } = await teams.findTeams(ctx, user, request.query.q, request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/teams', {
    schema: {
      tags,
      summary: 'Create a team; I become its manager',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: NAME_MAX, description: 'Unique, whatever the case' }),
        description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
      }, { additionalProperties: false }),
      response: { 201: TeamSchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const team = await teams.createTeam(ctx, user, request.body);
    reply.status(201);
    return team;
  });

  app.get('/api/v1/teams/:id', {
    schema: { tags, summary: 'A team, with my place in it', params: TeamParams, response: { 200: TeamSchema } },
  }, async (request) => {
    const user = requireUser(request);
    return teams.getTeam(ctx, user, teamId(request.params.id));
  });

  app.patch('/api/v1/teams/:id', {
    schema: {
      tags,
      summary: 'Rename a team or change its description (managers)',
      params: TeamParams,
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX })),
        description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX })),
      }, { additionalProperties: false }),
      response: { 200: TeamSchema },
    },
  }, async (request) => {
    const user = requireUser(request);
    return teams.updateTeam(ctx, user, teamId(request.params.id), request.body);
  });

  app.get('/api/v1/teams/:id/members', {
    schema: {
      tags,
      summary: 'The members of a team, managers first',
      params: TeamParams,
      querystring: Type.Object(PageQuery),
      response: { 200: Page(MemberSchema) },
    },
  }, async (request) => {
    requireUser(request);
    const { items, total } = await teams.listMembers(ctx, teamId(request.params.id), request.query);
    return pageOf(items, total, request.query);
  });

  app.post('/api/v1/teams/:id/members', {
    schema: {
      tags,
      summary: 'Add a user to a team (managers); the user is told',
      params: TeamParams,
      body: Type.Object({
        userId: Type.Integer({ minimum: 1 }),
        manager: Type.Optional(Type.Boolean({ default: false })),
      }, { additionalProperties: false }),
      response: { 200: MemberSchema },
    },
  }, async (request) => {
    const user = requireUser(request);
    return teams.addMember(ctx, user, teamId(request.params.id), request.body.userId, request.body.manager ?? false);
  });

  app.put('/api/v1/teams/:id/members/:userId', {
    schema: {
      tags,
      summary: 'Make a member a manager, or an ordinary member again (managers); a team keeps at least one manager',
      params: MemberParams,
      body: Type.Object({ manager: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: MemberSchema },
    },
  }, async (request) => {
    const user = requireUser(request);
    return teams.setManager(ctx, user, teamId(request.params.id), parseId(request.params.userId, 'user id'), request.body.manager);
  });

  app.delete('/api/v1/teams/:id/members/:userId', {
    schema: {
      tags,
      summary: 'Remove a member (managers), or leave the team (my own user id); takes effect on the next request',
      params: MemberParams,
      response: NoContent,
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    await teams.removeMember(ctx, user, teamId(request.params.id), parseId(request.params.userId, 'user id'));
    reply.status(204).send(null);
  });

  app.post('/api/v1/teams/:id/membership-requests', {
    schema: {
      tags,
      summary: 'Ask to join a team; every manager is told by email and in the app',
      params: TeamParams,
      body: Type.Object({ message: Type.Optional(Message) }, { additionalProperties: false }),
      response: { 201: RequestSchema },
    },
    // The message is optional, so the body may be left out altogether.
    preValidation: async (request) => {
      request.body ??= {};
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const created = await teams.requestMembership(ctx, user, teamId(request.params.id), request.body.message ?? '');
    reply.status(201);
    return created;
  });

  app.get('/api/v1/teams/:id/membership-requests', {
    schema: {
      tags,
      summary: 'Requests to join a team, newest first (managers)',
      params: TeamParams,
      querystring: Type.Object({ ...PageQuery, state: Type.Optional(RequestState) }),
      response: { 200: Page(RequestSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const { items, total } = await teams.listRequests(ctx, user, teamId(request.params.id), request.query.state, request.query);
    return pageOf(items, total, request.query);
  });

  for (const decision of ['accept', 'reject'] as const) {
    app.post(`/api/v1/teams/:id/membership-requests/:rid/${decision}`, {
      schema: {
        tags,
        summary: decision === 'accept'
          ? 'Accept a request to join (managers); the requester becomes a member and is told'
          : 'Reject a request to join (managers); the requester is told',
        params: RequestParams,
        response: { 200: RequestSchema },
      },
    }, async (request) => {
      const user = requireUser(request);
      return teams.decideRequest(ctx, user, teamId(request.params.id), parseId(request.params.rid, 'request id'), decision);
    });
  }

  app.delete('/api/v1/teams/:id/membership-requests/mine', {
    schema: { tags, summary: 'Withdraw my open request to join', params: TeamParams, response: NoContent },
  }, async (request, reply) => {
    const user = requireUser(request);
    await teams.withdrawRequest(ctx, user, teamId(request.params.id));
    reply.status(204).send(null);
  });

  app.post('/api/v1/teams/:id/invitations', {
    schema: {
      tags,
      summary: 'Invite a user to join (managers); the invitee is told',
      params: TeamParams,
      body: Type.Object({ userId: Type.Integer({ minimum: 1 }), message: Type.Optional(Message) }, { additionalProperties: false }),
      response: { 201: InvitationSchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const created = await teams.invite(ctx, user, teamId(request.params.id), request.body.userId, request.body.message ?? '');
    reply.status(201);
    return created;
  });

  app.get('/api/v1/teams/:id/invitations', {
    schema: {
      tags,
      summary: 'Invitations to a team, newest first (managers)',
      params: TeamParams,
      querystring: Type.Object({ ...PageQuery, state: Type.Optional(InvitationState) }),
      response: { 200: Page(InvitationSchema) },
    },
  }, async (request) => {
    const user = requireUser(request);
    const { items, total } = await teams.listInvitations(ctx, user, teamId(request.params.id), request.query.state, request.query);
    return pageOf(items, total, request.query);
  });

  app.delete('/api/v1/teams/:id/invitations/:iid', {
    schema: { tags, summary: 'Revoke an open invitation (managers)', params: InvitationParams, response: NoContent },
  }, async (request, reply) => {
    const user = requireUser(request);
    await teams.revokeInvitation(ctx, user, teamId(request.params.id), parseId(request.params.iid, 'invitation id'));
    reply.status(204).send(null);
  });

  app.get('/api/v1/me/invitations', {
    schema: { tags, summary: 'My open invitations to teams, newest first', response: { 200: Type.Object({ items: Type.Array(MyInvitationSchema) }) } },
  }, async (request) => {
    const user = requireUser(request);
    return { items: await teams.myInvitations(ctx, user) };
  });

  for (const answer of ['accept', 'decline'] as const) {
    app.post(`/api/v1/invitations/:id/${answer}`, {
      schema: {
        tags,
        summary: answer === 'accept' ? 'Accept an invitation: I join the team' : 'Decline an invitation',
        params: Type.Object({ id: Type.String({ description: 'Invitation id' }) }),
        response: NoContent,
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      await teams.answerInvitation(ctx, user, parseId(request.params.id, 'invitation id'), answer);
      reply.status(204).send(null);
    });
  }

  app.get('/api/v1/me/teams', {
    schema: { tags, summary: 'The teams I am in, by name', response: { 200: Type.Object({ items: Type.Array(TeamSchema) }) } },
  }, async (request) => {
    const user = requireUser(request);
    return { items: await teams.myTeams(ctx, user) };
  });
}
