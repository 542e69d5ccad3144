import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { Config } from '../src/infra/config.js';

/**
 * A local S3-compatible server for tests: s3rver on loopback, on a free port, storing in a temporary directory,
 * silent. `config(prefix)` is what a Gatehouse needs to keep its blobs there (BLOB_STORE=s3://… and the rest).
 */
export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** Where s3rver keeps the objects, to look at or damage them behind the store's back. */
  directory: string;
  config(prefix?: string): Partial<Config>;
  stop(): Promise<void>;
}

/** s3rver's fixed credentials; it checks signatures with them. */
const KEY = 'S3RVER';

export async function startS3(bucket = 'gatehouse'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  let running = true;
  return {
    endpoint,
    bucket,
    directory,
    config: (prefix = 'blobs') => ({
      blobStore: `s3://${bucket}/${prefix}`,
      s3Endpoint: endpoint,
      s3Region: 'us-east-1',
      s3AccessKeyId: KEY,
      s3SecretAccessKey: KEY,
      s3ForcePathStyle: true,
    }),
    async stop() {
      if (!running) return;
      running = false;
      server.httpServer?.closeAllConnections();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
