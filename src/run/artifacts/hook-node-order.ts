// Where a project hook's operation node sits among manifest.json's nodes: dbt's parser makes the
// hooks after the nodes of a project's files (models, snapshots, analyses, singular tests,
// seeds) and before the nodes its property files add (generic tests), so `nodes`, parent_map,
// child_map and graph_summary.json all list the hooks there.
import type { CompiledNode, Manifest } from '../../project/types.js';

/**
 * `entries` (keyed by unique id, in the manifest's order) with `hooks` inserted before the first
 * entry that is not a node of a file: a generic test, or a source, exposure or other member
 * listed after the nodes. The record itself is returned when there is no hook to place.
 */
export function withHooksInParseOrder<T>(manifest: Manifest, entries: Record<string, T>, hooks: Record<string, T>): Record<string, T> {
  const hookIds = Object.keys(hooks);
  if (hookIds.length === 0) return entries;
  const out: Record<string, T> = {};
  let placed = false;
  for (const [id, value] of Object.entries(entries)) {
    if (!placed && !isFileNode(manifest.nodes[id])) {
      for (const hook of hookIds) out[hook] = hooks[hook]!;
      placed = true;
    }
    if (!(id in out)) out[id] = value;
  }
  if (!placed) for (const hook of hookIds) out[hook] = hooks[hook]!;
  return out;
}

// A node made from a file of its own, not from a property file (a generic test has test_metadata).
function isFileNode(node: CompiledNode | undefined): boolean {
  return node !== undefined && !(node.resource_type === 'test' && node.test_metadata !== undefined);
}
