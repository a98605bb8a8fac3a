import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import { stringList, uniqueKeyColumns } from './incremental-config.js';
import type { CustomSnapshotStrategy } from './snapshot-custom.js';

/** How a snapshot treats source rows that disappeared. */
export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

/** The names of a snapshot's meta columns (`snapshot_meta_column_names` renames them). */
export interface SnapshotColumns {
  scdId: string;
  updatedAt: string;
  validFrom: string;
  validTo: string;
  isDeleted: string;
}

/** A snapshot's configuration, validated. */
export interface SnapshotConfig {
  strategy: 'timestamp' | 'check' | 'custom';
  /** custom: the change test and dbt_scd_id expression its macro returned (snapshot-custom.ts). */
  rowChanged?: string;
  scdId?: string;
  uniqueKey: string[];
  /** timestamp: the column saying when a row last changed; check: optional, used for dbt_updated_at. */
  updatedAt?: string;
  /** check: the compared columns, or 'all'. */
  checkCols: string[] | 'all';
  hardDeletes: HardDeletes;
  /** SQL for dbt_valid_to of current rows (`dbt_valid_to_current`); NULL when unset. */
  validToCurrent?: string;
  columns: SnapshotColumns;
}

/**
 * Reads a snapshot node's config as dbt documents it, failing clearly on what is missing. A
 * custom strategy's macro output (`custom`) supplies its unique_key, updated_at and change test.
 */
export function snapshotConfig(node: CompiledNode, custom?: CustomSnapshotStrategy): SnapshotConfig {
  const c = node.config;
  const where = { file: node.original_file_path };
  const fail = (message: string) => userError('snapshot-config', `Snapshot ${node.name}: ${message}`, where);
  const strategy = custom ? 'custom' : c['strategy'];
  if (strategy !== 'timestamp' && strategy !== 'check' && strategy !== 'custom') {
    throw fail(`strategy must be 'timestamp', 'check' or the name of a snapshot strategy macro (got ${JSON.stringify(strategy ?? null)}).`);
  }
  const uniqueKey = uniqueKeyColumns(custom ? custom.uniqueKey : c['unique_key']);
  if (uniqueKey.length === 0) throw fail('unique_key is required (a column or a list of columns).');
  const configured = custom ? custom.updatedAt : c['updated_at'];
  const updatedAt = typeof configured === 'string' && configured !== '' ? configured : undefined;
  if (strategy === 'timestamp' && !updatedAt) throw fail("the 'timestamp' strategy needs updated_at, the column that says when a row last changed.");
  let checkCols: string[] | 'all' = [];
  if (strategy === 'check') {
    const raw = c['check_cols'];
    checkCols = raw === 'all' ? 'all' : stringList(raw);
    if (checkCols !== 'all' && checkCols.length === 0) throw fail("the 'check' strategy needs check_cols: a list of columns, or 'all'.");
  }
  let hardDeletes: HardDeletes = 'ignore';
  const raw = c['hard_deletes'];
  const legacy = c['invalidate_hard_deletes'];
  if (raw !== undefined && raw !== null && legacy !== undefined && legacy !== null) {
    // dbt's get_hard_deletes_behavior refuses the two together, even when they agree.
    throw userError('runtime-error', 'You cannot set both the invalidate_hard_deletes and hard_deletes config properties on the same snapshot.', where);
  }
  if (raw === 'ignore' || raw === 'invalidate' || raw === 'new_record') hardDeletes = raw;
  else if (raw !== undefined && raw !== null) throw fail(`hard_deletes must be 'ignore', 'invalidate' or 'new_record' (got ${JSON.stringify(raw)}).`);
  else if (legacy === true) hardDeletes = 'invalidate';
  const names = (c['snapshot_meta_column_names'] ?? {}) as Record<string, unknown>;
  const name = (key: string) => (typeof names[key] === 'string' && names[key] !== '' ? (names[key] as string) : key);
  const config: SnapshotConfig = {
    strategy,
    uniqueKey,
    checkCols,
    hardDeletes,
    columns: {
      scdId: name('dbt_scd_id'),
      updatedAt: name('dbt_updated_at'),
      validFrom: name('dbt_valid_from'),
      validTo: name('dbt_valid_to'),
      isDeleted: name('dbt_is_deleted'),
    },
  };
  if (updatedAt) config.updatedAt = updatedAt;
  if (custom) {
    config.rowChanged = custom.rowChanged;
    if (custom.scdId) config.scdId = custom.scdId;
  }
  const current = c['dbt_valid_to_current'];
  if (typeof current === 'string' && current.trim() !== '') config.validToCurrent = current;
  return config;
}
