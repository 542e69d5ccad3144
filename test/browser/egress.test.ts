import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { event, send } from '../egress.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The egress pages in Chromium: a security engineer adds a source and copies its secret (shown once), a monitor
 * posts with it (one event of an unknown user) and with a wrong secret; the engineer sees the unattributed event
 * highlighted and the refused delivery with its reason. A researcher has no Egress menu and is told why.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots to .tmp/screens/egress-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('egress');
const shot = screens.page;

describe.skipIf(!chromium)(`egress pages in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let pages: SignedInPages;

  const signedIn = (username: string, width?: number) => pages.as(username, width);

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    await gh.user('sec', { security: true });
    await gh.user('rita', { certified: true });
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  it('a security engineer adds a source, sees its secret once, and finds the monitor\'s events and refused deliveries', async () => {
    const page = await signedIn('sec');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Sources', exact: true }).click();
    await page.getByLabel('Name').fill('zeek-vpc');
    await page.getByRole('button', { name: 'Create source' }).click();
    const secret = (await page.getByTestId('egress-secret').textContent())!;
    expect(secret).toMatch(/^gh_egs_/);
    await shot(page, 'new-source');
    await page.getByRole('button', { name: 'Done, I have copied it' }).click();
    expect(await page.getByTestId('egress-secret').count()).toBe(0);
    expect(await page.getByTestId('source-zeek-vpc').textContent()).toContain(secret.slice(0, 11));
    expect(await page.getByTestId('source-zeek-vpc').textContent()).not.toContain(secret);

    gh.clock.set(new Date());
    const stranger = event(gh, { user: 'someone-unknown', bytes: 2 * 1024 * 1024 });
    expect((await send(gh, stranger, { source: 'zeek-vpc', secrets: [secret] })).statusCode).toBe(200);
    expect((await send(gh, event(gh), { source: 'zeek-vpc', secrets: ['gh_egs_wrong'] })).statusCode).toBe(401);

    await nav.getByRole('link', { name: 'Events', exact: true }).click();
    const row = page.getByTestId('unattributed-event');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/unattributed.*someone-unknown.*2\.0 MiB/);
    await shot(page, 'events');
    expect(await row.evaluate((el) => getComputedStyle(el.querySelector('td')!).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');

    await nav.getByRole('link', { name: 'Deliveries', exact: true }).click();
    const deliveries = page.getByTestId('egress-deliveries');
    await deliveries.waitFor();
    expect(await deliveries.textContent()).toMatch(/zeek-vpc.*refused.*BAD_SIGNATURE/);
    await deliveries.getByRole('button', { name: 'Body' }).first().click();
    expect(await deliveries.locator('pre').textContent()).toContain('"eventId"');
    await shot(page, 'deliveries');
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);

  it('a researcher has no Egress menu, and the page says who may see it', async () => {
    const page = await signedIn('rita');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deliveries' }).count()).toBe(0);
    await page.goto('/egress/sources');
    await page.getByText('Only security engineers and platform administrators may see this page.').waitFor();
  }, 60_000);
});
