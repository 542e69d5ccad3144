import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';
import { uploadFile } from '../forms.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * The seed's egress process end to end (All of Us egress alert policy; SPEC §10): a monitor posts a signed event
 * over the threshold for a researcher whose VM is running; Gatehouse stops the VM (a fake orchestrator acknowledges)
 * and suspends her; in Chromium she sees the notice and the refused download, opens the incident and answers the
 * three questions; a security engineer, in another browser context, reads the answers and the events, records an
 * assessment and reinstates her with a reason; she is told and can download again.
 * Every step is also looked at 390 px wide: no page may scroll sideways on a phone.
 * Set GATEHOUSE_SCREENS=1 to save screenshots (1280 and 390 px) to .tmp/screens/egress-process-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('egress-process');
const SUSPENDED = 'Downloads are suspended for your account pending a security review.';
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const MiB = 1024 * 1024;

/**
 * Screenshots at 1280 and 390 px; at 390 px the page must not be wider than the screen. The file page is not one of
 * the egress pages and is only looked at (`fits: false`).
 */
async function shots(page: Page, name: string, { fits = true } = {}) {
  const save = (width: number) => screens.page(page, `${name}-${width}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(1280);
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.waitForTimeout(100);
    await save(390);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (fits) expect(wide, `${name} is ${wide} px wide on a 390 px screen`).toBeLessThanOrEqual(390);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

describe.skipIf(!chromium)(`the egress incident process in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let orchestrator: Server;
  const stops: string[] = [];
  let pages: SignedInPages;
  let rita: TestUser;
  let fileId: string;
  let secret: string;

  const signedIn = (username: string) => pages.as(username);

  beforeAll(async () => {
    assertWebBuilt();
    // The fake compute orchestrator: acknowledges every stop, as runtimes.test.ts's does.
    orchestrator = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => { stops.push(body); res.writeHead(200, { 'content-type': 'application/json' }).end('{"stopping":true}'); });
    });
    await new Promise<void>((resolve) => orchestrator.listen(0, '127.0.0.1', resolve));
    const orchestratorUrl = `http://127.0.0.1:${(orchestrator.address() as { port: number }).port}/hooks/gatehouse`;
    gh = await startTestGatehouse({ orchestratorUrl, orchestratorSecret: 'orchestrator-secret' });
    base = await listenForBrowser(gh);
    const sec = await gh.user('sec', { security: true });
    const owner = await gh.user('olga', { certified: true });
    rita = await gh.user('rita', { certified: true });
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'Sleep Study' })).json() as { id: string };
    const acl = await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
      { principalId: owner.id, accessTypes: ALL }, { principalId: rita.id, accessTypes: ['READ', 'DOWNLOAD', 'COMPUTE'] },
    ] });
    expect(acl.statusCode, acl.body).toBe(200);
    const file = await uploadFile(gh.as(owner), project.id, 'sleep_summary.csv', 'night,hours\n1,7.5\n');
    expect(file.statusCode, file.body).toBe(201);
    fileId = file.json().id;
    const runtime = await gh.as(rita).post('/api/v1/runtimes', { projectId: project.id, name: 'rita-jupyter', kind: 'notebook', externalId: 'k8s/rita-jupyter' });
    expect(runtime.statusCode, runtime.body).toBe(201);
    secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'workbench-monitor' })).json().secret;
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
    orchestrator?.close();
  });

  it('alert → suspension → questions → answers → assessment → reinstatement, as the researcher and the engineer see it', async () => {
    // The alert: 150 MiB left Rita's notebook in five minutes (more than the 100 MiB of the default policy).
    gh.clock.set(new Date());
    const alert = await send(gh, event(gh, { runtimeId: 'k8s/rita-jupyter', bytes: 150 * MiB, payload: { dst: '203.0.113.50', port: 443 } }),
      { source: 'workbench-monitor', secrets: [secret] });
    expect(alert.statusCode, alert.body).toBe(200);
    expect(stops).toHaveLength(1);
    expect(JSON.parse(stops[0])).toMatchObject({ event: 'runtime.stop', externalId: 'k8s/rita-jupyter', username: 'rita' });
    expect((await gh.as(rita).get('/api/v1/runtimes')).json().items).toEqual([expect.objectContaining({ name: 'rita-jupyter', status: 'stopped' })]);

    // The researcher is told, and her downloads are refused with §5's message.
    const researcher = await signedIn('rita');
    await researcher.goto('/notifications');
    const notice = researcher.getByTestId('notifications').locator('li').filter({ hasText: 'Unusual data egress from your account' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Please answer these questions');
    await shots(researcher, '1-researcher-notice');
    const refused = await researcher.request.get(`/api/v1/entities/${fileId}/download`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).detail).toBe(SUSPENDED);
    await researcher.goto(`/entities/${fileId}`);
    expect(await researcher.getByTestId('download-denial').textContent()).toBe(SUSPENDED);
    await shots(researcher, '2-researcher-download-refused', { fits: false });

    // She opens the incident from the notice and answers the three questions.
    await researcher.goto('/notifications');
    await notice.getByRole('link', { name: 'Open' }).click();
    const form = researcher.getByTestId('incident-answers');
    await form.waitFor();
    const questions = form.locator('textarea');
    expect(await questions.count()).toBe(3);
    await shots(researcher, '3-researcher-questions');
    const answers = [
      'Yes, I was active: I copied my model outputs to the lab server.',
      'No query; I ran scp from the notebook terminal.',
      'Nothing was downloaded to my laptop; the copy on the lab server is deleted.',
    ];
    for (const [k, answer] of answers.entries()) await questions.nth(k).fill(answer);
    await researcher.getByRole('button', { name: 'Send answers' }).click();
    await researcher.getByText('You answered').waitFor();
    await shots(researcher, '4-researcher-answered');

    // The engineer, in another browser context, finds it in the queue and opens it.
    const engineer = await signedIn('sec');
    await engineer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Incidents', exact: true }).click();
    const queue = engineer.getByTestId('egress-incidents');
    await queue.waitFor();
    expect(await queue.locator('tbody tr').first().textContent()).toMatch(/@rita.*150 MiB/);
    await shots(engineer, '5-engineer-queue');
    await queue.getByRole('link').first().click();
    const given = engineer.getByTestId('incident-given-answers');
    await given.waitFor();
    for (const answer of answers) expect(await given.textContent()).toContain(answer);
    const events = engineer.getByTestId('incident-events');
    await events.waitFor();
    expect(await events.locator('tbody tr').count()).toBe(1);
    expect(await events.textContent()).toMatch(/150(\.0)? MiB.*workbench-monitor/);
    const did = await engineer.getByTestId('incident-actions').textContent();
    expect(did).toContain('The user was sent the questions');
    expect(did).toContain('Downloads and compute suspended until');
    expect(did).toContain("The user's runtimes were asked to stop");
    await shots(engineer, '6-engineer-incident');

    // The assessment, then the decision: reinstate, with the reason.
    await engineer.getByLabel('Method').fill('scp to an external server');
    await engineer.getByLabel('Rate').fill('150 MiB in about 5 minutes');
    await engineer.getByLabel('Manual or scripted').selectOption('manual');
    await engineer.getByLabel('Ports').fill('22');
    await engineer.getByLabel('Notes').fill('Model outputs, no participant data; the copy was deleted.');
    await engineer.getByRole('button', { name: 'Save assessment' }).click();
    await engineer.getByText('Assessment saved').waitFor();
    await engineer.getByLabel('Decision').selectOption('reinstate');
    await engineer.getByLabel('Reason (the user is told)').fill('Aggregated model outputs only; the researcher deleted the copy.');
    await engineer.getByRole('button', { name: 'Decide' }).click();
    await engineer.getByTestId('incident-state').getByText('Closed: reinstated').waitFor();
    expect(await engineer.getByTestId('incident-state').textContent()).toContain('Aggregated model outputs only');
    expect(await engineer.getByTestId('incident-decision').count()).toBe(0);
    await shots(engineer, '7-engineer-reinstated');

    // The researcher is told and downloads again.
    await researcher.goto('/notifications');
    const closed = researcher.getByTestId('notifications').locator('li').filter({ hasText: /Your egress incident \d+ is closed/ });
    await closed.waitFor();
    expect(await closed.textContent()).toContain('reinstated your access: Aggregated model outputs only');
    await shots(researcher, '8-researcher-told');
    const again = await researcher.request.get(`/api/v1/entities/${fileId}/download`);
    expect(again.status()).toBe(200);
    expect(await again.text()).toBe('night,hours\n1,7.5\n');
    await researcher.goto(`/entities/${fileId}`);
    await researcher.getByTestId('can-download').waitFor();
    await shots(researcher, '9-researcher-can-download', { fits: false });
    expect(pages.pageErrors).toEqual([]);
  }, 180_000);
});
