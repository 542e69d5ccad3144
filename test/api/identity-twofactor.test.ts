import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestGatehouse, TEST_PASSWORD, type TestGatehouse, type TestUser } from '../harness.js';
import { totpCode } from '../../src/identity/totp.js';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startTestGatehouse();
});
afterAll(async () => gh?.stop());

const login = (username: string, extra: Record<string, string> = {}) =>
  gh.as(null).post('/api/v1/auth/login', { username, password: TEST_PASSWORD, ...extra });

/** Enrols the user in 2FA; returns the secret and recovery codes. */
async function enrol(user: TestUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret } = (await gh.as(user).post('/api/v1/me/2fa/enroll')).json();
  const verified = await gh.as(user).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
  expect(verified.statusCode).toBe(200);
  return { secret, recoveryCodes: verified.json().recoveryCodes };
}

describe('two-factor authentication', () => {
  it('after enrolment, sign-in needs a code from the app, and a recovery code works once', async () => {
    const ola = await gh.user('ola');
    const started = await gh.as(ola).post('/api/v1/me/2fa/enroll');
    expect(started.statusCode).toBe(200);
    const { secret, otpauthUri, qrDataUrl } = started.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(otpauthUri).toContain('ola');
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);

    // Not active until verified.
    expect((await gh.as(ola).get('/api/v1/me')).json().twoFactorEnabled).toBe(false);
    expect((await login('ola')).statusCode).toBe(200);
    const wrong = await gh.as(ola).post('/api/v1/me/2fa/verify', { code: '000000' === await totpCode(secret, gh.clock.now()) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('INVALID_TOTP');

    const verified = await gh.as(ola).post('/api/v1/me/2fa/verify', { code: await totpCode(secret, gh.clock.now()) });
    expect(verified.statusCode).toBe(200);
    const { recoveryCodes } = verified.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await gh.as(ola).get('/api/v1/me')).json().twoFactorEnabled).toBe(true);

    const needsCode = await login('ola');
    expect(needsCode.statusCode).toBe(401);
    expect(needsCode.json().code).toBe('TOTP_REQUIRED');
    const badCode = await login('ola', { totp: '12345x' });
    expect(badCode.json().code).toBe('INVALID_TOTP');
    gh.clock.advance(5 * 60_000);
    const ok = await login('ola', { totp: await totpCode(secret, gh.clock.now()) });
    expect(ok.statusCode).toBe(200);

    const withRecovery = await login('ola', { recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(withRecovery.statusCode).toBe(200);
    const reused = await login('ola', { recoveryCode: recoveryCodes[0] });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('INVALID_RECOVERY_CODE');
  });

  it('enrolling again while 2FA is on is refused', async () => {
    const pia = await gh.user('pia');
    await enrol(pia);
    const res = await gh.as(pia).post('/api/v1/me/2fa/enroll');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('TWO_FACTOR_ENABLED');
  });

  it('turning 2FA off needs a valid code; afterwards a password alone signs in', async () => {
    const rex = await gh.user('rex');
    const { secret, recoveryCodes } = await enrol(rex);
    const wrong = await gh.as(rex).post('/api/v1/me/2fa/disable', { code: 'not-a-code' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('INVALID_CODE');
    expect((await gh.as(rex).get('/api/v1/me')).json().twoFactorEnabled).toBe(true);

    const off = await gh.as(rex).post('/api/v1/me/2fa/disable', { code: await totpCode(secret, gh.clock.now()) });
    expect(off.statusCode).toBe(204);
    expect((await gh.as(rex).get('/api/v1/me')).json().twoFactorEnabled).toBe(false);
    expect((await login('rex')).statusCode).toBe(200);
    // The recovery codes went with it.
    expect((await gh.as(rex).post('/api/v1/me/2fa/disable', { code: recoveryCodes[1] })).json().code).toBe('TWO_FACTOR_NOT_ENABLED');
  });

  it('a recovery code also turns 2FA off', async () => {
    const sam = await gh.user('sam');
    const { recoveryCodes } = await enrol(sam);
    expect((await gh.as(sam).post('/api/v1/me/2fa/disable', { code: recoveryCodes[3] })).statusCode).toBe(204);
    expect((await gh.as(sam).get('/api/v1/me')).json().twoFactorEnabled).toBe(false);
  });

  it('new recovery codes replace the old ones', async () => {
    const tia = await gh.user('tia');
    const { secret, recoveryCodes: old } = await enrol(tia);
    const res = await gh.as(tia).post('/api/v1/me/2fa/recovery-codes', { code: await totpCode(secret, gh.clock.now()) });
    expect(res.statusCode).toBe(200);
    const fresh: string[] = res.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => old.includes(c))).toBe(false);
    expect((await login('tia', { recoveryCode: old[0] })).json().code).toBe('INVALID_RECOVERY_CODE');
    expect((await login('tia', { recoveryCode: fresh[0] })).statusCode).toBe(200);
  });

  it('an admin resets the 2FA of a user who lost their device', async () => {
    const admin = await gh.user('ada', { admin: true });
    const uma = await gh.user('uma');
    await enrol(uma);
    expect((await login('uma')).json().code).toBe('TOTP_REQUIRED');
    const res = await gh.as(admin).post(`/api/v1/users/${uma.id}/reset-2fa`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: uma.id, twoFactorEnabled: false });
    expect((await login('uma')).statusCode).toBe(200);
    expect((await gh.as(uma).post(`/api/v1/users/${admin.id}/reset-2fa`)).statusCode).toBe(403);
  });
});

describe('a TOTP code works once (RFC 6238 §5.2)', () => {
  it('a code accepted at sign-in is refused the second time within its 30 s step, and so is an older step', async () => {
    const yan = await gh.user('yan');
    const { secret } = await enrol(yan);
    gh.clock.advance(60_000);
    const code = await totpCode(secret, gh.clock.now());
    expect((await login('yan', { totp: code })).statusCode).toBe(200);
    const again = await login('yan', { totp: code });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'TOTP_REUSED', detail: expect.stringContaining('used already') });
    // Still the same step ten seconds later; the code of the step before (accepted for clock drift) is refused too.
    gh.clock.advance(10_000);
    expect((await login('yan', { totp: code })).json().code).toBe('TOTP_REUSED');
    const previous = await totpCode(secret, new Date(gh.clock.now().getTime() - 30_000));
    if (previous !== code) expect((await login('yan', { totp: previous })).json().code).toBe('TOTP_REUSED');
    // The next step's code signs in.
    gh.clock.advance(30_000);
    expect((await login('yan', { totp: await totpCode(secret, gh.clock.now()) })).statusCode).toBe(200);
  });

  it('two sign-ins racing with one code: exactly one gets a session', async () => {
    const zed = await gh.user('zed');
    const { secret } = await enrol(zed);
    gh.clock.advance(60_000);
    const code = await totpCode(secret, gh.clock.now());
    const results = await Promise.all([1, 2, 3].map(() => login('zed', { totp: code })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
    expect(results.filter((r) => r.statusCode === 401).map((r) => r.json().code)).toEqual(['TOTP_REUSED', 'TOTP_REUSED']);
  });

  it('a code used to sign in cannot also turn 2FA off', async () => {
    const abe = await gh.user('abe');
    const { secret } = await enrol(abe);
    gh.clock.advance(60_000);
    const code = await totpCode(secret, gh.clock.now());
    expect((await login('abe', { totp: code })).statusCode).toBe(200);
    const off = await gh.as(abe).post('/api/v1/me/2fa/disable', { code });
    expect([off.statusCode, off.json().code]).toEqual([400, 'TOTP_REUSED']);
    expect((await gh.as(abe).get('/api/v1/me')).json().twoFactorEnabled).toBe(true);
  });
});

describe('password change', () => {
  it('a user changes their password: the new one signs in, the old one does not, and other sessions end', async () => {
    const vic = await gh.user('vic');
    const otherSession = await signIn(gh, 'vic', TEST_PASSWORD);
    const res = await gh.as(vic).post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'a much better passphrase' });
    expect(res.statusCode).toBe(204);
    expect((await gh.as(vic).get('/api/v1/me')).statusCode).toBe(200);
    expect((await gh.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: otherSession } })).statusCode).toBe(401);
    expect((await login('vic')).json().code).toBe('INVALID_CREDENTIALS');
    expect((await gh.as(null).post('/api/v1/auth/login', { username: 'vic', password: 'a much better passphrase' })).statusCode).toBe(200);
  });

  it('a wrong current password or a weak new one is refused and changes nothing', async () => {
    const wes = await gh.user('wes');
    const wrong = await gh.as(wes).post('/api/v1/me/password', { currentPassword: 'not my password', newPassword: 'a much better passphrase' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('WRONG_PASSWORD');
    const weak = await gh.as(wes).post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.json().code).toBe('WEAK_PASSWORD');
    expect((await login('wes')).statusCode).toBe(200);
  });
});
