import type { Adapter, ColumnInfo } from '../../adapters/adapter.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';

/** The formats the file loader reads. */
export type FileFormat = 'csv' | 'parquet' | 'json';

/** The format a file's name implies, or undefined. */
export function formatOf(path: string): FileFormat | undefined {
  const name = path.toLowerCase().replace(/\.(gz|zst)$/, '');
  if (/\.(csv|tsv|txt)$/.test(name)) return 'csv';
  if (name.endsWith('.parquet')) return 'parquet';
  if (/\.(json|jsonl|ndjson)$/.test(name)) return 'json';
  return undefined;
}

/** A table-function call that reads one file, and where its bad rows go (CSV only). */
export interface FileReaderSql {
  sql: string;
  rejects: { table: string; scan: string } | undefined;
}

const REJECTS = { table: 'reelhouse_ingest_rejects', scan: 'reelhouse_ingest_reject_scans' };

function literal(adapter: Adapter, value: string | number | boolean): string {
  return typeof value === 'string' ? adapter.dialect.quoteString(value) : String(value);
}

function csvOptions(adapter: Adapter, path: string, source: FilesSourceConfig): string[] {
  const options: Record<string, string | number | boolean> = {
    header: true,
    delim: path.toLowerCase().endsWith('.tsv') ? '\t' : ',',
    quote: '"',
    ...source.csvOptions,
  };
  return Object.entries(options).map(([k, v]) => `${k} = ${literal(adapter, v)}`);
}

/**
 * The reader for one file. CSV files are read with DuckDB's rejects tables, so every bad row is
 * reported with its line; when the target exists, its column types are imposed by name, so a
 * value that does not fit is a bad row rather than a silently widened column.
 */
export function fileReader(
  adapter: Adapter,
  path: string,
  format: FileFormat,
  source: FilesSourceConfig,
  tableTypes?: Map<string, string>,
): FileReaderSql {
  const file = adapter.dialect.quoteString(path);
  if (format === 'parquet') {
    return { sql: `read_parquet(${file}, hive_partitioning = ${source.hivePartitioning})`, rejects: undefined };
  }
  if (format === 'json') {
    return { sql: `read_json_auto(${file}, hive_partitioning = ${source.hivePartitioning})`, rejects: undefined };
  }
  const options = csvOptions(adapter, path, source);
  options.push(`hive_partitioning = ${source.hivePartitioning}`, 'store_rejects = true', `rejects_table = '${REJECTS.table}'`, `rejects_scan = '${REJECTS.scan}'`);
  if (tableTypes && tableTypes.size > 0) {
    const types = [...tableTypes].map(([name, type]) => `${adapter.dialect.quoteString(name)}: ${adapter.dialect.quoteString(type)}`);
    options.push(`types = {${types.join(', ')}}`);
  }
  return { sql: `read_csv(${file}, ${options.join(', ')})`, rejects: REJECTS };
}

/** The columns a file would load, as DuckDB reads them (without rejects bookkeeping). */
export async function describeColumns(
  adapter: Adapter,
  session: string,
  path: string,
  format: FileFormat,
  source: FilesSourceConfig,
): Promise<ColumnInfo[]> {
  const file = adapter.dialect.quoteString(path);
  const reader =
    format === 'csv'
      ? `read_csv(${file}, ${[...csvOptions(adapter, path, source), `hive_partitioning = ${source.hivePartitioning}`, 'ignore_errors = true'].join(', ')})`
      : fileReader(adapter, path, format, source).sql;
  const result = await adapter.execute(`DESCRIBE SELECT * FROM ${reader}`, { session });
  return result.rows.map((row) => ({ name: String(row[0]), dataType: String(row[1]) }));
}
