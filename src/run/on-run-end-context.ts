// What a project's on-run-end hooks are handed besides the usual context, as dbt builds it.
import type { CompiledNode, Manifest } from '../project/types.js';
import { tuple } from '../templating/index.js';
import { runResultForJinja } from './artifacts/index.js';
import type { HookResult } from './project-hooks.js';
import type { NodeResult } from './run-result.js';

/** Nodes that build a relation (dbt's `is_relational`): their schemas are the ones on-run-end hears of. */
const RELATIONAL = new Set(['model', 'seed', 'snapshot']);

/**
 * The on-run-start hooks that failed, as results of their operation nodes: dbt hands on-run-end
 * every result but those of the hooks that passed, so a failed hook comes first among them.
 */
function failedHooks(hooks: HookResult[], manifest: Manifest): NodeResult[] {
  return hooks.flatMap((h) => {
    const node = h.status === 'error' ? manifest.operations?.[h.unique_id] : undefined;
    if (!node) return [];
    const { unique_id, message, failures, thread_id, execution_time, adapter_response, compiled, compiled_code, relation_name } = h;
    const timing = h.timing as NodeResult['timing'];
    return [{ unique_id, status: 'error', message, failures, timing, thread_id, execution_time, adapter_response, compiled, compiled_code, relation_name, node }];
  });
}

/**
 * What dbt's on-run-end hooks see besides the usual context: the results (the failed on-run-start
 * hooks' first), and the schemas that models, seeds and snapshots were built in (not tests' audit
 * schemas, not failed or skipped nodes).
 */
export function onRunEndContext(startHooks: HookResult[], nodeResults: NodeResult[], manifest: Manifest): Record<string, unknown> {
  const results = [...failedHooks(startHooks, manifest), ...nodeResults];
  const schemas = new Map<string, [string, string]>();
  for (const r of results) {
    const n = r.node as Partial<CompiledNode>;
    if (!RELATIONAL.has(r.node.resource_type) || !n.schema) continue;
    if (r.status === 'error' || r.status === 'fail' || r.status === 'skipped') continue;
    schemas.set(`${n.database ?? ''}\u0000${n.schema}`, [n.database ?? '', n.schema]);
  }
  return {
    results: results.map(runResultForJinja),
    schemas: [...new Set([...schemas.values()].map(([, schema]) => schema))],
    // dbt hands (database, schema) tuples: a template printing one sees ('db', 'schema').
    database_schemas: [...schemas.values()].map((pair) => tuple(pair)),
  };
}
