import { QueryClient, type QueryKey } from '@tanstack/react-query';
import type { Query } from './api.js';

/**
 * The web app's one cache of API answers (docs/adr/0019-web-data-layer.md). Every GET a page shows goes through
 * it under the key `[path, query]`, so two views of one thing read the same answer.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 403 or 404 is an answer, not a hiccup: show it at once instead of asking three more times.
      retry: false,
      // Forms copy what they load into their own state; a refetch on every focus would only surprise.
      refetchOnWindowFocus: false,
    },
  },
});

/** The cache key of GET `path` with `query`; a prefix `[path]` names every query of that path. */
export const apiKey = (path: string, query?: Query): QueryKey => [path, query ?? {}];

/**
 * THE INVALIDATION RULE: after a successful write, every cached answer is invalid. Active queries (on screen)
 * refetch, the others are marked stale and refetch when next shown.
 *
 * Why all and not the written resource alone: one write changes what many answers say. Accepting an access
 * requirement's terms changes the decision on every entity it is bound to (the padlocks of a folder's files, the
 * download list, the conditions panel); submitting a request changes what the data pages offer; joining a team
 * changes exemptions. Knowing each write's reach would mean re-implementing the decision engine here. A caller
 * that knows its reach is narrower (a notification marked read) passes `keys`: query-key prefixes such as
 * `['/notifications']`.
 */
export function invalidateAfterWrite(keys?: readonly QueryKey[]): Promise<void> {
  if (!keys) return queryClient.invalidateQueries();
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/** Runs a write that does not go through useAction and applies the invalidation rule after it succeeds. */
export async function write<R>(fn: () => Promise<R>, keys?: readonly QueryKey[]): Promise<R> {
  const result = await fn();
  await invalidateAfterWrite(keys);
  return result;
}
