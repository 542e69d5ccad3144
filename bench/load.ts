/**
 * Load generation over loopback.
 *
 * - `pacedLoad`: an open-loop generator for "a fixed N requests/s": request k is sent at t0 + k/N (1 ms timer
 *   granularity), whether or not earlier ones have been answered, over a pool of keep-alive sockets that opens
 *   more when requests are in flight. Requests are written ready-made on plain sockets, responses framed by
 *   content-length: the generator must cost little next to what it measures. Latency is measured per request with a monotonic clock (µs resolution), from
 *   the moment it is written to the moment its body has been read; the delay from the intended send time is
 *   reported too, so that a generator falling behind would show.
 * - `cannon`: autocannon, for peak throughput (closed loop, N connections) and for its own fixed-rate mode
 *   (`overallRate`), which sends each connection's per-second quota back to back at the start of every second
 *   and keeps latencies in whole milliseconds.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { percentile } from './common.js';

export interface PacedResult {
  /** Requests the schedule called for. */
  scheduled: number;
  /** Requests not answered when the run was cut off (the run plus 15 s): the server could not keep up. */
  unfinished: number;
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  achievedRate: number;
  latency: { p50: number; p90: number; p99: number; p999: number; max: number };
  /** Response end minus the intended send time: includes any lag of the generator itself. */
  fromIntended: { p50: number; p99: number; max: number };
  socketsOpened: number;
}

export async function pacedLoad(opts: {
  port: number;
  path: string;
  headers: Record<string, string>;
  bodies: readonly Buffer[];
  rate: number;
  durationMs: number;
}): Promise<PacedResult> {
  const total = Math.round((opts.rate * opts.durationMs) / 1000);
  // Requests are written ready-made on plain sockets (one request in flight per socket, keep-alive): node:http's
  // client costs several times the CPU of a bare server route, and on a small machine that shows in the tail.
  const head = Object.entries({ ...opts.headers, 'content-type': 'application/json', host: `127.0.0.1:${opts.port}` })
    .map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const requests = opts.bodies.map((body) => Buffer.concat([
    Buffer.from(`POST ${opts.path} HTTP/1.1\r\n${head}content-length: ${body.length}\r\n\r\n`), body,
  ]));
  const idle: Conn[] = [];
  const all = new Set<Conn>();
  let socketsOpened = 0;
  const latencies = new Float64Array(total).fill(NaN);
  const intendedLatencies = new Float64Array(total).fill(NaN);
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  let sent = 0;
  const t0 = performance.now() + 5;
  const interval = 1000 / opts.rate;

  return new Promise<PacedResult>((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      for (const conn of all) conn.socket.destroy();
      const elapsed = performance.now() - t0;
      const lat = Array.from(latencies).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
      const fromIntended = Array.from(intendedLatencies).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
      resolve({
        scheduled: total,
        unfinished: total - done,
        sent,
        ok,
        non2xx,
        errors,
        achievedRate: (done / elapsed) * 1000,
        latency: {
          p50: percentile(lat, 50),
          p90: percentile(lat, 90),
          p99: percentile(lat, 99),
          p999: percentile(lat, 99.9),
          max: lat[lat.length - 1] ?? NaN,
        },
        fromIntended: {
          p50: percentile(fromIntended, 50),
          p99: percentile(fromIntended, 99),
          max: fromIntended[fromIntended.length - 1] ?? NaN,
        },
        socketsOpened,
      });
    };
    // Bounded in time whatever happens: the run plus 15 s for stragglers.
    const guard = setTimeout(finish, opts.durationMs + 15_000);
    const complete = () => {
      done++;
      if (done === total) finish();
    };
    const open = (): Conn => {
      const conn = new Conn(net.connect({ port: opts.port, host: '127.0.0.1', noDelay: true }), (k, status) => {
        const end = performance.now();
        latencies[k] = end - conn.start;
        intendedLatencies[k] = end - (t0 + k * interval);
        if (status >= 200 && status < 300) ok++;
        else non2xx++;
        complete();
        idle.push(conn);
      }, () => {
        all.delete(conn);
        const at = idle.indexOf(conn);
        if (at >= 0) idle.splice(at, 1);
        if (conn.request >= 0) {
          errors++;
          complete();
        }
      });
      all.add(conn);
      socketsOpened++;
      return conn;
    };
    const send = (k: number) => {
      const conn = idle.pop() ?? (all.size < 512 ? open() : null);
      sent++;
      if (conn === null) {
        errors++;
        complete();
        return;
      }
      conn.send(k, requests[k % requests.length]);
    };
    const tick = () => {
      if (finished) return;
      const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
      while (sent < due) send(sent);
      if (sent < total) setTimeout(tick, 1);
    };
    setTimeout(tick, 5);
  });
}

/** One keep-alive connection with at most one request in flight; reads responses framed by content-length. */
class Conn {
  request = -1;
  start = 0;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(readonly socket: net.Socket, private readonly onResponse: (request: number, status: number) => void, onGone: () => void) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      onGone();
      this.request = -1;
    });
  }

  send(k: number, bytes: Buffer): void {
    this.request = k;
    this.start = performance.now();
    this.socket.write(bytes);
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < headEnd + 4 + length) return;
    this.buffer = this.buffer.subarray(headEnd + 4 + length);
    const status = Number(head.slice(9, 12));
    const k = this.request;
    this.request = -1;
    this.onResponse(k, status);
  }
}

export interface CannonResult {
  requestsPerSecond: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
}

export async function cannon(opts: {
  url: string;
  headers: Record<string, string>;
  bodies: readonly string[];
  connections: number;
  durationSeconds: number;
  overallRate?: number;
  method?: 'GET' | 'POST';
}): Promise<CannonResult> {
  const method = opts.method ?? 'POST';
  let i = 0;
  const result = await autocannon({
    url: opts.url,
    method,
    connections: opts.connections,
    duration: opts.durationSeconds,
    overallRate: opts.overallRate,
    headers: method === 'POST' ? { ...opts.headers, 'content-type': 'application/json' } : opts.headers,
    timeout: 10,
    requests: [
      {
        method,
        setupRequest: (req) => {
          if (method === 'POST') req.body = opts.bodies[i++ % opts.bodies.length];
          return req;
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}
