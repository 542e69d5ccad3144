import type { Logger } from 'pino';
import type { Config } from './infra/config.js';
import type { Db } from './infra/db.js';
import type { Clock } from './infra/clock.js';
import type { BlobStore } from './infra/blobs.js';
import type { Decisions } from './decisions/service.js';

/** What every use case may touch: handed to each capability when the app is built. */
export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  blobs: BlobStore;
  log: Logger;
  /** Every access decision goes through here (SPEC §5; docs/adr/0007). */
  decisions: Decisions;
  /** Counts every download as egress before its first byte (SPEC §10; src/egress/downloads.ts). */
  downloadMeter: DownloadMeter;
}

/** The bytes a download will send from one project, of one class of data. */
export interface DownloadPart {
  projectId: number | null;
  entityIds: readonly number[];
  bytes: number;
  dataClass: 'row-level' | 'summary';
}

export interface MeteredDownload {
  /** Null for an anonymous download (open data), which is nobody's egress. */
  userId: number | null;
  /** The runtime whose token asks for it, if any. */
  runtimeId: number | null;
  kind: 'file' | 'range' | 'archive';
  parts: readonly DownloadPart[];
}

/** What a counted download settles when it ends. */
export interface MeterTicket {
  ids: number[];
}

/**
 * The port through which the entities capability's downloads are counted, implemented by egress and wired in
 * src/server.ts. `count` throws a problem when the download must be refused (nothing is then sent); `settle`
 * records how it ended (bytes sent per part when it broke off).
 */
export interface DownloadMeter {
  count(ctx: AppContext, download: MeteredDownload): Promise<MeterTicket | null>;
  settle(ctx: AppContext, ticket: MeterTicket | null, result: 'served' | 'failed', sentBytes?: readonly number[]): Promise<void>;
}
