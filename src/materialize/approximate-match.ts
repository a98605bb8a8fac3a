// The macros dbt's report of an approximate match (see project/context/approximate-match.ts)
// lists when a materialization's lookup of its own target raised it.
import { isReelhouseError, type MacroFrame } from '../core/diagnostic.js';
import { APPROXIMATE_MATCH } from '../project/context/approximate-match.js';

export { approximateMatchError, type PartQuoting } from '../project/context/approximate-match.js';

// The macros the lookup sits in, innermost first: the materialization asks load_cached_relation(this)
// first thing (a seed asks adapter.get_relation itself).
const LOAD_CACHED: [string, string] = ['load_cached_relation', 'macros/adapters/relation.sql'];
const CHAINS: Record<string, [string, string][]> = {
  table: [LOAD_CACHED, ['materialization_table_duckdb', 'macros/materializations/table.sql']],
  view: [LOAD_CACHED, ['materialization_view_default', 'macros/materializations/models/view.sql']],
  seed: [['materialization_seed_default', 'macros/materializations/seeds/seed.sql']],
};

/** Adds to an approximate match raised while a `materialization` looked its target up the macros dbt's report lists above the model. */
export function withLookupChain(error: unknown, materialization: string): unknown {
  const chain = CHAINS[materialization];
  if (chain && isReelhouseError(error) && error.diagnostic.message.startsWith(APPROXIMATE_MATCH) && !error.diagnostic.macroStack?.length) {
    error.diagnostic.macroStack = chain.map(([name, path]): MacroFrame => ({ name, file: path, path }));
  }
  return error;
}
