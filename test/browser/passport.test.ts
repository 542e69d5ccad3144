import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The profile's GA4GH passport panel in Chromium: the visas in words, at desktop and phone widths.
 * Set GATEHOUSE_SCREENS=1 to save .tmp/screens/passport-*.png.
 */
const chromium = hasChromium();
const shot = screenshots('passport').page;

describe.skipIf(!chromium)(`the GA4GH passport panel in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let arId: number;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    const base = await listenForBrowser(gh);
    const act = await gh.user('aron', { act: true });
    const vera = await gh.user('vera', { validated: true });
    const ar = await gh.as(act).post('/api/v1/access-requirements', { type: 'ManagedACT', name: 'Cohort study data' });
    arId = ar.json().id;
    await gh.as(act).post('/api/v1/access-approvals', { accessRequirementId: arId, accessorId: vera.id });
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const width of [1280, 390]) {
    it(`a researcher sees her visas in words on her profile and can copy the passport (${width} px)`, async () => {
      const page = await pages.as('vera', width);
      await page.goto('/profile');
      const panel = page.getByTestId('ga4gh-passport');
      const visas = panel.getByTestId('passport-visa');
      await expect.poll(() => visas.count()).toBe(3);
      const grant = visas.filter({ hasText: 'Controlled access granted' });
      await expect.poll(() => grant.innerText()).toContain('Cohort study data');
      expect(await grant.innerText()).toContain('the Access and Compliance Team, as data access committee');
      expect(await visas.filter({ hasText: 'Researcher status' }).innerText()).toContain('signing official');
      expect(await panel.getByTestId('copy-passport-json').isVisible()).toBe(true);
      expect(await panel.getByTestId('copy-passport-jwt').isVisible()).toBe(true);
      // Nothing sticks out sideways, also on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, `profile-${width}`);
      // WCAG 2 A/AA as the accessibility pass checks it: no serious or critical violation in the panel.
      const axe = await new AxeBuilder({ page }).include('[data-testid="ga4gh-passport"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await grant.getByRole('link', { name: 'Cohort study data' }).click();
      await page.waitForURL(`**/access-requirements/${arId}/approved-uses`);
      expect(pages.pageErrors).toEqual([]);
    });
  }
});
