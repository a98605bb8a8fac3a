// A generic test's inputs under `arguments:` (dbt 1.10+), and dbt's deprecation for inputs
// written as top-level keys beside the test's config.
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { LoadState } from './load-state.js';
import { isRecord } from './yaml-file.js';

// Top-level keys of a test entry that are not inputs: its config (dbt's CONFIG_ARGS), the
// `config:` block, its name and description, and `column_name`, which dbt never counts (a
// model-level test names its column there, as a column's tests get it implicitly).
const NOT_INPUTS = new Set([
  'config', 'name', 'description', 'test_name', 'column_name',
  'severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema', 'alias',
]);

/** dbt's code for the deprecation, as --warn-error-options names it. */
export const TOP_LEVEL_TEST_ARGUMENTS_CODE = 'test-arguments-top-level';

// One warning per project load, as dbt shows a deprecation once; later occurrences are counted.
const warned = new WeakMap<LoadState, { diagnostic: Diagnostic; count: number }>();

/**
 * A test entry's arguments with `arguments:` merged in (its values win over top-level keys, as
 * in dbt). With the `require_generic_test_arguments_property` behaviour flag on (dbt's default
 * since 1.10.8), inputs written at the top level warn as dbt's MissingArgumentsPropertyInGenericTestDeprecation.
 */
export function mergeTestArguments(state: LoadState, args: Record<string, unknown>, testName: string, where: SourceLocation): Record<string, unknown> {
  if (isRecord(args.arguments)) {
    const { arguments: inputs, ...rest } = args;
    return { ...rest, ...(inputs as Record<string, unknown>) };
  }
  if (state.rootProject.flags?.require_generic_test_arguments_property === false) return args;
  let topLevel = false;
  for (const key in args) if (!NOT_INPUTS.has(key)) { topLevel = true; break; }
  if (!topLevel) return args;
  const one: Diagnostic = {
    code: TOP_LEVEL_TEST_ARGUMENTS_CODE,
    severity: 'warning',
    message: `Found top-level arguments to test \`${testName}\`. Arguments to generic tests should be nested under the \`arguments\` property.`,
    location: where,
    hint: "Move the test's inputs under `arguments:`.",
    // dbt's event names the test its message is about.
    event: { data: { test_name: testName } },
  };
  const seen = warned.get(state);
  if (seen) {
    seen.count++;
    seen.diagnostic.occurrences = seen.count;
    seen.diagnostic.hint = `Move the tests' inputs under \`arguments:\` (${seen.count} tests have top-level arguments).`;
    seen.diagnostic.each?.push(one);
    return args;
  }
  const diagnostic: Diagnostic = { ...one, each: [one] };
  warned.set(state, { diagnostic, count: 1 });
  state.diagnostics.push(diagnostic);
  return args;
}
