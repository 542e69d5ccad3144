import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { history } from '../audit-history.js';
import { auditRunsSettled } from '../../src/audit/runs.routes.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The audit's run pages in Chromium: in the first two weeks of July the security engineer is told an audit of
 * January – June is due, starts it from the app, watches it finish, and reads a query's findings and the pivot; at
 * 1440 and at 390 px. A researcher has no Audit menu. GATEHOUSE_SCREENS=1 saves .tmp/screens/audit-runs-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('audit-runs');

describe.skipIf(!chromium)(`audit run pages in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse({ sessionTtlHours: 24 * 365 });
    const base = await listenForBrowser(gh);
    // The first days of July 2026: the audit of January – June is due.
    gh.clock.set('2026-07-03T08:00:00Z');
    const sam = await gh.user('sam', { security: true });
    const bob = await gh.user('bob', { certified: true });
    await gh.user('actor', { act: true });
    const h = history(gh);
    const cohort = await h.entity('project', 'Cohort Study', { createdBy: sam.id });
    const raw = await h.entity('folder', 'raw data', { parent: cohort, createdBy: sam.id });
    const file = await h.entity('file', 'genotypes-batch-2026-01.csv', { parent: raw, createdBy: sam.id });
    const other = await h.entity('file', 'phenotypes.csv', { parent: raw, createdBy: sam.id });
    const test = await h.entity('project', 'Sam test project', { createdBy: sam.id });
    const ar = await h.requirement('ManagedACT', 'Cohort data use agreement');
    await h.snap(cohort, '2025-12-01', { public: true });
    await h.snap(file, '2025-12-01', { public: true, controlled: true, ars: [ar] });
    await h.snap(file, '2026-02-10T09:30:00Z', { public: true, actorId: sam.id });
    await h.snap(other, '2025-12-01', { public: true, restricted: true, ars: [ar] });
    await h.snap(other, '2026-03-01', { public: false, restricted: true, ars: [ar] });
    await h.snap(test, '2025-12-01', { public: false });
    await h.snap(test, '2026-04-02', { public: true, actorId: sam.id });
    for (let i = 1; i <= 9; i++) await h.download(bob.id, file, `2026-05-0${i}T10:00:00Z`, { bytes: 250_000_000 });
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await auditRunsSettled();
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  async function fitsWidth(page: Page, width: number) {
    return page.evaluate((w) => document.documentElement.scrollWidth <= w, width);
  }

  it('the security engineer is told an audit is due, starts it, sees it finish, and reads its findings and pivot', async () => {
    const page = await pages.as('sam', 1440, 900);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audits', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit', exact: true, level: 1 }).waitFor();
    expect(await page.getByTestId('audit-due').textContent()).toContain('An audit is due: 1 January – 30 June 2026');
    expect(await page.getByLabel('From').inputValue()).toBe('2026-01-01');
    expect(await page.getByLabel('To (included)').inputValue()).toBe('2026-06-30');
    await screens.page(page, 'schedule-1440');
    await page.getByRole('button', { name: 'Start the audit' }).click();
    await page.getByRole('heading', { name: 'Audit of 1 January – 30 June 2026' }).waitFor();
    await page.getByTestId('audit-progress').getByText('Finished', { exact: true }).waitFor({ timeout: 30_000 });

    const findings = page.getByTestId('audit-findings');
    const tab = findings.getByRole('tab', { name: /Restriction change of state/ });
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    expect(await tab.textContent()).toContain('3');
    const rows = findings.getByTestId('audit-finding-rows').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const removed = rows.filter({ hasText: 'went from controlled to open' });
    expect(await removed.textContent()).toContain('AR removed from a public entity');
    expect(await removed.textContent()).toContain('Cohort Study / raw data / genotypes-batch-2026-01.csv');
    expect(await removed.getByRole('link', { name: 'Cohort Study / raw data / genotypes-batch-2026-01.csv' }).getAttribute('href')).toMatch(/^\/entities\/syn\d+$/);
    expect(await removed.getByRole('link', { name: /went from controlled to open/ }).getAttribute('href')).toMatch(/^\/audit\/findings\/\d+$/);
    expect(await removed.textContent()).toContain('New');

    await page.getByLabel('Use case').selectOption('test-project-public');
    await rows.filter({ hasText: 'Sam test project' }).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Test project public');

    await findings.getByRole('tab', { name: /Top downloaders/ }).click();
    await rows.filter({ hasText: 'Bob (bob) downloaded 9 files' }).waitFor();
    const pivot = page.getByTestId('audit-pivot');
    expect(await pivot.locator('tr', { hasText: 'Cohort Study' }).first().textContent()).toContain('2');
    expect(await fitsWidth(page, 1440)).toBe(true);
    await findings.getByRole('tab', { name: /Restriction change of state/ }).click();
    await screens.page(page, 'run-1440');

    await page.goto('/audit');
    expect(await page.getByTestId('audit-runs').locator('tbody tr').first().textContent()).toContain('Finished');
    expect(await page.getByTestId('audit-next').textContent()).toContain('The audit of 1 January – 30 June 2026 has been run.');

    // Every finding, across runs (where the continuous audit's notices and a case file's breadcrumb lead).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit findings', level: 1 }).waitFor();
    const all = page.getByTestId('audit-findings');
    await all.getByRole('tab', { name: 'Top downloaders' }).click();
    await all.getByTestId('audit-finding-rows').locator('tbody tr').filter({ hasText: 'Bob (bob) downloaded 9 files' }).waitFor();
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('at 390 px the schedule, the runs and a run\'s findings fit the width', async () => {
    const page = await pages.as('actor', 390, 844);
    await page.goto('/audit');
    await page.getByTestId('audit-runs').waitFor();
    expect(await page.getByRole('button', { name: 'Start the audit' }).count()).toBe(0);
    expect(await fitsWidth(page, 390)).toBe(true);
    await screens.page(page, 'runs-390');
    await page.getByTestId('audit-runs').getByRole('link').first().click();
    await page.getByTestId('audit-finding-rows').waitFor();
    expect(await fitsWidth(page, 390)).toBe(true);
    await screens.page(page, 'run-390');
    await screens.part(page.getByTestId('audit-pivot'), 'pivot-390');
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('a researcher has no Audit menu and is told who may see the page', async () => {
    const page = await pages.as('bob');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audits', exact: true }).count()).toBe(0);
    await page.goto('/audit');
    await page.getByText('Only security engineers, the Access and Compliance Team, governance and platform administrators may see this page.').waitFor();
  });
});
