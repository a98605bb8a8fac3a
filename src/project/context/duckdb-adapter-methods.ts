// dbt-duckdb's own `adapter` methods that projects and copied dbt-duckdb macros call:
// use_database(), location_exists(path) and external_write_options(location, options).
import { pyStr } from '../../templating/index.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';
import { bindParams } from './py-args.js';

/** The dbt-duckdb methods of `adapter` for one render. */
export function duckdbAdapterMethods(core: RenderCore, state: RenderState): Record<string, unknown> {
  return {
    // Relations name their database (DuckDB has ATTACH), as dbt-duckdb does on every DuckDB it supports.
    use_database: () => true,
    // True when DuckDB can read the path (a file, a glob, a URL its extensions open).
    location_exists: (location: unknown) => {
      if (!state.execute || !core.bridge) return false;
      try {
        core.bridge.executeSync(`select 1 from '${pyStr(location).replaceAll("'", "''")}' where 1 = 0`);
        return true;
      } catch {
        return false;
      }
    },
    // The COPY option list for writing `write_location`: format from the extension unless given,
    // a header for CSV, a parenthesised partition_by list, the delimiter quoted.
    external_write_options: (...raw: unknown[]) => {
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
    },
  };
}
