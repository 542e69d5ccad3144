/**
 * The egress section of the benchmark (`npm run bench -- --only egress`), on PostgreSQL always: two Gatehouse
 * processes share one database, which PGlite cannot do.
 *
 * It runs on a database of its own, `gatehouse_bench_egress` on the bench's server (BENCH_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test), dropped, created and migrated at every run, so that
 * the users and events it writes never change the generated data sets (the decision sample is drawn from their
 * users). What it measures:
 *
 *   Suspension latency across processes — `measureSuspensionLatency(bench, name, trigger)`: for each trial a fresh
 *   user who can download a file (checked on process B first); `trigger(user)` is started and B's
 *   POST /api/v1/decisions is polled back to back until it denies with DENY_IF_EGRESS_SUSPENDED; the latency is
 *   from just before the trigger to the denial's answer. Triggers here: `monitorEventTrigger` (a signed monitor
 *   event over real HTTP to process A, crossing the threshold) and, as the baseline, `directSuspensionTrigger`
 *   (the UPDATE of users.egress_suspended_until that escalation makes, committed by this process).
 *
 *   Webhook ingestion throughput on process A — `measureIngestThroughput(bench, …)`: signed batches posted by
 *   autocannon to POST /api/v1/egress/events, beside the bare Fastify route of bench/server.ts (same bodies,
 *   same body limit, JSON parsed, nothing else).
 *
 * Extending it: a measurement is an `EgressMeasurement` (a function of the running `EgressBench`); the section runs
 * `EGRESS_MEASUREMENTS` in order. Every helper used here is exported.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDb, type Db } from '../src/infra/db.js';
import { systemClock } from '../src/infra/clock.js';
import { migrate } from '../src/infra/migrate.js';
import { AUTHENTICATED } from '../src/infra/ids.js';
import { createUser } from '../src/identity/users.js';
import { createSource } from '../src/egress/sources.js';
import { secretBox } from '../src/egress/secretbox.js';
import { loadPolicy } from '../src/egress/policystore.js';
import { SIGNATURE_HEADER, SOURCE_HEADER, sign, signatureHeader } from '../src/egress/signature.js';
import { connect, fmtInt, fmtMs, log, percentile, serverUrl, type SizeName } from './common.js';
import { backendsOf, cpuSpan, type CpuSpan } from './measure.js';
import { forkBenchServer, type ReadyMessage } from './server-process.js';


export const EGRESS_DATABASE = 'gatehouse_bench_egress';
const MiB = 1024 * 1024;

// ---- What the section needs from run.ts -----------------------------------------------------------------------

export type Verdict = 'PASS' | 'FAIL';

/** The report of run.ts (rows with verdicts, figures for --json). */
export interface ReportSink {
  add(section: string, label: string, value: string, note?: string, verdict?: Verdict): void;
  figure(key: string, value: unknown): void;
}

export interface EgressOptions {
  size: SizeName;
  report: ReportSink;
  /** run.ts's wait for a quiet machine before a timed part (it records busy conditions for the header). */
  quiet: (part: string) => Promise<void>;
}

// ---- The running bench: database, two processes, a source -----------------------------------------------------

export interface GatehouseProcess {
  ready: ReadyMessage;
  child: ChildProcess;
  url: string;
  /** The bare Fastify server of the same process (bench/server.ts). */
  bareUrl: string;
  stop(): Promise<void>;
}

export interface BenchUser {
  id: number;
  username: string;
  /** A personal access token (Bearer). */
  token: string;
}

export interface EgressBench {
  size: SizeName;
  report: ReportSink;
  quiet: (part: string) => Promise<void>;
  dbUrl: string;
  /** The benchmark's own connection to the egress database (not a server's). */
  db: Db;
  admin: pg.Client;
  /** Receives the monitor events. */
  a: GatehouseProcess;
  /** The second process, on the same database: where decisions are asked. */
  b: GatehouseProcess;
  /** A file that every active user may download (AUTHENTICATED holds READ and DOWNLOAD on its project). */
  fileId: number;
  /** A 1 KiB file of that project whose bytes are in the processes' shared data directory. */
  smallFileId: number;
  /** A file of that project larger than the download thresholds (its bytes are never read: the download is refused first). */
  largeFileId: number;
  /** The data directory processes A and B share (and any further process of the section). */
  dataDir: string;
  projectId: number;
  operatorId: number;
  source: { name: string; secret: string };
  /** The monitor threshold of the policy in force and the bytes one event must carry to cross it. */
  thresholdBytes: number;
  crossingBytes: number;
  /** CPU accounting of process A and of the egress database's backends, for cpuSpan. */
  partiesA: { childPid?: number; pgPids: () => Promise<number[]> };
  /** Fresh users (with tokens), created in one transaction; `prefix` keeps the names apart. */
  freshUsers(prefix: string, n: number): Promise<BenchUser[]>;
  /** The environment processes A and B were started with (key, data directory), for a further process. */
  env: Record<string, string>;
}

/** A measurement of the section: runs against the bench and adds its rows to bench.report. */
export type EgressMeasurement = (bench: EgressBench) => Promise<void>;

/** Forks bench/server.ts on `dbUrl` and waits until it listens. */
export async function startGatehouseProcess(dbUrl: string, env: Record<string, string> = {}): Promise<GatehouseProcess> {
  const { child, ready } = await forkBenchServer(dbUrl, env, { timeoutMs: 120_000 });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.send({ type: 'stop' });
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGTERM');
        resolve(undefined);
      }, 10_000);
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  };
  return { ready, child, url: `http://127.0.0.1:${ready.gatehousePort}`, bareUrl: `http://127.0.0.1:${ready.barePort}`, stop };
}

/** Drops, creates and migrates the egress database; returns its address. */
export async function freshEgressDatabase(admin: pg.Client): Promise<string> {
  await admin.query(`DROP DATABASE IF EXISTS ${EGRESS_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${EGRESS_DATABASE}`);
  const url = new URL(serverUrl());
  url.pathname = `/${EGRESS_DATABASE}`;
  return url.toString();
}

/** Users with a personal access token each, straight through the use case (createUser, no password). */
export async function createBenchUsers(db: Db, prefix: string, n: number): Promise<BenchUser[]> {
  return db.tx(async (sql) => {
    const users: BenchUser[] = [];
    for (let i = 0; i < n; i++) {
      const username = `${prefix}-${i}`;
      const id = await createUser(sql, systemClock, { username, email: `${username}@bench.example.org` }, { actorId: null, passwordHashLog2N: 10 });
      const token = `gh_pat_${randomBytes(32).toString('base64url')}`;
      await sql.query(
        `INSERT INTO access_tokens (user_id, name, token_hash, token_prefix, created_at, expires_at) VALUES ($1, 'bench', $2, $3, now(), now() + interval '1 day')`,
        [id, createHash('sha256').update(token).digest('hex'), token.slice(0, 11)]);
      users.push({ id, username, token });
    }
    return users;
  });
}

/**
 * Sets up the database (operator, a project with one file that AUTHENTICATED may download, an egress source and
 * its secret sealed under a key both processes are given) and starts processes A and B.
 */
export async function startEgressBench(o: EgressOptions): Promise<EgressBench> {
  const admin = await connect(serverUrl());
  const dbUrl = await freshEgressDatabase(admin);
  const db = await openDb({ databaseUrl: dbUrl, dataDir: '/nonexistent' });
  await migrate(db);
  const key = randomBytes(32);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-egress-'));
  mkdirSync(path.join(dataDir, 'blobs'), { recursive: true });
  const world = await db.tx(async (sql) => {
    const operatorId = await createUser(sql, systemClock, { username: 'bench-operator', email: 'bench-operator@bench.example.org' }, { actorId: null, passwordHashLog2N: 10 });
    const entity = async (type: 'project' | 'file', name: string, parentId: number | null) => {
      const { id } = await sql.one<{ id: number }>("SELECT nextval('entity_id_seq')::bigint AS id");
      await sql.query(
        `INSERT INTO entities (id, parent_id, type, name, project_id, etag, created_by, created_at, modified_by, modified_at)
         VALUES ($1, $2, $3, $4, $5, md5(random()::text), $6, now(), $6, now())`,
        [id, parentId, type, name, parentId ?? id, operatorId]);
      return id;
    };
    const projectId = await entity('project', 'Egress bench', null);
    const fileId = await entity('file', 'cohort.vcf', projectId);
    // Two files with versions: 1 KiB with its bytes on disk, and one over every download threshold.
    const versioned = async (name: string, size: number, bytes: Buffer | null) => {
      const id = await entity('file', name, projectId);
      const key = randomUUID();
      if (bytes) writeFileSync(path.join(dataDir, 'blobs', key), bytes);
      const blob = await sql.one<{ id: number }>(
        `INSERT INTO blobs (storage_key, size, md5, content_type, file_name, created_by, created_at)
         VALUES ($1, $2, $3, 'application/octet-stream', $4, $5, now()) RETURNING id`,
        [key, size, createHash('md5').update(bytes ?? '').digest('hex'), name, operatorId]);
      await sql.query('INSERT INTO file_versions (entity_id, version, blob_id, created_by, created_at) VALUES ($1, 1, $2, $3, now())', [id, blob.id, operatorId]);
      await sql.query('UPDATE entities SET current_version = 1 WHERE id = $1', [id]);
      return id;
    };
    const smallFileId = await versioned('small.bin', 1024, randomBytes(1024));
    const largeFileId = await versioned('large.bin', 2 * 1024 * MiB, null);
    await sql.query(`INSERT INTO acls (entity_id, etag, modified_at) VALUES ($1, 'e', now())`, [projectId]);
    await sql.query('INSERT INTO acl_entries (entity_id, principal_id, access_types) VALUES ($1, $2, $3), ($1, $4, $5)',
      [projectId, operatorId, ['READ', 'DOWNLOAD', 'UPDATE', 'CHANGE_PERMISSIONS'], AUTHENTICATED, ['READ', 'DOWNLOAD']]);
    const created = await createSource(sql, systemClock, secretBox(key), operatorId, { name: 'bench-monitor', description: 'egress benchmark' });
    return { operatorId, projectId, fileId, smallFileId, largeFileId, source: { name: created.source.name, secret: created.secret } };
  });
  const { policy } = await loadPolicy(db);
  const thresholdBytes = Math.max(...policy.thresholds.monitor.map((t) => t.bytes));
  // More than the largest monitor threshold (a threshold is crossed by more than its bytes), far below the
  // high-volume disable: the first incident of a fresh user suspends (rule 1 of the default policy).
  const crossingBytes = thresholdBytes + MiB;
  if (crossingBytes >= policy.highVolumeBytes) throw new Error('the policy in force has no room between its threshold and the high-volume disable');

  const env = { BENCH_EGRESS_SECRET_KEY: key.toString('base64'), BENCH_DATA_DIR: dataDir };
  const [a, b] = await Promise.all([startGatehouseProcess(dbUrl, env), startGatehouseProcess(dbUrl, env)]);
  return {
    size: o.size, report: o.report, quiet: o.quiet, dbUrl, db, admin, a, b, ...world, dataDir, env, thresholdBytes, crossingBytes,
    partiesA: { childPid: a.child.pid, pgPids: backendsOf(admin, EGRESS_DATABASE) },
    freshUsers: (prefix, n) => createBenchUsers(db, prefix, n),
  };
}

export async function stopEgressBench(bench: EgressBench): Promise<void> {
  await Promise.all([bench.a.stop(), bench.b.stop()]);
  await bench.db.close();
  await bench.admin.end();
}

// ---- Signed deliveries -------------------------------------------------------------------------------------

export interface MonitorEventFields {
  eventId: string;
  user?: number | string;
  bytes: number;
  /** Default: now. */
  observedAt?: Date;
}

/** One event as a network monitor posts it (bench's choice of the optional fields: a user, no runtime). */
export function monitorEvent(f: MonitorEventFields) {
  const at = f.observedAt ?? new Date();
  return {
    eventId: f.eventId,
    ...(f.user !== undefined ? { user: f.user } : {}),
    bytes: f.bytes,
    windowStart: new Date(at.getTime() - 60_000).toISOString(),
    windowSeconds: 60,
    observedAt: at.toISOString(),
    kind: 'network',
    payload: { dst: '203.0.113.7', port: 443, proto: 'tcp' },
  };
}

/** The body (one event or a batch) and the headers that sign it with the source's secret, timestamped now. */
export function signedDelivery(source: { name: string; secret: string }, events: unknown): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(events);
  const t = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: { 'content-type': 'application/json', [SOURCE_HEADER]: source.name, [SIGNATURE_HEADER]: signatureHeader(t, [sign(source.secret, t, body)]) },
  };
}

/** POSTs a signed delivery to a process; throws unless every event was accepted. */
export async function postDelivery(url: string, d: { body: string; headers: Record<string, string> }, expectAccepted: number): Promise<void> {
  const res = await fetch(`${url}/api/v1/egress/events`, { method: 'POST', headers: d.headers, body: d.body });
  const answer = (await res.json()) as { accepted?: number };
  if (res.status !== 200 || answer.accepted !== expectAccepted) throw new Error(`egress delivery answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
}

// ---- Suspension latency across processes -------------------------------------------------------------------

/**
 * What makes Gatehouse suspend `user`; resolves when the trigger's own request is done (acknowledged). It is
 * started after B granted the user's download and runs while B is polled; it must not wait for the denial.
 */
export type SuspensionTrigger = (user: BenchUser) => Promise<void>;

let eventSeq = 0;

/** A signed monitor event for the user, over real HTTP to process A, carrying more than the threshold. */
export function monitorEventTrigger(bench: EgressBench): SuspensionTrigger {
  return (user) => postDelivery(bench.a.url, signedDelivery(bench.source, monitorEvent({ eventId: `suspend-${process.pid}-${++eventSeq}`, user: user.id, bytes: bench.crossingBytes })), 1);
}

/**
 * A Gatehouse download over the download thresholds, asked of process A as the user: refused before any byte
 * (403 EGRESS_SUSPENDED), the suspension committed before A answers.
 */
export function downloadTrigger(bench: EgressBench): SuspensionTrigger {
  return async (user) => {
    const res = await fetch(`${bench.a.url}/api/v1/entities/syn${bench.largeFileId}/download`, { headers: { authorization: `Bearer ${user.token}` } });
    const body = (await res.json()) as { code?: string };
    if (res.status !== 403 || body.code !== 'EGRESS_SUSPENDED') throw new Error(`a download over the threshold was answered ${res.status} ${JSON.stringify(body)}`);
  };
}

/**
 * The baseline: the row escalation writes (users.egress_suspended_until), committed by the benchmark's own
 * connection — what the change log and process B's sync take, with no HTTP, signature, storing or escalating.
 */
export function directSuspensionTrigger(bench: EgressBench): SuspensionTrigger {
  return async (user) => {
    await bench.db.query(`UPDATE users SET egress_suspended_until = now() + interval '10 minutes' WHERE id = $1`, [user.id]);
  };
}

export interface DecisionAnswer {
  status: number;
  granted: boolean;
  rule: string;
}

/** One DOWNLOAD decision of `user` on the bench file, asked of a process (POST /api/v1/decisions). */
export async function askDownload(p: GatehouseProcess, user: BenchUser, fileId: number): Promise<DecisionAnswer> {
  const res = await fetch(`${p.url}/api/v1/decisions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entityId: `syn${fileId}`, action: 'DOWNLOAD' }),
  });
  const json = (await res.json()) as { granted?: boolean; rule?: string };
  return { status: res.status, granted: json.granted === true, rule: String(json.rule ?? json) };
}

export interface LatencyTrial {
  /** From just before the trigger to the answer of B's first denial. */
  deniedMs: number;
  /** From just before the trigger until it resolved (A acknowledged the event). */
  ackMs: number;
  polls: number;
  rule: string;
}

export interface LatencyResult {
  name: string;
  trials: LatencyTrial[];
  /** Trials not denied within the time limit (counted as failures, not in the percentiles). */
  timedOut: number;
  median: number;
  p99: number;
  max: number;
  ackMedian: number;
  /** Median round trip of one poll of B. */
  pollMedian: number;
  cpu: CpuSpan;
}

/**
 * Suspension latency across processes with a pluggable trigger: `trials` fresh users, each first granted the
 * download on B; then `trigger(user)` is started and B is polled back to back until it denies. The denial must be
 * DENY_IF_EGRESS_SUSPENDED. Sequential trials; each bounded by `timeoutMs`.
 */
export async function measureSuspensionLatency(bench: EgressBench, name: string, trigger: SuspensionTrigger,
  o: { trials?: number; timeoutMs?: number; usersPrefix?: string } = {}): Promise<LatencyResult> {
  const usersPrefix = o.usersPrefix ?? `lat-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 30);
  return (await measureSuspensionLatencies(bench, [{ name, trigger, usersPrefix }], o))[0];
}

/**
 * The same for several triggers at once, their trials interleaved (trial k of each, then trial k + 1 of each), so
 * that a baseline and a variant meet the same conditions on a shared machine. One result per trigger, in order.
 */
export async function measureSuspensionLatencies(bench: EgressBench, variants: readonly { name: string; trigger: SuspensionTrigger; usersPrefix: string }[],
  o: { trials?: number; timeoutMs?: number } = {}): Promise<LatencyResult[]> {
  const trials = o.trials ?? 200;
  const timeoutMs = o.timeoutMs ?? 10_000;
  interface Run { name: string; trigger: SuspensionTrigger; users: BenchUser[]; results: LatencyTrial[]; pollTimes: number[]; timedOut: number }
  const runs: Run[] = [];
  for (const v of variants) {
    runs.push({ ...v, users: await bench.freshUsers(v.usersPrefix, trials), results: [] as LatencyTrial[], pollTimes: [] as number[], timedOut: 0 });
  }
  // Warm-up on a user of its own: the first decisions of a process are slower (JIT, caches).
  const [warm] = await bench.freshUsers(`lat-warm-${process.pid}-${++eventSeq}`, 1);
  for (let i = 0; i < 20; i++) await askDownload(bench.b, warm, bench.fileId);
  await bench.quiet(`egress latency: ${variants.map((v) => v.name).join(', ')}`);
  const trial = async (run: Run, user: BenchUser) => {
    const before = await askDownload(bench.b, user, bench.fileId);
    if (before.status !== 200 || !before.granted) throw new Error(`user ${user.id} cannot download on B before the trigger: ${before.status} ${before.rule}`);
    const t0 = performance.now();
    const outcome: { ackMs: number; failed: unknown } = { ackMs: NaN, failed: null };
    const triggered = run.trigger(user).then(() => void (outcome.ackMs = performance.now() - t0), (err: unknown) => void (outcome.failed = err ?? new Error('trigger failed')));
    let polls = 0;
    let denied: DecisionAnswer | null = null;
    let deniedMs = NaN;
    while (performance.now() - t0 < timeoutMs && outcome.failed === null) {
      const s = performance.now();
      const d = await askDownload(bench.b, user, bench.fileId);
      const e = performance.now();
      run.pollTimes.push(e - s);
      polls++;
      if (d.status === 200 && !d.granted) {
        denied = d;
        deniedMs = e - t0;
        break;
      }
    }
    await triggered;
    if (outcome.failed !== null) throw outcome.failed;
    if (!denied) {
      run.timedOut++;
      return;
    }
    if (denied.rule !== 'DENY_IF_EGRESS_SUSPENDED') throw new Error(`user ${user.id} was denied on B by ${denied.rule}, not by the suspension`);
    run.results.push({ deniedMs, ackMs: outcome.ackMs, polls, rule: denied.rule });
  };
  const { cpu } = await cpuSpan(async () => {
    for (let k = 0; k < trials; k++) for (const run of runs) await trial(run, run.users[k]);
  }, bench.partiesA);
  return runs.map((run) => {
    const sorted = run.results.map((r) => r.deniedMs).sort((x, y) => x - y);
    const acks = run.results.map((r) => r.ackMs).sort((x, y) => x - y);
    run.pollTimes.sort((x, y) => x - y);
    return {
      name: run.name, trials: run.results, timedOut: run.timedOut, median: percentile(sorted, 50), p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN, ackMedian: percentile(acks, 50), pollMedian: percentile(run.pollTimes, 50), cpu,
    };
  });
}

/**
 * The suspension-latency rows of one variant (and its ratio to a baseline measured in the same run, when given).
 * The target, p99 ≤ 1 s, is judged on every variant that is not the baseline.
 */
export function reportSuspensionLatency(bench: EgressBench, r: LatencyResult, baseline?: LatencyResult): void {
  const n = r.trials.length + r.timedOut;
  const ok = r.timedOut === 0 && r.p99 <= 1000;
  bench.report.add('egress', `Suspension latency, ${r.name} → denied on B: median / p99`, `${fmtMs(r.median)} / ${fmtMs(r.p99)}`,
    `${baseline ? 'target ≤ 1 s (judged on the p99)' : 'informative, the baseline'}; ${n} trials, fresh user each, ${r.timedOut} not denied within 10 s; max ${fmtMs(r.max)}; ` +
    `${baseline ? `acknowledged by A after ${fmtMs(r.ackMedian)} (median); ` : ''}B polled back to back (${fmtMs(r.pollMedian)} a poll, median); ` +
    `others used ${r.cpu.othersPct.toFixed(0)}% of a core`,
    baseline ? (ok ? 'PASS' : 'FAIL') : undefined);
  if (baseline) {
    bench.report.add('egress', `  Ratio to the baseline (${baseline.name}), median / p99`,
      `${(r.median / baseline.median).toFixed(2)}× / ${(r.p99 / baseline.p99).toFixed(2)}×`,
      `baseline median ${fmtMs(baseline.median)}, p99 ${fmtMs(baseline.p99)}: what storing and escalating the event over HTTP adds to the change-log propagation`);
  }
  bench.report.figure(`egressLatency:${r.name}`, { ...r, trials: undefined, deniedMs: r.trials.map((t) => t.deniedMs) });
}

// ---- Webhook ingestion throughput --------------------------------------------------------------------------

export interface ThroughputResult {
  deliveriesPerSecond: number;
  eventsPerSecond: number;
  deliveries: number;
  non2xx: number;
  errors: number;
  latencyP50: number;
  latencyP99: number;
  cpu: CpuSpan;
  /** CPU per delivery of the receiving process and of PostgreSQL, ms. */
  serverMsPerDelivery: number;
  pgMsPerDelivery: number;
}

/** Batches of `eventsPerBatch` events, `usersPerBatch` users each (ascending, a slice of `users`), or none. */
export function batchFactory(source: { name: string; secret: string }, o: { eventsPerBatch: number; users: BenchUser[] | null; usersPerBatch: number; bytes: number; tag: string }) {
  let k = 0;
  return () => {
    const batch = k++;
    const events = [];
    const per = Math.max(1, Math.floor(o.eventsPerBatch / o.usersPerBatch));
    for (let j = 0; j < o.eventsPerBatch; j++) {
      const user = o.users ? o.users[(batch * o.usersPerBatch + Math.floor(j / per)) % o.users.length].id : undefined;
      events.push(monitorEvent({ eventId: `${o.tag}-${batch}-${j}`, user, bytes: o.bytes }));
    }
    return signedDelivery(source, events);
  };
}

/**
 * Posts deliveries with autocannon (`connections` keep-alive connections, `seconds` after `warmupSeconds`), each
 * made by `next()` when autocannon sends it (so every Gatehouse delivery is new: no duplicates), and reads the
 * CPU of process A and of PostgreSQL meanwhile.
 */
export async function measureIngestThroughput(bench: EgressBench, o: {
  url: string; next: () => { body: string; headers: Record<string, string> }; eventsPerBatch: number;
  connections: number; seconds: number; warmupSeconds: number; label: string;
}): Promise<ThroughputResult> {
  const run = (seconds: number) => autocannon({
    url: o.url, method: 'POST', connections: o.connections, duration: seconds, timeout: 30,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...o.next() }) }],
  });
  if (o.warmupSeconds > 0) await run(o.warmupSeconds);
  await bench.quiet(`egress ingest: ${o.label}`);
  const { result, cpu } = await cpuSpan(() => run(o.seconds), bench.partiesA);
  const deliveries = result.requests.total;
  const wallSeconds = cpu.wallMs / 1000;
  return {
    deliveriesPerSecond: deliveries / wallSeconds,
    eventsPerSecond: (deliveries * o.eventsPerBatch) / wallSeconds,
    deliveries, non2xx: result.non2xx, errors: result.errors + result.timeouts,
    latencyP50: result.latency.p50, latencyP99: result.latency.p99, cpu,
    serverMsPerDelivery: cpu.childMs / Math.max(1, deliveries), pgMsPerDelivery: cpu.pgMs / Math.max(1, deliveries),
  };
}

/** Event counts stored for deliveries received since `since` (checks that nothing was refused or duplicated). */
export async function storedSince(bench: EgressBench, since: Date) {
  return bench.db.one<{ deliveries: number; accepted: number; duplicates: number; refused: number; refusedDeliveries: number }>(
    `SELECT count(*)::int AS deliveries, coalesce(sum(events_accepted), 0)::int AS accepted, coalesce(sum(events_duplicate), 0)::int AS duplicates,
            coalesce(sum(events_refused), 0)::int AS refused, count(*) FILTER (WHERE result = 'refused')::int AS "refusedDeliveries"
     FROM egress_deliveries WHERE received_at >= $1`, [since]);
}

const EVENTS_PER_BATCH = 100;
const USERS_PER_BATCH = 10;

/** The section's ingestion part: the bare route, then Gatehouse with attributed and with unattributed batches. */
export const ingestThroughput: EgressMeasurement = async (bench) => {
  const seconds = bench.size === 'full' ? 10 : 4;
  const warmupSeconds = bench.size === 'full' ? 3 : 1;
  const connections = 8;
  const users = await bench.freshUsers('ingest', 1000);
  // Far below the thresholds: 1 KiB an event; a user gets 10 events a batch and one batch in 100.
  const bytes = 1024;
  const tag = `ing${process.pid}`;
  const attributed = batchFactory(bench.source, { eventsPerBatch: EVENTS_PER_BATCH, users, usersPerBatch: USERS_PER_BATCH, bytes, tag: `${tag}-a` });
  const unattributed = batchFactory(bench.source, { eventsPerBatch: EVENTS_PER_BATCH, users: null, usersPerBatch: 1, bytes, tag: `${tag}-u` });
  // Is the delivery accepted, whole? (Also warms the route.)
  await postDelivery(bench.a.url, attributed(), EVENTS_PER_BATCH);
  const sample = attributed();
  log(`egress batch: ${EVENTS_PER_BATCH} events, ${fmtInt(Buffer.byteLength(sample.body))} bytes`);
  // The bare route gets a fixed pool of such bodies (it does nothing with them, so repeats cost it nothing and
  // building them would cost the load generator more than the route).
  const pool = Array.from({ length: 256 }, attributed);
  let p = 0;
  const bare = await measureIngestThroughput(bench, {
    url: `${bench.a.bareUrl}/egress/events`, next: () => pool[p++ % pool.length], eventsPerBatch: EVENTS_PER_BATCH,
    connections, seconds, warmupSeconds, label: 'bare',
  });
  const since = new Date();
  const gh = await measureIngestThroughput(bench, {
    url: `${bench.a.url}/api/v1/egress/events`, next: attributed, eventsPerBatch: EVENTS_PER_BATCH, connections, seconds, warmupSeconds, label: 'attributed',
  });
  const storedA = await storedSince(bench, since);
  const sinceU = new Date();
  const ghU = await measureIngestThroughput(bench, {
    url: `${bench.a.url}/api/v1/egress/events`, next: unattributed, eventsPerBatch: EVENTS_PER_BATCH, connections, seconds, warmupSeconds: 1, label: 'unattributed',
  });
  const storedU = await storedSince(bench, sinceU);

  const clean = (r: ThroughputResult, s: { duplicates: number; refused: number; refusedDeliveries: number }) =>
    r.non2xx === 0 && r.errors === 0 && s.duplicates === 0 && s.refused === 0 && s.refusedDeliveries === 0;
  const stored = (s: { accepted: number; duplicates: number; refused: number }) =>
    `stored: ${fmtInt(s.accepted)} accepted, ${s.duplicates} duplicate, ${s.refused} refused (warm-up included)`;
  const cpuNote = (r: ThroughputResult) =>
    `CPU per delivery: server ${fmtMs(r.serverMsPerDelivery)}${r.pgMsPerDelivery > 0 ? ` + PostgreSQL ${fmtMs(r.pgMsPerDelivery)}` : ''}; others used ${r.cpu.othersPct.toFixed(0)}% of a core`;
  const rep = bench.report;
  rep.add('egress', `Ingestion, Gatehouse POST /api/v1/egress/events, attributed: events/s`, fmtInt(gh.eventsPerSecond),
    `${gh.deliveriesPerSecond.toFixed(1)} deliveries/s of ${EVENTS_PER_BATCH} events (${USERS_PER_BATCH} users × ${EVENTS_PER_BATCH / USERS_PER_BATCH}, 1 KiB each, ` +
    `below the thresholds: escalation runs, nothing escalates); ${connections} connections, ${seconds} s; latency p50 ${gh.latencyP50} ms, p99 ${gh.latencyP99} ms; ` +
    `non-2xx ${gh.non2xx}, errors ${gh.errors}; ${stored(storedA)}; ${cpuNote(gh)}`, clean(gh, storedA) ? undefined : 'FAIL');
  rep.add('egress', `Ingestion, same, unattributed events: events/s`, fmtInt(ghU.eventsPerSecond),
    `${ghU.deliveriesPerSecond.toFixed(1)} deliveries/s; no user: stored, not escalated; informative; non-2xx ${ghU.non2xx}; ${stored(storedU)}; ${cpuNote(ghU)}`,
    clean(ghU, storedU) ? undefined : 'FAIL');
  rep.add('egress', `Baseline: bare Fastify POST /egress/events (same bodies and body limit, JSON parsed): events/s`, fmtInt(bare.eventsPerSecond),
    `${fmtInt(bare.deliveriesPerSecond)} deliveries/s; same process as A, same generator; latency p50 ${bare.latencyP50} ms, p99 ${bare.latencyP99} ms; non-2xx ${bare.non2xx}; ${cpuNote(bare)}`);
  const wall = gh.eventsPerSecond / bare.eventsPerSecond;
  const byCpu = bare.serverMsPerDelivery / (gh.serverMsPerDelivery + gh.pgMsPerDelivery);
  const r2 = (x: number) => `${x.toPrecision(2)}× (1 : ${fmtInt(1 / x)})`;
  rep.add('egress', 'Ratio Gatehouse (attributed) / bare Fastify, events/s', r2(wall),
    `no target; by CPU per delivery (server + PostgreSQL vs bare server) ${r2(byCpu)}; unattributed ${r2(ghU.eventsPerSecond / bare.eventsPerSecond)}`);
  rep.figure('egressIngest', { bare, attributed: gh, unattributed: ghU, storedA, storedU, eventsPerBatch: EVENTS_PER_BATCH, usersPerBatch: USERS_PER_BATCH, connections, seconds });
};

/** A way of making Gatehouse suspend a user, timed by the latency part against the same baseline. */
export interface SuspensionVariant {
  /** Shown in the report: "Suspension latency, <name> → denied on B". */
  name: string;
  /** Short, for the fresh users' names. */
  key: string;
  trigger: (bench: EgressBench) => SuspensionTrigger;
}

/** The variants the latency part times, each over 200 fresh users, after the baseline. */
export const SUSPENSION_VARIANTS: SuspensionVariant[] = [
  { name: 'signed monitor event to A', key: 'monitor', trigger: monitorEventTrigger },
  { name: 'download over the threshold from A', key: 'download', trigger: downloadTrigger },
];

/** The latency part: the baseline (the direct row update) and every variant, trials interleaved; each variant judged against ≤ 1 s. */
export function suspensionLatencyOf(variants: readonly SuspensionVariant[], trials = 200): EgressMeasurement {
  return async (bench) => {
    const [baseline, ...measured] = await measureSuspensionLatencies(bench, [
      { name: 'direct UPDATE of the user row (baseline)', trigger: directSuspensionTrigger(bench), usersPrefix: 'lat-direct' },
      ...variants.map((v) => ({ name: v.name, trigger: v.trigger(bench), usersPrefix: `lat-${v.key}` })),
    ], { trials });
    reportSuspensionLatency(bench, baseline);
    for (const r of measured) reportSuspensionLatency(bench, r, baseline);
  };
}

export const suspensionLatency: EgressMeasurement = suspensionLatencyOf(SUSPENSION_VARIANTS);

/**
 * What counting downloads as egress costs a download (docs/adr/0017): GET of the 1 KiB file, by several users in
 * turn, on process A (downloads counted: reserve, read the window, settle) and on a process C started the same way
 * but with the download meter replaced by one that counts nothing (bench/server.ts, BENCH_NO_DOWNLOAD_METER). Both
 * do everything else a download does (caller, DOWNLOAD decision, version lookup, blob read, download record).
 * Judged against ≥ 0.9.
 */
export const downloadAccountingCost: EgressMeasurement = async (bench) => {
  const small = bench.size === 'small';
  const seconds = small ? 4 : 10;
  const connections = 8;
  const users = await bench.freshUsers('cost', 16);
  const c = await startGatehouseProcess(bench.dbUrl, { ...bench.env, BENCH_NO_DOWNLOAD_METER: '1' });
  try {
    const url = (p: GatehouseProcess) => `${p.url}/api/v1/entities/syn${bench.smallFileId}/download`;
    const run = (p: GatehouseProcess, duration: number) => {
      let k = 0;
      return autocannon({
        url: url(p), connections, duration, timeout: 30,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${users[k++ % users.length].token}` } }) }],
      });
    };
    const measure = async (p: GatehouseProcess, label: string) => {
      await run(p, 1);
      await bench.quiet(`egress download cost: ${label}`);
      return run(p, seconds);
    };
    // Alternated, so that both see the same machine.
    const counted1 = await measure(bench.a, 'counted');
    const plain1 = await measure(c, 'not counted');
    const counted2 = await measure(bench.a, 'counted');
    const plain2 = await measure(c, 'not counted');
    const rps = (rs: autocannon.Result[]) => rs.reduce((n, r) => n + r.requests.total, 0) / rs.reduce((n, r) => n + r.duration, 0);
    const bad = [counted1, counted2, plain1, plain2].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    const counted = rps([counted1, counted2]);
    const plain = rps([plain1, plain2]);
    const ratio = counted / plain;
    bench.report.add('egress', 'Downloads (1 KiB file) counted as egress, req/s', fmtInt(counted),
      `process A, ${connections} connections, ${users.length} users in turn, 2 × ${seconds} s; p50 ${counted2.latency.p50} ms, p99 ${counted2.latency.p99} ms`);
    bench.report.add('egress', 'Downloads (1 KiB file) not counted, req/s (baseline)', fmtInt(plain),
      `process C, the download meter replaced by one that counts nothing; p50 ${plain2.latency.p50} ms, p99 ${plain2.latency.p99} ms`);
    bench.report.add('egress', 'Ratio with / without the egress accounting', ratio.toFixed(2), `target ≥ 0.9; non-2xx or errors: ${bad}`,
      bad === 0 && ratio >= 0.9 ? 'PASS' : 'FAIL');
    bench.report.figure('egressDownloadCost', { counted, plain, ratio, seconds, connections, users: users.length, non2xxOrErrors: bad });
  } finally {
    await c.stop();
  }
};

/**
 * The section's measurements, in order. A new kind of measurement (e.g. the decision cost of the egress
 * accounting) is an EgressMeasurement appended here; a new way of suspending (e.g. a Gatehouse download that
 * crosses the threshold) is a SuspensionVariant appended to SUSPENSION_VARIANTS. See bench/README.md.
 */
export const EGRESS_MEASUREMENTS: EgressMeasurement[] = [suspensionLatency, ingestThroughput, downloadAccountingCost];

/** The whole section: sets up, runs every measurement, stops the processes (also on failure). */
export async function runEgressSection(o: EgressOptions, measurements: readonly EgressMeasurement[] = EGRESS_MEASUREMENTS): Promise<void> {
  const t = performance.now();
  const bench = await startEgressBench(o);
  log(`egress: ${EGRESS_DATABASE} ready, processes A (${bench.a.url}) and B (${bench.b.url}) listening after ${((performance.now() - t) / 1000).toFixed(1)} s`);
  try {
    for (const m of measurements) await m(bench);
  } finally {
    await stopEgressBench(bench);
  }
}
