import path from 'node:path';
import type { Logger } from 'pino';
import type { AppContext } from './context.js';
import { buildApp } from './app.js';
import { LocalBlobStore, type BlobStore } from './infra/blobs.js';
import { S3BlobStore } from './infra/s3blobs.js';
import { systemClock, type Clock } from './infra/clock.js';
import type { Config } from './infra/config.js';
import { openDb } from './infra/db.js';
import { migrate } from './infra/migrate.js';
import type { Http } from './infra/http.js';
import { smtpTransport, startOutboxWorker, type MailTransport } from './notifications/worker.js';
import { startJobs } from './jobs.js';
import { capabilityJobs } from './background.js';
import { DecisionIndex } from './decisions/live.js';
import { Decisions } from './decisions/service.js';
import { egressDownloadMeter } from './egress/downloads.js';

export interface Gatehouse {
  app: Http;
  ctx: AppContext;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Replaces the SMTP transport (tests); without either, messages stay in the outbox. */
  mailTransport?: MailTransport;
  /** Keep the embedded database in memory (tests). */
  inMemory?: boolean;
  /** Run background workers (outbox, jobs). */
  workers?: boolean;
}

/** Opens the database, applies migrations and builds the app; does not listen. */
export async function createGatehouse(opts: StartOptions): Promise<Gatehouse> {
  const { config, log } = opts;
  const db = await openDb({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, inMemory: opts.inMemory,
    onConnectionError: (err) => log.warn({ err }, 'a database connection failed outside any query'),
  });
  const { applied } = await migrate(db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const clock = opts.clock ?? systemClock;
  const index = await DecisionIndex.open(db, clock, log);
  const ctx: AppContext = {
    config,
    db,
    clock,
    decisions: new Decisions(index, clock, db),
    blobs: openBlobStore(config, log),
    log,
    downloadMeter: egressDownloadMeter,
  };
  const app = await buildApp(ctx);
  const stoppers: (() => Promise<void>)[] = [];
  if (opts.workers !== false) {
    const transport = opts.mailTransport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl, {
      connectionTimeoutMs: config.smtpConnectionTimeoutMs, greetingTimeoutMs: config.smtpGreetingTimeoutMs, socketTimeoutMs: config.smtpSocketTimeoutMs,
    }) : null);
    if (transport) {
      stoppers.push(startOutboxWorker({
        db, clock: ctx.clock, transport, from: config.mailFrom, pollMs: config.outboxPollMs, log,
        delivery: { retryHours: config.emailRetryHours, leaseMs: config.outboxLeaseSeconds * 1000, publicUrl: config.publicUrl },
      }));
    } else {
      log.info('SMTP_URL is not set: emails are kept in the outbox (admin → Outbox)');
    }
    stoppers.push(startJobs(ctx, capabilityJobs));
  }
  return {
    app,
    ctx,
    async stop() {
      for (const stop of stoppers) await stop();
      await app.close();
      await db.close();
      ctx.blobs.close?.();
    },
  };
}

/**
 * The one place the blob store is chosen (docs/adr/0013): the folder DATA_DIR/blobs by default, or an
 * S3-compatible bucket when BLOB_STORE is s3://bucket/prefix. Several processes need the bucket.
 */
export function openBlobStore(config: Config, log: Logger): BlobStore {
  const where = config.blobStore?.trim() || 'local';
  if (where === 'local') return new LocalBlobStore(path.join(config.dataDir, 'blobs'));
  if (!where.startsWith('s3://')) throw new Error(`BLOB_STORE: "${where}" is neither "local" nor s3://bucket/prefix`);
  if (Boolean(config.s3AccessKeyId) !== Boolean(config.s3SecretAccessKey)) {
    throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither for the default credential chain');
  }
  const store = new S3BlobStore({
    url: where, endpoint: config.s3Endpoint, region: config.s3Region, accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey, forcePathStyle: config.s3ForcePathStyle, maxUploadBytes: config.uploadLimitBytes,
  }, log);
  // Not fatal: a store that is down for a while must not keep Gatehouse from starting; reads say so meanwhile.
  store.check().then(
    () => log.info({ blobStore: store.description }, 'blob store reachable'),
    (err: unknown) => log.error({ err, blobStore: store.description }, 'the blob store cannot be reached; uploads and downloads fail until it can'),
  );
  return store;
}
