// The nodes dbt 1.10's build runs without doing anything (its NoOpRunner): exposures and saved
// queries. They are scheduled below what they depend on, print one `NO-OP` line (no START
// line), are skipped below a failure like any node, and are recorded in run_results.json
// with status `no-op` and message `NO-OP`, counted under NO-OP in the `Done.` line.
import type { GraphNode, Manifest } from '../project/types.js';
import type { NodeResult } from './run-result.js';

/** The resource types dbt's build runs as no-ops. */
export const NO_OP_TYPES = ['exposure', 'saved_query'] as const;

/** True for an exposure or saved query: a node build runs as a no-op. */
export function isNoOpNode(node: { resource_type: string }): boolean {
  return node.resource_type === 'exposure' || node.resource_type === 'saved_query';
}

/** The exposure or saved query of that id (saved queries are kept untyped in the manifest). */
export function lookupNoOpNode(manifest: Manifest, id: string): GraphNode | undefined {
  return manifest.exposures[id] ?? (manifest.saved_queries[id] as GraphNode | undefined);
}

/** How dbt's runners name the node in its lines: `exposure <name>`, `saved query <name>`. */
export function noOpDescription(node: { resource_type: string; name: string }): string {
  return `${node.resource_type === 'saved_query' ? 'saved query' : node.resource_type} ${node.name}`;
}

/** dbt's no-op result: nothing timed, nothing compiled, no relation. */
export function noOpResult(node: GraphNode, thread: string): NodeResult {
  return {
    unique_id: node.unique_id,
    status: 'no-op',
    message: 'NO-OP',
    failures: 0,
    timing: [],
    thread_id: thread,
    execution_time: 0,
    adapter_response: {},
    compiled: null,
    compiled_code: null,
    relation_name: null,
    node,
  };
}
