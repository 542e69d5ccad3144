import type { AppContext } from '../context.js';
import { forbidden } from '../infra/problem.js';
import { arMessages as msg } from './messages.js';

/**
 * ARs bound to a team must be met to join it (SPEC §4). The teams capability calls this on every path that
 * makes a user a member (a manager adds them, accepts their request, or they accept an invitation).
 *
 * Call it BEFORE opening the transaction of the join, never inside one: it syncs the decision index, which
 * must only ever read committed changes (docs/adr/0007).
 */
export async function assertTeamRequirementsMet(ctx: AppContext, userId: number, teamId: number): Promise<void> {
  const unmet = await ctx.decisions.unmetTeamAccessRequirements(userId, teamId);
  if (unmet.length === 0) return;
  throw forbidden('TEAM_ACCESS_REQUIREMENTS_NOT_MET', msg.teamRequirementsUnmet(unmet), {
    accessRequirementIds: unmet,
    actionsRequired: unmet.map((accessRequirementId) => ({ type: 'MeetAccessRequirement', accessRequirementId })),
  });
}
