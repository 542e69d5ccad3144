import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/demo.js';
import { listenForBrowser, signIn, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures, syn } from '../api/access-requirements-fixtures.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots } from './browser.js';

/**
 * A phone-sized window works (issue 9 item 8). On the demo data set (every persona with something to show) and
 * a few long names added to it, every page of the app is opened at 390×844 by the persona who uses it: the page
 * never scrolls sideways, its heading is on the first screen with the navigation folded behind "Menu", and the
 * menu opens and closes by keyboard. At 1440 the navigation shows without a button.
 * Set GATEHOUSE_SCREENS=1 to save screenshots to .tmp/screens/phone-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);
const screens = screenshots('phone');

const PHONE = { width: 390, height: 844 };
const LONG_FOLDER = 'Clinical_and_molecular_characterisation_of_participants_2026_release';
const LONG_FILE = 'CGC-0001_whole_genome_somatic_variant_calls_annotated_with_clinical_outcomes.vcf';

interface Visit {
  path: string;
  /** A short name for the screenshot, when the page is one of the key pages to look at. */
  shot?: string;
}

describe.skipIf(!chromium)(`a phone-sized window in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  /** Each persona's pages, built in beforeAll once the demo's ids are known. */
  const visits: Record<string, Visit[]> = {};

  async function signedIn(username: string, password: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }

  /** Opens a page and waits until its data has arrived: no request in flight and no section still loading. */
  async function open(page: Page, path: string): Promise<void> {
    await page.goto(path, { waitUntil: 'networkidle' });
    await page.locator('#main h1').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('#main .loading'), undefined, { timeout: 10_000 });
  }

  const metrics = (page: Page) => page.evaluate(() => {
    const heading = document.querySelector('#main h1');
    const toggle = document.querySelector<HTMLElement>('[aria-controls="main-nav"]');
    const nav = document.getElementById('main-nav');
    return {
      scrollWidth: document.documentElement.scrollWidth,
      headingTop: heading ? heading.getBoundingClientRect().top + window.scrollY : Infinity,
      heading: heading?.textContent ?? '',
      menuExpanded: toggle?.getAttribute('aria-expanded') ?? null,
      navShown: !!nav && nav.getBoundingClientRect().height > 0 && getComputedStyle(nav).visibility !== 'hidden',
      /** What sticks out past the right edge, to say in a failure. */
      wide: [...document.querySelectorAll<HTMLElement>('#main *, .topbar *')]
        .filter((e) => {
          const past = (x: Element) => x.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
          return past(e) && ![...e.children].some(past) && !e.closest('.table-wrap, .tabs');
        })
        .slice(0, 4).map((e) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').slice(0, 30)}" ${Math.round(e.getBoundingClientRect().right)}`),
    };
  });

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    const ids = await loadDemo(gh.ctx);
    const demo = async (username: string): Promise<TestUser> =>
      ({ id: ids[username], username, password: DEMO_PASSWORD, cookie: await signIn(gh, username, DEMO_PASSWORD) });
    const [alice, bob, carol, act] = await Promise.all(['alice', 'bob', 'carol', 'act'].map(demo));
    const f = fixtures(gh);
    const one = async <T>(sql: string, params: unknown[] = []) => (await gh.ctx.db.one<{ v: T }>(sql, params)).v;

    // Long names, which must wrap rather than shrink to "C…" or widen the page.
    const project = await one<number>("SELECT id AS v FROM entities WHERE type = 'project' AND name = 'Cancer Genomics Cohort'");
    const longFolder = await f.folder(project, LONG_FOLDER, carol);
    const data = new FormData();
    data.append('parentId', syn(longFolder));
    data.append('file', new Blob(['#CHROM\tPOS\n1\t100\n'], { type: 'text/plain' }), LONG_FILE);
    const request = new Request('http://localhost/', { method: 'POST', body: data });
    const uploaded = await gh.as(carol).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const file = uploaded.json().id as string;
    const raw = await one<number>("SELECT id AS v FROM entities WHERE type = 'folder' AND name = 'raw' AND parent_id = $1", [project]);
    const trashed = await f.folder(project, 'Superseded_sample_manifest_versions_before_the_2026_release', carol);
    await f.trash(trashed, carol);
    const team = await f.team(alice, 'Tumour Genomics Consortium Analysis Working Group', [bob]);
    const form = new FormData();
    for (const [k, v] of Object.entries({ firstName: 'Bob', lastName: 'Researcher', institution: 'University of Example', location: 'Lyon' })) form.append(k, v);
    form.append('files', new Blob(['%PDF-1.4 letter'], { type: 'application/pdf' }), 'letter.pdf');
    const verificationBody = new Request('http://localhost/', { method: 'POST', body: form });
    const verification = await gh.as(bob).post('/api/v1/verifications', Buffer.from(await verificationBody.arrayBuffer()), { 'content-type': verificationBody.headers.get('content-type')! });
    expect(verification.statusCode, verification.body).toBe(201);
    const bypass = await gh.as(alice).post('/api/v1/egress/bypass-requests', {
      bytes: 3 * 1024 ** 3, projectId: syn(project), justification: 'Moving the aligned reads to the university cluster for variant recalling.',
    });
    expect(bypass.statusCode, bypass.body).toBe(201);

    const ar = await one<number>("SELECT id AS v FROM access_requirements WHERE type = 'ManagedACT' ORDER BY id LIMIT 1");
    const aliceRequest = await one<number>('SELECT id AS v FROM data_access_requests WHERE requestor_id = $1 ORDER BY id LIMIT 1', [ids.alice]);
    const incident = await one<number>('SELECT id AS v FROM egress_incidents WHERE user_id = $1 ORDER BY id LIMIT 1', [ids.alice]);
    const workspace = await one<number>("SELECT id AS v FROM entities WHERE type = 'project' AND name = 'Cohort Analysis Workspace'");

    visits.alice = [
      { path: '/', shot: 'home' }, { path: '/notifications' }, { path: '/teams' }, { path: `/teams/${team}`, shot: 'team' },
      { path: '/profile', shot: 'profile' }, { path: '/profile/certification' }, { path: '/profile/verification' }, { path: '/profile/security' },
      { path: '/profile/tokens' }, { path: '/profile/external-accounts' }, { path: '/projects', shot: 'projects' },
      { path: `/entities/${syn(project)}`, shot: 'project' }, { path: `/entities/${syn(longFolder)}`, shot: 'folder' },
      { path: `/entities/${file}`, shot: 'file' }, { path: `/entities/${syn(raw)}` }, { path: '/download-list', shot: 'download-list' },
      { path: '/search?q=cohort', shot: 'search' }, { path: '/requests', shot: 'my-requests' }, { path: `/requests/${aliceRequest}`, shot: 'request' },
      { path: `/requests/new?accessRequirementId=${ar}` }, { path: `/access-requirements/${ar}/approved-uses` },
      { path: '/groups', shot: 'groups' }, { path: '/groups/cohort-analysts' }, { path: `/entities/${syn(workspace)}/runtimes` },
      { path: '/egress/bypass-requests' }, { path: '/egress/bypass-requests/new' }, { path: `/egress/bypass-requests/${bypass.json().id}` },
      { path: `/egress/incidents/${incident}` }, { path: '/no-such-page' },
    ];
    visits.carol = [
      { path: `/entities/${syn(project)}`, shot: 'carol-project' }, { path: '/trash', shot: 'trash' },
      { path: '/groups/cohort-analysts', shot: 'group' }, { path: `/entities/${syn(workspace)}` },
    ];
    visits.act = [
      { path: '/', shot: 'act-home' }, { path: '/act/verifications' }, { path: `/act/verifications/${verification.json().id}` },
      { path: '/act/access-requirements', shot: 'ars' }, { path: '/act/access-requirements/new' }, { path: `/act/access-requirements/${ar}`, shot: 'ar' },
      { path: `/act/access-requirements/${ar}/form`, shot: 'form-designer' }, { path: '/act/requests', shot: 'review' },
      { path: '/act/requests/reports' }, { path: '/act/form-field-library' }, { path: '/act/notification-templates' },
      { path: '/act/decisions', shot: 'decisions' },
    ];
    visits.sam = [
      { path: '/egress', shot: 'egress' }, { path: '/egress/sources' }, { path: '/egress/policy' }, { path: '/egress/events', shot: 'egress-events' },
      { path: '/egress/deliveries' }, { path: '/egress/incidents' }, { path: `/egress/incidents/${incident}`, shot: 'incident' },
      { path: '/egress/bypass-requests' },
    ];
    visits.admin = [
      { path: '/admin/users', shot: 'users' }, { path: `/admin/users/${ids.bob}` }, { path: '/admin/outbox', shot: 'outbox' },
      { path: '/admin/audit-log', shot: 'audit-log' },
    ];
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const persona of ['alice', 'carol', 'act', 'sam', 'admin']) {
    it(`at 390×844 every page ${persona} uses fits the width, its heading on the first screen, the navigation folded`, async () => {
      const page = await signedIn(persona, DEMO_PASSWORD, PHONE);
      const problems: string[] = [];
      for (const visit of visits[persona]) {
        await open(page, visit.path);
        const m = await metrics(page);
        if (m.scrollWidth > PHONE.width) problems.push(`${visit.path} is ${m.scrollWidth} px wide: ${m.wide.join(', ')}`);
        if (!(m.headingTop < PHONE.height)) problems.push(`${visit.path}: heading "${m.heading}" at ${m.headingTop} px`);
        if (m.menuExpanded !== 'false' || m.navShown) problems.push(`${visit.path}: the navigation is not folded (${m.menuExpanded})`);
        if (visit.shot) await screens.page(page, visit.shot);
      }
      expect(problems).toEqual([]);
    }, 240_000);
  }

  it('at 390 the names in a folder\'s contents wrap in full, in cards as wide as the screen', async () => {
    const page = await signedIn('alice', DEMO_PASSWORD, PHONE);
    await open(page, '/projects');
    await page.getByRole('link', { name: 'Cancer Genomics Cohort' }).first().click();
    const folder = page.getByRole('link', { name: LONG_FOLDER });
    await folder.waitFor();
    for (const name of ['raw', 'summary', LONG_FOLDER]) {
      const box = (await page.getByRole('link', { name, exact: true }).boundingBox())!;
      expect(box.width, name).toBeGreaterThan(name.length > 20 ? 250 : 30);
      expect(box.x + box.width, name).toBeLessThanOrEqual(PHONE.width);
    }
    await folder.click();
    const file = page.getByRole('link', { name: LONG_FILE });
    await file.waitFor();
    expect(await file.textContent()).toBe(LONG_FILE);
    const box = (await file.boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.height).toBeLessThan(120);
  });

  it('at 390 "Menu" opens the navigation and Escape closes it, by keyboard; choosing a page closes it too', async () => {
    const page = await signedIn('act', DEMO_PASSWORD, PHONE);
    await open(page, '/');
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);

    await menu.focus();
    await page.keyboard.press('Enter');
    await nav.getByRole('link', { name: 'Data access requests' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await focused()).toBe('Home');
    // The open navigation fits the screen and scrolls inside itself (ACT's has more links than a phone is tall).
    const box = (await nav.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await screens.page(page, 'menu-open');

    await page.keyboard.press('Escape');
    await expect.poll(() => nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await focused()).toBe('Menu');

    await page.keyboard.press(' ');
    await expect.poll(() => focused()).toBe('Home');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Notifications');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await expect.poll(() => nav.isVisible()).toBe(false);
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
  });

  it('at 1440 the navigation shows beside the content, with no "Menu" button', async () => {
    const page = await signedIn('act', DEMO_PASSWORD, { width: 1440, height: 900 });
    await open(page, '/act/requests');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Data access requests' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    const [navBox, heading] = [(await nav.boundingBox())!, (await page.locator('#main h1').boundingBox())!];
    expect(navBox.x + navBox.width).toBeLessThanOrEqual(heading.x);
    expect(heading.y).toBeLessThan(900);
    expect((await metrics(page)).scrollWidth).toBeLessThanOrEqual(1440);
    await screens.page(page, 'desktop-review');
  });

  it('at 390 the signed-out pages fit too: sign-in and the platform terms', async () => {
    const context = await browser.newContext({ baseURL: base, viewport: PHONE });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await metrics(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screens.page(page, 'signin');
    await gh.user('newcomer', { acceptedTerms: false });
    await page.getByLabel('Username or email').fill('newcomer');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Platform terms of use' }).waitFor();
    expect((await metrics(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screens.page(page, 'terms');
  });

  it('errors on no page', () => {
    expect(pageErrors).toEqual([]);
  });
});
