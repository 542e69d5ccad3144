import multipart from '@fastify/multipart';
import { Type, type TLiteral, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { BlobTooLargeError } from '../infra/blobs.js';
import { parseEntityId } from '../infra/ids.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { badRequest, Problem, validationFailed } from '../infra/problem.js';
import { requireUser } from '../identity/caller.js';
import { ActionRequiredSchema } from '../decisions/http.js';
import { ACCESS_TYPES, type AccessType } from '../decisions/model.js';
import type { Viewer } from './access.js';
import * as acl from './acl.js';
import * as downloadList from './downloadlist.js';
import { authorizeDownload, clientOf, drsClient, openDownload, recordUnserved } from './downloads.js';
import { verifyAccess } from '../drs/signedurls.js';
import { downloadRange, sendDownload } from '../infra/ranges.js';
import { cleanContentType, cleanFileName, contentDisposition, drain, uploadProblem } from '../infra/uploads.js';
import * as entities from './entities.js';
import * as files from './files.js';
import { entityMessages as msg } from './messages.js';
import * as trash from './trash.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const SynId = Type.String({ description: 'Entity id, e.g. syn123' });
const EntityIdInput = Type.Union([Type.String({ pattern: '^(?:[sS][yY][nN])?\\d{1,15}$' }), Type.Integer({ minimum: 1 })], {
  description: 'Entity id: syn123 or 123',
});
// One literal per access type; typed as their union.
const AccessTypeSchema = Type.Union(ACCESS_TYPES.map((t) => Type.Literal(t)) as unknown as [TLiteral<AccessType>]);

const EntitySchema = Type.Object({
  id: SynId,
  name: Type.String(),
  type: Type.Union([Type.Literal('project'), Type.Literal('folder'), Type.Literal('file')]),
  parentId: nullable(SynId),
  projectId: SynId,
  description: Type.String(),
  dataType: Type.Union([Type.Literal('SENSITIVE_DATA'), Type.Literal('OPEN_DATA')]),
  dataClass: Type.Union([Type.Literal('row-level'), Type.Literal('summary'), Type.Null()], { description: 'Marked on this entity (SPEC §10)' }),
  effectiveDataClass: Type.Union([Type.Literal('row-level'), Type.Literal('summary')], { description: 'In force: its own mark or the nearest marked ancestor\'s; row-level when none' }),
  createdBy: Type.Integer(),
  createdOn: date,
  modifiedBy: Type.Integer(),
  modifiedOn: date,
  etag: Type.String({ description: 'Changes on every update; send it back to change the entity' }),
  inTrash: Type.Boolean({ description: 'The entity or a folder above it is in the trash' }),
  versionNumber: nullable(Type.Integer()),
  file: Type.Optional(Type.Object({ size: Type.Integer(), md5: Type.String(), contentType: Type.String(), fileName: Type.String() })),
});

const VersionSchema = Type.Object({
  versionNumber: Type.Integer(),
  size: Type.Integer(),
  md5: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  comment: Type.String(),
  createdBy: Type.Integer(),
  createdOn: date,
});

const AclSchema = Type.Object({
  entityId: SynId,
  benefactorId: SynId,
  inherited: Type.Boolean({ description: 'The ACL shown is the benefactor\'s: the entity has none of its own' }),
  etag: Type.String(),
  entries: Type.Array(Type.Object({
    principalId: Type.Integer(),
    principalName: Type.String(),
    principalType: Type.Union([Type.Literal('user'), Type.Literal('team'), Type.Literal('group'), Type.Literal('special')]),
    accessTypes: Type.Array(AccessTypeSchema),
  })),
});

const PermissionsSchema = Type.Object({
  canView: Type.Boolean(),
  canDownload: Type.Boolean(),
  canEdit: Type.Boolean(),
  canAddChild: Type.Boolean(),
  canDelete: Type.Boolean(),
  canChangePermissions: Type.Boolean(),
  canChangeSettings: Type.Boolean(),
  canModerate: Type.Boolean(),
  canShare: Type.Boolean(),
  canCompute: Type.Boolean(),
  canMove: Type.Boolean(),
  canPublicRead: Type.Boolean(),
  isDataContributor: Type.Boolean(),
  isOpenData: Type.Boolean(),
  isCertified: Type.Boolean(),
});

const DownloadListSchema = Type.Object({
  items: Type.Array(Type.Object({
    entityId: SynId,
    name: Type.String(),
    size: nullable(Type.Integer()),
    versionNumber: nullable(Type.Integer()),
    canDownload: Type.Boolean(),
    message: nullable(Type.String({ description: 'Why it cannot be downloaded now' })),
    actionsRequired: Type.Array(ActionRequiredSchema),
  })),
  summary: Type.Object({
    eligible: Type.Integer(),
    ineligible: Type.Integer(),
    actions: Type.Array(Type.Object({ action: ActionRequiredSchema, count: Type.Integer({ description: 'Files this action would unlock' }) })),
  }),
});

const IdParams = Type.Object({ id: Type.String({ description: 'Entity id, e.g. syn123' }) });
const NoContent = { 204: Type.Null() };
const tags = ['entities'];

const idOf = (raw: string | number) => parseEntityId(String(raw));
/** The caller of a read, signed in or not. */
const viewerOf = (request: FastifyRequest): Viewer =>
  request.caller.user ? { id: request.caller.user.id, acceptedTerms: request.caller.user.acceptedTerms } : null;

/** Entities, files, trash, ACLs, downloads and the download list (SPEC §3, §5, §6): HTTP in, one use case out. */
export function entityRoutes(app: Http, ctx: AppContext): void {
  app.post('/api/v1/entities', {
    schema: {
      tags,
      summary: 'Create a project (any signed-in user; its ACL gives me every access type) or a folder (CREATE on the parent)',
      body: Type.Object({
        type: Type.Union([Type.Literal('project'), Type.Literal('folder')]),
        name: Type.String({ minLength: 1, maxLength: entities.NAME_MAX }),
        parentId: Type.Optional(EntityIdInput),
        description: Type.Optional(Type.String({ maxLength: entities.DESCRIPTION_MAX })),
        authorizationDomain: Type.Optional(Type.Array(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 1 })]), {
          maxItems: 50, description: 'Projects only: managed groups (names or ids) of its authorization domain; I must be in each',
        })),
      }, { additionalProperties: false }),
      response: { 201: EntitySchema },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const body = request.body;
    const created = await entities.createContainer(ctx, user, {
      type: body.type, name: body.name, description: body.description,
      parentId: body.parentId === undefined ? undefined : idOf(body.parentId),
      authorizationDomain: body.authorizationDomain,
    });
    reply.status(201);
    return created;
  });

  app.get('/api/v1/entities', {
    schema: {
      tags,
      summary: 'The projects I can READ, by name (the home list)',
      querystring: Type.Object({ ...PageQuery, type: Type.Optional(Type.Literal('project')) }),
      response: { 200: Page(EntitySchema) },
    },
  }, async (request) => {
    const { items, total } = await entities.listProjects(ctx, viewerOf(request), request.query);
    return pageOf(items, total, request.query);
  });

  app.get('/api/v1/entities/shared', {
    schema: {
      tags,
      summary: 'Shared with me: folders and files whose own sharing settings name me or a team or group of mine, created by someone else, that I can READ; by name',
      querystring: Type.Object(PageQuery),
      response: { 200: Page(EntitySchema) },
    },
  }, async (request) => {
    const { items, total } = await entities.listShared(ctx, viewerOf(request), request.query);
    return pageOf(items, total, request.query);
  });

  app.get('/api/v1/entities/:id', {
    schema: { tags, summary: 'One entity (READ)', params: IdParams, response: { 200: EntitySchema } },
  }, async (request) => entities.getEntity(ctx, viewerOf(request), idOf(request.params.id)));

  app.put('/api/v1/entities/:id', {
    schema: {
      tags,
      summary: 'Rename, describe or move an entity (UPDATE; a move also needs CREATE on the new parent and keeps access restrictions); 412 on a stale etag',
      params: IdParams,
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: entities.NAME_MAX })),
        description: Type.Optional(Type.String({ maxLength: entities.DESCRIPTION_MAX })),
        parentId: Type.Optional(EntityIdInput),
        etag: Type.String({ minLength: 1, description: 'The etag of the entity as I fetched it' }),
      }, { additionalProperties: false }),
      response: { 200: EntitySchema },
    },
  }, async (request) => {
    const user = requireUser(request);
    const { name, description, parentId, etag } = request.body;
    return entities.updateEntity(ctx, user, idOf(request.params.id), {
      name, description, etag, parentId: parentId === undefined ? undefined : idOf(parentId),
    });
  });

  app.delete('/api/v1/entities/:id', {
    schema: {
      tags,
      summary: 'Move an entity to the trash (DELETE), or with purge=true delete it and everything below it for good',
      params: IdParams,
      querystring: Type.Object({ purge: Type.Optional(Type.Boolean({ default: false })) }),
      response: NoContent,
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const id = idOf(request.params.id);
    if (request.query.purge) await trash.purge(ctx, user, id);
    else await trash.moveToTrash(ctx, user, id);
    reply.status(204).send(null);
  });

  app.post('/api/v1/entities/:id/restore', {
    schema: { tags, summary: 'Restore an entity from the trash (whoever may DELETE it)', params: IdParams, response: { 200: EntitySchema } },
  }, async (request) => trash.restoreFromTrash(ctx, requireUser(request), idOf(request.params.id)));

  app.get('/api/v1/trash', {
    schema: {
      tags,
      summary: 'Entities in the trash that I may restore, most recently trashed first',
      querystring: Type.Object(PageQuery),
      response: { 200: Page(EntitySchema) },
    },
  }, async (request) => {
    const { items, total } = await trash.listTrash(ctx, requireUser(request), request.query);
    return pageOf(items, total, request.query);
  });

  app.get('/api/v1/entities/:id/children', {
    schema: {
      tags,
      summary: 'The children I can READ: folders first, then by name',
      params: IdParams,
      querystring: Type.Object({
        ...PageQuery,
        type: Type.Optional(Type.Union([Type.Literal('folder'), Type.Literal('file')])),
        includeTrash: Type.Optional(Type.Boolean({ default: false, description: 'Also children that were moved to the trash' })),
      }),
      response: { 200: Page(EntitySchema) },
    },
  }, async (request) => {
    const { items, total } = await entities.listChildren(ctx, viewerOf(request), idOf(request.params.id), request.query, request.query);
    return pageOf(items, total, request.query);
  });

  app.get('/api/v1/entities/:id/path', {
    schema: {
      tags,
      summary: 'The entity and its ancestors, the project first',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: SynId, name: Type.String(), type: Type.String() })) }) },
    },
  }, async (request) => entities.entityPath(ctx, viewerOf(request), idOf(request.params.id)));

  app.get('/api/v1/entities/:id/permissions', {
    schema: { tags, summary: 'What I may do with the entity (SPEC §3 permissions summary)', params: IdParams, response: { 200: PermissionsSchema } },
  }, async (request) => entities.permissions(ctx, viewerOf(request), idOf(request.params.id)));

  app.get('/api/v1/entities/:id/benefactor', {
    schema: { tags, summary: 'The entity whose ACL governs this one', params: IdParams, response: { 200: Type.Object({ benefactorId: SynId }) } },
  }, async (request) => entities.benefactor(ctx, viewerOf(request), idOf(request.params.id)));

  // ---- Files --------------------------------------------------------------------------------------------

  app.get('/api/v1/entities/:id/versions', {
    schema: { tags, summary: 'The versions of a file, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(VersionSchema) }) } },
  }, async (request) => files.listVersions(ctx, viewerOf(request), idOf(request.params.id)));

  // Multipart parsing exists only inside this scope: every other route keeps taking JSON alone.
  app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scoped.register(multipart, {
      limits: { fileSize: ctx.config.uploadLimitBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    });

    scoped.post('/api/v1/files', {
      schema: {
        tags,
        summary: 'Upload a file into a project or folder (multipart/form-data: parentId, file, name?, comment?, md5?); size and MD5 are computed, and must match md5 when given',
        consumes: ['multipart/form-data'],
        response: { 201: EntitySchema },
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      const upload = await readUpload(request, ctx, ['parentId', 'name', 'comment', 'md5'], async (fields) => {
        // Refused before any byte is stored when the parent came first in the form, as browsers send it.
        if (fields.parentId !== undefined) await files.assertMayUpload(ctx, user, parentIdOf(fields.parentId));
      });
      try {
        if (upload.fields.parentId === undefined) throw fieldRequired('parentId');
        const created = await files.createFile(ctx, user, {
          parentId: parentIdOf(upload.fields.parentId), name: upload.fields.name, comment: upload.fields.comment, blob: upload.blob,
        });
        reply.status(201);
        return created;
      } catch (err) {
        await ctx.blobs.remove(upload.blob.storageKey);
        throw err;
      }
    });

    scoped.post('/api/v1/entities/:id/versions', {
      schema: {
        tags,
        summary: 'Upload a new version of a file (multipart/form-data: file, comment?, etag?, md5?) (UPDATE); the computed MD5 must match md5 when given',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: EntitySchema },
      },
    }, async (request) => {
      const user = requireUser(request);
      const id = idOf(request.params.id);
      await files.assertMayAddVersion(ctx, user, id);
      const upload = await readUpload(request, ctx, ['comment', 'etag', 'md5']);
      try {
        return await files.addVersion(ctx, user, id, { comment: upload.fields.comment, etag: upload.fields.etag, blob: upload.blob });
      } catch (err) {
        await ctx.blobs.remove(upload.blob.storageKey);
        throw err;
      }
    });
  });

  app.get('/api/v1/entities/:id/download', {
    // A HEAD would run the decision and leave a download record without serving anything.
    exposeHeadRoute: false,
    schema: {
      tags,
      summary: 'Download a file (DOWNLOAD), whole or one byte range (Range: bytes=a-b; 206, or 416 outside the file); every attempt is recorded. '
        + 'With a signature from a GA4GH DRS access URL, as the user it was issued to, without signing in, until it expires',
      params: IdParams,
      querystring: Type.Object({
        version: Type.Optional(Type.Integer({ minimum: 1 })),
        signature: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'From a DRS access URL (src/drs/signedurls.ts); the version must be given with it' })),
      }),
    },
  }, async (request, reply) => {
    const id = idOf(request.params.id);
    const signature = request.query.signature;
    // A signed DRS access URL stands for the user it was issued to; the decision below is still taken now.
    const client = signature === undefined ? clientOf(request.headers['user-agent'], request.caller) : drsClient(request.headers['user-agent']);
    const viewer = signature === undefined ? viewerOf(request) : await verifyAccess(ctx, signature, id, request.query.version, client);
    const runtimeId = signature === undefined ? request.caller.runtimeId ?? null : null;
    const target = await authorizeDownload(ctx, viewer, id, request.query.version, client);
    let range;
    try {
      range = downloadRange(request, reply, target);
    } catch (err) {
      await recordUnserved(ctx, target, viewer?.id ?? null, client);
      throw err;
    }
    // The blob is opened before any header is set: a missing one is a problem document, not a broken download.
    const bytes = await openDownload(ctx, target, { userId: viewer?.id ?? null, runtimeId }, client, range);
    return sendDownload(reply, target, bytes, range);
  });

  // ---- ACLs ---------------------------------------------------------------------------------------------

  app.get('/api/v1/acl-presets', {
    schema: {
      tags,
      summary: 'The access-type presets to offer when sharing',
      security: [],
      response: { 200: Type.Array(Type.Object({ name: Type.String(), accessTypes: Type.Array(AccessTypeSchema) })) },
    },
  }, async () => acl.ACL_PRESETS.map((p) => ({ name: p.name, accessTypes: [...p.accessTypes] })));

  app.get('/api/v1/entities/:id/acl', {
    schema: { tags, summary: 'The ACL that governs the entity (its own, or its benefactor\'s), with principal names', params: IdParams, response: { 200: AclSchema } },
  }, async (request) => acl.getAcl(ctx, viewerOf(request), idOf(request.params.id)));

  app.put('/api/v1/entities/:id/acl', {
    schema: {
      tags,
      summary: 'Create or replace the entity\'s own ACL (CHANGE_PERMISSIONS; or SHARE, adding only types I hold other than SHARE and CHANGE_PERMISSIONS)',
      params: IdParams,
      body: Type.Object({
        entries: Type.Array(Type.Object({
          principalId: Type.Integer({ minimum: 1 }),
          accessTypes: Type.Array(AccessTypeSchema, { minItems: 1, maxItems: ACCESS_TYPES.length * 2 }),
        }, { additionalProperties: false }), { maxItems: 500 }),
        etag: Type.Optional(Type.String({ description: 'The ACL etag as I fetched it (412 when it changed since)' })),
      }, { additionalProperties: false }),
      response: { 200: AclSchema },
    },
  }, async (request) => acl.putAcl(ctx, requireUser(request), idOf(request.params.id), request.body));

  app.delete('/api/v1/entities/:id/acl', {
    schema: { tags, summary: 'Delete the entity\'s own ACL so that it inherits again (never a project\'s)', params: IdParams, response: NoContent },
  }, async (request, reply) => {
    await acl.removeAcl(ctx, requireUser(request), idOf(request.params.id));
    reply.status(204).send(null);
  });

  // ---- Download list ------------------------------------------------------------------------------------

  app.get('/api/v1/download-list', {
    schema: { tags, summary: 'My download list: what can be downloaded now, and what would unlock the rest', response: { 200: DownloadListSchema } },
  }, async (request) => downloadList.getList(ctx, requireUser(request)));

  app.post('/api/v1/download-list', {
    schema: {
      tags,
      summary: `Add files to my download list (at most ${downloadList.MAX_LIST} files on it)`,
      body: Type.Object({ entityIds: Type.Array(EntityIdInput, { minItems: 1, maxItems: downloadList.MAX_LIST }) }, { additionalProperties: false }),
      response: { 200: DownloadListSchema },
    },
  }, async (request) => downloadList.addToList(ctx, requireUser(request), request.body.entityIds.map(idOf)));

  app.delete('/api/v1/download-list/:id', {
    schema: { tags, summary: 'Take a file off my download list', params: IdParams, response: NoContent },
  }, async (request, reply) => {
    await downloadList.removeFromList(ctx, requireUser(request), idOf(request.params.id));
    reply.status(204).send(null);
  });

  app.delete('/api/v1/download-list', {
    schema: { tags, summary: 'Empty my download list', response: NoContent },
  }, async (request, reply) => {
    await downloadList.clearList(ctx, requireUser(request));
    reply.status(204).send(null);
  });

  app.post('/api/v1/download-list/package', {
    schema: {
      tags,
      summary: 'Download the files of my list that I can download now, as one zip; they leave the list once served',
      body: Type.Object({}, { additionalProperties: false }),
    },
    preValidation: async (request) => {
      request.body ??= {};
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const { stream, fileName, files: count } = await downloadList.packageList(ctx, user, clientOf(request.headers['user-agent'], request.caller), request.caller.runtimeId ?? null);
    reply
      .type('application/zip')
      .header('content-disposition', contentDisposition(fileName))
      .header('x-file-count', count)
      .header('cache-control', 'private, no-store');
    return reply.send(stream);
  });
}

const parentIdOf = (raw: string): number => {
  try {
    return parseEntityId(raw);
  } catch {
    throw validationFailed('The request is not valid: body.parentId is not an entity id.', [{ field: 'body.parentId', message: 'is not an entity id' }]);
  }
};

const fieldRequired = (field: string) =>
  validationFailed(`The request is not valid: body.${field} is required.`, [{ field: `body.${field}`, message: 'is required' }]);

/**
 * Reads a multipart upload: text fields (only those named) and one file in the part named "file", streamed to
 * the blob store as it arrives. `beforeFile` runs with the fields read so far, before any byte is stored. On
 * any failure the stored bytes are removed again.
 */
async function readUpload(
  request: FastifyRequest,
  ctx: AppContext,
  allowed: readonly string[],
  beforeFile?: (fields: Record<string, string>) => Promise<void>,
): Promise<{ fields: Record<string, string>; blob: files.UploadedBlob }> {
  if (!request.isMultipart()) throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', msg.uploadNotMultipart);
  const fields: Record<string, string> = {};
  const errors: { field: string; message: string }[] = [];
  let blob: files.UploadedBlob | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        // A browser sends an empty, nameless part for a file input left empty.
        if (part.fieldname !== 'file' || !part.filename) {
          await drain(part.file);
          if (part.fieldname !== 'file') errors.push({ field: `body.${part.fieldname}`, message: 'is not a known field' });
          continue;
        }
        await beforeFile?.(fields);
        const stored = await ctx.blobs.put(part.file, ctx.config.uploadLimitBytes);
        blob = { ...stored, fileName: cleanFileName(part.filename), contentType: cleanContentType(part.mimetype) };
        if (part.file.truncated) throw new BlobTooLargeError(ctx.config.uploadLimitBytes);
      } else if (allowed.includes(part.fieldname)) {
        fields[part.fieldname] = String(part.value);
      } else {
        errors.push({ field: `body.${part.fieldname}`, message: 'is not a known field' });
      }
    }
    if (errors.length) throw validationFailed(`The request is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);
    if (!blob) throw badRequest('FILE_REQUIRED', msg.fileRequired);
    // The MD5 the client computed (hex, in any part of the form): bytes that changed on the way are not kept.
    if (fields.md5 !== undefined) {
      const declared = fields.md5.trim().toLowerCase();
      if (!/^[0-9a-f]{32}$/.test(declared)) {
        throw validationFailed('The request is not valid: body.md5 must be 32 hexadecimal digits.', [{ field: 'body.md5', message: 'must be 32 hexadecimal digits' }]);
      }
      if (declared !== blob.md5) {
        throw new Problem(422, 'MD5_MISMATCH', `The file arrived with MD5 ${blob.md5}, not the ${declared} that was declared; it was not kept. Upload it again.`, { md5: blob.md5, declared });
      }
    }
    return { fields, blob };
  } catch (err) {
    if (blob) await ctx.blobs.remove(blob.storageKey);
    throw uploadProblem(err, { fileBytes: ctx.config.uploadLimitBytes });
  }
}

