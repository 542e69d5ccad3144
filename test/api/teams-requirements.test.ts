import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptRequirement, startTestGatehouse, type TestGatehouse } from '../harness.js';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

describe('access requirements bound to a team (SPEC §4)', () => {
  it('must be met to join the team, on every path that makes a member', async () => {
    const act = await gh.user('actress', { act: true });
    const manager = await gh.user('mona');
    const newcomer = await gh.user('ned');
    const invitee = await gh.user('ines');
    const team = (await gh.as(manager).post('/api/v1/teams', { name: 'Consortium analysts' })).json().id as number;
    const created = await gh.as(act).post('/api/v1/access-requirements', {
      type: 'TermsOfUse', name: 'Consortium code of conduct', terms: 'I will follow the code of conduct.', subjects: [{ type: 'team', id: team }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const ar = created.json().id as number;

    // A manager adding directly is refused, and nothing changes.
    const added = await gh.as(manager).post(`/api/v1/teams/${team}/members`, { userId: newcomer.id });
    expect(added.statusCode).toBe(403);
    expect(added.json()).toMatchObject({ code: 'TEAM_ACCESS_REQUIREMENTS_NOT_MET', accessRequirementIds: [ar] });
    expect((await gh.as(manager).get(`/api/v1/teams/${team}/members`)).json().total).toBe(1);

    // Accepting a membership request is refused too, until the requester meets the requirement.
    const request = (await gh.as(newcomer).post(`/api/v1/teams/${team}/membership-requests`, {})).json();
    const accept = await gh.as(manager).post(`/api/v1/teams/${team}/membership-requests/${request.id}/accept`);
    expect(accept.statusCode).toBe(403);
    // Consent is informed: an acceptance that names no version, or one not in force, is refused and the join still is.
    expect((await gh.as(newcomer).post(`/api/v1/access-requirements/${ar}/accept`, {})).statusCode).toBe(400);
    const stale = await gh.as(newcomer).post(`/api/v1/access-requirements/${ar}/accept`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'TERMS_CHANGED', currentVersion: 1, accessRequirement: { terms: 'I will follow the code of conduct.' } });
    expect((await gh.as(manager).post(`/api/v1/teams/${team}/membership-requests/${request.id}/accept`)).statusCode).toBe(403);
    const accepted = await acceptRequirement(gh, newcomer, ar);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().accessRequirementVersion).toBe(1);
    const acceptAgain = await gh.as(manager).post(`/api/v1/teams/${team}/membership-requests/${request.id}/accept`);
    expect(acceptAgain.statusCode, acceptAgain.body).toBe(200);

    // An invitation cannot be accepted before the invitee meets it.
    const invitation = (await gh.as(manager).post(`/api/v1/teams/${team}/invitations`, { userId: invitee.id })).json();
    expect((await gh.as(invitee).post(`/api/v1/invitations/${invitation.id}/accept`)).statusCode).toBe(403);
    await acceptRequirement(gh, invitee, ar);
    expect((await gh.as(invitee).post(`/api/v1/invitations/${invitation.id}/accept`)).statusCode).toBe(204);
    const members = (await gh.as(manager).get(`/api/v1/teams/${team}/members`)).json().items.map((m: { username: string }) => m.username);
    expect(members.sort()).toEqual(['ines', 'mona', 'ned']);
  });
});
