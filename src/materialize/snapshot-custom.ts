// dbt's custom snapshot strategies: `strategy='<name>'` (or `'<package>.<name>'`) runs the macro
// `snapshot_<name>_strategy(node, snapshotted_rel, current_rel, config, target_exists)`, which
// returns the SQL pieces of the strategy: unique_key, updated_at, row_changed and scd_id.
import { userError } from '../core/diagnostic.js';
import type { CompiledNode } from '../project/types.js';
import type { JinjaMaterializationHost } from './types.js';

/** The aliases the snapshot statements give the current snapshot row and the source row. */
export const SNAPSHOTTED_ALIAS = 'c';
export const CURRENT_ALIAS = 's';

/** What a strategy macro returned, as the snapshot statements use it. */
export interface CustomSnapshotStrategy {
  /** The strategy's unique_key: a column, an expression, or a list of them. */
  uniqueKey: unknown;
  /** The expression stamping new versions (dbt_updated_at, dbt_valid_from); the snapshot time when absent. */
  updatedAt?: string;
  /** True when source row `s` differs from current snapshot row `c`. */
  rowChanged: string;
  /** The dbt_scd_id expression over a new version's columns; the built-in hash when absent. */
  scdId?: string;
}

/** True when a snapshot's strategy is not one Reelhouse runs natively. */
export function isCustomSnapshotStrategy(strategy: unknown): strategy is string {
  return typeof strategy === 'string' && strategy !== '' && strategy !== 'timestamp' && strategy !== 'check';
}

/**
 * Calls the snapshot's strategy macro through the run layer's renderer and reads what it
 * returns. The macro must exist: in the named package for `'<package>.<name>'`, anywhere in
 * scope otherwise; dbt fails the snapshot with a compilation error when it does not.
 */
export function customSnapshotStrategy(node: CompiledNode, host: JinjaMaterializationHost | undefined, targetExists: boolean): CustomSnapshotStrategy {
  const raw = String(node.config['strategy']);
  const [pkg, name] = raw.includes('.') ? [raw.slice(0, raw.indexOf('.')), raw.slice(raw.indexOf('.') + 1)] : [undefined, raw];
  const macro = `snapshot_${name}_strategy`;
  const found = host && Object.values(host.macros).some((m) => m.name === macro && (pkg === undefined || m.package_name === pkg));
  if (!host || !found) {
    throw userError(
      'compiler-error',
      `The specified strategy macro '${name}' was not found in package '${pkg ?? 'None'}'`,
      { file: node.original_file_path },
      `Define a macro ${macro}(node, snapshotted_rel, current_rel, config, target_exists), or use strategy 'timestamp' or 'check'.`,
    );
  }
  const call = `${pkg === undefined ? '' : `${pkg}.`}${macro}`;
  const text = host.render(
    `{%- set _rh_strategy = ${call}(model, _rh_snapshotted, _rh_current, model['config'], _rh_target_exists) -%}{{ tojson(_rh_strategy) }}`,
    { _rh_snapshotted: SNAPSHOTTED_ALIAS, _rh_current: CURRENT_ALIAS, _rh_target_exists: targetExists },
  );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const fields = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const sql = (key: string) => (typeof fields[key] === 'string' && (fields[key] as string).trim() !== '' ? (fields[key] as string).trim() : undefined);
  const rowChanged = sql('row_changed');
  if (!rowChanged) {
    throw userError(
      'compiler-error',
      `Snapshot strategy macro ${macro} returned no row_changed expression (it returned: ${text.trim().slice(0, 200) || 'nothing'})`,
      { file: node.original_file_path },
      'The macro must return a dict with unique_key, updated_at, row_changed and scd_id, as dbt documents for custom snapshot strategies.',
    );
  }
  const strategy: CustomSnapshotStrategy = { uniqueKey: fields['unique_key'] ?? node.config['unique_key'], rowChanged };
  const updatedAt = sql('updated_at');
  if (updatedAt) strategy.updatedAt = updatedAt;
  const scdId = sql('scd_id');
  if (scdId) strategy.scdId = scdId;
  return strategy;
}
