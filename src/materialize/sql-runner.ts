import { isReelhouseError } from '../core/diagnostic.js';
import type { Adapter, QueryResult, RelationInfo, RelationRef, RelationType } from '../adapters/adapter.js';
import { joinStatements } from '../adapters/statement-text.js';
import { approximateMatchError, type PartQuoting } from './approximate-match.js';

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
  /**
   * The statements the materialization sends as its `main` statement, in order: what dbt's
   * statement('main') writes to target/run (the create-as, a strategy's insert or merge, a
   * test's query), without the drops, renames and probes around it.
   */
  readonly main: string[] = [];

  /**
   * Creates a schema the project's way instead of the native statement: set when the project
   * replaces dbt's create_schema macro, which dbt runs for the schemas of the selected nodes.
   */
  schemaCreator: ((schema: RelationRef) => void) | undefined;

  /** Told once, before the first main statement goes out (see MaterializeContext.onMainStatement). */
  onMain: (() => void) | undefined;

  /**
   * With `home`, the node's own session (its templates made session-local objects while it
   * compiled, such as temporary tables), every statement and transaction runs there.
   */
  /** The project's `quoting:`, which decides the letter case a lookup searches for (see approximate-match.ts). */
  quoting: PartQuoting = {};

  constructor(
    readonly adapter: Adapter,
    readonly home?: string,
  ) {}

  /** Runs one statement (optionally on a transaction's session). */
  async run(sql: string, session?: string): Promise<QueryResult> {
    this.executed.push(sql);
    const on = session ?? this.home;
    return this.guard(() => this.adapter.execute(sql, on === undefined ? undefined : { session: on }));
  }

  /** Runs the materialization's main statement (recorded before it runs: dbt writes it even when it fails). */
  async runMain(sql: string, session?: string): Promise<QueryResult> {
    this.announceMain();
    this.main.push(sql);
    return this.run(sql, session);
  }

  /** Records a main statement sent by other means (a `{% materialization %}` block's statement('main')). */
  recordMain(sql: string): void {
    this.announceMain();
    this.main.push(sql);
    this.executed.push(sql);
  }

  // Once per node: a batch that falls back to its step-by-step path sends the same main statement again.
  private announceMain(): void {
    const told = this.onMain;
    this.onMain = undefined;
    told?.();
  }

  /** Runs `work` inside one transaction; a failure rolls everything back. */
  async transaction<T>(work: (session: string) => Promise<T>): Promise<T> {
    try {
      return await this.adapter.transaction(work, this.home);
    } catch (error) {
      // Errors raised by our own code inside `work` (a malformed seed) pass through untouched;
      // BEGIN/COMMIT failures are the warehouse's.
      if (error instanceof WarehouseError) throw error;
      if (isReelhouseError(error) && error.diagnostic.code !== 'database-error') throw error;
      throw asWarehouseError(error);
    }
  }

  /**
   * Runs `statements` as one transaction in a single call to the warehouse, on a session of its
   * own. Returns undefined, with everything rolled back and nothing recorded, when a drop or
   * rename fails (or a statement fails in a way that cannot be told apart from theirs): callers
   * then take their step-by-step path, which reports the failure properly. The model's own
   * query failing (while it executes, or as it binds when sent as a text of its own) throws its
   * WarehouseError, everything rolled back and the statements recorded: sent again, it would
   * only fail the same way, a second time in the log.
   * `main` (some of `statements`) is recorded as the main statement when the batch succeeds.
   * With `answerOf` (an index into `statements`: the create), that statement is sent as a text
   * of its own, where the adapter can run texts one after another in one call, and its answer
   * (a create's row count) comes back: a multi-statement text answers with its last statement
   * only, and DuckDB places a binding error (its LINE) only in a statement sent alone.
   */
  async tryTransactionBatch(statements: string[], main: string[] = [], answerOf?: number): Promise<{ answer?: QueryResult } | undefined> {
    const adapter = this.adapter;
    const split = answerOf !== undefined && adapter.executeEach !== undefined;
    const texts = split
      ? [joinStatements(['begin transaction', ...statements.slice(0, answerOf)]), statements[answerOf]!, joinStatements([...statements.slice(answerOf + 1), 'commit'])]
      : [joinStatements(['begin transaction', ...statements, 'commit'])];
    const send = async (session: string | undefined): Promise<QueryResult | undefined> => {
      const options = session === undefined ? undefined : { session };
      if (split) return (await adapter.executeEach!(texts, options))[1];
      await adapter.execute(texts[0]!, options);
      return undefined;
    };
    if (main.length > 0) this.announceMain();
    let answer: QueryResult | undefined;
    let failure: { error: unknown } | undefined;
    if (this.home !== undefined) {
      try {
        answer = await send(this.home);
      } catch (error) {
        await adapter.execute('rollback', { session: this.home }).catch(() => undefined);
        failure = { error };
      }
    } else if (adapter.capabilities.atomicBatches) {
      try {
        answer = await send(undefined);
      } catch (error) {
        failure = { error };
      }
    } else {
      const release = adapter.releaseSession?.bind(adapter);
      if (!release) return undefined;
      const session = `batch-${++batchCounter}`;
      try {
        answer = await send(session);
      } catch (error) {
        failure = { error };
      } finally {
        // Releasing rolls back whatever a failed batch left open.
        await release(session).catch(() => undefined);
      }
    }
    if (failure) {
      // A failure while the query ran is the model's own, and the step-by-step path would run the
      // whole query again only to fail the same way (minutes, for a large table): it is reported
      // now, as dbt reports its one attempt.
      if (!failedWhileExecuting(failure.error) && !(split && failedToBind(failure.error))) return undefined;
      this.executed.push(...statements);
      this.main.push(...main);
      throw asWarehouseError(failure.error);
    }
    this.executed.push(...statements);
    this.main.push(...main);
    return answer === undefined ? {} : { answer };
  }

  /** True when this adapter created (or found) `ref`'s schema earlier in its life. */
  schemaKnown(ref: RelationRef): boolean {
    return knownSchemas.get(this.adapter)?.has(schemaKey(ref)) ?? false;
  }

  /** The existing relation `ref` names; one named so only case-insensitively fails as dbt's lookup does. */
  async getRelation(ref: RelationRef): Promise<RelationInfo | undefined> {
    const found = await this.guard(() => this.adapter.getRelation(ref));
    const approximate = found && approximateMatchError(ref, found, (name) => this.adapter.dialect.quoteIdentifier(name), this.quoting);
    if (approximate) throw approximate;
    return found;
  }

  /**
   * Looks up several relations, in the order asked (undefined for a missing one). One after
   * the other, because the adapter may answer later ones from what an earlier lookup read: a
   * lookup of a target also reads its staging relation, whose name starts with the target's.
   */
  async getRelations(refs: RelationRef[]): Promise<(RelationInfo | undefined)[]> {
    const found: (RelationInfo | undefined)[] = [];
    for (const ref of refs) found.push(await this.getRelation(ref));
    return found;
  }

  async createSchema(ref: RelationRef): Promise<void> {
    if (this.schemaCreator) return this.createSchemaWith(this.schemaCreator, ref);
    const q = this.adapter.dialect;
    const schema = ref.database === undefined ? q.quoteIdentifier(ref.schema) : `${q.quoteIdentifier(ref.database)}.${q.quoteIdentifier(ref.schema)}`;
    this.executed.push(`create schema if not exists ${schema}`);
    // Nodes built in parallel often share a new schema. DuckDB refuses a second concurrent
    // CREATE SCHEMA with a write-write conflict even with IF NOT EXISTS, so creations are shared
    // per adapter and schema, and a conflict (another process creating it) is retried.
    const key = schemaKey(ref);
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
    let known = knownSchemas.get(this.adapter);
    if (!known) knownSchemas.set(this.adapter, (known = new Set()));
    known.add(key);
  }

  // What the project's create_schema does (or does not do) is its own: a schema it leaves
  // uncreated makes the node's statements fail there, as in dbt.
  private async createSchemaWith(creator: (schema: RelationRef) => void, ref: RelationRef): Promise<void> {
    await this.guard(async () => creator({ database: ref.database, schema: ref.schema, identifier: '' }));
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
// Schemas each adapter has created: a hint only (a hook may drop one), used where a missing
// schema makes the statement fail and the caller falls back to creating it.
const knownSchemas = new WeakMap<Adapter, Set<string>>();
let batchCounter = 0;

function schemaKey(ref: RelationRef): string {
  return `${ref.database ?? ''}\u0000${ref.schema}`;
}

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

/**
 * DuckDB's error classes raised while a query executes, which the drops and renames around a
 * batch's create statement cannot raise (those fail with Catalog, Dependency or Transaction
 * errors, which send the caller to its step-by-step path).
 */
const EXECUTION_ERRORS = /^(Conversion|Invalid Input|Out of Range|Constraint|Out of Memory|IO|HTTP|Arithmetic|INTERRUPT|Interrupt) Error: /u;

function failedWhileExecuting(error: unknown): boolean {
  return EXECUTION_ERRORS.test(error instanceof Error ? error.message : String(error));
}

/**
 * DuckDB's errors of a query that does not parse or bind (a column or table it names is missing),
 * which the drops and renames around a batch's create cannot raise: theirs are `Existing object
 * ... is of type`, `Could not rename`, a schema that does not exist, and a create's target that
 * already exists.
 */
const BIND_ERRORS = /^(Parser Error: |Binder Error: |Catalog Error: (Table|Table Function|Scalar Function|Aggregate Function|Macro Function|Type|Copy Function|Pragma Function) with name .* does not exist)/u;

function failedToBind(error: unknown): boolean {
  return BIND_ERRORS.test(error instanceof Error ? error.message : String(error));
}

function asWarehouseError(error: unknown): WarehouseError {
  if (error instanceof WarehouseError) return error;
  return new WarehouseError(error instanceof Error ? error.message : String(error), { cause: error });
}
