import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';

let gh: TestGatehouse;
let act: TestUser;
beforeAll(async () => {
  gh = await startTestGatehouse({ uploadLimitBytes: 1024 });
  act = await gh.user('reviewer', { act: true });
});
afterAll(async () => gh?.stop());

interface UploadFile {
  name: string;
  content: string | Buffer;
  type?: string;
}

const FORM = { firstName: 'Iris', lastName: 'Ng', institution: 'Example University', location: 'Lyon, France', orcid: '0000-0002-1825-0097' };

/** A multipart/form-data body as a browser would send it. */
async function multipart(fields: Record<string, string>, files: UploadFile[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const f of files) form.append('files', new Blob([typeof f.content === 'string' ? f.content : new Uint8Array(f.content)], { type: f.type ?? 'application/pdf' }), f.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

async function submit(user: TestUser, fields: Record<string, string> = FORM, files: UploadFile[] = [{ name: 'letter.pdf', content: '%PDF-1.4 letter' }]) {
  const { payload, headers } = await multipart(fields, files);
  return gh.as(user).post('/api/v1/verifications', payload, headers);
}

const emailsTo = async (username: string) =>
  (await gh.ctx.db.query<{ kind: string; subject: string; body: string }>(
    `SELECT kind, subject, body FROM outbox WHERE recipient = $1 ORDER BY id`, [`${username}@example.org`]));

describe('identity verification', () => {
  it('a user submits a verification with a document; ACT is told, sees it, approves it, and the user becomes validated and gets an email', async () => {
    const iris = await gh.user('iris');
    const res = await submit(iris, FORM, [{ name: 'letter.pdf', content: '%PDF-1.4 letter' }, { name: 'licence.png', content: 'PNGDATA', type: 'image/png' }]);
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({
      userId: iris.id, username: 'iris', state: 'submitted', firstName: 'Iris', lastName: 'Ng', institution: 'Example University',
      location: 'Lyon, France', orcid: '0000-0002-1825-0097', note: '', decidedAt: null, decidedBy: null, reason: null,
    });
    expect(v.attachments).toEqual([
      expect.objectContaining({ fileName: 'letter.pdf', size: 15, contentType: 'application/pdf' }),
      expect.objectContaining({ fileName: 'licence.png', size: 7, contentType: 'image/png' }),
    ]);

    // ACT is told in the app, with a link to the request.
    const notes = (await gh.as(act).get('/api/v1/notifications')).json().items;
    expect(notes[0]).toMatchObject({ kind: 'verification.submitted', link: `/act/verifications/${v.id}` });
    expect((await emailsTo('reviewer')).map((e) => e.kind)).toContain('verification.submitted');

    const queue = (await gh.as(act).get('/api/v1/verifications?state=submitted')).json();
    expect(queue.items.map((x: { id: number }) => x.id)).toContain(v.id);
    const file = await gh.as(act).get(`/api/v1/verifications/${v.id}/attachments/${v.attachments[1].blobId}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('PNGDATA');
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="licence.png"/);
    const tail = await gh.as(act).get(`/api/v1/verifications/${v.id}/attachments/${v.attachments[1].blobId}`, { range: 'bytes=-4' });
    expect([tail.statusCode, tail.body, tail.headers['content-range']]).toEqual([206, 'DATA', 'bytes 3-6/7']);

    const approved = await gh.as(act).post(`/api/v1/verifications/${v.id}/decision`, { decision: 'approve' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approved', decidedBy: act.id, decidedByName: 'Reviewer', decidedAt: gh.clock.now().toISOString() });

    expect((await gh.as(iris).get('/api/v1/me')).json().isValidated).toBe(true);
    const tiers = (await gh.as(iris).get('/api/v1/me/tiers')).json();
    expect(tiers.validated).toBe(true);
    expect(tiers.history).toEqual([expect.objectContaining({ tier: 'validated', change: 'granted', how: 'verification-approved', actorId: act.id })]);
    const mail = await emailsTo('iris');
    expect(mail).toEqual([expect.objectContaining({ kind: 'verification.approved', subject: 'Your identity verification was approved' })]);
    expect((await gh.as(iris).get('/api/v1/verifications/mine')).json().items).toEqual([expect.objectContaining({ id: v.id, state: 'approved' })]);

    // A validated user has nothing more to verify.
    const again = await submit(iris);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_VALIDATED');
  });

  it('a rejection needs a reason, which the user is told; the user can then submit again', async () => {
    const jon = await gh.user('jon');
    const v = (await submit(jon)).json();
    const noReason = await gh.as(act).post(`/api/v1/verifications/${v.id}/decision`, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('REASON_REQUIRED');
    expect((await gh.as(jon).get(`/api/v1/verifications/${v.id}`)).json().state).toBe('submitted');
    expect(await emailsTo('jon')).toEqual([]);

    const rejected = await gh.as(act).post(`/api/v1/verifications/${v.id}/decision`, { decision: 'reject', reason: 'The letter is not signed.' });
    expect(rejected.json()).toMatchObject({ state: 'rejected', reason: 'The letter is not signed.' });
    const mail = await emailsTo('jon');
    expect(mail).toHaveLength(1);
    expect(mail[0].kind).toBe('verification.rejected');
    expect(mail[0].body).toContain('The letter is not signed.');
    expect((await gh.as(jon).get('/api/v1/me')).json().isValidated).toBe(false);

    const decidedAgain = await gh.as(act).post(`/api/v1/verifications/${v.id}/decision`, { decision: 'approve' });
    expect(decidedAgain.statusCode).toBe(409);
    expect(decidedAgain.json().code).toBe('NOT_SUBMITTED');
    expect((await submit(jon)).statusCode).toBe(201);
  });

  it('revoking an approved verification removes validated, with the reason told to the user', async () => {
    const kim = await gh.user('kim');
    const v = (await submit(kim)).json();
    await gh.as(act).post(`/api/v1/verifications/${v.id}/decision`, { decision: 'approve' });
    const noReason = await gh.as(act).post(`/api/v1/verifications/${v.id}/revoke`, { reason: '' });
    expect(noReason.json().code).toBe('REASON_REQUIRED');
    expect((await gh.as(kim).get('/api/v1/me')).json().isValidated).toBe(true);

    gh.clock.advance(3_600_000);
    const revoked = await gh.as(act).post(`/api/v1/verifications/${v.id}/revoke`, { reason: 'The institution says Kim left in 2025.' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', reason: 'The institution says Kim left in 2025.' });
    expect((await gh.as(kim).get('/api/v1/me')).json().isValidated).toBe(false);
    const history = (await gh.as(kim).get('/api/v1/me/tiers')).json().history;
    expect(history.map((e: { change: string; how: string }) => `${e.change}:${e.how}`)).toEqual(['granted:verification-approved', 'revoked:verification-revoked']);
    expect((await emailsTo('kim')).map((e) => e.kind)).toEqual(['verification.approved', 'verification.revoked']);
  });

  it('a user who is not in ACT cannot list, decide or revoke verifications, nor see those of others', async () => {
    const lea = await gh.user('lea');
    const max = await gh.user('max');
    const v = (await submit(lea)).json();
    expect((await gh.as(max).get('/api/v1/verifications')).statusCode).toBe(403);
    const decide = await gh.as(lea).post(`/api/v1/verifications/${v.id}/decision`, { decision: 'approve' });
    expect(decide.statusCode).toBe(403);
    expect(decide.json().code).toBe('ACT_REQUIRED');
    expect((await gh.as(max).post(`/api/v1/verifications/${v.id}/revoke`, { reason: 'x' })).statusCode).toBe(403);
    expect((await gh.as(max).get(`/api/v1/verifications/${v.id}`)).statusCode).toBe(404);
    expect((await gh.as(max).get(`/api/v1/verifications/${v.id}/attachments/${v.attachments[0].blobId}`)).statusCode).toBe(404);
    expect((await gh.as(lea).get(`/api/v1/verifications/${v.id}`)).json().state).toBe('submitted');
    expect((await gh.as(lea).get('/api/v1/me')).json().isValidated).toBe(false);
  });

  it('only one verification is under review at a time; withdrawing it allows a new one', async () => {
    const mia = await gh.user('mia');
    const first = (await submit(mia)).json();
    const second = await submit(mia);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'VERIFICATION_OPEN', verificationId: first.id });
    const withdrawn = await gh.as(mia).post(`/api/v1/verifications/${first.id}/withdraw`);
    expect(withdrawn.json().state).toBe('withdrawn');
    expect((await submit(mia)).statusCode).toBe(201);
    expect((await gh.as(mia).get('/api/v1/verifications/mine')).json().items.map((x: { state: string }) => x.state)).toEqual(['submitted', 'withdrawn']);
  });

  it('a submission without a file, with a missing field, a bad ORCID or too large a file is refused and stores nothing', async () => {
    const ned = await gh.user('ned');
    const noFile = await submit(ned, FORM, []);
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().code).toBe('FILE_REQUIRED');

    const { institution: _, ...withoutInstitution } = FORM;
    const missing = await submit(ned, withoutInstitution);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.institution', message: 'is required' }] });

    const badOrcid = await submit(ned, { ...FORM, orcid: '0000-0002-1825-0098' });
    expect(badOrcid.json().errors).toEqual([expect.objectContaining({ field: 'body.orcid' })]);

    const tooLarge = await submit(ned, FORM, [{ name: 'scan.pdf', content: Buffer.alloc(2048, 1) }]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('FILE_TOO_LARGE');

    const json = await gh.as(ned).post('/api/v1/verifications', FORM);
    expect(json.statusCode).toBe(415);

    expect((await gh.as(ned).get('/api/v1/verifications/mine')).json().items).toEqual([]);
    const { count } = await gh.ctx.db.one<{ count: number }>('SELECT count(*)::int AS count FROM blobs WHERE created_by = $1', [ned.id]);
    expect(count).toBe(0);
  });

  it('other JSON routes still refuse multipart bodies', async () => {
    const olga = await gh.user('olga');
    const { payload, headers } = await multipart({ name: 'laptop' }, []);
    const res = await gh.as(olga).post('/api/v1/tokens', payload, headers);
    expect(res.statusCode).toBe(415);
  });
});
