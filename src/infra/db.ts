import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

/** What a query runs against: the database, or the transaction in progress. */
export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Exactly one row, or throws. */
  one<T = Row>(text: string, params?: readonly unknown[]): Promise<T>;
  /** The first row, or null. */
  maybeOne<T = Row>(text: string, params?: readonly unknown[]): Promise<T | null>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs fn in one transaction. Inside fn, every query on this Db (also through helpers that were handed
   * the Db rather than the transaction) joins the transaction: the transaction travels with the async
   * context. A nested tx() joins the outer one. Only a serialization failure is retried.
   */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  /** Calls onMessage for each NOTIFY on channel; returns a function that stops listening. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /** True inside tx(): queries would join the transaction in progress. */
  inTransaction(): boolean;
  close(): Promise<void>;
}

interface Runner {
  run(text: string, params: readonly unknown[]): Promise<Row[]>;
}

abstract class BaseDb implements Db {
  abstract readonly kind: 'pglite' | 'postgres';
  protected readonly current = new AsyncLocalStorage<Runner>();

  protected abstract runOutside(text: string, params: readonly unknown[]): Promise<Row[]>;
  protected abstract withTransaction<T>(fn: (runner: Runner) => Promise<T>): Promise<T>;
  abstract listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  abstract close(): Promise<void>;

  inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async query<T = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    const inTx = this.current.getStore();
    const rows = inTx ? await inTx.run(text, params) : await this.runOutside(text, params);
    return rows as T[];
  }

  async one<T = Row>(text: string, params: readonly unknown[] = []): Promise<T> {
    const rows = await this.query<T>(text, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${text.slice(0, 80)}`);
    return rows[0];
  }

  async maybeOne<T = Row>(text: string, params: readonly unknown[] = []): Promise<T | null> {
    const rows = await this.query<T>(text, params);
    return rows[0] ?? null;
  }

  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.current.getStore()) return fn(this);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.withTransaction((runner) => this.current.run(runner, () => fn(this)));
      } catch (err) {
        // 40001 serialization_failure, 40P01 deadlock_detected: safe to run again from the start.
        const code = (err as { code?: string }).code;
        if ((code === '40001' || code === '40P01') && attempt < 5) continue;
        throw err;
      }
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }
}

/** A FIFO lock: PGlite has one connection, so every query and transaction takes turns. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }
}

class PgliteDb extends BaseDb {
  readonly kind = 'pglite' as const;
  private readonly mutex = new Mutex();
  constructor(private readonly pglite: PGlite) {
    super();
  }

  private async exec(text: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await this.pglite.query<Row>(text, params as unknown[]);
    return result.rows;
  }

  protected async runOutside(text: string, params: readonly unknown[]): Promise<Row[]> {
    const release = await this.mutex.lock();
    try {
      return await this.exec(text, params);
    } finally {
      release();
    }
  }

  protected async withTransaction<T>(fn: (runner: Runner) => Promise<T>): Promise<T> {
    const release = await this.mutex.lock();
    try {
      await this.exec('BEGIN', []);
      try {
        const result = await fn({ run: (text, params) => this.exec(text, params) });
        await this.exec('COMMIT', []);
        return result;
      } catch (err) {
        await this.exec('ROLLBACK', []);
        throw err;
      }
    } finally {
      release();
    }
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const unsubscribe = await this.pglite.listen(channel, onMessage);
    return async () => unsubscribe();
  }

  async close(): Promise<void> {
    await this.pglite.close();
  }
}

const INT8 = 20;
const NUMERIC = 1700;

class PostgresDb extends BaseDb {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly types = {
    getTypeParser: ((oid: number, format?: string) => {
      // Ids and counts are int8; they stay far below 2^53, so plain numbers (as on PGlite).
      if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format as 'text');
    }) as typeof pg.types.getTypeParser,
  };

  /** Every connection the pool opened that has not closed yet, with a promise of its end. */
  private readonly open = new Map<pg.Client, Promise<void>>();

  constructor(private readonly url: string, private readonly onError: (err: Error) => void) {
    super();
    this.pool = new pg.Pool({ connectionString: url, max: 10, types: this.types });
    // An idle connection that the server ends (a restart, an administrator) is dropped by the pool, which then
    // emits 'error'; without a listener that would crash the process. It is reported once, by track().
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => this.track(client));
  }

  private track(client: pg.Client): void {
    // Also a connection being ended can receive an error (the server terminating it first): reported, not a crash.
    client.on('error', (err) => this.onError(err));
    this.open.set(client, new Promise((resolve) => client.once('end', () => {
      this.open.delete(client);
      resolve();
    })));
  }

  protected async runOutside(text: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await this.pool.query(text, params as unknown[]);
    return result.rows as Row[];
  }

  protected async withTransaction<T>(fn: (runner: Runner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const result = await fn({
          run: async (text, params) => (await client.query(text, params as unknown[])).rows as Row[],
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      client.release();
    }
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.url, types: this.types });
    client.on('error', (err) => this.onError(err));
    await client.connect();
    client.on('notification', (msg) => {
      if (msg.channel === channel) onMessage(msg.payload ?? '');
    });
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return async () => {
      await client.end();
    };
  }

  /** Resolves when every connection has closed (pool.end() alone resolves while they are still closing). */
  async close(): Promise<void> {
    await this.pool.end();
    await Promise.all(this.open.values());
  }
}

export interface OpenDbOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Embedded only: keep the database in memory (tests). */
  inMemory?: boolean;
  /** Errors of connections that no query is waiting on (PostgreSQL ended them); logged, never thrown. */
  onConnectionError?: (err: Error) => void;
}

export async function openDb(options: OpenDbOptions): Promise<Db> {
  if (options.databaseUrl) {
    const onError = options.onConnectionError ?? ((err: Error) => console.error(`database connection error: ${err.message}`));
    const db = new PostgresDb(options.databaseUrl, onError);
    await db.query('SELECT 1');
    return db;
  }
  if (options.inMemory) return new PgliteDb(await PGlite.create());
  const dir = path.join(options.dataDir, 'db');
  mkdirSync(dir, { recursive: true });
  return new PgliteDb(await PGlite.create(dir));
}
