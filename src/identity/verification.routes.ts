import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { BlobTooLargeError } from '../infra/blobs.js';
import { parseId } from '../infra/ids.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { badRequest, notFound, Problem, validationFailed } from '../infra/problem.js';
import { cleanContentType, cleanFileName, drain, uploadProblem } from '../infra/uploads.js';
import { downloadRange, sendDownload } from '../infra/ranges.js';
import { requireAct, requireUser } from './caller.js';
import {
  assertMaySubmit, decideVerification, queryVerifications, revokeVerification, submitVerification, VerificationSchema,
  visibleVerification, withdrawVerification, type StoredAttachment, type VerificationForm,
} from './verification.js';

const MAX_FILES = 10;

/** The text fields of the form, with their largest length; firstName … location are required. */
const FIELDS = {
  firstName: { max: 100, required: true },
  lastName: { max: 100, required: true },
  institution: { max: 300, required: true },
  location: { max: 300, required: true },
  orcid: { max: 100, required: false },
  note: { max: 4000, required: false },
} as const;
type Field = keyof typeof FIELDS;

const StateQuery = VerificationSchema.properties.state;
const IdParams = Type.Object({ id: Type.String() });

export function verificationRoutes(app: Http, ctx: AppContext): void {
  // Multipart parsing exists only inside this scope: every other route keeps taking JSON alone.
  app.register(async (scoped) => {
    await scoped.register(multipart, {
      limits: { fileSize: ctx.config.uploadLimitBytes, files: MAX_FILES, fields: 20, fieldSize: 10_000, parts: 40 },
    });
    scoped.post('/api/v1/verifications', {
      schema: {
        tags: ['identity'],
        summary: 'Ask ACT to verify my identity (multipart/form-data: firstName, lastName, institution, location, orcid?, note?, and one or more files)',
        consumes: ['multipart/form-data'],
        response: { 201: VerificationSchema },
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      // Refuse early, before any file is stored; checked again in the transaction.
      await assertMaySubmit(ctx.db, user.id);
      const files: StoredAttachment[] = [];
      try {
        const form = await readSubmission(request, ctx, files);
        const id = await ctx.db.tx((sql) => submitVerification(sql, ctx.clock, ctx.config.publicUrl, user, form, files));
        reply.status(201);
        return (await queryVerifications(ctx.db, 'v.id = $1', [id]))[0];
      } catch (err) {
        // Nothing refers to the stored bytes when the submission failed.
        await Promise.all(files.map((f) => ctx.blobs.remove(f.storageKey)));
        throw uploadProblem(err, { fileBytes: ctx.config.uploadLimitBytes, files: MAX_FILES, form: 'a verification request' });
      }
    });
  });

  app.get('/api/v1/verifications/mine', {
    schema: { tags: ['identity'], summary: 'My identity verification requests, newest first', response: { 200: Type.Object({ items: Type.Array(VerificationSchema) }) } },
  }, async (request) => {
    const user = requireUser(request);
    return { items: await queryVerifications(ctx.db, 'v.user_id = $1', [user.id]) };
  });

  app.get('/api/v1/verifications', {
    schema: {
      tags: ['identity'],
      summary: 'Identity verification requests, newest first, or oldest first with order=oldest (the waiting ones as a queue) (ACT)',
      querystring: Type.Object({
        ...PageQuery, state: Type.Optional(StateQuery), userId: Type.Optional(Type.Integer({ minimum: 1 })),
        order: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest')], { description: 'newest first (the default), or oldest first' })),
      }),
      response: { 200: Page(VerificationSchema) },
    },
  }, async (request) => {
    requireAct(request);
    const q = request.query;
    const where = '($1::text IS NULL OR v.state = $1) AND ($2::bigint IS NULL OR v.user_id = $2)';
    const params = [q.state ?? null, q.userId ?? null];
    const items = await queryVerifications(ctx.db, where, [...params, q.limit ?? 50, q.offset ?? 0],
      q.order === 'oldest' ? 'ORDER BY v.created_at, v.id LIMIT $3 OFFSET $4' : 'ORDER BY v.created_at DESC, v.id DESC LIMIT $3 OFFSET $4');
    const { count } = await ctx.db.one<{ count: number }>(`SELECT count(*)::int AS count FROM verification_requests v WHERE ${where}`, params);
    return pageOf(items, count, q);
  });

  app.get('/api/v1/verifications/:id', {
    schema: { tags: ['identity'], summary: 'One identity verification request (its owner or ACT)', params: IdParams, response: { 200: VerificationSchema } },
  }, async (request) => {
    const user = requireUser(request);
    return visibleVerification(ctx.db, user, parseId(request.params.id, 'verification id'));
  });

  app.get('/api/v1/verifications/:id/attachments/:blobId', {
    schema: {
      tags: ['identity'],
      summary: 'Download a document attached to a verification request (its owner or ACT)',
      params: Type.Object({ id: Type.String(), blobId: Type.String() }),
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const v = await visibleVerification(ctx.db, user, parseId(request.params.id, 'verification id'));
    const blobId = parseId(request.params.blobId, 'attachment id');
    const attachment = v.attachments.find((a) => a.blobId === blobId);
    if (!attachment) throw notFound(`Verification ${v.id} has no attachment ${blobId}.`);
    const { storage_key, md5 } = await ctx.db.one<{ storage_key: string; md5: string }>('SELECT storage_key, md5 FROM blobs WHERE id = $1', [blobId]);
    const file = { fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size, md5 };
    const range = downloadRange(request, reply, file);
    // Opened before any header: a missing blob is a BLOB_MISSING problem, not a broken response.
    return sendDownload(reply, file, await ctx.blobs.open(storage_key, range), range);
  });

  app.post('/api/v1/verifications/:id/decision', {
    schema: {
      tags: ['identity'],
      summary: 'Approve or reject a submitted verification (ACT); a rejection needs a reason; the user is told',
      params: IdParams,
      body: Type.Object({
        decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
        reason: Type.Optional(Type.String({ maxLength: 4000 })),
      }, { additionalProperties: false }),
      response: { 200: VerificationSchema },
    },
  }, async (request) => {
    const act = requireAct(request);
    const id = parseId(request.params.id, 'verification id');
    await ctx.db.tx((sql) => decideVerification(sql, ctx.clock, ctx.config.publicUrl, act.id, id, request.body.decision, request.body.reason?.trim() ?? ''));
    return visibleVerification(ctx.db, act, id);
  });

  app.post('/api/v1/verifications/:id/revoke', {
    schema: {
      tags: ['identity'],
      summary: 'Revoke an approved verification (ACT): the user is no longer validated, and is told why',
      params: IdParams,
      body: Type.Object({ reason: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }),
      response: { 200: VerificationSchema },
    },
  }, async (request) => {
    const act = requireAct(request);
    const id = parseId(request.params.id, 'verification id');
    await ctx.db.tx((sql) => revokeVerification(sql, ctx.clock, ctx.config.publicUrl, act.id, id, request.body.reason.trim()));
    return visibleVerification(ctx.db, act, id);
  });

  app.post('/api/v1/verifications/:id/withdraw', {
    schema: { tags: ['identity'], summary: 'Withdraw my verification request while it is under review', params: IdParams, response: { 200: VerificationSchema } },
  }, async (request) => {
    const user = requireUser(request);
    const id = parseId(request.params.id, 'verification id');
    await ctx.db.tx((sql) => withdrawVerification(sql, ctx.clock, user, id));
    return visibleVerification(ctx.db, user, id);
  });
}

/**
 * Reads the multipart form, storing each file as it arrives (files can be large: they are streamed to the
 * blob store, never held in memory). Stored files are pushed onto `files` at once, so that the caller can
 * remove them when anything later fails.
 */
async function readSubmission(request: FastifyRequest, ctx: AppContext, files: StoredAttachment[]): Promise<VerificationForm> {
  if (!request.isMultipart()) {
    throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the verification request as multipart/form-data, with the documents as files.');
  }
  const values: Partial<Record<Field, string>> = {};
  const errors: { field: string; message: string }[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      // A browser sends an empty, nameless part for a file input left empty.
      if (!part.filename) {
        await drain(part.file);
        continue;
      }
      const stored = await ctx.blobs.put(part.file, ctx.config.uploadLimitBytes);
      const fileName = cleanFileName(part.filename, 'attachment');
      files.push({ ...stored, fileName, contentType: cleanContentType(part.mimetype) });
      if (part.file.truncated) throw new BlobTooLargeError(ctx.config.uploadLimitBytes);
      if (stored.size === 0) throw badRequest('EMPTY_FILE', `The file "${fileName}" is empty.`);
    } else if (Object.hasOwn(FIELDS, part.fieldname)) {
      values[part.fieldname as Field] = String(part.value);
    } else {
      errors.push({ field: `body.${part.fieldname}`, message: 'is not a known field' });
    }
  }
  for (const [name, rule] of Object.entries(FIELDS) as [Field, (typeof FIELDS)[Field]][]) {
    const value = values[name]?.trim() ?? '';
    values[name] = value;
    if (rule.required && !value) errors.push({ field: `body.${name}`, message: 'is required' });
    else if (value.length > rule.max) errors.push({ field: `body.${name}`, message: `must have at most ${rule.max} characters` });
  }
  let orcid: string | null = null;
  if (values.orcid) {
    orcid = normalizeOrcid(values.orcid);
    if (!orcid) errors.push({ field: 'body.orcid', message: 'is not an ORCID iD (16 digits like 0000-0002-1825-0097, with a valid check digit)' });
  }
  if (errors.length) throw validationFailed(`The request is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);
  if (files.length === 0) {
    throw badRequest('FILE_REQUIRED', 'Attach at least one document that shows who you are, e.g. a letter from your institution or a scan of your professional licence.');
  }
  return {
    firstName: values.firstName!, lastName: values.lastName!, institution: values.institution!, location: values.location!,
    orcid, note: values.note ?? '',
  };
}

/** An ORCID iD as 0000-0000-0000-000X, from the bare or URL form; null when malformed or the check digit is wrong. */
export function normalizeOrcid(raw: string): string | null {
  const match = /^(?:https?:\/\/(?:www\.)?orcid\.org\/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])$/.exec(raw.trim());
  if (!match) return null;
  const digits = match.slice(1).join('').toUpperCase();
  // ISO 7064 MOD 11-2, as ORCID defines it.
  let total = 0;
  for (const d of digits.slice(0, 15)) total = (total + Number(d)) * 2;
  const result = (12 - (total % 11)) % 11;
  const check = result === 10 ? 'X' : String(result);
  if (digits[15] !== check) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}`;
}
