// dbt's event names for the warnings Reelhouse reports as diagnostics and dbt 1.10 also fires:
// JSON log lines carry them (with dbt's codes) so tools reading dbt's logs find them, and
// --warn-error-options lists warnings by them.
import type { Diagnostic } from '../core/diagnostic.js';
import { PROJECT_DEPRECATION_EVENTS } from '../project/load/project-deprecations.js';

const EVENTS: Record<string, string> = {
  'selection-empty': 'NoNodesForSelectionCriteria',
  'template-warning': 'JinjaLogWarning',
  'patch-missing-node': 'NoNodeForYamlKey',
  'patch-wrong-section': 'WrongResourceSchemaFile',
  'yaml-duplicate-key': 'DuplicateYAMLKeysDeprecation',
  'constraint-unsupported': 'UnsupportedConstraintMaterialization',
  'contract-breaking-change': 'UnversionedBreakingChange',
  'model-deprecated': 'DeprecatedModel',
  'ref-deprecated': 'DeprecatedReference',
  'ref-deprecating': 'UpcomingReferenceDeprecation',
  'test-target-disabled': 'InvalidDisabledTargetInTestNode',
  'project-flags-moved': 'ProjectFlagsMovedDeprecation',
  'exposure-name': 'ExposureNameDeprecation',
  'test-arguments-top-level': 'MissingArgumentsPropertyInGenericTestDeprecation',
  'package-materialization-override': 'PackageMaterializationOverrideDeprecation',
  'property-moved-to-config': 'PropertyMovedToConfigDeprecation',
  'resource-names-with-spaces': 'ResourceNamesWithSpacesDeprecation',
  'mf-timespine-without-yaml-configuration': 'MFTimespineWithoutYamlConfigurationDeprecation',
  'mf-cumulative-type-params-deprecation': 'MFCumulativeTypeParamsDeprecation',
  'collect-freshness-return-signature': 'CollectFreshnessReturnSignature',
  'source-override-unused': 'UnusedTables',
  'freshness-config-problem': 'FreshnessConfigProblem',
  'unused-config-paths': 'UnusedResourceConfigPath',
  'model-param-usage': 'ModelParamUsageDeprecation',
  'weo-include-exclude': 'WEOIncludeExcludeDeprecation',
  'microbatch-no-event-time-inputs': 'MicrobatchModelNoEventTimeInputs',
  'snapshot-timestamp-types': 'SnapshotTimestampWarning',
  // Warnings only for a test (a model's missing ref or source is an error, which no option turns back).
  'ref-not-found': 'NodeNotFoundOrDisabled',
  'source-not-found': 'NodeNotFoundOrDisabled',
  ...PROJECT_DEPRECATION_EVENTS,
};

/** dbt's event name for a diagnostic, or undefined when dbt fires no such event. */
export function diagnosticEventName(d: Diagnostic): string | undefined {
  return d.event?.name ?? EVENTS[d.code];
}

/** dbt's event for a template's log(): JinjaLogWarning for exceptions.warn, JinjaLogDebug for log(msg) without info=True. */
export function jinjaLogEvent(level: 'info' | 'warn' | 'debug'): string {
  return level === 'warn' ? 'JinjaLogWarning' : level === 'debug' ? 'JinjaLogDebug' : 'JinjaLogInfo';
}
