// manifest.json shapes of the semantic layer (metrics, semantic models, saved queries) and of
// groups. The loader keeps what the YAML says (a window as `7 days`, a filter as a string) because
// the metric engine reads it that way; dbt's manifest v12 writes those parsed into objects.

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
  rewrite(tp['cumulative_type_params'], 'window', metricTimeWindow);
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

/** `order_count` or `{name: order_count, ...}` as dbt's MetricInputMeasure, every member written. */
function measureInputJson(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const m = (typeof value === 'object' && !Array.isArray(value) ? value : { name: value }) as Json;
  const out: Json = { ...m, name: String(m['name'] ?? ''), filter: m['filter'] ?? null, alias: m['alias'] ?? null, join_to_timespine: m['join_to_timespine'] === true, fill_nulls_with: m['fill_nulls_with'] ?? null };
  metricInputJson(out);
  return out;
}

/** A semantic model's measures as dbt writes them: a non-additive dimension always lists its groupings. */
function shapeSemanticModel(model: Json): void {
  // dbt's SemanticModel has no top-level meta or tags: they live in its config.
  delete model['meta'];
  delete model['tags'];
  for (const measure of Array.isArray(model['measures']) ? (model['measures'] as unknown[]) : []) {
    const dim = (measure as Json | null)?.['non_additive_dimension'];
    if (dim && typeof dim === 'object' && !Array.isArray(dim)) {
      const d = dim as Json;
      if (d['window_choice'] === undefined) d['window_choice'] = 'min';
      if (d['window_groupings'] === undefined) d['window_groupings'] = [];
    }
  }
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
      break;
  }
  return entry;
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
    owner: { ...owner, email: owner['email'] ?? null, name: owner['name'] ?? null },
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
  for (const collection of [manifest.nodes, manifest.saved_queries, manifest.semantic_models, manifest.metrics]) {
    for (const [id, member] of Object.entries(collection ?? {})) {
      const group = (member as Json | null)?.['group'];
      if (typeof group === 'string' && map[group]) map[group].push(id);
    }
  }
  return map;
}
