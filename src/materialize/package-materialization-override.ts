// dbt's PackageMaterializationOverrideDeprecation: fired each time a node runs an installed
// package's block for a built-in materialization, which it does only when the root project sets
// require_explicit_package_overrides_for_builtin_materializations to false. dbt shows the first
// and counts every one in its closing DeprecationsSummary.
import type { Diagnostic } from '../core/diagnostic.js';

/** True when dbt_project.yml's `flags:` lets installed packages override built-in materializations. */
export function allowsPackageOverrides(projectFlags: Record<string, unknown> | undefined): boolean {
  return projectFlags?.['require_explicit_package_overrides_for_builtin_materializations'] === false;
}

/** The deprecation warning for a node that ran `packageName`'s block for the built-in `materialization`. */
export function packageOverrideDeprecation(packageName: string, materialization: string, file: string): Diagnostic {
  return {
    code: 'package-materialization-override',
    severity: 'warning',
    message:
      `Installed package '${packageName}' is overriding the built-in materialization '${materialization}'. ` +
      'Overrides of built-in materializations from installed packages will be deprecated in future versions of dbt. ' +
      'Please refer to https://docs.getdbt.com/reference/global-configs/legacy-behaviors#require_explicit_package_overrides_for_builtin_materializations for detailed documentation and suggested workarounds.',
    location: { file },
  };
}
