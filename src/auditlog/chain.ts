import { createHash } from 'node:crypto';

/** One entry of the append-only log, as hashed. */
export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted, so that the hash does not depend on how jsonb orders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(entry))
    .digest('hex');
}
