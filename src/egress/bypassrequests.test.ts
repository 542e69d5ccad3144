import { describe, expect, it } from 'vitest';
import { Problem } from '../infra/problem.js';
import { transition, type Command, type RequestState } from './bypassrequests.js';

/** The request's states, every command from every state: where it leads, or the problem it is refused with. */
const STATES: RequestState[] = ['pending', 'approved', 'declined', 'withdrawn'];
const COMMANDS: Command[] = [
  { kind: 'approve', engineer: true }, { kind: 'decline', engineer: true },
  { kind: 'withdraw', byRequester: true }, { kind: 'withdraw', byRequester: false },
];
const outcome = (state: RequestState, c: Command) => {
  try {
    return transition(7, state, c);
  } catch (e) {
    return e instanceof Problem ? `${e.status} ${e.code}` : 'threw';
  }
};

describe('a large data download request', () => {
  it('leaves pending once, by an approval, a decline or the requester withdrawing it; every other step is refused with a code', () => {
    const table = Object.fromEntries(STATES.map((s) => [s, COMMANDS.map((c) => outcome(s, c))]));
    expect(table).toEqual({
      pending: ['approved', 'declined', 'withdrawn', '403 BYPASS_REQUEST_NOT_REQUESTER'],
      approved: ['409 BYPASS_REQUEST_DECIDED', '409 BYPASS_REQUEST_DECIDED', '409 BYPASS_REQUEST_NOT_PENDING', '403 BYPASS_REQUEST_NOT_REQUESTER'],
      declined: ['409 BYPASS_REQUEST_DECIDED', '409 BYPASS_REQUEST_DECIDED', '409 BYPASS_REQUEST_NOT_PENDING', '403 BYPASS_REQUEST_NOT_REQUESTER'],
      withdrawn: ['409 BYPASS_REQUEST_DECIDED', '409 BYPASS_REQUEST_DECIDED', '409 BYPASS_REQUEST_NOT_PENDING', '403 BYPASS_REQUEST_NOT_REQUESTER'],
    });
  });
});
