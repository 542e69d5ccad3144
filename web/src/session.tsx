import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, asProblem, onSessionProblem, type ApiProblem } from './api.js';
import { queryClient } from './queries.js';
import type { Me } from './types.js';

interface Session {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  /** A problem loading /me other than "not signed in" (server down). */
  loadProblem: ApiProblem | undefined;
  /** Why the last session ended, shown on the sign-in page. */
  endedBecause: string | undefined;
  setMe(me: Me | null): void;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  /** Bumped whenever something may have changed the counts in the top bar (notifications). */
  countsVersion: number;
  countsChanged(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe_] = useState<Me | null | undefined>(undefined);
  // The cache holds one user's view of the data: when the session ends or another user signs in, it is emptied
  // before anything renders for the new user (emptied in an effect, it would orphan the queries just mounted).
  const who = useRef<number | null | undefined>(undefined);
  const setMeState = useCallback((next: Me | null) => {
    const id = next?.id ?? null;
    if (who.current !== undefined && who.current !== id) void queryClient.resetQueries();
    who.current = id;
    setMe_(next);
  }, []);
  const [loadProblem, setLoadProblem] = useState<ApiProblem>();
  const [endedBecause, setEndedBecause] = useState<string>();
  const [countsVersion, setCountsVersion] = useState(0);

  const refresh = useCallback(async () => {
    try {
      const answer = await api.get<Me>('/me');
      setMeState(answer);
      setLoadProblem(undefined);
    } catch (err) {
      const problem = asProblem(err);
      if (problem.status === 401) setMeState(null);
      else setLoadProblem(problem);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onSessionProblem((problem) => {
    if (problem.code === 'TERMS_NOT_ACCEPTED') {
      // New terms were published: /me says so, and the terms gate shows them.
      void refresh();
      return;
    }
    if (who.current) setEndedBecause(problem.code === 'USER_DISABLED' ? problem.detail : 'Your session has ended. Sign in again to continue.');
    setMeState(null);
  }), [refresh, setMeState]);

  const setMe = useCallback((next: Me | null) => {
    setEndedBecause(undefined);
    setMeState(next);
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setEndedBecause(undefined);
      setMeState(null);
    }
  }, []);

  const countsChanged = useCallback(() => setCountsVersion((v) => v + 1), []);

  const value = useMemo<Session>(() => ({ me, loadProblem, endedBecause, setMe, refresh, signOut, countsVersion, countsChanged }),
    [me, loadProblem, endedBecause, setMe, refresh, signOut, countsVersion, countsChanged]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind the sign-in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
