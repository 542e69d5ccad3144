import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * Informed consent on the download list (issue 9, item 1), at 1440 and at 390 px: a researcher whose files sit
 * behind a TermsOfUse and a SelfSign requirement opens each one's terms, sees the full text (and the SelfSign's
 * tier condition, met), cannot accept before ticking "I have read and accept", accepts each, and the files
 * unlock. The approvals record the version of the text that was shown.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots to .tmp/screens/consent-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
const screens = !!process.env.GATEHOUSE_SCREENS;
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];

const TERMS_V2 = [
  'These terms govern the use of the Cohort counts data.',
  'You will not attempt to re-identify any participant, link these data to other data about the participants, or contact them.',
  '- Cite the cohort in every publication.\n- Report any suspected disclosure to the data access committee within 48 hours.\n- Delete local copies when your project ends.',
  'The data are provided as they are, without warranty. Breach of these terms ends your access and is reported to your institution.',
].join('\n\n');

describe.skipIf(!chromium)(`informed consent on the download list in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let owner: TestUser;
  let act: TestUser;
  const pageErrors: string[] = [];

  const shot = async (page: Page, name: string) => {
    if (!screens) return;
    mkdirSync(screensDir, { recursive: true });
    await page.screenshot({ path: path.join(screensDir, `consent-${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    gh = await startTestGatehouse();
    base = await listenForBrowser(gh);
    browser = await launchChromium();
    owner = await gh.user('cora', { certified: true });
    act = await gh.user('adam', { act: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await gh?.stop();
  });

  async function upload(parentId: string, fileName: string, content: string): Promise<string> {
    const data = new FormData();
    data.append('parentId', parentId);
    data.append('file', new Blob([content], { type: 'text/csv' }), fileName);
    const request = new Request('http://localhost/', { method: 'POST', body: data });
    const res = await gh.as(owner).post('/api/v1/files', Buffer.from(await request.arrayBuffer()), { 'content-type': request.headers.get('content-type')! });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  /** A project with two files the researcher may download, behind a TermsOfUse (at version 2) and a SelfSign. */
  async function restrictedFiles(researcher: TestUser, label: string) {
    const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: `Cohort ${label}` })).json();
    const files = [await upload(project.id, 'counts.csv', 'gene,count\nTP53,12\n'), await upload(project.id, 'notes.txt', 'notes')];
    const acl = await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, {
      entries: [{ principalId: owner.id, accessTypes: ALL }, { principalId: researcher.id, accessTypes: ['READ', 'DOWNLOAD'] }],
    });
    expect(acl.statusCode, acl.body).toBe(200);
    const terms = (await gh.as(act).post('/api/v1/access-requirements', {
      type: 'TermsOfUse', name: `Cohort terms ${label}`, terms: 'Draft.', subjects: [{ type: 'entity', id: project.id }],
    })).json();
    const updated = await gh.as(act).put(`/api/v1/access-requirements/${terms.id}`, { terms: TERMS_V2, etag: terms.etag });
    expect(updated.json().version).toBe(2);
    const pledge = (await gh.as(act).post('/api/v1/access-requirements', {
      type: 'SelfSign', name: `Certified pledge ${label}`, terms: 'I pledge to keep the data on approved systems.',
      settings: { certifiedRequired: true }, subjects: [{ type: 'entity', id: project.id }],
    })).json();
    expect((await gh.as(researcher).post('/api/v1/download-list', { entityIds: files })).statusCode).toBeLessThan(300);
    return { terms: terms.id as number, pledge: pledge.id as number };
  }

  async function signedIn(user: TestUser, width: number): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport: { width, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${user.username}: ${err.message}`));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(user.username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }

  for (const width of [1440, 390]) {
    it(`at ${width} px a researcher reads each requirement's terms on the download list, cannot accept without ticking, accepts, and the files unlock`, async () => {
      const researcher = await gh.user(`rhea${width}`, { certified: true });
      const ars = await restrictedFiles(researcher, String(width));
      const page = await signedIn(researcher, width);
      await page.goto('/download-list');
      const actions = page.getByTestId('download-actions');
      await actions.waitFor();
      await expect.poll(() => page.getByTestId('download-summary').textContent()).toContain('0 ready');
      await shot(page, `${width}-01-list`);

      // The TermsOfUse: folded at first; opened, its full text shows as paragraphs and a list.
      const terms = actions.getByTestId(`consent-${ars.terms}`);
      expect(await terms.getByLabel(/I have read and accept/).isVisible()).toBe(false);
      await terms.getByText(`Read the terms of “Cohort terms ${width}”`).click();
      const text = terms.getByTestId(`terms-text-${ars.terms}`);
      await text.getByText('You will not attempt to re-identify any participant', { exact: false }).waitFor();
      expect(await text.locator('li').count()).toBe(3);
      expect(await terms.textContent()).toContain('(version 2)');
      const accept = terms.getByRole('button', { name: 'Accept terms' });
      expect(await accept.isDisabled()).toBe(true);
      await shot(page, `${width}-02-terms-open`);
      await terms.getByLabel(`I have read and accept the terms of “Cohort terms ${width}” (version 2)`).check();
      expect(await accept.isDisabled()).toBe(false);
      await accept.click();
      await page.getByText('Accepted. The list was checked again.').waitFor();
      await expect.poll(() => page.getByTestId('download-summary').textContent()).toContain('0 ready');

      // The SelfSign: its text and its tier condition, met (✓); then accepted the same way.
      const pledge = actions.getByTestId(`consent-${ars.pledge}`);
      await pledge.getByText(`Read the terms of “Certified pledge ${width}”`).click();
      await pledge.getByText('I pledge to keep the data on approved systems.').waitFor();
      await expect.poll(() => pledge.getByTestId('consent-conditions').textContent()).toContain('You are a certified user: met');
      await shot(page, `${width}-03-selfsign-open`);
      expect(await pledge.getByRole('button', { name: 'Accept terms' }).isDisabled()).toBe(true);
      await pledge.getByLabel(/I have read and accept the terms of “Certified pledge/).check();
      await pledge.getByRole('button', { name: 'Accept terms' }).click();

      // Every file is ready now, without a reload.
      await expect.poll(() => page.getByTestId('download-summary').textContent()).toContain('2 ready');
      await page.getByTestId('download-row-counts.csv').getByText('ready').waitFor();
      await page.getByTestId('download-row-notes.txt').getByText('ready').waitFor();
      expect(await page.getByRole('button', { name: 'Download eligible files as zip' }).isDisabled()).toBe(false);
      await shot(page, `${width}-04-unlocked`);

      // The approvals record the versions that were shown.
      const mine = (await gh.as(researcher).get(`/api/v1/access-approvals?accessorId=${researcher.id}`)).json().items as { accessRequirementId: number; accessRequirementVersion: number }[];
      expect(mine.map((a) => [a.accessRequirementId, a.accessRequirementVersion]).sort()).toEqual([[ars.terms, 2], [ars.pledge, 1]].sort());
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await page.context().close();
      expect(pageErrors).toEqual([]);
    }, 180_000);

    it(`at ${width} px terms changed while the researcher read them are shown again, and only the new version can be accepted`, async () => {
      const researcher = await gh.user(`sven${width}`, { certified: true });
      const project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: `Changing ${width}` })).json();
      const file = await upload(project.id, 'table.csv', 'a,b\n1,2\n');
      await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, {
        entries: [{ principalId: owner.id, accessTypes: ALL }, { principalId: researcher.id, accessTypes: ['READ', 'DOWNLOAD'] }],
      });
      const ar = (await gh.as(act).post('/api/v1/access-requirements', {
        type: 'TermsOfUse', name: `Changing terms ${width}`, terms: 'Old wording.', subjects: [{ type: 'entity', id: project.id }],
      })).json();
      const page = await signedIn(researcher, width);
      await page.goto(`/entities/${file}`);
      const conditions = page.getByTestId('conditions');
      await conditions.getByText(`Read the terms of “Changing terms ${width}”`).click();
      await conditions.getByTestId(`terms-text-${ar.id}`).getByText('Old wording.').waitFor();
      // ACT changes the text while the page is open.
      await gh.as(act).put(`/api/v1/access-requirements/${ar.id}`, { terms: 'New wording: no linkage with other data.', etag: ar.etag });
      await conditions.getByLabel(/I have read and accept the terms of “Changing terms/).check();
      await conditions.getByRole('button', { name: 'Accept terms' }).click();
      await conditions.getByTestId('terms-changed').waitFor();
      await conditions.getByTestId(`terms-text-${ar.id}`).getByText('New wording: no linkage with other data.').waitFor();
      expect(await conditions.getByLabel(/I have read and accept the terms of “Changing terms .*” \(version 2\)/).isChecked()).toBe(false);
      expect(await conditions.getByRole('button', { name: 'Accept terms' }).isDisabled()).toBe(true);
      expect((await gh.as(researcher).get(`/api/v1/access-approvals?accessorId=${researcher.id}`)).json().total).toBe(0);
      // The requirement's text above the actions is the new one too.
      await expect.poll(() => conditions.getByTestId(`ar-${ar.id}`).textContent()).toContain('New wording');
      expect(await conditions.getByTestId(`ar-${ar.id}`).textContent()).not.toContain('Old wording');
      await shot(page, `${width}-08-terms-changed`);
      await conditions.getByLabel(/I have read and accept the terms of “Changing terms .*” \(version 2\)/).check();
      await conditions.getByRole('button', { name: 'Accept terms' }).click();
      await conditions.getByTestId('can-download').waitFor();
      const mine = (await gh.as(researcher).get(`/api/v1/access-approvals?accessorId=${researcher.id}`)).json().items;
      expect(mine).toMatchObject([{ accessRequirementId: ar.id, accessRequirementVersion: 2 }]);
      await page.context().close();
      expect(pageErrors).toEqual([]);
    }, 180_000);

    it(`at ${width} px a newcomer reads a team's requirement on the team's page and accepts it before asking to join`, async () => {
      const manager = await gh.user(`mara${width}`);
      const newcomer = await gh.user(`nico${width}`);
      const team = (await gh.as(manager).post('/api/v1/teams', { name: `Analysts ${width}` })).json().id as number;
      const ar = (await gh.as(act).post('/api/v1/access-requirements', {
        type: 'TermsOfUse', name: `Code of conduct ${width}`, terms: 'Members share no data outside the team.\n\nMembers report incidents at once.',
        subjects: [{ type: 'team', id: team }],
      })).json();
      const page = await signedIn(newcomer, width);
      await page.goto(`/teams/${team}`);
      const requirement = page.getByTestId(`team-ar-${ar.id}`);
      await requirement.getByText('Members report incidents at once.').waitFor();
      await requirement.getByText('not met').waitFor();
      const accept = requirement.getByRole('button', { name: 'Accept terms' });
      expect(await accept.isDisabled()).toBe(true);
      await shot(page, `${width}-05-team`);
      await requirement.getByLabel(`I have read and accept the terms of “Code of conduct ${width}” (version 1)`).check();
      await accept.click();
      await requirement.getByText('accepted (version 1)').waitFor();
      await page.getByRole('button', { name: 'Request membership' }).click();
      await page.getByText('Your request to join is waiting for a manager of the team.').waitFor();
      await shot(page, `${width}-06-team-accepted`);
      // The manager can now accept the request: the requirement is met.
      const request = (await gh.as(manager).get(`/api/v1/teams/${team}/membership-requests`)).json().items[0];
      expect((await gh.as(manager).post(`/api/v1/teams/${team}/membership-requests/${request.id}/accept`)).statusCode).toBe(200);
      await page.context().close();
      expect(pageErrors).toEqual([]);
    }, 180_000);

    it(`at ${width} px a new user reads the platform terms and cannot accept them without ticking`, async () => {
      const user = await gh.user(`tova${width}`, { acceptedTerms: false });
      const page = await browser.newContext({ baseURL: base, viewport: { width, height: 900 } }).then((c) => c.newPage());
      page.on('pageerror', (err) => pageErrors.push(`${user.username}: ${err.message}`));
      await page.goto('/');
      await page.getByLabel('Username or email').fill(user.username);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const gate = page.getByTestId('terms-gate');
      await gate.getByTestId('terms-body').waitFor();
      const accept = gate.getByRole('button', { name: 'Accept the terms' });
      expect(await accept.isDisabled()).toBe(true);
      await shot(page, `${width}-07-platform-terms`);
      await gate.getByLabel(/I have read and accept the platform terms of use/).check();
      await accept.click();
      // The gate's own top bar has the user menu already: the acceptance is done when the gate is gone.
      await gate.waitFor({ state: 'detached' });
      expect((await gh.as(user).get('/api/v1/terms')).json().acceptedVersion).toBe((await gh.as(null).get('/api/v1/terms')).json().version);
      await page.context().close();
      expect(pageErrors).toEqual([]);
    }, 120_000);
  }
});
