import type { AppContext } from '../context.js';
import { forbidden, type Problem } from '../infra/problem.js';
import { isReviewer } from '../accessrequirements/requirements.js';
import { ERRORS, type Actor } from './machine.js';
import { requestMessages as msg } from './messages.js';
import { isInvitedReviewer } from './invitedreviewers.js';

/** The signed-in user as the requests capability needs them (CallerUser fits). */
export interface RequestUser {
  id: number;
  displayName: string;
  isAct: boolean;
  isAdmin: boolean;
  isValidated: boolean;
}

export const isActUser = (u: RequestUser) => u.isAct || u.isAdmin;

/**
 * The user as the state machine sees them for one AR. Whether they hold REVIEW_SUBMISSIONS is read from the
 * decision index, so call this before the transaction (the index reads committed rows only; docs/adr/0007).
 * An external reviewer invited for the AR, or for `requestId`, is a delegated reviewer too (invitedreviewers.ts).
 */
export async function actorFor(ctx: AppContext, user: RequestUser, arId: number, requestId?: number): Promise<Actor & { kind: 'user' }> {
  const act = isActUser(user);
  return {
    kind: 'user',
    id: user.id,
    isAct: act,
    isDelegatedReviewer: act ? false : (await isReviewer(ctx, user.id, arId)) || (await isInvitedReviewer(ctx.db, user.id, arId, requestId)),
    isValidated: user.isValidated,
  };
}

export function assertActUser(user: RequestUser): void {
  if (!isActUser(user)) throw forbidden('ACT_REQUIRED', msg.actOnly);
}

/** The web app's page where a user submits their identity verification (web/src/App.tsx, /profile/verification). */
export const VERIFICATION_PAGE = '/profile/verification';

/** Where a delegated reviewer who is not validated yet goes to lift REVIEWER_NOT_VALIDATED. */
export const verificationUrl = (ctx: AppContext): string => `${ctx.config.publicUrl}${VERIFICATION_PAGE}`;

/**
 * The 403 of a delegated reviewer who is not validated yet (SPEC §8: a delegated reviewer must be validated), with
 * the reason and the way to lift it: the verification page of the web app.
 */
export function reviewerNotValidated(ctx: AppContext): Problem {
  return forbidden('REVIEWER_NOT_VALIDATED', ERRORS.REVIEWER_NOT_VALIDATED.detail, { verificationUrl: verificationUrl(ctx) });
}
