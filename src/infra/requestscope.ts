import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

/** What travels with one HTTP request through every async call made while serving it. */
export interface RequestScope {
  /** performance.now() when the request arrived. */
  arrivedAt: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Runs the rest of a request's life inside its scope (a callback-style onRequest hook). */
export function enterRequestScope(done: () => void): void {
  requestScope.run({ arrivedAt: performance.now() }, done);
}
