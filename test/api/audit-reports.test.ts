import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { seedAuditData, pdfText, type AuditSeed } from '../audit-report-seed.js';

let gh: TestGatehouse;
let sec: TestUser;
let sec2: TestUser;
let act: TestUser;
let gov: TestUser;
let plain: TestUser;
let seed: AuditSeed;

beforeAll(async () => {
  gh = await startTestGatehouse();
  sec = await gh.user('sec', { security: true });
  sec2 = await gh.user('sec2', { security: true });
  act = await gh.user('act', { act: true });
  gov = await gh.user('christine', { governance: true });
  plain = await gh.user('plain', { certified: true });
  seed = await seedAuditData(gh, sec, act);
}, 120_000);
afterAll(async () => {
  await gh?.stop();
});

const create = (user: TestUser, body: unknown) => gh.as(user).post('/api/v1/audit/reports', body);
async function created(body: unknown) {
  const res = await create(sec, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; state: string; title: string; periods: { label: string }[]; links: { html: string; pdf: string; xlsx: string; csv: { query: string; href: string }[] } };
}
const notices = (user: TestUser, kind: string) =>
  gh.ctx.db.query<{ title: string; body: string; link: string }>('SELECT title, body, link FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id', [user.id, kind]);
const auditLog = (action: string, id: number) =>
  gh.ctx.db.query<{ actor_id: number; details: { comment?: string } }>('SELECT actor_id, details FROM audit_log WHERE action = $1 AND target_id = $2', [action, String(id)]);

describe('creating a report', () => {
  it('a security engineer creates a periodic report of a finished run, as a draft titled by its period', async () => {
    const report = await created({ kind: 'periodic', runId: seed.h1 });
    expect(report).toMatchObject({ state: 'draft', kind: 'periodic', title: 'Security audit report H1 2026', periods: [{ label: 'H1 2026' }] });
    const one = (await gh.as(act).get(`/api/v1/audit/reports/${report.id}`)).json();
    expect(one.totals).toMatchObject({ findings: seed.h1Findings, incidents: 1 });
    expect(one.summary[0]).toContain('1 January 2026 – 30 June 2026');
    expect(one.links.csv.map((c: { query: string }) => c.query)).toEqual(expect.arrayContaining(['restriction-change', 'top-downloaders', 'md5-duplicates', 'unqualified-access', 'repeated-downloads', 'exfiltration-correlation']));
    expect(await auditLog('audit.report-created', report.id)).toHaveLength(1);
  });

  it('an annual report combines two finished runs, in period order', async () => {
    const report = await created({ kind: 'annual', runIds: [seed.h1, seed.h2] });
    expect(report.title).toBe('Annual security audit report H2 2025 and H1 2026');
    expect(report.periods.map((p) => p.label)).toEqual(['H2 2025', 'H1 2026']);
    const html = (await gh.as(gov).get(report.links.html)).body;
    expect(html).toContain('H2 2025: 1 July 2025 – 31 December 2025');
    // Each query's outcome is told per cycle.
    expect(html).toMatch(/The query raised 3 findings \(1 in H2 2025, 2 in H1 2026\)/);
  });

  it('refuses an annual report without two runs, naming the field, and creates nothing', async () => {
    const before = (await gh.as(sec).get('/api/v1/audit/reports')).json().total;
    for (const body of [{ kind: 'annual', runIds: [seed.h1] }, { kind: 'annual', runIds: [seed.h1, seed.h1] }, { kind: 'annual' }]) {
      const res = await create(sec, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].field).toBe('body.runIds');
    }
    const periodic = await create(sec, { kind: 'periodic' });
    expect(periodic.statusCode).toBe(400);
    expect(periodic.json().errors[0].field).toBe('body.runId');
    expect((await gh.as(sec).get('/api/v1/audit/reports')).json().total).toBe(before);
  });

  it('refuses a run that is not finished (409) or does not exist (404)', async () => {
    const running = await create(sec, { kind: 'periodic', runId: seed.running });
    expect(running.statusCode).toBe(409);
    expect(running.json().code).toBe('AUDIT_RUN_NOT_FINISHED');
    const missing = await create(sec, { kind: 'annual', runIds: [seed.h1, 999_999] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('AUDIT_RUN_NOT_FOUND');
  });

  it('only security engineers create; only audit readers read', async () => {
    expect((await create(act, { kind: 'periodic', runId: seed.h1 })).json().code).toBe('SECURITY_REQUIRED');
    expect((await create(gov, { kind: 'periodic', runId: seed.h1 })).statusCode).toBe(403);
    const list = await gh.as(plain).get('/api/v1/audit/reports');
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('AUDIT_ACCESS_REQUIRED');
    const report = await created({ kind: 'periodic', runId: seed.h1 });
    for (const path of [`/api/v1/audit/reports/${report.id}`, report.links.html, report.links.pdf, report.links.xlsx, report.links.csv[0].href]) {
      expect((await gh.as(plain).get(path)).statusCode, path).toBe(403);
      expect((await gh.as(null).get(path)).statusCode, path).toBe(401);
    }
    expect((await gh.as(gov).get('/api/v1/audit/reports')).statusCode).toBe(200);
    expect((await gh.as(act).get('/api/v1/audit/reports/987654')).json().code).toBe('AUDIT_REPORT_NOT_FOUND');
  });
});

describe('review', () => {
  it('submit → reject with a comment → back to the engineer → resubmit → approve, with the history and the audit log', async () => {
    const report = await created({ kind: 'periodic', runId: seed.h1 });
    expect((await gh.as(act).post(`/api/v1/audit/reports/${report.id}/submit`)).json().code).toBe('SECURITY_REQUIRED');
    const submitted = await gh.as(sec2).post(`/api/v1/audit/reports/${report.id}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted', submittedBy: { id: sec2.id } });
    const told = await notices(gov, 'audit.report-submitted');
    expect(told.at(-1)).toMatchObject({ link: `/audit/reports/${report.id}` });
    expect((await gh.as(sec2).post(`/api/v1/audit/reports/${report.id}/submit`)).json().code).toBe('AUDIT_REPORT_NOT_SUBMITTABLE');

    // Only governance reviews; a rejection needs its reason.
    expect((await gh.as(sec).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'approve' })).json().code).toBe('GOVERNANCE_REQUIRED');
    const bare = await gh.as(gov).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'reject', comment: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].field).toBe('body.comment');
    expect((await gh.as(gov).get(`/api/v1/audit/reports/${report.id}`)).json().state).toBe('submitted');

    const rejected = await gh.as(gov).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'reject', comment: 'Summarise the top downloaders\' replies.' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().state).toBe('rejected');
    const back = await notices(sec2, 'audit.report-rejected');
    expect(back).toHaveLength(1);
    expect(back[0].body).toContain("Summarise the top downloaders' replies.");
    expect(await notices(sec, 'audit.report-rejected')).toHaveLength(0);
    expect((await auditLog('audit.report-rejected', report.id))[0]).toMatchObject({ actor_id: gov.id, details: { comment: "Summarise the top downloaders' replies." } });
    expect((await gh.as(gov).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'approve' })).json().code).toBe('AUDIT_REPORT_NOT_SUBMITTED');

    expect((await gh.as(sec2).post(`/api/v1/audit/reports/${report.id}/submit`)).json().state).toBe('submitted');
    const approved = await gh.as(gov).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'approve', comment: 'Ready for WIRB and HITRUST.' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', frozen: true, approvedBy: { id: gov.id } });
    expect(approved.json().reviews.map((r: { action: string }) => r.action)).toEqual(['submitted', 'rejected', 'submitted', 'approved']);
    expect(await auditLog('audit.report-approved', report.id)).toHaveLength(1);
    expect(await notices(sec2, 'audit.report-approved')).toHaveLength(1);
    const html = (await gh.as(act).get(report.links.html)).body;
    expect(html).toContain('Approved by Christine');
    expect(html).toContain('Ready for WIRB and HITRUST.');
  });

  it('an approved report is frozen: a finding changed afterwards changes its files not, while a draft shows the change', async () => {
    const report = await created({ kind: 'periodic', runId: seed.h1 });
    await gh.as(sec).post(`/api/v1/audit/reports/${report.id}/submit`);
    expect((await gh.as(gov).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'approve' })).statusCode).toBe(200);
    const files = async (id: number, r: typeof report) => ({
      html: (await gh.as(gov).get(r.links.html)).body,
      csv: (await gh.as(gov).get(`/api/v1/audit/reports/${id}/queries/top-downloaders.csv`)).body,
      xlsx: (await gh.as(gov).get(r.links.xlsx)).rawPayload,
      pdf: (await gh.as(gov).get(r.links.pdf)).rawPayload,
    });
    const before = await files(report.id, report);
    expect(before.csv).toContain(',contacted,');

    await gh.ctx.db.query(`UPDATE audit_findings SET state = 'incident', reply = 'Shared password with a colleague.' WHERE id = $1`, [seed.topDownloaderFinding]);
    const after = await files(report.id, report);
    expect(after.html).toBe(before.html);
    expect(after.csv).toBe(before.csv);
    expect(after.xlsx.equals(before.xlsx)).toBe(true);
    expect(after.pdf.equals(before.pdf)).toBe(true);

    const draft = await created({ kind: 'periodic', runId: seed.h1 });
    expect((await gh.as(gov).get(`/api/v1/audit/reports/${draft.id}/queries/top-downloaders.csv`)).body).toContain('Shared password with a colleague.');
    await gh.ctx.db.query(`UPDATE audit_findings SET state = 'contacted', reply = NULL WHERE id = $1`, [seed.topDownloaderFinding]);
  });

  it('the engineer who submitted a report cannot approve it', async () => {
    const admin = await gh.user('root', { admin: true });
    const report = await created({ kind: 'periodic', runId: seed.h1 });
    await gh.as(admin).post(`/api/v1/audit/reports/${report.id}/submit`);
    const own = await gh.as(admin).post(`/api/v1/audit/reports/${report.id}/review`, { decision: 'approve' });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('AUDIT_REPORT_OWN_SUBMISSION');
  });

  it('the list shows kind, periods and state, filtered by state', async () => {
    const list = (await gh.as(gov).get('/api/v1/audit/reports?state=approved')).json();
    expect(list.total).toBeGreaterThanOrEqual(2);
    expect(list.items.every((r: { state: string }) => r.state === 'approved')).toBe(true);
    expect(list.items[0]).toMatchObject({ kind: 'periodic', periods: [{ label: 'H1 2026' }], title: 'Security audit report H1 2026' });
  });
});

describe('the files', () => {
  let report: Awaited<ReturnType<typeof created>>;
  beforeAll(async () => {
    report = await created({ kind: 'annual', runIds: [seed.h2, seed.h1] });
  });

  it('the spreadsheet has a sheet per query, the pivots and the triage log, with formatted, frozen headers', async () => {
    const res = await gh.as(gov).get(report.links.xlsx);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`audit-report-${report.id}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['Summary', 'restriction-change', 'top-downloaders', 'md5-duplicates', 'unqualified-access', 'repeated-downloads', 'exfiltration-correlation',
      'Pivot - changes by project', 'Pivot - duplicates by project', 'Pivot - findings by state', 'Pivot - downloader replies', 'Triage log']);
    const top = wb.getWorksheet('top-downloaders')!;
    expect(top.getRow(1).getCell(1).value).toBe('Finding');
    expect(top.getRow(1).font?.bold).toBe(true);
    expect(top.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(top.rowCount).toBe(1 + 3);
    const header = (top.getRow(1).values as unknown[]).slice(1);
    const files = header.indexOf('Files') + 1;
    expect(top.getRow(2).getCell(files).value).toBe(1204);
    expect(top.getColumn(4).width).toBeGreaterThan(30);
    const pivot = wb.getWorksheet('Pivot - changes by project')!;
    expect((pivot.getRow(1).values as unknown[]).slice(1)).toEqual(['Project id', 'Project', 'AR added, made public', 'AR removed', 'Exposed again', 'Total']);
    expect((pivot.getRow(2).values as unknown[]).slice(1)).toEqual([seed.adProject, 'AD Knowledge Portal', 0, 2, 1, 3]);
    const log = wb.getWorksheet('Triage log')!;
    expect(log.rowCount).toBe(1 + seed.triageEvents);
    expect(log.getRow(2).getCell(6).value).toBe('Contacted the community manager.');
  });

  it('a CSV per query, quoted as RFC 4180 says', async () => {
    const res = await gh.as(gov).get(`/api/v1/audit/reports/${report.id}/queries/restriction-change.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Finding,Period,Occurred at,Summary,Use case,Project id,Project,User,State,Owner,Reply,Public after,Public before');
    expect(lines).toHaveLength(1 + 4);
    expect(res.body).toContain('"The access requirement ""Data use"" was removed from syn');
    expect((await gh.as(gov).get(`/api/v1/audit/reports/${report.id}/queries/self-approval.csv`)).json().code).toBe('AUDIT_REPORT_FILE_NOT_FOUND');
    expect((await gh.as(gov).get(`/api/v1/audit/reports/${report.id}/queries/nonsense.csv`)).json().code).toBe('AUDIT_QUERY_NOT_FOUND');
  });

  it('the PDF is a document of several pages with its title, sections and page numbers', async () => {
    const res = await gh.as(gov).get(report.links.pdf);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
    expect(pages).toBeGreaterThan(5);
    const text = pdfText(pdf);
    expect(text).toContain('Annual security audit report H2 2025 and H1 2026');
    expect(text).toContain('1. Executive summary');
    expect(text).toContain('Restriction change of state');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain('Downloads over time');
  });

  it('the HTML is a standalone document with the four charts as inline SVG, and no script', async () => {
    const res = await gh.as(gov).get(report.links.html);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const chart of ['downloads', 'downloaders', 'changes', 'states']) expect(html).toContain(`data-chart="${chart}"`);
    expect(html).not.toContain('<script');
    expect(html).toContain('<style>');
    // The served download records of both periods (the refused one is not a download).
    expect(html).toContain('6,000 file downloads');
    for (const h of ['1. Executive summary', '2. Method', 'Pivot summaries', 'Triage log', 'Review and approval']) expect(html).toContain(h);
  });
});
