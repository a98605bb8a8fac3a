// The incremental strategies dbt-duckdb offers, and dbt's refusal of any other, shared by the
// incremental materialization and adapter.get_incremental_strategy_macro.
import { userError, type ReelhouseError, type SourceLocation } from '../../core/diagnostic.js';

/** The strategies dbt-duckdb lists as valid (its adapter's valid_incremental_strategies). */
export const DUCKDB_STRATEGIES = ['append', 'delete+insert', 'merge', 'microbatch'] as const;

/** dbt's own strategy names, which a project cannot redefine for an adapter that does not offer them. */
const DBT_STRATEGIES: readonly string[] = ['append', 'delete+insert', 'merge', 'insert_overwrite', 'microbatch'];

/** The macro dbt looks a strategy up by: `get_incremental_<name>_sql`, `+` written `_`. */
export function strategyMacroName(strategy: string): string {
  return `get_incremental_${strategy.replace(/\+/gu, '_')}_sql`;
}

/** Whether dbt's adapter refuses the strategy by name: one of dbt's own that dbt-duckdb does not offer. */
export function refusedByName(strategy: string): boolean {
  return DBT_STRATEGIES.includes(strategy) && !(DUCKDB_STRATEGIES as readonly string[]).includes(strategy);
}

/**
 * dbt's runtime error for a strategy the adapter cannot run, in its words: one of dbt's own is
 * refused by name, any other for its missing macro in `packageName`.
 */
export function invalidStrategyError(strategy: string, packageName: string, location?: SourceLocation): ReelhouseError {
  const message = refusedByName(strategy)
    ? `The incremental strategy '${strategy}' is not valid for this adapter`
    : `dbt could not find an incremental strategy macro with the name "${strategyMacroName(strategy)}" in ${packageName}`;
  return userError('invalid-incremental-strategy', message, location);
}
