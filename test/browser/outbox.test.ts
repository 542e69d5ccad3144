import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { enqueueEmail } from '../../src/notifications/outbox.js';
import { deliverDueEmails, smtpTransport } from '../../src/notifications/worker.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse } from '../harness.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * The admin Outbox page in a real browser (issue 8): emails that could not be delivered because SMTP points
 * at a closed port show their state in words, the last error and the next attempt; an admin retries one, then
 * all failed ones, and the page follows; a phone shows the rows as cards without overflowing; a user who is not
 * an admin is told the page is not for them. Set GATEHOUSE_SCREENS=1 to save screenshots to
 * .tmp/screens/outbox-*.png at 1280 and 390 px wide.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
const screens = !!process.env.GATEHOUSE_SCREENS;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** A loopback port that nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!chromium)(`the Outbox page in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const ids: Record<'approved' | 'invited' | 'flaky' | 'fresh' | 'sent', number> = { approved: 0, invited: 0, flaky: 0, fresh: 0, sent: 0 };

  const shot = async (page: Page, name: string) => {
    if (!screens) return;
    mkdirSync(screensDir, { recursive: true });
    await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 }).catch(() => undefined);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(screensDir, `outbox-${name}.png`), fullPage: true });
  };

  async function signedIn(username: string, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport });
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

  const openOutbox = async (page: Page) => {
    // On a phone the navigation is folded behind its "Menu" button.
    const menu = page.getByRole('button', { name: 'Menu', exact: true });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox', exact: true }).click();
    await page.getByTestId('outbox-table').waitFor();
  };
  const row = (page: Page, id: number) => page.getByTestId(`outbox-row-${id}`);
  const count = (page: Page, state: string) => page.getByTestId(`count-${state}`).locator('.count-tile-number').textContent();

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    gh = await startTestGatehouse();
    await gh.user('postmaster', { admin: true });
    await gh.user('nina');
    // The messages are written after the clock follows the wall clock, so that "in 30 seconds" reads true.
    base = await listenForBrowser(gh);
    browser = await launchChromium();

    const write = (to: string, subject: string, kind: string) => gh.ctx.db.tx((sql) => enqueueEmail(sql, gh.clock, {
      kind, to, subject, body: `Hello,\n\n${subject}.\n\nGatehouse`,
    }));
    ids.approved = await write('ada.lovelace@example.org', 'Your access request was approved', 'request.approved');
    ids.invited = await write('grace.hopper@example.org', 'You are invited to join Genomics Lab', 'team.invited');
    ids.flaky = await write('a.very.long.address.of.a.researcher@department-of-computational-biology.example.org', 'Your identity verification was reviewed', 'verification.decided');
    // SMTP points at a closed port: each round tries one message (a refused connection ends the round) and
    // records the error the mail library gave; the next attempt is 30 seconds on.
    const transport = smtpTransport(`smtp://127.0.0.1:${await closedPort()}`);
    for (let i = 0; i < 3; i++) expect(await deliverDueEmails(gh.ctx.db, gh.clock, transport, 'gatehouse@gatehouse.test')).toEqual({ sent: 0, failed: 1 });
    // Two of them were retried for the whole period and given up on, as the worker would after 72 hours.
    await gh.ctx.db.query("UPDATE outbox SET status = 'failed', attempts = 140, failed_at = $2 WHERE id = ANY($1::bigint[])",
      [[ids.approved, ids.invited], gh.clock.now()]);
    ids.fresh = await write('carol@example.org', 'Carol asked to join Genomics Lab', 'team.membership-requested');
    ids.sent = await write('bob@example.org', 'Welcome to Gatehouse', 'user.created');
    await gh.ctx.db.query("UPDATE outbox SET status = 'sent', attempts = 1, sent_at = $2 WHERE id = $1", [ids.sent, gh.clock.now()]);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await gh?.stop();
  });

  it('shows a phone the messages as cards, each with its state, last error and next attempt, without overflowing', async () => {
    const page = await signedIn('postmaster', PHONE);
    await openOutbox(page);
    expect(await count(page, 'waiting')).toBe('1');
    expect(await count(page, 'failing')).toBe('1');
    expect(await count(page, 'failed')).toBe('2');
    await expect.poll(() => row(page, ids.flaky).textContent()).toMatch(/Failing.*Retrying after errors/);
    expect(await row(page, ids.flaky).textContent()).toContain('ECONNREFUSED');
    // Nothing is wider than the screen: the rows are cards.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('thead').isVisible()).toBe(false);
    await shot(page, 'phone');
    await page.getByRole('button', { name: `Show message ${ids.approved}` }).click();
    await expect.poll(() => page.locator(`#outbox-body-${ids.approved}`).textContent()).toContain('Message-ID');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'phone-details');
  }, 60_000);

  it('lets an admin retry one failed message, then all failed ones, and shows them waiting', async () => {
    const page = await signedIn('postmaster');
    await openOutbox(page);

    // A failed message: its state in words, the last error, no next attempt.
    const approved = row(page, ids.approved);
    expect(await approved.textContent()).toMatch(/Failed.*Gave up retrying/);
    expect(await approved.locator('.outbox-error').textContent()).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
    expect(await approved.textContent()).toContain('None: given up');
    // A failing one: retried in 30 seconds (the exact time in the tooltip).
    const next = row(page, ids.flaky).locator('td[data-label="Next attempt"] time').first();
    expect(await next.textContent()).toMatch(/in 30 seconds|in \d+ seconds|due now/);
    expect(await next.getAttribute('title')).toMatch(/\d/);
    // A waiting one and a sent one offer no retry.
    expect(await row(page, ids.fresh).getByRole('button', { name: /^Retry now/ }).count()).toBe(0);
    expect(await row(page, ids.sent).getByRole('button', { name: /^Retry now/ }).count()).toBe(0);
    // The whole table fits: no scrolling sideways, not even inside its frame.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
    expect(await page.locator('.table-wrap').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
    await shot(page, 'desktop');

    // Retry now: the message waits to be sent, its error gone; the counts follow.
    await approved.getByRole('button', { name: /^Retry now/ }).click();
    await expect.poll(() => page.getByTestId('outbox-notice').textContent()).toContain('ada.lovelace@example.org');
    await expect.poll(() => approved.textContent()).toMatch(/Waiting.*Waiting to be sent/);
    expect(await approved.textContent()).toContain('due now');
    expect(await approved.getByRole('button', { name: /^Retry now/ }).count()).toBe(0);
    expect(await count(page, 'failed')).toBe('1');
    expect(await count(page, 'waiting')).toBe('2');
    await shot(page, 'desktop-retried-one');

    // Retry all failed asks first.
    await page.getByRole('button', { name: 'Retry all failed' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await count(page, 'failed')).toBe('1');
    await page.getByRole('button', { name: 'Retry all failed' }).click();
    await page.getByRole('button', { name: 'Retry 1 failed message now' }).click();
    await expect.poll(() => page.getByTestId('outbox-notice').textContent()).toBe('1 failed message is waiting to be sent again now.');
    await expect.poll(() => count(page, 'failed')).toBe('0');
    expect(await row(page, ids.invited).textContent()).toMatch(/Waiting.*Waiting to be sent/);
    expect(await page.getByRole('button', { name: 'Retry all failed' }).count()).toBe(0);
    const rows = await gh.ctx.db.query<{ status: string; last_error: string | null }>(
      'SELECT status, last_error FROM outbox WHERE id = ANY($1::bigint[])', [[ids.approved, ids.invited]]);
    expect(rows).toEqual([{ status: 'pending', last_error: null }, { status: 'pending', last_error: null }]);

    // The filter by state: the failing message alone.
    await page.getByLabel('State').selectOption('failing');
    await expect.poll(() => page.getByTestId('outbox-table').locator('tbody tr').count()).toBe(1);
    expect(await row(page, ids.flaky).count()).toBe(1);

    // The worker delivers it while the admin looks: Retry now says why it cannot, and the list follows.
    await gh.ctx.db.query("UPDATE outbox SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = $1", [ids.flaky, gh.clock.now()]);
    await row(page, ids.flaky).getByRole('button', { name: /^Retry now/ }).click();
    await expect.poll(() => page.getByTestId('form-problem').textContent()).toBe(`Message ${ids.flaky} was already delivered; it is not sent again.`);
    await expect.poll(() => page.getByTestId('empty').textContent()).toContain('Nothing matches these filters.');
    expect(await count(page, 'failing')).toBe('0');

    await page.getByTestId('count-failed').click();
    await expect.poll(() => page.getByTestId('count-failed').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('form-problem').count()).toBe(0);
    await expect.poll(() => page.url()).toMatch(/status=failed$/);
    await page.getByTestId('count-failed').click();
    await page.getByTestId('outbox-table').waitFor();
    await shot(page, 'desktop-retried-all');

    // And on a phone, after the retries.
    const phone = await signedIn('postmaster', PHONE);
    await openOutbox(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, 'phone-retried');
  }, 60_000);

  it('tells a user who is not an admin that the Outbox is not for them', async () => {
    const page = await signedIn('nina');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox', exact: true }).count()).toBe(0);
    await page.goto('/admin/outbox');
    await expect.poll(() => page.getByTestId('empty').textContent()).toContain('Only platform administrators may see this page.');
    expect(await page.getByTestId('outbox-table').count()).toBe(0);
    expect(await page.getByText('ada.lovelace@example.org').count()).toBe(0);
    await shot(page, 'not-admin');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
