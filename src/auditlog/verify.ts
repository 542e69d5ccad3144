import type { Db } from '../infra/db.js';
import type { Clock } from '../infra/clock.js';
import { verifyAuditLog, type VerifyResult } from './log.js';
import { sealDownloadRecords, verifyDownloadRecords, type DownloadsVerifyResult } from './downloads.js';

export interface LogVerification extends VerifyResult {
  /** The download records; absent when the chain is broken, because the seals in it cannot be trusted then. */
  downloads?: DownloadsVerifyResult;
}

/**
 * What `gatehouse log verify` and POST /audit-log/verify check: seal the download records not sealed yet, then
 * the audit log's chain, then the download records against their seals. `ok` only when both hold.
 */
export async function verifyLog(db: Db, clock: Clock, onProgress?: { entries?: (n: number) => void; downloads?: (n: number) => void }): Promise<LogVerification> {
  await sealDownloadRecords(db, clock);
  const chain = await verifyAuditLog(db, onProgress?.entries);
  if (!chain.ok) return chain;
  const downloads = await verifyDownloadRecords(db, onProgress?.downloads);
  return { ...chain, ok: downloads.ok, downloads };
}
