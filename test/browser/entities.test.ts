import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse } from '../harness.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * Entities, sharing, access requirements and downloads in a real browser (Debian's Chromium, playwright-core)
 * against a real Gatehouse: a contributor creates a project, uploads a file and shares it with a researcher as
 * "Can download"; ACT binds a TermsOfUse access requirement to it; the researcher sees the conditions, accepts
 * the terms and downloads the very bytes that were uploaded.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots of the pages passed through to .tmp/screens/.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
const screens = !!process.env.GATEHOUSE_SCREENS;

const CONTENT = Buffer.from('sample_id,tumor_purity\nS-1,0.82\nS-2,0.67\nS-3,0.91\n');

describe.skipIf(!chromium)(`entities and downloads in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  const shot = async (page: Page, name: string) => {
    if (!screens) return;
    mkdirSync(screensDir, { recursive: true });
    await page.screenshot({ path: path.join(screensDir, `test-issue3-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    browser = await launchChromium();
  }, 120_000); // migrating a fresh database takes a while

  afterAll(async () => {
    await browser?.close();
    await gh?.stop();
  });

  /** A browser of one's own (cookies apart), signed in. */
  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }

  it('a contributor shares a file, ACT binds terms of use, and a researcher accepts them and downloads the file', async () => {
    await gh.user('carol', { certified: true });
    await gh.user('rita');
    await gh.user('aaron', { act: true });

    // Carol creates a project from the navigation.
    const carol = await signedIn('carol');
    await carol.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await carol.getByRole('button', { name: 'New project' }).click();
    await carol.getByLabel('Project name').fill('Tumour Purity Study');
    await carol.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => carol.getByRole('heading', { level: 1 }).textContent()).toBe('Tumour Purity Study');
    await carol.getByText('This project is empty').waitFor();

    // She uploads a file into it: a progress bar, then the file in the contents with its restriction badge.
    await carol.getByRole('button', { name: 'Add' }).click();
    await carol.getByRole('menuitem', { name: 'Upload files' }).click();
    await carol.getByLabel('Files to upload').setInputFiles({ name: 'purity.csv', mimeType: 'text/csv', buffer: CONTENT });
    await carol.locator('[data-testid="upload-item"][data-state="done"]').waitFor();
    await shot(carol, 'upload-dialog');
    await carol.getByRole('button', { name: 'Done' }).click();
    await carol.getByTestId('entity-notice').getByText('Uploaded “purity.csv”').waitFor();
    const row = carol.getByTestId('children-table').getByRole('row', { name: /purity\.csv/ });
    await expect.poll(() => row.getByTestId('restriction-badge').getAttribute('data-level')).toBe('OPEN');
    await shot(carol, 'project');

    // The file page: size and MD5 as the server computed them.
    await row.getByRole('link', { name: 'purity.csv' }).click();
    await expect.poll(() => carol.getByRole('heading', { level: 1 }).textContent()).toBe('purity.csv');
    const fileId = (await carol.getByTestId('entity-id').textContent())!.trim();
    expect(fileId).toMatch(/^syn\d+$/);
    await expect.poll(() => carol.getByTestId('file-details').textContent()).toContain(`${CONTENT.length} bytes`);
    await expect.poll(() => carol.getByTestId('breadcrumb').textContent()).toContain('Tumour Purity Study');

    // She shares it with Rita as "Can download": the file inherits from the project until then.
    await carol.getByRole('button', { name: 'Share' }).click();
    const sharing = carol.getByTestId('sharing-dialog');
    await expect.poll(() => sharing.getByTestId('sharing-inherited').textContent()).toContain('inherited from Tumour Purity Study');
    await sharing.getByLabel('Add people or teams').fill('rita');
    await sharing.getByRole('button', { name: 'Choose rita' }).click();
    await sharing.getByLabel('Access for rita').selectOption('Can download');
    await shot(carol, 'sharing-dialog');
    await sharing.getByRole('button', { name: 'Save sharing settings' }).click();
    await sharing.getByTestId('sharing-notice').getByText('now has its own sharing settings').waitFor();
    await sharing.getByTestId('sharing-own').waitFor();
    expect(await sharing.getByLabel('Access for rita').inputValue()).toBe('Can download');
    await sharing.getByRole('button', { name: 'Close', exact: true }).click();

    // ACT creates a TermsOfUse access requirement and binds it to the file.
    const aaron = await signedIn('aaron');
    await aaron.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access requirements' }).click();
    await aaron.getByRole('link', { name: 'New access requirement' }).click();
    await aaron.getByLabel('Type').selectOption('TermsOfUse');
    await aaron.getByLabel('Name', { exact: true }).fill('Tumour purity terms');
    await aaron.getByLabel('Terms users accept').fill('I will not try to identify the donors of these samples.');
    await aaron.getByRole('button', { name: 'Create access requirement' }).click();
    await aaron.getByTestId('ar-notice').waitFor();
    await aaron.getByRole('tab', { name: /Bound to/ }).click();
    await aaron.getByLabel('Entity', { exact: true }).fill(fileId);
    await aaron.getByRole('button', { name: `Choose ${fileId}` }).click();
    await aaron.getByRole('button', { name: 'Bind', exact: true }).click();
    // ACT may bind what it cannot read: the binding is listed by its id.
    await aaron.getByTestId('ar-subjects').getByRole('link', { name: fileId }).waitFor();
    await shot(aaron, 'ar-bound');

    // Rita finds the file under "Shared with me" (she cannot open the project) and opens it: the conditions panel
    // asks her to accept the terms; she cannot download yet.
    const rita = await signedIn('rita');
    await rita.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await rita.getByTestId('shared-table').getByRole('link', { name: 'purity.csv' }).waitFor();
    await shot(rita, 'shared-with-me');
    await rita.getByTestId('shared-table').getByRole('link', { name: 'purity.csv' }).click();
    await expect.poll(() => rita.getByTestId('entity-id').textContent()).toContain(fileId);
    const conditions = rita.getByTestId('conditions');
    await conditions.getByText('Tumour purity terms').first().waitFor();
    await expect.poll(() => conditions.getByTestId('restriction-badge').getAttribute('data-level')).toBe('RESTRICTED_BY_TERMS_OF_USE');
    await expect.poll(() => conditions.getByTestId('download-denial').textContent())
      .toBe('There are unmet access requirements that must be met to read content in the requested container.');
    expect(await rita.getByTestId('download-button').isDisabled()).toBe(true);
    await shot(rita, 'conditions-unmet');

    // She opens the terms, reads them, ticks "I have read and accept" and accepts: the conditions are met, and
    // the download button works.
    await conditions.getByText('Read the terms of “Tumour purity terms”').click();
    await conditions.getByTestId(/^terms-text-/).getByText('I will not try to identify the donors of these samples.').waitFor();
    expect(await conditions.getByRole('button', { name: 'Accept terms' }).isDisabled()).toBe(true);
    await conditions.getByLabel(/I have read and accept the terms of “Tumour purity terms”/).check();
    await conditions.getByRole('button', { name: 'Accept terms' }).click();
    await conditions.getByTestId('can-download').waitFor();
    await expect.poll(() => conditions.getByTestId(/^ar-/).first().textContent()).toContain('approved');
    await expect.poll(() => rita.getByTestId('download-button').evaluate((el) => el.tagName)).toBe('A');
    await shot(rita, 'conditions-met');

    const [download] = await Promise.all([rita.waitForEvent('download'), rita.getByTestId('download-button').click()]);
    expect(download.suggestedFilename()).toBe('purity.csv');
    const saved = await download.path();
    expect(readFileSync(saved).equals(CONTENT)).toBe(true);

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
