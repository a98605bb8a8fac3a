// Seeds, snapshots and data tests each have one materialization of their own; dbt rejects a
// config that gives them another (from dbt_project.yml, a properties file or config()).
import { userError } from '../../core/diagnostic.js';
import type { CompiledNode } from '../types.js';

const OWN: Record<string, string> = { seed: 'seed', snapshot: 'snapshot', test: 'test' };

/** Throws when a seed, snapshot or data test is configured with a materialization not its own. */
export function checkOwnMaterialization(node: CompiledNode): void {
  const own = OWN[node.resource_type];
  // Only a materialization the project wrote (dbt_project.yml or properties) counts, not a default.
  const written = (node.unrendered_config as Record<string, unknown> | undefined)?.['materialized'];
  const materialized = node.config.materialized;
  if (own === undefined || written === undefined || materialized === undefined || materialized === null || materialized === own) return;
  throw userError(
    'config-invalid',
    `A ${node.resource_type} must have a materialized value of '${own}', got '${String(materialized)}'`,
    { file: node.origin.file },
    `Remove materialized from the ${node.resource_type}'s config (dbt_project.yml, its properties, or config()).`,
  );
}
