import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { requestFixtures } from '../api/requests-fixtures.js';
import { assertWebBuilt, CHROMIUM, hasChromium, launchChromium, screenshots, SignedInPages } from './browser.js';

/**
 * Issue 14 in a real browser: a reviewer returns a submitted request with a comment and adds a remark for the
 * requestor; the requestor reads both, answers the remark, edits and resubmits; the reviewer sees the whole
 * thread and approves. GATEHOUSE_SCREENS=1 saves .tmp/screens/requests-round2-*.png.
 */
const chromium = hasChromium();

describe.skipIf(!chromium)(`return for changes and remarks in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let act: TestUser;
  let rita: TestUser;
  let f: ReturnType<typeof requestFixtures>;
  const shots = screenshots('requests-round2');
  let requestId: number;
  let v1: number;

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    f = requestFixtures(gh);
    act = await gh.user('aron', { act: true, certified: true, validated: true });
    rita = await gh.user('rita', { certified: true, validated: true });
    const owner = await gh.user('olga', { certified: true });
    // Set up through the API before the clock is set to now (listenForBrowser): these sessions end then.
    const ar = await f.managedAr(act, owner, [rita], {}, 'Tumor Cohort — controlled access');
    const request = await f.filled(rita, ar.id);
    requestId = request.id;
    v1 = (await f.submit(rita, request.id)).id;
    browser = await launchChromium();
    pages = new SignedInPages(browser, await listenForBrowser(gh));
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  it('the reviewer returns with a comment and a remark; the requestor answers and resubmits; the reviewer approves', async () => {

    // ---- The reviewer returns it with a comment and asks a question visible to the requestor ----
    const reviewer = await pages.as('aron');
    await reviewer.goto(`/act/requests?submission=${v1}`);
    const detail = reviewer.getByTestId('submission-detail');
    await detail.getByTestId('return').click();
    await detail.getByTestId('return-text').fill('Give the institution its full name.');
    await detail.getByTestId('return-file').setInputFiles({ name: 'naming-rules.txt', mimeType: 'text/plain', buffer: Buffer.from('Full legal names, please.') });
    await detail.getByRole('button', { name: 'Return for changes' }).click();
    await expect.poll(() => detail.getByTestId('decision-notice').textContent()).toContain('Returned for changes');
    const thread = detail.getByTestId('request-thread');
    await thread.getByTestId('remark-text').fill('Which cohort year do you need?');
    await thread.getByTestId('remark-visible').check();
    await thread.getByRole('button', { name: 'Add remark' }).click();
    await expect.poll(() => thread.getByTestId('thread-item').count()).toBe(2);
    await shots.page(reviewer, '01-returned');

    // ---- The requestor reads the comment, answers the remark, edits and resubmits ----
    const page = await pages.as('rita');
    await page.goto(`/requests/${requestId}`);
    await expect.poll(() => page.getByTestId('request-returned').textContent()).toContain('Give the institution its full name.');
    await expect.poll(() => page.getByTestId('request-thread').getByRole('link', { name: 'naming-rules.txt' }).count()).toBe(1);
    expect(await page.getByTestId('request-status').getByTestId('request-state').first().getAttribute('data-state')).toBe('RETURNED');
    const mine = page.getByTestId('request-thread');
    const question = mine.getByTestId('thread-item').filter({ hasText: 'Which cohort year do you need?' });
    await question.getByTestId('answer-remark').click();
    await question.getByTestId('answer-text').fill('The 2024 cohort.');
    await question.getByRole('button', { name: 'Send answer' }).click();
    await expect.poll(() => mine.locator('[data-kind="answer"]').count()).toBe(1);
    await page.getByTestId('update-request').click();
    await page.getByLabel('Institution').first().fill('University of Example, Department of Oncology');
    await shots.page(page, '02-editing');
    await page.getByTestId('submit-request').click();
    await expect.poll(() => page.getByTestId('request-notice').textContent()).toContain('Submitted as version 2');

    // ---- The reviewer sees the whole thread and what changed, and approves ----
    const v2 = Number((await gh.ctx.db.one<{ current_submission_id: number }>('SELECT current_submission_id FROM data_access_requests WHERE id = $1', [requestId])).current_submission_id);
    await reviewer.goto(`/act/requests?submission=${v2}`);
    const detail2 = reviewer.getByTestId('submission-detail');
    await detail2.getByTestId('changed-note').waitFor();
    expect(await detail2.getByTestId('changed-note').textContent()).toContain('Institution');
    const all = detail2.getByTestId('request-thread').getByTestId('thread-item');
    await expect.poll(() => all.count()).toBe(3);
    expect(await all.evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.kind))).toEqual(['return', 'remark', 'answer']);
    await detail2.getByTestId('approve').click();
    const dialog = reviewer.getByTestId('approve-dialog');
    await dialog.getByTestId('approve-summary').waitFor();
    await dialog.getByRole('button', { name: 'Approve and send the email' }).click();
    await expect.poll(() => detail2.getByTestId('decision-notice').textContent()).toContain('Approved');
    await shots.page(reviewer, '03-approved');
    expect(pages.pageErrors).toEqual([]);
  }, 120_000);

  it('at phone width (390 px) the thread and the block list fit the screen', async () => {
    const overflow = (p: import('playwright-core').Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const phone = await pages.as('rita', 390, 844);
    await phone.goto(`/requests/${requestId}`);
    await phone.getByTestId('request-thread').getByTestId('thread-item').first().waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shots.page(phone, '04-phone-thread');
    const actPhone = await pages.as('aron', 390, 844);
    await actPhone.goto('/act/request-blocks');
    await actPhone.getByRole('heading', { name: 'Blocked requestors' }).waitFor();
    expect(await overflow(actPhone)).toBeLessThanOrEqual(0);
    expect(pages.pageErrors).toEqual([]);
  }, 60_000);
});
