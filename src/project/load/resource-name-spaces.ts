// dbt 1.10 refuses resource names with spaces (a model file `dim apps.sql`): the behaviour flag
// `require_resource_names_without_spaces` matured to true in 1.10, so parsing stops with
// "Resource names cannot contain spaces". A project that sets the flag to false in its `flags:`
// gets dbt's ResourceNamesWithSpacesDeprecation warning instead, and its nodes build as named.
// https://docs.getdbt.com/reference/global-configs/behavior-flags/require_resource_names_without_spaces
import { userError, type Diagnostic, type SourceLocation } from '../../core/diagnostic.js';
import type { Manifest } from '../types.js';

/** The diagnostic code, which --warn-error-options knows as ResourceNamesWithSpacesDeprecation. */
export const RESOURCE_NAME_SPACES_CODE = 'resource-names-with-spaces';

/**
 * Checks the enabled nodes of a parsed manifest (after config() has run, as dbt checks them):
 * throws dbt's error when a name holds a space and the flag is on (its default), and returns
 * the deprecation warning when the project turned the flag off.
 */
export function checkResourceNameSpaces(manifest: Manifest, projectFlags: Record<string, unknown> | null | undefined): Diagnostic[] {
  const offending = Object.values(manifest.nodes).filter((node) => node.config.enabled !== false && node.name.includes(' '));
  const first = offending[0];
  if (!first) return [];
  const location: SourceLocation | undefined = first.origin?.file ? { file: first.origin.file, line: first.origin.line } : undefined;
  const others = offending.length > 1 ? ` (and ${offending.length - 1} more)` : '';
  if (projectFlags?.['require_resource_names_without_spaces'] !== false) {
    throw userError(
      RESOURCE_NAME_SPACES_CODE,
      `Resource names cannot contain spaces: found spaces in the name of \`${first.unique_id}\`${others}.`,
      location,
      'Rename the file so its name has letters, numbers and underscores only (for example dim_apps_1.sql), ' +
        'or set `flags: {require_resource_names_without_spaces: false}` in dbt_project.yml to allow it, as dbt does.',
    );
  }
  return [
    {
      code: RESOURCE_NAME_SPACES_CODE,
      severity: 'warning',
      message: `Spaces found in ${offending.length} resource name(s). This is deprecated, and may lead to errors when using dbt. First: \`${first.unique_id}\`.`,
      hint: 'Rename the files so their names have letters, numbers and underscores only.',
      ...(location ? { location } : {}),
    },
  ];
}
