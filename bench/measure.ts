/**
 * Measuring on a machine that may be shared. Every timed span records, beside wall time, the CPU time of each
 * party — this process, the server process, the PostgreSQL backends serving the benchmark (read from /proc) —
 * and what the rest of the machine used meanwhile ("others"). Figures per CPU-second do not depend on what
 * other processes were doing, wall-clock figures do; run.ts prints both.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { machineCpu, processCpuMs } from './common.js';

export interface CpuSpan {
  wallMs: number;
  /** This process (all its threads). */
  ownMs: number;
  /** The server process, when there is one. */
  childMs: number;
  /** PostgreSQL backends serving the benchmark. */
  pgMs: number;
  /** Every core of the machine, busy time. */
  machineBusyMs: number;
  /** CPU used by everything else, as % of one core. */
  othersPct: number;
  /** Machine busy share over the span, %. */
  machineBusyPct: number;
}

export interface CpuParties {
  childPid?: number;
  /** The backends to account to PostgreSQL; asked before and after the span. */
  pgPids?: () => Promise<number[]>;
}

export async function cpuSpan<T>(fn: () => T | Promise<T>, parties: CpuParties = {}): Promise<{ result: T; cpu: CpuSpan }> {
  const pidsBefore = parties.pgPids ? await parties.pgPids() : [];
  const pgBefore = new Map(pidsBefore.map((pid) => [pid, processCpuMs(pid)]));
  const child0 = parties.childPid ? processCpuMs(parties.childPid) : 0;
  const m0 = machineCpu();
  const own0 = process.cpuUsage();
  const w0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - w0;
  const own = process.cpuUsage(own0);
  const m1 = machineCpu();
  const childMs = parties.childPid ? processCpuMs(parties.childPid) - child0 : 0;
  const pidsAfter = parties.pgPids ? await parties.pgPids() : [];
  let pgMs = 0;
  for (const pid of new Set([...pidsBefore, ...pidsAfter])) {
    const now = processCpuMs(pid);
    // A backend gone meanwhile reads 0: its time since the start is lost (rare: pools keep their connections).
    if (now > 0) pgMs += now - (pgBefore.get(pid) ?? 0);
  }
  const ownMs = (own.user + own.system) / 1000;
  const machineBusyMs = m1.total - m1.idle - (m0.total - m0.idle);
  const machineBusyPct = (machineBusyMs / Math.max(1, m1.total - m0.total)) * 100;
  const othersPct = Math.max(0, ((machineBusyMs - ownMs - childMs - pgMs) / wallMs) * 100);
  return { result, cpu: { wallMs, ownMs, childMs, pgMs, machineBusyMs, othersPct, machineBusyPct } };
}

/** Backends connected to one database (the bench database), the asking connection left out. */
export function backendsOf(admin: pg.Client, database: string): () => Promise<number[]> {
  return async () =>
    (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]))
      .rows.map((r) => r.pid);
}

/** Runs `pass` (one pass over n items) until minMs elapsed or maxPasses done. */
export function timed(n: number, minMs: number, maxPasses: number, pass: () => number): { items: number; ms: number; sink: number } {
  let passes = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    sink += pass();
    passes++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs && passes < maxPasses);
  return { items: n * passes, ms: elapsed, sink };
}
