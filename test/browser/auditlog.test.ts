import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The audit log page in Chromium: an admin narrows it to a day and downloads what is shown as CSV (the same
 * filters), at desktop and phone widths. Set GATEHOUSE_SCREENS=1 to save .tmp/screens/auditlog-*.png.
 */
const chromium = hasChromium();
const shot = screenshots('auditlog').page;

describe.skipIf(!chromium)(`the audit log page in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    const base = await listenForBrowser(gh);
    await gh.user('root', { admin: true });
    const carol = await gh.user('carol');
    await gh.as(carol).post('/api/v1/teams', { name: 'Cohort analysts' });
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const width of [1440, 390]) {
    it(`an admin filters the log by day and action and downloads the same entries as CSV (${width} px)`, async () => {
      const page = await pages.as('root', width);
      await page.goto('/admin/audit-log');
      const day = gh.clock.now().toISOString().slice(0, 10);
      await page.getByLabel('Action starts with').fill('team.');
      await page.getByLabel('From', { exact: true }).fill(day);
      await page.getByLabel('To', { exact: true }).fill(day);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.getByTestId('audit-table').getByText('Team created').first().waitFor();
      const href = await page.getByTestId('audit-csv').getAttribute('href');
      expect(href).toMatch(/^\/api\/v1\/audit-log\/export\.csv\?/);
      expect(new URLSearchParams(href!.split('?')[1]).get('action')).toBe('team.');
      const csv = await page.request.get(href!);
      expect(csv.status()).toBe(200);
      expect(await csv.text()).toContain('team.created');
      await shot(page, `filtered-${width}`);
      if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(pages.pageErrors).toEqual([]);
    });
  }
});
