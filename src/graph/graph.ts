// The DAG of a linked manifest: parents, children, ancestors, descendants, topological order
// and cycle detection. Nodes are held as integer indexes in sorted unique_id order and edges in
// compressed adjacency arrays, so every operation is linear and iterative (projects with tens of
// thousands of nodes must not hit the call-stack limit).
import { userError } from '../core/diagnostic.js';
import type { Manifest } from '../project/types.js';
import { buildAdjacency } from './adjacency.js';
import { heapPop, heapPush } from './min-heap.js';
import { dependsOnNodes, findMember, graphMembers, type MemberNode } from './graph-members.js';

/** A directed acyclic graph of unique_ids; an edge points from a parent to the node depending on it. */
export class Graph {
  /** Number of nodes. */
  readonly size: number;
  private readonly ids: string[];
  private readonly index: Map<string, number>;
  /**
   * The position in `nodes()` of each member (or id) the graph was built from, in the order
   * given: linking reads each member's lists off the graph without looking its id up again.
   */
  readonly memberPositions: Int32Array;
  private readonly parentStart: Int32Array;
  private readonly parentList: Int32Array;
  private readonly childStart: Int32Array;
  private readonly childList: Int32Array;
  private rankCache: Int32Array | undefined;
  private orderCache: string[] | undefined;
  /** The node at each position of the topological order (with rankCache and orderCache). */
  private orderNodes: Int32Array | undefined;

  /**
   * Builds the graph of a linked manifest's enabled nodes, sources, exposures, unit tests, metrics.
   * `members` is `graphMembers(manifest)` when the caller has listed them already.
   */
  constructor(manifest: Manifest, members: Iterable<MemberNode> = graphMembers(manifest)) {
    const list = Array.isArray(members) ? (members as MemberNode[]) : [...members];
    const rawIds = new Array<string>(list.length);
    for (let k = 0; k < list.length; k++) rawIds[k] = (list[k] as MemberNode).unique_id;
    // Each member's own position is known: only its parents are looked up by id.
    const built = buildAdjacency(rawIds, (index, positions, add) => {
      // Indexed loops: this runs once per project, mostly before the optimizing compiler has
      // it, where for-of allocates an iterator result per entry.
      for (let k = 0; k < list.length; k++) {
        const child = positions[k] as number;
        const parents = dependsOnNodes(list[k] as MemberNode);
        for (let j = 0; j < parents.length; j++) {
          const p = index.get(parents[j] as string);
          if (p !== undefined) add(p, child);
        }
      }
    });
    this.size = built.ids.length;
    this.ids = built.ids;
    this.index = built.index;
    this.memberPositions = built.positions;
    this.parentStart = built.parentStart;
    this.parentList = built.parentList;
    this.childStart = built.childStart;
    this.childList = built.childList;
  }

  /** Builds a graph from bare ids and `[parent, child]` edges (edges to unknown ids are ignored). */
  static fromEdges(ids: Iterable<string>, edges: Iterable<readonly [string, string]>): Graph {
    const graph = Object.create(Graph.prototype) as Graph;
    const built = buildAdjacency([...ids], (index, _positions, add) => {
      for (const [parent, child] of edges) {
        const p = index.get(parent);
        const c = index.get(child);
        if (p !== undefined && c !== undefined) add(p, c);
      }
    });
    Object.assign(graph, {
      size: built.ids.length,
      ids: built.ids,
      index: built.index,
      memberPositions: built.positions,
      parentStart: built.parentStart,
      parentList: built.parentList,
      childStart: built.childStart,
      childList: built.childList,
      rankCache: undefined,
      orderCache: undefined,
      orderNodes: undefined,
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

  /** The position of a node in `nodes()`, or -1 for an unknown id. */
  positionOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** Whether every direct parent of the node at position `i` of `nodes()` is marked in `marks` (indexed by position). */
  parentsAllMarkedAt(i: number, marks: Uint8Array): boolean {
    const end = this.parentStart[i + 1] as number;
    for (let k = this.parentStart[i] as number; k < end; k++) if (marks[this.parentList[k] as number] !== 1) return false;
    return true;
  }

  /** How many direct parents the node at position `i` of `nodes()` has. */
  parentCountAt(i: number): number {
    return (this.parentStart[i + 1] as number) - (this.parentStart[i] as number);
  }

  /** Direct parents of the node at position `i` of `nodes()`, sorted by unique_id. */
  parentsAt(i: number): string[] {
    return this.names(this.parentList, this.parentStart[i] as number, this.parentStart[i + 1] as number);
  }

  /** Direct children of the node at position `i` of `nodes()`, sorted by unique_id. */
  childrenAt(i: number): string[] {
    return this.names(this.childList, this.childStart[i] as number, this.childStart[i + 1] as number);
  }

  /** The positions in `nodes()` of the direct children of the node at position `i` of `nodes()`, ascending. */
  childPositions(i: number): number[] {
    const out: number[] = [];
    if (i < 0 || i >= this.size) return out;
    const end = this.childStart[i + 1] as number;
    for (let k = this.childStart[i] as number; k < end; k++) out.push(this.childList[k] as number);
    return out;
  }

  /** Calls `visit` with each direct child of a node, sorted by unique_id (no list is made: selection asks this of every node). */
  forEachChild(id: string, visit: (child: string) => void): void {
    const i = this.index.get(id);
    if (i === undefined) return;
    const end = this.childStart[i + 1] as number;
    for (let k = this.childStart[i] as number; k < end; k++) visit(this.ids[this.childList[k] as number] as string);
  }

  /**
   * Calls `visit` with each direct child of the given nodes that is not one of them: the given
   * nodes in the set's order, each one's children sorted by unique_id (a child of several comes
   * once per parent). Whether a child is given is read off marks by position, not asked by id:
   * selection asks this of whole projects.
   */
  forEachChildOutside(ids: ReadonlySet<string>, visit: (child: string) => void): void {
    const marks = new Uint8Array(this.size);
    const at: number[] = [];
    ids.forEach((id) => {
      const i = this.index.get(id);
      if (i === undefined) return;
      marks[i] = 1;
      at.push(i);
    });
    for (let k = 0; k < at.length; k++) {
      const i = at[k] as number;
      const end = this.childStart[i + 1] as number;
      for (let e = this.childStart[i] as number; e < end; e++) {
        const child = this.childList[e] as number;
        if (marks[child] !== 1) visit(this.ids[child] as string);
      }
    }
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
    this.orderNodes = Int32Array.from(order);
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
    // Indexed when given a list (a whole-project selection): see the constructor.
    const list = Array.isArray(ids) ? (ids as readonly string[]) : [...ids];
    for (let k = 0; k < list.length; k++) {
      const i = this.index.get(list[k] as string);
      if (i !== undefined) indexes.push(i);
    }
    // A large share of the graph (a whole-project selection) is read off the order itself, marked
    // by position: no comparison callback per pair. Ids given twice keep both copies, so they sort.
    if (indexes.length * 8 >= this.size) {
      const marks = new Uint8Array(this.size);
      let repeated = false;
      for (let k = 0; k < indexes.length; k++) {
        const i = indexes[k] as number;
        if (marks[i] === 1) repeated = true;
        marks[i] = 1;
      }
      if (!repeated) {
        const order = this.orderNodes as Int32Array;
        const out = new Array<string>(indexes.length);
        let n = 0;
        for (let position = 0; position < order.length; position++) {
          const node = order[position] as number;
          if (marks[node] === 1) out[n++] = this.ids[node] as string;
        }
        return out;
      }
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
    // dbt's words: each node of the loop once, parent before child, joined by ' --> '.
    `Found a cycle: ${(path.length > 1 && path[0] === path[path.length - 1] ? path.slice(0, -1) : path).join(' --> ')}`,
    origin?.file ? { file: origin.file, ...(origin.line ? { line: origin.line } : {}) } : undefined,
    'Remove one of the ref() or source() calls that close the loop.',
  );
}
