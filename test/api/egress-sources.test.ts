import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';

let gh: TestGatehouse;
let root: TestUser;
let sec: TestUser;
let act: TestUser;
let alice: TestUser;

beforeAll(async () => {
  gh = await startTestGatehouse();
  root = await gh.user('root', { admin: true });
  sec = await gh.user('sec', { security: true });
  act = await gh.user('actor', { act: true, governance: true });
  alice = await gh.user('alice');
});
afterAll(async () => gh?.stop());

async function create(name: string, by: TestUser = sec) {
  const res = await gh.as(by).post('/api/v1/egress/sources', { name, description: 'Zeek on the analysis VPC' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { source: { id: number; secrets: { id: number; active: boolean; retiredAt: string | null }[] }; secret: string; secretId: number };
}

describe('egress sources', () => {
  it('a security engineer creates a source and sees its secret once; lists show the secret only by its hint', async () => {
    const created = await create('zeek-vpc');
    expect(created.secret).toMatch(/^gh_egs_[A-Za-z0-9_-]{40,}$/);
    expect(created.source).toMatchObject({ name: 'zeek-vpc', status: 'active', activeSecrets: 1, description: 'Zeek on the analysis VPC' });
    const one = await gh.as(sec).get(`/api/v1/egress/sources/${created.source.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(created.secret);
    expect(one.json().secrets[0]).toMatchObject({ id: created.secretId, active: true, hint: created.secret.slice(0, 11) });
    const list = await gh.as(root).get('/api/v1/egress/sources');
    expect(list.json().items.map((s: { name: string }) => s.name)).toContain('zeek-vpc');
    expect(list.body).not.toContain(created.secret);
    // The secret signs deliveries.
    expect((await send(gh, event(gh), { source: 'zeek-vpc', secrets: [created.secret] })).statusCode).toBe(200);
    // Names are unique.
    const again = await gh.as(sec).post('/api/v1/egress/sources', { name: 'zeek-vpc' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SOURCE_EXISTS');
    expect((await gh.as(sec).post('/api/v1/egress/sources', { name: 'Not a name!' })).json().code).toBe('BAD_SOURCE_NAME');
  });

  it('everyone but security engineers and admins is refused with SECURITY_REQUIRED, ACT and governance included; unknown ids are 404', async () => {
    for (const user of [alice, act]) {
      for (const res of [
        await gh.as(user).get('/api/v1/egress/sources'),
        await gh.as(user).post('/api/v1/egress/sources', { name: 'sneaky' }),
        await gh.as(user).get('/api/v1/egress/events'),
        await gh.as(user).get('/api/v1/egress/deliveries?result=refused'),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('SECURITY_REQUIRED');
      }
    }
    expect((await gh.as(null).get('/api/v1/egress/sources')).statusCode).toBe(401);
    expect((await gh.as(sec).get('/api/v1/egress/sources/999999')).json()).toMatchObject({ status: 404, code: 'SOURCE_NOT_FOUND' });
    expect((await gh.as(sec).post('/api/v1/egress/sources/999999/secrets', {})).statusCode).toBe(404);
    expect((await gh.as(sec).post('/api/v1/egress/sources/999999/disable', { reason: 'x' })).statusCode).toBe(404);
    const s = await create('probe-404');
    expect((await gh.as(sec).post(`/api/v1/egress/sources/${s.source.id}/secrets/999999/retire`)).json()).toMatchObject({ status: 404, code: 'SECRET_NOT_FOUND' });
  });

  it('rotation: old and new secrets both verify until the old one is retired; a third active secret is refused', async () => {
    const { source, secret: old, secretId: oldId } = await create('rotating');
    const rotated = await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/secrets`, {});
    expect(rotated.statusCode, rotated.body).toBe(201);
    const { secret: fresh, secretId: freshId } = rotated.json();
    expect(fresh).not.toBe(old);
    expect(rotated.json().source.activeSecrets).toBe(2);
    // The old secret now has an end: the grace period (24 h by default).
    const oldView = rotated.json().source.secrets.find((s: { id: number }) => s.id === oldId);
    expect(new Date(oldView.retiredAt).getTime() - gh.clock.now().getTime()).toBe(24 * 3600_000);

    expect((await send(gh, event(gh), { source: 'rotating', secrets: [old] })).statusCode).toBe(200);
    expect((await send(gh, event(gh), { source: 'rotating', secrets: [fresh] })).statusCode).toBe(200);
    // A monitor switching over signs with both.
    expect((await send(gh, event(gh), { source: 'rotating', secrets: [old, fresh] })).statusCode).toBe(200);

    const third = await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/secrets`, {});
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe('TOO_MANY_SECRETS');

    const retired = await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/secrets/${oldId}/retire`);
    expect(retired.statusCode, retired.body).toBe(200);
    expect(retired.json().activeSecrets).toBe(1);
    const refused = await send(gh, event(gh), { source: 'rotating', secrets: [old] });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('BAD_SIGNATURE');
    expect((await send(gh, event(gh), { source: 'rotating', secrets: [fresh] })).statusCode).toBe(200);
    expect((await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/secrets/${oldId}/retire`)).json().code).toBe('SECRET_RETIRED');
    expect(freshId).toBeGreaterThan(oldId);
  });

  it('after the grace period the previous secret stops verifying by itself', async () => {
    const { source, secret: old } = await create('graceful');
    const { secret: fresh } = (await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/secrets`, { graceHours: 1 })).json();
    gh.clock.advance(59 * 60_000);
    expect((await send(gh, event(gh), { source: 'graceful', secrets: [old] })).statusCode).toBe(200);
    gh.clock.advance(2 * 60_000);
    expect((await send(gh, event(gh), { source: 'graceful', secrets: [old] })).json().code).toBe('BAD_SIGNATURE');
    expect((await send(gh, event(gh), { source: 'graceful', secrets: [fresh] })).statusCode).toBe(200);
    expect((await gh.as(sec).get(`/api/v1/egress/sources/${source.id}`)).json().activeSecrets).toBe(1);
  });

  it('a disabled source is refused, and accepted again once enabled; every change is in the audit log', async () => {
    const { source, secret } = await create('switchable');
    const disabled = await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/disable`, { reason: 'monitor decommissioned' });
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    const refused = await send(gh, event(gh), { source: 'switchable', secrets: [secret] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('SOURCE_DISABLED');
    expect((await gh.as(sec).post(`/api/v1/egress/sources/${source.id}/enable`, {})).json()).toMatchObject({ status: 'active' });
    expect((await send(gh, event(gh), { source: 'switchable', secrets: [secret] })).statusCode).toBe(200);

    const log = (await gh.as(root).get(`/api/v1/audit-log?targetType=egress-source&targetId=${source.id}`)).json();
    expect((log.items as { action: string }[]).map((e) => e.action).reverse())
      .toEqual(['egress.source-created', 'egress.source-disabled', 'egress.source-enabled']);
    expect(JSON.stringify(log)).not.toContain(secret);
  });
});
