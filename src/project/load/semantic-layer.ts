// The semantic-layer YAML kinds (dbt 1.6+ `semantic_models:`, `metrics:`, `saved_queries:`),
// shaped as dbt writes them in manifest.json. They are never executed; they sit in the DAG so
// selection (`+metric:x`) and lineage reach the models under them. A semantic model's
// `model: ref('x')` is resolved by graph linking like any ref; what a metric or saved query
// depends on (measures and metrics by name) is resolved here once every property file is read.
import { epochSeconds } from '../../core/clock.js';
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import type { RefCall } from '../types.js';
import { normalizeConfig } from './config-merge.js';
import { folderParts } from './files.js';
import { extractRefs } from './generic-tests.js';
import { checkMetricShape } from './metric-shape.js';
import { yamlResourceConfig, type LoadState, type PackageContext } from './load-state.js';
import { pyRepr } from './python-repr.js';
import { isRecord } from './yaml-file.js';
import { entriesOf, toList, type Entry, type PropertyFile } from './yaml-entries.js';

type Json = Record<string, unknown>;

/** What is needed to resolve a metric's or saved query's names after every file is read. */
interface Pending {
  node: Json;
  entry: Entry;
}

// Kept beside the manifest being loaded rather than on LoadState: only this file reads it.
const pendingByManifest = new WeakMap<object, Pending[]>();

// In the order dbt's schema parser reads a file's keys: its metrics come before the ones its
// semantic models' `create_metric: true` measures define (the manifest keeps that order).
const KINDS = [
  { key: 'metrics', type: 'metric', tree: 'metrics' },
  { key: 'semantic_models', type: 'semantic_model', tree: 'semantic_models' },
  { key: 'saved_queries', type: 'saved_query', tree: 'saved_queries' },
] as const;

/** Reads the semantic models, metrics and saved queries of one property file into the manifest. */
export function loadSemanticLayer(state: LoadState, pf: PropertyFile, pkg: PackageContext): void {
  const m = state.manifest as unknown as Record<string, Record<string, unknown>>;
  for (const kind of KINDS) {
    for (const e of entriesOf(pf, kind.key)) {
      if (kind.type === 'metric') {
        checkMetricShape(e);
        checkMetricName(e);
      }
      const node = baseNode(state, pkg, e, kind.type, kind.tree);
      if (kind.type === 'semantic_model') fillSemanticModel(node, e);
      else if (kind.type === 'metric') fillMetric(node, e);
      else fillSavedQuery(node, e);
      const id = String(node.unique_id);
      if ((node.config as Json).enabled === false) {
        (state.manifest.disabled[id] ??= []).push(node);
        continue;
      }
      if (m[kind.key]![id]) {
        throw userError('duplicate-node', `dbt found two ${kind.type}s with the name "${e.name}" in package '${pkg.name}'.`, { file: pf.file.abs, line: e.line }, 'Rename one of them (names are unique within a package).');
      }
      m[kind.key]![id] = node;
      if (kind.type !== 'semantic_model') {
        let list = pendingByManifest.get(state.manifest);
        if (!list) pendingByManifest.set(state.manifest, (list = []));
        list.push({ node, entry: e });
      } else {
        for (const generated of createdMetricEntries(e)) {
          const metric = baseNode(state, pkg, generated, 'metric', 'metrics');
          fillMetric(metric, generated);
          const metricId = String(metric.unique_id);
          if (m.metrics![metricId]) {
            throw userError('duplicate-node', `dbt found two metrics with the name "${generated.name}" in package '${pkg.name}'.`, { file: pf.file.abs, line: generated.line }, 'A measure with create_metric: true makes a metric of the same name: rename one of them.');
          }
          m.metrics![metricId] = metric;
          let list = pendingByManifest.get(state.manifest);
          if (!list) pendingByManifest.set(state.manifest, (list = []));
          list.push({ node: metric, entry: generated });
        }
      }
    }
  }
}

/**
 * A measure with `create_metric: true` also defines a simple metric of the same name, as dbt's
 * semantic model parser does (label and description from the measure).
 */
function createdMetricEntries(e: Entry): Entry[] {
  const measures = Array.isArray(e.value.measures) ? (e.value.measures as unknown[]) : [];
  const out: Entry[] = [];
  measures.forEach((measure, i) => {
    if (!isRecord(measure) || measure.create_metric !== true || typeof measure.name !== 'string') return;
    out.push({
      pf: e.pf,
      name: measure.name,
      line: e.pf.lines.itemLine(measures, i, e.line),
      value: {
        name: measure.name,
        label: typeof measure.label === 'string' ? measure.label : measure.name,
        type: 'simple',
        // dbt (1.10) also gives the generated metric the measure's name as its expr.
        type_params: { measure: measure.name, expr: measure.name },
        description: typeof measure.description === 'string' ? measure.description : `Metric created from measure ${measure.name}`,
        // dbt gives it the config {enabled: <its semantic model's>}: enabled, as only an enabled one gets here.
        config: { enabled: true },
      },
    });
  });
  return out;
}

/** Fields every semantic-layer resource has: ids, fqn, paths, config (dbt_project.yml levels, then YAML), meta, tags. */
function baseNode(state: LoadState, pkg: PackageContext, e: Entry, type: string, tree: string): Json {
  const v = e.value;
  const fqn = [pkg.name, ...folderParts(e.pf.file.relToResource), e.name];
  // A package's resource takes the root project's dbt_project.yml last, over its own config:.
  const layered = yamlResourceConfig(state, pkg, tree, fqn, isRecord(v.config) ? [normalizeConfig(v.config)] : []);
  const config: Json = layered.config;
  // dbt's unrendered_config takes dbt_project.yml's levels under the `metrics:` key; it looks for
  // semantic models' and saved queries' under keys the file never has (`semantic_models`,
  // `saved_queries`, not `semantic-models`), so theirs is their YAML config alone.
  const unrendered = tree === 'metrics' ? layered.unrendered : isRecord(v.config) ? v.config : {};
  const meta = { ...(isRecord(v.meta) ? v.meta : {}), ...(isRecord(config.meta) ? config.meta : {}) };
  const tags = [...new Set([...toList(v.tags), ...toList(config.tags)])];
  const group = typeof config.group === 'string' ? config.group : typeof v.group === 'string' ? v.group : null;
  return {
    name: e.name,
    resource_type: type,
    package_name: pkg.name,
    path: e.pf.file.relToResource,
    original_file_path: e.pf.file.rel,
    unique_id: `${type}.${pkg.name}.${e.name}`,
    fqn,
    description: typeof v.description === 'string' ? v.description : '',
    label: typeof v.label === 'string' ? v.label : null,
    meta,
    tags,
    group,
    config: { ...config, enabled: config.enabled !== false, group, meta, tags },
    unrendered_config: unrendered,
    metadata: null,
    depends_on: { macros: [], nodes: [] },
    refs: [],
    created_at: epochSeconds(),
    origin: { file: e.pf.file.abs, line: e.line, root: pkg.root },
  };
}

function fillSemanticModel(node: Json, e: Entry): void {
  const v = e.value;
  const line = e.pf.lines.keyLine(v, 'model', e.line);
  const refs: RefCall[] = [];
  if (typeof v.model === 'string') extractRefs(v.model, refs, []);
  if (refs.length !== 1) {
    throw userError('yaml-invalid-shape', `Semantic model '${e.name}' needs model: "ref('<model name>')", got ${JSON.stringify(v.model ?? null)}.`, { file: e.pf.file.abs, line }, "Write model: ref('orders') with the name of the dbt model it describes.");
  }
  // Linking resolves this ref; pointing the origin at `model:` makes a missing ref name that line.
  (node.origin as Json).line = line;
  const list = (key: string) => (Array.isArray(v[key]) ? (v[key] as unknown[]).filter(isRecord) : []);
  Object.assign(node, {
    model: v.model,
    node_relation: null,
    defaults: isRecord(v.defaults) ? v.defaults : null,
    entities: list('entities'),
    measures: list('measures'),
    dimensions: list('dimensions'),
    primary_entity: typeof v.primary_entity === 'string' ? v.primary_entity : null,
    refs: refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
  });
}

/** dbt's MetricTypeParams fields in its order, each as it is when the YAML leaves it out. */
const METRIC_TYPE_PARAMS_DEFAULTS: Json = {
  measure: null,
  input_measures: [],
  numerator: null,
  denominator: null,
  expr: null,
  window: null,
  grain_to_date: null,
  metrics: null,
  conversion_type_params: null,
  cumulative_type_params: null,
};

function fillMetric(node: Json, e: Entry): void {
  const v = e.value;
  const type = typeof v.type === 'string' ? v.type.toLowerCase() : '';
  if (!['simple', 'ratio', 'cumulative', 'derived', 'conversion'].includes(type)) {
    throw userError('yaml-invalid-shape', `Metric '${e.name}' has type '${String(v.type ?? '')}'; it must be one of simple, ratio, cumulative, derived, conversion.`, { file: e.pf.file.abs, line: e.pf.lines.keyLine(v, 'type', e.line) });
  }
  if (!isRecord(v.type_params)) {
    throw userError('yaml-invalid-shape', `Metric '${e.name}' needs type_params: (the measure, or the metrics it combines).`, { file: e.pf.file.abs, line: e.line });
  }
  const tp = v.type_params;
  // Every field of dbt's MetricTypeParams is present (null when not given), as in dbt's manifest
  // and the graph context, where macros read `type_params.window | tojson` on any metric.
  const params: Json = { ...METRIC_TYPE_PARAMS_DEFAULTS, ...tp, input_measures: [] };
  if (tp.measure !== undefined) params.measure = measureInput(tp.measure);
  if (tp.numerator !== undefined) params.numerator = metricInput(tp.numerator);
  if (tp.denominator !== undefined) params.denominator = metricInput(tp.denominator);
  if (Array.isArray(tp.metrics)) params.metrics = tp.metrics.map(metricInput);
  Object.assign(node, {
    type,
    type_params: params,
    filter: v.filter ?? null,
    time_granularity: typeof v.time_granularity === 'string' ? v.time_granularity : null,
    sources: [],
    metrics: [],
  });
}

/** dbt's UnparsedMetric name rules: a letter first, then letters, digits and underscores, at most 250 characters. */
function checkMetricName(e: Entry): void {
  const problems: string[] = [];
  if (e.name.includes(' ')) problems.push('cannot contain spaces');
  if (e.name.length > 250) problems.push('cannot contain more than 250 characters');
  if (!/^[A-Za-z]/.test(e.name)) problems.push('must begin with a letter');
  if (!/^[\p{L}\p{N}_]+$/u.test(e.name)) problems.push('must contain only letters, numbers and underscores');
  if (problems.length === 0) return;
  throw userError(
    'yaml-invalid-shape',
    `Invalid metrics config given in ${e.pf.file.rel} @ metrics: ${pyRepr(e.value)} - at path []: The metric name '${e.name}' is invalid.  It ${problems.join(', ')}`,
    { file: e.pf.file.abs, line: e.pf.lines.keyLine(e.value, 'name', e.line) },
    'Name the metric with letters, digits and underscores (starting with a letter); put a display name in label:.',
  );
}

function fillSavedQuery(node: Json, e: Entry): void {
  const v = e.value;
  const qp = isRecord(v.query_params) ? v.query_params : {};
  // dbt's SavedQueryConfig always has export_as, schema and cache (what `ls --output json` prints too).
  const config = node.config as Json;
  node.config = { ...config, export_as: config.export_as ?? null, schema: config.schema ?? null, cache: { enabled: isRecord(config.cache) && config.cache.enabled === true } };
  Object.assign(node, {
    query_params: {
      metrics: toList(qp.metrics),
      group_by: toList(qp.group_by),
      where: qp.where === undefined ? null : { where_filters: toList(qp.where).map((w) => ({ where_sql_template: w })) },
      ...(qp.order_by !== undefined ? { order_by: toList(qp.order_by) } : {}),
      ...(qp.limit !== undefined ? { limit: qp.limit } : {}),
    },
    exports: Array.isArray(v.exports) ? v.exports.filter(isRecord) : [],
  });
}

/** `measure: orders` or `measure: {name: orders, filter: ...}`, as dbt's MetricInputMeasure. */
function measureInput(value: unknown): Json {
  const m = isRecord(value) ? value : { name: value };
  return { name: String(m.name ?? ''), filter: m.filter ?? null, alias: m.alias ?? null, join_to_timespine: m.join_to_timespine === true, fill_nulls_with: m.fill_nulls_with ?? null };
}

/** `numerator: revenue` or `{name: revenue, filter: ..., alias: ...}`, as dbt's MetricInput. */
function metricInput(value: unknown): Json {
  const m = isRecord(value) ? value : { name: value };
  return { name: String(m.name ?? ''), filter: m.filter ?? null, alias: m.alias ?? null, offset_window: m.offset_window ?? null, offset_to_grain: m.offset_to_grain ?? null };
}

/**
 * Fills depends_on of metrics and saved queries once every property file is read: a metric
 * depends on the semantic models holding its measures, or on the metrics it combines (ratio,
 * derived); a saved query on its metrics. A name nothing defines is an error at its YAML line.
 */
export function linkSemanticLayer(state: LoadState): void {
  const pending = pendingByManifest.get(state.manifest) ?? [];
  pendingByManifest.delete(state.manifest);
  if (pending.length === 0) return;
  const measures = new Map<string, string>();
  for (const sm of Object.values(state.manifest.semantic_models) as Json[]) {
    for (const measure of (sm.measures as Json[] | undefined) ?? []) {
      if (typeof measure.name === 'string' && !measures.has(measure.name)) measures.set(measure.name, String(sm.unique_id));
    }
  }
  const metrics = new Map<string, string>();
  for (const metric of Object.values(state.manifest.metrics) as Json[]) if (!metrics.has(String(metric.name))) metrics.set(String(metric.name), String(metric.unique_id));

  for (const { node, entry } of pending) {
    const deps: string[] = [];
    const at = (holder: unknown, key: string, fallback: number): SourceLocation => ({
      file: entry.pf.file.abs,
      line: isRecord(holder) ? entry.pf.lines.keyLine(holder, key, fallback) : fallback,
    });
    const needMeasure = (name: string, where: SourceLocation) => {
      const id = measures.get(name);
      if (!id) {
        throw userError('metric-measure-not-found', `Metric '${String(node.name)}' (${String(node.original_file_path)}) uses a measure named '${name}' which no enabled semantic model defines.`, where, 'Add the measure to a semantic model, or fix the name under type_params:.');
      }
      deps.push(id);
      return id;
    };
    const needMetric = (name: string, where: SourceLocation, what: string) => {
      const id = metrics.get(name);
      if (!id) {
        throw userError('metric-not-found', `${what} '${String(node.name)}' (${String(node.original_file_path)}) depends on a metric named '${name}' which was not found.`, where, 'Check the metric name; it must be defined under metrics: in a property file.');
      }
      deps.push(id);
    };
    if (node.resource_type === 'metric') {
      const raw = entry.value.type_params as Json;
      const tpLine = entry.pf.lines.keyLine(entry.value, 'type_params', entry.line);
      const params = node.type_params as Json;
      const inputs: Json[] = [];
      if (isRecord(params.measure)) {
        needMeasure(String(params.measure.name), at(raw, 'measure', tpLine));
        inputs.push(params.measure);
      }
      const conversion = raw.conversion_type_params;
      if (isRecord(conversion)) {
        for (const key of ['base_measure', 'conversion_measure']) {
          if (conversion[key] === undefined) continue;
          const input = measureInput(conversion[key]);
          needMeasure(String(input.name), at(conversion, key, tpLine));
          inputs.push(input);
        }
      }
      for (const key of ['numerator', 'denominator']) {
        if (isRecord(params[key])) needMetric(String(params[key].name), at(raw, key, tpLine), 'Metric');
      }
      if (Array.isArray(params.metrics)) for (const input of params.metrics as Json[]) needMetric(String(input.name), at(raw, 'metrics', tpLine), 'Metric');
      if (deps.length === 0) {
        throw userError('yaml-invalid-shape', `Metric '${String(node.name)}' of type ${String(node.type)} names no measure or metric under type_params:.`, { file: entry.pf.file.abs, line: tpLine }, 'Simple and cumulative metrics need measure:; ratio metrics numerator: and denominator:; derived metrics metrics:.');
      }
      params.input_measures = inputs;
      node.metrics = deps.filter((id) => id.startsWith('metric.')).map((id) => [id.split('.').slice(2).join('.')]);
    } else {
      const qp = entry.value.query_params;
      const line = isRecord(qp) ? entry.pf.lines.keyLine(qp, 'metrics', entry.line) : entry.line;
      for (const name of (node.query_params as Json).metrics as string[]) needMetric(String(name), { file: entry.pf.file.abs, line }, 'Saved query');
    }
    (node.depends_on as Json).nodes = [...new Set(deps)].sort();
  }
  fillCombinedInputMeasures(state);
}

/**
 * A ratio or derived metric's input_measures, as dbt's manifest linking sets them: the input
 * measures of each metric it combines (numerator then denominator, or its metrics in order),
 * resolved recursively; one equal to a measure already listed is skipped (dbt's add_input_measure).
 */
function fillCombinedInputMeasures(state: LoadState): void {
  const byName = new Map<string, Json>();
  for (const metric of Object.values(state.manifest.metrics) as Json[]) if (!byName.has(String(metric.name))) byName.set(String(metric.name), metric);
  const resolving = new Set<Json>();
  const inputMeasures = (metric: Json): Json[] => {
    const params = metric.type_params as Json;
    const own = Array.isArray(params.input_measures) ? (params.input_measures as Json[]) : (params.input_measures = []);
    if (own.length > 0 || (metric.type !== 'ratio' && metric.type !== 'derived') || resolving.has(metric)) return own;
    resolving.add(metric);
    const inputs = metric.type === 'ratio' ? [params.numerator, params.denominator] : Array.isArray(params.metrics) ? params.metrics : [];
    for (const input of inputs) {
      const target = isRecord(input) ? byName.get(String(input.name)) : undefined;
      for (const measure of target ? inputMeasures(target) : []) {
        const key = JSON.stringify(measure);
        if (!own.some((m) => JSON.stringify(m) === key)) own.push({ ...measure });
      }
    }
    resolving.delete(metric);
    return own;
  };
  for (const metric of byName.values()) inputMeasures(metric);
}
