import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../infra/config.js';
import { SIGNATURE_HEADER, SOURCE_HEADER, sign, signatureHeader } from './signature.js';

const help = `Usage: gatehouse egress <subcommand>

  send --source NAME --secret-file F [--user U] [--runtime R] [--project syn123] [--bytes N]
       [--kind network] [--event-id ID] [--url URL]
      Signs a test egress event with the source's secret and posts it to a running Gatehouse
      (PUBLIC_URL by default, or --url), then prints the answer. Exit status 0 when it was accepted.`;

/** Tries a source end to end: what an operator runs when wiring a network monitor. */
export async function runEgressCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'send') {
    console.log(help);
    return sub === undefined || sub === 'help' ? 0 : 64;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      source: { type: 'string' }, 'secret-file': { type: 'string' }, user: { type: 'string' }, runtime: { type: 'string' },
      project: { type: 'string' }, bytes: { type: 'string' }, kind: { type: 'string' }, 'event-id': { type: 'string' }, url: { type: 'string' },
    },
  });
  if (!values.source || !values['secret-file']) {
    console.error('send needs --source and --secret-file.');
    return 64;
  }
  const bytes = Number(values.bytes ?? '0');
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    console.error(`--bytes must be a whole number of bytes, not "${values.bytes}".`);
    return 64;
  }
  const secret = readFileSync(values['secret-file'], 'utf8').trim();
  const now = new Date();
  const event = {
    eventId: values['event-id'] ?? `gatehouse-cli-${randomUUID()}`,
    ...(values.user ? { user: values.user } : {}),
    ...(values.runtime ? { runtimeId: /^\d+$/.test(values.runtime) ? Number(values.runtime) : values.runtime } : {}),
    ...(values.project ? { projectId: values.project } : {}),
    bytes,
    windowStart: new Date(now.getTime() - 60_000).toISOString(),
    windowSeconds: 60,
    observedAt: now.toISOString(),
    kind: values.kind ?? 'network',
    payload: { test: true, sentBy: 'gatehouse egress send' },
  };
  const body = JSON.stringify(event);
  const t = Math.floor(now.getTime() / 1000);
  const url = `${(values.url ?? config.publicUrl).replace(/\/+$/, '')}/api/v1/egress/events`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SOURCE_HEADER]: values.source, [SIGNATURE_HEADER]: signatureHeader(t, [sign(secret, t, body)]) },
      body,
    });
  } catch (err) {
    console.error(`Could not reach ${url}: ${(err as Error).message}`);
    return 1;
  }
  const text = await res.text();
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // printed as received
  }
  console.log(`POST ${url} → ${res.status}`);
  console.log(typeof answer === 'string' ? answer : JSON.stringify(answer, null, 2));
  const a = answer as { accepted?: number; duplicates?: number };
  const accepted = res.ok && (a.accepted === 1 || a.duplicates === 1);
  return accepted ? 0 : 1;
}
