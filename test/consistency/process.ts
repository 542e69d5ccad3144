import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestGatehouse } from '../harness.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface OtherProcess {
  url: string;
  stop(): void;
}

/**
 * A second Gatehouse process (`gatehouse serve`, no demo, no workers of the test's) on the test's PostgreSQL
 * database, listening on a free port; ready when this resolves. `env` adds to or replaces its environment (by
 * default a DATA_DIR of its own). PGlite keeps its database inside one process, so this is for the PostgreSQL pass.
 */
export async function startOtherProcess(gh: TestGatehouse, env: Record<string, string> = {}): Promise<OtherProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const other = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--no-demo'], {
    env: {
      ...process.env, DATABASE_URL: gh.config.databaseUrl!, PORT: String(port), HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'gatehouse-second-')), LOG_LEVEL: 'warn', DEMO: 'false', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  other.stdout!.on('data', (c) => (output += c));
  other.stderr!.on('data', (c) => (output += c));
  const stop = () => void other.kill('SIGTERM');
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`the second process did not become ready:\n${output}`);
}
