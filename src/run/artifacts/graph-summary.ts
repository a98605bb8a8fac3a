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

// A graph as dbt's Linker holds it: nodes numbered in the order they were added, each node's
// children (by number) in the order their edges were added. Numbers rather than ids: a large
// project's summary is written on every command, and this keeps it to a few arrays.
interface LinkedGraph {
  order: string[];
  children: number[][];
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
  const children: number[][] = [];
  const numbers = new Map<string, number>();
  const add = (id: string): number => {
    let n = numbers.get(id);
    if (n === undefined) {
      numbers.set(id, (n = order.length));
      order.push(id);
      children.push([]);
    }
    return n;
  };
  const operations = manifest.operations ?? {};
  const linkable = (id: string): boolean =>
    id in manifest.nodes || id in operations || id in manifest.sources || id in (manifest.metrics ?? {}) || id in (manifest.semantic_models ?? {});
  const link = (id: string, member: unknown): void => {
    const n = add(id);
    const deps = (member as { depends_on?: { nodes?: unknown } }).depends_on?.nodes;
    if (!Array.isArray(deps)) return;
    for (const dep of deps) {
      if (typeof dep !== 'string' || !linkable(dep)) continue;
      // One edge per parent, as a graph holds it, even where a list names a parent twice.
      const kids = children[add(dep)]!;
      if (kids[kids.length - 1] !== n && !kids.includes(n)) kids.push(n);
    }
  };
  for (const id in manifest.sources) add(id);
  const nodes = withHooksInParseOrder(manifest, manifest.nodes, operations);
  for (const id in nodes) link(id, nodes[id]);
  for (const group of [manifest.semantic_models, manifest.exposures, manifest.metrics, manifest.unit_tests, manifest.saved_queries]) {
    for (const id in group ?? {}) link(id, group![id]);
  }
  return { order, children };
}

// dbt's Linker.add_test_edges: an edge from a data test to every non-test node of the manifest
// that has all the nodes the test depends on upstream of it.
function addTestEdges(linked: LinkedGraph, manifest: Manifest): LinkedGraph {
  const numbers = new Map(linked.order.map((id, i) => [id, i]));
  const children = linked.children.map((kids) => [...kids]);
  const below = new Map<number, Set<number>>();
  const descendants = (n: number): Set<number> => {
    let found = below.get(n);
    if (found) return found;
    found = new Set();
    const queue = [...linked.children[n]!];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (found.has(next)) continue;
      found.add(next);
      for (const kid of linked.children[next]!) queue.push(kid);
    }
    below.set(n, found);
    return found;
  };
  linked.order.forEach((id, n) => {
    const test = manifest.nodes[id];
    if (!test || test.resource_type !== 'test') return;
    const deps = [...new Set(test.depends_on.nodes)];
    const parents = deps.map((dep) => numbers.get(dep)).filter((p): p is number => p !== undefined);
    // dbt finds a test through the nodes it depends on: one that depends on none gets no edges.
    if (parents.length === 0 || parents.length !== deps.length) return;
    const [smallest, ...others] = parents.map(descendants).sort((a, b) => a.size - b.size);
    const targets = [...smallest!].filter((x) => {
      const node = manifest.nodes[linked.order[x]!] ?? manifest.operations?.[linked.order[x]!];
      return node !== undefined && node.resource_type !== 'test' && others.every((s) => s.has(x));
    });
    const kids = children[n]!;
    for (const x of targets.sort((a, b) => a - b)) if (!kids.includes(x)) kids.push(x);
  });
  return { order: linked.order, children };
}

// The graph as dbt's get_graph_summary writes it: each node by its number, with its children's numbers.
function numbered(graph: LinkedGraph): Record<string, GraphSummaryNode> {
  const out: Record<string, GraphSummaryNode> = {};
  graph.order.forEach((id, i) => {
    // A unique id starts with its resource type (model., seed., source., exposure., ...).
    const node: GraphSummaryNode = { name: id, type: id.slice(0, id.indexOf('.')) };
    const kids = graph.children[i]!;
    if (kids.length > 0) node.succ = kids;
    out[i] = node;
  });
  return out;
}
