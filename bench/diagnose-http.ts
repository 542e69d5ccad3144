/**
 * Diagnostic aid (not part of `npm run bench`): starts bench/server.ts on a bench database and measures, for
 * several concurrencies, throughput and CPU per request of the server and of PostgreSQL, for POST
 * /api/v1/decisions (token), GET /health and the bare route. Usage:
 *   npx tsx bench/diagnose-http.ts --size small [--connections 1,8,64] [--seconds 5] [--targets decisions,health,bare]
 * With BENCH_PROFILE=<dir>, the server writes a CPU profile there (node --cpu-prof).
 */
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabaseName, benchDatabaseUrl, connect, fmtInt, serverUrl, type SizeName } from './common.js';
import { cannon } from './load.js';
import { backendsOf, cpuSpan } from './measure.js';
import type { ReadyMessage } from './server.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const size = opt('--size', 'small') as SizeName;
const connectionsList = opt('--connections', '1,8,64').split(',').map(Number);
const seconds = Number(opt('--seconds', '5'));
const wanted = new Set(opt('--targets', 'decisions,health,bare').split(','));
const dbUrl = benchDatabaseUrl(size);
const admin = await connect(serverUrl());
const bench = await connect(dbUrl);
const { rows: [{ id: userId }] } = await bench.query<{ id: number }>(
  `SELECT u.id FROM users u WHERE status = 'active' AND terms_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id AND m.team_id = 4) ORDER BY id LIMIT 1`);
const secret = `gh_pat_${randomBytes(32).toString('base64url')}`;
await bench.query(`DELETE FROM access_tokens WHERE name = 'bench-diagnose'`);
await bench.query(`INSERT INTO access_tokens (user_id, name, token_hash, token_prefix, created_at, expires_at) VALUES ($1, 'bench-diagnose', $2, 'gh_pat_', now(), now() + interval '1 day')`,
  [userId, createHash('sha256').update(secret).digest('hex')]);
const { rows: ids } = await bench.query<{ id: number }>('SELECT id FROM entities ORDER BY id LIMIT 2000');
await bench.end();
const bodies = ids.map((r) => JSON.stringify({ entityId: `syn${r.id}`, action: 'DOWNLOAD' }));
const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'server.ts'), [], {
  execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
  env: { ...process.env, BENCH_DB_URL: dbUrl },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready = await new Promise<ReadyMessage>((resolve) => child.on('message', (m: ReadyMessage) => m.type === 'ready' && resolve(m)));
const parties = { childPid: child.pid, pgPids: backendsOf(admin, benchDatabaseName(size)) };
const targets: { key: string; name: string; url: string; method: 'GET' | 'POST'; headers: Record<string, string> }[] = [
  { key: 'decisions', name: 'POST /api/v1/decisions', url: `http://127.0.0.1:${ready.gatehousePort}/api/v1/decisions`, method: 'POST', headers: { authorization: `Bearer ${secret}` } },
  { key: 'health', name: 'GET /health', url: `http://127.0.0.1:${ready.gatehousePort}/health`, method: 'GET', headers: {} },
  { key: 'bare', name: 'bare POST /check', url: `http://127.0.0.1:${ready.barePort}/check`, method: 'POST', headers: {} },
];
for (const t of targets.filter((x) => wanted.has(x.key))) {
  await cannon({ url: t.url, method: t.method, headers: t.headers, bodies, connections: 8, durationSeconds: 2 });
  for (const connections of connectionsList) {
    const { result, cpu } = await cpuSpan(() => cannon({ url: t.url, method: t.method, headers: t.headers, bodies, connections, durationSeconds: seconds }), parties);
    const n = Math.max(1, result.total);
    console.log(`${t.name.padEnd(24)} c=${String(connections).padStart(3)}  ${fmtInt(result.requestsPerSecond).padStart(6)} req/s  p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms  ` +
      `server ${fmtInt((cpu.childMs * 1000) / n)} µs/req  pg ${fmtInt((cpu.pgMs * 1000) / n)} µs/req  errors ${result.errors} timeouts ${result.timeouts} non2xx ${result.non2xx}  others ${cpu.othersPct.toFixed(0)}%`);
  }
}
child.send({ type: 'stop' });
await new Promise((r) => child.on('exit', r));
await admin.end();
