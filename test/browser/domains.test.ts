import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/root.js';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { CHROMIUM, hasChromium, launchChromium } from './browser.js';

/**
 * Managed groups and authorization domains in a real browser (Debian's Chromium, playwright-core) against a real
 * Gatehouse: a user outside a project's authorization domain sees it greyed out as "no access", asks the group's
 * admins (the email is in the outbox), a group admin adds them on the group page, and the user opens the project.
 * Then the rest of the pages of issue 5: a group that is a domain cannot be deleted, access instructions, nested
 * groups and the cycle refusal, clone with an added group,
 * the copy refusal (422), runtimes stopped through a (local) orchestrator, a third-party group fed by an uploaded
 * allowlist, linking an external account with a signed assertion, and an allowlist past its validity.
 * Set GATEHOUSE_SCREENS=1 to also save screenshots to .tmp/screens/issue5-*.png.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const screensDir = path.join(projectRoot(), '.tmp', 'screens');
const screens = !!process.env.GATEHOUSE_SCREENS;
const ISSUER = 'https://era.example.org';
const PROJECT = 'Cohort Analysis Workspace';

describe.skipIf(!chromium)(`authorization domains in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let base: string;
  let browser: Browser;
  let orchestrator: Server;
  const orchestratorCalls: { headers: IncomingHttpHeaders; body: string }[] = [];
  let signingKey: CryptoKey;
  const pageErrors: string[] = [];
  let carolUser: TestUser;
  let bobUser: TestUser;
  let adminUser: TestUser;
  let projectId = '';

  const shot = async (page: Page, name: string, fullPage = true) => {
    if (!screens) return;
    mkdirSync(screensDir, { recursive: true });
    await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(screensDir, `issue5-${name}.png`), fullPage });
  };

  beforeAll(async () => {
    if (!existsSync(path.join(projectRoot(), 'dist', 'web', 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` before the browser tests (`npm test` does).');
    }
    // A compute orchestrator that acknowledges every stop.
    orchestrator = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        orchestratorCalls.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"stopped":true}');
      });
    });
    await new Promise<void>((resolve) => orchestrator.listen(0, '127.0.0.1', resolve));
    const { port } = orchestrator.address() as AddressInfo;
    // A trusted issuer of external accounts whose key the test holds.
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), alg: 'RS256' };

    gh = await startTestGatehouse({
      orchestratorUrl: `http://127.0.0.1:${port}/gatehouse`,
      orchestratorSecret: 'orchestrator-secret',
      externalAccountIssuers: [{ issuer: ISSUER, name: 'eRA Commons', jwk }],
      sessionTtlHours: 24 * 7,
    });
    base = await listenForBrowser(gh);
    browser = await launchChromium();
    carolUser = await gh.user('carol', { certified: true });
    bobUser = await gh.user('bob');
    adminUser = await gh.user('ada', { admin: true });
  }, 120_000); // migrating a fresh database takes a while

  afterAll(async () => {
    await browser?.close();
    await gh?.stop();
    await new Promise((resolve) => orchestrator?.close(resolve));
  });

  /** A browser of one's own (cookies apart), signed in. */
  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    await page.goto('/');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  it('a user outside the domain sees the project greyed out, asks the group, is added by its admin, and opens the project', async () => {
    // Carol creates the managed group from the Groups page; the name rule is shown, and a bad name is refused beside the field.
    const carol = await signedIn('carol');
    await nav(carol, 'Groups');
    await carol.getByRole('button', { name: 'New group' }).click();
    await carol.getByText('Letters, digits, “-” and “_” only').waitFor();
    await carol.getByLabel('Group name').fill('cohort analysts');
    await expect.poll(() => carol.getByText('may contain only letters, digits').count()).toBe(1);
    await shot(carol, 'group-create-bad-name', false);
    await carol.getByLabel('Group name').fill('cohort-analysts');
    await carol.getByRole('button', { name: 'Create group' }).click();
    await expect.poll(() => heading(carol)).toBe('cohort-analysts');
    await carol.getByTestId('group-notice').getByText('You are its admin').waitFor();
    await expect.poll(() => carol.getByTestId('member-carol').textContent()).toContain('admin');

    // She creates a project whose authorization domain is that group (the picker lists the groups she is in).
    await nav(carol, 'Projects');
    await carol.getByRole('button', { name: 'New project' }).click();
    await carol.getByLabel('Project name').fill(PROJECT);
    await carol.getByTestId('ad-picker').getByLabel('cohort-analysts').check();
    await shot(carol, 'project-create-with-domain', false);
    await carol.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => heading(carol)).toBe(PROJECT);
    projectId = (await carol.getByTestId('entity-id').textContent())!.trim();
    const domainCard = carol.getByTestId('authorization-domain');
    await expect.poll(() => domainCard.getByTestId('ad-group-cohort-analysts').getAttribute('class')).toContain('ad-group-member');
    await expect.poll(() => domainCard.getByTestId('ad-add-only').textContent()).toContain('never removed');
    await shot(carol, 'project-domain');

    // She shares it with Bob (read and download); Bob is not in the group.
    const shared = await gh.as(carolUser).put(`/api/v1/entities/${projectId}/acl`, { entries: [
      { principalId: carolUser.id, accessTypes: ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'] },
      { principalId: bobUser.id, accessTypes: ['READ', 'DOWNLOAD'] },
    ] });
    expect(shared.statusCode).toBe(200);

    // Bob's project list: the project greyed out as "no access", the missing group, a request-access button.
    const bob = await signedIn('bob');
    await nav(bob, 'Projects');
    const row = bob.getByTestId(`no-access-${PROJECT}`);
    await expect.poll(() => row.textContent()).toContain('no access');
    expect(await row.getByRole('link', { name: PROJECT }).count()).toBe(0);
    expect(await row.textContent()).toContain('cohort-analysts');
    expect(await bob.getByTestId('projects-table').count()).toBe(0);
    await shot(bob, 'projects-no-access');

    // Opening the project by its address is refused, naming the rule.
    await bob.goto(`/entities/${projectId}`);
    await bob.getByText('not a member of every group in the authorization domain').first().waitFor();
    await shot(bob, 'project-denied');

    // He asks the group's admins from his project list: the admins are emailed (the message is in the outbox).
    await nav(bob, 'Projects');
    await row.getByRole('button', { name: 'Request access to cohort-analysts' }).click();
    await expect.poll(() => row.getByTestId('access-requested').textContent()).toContain('emailed to the admin of cohort-analysts');
    await shot(bob, 'projects-access-requested');
    const outbox = await gh.as(adminUser).get('/api/v1/outbox?recipient=carol');
    expect(outbox.statusCode).toBe(200);
    const mail = (outbox.json() as { items: { channel: string; subject: string; body: string; kind: string }[] }).items
      .find((m) => m.subject === 'Bob asks for access to cohort-analysts');
    expect(mail).toBeDefined();
    expect(mail!.body).toContain('asks to be added to the managed group cohort-analysts');

    // Asking again tells nobody again: the request is open.
    await bob.reload();
    await row.getByRole('button', { name: 'Request access to cohort-analysts' }).click();
    await expect.poll(() => row.getByTestId('access-pending').textContent()).toContain('its admins were told then');

    // Carol, an admin of the group, finds Bob's request on the group page and adds him from it.
    await nav(carol, 'Groups');
    await carol.getByTestId('my-groups-table').getByRole('link', { name: 'cohort-analysts' }).click();
    await expect.poll(() => heading(carol)).toBe('cohort-analysts');
    const requests = carol.getByTestId('group-access-requests');
    await shot(carol, 'group-access-requests');
    await requests.getByTestId('access-request-bob').getByRole('button', { name: 'Add as member' }).click();
    await requests.getByTestId('access-requests-notice').getByText('Bob added as member').waitFor();
    await expect.poll(() => carol.getByTestId('member-bob').textContent()).toContain('member');
    await shot(carol, 'group-admin-added-member');

    // Bob's list now has the project among his projects; he opens it, and the domain shows him as a member.
    await bob.reload();
    await bob.getByTestId('projects-table').getByRole('link', { name: PROJECT }).click();
    await expect.poll(() => heading(bob)).toBe(PROJECT);
    expect(await bob.getByTestId('no-access-projects').count()).toBe(0);
    await expect.poll(() => bob.getByTestId('ad-group-cohort-analysts').getAttribute('class')).toContain('ad-group-member');
    await shot(bob, 'project-opened');

    await bob.context().close();
    await carol.context().close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('groups that are domains stay, clones keep the domain, copies to a less protected project are refused, runtimes stop, third-party groups follow their allowlist', async () => {
    const carol = await signedIn('carol');

    // Deleting a group that is an authorization domain is refused (409), naming the project.
    await carol.goto('/groups/cohort-analysts');
    await carol.getByRole('button', { name: 'Delete group' }).click();
    await carol.getByRole('button', { name: 'Delete cohort-analysts' }).click();
    await expect.poll(() => carol.getByTestId('group-problem').textContent()).toContain('cannot be deleted');
    await carol.getByTestId('group-problem').getByRole('link', { name: projectId }).waitFor();
    await shot(carol, 'group-delete-refused');

    // Access instructions: Bob asking a group that has them sees the instructions instead of emailing anyone.
    await carol.getByTestId('group-about').getByRole('button', { name: 'Edit' }).click();
    await carol.getByLabel('Access instructions').fill('Apply to the steering committee at steering@cohort.example.org, then ask again.');
    await carol.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => carol.getByTestId('group-instructions').textContent()).toContain('steering committee');
    expect((await gh.as(carolUser).post('/api/v1/groups', { name: 'tumour-board' })).statusCode).toBe(201);
    expect((await gh.as(carolUser).patch('/api/v1/groups/tumour-board', { accessInstructions: 'Ask your PI to write to the tumour board.' })).statusCode).toBe(200);
    const bob = await signedIn('bob');
    await bob.goto('/groups/tumour-board');
    await bob.getByTestId('group-request').getByRole('button', { name: 'Request access to tumour-board' }).click();
    await expect.poll(() => bob.getByTestId('access-instructions').textContent()).toContain('Ask your PI');
    await shot(bob, 'group-request-instructions');

    // Groups nest: cohort-analysts becomes a member of tumour-board; the reverse would make a cycle and is refused.
    await carol.goto('/groups/tumour-board');
    await carol.getByLabel('Add a person or a group').fill('cohort');
    await carol.getByRole('button', { name: 'Choose group cohort-analysts' }).click();
    await carol.getByTestId('add-member').getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => carol.getByTestId('member-cohort-analysts').textContent()).toContain('group');
    await carol.goto('/groups/cohort-analysts');
    await carol.getByLabel('Add a person or a group').fill('tumour');
    await carol.getByRole('button', { name: 'Choose group tumour-board' }).click();
    await carol.getByTestId('add-member').getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => carol.getByTestId('add-member').getByTestId('form-problem').textContent()).toContain('groups cannot contain themselves');
    await shot(carol, 'group-nesting-cycle');

    // Clone the project, adding a second group: the clone's domain is both.
    await carol.goto(`/entities/${projectId}`);
    await carol.getByRole('button', { name: 'More', exact: true }).click();
    await carol.getByRole('menuitem', { name: 'Clone project…' }).click();
    const clone = carol.getByTestId('clone-dialog');
    await clone.getByLabel('Name of the new project').fill('Cohort Analysis — tumour board');
    await clone.getByLabel('tumour-board').check();
    await shot(carol, 'clone-dialog', false);
    await clone.getByRole('button', { name: 'Clone project' }).click();
    await expect.poll(() => heading(carol)).toBe('Cohort Analysis — tumour board');
    await carol.getByTestId('entity-notice').getByText('Cloned from').waitFor();
    await carol.getByTestId('ad-group-tumour-board').waitFor();
    await carol.getByTestId('ad-group-cohort-analysts').waitFor();
    const cloneId = (await carol.getByTestId('entity-id').textContent())!.trim();
    await shot(carol, 'clone-result');

    // Copying a folder of the AD project into a project without a domain is refused with the §9 message.
    const folder = await gh.as(carolUser).post('/api/v1/entities', { type: 'folder', name: 'clinical', parentId: projectId });
    expect(folder.statusCode).toBe(201);
    const open = await gh.as(carolUser).post('/api/v1/entities', { type: 'project', name: 'Open Methods' });
    expect(open.statusCode).toBe(201);
    await carol.goto(`/entities/${(folder.json() as { id: string }).id}`);
    await carol.getByRole('button', { name: 'More', exact: true }).click();
    await carol.getByRole('menuitem', { name: 'Copy to another project…' }).click();
    const copy = carol.getByTestId('copy-dialog');
    await copy.getByLabel('Destination project').selectOption((open.json() as { id: string }).id);
    await copy.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => copy.getByTestId('copy-refused').textContent())
      .toContain('Source has an authorization domain containing the groups cohort-analysts, which are missing on the destination');
    await shot(carol, 'copy-refused', false);
    // Into the clone, whose domain has every group of the source's, the copy is made.
    await copy.getByLabel('Destination project').selectOption(cloneId);
    await copy.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect.poll(() => copy.getByTestId('copy-result').textContent()).toContain('Authorization domain: cohort-analysts, tumour-board');
    await copy.getByRole('link', { name: 'Open the copy' }).click();
    await expect.poll(() => carol.getByTestId('breadcrumb').textContent()).toContain('Cohort Analysis — tumour board');
    expect(await carol.getByTestId('copy-dialog').count()).toBe(0);

    // Runtimes: Carol (COMPUTE) registers one and stops it; the orchestrator is called, signed, and its answer shown.
    await carol.goto(`/entities/${projectId}`);
    await carol.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Runtimes' }).click();
    await carol.getByLabel('Runtime name').fill('survival notebook');
    await carol.getByLabel("Orchestrator's id (optional)").fill('nb-4f2a');
    await carol.getByRole('button', { name: 'Register runtime' }).click();
    const runtimeRow = carol.getByTestId('runtime-survival notebook');
    await expect.poll(() => runtimeRow.textContent()).toContain('running');
    await runtimeRow.getByRole('button', { name: 'Stop' }).click();
    await runtimeRow.getByRole('button', { name: 'Stop survival notebook' }).click();
    await expect.poll(() => carol.getByTestId('runtime-notice').textContent()).toContain('the orchestrator acknowledged (HTTP 200)');
    await expect.poll(() => runtimeRow.textContent()).toContain('stopped');
    expect(orchestratorCalls).toHaveLength(1);
    expect(orchestratorCalls[0].headers['x-gatehouse-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(orchestratorCalls[0].body)).toMatchObject({ event: 'runtime.stop', externalId: 'nb-4f2a', projectId });
    await shot(carol, 'runtimes');
    // Bob (read and download only) cannot register one.
    await bob.goto(`/entities/${projectId}/runtimes`);
    await bob.getByTestId('runtime-no-compute').waitFor();

    // A third-party group fed by an uploaded allowlist of eRA Commons ids, valid for one hour.
    expect((await gh.as(carolUser).post('/api/v1/groups', { name: 'dbgap-lung' })).statusCode).toBe(201);
    await carol.goto('/groups/dbgap-lung');
    const allowlist = carol.getByTestId('group-allowlist');
    await allowlist.getByRole('button', { name: 'Feed from an allowlist…' }).click();
    await allowlist.getByLabel('Or paste the ids').fill('# dbGaP authorized users\nERA-BOB\nERA-9921\n');
    await allowlist.getByLabel('Valid for (hours)').fill('1');
    await allowlist.getByRole('button', { name: 'Use this list and sync' }).click();
    await expect.poll(() => allowlist.getByTestId('sync-result').textContent()).toContain('No membership changed');
    await expect.poll(() => allowlist.getByTestId('allowlist-entries').textContent()).toBe('2');

    // Bob links his eRA Commons account with a signed assertion: he joins the group at once.
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer(ISSUER).setAudience(gh.config.publicUrl)
      .setSubject('era-bob').setIssuedAt().setExpirationTime('10m').sign(signingKey);
    await nav(bob, 'External accounts');
    await bob.getByLabel('Assertion').fill('not-a-jwt');
    await bob.getByRole('button', { name: 'Link account' }).click();
    await bob.getByTestId('error-assertion').waitFor();
    await bob.getByLabel('Assertion').fill(assertion);
    await bob.getByRole('button', { name: 'Link account' }).click();
    await expect.poll(() => bob.getByTestId('external-notice').textContent()).toContain('You joined dbgap-lung');
    await expect.poll(() => bob.getByTestId('external-links-table').textContent()).toContain('era-bob');
    await shot(bob, 'external-accounts');
    await carol.reload();
    await expect.poll(() => carol.getByTestId('member-bob').textContent()).toContain('allowlist');
    await shot(carol, 'third-party-group');

    // Two hours later the list is past its validity: it counts as empty, and a sync lets Bob go.
    gh.clock.advance(2 * 3600_000);
    await carol.reload();
    await expect.poll(() => carol.getByTestId('allowlist-facts').textContent()).toContain('expired');
    await carol.getByTestId('group-allowlist').getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => carol.getByTestId('sync-result').textContent()).toContain('1 removed');
    await expect.poll(() => carol.getByTestId('member-bob').count()).toBe(0);
    await shot(carol, 'third-party-expired');

    expect(pageErrors).toEqual([]);
  }, 180_000);
});
