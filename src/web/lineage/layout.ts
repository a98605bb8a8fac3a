// Left-to-right layered layout of the lineage graph. Small graphs (a node's neighbourhood)
// use dagre; large ones use a fast layered layout (longest-path ranks, barycentre ordering),
// because dagre takes minutes on a thousand-node project.
import dagre from '@dagrejs/dagre';

/** Size of a node box in graph units. */
export const NODE_W = 190;
export const NODE_H = 34;
const RANK_GAP = 90;
const NODE_GAP = 14;
/** Up to this many nodes, dagre lays the graph out. */
export const DAGRE_LIMIT = 120;

/** Where each node's box sits (top-left corner). */
export interface Layout {
  pos: Map<string, { x: number; y: number }>;
  width: number;
  height: number;
  engine: 'dagre' | 'layered';
}

/** Lays out nodes and edges left to right. */
export function layoutGraph(ids: string[], edges: [string, string][]): Layout {
  return ids.length <= DAGRE_LIMIT ? dagreLayout(ids, edges) : layeredLayout(ids, edges);
}

function dagreLayout(ids: string[], edges: [string, string][]): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_W, height: NODE_H });
  for (const [a, b] of edges) g.setEdge(a, b);
  dagre.layout(g);
  const pos = new Map<string, { x: number; y: number }>();
  let width = 0;
  let height = 0;
  for (const id of ids) {
    const n = g.node(id) as { x: number; y: number };
    pos.set(id, { x: n.x - NODE_W / 2, y: n.y - NODE_H / 2 });
    width = Math.max(width, n.x + NODE_W / 2 + 20);
    height = Math.max(height, n.y + NODE_H / 2 + 20);
  }
  return { pos, width, height, engine: 'dagre' };
}

/** Longest-path ranking, then barycentre sweeps to reduce crossings, then spacing within ranks. */
export function layeredLayout(ids: string[], edges: [string, string][]): Layout {
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const [a, b] of edges) {
    if (!parents.has(a) || !parents.has(b)) continue;
    parents.get(b)!.push(a);
    children.get(a)!.push(b);
  }
  // Ranks: a node sits one column right of its furthest parent.
  const rank = new Map<string, number>();
  const indegree = new Map(ids.map((id) => [id, parents.get(id)!.length]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const c of children.get(id)!) {
      rank.set(c, Math.max(rank.get(c) ?? 0, rank.get(id)! + 1));
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  for (const id of ids) if (!rank.has(id)) rank.set(id, 0);
  // Sources and seeds hug their first child instead of all sitting in column 0.
  for (const id of ids) {
    if (parents.get(id)!.length > 0) continue;
    const kids = children.get(id)!;
    if (kids.length > 0) rank.set(id, Math.max(0, Math.min(...kids.map((k) => rank.get(k)!)) - 1));
  }
  const layers: string[][] = [];
  for (const id of ids) (layers[rank.get(id)!] ??= []).push(id);
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];
  const order = new Map<string, number>();
  const renumber = (layer: string[]): void => layer.forEach((id, i) => order.set(id, i / Math.max(1, layer.length)));
  for (const layer of layers) {
    layer.sort();
    renumber(layer);
  }
  const bary = (id: string, by: Map<string, string[]>): number | undefined => {
    const ns = by.get(id)!;
    if (ns.length === 0) return undefined;
    let s = 0;
    for (const n of ns) s += order.get(n)!;
    return s / ns.length;
  };
  for (let sweep = 0; sweep < 6; sweep++) {
    const down = sweep % 2 === 0;
    const seq = down ? layers : [...layers].reverse();
    for (const layer of seq) {
      const key = new Map(layer.map((id) => [id, bary(id, down ? parents : children) ?? order.get(id)!]));
      layer.sort((a, b) => key.get(a)! - key.get(b)!);
      renumber(layer);
    }
  }
  // Vertical positions: near the parents' average, in rank order, never overlapping.
  const pos = new Map<string, { x: number; y: number }>();
  const step = NODE_H + NODE_GAP;
  let height = 0;
  layers.forEach((layer, r) => {
    const x = 20 + r * (NODE_W + RANK_GAP);
    const wanted = layer.map((id, i) => {
      const ps = parents.get(id)!.filter((p) => pos.has(p));
      return ps.length ? ps.reduce((s, p) => s + pos.get(p)!.y, 0) / ps.length : 20 + i * step;
    });
    const ys: number[] = [];
    for (let i = 0; i < layer.length; i++) ys.push(Math.max(wanted[i]!, i === 0 ? 20 : ys[i - 1]! + step));
    // Pull the column back up by its average displacement, keeping order and spacing.
    const shift = Math.min(ys[0]! - 20, ys.reduce((s, y, i) => s + (y - wanted[i]!), 0) / Math.max(1, ys.length));
    layer.forEach((id, i) => {
      const y = ys[i]! - Math.max(0, shift);
      pos.set(id, { x, y });
      height = Math.max(height, y + NODE_H + 20);
    });
  });
  return { pos, width: 40 + layers.length * (NODE_W + RANK_GAP), height, engine: 'layered' };
}
