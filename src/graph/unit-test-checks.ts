// dbt's parse-time rules for unit tests: the tested model must exist, and a test of a model that
// calls is_incremental() must say whether the model runs incrementally (an incremental run needs
// the rows already in `this`).
import { ReelhouseError, type Diagnostic } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';

/** Raises dbt's parse errors for unit tests of models calling is_incremental() that lack its override or a `this` input. */
export function checkIncrementalUnitTests(manifest: Manifest): void {
  for (const unit of Object.values(manifest.unit_tests ?? {})) {
    if (unit.config?.enabled === false) continue;
    const modelId = unit.depends_on?.nodes?.find((id) => id.startsWith('model.'));
    const model = modelId ? manifest.nodes[modelId] : undefined;
    // dbt asks for the override when the model's SQL calls is_incremental(), whatever its
    // materialization: an incremental model that never calls it needs none.
    if (!model || !model.depends_on?.macros?.includes('macro.dbt.is_incremental')) continue;
    const overrides = (unit.overrides ?? {}) as { macros?: Record<string, unknown> };
    const incremental = overrides.macros?.['is_incremental'];
    const location = unit.origin?.file ? { file: unit.origin.file, ...(unit.origin.line ? { line: unit.origin.line } : {}) } : undefined;
    const fail = (message: string, hint: string): never => {
      const diagnostic: Diagnostic = { code: 'unit-test-invalid', severity: 'error', message, hint };
      if (location) diagnostic.location = location;
      throw new ReelhouseError(diagnostic);
    };
    if (typeof incremental !== 'boolean') {
      fail(`Boolean override for 'is_incremental' must be provided for unit test '${unit.name}' in model '${model.name}'`,
        'Add overrides: {macros: {is_incremental: true}} (or false) to the unit test.');
    }
    if (incremental === true && !unit.given.some((g) => g.input.trim() === 'this')) {
      fail(`Unit test '${unit.name}' for incremental model '${model.name}' must have a 'this' input`,
        "Add a given: entry with input: this and the rows the model's table holds before the run.");
    }
  }
}

/**
 * dbt's parse error for a unit test whose `model:` names no model: dbt looks the model up in the
 * root project once parsing is done, and names that project in its message.
 */
export function testedModelNotFound(
  unit: { name: string; model?: unknown; package_name: string; original_file_path?: string },
  rootProject: string,
  suggestion: string | undefined,
): { message: string; hint: string } {
  const model = `${rootProject || unit.package_name}.${String(unit.model)}`;
  return {
    message: `Unable to find model '${model}' for unit test '${unit.name}' in ${unit.original_file_path ?? '?'}`,
    hint: suggestion ? `Did you mean '${suggestion}'?` : "A unit test's model: must name a model of the project.",
  };
}
