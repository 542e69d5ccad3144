import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * Large data download requests in Chromium: a researcher files one from the user menu (3 GiB, a justification),
 * a security engineer finds it in the Egress menu's queue and approves it in the dialog (prefilled with the
 * size), and the researcher sees it approved with its bypass window. At 390 px wide: one filed on a phone and
 * declined in the dialog.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots to .tmp/screens/bypass-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('bypass');
const shot = screens.page;
const GiB = 1024 ** 3;

describe.skipIf(!chromium)(`large data download requests in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
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

  it('a researcher files a request, the engineer approves it in the queue, and the researcher sees it approved', async () => {
    const rita = await signedIn('rita');
    await rita.getByTestId('user-menu').click();
    await rita.getByRole('menuitem', { name: 'Large data download request' }).click();
    const form = rita.getByTestId('bypass-request-form');
    await form.waitFor();
    // Sent empty: the messages show beside the fields, and nothing is filed.
    await form.getByRole('button', { name: 'Send request' }).click();
    await rita.getByText('Enter how much data you will move out, e.g. 20 GiB.').waitFor();
    await rita.getByText('Say what the transfer is and why it is approved.').waitFor();
    expect((await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM egress_bypass_requests')).n).toBe(0);
    await shot(rita, 'new-invalid');
    await form.getByLabel('How much data').fill('3');
    await form.getByLabel('Unit').selectOption('GiB');
    await form.getByLabel('Justification').fill('Export of the approved GWAS summary statistics for the consortium paper (DAC approval 2026-11).');
    await shot(rita, 'new');
    await form.getByRole('button', { name: 'Send request' }).click();
    const state = rita.getByTestId('bypass-request-state');
    await state.waitFor();
    expect(await state.textContent()).toContain('pending');
    expect(await rita.getByRole('heading', { level: 1 }).textContent()).toMatch(/Large data download request #\d+/);
    await shot(rita, 'pending');
    const [row] = await gh.ctx.db.query<{ id: string; requested_bytes: string }>('SELECT id, requested_bytes FROM egress_bypass_requests');
    expect(Number(row.requested_bytes)).toBe(3 * GiB);

    const sec = await signedIn('sec');
    await sec.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Large downloads', exact: true }).click();
    const queued = sec.getByTestId(`bypass-request-${row.id}`);
    await queued.waitFor();
    expect(await queued.textContent()).toMatch(/pending.*3 GiB.*@rita/);
    await shot(sec, 'queue');
    await queued.getByRole('button', { name: 'Approve' }).click();
    const dialog = sec.getByTestId('bypass-decision');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Cap').inputValue()).toBe('3');
    expect(await dialog.getByLabel('Unit').inputValue()).toBe('GiB');
    await dialog.getByLabel('Reason (the user is told)').fill('Matches the DAC approval.');
    await shot(sec, 'approve-dialog');
    await dialog.getByRole('button', { name: 'Approve and open the window' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The queue shows pending ones: the approved request has left it.
    await sec.getByText('No requests match').waitFor();
    const [w] = await gh.ctx.db.query<{ cap_bytes: string }>('SELECT cap_bytes FROM egress_bypass_windows');
    expect(Number(w.cap_bytes)).toBe(3 * GiB);

    await rita.reload();
    await state.waitFor();
    expect(await state.textContent()).toMatch(/approved.*up to 3 GiB of egress is let through.*Matches the DAC approval\./);
    await shot(rita, 'approved');
    await rita.getByRole('link', { name: 'My large data download requests' }).click();
    expect(await rita.getByTestId(`bypass-request-${row.id}`).textContent()).toMatch(/approved.*3 GiB/);
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('at 390 px wide: a researcher files a request on a phone, the engineer declines it in the dialog, and nothing sticks out', async () => {
    const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // A table scrolls inside its .table-wrap; nothing else may stick out.
    const sticksOut = (page: Page) => page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className}`));
    const rita = await signedIn('rita', 390);
    await rita.goto('/egress/bypass-requests/new');
    const form = rita.getByTestId('bypass-request-form');
    await form.waitFor();
    await form.getByLabel('How much data').fill('750');
    await form.getByLabel('Unit').selectOption('MiB');
    await form.getByLabel('Justification').fill('Model checkpoints for the collaborating site.');
    await shot(rita, 'new-390');
    expect(await overflow(rita)).toBeLessThanOrEqual(0);
    await form.getByRole('button', { name: 'Send request' }).click();
    await rita.getByTestId('bypass-request-state').waitFor();
    const id = Number(/#(\d+)/.exec((await rita.getByRole('heading', { level: 1 }).textContent())!)![1]);

    const sec = await signedIn('sec', 390);
    await sec.goto('/egress/bypass-requests');
    const queued = sec.getByTestId(`bypass-request-${id}`);
    await queued.waitFor();
    expect(await queued.textContent()).toContain('750 MiB');
    await shot(sec, 'queue-390');
    expect(await sticksOut(sec)).toEqual([]);
    expect(await overflow(sec)).toBeLessThanOrEqual(0);
    await queued.getByRole('button', { name: 'Decline' }).click();
    const dialog = sec.getByTestId('bypass-decision');
    await dialog.getByLabel('Reason (the user is told)').fill('Checkpoints are not covered by the agreement.');
    await shot(sec, 'decline-dialog-390');
    await dialog.getByRole('button', { name: 'Decline' }).click();
    await dialog.waitFor({ state: 'detached' });

    await rita.goto('/egress/bypass-requests');
    const mine = rita.getByTestId(`bypass-request-${id}`);
    await mine.waitFor();
    expect(await mine.textContent()).toMatch(/declined.*750 MiB/);
    await shot(rita, 'list-390');
    expect(await sticksOut(rita)).toEqual([]);
    await mine.getByRole('link', { name: `#${id}` }).click();
    await rita.getByText('Checkpoints are not covered by the agreement.').waitFor();
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);
});
