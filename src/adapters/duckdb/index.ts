/** The DuckDB warehouse adapter. */
export { discardDuckDbWorker, openDuckDb, startDuckDbWorker, targetOpenOptions, unavailableExtensionWarnings } from './open-duckdb.js';
export { DuckDbAdapter } from './duckdb-adapter.js';
export { duckDbDialect } from './dialect.js';
export { duckDbEngineVersion } from './engine-version.js';
export { READER_SESSION } from './session-pool.js';
export type { DuckDbAttachment, DuckDbOpenOptions, DuckDbSecret } from './protocol.js';
