import { Type, type Static } from '@sinclair/typebox';
import type { Sql } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { ACT_TEAM } from '../infra/ids.js';
import { badRequest, conflict, forbidden, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam, notifyUser } from '../notifications/outbox.js';
import type { CallerUser } from './caller.js';
import { changeTier } from './tiers.js';

/**
 * Identity verification: a user submits who they are with documents; ACT approves (the user becomes
 * *validated*), rejects with a reason, or later revokes an approval. One request per user is open at a time.
 */
export const VerificationSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  username: Type.String(),
  state: Type.Union([Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('revoked'), Type.Literal('withdrawn')]),
  firstName: Type.String(),
  lastName: Type.String(),
  institution: Type.String(),
  location: Type.String(),
  orcid: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  attachments: Type.Array(Type.Object({
    blobId: Type.Integer(),
    fileName: Type.String(),
    size: Type.Integer(),
    contentType: Type.String(),
  })),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decidedBy: Type.Union([Type.Integer(), Type.Null()], { description: 'The ACT member who decided last' }),
  decidedByName: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type Verification = Static<typeof VerificationSchema>;
export type VerificationState = Verification['state'];

interface VerificationRow {
  id: number;
  user_id: number;
  username: string;
  state: VerificationState;
  first_name: string;
  last_name: string;
  institution: string;
  location: string;
  orcid: string | null;
  note: string;
  created_at: Date;
  decided_at: Date | null;
  decided_by: number | null;
  decided_by_name: string | null;
  reason: string | null;
}

const SELECT = `SELECT v.id, v.user_id, u.username, v.state, v.first_name, v.last_name, v.institution, v.location, v.orcid, v.note,
                       v.created_at, v.decided_at, v.decided_by, d.display_name AS decided_by_name, v.reason
                FROM verification_requests v JOIN users u ON u.id = v.user_id LEFT JOIN users d ON d.id = v.decided_by`;

/** Verifications matching a condition on v (and u), with their attachments, in the order asked. */
export async function queryVerifications(sql: Sql, where: string, params: unknown[], tail = 'ORDER BY v.created_at DESC, v.id DESC'): Promise<Verification[]> {
  const rows = await sql.query<VerificationRow>(`${SELECT} WHERE ${where} ${tail}`, params);
  if (rows.length === 0) return [];
  const files = await sql.query<{ request_id: number; blob_id: number; file_name: string; size: number; content_type: string }>(
    `SELECT a.request_id, b.id AS blob_id, b.file_name, b.size, b.content_type
     FROM verification_attachments a JOIN blobs b ON b.id = a.blob_id WHERE a.request_id = ANY($1::bigint[]) ORDER BY b.id`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    state: r.state,
    firstName: r.first_name,
    lastName: r.last_name,
    institution: r.institution,
    location: r.location,
    orcid: r.orcid,
    note: r.note,
    attachments: files.filter((f) => f.request_id === r.id)
      .map((f) => ({ blobId: f.blob_id, fileName: f.file_name, size: Number(f.size), contentType: f.content_type })),
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    reason: r.reason,
  }));
}

/** One verification the caller may see (their own, or any for ACT); 404 otherwise, so as not to tell it exists. */
export async function visibleVerification(sql: Sql, caller: CallerUser, id: number): Promise<Verification> {
  const [found] = await queryVerifications(sql, 'v.id = $1', [id]);
  if (!found || (found.userId !== caller.id && !caller.isAct && !caller.isAdmin)) throw notFound(`There is no verification ${id}.`);
  return found;
}

export interface VerificationForm {
  firstName: string;
  lastName: string;
  institution: string;
  location: string;
  orcid: string | null;
  note: string;
}

export interface StoredAttachment {
  storageKey: string;
  size: number;
  md5: string;
  fileName: string;
  contentType: string;
}

/** Refuses a submission while another is open or the user is validated already. */
export async function assertMaySubmit(sql: Sql, userId: number): Promise<void> {
  const row = await sql.one<{ is_validated: boolean; open: number | null }>(
    `SELECT u.is_validated, (SELECT id FROM verification_requests WHERE user_id = u.id AND state = 'submitted' LIMIT 1) AS open
     FROM users u WHERE u.id = $1`,
    [userId],
  );
  if (row.open !== null) {
    throw conflict('VERIFICATION_OPEN', 'You have a verification request under review already; withdraw it to submit a new one.', { verificationId: row.open });
  }
  if (row.is_validated) throw conflict('ALREADY_VALIDATED', 'Your identity is verified already.');
}

export async function submitVerification(
  sql: Sql, clock: Clock, publicUrl: string, user: CallerUser, form: VerificationForm, files: StoredAttachment[],
): Promise<number> {
  // The lock makes the one-open-request rule hold when two submissions race.
  await sql.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [user.id]);
  await assertMaySubmit(sql, user.id);
  const now = clock.now();
  const { id } = await sql.one<{ id: number }>(
    `INSERT INTO verification_requests (user_id, state, first_name, last_name, institution, location, orcid, note, created_at)
     VALUES ($1, 'submitted', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [user.id, form.firstName, form.lastName, form.institution, form.location, form.orcid, form.note, now],
  );
  for (const file of files) {
    const blob = await sql.one<{ id: number }>(
      `INSERT INTO blobs (storage_key, size, md5, content_type, file_name, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [file.storageKey, file.size, file.md5, file.contentType, file.fileName, user.id, now],
    );
    await sql.query('INSERT INTO verification_attachments (request_id, blob_id) VALUES ($1, $2)', [id, blob.id]);
  }
  await appendAudit(sql, clock, {
    actorId: user.id, action: 'verification.submitted', targetType: 'verification', targetId: id,
    details: { userId: user.id, files: files.map((f) => ({ fileName: f.fileName, size: f.size, md5: f.md5 })) },
  });
  await notifyTeam(sql, clock, publicUrl, ACT_TEAM, {
    kind: 'verification.submitted',
    subject: `Identity verification to review: ${user.username}`,
    body: `${user.displayName} (${user.username}) asked to have their identity verified: ${form.firstName} ${form.lastName}, ${form.institution}.`,
    link: `/act/verifications/${id}`,
  });
  return id;
}

async function lockVerification(sql: Sql, id: number): Promise<{ user_id: number; state: VerificationState }> {
  const row = await sql.maybeOne<{ user_id: number; state: VerificationState }>('SELECT user_id, state FROM verification_requests WHERE id = $1 FOR UPDATE', [id]);
  if (!row) throw notFound(`There is no verification ${id}.`);
  return row;
}

const USER_LINK = '/profile/verification';

/** ACT approves (the user becomes validated) or rejects (with a reason) a submitted request; the user is told. */
export async function decideVerification(
  sql: Sql, clock: Clock, publicUrl: string, actorId: number, id: number, decision: 'approve' | 'reject', reason: string,
): Promise<void> {
  const v = await lockVerification(sql, id);
  if (decision === 'reject' && !reason) throw badRequest('REASON_REQUIRED', 'Say why the verification is rejected; the user is told the reason.');
  if (v.state !== 'submitted') throw conflict('NOT_SUBMITTED', `This verification is ${v.state}; only a submitted one can be decided.`);
  const state = decision === 'approve' ? 'approved' : 'rejected';
  await sql.query('UPDATE verification_requests SET state = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1',
    [id, state, actorId, clock.now(), reason || null]);
  await appendAudit(sql, clock, {
    actorId, action: `verification.${state}`, targetType: 'verification', targetId: id, details: { userId: v.user_id, ...(reason ? { reason } : {}) },
  });
  if (decision === 'approve') {
    await changeTier(sql, clock, {
      userId: v.user_id, tier: 'validated', granted: true, how: 'verification-approved', actorId, reason: reason || null, details: { verificationId: id },
    });
    await notifyUser(sql, clock, publicUrl, {
      kind: 'verification.approved', userId: v.user_id, link: USER_LINK,
      subject: 'Your identity verification was approved',
      body: `The Access and Compliance Team approved your identity verification: your profile is now validated.${reason ? `\n\nNote: ${reason}` : ''}`,
    });
  } else {
    await notifyUser(sql, clock, publicUrl, {
      kind: 'verification.rejected', userId: v.user_id, link: USER_LINK,
      subject: 'Your identity verification was not approved',
      body: `The Access and Compliance Team did not approve your identity verification.\n\nReason: ${reason}\n\nYou can submit a new request.`,
    });
  }
}

/** ACT revokes an approved verification: the user is no longer validated, and is told why. */
export async function revokeVerification(sql: Sql, clock: Clock, publicUrl: string, actorId: number, id: number, reason: string): Promise<void> {
  const v = await lockVerification(sql, id);
  if (!reason) throw badRequest('REASON_REQUIRED', 'Say why the verification is revoked; the user is told the reason.');
  if (v.state !== 'approved') throw conflict('NOT_APPROVED', `This verification is ${v.state}; only an approved one can be revoked.`);
  await sql.query('UPDATE verification_requests SET state = \'revoked\', decided_by = $2, decided_at = $3, reason = $4 WHERE id = $1',
    [id, actorId, clock.now(), reason]);
  await appendAudit(sql, clock, { actorId, action: 'verification.revoked', targetType: 'verification', targetId: id, details: { userId: v.user_id, reason } });
  await changeTier(sql, clock, {
    userId: v.user_id, tier: 'validated', granted: false, how: 'verification-revoked', actorId, reason, details: { verificationId: id },
  });
  await notifyUser(sql, clock, publicUrl, {
    kind: 'verification.revoked', userId: v.user_id, link: USER_LINK,
    subject: 'Your identity verification was revoked',
    body: `The Access and Compliance Team revoked your identity verification: your profile is no longer validated.\n\nReason: ${reason}`,
  });
}

/** The owner takes back a request that is still under review. */
export async function withdrawVerification(sql: Sql, clock: Clock, caller: CallerUser, id: number): Promise<void> {
  const v = await lockVerification(sql, id);
  if (v.user_id !== caller.id) {
    if (caller.isAct || caller.isAdmin) throw forbidden('NOT_OWNER', 'Only the user who submitted a verification can withdraw it.');
    throw notFound(`There is no verification ${id}.`);
  }
  if (v.state !== 'submitted') throw conflict('NOT_SUBMITTED', `This verification is ${v.state}; only a submitted one can be withdrawn.`);
  await sql.query('UPDATE verification_requests SET state = \'withdrawn\', decided_at = $2 WHERE id = $1', [id, clock.now()]);
  await appendAudit(sql, clock, { actorId: caller.id, action: 'verification.withdrawn', targetType: 'verification', targetId: id });
}

/** ACT's queue: how many verification requests wait for a decision, and the oldest of them first. */
export async function waitingVerifications(sql: Sql, limit: number): Promise<{ waiting: number; oldest: Verification[] }> {
  const { count } = await sql.one<{ count: number }>(`SELECT count(*)::int AS count FROM verification_requests WHERE state = 'submitted'`);
  const oldest = await queryVerifications(sql, `v.state = 'submitted'`, [limit], 'ORDER BY v.created_at, v.id LIMIT $1');
  return { waiting: count, oldest };
}
