/**
 * The pure rules of managed groups and third-party allowlists (SPEC §9): no database, no clock, no network.
 */

export const GROUP_NAME_MAX = 60;
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9_-]{1,60}$/;
export const DESCRIPTION_MAX = 2000;
export const INSTRUCTIONS_MAX = 4000;
export const MESSAGE_MAX = 2000;

export type GroupRole = 'admin' | 'member';

/** Why a group name is refused, or null. */
export function groupNameProblem(name: string): string | null {
  if (name.length === 0) return 'Give the group a name.';
  if (name.length > GROUP_NAME_MAX) return `A group name has at most ${GROUP_NAME_MAX} characters.`;
  if (!GROUP_NAME_PATTERN.test(name)) return 'A group name may contain only letters, digits, "-" and "_".';
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Allowlists

export const EXTERNAL_ID_MAX = 256;
export const ALLOWLIST_MAX_ENTRIES = 200_000;

/** External account ids are compared whatever their case (eRA Commons ids are). */
export const normalizeExternalId = (id: string): string => id.trim().toLowerCase();

export class AllowlistFormatError extends Error {}

/**
 * Reads an allowlist: a JSON array of ids (or {"entries": [...]}) or text with one id per line (the first
 * column of a CSV or TSV line); blank lines and lines starting with # are skipped. Ids come back normalized,
 * each once, in their first order.
 */
export function parseAllowlist(content: string): string[] {
  const text = content.replace(/^\uFEFF/, '').trim();
  let raw: unknown[];
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AllowlistFormatError('The allowlist looks like JSON but is not valid JSON.');
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { entries?: unknown }).entries;
    if (!Array.isArray(list)) throw new AllowlistFormatError('A JSON allowlist is an array of ids, or an object with an "entries" array.');
    raw = list;
  } else {
    raw = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.split(/[,\t;]/)[0].trim().replace(/^"(.*)"$/, '$1'));
  }
  const seen = new Set<string>();
  const out: string[] = [];
  raw.forEach((value, i) => {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new AllowlistFormatError(`Entry ${i + 1} of the allowlist is not an id.`);
    }
    const id = normalizeExternalId(String(value));
    if (id === '') return;
    if (id.length > EXTERNAL_ID_MAX || /[\u0000-\u001f\u007f]/.test(id)) {
      throw new AllowlistFormatError(`Entry ${i + 1} of the allowlist is not a valid external account id.`);
    }
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  });
  if (out.length > ALLOWLIST_MAX_ENTRIES) throw new AllowlistFormatError(`An allowlist holds at most ${ALLOWLIST_MAX_ENTRIES} ids.`);
  return out;
}

/** A list older than its validity period counts as empty (fail closed); one never read is stale too. */
export function isAllowlistFresh(fetchedAt: Date | null, validityHours: number, now: Date): boolean {
  if (fetchedAt === null) return false;
  return now.getTime() < fetchedAt.getTime() + validityHours * 3_600_000;
}

export interface AllowlistFacts {
  entries: readonly string[];
  fetchedAt: Date | null;
  validityHours: number;
}

export interface LinkFacts {
  userId: number;
  externalId: string;
  expiresAt: Date;
}

/** The users a third-party group should have as members now: an unexpired link whose id is on a fresh list. */
export function eligibleUsers(list: AllowlistFacts, links: readonly LinkFacts[], now: Date): Set<number> {
  const users = new Set<number>();
  if (!isAllowlistFresh(list.fetchedAt, list.validityHours, now)) return users;
  const onList = new Set(list.entries);
  for (const link of links) {
    if (link.expiresAt.getTime() > now.getTime() && onList.has(normalizeExternalId(link.externalId))) users.add(link.userId);
  }
  return users;
}

export interface CurrentMember {
  memberId: number;
  role: GroupRole;
  isUser: boolean;
}

/**
 * What a sync changes: the members (role member) become exactly the eligible users; admins stay as they are
 * (an admin counts as a member already). Nested groups are not members of a third-party group.
 */
export function planSync(current: readonly CurrentMember[], eligible: ReadonlySet<number>): { add: number[]; remove: number[] } {
  const present = new Set(current.map((m) => m.memberId));
  const add = [...eligible].filter((id) => !present.has(id)).sort((a, b) => a - b);
  const remove = current
    .filter((m) => m.role === 'member' && (!m.isUser || !eligible.has(m.memberId)))
    .map((m) => m.memberId)
    .sort((a, b) => a - b);
  return { add, remove };
}
