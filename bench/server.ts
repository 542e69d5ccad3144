/**
 * The HTTP side of the benchmark, in a process of its own so that the load generator (bench/run.ts) does not
 * share its event loop:
 * - the real Gatehouse (createGatehouse with DATABASE_URL = the bench database, no background workers, logging
 *   off), listening on a loopback port;
 * - a bare Fastify route in the same process (a second port): POST /check, JSON body in, a decision-shaped JSON
 *   answer out, no schema, no hooks, no database — the ceiling of what Fastify does on this machine.
 *
 * - a what-if route on the Gatehouse app, POST /bench/what-if/decisions: the same body and response schemas, the same
 *   service call (change-log sync + engine) and JSON as POST /api/v1/decisions, but the caller comes from an
 *   in-memory token table instead of three database round trips (token, user and teams, last-used update). It
 *   shows what a check costs with one round trip (the sync); it is not part of the product.
 * - a bare POST /egress/events on the bare server (the egress section's baseline): the egress route's body limit,
 *   Fastify's JSON parsing, an answer with the number of events; with BENCH_EGRESS_SECRET_KEY the Gatehouse app
 *   uses that key for egress source secrets (two processes then read the same sources).
 *
 * Started by run.ts with `fork`; reports { ready } through IPC and stops on { stop } (or when the parent goes).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { pino } from 'pino';
import { loadConfig } from '../src/infra/config.js';
import { formatEntityId, parseEntityId } from '../src/infra/ids.js';
import { ACTIONS, type Action } from '../src/decisions/model.js';
import { ActionRequiredSchema, decisionJson } from '../src/decisions/http.js';
import { createGatehouse } from '../src/server.js';
import { startJobs } from '../src/jobs.js';
import { continuousAuditJob } from '../src/audit/continuous.js';

export interface ReadyMessage {
  type: 'ready';
  gatehousePort: number;
  barePort: number;
  /** Milliseconds from process start to both servers listening. */
  sinceProcessStartMs: number;
  /** createGatehouse: database, migrations check, index load, routes. */
  createGatehouseMs: number;
  rss: number;
  heapUsed: number;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DB_URL;
  if (!databaseUrl) throw new Error('BENCH_DB_URL is not set');
  // The egress section's processes share one data directory, so each serves the blobs the benchmark wrote there.
  const dataDir = process.env.BENCH_DATA_DIR || mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  const config = loadConfig({}, {
    databaseUrl, dataDir, demo: false, logLevel: 'silent', host: '127.0.0.1', port: 0,
    // The egress section (bench/egress.ts) runs two processes that must open the same sealed source secrets.
    ...(process.env.BENCH_EGRESS_SECRET_KEY ? { egressSecretKey: process.env.BENCH_EGRESS_SECRET_KEY } : {}),
  });
  const started = performance.now();
  const gh = await createGatehouse({ config, log: pino({ level: 'silent' }), workers: false });
  const createGatehouseMs = performance.now() - started;
  // What-if for the egress section's cost figure: the same process with downloads not counted as egress (the
  // DownloadMeter port, src/context.ts, replaced by one that counts nothing). Never set outside the benchmark.
  if (process.env.BENCH_NO_DOWNLOAD_METER === '1') gh.ctx.downloadMeter = { count: async () => null, settle: async () => undefined };

  // What-if: the caller resolved in memory (token → user id), everything else as in src/decisions/routes.ts.
  const whatIfTokens = new Map<string, number>();
  if (process.env.BENCH_WHATIF_TOKEN && process.env.BENCH_WHATIF_USER) {
    whatIfTokens.set(process.env.BENCH_WHATIF_TOKEN, Number(process.env.BENCH_WHATIF_USER));
  }
  gh.app.post('/bench/what-if/decisions', {
    schema: {
      hide: true,
      body: Type.Object({
        entityId: Type.Union([Type.String({ pattern: '^(syn)?\\d{1,15}$' }), Type.Integer({ minimum: 1 })]),
        action: Type.Union(ACTIONS.map((a) => Type.Literal(a))),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          userId: Type.Union([Type.Integer(), Type.Null()]),
          entityId: Type.String(),
          action: Type.String(),
          granted: Type.Boolean(),
          rule: Type.String(),
          message: Type.Union([Type.String(), Type.Null()]),
          status: Type.Integer(),
          actionsRequired: Type.Array(ActionRequiredSchema),
        }),
      },
    },
  }, async (request) => {
    const userId = whatIfTokens.get(String(request.headers['x-bench-token'] ?? ''));
    if (userId === undefined) throw Object.assign(new Error('unknown bench token'), { statusCode: 401 });
    const body = request.body as { entityId: string | number; action: Action };
    const entityId = parseEntityId(String(body.entityId));
    const decision = await gh.ctx.decisions.decide({ userId, entityId, action: body.action });
    return { userId, entityId: formatEntityId(entityId), action: body.action, ...decisionJson(decision) };
  });
  // The audit section's continuous-audit figures: this process runs the continuous audit job, as a server with
  // its workers does (src/background.ts), and nothing else in the background.
  const stopJobs = process.env.BENCH_CONTINUOUS_AUDIT === '1' ? startJobs(gh.ctx, [continuousAuditJob]) : async () => undefined;
  await gh.app.listen({ host: '127.0.0.1', port: 0 });

  const bare = Fastify({ logger: false });
  bare.post('/check', async (request) => {
    const body = request.body as { entityId?: string | number };
    return {
      userId: 1000,
      entityId: String(body.entityId),
      action: 'DOWNLOAD',
      granted: true,
      rule: 'GRANT_IF_HAS_DOWNLOAD',
      message: null,
      status: 200,
      actionsRequired: [],
    };
  });
  // The egress section's baseline: the same signed bodies as POST /api/v1/egress/events, the same body limit,
  // Fastify's own JSON parsing, and nothing else (no signature, no database).
  bare.post('/egress/events', { bodyLimit: config.egressBodyLimitBytes }, async (request) => {
    const body = request.body as unknown;
    return { received: Array.isArray(body) ? body.length : 1 };
  });
  await bare.listen({ host: '127.0.0.1', port: 0 });

  const portOf = (addresses: readonly (string | { port: number })[]) => {
    const first = addresses.find((a): a is { port: number } => typeof a === 'object');
    if (!first) throw new Error('not listening on a TCP port');
    return first.port;
  };
  const ready: ReadyMessage = {
    type: 'ready',
    gatehousePort: portOf(gh.app.addresses()),
    barePort: portOf(bare.addresses()),
    sinceProcessStartMs: performance.now(),
    createGatehouseMs,
    rss: process.memoryUsage().rss,
    heapUsed: process.memoryUsage().heapUsed,
  };
  process.send?.(ready);

  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'stop') {
      void (async () => {
        await bare.close();
        await stopJobs();
        await gh.stop();
        process.exit(0);
      })();
    }
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
