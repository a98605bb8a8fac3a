import { userError, type ReelhouseError } from '../core/diagnostic.js';
import type { Adapter, ColumnInfo, ExecuteOptions, LookupOptions, QueryResult, RelationInfo, RelationRef, RelationType } from './adapter.js';

/** How often a cancelled adapter interrupts again while its calls are still in flight. */
const REINTERRUPT_MS = 100;

/**
 * Wraps an adapter so that one command can be cancelled: once `signal` aborts, the statements
 * the command has running are interrupted (the warehouse rolls their transactions back, so a
 * relation being rebuilt keeps its previous version) and every later call fails at once with
 * the abort's reason. Interrupts repeat while calls are in flight, because a statement sent just
 * before the abort may reach the warehouse after the first interrupt did.
 *
 * Cancelling interrupts every writing statement of the underlying adapter: callers share an
 * adapter between commands only one writer at a time (the server's job queue), so those are
 * this command's. Reader queries are left alone.
 */
export function cancellableAdapter(inner: Adapter, signal: AbortSignal): Adapter {
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  const interrupt = (): void => {
    void inner.interrupt?.().catch(() => undefined);
  };
  const keepInterrupting = (): void => {
    if (timer || inFlight === 0 || !inner.interrupt) return;
    timer = setInterval(() => {
      if (inFlight === 0) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      interrupt();
    }, REINTERRUPT_MS);
    timer.unref();
  };
  signal.addEventListener(
    'abort',
    () => {
      if (inFlight === 0) return;
      interrupt();
      keepInterrupting();
    },
    { once: true },
  );
  const refuse = (): void => {
    if (signal.aborted) throw cancelledError(signal);
  };
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    refuse();
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
    }
  };
  const sync = <T>(work: () => T): T => {
    refuse();
    return work();
  };

  return {
    get type() {
      return inner.type;
    },
    get capabilities() {
      return inner.capabilities;
    },
    get dialect() {
      return inner.dialect;
    },
    get defaultDatabase() {
      return inner.defaultDatabase;
    },
    execute: (sql: string, options?: ExecuteOptions): Promise<QueryResult> => tracked(() => inner.execute(sql, options)),
    executeSync: (sql: string, options?: ExecuteOptions): QueryResult => sync(() => inner.executeSync(sql, options)),
    ...(inner.executeEach ? { executeEach: (texts: string[], options?: ExecuteOptions) => tracked(() => inner.executeEach!(texts, options)) } : {}),
    // The inner adapter's BEGIN/ROLLBACK/COMMIT go straight through, so a cancelled
    // transaction still rolls back; the statements `work` sends come back through this wrapper.
    transaction: <T>(work: (session: string) => Promise<T>, session?: string): Promise<T> => tracked(() => inner.transaction(work, session)),
    // Releasing rolls back what a session left open: always allowed, also after cancelling.
    ...(inner.releaseSession ? { releaseSession: (session: string) => inner.releaseSession!(session) } : {}),
    ...(inner.interrupt ? { interrupt: () => inner.interrupt!() } : {}),
    listRelations: (database: string, schema: string): Promise<RelationInfo[]> => tracked(() => inner.listRelations(database, schema)),
    listRelationsSync: (database: string, schema: string, options?: LookupOptions): RelationInfo[] =>
      sync(() => inner.listRelationsSync(database, schema, options)),
    getRelation: (relation: RelationRef): Promise<RelationInfo | undefined> => tracked(() => inner.getRelation(relation)),
    getRelationSync: (relation: RelationRef, options?: LookupOptions): RelationInfo | undefined => sync(() => inner.getRelationSync(relation, options)),
    getColumns: (relation: RelationRef): Promise<ColumnInfo[]> => tracked(() => inner.getColumns(relation)),
    getColumnsSync: (relation: RelationRef, options?: LookupOptions): ColumnInfo[] => sync(() => inner.getColumnsSync(relation, options)),
    listSchemas: (database: string): Promise<string[]> => tracked(() => inner.listSchemas(database)),
    createSchema: (relation: { database?: string | undefined; schema: string }): Promise<void> => tracked(() => inner.createSchema(relation)),
    dropRelation: (relation: RelationRef, type: RelationType): Promise<void> => tracked(() => inner.dropRelation(relation, type)),
    swapRelation: (staged: RelationRef, target: RelationRef, type: RelationType): Promise<void> => tracked(() => inner.swapRelation(staged, target, type)),
    close: (): Promise<void> => {
      clearInterval(timer);
      return inner.close();
    },
  };
}

/** The error calls fail with once the command was cancelled. */
export function cancelledError(signal: AbortSignal): ReelhouseError {
  return userError('cancelled', `Cancelled: ${cancelReason(signal)}`);
}

/** Why a signal aborted, as words: its reason when that is a message. */
export function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'the command was cancelled';
}
