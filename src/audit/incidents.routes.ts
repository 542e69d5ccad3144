import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { Page, PageQuery, pageOf } from '../infra/pagination.js';
import { parseId } from '../infra/ids.js';
import { validationFailed, forbidden } from '../infra/problem.js';
import { requireAuditReader } from '../identity/caller.js';
import { closeIncident, findingsOf, INCIDENT_SELECT, incidentView, loadIncident, type IncidentRow } from './incidents.js';

/** The governance incident log (src/audit/incidents.ts): read by audit readers, closed by ACT and security. */
const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['audit'];
const Actor = Type.Object({ id: Type.Integer(), displayName: Type.String() });

export const IncidentSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  state: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  findings: Type.Array(Type.Object({ id: Type.Integer(), query: Type.String(), summary: Type.String(), state: Type.String() })),
  openedBy: Actor,
  openedAt: date,
  closedBy: nullable(Actor),
  closedAt: nullable(date),
  resolution: nullable(Type.String()),
  ticket: Type.Object({
    status: Type.Union([Type.Literal('not-sent'), Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')], {
      description: 'The ticket webhook: not-sent (none configured, or notify false), pending (queued or retrying), sent, failed (given up)',
    }),
    attempts: Type.Integer(),
    error: nullable(Type.String()),
    sentAt: nullable(date),
  }),
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Governance incident id' }) });

export function governanceIncidentRoutes(app: Http, ctx: AppContext): void {
  const { db, clock } = ctx;

  app.get('/api/v1/governance/incidents', {
    schema: {
      tags, summary: 'The governance incident log, newest first (audit readers)',
      querystring: Type.Object({ ...PageQuery, state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) }),
      response: { 200: Page(IncidentSchema) },
    },
  }, async (request) => {
    requireAuditReader(request);
    const q = request.query;
    const { total } = await db.one<{ total: number }>('SELECT count(*)::int AS total FROM governance_incidents WHERE ($1::text IS NULL OR state = $1)', [q.state ?? null]);
    const rows = await db.query<IncidentRow>(
      `${INCIDENT_SELECT} WHERE ($1::text IS NULL OR i.state = $1) ORDER BY i.opened_at DESC, i.id DESC LIMIT $2 OFFSET $3`, [q.state ?? null, q.limit ?? 50, q.offset ?? 0]);
    const findings = await findingsOf(db, [...new Set(rows.flatMap((r) => r.finding_ids.map(Number)))]);
    return pageOf(rows.map((r) => incidentView(r, findings)), total, q);
  });

  app.get('/api/v1/governance/incidents/:id', {
    schema: { tags, summary: 'One governance incident (audit readers)', params: IdParams, response: { 200: IncidentSchema } },
  }, async (request) => {
    requireAuditReader(request);
    return loadIncident(db, parseId(request.params.id, 'incident id'));
  });

  app.patch('/api/v1/governance/incidents/:id', {
    schema: {
      tags, summary: 'Close an incident with its resolution (ACT, security); its findings under incident close with it',
      params: IdParams,
      body: Type.Object({ state: Type.Literal('closed'), resolution: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
      response: { 200: IncidentSchema },
    },
  }, async (request) => {
    const user = requireAuditReader(request);
    if (!user.isAct && !user.isSecurity && !user.isAdmin) {
      throw forbidden('AUDIT_TRIAGE_REQUIRED', 'Only the Access and Compliance Team, security engineers and platform administrators may close incidents.');
    }
    const id = parseId(request.params.id, 'incident id');
    const resolution = request.body.resolution.trim();
    if (!resolution) throw validationFailed('Say how the incident was resolved.', [{ field: 'body.resolution', message: 'must not be blank', code: 'REQUIRED', sentence: 'Say how the incident was resolved.' }]);
    await db.tx((sql) => closeIncident(sql, clock, user.id, id, resolution));
    return loadIncident(db, id);
  });
}
