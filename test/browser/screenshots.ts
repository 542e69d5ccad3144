/**
 * Development aid, not a test: walks a running Gatehouse with the demo data (fresh database) through the
 * main pages as the demo users — teams, invitations, a verification request and its review, the terms
 * gate, admin pages — and saves a screenshot of each to .tmp/screens/, to look at after changing the web app.
 *   npx tsx test/browser/screenshots.ts [http://localhost:8080]
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { issue3Screens } from './screens-issue3.js';

const base = process.argv[2] ?? 'http://localhost:8080';
const out = path.resolve('.tmp/screens');
const PASSWORD = 'gatehouse-demo';
mkdirSync(out, { recursive: true });

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.loading'), undefined, { timeout: 10_000 });
  await page.waitForTimeout(120);
}

async function shot(page: Page, name: string, fullPage = true) {
  await settle(page);
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage });
  console.log(`saved ${name}.png`);
}

async function as(browser: Browser, username: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error (${username}):`, err.message));
  await page.goto(`${base}/`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-menu').waitFor();
  return page;
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

async function pickUser(page: Page, label: string, username: string) {
  await page.getByLabel(label).fill(username);
  await page.getByRole('button', { name: `Choose ${username}` }).click();
}

const browser = await launchChromium();
try {
  // `… screenshots.ts <url> issue3` walks only the entity, sharing and access-requirement pages.
  if (process.argv[3] === 'issue3') {
    await issue3Screens(browser, base, out);
    await browser.close();
    process.exit(0);
  }
  // Sign-in page, and a wrong password.
  const anon = await (await browser.newContext({ viewport: { width: 1360, height: 860 } })).newPage();
  await anon.goto(`${base}/`);
  await shot(anon, '01-signin');
  await anon.getByLabel('Username or email').fill('admin');
  await anon.getByLabel('Password').fill('wrong password');
  await anon.getByRole('button', { name: 'Sign in' }).click();
  await anon.getByTestId('form-problem').waitFor();
  await shot(anon, '02-signin-error');

  // Admin creates a user, who must accept the terms at first sign-in.
  const admin = await as(browser, 'admin');
  await shot(admin, '03-home-admin');
  await nav(admin, 'Users');
  await admin.getByRole('button', { name: 'New user' }).click();
  await admin.getByLabel('Username').fill('x');
  await admin.getByLabel('Email').fill('not-an-email');
  await admin.getByLabel('Initial password').fill('short');
  await admin.getByRole('button', { name: 'Create user' }).click();
  await admin.locator('.field-error, [data-testid=form-problem]').first().waitFor();
  await shot(admin, '04-admin-create-user-error');
  await admin.getByLabel('Username').fill('erin');
  await admin.getByLabel('Email').fill('erin@example.org');
  await admin.getByLabel('Display name (optional)').fill('Erin Newcomer');
  await admin.getByLabel('Initial password').fill('maple orchard 7 lantern');
  await admin.getByRole('button', { name: 'Create user' }).click();
  await admin.getByTestId('user-notice').waitFor();
  await shot(admin, '05-admin-user-detail');

  const erin = await browser.newContext({ viewport: { width: 1360, height: 860 } }).then((c) => c.newPage());
  await erin.goto(`${base}/`);
  await erin.getByLabel('Username or email').fill('erin');
  await erin.getByLabel('Password').fill('maple orchard 7 lantern');
  await erin.getByRole('button', { name: 'Sign in' }).click();
  await erin.getByTestId('terms-gate').waitFor();
  await shot(erin, '06-terms-gate');
  await erin.getByLabel(/I have read and accept the platform terms of use/).check();
  await erin.getByRole('button', { name: 'Accept the terms' }).click();
  await erin.getByTestId('user-menu').waitFor();
  await shot(erin, '07-home-erin');

  // Bob creates a team, invites Alice, adds Carol.
  const bob = await as(browser, 'bob');
  await nav(bob, 'Teams');
  await bob.getByRole('button', { name: 'New team' }).click();
  await bob.getByLabel('Team name').fill('Genomics Lab');
  await bob.getByLabel('Description (optional)').fill('Whole-genome sequencing studies of the cardiology cohort.');
  await bob.getByRole('button', { name: 'Create team' }).click();
  await bob.getByTestId('members-table').waitFor();
  await pickUser(bob, 'Add member', 'carol');
  await bob.getByRole('button', { name: 'Add', exact: true }).click();
  await bob.getByTestId('members-table').getByText('@carol').waitFor();
  await pickUser(bob, 'Invite a user', 'alice');
  await bob.getByLabel('Message (optional)').fill('Join us for the cardiology analysis.');
  await bob.getByRole('button', { name: 'Send invitation' }).click();
  await bob.getByTestId('team-invitations').waitFor();
  const teamUrl = bob.url();

  // Erin asks to join; Bob sees the request.
  await erin.goto(teamUrl);
  await erin.getByLabel('Message to the managers (optional)').fill('I work on the cardiology cohort too.');
  await shot(erin, '08-team-nonmember');
  await erin.getByRole('button', { name: 'Request membership' }).click();
  await erin.getByText('Membership requested').waitFor();
  await bob.reload();
  await bob.getByTestId('membership-requests').waitFor();
  await shot(bob, '09-team-manager');

  // Alice sees the invitation on her home page.
  const alice = await as(browser, 'alice');
  await shot(alice, '10-home-alice-invited');
  await alice.getByRole('button', { name: 'Accept invitation to Genomics Lab' }).click();
  await nav(alice, 'Teams');
  await shot(alice, '11-teams-alice');

  // Bob takes the quiz and fails, then asks for identity verification with a document.
  await nav(bob, 'Certification');
  await settle(bob);
  for (const group of await bob.locator('fieldset.question').all()) await group.locator('input[type=radio]').first().check();
  await bob.getByRole('button', { name: 'Submit answers' }).click();
  await bob.getByTestId('quiz-result').waitFor();
  await shot(bob, '12-quiz-failed', false);
  await nav(bob, 'Identity verification');
  await bob.getByLabel('First name').fill('Bob');
  await bob.getByLabel('Last name').fill('Researcher');
  await bob.getByLabel('Institution').fill('University of Examples');
  await bob.getByLabel('Location').fill('Basel, Switzerland');
  await bob.getByLabel('ORCID (optional)').fill('1234');
  await bob.getByLabel('Documents').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 letter of employment') });
  await bob.getByRole('button', { name: 'Submit for verification' }).click();
  await bob.locator('.field-error').first().waitFor();
  await shot(bob, '13-verification-error');
  await bob.getByLabel('ORCID (optional)').fill('0000-0002-1825-0097');
  await bob.getByRole('button', { name: 'Submit for verification' }).click();
  await bob.getByTestId('verification-status').waitFor();
  await shot(bob, '14-verification-submitted');

  // ACT reviews: a rejection needs a reason; then approves.
  const act = await as(browser, 'act');
  await shot(act, '15-home-act');
  await nav(act, 'Verification requests');
  await act.getByRole('button', { name: 'Reject…' }).first().click();
  await act.getByRole('button', { name: 'Reject request' }).click();
  await shot(act, '16-act-reject-needs-reason');
  await act.getByRole('button', { name: 'Cancel' }).click();
  await act.getByRole('button', { name: 'Approve' }).first().click();
  await act.getByText(/is now approved/).waitFor();
  await act.getByRole('tab', { name: 'Approved' }).click();
  await shot(act, '17-act-approved');

  // Bob's notifications and profile after all that.
  await nav(bob, 'Notifications');
  await shot(bob, '18-notifications-bob');
  await nav(bob, 'Profile & tiers');
  await shot(bob, '19-profile-bob');

  // Admin pages.
  for (const [name, file] of [['Outbox', '20-admin-outbox'], ['Audit log', '21-admin-audit-log'], ['Users', '22-admin-users']] as const) {
    await nav(admin, name);
    await settle(admin);
    if (name === 'Outbox') await admin.getByRole('button', { name: /^Show message/ }).first().click();
    if (name === 'Audit log') {
      await admin.getByRole('button', { name: 'Verify chain' }).click();
      await admin.getByTestId('chain-result').waitFor();
      await admin.getByRole('button', { name: 'Show' }).first().click();
    }
    await shot(admin, file);
  }
  // Disabling a user ends what they are doing at their next click.
  await admin.getByLabel('Search users').fill('erin');
  await admin.getByRole('link', { name: 'Erin Newcomer' }).click();
  await admin.getByRole('button', { name: 'Disable user' }).click();
  await admin.getByText('Give a reason').waitFor();
  await admin.getByLabel('Reason for disabling').fill('Left the institute.');
  await admin.getByRole('button', { name: 'Disable user' }).click();
  await admin.getByRole('button', { name: 'Enable user' }).waitFor();
  await shot(admin, '26-admin-user-disabled');
  await nav(erin, 'Notifications');
  await erin.getByRole('heading', { name: 'Sign in' }).waitFor();
  await shot(erin, '27-erin-disabled');
  await admin.getByLabel('Reason for enabling').fill('Came back.');
  await admin.getByRole('button', { name: 'Enable user' }).click();
  await admin.getByRole('button', { name: 'Disable user' }).waitFor();

  // The last manager cannot step down: the problem shows on the team page.
  await bob.goto(teamUrl);
  await bob.getByRole('button', { name: 'Make bob a member' }).click();
  await bob.getByTestId('form-problem').waitFor();
  await shot(bob, '28-team-last-manager', false);

  await admin.getByTestId('user-menu').click();
  await shot(admin, '23-user-menu', false);
  await nav(admin, 'Security');
  await admin.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await shot(admin, '24-2fa-enrol');
  await admin.setViewportSize({ width: 760, height: 900 });
  await nav(admin, 'Home');
  await shot(admin, '25-home-narrow');

  // Projects, files, sharing, conditions for use, download list, access requirements, decisions.
  await issue3Screens(browser, base, out);
} catch (err) {
  // Show where it stopped: every open page as it was.
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) await page.screenshot({ path: path.join(out, `zz-failed-${++n}.png`), fullPage: true });
  }
  throw err;
} finally {
  await browser.close();
}
