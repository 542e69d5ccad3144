import type { AccessChange } from '../decisions/live.js';
import type { Caller } from './caller.js';

export interface CachedCaller {
  caller: Caller;
  disabled: boolean;
  userId: number;
  /** Epoch ms when the token or session expires. */
  expiresAt: number;
  tokenId?: number;
}

const MAX_ENTRIES = 50_000;

/**
 * Signed-in callers by credential (docs/adr/0011), so that a request with a token or a session cookie costs no
 * database round trip beyond the decision index's sync. Entries follow the access change log: a revoked or
 * deleted token, an ended session, and any change to the user or their teams drop them, on every process, at
 * the sync that precedes the next request.
 *
 * A lookup that began before an invalidation must not store what it read: `begin()` returns the invalidation
 * epoch, and `put` keeps the entry only if no invalidation happened since.
 */
export class CallerCache {
  private readonly entries = new Map<string, CachedCaller>();
  private readonly keysOfUser = new Map<number, Set<string>>();
  private epoch = 0;

  begin(): number {
    return this.epoch;
  }

  get(key: string, now: number): CachedCaller | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  put(key: string, entry: CachedCaller, startedAt: number): void {
    if (startedAt !== this.epoch) return;
    if (this.entries.size >= MAX_ENTRIES) this.clear();
    this.entries.set(key, entry);
    let keys = this.keysOfUser.get(entry.userId);
    if (!keys) this.keysOfUser.set(entry.userId, (keys = new Set()));
    keys.add(key);
  }

  /** Follows one change of the access change log; null = the index reloaded everything. */
  apply(change: AccessChange | null): void {
    if (change === null) return this.clear();
    const row = change.row as Record<string, unknown>;
    switch (change.tbl) {
      case 'users':
        return this.dropUser(row.id as number);
      case 'team_members':
        return this.dropUser(row.user_id as number);
      case 'access_tokens':
        return this.dropKey(tokenKey(row.token_hash as string));
      case 'sessions':
        return this.dropKey(sessionKey(row.id as string));
      case 'platform_terms':
        return this.clear();
    }
  }

  private dropUser(userId: number): void {
    this.epoch++;
    for (const key of this.keysOfUser.get(userId) ?? []) this.entries.delete(key);
    this.keysOfUser.delete(userId);
  }

  private dropKey(key: string): void {
    this.epoch++;
    this.entries.delete(key);
  }

  private clear(): void {
    this.epoch++;
    this.entries.clear();
    this.keysOfUser.clear();
  }
}

export const tokenKey = (tokenHash: string) => `t:${tokenHash}`;
export const sessionKey = (sessionId: string) => `s:${sessionId}`;
