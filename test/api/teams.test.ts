import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { disableUser } from '../../src/identity/admin.js';

let gh: TestGatehouse;
let root: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  root = await gh.user('root', { admin: true });
});
afterAll(async () => gh?.stop());

const ROLE_TEAM_DETAIL = "Manage administrators and ACT members from the user's roles.";

async function createTeam(manager: TestUser, name: string, description?: string) {
  const res = await gh.as(manager).post('/api/v1/teams', { name, ...(description === undefined ? {} : { description }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string };
}

async function addMember(manager: TestUser, teamId: number, user: TestUser, manager_ = false) {
  const res = await gh.as(manager).post(`/api/v1/teams/${teamId}/members`, { userId: user.id, manager: manager_ });
  expect(res.statusCode, res.body).toBe(200);
}

/** The emails queued for a user, newest first, as an administrator sees them on the outbox page. */
async function emailsTo(user: TestUser) {
  const res = await gh.as(root).get(`/api/v1/outbox?recipient=${user.username}@example.org&limit=500`);
  expect(res.statusCode).toBe(200);
  return res.json().items as { kind: string; recipient: string; subject: string; body: string; status: string }[];
}

async function noticesOf(user: TestUser) {
  const res = await gh.as(user).get('/api/v1/notifications');
  return res.json().items as { kind: string; title: string; body: string; link: string | null }[];
}

async function auditOf(teamId: number) {
  const res = await gh.as(root).get(`/api/v1/audit-log?targetType=team&targetId=${teamId}&limit=500`);
  expect(res.statusCode).toBe(200);
  return res.json().items as { action: string; actorId: number; details: Record<string, unknown> }[];
}

/** Totals that any write would move: audit entries, outbox messages, teams. */
async function totals() {
  const audit = (await gh.as(root).get('/api/v1/audit-log?limit=1')).json().total as number;
  const outbox = (await gh.as(root).get('/api/v1/outbox?limit=1')).json().total as number;
  const teams = (await gh.as(root).get('/api/v1/teams?limit=1')).json().total as number;
  return { audit, outbox, teams };
}

async function memberIds(teamId: number) {
  const res = await gh.as(root).get(`/api/v1/teams/${teamId}/members?limit=500`);
  return (res.json().items as { userId: number; isManager: boolean }[]).map((m) => `${m.userId}${m.isManager ? '*' : ''}`).sort();
}

describe('creating and finding teams', () => {
  it('a signed-in user creates a team and becomes its only manager', async () => {
    const mia = await gh.user('mia');
    const res = await gh.as(mia).post('/api/v1/teams', { name: '  Brain Imaging ', description: 'MRI consortium' });
    expect(res.statusCode).toBe(201);
    const team = res.json();
    expect(team).toMatchObject({
      name: 'Brain Imaging', description: 'MRI consortium', memberCount: 1,
      myRole: 'manager', myPendingRequest: false, myPendingInvitation: null,
    });
    expect(team.id).toBeGreaterThanOrEqual(1000);
    expect(new Date(team.createdAt).toISOString()).toBe(team.createdAt);

    const members = (await gh.as(mia).get(`/api/v1/teams/${team.id}/members`)).json();
    expect(members).toMatchObject({ total: 1, items: [{ userId: mia.id, username: 'mia', displayName: 'Mia', isManager: true }] });
    expect((await gh.as(mia).get('/api/v1/me/teams')).json().items.map((t: { id: number }) => t.id)).toEqual([team.id]);

    const stranger = await gh.user('stan');
    expect((await gh.as(stranger).get(`/api/v1/teams/${team.id}`)).json()).toMatchObject({ name: 'Brain Imaging', myRole: null, memberCount: 1 });

    const audit = await auditOf(team.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'team.created', actorId: mia.id, details: { name: 'Brain Imaging', description: 'MRI consortium' } })]);
  });

  it('team names are unique whatever their case, and a refused name creates nothing', async () => {
    const nora = await gh.user('nora');
    const omar = await gh.user('omar');
    await createTeam(nora, 'Genomics Core');
    const before = await totals();
    const res = await gh.as(omar).post('/api/v1/teams', { name: 'GENOMICS core' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'TEAM_NAME_TAKEN', detail: 'A team named "GENOMICS core" exists already; choose another name.' });
    expect(await totals()).toEqual(before);
    expect((await gh.as(omar).get('/api/v1/me/teams')).json().items).toEqual([]);
  });

  it('a blank, overlong or malformed team is refused and nothing is written', async () => {
    const paul = await gh.user('paul');
    const before = await totals();
    const blank = await gh.as(paul).post('/api/v1/teams', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'Give the team a name.' });
    const long = await gh.as(paul).post('/api/v1/teams', { name: 'x'.repeat(101) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors).toMatchObject([{ field: 'body.name', message: 'must NOT have more than 100 characters' }]);
    const wrong = await gh.as(paul).post('/api/v1/teams', { name: 7, owner: 'me' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'body.name', message: 'must be string' }),
      expect.objectContaining({ field: 'body.owner', message: 'is not a known field' }),
    ]));
    expect((await gh.as(paul).post('/api/v1/teams', {})).statusCode).toBe(400);
    expect(await totals()).toEqual(before);

    const longest = await gh.as(paul).post('/api/v1/teams', { name: 'y'.repeat(100) });
    expect(longest.statusCode).toBe(201);
  });

  it('only signed-in users who accepted the terms of use may create or see teams', async () => {
    const quinn = await gh.user('quinn', { acceptedTerms: false });
    const before = await totals();
    expect((await gh.as(null).get('/api/v1/teams')).statusCode).toBe(401);
    expect((await gh.as(null).post('/api/v1/teams', { name: 'Anonymous' })).json().code).toBe('UNAUTHENTICATED');
    const res = await gh.as(quinn).post('/api/v1/teams', { name: 'Before Terms' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TERMS_NOT_ACCEPTED');
    expect(await totals()).toEqual(before);
  });

  it('anyone signed in finds teams by part of their name, page by page', async () => {
    const rita = await gh.user('rita');
    for (const name of ['Cohort Gamma', 'cohort alpha', 'Cohort Beta', 'Unrelated']) await createTeam(rita, name);
    const sam = await gh.user('sam');
    const all = (await gh.as(sam).get('/api/v1/teams?q=COHORT')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((t: { name: string }) => t.name)).toEqual(['cohort alpha', 'Cohort Beta', 'Cohort Gamma']);
    const second = (await gh.as(sam).get('/api/v1/teams?q=cohort&limit=2&offset=2')).json();
    expect(second).toMatchObject({ total: 3, limit: 2, offset: 2, items: [{ name: 'Cohort Gamma', myRole: null }] });
    // Wildcards are plain letters.
    expect((await gh.as(sam).get('/api/v1/teams?q=%25')).json().total).toBe(0);
    expect((await gh.as(sam).get('/api/v1/teams?q=_')).json().total).toBe(0);
  });

  it('an unknown team is a 404 and a malformed team id a 400', async () => {
    const tess = await gh.user('tess');
    for (const res of [
      await gh.as(tess).get('/api/v1/teams/999999'),
      await gh.as(tess).get('/api/v1/teams/999999/members'),
      await gh.as(tess).patch('/api/v1/teams/999999', { name: 'New' }),
      await gh.as(tess).post('/api/v1/teams/999999/membership-requests', {}),
      await gh.as(tess).post('/api/v1/teams/999999/members', { userId: tess.id }),
      await gh.as(tess).delete(`/api/v1/teams/999999/members/${tess.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'There is no team 999999.' });
    }
    const bad = await gh.as(tess).get('/api/v1/teams/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_ID');
  });
});

describe('managers and members', () => {
  it('a manager adds a member, who is told by email and in the app', async () => {
    const uma = await gh.user('uma');
    const vic = await gh.user('vic');
    const team = await createTeam(uma, 'Proteomics');
    const res = await gh.as(uma).post(`/api/v1/teams/${team.id}/members`, { userId: vic.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ userId: vic.id, username: 'vic', isManager: false });

    const mail = await emailsTo(vic);
    expect(mail).toEqual([expect.objectContaining({ kind: 'team.member-added', subject: 'You were added to Proteomics', status: 'pending' })]);
    expect(mail[0].body).toContain('Uma added you to Proteomics.');
    expect(mail[0].body).toContain(`http://gatehouse.test/teams/${team.id}`);
    expect(await noticesOf(vic)).toEqual([expect.objectContaining({ kind: 'team.member-added', link: `/teams/${team.id}` })]);

    expect((await gh.as(vic).get('/api/v1/me/teams')).json().items).toEqual([expect.objectContaining({ id: team.id, myRole: 'member', memberCount: 2 })]);
    expect((await auditOf(team.id)).map((e) => e.action)).toEqual(['team.member-added', 'team.created']);

    const again = await gh.as(uma).post(`/api/v1/teams/${team.id}/members`, { userId: vic.id });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_MEMBER', detail: 'vic is a member of Proteomics already.' });
    const nobody = await gh.as(uma).post(`/api/v1/teams/${team.id}/members`, { userId: 987654 });
    expect(nobody.statusCode).toBe(404);
    expect(nobody.json().detail).toBe('There is no user 987654.');
    const aTeam = await gh.as(uma).post(`/api/v1/teams/${team.id}/members`, { userId: team.id });
    expect(aTeam.statusCode).toBe(404);
  });

  it('a disabled account cannot be added to a team', async () => {
    const walt = await gh.user('walt');
    const xena = await gh.user('xena');
    const team = await createTeam(walt, 'Disabled Check');
    await gh.ctx.db.tx((sql) => disableUser(sql, gh.clock, xena.id, root.id, 'left the institute'));
    const res = await gh.as(walt).post(`/api/v1/teams/${team.id}/members`, { userId: xena.id });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'USER_NOT_ACTIVE', detail: "xena's account is disabled; they cannot join a team." });
  });

  it('a member who is not a manager is refused manager actions with a clear message, and nothing changes', async () => {
    const yara = await gh.user('yara');
    const zeke = await gh.user('zeke');
    const abby = await gh.user('abby');
    const team = await createTeam(yara, 'Metabolomics');
    await addMember(yara, team.id, zeke);
    const before = await totals();
    const membersBefore = await memberIds(team.id);

    const attempts: [string, Promise<{ statusCode: number; json(): any }>][] = [
      ['add members', gh.as(zeke).post(`/api/v1/teams/${team.id}/members`, { userId: abby.id })],
      ['remove members', gh.as(zeke).delete(`/api/v1/teams/${team.id}/members/${yara.id}`)],
      ['choose its managers', gh.as(zeke).put(`/api/v1/teams/${team.id}/members/${zeke.id}`, { manager: true })],
      ['change its name or description', gh.as(zeke).patch(`/api/v1/teams/${team.id}`, { name: 'Mine now' })],
      ['invite users', gh.as(zeke).post(`/api/v1/teams/${team.id}/invitations`, { userId: abby.id })],
      ['see its membership requests', gh.as(zeke).get(`/api/v1/teams/${team.id}/membership-requests`)],
      ['see its invitations', gh.as(zeke).get(`/api/v1/teams/${team.id}/invitations`)],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'NOT_TEAM_MANAGER', detail: `Only managers of Metabolomics and platform administrators may ${what}.` });
    }
    // An outsider fares no better.
    expect((await gh.as(abby).post(`/api/v1/teams/${team.id}/members`, { userId: abby.id })).json().code).toBe('NOT_TEAM_MANAGER');

    expect(await totals()).toEqual(before);
    expect(await memberIds(team.id)).toEqual(membersBefore);
    expect((await gh.as(abby).get(`/api/v1/teams/${team.id}`)).json().name).toBe('Metabolomics');
  });

  it('a platform admin, not in the team, sees and answers its membership requests and invitations, audited as themselves', async () => {
    const owner = await gh.user('olga');
    const asker = await gh.user('ahmed');
    const invitee = await gh.user('ines');
    const root = await gh.user('petra', { admin: true });
    const team = await createTeam(owner, 'Glycomics');
    const ask = (await gh.as(asker).post(`/api/v1/teams/${team.id}/membership-requests`, { message: 'Please.' })).json();

    const seen = await gh.as(root).get(`/api/v1/teams/${team.id}`);
    expect(seen.json()).toMatchObject({ myRole: null, canManage: true });
    expect((await gh.as(asker).get(`/api/v1/teams/${team.id}`)).json().canManage).toBe(false);
    const requests = await gh.as(root).get(`/api/v1/teams/${team.id}/membership-requests?state=open`);
    expect(requests.statusCode, requests.body).toBe(200);
    expect(requests.json().items.map((r: { id: number }) => r.id)).toEqual([ask.id]);
    expect((await gh.as(root).post(`/api/v1/teams/${team.id}/membership-requests/${ask.id}/accept`)).statusCode).toBe(200);
    expect(await memberIds(team.id)).toContain(String(asker.id));

    const invited = await gh.as(root).post(`/api/v1/teams/${team.id}/invitations`, { userId: invitee.id });
    expect(invited.statusCode, invited.body).toBe(201);
    const invitations = await gh.as(root).get(`/api/v1/teams/${team.id}/invitations`);
    expect(invitations.statusCode).toBe(200);
    expect(invitations.json().items).toEqual([expect.objectContaining({ id: invited.json().id })]);
    const actors = await gh.ctx.db.query<{ actor_id: number; action: string }>(
      `SELECT actor_id, action FROM audit_log WHERE target_type = 'team' AND target_id = $1 AND actor_id = $2 ORDER BY seq`, [String(team.id), root.id]);
    expect(actors.map((a) => a.action).length).toBeGreaterThanOrEqual(2);
  });

  it('a manager promotes a member, and a team always keeps at least one manager', async () => {
    const bea = await gh.user('bea');
    const cal = await gh.user('cal');
    const team = await createTeam(bea, 'Imaging Reviewers');
    await addMember(bea, team.id, cal);

    const before = await totals();
    const demoteSelf = await gh.as(bea).put(`/api/v1/teams/${team.id}/members/${bea.id}`, { manager: false });
    expect(demoteSelf.statusCode).toBe(409);
    expect(demoteSelf.json()).toMatchObject({
      code: 'LAST_MANAGER', detail: 'Imaging Reviewers must keep at least one manager. Make another member a manager first.',
    });
    const leave = await gh.as(bea).delete(`/api/v1/teams/${team.id}/members/${bea.id}`);
    expect(leave.statusCode).toBe(409);
    expect(leave.json().code).toBe('LAST_MANAGER');
    expect(await totals()).toEqual(before);

    const promoted = await gh.as(bea).put(`/api/v1/teams/${team.id}/members/${cal.id}`, { manager: true });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ userId: cal.id, isManager: true });
    expect((await emailsTo(cal)).map((m) => m.subject)).toContain('You are now a manager of Imaging Reviewers');
    expect((await gh.as(cal).get(`/api/v1/teams/${team.id}`)).json().myRole).toBe('manager');

    // Promoting again changes nothing and records nothing.
    const auditCount = (await auditOf(team.id)).length;
    expect((await gh.as(bea).put(`/api/v1/teams/${team.id}/members/${cal.id}`, { manager: true })).statusCode).toBe(200);
    expect(await auditOf(team.id)).toHaveLength(auditCount);

    expect((await gh.as(bea).delete(`/api/v1/teams/${team.id}/members/${bea.id}`)).statusCode).toBe(204);
    expect(await memberIds(team.id)).toEqual([`${cal.id}*`]);
    expect((await gh.as(cal).put(`/api/v1/teams/${team.id}/members/${cal.id}`, { manager: false })).json().code).toBe('LAST_MANAGER');
    expect((await auditOf(team.id)).map((e) => e.action)).toEqual(['team.member-left', 'team.manager-granted', 'team.member-added', 'team.created']);

    const notMember = await gh.as(cal).put(`/api/v1/teams/${team.id}/members/${bea.id}`, { manager: true });
    expect(notMember.statusCode).toBe(404);
    expect(notMember.json().detail).toBe('bea is not a member of Imaging Reviewers.');
    expect((await gh.as(cal).put(`/api/v1/teams/${team.id}/members/${bea.id}`, { manager: 'yes' })).statusCode).toBe(400);
  });

  it('a manager renames the team and changes its description; another team\'s name is refused', async () => {
    const dan = await gh.user('dan');
    const team = await createTeam(dan, 'Sequencing');
    await createTeam(dan, 'Sequencing Archive');
    const renamed = await gh.as(dan).patch(`/api/v1/teams/${team.id}`, { name: 'SEQUENCING', description: 'Short-read sequencing' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'SEQUENCING', description: 'Short-read sequencing', myRole: 'manager' });
    const taken = await gh.as(dan).patch(`/api/v1/teams/${team.id}`, { name: 'sequencing archive' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('TEAM_NAME_TAKEN');
    expect((await gh.as(dan).patch(`/api/v1/teams/${team.id}`, { name: ' ' })).statusCode).toBe(400);
    expect((await gh.as(dan).get(`/api/v1/teams/${team.id}`)).json().name).toBe('SEQUENCING');
    const audit = await auditOf(team.id);
    expect(audit[0]).toMatchObject({
      action: 'team.updated',
      details: { changes: { name: { from: 'Sequencing', to: 'SEQUENCING' }, description: { from: '', to: 'Short-read sequencing' } } },
    });
  });

  it('a member leaves a team', async () => {
    const eve = await gh.user('eve');
    const finn = await gh.user('finn');
    const team = await createTeam(eve, 'Leavers');
    await addMember(eve, team.id, finn);
    const res = await gh.as(finn).delete(`/api/v1/teams/${team.id}/members/${finn.id}`);
    expect(res.statusCode).toBe(204);
    expect((await gh.as(finn).get('/api/v1/me/teams')).json().items).toEqual([]);
    expect((await auditOf(team.id))[0]).toMatchObject({ action: 'team.member-left', actorId: finn.id });
    // Leaving is nobody's news: the managers get no email.
    expect(await emailsTo(eve)).toEqual([]);
    const again = await gh.as(finn).delete(`/api/v1/teams/${team.id}/members/${finn.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe('You are not a member of Leavers.');
  });

  it('a removed member has lost the team on their very next request', async () => {
    const gus = await gh.user('gus');
    const hana = await gh.user('hana');
    const ivan = await gh.user('ivan');
    const team = await createTeam(gus, 'Consistency');
    await addMember(gus, team.id, hana, true);
    await addMember(gus, team.id, ivan);
    expect((await gh.as(hana).get(`/api/v1/teams/${team.id}`)).json().myRole).toBe('manager');

    expect((await gh.as(gus).delete(`/api/v1/teams/${team.id}/members/${hana.id}`)).statusCode).toBe(204);
    // The very next request of the removed manager: no longer a member, no longer able to manage.
    const refused = await gh.as(hana).delete(`/api/v1/teams/${team.id}/members/${ivan.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('NOT_TEAM_MANAGER');
    expect((await gh.as(hana).get(`/api/v1/teams/${team.id}`)).json()).toMatchObject({ myRole: null, memberCount: 2 });
    expect((await gh.as(hana).get('/api/v1/me/teams')).json().items).toEqual([]);

    const mail = await emailsTo(hana);
    expect(mail[0]).toMatchObject({ kind: 'team.member-removed', subject: 'You were removed from Consistency' });
    expect((await auditOf(team.id))[0]).toMatchObject({ action: 'team.member-removed', actorId: gus.id, details: { userId: hana.id, username: 'hana' } });
  });
});

describe('membership requests', () => {
  it('a user asks to join, and every manager is told by email and in the app with a link to the team', async () => {
    const jade = await gh.user('jade');
    const kurt = await gh.user('kurt');
    const lena = await gh.user('lena');
    const milo = await gh.user('milo');
    const team = await createTeam(jade, 'Epidemiology');
    await addMember(jade, team.id, kurt, true);
    await addMember(jade, team.id, lena);

    const res = await gh.as(milo).post(`/api/v1/teams/${team.id}/membership-requests`, { message: 'I analyse cohort data.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ teamId: team.id, userId: milo.id, username: 'milo', displayName: 'Milo', message: 'I analyse cohort data.', state: 'open', decidedAt: null });

    for (const manager of [jade, kurt]) {
      const mail = (await emailsTo(manager)).filter((m) => m.kind === 'team.membership-requested');
      expect(mail).toHaveLength(1);
      expect(mail[0].subject).toBe('Milo asks to join Epidemiology');
      expect(mail[0].body).toContain('"I analyse cohort data."');
      expect(mail[0].body).toContain(`http://gatehouse.test/teams/${team.id}`);
      const notices = (await noticesOf(manager)).filter((n) => n.kind === 'team.membership-requested');
      expect(notices).toEqual([expect.objectContaining({ title: 'Milo asks to join Epidemiology', link: `/teams/${team.id}` })]);
    }
    expect((await emailsTo(lena)).filter((m) => m.kind === 'team.membership-requested')).toEqual([]);

    expect((await gh.as(milo).get(`/api/v1/teams/${team.id}`)).json()).toMatchObject({ myRole: null, myPendingRequest: true });
    const listed = (await gh.as(kurt).get(`/api/v1/teams/${team.id}/membership-requests?state=open`)).json();
    expect(listed).toMatchObject({ total: 1, items: [{ userId: milo.id, state: 'open' }] });
    expect((await auditOf(team.id))[0]).toMatchObject({ action: 'team.membership-requested', actorId: milo.id });
  });

  it('a user cannot ask twice, nor ask to join a team they are in, and a refused ask writes nothing', async () => {
    const nina = await gh.user('nina');
    const otto = await gh.user('otto');
    const team = await createTeam(nina, 'Twice');
    // A request needs no body at all.
    const first = await gh.app.inject({ method: 'POST', url: `/api/v1/teams/${team.id}/membership-requests`, headers: { cookie: otto.cookie } });
    expect(first.statusCode).toBe(201);
    expect(first.json().message).toBe('');
    const before = await totals();
    const twice = await gh.as(otto).post(`/api/v1/teams/${team.id}/membership-requests`, { message: 'Please?' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'ALREADY_REQUESTED', detail: 'You have asked to join Twice already; the managers have not answered yet.' });
    const member = await gh.as(nina).post(`/api/v1/teams/${team.id}/membership-requests`, {});
    expect(member.statusCode).toBe(409);
    expect(member.json()).toMatchObject({ code: 'ALREADY_MEMBER', detail: 'You are a member of Twice already.' });
    const tooLong = await gh.as(otto).post(`/api/v1/teams/${team.id}/membership-requests`, { message: 'x'.repeat(2001) });
    expect(tooLong.statusCode).toBe(400);
    expect(await totals()).toEqual(before);
    expect((await gh.as(nina).get(`/api/v1/teams/${team.id}/membership-requests`)).json().total).toBe(1);
  });

  it('a manager accepts a request; the requester becomes a member and is told', async () => {
    const pia = await gh.user('pia');
    const remy = await gh.user('remy');
    const team = await createTeam(pia, 'Accepting');
    const request = (await gh.as(remy).post(`/api/v1/teams/${team.id}/membership-requests`, {})).json();

    gh.clock.advance(60_000);
    const res = await gh.as(pia).post(`/api/v1/teams/${team.id}/membership-requests/${request.id}/accept`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: request.id, state: 'accepted', decidedAt: gh.clock.now().toISOString() });
    expect((await gh.as(remy).get(`/api/v1/teams/${team.id}`)).json()).toMatchObject({ myRole: 'member', myPendingRequest: false, memberCount: 2 });
    expect(await emailsTo(remy)).toEqual([expect.objectContaining({ kind: 'team.membership-accepted', subject: 'You are now a member of Accepting' })]);
    expect((await noticesOf(remy))[0]).toMatchObject({ link: `/teams/${team.id}` });
    expect((await auditOf(team.id))[0]).toMatchObject({ action: 'team.membership-accepted', actorId: pia.id, details: { requestId: request.id, userId: remy.id } });

    const again = await gh.as(pia).post(`/api/v1/teams/${team.id}/membership-requests/${request.id}/reject`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'REQUEST_NOT_OPEN', detail: 'This request was accepted already.' });
    const unknown = await gh.as(pia).post(`/api/v1/teams/${team.id}/membership-requests/999999/accept`);
    expect(unknown.statusCode).toBe(404);
    // A request of another team is not found through this one.
    const other = await createTeam(pia, 'Accepting Other');
    expect((await gh.as(pia).post(`/api/v1/teams/${other.id}/membership-requests/${request.id}/accept`)).statusCode).toBe(404);
  });

  it('a manager rejects a request; the requester is told, stays outside, and may ask again', async () => {
    const saul = await gh.user('saul');
    const tina = await gh.user('tina');
    const team = await createTeam(saul, 'Rejecting');
    const request = (await gh.as(tina).post(`/api/v1/teams/${team.id}/membership-requests`, {})).json();
    const res = await gh.as(saul).post(`/api/v1/teams/${team.id}/membership-requests/${request.id}/reject`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('rejected');
    expect(await emailsTo(tina)).toEqual([expect.objectContaining({ kind: 'team.membership-rejected', subject: 'Your request to join Rejecting was declined' })]);
    expect((await gh.as(tina).get(`/api/v1/teams/${team.id}`)).json()).toMatchObject({ myRole: null, myPendingRequest: false });
    expect((await auditOf(team.id))[0].action).toBe('team.membership-rejected');
    expect((await gh.as(tina).post(`/api/v1/teams/${team.id}/membership-requests`, {})).statusCode).toBe(201);
  });

  it('a requester withdraws their request', async () => {
    const ugo = await gh.user('ugo');
    const vera = await gh.user('vera');
    const team = await createTeam(ugo, 'Withdrawing');
    await gh.as(vera).post(`/api/v1/teams/${team.id}/membership-requests`, {});
    expect((await gh.as(vera).delete(`/api/v1/teams/${team.id}/membership-requests/mine`)).statusCode).toBe(204);
    expect((await gh.as(vera).get(`/api/v1/teams/${team.id}`)).json().myPendingRequest).toBe(false);
    const list = (await gh.as(ugo).get(`/api/v1/teams/${team.id}/membership-requests?state=withdrawn`)).json();
    expect(list).toMatchObject({ total: 1, items: [{ userId: vera.id, state: 'withdrawn' }] });
    expect((await gh.as(ugo).get(`/api/v1/teams/${team.id}/membership-requests?state=open`)).json().total).toBe(0);
    const again = await gh.as(vera).delete(`/api/v1/teams/${team.id}/membership-requests/mine`);
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe('You have no open request to join Withdrawing.');
    expect((await auditOf(team.id))[0].action).toBe('team.membership-withdrawn');
  });

  it('adding a user who asked to join closes their request as accepted', async () => {
    const wade = await gh.user('wade');
    const xia = await gh.user('xia');
    const team = await createTeam(wade, 'Direct Add');
    const request = (await gh.as(xia).post(`/api/v1/teams/${team.id}/membership-requests`, {})).json();
    await addMember(wade, team.id, xia);
    const list = (await gh.as(wade).get(`/api/v1/teams/${team.id}/membership-requests`)).json();
    expect(list.items).toEqual([expect.objectContaining({ id: request.id, state: 'accepted' })]);
  });
});

describe('invitations', () => {
  it('a manager invites a user, who is told, sees the invitation and accepts it to become a member', async () => {
    const yves = await gh.user('yves');
    const zoe = await gh.user('zoe');
    const team = await createTeam(yves, 'Invited');
    const res = await gh.as(yves).post(`/api/v1/teams/${team.id}/invitations`, { userId: zoe.id, message: 'Join our analysis group.' });
    expect(res.statusCode).toBe(201);
    const invitation = res.json();
    expect(invitation).toMatchObject({ teamId: team.id, teamName: 'Invited', userId: zoe.id, invitedBy: yves.id, invitedByName: 'Yves', state: 'open' });

    const mail = await emailsTo(zoe);
    expect(mail).toEqual([expect.objectContaining({ kind: 'team.invited', subject: 'Yves invites you to join Invited' })]);
    expect(mail[0].body).toContain('"Join our analysis group."');
    expect(mail[0].body).toContain(`http://gatehouse.test/teams/${team.id}`);
    expect((await noticesOf(zoe))[0]).toMatchObject({ kind: 'team.invited', link: `/teams/${team.id}` });

    expect((await gh.as(zoe).get('/api/v1/me/invitations')).json()).toEqual({
      items: [{ id: invitation.id, teamId: team.id, teamName: 'Invited', invitedBy: yves.id, invitedByName: 'Yves', message: 'Join our analysis group.', createdAt: invitation.createdAt }],
    });
    expect((await gh.as(zoe).get(`/api/v1/teams/${team.id}`)).json().myPendingInvitation).toBe(invitation.id);
    // While invited, asking to join is pointless.
    expect((await gh.as(zoe).post(`/api/v1/teams/${team.id}/membership-requests`, {})).json().code).toBe('INVITATION_PENDING');

    expect((await gh.as(zoe).post(`/api/v1/invitations/${invitation.id}/accept`)).statusCode).toBe(204);
    expect((await gh.as(zoe).get(`/api/v1/teams/${team.id}`)).json()).toMatchObject({ myRole: 'member', myPendingInvitation: null });
    expect((await gh.as(zoe).get('/api/v1/me/invitations')).json().items).toEqual([]);
    expect((await emailsTo(yves)).map((m) => m.subject)).toContain('Zoe joined Invited');
    expect((await auditOf(team.id)).map((e) => e.action).slice(0, 2)).toEqual(['team.invitation-accepted', 'team.invitation-sent']);
    const list = (await gh.as(yves).get(`/api/v1/teams/${team.id}/invitations`)).json();
    expect(list).toMatchObject({ total: 1, items: [{ id: invitation.id, state: 'accepted' }] });
  });

  it('an invitee declines, and nobody else can answer their invitation', async () => {
    const alma = await gh.user('alma');
    const boris = await gh.user('boris');
    const cleo = await gh.user('cleo');
    const team = await createTeam(alma, 'Declined');
    const invitation = (await gh.as(alma).post(`/api/v1/teams/${team.id}/invitations`, { userId: boris.id })).json();

    const someoneElse = await gh.as(cleo).post(`/api/v1/invitations/${invitation.id}/accept`);
    expect(someoneElse.statusCode).toBe(404);
    expect((await gh.as(alma).post(`/api/v1/invitations/${invitation.id}/accept`)).statusCode).toBe(404);
    expect(await memberIds(team.id)).toEqual([`${alma.id}*`]);

    expect((await gh.as(boris).post(`/api/v1/invitations/${invitation.id}/decline`)).statusCode).toBe(204);
    expect(await memberIds(team.id)).toEqual([`${alma.id}*`]);
    expect((await emailsTo(alma)).map((m) => m.subject)).toContain('Boris declined to join Declined');
    const again = await gh.as(boris).post(`/api/v1/invitations/${invitation.id}/accept`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'INVITATION_NOT_OPEN', detail: 'This invitation was declined already.' });
    expect((await gh.as(alma).get(`/api/v1/teams/${team.id}/invitations?state=declined`)).json().total).toBe(1);
  });

  it('a manager revokes an open invitation, which can then not be accepted', async () => {
    const dora = await gh.user('dora');
    const emil = await gh.user('emil');
    const team = await createTeam(dora, 'Revoked');
    const invitation = (await gh.as(dora).post(`/api/v1/teams/${team.id}/invitations`, { userId: emil.id })).json();
    expect((await gh.as(dora).delete(`/api/v1/teams/${team.id}/invitations/${invitation.id}`)).statusCode).toBe(204);
    expect((await gh.as(emil).get('/api/v1/me/invitations')).json().items).toEqual([]);
    expect((await gh.as(emil).post(`/api/v1/invitations/${invitation.id}/accept`)).json().code).toBe('INVITATION_NOT_OPEN');
    expect(await memberIds(team.id)).toEqual([`${dora.id}*`]);
    expect((await gh.as(dora).delete(`/api/v1/teams/${team.id}/invitations/${invitation.id}`)).statusCode).toBe(409);
    expect((await auditOf(team.id))[0].action).toBe('team.invitation-revoked');
  });

  it('members, invitees and users who asked to join are not invited again', async () => {
    const fay = await gh.user('fay');
    const gil = await gh.user('gil');
    const hugo = await gh.user('hugo');
    const team = await createTeam(fay, 'No Repeats');
    await gh.as(fay).post(`/api/v1/teams/${team.id}/invitations`, { userId: gil.id });
    await gh.as(hugo).post(`/api/v1/teams/${team.id}/membership-requests`, {});
    const before = await totals();
    const twice = await gh.as(fay).post(`/api/v1/teams/${team.id}/invitations`, { userId: gil.id });
    expect(twice.json()).toMatchObject({ code: 'ALREADY_INVITED', detail: 'gil has been invited to No Repeats already.' });
    const asked = await gh.as(fay).post(`/api/v1/teams/${team.id}/invitations`, { userId: hugo.id });
    expect(asked.json()).toMatchObject({ code: 'REQUEST_PENDING', detail: 'hugo has asked to join No Repeats already; accept their request instead.' });
    expect((await gh.as(fay).post(`/api/v1/teams/${team.id}/invitations`, { userId: fay.id })).json().code).toBe('ALREADY_MEMBER');
    expect((await gh.as(fay).post(`/api/v1/teams/${team.id}/invitations`, { userId: 'gil' })).statusCode).toBe(400);
    expect(await totals()).toEqual(before);
  });
});

describe('the Administrators and ACT teams', () => {
  it('are changed only through user roles: the teams API refuses, even for an administrator, and nothing changes', async () => {
    const ida = await gh.user('ida');
    const actor = await gh.user('aria', { act: true });
    const before = await totals();
    const admins = await memberIds(4);
    const act = await memberIds(5);
    expect(admins).toContain(`${root.id}*`);

    const refusals = [
      await gh.as(root).post('/api/v1/teams/4/members', { userId: ida.id }),
      await gh.as(root).put(`/api/v1/teams/4/members/${root.id}`, { manager: false }),
      await gh.as(root).delete(`/api/v1/teams/4/members/${root.id}`),
      await gh.as(root).post('/api/v1/teams/4/invitations', { userId: ida.id }),
      await gh.as(actor).delete(`/api/v1/teams/5/members/${actor.id}`),
      await gh.as(actor).post('/api/v1/teams/5/members', { userId: ida.id }),
      await gh.as(ida).post('/api/v1/teams/5/membership-requests', { message: 'Let me review.' }),
      await gh.as(ida).post('/api/v1/teams/4/membership-requests', {}),
      await gh.as(ida).delete('/api/v1/teams/4/membership-requests/mine'),
    ];
    for (const res of refusals) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ROLE_TEAM', detail: ROLE_TEAM_DETAIL });
    }
    const rename = await gh.as(root).patch('/api/v1/teams/4', { name: 'Root' });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().code).toBe('ROLE_TEAM');

    expect(await totals()).toEqual(before);
    expect(await memberIds(4)).toEqual(admins);
    expect(await memberIds(5)).toEqual(act);
    // They are still teams that can be looked at.
    expect((await gh.as(ida).get('/api/v1/teams/5')).json()).toMatchObject({ name: 'ACT', myRole: null });
    expect((await gh.as(actor).get('/api/v1/me/teams')).json().items.map((t: { id: number }) => t.id)).toEqual([5]);
  });
});

describe('the audit log', () => {
  it('records every team change in order, and the hash chain still verifies', async () => {
    const jon = await gh.user('jon');
    const kim = await gh.user('kim');
    const lou = await gh.user('lou');
    const team = await createTeam(jon, 'Audited');
    const request = (await gh.as(kim).post(`/api/v1/teams/${team.id}/membership-requests`, {})).json();
    await gh.as(jon).post(`/api/v1/teams/${team.id}/membership-requests/${request.id}/accept`);
    await gh.as(jon).put(`/api/v1/teams/${team.id}/members/${kim.id}`, { manager: true });
    await gh.as(kim).put(`/api/v1/teams/${team.id}/members/${kim.id}`, { manager: false });
    const invitation = (await gh.as(jon).post(`/api/v1/teams/${team.id}/invitations`, { userId: lou.id })).json();
    await gh.as(lou).post(`/api/v1/invitations/${invitation.id}/accept`);
    await gh.as(jon).delete(`/api/v1/teams/${team.id}/members/${lou.id}`);
    await gh.as(kim).delete(`/api/v1/teams/${team.id}/members/${kim.id}`);
    await gh.as(jon).patch(`/api/v1/teams/${team.id}`, { description: 'Now audited' });

    expect((await auditOf(team.id)).map((e) => e.action).reverse()).toEqual([
      'team.created',
      'team.membership-requested',
      'team.membership-accepted',
      'team.manager-granted',
      'team.manager-revoked',
      'team.invitation-sent',
      'team.invitation-accepted',
      'team.member-removed',
      'team.member-left',
      'team.updated',
    ]);
    const verify = await gh.as(root).post('/api/v1/audit-log/verify');
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it('the teams API is in the OpenAPI document', async () => {
    const doc = (await gh.as(null).get('/api/openapi.json')).json();
    expect(doc.paths['/api/v1/teams'].post).toBeDefined();
    expect(doc.paths['/api/v1/teams/{id}/membership-requests/{rid}/accept'].post).toBeDefined();
    expect(doc.paths['/api/v1/invitations/{id}/decline'].post).toBeDefined();
  });
});
