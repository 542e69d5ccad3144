/**
 * The issue-3 part of the screenshot walk (test/browser/screenshots.ts): projects, folders and files, uploads,
 * sharing (inherited, own, advanced, refusals, a stale etag), moves and the move rule, the trash, conditions for
 * use (terms, tier failures, download permission, signed out), the download list, the ACT pages for access
 * requirements (list, form, stale etag, versions, bindings, ACL, approvals), locks, and the decision explainer;
 * on a fresh demo database. Saves .tmp/screens/issue3-*.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

const PASSWORD = 'gatehouse-demo';

export async function issue3Screens(browser: Browser, base: string, out: string): Promise<void> {
  async function settle(page: Page) {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 });
    // After a client-side navigation "networkidle" is already reached: give the API calls a moment.
    await page.waitForTimeout(600);
  }
  async function shot(page: Page, name: string, fullPage = true) {
    await settle(page);
    // A full-page picture of a scrolled page draws the sticky top bar in the middle.
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(out, `issue3-${name}.png`), fullPage });
    console.log(`saved issue3-${name}.png`);
  }
  async function as(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error (${username}):`, err.message));
    await page.goto(`${base}/`);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').waitFor();
    return page;
  }
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  const open = async (page: Page, name: string) => {
    await page.getByRole('link', { name, exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await settle(page);
  };
  const idOf = async (page: Page) => (await page.getByTestId('entity-id').textContent())!.trim();
  const menu = async (page: Page, button: string, item: string) => {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.getByRole('menuitem', { name: item }).click();
  };

  // ---- Carol, a data contributor: projects, a new project, an upload, a folder ----
  const carol = await as('carol');
  await nav(carol, 'Projects');
  await shot(carol, 'projects');
  await carol.getByRole('button', { name: 'New project' }).click();
  await carol.getByLabel('Project name').fill('cancer genomics cohort');
  await carol.getByRole('button', { name: 'Create project' }).click();
  await carol.getByTestId('error-name').waitFor();
  await shot(carol, 'project-create-name-taken', false);
  await carol.getByLabel('Project name').fill('Tumour Purity Study');
  await carol.getByLabel('Description (optional)').fill('Purity estimates of the tumour samples, by pathology review and by sequencing.');
  await carol.getByRole('button', { name: 'Create project' }).click();
  await carol.getByText('This project is empty').waitFor();
  await shot(carol, 'project-empty');
  const studyUrl = carol.url();
  const studyId = await idOf(carol);

  await menu(carol, 'Add', 'Upload files');
  // A large file, so that the progress bar shows on the way.
  const big = Buffer.alloc(24 * 1024 * 1024, 'sample_id,purity\n');
  await carol.getByLabel('Files to upload').setInputFiles({ name: 'purity_estimates.csv', mimeType: 'text/csv', buffer: big });
  await carol.getByTestId('upload-progress').waitFor();
  await carol.screenshot({ path: path.join(out, 'issue3-upload-progress.png') });
  console.log('saved issue3-upload-progress.png');
  await carol.locator('[data-testid="upload-item"][data-state="done"]').waitFor({ timeout: 60_000 });
  await carol.getByRole('button', { name: 'Done' }).click();
  await carol.getByTestId('entity-notice').waitFor({ timeout: 60_000 });
  await menu(carol, 'Add', 'New folder');
  await carol.getByLabel('Folder name').fill('analysis');
  await carol.getByRole('button', { name: 'Create folder' }).click();
  await carol.getByTestId('children-table').getByRole('link', { name: 'analysis' }).waitFor();
  await menu(carol, 'Add', 'Upload files');
  await carol.getByLabel('Files to upload').setInputFiles({ name: 'README.md', mimeType: 'text/markdown', buffer: Buffer.from('# Tumour purity\n') });
  await carol.locator('[data-testid="upload-item"][data-state="done"]').waitFor();
  await carol.getByRole('button', { name: 'Done' }).click();
  await carol.getByTestId('children-table').getByRole('link', { name: 'README.md' }).waitFor();
  await shot(carol, 'project-contents');

  // A file page, a new version, renaming.
  await open(carol, 'purity_estimates.csv');
  await menu(carol, 'More', 'Upload a new version…');
  await carol.getByLabel('File', { exact: true }).setInputFiles({ name: 'purity_estimates.csv', mimeType: 'text/csv', buffer: Buffer.from('sample_id,purity\nS-1,0.8\n') });
  await carol.getByLabel('Version comment (optional)').fill('Sequencing-based estimates replace the pathology review');
  await carol.getByRole('button', { name: 'Upload version' }).click();
  await carol.getByText('Version 2 uploaded.').waitFor();
  await shot(carol, 'file-owner');
  await menu(carol, 'More', 'Rename…');
  await carol.getByLabel('Name', { exact: true }).fill('README.md');
  await carol.getByRole('button', { name: 'Save' }).click();
  await carol.getByTestId('form-problem').or(carol.getByTestId('error-name')).first().waitFor();
  await shot(carol, 'rename-name-taken', false);
  await carol.getByRole('button', { name: 'Cancel' }).click();

  // Sharing: inherited on the file, with the advanced view; then bob may share but only what he holds.
  await carol.getByRole('button', { name: 'Share' }).click();
  await carol.getByTestId('sharing-inherited').waitFor();
  await carol.getByLabel('Show every access type (advanced)').check();
  await shot(carol, 'sharing-inherited-advanced', false);
  await carol.getByRole('button', { name: 'Close', exact: true }).click();
  await carol.goto(studyUrl);
  await carol.getByRole('button', { name: 'Share' }).click();
  await carol.getByTestId('sharing-own').waitFor();
  await carol.getByLabel('Add people or teams').fill('bob');
  await carol.getByRole('button', { name: 'Choose bob' }).click();
  await carol.getByLabel('Show every access type (advanced)').check();
  await carol.getByLabel('DOWNLOAD for bob').check();
  await carol.getByLabel('SHARE for bob').check();
  await shot(carol, 'sharing-own-editing', false);
  await carol.getByRole('button', { name: 'Save sharing settings' }).click();
  await carol.getByTestId('sharing-notice').waitFor();
  // A stale etag: someone else changes the settings while the dialog is open.
  await carol.getByLabel('All signed-in users').check();
  await carol.evaluate(async (id) => {
    const acl = await (await fetch(`/api/v1/entities/${id}/acl`)).json();
    await fetch(`/api/v1/entities/${id}/acl`, {
      method: 'PUT', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ etag: acl.etag, entries: acl.entries.map((e: { principalId: number; accessTypes: string[] }) => ({ principalId: e.principalId, accessTypes: e.accessTypes })) }),
    });
  }, studyId);
  await carol.getByRole('button', { name: 'Save sharing settings' }).click();
  await carol.getByRole('button', { name: 'Reload the settings' }).waitFor();
  await shot(carol, 'sharing-stale-etag', false);
  await carol.getByRole('button', { name: 'Reload the settings' }).click();
  await carol.getByRole('button', { name: 'Close', exact: true }).click();

  // Own settings on a folder, then back to inheriting the project's.
  await open(carol, 'analysis');
  await carol.getByRole('button', { name: 'Share' }).click();
  await carol.getByLabel('Add people or teams').fill('alice');
  await carol.getByRole('button', { name: 'Choose alice' }).click();
  await carol.getByRole('button', { name: 'Save sharing settings' }).click();
  await carol.getByTestId('sharing-own').waitFor();
  await carol.getByRole('button', { name: 'Restore inheritance' }).click();
  await shot(carol, 'sharing-restore-inheritance', false);
  await carol.getByRole('button', { name: 'Confirm: inherit again' }).click();
  await carol.getByTestId('sharing-inherited').waitFor();
  await carol.getByRole('button', { name: 'Close', exact: true }).click();
  await carol.goto(studyUrl);

  const bob = await as('bob');
  await bob.goto(studyUrl);
  await bob.getByRole('heading', { level: 1, name: 'Tumour Purity Study' }).waitFor();
  await bob.getByRole('button', { name: 'Share' }).click();
  await bob.getByLabel('Add people or teams').fill('alice');
  await bob.getByRole('button', { name: 'Choose alice' }).click();
  await bob.getByLabel('Access for alice').selectOption('Can edit & delete');
  await bob.getByRole('button', { name: 'Save sharing settings' }).click();
  await bob.getByTestId('form-problem').waitFor();
  await shot(bob, 'sharing-beyond-own-types', false);
  await bob.getByRole('button', { name: 'Close', exact: true }).click();

  // The demo project: a folder of controlled data; the move rule refuses taking a file out of it.
  await nav(carol, 'Projects');
  await open(carol, 'Cancer Genomics Cohort');
  await shot(carol, 'project-demo');
  await open(carol, 'raw');
  await shot(carol, 'folder-raw-owner');
  await open(carol, 'sample_manifest.csv');
  await menu(carol, 'More', 'Move…');
  await carol.getByRole('button', { name: 'All projects' }).click();
  await carol.getByRole('button', { name: 'Open Tumour Purity Study' }).click();
  await carol.getByRole('button', { name: 'Move to Tumour Purity Study' }).click();
  await carol.getByTestId('move-dialog').getByTestId('form-problem').waitFor();
  await shot(carol, 'move-rule-refused', false);
  await carol.getByRole('button', { name: 'Cancel' }).click();

  // The trash: README.md goes, comes back.
  await carol.goto(studyUrl);
  await open(carol, 'README.md');
  await menu(carol, 'More', 'Move to trash…');
  await shot(carol, 'trash-confirm', false);
  await carol.getByRole('button', { name: 'Move to trash', exact: true }).click();
  await carol.getByTestId('entity-notice').waitFor();
  await nav(carol, 'Trash');
  await shot(carol, 'trash');
  await carol.getByRole('button', { name: 'Restore README.md' }).click();
  await carol.getByTestId('trash-notice').waitFor();
  await shot(carol, 'trash-restored');

  // ---- ACT: access requirements ----
  const act = await as('act');
  await nav(act, 'Access requirements');
  await shot(act, 'ar-list');
  await act.getByRole('tab', { name: 'Managed by ACT' }).click();
  await shot(act, 'ar-list-managed');
  await act.getByRole('link', { name: 'New access requirement' }).click();
  await act.getByLabel('Type').selectOption('ManagedACT');
  await act.getByRole('button', { name: 'Create access requirement' }).click();
  await act.locator('.field-error, [data-testid=form-problem]').first().waitFor();
  await shot(act, 'ar-new-managed-error');
  await act.getByLabel('Type').selectOption('SelfSign');
  await act.getByLabel('Name', { exact: true }).fill('Tumour Purity Study — self-signed terms');
  await act.getByLabel('Description').fill('Purity estimates of identifiable tumour samples.');
  await act.getByLabel('Terms users accept').fill('I am a certified researcher and will use these estimates for research only.');
  await act.getByLabel('Certified users only').check();
  await act.getByLabel('Bind to entities (optional)').fill(studyId);
  await act.getByRole('button', { name: /^Choose / }).first().click();
  await shot(act, 'ar-new-selfsign');
  await act.getByRole('button', { name: 'Create access requirement' }).click();
  await act.getByTestId('ar-notice').waitFor();
  await shot(act, 'ar-settings');
  const arUrl = act.url();
  // A stale etag: the same AR changed in another tab meanwhile.
  const act2 = await act.context().newPage();
  await act2.goto(arUrl);
  await act2.getByLabel('Description').fill('Purity estimates of identifiable tumour samples (2026 cohort).');
  await act2.getByLabel('Two-factor authentication required to download').check();
  await act2.getByRole('button', { name: 'Save as a new version' }).click();
  await act2.getByText('Saved as version 2.').waitFor();
  await act2.close();
  await act.getByLabel('Terms users accept').fill('I am a certified researcher. I will use these estimates for research only.');
  await act.getByRole('button', { name: 'Save as a new version' }).click();
  await act.getByTestId('stale-etag').waitFor();
  await shot(act, 'ar-stale-etag');
  await act.getByRole('button', { name: 'Retrieve it again' }).click();
  await act.getByText('Version 2', { exact: true }).waitFor();
  await act.getByRole('tab', { name: 'Versions' }).click();
  await shot(act, 'ar-versions');
  await act.getByRole('tab', { name: /Bound to/ }).click();
  await shot(act, 'ar-bindings');
  await act.getByRole('tab', { name: 'Reviewers & exemptions' }).click();
  await act.getByLabel('Add a user, team or group').fill('carol');
  await act.getByRole('button', { name: 'Choose carol' }).click();
  await act.getByLabel('Exemption eligible: carol').check();
  await act.getByRole('button', { name: 'Save reviewers and exemptions' }).click();
  await act.getByText('Saved. It applies from the next decision.').waitFor();
  await shot(act, 'ar-acl');
  await act.getByRole('tab', { name: 'Approvals' }).click();
  await act.getByLabel('Approve a user').fill('alice');
  await act.getByRole('button', { name: 'Choose alice' }).click();
  await act.getByRole('button', { name: 'Approve', exact: true }).click();
  await act.getByTestId('approvals-table').waitFor();
  await act.getByRole('button', { name: 'Revoke approval of Alice Researcher' }).click();
  await act.getByRole('button', { name: 'Revoke approval' }).click();
  await act.getByText('Give a reason; the user reads it.').waitFor();
  await shot(act, 'ar-approvals-revoke');
  await act.getByRole('button', { name: 'Cancel' }).click();
  // Open data, by id, from the list page.
  await nav(act, 'Access requirements');
  await act.getByLabel('Entity', { exact: true }).fill(studyId);
  await act.getByRole('button', { name: /^Choose / }).first().click();
  await act.getByRole('button', { name: 'Mark as open data' }).click();
  await act.getByText('is now open data').waitFor();
  await shot(act, 'ar-entity-tools');
  await act.getByRole('button', { name: 'Mark as sensitive data' }).click();
  await act.getByText('is now sensitive data').waitFor();

  // ---- Researchers: conditions for use, download permission, the download list ----
  await bob.goto(studyUrl);
  await open(bob, 'purity_estimates.csv');
  // A SelfSign whose tiers Bob lacks: the text opens with each condition marked, and no accept button.
  await bob.getByTestId('conditions').getByText(/^Read the terms of/).first().click();
  await bob.getByTestId('consent-unmet').waitFor();
  await shot(bob, 'conditions-tier-failure');

  const alice = await as('alice');
  const raw = await (await alice.request.get(`${base}/api/v1/access-requirements?type=ManagedACT`)).json() as { items: { subjects: { id: string }[] }[] };
  const rawId = raw.items[0].subjects[0].id;
  await alice.goto(`${base}/entities/${rawId}`);
  await alice.getByRole('heading', { level: 1, name: 'raw' }).waitFor();
  await shot(alice, 'folder-raw-researcher');
  await alice.getByLabel('Select every file').check();
  await alice.getByRole('button', { name: /Add 2 to download list/ }).click();
  await alice.getByTestId('entity-notice').waitFor();
  await open(alice, 'sample_manifest.csv');
  await shot(alice, 'conditions-request-download');
  const terms = await (await alice.request.get(`${base}/api/v1/access-requirements?type=TermsOfUse`)).json() as { items: { name: string; subjects: { id: string }[] }[] };
  const summaryId = terms.items.find((t) => t.subjects.length > 0 && /summary/.test(t.name))!.subjects[0].id;
  await alice.goto(`${base}/entities/${summaryId}`);
  await alice.getByRole('heading', { level: 1, name: 'summary' }).waitFor();
  await alice.getByLabel('Select every file').check();
  await alice.getByRole('button', { name: /Add 2 to download list/ }).click();
  await alice.getByTestId('entity-notice').waitFor();
  await open(alice, 'variant_frequencies.csv');
  await shot(alice, 'conditions-terms');
  await nav(alice, 'Download list');
  await shot(alice, 'download-list');
  await alice.getByTestId('download-actions').getByText(/^Read the terms of/).first().click();
  await alice.getByTestId('download-actions').getByLabel(/I have read and accept the terms/).check();
  await alice.getByTestId('download-actions').getByRole('button', { name: 'Accept terms' }).click();
  await alice.getByText('Accepted. The list was checked again.').waitFor();
  await shot(alice, 'download-list-eligible');
  const [zip] = await Promise.all([alice.waitForEvent('download'), alice.getByRole('button', { name: 'Download eligible files as zip' }).click()]);
  console.log(`  (zip downloaded: ${zip.suggestedFilename()})`);
  await alice.getByTestId('download-list-notice').waitFor();
  await shot(alice, 'download-list-after-zip');

  // ---- Governance: ACT locks a file; the decision explainer says why alice cannot download it ----
  await act.goto(`${base}/entities/${summaryId}`);
  await open(act, 'README.txt');
  await act.getByRole('button', { name: 'Lock this file…' }).click();
  await act.getByLabel('Reason for locking').fill('Participant withdrew consent; checking whether the README names them.');
  await act.getByRole('button', { name: 'Lock', exact: true }).click();
  await act.getByText('Locked: nobody can download').waitFor();
  await shot(act, 'file-locked-act');
  const readmeId = await idOf(act);
  await act.goto(`${base}/act/decisions?entityId=${readmeId}&action=DOWNLOAD`);
  await act.getByLabel('User', { exact: true }).fill('alice');
  await act.getByRole('button', { name: 'Choose alice' }).click();
  await act.getByRole('button', { name: 'Explain' }).click();
  await act.getByTestId('explain-result').waitFor();
  await shot(act, 'decision-explainer');
  await act.goto(`${base}/act/decisions?anonymous=1&entityId=${studyId}&action=READ`);
  await act.getByTestId('explain-result').waitFor();
  await shot(act, 'decision-explainer-anonymous');
  await alice.goto(`${base}/entities/${readmeId}`);
  await alice.getByTestId('conditions').waitFor();
  await shot(alice, 'conditions-locked');

  // ---- Signed out: a public folder shows its conditions with "Sign in to request access" ----
  await carol.goto(`${base}/entities/${summaryId}`);
  await carol.getByRole('button', { name: 'Share' }).click();
  await carol.getByLabel('Everyone, including visitors who are not signed in').check();
  await carol.getByRole('button', { name: 'Save sharing settings' }).click();
  await carol.getByTestId('sharing-notice').waitFor();
  await carol.getByRole('button', { name: 'Close', exact: true }).click();
  const anon = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
  await anon.goto(`${base}/entities/${summaryId}`);
  await anon.getByTestId('conditions').waitFor();
  await open(anon, 'variant_frequencies.csv');
  await anon.getByTestId('signin-to-request').waitFor();
  await shot(anon, 'public-file-signed-out');
  await anon.goto(`${base}/entities/${studyId}`);
  await anon.getByText('Sign in to see this').waitFor();
  await shot(anon, 'hidden-entity-signed-out');

  // ---- An authorization domain: bob, who may read the project, must join its group first ----
  // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
  await carol.evaluate(async (id) => {
    const headers = { 'content-type': 'application/json' };
    await fetch('/api/v1/groups', { method: 'POST', headers, body: JSON.stringify({ name: 'purity-consortium', description: 'Institutions of the tumour purity consortium.' }) });
    await fetch(`/api/v1/projects/${id}/authorization-domain`, { method: 'POST', headers, body: JSON.stringify({ groups: ['purity-consortium'] }) });
  }, studyId);
  // Public access is refused once the project has an authorization domain; the refusal shows in the dialog.
  await carol.goto(studyUrl);
  await carol.getByRole('button', { name: 'Share' }).click();
  await carol.getByLabel('All signed-in users').check();
  await carol.getByRole('button', { name: 'Save sharing settings' }).click();
  await carol.getByTestId('sharing-dialog').getByTestId('form-problem').waitFor();
  await shot(carol, 'sharing-domain-public-refused', false);
  await carol.getByRole('button', { name: 'Close', exact: true }).click();
  await bob.goto(studyUrl);
  await bob.getByTestId('action-join-domain').waitFor();
  await shot(bob, 'authorization-domain-join');
  await bob.getByTestId('action-join-domain').getByRole('link', { name: 'purity-consortium' }).click();
  await bob.getByRole('heading', { level: 1, name: 'purity-consortium' }).waitFor();
  await shot(bob, 'group-page');

  // ---- Narrow screens ----
  await alice.setViewportSize({ width: 760, height: 900 });
  await alice.goto(`${base}/entities/${summaryId}`);
  await alice.getByTestId('children-table').waitFor();
  await shot(alice, 'folder-narrow');
  await carol.setViewportSize({ width: 760, height: 900 });
  await carol.goto(studyUrl);
  await carol.getByRole('button', { name: 'Share' }).click();
  await carol.getByTestId('sharing-own').waitFor();
  await shot(carol, 'sharing-narrow', false);
}
