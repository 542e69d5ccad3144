import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from '../api/requests-fixtures.js';
import { uploadFile } from '../forms.js';
import { CHROMIUM, SignedInPages, assertWebBuilt, hasChromium, launchChromium, screenshots } from './browser.js';

/**
 * Issue 9 items 5 and 9, at 1440 and 390 px. Item 5: before anything is refused, the conditions panel shows each
 * condition with ✓ or ✗ for the viewer and the page that fixes it; accepting terms turns its ✗ to ✓ without a
 * reload; a pending request reads "Request pending" instead of offering "Request access"; an approved one says
 * until when. Item 9: someone a project is shared with but outside its authorization domain sees the project's
 * name, the group missing and a request to its admins with a message; the sharing dialog warns of outsiders
 * before Save and does not offer "Make public" on a domain project.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots to .tmp/screens/conditions-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);
const shots = screenshots('conditions');
const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];

describe.skipIf(!chromium)(`conditions and authorization domains explained in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let f: ReturnType<typeof requestFixtures>;
  let act: TestUser;
  let owner: TestUser;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse({ sessionTtlHours: 24 * 3650 });
    const base = await listenForBrowser(gh);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
    f = requestFixtures(gh);
    act = await gh.user('aron', { act: true, certified: true, validated: true });
    owner = await gh.user('olga', { certified: true, validated: true });
  }, 120_000);

  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  const noSideways = async (page: Page, width: number) => {
    if (width !== 390) return;
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  };

  for (const width of [1440, 390]) {
    it(`at ${width} px Bob, certified but not validated, sees ✓ certified ✗ validated with the link to verification, and accepting terms shows its ✓ at once`, async () => {
      const bob = await gh.user(`bob${width}`, { certified: true });
      const ar = await f.managedAr(act, owner, [bob], {}, `Controlled cohort ${width}`);
      const entity = `syn${ar.projectId}`;
      const tou = (await gh.as(act).post('/api/v1/access-requirements', {
        type: 'TermsOfUse', name: `Cohort terms ${width}`, terms: 'Cite the cohort.', subjects: [{ type: 'entity', id: entity }],
      })).json();
      const page = await pages.as(bob.username, width);
      await page.goto(`/entities/${entity}`);
      const managed = page.getByTestId(`viewer-conditions-${ar.id}`).first();
      await expect.poll(() => managed.textContent()).toContain('You are a certified user: met');
      expect(await managed.textContent()).toContain('Your profile is validated: not met');
      const verify = managed.getByRole('link', { name: 'Verify your identity' });
      expect(await verify.getAttribute('href')).toBe('/profile/verification');
      expect(await managed.getByRole('link', { name: 'Take the certification quiz' }).count()).toBe(0);
      const terms = page.getByTestId(`viewer-conditions-${tou.id}`).first();
      await expect.poll(() => terms.textContent()).toContain('You accepted its terms: not met');
      await shots.page(page, `${width}-01-bob-conditions`);
      await shots.part(page.getByTestId('conditions'), `${width}-01-bob-panel`);

      const conditions = page.getByTestId('conditions');
      await conditions.getByText(`Read the terms of “Cohort terms ${width}”`).click();
      await conditions.getByLabel(/I have read and accept the terms of “Cohort terms/).check();
      await conditions.getByRole('button', { name: 'Accept terms' }).click();
      await expect.poll(() => terms.textContent()).toContain('You accepted its terms: met');
      expect(await managed.textContent()).toContain('Your profile is validated: not met');
      await noSideways(page, width);
      await shots.part(conditions, `${width}-02-bob-accepted`);

      // In his request, the people he might add as accessors say whether they qualify, before he adds them.
      await gh.user(`vera${width}`, { certified: true });
      await gh.user(`walt${width}`, { certified: true, validated: true });
      await conditions.getByRole('link', { name: 'Request access' }).click();
      const accessors = page.getByTestId('accessors');
      await accessors.waitFor();
      await accessors.getByLabel('Add accessor').fill('vera');
      await expect.poll(() => accessors.getByTestId(`candidate-vera${width}`).textContent()).toBe(' ✓ certified ✗ validated · cannot be an accessor yet');
      await accessors.getByLabel('Add accessor').fill('walt');
      await expect.poll(() => accessors.getByTestId(`candidate-walt${width}`).textContent()).toBe(' ✓ certified ✓ validated');
      await shots.part(accessors, `${width}-02b-accessor-candidates`);
      expect(pages.pageErrors).toEqual([]);
    }, 180_000);

    it(`at ${width} px a pending request reads "Request pending" on the data pages, and an approved one "access until …"`, async () => {
      const rita = await gh.user(`rita${width}`, { certified: true, validated: true });
      const ar = await f.managedAr(act, owner, [rita], {}, `Pending cohort ${width}`);
      const entity = `syn${ar.projectId}`;
      const request = await f.filled(rita, ar.id);
      const submission = await f.submit(rita, request.id);
      const page = await pages.as(rita.username, width);
      await page.goto(`/entities/${entity}`);
      const conditions = page.getByTestId('conditions');
      await expect.poll(() => conditions.getByTestId('request-state').first().textContent()).toContain('Request pending');
      expect(await conditions.getByRole('link', { name: 'Request access' }).count()).toBe(0);
      await shots.part(conditions, `${width}-03-pending`);

      await f.approve(act, submission.id);
      await page.reload();
      await expect.poll(() => conditions.getByTestId(`ar-${ar.id}`).getByTestId('request-state').textContent()).toMatch(/Approved: access until \w+/);
      await conditions.getByTestId('can-download').waitFor();
      await noSideways(page, width);
      await shots.part(conditions, `${width}-04-approved`);
      expect(pages.pageErrors).toEqual([]);
    }, 180_000);

    it(`at ${width} px an outsider opens an authorization-domain project: its name, the missing group and a request with a message; the sharing dialog warns before Save`, async () => {
      const carol = await gh.user(`carol${width}`);
      const dan = await gh.user(`dan${width}`);
      const group = `board-${width}`;
      expect((await gh.as(carol).post('/api/v1/groups', { name: group })).statusCode).toBe(201);
      const project = (await gh.as(carol).post('/api/v1/entities', { type: 'project', name: `Board study ${width}`, authorizationDomain: [group] })).json();
      expect((await gh.as(carol).put(`/api/v1/entities/${project.id}/acl`, {
        entries: [{ principalId: carol.id, accessTypes: ALL }, { principalId: dan.id, accessTypes: ['READ', 'DOWNLOAD'] }],
      })).statusCode).toBe(200);

      const outsider = await pages.as(dan.username, width);
      await outsider.goto(`/entities/${project.id}`);
      await expect.poll(() => outsider.getByRole('heading', { level: 1 }).textContent()).toBe(`Board study ${width}`);
      const missing = outsider.getByTestId(`missing-group-${group}`);
      await missing.getByLabel(`Message to the admins of ${group} (optional)`).fill('I review tumour cases for the board.');
      expect(await outsider.getByRole('button', { name: 'Try again' }).count()).toBe(0);
      await shots.page(outsider, `${width}-05-outsider`);
      await missing.getByRole('button', { name: `Request access to ${group}` }).click();
      await expect.poll(() => missing.getByTestId('access-requested').textContent()).toContain(`emailed to the admin of ${group}`);
      const rows = await gh.ctx.db.query<{ body: string }>('SELECT body FROM outbox WHERE subject LIKE $1', [`%asks for access to ${group}`]);
      expect(rows.some((r) => r.body.includes('I review tumour cases for the board.'))).toBe(true);
      await noSideways(outsider, width);
      await shots.page(outsider, `${width}-06-outsider-requested`);

      // Carol shares with Erin, who is not in the group either: warned before saving; "Make public" is not offered.
      const erin = await gh.user(`erin${width}`);
      const admin = await pages.as(carol.username, width);
      await admin.goto(`/entities/${project.id}`);
      await admin.getByRole('button', { name: 'Share' }).click();
      const sharing = admin.getByTestId('sharing-dialog');
      await expect.poll(() => sharing.getByTestId(`ad-outside-${dan.username}`).textContent()).toContain(`Not in ${group}: will not get access until they join`);
      await sharing.getByLabel('Add people or teams').fill(erin.username);
      await sharing.getByRole('button', { name: `Choose ${erin.username}` }).click();
      await expect.poll(() => sharing.getByTestId(`ad-outside-${erin.username}`).textContent()).toContain(`Not in ${group}`);
      expect(await sharing.getByTestId(`ad-outside-${carol.username}`).count()).toBe(0);
      await expect.poll(() => sharing.getByTestId('sharing-public-disabled').textContent()).toContain('authorization domain');
      expect(await sharing.getByLabel('Everyone, including visitors who are not signed in').count()).toBe(0);
      await shots.part(sharing, `${width}-07-sharing-warning`);
      expect(pages.pageErrors).toEqual([]);
    }, 180_000);

    it(`at ${width} px a folder shared inside a domain project says its own name and its project's, a contributor's folder says which files are hers, and a team's SelfSign shows the server's ✓/✗`, async () => {
      const gail = await gh.user(`gail${width}`, { certified: true });
      const sven = await gh.user(`sven${width}`, { certified: true });
      const group = `scan-board-${width}`;
      expect((await gh.as(gail).post('/api/v1/groups', { name: group })).statusCode).toBe(201);
      const project = (await gh.as(gail).post('/api/v1/entities', { type: 'project', name: `Scan study ${width}`, authorizationDomain: [group] })).json();
      const folder = (await gh.as(gail).post('/api/v1/entities', { type: 'folder', name: `MRI scans ${width}`, parentId: project.id })).json();
      expect((await gh.as(gail).put(`/api/v1/entities/${folder.id}/acl`, {
        entries: [{ principalId: gail.id, accessTypes: ALL }, { principalId: sven.id, accessTypes: ['READ', 'DOWNLOAD'] }],
      })).statusCode).toBe(200);
      const outsider = await pages.as(sven.username, width);
      await outsider.goto(`/entities/${folder.id}`);
      await expect.poll(() => outsider.getByRole('heading', { level: 1 }).textContent()).toBe(`MRI scans ${width}`);
      // The project is not shared with Sven: its name is not told, its id is.
      expect(await outsider.getByTestId('domain-denied-project').textContent()).toContain(`in project ${project.id}`);
      await outsider.getByTestId(`missing-group-${group}`).getByRole('button', { name: `Request access to ${group}` }).waitFor();
      await noSideways(outsider, width);
      await shots.page(outsider, `${width}-08-folder-outside-domain`);

      // Gail's folder with a click-wrap she has not accepted, holding two files she uploaded.
      const own = (await gh.as(gail).post('/api/v1/entities', { type: 'project', name: `Own uploads ${width}` })).json();
      const restricted = (await gh.as(gail).post('/api/v1/entities', { type: 'folder', name: `Mine ${width}`, parentId: own.id })).json();
      for (const name of ['one.csv', 'two.csv']) expect((await uploadFile(gh.as(gail), restricted.id, name, `${name}\n`)).statusCode).toBe(201);
      expect((await gh.as(act).post('/api/v1/access-requirements', {
        type: 'TermsOfUse', name: `Mine terms ${width}`, terms: 'Cite us.', subjects: [{ type: 'entity', id: restricted.id }],
      })).statusCode).toBe(201);
      const contributor = await pages.as(gail.username, width);
      await contributor.goto(`/entities/${restricted.id}`);
      await expect.poll(() => contributor.getByTestId('files-you-uploaded').textContent()).toContain('You uploaded every file in this folder');
      await shots.part(contributor.getByTestId('conditions'), `${width}-09-folder-uploader`);

      // A team's SelfSign asking for a validated profile: Sven (certified, not validated) sees ✓ certified ✗ validated.
      const team = (await gh.as(gail).post('/api/v1/teams', { name: `Scanners ${width}` })).json().id as number;
      const selfSign = (await gh.as(act).post('/api/v1/access-requirements', {
        type: 'SelfSign', name: `Scanner pledge ${width}`, terms: 'I keep scans inside the team.',
        settings: { certifiedRequired: true, validatedRequired: true }, subjects: [{ type: 'team', id: team }],
      })).json();
      await outsider.goto(`/teams/${team}`);
      const conditions = outsider.getByTestId(`consent-${selfSign.id}`).getByTestId('consent-conditions');
      await expect.poll(() => conditions.locator('li.met').textContent()).toContain('You are a certified user');
      expect(await conditions.locator('li.unmet').textContent()).toContain('Your profile is validated');
      await outsider.getByTestId('consent-unmet').waitFor();
      await shots.part(outsider.getByTestId(`consent-${selfSign.id}`), `${width}-10-team-selfsign`);
      expect(pages.pageErrors).toEqual([]);
    }, 180_000);
  }
});
