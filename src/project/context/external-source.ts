import { extname, isAbsolute, resolve } from 'node:path';
import { userError } from '../../core/diagnostic.js';

/** The parts of a source table an `external_location` may name: `{name}`, `{identifier}`, `{source_name}`... */
export interface ExternalSourceInfo {
  name: string;
  identifier?: string;
  source_name?: string;
  schema?: string;
  database?: string;
  [key: string]: unknown;
}

/** Options for reading a source's files. */
export interface ExternalSourceOptions {
  /** `parquet`, `csv` or `json`; default: from the file extension, folders read as Parquet. */
  format?: string;
  /** Extra reader arguments, e.g. `{ delim: ';' }` or `{ union_by_name: true }`. */
  readOptions?: Record<string, unknown>;
  /** Folder a relative path is read from (the project directory); default: left relative. */
  baseDir?: string;
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Fills the source's fields into its external_location, as dbt-duckdb does, with the source's
 * `formatter`: `newstyle` (default, `{name}`), `oldstyle` (`%(name)s`, for locations holding
 * braces such as `types={'d': 'DATE'}`) or `template` (`${name}` / `$name`). A placeholder
 * naming no field is left as written.
 */
export function formatExternalLocation(location: string, source: ExternalSourceInfo): string {
  const field = (whole: string, key: string) => {
    const value = key === 'identifier' ? (source.identifier ?? source.name) : source[key];
    return value === undefined || value === null ? whole : String(value);
  };
  const formatter = source['formatter'] ?? 'newstyle';
  if (formatter === 'oldstyle') {
    return location.replace(/%%|%\(([A-Za-z_][A-Za-z0-9_]*)\)s/gu, (whole, key?: string) => (key === undefined ? '%' : field(whole, key)));
  }
  if (formatter === 'template') {
    return location.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/gu, (whole, braced?: string, bare?: string) =>
      braced === undefined && bare === undefined ? '$' : field(whole, (braced ?? bare)!),
    );
  }
  if (formatter !== 'newstyle') {
    throw userError('source-invalid', `Formatter ${String(formatter)} not recognized. Must be one of 'newstyle', 'oldstyle', or 'template'.`, undefined, "Set the source's formatter: to newstyle, oldstyle or template.");
  }
  return location.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/gu, field);
}

function formatOf(path: string): 'parquet' | 'csv' | 'json' | undefined {
  const lower = path.toLowerCase().replace(/\.(gz|zst|zstd|bz2)$/u, '');
  const ext = extname(lower);
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return 'json';
  return undefined;
}

// File names DuckDB reads straight from a quoted path in a FROM clause.
const DIRECT_READ = /\.(parquet|csv|tsv|json|jsonl|ndjson)(\.(gz|zst))?$/iu;

function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${quote(k)}: ${literal(v)}`).join(', ')}}`;
  return String(value);
}

/**
 * The FROM-clause SQL for a source read from files (`meta.external_location` or
 * `config.external_location`): a quoted path where DuckDB knows the format by the file
 * extension (as dbt-duckdb renders it), else `read_parquet(...)`, `read_csv(...)` or
 * `read_json_auto(...)`, with hive partition columns read from `key=value` folders. A folder
 * (no extension, no wildcard) is read as every Parquet file below it. A location that is
 * already a function call (`read_csv('x', delim=';')`) is returned as written, after its
 * placeholders are filled; so is any location holding a parenthesis (a subquery).
 */
export function externalSourceSql(location: string, source: ExternalSourceInfo, options: ExternalSourceOptions = {}): string {
  const path = formatExternalLocation(location.trim(), source);
  // dbt-duckdb's test for SQL rather than a path is any parenthesis: a reader call, or a
  // subquery such as `(select * from read_csv('x.csv'))`, goes into the FROM clause as written.
  if (path.includes('(')) return path;
  // A quoted path ('data/x.csv') is the same path; URLs (s3://, https://) stay as written.
  const bare = /^'.*'$/su.test(path) ? path.slice(1, -1).replaceAll("''", "'") : path;
  // A home path (`~/data/x.csv`) stays as written: DuckDB expands the `~` itself.
  const home = bare === '~' || bare.startsWith('~/');
  let target = options.baseDir && !home && !isAbsolute(bare) && !/^[a-z][a-z0-9+.-]*:\/\//iu.test(bare) ? resolve(options.baseDir, bare) : bare;
  let format = (options.format?.toLowerCase() as 'parquet' | 'csv' | 'json' | undefined) ?? formatOf(target);
  // A file of another kind (.xlsx, .avro...): the quoted path, as dbt-duckdb renders it, for
  // DuckDB to pick the reader by its extension.
  if (!format && !options.readOptions && extname(target) !== '' && !/[*?[]/u.test(target)) return quote(target);
  if (!format && !/[*?[]/u.test(target)) {
    // A folder: every Parquet file below it (hive layouts included).
    target = `${target.replace(/\/+$/u, '')}/**/*.parquet`;
    format = 'parquet';
  }
  format ??= 'parquet';
  // dbt-duckdb renders a plain file location as a quoted path, so models may pass the source to a
  // reader themselves (`read_csv_auto({{ source(..) }}, header=True)`); DuckDB reads such a path in
  // a FROM clause by its extension, hive folders included. Kept where DuckDB cannot tell the format.
  if (!options.format && !options.readOptions && DIRECT_READ.test(bare)) return quote(target);
  const args = [quote(target)];
  const hive = /[*]|\/[^/=]+=[^/]*\//u.test(target);
  if (hive && format !== 'json') args.push('hive_partitioning = true');
  if (format === 'csv') args.push('auto_detect = true');
  for (const [key, value] of Object.entries(options.readOptions ?? {})) args.push(`${key} = ${literal(value)}`);
  const reader = format === 'parquet' ? 'read_parquet' : format === 'csv' ? 'read_csv' : 'read_json_auto';
  return `${reader}(${args.join(', ')})`;
}
