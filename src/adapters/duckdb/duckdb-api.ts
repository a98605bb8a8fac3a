/**
 * The DuckDB Node API as the worker uses it, loaded with `require`. The package is CommonJS:
 * importing it as an ES module makes Node scan the source of every one of its files for export
 * names before running them, which costs the worker about three times the CPU of the load itself
 * (~0.2 s at each start, beside the project load on the main thread); `require` skips the scan.
 * Values come from the loaded package; types (and enum types) from its declarations.
 */
import { createRequire } from 'node:module';
import type * as Api from '@duckdb/node-api';

const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof Api;

export const {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBMaterializedResult,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTypeId,
  DuckDBUnionValue,
  HUGEINT,
  INTEGER,
  LIST,
  SQLNULL,
  STRUCT,
  TIMESTAMP,
  VARCHAR,
  listValue,
  structValue,
  timestampValue,
} = api;

export type DuckDBInstance = Api.DuckDBInstance;
export type DuckDBTypeId = Api.DuckDBTypeId;
export type { DuckDBConnection, DuckDBDataChunk, DuckDBResult, DuckDBType, DuckDBValue } from '@duckdb/node-api';
