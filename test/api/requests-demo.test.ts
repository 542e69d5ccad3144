import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../../src/demo/demo.js';
import { DEMO_AR_NAME } from '../../src/requests/demo.js';
import { signIn, startTestGatehouse, type TestGatehouse } from '../harness.js';

let gh: TestGatehouse;
let users: Record<string, number>;
beforeAll(async () => {
  gh = await startTestGatehouse();
  users = await loadDemo(gh.ctx);
});
afterAll(async () => gh?.stop());

const as = async (username: string) => {
  const cookie = await signIn(gh, username, DEMO_PASSWORD);
  return { get: (url: string) => gh.app.inject({ method: 'GET', url, headers: { cookie } }) };
};

describe('the demo data', () => {
  it("the cohort's controlled-access requirement has a form, Alice's approved request and Bob's request awaiting review", async () => {
    const ar = await gh.ctx.db.one<{ id: number }>('SELECT id FROM access_requirements WHERE name = $1', [DEMO_AR_NAME]);
    const act = await as('act');
    const form = (await act.get(`/api/v1/access-requirements/${ar.id}/form`)).json();
    expect(form).toMatchObject({ version: 1, secondReminderDays: 7 });
    expect(form.fields.map((x: { key: string }) => x.key)).toEqual([
      'requestor', 'studyLead', 'institution', 'accessors', 'accessUntil', 'intendedDataUse',
      't-project-title', 't-signing-official', 't-signing-official-email', 't-data-security-plan', 'f-sequencing-platform', 'duc',
    ]);
    const table = (await act.get(`/api/v1/access-requirements/${ar.id}/submissions`)).json();
    expect(table.items.map((s: { requestor: { username: string }; state: string }) => [s.requestor.username, s.state])).toEqual([
      ['bob', 'SUBMITTED'], ['alice', 'APPROVED'],
    ]);
    expect(table.items[0].accessors).toEqual([expect.objectContaining({ id: users.alice, alreadyApproved: true })]);
    expect(table.items[1].attachments).toHaveLength(1);
    const approved = (await act.get(`/api/v1/access-requirements/${ar.id}/approved-uses`)).json();
    expect(approved.items).toEqual([expect.objectContaining({ studyLead: 'Dr. Alice Researcher', institution: 'University of Example' })]);
    const bob = await as('bob');
    const mine = (await bob.get('/api/v1/requests/mine')).json().items;
    expect(mine).toEqual([expect.objectContaining({ state: 'SUBMITTED', role: 'requestor' })]);
    // Its thread: ACT's question and Bob's answer for both sides; ACT's private note for reviewers only.
    const thread = async (who: typeof bob) => (await who.get(`/api/v1/requests/${mine[0].id}/remarks`)).json().items.map((r: { body: string }) => r.body.split(' ')[0]);
    expect(await thread(act)).toEqual(['Is', 'Yes:', "Bob's"]);
    expect(await thread(bob)).toEqual(['Is', 'Yes:']);
  });
});
