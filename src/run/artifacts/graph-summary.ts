import { join } from 'node:path';
import type { Manifest } from '../../project/types.js';
import { writeCreatingFolders } from './write-file.js';
import { withHooksInParseOrder } from './hook-node-order.js';

/** One node of dbt's graph summary: its unique id, resource type and the indexes of its children. */
export interface GraphSummaryNode {
  name: string;
  type: string;
  succ?: number[];
}

/** dbt's graph_summary.json: the linked graph, and for `build` the same graph with its test edges. */
export interface GraphSummary {
  _invocation_id: string;
  linked: Record<string, GraphSummaryNode>;
  with_test_edges?: Record<string, GraphSummaryNode>;
}

// A graph as dbt's Linker holds it: nodes in the order they were added, each node's children in
// the order their edges were added (a Set keeps both the order and one entry per child).
interface LinkedGraph {
  order: string[];
  children: Map<string, Set<string>>;
}

/**
 * dbt's graph_summary.json, a compact picture of the DAG for diagnostics: each node numbered in
 * the order dbt's Linker adds it (sources first, then every node followed by the parents it
 * meets first), with the numbers of its children; `succ` is left out for a node with none. A
 * `build` adds `with_test_edges`, the graph once each data test also points at the nodes it
 * runs before.
 */
export function graphSummary(manifest: Manifest, invocationId: string, testEdges = false): GraphSummary {
  const linked = linkGraph(manifest);
  const summary: GraphSummary = { _invocation_id: invocationId, linked: numbered(linked) };
  if (testEdges) summary.with_test_edges = numbered(addTestEdges(linked, manifest));
  return summary;
}

/** Writes `<targetDir>/graph_summary.json`, as dbt does each time it compiles the graph. */
export function writeGraphSummary(manifest: Manifest, invocationId: string, targetDir: string, testEdges = false): void {
  writeCreatingFolders(join(targetDir, 'graph_summary.json'), JSON.stringify(graphSummary(manifest, invocationId, testEdges)));
}

// dbt's Linker.link_graph: sources, then each node in manifest order with an edge from each of
// its dependencies, then semantic models, exposures, metrics, unit tests and saved queries.
function linkGraph(manifest: Manifest): LinkedGraph {
  const order: string[] = [];
  const children = new Map<string, Set<string>>();
  const add = (id: string): Set<string> => {
    let kids = children.get(id);
    if (!kids) {
      children.set(id, (kids = new Set()));
      order.push(id);
    }
    return kids;
  };
  const operations = manifest.operations ?? {};
  const linkable = (id: string): boolean =>
    id in manifest.nodes || id in operations || id in manifest.sources || id in (manifest.metrics ?? {}) || id in (manifest.semantic_models ?? {});
  const link = (id: string, member: unknown): void => {
    add(id);
    const deps = (member as { depends_on?: { nodes?: unknown } }).depends_on?.nodes;
    if (!Array.isArray(deps)) return;
    for (const dep of deps) if (typeof dep === 'string' && linkable(dep)) add(dep).add(id);
  };
  for (const id of Object.keys(manifest.sources)) add(id);
  for (const [id, node] of Object.entries(withHooksInParseOrder(manifest, manifest.nodes, operations))) link(id, node);
  for (const group of [manifest.semantic_models, manifest.exposures, manifest.metrics, manifest.unit_tests, manifest.saved_queries]) {
    for (const [id, member] of Object.entries(group ?? {})) link(id, member);
  }
  return { order, children };
}

// dbt's Linker.add_test_edges: an edge from a data test to every non-test node of the manifest
// that has all the nodes the test depends on upstream of it.
function addTestEdges(linked: LinkedGraph, manifest: Manifest): LinkedGraph {
  const position = new Map(linked.order.map((id, i) => [id, i]));
  const children = new Map([...linked.children].map(([id, kids]) => [id, new Set(kids)]));
  const below = new Map<string, Set<string>>();
  const descendants = (id: string): Set<string> => {
    let found = below.get(id);
    if (found) return found;
    found = new Set();
    const queue = [...(linked.children.get(id) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (found.has(next)) continue;
      found.add(next);
      for (const kid of linked.children.get(next) ?? []) queue.push(kid);
    }
    below.set(id, found);
    return found;
  };
  for (const id of linked.order) {
    const test = manifest.nodes[id];
    if (!test || test.resource_type !== 'test') continue;
    const deps = [...new Set(test.depends_on.nodes)].filter((dep) => position.has(dep));
    // dbt finds a test through the nodes it depends on: one that depends on none gets no edges.
    if (deps.length === 0 || deps.length !== new Set(test.depends_on.nodes).size) continue;
    const sets = deps.map(descendants).sort((a, b) => a.size - b.size);
    const [smallest, ...others] = sets;
    const targets = [...smallest!].filter((x) => {
      const node = manifest.nodes[x] ?? manifest.operations?.[x];
      return node !== undefined && node.resource_type !== 'test' && others.every((s) => s.has(x));
    });
    targets.sort((a, b) => position.get(a)! - position.get(b)!);
    const kids = children.get(id)!;
    for (const x of targets) kids.add(x);
  }
  return { order: linked.order, children };
}

// The graph as dbt's get_graph_summary writes it: each node by its number, with its children's numbers.
function numbered(graph: LinkedGraph): Record<string, GraphSummaryNode> {
  const position = new Map(graph.order.map((id, i) => [id, i]));
  const out: Record<string, GraphSummaryNode> = {};
  graph.order.forEach((id, i) => {
    // A unique id starts with its resource type (model., seed., source., exposure., ...).
    const node: GraphSummaryNode = { name: id, type: id.slice(0, id.indexOf('.')) };
    const kids = graph.children.get(id);
    if (kids && kids.size > 0) node.succ = [...kids].map((kid) => position.get(kid)!);
    out[i] = node;
  });
  return out;
}
