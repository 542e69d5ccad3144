import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * Triage of a finding in Chromium, at a desktop's width and a phone's: an ACT member opens a top-downloader finding,
 * takes it, contacts the user with the seed's email (the template filled in, edited before sending), records the
 * reply, and raises an incident that appears in the governance incident log; a project's admin sets its community
 * manager, and a restriction-change finding shows both states side by side.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots to .tmp/screens/audit-triage-*.png.
 */
const chromium = hasChromium();
const screens = screenshots('audit-triage');

describe.skipIf(!chromium)(`audit triage in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let pages: SignedInPages;
  let alice: TestUser;
  let owner: TestUser;
  let project: { id: string };

  let seq = 0;
  async function topDownloader(): Promise<number> {
    seq++;
    const now = gh.clock.now();
    const row = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_findings (fingerprint, query, user_id, occurred_at, detail, raised_by, raised_at, updated_at)
       VALUES ($1, 'top-downloaders', $2, $3, $4, 'periodic', $3, $3) RETURNING id`,
      [`top-downloaders:2026-01-01:2026-07-01:${alice.id}:${seq}`, alice.id, now, JSON.stringify({
        summary: 'Alice Researcher downloaded 1,204 files (38 GB) from 3 projects between 1 January and 30 June 2026.',
        files: 1204, bytes: 38_000_000_000, distinctFiles: 911,
        topProjects: [{ projectId: project.id, name: 'AD Knowledge Portal', files: 1000 }, { projectId: 'syn9', name: 'HTAN', files: 204 }],
      })]);
    await gh.ctx.db.query(`INSERT INTO audit_finding_events (finding_id, at, kind, body) VALUES ($1, $2, 'raised', 'Raised by the periodic audit of the first half of 2026.')`, [row.id, now]);
    const run = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_runs (period_from, period_to, state, started_at, finished_at) VALUES ('2026-01-01', '2026-07-01', 'finished', $1, $1) RETURNING id`, [now]);
    await gh.ctx.db.query('INSERT INTO audit_run_findings (run_id, finding_id) VALUES ($1, $2)', [run.id, row.id]);
    return Number(row.id);
  }

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    await gh.user('mette', { act: true });
    alice = await gh.user('alice');
    await gh.ctx.db.query(`UPDATE users SET display_name = 'Alice Researcher' WHERE id = $1`, [alice.id]);
    owner = await gh.user('olga', { certified: true });
    await gh.user('sol');
    project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'AD Knowledge Portal' })).json();
    browser = await launchChromium();
    pages = new SignedInPages(browser, base, { consoleErrors: true });
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  async function triage(page: Page, id: number, width: string) {
    await page.goto(`/audit/findings/${id}`);
    await page.getByRole('heading', { name: `Top downloader: finding ${id}` }).waitFor();
    expect(await page.getByTestId('finding-summary').textContent()).toContain('Alice Researcher downloaded 1,204 files (38 GB)');
    expect(await page.getByTestId('finding-user').textContent()).toContain('alice@example.org');
    await screens.page(page, `${width}-finding`);

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByTestId('finding-owner').getByText('Mette').waitFor();

    await page.getByRole('button', { name: 'Contact…' }).click();
    const dialog = page.getByTestId('contact-dialog');
    const body = dialog.getByLabel('Text');
    expect(await body.inputValue()).toMatch(/^Dear Alice Researcher,\n\nYour Gatehouse account was identified during the routine security audit of 1 January 2026 to 30 June 2026/);
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Gatehouse security audit: please confirm your account activity');
    await screens.page(page, `${width}-contact`);
    await body.fill(`${await body.inputValue()}\n\nP.S. Your downloads came mostly from AD Knowledge Portal.`);
    await dialog.getByRole('button', { name: 'Send email' }).click();
    await page.getByTestId('finding-notice').getByText('Email queued').waitFor();
    const [mail] = await gh.ctx.db.query<{ recipient: string; body: string }>(`SELECT recipient, body FROM outbox WHERE kind = 'audit.contact' ORDER BY id DESC LIMIT 1`);
    expect(mail.recipient).toBe('alice@example.org');
    expect(mail.body).toContain('P.S. Your downloads came mostly from AD Knowledge Portal.');
    expect(await page.getByTestId('finding-trail').textContent()).toContain('P.S. Your downloads came mostly');
    expect(await page.getByRole('heading', { level: 1 }).evaluate((h) => h.closest('main')?.textContent ?? '')).toContain('Contacted, awaiting reply');

    await page.getByRole('button', { name: 'Record reply' }).click();
    const reply = page.getByTestId('reply-dialog');
    expect(await reply.getByLabel('From').inputValue()).toBe('alice@example.org');
    await reply.getByLabel('Reply', { exact: true }).fill('I shared my password with a student for a week.');
    await reply.getByRole('button', { name: 'Record reply' }).click();
    await page.getByTestId('finding-reply').getByText('I shared my password with a student').waitFor();

    await page.getByRole('button', { name: 'Raise incident' }).click();
    const inc = page.getByTestId('incident-dialog');
    await inc.getByLabel('Title').fill('Shared credentials');
    expect(await inc.getByLabel('Description').inputValue()).toContain('I shared my password with a student');
    await screens.page(page, `${width}-incident`);
    await inc.getByRole('button', { name: 'Raise incident' }).click();
    await page.getByTestId('finding-notice').getByText(/Incident \d+ recorded/).waitFor();
    await page.getByTestId('finding-incidents').waitFor();
    await screens.page(page, `${width}-after`);
    const [f] = await gh.ctx.db.query<{ state: string; owner_id: number }>('SELECT state, owner_id FROM audit_findings WHERE id = $1', [id]);
    expect(f.state).toBe('incident');

    await page.getByTestId('finding-notice').getByRole('link', { name: 'governance incident log' }).click();
    const card = page.getByTestId('governance-incident').filter({ hasText: 'Shared credentials' }).first();
    await card.waitFor();
    expect(await card.textContent()).toContain(`Top downloader ${id}`);
    await screens.page(page, `${width}-incident-log`);
  }

  it('at 1440 px: takes a finding, contacts the user from the template, records the reply and raises an incident', async () => {
    const page = await pages.as('mette', 1440, 900);
    await triage(page, await topDownloader(), 'wide');
    // The finding is linked from the log, and back.
    await page.getByTestId('governance-incident').first().getByRole('link', { name: /Top downloader/ }).click();
    await page.getByTestId('triage-panel').waitFor();
    // No part of the page is wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // ACT edits the anomaly notice to users from the Audit menu: a new version, by Mette.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contact templates' }).click();
    const template = page.getByTestId('template-anomaly-user');
    await template.getByLabel('Subject').fill('Gatehouse audit of {period}: activity on your account');
    await template.getByRole('button', { name: 'Save as a new version' }).click();
    await template.getByText('Saved as version 2.').waitFor();
    expect(await template.textContent()).toContain('version 2, changed by Mette');
    expect(await template.textContent()).toContain('Earlier versions (1)');
    await screens.page(page, 'wide-templates');
    const bad = page.getByTestId('template-top-downloader');
    await bad.getByLabel('Text').fill('Dear {nmae},');
    await bad.getByRole('button', { name: 'Save as a new version' }).click();
    await bad.getByText(/uses \{nmae\}, which Gatehouse does not know/).first().waitFor();
    // The refused save is the one console error expected (the browser logs the 400).
    expect(pages.pageErrors.splice(0)).toEqual([expect.stringMatching(/400/)]);
  }, 90_000);

  it('at 390 px: the same case file reads on a phone', async () => {
    const page = await pages.as('mette', 390, 844);
    await triage(page, await topDownloader(), 'phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('a project admin sets the community manager, and a restriction change shows both states side by side', async () => {
    const page = await pages.as('olga', 1440, 900);
    await page.goto(`/entities/${project.id}`);
    const card = page.getByTestId('community-manager');
    await card.getByLabel('Set a community manager').fill('sol');
    await card.getByRole('button', { name: 'Choose sol' }).click();
    await card.getByText('Sol', { exact: true }).waitFor();
    await screens.part(card, 'community-manager');

    const now = gh.clock.now();
    const row = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_findings (fingerprint, query, use_case, project_id, entity_id, occurred_at, detail, raised_by, raised_at, updated_at)
       VALUES ($1, 'restriction-change', 'ar-removed', $2, $2, $3, $4, 'continuous', $3, $3) RETURNING id`,
      [`restriction-change:${project.id}:${now.toISOString()}`, Number(project.id.slice(3)), now, JSON.stringify({
        summary: 'The access requirement was removed from the public project AD Knowledge Portal.',
        before: { isPublic: true, isRestricted: true, accessRequirements: 1 }, after: { isPublic: true, isRestricted: false, accessRequirements: 0 },
      })]);
    const act = await pages.as('mette', 1440, 900);
    await act.goto(`/audit/findings/${row.id}`);
    const compare = act.getByTestId('finding-compare');
    await compare.waitFor();
    expect(await compare.locator('tr.audit-changed').count()).toBe(2);
    expect(await act.getByTestId('finding-summary').getByText('Access requirement removed from a public entity').count()).toBe(1);
    // The owner must be in the audit's roles: the refusal shows beside the picker.
    const triagePanel = act.getByTestId('triage-panel');
    await triagePanel.getByLabel('Owner').fill('sol');
    await triagePanel.getByRole('button', { name: 'Choose sol' }).click();
    await triagePanel.getByText(/must be an active member of the Access and Compliance Team/).waitFor();
    expect(pages.pageErrors.splice(0)).toEqual([expect.stringMatching(/400/)]);
    await act.getByRole('button', { name: 'Contact…' }).click();
    const dialog = act.getByTestId('contact-dialog');
    await dialog.getByLabel(/The community manager/).check();
    expect(await dialog.getByLabel('Text').inputValue()).toMatch(/^Dear Sol,\n\nAs the community manager of AD Knowledge Portal/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await screens.page(act, 'wide-restriction-change');
    expect(pages.pageErrors).toEqual([]);
  });
});
