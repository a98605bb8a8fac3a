// dbt binds the macros of a node's runtime context to the node, so a macro its code calls at
// compile time (under `{% if execute %}`, or a generic test's get_where_subquery, which dbt's
// parse skips for its own unique and not_null tests) joins depends_on.macros as a parse-time
// call does; the manifest written after the command lists it.
import type { CompiledNode } from '../types.js';
import type { RenderState } from './render-state.js';

/** Appends the macros a compile of `node` called from its own code to its depends_on.macros, each once. */
export function addCompiledMacros(node: CompiledNode, st: RenderState): void {
  if (!st.tracksCalls || st.usedMacros.size === 0) return;
  const known = node.depends_on.macros;
  const added = [...st.usedMacros].filter((id) => !known.includes(id));
  if (added.length > 0) node.depends_on = { ...node.depends_on, macros: [...known, ...added] };
}
