import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { startReceiver, type Receiver } from '../webhooks.js';
import { deliverDueWebhooks, webhookSecretBox } from '../../src/webhooks/delivery.js';
import { checkUrl, parseAllowlist } from '../../src/webhooks/ssrf.js';

let gh: TestGatehouse;
let admin: TestUser;
let receiver: Receiver;

beforeAll(async () => {
  gh = await startTestGatehouse(); // WEBHOOK_ALLOWED_HOSTS unset: public hosts only
  admin = await gh.user('root', { admin: true });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await gh?.stop();
});

const create = (url: string) => gh.as(admin).post('/api/v1/webhooks', { url, eventTypes: ['acl.changed'] });

describe('where webhooks may go', () => {
  it.each([
    ['http://127.0.0.1:8080/hooks', 'its host 127.0.0.1 is a loopback address'],
    ['http://[::1]/hooks', 'its host ::1 is a loopback address'],
    ['http://localhost:8080/hooks', 'its host localhost resolves to'],
    ['http://10.1.2.3/hooks', 'its host 10.1.2.3 is a private address'],
    ['http://192.168.1.20/hooks', 'is a private address'],
    ['http://169.254.169.254/latest/meta-data', 'is a link-local address'],
    ['http://[::ffff:127.0.0.1]/hooks', 'is a loopback address'],
    ['http://0.0.0.0/hooks', 'an unspecified or reserved address'],
    ['ftp://example.org/hooks', 'its scheme is ftp'],
    ['https://user:pw@example.org/hooks', 'holds a user name or password'],
    ['not a url', 'not an absolute URL'],
  ])('%s is refused, saying why, and nothing is saved', async (url, why) => {
    const res = await create(url);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    expect(res.json().detail).toContain(why);
    expect((await gh.as(admin).get('/api/v1/webhooks')).json().total).toBe(0);
  });

  it('a host resolving to a public and a private address is refused: every address is checked', async () => {
    const fake = async () => ['93.184.215.14', '10.0.0.7'];
    expect(await checkUrl('https://hooks.example.org/x', parseAllowlist([]), fake))
      .toEqual({ ok: false, reason: 'its host hooks.example.org resolves to 10.0.0.7, which is a private address; list it in WEBHOOK_ALLOWED_HOSTS to allow it' });
    expect(await checkUrl('https://hooks.example.org/x', parseAllowlist([]), async () => ['93.184.215.14'])).toMatchObject({ ok: true });
  });

  it('with WEBHOOK_ALLOWED_HOSTS set, only its hosts and ranges are allowed, private ones included', async () => {
    const allow = parseAllowlist(['*.storage.example.org', '10.20.0.0/16']);
    const resolve = async (host: string) => (host.endsWith('storage.example.org') ? ['10.9.9.9'] : ['93.184.215.14']);
    expect(await checkUrl('https://mirror.storage.example.org/x', allow, resolve)).toMatchObject({ ok: true });
    expect(await checkUrl('http://10.20.3.4/x', allow, resolve)).toMatchObject({ ok: true });
    expect(await checkUrl('https://example.com/x', allow, resolve))
      .toEqual({ ok: false, reason: 'its host example.com (93.184.215.14) is not in WEBHOOK_ALLOWED_HOSTS' });
    expect(await checkUrl('http://10.21.0.1/x', allow, resolve)).toMatchObject({ ok: false });
  });

  it('the check is made again at each attempt: a URL allowed when saved but not any more is not called', async () => {
    gh.config.webhookAllowedHosts = ['127.0.0.1'];
    const res = await create(receiver.url);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().subscription.id as number;
    gh.config.webhookAllowedHosts = [];
    await gh.as(admin).post(`/api/v1/webhooks/${id}/test`);
    expect(await deliverDueWebhooks(gh.ctx, webhookSecretBox(gh.config))).toMatchObject({ retrying: 1 });
    expect(receiver.received).toHaveLength(0);
    const [d] = (await gh.as(admin).get(`/api/v1/webhooks/${id}/deliveries`)).json().items;
    expect(d.lastError).toBe('Refused: its host 127.0.0.1 is a loopback address; list it in WEBHOOK_ALLOWED_HOSTS to allow it.');
    // Changing the URL to a refused one is refused too.
    const patch = await gh.as(admin).patch(`/api/v1/webhooks/${id}`, { url: 'http://169.254.169.254/' });
    expect(patch.statusCode).toBe(422);
    expect((await gh.as(admin).get(`/api/v1/webhooks/${id}`)).json().url).toBe(receiver.url);
  });
});
