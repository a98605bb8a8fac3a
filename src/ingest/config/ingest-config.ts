/** Typed form of a project's `ingest.yml` (see docs/ingest.md for the file format). */

import type { SourceLocation } from '../../core/diagnostic.js';

/** Everything `reelhouse ingest` needs: where the project is and its sources, in file order. */
export interface IngestConfig {
  projectDir: string;
  /** The file the config came from, or undefined when the project has none. */
  file: string | undefined;
  /** Warehouse path from `database:` (for the CLI to open), already interpolated. */
  database: string | undefined;
  /** The project's data folder (`data_dir:`, default `DATA_DIR` or `data`), absolute. */
  dataDir: string;
  sources: SourceConfig[];
  /** The merged environment (`.env` under the process environment), for secrets lookups. */
  env: Record<string, string | undefined>;
}

/** One configured source. */
export type SourceConfig = FilesSourceConfig | RestSourceConfig | PostgresSourceConfig;

interface SourceBase {
  name: string;
  /** Where the source is declared, for diagnostics. */
  location: SourceLocation;
  /** Schema of the raw tables it loads (default `raw`). */
  schema: string;
  /** `enabled: false` (or empty) leaves the source out of runs that name no source: an opt-in source. */
  enabled?: boolean;
}

/** What to do with CSV rows that cannot be read. */
export type BadRowPolicy = 'fail' | 'reject';

/** Files (CSV, Parquet, JSON) matched by a glob, loaded into raw tables incrementally by file. */
export interface FilesSourceConfig extends SourceBase {
  type: 'files';
  /** Glob, absolute (relative paths are resolved against the project directory). */
  path: string;
  format: 'csv' | 'parquet' | 'json' | 'auto';
  /** Target table; `{stem}` is replaced by the file name without extension (one table per file). */
  table: string;
  hivePartitioning: boolean;
  onBadRows: BadRowPolicy;
  /** Add `_source_file` and `_loaded_at` columns (lets a changed file replace only its own rows). */
  metadataColumns: boolean;
  /** Extra `read_csv` options (delim, header, quote, escape, dateformat, ...), as given. */
  csvOptions: Record<string, string | number | boolean>;
}

/** How a REST source authenticates. */
export type RestAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'api_key'; header: string; key: string; in: 'header' | 'query' }
  | { type: 'client_credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string | undefined; clientIdHeader?: string | undefined };

/** How a REST source walks pages. */
export type RestPagination =
  | { type: 'none' }
  | { type: 'cursor'; cursorPath: string; cursorParam: string; pageSizeParam?: string | undefined; pageSize?: number | undefined }
  | { type: 'page'; pageParam: string; startPage: number; pageSizeParam?: string | undefined; pageSize?: number | undefined; totalPagesPath?: string | undefined }
  | { type: 'offset'; offsetParam: string; limitParam: string; limit: number; totalPath?: string | undefined }
  /** RFC 8288 `Link: <url>; rel="next"` headers (GitHub, GitLab, Shopify...): follow them until there is none. */
  | { type: 'link'; pageSizeParam?: string | undefined; pageSize?: number | undefined };

/** Column of a REST snapshot with its DuckDB type. */
export interface RestColumn {
  name: string;
  type: string;
}

/** A paginated REST endpoint whose records are written as one Parquet snapshot file per run. */
export interface RestSourceConfig extends SourceBase {
  type: 'rest';
  baseUrl: string;
  endpoint: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  /** Dotted path of the record list in each response (`data`); empty for a top-level array. */
  recordsPath: string;
  auth: RestAuth;
  pagination: RestPagination;
  /** Folder the snapshots go to, absolute. */
  output: string;
  /** File name prefix of each snapshot (`<prefix><timestamp>.parquet`). */
  filePrefix: string;
  /** Declared columns; when empty the types are inferred from the records. */
  columns: RestColumn[];
  /** Also load every snapshot file into `<schema>.<table>` (incremental by file). */
  table: string | undefined;
  timeoutMs: number;
  maxAttempts: number;
  backoffMs: number;
  maxPages: number;
}

/** One table or query pulled from Postgres. */
export interface PostgresTableConfig {
  /** Target raw table name. */
  table: string;
  /** Source relation (`schema.table`) or undefined when `query` is given. */
  source: string | undefined;
  query: string | undefined;
  /** Cursor column for incremental loads (`updated_at`); undefined means a full refresh. */
  cursor: string | undefined;
  /** Key columns that identify a row, so re-extracted rows replace their old versions. */
  primaryKey: string[];
}

/** An operational Postgres database. */
export interface PostgresSourceConfig extends SourceBase {
  type: 'postgres';
  /** A connection string, or the pieces of one. */
  connection: { connectionString?: string | undefined; host?: string | undefined; port?: number | undefined; user?: string | undefined; password?: string | undefined; database?: string | undefined };
  tables: PostgresTableConfig[];
  batchSize: number;
}
