import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { badRequest, conflict, forbidden, notFound, validationFailed } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyUser } from '../notifications/outbox.js';
import { arMessages as msg } from './messages.js';
import { defaultExpiryDays } from './settings.js';
import { assertAct, getRequirement, isReviewer, type Actor } from './requirements.js';
import * as store from './store.js';
import type { ApprovalView, ArRow } from './store.js';

/**
 * Approvals (SPEC §4): (AR, accessor, submitter, AR version, APPROVED|REVOKED, expires on). A user may hold
 * several for one AR; an AR is met by a user who holds one that is APPROVED and unexpired. Approvals are for
 * users only: they never count for the accessor's teams (§5).
 *
 * Who approves: ACT, for any AR but a Lock; the user themself, for TermsOfUse and SelfSign (click-wrap).
 * ManagedACT approvals come from data access requests (§8); a Lock is never approved.
 */

const arLink = (id: number) => `/access-requirements/${id}`;

export interface GrantInput {
  accessRequirementId: number;
  accessorId: number;
  /** ISO date-time; default: the AR's expiration period (ManagedACT), else never. */
  expiresOn?: string | null;
}

export async function grantApproval(ctx: AppContext, actor: Actor, input: GrantInput): Promise<ApprovalView> {
  assertAct(actor);
  const now = ctx.clock.now();
  let expiresOn: Date | null | undefined;
  if (input.expiresOn !== undefined && input.expiresOn !== null) {
    expiresOn = new Date(input.expiresOn);
    if (Number.isNaN(expiresOn.getTime())) {
      throw validationFailed('The request is not valid: body.expiresOn must be a date-time.', [{ field: 'body.expiresOn', message: 'must match format "date-time"' }]);
    }
    if (expiresOn <= now) throw badRequest('EXPIRY_IN_PAST', msg.expiryInPast);
  }
  return ctx.db.tx(async (sql) => {
    const ar = await liveRequirement(sql, input.accessRequirementId);
    if (ar.type === 'Lock') throw badRequest('LOCK_CANNOT_BE_APPROVED', msg.lockNotApprovable);
    const accessor = await sql.maybeOne<{ kind: string; username: string | null; status: string | null }>(
      'SELECT p.kind, u.username, u.status FROM principals p LEFT JOIN users u ON u.id = p.id WHERE p.id = $1',
      [input.accessorId],
    );
    if (!accessor) throw notFound(`There is no user ${input.accessorId}.`, 'USER_NOT_FOUND');
    if (accessor.kind !== 'user') throw badRequest('ACCESSOR_NOT_USER', msg.accessorNotUser(input.accessorId));
    if (accessor.status !== 'active') throw conflict('USER_NOT_ACTIVE', msg.accessorNotActive(accessor.username ?? String(input.accessorId)));
    if (expiresOn === undefined) {
      const days = input.expiresOn === null ? null : defaultExpiryDays(ar.type, ar.settings);
      expiresOn = days === null ? null : new Date(now.getTime() + days * 86_400_000);
    }
    const id = await insertApproval(sql, ctx, ar, input.accessorId, actor.id, expiresOn, 'act');
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'access-approval.granted', targetType: 'access-approval', targetId: id,
      details: { accessRequirementId: ar.id, accessRequirementVersion: ar.version, accessorId: input.accessorId, expiresOn: expiresOn?.toISOString() ?? null },
    });
    await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
      kind: 'access-approval.granted', userId: input.accessorId, link: arLink(ar.id), ...msg.notices.granted(ar.name, expiresOn),
    });
    return store.approvalJson((await store.findApproval(sql, id))!);
  });
}

/** Revokes one approval; the accessor's other approvals for the same AR stay. */
export async function revokeApproval(ctx: AppContext, actor: Actor, approvalId: number, rawReason: string): Promise<ApprovalView> {
  assertAct(actor);
  const reason = rawReason.trim();
  if (!reason) throw validationFailed('Give the reason for revoking; it is sent to the accessor.', [{ field: 'body.reason', message: 'must not be blank' }]);
  return ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ id: number; state: string; access_requirement_id: number; accessor_id: number }>(
      'SELECT id, state, access_requirement_id, accessor_id FROM approvals WHERE id = $1 FOR UPDATE',
      [approvalId],
    );
    if (!row) throw notFound(msg.approvalNotFound(approvalId), 'APPROVAL_NOT_FOUND');
    if (row.state === 'REVOKED') throw conflict('ALREADY_REVOKED', msg.alreadyRevoked(approvalId));
    await sql.query(
      `UPDATE approvals SET state = 'REVOKED', revoked_reason = $2, modified_by = $3, modified_at = $4 WHERE id = $1`,
      [approvalId, reason, actor.id, ctx.clock.now()],
    );
    const ar = await sql.one<{ name: string }>('SELECT name FROM access_requirements WHERE id = $1', [row.access_requirement_id]);
    await appendAudit(sql, ctx.clock, {
      actorId: actor.id, action: 'access-approval.revoked', targetType: 'access-approval', targetId: approvalId,
      details: { accessRequirementId: row.access_requirement_id, accessorId: row.accessor_id, reason },
    });
    await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
      kind: 'access-approval.revoked', userId: row.accessor_id, link: arLink(row.access_requirement_id), ...msg.notices.revoked(ar.name, reason),
    });
    return store.approvalJson((await store.findApproval(sql, approvalId))!);
  });
}

/**
 * The user approves themself for a TermsOfUse or SelfSign AR (click-wrap). Consent must be informed: the caller
 * names the version of the text it showed the user (`shownVersion`); when that is not the version in force the
 * acceptance is refused (409 TERMS_CHANGED, with the current text) and nothing is written. SelfSign checks the
 * tiers it asks for. Accepting again while an approval of the current version stands returns that approval
 * (created: false).
 */
export async function acceptRequirement(
  ctx: AppContext,
  user: Actor,
  accessRequirementId: number,
  shownVersion: number | undefined,
): Promise<{ approval: ApprovalView; created: boolean }> {
  if (shownVersion === undefined) {
    throw validationFailed(msg.versionRequired, [{ field: 'body.version', message: 'is required: the version of the terms the user read' }]);
  }
  return ctx.db.tx(async (sql) => {
    const ar = await liveRequirement(sql, accessRequirementId);
    if (ar.type === 'TermsOfUse' || ar.type === 'SelfSign') {
      if (shownVersion !== ar.version) {
        throw conflict('TERMS_CHANGED', msg.termsChanged(ar.name, shownVersion, ar.version), {
          shownVersion, currentVersion: ar.version, accessRequirement: await store.view(sql, ar),
        });
      }
    }
    if (ar.type === 'ManagedACT') throw forbidden('DATA_ACCESS_REQUEST_REQUIRED', msg.managedNeedsRequest);
    if (ar.type === 'Lock') throw forbidden('LOCK_CANNOT_BE_APPROVED', msg.lockNotApprovable);
    if (ar.type === 'SelfSign') {
      const tiers = await sql.one<{ is_certified: boolean; is_validated: boolean }>(
        'SELECT is_certified, is_validated FROM users WHERE id = $1',
        [user.id],
      );
      const needsCertified = ar.settings.certifiedRequired === true && !tiers.is_certified;
      const needsValidated = ar.settings.validatedRequired === true && !tiers.is_validated;
      if (needsCertified || needsValidated) {
        const missing = [...(needsCertified ? ['certified'] : []), ...(needsValidated ? ['validated'] : [])];
        const detail = needsCertified && needsValidated ? msg.mustBeCertifiedAndValidated : needsCertified ? msg.mustBeCertified : msg.mustBeValidated;
        throw forbidden(needsCertified ? 'CERTIFICATION_REQUIRED' : 'VALIDATION_REQUIRED', detail, { missing });
      }
    }
    const now = ctx.clock.now();
    const standing = await sql.maybeOne<{ id: number }>(
      `SELECT id FROM approvals WHERE access_requirement_id = $1 AND accessor_id = $2 AND state = 'APPROVED'
         AND access_requirement_version = $3 AND (expires_on IS NULL OR expires_on > $4)
       ORDER BY id DESC LIMIT 1`,
      [ar.id, user.id, ar.version, now],
    );
    if (standing) return { approval: store.approvalJson((await store.findApproval(sql, standing.id))!), created: false };
    const id = await insertApproval(sql, ctx, ar, user.id, user.id, null, 'self');
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'access-approval.accepted', targetType: 'access-approval', targetId: id,
      details: { accessRequirementId: ar.id, accessRequirementVersion: ar.version, shownVersion, type: ar.type },
    });
    return { approval: store.approvalJson((await store.findApproval(sql, id))!), created: true };
  });
}

/** The caller's standing on one AR: approved now or not, until when, and every approval they hold or held. */
export async function approvalStatus(ctx: AppContext, user: Actor, accessRequirementId: number) {
  const ar = await getRequirement(ctx, accessRequirementId);
  const state = await ctx.decisions.state();
  const now = ctx.clock.now();
  // A Lock is never approved, whatever rows the store may hold (as the engine judges it).
  const isApproved = ar.type !== 'Lock' && state.hasApproval(user.id, ar.id, now.getTime());
  const { items } = await store.listApprovals(ctx.db, { accessRequirementId, accessorId: user.id, limit: 500, offset: 0 });
  const standing = items.filter((a) => a.state === 'APPROVED' && (a.expiresOn === null || new Date(a.expiresOn) > now));
  const expiresOn = !isApproved || standing.length === 0 || standing.some((a) => a.expiresOn === null)
    ? null
    : standing.map((a) => a.expiresOn as string).sort().at(-1) ?? null;
  return { accessRequirementId, accessRequirementVersion: ar.version, isApproved, expiresOn, approvals: items };
}

/** ACT and admins see every approval; a reviewer those of the ARs they review; anyone their own. */
export async function listApprovals(ctx: AppContext, actor: Actor, filter: store.ApprovalFilter) {
  const allowed = actor.isAct || actor.isAdmin || filter.accessorId === actor.id ||
    (filter.accessRequirementId !== undefined && (await isReviewer(ctx, actor.id, filter.accessRequirementId)));
  if (!allowed) throw forbidden('APPROVALS_FORBIDDEN', msg.approvalsForbidden);
  return store.listApprovals(ctx.db, filter);
}

// ---------------------------------------------------------------------------------------------------------

async function liveRequirement(sql: Sql, id: number): Promise<ArRow> {
  // FOR SHARE: a concurrent update waits, so the approval records the version it was granted on.
  const row = await sql.maybeOne<ArRow>(`SELECT ${store.AR_COLUMNS} FROM access_requirements WHERE id = $1 AND deleted_at IS NULL FOR SHARE`, [id]);
  if (!row) throw notFound(msg.notFound(id), 'ACCESS_REQUIREMENT_NOT_FOUND');
  return row;
}

/**
 * Inserts an APPROVED approval of the AR's current version; returns its id. `grantedBy` is who granted it (the
 * ACT member, the reviewer who approved the request, the user accepting a click-wrap): its created_by, which the
 * audit's self-approval query reads; `submitterId` who asked for it.
 */
export async function insertApproval(
  sql: Sql,
  ctx: AppContext,
  ar: ArRow,
  accessorId: number,
  submitterId: number,
  expiresOn: Date | null,
  source: 'act' | 'self' | 'request',
  grantedBy: number | null = submitterId,
): Promise<number> {
  const now = ctx.clock.now();
  const { id } = await sql.one<{ id: number }>(
    `INSERT INTO approvals (access_requirement_id, accessor_id, submitter_id, access_requirement_version, state, expires_on,
       source, created_by, created_at, modified_by, modified_at)
     VALUES ($1, $2, $3, $4, 'APPROVED', $5, $6, $8, $7, $8, $7) RETURNING id`,
    [ar.id, accessorId, submitterId, ar.version, expiresOn, source, now, grantedBy],
  );
  return id;
}
