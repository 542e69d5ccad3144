import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { checkSignature, parseSignatureHeader } from '../src/egress/signature.js';

/** What a receiver does with one request: answer with this status, or never answer. */
export type Behaviour = number | 'hang';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; occurred_at: string; actor: { id: number; username: string } | null; subject: Record<string, any> };
}

/**
 * A small HTTP server on loopback standing for a storage system that mirrors access: it records every request
 * and answers as told (the next behaviour in the queue, then `otherwise`).
 */
export interface Receiver {
  url: string;
  received: Received[];
  /** Behaviours for the next requests, in order. */
  next(...behaviours: Behaviour[]): void;
  otherwise: Behaviour;
  /** Resolves when the receiver has seen `n` requests in all. */
  seen(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks'): Promise<Receiver> {
  const queue: Behaviour[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  const receiver: Receiver = {
    url: '',
    received: [],
    next: (...b) => void queue.push(...b),
    otherwise: 200,
    async seen(n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (receiver.received.length < n) {
        if (Date.now() > until) throw new Error(`the receiver saw ${receiver.received.length} requests, not ${n}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      receiver.received.push({ headers: req.headers, body, json: JSON.parse(body) });
      const behaviour = queue.shift() ?? receiver.otherwise;
      if (behaviour === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(behaviour, { 'content-type': 'text/plain' }).end(behaviour < 300 ? 'ok' : 'receiver trouble');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  receiver.url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}

/** The receiver's check: the signature holds for one of the secrets, at the given time. */
export function verified(r: Received, secrets: string[], nowSeconds: number): boolean {
  const parsed = parseSignatureHeader(r.headers['gatehouse-signature'] as string | undefined);
  if (!parsed || String(parsed.timestamp) !== r.headers['gatehouse-timestamp']) return false;
  return checkSignature(parsed, Buffer.from(r.body), secrets, nowSeconds) === 'ok';
}
