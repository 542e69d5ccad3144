import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { listenForBrowser, startTestGatehouse, type TestGatehouse, type TestUser } from '../harness.js';
import { fixtures } from './access-requirements-fixtures.js';

/**
 * The README's example, run as written: a downstream service fetches a passport over HTTP and verifies its
 * visas with jose's createRemoteJWKSet against Gatehouse's /.well-known/jwks.json.
 */

let gh: TestGatehouse;
let base: string;
let act: TestUser;
let f: ReturnType<typeof fixtures>;

beforeAll(async () => {
  gh = await startTestGatehouse();
  base = await listenForBrowser(gh);
  // The visas' iss and jku name PUBLIC_URL: here, the address Gatehouse listens on.
  gh.config.publicUrl = base;
  f = fixtures(gh);
  act = await gh.user('aron', { act: true });
});
afterAll(async () => gh?.stop());

describe('a downstream service verifying visas over HTTP', () => {
  it('verifies a ControlledAccessGrants visa with createRemoteJWKSet, and refuses one from another issuer', async () => {
    const rae = await gh.user('rae');
    const ar = await f.requirement(act, { type: 'ManagedACT', name: 'Remote cohort' });
    await f.approve(act, ar.id, rae);
    const token = (await gh.as(rae).post('/api/v1/tokens', { name: 'tool' })).json().token as string;

    // What a researcher's tool does: fetch the passport with a personal access token.
    const res = await fetch(`${base}/ga4gh/passport/v1/passports`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { ga4gh_passport_v1: visas } = (await res.json()) as { ga4gh_passport_v1: string[] };

    // What the downstream service does (README "GA4GH Passports and visas").
    const JWKS = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const grants: string[] = [];
    for (const visa of visas) {
      const { payload, protectedHeader } = await jwtVerify(visa, JWKS, { issuer: base, algorithms: ['ES256'], typ: 'vnd.ga4gh.visa+jwt' });
      expect(protectedHeader.jku).toBe(`${base}/.well-known/jwks.json`);
      const v = payload.ga4gh_visa_v1 as { type: string; value: string; by: string };
      if (v.type === 'ControlledAccessGrants' && v.by === 'dac') grants.push(v.value);
    }
    expect(grants).toEqual([`${base}/access-requirements/${ar.id}`]);

    await expect(jwtVerify(visas[0], JWKS, { issuer: 'https://elsewhere.example.org', algorithms: ['ES256'] })).rejects.toThrow(/iss/);
  });
});
