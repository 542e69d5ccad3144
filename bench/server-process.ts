import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadyMessage } from './server.js';

export type { ReadyMessage };

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Forks bench/server.ts (the real Gatehouse and a bare Fastify route) on `dbUrl` with `env` added, and waits for its
 * ready message: both servers listening.
 */
export async function forkBenchServer(dbUrl: string, env: Record<string, string>, o: { timeoutMs: number; execArgv?: string[] }): Promise<{ child: ChildProcess; ready: ReadyMessage }> {
  const child = fork(path.join(here, 'server.ts'), [], {
    execArgv: ['--import', 'tsx', ...(o.execArgv ?? [])],
    env: { ...process.env, BENCH_DB_URL: dbUrl, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${o.timeoutMs / 60_000} minutes`)), o.timeoutMs);
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m as ReadyMessage);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, ready };
}
