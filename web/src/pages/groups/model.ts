/**
 * The shapes of the managed-group, authorization-domain and runtime answers (docs/contract/issue5-api.md), kept
 * beside the pages that use them; `Group` and `AuthorizationDomain` in types.ts are the parts other pages need.
 */

export type GroupRole = 'admin' | 'member';

export interface ManagedGroup {
  id: number;
  name: string;
  description: string;
  accessInstructions: string | null;
  memberCount: number;
  adminCount: number;
  createdAt: string;
  createdBy: number | null;
  myRole: GroupRole | null;
  isMember: boolean;
  isAdmin: boolean;
  thirdParty: boolean;
  authorizationDomainCount: number;
  /** When I asked for access and it is still open. */
  accessRequestedAt: string | null;
}

export interface GroupMember {
  principalId: number;
  type: 'user' | 'group';
  name: string;
  displayName: string;
  role: GroupRole;
  source: 'manual' | 'allowlist';
  addedAt: string;
}

export interface AccessRequestAnswer {
  requested: boolean;
  notifiedAdmins: number;
  accessInstructions: string | null;
  /** Set when an open request was made before: nobody was told again. */
  alreadyRequestedAt: string | null;
}

/** An open request for access, as the group's admins see it. */
export interface OpenAccessRequest {
  user: { id: number; username: string; displayName: string };
  message: string;
  requestedAt: string;
}

export interface Allowlist {
  group: string;
  issuer: string;
  issuerName: string | null;
  source: 'upload' | 'url' | 'file';
  url: string | null;
  path: string | null;
  entryCount: number;
  fetchedAt: string | null;
  validityHours: number;
  validUntil: string | null;
  fresh: boolean;
  lastFetchAttemptAt: string | null;
  lastFetchError: string | null;
  lastSyncAt: string | null;
  configuredBy: number | null;
  configuredAt: string;
}

export interface SyncResult {
  added: number[];
  removed: number[];
  fresh: boolean;
  fetchError: string | null;
}

export interface Issuer {
  issuer: string;
  name: string;
  linkDays: number;
}

export interface ExternalLink {
  id: number;
  issuer: string;
  issuerName: string;
  externalId: string;
  linkedAt: string;
  expiresAt: string;
  expired: boolean;
}

export interface DomainGroup {
  id: number;
  name: string;
  isMember: boolean;
  accessInstructions: string | null;
}

export interface Domain {
  projectId: string;
  projectName: string;
  groups: DomainGroup[];
  missingGroups: number[];
}

export interface NoAccessProject {
  projectId: string;
  /** Null when only `entity` inside the project is shared with me. */
  name: string | null;
  /** Asked with ?entityId=: the folder or file inside the project. */
  entity?: { id: string; name: string; type: string };
  groups: { id: number; name: string; isMember: boolean; hasAccessInstructions: boolean }[];
  missingGroups: number[];
}

export interface CopyResult {
  entity: { id: string; name: string; type: string; parentId: string | null; projectId: string };
  authorizationDomain: { id: number; name: string }[];
  copied: number;
  skipped: string[];
}

export type RuntimeStatus = 'running' | 'stopping' | 'stopped' | 'stop_failed';

export interface Runtime {
  id: number;
  projectId: string;
  userId: number;
  username: string;
  name: string;
  kind: 'vm' | 'notebook' | 'other';
  externalId: string | null;
  status: RuntimeStatus;
  createdAt: string;
  stopRequestedAt: string | null;
  stopRequestedBy: number | null;
  stopReason: string | null;
  stoppedAt: string | null;
  orchestratorResult: { delivered: boolean; status: number | null; body: string | null; error: string | null; at: string } | null;
}

/** The §9 name rule, as the server checks it (src/groups/rules.ts). */
export const GROUP_NAME_MAX = 60;
export const GROUP_NAME_RULE = 'Letters, digits, “-” and “_” only, at most 60 characters; unique whatever the case.';

export function groupNameProblem(name: string): string | null {
  if (name.length === 0) return null;
  if (name.length > GROUP_NAME_MAX) return `A group name has at most ${GROUP_NAME_MAX} characters.`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return 'A group name may contain only letters, digits, "-" and "_".';
  return null;
}

export const groupUrl = (name: string) => `/groups/${encodeURIComponent(name)}`;

/** "in 12 days", "3 days ago", "in 45 minutes", "2 hours ago". */
export function daysFromNow(at: string, now = Date.now()): string {
  const ms = new Date(at).getTime() - now;
  const abs = Math.abs(ms);
  const say = (n: number, unit: string) => {
    const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
    return ms >= 0 ? `in ${text}` : `${text} ago`;
  };
  if (abs < 3_600_000) return say(Math.max(1, Math.round(abs / 60_000)), 'minute');
  if (abs < 86_400_000) return say(Math.round(abs / 3_600_000), 'hour');
  return say(Math.round(abs / 86_400_000), 'day');
}
