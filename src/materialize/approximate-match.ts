// dbt looks an existing relation up by its exact name (DuckDB's quote policy quotes every part):
// one whose name differs only in letter case is an approximate match, which dbt refuses to
// guess about rather than replace. DuckDB itself treats the two names as one relation.
import type { RelationInfo, RelationRef } from '../adapters/adapter.js';
import { isReelhouseError, userError, type MacroFrame, type ReelhouseError } from '../core/diagnostic.js';

/** dbt's ApproximateMatchError when `found` answers the lookup of `wanted` only case-insensitively; undefined on an exact match. */
export function approximateMatchError(wanted: RelationRef, found: RelationInfo, quote: (name: string) => string): ReelhouseError | undefined {
  const database = wanted.database ?? found.database;
  if (database === found.database && wanted.schema === found.schema && wanted.identifier === found.identifier) return undefined;
  const render = (db: string, schema: string, identifier: string): string => [db, schema, identifier].map(quote).join('.');
  const target = render(database, wanted.schema, wanted.identifier);
  const relation = render(found.database, found.schema, found.identifier);
  return userError('compiler-error', `${APPROXIMATE} Instead of guessing \nwhich relation to use, dbt will move on. Please delete ${relation}, or rename it to be less ambiguous.\nSearched for: ${target}\nFound: ${relation}`);
}

const APPROXIMATE = 'When searching for a relation, dbt found an approximate match.';

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
  if (chain && isReelhouseError(error) && error.diagnostic.message.startsWith(APPROXIMATE) && !error.diagnostic.macroStack?.length) {
    error.diagnostic.macroStack = chain.map(([name, path]): MacroFrame => ({ name, file: path, path }));
  }
  return error;
}
