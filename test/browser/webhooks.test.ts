import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { startReceiver, verified, type Receiver } from '../webhooks.js';
import { deliverDueWebhooks, webhookSecretBox } from '../../src/webhooks/delivery.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The Webhooks admin page in Chromium: an admin subscribes a receiver to approvals, copies the secret (shown once),
 * sends a test event and sees its delivery (delivered, HTTP 200); the receiver checks the signature with the
 * copied secret. On a phone the page fits. Set GATEHOUSE_SCREENS=1 to save .tmp/screens/webhooks-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('webhooks');

describe.skipIf(!chromium)(`the Webhooks page in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let receiver: Receiver;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse({ webhookAllowedHosts: ['127.0.0.1'] });
    const base = await listenForBrowser(gh);
    await gh.user('root', { admin: true });
    receiver = await startReceiver();
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await receiver?.close();
    await gh?.stop();
  });

  it('an admin subscribes a receiver, sends a test event and sees it delivered', async () => {
    const page = await pages.as('root');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByText('No subscriptions yet').waitFor();
    await page.getByLabel('Receiver URL').fill(receiver.url);
    await page.getByLabel('Approval granted').check();
    await page.getByLabel('Approval revoked').check();
    await page.getByRole('button', { name: 'Add subscription' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent())!;
    expect(secret).toMatch(/^gh_whs_/);
    await screens.page(page, 'new-secret');
    await page.getByRole('button', { name: 'Done, I have copied it' }).click();
    const card = page.locator('[data-testid^="webhook-"]').filter({ hasText: receiver.url });
    await card.waitFor();
    expect(await card.textContent()).not.toContain(secret);
    expect(await card.textContent()).toContain('Approval revoked');

    await card.getByRole('button', { name: 'Send test event' }).click();
    await page.getByTestId('webhook-notice').waitFor();
    await card.getByText('Waiting', { exact: true }).waitFor();
    gh.clock.set(new Date());
    expect(await deliverDueWebhooks(gh.ctx, webhookSecretBox(gh.config))).toMatchObject({ delivered: 1 });
    expect(verified(receiver.received[0], [secret], Math.floor(Date.now() / 1000))).toBe(true);
    expect(receiver.received[0].json.type).toBe('webhook.test');
    // The page asks again while a delivery waits.
    await card.getByText('Delivered', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await card.getByRole('row').nth(1).textContent()).toContain('HTTP 200');
    expect(await card.getByRole('row').nth(1).textContent()).toContain('Test event');
    await card.getByText('1 delivered · 0 waiting').waitFor({ timeout: 10_000 });
    await screens.page(page, 'delivered');

    const phone = await pages.as('root', 390, 844);
    await phone.goto('/admin/webhooks');
    await phone.getByText(receiver.url).first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screens.page(phone, 'phone');
    expect(pages.pageErrors).toEqual([]);

    // No serious or critical WCAG 2 A/AA violation, wide or on a phone (as test/browser/accessibility.test.ts checks).
    const serious = async (p: Page) => (await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze())
      .violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(await serious(page)).toEqual([]);
    expect(await serious(phone)).toEqual([]);
  }, 120_000);
});
