import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { checkSignature, parseSignatureHeader } from '../../src/egress/signature.js';
import { deliverTicketWebhooks } from '../../src/audit/incidents.js';

const ALL = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
const SECRET = 'ticket-secret';

let gh: TestGatehouse;
let act: TestUser;
let act2: TestUser;
let sec: TestUser;
let gov: TestUser;
let owner: TestUser;
let coOwner: TestUser;
let alice: TestUser;
let cm: TestUser;
let nobody: TestUser;
let project: { id: string; name: string };
let folder: { id: string; name: string };
let server: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let answer = 200;

const num = (syn: string) => Number(syn.replace('syn', ''));

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{"ticket":"GOV-1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/tickets`;
  gh = await startTestGatehouse({ auditTicketWebhookUrl: url, auditTicketWebhookSecret: SECRET, sessionTtlHours: 24 * 365 });
  act = await gh.user('actmember', { act: true });
  act2 = await gh.user('actsecond', { act: true });
  sec = await gh.user('secengineer', { security: true });
  gov = await gh.user('director', { governance: true });
  owner = await gh.user('owner', { certified: true });
  coOwner = await gh.user('coowner');
  alice = await gh.user('alice');
  cm = await gh.user('mette');
  nobody = await gh.user('nobody');
  project = (await gh.as(owner).post('/api/v1/entities', { type: 'project', name: 'AD Knowledge Portal' })).json();
  const acl = await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, { entries: [
    { principalId: owner.id, accessTypes: ALL }, { principalId: coOwner.id, accessTypes: ALL }, { principalId: alice.id, accessTypes: ['READ', 'DOWNLOAD'] },
  ] });
  expect(acl.statusCode, acl.body).toBe(200);
  const f = await gh.as(owner).post('/api/v1/entities', { type: 'folder', name: 'Raw genotypes', parentId: project.id });
  expect(f.statusCode, f.body).toBe(201);
  folder = f.json();
});
afterAll(async () => {
  await gh?.stop();
  server?.close();
});

let seq = 0;
/** A finding as the runs helper's queries write it, optionally found by a run over the first half of 2026. */
async function finding(kind: 'top-downloader' | 'restriction-change', withRun = true): Promise<number> {
  const now = gh.clock.now();
  seq++;
  const row = kind === 'top-downloader'
    ? await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_findings (fingerprint, query, use_case, project_id, user_id, occurred_at, detail, raised_by, raised_at, updated_at)
       VALUES ($1, 'top-downloaders', NULL, NULL, $2, $3, $4, 'periodic', $3, $3) RETURNING id`,
      [`top-downloaders:2026-01-01:2026-07-01:${alice.id}:${seq}`, alice.id, now, JSON.stringify({
        summary: 'Alice downloaded 1,204 files (38 GB) from 1 project between 1 January and 30 June 2026.',
        files: 1204, bytes: 38e9, distinctFiles: 900, topProjects: [{ projectId: project.id, name: project.name, files: 1204 }],
      })])
    : await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_findings (fingerprint, query, use_case, project_id, entity_id, user_id, occurred_at, detail, raised_by, raised_at, updated_at)
       VALUES ($1, 'restriction-change', 'ar-removed', $2, $3, $4, $5, $6, 'continuous', $5, $5) RETURNING id`,
      [`restriction-change:${num(folder.id)}:${now.toISOString()}:${seq}`, num(project.id), num(folder.id), owner.id, now, JSON.stringify({
        summary: 'The access requirement was removed from the public folder Raw genotypes in AD Knowledge Portal.',
        before: { isPublic: true, isRestricted: true, isControlled: true }, after: { isPublic: true, isRestricted: false, isControlled: false },
      })]);
  const id = Number(row.id);
  await gh.ctx.db.query(`INSERT INTO audit_finding_events (finding_id, at, kind, body) VALUES ($1, $2, 'raised', 'Raised by the audit')`, [id, now]);
  if (withRun) {
    const run = await gh.ctx.db.one<{ id: number }>(
      `INSERT INTO audit_runs (period_from, period_to, state, started_by, started_at, finished_at) VALUES ('2026-01-01', '2026-07-01', 'finished', $1, $2, $2) RETURNING id`,
      [sec.id, now]);
    await gh.ctx.db.query('INSERT INTO audit_run_findings (run_id, finding_id) VALUES ($1, $2)', [run.id, id]);
  }
  return id;
}

const auditActions = async (action: string, targetId: number | string) =>
  gh.ctx.db.query<{ actor_id: number; details: Record<string, unknown> }>('SELECT actor_id, details FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY seq', [action, String(targetId)]);

describe('the case file of a finding', () => {
  it('names the project, the entity with its path, the user with their address, the run, the trail and whom to contact', async () => {
    const id = await finding('restriction-change');
    const res = await gh.as(gov).get(`/api/v1/audit/findings/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({
      id, query: 'restriction-change', useCase: 'ar-removed', state: 'new', owner: null,
      summary: 'The access requirement was removed from the public folder Raw genotypes in AD Knowledge Portal.',
      project: { id: project.id, name: 'AD Knowledge Portal', communityManager: null },
      entity: { id: folder.id, name: 'Raw genotypes', type: 'folder', path: [{ id: project.id, name: 'AD Knowledge Portal' }, { id: folder.id, name: 'Raw genotypes' }] },
      user: { id: owner.id, username: 'owner', displayName: 'Owner', email: 'owner@example.org' },
      allowedStates: ['contacted', 'explained', 'closed'],
    });
    expect(f.detail.before).toEqual({ isPublic: true, isRestricted: true, isControlled: true });
    expect(f.runs).toEqual([expect.objectContaining({ periodFrom: '2026-01-01T00:00:00.000Z', periodTo: '2026-07-01T00:00:00.000Z' })]);
    expect(f.events.map((e: { kind: string }) => e.kind)).toEqual(['raised']);
    const byTo = Object.fromEntries(f.contacts.map((c: { to: string }) => [c.to, c]));
    expect(byTo['project-owner'].recipients.map((r: { username: string }) => r.username).sort()).toEqual(['coowner', 'owner']);
    expect(byTo['community-manager']).toMatchObject({ available: false, recipients: [] });
    expect(byTo['community-manager'].reason).toMatch(/no community manager/);
    expect(byTo['project-owner'].body).toContain('Dear Owner and Coowner');
    expect(byTo['project-owner'].body).toContain('- Raw genotypes (' + folder.id + ')');
    expect(byTo['project-owner'].body).toContain('1 January 2026 to 30 June 2026');
    expect(byTo['project-owner'].subject).toBe(`Gatehouse security audit: files in AD Knowledge Portal (${project.id}) flagged for review`);
  });

  it('is for audit readers only, and a finding that does not exist is 404', async () => {
    const id = await finding('top-downloader');
    expect((await gh.as(nobody).get(`/api/v1/audit/findings/${id}`)).json().code).toBe('AUDIT_ACCESS_REQUIRED');
    const missing = await gh.as(act).get('/api/v1/audit/findings/999999');
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'AUDIT_FINDING_NOT_FOUND']);
    // Governance reads but does not triage.
    const patch = await gh.as(gov).patch(`/api/v1/audit/findings/${id}`, { state: 'closed' });
    expect([patch.statusCode, patch.json().code]).toEqual([403, 'AUDIT_TRIAGE_REQUIRED']);
  });
});

describe('assigning and moving a finding', () => {
  it('assigns an ACT member, refuses someone outside the audit roles by the field, and logs each change', async () => {
    const id = await finding('top-downloader');
    const bad = await gh.as(act).patch(`/api/v1/audit/findings/${id}`, { ownerId: alice.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'AUDIT_OWNER_NOT_ELIGIBLE', errors: [expect.objectContaining({ field: 'body.ownerId' })] });
    expect((await gh.as(act).get(`/api/v1/audit/findings/${id}`)).json().owner).toBeNull();

    const ok = await gh.as(sec).patch(`/api/v1/audit/findings/${id}`, { ownerId: act2.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().owner).toEqual({ id: act2.id, displayName: 'Actsecond' });
    expect(ok.json().events.at(-1)).toMatchObject({ kind: 'owner', body: 'Assigned to Actsecond', actor: { id: sec.id, displayName: 'Secengineer' } });
    expect(await auditActions('audit.finding-assigned', id)).toEqual([expect.objectContaining({ actor_id: sec.id, details: { from: null, to: act2.id } })]);
  });

  it('reaches incident only by raising one, and reopens a closed finding only with a note', async () => {
    const id = await finding('top-downloader');
    const inc = await gh.as(act).patch(`/api/v1/audit/findings/${id}`, { state: 'incident' });
    expect([inc.statusCode, inc.json().code]).toEqual([409, 'AUDIT_INCIDENT_ONLY_BY_RAISING']);
    const closed = await gh.as(act).patch(`/api/v1/audit/findings/${id}`, { state: 'closed', note: 'Expected: a bulk reanalysis.' });
    expect(closed.json()).toMatchObject({ state: 'closed', allowedStates: ['new'] });
    const toExplained = await gh.as(act).patch(`/api/v1/audit/findings/${id}`, { state: 'explained' });
    expect([toExplained.statusCode, toExplained.json().code]).toEqual([409, 'AUDIT_STATE_MOVE_NOT_ALLOWED']);
    const noNote = await gh.as(act).patch(`/api/v1/audit/findings/${id}`, { state: 'new' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('body.note');
    const reopened = await gh.as(act).patch(`/api/v1/audit/findings/${id}`, { state: 'new', note: 'The user wrote again: the account was shared.' });
    expect(reopened.json().state).toBe('new');
    const states = reopened.json().events.filter((e: { kind: string }) => e.kind === 'state');
    expect(states.map((e: { details: unknown; body: string }) => [e.details, e.body])).toEqual([
      [{ from: 'new', to: 'closed' }, 'Expected: a bulk reanalysis.'],
      [{ from: 'closed', to: 'new' }, 'The user wrote again: the account was shared.'],
    ]);
    expect((await auditActions('audit.finding-state', id)).length).toBe(2);
  });

  it('adds notes to the trail', async () => {
    const id = await finding('top-downloader');
    const res = await gh.as(act).post(`/api/v1/audit/findings/${id}/notes`, { body: 'Checked the egress dashboard: nothing.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().events.at(-1)).toMatchObject({ kind: 'note', body: 'Checked the egress dashboard: nothing.', actor: { id: act.id } });
    const blank = await gh.as(act).post(`/api/v1/audit/findings/${id}/notes`, { body: '   ' });
    expect(blank.statusCode).toBe(400);
  });
});

describe('contacting and replies', () => {
  it('emails the top downloader the seed\'s request through the outbox, records the text sent, then the reply', async () => {
    const id = await finding('top-downloader');
    const res = await gh.as(act).post(`/api/v1/audit/findings/${id}/contacts`, { to: 'user' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().state).toBe('contacted');
    const mail = await gh.ctx.db.query<{ recipient: string; subject: string; body: string; kind: string; status: string }>(
      `SELECT recipient, subject, body, kind, status FROM outbox WHERE kind = 'audit.contact' AND recipient = 'alice@example.org' ORDER BY id DESC LIMIT 1`);
    expect(mail[0]).toMatchObject({ subject: 'Gatehouse security audit: please confirm your account activity', status: 'pending' });
    expect(mail[0].body).toMatch(/^Dear Alice,/);
    expect(mail[0].body).toContain('routine security audit of 1 January 2026 to 30 June 2026');
    expect(mail[0].body).toContain('you have not shared them with anyone else');
    expect(mail[0].body).toContain('Actmember, Access and Compliance Team');
    const contact = res.json().events.at(-1);
    expect(contact).toMatchObject({ kind: 'contact', details: { to: 'user', templateKey: 'top-downloader', templateVersion: 1, edited: false } });
    expect(contact.body).toContain(mail[0].body);

    const replied = await gh.as(act).post(`/api/v1/audit/findings/${id}/replies`, {
      from: 'alice@example.org', body: 'I ran the reanalysis pipeline; my account is mine alone.', receivedAt: '2026-03-01T12:00:00Z',
    });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json()).toMatchObject({ state: 'explained', repliedAt: '2026-03-01T12:00:00.000Z' });
    expect(replied.json().reply).toContain('I ran the reanalysis pipeline');
    expect(replied.json().events.at(-1)).toMatchObject({ kind: 'reply', details: { from: 'alice@example.org', state: 'explained' } });
  });

  it('sends the text as edited, and a reply may keep the finding waiting', async () => {
    const id = await finding('top-downloader');
    const res = await gh.as(act).post(`/api/v1/audit/findings/${id}/contacts`, { to: 'user', subject: 'About your downloads', body: 'Dear {name}, please call us.' });
    expect(res.statusCode, res.body).toBe(201);
    const [mail] = await gh.ctx.db.query<{ subject: string; body: string }>(`SELECT subject, body FROM outbox WHERE kind = 'audit.contact' ORDER BY id DESC LIMIT 1`);
    expect(mail).toEqual({ subject: 'About your downloads', body: 'Dear Alice, please call us.' });
    const waiting = await gh.as(act).post(`/api/v1/audit/findings/${id}/replies`, { from: 'Alice', body: 'Out of office until Monday.', state: 'contacted' });
    expect(waiting.json().state).toBe('contacted');
  });

  it('refuses to contact a community manager who is not set, then emails the one the project admin sets', async () => {
    const id = await finding('restriction-change');
    const none = await gh.as(act).post(`/api/v1/audit/findings/${id}/contacts`, { to: 'community-manager' });
    expect([none.statusCode, none.json().code]).toEqual([409, 'AUDIT_CONTACT_UNAVAILABLE']);
    const outsider = await gh.as(alice).put(`/api/v1/entities/${project.id}/community-manager`, { userId: cm.id });
    expect(outsider.statusCode).toBe(403);
    const notProject = await gh.as(owner).put(`/api/v1/entities/${folder.id}/community-manager`, { userId: cm.id });
    expect([notProject.statusCode, notProject.json().code]).toEqual([400, 'AUDIT_NOT_A_PROJECT']);
    const set = await gh.as(owner).put(`/api/v1/entities/${project.id}/community-manager`, { userId: cm.id });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().communityManager).toMatchObject({ id: cm.id, displayName: 'Mette' });
    expect(await auditActions('audit.community-manager-set', project.id)).toEqual([expect.objectContaining({ actor_id: owner.id, details: { from: null, to: cm.id } })]);
    // Anyone who reads the project sees who it is, not the address.
    const shown = await gh.as(alice).get(`/api/v1/entities/${project.id}/community-manager`);
    expect(shown.json().communityManager).toMatchObject({ displayName: 'Mette', email: '' });

    const sent = await gh.as(act).post(`/api/v1/audit/findings/${id}/contacts`, { to: 'community-manager' });
    expect(sent.statusCode, sent.body).toBe(201);
    const [mail] = await gh.ctx.db.query<{ recipient: string; body: string }>(`SELECT recipient, body FROM outbox WHERE kind = 'audit.contact' ORDER BY id DESC LIMIT 1`);
    expect(mail.recipient).toBe('mette@example.org');
    expect(mail.body).toContain(`As the community manager of AD Knowledge Portal (${project.id})`);

    const cleared = await gh.as(act).put(`/api/v1/entities/${project.id}/community-manager`, { userId: null });
    expect(cleared.json().communityManager).toBeNull();
  });

  it('emails every project owner', async () => {
    const id = await finding('restriction-change');
    const before = (await gh.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE kind = 'audit.contact'`)).n;
    const res = await gh.as(act).post(`/api/v1/audit/findings/${id}/contacts`, { to: 'project-owner' });
    expect(res.statusCode, res.body).toBe(201);
    const mails = await gh.ctx.db.query<{ recipient: string }>(`SELECT recipient FROM outbox WHERE kind = 'audit.contact' ORDER BY id OFFSET $1`, [before]);
    expect(mails.map((m) => m.recipient).sort()).toEqual(['coowner@example.org', 'owner@example.org']);
  });
});

describe('contact templates', () => {
  it('keeps every version with who changed it, refuses unknown placeholders, and contacts use the version in force', async () => {
    const list = (await gh.as(gov).get('/api/v1/audit/templates')).json().items;
    expect(list.map((t: { key: string }) => t.key)).toEqual(['top-downloader', 'anomaly-user', 'anomaly-project-owner', 'anomaly-community-manager']);
    const typo = await gh.as(act).put('/api/v1/audit/templates/anomaly-user', { subject: 'Audit', body: 'Dear {nmae}' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().errors[0]).toMatchObject({ field: 'body.body' });
    expect(typo.json().detail).toContain('{nmae}');
    const forbiddenEdit = await gh.as(gov).put('/api/v1/audit/templates/anomaly-user', { subject: 'x', body: 'y' });
    expect(forbiddenEdit.statusCode).toBe(403);
    const saved = await gh.as(act).put('/api/v1/audit/templates/anomaly-user', { subject: 'Audit of {period}', body: 'Dear {name}, about {entities}.', expectedVersion: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, changedBy: { id: act.id } });
    const stale = await gh.as(act2).put('/api/v1/audit/templates/anomaly-user', { subject: 'x', body: 'y', expectedVersion: 1 });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'AUDIT_TEMPLATE_STALE']);
    const history = (await gh.as(act).get('/api/v1/audit/templates')).json().items.find((t: { key: string }) => t.key === 'anomaly-user').history;
    expect(history.map((h: { version: number; changedBy: unknown }) => [h.version, h.changedBy])).toEqual([[2, { id: act.id, displayName: 'Actmember' }], [1, null]]);
    expect(await auditActions('audit.template-changed', 'anomaly-user')).toHaveLength(1);

    const id = await finding('restriction-change');
    // The owner of the changed folder is the finding's user: the user's notice is the anomaly template.
    const res = await gh.as(act).post(`/api/v1/audit/findings/${id}/contacts`, { to: 'user' });
    expect(res.json().events.at(-1).details).toMatchObject({ templateKey: 'anomaly-user', templateVersion: 2, subject: 'Audit of 1 January 2026 to 30 June 2026' });
    const missing = await gh.as(act).put('/api/v1/audit/templates/nope', { subject: 'x', body: 'y' });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'AUDIT_TEMPLATE_NOT_FOUND']);
  });
});

describe('incidents', () => {
  it('records the incident, posts a signed ticket through the outbox, and closing it closes the finding', async () => {
    const id = await finding('top-downloader');
    const res = await gh.as(act).post(`/api/v1/audit/findings/${id}/incidents`, {
      title: 'Shared credentials', description: 'Alice told us her account was used by a colleague.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const incident = res.json();
    expect(incident).toMatchObject({ state: 'open', title: 'Shared credentials', openedBy: { id: act.id }, ticket: { status: 'pending' }, findings: [{ id, state: 'incident' }] });
    expect((await gh.as(act).get(`/api/v1/audit/findings/${id}`)).json()).toMatchObject({ state: 'incident', incidents: [{ id: incident.id, state: 'open' }] });

    answer = 503;
    expect(await deliverTicketWebhooks(gh.ctx)).toEqual({ sent: 0, failed: 1 });
    let shown = (await gh.as(gov).get(`/api/v1/governance/incidents/${incident.id}`)).json();
    expect(shown.ticket).toMatchObject({ status: 'pending', attempts: 1, error: 'The ticket system answered 503.' });
    answer = 200;
    gh.clock.advance(60_000);
    expect(await deliverTicketWebhooks(gh.ctx)).toEqual({ sent: 1, failed: 0 });
    const delivery = received.at(-1)!;
    const parsed = parseSignatureHeader(delivery.headers['gatehouse-signature'] as string);
    expect(parsed).not.toBeNull();
    expect(checkSignature(parsed!, Buffer.from(delivery.body), [SECRET], Math.floor(gh.clock.now().getTime() / 1000))).toBe('ok');
    expect(checkSignature(parsed!, Buffer.from(delivery.body), ['wrong'], Math.floor(gh.clock.now().getTime() / 1000))).toBe('mismatch');
    expect(delivery.headers['gatehouse-event']).toBe('governance.incident.opened');
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({ event: 'governance.incident.opened', incident: { id: incident.id, title: 'Shared credentials' }, findings: [{ id, url: `http://gatehouse.test/audit/findings/${id}` }] });
    shown = (await gh.as(gov).get(`/api/v1/governance/incidents/${incident.id}`)).json();
    expect(shown.ticket).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(await deliverTicketWebhooks(gh.ctx)).toEqual({ sent: 0, failed: 0 });

    const log = (await gh.as(gov).get('/api/v1/governance/incidents?state=open')).json();
    expect(log.items.map((i: { id: number }) => i.id)).toContain(incident.id);
    const noResolution = await gh.as(act).patch(`/api/v1/governance/incidents/${incident.id}`, { state: 'closed', resolution: ' ' });
    expect(noResolution.statusCode).toBe(400);
    const byGov = await gh.as(gov).patch(`/api/v1/governance/incidents/${incident.id}`, { state: 'closed', resolution: 'Password reset.' });
    expect(byGov.statusCode).toBe(403);
    const closed = await gh.as(act).patch(`/api/v1/governance/incidents/${incident.id}`, { state: 'closed', resolution: 'Password reset; colleague given an account.' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', resolution: 'Password reset; colleague given an account.', closedBy: { id: act.id }, findings: [{ id, state: 'closed' }] });
    const again = await gh.as(act).patch(`/api/v1/governance/incidents/${incident.id}`, { state: 'closed', resolution: 'again' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'GOVERNANCE_INCIDENT_CLOSED']);
    expect(await auditActions('governance.incident-opened', incident.id)).toHaveLength(1);
    expect(await auditActions('governance.incident-closed', incident.id)).toHaveLength(1);
    const raiseClosed = await gh.as(act).post(`/api/v1/audit/findings/${id}/incidents`, { title: 'x', description: 'y' });
    expect([raiseClosed.statusCode, raiseClosed.json().code]).toEqual([409, 'AUDIT_FINDING_CLOSED']);
  });

  it('raises without a ticket when told not to notify', async () => {
    const id = await finding('restriction-change');
    const before = received.length;
    const res = await gh.as(sec).post(`/api/v1/audit/findings/${id}/incidents`, { title: 'AR removed', description: 'By mistake.', notify: false });
    expect(res.json().ticket.status).toBe('not-sent');
    await deliverTicketWebhooks(gh.ctx);
    expect(received.length).toBe(before);
  });
});

describe('without a ticket webhook', () => {
  it('refuses notify: true, and records the incident alone otherwise', async () => {
    const other = await startTestGatehouse();
    try {
      const a = await other.user('act', { act: true });
      const row = await other.ctx.db.one<{ id: number }>(
        `INSERT INTO audit_findings (fingerprint, query, occurred_at, detail, raised_by, raised_at, updated_at)
         VALUES ('self-approval:1', 'self-approval', $1, '{"summary":"An approval granted by its own accessor."}', 'periodic', $1, $1) RETURNING id`, [other.clock.now()]);
      const refused = await other.as(a).post(`/api/v1/audit/findings/${row.id}/incidents`, { title: 't', description: 'd', notify: true });
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'AUDIT_TICKET_WEBHOOK_NOT_CONFIGURED']);
      const ok = await other.as(a).post(`/api/v1/audit/findings/${row.id}/incidents`, { title: 't', description: 'd' });
      expect(ok.json()).toMatchObject({ state: 'open', ticket: { status: 'not-sent' } });
      const noUser = await other.as(a).post(`/api/v1/audit/findings/${row.id}/contacts`, { to: 'user' });
      expect([noUser.statusCode, noUser.json().code]).toEqual([409, 'AUDIT_CONTACT_UNAVAILABLE']);
    } finally {
      await other.stop();
    }
  });
});
