// dbt refuses a project in which two resources would be built as the same relation
// (database.schema.alias): the second build would silently replace the first. A data test that
// stores its failures builds a relation too, so two such tests sharing an audit table are refused
// the same way (generated names collide when arguments differ only in punctuation: `a <= b`, `a = b`).
import { userError } from '../core/diagnostic.js';
import { recordValues } from '../graph/index.js';
import type { CompiledNode, Manifest } from '../project/types.js';

const BUILT_TYPES = new Set(['model', 'seed', 'snapshot']);

/** Whether a data test writes its failing rows to a table (dbt's `should_store_failures`). */
function storesFailures(node: CompiledNode, storeFailuresFlag: boolean): boolean {
  const as = node.config.store_failures_as;
  if (as === 'table' || as === 'view') return true;
  if (as === 'ephemeral') return false;
  // As the test materialization decides: an explicit store_failures wins over the flag.
  const configured = node.config.store_failures;
  return configured === undefined || configured === null ? storeFailuresFlag : configured === true;
}

/**
 * Throws dbt's AmbiguousAliasError when two enabled, non-ephemeral models/seeds/snapshots, or two
 * data tests that store their failures (config, or the --store-failures flag), share a relation.
 */
export function checkUniqueRelations(manifest: Manifest, storeFailuresFlag = false): void {
  const seen = new Map<string, CompiledNode>();
  for (const node of recordValues(manifest.nodes)) {
    if (node.config.enabled === false) continue;
    const built = BUILT_TYPES.has(node.resource_type) && node.config.materialized !== 'ephemeral';
    if (!built && !(node.resource_type === 'test' && storesFailures(node, storeFailuresFlag))) continue;
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
