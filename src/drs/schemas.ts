import { Type } from '@sinclair/typebox';
import { ActionRequiredSchema } from '../decisions/http.js';

/**
 * The JSON shapes of GA4GH DRS 1.4, named as the DRS OpenAPI document names them (they are its components in
 * Gatehouse's OpenAPI document too). Field names are DRS's own (snake_case), not Gatehouse's.
 */

export const ChecksumSchema = Type.Object({
  checksum: Type.String({ description: 'The hex-string encoded checksum for the data' }),
  type: Type.String({ description: 'The digest method: md5, or sha-256 (IANA Named Information Hash Algorithm name)' }),
}, { $id: 'Checksum' });

export const AccessURLSchema = Type.Object({
  url: Type.String({ description: 'Fetches the bytes, without any other credential, until it expires (DRS_ACCESS_URL_TTL_SECONDS, 5 minutes by default)' }),
  headers: Type.Optional(Type.Array(Type.String(), { description: 'Headers to send with the request to url (none are needed)' })),
}, { $id: 'AccessURL' });

export const AccessMethodSchema = Type.Object({
  type: Type.Literal('https', { description: 'Type of the access method' }),
  access_url: Type.Optional(Type.Ref(AccessURLSchema)),
  access_id: Type.Optional(Type.String({ description: 'Pass to GET /objects/{object_id}/access/{access_id} to get an AccessURL' })),
  region: Type.Optional(Type.String()),
}, { $id: 'AccessMethod' });

export const ContentsObjectSchema = Type.Recursive((This) => Type.Object({
  name: Type.String({ description: 'The entity\'s name, unique within the containing bundle' }),
  id: Type.Optional(Type.String({ description: 'The DRS id of the object: syn123.2 for a file\'s version, syn456 for a folder' })),
  drs_uri: Type.Optional(Type.Array(Type.String(), { description: 'drs:// URIs of the object' })),
  contents: Type.Optional(Type.Array(This, { description: 'The contents of a nested bundle, with expand=true' })),
}), { $id: 'ContentsObject' });

export const DrsObjectSchema = Type.Object({
  id: Type.String({ description: 'syn123.2 for version 2 of file syn123; syn456 for a folder or project (a bundle)' }),
  name: Type.Optional(Type.String()),
  self_uri: Type.String({ description: 'drs://<host of PUBLIC_URL>/<id>' }),
  size: Type.Integer({ description: 'Bytes of the blob; for a bundle, of the files in its contents' }),
  created_time: Type.String({ format: 'date-time' }),
  updated_time: Type.Optional(Type.String({ format: 'date-time' })),
  version: Type.Optional(Type.String({ description: 'The file\'s version number' })),
  mime_type: Type.Optional(Type.String()),
  checksums: Type.Array(Type.Ref(ChecksumSchema), { minItems: 1 }),
  access_methods: Type.Optional(Type.Array(Type.Ref(AccessMethodSchema), { minItems: 1, description: 'For blobs; bundles have none' })),
  contents: Type.Optional(Type.Array(Type.Ref(ContentsObjectSchema), { description: 'For bundles: what I can READ below the folder' })),
  description: Type.Optional(Type.String()),
  aliases: Type.Optional(Type.Array(Type.String(), { description: 'The file\'s entity id, which names its current version' })),
}, { $id: 'DrsObject' });

export const ErrorSchema = Type.Object({
  msg: Type.String({ description: 'A detailed error message' }),
  status_code: Type.Integer({ description: 'The HTTP status code' }),
  // Gatehouse's own fields: the body is also an RFC 9457 problem document.
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String({ description: 'Stable machine-readable error code' }),
  rule: Type.Optional(Type.String({ description: 'For a denial: the rule of the decision chain that decided (SPEC §5)' })),
  actionsRequired: Type.Optional(Type.Array(ActionRequiredSchema, { description: 'For a denied download: what would lift the denial' })),
}, { $id: 'Error', additionalProperties: true, description: 'A DRS Error, also an RFC 9457 problem document' });

export const AuthorizationsSchema = Type.Object({
  drs_object_id: Type.String(),
  supported_types: Type.Array(Type.Union([Type.Literal('None'), Type.Literal('BasicAuth'), Type.Literal('BearerAuth'), Type.Literal('PassportAuth')])),
  passport_auth_issuers: Type.Optional(Type.Array(Type.String())),
  bearer_auth_issuers: Type.Optional(Type.Array(Type.String())),
}, { $id: 'Authorizations' });

export const ServiceSchema = Type.Object({
  id: Type.String({ description: 'Reverse domain name of the service' }),
  name: Type.String(),
  type: Type.Object({ group: Type.Literal('org.ga4gh'), artifact: Type.Literal('drs'), version: Type.String() }),
  description: Type.String(),
  organization: Type.Object({ name: Type.String(), url: Type.String() }),
  documentationUrl: Type.String(),
  version: Type.String({ description: 'Gatehouse\'s version' }),
  maxBulkRequestLength: Type.Integer({ description: 'Most objects (or object and access id pairs) one bulk request may name' }),
}, { $id: 'Service', description: 'GA4GH service-info 1.0 with the DRS fields' });

export const PostObjectBody = Type.Object({
  expand: Type.Optional(Type.Boolean({ default: false })),
  passports: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100_000 }), {
    maxItems: 10, description: 'GA4GH Passports (JWT); not accepted yet: send a bearer token',
  })),
}, { additionalProperties: false });

export const PassportsBody = Type.Object({
  passports: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100_000 }), {
    maxItems: 10, description: 'GA4GH Passports (JWT); not accepted yet: send a bearer token',
  })),
}, { additionalProperties: false });

const Passports = Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100_000 }), {
  maxItems: 10, description: 'GA4GH Passports (JWT); not accepted yet: send a bearer token',
}));
/** Bounded here; more than maxBulkRequestLength is a 413 from the use case, as DRS asks. */
const BULK_BOUND = 1000;

export const BulkObjectIdBody = Type.Object({
  bulk_object_ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: BULK_BOUND }),
  passports: Passports,
}, { additionalProperties: false });

export const BulkObjectAccessIdBody = Type.Object({
  bulk_object_access_ids: Type.Array(Type.Object({
    bulk_object_id: Type.String({ minLength: 1, maxLength: 100 }),
    bulk_access_ids: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 10 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: BULK_BOUND }),
  passports: Passports,
}, { additionalProperties: false });

const Summary = Type.Object({
  requested: Type.Integer(), resolved: Type.Integer(), unresolved: Type.Integer(),
}, { description: 'A summary of what was resolved' });
const UnresolvedList = Type.Array(Type.Object({ error_code: Type.Integer(), object_ids: Type.Array(Type.String()) }), {
  description: 'The ids not resolved, by the status a single request would have had',
});

export const BulkAccessURLSchema = Type.Object({
  drs_object_id: Type.String(),
  drs_access_id: Type.String(),
  url: Type.String(),
  headers: Type.Optional(Type.Array(Type.String())),
}, { $id: 'BulkAccessURL' });

export const BulkObjectsAnswer = Type.Object({
  summary: Summary,
  unresolved_drs_objects: UnresolvedList,
  resolved_drs_object: Type.Array(Type.Ref(DrsObjectSchema)),
});

export const BulkAccessAnswer = Type.Object({
  summary: Summary,
  unresolved_drs_objects: UnresolvedList,
  resolved_drs_object_access_urls: Type.Array(Type.Ref(BulkAccessURLSchema)),
});

/** Registered once on the server, referenced by the routes. */
export const DRS_SCHEMAS = [
  ChecksumSchema, AccessURLSchema, AccessMethodSchema, ContentsObjectSchema, DrsObjectSchema, ErrorSchema, AuthorizationsSchema, ServiceSchema,
  BulkAccessURLSchema,
];
