// dbt's adapter methods that a snapshot materialization written as a macro calls: the hard-deletes
// behaviour its config asks for, and the check that an existing target is a snapshot table.
import { userError } from '../../core/diagnostic.js';
import { pyStr } from '../../templating/index.js';
import { isNone } from './py-args.js';
import type { Column } from './column.js';

// A config as templates hand it over: the context's `config` (a callable with get) or a plain dict.
function configValue(config: unknown, key: string): unknown {
  if (config === null || (typeof config !== 'object' && typeof config !== 'function')) return undefined;
  const getter = (config as { get?: unknown }).get;
  if (typeof getter === 'function') return (getter as (k: string) => unknown).call(config, key);
  return (config as Record<string, unknown>)[key];
}

/** dbt's get_hard_deletes_behavior: ignore, invalidate or new_record, from hard_deletes or the older invalidate_hard_deletes. */
export function hardDeletesBehavior(config: unknown): string {
  const invalidate = configValue(config, 'invalidate_hard_deletes');
  const hardDeletes = configValue(config, 'hard_deletes');
  if (!isNone(invalidate) && !isNone(hardDeletes)) {
    throw userError('validation-error', 'You cannot set both the invalidate_hard_deletes and hard_deletes config properties on the same snapshot.');
  }
  if (invalidate === true || hardDeletes === 'invalidate') return 'invalidate';
  if (hardDeletes === 'new_record') return 'new_record';
  if (isNone(hardDeletes) || hardDeletes === 'ignore') return 'ignore';
  throw userError('validation-error', 'Invalid setting for property hard_deletes.');
}

/**
 * dbt's valid_snapshot_target / assert_valid_snapshot_target_given_strategy: the target must have
 * the scd id and valid-from/valid-to columns (as snapshot_table_column_names names them), and
 * dbt_is_deleted as well when deletes are recorded as new rows.
 */
export function assertSnapshotColumns(columns: readonly Column[], columnNames: unknown, strategy?: unknown): void {
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  const wanted = ['dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to'];
  if (configValue(strategy, 'hard_deletes') === 'new_record') wanted.push('dbt_is_deleted');
  const missing = wanted.map((key) => {
    const given = configValue(columnNames, key);
    return isNone(given) ? key : pyStr(given);
  }).filter((name) => !names.has(name.toLowerCase()));
  if (missing.length > 0) throw userError('compiler-error', `Snapshot target is not a snapshot table (missing "${missing.join('", "')}")`);
}
