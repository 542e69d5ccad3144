import { Type, type Static } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { requireAdmin, requireUser } from '../identity/caller.js';
import { issuePassport } from './issue.js';
import { ensureSigningKey, listVisaKeys, publishedKeys, rotateVisaKey } from './keys.js';
import { VISA_TYPES } from './visas.js';

const tags = ['ga4gh passport'];
const seconds = (s: number) => new Date(s * 1000).toISOString();

const JwkSchema = Type.Object({
  kty: Type.Literal('EC'),
  crv: Type.Literal('P-256'),
  x: Type.String(),
  y: Type.String(),
  kid: Type.String(),
  alg: Type.Literal('ES256'),
  use: Type.Literal('sig'),
});

const VisaObjectSchema = Type.Object({
  type: Type.Union([Type.Literal(VISA_TYPES[0]), Type.Literal(VISA_TYPES[1]), Type.Literal(VISA_TYPES[2]), Type.Literal(VISA_TYPES[3])]),
  asserted: Type.Integer({ description: 'Seconds since the epoch: when the assertion was made' }),
  value: Type.String(),
  source: Type.String(),
  by: Type.Union([Type.Literal('self'), Type.Literal('peer'), Type.Literal('system'), Type.Literal('so'), Type.Literal('dac')]),
}, { description: 'The ga4gh_visa_v1 claim of the visa (GA4GH Passport v1.2)' });

const DecodedVisaSchema = Type.Object({
  jwt: Type.String({ description: 'The signed visa (Visa Document Token: header jku and kid)' }),
  ga4gh_visa_v1: VisaObjectSchema,
  expiresAt: Type.String({ format: 'date-time', description: 'The visa\'s exp' }),
  label: Type.String({ description: 'What the value stands for, in words: the access requirement\'s name, the terms, …' }),
  accessRequirementId: Type.Union([Type.Integer(), Type.Null()]),
});

const PassportResponse = Type.Object({
  iss: Type.String({ description: 'PUBLIC_URL: the issuer of every visa and of the passport' }),
  sub: Type.String({ description: 'The Gatehouse user id' }),
  ga4gh_passport_v1: Type.Array(Type.String(), { description: 'The visas as JWS compact strings: the shape of a GA4GH Broker\'s UserInfo response' }),
  passport: Type.String({ description: 'The signed Passport JWT (typ vnd.ga4gh.passport+jwt) carrying the same visas' }),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: 'The passport\'s exp; each visa may end sooner' }),
  visas: Type.Array(DecodedVisaSchema, { description: 'The same visas decoded, for people' }),
});

const VisaKeySchema = Type.Object({
  kid: Type.String(),
  source: Type.Union([Type.Literal('generated'), Type.Literal('file')], { description: 'Made by Gatehouse, or read from VISA_SIGNING_KEY_FILE' }),
  state: Type.Union([Type.Literal('signing'), Type.Literal('published'), Type.Literal('expired')],
    { description: 'signing: signs new visas; published: retired, listed in the JWKS until its last visa expires; expired: no longer listed' }),
  createdAt: Type.String({ format: 'date-time' }),
  retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  publishedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** GA4GH Passport broker and visa issuer (SPEC §13; docs/adr/0022): the JWKS, the caller's passport, key rotation. */
export function passportRoutes(app: Http, ctx: AppContext): void {
  app.get('/.well-known/jwks.json', {
    schema: {
      tags, security: [],
      summary: 'The public keys that verify Gatehouse visas and passports: the signing key and retired keys until their last visa expires',
      response: { 200: Type.Object({ keys: Type.Array(JwkSchema) }) },
    },
  }, async (_request, reply) => {
    // Short caching: a verifier that meets an unknown kid fetches again (jose's createRemoteJWKSet does).
    reply.header('cache-control', 'public, max-age=300');
    await ensureSigningKey(ctx);
    return { keys: (await publishedKeys(ctx.db, ctx.clock.now())) as Static<typeof JwkSchema>[] };
  });

  app.get('/ga4gh/passport/v1/passports', {
    schema: {
      tags,
      summary: 'My GA4GH passport, minted now: a visa per current approval (ControlledAccessGrants), accepted terms ' +
        '(AcceptedTermsAndPolicies), validated identity (ResearcherStatus) and linked accounts (LinkedIdentities); ' +
        'each visa lives VISA_LIFETIME_SECONDS at most. Session or personal access token.',
      response: { 200: PassportResponse },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const issued = await issuePassport(ctx, user.id);
    reply.header('cache-control', 'no-store');
    return {
      iss: issued.iss,
      sub: issued.sub,
      ga4gh_passport_v1: issued.visas.map((v) => v.jwt),
      passport: issued.passport,
      issuedAt: seconds(issued.iat),
      expiresAt: seconds(issued.exp),
      visas: issued.visas.map((v) => ({ jwt: v.jwt, ga4gh_visa_v1: v.visa, expiresAt: seconds(v.exp), label: v.label, accessRequirementId: v.accessRequirementId })),
    };
  });

  app.get('/api/v1/admin/visa-keys', {
    schema: {
      tags, summary: 'The visa signing keys, newest first: the one that signs, and retired ones (admins)',
      querystring: Type.Object(PageQuery), response: { 200: Page(VisaKeySchema) },
    },
  }, async (request) => {
    requireAdmin(request);
    const all = await listVisaKeys(ctx.db, ctx.clock.now());
    const offset = request.query.offset ?? 0;
    const limit = request.query.limit ?? 50;
    return pageOf(all.slice(offset, offset + limit), all.length, request.query);
  });

  app.post('/api/v1/admin/visa-keys/rotate', {
    schema: {
      tags, summary: 'Retire the visa signing key and sign with a new one (admins); the old public key stays in the JWKS until its last visa expires',
      response: { 200: Type.Object({ kid: Type.String({ description: 'The new signing key' }), retiredKid: Type.Union([Type.String(), Type.Null()]) }) },
    },
  }, async (request) => rotateVisaKey(ctx, requireAdmin(request).id));
}
