// The variables that show templates the project's nodes: `model` (the node being rendered) and
// `graph` (every node, as dbt's flat graph).
import type { CompiledNode, MacroNode, Manifest } from '../types.js';
import { PyFloat } from '../../templating/index.js';
import { Column } from './column.js';
import { batchId, sizeOfSpan } from './microbatch-batch-names.js';
import { PyDatetime, UTC } from './py/datetime.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';

/** dbt's `model`: the node as a dict, with `batch` (and its bounds in config) while one microbatch batch renders. */
export function modelVariable(st: RenderState, createdAt: Date, primaryKey?: (model: CompiledNode, manifest: Manifest) => string[]): object {
  const batch = st.overrides?.batch;
  if (!st.node) return {};
  // dbt hands each render its own copy of the node (to_dict): a template that pops or updates
  // model.columns or model.config changes neither the manifest nor the node's next render.
  const node = nodeDict(st.node);
  withNodeFields(node as unknown as Record<string, unknown>, createdAt);
  // dbt infers a model's primary key once the project is parsed: empty while it parses.
  if (node.resource_type === 'model') (node as unknown as Record<string, unknown>)['primary_key'] = st.phase === 'parse' || !primaryKey ? [] : primaryKey(st.node, st.manifest);
  // As dbt's model dict: once compiled, the SQL is also under its older name, which packages still read.
  const compiled = node.compiled_code !== undefined ? { compiled_sql: node.compiled_code } : undefined;
  // Outside a batch a model has no `batch` key (dbt omits its None), so `model.batch` is undefined.
  // A microbatch model keeps it as None: Reelhouse also renders it once outside its batches, where
  // dbt renders it only per batch, and that render must not fail on model.batch.id.
  if (!batch) {
    if (node.resource_type === 'model' && node.config['incremental_strategy'] === 'microbatch') return { ...node, ...compiled, batch: null };
    return compiled ? { ...node, ...compiled } : node;
  }
  // dbt's model.batch while a microbatch model renders one batch; its id is the batch's start
  // at the batch size's grain without dashes (20240131, 20240131T05, 202401, 2024).
  const id = batchId(batch.start, typeof st.node.config['batch_size'] === 'string' ? st.node.config['batch_size'] : sizeOfSpan(batch.start, batch.end));
  const start = PyDatetime.fromDate(batch.start, UTC);
  const end = PyDatetime.fromDate(batch.end, UTC);
  return {
    ...node,
    ...compiled,
    // The bounds dbt also puts in the model's config (older projects' macros read them there).
    config: { ...node.config, __dbt_internal_microbatch_event_time_start: start, __dbt_internal_microbatch_event_time_end: end },
    batch: { id, event_time_start: start, event_time_end: end },
  };
}

/** The fields dbt's node config classes declare with a None default (left out of the dict while None). */
const DECLARED_CONFIG_FIELDS = new Set([
  'alias', 'schema', 'database', 'group', 'incremental_strategy', 'batch_size', 'begin', 'full_refresh', 'unique_key',
  'event_time', 'concurrent_batches', 'freshness', 'strategy', 'target_schema', 'target_database', 'updated_at',
  'check_cols', 'dbt_valid_to_current', 'store_failures', 'store_failures_as', 'where', 'limit', 'quote_columns',
]);

/**
 * Shapes the node copy as dbt's to_dict(omit_none=True) of it: fields that are None (group,
 * version, a column's data_type...) are left out, the fields every node carries from parse
 * (created_at, the config-call dicts, metrics) are there, and the compiled members only once the
 * node is compiled (dbt drops them while `compiled` is false, so during the compile itself).
 */
function withNodeFields(node: Record<string, unknown>, createdAt: Date): void {
  for (const key of Object.keys(node)) if (node[key] === null || node[key] === undefined) delete node[key];
  const columns = node['columns'];
  if (columns && typeof columns === 'object') {
    for (const column of Object.values(columns as Record<string, Record<string, unknown>>)) {
      if (!column || typeof column !== 'object') continue;
      for (const key of ['data_type', 'quote', 'granularity']) if (column[key] === null || column[key] === undefined) delete column[key];
    }
  }
  // The config's own fields that are None go too; a key the project added stays, even as None.
  const config = node['config'];
  if (config && typeof config === 'object') {
    const cfg = config as Record<string, unknown>;
    for (const key of Object.keys(cfg)) if (cfg[key] === null && DECLARED_CONFIG_FIELDS.has(key)) delete cfg[key];
  }
  node['created_at'] ??= new PyFloat(createdAt.getTime() / 1000);
  node['config_call_dict'] ??= {};
  node['unrendered_config_call_dict'] ??= {};
  if (node['resource_type'] !== 'seed') node['metrics'] ??= [];
  if (node['compiled_code'] !== undefined) {
    node['compiled'] = true;
    node['extra_ctes_injected'] ??= true;
    node['extra_ctes'] ??= [];
  } else {
    delete node['compiled'];
    delete node['extra_ctes_injected'];
    delete node['extra_ctes'];
  }
}

/**
 * dbt's `model` where a macro runs on its own (run-operation, generate_*_name, an adapter's
 * macro call): its MacroContext's model is the macro, as to_dict(omit_none=True) gives it.
 */
export function macroModel(macro: MacroNode, createdAt: number): Record<string, unknown> {
  const docs = macro.docs ?? { show: true, node_color: null };
  const out: Record<string, unknown> = {
    name: macro.name,
    resource_type: 'macro',
    package_name: macro.package_name,
    path: macro.path,
    original_file_path: macro.original_file_path,
    unique_id: macro.unique_id,
    macro_sql: macro.macro_sql,
    depends_on: { macros: [...(macro.depends_on?.macros ?? [])] },
    description: macro.description ?? '',
    meta: plainCopy(macro.meta ?? {}),
    docs: docs.node_color === null || docs.node_color === undefined ? { show: docs.show } : { show: docs.show, node_color: docs.node_color },
  };
  if (macro.patch_path !== undefined && macro.patch_path !== null) out['patch_path'] = macro.patch_path;
  out['arguments'] = (macro.arguments ?? []).map((a) => (a.type === null || a.type === undefined ? { name: a.name, description: a.description ?? '' } : { name: a.name, type: a.type, description: a.description ?? '' }));
  out['created_at'] = new PyFloat(createdAt);
  if (macro.supported_languages) out['supported_languages'] = [...macro.supported_languages];
  return out;
}

/**
 * What a project hook's render adds to the context: dbt compiles the hook as its operation node
 * (a ModelContext), so `model` is that node's dict, its own hook lists are empty and no SQL is
 * compiled yet (sql and compiled_code are None).
 */
export function operationContext(node: CompiledNode): Record<string, unknown> {
  return { model: nodeDict(node), pre_hooks: [], post_hooks: [], sql: null, compiled_code: null };
}

/** Gives a macro's own render (st.macroContext) its `model`: the macro's dict, as dbt's MacroContext holds it. */
export function setMacroModel(st: RenderState, macro: MacroNode | undefined, createdAt: Date): void {
  if (!macro) return;
  // Defined, not assigned: the context's prototype answers `model` with a getter.
  Object.defineProperty(st.ctx, 'model', { value: macroModel(macro, createdAt.getTime() / 1000), enumerable: true, writable: true, configurable: true });
}

/**
 * The node as dbt's model dict: plain data copied at every depth, and with the contract's
 * alias_types on (dbt's default), each column's data_type through Column.translate_type.
 */
export function nodeDict(node: CompiledNode): CompiledNode {
  const copy = plainCopy(node) as CompiledNode;
  // Where the node was read from is Reelhouse's own bookkeeping, no field of dbt's node.
  delete (copy as { origin?: unknown }).origin;
  if ((copy as { contract?: { alias_types?: boolean } }).contract?.alias_types === true) {
    for (const column of Object.values(copy.columns ?? {})) {
      const col = column as { data_type?: unknown };
      if (typeof col.data_type === 'string') col.data_type = Column.translate_type(col.data_type);
    }
  }
  return copy;
}

function plainCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainCopy);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as object | null;
  // Class instances (dates, relations) are values, not containers: dbt's dict shares them too.
  if (proto !== Object.prototype && proto !== null) return value;
  const out = Object.create(proto) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = plainCopy((value as Record<string, unknown>)[key]);
  return out;
}

/** dbt's `graph`: empty while the project is parsed (dbt builds its flat graph once parsing is done). */
export function graphVariable(core: RenderCore, st: RenderState): Record<string, unknown> {
  if (st.phase === 'parse') return {};
  return core.options.flatGraph ? core.options.flatGraph(st.manifest) : rawGraph(st.manifest);
}

/** The manifest's own entries under the flat graph's keys, for a renderer given no flatGraph shape. */
function rawGraph(manifest: Manifest): Record<string, unknown> {
  return {
    nodes: manifest.nodes,
    sources: manifest.sources,
    exposures: manifest.exposures,
    metrics: manifest.metrics,
    groups: manifest.groups,
    semantic_models: manifest.semantic_models,
    saved_queries: manifest.saved_queries,
    unit_tests: manifest.unit_tests,
  };
}
