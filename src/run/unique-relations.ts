// dbt refuses a project in which two resources would be built as the same relation
// (database.schema.alias): the second build would silently replace the first.
import { userError } from '../core/diagnostic.js';
import type { CompiledNode, Manifest } from '../project/types.js';

const BUILT_TYPES = new Set(['model', 'seed', 'snapshot']);

/** Throws dbt's AmbiguousAliasError when two enabled, non-ephemeral models/seeds/snapshots share a relation. */
export function checkUniqueRelations(manifest: Manifest): void {
  const seen = new Map<string, CompiledNode>();
  for (const node of Object.values(manifest.nodes)) {
    if (!BUILT_TYPES.has(node.resource_type) || node.config.enabled === false || node.config.materialized === 'ephemeral') continue;
    const relation = `${node.database}.${node.schema}.${node.alias}`;
    const first = seen.get(relation);
    if (!first) {
      seen.set(relation, node);
      continue;
    }
    throw userError(
      'duplicate-relation',
      `dbt found two resources with the database representation "${relation}".\ndbt cannot create two resources with identical database representations. ` +
        `To fix this,\nchange the configuration of one of these resources:\n- ${first.unique_id} (${first.original_file_path})\n- ${node.unique_id} (${node.original_file_path})`,
      { file: node.origin.file, line: node.origin.line },
      'Give one of them another alias (or schema).',
    );
  }
}
