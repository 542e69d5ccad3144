import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { totpCode } from '../../src/identity/totp.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse } from '../harness.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * The web app in a real browser (Debian's Chromium, driven by playwright-core) against a real Gatehouse:
 * sign-in, two-factor enrolment and sign-in with a code, and a personal access token shown once.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots of the pages passed through to .tmp/screens/.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
const screens = !!process.env.GATEHOUSE_SCREENS;

describe.skipIf(!chromium)(`web app in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  const shot = async (name: string) => {
    if (!screens) return;
    mkdirSync(screensDir, { recursive: true });
    await page.screenshot({ path: path.join(screensDir, `test-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    browser = await launchChromium();
    context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The Content-Security-Policy (src/infra/security.ts) must not block anything the web app does.
    page.on('console', (m) => { if (m.text().includes('Content Security Policy')) pageErrors.push(m.text()); });
  }, 120_000); // migrating a fresh database takes a while

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await gh?.stop();
  });

  async function signInWithPassword(username: string) {
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('a user signs in, turns on two-factor authentication, signs in again with a code, and creates a token shown once', async () => {
    await gh.user('dora');

    // Sign in with a password: the home page greets the user.
    await signInWithPassword('dora');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Dora');
    await shot('home');

    // Enrol in two-factor authentication, reading the secret from the page as a person would type it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expect.poll(() => page.getByRole('img', { name: 'QR code for your authenticator app' }).getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await shot('2fa-enrol');
    await page.getByLabel('6-digit code').fill(await totpCode(secret, gh.clock.now()));
    await page.getByRole('button', { name: 'Verify and turn on' }).click();
    const recoveryCodes = page.getByTestId('recovery-codes').locator('li');
    await expect.poll(() => recoveryCodes.count()).toBe(10);
    await shot('2fa-recovery-codes');
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await expect.poll(() => page.getByTestId('two-factor').getByRole('heading', { level: 2 }).textContent()).toBe('Two-factor authentication on');
    expect(await page.getByTestId('recovery-codes').count()).toBe(0);

    // Sign out.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // Sign in again: the password, then the second step asks for the code.
    await signInWithPassword('dora');
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await shot('signin-totp-step');
    // The recovery-code link switches the field, and back.
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').waitFor();
    await page.getByRole('button', { name: 'Use the authenticator app' }).click();

    // A wrong code is refused beside the field; the right one signs in. Time moves on, so the code differs from the enrolment's.
    gh.clock.advance(30_000);
    const now = gh.clock.now();
    const current = await totpCode(secret, now);
    const nearby = new Set([current, await totpCode(secret, new Date(now.getTime() - 30_000)), await totpCode(secret, new Date(now.getTime() + 30_000))]);
    const wrong = ['000000', '111111', '222222'].find((c) => !nearby.has(c))!;
    await page.getByLabel('Authentication code').fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByTestId('error-totp').textContent()).toContain('not valid');
    expect(await page.getByLabel('Authentication code').getAttribute('aria-invalid')).toBe('true');
    await shot('signin-totp-wrong');
    await page.getByLabel('Authentication code').fill(current);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Dora');

    // Create a personal access token: shown once, with a copy button, and listed without its secret.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access tokens' }).click();
    await page.getByLabel('Token name').fill('analysis laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^gh_pat_/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    const row = page.getByTestId('tokens-table').getByRole('row', { name: /analysis laptop/ });
    await expect.poll(() => row.textContent()).toContain('active');
    expect(await page.getByTestId('tokens-table').textContent()).not.toContain(token);
    await shot('token-created');

    // Shown once: after leaving the page the token is listed, but its secret is nowhere on the page.
    await page.reload();
    await expect.poll(() => page.getByTestId('tokens-table').getByRole('row', { name: /analysis laptop/ }).count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain(token);
    expect(await page.getByTestId('new-token').count()).toBe(0);

    // The token works against the API as the user.
    const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'dora', twoFactorEnabled: true });

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
