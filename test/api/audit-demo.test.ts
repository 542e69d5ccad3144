import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoUsers, loadDemo } from '../../src/demo/demo.js';
import { signIn, startTestGatehouse, type TestGatehouse } from '../harness.js';

/**
 * The audit demo as a newcomer meets it after `npm start` (loadDemo on an empty database): a finished audit with
 * findings, their triage (a top downloader contacted and explained; a removed click-wrap under a governance
 * incident) and a report approved by the Director of Governance — read through the API as each role reads it.
 */
let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
  await loadDemo(gh.ctx);
}, 120_000);
afterAll(async () => gh?.stop());

const as = async (username: string) => {
  const cookie = await signIn(gh, username, DEMO_PASSWORD);
  return { get: (url: string) => gh.app.inject({ method: 'GET', url, headers: { cookie } }) };
};

describe('the audit demo', () => {
  it('has a Director of Governance among the demo sign-ins', async () => {
    expect(demoUsers.find((u) => u.username === 'grace')?.role).toMatch(/Director of Governance/);
    expect((await (await as('grace')).get('/api/v1/me')).json()).toMatchObject({ username: 'grace', isGovernance: true, isAdmin: false });
  });

  it('shows a finished audit over the last six months with findings of the seed\'s queries', async () => {
    const sam = await as('sam');
    const runs = (await sam.get('/api/v1/audit/runs')).json();
    expect(runs.items).toHaveLength(1);
    const [run] = runs.items;
    expect(run.state).toBe('finished');
    expect(run.counts['restriction-change']).toBeGreaterThanOrEqual(1);
    expect(run.counts['top-downloaders']).toBeGreaterThanOrEqual(1);
    expect(run.counts['md5-duplicates']).toBeGreaterThanOrEqual(1);
    expect(run.counts['repeated-downloads']).toBeGreaterThanOrEqual(1);
    const findings = (await sam.get(`/api/v1/audit/runs/${run.id}/findings?query=restriction-change`)).json();
    expect(findings.items.some((f: { useCase: string }) => f.useCase === 'ar-removed')).toBe(true);
  });

  it('ACT has triaged: Alice contacted with the template and her reply recorded; the removed click-wrap is a governance incident', async () => {
    const act = await as('act');
    const all = (await act.get('/api/v1/audit/findings?query=top-downloaders')).json().items as { id: number; state: string }[];
    const explained = all.find((f) => f.state === 'explained');
    expect(explained).toBeDefined();
    const file = (await act.get(`/api/v1/audit/findings/${explained!.id}`)).json();
    expect(file.user.username).toBe('alice');
    expect(file.owner.displayName).toBe('Aron ACT');
    expect(file.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['raised', 'owner', 'contact', 'reply']));
    expect(file.reply).toContain('I have not shared my credentials');
    const outbox = await gh.ctx.db.query<{ subject: string }>(`SELECT subject FROM outbox WHERE kind = 'audit.contact' AND recipient = 'alice@demo.gatehouse.test'`);
    expect(outbox.length).toBe(1);
    const incidents = (await act.get('/api/v1/governance/incidents')).json().items;
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ title: 'Click-wrap removed from a public Atlas file', state: 'open' });
  });

  it('the report is approved by Grace, with its charts and files downloadable', async () => {
    const grace = await as('grace');
    const reports = (await grace.get('/api/v1/audit/reports')).json().items;
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'periodic', state: 'approved' });
    const html = await grace.get(`/api/v1/audit/reports/${reports[0].id}/report.html`);
    expect(html.statusCode).toBe(200);
    expect((html.body.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const pdf = await grace.get(`/api/v1/audit/reports/${reports[0].id}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
