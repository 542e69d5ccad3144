import { Type, type TSchema } from '@sinclair/typebox';
import type { AppContext } from '../context.js';
import type { Http } from '../infra/http.js';
import { parseEntityId } from '../infra/ids.js';
import { requireSecurity } from '../identity/caller.js';
import { egressSeries, MAX_SPAN_DAYS } from './series.js';

const date = Type.String({ format: 'date-time' });
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const tags = ['egress'];
const Threshold = Type.Object({ windowSeconds: Type.Integer(), bytes: Type.Integer() });

const SeriesSchema = Type.Object({
  from: date,
  to: date,
  bucketSeconds: Type.Integer({ description: 'Chosen from the span: 1 minute for an hour, up to 1 day; at most 300 buckets' }),
  buckets: Type.Array(Type.Object({
    start: date,
    monitor: Type.Integer({ description: 'Bytes of attributed network-monitor events observed in the bucket' }),
    download: Type.Integer({ description: 'Bytes of row-level Gatehouse downloads counted (serving, served, failed) in the bucket' }),
  }), { description: 'Every bucket of the span, empty ones too, aligned on the Unix epoch (UTC)' }),
  totals: Type.Object({ monitor: Type.Integer(), download: Type.Integer() }),
  thresholds: Type.Object({
    policyVersion: Type.Integer(),
    monitor: Type.Array(Threshold),
    download: Type.Array(Threshold),
    highVolumeBytes: Type.Integer(),
  }, { description: 'Of the policy in force; thresholds are over sliding windows, not over buckets' }),
  incidents: Type.Array(Type.Object({
    id: Type.Integer(), userId: Type.Integer(), username: Type.String(), projectId: nullable(Type.String()),
    firstEventAt: date, lastEventAt: date, bytes: Type.Integer(), state: Type.String(),
    counting: Type.Union([Type.Literal('counted'), Type.Literal('bypassed')]),
  }), { description: 'The incidents (alerts) whose first event is in the span, oldest first, at most 500' }),
  user: nullable(Type.Object({
    id: Type.Integer(), username: Type.String(), status: Type.String(), disabledReason: nullable(Type.String()),
    egressSuspendedUntil: nullable(date), suspended: Type.Boolean({ description: 'Suspended now' }),
  }, { description: 'The user asked for, with their account and suspension state; null without userId' })),
});

/** The egress dashboard's chart (src/egress/series.ts), for security engineers and admins. */
export function egressSeriesRoutes(app: Http, ctx: AppContext): void {
  app.get('/api/v1/egress/series', {
    schema: {
      tags,
      summary: 'Egress over time in buckets, per source (monitor, download), with the thresholds and the incidents of the span (security engineers)',
      description: `The span is [from, to): the last 24 hours by default, at most ${MAX_SPAN_DAYS} days (400 SPAN_TOO_LONG); to must be after from (400 BAD_SPAN). `
        + 'Only row-level egress that counts is drawn: attributed monitor events, and downloads that were served, are being served, or broke off; '
        + 'summary and refused downloads are not.',
      querystring: Type.Object({
        userId: Type.Optional(Type.Integer({ minimum: 1, description: 'One user (404 USER_NOT_FOUND if there is none)' })),
        projectId: Type.Optional(Type.String({ maxLength: 40, description: 'Project entity id, like syn123' })),
        from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the span (inclusive)' })),
        to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the span (exclusive); now by default' })),
      }, { additionalProperties: false }),
      response: { 200: SeriesSchema },
    },
  }, async (request) => {
    requireSecurity(request);
    const q = request.query;
    return egressSeries(ctx.db, ctx.clock.now(), {
      userId: q.userId,
      projectId: q.projectId ? parseEntityId(q.projectId) : undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    });
  });
}
