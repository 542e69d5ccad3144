import { useCallback, useEffect, useRef, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { api, asProblem, type ApiProblem, type Query } from './api.js';
import { apiKey, invalidateAfterWrite } from './queries.js';
import { useLocation } from 'react-router-dom';

export interface Resource<T> {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  reload(): void;
  /** Replace the data locally (after a write that returned the new state). */
  setData(update: T | undefined | ((current: T | undefined) => T | undefined)): void;
}

/**
 * GETs a path (with a query) through the shared cache (web/src/queries.ts) under the key `[path, query]`; a null
 * path loads nothing. Another view of the same path shows the same answer, and every successful write through
 * useAction invalidates it. While a new path or query loads, the previous answer stays shown.
 */
export function useApi<T>(path: string | null, query?: Query): Resource<T> {
  const queryClient = useQueryClient();
  const queryKey = apiKey(path ?? '', query);
  const q = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.get<T>(path!, query, signal),
    enabled: path !== null,
    placeholderData: keepPreviousData,
  });
  const hash = JSON.stringify(queryKey);
  const reload = useCallback(() => {
    if (path !== null) void queryClient.refetchQueries({ queryKey: JSON.parse(hash) as unknown[], exact: true });
  }, [queryClient, path, hash]);
  const set = useCallback((update: T | undefined | ((current: T | undefined) => T | undefined)) => {
    if (path !== null) queryClient.setQueryData<T>(JSON.parse(hash) as unknown[], update as T | ((c: T | undefined) => T | undefined));
  }, [queryClient, path, hash]);
  // Loading: nothing to show for this key yet (first load, a new key), not a refetch in the background after a
  // write, which keeps the answer — or the refusal — on screen until the new one arrives. (A page showing a
  // refusal, e.g. an authorization domain's, holds what the user is typing: blanking it would lose that.)
  const loading = path !== null && q.isFetching && ((q.data === undefined && !q.isError) || q.isPlaceholderData);
  return {
    data: path === null ? undefined : q.data,
    error: q.error ? asProblem(q.error) : undefined,
    loading,
    reload,
    setData: set,
  };
}

export interface Action<A extends unknown[], R> {
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  problem: ApiProblem | undefined;
  reset(): void;
}

export interface ActionOptions {
  /**
   * Query-key prefixes this write can change (e.g. `[['/notifications']]`). Left out: every query, the rule of
   * web/src/queries.ts (invalidateAfterWrite), which is right unless the write's reach is known to be narrower.
   */
  invalidates?: readonly QueryKey[];
}

/**
 * Wraps a write: tracks that it is under way and keeps the problem it failed with (for the form to show). After
 * it succeeds, the cached answers it may have changed are invalidated, and `run` resolves to the result once every
 * view on screen has refetched; to undefined when it failed.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>, options: ActionOptions = {}): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const invalidatesRef = useRef(options.invalidates);
  invalidatesRef.current = options.invalidates;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setProblem(undefined);
    try {
      const result = await fnRef.current(...args);
      // Resolved once the views on screen have refetched, so what follows the write (a "saved" notice, a move
      // to another page) never shows beside the state before it.
      await invalidateAfterWrite(invalidatesRef.current);
      return result;
    } catch (err) {
      setProblem(asProblem(err));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const reset = useCallback(() => setProblem(undefined), []);
  return { run, pending, problem, reset };
}

/** A value that follows its input after the input has been still for `ms`. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * Open/closed state of a popup (menu, dropdown) held in `ref`: it closes on a click outside, on Escape and on
 * navigation.
 */
export function usePopup(): { open: boolean; setOpen: (value: boolean | ((open: boolean) => boolean)) => void; ref: React.RefObject<HTMLDivElement | null> } {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return { open, setOpen, ref };
}
