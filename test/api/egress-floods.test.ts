import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { event, send } from '../egress.js';

/**
 * An address that keeps sending refused deliveries: the first EGRESS_REFUSED_PER_ADDRESS_PER_MINUTE are stored one
 * by one (with body and reason), the rest of the minute are counted per address and answered 429, so a monitor in
 * a loop or a prober cannot fill the database; the engineer sees both.
 */
let gh: TestGatehouse;
let sec: TestUser;
let secret: string;

beforeAll(async () => {
  gh = await startTestGatehouse({ egressRefusedPerAddressPerMinute: 3 });
  sec = await gh.user('sec', { security: true });
  secret = (await gh.as(sec).post('/api/v1/egress/sources', { name: 'zeek' })).json().secret;
});
afterAll(async () => {
  await gh?.stop();
});

describe('refused deliveries from one address', () => {
  it('are stored up to the limit of the minute, then counted and answered 429 with Retry-After; good ones still go in', async () => {
    const stored = async () => (await gh.ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM egress_deliveries WHERE result = 'refused'`)).n;
    const forged = () => send(gh, event(gh), { source: 'zeek', secrets: ['not-the-secret'] });
    for (let i = 0; i < 3; i++) expect((await forged()).json().code).toBe('BAD_SIGNATURE');
    expect(await stored()).toBe(3);

    const flooded = await forged();
    expect(flooded.statusCode).toBe(429);
    expect(flooded.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(flooded.headers['retry-after']).toMatch(/^\d+$/);
    expect(flooded.json()).toMatchObject({ code: 'TOO_MANY_REFUSED_DELIVERIES', reason: 'BAD_SIGNATURE' });
    expect((await forged()).statusCode).toBe(429);
    expect(await stored()).toBe(3);

    // A correctly signed delivery is never held back by the address's refused ones.
    const good = await send(gh, event(gh, { user: 'nobody' }), { source: 'zeek', secrets: [secret] });
    expect(good.statusCode, good.body).toBe(200);

    const floods = await gh.as(sec).get('/api/v1/egress/deliveries/floods');
    expect(floods.statusCode, floods.body).toBe(200);
    expect(floods.json()).toMatchObject({ total: 1, items: [{ deliveries: 2, sourceName: 'zeek', lastReason: 'BAD_SIGNATURE' }] });
    const researcher = await gh.user('researcher');
    expect((await gh.as(researcher).get('/api/v1/egress/deliveries/floods')).json().code).toBe('SECURITY_REQUIRED');

    // The next minute, refused deliveries are stored again.
    gh.clock.advance(61_000);
    expect((await forged()).statusCode).toBe(401);
    expect(await stored()).toBe(4);
  });
});
