// Left-to-right layered layout of the lineage graph with dagre, at every size. Each weakly
// connected component is laid out on its own and the components are packed in columns:
// dagre's crossing reduction and positioning grow faster than linearly, so many small
// layouts are far cheaper than one big one (and a component never interleaves with another).
// Big components rank with dagre's tight-tree ranker instead of network simplex, which takes
// tens of seconds past a thousand nodes. This runs in a Web Worker (layout-worker.ts).
import dagre from '@dagrejs/dagre';
import { NODE_H, NODE_W, type Layout } from './geometry.js';

const RANK_GAP = 90;
const NODE_GAP = 14;
const MARGIN = 20;
/** Components up to this many nodes are ranked with network simplex (best ranks, slowest). */
export const NETWORK_SIMPLEX_LIMIT = 300;

/** Lays out nodes and edges left to right (edges to unknown nodes are ignored). */
export function layoutGraph(ids: string[], edges: [string, string][]): Layout {
  const laid = components(ids, edges).map((part) => dagreLayout(part.ids, part.edges));
  // Components fill columns of about the height that makes the whole drawing roughly 16:10,
  // so a project of many small components is not one very tall strip.
  const gap = NODE_GAP * 3;
  const area = laid.reduce((s, l) => s + (l.width + gap) * (l.height + gap), 0);
  const columnHeight = Math.max(...laid.map((l) => l.height), Math.sqrt(area / 1.6));
  const pos = new Map<string, { x: number; y: number }>();
  let x = MARGIN;
  let y = MARGIN;
  let columnWidth = 0;
  let height = 0;
  for (const l of laid) {
    if (y > MARGIN && y + l.height > MARGIN + columnHeight) {
      x += columnWidth + RANK_GAP;
      y = MARGIN;
      columnWidth = 0;
    }
    for (const [id, p] of l.pos) pos.set(id, { x: x + p.x, y: y + p.y });
    columnWidth = Math.max(columnWidth, l.width);
    height = Math.max(height, y + l.height + MARGIN);
    y += l.height + gap;
  }
  return { pos, width: x + columnWidth + MARGIN, height };
}

/** Weakly connected components, largest first; ties keep the input order. */
export function components(ids: string[], edges: [string, string][]): { ids: string[]; edges: [string, string][] }[] {
  const index = new Map(ids.map((id, i) => [id, i]));
  const parent = ids.map((_id, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const kept: [string, string][] = [];
  for (const e of edges) {
    const a = index.get(e[0]);
    const b = index.get(e[1]);
    if (a === undefined || b === undefined) continue;
    kept.push(e);
    parent[find(a)] = find(b);
  }
  const byRoot = new Map<number, { ids: string[]; edges: [string, string][] }>();
  ids.forEach((id, i) => {
    const r = find(i);
    const part = byRoot.get(r) ?? byRoot.set(r, { ids: [], edges: [] }).get(r)!;
    part.ids.push(id);
  });
  for (const e of kept) byRoot.get(find(index.get(e[0])!))!.edges.push(e);
  return [...byRoot.values()].sort((a, b) => b.ids.length - a.ids.length);
}

/** One component through dagre, with positions relative to its own top-left corner. */
function dagreLayout(ids: string[], edges: [string, string][]): Layout {
  if (ids.length === 1) return { pos: new Map([[ids[0]!, { x: 0, y: 0 }]]), width: NODE_W, height: NODE_H };
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: 0, marginy: 0, ranker: ids.length <= NETWORK_SIMPLEX_LIMIT ? 'network-simplex' : 'tight-tree' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_W, height: NODE_H });
  for (const [a, b] of edges) g.setEdge(a, b);
  dagre.layout(g);
  const pos = new Map<string, { x: number; y: number }>();
  let minX = Infinity;
  let minY = Infinity;
  let maxX = 0;
  let maxY = 0;
  for (const id of ids) {
    const n = g.node(id) as { x: number; y: number };
    const x = n.x - NODE_W / 2;
    const y = n.y - NODE_H / 2;
    pos.set(id, { x, y });
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + NODE_W);
    maxY = Math.max(maxY, y + NODE_H);
  }
  for (const p of pos.values()) {
    p.x -= minX;
    p.y -= minY;
  }
  return { pos, width: maxX - minX, height: maxY - minY };
}
