import type { Db } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import type { Logger } from 'pino';
import { performance } from 'node:perf_hooks';
import { MemoryState, callerOf, type Caller } from './state.js';
import type { AccessRequirementAccessType, AccessRequirementType, AccessType, EntityType } from './model.js';

/**
 * The decision index: a MemoryState mirroring the database, kept current through the access change log
 * (docs/adr/0007-decision-consistency.md).
 *
 * The consistency rule, by name: READ-YOUR-WRITES-EVERYWHERE. Before a decision, the index applies every change
 * committed before the decision was asked for (`sync`), on whichever process asks. A write that removes access
 * is acknowledged only after its transaction committed, and its change-log row committed with it, so no later
 * decision on any process grants on the old state.
 */
export class DecisionIndex {
  private state!: LiveState;
  private version = 0;
  private currentTerms: string | null = null;
  private readonly userTerms = new Map<number, string | null>();
  /** Approval ids in the database → ids in the MemoryState. */
  private readonly approvalIds = new Map<number, number>();
  private running: Promise<void> | null = null;
  /** performance.now() at the start of the newest catch-up (or reload) that has completed. */
  private lastCompletedStart = -Infinity;
  private queued: Promise<void> | null = null;
  /** Told of every change applied, and of every full reload (null): caches built on the log follow it. */
  private readonly listeners: ((change: AccessChange | null) => void)[] = [];
  /** Changes applied since start, and full reloads; for /metrics and tests. */
  readonly stats = { applied: 0, reloads: 0, syncs: 0 };

  private constructor(private readonly db: Db, private readonly clock: Clock, private readonly log?: Logger) {}

  static async open(db: Db, clock: Clock, log?: Logger): Promise<DecisionIndex> {
    const index = new DecisionIndex(db, clock, log);
    await index.reload();
    return index;
  }

  onChange(listener: (change: AccessChange | null) => void): void {
    this.listeners.push(listener);
  }

  /** The state as of the last sync; call sync() first to see every acknowledged write. */
  get current(): LiveState {
    return this.state;
  }

  get appliedVersion(): number {
    return this.version;
  }

  /**
   * Brings the index up to every change committed before this call. Concurrent callers share one catch-up, but
   * never one that started before they called: it could have missed a write acknowledged in between.
   */
  sync(notBefore?: number): Promise<void> {
    // A catch-up that started after `notBefore` (an HTTP request's arrival) and has completed read every write
    // acknowledged before then: nothing to do.
    if (notBefore !== undefined && this.lastCompletedStart >= notBefore) return Promise.resolve();
    if (this.queued) return this.queued;
    const previous = this.running ?? Promise.resolve();
    const next: Promise<void> = previous.then(() => {
      this.queued = null;
      this.running = next;
      return this.catchUp();
    }).finally(() => {
      if (this.running === next) this.running = null;
    });
    this.queued = next;
    return next;
  }

  private async catchUp(): Promise<void> {
    const started = performance.now();
    await this.readChanges();
    this.lastCompletedStart = Math.max(this.lastCompletedStart, started);
  }

  private async readChanges(): Promise<void> {
    this.stats.syncs++;
    for (;;) {
      const rows = await this.db.query<Change>(
        'SELECT seq, tbl, op, row FROM access_changes WHERE seq > $1 ORDER BY seq LIMIT 5000',
        [this.version],
      );
      if (rows.length === 0) return;
      if (rows[0].seq !== this.version + 1) {
        // The log was pruned past what this process applied: start again from a full load.
        await this.reload();
        return;
      }
      for (const change of rows) {
        try {
          this.apply(change);
        } catch (err) {
          if (!(err instanceof ReloadNeeded)) this.log?.warn({ err, seq: change.seq }, 'decision index could not apply a change; reloading');
          await this.reload();
          return;
        }
        this.version = change.seq;
        this.stats.applied++;
        for (const listener of this.listeners) listener(change);
      }
      if (rows.length < 5000) return;
    }
  }

  /** Loads everything at one consistent snapshot, and the change-log position of that snapshot. */
  async reload(): Promise<void> {
    this.stats.reloads++;
    for (const listener of this.listeners) listener(null);
    const state = new LiveState(this.clock);
    this.userTerms.clear();
    this.approvalIds.clear();
    await this.db.tx(async (sql) => {
      await sql.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const { seq } = await sql.one<{ seq: number }>('SELECT coalesce(max(seq), 0)::bigint AS seq FROM access_changes');
      this.version = seq;
      const terms = await sql.maybeOne<{ version: string }>('SELECT version FROM platform_terms ORDER BY published_at DESC, version DESC LIMIT 1');
      this.currentTerms = terms?.version ?? null;
      this.state = state;
      for (const u of await sql.query<UserRow>(
        `SELECT id, status, is_certified, is_validated, totp_enabled_at IS NOT NULL AS has_2fa, terms_version, egress_suspended_until FROM users`,
      )) this.applyUser(u);
      for (const t of await sql.query<{ id: number }>('SELECT id FROM teams')) state.addTeam(t.id);
      for (const m of await sql.query<{ team_id: number; user_id: number }>('SELECT team_id, user_id FROM team_members')) {
        state.addMember(m.team_id, m.user_id);
      }
      // Managed groups (src/groups): registered like teams, then their members (users or nested groups).
      for (const g of await sql.query<{ id: number }>('SELECT id FROM managed_groups')) state.addTeam(g.id);
      for (const m of await sql.query<{ group_id: number; member_id: number }>('SELECT group_id, member_id FROM group_members')) {
        state.addMember(m.group_id, m.member_id);
      }
      const entities = await sql.query<EntityRow>('SELECT id, parent_id, type, data_type, trashed_at IS NOT NULL AS trashed, created_by FROM entities');
      const byParent = new Map<number | null, EntityRow[]>();
      for (const e of entities) {
        const list = byParent.get(e.parent_id);
        if (list) list.push(e);
        else byParent.set(e.parent_id, [e]);
      }
      // Parents before children, whatever their ids (a move can put a newer parent above an older child).
      const pending = [...(byParent.get(null) ?? [])];
      while (pending.length > 0) {
        const e = pending.pop()!;
        this.addEntity(e);
        const kids = byParent.get(e.id);
        if (kids) pending.push(...kids);
      }
      const acls = new Map<number, [number, AccessType[]][]>();
      for (const a of await sql.query<{ entity_id: number }>('SELECT entity_id FROM acls')) acls.set(a.entity_id, []);
      for (const e of await sql.query<AclEntryRow>('SELECT entity_id, principal_id, access_types FROM acl_entries')) {
        acls.get(e.entity_id)?.push([e.principal_id, e.access_types as AccessType[]]);
      }
      for (const [entityId, entries] of acls) state.setAcl(entityId, entries);
      for (const ar of await sql.query<RequirementRow>('SELECT id, type, settings, deleted_at IS NOT NULL AS deleted FROM access_requirements')) {
        this.applyRequirement(ar);
      }
      for (const s of await sql.query<SubjectRow>('SELECT access_requirement_id, subject_type, subject_id FROM access_requirement_subjects')) {
        this.applySubject(s, true);
      }
      const arAcls = new Map<number, [number, AccessRequirementAccessType[]][]>();
      for (const e of await sql.query<ArAclRow>('SELECT access_requirement_id, principal_id, access_types FROM access_requirement_acl')) {
        const list = arAcls.get(e.access_requirement_id) ?? [];
        list.push([e.principal_id, e.access_types as AccessRequirementAccessType[]]);
        arAcls.set(e.access_requirement_id, list);
      }
      for (const [id, entries] of arAcls) if (state.accessRequirement(id)) state.setAccessRequirementAcl(id, entries);
      const domains = new Map<number, number[]>();
      for (const d of await sql.query<{ project_id: number; group_id: number }>('SELECT project_id, group_id FROM authorization_domain_groups')) {
        domains.set(d.project_id, [...(domains.get(d.project_id) ?? []), d.group_id]);
      }
      for (const [projectId, groups] of domains) if (state.entity(projectId)) state.setAuthorizationDomain(projectId, groups);
      for (const a of await sql.query<ApprovalRow>(
        `SELECT id, access_requirement_id, accessor_id, state, expires_on FROM approvals WHERE state = 'APPROVED'`,
      )) this.applyApproval(a);
    });
  }

  private apply(change: Change): void {
    const { tbl, op } = change;
    const row = change.row as Record<string, unknown>;
    const s = this.state;
    switch (tbl) {
      case 'entities': {
        const e = row as unknown as EntityRow;
        if (op === 'INSERT') return this.addEntity(e);
        if (op === 'DELETE') {
          if (s.entity(e.id)) s.purge(e.id);
          return;
        }
        const before = s.entity(e.id);
        if (!before) return this.addEntity(e);
        if (before.parentId !== e.parent_id && e.parent_id !== null) s.move(e.id, e.parent_id);
        if (before.trashed !== e.trashed) (e.trashed ? s.trash(e.id) : s.restore(e.id));
        if (before.dataType !== e.data_type) s.setDataType(e.id, e.data_type as 'OPEN_DATA' | 'SENSITIVE_DATA');
        return;
      }
      case 'acls': {
        const entityId = row.entity_id as number;
        if (op === 'INSERT') {
          if (!s.acl(entityId)) s.setAcl(entityId, []);
        } else if (op === 'DELETE') s.removeAcl(entityId);
        return;
      }
      case 'acl_entries': {
        const e = row as unknown as AclEntryRow;
        const acl = s.acl(e.entity_id);
        // Entries deleted with their ACL may arrive after the ACL's own deletion.
        if (!acl) return;
        const entries = new Map<number, Iterable<AccessType>>(acl);
        if (op === 'DELETE') entries.delete(e.principal_id);
        else entries.set(e.principal_id, e.access_types as AccessType[]);
        s.setAcl(e.entity_id, entries);
        return;
      }
      case 'access_requirements':
        return this.applyRequirement(row as unknown as RequirementRow);
      case 'access_requirement_subjects':
        return this.applySubject(row as unknown as SubjectRow, op !== 'DELETE');
      case 'access_requirement_acl': {
        const e = row as unknown as ArAclRow;
        if (!s.accessRequirement(e.access_requirement_id)) return;
        const entries = new Map<number, Iterable<AccessRequirementAccessType>>(s.accessRequirementAcl(e.access_requirement_id) ?? []);
        if (op === 'DELETE') entries.delete(e.principal_id);
        else entries.set(e.principal_id, e.access_types as AccessRequirementAccessType[]);
        s.setAccessRequirementAcl(e.access_requirement_id, entries);
        return;
      }
      case 'approvals': {
        const a = row as unknown as ApprovalRow;
        const previous = this.approvalIds.get(a.id);
        if (previous !== undefined) {
          s.revoke(previous);
          this.approvalIds.delete(a.id);
        }
        if (op !== 'DELETE' && a.state === 'APPROVED') this.applyApproval(a);
        return;
      }
      case 'team_members': {
        const m = row as { team_id: number; user_id: number };
        if (op === 'INSERT') s.addMember(m.team_id, m.user_id);
        else if (op === 'DELETE') s.removeMember(m.team_id, m.user_id);
        return;
      }
      case 'authorization_domain_groups': {
        const d = row as { project_id: number; group_id: number };
        if (!s.entity(d.project_id)) return;
        const groups = new Set(s.authorizationDomain(d.project_id));
        if (op === 'DELETE') groups.delete(d.group_id);
        else groups.add(d.group_id);
        s.setAuthorizationDomain(d.project_id, groups);
        return;
      }
      case 'teams':
      case 'managed_groups':
        if (op === 'INSERT') s.addTeam(row.id as number);
        return;
      case 'group_members': {
        const m = row as { group_id: number; member_id: number };
        if (op === 'INSERT') s.addMember(m.group_id, m.member_id);
        else if (op === 'DELETE') s.removeMember(m.group_id, m.member_id);
        return;
      }
      case 'users':
        return this.applyUser(row as unknown as UserRow);
      case 'platform_terms':
        // Rare: a new version of the terms changes who has accepted the current one, for everyone.
        throw new ReloadNeeded();
    }
  }

  private addEntity(e: EntityRow): void {
    this.state.addEntity({ id: e.id, parentId: e.parent_id, type: e.type, createdBy: e.created_by, dataType: e.data_type as 'OPEN_DATA' | 'SENSITIVE_DATA' });
    if (e.trashed) this.state.trash(e.id);
  }

  private applyUser(u: UserRow): void {
    this.userTerms.set(u.id, u.terms_version);
    const until = u.egress_suspended_until ? new Date(u.egress_suspended_until).getTime() : null;
    this.state.setEgressSuspension(u.id, until);
    this.state.setUser(u.id, {
      isCertified: u.is_certified,
      isValidated: u.is_validated,
      has2fa: u.has_2fa,
      disabled: u.status === 'disabled',
      acceptedTerms: this.currentTerms === null || u.terms_version === this.currentTerms,
    });
  }

  private applyRequirement(ar: RequirementRow): void {
    const s = this.state;
    const settings = (ar.settings ?? {}) as Record<string, unknown>;
    const facts = {
      id: ar.id,
      type: ar.type,
      requires2fa: settings.requires2fa === true,
      certifiedRequired: settings.certifiedRequired === true,
      validatedRequired: settings.validatedRequired === true,
    };
    if (ar.deleted) {
      if (s.accessRequirement(ar.id)) s.removeAccessRequirement(ar.id);
    } else if (s.accessRequirement(ar.id)) {
      s.updateAccessRequirement(facts);
    } else {
      s.addAccessRequirement(facts);
    }
  }

  private applySubject(subject: SubjectRow, bound: boolean): void {
    const s = this.state;
    const { access_requirement_id: arId, subject_type: type, subject_id: id } = subject;
    if (!s.accessRequirement(arId)) return;
    if (type === 'entity') {
      if (!s.entity(id)) return;
      if (bound) s.bindAccessRequirement(arId, id);
      else s.unbindAccessRequirement(arId, id);
    } else if (bound) s.bindAccessRequirementToTeam(arId, id);
    else s.unbindAccessRequirementFromTeam(arId, id);
  }

  private applyApproval(a: ApprovalRow): void {
    if (!this.state.accessRequirement(a.access_requirement_id)) return;
    const expires = a.expires_on === null ? null : new Date(a.expires_on).getTime();
    this.approvalIds.set(a.id, this.state.approve(a.access_requirement_id, a.accessor_id, expires));
  }
}

class ReloadNeeded extends Error {}

/** The MemoryState with what depends on the clock: an egress suspension ends by itself. */
export class LiveState extends MemoryState {
  private readonly suspendedUntil = new Map<number, number>();
  constructor(private readonly clock: Clock) {
    super();
  }

  setEgressSuspension(userId: number, until: number | null): void {
    if (until === null) this.suspendedUntil.delete(userId);
    else this.suspendedUntil.set(userId, until);
  }

  override caller(userId: number): Caller | undefined {
    const caller = super.caller(userId);
    const until = this.suspendedUntil.get(userId);
    if (caller === undefined || until === undefined || until <= this.clock.now().getTime()) return caller;
    return callerOf({ ...caller, egressSuspended: true }, caller.principals, caller.principalIds);
  }
}

export type AccessChange = Change;
interface Change {
  seq: number;
  tbl: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  row: unknown;
}
interface UserRow {
  id: number;
  status: string;
  is_certified: boolean;
  is_validated: boolean;
  has_2fa: boolean;
  terms_version: string | null;
  egress_suspended_until: string | Date | null;
}
interface EntityRow {
  id: number;
  parent_id: number | null;
  type: EntityType;
  data_type: string;
  trashed: boolean;
  created_by: number;
}
interface AclEntryRow {
  entity_id: number;
  principal_id: number;
  access_types: string[];
}
interface RequirementRow {
  id: number;
  type: AccessRequirementType;
  settings: unknown;
  deleted: boolean;
}
interface SubjectRow {
  access_requirement_id: number;
  subject_type: 'entity' | 'team';
  subject_id: number;
}
interface ArAclRow {
  access_requirement_id: number;
  principal_id: number;
  access_types: string[];
}
interface ApprovalRow {
  id: number;
  access_requirement_id: number;
  accessor_id: number;
  state: string;
  expires_on: string | Date | null;
}
