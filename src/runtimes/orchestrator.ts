import { createHmac } from 'node:crypto';
import type { Config } from '../infra/config.js';
import type { Clock } from '../infra/clock.js';

/**
 * Gatehouse → compute orchestrator: a signed webhook (ORCHESTRATOR_URL, ORCHESTRATOR_SECRET).
 *
 * POST ORCHESTRATOR_URL with a JSON body and the headers
 *   X-Gatehouse-Event: runtime.stop
 *   X-Gatehouse-Timestamp: <unix seconds>
 *   X-Gatehouse-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with ORCHESTRATOR_SECRET>
 * The orchestrator recomputes the signature over the raw body and refuses old timestamps (replays). Any 2xx
 * answer counts as delivered.
 */

export interface OrchestratorResult {
  delivered: boolean;
  /** The HTTP status the orchestrator answered; null when there was no answer. */
  status: number | null;
  /** The start of its answer. */
  body: string | null;
  error: string | null;
  at: string;
}

const TIMEOUT_MS = 10_000;
const BODY_KEPT = 2000;

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function callOrchestrator(config: Config, clock: Clock, event: string, payload: Record<string, unknown>): Promise<OrchestratorResult> {
  const at = clock.now().toISOString();
  if (!config.orchestratorUrl) return { delivered: false, status: null, body: null, error: 'ORCHESTRATOR_URL is not configured.', at };
  if (!config.orchestratorSecret) return { delivered: false, status: null, body: null, error: 'ORCHESTRATOR_SECRET is not configured.', at };
  const body = JSON.stringify({ event, at, ...payload });
  const timestamp = String(Math.floor(clock.now().getTime() / 1000));
  try {
    const response = await fetch(config.orchestratorUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-gatehouse-event': event,
        'x-gatehouse-timestamp': timestamp,
        'x-gatehouse-signature': signature(config.orchestratorSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text()).slice(0, BODY_KEPT);
    return {
      delivered: response.ok,
      status: response.status,
      body: text,
      error: response.ok ? null : `The orchestrator answered ${response.status}.`,
      at,
    };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { message?: string } };
    const why = e.name === 'TimeoutError' ? 'it did not answer in time' : (e.cause?.message ?? e.message ?? String(err));
    return { delivered: false, status: null, body: null, error: `The orchestrator could not be reached: ${why}.`, at };
  }
}
