// profiles.yml's top-level `config:` block: dbt's user config from before 1.8, when the same
// settings moved to `flags:` in dbt_project.yml. dbt still reads it (with a deprecation warning)
// when the project sets no flags, and refuses the two together.
import { userError, type Diagnostic } from '../../core/diagnostic.js';
import type { ProjectConfig } from './load-types.js';

/** The wording of dbt's ProjectFlagsMovedDeprecation. */
export const PROJECT_FLAGS_MOVED = "User config should be moved from the 'config' key in profiles.yml to the 'flags' key in dbt_project.yml.";

/** Takes profiles.yml's `config:` as the project's flags, as dbt does, warning that it moved. */
export function applyUserConfig(project: ProjectConfig, config: Record<string, unknown>, location: { file: string; line: number }, diagnostics: Diagnostic[]): void {
  if (Object.keys(project.flags).length > 0) {
    throw userError(
      'project-flags-conflict',
      "Do not specify both 'config' in profiles.yml and 'flags' in dbt_project.yml. Using 'config' in profiles.yml is deprecated.",
      location,
      "Move the settings under profiles.yml's config: to flags: in dbt_project.yml and delete the config: block.",
    );
  }
  project.flags = { ...config };
  diagnostics.push({ code: 'project-flags-moved', severity: 'warning', message: PROJECT_FLAGS_MOVED, location, hint: 'Move them under flags: in dbt_project.yml.' });
}
