import { userError } from '../../core/diagnostic.js';
import type { WorkerRpc } from '../../core/sync-bridge.js';
import type {
  Adapter,
  AdapterCapabilities,
  ColumnInfo,
  ExecuteOptions,
  LookupOptions,
  QueryResult,
  RelationInfo,
  RelationRef,
  RelationType,
  SqlDialect,
} from '../adapter.js';
import { CatalogCache, leavesCatalogAlone } from './catalog-cache.js';
import { duckDbDialect } from './dialect.js';
import {
  getColumnsStatement,
  getRelationStatement,
  listRelationsStatement,
  listSchemasStatement,
  readColumns,
  readRelations,
  relationsWithPrefixStatement,
  type Statement,
} from './introspection.js';
import { WorkerMethod, type WireResult } from './protocol.js';
import { READER_SESSION } from './session-pool.js';
import { qualifySystemSchemas } from './system-schemas.js';

let transactionCounter = 0;

/**
 * The DuckDB warehouse. Every call goes to the one worker thread that owns the database
 * (see core/sync-bridge.ts for why); create it with `openDuckDb`.
 *
 * Sessions: no `session` option runs on any free connection (parallel); a named session pins
 * statements to one connection in order; `session: 'reader'` (READER_SESSION) runs one
 * read-only statement on a snapshot, on connections of its own, so dashboards can query
 * while a build is writing.
 */
export class DuckDbAdapter implements Adapter {
  readonly type = 'duckdb';
  readonly capabilities: AdapterCapabilities;
  readonly dialect: SqlDialect = duckDbDialect;
  /** The session name for concurrent read-only queries. */
  static readonly readerSession = READER_SESSION;
  private readonly catalog: CatalogCache;

  constructor(
    private readonly rpc: WorkerRpc,
    /** The catalog name DuckDB gives the file (its stem; `memory` for `:memory:`). */
    readonly defaultDatabase: string,
    /** The database file as opened (`:memory:` for an in-memory one). */
    readonly path: string,
    /** DuckDB's version string, e.g. `v1.5.6`. */
    readonly version: string,
    private readonly onClose: () => void,
    /** Extensions the open was asked to load but could not (see `extensionsOptional`), with DuckDB's reason. */
    readonly unavailableExtensions: readonly { name: string; reason: string; setting?: string }[] = [],
    /**
     * dbt-duckdb's `disable_transactions: true`: no BEGIN/COMMIT around a build, so each
     * statement (an in-transaction hook's too) commits as it runs, as dbt-duckdb's connection
     * then never opens a transaction.
     */
    private readonly transactionsDisabled = false,
  ) {
    this.capabilities = {
      transactionalDdl: !transactionsDisabled,
      merge: true,
      copyToFiles: true,
      readFiles: true,
      concurrentReaders: true,
      atomicBatches: !transactionsDisabled,
    };
    this.catalog = new CatalogCache(new Set([defaultDatabase.toLowerCase()]));
  }

  async execute(sql: string, options?: ExecuteOptions): Promise<QueryResult> {
    if (leavesCatalogAlone(sql)) return toQueryResult(await this.rpc.call<WireResult>(WorkerMethod.execute, qualifySystemSchemas(sql), options));
    this.catalog.changed();
    try {
      return toQueryResult(await this.rpc.call<WireResult>(WorkerMethod.execute, qualifySystemSchemas(sql), options));
    } finally {
      this.catalog.changed();
    }
  }

  async executeEach(texts: string[], options?: ExecuteOptions): Promise<QueryResult[]> {
    const statements = texts.map((text) => qualifySystemSchemas(text));
    this.catalog.changed();
    try {
      return (await this.rpc.call<WireResult[]>(WorkerMethod.executeEach, statements, options)).map(toQueryResult);
    } finally {
      this.catalog.changed();
    }
  }

  executeSync(sql: string, options?: ExecuteOptions): QueryResult {
    if (leavesCatalogAlone(sql)) return toQueryResult(this.rpc.callSync<WireResult>(WorkerMethod.execute, qualifySystemSchemas(sql), options));
    this.catalog.changed();
    try {
      return toQueryResult(this.rpc.callSync<WireResult>(WorkerMethod.execute, qualifySystemSchemas(sql), options));
    } finally {
      this.catalog.changed();
    }
  }

  /** Returns a named session's connection to the pool (transaction() does this itself). */
  async releaseSession(session: string): Promise<void> {
    await this.rpc.call(WorkerMethod.releaseSession, session);
  }

  /** Interrupts the statements running now on writing sessions (reader queries keep going). */
  async interrupt(): Promise<void> {
    if (this.rpc.alive) await this.rpc.call(WorkerMethod.interrupt);
  }

  /** Progress (0-100) of the statement a named session runs now, when the session has enable_progress_bar on. */
  async queryProgress(session: string): Promise<number | undefined> {
    if (!this.rpc.alive) return undefined;
    return this.rpc.call<number | undefined>(WorkerMethod.progress, session);
  }

  async transaction<T>(work: (session: string) => Promise<T>, on?: string): Promise<T> {
    const session = on ?? `transaction-${++transactionCounter}`;
    // A session the caller named is the caller's to release.
    const release = async (): Promise<void> => {
      if (on === undefined) await this.rpc.call(WorkerMethod.releaseSession, session).catch(() => undefined);
    };
    if (this.transactionsDisabled) {
      try {
        return await work(session);
      } finally {
        await release();
      }
    }
    try {
      await this.execute('BEGIN TRANSACTION', { session });
      let result: T;
      try {
        result = await work(session);
      } catch (error) {
        await this.execute('ROLLBACK', { session }).catch(() => undefined);
        throw error;
      }
      await this.execute('COMMIT', { session });
      return result;
    } finally {
      await release();
    }
  }

  async listRelations(database: string, schema: string): Promise<RelationInfo[]> {
    const cached = this.catalog.listing(database, schema);
    if (cached) return cached;
    const at = this.catalog.now;
    const listed = readRelations(await this.run(listRelationsStatement(database, schema)));
    this.catalog.store(at, database, schema, '', listed);
    return listed;
  }

  // A lookup on a named session (a template inside a node's open transaction) asks that session
  // and keeps its answer out of the cache: the cache holds committed state, the session also
  // sees what its transaction built and may still roll back.
  listRelationsSync(database: string, schema: string, options?: LookupOptions): RelationInfo[] {
    if (options?.session !== undefined) return readRelations(this.lookupSync(listRelationsStatement(database, schema), options));
    const cached = this.catalog.listing(database, schema);
    if (cached) return cached;
    const at = this.catalog.now;
    const listed = readRelations(this.lookupSync(listRelationsStatement(database, schema), options));
    this.catalog.store(at, database, schema, '', listed);
    return listed;
  }

  // A lookup reads every relation that starts with the name (see catalog-cache.ts), so that
  // the staging relation a build asks about next is answered too.
  async getRelation(relation: RelationRef): Promise<RelationInfo | undefined> {
    const database = relation.database ?? this.defaultDatabase;
    if (!this.catalog.covers(database)) return readRelations(await this.run(this.relationStatement(relation)))[0];
    const cached = this.catalog.find(database, relation.schema, relation.identifier);
    if (cached !== undefined) return cached ?? undefined;
    const at = this.catalog.now;
    const read = readRelations(await this.run(relationsWithPrefixStatement(database, relation.schema, relation.identifier)));
    return this.keep(at, relation, read);
  }

  getRelationSync(relation: RelationRef, options?: LookupOptions): RelationInfo | undefined {
    const database = relation.database ?? this.defaultDatabase;
    const session = options?.session;
    if (session !== undefined || !this.catalog.covers(database)) return readRelations(this.lookupSync(this.relationStatement(relation), options))[0];
    const cached = this.catalog.find(database, relation.schema, relation.identifier);
    if (cached !== undefined) return cached ?? undefined;
    const at = this.catalog.now;
    const read = readRelations(this.lookupSync(relationsWithPrefixStatement(database, relation.schema, relation.identifier), options));
    return this.keep(at, relation, read);
  }

  async getColumns(relation: RelationRef): Promise<ColumnInfo[]> {
    return readColumns(await this.run(this.columnsStatement(relation)));
  }

  getColumnsSync(relation: RelationRef, options?: LookupOptions): ColumnInfo[] {
    return readColumns(this.lookupSync(this.columnsStatement(relation), options));
  }

  async listSchemas(database: string): Promise<string[]> {
    const result = await this.run(listSchemasStatement(database));
    return result.rows.map(([name]) => String(name));
  }

  async createSchema(relation: { database?: string | undefined; schema: string }): Promise<void> {
    const name = this.dialect.renderRelation({ database: relation.database, schema: relation.schema, identifier: '' });
    await this.execute(`CREATE SCHEMA IF NOT EXISTS ${name}`);
  }

  async dropRelation(relation: RelationRef, type: RelationType): Promise<void> {
    await this.execute(`DROP ${keyword(type)} IF EXISTS ${this.dialect.renderRelation(relation)} CASCADE`);
  }

  /**
   * Drops the old target (whatever its type: a view may become a table) and renames the
   * staged relation into its place, in one transaction: DuckDB's DDL is transactional, so a
   * failure leaves the old relation, and other connections see the old one until COMMIT.
   * Views that select from the target keep working: DuckDB binds view bodies by name when
   * they are queried, not when they are created.
   */
  async swapRelation(staged: RelationRef, target: RelationRef, type: RelationType): Promise<void> {
    const targetSql = this.dialect.renderRelation(target);
    const stagedSql = this.dialect.renderRelation(staged);
    const sameSchema =
      sameName(staged.database ?? this.defaultDatabase, target.database ?? this.defaultDatabase) && sameName(staged.schema, target.schema);
    if (!sameSchema && keyword(type) === 'VIEW') {
      throw userError(
        'swap-across-schemas',
        `Cannot move view ${stagedSql} into ${targetSql}: a view can only be renamed within its schema.`,
        undefined,
        'Build the staged view in the same schema as its target.',
      );
    }
    await this.transaction(async (session) => {
      const existing = readRelations(await this.run(this.relationStatement(target), session))[0];
      if (existing) await this.execute(`DROP ${keyword(existing.type)} ${targetSql}`, { session });
      if (sameSchema) {
        await this.execute(`ALTER ${keyword(type)} ${stagedSql} RENAME TO ${this.dialect.quoteIdentifier(target.identifier)}`, { session });
      } else {
        await this.execute(`CREATE TABLE ${targetSql} AS SELECT * FROM ${stagedSql}`, { session });
        await this.execute(`DROP TABLE ${stagedSql}`, { session });
      }
    });
  }

  /**
   * Makes the worker thread throw from a timer, as a bug in it would. Only for tests of crash
   * handling: the worker refuses unless REELHOUSE_TEST_HOOKS=1 was set when it started.
   */
  async crashWorkerForTesting(): Promise<void> {
    await this.rpc.call(WorkerMethod.simulateCrash);
  }

  /** Closes every connection and stops the worker; the process can exit afterwards. */
  async close(): Promise<void> {
    if (!this.rpc.alive) {
      this.onClose();
      return;
    }
    try {
      await this.rpc.call(WorkerMethod.close);
    } catch {
      // The worker is stopped below regardless.
    } finally {
      this.onClose();
      await this.rpc.close();
    }
  }

  /** Stores a prefix read and picks the relation asked for out of it. */
  private keep(at: number, relation: RelationRef, read: RelationInfo[]): RelationInfo | undefined {
    this.catalog.store(at, relation.database ?? this.defaultDatabase, relation.schema, relation.identifier, read);
    const name = relation.identifier.toLowerCase();
    return read.find((r) => r.identifier.toLowerCase() === name);
  }

  private relationStatement(relation: RelationRef): Statement {
    return getRelationStatement(relation.database ?? this.defaultDatabase, relation.schema, relation.identifier);
  }

  private columnsStatement(relation: RelationRef): Statement {
    return getColumnsStatement(relation.database ?? this.defaultDatabase, relation.schema, relation.identifier);
  }

  private run(statement: Statement, session?: string): Promise<QueryResult> {
    return this.execute(statement.sql, session === undefined ? { params: statement.params } : { params: statement.params, session });
  }

  private runSync(statement: Statement, session?: string): QueryResult {
    return this.executeSync(statement.sql, session === undefined ? { params: statement.params } : { params: statement.params, session });
  }

  // A template's catalog lookup: on its session, if it names one, and through the caller's runner (the --debug log).
  private lookupSync(statement: Statement, options: LookupOptions | undefined): QueryResult {
    const run = (): QueryResult => this.runSync(statement, options?.session);
    return options?.runStatement ? options.runStatement(statement.sql, statement.params, run) : run();
  }
}

/** Turns the worker's column-major answer into rows. */
function toQueryResult(wire: WireResult): QueryResult {
  const { data, rowCount } = wire;
  const width = data.length;
  const rows: unknown[][] = new Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const values: unknown[] = new Array(width);
    for (let column = 0; column < width; column++) values[column] = (data[column] as unknown[])[row];
    rows[row] = values;
  }
  return { columns: wire.columns, rows, rowsChanged: wire.rowsChanged };
}

/** The DDL keyword for a relation type: external relations are views over files in DuckDB. */
function keyword(type: RelationType): 'TABLE' | 'VIEW' {
  return type === 'view' || type === 'external' ? 'VIEW' : 'TABLE';
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
