// A foreign key constraint may name its parent with `to: ref('model')` or
// `to: source('src', 'table')`. dbt makes the constrained model depend on that parent, so the
// parent is built first and the constraint can be created.
import type { CompiledNode, RefCall } from '../types.js';

const QUOTED = String.raw`\s*(['"])(.*?)\1\s*`;
const REF = new RegExp(String.raw`^\s*ref\(${QUOTED}(?:,${QUOTED})?\)\s*$`, 'u');
const SOURCE = new RegExp(String.raw`^\s*source\(${QUOTED},${QUOTED}\)\s*$`, 'u');

/** The refs and sources named by the `to:` of the node's foreign keys (column- and model-level). */
export function constraintRefs(node: CompiledNode): { refs: RefCall[]; sources: [string, string][] } {
  const found: { refs: RefCall[]; sources: [string, string][] } = { refs: [], sources: [] };
  // Read in place: every parsed node comes here, and most have no constraint at all.
  addParents(node.constraints, found);
  if (node.columns) for (const column of Object.values(node.columns)) addParents(column.constraints, found);
  return found;
}

function addParents(constraints: readonly unknown[] | undefined, found: { refs: RefCall[]; sources: [string, string][] }): void {
  if (!constraints) return;
  for (const raw of constraints) {
    const c = raw as { type?: unknown; to?: unknown };
    if (c.type !== 'foreign_key' || typeof c.to !== 'string') continue;
    const ref = REF.exec(c.to);
    if (ref) {
      // ref('name') or ref('package', 'name')
      found.refs.push(ref[4] === undefined ? { name: ref[2]! } : { package: ref[2]!, name: ref[4] });
      continue;
    }
    const source = SOURCE.exec(c.to);
    if (source) found.sources.push([source[2]!, source[4]!]);
  }
}
