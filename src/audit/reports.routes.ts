import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { notFound } from '../infra/problem.js';
import { requireAuditReader, requireGovernance, requireSecurity } from '../identity/caller.js';
import { QUERIES, executiveSummary, loadRuns, periodsOf, titleOf, type QueryName } from './report.js';
import { queryCsv } from './reportcsv.js';
import { reportHtml } from './reporthtml.js';
import { reportPdf } from './reportpdf.js';
import { reportXlsx } from './reportxlsx.js';
import { createReport, loadReport, loadReviews, modelOf, reviewReport, statusOf, submitReport, REPORT_SELECT, type ReportRow } from './reports.js';

/**
 * The audit report (SPEC §11; src/audit/README.md "Reports"): created by a security engineer from finished runs,
 * submitted to the Director of Governance, approved (frozen) or rejected with comments; read and downloaded by
 * every audit reader as HTML, PDF, xlsx and a CSV per query.
 */
const tags = ['audit'];
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Person = Type.Object({ id: Type.Integer(), name: Type.String() });
const State = Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('rejected'), Type.Literal('approved')]);
const Kind = Type.Union([Type.Literal('periodic'), Type.Literal('annual')]);

const ReportSchema = Type.Object({
  id: Type.Integer(),
  kind: Kind,
  state: State,
  title: Type.String(),
  periods: Type.Array(Type.Object({ runId: Type.Integer(), label: Type.String(), from: date, to: date })),
  createdBy: Person,
  createdAt: date,
  submittedBy: nullable(Person),
  submittedAt: nullable(date),
  approvedBy: nullable(Person),
  approvedAt: nullable(date),
  frozen: Type.Boolean({ description: 'Approved: the model and files are stored and served unchanged' }),
  reviews: Type.Optional(Type.Array(Type.Object({
    at: date, actor: Person, action: Type.Union([Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('rejected')]), comment: Type.String(),
  }), { description: 'One report only: its submissions and reviews, oldest first' })),
  summary: Type.Optional(Type.Array(Type.String(), { description: 'One report only: the executive summary' })),
  totals: Type.Optional(Type.Object({ findings: Type.Integer(), incidents: Type.Integer(), explained: Type.Integer(), closed: Type.Integer(), open: Type.Integer() })),
  links: Type.Object({
    html: Type.String(), pdf: Type.String(), xlsx: Type.String(),
    csv: Type.Array(Type.Object({ query: Type.String(), title: Type.String(), href: Type.String() })),
  }),
});

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const person = (id: number | string | null, name: string | null) => (id === null ? null : { id: Number(id), name: name ?? '' });

async function view(ctx: AppContext, row: ReportRow, full: boolean) {
  const id = Number(row.id);
  const base = `/api/v1/audit/reports/${id}`;
  let title: string;
  let periods: { runId: number; label: string; from: string; to: string }[];
  let queries: { query: string; title: string }[];
  let extra = {};
  const model = full || row.frozen_model ? await modelOf(ctx, row) : null;
  if (model) {
    title = model.title;
    periods = model.periods.map((p) => ({ runId: p.runId, label: p.label, from: p.from, to: p.to }));
    queries = model.queries.map((q) => ({ query: q.query, title: q.title }));
  } else {
    // The list does not assemble every draft: the title and periods come from the runs.
    const ps = periodsOf(await loadRuns(ctx.db, row.run_ids.map(Number)));
    title = titleOf(row.kind, ps);
    periods = ps.map((p) => ({ runId: p.runId, label: p.label, from: p.from, to: p.to }));
    queries = [];
  }
  if (full && model) {
    const reviews = await loadReviews(ctx.db, id);
    extra = {
      reviews: reviews.map((r) => ({ at: r.at, actor: { id: r.actorId, name: r.actor }, action: r.action, comment: r.comment })),
      summary: executiveSummary(model),
      totals: { findings: model.totals.findings, incidents: model.totals.incidents, explained: model.totals.explained, closed: model.totals.closed, open: model.totals.open },
    };
  }
  return {
    id, kind: row.kind, state: row.state, title, periods,
    createdBy: person(row.created_by, row.creator_name)!, createdAt: iso(row.created_at)!,
    submittedBy: person(row.submitted_by, row.submitter_name), submittedAt: iso(row.submitted_at),
    approvedBy: person(row.approved_by, row.approver_name), approvedAt: iso(row.approved_at),
    frozen: row.frozen_model !== null,
    ...extra,
    links: {
      html: `${base}/report.html`, pdf: `${base}/report.pdf`, xlsx: `${base}/report.xlsx`,
      csv: queries.map((q) => ({ ...q, href: `${base}/queries/${q.query}.csv` })),
    },
  };
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Audit report id' }) });
const TYPES = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

export function auditReportRoutes(app: Http, ctx: AppContext): void {
  /** One file of the report: from the store when approved, drawn now otherwise. */
  async function send(reply: FastifyReply, rawId: string, format: keyof typeof TYPES, query?: QueryName) {
    const id = parseId(rawId, 'audit report id');
    const row = await loadReport(ctx.db, id);
    const name = query ? `audit-report-${id}-${query}.csv` : `audit-report-${id}.${format}`;
    reply.header('content-type', TYPES[format]);
    reply.header('content-disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}"`);
    reply.header('cache-control', 'private, no-store');
    if (format === 'html') {
      // A standalone document: its own inline style sheet and no script at all; the app shows it in a frame.
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
      reply.header('x-frame-options', 'SAMEORIGIN');
    }
    if (row.files) {
      const key = query ? row.files.csv[query] : row.files[format as 'html' | 'pdf' | 'xlsx'];
      if (!key) throw notFound(`Audit report ${id} has no ${query ?? format} file.`, 'AUDIT_REPORT_FILE_NOT_FOUND');
      return reply.send(await ctx.blobs.open(key));
    }
    const model = await modelOf(ctx, row);
    const status = await statusOf(ctx.db, row);
    if (query) {
      const section = model.queries.find((q) => q.query === query);
      if (!section) throw notFound(`Audit report ${id} has no section for the query ${query}.`, 'AUDIT_REPORT_FILE_NOT_FOUND');
      return reply.send(queryCsv(section));
    }
    if (format === 'html') return reply.send(reportHtml(model, status));
    if (format === 'pdf') return reply.send(await reportPdf(model, status));
    return reply.send(await reportXlsx(model, status));
  }

  app.post('/api/v1/audit/reports', {
    schema: {
      tags, summary: 'Create a draft audit report: periodic (one finished run) or annual (two finished runs) (security engineers)',
      body: Type.Object({
        kind: Kind,
        runId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'periodic: the run' })),
        runIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { maxItems: 2, description: 'annual: the two runs (the two half-year cycles)' })),
      }, { additionalProperties: false }),
      response: { 201: ReportSchema },
    },
  }, async (request, reply) => {
    const user = requireSecurity(request);
    const id = await createReport(ctx, user, request.body);
    reply.status(201);
    return view(ctx, await loadReport(ctx.db, id), true);
  });

  app.get('/api/v1/audit/reports', {
    schema: {
      tags, summary: 'Audit reports, newest first (audit readers)',
      querystring: Type.Object({ ...PageQuery, state: Type.Optional(State), kind: Type.Optional(Kind) }),
      response: { 200: Page(ReportSchema) },
    },
  }, async (request) => {
    requireAuditReader(request);
    const q = request.query;
    const args = [q.state ?? null, q.kind ?? null];
    const where = 'WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.kind = $2)';
    const { total } = await ctx.db.one<{ total: number }>(`SELECT count(*)::int AS total FROM audit_reports r ${where}`, args);
    const rows = await ctx.db.query<ReportRow>(`${REPORT_SELECT} ${where} ORDER BY r.created_at DESC, r.id DESC LIMIT $3 OFFSET $4`, [...args, q.limit ?? 50, q.offset ?? 0]);
    const items = [];
    for (const r of rows) items.push(await view(ctx, r, false));
    return pageOf(items, total, q);
  });

  app.get('/api/v1/audit/reports/:id', {
    schema: { tags, summary: 'One audit report with its review history and executive summary (audit readers)', params: IdParams, response: { 200: ReportSchema } },
  }, async (request) => {
    requireAuditReader(request);
    return view(ctx, await loadReport(ctx.db, parseId(request.params.id, 'audit report id')), true);
  });

  app.post('/api/v1/audit/reports/:id/submit', {
    schema: { tags, summary: 'Submit a draft or rejected report to the Director of Governance (security engineers)', params: IdParams, response: { 200: ReportSchema } },
  }, async (request) => {
    const user = requireSecurity(request);
    const id = parseId(request.params.id, 'audit report id');
    await submitReport(ctx, user, id);
    return view(ctx, await loadReport(ctx.db, id), true);
  });

  app.post('/api/v1/audit/reports/:id/review', {
    schema: {
      tags, summary: 'Approve (freezes the report and its files) or reject with a comment (Director of Governance)', params: IdParams,
      body: Type.Object({
        decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
        comment: Type.Optional(Type.String({ maxLength: 10_000, description: 'Required when rejecting' })),
      }, { additionalProperties: false }),
      response: { 200: ReportSchema },
    },
  }, async (request) => {
    const user = requireGovernance(request);
    const id = parseId(request.params.id, 'audit report id');
    await reviewReport(ctx, user, id, request.body.decision, request.body.comment ?? '');
    return view(ctx, await loadReport(ctx.db, id), true);
  });

  const FileParams = IdParams;
  for (const format of ['html', 'pdf', 'xlsx'] as const) {
    app.get(`/api/v1/audit/reports/:id/report.${format}`, {
      schema: { tags, summary: `The report as ${format === 'html' ? 'a standalone HTML document' : format === 'pdf' ? 'a PDF for the IRB and HITRUST' : 'a spreadsheet: one sheet per query, the pivots, the triage log'} (audit readers)`, params: FileParams },
    }, async (request, reply) => {
      requireAuditReader(request);
      return send(reply, request.params.id, format);
    });
  }

  app.get('/api/v1/audit/reports/:id/queries/:query', {
    schema: {
      tags, summary: "One query's findings as CSV, e.g. queries/top-downloaders.csv (audit readers)",
      params: Type.Object({ id: Type.String({ maxLength: 20 }), query: Type.String({ maxLength: 60, description: '<query>.csv' }) }),
    },
  }, async (request, reply) => {
    requireAuditReader(request);
    const name = request.params.query.replace(/\.csv$/, '');
    if (!request.params.query.endsWith('.csv') || !(QUERIES as readonly string[]).includes(name)) {
      throw notFound(`There is no query ${request.params.query}: the queries are ${QUERIES.join(', ')} (as <query>.csv).`, 'AUDIT_QUERY_NOT_FOUND');
    }
    return send(reply, request.params.id, 'csv', name as QueryName);
  });
}
