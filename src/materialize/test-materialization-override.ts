// A root project's own `{% materialization test %}` block. dbt runs a block the root project
// defines in place of its built-in test materialization (packages that record test results,
// such as elementary, ask projects to add one that wraps dbt.materialization_test_default), then
// reads the test's verdict from the block's `main` statement. Packages' own blocks for built-in
// names stay ignored, as dbt ignores them unless a project opts out of
// require_explicit_package_overrides_for_builtin_materializations.
import { userError } from '../core/diagnostic.js';
import { recordedRelation, renderMaterialization, returnedRelations, type MaterializationMacro } from './jinja-materialization.js';
import type { SqlRunner } from './sql-runner.js';
import { auditRelation, storeFailuresAs, testVerdict } from './test-node.js';
import type { BuildOutcome, JinjaMaterializationHost, MaterializeContext } from './types.js';

/** The root project's test materialization macro for this adapter, if it wrote one. */
export function rootTestMaterialization(host: JinjaMaterializationHost, adapterType: string): MaterializationMacro | undefined {
  let names = found.get(host.macros);
  if (!names) {
    names = new Set(Object.values(host.macros).filter((m) => m.package_name === host.rootPackage).map((m) => m.name));
    found.set(host.macros, names);
  }
  for (const macroName of [`materialization_test_${adapterType}`, 'materialization_test_default']) {
    if (names.has(macroName)) return { packageName: host.rootPackage, macroName };
  }
  return undefined;
}

// Looked up once per project's macros, not for each of thousands of tests.
const found = new WeakMap<JinjaMaterializationHost['macros'], Set<string>>();

/** Runs the block for a data test; its `main` result's one row decides pass, warn or fail. */
export async function runRootTestMaterialization(
  ctx: MaterializeContext,
  host: JinjaMaterializationHost,
  macro: MaterializationMacro,
  runner: SqlRunner,
): Promise<BuildOutcome> {
  // A test that stores its failures is relational to dbt, whose run creates its schema first.
  if (storeFailuresAs(ctx)) await runner.createSchema(auditRelation(ctx));
  const { returned, main } = renderMaterialization(ctx, host, macro, runner);
  const relations = returnedRelations(returned, 'test', ctx.node.original_file_path);
  const outcome = testVerdict(ctx.node, mainRows(main, ctx.node.unique_id, ctx.node.original_file_path));
  const first = relations[0];
  if (first) {
    const relation = await recordedRelation(ctx, first);
    if (relation) outcome.relation = relation;
  }
  return outcome;
}

// load_result('main').table's rows as plain lists (dbt reads the agate table the same way).
function mainRows(main: unknown, uniqueId: string, file: string): unknown[][] {
  const table = main && typeof main === 'object' ? (main as { table?: unknown }).table : undefined;
  const rows = table && typeof table === 'object' ? (table as { rows?: unknown }).rows : undefined;
  if (!Array.isArray(rows)) {
    throw userError('test-result-invalid', `dbt internally failed to execute ${uniqueId}: the test materialization ran no 'main' statement that fetched a result`, { file });
  }
  return rows.map((row) => (Array.isArray(row) ? [...(row as unknown[])] : []));
}
