import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature scheme of egress deliveries (docs/adr/0016), pure:
 *
 *   Gatehouse-Source: <source name>
 *   Gatehouse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>[,v1=<…>]
 *
 * Several v1 values may be sent (one per secret while a secret is rotated); one match with one active secret of
 * the source is enough. The timestamp is signed with the body, so a captured request cannot be replayed once it
 * is more than TOLERANCE_SECONDS old; within that time, the source event ids make a replay a duplicate.
 */
export const SOURCE_HEADER = 'gatehouse-source';
export const SIGNATURE_HEADER = 'gatehouse-signature';
export const TOLERANCE_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export const signatureHeader = (timestamp: number, signatures: string[]) =>
  [`t=${timestamp}`, ...signatures.map((s) => `v1=${s}`)].join(',');

export interface ParsedSignature {
  timestamp: number;
  signatures: Buffer[];
}

/** The header's timestamp and v1 signatures; null when it is not of the scheme. Unknown keys (v0, v2…) are ignored. */
export function parseSignatureHeader(header: string | undefined): ParsedSignature | null {
  if (!header || header.length > 4096) return null;
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === null || signatures.length === 0 || signatures.length > 8) return null;
  return { timestamp, signatures };
}

export type SignatureCheck = 'ok' | 'stale' | 'future' | 'mismatch';

/**
 * Checks a parsed header against the raw body and the source's active secrets. Every pair is compared in constant
 * time, and every pair is compared even after a match, so the time taken does not tell which secret matched.
 */
export function checkSignature(parsed: ParsedSignature, body: Buffer, secrets: string[], nowSeconds: number): SignatureCheck {
  if (parsed.timestamp < nowSeconds - TOLERANCE_SECONDS) return 'stale';
  if (parsed.timestamp > nowSeconds + TOLERANCE_SECONDS) return 'future';
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(sign(secret, parsed.timestamp, body), 'hex');
    for (const given of parsed.signatures) {
      if (timingSafeEqual(expected, given)) matched = true;
    }
  }
  return matched ? 'ok' : 'mismatch';
}
