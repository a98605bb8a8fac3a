/** What the main thread and the DuckDB worker say to each other (plain data only). */

/** How to open a DuckDB warehouse (also the options of `openDuckDb`). */
export interface DuckDbOpenOptions {
  /** Database file, or `:memory:`. */
  path: string;
  /** DuckDB's `threads` setting. */
  threads?: number;
  /** Applied with `SET key = value` on every connection. */
  settings?: Record<string, string | number | boolean>;
  /** Extensions to `LOAD` (only ones already present: bundled or installed before). */
  extensions?: string[];
  /**
   * An extension of `extensions` that cannot be loaded is named in the answer instead of failing
   * the open: a profile's extensions are a bonus, never a requirement, so a project that lists
   * httpfs but reads local files still runs.
   */
  extensionsOptional?: boolean;
  /** Open the file in DuckDB's read-only access mode (several processes may then read it). */
  readOnly?: boolean;
  /** Other databases to ATTACH once opened (dbt-duckdb's profile `attach:`). */
  attach?: DuckDbAttachment[];
  /** Secrets to create once opened, before attaching (dbt-duckdb's profile `secrets:`). */
  secrets?: DuckDbSecret[];
  /** Options DuckDB takes only when the database is opened (dbt-duckdb's `config_options:`). */
  config?: Record<string, string | number | boolean>;
  /**
   * dbt-duckdb's `retries:` for opening: how many tries in all, and the DuckDB exception names
   * (IOException: a file locked by another process) worth waiting for, 1s, 2s, 4s... apart.
   */
  connectRetries?: { attempts: number; retryable: string[] };
  /** dbt-duckdb's `retries.query_attempts`: each statement is tried this often in all on those exceptions, with the same back-off. */
  queryRetries?: { attempts: number; retryable: string[] };
  /**
   * The project folder: relative input files not found from the working directory are looked
   * up there (DuckDB's `file_search_path`), unless `settings` names its own file_search_path.
   */
  projectDir?: string;
  /** dbt-duckdb's `disable_transactions`: builds run without BEGIN/COMMIT, each statement committing on its own. */
  disableTransactions?: boolean;
}

/** One database attached beside the warehouse, as dbt-duckdb's `attach:` entries describe it. */
export interface DuckDbAttachment {
  /** File path (or connection string for types such as sqlite/postgres). */
  path: string;
  /** The catalog name models and sources use; DuckDB's default is the file stem. */
  alias?: string;
  /** `TYPE` of the database (duckdb by default; sqlite, postgres... need their extension). */
  type?: string;
  readOnly?: boolean;
  /** The name of a secret (from the profile's secrets:) the attachment authenticates with. */
  secret?: string;
  /** Further ATTACH options, written as `KEY value` (a true flag as `KEY` alone). */
  options?: Record<string, string | number | boolean>;
}

/** One secret, as dbt-duckdb's `secrets:` entries describe it (see secret-sql.ts). */
export interface DuckDbSecret {
  /** null: DuckDB names it after its type. */
  name: string | null;
  type: string;
  persistent: boolean;
  provider?: string;
  scope: string[];
  /** Further parameters in order: a value, a list (`array [...]`) or a mapping (`map {...}`). */
  params: Record<string, string | number | boolean | string[] | Record<string, string>>;
  /** The profile key that asked for the secret, when not a `secrets:` entry (`use_credential_provider: aws`). */
  origin?: string;
}

/** The worker's answer to `open`. */
export interface DuckDbOpened {
  defaultDatabase: string;
  version: string;
  /**
   * With `extensionsOptional`: each extension that could not be loaded, and DuckDB's reason;
   * `setting` names a profile setting of that extension, which was therefore not set.
   */
  unavailableExtensions: { name: string; reason: string; setting?: string }[];
}

/**
 * A query's answer as the worker sends it: column-major, because structured-cloning a few
 * long arrays is several times cheaper than cloning one small array per row.
 */
export interface WireResult {
  columns: { name: string; dataType: string }[];
  /** One array per column, each `rowCount` long. */
  data: unknown[][];
  rowCount: number;
  rowsChanged: number;
}

/** Names of the worker's RPC methods. */
export const WorkerMethod = {
  open: 'open',
  execute: 'execute',
  executeEach: 'executeEach',
  releaseSession: 'releaseSession',
  interrupt: 'interrupt',
  progress: 'progress',
  close: 'close',
  simulateCrash: 'simulateCrash',
} as const;
