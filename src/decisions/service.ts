import type { Clock } from '../infra/clock.js';
import type { Db } from '../infra/db.js';
import { requestScope } from '../infra/requestscope.js';
import {
  checkAclChange, checkMove, decide, permissionsSummary, restrictionInformation, unmetTeamAccessRequirements,
  type DecisionRequest, type PermissionsSummary, type RestrictionInformation,
} from './engine.js';
import type { Action, Decision, EntityType, AccessType } from './model.js';
import type { DecisionState } from './state.js';
import type { DecisionIndex } from './live.js';

/**
 * Every access decision of the server goes through here: each call first syncs the index with every write
 * committed before it (docs/adr/0007), then runs the pure engine.
 */
export class Decisions {
  constructor(readonly index: DecisionIndex, private readonly clock: Clock, private readonly db: Db) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  /** The index, synced: for reads the calls below do not cover (benefactor, path, bindings). */
  async state(): Promise<DecisionState> {
    // Inside a transaction the sync would read that transaction's uncommitted changes (and on PGlite wait for
    // the connection the transaction holds). Decide first, then open the transaction.
    if (this.db.inTransaction()) throw new Error('Access decisions are taken outside database transactions (docs/adr/0007).');
    // Within an HTTP request, a catch-up already made since the request arrived is enough (docs/adr/0007).
    await this.index.sync(requestScope.getStore()?.arrivedAt);
    return this.index.current;
  }

  async decide(request: Omit<DecisionRequest, 'now'>): Promise<Decision> {
    const state = await this.state();
    return decide(state, { ...request, now: this.now() });
  }

  /** One user, many entities (one sync for the batch). */
  async decideMany(userId: number | null, entityIds: readonly number[], action: Action, extra: { createType?: EntityType } = {}): Promise<Decision[]> {
    const state = await this.state();
    const createType = extra.createType;
    const now = this.now();
    return entityIds.map((entityId) => decide(state, { userId, entityId, action, now, createType }));
  }

  /** One entity, many users. */
  async decideForUsers(entityId: number, userIds: readonly (number | null)[], action: Action): Promise<Decision[]> {
    const state = await this.state();
    const now = this.now();
    return userIds.map((userId) => decide(state, { userId, entityId, action, now }));
  }

  async share(userId: number | null, entityId: number, shareChange: readonly AccessType[]): Promise<Decision> {
    return this.decide({ userId, entityId, action: 'SHARE', shareChange });
  }

  async permissions(userId: number | null, entityId: number): Promise<PermissionsSummary | undefined> {
    return permissionsSummary(await this.state(), userId, entityId, this.now());
  }

  async restrictionInformation(userId: number | null, entityId: number): Promise<RestrictionInformation | undefined> {
    return restrictionInformation(await this.state(), userId, entityId, this.now());
  }

  async checkMove(userId: number | null, entityId: number, newParentId: number): Promise<Decision> {
    return checkMove(await this.state(), userId, entityId, newParentId);
  }

  async checkAclChange(entityId: number, principalIds: Iterable<number>): Promise<Decision> {
    return checkAclChange(await this.state(), entityId, principalIds);
  }

  async unmetTeamAccessRequirements(userId: number, teamId: number): Promise<number[]> {
    return unmetTeamAccessRequirements(await this.state(), userId, teamId, this.now());
  }
}
