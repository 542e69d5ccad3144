import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { formatEntityId } from '../infra/ids.js';
import { notFound } from '../infra/problem.js';
import { messages as decisionMessages } from '../decisions/messages.js';
import { arMessages } from './messages.js';
import type { AccessRequirement } from '../decisions/model.js';
import type { UserFacts } from '../decisions/state.js';
import type { Viewer } from '../entities/access.js';
import { REQUEST_STATES, type RequestState } from '../requests/machine.js';
import { requestsWhere } from '../requests/store.js';
import { restrictionInformation } from './restrictions.js';
import * as store from './store.js';

/**
 * Per viewer, what each access requirement on an entity asks and which of it they already meet (issue 9 item 5):
 * the web app shows a ✓ or ✗ per condition before anyone is refused. Every fact comes from the decision state
 * (the user's certification, validation, 2FA, approvals; the engine's own restriction details), so the panel
 * and the decision cannot disagree; only the viewer's data access request is read from its table.
 */

export const CONDITION_KINDS = ['certified', 'validated', 'twoFactor', 'termsAccepted', 'approved', 'unlocked'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

const RequirementStatusSchema = Type.Object({
    accessRequirementId: Type.Integer(),
    met: Type.Boolean({ description: 'Every condition below is met, or the viewer is exempt or uploaded the file' }),
    exempt: Type.Boolean(),
    conditions: Type.Array(Type.Object({
      kind: Type.Unsafe<ConditionKind>(Type.String({ enum: [...CONDITION_KINDS] })),
      met: Type.Boolean(),
    })),
    request: Type.Union([Type.Object({
      id: Type.Integer(),
      state: Type.Unsafe<RequestState>(Type.String({ enum: [...REQUEST_STATES] })),
      expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When an approval through it ends; null while not approved or when it never ends' }),
    }), Type.Null()], { description: 'The newest data access request the viewer made or is an accessor of, for a ManagedACT requirement' }),
});

export const ConditionStatusSchema = Type.Object({
  entityId: Type.String(),
  items: Type.Array(RequirementStatusSchema),
});

/** One requirement, wherever it is bound (a team's requirements, a click-wrap read before any entity). */
export const MyConditionsSchema = RequirementStatusSchema;

/** The conditions an AR puts on one user, in the order a user meets them. Pure: tested in conditions-status.test.ts. */
export function conditionsOf(ar: AccessRequirement, user: UserFacts | undefined, approved: boolean): { kind: ConditionKind; met: boolean }[] {
  const out: { kind: ConditionKind; met: boolean }[] = [];
  if (ar.type === 'Lock') return [{ kind: 'unlocked', met: false }];
  if (ar.type !== 'TermsOfUse') {
    if (ar.certifiedRequired) out.push({ kind: 'certified', met: user?.isCertified ?? false });
    if (ar.validatedRequired) out.push({ kind: 'validated', met: user?.isValidated ?? false });
  }
  if (ar.requires2fa) out.push({ kind: 'twoFactor', met: user?.has2fa ?? false });
  out.push({ kind: ar.type === 'ManagedACT' ? 'approved' : 'termsAccepted', met: approved });
  return out;
}

export async function conditionStatus(ctx: AppContext, viewer: Viewer, entityId: number) {
  // Takes the READ decision and answers 404/403 as the other restriction reads do.
  const [info] = (await restrictionInformation(ctx, viewer, [entityId])).items;
  const state = await ctx.decisions.state();
  const user = viewer ? state.user(viewer.id) : undefined;
  const now = ctx.clock.now();
  const items = [];
  for (const detail of info.restrictionDetails) {
    const ar = state.accessRequirement(detail.accessRequirementId);
    if (!ar) throw notFound(decisionMessages.doesNotExist(entityId));
    const conditions = conditionsOf(ar, user, detail.isApproved);
    // Certification and validation are checked when approved, not at download (SPEC §4): an approval meets the AR.
    const met = detail.isExempt || (detail.isMet && (!ar.requires2fa || (user?.has2fa ?? false)));
    items.push({
      accessRequirementId: ar.id,
      met,
      exempt: detail.isExempt,
      conditions,
      request: viewer && ar.type === 'ManagedACT' ? await requestOf(ctx, viewer.id, ar.id, now) : null,
    });
  }
  return { entityId: formatEntityId(entityId), items };
}

/**
 * The signed-in user's standing on one access requirement, apart from any entity: what a team's requirements or
 * a click-wrap show before the user accepts. Exemptions and uploads are per entity, so neither applies here.
 */
export async function myConditions(ctx: AppContext, viewer: { id: number }, accessRequirementId: number) {
  const state = await ctx.decisions.state();
  const ar = state.accessRequirement(accessRequirementId);
  if (!ar) throw notFound(arMessages.notFound(accessRequirementId), 'ACCESS_REQUIREMENT_NOT_FOUND');
  const user = state.user(viewer.id);
  const now = ctx.clock.now();
  const approved = state.hasApproval(viewer.id, ar.id, now.getTime());
  const conditions = conditionsOf(ar, user, approved);
  return {
    accessRequirementId: ar.id,
    met: approved && (!ar.requires2fa || (user?.has2fa ?? false)),
    exempt: false,
    conditions,
    request: ar.type === 'ManagedACT' ? await requestOf(ctx, viewer.id, ar.id, now) : null,
  };
}

async function requestOf(ctx: AppContext, userId: number, arId: number, now: Date) {
  const [request] = await requestsWhere(ctx.db, 'access_requirement_id = $1 AND (requestor_id = $2 OR $2 = ANY(accessor_ids))', [arId, userId], 'ORDER BY modified_at DESC, id DESC LIMIT 1');
  if (!request) return null;
  let expiresAt: string | null = null;
  if (request.state === 'APPROVED') {
    const { items } = await store.listApprovals(ctx.db, { accessRequirementId: arId, accessorId: userId, state: 'APPROVED', limit: 50, offset: 0 });
    const standing = items.filter((a) => a.expiresOn === null || new Date(a.expiresOn) > now);
    if (standing.length > 0 && standing.every((a) => a.expiresOn !== null)) expiresAt = standing.map((a) => String(a.expiresOn)).sort().at(-1)!;
  }
  return { id: request.id, state: request.state, expiresAt };
}
