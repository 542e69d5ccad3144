import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { AppContext } from '../context.js';
import { badRequest, notFound } from '../infra/problem.js';
import { appendAudit } from '../auditlog/log.js';
import type { RequestUser } from './access.js';
import { termsOf, type FormField } from './form.js';
import { managedRequirement } from './forms.js';
import { requestMessages as msg } from './messages.js';
import { assertReviewer } from './review.js';
import { attachments, submissionsWhere, userBadges, type AttachmentRow, type SubmissionRow, type UserBadge } from './store.js';

/**
 * What leaves Gatehouse from the requests (SPEC §8): the public listing of approved uses, the zip of every
 * submission's DUC and attachments with a CSV index (for the data contributor), and a CSV of requests with
 * their answers. The exports are for ACT and the AR's reviewers and are recorded in the audit log.
 */

/** A CSV cell: quoted when needed; a leading formula character is neutralised for spreadsheets. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

// ---- Public listing of approved uses -----------------------------------------------------------------

/**
 * One row per request whose newest approved version still stands or ran out (not revoked): study lead,
 * institution, approval date and intended data use statement, newest first. Only for ARs whose intended data
 * use is public; any other AR answers 404.
 */
export async function approvedUses(ctx: AppContext, arId: number, page: { limit: number; offset: number }) {
  const ar = await managedRequirement(ctx.db, arId).catch(() => null);
  if (!ar || !termsOf(ar.settings).iduPublic) throw notFound(msg.noPublicListing(arId), 'NO_PUBLIC_LISTING');
  const base = `
    SELECT DISTINCT ON (s.request_id) s.request_id, s.answers, s.decided_at
    FROM request_submissions s JOIN data_access_requests r ON r.id = s.request_id
    WHERE s.access_requirement_id = $1 AND s.decision = 'APPROVED' AND s.state IN ('APPROVED', 'EXPIRED') AND r.state <> 'REVOKED'
    ORDER BY s.request_id, s.version DESC`;
  const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM (${base}) x`, [arId]);
  const rows = await ctx.db.query<{ request_id: number; answers: Record<string, unknown>; decided_at: Date }>(
    `SELECT * FROM (${base}) x ORDER BY decided_at DESC, request_id DESC LIMIT $2 OFFSET $3`,
    [arId, page.limit, page.offset],
  );
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    accessRequirementId: ar.id,
    accessRequirementName: ar.name,
    items: rows.map((r) => ({
      studyLead: text(r.answers.studyLead),
      institution: text(r.answers.institution),
      approvedOn: r.decided_at.toISOString(),
      intendedDataUse: text(r.answers.intendedDataUse),
    })),
    total,
  };
}

export async function approvedUsesCsv(ctx: AppContext, arId: number): Promise<string> {
  const all = await approvedUses(ctx, arId, { limit: 100_000, offset: 0 });
  return csvLine(['Study lead', 'Institution', 'Approval date', 'Intended data use statement']) +
    all.items.map((u) => csvLine([u.studyLead, u.institution, u.approvedOn.slice(0, 10), u.intendedDataUse])).join('');
}

// ---- Exports for ACT and reviewers -------------------------------------------------------------------

export interface Period {
  from: string;
  to: string;
}

function period(p: Period): { from: Date; to: Date } {
  const from = new Date(p.from);
  const to = new Date(p.to);
  if (!(from < to)) throw badRequest('BAD_PERIOD', msg.badRange);
  return { from, to };
}

async function submissionsIn(ctx: AppContext, arId: number, p: { from: Date; to: Date }): Promise<SubmissionRow[]> {
  return submissionsWhere(ctx.db, 's.access_requirement_id = $1 AND s.submitted_at >= $2 AND s.submitted_at < $3', [arId, p.from, p.to], 'ORDER BY s.submitted_at, s.id');
}

const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 150) || 'file';

const stamp = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One zip with every attachment (DUC, IRB approval, others) of the AR's submissions submitted in the period,
 * under request-<id>/v<version>/<field>/, and index.csv listing each submission and its files.
 */
export async function attachmentsZip(ctx: AppContext, user: RequestUser, arId: number, p: Period): Promise<{ stream: Readable; fileName: string; files: number }> {
  const ar = await managedRequirement(ctx.db, arId);
  await assertReviewer(ctx, user, arId);
  const range = period(p);
  const subs = await submissionsIn(ctx, arId, range);
  const requestIds = [...new Set(subs.map((s) => s.request_id))];
  const files = await attachments(ctx.db, 'ra.request_id = ANY ($1::bigint[])', [requestIds]);
  const byId = new Map(files.map((f) => [f.id, f]));
  const requestors = await ctx.db.query<{ id: number; requestor_id: number }>('SELECT id, requestor_id FROM data_access_requests WHERE id = ANY ($1::bigint[])', [requestIds]);
  const requestorOf = new Map(requestors.map((r) => [Number(r.id), Number(r.requestor_id)]));
  const badges = await userBadges(ctx.db, [...requestorOf.values()]);

  // Every attachment in the archive is looked up first: once the zip is under way, a missing one can only break it.
  const used = new Set(subs.flatMap((s) => s.fields.filter((f) => f.type === 'attachment')
    .flatMap((f) => (Array.isArray(s.answers[f.key]) ? (s.answers[f.key] as number[]) : []))));
  for (const file of files) {
    if (!used.has(file.id)) continue;
    try {
      await ctx.blobs.size(file.storage_key);
    } catch (err) {
      ctx.log.error({ err, attachmentId: file.id, blobId: file.blob_id, store: ctx.blobs.description }, 'the bytes of an attachment cannot be read from the blob store');
      throw err;
    }
  }

  const zip = new ZipFile();
  const mtime = ctx.clock.now();
  let index = csvLine(['Submission', 'Request', 'Version', 'State', 'Submitted on', 'Requestor', 'Study lead', 'Institution', 'Field', 'File name', 'Path in zip', 'Size', 'MD5']);
  let count = 0;
  for (const s of subs) {
    const requestor = badges.get(requestorOf.get(s.request_id) ?? 0);
    const head = [s.id, s.request_id, s.version, s.state, s.submitted_at.toISOString(), requestor?.username ?? '', s.answers.studyLead ?? '', s.answers.institution ?? ''];
    const named: { field: FormField; file: AttachmentRow }[] = [];
    for (const field of s.fields.filter((f) => f.type === 'attachment')) {
      const ids = Array.isArray(s.answers[field.key]) ? (s.answers[field.key] as number[]) : [];
      for (const id of ids) {
        const file = byId.get(id);
        if (file) named.push({ field, file });
      }
    }
    if (named.length === 0) index += csvLine([...head, '', '', '', '', '']);
    for (const { field, file } of named) {
      const path = `request-${s.request_id}/v${s.version}/${field.key}/${file.id}-${safeName(file.file_name)}`;
      index += csvLine([...head, field.label, file.file_name, path, file.size, file.md5]);
      zip.addReadStreamLazy(path, { mtime, size: file.size }, (callback) => {
        ctx.blobs.open(file.storage_key).then((stream) => callback(null, stream), (err: Error) => callback(err, undefined as never));
      });
      count++;
    }
  }
  zip.addBuffer(Buffer.from(index, 'utf8'), 'index.csv', { mtime });
  zip.on('error', (err: Error) => (zip.outputStream as Readable).destroy(err));
  zip.end();
  await ctx.db.tx(async (sql) => {
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request.attachments-exported', targetType: 'access-requirement', targetId: arId,
      details: { from: range.from.toISOString(), to: range.to.toISOString(), submissions: subs.map((s) => s.id), files: count },
    });
  });
  return { stream: zip.outputStream as Readable, fileName: `requests-${ar.id}-attachments-${stamp(range.from)}-${stamp(range.to)}.zip`, files: count };
}

/** An answer as a spreadsheet shows it. */
function answerText(field: FormField | undefined, value: unknown, users: Map<number, UserBadge>, files: Map<number, AttachmentRow>): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (field?.type === 'attachment') return value.map((id) => files.get(Number(id))?.file_name ?? String(id)).join('; ');
    if (field?.type === 'user-list') return value.map((id) => users.get(Number(id))?.username ?? String(id)).join('; ');
    return value.join('; ');
  }
  return String(value);
}

/** Every version submitted in the period, one row each, with every answer in a column of its own. */
export async function requestsCsv(ctx: AppContext, user: RequestUser, arId: number, p: Period): Promise<{ csv: string; fileName: string; rows: number }> {
  const ar = await managedRequirement(ctx.db, arId);
  await assertReviewer(ctx, user, arId);
  const range = period(p);
  const subs = await submissionsIn(ctx, arId, range);
  const requestIds = [...new Set(subs.map((s) => s.request_id))];
  const requestors = await ctx.db.query<{ id: number; requestor_id: number }>('SELECT id, requestor_id FROM data_access_requests WHERE id = ANY ($1::bigint[])', [requestIds]);
  const requestorOf = new Map(requestors.map((r) => [Number(r.id), Number(r.requestor_id)]));
  const userIds = subs.flatMap((s) => [
    ...s.accessor_ids, ...(s.decided_by ? [s.decided_by] : []), requestorOf.get(s.request_id) ?? 0,
    ...s.fields.filter((f) => f.type === 'user-list').flatMap((f) => (Array.isArray(s.answers[f.key]) ? (s.answers[f.key] as number[]) : [])),
  ]);
  const users = await userBadges(ctx.db, userIds);
  const files = new Map((await attachments(ctx.db, 'ra.request_id = ANY ($1::bigint[])', [requestIds])).map((f) => [f.id, f]));
  // One column per field across versions, in the order of the newest form that has it.
  const fixed = ['studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse', 'requestor'];
  const columns = new Map<string, FormField>();
  for (const s of [...subs].reverse()) for (const f of s.fields) if (!fixed.includes(f.key) && !columns.has(f.key)) columns.set(f.key, f);
  const extra = [...columns.values()];
  let csv = csvLine([
    'Request', 'Submission', 'Version', 'State', 'Submitted on', 'Decided on', 'Decided by', 'Reason', 'Requestor', 'Study lead', 'Institution',
    'Accessors', 'Access until', 'Intended data use statement', 'Changed fields', ...extra.map((f) => f.label),
  ]);
  for (const s of subs) {
    const fieldOf = new Map(s.fields.map((f) => [f.key, f]));
    csv += csvLine([
      s.request_id, s.id, s.version, s.state, s.submitted_at.toISOString(), s.decided_at?.toISOString() ?? '',
      s.decided_by ? users.get(s.decided_by)?.username ?? '' : '', s.reason ?? '', users.get(requestorOf.get(s.request_id) ?? 0)?.username ?? '',
      answerText(undefined, s.answers.studyLead, users, files), answerText(undefined, s.answers.institution, users, files),
      s.accessor_ids.map((id) => users.get(id)?.username ?? String(id)).join('; '), answerText(undefined, s.answers.accessUntil, users, files),
      answerText(undefined, s.answers.intendedDataUse, users, files), s.changed_fields.join('; '),
      ...extra.map((f) => answerText(fieldOf.get(f.key) ?? f, s.answers[f.key], users, files)),
    ]);
  }
  await ctx.db.tx(async (sql) => {
    await appendAudit(sql, ctx.clock, {
      actorId: user.id, action: 'request.requests-exported', targetType: 'access-requirement', targetId: arId,
      details: { from: range.from.toISOString(), to: range.to.toISOString(), submissions: subs.length },
    });
  });
  return { csv, fileName: `requests-${ar.id}-${stamp(range.from)}-${stamp(range.to)}.csv`, rows: subs.length };
}
