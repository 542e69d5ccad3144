import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { BlobTooLargeError } from '../infra/blobs.js';
import { parseId } from '../infra/ids.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { badRequest, notFound, Problem, validationFailed } from '../infra/problem.js';
import { requireAct, requireUser } from '../identity/caller.js';
import { cleanContentType, cleanFileName, contentDisposition, drain, uploadProblem } from '../infra/uploads.js';
import { approvalExpiryHooks } from '../accessrequirements/expiry.js';
import { updateRequirement } from '../accessrequirements/requirements.js';
import { requestRound2Routes } from './round2.routes.js';
import { assertMayAttachToRemark, attachToRemark } from './remarks.js';
import { addAttachment, assertMayAttach, findAttachmentFile, removeAttachment, type UploadedFile } from './attachments.js';
import { downloadRange, sendDownload } from '../infra/ranges.js';
import { onApprovalsExpired } from './expiry.js';
import { approvedUses, approvedUsesCsv, attachmentsZip, requestsCsv } from './exports.js';
import * as forms from './forms.js';
import { requestMessages as msg } from './messages.js';
import * as notices from './notices.js';
import { ActQueueSchema, actQueue } from './queue.js';
import * as requests from './requests.js';
import * as review from './review.js';
import {
  ApprovedUseSchema, AttachmentSchema, BlockBody, DecisionBody, DecisionPreviewSchema, FieldTemplateBody, FieldTemplateSchema, FormBody,
  FormSchema, NotificationTemplateSchema, OptionalPeriod, PeriodQuery, RequestSchema, RequestStateSchema, SubmissionSchema, SubmissionStateSchema,
  TemplateKindSchema, UserBadgeSchema,
} from './schemas.js';

// The capability's part of approval expiry (its job and demo data are wired in src/background.ts, src/demo/capabilities.ts).
approvalExpiryHooks.push(onApprovalsExpired);

const tags = ['data access requests'];
const IdParams = Type.Object({ id: Type.String() });
const NoContent = { 204: Type.Null() };
const MAX_UPLOAD_FIELDS = 4;

const arId = (raw: string) => parseId(raw, 'access requirement id');
const requestId = (raw: string) => parseId(raw, 'request id');
const submissionId = (raw: string) => parseId(raw, 'submission id');

/** Data access requests (SPEC §8): HTTP in, one use case out. */
export function requestRoutes(app: Http, ctx: AppContext): void {
  // ---- Forms ------------------------------------------------------------------------------------------

  app.get('/api/v1/access-requirements/:id/form', {
    schema: {
      tags,
      summary: 'The request form of a ManagedACT access requirement (designer view for ACT; ?as=requestor previews it as a requestor sees it)',
      params: IdParams,
      querystring: Type.Object({
        as: Type.Optional(Type.Literal('requestor')),
        version: Type.Optional(Type.Integer({ minimum: 1, description: 'A past version of the form' })),
      }),
      response: { 200: FormSchema },
    },
  }, async (request) => {
    const user = request.caller.user ? requireUser(request) : null;
    return forms.getForm(ctx, user, arId(request.params.id), { as: request.query.as, version: request.query.version });
  });

  app.put('/api/v1/access-requirements/:id/form', {
    schema: {
      tags,
      summary: 'Design the request form (ACT): instructions, custom and library fields in order, reminders. A form in use gets a new version',
      params: IdParams,
      body: FormBody,
      response: { 200: FormSchema },
    },
  }, async (request) => forms.putForm(ctx, requireUser(request), arId(request.params.id), request.body));

  app.get('/api/v1/access-requirements/:id/form/versions', {
    schema: {
      tags, summary: 'Every version of the form, newest first (ACT and reviewers)', params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ version: Type.Integer(), modifiedBy: Type.Union([Type.Integer(), Type.Null()]), modifiedOn: Type.String(), customFields: Type.Integer() })) }) },
    },
  }, async (request) => forms.listFormVersions(ctx, requireUser(request), arId(request.params.id)));

  app.get('/api/v1/access-requirements/:id/form/duc-template', {
    schema: { tags, summary: 'Download the DUC template of the access requirement (signed-in users)', params: IdParams },
  }, async (request, reply) => {
    requireUser(request);
    const id = arId(request.params.id);
    const ar = await forms.managedRequirement(ctx.db, id);
    const blobId = typeof ar.settings.ducTemplateBlobId === 'number' ? ar.settings.ducTemplateBlobId : null;
    const blob = blobId === null ? null : await ctx.db.maybeOne<{ storage_key: string; file_name: string; content_type: string; size: number; md5: string }>(
      'SELECT storage_key, file_name, content_type, size, md5 FROM blobs WHERE id = $1', [blobId]);
    if (!blob) throw notFound(msg.noDucTemplate(id), 'NO_DUC_TEMPLATE');
    const file = { fileName: blob.file_name, contentType: blob.content_type, size: blob.size, md5: blob.md5 };
    const range = downloadRange(request, reply, file);
    return sendDownload(reply, file, await ctx.blobs.open(blob.storage_key, range), range);
  });

  // ---- Field template library -------------------------------------------------------------------------

  app.get('/api/v1/form-field-templates', {
    schema: {
      tags, summary: 'The governance-maintained library of form fields',
      querystring: Type.Object({ includeRetired: Type.Optional(Type.Boolean({ description: 'ACT: include retired templates' })) }),
      response: { 200: Type.Object({ items: Type.Array(FieldTemplateSchema) }) },
    },
  }, async (request) => forms.listTemplates(ctx, requireUser(request), { includeRetired: request.query.includeRetired }));

  app.post('/api/v1/form-field-templates', {
    schema: { tags, summary: 'Add a field to the library (ACT)', body: FieldTemplateBody, response: { 201: FieldTemplateSchema } },
  }, async (request, reply) => {
    const created = await forms.createTemplate(ctx, requireUser(request), request.body);
    reply.status(201);
    return created;
  });

  app.put('/api/v1/form-field-templates/:id', {
    schema: { tags, summary: 'Change a library field (ACT); forms keep their copy until saved again', params: IdParams, body: FieldTemplateBody, response: { 200: FieldTemplateSchema } },
  }, async (request) => forms.updateTemplate(ctx, requireUser(request), parseId(request.params.id, 'field template id'), request.body));

  app.delete('/api/v1/form-field-templates/:id', {
    schema: { tags, summary: 'Retire a library field (ACT): no longer offered; forms that use it keep it', params: IdParams, response: NoContent },
  }, async (request, reply) => {
    await forms.retireTemplate(ctx, requireUser(request), parseId(request.params.id, 'field template id'));
    reply.status(204).send(null);
  });

  // ---- Requests ---------------------------------------------------------------------------------------

  app.post('/api/v1/requests', {
    schema: {
      tags,
      summary: 'Open my request for an access requirement: my saved draft or request (200), or a new draft with me as first accessor (201)',
      body: Type.Object({ accessRequirementId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: RequestSchema, 201: RequestSchema },
    },
  }, async (request, reply) => {
    const { request: opened, created } = await requests.openRequest(ctx, requireUser(request), request.body.accessRequirementId);
    reply.status(created ? 201 : 200);
    return opened;
  });

  app.get('/api/v1/requests/mine', {
    schema: {
      tags,
      summary: 'My requests (as requestor, or where I am an accessor), most recently changed first',
      querystring: Type.Object({
        ...PageQuery,
        role: Type.Optional(Type.Union([Type.Literal('requestor'), Type.Literal('accessor')])),
        accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })),
        state: Type.Optional(RequestStateSchema),
      }),
      response: { 200: Page(RequestSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await review.listMine(ctx, requireUser(request), { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.get('/api/v1/requests/:id', {
    schema: { tags, summary: 'A request (requestor, accessors, ACT, reviewers)', params: IdParams, response: { 200: RequestSchema } },
  }, async (request) => requests.getRequest(ctx, requireUser(request), requestId(request.params.id)));

  app.put('/api/v1/requests/:id', {
    schema: {
      tags,
      summary: 'Save the draft (requestor): answers by field key (null clears), the accessors by user id or name; every problem is listed and nothing is saved',
      params: IdParams,
      body: Type.Object({
        answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        accessors: Type.Optional(Type.Array(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 100 })]), { maxItems: 200 })),
        etag: Type.Optional(Type.String()),
      }, { additionalProperties: false }),
      response: { 200: RequestSchema },
    },
  }, async (request) => requests.saveDraft(ctx, requireUser(request), requestId(request.params.id), request.body));

  app.post('/api/v1/requests/:id/accessors', {
    schema: {
      tags,
      summary: "Add an accessor by user id or name (requestor); one who fails the AR's certified/validated rules is refused with a message",
      params: IdParams,
      body: Type.Object({ user: Type.Union([Type.Integer({ minimum: 1 }), Type.String({ minLength: 1, maxLength: 100 })]) }, { additionalProperties: false }),
      response: { 200: RequestSchema },
    },
  }, async (request) => requests.saveDraft(ctx, requireUser(request), requestId(request.params.id), { addAccessor: request.body.user }));

  app.delete('/api/v1/requests/:id/accessors/:userId', {
    schema: { tags, summary: 'Remove an accessor (requestor; the requestor may remove themself)', params: Type.Object({ id: Type.String(), userId: Type.String() }), response: { 200: RequestSchema } },
  }, async (request) => requests.saveDraft(ctx, requireUser(request), requestId(request.params.id), { removeAccessor: parseId(request.params.userId, 'user id') }));

  app.post('/api/v1/requests/:id/submit', {
    schema: {
      tags,
      summary: 'Submit the request as a new version (requestor). 400 REQUIRED_FIELDS_MISSING lists every missing field; a retry answers 200 with the pending submission',
      params: IdParams,
      body: Type.Object({ etag: Type.Optional(Type.String()) }, { additionalProperties: false }),
      response: { 200: SubmissionSchema, 201: SubmissionSchema },
    },
  }, async (request, reply) => {
    const { submission, created } = await requests.submitRequest(ctx, requireUser(request), requestId(request.params.id), request.body);
    reply.status(created ? 201 : 200);
    return submission;
  });

  app.get('/api/v1/requests/:id/submissions', {
    schema: { tags, summary: 'Every submitted version of the request, oldest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(SubmissionSchema) }) } },
  }, async (request) => requests.requestVersions(ctx, requireUser(request), requestId(request.params.id)));

  app.get('/api/v1/requests/:id/attachments/:attachmentId', {
    exposeHeadRoute: false,
    schema: { tags, summary: 'Download an attachment (requestor, ACT, reviewers)', params: Type.Object({ id: Type.String(), attachmentId: Type.String() }) },
  }, async (request, reply) => {
    const file = await findAttachmentFile(ctx, requireUser(request), requestId(request.params.id), parseId(request.params.attachmentId, 'attachment id'));
    const range = downloadRange(request, reply, file);
    return sendDownload(reply, file, await ctx.blobs.open(file.storageKey, range), range);
  });

  app.delete('/api/v1/requests/:id/attachments/:attachmentId', {
    schema: { tags, summary: 'Remove an attachment from the working copy (requestor)', params: Type.Object({ id: Type.String(), attachmentId: Type.String() }), response: NoContent },
  }, async (request, reply) => {
    await removeAttachment(ctx, requireUser(request), requestId(request.params.id), parseId(request.params.attachmentId, 'attachment id'));
    reply.status(204).send(null);
  });

  // Multipart parsing exists only inside this scope: every other route keeps taking JSON alone.
  app.register(async (plain) => {
    const scoped = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scoped.register(multipart, {
      limits: { fileSize: ctx.config.uploadLimitBytes, files: 1, fields: MAX_UPLOAD_FIELDS, fieldSize: 1000, parts: MAX_UPLOAD_FIELDS + 1 },
    });
    scoped.put('/api/v1/access-requirements/:id/form/duc-template', {
      schema: {
        tags,
        summary: "Upload the DUC template of a ManagedACT access requirement (ACT; multipart/form-data: the AR's etag, then the file). A new AR version",
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: Type.Object({ accessRequirementId: Type.Integer(), version: Type.Integer(), etag: Type.String(), ducTemplateBlobId: Type.Integer(), fileName: Type.String() }) },
      },
    }, async (request) => {
      // Refused before any byte is stored.
      const user = requireAct(request);
      const id = arId(request.params.id);
      await forms.managedRequirement(ctx.db, id);
      const { fieldKey: etag, file } = await readUpload(request, ctx, 'etag');
      try {
        return await ctx.db.tx(async (sql) => {
          const blob = await sql.one<{ id: number }>(
            `INSERT INTO blobs (storage_key, size, md5, content_type, file_name, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
            [file.storageKey, file.size, file.md5, file.contentType, file.fileName, user.id, ctx.clock.now()],
          );
          const updated = await updateRequirement(ctx, user, id, { etag, settings: { ducTemplateBlobId: blob.id } });
          return { accessRequirementId: id, version: updated.version, etag: updated.etag, ducTemplateBlobId: blob.id, fileName: file.fileName };
        });
      } catch (err) {
        await ctx.blobs.remove(file.storageKey);
        throw err;
      }
    });

    scoped.post('/api/v1/requests/:id/attachments', {
      schema: {
        tags,
        summary: 'Attach a file to a field of the request (requestor; multipart/form-data: fieldKey, then file). It is added to the answer of that field',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: AttachmentSchema },
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      const id = requestId(request.params.id);
      // Refused before any byte is stored.
      await assertMayAttach(ctx, user, id);
      const upload = await readUpload(request, ctx);
      try {
        const attachment = await addAttachment(ctx, user, id, upload.fieldKey, upload.file);
        reply.status(201);
        return attachment;
      } catch (err) {
        await ctx.blobs.remove(upload.file.storageKey);
        throw err;
      }
    });

    scoped.post('/api/v1/requests/:id/remarks/:remarkId/attachments', {
      schema: {
        tags,
        summary: 'Attach a file to a remark (its author; multipart/form-data: note, then file); seen by whoever sees the remark',
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: Type.String(), remarkId: Type.String() }),
        response: { 201: AttachmentSchema },
      },
    }, async (request, reply) => {
      const user = requireUser(request);
      const id = requestId(request.params.id);
      const remarkId = parseId(request.params.remarkId, 'remark id');
      // Refused before any byte is stored.
      await assertMayAttachToRemark(ctx, user, id, remarkId);
      const upload = await readUpload(request, ctx, 'note', { optional: true });
      try {
        const attachment = await attachToRemark(ctx, user, id, remarkId, upload.file);
        reply.status(201);
        return attachment;
      } catch (err) {
        await ctx.blobs.remove(upload.file.storageKey);
        throw err;
      }
    });
  });

  // ---- Submissions: review and decisions ----------------------------------------------------------------

  const ReviewQuery = {
    ...PageQuery,
    state: Type.Optional(SubmissionStateSchema),
    ...OptionalPeriod,
    requestor: Type.Optional(Type.String({ description: 'User id or name' })),
    accessor: Type.Optional(Type.String({ description: 'User id or name' })),
    submission: Type.Optional(Type.Integer({ minimum: 1, description: 'Only this submission (the link in the "submitted" notice)' })),
    allVersions: Type.Optional(Type.Boolean({ description: 'Every version, not only the newest of each request' })),
    order: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest')], { description: 'newest submission first (the default), or oldest first: the waiting requests as a queue' })),
  };

  app.get('/api/v1/access-requirements/:id/submissions', {
    schema: {
      tags,
      summary: 'The review table of an access requirement (ACT and its validated reviewers): newest version of each request, with filters',
      params: IdParams,
      querystring: Type.Object(ReviewQuery),
      response: { 200: Page(SubmissionSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await review.listSubmissions(ctx, requireUser(request), { ...q, accessRequirementId: arId(request.params.id), limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.get('/api/v1/reviews', {
    schema: {
      tags,
      summary: 'The ManagedACT access requirements whose requests I review (all of them for ACT), with how many wait for review',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            accessRequirementId: Type.Integer(),
            name: Type.String(),
            awaitingReview: Type.Integer({ description: 'Requests whose newest version is SUBMITTED' }),
            mayReview: Type.Boolean({ description: 'False for a delegated reviewer who is not validated yet' }),
            note: Type.Optional(Type.String({ description: 'When mayReview is false: why (the REVIEWER_NOT_VALIDATED sentence)' })),
            verificationUrl: Type.Optional(Type.String({ description: 'When mayReview is false: the page where the reviewer submits their identity verification' })),
          })),
        }),
      },
    },
  }, async (request) => ({ items: await review.reviewableRequirements(ctx, requireUser(request)) }));

  app.get('/api/v1/submissions', {
    schema: {
      tags,
      summary: 'The review table across access requirements (ACT)',
      querystring: Type.Object({ ...ReviewQuery, accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: { 200: Page(SubmissionSchema) },
    },
  }, async (request) => {
    const q = request.query;
    const { items, total } = await review.listSubmissions(ctx, requireUser(request), { ...q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return pageOf(items, total, q);
  });

  app.get('/api/v1/submissions/:id', {
    schema: { tags, summary: 'One submission (a version of a request)', params: IdParams, response: { 200: SubmissionSchema } },
  }, async (request) => requests.getSubmission(ctx, requireUser(request), submissionId(request.params.id)));

  app.post('/api/v1/submissions/:id/cancel', {
    schema: { tags, summary: 'Cancel a submission awaiting review (requestor); ACT and the reviewers are told', params: IdParams, response: { 200: SubmissionSchema } },
  }, async (request) => requests.cancelSubmission(ctx, requireUser(request), submissionId(request.params.id)));

  app.get('/api/v1/submissions/:id/decision', {
    schema: {
      tags,
      summary: 'Before deciding (ACT, reviewers): who gets access until when, whose access ends, and the approval email to edit',
      params: IdParams,
      response: { 200: DecisionPreviewSchema },
    },
  }, async (request) => requests.decisionPreview(ctx, requireUser(request), submissionId(request.params.id)));

  app.post('/api/v1/submissions/:id/decision', {
    schema: {
      tags,
      summary: 'Approve (with the email, edited or not) or reject (with a reason) a submission (ACT, reviewers); a repeat of the same decision changes nothing',
      params: IdParams,
      body: DecisionBody,
      response: { 200: SubmissionSchema },
    },
  }, async (request) => requests.decideSubmission(ctx, requireUser(request), submissionId(request.params.id), request.body));

  app.post('/api/v1/submissions/:id/revoke', {
    schema: {
      tags,
      summary: 'Revoke an approved request (ACT): every approval it granted ends at once; with block, the requestor and/or accessors are put on the block list of the access requirement',
      params: IdParams,
      body: Type.Object({
        reason: Type.String({ minLength: 1, maxLength: 5000 }),
        block: Type.Optional(BlockBody),
      }, { additionalProperties: false }),
      response: { 200: SubmissionSchema },
    },
  }, async (request) => requests.revokeSubmission(ctx, requireUser(request), submissionId(request.params.id), request.body.reason, request.body.block));

  // ---- Public listing, exports, audit queries --------------------------------------------------------

  app.get('/api/v1/access-requirements/:id/approved-uses', {
    schema: {
      tags,
      summary: 'Approved uses, newest first (public, for ARs whose intended data use is public); ?format=csv for CSV',
      security: [],
      params: IdParams,
      querystring: Type.Object({ ...PageQuery, format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])) }),
      response: { 200: Type.Intersect([Page(ApprovedUseSchema), Type.Object({ accessRequirementId: Type.Integer(), accessRequirementName: Type.String() })]) },
    },
  }, async (request, reply) => {
    const id = arId(request.params.id);
    if (request.query.format === 'csv') {
      const csv = await approvedUsesCsv(ctx, id);
      // Text, not the JSON page the schema describes: sent as is.
      return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition(`approved-uses-${id}.csv`)).send(csv as never);
    }
    const q = request.query;
    const listing = await approvedUses(ctx, id, { limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return { ...pageOf(listing.items, listing.total, q), accessRequirementId: listing.accessRequirementId, accessRequirementName: listing.accessRequirementName };
  });

  app.get('/api/v1/access-requirements/:id/exports/attachments', {
    exposeHeadRoute: false,
    schema: {
      tags,
      summary: "One zip of every DUC and attachment of the AR's submissions in the period, with index.csv (ACT, reviewers)",
      params: IdParams,
      querystring: PeriodQuery,
    },
  }, async (request, reply) => {
    const zip = await attachmentsZip(ctx, requireUser(request), arId(request.params.id), request.query);
    return reply.type('application/zip').header('content-disposition', contentDisposition(zip.fileName)).header('cache-control', 'private, no-store').send(zip.stream);
  });

  app.get('/api/v1/access-requirements/:id/exports/requests', {
    exposeHeadRoute: false,
    schema: { tags, summary: 'CSV of the requests submitted in the period, one row per version, with every answer (ACT, reviewers)', params: IdParams, querystring: PeriodQuery },
  }, async (request, reply) => {
    const out = await requestsCsv(ctx, requireUser(request), arId(request.params.id), request.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', contentDisposition(out.fileName)).header('cache-control', 'private, no-store').send(out.csv);
  });

  app.get('/api/v1/access-requirements/:id/accessors', {
    schema: {
      tags,
      summary: 'Who holds an approval for the access requirement now, since when and until when (ACT, reviewers)',
      params: IdParams,
      response: {
        200: Type.Object({
          accessRequirementId: Type.Integer(),
          items: Type.Array(Type.Object({
            user: UserBadgeSchema, since: Type.String(), expiresOn: Type.Union([Type.String(), Type.Null()]),
            sources: Type.Array(Type.String()), requestIds: Type.Array(Type.Integer()),
          })),
        }),
      },
    },
  }, async (request) => review.accessorsOf(ctx, requireUser(request), arId(request.params.id)));

  app.get('/api/v1/request-audits/awaiting-review', {
    schema: {
      tags,
      summary: 'Submissions awaiting review, oldest first (ACT; reviewers with accessRequirementId)',
      querystring: Type.Object({ accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            submissionId: Type.Integer(), requestId: Type.Integer(), accessRequirementId: Type.Integer(), accessRequirementName: Type.String(),
            version: Type.Integer(), requestor: Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() }),
            accessorCount: Type.Integer(), submittedOn: Type.String(), waitingDays: Type.Integer(),
          })),
        }),
      },
    },
  }, async (request) => review.awaitingReview(ctx, requireUser(request), request.query));

  app.get('/api/v1/act/queue', {
    schema: {
      tags,
      summary: "ACT's queue for its home page: how many data access requests and identity verification requests wait for review, each with the oldest first and how many days they have waited (ACT; 403 otherwise)",
      response: { 200: ActQueueSchema },
    },
  }, async (request) => actQueue(ctx, requireUser(request)));

  const Who = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });
  app.get('/api/v1/request-audits/approvals', {
    schema: {
      tags,
      summary: 'Approvals granted in a period and who granted them: approved submissions and direct ACT grants (ACT; reviewers with accessRequirementId)',
      querystring: Type.Object({ ...PeriodQuery.properties, accessRequirementId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      response: {
        200: Type.Object({
          from: Type.String(), to: Type.String(),
          items: Type.Array(Type.Object({
            source: Type.Union([Type.Literal('request'), Type.Literal('act')]), approvedOn: Type.String(), approvedBy: Type.Union([Who, Type.Null()]),
            accessRequirementId: Type.Integer(), accessRequirementName: Type.String(), submissionId: Type.Union([Type.Integer(), Type.Null()]),
            requestId: Type.Union([Type.Integer(), Type.Null()]), version: Type.Union([Type.Integer(), Type.Null()]), requestor: Type.Union([Who, Type.Null()]),
            accessors: Type.Array(Who), expiresOn: Type.Union([Type.String(), Type.Null()]), state: Type.String(),
          })),
        }),
      },
    },
  }, async (request) => review.approvalsInPeriod(ctx, requireUser(request), request.query));

  // Round 2 (issue 14): return for changes, the thread, copy and delete, the block list.
  requestRound2Routes(app, ctx);

  // ---- Notification templates ------------------------------------------------------------------------

  app.get('/api/v1/request-notification-templates', {
    schema: {
      tags,
      summary: 'The notification templates of the request life cycle, with the placeholders they may use (ACT)',
      response: { 200: Type.Object({ placeholders: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })), items: Type.Array(NotificationTemplateSchema) }) },
    },
  }, async (request) => notices.listTemplates(ctx, requireUser(request)));

  app.put('/api/v1/request-notification-templates/:kind', {
    schema: {
      tags,
      summary: 'Change a notification template (ACT); unknown placeholders are refused',
      params: Type.Object({ kind: TemplateKindSchema }),
      body: Type.Object({ subject: Type.String({ maxLength: 500 }), body: Type.String({ maxLength: 50_000 }) }, { additionalProperties: false }),
      response: { 200: NotificationTemplateSchema },
    },
  }, async (request) => notices.putTemplate(ctx, requireUser(request), request.params.kind, request.body));

}

/** Reads `fieldKey` and one file (part "file"), streamed to the blob store; removes the bytes on any failure. */
async function readUpload(request: FastifyRequest, ctx: AppContext, keyField = 'fieldKey', opts: { optional?: boolean } = {}): Promise<{ fieldKey: string; file: UploadedFile }> {
  if (!request.isMultipart()) throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the file as multipart/form-data: ${keyField}, then the file in a part named "file".`);
  let fieldKey: string | undefined;
  let file: UploadedFile | undefined;
  const errors: { field: string; message: string }[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || !part.filename || file) {
          await drain(part.file);
          if (part.fieldname !== 'file') errors.push({ field: `body.${part.fieldname}`, message: 'is not a known field' });
          continue;
        }
        const stored = await ctx.blobs.put(part.file, ctx.config.uploadLimitBytes);
        file = { ...stored, fileName: cleanFileName(part.filename), contentType: cleanContentType(part.mimetype) };
        if (part.file.truncated) throw new BlobTooLargeError(ctx.config.uploadLimitBytes);
      } else if (part.fieldname === keyField) {
        fieldKey = String(part.value).trim();
      } else {
        errors.push({ field: `body.${part.fieldname}`, message: 'is not a known field' });
      }
    }
    if (!fieldKey && !opts.optional) errors.push({ field: `body.${keyField}`, message: 'is required' });
    if (errors.length > 0) throw validationFailed(`The request is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);
    if (!file) throw badRequest('FILE_REQUIRED', 'Attach the file in a part named "file".');
    return { fieldKey: fieldKey ?? '', file };
  } catch (err) {
    if (file) await ctx.blobs.remove(file.storageKey);
    throw uploadProblem(err, { fileBytes: ctx.config.uploadLimitBytes, form: 'an attachment upload (fieldKey and file)' });
  }
}

