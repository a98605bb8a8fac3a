import { join } from 'node:path';
import type { Graph } from '../../graph/index.js';
import { writeCreatingFolders } from './write-file.js';

/** One node of dbt's graph summary: its unique id, resource type and the indexes of its children. */
export interface GraphSummaryNode {
  name: string;
  type: string;
  succ?: number[];
}

/**
 * dbt's graph_summary.json: the linked graph as numbered nodes with their children, a compact
 * picture of the DAG for diagnostics. Each node is numbered in graph order; `succ` is left out
 * for a node with no children, as dbt leaves it out.
 */
export function graphSummary(graph: Graph, invocationId: string): { _invocation_id: string; linked: Record<string, GraphSummaryNode> } {
  const ids = graph.nodes();
  const linked: Record<string, GraphSummaryNode> = {};
  ids.forEach((id, i) => {
    // A unique id starts with its resource type (model., seed., source., exposure., ...).
    const node: GraphSummaryNode = { name: id, type: id.slice(0, id.indexOf('.')) };
    // The graph's own numbering is this one: its children's numbers need no lookup by id.
    const succ = graph.childPositions(i);
    if (succ.length > 0) node.succ = succ;
    linked[i] = node;
  });
  return { _invocation_id: invocationId, linked };
}

/** Writes `<targetDir>/graph_summary.json`, as dbt does each time it compiles the graph. */
export function writeGraphSummary(graph: Graph, invocationId: string, targetDir: string): void {
  writeCreatingFolders(join(targetDir, 'graph_summary.json'), JSON.stringify(graphSummary(graph, invocationId)));
}
