// manifest.json shapes of the semantic layer (metrics, semantic models, saved queries) and of
// groups. The loader keeps what the YAML says (a window as `7 days`, a filter as a string) because
// the metric engine reads it that way; dbt's manifest v12 writes those parsed into objects.

import { ownerJson } from './resource-json.js';

type Json = Record<string, unknown>;

/** dbt's standard time grains: a plural (`days`) written in a window is singularized to one of these. */
const GRAINS = new Set(['nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year']);

/**
 * A window as dbt's MetricTimeWindow: `7 days` is `{count: 7, granularity: 'day'}` (a plural
 * standard grain loses its `s`, a custom grain stays as written). Anything else is left as is.
 */
export function metricTimeWindow(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parts = value.trim().toLowerCase().split(/\s+/u);
  if (parts.length !== 2 || !/^\d+$/u.test(parts[0]!)) return value;
  let granularity = parts[1]!;
  if (granularity.endsWith('s') && GRAINS.has(granularity.slice(0, -1))) granularity = granularity.slice(0, -1);
  return { count: Number(parts[0]), granularity };
}

/** A filter as dbt's WhereFilterIntersection: a string or list of strings becomes `{where_filters: [...]}`. */
export function whereFilter(value: unknown): unknown {
  if (typeof value === 'string') return { where_filters: [{ where_sql_template: value }] };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return { where_filters: value.map((v) => ({ where_sql_template: v })) };
  }
  return value;
}

/** Rewrites `key` of `holder` in place (keeping the key order) when it is set. */
function rewrite(holder: unknown, key: string, fn: (value: unknown) => unknown): void {
  if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) return;
  const h = holder as Json;
  if (h[key] !== undefined && h[key] !== null) h[key] = fn(h[key]);
}

/** A MetricInput or MetricInputMeasure: its filter and offset window parsed. */
function metricInputJson(input: unknown): void {
  rewrite(input, 'filter', whereFilter);
  rewrite(input, 'offset_window', metricTimeWindow);
}

/** A metric's filters and time windows as dbt writes them, changed in place. */
function shapeMetric(metric: Json): void {
  rewrite(metric, 'filter', whereFilter);
  const params = metric['type_params'];
  if (params === null || typeof params !== 'object') return;
  const tp = params as Json;
  metricInputJson(tp['measure']);
  for (const m of Array.isArray(tp['input_measures']) ? tp['input_measures'] : []) metricInputJson(m);
  metricInputJson(tp['numerator']);
  metricInputJson(tp['denominator']);
  for (const m of Array.isArray(tp['metrics']) ? tp['metrics'] : []) metricInputJson(m);
  rewrite(tp, 'window', metricTimeWindow);
  tp['cumulative_type_params'] = cumulativeTypeParams(metric['type'], tp);
  const conversion = tp['conversion_type_params'];
  if (conversion && typeof conversion === 'object' && !Array.isArray(conversion)) {
    const c = conversion as Json;
    // dbt's ConversionTypeParams, with its defaults; its measures are MetricInputMeasures even
    // when the YAML names them with a bare string (`base_measure: order_count`).
    tp['conversion_type_params'] = {
      ...c,
      base_measure: measureInputJson(c['base_measure']),
      conversion_measure: measureInputJson(c['conversion_measure']),
      entity: c['entity'],
      calculation: c['calculation'] ?? 'conversion_rate',
      window: c['window'] === undefined || c['window'] === null ? null : metricTimeWindow(c['window']),
      constant_properties: c['constant_properties'] ?? null,
    };
  }
}

/**
 * dbt's CumulativeTypeParams: every cumulative metric has them, its parser filling the nested
 * window and grain_to_date from the legacy `type_params` ones when absent and period_agg with
 * `first`; any other metric has none, whatever its YAML says.
 */
function cumulativeTypeParams(type: unknown, tp: Json): Json | null {
  if (type !== 'cumulative') return null;
  const given = tp['cumulative_type_params'];
  const c = given !== null && typeof given === 'object' && !Array.isArray(given) ? (given as Json) : {};
  const window = c['window'] ?? tp['window'] ?? null;
  const periodAgg = c['period_agg'];
  return {
    ...c,
    window: window === null ? null : metricTimeWindow(window),
    grain_to_date: c['grain_to_date'] ?? tp['grain_to_date'] ?? null,
    period_agg: typeof periodAgg === 'string' ? periodAgg.toLowerCase() : 'first',
  };
}

/** `order_count` or `{name: order_count, ...}` as dbt's MetricInputMeasure, every member written. */
function measureInputJson(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const m = (typeof value === 'object' && !Array.isArray(value) ? value : { name: value }) as Json;
  const out: Json = { ...m, name: String(m['name'] ?? ''), filter: m['filter'] ?? null, alias: m['alias'] ?? null, join_to_timespine: m['join_to_timespine'] === true, fill_nulls_with: m['fill_nulls_with'] ?? null };
  metricInputJson(out);
  return out;
}

/** The value of `key` in `holder`, or null when unset: dbt writes every optional member. */
function orNull(holder: Json, key: string): unknown {
  return holder[key] === undefined ? null : holder[key];
}

/** An element's SemanticLayerElementConfig: only its meta. */
function elementConfig(element: Json): Json {
  const config = element['config'];
  const meta = config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Json)['meta'] : undefined;
  return { meta: meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta : {} };
}

/** The records of `model[key]` (an entity, dimension or measure list). */
function elements(model: Json, key: string): Json[] {
  const list = model[key];
  return Array.isArray(list) ? list.filter((x): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x)) : [];
}

/** dbt's Entity: every member written, unset ones null. */
function entityJson(e: Json): Json {
  return { name: e['name'], type: e['type'], description: orNull(e, 'description'), label: orNull(e, 'label'), role: orNull(e, 'role'), expr: orNull(e, 'expr'), config: elementConfig(e) };
}

/** dbt's Dimension: a time dimension's type_params with its validity params, every member written. */
function dimensionJson(d: Json): Json {
  const tp = d['type_params'];
  const typeParams = tp !== null && typeof tp === 'object' && !Array.isArray(tp) ? { time_granularity: (tp as Json)['time_granularity'], validity_params: orNull(tp as Json, 'validity_params') } : null;
  return { name: d['name'], type: d['type'], description: orNull(d, 'description'), label: orNull(d, 'label'), is_partition: d['is_partition'] === true, type_params: typeParams, expr: orNull(d, 'expr'), metadata: null, config: elementConfig(d) };
}

/**
 * dbt's Measure: `expr` is always text (the parser stringifies `expr: 1`), aggregation params
 * carry their defaults, a non-additive dimension always lists its groupings.
 */
function measureJson(m: Json): Json {
  const ap = m['agg_params'];
  const aggParams = ap !== null && typeof ap === 'object' && !Array.isArray(ap)
    ? { percentile: orNull(ap as Json, 'percentile'), use_discrete_percentile: (ap as Json)['use_discrete_percentile'] === true, use_approximate_percentile: (ap as Json)['use_approximate_percentile'] === true }
    : null;
  const dim = m['non_additive_dimension'];
  const nonAdditive = dim !== null && typeof dim === 'object' && !Array.isArray(dim)
    ? { name: (dim as Json)['name'], window_choice: (dim as Json)['window_choice'] ?? 'min', window_groupings: (dim as Json)['window_groupings'] ?? [] }
    : null;
  const expr = m['expr'];
  return {
    name: m['name'],
    agg: m['agg'],
    description: orNull(m, 'description'),
    label: orNull(m, 'label'),
    // dbt's parser never passes create_metric on to the parsed measure, so the manifest says false.
    create_metric: false,
    expr: expr === undefined || expr === null ? null : typeof expr === 'boolean' ? (expr ? 'True' : 'False') : String(expr),
    agg_params: aggParams,
    non_additive_dimension: nonAdditive,
    agg_time_dimension: orNull(m, 'agg_time_dimension'),
    config: elementConfig(m),
  };
}

/** A semantic model as dbt writes it: its entities, dimensions and measures with every member. */
function shapeSemanticModel(model: Json): void {
  // dbt's SemanticModel has no top-level meta or tags: they live in its config.
  delete model['meta'];
  delete model['tags'];
  model['entities'] = elements(model, 'entities').map(entityJson);
  model['measures'] = elements(model, 'measures').map(measureJson);
  model['dimensions'] = elements(model, 'dimensions').map(dimensionJson);
}

/** A record member, or an empty record when it is not one. */
function recordOf(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * A saved query as dbt writes it: its config with export_as, schema and cache; its query params
 * with order_by and limit; each export's config as dbt's ExportConfig (the saved query's config
 * under the export's own, `schema` becoming `schema_name`) beside the export's config as written.
 */
function shapeSavedQuery(query: Json): void {
  const config = recordOf(query['config']);
  query['config'] = { ...config, export_as: config['export_as'] ?? null, schema: config['schema'] ?? null, cache: { enabled: recordOf(config['cache'])['enabled'] === true } };
  const params = recordOf(query['query_params']);
  query['query_params'] = { ...params, order_by: Array.isArray(params['order_by']) ? params['order_by'] : [], limit: params['limit'] ?? null };
  const exports = Array.isArray(query['exports']) ? (query['exports'] as unknown[]) : [];
  query['exports'] = exports.map((given) => {
    const e = recordOf(given);
    const own = recordOf(e['config']);
    const combined: Json = { ...config, ...own };
    const schemaName = combined['schema_name'] ?? combined['schema'] ?? null;
    return {
      name: e['name'],
      config: { export_as: combined['export_as'] ?? null, schema_name: schemaName, alias: combined['alias'] ?? null, database: combined['database'] ?? null },
      unrendered_config: own,
    };
  });
}

/**
 * A metric, semantic model or saved query (already without the loader's fields) shaped as dbt's
 * class: parsed windows and filters, and no members its closed schema object lacks. Works on a
 * deep copy: the loader's entry, which the metric engine reads, is left as read.
 */
export function shapeSemanticLayerEntry(given: Json): Json {
  const entry = structuredClone(given);
  switch (entry['resource_type']) {
    case 'metric':
      shapeMetric(entry);
      break;
    case 'semantic_model':
      shapeSemanticModel(entry);
      break;
    case 'saved_query':
      // A saved query's meta lives in its config; dbt's SavedQuery keeps tags but not meta.
      delete entry['meta'];
      shapeSavedQuery(entry);
      break;
  }
  const order = FIELD_ORDER[String(entry['resource_type'])];
  return order ? inFieldOrder(entry, order) : entry;
}

// The fields every dbt resource starts with (BaseResource, then GraphResource's fqn).
const BASE_FIELDS = ['name', 'resource_type', 'package_name', 'path', 'original_file_path', 'unique_id', 'fqn'];

/** Each class's fields in the order its to_dict writes them: the base fields, then its own as declared. */
const FIELD_ORDER: Record<string, readonly string[]> = {
  metric: [...BASE_FIELDS, 'description', 'label', 'type', 'type_params', 'filter', 'metadata', 'time_granularity', 'meta', 'tags',
    'config', 'unrendered_config', 'sources', 'depends_on', 'refs', 'metrics', 'created_at', 'group'],
  semantic_model: [...BASE_FIELDS, 'model', 'node_relation', 'description', 'label', 'defaults', 'entities', 'measures', 'dimensions',
    'metadata', 'depends_on', 'refs', 'created_at', 'config', 'unrendered_config', 'primary_entity', 'group'],
  saved_query: [...BASE_FIELDS, 'query_params', 'exports', 'description', 'label', 'metadata', 'config', 'unrendered_config', 'group',
    'depends_on', 'created_at', 'refs', 'tags'],
};

/** `entry` with the listed keys first in that order, then any others as they were. */
function inFieldOrder(entry: Json, order: readonly string[]): Json {
  const out: Json = {};
  for (const key of order) if (key in entry) out[key] = entry[key];
  for (const [key, value] of Object.entries(entry)) if (!(key in out)) out[key] = value;
  return out;
}

/** A group as dbt's Group: its file as `path`, a nullable description, meta in its config. */
export function groupJson(group: unknown): Json {
  const g = (group ?? {}) as Json;
  const owner = (g['owner'] !== null && typeof g['owner'] === 'object' ? g['owner'] : {}) as Json;
  const config = (g['config'] !== null && typeof g['config'] === 'object' ? g['config'] : {}) as Json;
  return {
    name: g['name'],
    resource_type: 'group',
    package_name: g['package_name'],
    path: g['path'] ?? g['original_file_path'],
    original_file_path: g['original_file_path'],
    unique_id: g['unique_id'],
    owner: ownerJson(owner),
    description: typeof g['description'] === 'string' ? g['description'] : null,
    config: { ...config, meta: (config['meta'] as Json | undefined) ?? {} },
  };
}

/**
 * dbt's group_map: every group's name with the unique ids of the nodes, saved queries, semantic
 * models and metrics in it (in that order); a group nothing belongs to maps to an empty list.
 * The loaded map is used when it has entries; otherwise it is built from the members' `group`.
 */
export function groupMapJson(manifest: {
  groups?: Record<string, unknown>;
  group_map?: Record<string, string[]>;
  nodes?: Record<string, unknown>;
  saved_queries?: Record<string, unknown>;
  semantic_models?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
}): Record<string, string[]> {
  if (manifest.group_map && Object.keys(manifest.group_map).length > 0) return manifest.group_map;
  const map: Record<string, string[]> = {};
  for (const group of Object.values(manifest.groups ?? {})) {
    const name = (group as Json | null)?.['name'];
    if (typeof name === 'string') map[name] = [];
  }
  // Without groups no member can be listed: the members (every node of a large project) are not read.
  if (Object.keys(map).length === 0) return map;
  for (const collection of [manifest.nodes, manifest.saved_queries, manifest.semantic_models, manifest.metrics]) {
    for (const [id, member] of Object.entries(collection ?? {})) {
      const group = (member as Json | null)?.['group'];
      if (typeof group === 'string' && map[group]) map[group].push(id);
    }
  }
  return map;
}
