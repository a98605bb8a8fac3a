// dbt's custom incremental strategies: `incremental_strategy='<name>'` runs the SQL a macro
// `get_incremental_<name>_sql(arg_dict)` returns. A project or package may also define a macro
// under a built-in strategy's name (get_incremental_append_sql...), which dbt then uses in place
// of its own, and so does a project redefining the helper dbt's own strategy macro builds its SQL
// with (get_delete_insert_merge_sql...), or a duckdb__/default__ form of a macro dbt dispatches
// (found through `dispatch:` search orders, as adapter.dispatch finds it); Reelhouse runs its
// native statements only when none of these exists.
import type { ColumnInfo } from '../adapters/adapter.js';
import { Column } from '../project/context/index.js';
import type { CompiledNode } from '../project/types.js';
import { dispatchOverridden, macroInScope, macroOverridden } from './macro-overrides.js';
import { incrementalStrategy, onSchemaChange } from './incremental-config.js';
import { wrappableSql } from './relations.js';
import { planSchemaChange } from './schema-change.js';
import type { SqlRunner } from './sql-runner.js';
import type { JinjaMaterializationHost } from './types.js';

/** dbt's suffix for the relation an incremental run stages its new rows in. */
const TEMP_SUFFIX = '__dbt_tmp';

/** The macro name dbt looks a strategy up by (`delete+insert` -> `get_incremental_delete_insert_sql`). */
export function strategyMacroName(strategy: string): string {
  return `get_incremental_${strategy.replace('+', '_')}_sql`;
}

/**
 * The strategy macro a model's run must render, when the project or a package defines
 * `get_incremental_<strategy>_sql` in the model's scope, or replaces a macro dbt's own strategy
 * reaches; undefined means a native strategy (or dbt's error) applies.
 * Microbatch keeps its own batch-by-batch materialization.
 */
export function customStrategyMacro(node: CompiledNode, host: JinjaMaterializationHost | undefined): CustomStrategy | undefined {
  if (!host) return undefined;
  // dbt finds the macro by name in the model's context: the root project's and the model's own
  // package's macros (before dbt's); another package's macro of that name is not in scope.
  const inScope = (name: string) => macroInScope(host, node, name);
  // dbt's strategy macros dispatch in the 'dbt' namespace: a duckdb__/default__ form outside dbt's own
  // macros, in a package that namespace's search order lists first, replaces dbt's.
  const overridden = (name: string) => dispatchOverridden(host, name);
  const raw = node.config['incremental_strategy'];
  let strategy: string;
  if (raw === undefined || raw === null || raw === '' || raw === 'default') {
    const defaultMacro = strategyMacroName('default');
    if (inScope(defaultMacro) || overridden(defaultMacro)) return { strategy: 'default', host };
    // dbt's default strategy calls the append (or, on DuckDB with a unique_key, delete+insert) macro, overridden or not.
    strategy = incrementalStrategy(node);
  } else if (typeof raw === 'string') strategy = raw.toLowerCase();
  else return undefined;
  if (strategy === 'microbatch') return undefined;
  if (inScope(strategyMacroName(strategy))) return { strategy, host };
  if (isBuiltInStrategy(strategy) && overridden(strategyMacroName(strategy))) return { strategy, host };
  // dbt-duckdb stages the new rows with create_table_as(True, temp_relation, ...): a project's
  // create_table_as writes that staging, and the built-in strategy macros then read it.
  if (isBuiltInStrategy(strategy) && macroOverridden(host, node, 'create_table_as')) return { strategy, host };
  // dbt's own strategy macro only builds its SQL through a named helper macro; a project that
  // redefines that helper (or its dispatched duckdb__/default__ form) changes what the strategy runs.
  const helper = STRATEGY_HELPERS[strategy];
  if (!helper) return undefined;
  if (inScope(helper.name)) return { strategy, host, helper: { ...helper, dispatched: false } };
  if (helper.dispatched && overridden(helper.name)) return { strategy, host, helper: { ...helper, dispatched: true } };
  return undefined;
}

/** The strategies dbt-duckdb accepts whose get_incremental_<name>_sql dbt dispatches. */
function isBuiltInStrategy(strategy: string): boolean {
  return strategy === 'append' || strategy === 'delete+insert' || strategy === 'merge';
}

/** The helper macro dbt's built-in strategy macro hands its SQL to, and the arguments it passes (in dbt's order). */
interface StrategyHelper {
  name: string;
  args: readonly ('target_relation' | 'temp_relation' | 'unique_key' | 'dest_columns' | 'incremental_predicates')[];
  /** Whether dbt calls it through adapter.dispatch (so a duckdb__/default__ definition overrides it). */
  dispatched: boolean;
}

const STRATEGY_HELPERS: Record<string, StrategyHelper> = {
  'delete+insert': { name: 'get_delete_insert_merge_sql', args: ['target_relation', 'temp_relation', 'unique_key', 'dest_columns', 'incremental_predicates'], dispatched: true },
  append: { name: 'get_insert_into_sql', args: ['target_relation', 'temp_relation', 'dest_columns'], dispatched: false },
  // dbt-duckdb's merge strategy calls its duckdb__get_merge_sql by name, not through get_merge_sql.
  merge: { name: 'duckdb__get_merge_sql', args: ['target_relation', 'temp_relation', 'unique_key', 'dest_columns', 'incremental_predicates'], dispatched: false },
};

/** A strategy run through its macro, with the host that renders it. */
export interface CustomStrategy {
  strategy: string;
  host: JinjaMaterializationHost;
  /** Set when only the helper macro of a built-in strategy is redefined: the call dbt's strategy macro makes. */
  helper?: StrategyHelper;
}

/**
 * Runs one incremental delta through the strategy macro, inside the caller's transaction: the
 * new rows are staged in a temp table (dbt's `temp_relation`), the target's columns reconciled
 * per `on_schema_change`, and the SQL the macro returns for dbt's `arg_dict` is run. Returns
 * the rows the returned SQL reports changed.
 */
export async function applyCustomStrategy(
  node: CompiledNode,
  runner: SqlRunner,
  session: string,
  { host, strategy, helper }: CustomStrategy,
): Promise<number> {
  const dialect = runner.adapter.dialect;
  const targetSql = dialect.renderRelation({ database: node.database, schema: node.schema, identifier: node.alias });
  const tempIdentifier = `${node.alias}${TEMP_SUFFIX}`;
  const tempSql = dialect.quoteIdentifier(tempIdentifier);
  if (macroOverridden(host, node, 'create_table_as')) {
    await runner.run(`drop table if exists ${tempSql}`, session);
    const staging = host.render(
      `{{ create_table_as(True, api.Relation.create(identifier=_rh_temp, type='table'), _rh_sql, 'sql') }}`,
      { _rh_temp: tempIdentifier, _rh_sql: node.compiled_code ?? '' },
      session,
    );
    await runner.run(staging, session);
  } else await runner.run(`create or replace temp table ${tempSql} as (\n${wrappableSql(node.compiled_code ?? '')}\n)`, session);
  const sourceColumns = await describe(runner, session, tempSql);
  const targetColumns = await describe(runner, session, targetSql);
  const plan = planSchemaChange(dialect, targetSql, sourceColumns, targetColumns, onSchemaChange(node), node.name);
  for (const statement of plan.statements) await runner.run(statement, session);
  // dest_columns: the target's columns after reconciliation, as dbt's process_schema_changes returns them.
  const after = plan.statements.length > 0 ? await describe(runner, session, targetSql) : targetColumns;
  const destColumns = after.map((c) => new Column(c.name, c.dataType));

  const sql = host.render(
    `{%- set _rh_arg_dict = {
      'target_relation': api.Relation.create(database=_rh_target[0], schema=_rh_target[1], identifier=_rh_target[2], type='table'),
      'temp_relation': api.Relation.create(identifier=_rh_temp, type='table'),
      'unique_key': _rh_unique_key,
      'dest_columns': _rh_dest_columns,
      'incremental_predicates': _rh_predicates,
    } -%}
    {{- ${strategyCall(helper)} -}}`,
    {
      _rh_target: [node.database, node.schema, node.alias],
      _rh_temp: tempIdentifier,
      _rh_unique_key: node.config['unique_key'] ?? null,
      _rh_dest_columns: destColumns,
      _rh_predicates: predicatesAsConfigured(node),
      _rh_strategy: strategy,
    },
    // The macro may query temp_relation (run_query): it exists on this transaction's session only.
    session,
  );
  let rows = 0;
  if (sql.trim() !== '') rows = (await runner.runMain(sql, session)).rowsChanged;
  await runner.run(`drop table if exists ${tempSql}`, session);
  return rows;
}

/**
 * arg_dict's incremental_predicates as dbt-duckdb's materialization builds it,
 * `config.get('predicates') or config.get('incremental_predicates')`: the value as written (a
 * string, a list, even a mapping), so the strategy macro (or dbt-duckdb's own check in its
 * merge) sees what the model configured.
 */
function predicatesAsConfigured(node: CompiledNode): unknown {
  const legacy = node.config['predicates'];
  return pythonTruthy(legacy) ? legacy : node.config['incremental_predicates'] ?? null;
}

/** Python's truth value of a config value: empty strings, lists and mappings, zero and None are false. */
function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** The Jinja expression producing the strategy's SQL: its macro, or the helper dbt's own strategy macro calls. */
function strategyCall(helper: StrategyHelper | undefined): string {
  if (!helper) return 'adapter.get_incremental_strategy_macro(none, _rh_strategy)(_rh_arg_dict)';
  const callee = helper.dispatched ? `adapter.dispatch('${helper.name}', 'dbt')` : helper.name;
  return `${callee}(${helper.args.map((a) => `_rh_arg_dict['${a}']`).join(', ')})`;
}

async function describe(runner: SqlRunner, session: string, relationSql: string): Promise<ColumnInfo[]> {
  return (await runner.run(`select * from ${relationSql} limit 0`, session)).columns;
}
