/**
 * The decision benchmark (issue 3, "Performance"): `npm run bench -- --size small|full`.
 *
 * Measured side by side in one run, on the data set of bench/generate.ts (created or reused first):
 *   (a) DecisionIndex.open on the bench database: time to ready and memory (heap and RSS after a full GC);
 *   (b) in-process DOWNLOAD decisions/s of the engine (full §5 chain) over a fixed seeded sample of (user, entity);
 *   (c) @casl/ability on the ACL-only part of the same sample (answers checked equal where only ACLs matter);
 *   (d) a naive per-check SQL evaluation (recursive CTE, bench/naive-sql.ts; answers checked equal);
 *   (e) HTTP: the real Gatehouse and a bare Fastify route in a child process (bench/server.ts); single checks
 *       at a fixed 2,000 req/s (p50/p99) and peak throughput of both;
 *   (f) batches of 1,000 entities for one user over HTTP (median, p99);
 *   (g) egress (bench/egress.ts, a database of its own, two Gatehouse processes): suspension latency across
 *       processes after a signed monitor event, and webhook ingestion throughput beside a bare Fastify route.
 *   (h) audit (bench/audit.ts, a database of its own): the Parquet export of a year of records and the audit's
 *       queries on PostgreSQL and on DuckDB over the export.
 *   (i) records (bench/records.ts): an ACL change making a project of 100,000 files public (10,000 small) in one
 *       request, with the snapshots of every file whose state changed, on PGlite and PostgreSQL.
 * Every figure is given by wall clock and, where it can be, per CPU-second of the parties doing the work, which
 * does not depend on what else runs on the machine (see bench/README.md).
 * Options: --seed N, --regenerate, --only engine,casl,sql,http,batch,egress,audit,records, --json file, --quiet-wait seconds.
 * `--only egress`, `--only audit` or `--only records` alone runs that section only (no data set, index or engine: they do not use them).
 */
import { randomBytes, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDb } from '../src/infra/db.js';
import { systemClock } from '../src/infra/clock.js';
import { DecisionIndex } from '../src/decisions/live.js';
import { Decisions } from '../src/decisions/service.js';
import { decide } from '../src/decisions/engine.js';
import { ADMIN_TEAM } from '../src/decisions/model.js';
import type { DecisionState } from '../src/decisions/state.js';
import { CaslBaseline, type AclSubject, type BenefactorSubject, type CaslAbility } from './casl.js';
import {
  SIZES, Rng, benchDatabaseName, benchDatabaseUrl, connect, cores, fmtInt, fmtMs, fullGc, log, memory, mib, parseArgs,
  percentile, pgTypes, serverUrl, waitForQuiet,
} from './common.js';
import { ensureGenerated, type GenerationInfo } from './generate.js';
import { NAIVE_DOWNLOAD_SQL } from './naive-sql.js';
import { cannon, pacedLoad } from './load.js';
import { backendsOf, cpuSpan, timed, type CpuSpan } from './measure.js';
import { buildSample, loadWorld, onlyAclsMatter, pickEntity, projectsOf } from './sample.js';
import { forkBenchServer } from './server-process.js';
import { runEgressSection } from './egress.js';
import { runAuditSection } from './audit.js';
import { runRecordsSection } from './records.js';


// ---- Report ----------------------------------------------------------------------------------------------------

type Verdict = 'PASS' | 'FAIL';

interface Row {
  section: string;
  label: string;
  value: string;
  /** Baseline, target or note. */
  note?: string;
  verdict?: Verdict;
}

class Report {
  readonly rows: Row[] = [];
  readonly figures: Record<string, unknown> = {};
  add(section: string, label: string, value: string, note?: string, verdict?: Verdict): void {
    this.rows.push({ section, label, value, note, verdict });
    log(`${label}: ${value}${note ? ` (${note})` : ''}${verdict ? ` ${verdict}` : ''}`);
  }
  figure(key: string, value: unknown): void {
    this.figures[key] = value;
  }
  print(header: string[]): void {
    const w1 = Math.max(...this.rows.map((r) => r.label.length), 10);
    const w2 = Math.max(...this.rows.map((r) => r.value.length), 10);
    const out: string[] = ['', ...header, '-'.repeat(120)];
    let section = '';
    for (const r of this.rows) {
      if (r.section !== section) {
        section = r.section;
        out.push(`[${section}]`);
      }
      out.push(`  ${(r.verdict ?? '').padEnd(4)}  ${r.label.padEnd(w1)}  ${r.value.padStart(w2)}${r.note ? `   ${r.note}` : ''}`);
    }
    out.push('-'.repeat(120));
    const verdicts = this.rows.filter((r) => r.verdict);
    out.push(`targets: ${verdicts.filter((r) => r.verdict === 'PASS').length} PASS, ${verdicts.filter((r) => r.verdict === 'FAIL').length} FAIL`);
    console.log(out.join('\n'));
  }
}

const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'FAIL');
const ratio = (x: number) => `${x >= 100 ? fmtInt(x) : x.toFixed(2)}×`;
const us = (ms: number) => `${fmtInt(ms * 1000)} µs`;
const others = (cpu: CpuSpan) => `others used ${cpu.othersPct.toFixed(0)}% of a core`;

// ---- Main ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const wants = (section: string) => args.only === null || args.only.has(section);
  const report = new Report();
  const size = SIZES[args.size];
  const nCores = cores();
  console.log(`cores: ${nCores}`);
  log(`size ${args.size}, seed ${args.seed}, cores ${nCores}, ${os.cpus()[0]?.model ?? ''}`);
  const busyNotes: string[] = [];
  /** Before each timed section: wait (bounded) until other processes leave the machine alone. */
  const quiet = async (section: string) => {
    if (args.quietWaitSeconds <= 0) return;
    const q = await waitForQuiet(args.quietWaitSeconds * 1000);
    if (!q.quiet) busyNotes.push(`${section} (${(100 * (1 - q.idle)).toFixed(0)}% busy)`);
  };

  const busyHeader = () => busyNotes.length
    ? `WARNING: other processes kept the machine busy before: ${busyNotes.join(', ')}. Wall-clock figures are inflated; per-CPU-second figures are not.`
    : 'The machine was quiet before every timed section.';
  // The records section builds its own project: asked for alone, it runs alone.
  if (args.only !== null && args.only.size === 1 && args.only.has('records')) {
    await runRecordsSection({ size: args.size, report, quiet });
    report.print([
      `Gatehouse benchmark, records section — size ${args.size} (PGlite in memory, and PostgreSQL at ${new URL(serverUrl()).host} when reachable)`,
      `cores: ${nCores} (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      busyHeader(),
    ]);
    if (args.json) writeFileSync(args.json, JSON.stringify({ size: args.size, cores: nCores, rows: report.rows, figures: report.figures }, null, 2));
    return;
  }
  // The egress section needs neither the data set nor the index: asked for alone, it runs alone.
  if (args.only !== null && args.only.size === 1 && args.only.has('audit')) {
    await runAuditSection({ size: args.size, report, quiet, regenerate: args.regenerate });
    report.print([
      `Gatehouse benchmark, audit section — size ${args.size} (database gatehouse_bench_audit_${args.size} on ${new URL(serverUrl()).host}, PostgreSQL)`,
      `cores: ${nCores} (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      busyHeader(),
    ]);
    if (args.json) writeFileSync(args.json, JSON.stringify({ size: args.size, cores: nCores, rows: report.rows, figures: report.figures }, null, 2));
    return;
  }
  if (args.only !== null && args.only.size === 1 && args.only.has('egress')) {
    await runEgressSection({ size: args.size, report, quiet });
    report.print([
      `Gatehouse benchmark, egress section — size ${args.size} (database gatehouse_bench_egress on ${new URL(serverUrl()).host}, PostgreSQL)`,
      `cores: ${nCores} (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      busyHeader(),
    ]);
    if (args.json) writeFileSync(args.json, JSON.stringify({ size: args.size, cores: nCores, rows: report.rows, figures: report.figures }, null, 2));
    return;
  }

  const gen: GenerationInfo = await ensureGenerated(args.size, args.seed, args.regenerate);
  report.figure('generation', gen);

  // (a) Index load -------------------------------------------------------------------------------------------
  const dbUrl = benchDatabaseUrl(args.size);
  const dbName = benchDatabaseName(args.size);
  const admin = await connect(serverUrl());
  await quiet('index load');
  fullGc();
  const before = memory();
  const db = await openDb({ databaseUrl: dbUrl, dataDir: os.tmpdir() });
  const { result: opened, cpu: openCpu } = await cpuSpan(() => DecisionIndex.open(db, systemClock), { pgPids: backendsOf(admin, dbName) });
  let index: DecisionIndex | null = opened;
  const peakRss = memory().rss;
  fullGc();
  const after = memory();
  const state: DecisionState = index.current;
  report.add('index', 'DecisionIndex.open: ready after restart (in-process)', `${(openCpu.wallMs / 1000).toFixed(2)} s`,
    `${fmtInt(size.entities)} entities, ${fmtInt(size.approvals)} approvals; CPU: Node ${(openCpu.ownMs / 1000).toFixed(2)} s, PostgreSQL ${(openCpu.pgMs / 1000).toFixed(2)} s; ${others(openCpu)}`);
  report.add('index', 'Index memory (heap after full GC)', mib(after.heapUsed - before.heapUsed),
    `RSS +${mib(after.rss - before.rss)}; peak RSS during load +${mib(peakRss - before.rss)}`);
  report.figure('index', { cpu: openCpu, heapBytes: after.heapUsed - before.heapUsed, rssBytes: after.rss - before.rss, peakRssBytes: peakRss - before.rss });

  const world = await loadWorld(db);
  const userIds = (await db.query<{ id: number }>('SELECT id FROM users ORDER BY id')).map((u) => u.id);
  const S = args.size === 'full' ? 200_000 : 50_000;
  const sample = buildSample(world, state, userIds, S, Math.min(userIds.length, 20_000), args.seed);
  const now = Date.now();

  // (b) Engine -----------------------------------------------------------------------------------------------
  const expectedRule: string[] = new Array(S);
  const expectedGranted = new Uint8Array(S);
  const rules = new Map<string, number>();
  for (let i = 0; i < S; i++) {
    const d = decide(state, { userId: sample.users[i], entityId: sample.entities[i], action: 'DOWNLOAD', now });
    expectedRule[i] = d.rule;
    expectedGranted[i] = d.granted ? 1 : 0;
    rules.set(d.rule, (rules.get(d.rule) ?? 0) + 1);
  }
  const mix = [...rules].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${((100 * n) / S).toFixed(1)}%`);
  log(`sample of ${fmtInt(S)} checks over ${fmtInt(sample.pool.length)} users; decided by: ${mix.join(', ')}`);
  report.figure('sampleRules', Object.fromEntries(rules));

  await quiet('engine');
  const { result: engineRun, cpu: engineCpu } = await cpuSpan(() => timed(S, 3000, 200, () => {
    let granted = 0;
    const users = sample.users;
    const entities = sample.entities;
    for (let i = 0; i < S; i++) {
      if (decide(state, { userId: users[i], entityId: entities[i], action: 'DOWNLOAD', now }).granted) granted++;
    }
    return granted;
  }));
  const engineWall = (engineRun.items * 1000) / engineRun.ms;
  const engineCpuRate = (engineRun.items * 1000) / engineCpu.ownMs;
  report.add('in-process', 'Engine: DOWNLOAD decisions/s, full §5 chain, 1 thread', fmtInt(engineWall),
    `${fmtInt(engineCpuRate)} per CPU-second (${fmtInt(1e9 / engineCpuRate)} ns each); ${fmtInt(S)}-check sample; ${others(engineCpu)}`);
  report.figure('engine', { ...engineRun, wallPerSecond: engineWall, cpuPerSecond: engineCpuRate, cpu: engineCpu });

  // (c) casl -------------------------------------------------------------------------------------------------
  if (wants('casl')) {
    const entityIds = function* () {
      for (let id = world.firstEntityId; id <= world.lastEntityId; id++) yield id;
    };
    const t = performance.now();
    const casl = new CaslBaseline(state, entityIds());
    const abilitiesA = new Map<number, CaslAbility>();
    const abilitiesB = new Map<number, CaslAbility>();
    const tA = performance.now();
    for (const u of sample.pool) abilitiesA.set(u, casl.abilityByBenefactor(u));
    const buildA = performance.now() - tA;
    const tB = performance.now();
    for (const u of sample.pool) abilitiesB.set(u, casl.abilityByAclAttributes(u));
    const buildB = performance.now() - tB;
    // Per-check arrays, so that the timed loops do nothing but ask casl.
    const abA: CaslAbility[] = new Array(S);
    const abB: CaslAbility[] = new Array(S);
    const subA: BenefactorSubject[] = new Array(S);
    const subB: AclSubject[] = new Array(S);
    const cacheA = new Map<number, BenefactorSubject>();
    const cacheB = new Map<number, AclSubject>();
    for (let i = 0; i < S; i++) {
      const e = sample.entities[i];
      abA[i] = abilitiesA.get(sample.users[i])!;
      abB[i] = abilitiesB.get(sample.users[i])!;
      let a = cacheA.get(e);
      if (!a) cacheA.set(e, (a = casl.benefactorSubject(e)));
      let b = cacheB.get(e);
      if (!b) cacheB.set(e, (b = casl.aclSubject(e)));
      subA[i] = a;
      subB[i] = b;
    }
    const prepMs = performance.now() - t;
    let checked = 0;
    let mismatchA = 0;
    let mismatchB = 0;
    for (let i = 0; i < S; i++) {
      if (!onlyAclsMatter(state, sample.users[i], sample.entities[i])) continue;
      checked++;
      const engineSays = expectedGranted[i] === 1;
      if (abA[i].can('download', subA[i] as never) !== engineSays) mismatchA++;
      if (abB[i].can('download', subB[i] as never) !== engineSays) mismatchB++;
    }
    await quiet('casl');
    const { result: runA, cpu: cpuA } = await cpuSpan(() => timed(S, 3000, 200, () => {
      let granted = 0;
      for (let i = 0; i < S; i++) if (abA[i].can('download', subA[i] as never)) granted++;
      return granted;
    }));
    const { result: runB, cpu: cpuB } = await cpuSpan(() => timed(S, 3000, 200, () => {
      let granted = 0;
      for (let i = 0; i < S; i++) if (abB[i].can('download', subB[i] as never)) granted++;
      return granted;
    }));
    const wallA = (runA.items * 1000) / runA.ms;
    const wallB = (runB.items * 1000) / runB.ms;
    const cpuRateA = (runA.items * 1000) / cpuA.ownMs;
    const cpuRateB = (runB.items * 1000) / cpuB.ownMs;
    report.add('in-process', '@casl/ability, "benefactor" rules: checks/s (ACL-only)', fmtInt(wallA),
      `${fmtInt(cpuRateA)} per CPU-second; ${fmtInt(sample.pool.length)} abilities built in ${fmtMs(buildA)}; ${others(cpuA)}`);
    report.add('in-process', '@casl/ability, "acl-attributes" rules: checks/s (ACL-only)', fmtInt(wallB),
      `${fmtInt(cpuRateB)} per CPU-second; abilities built in ${fmtMs(buildB)}; subjects resolved beforehand (${fmtMs(prepMs)}); ${others(cpuB)}`);
    report.add('in-process', 'casl answers equal to the engine where only ACLs matter', `${fmtInt(checked - Math.max(mismatchA, mismatchB))}/${fmtInt(checked)}`,
      `mismatches: benefactor ${mismatchA}, acl-attributes ${mismatchB}`, verdict(mismatchA === 0 && mismatchB === 0 && checked > 0));
    const cpuRatio = engineCpuRate / Math.max(cpuRateA, cpuRateB);
    const wallRatio = engineWall / Math.max(wallA, wallB);
    report.add('in-process', 'Ratio engine / best casl, per CPU-second', ratio(cpuRatio), `target ≥ 1.0; by wall clock ${ratio(wallRatio)}`, verdict(cpuRatio >= 1));
    report.figure('casl', { benefactor: { ...runA, wallPerSecond: wallA, cpuPerSecond: cpuRateA }, aclAttributes: { ...runB, wallPerSecond: wallB, cpuPerSecond: cpuRateB }, checked, mismatchA, mismatchB, buildA, buildB, cpuRatio, wallRatio });
  }

  // Informative: the service path (a change-log sync before each decision) and the engine alone on a batch.
  {
    const decisions = new Decisions(index, systemClock, db);
    const n = Math.min(S, 5000);
    let i = 0;
    const t = performance.now();
    while (i < n && performance.now() - t < 5000) {
      await decisions.decide({ userId: sample.users[i], entityId: sample.entities[i], action: 'DOWNLOAD' });
      i++;
    }
    const serial = (i * 1000) / (performance.now() - t);
    let j = 0;
    const t2 = performance.now();
    const inFlight = 64;
    const worker = async () => {
      while (j < n && performance.now() - t2 < 5000) {
        const k = j++;
        await decisions.decide({ userId: sample.users[k], entityId: sample.entities[k], action: 'DOWNLOAD' });
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const concurrent = (j * 1000) / (performance.now() - t2);
    report.add('in-process', 'Decisions.decide(), with the change-log sync: decisions/s', `${fmtInt(serial)} / ${fmtInt(concurrent)}`,
      `one at a time / ${inFlight} in flight (they share syncs); informative`);
    const batchUser = sample.users[0];
    const ids = Array.from(sample.entities.slice(0, 1000));
    const times: number[] = [];
    for (let k = 0; k < 200; k++) {
      const s = performance.now();
      for (const id of ids) decide(state, { userId: batchUser, entityId: id, action: 'DOWNLOAD', now });
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    report.add('in-process', 'Engine alone on a 1,000-entity batch (median)', fmtMs(percentile(times, 50)), 'no sync, no HTTP; informative');
    report.figure('service', { serial, concurrent, batchEngineMedianMs: percentile(times, 50) });
  }

  // (d) Naive SQL ---------------------------------------------------------------------------------------------
  if (wants('sql')) {
    const connections = nCores * 2;
    const limit = Math.min(S, 20_000);
    const clients: pg.Client[] = [];
    const pids: number[] = [];
    for (let c = 0; c < connections; c++) {
      const client = new pg.Client({ connectionString: dbUrl, types: pgTypes });
      await client.connect();
      clients.push(client);
      pids.push((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    }
    const nowDate = new Date(now);
    const query = (client: pg.Client, i: number) =>
      client.query<{ rule: string }>({ name: 'naive_download', text: NAIVE_DOWNLOAD_SQL, values: [sample.users[i], sample.entities[i], nowDate] });
    // Warm-up: plan the statement on every connection and touch the caches.
    for (const client of clients) for (let i = 0; i < 20; i++) await query(client, limit - 1 - i);
    await quiet('sql');
    let next = 0;
    let mismatches = 0;
    const examples: string[] = [];
    const budgetMs = 10_000;
    const { cpu } = await cpuSpan(async () => {
      const t = performance.now();
      await Promise.all(clients.map(async (client) => {
        while (next < limit && performance.now() - t < budgetMs) {
          const i = next++;
          const { rows } = await query(client, i);
          if (rows[0].rule !== expectedRule[i]) {
            mismatches++;
            if (examples.length < 5) examples.push(`user ${sample.users[i]} entity ${sample.entities[i]}: sql ${rows[0].rule}, engine ${expectedRule[i]}`);
          }
        }
      }));
    }, { pgPids: async () => pids });
    const done = next;
    for (const client of clients) await client.end();
    const wallRate = (done * 1000) / cpu.wallMs;
    const cpuPerCheck = (cpu.pgMs + cpu.ownMs) / done;
    // The kindest reading for SQL: its CPU cost spread over every core of the machine.
    const allCoresRate = (nCores * 1000) / cpuPerCheck;
    if (examples.length) log(`SQL mismatches, e.g.: ${examples.join('; ')}`);
    report.add('in-process', 'Naive SQL, recursive CTE per check: checks/s', fmtInt(wallRate),
      `${connections} connections; CPU per check ${us(cpuPerCheck)} (PostgreSQL ${us(cpu.pgMs / done)}, client ${us(cpu.ownMs / done)}) → ${fmtInt(allCoresRate)}/s on all ${nCores} cores; ${others(cpu)}`);
    report.add('in-process', 'SQL answers equal to the engine (deciding rule)', `${fmtInt(done - mismatches)}/${fmtInt(done)}`, undefined, verdict(mismatches === 0 && done > 0));
    const cpuRatio = engineCpuRate / allCoresRate;
    report.add('in-process', 'Ratio engine (1 core) / naive SQL (all cores), per CPU-second', ratio(cpuRatio),
      `target ≥ 20; by wall clock ${ratio(engineWall / wallRate)}`, verdict(cpuRatio >= 20));
    report.figure('sql', { wallRate, cpuPerCheckMs: cpuPerCheck, allCoresRate, done, mismatches, examples, connections, cpu, cpuRatio });
  }

  // (e, f) HTTP -----------------------------------------------------------------------------------------------
  if (wants('http') || wants('batch')) {
    // The caller: an ordinary, active user of the sample who is named in some projects.
    const caller = sample.pool.find((u) => {
      const f = state.user(u);
      return f && !f.disabled && !f.isAdmin && f.acceptedTerms && !f.egressSuspended && !state.principals(u).has(ADMIN_TEAM) &&
        projectsOf(world, state, u).length >= 2;
    });
    if (caller === undefined) throw new Error('no suitable caller in the sample');
    const rng = new Rng(args.seed, 202);
    const own = projectsOf(world, state, caller);
    const singleIds = Array.from({ length: 2000 }, () => pickEntity(world, rng, own));
    const batchIds = Array.from({ length: 1000 }, () => pickEntity(world, rng, own));
    const expect = (id: number) => decide(state, { userId: caller, entityId: id, action: 'DOWNLOAD', now: Date.now() }).rule;
    const singleExpected = singleIds.map(expect);
    const batchExpected = batchIds.map(expect);
    const singleGranted = singleExpected.filter((r) => r.startsWith('GRANT')).length;

    // A personal access token for the caller, straight into the bench database (not an access-relevant table).
    const secret = `gh_pat_${randomBytes(32).toString('base64url')}`;
    await db.query(`DELETE FROM access_tokens WHERE name = 'bench'`);
    await db.query(
      `INSERT INTO access_tokens (user_id, name, token_hash, token_prefix, created_at, expires_at) VALUES ($1, 'bench', $2, $3, now(), now() + interval '30 days')`,
      [caller, createHash('sha256').update(secret).digest('hex'), secret.slice(0, 11)],
    );
    // Free the in-process index before the server builds its own.
    await db.close();
    index = null;
    fullGc();

    await quiet('restart');
    const whatIfToken = randomBytes(16).toString('hex');
    const forkStart = performance.now();
    const { child, ready } = await forkBenchServer(dbUrl, { BENCH_WHATIF_TOKEN: whatIfToken, BENCH_WHATIF_USER: String(caller) }, {
      timeoutMs: 600_000, execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    });
    const restartMs = performance.now() - forkStart;
    report.add('index', 'Restart → listening (new Gatehouse process)', `${(restartMs / 1000).toFixed(2)} s`,
      `of which createGatehouse ${(ready.createGatehouseMs / 1000).toFixed(2)} s; server RSS ${mib(ready.rss)}, heap ${mib(ready.heapUsed)}`);
    report.figure('restart', { restartMs, ...ready });

    const parties = { childPid: child.pid, pgPids: backendsOf(admin, dbName) };
    const ghUrl = `http://127.0.0.1:${ready.gatehousePort}`;
    const auth = { authorization: `Bearer ${secret}` };
    const singleBodies = singleIds.map((id) => JSON.stringify({ entityId: `syn${id}`, action: 'DOWNLOAD' }));
    /** CPU per request of the server and of PostgreSQL, and what that allows on this machine. */
    const costOf = (cpu: CpuSpan, requests: number) => {
      const serverMs = cpu.childMs / requests;
      const pgMs = cpu.pgMs / requests;
      // One event loop for the server; the database may use every core.
      const capacity = Math.min(1000 / serverMs, (nCores * 1000) / (serverMs + pgMs));
      return { serverMs, pgMs, capacity };
    };

    /** After a run that overloaded the server: wait (≤ 60 s) until a single check is answered quickly again. */
    const drain = async () => {
      const t = performance.now();
      let fast = 0;
      while (fast < 3 && performance.now() - t < 60_000) {
        const s = performance.now();
        await fetch(`${ghUrl}/api/v1/decisions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: singleBodies[0] })
          .then((r) => r.arrayBuffer()).catch(() => undefined);
        fast = performance.now() - s < 50 ? fast + 1 : 0;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    try {
      let httpMismatch = 0;
      for (let k = 0; k < 200; k++) {
        const res = await fetch(`${ghUrl}/api/v1/decisions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: singleBodies[k] });
        const body = (await res.json()) as { rule?: string };
        if (res.status !== 200 || body.rule !== singleExpected[k]) {
          httpMismatch++;
          if (httpMismatch === 1) log(`HTTP answer differs: ${res.status} ${JSON.stringify(body)} vs ${singleExpected[k]}`);
        }
      }
      report.add('http', 'HTTP answers equal to the engine (200 single checks)', `${200 - httpMismatch}/200`,
        `caller: user ${caller}, ${((100 * singleGranted) / singleIds.length).toFixed(0)}% of its checks granted`, verdict(httpMismatch === 0));

      if (wants('http')) {
        const bodies = singleBodies.map((b) => Buffer.from(b));
        await pacedLoad({ port: ready.gatehousePort, path: '/api/v1/decisions', headers: auth, bodies, rate: 500, durationMs: 3000 });
        await quiet('http fixed rate');
        const paced = await cpuSpan(() => pacedLoad({ port: ready.gatehousePort, path: '/api/v1/decisions', headers: auth, bodies, rate: 2000, durationMs: 10_000 }), parties);
        const p = paced.result;
        const pacedCost = costOf(paced.cpu, p.ok + p.non2xx);
        report.add('http', 'Single checks at a fixed 2,000 req/s (open loop): p50 / p99', `${fmtMs(p.latency.p50)} / ${fmtMs(p.latency.p99)}`,
          `target p99 ≤ 5 ms; p99.9 ${fmtMs(p.latency.p999)}; ${fmtInt(p.ok)} ok, ${p.non2xx} non-2xx, ${p.errors} errors, ${fmtInt(p.unfinished)} unanswered when cut off; achieved ${fmtInt(p.achievedRate)}/s; ${others(paced.cpu)}`,
          verdict(p.latency.p99 <= 5 && p.non2xx === 0 && p.errors === 0 && p.unfinished === 0));
        await drain();
        report.add('http', '  CPU per single check: server / PostgreSQL', `${us(pacedCost.serverMs)} / ${us(pacedCost.pgMs)}`,
          `→ at 2,000 req/s the server's event loop is ${(pacedCost.serverMs * 200).toFixed(0)}% busy; machine ${paced.cpu.machineBusyPct.toFixed(0)}% busy`);
        // The control: the same generator against the bare route shows what the machine and the generator add.
        await quiet('http fixed rate bare');
        const pacedBare = await pacedLoad({ port: ready.barePort, path: '/check', headers: auth, bodies, rate: 2000, durationMs: 10_000 });
        report.add('http', '  Control: bare Fastify POST /check at a fixed 2,000 req/s: p50 / p99',
          `${fmtMs(pacedBare.latency.p50)} / ${fmtMs(pacedBare.latency.p99)}`,
          `same generator, same process; p99.9 ${fmtMs(pacedBare.latency.p999)}; informative: what loopback, the generator and the machine add`);
        report.figure('fixedRateBare', pacedBare);
        await drain();
        await quiet('http autocannon fixed rate');
        const ac = await cpuSpan(() => cannon({ url: `${ghUrl}/api/v1/decisions`, headers: auth, bodies: singleBodies, connections: 20, durationSeconds: 10, overallRate: 2000 }), parties);
        report.add('http', '  Same with autocannon overallRate 2,000, 20 connections: p50 / p99', `${ac.result.latency.p50} / ${ac.result.latency.p99} ms`,
          `whole-ms histogram, each second's quota sent in a burst; ${fmtInt(ac.result.requestsPerSecond)}/s, non-2xx ${ac.result.non2xx}; ${others(ac.cpu)}`,
          verdict(ac.result.latency.p99 <= 5 && ac.result.non2xx === 0 && ac.result.requestsPerSecond >= 1900));
        report.figure('fixedRate', { paced: p, pacedCpu: paced.cpu, pacedCost, autocannon: ac.result, autocannonCpu: ac.cpu });
        await drain();

        const connections = 64;
        await cannon({ url: `${ghUrl}/api/v1/decisions`, headers: auth, bodies: singleBodies, connections, durationSeconds: 3 });
        await quiet('http peak');
        const gh = await cpuSpan(() => cannon({ url: `${ghUrl}/api/v1/decisions`, headers: auth, bodies: singleBodies, connections, durationSeconds: 10 }), parties);
        await drain();
        const bareUrl = `http://127.0.0.1:${ready.barePort}/check`;
        await cannon({ url: bareUrl, headers: auth, bodies: singleBodies, connections, durationSeconds: 3 });
        await quiet('http peak bare');
        const bare = await cpuSpan(() => cannon({ url: bareUrl, headers: auth, bodies: singleBodies, connections, durationSeconds: 10 }), parties);
        const health = await cpuSpan(() => cannon({ url: `${ghUrl}/health`, method: 'GET', headers: {}, bodies: [], connections, durationSeconds: 5 }), parties);
        const ghCost = costOf(gh.cpu, gh.result.total);
        const bareCost = costOf(bare.cpu, bare.result.total);
        const healthCost = costOf(health.cpu, health.result.total);
        report.add('http', 'Peak: Gatehouse POST /api/v1/decisions, req/s', fmtInt(gh.result.requestsPerSecond),
          `${connections} connections; non-2xx ${gh.result.non2xx}; CPU/request server ${us(ghCost.serverMs)} + PostgreSQL ${us(ghCost.pgMs)}; ${others(gh.cpu)}`);
        report.add('http', 'Peak: bare Fastify POST /check, req/s', fmtInt(bare.result.requestsPerSecond),
          `same bodies, same process; CPU/request ${us(bareCost.serverMs)}; ${others(bare.cpu)}`);
        report.add('http', '  Gatehouse GET /health, req/s (its hooks and plugins, no database)', fmtInt(health.result.requestsPerSecond),
          `CPU/request ${us(healthCost.serverMs)}; informative`);
        const wallRatio = gh.result.requestsPerSecond / bare.result.requestsPerSecond;
        const cpuRatio = ghCost.capacity / bareCost.capacity;
        report.add('http', 'Ratio Gatehouse / bare Fastify, peak as measured', ratio(wallRatio), 'target ≥ 0.5', verdict(wallRatio >= 0.5));
        report.add('http', 'Ratio Gatehouse / bare Fastify, by CPU per request', ratio(cpuRatio),
          `target ≥ 0.5; capacity from CPU cost: ${fmtInt(ghCost.capacity)} vs ${fmtInt(bareCost.capacity)} req/s`, verdict(cpuRatio >= 0.5));
        report.figure('peak', { gatehouse: gh.result, gatehouseCpu: gh.cpu, ghCost, bare: bare.result, bareCpu: bare.cpu, bareCost, health: health.result, healthCost, wallRatio, cpuRatio });

        // What-if (not the product): the same check with the caller resolved in memory — one round trip, the sync.
        const whatIfHeaders = { 'x-bench-token': whatIfToken };
        const whatIfPath = '/bench/what-if/decisions';
        let whatIfMismatch = 0;
        for (let k = 0; k < 200; k++) {
          const res = await fetch(`${ghUrl}${whatIfPath}`, { method: 'POST', headers: { ...whatIfHeaders, 'content-type': 'application/json' }, body: singleBodies[k] });
          const json = (await res.json()) as { rule?: string };
          if (res.status !== 200 || json.rule !== singleExpected[k]) whatIfMismatch++;
        }
        await cannon({ url: `${ghUrl}${whatIfPath}`, headers: whatIfHeaders, bodies: singleBodies, connections, durationSeconds: 3 });
        await quiet('what-if peak');
        const wi = await cpuSpan(() => cannon({ url: `${ghUrl}${whatIfPath}`, headers: whatIfHeaders, bodies: singleBodies, connections, durationSeconds: 10 }), parties);
        const wiCost = costOf(wi.cpu, wi.result.total);
        await drain();
        await quiet('what-if fixed rate');
        const wiPaced = await cpuSpan(() => pacedLoad({ port: ready.gatehousePort, path: whatIfPath, headers: whatIfHeaders, bodies, rate: 2000, durationMs: 10_000 }), parties);
        const wp = wiPaced.result;
        await drain();
        report.add('what-if', 'Caller resolved in memory (1 round trip): peak req/s', fmtInt(wi.result.requestsPerSecond),
          `answers equal ${200 - whatIfMismatch}/200; CPU/request server ${us(wiCost.serverMs)} + PostgreSQL ${us(wiCost.pgMs)}; ratio to bare ${ratio(wi.result.requestsPerSecond / bare.result.requestsPerSecond)} as measured, ${ratio(wiCost.capacity / bareCost.capacity)} by CPU; ${others(wi.cpu)}`);
        report.add('what-if', 'Caller resolved in memory: fixed 2,000 req/s, p50 / p99', `${fmtMs(wp.latency.p50)} / ${fmtMs(wp.latency.p99)}`,
          `${fmtInt(wp.unfinished)} unanswered; achieved ${fmtInt(wp.achievedRate)}/s; server event loop ${((costOf(wiPaced.cpu, wp.ok + wp.non2xx).serverMs) * 200).toFixed(0)}% busy at 2,000 req/s; ${others(wiPaced.cpu)}`);
        report.figure('whatIf', { peak: wi.result, cost: wiCost, paced: wp, pacedCpu: wiPaced.cpu, mismatches: whatIfMismatch });
      }

      if (wants('batch')) {
        await drain();
        const body = JSON.stringify({ action: 'DOWNLOAD', entityIds: batchIds.map((id) => `syn${id}`) });
        const call = async () => {
          const s = performance.now();
          const res = await fetch(`${ghUrl}/api/v1/decisions/batch`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
          const json = (await res.json()) as { items?: { rule: string }[] };
          return { ms: performance.now() - s, status: res.status, json };
        };
        const first = await call();
        const batchMismatch = first.json.items?.filter((item, k) => item.rule !== batchExpected[k]).length ?? 1000;
        for (let k = 0; k < 10; k++) await call();
        await quiet('batch');
        const times: number[] = [];
        const { cpu } = await cpuSpan(async () => {
          const t = performance.now();
          while (times.length < 200 && performance.now() - t < 30_000) {
            const r = await call();
            if (r.status !== 200) throw new Error(`batch answered ${r.status}`);
            times.push(r.ms);
          }
        }, parties);
        times.sort((a, b) => a - b);
        const median = percentile(times, 50);
        const p99 = percentile(times, 99);
        const cost = costOf(cpu, times.length);
        report.add('http', 'Batch answers equal to the engine', `${1000 - batchMismatch}/1000`, undefined, verdict(batchMismatch === 0));
        report.add('http', 'Batch of 1,000 entities for one user, HTTP: median / p99', `${fmtMs(median)} / ${fmtMs(p99)}`,
          `target ≤ 20 ms (median; p99 ${p99 <= 20 ? 'also within' : 'not within'}); ${times.length} sequential calls; ${others(cpu)}`, verdict(median <= 20));
        report.add('http', '  CPU per batch call: server / PostgreSQL', `${fmtMs(cost.serverMs)} / ${fmtMs(cost.pgMs)}`,
          'the server part is the least a call can take on this CPU');
        report.figure('batch', { median, p99, calls: times.length, mismatches: batchMismatch, cpu, cost });
      }
    } finally {
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
    }
  } else {
    await db.close();
  }
  await admin.end();

  // (g) Egress -----------------------------------------------------------------------------------------------
  if (wants('egress')) await runEgressSection({ size: args.size, report, quiet });
  // (h) Audit: export and queries ----------------------------------------------------------------------------
  if (wants('audit')) await runAuditSection({ size: args.size, report, quiet, regenerate: args.regenerate });
  // (i) Records ----------------------------------------------------------------------------------------------
  if (wants('records')) await runRecordsSection({ size: args.size, report, quiet });

  const g = gen.stats as Record<string, number>;
  report.print([
    `Gatehouse decision benchmark — size ${args.size}, seed ${args.seed} (${dbName}, ${gen.reused ? 'reused' : `generated in ${gen.seconds} s`})`,
    `cores: ${nCores} (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    `data: ${fmtInt(g.entities)} entities (${fmtInt(g.projects)} projects, ${fmtInt(g.folders)} folders, ${fmtInt(g.files)} files, depth ≤ ${g.maxDepth}), ` +
      `${fmtInt(g.acls)} ACLs, ${fmtInt(g.users)} users, ${fmtInt(g.teams)} teams, ${fmtInt(g.memberships)} memberships, ` +
      `${fmtInt(g.accessRequirements)} ARs bound to ${fmtInt(g.entityBindings)} entities, ${fmtInt(g.approvals)} approvals`,
    `sample: ${fmtInt(S)} DOWNLOAD checks over ${fmtInt(sample.pool.length)} users, decided by ${mix.join(', ')}`,
    busyHeader(),
  ]);
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ size: args.size, seed: args.seed, cores: nCores, rows: report.rows, figures: report.figures }, null, 2));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
