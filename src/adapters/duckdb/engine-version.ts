import { createRequire } from 'node:module';

/**
 * The DuckDB release this adapter embeds (`1.5.5`), for dbt's `Registered adapter: duckdb=...`
 * line. Read from the Node API's package (`1.5.5-r.5`: the engine's version, then the binding's
 * own revision), so the main thread need not load the engine to say which one it is.
 */
export function duckDbEngineVersion(): string {
  const pkg = createRequire(import.meta.url)('@duckdb/node-api/package.json') as { version: string };
  return pkg.version.replace(/-r\.\d+$/u, '');
}
