// The variables that show templates the project's nodes: `model` (the node being rendered) and
// `graph` (every node, as dbt's flat graph).
import type { Manifest } from '../types.js';
import { batchId, sizeOfSpan } from './microbatch-batch-names.js';
import { PyDatetime, UTC } from './py/datetime.js';
import type { RenderCore } from './render-core.js';
import type { RenderState } from './render-state.js';

/** dbt's `model`: the node as a dict, with `batch` (and its bounds in config) while one microbatch batch renders. */
export function modelVariable(st: RenderState): object {
  const batch = st.overrides?.batch;
  if (!st.node) return {};
  // As dbt's model dict: once compiled, the SQL is also under its older name, which packages still read.
  const compiled = st.node.compiled_code !== undefined ? { compiled_sql: st.node.compiled_code } : undefined;
  // Outside a batch, a model's `batch` is None (so `model.batch.id` is undefined, not an error).
  if (!batch) return st.node.resource_type === 'model' ? { ...st.node, ...compiled, batch: null } : compiled ? { ...st.node, ...compiled } : st.node;
  // dbt's model.batch while a microbatch model renders one batch; its id is the batch's start
  // at the batch size's grain without dashes (20240131, 20240131T05, 202401, 2024).
  const id = batchId(batch.start, typeof st.node.config['batch_size'] === 'string' ? st.node.config['batch_size'] : sizeOfSpan(batch.start, batch.end));
  const start = PyDatetime.fromDate(batch.start, UTC);
  const end = PyDatetime.fromDate(batch.end, UTC);
  return {
    ...st.node,
    ...compiled,
    // The bounds dbt also puts in the model's config (older projects' macros read them there).
    config: { ...st.node.config, __dbt_internal_microbatch_event_time_start: start, __dbt_internal_microbatch_event_time_end: end },
    batch: { id, event_time_start: start, event_time_end: end },
  };
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
