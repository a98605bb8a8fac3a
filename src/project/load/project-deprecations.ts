// dbt_project.yml settings dbt still honours but warns about (dbt's deprecations
// project-config-source-paths, -data-paths, -log-path and -target-path), with dbt's wording.
// As dbt: log-path and target-path set to their defaults ('logs', 'target') are no warning, and
// a renamed key given beside its new name is an error.
import { userError, type Diagnostic } from '../../core/diagnostic.js';

/** A deprecated dbt_project.yml key: the diagnostic code, dbt's event name and its message. */
interface ProjectKeyDeprecation {
  /** The key's new name, when it was renamed. */
  renamedTo?: string;
  /** The value that is no warning (the default many projects still spell out). */
  harmless?: string;
  code: string;
  event: string;
  message: string;
  hint: string;
}

const DEPRECATED_KEYS: Record<string, ProjectKeyDeprecation> = {
  'source-paths': {
    renamedTo: 'model-paths',
    code: 'project-config-source-paths',
    event: 'ConfigSourcePathDeprecation',
    message: 'The `source-paths` config has been renamed to `model-paths`. Please update your `dbt_project.yml` configuration to reflect this change.',
    hint: 'Rename source-paths: to model-paths:.',
  },
  'data-paths': {
    renamedTo: 'seed-paths',
    code: 'project-config-data-paths',
    event: 'ConfigDataPathDeprecation',
    message: 'The `data-paths` config has been renamed to `seed-paths`. Please update your `dbt_project.yml` configuration to reflect this change.',
    hint: 'Rename data-paths: to seed-paths:.',
  },
  'log-path': {
    harmless: 'logs',
    code: 'project-config-log-path',
    event: 'ConfigLogPathDeprecation',
    message: 'The `log-path` config in `dbt_project.yml` has been deprecated, and will no longer be supported in a future version of dbt-core. If you wish to write dbt logs to a custom directory, please use the --log-path CLI flag or DBT_LOG_PATH env var instead.',
    hint: 'Remove log-path: and pass --log-path (or set DBT_LOG_PATH).',
  },
  'target-path': {
    harmless: 'target',
    code: 'project-config-target-path',
    event: 'ConfigTargetPathDeprecation',
    message: 'The `target-path` config in `dbt_project.yml` has been deprecated, and will no longer be supported in a future version of dbt-core. If you wish to write dbt artifacts to a custom directory, please use the --target-path CLI flag or DBT_TARGET_PATH env var instead.',
    hint: 'Remove target-path: and pass --target-path (or set DBT_TARGET_PATH).',
  },
};

/** dbt's event name for each deprecation code given here (what --warn-error-options lists). */
export const PROJECT_DEPRECATION_EVENTS: Record<string, string> = Object.fromEntries(Object.values(DEPRECATED_KEYS).map((d) => [d.code, d.event]));

/** The deprecation warnings for a rendered dbt_project.yml's settings; the settings keep working. */
export function projectKeyDeprecations(data: Record<string, unknown>, locate: (key: string) => { file: string; line: number }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [key, deprecation] of Object.entries(DEPRECATED_KEYS)) {
    if (!(key in data)) continue;
    const renamed = deprecation.renamedTo;
    if (renamed !== undefined && renamed in data) {
      throw userError(
        'project-invalid',
        `${key} and ${renamed} cannot both be defined. The \`${key}\` config has been deprecated in favor of \`${renamed}\`. Please update your \`dbt_project.yml\` configuration to reflect this change.`,
        locate(key),
        `Keep ${renamed}: and delete ${key}:.`,
      );
    }
    if (deprecation.harmless !== undefined && data[key] === deprecation.harmless) continue;
    const fields = renamed === undefined ? { deprecated_path: key } : { deprecated_path: key, exp_path: renamed };
    out.push({ code: deprecation.code, severity: 'warning', message: deprecation.message, location: locate(key), hint: deprecation.hint, event: { data: fields } });
  }
  return out;
}
