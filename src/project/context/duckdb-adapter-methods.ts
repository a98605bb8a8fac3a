// dbt-duckdb's own `adapter` methods that projects and copied dbt-duckdb macros call:
// location_exists(path) and external_write_options(location, options) (use_database() is on the adapter).
import { pyStr } from '../../templating/index.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import { bindParams } from './py-args.js';

/** dbt-duckdb's location_exists(): true when DuckDB can read the path (a file, a glob, a URL its extensions open). */
export function duckdbLocationExists(core: RenderCore, state: RenderState, location: unknown): boolean {
  if (!state.execute || !core.bridge) return false;
  try {
    core.bridge.executeSync(`select 1 from '${pyStr(location).replaceAll("'", "''")}' where 1 = 0`);
    return true;
  } catch {
    return false;
  }
}

/**
 * dbt-duckdb's external_write_options(write_location, rendered_options): the COPY option list for
 * writing `write_location`: format from the extension unless given, a header for CSV, a
 * parenthesised partition_by list, the delimiter quoted.
 */
export function duckdbExternalWriteOptions(raw: unknown[]): string {
  const p = bindParams(raw, ['write_location', 'rendered_options']);
  const options = (p['rendered_options'] ?? {}) as Record<string, unknown>;
  if (!('format' in options)) {
    const ext = /\.([^./\\]+)$/u.exec(pyStr(p['write_location']))?.[1];
    options['format'] = ext ? ext.toLowerCase() : 'parquet';
  }
  if (options['format'] === 'csv' && !('header' in options)) options['header'] = 1;
  const partition = options['partition_by'];
  if (typeof partition === 'string' && partition.includes(',') && !partition.startsWith('(')) options['partition_by'] = `(${partition})`;
  return Object.entries(options)
    .map(([k, v]) => (k === 'delimiter' ? `${k} '${pyStr(v)}'` : `${k} ${pyStr(v)}`))
    .join(',');
}
