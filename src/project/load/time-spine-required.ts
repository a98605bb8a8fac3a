// dbt refuses to parse a project whose semantic models have no time spine at the day grain or
// finer: MetricFlow joins metrics to it. A model configured with `time_spine:` counts at its
// standard column's granularity; the legacy `metricflow_time_spine` model counts as a daily spine.
// https://docs.getdbt.com/docs/build/metricflow-time-spine
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import type { Manifest } from '../types.js';

// dbt's TimeGranularity, finest first.
const GRAINS = ['nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
const DAY = GRAINS.indexOf('day');
const LEGACY_TIME_SPINE_MODEL = 'metricflow_time_spine';

/** Throws dbt's parse error when a linked manifest has semantic models but no daily (or finer) time spine. */
export function requireTimeSpine(manifest: Manifest): void {
  const semanticModels = Object.values(manifest.semantic_models) as { origin?: { file?: unknown; line?: unknown } }[];
  if (semanticModels.length === 0) return;
  let finest = Number.POSITIVE_INFINITY;
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'model' || node.config.enabled === false) continue;
    if (node.name === LEGACY_TIME_SPINE_MODEL) finest = Math.min(finest, DAY);
    const spine = node.time_spine;
    if (!spine) continue;
    const grain = GRAINS.indexOf(String(node.columns?.[spine.standard_granularity_column]?.granularity ?? '').toLowerCase());
    if (grain >= 0) finest = Math.min(finest, grain);
  }
  if (finest <= DAY) return;
  const origin = semanticModels[0]?.origin;
  const at: SourceLocation | undefined = typeof origin?.file === 'string' ? { file: origin.file } : undefined;
  throw userError(
    'time-spine-missing',
    'The semantic layer requires a time spine model with granularity DAY or smaller in the project, but none was found. ' +
      'Guidance on creating this model can be found on our docs site (https://docs.getdbt.com/docs/build/metricflow-time-spine).',
    at,
    'Add a model with one row per day and declare it in YAML: time_spine: {standard_granularity_column: date_day}, with granularity: day on its date_day column.',
  );
}
