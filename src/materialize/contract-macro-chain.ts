// The macros a failed contract check passes through on its way out of dbt-duckdb's
// materializations, innermost first, each named with the path its package gives its file. dbt
// lists them under the error ("> in macro assert_columns_equivalent (...)", "> called by ...").
import type { MacroFrame } from '../core/diagnostic.js';

const COLUMNS_SPEC = 'macros/relations/column/columns_spec_ddl.sql';
const ADAPTERS = 'macros/adapters.sql';
const STATEMENT: [string, string] = ['statement', 'macros/etc/statement.sql'];

// get_assert_columns_equivalent dispatches to dbt's default, which calls the check itself.
const CHECK: [string, string][] = [
  ['assert_columns_equivalent', COLUMNS_SPEC],
  ['default__get_assert_columns_equivalent', COLUMNS_SPEC],
  ['get_assert_columns_equivalent', COLUMNS_SPEC],
];

// create_table_as dispatches to dbt-duckdb's duckdb__create_table_as, which checks the contract.
const CREATE_TABLE: [string, string][] = [
  ['duckdb__create_table_as', ADAPTERS],
  ['create_table_as', 'macros/relations/table/create.sql'],
];

// The view materialization is dbt's default one: its statement renders get_create_view_as_sql,
// which reaches dbt-duckdb's duckdb__create_view_as through dbt's default and create_view_as.
const VIEW_CREATE = 'macros/relations/view/create.sql';

const CHAINS: Record<string, [string, string][]> = {
  table: [...CHECK, ...CREATE_TABLE, STATEMENT, ['materialization_table_duckdb', 'macros/materializations/table.sql']],
  external: [...CHECK, ...CREATE_TABLE, STATEMENT, ['materialization_external_duckdb', 'macros/materializations/external.sql']],
  // The incremental materialization renders create_table_as itself, outside a statement call.
  incremental: [...CHECK, ...CREATE_TABLE, ['materialization_incremental_duckdb', 'macros/materializations/incremental.sql']],
  view: [
    ...CHECK,
    ['duckdb__create_view_as', ADAPTERS],
    ['create_view_as', VIEW_CREATE],
    ['default__get_create_view_as_sql', VIEW_CREATE],
    ['get_create_view_as_sql', VIEW_CREATE],
    STATEMENT,
    ['materialization_view_default', 'macros/materializations/models/view.sql'],
  ],
};

/** The macros dbt's report of a failed contract check lists for a model of `materialization`; none for one dbt-duckdb does not check. */
export function contractMacroChain(materialization: string): MacroFrame[] {
  return (CHAINS[materialization] ?? []).map(([name, path]) => ({ name, file: path, path }));
}
