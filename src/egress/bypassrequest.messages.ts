import { formatBytes } from './policy.js';

/** Every sentence a user sees from large data download requests (bypassrequests.ts, bypassrequest.routes.ts). */
export const bypassRequestMessages = {
  notFound: (id: number) => `There is no large data download request ${id} that you can see.`,
  tooManyPending: (max: number) =>
    `You have ${max} large data download requests waiting for a decision already; withdraw one or wait for a decision before asking again.`,
  decided: (id: number, state: string) => `Large data download request ${id} is ${state} already.`,
  notPending: (id: number, state: string) => `Large data download request ${id} is ${state}; only a pending request can be withdrawn.`,
  notRequester: 'Only the user who asked may withdraw a large data download request.',
  untilBeforeFrom: 'The end of the window must come after its start.',
  justificationRequired: 'Say what the transfer is and why it is approved; the security engineers read it.',
  reasonRequired: 'Say why; the reason is recorded and the user is told.',
  projectNotFound: (id: string) => `There is no project ${id}.`,
  // Notices
  requestedSubject: (id: number, username: string) => `Large data download request ${id} from ${username}`,
  requestedBody: (username: string, bytes: number, justification: string) =>
    `${username} asks for a bypass window for ${formatBytes(bytes)} of egress:\n\n${justification}\n\nApprove or decline it.`,
  approvedSubject: (id: number) => `Your large data download request ${id} is approved`,
  approvedBody: (capBytes: number, from: Date, until: Date, reason: string) =>
    `A security engineer approved your request: up to ${formatBytes(capBytes)} of egress is let through from ${from.toISOString()} ` +
    `until ${until.toISOString()}. ${reason}`,
  declinedSubject: (id: number) => `Your large data download request ${id} is declined`,
  declinedBody: (reason: string) => `A security engineer declined your request: ${reason}`,
} as const;
