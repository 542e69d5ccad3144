import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures, syn, ALL_ACCESS } from '../api/access-requirements-fixtures.js';
import { CHROMIUM, assertWebBuilt, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * Smaller things a user notices (issue 9 item 10), in a real browser at 1440 and 390 px: sections load as
 * skeletons under a visible header; several files upload at once, each with its own state; an empty folder offers
 * its actions or says why it is empty; the admin's user page says who disabled an account and when; "exempt" says
 * why; Teams and Groups each say what they are for; the API docs lead back to the app.
 * GATEHOUSE_SCREENS=1 saves screenshots to .tmp/screens/smaller-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);
const shots = screenshots('smaller');
const WIDTHS = [1440, 390] as const;

describe.skipIf(!chromium)(`smaller things in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let carol: TestUser;
  let gil: TestUser;
  let project: number;
  const emptyFolder: Record<number, number> = {};
  let readOnlyFolder: number;
  let teamId: number;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    const base = await listenForBrowser(gh);
    const f = fixtures(gh);
    carol = await gh.user('carol', { certified: true });
    const rita = await gh.user('rita', { certified: true });
    const ezra = await gh.user('ezra', { certified: true });
    const act = await gh.user('aaron', { act: true, certified: true });
    const admin = await gh.user('adam', { admin: true });
    gil = await gh.user('gil');
    project = await f.project(carol, 'Smaller Things Study', {
      [rita.id]: ['READ'], [ezra.id]: ['READ', 'DOWNLOAD', 'UPDATE', 'DELETE'],
    });
    for (const width of WIDTHS) emptyFolder[width] = await f.folder(project, `Uploads ${width}`, carol);
    readOnlyFolder = await f.folder(project, 'Nothing yet', carol);
    teamId = await f.team(act, 'Cohort contributors', [ezra]);
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'Cohort data', subjects: [{ type: 'entity', id: syn(project) }] });
    const acl = await gh.as(act).put(`/api/v1/access-requirements/${ar.id}/acl`, { entries: [{ principalId: teamId, accessTypes: ['EXEMPTION_ELIGIBLE'] }] });
    expect(acl.statusCode, acl.body).toBe(200);
    const disabled = await gh.as(admin).post(`/api/v1/users/${gil.id}/disable`, { reason: 'Left the institution.' });
    expect(disabled.statusCode, disabled.body).toBe(200);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  for (const width of WIDTHS) {
    it(`at ${width} px: a folder's contents load as a skeleton under its visible header, without motion when asked`, async () => {
      const page = await pages.as('carol', width);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      let release!: () => void;
      const held = new Promise<void>((resolve) => { release = resolve; });
      await page.route('**/api/v1/entities/*/children*', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`/entities/${syn(project)}`);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Smaller Things Study');
      const contents = page.getByTestId('children');
      const skeleton = contents.getByTestId('skeleton');
      await skeleton.waitFor();
      expect(await skeleton.getAttribute('aria-busy')).toBe('true');
      expect(await skeleton.getAttribute('class')).toContain('skeleton-table');
      expect(await skeleton.locator('.skeleton-block').first().evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
      await shots.page(page, `skeleton-${width}`);
      release();
      await contents.getByTestId('children-table').getByRole('link', { name: 'Nothing yet' }).waitFor();
      expect(await contents.getByTestId('skeleton').count()).toBe(0);
    });

    it(`at ${width} px: an empty folder offers uploading several files, each showing its own state, and a failed one its reason`, async () => {
      const page = await pages.as('carol', width);
      await page.goto(`/entities/${syn(emptyFolder[width])}`);
      const empty = page.getByTestId('empty');
      await empty.getByText('This folder is empty').waitFor();
      await empty.getByRole('button', { name: 'New folder' }).waitFor();
      await shots.page(page, `empty-folder-${width}`);
      await empty.getByRole('button', { name: 'Upload files' }).click();
      const dialog = page.getByTestId('upload-files-dialog');
      // "Choose files" is a real button, reached by keyboard.
      await dialog.getByRole('button', { name: 'Choose files' }).focus();
      expect(await dialog.getByRole('button', { name: 'Choose files' }).evaluate((el) => el === document.activeElement)).toBe(true);
      await dialog.getByLabel('Files to upload').setInputFiles([
        { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('a\n1\n') },
        { name: 'b.csv', mimeType: 'text/csv', buffer: Buffer.from('b\n2\n') },
        { name: 'c.txt', mimeType: 'text/plain', buffer: Buffer.alloc(200_000, 'c') },
      ]);
      const items = dialog.getByTestId('upload-item');
      await expect.poll(() => items.count()).toBe(3);
      await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done', 'done']);
      // Dropped files join the list: one new, and one whose name is taken, which fails with the server's sentence.
      const dataTransfer = await page.evaluateHandle(() => {
        const dt = new DataTransfer();
        dt.items.add(new File(['dropped\n'], 'dropped.csv', { type: 'text/csv' }));
        dt.items.add(new File(['again\n'], 'a.csv', { type: 'text/csv' }));
        return dt;
      });
      await dialog.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
      await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done', 'done', 'done', 'failed']);
      const failed = items.nth(4);
      await expect.poll(() => failed.textContent()).toMatch(/Failed: .*a\.csv/);
      await expect.poll(() => dialog.getByTestId('upload-summary').textContent()).toBe('4 of 5 uploaded, 1 failed');
      await shots.page(page, `upload-${width}`);
      // Retrying tries again (and fails again: the name is still taken).
      await failed.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => failed.getAttribute('data-state')).toBe('failed');
      expect(await noSidewaysScroll(page)).toBe(true);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => page.getByTestId('entity-notice').textContent()).toBe('Uploaded 4 files.');
      const table = page.getByTestId('children-table');
      for (const name of ['a.csv', 'b.csv', 'c.txt', 'dropped.csv']) await table.getByRole('link', { name }).waitFor();
    });

    it(`at ${width} px: an empty folder a reader cannot add to says why it is empty, with no upload`, async () => {
      const page = await pages.as('rita', width);
      await page.goto(`/entities/${syn(readOnlyFolder)}`);
      const empty = page.getByTestId('empty');
      await expect.poll(() => empty.textContent()).toContain('Adding files needs CREATE access here, which you do not have');
      expect(await empty.getByRole('button', { name: 'Upload files' }).count()).toBe(0);
    });

    it(`at ${width} px: the admin's user page says who disabled the account, when, and why`, async () => {
      const page = await pages.as('adam', width);
      await page.goto(`/admin/users/${gil.id}`);
      const line = page.getByTestId('disabled-by');
      await expect.poll(() => line.textContent()).toMatch(/^Disabled by adam on .+\d{4}.*, reason: Left the institution\.$/);
      await line.getByRole('link', { name: 'adam' }).waitFor();
      await shots.page(page, `disabled-by-${width}`);
      expect(await noSidewaysScroll(page)).toBe(true);
    });

    it(`at ${width} px: "exempt" says why: as a data contributor, eligible through the team`, async () => {
      const page = await pages.as('ezra', width);
      await page.goto(`/entities/${syn(project)}`);
      const reason = page.getByTestId('exempt-reason');
      await expect.poll(() => reason.textContent()).toBe('exempt as data contributor eligible through team Cohort contributors');
      await shots.part(reason.locator('xpath=ancestor::section[1]'), `exempt-${width}`);
    });

    it(`at ${width} px: Teams and Groups each say in a line what they are for`, async () => {
      const page = await pages.as('carol', width);
      await page.goto('/teams');
      await expect.poll(() => page.getByTestId('list-explainer').textContent()).toMatch(/^People you work with: share data and requests with a team/);
      await shots.page(page, `teams-${width}`);
      await page.getByTestId('list-explainer').getByRole('link', { name: 'Groups' }).click();
      await expect.poll(() => page.getByTestId('list-explainer').textContent()).toMatch(/^Managed groups gate access: a project's authorization domain names them/);
      await shots.page(page, `groups-${width}`);
      expect(await noSidewaysScroll(page)).toBe(true);
    });

    it(`at ${width} px: the API documentation leads back to the app`, async () => {
      const page = await pages.as('carol', width);
      await page.goto('/api/docs/');
      const back = page.getByRole('navigation', { name: 'Gatehouse' }).getByRole('link', { name: '← Back to Gatehouse' });
      await back.waitFor();
      await page.locator('.swagger-ui .info').waitFor();
      await shots.part(page.locator('body > .gh-back-bar'), `api-docs-bar-${width}`);
      await shots.part(page.locator('.swagger-ui .information-container'), `api-docs-info-${width}`);
      await back.click();
      await page.getByTestId('user-menu').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
    });
  }

  it('no page broke on the way', () => {
    expect(pages.pageErrors).toEqual([]);
  });
});
