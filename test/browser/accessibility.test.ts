import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/demo.js';
import { listenForBrowser, startTestGatehouse, type TestGatehouse } from '../harness.js';
import { CHROMIUM, assertWebBuilt, hasChromium, launchChromium } from './browser.js';

/**
 * The accessibility pass (issue 9): axe-core's WCAG 2 A/AA rules over the main pages of every persona, on the demo
 * data, at 1440 and at 390 px — no serious or critical violation. And the app is usable by keyboard: Tab reaches the
 * header's links with a visible focus ring, and every form field has a label (axe's `label` rule, included above).
 */
const chromium = hasChromium();

/** The pages each demo persona uses most; a project and a folder page are added from the demo data. */
const PAGES: Record<string, string[]> = {
  bob: ['/', '/projects', '/search?q=variant', '/download-list', '/requests', '/teams', '/groups', '/profile', '/profile/certification', '/profile/verification', '/profile/security', '/notifications'],
  alice: ['/', '/requests', '/profile/tokens'],
  act: ['/', '/act/requests', '/act/access-requirements', '/act/access-requirements/new', '/act/decisions', '/act/verifications'],
  admin: ['/admin/users', '/admin/audit-log', '/admin/outbox'],
  sam: ['/egress', '/egress/incidents', '/egress/policy', '/egress/events', '/egress/sources'],
};

interface Violation { page: string; width: number; id: string; impact: string; help: string; targets: string[] }

describe.skipIf(!chromium)(`accessibility in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let projectPath = '';
  let folderPath = '';

  async function signedIn(username: string, width: number): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }

  /** Serious and critical violations on a page once its content has arrived. */
  async function audit(page: Page, url: string, width: number): Promise<Violation[]> {
    await page.goto(url);
    await page.locator('main h1, main h2').first().waitFor();
    await page.waitForLoadState('networkidle');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ page: url, width, id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  }

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    await loadDemo(gh.ctx);
    base = await listenForBrowser(gh);
    const project = await gh.ctx.db.one<{ id: number }>("SELECT id FROM entities WHERE type = 'project' AND name = 'Cancer Genomics Cohort'");
    const folder = await gh.ctx.db.one<{ id: number }>("SELECT id FROM entities WHERE parent_id = $1 AND name = 'raw'", [project.id]);
    projectPath = `/entities/syn${project.id}`;
    folderPath = `/entities/syn${folder.id}`;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const width of [1440, 390]) {
    it(`the main pages of every persona have no serious or critical axe violation at ${width} px`, async () => {
      const found: Violation[] = [];
      for (const [username, pages] of Object.entries(PAGES)) {
        const page = await signedIn(username, width);
        const urls = username === 'bob' ? [...pages, projectPath, folderPath] : pages;
        for (const url of urls) found.push(...(await audit(page, url, width)));
      }
      expect(found, JSON.stringify(found, null, 2)).toEqual([]);
    }, 240_000);
  }

  it('is usable by keyboard: Tab moves focus through the header with a visible focus indicator', async () => {
    const page = await signedIn('bob', 1440);
    await page.goto('/projects');
    await page.locator('main h1').first().waitFor();
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const seen: { tag: string; outline: string; shadow: string }[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow };
      }));
    }
    expect(seen.some((s) => s.tag === 'A' || s.tag === 'BUTTON' || s.tag === 'INPUT')).toBe(true);
    for (const s of seen) {
      const visible = (!s.outline.startsWith('none') && !s.outline.endsWith(' 0px')) || s.shadow !== 'none';
      expect(visible, `focus on a ${s.tag} is not visible: ${JSON.stringify(s)}`).toBe(true);
    }
  }, 60_000);
});
