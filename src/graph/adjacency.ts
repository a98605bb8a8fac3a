// The compressed adjacency arrays a Graph is made of: nodes numbered in unique_id order, each
// node's parents and children as one slice of a flat Int32Array.

/** A graph's nodes (sorted), their numbering, and its edges in both directions. */
export interface Adjacency {
  ids: string[];
  index: Map<string, number>;
  positions: Int32Array;
  parentStart: Int32Array;
  parentList: Int32Array;
  childStart: Int32Array;
  childList: Int32Array;
}

/** Lists a graph's edges by position: `add(parent, child)` for each, given the id index and each raw id's position. */
export type EdgeSource = (index: Map<string, number>, positions: Int32Array, add: (parent: number, child: number) => void) => void;

/** The CSR adjacency of `rawIds` and the edges `edges` lists (duplicates kept once). */
export function buildAdjacency(rawIds: string[], edges: EdgeSource): Adjacency {
  // Plain sort orders strings by UTF-16 code units, as `<` does, without a JS comparison callback.
  const ids = [...new Set(rawIds)].sort();
  const index = new Map<string, number>();
  const n = ids.length;
  for (let i = 0; i < n; i++) index.set(ids[i] as string, i);
  const positions = new Int32Array(rawIds.length);
  for (let k = 0; k < rawIds.length; k++) positions[k] = index.get(rawIds[k] as string) as number;
  const from: number[] = [];
  const to: number[] = [];
  // A duplicate edge is usually a repeated parent of one child, listed together: a marker per
  // parent catches those; the set is only needed for duplicates that are not adjacent.
  const lastChildOf = new Int32Array(n).fill(-1);
  let seen: Set<number> | undefined;
  let previousChild = -1;
  let grouped = true;
  const visited = new Uint8Array(n);
  edges(index, positions, (p, c) => {
    if (c !== previousChild) {
      // A child seen before, after other children: its edges are not contiguous.
      if (visited[c]) grouped = false;
      visited[c] = 1;
      previousChild = c;
    }
    if (grouped) {
      if (lastChildOf[p] === c) return;
      lastChildOf[p] = c;
    } else {
      if (!seen) {
        seen = new Set<number>();
        for (let k = 0; k < from.length; k++) seen.add((from[k] as number) * n + (to[k] as number));
      }
      const key = p * n + c;
      if (seen.has(key)) return;
      seen.add(key);
    }
    from.push(p);
    to.push(c);
  });
  const csr = (heads: number[], tails: number[]): [Int32Array, Int32Array] => {
    const start = new Int32Array(n + 1);
    for (let e = 0; e < heads.length; e++) start[(heads[e] as number) + 1] = (start[(heads[e] as number) + 1] as number) + 1;
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
  return { ids, index, positions, parentStart, parentList, childStart, childList };
}
