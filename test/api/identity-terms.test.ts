import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse } from '../harness.js';
import { DEMO_TERMS_VERSION } from '../../src/demo/demo.js';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

describe('terms of use', () => {
  it('anyone can read the terms in force, signed out too', async () => {
    const res = await gh.as(null).get('/api/v1/terms');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: DEMO_TERMS_VERSION, body: 'Use the data responsibly.', acceptedVersion: null });
  });

  it('a user who has not accepted the terms is refused other calls, but can read and accept them', async () => {
    const nina = await gh.user('nina', { acceptedTerms: false });
    const refused = await gh.as(nina).get('/api/v1/users');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'TERMS_NOT_ACCEPTED' });
    expect((await gh.as(nina).get('/api/v1/me')).json().acceptedTerms).toBe(false);
    expect((await gh.as(nina).get('/api/v1/me/tiers')).json()).toMatchObject({ registered: false });

    const terms = (await gh.as(nina).get('/api/v1/terms')).json();
    expect(terms.acceptedVersion).toBeNull();
    const accepted = await gh.as(nina).post('/api/v1/terms/accept', { version: terms.version });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ username: 'nina', acceptedTerms: true });

    expect((await gh.as(nina).get('/api/v1/users')).statusCode).toBe(200);
    const tiers = (await gh.as(nina).get('/api/v1/me/tiers')).json();
    expect(tiers.registered).toBe(true);
    expect(tiers.history).toEqual([
      expect.objectContaining({ tier: 'registered', change: 'granted', how: 'terms-accepted', actorId: nina.id, actorName: 'Nina' }),
    ]);
  });

  it('accepting a version that is not in force is refused and changes nothing', async () => {
    const omar = await gh.user('omar', { acceptedTerms: false });
    const res = await gh.as(omar).post('/api/v1/terms/accept', { version: '1999-01' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'TERMS_VERSION_MISMATCH', shownVersion: '1999-01', currentVersion: DEMO_TERMS_VERSION,
      current: { version: DEMO_TERMS_VERSION, body: 'Use the data responsibly.' },
    });
    expect((await gh.as(omar).get('/api/v1/me')).json().acceptedTerms).toBe(false);
    expect((await gh.as(omar).get('/api/v1/me/tiers')).json().history).toEqual([]);
  });

  it('an acceptance that does not say which version was read is 400 naming body.version, and changes nothing', async () => {
    const rita = await gh.user('rita', { acceptedTerms: false });
    for (const body of [undefined, {}]) {
      const res = await gh.as(rita).post('/api/v1/terms/accept', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().detail).toContain('body');
    }
    const empty = await gh.as(rita).post('/api/v1/terms/accept', {});
    expect(empty.json().errors).toMatchObject([{ field: 'body.version' }]);
    expect((await gh.as(rita).get('/api/v1/me')).json().acceptedTerms).toBe(false);
    expect((await gh.as(rita).get('/api/v1/me/tiers')).json().history).toEqual([]);
  });

  it('the version accepted is recorded: in the tiers history and in the audit log', async () => {
    const sam = await gh.user('sam', { acceptedTerms: false });
    expect((await gh.as(sam).post('/api/v1/terms/accept', { version: DEMO_TERMS_VERSION })).statusCode).toBe(200);
    expect((await gh.as(sam).get('/api/v1/terms')).json().acceptedVersion).toBe(DEMO_TERMS_VERSION);
    const audit = await gh.ctx.db.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log WHERE target_type = 'user' AND target_id = $1 AND action = 'tier.registered-granted'", [String(sam.id)],
    );
    expect(audit).toMatchObject([{ details: { how: 'terms-accepted', version: DEMO_TERMS_VERSION } }]);
  });

  it('publishing new terms makes every user accept again, and their history shows it', async () => {
    const admin = await gh.user('tessa', { admin: true });
    const paul = await gh.user('paul');
    const published = await gh.as(admin).post('/api/v1/terms', { version: '2026-03', body: 'Use the data responsibly, and report incidents.' });
    expect(published.statusCode).toBe(201);
    expect(published.json()).toMatchObject({ version: '2026-03' });

    const refused = await gh.as(paul).get('/api/v1/users');
    expect(refused.json().code).toBe('TERMS_NOT_ACCEPTED');
    expect((await gh.as(admin).get('/api/v1/users')).json().code).toBe('TERMS_NOT_ACCEPTED');
    const terms = (await gh.as(paul).get('/api/v1/terms')).json();
    expect(terms).toMatchObject({ version: '2026-03', acceptedVersion: DEMO_TERMS_VERSION });
    expect((await gh.as(paul).post('/api/v1/terms/accept', { version: DEMO_TERMS_VERSION })).json().code).toBe('TERMS_VERSION_MISMATCH');

    expect((await gh.as(paul).post('/api/v1/terms/accept', { version: '2026-03' })).json().acceptedTerms).toBe(true);
    expect((await gh.as(paul).get('/api/v1/users')).statusCode).toBe(200);
    const history = (await gh.as(paul).get('/api/v1/me/tiers')).json().history;
    expect(history.map((e: { change: string; how: string }) => `${e.change}:${e.how}`)).toEqual(['revoked:terms-updated', 'granted:terms-accepted']);
    expect(history[0]).toMatchObject({ actorId: admin.id, reason: 'New terms of use were published.' });
  });

  it('only admins publish terms, and a version is published once', async () => {
    const quinn = await gh.user('quinn');
    const current = (await gh.as(quinn).get('/api/v1/terms')).json().version;
    await gh.as(quinn).post('/api/v1/terms/accept', { version: current });
    const res = await gh.as(quinn).post('/api/v1/terms', { version: '2099-01', body: 'Mine.' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ADMIN_REQUIRED');

    const admin = await gh.user('ursula', { admin: true });
    await gh.as(admin).post('/api/v1/terms/accept', { version: current });
    const again = await gh.as(admin).post('/api/v1/terms', { version: current, body: 'Again.' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TERMS_VERSION_EXISTS');
    expect((await gh.as(null).get('/api/v1/terms')).json().version).toBe(current);
  });
});
