// dbt's parent_map and child_map: each enabled graph member's parents and children, sorted.
import type { Manifest } from '../project/types.js';
import type { Graph } from './graph.js';
import { dependsOnNodes, type MemberNode } from './graph-members.js';

/**
 * Fills parent_map and child_map for every enabled graph member, values sorted as dbt writes them.
 * `graph` is the graph built from `members`.
 */
export function buildMaps(manifest: Manifest, members: MemberNode[], graph: Graph): void {
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  const positions = graphPositions(members, graph);
  if (positions) {
    // The graph holds every edge of the maps, sorted by id: each list is read off it at its size.
    for (let k = 0; k < members.length; k++) {
      const id = (members[k] as MemberNode).unique_id;
      const i = positions[k] as number;
      parentMap[id] = graph.parentsAt(i);
      childMap[id] = graph.childrenAt(i);
    }
    manifest.parent_map = parentMap;
    manifest.child_map = childMap;
    return;
  }
  for (const node of members) childMap[node.unique_id] = [];
  for (const node of members) {
    const parents = dependsOnNodes(node).slice();
    parentMap[node.unique_id] = parents;
    for (const parent of parents) childMap[parent]?.push(node.unique_id);
  }
  // Most lists hold zero or one id: sorting those would only allocate the sort's work arrays.
  // Both maps are keyed by the members' ids: walking the members skips enumerating the keys of
  // two objects with tens of thousands of entries (dictionary mode, where that means a sort).
  // A member listed twice is sorted twice, which changes nothing.
  for (const node of members) {
    sortIds(parentMap[node.unique_id]!);
    sortIds(childMap[node.unique_id]!);
  }
  manifest.parent_map = parentMap;
  manifest.child_map = childMap;
}

/**
 * Each member's position in the graph, when the graph holds exactly the maps' edges: every member
 * listed once and every depends_on entry a distinct member (the graph drops repeated and unknown
 * parents, which the maps keep). Undefined otherwise.
 */
function graphPositions(members: MemberNode[], graph: Graph): Int32Array | undefined {
  if (graph.size !== members.length) return undefined;
  const positions = graph.memberPositions;
  for (let k = 0; k < members.length; k++) {
    if (graph.parentCountAt(positions[k] as number) !== dependsOnNodes(members[k] as MemberNode).length) return undefined;
  }
  return positions;
}

function sortIds(list: string[]): void {
  if (list.length === 2) {
    if (list[0]! > list[1]!) list.reverse();
  } else if (list.length > 2) list.sort(compare);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
