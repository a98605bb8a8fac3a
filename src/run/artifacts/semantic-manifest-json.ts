// target/semantic_manifest.json: the semantic layer as MetricFlow reads it, written beside
// manifest.json by every command that writes that (docs.getdbt.com/reference/artifacts/sl-manifest).
// dbt builds it by parsing its manifest's semantic models, metrics and saved queries into
// dbt-semantic-interfaces' pydantic classes and dumping those, so each object here has exactly
// those classes' fields, in their order, with their defaults (the dbt 1.10 layout, where
// elements carry their config and saved queries their tags).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompiledNode, Manifest } from '../../project/types.js';
import { pyJsonDumps } from '../../project/context/py-helpers.js';
import { semanticLayerJson } from './manifest-json.js';

type Json = Record<string, unknown>;

/** The dbt-semantic-interfaces release whose layout is written (dbt 1.10's). */
const DSI_VERSION = { major_version: '0', minor_version: '9', patch_version: '0' };
/** The model dbt takes as the time spine when no model configures `time_spine:`. */
const LEGACY_TIME_SPINE_MODEL = 'metricflow_time_spine';

/** The semantic manifest of `manifest` as dbt builds it. */
export function toSemanticManifestJson(manifest: Manifest): Json {
  const semanticModels = Object.values(manifest.semantic_models ?? {});
  return {
    semantic_models: semanticModels.map((x) => semanticModelJson(semanticLayerJson(x, manifest))),
    metrics: Object.values(manifest.metrics ?? {}).map((x) => metricJson(semanticLayerJson(x))),
    project_configuration: {
      time_spine_table_configurations: semanticModels.length > 0 ? legacyTimeSpines(manifest) : [],
      metadata: null,
      dsi_package_version: DSI_VERSION,
      time_spines: timeSpines(manifest),
    },
    saved_queries: Object.values(manifest.saved_queries ?? {}).map((x) => savedQueryJson(semanticLayerJson(x))),
  };
}

/** The text dbt writes: pydantic's `.json()`, i.e. Python's json.dumps (`, ` and `: `, non-ASCII escaped). */
export function semanticManifestText(manifest: Manifest): string {
  return pyJsonDumps(toSemanticManifestJson(manifest));
}

/** Writes `<targetDir>/semantic_manifest.json` (the folder exists: manifest.json was just written there). */
export async function writeSemanticManifest(manifest: Manifest, targetDir: string): Promise<void> {
  await writeFile(join(targetDir, 'semantic_manifest.json'), semanticManifestText(manifest));
}

/** A record member, or null when it is not a record. */
function record(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record).filter((x): x is Json => x !== null) : [];
}

function orNull(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** `{meta}`: the only member of dbt-semantic-interfaces' configs. */
function metaConfig(config: unknown): Json {
  return { meta: record(record(config)?.['meta']) ?? {} };
}

/**
 * dbt's loader writes '' for a missing description; semantic models and saved queries have an
 * optional one (dbt writes null), metrics and elements keep theirs as given.
 */
function optionalDescription(value: unknown): unknown {
  return value === '' || value === undefined ? null : value;
}

/** PydanticNodeRelation: without a relation name it builds `database.schema.alias`, unquoted. */
function nodeRelationJson(relation: unknown): Json | null {
  const r = record(relation);
  if (!r) return null;
  const alias = r['alias'] ?? null;
  const schema = r['schema_name'] ?? null;
  const database = r['database'] ?? null;
  const given = r['relation_name'];
  const built = database === null ? `${String(schema)}.${String(alias)}` : `${String(database)}.${String(schema)}.${String(alias)}`;
  return { alias, schema_name: schema, database, relation_name: typeof given === 'string' && given !== '' ? given : built };
}

function semanticModelJson(sm: Json): Json {
  const defaults = record(sm['defaults']);
  return {
    name: sm['name'],
    defaults: defaults ? { agg_time_dimension: orNull(defaults['agg_time_dimension']) } : null,
    description: optionalDescription(sm['description']),
    node_relation: nodeRelationJson(sm['node_relation']),
    primary_entity: orNull(sm['primary_entity']),
    entities: records(sm['entities']).map((e) => ({
      name: e['name'], description: orNull(e['description']), type: e['type'], role: orNull(e['role']), expr: orNull(e['expr']),
      metadata: null, label: orNull(e['label']), config: metaConfig(e['config']),
    })),
    measures: records(sm['measures']).map((m) => ({
      name: m['name'], agg: m['agg'], description: orNull(m['description']), create_metric: m['create_metric'] === true, expr: orNull(m['expr']),
      agg_params: orNull(m['agg_params']), metadata: null, non_additive_dimension: orNull(m['non_additive_dimension']),
      agg_time_dimension: orNull(m['agg_time_dimension']), label: orNull(m['label']), config: metaConfig(m['config']),
    })),
    dimensions: records(sm['dimensions']).map((d) => ({
      name: d['name'], description: orNull(d['description']), type: d['type'], is_partition: d['is_partition'] === true,
      type_params: dimensionTypeParams(d['type_params']), expr: orNull(d['expr']), metadata: null, label: orNull(d['label']),
      config: metaConfig(d['config']),
    })),
    label: orNull(sm['label']),
    metadata: null,
    config: metaConfig(sm['config']),
  };
}

function dimensionTypeParams(value: unknown): Json | null {
  const tp = record(value);
  if (!tp) return null;
  const validity = record(tp['validity_params']);
  return {
    time_granularity: orNull(tp['time_granularity']),
    validity_params: validity ? { is_start: validity['is_start'] === true, is_end: validity['is_end'] === true } : null,
  };
}

function lower(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : orNull(value);
}

/** PydanticMetricInputMeasure. */
function inputMeasureJson(value: unknown): Json | null {
  const m = record(value);
  if (!m) return null;
  return { name: m['name'], filter: orNull(m['filter']), alias: orNull(m['alias']), join_to_timespine: m['join_to_timespine'] === true, fill_nulls_with: orNull(m['fill_nulls_with']) };
}

/** PydanticMetricInput; its offset grain lowercased as the metric's parse does. */
function metricInputJson(value: unknown): Json | null {
  const m = record(value);
  if (!m) return null;
  return { name: m['name'], filter: orNull(m['filter']), alias: orNull(m['alias']), offset_window: orNull(m['offset_window']), offset_to_grain: lower(m['offset_to_grain']) };
}

/**
 * A cumulative metric always has cumulative type params: dbt's parser fills them from the legacy
 * `type_params.window` / `grain_to_date` when they are not nested; other metrics have none.
 */
function cumulativeTypeParams(metric: Json, tp: Json): Json | null {
  if (metric['type'] !== 'cumulative') return null;
  const c = record(tp['cumulative_type_params']) ?? {};
  return {
    window: orNull(c['window'] ?? tp['window']),
    grain_to_date: lower(c['grain_to_date'] ?? tp['grain_to_date']),
    period_agg: typeof c['period_agg'] === 'string' ? c['period_agg'].toLowerCase() : 'first',
  };
}

function conversionTypeParams(value: unknown): Json | null {
  const c = record(value);
  if (!c) return null;
  const constants = c['constant_properties'];
  return {
    base_measure: inputMeasureJson(c['base_measure']),
    conversion_measure: inputMeasureJson(c['conversion_measure']),
    entity: c['entity'],
    calculation: orNull(c['calculation']),
    window: orNull(c['window']),
    constant_properties: Array.isArray(constants)
      ? records(constants).map((p) => ({ base_property: p['base_property'], conversion_property: p['conversion_property'] }))
      : null,
  };
}

function metricJson(metric: Json): Json {
  const tp = record(metric['type_params']) ?? {};
  const expr = tp['expr'];
  return {
    name: metric['name'],
    description: orNull(metric['description']),
    type: metric['type'],
    type_params: {
      measure: inputMeasureJson(tp['measure']),
      numerator: metricInputJson(tp['numerator']),
      denominator: metricInputJson(tp['denominator']),
      expr: expr === undefined || expr === null ? null : String(expr),
      window: orNull(tp['window']),
      grain_to_date: orNull(tp['grain_to_date']),
      metrics: Array.isArray(tp['metrics']) ? tp['metrics'].map(metricInputJson) : [],
      conversion_type_params: conversionTypeParams(tp['conversion_type_params']),
      cumulative_type_params: cumulativeTypeParams(metric, tp),
      input_measures: Array.isArray(tp['input_measures']) ? tp['input_measures'].map(inputMeasureJson) : [],
    },
    filter: orNull(metric['filter']),
    metadata: null,
    label: orNull(metric['label']),
    config: metaConfig(metric['config']),
    time_granularity: orNull(metric['time_granularity']),
  };
}

/** PydanticSavedQuery: its exports' configs without the database, its tags sorted. */
function savedQueryJson(query: Json): Json {
  const qp = record(query['query_params']) ?? {};
  const tags = query['tags'];
  return {
    name: query['name'],
    query_params: {
      metrics: Array.isArray(qp['metrics']) ? qp['metrics'] : [],
      group_by: Array.isArray(qp['group_by']) ? qp['group_by'] : [],
      order_by: Array.isArray(qp['order_by']) ? qp['order_by'] : [],
      limit: orNull(qp['limit']),
      where: orNull(qp['where']),
    },
    description: optionalDescription(query['description']),
    metadata: null,
    label: orNull(query['label']),
    exports: records(query['exports']).map((e) => {
      const config = record(e['config']) ?? {};
      return { name: e['name'], config: { export_as: orNull(config['export_as']), schema_name: orNull(config['schema_name']), alias: orNull(config['alias']) } };
    }),
    tags: typeof tags === 'string' ? [tags] : Array.isArray(tags) ? [...(tags as string[])].sort() : [],
  };
}

/** A model's relation as the time spine's node_relation. */
function modelRelation(node: CompiledNode): Json | null {
  return nodeRelationJson({ alias: node.alias ?? node.name, schema_name: node.schema ?? null, database: node.database ?? null, relation_name: node.relation_name ?? null });
}

/** Every model configured with `time_spine:`: its relation, its standard grain column and custom grains. */
function timeSpines(manifest: Manifest): Json[] {
  const out: Json[] = [];
  // Every write of the manifest scans for these: by id first, so tests and seeds (most of a
  // large project's nodes) are never opened.
  for (const id of Object.keys(manifest.nodes)) {
    if (!id.startsWith('model.')) continue;
    const node = manifest.nodes[id]!;
    const spine = node.time_spine;
    if (!spine) continue;
    const column = Object.values(node.columns ?? {}).find((c) => c.name === spine.standard_granularity_column);
    out.push({
      node_relation: modelRelation(node),
      primary_column: { name: spine.standard_granularity_column, time_granularity: column?.granularity ?? null },
      custom_granularities: spine.custom_granularities.map((g) => ({ name: g.name, column_name: g.column_name ?? null })),
    });
  }
  return out;
}

/**
 * The legacy time spine: the model named metricflow_time_spine (the root project's first, as a
 * ref without package finds it), taken as daily on `date_day`. dbt lists it here for backward
 * compatibility even when YAML also declares it with `time_spine:`.
 */
function legacyTimeSpines(manifest: Manifest): Json[] {
  let found: CompiledNode | undefined;
  for (const id of Object.keys(manifest.nodes)) {
    if (!id.startsWith('model.')) continue;
    const node = manifest.nodes[id]!;
    if (node.name !== LEGACY_TIME_SPINE_MODEL) continue;
    if (!found || (node.package_name === manifest.metadata.project_name && found.package_name !== node.package_name)) found = node;
  }
  if (!found) return [];
  return [{ location: found.relation_name ?? null, column_name: 'date_day', grain: 'day' }];
}
