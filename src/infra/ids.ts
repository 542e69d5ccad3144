import { badRequest } from './problem.js';

/**
 * Ids are integers from database sequences (see docs/adr/0004-ids.md). Entities are shown with the
 * `syn` prefix that researchers know from Synapse; every other id is a plain integer.
 */
export const formatEntityId = (id: number) => `syn${id}`;

export function parseEntityId(raw: string): number {
  const match = /^(?:syn)?(\d{1,15})$/i.exec(raw.trim());
  if (!match) throw badRequest('BAD_ID', `"${raw}" is not an entity id; entity ids look like syn123.`);
  return Number(match[1]);
}

export function parseId(raw: string | number, what = 'id'): number {
  const n = typeof raw === 'number' ? raw : /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw badRequest('BAD_ID', `"${raw}" is not a valid ${what}.`);
  return n;
}

/** Principal ids fixed by the first migration. */
export const PUBLIC = 1;
export const AUTHENTICATED = 2;
export const ANONYMOUS = 3;
export const ADMIN_TEAM = 4;
export const ACT_TEAM = 5;
/** Role teams added with egress (migrations/0090_egress_sources.sql). */
export const SECURITY_TEAM = 6;
export const GOVERNANCE_TEAM = 7;
/** The teams that stand for a role: membership changes through users' roles, not from the team page. */
export const ROLE_TEAMS: readonly number[] = [ADMIN_TEAM, ACT_TEAM, SECURITY_TEAM, GOVERNANCE_TEAM];
