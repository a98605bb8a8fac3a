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

/** CSV settings the loader handles itself rather than passing to read_csv. */
const LOADER_CSV_OPTIONS = new Set(['encoding', 'delim', 'sep', 'delimiter']);

function literal(adapter: Adapter, value: string | number | boolean): string {
  return typeof value === 'string' ? adapter.dialect.quoteString(value) : String(value);
}

/**
 * The read_csv options of a file. `delim` is the file's detected delimiter (see
 * detectDelimiter) unless the source sets one, so semicolon exports (European Excel) and
 * tab-separated .txt files read as columns instead of one column holding whole lines.
 */
function csvOptions(adapter: Adapter, delim: string, source: FilesSourceConfig): string[] {
  const options: Record<string, string | number | boolean> = { header: true, delim, quote: '"' };
  for (const [key, value] of Object.entries(source.csvOptions)) {
    if (!LOADER_CSV_OPTIONS.has(key)) options[key] = value;
  }
  return Object.entries(options).map(([k, v]) => `${k} = ${literal(adapter, v)}`);
}

/**
 * The reader for one file. `readPath` is what DuckDB reads (a UTF-8 copy when the file was
 * converted). CSV files are read with DuckDB's rejects tables, so every bad row is reported with
 * its line, and with the column types given (decided from the whole file, or the table's when it
 * exists), so a value that does not fit is a bad row rather than a silently widened column.
 */
export function fileReader(
  adapter: Adapter,
  readPath: string,
  format: FileFormat,
  source: FilesSourceConfig,
  delim: string,
  columnTypes?: Map<string, string>,
): FileReaderSql {
  const file = adapter.dialect.quoteString(readPath);
  if (format === 'parquet') {
    return { sql: `read_parquet(${file}, hive_partitioning = ${source.hivePartitioning})`, rejects: undefined };
  }
  if (format === 'json') {
    // The whole file decides the columns: a key that first appears late is a column, not an error.
    return { sql: `read_json_auto(${file}, hive_partitioning = ${source.hivePartitioning}, sample_size = -1)`, rejects: undefined };
  }
  const options = csvOptions(adapter, delim, source);
  options.push(`hive_partitioning = ${source.hivePartitioning}`, 'store_rejects = true', `rejects_table = '${REJECTS.table}'`, `rejects_scan = '${REJECTS.scan}'`);
  if (columnTypes && columnTypes.size > 0) {
    const types = [...columnTypes].map(([name, type]) => `${adapter.dialect.quoteString(name)}: ${adapter.dialect.quoteString(type)}`);
    options.push(`types = {${types.join(', ')}}`);
  }
  return { sql: `read_csv(${file}, ${options.join(', ')})`, rejects: REJECTS };
}

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT']);

/**
 * The columns a file would load, as DuckDB reads them (without rejects bookkeeping). DuckDB types
 * CSV columns from a sample of rows and then reads "3.5" into a BIGINT column as 4, so a column
 * typed as an integer is checked against every row (a streaming pass, memory stays flat) and
 * becomes DOUBLE when some value has decimals.
 */
export async function describeColumns(
  adapter: Adapter,
  session: string,
  readPath: string,
  format: FileFormat,
  source: FilesSourceConfig,
  delim: string,
): Promise<ColumnInfo[]> {
  const file = adapter.dialect.quoteString(readPath);
  const csv = (extra: string[]): string =>
    `read_csv(${file}, ${[...csvOptions(adapter, delim, source), `hive_partitioning = ${source.hivePartitioning}`, ...extra].join(', ')})`;
  const reader = format === 'csv' ? csv(['ignore_errors = true']) : fileReader(adapter, readPath, format, source, delim).sql;
  const result = await adapter.execute(`DESCRIBE SELECT * FROM ${reader}`, { session });
  const columns = result.rows.map((row) => ({ name: String(row[0]), dataType: String(row[1]) }));
  const integers = format === 'csv' ? columns.filter((c) => INTEGER_TYPES.has(c.dataType)) : [];
  if (integers.length === 0) return columns;
  // Per integer column: does some value have decimals (a number that is not a whole number)?
  const checks = integers.map((c) => {
    const v = `trim(${adapter.dialect.quoteIdentifier(c.name)})`;
    return `bool_or(NOT regexp_full_match(${v}, '[+-]?[0-9]+') AND TRY_CAST(${v} AS DOUBLE) IS NOT NULL)`;
  });
  const verdict = (await adapter.execute(`SELECT ${checks.join(', ')} FROM ${csv(['ignore_errors = true', 'all_varchar = true'])}`, { session })).rows[0] ?? [];
  integers.forEach((column, i) => {
    if (verdict[i] === true) column.dataType = 'DOUBLE';
  });
  return columns;
}
