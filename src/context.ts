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
}
