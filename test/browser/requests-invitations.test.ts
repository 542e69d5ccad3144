import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from '../api/requests-fixtures.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * Invitations in a real browser (SPEC §8, issue 14): the requestor invites by email from the request page; a
 * person with no account opens the link on a phone, creates an account, accepts the terms and the invitation, and
 * is an accessor; someone with an account opens their link signed out, signs in and comes back to it. ACT sees
 * "Invite an external reviewer" on the request page. GATEHOUSE_SCREENS=1 saves .tmp/screens/invitations-*.png.
 */
const chromium = hasChromium();

describe.skipIf(!chromium)(`invitations in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let base: string;
  let act: TestUser;
  let rita: TestUser;
  let f: ReturnType<typeof requestFixtures>;
  let requestId: number;
  const shots = screenshots('invitations');

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse({ sessionTtlHours: 24 });
    base = await listenForBrowser(gh);
    f = requestFixtures(gh);
    act = await gh.user('aron', { act: true, certified: true, validated: true });
    const owner = await gh.user('olga', { certified: true });
    rita = await gh.user('rita', { certified: true, validated: true });
    await gh.user('dora', { certified: true, validated: true });
    const ar = await f.managedAr(act, owner, [], { certifiedRequired: false, validatedRequired: false }, 'Cancer Genomics Cohort');
    requestId = (await f.open(rita, ar.id)).id;
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 60_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  async function linkSentTo(email: string): Promise<string> {
    const row = await gh.ctx.db.one<{ body: string }>("SELECT body FROM outbox WHERE recipient = $1 AND kind = 'request.invitation' ORDER BY id DESC LIMIT 1", [email]);
    const url = row.body.match(/http:\/\/gatehouse\.test(\/invitations\/[A-Za-z0-9_-]+)/)![1];
    return url;
  }

  async function invite(page: Page, email: string) {
    const card = page.getByTestId('request-invitations');
    await card.getByLabel('Email address').fill(email);
    await card.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => card.getByTestId('invitation-sent').textContent()).toContain(`An invitation was sent to ${email}.`);
  }

  it('the requestor invites by email; a new person signs up on a phone from the link, accepts, and is an accessor', { timeout: 60_000 }, async () => {
    const page = await pages.as('rita');
    page.setDefaultTimeout(10_000);
    await page.goto(`/requests/${requestId}`);
    await invite(page, 'nina@lab.example');
    const list = page.getByTestId('request-invitations').getByTestId('invitation-list');
    await expect.poll(() => list.textContent()).toContain('nina@lab.example');
    expect(await list.textContent()).toContain('Waiting to be accepted');
    await shots.part(page.getByTestId('request-invitations'), 'requestor-card');

    const path = await linkSentTo('nina@lab.example');
    const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 } });
    const phone = await context.newPage();
    phone.setDefaultTimeout(10_000);
    await phone.goto(path);
    const facts = phone.getByTestId('invitation-facts');
    await facts.waitFor();
    expect(await facts.textContent()).toContain(`Data access request #${requestId} by Rita`);
    expect(await facts.textContent()).toContain('Cancer Genomics Cohort');
    expect(await phone.getByTestId('invitation-signin').textContent()).toContain('Sign in or create an account to accept');
    // Nothing wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shots.page(phone, 'phone-signed-out');

    const form = phone.getByTestId('invitation-signup');
    await form.getByLabel('Username').fill('nina');
    await form.getByLabel('Your name').fill('Nina Novak');
    await form.getByLabel('Password').fill('a long enough passphrase');
    await form.getByRole('button', { name: 'Create account' }).click();
    // The terms of use first, then back to the invitation.
    await phone.getByLabel(/I have read and accept the platform terms of use/).check();
    await phone.getByRole('button', { name: 'Accept the terms' }).click();
    await phone.getByTestId('invitation-accept').click();
    const done = phone.getByTestId('invitation-accepted');
    await done.waitFor();
    expect(await done.textContent()).toContain('You are now an accessor of the request.');
    await shots.page(phone, 'phone-accepted');
    await done.getByRole('link', { name: 'Open the request' }).click();
    await phone.waitForURL(`**/requests/${requestId}`);
    await expect.poll(async () => (await phone.locator('body').textContent()) ?? '').toContain('Nina Novak');
    await context.close();

    await page.reload();
    await expect.poll(() => page.getByTestId('request-invitations').getByTestId('invitation-list').textContent()).toContain('Accepted');
  });

  it('someone with an account opens the link signed out, signs in, and is back at the invitation', { timeout: 60_000 }, async () => {
    const page = await pages.as('rita');
    page.setDefaultTimeout(10_000);
    await page.goto(`/requests/${requestId}`);
    await invite(page, 'dora@example.org');
    const path = await linkSentTo('dora@example.org');

    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const visitor = await context.newPage();
    visitor.setDefaultTimeout(10_000);
    await visitor.goto(path);
    await visitor.getByTestId('invitation-signin-link').click();
    await visitor.getByLabel('Username or email').fill('dora');
    await visitor.getByLabel('Password').fill(TEST_PASSWORD);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await visitor.getByTestId('invitation-accept').click();
    await visitor.getByTestId('invitation-accepted').waitFor();
    expect(new URL(visitor.url()).pathname).toBe(path);
    await context.close();

    const request = await f.ok(await gh.as(rita).get(`/api/v1/requests/${requestId}`));
    expect(request.accessors.map((a: { username: string }) => a.username)).toEqual(['rita', 'nina', 'dora']);
  });

  it('ACT invites an external reviewer from the request page', async () => {
    const page = await pages.as('aron');
    await page.goto(`/requests/${requestId}`);
    const card = page.getByTestId('reviewer-invitations');
    await card.getByLabel("Reviewer's email address").fill('rex@uni.example');
    await card.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => card.getByTestId('invitation-list').textContent()).toContain('rex@uni.example');
    expect(pages.pageErrors).toEqual([]);
  });

  it('an external reviewer invited for one submitted request finds it under "Invited reviews" and approves it', { timeout: 60_000 }, async () => {
    const bea = await gh.user('bea', { certified: true, validated: true });
    const ar = await f.managedAr(act, await gh.user('otto', { certified: true }), [], {}, 'Imaging Cohort');
    const request = await f.filled(bea, ar.id);
    const submission = await f.submit(bea, request.id);
    await f.ok(await gh.as(act).post('/api/v1/reviewer-invitations', { email: 'rex@uni.example', requestId: request.id }), 201);
    const row = await gh.ctx.db.one<{ body: string }>("SELECT body FROM outbox WHERE kind = 'request.reviewer-invitation' AND body LIKE $1 ORDER BY id DESC LIMIT 1", [`%#${request.id} %`]);
    const path = row.body.match(/http:\/\/gatehouse\.test(\/invitations\/[A-Za-z0-9_-]+)/)![1];

    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(path);
    expect(await page.getByTestId('invitation-facts').textContent()).toContain(`Data access request #${request.id} by Bea`);
    const form = page.getByTestId('invitation-signup');
    await form.getByLabel('Username').fill('rex');
    await form.getByLabel('Password').fill('a long enough passphrase');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel(/I have read and accept the platform terms of use/).check();
    await page.getByRole('button', { name: 'Accept the terms' }).click();
    await page.getByTestId('invitation-accept').click();
    // Identity verification is its own capability; here only its outcome matters.
    const rex = await gh.ctx.db.one<{ id: number }>("SELECT id FROM users WHERE username = 'rex'");
    await gh.ctx.db.query('UPDATE users SET is_validated = true WHERE id = $1', [rex.id]);
    await page.getByTestId('invitation-accepted').getByRole('link', { name: 'Go to the review' }).click();
    await page.waitForURL(`**/reviewing/requests/${request.id}`);
    await page.reload();
    // The nav offers it (the breadcrumb links there too).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invited reviews' }).waitFor();
    await page.getByTestId('approve').click();
    await page.getByTestId('approve-dialog').getByRole('button', { name: 'Approve and send the email' }).click();
    await page.getByTestId('decision-notice').waitFor();
    await shots.page(page, 'reviewer-approved');
    await context.close();
    expect(await f.ok(await gh.as(bea).get(`/api/v1/submissions/${submission.id}`))).toMatchObject({ state: 'APPROVED', decidedBy: { id: rex.id } });
  });
});
