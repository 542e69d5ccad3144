import { createHmac } from 'node:crypto';
import type { TestGatehouse } from './harness.js';

/**
 * Posting to the egress events endpoint as a network monitor does: the signature computed here with plain
 * node:crypto, independently of src/egress/signature.ts, so a test proves the documented scheme.
 */
export function hmac(secret: string, t: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

export interface SendOptions {
  source: string;
  secrets: string[];
  /** Unix seconds; the test clock's now by default. */
  t?: number;
  headers?: Record<string, string>;
  contentType?: string;
}

export function send(gh: TestGatehouse, body: unknown, o: SendOptions) {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const t = o.t ?? Math.floor(gh.clock.now().getTime() / 1000);
  const signature = [`t=${t}`, ...o.secrets.map((s) => `v1=${hmac(s, t, raw)}`)].join(',');
  return gh.app.inject({
    method: 'POST',
    url: '/api/v1/egress/events',
    headers: { 'content-type': o.contentType ?? 'application/json', 'gatehouse-source': o.source, 'gatehouse-signature': signature, ...o.headers },
    payload: raw,
  });
}

let n = 0;
/** An event with every required field; override what the test is about. */
export function event(gh: TestGatehouse, fields: Record<string, unknown> = {}) {
  const observedAt = gh.clock.now().toISOString();
  return {
    eventId: `evt-${++n}-${Math.random().toString(36).slice(2, 8)}`,
    bytes: 1024,
    windowStart: new Date(gh.clock.now().getTime() - 300_000).toISOString(),
    windowSeconds: 300,
    observedAt,
    kind: 'network',
    payload: { dst: '203.0.113.7', port: 443 },
    ...fields,
  };
}
