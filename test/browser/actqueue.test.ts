import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { notifyUser } from '../../src/notifications/outbox.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { DAY, requestFixtures } from '../api/requests-fixtures.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * ACT's queue in a real browser, at 1440 and at 390 px (issue 9, item 7): ACT signs in and sees on its home how
 * many data access requests wait (oldest first, with their age) and how many verification requests; it opens a
 * notification from the list (it becomes read, the bell's count drops), marks all read (the bell shows none);
 * the access requirement's page links to its request form designer; a new access requirement takes a DUC
 * template file. GATEHOUSE_SCREENS=1 saves .tmp/screens/actqueue-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
const screens = !!process.env.GATEHOUSE_SCREENS;
const WIDTHS = [{ width: 1440, height: 900 }, { width: 390, height: 844 }];

describe.skipIf(!chromium)(`ACT's queue in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const act: TestUser[] = [];
  let arId: number;

  const shot = async (page: Page, name: string) => {
    if (!screens) return;
    mkdirSync(screensDir, { recursive: true });
    await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(screensDir, `actqueue-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    gh = await startTestGatehouse();
    // Served in real time (before anyone signs in, so that sessions last).
    base = await listenForBrowser(gh);
    const f = requestFixtures(gh);
    // One ACT member per width: each finds its own notifications unread.
    for (const w of WIDTHS) act.push(await gh.user(`act${w.width}`, { act: true, certified: true, validated: true }));
    const owner = await gh.user('olga');
    const early = await gh.user('erin', { certified: true, validated: true });
    const late = await gh.user('liam', { certified: true, validated: true });
    const ar = await f.managedAr(act[0], owner, [early, late], {}, 'Tumor Cohort — controlled access');
    arId = ar.id;

    // Erin's request was submitted three days ago, Liam's and a verification request now.
    const now = gh.clock.now();
    gh.clock.set(new Date(now.getTime() - 3 * DAY - 3_600_000));
    const first = await f.filled(early, ar.id, { institution: 'Erin Institute' });
    await f.submit(early, first.id);
    gh.clock.set(now);
    const second = await f.filled(late, ar.id, { institution: 'Liam Institute' });
    await f.submit(late, second.id);
    const vic = await gh.user('vic');
    const form = new FormData();
    for (const [k, v] of Object.entries({ firstName: 'Vic', lastName: 'Ng', institution: 'Example University', location: 'Lyon' })) form.append(k, v);
    form.append('files', new Blob(['%PDF-1.4 letter'], { type: 'application/pdf' }), 'letter.pdf');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    await f.ok(await gh.as(vic).post('/api/v1/verifications', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! }), 201);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await gh?.stop();
  });

  const bellCount = async (page: Page) => {
    const count = page.getByTestId('bell').locator('.bell-count');
    return (await count.count()) === 0 ? 0 : Number(await count.textContent());
  };

  for (const [i, viewport] of WIDTHS.entries()) {
    it(`at ${viewport.width} px: ACT sees what waits on its home, opens a notification (read, the bell drops), marks all read, reaches the form designer`, async () => {
      const context = await browser.newContext({ baseURL: base, viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const w = viewport.width;

      await page.goto('/');
      await page.getByLabel('Username or email').fill(act[i].username);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('user-menu').waitFor();

      // Home: the counts, each a link to its queue; the oldest request first, with its age.
      await expect.poll(() => page.getByTestId('requests-waiting').textContent()).toBe('2 requests waiting for review');
      expect(await page.getByTestId('verifications-waiting').textContent()).toBe('1 verification request waiting for review');
      const oldest = page.getByTestId('requests-oldest').locator('li');
      expect(await oldest.count()).toBe(2);
      expect(await oldest.nth(0).textContent()).toMatch(/^Erin for Tumor Cohort — controlled accesswaiting 3 days/);
      expect(await oldest.nth(1).textContent()).toMatch(/^Liam .*waiting today/);
      expect(await page.getByTestId('requests-waiting').getByRole('link').getAttribute('href')).toBe('/act/requests?state=SUBMITTED&order=oldest');
      expect(await page.getByTestId('verifications-waiting').getByRole('link').getAttribute('href')).toBe('/act/verifications');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await shot(page, `${w}-1-home`);

      // The queue opens oldest first.
      await page.getByTestId('requests-waiting').getByRole('link').click();
      await expect.poll(() => page.locator('table tbody tr').first().textContent()).toContain('Erin');
      expect(await page.getByLabel('Order').inputValue()).toBe('oldest');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await shot(page, `${w}-1b-queue`);

      // Notifications read as sentences, their kind in words (the code in the tooltip), never a raw code.
      await page.goto('/notifications');
      const items = page.getByTestId('notification');
      await expect.poll(() => items.count()).toBe(3);
      const before = await bellCount(page);
      expect(before).toBe(3);
      const text = await page.getByTestId('notifications').textContent();
      expect(text).not.toMatch(/request\.submitted|verification\.submitted/);
      const badge = items.first().locator('.badge');
      expect(await badge.textContent()).toBe('Identity verification requested');
      expect(await badge.getAttribute('title')).toBe('verification.submitted');
      await shot(page, `${w}-2-notifications`);

      // The address in a notice's text is a link too, followed inside the app.
      expect(await items.nth(1).locator('.notification-body a').getAttribute('href')).toMatch(/^\/act\/requests\?submission=\d+$/);

      // Opening one (its title is the link) marks it read and follows it; the bell drops by one.
      await items.nth(1).getByTestId('notification-link').click();
      await page.waitForURL(/\/act\/requests\?submission=\d+$/);
      await expect.poll(() => bellCount(page)).toBe(before - 1);
      await page.goto('/notifications');
      await expect.poll(() => items.nth(1).getAttribute('data-read')).toBe('true');
      expect(await items.nth(0).getAttribute('data-read')).toBe('false');
      expect(await page.locator('.page-subtitle').textContent()).toBe('2 unread');

      // Mark all read: every one, and the bell shows no count.
      await page.getByTestId('mark-all-read').click();
      await expect.poll(() => page.locator('.page-subtitle').textContent()).toBe('All read');
      await expect.poll(() => bellCount(page)).toBe(0);
      expect(await page.locator('[data-testid="notification"][data-read="false"]').count()).toBe(0);
      expect(await page.getByTestId('mark-all-read').count()).toBe(0);
      await shot(page, `${w}-3-all-read`);

      // The access requirement's page: its restriction in words, a link to its request form designer.
      await page.goto(`/act/access-requirements/${arId}`);
      expect(await page.getByTestId('ar-level').textContent()).toBe('Controlled');
      expect(await page.getByTestId('ar-level').getAttribute('title')).toBe('CONTROLLED_BY_ACT');
      // Nothing widens the page beyond the window (the tabs scroll in their own row).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await shot(page, `${w}-4-ar-page`);
      await page.getByRole('navigation', { name: /^Tools for/ }).getByRole('link', { name: 'Request form' }).click();
      await page.waitForURL(new RegExp(`/act/access-requirements/${arId}/form$`));

      expect(pageErrors).toEqual([]);
    }, 90_000);
  }

  it('a new ManagedACT access requirement takes its DUC template as a file, and requestors can download it', async () => {
    const context = await browser.newContext({ baseURL: base, viewport: WIDTHS[0] });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(act[0].username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();

    // A notification opened from the home page is read too: gone from "Unread notifications", the bell at none.
    await gh.ctx.db.tx((sql) => notifyUser(sql, gh.clock, gh.config.publicUrl, {
      kind: 'access-requirement.entity-locked', userId: act[0].id, subject: 'A folder was locked', body: 'A folder was locked.', link: `/act/access-requirements/${arId}`,
    }));
    await page.goto('/');
    const card = page.locator('#home-notifications');
    await expect.poll(() => card.getByTestId('notification-link').count()).toBe(1);
    // The bell asks for its count on its own: wait for its answer.
    await expect.poll(() => bellCount(page)).toBe(1);
    expect(await card.textContent()).toContain('Data locked');
    await card.getByTestId('notification-link').click();
    await page.waitForURL(new RegExp(`/act/access-requirements/${arId}$`));
    await expect.poll(() => bellCount(page)).toBe(0);

    await page.goto('/act/access-requirements/new');
    await page.getByLabel('Type').selectOption('ManagedACT');
    expect(await page.getByText('stored file id').count()).toBe(0);
    await page.getByLabel('Name').fill('Imaging — controlled access');
    await page.getByLabel('DUC template (optional)').setInputFiles({ name: 'duc-template.txt', mimeType: 'text/plain', buffer: Buffer.from('Data use certificate template') });
    await shot(page, '1440-5-new-ar');
    await page.getByRole('button', { name: 'Create access requirement' }).click();
    await expect.poll(() => page.getByTestId('ar-notice').textContent()).toBe('Access requirement created with the DUC template duc-template.txt.');
    const id = Number(page.url().split('/').pop());
    const template = await page.request.get(`/api/v1/access-requirements/${id}/form/duc-template`);
    expect(template.status()).toBe(200);
    expect(await template.text()).toBe('Data use certificate template');
    expect(await page.getByTestId('ar-duc-current').getAttribute('href')).toBe(`/api/v1/access-requirements/${id}/form/duc-template`);
    await expect.poll(() => page.getByTestId('ar-duc-current').textContent()).toBe('duc-template.txt');
    await shot(page, '1440-6-ar-created');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
