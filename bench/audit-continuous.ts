/**
 * The continuous audit's figures (issue 11 "Performance"), run at the end of the audit section on the egress
 * section's world (bench/egress.ts: a project whose 1 KiB file every signed-in user may download, processes that
 * serve it) plus a process D that runs the continuous audit job as a server does (bench/server.ts,
 * BENCH_CONTINUOUS_AUDIT):
 *
 *   1. what the continuous audit costs a download: GET of the file by 16 users in turn on D, with the audit's
 *      statement trigger on download_records enabled (every download queues a check; D's job checks them while the
 *      load runs) and, as the baseline, disabled (nothing queued; the job idles), alternated so that both see the
 *      same machine; judged as the ratio of the two throughputs against ≥ 0.9. The queue left at the end of each
 *      loaded run is drained before the next, and the time that takes is printed (the audit keeps up or not);
 *   2. the time from an event to its continuous finding: a fresh user downloads the file one more time than the
 *      repeated-downloads threshold; the clock runs from the last download's answer until the finding is in
 *      audit_findings (polled every 50 ms), judged on the worst trial against ≤ 60 s. The reference beside it is
 *      the job's own interval, the wait a check can have before it is taken.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { continuousAuditJob } from '../src/audit/continuous.js';
import { DEFAULT_SETTINGS } from '../src/audit/queries/index.js';
import { fmtInt, fmtMs, percentile } from './common.js';
import { startGatehouseProcess, type EgressBench, type EgressMeasurement, type GatehouseProcess } from './egress.js';

const SECTION = 'audit';

async function setTrigger(bench: EgressBench, on: boolean): Promise<void> {
  await bench.db.query(`ALTER TABLE download_records ${on ? 'ENABLE' : 'DISABLE'} TRIGGER download_records_audit`);
}

/** Waits until the continuous audit has taken every queued check; the time it took. */
async function drained(bench: EgressBench, timeoutMs = 600_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const { n } = await bench.db.one<{ n: number }>('SELECT count(*)::int AS n FROM audit_checks');
    if (n === 0) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`audit_checks still holds ${n} checks after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const download = (bench: EgressBench, p: GatehouseProcess, token: string) =>
  fetch(`${p.url}/api/v1/entities/syn${bench.smallFileId}/download`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`download answered ${r.status}`);
  });

export const continuousAuditCost: EgressMeasurement = async (bench) => {
  const seconds = bench.size === 'small' ? 4 : 10;
  const connections = 8;
  const users = await bench.freshUsers('audit-cost', 16);
  const d = await startGatehouseProcess(bench.dbUrl, { ...bench.env, BENCH_CONTINUOUS_AUDIT: '1' });
  try {
    const run = (duration: number) => {
      let k = 0;
      return autocannon({
        url: `${d.url}/api/v1/entities/syn${bench.smallFileId}/download`, connections, duration, timeout: 30,
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${users[k++ % users.length].token}` } }) }],
      });
    };
    const loadedDrains: number[] = [];
    const measure = async (on: boolean) => {
      await setTrigger(bench, on);
      await run(1);
      await drained(bench);
      await bench.quiet(`continuous audit cost: trigger ${on ? 'on' : 'off'}`);
      const r = await run(seconds);
      if (on) loadedDrains.push(await drained(bench));
      return r;
    };
    const with1 = await measure(true);
    const without1 = await measure(false);
    const with2 = await measure(true);
    const without2 = await measure(false);
    await setTrigger(bench, true);
    const rps = (rs: autocannon.Result[]) => rs.reduce((n, r) => n + r.requests.total, 0) / rs.reduce((n, r) => n + r.duration, 0);
    const bad = [with1, with2, without1, without2].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    const withAudit = rps([with1, with2]);
    const without = rps([without1, without2]);
    const ratio = withAudit / without;
    bench.report.add(SECTION, 'Downloads (1 KiB file) with the continuous audit, req/s', fmtInt(withAudit),
      `process D, its job checking every download; ${connections} connections, ${users.length} users in turn, 2 × ${seconds} s; p50 ${with2.latency.p50} ms, p99 ${with2.latency.p99} ms`);
    bench.report.add(SECTION, '  Queue drained after the load', loadedDrains.map(fmtMs).join(', '),
      `the checks left when each loaded run stopped, taken by D's job (every ${continuousAuditJob.everyMs / 1000} s, until empty)`);
    bench.report.add(SECTION, 'Downloads without it, req/s (baseline)', fmtInt(without),
      `the same process, the trigger on download_records disabled (nothing queued); p50 ${without2.latency.p50} ms, p99 ${without2.latency.p99} ms`);
    bench.report.add(SECTION, 'Ratio with / without the continuous audit', ratio.toFixed(2), `target ≥ 0.9; non-2xx or errors: ${bad}`,
      bad === 0 && ratio >= 0.9 ? 'PASS' : 'FAIL');
    bench.report.figure('continuousAuditCost', { withAudit, without, ratio, seconds, connections, drainsMs: loadedDrains, non2xxOrErrors: bad });
  } finally {
    await setTrigger(bench, true);
    await d.stop();
  }
};

export const continuousAuditLatency: EgressMeasurement = async (bench) => {
  const trials = bench.size === 'small' ? 5 : 10;
  const users = await bench.freshUsers('audit-latency', trials);
  const d = await startGatehouseProcess(bench.dbUrl, { ...bench.env, BENCH_CONTINUOUS_AUDIT: '1' });
  try {
    await drained(bench);
    await bench.quiet('continuous audit latency');
    const latencies: number[] = [];
    for (const user of users) {
      for (let i = 0; i <= DEFAULT_SETTINGS.repeatedDownloadsThreshold; i++) await download(bench, d, user.token);
      const t0 = performance.now();
      for (;;) {
        const found = await bench.db.maybeOne(`SELECT 1 FROM audit_findings WHERE query = 'repeated-downloads' AND user_id = $1`, [user.id]);
        if (found) break;
        if (performance.now() - t0 > 120_000) throw new Error(`no repeated-downloads finding for ${user.username} after 120 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const worst = latencies[latencies.length - 1];
    bench.report.add(SECTION, 'Event to continuous finding (repeated downloads)', `${fmtMs(percentile(latencies, 50))} median`,
      `target ≤ 60 s (judged on the worst of ${trials} trials: ${fmtMs(worst)}); from the burst's last download to its finding stored`, worst <= 60_000 ? 'PASS' : 'FAIL');
    bench.report.add(SECTION, '  Reference: the job\'s interval', fmtMs(continuousAuditJob.everyMs),
      `a check waits up to this long before it is taken; ratio of the median to it ${(percentile(latencies, 50) / continuousAuditJob.everyMs).toFixed(2)}×`);
    bench.report.figure('continuousAuditLatency', { latencies, worst, intervalMs: continuousAuditJob.everyMs });
  } finally {
    await d.stop();
  }
};

export const CONTINUOUS_AUDIT_MEASUREMENTS: EgressMeasurement[] = [continuousAuditLatency, continuousAuditCost];
