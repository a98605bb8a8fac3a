import { isReelhouseError } from '../core/diagnostic.js';
import type { Adapter, QueryResult, RelationInfo, RelationRef, RelationType } from '../adapters/adapter.js';

/** A failure reported by the warehouse; materializeNode turns it into an `error` status. */
export class WarehouseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WarehouseError';
  }
}

/** Runs statements for one node, recording each one and wrapping warehouse failures as WarehouseError. */
export class SqlRunner {
  /** Every statement sent, in order. */
  readonly executed: string[] = [];

  constructor(readonly adapter: Adapter) {}

  /** Runs one statement (optionally on a transaction's session). */
  async run(sql: string, session?: string): Promise<QueryResult> {
    this.executed.push(sql);
    return this.guard(() => this.adapter.execute(sql, session === undefined ? undefined : { session }));
  }

  /** Runs `work` inside one transaction; a failure rolls everything back. */
  async transaction<T>(work: (session: string) => Promise<T>): Promise<T> {
    try {
      return await this.adapter.transaction(work);
    } catch (error) {
      // Errors raised by our own code inside `work` (a malformed seed) pass through untouched;
      // BEGIN/COMMIT failures are the warehouse's.
      if (error instanceof WarehouseError) throw error;
      if (isReelhouseError(error) && error.diagnostic.code !== 'database-error') throw error;
      throw asWarehouseError(error);
    }
  }

  async getRelation(ref: RelationRef): Promise<RelationInfo | undefined> {
    return this.guard(() => this.adapter.getRelation(ref));
  }

  async createSchema(ref: RelationRef): Promise<void> {
    const q = this.adapter.dialect;
    const schema = ref.database === undefined ? q.quoteIdentifier(ref.schema) : `${q.quoteIdentifier(ref.database)}.${q.quoteIdentifier(ref.schema)}`;
    this.executed.push(`create schema if not exists ${schema}`);
    // Nodes built in parallel often share a new schema. DuckDB refuses a second concurrent
    // CREATE SCHEMA with a write-write conflict even with IF NOT EXISTS, so creations are shared
    // per adapter and schema, and a conflict (another process creating it) is retried.
    const key = `${ref.database ?? ''}\u0000${ref.schema}`;
    let pending = schemaCreations.get(this.adapter);
    if (!pending) schemaCreations.set(this.adapter, (pending = new Map()));
    let creation = pending.get(key);
    if (!creation) {
      creation = this.guard(() => createSchemaWithRetry(this.adapter, ref));
      pending.set(key, creation);
      creation.then(
        () => pending.delete(key),
        () => pending.delete(key),
      );
    }
    await creation;
  }

  async dropRelation(ref: RelationRef, type: RelationType): Promise<void> {
    this.executed.push(`drop ${type === 'view' ? 'view' : 'table'} if exists ${this.adapter.dialect.renderRelation(ref)}`);
    await this.guard(() => this.adapter.dropRelation(ref, type));
  }

  async swapRelation(staged: RelationRef, target: RelationRef, type: RelationType): Promise<void> {
    await this.guard(() => this.adapter.swapRelation(staged, target, type));
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asWarehouseError(error);
    }
  }
}

const schemaCreations = new WeakMap<Adapter, Map<string, Promise<void>>>();

async function createSchemaWithRetry(adapter: Adapter, ref: RelationRef): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adapter.createSchema({ database: ref.database, schema: ref.schema });
      return;
    } catch (error) {
      const conflict = error instanceof Error && /write-write conflict/iu.test(error.message);
      if (!conflict || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

function asWarehouseError(error: unknown): WarehouseError {
  if (error instanceof WarehouseError) return error;
  return new WarehouseError(error instanceof Error ? error.message : String(error), { cause: error });
}
