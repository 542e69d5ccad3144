import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import { forbidden } from '../infra/problem.js';
import { waitingVerifications } from '../identity/verification.js';
import { isActUser, type RequestUser } from './access.js';
import { requestMessages as msg } from './messages.js';
import { awaitingReview } from './review.js';

/** How many of the oldest waiting items ACT's home lists under each count. */
export const QUEUE_PREVIEW = 5;

const Waited = { submittedOn: Type.String({ format: 'date-time' }), waitingDays: Type.Integer({ description: 'Whole days since it was submitted' }) };

export const ActQueueSchema = Type.Object({
  requests: Type.Object({
    waiting: Type.Integer({ description: 'Data access requests whose newest version is SUBMITTED, across every access requirement' }),
    oldest: Type.Array(Type.Object({
      submissionId: Type.Integer(), requestId: Type.Integer(), accessRequirementId: Type.Integer(), accessRequirementName: Type.String(),
      requestor: Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() }), ...Waited,
    }), { description: `The ${QUEUE_PREVIEW} that have waited longest, oldest first` }),
  }),
  verifications: Type.Object({
    waiting: Type.Integer({ description: 'Identity verification requests waiting for a decision' }),
    oldest: Type.Array(Type.Object({
      id: Type.Integer(), userId: Type.Integer(), username: Type.String(), name: Type.String(), institution: Type.String(), ...Waited,
    }), { description: `The ${QUEUE_PREVIEW} that have waited longest, oldest first` }),
  }),
});

const days = (now: number, at: Date) => Math.floor((now - at.getTime()) / 86_400_000);

/** ACT's work queue in one read: what waits for review, oldest first (ACT only). */
export async function actQueue(ctx: AppContext, user: RequestUser) {
  if (!isActUser(user)) throw forbidden('ACT_REQUIRED', msg.actOnly);
  const requests = (await awaitingReview(ctx, user, {})).items;
  const verifications = await waitingVerifications(ctx.db, QUEUE_PREVIEW);
  const now = ctx.clock.now().getTime();
  return {
    requests: {
      waiting: requests.length,
      oldest: requests.slice(0, QUEUE_PREVIEW).map(({ version: _v, accessorCount: _a, ...r }) => r),
    },
    verifications: {
      waiting: verifications.waiting,
      oldest: verifications.oldest.map((v) => ({
        id: v.id, userId: v.userId, username: v.username, name: `${v.firstName} ${v.lastName}`.trim(), institution: v.institution,
        submittedOn: v.createdAt, waitingDays: days(now, new Date(v.createdAt)),
      })),
    },
  };
}
