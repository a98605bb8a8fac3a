// The DAG of a linked manifest: parents, children, ancestors, descendants, topological order
// and cycle detection. Nodes are held as integer indexes in sorted unique_id order and edges in
// compressed adjacency arrays, so every operation is linear and iterative (projects with tens of
// thousands of nodes must not hit the call-stack limit).
import { userError } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { dependsOnNodes, findMember, graphMembers, type MemberNode } from './graph-members.js';

/** A directed acyclic graph of unique_ids; an edge points from a parent to the node depending on it. */
export class Graph {
  /** Number of nodes. */
  readonly size: number;
  private readonly ids: string[];
  private readonly index: Map<string, number>;
  private readonly parentStart: Int32Array;
  private readonly parentList: Int32Array;
  private readonly childStart: Int32Array;
  private readonly childList: Int32Array;
  private rankCache: Int32Array | undefined;
  private orderCache: string[] | undefined;

  /**
   * Builds the graph of a linked manifest's enabled nodes, sources, exposures, unit tests, metrics.
   * `members` is `graphMembers(manifest)` when the caller has listed them already.
   */
  constructor(manifest: Manifest, members: Iterable<MemberNode> = graphMembers(manifest)) {
    // Edges as two flat arrays (no [parent, child] pair per edge: tens of thousands of them).
    const ids: string[] = [];
    const heads: string[] = [];
    const tails: string[] = [];
    for (const node of members) {
      const child = node.unique_id;
      ids.push(child);
      for (const parent of dependsOnNodes(node)) {
        heads.push(parent);
        tails.push(child);
      }
    }
    const built = buildAdjacency(ids, heads, tails);
    this.size = built.ids.length;
    this.ids = built.ids;
    this.index = built.index;
    this.parentStart = built.parentStart;
    this.parentList = built.parentList;
    this.childStart = built.childStart;
    this.childList = built.childList;
  }

  /** Builds a graph from bare ids and `[parent, child]` edges (edges to unknown ids are ignored). */
  static fromEdges(ids: Iterable<string>, edges: Iterable<readonly [string, string]>): Graph {
    const graph = Object.create(Graph.prototype) as Graph;
    const heads: string[] = [];
    const tails: string[] = [];
    for (const [parent, child] of edges) {
      heads.push(parent);
      tails.push(child);
    }
    const built = buildAdjacency([...ids], heads, tails);
    Object.assign(graph, {
      size: built.ids.length,
      ids: built.ids,
      index: built.index,
      parentStart: built.parentStart,
      parentList: built.parentList,
      childStart: built.childStart,
      childList: built.childList,
      rankCache: undefined,
      orderCache: undefined,
    });
    return graph;
  }

  /** Whether the id is a node of this graph. */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Every node, sorted by unique_id. */
  nodes(): string[] {
    return this.ids.slice();
  }

  /** Direct parents of a node, sorted by unique_id (empty for unknown ids). */
  parents(id: string): string[] {
    const i = this.index.get(id);
    if (i === undefined) return [];
    return this.names(this.parentList, this.parentStart[i] as number, this.parentStart[i + 1] as number);
  }

  /** Direct children of a node, sorted by unique_id (empty for unknown ids). */
  children(id: string): string[] {
    const i = this.index.get(id);
    if (i === undefined) return [];
    return this.names(this.childList, this.childStart[i] as number, this.childStart[i + 1] as number);
  }

  /** All ancestors of the given nodes up to `depth` edges away (unlimited when omitted); a start node is included only when it is an ancestor of another start. */
  ancestors(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.toNames(this.walk(this.toIndexes(ids), this.parentStart, this.parentList, depth));
  }

  /** All descendants of the given nodes up to `depth` edges away (unlimited when omitted). */
  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.toNames(this.walk(this.toIndexes(ids), this.childStart, this.childList, depth));
  }

  /** The graph restricted to the given ids, keeping the edges among them. */
  subgraph(ids: Iterable<string>): Graph {
    const keep = new Set<string>();
    for (const id of ids) if (this.index.has(id)) keep.add(id);
    const edges: [string, string][] = [];
    for (const id of keep) {
      const i = this.index.get(id) as number;
      for (let k = this.childStart[i] as number; k < (this.childStart[i + 1] as number); k++) {
        const child = this.ids[this.childList[k] as number] as string;
        if (keep.has(child)) edges.push([id, child]);
      }
    }
    return Graph.fromEdges(keep, edges);
  }

  /** One cycle as a path `[a, b, ..., a]` in parent-to-child direction, or undefined when the graph is acyclic. */
  findCycle(): string[] | undefined {
    if (this.orderCache) return undefined;
    const { order, remaining } = this.kahn();
    if (order.length === this.size) {
      // Linking checks for cycles and selection then wants the order: compute it once.
      this.keepOrder(order);
      return undefined;
    }
    // Every node Kahn's algorithm leaves behind has a parent that was left behind too, so
    // walking parents among them must revisit a node: that loop is a real cycle.
    let current = remaining.findIndex((r) => r > 0);
    const seenAt = new Map<number, number>();
    const path: number[] = [];
    while (!seenAt.has(current)) {
      seenAt.set(current, path.length);
      path.push(current);
      let next = -1;
      for (let k = this.parentStart[current] as number; k < (this.parentStart[current + 1] as number); k++) {
        const p = this.parentList[k] as number;
        if ((remaining[p] as number) > 0) {
          next = p;
          break;
        }
      }
      current = next;
    }
    const loop = path.slice(seenAt.get(current)).reverse();
    const names = loop.map((i) => this.ids[i] as string);
    // Start the printed cycle at its smallest id so the message is the same on every run.
    let start = 0;
    for (let k = 1; k < names.length; k++) if ((names[k] as string) < (names[start] as string)) start = k;
    const rotated = [...names.slice(start), ...names.slice(0, start)];
    rotated.push(rotated[0] as string);
    return rotated;
  }

  /** Every node in dependency order, ties broken by unique_id; throws a `cycle` error on a cyclic graph. */
  topologicalOrder(): string[] {
    if (!this.orderCache) {
      const { order } = this.kahn();
      if (order.length !== this.size) throw cycleError(this.findCycle() ?? []);
      this.keepOrder(order);
    }
    return (this.orderCache as string[]).slice();
  }

  private keepOrder(order: number[]): void {
    const rank = new Int32Array(this.size);
    const names: string[] = new Array<string>(order.length);
    for (let position = 0; position < order.length; position++) {
      const node = order[position] as number;
      rank[node] = position;
      names[position] = this.ids[node] as string;
    }
    this.rankCache = rank;
    this.orderCache = names;
  }

  /** The given ids (those in the graph) sorted in topological order. */
  sortTopologically(ids: Iterable<string>): string[] {
    if (!this.rankCache) this.topologicalOrder();
    const rank = this.rankCache as Int32Array;
    const indexes: number[] = [];
    for (const id of ids) {
      const i = this.index.get(id);
      if (i !== undefined) indexes.push(i);
    }
    indexes.sort((a, b) => (rank[a] as number) - (rank[b] as number));
    return indexes.map((i) => this.ids[i] as string);
  }

  /** Kahn's algorithm with a min-heap on node index (= unique_id order) for a stable order. */
  private kahn(): { order: number[]; remaining: Int32Array } {
    const remaining = new Int32Array(this.size);
    const heap: number[] = [];
    for (let i = 0; i < this.size; i++) {
      remaining[i] = (this.parentStart[i + 1] as number) - (this.parentStart[i] as number);
      if (remaining[i] === 0) heap.push(i); // ascending already: a valid heap
    }
    const order: number[] = [];
    while (heap.length > 0) {
      const node = heapPop(heap);
      order.push(node);
      for (let k = this.childStart[node] as number; k < (this.childStart[node + 1] as number); k++) {
        const child = this.childList[k] as number;
        remaining[child] = (remaining[child] as number) - 1;
        if (remaining[child] === 0) heapPush(heap, child);
      }
    }
    return { order, remaining };
  }

  private walk(starts: number[], start: Int32Array, list: Int32Array, depth?: number): number[] {
    const limit = depth === undefined || depth < 0 ? Number.POSITIVE_INFINITY : depth;
    const distance = new Int32Array(this.size).fill(-1);
    const inResult = new Uint8Array(this.size);
    const result: number[] = [];
    let frontier: number[] = [];
    for (const s of starts) {
      if (distance[s] === -1) {
        distance[s] = 0;
        frontier.push(s);
      }
    }
    let level = 0;
    while (frontier.length > 0 && level < limit) {
      level++;
      const next: number[] = [];
      for (const node of frontier) {
        for (let k = start[node] as number; k < (start[node + 1] as number); k++) {
          const other = list[k] as number;
          if (!inResult[other]) {
            inResult[other] = 1;
            result.push(other);
          }
          if (distance[other] === -1) {
            distance[other] = level;
            next.push(other);
          }
        }
      }
      frontier = next;
    }
    return result;
  }

  private toIndexes(ids: string | Iterable<string>): number[] {
    const out: number[] = [];
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      const i = this.index.get(id);
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  private toNames(indexes: number[]): Set<string> {
    const out = new Set<string>();
    for (const i of indexes) out.add(this.ids[i] as string);
    return out;
  }

  /** The ids at `list[from..to)` (a plain loop: no subarray view and no mapping callback per call). */
  private names(list: Int32Array, from: number, to: number): string[] {
    const out: string[] = [];
    for (let k = from; k < to; k++) out.push(this.ids[list[k] as number] as string);
    return out;
  }
}

/** The `cycle` error for a cycle path, located at the first node's file when the manifest is given. */
export function cycleError(path: string[], manifest?: Manifest) {
  const first = path[0];
  const node = manifest && first ? findMember(manifest, first) : undefined;
  const origin = node?.origin as { file?: string; line?: number } | undefined;
  return userError(
    'cycle',
    `Found a cycle: ${path.join(' -> ')}`,
    origin?.file ? { file: origin.file, ...(origin.line ? { line: origin.line } : {}) } : undefined,
    'Remove one of the ref() or source() calls that close the loop.',
  );
}

interface Adjacency {
  ids: string[];
  index: Map<string, number>;
  parentStart: Int32Array;
  parentList: Int32Array;
  childStart: Int32Array;
  childList: Int32Array;
}

/** The CSR adjacency of `rawIds` and the edges `heads[e] -> tails[e]` (edges to unknown ids are ignored, duplicates kept once). */
function buildAdjacency(rawIds: string[], heads: string[], tails: string[]): Adjacency {
  // Plain sort orders strings by UTF-16 code units, as `<` does, without a JS comparison callback.
  const ids = [...new Set(rawIds)].sort();
  const index = new Map<string, number>();
  const n = ids.length;
  for (let i = 0; i < n; i++) index.set(ids[i] as string, i);
  const from: number[] = [];
  const to: number[] = [];
  // A duplicate edge is usually a repeated parent of one child, listed together: a marker per
  // parent catches those; the set is only needed for duplicates that are not adjacent.
  const lastChildOf = new Int32Array(n).fill(-1);
  let seen: Set<number> | undefined;
  let previousChild = -1;
  let grouped = true;
  const visited = new Uint8Array(n);
  for (let e = 0; e < heads.length; e++) {
    const p = index.get(heads[e] as string);
    const c = index.get(tails[e] as string);
    if (p === undefined || c === undefined) continue;
    if (c !== previousChild) {
      // A child seen before, after other children: its edges are not contiguous.
      if (visited[c]) grouped = false;
      visited[c] = 1;
      previousChild = c;
    }
    if (grouped) {
      if (lastChildOf[p] === c) continue;
      lastChildOf[p] = c;
    } else {
      if (!seen) {
        seen = new Set<number>();
        for (let k = 0; k < from.length; k++) seen.add((from[k] as number) * n + (to[k] as number));
      }
      const key = p * n + c;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    from.push(p);
    to.push(c);
  }
  const csr = (heads: number[], tails: number[]): [Int32Array, Int32Array] => {
    const start = new Int32Array(n + 1);
    for (const h of heads) start[h + 1] = (start[h + 1] as number) + 1;
    for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
    const fill = start.slice(0, n);
    const list = new Int32Array(heads.length);
    for (let e = 0; e < heads.length; e++) {
      const h = heads[e] as number;
      list[fill[h] as number] = tails[e] as number;
      fill[h] = (fill[h] as number) + 1;
    }
    // Indexes follow unique_id order, so sorting each slice sorts neighbours by id.
    // (Most slices hold zero or one neighbour: only longer ones are sorted, two swapped in place.)
    for (let i = 0; i < n; i++) {
      const a = start[i] as number;
      const b = start[i + 1] as number;
      if (b - a === 2) {
        const first = list[a] as number;
        if (first > (list[a + 1] as number)) {
          list[a] = list[a + 1] as number;
          list[a + 1] = first;
        }
      } else if (b - a > 2) list.subarray(a, b).sort();
    }
    return [start, list];
  };
  const [childStart, childList] = csr(from, to);
  const [parentStart, parentList] = csr(to, from);
  return { ids, index, parentStart, parentList, childStart, childList };
}

function heapPush(heap: number[], value: number): void {
  heap.push(value);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= value) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = value;
}

function heapPop(heap: number[]): number {
  const top = heap[0] as number;
  const last = heap.pop() as number;
  if (heap.length > 0) {
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const smaller = r < n && (heap[r] as number) < (heap[l] as number) ? r : l;
      if ((heap[smaller] as number) >= last) break;
      heap[i] = heap[smaller] as number;
      i = smaller;
    }
    heap[i] = last;
  }
  return top;
}
