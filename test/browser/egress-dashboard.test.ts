import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The egress dashboard in Chromium: after a monitor posts a user's egress (one alert) and Gatehouse served a
 * download, the security engineer sees both sources on the chart with the threshold line and the incident's
 * marker, opens the incident from the marker and sees its timeline; the filters narrow chart and queue; on a
 * phone the page does not overflow. The admin's user page shows the user's egress, incidents, bypass windows and
 * suspension. Set GATEHOUSE_SCREENS=1 to save screenshots to .tmp/screens/egress-dashboard-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('egress-dashboard');
const shot = screens.page;
const MiB = 1024 * 1024;

describe.skipIf(!chromium)(`egress dashboard in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let rita: TestUser;
  let incidentId: number;
  let pages: SignedInPages;

  const signedIn = (username: string, width?: number) => pages.as(username, width);

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    const sec = await gh.user('sec', { security: true });
    await gh.user('root', { admin: true });
    const owner = await gh.user('owner', { certified: true });
    rita = await gh.user('rita', { certified: true });
    await gh.user('ruth', { certified: true });
    const secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'zeek' })).json().secret as string;
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Cohort' })).json().id as string;
    const now = gh.clock.now().getTime();
    for (const [minutesAgo, bytes] of [[50, 30 * MiB], [20, 40 * MiB], [5, 150 * MiB]]) {
      const res = await send(gh, event(gh, { user: 'rita', projectId: project, bytes, observedAt: new Date(now - minutesAgo * 60_000).toISOString() }), { source: 'zeek', secrets: [secret] });
      expect(res.json().accepted, res.body).toBe(1);
    }
    await gh.ctx.db.query(
      `INSERT INTO egress_downloads (user_id, project_id, kind, entity_ids, data_class, at, bytes, state) VALUES ($1, $2, 'file', '{}', 'row-level', $3, $4, 'served')`,
      [rita.id, Number(project.slice(3)), new Date(now - 35 * 60_000), 60 * MiB]);
    incidentId = Number((await gh.ctx.db.one<{ id: string }>('SELECT id FROM egress_incidents WHERE user_id = $1', [rita.id])).id);
    const bypass = await gh.as(sec).post('/api/v1/egress/bypass-windows', { userId: rita.id, capBytes: 5 * 1024 * MiB, reason: 'Approved transfer of the cohort summary' });
    expect(bypass.statusCode, bypass.body).toBe(201);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base, { consoleErrors: true });
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  it('draws both sources, the threshold and the incident marker, which opens the incident and its timeline', async () => {
    const page = await signedIn('sec');
    const egressNav = page.getByRole('navigation', { name: 'Main' });
    await egressNav.getByRole('link', { name: 'Dashboard', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/egress');
    const chart = page.getByTestId('egress-chart');
    await chart.locator('.recharts-wrapper > svg.recharts-surface').waitFor();
    expect(await chart.locator('.recharts-area').count()).toBe(2);
    expect(await chart.locator('.recharts-area-area').count()).toBe(2);
    expect(await chart.textContent()).toContain('Threshold 100 MiB / 5 min');
    expect(await chart.locator('.recharts-legend-item-text').allTextContents()).toEqual(expect.arrayContaining(['Network monitor', 'Gatehouse downloads']));
    expect(await chart.locator('svg text').allTextContents()).toContain('100 MiB');
    expect(await chart.locator('figcaption').textContent()).toMatch(/280 MiB in all \(220 MiB seen by network monitors, 60 MiB downloaded from\s+Gatehouse\)/);
    const marker = page.getByTestId(`incident-marker-${incidentId}`);
    await marker.waitFor();
    expect(await page.getByTestId('open-incidents-table').textContent()).toContain(`#${incidentId}`);
    await shot(page, 'wide');

    await marker.locator('circle').click();
    await page.waitForURL(`**/egress/incidents/${incidentId}`);
    const timeline = page.getByTestId('incident-timeline');
    await timeline.locator('.recharts-wrapper > svg.recharts-surface').waitFor();
    expect(await timeline.textContent()).toContain('Threshold 100 MiB / 5 min');
    expect(await timeline.locator('circle.event-dot').count()).toBe(1);
    await shot(page, 'incident');
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);

  it('the filters narrow the chart and the queue: another user has no egress and no incident', async () => {
    const page = await signedIn('sec');
    await page.goto('/egress');
    await page.getByTestId(`incident-marker-${incidentId}`).waitFor();
    await page.getByLabel('User').fill('ruth');
    await page.getByRole('button', { name: 'Choose ruth' }).click();
    await page.getByText('Egress over time of @ruth').waitFor();
    expect(await page.getByTestId('egress-user-state').textContent()).toBe('@ruth: not suspended');
    await page.getByTestId('egress-chart').locator('figcaption').getByText(/^0 B in all/).waitFor();
    expect(await page.getByTestId(`incident-marker-${incidentId}`).count()).toBe(0);
    await page.getByText('No open incidents').waitFor();
    await page.getByLabel('Span').selectOption('7d');
    await page.getByTestId('egress-chart').getByText(/in buckets of 1 h/).waitFor();

    // The incidents list has the same filters.
    await page.goto('/egress/incidents');
    await page.getByTestId('egress-incidents').waitFor();
    // The project is chosen by name: a name nothing matches is said so, and filters nothing.
    await page.getByLabel('Project', { exact: true }).fill('no-such-project');
    await page.getByText('Nothing you can see matches “no-such-project”.').waitFor();
    await page.getByLabel('Project', { exact: true }).fill('');
    await page.getByLabel('User').fill('ruth');
    await page.getByRole('button', { name: 'Choose ruth' }).click();
    await page.getByText('No egress incidents match').waitFor();
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);

  it('on a phone the dashboard fits the screen', async () => {
    const page = await signedIn('sec', 390);
    await page.goto('/egress');
    await page.getByTestId(`incident-marker-${incidentId}`).waitFor();
    await page.getByTestId('open-incidents-table').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const svgWidth = await page.getByTestId('egress-chart').locator('.recharts-wrapper > svg.recharts-surface').evaluate((el) => el.getBoundingClientRect().width);
    expect(svgWidth).toBeGreaterThan(250);
    expect(svgWidth).toBeLessThanOrEqual(390);
    await shot(page, 'phone');
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);

  it("the admin's user page shows the user's egress of 7 days, incidents, bypass window and suspension", async () => {
    const page = await signedIn('root');
    await page.goto(`/admin/users/${rita.id}`);
    const section = page.getByTestId('user-egress');
    await section.getByTestId('egress-chart').locator('.recharts-wrapper > svg.recharts-surface').waitFor();
    await section.getByTestId(`incident-marker-${incidentId}`).waitFor();
    expect(await section.getByTestId('egress-suspension').textContent()).toMatch(/suspended.*until/);
    expect(await section.getByTestId('user-incidents').getByRole('link', { name: `#${incidentId}` }).getAttribute('href')).toBe(`/egress/incidents/${incidentId}`);
    expect(await section.getByTestId('user-bypass-windows').textContent()).toMatch(/5 GiB.*Approved transfer of the cohort summary.*in force/);
    await shot(page, 'user');
    const phone = await signedIn('root', 390);
    await phone.goto(`/admin/users/${rita.id}`);
    await phone.getByTestId('user-egress').getByTestId('egress-chart').locator('.recharts-wrapper > svg.recharts-surface').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await shot(phone, 'user-phone');
    expect(pages.pageErrors).toEqual([]);
  }, 90_000);
});
