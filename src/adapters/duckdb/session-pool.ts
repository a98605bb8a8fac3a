/**
 * DuckDB connections inside the worker, handed out per statement or per named session.
 *
 * - No session: any idle connection (a new one if all are busy), so `threads` callers run
 *   in parallel. Connections are cheap in DuckDB; the pool never blocks, which also means a
 *   synchronous call can never wait behind a transaction that waits on the main thread.
 * - A named session: one connection pinned to the name until released; its statements run
 *   one after another, in the order they arrived (transactions rely on this).
 * - `reader`: read-only snapshot reads for the dashboard server, on connections of their own,
 *   each statement in its own `BEGIN TRANSACTION READ ONLY`, so they run beside a build.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** The reserved session name for concurrent read-only queries. */
export const READER_SESSION = 'reader';

interface NamedSession {
  connection: Promise<DuckDBConnection>;
  tail: Promise<unknown>;
}

/** How a statement is being run: readers must be single, read-only statements. */
export interface SessionKind {
  reader: boolean;
}

/** Hands out DuckDB connections to statements and sessions. */
export class SessionPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly idleReaders: DuckDBConnection[] = [];
  private readonly all = new Set<DuckDBConnection>();
  private readonly named = new Map<string, NamedSession>();
  /** Statements running now, with their connection, so they can be interrupted and awaited. */
  private readonly running = new Map<Promise<unknown>, DuckDBConnection>();
  /** Connections that serve `reader` statements only. */
  private readonly readers = new Set<DuckDBConnection>();

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly prepare: (connection: DuckDBConnection) => Promise<void>,
  ) {}

  /** Runs `work` on the connection `session` calls for. */
  run<T>(session: string | undefined, work: (connection: DuckDBConnection, kind: SessionKind) => Promise<T>): Promise<T> {
    return this.dispatch(session, (connection, kind) => {
      let running = work(connection, kind);
      if (session === undefined) {
        // A failed `begin; ...; commit` text leaves its transaction open and aborted: roll back
        // before the pooled connection serves anyone else (atomicBatches in the capabilities).
        // The rollback is part of the tracked statement, so closing waits for it too.
        running = running.catch(async (error: unknown) => {
          await connection.run('ROLLBACK').catch(() => undefined);
          throw error;
        });
      }
      this.running.set(running, connection);
      return running.finally(() => this.running.delete(running));
    });
  }

  /**
   * Interrupts the statements running now on writing connections (readers keep going): a
   * cancelled build stops where it is, and its open transaction rolls back.
   */
  interruptWriters(): number {
    let interrupted = 0;
    for (const connection of new Set(this.running.values())) {
      if (this.readers.has(connection)) continue;
      try {
        connection.interrupt();
        interrupted++;
      } catch {
        // Not running any more.
      }
    }
    return interrupted;
  }

  /**
   * How far the statement running on a named session has got, 0 to 100, read beside it (not
   * queued behind it); undefined when DuckDB does not track it (enable_progress_bar is off).
   */
  async progress(session: string): Promise<number | undefined> {
    const entry = this.named.get(session);
    if (!entry) return undefined;
    const percentage = (await entry.connection).progress.percentage;
    return percentage >= 0 ? percentage : undefined;
  }

  /** Interrupts every running statement and waits until all of them have settled. */
  async drain(): Promise<void> {
    while (this.running.size > 0) {
      for (const connection of new Set(this.running.values())) {
        try {
          connection.interrupt();
        } catch {
          // Not running any more.
        }
      }
      await Promise.allSettled([...this.running.keys()]);
    }
  }

  private async dispatch<T>(session: string | undefined, work: (connection: DuckDBConnection, kind: SessionKind) => Promise<T>): Promise<T> {
    if (session === undefined) {
      const connection = this.idle.pop() ?? (await this.connect());
      try {
        return await work(connection, { reader: false });
      } finally {
        this.idle.push(connection);
      }
    }
    if (session === READER_SESSION) return this.runReader(work);
    let entry = this.named.get(session);
    if (!entry) {
      entry = { connection: this.acquire(), tail: Promise.resolve() };
      this.named.set(session, entry);
    }
    const pinned = entry;
    const result = pinned.tail.then(async () => work(await pinned.connection, { reader: false }));
    pinned.tail = result.catch(() => undefined);
    return result;
  }

  /** Returns a named session's connection to the pool once its queued statements finish. */
  async release(session: string): Promise<void> {
    const entry = this.named.get(session);
    if (!entry) return;
    this.named.delete(session);
    await entry.tail;
    const connection = await entry.connection;
    // Never hand an open transaction to the next borrower.
    await connection.run('ROLLBACK').catch(() => undefined);
    this.idle.push(connection);
  }

  /** Disconnects every connection. */
  closeAll(): void {
    for (const connection of this.all) {
      try {
        connection.disconnectSync();
      } catch {
        // Already gone.
      }
    }
    this.all.clear();
    this.readers.clear();
    this.idle.length = 0;
    this.idleReaders.length = 0;
    this.named.clear();
  }

  /** A connection for setup work at open time (returned to the pool afterwards with `give`). */
  async acquire(): Promise<DuckDBConnection> {
    return this.idle.pop() ?? this.connect();
  }

  /** Puts a connection taken with `acquire` back. */
  give(connection: DuckDBConnection): void {
    this.idle.push(connection);
  }

  private async runReader<T>(work: (connection: DuckDBConnection, kind: SessionKind) => Promise<T>): Promise<T> {
    const connection = this.idleReaders.pop() ?? (await this.connect());
    this.readers.add(connection);
    try {
      await connection.run('BEGIN TRANSACTION READ ONLY');
      try {
        return await work(connection, { reader: true });
      } finally {
        await connection.run('ROLLBACK').catch(() => undefined);
      }
    } finally {
      this.idleReaders.push(connection);
    }
  }

  private async connect(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    this.all.add(connection);
    try {
      await this.prepare(connection);
    } catch (error) {
      this.all.delete(connection);
      connection.disconnectSync();
      throw error;
    }
    return connection;
  }
}
