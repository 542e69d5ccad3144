import type { FastifyRequest } from 'fastify';
import type { Sql } from '../infra/db.js';
import { ACT_TEAM, ADMIN_TEAM, ANONYMOUS, AUTHENTICATED, GOVERNANCE_TEAM, PUBLIC, SECURITY_TEAM } from '../infra/ids.js';
import { forbidden, unauthenticated } from '../infra/problem.js';

export interface CallerUser {
  id: number;
  username: string;
  displayName: string;
  email: string;
  isAdmin: boolean;
  isAct: boolean;
  /** Security Engineer: sees and acts on egress (SPEC §10). */
  isSecurity: boolean;
  /** Director of Governance: no egress rights. */
  isGovernance: boolean;
  isCertified: boolean;
  isValidated: boolean;
  /** Has accepted the platform terms of use now in force. */
  acceptedTerms: boolean;
  twoFactorEnabled: boolean;
}

/** Who is asking, with the principal set that ACLs are matched against (SPEC §2). */
export interface Caller {
  user: CallerUser | null;
  principals: number[];
  via: 'session' | 'token' | 'anonymous';
  sessionId?: string;
  /** The runtime a token was made for: what it downloads is that runtime's egress too (SPEC §10). */
  runtimeId?: number;
}

export const anonymousCaller: Caller = { user: null, principals: [PUBLIC, ANONYMOUS], via: 'anonymous' };

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string;
  status: string;
  is_certified: boolean;
  is_validated: boolean;
  terms_version: string | null;
  totp_enabled_at: Date | null;
  current_terms: string | null;
  teams: number[] | null;
}

/** Loads a user with their teams; null when the user does not exist. `status` tells whether disabled. */
export async function loadCallerUser(sql: Sql, userId: number): Promise<{ user: CallerUser; principals: number[]; disabled: boolean } | null> {
  const row = await sql.maybeOne<UserRow>(
    `SELECT u.id, u.username, u.display_name, u.email, u.status, u.is_certified, u.is_validated, u.terms_version,
            u.totp_enabled_at,
            (SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1) AS current_terms,
            (SELECT array_agg(team_id ORDER BY team_id) FROM team_members WHERE user_id = u.id) AS teams
     FROM users u WHERE u.id = $1`,
    [userId],
  );
  if (!row) return null;
  const teams = (row.teams ?? []).map(Number);
  return {
    disabled: row.status === 'disabled',
    principals: [row.id, PUBLIC, AUTHENTICATED, ...teams],
    user: {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      isAdmin: teams.includes(ADMIN_TEAM),
      isAct: teams.includes(ACT_TEAM),
      isSecurity: teams.includes(SECURITY_TEAM),
      isGovernance: teams.includes(GOVERNANCE_TEAM),
      isCertified: row.is_certified,
      isValidated: row.is_validated,
      acceptedTerms: row.current_terms === null || row.terms_version === row.current_terms,
      twoFactorEnabled: row.totp_enabled_at !== null,
    },
  };
}

export const USER_DISABLED_MESSAGE = 'User is disabled.';

export interface RequireOptions {
  /** The few routes a user may call before accepting the platform terms of use. */
  allowWithoutTerms?: boolean;
}

/** The signed-in user, or a 401; a 403 when the current terms of use are not accepted. */
export function requireUser(request: FastifyRequest, options: RequireOptions = {}): CallerUser {
  const user = request.caller.user;
  if (!user) throw unauthenticated();
  if (!options.allowWithoutTerms && !user.acceptedTerms) {
    throw forbidden('TERMS_NOT_ACCEPTED', 'Accept the platform terms of use before you do this (see your profile).');
  }
  return user;
}

export function requireAdmin(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isAdmin) throw forbidden('ADMIN_REQUIRED', 'Only platform administrators may do this.');
  return user;
}

export function requireAct(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isAct && !user.isAdmin) throw forbidden('ACT_REQUIRED', 'Only members of the Access and Compliance Team may do this.');
  return user;
}

/** Security engineers and platform admins: egress sources, events, deliveries and incidents. */
export function requireSecurity(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isSecurity && !user.isAdmin) throw forbidden('SECURITY_REQUIRED', 'Only security engineers and platform administrators may do this.');
  return user;
}

/** The Director of Governance (and platform admins): reviews and approves audit reports (SPEC §11). */
export function requireGovernance(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isGovernance && !user.isAdmin) throw forbidden('GOVERNANCE_REQUIRED', 'Only the Director of Governance and platform administrators may do this.');
  return user;
}

/** Everyone the security audit involves: security engineers, ACT, governance and platform admins read audits. */
export function requireAuditReader(request: FastifyRequest): CallerUser {
  const user = requireUser(request);
  if (!user.isSecurity && !user.isAct && !user.isGovernance && !user.isAdmin) {
    throw forbidden('AUDIT_ACCESS_REQUIRED', 'Only security engineers, the Access and Compliance Team, governance and platform administrators may see audits.');
  }
  return user;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}
