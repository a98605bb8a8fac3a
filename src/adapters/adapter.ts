/** A relation in the warehouse, by its three-part name. */
export interface RelationRef {
  database?: string | undefined;
  schema: string;
  identifier: string;
}

/** What kind of object a relation is in the warehouse. */
export type RelationType = 'table' | 'view' | 'external' | 'materialized_view';

/** A relation found by introspection. */
export interface RelationInfo extends Required<RelationRef> {
  type: RelationType;
}

/** A column found by introspection or described by a query result. */
export interface ColumnInfo {
  name: string;
  /** The warehouse's type name, upper-case as the warehouse prints it (e.g. `VARCHAR`, `DECIMAL(18,3)`). */
  dataType: string;
  nullable?: boolean;
  /** information_schema's character_maximum_length, numeric_precision and numeric_scale (null when unset). */
  charSize?: number | null;
  precision?: number | null;
  scale?: number | null;
}

/**
 * A query's answer as plain, structured-clone-safe data.
 * Values: null, boolean, number (all integer and floating types; BIGINT/HUGEINT beyond 2^53 as string),
 * string (VARCHAR; DECIMAL as number, or exact text when ExecuteOptions.exactDecimals asks; DATE `YYYY-MM-DD`; TIMESTAMP `YYYY-MM-DD HH:MM:SS[.ffffff]`;
 * TIMESTAMPTZ with offset; TIME; INTERVAL; UUID), arrays for LIST/ARRAY, plain objects for STRUCT and MAP.
 */
export interface QueryResult {
  columns: ColumnInfo[];
  rows: unknown[][];
  /** Rows inserted, updated or deleted by a DML statement; 0 otherwise. */
  rowsChanged: number;
}

/** Options for one statement. */
export interface ExecuteOptions {
  /** Named session to run on; statements on one session run in order and share its transaction. Default: a pooled session. */
  session?: string;
  /** Prepared-statement parameters bound to `$1`, `$2`... or `?` placeholders. */
  params?: unknown[];
  /** Stop fetching after this many rows (the query still runs). */
  maxRows?: number;
  /**
   * Hand top-level DECIMAL values over as their exact text with all their places (`12345678901234567.89`)
   * instead of the nearest number, which holds only ~15 significant digits. Templates ask for it
   * (run_query builds Python Decimals from the text); everything else gets numbers.
   */
  exactDecimals?: boolean;
}

/** Where a catalog lookup runs: on a named session it sees what that session's open transaction built. */
export interface LookupOptions {
  session?: string;
  /**
   * Runs the statement a lookup sends when no cached answer serves it (`run` sends it); the
   * --debug statement log passes one, so catalog queries are logged as dbt logs them.
   */
  runStatement?: (sql: string, params: readonly unknown[], run: () => QueryResult) => QueryResult;
}

/** What a warehouse can do; shared code branches on these, never on the adapter's name. */
export interface AdapterCapabilities {
  /** `CREATE OR REPLACE` and `ALTER ... RENAME` work inside one transaction together with DDL. */
  transactionalDdl: boolean;
  /** `MERGE INTO` is supported. */
  merge: boolean;
  /** `COPY ... TO` files (Parquet/CSV/JSON) is supported. */
  copyToFiles: boolean;
  /** Can read Parquet/CSV/JSON files directly in a FROM clause. */
  readFiles: boolean;
  /** `execute(sql, { session: 'reader' })` runs one read-only statement on a snapshot, beside running writes. */
  concurrentReaders?: boolean;
  /**
   * `execute('begin transaction; ...; commit')` without a session is atomic: when any statement
   * fails, the connection rolls back before it serves anything else.
   */
  atomicBatches?: boolean;
}

/** SQL text generation for one warehouse: quoting and type names, no I/O. */
export interface SqlDialect {
  quoteIdentifier(name: string): string;
  quoteString(value: string): string;
  /** Renders `"db"."schema"."identifier"`, leaving out parts that are undefined. */
  renderRelation(relation: RelationRef): string;
  /** dbt's cross-database type names mapped to this warehouse (`string` -> `VARCHAR`). */
  typeName(kind: 'string' | 'int' | 'bigint' | 'numeric' | 'float' | 'boolean' | 'timestamp' | 'date'): string;
}

/**
 * One connection to a warehouse, as the layers above see it.
 * Every method is asynchronous except the `*Sync` ones, which block the calling thread
 * until the warehouse answers: they exist for templates (run_query, get_columns_in_relation)
 * that must get an answer while rendering.
 */
export interface Adapter {
  /** Registered name of the adapter, e.g. `duckdb` (for dispatch prefixes and target.type). */
  readonly type: string;
  readonly capabilities: AdapterCapabilities;
  readonly dialect: SqlDialect;
  /** The default database (catalog) name relations live in. */
  readonly defaultDatabase: string;

  execute(sql: string, options?: ExecuteOptions): Promise<QueryResult>;
  executeSync(sql: string, options?: ExecuteOptions): QueryResult;
  /**
   * Runs each text in turn on one connection, in a single call, and answers with each one's
   * result. The first failure stops the rest; without a session the connection then rolls back
   * what the texts left open, as `execute` does for a failed `begin; ...; commit`.
   */
  executeEach?(texts: string[], options?: ExecuteOptions): Promise<QueryResult[]>;

  /**
   * Runs `work` on one dedicated session inside BEGIN/COMMIT, rolling back if it throws. Given
   * `session`, the transaction runs on that named session, which stays open afterwards.
   */
  transaction<T>(work: (session: string) => Promise<T>, session?: string): Promise<T>;
  /** Frees a named session used through `ExecuteOptions.session` (rolling back anything it left open). */
  releaseSession?(session: string): Promise<void>;
  /**
   * Stops the statements running now on writing sessions (each fails, its transaction rolls
   * back); `reader` queries keep going. Cancellation uses it (see cancellable-adapter.ts).
   */
  interrupt?(): Promise<void>;
  /** Progress (0-100) of the statement a named session runs now, if the engine tracks it; for progress bars. */
  queryProgress?(session: string): Promise<number | undefined>;

  listRelations(database: string, schema: string): Promise<RelationInfo[]>;
  listRelationsSync(database: string, schema: string, options?: LookupOptions): RelationInfo[];
  getRelation(relation: RelationRef): Promise<RelationInfo | undefined>;
  getRelationSync(relation: RelationRef, options?: LookupOptions): RelationInfo | undefined;
  getColumns(relation: RelationRef): Promise<ColumnInfo[]>;
  getColumnsSync(relation: RelationRef, options?: LookupOptions): ColumnInfo[];
  listSchemas(database: string): Promise<string[]>;
  createSchema(relation: { database?: string | undefined; schema: string }): Promise<void>;
  dropRelation(relation: RelationRef, type: RelationType): Promise<void>;

  /**
   * Atomically puts `staged` (a fully built relation) in the place of `target`:
   * afterwards `target` is the new relation, or, if anything failed, still the old one.
   */
  swapRelation(staged: RelationRef, target: RelationRef, type: RelationType): Promise<void>;

  close(): Promise<void>;
}
