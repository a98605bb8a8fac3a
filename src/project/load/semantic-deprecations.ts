// The deprecations dbt reports while validating the semantic layer, which it does only when the
// project has both metrics and semantic models: cumulative metrics whose window or
// grain_to_date sit directly under type_params (MFCumulativeTypeParamsDeprecation), and a daily
// time spine that is still the legacy `metricflow_time_spine` model, found by its name rather
// than declared with `time_spine:` in YAML (MFTimespineWithoutYamlConfigurationDeprecation).
import { join } from 'node:path';
import { userError, type Diagnostic, type SourceLocation } from '../../core/diagnostic.js';
import type { CompiledNode, Manifest } from '../types.js';
import type { PackageContext } from './load-state.js';
import { checkSemanticNames } from './semantic-names.js';

/** dbt's deprecation names, as --warn-error-options knows them through the CLI's event map. */
export const LEGACY_TIME_SPINE_CODE = 'mf-timespine-without-yaml-configuration';
export const CUMULATIVE_TYPE_PARAMS_CODE = 'mf-cumulative-type-params-deprecation';

const LEGACY_TIME_SPINE_MODEL = 'metricflow_time_spine';
const BEHAVIOR_CHANGES = 'https://docs.getdbt.com/reference/global-configs/behavior-changes';

/**
 * The semantic-layer deprecation warnings due for a loaded manifest, in dbt's order. With the
 * `require_nested_cumulative_type_params` flag on, un-nested cumulative params are an error
 * instead; with `require_yaml_configuration_for_mf_time_spines` on, the legacy spine is silent.
 */
export function semanticLayerDeprecations(manifest: Manifest, flags: Record<string, unknown>, packages: readonly PackageContext[]): Diagnostic[] {
  if (Object.keys(manifest.metrics).length === 0 || Object.keys(manifest.semantic_models).length === 0) return [];
  // The same validation refuses names MetricFlow cannot use.
  checkSemanticNames(manifest);
  const fileOf = (node: { package_name: string; original_file_path: string }): SourceLocation | undefined => {
    const root = packages.find((p) => p.name === node.package_name)?.root;
    return root ? { file: join(root, node.original_file_path) } : undefined;
  };
  const out: Diagnostic[] = [];
  const cumulative = cumulativeParamsDeprecation(manifest, flags, fileOf);
  if (cumulative) out.push(cumulative);
  const spine = legacyTimeSpineDeprecation(manifest, flags, fileOf);
  if (spine) out.push(spine);
  return out;
}

type FileOf = (node: { package_name: string; original_file_path: string }) => SourceLocation | undefined;

function cumulativeParamsDeprecation(manifest: Manifest, flags: Record<string, unknown>, fileOf: FileOf): Diagnostic | undefined {
  const old = (Object.values(manifest.metrics) as Record<string, unknown>[]).filter((m) => {
    const params = m['type_params'] as Record<string, unknown> | undefined;
    return Boolean(params?.['window']) || Boolean(params?.['grain_to_date']);
  });
  if (old.length === 0) return undefined;
  const first = old[0] as unknown as { package_name: string; original_file_path: string };
  if (flags['require_nested_cumulative_type_params'] === true) {
    const names = old.map((m) => String(m['name'])).join(', ');
    throw userError(
      'metric-invalid',
      'Cumulative fields `type_params.window` and `type_params.grain_to_date` should be nested under `type_params.cumulative_type_params.window` and ' +
        `\`type_params.cumulative_type_params.grain_to_date\`. Invalid metrics: ${names}. See documentation on behavior changes: ${BEHAVIOR_CHANGES}.`,
      fileOf(first),
      'Move window: and grain_to_date: under type_params.cumulative_type_params:.',
    );
  }
  const diagnostic: Diagnostic = {
    code: CUMULATIVE_TYPE_PARAMS_CODE,
    severity: 'warning',
    message:
      'Cumulative fields `type_params.window` and `type_params.grain_to_date` has been moved and will soon be deprecated. Please nest those values under ' +
      `\`type_params.cumulative_type_params.window\` and \`type_params.cumulative_type_params.grain_to_date\`. See documentation on behavior changes: ${BEHAVIOR_CHANGES}.`,
    hint: `Move window: and grain_to_date: under type_params.cumulative_type_params: (${old.length === 1 ? 'metric' : 'metrics'} ${old.map((m) => String(m['name'])).join(', ')}).`,
  };
  const at = fileOf(first);
  if (at) diagnostic.location = at;
  return diagnostic;
}

function legacyTimeSpineDeprecation(manifest: Manifest, flags: Record<string, unknown>, fileOf: FileOf): Diagnostic | undefined {
  if (flags['require_yaml_configuration_for_mf_time_spines'] === true) return undefined;
  let legacy: CompiledNode | undefined;
  for (const id of Object.keys(manifest.nodes)) {
    if (!id.startsWith('model.')) continue;
    const node = manifest.nodes[id]!;
    if (node.time_spine) {
      // A YAML time spine at the day grain does what the legacy one did.
      const column = Object.values(node.columns ?? {}).find((c) => c.name === node.time_spine!.standard_granularity_column);
      if (column?.granularity === 'day') return undefined;
    }
    // A ref without a package finds the root project's model first, as the legacy lookup does.
    if (node.name === LEGACY_TIME_SPINE_MODEL && (!legacy || (node.package_name === manifest.metadata.project_name && legacy.package_name !== node.package_name))) legacy = node;
  }
  // As dbt's legacy lookup, the model is found by name alone: declaring it with a time_spine:
  // at a grain other than day still leaves it the legacy daily spine.
  if (!legacy) return undefined;
  const diagnostic: Diagnostic = {
    code: LEGACY_TIME_SPINE_CODE,
    severity: 'warning',
    message:
      "Time spines without YAML configuration are in the process of deprecation. Please add YAML configuration for your 'metricflow_time_spine' model. " +
      `See documentation on MetricFlow time spines: https://docs.getdbt.com/docs/build/metricflow-time-spine and behavior change documentation: ${BEHAVIOR_CHANGES}`,
    hint: 'Declare the model as a time spine in YAML: time_spine: {standard_granularity_column: date_day}, with granularity: day on its date_day column.',
  };
  const at = fileOf(legacy);
  if (at) diagnostic.location = at;
  return diagnostic;
}
