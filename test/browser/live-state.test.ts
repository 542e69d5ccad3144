import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures, syn } from '../api/access-requirements-fixtures.js';
import { requestFixtures } from '../api/requests-fixtures.js';
import { CHROMIUM, SignedInPages, assertWebBuilt, hasChromium, launchChromium, screenshots } from './browser.js';

/**
 * State is live after every change (issue 9 item 4), in a real browser at 1440 and at 390 px: accepting terms on
 * a folder's conditions panel lifts the padlocks of its files at once, without a reload, and the folder and each
 * file agree on "conditions met"; accepting on the download list does the same for the file's page and its
 * folder; a data page shows the caller's submitted request as "Request pending", and the draft that "Request
 * access" made as "Continue your request", instead of offering "Request access" again.
 * GATEHOUSE_SCREENS=1 saves .tmp/screens/live-state-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const WIDTHS = [1440, 390];
const shots = screenshots('live-state');

/** The screen-reader text of a restriction badge: " (conditions met)" or " (conditions not met)". */
const badgeState = async (badge: Locator) => (await badge.locator('.sr-only').textContent())?.trim();

describe.skipIf(!chromium)(`live state in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let surveyId: number;
  let interviewsId: number;
  let cohortId: number;

  async function upload(user: TestUser, parentId: number, fileName: string) {
    const data = new FormData();
    data.append('parentId', syn(parentId));
    data.append('file', new Blob([`contents of ${fileName}\n`], { type: 'text/csv' }), fileName);
    const request = new Request('http://localhost/', { method: 'POST', body: data });
    const res = await gh.as(user).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  }

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    const base = await listenForBrowser(gh);
    const f = fixtures(gh);
    const r = requestFixtures(gh);
    const carol = await gh.user('carol', { certified: true, validated: true });
    const act = await gh.user('aaron', { act: true });
    const readers: TestUser[] = [];
    const requestors: TestUser[] = [];
    for (const w of WIDTHS) {
      readers.push(await gh.user(`rita${w}`, { certified: true, validated: true }));
      requestors.push(await gh.user(`sam${w}`, { certified: true, validated: true }));
    }
    const project = await f.project(carol, 'Household Panel', Object.fromEntries(readers.map((u) => [u.id, ['READ', 'DOWNLOAD']])));
    surveyId = await f.folder(project, 'Survey waves', carol);
    for (const name of ['wave_1.csv', 'wave_2.csv', 'wave_3.csv']) await upload(carol, surveyId, name);
    interviewsId = await f.folder(project, 'Interviews', carol);
    const interview = await upload(carol, interviewsId, 'interview_notes.csv');
    await f.requirement(act, { type: 'TermsOfUse', name: 'Survey terms', terms: 'Do not try to identify households.', subjects: [{ type: 'entity', id: syn(surveyId) }] });
    await f.requirement(act, { type: 'TermsOfUse', name: 'Interview terms', terms: 'Quote no participant by name.', subjects: [{ type: 'entity', id: syn(interviewsId) }] });
    for (const u of readers) {
      const res = await gh.as(u).post('/api/v1/download-list', { entityIds: [interview.id] });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
    // A controlled cohort: each sam has a submitted request; each rita has none yet.
    const ar = await r.managedAr(act, carol, [...readers, ...requestors], {}, 'Cohort — controlled access');
    cohortId = ar.projectId;
    for (const u of requestors) await r.submit(u, (await r.filled(u, ar.id, { institution: `${u.username} Institute` })).id);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);

  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  /** Every file row's badge of the folder's listing, and the folder's own badge on its conditions panel. */
  async function states(page: Page) {
    const rows = page.getByTestId('children-table').locator('tbody tr');
    const files = await Promise.all((await rows.all()).map((row) => badgeState(row.getByTestId('restriction-badge'))));
    const folder = await badgeState(page.getByTestId('conditions').getByTestId('restriction-badge').first());
    return { folder, files };
  }

  for (const width of WIDTHS) {
    it(`at ${width} px: accepting a folder's terms on its conditions panel lifts its files' padlocks at once; folder and files agree`, async () => {
      const page = await pages.as(`rita${width}`, width);
      await page.goto(`/entities/${syn(surveyId)}`);
      const rows = page.getByTestId('children-table').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(3);
      await expect.poll(() => states(page)).toEqual({ folder: '(conditions not met)', files: Array(3).fill('(conditions not met)') });
      await shots.page(page, `folder-before-${width}`);

      const conditions = page.getByTestId('conditions');
      await conditions.getByText('Read the terms', { exact: false }).click();
      await conditions.getByLabel('I have read and accept the terms of “Survey terms”', { exact: false }).check();
      await conditions.getByRole('button', { name: 'Accept terms' }).click();
      // No reload: the same page now says met everywhere, and the panel lets the files be downloaded.
      await conditions.getByTestId('can-download').waitFor();
      await expect.poll(() => states(page)).toEqual({ folder: '(conditions met)', files: Array(3).fill('(conditions met)') });
      await shots.page(page, `folder-after-${width}`);

      // Every other view of these files agrees: a file's own page, and back on the folder.
      await rows.first().getByRole('link').click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('wave_1.csv');
      await page.getByTestId('conditions').getByTestId('can-download').waitFor();
      await page.goBack();
      await expect.poll(() => states(page)).toEqual({ folder: '(conditions met)', files: Array(3).fill('(conditions met)') });
      expect(pages.pageErrors).toEqual([]);
    });

    it(`at ${width} px: accepting on the download list shows at once on the file's page and its folder`, async () => {
      const page = await pages.as(`rita${width}`, width);
      // The file's page first, so that its answers are in the cache from before the acceptance.
      await page.goto(`/entities/${syn(interviewsId)}`);
      await expect.poll(() => states(page)).toEqual({ folder: '(conditions not met)', files: ['(conditions not met)'] });
      await page.getByTestId('children-table').getByRole('link', { name: 'interview_notes.csv' }).click();
      await page.getByTestId('conditions').getByTestId('actions-required').waitFor();

      await page.goto('/download-list');
      const row = page.getByTestId('download-row-interview_notes.csv');
      await row.getByText('1 action needed').waitFor();
      const actions = page.getByTestId('download-actions');
      await actions.getByText('Read the terms', { exact: false }).click();
      await actions.getByLabel('I have read and accept the terms of “Interview terms”', { exact: false }).check();
      await actions.getByRole('button', { name: 'Accept terms' }).click();
      await row.getByText('ready').waitFor();
      await shots.page(page, `download-list-${width}`);

      // In the app (no reload): the file's page can download, its folder shows no padlock.
      await row.getByRole('link', { name: 'interview_notes.csv' }).click();
      await page.getByTestId('conditions').getByTestId('can-download').waitFor();
      await page.getByTestId('breadcrumb').getByRole('link', { name: 'Interviews' }).click();
      await expect.poll(() => states(page)).toEqual({ folder: '(conditions met)', files: ['(conditions met)'] });
      expect(pages.pageErrors).toEqual([]);
    });

    it(`at ${width} px: a submitted request shows as "Request pending" on the data page; "Request access" leaves a draft to continue`, async () => {
      const sam = await pages.as(`sam${width}`, width);
      await sam.goto(`/entities/${syn(cohortId)}`);
      const pending = sam.getByTestId('conditions').getByTestId('request-state');
      await pending.waitFor();
      expect(await sam.getByTestId('conditions').getByRole('link', { name: 'Request access' }).count()).toBe(0);
      await shots.part(sam.getByTestId('conditions'), `pending-${width}`);
      expect(await pending.textContent()).toContain('Request pending');
      await pending.getByRole('link', { name: 'Open your request' }).click();
      await sam.waitForURL(/\/requests\/\d+$/);

      const rita = await pages.as(`rita${width}`, width);
      await rita.goto(`/entities/${syn(cohortId)}`);
      await rita.getByTestId('conditions').getByRole('link', { name: 'Request access' }).click();
      await rita.waitForURL(/\/requests\/\d+/);
      await rita.goBack();
      await rita.getByTestId('conditions').getByTestId('request-state').getByRole('link', { name: 'Continue your request' }).waitFor();
      expect(await rita.getByTestId('conditions').getByRole('link', { name: 'Request access' }).count()).toBe(0);
      expect(await rita.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      expect(pages.pageErrors).toEqual([]);
    });
  }
});
