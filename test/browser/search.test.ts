import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures, syn, ALL_ACCESS } from '../api/access-requirements-fixtures.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * Search in a real browser (issue 9 item 2): a researcher types in the header's search box, presses Enter, sees
 * the hits with their paths as links and their restriction badges, and narrows them to the files they can
 * download; a folder they were not given never shows. At 1440 and at 390 px wide (nothing sticks out sideways).
 * Set GATEHOUSE_SCREENS=1 to save screenshots to .tmp/screens/.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
async function shot(page: Page, name: string) {
  if (!process.env.GATEHOUSE_SCREENS) return;
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: path.join(screensDir, `search-${name}.png`), fullPage: true });
}

describe.skipIf(!chromium)(`search in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function signedIn(username: string, width: number): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }

  async function upload(user: TestUser, parentId: number, fileName: string, content: string) {
    const data = new FormData();
    data.append('parentId', syn(parentId));
    data.append('file', new Blob([content], { type: 'text/csv' }), fileName);
    const request = new Request('http://localhost/', { method: 'POST', body: data });
    const res = await gh.as(user).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
    expect(res.statusCode, res.body).toBe(201);
  }

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    const f = fixtures(gh);
    const carol = await gh.user('carol', { certified: true });
    const rita = await gh.user('rita', { certified: true });
    const act = await gh.user('aaron', { act: true });
    const project = await f.project(carol, 'Paediatric Tumour Cohort', { [rita.id]: ['READ', 'DOWNLOAD'] });
    await gh.ctx.db.query("UPDATE entities SET description = 'Whole-genome sequencing of paediatric tumours from three hospitals, with clinical annotations and follow-up.' WHERE id = $1", [project]);
    const clinical = await f.folder(project, 'Clinical tables', carol);
    const sequencing = await f.folder(project, 'Tumour sequencing runs', carol);
    const hidden = await f.folder(project, 'Tumour pathology (restricted)', carol);
    await f.setAcl(hidden, { [carol.id]: ALL_ACCESS });
    await upload(carol, clinical, 'tumour_stage_by_patient.csv', 'patient,stage\nP1,II\n');
    await upload(carol, sequencing, 'tumour_variant_calls_with_a_long_descriptive_name_v2.csv', 'chr,pos\n1,100\n');
    await upload(carol, hidden, 'tumour_pathology_notes.csv', 'secret');
    await f.requirement(act, { type: 'ManagedACT', subjects: [{ type: 'entity', id: syn(sequencing) }] });
    const batches = await f.folder(project, 'Batches', carol);
    for (let i = 1; i <= 25; i++) await f.folder(batches, `Batch ${String(i).padStart(2, '0')}`, carol);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const width of [1440, 390]) {
    it(`at ${width} px: the header's search box finds the files with their paths, and "Only files I can download" narrows them`, async () => {
      const rita = await signedIn('rita', width);
      const box = rita.getByRole('searchbox', { name: 'Search projects, folders and files' });
      // By keyboard: the box comes right after the brand link.
      await rita.getByRole('link', { name: 'Gatehouse home' }).focus();
      await rita.keyboard.press('Tab');
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      await box.fill('tumour');
      await box.press('Enter');
      await rita.waitForURL(/\/search\?q=tumour$/);
      const total = rita.getByTestId('search-total');
      await expect.poll(() => total.textContent()).toBe('4 results');
      // The hidden folder and the file in it never show.
      const hits = rita.getByTestId('search-hits');
      expect(await hits.textContent()).not.toContain('pathology');
      // Each hit shows where it lives, as links, and its restriction badge.
      const calls = rita.getByTestId('hit-tumour_variant_calls_with_a_long_descriptive_name_v2.csv');
      const location = calls.getByRole('navigation', { name: 'Location' });
      expect(await location.getByRole('link').allTextContents()).toEqual(['Paediatric Tumour Cohort', 'Tumour sequencing runs']);
      expect(await calls.getByTestId('restriction-badge').getAttribute('data-level')).toBe('CONTROLLED_BY_ACT');
      await calls.getByText('Cannot download yet').waitFor();
      const stage = rita.getByTestId('hit-tumour_stage_by_patient.csv');
      await stage.getByText('Can download', { exact: true }).waitFor();
      await rita.getByTestId('hit-Paediatric Tumour Cohort').getByText('paediatric tumours', { exact: false }).waitFor();
      expect(await rita.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await shot(rita, `results-${width}`);

      // The filter lives in the address: the box shows ticked once the navigation it makes has happened.
      const onlyMine = rita.getByLabel('Only files I can download');
      await onlyMine.click();
      await expect.poll(() => onlyMine.isChecked()).toBe(true);
      await expect.poll(() => total.textContent()).toBe('1 result (files you can download)');
      await expect.poll(() => rita.getByTestId(/^hit-/).count()).toBe(1);
      await stage.waitFor();
      expect(rita.url()).toContain('canDownload=true');
      await shot(rita, `can-download-${width}`);

      // A path link opens the folder.
      await stage.getByRole('navigation', { name: 'Location' }).getByRole('link', { name: 'Clinical tables' }).click();
      await expect.poll(() => rita.getByRole('heading', { level: 1 }).textContent()).toBe('Clinical tables');

      // Nothing found: the page says what was searched, and the box shows it.
      await box.fill('zebrafish');
      await box.press('Enter');
      await rita.getByText('Nothing found for “zebrafish”').waitFor();
      expect(await box.inputValue()).toBe('zebrafish');
      expect(await rita.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await shot(rita, `empty-${width}`);
      await box.fill('a');
      await box.press('Enter');
      await rita.getByText('“a” is too short to search for').waitFor();
      await rita.getByText('Type at least two letters or digits to search.').waitFor();
      expect(pageErrors).toEqual([]);
    });
  }

  it('pages through many hits, 20 at a time, the address keeping the page', async () => {
    const rita = await signedIn('rita', 1440);
    const box = rita.getByRole('searchbox', { name: 'Search projects, folders and files' });
    await box.fill('batch');
    await box.press('Enter');
    const total = rita.getByTestId('search-total');
    await expect.poll(() => total.textContent()).toBe('26 results');
    await expect.poll(() => rita.getByTestId(/^hit-/).count()).toBe(20);
    const pages = rita.getByRole('navigation', { name: 'Pages' });
    await pages.getByText('1–20 of 26').waitFor();
    await pages.getByRole('button', { name: 'Next →' }).click();
    await pages.getByText('21–26 of 26').waitFor();
    // The pager moves at once; the hits follow when the next page has come.
    await expect.poll(() => rita.getByTestId(/^hit-/).count()).toBe(6);
    expect(rita.url()).toContain('offset=20');
    await shot(rita, 'page-2');
    expect(pageErrors).toEqual([]);
  });
});
