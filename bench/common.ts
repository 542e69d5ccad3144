/**
 * Shared pieces of the benchmark: sizes, the seeded random generator, database addresses, small helpers.
 * Nothing here touches src/ beyond reading types.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';

export type SizeName = 'small' | 'full';

export interface Size {
  entities: number;
  users: number;
  teams: number;
  accessRequirements: number;
  approvals: number;
  /** Users in the ADMIN and ACT teams. */
  admins: number;
  act: number;
}

export const SIZES: Readonly<Record<SizeName, Size>> = {
  small: { entities: 20_000, users: 2_000, teams: 200, accessRequirements: 40, approvals: 20_000, admins: 3, act: 5 },
  full: { entities: 1_000_000, users: 100_000, teams: 10_000, accessRequirements: 2_000, approvals: 1_000_000, admins: 10, act: 20 },
};

/** Bump when the generator's output changes, so that an old database is not reused. */
export const GENERATOR_VERSION = 4;
export const DEFAULT_SEED = 20260302;
/** The platform terms version the generator publishes; most users have accepted it. */
export const BENCH_TERMS_VERSION = 'bench-terms-1';

export interface BenchArgs {
  size: SizeName;
  seed: number;
  /** Regenerate even when a matching database exists. */
  regenerate: boolean;
  /** Only these sections (comma list), or all. */
  only: Set<string> | null;
  /** Also write the figures as JSON to this file. */
  json: string | null;
  /** Longest wait, per section, for the machine to be quiet (seconds). */
  quietWaitSeconds: number;
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { size: 'small', seed: DEFAULT_SEED, regenerate: false, only: null, json: null, quietWaitSeconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new Error(`${a} needs a value`);
      return next;
    };
    if (a.startsWith('--size')) {
      const v = value();
      if (v !== 'small' && v !== 'full') throw new Error(`--size must be small or full, not ${v}`);
      args.size = v;
    } else if (a.startsWith('--seed')) {
      args.seed = Number(value());
      if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
    } else if (a === '--regenerate') {
      args.regenerate = true;
    } else if (a.startsWith('--only')) {
      args.only = new Set(value().split(',').map((s) => s.trim()).filter(Boolean));
    } else if (a.startsWith('--quiet-wait')) {
      args.quietWaitSeconds = Number(value());
    } else if (a.startsWith('--json')) {
      args.json = value();
    } else if (a === '--') {
      continue;
    } else {
      throw new Error(`unknown argument ${a} (use --size small|full, --seed N, --regenerate, --only a,b,…, --json file, --quiet-wait seconds)`);
    }
  }
  return args;
}

/** The PostgreSQL server the benchmark uses (any database on it; the bench database is created beside it). */
export function serverUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function benchDatabaseName(size: SizeName): string {
  return `gatehouse_bench_${size}`;
}

export function benchDatabaseUrl(size: SizeName): string {
  const url = new URL(serverUrl());
  url.pathname = `/${benchDatabaseName(size)}`;
  return url.toString();
}

/** int8 as number, the way src/infra/db.ts reads it. */
export const pgTypes = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: pgTypes });
  await client.connect();
  return client;
}

// ---- Deterministic randomness ------------------------------------------------------------------------------

/** sfc32: small, fast, good enough for data generation; seeded through splitmix32 so close seeds diverge. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box–Muller). */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Skewed index in [0, n): small indexes are much more likely (density ∝ x^(1/k - 1)). */
  skewed(n: number, k = 2): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), k)));
  }

  /** Picks by weight: `cumulative` is ascending and ends at the total. */
  weighted(cumulative: Float64Array | number[]): number {
    const total = cumulative[cumulative.length - 1];
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

// ---- Measurement helpers -----------------------------------------------------------------------------------

let gcFn: (() => void) | null | undefined;

/** A full garbage collection when the runtime allows it (flag set at run time, the usual way). */
export function fullGc(): boolean {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  if (gcFn) {
    gcFn();
    gcFn();
  }
  return gcFn !== null;
}

export function memory(): { heapUsed: number; rss: number } {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
export const fmtMs = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

export function cores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) a process has used, from /proc; 0 when it cannot be read (gone, not Linux). */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime); fields[0] is field 3.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Machine-wide CPU time (ms, all cores) from os.cpus(). */
export function machineCpu(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/**
 * Waits until the machine is quiet — at least `idleShare` of all cores idle over a 3 s window — for at most
 * maxWaitMs. Other processes (a test suite, a compiler) would otherwise be measured along with the benchmark.
 * Returns the idle share of the last window and how long it waited.
 */
export async function waitForQuiet(maxWaitMs: number, idleShare = 0.9): Promise<{ idle: number; waitedMs: number; quiet: boolean }> {
  const start = Date.now();
  let reported = false;
  for (;;) {
    const a = machineCpu();
    await new Promise((r) => setTimeout(r, 3000));
    const b = machineCpu();
    const idle = (b.idle - a.idle) / Math.max(1, b.total - a.total);
    const waitedMs = Date.now() - start;
    if (idle >= idleShare) return { idle, waitedMs, quiet: true };
    if (waitedMs >= maxWaitMs) return { idle, waitedMs, quiet: false };
    if (!reported) {
      log(`machine busy (${(100 * (1 - idle)).toFixed(0)}% of ${cores()} cores in use by other processes); waiting up to ${Math.round(maxWaitMs / 1000)} s for it to be quiet`);
      reported = true;
    }
  }
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
