import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { seedAuditData, type AuditSeed } from '../audit-report-seed.js';
import { projectRoot } from '../../src/infra/root.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The audit report in Chromium: a security engineer submits a draft from a phone; the Director of Governance opens
 * it from the navigation, reads the document with its four charts, and approves it with a comment; the history
 * shows the approval. Set GATEHOUSE_SCREENS=1 to save screenshots (1440 and 390 px) and the PDF's pages as PNG
 * (with pdftoppm, from poppler-utils) to .tmp/screens/audit-report-*.png, to look at.
 */
const chromium = hasChromium();
const screens = screenshots('audit-report');
const PDFTOPPM = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((p) => existsSync(p));

describe.skipIf(!chromium)(`the audit report in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let pages: SignedInPages;
  let sec: TestUser;
  let seed: AuditSeed;
  let reportId: number;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    sec = await gh.user('sec', { security: true });
    const act = await gh.user('act', { act: true });
    await gh.user('christine', { governance: true });
    seed = await seedAuditData(gh, sec, act);
    const res = await gh.as(sec).post('/api/v1/audit/reports', { kind: 'annual', runIds: [seed.h2, seed.h1] });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
    browser = await launchChromium();
    pages = new SignedInPages(browser, base, { consoleErrors: true });
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  /** Viewport-sized screenshots down the page, readable where a full page of a long document is not. */
  async function views(page: Page, name: string, count: number) {
    if (!screens.on) return;
    const dir = path.join(projectRoot(), '.tmp', 'screens');
    const height = page.viewportSize()!.height;
    for (let i = 0; i < count; i++) {
      await page.evaluate((y) => window.scrollTo(0, y), i * (height - 60));
      await page.screenshot({ path: path.join(dir, `audit-report-${name}-view${i + 1}.png`) });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
  }
  const frameHeight = (page: Page) => page.getByTestId('report-frame').evaluate((f) => (f as HTMLIFrameElement).getBoundingClientRect().height);

  it('a security engineer on a phone reads the draft and submits it for review', async () => {
    const page = await pages.as('sec', 390, 844);
    await page.goto(`/audit/reports/${reportId}`);
    await page.getByRole('heading', { name: 'Annual security audit report H2 2025 and H1 2026' }).waitFor();
    const doc = page.frameLocator('[data-testid="report-frame"]');
    await doc.getByRole('heading', { name: '1. Executive summary' }).waitFor();
    // The page does not scroll sideways, and the frame is as tall as the document (no second scroll bar).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expect.poll(() => frameHeight(page)).toBeGreaterThan(3000);
    await screens.page(page, 'draft-390');
    await views(page, 'draft-390', 8);
    await page.getByTestId('report-submit').click();
    await page.getByText('Awaiting review').first().waitFor();
    expect(await page.getByTestId('review-history').textContent()).toContain('Submitted for review by Sec');
  });

  it('the Director of Governance opens the submitted report, sees its charts, and approves it with a comment', async () => {
    const page = await pages.as('christine', 1440, 900);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports', exact: true }).click();
    const row = page.getByTestId(`audit-report-${reportId}`);
    expect(await row.textContent()).toContain('Awaiting review');
    await row.getByRole('link', { name: 'Annual security audit report H2 2025 and H1 2026' }).click();

    const doc = page.frameLocator('[data-testid="report-frame"]');
    await doc.getByRole('heading', { name: '2. Method' }).waitFor();
    const charts = doc.locator('svg.chart');
    expect(await charts.count()).toBe(4);
    expect(await doc.locator('svg[data-chart="downloads"] rect').count()).toBeGreaterThan(40);
    expect(await doc.locator('svg[data-chart="downloaders"]').textContent()).toContain('Alice');
    expect(await doc.locator('svg[data-chart="changes"]').textContent()).toContain('AD Knowledge Portal');
    expect(await doc.getByRole('heading', { name: /Pivot summaries/ }).count()).toBe(1);
    await screens.page(page, 'submitted-1440');
    await views(page, 'submitted-1440', 6);

    const panel = page.getByTestId('review-panel');
    await panel.getByLabel('Comment').fill('Ready for WIRB and HITRUST.');
    await panel.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('The report and its files are kept as approved.').waitFor();
    expect(await page.getByTestId('review-panel').count()).toBe(0);
    const history = await page.getByTestId('review-history').textContent();
    expect(history).toContain('Approved by Christine');
    expect(history).toContain('Ready for WIRB and HITRUST.');
    // The document shown is the approved one, its approval block filled in.
    await expect.poll(() => doc.locator('#approval').textContent()).toContain('Approved by Christine');
    await screens.page(page, 'approved-1440');
    expect(pages.pageErrors).toEqual([]);
  });

  it.skipIf(!screens.on || !PDFTOPPM)(`the PDF's pages as PNG, to look at${PDFTOPPM ? '' : ' (skipped: pdftoppm is not installed; apt-get install poppler-utils)'}`, async () => {
    const pdf = (await gh.as(sec).get(`/api/v1/audit/reports/${reportId}/report.pdf`)).rawPayload;
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'audit-pdf-'));
    writeFileSync(path.join(tmp, 'report.pdf'), pdf);
    const dir = path.join(projectRoot(), '.tmp', 'screens');
    mkdirSync(dir, { recursive: true });
    execFileSync(PDFTOPPM!, ['-r', '70', '-png', path.join(tmp, 'report.pdf'), path.join(dir, 'audit-report-pdf')]);
    expect(readdirSync(dir).filter((f) => f.startsWith('audit-report-pdf')).length).toBeGreaterThan(5);
  });
});
