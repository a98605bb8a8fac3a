// The variables that show templates the project's nodes: `model` (the node being rendered) and
// `graph` (every node, as dbt's flat graph).
import type { CompiledNode, Manifest } from '../types.js';
import { Column } from './column.js';
import { batchId, sizeOfSpan } from './microbatch-batch-names.js';
import { PyDatetime, UTC } from './py/datetime.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';

/** dbt's `model`: the node as a dict, with `batch` (and its bounds in config) while one microbatch batch renders. */
export function modelVariable(st: RenderState): object {
  const batch = st.overrides?.batch;
  if (!st.node) return {};
  // dbt hands each render its own copy of the node (to_dict): a template that pops or updates
  // model.columns or model.config changes neither the manifest nor the node's next render.
  const node = nodeDict(st.node);
  // As dbt's model dict: once compiled, the SQL is also under its older name, which packages still read.
  const compiled = node.compiled_code !== undefined ? { compiled_sql: node.compiled_code } : undefined;
  // Outside a batch, a model's `batch` is None (so `model.batch.id` is undefined, not an error).
  if (!batch) return node.resource_type === 'model' ? { ...node, ...compiled, batch: null } : compiled ? { ...node, ...compiled } : node;
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

/**
 * The node as dbt's model dict: plain data copied at every depth, and with the contract's
 * alias_types on (dbt's default), each column's data_type through Column.translate_type.
 */
function nodeDict(node: CompiledNode): CompiledNode {
  const copy = plainCopy(node) as CompiledNode;
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
