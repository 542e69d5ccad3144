import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { badRequest, conflict, forbidden, notFound, Problem } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { enqueueEmail, notifyUser } from '../notifications/outbox.js';
import { newSecret, secretHash } from '../identity/secrets.js';
import { createUser } from '../identity/users.js';
import { loadCallerUser, type CallerUser } from '../identity/caller.js';
import { startSession, type NewSession } from '../identity/signin.js';
import { actorFor, assertActUser, isActUser, type RequestUser } from './access.js';
import { LIMITS, termsOf } from './form.js';
import { managedRequirement } from './forms.js';
import { handle, viewRefusal, type RequestState } from './machine.js';
import { links } from './notices.js';
import { problemOf, snapshotOf } from './requests.js';
import { anyRequirement, findRequest, userBadges, type RequestRow } from './store.js';
import { accessorProblem } from './views.js';

/**
 * Invitations by email (SPEC §8, issue 14). A requestor invites someone — who may have no account yet — to join a
 * request as an accessor; ACT invites an external reviewer for one request or for every request of one AR. Each
 * invitation is a single-use link that expires (config `invitationExpiryDays`, 14 by default), sent through the
 * outbox. Its token is stored as its SHA-256 and is written in full only in the email: no API answer carries it,
 * and the API takes it in request bodies, never in addresses (which end up in logs).
 *
 * Accepting as an accessor applies the change the requestor asked for, with the checks of adding an accessor
 * today: the request must be open to changes (the state machine's SaveDraft, asked as the requestor), and the
 * person must meet the AR's accessor rules (`accessorProblem`, the same sentence). A refusal leaves the
 * invitation usable, so the person can get certified or validated and come back before it expires. Accepting as a
 * reviewer records an `invited_reviewers` row, which `actorFor` reads: the person is then a delegated reviewer of
 * that request or AR only, with the rules of delegated reviewers (validated; never their own request).
 */

export type InvitationKind = 'accessor' | 'reviewer';
export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'withdrawn', 'ended'] as const;
/** `ended`: a reviewer invitation accepted, whose review access ACT ended since. */
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** The signed-in user as invitations need them (CallerUser fits). */
export type InvitationUser = RequestUser & { username: string; email: string };

interface InvitationRow {
  id: number;
  kind: InvitationKind;
  email: string;
  access_requirement_id: number;
  request_id: number | null;
  invited_by: number;
  created_at: Date;
  expires_at: Date;
  accepted_by: number | null;
  accepted_at: Date | null;
  withdrawn_by: number | null;
  withdrawn_at: Date | null;
}

const COLUMNS = `id, kind, email, access_requirement_id, request_id, invited_by, created_at, expires_at, accepted_by, accepted_at,
  withdrawn_by, withdrawn_at`;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** Every sentence a person reads from invitations. */
export const invitationMessages = {
  badEmail: (email: string) => `"${email}" is not an email address.`,
  notFound: 'This invitation link is not valid. Open the whole link from the email, or ask for a new invitation.',
  invitationNotFound: (id: number) => `There is no invitation ${id} that you can see.`,
  expired: (on: Date, by: string) => `This invitation expired on ${ymd(on)}. Ask ${by} to invite you again.`,
  withdrawn: (by: string) => `${by} withdrew this invitation; it can no longer be accepted.`,
  used: (you: boolean) => you
    ? 'You accepted this invitation already; an invitation link works once.'
    : 'This invitation was accepted already; an invitation link works once.',
  wrongUser: (email: string, username: string) =>
    `This invitation was sent to ${email}, and you are signed in as ${username}. Sign in with the account of ${email}, or create one with that address, to accept it.`,
  alreadyPending: (email: string) => `${email} has an invitation to this request already that is waiting to be accepted; withdraw it first to send a new one.`,
  alreadyAccessor: (name: string) => `${name} is an accessor of this request already.`,
  acceptedCannotWithdraw: 'This invitation was accepted already; remove the accessor from the request instead.',
  underReview: (requestor: string) =>
    `This request is awaiting review, so no accessor can join it now. Accept the invitation once it has been decided, or ask ${requestor}.`,
  revoked: 'ACT revoked this request; no accessor can join it.',
  tooManyAccessors: (max: number) => `A request has at most ${max} accessors; this one is full.`,
  onlyRequestorInvites: 'Only the requestor may invite accessors to this request.',
  onlyRequestorSees: 'Only the requestor and ACT see the invitations of a request.',
  oneScope: 'Invite the reviewer either for one request (requestId) or for every request of one access requirement (accessRequirementId).',
  requestNotOfAr: (requestId: number, arId: number) => `Request ${requestId} is not a request for access requirement ${arId}.`,
  requestNotFound: (id: number) => `There is no data access request ${id} that you can see.`,
} as const;
const m = invitationMessages;

// ---- Reading --------------------------------------------------------------------------------------------

export function statusOf(row: InvitationRow, now: Date): InvitationStatus {
  if (row.accepted_at) return row.withdrawn_at ? 'ended' : 'accepted';
  if (row.withdrawn_at) return 'withdrawn';
  return row.expires_at <= now ? 'expired' : 'pending';
}

/** The SQL condition of a status (the same as statusOf). */
const STATUS_SQL: Record<InvitationStatus, string> = {
  pending: 'accepted_at IS NULL AND withdrawn_at IS NULL AND expires_at > $NOW',
  accepted: 'accepted_at IS NOT NULL AND withdrawn_at IS NULL',
  ended: 'accepted_at IS NOT NULL AND withdrawn_at IS NOT NULL',
  withdrawn: 'accepted_at IS NULL AND withdrawn_at IS NOT NULL',
  expired: 'accepted_at IS NULL AND withdrawn_at IS NULL AND expires_at <= $NOW',
};

const normalise = (row: InvitationRow): InvitationRow => ({
  ...row,
  id: Number(row.id),
  access_requirement_id: Number(row.access_requirement_id),
  request_id: row.request_id === null ? null : Number(row.request_id),
  invited_by: Number(row.invited_by),
  accepted_by: row.accepted_by === null ? null : Number(row.accepted_by),
  withdrawn_by: row.withdrawn_by === null ? null : Number(row.withdrawn_by),
});

async function byToken(sql: Sql, token: string, opts: { lock?: boolean } = {}): Promise<InvitationRow> {
  const row = await sql.maybeOne<InvitationRow>(
    `SELECT ${COLUMNS} FROM request_invitations WHERE token_sha256 = $1${opts.lock ? ' FOR UPDATE' : ''}`, [secretHash(token.trim())]);
  if (!row) throw notFound(m.notFound, 'INVITATION_NOT_FOUND');
  return normalise(row);
}

export interface InvitationView {
  id: number;
  kind: InvitationKind;
  email: string;
  status: InvitationStatus;
  accessRequirement: { id: number; name: string };
  requestId: number | null;
  invitedBy: { id: number; displayName: string };
  createdOn: string;
  expiresOn: string;
  acceptedBy: { id: number; username: string; displayName: string } | null;
  acceptedOn: string | null;
  withdrawnOn: string | null;
}

async function views(ctx: AppContext, sql: Sql, rows: InvitationRow[]): Promise<InvitationView[]> {
  const badges = await userBadges(sql, rows.flatMap((r) => [r.invited_by, ...(r.accepted_by ? [r.accepted_by] : [])]));
  const names = new Map<number, string>();
  for (const id of new Set(rows.map((r) => r.access_requirement_id))) names.set(id, (await anyRequirement(sql, id)).name);
  const now = ctx.clock.now();
  return rows.map((r) => {
    const accepted = r.accepted_by === null ? null : badges.get(r.accepted_by);
    return {
      id: r.id,
      kind: r.kind,
      email: r.email,
      status: statusOf(r, now),
      accessRequirement: { id: r.access_requirement_id, name: names.get(r.access_requirement_id) ?? '' },
      requestId: r.request_id,
      invitedBy: { id: r.invited_by, displayName: badges.get(r.invited_by)?.displayName ?? '' },
      createdOn: r.created_at.toISOString(),
      expiresOn: r.expires_at.toISOString(),
      acceptedBy: r.accepted_by === null ? null : { id: r.accepted_by, username: accepted?.username ?? '', displayName: accepted?.displayName ?? '' },
      acceptedOn: r.accepted_at?.toISOString() ?? null,
      withdrawnOn: r.withdrawn_at?.toISOString() ?? null,
    };
  });
}

async function oneView(ctx: AppContext, sql: Sql, id: number): Promise<InvitationView> {
  const row = await sql.one<InvitationRow>(`SELECT ${COLUMNS} FROM request_invitations WHERE id = $1`, [id]);
  return (await views(ctx, sql, [normalise(row)]))[0];
}

interface ListFilter { status?: InvitationStatus; limit: number; offset: number }

async function listWhere(ctx: AppContext, where: string, params: unknown[], filter: ListFilter) {
  // The time is a parameter only when the condition reads it: PostgreSQL wants every parameter's type known.
  const condition = filter.status ? STATUS_SQL[filter.status] : null;
  const used = condition?.includes('$NOW') ? [...params, ctx.clock.now()] : params;
  const clause = condition ? `${where} AND ${condition.replaceAll('$NOW', `$${used.length}`)}` : where;
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM request_invitations WHERE ${clause}`, used);
  const rows = await ctx.db.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM request_invitations WHERE ${clause} ORDER BY created_at DESC, id DESC LIMIT ${Number(filter.limit)} OFFSET ${Number(filter.offset)}`,
    used,
  );
  return { items: await views(ctx, ctx.db, rows.map(normalise)), total };
}

/** The request and the caller as the machine sees them; 404 when the caller may not see the request. */
async function visibleRequest(ctx: AppContext, user: RequestUser, requestId: number) {
  const request = await findRequest(ctx.db, requestId);
  if (!request) throw notFound(m.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  const actor = await actorFor(ctx, user, request.access_requirement_id, request.id);
  if (viewRefusal(snapshotOf(request), request.accessor_ids, actor) !== null) throw notFound(m.requestNotFound(requestId), 'REQUEST_NOT_FOUND');
  return { request, actor };
}

/** The invitations of a request, newest first (its requestor and ACT). */
export async function listRequestInvitations(ctx: AppContext, user: RequestUser, requestId: number, filter: ListFilter) {
  const { request } = await visibleRequest(ctx, user, requestId);
  if (request.requestor_id !== user.id && !isActUser(user)) throw forbidden('NOT_REQUESTOR', m.onlyRequestorSees);
  return listWhere(ctx, "kind = 'accessor' AND request_id = $1", [requestId], filter);
}

/** ACT's reviewer invitations, newest first, of an AR (with or without its requests' ones) or of a request. */
export async function listReviewerInvitations(ctx: AppContext, user: RequestUser, filter: ListFilter & { accessRequirementId?: number; requestId?: number }) {
  assertActUser(user);
  const where = ["kind = 'reviewer'"];
  const params: unknown[] = [];
  if (filter.accessRequirementId !== undefined) {
    params.push(filter.accessRequirementId);
    where.push(`access_requirement_id = $${params.length}`);
  }
  if (filter.requestId !== undefined) {
    params.push(filter.requestId);
    where.push(`request_id = $${params.length}`);
  }
  return listWhere(ctx, where.join(' AND '), params, filter);
}

// ---- Inviting -------------------------------------------------------------------------------------------

function cleanEmail(raw: string): string {
  const email = raw.trim();
  if (!EMAIL_PATTERN.test(email)) throw badRequest('BAD_EMAIL', m.badEmail(email));
  return email;
}

const accountOf = (sql: Sql, email: string) =>
  sql.maybeOne<{ id: number; display_name: string }>('SELECT id, display_name FROM users WHERE lower(email) = lower($1)', [email]);

async function insertInvitation(ctx: AppContext, sql: Sql, input: { kind: InvitationKind; email: string; arId: number; requestId: number | null; invitedBy: number }) {
  const token = newSecret();
  const now = ctx.clock.now();
  const days = Math.max(1, ctx.config.invitationExpiryDays);
  const expires = new Date(now.getTime() + days * 86_400_000);
  const row = await sql.one<{ id: number }>(
    `INSERT INTO request_invitations (kind, token_sha256, email, access_requirement_id, request_id, invited_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [input.kind, secretHash(token), input.email, input.arId, input.requestId, input.invitedBy, now, expires],
  );
  await appendAudit(sql, ctx.clock, {
    actorId: input.invitedBy, action: 'request.invitation-created', targetType: 'request-invitation', targetId: Number(row.id),
    details: { kind: input.kind, email: input.email, accessRequirementId: input.arId, requestId: input.requestId, expiresAt: expires.toISOString() },
  });
  return { id: Number(row.id), token, expires };
}

/** The link of the web app's invitation page; only the email carries it. */
const invitationLink = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/invitations/${token}`;

function emailBody(lines: string[], link: string, expires: Date): string {
  return [
    'Hello,', '', ...lines, '',
    'Open this link to see the invitation and accept it. Sign in, or create an account with this email address, to accept:',
    link, '',
    `The link works once and expires on ${ymd(expires)}. If you did not expect this invitation, ignore this email.`,
    '', '— Gatehouse',
  ].join('\n');
}

async function rulesSentence(sql: Sql, arId: number): Promise<string | null> {
  const terms = termsOf((await anyRequirement(sql, arId)).settings);
  if (terms.certifiedRequired && terms.validatedRequired) return 'Accessors of this request must be certified and have a validated profile.';
  if (terms.certifiedRequired) return 'Accessors of this request must be certified.';
  if (terms.validatedRequired) return 'Accessors of this request must have a validated profile.';
  return null;
}

/** The requestor invites someone by email to join the request as an accessor. */
export async function inviteAccessor(ctx: AppContext, user: InvitationUser, requestId: number, rawEmail: string): Promise<InvitationView> {
  const { actor } = await visibleRequest(ctx, user, requestId);
  const email = cleanEmail(rawEmail);
  return ctx.db.tx(async (sql) => {
    const request = (await findRequest(sql, requestId, { lock: true }))!;
    // The requestor may change the request now: the machine's answer to saving the draft.
    const outcome = handle(snapshotOf(request), actor, { type: 'SaveDraft' });
    if (!outcome.ok) {
      throw outcome.error.code === 'NOT_REQUESTOR' ? forbidden('NOT_REQUESTOR', m.onlyRequestorInvites) : problemOf(ctx, outcome.error);
    }
    const ar = await managedRequirement(sql, request.access_requirement_id);
    const account = await accountOf(sql, email);
    if (account && request.accessor_ids.includes(Number(account.id))) throw conflict('ALREADY_ACCESSOR', m.alreadyAccessor(account.display_name));
    const pending = await sql.maybeOne<{ id: number }>(
      `SELECT id FROM request_invitations WHERE request_id = $1 AND kind = 'accessor' AND lower(email) = lower($2)
         AND accepted_at IS NULL AND withdrawn_at IS NULL AND expires_at > $3`,
      [requestId, email, ctx.clock.now()],
    );
    if (pending) throw conflict('INVITATION_ALREADY_PENDING', m.alreadyPending(email), { invitationId: Number(pending.id) });
    const created = await insertInvitation(ctx, sql, { kind: 'accessor', email, arId: ar.id, requestId, invitedBy: user.id });
    const rules = await rulesSentence(sql, ar.id);
    await enqueueEmail(sql, ctx.clock, {
      kind: 'request.invitation',
      to: email,
      toUserId: account ? Number(account.id) : null,
      subject: `${user.displayName} invites you to a data access request for ${ar.name}`,
      body: emailBody([
        `${user.displayName} invites you to join their data access request #${requestId} for "${ar.name}" as an accessor.`,
        ...(rules ? [rules] : []),
      ], invitationLink(ctx, created.token), created.expires),
    });
    return oneView(ctx, sql, created.id);
  });
}

/** ACT invites an external reviewer by email, for one request or for every request of one AR. */
export async function inviteReviewer(ctx: AppContext, user: InvitationUser, input: { email: string; accessRequirementId?: number; requestId?: number }): Promise<InvitationView> {
  assertActUser(user);
  const email = cleanEmail(input.email);
  let request: RequestRow | null = null;
  if (input.requestId !== undefined) {
    request = await findRequest(ctx.db, input.requestId);
    if (!request) throw notFound(m.requestNotFound(input.requestId), 'REQUEST_NOT_FOUND');
    if (input.accessRequirementId !== undefined && input.accessRequirementId !== request.access_requirement_id) {
      throw badRequest('REQUEST_NOT_OF_REQUIREMENT', m.requestNotOfAr(input.requestId, input.accessRequirementId));
    }
  } else if (input.accessRequirementId === undefined) {
    throw badRequest('SCOPE_REQUIRED', m.oneScope);
  }
  const arId = request ? request.access_requirement_id : input.accessRequirementId!;
  return ctx.db.tx(async (sql) => {
    const ar = await managedRequirement(sql, arId);
    const account = await accountOf(sql, email);
    const created = await insertInvitation(ctx, sql, { kind: 'reviewer', email, arId, requestId: request?.id ?? null, invitedBy: user.id });
    const what = request
      ? `to review data access request #${request.id} for "${ar.name}"`
      : `to review the data access requests for "${ar.name}"`;
    await enqueueEmail(sql, ctx.clock, {
      kind: 'request.reviewer-invitation',
      to: email,
      toUserId: account ? Number(account.id) : null,
      subject: `${user.displayName} invites you ${request ? 'to review a data access request' : 'to review data access requests'} for ${ar.name}`,
      body: emailBody([
        `${user.displayName}, of the Access and Compliance Team, invites you ${what}.`,
        'Reviewers decide with a validated profile: once you accept, you are asked to submit your identity verification if you have not yet.',
      ], invitationLink(ctx, created.token), created.expires),
    });
    return oneView(ctx, sql, created.id);
  });
}

// ---- Opening and accepting ------------------------------------------------------------------------------

/** What an invitation is for, as its page shows it to whoever holds the link (signed in or not). */
export async function openInvitation(ctx: AppContext, user: InvitationUser | null, token: string) {
  const row = await byToken(ctx.db, token);
  const [view] = await views(ctx, ctx.db, [row]);
  const request = row.request_id === null ? null : await findRequest(ctx.db, row.request_id);
  const requestor = request ? (await userBadges(ctx.db, [request.requestor_id])).get(request.requestor_id) : undefined;
  const terms = termsOf((await anyRequirement(ctx.db, row.access_requirement_id)).settings);
  return {
    kind: view.kind,
    status: view.status,
    email: view.email,
    accessRequirement: view.accessRequirement,
    request: request ? { id: request.id, title: `Data access request #${request.id} by ${requestor?.displayName ?? ''}`, requestorName: requestor?.displayName ?? '' } : null,
    invitedBy: { displayName: view.invitedBy.displayName },
    expiresOn: view.expiresOn,
    accessorRules: { certifiedRequired: terms.certifiedRequired, validatedRequired: terms.validatedRequired },
    signedInAs: user ? { username: user.username, matches: user.email.toLowerCase() === row.email.toLowerCase() } : null,
  };
}

/** The named refusal of an invitation that cannot be used now (by this user, when given), or null. */
async function unusable(ctx: AppContext, sql: Sql, row: InvitationRow, user: InvitationUser | null): Promise<Problem | null> {
  const inviter = async () => (await userBadges(sql, [row.invited_by])).get(row.invited_by)?.displayName ?? 'the person who invited you';
  if (row.accepted_at) return conflict('INVITATION_USED', m.used(user !== null && row.accepted_by === user.id));
  if (row.withdrawn_at) return new Problem(410, 'INVITATION_WITHDRAWN', m.withdrawn(await inviter()));
  if (row.expires_at <= ctx.clock.now()) return new Problem(410, 'INVITATION_EXPIRED', m.expired(row.expires_at, await inviter()));
  if (user && user.email.toLowerCase() !== row.email.toLowerCase()) {
    return forbidden('INVITATION_WRONG_USER', m.wrongUser(row.email, user.username), { invitedEmail: row.email });
  }
  return null;
}

export interface Accepted {
  kind: InvitationKind;
  accessRequirementId: number;
  requestId: number | null;
  /** Where the web app goes next: the request, or what to review. */
  link: string;
}

/** The signed-in user accepts: joins the request as an accessor, or becomes a reviewer of what they were invited to. */
export async function acceptInvitation(ctx: AppContext, user: InvitationUser, token: string): Promise<Accepted> {
  return ctx.db.tx(async (sql) => {
    const row = await byToken(sql, token, { lock: true });
    const refusal = await unusable(ctx, sql, row, user);
    if (refusal) throw refusal;
    const now = ctx.clock.now();
    if (row.kind === 'accessor') {
      const request = (await findRequest(sql, row.request_id!, { lock: true }))!;
      await joinAsAccessor(ctx, sql, request, user);
    } else {
      await sql.query(
        `INSERT INTO invited_reviewers (invitation_id, user_id, access_requirement_id, request_id, granted_at) VALUES ($1, $2, $3, $4, $5)`,
        [row.id, user.id, row.access_requirement_id, row.request_id, now],
      );
    }
    await sql.query('UPDATE request_invitations SET accepted_by = $2, accepted_at = $3 WHERE id = $1', [row.id, user.id, now]);
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request.invitation-accepted', targetType: 'request-invitation', targetId: row.id,
      details: { kind: row.kind, email: row.email, accessRequirementId: row.access_requirement_id, requestId: row.request_id },
    });
    const link = row.kind === 'accessor' ? links.request(row.request_id!) : row.request_id !== null ? `/reviewing/requests/${row.request_id}` : `/act/requests?accessRequirementId=${row.access_requirement_id}`;
    await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
      kind: 'request.invitation-accepted',
      userId: row.invited_by,
      subject: `${user.displayName} accepted your invitation`,
      body: row.kind === 'accessor'
        ? `${user.displayName} (${user.username}) accepted your invitation and is now an accessor of data access request #${row.request_id}.`
        : `${user.displayName} (${user.username}) accepted your invitation to review${row.request_id !== null ? ` data access request #${row.request_id}` : ' the requests of the access requirement'}.`,
      link: row.kind === 'accessor' ? links.request(row.request_id!) : links.requirement(row.access_requirement_id),
    });
    return { kind: row.kind, accessRequirementId: row.access_requirement_id, requestId: row.request_id, link };
  });
}

/**
 * Adds the user to the request's accessors as the requestor adding them would: the request open to changes (asked
 * of the machine as the requestor, who asked for this change), the AR's accessor rules met, the limit kept.
 */
async function joinAsAccessor(ctx: AppContext, sql: Sql, request: RequestRow, user: InvitationUser): Promise<void> {
  const requestor = { kind: 'user' as const, id: request.requestor_id, isAct: false, isDelegatedReviewer: false, isValidated: false };
  const outcome = handle(snapshotOf(request), requestor, { type: 'SaveDraft' });
  if (!outcome.ok) {
    const name = (await userBadges(sql, [request.requestor_id])).get(request.requestor_id)?.displayName ?? 'the requestor';
    if (outcome.error.code === 'REQUEST_UNDER_REVIEW') throw conflict('REQUEST_UNDER_REVIEW', m.underReview(name));
    if (outcome.error.code === 'REQUEST_REVOKED') throw conflict('REQUEST_REVOKED', m.revoked);
    throw problemOf(ctx, outcome.error);
  }
  if (request.accessor_ids.includes(user.id)) return;
  const ar = await managedRequirement(sql, request.access_requirement_id);
  const badge = (await userBadges(sql, [user.id])).get(user.id);
  const problem = accessorProblem(badge, termsOf(ar.settings), user.username);
  if (problem) throw badRequest('ACCESSOR_REFUSED', problem, { refused: [{ userId: user.id, username: user.username, message: problem }] });
  if (request.accessor_ids.length >= LIMITS.accessors) throw conflict('TOO_MANY_ACCESSORS', m.tooManyAccessors(LIMITS.accessors));
  await sql.query(
    'UPDATE data_access_requests SET accessor_ids = array_append(accessor_ids, $2::bigint), etag = $3, modified_at = $4 WHERE id = $1',
    [request.id, user.id, randomUUID(), ctx.clock.now()],
  );
}

/**
 * Sign-up by invitation: whoever holds a usable invitation link creates an account with the address it was sent
 * to (holding the link shows they read that mailbox), and is signed in. They accept the terms of use, then the
 * invitation.
 */
export async function createAccountForInvitation(
  ctx: AppContext, http: FastifyRequest, token: string, input: { username: string; displayName: string; password: string },
): Promise<{ session: NewSession; user: CallerUser }> {
  const { session, userId } = await ctx.db.tx(async (sql) => {
    const row = await byToken(sql, token, { lock: true });
    const refusal = await unusable(ctx, sql, row, null);
    if (refusal) throw refusal;
    const userId = await createUser(sql, ctx.clock, { username: input.username, email: row.email, displayName: input.displayName.trim() || input.username, password: input.password },
      { actorId: null, passwordHashLog2N: ctx.config.passwordHashLog2N });
    await appendAudit(sql, ctx.clock, {
      actorId: userId, action: 'request.invitation-account-created', targetType: 'request-invitation', targetId: row.id,
      details: { userId, email: row.email },
    });
    const session = await startSession(sql, ctx, http, userId, { with: 'password', invitation: row.id });
    return { session, userId };
  });
  return { session, user: (await loadCallerUser(ctx.db, userId))!.user };
}

// ---- Withdrawing ----------------------------------------------------------------------------------------

/**
 * Withdraws an invitation (its inviter, the request's requestor for an accessor invitation, or ACT): a pending one
 * can no longer be accepted; an accepted reviewer invitation ends that reviewer's access. Withdrawing again
 * changes nothing.
 */
export async function withdrawInvitation(ctx: AppContext, user: RequestUser, id: number): Promise<InvitationView> {
  return ctx.db.tx(async (sql) => {
    const found = await sql.maybeOne<InvitationRow>(`SELECT ${COLUMNS} FROM request_invitations WHERE id = $1 FOR UPDATE`, [id]);
    const row = found && normalise(found);
    const request = row?.request_id ? await findRequest(sql, row.request_id) : null;
    const may = row && (isActUser(user) || row.invited_by === user.id || (row.kind === 'accessor' && request?.requestor_id === user.id));
    if (!row || !may) throw notFound(m.invitationNotFound(id), 'INVITATION_NOT_FOUND');
    if (row.withdrawn_at) return oneView(ctx, sql, id);
    if (row.accepted_at && row.kind === 'accessor') throw conflict('INVITATION_USED', m.acceptedCannotWithdraw);
    const now = ctx.clock.now();
    await sql.query('UPDATE request_invitations SET withdrawn_by = $2, withdrawn_at = $3 WHERE id = $1', [id, user.id, now]);
    if (row.accepted_at) {
      await sql.query('UPDATE invited_reviewers SET ended_at = $2, ended_by = $3 WHERE invitation_id = $1 AND ended_at IS NULL', [id, now, user.id]);
    }
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: row.accepted_at ? 'request.invited-reviewer-ended' : 'request.invitation-withdrawn',
      targetType: 'request-invitation', targetId: id,
      details: { kind: row.kind, email: row.email, accessRequirementId: row.access_requirement_id, requestId: row.request_id, reviewerId: row.accepted_by },
    });
    return oneView(ctx, sql, id);
  });
}

// ---- What an invited reviewer reviews -------------------------------------------------------------------

/** The requests and ARs the caller reviews by invitation, with where each waits. */
export async function reviewingByInvitation(ctx: AppContext, user: RequestUser) {
  const rows = await ctx.db.query<{ access_requirement_id: number; name: string; request_id: number | null; granted_at: Date; current_submission_id: number | null; state: string | null }>(
    `SELECT g.access_requirement_id, ar.name, g.request_id, g.granted_at, r.current_submission_id, r.state
       FROM invited_reviewers g JOIN access_requirements ar ON ar.id = g.access_requirement_id
       LEFT JOIN data_access_requests r ON r.id = g.request_id
      WHERE g.user_id = $1 AND g.ended_at IS NULL
      ORDER BY g.granted_at DESC, g.invitation_id DESC`,
    [user.id],
  );
  return {
    mayReview: isActUser(user) || user.isValidated,
    items: rows.map((r) => ({
      accessRequirement: { id: Number(r.access_requirement_id), name: r.name },
      request: r.request_id === null ? null : {
        id: Number(r.request_id), state: (r.state ?? 'DRAFT') as RequestState, currentSubmissionId: r.current_submission_id === null ? null : Number(r.current_submission_id),
      },
      since: r.granted_at.toISOString(),
    })),
  };
}
