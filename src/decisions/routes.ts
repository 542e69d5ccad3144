import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { badRequest, forbidden } from '../infra/problem.js';
import { formatEntityId, parseEntityId } from '../infra/ids.js';
import { requireUser, type CallerUser } from '../identity/caller.js';
import { ACTIONS, ENTITY_TYPES, ACCESS_TYPES, type Action } from './model.js';
import { ActionRequiredSchema, decisionJson } from './http.js';

const ActionSchema = Type.Union(ACTIONS.map((a) => Type.Literal(a)));
const EntityIdSchema = Type.Union([Type.String({ pattern: '^(syn)?\\d{1,15}$' }), Type.Integer({ minimum: 1 })]);

const DecisionSchema = Type.Object({
  userId: Type.Union([Type.Integer(), Type.Null()]),
  entityId: Type.String(),
  action: Type.String(),
  granted: Type.Boolean(),
  rule: Type.String({ description: 'The rule of the chain that decided' }),
  message: Type.Union([Type.String(), Type.Null()], { description: 'The exact message of a denial' }),
  status: Type.Integer({ description: 'The HTTP status a resource endpoint answers with for this decision' }),
  actionsRequired: Type.Array(ActionRequiredSchema),
});

export const MAX_BATCH = 1000;

/** Whose decisions the caller may ask for: their own; admins and ACT anyone's (null = anonymous). */
function checkedUser(caller: CallerUser, userId: number | null | undefined): number | null {
  if (userId === undefined || userId === caller.id) return caller.id;
  if (!caller.isAdmin && !caller.isAct) {
    throw forbidden('DECISIONS_OF_OTHERS', 'Only administrators and ACT members may check decisions for other users.');
  }
  return userId;
}

const entityIdOf = (raw: string | number) => parseEntityId(String(raw));

export function decisionRoutes(app: Http, ctx: AppContext): void {
  app.post('/api/v1/decisions', {
    schema: {
      tags: ['decisions'],
      summary: 'One decision: may this user take this action on this entity, which rule decided, and what would lift a denial',
      body: Type.Object({
        userId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'Default: the caller; null: an anonymous caller' })),
        entityId: EntityIdSchema,
        action: ActionSchema,
        createType: Type.Optional(Type.Union(ENTITY_TYPES.map((t) => Type.Literal(t)))),
        shareChange: Type.Optional(Type.Array(Type.Union(ACCESS_TYPES.map((t) => Type.Literal(t))))),
      }, { additionalProperties: false }),
      response: { 200: DecisionSchema },
    },
  }, async (request) => {
    const caller = requireUser(request);
    const userId = checkedUser(caller, request.body.userId);
    const entityId = entityIdOf(request.body.entityId);
    const decision = await ctx.decisions.decide({
      userId, entityId, action: request.body.action as Action,
      createType: request.body.createType, shareChange: request.body.shareChange,
    });
    return { userId, entityId: formatEntityId(entityId), action: request.body.action, ...decisionJson(decision) };
  });

  app.post('/api/v1/decisions/batch', {
    schema: {
      tags: ['decisions'],
      summary: `Many decisions at one state: one user and up to ${MAX_BATCH} entities, or one entity and up to ${MAX_BATCH} users`,
      body: Type.Object({
        action: ActionSchema,
        userId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
        entityIds: Type.Optional(Type.Array(EntityIdSchema, { minItems: 1 })),
        entityId: Type.Optional(EntityIdSchema),
        userIds: Type.Optional(Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), { minItems: 1 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(DecisionSchema) }) },
    },
  }, async (request) => {
    const caller = requireUser(request);
    const { action, entityIds, entityId, userIds } = request.body;
    if ((entityIds === undefined) === (userIds === undefined) || (userIds !== undefined && entityId === undefined) || (entityIds !== undefined && entityId !== undefined)) {
      throw badRequest('BAD_BATCH', 'Send either {userId?, entityIds} for one user and many entities, or {entityId, userIds} for one entity and many users.');
    }
    const size = (entityIds ?? userIds)!.length;
    if (size > MAX_BATCH) throw badRequest('BATCH_TOO_LARGE', `A batch holds at most ${MAX_BATCH} decisions; this one has ${size}.`);
    if (entityIds) {
      const userId = checkedUser(caller, request.body.userId);
      const ids = entityIds.map(entityIdOf);
      const decisions = await ctx.decisions.decideMany(userId, ids, action as Action);
      return { items: decisions.map((d, i) => ({ userId, entityId: formatEntityId(ids[i]), action, ...decisionJson(d) })) };
    }
    if (!caller.isAdmin && !caller.isAct) {
      throw forbidden('DECISIONS_OF_OTHERS', 'Only administrators and ACT members may check decisions for other users.');
    }
    const id = entityIdOf(entityId!);
    const decisions = await ctx.decisions.decideForUsers(id, userIds!, action as Action);
    return { items: decisions.map((d, i) => ({ userId: userIds![i], entityId: formatEntityId(id), action, ...decisionJson(d) })) };
  });
}
