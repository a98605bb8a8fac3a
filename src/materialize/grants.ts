// dbt's apply_grants step of the built-in materializations, as dbt-duckdb implements it: DuckDB
// has no GRANT, so a relation with grants configured gets none and the command warns, once.
import type { MaterializeContext } from './types.js';

const UNSUPPORTED = 'Grants for relations are not supported by DuckDB';

/** True when the node's grants config asks for any grant (dbt tests `if grant_config`). */
export function hasGrants(ctx: MaterializeContext): boolean {
  const grants = ctx.node.config['grants'];
  return typeof grants === 'object' && grants !== null && Object.keys(grants).length > 0;
}

/**
 * Where a built-in materialization applies grants (after the in-transaction post-hooks, before
 * persist_docs): dbt-duckdb's warn_once, so a project moved from a warehouse with grants hears
 * once per command that they were not applied.
 */
export function applyGrants(ctx: MaterializeContext): void {
  if (!hasGrants(ctx)) return;
  ctx.renderHook(`{{ adapter.warn_once(${JSON.stringify(UNSUPPORTED)}) }}`);
}
