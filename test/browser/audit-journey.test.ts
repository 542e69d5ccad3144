import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { history } from '../audit-history.js';
import { auditRunsSettled } from '../../src/audit/runs.routes.js';
import { projectRoot } from '../../src/infra/root.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The audit from start to finish in Chromium (SPEC §11), one journey over one Gatehouse, each step by the person who
 * does it: the security engineer starts the audit of January – June over recorded history and opens a finding; ACT
 * takes it, contacts the user with the template, records the reply and raises an incident; the security engineer
 * drafts the run's report, chosen by its period, and submits it; the Director of Governance reads it with its charts
 * and approves it; and the approved PDF is looked at page by page (pdftoppm, pdftotext) as a person would.
 * GATEHOUSE_SCREENS=1 also saves .tmp/screens/audit-journey-*.png (the pages at 1440 px and the PDF's pages).
 */
const chromium = hasChromium();
const screens = screenshots('audit-journey');
const tool = (name: string) => [`/usr/bin/${name}`, `/usr/local/bin/${name}`].find((p) => existsSync(p));
const PDFTOPPM = tool('pdftoppm');
const PDFTOTEXT = tool('pdftotext');

const PERIOD = '1 January – 30 June 2026';
const TITLE = 'Security audit report H1 2026';
const DIRECTOR = 'Diana Okafor';

/** The share of a page's pixels that are not near-white, from pdftoppm's greyscale PGM (P5) output. */
function inkOf(pgm: Buffer): number {
  // Header: "P5", width, height, maxval, each separated by whitespace (comments start with #), then one byte a pixel.
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(pgm[i]))) i++;
    if (pgm[i] === 0x23) { while (pgm[i] !== 0x0a) i++; continue; }
    let s = '';
    while (!/\s/.test(String.fromCharCode(pgm[i]))) s += String.fromCharCode(pgm[i++]);
    fields.push(s);
  }
  i++;
  expect(fields[0]).toBe('P5');
  const pixels = Number(fields[1]) * Number(fields[2]);
  let ink = 0;
  for (let k = i; k < i + pixels; k++) if (pgm[k] < 200) ink++;
  return ink / pixels;
}

describe.skipIf(!chromium)(`the audit journey in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let admin: TestUser;
  let bob: TestUser;
  let findingId: number;
  let reportId: number;
  let incidentId: number;
  let director: Page;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'audit-journey-'));

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse({ sessionTtlHours: 24 * 365 });
    const base = await listenForBrowser(gh);
    // The first days of July 2026: the audit of January – June is due.
    gh.clock.set('2026-07-03T08:00:00Z');
    const sam = await gh.user('sam', { security: true });
    await gh.user('mette', { act: true });
    const diana = await gh.user('diana', { governance: true });
    await gh.ctx.db.query('UPDATE users SET display_name = $2 WHERE id = $1', [diana.id, DIRECTOR]);
    bob = await gh.user('bob', { certified: true });
    admin = await gh.user('ada', { admin: true });

    // The records the audit reads: restriction changes, a controlled file's public copy, and one heavy downloader.
    const h = history(gh);
    const cohort = await h.entity('project', 'Cohort Study', { createdBy: sam.id });
    const raw = await h.entity('folder', 'raw data', { parent: cohort, createdBy: sam.id });
    const file = await h.entity('file', 'genotypes-batch-2026-01.csv', { parent: raw, createdBy: sam.id });
    const other = await h.entity('file', 'phenotypes.csv', { parent: raw, createdBy: sam.id });
    const test = await h.entity('project', 'Sam test project', { createdBy: sam.id });
    const copies = await h.entity('project', 'Public copies', { createdBy: sam.id });
    const copy = await h.entity('file', 'genotypes-copy.csv', { parent: copies, createdBy: sam.id });
    const ar = await h.requirement('ManagedACT', 'Cohort data use agreement');
    await h.content(other, 'c0ffee00c0ffee00c0ffee00c0ffee00');
    await h.content(copy, 'c0ffee00c0ffee00c0ffee00c0ffee00');
    await h.snap(cohort, '2025-12-01', { public: true });
    await h.snap(file, '2025-12-01', { public: true, controlled: true, ars: [ar] });
    await h.snap(file, '2026-02-10T09:30:00Z', { public: true, actorId: sam.id });
    await h.snap(other, '2025-12-01', { public: true, restricted: true, ars: [ar] });
    await h.snap(other, '2026-03-01', { public: false, restricted: true, ars: [ar] });
    await h.snap(test, '2025-12-01', { public: false });
    await h.snap(test, '2026-04-02', { public: true, actorId: sam.id });
    await h.snap(copies, '2025-12-01', { public: true });
    await h.snap(copy, '2026-03-10', { public: true });
    for (let i = 1; i <= 9; i++) await h.download(bob.id, file, `2026-05-0${i}T10:00:00Z`, { bytes: 250_000_000 });
    browser = await launchChromium();
    pages = new SignedInPages(browser, base, { consoleErrors: true });
  }, 120_000);
  afterAll(async () => {
    await auditRunsSettled();
    await pages?.close();
    await browser?.close();
    await gh?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const stateBadge = (page: Page) => page.locator('.audit-subtitle');

  it('1. the security engineer starts the audit of January – June, watches it finish, and opens a finding', async () => {
    const page = await pages.as('sam', 1440, 900);
    await nav(page, 'Audits');
    await page.getByRole('heading', { name: 'Audit', exact: true, level: 1 }).waitFor();
    expect(await page.getByTestId('audit-due').textContent()).toContain(`An audit is due: ${PERIOD}`);
    expect(await page.getByLabel('From').inputValue()).toBe('2026-01-01');
    expect(await page.getByLabel('To (included)').inputValue()).toBe('2026-06-30');
    await screens.page(page, '1-schedule');
    await page.getByRole('button', { name: 'Start the audit' }).click();
    await page.getByRole('heading', { name: `Audit of ${PERIOD}` }).waitFor();
    const progress = page.getByTestId('audit-progress');
    await progress.getByRole('heading', { name: 'Progress' }).waitFor();
    expect(await progress.textContent()).toMatch(/Running: \d+ of \d+|Finished/);
    await progress.getByText('Finished', { exact: true }).waitFor({ timeout: 60_000 });

    // Findings of several queries, each tab with its count.
    const findings = page.getByTestId('audit-findings');
    for (const q of ['Restriction change of state', 'Top downloaders', 'MD5 duplicates']) {
      expect(await findings.getByRole('tab', { name: new RegExp(q) }).textContent()).toMatch(/[1-9]/);
    }
    await screens.page(page, '1-run');
    await findings.getByRole('tab', { name: /Top downloaders/ }).click();
    const row = findings.getByTestId('audit-finding-rows').locator('tbody tr').filter({ hasText: 'Bob (bob) downloaded 9 files' });
    await row.waitFor();
    expect(await row.textContent()).toContain('New');
    await row.getByRole('link', { name: /Bob \(bob\) downloaded 9 files/ }).click();
    await page.getByRole('heading', { name: /^Top downloader: finding \d+$/ }).waitFor();
    findingId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByTestId('finding-user').textContent()).toContain('bob@example.org');
    expect(await stateBadge(page).textContent()).toContain('New');
    expect(await stateBadge(page).textContent()).toContain('No owner');
    await screens.page(page, '1-finding');
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('2. ACT takes the finding, contacts the user with the template, records the reply and raises an incident', async () => {
    const page = await pages.as('mette', 1440, 900);
    await nav(page, 'Findings');
    await page.getByRole('heading', { name: 'Audit findings', level: 1 }).waitFor();
    const all = page.getByTestId('audit-findings');
    await all.getByRole('tab', { name: 'Top downloaders' }).click();
    await all.getByTestId('audit-finding-rows').getByRole('link', { name: /Bob \(bob\) downloaded 9 files/ }).click();
    await page.getByRole('heading', { name: `Top downloader: finding ${findingId}` }).waitFor();

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('finding-owner').getByText('Mette').waitFor();
    expect(await stateBadge(page).textContent()).toContain('Owner: Mette');

    await page.getByRole('button', { name: 'Contact…' }).click();
    const dialog = page.getByTestId('contact-dialog');
    expect(await dialog.getByRole('radio', { name: /The user/ }).isChecked()).toBe(true);
    expect(await dialog.textContent()).toContain('Bob <bob@example.org>');
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Gatehouse security audit: please confirm your account activity');
    const text = await dialog.getByLabel('Text').inputValue();
    // The template, filled with the finding's names: no placeholder is left.
    expect(text).toMatch(/^Dear Bob,\n\nYour Gatehouse account was identified during the routine security audit of 1 January 2026 to 30 June 2026/);
    expect(text).toContain('Mette, Access and Compliance Team');
    expect(text).not.toMatch(/\{[a-z]+\}/);
    await screens.page(page, '2-contact');
    await dialog.getByRole('button', { name: 'Send email' }).click();
    await page.getByTestId('finding-notice').getByText('Email queued').waitFor();
    expect(await stateBadge(page).textContent()).toContain('Contacted, awaiting reply');
    // The email is in the outbox, to Bob, with the text shown.
    const outbox = await gh.as(admin).get('/api/v1/outbox?recipient=bob%40example.org');
    expect(outbox.statusCode, outbox.body).toBe(200);
    const mail = (outbox.json().items as { kind: string; subject: string; body: string }[]).find((m) => m.kind === 'audit.contact');
    expect(mail?.subject).toBe('Gatehouse security audit: please confirm your account activity');
    expect(mail?.body).toBe(text);

    await page.getByRole('button', { name: 'Record reply' }).click();
    const reply = page.getByTestId('reply-dialog');
    expect(await reply.getByLabel('From').inputValue()).toBe('bob@example.org');
    await reply.getByLabel('Reply', { exact: true }).fill('My lab mate used my account while hers was being set up.');
    await reply.getByRole('button', { name: 'Record reply' }).click();
    await page.getByTestId('finding-reply').getByText('My lab mate used my account').waitFor();
    expect(await stateBadge(page).textContent()).toContain('Explained');

    await page.getByRole('button', { name: 'Raise incident' }).click();
    const inc = page.getByTestId('incident-dialog');
    await inc.getByLabel('Title').fill('Shared account in the Cohort Study');
    expect(await inc.getByLabel('Description').inputValue()).toContain('My lab mate used my account');
    await inc.getByRole('button', { name: 'Raise incident' }).click();
    const notice = await page.getByTestId('finding-notice').getByText(/Incident \d+ recorded/).textContent();
    incidentId = Number(/Incident (\d+)/.exec(notice ?? '')![1]);
    await page.getByTestId('finding-incidents').getByText(`Incident ${incidentId}: Shared account in the Cohort Study`).waitFor();
    await stateBadge(page).getByText('Incident', { exact: true }).waitFor();
    const trail = await page.getByTestId('finding-trail').textContent();
    for (const words of ['Contact sent', 'Reply received', `Incident ${incidentId} raised: Shared account in the Cohort Study`]) expect(trail).toContain(words);
    await screens.page(page, '2-incident');
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('3. the security engineer drafts the run\'s report, chosen by its period, and submits it for review', async () => {
    const page = await pages.as('sam', 1440, 900);
    await nav(page, 'Reports');
    await page.getByRole('heading', { name: 'Audit reports', level: 1 }).waitFor();
    const run = page.getByLabel('Audit run');
    await run.locator('option', { hasText: PERIOD }).waitFor({ state: 'attached' });
    await run.selectOption({ label: `${PERIOD} (started 3 Jul 2026)` });
    await screens.page(page, '3-new-report');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    reportId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.getByText('Draft', { exact: true }).first().isVisible()).toBe(true);
    const doc = page.frameLocator('[data-testid="report-frame"]');
    await doc.getByRole('heading', { name: '1. Executive summary' }).waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Awaiting review').first().waitFor();
    expect(await page.getByTestId('review-history').textContent()).toContain('Submitted for review by Sam');
    await screens.page(page, '3-submitted');
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('4. the Director of Governance reads the report with its charts and the incident, and approves it', async () => {
    director = await pages.as('diana', 1440, 900);
    const page = director;
    await nav(page, 'Reports');
    const row = page.getByTestId('audit-reports').locator('tbody tr').filter({ hasText: TITLE });
    expect(await row.textContent()).toContain('Awaiting review');
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();

    const doc = page.frameLocator('[data-testid="report-frame"]');
    await doc.getByRole('heading', { name: '2. Method' }).waitFor();
    const charts = doc.locator('svg.chart');
    expect(await charts.count()).toBe(4);
    for (let i = 0; i < 4; i++) {
      // Drawn, with a size on the page (a bar chart of one bar is one bar tall).
      const box = await charts.nth(i).boundingBox();
      expect(box?.width).toBeGreaterThan(200);
      expect(box?.height).toBeGreaterThan(20);
      expect(await charts.nth(i).locator('rect, path, line').count()).toBeGreaterThan(0);
    }
    expect(await doc.locator('svg[data-chart="downloaders"]').textContent()).toContain('Bob');
    // The triage outcome: the executive summary counts the incident, the triage log names it.
    expect(await doc.locator('#summary').textContent()).toContain('1 finding led to a governance incident');
    expect(await doc.locator('#triage').textContent()).toContain(`Incident ${incidentId} raised: Shared account in the Cohort Study`);
    expect(await doc.getByRole('heading', { name: /\. Top downloaders$/ }).count()).toBe(1);
    await screens.page(page, '4-submitted');
    for (let i = 0; i < 4; i++) await screens.part(doc.locator('figure').nth(i), `4-figure-${i + 1}`);

    const panel = page.getByTestId('review-panel');
    await panel.getByLabel('Comment').fill('Approved for the IRB continuing review; the incident is followed up under the breach procedure.');
    await panel.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('The report and its files are kept as approved.').waitFor();
    expect(await page.getByTestId('review-panel').count()).toBe(0);
    const reviewHistory = await page.getByTestId('review-history').textContent();
    expect(reviewHistory).toContain(`Approved by ${DIRECTOR}`);
    expect(reviewHistory).toContain('the incident is followed up under the breach procedure.');
    await expect.poll(() => doc.locator('#approval').textContent()).toContain(`Approved by ${DIRECTOR}`);
    await screens.page(page, '4-approved');

    const log = await gh.as(admin).get(`/api/v1/audit-log?action=audit.report-approved&targetType=audit-report&targetId=${reportId}`);
    expect(log.statusCode, log.body).toBe(200);
    const entries = log.json().items as { actorName: string; action: string }[];
    expect(entries).toEqual([expect.objectContaining({ action: 'audit.report-approved', actorName: 'diana' })]);

    // On a phone the approved report does not scroll sideways.
    const phone = await pages.as('diana', 390, 844);
    await phone.goto(`/audit/reports/${reportId}`);
    await phone.getByText('The report and its files are kept as approved.').waitFor();
    await phone.frameLocator('[data-testid="report-frame"]').getByRole('heading', { name: '1. Executive summary' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screens.page(phone, '4-approved-390');
    if (screens.on) await phone.screenshot({ path: path.join(projectRoot(), '.tmp', 'screens', 'audit-journey-4-approved-390-top.png') });
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it.skipIf(!PDFTOPPM || !PDFTOTEXT)(`5. the approved PDF, downloaded from the page, reads right on every page${PDFTOPPM && PDFTOTEXT ? '' : ' (skipped: pdftoppm or pdftotext is not installed; apt-get install poppler-utils)'}`, async () => {
    const page = director;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
    const pdf = path.join(tmp, 'report.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    // Every page as PNG, to look at, and as greyscale to measure its ink.
    execFileSync(PDFTOPPM!, ['-r', '60', '-png', pdf, path.join(tmp, 'page')]);
    execFileSync(PDFTOPPM!, ['-r', '30', '-gray', pdf, path.join(tmp, 'grey')]);
    const pngs = readdirSync(tmp).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    const greys = readdirSync(tmp).filter((f) => /^grey-\d+\.pgm$/.test(f)).sort();
    expect(pngs.length).toBeGreaterThan(3);
    expect(greys.length).toBe(pngs.length);
    for (const g of greys) expect(inkOf(readFileSync(path.join(tmp, g))), `${g} is blank`).toBeGreaterThan(0.005);
    if (screens.on) {
      const dir = path.join(projectRoot(), '.tmp', 'screens');
      mkdirSync(dir, { recursive: true });
      for (const p of pngs) copyFileSync(path.join(tmp, p), path.join(dir, `audit-journey-5-pdf-${p}`));
    }

    // The text a person reads.
    const text = execFileSync(PDFTOTEXT!, [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(TITLE);
    expect(text).toMatch(/1 January (2026 )?[–-] 30 June 2026/);
    for (const heading of ['Executive summary', 'Restriction change of state', 'Top downloaders', 'MD5 duplicates', 'Triage log', 'Review and approval']) {
      expect(text, heading).toContain(heading);
    }
    expect(text).toContain('Shared account in the Cohort Study');
    expect(text).toContain(`Approved by ${DIRECTOR}`);
  }, 120_000);
});
