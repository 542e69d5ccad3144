import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_POLICY, MiB } from '../../src/egress/policy.js';
import { savePolicy } from '../../src/egress/policystore.js';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The egress policy page in Chromium: a security engineer finds it in the Egress menu, reads the defaults in
 * words, changes a threshold (monitor, 5 minutes → 50 MiB) and saves version 2, which the API then serves; bad
 * values (a suspension of 0 minutes, a high volume below a threshold) show the server's message beside their
 * inputs and save nothing; the versions list version 2 with the setting it changed; a save on top of a version
 * someone else saved meanwhile is refused and offers to reload. At 390 px wide nothing sticks out. A researcher
 * is told the page is not for them.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots (1280 and 390 px) to .tmp/screens/egress-policy-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('egress-policy');
const shot = screens.page;
const shotOf = screens.part;

describe.skipIf(!chromium)(`egress policy page in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let sec: TestUser;
  let pages: SignedInPages;
  const versionCount = async () => (await gh.ctx.db.one<{ n: number }>('SELECT count(*)::int AS n FROM egress_policy_versions')).n;

  const signedIn = (username: string, width?: number) => pages.as(username, width);

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    sec = await gh.user('sec', { security: true });
    await gh.user('rita', { certified: true });
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  it('a security engineer reads the defaults in words, changes a threshold, sees bad values refused beside their fields, and the history', async () => {
    const page = await signedIn('sec');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policy', exact: true }).click();
    const words = page.getByTestId('policy-words');
    await words.waitFor();
    expect(await page.getByTestId('policy-current').textContent()).toContain('Version 1');
    expect(await page.getByTestId('policy-meta').textContent()).toContain('The defaults');
    expect(await page.getByTestId('words-monitor-0').textContent()).toBe('More than 100 MiB in 5 minutes from the network monitor is an alert.');
    expect(await page.getByTestId('words-download-2').textContent()).toBe('More than 100 MiB in 1 hour downloaded from Gatehouse is an alert.');
    expect(await page.getByTestId('words-highVolume').textContent()).toContain('More than 100 GiB in any window disables the account');
    expect(await page.getByTestId('words-rule-0').textContent()).toContain('From the 1st incident: the user is asked about it and suspended for 10 minutes');
    expect(await page.getByTestId('words-rule-1').textContent()).toContain('From the 3rd incident: the user is asked about it and the account is disabled');
    expect(await words.textContent()).toContain(DEFAULT_POLICY.questions[1]);
    expect(await words.textContent()).toContain('{time} stands for the incident\'s time');
    await shot(page, 'view');

    // Monitor, 5 minutes: 100 → 50 MiB.
    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('policy-form');
    await form.waitFor();
    expect(await page.locator('#monitor-0-window').inputValue()).toBe('5');
    expect(await page.getByLabel('Network monitor window 1: length unit').inputValue()).toBe('min');
    expect(await page.locator('#monitor-0-bytes').inputValue()).toBe('100');
    expect(await page.getByLabel('Network monitor window 1 bytes: unit').inputValue()).toBe('MiB');
    expect(await page.locator('#rule-0-suspend').inputValue()).toBe('10');
    expect(await page.locator('#rule-1-suspend').count()).toBe(0); // disable: no suspension length
    await page.locator('#monitor-0-bytes').fill('50');
    await shot(page, 'edit');
    await form.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByTestId('policy-saved').waitFor();
    expect(await page.getByTestId('policy-saved').textContent()).toContain('version 2 is in force');
    expect(await page.getByTestId('words-monitor-0').textContent()).toBe('More than 50 MiB in 5 minutes from the network monitor is an alert.');
    expect(await page.getByTestId('policy-meta').textContent()).toContain('Saved by @sec');
    const answer = await page.request.get('/api/v1/egress/policy');
    const served = await answer.json() as { version: number; policy: typeof DEFAULT_POLICY };
    expect(served.version).toBe(2);
    expect(served.policy.thresholds.monitor).toEqual([
      { windowSeconds: 300, bytes: 50 * MiB }, { windowSeconds: 600, bytes: 100 * MiB }, { windowSeconds: 3600, bytes: 100 * MiB },
    ]);
    expect({ ...served.policy, thresholds: { ...served.policy.thresholds, monitor: [] } })
      .toEqual({ ...DEFAULT_POLICY, thresholds: { ...DEFAULT_POLICY.thresholds, monitor: [] } });

    // The history: version 2 changed the monitor's thresholds only.
    const v2 = page.getByTestId('version-2');
    await v2.waitFor();
    expect(await v2.textContent()).toMatch(/Version 2.*in force.*by @sec/);
    expect(await v2.locator('li').count()).toBe(1);
    expect(await v2.getByTestId('policy-change').textContent()).toBe('Network monitor threshold, 5 minutes: more than 100 MiB → more than 50 MiB');
    expect(await page.getByTestId('version-1').textContent()).toContain('The defaults, written when Gatehouse was installed.');
    await shot(page, 'saved');

    // Bad values: the server's messages beside their inputs, nothing saved.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('#rule-0-suspend').fill('0');
    await page.locator('#policy-highVolume').fill('20');
    await page.getByLabel('High volume: unit').selectOption('MiB');
    await form.getByRole('button', { name: 'Save as version 3' }).click();
    const suspendField = page.locator('.field', { has: page.locator('#rule-0-suspend') });
    await suspendField.getByTestId('error-rules.0.suspendMinutes').waitFor();
    expect(await suspendField.getByTestId('error-rules.0.suspendMinutes').textContent()).toBe('Must be at least 1 minute.');
    expect(await page.locator('#rule-0-suspend').getAttribute('aria-invalid')).toBe('true');
    const highField = page.locator('.field', { has: page.locator('#policy-highVolume') });
    expect(await highField.getByTestId('error-highVolumeBytes').textContent()).toContain('Must be larger than every window threshold');
    expect(await page.getByTestId('error-summary').locator('strong').textContent()).toBe('Please correct 2 fields:');
    expect(await page.getByTestId('form-problem').count()).toBe(0);
    expect(await versionCount()).toBe(2);
    expect(await page.getByTestId('policy-current').textContent()).toContain('Version 2');
    await shot(page, 'invalid');

    // Someone else saves version 3 meanwhile: this save is refused and offers to reload.
    await page.locator('#rule-0-suspend').fill('15');
    await page.locator('#policy-highVolume').fill('100');
    await page.getByLabel('High volume: unit').selectOption('GiB');
    await gh.ctx.db.tx((sql) => savePolicy(sql, gh.clock, sec.id, { ...served.policy, lookBackDays: 180 }, 2));
    await form.getByRole('button', { name: 'Save as version 3' }).click();
    const stale = page.getByTestId('policy-stale');
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/Someone else saved a newer version\..*version 3/);
    expect(await versionCount()).toBe(3);
    await shot(page, 'stale');
    await stale.getByRole('button', { name: /Reload the policy/ }).click();
    await form.getByRole('button', { name: 'Save as version 4' }).waitFor();
    expect(await page.locator('#rule-0-suspend').inputValue()).toBe('10');

    // Rows added and removed, a window in seconds, a rule that only notifies, a new question.
    await form.getByRole('button', { name: 'Remove network monitor window 3' }).click();
    await form.getByRole('button', { name: 'Add a download window' }).click();
    await page.locator('#download-3-window').fill('90');
    await page.getByLabel('Gatehouse downloads window 4: length unit').selectOption('s');
    await page.locator('#download-3-bytes').fill('1.5');
    await page.getByLabel('Gatehouse downloads window 4 bytes: unit').selectOption('GiB');
    await page.locator('#rule-0-action').selectOption('notify');
    expect(await page.locator('#rule-0-suspend').count()).toBe(0);
    await form.getByRole('button', { name: 'Add a question' }).click();
    await page.locator('#question-3').fill('Which project was the data for, at {time}?');
    await form.getByRole('button', { name: 'Save as version 4' }).click();
    await page.getByTestId('policy-saved').waitFor();
    const v4 = (await (await page.request.get('/api/v1/egress/policy')).json() as { version: number; policy: typeof DEFAULT_POLICY });
    expect(v4.version).toBe(4);
    expect(v4.policy.thresholds.monitor).toEqual([{ windowSeconds: 300, bytes: 50 * MiB }, { windowSeconds: 600, bytes: 100 * MiB }]);
    expect(v4.policy.thresholds.download[3]).toEqual({ windowSeconds: 90, bytes: 1.5 * 1024 * MiB });
    expect(v4.policy.rules).toEqual([{ fromCount: 1, action: 'notify' }, { fromCount: 3, action: 'disable' }]);
    expect(v4.policy.questions[3]).toBe('Which project was the data for, at {time}?');
    expect(await page.getByTestId('words-download-3').textContent()).toBe('More than 1.5 GiB in 90 seconds downloaded from Gatehouse is an alert.');
    expect(await page.getByTestId('words-rule-0').textContent()).toBe('From the 1st incident: the user is asked about it.');
    const changed = await page.getByTestId('version-4').getByTestId('policy-change').allTextContents();
    expect(changed).toEqual([
      'Network monitor threshold, 1 hour: more than 100 MiB → no window',
      'Download threshold, 90 seconds: no window → more than 1.5 GiB',
      'Escalation rules: from 1: suspend for 10 minutes; from 3: disable → from 1: notify; from 3: disable',
      'Question 4: none → “Which project was the data for, at {time}?”',
    ]);
    expect(await page.getByTestId('version-3').textContent()).toContain('Look-back period: 365 days → 180 days');
    await shot(page, 'history');
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('at 390 px wide the policy, its editor and the versions fit the screen', async () => {
    const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const sticksOut = (page: Page) => page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-wrap') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className}`));
    const page = await signedIn('sec', 390);
    await page.goto('/egress/policy');
    await page.getByTestId('policy-words').waitFor();
    await page.getByTestId('policy-history').waitFor();
    await shot(page, 'view-390');
    expect(await page.getByTestId('words-download-3').textContent()).toBe('More than 1.5 GiB in 90 seconds downloaded from Gatehouse is an alert.');
    expect(await sticksOut(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await page.locator('#download-3-bytes').inputValue()).toBe('1.5');
    expect(await page.getByLabel('Gatehouse downloads window 4 bytes: unit').inputValue()).toBe('GiB');
    expect(await page.locator('#download-3-window').inputValue()).toBe('90');
    expect(await page.getByLabel('Gatehouse downloads window 4: length unit').inputValue()).toBe('s');
    // A number left empty: the shape is wrong, and the server says so first.
    await page.locator('#monitor-1-bytes').fill('');
    const saveButton = page.getByTestId('policy-form').getByRole('button', { name: /Save as version/ });
    await saveButton.click();
    await page.getByTestId('error-thresholds.monitor.1.bytes').waitFor();
    expect(await page.getByTestId('error-thresholds.monitor.1.bytes').textContent()).toBe('Must be a whole number.');
    await page.locator('#monitor-1-bytes').fill('100');
    await page.locator('#policy-lookBack').fill('0');
    await saveButton.click();
    await page.getByTestId('error-lookBackDays').waitFor();
    expect(await page.getByTestId('error-lookBackDays').textContent()).toBe('Must be at least 1 day.');
    await shot(page, 'edit-390');
    await shotOf(page.getByTestId('edit-monitor'), 'edit-390-monitor');
    await shotOf(page.locator('.policy-section').nth(1), 'edit-390-escalation');
    await shotOf(page.locator('.policy-section').nth(3), 'edit-390-questions');
    await shotOf(page.getByTestId('policy-history'), 'history-390');
    expect(await sticksOut(page)).toEqual([]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);

  it('a researcher has no policy page, and is told who may see it', async () => {
    const page = await signedIn('rita');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policy', exact: true }).count()).toBe(0);
    await page.goto('/egress/policy');
    await page.getByText('Only security engineers and platform administrators may see this page.').waitFor();
    expect(await page.getByTestId('policy-words').count()).toBe(0);
  }, 60_000);
});
