// Where a project or package replaces one of the dbt macros that dbt's own materializations call.
// Reelhouse runs its native statements for a built-in materialization; when the macro dbt would
// call there resolves to a user's macro, that macro's SQL must run instead. dbt finds a macro two
// ways: by bare name in the node's context (the root project's and the node's own package's
// macros before dbt's), and through adapter.dispatch(name, 'dbt'), which searches the packages of
// the 'dbt' namespace's `dispatch:` search order (by default the root project, then dbt), each
// with every adapter prefix.
import type { RelationRef } from '../adapters/adapter.js';
import type { CompiledNode, MacroNode } from '../project/types.js';
import type { JinjaMaterializationHost, MaterializeContext } from './types.js';

/** dbt's own macros' package name in a search order. */
const CORE_PACKAGE = 'dbt';

/** The packages whose macros are dbt's own: dbt's and the adapter plugin's. */
const INTERNAL_PACKAGES = new Set([CORE_PACKAGE, 'dbt_duckdb']);

/** The adapter whose prefix adapter.dispatch tries before `default__` when none is named. */
const DEFAULT_ADAPTER = 'duckdb';

/** Whether a macro named `name` outside dbt's own is in scope by bare name for `node`. */
export function macroInScope(host: JinjaMaterializationHost, node: CompiledNode, name: string): boolean {
  return (
    macrosByName(host.macros)
      .get(name)
      ?.some((m) => !INTERNAL_PACKAGES.has(m.package_name) && (m.package_name === host.rootPackage || m.package_name === node.package_name)) ?? false
  );
}

/** Whether adapter.dispatch(name, 'dbt') calls a macro outside dbt's own. */
export function dispatchOverridden(host: JinjaMaterializationHost, name: string): boolean {
  return dispatchedOverride(host, name) !== undefined;
}

/** The `package.macro` adapter.dispatch(name, 'dbt') calls when it is outside dbt's own, else undefined. */
export function dispatchedOverride(host: JinjaMaterializationHost, name: string, adapterType = DEFAULT_ADAPTER): string | undefined {
  const found = dispatchTarget(host, name, adapterType);
  return found && !INTERNAL_PACKAGES.has(found.package_name) ? `${found.package_name}.${found.name}` : undefined;
}

/** Whether dbt's call of `name` (a dbt macro that dispatches in the 'dbt' namespace) reaches a user's macro either way. */
export function macroOverridden(host: JinjaMaterializationHost, node: CompiledNode, name: string): boolean {
  return macroInScope(host, node, name) || dispatchOverridden(host, name);
}

/**
 * The create statement for a table or view model's staged relation when the project or a package
 * replaces the macro dbt's materialization builds it with: dbt-duckdb's table materialization
 * calls create_table_as(False, relation, compiled_code, language), dbt's view materialization
 * get_create_view_as_sql(relation, sql), which calls create_view_as. Undefined: no override, the
 * native statement runs.
 */
export function createStatementOverride(ctx: MaterializeContext, type: 'table' | 'view'): ((staged: RelationRef) => string) | undefined {
  const host = ctx.jinja;
  if (!host) return undefined;
  const reached = type === 'table' ? ['create_table_as'] : ['get_create_view_as_sql', 'create_view_as'];
  if (!reached.some((name) => macroOverridden(host, ctx.node, name))) return undefined;
  const call = type === 'table' ? "create_table_as(False, _rh_relation, _rh_sql, 'sql')" : 'get_create_view_as_sql(_rh_relation, _rh_sql)';
  return (staged) =>
    host.render(
      `{%- set _rh_relation = api.Relation.create(database=_rh_at[0], schema=_rh_at[1], identifier=_rh_at[2], type=_rh_type) -%}{{ ${call} }}`,
      { _rh_at: [staged.database ?? null, staged.schema ?? null, staged.identifier], _rh_type: type, _rh_sql: ctx.node.compiled_code ?? '' },
    );
}

/**
 * A project's replacements of the macros dbt's snapshot materialization stamps and hashes with:
 * snapshot_get_time() (the snapshot time) and snapshot_hash_arguments(parts) (dbt_scd_id). Each
 * is absent when dbt's own would run.
 */
export function snapshotMacroOverrides(ctx: MaterializeContext): { now?: string; hash?: (parts: string[]) => string } {
  const host = ctx.jinja;
  const out: { now?: string; hash?: (parts: string[]) => string } = {};
  if (!host) return out;
  if (macroOverridden(host, ctx.node, 'snapshot_get_time')) out.now = `(${host.render('{{ snapshot_get_time() }}', {}).trim()})`;
  if (macroOverridden(host, ctx.node, 'snapshot_hash_arguments')) {
    out.hash = (parts) => `(${host.render('{{ snapshot_hash_arguments(_rh_parts) }}', { _rh_parts: parts }).trim()})`;
  }
  return out;
}

/**
 * Whether the project replaces the macro of the snapshot's built-in strategy (snapshot_timestamp_strategy,
 * snapshot_check_strategy): dbt finds a strategy's macro by name in the snapshot's context, so the
 * project's macro decides the strategy's pieces as a custom strategy's would.
 */
export function builtInStrategyReplaced(ctx: MaterializeContext): boolean {
  const strategy = ctx.node.config['strategy'];
  return ctx.jinja !== undefined && (strategy === 'timestamp' || strategy === 'check') && macroInScope(ctx.jinja, ctx.node, `snapshot_${strategy}_strategy`);
}

/** The macro adapter.dispatch(name, 'dbt') calls, or undefined when no package has one. */
function dispatchTarget(host: JinjaMaterializationHost, name: string, adapterType: string): MacroNode | undefined {
  const named = macrosByName(host.macros);
  const order = host.dispatch?.find((d) => d.macro_namespace === CORE_PACKAGE)?.search_order ?? [host.rootPackage, CORE_PACKAGE];
  for (const pkg of order) {
    for (const prefix of [adapterType, 'default']) {
      const found = named.get(`${prefix}__${name}`)?.find((m) => (pkg === CORE_PACKAGE ? INTERNAL_PACKAGES.has(m.package_name) : m.package_name === pkg));
      if (found) return found;
    }
  }
  return undefined;
}

/** Each project's macros by name, built once: a build asks for several names per node, and a project holds a thousand macros. */
const macroNameIndex = new WeakMap<Record<string, MacroNode>, Map<string, MacroNode[]>>();

function macrosByName(macros: Record<string, MacroNode>): Map<string, MacroNode[]> {
  let index = macroNameIndex.get(macros);
  if (!index) {
    index = new Map();
    for (const macro of Object.values(macros)) {
      const list = index.get(macro.name);
      if (list) list.push(macro);
      else index.set(macro.name, [macro]);
    }
    macroNameIndex.set(macros, index);
  }
  return index;
}

/**
 * How a node's schema is created when the project replaces dbt's create_schema macro (by name, or
 * its duckdb__/default__ implementation for adapter.dispatch): dbt creates each schema of the run
 * through adapter.create_schema, which runs that macro. Undefined: no override, the native
 * statement runs.
 */
export function createSchemaOverride(ctx: MaterializeContext): ((schema: RelationRef) => void) | undefined {
  const host = ctx.jinja;
  if (!host || !macroOverridden(host, ctx.node, 'create_schema')) return undefined;
  // Once per schema in a run, as dbt calls it before the nodes run: the run's macros stand for the run.
  let created = schemasCreated.get(host.macros);
  if (!created) schemasCreated.set(host.macros, (created = new Set()));
  const done = created;
  return (schema) => {
    const key = `${schema.database ?? ''}\u0000${schema.schema}`.toLowerCase();
    if (done.has(key)) return;
    host.render('{%- do adapter.create_schema(api.Relation.create(database=_rh_at[0], schema=_rh_at[1])) -%}', { _rh_at: [schema.database ?? null, schema.schema] });
    done.add(key);
  };
}

const schemasCreated = new WeakMap<object, Set<string>>();
