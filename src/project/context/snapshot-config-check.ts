// dbt's parse-time rules for a snapshot's config (SnapshotConfig.final_validate in dbt 1.9+),
// checked once config() in the snapshot block has been read: a project that breaks them does
// not parse, so `parse` and `compile` fail with the snapshot's file and line, not `snapshot`.
import { userError } from '../../core/diagnostic.js';
import type { CompiledNode } from '../types.js';

/** Raises dbt's error for a snapshot without strategy or unique_key, or with the columns its strategy needs missing or wrong. */
export function checkSnapshotConfig(node: CompiledNode): void {
  if (node.resource_type !== 'snapshot' || node.config.enabled === false) return;
  const c = node.config as Record<string, unknown>;
  const fail = (message: string, hint: string): never => {
    throw userError('snapshot-config', `Snapshot config error in snapshot ${node.name} (${node.original_file_path}): ${message}`,
      { file: node.origin.file, line: node.origin.line }, hint);
  };
  // dbt 1.9 dropped target_schema from the required keys (the snapshot's schema config is used).
  if (!present(c['strategy']) || !present(c['unique_key'])) {
    fail("Snapshots must be configured with a 'strategy' and 'unique_key'.", "Set strategy ('timestamp' or 'check') and unique_key in config() or the snapshot's properties.");
  }
  const checkCols = c['check_cols'];
  if (c['strategy'] === 'check') {
    if (!present(checkCols)) fail('A snapshot configured with the check strategy must specify a check_cols configuration.', "Set check_cols to a list of columns, or 'all'.");
    if (typeof checkCols === 'string' && checkCols !== 'all') {
      fail(`Invalid value for 'check_cols': ${checkCols}. Expected 'all' or a list of strings.`, "Write check_cols: ['a', 'b'] or check_cols: 'all'.");
    }
  } else if (c['strategy'] === 'timestamp') {
    if (!present(c['updated_at'])) fail('A snapshot configured with the timestamp strategy must specify an updated_at configuration.', 'Set updated_at to the column that says when a row last changed.');
    if (present(checkCols)) fail("A 'timestamp' snapshot should not have 'check_cols'", "Remove check_cols, or use strategy='check'.");
  }
  // Any other strategy is a custom one (a snapshot_<name>_strategy macro), looked up when the snapshot runs.
}

// Python truthiness of a config value, as dbt's `not self.x` tests it.
function present(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
