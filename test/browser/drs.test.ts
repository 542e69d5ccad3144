import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { uploadFile } from '../forms.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The drs:// URI of a file on its page (GA4GH DRS): shown with the SHA-256 beside the MD5, copied with one
 * button, at desktop width and at 390 px without anything sticking out sideways.
 */
const chromium = hasChromium();
const CONTENT = 'id,age\n1,34\n';

describe.skipIf(!chromium)(`DRS URI on the file page in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let pages: SignedInPages;
  let carol: TestUser;
  let fileId: string;
  const shots = screenshots('drs');

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    carol = await gh.user('carol', { certified: true });
    const project = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: 'Cohort' })).json().id;
    const up = await uploadFile(gh.as(carol), project, 'ages.csv', CONTENT);
    expect(up.statusCode, up.body).toBe(201);
    fileId = up.json().id;
    base = await listenForBrowser(gh);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  });
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const width of [1280, 390]) {
    it(`shows the file's drs:// URI and SHA-256 and copies the URI (${width} px)`, async () => {
      const page = await pages.as('carol', width);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await page.goto(`/entities/${fileId}`);
      const uri = page.getByTestId('drs-uri');
      await expect.poll(() => uri.textContent()).toBe(`drs://gatehouse.test/${fileId}.1`);
      await expect.poll(() => page.getByTestId('file-details').textContent())
        .toContain(createHash('sha256').update(CONTENT).digest('hex'));
      await page.getByTestId('copy-drs-uri').click();
      await expect.poll(() => page.getByTestId('copy-drs-uri').textContent()).toBe('Copied ✓');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`drs://gatehouse.test/${fileId}.1`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shots.part(page.getByTestId('file-details'), `file-details-${width}`);
      expect(pages.pageErrors).toEqual([]);
    });
  }
});
