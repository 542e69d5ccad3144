import type { AppContext } from './context.js';

export interface Job {
  name: string;
  everyMs: number;
  run(ctx: AppContext): Promise<void>;
}

/**
 * Runs each job on its interval, one run at a time per job. Jobs must be idempotent and safe with
 * several Gatehouse processes (they claim work with row locks or advisory locks).
 */
export function startJobs(ctx: AppContext, jobs: readonly Job[]): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  for (const job of jobs) {
    const tick = () => {
      if (running.has(job.name)) return;
      const run = job.run(ctx)
        .catch((err) => ctx.log.error({ err, job: job.name }, 'job failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, run);
    };
    timers.push(setInterval(tick, job.everyMs));
  }
  return async () => {
    timers.forEach(clearInterval);
    await Promise.all(running.values());
  };
}
