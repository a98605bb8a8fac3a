// The ephemeral models an invocation compiles beside its results: dbt writes the SQL of each one it
// inlines as a CTE into a compiled node, selected or not.
import type { CompiledNode, GraphNode, Manifest } from '../project/types.js';
import type { NodeResult } from './run-result.js';

/** The unselected ephemeral models reached from the compiled results through ephemeral parents alone (the CTEs they carry). */
export function injectedEphemerals(manifest: Manifest, results: readonly NodeResult[], selected: readonly string[]): string[] {
  // The ephemeral models are listed first (most projects have none, and then no result's parents
  // are looked up); a parent is then one set lookup, not a look into the whole node record.
  const ephemerals = new Set<string>();
  const ids = Object.keys(manifest.nodes);
  for (let i = 0; i < ids.length; i++) if (isEphemeralModel(manifest.nodes[ids[i]!]!)) ephemerals.add(ids[i]!);
  const found: string[] = [];
  if (ephemerals.size === 0) return found;
  const seen = new Set<string>();
  // Made on the first ephemeral parent met: a large project has many results.
  let chosen: ReadonlySet<string> | undefined;
  const visit = (node: { depends_on?: { nodes?: string[] } } | undefined): void => {
    for (const parent of node?.depends_on?.nodes ?? []) {
      if (!ephemerals.has(parent) || seen.has(parent)) continue;
      seen.add(parent);
      chosen ??= new Set(selected);
      if (!chosen.has(parent)) found.push(parent);
      visit(manifest.nodes[parent]);
    }
  };
  for (const r of results) if (r.compiled_code !== null && r.compiled_code !== undefined) visit(r.node as { depends_on?: { nodes?: string[] } });
  return found;
}

/** A model inlined as a CTE into the nodes that read it. */
export function isEphemeralModel(node: GraphNode): boolean {
  return node.resource_type === 'model' && (node as CompiledNode).config.materialized === 'ephemeral';
}
