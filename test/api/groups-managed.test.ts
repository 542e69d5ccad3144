import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let root: TestUser;
let ada: TestUser;
let ben: TestUser;
let cleo: TestUser;
let dan: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse();
  root = await gh.user('root', { admin: true });
  ada = await gh.user('ada');
  ben = await gh.user('ben');
  cleo = await gh.user('cleo');
  dan = await gh.user('dan');
});
afterAll(async () => gh?.stop());

async function create(user: TestUser, name: string, extra: Record<string, unknown> = {}) {
  const res = await gh.as(user).post('/api/v1/groups', { name, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string };
}
async function add(admin: TestUser, group: string, body: Record<string, unknown>) {
  return gh.as(admin).post(`/api/v1/groups/${group}/members`, body);
}
async function members(group: string) {
  const res = await gh.as(root).get(`/api/v1/groups/${group}/members?limit=500`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { name: string; role: string }[]).map((m) => `${m.name}${m.role === 'admin' ? '*' : ''}`).sort();
}
async function auditOf(groupId: number) {
  const res = await gh.as(root).get(`/api/v1/audit-log?targetType=group&targetId=${groupId}&limit=500`);
  return (res.json().items as { action: string; actorId: number | null; details: Record<string, unknown> }[]).reverse();
}
async function emailsTo(user: TestUser) {
  const res = await gh.as(root).get(`/api/v1/outbox?recipient=${user.username}@example.org&limit=500`);
  return res.json().items as { kind: string; subject: string; body: string }[];
}

describe('creating groups', () => {
  it('a user creates a group and becomes its admin; the creation and the membership are in the audit log with their cause', async () => {
    const res = await gh.as(ada).post('/api/v1/groups', { name: 'TCGA-dbGaP_Authorized', description: 'Consented users', accessInstructions: '  ' });
    expect(res.statusCode).toBe(201);
    const g = res.json();
    expect(g).toMatchObject({
      name: 'TCGA-dbGaP_Authorized', description: 'Consented users', accessInstructions: null, memberCount: 1, adminCount: 1,
      myRole: 'admin', isMember: true, isAdmin: true, thirdParty: false, authorizationDomainCount: 0, createdBy: ada.id,
    });
    expect(g.id).toBeGreaterThanOrEqual(1000);
    expect(await members('TCGA-dbGaP_Authorized')).toEqual(['ada*']);
    expect((await gh.as(ben).get('/api/v1/groups/tcga-dbgap_authorized')).json()).toMatchObject({ id: g.id, myRole: null, isMember: false, isAdmin: false });
    const audit = await auditOf(g.id);
    expect(audit.map((e) => e.action)).toEqual(['group.created', 'group.member-added']);
    expect(audit[1].details).toMatchObject({ memberId: ada.id, memberType: 'user', role: 'admin', cause: 'group-created' });
  });

  it('names: letters, digits, "-" and "_", at most 60 characters, unique whatever the case', async () => {
    for (const name of ['has space', 'dot.ted', 'x'.repeat(61), 'émile']) {
      const res = await gh.as(ada).post('/api/v1/groups', { name });
      expect(res.statusCode, name).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    await create(ada, 'x'.repeat(60));
    await create(ada, 'Unique-1');
    const dup = await gh.as(ben).post('/api/v1/groups', { name: 'UNIQUE-1' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'GROUP_NAME_TAKEN' });
    expect((await gh.as(null).post('/api/v1/groups', { name: 'anon' })).statusCode).toBe(401);
  });

  it('lists my groups (also through nesting) by name; all=true and q find the others', async () => {
    await create(cleo, 'List-Outer');
    await create(cleo, 'List-Inner');
    await create(cleo, 'List-Other');
    expect((await add(cleo, 'List-Outer', { group: 'List-Inner' })).statusCode).toBe(200);
    expect((await add(cleo, 'List-Inner', { userId: dan.id })).statusCode).toBe(200);
    const mine = (await gh.as(dan).get('/api/v1/groups')).json();
    expect(mine.items.map((g: { name: string }) => g.name)).toEqual(['List-Inner', 'List-Outer']);
    expect(mine.items.map((g: { myRole: string | null }) => g.myRole)).toEqual(['member', null]);
    expect(mine.items.every((g: { isMember: boolean }) => g.isMember)).toBe(true);
    const found = (await gh.as(dan).get('/api/v1/groups?all=true&q=list-o')).json();
    expect(found.items.map((g: { name: string }) => g.name)).toEqual(['List-Other', 'List-Outer']);
  });
});

describe('members', () => {
  it('admins add users and groups as admins or members; others may not; the user is told', async () => {
    await create(ada, 'Lab');
    const added = await add(ada, 'Lab', { userId: ben.id });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({ principalId: ben.id, type: 'user', name: 'ben', displayName: 'Ben', role: 'member', source: 'manual' });
    expect((await emailsTo(ben)).map((m) => m.subject)).toContain('You were added to Lab');

    const refused = await add(ben, 'Lab', { userId: cleo.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'NOT_GROUP_ADMIN', detail: 'Only admins of Lab may add members.' });
    expect((await add(ada, 'Lab', { userId: ben.id })).json()).toMatchObject({ code: 'ALREADY_MEMBER' });
    expect((await add(ada, 'Lab', { userId: 999999 })).statusCode).toBe(404);
    expect((await add(ada, 'Lab', { userId: ben.id, group: 'Lab' })).statusCode).toBe(400);
    expect((await add(ada, 'Nope', { userId: ben.id })).json()).toMatchObject({ code: 'GROUP_NOT_FOUND' });

    await create(cleo, 'Sub-Lab');
    expect((await add(ada, 'Lab', { group: 'Sub-Lab', role: 'admin' })).json()).toMatchObject({ type: 'group', name: 'Sub-Lab', role: 'admin' });
    // Members of an admin group administer the group too.
    expect((await add(cleo, 'Lab', { userId: dan.id })).statusCode).toBe(200);
    expect(await members('Lab')).toEqual(['Sub-Lab*', 'ada*', 'ben', 'dan']);
    // A platform administrator manages any group.
    expect((await add(root, 'Lab', { userId: cleo.id })).statusCode).toBe(200);
  });

  it('nesting never makes a cycle, however deep', async () => {
    const a = await create(ada, 'Cycle-A');
    await create(ada, 'Cycle-B');
    await create(ada, 'Cycle-C');
    expect((await add(ada, 'Cycle-A', { group: 'Cycle-B' })).statusCode).toBe(200);
    expect((await add(ada, 'Cycle-B', { group: 'Cycle-C' })).statusCode).toBe(200);
    for (const [group, member] of [['Cycle-C', 'Cycle-A'], ['Cycle-B', 'Cycle-A'], ['Cycle-A', 'Cycle-A']]) {
      const res = await add(ada, group, { group: member });
      expect(res.statusCode, `${member} into ${group}`).toBe(409);
      expect(res.json().code).toBe('GROUP_CYCLE');
    }
    expect((await add(ada, 'Cycle-C', { group: 'Cycle-A' })).json().detail).toBe(
      'Cycle-A cannot become a member of Cycle-C: Cycle-C is already inside Cycle-A, and groups cannot contain themselves.',
    );
    // The database refuses a cycle too, whoever writes it.
    const c = (await gh.as(ada).get('/api/v1/groups/Cycle-C')).json();
    await expect(gh.ctx.db.query(
      `INSERT INTO group_members (group_id, member_id, role, added_at) VALUES ($1, $2, 'member', now())`, [c.id, a.id],
    )).rejects.toThrow(/cycle/);
  });

  it('roles change; a group keeps at least one admin; members leave on their own; removed users are told', async () => {
    await create(ada, 'Roles');
    await add(ada, 'Roles', { userId: ben.id });
    const promoted = await gh.as(ada).put(`/api/v1/groups/Roles/members/${ben.id}`, { role: 'admin' });
    expect(promoted.json()).toMatchObject({ role: 'admin' });
    expect((await gh.as(ben).put(`/api/v1/groups/Roles/members/${ada.id}`, { role: 'member' })).statusCode).toBe(200);
    const last = await gh.as(ben).put(`/api/v1/groups/Roles/members/${ben.id}`, { role: 'member' });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'LAST_ADMIN', detail: 'Roles must keep at least one admin. Make another member an admin first.' });
    expect((await gh.as(ben).delete(`/api/v1/groups/Roles/members/${ben.id}`)).json()).toMatchObject({ code: 'LAST_ADMIN' });
    expect((await gh.as(ada).delete(`/api/v1/groups/Roles/members/${ada.id}`)).statusCode).toBe(204); // ada leaves
    await add(ben, 'Roles', { userId: cleo.id });
    expect((await gh.as(ben).delete(`/api/v1/groups/Roles/members/${cleo.id}`)).statusCode).toBe(204);
    expect((await emailsTo(cleo)).map((m) => m.subject)).toContain('You were removed from Roles');
    expect((await gh.as(ben).delete(`/api/v1/groups/Roles/members/${cleo.id}`)).json()).toMatchObject({ code: 'NOT_GROUP_MEMBER' });

    const g = (await gh.as(ben).get('/api/v1/groups/Roles')).json();
    const causes = (await auditOf(g.id)).filter((e) => e.action.startsWith('group.member')).map((e) => `${e.action}:${e.details.memberName}:${e.details.cause}`);
    expect(causes).toEqual([
      'group.member-added:ada:group-created',
      'group.member-added:ben:admin-added',
      'group.member-role-changed:ben:role-changed',
      'group.member-role-changed:ada:role-changed',
      'group.member-removed:ada:left',
      'group.member-added:cleo:admin-added',
      'group.member-removed:cleo:admin-removed',
    ]);
  });

  it('members and admins see the members; others do not', async () => {
    await create(ada, 'Visible');
    await add(ada, 'Visible', { userId: ben.id });
    expect((await gh.as(ben).get('/api/v1/groups/Visible/members')).statusCode).toBe(200);
    const res = await gh.as(dan).get('/api/v1/groups/Visible/members');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('NOT_GROUP_MEMBER');
  });
});

describe('requesting access', () => {
  it('emails every admin, also those who administer through an admin group', async () => {
    await create(ada, 'Ask-Admins');
    await create(cleo, 'Ask-Admin-Team');
    await add(ada, 'Ask-Admins', { group: 'Ask-Admin-Team', role: 'admin' });
    const before = { ada: (await emailsTo(ada)).length, cleo: (await emailsTo(cleo)).length };
    const res = await gh.as(dan).post('/api/v1/groups/Ask-Admins/request-access', { message: 'I am on the IRB protocol.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ requested: true, notifiedAdmins: 2, accessInstructions: null, alreadyRequestedAt: null });
    const mail = (await emailsTo(ada))[0];
    expect((await emailsTo(ada)).length).toBe(before.ada + 1);
    expect((await emailsTo(cleo)).length).toBe(before.cleo + 1);
    expect(mail).toMatchObject({ kind: 'group.access-requested', subject: 'Dan asks for access to Ask-Admins' });
    expect(mail.body).toContain('I am on the IRB protocol.');
    expect(mail.body).toContain('http://gatehouse.test/groups/Ask-Admins');
    // Asking again while the request is open tells nobody again, and says since when it stands.
    const again = await gh.as(dan).post('/api/v1/groups/Ask-Admins/request-access');
    expect(again.json()).toEqual({ requested: true, notifiedAdmins: 0, accessInstructions: null, alreadyRequestedAt: '2026-03-02T09:00:00.000Z' });
    expect((await emailsTo(ada)).length).toBe(before.ada + 1);
    expect((await gh.as(dan).get('/api/v1/groups/Ask-Admins')).json()).toMatchObject({ accessRequestedAt: '2026-03-02T09:00:00.000Z' });
    // A member has nothing to ask.
    expect((await gh.as(cleo).post('/api/v1/groups/Ask-Admins/request-access', {})).json()).toMatchObject({ code: 'ALREADY_MEMBER' });
  });

  it('answers with the access instructions instead, when the group has them', async () => {
    await create(ada, 'Ask-Instructions', { accessInstructions: 'Apply through dbGaP; access follows within 6 hours.' });
    const before = (await emailsTo(ada)).length;
    const res = await gh.as(dan).post('/api/v1/groups/Ask-Instructions/request-access', {});
    expect(res.json()).toEqual({ requested: false, notifiedAdmins: 0, accessInstructions: 'Apply through dbGaP; access follows within 6 hours.', alreadyRequestedAt: null });
    expect((await emailsTo(ada)).length).toBe(before);
    // Admins change or clear them.
    const cleared = await gh.as(ada).patch('/api/v1/groups/Ask-Instructions', { accessInstructions: null });
    expect(cleared.json()).toMatchObject({ accessInstructions: null });
    expect((await gh.as(dan).post('/api/v1/groups/Ask-Instructions/request-access', {})).json()).toMatchObject({ requested: true, notifiedAdmins: 1 });
    expect((await gh.as(dan).patch('/api/v1/groups/Ask-Instructions', { description: 'x' })).statusCode).toBe(403);
  });
});

describe('open requests for access', () => {
  it('admins see them, adding the user answers one, declining one tells the user who may then ask again', async () => {
    await create(ada, 'Ask-Queue');
    await gh.as(dan).post('/api/v1/groups/Ask-Queue/request-access', { message: 'Cohort analyst.' });
    gh.clock.advance(60_000);
    await gh.as(ben).post('/api/v1/groups/Ask-Queue/request-access', {});
    const list = await gh.as(ada).get('/api/v1/groups/Ask-Queue/access-requests');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((r: { user: { username: string }; message: string }) => [r.user.username, r.message]))
      .toEqual([['dan', 'Cohort analyst.'], ['ben', '']]);
    // Only admins see the queue.
    expect((await gh.as(dan).get('/api/v1/groups/Ask-Queue/access-requests')).json()).toMatchObject({ status: 403, code: 'NOT_GROUP_ADMIN' });

    // Adding dan answers his request.
    await add(ada, 'Ask-Queue', { userId: dan.id });
    expect((await gh.as(ada).get('/api/v1/groups/Ask-Queue/access-requests')).json().items.map((r: { user: { id: number } }) => r.user.id)).toEqual([ben.id]);

    // Declining ben's closes it and tells him; he may ask again, and the admins are told again.
    const before = (await emailsTo(ada)).length;
    expect((await gh.as(dan).delete(`/api/v1/groups/Ask-Queue/access-requests/${ben.id}`)).statusCode).toBe(403);
    expect((await gh.as(ada).delete(`/api/v1/groups/Ask-Queue/access-requests/${ben.id}`)).statusCode).toBe(204);
    expect((await emailsTo(ben)).some((m: { kind: string }) => m.kind === 'group.access-request-dismissed')).toBe(true);
    expect((await gh.as(ben).get('/api/v1/groups/Ask-Queue')).json()).toMatchObject({ accessRequestedAt: null });
    const missing = await gh.as(ada).delete(`/api/v1/groups/Ask-Queue/access-requests/${ben.id}`);
    expect(missing.json()).toMatchObject({ status: 404, code: 'ACCESS_REQUEST_NOT_FOUND' });
    expect((await gh.as(ben).post('/api/v1/groups/Ask-Queue/request-access', {})).json()).toMatchObject({ notifiedAdmins: 1, alreadyRequestedAt: null });
    expect((await emailsTo(ada)).length).toBe(before + 1);
  });

  it('two requests at once tell the admins once', async () => {
    await create(ada, 'Ask-Twice');
    const both = await Promise.all([1, 2].map(() => gh.as(dan).post('/api/v1/groups/Ask-Twice/request-access', {})));
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both.map((r) => r.json().notifiedAdmins).sort()).toEqual([0, 1]);
  });
});

describe('deleting groups', () => {
  it('admins delete a group: its memberships end (in the audit log) and the name is free again', async () => {
    const g = await create(ada, 'Doomed');
    await add(ada, 'Doomed', { userId: ben.id });
    await create(ada, 'Doomed-Parent');
    await add(ada, 'Doomed-Parent', { group: 'Doomed' });
    expect((await gh.as(ben).delete('/api/v1/groups/Doomed')).statusCode).toBe(403);
    expect((await gh.as(ada).delete('/api/v1/groups/Doomed')).statusCode).toBe(204);
    expect((await gh.as(ada).get('/api/v1/groups/Doomed')).statusCode).toBe(404);
    expect(await members('Doomed-Parent')).toEqual(['ada*']);
    const audit = await auditOf(g.id);
    expect(audit.slice(-3).map((e) => `${e.action}:${e.details.cause ?? ''}`)).toEqual([
      'group.member-removed:group-deleted', 'group.member-removed:group-deleted', 'group.deleted:',
    ]);
    expect((await gh.as(ben).post('/api/v1/groups', { name: 'doomed' })).statusCode).toBe(201);
  });

  it('a group named in an ACL is not deleted (409 GROUP_IN_ACL)', async () => {
    const g = await create(ada, 'Shared-With');
    const p = (await gh.as(ada).post('/api/v1/entities', { type: 'project', name: 'Group shared' })).json();
    const acl = await gh.as(ada).put(`/api/v1/entities/${p.id}/acl`, {
      entries: [{ principalId: ada.id, accessTypes: ['READ', 'CHANGE_PERMISSIONS'] }, { principalId: g.id, accessTypes: ['READ'] }],
    });
    expect(acl.statusCode, acl.body).toBe(200);
    const res = await gh.as(ada).delete('/api/v1/groups/Shared-With');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'GROUP_IN_ACL', entities: [p.id] });
  });

  it('a group shared on a project grants its members, nested ones too, and stops at once when they leave', async () => {
    const g = await create(ada, 'Readers');
    await create(ada, 'Readers-Inner');
    await add(ada, 'Readers', { group: 'Readers-Inner' });
    await add(ada, 'Readers-Inner', { userId: dan.id });
    const p = (await gh.as(ada).post('/api/v1/entities', { type: 'project', name: 'Shared with readers' })).json();
    await gh.as(ada).put(`/api/v1/entities/${p.id}/acl`, {
      entries: [{ principalId: ada.id, accessTypes: ['READ', 'CHANGE_PERMISSIONS'] }, { principalId: g.id, accessTypes: ['READ'] }],
    });
    expect((await gh.as(dan).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(200);
    await gh.as(dan).delete(`/api/v1/groups/Readers-Inner/members/${dan.id}`);
    expect((await gh.as(dan).get(`/api/v1/entities/${p.id}`)).statusCode).toBe(404);
  });
});
