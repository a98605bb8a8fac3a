// A `{% materialization test %}` block that runs in place of the built-in test materialization.
// dbt runs a block the root project defines (packages that record test results, such as
// elementary, ask projects to add one that wraps dbt.materialization_test_default), then reads
// the test's verdict from the block's `main` statement. An installed package's own block for the
// built-in name runs only when the root project opts out of
// require_explicit_package_overrides_for_builtin_materializations (as elementary's setup asks);
// otherwise dbt ignores it.
import { userError } from '../core/diagnostic.js';
import { recordedRelation, renderMaterialization, returnedRelations, type MaterializationMacro } from './jinja-materialization.js';
import type { SqlRunner } from './sql-runner.js';
import { auditRelation, storeFailuresAs, testVerdict } from './test-node.js';
import type { BuildOutcome, JinjaMaterializationHost, MaterializeContext } from './types.js';

/**
 * The test materialization block that replaces the built-in one, if any: dbt's lookup, which
 * takes `materialization_test_<adapter>` before `materialization_test_default` and, for each,
 * the root project's block before an installed package's (the first package by name) before
 * dbt's own. A package's block counts only when `host.packageOverrides` is set.
 */
export function testMaterializationOverride(host: JinjaMaterializationHost, adapterType: string): MaterializationMacro | undefined {
  let packagesByName = found.get(host.macros);
  if (!packagesByName) {
    packagesByName = new Map();
    for (const m of Object.values(host.macros)) {
      if (!m.name.startsWith('materialization_test_')) continue;
      packagesByName.set(m.name, [...(packagesByName.get(m.name) ?? []), m.package_name]);
    }
    found.set(host.macros, packagesByName);
  }
  // dbt's own macros and its adapter's are the built-in ones.
  const builtin = (pkg: string): boolean => pkg === 'dbt' || pkg === `dbt_${adapterType}`;
  for (const macroName of [`materialization_test_${adapterType}`, 'materialization_test_default']) {
    const packages = packagesByName.get(macroName) ?? [];
    if (packages.includes(host.rootPackage)) return { packageName: host.rootPackage, macroName };
    const installed = packages.filter((p) => p !== host.rootPackage && !builtin(p)).sort();
    if (installed[0] !== undefined && host.packageOverrides) return { packageName: installed[0], macroName };
    // Without the opt-out dbt passes over the package's block to the next non-package one.
    if (packages.some(builtin)) return undefined;
  }
  return undefined;
}

// Looked up once per project's macros, not for each of thousands of tests.
const found = new WeakMap<JinjaMaterializationHost['macros'], Map<string, string[]>>();

/** Runs the block for a data test; its `main` result's one row decides pass, warn or fail. */
export async function runTestMaterializationOverride(
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
