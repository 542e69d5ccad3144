/**
 * Profiling aid (not part of `npm run bench`): loads the index of a bench database and runs the benchmark's
 * DOWNLOAD sample for a while, so that a CPU profile shows where the engine spends its time:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-engine.ts --size small [--seconds 10]
 */
import { performance } from 'node:perf_hooks';
import { openDb } from '../src/infra/db.js';
import { systemClock } from '../src/infra/clock.js';
import { DecisionIndex } from '../src/decisions/live.js';
import { decide } from '../src/decisions/engine.js';
import { DEFAULT_SEED, benchDatabaseUrl, fmtInt, type SizeName } from './common.js';
import { buildSample, loadWorld } from './sample.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const size = opt('--size', 'small') as SizeName;
const seconds = Number(opt('--seconds', '10'));
const db = await openDb({ databaseUrl: benchDatabaseUrl(size), dataDir: '/tmp' });
const index = await DecisionIndex.open(db, systemClock);
const state = index.current;
const world = await loadWorld(db);
const userIds = (await db.query<{ id: number }>('SELECT id FROM users ORDER BY id')).map((u) => u.id);
await db.close();
const n = size === 'full' ? 200_000 : 50_000;
const sample = buildSample(world, state, userIds, n, Math.min(userIds.length, 20_000), DEFAULT_SEED);
const now = Date.now();
const c0 = process.cpuUsage();
const t = performance.now();
let count = 0;
let granted = 0;
while (performance.now() - t < seconds * 1000) {
  for (let i = 0; i < n; i++) if (decide(state, { userId: sample.users[i], entityId: sample.entities[i], action: 'DOWNLOAD', now }).granted) granted++;
  count += n;
}
const cpu = process.cpuUsage(c0);
console.log(`${fmtInt((count * 1000) / (performance.now() - t))} decisions/s, ${fmtInt((count * 1e6) / (cpu.user + cpu.system))} per CPU-second (${granted} granted)`);
