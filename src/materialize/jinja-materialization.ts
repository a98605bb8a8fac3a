// A model whose `materialized` names no built-in materialization runs the project's (or a
// package's) `{% materialization %}` block, as dbt does: the macro is looked up by name and
// adapter, called in the model's render context plus the names dbt's materialization context
// adds (sql, pre_hooks, post_hooks...), and what it returns (`{'relations': [...]}`) and its
// `main` statement's response become the node's result. Its statements run synchronously
// through the renderer's database bridge, on the warehouse the node is built in.
import { userError } from '../core/diagnostic.js';
import type { RelationType } from '../adapters/adapter.js';
import type { MacroNode } from '../project/types.js';
import { pyStr } from '../templating/index.js';
import { hookDicts } from '../project/context/index.js';
import type { SqlRunner } from './sql-runner.js';
import type { BuildOutcome, JinjaMaterializationHost, MaterializeContext, NodeExecution } from './types.js';

/** dbt's own macros (its global project): the lowest precedence when looking a materialization up. */
const CORE_PACKAGE = 'dbt';

/** The macro a materialization resolves to. */
export interface MaterializationMacro {
  packageName: string;
  macroName: string;
}

/**
 * dbt's find_materialization_macro_by_name: `materialization_<name>_<adapter>` before
 * `materialization_<name>_default` (in any package), and within each the root project's
 * macro, then an installed package's, then dbt's own.
 */
export function findMaterializationMacro(
  macros: Record<string, MacroNode>,
  name: string,
  adapterType: string,
  rootPackage: string,
): MaterializationMacro | undefined {
  const locality = (pkg: string): number => (pkg === rootPackage ? 2 : pkg === CORE_PACKAGE ? 0 : 1);
  for (const specificity of [adapterType, 'default']) {
    const macroName = `materialization_${name}_${specificity}`;
    let best: MacroNode | undefined;
    for (const macro of Object.values(macros)) {
      if (macro.name !== macroName) continue;
      // Between two installed packages the first by name wins, so a run does not depend on load order.
      if (!best || locality(macro.package_name) > locality(best.package_name) ||
        (locality(macro.package_name) === locality(best.package_name) && macro.package_name < best.package_name)) best = macro;
    }
    if (best) return { packageName: best.package_name, macroName };
  }
  return undefined;
}

/**
 * Runs a `{% materialization %}` macro for the node. Errors raised by the macro (a compiler
 * error, a failing statement) are thrown, as a model's render errors are.
 */
export async function runJinjaMaterialization(
  ctx: MaterializeContext,
  host: JinjaMaterializationHost,
  found: MaterializationMacro,
  materialized: string,
  runner: SqlRunner,
): Promise<BuildOutcome> {
  const { returned, main } = renderMaterialization(ctx, host, found, runner);
  const relations = returnedRelations(returned, materialized, ctx.node.original_file_path);
  const response = responseOf(main);
  const outcome: BuildOutcome = {
    status: 'success', message: response.message, code: response.code, rowsAffected: response.rowsAffected, adapterResponse: response.recorded,
  };
  const first = relations[0];
  if (first) {
    const relation = await recordedRelation(ctx, first);
    if (relation) outcome.relation = relation;
  }
  return outcome;
}

/** Calls the block in the node's context: what it returned, and its `main` statement's result (load_result('main')). */
export function renderMaterialization(
  ctx: MaterializeContext,
  host: JinjaMaterializationHost,
  found: MaterializationMacro,
  runner: SqlRunner,
): { returned: unknown; main: unknown } {
  const node = ctx.node;
  let returned: unknown;
  let main: unknown;
  const capture = (value: unknown, mainResult: unknown): string => {
    returned = value;
    main = mainResult;
    return '';
  };
  host.render(
    `{%- set _rh_returned = ${found.packageName}.${found.macroName}() -%}{{- _rh_materialization_done(_rh_returned, load_result('main')) -}}`,
    {
      sql: node.compiled_code ?? '',
      compiled_code: node.compiled_code ?? '',
      pre_hooks: hookDicts(node, 'pre-hook'),
      post_hooks: hookDicts(node, 'post-hook'),
      // statement('main') hands its SQL over for target/run, where dbt's write() puts it.
      _record_main_sql: (text: unknown) => {
        runner.recordMain(pyStr(text));
        return '';
      },
      _rh_materialization_done: capture,
    },
  );
  return { returned, main };
}

/** dbt's _materialization_relations: the macro must return `{'relations': [...]}`. */
export function returnedRelations(value: unknown, materialized: string, file: string): Record<string, unknown>[] {
  const fail = (message: string) => userError('compiler-error', message, { file });
  if (typeof value === 'string' || value === undefined) {
    throw fail(`The materialization ("${materialized}") did not explicitly return a list of relations to add to the cache.`);
  }
  if (!isPlainDict(value)) throw fail(`Invalid return value from materialization, expected a dict with key "relations", got: ${pyStr(value)}`);
  if (!('relations' in value)) {
    throw fail(`Invalid return value from materialization, "relations" not found, got keys: [${Object.keys(value).map((k) => `'${k}'`).join(', ')}]`);
  }
  const relations = value['relations'];
  if (!Array.isArray(relations)) throw fail(`Invalid return value from materialization, "relations" not a list, got: ${pyStr(relations)}`);
  return relations.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object');
}

function isPlainDict(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The `main` statement's adapter response: the node's message (dbt: `str(load_result('main').response)`)
 * and what run_results.json records, the response's fields that are set (dbt: `to_dict(omit_none=True)`).
 */
function responseOf(main: unknown): { message: string; code: string | null; rowsAffected: number | null; recorded: Record<string, unknown> } {
  const response = main && typeof main === 'object' ? (main as Record<string, unknown>)['response'] : undefined;
  if (!response || typeof response !== 'object') return { message: 'OK', code: null, rowsAffected: null, recorded: {} };
  const r = response as Record<string, unknown>;
  const message = r['_message'] === null || r['_message'] === undefined ? 'OK' : String(r['_message']);
  const rows = typeof r['rows_affected'] === 'number' && r['rows_affected'] >= 0 ? r['rows_affected'] : null;
  const recorded: Record<string, unknown> = {};
  for (const key of ['_message', 'code', 'rows_affected', 'query_id']) {
    if (r[key] !== null && r[key] !== undefined) recorded[key] = r[key];
  }
  return { message, code: typeof r['code'] === 'string' ? r['code'] : null, rowsAffected: rows, recorded };
}

/** The first returned relation as run results record it, its type as the warehouse now has it. */
export async function recordedRelation(ctx: MaterializeContext, relation: Record<string, unknown>): Promise<NodeExecution['relation']> {
  const identifier = relation['identifier'];
  const schema = relation['schema'];
  if (typeof identifier !== 'string' || typeof schema !== 'string') return undefined;
  const database = typeof relation['database'] === 'string' ? relation['database'] : ctx.adapter.defaultDatabase;
  const found = await ctx.adapter.getRelation({ database, schema, identifier });
  const declared = relation['type'];
  const type: RelationType = found?.type ?? (declared === 'view' || declared === 'external' || declared === 'materialized_view' ? declared : 'table');
  return { database, schema, identifier, type };
}
