import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, type ApiProblem, type Query } from './api.js';
import { useLocation } from 'react-router-dom';

export interface Resource<T> {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  reload(): void;
  /** Replace the data locally (after a write that returned the new state). */
  setData(update: T | undefined | ((current: T | undefined) => T | undefined)): void;
}

/** GETs a path (with a query) and keeps the answer; a null path loads nothing. Reloads when either changes. */
export function useApi<T>(path: string | null, query?: Query): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiProblem>();
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api.get<T>(path, JSON.parse(queryKey) as Query, controller.signal).then(
      (answer) => {
        setData(answer);
        setLoading(false);
      },
      (err: unknown) => {
        if ((err as Error).name === 'AbortError') return;
        setError(asProblem(err));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, queryKey, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((update: T | undefined | ((current: T | undefined) => T | undefined)) => {
    setData((current) => (typeof update === 'function' ? (update as (c: T | undefined) => T | undefined)(current) : update));
  }, []);
  return { data, error, loading, reload, setData: set };
}

export interface Action<A extends unknown[], R> {
  run(...args: A): Promise<R | undefined>;
  pending: boolean;
  problem: ApiProblem | undefined;
  reset(): void;
}

/**
 * Wraps a write: tracks that it is under way and keeps the problem it failed with (for the form to show).
 * `run` resolves to the result, or to undefined when it failed.
 */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setProblem(undefined);
    try {
      return await fnRef.current(...args);
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
