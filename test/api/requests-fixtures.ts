import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { TestGatehouse, TestUser } from '../harness.js';

/**
 * Shared set-up for the data access request tests: everything goes through the HTTP API, except what a user
 * cannot observe through it (the outbox table, row counts) and the download decision, taken by ctx.decisions.
 */

export const DAY = 86_400_000;
export const syn = (id: number) => `syn${id}`;

export interface Ar {
  id: number;
  projectId: number;
}

export function requestFixtures(gh: TestGatehouse) {
  const db = () => gh.ctx.db;

  async function ok(res: { statusCode: number; body: string; json(): unknown }, status = 200) {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as any;
  }

  /** A multipart body: text fields in order, then the file in a part named "file". */
  function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type?: string }) {
    const boundary = `----gatehouse${randomBytes(8).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    if (file) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`));
      parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  }

  const f = {
    ok,
    multipart,

    /**
     * A project of `owner` that `downloaders` may download, behind a new ManagedACT AR with these settings
     * (certified and validated accessors, a DUC and an intended data use statement unless told otherwise).
     */
    async managedAr(act: TestUser, owner: TestUser, downloaders: TestUser[], settings: Record<string, unknown> = {}, name?: string): Promise<Ar> {
      const project = await ok(await gh.as(owner).post('/api/v1/entities', { type: 'project', name: `Cohort ${randomBytes(4).toString('hex')}` }), 201);
      const all = ['READ', 'DOWNLOAD', 'CREATE', 'UPDATE', 'DELETE', 'CHANGE_PERMISSIONS', 'CHANGE_SETTINGS', 'MODERATE', 'SHARE', 'COMPUTE'];
      await ok(await gh.as(owner).put(`/api/v1/entities/${project.id}/acl`, {
        entries: [{ principalId: owner.id, accessTypes: all }, ...downloaders.map((u) => ({ principalId: u.id, accessTypes: ['READ', 'DOWNLOAD'] }))],
      }));
      const ar = await ok(await gh.as(act).post('/api/v1/access-requirements', {
        type: 'ManagedACT',
        name: name ?? `Controlled ${randomBytes(4).toString('hex')}`,
        terms: 'Use the data only for the approved purpose.',
        settings: { certifiedRequired: true, validatedRequired: true, ducRequired: true, iduRequired: true, expirationDays: 365, ...settings },
        subjects: [{ type: 'entity', id: project.id }],
      }), 201);
      return { id: ar.id, projectId: Number(String(project.id).replace('syn', '')) };
    },

    /** The DOWNLOAD decision for the user on the entity, as every download takes it. */
    async canDownload(user: TestUser, entityId: number) {
      const decision = await gh.ctx.decisions.decide({ userId: user.id, entityId, action: 'DOWNLOAD' });
      return decision.granted;
    },

    async open(user: TestUser, arId: number, status = 201) {
      return ok(await gh.as(user).post('/api/v1/requests', { accessRequirementId: arId }), status);
    },

    async save(user: TestUser, requestId: number, body: Record<string, unknown>) {
      return ok(await gh.as(user).put(`/api/v1/requests/${requestId}`, body));
    },

    async attach(user: TestUser, requestId: number, fieldKey: string, name = 'duc.pdf', content = `DUC of ${user.username}`) {
      const { payload, headers } = multipart({ fieldKey }, { name, content });
      return ok(await gh.as(user).post(`/api/v1/requests/${requestId}/attachments`, payload, headers), 201);
    },

    /** Opens a request and fills every field the default ManagedACT form requires. */
    async filled(user: TestUser, arId: number, answers: Record<string, unknown> = {}, accessors?: (number | string)[]) {
      const request = await f.open(user, arId);
      await f.attach(user, request.id, 'duc');
      return f.save(user, request.id, {
        answers: { studyLead: `Dr. ${user.username}`, institution: 'University of Example', intendedDataUse: 'Studying variants.', ...answers },
        ...(accessors ? { accessors } : {}),
      });
    },

    async submit(user: TestUser, requestId: number, status = 201) {
      return ok(await gh.as(user).post(`/api/v1/requests/${requestId}/submit`, {}), status);
    },

    async approve(reviewer: TestUser, submissionId: number, extra: Record<string, unknown> = {}) {
      return ok(await gh.as(reviewer).post(`/api/v1/submissions/${submissionId}/decision`, { decision: 'APPROVED', ...extra }));
    },

    async reject(reviewer: TestUser, submissionId: number, reason: string) {
      return ok(await gh.as(reviewer).post(`/api/v1/submissions/${submissionId}/decision`, { decision: 'REJECTED', reason }));
    },

    /** Filled, submitted and approved: returns the request id and the submission. */
    async approved(user: TestUser, act: TestUser, arId: number, accessors?: (number | string)[]) {
      const request = await f.filled(user, arId, {}, accessors);
      const submission = await f.submit(user, request.id);
      return { requestId: request.id as number, submission: await f.approve(act, submission.id) };
    },

    async emails(where: { to?: TestUser; kind?: string } = {}) {
      return db().query<{ kind: string; recipient: string; recipient_user_id: number; subject: string; body: string }>(
        `SELECT kind, recipient, recipient_user_id, subject, body FROM outbox
         WHERE ($1::bigint IS NULL OR recipient_user_id = $1) AND ($2::text IS NULL OR kind = $2) ORDER BY id`,
        [where.to?.id ?? null, where.kind ?? null],
      );
    },

    async clearOutbox() {
      await db().query('DELETE FROM outbox');
      await db().query('DELETE FROM notifications');
    },

    /** Row counts every write of this capability would move. */
    async totals() {
      return db().one<Record<string, number>>(
        `SELECT (SELECT count(*) FROM data_access_requests)::int AS requests, (SELECT count(*) FROM request_submissions)::int AS submissions,
           (SELECT count(*) FROM approvals)::int AS approvals, (SELECT count(*) FROM approvals WHERE state = 'REVOKED')::int AS revoked,
           (SELECT count(*) FROM request_attachments)::int AS attachments, (SELECT count(*) FROM outbox)::int AS outbox,
           (SELECT count(*) FROM audit_log)::int AS audit, (SELECT count(*) FROM request_form_versions)::int AS form_versions,
           (SELECT count(*) FROM request_reminders)::int AS reminders,
           (SELECT coalesce(string_agg(id || ':' || state || ':' || etag || ':' || answers::text || ':' || accessor_ids::text, ',' ORDER BY id), '') FROM data_access_requests) AS request_rows`,
      );
    },

    async audit(action: string) {
      return db().query<{ actor_id: number | null; target_id: string; details: Record<string, unknown> }>(
        'SELECT actor_id, target_id, details FROM audit_log WHERE action = $1 ORDER BY seq',
        [action],
      );
    },
  };
  return f;
}
