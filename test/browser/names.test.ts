import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures, syn, CAN_DOWNLOAD } from '../api/access-requirements-fixtures.js';
import { CHROMIUM, SignedInPages, assertWebBuilt, hasChromium, launchChromium, screenshots } from './browser.js';

/**
 * Names, not ids (issue 9 item 3), in a real browser at 1440 and 390 px: an access requirement's bindings read
 * "Raw scans in Neuro Imaging Atlas" and are made by typing part of a name; a reviewer is picked by name; the
 * decision explainer picks a user and an entity by name and states its rule in words (the code in a tooltip);
 * the audit log shows usernames and target names and filters by a picked user. No raw code (SOME_CODE) and no
 * `syn123` id is shown on those pages.
 */
const chromium = hasChromium();
if (!chromium) console.warn(`Browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium).`);

const SCREAMING = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
const SYN_ID = /\bsyn\d+\b/i;

/** The codes a person can read on the page (text only: tooltips and attributes may keep them). */
async function visibleCodes(scope: Locator): Promise<string[]> {
  return (await scope.innerText()).match(SCREAMING) ?? [];
}

describe.skipIf(!chromium)(`names instead of ids in Chromium${chromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`, () => {
  let gh: TestGatehouse;
  let browser: Browser;
  let pages: SignedInPages;
  let aaron: TestUser;
  const shots = screenshots('names');
  const ids = { project: 0, raw: 0 };

  beforeAll(async () => {
    assertWebBuilt();
    gh = await startTestGatehouse();
    const base = await listenForBrowser(gh);
    const f = fixtures(gh);
    const carol = await gh.user('carol', { certified: true });
    const rita = await gh.user('rita', { certified: true });
    aaron = await gh.user('aaron', { act: true });
    await gh.user('ada', { admin: true });
    ids.project = await f.project(carol, 'Neuro Imaging Atlas', { [rita.id]: CAN_DOWNLOAD, [aaron.id]: ['READ'] });
    ids.raw = await f.folder(ids.project, 'Raw scans', carol);
    await f.folder(ids.project, 'Derived maps', carol);
    browser = await launchChromium();
    pages = new SignedInPages(browser, base);
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
    await browser?.close();
    await gh?.stop();
  });

  for (const width of [1440, 390]) {
    it(`at ${width} px: bindings, reviewers, the decision explainer and the audit log speak in names and words`, async () => {
      const f = fixtures(gh);
      const ar = await f.requirement(aaron, { type: 'ManagedACT', name: `Atlas data use ${width}`, subjects: [{ type: 'entity', id: syn(ids.raw) }] });
      const act = await pages.as('aaron', width);

      // The AR's bindings name the folder with its path; no id is shown.
      await act.goto(`/act/access-requirements/${ar.id}`);
      await act.getByRole('tab', { name: /Bound to/ }).click();
      const bindings = act.getByTestId('ar-bindings');
      const subjects = act.getByTestId('ar-subjects');
      await expect.poll(() => subjects.innerText()).toContain('Raw scans in Neuro Imaging Atlas');
      expect(await subjects.innerText()).not.toMatch(SYN_ID);

      // Bind the project by typing part of its name and picking it.
      await bindings.getByLabel('Entity', { exact: true }).fill('atlas');
      await act.getByRole('button', { name: 'Choose Neuro Imaging Atlas' }).click();
      await expect.poll(() => bindings.getByTestId('picked-entity').innerText()).toContain('Neuro Imaging Atlas');
      await bindings.getByRole('button', { name: 'Bind', exact: true }).click();
      await expect.poll(() => subjects.getByTestId('ar-subject').count()).toBe(2);
      await subjects.getByRole('link', { name: 'Neuro Imaging Atlas', exact: true }).waitFor();
      expect(await bindings.innerText()).not.toMatch(SYN_ID);
      expect(await visibleCodes(act.locator('main'))).toEqual([]);
      await shots.page(act, `ar-bindings-${width}`);

      // A reviewer is picked by name.
      await act.getByRole('tab', { name: /Reviewers/ }).click();
      const acl = act.getByTestId('ar-acl');
      await acl.getByLabel('Add a user, team or group').fill('rit');
      await acl.getByRole('button', { name: 'Choose rita' }).click();
      await acl.getByRole('button', { name: 'Save reviewers and exemptions' }).click();
      await acl.getByText('Saved. It applies from the next decision.').waitFor();
      await expect.poll(() => acl.getByTestId('ar-acl-table').innerText()).toContain('rita');
      expect(await visibleCodes(act.locator('main'))).toEqual([]);
      await shots.page(act, `ar-reviewers-${width}`);

      // The decision explainer: a user and an entity picked by name; the rule in words, its code in the tooltip.
      await act.goto('/act/decisions');
      await act.getByLabel('User', { exact: true }).fill('rita');
      await act.getByRole('button', { name: 'Choose rita' }).click();
      await act.getByLabel('Entity', { exact: true }).fill('raw sc');
      await act.getByRole('button', { name: 'Choose Raw scans' }).click();
      await act.getByRole('button', { name: 'Explain' }).click();
      const rule = act.getByTestId('explain-rule');
      await expect.poll(() => rule.getAttribute('title')).toBe('DENY_IF_NOT_EXEMPT_AND_HAS_UNMET_ACCESS_RESTRICTIONS');
      expect(await rule.innerText()).toBe('Denied: access requirements not met');
      await act.getByTestId('explain-all').waitFor();
      expect(await act.getByTestId('explain-result').innerText()).toContain('Raw scans');
      expect(await visibleCodes(act.locator('main'))).toEqual([]);
      expect(await act.locator('main').innerText()).not.toMatch(SYN_ID);
      await shots.page(act, `explainer-${width}`);

      // The audit log: usernames and target names; filtered by a picked user.
      const admin = await pages.as('ada', width);
      await admin.goto('/admin/audit-log');
      const table = admin.getByTestId('audit-table');
      await table.waitFor();
      await admin.getByLabel('Actor', { exact: true }).fill('aaro');
      await admin.getByRole('button', { name: 'Choose aaron' }).click();
      await admin.getByRole('button', { name: 'Filter', exact: true }).click();
      await expect.poll(() => admin.url()).toContain(`actorId=${aaron.id}`);
      await expect.poll(async () => [...new Set(await table.getByTestId('audit-actor-cell').allInnerTexts())]).toEqual(['@aaron']);
      await expect.poll(() => table.innerText()).toContain(`Atlas data use ${width}`);
      const text = await table.innerText();
      expect(text).toContain('Access requirement bound');
      expect(text).not.toContain('access-requirement.');
      expect(await visibleCodes(admin.locator('main'))).toEqual([]);
      // The picker keeps the chosen user by name after the filter moved the address.
      expect(await admin.getByTestId('picked-user').innerText()).toContain('@aaron');
      await shots.page(admin, `audit-${width}`);

      for (const page of [act, admin]) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
      expect(pages.pageErrors).toEqual([]);
    }, 120_000);
  }
});
