import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { TEST_PASSWORD } from '../harness.js';

/** Debian's Chromium; the browser tests never download one. */
export const CHROMIUM = '/usr/bin/chromium';

export const hasChromium = () => existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Throws the hint to build the web app first when dist/web is missing (`npm test` builds it). */
export function assertWebBuilt(): void {
  if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
  }
}

/** Screenshots saved as .tmp/screens/<prefix>-<name>.png when GATEHOUSE_SCREENS is set, to look at; else nothing. */
export function screenshots(prefix: string) {
  const dir = path.join(projectRoot(), '.tmp', 'screens');
  const on = Boolean(process.env.GATEHOUSE_SCREENS);
  const file = (name: string) => {
    mkdirSync(dir, { recursive: true });
    return path.join(dir, `${prefix}-${name}.png`);
  };
  return {
    on,
    /** The whole page. */
    async page(page: Page, name: string): Promise<void> {
      if (on) await page.screenshot({ path: file(name), fullPage: true });
    },
    /** One part of a page, to look at closely (a phone's full page is too tall to read). */
    async part(locator: Locator, name: string): Promise<void> {
      if (on) await locator.screenshot({ path: file(name) });
    },
  };
}

/**
 * People signed in to the web app, each in a browser context of their own; every uncaught page error (and, with
 * `consoleErrors`, every console error) is collected in `pageErrors`, which a test expects to stay empty.
 */
export class SignedInPages {
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly browser: Browser, private readonly baseURL: string, private readonly options: { consoleErrors?: boolean } = {}) {}

  async as(username: string, width = 1280, height = 900): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseURL, viewport: { width, height } });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    // After sign-in: before it, the app's own probe of the session is an expected 401 in the console.
    if (this.options.consoleErrors) page.on('console', (m) => { if (m.type() === 'error') this.pageErrors.push(`${username}: ${m.text()}`); });
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
  }
}
