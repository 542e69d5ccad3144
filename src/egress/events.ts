import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { MAX_ID } from '../infra/boundary.js';

/**
 * The shape of an egress event as a source posts it, and its checking, pure. A delivery's body is one event or
 * an array of up to MAX_BATCH events; each event in a batch is checked on its own, so one bad event does not
 * cost the good ones.
 */
export const MAX_BATCH = 500;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

export const EgressEventSchema = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 200, description: "The source's own id for the event; a replay of it is answered as a duplicate" }),
  user: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 254 }), Type.Integer({ minimum: 1, maximum: MAX_ID })], { description: 'The Gatehouse user: id or username' })),
  runtimeId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer({ minimum: 1, maximum: MAX_ID })], {
    description: "A registered runtime: its Gatehouse id, or the orchestrator's id for it (externalId). It gives the user and the project",
  })),
  projectId: Type.Optional(Type.String({ maxLength: 40, description: 'The project (entity id, e.g. syn123)' })),
  bytes: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Bytes that left in the window' }),
  windowStart: Type.String({ maxLength: 40, description: 'RFC 3339 date-time' }),
  windowSeconds: Type.Integer({ minimum: 0, maximum: 31 * 86400 }),
  observedAt: Type.String({ maxLength: 40, description: 'RFC 3339 date-time' }),
  kind: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'network, object-names, query-result, …' }),
  payload: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "The source's raw record, kept as sent" })),
}, { additionalProperties: false });
export type EgressEventInput = Static<typeof EgressEventSchema>;

export const EgressDeliveryBody = Type.Union([EgressEventSchema, Type.Array(EgressEventSchema, { minItems: 1, maxItems: MAX_BATCH })], {
  description: 'One event, or a batch of up to 500',
});

export interface Refusal {
  code: string;
  detail: string;
}

export type ParsedBody =
  | { ok: true; batch: boolean; events: unknown[] }
  | { ok: false; status: number; code: string; detail: string };

export function parseBody(raw: Buffer): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, status: 400, code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { ok: false, status: 400, code: 'EMPTY_BATCH', detail: 'The batch holds no events.' };
    if (value.length > MAX_BATCH) return { ok: false, status: 413, code: 'BATCH_TOO_LARGE', detail: `A batch holds at most ${MAX_BATCH} events; this one holds ${value.length}.` };
    return { ok: true, batch: true, events: value };
  }
  if (value === null || typeof value !== 'object') {
    return { ok: false, status: 400, code: 'VALIDATION_FAILED', detail: 'The body must be an event (a JSON object) or an array of events.' };
  }
  return { ok: true, batch: false, events: [value] };
}

export interface CheckedEvent {
  eventId: string;
  user: string | null;
  runtime: string | null;
  project: string | null;
  bytes: number;
  windowStart: Date;
  windowSeconds: number;
  observedAt: Date;
  kind: string;
  payload: Record<string, unknown>;
}

const instant = (s: string) => (RFC3339.test(s) && !Number.isNaN(Date.parse(s)) ? new Date(s) : null);

export function checkEvent(value: unknown): { ok: true; event: CheckedEvent } | { ok: false; refusal: Refusal } {
  if (!Value.Check(EgressEventSchema, value)) {
    const errors = [...Value.Errors(EgressEventSchema, value)].slice(0, 5)
      .map((e) => `${e.path ? e.path.slice(1).replace(/\//g, '.') : '(event)'} ${e.message.toLowerCase()}`);
    return { ok: false, refusal: { code: 'VALIDATION_FAILED', detail: `The event is not valid: ${[...new Set(errors)].join('; ')}.` } };
  }
  // The database keeps no U+0000 in text or JSON; refused here, so that it costs this event alone.
  if (JSON.stringify(value).includes('\\u0000')) {
    return { ok: false, refusal: { code: 'VALIDATION_FAILED', detail: 'The event is not valid: it holds the character U+0000.' } };
  }
  const windowStart = instant(value.windowStart);
  const observedAt = instant(value.observedAt);
  if (!windowStart || !observedAt) {
    return { ok: false, refusal: { code: 'VALIDATION_FAILED', detail: `The event is not valid: ${!windowStart ? 'windowStart' : 'observedAt'} is not an RFC 3339 date-time.` } };
  }
  return {
    ok: true,
    event: {
      eventId: value.eventId,
      user: value.user === undefined ? null : String(value.user),
      runtime: value.runtimeId === undefined ? null : String(value.runtimeId),
      project: value.projectId ?? null,
      bytes: value.bytes,
      windowStart,
      windowSeconds: value.windowSeconds,
      observedAt,
      kind: value.kind,
      payload: value.payload ?? {},
    },
  };
}
