// The results on-run-end hooks see: dbt's RunResult objects, whose to_dict() packages such as
// elementary call to read a result and its node as plain data (the node as manifest.json writes it).
import type { GraphNode } from '../../project/types.js';
import type { NodeResult } from '../run-result.js';
import { entryJson } from './manifest-json.js';

type Json = Record<string, unknown>;

/** One result for on-run-end's `results`: its fields and node, with dbt's RunResult.to_dict(). */
export function runResultForJinja(result: NodeResult): Json {
  const { node, ...rest } = result;
  const out: Json = { ...rest, node };
  // Not a key of the result: a method, as on dbt's RunResult (kept out of items() and tojson).
  Object.defineProperty(out, 'to_dict', { value: () => runResultDict(result, node), enumerable: false });
  return out;
}

function runResultDict(result: NodeResult, node: GraphNode): Json {
  return {
    status: result.status,
    timing: result.timing.map((t) => ({ name: t.name, started_at: t.started_at, completed_at: t.completed_at })),
    thread_id: result.thread_id,
    execution_time: result.execution_time,
    adapter_response: result.adapter_response,
    message: result.message,
    failures: result.failures,
    node: entryJson(node, Date.now() / 1000) ?? null,
    agate_table: null,
    batch_results: result.batch_results ?? null,
  };
}
