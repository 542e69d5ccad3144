import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { toProblem, type Http } from '../infra/http.js';
import { Problem } from '../infra/problem.js';
import { projectRoot } from '../infra/root.js';
import type { Viewer } from '../entities/access.js';
import { drsClient } from '../entities/downloads.js';
import { loadCallerUser } from '../identity/caller.js';
import { userFromPassports } from '../passport/verify.js';
import { canonicalId, getAccessUrl, getAccessUrls, getObject, getObjects, MAX_BULK } from './objects.js';
import {
  AccessURLSchema, AuthorizationsSchema, BulkAccessAnswer, BulkObjectAccessIdBody, BulkObjectIdBody, BulkObjectsAnswer, DRS_SCHEMAS,
  DrsObjectSchema, ErrorSchema, PassportsBody, PostObjectBody, ServiceSchema,
} from './schemas.js';

/** The DRS version served, as service-info names it. */
export const DRS_VERSION = '1.4.0';
const PREFIX = '/ga4gh/drs/v1';
const tags = ['GA4GH DRS'];
const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }, {}];
const ObjectParams = Type.Object({ object_id: Type.String({ minLength: 1, maxLength: 100, description: 'syn123.2, syn123 (the current version) or syn456 (a folder)' }) });
const AccessParams = Type.Object({ ...ObjectParams.properties, access_id: Type.String({ minLength: 1, maxLength: 100, description: 'https' }) });
const errors = { '4xx': Type.Ref(ErrorSchema) };

/**
 * Who a DRS request is from, in ONE place: a bearer personal access token (or the web app's session); else, for
 * a POST, the GA4GH Passports in its body (DRS 1.4 "PassportAuth"), which must be this Gatehouse's own (signature
 * against its JWKS, issuer, expiry, an active subject: src/passport/verify.ts) and name one user; else nobody
 * (open data). A passport stands for its subject: what they may read and download is Gatehouse's own decision
 * for them at this moment, so a grant revoked since the visa was minted is refused here too.
 */
export async function drsCaller(ctx: AppContext, request: FastifyRequest, body?: { passports?: string[] }): Promise<Viewer> {
  const user = request.caller.user;
  if (user) return { id: user.id, acceptedTerms: user.acceptedTerms };
  if (body?.passports?.length) {
    const holder = await userFromPassports(ctx, body.passports);
    if (!holder) {
      throw new Problem(401, 'PASSPORT_NOT_ACCEPTED',
        'None of the passports is a current one issued by this Gatehouse for one active user: fetch a fresh passport from '
        + '/ga4gh/passport/v1/passports, or send a personal access token (Authorization: Bearer gh_pat_…).');
    }
    const loaded = await loadCallerUser(ctx.db, Number(holder.userId));
    if (!loaded || loaded.disabled) throw new Problem(401, 'PASSPORT_NOT_ACCEPTED', 'The passport\'s user cannot sign in.');
    return { id: loaded.user.id, acceptedTerms: loaded.user.acceptedTerms };
  }
  return null;
}

function serviceInfo(ctx: AppContext) {
  const host = new URL(ctx.config.publicUrl).hostname;
  const version = (JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return {
    id: `${host.split('.').reverse().join('.')}.drs`,
    name: 'Gatehouse DRS',
    type: { group: 'org.ga4gh' as const, artifact: 'drs' as const, version: DRS_VERSION },
    description: 'GA4GH Data Repository Service for the files Gatehouse governs: every download is decided, recorded and counted as egress.',
    organization: { name: 'Gatehouse', url: ctx.config.publicUrl },
    documentationUrl: `${ctx.config.publicUrl}/api/docs`,
    version,
    maxBulkRequestLength: MAX_BULK,
  };
}

/**
 * GA4GH DRS 1.4 under /ga4gh/drs/v1 (SPEC §13): objects, access URLs, service-info. Errors are DRS Errors
 * ({msg, status_code}) that are also Gatehouse problem documents (application/problem+json), with the deciding
 * rule for a denial.
 */
export function drsRoutes(app: Http, ctx: AppContext): void {
  for (const schema of DRS_SCHEMAS) app.addSchema(schema);

  app.register(async (plain) => {
    const drs = plain.withTypeProvider<TypeBoxTypeProvider>();
    drs.setErrorHandler((error, request, reply) => {
      const problem = toProblem(error as Error & { code: string }, request);
      if (problem.status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
      // problem+json is JSON to a DRS client, and keeps Gatehouse's rule that every error is a problem document.
      reply.status(problem.status).type('application/problem+json')
        .send({ msg: problem.detail, status_code: problem.status, ...problem.toJSON(request.url.split('?')[0]) });
    });

    drs.get(`${PREFIX}/service-info`, {
      schema: { tags, summary: 'GA4GH service-info of the DRS service', security: [], response: { 200: Type.Ref(ServiceSchema), ...errors } },
    }, async () => serviceInfo(ctx));

    drs.get(`${PREFIX}/objects/:object_id`, {
      schema: {
        tags,
        summary: 'A DRS object (READ): a file\'s version with its checksums and access method, or a folder as a bundle of what I can READ below it',
        security,
        params: ObjectParams,
        querystring: Type.Object({ expand: Type.Optional(Type.Boolean({ default: false, description: 'Bundles: nested bundles\' contents too' })) }),
        response: { 200: Type.Ref(DrsObjectSchema), ...errors },
      },
    }, async (request) => getObject(ctx, await drsCaller(ctx, request), request.params.object_id, request.query.expand ?? false));

    drs.post(`${PREFIX}/objects/:object_id`, {
      schema: {
        tags,
        summary: 'A DRS object, as GET, for clients that send credentials in the body (bearer token for now)',
        security,
        params: ObjectParams,
        body: PostObjectBody,
        response: { 200: Type.Ref(DrsObjectSchema), ...errors },
      },
    }, async (request) => getObject(ctx, await drsCaller(ctx, request, request.body), request.params.object_id, request.body.expand ?? false));

    drs.post(`${PREFIX}/objects`, {
      schema: {
        tags,
        summary: `Many DRS objects at once (at most ${MAX_BULK}; 413 beyond): each resolved as GET would, the others listed by status`,
        security,
        querystring: Type.Object({ expand: Type.Optional(Type.Boolean({ default: false })) }),
        body: BulkObjectIdBody,
        response: { 200: BulkObjectsAnswer, ...errors },
      },
    }, async (request) => getObjects(ctx, await drsCaller(ctx, request, request.body), request.body.bulk_object_ids, request.query.expand ?? false));

    drs.post(`${PREFIX}/objects/access`, {
      schema: {
        tags,
        summary: `Signed URLs for many (object, access id) pairs at once (at most ${MAX_BULK}; 413 beyond), each decided as GET …/access would`,
        security,
        body: BulkObjectAccessIdBody,
        response: { 200: BulkAccessAnswer, ...errors },
      },
    }, async (request) => getAccessUrls(ctx, await drsCaller(ctx, request, request.body), request.body.bulk_object_access_ids,
      drsClient(request.headers['user-agent'])));

    drs.options(`${PREFIX}/objects/:object_id`, {
      schema: {
        tags,
        summary: 'How to authorize requests for a DRS object (READ on it, else 404)',
        security,
        params: ObjectParams,
        response: { 200: Type.Ref(AuthorizationsSchema), ...errors },
      },
    }, async (request) => ({
      drs_object_id: await canonicalId(ctx, await drsCaller(ctx, request), request.params.object_id),
      supported_types: ['BearerAuth' as const, 'PassportAuth' as const],
      bearer_auth_issuers: [ctx.config.publicUrl],
      passport_auth_issuers: [ctx.config.publicUrl],
    }));

    drs.get(`${PREFIX}/objects/:object_id/access/:access_id`, {
      // A HEAD would take the DOWNLOAD decision and record a denial without answering anything.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'A short-lived signed URL for the bytes of a file version (DOWNLOAD); a denial names the rule and its message',
        security,
        params: AccessParams,
        response: { 200: Type.Ref(AccessURLSchema), ...errors },
      },
    }, async (request) => getAccessUrl(ctx, await drsCaller(ctx, request), request.params.object_id, request.params.access_id,
      drsClient(request.headers['user-agent'])));

    drs.post(`${PREFIX}/objects/:object_id/access/:access_id`, {
      schema: {
        tags,
        summary: 'A signed URL for the bytes, as GET, for clients that send credentials in the body (bearer token for now)',
        security,
        params: AccessParams,
        body: PassportsBody,
        response: { 200: Type.Ref(AccessURLSchema), ...errors },
      },
    }, async (request) => getAccessUrl(ctx, await drsCaller(ctx, request, request.body), request.params.object_id, request.params.access_id,
      drsClient(request.headers['user-agent'])));
  });
}
