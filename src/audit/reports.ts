import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { Sql } from '../infra/db.js';
import { GOVERNANCE_TEAM } from '../infra/ids.js';
import { conflict, forbidden, notFound, validationFailed } from '../infra/problem.js';
import type { CallerUser } from '../identity/caller.js';
import { appendAudit } from '../auditlog/log.js';
import { notifyTeam, notifyUser } from '../notifications/outbox.js';
import { assembleReport, loadRuns, type QueryName, type ReportModel, type ReportStatus } from './report.js';
import { reportHtml } from './reporthtml.js';
import { reportPdf } from './reportpdf.js';
import { reportXlsx } from './reportxlsx.js';
import { queryCsv } from './reportcsv.js';

/**
 * The report's life (src/audit/README.md "Reports"):
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved (frozen: model and files stored)
 *     ▲                  │
 *     └──── rejected ◀───┘ reject (with a comment; back to the engineer who submitted it)
 *            └──submit──▶ submitted …
 *
 * A draft, submitted or rejected report is assembled from the findings as they are each time it is read; an
 * approved one is served from the blob store exactly as it was approved.
 */
export type ReportState = 'draft' | 'submitted' | 'rejected' | 'approved';
export interface ReportFiles { html: string; pdf: string; xlsx: string; csv: Record<string, string> }
export interface ReportRow {
  id: number | string; kind: 'periodic' | 'annual'; run_ids: (number | string)[]; state: ReportState;
  created_by: number | string; created_at: Date | string; submitted_by: number | string | null; submitted_at: Date | string | null;
  approved_by: number | string | null; approved_at: Date | string | null; frozen_model: ReportModel | null; files: ReportFiles | null;
  creator_name: string; submitter_name: string | null; approver_name: string | null;
}
export const REPORT_SELECT = `SELECT r.*, c.display_name AS creator_name, s.display_name AS submitter_name, a.display_name AS approver_name
  FROM audit_reports r JOIN users c ON c.id = r.created_by LEFT JOIN users s ON s.id = r.submitted_by LEFT JOIN users a ON a.id = r.approved_by`;

export const reportNotFound = (id: number) => notFound(`There is no audit report ${id}.`, 'AUDIT_REPORT_NOT_FOUND');

export async function loadReport(sql: Sql, id: number): Promise<ReportRow> {
  const row = await sql.maybeOne<ReportRow>(`${REPORT_SELECT} WHERE r.id = $1`, [id]);
  if (!row) throw reportNotFound(id);
  return row;
}

export async function loadReviews(sql: Sql, id: number) {
  const rows = await sql.query<{ at: Date | string; actor_id: number | string; actor: string; action: 'submitted' | 'approved' | 'rejected'; comment: string }>(
    `SELECT v.at, v.actor_id, u.display_name AS actor, v.action, v.comment FROM audit_report_reviews v JOIN users u ON u.id = v.actor_id
     WHERE v.report_id = $1 ORDER BY v.at, v.id`, [id]);
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), actorId: Number(r.actor_id), actor: r.actor, action: r.action, comment: r.comment }));
}

export async function statusOf(sql: Sql, row: ReportRow): Promise<ReportStatus> {
  return {
    state: row.state,
    reviews: (await loadReviews(sql, Number(row.id))).map(({ actorId: _, ...r }) => r),
    approvedBy: row.approver_name, approvedAt: row.approved_at ? new Date(row.approved_at).toISOString() : null,
  };
}

/** The report's model: as approved, or assembled now from the current findings. */
export async function modelOf(ctx: AppContext, row: ReportRow): Promise<ReportModel> {
  if (row.frozen_model) return row.frozen_model;
  return assembleReport(ctx.db, { reportId: Number(row.id), kind: row.kind, runIds: row.run_ids.map(Number), preparedBy: row.creator_name, now: ctx.clock.now() });
}

export async function createReport(ctx: AppContext, user: CallerUser, body: { kind: 'periodic' | 'annual'; runId?: number; runIds?: number[] }): Promise<number> {
  let runIds: number[];
  if (body.kind === 'periodic') {
    if (body.runId === undefined) {
      throw validationFailed('A periodic report covers one audit run: give its id as runId.', [{ field: 'body.runId', message: 'is required', code: 'REQUIRED', sentence: 'Choose the audit run the report covers.' }]);
    }
    runIds = [body.runId];
  } else {
    const ids = [...new Set(body.runIds ?? [])];
    if (ids.length !== 2) {
      throw validationFailed('An annual report combines two audit cycles: give the ids of two different runs as runIds.', [{ field: 'body.runIds', message: 'must hold two different run ids', code: body.runIds === undefined ? 'REQUIRED' : 'INVALID', sentence: 'Choose the two audit runs (the two half-year cycles) the annual report combines.' }]);
    }
    runIds = ids;
  }
  return ctx.db.tx(async (sql) => {
    const runs = await loadRuns(sql, runIds);
    for (const id of runIds) {
      const run = runs.find((r) => Number(r.id) === id);
      if (!run) throw notFound(`There is no audit run ${id}.`, 'AUDIT_RUN_NOT_FOUND');
      if (run.state !== 'finished') throw conflict('AUDIT_RUN_NOT_FINISHED', `Audit run ${id} is ${run.state}: a report covers only finished runs.`, { runId: id, state: run.state });
    }
    const now = ctx.clock.now();
    const { id } = await sql.one<{ id: number }>(
      `INSERT INTO audit_reports (kind, run_ids, created_by, created_at, updated_at) VALUES ($1, $2::bigint[], $3, $4, $4) RETURNING id`,
      [body.kind, runs.map((r) => Number(r.id)), user.id, now]);
    await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'audit.report-created', targetType: 'audit-report', targetId: Number(id), details: { kind: body.kind, runIds: runs.map((r) => Number(r.id)) } });
    return Number(id);
  });
}

const link = (id: number) => `/audit/reports/${id}`;

export async function submitReport(ctx: AppContext, user: CallerUser, id: number): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const row = await sql.maybeOne<{ state: ReportState }>('SELECT state FROM audit_reports WHERE id = $1 FOR UPDATE', [id]);
    if (!row) throw reportNotFound(id);
    if (row.state !== 'draft' && row.state !== 'rejected') {
      throw conflict('AUDIT_REPORT_NOT_SUBMITTABLE', `Audit report ${id} is ${row.state}: only a draft or a rejected report can be submitted.`, { state: row.state });
    }
    const now = ctx.clock.now();
    await sql.query(`UPDATE audit_reports SET state = 'submitted', submitted_by = $2, submitted_at = $3, updated_at = $3 WHERE id = $1`, [id, user.id, now]);
    await sql.query(`INSERT INTO audit_report_reviews (report_id, at, actor_id, action) VALUES ($1, $2, $3, 'submitted')`, [id, now, user.id]);
    await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'audit.report-submitted', targetType: 'audit-report', targetId: id });
    await notifyTeam(sql, ctx.clock, ctx.config.publicUrl, GOVERNANCE_TEAM, {
      kind: 'audit.report-submitted', subject: `Audit report ${id} to review`,
      body: `${user.displayName} submitted audit report ${id} for your review. Approve it, or reject it with your comments.`, link: link(id),
    });
  });
}

/** Draws every file of the report from one model and status. */
export async function renderFiles(model: ReportModel, status: ReportStatus) {
  return {
    html: Buffer.from(reportHtml(model, status)),
    pdf: await reportPdf(model, status),
    xlsx: await reportXlsx(model, status),
    csv: Object.fromEntries(model.queries.map((q) => [q.query, Buffer.from(queryCsv(q))])) as Record<QueryName, Buffer>,
  };
}

export async function reviewReport(ctx: AppContext, user: CallerUser, id: number, decision: 'approve' | 'reject', comment: string): Promise<void> {
  const text = comment.trim();
  if (decision === 'reject' && text === '') {
    throw validationFailed('Say why the report is rejected: the security engineer reads your comment.', [{ field: 'body.comment', message: 'is required when rejecting', code: 'REQUIRED', sentence: 'Write what must change before you approve the report.' }]);
  }
  const row = await loadReport(ctx.db, id);
  if (row.state !== 'submitted') throw conflict('AUDIT_REPORT_NOT_SUBMITTED', `Audit report ${id} is ${row.state}: only a submitted report can be reviewed.`, { state: row.state });
  // Separation of duties: whoever submitted the report cannot also approve it.
  if (decision === 'approve' && Number(row.submitted_by) === user.id) {
    throw forbidden('AUDIT_REPORT_OWN_SUBMISSION', 'You submitted this report: another reviewer must approve it.');
  }
  const now = ctx.clock.now();
  const submitter = Number(row.submitted_by);

  if (decision === 'reject') {
    await ctx.db.tx(async (sql) => {
      const updated = await sql.maybeOne(`UPDATE audit_reports SET state = 'rejected', updated_at = $2 WHERE id = $1 AND state = 'submitted' RETURNING id`, [id, now]);
      if (!updated) throw conflict('AUDIT_REPORT_NOT_SUBMITTED', `Audit report ${id} was reviewed meanwhile.`);
      await sql.query(`INSERT INTO audit_report_reviews (report_id, at, actor_id, action, comment) VALUES ($1, $2, $3, 'rejected', $4)`, [id, now, user.id, text]);
      await appendAudit(sql, ctx.clock, { actorId: user.id, action: 'audit.report-rejected', targetType: 'audit-report', targetId: id, details: { comment: text } });
      await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
        kind: 'audit.report-rejected', userId: submitter, subject: `Audit report ${id} returned for changes`,
        body: `${user.displayName} rejected audit report ${id}:\n\n${text}\n\nChange what is asked and submit it again.`, link: link(id),
      });
    });
    return;
  }

  // Approval freezes the report: the model with the approval in it, and every file drawn from it, are stored
  // before the approval commits; the files are served from the store from then on.
  const model = { ...(await modelOf(ctx, row)), generatedAt: now.toISOString() };
  const status: ReportStatus = {
    state: 'approved',
    reviews: [...(await loadReviews(ctx.db, id)).map(({ actorId: _, ...r }) => r), { at: now.toISOString(), actor: user.displayName, action: 'approved', comment: text }],
    approvedBy: user.displayName, approvedAt: now.toISOString(),
  };
  const files = await renderFiles(model, status);
  const put = async (b: Buffer) => (await ctx.blobs.put(Readable.from([b]))).storageKey;
  const stored: ReportFiles = { html: await put(files.html), pdf: await put(files.pdf), xlsx: await put(files.xlsx), csv: {} };
  for (const [q, b] of Object.entries(files.csv)) stored.csv[q] = await put(b);
  try {
    await ctx.db.tx(async (sql) => {
      const updated = await sql.maybeOne(
        `UPDATE audit_reports SET state = 'approved', approved_by = $2, approved_at = $3, frozen_model = $4, files = $5, updated_at = $3
         WHERE id = $1 AND state = 'submitted' RETURNING id`, [id, user.id, now, JSON.stringify(model), JSON.stringify(stored)]);
      if (!updated) throw conflict('AUDIT_REPORT_NOT_SUBMITTED', `Audit report ${id} was reviewed meanwhile.`);
      await sql.query(`INSERT INTO audit_report_reviews (report_id, at, actor_id, action, comment) VALUES ($1, $2, $3, 'approved', $4)`, [id, now, user.id, text]);
      await appendAudit(sql, ctx.clock, {
        actorId: user.id, action: 'audit.report-approved', targetType: 'audit-report', targetId: id,
        details: { comment: text, runIds: row.run_ids.map(Number), findings: model.totals.findings, incidents: model.totals.incidents },
      });
      await notifyUser(sql, ctx.clock, ctx.config.publicUrl, {
        kind: 'audit.report-approved', userId: submitter, subject: `Audit report ${id} approved`,
        body: `${user.displayName} approved audit report ${id}${text ? `:\n\n${text}` : '.'}\n\nIts PDF is ready for the IRB and HITRUST.`, link: link(id),
      });
    });
  } catch (err) {
    // The approval did not happen: the files stored for it are nobody's.
    for (const key of [stored.html, stored.pdf, stored.xlsx, ...Object.values(stored.csv)]) await ctx.blobs.remove(key).catch(() => undefined);
    throw err;
  }
}
