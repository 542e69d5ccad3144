import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from '../api/requests-fixtures.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * Errors written for people in a real browser (issue 9 item 6): a researcher submits a request form with required
 * answers empty and an email that is not one. Every problem shows at once, beside its field (aria-invalid, the
 * sentence read with the field) and in a summary that counts the fields and links to each by its label; no field
 * key, `body.` path or regular expression is shown. One wrong field is counted as one. At 1440 and at 390 px.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);
const shots = screenshots('errors');

describe.skipIf(!chromium)(`errors for people in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let f: ReturnType<typeof requestFixtures>;
  let act: TestUser;
  let owner: TestUser;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    const base = await listenForBrowser(gh);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
    f = requestFixtures(gh);
    act = await gh.user('aron', { act: true, certified: true, validated: true });
    owner = await gh.user('olga', { certified: true });
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  async function formFor(username: string, width: number): Promise<Page> {
    await gh.user(username, { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [], { ducRequired: false });
    await f.ok(await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/form`, {
      fields: [
        { key: 't-signing-official-email', label: 'Signing official email', type: 'email' },
        { key: 't-project-title', label: 'Project title', type: 'short-text' },
      ],
    }));
    const page = await pages.as(username, width);
    await page.goto(`/requests/new?accessRequirementId=${ar.id}`);
    await page.getByTestId('request-form').waitFor();
    return page;
  }

  const summaryLinks = (page: Page) => page.getByTestId('error-summary').getByRole('link').allTextContents();

  for (const width of [1440, 390]) {
    it(`every missing and invalid answer is shown at once by its label, counted right (${width} px)`, async () => {
      const page = await formFor(`rita${width}`, width);
      await page.getByLabel('Signing official email').fill('not-an-address');
      await page.getByTestId('submit-request').click();

      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      await expect.poll(() => summaryLinks(page)).toEqual(['Study lead', 'Institution', 'Intended data use statement', 'Signing official email', 'Project title']);
      expect(await summary.locator('strong').textContent()).toBe('Please correct 5 fields:');
      expect(await summary.getByTestId('summary-t-signing-official-email').textContent()).toBe('Signing official email: Must be an email address, like name@example.org.');
      expect(await summary.getByTestId('summary-t-project-title').textContent()).toBe('Project title: Fill this in.');

      // Beside the field, read with it.
      const email = page.getByLabel('Signing official email');
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await email.getAttribute('aria-describedby'))!.split(' ');
      const said = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
      expect(said).toContain('Must be an email address, like name@example.org.');
      expect(await page.getByTestId('error-t-project-title').textContent()).toBe('Fill this in.');

      // Nothing for machines reaches the page.
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/body\.|answers\.|t-signing-official-email|\^|\$\/|must match pattern|expected integer/);
      await shots.page(page, `request-${width}`);
      await shots.part(summary, `summary-${width}`);

      // A link in the summary moves to its field.
      await summary.getByRole('link', { name: 'Project title' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(await page.getByLabel('Project title').getAttribute('id'));

      // Fix all but one: the summary counts one field.
      await page.getByLabel('Study lead').fill('Dr. Rita');
      await page.getByLabel('Institution').fill('Example University');
      await page.getByLabel('Intended data use statement').fill('We study variants and treatment response.');
      await page.getByLabel('Project title').fill('Variants');
      await page.getByTestId('submit-request').click();
      await expect.poll(() => summaryLinks(page)).toEqual(['Signing official email']);
      expect(await summary.locator('strong').textContent()).toBe('Please correct 1 field:');
      expect(await page.getByText(/Please correct the \d+ fields/).count()).toBe(0);
      // The summary fits the window (the page's navigation at 390 px is item 8's).
      const box = (await summary.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(pages.pageErrors).toEqual([]);
    }, 120_000);
  }

  it('an AR setting below its minimum says "Must be 0 or more." beside "Approvals expire after (days)"', async () => {
    const page = await pages.as('aron', 1440);
    await page.goto('/act/access-requirements/new');
    await page.getByLabel('Type').selectOption('ManagedACT');
    await page.getByLabel('Name').fill('Negative expiry');
    await page.getByLabel('Approvals expire after (days)').fill('-1');
    await page.getByRole('button', { name: /create/i }).click();
    const field = page.getByLabel('Approvals expire after (days)');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByTestId('error-settings.expirationDays').textContent()).toBe('Must be 0 or more.');
    await expect.poll(() => summaryLinks(page)).toEqual(['Approvals expire after (days)']);
    expect(await page.getByTestId('error-summary').locator('strong').textContent()).toBe('Please correct 1 field:');
    expect(await page.locator('main').innerText()).not.toMatch(/expected integer|body\./i);
    await shots.page(page, 'ar-form-1440');
  }, 120_000);
});
