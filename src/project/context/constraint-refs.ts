// A foreign key constraint may name its parent with `to: ref('model')` or
// `to: source('src', 'table')`. dbt makes the constrained model depend on that parent, so the
// parent is built first and the constraint can be created.
import { userError } from '../../core/diagnostic.js';
import type { CompiledNode, RefCall } from '../types.js';
import { appendRefs, mergeSources } from './merge-refs.js';

const QUOTED = String.raw`\s*(['"])(.*?)\1\s*`;
// ref('name'), ref('package', 'name'), either with a version: v=2, version='3'.
const VERSION = String.raw`(?:,\s*(?:v|version)\s*=\s*(?:(['"])(.*?)\5|([0-9][0-9_]*(?:\.[0-9]*)?))\s*)?`;
const REF = new RegExp(String.raw`^\s*ref\(${QUOTED}(?:,${QUOTED})?${VERSION}\)\s*$`, 'u');
const SOURCE = new RegExp(String.raw`^\s*source\(${QUOTED},${QUOTED}\)\s*$`, 'u');

/** The refs and sources named by the `to:` of the node's foreign keys (column- and model-level). */
export function constraintRefs(node: CompiledNode): { refs: RefCall[]; sources: [string, string][] } {
  const found: { refs: RefCall[]; sources: [string, string][] } = { refs: [], sources: [] };
  // Read in place: every parsed node comes here, and most have no constraint at all.
  addParents(node, node.constraints, found);
  if (node.columns) for (const column of Object.values(node.columns)) addParents(node, column.constraints, found);
  return found;
}

function addParents(node: CompiledNode, constraints: readonly unknown[] | undefined, found: { refs: RefCall[]; sources: [string, string][] }): void {
  if (!constraints) return;
  for (const raw of constraints) {
    const c = raw as { type?: unknown; to?: unknown };
    if (c.type !== 'foreign_key' || typeof c.to !== 'string' || c.to === '') continue;
    const ref = REF.exec(c.to);
    if (ref) {
      // ref('name') or ref('package', 'name')
      const call: RefCall = ref[4] === undefined ? { name: ref[2]! } : { package: ref[2]!, name: ref[4] };
      const version = ref[6] ?? (ref[7] === undefined ? undefined : /^[0-9_]+$/u.test(ref[7]) ? Number(ref[7].replace(/_/gu, '')) : ref[7]);
      if (version !== undefined) call.version = version;
      found.refs.push(call);
      continue;
    }
    const source = SOURCE.exec(c.to);
    if (source) found.sources.push([source[2]!, source[4]!]);
    else if (node.resource_type === 'model') {
      // dbt reads `to` as a ref() or source() call while parsing the model, and refuses anything else.
      throw userError(
        'constraint-invalid',
        `Invalid 'ref' or 'source' syntax on foreign key constraint 'to' on model ${node.name}: ${c.to}.`,
        { file: node.origin.file },
        "Write to: as ref('model') or source('source_name', 'table'), or put the referenced table in expression: instead.",
      );
    }
  }
}

/**
 * Adds the parents a node's foreign keys name (`to: ref(...)`) to its refs and sources: dbt
 * appends them when it applies the properties files, after the refs of the node's SQL and hooks.
 */
export function addConstraintParents(node: CompiledNode): void {
  const parents = constraintRefs(node);
  if (parents.refs.length > 0) node.refs = appendRefs(node.refs, parents.refs);
  if (parents.sources.length > 0) node.sources = mergeSources(node.sources, parents.sources);
}
